"""``kiosk --check-content``: each error named with file and line; the kiosk agrees."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_article
from viewer.core.checks import plain_text
from viewer.core.library import check_folder, scan_folder

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content"

HEAD = "---\ntitle: {t}\nlanguage: en\nlast_reviewed: 2026-11-01\n{extra}---\n"


def article(folder: Path, stem: str, body: str, extra: str = "", title: str = "T") -> Path:
    path = folder / f"{stem}.md"
    path.write_text(HEAD.format(t=title, extra=extra) + body, encoding="utf-8")
    return path


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viewer", "--check-content", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"KIOSK_CONFIG": str(folder / "no-config.toml"), "PATH": ""},
    )


def make_broken(folder: Path) -> None:
    write_article(folder, "good", "Good article")
    (folder / "pic.png").write_bytes(b"\x89PNG")
    article(folder, "html", "Fine line.\n\nA <b>bold</b> move.\n")
    article(folder, "outside", "See [the web](https://example.com).\n\n![x](../x.png)\n")
    article(folder, "missing", "Text.\n\n![Spine](spine.png)\n\n[other](nothere.md)\n")
    article(folder, "related", "Text.\n", extra="related: nowhere\n")
    article(folder, "nolang", "Text.\n").write_text("---\ntitle: X\n---\nText\n")
    (folder / "binary.md").write_bytes(b"---\ntitle: B\nlanguage: en\n---\n\xff\xfe\n")
    article(folder, "codeok", "Use `<b>` in code.\n\n```\n<div>fine</div>\n```\n![ok](pic.png)\n")


def test_each_error_is_named_with_file_line_and_what_to_fix(tmp_path: Path) -> None:
    make_broken(tmp_path)
    problems = [p for p in check_folder(tmp_path) if p.severity == "error"]
    found = {(p.path.name, p.line): p.message for p in problems}
    assert "raw HTML '<b>'" in found[("html.md", 8)]
    assert "'https://example.com' points outside" in found[("outside.md", 6)]
    assert "picture '../x.png' points outside" in found[("outside.md", 8)]
    assert "picture 'spine.png' does not exist" in found[("missing.md", 8)]
    assert "link 'nothere.md' does not exist" in found[("missing.md", 10)]
    assert "related article 'nowhere' does not exist" in found[("related.md", 1)]
    assert "no language" in found[("nolang.md", 1)]
    assert "not UTF-8" in found[("binary.md", 5)]
    assert not any(p.path.name in ("good.md", "codeok.md") for p in problems)
    assert len(problems) == 8


def test_the_kiosk_skips_exactly_the_files_the_check_rejects(tmp_path: Path) -> None:
    make_broken(tmp_path)
    rejected = {p.path.stem for p in check_folder(tmp_path) if p.severity == "error"}
    library = scan_folder(tmp_path)
    assert sorted(library.ids()) == ["codeok", "good"]
    assert {p.path.stem for p in library.problems} == rejected


def test_warnings_for_hard_reading_long_sections_and_old_reviews(tmp_path: Path) -> None:
    hard = (
        "Notwithstanding considerable methodological heterogeneity, percutaneous "
        "augmentation demonstrates statistically significant analgesic efficacy "
        "comparable to conservative pharmacological management. "
    ) * 3
    long = "Short words here. " * 300
    article(
        tmp_path, "a", f"Easy. We go.\n\n## Hard part\n{hard}\n\n## Long part\n{long}\n", extra=""
    )
    problems = check_folder(tmp_path, 7.0, today=dt.date(2029, 6, 1))
    text = [str(p) for p in problems]
    assert all(p.severity == "warning" for p in problems)
    assert any("a.md:8: warning: section 'Hard part' reads at grade" in t for t in text)
    assert any("section 'Long part' is" in t and "two screens" in t for t in text)
    assert any("more than 24 months ago" in t for t in text)
    assert not any("'Overview'" in t for t in text)


def test_list_items_count_as_sentences_for_the_reading_level() -> None:
    assert (
        plain_text("<ul><li>Bleeding</li><li>Infection</li></ul><p>Rest.</p>")
        == "Bleeding. Infection. Rest."
    )


def test_the_bundled_content_is_clean(tmp_path: Path) -> None:
    result = run_check(BUNDLED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout
    assert "vertebroplasty: " in result.stdout  # per-section grades listed


def test_the_command_exits_1_on_errors_and_names_the_file(tmp_path: Path) -> None:
    make_broken(tmp_path)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}/html.md:8: error: raw HTML" in result.stdout
    assert "8 error(s)" in result.stdout
