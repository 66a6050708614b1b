"""Between visitors: the attract screen, and the 'Are you still reading?' countdown card."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from viewer.config import BrandingSettings
from viewer.core.articles import ArticleMeta
from viewer.core.locale_format import number
from viewer.i18n import _, current_language, ngettext
from viewer.ui.article_page import language_button
from viewer.ui.home import tile_picture
from viewer.ui.overlay import Overlay, big_button
from viewer.ui.plain import plain_label
from viewer.ui.retranslate import Retranslating
from viewer.ui.theme import set_role

SLIDE_MS = 6000  # each topic's picture stays this long
SLIDE_PX = 640  # the picture's width
ATTRACT_STYLE = """
AttractPage { background-color: #000000; }
AttractPage QLabel { background: transparent; color: #ffffff; }
AttractPage QLabel#invitation { color: #ffff00; }
"""


class AttractPage(Retranslating, QWidget):
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
        # A page of the window's stack: its size at a visitor's large text (the slide, the
        # language buttons) must never make the window taller than the screen. It shows after
        # the idle reset, at the configured text size.
        self.setMinimumSize(1, 1)
        self.language_buttons: list[QToolButton] = []
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.addStretch(1)
        self.hospital = plain_label(branding.hospital_name)
        set_role(self.hospital, "hospital")
        self.picture = plain_label()
        self.topic = plain_label()
        set_role(self.topic, "cardHeading")
        self.invitation = plain_label()
        self.invitation.setObjectName("invitation")
        set_role(self.invitation, "attractInvitation")
        self.hint = plain_label()
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
        self.retranslate()

    def add_language_buttons(self, languages: Sequence[QAction]) -> None:
        """A big button per language to switch to, under the invitation; a tap on one
        switches the language and opens the home screen, like any other touch."""
        row = QHBoxLayout()  # joins its parent before it gets items: see ArticlePage
        row.setSpacing(24)
        self.layout_.insertLayout(self.layout_.count() - 1, row)
        row.addStretch(1)
        for action in languages:
            button = language_button(action)
            button.clicked.connect(self.touched)
            row.addWidget(button)
            self.language_buttons.append(button)
        row.addStretch(1)

    def retranslate(self) -> None:
        """Every word in the screens' language."""
        self.setAccessibleName(_("Touch the screen to start"))
        self.invitation.setText(_("Touch the screen to learn about your procedure"))
        self.hint.setText(_("Tap anywhere"))
        if self.isVisible():  # the slide on screen: its topic in the new language
            self.slide -= 1
            self.next_slide()

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


class StillThereCard(Retranslating, Overlay):
    """'Are you still reading?' with a countdown and a big Keep reading button.

    Signals:
        keep: the visitor tapped Keep reading.
    """

    keep = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.heading = self.heading_label()
        self.text = self.text_label()
        self.keep_button = big_button("", "")
        set_role(self.keep_button, "keepButton")
        self.keep_button.clicked.connect(self.keep)
        self.layout_.addWidget(self.keep_button)
        self.seconds = 0
        self.retranslate()

    def retranslate(self) -> None:
        """Every word in the screens' language."""
        self.setAccessibleName(_("Are you still reading?"))
        self.heading.setText(_("Are you still reading?"))
        self.keep_button.setText(_("Keep reading"))
        self.keep_button.setAccessibleName(_("Keep reading: I am still here"))
        self.set_seconds(self.seconds)

    def set_seconds(self, seconds: int) -> None:
        """Show how long until the screen goes back to the start."""
        self.seconds = seconds
        self.text.setText(
            ngettext(
                "The screen will go back to the start in {n} second, ready for the next person.",
                "The screen will go back to the start in {n} seconds, ready for the next person.",
                seconds,
            ).format(n=number(seconds, current_language()))
        )
        if self.isVisible():
            self.fit()
