"""The real parts some tests use, and what happens when one is missing.

A test that needs a real part says so with a marker: ``@pytest.mark.needs("poppler")``, or
``espeak``, ``xvfb`` and ``cups``, which stand for the part they are named after (see
``tests/conftest.py``). A part found missing some other way goes through :func:`absent`.

Under ``CI=true`` a missing part FAILS the test with the part's name and the Debian package
to install: CI that skips the real checks would pass without checking anything. Elsewhere
the test is skipped, and the end of the run lists the missing parts.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
SBIN = "/usr/sbin:/sbin"  # cupsd lives here, often outside a user's PATH


@dataclass(frozen=True)
class Part:
    """A real part: the programs it brings, the Debian packages, and any other check."""

    programs: tuple[str, ...]
    packages: tuple[str, ...]
    check: Callable[[], str | None] | None = field(default=None, compare=False)


@functools.cache
def _engine_problem() -> str | None:
    """Start the real speech engine once, in a child process, and report why it fails."""
    code = (
        "from viewer.services.speech_worker import EngineUnavailable, Synthesiser\n"
        "try:\n    Synthesiser()\nexcept EngineUnavailable as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    if done.returncode:
        return f"the speech engine did not start: {done.stderr.strip()[-500:]}"
    return done.stdout.strip() or None


def _cups() -> str | None:
    if os.geteuid() != 0:
        return "a private cupsd with the cups-pdf backend needs root"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "the cups-pdf backend is missing"
    return None


def _libcups() -> str | None:
    from viewer.services import cups

    try:
        cups._libcups()
    except cups.PrinterProblem as exc:
        return str(exc)
    return None


PARTS: dict[str, Part] = {
    "Xvfb": Part(("Xvfb",), ("xvfb",)),
    "ImageMagick": Part(("import", "convert"), ("imagemagick",)),
    "x11-utils": Part(("xwininfo",), ("x11-utils",)),
    "espeak-ng": Part((), ("espeak-ng", "libespeak-ng1", "espeak-ng-data"), _engine_problem),
    "aplay": Part(("aplay",), ("alsa-utils",)),
    "poppler": Part(("pdftotext", "pdfinfo", "pdftoppm"), ("poppler-utils",)),
    "CUPS": Part(
        ("cupsd", "lpadmin", "cupsdisable", "cupsreject", "lpstat"),
        ("cups", "cups-client", "printer-driver-cups-pdf"),
        _cups,
    ),
    "libcups": Part((), ("libcups2",), _libcups),
    "systemd-analyze": Part(("systemd-analyze",), ("systemd",)),
    "binutils": Part(("objdump",), ("binutils",)),
    "dpkg-dev": Part(("dpkg-shlibdeps", "dpkg-deb"), ("dpkg-dev",)),
    "lintian": Part(("lintian",), ("lintian",)),
    "apt": Part(("apt-get", "dpkg-query", "runuser"), ("apt", "util-linux")),
}

missing_here: dict[str, str] = {}  # part -> why, for the summary at the end of the run


def in_ci() -> bool:
    """True on CI, where nothing may be skipped for want of a part."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def why_missing(name: str) -> str | None:
    """Why part ``name`` cannot be used here, or None when it can."""
    part = PARTS[name]
    path = os.environ.get("PATH", os.defpath) + os.pathsep + SBIN
    gone = [p for p in part.programs if shutil.which(p, path=path) is None]
    if gone:
        return f"{', '.join(gone)} not found on PATH"
    return part.check() if part.check is not None else None


def absent(name: str, why: str) -> NoReturn:
    """Part ``name`` is missing: fail under CI=true, skip elsewhere."""
    missing_here[name] = why
    install = f"apt-get install {' '.join(PARTS[name].packages)}" if name in PARTS else ""
    message = f"missing real part {name}: {why}" + (f" (install: {install})" if install else "")
    if in_ci():
        pytest.fail(f"{message}; CI=true does not skip tests for a missing part", pytrace=False)
    pytest.skip(message)


def require(*names: str) -> None:
    """Fail (CI) or skip (elsewhere) unless every named part is here."""
    for name in names:
        why = why_missing(name)
        if why is not None:
            absent(name, why)


def which(program: str) -> str:
    """The full path of a program of a real part, also from /usr/sbin."""
    path = os.environ.get("PATH", os.defpath) + os.pathsep + SBIN
    found = shutil.which(program, path=path)
    assert found is not None, f"{program} not found; mark the test with the part it needs"
    return found
