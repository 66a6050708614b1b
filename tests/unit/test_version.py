"""kiosk --version: version, commit, build date and the content folder's version."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from viewer import __version__, cli, version


def test_from_source_it_names_the_checked_out_commit(capsys, tmp_path):
    assert cli.main(["--version", "--content", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert out[0] == f"kiosk {__version__}"
    assert out[1].startswith(f"commit: {head}")
    assert out[2] == f"built: {version.FROM_SOURCE}"
    assert out[3] == f"content: unversioned ({tmp_path})"


def test_a_build_reports_what_kiosk_spec_recorded(monkeypatch, tmp_path):
    bundle = tmp_path / "_internal"
    bundle.mkdir()
    (bundle / "build-info.json").write_text(
        json.dumps({"version": "1.2.3", "commit": "0123456789ab", "built": "2026-12-01T10:00:00Z"})
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert version.describe(tmp_path).splitlines()[:3] == [
        "kiosk 1.2.3",
        "commit: 0123456789ab",
        "built: 2026-12-01T10:00:00Z",
    ]


@pytest.mark.parametrize(
    ("manifest", "shown"),
    [
        ('version = "2026-12-01.1"\n[files]\n', "2026-12-01.1"),
        ("[files]\n", "unknown (manifest.toml has no usable version"),
        ("version = \n", "unknown (manifest.toml cannot be read"),
    ],
)
def test_the_content_version_comes_from_the_folders_manifest(tmp_path, manifest, shown):
    (tmp_path / "manifest.toml").write_text(manifest)
    assert version.content_version(tmp_path).startswith(shown)
