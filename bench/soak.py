"""Soak: the real kiosk, offscreen, driven by many random patient actions.

Usage: python bench/soak.py [--actions 20000] [--seed 1] [--speech fake|real] [--only KINDS]
                            [--json]

Taps on tiles and controls, swipes, text sizes, the theme, glossary words, read aloud, idle
resets with a short idle time and the attract screen, now and then the staff gesture with
the PIN. Read aloud uses, with ``--speech real`` (the default), the real engine (pyttsx3 and
espeak-ng in the kiosk's speech process) and the real player, ``aplay``, into ALSA's ``null``
device (this machine has no sound card; ``null`` takes the audio as fast as it comes, so
sentences follow each other quickly); with ``--speech fake``, the fake engine and player of
tests/speech_fakes.py. Resident memory of the kiosk's process is read every 1,000 actions,
always in the same state: after an idle reset and a touch on the attract screen (the next
visitor's home screen, standard size and theme) and a garbage collection. Read wherever the
random patient happened to be, it varied by up to 5 MiB with the pictures and text on screen at
that moment, which hid any trend smaller than that. Fails (exit 1) on any exception, any Qt
warning, any Python warning, or resident memory growing more than 10 MB between action 1,000
and the end.
``--only swipe,font_step`` drives only those kinds of action (names as in ``Soak.ACTIONS``,
comma-separated, their usual weights), plus a tile tap now and then when ``tap_tile`` is not
among them so the patient gets back into an article: to see which kind of action grows memory.
``--json`` prints the figures as one JSON object (``python -m bench`` reads it); otherwise a
short table.
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
REAL_PLAYER = "aplay -q -D null {file}"
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
    from bench.procs import offscreen_platform

    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1080)
    os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="kiosk-soak-xdg-"))


class Soak:
    """The kiosk window and the random patient."""

    def __init__(self, seed: int, real_speech: bool, only: tuple[str, ...] = ()) -> None:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from tests.speech_fakes import FakeEngine, FakePlayer
        from viewer import config, native_memory, paths
        from viewer.config import KioskSettings
        from viewer.core.pin import hash_pin
        from viewer.services import speech
        from viewer.ui.theme import load_fonts
        from viewer.ui.window import MainWindow

        self.QTest = QTest
        self.rng = random.Random(seed)
        self.problems: list[str] = []
        self.players: list[FakePlayer] = []
        self.real_speech = real_speech
        self.actions: list[tuple[str, float]] = list(self.ACTIONS)
        if only:
            self.actions = [(n, w) for n, w in self.ACTIONS if n in only]
            if "tap_tile" not in only:
                self.actions.append(("tap_tile", 1))
        if not real_speech:
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
        native_memory.keep_large_blocks_mapped()  # as viewer/app.py does before Qt starts
        self.app = QApplication.instance() or QApplication([])
        cfg = config.Config().replace(
            kiosk=KioskSettings(staff_pin_hash=hash_pin(PIN)),
            speech=config.SpeechSettings(player=REAL_PLAYER),
        )
        self.window = MainWindow(cfg, paths.bundled_content_dir(), load_fonts())
        self.window.show_kiosk(windowed=False)
        self.kiosk = self.window.kiosk
        self.kiosk.idle.set_timing(3_600_000, 1000)  # idle only when an action asks for it
        self.kiosk.idle.start()
        self.clock = [1000.0]
        self.kiosk.gesture.clock = lambda: self.clock[0]
        self.counts: dict[str, int] = {}
        self.sentences = 0  # sentences whose audio started (real or fake player)
        self.ready_taps = 0  # Read aloud taps while the engine was ready and idle
        speaker = self.window.read_aloud.speech
        if speaker is not None:
            speaker.sentence.connect(self._sentence)
        self.settle()

    def _sentence(self, _index: int) -> None:
        self.sentences += 1

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
        if self.real_speech and choice < 0.6:
            if actions.speech_next.isEnabled():
                actions.speech_next.trigger()  # the real player ends sentences by itself
        elif playing and choice < 0.6:
            playing[0].finish()  # a sentence ends; the next one starts
        elif choice < 0.8 and actions.read_aloud.isVisible():
            speaker = self.window.read_aloud.speech
            if speaker is not None and speaker.state == "idle":
                self.ready_taps += 1  # the engine is ready: this tap should be heard
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
        names = [n for n, _ in self.actions]
        weights = [w for _, w in self.actions]
        name = self.rng.choices(names, weights)[0]
        self.counts[name] = self.counts.get(name, 0) + 1
        getattr(self, name)()
        self.settle()


def slope(marks: dict[int, float]) -> float:
    """Least-squares growth of ``marks`` (actions -> MiB) in MiB per 1,000 actions."""
    if len(marks) < 2:
        return 0.0
    xs, ys = list(marks), list(marks.values())
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx * 1000


def run(actions: int, seed: int, real_speech: bool = True, only: tuple[str, ...] = ()) -> dict:
    """Drive the kiosk (only the kinds of action in ``only``, if given); return the figures."""
    offscreen()
    soak = Soak(seed, real_speech, only)
    marks: dict[int, float] = {0: rss_mib()}
    checkpoints = {min(1000, actions), actions, *range(1000, actions, 1000)}
    t0 = time.monotonic()
    done = 0
    for n in range(1, actions + 1):
        soak.step()
        done = n
        if n in checkpoints:
            import gc

            soak.idle_reset()  # read in one state: the next visitor's home screen
            gc.collect()
            soak.settle()
            marks[n] = rss_mib()
            if n % 5000 == 0 or n == actions:
                sys.stderr.write(
                    f"[soak] {n} actions, {time.monotonic() - t0:.0f} s, RSS {marks[n]:.1f} MiB\n"
                )
        if len(soak.problems) > 20:
            soak.problems.append(f"stopped after {n:,} of {actions:,} actions: too many problems")
            break
    if soak.ready_taps >= 20 and not soak.sentences:
        soak.problems.append(
            f"read aloud played no sentence ({soak.ready_taps} taps with the engine ready)"
        )
    first = marks.get(min(1000, actions), marks[0])
    growth = marks[max(marks)] - first
    second_half = {n: v for n, v in marks.items() if n >= done / 2}
    shown = {0, min(1000, actions), done, *range(5000, done, 5000)}
    table = [
        "| After actions | Resident memory |",
        "| --- | --- |",
        *(f"| {n:,} | {mib:.1f} MiB |" for n, mib in sorted(marks.items()) if n in shown),
    ]
    return {
        "actions": actions,
        "done": done,
        "seed": seed,
        "speech": "real" if real_speech else "fake",
        "player": REAL_PLAYER if real_speech else "tests/speech_fakes.py FakePlayer",
        "seconds": round(time.monotonic() - t0, 1),
        "rss_mib": {str(n): round(v, 2) for n, v in marks.items()},
        "growth_mib": round(growth, 2),
        "second_half_growth_mib": round(marks[done] - min(second_half.values(), default=0), 2)
        if second_half
        else None,
        "slope_mib_per_1000": round(slope({n: v for n, v in marks.items() if n >= 1000}), 3),
        "second_half_slope_mib_per_1000": round(slope(second_half), 3),
        "limit_mb": LIMIT_MB,
        "counts": soak.counts,
        "sentences_played": soak.sentences,
        "read_taps_engine_ready": soak.ready_taps,
        "problems": soak.problems[:21],
        "table": table,
        "ok": not soak.problems and done == actions and growth * 1.048576 <= LIMIT_MB,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser(prog="python bench/soak.py", description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--speech", choices=("real", "fake"), default="real", help="real (default) or fake"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated kinds of action (e.g. swipe,font_step)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    only = tuple(k for k in args.only.split(",") if k)
    unknown = sorted(set(only) - {n for n, _ in Soak.ACTIONS})
    if unknown:
        parser.error(f"unknown kind of action: {', '.join(unknown)}")
    result = run(args.actions, args.seed, args.speech == "real", only)
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        lines = [
            f"Soak: {result['done']:,} random actions (seed {result['seed']}, "
            f"{result['speech']} speech) in {result['seconds']:.0f} s",
            *result["table"],
            f"Growth after the first 1,000 actions: {result['growth_mib']:.2f} MiB "
            f"(limit {LIMIT_MB:g} MB)",
            f"Sentences played: {result['sentences_played']:,}",
            "Actions: " + ", ".join(f"{k} {v}" for k, v in sorted(result["counts"].items())),
            "Problems: " + ("; ".join(result["problems"]) or "none"),
        ]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
