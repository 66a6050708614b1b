"""Somewhere to write for the command-line commands of the windowed Windows build.

``kiosk.exe`` is a windowed program: Windows gives it no console and Python sets
``sys.stdout`` and ``sys.stderr`` to None, so ``kiosk.exe --sample-config``, ``--check-content``,
``--set-pin`` or ``--export-pdf`` would crash on their first line of output. Before a command
runs, :func:`ensure_streams`:

1. attaches to the console of the program that started it (a PowerShell or cmd window), so
   the output appears there; or, when there is none (started by Intune, a scheduled task or
   Explorer),
2. writes it to ``<command>.txt`` in the kiosk's log folder.

The exit status is returned either way. For a console that waits for the command and gets
its output in order, IT runs ``kiosk-console.exe`` (the same program built as a console
program, next to ``kiosk.exe``), where nothing here is needed. The kiosk itself (no command)
is left alone: it logs to its file. Never run on Windows (no Windows machine); the branches
are unit-tested with the platform faked.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from viewer import paths

# Options that start the kiosk window rather than a command.
WINDOW_OPTIONS = ("--windowed", "--config", "--content")
ATTACH_PARENT_PROCESS = -1
OPENED: list[TextIO] = []  # the streams opened here, for the life of the process


def platform() -> str:
    """``sys.platform`` (a function, so that tests can fake Windows)."""
    return sys.platform


def command_name(words: list[str]) -> str | None:
    """The command asked for (``self-test`` for ``--self-test``), or None for the kiosk."""
    for word in words:
        if word.startswith("--"):
            option = word.split("=", 1)[0]
            if option not in WINDOW_OPTIONS:
                return option.removeprefix("--")
        elif word.startswith("-"):
            return word.lstrip("-") or None  # -h
    return None


def attach_parent_console() -> bool:  # pragma: no cover - Windows only
    """Attach to the console of the parent process; False when it has none."""
    import ctypes

    return bool(ctypes.windll.kernel32.AttachConsole(ATTACH_PARENT_PROCESS))  # type: ignore[attr-defined]


def open_console() -> tuple[TextIO, TextIO, TextIO]:  # pragma: no cover - Windows only
    """The attached console's output, error and input streams."""
    out = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    err = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    inp = open("CONIN$", encoding="utf-8", errors="replace")  # noqa: SIM115
    return out, err, inp


def ensure_streams(
    words: list[str],
    attach: Callable[[], bool] | None = None,
    console: Callable[[], tuple[TextIO, TextIO, TextIO]] | None = None,
) -> str:
    """Give a command's output somewhere to go when the program has no standard streams.

    Returns where it goes: "standard streams" (nothing to do), "kiosk" (no command: left
    alone), "parent console" or the path of the file in the log folder.
    """
    if sys.stdout is not None and sys.stderr is not None:
        return "standard streams"
    name = command_name(words)
    if name is None:
        return "kiosk"
    if platform() == "win32" and (attach or attach_parent_console)():
        out, err, inp = (console or open_console)()
        OPENED.extend((out, err, inp))
        sys.stdout = sys.stdout or out
        sys.stderr = sys.stderr or err
        sys.stdin = sys.stdin or inp
        return "parent console"
    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(folder) / f"{name}.txt"
    stream = path.open("w", encoding="utf-8", errors="replace")
    OPENED.append(stream)
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream
    return str(path)
