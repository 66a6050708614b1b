"""``python -m viewer`` starts the kiosk."""

from viewer.app import main

raise SystemExit(main())
