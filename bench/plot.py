"""The side-by-side plot (PNG), drawn with QPainter so the benchmark needs no plotting library.

Usage: python -m bench.plot RESULTS.json OUT.png
Panels: start-up to the first article, start-up by stage (stacked, CPU and wall time, kiosk
beside floor), memory (PSS), handout PDF time, and the p95 of each latency case against the
16 ms frame budget. Bars are medians; whiskers min to max.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

from bench.report import STAGES, column, stage_medians
from bench.stats import spread, tail

COLOURS = {"floor": "#8c8c8c", "kiosk": "#0b4f8a", "frozen": "#2e86c1", "chromium": "#d35400"}
STAGE_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#9c755f",
)
"""One colour per start-up stage (report.STAGES), distinguishable in print."""


def panels(res: dict) -> list[tuple[str, str, list[tuple[str, dict[str, float]]], float | None]]:
    """(title, unit, [(label, spread)], target line) for each panel with data."""
    st = res.get("startup", {})
    out = []
    names = (
        ("floor", "floor"),
        ("kiosk article", "kiosk"),
        ("frozen article", "frozen"),
        ("chromium", "chromium"),
    )
    bars = [
        (label, spread([v * 1000 for v in column(st[key], "screen")]))
        for key, label in names
        if key in st
    ]
    if bars:
        out.append(("Start-up to first article", "ms", bars, None))
    bars = [
        (label, spread(column(st[key], "pss_mib")))
        for key, label in names
        if key in st and column(st[key], "pss_mib")
    ]
    if bars:
        out.append(("Memory after start (PSS)", "MiB", bars, 80.0))
    stages = stage_bars(st)
    if stages:
        out.append(("Start-up by stage (medians)", "ms", stages, None))
    ho = res.get("handout", {})
    bars = []
    if ho.get("in_process"):
        normal = ho["in_process"]["normal"]  # summaries only: no lower whisker
        bars.append(
            (
                "kiosk\n(Print)",
                {
                    "min": normal["median_s"] * 1000,
                    "median": normal["median_s"] * 1000,
                    "max": normal["max_s"] * 1000,
                },
            )
        )
    for key, label in (("kiosk_command", "kiosk\n--export-pdf"), ("chromium", "chromium")):
        if ho.get(key):
            bars.append((label, spread([v * 1000 for v in ho[key]])))
    if bars:
        out.append(("Handout PDF", "ms", bars, 300.0))
    lat = res.get("latency", {})
    if lat:
        bars = [
            (
                short_case(case),
                {"median": tail(v)["p95"], "min": tail(v)["p50"], "max": tail(v)["max"]},
            )
            for case, v in lat.items()
        ]
        out.append(("Steps: p95 (whiskers p50-max)", "ms", bars, 16.0))
    return out


def stage_bars(st: dict) -> list[tuple[str, dict]]:
    """Stacked bars: CPU and wall time per start-up stage, kiosk beside floor."""
    bars = []
    for clock in ("cpu", "wall"):
        for key, label in (("kiosk article", "kiosk"), ("floor", "floor")):
            rows = [r for r in st.get(key, []) if "stages" in r]
            if not rows:
                return []
            medians = stage_medians(rows, clock)
            segments = [(stage, medians[stage] * 1000) for stage in STAGES if stage in medians]
            total = sum(v for _, v in segments)
            bars.append(
                (
                    f"{label}\n{clock.upper() if clock == 'cpu' else clock}",
                    {"min": total, "median": total, "max": total, "segments": segments},
                )
            )
    return bars


def nice_step(top: float) -> float:
    """A round grid step (1, 2, 2.5 or 5 times a power of ten); 5 steps cover ``top``."""
    magnitude = 10 ** math.floor(math.log10(max(top, 1e-9) / 5))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude * 5 >= top)


def short_case(case: str) -> str:
    """'landscape 250% next section' -> 'L250\nnext' (fits under a narrow bar)."""
    words = case.split()
    return f"{words[0][0].upper()}{words[1].rstrip('%')}\n{words[2]}"


def draw(res: dict, out: Path) -> None:
    """Render the panels side by side into ``out``."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ps = panels(res)
    width, height = max(1, len(ps)) * 520, 600
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    for k, (title, unit, bars, target) in enumerate(ps):
        x0, top, w, h = k * 520 + 70, 70, 420, 360
        font.setPixelSize(20)
        font.setBold(True)
        p.setFont(font)
        p.setPen(QColor("#1a1a1a"))
        p.drawText(QRectF(k * 520, 10, 520, 40), Qt.AlignmentFlag.AlignCenter, title)
        font.setBold(False)
        font.setPixelSize(14)
        p.setFont(font)
        highest = max([b["max"] for _, b in bars] + [target or 0]) * 1.1
        step = nice_step(highest)
        steps = math.ceil(highest / step)
        top_value = step * steps

        def y(v: float, top=top, h=h, top_value=top_value) -> float:
            return top + h - v / top_value * h

        for g in range(steps + 1):
            v = step * g
            p.setPen(QPen(QColor("#dddddd"), 1))
            p.drawLine(x0, int(y(v)), x0 + w, int(y(v)))
            p.setPen(QColor("#3d3d3d"))
            p.drawText(QRectF(x0 - 68, y(v) - 10, 62, 20), Qt.AlignmentFlag.AlignRight, f"{v:g}")
        p.drawText(QRectF(x0 - 68, top - 40, 80, 20), Qt.AlignmentFlag.AlignLeft, unit)
        slot = w / len(bars)
        for n, (label, s) in enumerate(bars):
            colour = next(
                (c for key, c in COLOURS.items() if label.startswith(key)), COLOURS["kiosk"]
            )
            bx = x0 + n * slot + slot * 0.15
            if "segments" in s:
                base = 0.0
                for stage, value in s["segments"]:
                    colour = STAGE_COLOURS[STAGES.index(stage) % len(STAGE_COLOURS)]
                    p.fillRect(
                        QRectF(bx, y(base + value), slot * 0.7, y(base) - y(base + value)),
                        QColor(colour),
                    )
                    base += value
            else:
                p.fillRect(
                    QRectF(bx, y(s["median"]), slot * 0.7, y(0) - y(s["median"])),
                    QColor(colour),
                )
                cx = bx + slot * 0.35
                p.setPen(QPen(QColor("#1a1a1a"), 2))
                p.drawLine(int(cx), int(y(s["min"])), int(cx), int(y(s["max"])))
                p.drawLine(int(cx - 6), int(y(s["max"])), int(cx + 6), int(y(s["max"])))
                p.drawLine(int(cx - 6), int(y(s["min"])), int(cx + 6), int(y(s["min"])))
            p.setPen(QPen(QColor("#1a1a1a"), 2))
            p.drawText(
                QRectF(bx - 10, y(s["max"]) - 22, slot * 0.7 + 20, 20),
                Qt.AlignmentFlag.AlignCenter,
                f"{s['median']:.0f}",
            )
            font.setPixelSize(14 if len(bars) <= 5 else 12)
            p.setFont(font)
            p.drawText(
                QRectF(x0 + n * slot, top + h + 6, slot, 60),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
            font.setPixelSize(14)
            p.setFont(font)
        if any("segments" in b for _, b in bars):
            legend_font = QFont(font)
            legend_font.setPixelSize(12)
            p.setFont(legend_font)
            for i, stage in enumerate(STAGES):
                lx = x0 + (i % 3) * (w / 3)
                ly = top + h + 52 + (i // 3) * 18
                p.fillRect(QRectF(lx, ly + 2, 12, 12), QColor(STAGE_COLOURS[i]))
                p.setPen(QColor("#1a1a1a"))
                p.drawText(QRectF(lx + 16, ly, w / 3 - 16, 16), Qt.AlignmentFlag.AlignLeft, stage)
            p.setFont(font)
        if target:
            p.setPen(QPen(QColor("#c0392b"), 2, Qt.PenStyle.DashLine))
            p.drawLine(x0, int(y(target)), x0 + w, int(y(target)))
            label_box = QRectF(x0 + w - 120, top - 30, 120, 20)
            p.fillRect(label_box, QColor("white"))
            p.drawText(label_box, Qt.AlignmentFlag.AlignRight, f"- - target {target:g} {unit}")
        p.setPen(QPen(QColor("#1a1a1a"), 1))
        p.drawLine(x0, int(y(0)), x0 + w, int(y(0)))
    font.setPixelSize(13)
    p.setFont(font)
    p.setPen(QColor("#3d3d3d"))
    m = res["machine"]
    p.drawText(
        QRectF(10, height - 40, width - 20, 30),
        Qt.AlignmentFlag.AlignLeft,
        f"python -m bench, {res['date']}: {m['nproc']} cores, {m['cpu']}, {m['ram']}; "
        f"1-minute load during the run: median {m.get('load_median', '?')}, highest "
        f"{m.get('load_max', '?')}. Bars: median; whiskers: min-max over alternated rounds.",
    )
    p.end()
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")


def main() -> int:
    """Read the results and draw the plot."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    draw(json.loads(Path(sys.argv[1]).read_text("utf-8")), Path(sys.argv[2]))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
