"""The speech process is one plain child: no resource tracker, gone when the kiosk is gone."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.services.speech_engine import start_child

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> dict[int, str]:
    """Pid -> command line of the direct children of ``pid``."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out[int(entry.name)] = cmdline
    return out


def alive(pid: int) -> bool:
    """True while ``pid`` runs (an exited child that nobody has reaped yet counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.espeak
def test_the_engine_starts_one_child_and_no_resource_tracker():
    process, conn = start_child("viewer.services.speech_worker:serve")
    try:
        assert conn.poll(30), "the speech process did not answer"
        kind, voices = conn.recv()
        assert kind == "ready" and voices
        mine = children(os.getpid())
        assert not [c for c in mine.values() if "resource_tracker" in c], mine
        assert "viewer.services.speech_child" in mine[process.pid]
        conn.send(("quit",))
        process.join(5)
        assert process.exitcode == 0
    finally:
        conn.close()
        if process.is_alive():
            process.kill()
        process.join(5)


def test_a_hung_speech_process_ends_when_the_kiosk_is_gone(tmp_path):
    """A kiosk that crashes must not leave a stuck speech process behind for months."""
    out = tmp_path / "out.txt"  # a file, not a pipe: the speech process inherits it
    with out.open("w") as stdout:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from viewer.services.speech_engine import start_child\n"
                "process, conn = start_child('tests.speech_workers:hanging_worker')\n"
                "assert conn.recv()[0] == 'ready'\n"
                "conn.send(('synth', 1, 'Hello.', '/dev/null', None, 1.0))\n"  # it hangs on this
                "assert conn.recv() == ('hanging',)\n"
                "print(process.pid, flush=True)\n"
                "import os; os._exit(0)\n",
            ],  # no shutdown: as if the kiosk crashed
            cwd=ROOT,
            stdout=stdout,
            timeout=60,
            check=True,
        )
    worker = int(out.read_text().split()[0])
    try:
        ended = os.pidfd_open(worker)
    except ProcessLookupError:  # already gone
        return
    try:  # readable once the process has ended; a live, stuck one never gets there
        select.select([ended], [], [], 10)
    finally:
        os.close(ended)
    assert not alive(worker), "the speech process outlived the kiosk"


def test_a_wrong_worker_name_is_refused_in_plain_words():
    result = subprocess.run(
        [sys.executable, "-m", "viewer.services.speech_child", "no-colon", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "usage: --speech-worker MODULE:FUNCTION FD" in result.stderr


def test_a_kiosk_gone_while_the_speech_process_answers_leaves_no_traceback(tmp_path):
    """The kiosk is ended (e.g. SIGTERM) just as its speech process sends 'ready'."""
    import socket

    ours, theirs = socket.socketpair()
    ours.close()  # the kiosk is gone before the answer
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "viewer.services.speech_child",
            "tests.unit.test_speech_child:answer_ready",
            str(theirs.fileno()),
        ],
        cwd=ROOT,
        pass_fds=(theirs.fileno(),),
        capture_output=True,
        text=True,
        timeout=60,
    )
    theirs.close()
    assert child.returncode == 0
    assert child.stderr == ""


def answer_ready(conn) -> None:
    """A speech worker that only says it is ready (used by the test above)."""
    conn.send(("ready", []))


def test_a_process_makes_one_speech_engine_however_often_it_synthesises(monkeypatch, tmp_path):
    from viewer.services import speech_worker

    made = []

    class Engine:
        def __init__(self) -> None:
            made.append(self)

        def to_wav(self, text, path, voice=None, rate=1.0) -> float:
            return 1.0

    monkeypatch.setattr(speech_worker, "Synthesiser", Engine)
    monkeypatch.setattr(speech_worker, "_shared", None)
    for n in range(3):
        speech_worker.synthesize_to_wav("Hello.", tmp_path / f"{n}.wav")
    assert len(made) == 1 and speech_worker.shared_synthesiser() is made[0]
