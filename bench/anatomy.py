"""What a program has done by its first paint: Python modules imported and Qt enums made.

Usage: python -m bench.anatomy [--scratch DIR]   (prints one JSON object)

The start-up stages (viewer/bench_marks.py) say *where* the kiosk spends more CPU than the
floor; this says *on what*. The kiosk (article opened at start, as in the timed rounds) and
the floor (bench/floor.py) each run once offscreen, after an unrecorded warm-up start, under
``python -X importtime`` with two recorders installed before anything is imported:

- every module import the process starts, with the time it started, so that only modules
  imported before the first paint are counted (the kiosk builds printing, read aloud and the
  fleet's status after it);
- every Python enum type made (PySide6 6.4 and later makes a Python ``enum`` type for each Qt
  enum the first time something needs it; a Qt class's enums are made together), with the
  time its creation took.

Import self times come from ``-X importtime`` (its own overhead makes them somewhat larger
than in an untraced start; the kiosk and the floor carry the same overhead). The figures are
not timed rounds: one start each, for counts and for proportions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "content" / "vertebroplasty.md"
GROUPS = (
    ("kiosk code", ("viewer",)),
    ("PySide6", ("PySide6", "shiboken6", "shibokensupport", "__feature__")),
    ("python-markdown", ("markdown",)),
)
OTHER = "standard library and other packages"


def group_of(module: str) -> str:
    """The report's group for a module name."""
    top = module.split(".")[0]
    return next((name for name, tops in GROUPS if top in tops), OTHER)


# -- in the measured process ---------------------------------------------------------------
def _install_recorders(imports: list[tuple[str, float]], enums: list[tuple[float, int, float]]):
    import enum

    class Recorder:
        """A meta path finder that only notes the import and lets the real finders work."""

        @staticmethod
        def find_spec(name, path=None, target=None):  # noqa: ARG004 - finder protocol
            imports.append((name, time.monotonic()))

    sys.meta_path.insert(0, Recorder)
    create = enum.EnumMeta._create_  # type: ignore[attr-defined]  # CPython internal

    def recorded_create(cls, *args, **kwargs):
        start = time.perf_counter()
        made = create(cls, *args, **kwargs)
        enums.append((time.monotonic(), len(made.__members__), time.perf_counter() - start))
        return made

    enum.EnumMeta._create_ = recorded_create  # type: ignore[attr-defined]


def child(program: str, out: Path) -> None:
    """Run ``program`` (kiosk or floor) in this process until its first paint is written."""
    import runpy
    import threading

    imports: list[tuple[str, float]] = []
    enums: list[tuple[float, int, float]] = []
    _install_recorders(imports, enums)
    paint = Path(os.environ["KIOSK_BENCH_FIRST_PAINT"])

    def report() -> None:
        # The paint file is read here rather than with bench.startup.paint_lines: importing
        # the benchmark's modules into the measured process would count (or, imported before
        # the recorders, hide) standard library modules the program itself imports.
        while True:
            lines = paint.read_text().splitlines() if paint.exists() else []
            done = [line.split() for line in lines if not line.startswith("stage ")]
            if done:
                break
            time.sleep(0.002)
        painted_at, cpu = float(done[0][1]), float(done[0][2])
        before = [(members, took) for at, members, took in enums if at <= painted_at]
        modules = sorted({name for name, t in imports if t <= painted_at and name in sys.modules})
        out.write_text(
            json.dumps(
                {
                    "cpu_ms": cpu * 1000,
                    "modules": modules,
                    "enums": len(before),
                    "enum_members": sum(members for members, _ in before),
                    "enum_ms": sum(took for _, took in before) * 1000,
                }
            )
        )
        os._exit(0)

    threading.Thread(target=report, daemon=True).start()
    script = ROOT / ("main.py" if program == "kiosk" else "bench/floor.py")
    sys.argv = [str(script)] + ([] if program == "kiosk" else [str(ARTICLE)])
    sys.path.insert(0, str(ROOT))
    runpy.run_path(str(script), run_name="__main__")


# -- in the benchmark ----------------------------------------------------------------------
def import_self_times(stderr: str) -> dict[str, float]:
    """Module -> self time in ms, from ``-X importtime`` lines."""
    times: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        self_us, _, name = line[len("import time:") :].split("|")
        if self_us.strip().isdigit():
            times[name.strip()] = int(self_us) / 1000
    return times


def measure(program: str, env: dict[str, str], scratch: Path) -> dict:
    """One recorded start of ``program`` after one unrecorded warm-up start."""
    result: dict = {}
    for _ in range(2):  # the warm-up writes .pyc files and the kiosk's remembered checks
        paint = Path(tempfile.mkstemp(dir=scratch, suffix=".paint")[1])
        out = Path(tempfile.mkstemp(dir=scratch, suffix=".json")[1])
        run_env = dict(env, KIOSK_BENCH_FIRST_PAINT=str(paint), ANATOMY_OUT=str(out))
        if program == "kiosk":
            run_env["KIOSK_BENCH_OPEN"] = ARTICLE.stem
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "bench.anatomy", "--child", program],
            cwd=ROOT,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0 or not out.read_text():
            raise RuntimeError(f"anatomy of {program} failed: {done.stderr.strip()[-800:]}")
        result = json.loads(out.read_text())
        self_times = import_self_times(done.stderr)
        groups: dict[str, dict[str, float]] = {}
        modules = result.pop("modules")
        for name in modules:
            g = groups.setdefault(group_of(name), {"modules": 0, "self_ms": 0.0})
            g["modules"] += 1
            g["self_ms"] += self_times.get(name, 0.0)
        result["groups"] = groups
        result["own_modules"] = [name for name in modules if group_of(name) == "kiosk code"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=("kiosk", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--scratch", type=Path, help="folder for the runs' files")
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, Path(os.environ["ANATOMY_OUT"]))
        return 0
    from bench.procs import offscreen_platform
    from bench.startup import base_env

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="kiosk-anatomy-"))
    scratch.mkdir(parents=True, exist_ok=True)
    env = base_env("", scratch)
    del env["DISPLAY"]
    env["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1080)
    sys.stdout.write(json.dumps({p: measure(p, env, scratch) for p in ("kiosk", "floor")}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
