"""Watches the content folder for a new version (QFileSystemWatcher plus a periodic check).

A change seen by the watcher is checked once things settle (copies write many files);
the periodic check catches what a watcher misses (network shares, a folder that comes back
after an unmount). A check only runs :meth:`ContentStore.decide` when a file's size or time
changed, so an idle kiosk does not read its content every minute.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from viewer.core.content_versions import ContentStore, Decision

log = logging.getLogger(__name__)

SETTLE_MS = 2000


def signature(folder: Path) -> tuple:
    """Every file's name, size and modification time: changes when anything is copied."""
    if not folder.is_dir():
        return ("gone",)
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            found.append((dirpath, name, st.st_size, st.st_mtime_ns))
    return tuple(found)


class ContentWatcher(QObject):
    """Decides again which content to show whenever the content folder changes.

    Signals:
        decided(object): a :class:`Decision` that differs from the last one.
    """

    decided = Signal(object)

    def __init__(
        self,
        store: ContentStore,
        live: Path,
        current: Decision,
        interval_ms: int,
        settle_ms: int = SETTLE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.live = Path(live)
        self.current = current
        self._signature = signature(self.live)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._soon)
        self._watcher.fileChanged.connect(self._soon)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self.check)
        self._periodic = QTimer(self)
        self._periodic.timeout.connect(self.check)
        self._periodic.start(interval_ms)
        self._watch()

    def _watch(self) -> None:
        """Watch the folder, its manifest and the folder above (to see it come and go)."""
        wanted = [self.live.parent, self.live, self.live / "manifest.toml"]
        present = [str(p) for p in wanted if p.exists()]
        missing = [
            p for p in present if p not in self._watcher.files() + self._watcher.directories()
        ]
        if missing:
            self._watcher.addPaths(missing)

    def _soon(self, _path: str = "") -> None:
        self._settle.start()

    def check(self) -> None:
        """Decide again if anything in the folder changed; emit :attr:`decided` on news."""
        now = signature(self.live)
        self._watch()
        if now == self._signature:
            return
        self._signature = now
        decision = self.store.decide(self.live)
        if decision != self.current:
            self.current = decision
            self.decided.emit(decision)
