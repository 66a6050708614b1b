"""The benchmark's verdicts (bench/report.py, bench/analysis.py) from made-up results.

No timing here: these check that a figure is judged against its target the way the report
says, that a failure is never counted as a pass, and that an unmeasured target says why.
"""

from __future__ import annotations

import pytest

from bench import analysis, procs, report


def rounds(hook: float, cpu: float, n: int = 3) -> list[dict]:
    """Start-up rounds with the same figures."""
    return [{"screen": hook, "hook": hook, "cpu": cpu} for _ in range(n)]


@pytest.fixture
def results() -> dict:
    """A run in which every measured target is met."""
    return {
        "startup": {"kiosk article": rounds(0.24, 0.2), "floor": rounds(0.2, 0.18)},
        "speech": {"taps": {"warm": [50.0, 60.0, 70.0], "cold start": [120.0]}},
        "handout": {
            "kiosk_s": {"median": 0.03},
            "command_ratio": {"median": 3.5},
            "kiosk_command": [0.2],
            "chromium": [0.7],
            "in_process": {"normal": {"median_s": 0.03}},
        },
        "soak": {
            "actions": 20_000,
            "done": 20_000,
            "seed": 1,
            "speech": "real",
            "growth_mib": 1.0,
            "second_half_slope_mib_per_1000": 0.01,
            "ok": True,
            "problems": [],
        },
        "chromium_status": "Chromium is not installed (Debian package chromium)",
    }


def verdict(res: dict, start: str) -> dict:
    """The one target whose name starts with ``start``."""
    found = [t for t in report.targets(res) if t["target"].startswith(start)]
    assert len(found) == 1, [t["target"] for t in report.targets(res)]
    return found[0]


def test_met_targets_are_met_and_missing_parts_say_why(results: dict) -> None:
    assert verdict(results, "Start-up to the first article at most 1.3x the floor, CPU")["met"]
    assert verdict(results, "Handout PDF at least 3x")["met"]
    chromium = verdict(results, "Start-up at least 2.5x faster than Chromium")
    assert chromium["met"] is None and "not installed" in chromium["missed_by"]
    assert verdict(results, "Tap to first audio at most 300 ms, first tap after")["met"] is None
    assert analysis.section(results, report.targets(results)) == []


def test_a_tap_without_audio_fails_its_target(results: dict) -> None:
    results["speech"]["taps"]["warm"] = [50.0, None, 60.0]
    row = verdict(results, "Tap to first audio at most 300 ms, speech process ready")
    assert row["met"] is False and "1 of 3 taps brought no audio" in row["missed_by"]
    # Counted as the slowest tap, not dropped: the median moves from 55 to 60 ms.
    assert row["value"] == 60.0


def test_the_soak_fails_its_target_when_its_own_check_fails(results: dict) -> None:
    results["soak"] |= {"ok": False, "problems": ["Qt QtWarningMsg: something"]}
    row = verdict(results, "Soak growth at most 10 MB")
    assert row["met"] is False and "1 problem" in row["missed_by"]
    text = "\n".join(analysis.section(results, report.targets(results)))
    assert "Qt QtWarningMsg: something" in text


def test_a_short_soak_does_not_judge_the_20000_action_target(results: dict) -> None:
    results["soak"] |= {"actions": 1100, "done": 1100}
    row = verdict(results, "Soak of 20,000 actions")
    assert row["met"] is None and "1,100 actions" in row["missed_by"]


def test_a_missed_target_says_by_how_much(results: dict) -> None:
    results["startup"]["kiosk article"] = rounds(0.4, 0.36)
    row = verdict(results, "Start-up to the first article at most 1.3x the floor, CPU")
    assert row["met"] is False
    assert row["missed_by"] == "0.70x (54%) over the limit of 1.3x"  # 2.00x against 1.3x
    text = "\n".join(analysis.section(results, report.targets(results)))
    assert "1.3x the floor allows 234 ms" in text and "360 ms" in text


def test_the_pdf_target_uses_process_against_process_only(results: dict) -> None:
    results["handout"]["command_ratio"] = {"median": 2.6}
    results["handout"]["warm_ratio"] = {"median": 23.0}  # in process: never the verdict
    row = verdict(results, "Handout PDF at least 3x")
    assert row["met"] is False and row["value"] == 2.6


