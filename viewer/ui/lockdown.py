"""Lockdown: the kiosk window cannot be closed, escaped or used to reach the desktop.

What the operating system alone can block (Ctrl+Alt+Del, the Windows key, edge swipes,
virtual terminals) is covered in the deployment guide, not faked here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QMetaObject, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QWindow,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from viewer.ui.theme import keep_fonts

log = logging.getLogger(__name__)

ESCAPE_KEYS: dict[str, tuple[Qt.Key, Qt.KeyboardModifier]] = {
    "Escape": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    "Alt+F4": (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    "Ctrl+Q": (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    "Ctrl+W": (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    "F11": (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
}
"""Keys that close or leave a window elsewhere; refused outside staff mode."""

CLOSE_KEYS = ("Alt+F4", "Ctrl+Q", "Ctrl+W")
SCREEN_KEYS = ("Escape", "F11")  # in staff mode: leave / toggle full screen
DIALOG_CLASSES = ("QFileDialog", "QPrintDialog", "QPrintPreviewDialog", "QPageSetupDialog")
"""Dialogs that can reach files or printers: staff mode only."""
URL_SCHEMES = ("http", "https", "file", "mailto", "ftp", "tel")
_MODIFIERS = (
    Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def escape_key(event: QKeyEvent) -> str | None:
    """The name of the escape key combination ``event`` is, or None."""
    mods = event.modifiers() & _MODIFIERS
    for name, (key, modifier) in ESCAPE_KEYS.items():
        if event.key() == key and mods == modifier:
            return name
    if event.matches(QKeySequence.StandardKey.Quit):
        return "Ctrl+Q"
    if event.matches(QKeySequence.StandardKey.Close):
        return "Ctrl+W"
    return None


class _UrlSink(QObject):
    """Receives every web, mail and file link instead of the desktop's browser."""

    @Slot(QUrl)
    def refuse(self, url: QUrl) -> None:
        log.debug("Refused to open a link outside the kiosk (%s:)", url.scheme())


def refuse_outside_links() -> None:
    """Route web, file and mail links to a sink, once per application.

    The sink lives as long as the application and is unregistered when it quits, as Qt asks.
    """
    app = QCoreApplication.instance()
    if app is None or app.findChild(_UrlSink, "kiosk-url-sink") is not None:
        return
    sink = _UrlSink(app)
    sink.setObjectName("kiosk-url-sink")
    for scheme in URL_SCHEMES:
        # The stub asks for bytes, but PySide6 6.11 refuses bytes ("wrong argument values")
        # and takes the slot's name as str: test_kiosk.py opens links to check.
        QDesktopServices.setUrlHandler(scheme, sink, "refuse")  # type: ignore[arg-type]

    def unregister() -> None:
        for name in URL_SCHEMES:
            QDesktopServices.unsetUrlHandler(name)

    app.aboutToQuit.connect(unregister)


