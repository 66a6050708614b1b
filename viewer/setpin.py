"""``kiosk --set-pin`` and ``kiosk --hash-pin``: the staff PIN's salted hash, never the PIN.

``--set-pin`` writes the hash into its own drop-in, ``config.d/90-staff-pin.toml`` in the
site configuration folder (or into the file given with ``--config``), atomically and readable
by its owner only (mode 0600). Run as root, ``--pin-owner USER`` hands the file to the user
the kiosk runs as, who must be able to read it. ``--hash-pin`` only prints the hash, for
configuration management to place in a drop-in of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from viewer import config, paths
from viewer.core.atomic import write_atomically
from viewer.core.pin import PinError, check_pin_format, hash_pin

PIN_DROP_IN = "90-staff-pin.toml"
PRIVATE = 0o600


def target_file(args: argparse.Namespace) -> Path:
    """--config, else the PIN drop-in in the site configuration folder."""
    if args.config:
        return Path(args.config)
    return paths.site_config_dir() / paths.DROP_IN_FOLDER / PIN_DROP_IN


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


def ask_hash(command: str) -> str | None:
    """Ask for the PIN twice and return its hash; None (with a message) when it is unusable."""
    pin, again = read_pin_twice()
    if not pin:
        sys.stderr.write(
            f"kiosk {command}: no PIN was given (type it twice at the prompts, or "
            "pipe it on standard input). Nothing was changed.\n"
        )
        return None
    if pin != again:
        sys.stderr.write(f"kiosk {command}: the two PINs are different. Nothing was changed.\n")
        return None
    try:
        check_pin_format(pin)
    except PinError as exc:
        sys.stderr.write(f"kiosk {command}: {exc} Nothing was changed.\n")
        return None
    return hash_pin(pin)


def drop_in_text(pin_hash: str) -> str:
    """The PIN drop-in: a comment and the hash."""
    return (
        f"# Written by kiosk --set-pin on {dt.date.today().isoformat()}: the staff PIN's\n"
        "# salted scrypt hash (the PIN itself is not stored). Replace it with kiosk --set-pin.\n"
        f"[kiosk]\nstaff_pin_hash = {config.toml_value(pin_hash)}\n"
    )


def user_ids(owner: str) -> tuple[int, int]:
    """The user and group ids of a user name; KeyError when there is no such user."""
    import pwd  # POSIX only; --pin-owner is refused elsewhere

    entry = pwd.getpwnam(owner)
    return entry.pw_uid, entry.pw_gid


def main(args: argparse.Namespace) -> int:
    """``--set-pin``: store the hash, readable by its owner only; 0 on success."""
    owner = getattr(args, "pin_owner", None)
    if owner and not hasattr(os, "chown"):
        sys.stderr.write("kiosk --set-pin: --pin-owner works on Linux and macOS only.\n")
        return 2
    try:
        ids = user_ids(owner) if owner else None
    except KeyError:
        sys.stderr.write(
            f"kiosk --set-pin: there is no user called {owner!r}. Nothing was changed.\n"
        )
        return 2
    path = target_file(args)
    pin_hash = ask_hash("--set-pin")
    if pin_hash is None:
        return 2
    try:
        if args.config:
            config.set_value(path, "kiosk", "staff_pin_hash", pin_hash)
            os.chmod(path, PRIVATE)
        else:
            write_atomically(path, drop_in_text(pin_hash), PRIVATE)
        if ids is not None:
            os.chown(path, *ids)
    except PermissionError as exc:
        sys.stderr.write(
            f"kiosk --set-pin: {path} cannot be written ({exc.strerror}). Run it as root "
            "(sudo kiosk --set-pin --pin-owner USER, USER being the kiosk's user) or give "
            "--config FILE. Nothing was changed.\n"
        )
        return 1
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"kiosk --set-pin: {exc}\n")
        return 1
    sys.stdout.write(
        f"Staff PIN saved (as a salted scrypt hash) in {path}, readable by its owner only.\n"
        "Restart the kiosk to use it.\n"
    )
    return 0


def print_hash() -> int:
    """``--hash-pin``: print the hash for configuration management; 0 on success."""
    pin_hash = ask_hash("--hash-pin")
    if pin_hash is None:
        return 2
    sys.stdout.write(pin_hash + "\n")
    return 0
