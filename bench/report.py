"""docs/performance.md from the benchmark's results (see bench/run.py)."""

from __future__ import annotations

import statistics

from bench import analysis, procs
from bench.stats import ratios, spread, tail

MIB_PER_MB = 1e6 / 2**20
STAGES = (
    "python",
    "qt-free imports",
    "pyside6 import",
    "qt modules",
    "qapplication",
    "window",
    "show",
    "first paint",
)
"""Start-up stages in the order they run (viewer/bench_marks.py, then the first paint)."""
FLAT_SLOPE = 0.05
"""'Flat': the second half of the soak grows at most this many MiB per 1,000 actions."""


def column(rows: list[dict[str, float]], key: str) -> list[float]:
    """One measurement across rounds, skipping rounds that lack it."""
    return [r[key] for r in rows if key in r]


def ms(s: dict[str, float], scale: float = 1000) -> str:
    """min / median / max in milliseconds."""
    return f"{s['min'] * scale:.0f} / **{s['median'] * scale:.0f}** / {s['max'] * scale:.0f}"


def x(s: dict[str, float]) -> str:
    """min / median / max of ratios."""
    return f"{s['min']:.2f} / **{s['median']:.2f}** / {s['max']:.2f}"


def stage_medians(rows: list[dict], clock: str) -> dict[str, float]:
    """Median seconds per start-up stage (``clock`` is "cpu" or "wall") across rounds."""
    out = {}
    for stage in STAGES:
        values = [r["stages"].get(stage, {}).get(clock, 0.0) for r in rows if "stages" in r]
        if values and any(values):
            out[stage] = statistics.median(values)
    return out


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
        one_cpu = column(sc["1 articles"], "cpu")
        if one_cpu:
            out["1000 over 1 cpu"] = spread(
                [a - b for a, b in zip(column(sc["1000 articles"], "cpu"), one_cpu, strict=True)]
            )
    lat = res.get("latency", {})
    if lat:
        out["latency p95"] = {"median": max(tail(v)["p95"] for v in lat.values())}
    return out


def _shortfall(value: float, limit: float, at_most: bool, unit: str) -> str:
    """How far a figure is on the wrong side of its limit."""
    gap = value - limit if at_most else limit - value
    return (
        f"{gap:.{_digits(limit)}f}{unit} ({gap / limit * 100:.0f}%) "
        f"{'over' if at_most else 'short of'} the limit of {round(limit, 2):g}{unit}"
    )


def _digits(limit: float) -> int:
    return 0 if limit >= 100 else 1 if limit >= 10 else 2


