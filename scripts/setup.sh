#!/usr/bin/env bash
# Sets up everything the kiosk and its tests need, idempotently:
#   - as root on Debian/Ubuntu, the system libraries Qt needs (even offscreen) and the tools
#     the tests use (Xvfb, espeak-ng, CUPS with a PDF queue, poppler, sox, ALSA utilities);
#   - a virtual environment in .venv with the Python packages locked in requirements/ (the
#     same exact versions and hashes for every developer, the build and CI).
# Usage: scripts/setup.sh [run|test]   ("test" adds the test tools and test extras)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-run}

runtime_debs=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libsm6 libice6
  fontconfig fonts-dejavu-core libespeak-ng1 espeak-ng-data alsa-utils libcups2 cups-client)
test_debs=(xvfb x11-utils espeak-ng sox poppler-utils cups printer-driver-cups-pdf imagemagick
  binutils dpkg-dev lintian)

debs=("${runtime_debs[@]}")
[ "$mode" = test ] && debs+=("${test_debs[@]}")

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup: not a Debian/Ubuntu system; install Qt's system libraries and espeak-ng yourself." >&2
else
  missing=()
  for p in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "setup: these Debian packages are missing: ${missing[*]}" >&2
    echo "setup: install them as root with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  fi
fi

py=${PYTHON:-python3}
venv="$here/.venv"
stamp="$venv/.installed-$mode"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
# The exact versions and hashes of requirements/<platform>.txt (bash scripts/lock.sh refreshes
# them); then the kiosk itself, editable, without resolving anything again.
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) lock="$here/requirements/windows.txt" ;;
  *) lock="$here/requirements/linux.txt" ;;
esac
if [ ! -f "$stamp" ] || [ "$here/pyproject.toml" -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q --require-hashes --no-deps -r "$lock"
  "$venv/bin/python" -m pip install -q --no-deps -e "$here"
  touch "$stamp"
fi
