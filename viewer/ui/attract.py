"""Between visitors: the attract screen, and the 'Are you still reading?' countdown card."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.config import BrandingSettings
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.plain import plain_label
from viewer.ui.theme import set_role


class AttractPage(QWidget):
    """The hospital's name and an invitation to touch; any touch opens the home screen.

    Signals:
        touched: someone touched the screen.
    """

    touched = Signal()

    def __init__(self, branding: BrandingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAccessibleName("Touch the screen to start")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.addStretch(2)
        self.hospital = plain_label(branding.hospital_name)
        set_role(self.hospital, "hospital")
        self.invitation = plain_label("Touch the screen to learn about your procedure")
        set_role(self.invitation, "attractInvitation")
        self.hint = plain_label("Tap anywhere")
        self.hint.setObjectName("muted")
        set_role(self.hint, "hint")
        for label in (self.hospital, self.invitation, self.hint):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
            layout.addSpacing(24)
        layout.addStretch(3)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """A tap or click anywhere."""
        event.accept()
        self.touched.emit()

    def event(self, event: QEvent) -> bool:
        """A touch anywhere (touch screens that do not make mouse events)."""
        if event.type() == QEvent.Type.TouchBegin:
            event.accept()
            self.touched.emit()
            return True
        return super().event(event)


class StillThereCard(Overlay):
    """'Are you still reading?' with a countdown and a big Keep reading button.

    Signals:
        keep: the visitor tapped Keep reading.
    """

    keep = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("Are you still reading?")
        self.heading = self.heading_label("Are you still reading?")
        self.text = self.text_label()
        self.keep_button = big_button("Keep reading", "Keep reading: I am still here")
        set_role(self.keep_button, "keepButton")
        self.keep_button.clicked.connect(self.keep)
        self.layout_.addWidget(self.keep_button)

    def set_seconds(self, seconds: int) -> None:
        """Show how long until the screen goes back to the start."""
        unit = "second" if seconds == 1 else "seconds"
        self.text.setText(
            f"The screen will go back to the start in {seconds} {unit}, ready for the next person."
        )
