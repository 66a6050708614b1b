"""Articles: one markdown file each, with a metadata block, split into sections at ``##``.

No Qt here. Reading the library only reads each file's metadata (cheap even for a thousand
files); the body is split into sections when an article is opened. A file that cannot be
used is reported as a :class:`Problem` with its name and the reason, and skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.meta import MetaPreprocessor

from viewer.i18n import translator

MAX_FILE_BYTES = 1024 * 1024
REQUIRED_FIELDS = ("title", "language")
KNOWN_FIELDS = frozenset(
    {
        "title",
        "summary",
        "language",
        "last_reviewed",
        "updated",
        "reviewed_by",
        "reviewed_on",
        "source",
        "references",
        "related",
        "notice",
        "status",
        "order",
    }
)
_H2 = re.compile(r"^##(?!#)\s*(?P<title>.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a content file, for the log, staff and ``--check-content``."""

    path: Path
    message: str
    line: int = 0
    severity: str = "error"  # "error": the file is skipped; "warning": shown anyway

    def __str__(self) -> str:
        where = f"{self.path.name}:{self.line}" if self.line else self.path.name
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Section:
    """One screen's worth of an article: a heading and its markdown."""

    title: str
    markdown: str
    line: int  # line in the file where the section starts (1-based)


@dataclass(frozen=True)
class ArticleMeta:
    """What the home screen needs to know about an article, read without parsing the body."""

    id: str
    path: Path
    title: str
    summary: str = ""
    language: str = "en"
    last_reviewed: dt.date | None = None  # no longer used: see updated / reviewed_on
    updated: dt.date | None = None  # when the text was written or last changed
    reviewed_by: str = ""  # who checked it clinically (name and role)
    reviewed_on: dt.date | None = None  # when they checked it
    source: str = ""
    references: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    notice: str = ""
    status: str = ""
    body: str = field(default="", repr=False, compare=False)
    body_line: int = 1

    @property
    def reviewed(self) -> bool:
        """True only when the metadata names a clinical reviewer and the date of a review
        no older than the text (an update after the review has not been checked)."""
        if not self.reviewed_by or self.reviewed_on is None:
            return False
        return self.updated is None or self.updated <= self.reviewed_on


@dataclass(frozen=True)
class Article:
    """An opened article: metadata plus its sections."""

    meta: ArticleMeta
    sections: tuple[Section, ...]

    @property
    def id(self) -> str:
        """The file's stem, used in links and on the command line."""
        return self.meta.id

    @property
    def title(self) -> str:
        """The article's title."""
        return self.meta.title


@dataclass
class Library:
    """Every usable article in a content folder, and what was wrong with the others."""

    folder: Path
    articles: list[ArticleMeta] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, article_id: str) -> ArticleMeta | None:
        """The article with this id (file stem), or None."""
        for meta in self.articles:
            if meta.id == article_id:
                return meta
        return None

    def ids(self) -> list[str]:
        """Ids of the usable articles, in display order."""
        return [m.id for m in self.articles]


class ContentError(ValueError):
    """A content file cannot be used; the message says why."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def read_text(path: Path) -> str:
    """Read a content file as UTF-8, refusing ones that are too big or not text."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(
                f"the file is {size / 1024 / 1024:.1f} MB; articles may be at most 1 MB"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"the file cannot be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8", line
        ) from exc
    return text.removeprefix("\ufeff")


def parse_metadata(text: str) -> tuple[dict[str, list[str]], str, int]:
    """Split a file into its metadata block and body with python-markdown's Meta-Data parser.

    Returns (metadata, body, line number where the body starts).
    """
    holder = _MetaHolder()
    lines = text.split("\n")
    total = len(lines)
    body_lines = MetaPreprocessor(holder).run(lines)  # type: ignore[arg-type]
    return holder.Meta, "\n".join(body_lines), total - len(body_lines) + 1


class _MetaHolder:
    """Where python-markdown's Meta-Data preprocessor leaves what it read.

    Building a whole ``markdown.Markdown`` per file costs 0.2 ms, most of the time it takes
    to list a thousand articles; the preprocessor only needs somewhere to put ``Meta``.
    """

    Meta: dict[str, list[str]] = {}  # noqa: N815 - the name python-markdown uses


def read_meta(path: Path) -> ArticleMeta:
    """Read one article's metadata; raise :class:`ContentError` when the file is unusable."""
    text = read_text(path)
    meta, body, body_line = parse_metadata(text)
    if not meta:
        raise ContentError(
            "there is no metadata block; start the file with '---', 'title: ...', "
            "'language: ...' and '---'",
            1,
        )

    def one(key: str) -> str:
        return " ".join(meta.get(key, [])).strip()

    for key in REQUIRED_FIELDS:
        if not one(key):
            raise ContentError(f"the metadata has no {key}; add a line '{key}: ...'", 1)
    if not body.strip():
        raise ContentError("the article has no text after its metadata", body_line)

    def date(key: str) -> dt.date | None:
        if not one(key):
            return None
        try:
            return dt.date.fromisoformat(one(key))
        except ValueError as exc:
            raise ContentError(f"{key} '{one(key)}' is not a date like 2026-11-24", 1) from exc

    return ArticleMeta(
        id=path.stem,
        path=path,
        title=one("title"),
        summary=one("summary"),
        language=one("language"),
        last_reviewed=date("last_reviewed"),
        updated=date("updated"),
        reviewed_by=one("reviewed_by"),
        reviewed_on=date("reviewed_on"),
        source=one("source"),
        references=tuple(v for v in meta.get("references", []) if v),
        related=tuple(r for v in meta.get("related", []) for r in re.split(r"[,\s]+", v) if r),
        notice=one("notice"),
        status=one("status"),
        body=body,
        body_line=body_line,
    )


def split_sections(body: str, first_line: int, opening_title: str) -> tuple[Section, ...]:
    """Split a body at ``##`` headings (outside code fences).

    Text before the first ``##`` becomes an opening section called ``opening_title``;
    sections with no text at all are dropped.
    """
    sections: list[Section] = []
    title, start = opening_title, first_line
    buf: list[str] = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _H2.match(line)
        if m:
            if "".join(buf).strip() or sections or title != opening_title:
                sections.append(Section(title, "\n".join(buf).strip("\n"), start))
            title, start, buf = m.group("title") or "(untitled)", first_line + offset, []
        else:
            buf.append(line)
    sections.append(Section(title, "\n".join(buf).strip("\n"), start))
    return tuple(s for s in sections if s.markdown.strip() or s.title != opening_title)


def open_article(meta: ArticleMeta, opening_title: str | None = None) -> Article:
    """Split an article's body into sections. Text before the first ``##`` heading is a
    section titled ``opening_title``, by default "Overview" in the article's language."""
    if opening_title is None:
        # Translators: the title of an article's first part when it has no heading.
        opening_title = translator(meta.language)._("Overview")
    return Article(meta, split_sections(meta.body, meta.body_line, opening_title))
