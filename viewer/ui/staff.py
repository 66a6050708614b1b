"""Staff mode: the hidden corner gesture, the staff menu and the diagnostics text."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, Signal, qVersion
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QLineEdit,
    QPushButton,
    QWidget,
)

from viewer import __version__
from viewer.config import Config
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.plain import plain_label
from viewer.ui.theme import STAFF_CORNER_PX

CORNER_PX = STAFF_CORNER_PX  # the top-right square that counts for the gesture
CONTROLS = (QAbstractButton, QAbstractItemView, QAbstractSlider, QLineEdit)
TAPS = 5
WITHIN_SECONDS = 3.0
HOLD_SECONDS = 1.0


class CornerGesture(QObject):
    """Five taps in the top-right corner within three seconds, the last held for a second.

    An application-wide event filter on the kiosk window's touches and clicks. It only
    watches: the taps still reach whatever is under them. One tap reaches the filter several
    times (the window, the widget, its parents; a touch and the mouse press Qt makes from it),
    all with the same timestamp, so it counts once. ``clock`` returns seconds; tests pass a
    fake one.

    Signals:
        triggered: the gesture was made.
    """

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.clock = clock
        self.presses: list[float] = []
        self._down_at: float | None = None
        self._stamps = {"press": -1, "release": -1}

    def in_corner(self, pos: QPointF) -> bool:
        """True for a point (window coordinates) in the top-right corner square, on no control.

        The layouts keep the square clear; a tap that lands on a control anyway (a button
        moved by a future layout) is a tap on that control, never part of the gesture.
        """
        if pos.y() > CORNER_PX or pos.x() < self.window.width() - CORNER_PX:
            return False
        widget = self.window.childAt(pos.toPoint())
        while widget is not None and widget is not self.window:
            if isinstance(widget, CONTROLS) and widget.isEnabled():
                return False
            widget = widget.parentWidget()
        return True

    def _ours(self, watched: QObject) -> bool:
        if isinstance(watched, QWidget):
            return watched.window() is self.window
        return watched is self.window.windowHandle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Watch presses and releases; never consume them."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            which = "press"
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd):
            which = "release"
        else:
            return False
        assert isinstance(event, QMouseEvent | QTouchEvent)
        if event.timestamp() == self._stamps[which] or not self._ours(watched):
            return False
        self._stamps[which] = event.timestamp()
        if which == "release":
            self._release()
        elif event.points():
            self._press(self.window.mapFromGlobal(event.points()[0].globalPosition()))
        return False

    def _press(self, pos: QPointF) -> None:
        now = self.clock()
        if not self.in_corner(pos):
            self.presses.clear()
            self._down_at = None
            return
        self.presses = [t for t in self.presses if now - t <= WITHIN_SECONDS] + [now]
        self._down_at = now

    def _release(self) -> None:
        if self._down_at is None:
            return
        held = self.clock() - self._down_at
        self._down_at = None
        if len(self.presses) >= TAPS and held >= HOLD_SECONDS:
            self.presses.clear()
            self.triggered.emit()


PRINT_ENTRY_POINTS = (
    ("print_preview", "Print preview", "See the handout as it will print"),
    ("choose_printer", "Choose printer", "Choose the printer for handouts"),
    ("save_pdf", "Save PDF", "Save the handout as a PDF file"),
)
"""Staff printing commands: (window method, button text, spoken name)."""


class StaffMenu(Overlay):
    """What staff can do. Printing buttons work when the window offers those commands.

    Signals:
        leave: leave the kiosk (close it).
        done: end staff mode.
    """

    leave = Signal()
    done = Signal()
    card_width = 1000

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("Staff menu")
        self.heading = self.heading_label("Staff mode")
        self.note = self.text_label(role="staffNote")
        self.buttons: dict[str, QPushButton] = {}

        def add(key: str, text: str, spoken: str) -> QPushButton:
            button = big_button(text, spoken)
            self.layout_.addWidget(button)
            self.buttons[key] = button
            return button

        for name, text, spoken in PRINT_ENTRY_POINTS:
            add(name, text, spoken)
        add("reload", "Reload the content", "Read the articles folder again")
        add("problems", "Content problems", "Show the content files that need attention")
        add("diagnostics", "Diagnostics", "Show versions, screen, folders and settings")
        add("usage", "Usage counts", "Show today's and this month's anonymous usage counts")
        add("leave", "Leave the kiosk", "Close the kiosk and go to the desktop").clicked.connect(
            self.leave
        )
        add(
            "done", "End staff mode", "End staff mode and go back to the patient screen"
        ).clicked.connect(self.done)
        self.print_note = plain_label()
        self.print_note.setWordWrap(True)
        self.print_note.setStyleSheet("font-size: 16pt; background: transparent;")
        self.layout_.insertWidget(2 + len(PRINT_ENTRY_POINTS), self.print_note)


def diagnostics(config: Config, content_dir: Path, log_file: Path | None, screen_size: str) -> str:
    """Plain-text facts staff or IT need when something is wrong."""
    lines = [
        f"Kiosk version: {__version__}",
        f"Qt version: {qVersion()}; Python {platform.python_version()}",
        f"Platform: {platform.platform()} ({sys.platform})",
        f"Screen: {screen_size}",
        f"Content folder: {content_dir}",
        f"Configuration file: {config.source or 'none (built-in defaults)'}",
    ]
    if config.problems:
        lines.append("Configuration problems:")
        lines += [f"  - {p}" for p in config.problems]
    else:
        lines.append("Configuration problems: none")
    lines.append(f"Staff PIN: {'set' if config.kiosk.staff_pin_hash else 'not set'}")
    lines.append(f"Log file: {log_file or 'none (console only)'}")
    return "\n".join(lines)
