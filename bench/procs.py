"""Processes for the benchmark: a virtual X server, process trees, their memory, clean ends."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def offscreen_platform(width: int = 1920, height: int = 1080) -> str:
    """A ``QT_QPA_PLATFORM`` value: Qt's offscreen platform with one screen of this size."""
    screen = Path(tempfile.mkdtemp(prefix="kiosk-bench-screen-")) / "screen.json"
    one = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
    one |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    screen.write_text(json.dumps({"screens": [one], "windowFrameMargins": False}))
    return f"offscreen:configfile={screen}"


@contextmanager
def virtual_screen(width: int = 1920, height: int = 1080) -> Iterator[str]:
    """Run Xvfb with a white root window; yield its DISPLAY value."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise FileNotFoundError("Xvfb is not installed (Debian package xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            binary,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-wr",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        end_tree(server.pid)
        server.wait()


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process on the machine."""
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def memory(pid: int) -> dict:
    """Resident and proportional memory (MiB) of ``pid`` and its descendants.

    PSS shares each page among the processes that map it, so it adds up across a tree
    (Chromium's many processes share most of their libraries); RSS counts shared pages in
    every process, so the tree's RSS overstates it. ``pss_kinds`` splits the tree's PSS by
    what is mapped (:func:`kind`), ``pss_kinds_main`` the process's own.
    """
    rss = pss = 0
    pids = tree(pid)
    counted = 0
    main = 0
    kinds: dict[str, float] = {}
    kinds_main: dict[str, float] = {}
    for p in pids:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
            groups = pss_groups(p)
        except OSError:
            continue
        counted += 1
        for group, mib in groups.items():
            for into in (kinds, kinds_main) if p == pid else (kinds,):
                into[kind(group)] = into.get(kind(group), 0.0) + mib
        for line in text.splitlines():
            key, _, rest = line.partition(":")
            if key == "Rss":
                rss += int(rest.split()[0])
            elif key == "Pss":
                pss += int(rest.split()[0])
                main = main or int(rest.split()[0]) * (p == pid)
    return {
        "rss_mib": rss / 1024,
        "pss_mib": pss / 1024,
        "pss_main_mib": main / 1024,  # the process itself, without its children
        "processes": counted,
        "pss_kinds": kinds,
        "pss_kinds_main": kinds_main,
        "qt_sharers": qt_sharers(pid, set(pids)),
    }


def qt_sharers(pid: int, tree_pids: set[int]) -> list[str]:
    """Other processes on the machine (not ``tree_pids``) that map the same QtCore library
    as ``pid``, as "PID command" strings. PSS counts part of Qt's pages to each of them, so
    while there are any, the measured program looks smaller than it is alone."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return []
    qt = next((line.split()[-1] for line in maps.splitlines() if "libQt6Core" in line), None)
    if qt is None:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in tree_pids:
            continue
        try:
            if qt in (entry / "maps").read_text():
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                found.append(f"{entry.name} {command.strip()[:120]}")
        except OSError:
            continue
    return found


KINDS = (
    "anonymous memory (Python's objects, Qt's larger blocks and images)",
    "[heap] (malloc: Qt's objects, fonts, Python's larger objects)",
    "shared memory (the window's image, shared with the X server)",
    "Qt libraries and plugins",
    "PySide6 and shiboken bindings",
    "ICU (Qt's Unicode data)",
    "libpython",
    "Python's extension modules",
    "other libraries (system)",
    "fonts and font caches",
    "other",
)
"""What :func:`kind` sorts a mapping into, in the order reports list them."""


def kind(group: str) -> str:
    """The :data:`KINDS` entry of one of :func:`pss_groups`' groups (a path or [name])."""
    name = Path(group.split(" (")[0]).name
    rules = (
        (group == "[anonymous]", 0),
        (group == "[heap]", 1),
        (group == "[shared memory]", 2),
        (name.startswith("libQt6") or "/plugins/" in group, 3),
        (".abi3.so" in name, 4),
        (name.startswith("libicu"), 5),
        (name.startswith("libpython"), 6),
        (".cpython-" in name, 7),
        (".so" in name, 8),
        (name.endswith((".ttf", ".otf", ".pcf.gz")) or ".cache-" in name, 9),
    )
    return KINDS[next((n for hit, n in rules if hit), len(KINDS) - 1)]


def qt_folders() -> list[Path]:
    """This environment's PySide6 and shiboken6 folders (found without importing them)."""
    import importlib.util

    out = []
    for name in ("PySide6", "shiboken6"):
        spec = importlib.util.find_spec(name)
        out += [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    return out


def drop_file_cache(folders: list[Path]) -> int:
    """Let the kernel forget the cached pages of the libraries under ``folders``; return how
    many files were asked.

    PSS counts the pages of a library a process has mapped, and on each page fault Linux also
    maps the neighbouring pages that happen to be in the page cache (fault-around, 64 KiB).
    Libraries that tests or builds have read whole are entirely cached, so the same program
    maps more of them: the kiosk from source showed 42.4 MiB of Qt against 35.8 for the
    identical built copies, and 35.5 for both once their cache was dropped. After this,
    a start reads only what it needs (with read-ahead), as on a kiosk after boot. Pages
    that a running process maps stay cached.
    """
    count = 0
    for folder in folders:
        for path in Path(folder).rglob("*.so*"):
            if path.is_symlink() or not path.is_file():
                continue
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                count += 1
            finally:
                os.close(fd)
    return count


def end_tree(pid: int, grace: float = 3.0) -> None:
    """End ``pid`` and its descendants (SIGTERM, then SIGKILL after ``grace`` seconds)."""
    pids = tree(pid)
    for p in pids:
        try:
            os.kill(p, signal.SIGTERM)
        except ProcessLookupError:
            pass
    end = time.monotonic() + grace
    alive = pids
    while alive and time.monotonic() < end:
        time.sleep(0.02)
        alive = [p for p in alive if _running(p)]
    for p in alive:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _group(name: str, roots: dict[str, str]) -> str:
    """The group a mapping of ``name`` (the smaps path column) is counted in."""
    if not name:
        return "[anonymous]"
    if name.startswith("["):
        return "[stack]" if name.startswith("[stack") else name
    if name.startswith(("/SYSV", "/memfd:", "/dev/shm/")):
        return "[shared memory]"
    path = name.removesuffix(" (deleted)")
    for root, label in roots.items():
        if path.startswith(root):
            return f"{Path(path).name} ({label})"
    return path


def pss_groups(pid: int, roots: dict[str, str] | None = None) -> dict[str, float]:
    """PSS (MiB) of one process by what is mapped: each file, [heap], anonymous memory...

    ``roots`` shortens paths: a file under a root is shown as its name and the root's label
    (``{"/opt/kiosk/": "bundle"}``); other files keep their whole path.
    """
    out: dict[str, float] = {}
    name = ""
    roots = roots or {}
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split(None, 5)
        if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
            name = head[5] if len(head) > 5 else ""
        elif head[0] == "Pss:":
            group = _group(name, roots)
            out[group] = out.get(group, 0.0) + int(head[1]) / 1024
    return out
