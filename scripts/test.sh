#!/usr/bin/env bash
# Run the tests from a fresh clone: sets itself up (virtual environment, Python packages and,
# as root on Debian/Ubuntu, the system packages the tests use), then runs pytest.
# Extra arguments go to pytest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh" test
cd "$here"
exec "$here/.venv/bin/python" -m pytest "$@"
