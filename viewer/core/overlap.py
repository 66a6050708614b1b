"""Runs of words an article shares with a licensed source text (no Qt).

An editor who rewrites a licensed page in plain words must not keep its wording. This finds
every run of ``min_words`` or more words in a row that an article has in common with a
source text, ignoring upper and lower case and punctuation, so that ``kiosk --check-content
DIR --source FILE`` can name each one with its file, line and words.

Words are letters and digits; an apostrophe inside a word is dropped ("it's" is "its"), and
every other mark (hyphen, full stop, bullet, markdown syntax) separates words. A run may go
on across a line break or from one list item to the next, as a reader would see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MIN_WORDS = 8

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")


@dataclass(frozen=True)
class Word:
    """One word of a text, in lower case, with the line it is on (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class SourceText:
    """A licensed text to compare articles with."""

    name: str
    words: tuple[Word, ...]


@dataclass(frozen=True)
class SharedRun:
    """Words in a row that an article shares with a source text."""

    line: int  # line of the article where the run starts
    words: tuple[str, ...]
    source: str  # the source text's name
    source_line: int  # where the same words start in the source

    def __str__(self) -> str:
        return " ".join(self.words)


def words_of(text: str, first_line: int = 1) -> tuple[Word, ...]:
    """The words of ``text`` in order, each with its line number."""
    out: list[Word] = []
    for offset, line in enumerate(text.split("\n")):
        line = _APOSTROPHE.sub("", line.casefold())
        out.extend(Word(m.group(0), first_line + offset) for m in _WORD.finditer(line))
    return tuple(out)


def source_text(name: str, text: str) -> SourceText:
    """A source text ready to compare."""
    return SourceText(name, words_of(text))


def read_source(path: Path) -> SourceText:
    """Read a source text file (UTF-8; undecodable bytes are replaced).

    Raises OSError when the file cannot be read.
    """
    return source_text(path.name, path.read_bytes().decode("utf-8", errors="replace"))


def shared_runs(
    words: Sequence[Word], sources: Iterable[SourceText], min_words: int = DEFAULT_MIN_WORDS
) -> list[SharedRun]:
    """Every longest run of ``min_words`` or more words that ``words`` shares with a source.

    Overlapping matches are merged into one run, so a copied sentence of twelve words is
    reported once, not five times.
    """
    if min_words < 1:
        raise ValueError("min_words must be 1 or more")
    runs: list[SharedRun] = []
    keys = [w.text for w in words]
    for source in sources:
        # Where each run of min_words words starts in the source (the first place).
        starts: dict[tuple[str, ...], int] = {}
        src = [w.text for w in source.words]
        for i in range(len(src) - min_words + 1):
            starts.setdefault(tuple(src[i : i + min_words]), i)
        i = 0
        while i <= len(keys) - min_words:
            at = starts.get(tuple(keys[i : i + min_words]))
            if at is None:
                i += 1
                continue
            # Extend the run word by word while the source goes on the same way.
            end = i + min_words
            src_end = at + min_words
            while end < len(keys) and src_end < len(src) and keys[end] == src[src_end]:
                end += 1
                src_end += 1
            # A later window may continue the run elsewhere in the source: keep going.
            while end < len(keys):
                nxt = starts.get(tuple(keys[end - min_words + 1 : end + 1]))
                if nxt is None:
                    break
                end += 1
            runs.append(
                SharedRun(
                    line=words[i].line,
                    words=tuple(keys[i:end]),
                    source=source.name,
                    source_line=source.words[at].line,
                )
            )
            i = end
    return sorted(runs, key=lambda r: (r.line, r.source))


def describe(run: SharedRun) -> str:
    """The warning text for one run, for an editor."""
    return (
        f"{len(run.words)} words in a row are the same as in {run.source} "
        f'(line {run.source_line}): "{run}"; say it in your own words'
    )
