"""Logging for an unattended kiosk: a rotating file, Qt's messages, and crash survival.

What goes in the log: start-up, configuration and content problems, article names opened,
errors with their tracebacks. Never what a visitor typed or tapped beyond the article name,
and never the staff PIN.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger(__name__)

LOG_NAME = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
SEEN_LIMIT = 200  # distinct tracebacks remembered for counting repeats
ERROR_STORM = (20, 60.0)  # this many errors within this many seconds: exit, let systemd restart


def setup_logging(folder: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr and to a rotating ``kiosk.log`` in ``folder``; return the file's path.

    When the folder cannot be created the kiosk still runs, logging to stderr only.
    """
    root = logging.getLogger()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    if not any(
        isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
        for h in root.handlers
    ):
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        root.addHandler(stream)
    if folder is None:
        return None
    path = Path(folder) / LOG_NAME
    for h in root.handlers:
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("Cannot write the log file %s (%s); logging to the console only", path, exc)
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log only its owner can read (0600): it names articles and printers."""

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own hook
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a file left by an older version may be 0644
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def log_file() -> Path | None:
    """The rotating log file in use, if any."""
    for h in logging.getLogger().handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler):
            return Path(h.baseFilename)
    return None


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Route one Qt message into logging under the ``qt`` logger."""
    category = context.category or "default"
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "[%s] %s", category, message)


def install_qt_messages() -> None:
    """Send Qt's own warnings to the log (qInstallMessageHandler)."""
    qInstallMessageHandler(qt_message_handler)


class CrashGuard:
    """``sys.excepthook`` that logs the traceback and calls ``recover``; the kiosk keeps going.

    An error inside ``recover`` is logged, not raised again. When errors come faster than
    ``ERROR_STORM`` allows, ``give_up`` is called (the app exits and systemd restarts it).
    """

    def __init__(
        self,
        recover: Callable[[], None],
        give_up: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.recover = recover
        self.give_up = give_up
        self.clock = clock
        self.times: list[float] = []
        self.seen: dict[str, int] = {}  # traceback text -> times it happened
        self._recovering = False
        self.previous = sys.excepthook

    def log_once(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        """The traceback in full the first time; the same one again is one line with a count.

        A section that fails on every tap would otherwise write its traceback (180 KB for a
        RecursionError) each time and rotate the log's history away within minutes.
        """
        text = "".join(traceback.format_exception(kind, value, tb))
        count = self.seen.get(text, 0) + 1
        if len(self.seen) >= SEEN_LIMIT and count == 1:
            self.seen.clear()
        self.seen[text] = count
        if count == 1:
            log.error("Unexpected error; returning to the home screen", exc_info=(kind, value, tb))
        else:
            summary = traceback.format_exception_only(kind, value)[-1].strip()[:300]
            log.error(
                "The same unexpected error again (%d times now; traceback above): %s",
                count,
                summary,
            )

    def install(self) -> None:
        """Become ``sys.excepthook``."""
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        """Put the previous hook back."""
        if sys.excepthook is self:
            sys.excepthook = self.previous

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        """Handle one uncaught exception."""
        if issubclass(kind, KeyboardInterrupt):
            self.give_up()
            return
        self.log_once(kind, value, tb)
        now = self.clock()
        limit, window = ERROR_STORM
        self.times = [t for t in self.times if now - t < window] + [now]
        if len(self.times) >= limit:
            log.critical(
                "%d errors in %.0f seconds; exiting so the supervisor restarts the kiosk",
                len(self.times),
                window,
            )
            self.give_up()
            return
        if self._recovering:
            return
        self._recovering = True
        try:
            self.recover()
        except Exception:
            log.exception("Could not return to the home screen after an error")
        finally:
            self._recovering = False
