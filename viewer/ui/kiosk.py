"""Kiosk mode: lockdown, idle reset with the attract screen, staff mode, crash recovery.

The controller that ties the kiosk-mode parts to the window it is given (a plain
``QMainWindow``), the page stack, the reader and the pop-up. The window calls
:meth:`KioskMode.start` when it is shown and asks :meth:`KioskMode.may_close` on close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QPushButton, QStackedWidget

from viewer import logs, paths
from viewer.config import Config
from viewer.core.pin import STATE_FILE as PIN_STATE_FILE
from viewer.core.pin import Outcome, PinGate
from viewer.i18n import _, ngettext
from viewer.services.idle import IdleWatch
from viewer.ui.attract import AttractPage, StillThereCard
from viewer.ui.faults import VisitFaults
from viewer.ui.lockdown import Lockdown
from viewer.ui.pinpad import PinPad
from viewer.ui.popup import Popup
from viewer.ui.reader import Reader
from viewer.ui.staff import PRINT_ENTRY_POINTS, CornerGesture, StaffMenu, diagnostics

log = logging.getLogger(__name__)

LEFT_BY_STAFF = 4
"""Exit status when staff leave the kiosk (the sample systemd unit does not restart on it)."""


def apology() -> tuple[str, str]:
    """What the patient is told after an unexpected error, in the screens' language."""
    return (
        _("Sorry, something went wrong."),
        _("We are back at the start. Please tap a topic to carry on reading."),
    )


SPEECH_ACTIVITY_SIGNALS = ("started", "word", "sentence", "progress")


