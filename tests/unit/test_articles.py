"""The content model: metadata, sections, broken files, safe HTML, glossary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import write_article
from tests.unit.test_images import png
from viewer.core.articles import open_article, read_meta, split_sections
from viewer.core.glossary import load_glossary
from viewer.core.library import scan_folder
from viewer.core.render import make_renderer


def test_metadata_is_read_without_the_body_being_parsed(content_dir: Path) -> None:
    meta = read_meta(content_dir / "knee.md")
    assert meta.title == "Knee surgery"
    assert meta.summary == "What happens when your knee is fixed."
    assert meta.language == "en"
    assert meta.updated == dt.date(2026, 11, 20)
    assert (meta.reviewed_by, meta.reviewed_on) == ("Test Reviewer, RN", dt.date(2026, 11, 24))
    assert meta.reviewed
    assert meta.related == ("back",)
    assert meta.body.lstrip().startswith("Opening words")
    assert meta.body_line == 12


def test_sections_split_at_level_two_headings_with_an_opening_section(content_dir: Path) -> None:
    article = open_article(read_meta(content_dir / "knee.md"), opening_title="Overview")
    assert [s.title for s in article.sections] == [
        "Overview",
        "What it is",
        "Before you come",
        "After you go home",
    ]
    assert article.sections[0].markdown == "Opening words about a vertebra."
    assert article.sections[2].line == 17  # where '## Before you come' is in the file
    assert "Stop smoking" in article.sections[2].markdown


def test_hashes_inside_code_fences_and_h3_do_not_start_sections() -> None:
    body = "Intro\n\n```\n## not a heading\n```\n### Small heading\n\n## Real\nText"
    sections = split_sections(body, 1, "Overview")
    assert [s.title for s in sections] == ["Overview", "Real"]
    assert "### Small heading" in sections[0].markdown


def test_no_opening_section_when_the_body_starts_with_a_heading() -> None:
    sections = split_sections("## First\nA\n\n## Second\nB", 5, "Overview")
    assert [(s.title, s.line) for s in sections] == [("First", 5), ("Second", 8)]


def test_library_is_sorted_by_title(content_dir: Path) -> None:
    write_article(content_dir, "aaa", "Zebra crossing")
    library = scan_folder(content_dir)
    assert [m.title for m in library.articles] == ["Back pain", "Knee surgery", "Zebra crossing"]
    assert library.problems == []


def test_each_broken_file_is_named_with_its_reason_and_the_good_ones_still_load(
    broken_content_dir: Path,
) -> None:
    library = scan_folder(broken_content_dir)
    assert sorted(library.ids()) == ["back", "knee"]
    reasons = {p.path.name: p.message for p in library.problems}
    assert "not UTF-8" in reasons["latin1.md"]
    assert "at most 1 MB" in reasons["huge.md"]
    assert "no title" in reasons["notitle.md"]
    assert "no text" in reasons["empty.md"]
    assert "cannot be read" in reasons["gone.md"]
    assert all(p.severity == "error" for p in library.problems)


def test_missing_content_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    library = scan_folder(tmp_path / "nope")
    assert library.articles == []
    assert "does not exist" in library.problems[0].message


def test_raw_html_is_shown_as_text_never_run(tmp_path: Path) -> None:
    render = make_renderer(tmp_path)
    out = render(
        'Hi <script>alert("x")</script>\n\n<form action="x"><input></form>\n\n'
        '<img src="http://tracker/x.png">'
    )
    assert "<script" not in out and "<form" not in out and "<img" not in out
    assert "&lt;script&gt;" in out


def test_outside_links_become_plain_text_and_article_links_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("x")
    render = make_renderer(tmp_path, {"other"})
    out = render(
        "[web](https://example.com) [mail](mailto:a@b) [up](../secret.md) "
        "[js](javascript:alert(1)) [ok](other.md) [anchor](#top)"
    )
    assert 'href="article:other"' in out
    assert 'href="#top"' in out
    for bad in ("example.com", "mailto", "secret", "javascript"):
        assert bad not in out
    assert out.count('class="plain-link"') == 4
    assert "web" in out and "mail" in out  # the words stay


def test_images_only_from_inside_the_folder_and_only_if_they_exist(tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(png())
    render = make_renderer(tmp_path)
    out = render("![Spine](pic.png) ![Remote](https://x/y.png) ![Gone](gone.png)")
    assert (tmp_path / "pic.png").resolve().as_uri() in out
    assert "[Picture: Remote]" in out and "[Picture: Gone]" in out
    assert "https://x" not in out


def test_glossary_words_are_found_once_per_section_case_insensitively(content_dir: Path) -> None:
    glossary = load_glossary(content_dir)
    render = make_renderer(content_dir, glossary=glossary)
    out = render(
        "Each Vertebra is a bone. Many vertebrae form the spine. "
        "A vertebra again.\n\n## Osteoporosis\n\n`osteoporosis` in code"
    )
    assert out.count('href="term:vertebra"') == 1
    assert '<a class="term" href="term:vertebra">Vertebra</a>' in out
    assert "term:osteoporosis" not in out  # not in headings, not in code
    assert glossary.lookup("VERTEBRAE").word == "vertebra"


def test_a_broken_glossary_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "glossary.toml").write_text('[[term]]\nword = "x"\n\n[[term]]\nmeaning = "y"\n')
    glossary = load_glossary(tmp_path)
    assert glossary.terms == {}
    assert any("'x' has no meaning" in p for p in glossary.problems)
    (tmp_path / "glossary.toml").write_text("not toml = = =")
    assert "cannot be used" in load_glossary(tmp_path).problems[0]
