"""``kiosk --set-pin``: write the staff PIN's salted hash into the configuration file."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from viewer import config, paths
from viewer.core.pin import PinError, check_pin_format, hash_pin


def target_file(args: argparse.Namespace) -> Path:
    """--config, then $KIOSK_CONFIG, then config.toml in the platform's configuration folder."""
    return Path(
        args.config or paths.default_config_file() or paths.user_config_dir() / "config.toml"
    )


def read_pin_twice() -> tuple[str, str]:
    """The PIN and its confirmation: hidden prompts on a terminal, else two lines of stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        return (
            getpass.getpass("New staff PIN (4 to 12 digits): "),
            getpass.getpass("The same PIN again: "),
        )
    lines = (sys.stdin.read() if sys.stdin else "").splitlines()
    first = lines[0].strip() if lines else ""
    second = lines[1].strip() if len(lines) > 1 else first
    return first, second


def main(args: argparse.Namespace) -> int:
    """Ask for the PIN twice, hash it with scrypt and store only the hash; 0 on success."""
    path = target_file(args)
    pin, again = read_pin_twice()
    if not pin:
        sys.stderr.write(
            "kiosk --set-pin: no PIN was given (type it twice at the prompts, or "
            "pipe it on standard input). Nothing was changed.\n"
        )
        return 2
    if pin != again:
        sys.stderr.write("kiosk --set-pin: the two PINs are different. Nothing was changed.\n")
        return 2
    try:
        check_pin_format(pin)
    except PinError as exc:
        sys.stderr.write(f"kiosk --set-pin: {exc} Nothing was changed.\n")
        return 2
    try:
        config.set_value(path, "kiosk", "staff_pin_hash", hash_pin(pin))
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"kiosk --set-pin: {exc}\n")
        return 1
    sys.stdout.write(
        f"Staff PIN saved (as a salted scrypt hash) in {path}.\nRestart the kiosk to use it.\n"
    )
    return 0
