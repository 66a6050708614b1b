"""Anonymous usage counts: how often each thing happened on each day, nothing else (no Qt).

What is kept is one number per (day, event, detail), e.g. (2026-12-01, topic_opened, back):
no time finer than the day, no order of events, nothing about a visitor. The database
itself refuses a ``day`` that is not a plain date (a CHECK constraint). Counts are added up
in memory and written by :meth:`UsageCounts.flush` (the kiosk calls it once a minute and at
exit) in one transaction of a SQLite database in WAL mode with full sync, so a crash or a
power cut loses at most the counts since the last flush and never leaves a damaged file.
Reports show a count under :data:`SMALL` as "<5".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

SMALL = 5
"""Counts below this are shown as "<5" in every report."""

EVENTS: dict[str, str] = {
    "topic_opened": "Topics opened",
    "section_reached": "Sections reached",
    "read_aloud_started": "Read aloud started",
    "read_aloud_finished": "Read aloud finished (to the end)",
    "text_size": "Text size chosen",
    "contrast": "Colour theme chosen",
    "language": "Language of the topics opened",
    "handout_printed": "Handouts printed",
    "handout_pages": "Handout pages printed",
    "idle_reset": "Idle resets (visitors who left)",
    "speech_failure": "Read-aloud failures",
    "printer_failure": "Printer failures",
}
"""Every event counted, with what a report calls it."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (day, event, detail)
) WITHOUT ROWID
"""
UPSERT = (
    "INSERT INTO counts (day, event, detail, n) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (day, event, detail) DO UPDATE SET n = n + excluded.n"
)

Key = tuple[str, str, str]  # day, event, detail
Row = tuple[str, str, str, int]


def _natural(text: str) -> list:
    """Sort key that puts "section 2" before "section 10"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)
    ]


def shown(n: int) -> str:
    """A count as a report shows it: "<5" for small ones."""
    return f"<{SMALL}" if n < SMALL else str(n)


class UsageCounts:
    """Daily counts in memory, flushed to a SQLite file in one transaction."""

    def __init__(self, path: Path, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.path = Path(path)
        self.today = today
        self.pending: Counter[Key] = Counter()
        self._db: sqlite3.Connection | None = None

    # -- counting ------------------------------------------------------------------------
    def add(self, event: str, detail: str = "", n: int = 1) -> None:
        """Count ``n`` of ``event`` today (in memory until the next flush)."""
        if event not in EVENTS:
            raise ValueError(f"unknown usage event {event!r}")
        if n > 0:
            self.pending[(self.today().isoformat(), event, detail)] += n

    def flush(self) -> bool:
        """Write the counts in memory in one transaction; False (kept for later) on failure."""
        if not self.pending:
            return True
        batch = dict(self.pending)
        try:
            db = self._connection()
            with db:  # one transaction: all of the batch or none of it
                db.executemany(UPSERT, [(*key, n) for key, n in batch.items()])
        except sqlite3.Error as exc:
            log.error("Usage counts could not be saved in %s (kept for later): %s", self.path, exc)
            return False
        self.pending.subtract(batch)
        self.pending = +self.pending  # drop what was written
        return True

    def close(self) -> None:
        """Flush and close the database."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- reading -------------------------------------------------------------------------
    def rows(self, since: dt.date | None = None) -> list[Row]:
        """(day, event, detail, count), saved and not yet saved, sorted by day and event."""
        totals: Counter[Key] = Counter()
        if self.path.exists():
            try:
                query = "SELECT day, event, detail, n FROM counts"
                params: tuple[str, ...] = ()
                if since is not None:
                    query += " WHERE day >= ?"
                    params = (since.isoformat(),)
                for day, event, detail, n in self._connection().execute(query, params):
                    totals[(day, event, detail)] += n
            except sqlite3.Error as exc:
                log.error("Usage counts in %s cannot be read: %s", self.path, exc)
        for key, n in self.pending.items():
            if since is None or key[0] >= since.isoformat():
                totals[key] += n
        order = list(EVENTS)
        return sorted(
            ((*key, n) for key, n in totals.items()),
            key=lambda r: (r[0], order.index(r[1]) if r[1] in order else 99, _natural(r[2])),
        )

    def totals(self, since: dt.date | None = None) -> dict[str, int]:
        """Count per event (all details together), every event listed."""
        out = dict.fromkeys(EVENTS, 0)
        for _day, event, _detail, n in self.rows(since):
            out[event] = out.get(event, 0) + n
        return out

    # -- the database --------------------------------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as exc:
                aside = self.path.with_name(f"{self.path.name}.broken-{self.today().isoformat()}")
                log.error("Usage counts %s are damaged (%s); moved to %s", self.path, exc, aside)
                self.path.replace(aside)
                for suffix in ("-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(SCHEMA)
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db


def table(rows: Iterable[Row]) -> str:
    """Rows as a plain-text table, one day after another, small counts as "<5"."""
    lines: list[str] = []
    day = None
    for row_day, event, detail, n in rows:
        if row_day != day:
            if lines:
                lines.append("")
            lines.append(row_day)
            day = row_day
        what = EVENTS.get(event, event) + (f": {detail}" if detail else "")
        lines.append(f"  {what:<58} {shown(n):>6}")
    return "\n".join(lines) + "\n" if lines else "No usage counted yet.\n"


def csv_text(rows: Iterable[Row]) -> str:
    """Rows as CSV: day,event,detail,count (small counts as "<5")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "event", "detail", "count"])
    for day, event, detail, n in rows:
        writer.writerow([day, event, detail, shown(n)])
    return out.getvalue()


def summary(counts: UsageCounts, today: dt.date) -> str:
    """Today's counts and, in brackets, this month's: a few short lines for the staff menu."""
    d = counts.totals(today)
    m = counts.totals(today.replace(day=1))

    def both(event: str) -> str:
        return f"{shown(d[event])} ({shown(m[event])})"

    return "\n".join(
        [
            f"Today, and this month ({today.strftime('%B')}) in brackets.",
            f"Topics opened: {both('topic_opened')}. Sections: {both('section_reached')}.",
            f"Read aloud: {both('read_aloud_started')}, to the end: {both('read_aloud_finished')}.",
            f"Handouts: {both('handout_printed')}, pages: {both('handout_pages')}.",
            f"Visitors who left: {both('idle_reset')}.",
            f"Failures: read aloud {both('speech_failure')}, printer {both('printer_failure')}.",
            f"Counts under {SMALL} show as <{SMALL}. Nothing about a visitor is kept.",
        ]
    )
