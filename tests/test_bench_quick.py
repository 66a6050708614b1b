"""The benchmark itself must not rot: ``python -m bench --quick`` runs and reports figures.

It checks that figures were produced and make sense (positive, the right rounds), never that
they meet the targets: timing belongs in bench/, not in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.xvfb


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> Path:
    """Run the quick benchmark once into a temporary folder."""
    out = tmp_path_factory.mktemp("bench")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_start_up_and_memory_figures(quick_run: Path) -> None:
    res = json.loads((quick_run / "performance.json").read_text())
    startup = res["startup"]
    for name in ("kiosk home", "kiosk article", "floor"):
        rounds = startup[name]
        assert len(rounds) == 2
        for r in rounds:
            assert 0 < r["screen"] < 30 and 0 < r["hook"] < 30
            # The program's own clock and the outside observer agree within a poll or two.
            assert abs(r["screen"] - r["hook"]) < 0.25
    memory = startup["kiosk article"][-1]
    assert memory["processes"] >= 1 and 10 < memory["pss_mib"] < memory["rss_mib"]
    # What the PSS is made of adds up to it (smaps and smaps_rollup read a moment apart).
    assert sum(memory["pss_kinds"].values()) == pytest.approx(memory["pss_mib"], abs=1.0)
    window = memory["pss_kinds_main"]
    assert window["Qt libraries and plugins"] > 5 and window["libpython"] > 0.5
    assert sum(window.values()) == pytest.approx(memory["pss_main_mib"], abs=1.0)
    assert "chromium" not in startup  # --quick leaves Chromium out


def test_latency_and_scale_figures(quick_run: Path) -> None:
    res = json.loads((quick_run / "performance.json").read_text())
    cases = res["latency"]
    assert len(cases) == 8  # 2 orientations x 2 sizes x 2 actions
    assert all(len(v) == 10 and min(v) > 0 for v in cases.values())
    # The upper bound (a forced full repaint on top) has a figure for every frame figure.
    full = res["latency_full"]
    assert {k: len(v) for k, v in full.items()} == {k: len(v) for k, v in cases.items()}
    assert set(res["scale"]) == {"1 articles", "100 articles", "1000 articles"}
    assert all(r[0]["hook"] > 0 for r in res["scale"].values())


def test_report_and_plot(quick_run: Path) -> None:
    text = (quick_run / "performance.md").read_text()
    assert "## Targets" in text
    assert "| kiosk article |" in text and "| floor |" in text
    assert "--quick run" in text
    assert "## What the memory is" in text and "| Qt libraries and plugins |" in text
    targets = [line for line in text.splitlines() if line.startswith("| Start-up to the first")]
    assert targets and "x (median per-round ratio" in targets[0]
    png = (quick_run / "performance.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def test_start_up_stages_cold_taps_and_real_speech_soak(quick_run: Path) -> None:
    res = json.loads((quick_run / "performance.json").read_text())
    from bench.report import STAGES

    # Every stage the kiosk marks (viewer/bench_marks.py) reaches the report; the floor has
    # no modules of ours that use Qt.
    for r in res["startup"]["kiosk article"]:
        assert list(r["stages"]) == [s for s in STAGES if s in r["stages"]]
        assert set(r["stages"]) == set(STAGES)
    for r in res["startup"]["floor"]:
        assert set(r["stages"]) == set(STAGES) - {"qt modules"}
    assert "## Start-up by stage" in (quick_run / "performance.md").read_text()
    taps = res["speech"]["taps"]
    assert len(taps["warm"]) == 2 and len(taps["after idle reset"]) == 1
    assert len(taps["cold start"]) == 2
    soak = res["soak"]
    assert soak["speech"] == "real" and soak["done"] == 1100


def test_start_up_anatomy_counts_what_each_program_did_before_its_first_paint(
    quick_run: Path,
) -> None:
    res = json.loads((quick_run / "performance.json").read_text())
    kiosk, floor = res["anatomy"]["kiosk"], res["anatomy"]["floor"]
    # Only the kiosk imports its own modules; both import PySide6 and python-markdown.
    assert kiosk["groups"]["kiosk code"]["modules"] > 10
    assert "kiosk code" not in floor["groups"]
    for side in (kiosk, floor):
        assert side["groups"]["PySide6"]["modules"] >= 3
        assert side["groups"]["python-markdown"]["modules"] >= 3
        assert side["enums"] > 10 and side["enum_members"] > side["enums"] and side["cpu_ms"] > 0
    # Printing and the fleet's status come after the kiosk's first paint, so they are not
    # among the modules counted before it (a recorder that counted the whole run would).
    assert "viewer.ui.article_page" in kiosk["own_modules"]
    assert "viewer.ui.print_controller" not in kiosk["own_modules"]
    assert "viewer.ui.fleet" not in kiosk["own_modules"]
    text = (quick_run / "performance.md").read_text()
    assert "What each program had done by its first paint" in text
