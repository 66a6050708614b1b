"""``kiosk --check-content``: each error named with file and line; the kiosk agrees."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_article
from tests.unit.test_images import png
from viewer.config import BrandingSettings
from viewer.core.articles import open_article
from viewer.core.checks import plain_text
from viewer.core.glossary import load_glossary
from viewer.core.handout import build_handout
from viewer.core.library import check_folder, scan_folder
from viewer.core.render import MAX_NESTING, TooDeep, make_renderer

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content"

HEAD = "---\ntitle: {t}\nlanguage: en\nupdated: 2026-11-01\n{extra}---\n"
REVIEWED = "reviewed_by: A. Nurse, RN\nreviewed_on: 2026-11-01\n"


def article(folder: Path, stem: str, body: str, extra: str = "", title: str = "T") -> Path:
    path = folder / f"{stem}.md"
    path.write_text(HEAD.format(t=title, extra=extra) + body, encoding="utf-8")
    return path


def run_check(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viewer", "--check-content", str(folder), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"KIOSK_CONFIG": str(folder / "no-config.toml"), "PATH": ""},
    )


def make_broken(folder: Path) -> None:
    write_article(folder, "good", "Good article")
    (folder / "pic.png").write_bytes(png())
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
    assert "no language" in found[("nolang.md", 1)]
    assert "not UTF-8" in found[("binary.md", 5)]
    assert not any(p.path.name in ("good.md", "codeok.md", "related.md") for p in problems)
    assert len(problems) == 7


def test_the_kiosk_skips_exactly_the_files_the_check_rejects(tmp_path: Path) -> None:
    make_broken(tmp_path)
    rejected = {p.path.stem for p in check_folder(tmp_path) if p.severity == "error"}
    library = scan_folder(tmp_path)
    assert sorted(library.ids()) == ["codeok", "good", "related"]
    assert {p.path.stem for p in library.problems if p.severity == "error"} == rejected


def test_warnings_for_hard_reading_long_sections_and_old_reviews(tmp_path: Path) -> None:
    hard = (
        "Notwithstanding considerable methodological heterogeneity, percutaneous "
        "augmentation demonstrates statistically significant analgesic efficacy "
        "comparable to conservative pharmacological management. "
    ) * 3
    long = "Short words here. " * 300
    article(
        tmp_path,
        "a",
        f"Easy. We go.\n\n## Hard part\n{hard}\n\n## Long part\n{long}\n",
        extra=REVIEWED,
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
    assert len(warnings) == len(list(BUNDLED.glob("*.md")))
    assert all("warning: not clinically reviewed (no reviewed_by and no" in w for w in warnings)
    assert f"0 error(s), {len(warnings)} warning(s)" in result.stdout
    assert "vertebroplasty: " in result.stdout  # per-section grades listed


def test_the_command_exits_1_on_errors_and_names_the_file(tmp_path: Path) -> None:
    make_broken(tmp_path)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}/html.md:8: error: raw HTML" in result.stdout
    assert "7 error(s)" in result.stdout
    assert "3 article(s) usable" in result.stdout


def test_an_unknown_related_id_is_a_warning_and_the_article_still_shows(tmp_path: Path) -> None:
    write_article(tmp_path, "spine", "Spine care", related="how-to-use, spine-two")
    write_article(tmp_path, "spine-two", "Spine care two", related="spine")
    assert scan_folder(tmp_path).ids() == ["spine", "spine-two"]
    problems = check_folder(tmp_path)
    assert [(p.path.name, p.severity) for p in problems] == [("spine.md", "warning")]
    assert "related article 'how-to-use' does not exist" in problems[0].message


DEEP_LIST = "Intro.\n\n" + "".join("    " * i + "- step\n" for i in range(400))


def test_deep_nesting_is_an_error_with_its_line_before_python_markdown_sees_it(
    tmp_path: Path,
) -> None:
    article(tmp_path, "deep", DEEP_LIST)
    article(tmp_path, "quotes", "Intro.\n\n" + "> " * 12 + "deep\n")
    write_article(tmp_path, "good", "Good article")
    found = {(p.path.name, p.line): p.message for p in check_folder(tmp_path)}
    # the body starts at line 6; the ninth item (indented 4*8 spaces) is 9 deep, one too many
    assert "nested 9 levels deep" in found[("deep.md", 6 + 2 + 8)]
    assert "nested 12 levels deep" in found[("quotes.md", 8)]
    assert scan_folder(tmp_path).ids() == ["good"]


def test_the_renderer_refuses_deep_nesting_without_recursion(tmp_path: Path) -> None:
    render = make_renderer(tmp_path)
    with pytest.raises(TooDeep) as caught:
        render("- " * 1000 + "x\n")
    assert caught.value.line == 0
    assert "<li>" in render("- " * MAX_NESTING + "x\n")  # as deep as allowed still renders


def test_the_command_reports_a_deep_article_without_a_traceback(tmp_path: Path) -> None:
    article(tmp_path, "deep", DEEP_LIST)
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}/deep.md:16: error: lists or quotes are nested" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "0 article(s) usable" in result.stdout


def test_a_section_the_kiosk_cannot_render_is_an_error_naming_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(tmp_path, "good", "Good article")
    from viewer.core import speech_text

    real = speech_text.section_utterances

    def fails_on_one_section(page: str, language: str = "en") -> list[speech_text.Utterance]:
        if "Before you come" in page:
            raise ValueError("made to fail")
        return real(page, language)

    monkeypatch.setattr(speech_text, "section_utterances", fails_on_one_section)
    problems = check_folder(tmp_path)
    assert [(p.path.name, p.line, p.severity) for p in problems] == [("good.md", 17, "error")]
    assert "ValueError: made to fail" in problems[0].message


def test_a_glossary_word_with_spaces_round_it_opens_and_prints(tmp_path: Path) -> None:
    write_article(tmp_path, "good", "Good article")
    (tmp_path / "glossary.toml").write_text(
        '[[term]]\nword = " vertebra "\nalso = ["vertebrae ", "  "]\nmeaning = "A back bone."\n'
        '[[term]]\nword = "Vertebrae"\nmeaning = "Twice."\n',
        encoding="utf-8",
    )
    glossary = load_glossary(tmp_path)
    term = glossary.lookup("Vertebra")
    assert term is not None and term.word == "vertebra" and term.also == ("vertebrae",)
    assert any("an 'also' word is empty" in p for p in glossary.problems)
    assert any("'Vertebrae' is already in the glossary" in p for p in glossary.problems)
    meta = scan_folder(tmp_path).articles[0]
    handout = build_handout(
        open_article(meta), BrandingSettings(), make_renderer(tmp_path), glossary
    )
    assert "A back bone." in handout.html


def test_html_direction_controls_and_duplicate_titles_are_warned_about(tmp_path: Path) -> None:
    article(
        tmp_path,
        "a",
        "Text \u202eevil\u202c here.\n",
        extra="summary: <img src='/etc/x.png'> Call now\n",
        title="Right to \u202eleft\u202c live",
    )
    article(tmp_path, "b", "Text.\n", title="Right to \u202eleft\u202c live")
    (tmp_path / "glossary.toml").write_text(
        '[[term]]\nword = "bone"\nmeaning = "<b>Call 555-0199 now</b>"\n', encoding="utf-8"
    )
    found = {(p.path.name, p.line, p.message) for p in check_folder(tmp_path)}
    assert all(p.severity == "warning" for p in check_folder(tmp_path))
    messages = "\n".join(f"{name}:{line}: {m}" for name, line, m in sorted(found))
    assert "a.md:5: the summary contains HTML '<img src='/etc/x.png'>'" in messages
    assert "a.md:2: the title contains an invisible text-direction control (U+202E)" in messages
    assert "a.md:7: this line contains an invisible text-direction control" in messages
    twin = "b.md:1: the title 'Right to \u202eleft\u202c live' is also the title of a.md"
    assert twin in messages
    assert "glossary.toml:0: the meaning of term 'bone' contains HTML '<b>'" in messages
    assert sorted(scan_folder(tmp_path).ids()) == ["a", "b"]  # warnings: both still show


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
