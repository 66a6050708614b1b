"""The Debian package: built from the one-folder build, installed with apt, upgraded, purged.

Needs root, apt-get, dpkg-dev and lintian (CI has them: scripts/setup.sh test installs the
tools). Runs with the frozen-build tests and shares their build; KIOSK_SKIP_FROZEN=1 skips it
locally, CI=true never skips. The package is installed on this machine for the length of the
test and purged at its end; a machine that has patient-kiosk installed already is left alone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import parts
from tests.conftest import ROOT
from tests.pdf import text as pdf_text

SKIP = os.environ.get("KIOSK_SKIP_FROZEN") == "1" and os.environ.get("CI") != "true"
pytestmark = [
    pytest.mark.frozen,
    pytest.mark.deb,
    pytest.mark.skipif(SKIP, reason="KIOSK_SKIP_FROZEN=1 (CI=true always builds)"),
]

PACKAGE = "patient-kiosk"
CONFIG = Path("/etc/patient-kiosk/config.toml")
LEFT_BEHIND = [
    Path("/usr/lib/patient-kiosk"),
    Path("/usr/bin/kiosk"),
    Path("/etc/patient-kiosk"),
    Path("/var/lib/patient-kiosk"),
    Path("/usr/lib/systemd/user/patient-kiosk.service"),
    Path("/usr/share/doc/patient-kiosk"),
]
APT = ["apt-get", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300"]


def sh(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a command as on a freshly installed machine: no display, none of the tests' own
    folders or settings (the kiosk finds /etc/patient-kiosk itself)."""
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
            and not k.startswith(("KIOSK_", "XDG_", "PYTEST_"))
        },
        "DEBIAN_FRONTEND": "noninteractive",
    }
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, **kwargs)


def installed() -> str:
    """The installed version of the package, or "" when it is not installed."""
    out = sh("dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE)
    return out.stdout.split()[-1] if "install ok installed" in out.stdout else ""


@pytest.fixture(scope="module")
def debs(dist, tmp_path_factory) -> Iterator[tuple[Path, Path]]:
    """Two packages of the build: revision 1 and the newer revision 2."""
    if os.geteuid() != 0:
        parts.absent("root", "installing a package needs root")
    parts.require("apt", "dpkg-dev", "lintian", "poppler")
    out = tmp_path_factory.mktemp("deb")
    script = str(ROOT / "scripts" / "build-deb.sh")
    builds = [  # both at once: each is mostly waiting on dpkg-shlibdeps or gzip
        subprocess.Popen(
            ["bash", script, "--dist", str(dist), "--out", str(out), "--revision", revision],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for revision in ("1", "2")
    ]
    built = []
    for build in builds:
        output, _ = build.communicate(timeout=600)
        assert build.returncode == 0, output
        built.append(Path(output.strip().splitlines()[-1]))
    # one package test at a time on a machine (other worktrees may run the suite too)
    with open("/var/lock/patient-kiosk-deb-test.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():
            pytest.fail(f"{PACKAGE} {installed()} is installed on this machine; not touching it")
        try:
            yield built[0], built[1]
        finally:
            if installed():
                sh(*APT, "purge", PACKAGE)


def test_lintian_reports_nothing_that_is_not_explained(debs):
    result = sh("lintian", "--fail-on", "error,warning", str(debs[0]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")] == []


def test_install_self_test_upgrade_keeping_the_config_and_purge(debs, tmp_path):
    first, newer = debs
    # install with apt, which brings the dependencies
    done = sh(*APT, "install", str(first))
    assert done.returncode == 0, done.stdout + done.stderr
    assert installed().endswith("-1")
    assert shutil.which("kiosk") == "/usr/bin/kiosk"
    assert sh("getent", "passwd", PACKAGE).stdout.startswith(f"{PACKAGE}:")
    # our licence and every bundled component's notice, where Debian keeps them
    doc = Path("/usr/share/doc/patient-kiosk")
    assert "License: Apache-2.0" in (doc / "copyright").read_text()
    assert "Apache License" in Path("/usr/lib/patient-kiosk/_internal/LICENSE").read_text()
    notices = (doc / "THIRD-PARTY-NOTICES.txt").read_text()
    assert "PySide6_Essentials" in notices and "GNU LESSER GENERAL PUBLIC LICENSE" in notices
    assert "pyttsx3" in notices and "Python 3.11" in notices

    # the installed program works, as root and as the kiosk's own user
    result = sh("kiosk", "--self-test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    edited = CONFIG.read_text().replace(
        '# hospital_name = "St. Luke\'s Hospital"', 'hospital_name = "Packaged General"'
    )
    assert "Packaged General" in edited
    edited = edited.replace(
        "[printing]\n# Offer Print", "[printing]\nenabled = false\n# Offer Print"
    )
    CONFIG.write_text(edited)
    # the kiosk's user reads the packaged configuration file by itself
    diag = sh("runuser", "-u", PACKAGE, "--", "kiosk", "--diagnose", cwd="/")
    assert diag.returncode == 0, diag.stdout + diag.stderr
    assert "/usr/lib/patient-kiosk/kiosk (one-folder build)" in diag.stdout
    assert str(CONFIG) in diag.stdout

    # a newer package keeps the edited configuration file and still works
    done = sh(*APT, "install", str(newer))
    assert done.returncode == 0, done.stdout + done.stderr
    assert installed().endswith("-2")
    assert CONFIG.read_text() == edited
    assert not list(CONFIG.parent.glob("config.toml.dpkg-*"))
    pdf = tmp_path / "handout.pdf"
    export = sh(
        "kiosk",
        "--export-pdf",
        str(pdf),
        "--article",
        "vertebroplasty",
        cwd=tmp_path,
    )
    assert export.returncode == 0, export.stdout + export.stderr
    assert "Packaged General" in pdf_text(pdf)
    files = sh("dpkg-query", "-L", PACKAGE).stdout.split()

    # purge leaves nothing behind: files, configuration, the user and its home
    done = sh(*APT, "purge", PACKAGE)
    assert done.returncode == 0, done.stdout + done.stderr
    assert installed() == ""
    assert [p for p in LEFT_BEHIND if p.exists() or p.is_symlink()] == []
    assert [f for f in files if f.startswith("/usr/lib/patient-kiosk") and Path(f).exists()] == []
    assert sh("getent", "passwd", PACKAGE).returncode != 0
    assert sh("getent", "group", PACKAGE).returncode != 0
