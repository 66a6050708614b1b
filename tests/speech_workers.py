"""Speech worker processes that misbehave, for the tests of the engine's supervision.

Each is a ``target`` for :class:`viewer.services.speech_engine.ProcessEngine`, run in a
spawned child process (so: module-level functions, no Qt).
"""

from __future__ import annotations

import ctypes
import os
import threading
from multiprocessing.connection import Connection

from viewer.services import speech_worker
from viewer.services.speech_worker import Voice

VOICES = [Voice("fake/en", "Fake English", ("en",))]


def _wait_for_request(conn: Connection) -> None:
    try:
        conn.recv()
    except EOFError:  # the test is over
        os._exit(0)


def hanging_worker(conn: Connection) -> None:
    """Starts fine, then never answers a request (like a stuck synthesiser).

    It says ``("hanging",)`` once it has the request (the engine ignores that message), so a
    test knows the hang has begun.
    """
    conn.send(("ready", VOICES))
    _wait_for_request(conn)
    conn.send(("hanging",))
    threading.Event().wait()  # forever


def crashing_worker(conn: Connection) -> None:
    """Starts fine, then dies on the first request (like a crash in libespeak-ng)."""
    conn.send(("ready", VOICES))
    _wait_for_request(conn)
    os._exit(11)


def silent_start_worker(conn: Connection) -> None:
    """Never says it is ready (a start-up that hangs)."""
    threading.Event().wait()  # forever


def serve_without_espeak(conn: Connection) -> None:
    """The real worker on a machine where libespeak-ng cannot be loaded."""
    real = ctypes.cdll.LoadLibrary

    def refuse(name: str):
        if "espeak" in str(name).lower():
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return real(name)

    ctypes.cdll.LoadLibrary = refuse  # type: ignore[method-assign]
    speech_worker.serve(conn)
