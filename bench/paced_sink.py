"""A sound 'device' that takes audio at the speed a speaker would, for the speech benchmark.

ALSA's ``file`` plugin pipes each played file into this script. It shrinks its input pipe
to one page (about 46 ms of 22 kHz 16-bit mono audio), reads at exactly 44,100 bytes a
second, and appends one JSON line per stream to LOG: when the first and the last bytes
arrived (``time.monotonic``, the same clock in every process on Linux) and how many.
So ``aplay`` blocks as it would on a real card, and the benchmark sees when audio started
and ended at the 'speaker'.

Usage (as a device): aplay -D "file:'|python3 bench/paced_sink.py LOG',raw" FILE.wav
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time

BYTES_PER_SECOND = 22050 * 2
CHUNK = 1024
F_SETPIPE_SZ = 1031


def main(log: str) -> None:
    """Consume stdin at speaker speed and log the stream's timing."""
    try:
        fcntl.fcntl(0, F_SETPIPE_SZ, 4096)
    except OSError:
        pass
    first = last = None
    total = 0
    start = 0.0
    while True:
        data = os.read(0, CHUNK)
        if not data:
            break
        now = time.monotonic()
        if first is None:
            first = start = now
        total += len(data)
        last = now
        due = start + total / BYTES_PER_SECOND
        if due > now:
            time.sleep(due - now)
    end = start + total / BYTES_PER_SECOND if first is not None else None
    with open(log, "a", encoding="utf-8") as f:
        f.write(
            json.dumps({"first": first, "last_read": last, "audio_end": end, "bytes": total}) + "\n"
        )


if __name__ == "__main__":
    main(sys.argv[1])
