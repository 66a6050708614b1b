"""A content folder: its articles loaded and checked, as the kiosk and --check-content do (no Qt).

A file with errors (see :mod:`viewer.core.checks`) becomes a problem and is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from viewer.core.articles import (
    ArticleMeta,
    ContentError,
    Library,
    Problem,
    base_language,
    open_article,
    read_meta,
    title_key,
    topic_and_language,
)
from viewer.core.check_cache import CheckCache
from viewer.core.checks import (
    article_warnings,
    body_errors,
    copied_runs,
    plain_text_warnings,
    related_warnings,
    text_warnings,
)
from viewer.core.glossary import (
    GLOSSARY_FILE,
    Glossary,
    glossary_files,
    glossary_path,
    load_glossary,
)
from viewer.core.overlap import DEFAULT_MIN_WORDS, SourceText
from viewer.core.render import TooDeep, make_renderer, section_html

if TYPE_CHECKING:
    from viewer.core.handout import Letterhead

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _NoLetterhead:
    hospital_name: str = "Hospital"
    location: str = ""
    phones: list[str] = field(default_factory=list)
    phone_labels: dict[str, dict[str, str]] = field(default_factory=dict)


NO_LETTERHEAD = _NoLetterhead()


def scan_folder(folder: Path, known: CheckCache | None = None) -> Library:
    """Read the metadata of every ``*.md`` file in ``folder`` (not recursive).

    Each topic's article (``<id>.md``, or its first translation when it has none) goes to
    ``articles``, sorted by title; the other translations (``<id>.<lang>.md``) go to
    ``translations``. Files with errors (see :mod:`viewer.core.checks`) become problems and
    are skipped. With ``known``, the checks'
    results are taken from it when it has them for the folder as it is now, and put in it
    when it has not.
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
    found: list[ArticleMeta] = []
    for path in paths:
        try:
            found.append(read_meta(path))
        except ContentError as exc:
            library.problems.append(Problem(path, str(exc), exc.line))
    found = _one_per_language(found, library.problems)
    if known is not None and known.problems is not None:
        library.problems.extend(known.problems)
        usable = [m for m in found if str(m.path) not in known.skipped]
    else:
        usable, problems = check_articles(found)
        library.problems.extend(problems)
        if known is not None:
            kept = {m.path for m in usable}
            known.remember_scan(problems, {str(m.path) for m in found if m.path not in kept})
    # A topic's own file (no language suffix) sorts first, then its translations by language.
    seen: set[str] = set()
    for meta in sorted(usable, key=lambda m: (m.id, bool(topic_and_language(m.path)[1]), m.path)):
        (library.translations if meta.id in seen else library.articles).append(meta)
        seen.add(meta.id)
    library.articles.sort(key=title_key)
    for p in library.problems:
        log.warning("Content problem: %s", p)
    return library


def _one_per_language(found: list[ArticleMeta], problems: list[Problem]) -> list[ArticleMeta]:
    """Keep one article per topic and language: ``<id>.md`` in language L makes
    ``<id>.L.md`` a second article for the same reader, reported and skipped."""
    first: dict[tuple[str, str], ArticleMeta] = {}
    for meta in sorted(found, key=lambda m: bool(topic_and_language(m.path)[1])):
        key = (meta.id, base_language(meta.language))
        if key in first:
            problems.append(
                Problem(
                    meta.path,
                    f"{first[key].path.name} is already the '{key[1]}' article of topic "
                    f"'{meta.id}' (its language: line says so); keep one of the two files",
                    1,
                )
            )
        else:
            first[key] = meta
    return [m for m in found if first.get((m.id, base_language(m.language))) is m]


def check_articles(articles: list[ArticleMeta]) -> tuple[list[ArticleMeta], list[Problem]]:
    """The same checks as ``kiosk --check-content``: the articles without errors, and every
    problem found (a file with errors is skipped)."""
    ids = {m.id for m in articles}
    usable, problems = [], []
    for meta in articles:
        errors = body_errors(meta, ids)
        problems.extend(errors)
        if not errors:
            usable.append(meta)
    usable_ids = {m.id for m in usable}
    for meta in usable:
        problems.extend(related_warnings(meta, usable_ids))
    return usable, problems


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
    languages = sorted({*glossary_files(folder), *library.languages()})
    glossaries = {lang: load_glossary(folder, lang) for lang in languages}
    for lang, glossary in glossaries.items():
        problems += glossary_problems(glossary, glossary_path(folder, lang))
    read = set(glossary_files(folder).values())
    problems += [
        Problem(
            path,
            f"the kiosk does not read this file: English articles use {GLOSSARY_FILE}, "
            "articles in another language glossary.<language>.toml (glossary.es.toml); "
            "rename it",
            0,
            "warning",
        )
        for path in sorted(folder.glob("glossary*.toml"))
        if path not in read
    ]
    ids = set(library.ids())
    titles: dict[tuple[str, str], str] = {}
    for meta in library.all_articles():
        language = base_language(meta.language)
        errors = render_errors(meta, ids, glossaries[language], letterhead)
        problems += errors or article_warnings(meta, grade_target, today)
        problems += text_warnings(meta)
        first = titles.setdefault((language, meta.title.casefold()), meta.path.name)
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
        problems += copied_runs(folder, library.all_articles(), sources, min_words)
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.severity))


def glossary_problems(glossary: Glossary, path: Path) -> list[Problem]:
    """A glossary's unusable entries (errors) and the HTML or direction controls in its
    words and meanings (warnings)."""
    problems = []
    for text in glossary.problems:
        name, _, message = text.partition(": ")
        problems.append(Problem(path.parent / name, message))
    for term in glossary.terms.values():
        for what, text in (("word", term.word), ("meaning", term.meaning)):
            problems += [
                Problem(path, message, 0, "warning")
                for message in plain_text_warnings(f"the {what} of term '{term.word}'", text)
            ]
    return problems


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
    # Imported here: the kiosk needs them only after its first screen (about 10 ms).
    from viewer.core import speech_text
    from viewer.core.handout import build_handout

    folder = meta.path.parent
    line = meta.body_line
    try:
        article = open_article(meta)
        screen = make_renderer(folder, article_ids, glossary)
        for section in article.sections:
            line = section.line
            page = section_html(section.title, screen(section.markdown))
            speech_text.section_utterances(page, meta.language)
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
