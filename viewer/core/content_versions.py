"""Versioned content: the manifest, checking an update, and the last good copy (no Qt).

``kiosk --pack-content DIR`` writes ``DIR/manifest.toml``::

    # Written by kiosk --pack-content. ...
    version = "2026-12-01.1"
    [files]
    "back.md" = "sha256:9f2c..."

A kiosk checks a folder with :func:`verify`: every file listed is there with its checksum and
nothing else is (a half-copied update fails), and the articles pass the same error checks as
``kiosk --check-content``. :class:`ContentStore` keeps a checked version on local disk (the
state folder) and :meth:`ContentStore.decide` says which folder to show: the newest good
version, else the last good one (the update is broken, half-copied or gone), else the folder
as it is. A folder without a manifest is shown as it is, as before versions existed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from viewer.core.atomic import write_atomically

log = logging.getLogger(__name__)

MANIFEST = "manifest.toml"
LAST_GOOD = "last-good"
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message says why."""


@dataclass(frozen=True)
class Manifest:
    """A content version: its name and each file's checksum (paths relative, with /)."""

    version: str
    files: dict[str, str]


@dataclass(frozen=True)
class Verdict:
    """Whether a folder can be shown: ``version`` is "" without a manifest."""

    ok: bool
    version: str
    reason: str = ""


@dataclass(frozen=True)
class Decision:
    """Which folder to show and why.

    ``state``: "current" (the folder's own version, checked), "fallback" (the last good
    version, because the folder's is not usable), "unversioned" (no manifest: shown as it
    is) or "missing" (nothing usable and no good copy: shown as it is).
    """

    folder: Path
    version: str
    state: str
    reason: str


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def content_files(folder: Path) -> list[str]:
    """Every file a content version consists of: relative paths, sorted, without the
    manifest and hidden files (``.name``, e.g. rsync's temporary files)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or (name == MANIFEST and Path(dirpath) == Path(folder)):
                continue
            found.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return sorted(found)


def sha256(path: Path) -> str:
    """``sha256:<hex>`` of a file."""
    import hashlib  # here: it maps OpenSSL's libcrypto (~1.5 MiB PSS), unused without a manifest

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest; None when there is none; ManifestError when it is unusable."""
    path = Path(folder) / MANIFEST
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{MANIFEST} cannot be read ({exc})") from None
    version, files = data.get("version"), data.get("files")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ManifestError(f"{MANIFEST} has no usable version (letters, digits, . _ + -)")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ManifestError(f"{MANIFEST} has no [files] table of checksums")
    for name in files:
        if name.startswith("/") or ".." in Path(name).parts:
            raise ManifestError(f"{MANIFEST} lists {name!r}, which is outside the folder")
    return Manifest(version, dict(files))


def next_version(folder: Path, today: dt.date) -> str:
    """Today's date and a serial number one above the folder's current version of today."""
    serial = 1
    try:
        current = read_manifest(folder)
    except ManifestError:
        current = None
    prefix = today.isoformat() + "."
    if current is not None and current.version.startswith(prefix):
        tail = current.version[len(prefix) :]
        serial = int(tail) + 1 if tail.isdigit() else 1
    return f"{prefix}{serial}"


def pack(folder: Path, version: str | None = None, today: dt.date | None = None) -> Manifest:
    """Write ``folder``'s manifest: the version and every file's checksum."""
    version = version or next_version(folder, today or dt.date.today())
    if not _VERSION.match(version):
        raise ManifestError(
            f"{version!r} cannot be a version: use letters, digits, '.', '_', '+', '-'"
        )
    files = {name: sha256(Path(folder) / name) for name in content_files(folder)}
    lines = [
        "# Written by kiosk --pack-content; kiosks use this version only when every file",
        "# below is present with this checksum. Run kiosk --pack-content again after a change.",
        f"version = {_toml_string(version)}",
        f"packed = {_toml_string(dt.date.today().isoformat())}",
        "",
        "[files]",
        *(f"{_toml_string(name)} = {_toml_string(digest)}" for name, digest in files.items()),
    ]
    write_atomically(Path(folder) / MANIFEST, "\n".join(lines) + "\n")
    return Manifest(version, files)


def mismatch(folder: Path, manifest: Manifest) -> str:
    """Why the files in ``folder`` are not exactly the manifest's, or ""."""
    for name, digest in manifest.files.items():
        path = Path(folder) / name
        if not path.is_file():
            return f"half-copied: {name} is missing"
        try:
            if sha256(path) != digest:
                return f"half-copied: {name} does not match its checksum"
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror or exc})"
    extra = sorted(set(content_files(folder)) - set(manifest.files))
    if extra:
        return f"half-copied: {extra[0]} is not in the manifest"
    return ""


