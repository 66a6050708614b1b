#!/usr/bin/env bash
# Refreshes the lock files (exact versions with hashes) that scripts/setup.sh, the build and CI
# install from, after a change of the dependencies in pyproject.toml or to take new releases:
#
#   bash scripts/lock.sh            # then run the tests and commit requirements/*.txt
#
# One lock per platform the kiosk is built on: requirements/linux.txt (x86-64, glibc 2.34+
# wheels) and requirements/windows.txt (x86-64). Needs uv (.venv/bin/pip install uv).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
uv=$(command -v uv || echo "$here/.venv/bin/uv")
cd "$here"
for target in x86_64-manylinux_2_34:linux x86_64-pc-windows-msvc:windows; do
  "$uv" pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
    --python-platform "${target%%:*}" --index-url https://pypi.org/simple \
    --custom-compile-command "bash scripts/lock.sh" -o "requirements/${target##*:}.txt" -q
done
echo "lock: requirements/linux.txt and requirements/windows.txt updated"
