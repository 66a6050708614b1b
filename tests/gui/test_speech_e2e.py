"""End to end: the kiosk reads a whole article aloud through a real ALSA audio path.

The real engine (pyttsx3 + espeak-ng in its child process) makes the audio and the real
player (``aplay``) plays it into ALSA's ``file`` plugin, which this test sets up to append
every sample that reaches the device to one capture file (over ALSA's null device). The
capture must hold all of the article's speech, in full, and not be silent.
"""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest

from tests import parts
from viewer import config
from viewer.services.speech_worker import pick_voice, shared_synthesiser

pytestmark = pytest.mark.espeak


@pytest.fixture
def capture(tmp_path: Path) -> tuple[str, Path]:
    """An aplay command whose device is ALSA's file plugin appending to a capture file."""
    parts.require("aplay")
    out = tmp_path / "capture.raw"
    return f"aplay -q -D \"file:'|cat >>{out}',raw\" {{file}}", out


def test_a_whole_article_is_played_to_the_end(qtbot, make_window, content_dir, capture, tmp_path):
    synth = shared_synthesiser()  # the espeak marker made sure it starts
    command, out = capture
    cfg = config.Config().replace(speech=config.SpeechSettings(player=command))
    window = make_window(content_dir, cfg)
    window.reader.open_article("knee")
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle", timeout=30_000)
    heard: list[int] = []
    ra.speech.sentence.connect(heard.append)
    with qtbot.waitSignal(ra.speech.finished, timeout=120_000):
        window.commands.read_aloud.trigger()
    items = list(ra.items)  # the script that was read
    assert heard == list(range(len(items)))  # every sentence started, in order, once
    assert (
        window.reader.reading.index == len(window.reader.article.sections) - 1
    )  # turned to the end

    # The same sentences, made again here, say how much audio must have reached ALSA.
    voice = pick_voice(synth.voices, "en", {})
    expected = 0
    for n, item in enumerate(items):
        seconds = synth.to_wav(item.text, tmp_path / f"{n}.wav", voice=voice)
        expected += round(seconds * 22050) * 2
    # The capture goes through a `cat` process of the test's own plumbing, which may still be
    # writing the last sentence when the player has finished: give it time to catch up.
    qtbot.waitUntil(lambda: out.stat().st_size >= expected, timeout=15_000)
    captured = out.read_bytes()
    # ALSA pads each file to whole periods (the period size depends on the machine), so a
    # little more, never less, arrives; a sentence played twice would add far more.
    assert expected <= len(captured) <= expected + len(items) * 16384
    samples = array("h", captured[: len(captured) // 2 * 2])
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert rms > 300, f"the captured audio is (nearly) silent: RMS {rms:.0f}"
    ra.shutdown()
