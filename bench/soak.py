"""Soak: the real kiosk, offscreen, driven by many random patient actions.

Usage: python bench/soak.py [--actions 20000] [--seed 1] [--json]

Taps on tiles and controls, swipes, text sizes, the theme, glossary words, read aloud (fake
engine and player from tests/speech_fakes.py, so no sound), idle resets with a short idle
time and the attract screen, now and then the staff gesture with the PIN. Fails (exit 1) on
any exception, any Qt warning, any Python warning, or resident memory growing more than
10 MB between action 1,000 and the end. ``--json`` prints the figures as one JSON object
(``python -m bench`` reads it); otherwise a short table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIMIT_MB = 10.0
PIN = "2468"
IGNORED_QT = ("This plugin does not support propagateSizeHints",)


def rss_mib() -> float:
    """Resident memory of this process in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def offscreen() -> None:
    """A 1920x1080 offscreen screen, set before Qt is imported."""
    screen = Path(tempfile.mkdtemp(prefix="kiosk-soak-")) / "screen.json"
    screen.write_text(
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
                ]
            }
        )
    )
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="kiosk-soak-xdg-"))


class Soak:
    """The kiosk window and the random patient."""

    def __init__(self, seed: int) -> None:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from tests.speech_fakes import FakeEngine, FakePlayer
        from viewer import config, paths
        from viewer.config import KioskSettings
        from viewer.core.pin import hash_pin
        from viewer.services import speech
        from viewer.ui.theme import load_fonts
        from viewer.ui.window import MainWindow

        self.QTest = QTest
        self.rng = random.Random(seed)
        self.problems: list[str] = []
        self.players: list[FakePlayer] = []
        speech.make_engine = lambda settings, parent=None: FakeEngine(parent=parent)
        speech.make_audio_player = lambda command: (
            self.players.append(FakePlayer()) or self.players[-1]
        )

        def qt_message(kind, context, message) -> None:
            if kind != QtMsgType.QtDebugMsg and not message.startswith(IGNORED_QT):
                self.problems.append(f"Qt {kind.name}: {message}")

        qInstallMessageHandler(qt_message)

        def exception(kind, value, tb) -> None:
            self.problems.append(f"exception {kind.__name__}: {value}")
            traceback.print_exception(kind, value, tb)

        sys.excepthook = exception
        warnings.simplefilter("error")
        self.app = QApplication.instance() or QApplication([])
        cfg = config.Config().replace(kiosk=KioskSettings(staff_pin_hash=hash_pin(PIN)))
        self.window = MainWindow(cfg, paths.bundled_content_dir(), load_fonts())
        self.window.show_kiosk(windowed=False)
        self.kiosk = self.window.kiosk
        self.kiosk.idle.set_timing(3_600_000, 1000)  # idle only when an action asks for it
        self.kiosk.idle.start()
        self.clock = [1000.0]
        self.kiosk.gesture.clock = lambda: self.clock[0]
        self.counts: dict[str, int] = {}
        self.settle()

    # -- helpers -------------------------------------------------------------------------
    def settle(self) -> None:
        """Let queued events, timers and deferred deletes run."""
        self.QTest.qWait(1)

    def click(self, widget, pos=None) -> None:
        from PySide6.QtCore import Qt

        if widget.isVisible() and widget.isEnabled():
            self.QTest.mouseClick(
                widget,
                Qt.MouseButton.LeftButton,
                pos=pos if pos is not None else widget.rect().center(),
            )

    def on(self, page) -> bool:
        return self.window.stack.currentWidget() is page

    # -- patient actions -----------------------------------------------------------------
    def tap_tile(self) -> None:
        if self.on(self.kiosk.attract):
            self.click(self.kiosk.attract)
        elif self.on(self.window.home_page) and self.window.home_page.tiles:
            self.click(self.rng.choice(self.window.home_page.tiles))

    def tap_control(self) -> None:
        page = self.window.article_page
        if not self.on(page):
            home = self.window.home_page
            self.click(self.rng.choice([home.next_page, home.previous_page]))
            return
        buttons = [
            page.next_button,
            page.previous_button,
            page.bigger_button,
            page.smaller_button,
            page.theme_button,
            page.home_button,
        ]
        self.click(self.rng.choice(buttons))

    def tap_rail(self) -> None:
        rail = self.window.article_page.rail
        if self.on(self.window.article_page) and rail.count():
            item = rail.item(self.rng.randrange(rail.count()))
            rail.scrollToItem(item)
            self.click(rail.viewport(), rail.visualItemRect(item).center())

    def swipe(self) -> None:
        from PySide6.QtCore import QPoint

        if not self.on(self.window.article_page):
            return
        view = self.window.article_page.text.viewport()
        start = view.mapTo(self.window, view.rect().center())
        dx = self.rng.choice([-400, 400])
        device = getattr(self, "_device", None) or self.QTest.createTouchDevice()
        self._device = device
        handle = self.window.windowHandle()
        self.QTest.touchEvent(handle, device).press(0, start).commit()
        for n in range(1, 4):
            self.QTest.touchEvent(handle, device).move(0, start + QPoint(dx * n // 3, 0)).commit()
        self.QTest.touchEvent(handle, device).release(0, start + QPoint(dx, 0)).commit()

    def font_step(self) -> None:
        if self.on(self.window.article_page):
            if self.rng.random() < 0.5:
                self.window.commands.font_bigger.trigger()
            else:
                self.window.commands.font_smaller.trigger()

    def glossary_word(self) -> None:
        from PySide6.QtCore import QUrl

        if self.window.popup.isVisible():
            self.click(self.window.popup)
        elif self.on(self.window.article_page) and self.window.reader.glossary.terms:
            term = self.rng.choice(list(self.window.reader.glossary.terms.values()))
            self.window.article_page.text.anchorClicked.emit(QUrl(f"term:{term.word}"))

    def read_aloud(self) -> None:
        actions = self.window.commands
        if not self.on(self.window.article_page):
            return
        choice = self.rng.random()
        playing = [p for p in self.players if p.current is not None]
        if playing and choice < 0.6:
            playing[0].finish()  # a sentence ends; the next one starts
        elif choice < 0.8 and actions.read_aloud.isVisible():
            actions.read_aloud.trigger()
        elif actions.speech_stop.isEnabled():
            actions.speech_stop.trigger()

    def idle_reset(self) -> None:
        idle = self.kiosk.idle
        idle.set_timing(20, 30)
        idle.start()
        end = time.monotonic() + 2
        while not self.on(self.kiosk.attract) and time.monotonic() < end:
            self.QTest.qWait(5)
        if not self.on(self.kiosk.attract):
            self.problems.append("the idle reset did not show the attract screen")
        idle.set_timing(3_600_000, 1000)
        self.click(self.kiosk.attract)

    def staff_visit(self) -> None:
        from PySide6.QtCore import QPoint, Qt

        if self.on(self.kiosk.attract):
            self.click(self.kiosk.attract)
        corner = QPoint(self.window.width() - 20, 20)
        for n in range(5):
            self.QTest.mousePress(self.window, Qt.MouseButton.LeftButton, pos=corner)
            self.clock[0] += 1.2 if n == 4 else 0.1
            self.QTest.mouseRelease(self.window, Qt.MouseButton.LeftButton, pos=corner)
            self.clock[0] += 0.3
        pad = self.kiosk.pin_pad
        for digit in PIN:
            self.click(pad.digits[digit])
        self.click(pad.ok_button)
        if not self.kiosk.staff_active:
            self.problems.append("the staff gesture and PIN did not open staff mode")
        self.click(self.kiosk.menu.buttons["done"])

    ACTIONS = (
        ("tap_tile", 20),
        ("tap_control", 30),
        ("tap_rail", 8),
        ("swipe", 12),
        ("font_step", 10),
        ("glossary_word", 8),
        ("read_aloud", 10),
        ("idle_reset", 1.5),
        ("staff_visit", 0.2),
    )

    def step(self) -> None:
        names = [n for n, _ in self.ACTIONS]
        weights = [w for _, w in self.ACTIONS]
        name = self.rng.choices(names, weights)[0]
        self.counts[name] = self.counts.get(name, 0) + 1
        getattr(self, name)()
        self.settle()


def run(actions: int, seed: int) -> dict:
    """Drive the kiosk; return the figures."""
    offscreen()
    soak = Soak(seed)
    marks: dict[int, float] = {0: rss_mib()}
    checkpoints = sorted({min(1000, actions), actions, *range(5000, actions, 5000)})
    t0 = time.monotonic()
    for n in range(1, actions + 1):
        soak.step()
        if n in checkpoints:
            import gc

            gc.collect()
            soak.settle()
            marks[n] = rss_mib()
            sys.stderr.write(
                f"[soak] {n} actions, {time.monotonic() - t0:.0f} s, RSS {marks[n]:.1f} MiB\n"
            )
        if len(soak.problems) > 20:
            break
    first = marks.get(min(1000, actions), marks[0])
    growth = marks[max(marks)] - first
    table = [
        "| After actions | Resident memory |",
        "| --- | --- |",
        *(f"| {n:,} | {mib:.1f} MiB |" for n, mib in sorted(marks.items())),
    ]
    return {
        "actions": actions,
        "seed": seed,
        "seconds": round(time.monotonic() - t0, 1),
        "rss_mib": {str(n): round(v, 2) for n, v in marks.items()},
        "growth_mib": round(growth, 2),
        "limit_mb": LIMIT_MB,
        "counts": soak.counts,
        "problems": soak.problems[:20],
        "table": table,
        "ok": not soak.problems and growth * 1.048576 <= LIMIT_MB,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser(prog="python bench/soak.py", description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.actions, args.seed)
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        lines = [
            f"Soak: {result['actions']:,} random actions (seed {result['seed']}) in "
            f"{result['seconds']:.0f} s",
            *result["table"],
            f"Growth after the first 1,000 actions: {result['growth_mib']:.2f} MiB "
            f"(limit {LIMIT_MB:g} MB)",
            "Actions: " + ", ".join(f"{k} {v}" for k, v in sorted(result["counts"].items())),
            "Problems: " + ("; ".join(result["problems"]) or "none"),
        ]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
