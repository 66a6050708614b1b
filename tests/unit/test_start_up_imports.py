"""What the kiosk's start imports: Qt-free modules before PySide6 (start-up speed, see
viewer/app.py), and nothing the first screens do not use (memory)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def python_says(code: str) -> str:
    """What a fresh Python in the project folder prints running ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that a fresh Python has after ``code``."""
    script = (
        code + "\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))\n"
    )
    return json.loads(python_says(script))


def test_early_imports_exist_and_do_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        "import viewer.app as app\n"
        "for name in app.QT_FREE_MODULES:\n"
        "    importlib.import_module(name)  # a renamed module fails here, loudly\n"
    )
    assert loaded_after(code, ("PySide6", "shiboken6")) == []


def test_the_window_and_its_services_do_not_load_prometheus_client_or_openssl() -> None:
    # prometheus_client brings http.server, urllib, email, ssl and OpenSSL (about 4 MiB PSS);
    # only a kiosk with a metrics file (off by default) loads it, on its first write.
    # hashlib maps OpenSSL's libcrypto (about 1.5 MiB): only for a staff PIN or a manifest.
    code = (
        "import importlib, pkgutil, sys\n"
        "import viewer.ui, viewer.services, viewer.app\n"
        "for pkg in (viewer.ui, viewer.services):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
    )
    assert loaded_after(code, ("prometheus_client", "ssl", "_hashlib")) == []


def test_the_sources_pyside6_reads_at_import_are_not_kept() -> None:
    # PySide6's import hook reads every module's source (inspect.getsource), and linecache
    # keeps it: from source about 1.9 MiB of text the kiosk never reads again.
    code = (
        "import linecache, sys\n"
        "import PySide6.QtCore\n"
        "import viewer.ui.window\n"
        "kept = [f for f in linecache.cache if '/viewer/ui/' in f]\n"
        "print(kept and 'kept by PySide6', end=' / ')\n"
        "from viewer.app import forget_sources\n"
        "forget_sources()\n"
    )
    said = python_says(code + "print(len(linecache.cache))")
    assert said.split() == ["kept", "by", "PySide6", "/", "0"]


def test_the_speech_process_loads_neither_qt_nor_inspect_nor_argparse() -> None:
    # The speech process (kiosk --speech-worker, or python -m viewer.services.speech_child)
    # runs beside the window all day: inspect (with ast and dis, through dataclasses) and
    # argparse would add about 1.3 MiB to it, Qt much more.
    code = (
        "import viewer.cli, viewer.services.speech_child, viewer.services.speech_worker\n"
        "import pyttsx3.drivers.espeak\n"
    )
    unwanted = ("PySide6", "shiboken6", "inspect", "dataclasses", "argparse")
    assert loaded_after(code, unwanted) == []