def targets(res: dict) -> list[dict]:
    """Every target with its figure from this run and the verdict (stored in the JSON).

    ``met`` is True, False, or None when this run did not measure it; ``missed_by`` says by
    how much a missed target is missed.
    """
    d = derived(res)
    rows: list[dict] = []

    def med(key: str) -> float | None:
        return d[key]["median"] if key in d else None

    def add(
        label: str,
        issue: str,
        value: float | None,
        fmt: str,
        limit: float,
        at_most: bool = True,
        unit: str = "",
        extra_problem: str = "",
        why_unmeasured: str = "not measured in this run",
        **more: str,
    ) -> None:
        row = {"target": label, "issue": issue, "limit": limit, "value": value, **more}
        if value is None:
            row |= {"met": None, "figure": "-", "missed_by": why_unmeasured}
        else:
            within = value <= limit if at_most else value >= limit
            met = within and not extra_problem
            miss = "" if within else _shortfall(value, limit, at_most, unit)
            if extra_problem:
                miss = "; ".join(m for m in (miss, extra_problem) if m)
            row |= {"met": met, "figure": fmt.format(value), "missed_by": miss}
        rows.append(row)

    st = res.get("startup", {})
    no_chromium = "not measured: " + res.get("chromium_status", "Chromium did not run")
    cpu = d.get("kiosk/floor cpu")
    wall = d.get("kiosk/floor")
    add(
        "Start-up to the first article at most 1.3x the floor, CPU time (aim 1.15x)",
        "8, 12",
        cpu["median"] if cpu else None,
        "{:.2f}x (median per-round ratio of the process's CPU time)",
        1.3,
        unit="x",
    )
    add(
        "Start-up to the first article at most 1.3x the floor, wall time",
        "8",
        wall["median"] if wall else None,
        "{:.2f}x (median per-round ratio, first paint)",
        1.3,
        unit="x",
    )
    add(
        "Start-up at least 2.5x faster than Chromium kiosk",
        "8",
        med("chromium/kiosk"),
        "Chromium takes {:.2f}x as long (median per-round ratio, on screen)",
        2.5,
        at_most=False,
        unit="x",
        why_unmeasured=no_chromium,
    )
    add(
        "PSS from source, speech process included, at most 100 MiB",
        "8",
        med("pss kiosk article"),
        "{:.1f} MiB",
        100,
        unit=" MiB",
    )
    add(
        "PSS from source, speech process included, at most 80 MiB",
        "12",
        med("pss kiosk article"),
        "{:.1f} MiB",
        80,
        unit=" MiB",
    )
    add(
        "PSS of the built program, speech process included, at most 90 MiB",
        "12",
        med("pss frozen article"),
        "{:.1f} MiB",
        90,
        unit=" MiB",
        why_unmeasured="not measured: the one-folder build (dist/kiosk) is not there",
    )
    add(
        "PSS at most a quarter of Chromium's",
        "8",
        med("pss kiosk/chromium"),
        "{:.2f} of Chromium's",
        0.25,
        why_unmeasured=no_chromium,
    )
    add(
        "Next section and font step p95 at most 16 ms",
        "8",
        med("latency p95"),
        "worst p95 {:.1f} ms",
        16,
        unit=" ms",
    )
    taps = res.get("speech", {}).get("taps", {})
    for kind, label in (
        ("warm", "Tap to first audio at most 300 ms, speech process ready"),
        ("after idle reset", "Tap to first audio at most 300 ms, first tap after an idle reset"),
        ("cold start", "Tap to first audio at most 300 ms, first tap at start-up"),
    ):
        values = taps.get(kind)
        if not values:
            add(label, "8, 11", None, "", 300, taps=kind)
            continue
        heard = [v for v in values if v is not None]
        failed = len(values) - len(heard)
        ranked = sorted(v if v is not None else float("inf") for v in values)
        median = statistics.median(ranked)
        add(
            label,
            "8, 11",
            median,
            "{:.0f} ms median"
            + (f", max {max(heard):.0f} ms" if heard else "")
            + f" ({len(values)} tap{'s' * (len(values) != 1)}, {failed} without audio)",
            300,
            unit=" ms",
            extra_problem=f"{failed} of {len(values)} taps brought no audio" if failed else "",
            taps=kind,
        )
    ho = res.get("handout", {})
    add(
        "Handout PDF at most 0.3 s (Print in a running kiosk)",
        "8",
        ho.get("kiosk_s", {}).get("median"),
        "{:.3f} s (median, in process)",
        0.3,
        unit=" s",
    )
    add(
        "Handout PDF at least 3x faster than Chromium, process against process",
        "8, 11",
        ho.get("command_ratio", {}).get("median"),
        "Chromium --print-to-pdf takes {:.2f}x as long as kiosk --export-pdf "
        "(median per-round ratio)",
        3,
        at_most=False,
        unit="x",
        why_unmeasured=no_chromium,
    )
    wall_1000 = med("1000 over 1")
    add(
        "1,000 articles start-up at most 0.3 s over one",
        "8",
        med("1000 over 1 cpu"),
        "{:.3f} s of CPU over one (median per-round difference)"
        + (f"; wall time {wall_1000:.3f} s over one" if wall_1000 is not None else ""),
        0.3,
        unit=" s",
    )
    so = res.get("soak", {})
    problems = so.get("problems") or []
    trouble = ""
    if so and not so.get("ok"):
        trouble = (
            f"the soak reported {len(problems)} problem(s)"
            if problems
            else "the soak's own check failed (memory grew over its 10 MB limit)"
        )
    add(
        "Soak growth at most 10 MB, and the soak's own check passes",
        "8",
        so.get("growth_mib"),
        "{:.2f} MiB over " + f"{so.get('done', 0):,} actions ({so.get('speech', '?')} speech)",
        10 * MIB_PER_MB,
        unit=" MiB",
        extra_problem=trouble,
    )
    full = so.get("done", 0) >= 20_000
    add(
        "Soak of 20,000 actions: at most 2 MiB growth, flat second half",
        "12",
        so.get("growth_mib") if full else None,
        "{:.2f} MiB; second half "
        + f"{so.get('second_half_slope_mib_per_1000', 0):.3f} MiB per 1,000 actions",
        2,
        unit=" MiB",
        extra_problem=(
            f"second half not flat ({so.get('second_half_slope_mib_per_1000', 0):.3f} MiB "
            f"per 1,000 actions, flat is at most {FLAT_SLOPE:g})"
            if full and so.get("second_half_slope_mib_per_1000", 0) > FLAT_SLOPE
            else trouble
        ),
        why_unmeasured=f"not measured: the soak ran {so.get('done', 0):,} actions, not 20,000",
    )
    if st and "floor" not in st:
        rows.append({"target": "(the floor did not run)", "met": None})
    return rows


