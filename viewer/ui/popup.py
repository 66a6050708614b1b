"""A large message card over the window that closes with one tap anywhere."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from viewer.i18n import _
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.retranslate import Retranslating


class Popup(Retranslating, Overlay):
    """A dimmed overlay with a card: a heading, text and a Close button.

    Any tap, on the card or outside it, closes it.

    Signals:
        closed: the popup was dismissed.
    """

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = self.heading_label()
        self.text = self.text_label()
        self.close_button = big_button("", "")
        self.close_button.clicked.connect(self.dismiss)
        self.layout_.addWidget(self.close_button)
        self.card.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        """The button's words in the screens' language (a message is shown in the language
        it was made in; a language switch cannot happen under an open pop-up)."""
        self.close_button.setText(_("Close"))
        self.close_button.setAccessibleName(_("Close this message"))

    def show_message(self, heading: str, text: str) -> None:
        """Show a heading and text over the parent window."""
        self.heading.setText(heading)
        self.text.setText(text)
        self.setAccessibleName(heading)
        self.open()

    def dismiss(self) -> None:
        """Close the popup."""
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def clear(self) -> None:
        """Close it and forget its words (a new visitor must not see the last one's)."""
        self.dismiss()
        self.heading.clear()
        self.text.clear()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A tap outside the card closes it."""
        self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A tap on the card closes it too; the overlay follows the window's size."""
        if watched is self.card and event.type() == QEvent.Type.MouseButtonPress:
            self.dismiss()
            return True
        return super().eventFilter(watched, event)
