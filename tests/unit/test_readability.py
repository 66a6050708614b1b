"""Reading level per language: Flesch-Kincaid as textstat had it, INFLESZ for Spanish (no Qt)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from viewer.core.readability import (
    SPANISH_EASE_TARGET,
    Counts,
    count,
    fernandez_huerta,
    flesch_kincaid_grade,
    inflesz_band,
    reading_level,
    spanish_syllables,
    szigriszt_pazos,
)

RECORDED = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "textstat-0.7.4.json").read_text("utf-8")
)
SECTIONS = RECORDED["sections"]


def textstat_rounding(number: float, points: int) -> float:
    """textstat 0.7.4's ``_legacy_round`` (half away from zero)."""
    p = 10**points
    return math.floor(number * p + math.copysign(0.5, number)) / p


def test_the_recorded_figures_cover_every_english_section_of_both_articles():
    assert RECORDED["textstat"] == "0.7.4"
    assert {s["article"] for s in SECTIONS} == {"how-to-use", "vertebroplasty"}
    assert len(SECTIONS) >= 15


@pytest.mark.parametrize("s", SECTIONS, ids=lambda s: f"{s['article']}: {s['section']}")
def test_english_grade_equals_textstat_on_every_section(s):
    c = count(s["text"], "en")
    assert (c.words, c.sentences, c.syllables) == (s["words"], s["sentences"], s["syllables"])
    # The published formula on the exact averages: textstat with its rounding switched off.
    assert flesch_kincaid_grade(s["text"]) == pytest.approx(s["grade_unrounded"], abs=0.01)
    # textstat's default rounds both averages to 0.1 first; doing so with our counts gives its
    # figure exactly, so the two differ only by that rounding.
    legacy = (
        0.39 * textstat_rounding(c.words_per_sentence, 1)
        + 11.8 * textstat_rounding(c.syllables_per_word, 1)
        - 15.59
    )
    assert textstat_rounding(legacy, 1) == s["grade"]


def test_abbreviations_and_one_word_list_items_do_not_count_as_sentences():
    text = (
        "Dr. Smith will see you at 2.5 p.m. in the clinic. Bring these pills. Aspirin. Your list."
    )
    c = count(text, "en")
    assert (c.words, c.sentences) == (17, 2)


def test_longer_words_and_sentences_raise_the_english_grade():
    easy = "Rest for a day. Then walk a bit. Call us if it hurts."
    hard = (
        "Following vertebroplasty, patients should gradually resume customary activities, "
        "avoiding strenuous exertion and contacting the interventional radiology department "
        "immediately regarding unexpected neurological symptoms."
    )
    assert flesch_kincaid_grade(easy) < 2 < 16 < flesch_kincaid_grade(hard)
    assert reading_level(easy).meets_target and not reading_level(hard).meets_target
    assert not reading_level(easy, grade_target=-5).meets_target


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("vertebroplastia", 5),
        ("médico", 3),
        ("cirugía", 4),
        ("columna", 3),
        ("huesos", 2),
        ("año", 2),
        ("pequeño", 3),
        ("queso", 2),
        ("guitarra", 3),
        ("ahí", 2),
        ("reúne", 3),
        ("poeta", 3),
        ("aire", 2),
        ("día", 2),
        ("agua", 2),
        ("pingüino", 3),
        ("leer", 2),
        ("oído", 3),
        ("país", 2),
        ("ciudad", 2),
        ("cuidado", 3),
        ("hospital", 3),
        ("anestesia", 4),
        ("osteoporosis", 6),
        ("radiografía", 5),
        ("enfermera", 4),
        ("que", 1),
        ("y", 1),
        ("dolor", 2),
        ("espalda", 3),
        ("aéreo", 4),
        ("caer", 2),
        ("huevo", 2),
        ("buey", 1),
        ("Uruguay", 3),
        ("hoy", 1),
        ("muy", 1),
        ("rayo", 2),
        ("instrucciones", 4),
        ("transportar", 3),
        ("europeo", 4),
        ("creer", 2),
        ("zoológico", 5),
        ("2026", 1),
    ],
)
def test_spanish_syllables(word, syllables):
    assert spanish_syllables(word) == syllables


SPANISH = (
    "La vertebroplastia es un tratamiento para un hueso roto de la espalda. "
    "El médico pone un cemento especial dentro del hueso. El cemento se endurece en pocos "
    "minutos. Muchas personas sienten menos dolor al día siguiente. ¿Le duele la espalda? "
    "¡Dígaselo a la Dra. López!"
)


def test_spanish_text_is_graded_with_inflesz_not_flesch_kincaid():
    level = reading_level(SPANISH, "es-419")
    assert level.formula.startswith("INFLESZ") and not level.lower_is_easier
    # 45 words, 6 sentences ("Dra." does not end one), 90 syllables, counted by hand.
    assert level.counts == Counts(words=45, sentences=6, syllables=90)
    assert level.score == pytest.approx(206.835 - 62.3 * 90 / 45 - 45 / 6)
    assert level.score == pytest.approx(szigriszt_pazos(SPANISH))
    assert inflesz_band(level.score) == "bastante fácil"
    assert level.target == SPANISH_EASE_TARGET and level.meets_target
    assert fernandez_huerta(SPANISH) == pytest.approx(206.84 - 60 * 2 - 1.02 * 45 / 6)


def test_hard_spanish_misses_the_target():
    hard = (
        "La intervención percutánea consiste en la inyección intraósea de polimetilmetacrilato "
        "bajo control radiológico continuo, con la finalidad de estabilizar fracturas "
        "vertebrales osteoporóticas y disminuir significativamente la sintomatología dolorosa."
    )
    level = reading_level(hard, "es")
    assert not level.meets_target and inflesz_band(level.score) == "muy difícil"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (85, "muy fácil"),
        (80, "muy fácil"),
        (70, "bastante fácil"),
        (60, "normal"),
        (45, "algo difícil"),
        (10, "muy difícil"),
    ],
)
def test_inflesz_bands(score, band):
    assert inflesz_band(score) == band


def test_a_text_without_words_is_not_an_error():
    assert flesch_kincaid_grade("") == 0.0
    assert reading_level("...", "es").meets_target


def test_the_recording_script_still_imports():
    # It runs only where textstat is installed, so at least its imports are checked here.
    import importlib.util

    path = Path(__file__).resolve().parent.parent.parent / "scripts" / "record_textstat.py"
    spec = importlib.util.spec_from_file_location("record_textstat", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUT.name == "textstat-0.7.4.json" and callable(module.main)
