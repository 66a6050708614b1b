"""The two halves of read aloud, each on its own: the engine's supervisor and the narrator.

No window: a fake engine answers requests with short real WAV files on the next turn of the
event loop, and a fake player says a sentence's audio ended only when the test says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.speech_fakes import FakeEngine, FakePlayer
from viewer.config import SpeechSettings
from viewer.services.speech import Speech
from viewer.services.speech_engine import Engine
from viewer.services.speech_supervisor import EngineSupervisor


@dataclass(frozen=True)
class Line:
    """An utterance: its words and the silence after it."""

    text: str
    pause_ms: int = 0


class DeadEngine(Engine):
    """Starts, then dies."""

    def start(self) -> None:
        """Report the engine dead."""
        self.failed.emit("the speech process died")

    def shutdown(self) -> None:
        """Nothing to end."""


@pytest.fixture(autouse=True)
def made() -> Iterator[list]:
    """Supervisors and narrators made by a test; shut down after it (no audio files left)."""
    objects: list = []
    yield objects
    for obj in objects:
        obj.shutdown()


# -- the supervisor ------------------------------------------------------------------------
def test_the_engine_starts_late_or_when_asked_and_only_once(qtbot, made) -> None:
    engine = FakeEngine()
    sup = EngineSupervisor(engine, {})
    made.append(sup)
    sup.start_later(60_000)
    assert engine.starts == 0 and not sup.ready
    with qtbot.waitSignal(sup.ready_now):
        sup.start()  # a tap does not wait for the delay
    sup.start()
    assert engine.starts == 1 and sup.ready and sup.voices


def test_the_delayed_start_comes_by_itself(qtbot, made) -> None:
    engine = FakeEngine()
    sup = EngineSupervisor(engine, {})
    made.append(sup)
    with qtbot.waitSignal(sup.ready_now):
        sup.start_later(10)
    assert engine.starts == 1


def test_a_voice_is_picked_per_language_and_a_change_is_said(qtbot, made) -> None:
    sup = EngineSupervisor(FakeEngine(), {"de": "fake/de"})
    made.append(sup)
    with qtbot.waitSignal(sup.ready_now):
        sup.start()
    assert sup.choose_voice("en") == ("fake/en", True)
    assert sup.choose_voice("en") == ("fake/en", False)
    assert sup.choose_voice("de") == ("fake/de", True)
    assert sup.choose_voice("pt")[0] is None
    assert sup.voice == "fake/de"  # an unspoken language leaves the voice alone


def test_audio_is_written_in_the_supervisors_folder_and_removed_at_shutdown(qtbot) -> None:
    engine = FakeEngine()
    sup = EngineSupervisor(engine, {})
    with qtbot.waitSignal(sup.ready_now):
        sup.start()
    sup.choose_voice("en")
    request = sup.new_request()
    with qtbot.waitSignal(sup.synthesised) as done:
        sup.send(request, "Hello there.", 1.25)
    got, path = done.args
    assert got == request and Path(path).stat().st_size > 44
    assert engine.requests == [("Hello there.", "fake/en", 1.25)]
    sup.shutdown()
    assert engine.shut_down and not Path(path).exists()


def test_a_broken_engine_is_reported_and_started_afresh(qtbot, made) -> None:
    engine = DeadEngine()
    sup = EngineSupervisor(engine, {})
    made.append(sup)
    with qtbot.waitSignal(sup.broken) as broke:
        sup.start()
    assert broke.args == ["the speech process died"] and not sup.ready
    with qtbot.waitSignal(sup.broken):
        sup.restart()


# -- the narrator --------------------------------------------------------------------------
def narrator(made: list) -> tuple[Speech, FakeEngine, FakePlayer]:
    engine, player = FakeEngine(), FakePlayer()
    speech = Speech(engine, player, SpeechSettings())
    made.append(speech)
    return speech, engine, player


def test_it_reads_sentence_after_sentence_and_says_when_each_starts(qtbot, made) -> None:
    speech, engine, player = narrator(made)
    heard: list[int] = []
    speech.sentence.connect(heard.append)
    lines = [Line("A heading.", pause_ms=5), Line("First sentence."), Line("Second one.")]
    assert speech.say(lines)  # before the engine's delayed start: it starts now
    assert speech.state == "loading"
    qtbot.waitUntil(lambda: heard == [0])
    assert speech.state == "playing" and engine.said()[:2] == ["A heading.", "First sentence."]
    player.finish()
    assert speech.state == "gap"  # the pause after a heading
    qtbot.waitUntil(lambda: heard == [0, 1])
    player.finish()
    qtbot.waitUntil(lambda: heard == [0, 1, 2])
    with qtbot.waitSignal(speech.finished):
        player.finish()
    assert speech.state == "idle" and not speech.active


def test_pause_silences_and_resume_says_the_sentence_again(qtbot, made) -> None:
    speech, _engine, player = narrator(made)
    heard: list[int] = []
    speech.sentence.connect(heard.append)
    speech.say([Line("One."), Line("Two.")])
    qtbot.waitUntil(lambda: heard == [0])
    first = player.current
    speech.pause()
    assert speech.state == "paused" and player.current is None
    speech.resume()
    qtbot.waitUntil(lambda: heard == [0, 0])
    assert player.current == first  # the same audio, from its start


def test_a_new_speed_makes_the_next_sentence_at_that_speed(qtbot, made) -> None:
    speech, engine, player = narrator(made)
    heard: list[int] = []
    speech.sentence.connect(heard.append)
    speech.say([Line("One."), Line("Two.")])
    qtbot.waitUntil(lambda: heard == [0])
    speech.set_rate(1.5)
    player.finish()
    qtbot.waitUntil(lambda: heard == [0, 1])
    assert ("Two.", "fake/en", 1.5) in engine.requests


def test_stop_ends_reading_at_once(qtbot, made) -> None:
    speech, _engine, player = narrator(made)
    speech.say([Line("One."), Line("Two.")])
    qtbot.waitUntil(lambda: player.current is not None)
    with qtbot.waitSignal(speech.stopped):
        speech.stop()
    assert player.current is None and speech.state == "idle" and speech.items == []


def test_a_broken_engine_stops_reading_with_plain_words_and_a_restart_brings_it_back(
    qtbot, made
) -> None:
    speech, engine, player = narrator(made)
    speech.say([Line("One."), Line("Two.")])
    qtbot.waitUntil(lambda: player.current is not None)
    with qtbot.waitSignal(speech.failed) as failed:
        engine.failed.emit("the speech process died")
    assert "not working" in failed.args[0] and speech.state == "broken"
    assert not speech.is_available and not speech.say([Line("Again.")])
    with qtbot.waitSignal(speech.available) as available:
        speech.restart()
    assert available.args == [True, ""] and engine.starts == 2
    qtbot.waitUntil(lambda: speech.state == "idle")
    assert speech.say([Line("Again.")])


def test_without_a_player_read_aloud_is_not_offered(qtbot, made) -> None:
    speech = Speech(FakeEngine(), None, SpeechSettings(), player_problem="aplay is missing")
    made.append(speech)
    assert speech.state == "unavailable" and speech.reason == "aplay is missing"
    assert not speech.say([Line("One.")])
