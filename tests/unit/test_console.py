"""Commands in the windowed Windows build, which has no standard streams (platform faked)."""

from __future__ import annotations

import io
import sys

import pytest

from viewer import cli, console


@pytest.fixture
def windowed(monkeypatch, tmp_path):
    """A windowed Windows program (call it in the test: pytest's capture puts the streams back
    between phases): no stdout or stderr; the log folder is tmp_path/log."""
    monkeypatch.setattr(console, "platform", lambda: "win32")
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))

    def no_streams():
        monkeypatch.setattr(sys, "stdout", None)
        monkeypatch.setattr(sys, "stderr", None)
        return tmp_path / "log"

    yield no_streams
    while console.OPENED:  # in a kiosk they live as long as the process
        console.OPENED.pop().close()


@pytest.mark.parametrize(
    ("words", "name"),
    [
        (["--sample-config"], "sample-config"),
        (["--config", "c.toml", "--check-content"], "check-content"),
        (["--config=c.toml", "--export-pdf", "x.pdf"], "export-pdf"),
        (["-h"], "h"),
        (["--windowed", "--content", "d"], None),
        ([], None),
    ],
)
def test_the_command_is_told_apart_from_starting_the_kiosk(words, name):
    assert console.command_name(words) == name


def test_started_from_a_console_the_output_goes_to_that_console(windowed, monkeypatch):
    windowed()
    out, err, inp = io.StringIO(), io.StringIO(), io.StringIO()
    opened = console.ensure_streams(
        ["--sample-config"], attach=lambda: True, console=lambda: (out, err, inp)
    )
    assert opened == "parent console"
    assert sys.stdout is out and sys.stderr is err


def test_without_a_console_a_command_writes_to_a_file_in_the_log_folder(windowed, monkeypatch):
    monkeypatch.setattr(console, "attach_parent_console", lambda: False)
    log = windowed()
    assert cli.main(["--sample-config"]) == 0
    sys.stdout.flush()
    written = (log / "sample-config.txt").read_text(encoding="utf-8")
    assert "[printing]" in written and "# enabled = true" in written


def test_a_bad_option_is_explained_in_the_file_not_a_crash(windowed, monkeypatch):
    monkeypatch.setattr(console, "attach_parent_console", lambda: False)
    log = windowed()
    with pytest.raises(SystemExit) as exited:
        cli.main(["--no-such-option"])
    assert exited.value.code == 2
    sys.stderr.flush()
    assert "unrecognized arguments: --no-such-option" in (log / "no-such-option.txt").read_text(
        encoding="utf-8"
    )


def test_on_linux_there_is_no_console_to_attach_to(windowed, monkeypatch):
    monkeypatch.setattr(console, "platform", lambda: "linux")
    log = windowed()
    where = console.ensure_streams(["--diagnose"], attach=lambda: pytest.fail("attached"))
    assert where == str(log / "diagnose.txt")


def test_the_kiosk_itself_is_left_alone(windowed):
    windowed()
    assert console.ensure_streams(["--windowed"], attach=lambda: pytest.fail("attached")) == "kiosk"
    assert sys.stdout is None


def test_with_standard_streams_nothing_changes(monkeypatch):
    monkeypatch.setattr(console, "platform", lambda: "win32")
    before = sys.stdout
    assert console.ensure_streams(["--diagnose"], attach=lambda: pytest.fail("attached")) == (
        "standard streams"
    )
    assert sys.stdout is before
