"""Watches an X screen from outside and says when text first appears on it.

The same observer times every contender (kiosk, floor, Chromium), so none is favoured by
its own idea of "painted". The X server's root window is white (Xvfb ``-wr``); the watcher
grabs thin horizontal strips across the screen and counts dark pixels (text). When at least
``MIN_DARK`` are seen, text is on screen.

Protocol, one line each way on stdin/stdout (run with ``QT_QPA_PLATFORM=xcb``):
``arm`` -> waits for a blank screen, answers ``armed``, then polls and answers
``seen <time.monotonic()>`` (the start of the grab that first saw text) or ``timeout``.
"""

from __future__ import annotations

import sys
import time

STRIPS = 24
STRIP_ROWS = 4
MIN_DARK = 150
POLL_SECONDS = 0.003
TIMEOUT = 30.0
_DARK = bytes(1 if b < 0x60 else 0 for b in range(256))


def say(line: str) -> None:
    """Answer the benchmark on stdout."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    """Serve ``arm`` requests until stdin closes."""
    from PySide6.QtGui import QGuiApplication, QImage

    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    geo = screen.geometry()
    rows = [int(geo.height() * (k + 0.5) / STRIPS) for k in range(STRIPS)]

    def dark_pixels() -> int:
        total = 0
        for y in rows:
            image = screen.grabWindow(0, 0, y, geo.width(), STRIP_ROWS).toImage()
            image = image.convertToFormat(QImage.Format.Format_RGB32)
            blue = bytes(image.constBits())[0::4]  # B, G, R, X in memory
            total += blue.translate(_DARK).count(1)
        return total

    for line in sys.stdin:
        if line.strip() != "arm":
            continue
        end = time.monotonic() + TIMEOUT
        while dark_pixels() >= MIN_DARK and time.monotonic() < end:
            time.sleep(0.02)
        say("armed")
        answer = "timeout"
        while time.monotonic() < end:
            t = time.monotonic()
            if dark_pixels() >= MIN_DARK:
                answer = f"seen {t:.6f}"
                break
            time.sleep(POLL_SECONDS)
        say(answer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
