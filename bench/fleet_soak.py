"""Fleet soak: the soak's random patient on a kiosk that counts, reports and watches content.

Usage: python bench/fleet_soak.py [--actions 3000] [--seed 7] [--out DIR] [--cups]

The kiosk of bench/soak.py (offscreen, fake speech engine and player) gets what a deployed
kiosk has: a packed content folder (version 2026-12-01.1, kept in the state folder), the
usage counts, status.json and a Prometheus textfile. The random patient also prints now and
then: with ``--cups`` to a cups-pdf queue "FrontDesk" of a private cupsd (tests/cups.py; the
PDFs it writes are removed with it), else to the system's default printer (without one, printing
fails and the status says so).
At the end it prints ``kiosk --usage`` for the day, the status line and the metrics file, and
exits 1 if the soak saw a problem. Everything it writes goes to a temporary folder (or --out).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.soak import Soak, offscreen  # noqa: E402

VERSION = "2026-12-01.1"


class FleetSoak(Soak):
    """The soak's patient, who also prints."""

    ACTIONS = (*Soak.ACTIONS, ("print_handout", 1.0))

    def print_handout(self) -> None:
        printing = self.window.printing
        if self.on(self.window.article_page) and not printing.service.busy:
            self.window.commands.print_article.trigger()
            printing.confirm()
            printing.card.dismiss()


def main(argv: list[str] | None = None) -> int:
    """Run the soak with the fleet parts and print what IT would see."""
    parser = argparse.ArgumentParser(prog="python bench/fleet_soak.py", description=__doc__)
    parser.add_argument("--actions", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="folder for state, content and metrics")
    parser.add_argument("--cups", action="store_true", help="print to a private cupsd")
    args = parser.parse_args(argv)
    if not args.cups:
        return soak(args)
    from tests import cups

    with cups.scheduler() as running:  # its PDFs go to its own folder, removed with it
        os.environ["CUPS_SERVER"] = str(running.socket)
        running.add_pdf_queue("FrontDesk", default=True)
        return soak(args)


def soak(args: argparse.Namespace) -> int:
    """The soak itself."""
    out = args.out or Path(tempfile.mkdtemp(prefix="kiosk-fleet-soak-"))
    os.environ["KIOSK_STATE_DIR"] = str(out / "state")
    os.environ["KIOSK_SITE_CONFIG_DIR"] = str(out / "etc")
    offscreen()

    from viewer import config, paths, usage_cli
    from viewer.core.content_versions import ContentStore, pack
    from viewer.ui.fleet import start_fleet

    live = out / "share"
    shutil.rmtree(live, ignore_errors=True)
    shutil.copytree(paths.bundled_content_dir(), live)
    pack(live, VERSION)
    metrics = out / "textfile" / "patient-kiosk.prom"
    cfg = config.Config().replace(monitoring=config.MonitoringSettings(metrics_file=str(metrics)))
    patient = FleetSoak(args.seed, real_speech=False)
    store = ContentStore(paths.state_dir())
    decision = store.decide(live)
    fleet = start_fleet(patient.window, cfg, store, live, decision, None, printer_check_ms=1000)
    fleet.content_decided(decision)  # the soak's window opened the bundled folder
    for _ in range(args.actions):
        patient.step()
    service = patient.window.printing.service
    for _ in range(600):  # a print still under way reports its outcome (at most a minute)
        if not service.busy:
            break
        patient.QTest.qWait(100)
    fleet.reporter.stop()
    w = sys.stdout.write
    w(f"Fleet soak: {args.actions:,} random actions (seed {args.seed}); files in {out}\n")
    w("Actions: " + ", ".join(f"{k} {v}" for k, v in sorted(patient.counts.items())) + "\n")
    w("Problems: " + ("; ".join(patient.problems) or "none") + "\n\n$ kiosk --usage\n")
    usage_cli.main(argparse.Namespace(since=None, csv=False))
    from viewer.core.status import status_line

    w(f"\nSTATUS={status_line(fleet.health)}\n\n$ cat {metrics}\n" + metrics.read_text())
    return 1 if patient.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
