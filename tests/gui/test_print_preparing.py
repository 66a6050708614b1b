"""The handout is made off the GUI thread: the card says so at once, the screen keeps working,
Cancel and the idle reset discard it, a failure gets the plain message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from tests.conftest import ARTICLE
from tests.gui.conftest import handout_ready, settle
from viewer.services import handout_job, printing
from viewer.ui import print_controller

PARAGRAPH = (
    "After the operation you rest in bed for an hour while a nurse checks your breathing, "
    "your blood pressure and the feeling in your legs. Most people go home the same day, "
    "with someone to drive them, and feel the difference within two days. "
) * 3


def long_article(folder, sections: int = 60, paragraphs: int = 14) -> None:
    """An article of some 250 printed pages (the 269-page one froze the screen 7.1 s)."""
    body = "".join(
        f"\n## Part {n}\n" + "".join(f"{PARAGRAPH}\n\n" for _ in range(paragraphs))
        for n in range(1, sections + 1)
    )
    text = ARTICLE.format(title="A very long topic", summary="Long.", related="") + body
    (folder / "long.md").write_text(text, encoding="utf-8")


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """The worker waits here before it makes the handout, so a test can act while the card
    says "Getting your handout ready..." (set it to let the worker go on)."""
    release = threading.Event()
    build = print_controller.build_handout

    def held(*args, **kwargs):
        release.wait(30)
        return build(*args, **kwargs)

    monkeypatch.setattr(print_controller, "build_handout", held)
    yield release
    release.set()
    assert handout_job.wait_for_workers()


@pytest.fixture
def long_window(make_window, content_dir):
    """The kiosk showing the very long article."""
    long_article(content_dir)
    window = make_window(content_dir)
    window.reader.open_article("long")
    return window


def test_the_screen_keeps_working_while_a_long_handout_is_made(qtbot, long_window) -> None:
    window = long_window
    card = window.printing.card
    seen: list[tuple[str, object]] = []  # in the order the GUI thread saw them
    window.printing.preparer.progress.connect(lambda done, of: seen.append(("page", done)))
    ticker = QTimer()
    ticker.setInterval(1)
    ticker.timeout.connect(lambda: seen.append(("tick", card.state)))
    ticker.start()
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    assert card.state == "preparing" and card.heading.text() == "Getting your handout ready..."
    assert handout_ready(qtbot, window).state == "asking"
    ticker.stop()

    pages = [n for kind, n in seen if kind == "page"]
    assert pages[-1] >= 200, pages[-1]  # a very long handout
    assert f"{pages[-1]} pages" in card.heading.text()
    # The event loop turned between pages being written: the timer ticked (with the card
    # still getting ready) after the first page was written and before the last one was.
    first, last = seen.index(("page", 1)), seen.index(("page", pages[-1]))
    assert any(kind == "tick" and state == "preparing" for kind, state in seen[first:last])
    card.cancel()


def test_cancel_is_handled_while_a_long_handout_is_being_written(qtbot, long_window) -> None:
    window = long_window
    card = window.printing.card
    pages: list[int] = []
    window.printing.preparer.progress.connect(lambda done, of: pages.append(done))
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(pages), timeout=60_000)  # pages are being written
    qtbot.mouseClick(card.cancel_button, Qt.MouseButton.LeftButton)
    assert card.state == "hidden" and not card.isVisible()
    assert not window.printing.preparer.busy
    assert handout_job.wait_for_workers()  # the worker stops at its next page
    settle(qtbot)
    assert card.state == "hidden" and window.printing._pending is None


def test_the_card_shows_how_far_the_handout_is(qtbot, window) -> None:
    window.reader.open_article("knee")
    window.commands.print_article.trigger()
    card = window.printing.card
    assert card.progress.isVisible() and card.cancel_button.isVisible()
    assert not card.print_button.isVisible()  # nothing to print yet
    card.show_progress(0, 3)
    assert (card.progress.minimum(), card.progress.maximum()) == (0, 3)
    card.show_progress(2, 3)
    assert card.progress.value() == 2
    assert handout_ready(qtbot, window).state == "asking"
    assert not card.progress.isVisible()


def test_a_finished_worker_is_left_to_the_gui_thread_not_destroyed_in_its_own(
    qtbot, window
) -> None:
    """A PySide worker destroyed by its own thread's deferred delete holds Qt's signal-slot
    lock while it waits for the GIL; the GUI thread, holding the GIL, then hung for ever in
    the idle reset's text clear() (seen in the build-and-destroy stress test)."""
    window.reader.open_article("knee")
    assert handout_job.wait_for_workers()  # none left from before
    window.commands.print_article.trigger()
    [(thread, worker)] = handout_job._running
    assert handout_ready(qtbot, window).state == "asking"
    qtbot.waitUntil(thread.isFinished)
    assert worker.thread() is window.thread()  # handed back, not left for its own thread
    window.reset_visitor()  # the idle reset that hung: it clears the text pane
    assert handout_job.wait_for_workers()


def test_cancel_while_getting_ready_discards_the_handout(qtbot, window, gate) -> None:
    window.reader.open_article("knee")
    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    card = window.printing.card
    assert card.state == "preparing"
    qtbot.mouseClick(card.cancel_button, Qt.MouseButton.LeftButton)
    assert card.state == "hidden" and not card.isVisible()
    gate.set()
    assert handout_job.wait_for_workers()
    settle(qtbot)  # what the worker sent back has arrived
    assert card.state == "hidden" and not card.isVisible()
    assert not window.printing.preparer.busy
    window.commands.print_article.trigger()  # the next tap asks as usual
    assert handout_ready(qtbot, window).state == "asking"


def test_an_idle_reset_while_getting_ready_discards_the_handout(qtbot, window, gate) -> None:
    window.reader.open_article("knee")
    window.commands.print_article.trigger()
    card = window.printing.card
    assert card.state == "preparing"
    window.reset_visitor()  # what the idle reset does
    gate.set()
    assert handout_job.wait_for_workers()
    settle(qtbot)
    assert card.state == "hidden" and not card.isVisible()


def test_a_handout_that_cannot_be_made_gets_the_plain_message(
    qtbot, window, monkeypatch, caplog
) -> None:
    def broken(self, device):
        raise printing.HandoutError("page 2 could not be started")

    monkeypatch.setattr(printing.HandoutDocument, "paint", broken)
    window.reader.open_article("knee")
    window.commands.print_article.trigger()
    card = handout_ready(qtbot, window)
    assert card.state == "failed" and card.text.text() == window.config.printing.failure_message
    assert "page 2 could not be started" in window.printing.last_failure
    assert any("could not be made" in r.getMessage() for r in caplog.records)
