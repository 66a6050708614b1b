"""Anonymous usage counts: per day only, small counts hidden, and a database that survives
a kill in the middle of a write."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_kiosk
from viewer.core import usage
from viewer.core.usage import UsageCounts

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Clock:
    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def test_counts_are_kept_per_day_and_only_written_on_flush(tmp_path):
    clock = Clock(dt.date(2026, 11, 30))
    counts = UsageCounts(tmp_path / "usage.sqlite3", today=clock)
    for _ in range(7):
        counts.add("topic_opened", "back")
    counts.add("handout_pages", n=6)
    assert not (tmp_path / "usage.sqlite3").exists()  # nothing written before the flush
    assert counts.flush()
    clock.day = dt.date(2026, 12, 1)
    counts.add("topic_opened", "back")
    assert counts.rows() == [
        ("2026-11-30", "topic_opened", "back", 7),
        ("2026-11-30", "handout_pages", "", 6),
        ("2026-12-01", "topic_opened", "back", 1),  # not saved yet, but reported
    ]
    counts.close()
    again = UsageCounts(tmp_path / "usage.sqlite3", today=clock)
    assert again.totals(dt.date(2026, 12, 1))["topic_opened"] == 1
    assert again.totals()["topic_opened"] == 8


def test_reports_show_small_counts_as_less_than_five(tmp_path):
    counts = UsageCounts(tmp_path / "u.sqlite3", today=lambda: dt.date(2026, 12, 1))
    counts.add("topic_opened", "knee", 3)
    counts.add("topic_opened", "back", 12)
    text = usage.table(counts.rows())
    assert re.search(r"Topics opened: knee\s+<5$", text, re.MULTILINE)
    assert re.search(r"Topics opened: back\s+12$", text, re.MULTILINE)
    assert "3" not in text.replace("2026", "")
    assert usage.csv_text(counts.rows()).splitlines() == [
        "day,event,detail,count",
        "2026-12-01,topic_opened,back,12",
        "2026-12-01,topic_opened,knee,<5",
    ]


def test_the_database_refuses_anything_finer_than_a_day(tmp_path):
    counts = UsageCounts(tmp_path / "u.sqlite3")
    counts.add("idle_reset")
    counts.close()
    with sqlite3.connect(tmp_path / "u.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(counts)")]
        assert columns == ["day", "event", "detail", "n"]
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO counts VALUES ('2026-12-01T10:15:00', 'idle_reset', '', 1)")


WRITER = """
import sys
from viewer.core.usage import UsageCounts
counts = UsageCounts(sys.argv[1])
batch = int(sys.argv[2])
while True:
    for i in range(batch):
        counts.add("section_reached", f"topic-{i}: section 1")
        counts.add("topic_opened", f"topic-{i}")
    print("writing", flush=True)
    counts.flush()
"""


def test_a_kill_in_the_middle_of_a_write_leaves_a_sound_database(tmp_path):
    """Five writers, each killed (SIGKILL) just after it starts writing a batch."""
    path = tmp_path / "usage.sqlite3"
    batch = 20_000
    for _ in range(5):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(batch)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(2):  # kill it during its second write
            assert child.stdout.readline() == "writing\n"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL
        child.stdout.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        days = [row[0] for row in db.execute("SELECT DISTINCT day FROM counts")]
        counts = db.execute("SELECT n FROM counts WHERE event = 'topic_opened'").fetchall()
        rows = db.execute("SELECT COUNT(*) FROM counts").fetchone()[0]
    assert days and all(DAY.match(day) for day in days)
    # A batch is in the file whole or not at all: every topic has the same count.
    assert rows == 2 * batch
    assert len({n for (n,) in counts}) == 1 and counts[0][0] >= 5  # at least each first write
    assert UsageCounts(path).totals()["section_reached"] == batch * counts[0][0]


def test_a_damaged_file_is_moved_aside_and_counting_goes_on(tmp_path, caplog):
    path = tmp_path / "usage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    counts = UsageCounts(path, today=lambda: dt.date(2026, 12, 1))
    counts.add("idle_reset")
    assert counts.flush()
    assert (tmp_path / "usage.sqlite3.broken-2026-12-01").exists()
    assert "damaged" in caplog.text
    assert counts.totals()["idle_reset"] == 1


def run_usage(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk("--usage", *args)


def test_kiosk_usage_prints_the_counts_since_a_day(tmp_path):
    path = Path(os.environ["KIOSK_STATE_DIR"]) / "usage.sqlite3"
    for day, n in ((dt.date(2026, 11, 29), 9), (dt.date(2026, 12, 1), 2)):
        counts = UsageCounts(path, today=lambda d=day: d)
        counts.add("read_aloud_started", n=n)
        counts.close()
    result = run_usage("--since", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert "2026-12-01" in result.stdout and "2026-11-29" not in result.stdout
    assert re.search(r"Read aloud started\s+<5", result.stdout)
    assert run_usage("--csv").stdout.splitlines()[1:] == [
        "2026-11-29,read_aloud_started,,9",
        "2026-12-01,read_aloud_started,,<5",
    ]
    bad = run_usage("--since", "yesterday")
    assert bad.returncode == 2 and "not a date like 2026-12-01" in bad.stderr
