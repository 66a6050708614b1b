"""Screenshots of every patient screen, for the README and for looking at it as a patient would.

Usage: python bench/screenshots.py OUT_DIR [--sizes 100,250]
Writes the home screen, the article, a glossary pop-up, the print card, the read-aloud bar,
the idle warning and the attract screen at 1920x1080 and 1080x1920, at each text size asked
for (100% and 250% by default), in both themes, on the offscreen platform (no display needed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Render every screenshot into OUT_DIR."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path, nargs="?", default=Path("shots"))
    parser.add_argument("--sizes", default="100,250", help="text sizes in percent")
    args = parser.parse_args(argv)
    from bench.procs import offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1920)
    from PySide6.QtWidgets import QApplication

    from viewer import config, paths
    from viewer.config import FONT_STEPS
    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    app = QApplication([])
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(config.Config(), paths.bundled_content_dir(), load_fonts())
    window.show()
    steps = [FONT_STEPS.index(int(p)) for p in args.sizes.split(",")]

    def shot(name: str) -> None:
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(out / f"{name}.png"))

    for w, h in ((1920, 1080), (1080, 1920)):
        window.setGeometry(0, 0, w, h)
        app.processEvents()
        for theme_name in ("standard", "high-contrast"):
            if window.reader.theme_name != theme_name:
                window.reader.toggle_theme()
            for step in steps:
                tag = f"{w}x{h}-{FONT_STEPS[step]}pct-{theme_name}"
                window.reader.go_home()
                window.reader.set_font_step(step)
                shot(f"home-{tag}")
                window.reader.open_article("vertebroplasty", 1)
                shot(f"article-{tag}")
                window.reader.show_term(next(iter(window.reader.glossary.terms)))
                shot(f"popup-{tag}")
                window.popup.dismiss()
                window.printing.offer()
                shot(f"print-{tag}")
                window.printing.card.dismiss()
                bar = window.read_aloud.bar
                for action in window.read_aloud.speech_actions:
                    action.setEnabled(True)
                bar.set_speed(1.0)
                bar.set_mode(controls=True, note=False)
                shot(f"speechbar-{tag}")
                bar.set_mode(controls=False, note=False)
                window.kiosk.still_there.set_seconds(30)
                window.kiosk.still_there.open()
                shot(f"idle-{tag}")
                window.kiosk.still_there.hide()
        window.kiosk.reset_for_next_visitor()
        shot(f"attract-{w}x{h}-{window.reader.theme_name}")
        window.reader.toggle_theme()
        shot(f"attract-{w}x{h}-{window.reader.theme_name}")
        window.kiosk.welcome()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
