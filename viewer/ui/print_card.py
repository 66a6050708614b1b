"""The large print card over the window: confirm, "Printing...", then the outcome.

Layout only; :class:`viewer.ui.print_controller.PrintController` decides what it says. It is
an overlay, not a modal dialog, so tests tap its buttons without ``exec()`` and the window
keeps running underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from viewer.ui.theme import MIN_TOUCH_PX


class PrintCard(QWidget):
    """A dimmed overlay with a card: a heading, a line of text and big buttons.

    ``state`` is one of ``hidden``, ``asking``, ``printing``, ``printed``, ``failed`` and
    ``refused``.

    Signals:
        accepted: the patient tapped Print.
        cancelled: the patient tapped Cancel or outside the card while asked.
        large_print_toggled(bool): the patient switched large print on or off.
    """

    accepted = Signal()
    cancelled = Signal()
    large_print_toggled = Signal(bool)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.state = "hidden"
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("PrintCard { background-color: rgba(0, 0, 0, 150); }")
        self.card = QFrame(self)
        self.card.setObjectName("popup")
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(24)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 30pt; font-weight: bold; background: transparent;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 22pt; background: transparent;")
        self.large_button = QPushButton()
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self._large_toggled)
        self.print_button = QPushButton("Print")
        self.print_button.setAccessibleName("Print the handout")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Do not print")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close this message")
        for b in (self.large_button, self.print_button, self.cancel_button, self.close_button):
            b.setMinimumHeight(MIN_TOUCH_PX + 16)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet("font-size: 22pt;")
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.cancel_button, 1)
        row.addWidget(self.print_button, 1)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addWidget(self.large_button)
        layout.addLayout(row)
        layout.addWidget(self.close_button)
        self.print_button.clicked.connect(self.accepted)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.dismiss)
        self.card.installEventFilter(self)
        parent.installEventFilter(self)  # follow the window when it is resized
        self.hide()

    # -- states ----------------------------------------------------------------------------
    def ask(self, question: str, detail: str, large_print: bool) -> None:
        """Ask before printing, with Print, Cancel and the large-print switch."""
        self.large_button.blockSignals(True)
        self.large_button.setChecked(large_print)
        self.large_button.blockSignals(False)
        self._label_large()
        self._show("asking", question, detail, asking=True)

    def update_question(self, question: str, detail: str) -> None:
        """New words while asking (after large print was switched)."""
        self.heading.setText(question)
        self.text.setText(detail)
        self.setAccessibleName(question)
        self._place()

    def show_printing(self, text: str) -> None:
        """'Printing...' while the job goes out; Close lets the patient read on."""
        self._show("printing", "Printing...", text, asking=False)
        self.close_button.setText("Keep reading")

    def show_outcome(self, state: str, heading: str, text: str) -> None:
        """The result: ``printed``, ``failed`` or ``refused``."""
        self._show(state, heading, text, asking=False)
        self.close_button.setText("Close")

    def _show(self, state: str, heading: str, text: str, asking: bool) -> None:
        self.state = state
        self.heading.setText(heading)
        self.text.setText(text)
        self.setAccessibleName(heading)
        for b in (self.large_button, self.print_button, self.cancel_button):
            b.setVisible(asking)
        self.close_button.setVisible(not asking)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        width = min(1000, int(self.width() * 0.85))
        self.card.setFixedWidth(width)
        self.card.layout().activate()  # buttons shown or hidden since the last layout
        self.card.setFixedHeight(self.card.layout().totalHeightForWidth(width))
        self.card.move((self.width() - width) // 2, (self.height() - self.card.height()) // 2)

    def _label_large(self) -> None:
        on = self.large_button.isChecked()
        self.large_button.setText("Large print: ON" if on else "Large print: OFF")
        self.large_button.setAccessibleName(
            "Large print is on; tap for normal print" if on
            else "Large print is off; tap for bigger letters on paper")

    def _large_toggled(self, on: bool) -> None:
        self._label_large()
        self.large_print_toggled.emit(on)

    # -- closing ---------------------------------------------------------------------------
    def cancel(self) -> None:
        """Do not print."""
        if self.state == "asking":
            self.dismiss()
            self.cancelled.emit()

    def dismiss(self) -> None:
        """Hide the card (a print already sent goes on)."""
        self.state = "hidden"
        self.hide()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A tap outside the card: Cancel while asking, otherwise close."""
        if self.state == "asking":
            self.cancel()
        else:
            self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A tap on an outcome card closes it, like the other pop-ups."""
        if watched is self.parentWidget():
            if event.type() == QEvent.Type.Resize and self.isVisible():
                self._place()
            return False
        if event.type() == QEvent.Type.MouseButtonPress and self.state in (
                "printed", "failed", "refused"):
            self.dismiss()
            return True
        return False
