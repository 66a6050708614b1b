"""Articles: one markdown file each, with a metadata block, split into sections at ``##``.

An article may have translations: ``<id>.md`` is the article in its own ``language:``, and
``<id>.<lang>.md`` (``vertebroplasty.es.md``, ``language: es``) is its translation into
``<lang>``. All of them share the topic id ``<id>`` (the file stem without the language
suffix); links and ``related:`` name topics, whatever their language.

No Qt here. Reading the library only reads each file's metadata (cheap even for a thousand
files); the body is split into sections when an article is opened. A file that cannot be
used is reported as a :class:`Problem` with its name and the reason, and skipped.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
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
        "icon",
    }
)
_LANGUAGE_SUFFIX = re.compile(r"[A-Za-z]{2,3}")
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

    id: str  # the topic id: the file stem without a language suffix
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
    icon: str = ""  # a picture file in the content folder for the home tile, over the first
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
        """The topic id (file stem without a language suffix), used in links and on the
        command line."""
        return self.meta.id

    @property
    def title(self) -> str:
        """The article's title."""
        return self.meta.title


@dataclass(frozen=True)
class ArticleChoice:
    """The article shown for a topic in a language: its translation in that language, or
    (``fallback``) the topic's article in another language, with a note for the reader."""

    meta: ArticleMeta
    language: str  # the language asked for

    @property
    def fallback(self) -> bool:
        """True when the article is not in the language asked for."""
        return base_language(self.meta.language) != base_language(self.language)


def title_key(meta: ArticleMeta) -> tuple[str, str]:
    """Sort key for a list of topics: the title without accents and case ("Ácido" with "a")."""
    letters = unicodedata.normalize("NFD", meta.title.casefold())
    return "".join(c for c in letters if not unicodedata.combining(c)), meta.id


@dataclass
class Library:
    """Every usable article in a content folder, and what was wrong with the others.

    ``articles`` holds one article per topic, sorted by title: the topic's ``<id>.md``, or,
    for a topic that has none, its first translation. ``translations`` holds the topics'
    other articles (``<id>.<lang>.md``). :meth:`topic` and :meth:`topics` choose among both
    for a reader's language.
    """

    folder: Path
    articles: list[ArticleMeta] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    translations: list[ArticleMeta] = field(default_factory=list)

    def get(self, article_id: str, language: str = "") -> ArticleMeta | None:
        """The topic's article (its ``<id>.md``), or with ``language`` its article in exactly
        that language; None when there is none."""
        if language:
            return next(
                (
                    m
                    for m in self.all_articles()
                    if m.id == article_id and base_language(m.language) == base_language(language)
                ),
                None,
            )
        for meta in self.articles:
            if meta.id == article_id:
                return meta
        return None

    def ids(self) -> list[str]:
        """Ids of the topics with a usable article, in display order."""
        return [m.id for m in self.articles]

    def all_articles(self) -> list[ArticleMeta]:
        """Every usable article file: each topic's article, then the translations."""
        return [*self.articles, *self.translations]

    def languages(self) -> list[str]:
        """The languages (without region) that at least one article is written in."""
        return sorted({base_language(m.language) for m in self.all_articles()})

    def topic(self, article_id: str, language: str) -> ArticleChoice | None:
        """The topic in ``language``: its translation, or else its own article marked as a
        fallback; None when the topic does not exist."""
        meta = self.get(article_id, language) or self.get(article_id)
        return ArticleChoice(meta, language) if meta is not None else None

    def topics(self, language: str) -> list[ArticleChoice]:
        """Every topic, each in ``language`` where it has that translation (else a
        fallback), sorted by the title shown."""
        lang = base_language(language)
        wanted = {m.id: m for m in self.translations if base_language(m.language) == lang}
        chosen = (wanted.get(m.id, m) for m in self.articles)
        return sorted((ArticleChoice(m, language) for m in chosen), key=lambda c: title_key(c.meta))

    def remove(self, meta: ArticleMeta) -> None:
        """Take an article that cannot be shown out of the library. When it was a topic's
        own article, the topic's first translation takes its place."""
        if meta in self.translations:
            self.translations.remove(meta)
            return
        if meta not in self.articles:
            return
        self.articles.remove(meta)
        heir = next((m for m in self.translations if m.id == meta.id), None)
        if heir is not None:
            self.translations.remove(heir)
            self.articles.append(heir)
            self.articles.sort(key=title_key)


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


def base_language(tag: str) -> str:
    """The language of a tag without its region, in lower case: ``es`` for ``es-419``,
    ``es_MX`` or ``ES``."""
    return tag.strip().lower().replace("_", "-").split("-")[0]


def topic_and_language(path: Path) -> tuple[str, str]:
    """The topic id of an article file and the language its name gives ("" for none).

    ``vertebroplasty.es.md`` is ``("vertebroplasty", "es")``; ``vertebroplasty.md`` is
    ``("vertebroplasty", "")``. A last dotted part of 2 or 3 letters is a language code.
    """
    topic, dot, suffix = path.stem.rpartition(".")
    if dot and topic and _LANGUAGE_SUFFIX.fullmatch(suffix):
        return topic, suffix.lower()
    return path.stem, ""


def read_meta(path: Path) -> ArticleMeta:
    """Read one article's metadata; raise :class:`ContentError` when the file is unusable.

    A translation's ``language:`` must be the language in its file name.
    """
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
    topic, suffix = topic_and_language(path)
    if suffix and base_language(one("language")) != suffix:
        line = next(
            (n for n, t in enumerate(text.split("\n"), 1) if t.lower().startswith("language:")), 1
        )
        raise ContentError(
            f"the file name says this is the '{suffix}' translation of '{topic}', but the "
            f"metadata says 'language: {one('language')}'; change that line to "
            f"'language: {suffix}', or rename the file to "
            f"{topic}.{base_language(one('language'))}.md",
            line,
        )
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
        id=topic,
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
        icon=one("icon"),
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
