"""The one-folder executable, built from kiosk.spec, passes its own self-test headless.

The build takes about 20 s, once per test run. Developers may skip it with
KIOSK_SKIP_FROZEN=1; CI (CI=true) always builds.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.xvfb import colour_count, screenshot, wait_until, xvfb
from viewer.core.library import scan_folder

SKIP = os.environ.get("KIOSK_SKIP_FROZEN") == "1" and os.environ.get("CI") != "true"
pytestmark = [
    pytest.mark.frozen,
    pytest.mark.skipif(SKIP, reason="KIOSK_SKIP_FROZEN=1 (CI=true always builds)"),
]

MAX_DIST_MB = 120  # about 100 MB since the system libraries and debug symbols left (was 150)
# Lines the frozen self-test may print on stderr. None are expected: anything there (a Qt
# plugin that did not load, a missing library, a Python warning) fails the test.
EXPECTED_STDERR: tuple[str, ...] = ()
NO_PRINT_NO_SPEECH = "[speech]\nenabled = false\n[printing]\nenabled = false\n"


@pytest.fixture
def clean_env(tmp_path) -> Iterator[dict[str, str]]:
    """No display, no Qt platform, empty per-user folders: a fresh kiosk over SSH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
        and not k.startswith(("KIOSK_", "PYTEST_"))
    }
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(tmp_path / name.lower())
    yield env


def bundled_articles() -> int:
    """How many articles the repository's content folder has for the kiosk to show."""
    return len(scan_folder(ROOT / "content").articles)


