"""What ``kiosk --version`` says: the version, the commit, the build date and the content.

A one-folder build carries ``build-info.json`` written by ``kiosk.spec`` at build time. From a
source checkout the commit is asked of git and there is no build date. The content folder's
version is the one in its ``manifest.toml`` (``kiosk --pack-content``), or "unversioned".
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from viewer import __version__, paths
from viewer.core.content_versions import ManifestError, read_manifest

FROM_SOURCE = "not built (running from source)"


def build_info() -> dict[str, str]:
    """``version``, ``commit`` and ``built`` of the running kiosk."""
    path = paths.build_info_file()
    if paths.is_frozen() or path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        return {
            "version": str(data.get("version", __version__)),
            "commit": str(data.get("commit", "unknown")),
            "built": str(data.get("built", "unknown")),
        }
    return {"version": __version__, "commit": source_commit(), "built": FROM_SOURCE}


def source_commit() -> str:
    """The checked-out commit of a source tree ("+changes" when files were edited)."""
    root = paths.bundle_root()
    if not (root / ".git").exists():
        return "unknown"

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "unknown"
    return commit + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def content_version(folder: Path) -> str:
    """The content folder's version from its manifest, or "unversioned"."""
    try:
        manifest = read_manifest(folder)
    except ManifestError as exc:
        return f"unknown ({exc})"
    return manifest.version if manifest is not None else "unversioned"


def describe(content_folder: Path) -> str:
    """The lines ``kiosk --version`` prints."""
    info = build_info()
    return (
        f"kiosk {info['version']}\n"
        f"commit: {info['commit']}\n"
        f"built: {info['built']}\n"
        f"content: {content_version(content_folder)} ({content_folder})\n"
    )
