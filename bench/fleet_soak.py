"""Fleet soak: the soak's random patient on a kiosk that counts, reports and watches content.

Usage: python bench/fleet_soak.py [--actions 3000] [--seed 7] [--out DIR]

The kiosk of bench/soak.py (offscreen, fake speech engine and player) gets what a deployed
kiosk has: a packed content folder (version 2026-12-01.1, kept in the state folder), the
usage counts, status.json and a Prometheus textfile. The random patient also prints now and
then (to the system's default printer: without one, printing fails and the status says so).
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
    args = parser.parse_args(argv)
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
    soak = FleetSoak(args.seed, real_speech=False)
    store = ContentStore(paths.state_dir())
    decision = store.decide(live)
    fleet = start_fleet(soak.window, cfg, store, live, decision, None)
    fleet.content_decided(decision)  # the soak's window opened the bundled folder
    for _ in range(args.actions):
        soak.step()
    fleet.reporter.tick()
    soak.QTest.qWait(200)  # a print still under way reports its outcome
    fleet.reporter.stop()
    w = sys.stdout.write
    w(f"Fleet soak: {args.actions:,} random actions (seed {args.seed}); files in {out}\n")
    w("Actions: " + ", ".join(f"{k} {v}" for k, v in sorted(soak.counts.items())) + "\n")
    w("Problems: " + ("; ".join(soak.problems) or "none") + "\n\n$ kiosk --usage\n")
    usage_cli.main(argparse.Namespace(since=None, csv=False))
    from viewer.core.status import status_line

    w(f"\nSTATUS={status_line(fleet.health)}\n\n$ cat {metrics}\n" + metrics.read_text())
    return 1 if soak.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
