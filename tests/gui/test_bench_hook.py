"""The benchmark's opt-in first-paint hook (viewer/ui/bench_hook.py)."""

from __future__ import annotations

import time

import pytest

from tests.gui.conftest import wait_for_paint
from viewer.ui import bench_hook


def test_records_first_paint_of_the_opened_article(
    qtbot, make_window, monkeypatch, content_dir, tmp_path
):
    marker = tmp_path / "paint.txt"
    monkeypatch.setenv(bench_hook.FIRST_PAINT_ENV, str(marker))
    monkeypatch.setenv(bench_hook.OPEN_ENV, "knee")
    before = time.monotonic()
    window = make_window(content_dir, before_show=bench_hook.install)
    qtbot.waitUntil(marker.exists)
    screen, stamp, cpu = marker.read_text().split()
    assert screen == "article" and before < float(stamp) <= time.monotonic()
    assert 0 < float(cpu) <= time.process_time()
    assert window.reader.article is not None and window.reader.article.id == "knee"
    window.commands.next_section.trigger()
    wait_for_paint(qtbot, window.article_page.text.viewport())
    assert len(marker.read_text().splitlines()) == 1  # the first paint only


def test_records_the_home_screen_without_an_article(
    qtbot, make_window, monkeypatch, content_dir, tmp_path
):
    marker = tmp_path / "paint.txt"
    monkeypatch.setenv(bench_hook.FIRST_PAINT_ENV, str(marker))
    monkeypatch.delenv(bench_hook.OPEN_ENV, raising=False)
    window = make_window(content_dir, before_show=bench_hook.install)
    qtbot.waitUntil(marker.exists)
    assert marker.read_text().split()[0] == "home"
    assert window.reader.article is None


def test_does_nothing_when_not_asked(qtbot, make_window, monkeypatch, content_dir, tmp_path):
    for name in (bench_hook.FIRST_PAINT_ENV, bench_hook.OPEN_ENV, bench_hook.READ_ENV):
        monkeypatch.delenv(name, raising=False)
    window = make_window(content_dir, before_show=bench_hook.install)
    wait_for_paint(qtbot, window.home_page)
    assert window.reader.article is None and window.findChildren(bench_hook.FirstPaint) == []


def test_writes_the_start_up_stages_before_the_first_paint(
    qtbot, make_window, monkeypatch, content_dir, tmp_path
):
    from bench.startup import paint_lines, stages
    from viewer import bench_marks

    marker = tmp_path / "paint.txt"
    monkeypatch.setenv(bench_hook.FIRST_PAINT_ENV, str(marker))
    monkeypatch.setenv(bench_hook.OPEN_ENV, "knee")
    monkeypatch.setattr(bench_marks, "_on", True)
    monkeypatch.setattr(bench_marks, "marks", [])
    before = time.monotonic()
    bench_marks.mark("python")
    make_window(content_dir, before_show=bench_hook.install, whole=False)
    bench_marks.mark("show")
    qtbot.waitUntil(lambda: bool(paint_lines(marker)))
    lines = marker.read_text().splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["stage", "python"],
        ["stage", "show"],
        ["article", lines[-1].split()[1]],
    ]
    # The benchmark's reading: each stage from the mark before it; together, the whole start.
    st = stages(paint_lines(marker), before)
    assert list(st) == ["python", "show", "first paint"]
    # The stages add up to the whole start-up, in wall time and in CPU time.
    last_wall, last_cpu = (float(x) for x in lines[-1].split()[-2:])
    assert sum(s["wall"] for s in st.values()) == pytest.approx(last_wall - before)
    assert sum(s["cpu"] for s in st.values()) == pytest.approx(last_cpu)
    assert st["show"]["wall"] > 0  # building and showing the window took time