def target_rows(rows: list[dict]) -> list[str]:
    """The targets as table rows."""
    out = []
    for t in rows:
        verdict = {True: "met", False: f"**missed**: {t['missed_by']}", None: t.get("missed_by")}
        out.append(f"| {t['target']} | {t['issue']} | {t['figure']} | {verdict[t['met']]} |")
    return out


def markdown(res: dict, plot: str) -> str:
    """The whole report."""
    m, v = res["machine"], res["versions"]
    d = derived(res)
    rows = res.get("targets") or targets(res)
    missed = [t for t in rows if t["met"] is False]
    lines = [
        "# Performance",
        "",
        "Written by `python -m bench` (see [bench/run.py](../bench/run.py)); every figure "
        "and every sentence with a figure below comes from that one run (the raw timings are "
        "in performance.json). Times are min / **median** / max over alternated rounds "
        "(A B C A B C ...); ratios are computed per round, then summarised.",
        "",
        f"- Date: {res['date']}"
        + ("  (**--quick run: few rounds, not for quoting**)" if res.get("quick") else ""),
        f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, {m['system']}; load "
        f"average (1, 5, 15 min) {m['load']} before, {m.get('load_after', '?')} after"
        + (
            f"; 1-minute load during the run (every 5 s): median {m.get('load_median')}, "
            f"highest {m['load_max']} (2 cores: above 2, programs waited for a core)"
            if m.get("load_max")
            else ""
        ),
        f"- Versions: Python {v['python']}, PySide6 {v['pyside6']} (Qt {v['qt']}), kiosk "
        f"{v['kiosk']} (commit {v.get('commit', '?')})"
        + (f", {res['chromium_version']}" if res.get("chromium_version") else "")
        + (
            f"; one-folder build (dist/kiosk) made {res['frozen_built']}"
            if res.get("frozen_built")
            else ""
        ),
        f"- The whole run took {res.get('seconds', 0):.0f} s.",
        "",
        f"![Side by side: start-up, stages, memory, handout, steps]({plot})",
        "",
        "## Targets",
        "",
        f"**{len(missed)} of {sum(t['met'] is not None for t in rows)} measured targets "
        f"missed**"
        + (": " + "; ".join(f"{t['target']} ({t['missed_by']})" for t in missed) if missed else "")
        + ".",
        "",
        "| Target | Issue | Figure | Result |",
        "| --- | --- | --- | --- |",
        *target_rows(rows),
    ]
    lines += _startup_section(res, d) + _stages_section(res) + _anatomy_section(res)
    lines += _latency_section(res) + _scale_section(res, d)
    for key, title in (("speech", "Read aloud"), ("handout", "Handout PDF"), ("soak", "Soak")):
        part = res.get(key)
        if part and part.get("table"):
            lines += ["", f"## {title}", "", *part["table"]]
    lines += _soak_summary(res.get("soak"))
    lines += analysis.section(res, rows)
    lines += ["", "## How it is measured", "", *METHOD]
    if res.get("notes"):
        lines += ["", "## Notes from this run", "", *(f"- {n}" for n in res["notes"])]
    return "\n".join(lines) + "\n"


def _soak_summary(so: dict | None) -> list[str]:
    if not so:
        return []
    problems = so.get("problems") or []
    return [
        "",
        f"{so['done']:,} of {so['actions']:,} random actions (seed {so['seed']}) in "
        f"{so['seconds']:.0f} s with {so['speech']} speech (player `{so['player']}`; "
        f"{so.get('sentences_played', 0):,} sentences started). Growth after the first "
        f"1,000 actions: **{so['growth_mib']:.2f} MiB**; slope "
        f"{so.get('slope_mib_per_1000', 0):.3f} MiB per 1,000 actions over the run, "
        f"{so.get('second_half_slope_mib_per_1000', 0):.3f} in the second half. The soak's "
        f"own check (no exception, no Qt or Python warning, every action done, growth at "
        f"most {so['limit_mb']:g} MB): **{'passed' if so.get('ok') else 'FAILED'}**"
        + (": " + "; ".join(problems) if problems else "")
        + ".",
        "",
        "Actions: " + ", ".join(f"{k} {v:,}" for k, v in sorted(so.get("counts", {}).items())),
    ]


