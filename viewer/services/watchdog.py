"""systemd's service notification (sd_notify): READY=1 once, then WATCHDOG=1 from the GUI loop.

The protocol is one datagram per message to the Unix socket named in ``$NOTIFY_SOCKET`` (a
leading ``@`` means the abstract namespace). ``$WATCHDOG_USEC`` is the watchdog interval; the
keep-alive is sent from a timer in the GUI event loop at half of it, so a hung window stops
the keep-alives and systemd kills and restarts the kiosk. Without these variables (not
started by systemd) nothing is sent.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def notify_address(environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """The socket address from ``$NOTIFY_SOCKET``, or None when not started by systemd."""
    address = environ.get("NOTIFY_SOCKET", "")
    if not address:
        return None
    if address.startswith("@"):
        return "\0" + address[1:]
    if address.startswith("/"):
        return address
    log.warning("NOTIFY_SOCKET=%r is not a Unix socket path; not notifying systemd", address)
    return None


def watchdog_interval_ms(environ: dict[str, str] | os._Environ[str] = os.environ) -> int | None:
    """Half the watchdog interval in milliseconds, or None when there is no watchdog."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec:
        return None
    if pid and pid != str(os.getpid()):
        return None  # meant for another process
    try:
        value = int(usec)
    except ValueError:
        log.warning("WATCHDOG_USEC=%r is not a number; no watchdog keep-alives", usec)
        return None
    return max(1, value // 2000) if value > 0 else None


class Watchdog(QObject):
    """Sends sd_notify messages; the keep-alive timer runs in the GUI thread's event loop."""

    def __init__(
        self, address: str | None, interval_ms: int | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.address = address
        self.interval_ms = interval_ms
        self._socket: socket.socket | None = None
        self.status_line = "Showing the home screen"
        self._ready = False  # STATUS= waits for READY=1, which carries the latest line
        self.healthy: Callable[[], bool] = lambda: True  # e.g. the window is in front
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.keep_alive)
        if address is not None:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, parent: QObject | None = None) -> Watchdog:
        """A watchdog configured from systemd's environment variables."""
        address = notify_address()
        interval = watchdog_interval_ms() if address else None
        if address:
            log.info("systemd notification socket found; watchdog keep-alive every %s ms", interval)
        return cls(address, interval, parent)

    @property
    def enabled(self) -> bool:
        """True when started by systemd with a notification socket."""
        return self._socket is not None

    def notify(self, message: str) -> bool:
        """Send one message; False (and a log line) when it cannot be sent."""
        if self._socket is None or self.address is None:
            return False
        try:
            self._socket.sendto(message.encode("utf-8"), self.address)
        except OSError as exc:
            log.warning("Could not notify systemd (%s): %s", message.split("=")[0], exc)
            return False
        return True

    def ready(self) -> None:
        """The kiosk is up: READY=1, then keep-alives if systemd asked for a watchdog."""
        self._ready = True
        self.notify(f"READY=1\nSTATUS={self.status_line}\nMAINPID={os.getpid()}")
        if self.interval_ms:
            self._timer.start(self.interval_ms)

    def status(self, line: str) -> None:
        """STATUS=: the one line ``systemctl status`` shows (kept for READY=1 too)."""
        self.status_line = line
        if self._ready:
            self.notify(f"STATUS={line}")

    def keep_alive(self) -> None:
        """WATCHDOG=1: the event loop is still turning and :attr:`healthy` says all is well.

        When it is not, nothing is sent: systemd restarts the kiosk after its interval.
        """
        if self.healthy():
            self.notify("WATCHDOG=1")

    def stopping(self) -> None:
        """STOPPING=1 on a deliberate exit; nothing is sent after it."""
        self._timer.stop()
        self.notify("STOPPING=1")
        if self._socket is not None:
            self._socket.close()
            self._socket = None