def test_mappings_are_sorted_into_the_kinds_the_report_lists() -> None:
    venv = "/k/.venv/lib/python3.11/site-packages/PySide6"
    cases = {
        "[anonymous]": 0,
        "[heap]": 1,
        "[shared memory]": 2,
        f"{venv}/Qt/lib/libQt6Gui.so.6": 3,
        f"{venv}/Qt/plugins/platforms/libqxcb.so": 3,
        "libQt6Core.so.6 (bundle)": 3,
        f"{venv}/QtWidgets.abi3.so": 4,
        "/k/dist/kiosk/_internal/shiboken6/libshiboken6.abi3.so.6.11": 4,
        f"{venv}/Qt/lib/libicui18n.so.73": 5,
        "/usr/lib/libpython3.11.so.1.0": 6,
        "/py/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so": 7,
        "/usr/lib/x86_64-linux-gnu/libcups.so.2": 8,
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf": 9,
        "/var/cache/fontconfig/6cc790b6-le64.cache-8": 9,
        "/usr/lib/locale/C.utf8/LC_CTYPE": 10,
        "[stack]": 10,
    }
    assert {g: procs.kind(g) for g in cases} == {g: procs.KINDS[n] for g, n in cases.items()}


def test_the_report_shows_what_the_kiosks_memory_is(results: dict) -> None:
    kinds = {procs.KINDS[0]: 20.0, procs.KINDS[3]: 30.0}
    results["startup"]["kiosk article"][-1] |= {
        "pss_mib": 60.0,
        "pss_kinds": kinds | {procs.KINDS[6]: 10.0},
        "pss_kinds_main": kinds,
    }
    text = "\n".join(report.memory_kinds(results["startup"]))
    assert "| Qt libraries and plugins | 30.0 | 30.0 |" in text
    assert "| libpython | 0.0 | 10.0 |" in text
    assert "| **total** | 50.0 | 60.0 |" in text
    assert "frozen article" not in text.split("## What the memory is")[1]


def test_the_page_cache_is_dropped_for_libraries_only(tmp_path) -> None:
    (tmp_path / "Qt" / "lib").mkdir(parents=True)
    for name in ("Qt/lib/libQt6Gui.so.6", "QtGui.abi3.so", "notes.txt"):
        (tmp_path / name).write_bytes(b"\0" * 4096)
    (tmp_path / "libQt6Gui.so").symlink_to(tmp_path / "Qt/lib/libQt6Gui.so.6")
    # the two libraries, once each: not the text file, not the link to one of them
    assert procs.drop_file_cache([tmp_path, tmp_path / "missing"]) == 2
    assert any(p.name == "PySide6" for p in procs.qt_folders())


def test_a_soak_within_its_growth_but_not_flat_says_only_that(results: dict) -> None:
    results["soak"] |= {
        "actions": 20_000,
        "done": 20_000,
        "growth_mib": 0.78,
        "second_half_slope_mib_per_1000": 0.094,
    }
    row = verdict(results, "Soak of 20,000 actions")
    assert row["met"] is False
    assert (
        row["missed_by"]
        == "second half not flat (0.094 MiB per 1,000 actions, flat is at most 0.05)"
    )


def test_memory_names_other_processes_that_share_qt_with_the_measured_one() -> None:
    # A leftover kiosk on the machine once made the kiosk from source look 21 MiB smaller.
    import subprocess
    import sys

    from bench import procs

    code = "import time; from PySide6 import QtCore; print(flush=True); time.sleep(60)"
    one, two = (
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE) for _ in range(2)
    )
    try:
        for p in (one, two):
            assert p.stdout is not None
            p.stdout.readline()  # QtCore is loaded
        figures = procs.memory(one.pid)
        assert any(s.startswith(f"{two.pid} ") for s in figures["qt_sharers"])
        assert not any(s.startswith(f"{one.pid} ") for s in figures["qt_sharers"])
    finally:
        for p in (one, two):
            p.kill()
            p.wait()
            if p.stdout is not None:
                p.stdout.close()
