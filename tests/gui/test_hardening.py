"""Faults contained: what the kiosk cannot render is never shown, and the patient is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.conftest import write_article
from viewer import config
from viewer.config import BrandingSettings
from viewer.core import library, speech_text
from viewer.logs import CrashGuard
from viewer.ui.faults import SECTION_NOTE

PLAIN = Qt.TextFormat.PlainText


def test_an_article_that_fails_to_render_is_never_shown(
    qtbot, make_window, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(content_dir, "odd", "Odd topic")
    real = speech_text.section_utterances

    def fails_for_odd(page: str) -> list[speech_text.Utterance]:
        if "Odd topic" in page or "ODD" in page:
            raise ValueError("cannot split")
        return real(page)

    (content_dir / "odd.md").write_text(
        (content_dir / "odd.md").read_text(encoding="utf-8") + "\nODD words.\n", encoding="utf-8"
    )
    monkeypatch.setattr(library, "section_utterances", fails_for_odd)
    window = make_window(content_dir)
    page = window.home_page
    odd = next(t for t in page.tiles if t.title.text() == "Odd topic")
    qtbot.mouseClick(odd, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    assert window.popup.isVisible() and "not available" in window.popup.text.text()
    assert [t.title.text() for t in page.tiles] == ["Back pain", "Knee surgery"]
    assert any(p.path.name == "odd.md" and p.line for p in window.reader.library.problems)
    assert not window.reader.open_article("odd")
    assert window.reader.open_article("knee")  # the good ones still open


HOSTILE = "<img src='/etc/outside.png'><font size=7 color=red>Call 555-0199 now</font>"


def test_content_and_settings_never_reach_a_label_as_rich_text(
    qtbot, make_window, content_dir: Path
) -> None:
    write_article(content_dir, "bold", "<b>Bold</b> topic", summary=HOSTILE)
    (content_dir / "glossary.toml").write_text(
        f'[[term]]\nword = "vertebra"\nmeaning = "{HOSTILE}"\n', encoding="utf-8"
    )
    cfg = config.Config().replace(
        branding=BrandingSettings(hospital_name="<i>St</i> Luke's", phones=[HOSTILE])
    )
    window = make_window(content_dir, cfg)
    tile = next(t for t in window.home_page.tiles if t.title.text() == "<b>Bold</b> topic")
    assert tile.summary.text() == HOSTILE
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    window.reader.show_term("vertebra")
    assert window.popup.text.text() == HOSTILE
    window.commands.print_article.setVisible(True)
    window.kiosk.reset_for_next_visitor()  # the attract screen shows the hospital's name
    labels = window.findChildren(QLabel)
    assert len(labels) > 10
    rich = [(label.objectName(), label.text()) for label in labels if label.textFormat() != PLAIN]
    assert rich == []


@pytest.fixture
def guarded(make_window, content_dir: Path):
    """The kiosk with its crash guard installed, and a list that fills if it gives up."""
    window = make_window(content_dir)
    gave_up: list[bool] = []
    guard = CrashGuard(window.kiosk.recover, lambda: gave_up.append(True))
    guard.install()
    yield window, gave_up
    guard.uninstall()


@pytest.mark.qt_no_exception_capture
def test_a_section_that_keeps_failing_is_left_out_for_the_visit(qtbot, guarded, caplog) -> None:
    window, gave_up = guarded
    render = window.reader._render

    def broken(text: str) -> str:
        if "Tell your doctor" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return render(text)

    window.reader._render = broken
    for _ in range(25):  # a patient tapping the broken section again and again
        window.commands.home.trigger()
        knee = next(t for t in window.home_page.tiles if t.title.text() == "Knee surgery")
        qtbot.mouseClick(knee, Qt.MouseButton.LeftButton)
        window.article_page.rail.setCurrentRow(2)  # a slot: an error goes to the guard
        window.popup.dismiss()
    assert gave_up == []
    assert caplog.text.count("Traceback") == 1
    assert window.reader.article is not None and window.reader.reading.index == 2
    assert not window.popup.isVisible()
    assert window.article_page.text.toPlainText().splitlines()[1] == SECTION_NOTE
    window.commands.next_section.trigger()  # the rest of the article still reads
    assert "Rest for a day" in window.article_page.text.toPlainText()
    window.kiosk.reset_for_next_visitor()
    window.reader._render = render
    window.reader.open_article("knee", 2)
    assert "Tell your doctor" in window.article_page.text.toPlainText()


@pytest.mark.qt_no_exception_capture
def test_a_button_that_keeps_failing_is_turned_off_for_the_visit(qtbot, guarded) -> None:
    window, gave_up = guarded
    action = window.commands.toggle_theme

    def broken() -> None:
        raise ValueError("the theme cannot be changed")

    action.triggered.connect(broken)
    window.reader.open_article("knee")
    action.trigger()
    assert window.popup.heading.text().startswith("Sorry") and action.isEnabled()
    window.popup.dismiss()
    window.reader.open_article("knee")
    action.trigger()
    assert not action.isEnabled()
    assert window.popup.heading.text() == "This button is not working"
    assert "\u201cContrast\u201d is not working right now" in window.popup.text.text()
    for _ in range(25):
        action.trigger()  # disabled: nothing happens, nothing is logged
    window.reader.apply_font()  # code that enables buttons by itself leaves it off
    assert not action.isEnabled() and gave_up == []
    window.kiosk.reset_for_next_visitor()
    assert action.isEnabled()
