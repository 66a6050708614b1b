"""A fake speech engine and a fake audio player, for tests of read aloud's logic.

The fake engine writes a short real WAV file per request (a tone whose length grows with
the text) and answers on the next turn of the event loop. The fake player plays nothing: a
test says when a sentence's audio ends with :meth:`FakePlayer.finish`, so no test depends
on timing.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from viewer.services.audio import Player
from viewer.services.speech_engine import Engine
from viewer.services.speech_worker import Voice

FAKE_VOICES = [
    Voice("fake/de", "Fake German", ("de",)),
    Voice("fake/en", "Fake English", ("en-gb", "en")),
    Voice("fake/es", "Fake Spanish (Spain)", ("es",)),
    Voice("fake/es-419", "Fake Spanish (Latin America)", ("es-419",)),
]


def write_tone(path: Path | str, seconds: float, rate: int = 8000) -> None:
    """A 440 Hz tone as a 16-bit mono WAV file."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


class FakeEngine(Engine):
    """Answers every request with a WAV file on the next event-loop turn."""

    def __init__(self, voices: list[Voice] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.voices = FAKE_VOICES if voices is None else voices
        self.requests: list[tuple[str, str | None, float]] = []  # text, voice, rate
        self.starts = 0
        self.shut_down = False

    def start(self) -> None:
        """Ready on the next turn."""
        self.starts += 1
        QTimer.singleShot(0, self, lambda: self.ready.emit(self.voices))

    def request(self, request: int, text: str, path: str, voice: str | None, rate: float) -> None:
        """Write a tone for ``text`` and say it is done."""
        self.requests.append((text, voice, rate))
        write_tone(path, 0.02 + len(text) / 2000)
        QTimer.singleShot(0, self, lambda: self.synthesised.emit(request, path))

    def shutdown(self) -> None:
        """Nothing to end."""
        self.shut_down = True

    def said(self) -> list[str]:
        """Texts requested, in order."""
        return [t for t, _v, _r in self.requests]


class FakePlayer(Player):
    """Starts 'playing' on the next turn; ends only when the test calls :meth:`finish`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.played: list[str] = []
        self.current: str | None = None
        self.stops = 0
        self._generation = 0

    def play(self, path: str) -> None:
        """Begin 'playing' ``path``."""
        self.stop()
        assert Path(path).is_file(), f"asked to play a missing file {path}"
        self.played.append(path)
        self.current = path
        generation = self._generation

        def start() -> None:
            if generation == self._generation and self.current == path:
                self.started.emit()

        QTimer.singleShot(0, start)

    def finish(self) -> None:
        """The audio ran to its end."""
        assert self.current is not None, "nothing is playing"
        self.current = None
        self._generation += 1
        self.finished.emit()

    def fail(self, reason: str) -> None:
        """The sound could not be played (e.g. no sound card)."""
        self.current = None
        self._generation += 1
        self.failed.emit(reason)

    def stop(self) -> None:
        """Silence."""
        if self.current is not None:
            self.stops += 1
        self.current = None
        self._generation += 1
