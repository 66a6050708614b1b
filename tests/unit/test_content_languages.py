"""Articles per language: ``<id>.<lang>.md`` beside ``<id>.md``, per-language glossaries,
the topic in a reader's language or a marked fallback, and the bundled translations kept in
step with their originals (no Qt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.unit.test_checks import run_check
from viewer.core.articles import open_article, read_meta, topic_and_language
from viewer.core.glossary import glossary_files, load_glossary
from viewer.core.library import check_folder, render_errors, scan_folder
from viewer.core.render import make_renderer

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "content"

HEAD = "---\ntitle: {title}\nlanguage: {language}\nupdated: 2026-11-01\n{extra}---\n"
REVIEWED = "reviewed_by: A. Nurse, RN\nreviewed_on: 2026-11-01\n"
EN_BODY = "Rest for a day. Call us if it hurts.\n\n## After\nWalk a bit. Then rest.\n"
ES_BODY = (
    "Descanse un día. Llame si le duele.\n\n"
    "## Después\nSalga a dar un paseo. Luego vaya a la cama.\n"
)


def write(folder: Path, name: str, title: str, language: str, body: str, extra: str = "") -> Path:
    path = folder / name
    path.write_text(
        HEAD.format(title=title, language=language, extra=REVIEWED + extra) + body, "utf-8"
    )
    return path


@pytest.fixture
def two_languages(tmp_path: Path) -> Path:
    """'knee' in English and Spanish, 'back' only in English, 'hip' only in Spanish."""
    write(tmp_path, "knee.md", "Knee surgery", "en", EN_BODY, "related: back, hip\n")
    write(tmp_path, "knee.es.md", "Cirugía de rodilla", "es", ES_BODY, "related: back, hip\n")
    write(tmp_path, "back.md", "Back pain", "en", EN_BODY)
    write(tmp_path, "hip.es.md", "Ácido en la cadera", "es", ES_BODY)
    return tmp_path


def test_the_topic_id_is_the_file_name_without_its_language(tmp_path: Path) -> None:
    assert topic_and_language(Path("vertebroplasty.es.md")) == ("vertebroplasty", "es")
    assert topic_and_language(Path("vertebroplasty.md")) == ("vertebroplasty", "")
    assert topic_and_language(Path("how-to-use.ES.md")) == ("how-to-use", "es")
    # A dotted part that is not 2 or 3 letters is part of the id.
    assert topic_and_language(Path("notes.v2.md")) == ("notes.v2", "")
    meta = read_meta(write(tmp_path, "knee.es.md", "Rodilla", "es-419", ES_BODY))
    assert (meta.id, meta.language) == ("knee", "es-419")


def test_each_topic_is_listed_once_and_its_translations_apart(two_languages: Path) -> None:
    library = scan_folder(two_languages)
    assert library.problems == []
    # What the screens used before translations existed: one article per topic, by title.
    assert [m.path.name for m in library.articles] == ["hip.es.md", "back.md", "knee.md"]
    assert [m.path.name for m in library.translations] == ["knee.es.md"]
    assert library.ids() == ["hip", "back", "knee"]
    assert library.languages() == ["en", "es"]
    assert library.get("knee").path.name == "knee.md"
    assert library.get("knee", "es").path.name == "knee.es.md"
    assert library.get("back", "es") is None


def test_a_topic_in_a_language_is_its_translation_or_a_marked_fallback(
    two_languages: Path,
) -> None:
    library = scan_folder(two_languages)
    knee = library.topic("knee", "es")
    assert knee is not None and knee.meta.title == "Cirugía de rodilla" and not knee.fallback
    back = library.topic("back", "es")
    assert back is not None and back.meta.title == "Back pain" and back.fallback
    hip = library.topic("hip", "en")
    assert hip is not None and hip.meta.language == "es" and hip.fallback
    assert library.topic("knee", "es-419").meta.title == "Cirugía de rodilla"
    assert library.topic("nowhere", "es") is None


def test_the_topics_offered_in_a_language_are_all_topics_sorted_by_the_title_shown(
    two_languages: Path,
) -> None:
    library = scan_folder(two_languages)
    spanish = library.topics("es")
    # "Ácido" sorts with "a", not after "z".
    assert [(c.meta.title, c.fallback) for c in spanish] == [
        ("Ácido en la cadera", False),
        ("Back pain", True),
        ("Cirugía de rodilla", False),
    ]
    english = library.topics("en")
    assert [(c.meta.title, c.fallback) for c in english] == [
        ("Ácido en la cadera", True),
        ("Back pain", False),
        ("Knee surgery", False),
    ]


def test_a_language_line_that_disagrees_with_the_file_name_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "knee.md", "Knee surgery", "en", EN_BODY)
    wrong = write(tmp_path, "knee.es.md", "Knee surgery in Spanish", "en", EN_BODY)
    problems = check_folder(tmp_path)
    assert [str(p) for p in problems if p.severity == "error"] == [
        "knee.es.md:3: error: the file name says this is the 'es' translation of 'knee', but "
        "the metadata says 'language: en'; change that line to 'language: es', or rename "
        "the file to knee.en.md"
    ]
    # The kiosk skips it as the check does.
    library = scan_folder(tmp_path)
    assert wrong not in [m.path for m in library.all_articles()]
    assert library.topic("knee", "es").fallback


def test_two_files_for_one_topic_in_one_language_are_an_error(tmp_path: Path) -> None:
    write(tmp_path, "knee.md", "Cirugía de rodilla", "es", ES_BODY)
    write(tmp_path, "knee.es.md", "Rodilla", "es", ES_BODY)
    errors = [str(p) for p in check_folder(tmp_path) if p.severity == "error"]
    assert errors == [
        "knee.es.md:1: error: knee.md is already the 'es' article of topic 'knee' (its "
        "language: line says so); keep one of the two files"
    ]
    assert [m.path.name for m in scan_folder(tmp_path).all_articles()] == ["knee.md"]


def test_links_and_related_name_topics_whatever_their_language(two_languages: Path) -> None:
    write(
        two_languages,
        "wrist.es.md",
        "Muñeca",
        "es",
        "Vea [la rodilla](knee.md) y [la cadera](hip.es.md).\n",
        "related: knee, back, nowhere\n",
    )
    library = scan_folder(two_languages)
    warnings = [str(p) for p in library.problems]
    assert warnings == [
        "wrist.es.md:1: warning: related article 'nowhere' does not exist, so the link to it "
        "is left out; use the file name without .md"
    ]
    render = make_renderer(two_languages, set(library.ids()))
    html = render(library.get("wrist").body)
    assert 'href="article:knee"' in html and 'href="article:hip"' in html


def test_a_removed_article_gives_its_place_to_a_translation(two_languages: Path) -> None:
    library = scan_folder(two_languages)
    library.remove(library.get("knee"))
    assert library.get("knee").path.name == "knee.es.md"
    assert library.translations == []
    assert library.topic("knee", "en").fallback


def test_each_language_has_its_own_glossary(tmp_path: Path) -> None:
    (tmp_path / "glossary.toml").write_text(
        '[[term]]\nword = "knee"\nmeaning = "The joint in the middle of your leg."\n', "utf-8"
    )
    (tmp_path / "glossary.es.toml").write_text(
        '[[term]]\nword = "rodilla"\nalso = ["rodillas"]\n'
        'meaning = "La articulación del medio de la pierna."\n',
        "utf-8",
    )
    assert set(load_glossary(tmp_path).terms) == {"knee"}
    assert set(load_glossary(tmp_path, "es").terms) == {"rodilla"}
    assert set(load_glossary(tmp_path, "es-419").terms) == {"rodilla"}
    assert load_glossary(tmp_path, "fr").terms == {}
    assert {k: p.name for k, p in glossary_files(tmp_path).items()} == {
        "en": "glossary.toml",
        "es": "glossary.es.toml",
    }


def test_a_glossary_file_the_kiosk_does_not_read_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "knee.md", "Knee", "en", EN_BODY)
    term = '[[term]]\nword = "knee"\nmeaning = "The joint in the middle of your leg."\n'
    (tmp_path / "glossary.en.toml").write_text(term, "utf-8")
    (tmp_path / "glossary.spanish.toml").write_text(term, "utf-8")
    assert [str(p) for p in check_folder(tmp_path)] == [
        f"{name}: warning: the kiosk does not read this file: English articles use "
        "glossary.toml, articles in another language glossary.<language>.toml "
        "(glossary.es.toml); rename it"
        for name in ("glossary.en.toml", "glossary.spanish.toml")
    ]


def test_the_check_renders_each_article_with_its_languages_glossary_and_speech(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "knee.md", "Knee", "en", "Your knee hurts.\n")
    write(tmp_path, "knee.es.md", "Rodilla", "es", "Le duele la rodilla.\n")
    (tmp_path / "glossary.es.toml").write_text(
        '[[term]]\nword = "rodilla"\nmeaning = "La articulación del medio de la pierna."\n',
        "utf-8",
    )
    (tmp_path / "glossary.toml").write_text(
        '[[term]]\nword = "knee"\nmeaning = "The joint in the middle of your leg.\n', "utf-8"
    )  # broken on purpose: an error for glossary.toml only
    from viewer.core import speech_text

    real = speech_text.section_utterances
    spoken: list[tuple[str, str]] = []

    def record(page: str, language: str = "en"):
        spoken.append((language, page))
        return real(page, language)

    monkeypatch.setattr(speech_text, "section_utterances", record)
    problems = check_folder(tmp_path)
    assert [(p.path.name, p.severity) for p in problems] == [("glossary.toml", "error")]
    assert [lang for lang, _ in spoken] == ["en", "es"]
    assert 'href="term:rodilla"' in spoken[1][1]
    assert "term:" not in spoken[0][1]  # the English glossary was unusable


def test_the_check_grades_spanish_with_inflesz_and_warns_below_65(tmp_path: Path) -> None:
    hard = (
        "La administración percutánea de polimetilmetacrilato intravertebral "
        "proporciona estabilización biomecánica inmediata, disminuyendo considerablemente "
        "la sintomatología dolorosa persistente asociada.\n"
    )
    write(tmp_path, "knee.md", "Knee", "en", EN_BODY)
    write(tmp_path, "knee.es.md", "Rodilla", "es", ES_BODY + "\n## Difícil\n" + hard)
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert (
        f"{tmp_path}/knee.es.md:13: warning: section 'Difícil' scores INFLESZ" in out
        and "(muy difícil), below the target 65; use shorter sentences and everyday words" in out
    )
    assert re.search(r"  knee\.es: Después: INFLESZ \d+\.\d \(muy fácil\), 10 words", out)
    assert re.search(r"  knee: After: grade -?\d+\.\d, 5 words", out)
    assert "Spanish: INFLESZ, target 65 or higher" in out
    assert "1 warning(s)" in out


# -- the bundled translations ----------------------------------------------------------------

PAIRS = [(m, scan_folder(BUNDLED).get(m.id)) for m in scan_folder(BUNDLED).translations]


def test_the_bundled_content_has_the_spanish_articles() -> None:
    assert {(m.id, m.language) for m, _ in PAIRS} >= {
        ("vertebroplasty", "es"),
        ("how-to-use", "es"),
    }


def structure(markdown: str) -> list[str]:
    """What must match between a section and its translation: pictures (by drawing),
    small headings, list items and numbered steps, in order."""
    found = []
    for line in markdown.splitlines():
        if m := re.match(r"!\[[^\]]*\]\(([^) ]+?)(?:\.[a-z]{2})?\.(svg|png|jpe?g|gif)", line):
            found.append(f"picture {m.group(1)}")
        elif line.startswith("### "):
            found.append("heading")
        elif m := re.match(r"\s*(-|\d+\.) ", line):
            found.append("step " + m.group(1) if m.group(1) != "-" else "item")
    return found


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].path.name)
def test_a_translation_has_the_same_sections_in_the_same_order(pair) -> None:
    translation, original = pair
    theirs = open_article(translation).sections
    ours = open_article(original).sections
    # Section i is the same part of the topic in both languages, so the screen can switch
    # language at the section it shows.
    assert len(theirs) == len(ours)
    for mine, other in zip(theirs, ours, strict=True):
        assert structure(mine.markdown) == structure(other.markdown), (mine.title, other.title)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].path.name)
def test_a_translation_keeps_the_metadata_and_stays_a_draft(pair) -> None:
    translation, original = pair
    assert translation.related == original.related
    assert translation.references == original.references
    assert translation.updated == original.updated
    assert bool(translation.notice) == bool(original.notice)
    assert bool(translation.source) == bool(original.source)
    # Nobody has checked the Spanish text: it must say it is a draft until someone does.
    assert not translation.reviewed_by and translation.reviewed_on is None
    assert not translation.reviewed
    assert "BORRADOR" in translation.status

    def phones(text: str) -> list[str]:
        return sorted(re.findall(r"\b\d{3}(?:-\d{3}-\d{4})?\b", text))

    assert phones(translation.notice + translation.body) == phones(original.notice + original.body)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].path.name)
def test_a_translation_uses_as_many_glossary_words_as_its_original(pair) -> None:
    translation, original = pair
    theirs = load_glossary(BUNDLED, translation.language).used_in(translation.body)
    ours = load_glossary(BUNDLED, original.language).used_in(original.body)
    assert len(theirs) == len(ours)


def test_every_spanish_glossary_word_is_used_by_a_spanish_article() -> None:
    glossary = load_glossary(BUNDLED, "es")
    assert glossary.problems == []
    spanish = [m for m in scan_folder(BUNDLED).all_articles() if m.language == "es"]
    used = {t.word for m in spanish for t in glossary.used_in(m.body)}
    assert used == set(glossary.terms)


def test_the_bundled_spanish_articles_render_speak_and_print(tmp_path: Path) -> None:
    library = scan_folder(BUNDLED)
    for meta in library.all_articles():
        glossary = load_glossary(BUNDLED, meta.language)
        assert render_errors(meta, set(library.ids()), glossary) == []


def test_the_bundled_check_lists_the_spanish_sections_with_inflesz_at_65_or_more() -> None:
    result = run_check(BUNDLED)
    assert result.returncode == 0, result.stdout + result.stderr
    scores = re.findall(r"  vertebroplasty\.es: .*: INFLESZ (\d+\.\d)", result.stdout)
    assert len(scores) == len(open_article(scan_folder(BUNDLED).get("vertebroplasty")).sections)
    assert all(float(s) >= 65 for s in scores), scores
