"""The main window: it builds the pages and composes the controllers that run them.

Each controller (reader, kiosk mode, language, printing, read aloud) gets the widgets, actions
and signals it uses; none imports this module. Printing, read aloud, the attract screen and
staff mode are built right after the first frame (or at first use): it is painted sooner."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from viewer.config import Config
from viewer.ui.actions import make_actions, retranslate
from viewer.ui.article_page import ArticlePage
from viewer.ui.faults import VisitFaults
from viewer.ui.first_frame import AfterFirstFrame
from viewer.ui.home import HomePage
from viewer.ui.kiosk import KioskMode
from viewer.ui.language import LanguageSwitch
from viewer.ui.popup import Popup
from viewer.ui.reader import Reader
from viewer.ui.staff import PRINT_ENTRY_POINTS

if TYPE_CHECKING:
    from viewer.services.speech import Speech
    from viewer.ui.print_controller import PrintController
    from viewer.ui.read_aloud import ReadAloud


class MainWindow(QMainWindow):
    """The kiosk window: the home screen and the article screen.

    Signals:
        visitor_reset: the idle reset cleared the last visitor's state; services that keep
            something per visitor (speech, printed page count) clear it on this.
    """

    visitor_reset = Signal()

    def __init__(self, config: Config, content_dir: Path, font_family: str) -> None:
        super().__init__()
        self.config = config
        self.language = lang = LanguageSwitch(config.languages, self)  # before any words
        self.commands = a = make_actions(self)
        self.addActions(a.all())
        self.faults = VisitFaults(a.all(), self)
        a.read_aloud.setVisible(config.speech.enabled)
        a.print_article.setVisible(config.printing.enabled)
        self.stack = stack = QStackedWidget()
        self.home_page = home = HomePage(config.branding, a, config.logo_path(), lang.actions)
        self.article_page = page = ArticlePage(a, lang.actions)
        stack.addWidget(home), stack.addWidget(page)
        self.setCentralWidget(stack)
        self.popup = pop = Popup(self)
        looks = (config.display, config.branding, content_dir, font_family)
        self.reader = Reader(*looks, stack, home, page, a, pop, self.faults)
        staff = {n: partial(self._first_use, n) for n, _, _ in PRINT_ENTRY_POINTS}
        parts = (config, stack, self.reader, pop, staff, self.reset_visitor, self.faults)
        self.kiosk = KioskMode(self, *parts, lang.actions)
        lang.follow(partial(retranslate, a), self.reader.relanguage, self.kiosk.retranslate)
        self._printing: PrintController | None = None
        self._read_aloud: ReadAloud | None = None
        early = [(a.read_aloud, "read_section"), (a.print_article, "offer")]
        for action, name in early + [(getattr(a, n), n) for n, _, _ in PRINT_ENTRY_POINTS]:
            action.triggered.connect(lambda *_, n=name: self._first_use(n, early=True))
        self.first_frame = AfterFirstFrame(self)
        self.first_frame.add(self.kiosk.finish_start)  # then these two, built on access:
        self.first_frame.add(lambda: (self.read_aloud, self.printing))
        self.reader.apply_theme()
        self.reader.reload_content()
        self.reader.go_home()

    @property
    def printing(self) -> PrintController:
        """Printing for patients and staff (built on first use)."""
        if self._printing is None:
            from viewer.ui.print_controller import PrintController

            self._printing = PrintController(
                self, self.config, self.commands, self.reader, self.popup
            )
            self.visitor_reset.connect(self._printing.reset_session)
        return self._printing

    @property
    def read_aloud(self) -> ReadAloud:
        """Read aloud (built on first use); it starts the speech process a little later."""
        if self._read_aloud is None:
            from viewer.ui.read_aloud import ReadAloud

            self._read_aloud = ReadAloud(
                self.config.speech, self.commands, self.article_page, self.reader, self.popup, self
            )
            self.kiosk.keep_awake_on(self._read_aloud.speech)
            self.visitor_reset.connect(self._read_aloud.reset_visitor)
        return self._read_aloud

    def _first_use(self, name: str, early: bool = False) -> None:
        """Run a print or read-aloud command, building its controller first if need be."""
        speaks = name == "read_section"
        if not (early and (self._read_aloud if speaks else self._printing)):
            getattr(self.read_aloud if speaks else self.printing, name)()  # else it answers

    @property
    def speech(self) -> Speech | None:
        """The speech service, or None when read aloud is off."""
        return self.read_aloud.speech

    def reset_visitor(self) -> None:
        """Forget the last visitor (the idle reset); emits ``visitor_reset`` at the end."""
        if self._read_aloud is not None and self._read_aloud.speech is not None:
            self._read_aloud.speech.stop()
        self.faults.reset()
        self.popup.clear()
        self.reader.reset()
        self.language.reset()
        self.visitor_reset.emit()

    def show_kiosk(self, windowed: bool) -> None:
        """Show full screen over the whole screen, or as a normal window (staff desktops,
        with a Staff menu of print tools)."""
        if windowed and self.config.printing.enabled:
            self.printing.add_staff_menu(self.menuBar())
        self.kiosk.show(windowed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Switch between landscape and portrait layouts."""
        super().resizeEvent(event)
        size = event.size()
        portrait = size.height() > size.width()
        self.article_page.set_portrait(portrait, size.width(), size.height())
        if self.reader.article is not None:
            QTimer.singleShot(0, self.article_page, self.reader.fit_pictures)  # pane resized
        self.home_page.set_columns(1 if portrait else 2)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Closing is refused in the kiosk unless staff mode asks for it."""
        if not self.kiosk.may_close():
            self.kiosk.lockdown.refuse("close the window")
            event.ignore()
            return
        if self._read_aloud is not None:
            self._read_aloud.shutdown()
        super().closeEvent(event)
