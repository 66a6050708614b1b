"""The speech engine: pyttsx3 with espeak-ng, synthesising sentences to WAV files (no Qt).

This module runs in a child process (:func:`serve`) so that an engine that hangs or crashes
can be ended without touching the window. It also offers :func:`synthesize_to_wav`, a plain
function that synthesises one text in the calling process (for a start-up self-test).

What pyttsx3 2.99 does with espeak-ng, and how this module copes:

- ``save_to_file`` + ``runAndWait`` may return before the WAV is written (long texts); the
  ``finished-utterance`` callback is what says the file is complete, so we wait for it.
- The engine object must stay referenced (pyttsx3 keeps engines in a weak dictionary).
- The espeak driver prints "Audio saved to ..." on stdout; the worker's stdout is silenced.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import threading
import time
import wave
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

BASE_WPM = 160
"""Words per minute at speed 1.0: a little slower than espeak's 175, for older listeners."""

MISSING_LIBRARY = (
    "the espeak-ng speech library is not installed or cannot be loaded "
    "(Debian/Ubuntu package libespeak-ng1; Windows: eSpeak NG)"
)


class EngineUnavailable(RuntimeError):
    """No speech engine or no voice; the message names the missing part."""


class Voice(NamedTuple):
    """An installed voice (a named tuple: a dataclass would bring inspect, ast and dis into
    the speech process, about 1 MiB)."""

    id: str
    name: str
    languages: tuple[str, ...]


LATIN_AMERICAN_SPANISH = "es-419"
"""The Spanish our patients speak: "es", "es-MX", "es-US" ... prefer espeak-ng's es-419 voice."""


def pick_voice(voices: list[Voice], language: str, configured: dict[str, str]) -> str | None:
    """The voice for an article's language, or None when no installed voice speaks it.

    A voice configured for the language (``speech.voices``) wins if it is installed. Otherwise
    the first installed voice for the language: one named after it exactly (``gmw/en`` for
    ``en``), then one whose language is it, then one whose language starts with it
    (``en-us`` for ``en``). Spanish other than Spain's (``es-ES``) first tries Latin-American
    Spanish (``roa/es-419``), then ``es``.
    """
    lang = language.lower().strip().replace("_", "-")
    ids = {v.id for v in voices}
    want = configured.get(language) or configured.get(lang)
    if want:
        if want in ids:
            return want
        log.warning("Configured voice %r for %r is not installed; choosing another", want, language)
    base = lang.split("-")[0]
    tags = [lang]
    if base == "es" and lang not in ("es-es", LATIN_AMERICAN_SPANISH):
        tags.insert(0 if lang == "es" else 1, LATIN_AMERICAN_SPANISH)
    matchers = [m for tag in tags for m in _matchers(tag)] + [
        lambda v: v.id.rsplit("/", 1)[-1] == base,
        lambda v: any(x.lower().split("-")[0] == base for x in v.languages),
    ]
    for match in matchers:
        for voice in voices:
            if match(voice):
                return voice.id
    return None


def _matchers(tag: str) -> list[Callable[[Voice], bool]]:
    """Tests for a voice of language ``tag``, best first: named after it, speaking it, a
    variant of it."""
    return [
        lambda v: v.id.rsplit("/", 1)[-1] == tag,
        lambda v: tag in (x.lower() for x in v.languages),
        lambda v: any(x.lower().startswith(tag + "-") for x in v.languages),
    ]


