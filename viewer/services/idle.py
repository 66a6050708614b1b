"""Idle watch: no touch for a while, then a countdown warning, then a visitor reset."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
    }
)


class IdleWatch(QObject):
    """Watches every input event of the application.

    After ``idle_ms`` without input it emits ``warning``; each second of the ``warning_ms``
    countdown it emits ``countdown``; any input (or :meth:`poke`) during it emits
    ``kept``; at the end it emits ``timed_out``. Times are given in milliseconds so that tests
    can use short ones (the configuration allows no less than 30 seconds).

    Signals:
        warning(int): the countdown started; seconds left.
        countdown(int): seconds left in the countdown.
        kept: activity during the countdown; the visitor is still there.
        timed_out: the countdown ended; reset the kiosk for the next visitor.
    """

    warning = Signal(int)
    countdown = Signal(int)
    kept = Signal()
    timed_out = Signal()

    def __init__(self, idle_ms: int, warning_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._start_warning)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self._time_out)
        self._left = 0
        self._running = False
        self.set_timing(idle_ms, warning_ms)

    def set_timing(self, idle_ms: int, warning_ms: int) -> None:
        """Change the idle time and the countdown length (milliseconds)."""
        self._idle.setInterval(max(1, idle_ms))
        self._end.setInterval(max(1, warning_ms))
        self._tick.setInterval(min(1000, max(1, warning_ms)))
        if self._running and self._idle.isActive():
            self._idle.start()

    @property
    def warning_active(self) -> bool:
        """True while the countdown runs."""
        return self._end.isActive()

    @property
    def running(self) -> bool:
        """True while watching (not paused)."""
        return self._running

    def start(self) -> None:
        """Start (or restart) watching; installs the filter on the application."""
        app = QCoreApplication.instance()
        if app is not None and not self._running:
            app.installEventFilter(self)
        self._running = True
        self._stop_warning()
        self._idle.start()

    def pause(self) -> None:
        """Stop watching (e.g. while the attract screen waits for the next visitor)."""
        app = QCoreApplication.instance()
        if app is not None and self._running:
            app.removeEventFilter(self)
        self._running = False
        self._idle.stop()
        self._stop_warning()

    def poke(self) -> None:
        """Count as activity, e.g. while the kiosk reads aloud."""
        if not self._running:
            return
        if self.warning_active:
            self._stop_warning()
            self.kept.emit()
        self._idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Any touch, click, key or wheel counts as activity; nothing is consumed."""
        if event.type() in INPUT_EVENTS:
            self.poke()
        return False

    def _start_warning(self) -> None:
        self._left = max(1, round(self._end.interval() / 1000))
        self._end.start()
        self._tick.start()
        self.warning.emit(self._left)

    def _count(self) -> None:
        self._left = max(0, self._left - 1)
        self.countdown.emit(self._left)

    def _stop_warning(self) -> None:
        self._end.stop()
        self._tick.stop()

    def _time_out(self) -> None:
        self._stop_warning()
        self.timed_out.emit()
