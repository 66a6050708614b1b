"""The screens in the patient's language: the switch, the article's translation, the reset.

A patient taps "Español" on the attract screen and every screen, pop-up, card and message is
in Spanish; the article on screen turns to its translation at the same section; the idle
reset goes back to the configured language (docs/translating.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QTextBrowser, QWidget

from tests import pdf
from tests.gui.conftest import handout_ready, settle
from viewer import config, i18n
from viewer.ui.window import MainWindow

ARTICLE_ES = """---
title: {title}
summary: {summary}
language: es
updated: 2026-11-20
reviewed_by: Test Reviewer, RN
reviewed_on: 2026-11-24
source: Escrito para las pruebas.
related: {related}
notice: No es para emergencias.
---
Unas palabras sobre una vértebra.

## Qué es
Una sección corta. La osteoporosis hace que los huesos sean delgados.

## Antes de venir
* Hable con su médico sobre sus medicinas.
* Deje de fumar si puede.

## Después de ir a casa
Descanse un día. Luego vuelva poco a poco a su vida normal.
"""
GLOSSARY_ES = """
[[term]]
word = "vértebra"
meaning = "Uno de los huesos pequeños de la columna."

[[term]]
word = "osteoporosis"
meaning = "Una enfermedad que hace que los huesos sean delgados y se rompan con facilidad."
"""

# Words of English that are not Spanish words: one of them in a text on screen is a phrase
# left in English.
ENGLISH = set(
    """the and of to your you is are this that with for on it be not please tap here go back
    next more print read aloud close cancel section sections topic topics page pages staff
    keep reading still screen start touch bigger smaller contrast home stop pause slower
    faster speed sentence previous letters large handout printer done sorry working overview
    note related draft checked written updated clear digits type mode leave reload content
    problems diagnostics usage counts choose save preview available knee surgery pain what
    before after rest day doctor hospital's printed text these ask desk front time try wrong
    only every can will has have show open""".split()
)
ALLOWED = {"English"}  # the button back to English names its language in itself
SPOKEN_IN_ITS_LANGUAGE = "Show the screens in English"  # and says what it does in English


def english_words(text: str) -> set[str]:
    words = set(re.findall(r"[A-Za-z']+", text))
    return {w for w in words if w.lower() in ENGLISH and w not in ALLOWED}


def texts(window: MainWindow) -> list[tuple[str, str]]:
    """Every text a patient can see or hear on the window now: labels, buttons, list items,
    the reading pane, tooltips and spoken names of what is visible."""
    found = []
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        where = f"{type(w).__name__} {w.objectName()}"
        if isinstance(w, QLabel | QAbstractButton):
            found.append((where, w.text()))
        if isinstance(w, QTextBrowser):
            found.append((where, w.toPlainText()))
        if isinstance(w, QListWidget):
            for row in range(w.count()):
                found += [(where, w.item(row).text()), (where, w.item(row).toolTip())]
        found += [(where + " tooltip", w.toolTip()), (where + " name", w.accessibleName())]
    found.append(("window title", window.windowTitle()))
    return found


def english_on_screen(window: MainWindow, screen: str) -> list[str]:
    return [
        f"{screen}: {where}: {sorted(english_words(text))} in {text[:80]!r}"
        for where, text in texts(window)
        if english_words(text) and text != SPOKEN_IN_ITS_LANGUAGE
    ]


@pytest.fixture
def bilingual_content(content_dir: Path) -> Path:
    """The test folder with both topics translated into Spanish and a Spanish glossary."""
    for stem, title, summary, related in (
        ("knee", "Cirugía de rodilla", "Qué pasa cuando le arreglan la rodilla.", "back"),
        ("back", "Dolor de espalda", "Por qué le duele la espalda y qué ayuda.", "knee"),
    ):
        (content_dir / f"{stem}.es.md").write_text(
            ARTICLE_ES.format(title=title, summary=summary, related=related), encoding="utf-8"
        )
    (content_dir / "glossary.es.toml").write_text(GLOSSARY_ES, encoding="utf-8")
    return content_dir


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def spanish_button(window: MainWindow, page: QWidget) -> QAbstractButton:
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()]
    return next(b for b in buttons if b.text() == "Español")


def test_tapping_espanol_on_the_attract_screen_puts_every_screen_in_spanish(
    qtbot, make_window, bilingual_content: Path
) -> None:
    window = make_window(bilingual_content)
    window.kiosk.reset_for_next_visitor()
    attract = window.kiosk.attract
    qtbot.waitUntil(attract.isVisible)
    button = spanish_button(window, attract)
    assert button.height() >= 64 and button.width() >= 64
    assert button.accessibleName() == "Mostrar las pantallas en español"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home_page  # and the visit starts
    assert i18n.current_language() == "es"
    found: list[str] = []

    def look(screen: str) -> None:
        settle(qtbot)
        found.extend(english_on_screen(window, screen))

    look("home")
    shown = [b.text() for b in window.home_page.language_buttons if b.isVisible()]
    assert shown == ["English"]  # a button for each other language, named in itself
    assert window.home_page.prompt.text() == "Toque un tema para empezar a leer."
    r = window.reader
    r.open_article("knee", 0)
    assert r.article is not None and r.article.meta.language == "es"
    look("article, first section")
    r.show_section(len(r.article.sections) - 1)
    look("article, last section (related topics, sources, review)")
    r.show_term("osteoporosis")
    look("glossary pop-up")
    window.popup.dismiss()
    window.printing.offer()
    card = window.printing.card
    assert card.isVisible()
    look("print card, preparing")
    assert handout_ready(qtbot, window).state == "asking"
    look("print card, asking")
    card.large_button.click()
    assert handout_ready(qtbot, window).state == "asking"
    look("print card, large print")
    card.cancel()
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle")
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0)
    look("read-aloud bar")
    window.commands.speech_pause.trigger()
    qtbot.waitUntil(lambda: ra.speech.state == "paused")
    look("read-aloud bar, paused")
    window.commands.speech_stop.trigger()
    window.kiosk.recover()
    look("apology after an error")
    window.popup.dismiss()
    window.kiosk.still_there.set_seconds(1)
    window.kiosk.still_there.open()
    look("idle warning, 1 second")
    window.kiosk.still_there.set_seconds(15)
    look("idle warning")
    window.kiosk.still_there.hide()
    window.kiosk.open_staff()  # no PIN set on this kiosk: the pop-up says so
    look("staff gesture without a PIN")
    window.popup.dismiss()
    window.kiosk.pin_pad.open_pad()
    look("PIN pad")
    window.kiosk.pin_pad.close_pad()
    window.kiosk.enter_staff()
    look("staff menu")
    window.kiosk.end_staff()
    assert not found, "\n".join(found)


def test_the_article_on_screen_turns_to_its_translation_at_the_same_section(
    qtbot, make_window, bilingual_content: Path
) -> None:
    window = make_window(bilingual_content)
    r, page = window.reader, window.article_page
    r.open_article("knee", 2)
    assert page.title.text() == "Knee surgery"
    english_rail = page.rail.item(2).text()
    qtbot.mouseClick(spanish_button(window, page), Qt.MouseButton.LeftButton)
    assert r.article is not None and r.article.meta.language == "es"
    assert page.title.text() == "Cirugía de rodilla" and r.reading.index == 2
    assert page.rail.currentRow() == 2 and page.rail.item(2).text() == "3. Antes de venir"
    assert page.rail.item(2).text() != english_rail
    assert page.position.text() == "Sección 3 de 4"
    assert "Hable con su médico" in page.text.toPlainText()
    assert window.commands.home.text() == "⌂  Inicio"
    assert not page.language_note.isVisible()
    english = next(b for b in page.findChildren(QAbstractButton) if b.text() == "English")
    qtbot.mouseClick(english, Qt.MouseButton.LeftButton)
    assert page.title.text() == "Knee surgery" and r.reading.index == 2
    assert "Tell your doctor" in page.text.toPlainText()


def test_a_topic_without_a_translation_shows_in_english_with_a_note(
    qtbot, make_window, bilingual_content: Path
) -> None:
    (bilingual_content / "back.es.md").unlink()
    window = make_window(bilingual_content)
    window.language.switch("es")
    titles = [t.title.text() for t in window.home_page.tiles]
    assert titles == ["Back pain", "Cirugía de rodilla"]  # the topics, each as it can be read
    window.reader.open_article("back")
    note = window.article_page.language_note
    assert note.isVisible()
    assert note.text() == "Este tema todavía no está en su idioma. Se muestra en inglés."
    assert window.article_page.title.text() == "Back pain"
    window.reader.open_article("knee")
    assert not note.isVisible()


def test_the_idle_reset_goes_back_to_the_configured_language(
    qtbot, make_window, bilingual_content: Path
) -> None:
    cfg = config.from_dict({"languages": {"offered": ["en", "es"], "default": "es"}})
    window = make_window(bilingual_content, cfg)
    assert i18n.current_language() == "es"
    assert window.home_page.prompt.text() == "Toque un tema para empezar a leer."
    window.language.switch("en")
    window.reader.open_article("knee", 1)
    assert window.article_page.title.text() == "Knee surgery"
    window.kiosk.reset_for_next_visitor()
    assert i18n.current_language() == "es"
    assert window.kiosk.attract.invitation.text().startswith("Toque la pantalla")
    assert [t.title.text() for t in window.home_page.tiles] == [
        "Cirugía de rodilla",
        "Dolor de espalda",
    ]
    assert window.home_page.language_buttons[0].text() == "English"
    assert not window.home_page.language_buttons[1].isVisible()  # no button for Spanish now


def test_the_voice_and_the_handout_follow_the_article_into_its_translation(
    qtbot, make_window, bilingual_content: Path, fake_speech, tmp_path
) -> None:
    window = make_window(bilingual_content)
    r, ra = window.reader, window.read_aloud
    r.open_article("knee", 1)
    qtbot.waitUntil(lambda: ra.speech.state == "idle")
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0)
    engine = fake_speech.engines[0]
    assert ra.highlighted_text() == "What it is" and engine.requests[-1][1] == "fake/en"
    window.language.switch("es")  # the patient taps Español while it reads
    assert r.article is not None and r.article.meta.language == "es" and r.reading.index == 1
    assert not ra.speech.active  # the English reading stopped with the English article
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0 and ra.highlighted_text() == "Qué es")
    assert engine.requests[-1][1] == "fake/es-419"  # Latin-American Spanish
    window.commands.speech_stop.trigger()
    window.printing.offer()
    assert handout_ready(qtbot, window).state == "asking"
    saved = window.printing.save_pdf(tmp_path / "rodilla.pdf")
    text = pdf.text(saved)
    assert "Cirugía de rodilla" in text and "Página 1 de" in text and "Page 1" not in text
    assert "Palabras usadas en esta hoja" in text and "Words used" not in text


def test_a_switch_while_reading_aloud_reads_on_in_the_new_language_from_the_same_section(
    qtbot, make_window, bilingual_content: Path, fake_speech
) -> None:
    window = make_window(bilingual_content)
    window.reader.open_article("knee", 2)
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state == "idle")
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0)
    assert ra.highlighted_text() == "Before you come"
    window.language.switch("es")
    qtbot.waitUntil(lambda: ra.current >= 0 and ra.highlighted_text() == "Antes de venir")
    assert window.reader.reading.index == 2 and ra.speech.active
    assert window.commands.read_aloud.text() == "■  Dejar de leer"
    engine = fake_speech.engines[0]
    spanish = [voice for text, voice, _rate in engine.requests if text == "Antes de venir"]
    assert spanish == ["fake/es-419"]
    player = fake_speech.players[0]
    player.finish()  # the next sentence is the Spanish section's, in step on screen
    qtbot.waitUntil(lambda: ra.highlighted_text() == "Hable con su médico sobre sus medicinas.")
    window.commands.speech_stop.trigger()
    qtbot.waitUntil(lambda: not ra.speech.active)
    assert window.commands.read_aloud.text() == "Leer en voz alta"
