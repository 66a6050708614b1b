"""Printing truthfully: a scheduler that goes away during a job is asked again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

from tests import cups
from viewer.services import cups as kiosk_cups

pytestmark = [pytest.mark.cups]


def test_a_job_that_survives_a_cupsd_restart_is_reported_printed(
    qapp, monkeypatch, tmp_path: Path, caplog
) -> None:
    with cups.scheduler() as sched:
        monkeypatch.setenv("CUPS_SERVER", str(sched.socket))
        sched.add_pdf_queue("KioskLost")
        handout = tmp_path / "handout.pdf"
        handout.write_bytes(one_page_pdf(tmp_path / "qt.pdf"))
        real_state = kiosk_cups.Connection.job_state
        restarted = threading.Event()
        stopped: list[bool] = []

        def cupsd_dies_when_first_asked(conn, printer: str, job: int) -> str:
            if not stopped:
                stopped.append(True)
                sched.stop()  # cupsd goes away right after the job was sent

                def back() -> None:
                    sched.start()
                    restarted.set()

                threading.Timer(1.0, back).start()
            return real_state(conn, printer, job)  # the real call, to a dead scheduler

        monkeypatch.setattr(kiosk_cups.Connection, "job_state", cupsd_dies_when_first_asked)
        job = kiosk_cups.print_file(handout, "KioskLost", "Handout", 60, 0.1)
        assert restarted.is_set()
        assert job.printer == "KioskLost"
        assert "Lost the connection to CUPS while job" in caplog.text
        assert sched.jobs("KioskLost").strip() == ""  # nothing left waiting


def one_page_pdf(path: Path) -> bytes:
    """A one-page PDF written by Qt."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    painter = QPainter(writer)
    painter.drawText(100, 100, "A handout")
    painter.end()
    return path.read_bytes()
