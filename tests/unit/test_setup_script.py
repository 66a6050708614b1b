"""scripts/setup.sh run by a user who is not root: it names the missing Debian packages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run_setup(tmp_path: Path, installed: set[str]) -> subprocess.CompletedProcess[str]:
    """The real setup.sh in a copy of the checkout whose .venv is already made, as uid 1000.

    ``id`` and ``dpkg-query`` are stand-ins: a user, and a machine with only ``installed``.
    """
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", checkout / "scripts" / "setup.sh")
    (checkout / "pyproject.toml").write_text("", encoding="utf-8")
    venv_bin = checkout / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (venv_bin / "python").chmod(0o755)
    stamp = checkout / ".venv" / ".installed-test"
    stamp.touch()
    os.utime(stamp, (2_000_000_000, 2_000_000_000))  # newer than pyproject.toml
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n", encoding="utf-8")
    (fake / "dpkg-query").write_text(
        '#!/bin/sh\nfor p in $INSTALLED; do [ "$p" = "$3" ] && printf "install ok installed"'
        " && exit 0; done\nexit 1\n",
        encoding="utf-8",
    )
    for tool in ("id", "dpkg-query"):
        (fake / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "INSTALLED": " ".join(installed)}
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "setup.sh"), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_user_is_told_which_packages_are_missing_and_how_to_install_them(tmp_path) -> None:
    done = run_setup(tmp_path, installed={"libegl1", "xvfb"})
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    named = next(line for line in lines if "these Debian packages are missing:" in line).split()
    assert {"poppler-utils", "espeak-ng", "cups", "imagemagick"} <= set(named)
    assert "xvfb" not in named and "libegl1" not in named
    command = next(line for line in lines if "apt-get install" in line).split()
    assert command[:4] == ["sudo", "apt-get", "install", "--no-install-recommends"]
    assert set(command[4:]) == set(named[named.index("missing:") + 1 :])


def test_nothing_is_said_when_every_package_is_there(tmp_path) -> None:
    everything = subprocess.run(
        [
            "bash",
            "-c",
            f"source <(sed -n '/^runtime_debs=/,/^debs=/p' {ROOT}/scripts/setup.sh);"
            ' echo "${runtime_debs[@]} ${test_debs[@]}"',
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "xvfb" in everything
    done = run_setup(tmp_path, installed=set(everything))
    assert done.returncode == 0, done.stderr
    assert "missing" not in done.stderr
