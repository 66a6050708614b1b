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

APP_NAME = "patient-kiosk"
CONFIG_ENV = "KIOSK_CONFIG"
CONTENT_ENV = "KIOSK_CONTENT"
LOG_ENV = "KIOSK_LOG_DIR"
SITE_CONFIG_ENV = "KIOSK_SITE_CONFIG_DIR"
STATE_ENV = "KIOSK_STATE_DIR"
DROP_IN_FOLDER = "config.d"


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


def locale_dir() -> Path:
    """The translation catalogues, ``<lang>/LC_MESSAGES/kiosk.po`` (see viewer/i18n.py)."""
    return bundle_root() / "viewer" / "locale"


def asset(*parts: str) -> Path:
    """Path of a bundled asset, e.g. ``asset("fonts", "x.ttf")``."""
    return bundle_root().joinpath("assets", *parts)


def content_dir(
    override: Path | None, configured: str = "", config_file: Path | None = None
) -> Path:
    """The content folder: ``override`` (--content), then ``$KIOSK_CONTENT``, then
    ``configured`` (the configuration's ``content.folder``, relative to ``config_file``'s
    folder), then the bundled articles."""
    if override:
        return Path(override)
    if os.environ.get(CONTENT_ENV):
        return Path(os.environ[CONTENT_ENV])
    if configured:
        folder = Path(configured).expanduser()
        if not folder.is_absolute() and config_file is not None:
            folder = config_file.parent / folder
        return folder
    return bundled_content_dir()


def content_dir_origin(override: Path | None, configured: str = "") -> str:
    """Where :func:`content_dir` found the folder, in words (same order)."""
    if override:
        return "--content"
    if os.environ.get(CONTENT_ENV):
        return f"${CONTENT_ENV}"
    if configured:
        return "the configuration file"
    return "bundled with the kiosk"


def display_available() -> bool:
    """False when Qt would try an X11 or Wayland display that is not there."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def user_config_dir() -> Path:
    """The platform's configuration folder for the kiosk."""
    import platformdirs  # not in the speech process, which imports this module for is_frozen()

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
    return candidate if _may_exist(candidate) else None


def site_config_dir() -> Path:
    """The machine-wide configuration folder that configuration management writes.

    ``$KIOSK_SITE_CONFIG_DIR`` first (tests, unusual layouts); then ``/etc/patient-kiosk`` on
    Linux and other Unix systems, and platformdirs' site configuration folder on Windows
    (``C:\\ProgramData\\patient-kiosk``) and macOS.
    """
    env = os.environ.get(SITE_CONFIG_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        from platformdirs.windows import Windows

        return Path(Windows(APP_NAME, appauthor=False).site_config_dir)
    if sys.platform == "darwin":
        from platformdirs.macos import MacOS

        return Path(MacOS(APP_NAME, appauthor=False).site_config_dir)
    return Path("/etc") / APP_NAME


def config_files(cli: Path | None = None) -> list[Path]:
    """The configuration files in the order they apply; a later file overrides an earlier one.

    ``config.toml`` in :func:`site_config_dir`, the drop-ins ``config.d/*.toml`` there in name
    order, the per-user file (:func:`default_config_file`), then ``cli`` (``--config``).
    Site and per-user files are listed only when they exist; ``$KIOSK_CONFIG`` and ``cli``
    always (so a wrong path is reported).
    """
    site = site_config_dir()
    files = [site / "config.toml"] if _may_exist(site / "config.toml") else []
    drop_ins = site / DROP_IN_FOLDER
    if _may_exist(drop_ins, folder=True):
        try:
            found = sorted(p for p in drop_ins.iterdir() if p.name.endswith(".toml"))
        except OSError:  # a folder the kiosk's user may not list: reading it names it
            files.append(drop_ins)
        else:
            files += [p for p in found if _may_exist(p)]
    user = default_config_file()
    if user is not None:
        files.append(user)
    if cli is not None:
        files.append(Path(cli))
    return files


def _may_exist(path: Path, folder: bool = False) -> bool:
    """Whether ``path`` is a file (or a folder); also True when it cannot be looked at (a
    folder the kiosk's user may not open), so that reading it reports the problem by name."""
    try:
        return path.is_dir() if folder else path.is_file()
    except OSError:
        return True


def state_dir() -> Path:
    """Where the kiosk keeps what it learns: usage counts, status, the last good content.

    ``$KIOSK_STATE_DIR``, else the platform's state folder (``~/.local/state/patient-kiosk``
    on Linux, ``%LOCALAPPDATA%\\patient-kiosk`` on Windows).
    """
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def checks_cache_file() -> Path:
    """The content checks remembered between starts (viewer/core/check_cache.py)."""
    return state_dir() / "content-checks.json"


def code_stamp() -> str:
    """What identifies the kiosk's code for remembered results: the build's own record in a
    build, the content-checking modules' sizes and times when run from source."""
    if is_frozen():
        try:
            return build_info_file().read_text("utf-8")
        except OSError:
            return ""
    parts = []
    with os.scandir(Path(__file__).resolve().parent / "core") as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def usage_db() -> Path:
    """The anonymous usage counts (SQLite) in the state folder."""
    return state_dir() / "usage.sqlite3"


def log_dir() -> Path:
    """The kiosk's log folder: ``$KIOSK_LOG_DIR``, else the platform's log folder."""
    env = os.environ.get(LOG_ENV)
    if env:
        return Path(env)
    import platformdirs

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
