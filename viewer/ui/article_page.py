"""The article screen's layout: toolbar, title, section rail, reading pane, navigation.

Layout only; the window's controller decides what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionEvent, QFontMetricsF, QTextOption
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScroller,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.i18n import _
from viewer.ui.actions import Actions
from viewer.ui.plain import plain_label
from viewer.ui.retranslate import Retranslating
from viewer.ui.section_chips import SectionChips
from viewer.ui.theme import (
    MIN_TOUCH_PX,
    RAIL_ITEM_PADDING_PX,
    READING_COLUMN_CHARS,
    SCROLL_BAR_PX,
    STAFF_CORNER_PX,
    keep_font,
    set_role,
)
from viewer.ui.touch import SwipeFilter

# A line of ordinary text: its average letter width measures the reading column.
SAMPLE_LINE = "Your doctor may suggest this when the pain makes everyday tasks hard."


def row_stack(parent: QBoxLayout, rows: int, spacing: int = 12) -> list[QHBoxLayout]:
    """``rows`` left-aligned rows in ``parent`` for :func:`wrap_into_rows` (empty ones take
    no room)."""
    made = []
    for _row in range(rows):
        row = QHBoxLayout()  # joins its parent before it gets items: see ArticlePage
        row.setSpacing(spacing)
        row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        parent.addLayout(row)
        made.append(row)
    return made


def shown_in(row: QHBoxLayout, candidates: Sequence[QWidget]) -> list[QWidget]:
    """The ``candidates`` shown in ``row``, in their order there.

    Asked with ``indexOf()`` rather than by walking ``itemAt()``: every ``itemAt()`` leaves a
    Python wrapper of a QWidgetItem that Qt frees behind it, the stale wrapper that once came
    back as the wrong type (tests/gui/test_window_lifecycle.py)."""
    found = [(row.indexOf(w), w) for w in candidates if not w.isHidden()]
    return [w for index, w in sorted(found, key=lambda pair: pair[0]) if index >= 0]


# What wrap_into_rows places: a widget, a group of widgets kept on one row when they fit on
# one, or None for "start a new row here".
RowItem = QWidget | Sequence[QWidget] | None


def wrap_into_rows(rows: Sequence[QHBoxLayout], items: Sequence[RowItem], width: int) -> None:
    """Put ``items`` left to right in ``rows``, starting a new row when the next one would
    not fit in ``width`` at its preferred size: nothing squeezed or cut off at any text size.

    A group (a tuple of widgets) moves to a new row whole rather than be split, when it fits
    on one; None starts a new row.
    """
    row = used = 0
    spacing = rows[0].spacing()
    placed: list[tuple[QWidget, int]] = []
    for item in items:
        if item is None:
            if used and row < len(rows) - 1:
                row, used = row + 1, 0
            continue
        group = [item] if isinstance(item, QWidget) else list(item)
        group = [w for w in group if not w.isHidden()]
        needs = [w.sizeHint().width() for w in group]
        whole = sum(needs) + spacing * (len(needs) - 1)
        if used and used + spacing + whole > width and whole <= width and row < len(rows) - 1:
            row, used = row + 1, 0  # the group together on the next row
        for w, need in zip(group, needs, strict=True):
            if used and used + spacing + need > width and row < len(rows) - 1:
                row, used = row + 1, 0
            placed.append((w, row))
            used += need + (spacing if used else 0)
    widgets = [w for w, _row in placed]
    if [shown_in(line, widgets) for line in rows] == [
        [w for w, r in placed if r == n] for n in range(len(rows))
    ]:
        return  # already so: moving them again would only ask for another layout
    for w, r in placed:
        rows[r].addWidget(w)  # moves it from wherever it was, to the end of this row
        keep_font(w)


ROW_STRETCHES = (2, 1, 2)
"""Back, the counter and Next in one row: their shares of the width."""


class ActionButton(QToolButton):
    """A tool button that shows its action and follows the action's changes itself.

    Qt 6.11's QToolButton answers every change of its default action (enabled, text, checked)
    by calling ``setDefaultAction`` again, and each call connects the action's ``changed``
    signal once more: after 1,000 changes an action had 1,000 such connections, each run on
    every later change. In the soak (bench/soak.py) they held about 175 KiB more per 1,000
    patient actions, without end (heaptrack: ``QToolButton::setDefaultAction`` ->
    ``QObject::connectImpl`` from ``QToolButton::actionEvent``).
    """

    def actionEvent(self, event: QActionEvent) -> None:  # noqa: N802 - Qt API
        """The default action changed: show it (instead of Qt's ``setDefaultAction`` again)."""
        action = event.action()
        if event.type() == QEvent.Type.ActionChanged and action == self.defaultAction():
            self.show_action(action)
        else:
            super().actionEvent(event)

    def show_action(self, action: QAction) -> None:
        """What ``setDefaultAction`` takes from the action (our actions set no font or icon
        text of their own), and whether it is shown, with its spoken name."""
        self.setText(action.iconText().replace("&", "&&"))  # as Qt: no keyboard mnemonic
        self.setIcon(action.icon())
        self.setToolTip(action.toolTip())
        self.setStatusTip(action.statusTip())
        self.setWhatsThis(action.whatsThis())
        self.setCheckable(action.isCheckable())
        self.setChecked(action.isChecked())
        self.setEnabled(action.isEnabled())
        self.setVisible(action.isVisible())
        self.setAccessibleName(action.toolTip())


def action_button(action: QAction, parent: QWidget | None = None) -> ActionButton:
    """A big touch button bound to an action, with a spoken name."""
    button = ActionButton(parent)
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAccessibleName(action.toolTip())
    button.setMinimumSize(MIN_TOUCH_PX, MIN_TOUCH_PX)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setVisible(action.isVisible())
    return button


def language_button(action: QAction, parent: QWidget | None = None) -> ActionButton:
    """A patient's language button ("Español"): a big touch button that names the language
    in itself, its spoken name in that language too."""
    button = action_button(action, parent)
    set_role(button, "navButton")  # as big as Back and Next
    return button


class BackgroundOnly(QStyledItemDelegate):
    """Draws a list item's background and rule but not its text: a label on top shows it."""

    def initStyleOption(  # noqa: N802 - Qt API
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """The item as the style would draw it, without its text."""
        super().initStyleOption(option, index)
        option.text = ""

    def updateEditorGeometry(  # noqa: N802 - Qt API
        self, editor: QWidget, option: QStyleOptionViewItem, index
    ) -> None:
        """The label covers the whole item (the style would give it only the text's room,
        inside the item's padding, and cut its last line)."""
        editor.setGeometry(option.rect)


class ArticlePage(Retranslating, QWidget):
    """Everything on the article screen."""

    def __init__(
        self, actions: Actions, languages: Sequence[QAction] = (), parent: QWidget | None = None
    ) -> None:
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
        self.language_buttons = [language_button(a) for a in languages]
        for button in self.language_buttons:  # beside Home: on the top row in any layout
            self.toolbar.addWidget(button)
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
            b.defaultAction().changed.connect(self._tool_button_changed)
        # The staff gesture's corner stays clear of controls: an empty square ends the top row.
        self.corner = QWidget()
        self.corner.setFixedSize(STAFF_CORNER_PX - outer.contentsMargins().right(), 1)
        self.toolbar.addWidget(self.corner)
        self.toolbar2 = row_stack(outer, 5)  # portrait: rows that wrap at any text size

        self.title = plain_label()
        set_role(self.title, "articleTitle")
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.language_note = plain_label()  # a topic shown in another language says so
        self.language_note.setWordWrap(True)
        set_role(self.language_note, "contact")
        self.language_note.hide()
        outer.addWidget(self.language_note)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(20)
        outer.addLayout(self.body, 1)
        self.rail = QListWidget()
        self.rail.setWordWrap(True)
        self.rail.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap titles on resize
        self.rail.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rail.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.rail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        QScroller.grabGesture(self.rail.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.body.addWidget(self.rail, 0)
        self._rail_timer = QTimer(self)  # the titles' heights once the list is filled
        self._rail_timer.setSingleShot(True)
        self._rail_timer.setInterval(0)
        self._rail_timer.timeout.connect(self.fit_rail_items)
        for signal in (self.rail.model().rowsInserted, self.rail.model().modelReset):
            signal.connect(self._rail_timer.start)
        self.rail.installEventFilter(self)  # and again when the list changes width
        self.rail.setItemDelegate(BackgroundOnly(self.rail))  # the labels show the titles
        self.rail.selectionModel().currentRowChanged.connect(self._mark_rail)
        self.chips = SectionChips(self.rail)  # portrait: every section in view, no scrolling
        self.chips.hide()
        self.body.addWidget(self.chips, 0)

        self.text = QTextBrowser()
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
        column = QHBoxLayout()  # the reading column, centred when the text limits its width
        column.setContentsMargins(0, 0, 0, 0)
        self.body.addLayout(column, 1)
        column.addStretch(1)
        column.addWidget(self.text, 100)
        column.addStretch(1)

        self.nav = nav = QGridLayout()
        nav.setSpacing(16)
        outer.addLayout(nav)
        self.previous_button = action_button(actions.previous_section)
        self.next_button = action_button(actions.next_section)
        for b in (self.previous_button, self.next_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            set_role(b, "navButton")  # its style sheet rule keeps it MIN_TOUCH_PX + 16 tall
        self.position = plain_label()
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.position, "position")
        self.position.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self._place_nav(portrait=False)
        for b in (self.previous_button, self.next_button):  # new words: placed again
            b.defaultAction().changed.connect(self._nav_changed)
        self.retranslate()

    def retranslate(self) -> None:
        """The spoken names in the screens' language (the reader words the rest)."""
        self.rail.setAccessibleName(_("Sections of this topic: tap one to go there"))
        self.text.setAccessibleName(_("Text of this section"))

    def _tool_button_changed(self) -> None:
        """A tool button's words or visibility changed: the rows again."""
        width, height = self._size
        self.set_portrait(height > width, width, height)

    def _fits_one_row(self, width: int) -> bool:
        """Landscape: True when Home, the language buttons and the tool buttons fit on one
        row at their preferred size (longer words, another language, may not)."""
        shown = [self.home_button, *self.language_buttons, *self.tool_buttons]
        needed = sum(b.sizeHint().width() for b in shown if not b.isHidden())
        needed += self.toolbar.spacing() * len(shown) + self.corner.width()
        return needed <= width - self.outer.contentsMargins().left() * 2

    def _wrap_tool_buttons(self, width: int) -> None:
        """Portrait: the tool buttons in as many rows as their size needs, none cut off."""
        wrap_into_rows(self.toolbar2, self.tool_buttons, width)

    def _nav_changed(self) -> None:
        width, height = self._size
        self._place_nav(portrait=height > width)

    def _place_nav(self, portrait: bool) -> None:
        """Back, the counter and Next in a row when their words fit whole (landscape), else
        the counter above them: side by side when both fit in half the width, else one above
        the other (portrait, longer words, larger text). Qt would cut a button's words short
        in the middle ("Back: What happ...ring the procedure")."""
        nav = self.nav
        for w in (self.previous_button, self.position, self.next_button):
            nav.removeWidget(w)
        inside = self._size[0] - 2 * self.outer.contentsMargins().left()
        half = (inside - nav.spacing()) // 2
        buttons = (self.previous_button, self.next_button)
        share = (inside - 2 * nav.spacing()) / sum(ROW_STRETCHES)  # the row's columns
        in_a_row = all(
            w.sizeHint().width() <= share * stretch
            for w, stretch in zip(
                (self.previous_button, self.position, self.next_button), ROW_STRETCHES, strict=True
            )
        )
        stacked = portrait or not in_a_row
        if stacked and max(b.sizeHint().width() for b in buttons) > half:
            nav.addWidget(self.position, 0, 0, 1, 2)
            nav.addWidget(self.previous_button, 1, 0, 1, 2)
            nav.addWidget(self.next_button, 2, 0, 1, 2)
            stretches = (1, 1, 0)
        elif stacked:
            nav.addWidget(self.position, 0, 0, 1, 2)
            nav.addWidget(self.previous_button, 1, 0)
            nav.addWidget(self.next_button, 1, 1)
            stretches = (1, 1, 0)
        else:
            nav.addWidget(self.previous_button, 0, 0)
            nav.addWidget(self.position, 0, 1)
            nav.addWidget(self.next_button, 0, 2)
            stretches = ROW_STRETCHES
        for c, stretch in enumerate(stretches):
            nav.setColumnStretch(c, stretch)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Laid out at once when shown, so the first section's pictures fit the column."""
        super().showEvent(event)
        self.outer.activate()

    _size = (1920, 1080)
    _rail_growth = 1.0

    def set_text_percent(self, percent: int) -> None:
        """The text size changed (the reading pane has its new font): size the rail and the
        reading column for it."""
        self._rail_growth = max(1.0, percent / 150)
        self.set_portrait(self._size[1] > self._size[0], *self._size)
        metrics = QFontMetricsF(self.text.font())
        column = metrics.horizontalAdvance(SAMPLE_LINE) * READING_COLUMN_CHARS / len(SAMPLE_LINE)
        margins = 2 * self.text.document().documentMargin() + SCROLL_BAR_PX + 8
        self.text.setMaximumWidth(int(column + margins))
        self.outer.activate()  # the column has its new width before pictures are fitted to it
        self.fit_rail_items()
        self.chips.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """The section list changed width: its titles' heights again."""
        if watched is self.rail and event.type() == QEvent.Type.Resize:
            self._rail_timer.start()
        return super().eventFilter(watched, event)

    def fit_rail_items(self) -> None:
        """Each section title shown whole: a wrapping label over its item, the item as tall
        as the label's lines at the list's width (the list's own drawing cut a long title
        short with "..." at large sizes)."""
        # Through the model's indexes, not QListWidgetItem wrappers: PySide's clear() of a
        # list whose items had item widgets set through their wrappers crashed now and then.
        rail = self.rail
        model = rail.model()
        current = rail.currentRow()
        labels = []
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            label = rail.indexWidget(index)
            if not isinstance(label, QLabel):
                label = plain_label(index.data())
                label.setObjectName("sectionTitle")
                set_role(label, "sectionTitle")
                label.setWordWrap(True)
                label.setContentsMargins(*[RAIL_ITEM_PADDING_PX] * 4)
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                label.setProperty("current", row == current)
                rail.setIndexWidget(index, label)
            labels.append(label)
        inside = rail.contentsRect()
        width = max(100, inside.width())
        heights = [label.heightForWidth(width) + 1 for label in labels]  # and the item's rule
        if sum(heights) > inside.height():  # the scroll bar takes its room
            width = max(100, width - SCROLL_BAR_PX)
            heights = [label.heightForWidth(width) + 1 for label in labels]
        for row, height in enumerate(heights):
            model.setData(model.index(row, 0), QSize(width, height), Qt.ItemDataRole.SizeHintRole)
        rail.doItemsLayout()

    def _mark_rail(self, index: QModelIndex) -> None:
        """The current section's title in the current section's colours."""
        model = self.rail.model()
        for row in range(model.rowCount()):
            label = self.rail.indexWidget(model.index(row, 0))
            if label is not None and label.property("current") != (row == index.row()):
                label.setProperty("current", row == index.row())
                label.style().unpolish(label)
                label.style().polish(label)

    def set_portrait(self, portrait: bool, width: int, height: int) -> None:
        """Rail above the text in portrait, beside it in landscape, sized to the window."""
        self._size = (width, height)
        if portrait or not self._fits_one_row(width):
            self._wrap_tool_buttons(width - self.outer.contentsMargins().left() * 2)
        else:
            for b in self.tool_buttons:
                self.toolbar.addWidget(b)  # moves it from the portrait rows
        self.toolbar.addWidget(self.corner)  # last on the top row again
        self._place_nav(portrait)
        if portrait:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.rail.hide()
            self.chips.show()
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.chips.hide()
            self.rail.show()
            rail_width = int(max(300, min(width // 3, width // 4 * self._rail_growth)))
            self.rail.setMinimumWidth(rail_width)
            self.rail.setMaximumWidth(rail_width)
