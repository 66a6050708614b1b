"""A private CUPS scheduler for tests: its own folders and socket, a cups-pdf queue.

The scheduler listens only on a Unix socket in a temporary folder, so it never touches a
CUPS the machine may already run; clients find it through ``$CUPS_SERVER``. cups-pdf reads
its settings from /etc/cups and writes finished jobs to the ``Out`` folder there
(``${HOME}/PDF`` of the user who printed, by default).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import parts

CUPS_PDF_PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


def cups_pdf_out_dir() -> Path:
    """Where cups-pdf puts jobs printed by this user (its ``Out`` setting)."""
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.is_file():
        for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.match(r"^\s*Out\s+(\S.*)$", line)
            if m:
                out = m.group(1).strip()
    home = pwd.getpwuid(os.geteuid()).pw_dir
    return Path(out.replace("${HOME}", home))


@dataclass
class Scheduler:
    """A running private cupsd."""

    root: Path
    socket: Path
    process: subprocess.Popen | None

    @property
    def env(self) -> dict[str, str]:
        """Environment for CUPS clients: this scheduler, untranslated messages."""
        return {**os.environ, "CUPS_SERVER": str(self.socket), "LANG": "C", "LC_ALL": "C"}

    def run(self, *args: str) -> str:
        """Run a CUPS client command against this scheduler."""
        done = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=30)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def add_pdf_queue(self, name: str, default: bool = True) -> None:
        """A cups-pdf queue, enabled and accepting jobs."""
        self.run("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m", CUPS_PDF_PPD)
        if default:
            self.run("lpadmin", "-d", name)

    def add_broken_queue(self, name: str) -> None:
        """A queue whose device cannot be opened: jobs are accepted, then stop."""
        self.run(
            "lpadmin",
            "-p",
            name,
            "-E",
            "-v",
            "file:///nonexistent/folder/out.prn",
            "-m",
            CUPS_PDF_PPD,
        )

    def jobs(self, name: str) -> str:
        """Jobs not yet completed on a queue, as lpstat lists them."""
        return self.run("lpstat", "-W", "not-completed", "-o", name)

    def stop(self) -> None:
        """Stop the scheduler (as when CUPS is not running)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


@contextmanager
def scheduler() -> Iterator[Scheduler]:
    """Start a private cupsd in a new temporary folder; stop it and remove the folder after.

    The folder must be one that cupsd's filters, which run as user lp, can enter (pytest's
    own temporary folders cannot); the socket path must also stay short.
    """
    folder = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    folder.chmod(0o755)
    root = folder / "etc"
    for sub in ("etc/ppd", "spool/tmp", "cache", "state", "log"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    socket = folder / "cups.sock"
    (root / "cupsd.conf").write_text(
        f"""
Listen {socket}
LogLevel info
WebInterface No
Browsing No
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""",
        encoding="utf-8",
    )
    (root / "cups-files.conf").write_text(
        f"""
ServerRoot {root}
RequestRoot {folder / "spool"}
TempDir {folder / "spool/tmp"}
CacheDir {folder / "cache"}
StateDir {folder / "state"}
ErrorLog {folder / "log/error_log"}
AccessLog {folder / "log/access_log"}
PageLog {folder / "log/page_log"}
SystemGroup root
FileDevice Yes
Printcap {folder / "printcap"}
""",
        encoding="utf-8",
    )
    log = (folder / "log" / "cupsd.out").open("w")
    proc = subprocess.Popen(
        [
            parts.which("cupsd"),
            "-f",
            "-c",
            str(root / "cupsd.conf"),
            "-s",
            str(root / "cups-files.conf"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    sched = Scheduler(root, socket, proc)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    "cupsd stopped at once: "
                    + (folder / "log" / "cupsd.out").read_text()
                    + _tail(folder / "log" / "error_log")
                )
            if socket.exists():
                try:
                    if "is running" in sched.run("lpstat", "-r"):
                        break
                except RuntimeError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError("cupsd did not start in 20 s" + _tail(folder / "log/error_log"))
            time.sleep(0.05)
        yield sched
    finally:
        sched.stop()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _tail(path: Path) -> str:
    return "\n" + "\n".join(path.read_text().splitlines()[-10:]) if path.exists() else ""
