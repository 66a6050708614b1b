"""Playing one WAV file at a time, in a way that can be stopped at once.

On Linux a player program (``aplay`` by default, or the configured ``speech.player``
command) runs as a child process per sentence; Stop kills it, which silences it at once.
Windows uses ``winsound`` (asynchronous play, purge to stop). Qt Multimedia is not used: it is
not part of pyside6-essentials.
"""

from __future__ import annotations

import logging
import shlex
import shutil
import sys
import wave
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from viewer import paths
from viewer.services.speech_worker import wav_seconds

log = logging.getLogger(__name__)

DEFAULT_COMMAND = "aplay -q {file}"
STUCK_FACTOR, STUCK_MARGIN_S = 1.5, 5.0
"""A player still running after the WAV's length times this plus this many seconds is hung."""


class PlayerUnavailable(RuntimeError):
    """No way to play sound; the message names the missing part."""


class Player(QObject):
    """Plays a WAV file; ``stop`` silences it at once.

    Signals:
        started: the audio of the file has started.
        finished: the file played to its end.
        failed(str): the file could not be played (why, for the log).
    """

    started = Signal()
    finished = Signal()
    failed = Signal(str)

    def play(self, path: str) -> None:
        """Start playing ``path``, stopping whatever was playing."""
        raise NotImplementedError

    def stop(self) -> None:
        """Silence at once; no ``finished`` follows."""
        raise NotImplementedError


def system_environment() -> QProcessEnvironment:
    """The environment for a system program: without the bundle's library folder (a frozen
    build's ``LD_LIBRARY_PATH``), so ``aplay`` loads the system's own libraries."""
    env = QProcessEnvironment()
    for key, value in paths.external_program_env().items():
        env.insert(key, value)
    return env


def _dispose(process: QProcess) -> None:
    """Delete a finished player process at the next event-loop turn, on its own: left a child
    of its player, a player dropped before that turn takes the process with it and the pending
    deletion then crashes the kiosk (Bus error in ~QObject, PySide6 6.11)."""
    process.setParent(None)
    process.deleteLater()


class CommandPlayer(Player):
    """Runs a player program per file, e.g. ``aplay -q {file}``; Stop kills it."""

    def __init__(self, command: str = DEFAULT_COMMAND, parent: QObject | None = None) -> None:
        super().__init__(parent)
        argv = shlex.split(command)
        if not argv:
            raise PlayerUnavailable("the audio player command is empty")
        if shutil.which(argv[0]) is None:
            raise PlayerUnavailable(
                f"the audio player {argv[0]!r} is not installed"
                + (" (Debian/Ubuntu package alsa-utils)" if argv[0] == "aplay" else "")
            )
        if not any("{file}" in a for a in argv):
            raise PlayerUnavailable(
                f"the audio player command {command!r} has no {{file}} for the sound file"
            )
        self.argv = argv
        self._process: QProcess | None = None
        self._stuck = QTimer(self)  # a player that neither ends nor fails: see play()
        self._stuck.setSingleShot(True)
        self._stuck.timeout.connect(self._no_progress)

    def play(self, path: str) -> None:
        """Start the player program on ``path``.

        A player still running well after the file's length (stopped, hung on a sound device
        that never takes the samples) is killed and reported as failed.
        """
        self.stop()
        try:
            seconds = wav_seconds(path)
        except (OSError, EOFError, wave.Error, ZeroDivisionError):
            seconds = 10.0  # the player will say what is wrong with the file
        self._stuck.start(int((seconds * STUCK_FACTOR + STUCK_MARGIN_S) * 1000))
        process = QProcess(self)
        process.setProgram(self.argv[0])
        process.setArguments([a.replace("{file}", path) for a in self.argv[1:]])
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.setProcessEnvironment(system_environment())
        process.started.connect(lambda: self._started(process))
        process.finished.connect(lambda code, status: self._finished(process, code, status))
        process.errorOccurred.connect(lambda error: self._error(process, error))
        self._process = process
        process.start()

    def _started(self, process: QProcess) -> None:
        if process is self._process:
            self.started.emit()

    def _no_progress(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()
        process.waitForFinished(1000)
        self.failed.emit(
            f"{self.argv[0]} made no progress: still running "
            f"{self._stuck.interval() / 1000:.0f} s after it started a sentence; stopped it"
        )

    def _finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        _dispose(process)
        if process is not self._process:
            return  # stopped on purpose
        self._stuck.stop()
        self._process = None
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            self.finished.emit()
        else:
            output = bytes(process.readAll().data()).decode("utf-8", "replace").strip()
            self.failed.emit(
                f"{self.argv[0]} exited with status {code}: "
                f"{output.splitlines()[-1] if output else 'no message'}"
            )

    def _error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if process is self._process and error == QProcess.ProcessError.FailedToStart:
            self._stuck.stop()
            self._process = None
            _dispose(process)
            self.failed.emit(f"{self.argv[0]} could not be started: {process.errorString()}")

    def stop(self) -> None:
        """Kill the running player, if any (the sound stops with it)."""
        self._stuck.stop()
        process, self._process = self._process, None
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(1000)  # a killed process is reaped within milliseconds

    @property
    def playing(self) -> bool:
        """True while a player process runs."""
        return self._process is not None


class WinsoundPlayer(Player):  # pragma: no cover - Windows only
    """Windows: ``winsound`` plays asynchronously; the file's length says when it ends."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        import winsound  # type: ignore[import-not-found]

        self._winsound: Any = winsound
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished)

    def play(self, path: str) -> None:
        """Play ``path`` without waiting."""
        self.stop()
        w = self._winsound
        try:
            seconds = wav_seconds(path)
            w.PlaySound(path, w.SND_FILENAME | w.SND_ASYNC | w.SND_NODEFAULT)
        except (OSError, RuntimeError) as exc:
            self.failed.emit(f"winsound could not play {path}: {exc}")
            return
        self.started.emit()
        self._timer.start(int(seconds * 1000) + 30)

    def stop(self) -> None:
        """Purge the sound."""
        self._timer.stop()
        self._winsound.PlaySound(None, self._winsound.SND_PURGE)


def make_player(command: str, parent: QObject | None = None) -> Player:
    """The configured player, or the platform's default. Raises PlayerUnavailable."""
    if command:
        return CommandPlayer(command, parent)
    if sys.platform == "win32":  # pragma: no cover
        return WinsoundPlayer(parent)
    return CommandPlayer(DEFAULT_COMMAND, parent)
