"""The real kiosk in a real X window under Xvfb, landscape and portrait."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui.conftest import start_kiosk
from tests.xvfb import colour_count, screenshot, wait_until, xvfb

ROOT = Path(__file__).resolve().parents[2]
needs_x = pytest.mark.needs("Xvfb", "ImageMagick", "x11-utils")


def window_size(display: str) -> tuple[int, int] | None:
    """Size of the kiosk's top-level window, from xwininfo."""
    out = subprocess.run(
        ["xwininfo", "-display", display, "-root", "-tree"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    for line in out.splitlines():
        if "patient information" in line:
            geometry = line.split(")")[-1].split()[0]  # e.g. 1920x1080+0+0
            w, h = geometry.split("+")[0].split("x")
            return int(w), int(h)
    return None


@needs_x
@pytest.mark.xvfb
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_kiosk_fills_a_real_screen_and_draws_the_home_screen(tmp_path, content_dir, size):
    width, height = size
    with xvfb(width, height) as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "KIOSK_CONFIG": str(tmp_path / "none.toml"),
        }
        proc = start_kiosk(content_dir, env)
        try:
            assert wait_until(proc, lambda: window_size(display) == (width, height), 30), (
                window_size(display),
                proc.poll(),
            )
            assert proc.poll() is None, proc.communicate()
            shot = tmp_path / f"home-{width}x{height}.png"
            assert wait_until(proc, lambda: colour_count(screenshot(display, shot)) > 50, 20)
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=20)
        out_dir = os.environ.get("KIOSK_SHOTS")
        if out_dir:
            shutil.copy(shot, Path(out_dir) / shot.name)
    assert "Traceback" not in err, err


def test_no_display_gives_one_clear_sentence_and_a_non_zero_exit(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["KIOSK_CONFIG"] = str(tmp_path / "none.toml")
    result = subprocess.run(
        [sys.executable, "-m", "viewer"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "no display found" in result.stderr
    assert "xvfb-run" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "xcb" not in result.stderr.replace("QT_QPA", "")
