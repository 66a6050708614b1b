"""Work that waits until the first frame is on screen.

The kiosk builds only what its first screen needs before that screen is painted; printing,
read aloud and IT's status reporting are built right after (or on first use). Qt paints a
window's widgets when the event loop first turns after ``show``; a zero timer started from
that paint runs once the frame has been drawn and flushed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 2000
"""Run the waiting work after this long even if nothing was painted (no screen to paint)."""


class AfterFirstFrame(QObject):
    """Runs callbacks, in order and once, right after ``window``'s first paint."""

    def __init__(self, window: QWidget, latest_ms: int = LATEST_MS) -> None:
        super().__init__(window)
        self.window = window
        self.done = False
        self._callbacks: list[Callable[[], object]] = []
        # The window's own events only: Qt paints a window from the top, so the window gets
        # the first paint event of any frame (watching the whole application ran Python for
        # every event of the start-up, some thousands).
        window.installEventFilter(self)
        QTimer.singleShot(latest_ms, self, self.run)

    def add(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after the first frame (at once if that has happened)."""
        if self.done:
            callback()
        else:
            self._callbacks.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The window's first paint: run the callbacks after it."""
        if event.type() == QEvent.Type.Paint:
            self._stop_watching()
            # A zero timer runs once this paint has been flushed; the second lets whatever
            # else waited for the same paint (the benchmark's first-paint hook) go first.
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, self.run))
        return False

    def _stop_watching(self) -> None:
        self.window.removeEventFilter(self)

    def run(self) -> None:
        """Run the waiting callbacks now (once)."""
        if self.done:
            return
        self.done = True
        self._stop_watching()
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()
