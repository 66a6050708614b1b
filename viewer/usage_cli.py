"""``kiosk --usage [--since DATE] [--csv]``: the anonymous daily usage counts."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from viewer import paths
from viewer.core import usage

USAGE_FILE = "usage.sqlite3"


def usage_file():
    """The usage database in the kiosk's state folder."""
    return paths.state_dir() / USAGE_FILE


def main(args: argparse.Namespace) -> int:
    """Print the counts as a table (or CSV); 2 when --since is not a date."""
    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            sys.stderr.write(
                f"kiosk --usage: --since {args.since!r} is not a date like 2026-12-01.\n"
            )
            return 2
    counts = usage.UsageCounts(usage_file())
    rows = counts.rows(since)
    counts.close()
    if args.csv:
        sys.stdout.write(usage.csv_text(rows))
    else:
        sys.stdout.write(
            f"Usage counts in {usage_file()} (per day; counts under {usage.SMALL} show as "
            f"<{usage.SMALL}):\n\n" + usage.table(rows)
        )
    return 0
