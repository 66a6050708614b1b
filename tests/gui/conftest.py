"""GUI fixtures: the real main window on the offscreen screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from viewer import config
from viewer.ui.theme import load_fonts
from viewer.ui.window import MainWindow


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


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Build a full-screen kiosk window on a content folder with a given configuration."""

    def make(content: Path, cfg: config.Config | None = None) -> MainWindow:
        window = MainWindow(cfg or config.Config(), content, load_fonts())
        qtbot.addWidget(window)
        window.show_kiosk(windowed=False)
        qtbot.waitExposed(window)
        return window

    yield make


@pytest.fixture
def window(make_window, content_dir: Path) -> MainWindow:
    """The kiosk on the two-article test folder."""
    return make_window(content_dir)


def set_size(qtbot, window: MainWindow, width: int, height: int) -> None:
    """Resize the window (landscape 1920x1080 or portrait 1080x1920) and let it lay out."""
    window.setGeometry(0, 0, width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    QTest.qWait(10)


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
        QTest.qWait(5)
    QTest.touchEvent(handle, device).release(0, start + QPoint(dx, dy)).commit()
