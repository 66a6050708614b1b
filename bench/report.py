"""docs/performance.md from the benchmark's results (see bench/run.py)."""

from __future__ import annotations

from pathlib import Path

from bench.stats import ratios, spread, tail

MIB_PER_MB = 1e6 / 2**20
ANALYSIS = Path(__file__).with_name("analysis.md")
"""Hand-written notes on why targets are missed (kept with the code; dated inside)."""


def column(rows: list[dict[str, float]], key: str) -> list[float]:
    """One measurement across rounds, skipping rounds that lack it."""
    return [r[key] for r in rows if key in r]


def ms(s: dict[str, float], scale: float = 1000) -> str:
    """min / median / max in milliseconds."""
    return f"{s['min'] * scale:.0f} / **{s['median'] * scale:.0f}** / {s['max'] * scale:.0f}"


def x(s: dict[str, float]) -> str:
    """min / median / max of ratios."""
    return f"{s['min']:.2f} / **{s['median']:.2f}** / {s['max']:.2f}"


def derived(res: dict) -> dict[str, dict[str, float]]:
    """The figures the targets and the plot use (medians of per-round values)."""
    out: dict[str, dict[str, float]] = {}
    st = res.get("startup", {})
    if "kiosk article" in st and "floor" in st:
        out["kiosk/floor"] = spread(
            ratios(column(st["kiosk article"], "hook"), column(st["floor"], "hook"))
        )
        out["kiosk/floor screen"] = spread(
            ratios(column(st["kiosk article"], "screen"), column(st["floor"], "screen"))
        )
        if column(st["floor"], "cpu") and column(st["kiosk article"], "cpu"):
            out["kiosk/floor cpu"] = spread(
                ratios(column(st["kiosk article"], "cpu"), column(st["floor"], "cpu"))
            )
    if "kiosk home" in st and "floor" in st:
        out["kiosk home/floor"] = spread(
            ratios(column(st["kiosk home"], "hook"), column(st["floor"], "hook"))
        )
    if "chromium" in st and "kiosk article" in st:
        out["chromium/kiosk"] = spread(
            ratios(column(st["chromium"], "screen"), column(st["kiosk article"], "screen"))
        )
    if "frozen article" in st and "floor" in st:
        out["frozen/floor"] = spread(
            ratios(column(st["frozen article"], "hook"), column(st["floor"], "hook"))
        )
    for name, rows in st.items():
        if column(rows, "pss_mib"):
            out[f"pss {name}"] = spread(column(rows, "pss_mib"))
    if "pss chromium" in out and "pss kiosk article" in out:
        out["pss kiosk/chromium"] = {
            "median": out["pss kiosk article"]["median"] / out["pss chromium"]["median"]
        }
    sc = res.get("scale", {})
    if "1 articles" in sc and "1000 articles" in sc:
        one = column(sc["1 articles"], "hook")
        out["1000 over 1"] = spread(
            [a - b for a, b in zip(column(sc["1000 articles"], "hook"), one, strict=True)]
        )
    lat = res.get("latency", {})
    if lat:
        out["latency p95"] = {"median": max(tail(v)["p95"] for v in lat.values())}
    return out


def _target(label: str, figure: str, met: bool | None, shortfall: str = "") -> str:
    verdict = {True: "met", False: f"**missed** ({shortfall})", None: "not measured"}[met]
    return f"| {label} | {figure} | {verdict} |"


def _shortfall(value: float, limit: float, at_most: bool) -> str:
    """How far a figure is on the wrong side of its limit, in percent of the limit."""
    over = (value - limit) / limit if at_most else (limit - value) / limit
    return f"{over * 100:.0f}% {'over' if at_most else 'short of'} {limit:g}"


