"""``kiosk --check-content``: each error named with file and line; the kiosk agrees."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_article
from viewer.core.articles import scan_folder
from viewer.core.checks import check_folder, plain_text

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content"

HEAD = (
    "---\ntitle: {t}\nlanguage: en\nupdated: 2026-11-01\nreviewed_by: A. Nurse, RN\n"
    "reviewed_on: 2026-11-01\n{extra}---\n"
)


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
    assert "raw HTML '<b>'" in found[("html.md", 10)]
    assert "'https://example.com' points outside" in found[("outside.md", 8)]
    assert "picture '../x.png' points outside" in found[("outside.md", 10)]
    assert "picture 'spine.png' does not exist" in found[("missing.md", 10)]
    assert "link 'nothere.md' does not exist" in found[("missing.md", 12)]
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
    assert any("a.md:10: warning: section 'Hard part' reads at grade" in t for t in text)
    assert any("section 'Long part' is" in t and "two screens" in t for t in text)
    assert any("reviewed on 2026-11-01, more than 24 months ago" in t for t in text)
    assert not any("'Overview'" in t for t in text)


def test_list_items_count_as_sentences_for_the_reading_level() -> None:
    assert (
        plain_text("<ul><li>Bleeding</li><li>Infection</li></ul><p>Rest.</p>")
        == "Bleeding. Infection. Rest."
    )


def test_the_bundled_content_is_clean(tmp_path: Path) -> None:
    result = run_check(BUNDLED)
    assert result.returncode == 0, result.stdout + result.stderr
    # The sample articles are drafts: the only warnings say they await clinical review.
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 2
    assert all("warning: not clinically reviewed (no reviewed_by and no" in w for w in warnings)
    assert "0 error(s), 2 warning(s)" in result.stdout
    assert "vertebroplasty: " in result.stdout  # per-section grades listed


def test_the_command_exits_1_on_errors_and_names_the_file(tmp_path: Path) -> None:
    make_broken(tmp_path)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}/html.md:10: error: raw HTML" in result.stdout
    assert "8 error(s)" in result.stdout


def review_problems(tmp_path: Path, head: str, today: dt.date) -> list[str]:
    (tmp_path / "r.md").write_text(f"---\ntitle: R\nlanguage: en\n{head}---\nWe go.\n")
    return [p.message for p in check_folder(tmp_path, today=today) if p.severity == "warning"]


def test_review_status_warnings_never_take_a_date_for_a_review(tmp_path: Path) -> None:
    day = dt.date(2027, 1, 10)
    assert review_problems(tmp_path, "updated: 2026-12-01\n", day) == [
        "not clinically reviewed (no reviewed_by and no reviewed_on): the screen and the "
        "handout call it a draft until a clinician checks it and you add "
        "'reviewed_by: NAME, ROLE' and 'reviewed_on: YYYY-MM-DD'"
    ]
    only_name = review_problems(tmp_path, "updated: 2026-12-01\nreviewed_by: Dr. A\n", day)
    assert only_name[0].startswith("not clinically reviewed (no reviewed_on)")
    old_field = review_problems(tmp_path, "last_reviewed: 2026-12-01\n", day)
    assert old_field[0].startswith("last_reviewed is no longer used and does not count")
    assert any(m.startswith("no 'updated: YYYY-MM-DD' date") for m in old_field)
    changed = "updated: 2027-01-05\nreviewed_by: Dr. A\nreviewed_on: 2026-12-20\n"
    assert review_problems(tmp_path, changed, day) == [
        "updated 2027-01-05, after its review on 2026-12-20: the changes have not been "
        "checked, so the screen and the handout call it a draft until a clinician checks "
        "them and you change reviewed_on"
    ]
    good = "updated: 2026-12-01\nreviewed_by: Dr. A, MD\nreviewed_on: 2026-12-20\n"
    assert review_problems(tmp_path, good, day) == []
    assert review_problems(tmp_path, good, dt.date(2029, 1, 1)) == [
        "clinically reviewed on 2026-12-20, more than 24 months ago; have it reviewed again"
    ]
