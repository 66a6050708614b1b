"""Handout PDF time for the vertebroplasty article: ``python -m bench.handout [--rounds N]``.

Measures, in one process on Qt's offscreen platform, the whole path the Print button takes:
article to handout HTML (``viewer.core.handout``), layout in pages and PDF bytes
(``viewer.services.printing``), for normal and large print; the first round separately
(cold caches) and the median of the rest. Then the command line IT uses,
``kiosk --export-pdf``, timed end to end as a new process (Python and Qt start-up included).
Prints a small table and returns the figures as a dict (for bench/run.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_ID = "vertebroplasty"


def in_process(rounds: int) -> dict[str, dict[str, float]]:
    """Seconds per handout PDF inside a running kiosk process, normal and large print."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from viewer import config, paths
    from viewer.core.articles import open_article
    from viewer.core.glossary import load_glossary
    from viewer.core.handout import build_handout
    from viewer.core.library import scan_folder
    from viewer.core.render import make_renderer
    from viewer.services.printing import HandoutDocument, load_logo, logo_path
    from viewer.ui.theme import load_fonts

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    family = load_fonts()
    cfg = config.Config()
    folder = paths.bundled_content_dir()
    library = scan_folder(folder)
    meta = library.get(ARTICLE_ID)
    if meta is None:
        raise SystemExit(f"bench: content/{ARTICLE_ID}.md is missing or has errors")
    glossary = load_glossary(folder)
    logo = load_logo(logo_path(cfg))
    results = {}
    for kind, large in (("normal", False), ("large", True)):
        times, pages, size = [], 0, 0
        for _ in range(rounds + 1):
            start = time.perf_counter()
            handout = build_handout(
                open_article(meta),
                cfg.branding,
                make_renderer(folder, set(library.ids())),
                glossary,
                large_print=large,
            )
            document = HandoutDocument(handout, family, logo)
            pdf = document.pdf_bytes(cfg.printing.paper)
            times.append(time.perf_counter() - start)
            pages, size = document.page_count, len(pdf)
        rest = times[1:]
        results[kind] = {
            "first_s": times[0],
            "median_s": statistics.median(rest),
            "max_s": max(rest),
            "pages": pages,
            "bytes": size,
            "rounds": len(rest),
        }
    return results


def command_line(rounds: int) -> dict[str, float]:
    """Seconds for ``kiosk --export-pdf`` as a new process, start-up included."""
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-handout-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
        env["KIOSK_CONFIG"] = str(Path(tmp) / "none.toml")
        for n in range(rounds):
            out = Path(tmp) / f"h{n}.pdf"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "viewer", "--export-pdf", str(out), "--article", ARTICLE_ID],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=120,
            )
            times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "max_s": max(times), "rounds": rounds}


def main(argv: list[str] | None = None) -> dict:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(prog="python -m bench.handout")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    figures = {
        "in_process": in_process(args.rounds),
        "export_pdf_command": command_line(max(3, args.rounds // 4)),
    }
    out = sys.stdout
    out.write(f"Handout PDF, {ARTICLE_ID}, {args.rounds} rounds after a first one\n")
    for kind, f in figures["in_process"].items():
        out.write(
            f"  {kind:6} print: {f['pages']:2d} pages, {f['bytes'] / 1024:5.0f} KB, "
            f"first {f['first_s'] * 1000:6.1f} ms, median {f['median_s'] * 1000:6.1f} "
            f"ms, max {f['max_s'] * 1000:6.1f} ms\n"
        )
    c = figures["export_pdf_command"]
    out.write(
        f"  kiosk --export-pdf (new process): median {c['median_s']:.2f} s, "
        f"max {c['max_s']:.2f} s over {c['rounds']} runs\n"
    )
    return figures


if __name__ == "__main__":
    main()
