"""Content checks shared by ``kiosk --check-content`` and the kiosk's own loading (no Qt).

Errors make the kiosk skip a file; warnings are advice for the editor. Every problem names
the file, the line and what to fix.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from viewer.core.articles import (
    ArticleMeta,
    ContentError,
    Problem,
    open_article,
    read_meta,
    topic_and_language,
)
from viewer.core.glossary import glossary_files
from viewer.core.images import image_problem
from viewer.core.overlap import DEFAULT_MIN_WORDS, SourceText, describe, shared_runs, words_of
from viewer.core.render import TooDeep, check_depth, resolve_inside
from viewer.core.review import review_warnings

if TYPE_CHECKING:
    from viewer.core.readability import Reading

MAX_SECTION_CHARS = 4000  # about two screens of body text at 100% on a 1920x1080 kiosk

_FENCED = re.compile(r"^(\s*)(```|~~~).*?^\1\2[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_RAW_HTML = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?/?>|<!--")
_INLINE_LINK = re.compile(
    r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(].*?[\"')])?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+)>")
_TAGS = re.compile(r"<[^>]+>")
_TERMINAL = re.compile(r"[.!?:;]\s*$")


@dataclass(frozen=True)
class SectionGrade:
    """Reading level of one section, in the formula of the article's language."""

    article: str
    section: str
    line: int
    reading: Reading
    words: int

    @property
    def score(self) -> float:
        """The figure as shown: a grade (English) or an ease score (Spanish), to 0.1."""
        return round(self.reading.score, 1)

    def describe(self) -> str:
        """'grade 3.6' or 'INFLESZ 71.2 (bastante fácil)'."""
        if self.reading.lower_is_easier:
            return f"grade {self.score:.1f}"
        from viewer.core.readability import inflesz_band

        return f"INFLESZ {self.score:.1f} ({inflesz_band(self.score)})"

    def advice(self) -> str:
        """The warning for a section that misses its target, worded for its formula."""
        if self.reading.lower_is_easier:
            return (
                f"section '{self.section}' reads at grade {self.score:.1f} (Flesch-Kincaid), "
                f"above the target {self.reading.target:g}; use shorter sentences and words"
            )
        return (
            f"section '{self.section}' scores {self.describe()}, below the target "
            f"{self.reading.target:g}; use shorter sentences and everyday words"
        )


