"""``kiosk --export-pdf OUT.pdf --article ID [--large-print]``: a handout with no window.

For staff scripts and IT checks. Runs on Qt's offscreen platform, so it needs no display.
Problems are one sentence on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from viewer import config

log = logging.getLogger(__name__)

EXIT_USAGE = 2


def export_pdf(args: argparse.Namespace) -> int:
    """Write the handout of ``args.article`` to ``args.export_pdf``; return the exit status."""
    logging.basicConfig(level=logging.ERROR)
    cfg = config.load_for(args.config)
    folder = config.content_folder(cfg, args.content)
    out = Path(args.export_pdf)

    from viewer.core.articles import open_article, topic_and_language
    from viewer.core.glossary import load_glossary
    from viewer.core.handout import build_handout
    from viewer.core.library import scan_folder
    from viewer.core.render import make_renderer

    library = scan_folder(folder)
    # The topic id ("vertebroplasty"), or a translation's file name without .md
    # ("vertebroplasty.es").
    meta = library.get(args.article) or library.get(*topic_and_language(Path(f"{args.article}.md")))
    if meta is None:
        known = ", ".join(library.ids()) or "none"
        return _fail(f"there is no article '{args.article}' in {folder} (articles there: {known}).")

    if "QT_QPA_PLATFORM" not in os.environ or not os.environ["QT_QPA_PLATFORM"]:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    from viewer.services.printing import (
        HandoutDocument,
        HandoutError,
        load_logo,
        logo_path,
        write_pdf,
    )
    from viewer.ui.theme import load_fonts

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    logo = logo_path(cfg)
    handout = build_handout(
        open_article(meta),
        cfg.branding,
        make_renderer(folder, set(library.ids())),
        load_glossary(folder, meta.language),
        large_print=args.large_print,
        with_logo=logo.is_file(),
    )
    document = HandoutDocument(handout, load_fonts(), load_logo(logo))
    try:
        write_pdf(out, document.pdf_bytes(cfg.printing.paper))
    except HandoutError as exc:
        return _fail(f"{exc}.")
    pages = document.page_count
    sys.stdout.write(
        f"Wrote {out} ({pages} page{'' if pages == 1 else 's'}, "
        f"{'large' if args.large_print else 'normal'} print, "
        f"{cfg.printing.paper}).\n"
    )
    return 0


def _fail(sentence: str) -> int:
    sys.stderr.write(f"kiosk: {sentence}\n")
    return EXIT_USAGE


def main(args: argparse.Namespace) -> int:
    """Check that --export-pdf and --article come together, then export."""
    if args.export_pdf is None:
        return _fail("--article and --large-print only work with --export-pdf OUT.pdf.")
    if not args.article:
        return _fail(
            "--export-pdf needs the article to export: add --article ID "
            "(the article's file name without .md)."
        )
    return export_pdf(args)
