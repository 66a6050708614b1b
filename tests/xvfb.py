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


def wait_until(proc: subprocess.Popen, predicate, timeout: float, interval: float = 0.25) -> bool:
    """Check ``predicate`` (the X server's state) until it holds, ``proc`` ends or time is up.

    Between checks this waits for ``proc`` to end, so a kiosk that dies is seen at once.
    """
    end = time.monotonic() + timeout
    while not predicate():
        left = end - time.monotonic()
        if left <= 0:
            return False
        try:
            proc.wait(timeout=min(interval, left))
        except subprocess.TimeoutExpired:
            continue
        return bool(predicate())
    return True
