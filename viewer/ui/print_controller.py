"""Printing for patients and staff: the Print action, the card, the page limit, preview, PDF.

Patients: one tap on Print shows :class:`~viewer.ui.print_card.PrintCard` at once, "Getting
your handout ready..." while :class:`~viewer.services.handout_job.HandoutPreparer` lays the
handout out and writes its PDF in a worker thread (the screen stays responsive; Cancel or an
idle reset discards it), then asking "Print this article, 3 pages, on the front-desk
printer?"; Print sends the handout to the configured (or
default) CUPS printer through :class:`~viewer.services.printing.PrintService` (Qt's printer
support where there is no CUPS: :mod:`viewer.services.qt_printing`), never through
a system dialog. Staff (the staff menu, or the Staff menu of ``--windowed`` runs) get
:meth:`PrintController.print_preview`, :meth:`PrintController.choose_printer` and
:meth:`PrintController.save_pdf`; these lay the handout out on the GUI thread (staff tools,
not patient-facing: the window waits while they make a long handout).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMenuBar, QWidget

from viewer.config import Config
from viewer.core.glossary import Glossary, load_glossary
from viewer.core.handout import Handout, build_handout, wants_large_print
from viewer.core.locale_format import number, page_count
from viewer.core.render import make_renderer
from viewer.i18n import _, current_language, pgettext
from viewer.services.handout_job import HandoutPreparer, PreparedHandout
from viewer.services.printing import (
    HandoutDocument,
    HandoutError,
    load_logo,
    logo_path,
    page_layout,
    write_pdf,
)
from viewer.services.qt_printing import make_print_service
from viewer.ui.actions import Actions
from viewer.ui.popup import Popup
from viewer.ui.print_card import PrintCard
from viewer.ui.reader import Reader

log = logging.getLogger(__name__)


def pages_text(n: int) -> str:
    """'1 page', '3 pages', '3 páginas': in the screens' language, its plural and digits."""
    return page_count(n, current_language())


