"""Spanish read aloud: sentences split where a reader stops, and said as a reader says them."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.core.render import section_html
from viewer.core.speech_es import spoken
from viewer.core.speech_text import abbreviations, section_utterances, split_sentences


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("El 20 % de los casos.", "El 20 por ciento de los casos."),
        ("Tiene 38 °C de fiebre.", "Tiene 38 grados centígrados de fiebre."),
        ("Tiene 38º.", "Tiene 38 grados."),
        ("Tome 500 mg cada 8 h.", "Tome 500 miligramos cada 8 horas."),
        ("Tome 1 mg y espere 1 h.", "Tome un miligramo y espere una hora."),
        ("No coma durante 24 horas.", "No coma durante 24 horas."),
        ("Tome 10 mg/día.", "Tome 10 miligramos al día."),
        ("Pese 2,5 kg.", "Pese 2,5 kilos."),
        ("Unos 15 min aprox.", "Unos 15 minutos aproximadamente."),
        ("Llegue a las 8:00 a. m.", "Llegue a las 8 a eme."),
        ("Llegue a las 10:30 p. m.", "Llegue a las 10:30 pe eme."),
        ("La Sra. López y el Dr. Pérez.", "La señora López y el doctor Pérez."),
        ("Pregunte a la Dra. Ruiz.", "Pregunte a la doctora Ruiz."),
        ("Vea el cap. 3, p. ej. la pág. 4.", "Vea el capítulo 3, por ejemplo la página 4."),
        ("Lleve gafas, bastón, etc.", "Lleve gafas, bastón, etcétera."),
        ("El n.º 5 y el núm. 6.", "El número 5 y el número 6."),
        ("El 1.º de diciembre, en el 3.er piso.", "El primero de diciembre, en el tercer piso."),
        ("Es su 2.ª cita.", "Es su segunda cita."),
        ("Su presión es 120/80 mmHg.", "Su presión es 120 sobre 80 milímetros de mercurio."),
        ("Tome 1/2 pastilla 2-3 veces al día.", "Tome media pastilla 2 a 3 veces al día."),
        ("Llame al 555-123-4567.", "Llame al 555-123-4567."),
        ("Cuesta $20 o US$ 1.", "Cuesta 20 dólares o 1 dólar."),
        ("Hay 1,000 personas en EE. UU.", "Hay 1000 personas en Estados Unidos."),
        ("¿Le duele? ¡Llame!", "¿Le duele? ¡Llame!"),
        ("Año, niño, señal, acción.", "Año, niño, señal, acción."),
    ],
)
def test_spanish_is_said_as_a_reader_says_it(written, said):
    assert spoken(written) == said


def test_a_spanish_section_is_split_and_said_in_spanish_and_english_is_unchanged():
    html = section_html(
        "Antes de venir",
        "<p>La Sra. López le llamará. Tome 500 mg de paracetamol, p. ej. a las 8:00 a. m. "
        "¿Tiene preguntas? Llame al 555-123-4567.</p><ul><li>No coma en 8 h.</li></ul>",
    )
    said = section_utterances(html, "es-419")
    assert [u.text for u in said] == [
        "Antes de venir",
        "La señora López le llamará.",
        "Tome 500 miligramos de paracetamol, por ejemplo a las 8 a eme.",
        "¿Tiene preguntas?",
        "Llame al 5 5 5, 1 2 3, 4 5 6 7.",
        "No coma en 8 horas.",
    ]
    # What is highlighted is what the screen shows.
    assert said[2].source == "Tome 500 mg de paracetamol, p. ej. a las 8:00 a. m."
    english = section_utterances(section_html("Before", "<p>Take 500 mg. Then rest.</p>"))
    assert [u.text for u in english] == ["Before", "Take 500 mg.", "Then rest."]


WORDS = st.sampled_from(
    "la el usted dolor hueso médico niño señal acción día espalda cirugía Pérez López "
    "tome llame coma 8 24 500 2,5 1,000 10:30 8:00 20 % mg h °C kg min 1.º 2.ª 120/80 mmHg "
    "Sra. Dr. Dra. cap. p. ej. núm. etc. aprox. pág. EE. UU. a. m. $20 2-3 ¿ ? ¡ ! , .".split()
)
TEXTS = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)
# No clock in a test (the machine may be loaded) and no example database left in the tree.
PROPERTY = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(TEXTS)
def test_saying_is_done_once_and_for_all(text):
    # Nothing said is expanded again, and no unit symbol is left after a number.
    once = spoken(text)
    assert spoken(once) == once
    assert not re.search(r"\d\s?(?:%|mg|kg|°C|mmHg|h|min)(?!\w)", once)


@PROPERTY
@given(TEXTS, st.sampled_from(["en", "es", "es-419"]))
def test_sentences_cover_the_text_in_order_without_overlap(text, language):
    spans = split_sentences(text, language)
    assert all(s < e for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    for s, e in spans:
        assert not text[s].isspace() and not text[e - 1].isspace()
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")


@PROPERTY
@given(st.sampled_from(sorted(abbreviations("es"))), st.sampled_from(["López", "Ruiz", "Ana"]))
def test_a_spanish_abbreviation_never_ends_a_sentence(abbreviation, name):
    text = f"Hable con {abbreviation.capitalize()}. {name} hoy. Luego descanse."
    assert len(split_sentences(text, "es")) == 2


def spanish_sections() -> list[tuple[str, str]]:
    """(name, page HTML) of every section of every Spanish article, bundled and in tests."""
    from pathlib import Path

    from viewer.core.articles import base_language, open_article
    from viewer.core.glossary import load_glossary
    from viewer.core.library import scan_folder
    from viewer.core.render import make_renderer
    from viewer.paths import bundled_content_dir

    found = []
    tests_data = Path(__file__).resolve().parents[1] / "data" / "spanish"
    for folder in (bundled_content_dir(), tests_data):
        library = scan_folder(folder)
        for meta in library.all_articles():
            if base_language(meta.language) != "es":
                continue
            render = make_renderer(folder, set(library.ids()), load_glossary(folder, "es"))
            for section in open_article(meta).sections:
                page = section_html(section.title, render(section.markdown))
                found.append((f"{meta.path.name}: {section.title}", page))
    return found


def test_every_spanish_sentence_is_found_where_the_screen_shows_it() -> None:
    """The highlight's offsets: each utterance's words are at its span of the text the reading
    pane shows (its blocks, one per line, a picture as one character; the GUI test
    test_sentences_are_found_where_the_screen_shows_them shows the pane holds those blocks)."""
    from viewer.core.speech_text import OBJECT_CHAR, blocks_from_html, locate

    sections = spanish_sections()
    assert len(sections) >= 10
    for name, page in sections:
        blocks = blocks_from_html(page)
        shown = "\n".join(OBJECT_CHAR if b.kind == "picture" else b.text for b in blocks)
        items = section_utterances(page, "es")
        spans = [span for span in locate(shown, items) if span is not None]
        assert items and len(spans) == len(items), name  # every one found
        for item, (start, end) in zip(items, spans, strict=True):
            want = OBJECT_CHAR if item.kind == "picture" else item.source
            assert shown[start:end] == want, (name, item.source)
        # and in order: the highlight only ever moves forward through a section
        assert [s for s, _e in spans] == sorted(s for s, _e in spans), name
