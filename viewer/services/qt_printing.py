"""Printing through Qt's printer support where there is no CUPS library (Windows).

:class:`QtPrintService` has the signals and the ``send`` call of
:class:`~viewer.services.printing.PrintService`, so the print card, the page limit and the
patient's messages are the same. Instead of sending the PDF file to CUPS, it paints the same
:class:`~viewer.services.printing.HandoutDocument` on a :class:`QPrinter` for the configured
(or the system's default) printer, found with :class:`QPrinterInfo`. Windows' spooler takes the
job; Qt reports no job id or completion, so "printed" means the spooler accepted every page.

:func:`make_print_service` picks the backend: CUPS where libcups is installed (Linux), Qt's
printer support elsewhere. On Windows this backend has never been run (no Windows machine);
on Linux the tests drive it against a real CUPS queue through Qt's CUPS plugin.
"""

from __future__ import annotations

import ctypes.util
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from viewer.services.cups import PrinterProblem
from viewer.services.printing import HandoutError, PrintService, page_layout

if TYPE_CHECKING:
    from viewer.services.printing import HandoutDocument

log = logging.getLogger(__name__)


def cups_library() -> str | None:
    """The CUPS client library's name, or None where there is none (Windows)."""
    return ctypes.util.find_library("cups")


def make_print_service(parent: QObject | None = None) -> PrintService | QtPrintService:
    """CUPS where its library is installed, else Qt's printer support."""
    if cups_library() is None:
        log.info("No CUPS library here: printing through Qt's printer support")
        return QtPrintService(parent)
    return PrintService(parent)


def find_printer(name: str) -> QPrinterInfo:
    """The named printer, or the default one; :class:`PrinterProblem` when there is none."""
    names = QPrinterInfo.availablePrinterNames()
    known = f"printers here: {', '.join(names)}" if names else "no printers are set up"
    if name:
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            raise PrinterProblem("no-printer", f"there is no printer called {name!r} ({known})")
        return info
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        raise PrinterProblem("no-printer", f"no printer is set up as the default ({known})")
    return info


def print_document(document: HandoutDocument, printer: str, title: str, paper: str) -> str:
    """Paint every page of ``document`` on ``printer``; return the printer's name."""
    info = find_printer(printer)
    if info.state() == QPrinter.PrinterState.Error:
        raise PrinterProblem("stopped", f"printer {info.printerName()} reports an error")
    device = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    device.setPageLayout(page_layout(paper))
    device.setDocName(title)
    try:
        pages = document.paint(device)
    except HandoutError as exc:
        raise PrinterProblem(
            "rejected", f"{info.printerName()} did not take the job: {exc}"
        ) from exc
    if device.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterProblem("job-failed", f"the job on {info.printerName()} failed")
    log.info("Sent %d page(s) of %r to %s", pages, title, info.printerName())
    return info.printerName()


class QtPrintService(QObject):
    """Prints handouts with QPrinter, reporting like :class:`PrintService`.

    Painting happens on the GUI thread (Qt's text layout is not thread-safe), one event-loop
    turn after :meth:`send`, so the card shows "Printing..." first.

    Signals:
        printed(str, int): the printer's name and 0 (Qt has no job id).
        failed(str): why the print failed, in detail for staff.
    """

    printed = Signal(str, int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    @property
    def busy(self) -> bool:
        """True while a handout is being painted for the printer."""
        return self._busy

    def send(
        self,
        pdf: bytes,
        printer: str,
        title: str,
        wait_seconds: float,
        paper: str = "",
        document: HandoutDocument | None = None,
    ) -> None:
        """Print ``document`` (the handout ``pdf`` was made from) on ``printer``."""
        del pdf, wait_seconds  # the spooler takes the pages themselves and reports no end
        if self._busy:
            self.failed.emit("a print is already in progress")
            return
        if document is None:
            self.failed.emit("error: no handout document to print")
            return
        self._busy = True
        QTimer.singleShot(0, self, lambda: self._print(document, printer, title, paper))

    def _print(self, document: HandoutDocument, printer: str, title: str, paper: str) -> None:
        try:
            name = print_document(document, printer, title, paper)
        except PrinterProblem as exc:
            self._busy = False
            self.failed.emit(f"{exc.reason}: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - any failure must reach the patient
            log.exception("Printing failed unexpectedly")
            self._busy = False
            self.failed.emit(f"error: {exc}")
            return
        self._busy = False
        self.printed.emit(name, 0)
