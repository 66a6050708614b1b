"""What read aloud says: sentences, cleaning, pauses and finding them on screen (no Qt)."""

from __future__ import annotations

import subprocess

import pytest

from viewer.core.render import section_html
from viewer.core.speech_text import (
    HEADING_PAUSE_MS,
    ITEM_PAUSE_MS,
    Block,
    blocks_from_html,
    locate,
    section_utterances,
    speakable,
    split_sentences,
    utterances,
)
from viewer.services.speech_worker import Voice, pick_voice


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_split_at_full_stops_but_not_at_abbreviations_or_numbers():
    assert sentences("Rest for a day. Then walk! Is it sore? Call us.") == [
        "Rest for a day.",
        "Then walk!",
        "Is it sore?",
        "Call us.",
    ]
    assert sentences("Dr. Smith and Mrs. Jones met at 2.5 mg. Then they left.") == [
        "Dr. Smith and Mrs. Jones met at 2.5 mg.",
        "Then they left.",
    ]
    assert sentences("Esses SI, et al. The treatment. From A.D.A.M. Medical.") == [
        "Esses SI, et al. The treatment.",
        "From A.D.A.M. Medical.",
    ]
    assert sentences("Take it (e.g. with food). Done.") == ["Take it (e.g. with food).", "Done."]
    assert sentences("No full stop at the end") == ["No full stop at the end"]


def test_urls_bullets_and_markdown_are_never_spoken():
    assert speakable("See https://example.org/a?b=c or www.nhs.uk for more.") == "See or for more."
    assert speakable("• Bring your **medicines** list") == "Bring your medicines list"
    assert speakable("- [x] `code` and __bold__ <b>tag</b>") == "x code and bold tag"
    assert speakable("## Heading ##") == "Heading"
    assert speakable("— * ---") == ""
    assert speakable("Write to help@hospital.org today.") == "Write to today."


def test_headings_and_list_items_are_utterances_of_their_own_with_a_pause():
    html = section_html(
        "Before you come",
        "<p>Please bring:</p><ul><li>Your medicines. "
        "All of them.</li><li>A friend</li></ul><p>Thank you.</p>",
    )
    said = section_utterances(html)
    assert [(u.text, u.kind, u.pause_ms) for u in said] == [
        ("Before you come", "heading", HEADING_PAUSE_MS),
        ("Please bring:", "text", 0),
        ("Your medicines.", "item", 0),
        ("All of them.", "item", ITEM_PAUSE_MS),
        ("A friend", "item", ITEM_PAUSE_MS),
        ("Thank you.", "text", 0),
    ]


def test_a_bold_line_without_a_full_stop_is_read_like_a_heading():
    said = section_utterances("<p><strong>The first day</strong></p><p>Rest.</p>")
    assert [(u.text, u.pause_ms) for u in said] == [
        ("The first day", HEADING_PAUSE_MS),
        ("Rest.", 0),
    ]


def test_blocks_follow_the_page_with_white_space_collapsed():
    html = (
        '<h2>Title &amp; more</h2>\n<p>One\nline <a href="term:x" class="term">word'
        '</a>.</p><ol><li>First</li><li><p>Second</p></li></ol><div class="related">'
        '<h3>Related</h3><p><a href="article:b">B</a></p></div>'
    )
    assert blocks_from_html(html) == [
        Block("heading", "Title & more"),
        Block("text", "One line word."),
        Block("item", "First"),
        Block("item", "Second"),
        Block("heading", "Related"),
        Block("text", "B"),
    ]


def test_utterances_are_found_on_screen_in_order_even_when_repeated():
    blocks = [Block("text", "Stop. Go. Stop."), Block("item", "Stop.")]
    said = utterances(blocks)
    plain = "Stop. Go. Stop.\nStop."
    spans = locate(plain, said)
    assert spans == [(0, 5), (6, 9), (10, 15), (16, 21)]
    assert [plain[s:e] for s, e in spans] == [u.source for u in said]
    assert locate("Something else", said)[0] is None


def test_the_source_keeps_what_the_screen_shows_while_the_text_is_cleaned():
    said = utterances([Block("text", "Visit https://x.org today. Then rest.")])
    assert said[0].source == "Visit https://x.org today."
    assert said[0].text == "Visit today."
    assert (said[0].start, said[0].end) == (0, len(said[0].source))


