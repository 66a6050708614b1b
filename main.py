"""Start the kiosk: ``python main.py`` (the packaged build starts here too)."""

import multiprocessing

from viewer.cli import main

if __name__ == "__main__":
    # The speech engine runs in a child process that is this same executable in a frozen
    # build (kiosk --speech-worker, handled in main()). freeze_support() does nothing then;
    # it is for Windows, where that child is a multiprocessing "spawn" child.
    multiprocessing.freeze_support()
    raise SystemExit(main())