class Lockdown(QObject):
    """Full screen, frameless and on top, with every way out refused unless staff allow it.

    ``staff`` tells whether staff mode is on; ``leave`` ends the kiosk (staff's close keys).
    Installed as an application-wide event filter while the kiosk runs.
    """

    def __init__(self, window: QMainWindow, staff: Callable[[], bool], hide_cursor: bool) -> None:
        super().__init__(window)
        self.window = window
        self.staff = staff
        self.hide_cursor = hide_cursor
        self.active = False
        self.refused: list[str] = []  # what was refused, for diagnostics and tests
        self._was_out = False  # not in front at the last health check
        self._restore_pending = False
        self._watching = False

    def engage(self) -> None:
        """Lock the window down; call before it is shown."""
        if self.active:
            return
        self.active = True
        w = self.window
        w.setWindowFlags(
            w.windowFlags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        keep_fonts(w)  # new window flags re-polish every widget, which resets their fonts
        w.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        w.setAcceptDrops(False)
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
        refuse_outside_links()
        if self.hide_cursor:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            w.destroyed.connect(QGuiApplication.restoreOverrideCursor)

    def watch(self) -> None:
        """Refuse the ways out (keys, context menus, drops, dialogs) from now on (once).

        Called right after the first frame: a filter on the whole application runs Python
        for every event, and before the window is on screen no one can use it.
        """
        app = QCoreApplication.instance()
        if self.active and not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True

    def may_close(self) -> bool:
        """True when a close may go ahead: not locked down, or staff mode is on."""
        return not self.active or self.staff()

    def refuse(self, what: str) -> None:
        """Note a refused way out."""
        self.refused.append(what)
        log.debug("Kiosk lockdown refused: %s", what)  # what a patient did: not at INFO

    # -- staying in front ---------------------------------------------------------------
    def in_front(self) -> bool:
        """True when the window is shown full screen (not minimised, hidden or windowed)."""
        w = self.window
        return w.isVisible() and w.isFullScreen() and not w.isMinimized()

    def bring_back(self) -> None:
        """Full screen and on top again, unless staff mode is on (staff may minimise it)."""
        self._restore_pending = False
        if not self.active or self.staff():
            return
        w = self.window
        if not self.in_front():
            log.warning(
                "The kiosk window was %s outside staff mode; showing it full screen again",
                "minimised"
                if w.isMinimized()
                else "hidden"
                if not w.isVisible()
                else "taken out of full screen",
            )
            w.setWindowState(Qt.WindowState.WindowFullScreen)
            w.setGeometry((w.screen() or QGuiApplication.primaryScreen()).geometry())
            w.showFullScreen()
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # no stacking there
            w.raise_()
            w.activateWindow()

    def healthy(self) -> bool:
        """For the watchdog: False when the window was out of front at two checks in a row.

        The kiosk brings itself back at once; if it cannot (a window manager that keeps it
        iconified), systemd stops hearing keep-alives and restarts it.
        """
        out = self.active and not self.staff() and not self.in_front()
        if out:
            self.bring_back()
        stuck = out and self._was_out
        if stuck:
            log.error("The kiosk window cannot be brought back in front; not reporting healthy")
        self._was_out = out
        return not stuck

    def _window_changed(self) -> None:
        if not self._restore_pending and self.active and not self.staff():
            self._restore_pending = True
            QTimer.singleShot(0, self, self.bring_back)  # not once the window is gone

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Refuse escape keys, context menus, drops and file dialogs outside staff mode."""
        kind = event.type()
        if watched is self.window and kind in (
            QEvent.Type.WindowStateChange,
            QEvent.Type.Hide,
        ):
            self._window_changed()
            return False
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            name = escape_key(event)
            if name is None or (self.staff() and not self._in_window(watched)):
                return False  # staff's own dialogs keep their usual keys
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # no shortcut fires; the key press comes here next
                return True
            if not event.isAutoRepeat():
                self._escape_key(name)
            return True
        if kind == QEvent.Type.ContextMenu and not self.staff():
            self.refuse("context menu")
            return True
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return not self.staff()
        if (
            kind == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and any(watched.inherits(c) for c in DIALOG_CLASSES)
            and not self.staff()
        ):
            self.refuse(f"{watched.metaObject().className()} outside staff mode")
            QMetaObject.invokeMethod(watched, "reject", Qt.ConnectionType.QueuedConnection)
            watched.hide()
            return True
        return False

    def _in_window(self, watched: QObject) -> bool:
        if isinstance(watched, QWidget):
            return watched.window() is self.window
        if isinstance(watched, QWindow):
            return watched is self.window.windowHandle()
        return True

    def _escape_key(self, name: str) -> None:
        if not self.staff():
            self.refuse(name)
            return
        w = self.window
        if name in CLOSE_KEYS:
            log.info("Staff closed the kiosk with %s", name)
            w.close()
        elif name == "F11" and not w.isFullScreen():
            w.setGeometry((w.screen() or QApplication.primaryScreen()).geometry())
            w.showFullScreen()
        else:  # Escape, or F11 when full screen: back to a normal window
            w.showNormal()