class KioskMode(QObject):
    """Everything that makes the window a kiosk.

    ``staff_commands`` maps the names of :data:`~viewer.ui.staff.PRINT_ENTRY_POINTS` to what
    runs them (a missing one greys its button out); ``reset_visitor`` forgets the last visitor
    (speech, pop-ups, the article, text size, printed pages) at the idle reset; ``faults``
    says what keeps failing when the kiosk recovers from an error.

    Signals:
        staff_changed(bool): staff mode started (True) or ended (False).
        visitor_left: the idle reset ran; the attract screen is showing.
    """

    staff_changed = Signal(bool)
    visitor_left = Signal()

    def __init__(
        self,
        window: QMainWindow,
        config: Config,
        stack: QStackedWidget,
        reader: Reader,
        popup: Popup,
        staff_commands: Mapping[str, Callable[[], object]],
        reset_visitor: Callable[[], None],
        faults: VisitFaults,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.config = config
        self.stack = stack
        self.reader = reader
        self.popup = popup
        self.staff_commands = staff_commands
        self.reset_visitor = reset_visitor
        self.faults = faults
        settings = config.kiosk
        self.staff_active = False
        self.exit_code = 0
        self.windowed = True
        self.idle = IdleWatch(settings.idle_timeout * 1000, settings.idle_warning * 1000, self)
        self.lockdown = Lockdown(window, lambda: self.staff_active, settings.hide_cursor)
        self.gate = PinGate(settings.staff_pin_hash, state=paths.state_dir() / PIN_STATE_FILE)
        if self.gate.problem:
            log.error("Staff PIN %s", self.gate.describe())
        else:
            log.info("Staff PIN %s", self.gate.describe())
        self.attract = AttractPage(config.branding, reader.topics)
        stack.addWidget(self.attract)
        self.still_there = StillThereCard(window)
        self.pin_pad = PinPad(window, self.gate)
        self.menu = StaffMenu(window)
        self.badge = QPushButton(window)
        self.badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.badge.hide()
        self.gesture = CornerGesture(window, parent=self)

        self.idle.warning.connect(self._warn)
        self.idle.countdown.connect(self.still_there.set_seconds)
        self.idle.kept.connect(self.still_there.hide)
        self.idle.timed_out.connect(self.reset_for_next_visitor)
        self.still_there.keep.connect(self.idle.poke)
        self.attract.touched.connect(self.welcome)
        self.gesture.triggered.connect(self.open_staff)
        self.pin_pad.accepted.connect(self.enter_staff)
        self.badge.clicked.connect(self.show_menu)
        self.menu.leave.connect(self.leave)
        self.menu.done.connect(self.end_staff)
        b = self.menu.buttons
        b["reload"].clicked.connect(self._reload)
        b["problems"].clicked.connect(lambda: self._from_menu(self.show_problems))
        b["diagnostics"].clicked.connect(lambda: self._from_menu(self.show_diagnostics))
        b["usage"].clicked.connect(lambda: self._from_menu(self.show_usage))
        self.usage_report: Callable[[], str] | None = None  # set when usage is counted
        for name, _text, _spoken in PRINT_ENTRY_POINTS:
            b[name].clicked.connect(lambda _c=False, n=name: self._from_menu(staff_commands[n]))
        self.retranslate()

    def retranslate(self) -> None:
        """The window's title and the staff badge in the screens' language (the widgets
        word themselves)."""
        name = self.config.branding.hospital_name
        self.window.setWindowTitle(_("{hospital}: patient information").format(hospital=name))
        self.badge.setText(_("Staff menu"))
        self.badge.setAccessibleName(_("Open the staff menu"))

    def keep_awake_on(self, source: QObject | None) -> None:
        """Activity signals of ``source`` (the speech service) count as a visitor being there."""
        for name in SPEECH_ACTIVITY_SIGNALS:
            signal = getattr(source, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(lambda *_: self.idle.poke())

    # -- start and close -----------------------------------------------------------------
    def start(self, windowed: bool) -> None:
        """Lock down (unless windowed, for staff desktops) and start the idle watch.

        Call before the window is shown.
        """
        self.windowed = windowed
        if not windowed:
            self.lockdown.engage()
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.gesture)
        self.idle.start()

    def show(self, windowed: bool) -> None:
        """:meth:`start`, then show the window over the whole screen, or as a normal window."""
        self.start(windowed)
        w = self.window
        screen = w.screen() or QGuiApplication.primaryScreen()
        if windowed:
            avail = screen.availableGeometry()
            w.resize(min(1280, avail.width()), min(900, avail.height()))
            w.show()
        else:
            # showFullScreen alone leaves a small window when no window manager runs.
            w.setGeometry(screen.geometry())
            w.showFullScreen()

    def may_close(self) -> bool:
        """True when the window may close: windowed, or staff mode is on."""
        if not self.lockdown.may_close():
            return False
        if self.lockdown.active:
            log.info("Staff left the kiosk")
            self.exit_code = LEFT_BY_STAFF
        return True

    def leave(self) -> None:
        """Staff leave the kiosk: close the window (allowed in staff mode only)."""
        if self.staff_active:
            self.window.close()

    # -- idle reset ----------------------------------------------------------------------
    def _warn(self, seconds: int) -> None:
        self.still_there.set_seconds(seconds)
        self.still_there.open()

    def reset_for_next_visitor(self) -> None:
        """Idle reset: close everything, end staff mode, clear the visitor, show the attract."""
        log.info("Idle reset for the next visitor")
        self.still_there.hide()
        self._close_extras()
        self.reset_visitor()
        self.stack.setCurrentWidget(self.attract)
        self.lockdown.bring_back()
        self.idle.pause()
        self.visitor_left.emit()

    def welcome(self) -> None:
        """Someone touched the attract screen: the home screen, and watch for idle again."""
        self.reader.go_home()
        self.idle.start()

    def _close_extras(self) -> None:
        """Close the PIN pad, staff mode and any dialog or other window of the kiosk."""
        self.pin_pad.close_pad()
        self.end_staff()
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    # -- staff mode ----------------------------------------------------------------------
    def open_staff(self) -> None:
        """The corner gesture: the PIN pad, or why staff mode cannot open."""
        if self.staff_active:
            self.show_menu()
            return
        blocked = self.gate.status()
        if blocked is not None and blocked.outcome in (Outcome.NOT_SET, Outcome.BROKEN):
            log.warning("Staff gesture made but %s", blocked.outcome.value)
            self.popup.show_message(_("Staff mode"), blocked.message)
            return
        self.pin_pad.open_pad()

    def enter_staff(self) -> None:
        """The right PIN: staff mode on, menu open."""
        log.info("Staff mode started")
        self.staff_active = True
        self.staff_changed.emit(True)
        self.show_menu()

    def end_staff(self) -> None:
        """Staff mode off."""
        self.menu.hide()
        self.badge.hide()
        if self.staff_active:
            log.info("Staff mode ended")
            self.staff_active = False
            self.staff_changed.emit(False)
            self.lockdown.bring_back()  # staff may have left it windowed or minimised

    def show_menu(self) -> None:
        """Open the staff menu, with the printing commands the window has."""
        if not self.staff_active:
            return
        missing = []
        for name, text, _spoken in PRINT_ENTRY_POINTS:
            available = callable(self.staff_commands.get(name))
            self.menu.buttons[name].setEnabled(available)
            if not available:
                missing.append(_(text))
        self.menu.print_note.setText(
            _("Not available in this kiosk yet: {commands}.").format(commands=", ".join(missing))
            if missing
            else ""
        )
        self.menu.print_note.setVisible(bool(missing))
        count = len(self.reader.problems())
        self.menu.buttons["problems"].setText(
            ngettext("Content problems: {n} file", "Content problems: {n} files", count).format(
                n=count
            )
        )
        self.menu.note.setText(_("Staff mode ends by itself when the kiosk is left alone."))
        self.badge.hide()
        self.menu.open()

    def _from_menu(self, command) -> None:
        """Run a staff command with the menu out of the way; the badge brings it back."""
        self.menu.hide()
        self.badge.adjustSize()
        self.badge.move((self.window.width() - self.badge.width()) // 2, 8)
        self.badge.show()
        self.badge.raise_()
        command()

    def _reload(self) -> None:
        self.reader.reload_content()
        count = len(self.reader.library.articles)
        self.menu.note.setText(
            ngettext("Content reloaded: {n} topic.", "Content reloaded: {n} topics.", count).format(
                n=count
            )
        )

    def show_problems(self) -> None:
        """List the content files that could not be shown."""
        # The files' problems stay in English: they are for the content editors.
        self.popup.show_message(
            _("Content report"), "\n".join(self.reader.problems()) or _("No problems.")
        )

    def show_diagnostics(self) -> None:
        """Versions, screen, folders, configuration and log file, in a pop-up."""
        screen = self.window.screen()
        size = screen.geometry().size() if screen else None
        text = diagnostics(
            self.config,
            self.reader.content_dir,
            logs.log_file(),
            f"{size.width()} x {size.height()}" if size else "unknown",
        )
        self.popup.show_message(_("Diagnostics"), text)  # the facts stay in English, for IT

    def show_usage(self) -> None:
        """Today's and this month's anonymous usage counts, in a pop-up."""
        report = self.usage_report
        text = report() if report is not None else _("Usage counting is off on this kiosk.")
        self.popup.show_message(_("Usage counts"), text)  # the counts stay in English, for IT

    # -- crash recovery ------------------------------------------------------------------
    def recover(self) -> None:
        """After an unexpected error: close everything, go home, say sorry."""
        turned_off = self.faults.failed()
        self.still_there.hide()
        self._close_extras()
        self.reader.go_home()
        self.popup.show_message(*(turned_off or apology()))
        self.idle.start()
