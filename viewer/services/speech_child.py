"""The speech process: how it is started, and its entry point (no Qt here).

The kiosk starts the speech worker as a plain child process rather than through
``multiprocessing`` (whose ``spawn`` start also starts a *resource tracker*, a third process
of 8 MiB from source and 19 MiB in the frozen build). The child gets one end of a socket pair
as a file descriptor and speaks to the kiosk through a
:class:`multiprocessing.connection.Connection` on it, so messages are pickled tuples with
``send``/``recv``/``poll`` as before.

- From source: ``python -m viewer.services.speech_child MODULE:FUNCTION FD``.
- Frozen (``sys.executable`` is the kiosk): ``kiosk --speech-worker MODULE:FUNCTION FD``;
  :func:`viewer.cli.main` hands that command line to :func:`run` before it imports Qt.

``MODULE:FUNCTION`` is the worker (``viewer.services.speech_worker:serve``; tests name
workers that hang or crash); it is called with the connection.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from viewer import paths

OPTION = "--speech-worker"
MODULE = "viewer.services.speech_child"  # this module's name (``__name__`` is __main__ in -m)
PARENT_CHECK_S = 1.0


def target_name(target: str | Callable[..., object]) -> str:
    """``MODULE:FUNCTION`` for a module-level function (a string is returned as it is)."""
    if isinstance(target, str):
        return target
    return f"{target.__module__}:{target.__qualname__}"


def load(name: str) -> Callable[[Connection], object]:
    """The function named ``MODULE:FUNCTION``."""
    module, _, function = name.partition(":")
    if not module or not function:
        raise ValueError(f"a speech worker is named MODULE:FUNCTION, not {name!r}")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def command(target: str, fd: int) -> list[str]:
    """The command line that starts the worker ``target`` talking on file descriptor ``fd``."""
    if paths.is_frozen():
        return [sys.executable, OPTION, target, str(fd)]
    return [sys.executable, "-m", MODULE, target, str(fd)]


def environment() -> dict[str, str]:
    """The child's environment: the kiosk's, with its module search path (from source)."""
    env = dict(os.environ)
    if not paths.is_frozen():
        env["PYTHONPATH"] = os.pathsep.join(p or os.getcwd() for p in sys.path)
    return env


def _end_with_parent() -> None:
    """Exit when the kiosk has gone, even if the worker hangs (multiprocessing's daemon
    children were ended at the kiosk's exit; a plain child is not)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="kiosk-speech-parent", daemon=True).start()


def serve_named(target: str, conn: Connection) -> None:
    """Run the worker named ``target`` (the ``multiprocessing`` child used on Windows)."""
    load(target)(conn)


def run(argv: list[str]) -> int:
    """Entry point of the speech process: ``[MODULE:FUNCTION, FD]``; the exit status."""
    if len(argv) != 2 or not argv[1].isdigit():
        sys.stderr.write(f"usage: {OPTION} MODULE:FUNCTION FD\n")
        return 2
    conn = Connection(int(argv[1]))
    _end_with_parent()
    try:
        load(argv[0])(conn)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        return 0  # the kiosk went away (ended, or killed) while we talked: nothing to tell
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
