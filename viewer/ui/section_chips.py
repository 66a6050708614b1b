"""Portrait navigation: one numbered button per section, in rows that wrap, all on screen.

The section list (a ``QListWidget``, the "rail") stays the one source: the chips mirror its
items and its current row, and a tap on a chip sets the rail's current row, so the
controller that listens to the rail turns the section. The chips are built once the list
is filled and only while they show (in landscape they never are, so they cost nothing).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QGridLayout, QListWidget, QPushButton, QWidget

from viewer.i18n import _
from viewer.ui.theme import MIN_TOUCH_PX, set_role


class SectionChips(QWidget):
    """Numbered section buttons that wrap into as many rows as the width needs."""

    def __init__(self, rail: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rail = rail
        self.chips: list[QPushButton] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self._columns = 0
        self._stale = False  # the list changed while the chips were hidden
        self._timer = QTimer(self)  # one rebuild for all the rows a filled list adds
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.rebuild)
        model = rail.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._schedule)
        rail.selectionModel().currentRowChanged.connect(lambda *_args: self._mark())
        self.setAccessibleName(_("Sections of this topic: tap a number to go there"))

    def _schedule(self, *_args) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()  # once the list is filled

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Chips for the list as it is now (it may have changed while they were hidden)."""
        super().showEvent(event)
        if self._stale:
            self.rebuild()
        else:
            self.place()

    def rebuild(self) -> None:
        """One chip per section in the list."""
        self._stale = False
        self._timer.stop()
        for chip in self.chips:
            self.grid.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for row in range(self.rail.count()):
            title = self.rail.item(row).text()
            chip = QPushButton(str(row + 1), self)
            chip.setObjectName("chip")
            set_role(chip, "navButton")
            chip.setCheckable(True)
            # Translators: a section's number button; {title} starts with its number.
            chip.setAccessibleName(_("Go to section {title}").format(title=title))
            chip.setToolTip(title)
            chip.clicked.connect(lambda _=False, r=row: self._chosen(r))
            self.chips.append(chip)
        self._columns = 0
        self.place()
        self._mark()

    def _chosen(self, row: int) -> None:
        self.rail.setCurrentRow(row)
        self._mark()

    def _mark(self) -> None:
        current = self.rail.currentRow()
        for row, chip in enumerate(self.chips):
            chip.setChecked(row == current)

    def place(self) -> None:
        """As many equal chips in a row as the width allows."""
        if not self.chips:
            self.setFixedHeight(0)
            return
        side = max(MIN_TOUCH_PX, *(c.sizeHint().width() for c in self.chips))
        spacing = self.grid.spacing()
        columns = max(1, (self.width() + spacing) // (side + spacing))
        self._columns = columns
        rows = -(-len(self.chips) // columns)
        spacing_total = (rows - 1) * spacing
        self.setFixedHeight(rows * self.chips[0].sizeHint().height() + spacing_total)
        for chip in self.chips:
            self.grid.removeWidget(chip)
        for n, chip in enumerate(self.chips):
            chip.setFixedWidth(side)
            self.grid.addWidget(chip, n // columns, n % columns)
        self.grid.setColumnStretch(columns, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Rows again for the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.place()

    def event(self, event: QEvent) -> bool:
        """Rows again when the text size changes (the style sheet sizes the chips); the
        spoken name again in a new language (the chips follow the list's new titles)."""
        if event.type() == QEvent.Type.LanguageChange:
            self.setAccessibleName(_("Sections of this topic: tap a number to go there"))
        if event.type() == QEvent.Type.StyleChange and self.isVisible():
            QTimer.singleShot(0, self, self.place)  # hidden: placed when shown
        return super().event(event)
