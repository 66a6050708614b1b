"""Start the kiosk: ``python main.py`` (the packaged build starts here too)."""

import multiprocessing

from viewer.app import main

if __name__ == "__main__":
    # The speech engine runs in a "spawn" child process: in a frozen build the child starts
    # this same executable, and freeze_support() turns it into the worker instead of a kiosk.
    multiprocessing.freeze_support()
    raise SystemExit(main())
