"""The speech engine's life: started after the first screen, its voices, restarts, requests.

:class:`EngineSupervisor` owns an :class:`~viewer.services.speech_engine.Engine` (the child
process) and everything about it that is not narration: when it starts (a while after
start-up, or at once when read aloud is tapped), which voice speaks an article's language,
where the audio files go, and starting it again after it broke. The narrator
(:class:`viewer.services.speech.Speech`) asks it for audio and hears what became of it.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.services.speech_engine import Engine
from viewer.services.speech_worker import Voice, pick_voice

log = logging.getLogger(__name__)


class EngineSupervisor(QObject):
    """Starts, watches and restarts the speech engine; picks voices; hands out audio files.

    ``ready`` is True between the engine's ``ready`` and its failure (or a restart).

    Signals:
        ready_now: the engine works; :attr:`voices` are known.
        unavailable(str): there is no engine or no voice at all; why, in words for the log.
        broken(str): the engine hung or died; why.
        synthesised(int, str): request id, path of the finished WAV file.
        request_failed(int, str): request id, why that text could not be said.
    """

    ready_now = Signal()
    unavailable = Signal(str)
    broken = Signal(str)
    synthesised = Signal(int, str)
    request_failed = Signal(int, str)

    def __init__(
        self, engine: Engine, voice_choices: dict[str, str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.voice_choices = voice_choices  # language -> voice, from the configuration
        self.voices: list[Voice] = []
        self.voice: str | None = None
        self.ready = False
        self.started = False
        self._request = 0
        self._dir = Path(tempfile.mkdtemp(prefix="kiosk-speech-"))
        self._timer = QTimer(self)  # a child: it dies with this object
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.start)
        engine.setParent(self)
        engine.ready.connect(self._ready)
        engine.unavailable.connect(self._unavailable)
        engine.failed.connect(self._failed)
        engine.synthesised.connect(self.synthesised)
        engine.request_failed.connect(self.request_failed)

    # -- life cycle ----------------------------------------------------------------------
    def start_later(self, delay_ms: int) -> None:
        """Start the engine in ``delay_ms`` (unless :meth:`start` comes first)."""
        if not self.started:
            self._timer.start(delay_ms)

    def start(self) -> None:
        """Start the engine now, once."""
        if not self.started:
            self.started = True
            self._timer.stop()
            self.engine.start()

    def restart(self) -> None:
        """A fresh engine process (the old one may still run if only the sound failed)."""
        log.info("Speech: restarting the speech engine")
        self.ready = False
        self.engine.shutdown()
        self.started = True
        self.engine.start()

    def shutdown(self) -> None:
        """End the engine and remove the audio files."""
        self._timer.stop()
        self.engine.shutdown()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _ready(self, voices: list[Voice]) -> None:
        self.voices = voices
        self.ready = True
        self.ready_now.emit()

    def _unavailable(self, reason: str) -> None:
        self.ready = False
        self.unavailable.emit(reason)

    def _failed(self, reason: str) -> None:
        self.ready = False
        self.broken.emit(reason)

    # -- voices and audio ----------------------------------------------------------------
    def choose_voice(self, language: str) -> tuple[str | None, bool]:
        """The installed voice for ``language`` (None: none speaks it) and whether it is a
        different voice from the one used so far."""
        voice = pick_voice(self.voices, language, self.voice_choices)
        if voice is None or voice == self.voice:
            return voice, False
        log.info("Speech: using voice %s for %s", voice, language)
        self.voice = voice
        return voice, True

    def new_request(self) -> int:
        """The id for the next :meth:`send` (note it first: an answer may come at once)."""
        self._request += 1
        return self._request

    def send(self, request: int, text: str, rate: float) -> None:
        """Ask for ``text`` at ``rate`` in the current voice; ``synthesised`` or
        ``request_failed`` follows with ``request``."""
        path = self._dir / f"{request}.wav"
        self.engine.request(request, text, str(path), self.voice, rate)


def remove(path: str) -> None:
    """Delete an audio file that is no longer wanted (already gone is fine)."""
    with contextlib.suppress(OSError):
        Path(path).unlink()
