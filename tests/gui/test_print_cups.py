"""A patient prints through a real CUPS scheduler with a cups-pdf queue, and printers fail.

Each test starts its own cupsd (see tests/cups.py) and stops it afterwards. cups-pdf turns
the job into a PDF in the scheduler's own folder; its fonts come out as Type 3, so the job is
checked by its page count and by its pages rendered with pdftoppm against the kiosk's own
handout.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests import cups, pdf
from viewer import config, paths

pytestmark = [
    pytest.mark.cups,
    pdf.needs_poppler,
]

QUEUE = "KioskTestPDF"
FAILURE = "The printer is not working. Please ask at the front desk."


@pytest.fixture
def sched(monkeypatch):
    """A private cupsd; the kiosk finds it through $CUPS_SERVER."""
    with cups.scheduler() as running:
        monkeypatch.setenv("CUPS_SERVER", str(running.socket))
        yield running


@pytest.fixture
def landed(sched):
    """PDFs the private scheduler's cups-pdf queue writes during the test."""
    out = sched.pdf_out
    before = set(out.glob("*.pdf")) if out.is_dir() else set()
    started = time.time()

    def new_files() -> list[Path]:
        if not out.is_dir():
            return []
        return sorted(
            p for p in out.glob("*.pdf") if p not in before and p.stat().st_mtime >= started - 1
        )

    yield new_files
    for path in new_files():
        path.unlink(missing_ok=True)


def printing(**values) -> config.Config:
    return config.Config().replace(printing=config.PrintingSettings(**values))


def tap_print(qtbot, window) -> None:
    """The patient's two taps: Print on the toolbar, Print on the card."""
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    card = window.printing.card
    assert card.state == "asking", card.heading.text()
    qtbot.mouseClick(card.print_button, Qt.MouseButton.LeftButton)
    assert card.heading.text() == "Printing..."


def outcome(qtbot, window) -> str:
    card = window.printing.card
    qtbot.waitUntil(lambda: card.state in ("printed", "failed"), timeout=90_000)
    assert card.isVisible()
    return card.state


def test_a_patient_prints_and_the_handout_comes_out_of_the_queue(
    qtbot, make_window, sched, landed, tmp_path
) -> None:
    sched.add_pdf_queue(QUEUE, default=True)  # the kiosk's printer setting is empty
    window = make_window(paths.bundled_content_dir())
    window.reader.open_article("vertebroplasty")
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "printed", window.printing.last_failure
    card = window.printing.card
    assert card.text.text() == "Printed: please collect it at the front desk."
    printer, job = window.printing.last_job
    assert printer == QUEUE
    ours = window.printing.save_pdf(tmp_path / "ours.pdf")
    pages = pdf.page_count(ours)
    assert window.printing.pages_printed == pages

    files = landed()
    assert len(files) == 1 and files[0].name.endswith(f"job_{job}.pdf"), files
    printed = files[0]
    assert pdf.page_count(printed) == pages
    assert "(letter)" in pdf.info(printed)["Page size"]  # the paper the handout was laid on
    # The job's pages are the handout's pages: rendered, their lines of text sit in the same
    # places (and not in the places of another page).
    for n in (1, 2, pages):
        page_ours = pdf.render(ours, n, tmp_path / f"ours-{n}", dpi=40)
        page_printed = pdf.render(printed, n, tmp_path / f"printed-{n}", dpi=40)
        assert pdf.ink_fraction(pdf.ppm_pixels(page_printed)) > 0.005
        assert pdf.same_layout(page_ours, page_printed) > 0.8, n
    other = pdf.render(ours, 2, tmp_path / "ours-2", dpi=40)
    assert pdf.same_layout(other, pdf.render(printed, 1, tmp_path / "p1", dpi=40)) < 0.6
    assert sched.jobs(QUEUE).strip() == ""


def test_page_limit_counts_pages_over_several_prints(
    qtbot, make_window, content_dir, sched, landed
) -> None:
    sched.add_pdf_queue(QUEUE, default=False)
    window = make_window(content_dir, printing(printer=QUEUE, page_limit=2))
    window.reader.open_article("knee")  # one page
    for _ in range(2):
        tap_print(qtbot, window)
        assert outcome(qtbot, window) == "printed", window.printing.last_failure
    assert window.printing.pages_printed == 2
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.printing.card.print_button, Qt.MouseButton.LeftButton)
    assert window.printing.card.state == "refused"
    assert len(landed()) == 2
    window.printing.reset_session()  # the next visitor may print again
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "printed"


@pytest.mark.parametrize(
    "trouble", ["cupsd stopped", "queue disabled", "queue rejecting", "no printer", "device broken"]
)
def test_a_printer_that_does_not_work_gets_the_plain_message_and_prints_nothing(
    qtbot, make_window, content_dir, sched, landed, caplog, trouble
) -> None:
    expected_log = {
        "cupsd stopped": "CUPS is not running",
        "queue disabled": "is stopped",
        "queue rejecting": "not accepting jobs",
        "no printer": "no printer is set up as the default",
        "device broken": "job-failed",
    }[trouble]
    if trouble != "no printer":
        sched.add_pdf_queue(QUEUE, default=True)
    if trouble == "device broken":
        sched.add_broken_queue("Broken")
        sched.run("lpadmin", "-d", "Broken")
    if trouble == "queue disabled":
        sched.run("cupsdisable", QUEUE)
    if trouble == "queue rejecting":
        sched.run("cupsreject", QUEUE)
    window = make_window(content_dir)
    window.reader.open_article("knee")
    if trouble == "cupsd stopped":
        sched.stop()
    tap_print(qtbot, window)
    assert outcome(qtbot, window) == "failed"
    assert window.printing.card.text.text() == FAILURE
    assert expected_log in window.printing.last_failure, window.printing.last_failure
    assert any(expected_log in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert window.printing.pages_printed == 0
    assert landed() == []
    if trouble != "cupsd stopped":
        for queue in (
            [QUEUE, "Broken"]
            if trouble == "device broken"
            else [QUEUE]
            if trouble != "no printer"
            else []
        ):
            assert sched.jobs(queue).strip() == "", "a job was left to print later"
    # the kiosk carries on
    qtbot.mouseClick(window.printing.card.close_button, Qt.MouseButton.LeftButton)
    window.commands.next_section.trigger()
    assert window.reader.reading.index == 1
