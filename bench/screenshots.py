"""Screenshots of the kiosk for the README and for looking at it as a patient would.

Usage: python bench/screenshots.py OUT_DIR
Writes home and article screens at 1920x1080 and 1080x1920, at 100% and the largest text,
in both themes, using the offscreen platform (no display needed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    """Render every screenshot into ``out``."""
    from bench.procs import offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1920)
    from PySide6.QtWidgets import QApplication

    from viewer import config, paths
    from viewer.config import FONT_STEPS
    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    app = QApplication([])
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(config.Config(), paths.bundled_content_dir(), load_fonts())
    window.show()
    for w, h in ((1920, 1080), (1080, 1920)):
        window.setGeometry(0, 0, w, h)
        app.processEvents()
        window.reader.go_home()
        app.processEvents()
        window.grab().save(str(out / f"home-{w}x{h}.png"))
        for theme_name in ("standard", "high-contrast"):
            if window.reader.theme_name != theme_name:
                window.reader.toggle_theme()
            for step in (0, len(FONT_STEPS) - 1):
                window.reader.open_article("vertebroplasty", 3)
                window.reader.set_font_step(step)
                app.processEvents()
                name = f"article-{w}x{h}-{FONT_STEPS[step]}pct-{theme_name}.png"
                window.grab().save(str(out / name))
        window.reader.toggle_theme()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots")))
