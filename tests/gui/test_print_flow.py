"""Print as a patient and as staff meet it on screen (the real CUPS runs are in test_print_cups)."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog

from tests import pdf
from tests.gui.conftest import handout_ready
from viewer import config, paths
from viewer.config import FONT_STEPS

FAILURE = "The printer is not working. Please ask at the front desk."


def printing(**values) -> config.Config:
    return config.Config().replace(printing=config.PrintingSettings(**values))


def tap(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def staff_menu_button(qtbot, window, name: str) -> None:
    """Staff mode on (as after the right PIN), then a tap on a staff menu button."""
    # Windows of earlier tests are only closed; their lockdown filters would refuse the
    # dialog until they are really deleted.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.kiosk.enter_staff()
    tap(qtbot, window.kiosk.menu.buttons[name])


@pytest.fixture
def no_cups(monkeypatch, tmp_path):
    """CUPS is not running: libcups finds nobody at the socket."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "cupsd-not-running.sock"))


def test_print_button_shows_only_when_printing_is_enabled(make_window, content_dir) -> None:
    on = make_window(content_dir)
    on.reader.open_article("knee")
    assert on.article_page.print_button.isVisible()
    off = make_window(content_dir, printing(enabled=False))
    off.reader.open_article("knee")
    assert not off.article_page.print_button.isVisible()
    off.commands.print_article.trigger()  # e.g. Ctrl+P: still nothing
    assert off.printing.card.state == "hidden"


def test_one_tap_asks_with_the_page_count_and_the_printer(qtbot, window, tmp_path) -> None:
    window.reader.open_article("knee")
    tap(qtbot, window.article_page.print_button)
    card = window.printing.card
    assert card.state == "preparing" and card.isVisible()  # at once, while it is made
    assert card.heading.text() == "Getting your handout ready..."
    assert card.cancel_button.isVisible() and card.progress.isVisible()
    assert handout_ready(qtbot, window).state == "asking" and card.isVisible()
    saved = window.printing.save_pdf(tmp_path / "k.pdf")
    pages = pdf.page_count(saved)
    assert card.heading.text() == (
        f"Print this article, {pages} page{'s' if pages > 1 else ''}, on the front-desk printer?"
    )
    assert "Knee surgery" in card.text.text() and "In normal letters" in card.text.text()
    assert card.print_button.height() >= 64 and card.cancel_button.height() >= 64
    tap(qtbot, card.cancel_button)
    assert not card.isVisible() and not window.printing.service.busy


def test_large_print_is_chosen_from_the_screen_size_and_can_be_switched(qtbot, make_window) -> None:
    window = make_window(paths.bundled_content_dir())
    window.reader.open_article("vertebroplasty")
    window.reader.set_font_step(FONT_STEPS.index(175))
    window.commands.print_article.trigger()
    card = handout_ready(qtbot, window)
    assert card.large_button.isChecked() and "In large letters" in card.text.text()
    assert card.large_button.text() == "Print in normal letters"  # an action, not a state
    large_question = card.heading.text()
    tap(qtbot, card.large_button)
    assert card.state == "preparing"  # the handout is made again, in normal letters
    assert handout_ready(qtbot, window).state == "asking"
    assert not card.large_button.isChecked() and "In normal letters" in card.text.text()
    assert card.large_button.text() == "Print in large letters"
    assert card.heading.text() != large_question  # fewer pages in normal print
    card.cancel()
    window.reader.set_font_step(FONT_STEPS.index(150))
    window.commands.print_article.trigger()
    assert not handout_ready(qtbot, window).large_button.isChecked()


def test_page_limit_refuses_a_handout_that_is_too_long(qtbot, make_window, no_cups) -> None:
    window = make_window(paths.bundled_content_dir(), printing(page_limit=2))
    window.reader.open_article("vertebroplasty")
    window.commands.print_article.trigger()
    card = handout_ready(qtbot, window)
    tap(qtbot, card.print_button)
    assert card.state == "refused" and "Too many pages" in card.heading.text()
    assert "2 pages in all" in card.text.text() and "front desk" in card.text.text()
    assert not window.printing.service.busy  # nothing was sent


