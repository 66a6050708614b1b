"""A content folder: its articles loaded and checked, as the kiosk and --check-content do (no Qt).

A file with errors (see :mod:`viewer.core.checks`) becomes a problem and is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from viewer.core.articles import ContentError, Library, Problem, read_meta
from viewer.core.checks import article_warnings, body_errors
from viewer.core.glossary import load_glossary

log = logging.getLogger(__name__)


def scan_folder(folder: Path) -> Library:
    """Read the metadata of every ``*.md`` file in ``folder`` (not recursive).

    Articles are sorted by title. Files with errors (see :mod:`viewer.core.checks`) become
    problems and are skipped.
    """
    library = Library(folder=folder)
    try:
        paths = sorted(p for p in folder.glob("*.md") if p.is_file() or p.is_symlink())
    except OSError as exc:
        library.problems.append(Problem(folder, f"the content folder cannot be read ({exc})"))
        return library
    if not folder.is_dir():
        library.problems.append(Problem(folder, "the content folder does not exist"))
        return library
    for path in paths:
        try:
            library.articles.append(read_meta(path))
        except ContentError as exc:
            library.problems.append(Problem(path, str(exc), exc.line))
    # The same checks as ``kiosk --check-content``: a file with errors is skipped.
    ids = set(library.ids())
    usable = []
    for meta in library.articles:
        errors = body_errors(meta, ids)
        library.problems.extend(errors)
        if not errors:
            usable.append(meta)
    library.articles = sorted(usable, key=lambda m: (m.title.casefold(), m.id))
    for p in library.problems:
        log.warning("Content problem: %s", p)
    return library


def check_folder(
    folder: Path, grade_target: float = 7.0, today: dt.date | None = None
) -> list[Problem]:
    """Every error and warning in a content folder, as ``--check-content`` reports them."""
    library = scan_folder(folder)
    problems = list(library.problems)
    for text in load_glossary(folder).problems:
        name, _, message = text.partition(": ")
        problems.append(Problem(folder / name, message))
    for meta in library.articles:
        problems += article_warnings(meta, grade_target, today)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.severity))
