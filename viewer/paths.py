"""The one place that knows where bundled files and per-machine folders are.

In a PyInstaller build the bundled ``content/`` and ``assets/`` sit under ``sys._MEIPASS``;
from source they sit at the repository's top level. Configuration, logs and an optional
override content folder live outside the bundle, so a hospital can change them without a
rebuild.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "patient-kiosk"
CONFIG_ENV = "KIOSK_CONFIG"
CONTENT_ENV = "KIOSK_CONTENT"
LOG_ENV = "KIOSK_LOG_DIR"


def is_frozen() -> bool:
    """Return True when running from a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """Folder that holds the bundled ``content/`` and ``assets/``."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent


def bundled_content_dir() -> Path:
    """The articles shipped with the kiosk."""
    return bundle_root() / "content"


def build_info_file() -> Path:
    """``build-info.json`` (version, commit, build date) that kiosk.spec writes into a build."""
    return bundle_root() / "build-info.json"


def asset(*parts: str) -> Path:
    """Path of a bundled asset, e.g. ``asset("fonts", "x.ttf")``."""
    return bundle_root().joinpath("assets", *parts)


def user_config_dir() -> Path:
    """The platform's configuration folder for the kiosk."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_config_file() -> Path | None:
    """Configuration file to use when none is given on the command line.

    ``$KIOSK_CONFIG`` first, then ``config.toml`` in the platform's configuration folder.
    Returns None when neither exists (built-in defaults apply).
    """
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    candidate = user_config_dir() / "config.toml"
    return candidate if candidate.is_file() else None


def log_dir() -> Path:
    """The kiosk's log folder: ``$KIOSK_LOG_DIR``, else the platform's log folder."""
    env = os.environ.get(LOG_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def external_program_env() -> dict[str, str]:
    """Environment for starting a system program (lp, aplay, pdftotext, ...).

    A frozen build on Linux puts its own library folder first in ``LD_LIBRARY_PATH`` (keeping
    the original in ``LD_LIBRARY_PATH_ORIG``); a system program must load the system's
    libraries, not the bundle's copies, so the original value is put back.
    """
    env = dict(os.environ)
    if is_frozen() and "LD_LIBRARY_PATH" in env:
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            del env["LD_LIBRARY_PATH"]
        else:
            env["LD_LIBRARY_PATH"] = original
    return env
