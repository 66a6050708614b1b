"""What the kiosk's memory is made of: PSS by mapping, from source and built, side by side.

Usage: python -m bench.memmap [--watcher] [--settle S] [--top N] [--json FILE]

Starts each program the way the benchmark reads its memory (bench/startup.py): Xvfb
1920x1080, the article open (``KIOSK_BENCH_OPEN``), Read aloud tapped after the first paint
(``KIOSK_BENCH_READ=1``, so the speech process runs), ``--settle`` seconds after the first
paint. Then it reads /proc/PID/smaps of every process of the program and groups PSS by what
is mapped (each library, the Python archive, fonts, [heap], anonymous memory ...), prints
each process's biggest groups and the window processes' difference, built minus source.

Before the first start, the page cache of Qt's libraries (this environment's and the
build's) and of Python's is dropped (:func:`bench.procs.drop_file_cache`), so that both
programs map what a kiosk after boot would.

``--watcher`` runs the benchmark's screen watcher (a PySide6 process of this virtual
environment) alongside, as ``python -m bench`` does: PSS divides a page among all processes
that map it, so Qt and libpython pages the watcher also maps count half for the kiosk from
source (the built kiosk maps its own copies, which nothing else maps).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench import procs
from bench.startup import Watcher, base_env, paint_lines

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "dist" / "kiosk" / "kiosk"
ARTICLE = "vertebroplasty"


def roots() -> dict[str, str]:
    """Path prefixes shown as a label (longest first, so the bundle wins over ROOT)."""
    out = {
        str(FROZEN.parent) + "/": "bundle",
        str(ROOT / ".venv") + "/": "venv",
        str(Path(sys.base_prefix).resolve()) + "/": "python",
        "/usr/lib/": "system",
        "/lib/": "system",
        "/usr/share/fonts/": "font",
        "/var/cache/fontconfig/": "fontconfig cache",
        "/usr/lib/locale/": "locale",
    }
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


def label(pid: int) -> str:
    """A short name for a process of the program."""
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    words = [a.decode(errors="replace") for a in args if a]
    if any(w.startswith("--speech") or w.endswith("speech_child") for w in words):
        return "speech"
    if words and Path(words[0]).name in ("aplay", "sh"):
        return Path(words[0]).name
    return "window"


def measure(argv: list[str], display: str, scratch: Path, settle: float, watcher) -> dict:
    """Start ``argv`` with the article open and speech started; PSS groups per process."""
    import subprocess

    marker = scratch / "first-paint.txt"
    marker.unlink(missing_ok=True)
    env = base_env(display, scratch) | {
        "KIOSK_BENCH_OPEN": ARTICLE,
        "KIOSK_BENCH_READ": "1",
        "KIOSK_BENCH_FIRST_PAINT": str(marker),
    }
    if watcher is not None:
        watcher.arm()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
    )
    try:
        if watcher is not None:
            watcher.seen()
        end = time.monotonic() + 60
        while not paint_lines(marker):
            if time.monotonic() > end or proc.poll() is not None:
                raise RuntimeError(f"{argv[0]}: no first paint")
            time.sleep(0.01)
        time.sleep(settle)
        out = {}
        for pid in procs.tree(proc.pid):
            name = label(pid)
            while name in out:
                name += "+"
            out[name] = procs.pss_groups(pid, roots())
        return out
    finally:
        procs.end_tree(proc.pid)
        proc.wait()


def short(group: str) -> str:
    """A group's name without where it lives, to match source and built copies."""
    return group.split(" (")[0] if " (" in group else group


def table(groups: dict[str, float], top: int) -> list[str]:
    """Rows of the biggest groups, then the rest and the total."""
    items = sorted(groups.items(), key=lambda kv: -kv[1])
    rows = [f"  {mib:7.2f}  {name}" for name, mib in items[:top]]
    rest = sum(mib for _, mib in items[top:])
    rows.append(f"  {rest:7.2f}  ({len(items) - top} more)")
    rows.append(f"  {sum(groups.values()):7.2f}  total")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Measure the kiosk from source and built; print the groups and their difference."""
    parser = argparse.ArgumentParser(prog="python -m bench.memmap")
    parser.add_argument("--watcher", action="store_true", help="run the screen watcher too")
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", type=Path, help="also write every group to this file")
    parser.add_argument("--only", choices=("source", "frozen"))
    args = parser.parse_args(argv)
    programs = {"source": [sys.executable, str(ROOT / "main.py")], "frozen": [str(FROZEN)]}
    if args.only:
        programs = {args.only: programs[args.only]}
    results: dict[str, dict] = {}
    procs.drop_file_cache([*procs.qt_folders(), FROZEN.parent, Path(sys.base_prefix) / "lib"])
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-memmap-") as tmp,
        procs.virtual_screen() as display,
    ):
        watcher = Watcher(display) if args.watcher else None
        try:
            for name, command in programs.items():
                measure(command, display, Path(tmp), 0.5, watcher)  # warm-up: caches
                results[name] = measure(command, display, Path(tmp), args.settle, watcher)
        finally:
            if watcher is not None:
                watcher.close()
    out = sys.stdout
    for name, by_proc in results.items():
        total = sum(sum(g.values()) for g in by_proc.values())
        out.write(f"\n== {name}: {total:.1f} MiB PSS in {len(by_proc)} processes\n")
        for proc_name, groups in by_proc.items():
            out.write(f"-- {proc_name}\n" + "\n".join(table(groups, args.top)) + "\n")
    if "source" in results and "frozen" in results:
        for proc_name in ("window", "speech"):
            src = results["source"].get(proc_name, {})
            frz = results["frozen"].get(proc_name, {})
            diff: dict[str, float] = {}
            for groups, sign in ((frz, 1), (src, -1)):
                for group, mib in groups.items():
                    diff[short(group)] = diff.get(short(group), 0.0) + sign * mib
            items = sorted(diff.items(), key=lambda kv: -abs(kv[1]))
            out.write(f"\n== {proc_name}: built minus source\n")
            for group, mib in items[: args.top]:
                out.write(f"  {mib:+7.2f}  {group}\n")
            out.write(f"  {sum(diff.values()):+7.2f}  total\n")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
