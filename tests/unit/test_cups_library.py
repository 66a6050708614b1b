"""Loading libcups: a library without a function the kiosk uses is a printer problem."""

from __future__ import annotations

import ctypes.util
from pathlib import Path

import pytest

from viewer.services import cups


@pytest.fixture
def fresh_library(monkeypatch):
    """Load libcups anew in the test, whatever an earlier test loaded."""
    monkeypatch.setattr(cups, "_lib", None)


def test_a_library_lacking_a_function_is_reported_naming_the_function(fresh_library, monkeypatch):
    # the C library is a real shared library that has none of libcups' functions
    libc = ctypes.util.find_library("c")
    assert libc
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: libc)
    with pytest.raises(cups.PrinterProblem) as caught:
        cups.print_file(Path("/nonexistent.pdf"), "", "title", wait_seconds=1)
    assert caught.value.reason == "no-cups"
    assert "has no function cupsServer" in str(caught.value)
    assert libc in str(caught.value) and "libcups2" in str(caught.value)
    assert cups._lib is None  # not half-declared for the next try


def test_no_libcups_at_all_is_reported_with_the_package_to_install(fresh_library, monkeypatch):
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(cups.PrinterProblem, match=r"libcups is not installed \(Debian package"):
        cups.print_file(Path("/nonexistent.pdf"), "", "title", wait_seconds=1)
