"""Kiosk mode as patients and staff meet it: lockdown, idle reset, staff mode, crash survival."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit

from tests.conftest import write_article
from tests.gui.conftest import next_event_time, settle
from viewer import config
from viewer.config import KioskSettings
from viewer.core.pin import hash_pin
from viewer.logs import CrashGuard
from viewer.ui.kiosk import LEFT_BY_STAFF
from viewer.ui.window import MainWindow

PIN = "2468"
ESCAPES = [
    ("Escape", Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ("Alt+F4", Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    ("Ctrl+Q", Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    ("Ctrl+W", Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ("F11", Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture
def kiosk(make_window, content_dir, pin_hash) -> MainWindow:
    """The locked-down kiosk with a staff PIN and a hand-moved clock for gesture and PIN pad."""
    cfg = config.Config().replace(kiosk=KioskSettings(staff_pin_hash=pin_hash))
    window = make_window(content_dir, cfg)
    clock = Clock()
    window.kiosk.gesture.clock = clock
    window.kiosk.gate.clock = clock
    window.clock = clock
    return window


def open_knee(qtbot, window) -> None:
    tile = next(t for t in window.home_page.tiles if t.title.text() == "Knee surgery")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.article_page


def tap(window, pos: QPoint, hold: float = 0.1) -> None:
    """A tap at ``pos`` in the window, held for ``hold`` seconds of the fake clock."""
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    window.clock.now += hold
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    window.clock.now += 0.3


def corner_gesture(window, taps: int = 5, hold: float = 1.2, pos: QPoint | None = None) -> None:
    pos = pos or QPoint(window.width() - 20, 20)
    for _ in range(taps - 1):
        tap(window, pos)
    tap(window, pos, hold)


def enter_pin(qtbot, window, pin: str) -> None:
    pad = window.kiosk.pin_pad
    for digit in pin:
        qtbot.mouseClick(pad.digits[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)


def become_staff(qtbot, window) -> None:
    corner_gesture(window)
    assert window.kiosk.pin_pad.isVisible()
    enter_pin(qtbot, window, PIN)
    assert window.kiosk.staff_active


# -- lockdown ------------------------------------------------------------------------------
def test_the_kiosk_is_frameless_on_top_and_hides_the_pointer(kiosk) -> None:
    flags = kiosk.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert kiosk.isFullScreen()
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor


def test_the_pointer_stays_when_the_configuration_says_so(make_window, content_dir) -> None:
    assert QGuiApplication.overrideCursor() is None  # no earlier window left one behind
    cfg = config.Config().replace(kiosk=KioskSettings(hide_cursor=False))
    window = make_window(content_dir, cfg)
    assert window.kiosk.lockdown.active
    assert QGuiApplication.overrideCursor() is None


@pytest.mark.parametrize("name, key, modifier", ESCAPES, ids=[e[0] for e in ESCAPES])
def test_escape_keys_are_refused_outside_staff_mode(qtbot, kiosk, name, key, modifier) -> None:
    open_knee(qtbot, kiosk)
    QTest.keyClick(kiosk, key, modifier)
    QTest.keyClick(kiosk.article_page.text, key, modifier)
    settle(qtbot)
    assert kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.stack.currentWidget() is kiosk.article_page
    assert kiosk.kiosk.lockdown.refused[-2:] == [name, name]


@pytest.mark.parametrize("name, key, modifier", ESCAPES[1:4], ids=[e[0] for e in ESCAPES[1:4]])
def test_close_keys_close_the_kiosk_in_staff_mode(qtbot, kiosk, name, key, modifier) -> None:
    become_staff(qtbot, kiosk)
    QTest.keyClick(kiosk, key, modifier)
    qtbot.waitUntil(lambda: not kiosk.isVisible())
    assert kiosk.kiosk.exit_code == LEFT_BY_STAFF


@pytest.mark.parametrize("name, key", [("Escape", Qt.Key.Key_Escape), ("F11", Qt.Key.Key_F11)])
def test_escape_and_f11_leave_full_screen_in_staff_mode(qtbot, kiosk, name, key) -> None:
    become_staff(qtbot, kiosk)
    QTest.keyClick(kiosk, key)
    qtbot.waitUntil(lambda: not kiosk.isFullScreen())
    assert kiosk.isVisible()
    if name == "F11":
        QTest.keyClick(kiosk, key)
        qtbot.waitUntil(kiosk.isFullScreen)


def test_closing_the_window_is_refused_until_staff_mode(qtbot, kiosk) -> None:
    assert kiosk.close() is False
    assert kiosk.isVisible() and kiosk.kiosk.lockdown.refused == ["close the window"]
    become_staff(qtbot, kiosk)
    assert kiosk.close() is True
    assert not kiosk.isVisible()


def test_a_windowed_staff_run_is_not_locked_down(make_window, content_dir) -> None:
    window = make_window(content_dir, windowed=True)
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not window.isFullScreen()
    assert window.close() is True
    assert window.kiosk.exit_code == 0


def test_file_dialogs_are_closed_for_patients_and_allowed_for_staff(qtbot, kiosk) -> None:
    results = []
    dialog = QFileDialog(kiosk, "Save")
    dialog.finished.connect(results.append)
    dialog.open()
    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Rejected])
    assert not dialog.isVisible()
    become_staff(qtbot, kiosk)
    dialog.open()
    settle(qtbot)  # a refusal would have rejected it by now, as it did for the patient
    assert dialog.isVisible() and results == [0]
    dialog.reject()


def test_context_menus_and_text_selection_are_not_offered(qtbot, kiosk) -> None:
    open_knee(qtbot, kiosk)
    field = QLineEdit("some words", kiosk.article_page)  # a widget that offers a menu
    field.show()
    point = QPoint(10, 10)
    QApplication.sendEvent(
        field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, field.mapToGlobal(point))
    )
    settle(qtbot)
    assert QApplication.activePopupWidget() is None
    assert kiosk.kiosk.lockdown.refused == ["context menu"]
    # the text cannot be selected, so nothing can be dragged out of the window
    text = kiosk.article_page.text
    viewport = text.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    QTest.mouseMove(viewport, QPoint(500, 120))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(500, 120))
    assert not text.textCursor().hasSelection()


def test_web_links_never_open_a_browser(kiosk, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        assert QDesktopServices.openUrl(QUrl("https://example.com/private"))
    assert "Refused to open a link outside the kiosk (https:)" in caplog.text
    assert "example.com" not in caplog.text


def test_the_log_names_the_articles_and_nothing_else_a_patient_did(qtbot, kiosk, caplog):
    with caplog.at_level(logging.INFO):
        open_knee(qtbot, kiosk)
        kiosk.commands.next_section.trigger()
        kiosk.commands.font_bigger.trigger()
        kiosk.commands.toggle_theme.trigger()
        kiosk.reader.show_term("osteoporosis")
        QTest.keyClick(kiosk, Qt.Key.Key_Escape)
        kiosk.close()
        QDesktopServices.openUrl(QUrl("https://example.com/private"))
        corner_gesture(kiosk)
        enter_pin(qtbot, kiosk, "9999")
    text = caplog.text
    assert "knee" in text
    for private in (
        "What it is",
        "osteoporosis",
        "Escape",
        "close",
        "example.com",
        "9999",
        "125",
        "high-contrast",
    ):
        assert private not in text, private


# -- idle reset ----------------------------------------------------------------------------
def test_idle_warning_counts_down_and_keep_reading_keeps_the_page(qtbot, kiosk) -> None:
    open_knee(qtbot, kiosk)
    kiosk.commands.font_bigger.trigger()
    card = kiosk.kiosk.still_there
    # Idle at once; a countdown long enough that its end never races the test's taps.
    kiosk.kiosk.idle.set_timing(1, 60_000)
    kiosk.kiosk.idle.start()
    qtbot.waitUntil(card.isVisible)
    assert card.heading.text() == "Are you still reading?"
    assert "60 seconds" in card.text.text()
    assert card.keep_button.height() >= 100
    qtbot.waitUntil(lambda: "59 seconds" in card.text.text())  # the next second's tick
    qtbot.mouseClick(card.keep_button, Qt.MouseButton.LeftButton)
    assert not card.isVisible()
    assert kiosk.stack.currentWidget() is kiosk.article_page
    assert kiosk.reader.reading.font_percent == 125 and kiosk.reader.article.id == "knee"
    # reading aloud counts as activity, too
    qtbot.waitUntil(card.isVisible)
    kiosk.speech.sentence.emit(1)
    assert not card.isVisible() and kiosk.stack.currentWidget() is kiosk.article_page


def test_idle_reset_forgets_the_visitor_and_shows_the_attract_screen(
    qtbot, kiosk, monkeypatch
) -> None:
    open_knee(qtbot, kiosk)
    kiosk.reader.show_section(2)
    for _ in range(3):
        kiosk.commands.font_bigger.trigger()
    kiosk.commands.toggle_theme.trigger()
    kiosk.reader.show_term("vertebra")
    stopped = []
    monkeypatch.setattr(kiosk.speech, "stop", lambda: stopped.append(True))
    become_staff(qtbot, kiosk)
    dialog = QDialog(kiosk)
    dialog.open()
    kiosk.kiosk.idle.set_timing(1, 1)
    with qtbot.waitSignal(kiosk.visitor_reset, timeout=10_000):
        kiosk.kiosk.idle.start()
    attract = kiosk.kiosk.attract
    assert kiosk.stack.currentWidget() is attract
    assert attract.hospital.text() == "St. Luke's Hospital"
    assert attract.invitation.text() == "Touch the screen to learn about your procedure"
    assert stopped  # speech stopped
    assert not kiosk.kiosk.staff_active and not kiosk.kiosk.menu.isVisible()
    assert not dialog.isVisible() and not kiosk.popup.isVisible()
    assert not kiosk.kiosk.still_there.isVisible()
    # nothing of the last visitor that the next one could reach
    page = kiosk.article_page
    assert kiosk.reader.article is None and kiosk.reader.reading.article is None
    assert page.rail.count() == 0 and page.text.toPlainText() == ""
    assert page.title.text() == "" and kiosk.popup.text.text() == ""
    assert kiosk.reader.reading.font_percent == 100 and kiosk.reader.theme_name == "standard"
    assert kiosk.palette().color(kiosk.backgroundRole()).name() == "#ffffff"
    assert not kiosk.kiosk.idle.running  # no warnings over the attract screen
    # the next touch opens the home screen and the idle watch starts again
    qtbot.mouseClick(attract, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert kiosk.stack.currentWidget() is kiosk.home_page
    assert kiosk.kiosk.idle.running


# -- staff mode ----------------------------------------------------------------------------
def test_the_corner_gesture_and_the_right_pin_open_the_staff_menu(qtbot, kiosk) -> None:
    corner_gesture(kiosk)
    pad = kiosk.kiosk.pin_pad
    assert pad.isVisible()
    assert all(b.height() >= 90 for b in pad.digits.values())
    enter_pin(qtbot, kiosk, PIN[:2])
    assert pad.dots.text().strip() == ""  # OK with half a PIN is just a wrong PIN
    for digit in PIN:
        qtbot.mouseClick(pad.digits[digit], Qt.MouseButton.LeftButton)
    assert pad.dots.text() == "●●●●" and PIN not in pad.dots.text()
    qtbot.mouseClick(pad.ok_button, Qt.MouseButton.LeftButton)
    menu = kiosk.kiosk.menu
    assert menu.isVisible() and not pad.isVisible() and kiosk.kiosk.staff_active
    texts = [b.text() for b in menu.buttons.values()]
    for wanted in (
        "Leave the kiosk",
        "Print preview",
        "Choose printer",
        "Save PDF",
        "Reload the content",
        "Diagnostics",
    ):
        assert wanted in texts
    assert any(t.startswith("Content problems") for t in texts)


def test_a_touch_gesture_works_like_taps_with_a_mouse(qtbot, kiosk) -> None:
    device = QTest.createTouchDevice()
    handle = kiosk.windowHandle()
    pos = QPoint(kiosk.width() - 15, 15)
    for n in range(5):
        QTest.touchEvent(handle, device).press(0, pos).commit()
        kiosk.clock.now += 1.2 if n == 4 else 0.1
        next_event_time(qtbot)  # real taps are milliseconds apart, like their timestamps
        QTest.touchEvent(handle, device).release(0, pos).commit()
        kiosk.clock.now += 0.3
        next_event_time(qtbot)
    qtbot.waitUntil(kiosk.kiosk.pin_pad.isVisible)


@pytest.mark.parametrize("how", ["four taps", "no hold", "too slow", "other corner"])
def test_taps_a_patient_might_make_do_not_open_the_pin_pad(qtbot, kiosk, how) -> None:
    if how == "four taps":
        corner_gesture(kiosk, taps=4)
    elif how == "no hold":
        corner_gesture(kiosk, hold=0.3)
    elif how == "too slow":
        for _ in range(4):
            tap(kiosk, QPoint(kiosk.width() - 20, 20))
            kiosk.clock.now += 0.6
        tap(kiosk, QPoint(kiosk.width() - 20, 20), hold=1.2)
    else:
        corner_gesture(kiosk, pos=QPoint(20, 20))
    settle(qtbot)
    assert not kiosk.kiosk.pin_pad.isVisible() and not kiosk.kiosk.staff_active


def test_five_wrong_pins_lock_the_pad_for_a_minute(qtbot, kiosk) -> None:
    corner_gesture(kiosk)
    pad = kiosk.kiosk.pin_pad
    for n in range(4):
        enter_pin(qtbot, kiosk, "1357")
        assert pad.message.text().startswith(f"Wrong PIN. {4 - n} more tr")
    enter_pin(qtbot, kiosk, "1357")
    assert "Too many wrong PINs" in pad.message.text()
    assert not pad.digits["2"].isEnabled() and not pad.ok_button.isEnabled()
    pad.close_pad()
    corner_gesture(kiosk)  # the lockout holds when the pad is opened again
    assert pad.isVisible() and not pad.ok_button.isEnabled()
    pad.entered = PIN
    pad.submit()  # even the right PIN is refused while locked
    assert not kiosk.kiosk.staff_active and "Try again in" in pad.message.text()
    kiosk.clock.now += 61
    qtbot.waitUntil(pad.ok_button.isEnabled)  # at the pad's next once-a-second check
    enter_pin(qtbot, kiosk, PIN)
    assert kiosk.kiosk.staff_active


def test_without_a_pin_the_gesture_says_so_and_stays_closed(qtbot, window) -> None:
    window.clock = Clock()
    window.kiosk.gesture.clock = window.clock
    corner_gesture(window)
    assert not window.kiosk.pin_pad.isVisible() and not window.kiosk.staff_active
    assert window.popup.isVisible()
    assert "No staff PIN is set up" in window.popup.text.text()
    assert "--set-pin" in window.popup.text.text()


def test_staff_menu_reloads_content_and_shows_diagnostics(qtbot, kiosk, content_dir: Path):
    become_staff(qtbot, kiosk)
    write_article(content_dir, "hip", "Hip replacement")
    menu = kiosk.kiosk.menu
    qtbot.mouseClick(menu.buttons["reload"], Qt.MouseButton.LeftButton)
    assert "Hip replacement" in [t.title.text() for t in kiosk.home_page.tiles]
    assert "3 topics" in menu.note.text()
    qtbot.mouseClick(menu.buttons["diagnostics"], Qt.MouseButton.LeftButton)
    text = kiosk.popup.text.text()
    for wanted in (
        "Kiosk version",
        "Qt version: 6.",
        "Screen: 1920 x 1080",
        str(content_dir),
        "Configuration file",
        "Log file",
        "Staff PIN: set",
    ):
        assert wanted in text
    assert PIN not in text
    assert not menu.isVisible() and kiosk.kiosk.badge.isVisible()
    qtbot.mouseClick(kiosk.popup, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.mouseClick(kiosk.kiosk.badge, Qt.MouseButton.LeftButton)
    assert menu.isVisible()
    qtbot.mouseClick(menu.buttons["done"], Qt.MouseButton.LeftButton)
    assert not kiosk.kiosk.staff_active and kiosk.close() is False


def test_leave_the_kiosk_closes_it_with_the_staff_exit_status(qtbot, kiosk) -> None:
    become_staff(qtbot, kiosk)
    qtbot.mouseClick(kiosk.kiosk.menu.buttons["leave"], Qt.MouseButton.LeftButton)
    assert not kiosk.isVisible()
    assert kiosk.kiosk.exit_code == LEFT_BY_STAFF


# -- crash survival ------------------------------------------------------------------------
@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_or_timer_returns_home_with_an_apology(
    qtbot, kiosk, monkeypatch, caplog
) -> None:
    gave_up = []
    guard = CrashGuard(kiosk.kiosk.recover, lambda: gave_up.append(True))
    guard.install()
    try:
        open_knee(qtbot, kiosk)
        kiosk.commands.home.trigger()

        def broken(*args, **kwargs):
            raise RuntimeError("the article could not be built")

        monkeypatch.setattr("viewer.ui.reader.open_article", broken)
        tile = next(t for t in kiosk.home_page.tiles if t.title.text() == "Back pain")
        with caplog.at_level(logging.ERROR):
            qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert kiosk.stack.currentWidget() is kiosk.home_page
        assert kiosk.popup.isVisible() and kiosk.popup.heading.text().startswith("Sorry")
        assert "Traceback" in caplog.text and "the article could not be built" in caplog.text
        kiosk.popup.dismiss()

        def tick() -> None:
            raise ValueError("a timer went wrong")

        QTimer.singleShot(0, tick)
        qtbot.waitUntil(kiosk.popup.isVisible)
        assert "a timer went wrong" in caplog.text
        # and the kiosk carries on
        monkeypatch.undo()
        kiosk.popup.dismiss()
        tile = next(t for t in kiosk.home_page.tiles if t.title.text() == "Back pain")
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert kiosk.reader.article.id == "back" and gave_up == []
    finally:
        guard.uninstall()
