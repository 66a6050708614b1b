"""Kiosk mode: lockdown, idle reset with the attract screen, staff mode, crash recovery.

The controller that ties the kiosk-mode parts to the window it is given (a plain
``QMainWindow``), the page stack, the reader and the pop-up. The window calls
:meth:`KioskMode.start` when it is shown, :meth:`KioskMode.finish_start` right after its
first frame, and asks :meth:`KioskMode.may_close` on close.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QPushButton, QStackedWidget

from viewer import logs, paths
from viewer.config import Config
from viewer.i18n import _, ngettext
from viewer.services.idle import IdleWatch
from viewer.ui.faults import VisitFaults
from viewer.ui.lockdown import Lockdown
from viewer.ui.popup import Popup
from viewer.ui.reader import Reader
from viewer.ui.staff import PRINT_ENTRY_POINTS, CornerGesture, StaffMenu, diagnostics

if TYPE_CHECKING:
    from viewer.core.pin import PinGate
    from viewer.ui.attract import AttractPage, StillThereCard
    from viewer.ui.pinpad import PinPad

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
    says what keeps failing when the kiosk recovers from an error; ``language_actions`` are
    the attract screen's language buttons.

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
        language_actions: Sequence[QAction] = (),
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
        self.language_actions = language_actions  # the attract screen's language buttons
        settings = config.kiosk
        self.staff_active = False
        self.exit_code = 0
        self.windowed = True
        self.idle = IdleWatch(settings.idle_timeout * 1000, settings.idle_warning * 1000, self)
        self.lockdown = Lockdown(window, lambda: self.staff_active, settings.hide_cursor)
        self.gesture = CornerGesture(window, parent=self)
        self.usage_report: Callable[[], str] | None = None  # set when usage is counted
        self._parts: _Parts | None = None  # the screens between visitors and staff mode
        self._watching = False

        self.idle.warning.connect(self._warn)
        self.idle.countdown.connect(lambda seconds: self.still_there.set_seconds(seconds))
        self.idle.kept.connect(lambda: self._parts and self._parts.still_there.hide())
        self.idle.timed_out.connect(self.reset_for_next_visitor)
        self.gesture.triggered.connect(self.open_staff)
        self.retranslate()

    # -- what no first screen shows, built after it (or on first use) -------------------
    def finish_start(self) -> None:
        """Right after the window's first frame: :meth:`watch`, then :meth:`build`."""
        self.watch()
        self.build()

    def build(self) -> None:
        """Build the attract screen, the "still there?" card, the PIN pad and the staff
        menu (once), right after the window's first frame (:meth:`finish_start`); any use
        before that builds them then."""
        if self._parts is None:
            self._parts = _Parts(self)
            self.retranslate()

    @property
    def parts(self) -> _Parts:
        """The attract screen, PIN pad, staff menu and the rest (built on first use)."""
        self.build()
        assert self._parts is not None
        return self._parts

    @property
    def gate(self) -> PinGate:
        """The staff PIN check."""
        return self.parts.gate

    @property
    def attract(self) -> AttractPage:
        """The attract screen shown between visitors."""
        return self.parts.attract

    @property
    def still_there(self) -> StillThereCard:
        """The card that asks whether the visitor is still there."""
        return self.parts.still_there

    @property
    def pin_pad(self) -> PinPad:
        """The staff PIN pad."""
        return self.parts.pin_pad

    @property
    def menu(self) -> StaffMenu:
        """The staff menu."""
        return self.parts.menu

    @property
    def badge(self) -> QPushButton:
        """The button that brings the staff menu back while a staff command runs."""
        return self.parts.badge

    def retranslate(self) -> None:
        """The window's title and the staff badge in the screens' language (the widgets
        word themselves)."""
        name = self.config.branding.hospital_name
        self.window.setWindowTitle(_("{hospital}: patient information").format(hospital=name))
        if self._parts is not None:
            self._parts.badge.setText(_("Staff menu"))
            self._parts.badge.setAccessibleName(_("Open the staff menu"))

    def keep_awake_on(self, source: QObject | None) -> None:
        """Activity signals of ``source`` (the speech service) count as a visitor being there."""
        for name in SPEECH_ACTIVITY_SIGNALS:
            signal = getattr(source, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(lambda *_: self.idle.poke())

    # -- start and close -----------------------------------------------------------------
    def start(self, windowed: bool) -> None:
        """Lock down (unless windowed, for staff desktops): full screen, frameless, on top.

        Call before the window is shown; :meth:`watch` starts watching its events.
        """
        self.windowed = windowed
        if not windowed:
            self.lockdown.engage()

    def watch(self) -> None:
        """Watch the application's events: the lockdown's refusals, the staff gesture and
        the idle timer (once). The window calls it right after its first frame (before it,
        no one can touch the screen), so that Python does not run for every event of the
        start-up."""
        if self._watching:
            return
        self._watching = True
        self.lockdown.watch()
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
        if self._parts is not None:
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
        from viewer.core.pin import Outcome

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
        if self._parts is not None:
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
        if self._parts is not None:
            self.still_there.hide()
        self._close_extras()
        self.reader.go_home()
        self.popup.show_message(*(turned_off or apology()))
        self.idle.start()


class _Parts:
    """What kiosk mode shows between visitors and to staff, built together (see
    :meth:`KioskMode.build`) and wired to ``kiosk``."""

    def __init__(self, kiosk: KioskMode) -> None:
        from viewer.core.pin import STATE_FILE, PinGate
        from viewer.ui.attract import AttractPage, StillThereCard
        from viewer.ui.pinpad import PinPad

        window, settings, reader = kiosk.window, kiosk.config.kiosk, kiosk.reader
        self.gate = PinGate(settings.staff_pin_hash, state=paths.state_dir() / STATE_FILE)
        if self.gate.problem:
            log.error("Staff PIN %s", self.gate.describe())
        else:
            log.info("Staff PIN %s", self.gate.describe())
        self.attract = AttractPage(kiosk.config.branding, reader.topics)
        self.attract.add_language_buttons(kiosk.language_actions)
        kiosk.stack.addWidget(self.attract)
        self.still_there = StillThereCard(window)
        self.pin_pad = PinPad(window, self.gate)
        self.menu = StaffMenu(window)
        self.badge = QPushButton(window)  # worded by KioskMode.retranslate
        self.badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.badge.hide()

        self.still_there.keep.connect(kiosk.idle.poke)
        self.attract.touched.connect(kiosk.welcome)
        self.pin_pad.accepted.connect(kiosk.enter_staff)
        self.badge.clicked.connect(kiosk.show_menu)
        self.menu.leave.connect(kiosk.leave)
        self.menu.done.connect(kiosk.end_staff)
        b = self.menu.buttons
        b["reload"].clicked.connect(kiosk._reload)
        b["problems"].clicked.connect(lambda: kiosk._from_menu(kiosk.show_problems))
        b["diagnostics"].clicked.connect(lambda: kiosk._from_menu(kiosk.show_diagnostics))
        b["usage"].clicked.connect(lambda: kiosk._from_menu(kiosk.show_usage))
        for name, _text, _spoken in PRINT_ENTRY_POINTS:
            b[name].clicked.connect(
                lambda _c=False, n=name: kiosk._from_menu(kiosk.staff_commands[n])
            )