def target_rows(res: dict, d: dict[str, dict[str, float]]) -> list[str]:
    """One table row per target of issue 8."""
    rows = []

    def med(key: str) -> float | None:
        return d[key]["median"] if key in d else None

    def row(label: str, value: float | None, fmt: str, limit: float, at_most: bool = True) -> None:
        if value is None:
            rows.append(_target(label, "-", None))
            return
        met = value <= limit if at_most else value >= limit
        rows.append(_target(label, fmt.format(value), met, _shortfall(value, limit, at_most)))

    row(
        "Start-up to first article <= 1.3x the floor",
        med("kiosk/floor"),
        "{:.2f}x (median per-round ratio, in-app clock)",
        1.3,
    )
    row(
        "Start-up >= 2.5x faster than Chromium kiosk",
        med("chromium/kiosk"),
        "Chromium takes {:.2f}x as long (median per-round ratio, on screen)",
        2.5,
        False,
    )
    row("PSS <= 100 MiB with the speech worker", med("pss kiosk article"), "{:.1f} MiB", 100)
    row("PSS <= 1/4 of Chromium's", med("pss kiosk/chromium"), "{:.2f} of Chromium's", 0.25)
    row("Next section and font step p95 <= 16 ms", med("latency p95"), "worst p95 {:.1f} ms", 16)
    sp = res.get("speech", {})
    row(
        "Tap to first audio <= 300 ms",
        sp.get("first_audio_ms", {}).get("median"),
        "{:.0f} ms (median)",
        300,
    )
    ho = res.get("handout", {})
    row("Handout PDF <= 0.3 s", ho.get("kiosk_s", {}).get("median"), "{:.3f} s (median)", 0.3)
    row(
        "Handout PDF >= 3x faster than Chromium",
        ho.get("ratio", {}).get("median"),
        "Chromium takes {:.1f}x as long",
        3,
        False,
    )
    row(
        "1,000 articles start-up <= 0.3 s over one",
        med("1000 over 1"),
        "{:.3f} s over one (median per-round difference)",
        0.3,
    )
    so = res.get("soak", {})
    row("Soak growth <= 10 MB", so.get("growth_mib"), "{:.1f} MiB", 10 * MIB_PER_MB)
    return rows


def markdown(res: dict, plot: str) -> str:
    """The whole report."""
    m, v = res["machine"], res["versions"]
    d = derived(res)
    lines = [
        "# Performance",
        "",
        "Measured with `python -m bench` (see [bench/run.py](../bench/run.py)); every figure "
        "below is reproduced by that one command. Times are min / **median** / max over "
        "alternated rounds (A B C A B C ...); ratios are computed per round, then summarised.",
        "",
        f"- Date: {res['date']}"
        + ("  (**--quick run: few rounds, not for quoting**)" if res.get("quick") else ""),
        f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, {m['system']}; load "
        f"average {m['load']} before, {m.get('load_after', '?')} after",
        f"- Versions: Python {v['python']}, PySide6 {v['pyside6']} (Qt {v['qt']}), kiosk "
        f"{v['kiosk']}" + (f", {res['chromium_version']}" if res.get("chromium_version") else ""),
        f"- The whole run took {res.get('seconds', 0):.0f} s.",
        "",
        f"![Side by side: start-up, memory, handout]({plot})",
        "",
        "## Targets (issue 8)",
        "",
        "| Target | Figure | Result |",
        "| --- | --- | --- |",
        *target_rows(res, d),
    ]
    lines += _startup_section(res, d) + _latency_section(res) + _scale_section(res, d)
    for key, title in (("speech", "Read aloud"), ("handout", "Handout PDF"), ("soak", "Soak")):
        part = res.get(key)
        if part and part.get("table"):
            lines += ["", f"## {title}", "", *part["table"]]
    if ANALYSIS.exists():
        lines += ["", ANALYSIS.read_text("utf-8").strip()]
    lines += ["", "## How it is measured", "", *METHOD]
    if res.get("notes"):
        lines += ["", "## Notes from this run", "", *(f"- {n}" for n in res["notes"])]
    return "\n".join(lines) + "\n"


def _startup_section(res: dict, d: dict) -> list[str]:
    st = res.get("startup", {})
    if not st:
        return []
    n = len(next(iter(st.values())))
    lines = [
        "",
        f"## Start-up to first paint ({n} alternated rounds, ms)",
        "",
        "| Program | text on screen (outside observer) | first paint (in-app clock) "
        "| CPU used until then |",
        "| --- | --- | --- | --- |",
    ]
    for name, rows in st.items():
        hook, cpu = column(rows, "hook"), column(rows, "cpu")
        lines.append(
            f"| {name} | {ms(spread(column(rows, 'screen')))} | "
            f"{ms(spread(hook)) if hook else '-'} | {ms(spread(cpu)) if cpu else '-'} |"
        )
    lines += ["", "Per-round ratios (min / **median** / max):", ""]
    for key, what in (
        ("kiosk/floor", "kiosk article / floor, in-app clock"),
        ("kiosk/floor screen", "kiosk article / floor, on screen"),
        ("kiosk/floor cpu", "kiosk article / floor, CPU time of the process"),
        ("kiosk home/floor", "kiosk home screen / floor, in-app clock"),
        ("frozen/floor", "one-folder executable article / floor"),
        ("chromium/kiosk", "Chromium / kiosk article, on screen"),
    ):
        if key in d:
            lines.append(f"- {what}: {x(d[key])}")
    mem = [(name, rows) for name, rows in st.items() if column(rows, "pss_mib")]
    if mem:
        lines += [
            "",
            "## Memory after settling (MiB, min / **median** / max)",
            "",
            "| Program | processes | resident (RSS, summed) | proportional (PSS) |",
            "| --- | --- | --- | --- |",
        ]
        for name, rows in mem:
            lines.append(
                f"| {name} | {max(column(rows, 'processes')):.0f} | "
                f"{ms(spread(column(rows, 'rss_mib')), 1)} | "
                f"{ms(spread(column(rows, 'pss_mib')), 1)} |"
            )
    return lines


