"""Start a real X server (Xvfb) for tests that need a real window."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.procs import virtual_screen

# One way to run Xvfb for the tests and the benchmarks: the benchmarks' own.
xvfb = virtual_screen


def screenshot(display: str, out: Path) -> Path:
    """Save the whole X screen as a PNG with ImageMagick's ``import``."""
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(out)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return out


def colour_count(png: Path) -> int:
    """Number of distinct colours in an image (ImageMagick)."""
    out = subprocess.run(
        ["convert", str(png), "-format", "%k", "info:"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    return int(out.strip())


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
