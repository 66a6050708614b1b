"""Faults contained: what the kiosk cannot render is never shown, and the patient is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from tests.conftest import write_article
from tests.gui.conftest import set_size, settle
from viewer import cli, config, diagnose
from viewer.config import FONT_STEPS, BrandingSettings
from viewer.core import speech_text
from viewer.logs import CrashGuard
from viewer.services.watchdog import Watchdog
from viewer.ui.faults import SECTION_NOTE
from viewer.ui.staff import CONTROLS, CORNER_PX

PLAIN = Qt.TextFormat.PlainText


def test_an_article_that_fails_to_render_is_never_shown(
    qtbot, make_window, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(content_dir, "odd", "Odd topic")
    real = speech_text.section_utterances

    def fails_for_odd(page: str, language: str = "en") -> list[speech_text.Utterance]:
        if "Odd topic" in page or "ODD" in page:
            raise ValueError("cannot split")
        return real(page, language)

    (content_dir / "odd.md").write_text(
        (content_dir / "odd.md").read_text(encoding="utf-8") + "\nODD words.\n", encoding="utf-8"
    )
    monkeypatch.setattr(speech_text, "section_utterances", fails_for_odd)
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


def controls_in_the_corner(window) -> list[str]:
    corner = QRect(window.width() - CORNER_PX, 0, CORNER_PX, CORNER_PX + 1)
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(window):
            continue
        if not widget.isVisible():
            continue
        box = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if box.intersects(corner):
            found.append(widget.accessibleName() or widget.objectName() or type(widget).__name__)
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_staff_corner_is_clear_of_every_control_at_every_text_size(qtbot, window, size) -> None:
    set_size(qtbot, window, *size)
    assert controls_in_the_corner(window) == []  # home screen
    for action in (window.commands.read_aloud, window.commands.print_article):
        action.setVisible(True)
    window.reader.open_article("knee")
    for step in range(len(FONT_STEPS)):
        window.reader.set_font_step(step)
        settle(qtbot)
        assert controls_in_the_corner(window) == [], (size, FONT_STEPS[step])


def test_taps_on_print_never_open_the_pin_pad(qtbot, window) -> None:
    window.commands.print_article.setVisible(True)
    window.reader.open_article("knee")
    button = window.article_page.print_button
    clock = [100.0]
    window.kiosk.gesture.clock = lambda: clock[0]
    window.commands.print_article.triggered.disconnect()  # only the gesture is under test
    for hold in (0.1, 0.1, 0.1, 0.1, 1.5):
        pos = button.mapTo(window, button.rect().topRight() + QPoint(-2, 2))
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        clock[0] += hold
        QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        clock[0] += 0.2
    assert not window.kiosk.pin_pad.isVisible()


HUGE_HASH = "scrypt$1048576$64$1$c3Nzc3Nzc3Nzc3Nzc3Nz$ZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGQ="


def test_a_damaged_or_huge_pin_hash_is_named_at_start_up_and_by_diagnose(
    qtbot, make_window, content_dir: Path, tmp_path: Path, caplog, monkeypatch
) -> None:
    cfg_file = tmp_path / "huge.toml"
    cfg_file.write_text(f'[kiosk]\nstaff_pin_hash = "{HUGE_HASH}"\n', encoding="utf-8")
    cfg = config.load(cfg_file)
    window = make_window(content_dir, cfg)
    assert "Staff PIN unusable: kiosk.staff_pin_hash has scrypt settings that need" in caplog.text
    assert window.kiosk.gate.attempt("1234").outcome.value == "broken"
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    args = cli.parse_args(["--diagnose", "--content", str(content_dir), "--config", str(cfg_file)])
    text = diagnose.build_report(args, cfg).text()
    assert "Staff PIN:        unusable: kiosk.staff_pin_hash has scrypt settings" in text
    assert "PROBLEM: the staff PIN cannot be used" in text


def test_a_minimised_hidden_or_windowed_kiosk_comes_back_full_screen_at_once(qtbot, window) -> None:
    def in_front() -> bool:
        return window.isVisible() and window.isFullScreen() and not window.isMinimized()

    for leave in (window.showMinimized, window.hide, window.showNormal):
        leave()
        qtbot.waitUntil(in_front, timeout=2000)
    window.kiosk.enter_staff()  # staff may minimise it...
    window.showMinimized()
    settle(qtbot)  # it would have been brought back by now outside staff mode
    assert window.isMinimized()
    window.kiosk.end_staff()  # ...and it comes back when they are done
    assert in_front()


def test_the_watchdog_stops_reporting_healthy_when_the_window_cannot_come_back(
    qtbot, window, monkeypatch
) -> None:
    lockdown = window.kiosk.lockdown
    sent: list[str] = []
    dog = Watchdog(None, None)
    dog.notify = lambda message: sent.append(message) or True  # what systemd would receive
    dog.healthy = lockdown.healthy
    dog.keep_alive()
    monkeypatch.setattr(window, "showFullScreen", lambda: None)  # a window manager that
    monkeypatch.setattr(window, "setWindowState", lambda state: None)  # keeps it iconified
    monkeypatch.setattr(lockdown, "_window_changed", lambda: None)
    window.showMinimized()
    dog.keep_alive()  # the first check tries to bring it back
    dog.keep_alive()  # still out of front: no keep-alive, systemd restarts the kiosk
    dog.keep_alive()
    assert sent == ["WATCHDOG=1", "WATCHDOG=1"]