def wav_seconds(path: Path | str) -> float:
    """Length of a WAV file in seconds (raises wave.Error or OSError if it is not one)."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


class Synthesiser:
    """A pyttsx3 engine that writes one text at a time to a WAV file."""

    def __init__(self) -> None:
        try:
            import pyttsx3
        except ImportError as exc:
            raise EngineUnavailable(f"the pyttsx3 Python package is missing ({exc})") from exc
        try:
            self.engine: Any = pyttsx3.init()
        except Exception as exc:  # pyttsx3 raises RuntimeError, OSError, ImportError ...
            raise EngineUnavailable(f"{MISSING_LIBRARY}: {exc}") from exc
        raw = self.engine.getProperty("voices") or []
        self.voices = [
            Voice(str(v.id), str(v.name or v.id), tuple(str(x) for x in (v.languages or ())))
            for v in raw
        ]
        if not self.voices:
            raise EngineUnavailable(
                "espeak-ng has no voices installed (Debian/Ubuntu package espeak-ng-data)"
            )
        self._done = threading.Event()
        self._voice: str | None = None
        self.engine.connect("finished-utterance", self._finished)

    @staticmethod
    def _settle() -> None:
        """Wait until espeak-ng has carried out every queued command (espeak driver only)."""
        espeak = sys.modules.get("pyttsx3.drivers._espeak")
        if espeak is not None:
            espeak.Synchronize()

    def _finished(self, name: object = None, completed: object = True) -> None:
        self._done.set()

    def to_wav(
        self,
        text: str,
        path: Path | str,
        voice: str | None = None,
        rate: float = 1.0,
        timeout: float = 20.0,
    ) -> float:
        """Synthesise ``text`` to ``path``; return the audio's length in seconds."""
        path = Path(path)
        self._settle()
        if voice and voice != self._voice:
            self.engine.setProperty("voice", voice)
            self._voice = voice
        self.engine.setProperty("rate", max(80, min(450, round(BASE_WPM * rate))))
        # espeak-ng queues property changes; pyttsx3's runAndWait cancels what is queued
        # ("stop" when espeak is busy), which would drop the new speed. Let them land first.
        self._settle()
        for attempt in (1, 2):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            self._done.clear()
            with contextlib.redirect_stdout(io.StringIO()):
                self.engine.save_to_file(text, str(path))
                self.engine.runAndWait()
                if not self._done.wait(timeout):
                    raise TimeoutError(
                        f"espeak-ng did not finish {len(text)} characters in {timeout:g} s"
                    )
            seconds = wav_seconds(path)
            if seconds > 0 or not text.strip() or attempt == 2:
                return seconds
            # espeak-ng now and then reports an utterance finished before writing any audio
            # (seen when several engines were made in one process); say it once more rather
            # than skip the sentence in silence.
            log.warning(
                "Speech: espeak-ng wrote no audio for %d characters; trying again", len(text)
            )
            self._settle()
        return seconds


_shared: Synthesiser | None = None


def shared_synthesiser() -> Synthesiser:
    """This process's one engine, made on first use and kept.

    libespeak-ng holds one synthesis callback for the whole process, and pyttsx3's espeak
    driver sets it when an engine is made and clears it (``destroy()``) when one is
    collected, for every engine at once. Two engines in one process (one collected while the
    other speaks) can leave espeak-ng calling a freed callback: a segmentation fault in
    ``Synth`` (seen once in the test suite). The kiosk's speech process and the self-test
    therefore use this one engine; while it lives, ``pyttsx3.init()`` hands it to any other
    caller in the process instead of making a second.
    """
    global _shared
    if _shared is None:
        _shared = Synthesiser()
    return _shared


def synthesize_to_wav(
    text: str, path: Path | str, voice: str | None = None, rate: float = 1.0
) -> float:
    """Synthesise ``text`` to a WAV file with the real engine; return its length in seconds.

    Raises EngineUnavailable (naming the missing part) when there is no engine or voice.
    """
    return shared_synthesiser().to_wav(text, path, voice=voice, rate=rate)


def serve(conn: Connection) -> None:
    """The speech process: answer requests on ``conn`` until told to quit or the pipe closes.

    Messages in: ``("synth", id, text, path, voice, rate)``, ``("quit",)``.
    Messages out: ``("ready", [Voice...])`` or ``("unavailable", reason)`` once, then
    ``("done", id, audio seconds, synthesis seconds)`` or ``("error", id, message)`` per request.
    """
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    try:
        synth = shared_synthesiser()
    except EngineUnavailable as exc:
        conn.send(("unavailable", str(exc)))
        return
    conn.send(("ready", synth.voices))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the kiosk has gone
        if message[0] == "quit":
            return
        if message[0] == "synth":
            _, request, text, path, voice, rate = message
            started = time.monotonic()
            try:
                seconds = synth.to_wav(text, path, voice=voice, rate=rate)
            except Exception as exc:  # reported to the kiosk, which logs it
                conn.send(("error", request, f"{type(exc).__name__}: {exc}"))
                continue
            conn.send(("done", request, seconds, time.monotonic() - started))
