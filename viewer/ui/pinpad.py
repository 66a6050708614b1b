"""The staff PIN pad: big digits for a touch screen, dots instead of the PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from viewer.core.pin import MAX_DIGITS, Outcome, PinGate
from viewer.i18n import _
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.retranslate import Retranslating


class PinPad(Retranslating, Overlay):
    """Enter the staff PIN; wrong PINs count towards the gate's lockout.

    Signals:
        accepted: the right PIN was entered.
    """

    accepted = Signal()
    card_width = 640

    def __init__(self, parent: QWidget, gate: PinGate) -> None:
        super().__init__(parent)
        self.gate = gate
        self.entered = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = self.heading_label()
        self.dots = self.text_label(role="staffDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = self.text_label(role="staffText")
        grid = QGridLayout()  # joins its parent before it gets items: see ArticlePage
        grid.setSpacing(14)
        self.layout_.addLayout(grid)
        self.digits: dict[str, QPushButton] = {}
        for n, digit in enumerate("1234567890"):
            button = big_button(digit, "")
            button.setStyleSheet("font-size: 34pt; min-height: 96px;")
            button.clicked.connect(lambda _=False, d=digit: self.press(d))
            self.digits[digit] = button
            grid_row, col = (3, 1) if digit == "0" else divmod(n, 3)
            grid.addWidget(button, grid_row, col)
        self.clear_button = big_button("", "")
        self.clear_button.clicked.connect(self.clear)
        self.ok_button = big_button("", "")
        self.ok_button.clicked.connect(self.submit)
        for button in (self.clear_button, self.ok_button):
            button.setStyleSheet("font-size: 24pt; min-height: 96px;")
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self.ok_button, 3, 2)
        row = QHBoxLayout()
        self.layout_.addLayout(row)
        self.cancel_button = big_button("", "")
        self.cancel_button.clicked.connect(self.close_pad)
        row.addWidget(self.cancel_button)
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(1000)
        self._lock_timer.timeout.connect(self._show_lock)
        self.retranslate()

    def retranslate(self) -> None:
        """Every word in the screens' language."""
        self.setAccessibleName(_("Staff PIN"))
        self.heading.setText(_("Staff PIN"))
        self.dots.setAccessibleName(_("PIN digits entered"))
        for digit, button in self.digits.items():
            button.setAccessibleName(_("Digit {digit} of the PIN").format(digit=digit))
        # Translators: PIN pad buttons; little room.
        self.clear_button.setText(_("Clear"))
        self.clear_button.setAccessibleName(_("Clear the digits entered"))
        self.ok_button.setText(_("OK"))
        self.ok_button.setAccessibleName(_("Check the PIN"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Close the PIN pad"))

    def open_pad(self) -> None:
        """Show the pad, empty; locked when the gate is locked."""
        self.clear()
        self.message.setText(_("Type the staff PIN, then OK."))
        self._show_lock()
        self.open()
        self.setFocus()

    def close_pad(self) -> None:
        """Hide the pad and forget the digits."""
        self.clear()
        self._lock_timer.stop()
        self.hide()

    def press(self, digit: str) -> None:
        """One digit."""
        if len(self.entered) < MAX_DIGITS:
            self.entered += digit
            self._show_dots()

    def clear(self) -> None:
        """Forget the digits entered."""
        self.entered = ""
        self._show_dots()

    def submit(self) -> None:
        """Check the digits entered."""
        answer = self.gate.attempt(self.entered)
        self.clear()
        self.message.setText(answer.message)
        if answer.outcome is Outcome.ACCEPTED:
            self.close_pad()
            self.accepted.emit()
        elif answer.outcome is Outcome.LOCKED:
            self._show_lock()

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self.entered) or " ")

    def _show_lock(self) -> None:
        blocked = self.gate.status()
        locked = blocked is not None and blocked.outcome is Outcome.LOCKED
        for button in (*self.digits.values(), self.ok_button, self.clear_button):
            button.setEnabled(not locked)
        if locked:
            assert blocked is not None
            self.message.setText(blocked.message)
            self._lock_timer.start()
        elif self._lock_timer.isActive():
            self._lock_timer.stop()
            self.message.setText(_("Type the staff PIN, then OK."))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Digits, Backspace and Enter from a keyboard, for staff who have one."""
        text = event.text()
        if text.isdigit() and self.ok_button.isEnabled():
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.entered = self.entered[:-1]
            self._show_dots()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.ok_button.isEnabled():
            self.submit()
        else:
            super().keyPressEvent(event)
