"""A private CUPS scheduler for tests: its own folders and socket, a cups-pdf queue.

The scheduler listens only on a Unix socket in a temporary folder, so it never touches a
CUPS the machine may already run; clients find it through ``$CUPS_SERVER``. cups-pdf reads
its settings from /etc/cups; each scheduler's queue gets a configuration file of its own
there, so its finished jobs land in the scheduler's folder (``Scheduler.pdf_out``).
"""

from __future__ import annotations

import os
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


@dataclass
class Scheduler:
    """A running private cupsd."""

    root: Path
    socket: Path
    process: subprocess.Popen | None
    command: tuple[str, ...] = ()
    output: Path | None = None

    @property
    def pdf_out(self) -> Path:
        """Where this scheduler's cups-pdf queues put finished jobs (nobody else's)."""
        return self.root.parent / "pdf"

    @property
    def _pdf_tag(self) -> str:
        return "kiosktest" + "".join(c for c in self.root.parent.name if c.isalnum())

    @property
    def _pdf_conf(self) -> Path:
        return Path("/etc/cups") / f"cups-pdf-{self._pdf_tag}.conf"

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
        # A device URI "cups-pdf:/TAG" makes cups-pdf read /etc/cups/cups-pdf-TAG.conf, so
        # this scheduler's jobs land in its own folder, never among another test run's.
        self.pdf_out.mkdir(exist_ok=True)
        self._pdf_conf.write_text(f"Out {self.pdf_out}\nGrp lpadmin\n", encoding="utf-8")
        uri = f"cups-pdf:/{self._pdf_tag}"
        self.run("lpadmin", "-p", name, "-E", "-v", uri, "-m", CUPS_PDF_PPD)
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

    def start(self) -> None:
        """Start the scheduler again on the same folders (its spooled jobs carry on)."""
        with self.output.open("a") if self.output else open(os.devnull, "w") as out:
            self.process = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT)
        _wait_running(self, self.process)

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
    command = (
        parts.which("cupsd"),
        "-f",
        "-c",
        str(root / "cupsd.conf"),
        "-s",
        str(root / "cups-files.conf"),
    )
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    sched = Scheduler(root, socket, proc, command, folder / "log" / "cupsd.out")
    try:
        _wait_running(sched, proc)
        yield sched
    finally:
        sched.stop()
        sched._pdf_conf.unlink(missing_ok=True)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_running(sched: Scheduler, proc: subprocess.Popen) -> None:
    folder = sched.root.parent
    deadline = time.monotonic() + 20
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                "cupsd stopped at once: "
                + (folder / "log" / "cupsd.out").read_text()
                + _tail(folder / "log" / "error_log")
            )
        if sched.socket.exists():
            try:
                if "is running" in sched.run("lpstat", "-r"):
                    return
            except RuntimeError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError("cupsd did not start in 20 s" + _tail(folder / "log/error_log"))
        try:  # cupsd says nothing when it is ready: look again soon, or see it die
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass


def _tail(path: Path) -> str:
    return "\n" + "\n".join(path.read_text().splitlines()[-10:]) if path.exists() else ""
