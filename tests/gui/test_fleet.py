"""A running kiosk for IT: the live status, the Prometheus file, usage counts from real
taps, and content updates that are checked, switched at an idle moment and fall back to the
last good version when broken, half-copied or gone."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import write_article
from viewer import __version__, config, paths
from viewer.core.content_versions import ContentStore, pack
from viewer.core.usage import UsageCounts
from viewer.ui.fleet import start_fleet


def metrics(path: Path) -> dict[tuple[str, tuple], float]:
    """Every sample in a Prometheus text file: (name, sorted labels) -> value."""
    text = path.read_text(encoding="utf-8")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def usage(path: Path, event: str) -> float:
    return metrics(path)[("kiosk_usage_total", (("event", event),))]


@pytest.fixture
def kiosk(make_window, content_dir, tmp_path, qtbot):
    """The kiosk on a packed content folder (version v1), with a metrics file, reporting
    every 100 ms and checking its content folder every 100 ms (not its printer)."""
    pack(content_dir, "v1")
    metrics_file = tmp_path / "textfile" / "patient-kiosk.prom"
    cfg = config.Config().replace(
        monitoring=config.MonitoringSettings(metrics_file=str(metrics_file))
    )
    store = ContentStore(paths.state_dir())
    decision = store.decide(content_dir)
    window = make_window(decision.folder, cfg)
    lines: list[str] = []
    fleet = start_fleet(
        window,
        cfg,
        store,
        content_dir,
        decision,
        lines.append,
        interval_ms=100,
        check_ms=100,
        printer_check_ms=0,  # CUPS is not asked here: tests/gui/test_fleet_printer.py
    )
    qtbot.waitUntil(metrics_file.exists)
    yield SimpleNamespace(
        window=window, fleet=fleet, lines=lines, metrics=metrics_file, live=content_dir, store=store
    )
    fleet.reporter.stop()


def tap_tile(qtbot, window, title: str) -> None:
    tile = next(t for t in window.home_page.tiles if title in t.accessibleName() + t.text())
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)


def test_the_metrics_file_parses_and_counts_a_topic_that_is_opened(kiosk, qtbot):
    window, path = kiosk.window, kiosk.metrics
    first = metrics(path)
    assert first[("kiosk_up", ())] == 1
    assert first[("kiosk_info", (("content_version", "v1"), ("version", __version__)))] == 1
    assert first[("kiosk_printer_up", (("printer", "default"),))] == 1
    assert first[("kiosk_content_fallback", ())] == 0
    before = usage(path, "topic_opened")
    tap_tile(qtbot, window, "Back pain")
    assert window.reader.article is not None and window.reader.article.id == "back"
    qtbot.waitUntil(lambda: usage(path, "topic_opened") == before + 1)
    assert usage(path, "section_reached") >= 1
    assert usage(path, "language") == before + 1
    assert not list(path.parent.glob("*.tmp*"))  # written atomically: no leftovers


def test_systemd_hears_the_screen_speech_printer_and_content_version(kiosk, qtbot):
    qtbot.waitUntil(
        lambda: (
            kiosk.lines
            and kiosk.lines[-1] == "home screen; speech ready; printer default ready; content v1"
        )
    )
    tap_tile(qtbot, kiosk.window, "Knee surgery")
    qtbot.waitUntil(lambda: kiosk.lines[-1].startswith("reading; "))
    kiosk.fleet.kiosk.reset_for_next_visitor()
    qtbot.waitUntil(lambda: kiosk.lines[-1].startswith("attract screen; "))
    status = (paths.state_dir() / "status.json").read_text(encoding="utf-8")
    assert '"screen": "attract screen"' in status and '"content_version": "v1"' in status


def status_says(kiosk, words: str) -> bool:
    return bool(kiosk.lines) and words in kiosk.lines[-1]


def test_a_broken_update_leaves_the_kiosk_on_the_last_good_version(kiosk, qtbot, caplog):
    window = kiosk.window
    showing = window.reader.content_dir
    (kiosk.live / "bad.md").write_text(
        "---\ntitle: Bad\nlanguage: en\n---\nHello <script>x</script>\n", encoding="utf-8"
    )
    pack(kiosk.live, "v2")
    qtbot.waitUntil(lambda: status_says(kiosk, "update v2 not used: broken: bad.md"))
    assert (
        "; content v1 (last good; update v2 not used: broken: bad.md:5: error: raw HTML"
        in (kiosk.lines[-1])
    )
    assert window.reader.content_dir == showing == kiosk.store.path("v1")
    assert sorted(m.id for m in window.reader.library.articles) == ["back", "knee"]
    qtbot.waitUntil(lambda: metrics(kiosk.metrics)[("kiosk_content_fallback", ())] == 1)
    assert f"Content: showing v1 from {showing}: update v2 not used: broken: bad.md" in caplog.text


def test_a_half_copied_update_leaves_the_kiosk_on_the_last_good_version(kiosk, qtbot):
    write_article(kiosk.live, "hip", "Hip surgery")
    pack(kiosk.live, "v2")
    (kiosk.live / "hip.md").write_text("---\ntitle: Hip", encoding="utf-8")  # copy cut short
    qtbot.waitUntil(
        lambda: status_says(kiosk, "update v2 not used: half-copied: hip.md does not match")
    )
    assert kiosk.window.reader.content_dir == kiosk.store.path("v1")
    assert kiosk.window.reader.library.get("hip") is None


def test_a_content_folder_that_is_gone_leaves_the_last_good_version(kiosk, qtbot):
    shutil.rmtree(kiosk.live)  # the share was unmounted
    qtbot.waitUntil(lambda: status_says(kiosk, "is gone (not mounted?)"))
    assert "content v1 (last good; the content folder not used" in kiosk.lines[-1]
    assert [m.id for m in kiosk.window.reader.library.articles] == ["back", "knee"]


def test_a_good_update_waits_for_the_home_screen(kiosk, qtbot):
    window = kiosk.window
    tap_tile(qtbot, window, "Back pain")
    window.commands.next_section.trigger()
    write_article(kiosk.live, "hip", "Hip surgery")
    pack(kiosk.live, "v2")
    qtbot.waitUntil(lambda: kiosk.fleet.pending is not None)
    assert window.reader.content_dir == kiosk.store.path("v1")  # not under the reader
    assert window.reader.article is not None and window.reader.reading.index == 1
    assert "content v1" in kiosk.lines[-1]
    window.commands.home.trigger()
    assert window.reader.content_dir == kiosk.store.path("v2")
    assert "Hip surgery" in [m.title for m in window.reader.library.articles]
    assert any("Hip surgery" in t.text() + t.accessibleName() for t in window.home_page.tiles)
    qtbot.waitUntil(lambda: status_says(kiosk, "home screen;") and status_says(kiosk, "content v2"))


def test_staff_see_todays_and_this_months_counts(kiosk, qtbot):
    for _ in range(5):
        tap_tile(qtbot, kiosk.window, "Knee surgery")
        kiosk.window.commands.home.trigger()
    mode = kiosk.window.kiosk
    mode.enter_staff()
    QTest.mouseClick(mode.menu.buttons["usage"], Qt.MouseButton.LeftButton)
    popup = kiosk.window.popup
    assert popup.isVisible() and popup.heading.text() == "Usage counts"
    assert "Topics opened: 5 (5). Sections: 5 (5)." in popup.text.text()
    assert "Handouts: <5 (<5), pages: <5 (<5)." in popup.text.text()
    assert "Nothing about a visitor is kept." in popup.text.text()
    label = popup.text  # the whole text fits: the label is as tall as its wrapped lines
    assert label.height() >= label.heightForWidth(label.width()) > 0


def test_the_file_watcher_sees_an_update_without_the_periodic_check(
    make_window, content_dir, qtbot
):
    pack(content_dir, "v1")
    store = ContentStore(paths.state_dir())
    decision = store.decide(content_dir)
    window = make_window(decision.folder)
    lines: list[str] = []
    fleet = start_fleet(
        window,
        config.Config(),
        store,
        content_dir,
        decision,
        lines.append,
        check_ms=3_600_000,  # the periodic check would come in an hour
        printer_check_ms=0,
    )
    write_article(content_dir, "hip", "Hip surgery")
    pack(content_dir, "v2")
    qtbot.waitUntil(lambda: window.reader.library.get("hip") is not None, timeout=15_000)
    assert window.reader.content_dir == store.path("v2") and "; content v2" in lines[-1]
    fleet.reporter.stop()


def test_what_a_visitor_does_is_counted_per_day_only(kiosk, qtbot, fake_speech):
    window = kiosk.window
    tap_tile(qtbot, window, "Knee surgery")
    window.commands.font_bigger.trigger()
    window.commands.toggle_theme.trigger()
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle")
    window.commands.read_aloud.trigger()
    player = fake_speech.players[0]
    qtbot.waitUntil(lambda: ra.current >= 0)
    while ra.speech.active:  # listen to the end: each sentence's audio starts, then ends
        before = ra.current
        player.finish()
        qtbot.waitUntil(lambda b=before: ra.current != b or not ra.speech.active)
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: player.current is not None)
    player.fail("no sound card")
    window.kiosk.reset_for_next_visitor()
    counts = UsageCounts(paths.usage_db())
    qtbot.waitUntil(lambda: counts.totals()["idle_reset"] == 1)  # saved by the next tick
    rows = {(event, detail): n for _day, event, detail, n in counts.rows()}
    assert rows == {
        ("topic_opened", "knee"): 1,
        ("language", "en"): 1,
        **{("section_reached", f"knee: section {n} of 4"): 1 for n in range(1, 5)},
        ("text_size", "125%"): 1,
        ("contrast", "high-contrast"): 1,
        ("read_aloud_started", ""): 2,
        ("read_aloud_finished", ""): 1,
        ("speech_failure", ""): 1,
        ("idle_reset", ""): 1,
    }
    assert any("; speech failed; " in line for line in kiosk.lines)  # until it is restarted
    assert "speech" in kiosk.fleet.health.last_errors
    days = {day for day, *_ in counts.rows()}
    assert days == {dt.date.today().isoformat()}
