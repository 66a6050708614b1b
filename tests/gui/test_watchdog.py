"""systemd notification: READY=1, WATCHDOG=1 from the GUI loop, silence when the loop hangs."""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests import parts
from tests.gui.conftest import start_kiosk
from viewer.services.watchdog import Watchdog, notify_address, watchdog_interval_ms
from viewer.ui.kiosk import LEFT_BY_STAFF

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    """A real Unix datagram socket, as systemd opens for a Type=notify service."""
    folder = tempfile.mkdtemp(prefix="kiosk-notify-", dir="/tmp")  # short: sun_path limit
    path = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.setblocking(False)
    yield sock, path
    sock.close()
    shutil.rmtree(folder)


def drain(sock: socket.socket) -> list[str]:
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096).decode())
        except BlockingIOError:
            return messages


def drain_into(messages: list[str], sock: socket.socket) -> list[str]:
    """Add what arrived to ``messages``; return ``messages``."""
    messages += drain(sock)
    return messages


def test_ready_then_keep_alives_and_silence_while_the_loop_is_blocked(qtbot, notify_socket):
    sock, path = notify_socket
    env = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"}  # 0.1 s: keep-alive every 50 ms
    watchdog = Watchdog(notify_address(env), watchdog_interval_ms(env))
    assert watchdog.interval_ms == 50
    assert drain(sock) == []  # nothing before the kiosk is ready
    watchdog.ready()
    messages: list[str] = []
    qtbot.waitUntil(lambda: len(drain_into(messages, sock)) >= 5, timeout=10_000)
    assert messages[0].splitlines()[0] == "READY=1"
    assert f"MAINPID={os.getpid()}" in messages[0].splitlines()
    assert set(messages[1:]) == {"WATCHDOG=1"}
    # The GUI thread is stuck (here: waiting on the socket itself, for 4 keep-alive
    # intervals): the event loop does not turn, so nothing is sent.
    assert select.select([sock], [], [], 4 * watchdog.interval_ms / 1000) == ([], [], [])
    messages = []
    qtbot.waitUntil(lambda: "WATCHDOG=1" in drain_into(messages, sock), timeout=10_000)
    watchdog.stopping()
    assert drain(sock) == ["STOPPING=1"]
    # Nothing after STOPPING=1: a timer at the keep-alive interval, started now, fires
    # twice, so the keep-alive timer would have fired too.
    ticks: list[int] = []
    reference = QTimer()
    reference.timeout.connect(lambda: ticks.append(1))
    reference.start(watchdog.interval_ms)
    qtbot.waitUntil(lambda: len(ticks) >= 2)
    reference.stop()
    assert drain(sock) == []


def test_systemd_variables_are_read_as_systemd_means_them() -> None:
    assert notify_address({}) is None
    assert notify_address({"NOTIFY_SOCKET": "@kiosk/notify"}) == "\0kiosk/notify"
    assert notify_address({"NOTIFY_SOCKET": "/run/x"}) == "/run/x"
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    assert (
        watchdog_interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())})
        == 15000
    )
    assert watchdog_interval_ms({"WATCHDOG_USEC": "soon"}) is None
    assert not Watchdog(None, None).notify("READY=1")  # not under systemd: nothing sent


def test_the_real_kiosk_notifies_ready_and_keeps_alive(notify_socket, tmp_path, content_dir):
    sock, path = notify_socket
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": path,
        "WATCHDOG_USEC": "400000",
        "KIOSK_CONFIG": str(tmp_path / "none.toml"),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
    }
    proc = start_kiosk(content_dir, env)
    messages: list[str] = []
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end and messages.count("WATCHDOG=1") < 3:
            select.select([sock], [], [], 0.5)  # until a message comes (or to check proc)
            messages += drain(sock)
            assert proc.poll() is None, proc.communicate()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert messages and messages[0].startswith("READY=1\n"), messages
    # READY=1 carries the live status line: screen, speech, printer, content version
    assert "\nSTATUS=home screen; speech " in messages[0], messages
    assert "; printer default ready; content unversioned\n" in messages[0], messages
    assert messages.count("WATCHDOG=1") >= 3
    assert "Traceback" not in err
    log = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "watchdog keep-alive every 200 ms" in log


def test_the_sample_unit_restarts_on_hangs_and_crashes_but_not_when_staff_leave() -> None:
    unit = (ROOT / "deploy" / "patient-kiosk.service").read_text(encoding="utf-8")
    lines = {
        line.split("=", 1)[0]: line.split("=", 1)[1]
        for line in unit.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert lines["Type"] == "notify" and lines["Restart"] == "always"
    assert int(lines["WatchdogSec"]) >= 10
    assert lines["RestartPreventExitStatus"] == str(LEFT_BY_STAFF)
    parts.require("systemd-analyze")
    analyze = parts.which("systemd-analyze")
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "patient-kiosk.service"
        copy.write_text(unit.replace("ExecStart=/opt/patient-kiosk/kiosk", "ExecStart=/bin/true"))
        result = subprocess.run(
            [analyze, "verify", str(copy)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0 and "patient-kiosk" not in result.stderr, result.stderr
