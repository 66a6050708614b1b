"""The live status follows the printer's state in a real CUPS scheduler, before anyone prints."""

from __future__ import annotations

import pytest

from tests import cups
from viewer import config, paths
from viewer.core.content_versions import ContentStore
from viewer.ui.fleet import start_fleet

pytestmark = pytest.mark.cups


@pytest.fixture
def sched(monkeypatch):
    """A private cupsd with a cups-pdf queue as the default printer."""
    with cups.scheduler() as running:
        monkeypatch.setenv("CUPS_SERVER", str(running.socket))
        running.add_pdf_queue("FrontDesk", default=True)
        yield running


def fleet_on(make_window, content_dir, lines: list[str]):
    """The kiosk window with its fleet parts, checking the printer every 0.1 s."""
    cfg = config.Config()
    store = ContentStore(paths.state_dir())
    decision = store.decide(content_dir)
    window = make_window(decision.folder, cfg)
    fleet = start_fleet(
        window, cfg, store, content_dir, decision, lines.append, printer_check_ms=100
    )
    return window, fleet


def test_a_stopped_printer_shows_as_failing_and_ready_again_once_started(
    make_window, content_dir, sched, qtbot
):
    lines: list[str] = []
    window, fleet = fleet_on(make_window, content_dir, lines)
    qtbot.waitUntil(lambda: "; printer FrontDesk ready; " in lines[-1], timeout=10_000)
    sched.run("cupsdisable", "FrontDesk")
    qtbot.waitUntil(lambda: "; printer FrontDesk failing; " in lines[-1], timeout=10_000)
    assert "is stopped" in fleet.health.printer_detail
    assert "printer" in fleet.health.last_errors
    sched.run("cupsenable", "FrontDesk")
    qtbot.waitUntil(lambda: "; printer FrontDesk ready; " in lines[-1], timeout=10_000)
    fleet.reporter.stop()


def test_no_card_offers_pages_a_stopped_printer_will_not_print(
    qtbot, make_window, content_dir, sched
) -> None:
    lines: list[str] = []
    window, fleet = fleet_on(make_window, content_dir, lines)
    window.reader.open_article("knee")
    card = window.printing.card
    qtbot.waitUntil(lambda: "; printer FrontDesk ready; " in lines[-1], timeout=10_000)
    window.commands.print_article.trigger()
    assert card.state == "asking"  # a working printer: the question with its pages
    card.cancel()
    sched.run("cupsdisable", "FrontDesk")
    qtbot.waitUntil(lambda: "; printer FrontDesk failing; " in lines[-1], timeout=10_000)
    window.commands.print_article.trigger()
    assert card.state == "failed"  # at once: no "Print 2 pages?" first
    assert card.text.text() == window.config.printing.failure_message
    assert "is stopped" in window.printing.last_failure
    card.dismiss()
    sched.run("cupsenable", "FrontDesk")
    qtbot.waitUntil(lambda: "; printer FrontDesk ready; " in lines[-1], timeout=10_000)
    window.commands.print_article.trigger()
    assert card.state == "asking"
    card.cancel()
    fleet.reporter.stop()