def run(dist: Path, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(dist / "kiosk"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def unexpected(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not line.startswith(EXPECTED_STDERR)
    ]


def size_mb(folder: Path) -> float:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())
    return total / 1024 / 1024


def test_the_bundle_fits_its_size_budget_and_leaves_out_unused_qt_parts(dist):
    assert size_mb(dist) <= MAX_DIST_MB
    inside = dist / "_internal"
    names = {p.name for p in inside.rglob("*")}
    for kept in (
        "libqxcb.so",
        "libqoffscreen.so",
        "libqminimal.so",
        "libqjpeg.so",
        "libcupsprintersupport.so",
        "libQt6PrintSupport.so.6",
    ):
        assert kept in names, kept
    for left_out in (
        "libgtk-3.so.0",
        "libqgtk3.so",
        "libqwayland.so",
        "libQt6WaylandClient.so.6",
        "libqeglfs.so",
        "libqopensslbackend.so",
        "libQt6Network.so.6",
        "libQt6Qml.so.6",
        "libQt6Pdf.so.6",
        "libQt6VirtualKeyboard.so.6",
    ):
        assert left_out not in names, left_out
    # Qt's own words only for the languages the kiosk ships; our catalogues as data
    qt_words = inside / "PySide6" / "Qt" / "translations"
    assert sorted(p.name for p in qt_words.iterdir()) == ["qtbase_en.qm", "qtbase_es.qm"]
    assert (qt_words / "qtbase_es.qm").stat().st_size > 100_000  # the real catalogue (161 KiB)
    assert (inside / "viewer" / "locale" / "es" / "LC_MESSAGES" / "kiosk.po").is_file()
    # content/ and assets/ under the same names as in the repository
    assert (inside / "content" / "vertebroplasty.md").is_file()
    assert sorted((inside / "assets" / "fonts").glob("*.ttf"))


# Libraries that must come from the operating system, never from the bundle: printing, TLS,
# Kerberos, D-Bus, systemd and the rest of the system (security updates reach them).
SYSTEM_LIBRARIES = (
    "libcups.so",
    "libgnutls.so",
    "libssl.so",
    "libcrypto.so",
    "libgssapi_krb5.so",
    "libkrb5.so",
    "libsystemd.so",
    "libdbus-1.so",
    "libavahi-client.so",
    "libxcb.so",
    "libfontconfig.so",
    "libstdc++.so",
)


def elf_files(folder: Path) -> list[Path]:
    """Every ELF file (program or shared library) in ``folder``."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def ldd(path: Path, bundle: Path) -> dict[str, str]:
    """Library name -> the file it resolves to ("not found" if none), as the kiosk loads it
    (the bootloader puts the bundle's folder first in LD_LIBRARY_PATH)."""
    out = subprocess.run(
        ["ldd", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LD_LIBRARY_PATH": str(bundle)},
        check=False,
    ).stdout
    resolved = {}
    for line in out.splitlines():
        name, arrow, rest = line.strip().partition(" => ")
        if arrow:
            resolved[name] = rest.split(" (")[0].strip()
    return resolved


def test_no_library_of_the_system_is_bundled(dist):
    bundled = sorted(p.name for p in (dist / "_internal").rglob("*.so*"))
    assert [n for n in bundled if n.startswith(SYSTEM_LIBRARIES)] == []


def test_the_print_plugin_and_tls_resolve_from_the_system_and_nothing_is_missing(dist):
    inside = dist / "_internal"
    plugin = inside / "PySide6" / "Qt" / "plugins" / "printsupport" / "libcupsprintersupport.so"
    ssl = next((inside / "python3.11" / "lib-dynload").glob("_ssl.*.so"))
    cups = ldd(plugin, inside)
    tls = ldd(ssl, inside)
    for name, where in [("libcups.so.2", cups), ("libgnutls.so.30", cups), ("libssl.so.3", tls)]:
        assert where[name].startswith(("/lib/", "/usr/lib/")), (name, where[name])
    missing = {
        str(path.relative_to(dist)): [n for n, f in ldd(path, inside).items() if f == "not found"]
        for path in elf_files(dist)
    }
    assert {k: v for k, v in missing.items() if v} == {}


def glibc_needed(files: list[Path]) -> tuple[int, ...]:
    """The highest GLIBC_x.y symbol version any of ``files`` needs (objdump -T)."""
    versions = set()
    for path in files:
        out = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True, check=False
        ).stdout
        versions |= {tuple(int(n) for n in v.split(".")) for v in GLIBC.findall(out)}
    return max(versions)


GLIBC = re.compile(r"GLIBC_(\d+\.\d+(?:\.\d+)?)")


@pytest.mark.needs("binutils")
def test_the_build_needs_no_newer_glibc_than_docs_deploy_md_states(dist):
    stated = re.search(r"glibc (\d+\.\d+) or newer", (ROOT / "docs" / "deploy.md").read_text())
    assert stated, 'docs/deploy.md states no glibc floor ("glibc 2.NN or newer")'
    floor = tuple(int(n) for n in stated.group(1).split("."))
    needed = glibc_needed(elf_files(dist))
    assert needed <= floor, f"the build needs glibc {needed}, docs/deploy.md says {floor}"


def test_the_build_carries_our_licence_and_every_components_notice(dist):
    inside = dist / "_internal"
    assert "Apache License" in (inside / "LICENSE").read_text()
    notices = (inside / "THIRD-PARTY-NOTICES.txt").read_text()
    for component, licence in [
        ("PySide6_Essentials", "LGPL-3.0-only"),
        ("shiboken6", "LGPL-3.0-only"),
        ("Python", "PSF-2.0"),
        ("Markdown", "BSD-3-Clause"),
        ("pyttsx3", "MPL-2.0"),
        ("platformdirs", "MIT"),
        ("tomlkit", "MIT"),
        ("Atkinson Hyperlegible font", "OFL-1.1"),
        ("pyinstaller", "GNU General Public License"),
    ]:
        assert re.search(rf"^  {re.escape(component)}[^:]*: {re.escape(licence)}", notices, re.M), (
            component
        )
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices
    assert "Mozilla Public License Version 2.0" in notices
    assert "SIL OPEN FONT LICENSE" in notices.upper()


def test_the_executable_passes_its_self_test_headless(dist, clean_env, tmp_path):
    result = run(dist, "--self-test", env=clean_env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1 and "self-test passed" in result.stdout
    assert f"content: {bundled_articles()} articles" in result.stdout
    # the bundled catalogue (read with Babel) and Qt's qtbase_es.qm both translate
    assert "languages: es (the kiosk's words and Qt's)" in result.stdout
    assert "read aloud: " in result.stdout
    assert "handout: " in result.stdout and "font Atkinson Hyperlegible" in result.stdout
    # the bundled SVG drawings were drawn by the built QtSvg in every section that has one
    assert " sections, 3 pictures, " in result.stdout
    assert unexpected(result.stderr) == []


def test_the_executable_names_a_broken_article(dist, clean_env, tmp_path, broken_content_dir):
    config = tmp_path / "c.toml"
    config.write_text(NO_PRINT_NO_SPEECH, encoding="utf-8")
    result = run(
        dist,
        "--self-test",
        "--config",
        str(config),
        "--content",
        str(broken_content_dir),
        env=clean_env,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "self-test FAILED" in result.stdout and "notitle.md" in result.stdout


def test_the_executable_diagnoses_itself_as_a_one_folder_build(dist, clean_env, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[printing]\nenabled = false\n", encoding="utf-8")
    result = run(dist, "--diagnose", "--config", str(config), env=clean_env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Program:          {dist / 'kiosk'} (one-folder build)" in result.stdout
    assert f"Bundled files:    {dist / '_internal'}" in result.stdout
    assert f"{dist / '_internal' / 'content'} (bundled with the kiosk)" in result.stdout
    assert "Engine:           pyttsx3 espeak driver" in result.stdout
    assert unexpected(result.stderr) == []


def test_the_executable_checks_content_for_editors(dist, clean_env, tmp_path):
    result = run(dist, "--check-content", env=clean_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "vertebroplasty: " in result.stdout and "grade" in result.stdout
    # every article file, translations included (the self-test counts topics)
    files = len(scan_folder(ROOT / "content").all_articles())
    assert f"{files} article(s) usable, 0 error(s)" in result.stdout


@pytest.mark.xvfb
@pytest.mark.needs("ImageMagick")
def test_the_executable_draws_the_home_screen_on_a_real_x_screen(dist, clean_env, tmp_path):
    marker = tmp_path / "painted.txt"
    with xvfb(1920, 1080) as display:
        env = {**clean_env, "DISPLAY": display, "KIOSK_BENCH_FIRST_PAINT": str(marker)}
        proc = subprocess.Popen(
            [str(dist / "kiosk")],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert wait_until(proc, marker.exists, 30)
            assert proc.poll() is None, proc.communicate()
            # start-up stage lines (viewer/bench_marks.py), then the home screen's first paint
            assert any(line.startswith("home ") for line in marker.read_text().splitlines())
            assert colour_count(screenshot(display, tmp_path / "home.png")) > 50
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err and "Could not load the Qt platform plugin" not in err


def test_the_executable_tells_its_version_commit_build_date_and_content(dist, clean_env, tmp_path):
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = run(dist, "--version", env=clean_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("kiosk ") and lines[1].startswith(f"commit: {head}")
    assert re.fullmatch(r"built: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lines[2])
    assert lines[3] == f"content: unversioned ({dist / '_internal' / 'content'})"
