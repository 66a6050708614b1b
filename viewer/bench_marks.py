"""Start-up stage marks for the benchmark (``python -m bench``); Qt-free, off unless asked.

``mark(stage)`` notes that ``stage`` has just ended: the time (CLOCK_MONOTONIC, the same
clock in every process on Linux) and the CPU this process has used so far. The benchmark
adds up the intervals ending at marks of the same name, so a stage may be marked more than
once (work done in two places) and the stages always add up to the time to the first paint.
The first-paint hook (viewer/ui/bench_hook.py) writes the marks with the first-paint line.
The names the benchmark knows are in :data:`STAGES`; put a mark where work of that kind ends.
"""

from __future__ import annotations

import os
import time

ENV = "KIOSK_BENCH_FIRST_PAINT"
STAGES = (
    "python",  # interpreter, command line, configuration, logging: Python before Qt
    "qt-free imports",  # our Qt-free modules and python-markdown
    "pyside6 import",  # PySide6's QtCore, QtGui, QtWidgets
    "qt modules",  # our modules that use Qt (viewer/ui, viewer/services)
    "qapplication",  # QApplication and the bundled fonts
    "window",  # building the window, its first screen and what starts with it
    "show",  # show, polish and layout until show returns
    # "first paint" (the event loop until the first frame is flushed) is the hook's line.
)

marks: list[tuple[str, float, float]] = []
_on = bool(os.environ.get(ENV))


def mark(stage: str) -> None:
    """Note that ``stage`` ends now (nothing unless the benchmark asked for it)."""
    if _on:
        marks.append((stage, time.monotonic(), time.process_time()))


def lines() -> str:
    """The marks as ``stage <name> <monotonic> <process time>`` lines."""
    return "".join(f"stage {name} {now:.6f} {cpu:.6f}\n" for name, now, cpu in marks)
