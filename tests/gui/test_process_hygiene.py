"""The kiosk as a process: a FIFO for a configuration, SIGTERM, a private log."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.gui.conftest import start_kiosk
from viewer import config

ROOT = Path(__file__).resolve().parents[2]


def test_a_configuration_path_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = subprocess.run(  # in a child: reading a FIFO used to wait for ever
        [sys.executable, "-c", f"from viewer import config; print(config.load({str(fifo)!r}))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "is not a regular file" in done.stdout
    assert time.monotonic() - started < 30
    assert "is not a regular file" in " ".join(config.load(tmp_path).problems)  # a folder


def test_sigterm_logs_removes_the_speech_folder_and_the_log_is_private(
    tmp_path: Path, content_dir: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    folder = tempfile.mkdtemp(prefix="kiosk-notify-", dir="/tmp")  # short: sun_path limit
    address = os.path.join(folder, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(60)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "NOTIFY_SOCKET": address,
        "KIOSK_CONFIG": str(tmp_path / "none.toml"),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
    }
    proc = start_kiosk(content_dir, env)
    try:
        assert sock.recv(4096).decode().startswith("READY=1")  # the kiosk is up
        assert [p.name[:13] for p in temp.iterdir()] == ["kiosk-speech-"]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        sock.close()
        os.unlink(address)
        os.rmdir(folder)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    log = tmp_path / "log" / "kiosk.log"
    assert "Stopping: SIGTERM received" in log.read_text(encoding="utf-8")
    assert list(temp.iterdir()) == []  # the speech process's folder is gone
    assert log.stat().st_mode & 0o777 == 0o600
