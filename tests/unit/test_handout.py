"""The handout's HTML (no Qt): the whole article, branded, plain on paper."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
from pathlib import Path

from tests import parts
from viewer.config import BrandingSettings
from viewer.core.articles import open_article, read_meta
from viewer.core.glossary import load_glossary
from viewer.core.handout import build_handout, long_date, wants_large_print
from viewer.core.render import make_renderer
from viewer.services import cups

GLOSSARY_WITH_UNUSED = """
[[term]]
word = "vertebra"
meaning = "One of the small bones that make up your spine."

[[term]]
word = "osteoporosis"
meaning = "A disease that makes bones thin and easy to break."

[[term]]
word = "kyphoplasty"
meaning = "A word this article never uses."
"""


def make(content_dir: Path, stem: str = "knee", **kwargs):
    (content_dir / "glossary.toml").write_text(GLOSSARY_WITH_UNUSED, encoding="utf-8")
    meta = read_meta(content_dir / f"{stem}.md")
    render = make_renderer(content_dir, {"knee", "back", "links"})
    branding = kwargs.pop("branding", BrandingSettings())
    return open_article(meta), build_handout(
        open_article(meta), branding, render, load_glossary(content_dir), **kwargs
    )


def text_of(fragment: str) -> str:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([:.,])", r"\1", text)


def test_handout_has_branding_title_date_every_section_and_the_notice(content_dir) -> None:
    article, handout = make(content_dir, printed_on=dt.date(2027, 1, 5))
    text = text_of(handout.html)
    assert "St. Luke's Hospital" in text and "Chesterfield, MO" in text
    assert "Main number: 314-434-1500" in text
    assert "Emergency Department: 314-205-6990" in text
    assert "Patient billing: 888-924-9200" in text  # every number of the source page
    assert "Knee surgery" in text
    assert "Checked by Test Reviewer, RN on November 24, 2026." in text
    assert "Written or last updated on November 20, 2026." in text
    assert "Draft" not in text
    # The emergency notice comes before the first section, so it is on page 1.
    assert text.index("Please note: Not for emergencies.") < text.index("Opening words")
    headings = re.findall(r"<h2>(.*?)</h2>", handout.html)
    assert [s.title for s in article.sections] == [
        "Overview",
        "What it is",
        "Before you come",
        "After you go home",
    ]
    assert headings[:4] == [s.title for s in article.sections]
    assert "Rest for a day" in text  # the last section's body, not only the one on screen
    assert "Where this information comes from" in text and "Written for the tests." in text
    assert "Please note: Not for emergencies." in text
    assert handout.footer == "Knee surgery  ·  Printed January 5, 2027"
    assert handout.header.startswith("St. Luke's Hospital")
    assert 'src="handout:logo"' in handout.html


def test_only_the_glossary_words_used_are_defined_at_the_end(content_dir) -> None:
    _, handout = make(content_dir)
    end = text_of(handout.html.split("Words used in this handout")[1])
    assert "Vertebra: One of the small bones that make up your spine." in end
    assert "Osteoporosis: A disease that makes bones thin" in end
    assert "kyphoplasty" not in end.lower()


def test_links_become_plain_words_on_paper(content_dir) -> None:
    (content_dir / "links.md").write_text(
        "---\ntitle: Links\nlanguage: en\n---\nSee [back pain](back.md) and "
        "[the web](https://example.org) for more about a vertebra.\n",
        encoding="utf-8",
    )
    _, handout = make(content_dir, "links")
    assert "<a " not in handout.html and "href" not in handout.html
    assert "See back pain and the web for more" in text_of(handout.html)


def test_large_print_is_18_points_and_normal_12(content_dir) -> None:
    _, normal = make(content_dir)
    _, large = make(content_dir, large_print=True)
    assert normal.body_points == 12 and not normal.large_print
    assert large.body_points >= 18 and large.large_print
    assert "font-size: 18.0pt" in large.html and "font-size: 12.0pt" in normal.html


def test_branding_is_escaped_and_the_logo_can_be_left_out(content_dir) -> None:
    branding = BrandingSettings(
        hospital_name="Mercy <General> & Co", location="", phones=["Desk: 555-0100"]
    )
    _, handout = make(content_dir, branding=branding, with_logo=False)
    assert "Mercy &lt;General&gt; &amp; Co" in handout.html
    assert "<General>" not in handout.html and "<img" not in handout.html
    assert "Desk: 555-0100" in text_of(handout.html)


def test_large_print_follows_the_screen_size_threshold() -> None:
    assert not wants_large_print(150, 175)
    assert wants_large_print(175, 175) and wants_large_print(250, 175)


def test_dates_are_in_english_whatever_the_locale() -> None:
    assert long_date(dt.date(2026, 3, 1)) == "March 1, 2026"


def test_cups_not_running_is_a_printer_problem_not_a_silent_pdf(tmp_path, monkeypatch) -> None:
    parts.require("libcups")
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    caught: list[BaseException] = []

    def run() -> None:
        try:
            cups.print_file(pdf, "", "test", wait_seconds=5)
        except BaseException as exc:  # noqa: BLE001
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert caught and isinstance(caught[0], cups.PrinterProblem)
    assert caught[0].reason == "no-cups"
    assert "CUPS is not running" in str(caught[0]) and "no-cupsd.sock" in str(caught[0])


def test_a_draft_says_so_on_the_handout_and_never_claims_a_review(content_dir) -> None:
    path = content_dir / "knee.md"
    path.write_text(path.read_text().replace("reviewed_by: Test Reviewer, RN\n", ""))
    _, handout = make(content_dir)
    text = text_of(handout.html)
    assert "Draft: the hospital's doctors and nurses have not checked this article yet." in text
    assert "<b>Draft:" in handout.html  # in bold
    assert "Checked" not in text and "reviewed" not in text.lower()
    assert text.index("Draft:") < text.index("Opening words")


SPANISH = Path(__file__).resolve().parents[1] / "data" / "spanish"
# Words of our handout template in English: none may be left on a Spanish handout.
ENGLISH_TEMPLATE = (
    "Please note",
    "Words used",
    "Where this information",
    "Printed",
    "Draft",
    "Written or last updated",
    "Checked by",
    "Main number",
    "Emergency Department",
    "Patient billing",
    "November",
    "January",
)


def spanish_handout(**kwargs):
    meta = read_meta(SPANISH / "rodilla.md")
    render = make_renderer(SPANISH, {"rodilla"})
    branding = kwargs.pop("branding", BrandingSettings())
    return build_handout(
        open_article(meta), branding, render, load_glossary(SPANISH, "es"), **kwargs
    )


def test_a_spanish_article_gets_a_handout_in_spanish_whatever_the_screens_show() -> None:
    from viewer import i18n

    assert i18n.current_language() == "en"  # the screens are in English
    handout = spanish_handout(printed_on=dt.date(2027, 1, 5))
    text = text_of(handout.html)
    assert handout.language == "es"
    assert "Teléfono principal: 314-434-1500" in text
    assert "Sala de Emergencias: 314-205-6990" in text
    assert "Facturación para pacientes: 888-924-9200" in text
    assert "Borrador: los médicos y las enfermeras del hospital todavía no han revisado" in text
    assert "Escrito o actualizado por última vez el 20 de noviembre de 2026." in text
    assert text.index("Tenga en cuenta: No es para emergencias.") < text.index("Qué es")
    assert "De dónde viene esta información" in text
    glossary = text_of(handout.html.split("Palabras usadas en esta hoja")[1])
    assert "Rodilla: La articulación en el medio de la pierna." in glossary
    assert handout.footer == "Cirugía de rodilla  ·  Impreso el 5 de enero de 2027"
    for english in ENGLISH_TEMPLATE:
        assert english not in text and english not in handout.footer, english
    assert i18n.current_language() == "en"  # and they still are


def test_a_reviewed_spanish_article_says_who_checked_it_in_spanish(tmp_path) -> None:
    text = (SPANISH / "rodilla.md").read_text(encoding="utf-8")
    reviewed = text.replace(
        "updated: 2026-11-20",
        "updated: 2026-11-20\nreviewed_by: Ana Ruiz, RN\nreviewed_on: 2026-11-24",
    )
    (tmp_path / "rodilla.md").write_text(reviewed, encoding="utf-8")
    article = open_article(read_meta(tmp_path / "rodilla.md"))
    handout = build_handout(article, BrandingSettings(), make_renderer(tmp_path, set()))
    assert "Revisado por Ana Ruiz, RN el 24 de noviembre de 2026." in text_of(handout.html)
    assert "Borrador" not in handout.html


def test_contact_labels_come_from_the_label_table_of_the_articles_language(tmp_path) -> None:
    branding = BrandingSettings(
        phones=["Main number: 555-0100", "Pharmacy: 555-0101", "Front desk: 555-0102"],
        phone_labels={"es": {"Pharmacy": "Farmacia"}},
    )
    text = text_of(spanish_handout(branding=branding).html)
    assert "Teléfono principal: 555-0100" in text  # a default label: the catalogue knows it
    assert "Farmacia: 555-0101" in text  # from the table
    assert "Front desk: 555-0102" in text  # in neither: as written, with its number
    english = (SPANISH / "rodilla.md").read_text(encoding="utf-8")
    (tmp_path / "knee.md").write_text(english.replace("language: es", "language: en"), "utf-8")
    article = open_article(read_meta(tmp_path / "knee.md"))
    text = text_of(build_handout(article, branding, make_renderer(tmp_path, set())).html)
    assert "Main number: 555-0100" in text and "Pharmacy: 555-0101" in text


def test_large_print_spanish_handout_is_just_as_spanish() -> None:
    handout = spanish_handout(large_print=True)
    assert handout.body_points == 18 and handout.language == "es"
    assert "Palabras usadas en esta hoja" in handout.html
