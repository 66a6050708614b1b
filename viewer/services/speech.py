"""Read aloud: a narrator that speaks a list of utterances one sentence at a time.

:class:`Speech` is the narration state machine; the engine's life (late start, voices,
restarts, audio files) is :class:`~viewer.services.speech_supervisor.EngineSupervisor`'s.

Each sentence is synthesised to a WAV file by the engine (in a child process), one sentence
ahead of the one playing, and played by a player that stops at once. ``sentence(i)`` is
emitted when sentence ``i``'s audio starts, so a highlight follows the voice, not the
synthesis. Pause stops the sound and Resume says the interrupted sentence again from its
start (a sentence cut in half is hard to follow).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.config import SpeechSettings
from viewer.i18n import N_
from viewer.services.audio import Player, PlayerUnavailable, make_player
from viewer.services.speech_engine import Engine, ProcessEngine
from viewer.services.speech_supervisor import EngineSupervisor, remove
from viewer.services.speech_worker import Voice

log = logging.getLogger(__name__)

SPEEDS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
"""Speaking speeds the Slower / Faster buttons step through."""

ENGINE_START_DELAY_MS = 1500
"""How long after start-up the speech process is started (unless read aloud is tapped)."""

UNAVAILABLE = "Read aloud is not available"
BROKEN = N_(
    "Reading aloud stopped: the kiosk's speech is not working right now. You can keep "
    "reading the text. Please tell a member of staff."
)
"""Said on screen (translated there) when reading breaks off."""


class Speakable(Protocol):
    """What the narrator needs of an utterance."""

    @property
    def text(self) -> str: ...  # noqa: D102

    @property
    def pause_ms(self) -> int: ...  # noqa: D102


class Speech(QObject):
    """The read-aloud facade: say, pause, resume, previous/next, stop.

    States: ``starting`` (engine not ready yet), ``idle``, ``loading`` (waiting for a
    sentence's audio), ``playing``, ``gap`` (the pause after a heading or list item),
    ``paused``, ``unavailable`` (no engine, voice or player), ``broken`` (the engine hung
    or died).

    Signals:
        available(bool, str): read aloud can (or cannot) be offered, and why not.
        started: reading began.
        sentence(int): the audio of utterance ``i`` has started.
        state_changed(str): the new state.
        finished: the last utterance has been spoken.
        stopped: reading was stopped.
        failed(str): reading broke off (engine hung or died, sound failed); plain words.
    """

    available = Signal(bool, str)
    started = Signal()
    sentence = Signal(int)
    state_changed = Signal(str)
    finished = Signal()
    stopped = Signal()
    failed = Signal(str)

    def __init__(
        self,
        engine: Engine,
        player: Player | None,
        settings: SpeechSettings,
        parent: QObject | None = None,
        player_problem: str = "",
    ) -> None:
        super().__init__(parent)
        self.supervisor = sup = EngineSupervisor(engine, settings.voices, self)
        self.player = player
        self.settings = settings
        self.rate = min(SPEEDS, key=lambda s: abs(s - settings.rate))
        self.reason = ""  # why read aloud is not available, in plain words for the log
        self.state = "starting"
        self._no_voice = False  # no installed voice speaks the article's language
        self._language = "en"
        self.items: list[Speakable] = []
        self.index = -1
        self._pending: dict[int, tuple[int, float]] = {}  # request -> (index, rate)
        self._cache: dict[int, tuple[str, float]] = {}  # index -> (wav path, rate)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._advance)
        sup.ready_now.connect(self._engine_ready)
        sup.unavailable.connect(self._engine_unavailable)
        sup.broken.connect(self._engine_failed)
        sup.synthesised.connect(self._synthesised)
        sup.request_failed.connect(self._request_failed)
        if player is None:
            self.reason = player_problem or "no audio player"
            self._set_state("unavailable")
            return
        player.setParent(self)
        player.started.connect(self._audio_started)
        player.finished.connect(self._audio_finished)
        player.failed.connect(self._player_failed)
        # The engine's process starts once the first screen is up, so it does not compete
        # with the window for the processor at start-up; a tap before that starts it at once.
        sup.start_later(ENGINE_START_DELAY_MS)

    @property
    def engine(self) -> Engine:
        """The speech engine (its child process)."""
        return self.supervisor.engine

    @property
    def voices(self) -> list[Voice]:
        """The engine's installed voices (empty until it is ready)."""
        return self.supervisor.voices

    @property
    def voice(self) -> str | None:
        """The voice in use."""
        return self.supervisor.voice

    # -- availability --------------------------------------------------------------------
    @property
    def is_available(self) -> bool:
        """False when there is no engine, voice or player, or the engine broke."""
        return self.state not in ("unavailable", "broken") and not self._no_voice

    @property
    def active(self) -> bool:
        """True while reading (including paused)."""
        return self.state in ("loading", "playing", "gap", "paused")

    def use_language(self, language: str) -> bool:
        """Pick the voice for an article's language; False when none is installed."""
        self._language = language or "en"
        if not self.voices:
            return self.is_available  # decided when the engine is ready
        voice, changed = self.supervisor.choose_voice(self._language)
        self._no_voice = voice is None
        if voice is None:
            self.reason = f"no installed voice speaks the language {self._language!r}"
            log.error(
                "Speech: read aloud is not available: %s (%d voices installed)",
                self.reason,
                len(self.voices),
            )
            self.stop()
            self.available.emit(False, self.reason)
            return False
        if changed:
            self._drop_cache()
        self.available.emit(self.is_available, self.reason)
        return self.is_available

    def _engine_ready(self) -> None:
        if self.state == "starting":
            self._set_state("idle")
        if self.use_language(self._language) and self.state == "loading":
            self._go()

    def _engine_unavailable(self, reason: str) -> None:
        self.reason = reason
        self._halt("unavailable")
        self.available.emit(False, reason)

    def _engine_failed(self, reason: str) -> None:
        self.reason = reason
        was_active = self.active
        self._halt("broken")
        self.available.emit(False, reason)
        if was_active:
            self.failed.emit(BROKEN)

    def _player_failed(self, reason: str) -> None:
        log.error("Speech: sound output failed: %s", reason)
        self.reason = f"sound output failed: {reason}"
        self._halt("broken")
        self.available.emit(False, self.reason)
        self.failed.emit(BROKEN)

    def restart(self) -> None:
        """Try a broken engine again (e.g. when the visitor leaves)."""
        if self.state != "broken" or self.player is None:
            return
        self.reason = ""
        self._set_state("starting")
        self.supervisor.restart()
        self.available.emit(True, "")

    # -- reading -------------------------------------------------------------------------
    def say(self, items: Sequence[Speakable], start: int = 0) -> bool:
        """Read ``items`` from ``start`` to the end; False when read aloud is unavailable."""
        if not self.is_available or not items:
            return False
        if self.state == "starting":
            self.supervisor.start()  # tapped before the engine's delayed start
        self._stop_sound()
        self._drop_cache()
        self.items = list(items)
        self.index = max(0, min(start, len(self.items) - 1))
        self.started.emit()
        self._go()
        return True

    def jump(self, index: int) -> None:
        """Read from utterance ``index`` (previous/next sentence, a tapped sentence)."""
        if not self.items or not self.is_available:
            return
        self._stop_sound()
        self.index = max(0, min(index, len(self.items) - 1))
        self._go()

    def skip(self, delta: int) -> None:
        """Move ``delta`` sentences on (negative: back)."""
        if self.active:
            self.jump(self.index + delta)

    def pause(self) -> None:
        """Silence now; ``resume`` says the current sentence again."""
        if self.state in ("loading", "playing", "gap"):
            self._stop_sound()
            self._set_state("paused")

    def resume(self) -> None:
        """Carry on from the start of the current sentence."""
        if self.state == "paused":
            self._go()

    def stop(self) -> None:
        """Stop reading at once."""
        was_active = self.active
        self._stop_sound()
        self._pending.clear()
        self._drop_cache()
        self.items = []
        self.index = -1
        if self.active:
            self._set_state("idle" if self.supervisor.ready else "starting")
        if was_active:
            self.stopped.emit()

    def set_rate(self, rate: float) -> None:
        """Speak at ``rate`` (1.0 = normal) from the next sentence on."""
        rate = min(SPEEDS, key=lambda s: abs(s - rate))
        if rate == self.rate:
            return
        self.rate = rate
        keep = self._cache.pop(self.index, None) if self.state == "playing" else None
        self._drop_cache()
        if keep is not None:
            self._cache[self.index] = keep
        if self.state == "loading":
            self._want(self.index)  # its audio was being made at the old speed
        if self.active:
            self._want(self.index + 1)

    # -- the machinery -------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _go(self) -> None:
        """Play the current utterance if its audio is ready, else ask for it."""
        cached = self._cache.get(self.index)
        if cached is not None and self.player is not None:
            self._set_state("playing")
            self.player.play(cached[0])
            self._want(self.index + 1)
            self._trim()
            return
        self._set_state("loading")
        self._want(self.index)
        self._want(self.index + 1)

    def _want(self, index: int) -> None:
        sup = self.supervisor
        if not 0 <= index < len(self.items) or not sup.ready or not self.is_available:
            return
        if index in self._cache and self._cache[index][1] == self.rate:
            return
        if any(i == index and r == self.rate for i, r in self._pending.values()):
            return
        request = sup.new_request()
        self._pending[request] = (index, self.rate)
        sup.send(request, self.items[index].text, self.rate)

    def _synthesised(self, request: int, path: str) -> None:
        wanted = self._pending.pop(request, None)
        if wanted is None or wanted[1] != self.rate or not self.items:
            remove(path)
            return
        index, rate = wanted
        old = self._cache.get(index)
        if old is not None:
            remove(old[0])
        self._cache[index] = (path, rate)
        if self.state == "loading" and index == self.index:
            self._go()

    def _request_failed(self, request: int, reason: str) -> None:
        wanted = self._pending.pop(request, None)
        if wanted is not None and wanted[0] == self.index and self.state == "loading":
            log.warning("Speech: skipping a sentence the engine could not say: %s", reason)
            self._advance()

    def _audio_started(self) -> None:
        self.sentence.emit(self.index)

    def _audio_finished(self) -> None:
        if self.state != "playing":
            return
        pause = self.items[self.index].pause_ms if self.items else 0
        if pause > 0:
            self._set_state("gap")
            self._gap.start(pause)
        else:
            self._advance()

    def _advance(self) -> None:
        if self.index + 1 >= len(self.items):
            self._stop_sound()
            self._drop_cache()
            self.items, self.index = [], -1
            self._set_state("idle")
            self.finished.emit()
            return
        self.index += 1
        self._go()

    def _stop_sound(self) -> None:
        self._gap.stop()
        if self.player is not None:
            self.player.stop()

    def _halt(self, state: str) -> None:
        self._stop_sound()
        self._pending.clear()
        self._drop_cache()
        self.items, self.index = [], -1
        self._set_state(state)

    def _trim(self) -> None:
        """Keep only the current and the next sentence's audio."""
        for index in [i for i in self._cache if i not in (self.index, self.index + 1)]:
            remove(self._cache.pop(index)[0])

    def _drop_cache(self) -> None:
        for path, _rate in self._cache.values():
            remove(path)
        self._cache.clear()

    def shutdown(self) -> None:
        """Stop, end the engine and remove the audio files."""
        self._stop_sound()
        self._drop_cache()
        self.supervisor.shutdown()


def make_engine(settings: SpeechSettings, parent: QObject | None = None) -> Engine:
    """The real engine: pyttsx3 + espeak-ng in a child process. Tests replace this."""
    return ProcessEngine(timeout=settings.engine_timeout, parent=parent)


def make_speech(settings: SpeechSettings, parent: QObject | None = None) -> Speech:
    """The read-aloud service as configured (looked up at call time, so tests can swap)."""
    try:
        player: Player | None = make_audio_player(settings.player)
        problem = ""
    except PlayerUnavailable as exc:
        player, problem = None, str(exc)
        log.error("Speech: read aloud is not available: %s", problem)
    return Speech(make_engine(settings), player, settings, parent, player_problem=problem)


def make_audio_player(command: str) -> Player:
    """The audio player (a separate function so tests can swap it)."""
    return make_player(command)
