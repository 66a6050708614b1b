"""``kiosk --usage [--since DATE] [--csv]``: the anonymous daily usage counts."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from viewer import paths
from viewer.core import usage


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
    counts = usage.UsageCounts(paths.usage_db())
    rows = counts.rows(since)
    counts.close()
    if args.csv:
        sys.stdout.write(usage.csv_text(rows))
    else:
        sys.stdout.write(
            f"Usage counts in {paths.usage_db()} (per day; counts under {usage.SMALL} show as "
            f"<{usage.SMALL}):\n\n" + usage.table(rows)
        )
    return 0
