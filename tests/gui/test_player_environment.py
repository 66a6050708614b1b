"""The audio player runs with the system's environment, not the bundle's library folder."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent

from viewer.services.audio import CommandPlayer

# A "player" that writes the library path it was started with into the file it is given.
RECORDER = """sh -c 'printf "%s" "${LD_LIBRARY_PATH-unset}" > "$0"' {file}"""


def played_with(qtbot, tmp_path) -> str:
    player = CommandPlayer(RECORDER)
    out = tmp_path / "env.txt"
    with qtbot.waitSignal(player.finished, timeout=10_000):
        player.play(str(out))
    return out.read_text()  # the player is dropped here, its process not yet deleted


def test_a_player_dropped_right_after_it_finished_does_not_crash_the_next_turn(qtbot, tmp_path):
    assert played_with(qtbot, tmp_path) == played_with(qtbot, tmp_path)
    # the finished processes' pending deletions, as the next turn of the loop runs them
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def frozen(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path / "_internal"))


def test_in_a_build_the_player_gets_the_library_path_the_kiosk_was_started_with(
    qtbot, tmp_path, monkeypatch
):
    frozen(monkeypatch, tmp_path)
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/site/lib")
    assert played_with(qtbot, tmp_path) == "/opt/site/lib"


def test_in_a_build_started_without_a_library_path_the_player_gets_none(
    qtbot, tmp_path, monkeypatch
):
    frozen(monkeypatch, tmp_path)
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    assert played_with(qtbot, tmp_path) == "unset"
