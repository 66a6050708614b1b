"""Next-section and font-step latency, in process, on the offscreen platform.

Each sample is the time from triggering the action (as a tap on the button does) until Qt
has handled everything that follows from it: the action's work, the posted layout
requests, and Qt's own repaint of what changed (the reading pane's paint event is checked to
have happened inside; if it has not, a full repaint is forced and counted). A second figure
adds a forced synchronous repaint of the whole window on top, an upper bound that paints
everything twice.

Usage: python -m bench.latency SAMPLES
Prints JSON: {"frame": {"landscape 100% next section": [ms, ...], ...}, "full": {...}}
"""

from __future__ import annotations

import json
import os
import sys
import time

ARTICLE = "vertebroplasty"
SIZES = (("landscape", 1920, 1080), ("portrait", 1080, 1920))


def measure(samples: int) -> dict[str, dict[str, list[float]]]:
    """``samples`` timings for every orientation, text size and action, in milliseconds."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from viewer import config, paths
    from viewer.config import FONT_STEPS
    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow(config.Config(), paths.bundled_content_dir(), load_fonts())
    window.show()
    actions = window.commands
    largest = len(FONT_STEPS) - 1
    out: dict[str, list[float]] = {}
    full: dict[str, list[float]] = {}
    painted: list[bool] = []

    class PaintSeen(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    seen = PaintSeen()
    window.article_page.text.viewport().installEventFilter(seen)

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def timed(trigger, label: str) -> float:
        settle()
        painted.clear()
        t0 = time.perf_counter()
        trigger()
        app.sendPostedEvents()  # layout requests, then Qt's update request: the repaint
        if not painted:
            window.repaint()
        t1 = time.perf_counter()
        window.repaint()
        full.setdefault(label, []).append((time.perf_counter() - t0) * 1000)
        return (t1 - t0) * 1000

    for orientation, width, height in SIZES:
        window.setGeometry(0, 0, width, height)
        settle()
        for step in (0, largest):
            label = f"{orientation} {FONT_STEPS[step]}%"
            window.reader.open_article(ARTICLE)
            window.reader.set_font_step(step)
            nexts = out.setdefault(f"{label} next section", [])
            fonts = out.setdefault(f"{label} font step", [])
            for _ in range(samples):
                if window.reader.reading.is_last:
                    window.reader.show_section(0)
                nexts.append(timed(actions.next_section.trigger, f"{label} next section"))
            for _ in range(samples):
                # Away from this size and back: 100% <-> 125%, or 250% <-> 225%.
                away = actions.font_bigger if step == 0 else actions.font_smaller
                back = actions.font_smaller if step == 0 else actions.font_bigger
                fonts.append(
                    timed(
                        (back if window.reader.reading.font_step != step else away).trigger,
                        f"{label} font step",
                    )
                )
    window.close()
    return {"frame": out, "full": full}


def main() -> int:
    """Print the timings as JSON."""
    from bench.procs import offscreen_platform

    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1920)
    sys.stdout.write(json.dumps(measure(samples)) + "\n")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 can crash while collecting widgets at exit.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
