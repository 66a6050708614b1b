"""Test harness: the offscreen platform on a 1920x1080 screen, set before any Qt import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import parts

if not os.environ.get("QT_QPA_PLATFORM"):
    _screen = Path(tempfile.gettempdir()) / "kiosk-tests-offscreen.json"
    _screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "s",
                        "x": 0,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ],
                "windowFrameMargins": False,
            }
        )
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="kiosk-xdg-"))
# Site configuration and state folders of the test run's own, for module and session
# fixtures too (they run before kiosk_machine_folders gives each test its own): a handout
# exported by a module fixture once read this machine's /etc/patient-kiosk, which
# tests/test_deb.py installs with hospital_name "Packaged General" while it runs.
_machine = Path(tempfile.mkdtemp(prefix="kiosk-tests-machine-"))
os.environ["KIOSK_SITE_CONFIG_DIR"] = str(_machine / "etc-patient-kiosk")
os.environ["KIOSK_STATE_DIR"] = str(_machine / "state")

ROOT = Path(__file__).resolve().parent.parent

# Markers that stand for the real part they are named after (tests/parts.py).
PART_MARKERS = {"xvfb": "Xvfb", "espeak": "espeak-ng", "cups": "CUPS"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that needs a missing real part fails under CI=true and is skipped elsewhere."""
    names = [name for marker in item.iter_markers("needs") for name in marker.args]
    names += [part for marker, part in PART_MARKERS.items() if item.get_closest_marker(marker)]
    parts.require(*dict.fromkeys(names))


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """The random order's seed (also with -q), and which real parts were missing."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and config.pluginmanager.has_plugin("randomly"):
        terminalreporter.write_line(
            f"tests ran in random order, seed {seed} (--randomly-seed={seed} repeats it)"
        )
    if parts.missing_here:
        outcome = "failed: CI=true" if parts.in_ci() else "skipped"
        terminalreporter.write_sep("-", f"real parts missing here (tests that need them {outcome})")
        for name, why in parts.missing_here.items():
            terminalreporter.write_line(f"{name}: {why}")


def run_kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m viewer ARGS`` as a command-line user runs it, with this test's folders."""
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )


@pytest.fixture(autouse=True)
def kiosk_machine_folders(tmp_path_factory, monkeypatch) -> None:
    """Site configuration and state folders of the test's own, never this machine's.

    The site folder does not exist (no /etc/patient-kiosk settings leak into a test); the
    state folder (usage counts, status, last good content) is new for each test. Child
    processes inherit both.
    """
    machine = tmp_path_factory.mktemp("machine")
    monkeypatch.setenv("KIOSK_SITE_CONFIG_DIR", str(machine / "etc-patient-kiosk"))
    monkeypatch.setenv("KIOSK_STATE_DIR", str(machine / "state"))


ARTICLE = """---
title: {title}
summary: {summary}
language: en
updated: 2026-11-20
reviewed_by: Test Reviewer, RN
reviewed_on: 2026-11-24
source: Written for the tests.
related: {related}
notice: Not for emergencies.
---
Opening words about a vertebra.

## What it is
A short section. Osteoporosis makes bones thin.

## Before you come
* Tell your doctor about your medicines.
* Stop smoking if you can.

## After you go home
Rest for a day. Then slowly return to your normal life.
"""


def write_article(
    folder: Path, stem: str, title: str, summary: str = "A test topic.", related: str = ""
) -> Path:
    """Write a valid four-section article."""
    path = folder / f"{stem}.md"
    path.write_text(ARTICLE.format(title=title, summary=summary, related=related), encoding="utf-8")
    return path


GLOSSARY = """
[[term]]
word = "vertebra"
also = ["vertebrae"]
meaning = "One of the small bones that make up your spine."

[[term]]
word = "osteoporosis"
meaning = "A disease that makes bones thin and easy to break."
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A content folder with two good articles and a glossary."""
    folder = tmp_path / "content"
    folder.mkdir()
    write_article(
        folder, "knee", "Knee surgery", "What happens when your knee is fixed.", related="back"
    )
    write_article(
        folder, "back", "Back pain", "Why your back hurts and what helps.", related="knee"
    )
    (folder / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    return folder


@pytest.fixture
def broken_content_dir(content_dir: Path) -> Path:
    """The good folder plus one file for each way an article can be broken."""
    (content_dir / "latin1.md").write_bytes(
        "---\ntitle: Caf\xe9\nlanguage: en\n---\nText\n".encode("latin-1")
    )
    (content_dir / "huge.md").write_text(
        "---\ntitle: Huge\nlanguage: en\n---\n" + "word " * 300_000, encoding="utf-8"
    )
    (content_dir / "notitle.md").write_text(
        "---\nlanguage: en\n---\nSome text.\n", encoding="utf-8"
    )
    (content_dir / "empty.md").write_text(
        "---\ntitle: Empty\nlanguage: en\n---\n\n", encoding="utf-8"
    )
    (content_dir / "gone.md").symlink_to(content_dir / "does-not-exist.md")
    return content_dir


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """dist/kiosk built from kiosk.spec into a temporary folder, once per test run (the
    frozen-build and Debian package tests share it)."""
    work = tmp_path_factory.mktemp("pyinstaller")
    log = work / "build.log"
    with log.open("w") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(work / "dist"),
                "--workpath",
                str(work / "build"),
                str(ROOT / "kiosk.spec"),
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
        )
    assert done.returncode == 0, log.read_text()[-3000:]
    return work / "dist" / "kiosk"


def pytest_report_header() -> str:
    """The fixed seed of the property-based content test, so a CI failure can be replayed."""
    from tests.unit.test_content_property import EXAMPLES, SEED

    return f"hypothesis: content property test seed {SEED}, {EXAMPLES} examples"
