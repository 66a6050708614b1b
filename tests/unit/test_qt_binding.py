"""The Qt binding must not corrupt Python's reference counts (the kiosk runs for months)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRectF


def test_calling_qt_methods_that_return_nothing_keeps_none_alive() -> None:
    # PySide6 6.12.0 released one reference to None per call of such a method; on Python
    # 3.11 None then ran out of references and the interpreter aborted ("deallocating None")
    # after a few thousand calls, i.e. minutes into a kiosk session.
    obj, rect = QObject(), QRectF()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("kiosk")
        rect.setWidth(3.0)
    assert sys.getrefcount(None) >= before - 100
