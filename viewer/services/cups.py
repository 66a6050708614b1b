"""Talking to CUPS through libcups (no Qt): check a printer, send a file, watch the job.

Every call is blocking, so the printing service runs :func:`print_file` off the GUI thread.
Nothing here trusts a silent fallback: the scheduler, the printer's state and whether it
accepts jobs are checked before sending, and the job's own state is watched until CUPS says
it completed. Any problem raises :class:`PrinterProblem` with a reason for staff.

libcups is used through :mod:`ctypes` (the structures below are its stable public ABI), so
the kiosk needs only the ``libcups2`` package at run time, not a compiled binding.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# ipp_jstate_t
JOB_STATES = {
    3: "pending",
    4: "held",
    5: "processing",
    6: "stopped",
    7: "canceled",
    8: "aborted",
    9: "completed",
}
_PRINTER_STATES = {3: "idle", 4: "printing", 5: "stopped"}
_WHICH_JOBS_ALL = -1
_CONNECT_MS = 5000
_IO_TIMEOUT_S = 10.0


class PrinterProblem(Exception):
    """A print that cannot be made; ``reason`` is a short code, the message is for staff."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PrinterState:
    """What CUPS says about a queue."""

    name: str
    state: str  # idle, printing, stopped
    accepting: bool
    reasons: str  # printer-state-reasons, e.g. "none" or "paused"
    message: str  # printer-state-message
    is_default: bool


@dataclass(frozen=True)
class PrintedJob:
    """A job CUPS reports as completed."""

    printer: str
    job_id: int
    seconds: float


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class _Dest(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("instance", ctypes.c_char_p),
        ("is_default", ctypes.c_int),
        ("num_options", ctypes.c_int),
        ("options", ctypes.POINTER(_Option)),
    ]


class _Job(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_int),
        ("dest", ctypes.c_char_p),
        ("title", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
        ("format", ctypes.c_char_p),
        ("state", ctypes.c_int),
        ("size", ctypes.c_int),
        ("priority", ctypes.c_int),
        ("completed_time", ctypes.c_long),
        ("creation_time", ctypes.c_long),
        ("processing_time", ctypes.c_long),
    ]


_lib: ctypes.CDLL | None = None


def _libcups() -> ctypes.CDLL:
    """Load libcups once and declare the functions used."""
    global _lib
    if _lib is not None:
        return _lib
    name = ctypes.util.find_library("cups")
    if name is None:
        raise PrinterProblem(
            "no-cups",
            "libcups is not installed (Debian package libcups2), so the kiosk cannot print",
        )
    lib = ctypes.CDLL(name)
    try:
        _declare(lib)
    except AttributeError as exc:  # ctypes: "<file>: undefined symbol: <name>"
        symbol = str(exc).rsplit(":", 1)[-1].strip()
        raise PrinterProblem(
            "no-cups",
            f"the installed libcups ({name}) has no function {symbol}, so the kiosk cannot "
            "print; it needs the CUPS 2 client library (Debian package libcups2)",
        ) from exc
    _lib = lib
    return lib


def _declare(lib: ctypes.CDLL) -> None:
    """Declare the functions used; AttributeError names the first one libcups lacks."""
    p, c_int, c_char_p = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    lib.cupsServer.restype = c_char_p
    lib.cupsSetServer.argtypes = [c_char_p]
    lib.ippPort.restype = c_int
    lib.cupsEncryption.restype = c_int
    lib.httpConnect2.restype = p
    lib.httpConnect2.argtypes = [c_char_p, c_int, p, c_int, c_int, c_int, c_int, p]
    lib.httpSetTimeout.argtypes = [p, ctypes.c_double, p, p]
    lib.httpClose.argtypes = [p]
    lib.cupsLastErrorString.restype = c_char_p
    lib.cupsGetNamedDest.restype = ctypes.POINTER(_Dest)
    lib.cupsGetNamedDest.argtypes = [p, c_char_p, c_char_p]
    lib.cupsFreeDests.argtypes = [c_int, ctypes.POINTER(_Dest)]
    lib.cupsPrintFile2.argtypes = [p, c_char_p, c_char_p, c_char_p, c_int, p]
    lib.cupsGetJobs2.argtypes = [p, ctypes.POINTER(ctypes.POINTER(_Job)), c_char_p, c_int, c_int]
    lib.cupsFreeJobs.argtypes = [c_int, ctypes.POINTER(_Job)]
    lib.cupsCancelJob2.argtypes = [p, c_char_p, c_int, c_int]


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