def _latency_section(res: dict) -> list[str]:
    lat = res.get("latency", {})
    if not lat:
        return []
    full = res.get("latency_full", {})
    lines = [
        "",
        "## Next section and font step (ms, in process)",
        "",
        "| Case | p50 | p95 | max | samples | p95 with a forced full repaint on top |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case, values in lat.items():
        t = tail(values)
        extra = f"{tail(full[case])['p95']:.1f}" if case in full else "-"
        lines.append(
            f"| {case} | {t['p50']:.1f} | {t['p95']:.1f} | {t['max']:.1f} | {t['n']} | {extra} |"
        )
    return lines


def _scale_section(res: dict, d: dict) -> list[str]:
    sc = res.get("scale", {})
    if not sc:
        return []
    n = len(next(iter(sc.values())))
    lines = [
        "",
        f"## Library scale: start-up to the home screen ({n} alternated rounds, ms)",
        "",
        "| Articles | first paint (in-app clock) | CPU used until then |",
        "| --- | --- | --- |",
    ]
    for name, rows in sc.items():
        cpu = column(rows, "cpu")
        lines.append(
            f"| {name} | {ms(spread(column(rows, 'hook')))} | {ms(spread(cpu)) if cpu else '-'} |"
        )
    if "1000 over 1" in d:
        lines += ["", f"1,000 articles over one, per round: {ms(d['1000 over 1'])} ms."]
    return lines


METHOD = [
    "- **Start-up** is from the moment the benchmark starts the process to the first frame "
    "with text, on a virtual X screen (Xvfb 1920x1080, white root window, no window "
    "manager). Two clocks, both the system-wide CLOCK_MONOTONIC: an outside observer "
    "(`bench/screenwatch.py`) grabs 24 thin strips across the X screen about every 8 ms and "
    "reports the first grab with text (dark pixels) on it; it times every program, Chromium "
    "included, the same way. The kiosk and the floor also write the time their first paint "
    "was flushed (`KIOSK_BENCH_FIRST_PAINT`, viewer/ui/bench_hook.py), which is exact and "
    "is what the kiosk/floor ratio uses. One unrecorded warm-up start of each program "
    "comes first.",
    "- **The floor** (`bench/floor.py`) is a bare QTextBrowser showing the article converted "
    "by python-markdown, full screen, with no kiosk code. **Chromium** runs as `chromium "
    "--kiosk --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --window-position=0,0 --window-size=1920,1080` "
    "(without a window manager `--kiosk` alone filled only part of the screen) on the same "
    "article exported as HTML, with a profile folder reused across rounds (as a kiosk "
    "would). The one-folder executable (`dist/kiosk/kiosk`, built from kiosk.spec) runs "
    "when it has been built.",
    "- **CPU used until the first paint** is the program's own `time.process_time()` written "
    "by the same hook: far steadier than wall time when other work shares the machine. It "
    "leaves out the kiosk's speech process, which starts at the same time and competes for "
    "the second core. Child processes write .pyc files as an installed kiosk does "
    "(PYTHONDONTWRITEBYTECODE is dropped).",
    "- **Memory** is read from `/proc/PID/smaps_rollup` for the process and all its "
    "descendants, a few seconds after the first paint, in the last rounds. PSS divides "
    "shared pages among the processes that share them, so it adds up across Chromium's "
    "processes; RSS is summed as is and overstates shared libraries. The kiosk row taps "
    "Read aloud after its first paint (`KIOSK_BENCH_READ=1`), so its speech worker is "
    "counted.",
    "- **Latency** (`bench/latency.py`): offscreen, in process; from triggering the action "
    "(as its button does) until Qt has handled the posted layout requests and its own "
    "repaint of what changed (the reading pane's paint event is checked to happen inside; "
    "if not, a full repaint is forced and counted). The last column adds a forced "
    "`repaint()` of the whole window on top: an upper bound that paints everything twice. "
    "The font step goes 100% <-> 125% and 250% <-> 225%; next section cycles the article.",
    "- **Library scale**: generated folders of 1, 100 and 1,000 copies of the bundled "
    "article (about 6 KB each) under different titles; start-up to the first painted "
    "home screen.",
]
