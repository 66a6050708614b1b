"""Start-up to first painted screen, and memory after settling, for each contender.

Every contender runs on the same virtual X screen (Xvfb, 1920x1080), started A B C A B C ...
so that drift on a noisy machine touches all of them alike. Two clocks, both CLOCK_MONOTONIC:

- ``screen``: an outside observer (:mod:`bench.screenwatch`) sees text on the X screen.
  Used for every contender, so Chromium and the kiosk are judged the same way.
- ``hook``: the program itself writes the time after its first paint has been flushed
  (viewer/ui/bench_hook.py; bench/floor.py does the same). Chromium has no such hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import procs

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Contender:
    """A program to start: its name, command and extra environment."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    hook: bool = True  # writes KIOSK_BENCH_FIRST_PAINT
    memory_env: dict[str, str] = field(default_factory=dict)  # added when memory is read


class Watcher:
    """The screen observer process on ``display``.

    It maps this virtual environment's Qt and libpython, as the kiosk from source does, and
    PSS divides a page among the processes that map it: while it runs, the kiosk from
    source would be charged only part of those pages (the built kiosk maps its own copies).
    So it is stopped while memory is read (:meth:`pause`), and started again for the next
    start (:meth:`arm`).
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.proc: subprocess.Popen[str] | None = None
        self._start()

    def _start(self) -> None:
        env = dict(os.environ, DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.screenwatch"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def arm(self) -> None:
        """Wait for a blank screen and start polling."""
        if self.proc is None:
            self._start()
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write("arm\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline().strip()
        if line != "armed":
            raise RuntimeError(f"screen watcher said {line!r}")

    def seen(self) -> float | None:
        """Monotonic time text was first seen, or None on timeout."""
        assert self.proc and self.proc.stdout
        words = self.proc.stdout.readline().split()
        return float(words[1]) if words and words[0] == "seen" else None

    def pause(self) -> None:
        """End the observer process until the next :meth:`arm`."""
        self.close()
        self.proc = None

    def close(self) -> None:
        """End the observer."""
        if self.proc is None:
            return
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


def base_env(display: str, scratch: Path) -> dict[str, str]:
    """Environment for a contender: the virtual screen and empty per-user folders.

    PYTHONDONTWRITEBYTECODE is dropped: with it every start compiles every module from
    source, which no installed kiosk does (the warm-up start writes the .pyc files).
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KIOSK_", "QT_"))
        and k not in ("PYTEST_CURRENT_TEST", "PYTHONDONTWRITEBYTECODE")
    }
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env[name] = str(scratch / name.lower())
    runtime = scratch / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(runtime))
    return env


def paint_lines(path: Path) -> list[list[str]]:
    """The hook's complete lines (stage marks, then the first paint), or [] until the
    first-paint line is there (the file may be missing or half written)."""
    try:
        text = path.read_text()
    except OSError:
        return []
    rows = [line.split() for line in text.split("\n")[:-1]]  # complete lines only
    for n, words in enumerate(rows):
        if words and words[0] != "stage":
            return rows[: n + 1]
    return []


def stages(rows: list[list[str]], t0: float) -> dict[str, dict[str, float]]:
    """Seconds (wall and CPU) per start-up stage from the hook's lines.

    A stage's time is the sum of the intervals that end at its marks (viewer/bench_marks.py);
    the first interval starts when the process was started (wall) or at zero CPU, and the
    last one, "first paint", ends at the first-paint line. So the stages add up to the
    whole start-up.
    """
    out: dict[str, dict[str, float]] = {}
    wall, cpu = t0, 0.0
    for words in rows:
        name = " ".join(words[1:-2]) if words[0] == "stage" else "first paint"
        now, used = float(words[-2]), float(words[-1])
        stage = out.setdefault(name, {"wall": 0.0, "cpu": 0.0})
        stage["wall"] += now - wall
        stage["cpu"] += used - cpu
        wall, cpu = now, used
    return out