def test_cups_not_running_shows_the_plain_failure_and_the_kiosk_goes_on(
    qtbot, window, no_cups, caplog
) -> None:
    window.reader.open_article("knee")
    window.commands.print_article.trigger()
    card = handout_ready(qtbot, window)
    tap(qtbot, card.print_button)
    assert card.heading.text() == "Printing..."
    window.commands.next_section.trigger()  # the window is not blocked while printing
    assert window.reader.reading.index == 1
    qtbot.waitUntil(lambda: card.state == "failed", timeout=20000)
    assert card.text.text() == FAILURE and card.isVisible()
    assert "CUPS is not running" in window.printing.last_failure
    assert any(
        "Printing failed" in r.getMessage() and "cupsd-not-running.sock" in r.getMessage()
        for r in caplog.records
    )
    assert window.printing.pages_printed == 0
    tap(qtbot, card.close_button)
    assert not card.isVisible()
    window.commands.next_section.trigger()
    assert window.reader.reading.index == 2


def test_a_new_visitor_gets_a_closed_card_and_a_fresh_page_count(window) -> None:
    window.reader.open_article("knee")
    window.commands.print_article.trigger()
    window.printing.pages_printed = 5
    window.printing.reset_session()
    assert not window.printing.card.isVisible() and window.printing.pages_printed == 0


def test_staff_preview_opens_without_blocking_and_shows_every_page(qtbot, make_window) -> None:
    window = make_window(paths.bundled_content_dir())
    window.reader.open_article("vertebroplasty")
    document = window.printing.document(window.printing.handout())
    document.pdf_bytes("letter")
    staff_menu_button(qtbot, window, "print_preview")
    dialog = window.findChild(QPrintPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0)
    assert preview.pageCount() == document.page_count >= 2
    dialog.reject()


def test_staff_choose_printer_and_save_pdf_open_without_blocking(qtbot, window, tmp_path) -> None:
    window.reader.open_article("knee")
    staff_menu_button(qtbot, window, "choose_printer")
    chooser = window.findChild(QPrintDialog)
    assert chooser is not None and chooser.isVisible()
    chooser.reject()
    assert window.printing.printer_name == ""  # cancelled: nothing changed
    window.printing.set_printer("FrontDesk")
    assert window.printing.printer_name == "FrontDesk"

    staff_menu_button(qtbot, window, "save_pdf")
    dialog = window.findChild(QFileDialog)
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "handout.pdf"
    dialog.selectFile(str(target))
    dialog.accept()
    assert target.is_file() and "Knee surgery" in pdf.text(target)


def test_staff_print_commands_on_the_home_screen_ask_for_a_topic(window) -> None:
    window.printing.print_preview()
    assert window.popup.isVisible() and "Open a topic first" in window.popup.text.text()


def test_windowed_runs_have_a_staff_menu_with_the_print_tools(make_window, content_dir):
    window = make_window(content_dir)
    window.show_kiosk(windowed=True)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.count("Staff") == 1
    staff = window.menuBar().actions()[menus.index("Staff")].menu()
    assert [a.text() for a in staff.actions()] == ["Print preview", "Choose printer", "Save PDF"]


def test_a_spanish_article_prints_in_spanish_with_the_spanish_glossary(
    qtbot, make_window, tmp_path
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(paths.bundle_root() / "tests" / "data" / "spanish", folder)
    window = make_window(folder)  # the screens in English, the article in Spanish
    window.reader.open_article("rodilla")
    tap(qtbot, window.article_page.print_button)
    assert handout_ready(qtbot, window).state == "asking"
    saved = window.printing.save_pdf(tmp_path / "rodilla.pdf")
    text = pdf.text(saved)
    assert "Palabras usadas en esta hoja Rodilla: La articulación en el medio de la pierna." in text
    assert f"Página 1 de {pdf.page_count(saved)}" in text and "Page 1" not in text
