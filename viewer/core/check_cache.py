"""Content checks remembered between starts, keyed by everything that could change them (no Qt).

Checking every article of a folder (links, pictures, nesting) and rendering an article in
full before it is first shown cost the kiosk CPU at every start: about 0.3 s for 1,000
articles. The results depend only on the folder's files, the kiosk's code and the
letterhead, so they are kept in one JSON file under a *fingerprint* of those: every
file in the content folder (name, size, modification and change time, inode) and a stamp
the caller gives (version, code, letterhead). Any change to any of them is a new
fingerprint, and the checks run again as if nothing were remembered. Only results are
kept, never content: a file that cannot be read or written just means checking again.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from viewer.core.articles import Problem

log = logging.getLogger(__name__)

FORMAT = 1
"""Bump when what is stored changes meaning."""


def fingerprint(folder: Path, stamp: str) -> str:
    """Every file under ``folder`` (recursively) and ``stamp``, as one line each.

    Kept whole rather than hashed: comparing the text is exact, and a hash module costs
    start-up time (about 2 ms to import).
    """
    lines = [f"{FORMAT}\0{stamp}\0{folder}"]
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                lines.append(f"{path}\0-")
                continue
            lines.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}")
    return "\n".join(lines)


class CheckCache:
    """What was found out about one content folder the last time its files were the same.

    ``problems`` and ``skipped`` are the folder scan's results (``None`` until known; the
    paths of the files it left out); ``verified`` holds the paths of the article files
    rendered in full without a fault.
    """

    def __init__(self, file: Path | None, folder: Path, stamp: str) -> None:
        self.file = file
        self.key = fingerprint(folder, stamp)
        self.problems: list[Problem] | None = None
        self.skipped: set[str] = set()
        self.verified: set[str] = set()
        self._saved = ""
        data = self._read()
        if data.get("key") != self.key:
            return
        try:
            self.problems = [
                Problem(Path(path), message, int(line), severity)
                for path, message, line, severity in data["problems"]
            ]
            self.skipped = {str(i) for i in data["skipped"]}
            self.verified = {str(i) for i in data["verified"]}
        except (KeyError, TypeError, ValueError):
            self.problems, self.skipped, self.verified = None, set(), set()
            return
        self._saved = self._text()

    def _read(self) -> dict:
        if self.file is None:
            return {}
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def remember_scan(self, problems: list[Problem], skipped: set[str]) -> None:
        """The folder scan's problems and the paths of the files it left out."""
        self.problems = list(problems)
        self.skipped = set(skipped)
        self.verified.clear()

    def _text(self) -> str:
        problems = [(str(p.path), p.message, p.line, p.severity) for p in self.problems or ()]
        return json.dumps(
            {
                "key": self.key,
                "problems": problems,
                "skipped": sorted(self.skipped),
                "verified": sorted(self.verified),
            }
        )

    def save(self) -> None:
        """Write the file if anything changed (atomically; a failure is only logged)."""
        if self.file is None or self.problems is None:
            return
        text = self._text()
        if text == self._saved:
            return
        from viewer.core.atomic import write_atomically  # only when there is news

        try:
            write_atomically(self.file, text)
        except OSError as exc:
            log.debug("Could not remember the content checks in %s: %s", self.file, exc)
            return
        self._saved = text