def run_once(
    c: Contender,
    display: str,
    watcher: Watcher,
    scratch: Path,
    settle: float = 0.0,
    timeout: float = 30.0,
) -> dict:
    """Start ``c`` once; return seconds to first text on screen (and from its hook), and
    memory after ``settle`` seconds when ``settle`` > 0."""
    marker = scratch / "first-paint.txt"
    marker.unlink(missing_ok=True)
    env = base_env(display, scratch) | c.env | (c.memory_env if settle > 0 else {})
    if c.hook:
        env["KIOSK_BENCH_FIRST_PAINT"] = str(marker)
    log = (scratch / f"{c.name}.log").open("ab")
    watcher.arm()
    t0 = time.monotonic()
    proc = subprocess.Popen(
        c.argv, cwd=ROOT, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL
    )
    result: dict = {}
    try:
        seen = watcher.seen()
        if seen is None:
            raise RuntimeError(
                f"{c.name}: nothing appeared on screen within 30 s "
                f"(see {scratch / (c.name + '.log')})"
            )
        result["screen"] = seen - t0
        if c.hook:
            end = time.monotonic() + timeout
            while time.monotonic() < end and not paint_lines(marker):
                time.sleep(0.005)
            rows = paint_lines(marker)
            if not rows or len(rows[-1]) < 2:
                raise RuntimeError(f"{c.name}: the first-paint hook wrote nothing")
            words = rows[-1]
            result["hook"] = float(words[1]) - t0
            if len(words) > 2:
                result["cpu"] = float(words[2])
            if len(rows) > 1:
                result["stages"] = stages(rows, t0)
        if settle > 0:
            watcher.pause()  # it would share Qt's pages with the kiosk from source
            time.sleep(settle)
            result |= procs.memory(proc.pid)
    finally:
        procs.end_tree(proc.pid)
        proc.wait()
        log.close()
    return result


def run_rounds(
    contenders: list[Contender],
    display: str,
    rounds: int,
    scratch: Path,
    memory_rounds: int = 2,
    settle: float = 2.0,
    progress=lambda msg: None,
) -> dict[str, list[dict[str, float]]]:
    """One warm-up start of each, then ``rounds`` alternated rounds.

    Memory is read in the last ``memory_rounds`` rounds, ``settle`` seconds after the first
    paint (the start-up time is unaffected: it is taken before the wait).
    """
    watcher = Watcher(display)
    results: dict[str, list[dict[str, float]]] = {c.name: [] for c in contenders}
    try:
        for c in contenders:
            run_once(c, display, watcher, scratch)
        for r in range(rounds):
            for c in contenders:
                wait = settle if r >= rounds - memory_rounds else 0.0
                results[c.name].append(run_once(c, display, watcher, scratch, wait))
            progress(f"start-up round {r + 1}/{rounds}")
    finally:
        watcher.close()
    return results


def export_html(markdown_file: Path, out: Path) -> Path:
    """The article as one HTML page for Chromium: the same text the floor shows."""
    import markdown
    from markdown.extensions.meta import MetaExtension
    from markdown.extensions.sane_lists import SaneListExtension

    md = markdown.Markdown(extensions=[MetaExtension(), SaneListExtension()])
    body = md.convert(markdown_file.read_text("utf-8"))
    out.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Article</title>"
        "<style>body{font-size:18pt;font-family:sans-serif;background:#fff;"
        "color:#000;margin:24px}</style></head><body>" + body + "</body></html>",
        encoding="utf-8",
    )
    return out


def chromium_argv(binary: str, profile: Path, url: str) -> list[str]:
    """Chromium as a locked-down kiosk browser, on a virtual screen without a GPU."""
    return [
        binary,
        "--kiosk",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--noerrdialogs",
        "--disable-features=Translate",
        "--window-position=0,0",
        "--window-size=1920,1080",  # no window manager: --kiosk alone fills half the screen
        f"--user-data-dir={profile}",
        url,
    ]
