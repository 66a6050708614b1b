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
from viewer.i18n import N_, _
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.plain import plain_label
from viewer.ui.retranslate import Retranslating
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
    ("print_preview", N_("Print preview"), N_("See the handout as it will print")),
    ("choose_printer", N_("Choose printer"), N_("Choose the printer for handouts")),
    ("save_pdf", N_("Save PDF"), N_("Save the handout as a PDF file")),
)
"""Staff printing commands: (window method, button text, spoken name), marked for the
catalogue and translated where shown."""
STAFF_COMMANDS = (
    *PRINT_ENTRY_POINTS,
    ("reload", N_("Reload the content"), N_("Read the articles folder again")),
    ("problems", N_("Content problems"), N_("Show the content files that need attention")),
    ("diagnostics", N_("Diagnostics"), N_("Show versions, screen, folders and settings")),
    ("usage", N_("Usage counts"), N_("Show today's and this month's anonymous usage counts")),
    ("leave", N_("Leave the kiosk"), N_("Close the kiosk and go to the desktop")),
    ("done", N_("End staff mode"), N_("End staff mode and go back to the patient screen")),
)
"""Every button of the staff menu, in order."""


class StaffMenu(Retranslating, Overlay):
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
        self.heading = self.heading_label()
        self.note = self.text_label(role="staffNote")
        self.buttons: dict[str, QPushButton] = {}
        for key, _text, _spoken in STAFF_COMMANDS:
            self.buttons[key] = big_button("", "")
            self.layout_.addWidget(self.buttons[key])
        self.buttons["leave"].clicked.connect(self.leave)
        self.buttons["done"].clicked.connect(self.done)
        self.print_note = plain_label()
        self.print_note.setWordWrap(True)
        self.print_note.setStyleSheet("font-size: 16pt; background: transparent;")
        self.layout_.insertWidget(2 + len(PRINT_ENTRY_POINTS), self.print_note)
        self.retranslate()

    def retranslate(self) -> None:
        """Every word in the screens' language (the content problems' count is added when
        the menu opens)."""
        self.setAccessibleName(_("Staff menu"))
        self.heading.setText(_("Staff mode"))
        for key, text, spoken in STAFF_COMMANDS:
            self.buttons[key].setText(_(text))
            self.buttons[key].setAccessibleName(_(spoken))


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
