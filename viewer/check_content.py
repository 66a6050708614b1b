"""``kiosk --check-content [DIR]``: every content problem as file:line: severity: what to fix."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from viewer import config


def main(args: argparse.Namespace) -> int:
    """``--check-content``: every problem as file:line: severity: what to fix."""
    from viewer.core.checks import section_grades
    from viewer.core.library import check_folder, scan_folder
    from viewer.core.overlap import read_source
    from viewer.core.readability import SPANISH_EASE_TARGET

    logging.basicConfig(level=logging.ERROR)
    cfg = config.load_for(args.config)
    if args.check_content:
        args.content = Path(args.check_content)
    folder = config.content_folder(cfg, args.content)
    try:
        sources = [read_source(path) for path in args.source]
    except OSError as exc:
        sys.stderr.write(f"kiosk: the source text {exc.filename} cannot be read ({exc.strerror})\n")
        return 2
    if args.min_words < 1:
        sys.stderr.write("kiosk: --min-words must be 1 or more\n")
        return 2
    problems = check_folder(
        folder,
        cfg.content.reading_grade_target,
        letterhead=cfg.branding,
        sources=sources,
        min_words=args.min_words,
    )
    out = sys.stdout
    for problem in problems:
        where = problem.path.name + (f":{problem.line}" if problem.line else "")
        out.write(f"{folder / where}: {problem.severity}: {problem.message}\n")
    rejected = {p.path for p in problems if p.severity == "error"}
    usable = [m for m in scan_folder(folder).all_articles() if m.path not in rejected]
    usable.sort(key=lambda m: m.path.name)
    target = cfg.content.reading_grade_target
    out.write(
        f"\nReading level (English: Flesch-Kincaid grade, target {target:g} or lower; "
        f"Spanish: INFLESZ, target {SPANISH_EASE_TARGET:g} or higher):\n"
    )
    for meta in usable:
        for g in section_grades(meta, target):
            out.write(f"  {meta.path.stem}: {g.section}: {g.describe()}, {g.words} words\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    out.write(
        f"\n{folder}: {len(usable)} article(s) usable, {errors} error(s), {warnings} warning(s)\n"
    )
    return 1 if errors else 0
