"""GUI fixtures: the real main window on the offscreen screen."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from viewer import config
from viewer.services import handout_job
from viewer.ui.print_card import PrintCard
from viewer.ui.theme import load_fonts
from viewer.ui.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def start_kiosk(content_dir: Path, env: dict[str, str]) -> subprocess.Popen:
    """The kiosk from source as its own process on ``content_dir``, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "viewer", "--content", str(content_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(autouse=True)
def speech_starts_at_once(monkeypatch) -> None:
    """The speech engine starts on the first turn of the event loop, not 1.5 s after.

    Tests then wait for the engine's own signals instead of the real delay;
    test_read_aloud.py checks the delay itself with its timer.
    """
    from viewer.services import speech

    monkeypatch.setattr(speech, "ENGINE_START_DELAY_MS", 0)


@pytest.fixture(autouse=True)
def fake_speech(request, monkeypatch) -> SimpleNamespace | None:
    """Read aloud gets a fake engine and a fake player, unless the test is marked espeak.

    Returns the engines and players made, so a test can drive them.
    """
    if request.node.get_closest_marker("espeak"):
        return None
    from tests.speech_fakes import FakeEngine, FakePlayer
    from viewer.services import speech

    made = SimpleNamespace(engines=[], players=[])

    def engine(settings, parent=None):
        made.engines.append(FakeEngine(parent=parent))
        return made.engines[-1]

    def player(command):
        made.players.append(FakePlayer())
        return made.players[-1]

    monkeypatch.setattr(speech, "make_engine", engine)
    monkeypatch.setattr(speech, "make_audio_player", player)
    return made


def destroy_window(window: MainWindow) -> None:
    """Leave the kiosk the way staff do (staff mode, then close), then delete the window now.

    Deferred deletes are flushed, so the window, its application-wide event filters and its
    override cursor are gone before the next test starts.
    """
    if not shiboken6.isValid(window):
        return
    if window.isVisible():
        window.kiosk.enter_staff()
        window.kiosk.leave()
        assert not window.isVisible(), "the kiosk window did not close in staff mode"
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window), "the window survived deleteLater"


@pytest.fixture(autouse=True)
def no_window_outlives_its_test(qapp) -> Iterator[None]:
    """Every top-level widget a test leaves is closed and deleted; the pointer is restored.

    A window that stayed (kiosk windows refuse to close) would keep its event filters and
    its blank pointer for the next test, which then passes or fails by the order.
    """
    yield
    assert handout_job.wait_for_workers(), "a handout worker thread is still running"
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            destroy_window(widget)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = 0
    while QGuiApplication.overrideCursor() is not None:
        QGuiApplication.restoreOverrideCursor()
        leaked += 1
    assert leaked == 0, f"{leaked} override cursor(s) outlived the windows that set them"


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Build a kiosk window (full screen unless ``windowed``) on a content folder; unless
    ``whole`` is False, wait for what is built after the first frame.

    Each window is left the way staff leave it and deleted after the test.
    """
    made: list[MainWindow] = []

    def make(
        content: Path,
        cfg: config.Config | None = None,
        windowed: bool = False,
        before_show: Callable[[MainWindow], object] | None = None,
        whole: bool = True,
    ) -> MainWindow:
        window = MainWindow(cfg or config.Config(), content, load_fonts())
        made.append(window)
        if before_show is not None:
            before_show(window)
        window.show_kiosk(windowed=windowed)
        qtbot.waitExposed(window)
        if whole:  # printing and read aloud are built right after the first frame
            qtbot.waitUntil(lambda: window.first_frame.done)
        return window

    yield make
    for window in made:
        destroy_window(window)


@pytest.fixture
def window(make_window, content_dir: Path) -> MainWindow:
    """The kiosk on the two-article test folder."""
    return make_window(content_dir)


def settle(qtbot, turns: int = 5) -> None:
    """Run the event loop until ``turns`` chained zero-time timers have fired.

    Posted events and zero-time timers run in the order they were queued, so by then
    everything the code had queued has run, and what that queued in turn, ``turns`` deep:
    a check that something did NOT happen is then decided by events, not by a clock.
    """
    done: list[bool] = []

    def step(left: int) -> None:
        if left:
            QTimer.singleShot(0, lambda: step(left - 1))
        else:
            done.append(True)

    step(turns)
    qtbot.waitUntil(lambda: bool(done))


def handout_ready(qtbot, window: MainWindow) -> PrintCard:
    """Print was tapped: wait while the card says "Getting your handout ready..." (the handout
    is made in a worker thread) and return the card, then asking, refused or failed."""
    card = window.printing.card
    qtbot.waitUntil(lambda: card.state != "preparing", timeout=60_000)
    return card


def wait_for_paint(qtbot, widget: QWidget) -> None:
    """Repaint ``widget`` and wait until that paint, and what it queued, has run."""
    painted: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, lambda: painted.append(True))
            return False

    watch = Watch()
    widget.installEventFilter(watch)
    try:
        widget.update()
        qtbot.waitUntil(lambda: bool(painted))
    finally:
        widget.removeEventFilter(watch)


def next_event_time(qtbot) -> None:
    """Wait until Qt's event clock (whole milliseconds) has moved on.

    Input events the test makes carry the time they were made; the staff gesture counts an
    event once per timestamp, so two taps must not share one.
    """
    start = time.monotonic_ns()
    qtbot.waitUntil(lambda: time.monotonic_ns() - start >= 1_000_000)


def set_size(qtbot, window: MainWindow, width: int, height: int) -> None:
    """Resize the window (landscape 1920x1080 or portrait 1080x1920) and let it lay out."""
    window.setGeometry(0, 0, width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    settle(qtbot)


def swipe(window: MainWindow, widget, dx: int, dy: int = 0) -> None:
    """A one-finger touch swipe across ``widget``, starting at its centre."""
    device = QTest.createTouchDevice()
    handle = window.windowHandle()
    start = widget.mapTo(window, widget.rect().center())
    steps = 6
    QTest.touchEvent(handle, device).press(0, start).commit()
    for n in range(1, steps + 1):
        point = start + QPoint(dx * n // steps, dy * n // steps)
        QTest.touchEvent(handle, device).move(0, point).commit()
    QTest.touchEvent(handle, device).release(0, start + QPoint(dx, dy)).commit()
