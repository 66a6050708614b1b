"""A test that needs a missing real part: a failure naming it on CI, a listed skip elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

NEEDS_POPPLER = """
import pytest

@pytest.mark.needs("poppler")
def test_reads_a_pdf():
    pass
"""


def run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    """pytest on one test that needs poppler, on a PATH with poppler but for pdftoppm."""
    (tmp_path / "test_needs.py").write_text(NEEDS_POPPLER, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("pdftotext", "pdfinfo"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(bin_dir)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "tests.conftest"]
        + ["-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_on_ci_a_missing_part_fails_the_test_and_names_it(tmp_path) -> None:
    done = run(tmp_path, ci=True)
    assert done.returncode == 1, done.stdout
    assert "missing real part poppler: pdftoppm not found on PATH" in done.stdout
    assert "apt-get install poppler-utils" in done.stdout


def test_elsewhere_it_is_skipped_and_the_summary_names_the_part(tmp_path) -> None:
    done = run(tmp_path, ci=False)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "real parts missing here" in done.stdout and "poppler: pdftoppm" in done.stdout
