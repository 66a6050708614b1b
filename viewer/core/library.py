"""A content folder: its articles loaded and checked, as the kiosk and --check-content do (no Qt).

A file with errors (see :mod:`viewer.core.checks`) becomes a problem and is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.articles import (
    ArticleMeta,
    ContentError,
    Library,
    Problem,
    open_article,
    read_meta,
)
from viewer.core.checks import (
    article_warnings,
    body_errors,
    copied_runs,
    plain_text_warnings,
    related_warnings,
    text_warnings,
)
from viewer.core.glossary import GLOSSARY_FILE, Glossary, load_glossary
from viewer.core.handout import Letterhead, build_handout
from viewer.core.overlap import DEFAULT_MIN_WORDS, SourceText
from viewer.core.render import TooDeep, make_renderer, section_html
from viewer.core.speech_text import section_utterances

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _NoLetterhead:
    hospital_name: str = "Hospital"
    location: str = ""
    phones: list[str] = field(default_factory=list)
    phone_labels: dict[str, dict[str, str]] = field(default_factory=dict)


NO_LETTERHEAD = _NoLetterhead()


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
    usable_ids = {m.id for m in usable}
    for meta in usable:
        library.problems.extend(related_warnings(meta, usable_ids))
    library.articles = sorted(usable, key=lambda m: (m.title.casefold(), m.id))
    for p in library.problems:
        log.warning("Content problem: %s", p)
    return library


def check_folder(
    folder: Path,
    grade_target: float = 7.0,
    today: dt.date | None = None,
    letterhead: Letterhead | None = None,
    sources: Sequence[SourceText] = (),
    min_words: int = DEFAULT_MIN_WORDS,
) -> list[Problem]:
    """Every error and warning in a content folder, as ``--check-content`` reports them.

    Each article that passes the cheap checks is also rendered the way the kiosk shows,
    reads and prints it (:func:`viewer.core.checks.render_errors`). With ``sources``, also
    every run of ``min_words`` words copied from one of those licensed texts.
    """
    library = scan_folder(folder)
    problems = list(library.problems)
    glossary = load_glossary(folder)
    for text in glossary.problems:
        name, _, message = text.partition(": ")
        problems.append(Problem(folder / name, message))
    ids = set(library.ids())
    glossary_file = folder / GLOSSARY_FILE
    for term in glossary.terms.values():
        for what, text in (("word", term.word), ("meaning", term.meaning)):
            problems += [
                Problem(glossary_file, message, 0, "warning")
                for message in plain_text_warnings(f"the {what} of term '{term.word}'", text)
            ]
    titles: dict[str, str] = {}
    for meta in library.articles:
        errors = render_errors(meta, ids, glossary, letterhead)
        problems += errors or article_warnings(meta, grade_target, today)
        problems += text_warnings(meta)
        first = titles.setdefault(meta.title.casefold(), meta.path.name)
        if first != meta.path.name:
            problems.append(
                Problem(
                    meta.path,
                    f"the title '{meta.title}' is also the title of {first}; patients cannot "
                    "tell the two apart: give each its own title",
                    1,
                    "warning",
                )
            )
    if sources:
        problems += copied_runs(folder, library.articles, sources, min_words)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.severity))


def render_errors(
    meta: ArticleMeta,
    article_ids: set[str],
    glossary: Glossary | None = None,
    letterhead: Letterhead | None = None,
) -> list[Problem]:
    """Render an article as the kiosk does and report what fails, never raising.

    Every section on screen (with glossary words), what read aloud says of it, and the
    handout; a failure is an error naming the section's line. The kiosk runs this before it
    first shows an article, so what fails here is never shown.
    """
    folder = meta.path.parent
    line = meta.body_line
    try:
        article = open_article(meta)
        screen = make_renderer(folder, article_ids, glossary)
        for section in article.sections:
            line = section.line
            section_utterances(section_html(section.title, screen(section.markdown)))
        line = meta.body_line
        build_handout(
            article, letterhead or NO_LETTERHEAD, make_renderer(folder, article_ids), glossary
        )
    except TooDeep as exc:
        return [Problem(meta.path, str(exc), line + exc.line)]
    except RecursionError:
        return [Problem(meta.path, "the text is nested too deeply to show; flatten it", line)]
    except Exception as exc:  # anything else: a plain report, never a traceback
        log.warning("Rendering %s failed", meta.path, exc_info=True)
        return [
            Problem(
                meta.path,
                f"the kiosk cannot show this part ({type(exc).__name__}: {exc}); simplify it",
                line,
            )
        ]
    return []