def _blank_code(text: str) -> str:
    """Replace code blocks and code spans with spaces, keeping line numbers."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    if "```" in text or "~~~" in text:
        text = _FENCED.sub(blank, text)
    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    return text


def body_errors(meta: ArticleMeta, article_ids: set[str]) -> list[Problem]:
    """Errors in an article's body and links: nesting too deep for the renderer, raw HTML,
    links and images that leave the folder or lead nowhere. Cheap: no markdown parse."""
    problems: list[Problem] = []
    folder = meta.path.parent
    try:
        check_depth(meta.body)
    except TooDeep as exc:
        problems.append(Problem(meta.path, str(exc), meta.body_line + exc.line))
    text = _blank_code(meta.body)

    def line_of(pos: int) -> int:
        return meta.body_line + text.count("\n", 0, pos)

    html_lines: set[int] = set()
    for m in _RAW_HTML.finditer(text) if "<" in text else ():
        line = line_of(m.start())
        if line not in html_lines:  # one report per line, for the first tag on it
            html_lines.add(line)
            problems.append(
                Problem(
                    meta.path,
                    f"raw HTML '{m.group(0)[:40]}' is not allowed; write it in markdown instead",
                    line,
                )
            )
    links: list[tuple[int, str, bool]] = []
    if "](" in text:  # cheap test first: most articles have no links at all
        links += [(m.start(), m.group(2), m.group(1) == "!") for m in _INLINE_LINK.finditer(text)]
    if "]:" in text:
        links += [(m.start(), m.group(1), False) for m in _REF_DEF.finditer(text)]
    if "<" in text:
        links += [(m.start(), m.group(1), False) for m in _AUTOLINK.finditer(text)]
    if meta.icon:
        problems.extend(icon_errors(meta))
    for pos, target, is_image in sorted(links):
        what = "picture" if is_image else "link"
        if not target or (target.startswith("#") and not is_image):
            continue
        resolved = resolve_inside(folder, target)
        if resolved is None:
            problems.append(
                Problem(
                    meta.path,
                    f"the {what} '{target}' points outside the "
                    "content folder; the kiosk cannot open it. "
                    "Remove it or copy the file into the folder",
                    line_of(pos),
                )
            )
        elif not resolved.exists():
            problems.append(
                Problem(
                    meta.path,
                    f"the {what} '{target}' does not exist in the content folder",
                    line_of(pos),
                )
            )
        elif is_image and (why := image_problem(resolved)) is not None:
            problems.append(
                Problem(
                    meta.path,
                    f"the picture '{target}' cannot be shown: {why}",
                    line_of(pos),
                )
            )
        elif (
            not is_image
            and resolved.suffix == ".md"
            and topic_and_language(resolved)[0] not in article_ids
        ):
            problems.append(
                Problem(
                    meta.path,
                    f"the link '{target}' leads to an article the kiosk cannot show",
                    line_of(pos),
                )
            )
    return problems


def icon_errors(meta: ArticleMeta) -> list[Problem]:
    """The ``icon:`` must be a picture in the content folder that the kiosk can show."""
    line = metadata_line(metadata_head(meta), "icon")
    resolved = resolve_inside(meta.path.parent, meta.icon)
    if resolved is None:
        why = "points outside the content folder; copy the picture into the folder"
    elif not resolved.is_file():
        why = "does not exist in the content folder"
    elif (problem := image_problem(resolved)) is not None:
        why = f"cannot be shown: {problem}"
    else:
        return []
    return [Problem(meta.path, f"the icon '{meta.icon}' {why}", line)]


def related_warnings(meta: ArticleMeta, article_ids: set[str]) -> list[Problem]:
    """Related articles that do not exist: the article shows without those links."""
    return [
        Problem(
            meta.path,
            f"related article '{rel}' does not exist, so the link to it is left out; "
            "use the file name without .md",
            1,
            "warning",
        )
        for rel in meta.related
        if rel not in article_ids
    ]


def plain_text(rendered_html: str) -> str:
    """Readable text from rendered HTML; list items end as sentences."""
    text = re.sub(r"</(li|p|h[1-6])>", lambda m: "\u0000", rendered_html)
    parts = [html.unescape(_TAGS.sub(" ", p)).strip() for p in text.split("\u0000")]
    out = []
    for p in parts:
        p = " ".join(p.split())
        if p:
            out.append(p if _TERMINAL.search(p) else p + ".")
    return " ".join(out)


def section_grades(meta: ArticleMeta, grade_target: float | None = None) -> list[SectionGrade]:
    """Reading level and word count of every section of an article, in its language's
    formula (:func:`viewer.core.readability.reading_level`): Flesch-Kincaid against
    ``grade_target`` for English, INFLESZ for Spanish."""
    from viewer.core.readability import reading_level  # editors' checks only
    from viewer.core.render import make_renderer

    render = make_renderer(meta.path.parent)
    grades = []
    for section in open_article(meta).sections:
        text = plain_text(render(section.markdown))
        level = reading_level(text, meta.language, grade_target)
        grades.append(SectionGrade(meta.id, section.title, section.line, level, len(text.split())))
    return grades


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_HTML_LIKE = re.compile(r"</?[A-Za-z][^<>]*>|<!--|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_NO_ALT = re.compile(r"!\[\s*\]\(\s*<?([^)\s>]*)")
SHOWN_FIELDS = ("title", "summary", "notice", "source", "status", "references")


def plain_text_warnings(what: str, text: str) -> list[str]:
    """What is wrong with text that the kiosk shows as typed: HTML and direction controls.

    ``what`` names the text ("the title"); each result is a sentence for the editor.
    """
    found = []
    if m := _HTML_LIKE.search(text):
        found.append(
            f"{what} contains HTML '{m.group(0)[:40]}'; the kiosk shows it as typed, "
            "never as formatting: remove it"
        )
    if m := _BIDI_CONTROLS.search(text):
        found.append(
            f"{what} contains an invisible text-direction control (U+{ord(m.group(0)):04X}) "
            "that can make words show in the wrong order: remove it"
        )
    return found


def metadata_head(meta: ArticleMeta) -> list[str]:
    """The lines of an article's file up to its body: the metadata block."""
    return meta.path.read_text(encoding="utf-8", errors="replace").split("\n")[: meta.body_line]