class Connection:
    """One connection to the CUPS scheduler named by ``$CUPS_SERVER`` or the system's."""

    def __init__(self) -> None:
        self.lib = _libcups()
        self.lib.cupsSetServer(None)  # forget this thread's cached server: read $CUPS_SERVER
        server = _text(self.lib.cupsServer())
        self.server = server
        self.http = self.lib.httpConnect2(
            self.lib.cupsServer(),
            self.lib.ippPort(),
            None,
            0,
            self.lib.cupsEncryption(),
            1,
            _CONNECT_MS,
            None,
        )
        if not self.http:
            raise PrinterProblem(
                "no-cups",
                f"CUPS is not running or cannot be reached at {server} ({self.last_error()})",
            )
        self.lib.httpSetTimeout(self.http, _IO_TIMEOUT_S, None, None)

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        if self.http:
            self.lib.httpClose(self.http)
            self.http = None

    def last_error(self) -> str:
        """libcups' description of the last error."""
        return _text(self.lib.cupsLastErrorString())

    def printer(self, name: str = "") -> PrinterState:
        """The state of a queue; an empty name means the default printer."""
        dest = self.lib.cupsGetNamedDest(self.http, name.encode() or None, None)
        if not dest:
            if name:
                raise PrinterProblem(
                    "no-printer",
                    f"there is no printer called {name!r} on {self.server} ({self.last_error()})",
                )
            raise PrinterProblem(
                "no-printer",
                f"no printer is set up as the default on {self.server} ({self.last_error()})",
            )
        try:
            d = dest.contents
            opts = {
                _text(d.options[i].name): _text(d.options[i].value) for i in range(d.num_options)
            }
            state = PrinterState(
                name=_text(d.name),
                state=_PRINTER_STATES.get(int(opts.get("printer-state", "0") or 0), "unknown"),
                accepting=opts.get("printer-is-accepting-jobs", "false") == "true",
                reasons=opts.get("printer-state-reasons", ""),
                message=opts.get("printer-state-message", ""),
                is_default=bool(d.is_default),
            )
        finally:
            self.lib.cupsFreeDests(1, dest)
        return state

    def submit(self, printer: str, path: Path, title: str, media: str = "") -> int:
        """Send a file on paper ``media`` ("Letter", "A4"; empty: as set); return the job id."""
        options = (_Option * 1)(_Option(b"media", media.encode()))
        job = self.lib.cupsPrintFile2(
            self.http,
            printer.encode(),
            str(path).encode(),
            title.encode(),
            1 if media else 0,
            ctypes.cast(options, ctypes.c_void_p),
        )
        if job <= 0:
            raise PrinterProblem("rejected", f"{printer} refused the job: {self.last_error()}")
        return int(job)

    def job_state(self, printer: str, job_id: int) -> str:
        """The state of one job: pending, held, processing, stopped, ..., completed."""
        jobs = ctypes.POINTER(_Job)()
        count = self.lib.cupsGetJobs2(
            self.http, ctypes.byref(jobs), printer.encode(), 0, _WHICH_JOBS_ALL
        )
        if count < 0:
            raise PrinterProblem(
                "no-cups", f"cannot ask CUPS about job {job_id}: {self.last_error()}"
            )
        try:
            for i in range(count):
                if jobs[i].id == job_id:
                    return JOB_STATES.get(jobs[i].state, f"state {jobs[i].state}")
        finally:
            if count:
                self.lib.cupsFreeJobs(count, jobs)
        return "gone"

    def cancel(self, printer: str, job_id: int) -> bool:
        """Cancel a job so that it does not print later with nobody there to collect it."""
        return bool(self.lib.cupsCancelJob2(self.http, printer.encode(), job_id, 0) == 0)


