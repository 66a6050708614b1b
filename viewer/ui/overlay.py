"""A dimmed full-window overlay with a centred card: the base of the kiosk's big notices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from viewer.ui.plain import plain_label
from viewer.ui.theme import MIN_TOUCH_PX, set_role, text_percent


def big_button(text: str, spoken: str, parent: QWidget | None = None) -> QPushButton:
    """A large touch button with a spoken name."""
    button = QPushButton(text, parent)
    button.setAccessibleName(spoken)
    button.setMinimumHeight(MIN_TOUCH_PX + 16)
    set_role(button, "bigButton")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def card_width(base: int) -> int:
    """A card's width at the chosen text size: it grows with the text, up to the window."""
    return base * max(100, text_percent()) // 100


class Overlay(QWidget):
    """Covers the parent window, dims it and shows a card in the middle.

    Subclasses add their widgets to ``self.layout_`` (the card's layout). The overlay follows
    the parent's size while it is open.
    """

    card_width = 900

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = parent
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(f"{type(self).__name__} {{ background-color: rgba(0, 0, 0, 170); }}")
        self.card = QFrame(self)
        self.card.setObjectName("popup")
        self.layout_ = QVBoxLayout(self.card)
        self.layout_.setContentsMargins(40, 32, 40, 32)
        self.layout_.setSpacing(20)
        parent.installEventFilter(self)
        self.hide()

    def heading_label(self, text: str = "") -> QLabel:
        """A large heading on the card."""
        label = plain_label(text)
        label.setWordWrap(True)
        set_role(label, "cardHeading")
        self.layout_.addWidget(label)
        return label

    def text_label(self, text: str = "", role: str = "cardText") -> QLabel:
        """Body text on the card."""
        label = plain_label(text)
        label.setWordWrap(True)
        set_role(label, role)
        self.layout_.addWidget(label)
        return label

    def open(self) -> None:
        """Show over the whole parent, on top of everything else in it."""
        self.fit()
        self.show()
        self.raise_()

    def fit(self) -> None:
        """Cover the parent and centre the card."""
        self.setGeometry(self.host.rect())
        width = min(card_width(self.card_width), int(self.width() * 0.9))
        self.card.setFixedWidth(width)
        self.card.adjustSize()
        layout = self.layout_
        if layout.hasHeightForWidth():  # wrapped text: its height at this width, not at its own
            self.card.setFixedHeight(layout.totalHeightForWidth(width))
        height = min(self.card.height(), self.height())
        self.card.setFixedHeight(height)
        self.card.move((self.width() - width) // 2, (self.height() - height) // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Follow the parent's size."""
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.fit()
        return False
