"""An opt-in hook for the benchmark (``python -m bench``): when did the first frame appear?

Nothing happens unless the environment asks for it, so a kiosk in a waiting room pays one
``os.environ`` look-up:

- ``KIOSK_BENCH_FIRST_PAINT=FILE``: after the first paint of the screen that is showing (the
  home screen, or the article's text), append ``<screen> <time.monotonic()>
  <time.process_time()>`` to FILE. The monotonic clock is the system-wide CLOCK_MONOTONIC on
  Linux, so the benchmark compares it with the time it started the process; the process time
  is the CPU this process used until then, which a busy machine disturbs far less. The
  start-up stage marks (viewer/bench_marks.py) come first, one ``stage ...`` line each.
- ``KIOSK_BENCH_OPEN=ID``: open article ID at start, as if its tile had been tapped at once.
- ``KIOSK_BENCH_READ=1`` (with ``KIOSK_BENCH_OPEN``): tap Read aloud after the first paint,
  so that memory is measured with the speech worker running.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from viewer import bench_marks

log = logging.getLogger(__name__)

FIRST_PAINT_ENV = "KIOSK_BENCH_FIRST_PAINT"
OPEN_ENV = "KIOSK_BENCH_OPEN"
READ_ENV = "KIOSK_BENCH_READ"


class FirstPaint(QObject):
    """Records the time once the first paint of ``widget`` has been flushed to the screen."""

    def __init__(
        self, widget: QWidget, screen: str, out: Path | None, then: Callable[[], None] | None = None
    ) -> None:
        super().__init__(widget)
        self.widget, self.screen, self.out, self.then = widget, screen, out, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """On the first paint event, write the time once the paint (and flush) has finished."""
        if event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            # A zero timer runs after this paint event and the backing store's flush.
            QTimer.singleShot(0, self._write)
        return False

    def _write(self) -> None:
        now, cpu = time.monotonic(), time.process_time()
        if self.out is not None:
            with self.out.open("a", encoding="utf-8") as f:  # the stage marks, then the paint
                f.write(bench_marks.lines() + f"{self.screen} {now:.6f} {cpu:.6f}\n")
        if self.then is not None:
            self.then()


def install(window) -> None:
    """Apply the benchmark's environment variables to a new MainWindow (before it is shown)."""
    out = os.environ.get(FIRST_PAINT_ENV)
    article = os.environ.get(OPEN_ENV)
    if not out and not article:
        return
    if article and not window.reader.open_article(article):
        log.warning("%s=%s: no such article", OPEN_ENV, article)
        article = None
    read = None
    if article and os.environ.get(READ_ENV) == "1":
        read = window.commands.read_aloud.trigger
    if article:
        FirstPaint(window.article_page.text.viewport(), "article", Path(out) if out else None, read)
    elif out:
        FirstPaint(window.home_page, "home", Path(out))
