"""The fleet parts of ``kiosk --diagnose``: content version, the running kiosk's status,
usage counts, and the whole report as JSON (``--json``; schema in docs/deploy.md)."""

from __future__ import annotations

import datetime as dt
import json
import platform
import time
from pathlib import Path
from typing import Any

from viewer import __version__, paths
from viewer.core.content_versions import ContentStore, verify
from viewer.core.usage import EVENTS, UsageCounts, shown

DIAGNOSE_SCHEMA = "patient-kiosk/diagnose/1"
STALE_SECONDS = 180


def describe_content_version(r, live: Path) -> None:
    """The content folder's version, whether it is usable, and the last good copy."""
    verdict = verify(live)
    last = ContentStore(paths.state_dir()).last_good()
    if verdict.ok and verdict.version:
        r.item("Version", f"{verdict.version} (every file matches manifest.toml)")
    elif verdict.ok:
        r.item("Version", "none: no manifest.toml (kiosk --pack-content makes one)")
    else:
        r.item("Version", f"{verdict.version or '-'}: NOT USABLE: {verdict.reason}")
    r.item("Last good copy", f"{last[0]} in {last[1]}" if last else "none yet")
    if not verdict.ok and last is None:
        r.need(f"the content cannot be used and there is no good copy: {verdict.reason}")
    r.data["content"] = {
        "folder": str(live),
        "version": verdict.version or None,
        "usable": verdict.ok,
        "reason": verdict.reason,
        "last_good": last[0] if last else None,
    }


def read_live_status() -> dict[str, Any] | None:
    """The running kiosk's status.json, or None."""
    try:
        return json.loads((paths.state_dir() / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe_live(r) -> None:
    """What the running kiosk last said about itself."""
    r.heading("Running kiosk")
    live = read_live_status()
    r.data["live"] = live
    if live is None:
        r.item("Status", f"no status.json in {paths.state_dir()} (the kiosk has not run)")
        return
    age = time.time() - float(live.get("time", 0))
    r.item("Status", live.get("line", "?"))
    when = dt.datetime.fromtimestamp(float(live.get("time", 0))).isoformat(timespec="seconds")
    note = f" (more than {STALE_SECONDS} s ago: not running?)" if age > STALE_SECONDS else ""
    r.item("Written", when + note)
    for kind, stamp in sorted(live.get("last_errors", {}).items()):
        r.item(f"Last {kind} error", dt.datetime.fromtimestamp(stamp).isoformat(timespec="seconds"))


def describe_usage(r) -> None:
    """Today's and this month's counts (small counts as <5)."""
    r.heading("Usage (anonymous counts; kiosk --usage for every day)")
    counts = UsageCounts(paths.usage_db())
    today = dt.date.today()
    day, month = counts.totals(today), counts.totals(today.replace(day=1))
    counts.close()
    for event, label in EVENTS.items():
        r.item(label[:17], f"today {shown(day[event])}, this month {shown(month[event])}")
    r.data["usage"] = {
        "today": {e: shown(n) for e, n in day.items()},
        "month": {e: shown(n) for e, n in month.items()},
    }


def as_json(r) -> str:
    """The report as one JSON object."""
    data = {
        "schema": DIAGNOSE_SCHEMA,
        "version": __version__,
        "host": platform.node(),
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "ok": not r.missing,
        "problems": list(r.missing),
        **r.data,
        "report": r.lines,
    }
    return json.dumps(data, indent=2, default=str) + "\n"
