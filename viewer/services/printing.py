"""Handouts on paper: lay the handout HTML out in pages, paint them, send them to CUPS.

:class:`HandoutDocument` lays a :class:`~viewer.core.handout.Handout` out for any paged
device (a :class:`QPdfWriter` for PDF files and print jobs, the :class:`QPrinter` of a print
preview) and paints every page itself, so each page gets its running header and its footer
("Page N of M" in the article's language, and the print date) inside the margins the page
layout gives; text is always black on white whatever the screen theme. :class:`PrintService`
sends a finished PDF to a CUPS queue from a worker thread and reports back with signals, so
the window never waits.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QObject,
    QRectF,
    QSizeF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from viewer.config import Config
from viewer.core.handout import LOGO_URL, Handout
from viewer.core.locale_format import page_of
from viewer.services import cups, pictures

log = logging.getLogger(__name__)

PDF_RESOLUTION = 1200  # QPrinter.HighResolution for PDF output
PICTURE_DPI = 300  # pictures are drawn for paper at this resolution
PICTURE_SHARE = 0.6  # of the text width, at normal print size
MARGINS_MM = QMarginsF(18, 14, 18, 12)  # left, top, right, bottom
_PAPER = {"letter": QPageSize.PageSizeId.Letter, "a4": QPageSize.PageSizeId.A4}
_MEDIA = {"letter": "Letter", "a4": "A4"}  # CUPS media names


class HandoutError(RuntimeError):
    """A handout could not be written; the message says why in plain words."""


class HandoutCancelled(Exception):
    """The handout was no longer wanted (see :attr:`HandoutDocument.stop`)."""


def page_layout(paper: str) -> QPageLayout:
    """Portrait Letter or A4 with the handout's margins."""
    return QPageLayout(
        QPageSize(_PAPER.get(paper, QPageSize.PageSizeId.Letter)),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def logo_path(config: Config) -> Path:
    """The configured logo (relative to the configuration file) or the bundled one."""
    return config.logo_path()


def load_logo(path: Path) -> QImage | None:
    """The logo image, or None (logged) when it is missing or not an image."""
    image = QImage(str(path))
    if image.isNull():
        log.warning("Handout logo %s is missing or not an image; printing without a logo", path)
        return None
    return image


class HandoutDocument:
    """A handout laid out in pages for one paged device at a time.

    ``stop``, when set, ends a layout or painting under way with :class:`HandoutCancelled`;
    ``progress(pages painted, pages)`` is called after each page (both for a worker thread:
    viewer/services/handout_job.py).
    """

    stop: threading.Event | None = None
    progress: Callable[[int, int], None] | None = None

    def __init__(self, handout: Handout, font_family: str, logo: QImage | None) -> None:
        self.handout = handout
        self.font_family = font_family
        self.doc = QTextDocument()
        self.doc.setUndoRedoEnabled(False)
        font = QFont(font_family)
        font.setPointSizeF(handout.body_points)
        self.doc.setDefaultFont(font)
        if logo is not None:
            self.doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(LOGO_URL), logo)
        self.doc.setHtml(handout.html)
        self.doc.setDocumentMargin(0)
        self.body = QRectF()
        self.small_font = QFont(font_family)
        self.small_font.setPointSizeF(max(9.0, round(handout.body_points * 0.75)))
        self._device: QPagedPaintDevice | None = None

    @property
    def page_count(self) -> int:
        """Pages in the last layout that have something on them.

        Qt counts one more page when only the spacing under the last line (130% line
        height) or a margin reaches past the end of a page; that page would print blank.
        """
        pages = self.doc.pageCount()
        height = self.doc.pageSize().height()
        block = self.doc.lastBlock()
        while block.isValid() and not block.text().strip() and not _whole(block):
            block = block.previous()
        lines = block.layout().lineCount() if block.isValid() else 0
        if not lines or height <= 0:
            return pages
        line = block.layout().lineAt(lines - 1)
        top = self.doc.documentLayout().blockBoundingRect(block).top()
        ink_bottom = top + line.y() + line.ascent() + line.descent()
        return max(1, min(pages, int((ink_bottom - 1) // height) + 1))

    def layout(self, device: QPagedPaintDevice) -> int:
        """Lay the text out for ``device``'s pages; return the page count."""
        paint = device.pageLayout().paintRectPixels(device.logicalDpiX())
        metrics = QFontMetricsF(self.small_font, device)
        band = metrics.height() * 2.2  # header or footer line plus a gap
        self.body = QRectF(0, band, paint.width(), paint.height() - 2 * band)
        self._fit_images(
            self.body.width() * 96 / device.logicalDpiX(),
            self.body.height() * 0.6 * 96 / device.logicalDpiY(),
        )
        self.doc.documentLayout().setPaintDevice(device)
        self.doc.setPageSize(QSizeF(self.body.width(), self.body.height()))
        self._keep_together()
        self._device = device
        return self.page_count

    def _fit_images(self, width: float, max_height: float) -> None:
        """Draw the article's pictures for paper: a readable share of the text width (more
        in large print), never taller than most of a page, sharp at 300 dpi (in px)."""
        share = 0.85 if self.handout.large_print else PICTURE_SHARE
        pictures.fit_pictures(
            self.doc,
            width=width * share,
            max_width=width,
            max_height=max_height,
            pixel_ratio=PICTURE_DPI / 96,
        )

    def _keep_together(self) -> None:
        """Move a paragraph, list item or picture that a page break would split, or a heading
        it would strand at the foot of a page, to the next page with what belongs to it."""
        height = self.doc.pageSize().height()
        layout = self.doc.documentLayout()
        for _ in range(4 * self.doc.blockCount()):
            self._check_stop()
            self.doc.pageCount()  # finishes the layout (Qt lays long documents out lazily)
            block = self.doc.begin()
            while block.isValid():
                top, bottom = _unit(block, layout, height)
                fmt = block.blockFormat()
                if (
                    bottom > top
                    and int(top // height) != int((bottom - 1) // height)
                    and top % height > 1  # not at the top of a page already
                    and bottom - top < height * 0.9  # a unit taller than a page must split
                    and fmt.pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto
                ):
                    new_fmt = QTextBlockFormat(fmt)
                    new_fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    QTextCursor(block).setBlockFormat(new_fmt)
                    break  # the layout below has changed: look again from the start
                block = block.next()
            else:
                return

    def paint(self, device: QPagedPaintDevice) -> int:
        """Paint every page on ``device``; return the number of pages."""
        if self._device is not device:
            self.layout(device)
        pages = self.page_count
        painter = QPainter()
        if not painter.begin(device):
            raise HandoutError("the PDF could not be started")
        try:
            for index in range(pages):
                if index and not device.newPage():
                    raise HandoutError(f"page {index + 1} could not be started")
                self._check_stop()
                self._paint_page(painter, index, pages)
                if self.progress is not None:
                    self.progress(index + 1, pages)
        finally:
            painter.end()
        return pages

    def _check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise HandoutCancelled

    def _paint_page(self, painter: QPainter, index: int, pages: int) -> None:
        body = self.body
        height = self.doc.pageSize().height()
        painter.save()
        painter.translate(body.left(), body.top() - index * height)
        clip = QRectF(0, index * height, body.width(), height)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
            palette.setColor(role, QColor("#000000"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        context.palette = palette
        # Lines are skipped unless they reach this far into the page: a line that starts on
        # the next page but touches this one would otherwise be drawn (clipped, invisible)
        # here too, and its words would appear twice in the PDF's text. (Qt also draws the
        # one line just above the clip, so a paragraph split across pages would repeat its
        # last line on the next page: _keep_together keeps paragraphs whole.)
        slack = painter.device().logicalDpiY() / 36  # 2 pt
        context.clip = clip.adjusted(0, slack, 0, -slack)
        painter.setClipRect(clip)
        self.doc.documentLayout().draw(painter, context)
        painter.restore()

        painter.save()
        painter.setFont(self.small_font)
        painter.setPen(QPen(QColor("#000000"), max(1.0, painter.device().logicalDpiX() / 150)))
        line_h = QFontMetricsF(self.small_font, painter.device()).height()
        width = body.width()
        bottom = body.bottom() + body.top()  # the paint rect's height
        flags = Qt.AlignmentFlag.AlignVCenter
        if index:
            header = QRectF(0, 0, width, line_h)
            painter.drawText(header, flags | Qt.AlignmentFlag.AlignLeft, self.handout.header)
            painter.drawLine(0, int(line_h * 1.3), int(width), int(line_h * 1.3))
        footer = QRectF(0, bottom - line_h, width, line_h)
        painter.drawLine(0, int(bottom - line_h * 1.4), int(width), int(bottom - line_h * 1.4))
        painter.drawText(footer, flags | Qt.AlignmentFlag.AlignLeft, self.handout.footer)
        painter.drawText(
            footer,
            flags | Qt.AlignmentFlag.AlignRight,
            page_of(index + 1, pages, self.handout.language),
        )
        painter.restore()

    def pdf_bytes(self, paper: str) -> bytes:
        """The whole handout as a PDF file's bytes."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageLayout(page_layout(paper))
        writer.setTitle(self.handout.title)
        writer.setCreator("Patient-education kiosk")
        self.layout(writer)
        self.paint(writer)
        del writer  # finishes the file
        buffer.close()
        self._device = None
        return bytes(data.data())


def _whole(block: QTextBlock) -> bool:
    """True for a block that must not be split: a list item or a picture."""
    if block.textList() is not None:
        return True
    it = block.begin()
    while not it.atEnd():
        if it.fragment().charFormat().isImageFormat():
            return True
        it += 1
    return False


def _unit(
    block: QTextBlock, layout: QAbstractTextDocumentLayout, page_height: float
) -> tuple[float, float]:
    """Top and bottom of what must stay on one page, starting at ``block``: a whole
    paragraph, list item or picture (with its caption); a heading with what follows it
    (another heading, and the first block after, or its first two lines when that block is
    longer than a page can take). (0, 0) for table cells and empty blocks."""
    if QTextCursor(block).currentTable() is not None or (
        not block.text().strip() and not _whole(block)
    ):
        return 0.0, 0.0  # a table cell, or an empty block (it must never start a page)
    rect = layout.blockBoundingRect(block)
    nxt = block.next()
    if block.blockFormat().headingLevel() and nxt.isValid():
        nxt_rect = layout.blockBoundingRect(nxt)
        lines = nxt.layout().lineCount()
        if nxt_rect.height() > page_height * 0.9 and lines:
            return rect.top(), nxt_rect.top() + nxt.layout().lineAt(
                min(lines, 2) - 1
            ).rect().bottom()
        return rect.top(), _unit(nxt, layout, page_height)[1]
    bottom = rect.bottom()
    if _whole(block) and block.textList() is None and nxt.isValid() and _is_caption(nxt):
        bottom = layout.blockBoundingRect(nxt).bottom()
    return rect.top(), bottom


def _is_caption(block: QTextBlock) -> bool:
    """A picture's caption: a centred paragraph right after it."""
    return bool(block.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter) and not _whole(
        block
    )


def write_pdf(path: Path, pdf: bytes) -> None:
    """Write PDF bytes to ``path`` atomically; :class:`HandoutError` says why it failed."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise HandoutError(f"cannot write {path}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise HandoutError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise HandoutError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".handout-", suffix=".pdf", dir=folder)
    except OSError as exc:
        raise HandoutError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise HandoutError(f"cannot write {path}: {exc.strerror or exc}") from exc


class PrintService(QObject):
    """Sends PDF handouts to a CUPS printer from a worker thread.

    The printer is checked before sending and the job is watched until CUPS reports it
    completed (see :func:`viewer.services.cups.print_file`). If no answer comes within
    ``wait_seconds`` plus a grace period, :attr:`failed` is emitted anyway.

    Signals:
        printed(str, int): the printer's name and the job id of a completed job.
        failed(str): why the print failed, in detail for staff.
    """

    printed = Signal(str, int)
    failed = Signal(str)
    _done = Signal(int, bool, str, int)  # token, ok, printer or detail, job id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token = 0
        self._busy = False
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(self._no_answer)
        self._done.connect(self._finish)

    @property
    def busy(self) -> bool:
        """True while a job is being sent or watched."""
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
        """Print ``pdf`` on ``printer`` (empty: the default printer) without blocking.

        ``paper`` ("letter" or "a4") asks the printer for the paper the PDF was laid out on.
        ``document`` is for the Qt backend (viewer/services/qt_printing.py); CUPS takes the PDF.
        """
        if self._busy:
            self.failed.emit("a print is already in progress")
            return
        self._busy = True
        self._token += 1
        token = self._token
        self._guard.start(int((wait_seconds + 20) * 1000))
        worker = threading.Thread(
            target=self._work,
            name="kiosk-print",
            daemon=True,
            args=(token, pdf, printer, title, wait_seconds, _MEDIA.get(paper, "")),
        )
        worker.start()

    def _work(
        self, token: int, pdf: bytes, printer: str, title: str, wait: float, media: str
    ) -> None:
        """Runs in the worker thread: write a temporary file, print it, report back."""
        path: Path | None = None
        try:
            fd, name = tempfile.mkstemp(prefix="kiosk-handout-", suffix=".pdf")
            path = Path(name)
            with os.fdopen(fd, "wb") as out:
                out.write(pdf)
            job = cups.print_file(path, printer, title, wait, media=media)
            log.info(
                "Printed %r on %s: job %d completed in %.1f s",
                title,
                job.printer,
                job.job_id,
                job.seconds,
            )
            self._done.emit(token, True, job.printer, job.job_id)
        except cups.PrinterProblem as exc:
            self._done.emit(token, False, f"{exc.reason}: {exc}", 0)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the patient
            log.exception("Printing failed unexpectedly")
            self._done.emit(token, False, f"error: {exc}", 0)
        finally:
            if path is not None:
                path.unlink(missing_ok=True)

    def _finish(self, token: int, ok: bool, text: str, job: int) -> None:
        if token != self._token or not self._busy:
            log.warning("Late answer from the printer ignored: %s", text)
            return
        self._busy = False
        self._guard.stop()
        if ok:
            self.printed.emit(text, job)
        else:
            self.failed.emit(text)

    def _no_answer(self) -> None:
        if self._busy:
            self._busy = False
            self._token += 1  # ignore the worker's answer if it ever comes
            self.failed.emit("timeout: no answer from CUPS")
