"""Content checks remembered between starts: the same answer as checking, and checked again
whenever anything they depend on changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.test_checks import make_broken
from tests.unit.test_images import png
from viewer.core import library as library_module
from viewer.core.check_cache import CheckCache
from viewer.core.library import scan_folder


def scan(folder: Path, file: Path, stamp: str = "v1") -> tuple[list[str], list[str], CheckCache]:
    known = CheckCache(file, folder, stamp)
    lib = scan_folder(folder, known)
    known.save()
    return lib.ids(), [str(p) for p in lib.problems], known


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """The ids of the articles whose body is checked, in order."""
    seen: list[str] = []
    real = library_module.body_errors

    def body_errors(meta, ids):
        seen.append(meta.id)
        return real(meta, ids)

    monkeypatch.setattr(library_module, "body_errors", body_errors)
    return seen


def test_a_second_start_finds_what_the_checks_found_without_checking_again(
    tmp_path: Path, counted: list[str]
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    make_broken(folder)
    plain = scan_folder(folder)
    counted.clear()
    first = scan(folder, tmp_path / "checks.json")
    assert counted  # nothing remembered yet: checked
    counted.clear()
    second = scan(folder, tmp_path / "checks.json")
    assert counted == []
    assert first[:2] == second[:2] == (plain.ids(), [str(p) for p in plain.problems])
    assert sorted(plain.ids()) == ["codeok", "good", "related"]


def test_a_changed_file_in_the_folder_is_checked_again(tmp_path: Path, counted) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    make_broken(folder)
    file = tmp_path / "checks.json"
    scan(folder, file)
    os.unlink(folder / "pic.png")  # the picture codeok.md shows is gone
    ids, problems, _ = scan(folder, file)
    assert "codeok" not in ids
    assert any("codeok.md" in p and "'pic.png' does not exist" in p for p in problems)
    (folder / "pic.png").write_bytes(png())  # and back
    assert "codeok" in scan(folder, file)[0]


def test_new_code_or_letterhead_means_checking_again(tmp_path: Path, counted) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    make_broken(folder)
    file = tmp_path / "checks.json"
    known = scan(folder, file)[2]
    known.verified.add("good")
    known.save()
    assert CheckCache(file, folder, "v1").verified == {"good"}
    counted.clear()
    other = scan(folder, file, stamp="v2")[2]
    assert counted and other.verified == set()


@pytest.mark.parametrize("text", ["{not json", '{"key": 1}', "[]", '{"key": "x", "problems": 3}'])
def test_a_damaged_file_means_checking_again(tmp_path: Path, counted, text: str) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    make_broken(folder)
    file = tmp_path / "checks.json"
    file.write_text(text, encoding="utf-8")
    assert sorted(scan(folder, file)[0]) == ["codeok", "good", "related"]
    assert counted


def test_a_folder_that_cannot_be_written_only_means_checking_again(tmp_path: Path, counted) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    make_broken(folder)
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    file = blocked / "checks.json"  # its folder is a file: every write fails
    assert sorted(scan(folder, file)[0]) == ["codeok", "good", "related"]
    counted.clear()
    assert sorted(scan(folder, file)[0]) == ["codeok", "good", "related"]
    assert counted
