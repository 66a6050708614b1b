"""The speech engine behind a QObject: a child process that can hang or die without harm.

The engine (:mod:`viewer.services.speech_worker`) runs in a plain child process started by
:mod:`viewer.services.speech_child` (``python -m viewer.services.speech_child`` from source,
``kiosk --speech-worker`` frozen), so it shares nothing with Qt and no ``multiprocessing``
resource tracker is started. Requests and answers go through a socket pair that a timer
reads, so the window never waits for the engine. An engine that does not answer in time is
killed and reported; so is one that dies.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import socket
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.services import speech_child, speech_worker
from viewer.services.speech_worker import Voice

log = logging.getLogger(__name__)

BUSY_POLL_MS = 10
IDLE_POLL_MS = 1000
STARTUP_FACTOR = 3  # start-up (a new Python, pyttsx3, espeak-ng) may take this much longer


class Engine(QObject):
    """What the narrator needs from a speech engine: text in, WAV file out, asynchronously.

    Signals:
        ready(list): the engine works; its installed voices (list of Voice).
        unavailable(str): there is no engine or no voice; the reason names the missing part.
        synthesised(int, str): request id, path of the finished WAV file.
        request_failed(int, str): request id, why that one text could not be synthesised.
        failed(str): the engine hung or died; nothing more will come from it.
    """

    ready = Signal(list)
    unavailable = Signal(str)
    synthesised = Signal(int, str)
    request_failed = Signal(int, str)
    failed = Signal(str)

    def start(self) -> None:
        """Start the engine; ``ready`` or ``unavailable`` follows."""
        raise NotImplementedError

    def request(self, request: int, text: str, path: str, voice: str | None, rate: float) -> None:
        """Ask for ``text`` as a WAV at ``path``; ``synthesised`` follows."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stop the engine and free what it holds."""
        raise NotImplementedError


_UNREAPED: set[subprocess.Popen[bytes]] = set()
"""Children not yet reaped, kept referenced: an engine dropped without ``shutdown`` leaves
its child to end by itself (its connection closes), and it is reaped at the next start."""


def _reap() -> None:
    for popen in list(_UNREAPED):
        if popen.poll() is not None:
            _UNREAPED.discard(popen)


@atexit.register
def _end_children() -> None:
    """End and reap every speech process when the kiosk exits (as multiprocessing did)."""
    for popen in list(_UNREAPED):
        if popen.poll() is None:
            popen.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(2)
    _reap()


