"""Asks CUPS about the kiosk's printer now and then, so IT hears of a stopped printer before
a patient does (Linux; elsewhere nothing is asked).

Each check runs in a short-lived worker thread (CUPS may take seconds to answer, or not
answer at all) and reports back in the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 5000


class PrinterWatch(QObject):
    """Checks the printer every ``interval_ms``.

    Signals:
        checked(bool, str, str): usable or not, the printer's name, why not (for staff).
    """

    checked = Signal(bool, str, str)
    _done = Signal(bool, str, str)

    def __init__(
        self, printer: Callable[[], str], interval_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.printer = printer
        self._busy = False
        self._done.connect(self._finish)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._first = QTimer(self)  # the first check soon after start-up, not at once
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.check)
        if sys.platform.startswith("linux"):
            self._timer.start(interval_ms)
            self._first.start(min(FIRST_CHECK_MS, interval_ms))

    def check(self) -> None:
        """Ask CUPS once, unless a question is still open."""
        if self._busy:
            return
        self._busy = True
        threading.Thread(
            target=self._work, args=(self.printer(),), name="kiosk-printer-check", daemon=True
        ).start()

    def _work(self, name: str) -> None:
        """In the worker thread: is the printer there, started and accepting jobs?"""
        from viewer.services import cups

        try:
            with cups.Connection() as conn:
                state = cups.usable_printer(conn, name)
            result = (True, state.name, "")
        except cups.PrinterProblem as exc:
            result = (False, name, f"{exc.reason}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a check must never break the kiosk
            result = (False, name, f"error: {exc}")
        try:
            self._done.emit(*result)
        except RuntimeError:  # the kiosk closed while CUPS was asked
            pass

    def _finish(self, ok: bool, name: str, detail: str) -> None:
        self._busy = False
        self.checked.emit(ok, name, detail)
