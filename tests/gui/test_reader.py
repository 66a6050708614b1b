"""The reader as a patient uses it: tiles, sections, swipes, text size, theme, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QPoint, Qt, QUrl
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QAbstractButton

from tests.conftest import write_article
from tests.gui.conftest import set_size, settle, swipe
from viewer import config
from viewer.config import FONT_STEPS
from viewer.ui import theme


def tile(window, title):
    return next(t for t in window.home_page.tiles if t.title.text() == title)


def open_knee(qtbot, window):
    qtbot.mouseClick(tile(window, "Knee surgery"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.article_page


def test_window_fills_the_screen(window) -> None:
    assert window.isFullScreen()
    assert window.geometry() == window.screen().geometry()


def test_home_shows_branding_and_one_tile_per_article_sorted_by_title(window) -> None:
    page = window.home_page
    assert window.stack.currentWidget() is page
    assert page.hospital.text() == "St. Luke's Hospital"
    assert "314-434-1500" in page.contact.text()
    assert [t.title.text() for t in page.tiles] == ["Back pain", "Knee surgery"]
    assert page.tiles[1].summary.text() == "What happens when your knee is fixed."
    visible = [b.text() for b in page.findChildren(QAbstractButton) if b.isVisible()]
    assert not any("Content" in text for text in visible)  # the report is staff-only


def test_tapping_a_tile_opens_the_article_at_its_first_section(qtbot, window) -> None:
    open_knee(qtbot, window)
    page = window.article_page
    assert page.title.text() == "Knee surgery"
    assert page.position.text() == "Section 1 of 4"
    assert "Opening words" in page.text.toPlainText()
    assert page.rail.count() == 4 and page.rail.currentRow() == 0
    assert page.next_button.text().startswith("Next: What it is")
    assert not page.previous_button.isEnabled()


def test_next_walks_every_section_then_goes_home(qtbot, window) -> None:
    open_knee(qtbot, window)
    page = window.article_page
    seen = []
    for _ in range(4):
        seen.append(page.text.toPlainText().splitlines()[0])
        assert page.rail.currentRow() == len(seen) - 1
        assert page.position.text() == f"Section {len(seen)} of 4"
        if len(seen) < 4:
            qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert seen == ["Overview", "What it is", "Before you come", "After you go home"]
    assert page.next_button.text().startswith("Done: back to topics")
    assert "Related topics" in page.text.toPlainText()  # related at the end of the last one
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.position.text() == "Section 3 of 4"
    assert page.previous_button.text().startswith("‹  Back: What it is")
    window.commands.next_section.trigger()
    window.commands.next_section.trigger()
    assert window.stack.currentWidget() is window.home_page


def test_section_list_jumps_to_the_tapped_section(qtbot, window) -> None:
    open_knee(qtbot, window)
    rail = window.article_page.rail
    rect = rail.visualItemRect(rail.item(2))
    qtbot.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.reading.index == 2
    assert window.article_page.position.text() == "Section 3 of 4"
    assert rail.currentRow() == 2


def test_one_finger_swipe_turns_sections_and_a_vertical_drag_does_not(qtbot, window) -> None:
    open_knee(qtbot, window)
    text = window.article_page.text
    swipe(window, text.viewport(), -400)
    qtbot.waitUntil(lambda: window.reader.reading.index == 1)
    swipe(window, text.viewport(), -400)
    qtbot.waitUntil(lambda: window.reader.reading.index == 2)
    swipe(window, text.viewport(), 400)
    qtbot.waitUntil(lambda: window.reader.reading.index == 1)
    swipe(window, text.viewport(), 60, 300)  # mostly vertical: a scroll, not a swipe
    settle(qtbot)
    assert window.reader.reading.index == 1


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_text_size_reflows_without_sideways_scrolling_or_clipped_controls(
    qtbot, window, size
) -> None:
    set_size(qtbot, window, *size)
    open_knee(qtbot, window)
    window.reader.set_font_step(0)
    page = window.article_page
    sizes = []
    for step in range(len(FONT_STEPS)):
        if step:
            window.commands.font_bigger.trigger()
        settle(qtbot)
        assert window.reader.reading.font_percent == FONT_STEPS[step]
        sizes.append(page.text.font().pointSizeF())
        for index in range(4):
            window.reader.show_section(index)
            assert page.text.horizontalScrollBar().maximum() == 0
            assert page.text.document().idealWidth() <= page.text.viewport().width()
        for button in page.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.width() >= button.sizeHint().width() - 1, button.text()
                assert button.height() >= 48 and button.width() >= 48, button.text()
                assert button.geometry().right() <= page.width(), button.text()
    assert sizes[0] >= 18 and sizes[-1] >= 2.5 * sizes[0] - 0.01
    assert not window.commands.font_bigger.isEnabled()  # the largest size
    for _ in FONT_STEPS:
        window.commands.font_smaller.trigger()
    assert window.reader.reading.font_percent == 100
    assert not window.commands.font_smaller.isEnabled()


def test_theme_toggle_switches_to_light_on_dark_with_strong_contrast(qtbot, window) -> None:
    open_knee(qtbot, window)
    assert window.palette().color(window.backgroundRole()).name() == "#ffffff"
    qtbot.mouseClick(window.article_page.theme_button, Qt.MouseButton.LeftButton)
    assert window.reader.theme_name == "high-contrast"
    assert window.palette().color(window.backgroundRole()).name() == "#000000"
    assert "color: #ffffff" in window.article_page.text.document().defaultStyleSheet()
    for palette in theme.THEMES.values():
        assert theme.contrast_ratio(palette.text, palette.background) >= 7
        assert theme.contrast_ratio(palette.accent_text, palette.accent) >= 7
        assert theme.contrast_ratio(palette.current_text, palette.current) >= 7


def test_every_control_has_a_spoken_name(qtbot, window) -> None:
    open_knee(qtbot, window)
    for page in (window.article_page, window.home_page):
        for button in page.findChildren(QAbstractButton):
            if button.isVisible():
                name = button.accessibleName()
                assert len(name.split()) >= 2, (button.text(), name)


def test_links_stay_inside_the_kiosk(qtbot, window, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    open_knee(qtbot, window)
    window.article_page.text.anchorClicked.emit(QUrl("https://example.com"))
    assert window.reader.article.id == "knee" and opened == []
    window.article_page.text.anchorClicked.emit(QUrl("article:back"))
    assert window.reader.article.id == "back"
    assert window.article_page.title.text() == "Back pain"


def test_a_glossary_word_is_marked_and_a_tap_shows_its_meaning(qtbot, window) -> None:
    open_knee(qtbot, window)
    text = window.article_page.text
    assert 'href="term:vertebra"' in text.toHtml()
    cursor = text.document().find("vertebra")
    assert cursor.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    rect = text.cursorRect(cursor)
    point = rect.center() - QPoint(rect.width() // 2 + 20, 0)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(window.popup.isVisible)
    assert window.popup.heading.text() == "Vertebra"
    assert "spine" in window.popup.text.text()
    qtbot.mouseClick(window.popup, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not window.popup.isVisible()


@pytest.mark.parametrize("theme_name", ["standard", "high-contrast"])
def test_a_glossary_word_looks_like_something_to_tap_not_a_web_link(qtbot, window, theme_name):
    if window.reader.theme_name != theme_name:
        window.reader.toggle_theme()
    open_knee(qtbot, window)
    palette = theme.THEMES[theme_name]
    fmt = window.article_page.text.document().find("vertebra").charFormat()
    assert fmt.foreground().color().name() == palette.text  # the text's colour, not blue
    assert fmt.underlineColor().name() == palette.text  # a dotted line in the same colour
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert fmt.background().color().name() == palette.term  # a tint marks it
    assert theme.contrast_ratio(palette.text, palette.term) >= 7


def test_broken_files_are_listed_for_staff_and_the_good_articles_still_show(
    qtbot, make_window, broken_content_dir: Path
) -> None:
    window = make_window(broken_content_dir)
    page = window.home_page
    assert [t.title.text() for t in page.tiles] == ["Back pain", "Knee surgery"]
    window.kiosk.enter_staff()  # the report is in the staff menu (PIN: tests/gui/test_kiosk.py)
    button = window.kiosk.menu.buttons["problems"]
    assert button.isVisible() and "5 files" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    report = window.popup.text.text()
    for name in ("latin1.md", "huge.md", "notitle.md", "empty.md", "gone.md"):
        assert name in report


def test_an_empty_content_folder_says_so(make_window, tmp_path: Path) -> None:
    window = make_window(tmp_path)
    assert window.home_page.empty.isVisible()
    assert "ask at the front desk" in window.home_page.empty.text()


def test_a_broken_configuration_still_starts_with_defaults(
    make_window, content_dir, tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[display]\ntheme = "neon"\nfont_step = 99\n[branding]\nhospital_name = ""\n')
    cfg = config.load(path)
    window = make_window(content_dir, cfg)
    assert window.reader.theme_name == "standard"
    assert window.reader.reading.font_step == 0
    assert window.home_page.hospital.text() == "St. Luke's Hospital"
    assert len(cfg.problems) == 3


def test_a_big_library_shows_a_page_of_topics_at_a_time(qtbot, make_window, content_dir):
    for n in range(18):
        write_article(content_dir, f"t{n:02d}", f"Topic {n:02d}")
    window = make_window(content_dir)
    page = window.home_page
    assert len(page.tiles) == 8 and page.tiles[0].title.text() == "Back pain"
    assert page.page_label.text() == "Topics 1-8 of 20"
    assert not page.previous_page.isEnabled()
    qtbot.mouseClick(page.next_page, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.next_page, Qt.MouseButton.LeftButton)
    assert page.page_label.text() == "Topics 17-20 of 20"
    assert [t.title.text() for t in page.tiles] == [f"Topic {n}" for n in (14, 15, 16, 17)]
    assert not page.next_page.isEnabled()
    qtbot.mouseClick(page.tiles[-1], Qt.MouseButton.LeftButton)
    assert window.reader.article.id == "t17"


def test_the_text_is_18_points_at_100_percent_in_every_kiosk_window(make_window, content_dir):
    # The frameless kiosk flags and a second window's first polish once reset it to 17 pt.
    for _ in range(2):
        window = make_window(content_dir)
        window.reader.open_article("knee")
        assert window.reader.reading.font_percent == 100
        assert window.article_page.text.font().pointSizeF() == 18


def test_section_buttons_follow_their_actions_back_and_forth(qtbot, window) -> None:
    # Qt 6.11's QToolButton connected its action's `changed` once more at each change of the
    # action (each section step changes Next's text): the connections piled up without end.
    open_knee(qtbot, window)
    page = window.article_page
    changed = page.next_button.defaultAction().receivers(SIGNAL("changed()"))
    for _ in range(20):
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
        assert page.position.text() == "Section 2 of 4"
        assert page.previous_button.isEnabled()
        assert page.next_button.text() == page.next_button.defaultAction().iconText()
        qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
        assert page.position.text() == "Section 1 of 4"
        assert not page.previous_button.isEnabled()
        assert page.next_button.text().startswith("Next: What it is")
    assert page.next_button.defaultAction().receivers(SIGNAL("changed()")) == changed