class _Child:
    """A ``subprocess.Popen`` child with the few ``multiprocessing.Process`` methods used here."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.pid = popen.pid

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def join(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)

    def kill(self) -> None:
        self.popen.kill()

    def close(self) -> None:
        if self.popen.poll() is not None:
            _UNREAPED.discard(self.popen)


def start_child(target: str, stderr: Any = None) -> tuple[Any, Connection]:
    """Start the worker ``target`` (``MODULE:FUNCTION``); (the process, the kiosk's end).

    ``stderr`` (a file) receives what the child and espeak-ng write there. Raises OSError
    when it cannot be started.
    """
    if sys.platform == "win32":  # no file descriptors to pass; Windows has no resource tracker
        ctx = multiprocessing.get_context("spawn")
        parent_end, child_end = ctx.Pipe()
        process = ctx.Process(
            target=speech_child.serve_named,
            args=(target, child_end),
            name="kiosk-speech",
            daemon=True,
        )
        process.start()
        child_end.close()
        return process, parent_end
    ours, theirs = socket.socketpair()
    try:
        popen = subprocess.Popen(
            speech_child.command(target, theirs.fileno()),
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stderr=stderr,
            env=speech_child.environment(),
        )
    except OSError:
        ours.close()
        raise
    finally:
        theirs.close()
    _reap()
    _UNREAPED.add(popen)
    return _Child(popen), Connection(ours.detach())


class ProcessEngine(Engine):
    """The speech engine in a child process, watched for hangs and deaths.

    ``target`` is the child's main function (``speech_worker.serve``; tests pass workers
    that hang or crash): a module-level function or its name, ``MODULE:FUNCTION``, which the
    child imports. ``timeout`` is how long one request may take; start-up may take
    ``start_timeout`` (default ``STARTUP_FACTOR`` times as long).
    """

    def __init__(
        self,
        timeout: float = 5.0,
        target: str | Callable[[Connection], None] = speech_worker.serve,
        parent: QObject | None = None,
        start_timeout: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.timeout = timeout
        self.start_timeout = start_timeout or timeout * STARTUP_FACTOR
        self.target = speech_child.target_name(target)
        self._process: Any = None
        self._conn: Connection | None = None
        self._sent: dict[int, float] = {}  # request id -> when it was sent
        self._paths: dict[int, str] = {}  # request id -> WAV path
        self._start_deadline: float | None = None
        self.synthesis_seconds: list[float] = []  # measured in the child, for benchmarks
        # What espeak-ng says on stderr (a missing voice's data, a missing phoneme table)
        # goes to the log, not lost on a console nobody reads.
        self._stderr: Any = None
        self._stderr_read = 0
        self._said: set[str] = set()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        """True while a child process is there."""
        return self._process is not None

    def start(self) -> None:
        """Start the child process (returns at once)."""
        if self._process is not None:
            return
        if self._stderr is None and sys.platform != "win32":
            self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - kept for the engine's life
            # Closed by shutdown(); also when an engine dropped without it is collected, or
            # the file's ResourceWarning surfaces wherever the garbage collector runs.
            weakref.finalize(self, self._stderr.close)
        try:
            process, conn = start_child(self.target, self._stderr)
        except OSError as exc:
            log.error("Speech: cannot start the speech process: %s", exc)
            self.failed.emit(f"the speech process could not be started ({exc})")
            return
        self._process, self._conn = process, conn
        self._start_deadline = time.monotonic() + self.start_timeout
        self._timer.start(BUSY_POLL_MS)
        log.info("Speech: started the speech process (pid %s)", process.pid)

    def request(self, request: int, text: str, path: str, voice: str | None, rate: float) -> None:
        """Send a request; it is answered in order."""
        if self._conn is None:
            self.request_failed.emit(request, "the speech engine is not running")
            return
        try:
            self._conn.send(("synth", request, text, path, voice, rate))
        except (OSError, ValueError):
            self._died()
            return
        self._sent[request] = time.monotonic()
        self._paths[request] = path
        self._timer.start(BUSY_POLL_MS)

    def _poll(self) -> None:
        conn, process = self._conn, self._process
        if conn is None or process is None:
            self._timer.stop()
            return
        try:
            while conn.poll():
                self._handle(conn.recv())
                if self._conn is None:  # a message ended the engine
                    return
        except (EOFError, OSError):
            self._died()
            return
        if not process.is_alive():
            self._died()
            return
        now = time.monotonic()
        if self._start_deadline is not None and now > self._start_deadline:
            self._fail(f"the speech process did not start within {self.start_timeout:g} s")
        elif self._sent and now - min(self._sent.values()) > self.timeout:
            self._fail(f"the speech engine did not answer within {self.timeout:g} s")
        elif not self._sent and self._start_deadline is None:
            self._timer.setInterval(IDLE_POLL_MS)  # only to notice a death while idle

    def _handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            self._start_deadline = None
            voices: list[Voice] = list(message[1])
            log.info("Speech: engine ready with %d voices", len(voices))
            self.ready.emit(voices)
        elif kind == "unavailable":
            self._start_deadline = None
            log.error("Speech: read aloud is not available: %s", message[1])
            self._end()
            self.unavailable.emit(message[1])
        elif kind == "done":
            _, request, _seconds, synth_seconds = message
            self._sent.pop(request, None)
            self._log_stderr()
            self.synthesis_seconds.append(synth_seconds)
            self.synthesised.emit(request, self._paths.pop(request, ""))
        elif kind == "error":
            _, request, reason = message
            self._sent.pop(request, None)
            self._paths.pop(request, None)
            log.warning("Speech: could not synthesise request %s: %s", request, reason)
            self.request_failed.emit(request, reason)

    def _died(self) -> None:
        process = self._process
        if process is not None:
            process.join(0.5)  # it has closed its end of the pipe: it is ending
            if process.exitcode is None:
                self._fail("the speech process closed its pipe but did not end")
                return
            said = self._log_stderr()
            self._fail(
                f"the speech process ended unexpectedly (exit code {process.exitcode}"
                + (f": {said[-1]}" if said else "")
                + ")"
            )

    def _log_stderr(self) -> list[str]:
        """New lines the child wrote to stderr, each logged once; returns them all."""
        if self._stderr is None:
            return []
        try:
            self._stderr.seek(self._stderr_read)
            new = self._stderr.read(65536)
        except (OSError, ValueError):
            return []
        self._stderr_read += len(new)
        lines = [ln.strip() for ln in new.decode("utf-8", "replace").splitlines() if ln.strip()]
        for line in lines:
            if line not in self._said and len(self._said) < 100:
                self._said.add(line)
                hint = (
                    " (the voice's data is missing: Debian/Ubuntu package espeak-ng-data)"
                    if "dictionary" in line or "espeak-ng-data" in line
                    else ""
                )
                log.error("Speech: espeak-ng says: %s%s", line, hint)
        return lines

    def _fail(self, reason: str) -> None:
        log.error("Speech: %s; read aloud is turned off until the visitor leaves", reason)
        self._end()
        self.failed.emit(reason)

    def _end(self) -> None:
        """Kill the child if it is still there and forget it."""
        self._timer.stop()
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._sent.clear()
        self._paths.clear()
        self._start_deadline = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(2)
            if process.exitcode is not None:
                process.close()

    def shutdown(self) -> None:
        """Ask the child to quit; kill it if it does not."""
        conn, process = self._conn, self._process
        if conn is not None and process is not None and process.is_alive():
            try:
                conn.send(("quit",))
            except (OSError, ValueError):
                pass
            process.join(0.5)
        self._end()
        if self._stderr is not None:
            self._log_stderr()
            self._stderr.close()
            self._stderr, self._stderr_read = None, 0
