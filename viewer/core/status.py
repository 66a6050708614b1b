"""The kiosk's live status for IT: one line for systemd, a JSON object, Prometheus metrics.

No Qt. :class:`Health` is what the running kiosk knows about itself; :func:`status_line` is
systemd's ``STATUS=`` text ("home screen; speech ready; printer front-desk ready; content
2026-12-01.1"), :func:`status_dict` the ``status.json`` object (``kiosk --diagnose --json``
shows it under ``live``) and :func:`write_metrics` the node_exporter textfile, written
atomically by ``prometheus_client.write_to_textfile``.

prometheus_client is imported on the first write only: with it come http.server, urllib,
email, ssl and OpenSSL's libcrypto (about 4 MiB PSS alone), which a kiosk without a metrics file
(the default) never needs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from prometheus_client.core import Metric

STATUS_SCHEMA = "patient-kiosk/status/1"
ERROR_KINDS = ("speech", "printer", "content")


@dataclass
class Health:
    """What the kiosk knows about itself right now."""

    screen: str = "starting"  # "home screen", "attract screen", "reading", "staff mode"
    speech: str = "off"  # "ready", "starting", "off", "failed"
    speech_detail: str = ""
    printer: str = ""  # the printer's name, "" for the system's default printer
    printer_state: str = "off"  # "ready" (or not tried yet), "failing", "off"
    printer_detail: str = ""
    content_version: str = ""
    content_state: str = ""  # "current", "fallback", "unversioned", "missing"
    content_reason: str = ""
    last_errors: dict[str, float] = field(default_factory=dict)  # kind -> Unix time
    started: float = field(default_factory=time.time)

    def error(self, kind: str, when: float | None = None) -> None:
        """Note an error of ``kind`` (speech, printer or content) now."""
        self.last_errors[kind] = time.time() if when is None else when


def content_words(h: Health) -> str:
    """The content part of the status: the version showing and, if not the newest, why."""
    version = h.content_version or "unversioned"
    if h.content_state == "fallback":
        return f"content {version} (last good; {h.content_reason})"
    if h.content_state == "missing":
        return f"content missing ({h.content_reason})"
    return f"content {version}"


def status_line(h: Health) -> str:
    """systemd's STATUS= text."""
    printer = h.printer or "default"
    parts = [
        h.screen,
        f"speech {h.speech}",
        "printing off" if h.printer_state == "off" else f"printer {printer} {h.printer_state}",
        content_words(h),
    ]
    return "; ".join(parts)


def status_dict(h: Health, version: str, usage_totals: Mapping[str, int]) -> dict:
    """The status as one JSON-ready object (schema in docs/deploy.md)."""
    data = asdict(h)
    return {
        "schema": STATUS_SCHEMA,
        "version": version,
        "time": time.time(),
        "line": status_line(h),
        **data,
        "usage_totals": dict(usage_totals),
    }


class _Collector:
    """The kiosk's metrics from a status snapshot (a prometheus_client collector)."""

    def __init__(self, h: Health, version: str, usage_totals: Mapping[str, int]) -> None:
        self.h, self.version, self.usage = h, version, usage_totals

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        h = self.h
        up = GaugeMetricFamily("kiosk_up", "1 while the kiosk runs (see the timestamp).")
        up.add_metric([], 1)
        yield up
        stamp = GaugeMetricFamily(
            "kiosk_status_timestamp_seconds", "When the kiosk wrote this file (Unix time)."
        )
        stamp.add_metric([], time.time())
        yield stamp
        info = GaugeMetricFamily(
            "kiosk_info", "Program and content version.", labels=["version", "content_version"]
        )
        info.add_metric([self.version, h.content_version or "unversioned"], 1)
        yield info
        fallback = GaugeMetricFamily(
            "kiosk_content_fallback",
            "1 when the kiosk shows its last good content because the newest is unusable.",
        )
        fallback.add_metric([], 1 if h.content_state in ("fallback", "missing") else 0)
        yield fallback
        speech = GaugeMetricFamily(
            "kiosk_speech_up", "1 when read aloud works, 0 when it failed or is off."
        )
        speech.add_metric([], 1 if h.speech == "ready" else 0)
        yield speech
        printer = GaugeMetricFamily(
            "kiosk_printer_up",
            "1 when the printer can print, 0 when it fails (absent when printing is off).",
            labels=["printer"],
        )
        if h.printer_state != "off":
            printer.add_metric([h.printer or "default"], 1 if h.printer_state == "ready" else 0)
        yield printer
        errors = GaugeMetricFamily(
            "kiosk_last_error_timestamp_seconds",
            "When the last error of each kind happened (Unix time).",
            labels=["kind"],
        )
        for kind, when in sorted(h.last_errors.items()):
            errors.add_metric([kind], when)
        yield errors
        usage = CounterMetricFamily(
            "kiosk_usage", "Anonymous usage counts since counting began.", labels=["event"]
        )
        for event, n in self.usage.items():
            usage.add_metric([event], n)
        yield usage


def write_metrics(path: Path, h: Health, version: str, usage_totals: Mapping[str, int]) -> None:
    """Write the Prometheus textfile atomically (a temporary file renamed over ``path``)."""
    from prometheus_client import CollectorRegistry, write_to_textfile
    from prometheus_client.registry import Collector

    registry = CollectorRegistry(auto_describe=False)
    registry.register(cast(Collector, _Collector(h, version, usage_totals)))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_to_textfile(str(path), registry)
