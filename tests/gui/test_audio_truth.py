"""Audio truthfully: a player that hangs is treated as failed; a command without {file} is
refused."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from viewer import config
from viewer.services import audio
from viewer.services.speech_engine import ProcessEngine


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


def espeak_data_without(tmp_path: Path, missing: str) -> Path:
    """espeak-ng's data folder with one file left out (links to the real files)."""
    real = next(
        p
        for p in (
            Path("/usr/lib/x86_64-linux-gnu/espeak-ng-data"),
            Path("/usr/lib/aarch64-linux-gnu/espeak-ng-data"),
            Path("/usr/share/espeak-ng-data"),
        )
        if (p / "phontab").exists()
    )
    folder = tmp_path / "data" / "espeak-ng-data"
    folder.mkdir(parents=True)
    for item in real.iterdir():
        if item.name != missing:
            (folder / item.name).symlink_to(item)
    return folder.parent


@pytest.mark.espeak
def test_missing_voice_data_is_named_in_the_log(qtbot, tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(espeak_data_without(tmp_path, "en_dict")))
    engine = ProcessEngine(timeout=20)
    with qtbot.waitSignal(engine.ready, timeout=30_000):
        engine.start()
    with qtbot.waitSignal(engine.synthesised, timeout=30_000):
        engine.request(1, "Hello there.", str(tmp_path / "a.wav"), "gmw/en", 1.0)
    engine.shutdown()
    assert "espeak-ng says: Can't read dictionary file" in caplog.text
    assert "en_dict" in caplog.text and "package espeak-ng-data" in caplog.text


@pytest.mark.espeak
def test_missing_espeak_data_names_the_file_when_the_engine_dies(
    qtbot, tmp_path, monkeypatch, caplog
) -> None:
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(espeak_data_without(tmp_path, "phontab")))
    engine = ProcessEngine(timeout=20)
    with qtbot.waitSignal(engine.failed, timeout=30_000) as died:
        engine.start()
    reason = died.args[0]
    assert "exit code 1: Error processing file" in reason and "phontab" in reason, reason
    engine.shutdown()


@pytest.mark.espeak
def test_diagnose_names_a_voice_whose_data_is_missing(tmp_path, content_dir) -> None:
    env = {
        **os.environ,
        "ESPEAK_DATA_PATH": str(espeak_data_without(tmp_path, "en_dict")),
        "CUPS_SERVER": str(tmp_path / "no-cupsd.sock"),
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_CONFIG": str(tmp_path / "none.toml"),
    }
    done = subprocess.run(  # espeak-ng reads its data once per process: a child of its own
        [sys.executable, "-m", "viewer", "--diagnose", "--content", str(content_dir)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "PROBLEM: the voice gmw/en for 'en' cannot speak: espeak-ng says" in done.stdout
    assert "en_dict" in done.stdout
