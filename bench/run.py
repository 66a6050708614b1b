"""The benchmark: one command that measures the kiosk beside a bare Qt floor and Chromium.

Usage: python -m bench [--quick] [--out DIR] [--rounds N] [--no-chromium]

Writes DIR/performance.md (the figures, with date, machine and versions), DIR/performance.png
(the side-by-side plot) and DIR/performance.json (every raw timing). DIR is docs/ by default.
``--quick`` (what CI runs) takes a few rounds, skips Chromium and shortens the soak.
The full run soaks 20,000 actions with the real speech engine and player (see bench/soak.py).
Chromium is looked up on PATH as ``chromium``, ``chromium-browser`` or ``google-chrome``
(Debian: ``apt-get install chromium``); without it the Chromium targets say "not measured".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import library, procs, report, startup
from bench.startup import Contender
from bench.stats import ratios, spread

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "content" / "vertebroplasty.md"
FROZEN = ROOT / "dist" / "kiosk" / "kiosk"
SCALE_SIZES = (1, 100, 1000)
FULL_RUN_SOAK = 20_000
QUICK_SOAK = 1100


class Bench:
    """One run: its options, scratch folder, progress messages and results."""

    def __init__(self, args: argparse.Namespace, scratch: Path) -> None:
        self.args = args
        self.quick = args.quick
        self.scratch = scratch
        self.t0 = time.monotonic()
        self.results: dict = {"notes": []}
        self.loads: list[float] = []
        self._sampling = threading.Event()

    def sample_load(self) -> None:
        """Note the 1-minute load average every 5 s until the run ends (in a thread)."""
        while not self._sampling.wait(5):
            self.loads.append(os.getloadavg()[0])

    def say(self, message: str) -> None:
        """Progress on stderr."""
        sys.stderr.write(f"[bench {time.monotonic() - self.t0:6.1f} s] {message}\n")
        sys.stderr.flush()

    def note(self, message: str) -> None:
        """A remark for the report (a skipped part, a reduced count)."""
        self.say(message)
        self.results["notes"].append(message)

    def plain_env(self) -> dict[str, str]:
        """Environment for helpers that choose their own Qt platform."""
        env = startup.base_env("", self.scratch)
        del env["DISPLAY"], env["QT_QPA_PLATFORM"]
        return env

    def python(self, *argv: str, timeout: float = 300) -> str:
        """Run a Python helper from the repository; return its stdout."""
        done = subprocess.run(
            [sys.executable, *argv],
            cwd=ROOT,
            env=self.plain_env(),
            text=True,
            capture_output=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-800:]}"
            )
        return done.stdout

    # -- phases --------------------------------------------------------------------------
    def startup_phase(self, display: str) -> None:
        """Start-up and memory: kiosk (source, frozen), floor, Chromium, alternated."""
        py = sys.executable
        opened = {"KIOSK_BENCH_OPEN": ARTICLE.stem}
        with_speech = {"KIOSK_BENCH_READ": "1"}
        cs = [
            Contender("kiosk home", [py, "main.py"]),
            Contender("kiosk article", [py, "main.py"], opened, memory_env=with_speech),
            Contender("floor", [py, "bench/floor.py", str(ARTICLE)]),
        ]
        if FROZEN.exists():
            built = dt.datetime.fromtimestamp(FROZEN.stat().st_mtime).astimezone()
            self.results["frozen_built"] = built.isoformat(timespec="seconds")
            cs += [
                Contender("frozen home", [str(FROZEN)]),
                Contender("frozen article", [str(FROZEN)], opened, memory_env=with_speech),
            ]
        else:
            self.note(
                f"One-folder executable not built ({FROZEN.relative_to(ROOT)} missing; "
                "pyinstaller kiosk.spec builds it): frozen start-up skipped."
            )
        chromium = None if self.args.no_chromium else chromium_binary()
        self.results["chromium_status"] = (
            "Chromium was left out (--quick or --no-chromium)"
            if self.args.no_chromium
            else "Chromium is not installed (Debian package chromium)"
            if chromium is None
            else "measured"
        )
        if chromium:
            page = startup.export_html(ARTICLE, self.scratch / "article.html")
            cs.append(
                Contender(
                    "chromium",
                    startup.chromium_argv(
                        chromium, self.scratch / "chromium-profile", page.as_uri()
                    ),
                    hook=False,
                )
            )
            self.results["chromium_version"] = chromium_version(chromium)
        elif not self.args.no_chromium:
            self.note(
                "Chromium is not installed (Debian package chromium): Chromium kiosk "
                "start-up, memory and print-to-pdf skipped."
            )
        rounds = self.args.rounds or (2 if self.quick else 12)
        # Qt's libraries mapped as a kiosk after boot maps them, not as wholly cached by the
        # tests or the build (PSS; see procs.drop_file_cache); the warm-up starts read back
        # what the programs need.
        procs.drop_file_cache([*procs.qt_folders(), FROZEN.parent, Path(sys.base_prefix) / "lib"])
        self.say(f"start-up: {len(cs)} programs x {rounds} alternated rounds")
        self.results["startup"] = startup.run_rounds(
            cs,
            display,
            rounds,
            self.scratch,
            memory_rounds=1 if self.quick else 2,
            settle=1.0 if self.quick else 2.0,
            progress=self.say,
        )
        for name, rows in self.results["startup"].items():
            sharers = sorted({s for r in rows for s in r.get("qt_sharers", [])})
            if sharers:
                self.note(
                    f"While the memory of '{name}' was read, {len(sharers)} other process(es) "
                    f"mapped the same Qt library ({'; '.join(sharers[:3])}): PSS counted part "
                    "of Qt's pages to them, so its PSS figures are lower than the program "
                    "alone would show."
                )

    def anatomy_phase(self) -> None:
        """What the kiosk and the floor had done by their first paint (bench/anatomy.py)."""
        self.say("start-up anatomy: modules imported and Qt enums made, one start each")
        out = self.python("-m", "bench.anatomy", "--scratch", str(self.scratch / "anatomy"))
        self.results["anatomy"] = json.loads(out)

    def scale_phase(self, display: str) -> None:
        """Start-up to the home screen with 1, 100 and 1,000 generated articles."""
        cs = []
        for n in SCALE_SIZES:
            folder = library.generate(self.scratch / f"library-{n}", n)
            cs.append(
                Contender(f"{n} articles", [sys.executable, "main.py", "--content", str(folder)])
            )
        rounds = 1 if self.quick else 8
        self.say(f"library scale: {len(cs)} sizes x {rounds} alternated rounds")
        self.results["scale"] = startup.run_rounds(
            cs, display, rounds, self.scratch, memory_rounds=0, progress=self.say
        )

    def latency_phase(self) -> None:
        """Next-section and font-step latency in process."""
        samples = 10 if self.quick else 60
        self.say(f"latency: {samples} samples per case")
        figures = json.loads(self.python("-m", "bench.latency", str(samples)))
        self.results["latency"] = figures["frame"]
        self.results["latency_full"] = figures["full"]

    def handout_phase(self) -> None:
        """Handout PDF: in a running kiosk, and as new processes against Chromium's."""
        if not (ROOT / "bench" / "handout.py").exists():
            self.note("bench/handout.py is missing: handout PDF skipped.")
            return
        rounds = 3 if self.quick else 10
        self.say(
            f"handout PDF: in process ({rounds} rounds), then kiosk --export-pdf and "
            "Chromium --print-to-pdf alternated"
        )
        figures = json.loads(
            self.python(
                "-c",
                "import json, sys; from bench.handout import "
                f"in_process; sys.stdout.write(json.dumps(in_process("
                f"{rounds})))",
            )
        )
        chromium = None if self.args.no_chromium else chromium_binary()
        page = startup.export_html(ARTICLE, self.scratch / "article.html")
        kiosk_argv = [sys.executable, "-m", "viewer", "--export-pdf", "{out}"]
        kiosk_argv += ["--article", ARTICLE.stem]
        chromium_argv = [
            chromium or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={self.scratch / 'pdf-profile'}",
            "--print-to-pdf={out}",
            page.as_uri(),
        ]
        contenders = [("kiosk", kiosk_argv)] + ([("chromium", chromium_argv)] if chromium else [])
        times: dict[str, list[float]] = {name: [] for name, _ in contenders}
        for n in range(-1, max(2, rounds // 2)):  # round -1: one unrecorded warm-up each
            for name, argv in contenders:  # alternated: kiosk, Chromium, kiosk, Chromium ...
                out = self.scratch / f"{name}-{n}.pdf"
                seconds = self.timed([a.replace("{out}", str(out)) for a in argv], out)
                if n >= 0:
                    times[name].append(seconds)
        kiosk_cmd, chromium_cmd = times["kiosk"], times.get("chromium", [])
        normal = figures["normal"]
        res = {
            "in_process": figures,
            "kiosk_command": kiosk_cmd,
            "chromium": chromium_cmd,
            "kiosk_s": {
                "median": normal["median_s"],
                "min": normal["median_s"],
                "max": normal["max_s"],
            },
        }
        table = [
            "| Handout PDF (vertebroplasty) | pages | first | median | max |",
            "| --- | --- | --- | --- | --- |",
        ]
        for kind, f in figures.items():
            table.append(
                f"| kiosk, in process, {kind} print | {f['pages']} | "
                f"{f['first_s'] * 1000:.0f} ms | **{f['median_s'] * 1000:.0f} ms** | "
                f"{f['max_s'] * 1000:.0f} ms |"
            )
        for label, values in (
            ("kiosk --export-pdf, new process", kiosk_cmd),
            ("Chromium --headless --print-to-pdf, new process", chromium_cmd),
        ):
            if values:
                s = spread(values)
                table.append(
                    f"| {label} | | | **{s['median'] * 1000:.0f} ms** "
                    f"(min {s['min'] * 1000:.0f}) | {s['max'] * 1000:.0f} ms |"
                )
        if chromium_cmd:
            by_round = spread(ratios(chromium_cmd, kiosk_cmd))
            res["command_ratio"] = by_round
            res["warm_ratio"] = {"median": statistics.median(chromium_cmd) / normal["median_s"]}
            table += [
                "",
                "Process against process (the target's figure), alternated, Chromium / "
                f"`kiosk --export-pdf` per round: {by_round['min']:.2f} / "
                f"**{by_round['median']:.2f}** / {by_round['max']:.2f}. For comparison only "
                "(not used for the target): Chromium as a new process took "
                f"{res['warm_ratio']['median']:.1f}x as long as the Print path inside a "
                "running kiosk.",
            ]
        else:
            table += ["", f"{self.results['chromium_status']}: no process-against-process ratio."]
        res["table"] = table
        self.results["handout"] = res

    def timed(self, argv: list[str], out: Path) -> float:
        """Wall seconds for a command that must write ``out``."""
        t0 = time.monotonic()
        done = subprocess.run(
            argv, cwd=ROOT, env=self.plain_env(), capture_output=True, timeout=120
        )
        seconds = time.monotonic() - t0
        if done.returncode != 0 or not out.exists() or out.stat().st_size < 1000:
            raise RuntimeError(
                f"{argv[0]} wrote no PDF ({done.returncode}): "
                f"{done.stderr.decode(errors='replace')[-500:]}"
            )
        return seconds

    def speech_phase(self) -> None:
        """Read aloud: tap to first audio and gaps (bench/speech.py)."""
        if not (ROOT / "bench" / "speech.py").exists():
            self.note("bench/speech.py is missing: read aloud skipped.")
            return
        taps, sentences, idle = (2, 3, 1) if self.quick else (8, 12, 3)
        self.say(
            f"read aloud: {taps} warm taps, {idle} after idle resets, {sentences} sentences "
            "(real espeak-ng)"
        )
        try:
            figures = json.loads(
                self.python(
                    "-m",
                    "bench.speech",
                    "--taps",
                    str(taps),
                    "--sentences",
                    str(sentences),
                    "--idle-taps",
                    str(idle),
                )
            )
        except RuntimeError as exc:
            self.note(f"Read aloud could not be measured: {exc}")
            return
        cold_rounds = 2 if self.quick else 8
        self.say(f"read aloud: {cold_rounds} cold taps (new kiosk processes)")
        try:
            cold = json.loads(self.python("-m", "bench.speech", "--cold", str(cold_rounds)))
            figures["taps"]["cold start"] = cold["cold start"]
            figures["first tap at start-up (new kiosk process) to first audio, ms"] = cold["spread"]
            if cold["tapped_after_ms"]:
                key = "first tap at start-up: when it came after the process started, ms"
                figures[key] = spread(cold["tapped_after_ms"])
        except RuntimeError as exc:
            self.note(f"Cold taps could not be measured: {exc}")
        table = [
            "Taps: min / **median** / max of the taps that brought audio; a tap without audio "
            "within 15 s is a failure, counted as slower than all others in the median.",
            "",
            "| Read aloud | figure |",
            "| --- | --- |",
        ]
        for key, value in figures.items():
            if key == "taps":
                continue
            if isinstance(value, dict):
                text = f"{value['min']:.0f} / **{value['median']:.0f}** / {value['max']:.0f}"
                if "failures" in value:
                    n = value["n"]
                    text += f" ({n} tap{'s' * (n != 1)}, {value['failures']} without audio)"
                value = text
            elif isinstance(value, float):
                value = f"{value:.1f}"
            table.append(f"| {key} | {value} |")
        self.results["speech"] = {"figures": figures, "taps": figures["taps"], "table": table}

    def soak_phase(self) -> None:
        """Memory after many random actions (bench/soak.py)."""
        if not (ROOT / "bench" / "soak.py").exists():
            self.note("bench/soak.py is missing: soak skipped.")
            return
        actions = self.args.soak or (QUICK_SOAK if self.quick else FULL_RUN_SOAK)
        if actions < 20_000:
            self.note(
                f"Soak shortened to {actions:,} random actions; `python -m bench` without "
                "--quick or --soak runs the full 20,000."
            )
        self.say(f"soak: {actions:,} random actions, real speech")
        done = subprocess.run(
            [sys.executable, "bench/soak.py", "--actions", str(actions), "--json"],
            cwd=ROOT,
            env=self.plain_env(),
            capture_output=True,
            text=True,
            timeout=900,
        )
        try:
            res = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            self.note(f"The soak failed to report ({done.returncode}): {done.stderr[-500:]}")
            return
        if res.get("problems") or not res.get("ok"):
            self.note(
                f"The soak failed its own check (exit {done.returncode}): "
                + ("; ".join(res.get("problems", [])[:5]) or "memory grew over its limit")
            )
        self.results["soak"] = res


def chromium_binary() -> str | None:
    """The Chromium command, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def chromium_version(binary: str) -> str:
    """Chromium's version line."""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() or "unknown"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kib / 1024**2:.1f} GiB",
        "system": f"{platform.system()} {platform.release()}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def versions() -> dict[str, str]:
    """Python, PySide6, Qt and the kiosk.

    PySide6 is asked in a child process: loaded here, Qt's libraries would stay mapped in
    this process and share their pages (so their PSS) with the kiosk from source.
    """
    from viewer import __version__

    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    qt = subprocess.run(
        [
            sys.executable,
            "-c",
            "import PySide6; from PySide6 import QtCore; print(PySide6.__version__, "
            "QtCore.qVersion())",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        "commit": commit or "unknown",
        "python": platform.python_version(),
        "pyside6": qt[0],
        "qt": qt[1],
        "kiosk": __version__,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="a few rounds, no Chromium, a short soak (CI)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs",
        help="folder for performance.md, .png and .json (default: docs/)",
    )
    parser.add_argument(
        "--rounds", type=int, default=0, help="alternated start-up rounds (default 12, quick 2)"
    )
    parser.add_argument("--no-chromium", action="store_true", help="skip Chromium")
    parser.add_argument(
        "--soak",
        type=int,
        default=0,
        help=f"random actions in the soak (default {FULL_RUN_SOAK:,}, quick {QUICK_SOAK:,})",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.no_chromium = True
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every phase and write the report."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        res = bench.results
        res["date"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        res["quick"] = args.quick
        res["machine"] = machine()
        res["versions"] = versions()
        sampler = threading.Thread(target=bench.sample_load, daemon=True)
        sampler.start()
        try:
            with procs.virtual_screen() as display:
                bench.startup_phase(display)
                bench.scale_phase(display)
            bench.anatomy_phase()
            bench.latency_phase()
            bench.handout_phase()
            bench.speech_phase()
            bench.soak_phase()
        finally:
            bench._sampling.set()
        res["machine"]["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if bench.loads:
            res["machine"]["load_max"] = f"{max(bench.loads):.2f}"
            res["machine"]["load_median"] = f"{statistics.median(bench.loads):.2f}"
            res["machine"]["load_samples"] = bench.loads
        res["seconds"] = time.monotonic() - bench.t0
        res["targets"] = report.targets(res)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "performance.json").write_text(json.dumps(res, indent=1), "utf-8")
        bench.python(
            "-m",
            "bench.plot",
            str(args.out / "performance.json"),
            str(args.out / "performance.png"),
        )
        (args.out / "performance.md").write_text(report.markdown(res, "performance.png"), "utf-8")
        bench.say(f"wrote {args.out / 'performance.md'} in {res['seconds']:.0f} s")
    return 0
