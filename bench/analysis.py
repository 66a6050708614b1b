"""'Why targets are missed', written from the run's own figures (no hand-written numbers).

Each paragraph is a template filled from the results (performance.json); a paragraph appears
only when its target is missed in this run. The sentences without figures explain how to
read the figures; they state nothing that the run did not measure.
"""

from __future__ import annotations

import statistics


def section(res: dict, rows: list[dict]) -> list[str]:
    """The '## Why targets are missed' section for the report ([] when all are met)."""
    missed = [t for t in rows if t["met"] is False]
    if not missed:
        return []
    out = ["", "## Why targets are missed (from this run's figures)", ""]
    m = res.get("machine", {})
    if m.get("load_median") and float(m["load_median"]) > float(m.get("nproc", 1)):
        out += [
            f"The machine was busy: the 1-minute load had a median of {m['load_median']} "
            f"(highest {m['load_max']}) on {m['nproc']} cores during the run, so programs "
            "often waited for a processor. That lengthens wall times (start-up on screen, "
            "steps, taps, the PDF commands) far more than CPU times; the CPU-time figures "
            "and the per-round ratios of alternated rounds are the steadier ones.",
            "",
        ]
    used: set[str] = set()
    written: set[tuple[str, ...]] = set()  # a per-row text said once (same program, same run)
    for t in missed:
        out += [f"**{t['target']}**: {t['figure']}, {t['missed_by']}.", ""]
        prefix, writer = next(((p, w) for p, w in WRITERS if t["target"].startswith(p)), ("", None))
        if writer is None or (prefix in used and prefix not in PER_ROW):
            continue
        used.add(prefix)
        text = writer(res, t)
        if text and tuple(text) not in written:
            written.add(tuple(text))
            out += [*text, ""]
    return out[:-1]


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _startup(res: dict, target: dict) -> list[str]:
    from bench.report import STAGES, column, stage_medians

    st = res["startup"]
    kiosk_cpu = _median(column(st["kiosk article"], "cpu")) * 1000
    floor_cpu = _median(column(st["floor"], "cpu")) * 1000
    allowed = floor_cpu * 1.3
    lines = [
        f"The floor's process used {floor_cpu:.0f} ms of CPU until its first paint and the "
        f"kiosk's {kiosk_cpu:.0f} ms (medians); 1.3x the floor allows {allowed:.0f} ms, "
        f"so the kiosk would need {kiosk_cpu - allowed:.0f} ms less "
        f"({(kiosk_cpu - allowed) / kiosk_cpu * 100:.0f}% of its CPU until the first paint).",
    ]
    rows_k = [r for r in st["kiosk article"] if "stages" in r]
    rows_f = [r for r in st["floor"] if "stages" in r]
    if rows_k and rows_f:
        k, f = stage_medians(rows_k, "cpu"), stage_medians(rows_f, "cpu")
        diffs = sorted(
            ((s, (k.get(s, 0) - f.get(s, 0)) * 1000) for s in STAGES),
            key=lambda item: -item[1],
        )
        parts = [f"{s} {d:+.0f} ms" for s, d in diffs if abs(d) >= 1]
        lines += [
            "",
            "Where the kiosk spends more CPU than the floor, stage by stage (kiosk minus "
            "floor, medians, largest first): " + ", ".join(parts) + ". The stages are "
            "defined in viewer/bench_marks.py; the table 'Start-up by stage' has both "
            "programs' figures.",
        ]
    an = res.get("anatomy")
    if an and "kiosk" in an and "floor" in an:
        k, f = an["kiosk"], an["floor"]

        def imported(side: dict, group: str) -> tuple[int, float]:
            one = side["groups"].get(group, {})
            return one.get("modules", 0), one.get("self_ms", 0.0)

        ours, ours_ms = imported(k, "kiosk code")
        other, other_ms = imported(k, "standard library and other packages")
        f_other, f_other_ms = imported(f, "standard library and other packages")
        lines += [
            "",
            "What that CPU is spent on (one traced start each, 'What each program had done by "
            f"its first paint'): the kiosk imports {ours} modules of its own "
            f"({ours_ms:.0f} ms of import self time) and {other} of the standard library and "
            f"other packages against the floor's {f_other} ({other_ms:.0f} ms against "
            f"{f_other_ms:.0f}); PySide6 made {k['enums']} Qt enum types for the kiosk "
            f"against {f['enums']} for the floor ({k['enum_ms']:.0f} ms against "
            f"{f['enum_ms']:.0f}), because the kiosk's screens use more Qt classes than one "
            "QTextBrowser.",
        ]
    return lines


def _chromium(res: dict, target: dict) -> list[str]:
    from bench.report import column

    st = res["startup"]
    chromium = _median(column(st["chromium"], "screen")) * 1000
    kiosk = _median(column(st["kiosk article"], "screen")) * 1000
    floor = _median(column(st["floor"], "screen")) * 1000
    return [
        f"Chromium showed the page after {chromium:.0f} ms, the kiosk after {kiosk:.0f} ms "
        f"and the floor after {floor:.0f} ms (medians, on screen). 2.5x would need the "
        f"kiosk at {chromium / 2.5:.0f} ms, which is {chromium / 2.5 / floor:.2f}x the "
        "floor: below 1.0x means faster than a bare QTextBrowser showing the same article.",
    ]


