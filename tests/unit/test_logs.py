"""The kiosk's log: a rotating file, Qt's own messages, the crash guard's error storm."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning

from viewer import logs


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch):
    """setup_logging into a temporary folder; the handlers it adds are removed afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    yield tmp_path / "log"
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_file_rotates_and_keeps_five_old_files(log_folder: Path) -> None:
    path = logs.setup_logging(log_folder)
    assert path == log_folder / "kiosk.log" and logs.log_file() == path
    assert logs.setup_logging(log_folder) == path  # a second call adds no second handler
    for n in range(400):
        logging.getLogger("viewer.test").info("Opened article %s", f"knee-{n}")
    names = sorted(p.name for p in log_folder.iterdir())
    assert names == ["kiosk.log", *(f"kiosk.log.{n}" for n in range(1, 6))]
    assert all(p.stat().st_size <= 2200 for p in log_folder.iterdir())
    assert "Opened article knee-399" in path.read_text(encoding="utf-8")


def test_an_unwritable_log_folder_leaves_the_console_log(tmp_path: Path, log_folder) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logs.setup_logging(blocker / "log") is None


def test_qt_warnings_go_to_the_log_file(log_folder: Path) -> None:
    path = logs.setup_logging(log_folder)
    previous = qInstallMessageHandler(logs.qt_message_handler)
    try:
        qWarning("QFont::setPointSizeF: Point size <= 0 (-1.000000), must be greater than 0")
    finally:
        qInstallMessageHandler(previous)
    text = path.read_text(encoding="utf-8")
    assert "WARNING qt: [default] QFont::setPointSizeF: Point size <= 0" in text


def test_the_crash_guard_recovers_each_time_and_gives_up_on_an_error_storm(caplog) -> None:
    now = [0.0]
    recovered, gave_up = [], []
    guard = logs.CrashGuard(
        lambda: recovered.append(1), lambda: gave_up.append(1), clock=lambda: now[0]
    )
    for _ in range(19):
        now[0] += 1
        try:
            raise KeyError("knee")
        except KeyError as exc:
            guard(type(exc), exc, exc.__traceback__)
    assert len(recovered) == 19 and gave_up == []
    assert caplog.text.count("Traceback") == 1  # the same traceback: once, then counted
    assert "again (19 times now; traceback above): KeyError: 'knee'" in caplog.text
    now[0] += 1
    try:
        raise KeyError("knee")
    except KeyError as exc:
        guard(type(exc), exc, exc.__traceback__)
    assert gave_up == [1] and "errors in 60 seconds" in caplog.text
    # errors far apart are never a storm
    now[0] += 1000
    guard.times.clear()
    guard(KeyError, KeyError("x"), None)
    assert len(recovered) == 20


def test_an_error_while_recovering_is_logged_not_raised(caplog) -> None:
    def bad_recover() -> None:
        raise RuntimeError("home screen broken too")

    guard = logs.CrashGuard(bad_recover, lambda: None)
    guard(ValueError, ValueError("first"), None)
    assert "Could not return to the home screen" in caplog.text


def test_a_repeated_error_keeps_the_log_history(log_folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 1_000_000)
    path = logs.setup_logging(log_folder)
    logging.getLogger("viewer.test").info("The first line of the day")
    guard = logs.CrashGuard(lambda: None, lambda: None)

    def deep(n: int) -> None:  # a long traceback, like python-markdown's recursion
        if n == 0:
            raise RecursionError("maximum recursion depth exceeded")
        deep(n - 1) if n % 2 else deep(n - 1)

    for _ in range(200):
        try:
            deep(300)
        except RecursionError as exc:
            guard(type(exc), exc, exc.__traceback__)
    text = path.read_text(encoding="utf-8")
    assert "The first line of the day" in text
    assert text.count("Traceback") == 1
    assert "again (200 times now" in text
    assert path.stat().st_size < 150_000
    assert not (log_folder / "kiosk.log.1").exists()  # nothing rotated away
