"""Getting a patient's handout ready off the GUI thread, so the screen never waits for it.

A long article takes seconds to lay out in pages and write as a PDF (a 269-page one held the
window 7.1 s when this ran on the GUI thread). :class:`HandoutPreparer` does the whole path,
article to HTML (:func:`viewer.core.handout.build_handout`, through the caller's ``make``),
the :class:`~viewer.services.printing.HandoutDocument` with its pictures and pages, and the
PDF bytes, in a worker :class:`QThread`, and reports back with signals on the GUI thread.

Only thread-safe parts are used there: :class:`QTextDocument` (created in the worker),
:class:`QImage` pictures (SVG drawn with :class:`QSvgRenderer` on a :class:`QImage`; Qt's
text layout itself uses images, not pixmaps, off the GUI thread) and :class:`QPdfWriter`.
Once done, the document is handed to the GUI thread, where the Qt print backend may paint it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from viewer.core.handout import Handout
from viewer.services.printing import HandoutCancelled, HandoutDocument, HandoutError, load_logo

log = logging.getLogger(__name__)

_running: list[tuple[QThread, QObject]] = []  # kept alive until their thread has finished


@dataclass(frozen=True)
class PreparedHandout:
    """A handout laid out in pages, with its PDF."""

    handout: Handout
    document: HandoutDocument
    pages: int
    pdf: bytes


class _Worker(QObject):
    """Runs in the worker thread: builds, lays out and writes one handout."""

    done = Signal(int, object)  # token, PreparedHandout or None (nothing to print)
    failed = Signal(int, str)  # token, why
    progress = Signal(int, int, int)  # token, pages written, of
    finished = Signal()

    def __init__(
        self,
        token: int,
        make: Callable[[], Handout | None],
        font_family: str,
        logo: Path,
        paper: str,
        stop: threading.Event,
    ) -> None:
        super().__init__()
        self.token = token
        self.make = make
        self.font_family = font_family
        self.logo = logo
        self.paper = paper
        self.stop = stop

    @Slot()
    def run(self) -> None:
        token = self.token
        try:
            handout = self.make()
            if handout is None or self.stop.is_set():
                self.done.emit(token, None)
                return
            document = HandoutDocument(handout, self.font_family, load_logo(self.logo))
            document.stop = self.stop
            document.progress = lambda n, of: self.progress.emit(token, n, of)
            pdf = document.pdf_bytes(self.paper)
            document.stop = document.progress = None
            app = QCoreApplication.instance()
            if app is not None:
                document.doc.moveToThread(app.thread())  # the GUI thread may paint it
            self.done.emit(token, PreparedHandout(handout, document, document.page_count, pdf))
        except HandoutCancelled:
            self.done.emit(token, None)
        except HandoutError as exc:
            self.failed.emit(token, f"handout: {exc}")
        except Exception as exc:  # noqa: BLE001 - any failure must reach the patient
            log.exception("The handout could not be made")
            self.failed.emit(token, f"handout: error: {exc}")
        finally:
            # Back to the GUI thread before the thread ends: a PySide QObject destroyed by the
            # worker thread's own deferred delete runs its destructor holding Qt's
            # signal-slot lock while it waits for the GIL, and a GUI thread that holds the GIL
            # and disconnects anything (a text pane's clear() at the idle reset) then waits for
            # that lock: both hang for ever. The GUI thread drops the worker instead.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()


class HandoutPreparer(QObject):
    """Makes one handout at a time in a worker thread; a newer request or :meth:`cancel`
    discards what an older one makes.

    Signals:
        ready(object): the :class:`PreparedHandout`, or None (no article, nothing to print).
        failed(str): why the handout could not be made, in detail for staff.
        progress(int, int): pages written so far, of the handout's pages.
    """

    ready = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token = 0
        self._stop: threading.Event | None = None
        app = QCoreApplication.instance()
        if app is not None:  # a worker still running at exit would abort the process
            app.aboutToQuit.connect(self._at_exit)

    @property
    def busy(self) -> bool:
        """True while a handout is being made for the latest request."""
        return self._stop is not None

    def start(
        self, make: Callable[[], Handout | None], font_family: str, logo: Path, paper: str
    ) -> None:
        """Make ``make()``'s handout in a new worker thread (an older one is discarded)."""
        self.cancel()
        _forget_finished()
        token = self._token
        stop = self._stop = threading.Event()
        thread = QThread()
        thread.setObjectName("kiosk-handout")
        worker = _Worker(token, make, font_family, logo, paper, stop)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)  # thread-safe
        # No thread.finished -> worker.deleteLater: see _Worker.run; _forget_finished drops
        # the worker on the GUI thread once its thread has finished.
        worker.done.connect(self._done)  # queued: these run on this object's (GUI) thread
        worker.failed.connect(self._failed)
        worker.progress.connect(self._progress)
        _running.append((thread, worker))
        thread.start()

    def cancel(self) -> None:
        """Discard the handout being made (its worker stops at the next page it checks)."""
        if self._stop is not None:
            self._stop.set()
        self._stop = None
        self._token += 1

    @Slot()
    def _at_exit(self) -> None:
        self.cancel()
        wait_for_workers()

    @Slot(int, object)
    def _done(self, token: int, result: PreparedHandout | None) -> None:
        if token == self._token and self._stop is not None:
            self._stop = None
            self.ready.emit(result)

    @Slot(int, str)
    def _failed(self, token: int, detail: str) -> None:
        if token == self._token and self._stop is not None:
            self._stop = None
            self.failed.emit(detail)

    @Slot(int, int, int)
    def _progress(self, token: int, done: int, of: int) -> None:
        if token == self._token and self._stop is not None:
            self.progress.emit(done, of)


def _forget_finished() -> None:
    for entry in list(_running):
        thread = entry[0]
        if thread.isFinished():
            thread.wait()  # returns at once, or when the thread has left its last signal
            _running.remove(entry)


def wait_for_workers(msecs: int = 30_000) -> bool:
    """Wait for every handout worker still running (at exit); False if one is still busy."""
    ok = all([thread.wait(msecs) for thread, _worker in list(_running)])
    _forget_finished()
    return ok
