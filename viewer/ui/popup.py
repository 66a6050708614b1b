"""A large message card over the window that closes with one tap anywhere."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class Popup(QWidget):
    """A dimmed overlay with a card: a heading, text and a Close button.

    Any tap, on the card or outside it, closes it.

    Signals:
        closed: the popup was dismissed.
    """

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("Popup { background-color: rgba(0, 0, 0, 150); }")
        self.card = QFrame(self)
        self.card.setObjectName("popup")
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(20)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 30pt; font-weight: bold; background: transparent;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 24pt; background: transparent;")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close this message")
        self.close_button.setMinimumHeight(80)
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addWidget(self.close_button)
        self.card.installEventFilter(self)
        self.hide()

    def show_message(self, heading: str, text: str) -> None:
        """Show a heading and text over the parent window."""
        self.heading.setText(heading)
        self.text.setText(text)
        self.setAccessibleName(heading)
        self.setGeometry(self.parentWidget().rect())
        width = min(900, int(self.width() * 0.85))
        self.card.setFixedWidth(width)
        self.card.adjustSize()
        self.card.move((self.width() - width) // 2, (self.height() - self.card.height()) // 2)
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        """Close the popup."""
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A tap outside the card closes it."""
        self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A tap on the card closes it too."""
        if event.type() == QEvent.Type.MouseButtonPress:
            self.dismiss()
            return True
        return False
