"""Between visitors: the attract screen, and the 'Are you still reading?' countdown card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.config import BrandingSettings
from viewer.core.articles import ArticleMeta
from viewer.ui.home import tile_picture
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.plain import plain_label
from viewer.ui.theme import set_role

SLIDE_MS = 6000  # each topic's picture stays this long
SLIDE_PX = 640  # the picture's width
ATTRACT_STYLE = """
AttractPage { background-color: #000000; }
AttractPage QLabel { background: transparent; color: #ffffff; }
AttractPage QLabel#invitation { color: #ffff00; }
"""


class AttractPage(QWidget):
    """Between visitors, light on black to be seen across the room: the hospital's name, a
    slow slideshow of the topics' pictures and names, and an invitation to touch. Any touch
    opens the home screen.

    Signals:
        touched: someone touched the screen.
    """

    touched = Signal()

    def __init__(
        self,
        branding: BrandingSettings,
        topics: Callable[[], list[ArticleMeta]] = list,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.topics = topics
        self.slide = -1
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(ATTRACT_STYLE)
        self.setAccessibleName("Touch the screen to start")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.addStretch(1)
        self.hospital = plain_label(branding.hospital_name)
        set_role(self.hospital, "hospital")
        self.picture = plain_label()
        self.topic = plain_label()
        set_role(self.topic, "cardHeading")
        self.invitation = plain_label("Touch the screen to learn about your procedure")
        self.invitation.setObjectName("invitation")
        set_role(self.invitation, "attractInvitation")
        self.hint = plain_label("Tap anywhere")
        set_role(self.hint, "hint")
        for label in (self.hospital, self.picture, self.topic, self.invitation, self.hint):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
            layout.addSpacing(24)
        layout.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(SLIDE_MS)
        self.timer.timeout.connect(self.next_slide)

    def next_slide(self) -> None:
        """The next topic's picture and name (light on black)."""
        topics = self.topics()
        self.picture.setVisible(bool(topics))
        self.topic.setVisible(bool(topics))
        if not topics:
            return
        self.slide = (self.slide + 1) % len(topics)
        meta = topics[self.slide]
        self.picture.setPixmap(tile_picture(meta, SLIDE_PX, high_contrast=True))
        self.topic.setText(meta.title)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The slideshow runs only while the attract screen shows."""
        super().showEvent(event)
        self.next_slide()
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        """No slideshow behind the other screens."""
        super().hideEvent(event)
        self.timer.stop()

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
