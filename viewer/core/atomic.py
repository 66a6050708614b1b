"""Writing a file in one step, so a reader or a crash never sees half of it (no Qt)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8) or bytes to ``path`` in one step: a reader sees the old file or
    the new one.

    A temporary file in the same folder gets ``mode`` (e.g. 0o600 before any secret is
    written into it) and is flushed to disk, then renamed over ``path``. The folder is made
    when missing; on failure the temporary file is removed and the old file kept.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
