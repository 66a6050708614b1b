"""The home screen: the hospital's name and numbers, and one big tile per topic."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from viewer.config import BrandingSettings
from viewer.core.articles import ArticleMeta
from viewer.core.handout import contact_lines
from viewer.core.images import image_problem
from viewer.core.locale_format import number
from viewer.core.render import tile_picture_path
from viewer.i18n import N_, _, current_language, translator
from viewer.services import pictures
from viewer.ui import theme
from viewer.ui.actions import Actions
from viewer.ui.article_page import (
    RowItem,
    action_button,
    language_button,
    row_stack,
    wrap_into_rows,
)
from viewer.ui.plain import plain_label
from viewer.ui.retranslate import Retranslating
from viewer.ui.theme import STAFF_CORNER_PX, set_role

TILES_PER_PAGE = 8
LOGO_PX = 120
ONE_COLUMN_FROM = 175  # text size (percent) from which the tiles stand in one column
READ_ALOUD_HINT = N_("Every topic can be read aloud to you: tap Read aloud at the top of the page.")


PICTURE_PX = 200  # a tile's picture at 100%; it grows with the text (less than the text)


def tile_picture(meta: ArticleMeta, width: int, high_contrast: bool) -> QPixmap:
    """The article's icon or else its first picture, drawn ``width`` wide, or an information
    mark."""
    path = tile_picture_path(meta)
    image = None
    if path is not None and image_problem(path) is None:
        image = pictures.draw(path, width, high_contrast)
    if image is not None:
        return QPixmap.fromImage(image)
    pixmap = QPixmap(width, width * 3 // 4)
    colours = theme.THEMES["high-contrast" if high_contrast else "standard"]
    pixmap.fill(QColor(colours.background))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colours.text), max(3, width // 40)))
    side = min(pixmap.width(), pixmap.height()) - 16
    circle = QRectF((pixmap.width() - side) / 2, 8, side, side)
    painter.drawEllipse(circle)
    font = QFont()
    font.setPixelSize(side // 2)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, "i")  # information
    painter.end()
    return pixmap


class Tile(QPushButton):
    """A topic: a picture, its title in large bold type and its one-line summary."""

    def __init__(self, meta: ArticleMeta, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article_id = meta.id
        self.meta = meta
        self.setObjectName("tile")
        self.setAccessibleName(_("Open the topic: {title}").format(title=meta.title))
        self.setAccessibleDescription(meta.summary)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(20, 20, 24, 20)
        row.setSpacing(20)
        self.picture = plain_label()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.picture.setAccessibleName("")
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        self._drawn: tuple[int, bool] | None = None
        self.layout_ = layout = QVBoxLayout()
        row.addLayout(layout, 1)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = plain_label(meta.title)
        self.title.setWordWrap(True)
        set_role(self.title, "tileTitle")
        self.summary = plain_label(meta.summary)
        self.summary.setWordWrap(True)
        set_role(self.summary, "tileSummary")
        for label in (self.title, self.summary):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(150)
        self.draw_picture()

    def draw_picture(self) -> None:
        """The picture for the text size and the theme now applied (drawn once for each)."""
        high_contrast = theme.current_theme() == "high-contrast"
        width = PICTURE_PX * (100 + max(0, theme.text_percent() - 100) // 2) // 100
        if self._drawn != (width, high_contrast):
            self._drawn = (width, high_contrast)
            self.picture.setPixmap(tile_picture(self.meta, width, high_contrast))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new theme: the picture again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.draw_picture()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """At least as tall as the wrapped labels at the new width."""
        super().resizeEvent(event)
        self.fit_height()

    def fit_height(self) -> None:
        """At least as tall as the picture and the wrapped labels at the tile's width and
        text size (no taller: a smaller size gives the room back)."""
        width = self.width() - self.picture.sizeHint().width() - 64
        needed = max(self.layout_.totalHeightForWidth(width), self.picture.sizeHint().height())
        self.setMinimumHeight(max(150, needed + 40))

    def sizeHint(self):  # noqa: N802 - Qt API
        """Tall enough for the wrapped labels."""
        return self.row.sizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        """Height of the picture and the wrapped labels at ``width``."""
        return self.row.totalHeightForWidth(width)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        """Tiles grow with their text."""
        return True


class HomePage(Retranslating, QWidget):
    """Topic tiles under the hospital's branding.

    Signals:
        article_chosen(str): a tile was tapped; carries the article id.
    """

    article_chosen = Signal(str)

    def __init__(
        self,
        branding: BrandingSettings,
        actions: Actions,
        logo: Path | None = None,
        languages: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = 2
        self._placed = 0
        self.tiles: list[Tile] = []
        self.articles: list[ArticleMeta] = []
        self.page = 0
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 24)
        outer.setSpacing(12)
        header = QHBoxLayout()  # joins its parent before it gets items: see ArticlePage
        header.setSpacing(24)
        outer.addLayout(header)
        self.logo = plain_label()
        image = QPixmap(str(logo)) if logo is not None else QPixmap()
        if not image.isNull():
            self.logo.setPixmap(
                image.scaled(
                    LOGO_PX,
                    LOGO_PX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.logo.setVisible(not image.isNull())
        header.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(8)
        header.addLayout(names, 1)
        header.addSpacing(STAFF_CORNER_PX)  # the staff gesture's corner stays clear
        self.hospital = plain_label(branding.hospital_name)
        set_role(self.hospital, "hospital")
        self.hospital.setWordWrap(True)
        names.addWidget(self.hospital)
        self.contact = plain_label()
        self.contact.setObjectName("muted")
        self.contact.setWordWrap(True)
        set_role(self.contact, "contact")
        names.addWidget(self.contact)
        self.control_rows = row_stack(outer, 2)  # one row, or two when the words are long
        self.smaller_button = action_button(actions.font_smaller)
        self.bigger_button = action_button(actions.font_bigger)
        self.theme_button = action_button(actions.toggle_theme)
        self.language_buttons = [language_button(a) for a in languages]
        self.controls: list[RowItem] = [
            (self.smaller_button, self.bigger_button, self.theme_button),
            *self.language_buttons,
        ]
        self._wrap_controls()
        self.prompt = plain_label()
        set_role(self.prompt, "prompt")
        self.prompt.setWordWrap(True)
        outer.addWidget(self.prompt)
        self.hint = plain_label()
        self.hint.setWordWrap(True)
        set_role(self.hint, "contact")
        outer.addWidget(self.hint)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        QScroller.grabGesture(
            self.scroll_area.viewport(), QScroller.ScrollerGestureType.TouchGesture
        )
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(24)
        self.grid.setContentsMargins(0, 8, 0, 8)
        self.scroll_area.setWidget(self.grid_host)
        outer.addWidget(self.scroll_area, 1)
        pager = QHBoxLayout()  # joins its parent before it gets items: see ArticlePage
        pager.setSpacing(16)
        outer.addLayout(pager)
        self.previous_page = QPushButton()
        self.next_page = QPushButton()
        self.page_label = plain_label()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for b in (self.previous_page, self.next_page):
            set_role(b, "navButton")
        self.previous_page.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_page.clicked.connect(lambda: self.show_page(self.page + 1))
        pager.addWidget(self.previous_page, 2)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_page, 2)
        self.empty = plain_label()
        self.empty.setWordWrap(True)
        set_role(self.empty, "prompt")
        self.empty.hide()
        outer.addWidget(self.empty)
        self.branding = branding
        self.retranslate()

    def retranslate(self) -> None:
        """Every word in the screens' language (the topics' titles come with the topics)."""
        branding = self.branding
        self.logo.setAccessibleName(_("{hospital} logo").format(hospital=branding.hospital_name))
        # the labels in the screens' language, as a handout in it has them (phone_labels)
        phones = contact_lines(branding, translator(current_language()))
        self.contact.setText(" · ".join([branding.location, *phones]).strip(" ·"))
        self.prompt.setText(_("Tap a topic to start reading."))
        self.hint.setText(_(READ_ALOUD_HINT))
        # Translators: the buttons under the topics when there are more than eight.
        self.previous_page.setText(_("‹  Previous topics"))
        self.previous_page.setAccessibleName(_("Show the previous page of topics"))
        self.next_page.setText(_("More topics  ›"))
        self.next_page.setAccessibleName(_("Show more topics"))
        self.empty.setText(_("No topics are available right now. Please ask at the front desk."))
        self._label_page()
        self._wrap_controls()  # the buttons' new words, and another language's button

    def set_articles(self, articles: list[ArticleMeta]) -> None:
        """Show one tile per article, in the given order, a page at a time."""
        self.articles = list(articles)
        self.empty.setVisible(not articles)
        self.scroll_area.setVisible(bool(articles))
        self.show_page(0)

    @property
    def page_count(self) -> int:
        """How many pages of tiles there are."""
        return max(1, -(-len(self.articles) // TILES_PER_PAGE))

    def show_page(self, page: int) -> None:
        """Make tiles for one page of topics (only that page's tiles exist)."""
        self.page = max(0, min(page, self.page_count - 1))
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        first = self.page * TILES_PER_PAGE
        for meta in self.articles[first : first + TILES_PER_PAGE]:
            tile = Tile(meta)
            tile.clicked.connect(lambda _=False, i=meta.id: self.article_chosen.emit(i))
            self.tiles.append(tile)
        paged = self.page_count > 1
        for w in (self.previous_page, self.next_page, self.page_label):
            w.setVisible(paged)
        self.previous_page.setEnabled(self.page > 0)
        self.next_page.setEnabled(self.page < self.page_count - 1)
        self._label_page()
        self.scroll_area.verticalScrollBar().setValue(0)
        self._place_tiles()

    def _wrap_controls(self) -> None:
        """The text size, contrast and language buttons in one row, or two, none squeezed."""
        margins = self.outer.contentsMargins()
        wrap_into_rows(self.control_rows, self.controls, self.width() - margins.left() * 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The controls' rows again for the new width."""
        super().resizeEvent(event)
        self._wrap_controls()

    def set_columns(self, columns: int) -> None:
        """Lay the tiles out in ``columns`` columns (2 landscape, 1 portrait)."""
        if columns != self._columns:
            self._columns = columns
            self._place_tiles()

    def _label_page(self) -> None:
        first = self.page * TILES_PER_PAGE
        last = min(first + TILES_PER_PAGE, len(self.articles))
        lang = current_language()
        # Translators: between the page buttons, e.g. "Topics 9-16 of 20".
        text = _("Topics {first}-{last} of {count}").format(
            first=number(first + 1, lang),
            last=number(last, lang),
            count=number(len(self.articles), lang),
        )
        self.page_label.setText(text)

    def set_text_percent(self, percent: int) -> None:
        """A new text size (the fonts have it): the tiles' pictures, and one column of tiles
        from ONE_COLUMN_FROM percent."""
        for tile in self.tiles:
            tile.draw_picture()
            tile.fit_height()
        self._wrap_controls()
        if self._placed != self._column_count():
            self._place_tiles()

    def _column_count(self) -> int:
        return 1 if theme.text_percent() >= ONE_COLUMN_FROM else self._columns

    def _place_tiles(self) -> None:
        columns = self._placed = self._column_count()
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for n, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, n // columns, n % columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.grid.setRowStretch(len(self.tiles) // columns + 1, 1)
