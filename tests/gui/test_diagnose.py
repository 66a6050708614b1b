"""``kiosk --diagnose``: the report IT reads, and its exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from viewer import __version__, cli, config, diagnose

NO_PRINT_NO_SPEECH = "[speech]\nenabled = false\n[printing]\nenabled = false\n"


@pytest.fixture
def no_cups(monkeypatch, tmp_path):
    """A CUPS client that finds no scheduler (no printers)."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "cupsd-not-running.sock"))


@pytest.fixture
def log_home(monkeypatch, tmp_path) -> Path:
    """Per-user folders in the test's temp folder (the log file lives there)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def report(content: Path, cfg_file: Path | None = None) -> diagnose.Report:
    argv = ["--diagnose", "--content", str(content)]
    if cfg_file:
        argv += ["--config", str(cfg_file)]
    args = cli.parse_args(argv)
    return diagnose.build_report(args, config.load(cfg_file))


def write_config(folder: Path, text: str) -> Path:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.espeak
def test_report_names_version_qt_screen_font_content_speech_printers_and_log(
    qapp, content_dir, no_cups, log_home
):
    r = report(content_dir)
    text = r.text()
    assert f"Patient kiosk {__version__}: diagnosis of" in text
    assert "(from source)" in text
    assert "Qt:               6." in text and "Platform:         offscreen" in text
    assert "1920 x 1080" in text  # the test screen
    assert "Font:             Atkinson Hyperlegible" in text
    assert "File:             none: built-in defaults" in text
    assert f"Folder:           {content_dir} (--content)" in text
    assert "OK     back.md: 'Back pain', 4 sections, language en, reviewed 2026-11-24" in text
    assert "OK     knee.md: 'Knee surgery'" in text
    assert "Glossary:         2 words" in text
    assert "Engine:           pyttsx3 espeak driver" in text
    assert "Voice for en:     gmw/en" in text
    assert "Printers:         none" in text and "Default:          none" in text
    log_file = log_home / "state" / "patient-kiosk" / "log" / "kiosk.log"
    assert f"Log file:         {log_file} (not written yet)" in text
    # no printer is the one thing missing here
    assert r.missing == [
        "no printer: set a default printer in CUPS or printing.printer in the configuration"
    ]
    assert text.rstrip().endswith("- " + r.missing[0])


def test_a_broken_content_file_is_listed_with_its_reason(
    qapp, broken_content_dir, tmp_path, log_home
):
    r = report(broken_content_dir, write_config(tmp_path, NO_PRINT_NO_SPEECH))
    text = r.text()
    assert "ERROR  notitle.md:1: error: the metadata has no title" in text
    assert "ERROR  latin1.md" in text and "not UTF-8" in text
    assert "OK     back.md" in text  # the good ones are still there
    assert any("content problem(s)" in m and "not shown" in m for m in r.missing)
    assert "Result: 1 problem(s) to fix:" in text


def test_no_speech_engine_names_the_missing_library(
    qapp, content_dir, tmp_path, monkeypatch, log_home
):
    import pyttsx3

    def no_espeak(*args, **kwargs):
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")

    monkeypatch.setattr(pyttsx3, "init", no_espeak)
    r = report(content_dir, write_config(tmp_path, "[printing]\nenabled = false\n"))
    assert len(r.missing) == 1
    assert r.missing[0].startswith(
        "no speech engine: the espeak-ng speech library is not installed"
    )
    assert "libespeak-ng1" in r.missing[0]


def test_no_pyttsx3_package_is_named(qapp, content_dir, tmp_path, monkeypatch, log_home):
    monkeypatch.setitem(sys.modules, "pyttsx3", None)
    r = report(content_dir, write_config(tmp_path, "[printing]\nenabled = false\n"))
    assert r.missing == [r.missing[0]]
    assert "the pyttsx3 Python package is missing" in r.missing[0]


def test_a_configuration_problem_is_a_problem_to_fix(qapp, content_dir, tmp_path, log_home):
    cfg = write_config(tmp_path, NO_PRINT_NO_SPEECH + "[display]\ntheme = 'neon'\n")
    r = report(content_dir, cfg)
    assert f"File:             {cfg}" in r.text()
    assert len(r.missing) == 1 and "display.theme = 'neon' is not allowed" in r.missing[0]


def test_the_command_exits_0_when_nothing_needed_is_missing(tmp_path, content_dir):
    cfg = write_config(tmp_path, NO_PRINT_NO_SPEECH)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "viewer",
            "--diagnose",
            "--config",
            str(cfg),
            "--content",
            str(content_dir),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Read aloud\n  Speech:           off in the configuration" in result.stdout
    assert result.stdout.rstrip().endswith("Result: everything needed is there.")
    assert "no display in this session" in result.stdout
    assert result.stderr == ""


def test_the_command_exits_1_on_an_empty_content_folder(tmp_path):
    cfg = write_config(tmp_path, NO_PRINT_NO_SPEECH)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "viewer",
            "--diagnose",
            "--config",
            str(cfg),
            "--content",
            str(empty),
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_STATE_HOME": str(tmp_path / "state"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert f"- no usable articles in {empty}" in result.stdout


@pytest.fixture
def sched():
    """A private cupsd with two cups-pdf queues, the first one the default."""
    from tests import cups

    with cups.scheduler() as running:
        running.add_pdf_queue("DiagFrontDesk", default=True)
        running.add_pdf_queue("DiagWard", default=False)
        yield running


def diagnose_cli(content: Path, cfg: Path, sched, tmp_path: Path) -> subprocess.CompletedProcess:
    """``kiosk --diagnose`` in a new process that talks to the private cupsd (libcups reads
    $CUPS_SERVER once per process)."""
    env = {**sched.env, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path / "s")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "viewer",
            "--diagnose",
            "--config",
            str(cfg),
            "--content",
            str(content),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.cups
def test_printers_the_default_and_the_state_of_the_one_used(content_dir, tmp_path, sched):
    result = diagnose_cli(
        content_dir, write_config(tmp_path, "[speech]\nenabled = false\n"), sched, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Printers:         DiagFrontDesk, DiagWard" in result.stdout
    assert "Default:          DiagFrontDesk" in result.stdout
    assert "Kiosk prints on:  DiagFrontDesk (the default)" in result.stdout
    assert "State:            idle, accepting jobs" in result.stdout


@pytest.mark.cups
def test_a_stopped_or_unknown_printer_is_a_problem_to_fix(content_dir, tmp_path, sched):
    cfg = write_config(tmp_path, "[speech]\nenabled = false\n[printing]\nprinter = 'Lobby'\n")
    result = diagnose_cli(content_dir, cfg, sched, tmp_path)
    assert result.returncode == 1
    assert (
        "- the printer 'Lobby' does not exist (printers: DiagFrontDesk, DiagWard)" in result.stdout
    )
    sched.run("cupsdisable", "DiagFrontDesk")
    cfg = write_config(tmp_path, "[speech]\nenabled = false\n")
    result = diagnose_cli(content_dir, cfg, sched, tmp_path)
    assert result.returncode == 1
    assert "- printer: printer DiagFrontDesk is stopped" in result.stdout
