"""The home screen: the hospital's name and numbers, and one big tile per topic."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from viewer.ui.plain import plain_label
from viewer.ui.theme import set_role

TILES_PER_PAGE = 8


class Tile(QPushButton):
    """A topic: its title in large bold type and its one-line summary under it."""

    def __init__(self, meta: ArticleMeta, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article_id = meta.id
        self.setObjectName("tile")
        self.setAccessibleName(f"Open the topic: {meta.title}")
        self.setAccessibleDescription(meta.summary)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.layout_ = layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
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

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """At least as tall as the wrapped labels at the new width."""
        super().resizeEvent(event)
        self.setMinimumHeight(max(150, self.layout_.totalHeightForWidth(event.size().width())))

    def sizeHint(self):  # noqa: N802 - Qt API
        """Tall enough for the wrapped labels."""
        return self.layout_.sizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        """Height of the wrapped labels at ``width``."""
        return self.layout_.totalHeightForWidth(width)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        """Tiles grow with their text."""
        return True


class HomePage(QWidget):
    """Topic tiles under the hospital's branding.

    Signals:
        article_chosen(str): a tile was tapped; carries the article id.
    """

    article_chosen = Signal(str)

    def __init__(self, branding: BrandingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = 2
        self.tiles: list[Tile] = []
        self.articles: list[ArticleMeta] = []
        self.page = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 24)
        outer.setSpacing(12)
        self.hospital = plain_label(branding.hospital_name)
        set_role(self.hospital, "hospital")
        self.hospital.setWordWrap(True)
        outer.addWidget(self.hospital)
        self.contact = plain_label(" · ".join([branding.location, *branding.phones]).strip(" ·"))
        self.contact.setObjectName("muted")
        self.contact.setWordWrap(True)
        set_role(self.contact, "contact")
        outer.addWidget(self.contact)
        self.prompt = plain_label("Tap a topic to start reading.")
        set_role(self.prompt, "prompt")
        self.prompt.setWordWrap(True)
        outer.addWidget(self.prompt)
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
        self.previous_page = QPushButton("‹  Previous topics")
        self.previous_page.setAccessibleName("Show the previous page of topics")
        self.next_page = QPushButton("More topics  ›")
        self.next_page.setAccessibleName("Show more topics")
        self.page_label = plain_label()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for b in (self.previous_page, self.next_page):
            set_role(b, "navButton")
        self.previous_page.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_page.clicked.connect(lambda: self.show_page(self.page + 1))
        pager.addWidget(self.previous_page, 2)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_page, 2)
        self.empty = plain_label("No topics are available right now. Please ask at the front desk.")
        self.empty.setWordWrap(True)
        set_role(self.empty, "prompt")
        self.empty.hide()
        outer.addWidget(self.empty)

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
        last = min(first + TILES_PER_PAGE, len(self.articles))
        self.page_label.setText(f"Topics {first + 1}-{last} of {len(self.articles)}")
        self.scroll_area.verticalScrollBar().setValue(0)
        self._place_tiles()

    def set_columns(self, columns: int) -> None:
        """Lay the tiles out in ``columns`` columns (2 landscape, 1 portrait)."""
        if columns != self._columns:
            self._columns = columns
            self._place_tiles()

    def _place_tiles(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
        for n, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, n // self._columns, n % self._columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < self._columns else 0)
        for r in range(self.grid.rowCount()):
            self.grid.setRowStretch(r, 0)
        self.grid.setRowStretch(len(self.tiles) // self._columns + 1, 1)
