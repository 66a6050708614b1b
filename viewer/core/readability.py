"""Reading level of a text, per language (no Qt).

English: the Flesch-Kincaid grade (Kincaid et al. 1975), the school grade a reader needs.
Spanish: the Szigriszt-Pazos "perspicuity" index (1993) on the INFLESZ scale
(Barrio-Cantalejo et al. 2008, built for Spanish health texts), and the older
Fernández-Huerta ease (1959) for comparison; both run from 0 (very hard) to 100 (very easy).

Counting follows textstat 0.7.4, which the kiosk used before, so English figures do not move:

- a word is a run of letters and digits once punctuation is removed ("X-ray" is one word);
- syllables: English words are counted with pyphen's en_US hyphenation patterns (positions
  + 1, as textstat). Spanish words are counted by rule (vowel groups, hiatus and diphthongs,
  silent "u" in que/qui/gue/gui, final "y"): pyphen's Spanish patterns are hyphenation rules
  that never leave one letter alone and never split a hiatus, so they miss syllables in 18 of
  43 common words ("a-gua", "dí-a", "a-ño", "po-e-ta"); the rule counter gets all 43;
- sentences: :func:`viewer.core.speech_text.split_sentences` for the language (it knows the
  abbreviations, so "Dr. Pérez" and "p. ej." do not end a sentence); as in textstat, a
  "sentence" of one or two words (a list item such as "Aspirin.") is not counted as one, so
  a list of single words does not make a text look easier.

textstat 0.7.4 rounds words per sentence and syllables per word to one decimal before applying
the formula, which moves its grade by up to 0.6; this module applies the published formula to
the exact averages. ``tests/unit/test_readability.py`` shows that the counts equal
textstat's on every section of the bundled articles, that the grade equals textstat's with its
rounding switched off, and that textstat's own rounding of our counts gives its default figure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from viewer.core.speech_text import split_sentences

ENGLISH_GRADE_TARGET = 6.0
"""Highest Flesch-Kincaid grade for patient texts (the usual advice is grade 6 to 8; ours are
read by older patients, often in a second language)."""

SPANISH_EASE_TARGET = 65.0
"""Lowest INFLESZ (Szigriszt-Pazos) score for patient texts: the start of "bastante fácil".
INFLESZ calls 55-65 "normal" and 55 the minimum for health information for the public; we ask
for 65, as our English target (grade 6) is also stricter than the usual grade 8."""

INFLESZ_BANDS = (
    (80.0, "muy fácil"),
    (65.0, "bastante fácil"),
    (55.0, "normal"),
    (40.0, "algo difícil"),
    (float("-inf"), "muy difícil"),
)

_PUNCTUATION = re.compile(r"[^\w\s]")
_STRONG = frozenset("aeoáéóíú")  # an accented i or u is a vowel of its own (dí-a, re-ú-ne)
_VOWELS = _STRONG | frozenset("iuü")
_SILENT_U = re.compile(r"(?<=[qg])u(?=[eiéí])")


@dataclass(frozen=True)
class Counts:
    """What the formulas are computed from."""

    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length in words."""
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        """Average word length in syllables."""
        return self.syllables / self.words


@dataclass(frozen=True)
class Reading:
    """The reading level of a text in its language's formula.

    Attributes:
        formula: the formula's name.
        score: its value (a grade for English, an ease from 0 to 100 for Spanish).
        target: the value a patient text should reach.
        lower_is_easier: True for grades, False for ease scores.
        counts: words, sentences and syllables.
    """

    formula: str
    score: float
    target: float
    lower_is_easier: bool
    counts: Counts

    @property
    def meets_target(self) -> bool:
        """True when the text is at least as easy as the target."""
        # Compare the figure as it is shown (one decimal), so "6.0" never fails a target of 6.
        shown = round(self.score, 1)
        return shown <= self.target if self.lower_is_easier else shown >= self.target


def words(text: str) -> list[str]:
    """The words of ``text``: punctuation removed, split at white space."""
    return _PUNCTUATION.sub("", text).split()


@lru_cache(maxsize=4)
def _pyphen(language: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=language)


def english_syllables(word: str) -> int:
    """Syllables of an English word by pyphen's en_US patterns (at least 1), as textstat."""
    return len(_pyphen("en_US").positions(word.lower())) + 1


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by rule (at least 1).

    Each group of vowels (with "h" between them, as in "a-hí") is one syllable, plus one for
    every hiatus inside it: two strong vowels (a, e, o) side by side, or an accented i or u
    beside another vowel. A "u" after q or g before e or i is silent ("que", "guitarra"); a "y"
    that is not followed by a vowel is the vowel i ("hoy", "muy", "y").
    """
    w = _SILENT_U.sub("", word.lower())
    w = re.sub(r"y(?![aeiouáéíóú])", "i", w)
    count = 0
    previous = ""  # the last vowel of the current group, "" outside a group
    for ch in w:
        if ch in _VOWELS:
            if not previous or (ch in _STRONG and previous in _STRONG):
                count += 1
            previous = ch
        elif ch != "h":
            previous = ""
    return max(1, count)


def count(text: str, language: str = "en") -> Counts:
    """Words, sentences and syllables of ``text`` as the formulas count them."""
    lang = _base(language)
    text = unicodedata.normalize("NFC", text)
    found = words(text.lower())
    syllable = spanish_syllables if lang == "es" else english_syllables
    long_sentences = sum(1 for s, e in split_sentences(text, lang) if len(words(text[s:e])) > 2)
    return Counts(len(found), max(1, long_sentences), sum(syllable(w) for w in found))


def flesch_kincaid_grade(text: str | Counts) -> float:
    """Flesch-Kincaid grade of an English text (or its counts); 0.0 without words."""
    c = text if isinstance(text, Counts) else count(text, "en")
    if not c.words:
        return 0.0
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def szigriszt_pazos(text: str | Counts) -> float:
    """Szigriszt-Pazos perspicuity (INFLESZ scale) of a Spanish text; 100.0 without words."""
    c = text if isinstance(text, Counts) else count(text, "es")
    if not c.words:
        return 100.0
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def fernandez_huerta(text: str | Counts) -> float:
    """Fernández-Huerta ease of a Spanish text (as textstat and legible.es compute it)."""
    c = text if isinstance(text, Counts) else count(text, "es")
    if not c.words:
        return 100.0
    return 206.84 - 60 * c.syllables_per_word - 1.02 * c.words_per_sentence


def inflesz_band(score: float) -> str:
    """The INFLESZ name of a Szigriszt-Pazos score ("normal", "bastante fácil", ...)."""
    return next(name for low, name in INFLESZ_BANDS if score >= low)


def reading_level(text: str, language: str = "en", grade_target: float | None = None) -> Reading:
    """The reading level of ``text`` in its language's formula, with that formula's target.

    English (and any language without a formula of its own) gets the Flesch-Kincaid grade
    against ``grade_target`` (default :data:`ENGLISH_GRADE_TARGET`); Spanish gets INFLESZ.
    """
    if _base(language) == "es":
        c = count(text, "es")
        return Reading(
            "INFLESZ (Szigriszt-Pazos)", szigriszt_pazos(c), SPANISH_EASE_TARGET, False, c
        )
    c = count(text, "en")
    target = ENGLISH_GRADE_TARGET if grade_target is None else grade_target
    return Reading("Flesch-Kincaid grade", flesch_kincaid_grade(c), target, True, c)


def _base(language: str) -> str:
    """``es`` for ``es-419``, ``es_MX`` or ``ES``."""
    return unicodedata.normalize("NFC", language).lower().replace("_", "-").split("-")[0]
