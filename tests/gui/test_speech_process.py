"""A speech engine that hangs, dies or is missing never takes the kiosk down with it.

These run real child processes (``ProcessEngine``) whose workers misbehave on purpose; the
window keeps working, says in words that reading aloud is not available, and the child is
gone. Time limits are generous for a loaded machine; nothing here measures speed.
"""

from __future__ import annotations

import logging
import os

import pytest
from PySide6.QtCore import QTimer

from tests import speech_workers
from tests.gui.conftest import settle
from viewer.services import speech
from viewer.services.speech import BROKEN
from viewer.services.speech_engine import ProcessEngine

TIMEOUT_S = 1.0  # the engine's answer time limit in these tests (the kiosk's default is 5)
WAIT_MS = 30_000  # how long a test waits for something to happen on a slow machine


@pytest.fixture
def engine_with(monkeypatch):
    """Make the window's speech engine a real child process running ``target``."""

    made: list[ProcessEngine] = []

    def use(target, start_timeout: float = WAIT_MS / 1000):
        def make(settings, parent=None):
            made.append(
                ProcessEngine(
                    timeout=TIMEOUT_S, target=target, parent=parent, start_timeout=start_timeout
                )
            )
            return made[-1]

        monkeypatch.setattr(speech, "make_engine", make)
        return made

    yield use
    for engine in made:  # the kiosk window refuses to close, so end the children here
        engine.shutdown()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def ticking(window) -> list[int]:
    """A 20 ms timer on the window's event loop; its count shows the loop never stalls."""
    ticks = [0]
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(20)
    return ticks


@pytest.mark.parametrize(
    "target, words",
    [
        (speech_workers.hanging_worker, "did not answer within"),
        (speech_workers.crashing_worker, "ended unexpectedly (exit code 11)"),
    ],
)
def test_engine_that_hangs_or_dies_is_noticed_and_the_kiosk_keeps_working(
    qtbot, make_window, content_dir, engine_with, caplog, target, words
):
    engines = engine_with(target)
    window = make_window(content_dir)
    window.reader.open_article("knee")
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle", timeout=WAIT_MS)
    pid = engines[0]._process.pid
    window.commands.read_aloud.trigger()
    # Waiting for an answer that will not come (a crash may already have been noticed).
    assert ra.speech.state in ("loading", "broken")
    settle(qtbot)  # the event loop turns while the engine is stuck
    if target is speech_workers.hanging_worker:
        assert ra.speech.state == "loading" and not window.popup.isVisible()

    # The window answers while the engine is stuck: the visitor can still use it.
    window.commands.next_section.trigger()
    window.commands.font_bigger.trigger()
    assert window.reader.reading.index == 1 and window.reader.reading.font_step == 1

    ticks = ticking(window)
    qtbot.waitUntil(lambda: window.popup.isVisible(), timeout=WAIT_MS)
    assert window.popup.text.text() == BROKEN
    assert not window.commands.read_aloud.isEnabled()
    assert window.commands.read_aloud.text() == "Read aloud: off"
    assert "Reading aloud is not available" in ra.bar.note.text()
    assert any(words in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    # The event loop kept running while the kiosk waited (a stalled loop would not tick).
    assert ticks[0] >= 1 or target is speech_workers.crashing_worker
    qtbot.waitUntil(lambda: gone(pid), timeout=WAIT_MS)  # killed and reaped, no zombie

    # The rest of the kiosk still works.
    window.popup.dismiss()
    window.commands.previous_section.trigger()
    assert window.reader.reading.index == 0

    # The next visitor gets another try with a new engine process.
    window.reset_visitor()
    qtbot.waitUntil(lambda: ra.speech.state == "idle", timeout=WAIT_MS)
    assert engines[0]._process.pid != pid
    window.reader.open_article("knee")
    assert window.commands.read_aloud.isEnabled()
    window.read_aloud.shutdown()  # what closing the window (staff) or quitting does
    assert not engines[0].running


def test_engine_that_never_starts_turns_read_aloud_off(
    qtbot, make_window, content_dir, engine_with, caplog
):
    engine_with(speech_workers.silent_start_worker, start_timeout=2.0)
    window = make_window(content_dir)
    window.reader.open_article("knee")
    qtbot.waitUntil(lambda: not window.commands.read_aloud.isEnabled(), timeout=WAIT_MS)
    assert window.read_aloud.bar.note.isVisible()
    assert not window.popup.isVisible()  # nobody was listening: nothing to interrupt
    assert any("did not start within" in r.getMessage() for r in caplog.records)


def test_missing_espeak_library_is_explained_and_named_in_the_log(
    qtbot, make_window, content_dir, engine_with, caplog
):
    engine_with(speech_workers.serve_without_espeak)
    window = make_window(content_dir)
    window.reader.open_article("knee")
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "unavailable", timeout=WAIT_MS)
    action = window.commands.read_aloud
    assert not action.isEnabled() and action.isVisible()
    assert action.text() == "Read aloud: off"
    assert ra.bar.note.isVisible()
    assert ra.bar.note.text().startswith("Reading aloud is not available right now.")
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "libespeak-ng1" in logged and "espeak-ng speech library" in logged
    window.commands.read_aloud.trigger()  # a tap on the disabled control does nothing
    assert not ra.speech.active and not window.popup.isVisible()


def test_missing_audio_player_is_explained(qtbot, make_window, content_dir, monkeypatch, caplog):
    from viewer import config
    from viewer.services.audio import make_player

    monkeypatch.setattr(speech, "make_audio_player", make_player)
    cfg = config.Config().replace(
        speech=config.SpeechSettings(player="no-such-player-program {file}")
    )
    window = make_window(content_dir, cfg)
    window.reader.open_article("knee")
    assert not window.commands.read_aloud.isEnabled()
    assert window.read_aloud.bar.note.isVisible()
    assert any(
        "'no-such-player-program' is not installed" in r.getMessage() for r in caplog.records
    )
