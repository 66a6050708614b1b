"""The glossary: plain-language meanings of medical words, read from ``glossary.toml``.

One glossary per language: ``glossary.toml`` is the English one, ``glossary.<lang>.toml``
(``glossary.es.toml``) the one for articles in ``<lang>``.

Each ``[[term]]`` has a ``word`` (the headword), optional ``also`` (other forms found in
text, such as plurals) and a ``meaning``. Matching is case-insensitive on whole words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.articles import base_language

GLOSSARY_FILE = "glossary.toml"
GLOSSARY_LANGUAGE = "en"
"""The language of ``glossary.toml``; other languages have ``glossary.<lang>.toml``."""
_FILE_NAME = re.compile(r"glossary(?:\.([a-z]{2,3}))?\.toml")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    word: str
    meaning: str
    also: tuple[str, ...] = ()


@dataclass
class Glossary:
    """All terms, with one compiled pattern that finds any of their forms."""

    terms: dict[str, Term] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _forms: dict[str, str] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._forms = {}
        for term in self.terms.values():
            for form in (term.word, *term.also):
                self._forms.setdefault(form.casefold(), term.word)
        self._pattern = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """One pattern that finds any form of any term, compiled when first needed (some
        10 ms for a language's glossary: only the language on screen needs it)."""
        if self._pattern is None:
            alternatives = sorted(self._forms, key=len, reverse=True) or ["(?!x)x"]
            escaped = [re.escape(f) for f in alternatives] if self._forms else alternatives
            self._pattern = re.compile(
                r"(?<![\w-])(" + "|".join(escaped) + r")(?![\w-])", re.IGNORECASE
            )
        return self._pattern

    def headword(self, found: str) -> str | None:
        """The headword for a form found in text (any case), or None."""
        return self._forms.get(found.casefold())

    def lookup(self, word: str) -> Term | None:
        """The term for a headword or any of its forms."""
        head = self.headword(word)
        return self.terms.get(head) if head else None

    def used_in(self, text: str) -> list[Term]:
        """Terms that occur in ``text``, in order of first occurrence."""
        seen: dict[str, Term] = {}
        for m in self.pattern.finditer(text):
            head = self.headword(m.group(0))
            if head and head not in seen and head in self.terms:
                seen[head] = self.terms[head]
        return list(seen.values())


def glossary_path(folder: Path, language: str = GLOSSARY_LANGUAGE) -> Path:
    """The glossary file for articles in ``language`` (``es-419`` uses ``glossary.es.toml``)."""
    lang = base_language(language)
    name = GLOSSARY_FILE if lang == GLOSSARY_LANGUAGE else f"glossary.{lang}.toml"
    return folder / name


def glossary_files(folder: Path) -> dict[str, Path]:
    """The glossary files of a content folder, by language (``glossary.en.toml`` is not
    one: English uses ``glossary.toml``)."""
    try:
        names = sorted(p.name for p in folder.glob("glossary*.toml"))
    except OSError:
        return {}
    found = {}
    for name in names:
        if (m := _FILE_NAME.fullmatch(name)) and m.group(1) != GLOSSARY_LANGUAGE:
            found[m.group(1) or GLOSSARY_LANGUAGE] = folder / name
    return found


def load_glossary(folder: Path, language: str = GLOSSARY_LANGUAGE) -> Glossary:
    """Read the glossary for articles in ``language`` from a content folder
    (:func:`glossary_path`); a missing file is an empty glossary.

    Bad entries are skipped and described in ``problems``.
    """
    path = glossary_path(folder, language)
    if not path.is_file():
        return Glossary()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Glossary(problems=[f"{path.name}: cannot be used ({exc})"])
    terms: dict[str, Term] = {}
    taken: dict[str, str] = {}  # every form, casefolded -> its headword
    problems: list[str] = []
    entries = data.get("term", [])
    if not isinstance(entries, list):
        return Glossary(problems=[f"{path.name}: use [[term]] tables"])
    for n, entry in enumerate(entries, 1):
        word = entry.get("word") if isinstance(entry, dict) else None
        meaning = entry.get("meaning") if isinstance(entry, dict) else None
        also = entry.get("also", []) if isinstance(entry, dict) else []
        if not isinstance(word, str) or not normal_words(word):
            problems.append(f"{path.name}: term {n} has no word")
            continue
        word = normal_words(word)
        if not isinstance(meaning, str) or not meaning.strip():
            problems.append(f"{path.name}: term '{word}' has no meaning")
            continue
        if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
            problems.append(f"{path.name}: term '{word}': 'also' must be a list of words")
            also = []
        forms = tuple(normal_words(a) for a in also)
        if not all(forms):
            problems.append(f"{path.name}: term '{word}': an 'also' word is empty; remove it")
            forms = tuple(f for f in forms if f)
        clash = next((f for f in (word, *forms) if f.casefold() in taken), None)
        if clash is not None:
            problems.append(
                f"{path.name}: term '{word}': the word '{clash}' is already in the glossary "
                f"(term '{taken[clash.casefold()]}'); keep one"
            )
            continue
        for f in (word, *forms):
            taken[f.casefold()] = word
        terms[word] = Term(word, meaning.strip(), forms)
    return Glossary(terms=terms, problems=problems)


def normal_words(text: str) -> str:
    """Words as the pattern finds them in text: no leading, trailing or repeated spaces."""
    return " ".join(text.split())
