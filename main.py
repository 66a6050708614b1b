"""Start the kiosk: ``python main.py`` (the packaged build starts here too)."""

from viewer.app import main

raise SystemExit(main())
