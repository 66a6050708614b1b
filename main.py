"""Start the kiosk: ``python main.py`` (the packaged build starts here too)."""

import sys

from viewer.cli import main

if __name__ == "__main__":
    # The speech engine runs in a child process that is this same executable in a frozen
    # build (kiosk --speech-worker, handled in main()). freeze_support() does nothing then;
    # it is for Windows, where that child is a multiprocessing "spawn" child. Elsewhere
    # multiprocessing is not imported at all (about 10 ms of start-up).
    if sys.platform == "win32":
        import multiprocessing

        multiprocessing.freeze_support()
    raise SystemExit(main())