def _stages_section(res: dict) -> list[str]:
    st = res.get("startup", {})
    names = [n for n in ("kiosk article", "floor", "frozen article") if n in st]
    if not all(any("stages" in r for r in st[n]) for n in names) or "floor" not in names:
        return []
    cpu = {n: stage_medians(st[n], "cpu") for n in names}
    wall = {n: stage_medians(st[n], "wall") for n in names}
    head = " | ".join(f"{n} CPU | {n} wall" for n in names)
    lines = [
        "",
        "## Start-up by stage (ms, median over the rounds)",
        "",
        "Where each program's time to its first paint goes (viewer/bench_marks.py marks the "
        "kiosk's stages, bench/floor.py the floor's). CPU is the process's own; wall time "
        "also holds waiting for the other core, the X server and the disk.",
        "",
        f"| Stage | {head} | kiosk - floor, CPU |",
        "| --- | " + " --- |" * (2 * len(names) + 1),
    ]
    for stage in STAGES:
        cells = " | ".join(
            f"{cpu[n].get(stage, 0) * 1000:.0f} | {wall[n].get(stage, 0) * 1000:.0f}" for n in names
        )
        diff = (cpu["kiosk article"].get(stage, 0) - cpu["floor"].get(stage, 0)) * 1000
        lines.append(f"| {stage} | {cells} | {diff:+.0f} |")
    totals = " | ".join(
        f"{sum(cpu[n].values()) * 1000:.0f} | {sum(wall[n].values()) * 1000:.0f}" for n in names
    )
    diff = (sum(cpu["kiosk article"].values()) - sum(cpu["floor"].values())) * 1000
    lines.append(f"| sum of the medians | {totals} | {diff:+.0f} |")
    return lines


def _anatomy_section(res: dict) -> list[str]:
    an = res.get("anatomy")
    if not an:
        return []
    from bench.anatomy import GROUPS, OTHER

    names = [n for n in ("kiosk", "floor") if n in an]
    groups = [g for g, _ in GROUPS] + [OTHER]
    lines = [
        "",
        "## What each program had done by its first paint (one start each)",
        "",
        "bench/anatomy.py: the kiosk (article opened at start) and the floor, each started "
        "once offscreen after a warm-up start, under `python -X importtime`, recording every "
        "module imported and every Qt enum type PySide6 made before the first paint. Import "
        "times are self times as `-X importtime` reports them (its overhead included, alike "
        "for both); a Qt enum is made inside whatever first needs it, so its time is also "
        "part of an import or of building the window.",
        "",
        "| | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(names),
        "| CPU until the first paint (this start) | "
        + " | ".join(f"{an[n]['cpu_ms']:.0f} ms" for n in names)
        + " |",
    ]
    for g in groups:
        cells = []
        for n in names:
            one = an[n]["groups"].get(g)
            cells.append(f"{one['modules']} modules, {one['self_ms']:.1f} ms" if one else "-")
        lines.append(f"| imports: {g} | " + " | ".join(cells) + " |")
    lines.append(
        "| Qt enum types made by PySide6 | "
        + " | ".join(
            f"{an[n]['enums']} types ({an[n]['enum_members']:,} members), {an[n]['enum_ms']:.1f} ms"
            for n in names
        )
        + " |"
    )
    return lines


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
    return lines + memory_kinds(st)


