"""The C allocator's policy for a kiosk process that runs for months (glibc on Linux).

glibc's ``malloc`` gives a block of 128 KiB or more its own memory mapping, which goes back to
the system when the block is freed, but each time such a block is freed it raises that
threshold to the block's size (up to 32 MiB). The kiosk frees large blocks all the time:
pictures drawn at each text size (100 KiB to 2 MiB), text layouts, and once per staff visit the
PIN check's scrypt (16 MiB). After the first of those, every later large block came from the
main heap, between small long-lived allocations made meanwhile, and the freed space stayed
resident in pieces too small to reuse: the 8,000-action soak (bench/soak.py) grew 3.7 MiB with
fake speech and 5.8 with real speech, in steps of about 3 MiB, and its main heap held 57 MB for
35 MB in use. With the threshold fixed at glibc's own default before Qt starts, the same soaks
grew 1.4 and 0.8 MiB without steps; 20,000 actions with real speech grew 2.5 MiB instead of
15.5-17.3 and ended at 128 MiB resident instead of 159; the window process right after start-up
is 98-99 MiB PSS instead of 97-110 (three starts each).
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for the mapping threshold (glibc's ``malloc.h``)."""

MMAP_THRESHOLD = 128 * 1024
"""glibc's starting threshold; setting it explicitly also stops glibc from raising it."""


def keep_large_blocks_mapped() -> bool:
    """Fix glibc's mapping threshold at :data:`MMAP_THRESHOLD` for this process; return whether
    it was set (False off Linux or with a C library that has no such setting)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # about 1 ms of start-up; only here

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
    if not done:
        log.info("The C library did not take a fixed mapping threshold; memory may fragment")
    return done