def metadata_line(head: list[str], key: str) -> int:
    """The line of ``key:`` in the metadata block ``head`` (1 when it is not there)."""
    return next((n for n, t in enumerate(head, 1) if t.lower().startswith(key + ":")), 1)


def text_warnings(meta: ArticleMeta) -> list[Problem]:
    """HTML and direction controls in the metadata the kiosk shows, and direction controls
    in the body (raw HTML in the body is already an error)."""
    problems = []
    head = metadata_head(meta)
    for key in SHOWN_FIELDS:
        value = getattr(meta, key)
        text = " ".join(value) if isinstance(value, tuple) else value
        line = metadata_line(head, key)
        problems += [
            Problem(meta.path, message, line, "warning")
            for message in plain_text_warnings(f"the {key}", text)
        ]
    for n, body_line in enumerate(_blank_code(meta.body).split("\n")):
        for m in _NO_ALT.finditer(body_line):
            problems.append(
                Problem(
                    meta.path,
                    f"the picture '{m.group(1)[:60]}' has no alt text; describe it between the "
                    "brackets: patients who cannot see it hear or read that instead",
                    meta.body_line + n,
                    "warning",
                )
            )
        if _BIDI_CONTROLS.search(body_line):
            problems += [
                Problem(meta.path, message, meta.body_line + n, "warning")
                for message in plain_text_warnings("this line", body_line)
            ]
    return problems


def article_warnings(
    meta: ArticleMeta, grade_target: float, today: dt.date | None = None
) -> list[Problem]:
    """Advice for the editor: reading level (``grade_target`` is the highest Flesch-Kincaid
    grade for English; Spanish has INFLESZ's target), section length, review date."""
    today = today or dt.date.today()
    problems = [
        Problem(meta.path, g.advice(), g.line, "warning")
        for g in section_grades(meta, grade_target)
        if not g.reading.meets_target
    ]
    for section in open_article(meta).sections:
        if len(section.markdown) > MAX_SECTION_CHARS:
            problems.append(
                Problem(
                    meta.path,
                    f"section '{section.title}' is {len(section.markdown)} characters, "
                    f"more than about two screens; split it with a '##' heading",
                    section.line,
                    "warning",
                )
            )
    problems += [
        Problem(meta.path, message, 1, "warning") for message in review_warnings(meta, today)
    ]
    return problems


def copied_runs(
    folder: Path,
    articles: Sequence[ArticleMeta],
    sources: Sequence[SourceText],
    min_words: int = DEFAULT_MIN_WORDS,
) -> list[Problem]:
    """A warning for every run of ``min_words`` words an article's text or the glossary
    shares with a licensed source text. The metadata block is not compared: its ``source``
    and ``references`` name the source on purpose."""
    texts = [(m.path, words_of(m.body, m.body_line)) for m in articles]
    for glossary in glossary_files(folder).values():
        texts.append((glossary, words_of(glossary.read_text("utf-8", errors="replace"))))
    return [
        Problem(path, describe(run), run.line, "warning")
        for path, words in texts
        for run in shared_runs(words, sources, min_words)
    ]


__all__ = [
    "ContentError",
    "body_errors",
    "copied_runs",
    "read_meta",
    "related_warnings",
    "section_grades",
]
