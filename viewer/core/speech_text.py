"""What read aloud says: a section's text as a list of sentences to speak (no Qt).

The reading pane shows each section as HTML (:func:`viewer.core.render.section_html`). This
module turns that HTML into the blocks the pane shows (headings, paragraphs, list items, in
order, with white space collapsed as a browser does) and each block into utterances: one
sentence each, cleaned of what should never be spoken (URLs, bullet characters, stray
markdown or HTML syntax). Headings and list items are utterances of their own followed by a
short pause.

Every utterance keeps the exact words it came from (``source``), so the screen can find and
highlight it in its document's plain text with :func:`locate`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from viewer.core.speech_es import spoken as spoken_spanish

PICTURE_PREFIX = "Picture: "
OBJECT_CHAR = "\ufffc"  # where a picture is in a QTextDocument's plain text
HEADING_PAUSE_MS = 450
ITEM_PAUSE_MS = 300

_BLOCK_TAGS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "dt",
        "dd",
        "tr",
        "table",
        "hr",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title"})
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st jr sr vs etc al approx no fig e.g i.e prof dept ave inc ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Spanish: no "no" (a word), nor months that are words ("mar", "may").
_SPANISH_ABBREVIATIONS = frozenset(
    "sr sra srta sres sras dr dra dres dras lic ing prof profa ud uds vd vds cap caps núm "
    "nro pág págs ej etc aprox tel fig vol art máx mín dpto depto av avda hosp ee uu "
    "ene abr ago sept dic".split()
)


def abbreviations(language: str = "en") -> frozenset[str]:
    """The words whose full stop does not end a sentence in ``language`` (lower case)."""
    return _SPANISH_ABBREVIATIONS if language.lower()[:2] == "es" else _ABBREVIATIONS


_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_TAG_LIKE = re.compile(r"</?[A-Za-z][^<>]*>")
_MARKUP = re.compile(r"\*\*|__|`+|~~|!\[|\]\([^)]*\)|^#+\s*|^\s*>\s*", re.MULTILINE)
_BULLETS = re.compile(r"^\s*(?:[-*+•◦▪▫‣⁃●○■□–—]|\d+[.)])\s+")
_STRAY = re.compile(r"[\[\]{}|<>#*_^~\\•◦▪▫‣⁃●○■□]")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
_SPACES = re.compile(r"\s+")
# Numbers a patient dials are read digit by digit, in their groups: "314-434-1500" is
# "3 1 4, 4 3 4, 1 5 0 0", and 911 is "9 1 1", never "nine hundred eleven" (the engines say
# a run of digits as one number in every language).
_PHONE = re.compile(
    r"(?<![\d\w-])(?:\+?(1)[-. ])?\(?(\d{3})\)?[-. ](\d{3})[-. ](\d{4})(?![\d-])"
    r"|(?<![\d\w$.,-])(911)(?![\d\w-]|[.,]\d)"
)


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or list item as the reading pane shows it."""

    kind: str  # "heading", "item", "picture" or "text"
    text: str


@dataclass(frozen=True)
class Utterance:
    """One thing to say: a sentence, a heading or a list item's sentence.

    Attributes:
        text: what the speech engine is given (cleaned, never empty).
        source: the words exactly as they appear on screen, for highlighting.
        block: index of the block it comes from.
        start: offset of ``source`` inside its block's text.
        pause_ms: silence to leave after it (headings and list items).
        kind: the block's kind.
    """

    text: str
    source: str
    block: int
    start: int
    pause_ms: int = 0
    kind: str = "text"

    @property
    def end(self) -> int:
        """Offset just after ``source`` inside its block's text."""
        return self.start + len(self.source)


class _BlockParser(HTMLParser):
    """Collect block texts the way a rich-text view lays them out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._kinds: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._parts).replace("\xa0", " ")).strip()
        self._parts = []
        if text:
            kind = self._kinds[-1] if self._kinds else "text"
            self.blocks.append(Block(kind, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "br":
            self._parts.append(" ")
        elif tag == "img" and not self._skip:
            # A picture is said as "Picture: " and what it shows, on its own.
            self._flush()
            alt = _SPACES.sub(" ", dict(attrs).get("alt") or "").strip()
            if alt:
                self.blocks.append(Block("picture", f"{PICTURE_PREFIX}{alt}"))
        elif tag in _BLOCK_TAGS:
            self._flush()
            kind = "heading" if tag in _HEADINGS else "item" if tag == "li" else None
            self._kinds.append(kind or (self._kinds[-1] if self._kinds else "text"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            if self._kinds:
                self._kinds.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def blocks_from_html(html_text: str) -> list[Block]:
    """The blocks of a section's HTML, in reading order, white space collapsed."""
    parser = _BlockParser()
    parser.feed(html_text)
    parser.close()
    return parser.blocks


