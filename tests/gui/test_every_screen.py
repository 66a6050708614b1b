"""Every patient screen at every text size, both orientations and both themes.

Home, article, glossary pop-up, print card, read-aloud bar, idle warning and attract: no text
smaller than the chosen size allows, nothing cut off or outside the window, no control under
48 px, nothing that scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QListWidget,
    QWidget,
)

from tests.gui.conftest import handout_ready, set_size, settle
from viewer import i18n, paths
from viewer.config import FONT_STEPS
from viewer.ui import theme

MIN_CONTROL_PX = 48
LONG_TITLE = "After you go home: what to do in the first days and when to call us"


@pytest.fixture
def content_dir(content_dir):
    """The test articles, one section with a title too long for one line of the list."""
    knee = content_dir / "knee.md"
    knee.write_text(
        knee.read_text(encoding="utf-8").replace("## After you go home", f"## {LONG_TITLE}"),
        encoding="utf-8",
    )
    return content_dir


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems(window, screen: str) -> list[str]:
    """What a patient would find wrong with the screen now showing."""
    pct = window.reader.reading.font_percent
    found = []
    frame = window.rect()
    for w in window.findChildren(QWidget):
        if not w.isVisible() or not isinstance(w, QLabel | QAbstractButton | QListWidget):
            continue
        text = w.text() if isinstance(w, QLabel | QAbstractButton) else "list"
        if not text.strip():
            continue
        where = f"{screen} {pct}% {type(w).__name__} {text[:30]!r}"
        box = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if in_scroll_area(w):  # may run below the fold, never sideways
            if box.left() < 0 or box.right() > frame.right():
                found.append(f"{where}: sideways out of the window {box}")
        elif not frame.contains(box):
            found.append(f"{where}: outside the window {box}")
        points = w.font().pointSizeF()
        if isinstance(w, QAbstractButton):
            if points < theme.button_point_size(pct) - 0.05:
                found.append(f"{where}: {points} pt, smaller than the size allows")
            if w.width() < w.sizeHint().width() - 1:
                found.append(f"{where}: squeezed ({w.width()} < {w.sizeHint().width()})")
            if min(w.width(), w.height()) < MIN_CONTROL_PX:
                found.append(f"{where}: {w.width()}x{w.height()} px, under 48")
        else:
            if points < theme.text_point_size(pct) - 0.05:
                found.append(f"{where}: {points} pt, smaller than the size allows")
        if isinstance(w, QLabel):
            room = w.contentsRect()
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height() + 1:  # margins on both sides
                    found.append(f"{where}: cut off at the bottom")
                longest = max(text.split(), key=w.fontMetrics().horizontalAdvance)
                if w.fontMetrics().horizontalAdvance(longest) > room.width() + 1:
                    found.append(f"{where}: the word {longest!r} is cut off")
            elif w.fontMetrics().horizontalAdvance(text) > room.width() + 1:
                found.append(f"{where}: text wider than the label")
        if isinstance(w, QListWidget):
            if w.horizontalScrollBar().maximum() > 0:
                found.append(f"{where}: scrolls sideways")
            titles = (
                [s.title for s in window.reader.article.sections] if window.reader.article else []
            )
            for row in range(w.count()):
                rect = w.visualItemRect(w.item(row))
                if rect.height() < MIN_CONTROL_PX:
                    found.append(f"{where}: item {row} {rect.height()} px tall")
                # The title is shown whole by a label (checked above like every label), never
                # cut short with "..." by the list's own drawing.
                shown = w.indexWidget(w.model().index(row, 0))
                if not isinstance(shown, QLabel) or shown.text() != f"{row + 1}. {titles[row]}":
                    found.append(f"{where}: item {row} does not show its whole title")
                elif shown.geometry() != rect:
                    found.append(f"{where}: item {row}'s title {shown.geometry()} is not {rect}")
    for bar in window.findChildren(QWidget):
        if type(bar).__name__ == "QScrollBar" and bar.isVisible() and bar.width() < bar.height():
            if bar.width() < MIN_CONTROL_PX:
                found.append(f"{screen} {pct}%: scroll bar {bar.width()} px wide")
    return found


def speed_phrase_problems(bar, where: str) -> list[str]:
    """The speed reads as one phrase: Slower, the speed, Faster in a row, or the speed on
    its own line above Slower and Faster (never split between them)."""
    slower, speed, faster = (
        QRect(w.mapTo(bar, QPoint(0, 0)), w.size())
        for w in (bar.slower_button, bar.speed, bar.faster_button)
    )

    def same_row(a: QRect, b: QRect) -> bool:
        return abs(a.center().y() - b.center().y()) <= 2

    if not (same_row(slower, faster) and slower.right() < faster.left()):
        return [f"{where}: Slower {slower} and Faster {faster} are not side by side"]
    if same_row(speed, slower):
        if not slower.right() < speed.left() < speed.right() < faster.left():
            return [f"{where}: the speed {speed} is not between Slower and Faster"]
    elif not speed.bottom() < slower.top():
        return [f"{where}: the speed {speed} is neither between nor above Slower and Faster"]
    return []


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.mark.usefixtures("english_after")
@pytest.mark.parametrize("language", ["en", "es"])  # Spanish words are longer
@pytest.mark.parametrize("theme_name", ["standard", "high-contrast"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_screen_at_every_text_size_is_readable_and_whole(
    qtbot, window, size, theme_name, language, fake_speech
) -> None:
    window.kiosk.reset_for_next_visitor()  # the attract screen laid out with its slide
    window.kiosk.welcome()
    window.language.switch(language)
    set_size(qtbot, window, *size)
    if window.reader.theme_name != theme_name:
        window.reader.toggle_theme()
    for action in (window.commands.read_aloud, window.commands.print_article):
        action.setVisible(True)
    found: list[str] = []
    ra = window.read_aloud

    def look(screen: str, shown: QWidget) -> None:
        settle(qtbot)  # laid out
        assert shown.isVisible(), screen
        found.extend(problems(window, screen))
        if screen != "attract" and window.size().toTuple() != size:  # never taller than the screen
            # (the idle reset before "attract" shows the window over the whole screen again)
            found.append(f"{screen}: the window is {window.size().toTuple()}, not {size}")

    for step in range(len(FONT_STEPS)):
        window.reader.go_home()
        window.reader.set_font_step(step)
        look("home", window.home_page)
        window.reader.open_article("knee", 1)
        look("article", window.article_page)
        window.reader.show_term(next(iter(window.reader.glossary.terms)))
        look("pop-up", window.popup.text)
        window.popup.dismiss()
        window.printing.offer()
        assert handout_ready(qtbot, window).state == "asking"
        look("print card", window.printing.card.print_button)
        window.printing.card.cancel()
        qtbot.waitUntil(lambda: ra.speech.state == "idle")
        window.commands.read_aloud.trigger()
        qtbot.waitUntil(lambda: ra.current >= 0)  # reading: the bar shows
        look("read-aloud bar", ra.bar.stop_button)
        found.extend(speed_phrase_problems(ra.bar, f"read-aloud bar {FONT_STEPS[step]}%"))
        window.commands.speech_stop.trigger()
        window.kiosk.still_there.set_seconds(30)
        window.kiosk.still_there.open()
        look("idle warning", window.kiosk.still_there.keep_button)
        window.kiosk.still_there.hide()
    window.kiosk.reset_for_next_visitor()
    look("attract", window.kiosk.attract.invitation)
    assert found == []


def test_the_home_screen_has_size_and_contrast_controls_a_logo_pictures_and_a_hint(
    qtbot, window
) -> None:
    home = window.home_page
    assert window.stack.currentWidget() is home
    assert home.logo.isVisible() and not home.logo.pixmap().isNull()
    assert "read aloud" in home.hint.text() and home.hint.isVisible()
    for tile in home.tiles:
        assert not tile.picture.pixmap().isNull() and tile.summary.text()
    summary_size = home.tiles[0].summary.font().pointSizeF()
    qtbot.mouseClick(home.bigger_button, Qt.MouseButton.LeftButton)
    assert window.reader.reading.font_percent == FONT_STEPS[1]
    qtbot.waitUntil(lambda: home.tiles[0].summary.font().pointSizeF() > summary_size)
    light = home.tiles[0].picture.pixmap().toImage().pixelColor(2, 2)
    qtbot.mouseClick(home.theme_button, Qt.MouseButton.LeftButton)
    assert window.reader.theme_name == "high-contrast"
    dark = home.tiles[0].picture.pixmap().toImage().pixelColor(2, 2)
    assert dark.lightness() < light.lightness()  # the picture follows the theme
    qtbot.mouseClick(home.smaller_button, Qt.MouseButton.LeftButton)
    assert window.reader.reading.font_percent == FONT_STEPS[0]
    set_size(qtbot, window, 1080, 1920)  # one column at every size: the width stays
    height = home.tiles[0].height()
    window.reader.set_font_step(len(FONT_STEPS) - 1)
    settle(qtbot)
    assert home.tiles[0].height() > height
    window.reader.set_font_step(0)
    qtbot.waitUntil(lambda: home.tiles[0].height() == height)  # gives the room back


def test_the_attract_screen_is_light_on_black_with_a_slideshow_of_the_topics(qtbot, window):
    window.kiosk.reset_for_next_visitor()
    attract = window.kiosk.attract
    qtbot.waitUntil(attract.isVisible)
    corner = attract.grab().toImage().pixelColor(5, 5)
    assert corner.lightness() == 0  # black, whatever theme the last visitor chose
    assert attract.timer.isActive() and not attract.picture.pixmap().isNull()
    first = attract.topic.text()
    attract.timer.timeout.emit()  # the next slide
    assert attract.topic.text() != first
    assert {first, attract.topic.text()} == {m.title for m in window.reader.library.articles}
    qtbot.mouseClick(attract, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home_page and not attract.timer.isActive()


def test_portrait_shows_every_section_as_a_numbered_button_without_scrolling(qtbot, window):
    set_size(qtbot, window, 1080, 1920)
    window.reader.open_article("knee", 1)
    chips = window.article_page.chips
    qtbot.waitUntil(lambda: len(chips.chips) == len(window.reader.article.sections))
    for step in (0, len(FONT_STEPS) - 1):
        window.reader.set_font_step(step)
        settle(qtbot)
        assert not window.article_page.rail.isVisible()  # no list with a hidden scroll
        for chip in chips.chips:
            box = QRect(chip.mapTo(window, QPoint(0, 0)), chip.size())
            assert chip.isVisible() and window.rect().contains(box), chip.text()
        assert [c.isChecked() for c in chips.chips].index(True) == 1
    last = chips.chips[-1]
    qtbot.mouseClick(last, Qt.MouseButton.LeftButton)
    assert window.reader.reading.index == len(chips.chips) - 1 and last.isChecked()
    assert last.accessibleName().startswith("Go to section")
    set_size(qtbot, window, 1920, 1080)
    assert window.article_page.rail.isVisible() and not chips.isVisible()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_a_theme_switch_and_a_new_article_keep_every_text_at_the_chosen_size(
    qtbot, window, size
) -> None:
    # A text size is fonts alone; the theme's style sheet is set again only on a switch, and
    # widgets made after the step (a new article's section buttons) must still have it.
    set_size(qtbot, window, *size)
    window.reader.set_font_step(len(FONT_STEPS) - 1)
    window.reader.open_article("knee", 1)
    settle(qtbot)
    for _ in range(2):
        window.reader.toggle_theme()
        settle(qtbot)
        assert problems(window, window.reader.theme_name) == []
    window.reader.go_home()
    settle(qtbot)
    assert problems(window, "home") == []
    window.reader.open_article(window.reader.library.articles[-1].id)
    settle(qtbot)
    assert problems(window, "another article") == []


def test_long_section_titles_wrap_whole_at_the_largest_size_and_a_tap_on_one_opens_it(
    qtbot, window
) -> None:
    set_size(qtbot, window, 1920, 1080)
    window.reader.set_font_step(len(FONT_STEPS) - 1)
    window.reader.open_article("knee", 0)
    rail = window.article_page.rail
    model = rail.model()
    qtbot.waitUntil(lambda: rail.indexWidget(model.index(rail.count() - 1, 0)) is not None)
    settle(qtbot)
    labels = [rail.indexWidget(model.index(row, 0)) for row in range(rail.count())]
    longest = next(label for label in labels if label.text().endswith(LONG_TITLE))
    metrics = longest.fontMetrics()
    assert metrics.horizontalAdvance(longest.text()) > longest.contentsRect().width()  # wraps
    assert longest.height() >= longest.heightForWidth(longest.width())  # every line shown
    assert longest.height() > 2 * metrics.height()  # on two lines or more
    row = labels.index(longest)
    rail.scrollTo(model.index(row, 0))
    settle(qtbot)
    qtbot.mouseClick(longest, Qt.MouseButton.LeftButton)  # on the words: the list gets it
    qtbot.waitUntil(lambda: window.reader.reading.index == row)
    assert longest.property("current") is True and labels[0].property("current") is False


def read_knee_aloud(qtbot, window):
    """Open the knee article's second section and tap Read aloud (fake speech); return the
    read-aloud controller once its bar shows the first sentence."""
    window.commands.read_aloud.setVisible(True)
    window.reader.open_article("knee", 1)
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle")
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0)
    settle(qtbot)
    return ra


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_read_aloud_bar_keeps_the_chosen_size_when_it_shows(qtbot, window, size, fake_speech):
    # Showing the bar moves its controls into rows; the move re-polished the speed phrase
    # and it fell back to 18 pt at 250% ("Speed: normal" in small print between big buttons).
    set_size(qtbot, window, *size)
    window.reader.set_font_step(len(FONT_STEPS) - 1)
    ra = read_knee_aloud(qtbot, window)
    pct = FONT_STEPS[-1]
    assert ra.bar.speed.font().pointSizeF() >= theme.text_point_size(pct) - 0.05
    assert problems(window, "read-aloud bar") == []
    window.commands.speech_stop.trigger()


def fonts_not_their_own(*roots: QWidget) -> list[str]:
    """Widgets shown in ``roots`` whose font is not the one their role gives at the size
    now."""
    reader = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "reader")).reader
    wrong = []
    for root in roots:
        for widget in root.findChildren(QWidget):
            expected = theme.widget_font(widget, reader.font_family, reader.reading.font_percent)
            shown = widget.isVisibleTo(root)
            if shown and expected is not None and widget.font() != expected:
                text = widget.text() if hasattr(widget, "text") else ""
                wrong.append(f"{type(widget).__name__} {text!r}: {widget.font().toString()}")
    return wrong


def test_every_control_has_its_own_font_from_the_start(qtbot, window, fake_speech):
    # Locking the window down (new window flags) re-polishes every widget, and Qt's style
    # sheet style gave each its first font back: the buttons showed in regular 18 pt instead
    # of bold 17 pt until the patient changed the text size (seen on a screenshot).
    assert fonts_not_their_own(window.home_page, window.article_page) == []
    read_knee_aloud(qtbot, window)
    assert fonts_not_their_own(window.article_page) == []
    window.commands.speech_stop.trigger()


@pytest.mark.parametrize("language", ["en", "es"])
def test_back_and_next_show_their_words_whole_on_every_section(qtbot, make_window, language):
    # In landscape at 250%, Back, the counter and Next in one row left each button too
    # narrow: Qt cut the words short in the middle ("Back: What happ...ring the procedure").
    window = make_window(paths.bundled_content_dir())
    set_size(qtbot, window, 1920, 1080)
    try:
        window.language.switch(language)
        window.reader.set_font_step(len(FONT_STEPS) - 1)
        window.reader.open_article("vertebroplasty")
        page = window.article_page
        squeezed = []
        for n in range(len(window.reader.article.sections)):
            window.reader.show_section(n)
            settle(qtbot)
            for b in (page.previous_button, page.next_button):
                if b.width() < b.sizeHint().width() - 1:
                    squeezed.append(f"{n} {b.text()!r}: {b.width()} < {b.sizeHint().width()}")
        assert squeezed == []
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