def usable_printer(conn: Connection, name: str) -> PrinterState:
    """The queue to print on, or :class:`PrinterProblem` saying why it cannot be used."""
    state = conn.printer(name)
    if state.state == "stopped" or "paused" in state.reasons.split(","):
        raise PrinterProblem(
            "stopped",
            f"printer {state.name} is stopped (reasons: "
            f"{state.reasons or 'none'}; "
            f"{state.message or 'no message'})",
        )
    if not state.accepting:
        raise PrinterProblem(
            "not-accepting",
            f"printer {state.name} is not accepting jobs ({state.message or 'no message'})",
        )
    return state


def print_file(
    path: Path,
    printer: str,
    title: str,
    wait_seconds: float,
    poll_seconds: float = 0.25,
    media: str = "",
) -> PrintedJob:
    """Check the printer, send ``path`` on paper ``media`` and wait until CUPS says the job
    completed.

    A job that is stopped, cancelled or aborted, a printer that stops while the job waits,
    or a job still not done after ``wait_seconds`` raise :class:`PrinterProblem`; the job is
    cancelled in the last two cases. When the scheduler goes away while the job waits (cupsd
    restarted or crashed), it is asked again until ``wait_seconds`` have passed: the job is
    in its spool and usually prints, so nobody is told it failed before CUPS says so.
    """
    start = time.monotonic()
    conn = Connection()
    try:
        state = usable_printer(conn, printer)
        job = conn.submit(state.name, path, title, media)
        log.info("Sent %s to printer %s as job %d", path.name, state.name, job)
        while True:
            try:
                result = _look(conn, state.name, job, start, wait_seconds)
            except _Lost as lost:
                # cupsd went away (a restart, a crash): the job is in its spool and may well
                # print. Ask again before telling anybody anything.
                log.warning(
                    "Lost the connection to CUPS while job %d waited (%s); asking again",
                    job,
                    lost,
                )
                conn.close()
                conn = _reconnect(start + wait_seconds, job)
                continue
            if result is not None:
                return result
            time.sleep(poll_seconds)
    finally:
        conn.close()


class _Lost(Exception):
    """The connection to the scheduler broke while a job was watched."""


def _reconnect(deadline: float, job: int, pause: float = 0.5) -> Connection:
    """A new connection, tried until ``deadline``; PrinterProblem "unknown" when none comes."""
    while True:
        try:
            return Connection()
        except PrinterProblem as exc:
            if time.monotonic() > deadline:
                raise PrinterProblem(
                    "unknown",
                    f"CUPS could not be asked about job {job} again ({exc}); it may still print",
                ) from None
            time.sleep(pause)


def _look(
    conn: Connection, printer: str, job: int, start: float, wait_seconds: float
) -> PrintedJob | None:
    """One look at the job: the printed job, None to keep waiting, or PrinterProblem.

    Raises :class:`_Lost` when the scheduler cannot be asked (the job's fate is unknown).
    """
    try:
        status = conn.job_state(printer, job)
    except PrinterProblem as exc:
        raise _Lost(str(exc)) from None
    if status == "gone":
        # Only when the server keeps no job history (PreserveJobHistory No).
        log.warning(
            "Job %d left the queue of %s without a final state; CUPS keeps "
            "no job history, so it is taken as printed",
            job,
            printer,
        )
        status = "completed"
    if status == "completed":
        return PrintedJob(printer, job, time.monotonic() - start)
    if status in ("canceled", "aborted"):
        raise PrinterProblem("job-failed", f"job {job} on {printer} was {status} by CUPS")
    problem = None
    if status in ("stopped", "held"):
        problem = PrinterProblem("job-failed", f"job {job} on {printer} is {status}")
    else:
        try:
            usable_printer(conn, printer)
        except PrinterProblem as exc:
            try:
                conn.job_state(printer, job)  # still connected? else the printer is fine
            except PrinterProblem:
                raise _Lost(str(exc)) from None
            problem = PrinterProblem(exc.reason, f"while job {job} waited: {exc}")
    if problem is None and time.monotonic() - start > wait_seconds:
        problem = PrinterProblem(
            "timeout",
            f"job {job} on {printer} was still {status} after {wait_seconds:g} s",
        )
    if problem is not None:
        cancelled = conn.cancel(printer, job)
        raise PrinterProblem(
            problem.reason,
            f"{problem}; job {'cancelled' if cancelled else 'could not be cancelled'}",
        )
    return None
