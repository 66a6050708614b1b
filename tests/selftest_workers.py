"""A speech worker for a machine without the pyttsx3 package (a spawned child: no Qt here)."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from viewer.services import speech_worker


def serve_without_pyttsx3(conn: Connection) -> None:
    """The real worker where ``import pyttsx3`` fails."""
    sys.modules["pyttsx3"] = None  # type: ignore[assignment]  # makes the import fail
    speech_worker.serve(conn)
