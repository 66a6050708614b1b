"""Read aloud: tap to first audio, gaps between sentences, Stop to silence, CPU while speaking.

Runs the real kiosk window (offscreen) with the real engine (pyttsx3 + espeak-ng in its child
process) and the real player (``aplay``) playing into a paced sink (bench/paced_sink.py via
ALSA's ``file`` plugin) that takes audio at speaker speed and logs when each sentence's audio
started and ended there. Takes about as long as the speech it plays.

- tap to first audio: Read aloud triggered -> first bytes of audio at the sink (and, for
  comparison, -> the highlight, which comes when the player process starts), warm (the
  speech process is ready), as the first tap after an idle reset, and cold (``--cold N``):
  a new kiosk process (``main.py``, offscreen) taps Read aloud at its first paint, well
  within 0.5 s of being started, before its speech process has started. A tap that brings
  no audio within TAP_TIMEOUT seconds is a failure (``null`` in the JSON), never dropped;
- gap: end of one sentence's audio -> start of the next one's at the sink, minus the
  deliberate pause after headings and list items;
- stop: Stop triggered -> the end of the audio the sink had taken (silence);
- CPU: the window's process and the speech process, in percent of one core, while speaking.

Usage: python -m bench.speech [--taps N] [--sentences N] [--rate R] [--cold N]  (prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ARTICLE = "vertebroplasty"
TAP_TIMEOUT = 15.0
"""Seconds a tap may take to bring audio before it counts as a failure."""


def sink_command(log: Path) -> str:
    """The player command: ``aplay`` into the paced sink (bench/paced_sink.py)."""
    sink = f"{sys.executable} {HERE / 'paced_sink.py'} {log}"
    return f"aplay -q -D \"file:'|{sink}',raw\" {{file}}"


def sink_log(path: Path) -> list[dict]:
    """The paced sink's records, one per played file, in order."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(taps: int, sentences: int, rate: float, idle_taps: int = 2) -> dict:
    """Run the measurements; return the figures (milliseconds unless named otherwise)."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from bench.stats import spread
    from viewer import config, paths
    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-speech-"))
    log = work / "sink.jsonl"
    cfg = config.Config().replace(speech=config.SpeechSettings(player=sink_command(log), rate=rate))
    qInstallMessageHandler(
        lambda mode, context, message: (
            None if "propagateSizeHints" in message else sys.stderr.write(message + "\n")
        )
    )
    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive
    window = MainWindow(cfg, paths.bundled_content_dir(), load_fonts())
    window.resize(1920, 1080)
    window.show()
    ra = window.read_aloud
    speech = ra.speech
    assert speech is not None

    def wait_for(predicate, timeout: float, must: bool = True) -> bool:
        """Run the event loop (idle, not spinning) until ``predicate`` holds."""
        end = time.monotonic() + timeout
        loop = QEventLoop()
        check = QTimer()
        check.timeout.connect(
            lambda: loop.quit() if predicate() or time.monotonic() > end else None
        )
        check.start(20)
        if not predicate():
            loop.exec()
        check.stop()
        if must and not predicate():
            raise TimeoutError("the benchmark waited too long")
        return bool(predicate())

    def pause(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    t0 = time.monotonic()
    window.reader.open_article(ARTICLE)
    wait_for(lambda: speech.state == "idle", 60)
    engine_start = (time.monotonic() - t0) * 1000

    def tap(audio: list[float | None], highlight: list[float]) -> None:
        """Tap Read aloud on the section on screen; note when audio reached the sink."""
        before = len(sink_log(log))
        highlighted: list[float] = []

        def note(_index: int, h: list[float] = highlighted) -> None:
            h.append(time.monotonic())

        speech.sentence.connect(note)
        tapped = time.monotonic()
        window.commands.read_aloud.trigger()
        wait_for(
            lambda b=before: len(sink_log(log)) > b or speech.state == "broken",
            TAP_TIMEOUT,
            must=False,
        )
        heard = len(sink_log(log)) > before
        pause(0.3)  # let the sink log the first stream after Stop
        speech.sentence.disconnect(note)
        window.commands.speech_stop.trigger()
        pause(0.3)
        records = sink_log(log)[before:]
        if heard and records and records[0]["first"]:
            audio.append((records[0]["first"] - tapped) * 1000)
        else:
            audio.append(None)  # no audio: a failure, counted as one
        if highlighted:
            highlight.append((highlighted[0] - tapped) * 1000)

    # 1. Tap to first audio, from different sections (nothing made ahead).
    to_audio: list[float | None] = []
    to_highlight: list[float] = []
    for n in range(taps):
        window.reader.show_section(n % len(window.reader.article.sections))
        tap(to_audio, to_highlight)

    # 1b. The first tap after an idle reset: the kiosk's own idle timer runs out, the next
    # visitor touches the attract screen, opens the article and taps Read aloud at once.
    after_reset: list[float | None] = []
    kiosk = window.kiosk
    for _ in range(idle_taps):
        kiosk.idle.set_timing(20, 30)
        kiosk.idle.start()
        wait_for(lambda: window.stack.currentWidget() is kiosk.attract, 10)
        kiosk.idle.set_timing(3_600_000, 1000)
        kiosk.attract.touched.emit()
        window.reader.open_article(ARTICLE)
        tap(after_reset, [])

    # 2. Read from the start: gaps between sentences and CPU while speaking.
    window.reader.show_section(0)
    before = len(sink_log(log))
    heard: list[int] = []
    speech.sentence.connect(heard.append)
    worker_pid = speech.engine._process.pid  # type: ignore[attr-defined]
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    worker0 = cpu_seconds(worker_pid)
    wall0 = time.monotonic()
    ends: list[float] = []
    begins: list[float] = []

    def ended() -> None:
        ends.append(time.monotonic())

    def began() -> None:
        begins.append(time.monotonic())

    speech.player.finished.connect(ended)
    speech.player.started.connect(began)
    window.commands.read_aloud.trigger()
    wait_for(lambda: len(heard) > sentences, 600)
    wall = time.monotonic() - wall0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    worker = cpu_seconds(worker_pid) - worker0
    window.commands.speech_stop.trigger()
    pause(0.5)
    records = sink_log(log)[before : before + sentences]
    items = ra.items
    gaps = []
    for n in range(1, len(records)):
        planned = items[n - 1].pause_ms / 1000
        gaps.append((records[n]["first"] - records[n - 1]["audio_end"] - planned) * 1000)
    handover = [
        (begins[n] - ends[n - 1] - items[n - 1].pause_ms / 1000) * 1000
        for n in range(1, min(len(begins), len(ends) + 1))
    ]
    speech.player.finished.disconnect(ended)
    speech.player.started.disconnect(began)
    gui_cpu = (cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime) / wall * 100

    # 3. Stop in the middle of a long sentence: until the player process is killed and
    # reaped (a sound card's or sound server's stream ends with its process).
    stops = []
    long_one = max(range(len(items)), key=lambda i: len(items[i].text))
    player = speech.player
    for _ in range(5):
        heard.clear()
        ra.read_from(long_one)
        wait_for(lambda: speech.state == "playing" and heard, 30)
        pause(1.0)
        process = player._process  # type: ignore[attr-defined]
        assert process is not None and process.state() == process.ProcessState.Running
        t_stop = time.perf_counter()
        window.commands.speech_stop.trigger()
        gone = process.state() == process.ProcessState.NotRunning
        stops.append((time.perf_counter() - t_stop) * 1000 if gone else float("inf"))
        pause(0.3)

    synth = getattr(speech.engine, "synthesis_seconds", [])
    ra.shutdown()
    window.deleteLater()
    return {
        "window built -> speech process ready (includes the deliberate start delay), ms": round(
            engine_start
        ),
        "tap to first audio at the sink, ms": tap_spread(to_audio),
        "first tap after an idle reset to first audio, ms": tap_spread(after_reset),
        "tap to highlight (player started), ms": spread(to_highlight),
        "largest gap between sentences (beyond planned pauses), ms": max(gaps),
        "gaps between sentences, ms": spread(gaps),
        "stop to player process killed and reaped, ms": spread(stops),
        "player ended -> next player started (kiosk side), ms": spread(handover),
        "synthesis per sentence in the speech process, ms": spread([s * 1000 for s in synth])
        if synth
        else None,
        "CPU while speaking, window process, % of a core": round(gui_cpu, 1),
        "CPU while speaking, speech process, % of a core": round(worker / wall * 100, 1),
        "sentences": sentences,
        "rate": rate,
        "taps": {"warm": to_audio, "after idle reset": after_reset},
    }


def tap_spread(values: list[float | None]) -> dict[str, float] | None:
    """min / median / max of the taps with audio, and how many taps brought none.

    A failed tap counts as slower than every other in the median: it is not dropped.
    """
    from bench.stats import spread

    heard = [v for v in values if v is not None]
    if not values:
        return None
    ranked = spread([v if v is not None else float("inf") for v in values])
    return {
        "min": min(heard) if heard else float("inf"),
        "median": ranked["median"],
        "max": ranked["max"],
        "n": len(values),
        "failures": len(values) - len(heard),
    }


def cold(rounds: int) -> tuple[list[float | None], list[float]]:
    """Tap to first audio in new kiosk processes: Read aloud tapped at the first paint.

    Each round starts ``main.py`` offscreen with the article open (KIOSK_BENCH_OPEN) and
    Read aloud tapped right after the first paint (KIOSK_BENCH_READ, viewer/ui/bench_hook.py),
    before the speech process would have started by itself. The tap's time is the
    first-paint line's; the audio's is the paced sink's first bytes.
    Returns milliseconds per round (None where no audio came within TAP_TIMEOUT) and when
    each tap came, in milliseconds after the process was started.
    """
    from bench import procs
    from bench.startup import base_env, paint_lines

    out: list[float | None] = []
    offsets: list[float] = []
    work = Path(tempfile.mkdtemp(prefix="kiosk-bench-cold-"))
    log = work / "sink.jsonl"
    toml = work / "config.toml"
    toml.write_text(f"[speech]\nplayer = {json.dumps(sink_command(log))}\n", "utf-8")
    for n in range(rounds + 1):  # the first start is a warm-up (it writes the .pyc files)
        marker = work / f"paint-{n}.txt"
        env = base_env("", work) | {
            "QT_QPA_PLATFORM": procs.offscreen_platform(1920, 1080),
            "KIOSK_CONFIG": str(toml),
            "KIOSK_BENCH_FIRST_PAINT": str(marker),
            "KIOSK_BENCH_OPEN": ARTICLE,
            "KIOSK_BENCH_READ": "1",
        }
        del env["DISPLAY"]
        before = len(sink_log(log))
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "main.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(work / "kiosk.log").open("ab"),
            stdin=subprocess.DEVNULL,
        )
        try:
            end = t0 + TAP_TIMEOUT + 15
            while time.monotonic() < end and len(sink_log(log)) <= before:
                time.sleep(0.02)
        finally:
            procs.end_tree(proc.pid)
            proc.wait()
        rows = paint_lines(marker)
        records = sink_log(log)[before:]
        if n == 0:
            continue
        if rows:
            offsets.append((float(rows[-1][1]) - t0) * 1000)
        if rows and records and records[0]["first"]:
            waited = records[0]["first"] - float(rows[-1][1])
            out.append(waited * 1000 if waited <= TAP_TIMEOUT else None)
        else:
            out.append(None)
    return out, offsets


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=12)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--idle-taps", type=int, default=2, help="first taps after idle resets")
    parser.add_argument(
        "--cold", type=int, default=0, help="only this many cold taps (new kiosk processes)"
    )
    args = parser.parse_args(argv)
    if args.cold:
        taps, offsets = cold(args.cold)
        figures = {"cold start": taps, "spread": tap_spread(taps), "tapped_after_ms": offsets}
        sys.stdout.write(json.dumps(figures) + "\n")
        return 0
    figures = measure(args.taps, args.sentences, args.rate, args.idle_taps)
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