class PrintController(QObject):
    """Everything about printing, wired to the print actions.

    The handout is the reader's open article; the card and the staff dialogs open over
    ``window``. ``pages_printed`` counts the pages printed in this visit; :meth:`reset_session`
    (called by the idle reset) sets it back to zero and closes the card.

    Signals:
        handout_printed(int): the printer took a patient's handout of this many pages.
    """

    handout_printed = Signal(int)

    def __init__(
        self, window: QWidget, config: Config, commands: Actions, reader: Reader, popup: Popup
    ) -> None:
        super().__init__(window)
        self.window = window
        self.config = config
        self.commands = commands
        self.reader = reader
        self.popup = popup
        self.settings = config.printing
        self.card = PrintCard(window)
        self.preparer = HandoutPreparer(self)  # the handout is made off the GUI thread
        self.service = make_print_service(self)  # CUPS, or Qt's printers where none (Windows)
        self.pages_printed = 0
        self.printer_name = self.settings.printer  # staff may choose another one
        self.last_job: tuple[str, int] | None = None
        self.last_failure = ""
        self._pending: tuple[Handout, int, bytes] | None = None
        self._document: HandoutDocument | None = None  # what _pending's PDF was made from
        self.printer_trouble = ""  # why the printer cannot print, from the last check
        self._sending: tuple[int, int] = (0, -1)  # pages, visit
        self._visit = 0  # changes on reset_session, so a late answer is not shown
        self._dialogs: list[QDialog] = []
        self._staff_menu: QMenu | None = None

        a = commands
        a.print_article.setVisible(self.settings.enabled)
        a.print_article.triggered.connect(self.offer)
        a.print_preview.triggered.connect(self.print_preview)
        a.save_pdf.triggered.connect(self.save_pdf)
        a.choose_printer.triggered.connect(self.choose_printer)
        self.card.accepted.connect(self.confirm)
        self.card.cancelled.connect(self._cancelled)
        self.card.large_print_toggled.connect(self._large_print_toggled)
        self.preparer.ready.connect(self._ready)
        self.preparer.failed.connect(self._not_made)
        self.preparer.progress.connect(self.card.show_progress)
        self.service.printed.connect(self._printed)
        self.service.failed.connect(self._failed)

    # -- building ------------------------------------------------------------------------
    def default_large_print(self) -> bool:
        """Large print when the patient reads the screen at one of the larger sizes."""
        return wants_large_print(self.reader.reading.font_percent, self.settings.large_print_from)

    def handout(self, large_print: bool | None = None) -> Handout | None:
        """The open article's handout, or None on the home screen."""
        r = self.reader
        if r.article is None:
            return None
        if large_print is None:
            large_print = self.default_large_print()
        logo = logo_path(self.config)
        render = make_renderer(r.content_dir, set(r.library.ids()))
        return build_handout(
            r.article,
            self.config.branding,
            render,
            self.article_glossary(),
            large_print=large_print,
            with_logo=logo.is_file(),
        )

    def article_glossary(self) -> Glossary:
        """The glossary of the open article's language: a Spanish handout defines its words
        from glossary.es.toml whatever language the screens are in."""
        r = self.reader
        assert r.article is not None
        return load_glossary(r.content_dir, r.article.meta.language)

    def document(self, handout: Handout) -> HandoutDocument:
        """The handout laid out with the kiosk's font and the logo."""
        return HandoutDocument(handout, self.reader.font_family, load_logo(logo_path(self.config)))

    def _prepare(self, large_print: bool) -> None:
        """Show "Getting your handout ready..." and make the handout in a worker thread;
        :meth:`_ready` asks once it is made."""
        r = self.reader
        if r.article is None:
            return
        article, glossary, branding = r.article, self.article_glossary(), self.config.branding
        logo = logo_path(self.config)
        render = make_renderer(r.content_dir, set(r.library.ids()))
        with_logo = logo.is_file()

        def make() -> Handout:  # runs in the worker thread: plain Python, no widgets
            return build_handout(
                article, branding, render, glossary, large_print=large_print, with_logo=with_logo
            )

        self._pending = None
        self._document = None
        self.card.show_preparing(_("This takes a few seconds for a long article."))
        self.preparer.start(make, r.font_family, logo, self.settings.paper)

    def _ready(self, prepared: PreparedHandout | None) -> None:
        if prepared is None or self.card.state != "preparing":
            return
        self._pending = prepared.handout, prepared.pages, prepared.pdf
        self._document = prepared.document
        question, detail = self._question()
        self.card.ask(question, detail, prepared.handout.large_print)

    def _not_made(self, detail: str) -> None:
        self._pending = None
        self.last_failure = detail
        log.error("The handout could not be made: %s", detail)
        if self.card.state == "preparing":
            self._sorry()

    # -- patients ------------------------------------------------------------------------
    def offer(self) -> None:
        """The Print button: get the handout ready, then ask with the page count and printer."""
        if not self.settings.enabled or self.reader.article is None:
            return
        if self.service.busy:
            self.card.show_printing(_("Your handout is on its way to the printer."))
            return
        if self.printer_trouble:  # never offer pages a printer that is known dead won't print
            self.last_failure = f"printer: {self.printer_trouble}"
            log.warning("Print not offered: %s", self.printer_trouble)
            self._sorry()
            return
        if self.card.state == "preparing" and self.preparer.busy:
            return  # a second tap while it is being made
        self._prepare(self.default_large_print())

    def printer_checked(self, ok: bool, name: str, why: str) -> None:
        """The printer watch's latest answer about ``name`` (services/printer_watch.py)."""
        self.printer_trouble = "" if ok else f"{name or 'default'}: {why or 'cannot print'}"

    def _question(self) -> tuple[str, str]:
        assert self._pending is not None
        handout, pages, _pdf = self._pending
        question = _("Print this article, {pages}, on {printer}?").format(
            pages=pages_text(pages), printer=_(self.settings.printer_label)
        )
        if handout.large_print:
            detail = _("“{title}”. In large letters.")
        else:
            detail = _("“{title}”. In normal letters.")
        return question, detail.format(title=handout.title)

    def _sorry(self) -> None:
        """The printer or the handout failed: the configured words, in the screens' language
        where the catalogue has them (the default ones)."""
        self.card.show_outcome("failed", _("Sorry"), _(self.settings.failure_message))

    def _large_print_toggled(self, on: bool) -> None:
        if self.card.state == "asking":
            self._prepare(on)

    def confirm(self) -> None:
        """The card's Print button: check the page limit, then send without blocking."""
        if self._pending is None:
            return
        handout, pages, pdf = self._pending
        left = self.settings.page_limit - self.pages_printed
        if pages > left:
            log.info(
                "Print of %r refused: %d pages, %d left of the %d-page limit",
                handout.title,
                pages,
                left,
                self.settings.page_limit,
            )
            limit = pages_text(self.settings.page_limit)
            if self.pages_printed:
                why = _(
                    "This handout has {pages}, and each visit may print {limit} in all "
                    "({left} left). Please ask at the front desk for a copy."
                ).format(
                    pages=pages_text(pages), limit=limit, left=number(left, current_language())
                )
            else:
                why = _(
                    "This handout has {pages}, and each visit may print {limit} in all. "
                    "Please ask at the front desk for a copy."
                ).format(pages=pages_text(pages), limit=limit)
            self.card.show_outcome("refused", _("Too many pages"), why)
            return
        self.card.show_printing(
            _("Sending {pages} to {printer}.").format(
                pages=pages_text(pages), printer=_(self.settings.printer_label)
            )
        )
        log.info(
            "Printing %r (%d pages, %s print) on %s",
            handout.title,
            pages,
            "large" if handout.large_print else "normal",
            self.printer_name or "the default printer",
        )
        self._sending = (pages, self._visit)
        self.service.send(
            pdf,
            self.printer_name,
            handout.title,
            float(self.settings.confirm_seconds),
            self.settings.paper,
            document=self._document,
        )

    def _printed(self, printer: str, job: int) -> None:
        pages, visit = self._sending
        self.last_job = (printer, job)
        self.handout_printed.emit(pages)
        if visit != self._visit:
            log.info("Print job %d on %s completed after the visit ended", job, printer)
            return
        self.pages_printed += pages
        self.card.show_outcome("printed", _("Printed"), _(self.settings.collect_message))

    def _failed(self, detail: str) -> None:
        self.last_failure = detail
        log.error("Printing failed (printer %s): %s", self.printer_name or "default", detail)
        if self._sending[1] != self._visit:
            return
        self._sorry()

    def _cancelled(self) -> None:
        self.preparer.cancel()  # a handout still being made is not wanted any more
        self._pending = None

    def reset_session(self) -> None:
        """A new visitor: close the card and start the page count again."""
        self._visit += 1
        self.pages_printed = 0
        self.preparer.cancel()
        self._pending = None
        self.card.dismiss()

    # -- staff ---------------------------------------------------------------------------
    def _staff_handout(self, large_print: bool | None) -> Handout | None:
        handout = self.handout(large_print)
        if handout is None:
            self.popup.show_message(
                pgettext("button", "Print"), _("Open a topic first, then print it.")
            )
        return handout

    def print_preview(self, large_print: bool | None = None) -> QPrintPreviewDialog | None:
        """Staff: show the handout in Qt's print preview (opened without blocking)."""
        handout = self._staff_handout(large_print)
        if handout is None:
            return None
        doc = self.document(handout)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(self.settings.paper))
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(_("Print preview: {title}").format(title=handout.title))
        dialog.paintRequested.connect(doc.paint)
        self._keep(dialog)
        dialog.open()
        return dialog

    def choose_printer(self) -> QPrintDialog:
        """Staff: choose the printer the kiosk uses from now on (dialog opened non-blocking)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name:
            printer.setPrinterName(self.printer_name)
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(_("Choose the kiosk's printer"))

        def chosen(result: int) -> None:
            if (
                result == QDialog.DialogCode.Accepted
                and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
                and printer.printerName()
            ):
                self.set_printer(printer.printerName())

        dialog.finished.connect(chosen)
        self._keep(dialog)
        QDialog.open(dialog)  # PySide6 needs the QDialog method for QPrintDialog
        return dialog

    def set_printer(self, name: str) -> None:
        """Print on ``name`` from now on (until the kiosk restarts); empty: the default."""
        log.info(
            "Kiosk printer changed from %s to %s",
            self.printer_name or "the default",
            name or "the default",
        )
        self.printer_name = name
        self.printer_trouble = ""  # the next check says whether this one works

    def save_pdf(
        self, path: str | Path | None = None, large_print: bool | None = None
    ) -> QFileDialog | Path | None:
        """Staff: save the open article's handout as a PDF.

        With a path, write it now and return the path; without one, open a file dialog
        (non-blocking) and return it.
        """
        handout = self._staff_handout(large_print)
        if handout is None or self.reader.article is None:
            return None
        article_id = self.reader.article.id
        if path is None:
            dialog = QFileDialog(
                self.window,
                _("Save the handout as PDF"),
                str(Path.home() / f"{article_id}.pdf"),
                # Translators: a file dialog's filter; keep "(*.pdf)" as it is.
                _("PDF files (*.pdf)"),
            )
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("pdf")
            dialog.fileSelected.connect(lambda p: self.save_pdf(p, handout.large_print))
            self._keep(dialog)
            dialog.open()
            return dialog
        target = Path(path)
        try:
            write_pdf(target, self.document(handout).pdf_bytes(self.settings.paper))
        except HandoutError as exc:
            log.error("Saving the handout failed: %s", exc)
            # The reason is the system's, in English: staff pass it on to IT.
            self.popup.show_message(_("Not saved"), str(exc))
            return None
        log.info("Saved the handout of %s to %s", article_id, target)
        return target

    def _keep(self, dialog: QDialog) -> None:
        """Keep a reference while the dialog is open; forget it when it closes."""
        self._dialogs.append(dialog)
        dialog.finished.connect(
            lambda *_: self._dialogs.remove(dialog) if dialog in self._dialogs else None
        )

    def add_staff_menu(self, menubar: QMenuBar) -> None:
        """A Staff menu with the print tools (``--windowed`` runs on staff desktops)."""
        if self._staff_menu is not None:
            return
        # Translators: the menu of staff tools in a windowed kiosk on a staff desktop.
        menu = self._staff_menu = menubar.addMenu(pgettext("menu", "Staff"))
        a = self.commands
        for action in (a.print_preview, a.choose_printer, a.save_pdf):
            menu.addAction(action)
