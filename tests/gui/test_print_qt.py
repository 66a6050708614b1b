"""Printing through Qt's printer support, the backend for machines without libcups (Windows).

Which backend the kiosk uses is decided with the platform faked. The Qt backend itself is
driven on Linux, where Qt's printer support talks to a real private cupsd: the same card, the
same page limit, the same message when there is no printer, and the pages land in the
cups-pdf queue.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests import pdf
from tests.gui.test_print_cups import FAILURE, QUEUE, landed, outcome, printing, sched, tap_print
from viewer import config, diagnose
from viewer.services import cups, qt_printing
from viewer.services.printing import PrintService
from viewer.services.qt_printing import QtPrintService

__all__ = ["landed", "sched"]  # fixtures shared with the CUPS printing tests


@pytest.fixture
def no_libcups(monkeypatch):
    """A machine without the CUPS library, as Windows is."""
    monkeypatch.setattr(qt_printing, "cups_library", lambda: None)


@pytest.fixture
def qt_sched(sched):
    """The test's private cupsd, also for Qt's CUPS plugin on this (the GUI) thread: libcups
    keeps the first server a thread asked for, and each test starts a new one."""
    cups._libcups().cupsSetServer(None)
    yield sched
    cups._libcups().cupsSetServer(None)


def test_without_libcups_the_kiosk_prints_through_qt(qtbot, make_window, content_dir, no_libcups):
    window = make_window(content_dir)
    assert isinstance(window.printing.service, QtPrintService)


def test_with_libcups_the_kiosk_prints_through_cups(qtbot, make_window, content_dir, monkeypatch):
    monkeypatch.setattr(qt_printing, "cups_library", lambda: "libcups.so.2")
    window = make_window(content_dir)
    assert type(window.printing.service) is PrintService


@pytest.mark.cups
@pdf.needs_poppler
def test_a_patient_prints_through_qt_and_the_pages_come_out(
    qtbot, make_window, content_dir, no_libcups, qt_sched, landed
):
    qt_sched.add_pdf_queue(QUEUE, default=True)
    window = make_window(content_dir)
    window.reader.open_article("knee")
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "printed", window.printing.last_failure
    assert window.printing.card.text.text() == "Printed: please collect it at the front desk."
    assert window.printing.last_job == (QUEUE, 0)
    # "printed" is the spooler taking the pages; cups-pdf then writes them out
    qtbot.waitUntil(lambda: qt_sched.jobs(QUEUE).strip() == "", timeout=60_000)
    assert len(landed()) == 1
    assert pdf.page_count(landed()[0]) == window.printing.pages_printed == 1


@pytest.mark.cups
def test_with_no_printer_the_patient_gets_the_plain_message(
    qtbot, make_window, content_dir, no_libcups, qt_sched, landed
):
    window = make_window(content_dir)
    window.reader.open_article("knee")
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "failed"
    assert window.printing.card.text.text() == FAILURE
    assert "no-printer: no printer is set up as the default" in window.printing.last_failure
    assert window.printing.pages_printed == 0 and landed() == []
    qtbot.mouseClick(window.printing.card.close_button, Qt.MouseButton.LeftButton)


@pytest.mark.cups
def test_a_named_printer_that_is_not_there_is_named_in_the_log(
    qtbot, make_window, content_dir, no_libcups, qt_sched
):
    qt_sched.add_pdf_queue(QUEUE, default=True)
    window = make_window(content_dir, printing(printer="FrontDesk"))
    window.reader.open_article("knee")
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "failed"
    assert "there is no printer called 'FrontDesk'" in window.printing.last_failure
    assert QUEUE in window.printing.last_failure  # the printers that are there


def test_the_page_limit_is_the_same_with_qt_printing(qtbot, make_window, content_dir, no_libcups):
    window = make_window(content_dir, printing(page_limit=0))
    window.reader.open_article("knee")
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.printing.card.print_button, Qt.MouseButton.LeftButton)
    assert window.printing.card.state == "refused"
    assert window.printing.card.heading.text() == "Too many pages"
    assert not window.printing.service.busy


@pytest.mark.parametrize(
    ("library", "shown"),
    [(None, "through Qt's printer support"), ("libcups.so.2", "to CUPS (libcups.so.2)")],
)
def test_diagnose_tells_it_which_way_jobs_go(monkeypatch, library, shown):
    monkeypatch.setattr(qt_printing, "cups_library", lambda: library)
    report = diagnose.Report()
    diagnose.describe_printing(report, config.Config())
    assert f"  Sends jobs:       {shown}" in report.lines
