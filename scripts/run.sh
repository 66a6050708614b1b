#!/usr/bin/env bash
# Run the kiosk from a fresh clone: sets itself up, then starts full screen with the bundled
# articles and the default configuration. Extra arguments go to the kiosk (e.g. --windowed).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" run
exec "$here/.venv/bin/kiosk" "$@"
