"""Start-up speed depends on importing the Qt-free modules before PySide6 (see viewer/app.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_early_imports_exist_and_do_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        "import viewer.app as app\n"
        "for name in app.QT_FREE_MODULES:\n"
        "    importlib.import_module(name)  # a renamed module fails here, loudly\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(qt)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_window_and_its_services_do_not_load_prometheus_client() -> None:
    # prometheus_client brings http.server, urllib, email, ssl and OpenSSL (about 7 MiB PSS);
    # only a kiosk with a metrics file (off by default) loads it, on its first write.
    code = (
        "import importlib, pkgutil, sys\n"
        "import viewer.ui, viewer.services, viewer.app\n"
        "for pkg in (viewer.ui, viewer.services):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('prometheus_client', 'ssl'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
