"""Copied wording: runs of words an article shares with a licensed source text."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.unit.test_checks import run_check
from viewer.core.glossary import glossary_files
from viewer.core.library import scan_folder
from viewer.core.overlap import shared_runs, source_text, words_of

ROOT = Path(__file__).resolve().parents[2]

SOURCE = """Some heading
    The nurse will check your blood pressure, and then she'll ask you to lie still on the bed.
    Bring a list of every medicine you take to the visit.
"""


def runs(article: str, min_words: int = 8) -> list[tuple[int, str]]:
    found = shared_runs(words_of(article), [source_text("src.txt", SOURCE)], min_words)
    return [(r.line, str(r)) for r in found]


def test_a_copied_run_is_found_ignoring_case_punctuation_and_line_breaks() -> None:
    article = "Intro line.\n\n- THE NURSE will check your\n- Blood-pressure; and then SHE'LL ask!\n"
    assert runs(article) == [(3, "the nurse will check your blood pressure and then shell ask")]


def test_a_run_shorter_than_the_limit_is_not_reported() -> None:
    article = "The nurse will check your blood pressure. Then you rest."
    assert runs(article) == []  # 7 shared words
    assert runs(article, min_words=7) == [(1, "the nurse will check your blood pressure")]


def test_own_words_pass_and_each_run_is_reported_once_with_its_lines() -> None:
    article = (
        "A nurse takes your blood pressure first.\n"
        "Please bring a list of every medicine you take to the visit today.\n"
        "Then she'll ask you to lie still on the bed for a while.\n"
    )
    found = shared_runs(words_of(article, 10), [source_text("src.txt", SOURCE)], 8)
    assert [(r.line, r.source, r.source_line, len(r.words)) for r in found] == [
        (11, "src.txt", 3, 11),
        (12, "src.txt", 2, 10),
    ]


def test_check_content_names_file_line_and_words_of_each_copied_run(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "visit.md").write_text(
        "---\ntitle: Visit\nlanguage: en\n---\nFirst line.\n\n"
        "Bring a list of every medicine you take to the visit.\n",
        encoding="utf-8",
    )
    (content / "glossary.toml").write_text(
        '[[term]]\nword = "nurse"\nalso = []\n'
        'meaning = "She will ask you to lie still on the bed."\n',
        encoding="utf-8",
    )
    source = tmp_path / "licensed.txt"
    source.write_text(SOURCE, encoding="utf-8")

    result = run_check(content, "--source", str(source))
    assert result.returncode == 0, result.stderr  # warnings only
    lines = [line for line in result.stdout.splitlines() if "same as in" in line]
    assert lines == [
        f"{content / 'glossary.toml'}:4: warning: 8 words in a row are the same as in "
        'licensed.txt (line 2): "ask you to lie still on the bed"; '
        "say it in your own words",
        f"{content / 'visit.md'}:7: warning: 11 words in a row are the same as in "
        'licensed.txt (line 3): "bring a list of every medicine you take to the visit"; '
        "say it in your own words",
    ]
    # A higher limit lets these runs pass.
    assert (
        "same as in" not in run_check(content, "--source", str(source), "--min-words", "12").stdout
    )


def test_a_source_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    result = run_check(tmp_path, "--source", str(tmp_path / "nothere.txt"))
    assert result.returncode == 2
    assert f"the source text {tmp_path / 'nothere.txt'} cannot be read" in result.stderr


def test_the_bundled_content_shares_no_8_word_run_with_its_licensed_source() -> None:
    # The licensed page is not in the repository, only a hash of each of its 8-word runs.
    lines = (ROOT / "tests/data/vertebroplasty-source-8word-hashes.txt").read_text().split()
    hashes = {line for line in lines if len(line) == 16}
    assert len(hashes) > 900
    copied = []
    # Every article and glossary in every language (the Spanish ones were translated from
    # our English text, so they share no run with this English page by construction).
    texts = [
        (m.path, words_of(m.body, m.body_line))
        for m in scan_folder(ROOT / "content").all_articles()
    ]
    texts += [
        (p, words_of(p.read_text("utf-8"))) for p in glossary_files(ROOT / "content").values()
    ]
    assert len(texts) == len(list((ROOT / "content").glob("*.md"))) + 2
    for path, words in texts:
        for i in range(len(words) - 7):
            run = " ".join(w.text for w in words[i : i + 8])
            if hashlib.sha256(run.encode()).hexdigest()[:16] in hashes:
                copied.append(f"{path.name}:{words[i].line}: {run}")
    assert copied == []
