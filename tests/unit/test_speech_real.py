"""The real speech engine (pyttsx3 + espeak-ng) speaks every sentence of the bundled article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import parts
from tests.wav import loudness, plausible_seconds
from viewer.core.articles import open_article
from viewer.core.library import scan_folder
from viewer.core.render import make_renderer, section_html
from viewer.core.speech_text import section_utterances
from viewer.paths import bundled_content_dir
from viewer.services.speech_worker import (
    EngineUnavailable,
    Synthesiser,
    pick_voice,
    shared_synthesiser,
    synthesize_to_wav,
)

pytestmark = pytest.mark.espeak


@pytest.fixture(scope="module")
def synth() -> Synthesiser:
    try:
        return shared_synthesiser()  # one engine per process, as the kiosk's processes
    except EngineUnavailable as exc:
        parts.absent("espeak-ng", str(exc))


def article_sentences() -> list[str]:
    folder = bundled_content_dir()
    library = scan_folder(folder)
    meta = library.get("vertebroplasty")
    assert meta is not None, "content/vertebroplasty.md is not there"
    article = open_article(meta, opening_title="Overview")
    render = make_renderer(folder, set(library.ids()))
    said = [
        u.text
        for s in article.sections
        for u in section_utterances(section_html(s.title, render(s.markdown)))
    ]
    return said


def test_every_sentence_of_the_vertebroplasty_article_becomes_speech(synth, tmp_path):
    sentences = article_sentences()
    assert len(sentences) > 60
    voice = pick_voice(synth.voices, "en", {})
    assert voice is not None
    for n, text in enumerate(sentences):
        wav = tmp_path / f"{n:03}.wav"
        seconds = synth.to_wav(text, wav, voice=voice)
        measured, rms, peak = loudness(wav)
        assert measured == pytest.approx(seconds)
        low, high = plausible_seconds(text)
        assert low <= measured <= high, f"{text!r}: {measured:.2f} s, expected {low:.1f}-{high:.1f}"
        assert rms > 300 and peak > 3000, f"{text!r} is (nearly) silent: RMS {rms:.0f}"


def test_long_text_is_written_completely_before_the_call_returns(synth, tmp_path):
    # pyttsx3's runAndWait returns before long texts are written; the worker waits.
    text = " ".join(article_sentences()[:12])
    assert len(text) > 500
    seconds = synth.to_wav(text, tmp_path / "long.wav")
    low, high = plausible_seconds(text)
    assert low <= seconds <= high
    assert loudness(tmp_path / "long.wav")[0] == pytest.approx(seconds)


SPEEDS = """
import json, sys
from viewer.services.speech_worker import Synthesiser
synth = Synthesiser()
text = "Your spine is made of small bones that stack on top of each other."
print(json.dumps([synth.to_wav(text, f"{sys.argv[1]}/{rate}.wav", rate=rate)
                  for rate in (0.5, 1.0, 2.0)]))
"""


def test_speed_changes_the_length_of_the_speech(synth, tmp_path):
    # In a process of its own, as the kiosk's speech always is: espeak-ng's settings are one
    # per process, and in the whole suite another test's engine in this process once left
    # the slow sentence at another speed (3.1 s slow against 3.9 s normal).
    done = subprocess.run(
        [sys.executable, "-c", SPEEDS, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    slow, normal, fast = json.loads(done.stdout.strip().splitlines()[-1])
    assert slow > 1.5 * normal > 2.2 * fast


def test_synthesize_to_wav_for_the_self_test(synth, tmp_path):
    seconds = synthesize_to_wav(
        "Hello. This kiosk can read aloud.",
        tmp_path / "hello.wav",
        voice=pick_voice(synth.voices, "en", {"en": "gmw/en-us"}),
    )
    measured, rms, _peak = loudness(tmp_path / "hello.wav")
    assert measured == pytest.approx(seconds) and 1.0 < seconds < 6 and rms > 300


def test_voices_are_picked_by_language(synth):
    voices = synth.voices
    assert pick_voice(voices, "en", {}) == "gmw/en"
    assert pick_voice(voices, "en", {"en": "gmw/en-us"}) == "gmw/en-us"
    assert pick_voice(voices, "es", {}) == "roa/es-419"  # espeak-ng-data has Latin-American
    assert pick_voice(voices, "xx", {}) is None


SPANISH_SECTION = (
    "<p>La vertebroplastia es un tratamiento para un hueso roto de la espalda. "
    "¿Le duele mucho? ¡Dígaselo a la Dra. Muñoz! El niño y su señora madre esperan en el "
    "pasillo. Tome 500 mg de acetaminofén cada 8 h, p. ej. a las 8:00 a. m.</p>"
    "<ul><li>No coma durante 24 horas.</li><li>El 20 % siente alivio al día siguiente.</li></ul>"
)


def test_spanish_sentences_become_speech_in_the_latin_american_voice(synth, tmp_path):
    said = section_utterances(section_html("¿Qué es?", SPANISH_SECTION), "es-419")
    assert len(said) == 8
    voice = pick_voice(synth.voices, "es", {})
    assert voice == "roa/es-419"
    for n, item in enumerate(said):
        wav = tmp_path / f"es{n}.wav"
        seconds = synth.to_wav(item.text, wav, voice=voice)
        measured, rms, peak = loudness(wav)
        assert measured == pytest.approx(seconds)
        low, high = plausible_seconds(item.text)
        assert low <= measured <= high, f"{item.text!r}: {measured:.2f} s"
        assert rms > 300 and peak > 3000, f"{item.text!r} is (nearly) silent: RMS {rms:.0f}"
