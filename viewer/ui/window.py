"""The main window: it builds the pages and composes the controllers that run them.

The reader (:mod:`viewer.ui.reader`) runs the articles, text size and theme; printing
(:mod:`viewer.ui.print_controller`), read aloud (:mod:`viewer.ui.read_aloud`) and kiosk mode
(:mod:`viewer.ui.kiosk`) each get the widgets, actions and signals they use. None of them
imports this module.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from viewer.config import Config
from viewer.ui.actions import make_actions
from viewer.ui.article_page import ArticlePage
from viewer.ui.faults import VisitFaults
from viewer.ui.home import HomePage
from viewer.ui.kiosk import KioskMode
from viewer.ui.popup import Popup
from viewer.ui.print_controller import PrintController
from viewer.ui.read_aloud import ReadAloud
from viewer.ui.reader import Reader


class MainWindow(QMainWindow):
    """The kiosk window: the home screen and the article screen.

    Signals:
        visitor_reset: the idle reset cleared the last visitor's state; services that keep
            something per visitor (speech, printed page count) clear it on this.
    """

    visitor_reset = Signal()
    printing: PrintController

    def __init__(self, config: Config, content_dir: Path, font_family: str) -> None:
        super().__init__()
        self.config = config
        self.setWindowTitle(f"{config.branding.hospital_name}: patient information")
        self.commands = a = make_actions(self)
        self.addActions(a.all())
        self.faults = VisitFaults(a.all(), self)
        for pending in (a.read_aloud, a.print_article):
            pending.setVisible(False)  # shown once their services are configured
        self.stack = QStackedWidget()
        self.home_page = HomePage(config.branding, a, config.logo_path())
        self.article_page = ArticlePage(a)
        self.stack.addWidget(self.home_page)
        self.stack.addWidget(self.article_page)
        self.setCentralWidget(self.stack)
        self.popup = Popup(self)
        self.reader = Reader(
            config.display,
            config.branding,
            content_dir,
            font_family,
            self.stack,
            self.home_page,
            self.article_page,
            a,
            self.popup,
            self.faults,
        )
        staff_commands = {  # printing is made next; the overlays keep their stacking order
            "print_preview": lambda: self.printing.print_preview(),
            "choose_printer": lambda: self.printing.choose_printer(),
            "save_pdf": lambda: self.printing.save_pdf(),
        }
        self.kiosk = KioskMode(
            self,
            config,
            self.stack,
            self.reader,
            self.popup,
            staff_commands,
            self.reset_visitor,
            self.faults,
        )
        self.printing = PrintController(self, config, a, self.reader, self.popup)
        self.read_aloud = ReadAloud(
            config.speech, a, self.article_page, self.reader, self.popup, self
        )
        self.speech = self.read_aloud.speech
        self.kiosk.keep_awake_on(self.speech)
        self.visitor_reset.connect(self.read_aloud.reset_visitor)
        self.visitor_reset.connect(self.printing.reset_session)

        self.reader.apply_theme()
        self.reader.reload_content()
        self.reader.go_home()

    def reset_visitor(self) -> None:
        """Forget the last visitor: speech, pop-up, article, text size and theme go back.

        Called by the idle reset (viewer/ui/kiosk.py); emits ``visitor_reset`` at the end.
        """
        if self.speech is not None:
            self.speech.stop()
        self.faults.reset()
        self.popup.dismiss()
        self.popup.heading.clear()
        self.popup.text.clear()
        self.reader.reset()
        self.visitor_reset.emit()

    def show_kiosk(self, windowed: bool) -> None:
        """Show full screen over the whole screen, or as a normal window."""
        self.kiosk.start(windowed)
        if windowed and self.config.printing.enabled:
            self.printing.add_staff_menu(self.menuBar())
        screen = self.screen() or QGuiApplication.primaryScreen()
        if windowed:
            avail = screen.availableGeometry()
            self.resize(min(1280, avail.width()), min(900, avail.height()))
            self.show()
        else:
            # showFullScreen alone leaves a small window when no window manager runs.
            self.setGeometry(screen.geometry())
            self.showFullScreen()

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
        self.read_aloud.shutdown()
        super().closeEvent(event)
