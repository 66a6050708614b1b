"""``python -m viewer`` starts the kiosk."""

from viewer.cli import main

if __name__ == "__main__":  # not again in a "spawn" child process (speech engine, Windows)
    raise SystemExit(main())
