"""Start a real X server (Xvfb) for tests that need a real window."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """Run Xvfb with one screen of ``width`` x ``height``; yield its DISPLAY value."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise FileNotFoundError("Xvfb is not installed (Debian package xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def screenshot(display: str, out: Path) -> Path:
    """Save the whole X screen as a PNG with ImageMagick's ``import``."""
    subprocess.run(["import", "-display", display, "-window", "root", str(out)],
                   check=True, capture_output=True, timeout=30)
    return out


def colour_count(png: Path) -> int:
    """Number of distinct colours in an image (ImageMagick)."""
    out = subprocess.run(["convert", str(png), "-format", "%k", "info:"], check=True,
                         capture_output=True, text=True, timeout=30).stdout
    return int(out.strip())


def wait_until(predicate, timeout: float, interval: float = 0.25) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
