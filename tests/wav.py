"""Reading the WAV files speech tests make: how long, how loud, how long they should be."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

from viewer.services.speech_worker import BASE_WPM


def loudness(path: Path) -> tuple[float, float, int]:
    """(seconds, RMS, peak) of a 16-bit mono WAV file, checking its format."""
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        assert w.getframerate() >= 16000
        samples = array("h", w.readframes(w.getnframes()))
        seconds = w.getnframes() / w.getframerate()
    assert samples, f"{path.name} has no audio"
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return seconds, rms, max(abs(s) for s in samples)


def plausible_seconds(text: str, rate: float = 1.0) -> tuple[float, float]:
    """The range a text's speech should last: around BASE_WPM words a minute."""
    words = max(1, len(text.split()))
    expected = words / (BASE_WPM * rate / 60)
    return 0.35 * expected, 2.5 * expected + 1.0
