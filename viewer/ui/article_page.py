"""The article screen's layout: toolbar, title, section rail, reading pane, navigation.

Layout only; the window's controller decides what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QListWidget,
    QScroller,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.actions import Actions
from viewer.ui.plain import plain_label
from viewer.ui.theme import MIN_TOUCH_PX, STAFF_CORNER_PX
from viewer.ui.touch import SwipeFilter


def action_button(action, parent: QWidget | None = None) -> QToolButton:
    """A big touch button bound to an action, with a spoken name."""
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAccessibleName(action.toolTip())
    button.setMinimumSize(MIN_TOUCH_PX, MIN_TOUCH_PX)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setVisible(action.isVisible())
    action.changed.connect(lambda: button.setVisible(action.isVisible()))
    return button


class ArticlePage(QWidget):
    """Everything on the article screen."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(12)

        # A nested layout joins its parent before it gets items: PySide wraps the items of a
        # layout nested when already filled, and Qt later frees them under those wrappers
        # (tests/gui/test_window_lifecycle.py).
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(12)
        outer.addLayout(self.toolbar)
        self.home_button = action_button(actions.home)
        self.toolbar.addWidget(self.home_button)
        self.toolbar.addStretch(1)
        self.smaller_button = action_button(actions.font_smaller)
        self.bigger_button = action_button(actions.font_bigger)
        self.theme_button = action_button(actions.toggle_theme)
        self.read_button = action_button(actions.read_aloud)
        self.print_button = action_button(actions.print_article)
        # Landscape: one row. Portrait: Home alone on the first row, the rest on a second.
        self.tool_buttons = [
            self.smaller_button,
            self.bigger_button,
            self.theme_button,
            self.read_button,
            self.print_button,
        ]
        for b in self.tool_buttons:
            self.toolbar.addWidget(b)
        # The staff gesture's corner stays clear of controls: an empty square ends the top row.
        self.corner = QWidget()
        self.corner.setFixedSize(STAFF_CORNER_PX - outer.contentsMargins().right(), 1)
        self.toolbar.addWidget(self.corner)
        self.toolbar2 = QHBoxLayout()
        self.toolbar2.setSpacing(12)
        outer.addLayout(self.toolbar2)

        self.title = plain_label()
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(20)
        outer.addLayout(self.body, 1)
        self.rail = QListWidget()
        self.rail.setAccessibleName("Sections of this topic: tap one to go there")
        self.rail.setWordWrap(True)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rail.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.rail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        QScroller.grabGesture(self.rail.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.body.addWidget(self.rail, 0)

        self.text = QTextBrowser()
        self.text.setAccessibleName("Text of this section")
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.text.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.document().setDocumentMargin(24)
        viewport = self.text.viewport()
        viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.TouchGesture)
        self.swipe = SwipeFilter(self)
        viewport.installEventFilter(self.swipe)
        self.body.addWidget(self.text, 1)

        nav = QHBoxLayout()
        nav.setSpacing(16)
        outer.addLayout(nav)
        self.previous_button = action_button(actions.previous_section)
        self.next_button = action_button(actions.next_section)
        for b in (self.previous_button, self.next_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setMinimumHeight(MIN_TOUCH_PX + 16)
        self.position = plain_label()
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.position.setMinimumWidth(200)
        nav.addWidget(self.previous_button, 2)
        nav.addWidget(self.position, 1)
        nav.addWidget(self.next_button, 2)

    def set_portrait(self, portrait: bool, width: int, height: int) -> None:
        """Rail above the text in portrait, beside it in landscape, sized to the window."""
        row = self.toolbar2 if portrait else self.toolbar
        for b in self.tool_buttons:
            row.addWidget(b)  # moves it from the other row
        self.toolbar.addWidget(self.corner)  # last on the top row again
        if portrait:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.rail.setMinimumWidth(0)
            self.rail.setMaximumWidth(16777215)
            self.rail.setFixedHeight(max(200, height // 5))
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.rail.setMinimumHeight(0)
            self.rail.setMaximumHeight(16777215)
            rail_width = max(300, min(460, width // 4))
            self.rail.setMinimumWidth(rail_width)
            self.rail.setMaximumWidth(rail_width)
