"""Staff PIN: scrypt hash, lockout after wrong PINs, and ``kiosk --set-pin``."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from viewer import config
from viewer.core.pin import Outcome, PinError, PinGate, hash_pin, verify_pin

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_hash_is_salted_scrypt_and_never_contains_the_pin() -> None:
    first, second = hash_pin("482913"), hash_pin("482913")
    assert first.startswith("scrypt$16384$8$1$") and "482913" not in first
    assert first != second  # a fresh salt each time
    assert verify_pin("482913", first) and verify_pin("482913", second)
    assert not verify_pin("482914", first)
    assert not verify_pin("", first)


@pytest.mark.parametrize(
    "pin, words",
    [
        ("12a4", "digits only"),
        ("123", "4 to 12 digits"),
        ("1" * 13, "4 to 12 digits"),
        ("١٢٣٤", "digits only"),
    ],
)
def test_a_pin_that_cannot_be_typed_on_the_pad_is_refused(pin, words) -> None:
    with pytest.raises(PinError, match=words):
        hash_pin(pin)


def test_five_wrong_pins_lock_the_gate_for_a_minute_even_for_the_right_pin() -> None:
    clock = Clock()
    gate = PinGate(hash_pin("2468"), clock=clock)
    answers = [gate.attempt("1111") for _ in range(4)]
    assert [a.outcome for a in answers] == [Outcome.WRONG] * 4
    assert "4 more tries" in answers[0].message and "1 more try " in answers[3].message
    locked = gate.attempt("1111")
    assert locked.outcome is Outcome.LOCKED and "60 seconds" in locked.message
    clock.now += 30
    still = gate.attempt("2468")
    assert still.outcome is Outcome.LOCKED and "30 seconds" in still.message
    clock.now += 30.5
    assert gate.attempt("2468").outcome is Outcome.ACCEPTED
    # the count starts again after the lockout
    assert gate.attempt("0000").message.startswith("Wrong PIN. 4 more tries")


def test_no_pin_and_a_damaged_hash_never_open_the_gate() -> None:
    empty = PinGate("")
    assert not empty.configured
    assert empty.attempt("").outcome is Outcome.NOT_SET
    assert "No staff PIN is set up" in empty.attempt("1234").message
    broken = PinGate("scrypt$16384$8$1$not-base64!$x")
    assert broken.attempt("1234").outcome is Outcome.BROKEN
    assert "damaged" in broken.status().message


def huge_hash(n: int, r: int, p: int = 1) -> str:
    salt, digest = base64.b64encode(b"s" * 16).decode(), base64.b64encode(b"d" * 32).decode()
    return f"scrypt${n}${r}${p}${salt}${digest}"


def test_a_hash_with_huge_scrypt_settings_is_refused_not_a_crash_on_every_try() -> None:
    gate = PinGate(huge_hash(2**20, 64))  # 8 GiB per try: "memory limit exceeded" before
    assert not gate.configured
    assert "8192 MiB per try" in gate.problem and "unusable" in gate.describe()
    assert gate.attempt("1234").outcome is Outcome.BROKEN
    assert PinGate(huge_hash(2**14, 8, 16)).problem  # p out of range
    with pytest.raises(PinError, match="MiB"):
        hash_pin("1234", n=2**22)
    assert PinGate(hash_pin("1234")).describe() == "set (scrypt n=16384 r=8 p=1, 16 MiB)"


def test_wrong_pins_and_the_lockout_survive_a_restart_and_are_logged_without_digits(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    clock, state, stored = Clock(), tmp_path / "state" / "staff-pin.json", hash_pin("2468")
    gate = PinGate(stored, clock=clock, state=state)
    for _ in range(3):
        gate.attempt("1357")
    assert state.stat().st_mode & 0o777 == 0o600
    restarted = PinGate(stored, clock=clock, state=state)  # e.g. systemd restarted the kiosk
    assert restarted.attempt("1357").message.startswith("Wrong PIN. 1 more try")
    assert restarted.attempt("1357").outcome is Outcome.LOCKED
    again = PinGate(stored, clock=clock, state=state)
    assert again.attempt("2468").outcome is Outcome.LOCKED  # still locked after a restart
    clock.now += 61
    assert PinGate(stored, clock=clock, state=state).attempt("2468").outcome is Outcome.ACCEPTED
    assert "Staff PIN: wrong PIN (3 of 5)" in caplog.text
    assert "5 wrong PINs; the pad is locked for 60 seconds" in caplog.text
    assert "still locked" in caplog.text and "accepted" in caplog.text
    assert "1357" not in caplog.text and "2468" not in caplog.text


def test_a_clock_set_back_never_locks_the_pad_for_longer_than_a_lockout(tmp_path: Path) -> None:
    state = tmp_path / "staff-pin.json"
    state.write_text('{"failures": 0, "locked_until": 99999999999}', encoding="utf-8")
    clock = Clock()
    assert PinGate(hash_pin("2468"), clock=clock, state=state).seconds_locked() == 60
    state.write_text("not json", encoding="utf-8")
    assert PinGate(hash_pin("2468"), clock=clock, state=state).seconds_locked() == 0


def test_set_value_keeps_comments_and_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '# St. Luke\'s kiosk 4\n[branding]\nhospital_name = "St. Mary"  # name\n\n'
        '[kiosk]\nidle_timeout = 120\nstaff_pin_hash = "old"\n',
        encoding="utf-8",
    )
    config.set_value(path, "kiosk", "staff_pin_hash", "new")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# St. Luke's kiosk 4\n") and "# name" in text
    cfg = config.load(path)
    assert cfg.problems == ()
    assert cfg.branding.hospital_name == "St. Mary" and cfg.kiosk.idle_timeout == 120
    assert cfg.kiosk.staff_pin_hash == "new"


def test_set_value_refuses_a_broken_file_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk\nidle_timeout = 120\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        config.set_value(path, "kiosk", "staff_pin_hash", "x")
    assert path.read_text(encoding="utf-8") == "[kiosk\nidle_timeout = 120\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def set_pin(*args: str, stdin: str, env_extra: dict[str, str] | None = None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "viewer", "--set-pin", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_set_pin_command_writes_only_a_hash_that_the_kiosk_accepts(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "kiosk.toml"
    path.parent.mkdir()
    path.write_text('[display]\ntheme = "high-contrast"\n', encoding="utf-8")
    result = set_pin("--config", str(path), stdin="735102\n735102\n")
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    text = path.read_text(encoding="utf-8")
    assert "735102" not in text and "735102" not in result.stdout + result.stderr
    data = tomllib.loads(text)
    assert data["display"]["theme"] == "high-contrast"
    gate = PinGate(config.load(path).kiosk.staff_pin_hash)
    assert gate.attempt("735102").outcome is Outcome.ACCEPTED


def test_set_pin_uses_the_site_drop_in_when_no_file_is_given(tmp_path: Path) -> None:
    site = tmp_path / "etc"
    result = set_pin(stdin="2468\n", env_extra={"KIOSK_SITE_CONFIG_DIR": str(site)})
    assert result.returncode == 0, result.stderr
    written = site / "config.d" / "90-staff-pin.toml"
    assert verify_pin("2468", config.load(written).kiosk.staff_pin_hash)


@pytest.mark.parametrize(
    "stdin, words",
    [("1234\n4321\n", "different"), ("12ab\n12ab\n", "digits only"), ("", "no PIN was given")],
)
def test_set_pin_refuses_bad_input_and_changes_nothing(tmp_path: Path, stdin, words) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\nidle_timeout = 60\n", encoding="utf-8")
    result = set_pin("--config", str(path), stdin=stdin)
    assert result.returncode == 2
    assert words in result.stderr and "Nothing was changed" in result.stderr
    assert path.read_text(encoding="utf-8") == "[kiosk]\nidle_timeout = 60\n"
