"""Audio truthfully: a player that hangs is treated as failed; a command without {file} is
refused."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from viewer import config
from viewer.services import audio


def short_wav(path: Path, seconds: float = 0.2) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(b"\x00\x10" * int(22050 * seconds))
    return path


@pytest.fixture
def owner():
    """A parent for the player, as the speech service is in the kiosk.

    A CommandPlayer without a parent that Python frees while Qt still holds its finished
    QProcess for deletion crashes the test process (seen with the code before this change).
    """
    holder = QObject()
    yield holder
    holder.deleteLater()


def test_a_player_that_makes_no_progress_is_stopped_and_reported(
    qtbot, tmp_path: Path, monkeypatch, owner
) -> None:
    monkeypatch.setattr(audio, "STUCK_MARGIN_S", 0.5)  # 0.2 s sentence: hung after 0.8 s
    player = audio.CommandPlayer("sh -c 'kill -STOP $$; echo never' {file}", owner)  # stopped
    with qtbot.waitSignal(player.failed, timeout=10_000) as failed:
        player.play(str(short_wav(tmp_path / "s.wav")))
    assert "made no progress" in failed.args[0] and "stopped it" in failed.args[0]
    assert not player.playing


def test_a_player_that_ends_in_time_is_not_cut_off(
    qtbot, tmp_path: Path, monkeypatch, owner
) -> None:
    monkeypatch.setattr(audio, "STUCK_MARGIN_S", 0.5)
    player = audio.CommandPlayer("sh -c 'sleep 0.3' {file}", owner)  # a bit over 0.2 s
    with qtbot.waitSignal(player.finished, timeout=10_000):
        player.play(str(short_wav(tmp_path / "s.wav")))


def test_a_player_command_without_file_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[speech]\nplayer = "paplay --volume 40000"\n', encoding="utf-8")
    cfg = config.load(path)
    assert cfg.speech.player == ""  # the default player, which does get the file
    assert any("must contain {file}" in p for p in cfg.problems), cfg.problems
    with pytest.raises(audio.PlayerUnavailable, match="has no {file}"):
        audio.CommandPlayer("sh -c true")