def test_voice_choice_prefers_configuration_then_exact_language():
    voices = [
        Voice("gmw/en-029", "Caribbean", ("en-029",)),
        Voice("gmw/en", "British", ("en-gb", "en")),
        Voice("gmw/en-us", "American", ("en-us",)),
        Voice("roa/es", "Spanish", ("es",)),
    ]
    assert pick_voice(voices, "en", {}) == "gmw/en"
    assert pick_voice(voices, "en", {"en": "gmw/en-us"}) == "gmw/en-us"
    assert pick_voice(voices, "en", {"en": "not/installed"}) == "gmw/en"
    assert pick_voice(voices, "es-MX", {}) == "roa/es"
    assert pick_voice(voices, "fi", {}) is None


def test_spanish_sentences_keep_spanish_abbreviations_together():
    text = (
        "La Sra. López y el Dr. Pérez la verán. Lea el cap. 3, p. ej. la pág. 4. "
        "¿Le duele? ¡Llame! ¿Tiene fiebre? No. Tome agua."
    )
    assert [text[s:e] for s, e in split_sentences(text, "es-419")] == [
        "La Sra. López y el Dr. Pérez la verán.",
        "Lea el cap. 3, p. ej. la pág. 4.",
        "¿Le duele?",
        "¡Llame!",
        "¿Tiene fiebre?",
        "No.",  # "no" is a Spanish word, not an abbreviation as in English "No. 5"
        "Tome agua.",
    ]
    # English keeps its own list: "Sra." is not an English abbreviation.
    assert sentences("Ask Sra. Lopez.") == ["Ask Sra.", "Lopez."]


def test_spanish_prefers_the_latin_american_voice_where_there_is_one():
    spain = Voice("roa/es", "Spanish (Spain)", ("es",))
    latin = Voice("roa/es-419", "Spanish (Latin America)", ("es-419",))
    both = [spain, latin]
    assert pick_voice(both, "es", {}) == "roa/es-419"
    assert pick_voice(both, "es-MX", {}) == "roa/es-419"
    assert pick_voice(both, "es_US", {}) == "roa/es-419"
    assert pick_voice(both, "es-419", {}) == "roa/es-419"
    assert pick_voice(both, "es-ES", {}) == "roa/es"
    assert pick_voice(both, "es", {"es": "roa/es"}) == "roa/es"
    assert pick_voice([spain], "es", {}) == "roa/es"
    assert pick_voice([spain], "es-MX", {}) == "roa/es"


def test_a_picture_is_said_as_picture_and_its_alt_text_then_its_caption(tmp_path) -> None:
    from viewer.core.render import make_renderer

    (tmp_path / "spine.svg").write_text("<svg/>", encoding="utf-8")
    render = make_renderer(tmp_path)
    page = section_html(
        "How", render('Before.\n\n![The spine, seen from the side.](spine.svg "The spine")\n')
    )
    assert '<p align="center" class="caption">The spine</p>' in page  # the title, below
    said = [(u.text, u.kind, u.pause_ms > 0) for u in section_utterances(page)]
    assert said == [
        ("How", "heading", True),
        ("Before.", "text", False),
        ("Picture: The spine, seen from the side.", "picture", True),
        ("The spine", "text", True),
    ]
    spanish = section_utterances(page, "es")
    assert spanish[2].text == "Imagen: The spine, seen from the side."


@pytest.mark.parametrize("language", ["en", "es"])
def test_numbers_a_patient_dials_are_said_digit_by_digit(language: str) -> None:
    page = "<p>Call 911 or (314) 434-1500, or 1-888-924-9200. Room 9110 costs $911.50.</p>"
    said = [u.text for u in section_utterances(page, language)]
    assert said[0].startswith("Call 9 1 1 or 3 1 4, 4 3 4, 1 5 0 0, or 1, 8 8 8, 9 2 4, 9 2 0 0.")
    assert "9110" in said[1] and "9 1 1" not in said[1], "other numbers stay numbers"


@pytest.mark.espeak
@pytest.mark.parametrize(
    ("voice", "language", "digits"),
    [("en-us", "en", "n'aIn w'Vn w'Vn"), ("roa/es-419", "es", "nw'eBe 'uno 'uno")],
)
def test_the_engine_says_nine_one_one(voice: str, language: str, digits: str) -> None:
    (utterance,) = section_utterances("<p>Call 911.</p>", language)
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", voice, utterance.text],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert digits in phonemes, phonemes