def content_errors(folder: Path) -> list[str]:
    """The errors ``kiosk --check-content`` reports (warnings do not stop a version)."""
    from viewer.core.library import check_folder, scan_folder

    errors = [str(p) for p in check_folder(folder) if p.severity == "error"]
    if not errors and not scan_folder(folder).articles:
        errors.append("there are no articles")
    return errors


def verify(folder: Path) -> Verdict:
    """Can this folder be shown as a version of its own?"""
    folder = Path(folder)
    if not folder.is_dir():
        return Verdict(False, "", f"{folder} is gone (not mounted?)")
    try:
        manifest = read_manifest(folder)
    except ManifestError as exc:
        return Verdict(False, "", str(exc))
    if manifest is None:
        return Verdict(True, "", "")
    problem = mismatch(folder, manifest)
    if problem:
        return Verdict(False, manifest.version, problem)
    errors = content_errors(folder)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return Verdict(False, manifest.version, f"broken: {errors[0]}{more}")
    return Verdict(True, manifest.version)


class ContentStore:
    """Checked content versions on local disk (``<state>/content/<version>``)."""

    def __init__(self, state_dir: Path, keep: int = 2) -> None:
        self.root = Path(state_dir) / "content"
        self.keep_count = keep

    def path(self, version: str) -> Path:
        """Where a version is kept."""
        return self.root / version

    def last_good(self) -> tuple[str, Path] | None:
        """The last version that was checked and shown, if its copy is still there."""
        try:
            version = (self.root / LAST_GOOD).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.path(version)
        if not _VERSION.match(version) or not path.is_dir():
            return None
        return version, path

    def keep(self, source: Path, manifest: Manifest) -> Path:
        """Copy a checked version here and make it the last good one.

        The copy is checked against the manifest again (the source may change while it is
        copied); ManifestError when it does not match, and nothing is kept.
        """
        target = self.path(manifest.version)
        if not target.is_dir() or mismatch(target, manifest):
            incoming = self.root / f".incoming-{manifest.version}"
            shutil.rmtree(incoming, ignore_errors=True)
            incoming.mkdir(parents=True)
            for name in manifest.files:
                (incoming / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(source) / name, incoming / name)
            shutil.copy2(Path(source) / MANIFEST, incoming / MANIFEST)
            problem = mismatch(incoming, manifest)
            if problem:
                shutil.rmtree(incoming, ignore_errors=True)
                raise ManifestError(f"changed while it was copied ({problem})")
            shutil.rmtree(target, ignore_errors=True)
            incoming.rename(target)
        write_atomically(self.root / LAST_GOOD, manifest.version + "\n")
        self._prune(manifest.version)
        return target

    def _prune(self, current: str) -> None:
        """Keep the newest few copies (by when they were kept), always the current one."""
        copies = sorted(
            (p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        kept = 0
        for path in copies:
            if path.name == current or kept < self.keep_count - 1:
                kept += path.name != current
                continue
            shutil.rmtree(path, ignore_errors=True)

    def decide(self, live: Path) -> Decision:
        """Which folder to show for the content folder ``live``, and why."""
        last = self.last_good()
        try:
            manifest = read_manifest(live) if Path(live).is_dir() else None
        except ManifestError:
            manifest = None
        if last and manifest and manifest.version == last[0] and not mismatch(live, manifest):
            # checked when it was kept: only the checksums are compared (fast start-up)
            return Decision(last[1], last[0], "current", f"the newest in {live}")
        verdict = verify(live)
        if verdict.ok and not verdict.version:
            return Decision(Path(live), "", "unversioned", f"no {MANIFEST} in {live}")
        if verdict.ok:
            try:
                manifest = read_manifest(live)
                assert manifest is not None
                folder = self.keep(live, manifest)
            except (OSError, ManifestError) as exc:
                verdict = Verdict(False, verdict.version, f"could not be copied: {exc}")
            else:
                return Decision(folder, verdict.version, "current", f"the newest in {live}")
        what = f"update {verdict.version}" if verdict.version else "the content folder"
        reason = f"{what} not used: {verdict.reason}"
        if last is not None:
            return Decision(last[1], last[0], "fallback", reason)
        return Decision(Path(live), "", "missing", reason)