def memory_kinds(st: dict) -> list[str]:
    """What the kiosk's PSS is made of, from source and built (the last memory round)."""
    last = {
        name: [r for r in st.get(name, []) if r.get("pss_kinds")][-1:]
        for name in ("kiosk article", "frozen article")
    }
    shown = {name: rows[0] for name, rows in last.items() if rows}
    if not shown:
        return []
    head = " | ".join(f"{name}: window | {name}: all" for name in shown)
    lines = [
        "",
        "## What the memory is (MiB PSS, last memory round)",
        "",
        "Each process's /proc/PID/smaps grouped by what is mapped (bench/procs.py; "
        "`python -m bench.memmap` lists every file). 'window' is the window's process, "
        "'all' adds the speech process and its player.",
        "",
        f"| Mapping | {head} |",
        "| --- |" + " ---: | ---: |" * len(shown),
    ]
    for what in (*procs.KINDS, "total"):
        cells = []
        for row in shown.values():
            for key in ("pss_kinds_main", "pss_kinds"):
                kinds = row[key]
                mib = sum(kinds.values()) if what == "total" else kinds.get(what, 0.0)
                cells.append(f"{mib:.1f}")
        name = "**total**" if what == "total" else what
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
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
    if "1000 over 1 cpu" in d:
        lines[-1] += f" CPU time over one, per round: {ms(d['1000 over 1 cpu'])} ms."
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
    "by python-markdown, built as the kiosk builds it (extensions passed as objects, so no "
    "scan of installed packages' entry points), full screen, with no kiosk code. The "
    "start-up target is judged on the CPU-time ratio (steadier on a shared machine); the "
    "wall-time ratio is shown beside it. **Chromium** runs as `chromium "
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
    "counted. No process of the benchmark maps Qt while memory is read (the screen watcher "
    "is stopped, the benchmark asks PySide6's version in a child process): sharing the "
    "virtual environment's Qt with them made the kiosk from source look about 12 MiB "
    "smaller than it is (bench/memmap.py shows it by mapping). Before the warm-up starts "
    "the page cache of Qt's and Python's libraries is dropped: Linux maps the cached "
    "neighbours of every page a process touches, and libraries that tests had read whole "
    "made the kiosk from source map 7 MiB more of the same Qt than the built one.",
    "- **Latency** (`bench/latency.py`): offscreen, in process; from triggering the action "
    "(as its button does) until Qt has handled the posted layout requests and its own "
    "repaint of what changed (the reading pane's paint event is checked to happen inside; "
    "if not, a full repaint is forced and counted). The last column adds a forced "
    "`repaint()` of the whole window on top: an upper bound that paints everything twice. "
    "The font step goes 100% <-> 125% and 250% <-> 225%; next section cycles the article.",
    "- **Start-up by stage**: the kiosk marks the end of each stage "
    "(viewer/bench_marks.py: Python before Qt, our Qt-free imports, the PySide6 import, our "
    "Qt modules, QApplication and fonts, building the window, show and polish) and the "
    "first-paint hook writes the marks; the floor marks the same stages. A stage's time "
    "is the sum of the intervals that end at its marks, from the process's start to its "
    "first paint, in CPU time and wall time; the table shows medians over the rounds.",
    "- **Handout PDF**: in process (the Print button's path, `bench/handout.py`), and "
    "process against process for the Chromium target: `kiosk --export-pdf` and Chromium "
    "`--headless --print-to-pdf` of the same article, one unrecorded warm-up each, then "
    "alternated kiosk, Chromium, kiosk, Chromium; the ratio is taken per round.",
    "- **Tap to first audio** (`bench/speech.py`): from triggering Read aloud to the first "
    "audio bytes at a paced sink that takes audio at speaker speed (ALSA `file` device "
    "into `bench/paced_sink.py`; there is no sound card), with the real espeak-ng engine. "
    "Warm: the speech process is ready. After an idle reset: the kiosk's idle timer runs "
    "out, the next visitor touches the attract screen, opens the article and taps at once. "
    "Cold: a new kiosk process (`main.py`, offscreen) taps Read aloud at its first paint, "
    "before its speech process has started. A tap without audio within 15 s is a failure: "
    "counted in the figures (as slower than any other tap), never dropped.",
    "- **Soak** (`bench/soak.py`): the real kiosk window, offscreen, driven by random "
    "patient actions with the real speech engine and `aplay` into ALSA's `null` device; "
    "resident memory every 1,000 actions after a garbage collection. Its own check (no "
    "exception, no warning, every action done, growth within its limit) decides its "
    "target rows too. 'Flat second half' means a least-squares slope of at most "
    f"{FLAT_SLOPE:g} MiB per 1,000 actions over the readings of the second half.",
    "- **Load**: the 1-minute load average is read every 5 s during the run; on 2 cores a "
    "load above 2 means programs waited for a processor, which lengthens wall times far "
    "more than CPU times.",
    "- **Library scale**: generated folders of 1, 100 and 1,000 copies of the bundled "
    "article (about 6 KB each) under different titles; start-up to the first painted "
    "home screen.",
]
