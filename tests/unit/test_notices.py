"""The third-party notices written at build time (scripts/notices.py)."""

from __future__ import annotations

import importlib.metadata as metadata
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import notices  # noqa: E402


def fake_distribution(site: Path, name: str, licence_file: str | None) -> Path:
    """An installed distribution ``name`` with one module and, optionally, a licence file."""
    module = site / f"{name}.py"
    module.write_text("x = 1\n")
    info = site / f"{name}-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.4\nName: {name}\nVersion: 1.2\nLicense-Expression: MIT\n"
    )
    record = [f"{name}.py,,", f"{info.name}/METADATA,,"]
    if licence_file:
        (info / "licenses").mkdir()
        (info / "licenses" / licence_file).write_text(f"The {name} licence text.\n")
        record.append(f"{info.name}/licenses/{licence_file},,")
    (info / "RECORD").write_text("\n".join(record) + "\n")
    return module


def tracer(site: Path, find_package=lambda path: None) -> notices.Tracer:
    dists = [metadata.PathDistribution(p) for p in site.glob("*.dist-info")]
    return notices.Tracer(dists, find_package=find_package)


def test_a_bundled_distribution_gets_its_licence_text_and_summary_line(tmp_path):
    module = fake_distribution(tmp_path, "goodlib", "LICENSE")
    font = ROOT / "assets" / "fonts" / "AtkinsonHyperlegible_400Regular.ttf"
    out = tmp_path / "NOTICES.txt"
    found = notices.write_notices(
        [("goodlib.py", module), ("assets/fonts/x.ttf", font)], out, "9.9", tracer(tmp_path)
    )
    text = out.read_text()
    assert "goodlib 1.2: MIT" in text
    assert "The goodlib licence text." in text
    assert "Atkinson Hyperlegible font: OFL-1.1" in text
    assert "SIL Open Font License" in text
    assert {c.name for c in found} >= {"goodlib", "Atkinson Hyperlegible font"}


def test_the_build_stops_when_a_bundled_distribution_has_no_licence_file(tmp_path):
    module = fake_distribution(tmp_path, "nolicence", None)
    out = tmp_path / "NOTICES.txt"
    with pytest.raises(notices.MissingNotice, match="nolicence 1.2: no licence file found"):
        notices.write_notices([("nolicence.py", module)], out, "9.9", tracer(tmp_path))
    assert not out.exists()


def test_a_file_nobody_owns_stops_the_build_naming_it(tmp_path):
    stray = tmp_path / "elsewhere" / "libmystery.so.1"
    stray.parent.mkdir()
    stray.write_bytes(b"\x7fELF")
    with pytest.raises(notices.MissingNotice, match="libmystery.so.1.*no distribution"):
        notices.write_notices(
            [("libmystery.so.1", stray)], tmp_path / "N.txt", "9.9", tracer(tmp_path)
        )


def test_python_itself_is_noticed_for_the_standard_library(tmp_path):
    out = tmp_path / "NOTICES.txt"
    notices.write_notices(
        [("json/__init__.py", Path(__import__("json").__file__))], out, "9.9", tracer(tmp_path)
    )
    text = out.read_text()
    assert "Python 3.11" in text and "PSF-2.0" in text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="Debian only")
def test_a_system_library_is_noticed_with_its_debian_copyright(tmp_path):
    libc = Path("/lib/x86_64-linux-gnu/libc.so.6")
    if not libc.exists():
        pytest.skip("not an amd64 Debian")
    out = tmp_path / "NOTICES.txt"
    notices.write_notices([("libc.so.6", libc)], out, "9.9", notices.Tracer([]))
    text = out.read_text()
    assert "libc6 (Debian package)" in text and "GNU" in text


def test_the_wheels_without_licence_files_get_the_lgpl_text():
    pyside = metadata.distribution("pyside6-essentials")
    names = [name for name, _ in notices._licence_files(pyside)]
    assert names[-2:] == ["LGPL-3.0.txt", "GPL-3.0.txt"]
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (notices.LICENCE_DIR / "LGPL-3.0.txt").read_text()
