"""The allocator policy of viewer/native_memory.py (its effect is measured in bench/soak.py)."""

from __future__ import annotations

import sys

import pytest

from viewer import native_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux's")
def test_linux_takes_the_fixed_threshold() -> None:
    assert native_memory.keep_large_blocks_mapped() is True


def test_other_systems_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_memory.sys, "platform", "win32")
    assert native_memory.keep_large_blocks_mapped() is False