def _memory(res: dict, target: dict) -> list[str]:
    from bench.report import column

    st = res["startup"]
    name = "frozen article" if target["target"].startswith("PSS of the built") else "kiosk article"
    rows = [r for r in st.get(name, []) if "pss_main_mib" in r]
    if not rows:
        return []
    main = _median(column(rows, "pss_main_mib"))
    total = _median(column(rows, "pss_mib"))
    lines = [
        f"Of the {total:.1f} MiB ({name}), the window's process holds {main:.1f} MiB and "
        f"its other processes (the speech process and its player) {total - main:.1f} MiB.",
    ]
    kinds = rows[-1].get("pss_kinds_main")
    floor = [r for r in st.get("floor", []) if "pss_mib" in r]
    if kinds and floor:

        def part(word: str) -> float:
            return sum(v for k, v in kinds.items() if word in k)

        floor_pss = _median(column(floor, "pss_mib"))
        lines += [
            "",
            f"The window's process, by mapping (last memory round, 'What the memory is'): "
            f"Qt's libraries and plugins {part('Qt libraries'):.1f} MiB, PySide6's bindings "
            f"{part('PySide6'):.1f}, anonymous memory and the malloc heap (Python's objects, "
            f"Qt's objects, pictures) {part('anonymous') + part('[heap]'):.1f}, the window's "
            f"image shared with the X server {part('shared memory'):.1f}. The floor, one "
            f"QTextBrowser with the same article and no speech process, holds "
            f"{floor_pss:.1f} MiB; the speech process is a second Python interpreter with "
            f"pyttsx3 and espeak-ng, kept apart so that a crash in the speech engine cannot "
            "end the window.",
        ]
    return lines


def _taps(res: dict, target: dict) -> list[str]:
    values = res.get("speech", {}).get("taps", {}).get(target.get("taps", ""), [])
    failed = sum(v is None for v in values)
    heard = sorted(v for v in values if v is not None)
    text = ", ".join(f"{v:.0f}" for v in heard) or "none"
    return [
        f"Taps with audio, ms: {text}; taps without audio within the limit: {failed}. A tap "
        "without audio counts as slower than any other, so it raises the median."
    ]


def _pdf(res: dict, target: dict) -> list[str]:
    ho = res["handout"]
    kiosk = _median(ho["kiosk_command"]) * 1000
    chromium = _median(ho["chromium"]) * 1000
    warm = ho["in_process"]["normal"]["median_s"] * 1000
    return [
        f"`kiosk --export-pdf` took {kiosk:.0f} ms as a new process (median), of which the "
        f"handout itself takes about {warm:.0f} ms in a running kiosk; the rest is the new "
        f"process's start-up. Chromium took {chromium:.0f} ms. 3x needs the kiosk's command at "
        f"{chromium / 3:.0f} ms or less.",
    ]


def _soak(res: dict, target: dict) -> list[str]:
    so = res["soak"]
    lines = [
        f"{so['done']:,} of {so['actions']:,} actions ran ({so['speech']} speech, "
        f"{so.get('sentences_played', 0):,} sentences played); resident memory grew "
        f"{so['growth_mib']:.2f} MiB after the first 1,000 actions, "
        f"{so.get('slope_mib_per_1000', 0):.3f} MiB per 1,000 actions over the run and "
        f"{so.get('second_half_slope_mib_per_1000', 0):.3f} in its second half "
        "(least-squares slopes of the readings every 1,000 actions).",
    ]
    from bench.soak import slope

    marks = {int(k): v for k, v in so.get("rss_mib", {}).items()}
    half = sorted(n for n in marks if n >= so.get("done", 0) / 2)
    if len(half) >= 3:
        values = [marks[n] for n in half]
        low = min(half, key=lambda n: marks[n])
        lines += [
            "",
            f"The second half's readings lie between {min(values):.2f} and "
            f"{max(values):.2f} MiB; the lowest, at action {low:,}, is "
            f"{statistics.median(values) - marks[low]:.2f} MiB below their median; without "
            f"that one reading the second half's slope is "
            f"{slope({n: marks[n] for n in half if n != low}):.3f} MiB per 1,000 actions.",
        ]
    if so.get("problems"):
        lines += ["", "The soak's own problems:", ""]
        lines += [f"- {p}" for p in so["problems"]]
    return lines


WRITERS = (
    ("Start-up to the first article", _startup),
    ("Start-up at least 2.5x", _chromium),
    ("PSS", _memory),
    ("Tap to first audio", _taps),
    ("Handout PDF at least 3x", _pdf),
    ("Soak", _soak),
)
PER_ROW = {"PSS", "Tap to first audio"}
"""Writers whose text differs from row to row (the others are written once)."""
