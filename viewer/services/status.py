"""Keeps the live status current: systemd's STATUS=, status.json and the metrics file.

A timer every ``monitoring.interval`` seconds (60 by default) saves the usage counts, writes
``status.json`` in the state folder and the Prometheus textfile (when one is configured) and
sends the status line to systemd. A change of the status line (another screen, speech or
the printer failing, another content version) is sent to systemd and written to
``status.json`` at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from viewer import __version__
from viewer.core.atomic import write_atomically
from viewer.core.status import Health, status_dict, status_line, write_metrics
from viewer.core.usage import EVENTS, UsageCounts

log = logging.getLogger(__name__)

STATUS_FILE = "status.json"


class StatusReporter(QObject):
    """The kiosk's :class:`Health`, published.

    Signals:
        written: the metrics file and status.json were written (the periodic tick).
    """

    written = Signal()

    def __init__(
        self,
        health: Health,
        state_dir: Path,
        metrics_file: Path | None,
        usage: UsageCounts | None,
        notify: Callable[[str], object] | None,  # gets the status line
        interval_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.health = health
        self.status_file = Path(state_dir) / STATUS_FILE
        self.metrics_file = metrics_file
        self.usage = usage
        self.notify = notify
        self._line = ""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(interval_ms)

    def usage_totals(self) -> dict[str, int]:
        """Every event's count since counting began (saved and not yet saved)."""
        return self.usage.totals() if self.usage is not None else dict.fromkeys(EVENTS, 0)

    def changed(self) -> None:
        """Something in :attr:`health` changed: tell systemd and status.json if the line did."""
        line = status_line(self.health)
        if line == self._line:
            return
        self._line = line
        log.info("Status: %s", line)
        if self.notify is not None:
            self.notify(line)
        self._write_status()

    def tick(self) -> None:
        """The periodic update: save counts, write status.json and the metrics file."""
        if self.usage is not None:
            self.usage.flush()
        self._line = ""
        self.changed()  # always sends and writes
        if self.metrics_file is not None:
            try:
                write_metrics(self.metrics_file, self.health, __version__, self.usage_totals())
            except OSError as exc:
                log.error("Could not write the metrics file %s: %s", self.metrics_file, exc)
        self.written.emit()

    def _write_status(self) -> None:
        data = status_dict(self.health, __version__, self.usage_totals())
        try:
            write_atomically(self.status_file, json.dumps(data, indent=2) + "\n")
        except OSError as exc:
            log.error("Could not write %s: %s", self.status_file, exc)

    def stop(self) -> None:
        """At exit: a last save and write."""
        self._timer.stop()
        self.tick()
        if self.usage is not None:
            self.usage.close()