def speakable(text: str) -> str:
    """``text`` without URLs, bullet characters or markdown/HTML syntax; '' if nothing is left."""
    text = _URL.sub(" ", text)
    text = _TAG_LIKE.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    text = _BULLETS.sub("", text)
    text = _STRAY.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    # Nothing to say if no letter or digit is left (e.g. a line of dashes).
    return text if any(c.isalnum() for c in text) else ""


def dialled(text: str) -> str:
    """``text`` with phone numbers and 911 written as digits to be said one by one."""

    def digits(m: re.Match[str]) -> str:
        return ", ".join(" ".join(group) for group in m.groups() if group)

    return _PHONE.sub(digits, text)


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in ``text``, white space excluded.

    A full stop after an abbreviation of the language ("Dr.", "Sra.", "p. ej."), an initial
    or inside a number does not end a sentence, nor does one followed by a lower-case word.
    """
    known = abbreviations(language)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if not _is_sentence_end(text, m.start(), end, known):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _is_sentence_end(text: str, dot: int, end: int, known: frozenset[str]) -> bool:
    """False for the dot of an abbreviation, an initial or a decimal number."""
    rest = text[end:].lstrip()
    if rest and rest[0].islower():
        return False
    if rest[:1] in ("¿", "¡"):  # opens a Spanish question or exclamation: "a las 8 a. m. ¿Y?"
        return True
    if text[dot] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[:dot])
    if word is None:
        return True
    w = word.group(1).lower()
    if w in known:
        return False
    # A single letter ("J. Smith"), or dotted initials ("A.D.A.M.").
    return not (len(w) == 1 and w.isalpha() or re.fullmatch(r"(?:\w\.)+\w", w))


def utterances(blocks: Iterable[Block], language: str = "en") -> list[Utterance]:
    """Split blocks into utterances; headings and list items end with a pause.

    In Spanish, abbreviations, units and symbols are written out for the engine
    (:func:`viewer.core.speech_es.spoken`); ``source`` keeps the words as shown.
    """
    spanish = language.lower()[:2] == "es"
    out: list[Utterance] = []
    for b, block in enumerate(blocks):
        spans = (
            [(0, len(block.text))]
            if block.kind in ("heading", "picture")
            else split_sentences(block.text, language)
        )
        said: list[Utterance] = []
        for s, e in spans:
            text = dialled(speakable(block.text[s:e]))
            if text and spanish and block.kind == "picture":
                text = "Imagen: " + text.removeprefix(PICTURE_PREFIX.strip()).lstrip(": ")
            if text and spanish:
                text = spoken_spanish(text)
            if text:
                said.append(
                    Utterance(text=text, source=block.text[s:e], block=b, start=s, kind=block.kind)
                )
        # A pause after headings, list items and heading-like lines ("The first day").
        untidy = block.kind == "text" and not block.text.rstrip("\"')”’").endswith(
            (".", "!", "?", ":", "…")
        )
        if said and (block.kind in ("heading", "item", "picture") or untidy):
            pause = ITEM_PAUSE_MS if block.kind == "item" else HEADING_PAUSE_MS
            last = said[-1]
            said[-1] = Utterance(last.text, last.source, last.block, last.start, pause, last.kind)
        out.extend(said)
    return out


def section_utterances(page_html: str, language: str = "en") -> list[Utterance]:
    """Everything read aloud for one section's page HTML, in order."""
    return utterances(blocks_from_html(page_html), language)


def locate(plain_text: str, items: Sequence[Utterance]) -> list[tuple[int, int] | None]:
    """Where each utterance's words are in a document's plain text, in order.

    ``plain_text`` is what the reading pane's document holds (blocks joined by newlines).
    Each utterance is searched for after the previous one, so repeated sentences are found
    in the right place. None when the words are not there (nothing is highlighted then).
    """
    text = plain_text.replace("\xa0", " ").replace("\u2029", "\n")
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for item in items:
        # A picture is one object-replacement character in a document's text.
        needle = OBJECT_CHAR if item.kind == "picture" else item.source
        found = text.find(needle, pos)
        if found < 0:
            spans.append(None)
            continue
        spans.append((found, found + len(needle)))
        pos = found + len(needle)
    return spans
