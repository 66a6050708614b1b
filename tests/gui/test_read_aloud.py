"""Read aloud in the window, with a fake engine and a fake player (no timing involved).

The fake player 'plays' until the test says the audio ended (``player.finish()``), so each
step of the narration is driven by the test, the way a real sentence's end drives it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from tests.gui.conftest import set_size, settle
from viewer import config
from viewer.config import FONT_STEPS
from viewer.core.speech_text import OBJECT_CHAR, blocks_from_html
from viewer.paths import bundled_content_dir
from viewer.services.speech import SPEEDS
from viewer.ui import theme
from viewer.ui.theme import MIN_TOUCH_PX

SPANISH_CONTENT = Path(__file__).resolve().parents[1] / "data" / "spanish"


def start_reading(qtbot, window, article: str = "knee", section: int = 0):
    """Open an article, tap Read aloud, wait for the first sentence's audio."""
    window.reader.open_article(article, section)
    ra = window.read_aloud
    qtbot.waitUntil(lambda: ra.speech.state in ("idle", "unavailable"))
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: ra.current >= 0)
    return ra


def next_audio(qtbot, ra, player) -> None:
    """Let the current sentence end and wait for the next one's audio to start."""
    before = ra.current
    player.finish()
    qtbot.waitUntil(lambda: ra.current != before or not ra.speech.active)


def test_reads_every_sentence_in_order_across_sections_then_stops(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    player = fake_speech.players[0]
    engine = fake_speech.engines[0]
    heard, sections = [], []
    while ra.speech.active:
        heard.append(ra.highlighted_text())
        sections.append(window.reader.reading.index)
        next_audio(qtbot, ra, player)
    assert heard[:4] == [
        "Overview",
        "Opening words about a vertebra.",
        "What it is",
        "A short section.",
    ]
    assert "Tell your doctor about your medicines." in heard
    assert (
        heard.index("Before you come")
        < heard.index("Stop smoking if you can.")
        < heard.index("After you go home")
        < heard.index("Rest for a day.")
    )
    # Every section was turned to in order, and the reading ended on the last one.
    assert sorted(set(sections)) == [0, 1, 2, 3] and sections == sorted(sections)
    # What follows the last section on screen is read too: the notice, the source and
    # the review status.
    assert heard[-7:] == [
        "Please note",
        "Not for emergencies.",
        "Where this information comes from",
        "Written for the tests.",
        "Review status",
        "Checked by Test Reviewer, RN on November 24, 2026.",
        "Written or last updated on November 20, 2026.",
    ]
    # Each highlighted sentence is exactly what the engine was asked to say, in order.
    assert engine.said()[: len(heard)] == heard
    assert not window.read_aloud.bar.isVisible()
    assert window.article_page.text.extraSelections() == []


def test_headings_and_list_items_get_a_pause(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    player = fake_speech.players[0]
    assert ra.highlighted_text() == "Overview"
    player.finish()
    assert ra.speech.state == "gap"  # silence after the heading ...
    qtbot.waitUntil(lambda: ra.highlighted_text() == "Opening words about a vertebra.")
    player.finish()
    assert ra.speech.state in ("loading", "playing")  # ... none after a plain sentence


def test_pause_resume_previous_next_and_stop(qtbot, window, fake_speech):
    a = window.commands
    ra = start_reading(qtbot, window, section=1)
    player = fake_speech.players[0]
    assert ra.highlighted_text() == "What it is"
    a.speech_next.trigger()
    qtbot.waitUntil(lambda: ra.highlighted_text() == "A short section.")
    a.speech_next.trigger()
    qtbot.waitUntil(lambda: ra.highlighted_text() == "Osteoporosis makes bones thin.")
    a.speech_previous.trigger()
    qtbot.waitUntil(lambda: ra.highlighted_text() == "A short section.")

    stops = player.stops
    a.speech_pause.trigger()
    assert ra.speech.state == "paused" and player.current is None and player.stops > stops
    assert a.speech_pause.text().endswith("Resume")
    settle(qtbot)
    assert ra.highlighted_text() == "A short section."  # stays put while paused
    a.speech_pause.trigger()
    qtbot.waitUntil(lambda: ra.speech.state == "playing" and player.current is not None)
    assert player.played[-1] == player.current
    assert a.speech_pause.text().endswith("Pause")
    # Resume says the interrupted sentence again from its start.
    assert ra.highlighted_text() == "A short section."

    a.speech_stop.trigger()
    assert player.current is None and ra.speech.state == "idle"
    assert not ra.bar.isVisible() and window.article_page.text.extraSelections() == []
    played = len(player.played)
    settle(qtbot)
    assert len(player.played) == played  # nothing more after Stop


def test_home_and_visitor_reset_stop_reading(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    player = fake_speech.players[0]
    window.commands.home.trigger()
    assert ra.speech.state == "idle" and player.current is None
    ra = start_reading(qtbot, window)
    ra.step_speed(+1)
    window.reset_visitor()
    assert ra.speech.state == "idle" and player.current is None
    assert ra.speech.rate == 1.0 and ra.bar.speed.text() == "Speed: normal"


def test_speed_has_seven_steps_from_half_to_double(qtbot, window, fake_speech):
    a = window.commands
    ra = start_reading(qtbot, window)
    engine = fake_speech.engines[0]
    player = fake_speech.players[0]
    while a.speech_slower.isEnabled():
        a.speech_slower.trigger()
    assert ra.speech.rate == 0.5 and ra.bar.speed.text() == "Speed: 0.5×"
    seen = [ra.speech.rate]
    while a.speech_faster.isEnabled():
        a.speech_faster.trigger()
        seen.append(ra.speech.rate)
    assert tuple(seen) == SPEEDS and len(SPEEDS) >= 5 and ra.speech.rate == 2.0
    next_audio(qtbot, ra, player)
    next_audio(qtbot, ra, player)
    assert engine.requests[-1][2] == 2.0  # later sentences are made at the new speed


def test_voice_is_the_first_installed_for_the_language_or_the_configured_one(
    qtbot, make_window, content_dir, fake_speech
):
    window = make_window(content_dir)
    start_reading(qtbot, window)
    assert fake_speech.engines[-1].requests[0][1] == "fake/en"
    cfg = config.Config().replace(speech=config.SpeechSettings(voices={"en": "fake/de"}))
    window = make_window(content_dir, cfg)
    start_reading(qtbot, window)
    assert fake_speech.engines[-1].requests[0][1] == "fake/de"


def test_no_voice_for_the_language_disables_read_aloud_with_an_explanation(
    qtbot, window, content_dir, caplog
):
    path = content_dir / "knee.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: en", "language: fi"), encoding="utf-8"
    )
    window.reader.reload_content()
    window.reader.open_article("knee")
    ra = window.read_aloud
    qtbot.waitUntil(lambda: not window.commands.read_aloud.isEnabled())
    assert "not available" in window.commands.read_aloud.toolTip()
    assert ra.bar.isVisible() and ra.bar.note.isVisible()
    assert "Reading aloud is not available" in ra.bar.note.text()
    assert not ra.bar.pause_button.isVisible()
    assert any(
        "no installed voice speaks the language 'fi'" in r.getMessage() for r in caplog.records
    )
    window.commands.read_aloud.trigger()
    assert not ra.speech.active
    window.reader.open_article("back")  # English again: available again
    qtbot.waitUntil(lambda: window.commands.read_aloud.isEnabled())
    assert not ra.bar.isVisible()


def test_tapping_a_sentence_reads_from_there(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window, section=2)
    text = window.article_page.text
    span = ra.sentence_rect()
    assert span is not None
    # Find the second list item on screen and tap it.
    doc_text = text.document().toPlainText()
    where = doc_text.index("Stop smoking")
    cursor = ra._cursor(where + 3)
    point = text.cursorRect(cursor).center()
    QTest.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: ra.highlighted_text() == "Stop smoking if you can.")


def test_manual_section_change_while_reading_reads_that_section(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    window.commands.next_section.trigger()
    qtbot.waitUntil(lambda: ra.highlighted_text() == "What it is")
    assert window.reader.reading.index == 1


@pytest.mark.parametrize("theme_name", ["standard", "high-contrast"])
def test_highlight_is_visible_in_both_themes(qtbot, window, fake_speech, theme_name):
    if window.reader.theme_name != theme_name:
        window.commands.toggle_theme.trigger()
    ra = start_reading(qtbot, window)
    fake_speech.players[0].finish()
    qtbot.waitUntil(lambda: ra.highlighted_text() == "Opening words about a vertebra.")
    palette = theme.THEMES[theme_name]
    selection = window.article_page.text.extraSelections()[0]
    assert selection.format.background().color() == QColor(palette.highlight)
    assert theme.contrast_ratio(palette.highlight_text, palette.highlight) >= 7
    assert (
        theme.contrast_ratio(palette.highlight, palette.background) >= 1.2
        or palette.name == "standard"
    )
    # The pixels under the sentence are the highlight colour.
    image = window.article_page.text.viewport().grab().toImage()
    rect = ra.sentence_rect()
    colours = {
        image.pixelColor(x, rect.center().y()).name()
        for x in range(rect.left() + 2, rect.left() + 60)
    }
    assert palette.highlight in colours
    # Switching the theme while reading keeps the sentence highlighted in the new colours.
    window.commands.toggle_theme.trigger()
    other = theme.THEMES[window.reader.theme_name]
    assert ra.highlighted_text() == "Opening words about a vertebra."
    assert window.article_page.text.extraSelections()[0].format.background().color() == QColor(
        other.highlight
    )


def test_highlight_can_be_turned_off(qtbot, make_window, content_dir, fake_speech):
    cfg = config.Config().replace(speech=config.SpeechSettings(highlight=False))
    window = make_window(content_dir, cfg)
    ra = start_reading(qtbot, window)
    assert ra.current == 0 and window.article_page.text.extraSelections() == []


def test_spoken_sentence_stays_in_view_at_every_font_size(qtbot, make_window, fake_speech):
    window = make_window(bundled_content_dir())
    set_size(qtbot, window, 1080, 1920)
    ra = start_reading(qtbot, window, "vertebroplasty", section=1)
    text = window.article_page.text
    last = len(ra._section_items(1)) - 1
    for step in range(len(FONT_STEPS)):
        window.reader.set_font_step(step)
        ra.speech.jump(ra.first[1] + last)  # the last sentence of a long section
        qtbot.waitUntil(lambda: ra.current == ra.first[1] + last)
        qtbot.waitUntil(
            lambda: (
                0 <= ra.sentence_rect().top()
                and ra.sentence_rect().bottom() <= text.viewport().height()
            )
        )
        window.reader.set_font_step(len(FONT_STEPS) - 1 - step)  # a size change keeps it in view
        qtbot.waitUntil(
            lambda: (
                0 <= ra.sentence_rect().top()
                and ra.sentence_rect().bottom() <= text.viewport().height()
            )
        )
    window.reader.set_font_step(len(FONT_STEPS) - 1)
    qtbot.waitUntil(
        lambda: (
            0 <= ra.sentence_rect().top()
            and ra.sentence_rect().bottom() <= text.viewport().height()
        )
    )
    assert text.verticalScrollBar().value() > 0  # it had to scroll to keep it in view


@pytest.mark.parametrize("width, height", [(1920, 1080), (1080, 1920)])
def test_controls_are_big_touch_targets_with_spoken_names(qtbot, window, width, height):
    set_size(qtbot, window, width, height)
    ra = start_reading(qtbot, window)
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in ra.bar.buttons))
    for button in ra.bar.buttons:  # whole words, never squeezed to "...ence"
        assert button.isVisible()
        assert button.width() >= MIN_TOUCH_PX and button.height() >= MIN_TOUCH_PX
        assert button.accessibleName()
        assert button.geometry().right() <= ra.bar.width()
    assert window.article_page.read_button.height() >= MIN_TOUCH_PX


def test_speech_disabled_in_configuration_hides_read_aloud(qtbot, make_window, content_dir):
    cfg = config.Config().replace(speech=config.SpeechSettings(enabled=False))
    window = make_window(content_dir, cfg)
    window.reader.open_article("knee")
    assert not window.article_page.read_button.isVisible()
    assert window.speech is None


def test_sentences_are_found_where_the_screen_shows_them(qtbot, make_window):
    """The reading pane's blocks are the ones read aloud, for every bundled section."""
    window = make_window(bundled_content_dir())
    for meta in window.reader.library.articles:
        window.reader.open_article(meta.id)
        assert window.reader.article is not None
        for index in range(len(window.reader.article.sections)):
            window.reader.show_section(index)
            doc = window.article_page.text.document()
            shown, block = [], doc.begin()
            while block.isValid():
                if block.text().strip():
                    shown.append(" ".join(block.text().replace("\u2028", " ").split()))
                block = block.next()
            blocks = [
                OBJECT_CHAR if b.kind == "picture" else b.text
                for b in blocks_from_html(window.reader.section_page_html(index))
            ]
            assert blocks == shown, f"{meta.id} section {index}"


def test_reading_aloud_keeps_the_window_responsive(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    window.commands.font_bigger.trigger()
    assert window.reader.reading.font_step == 1
    QTest.mouseClick(window.article_page.home_button, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    assert not ra.speech.active
    # The first sentence was made and played before the taps were handled.
    assert fake_speech.engines[0].said()[0] == "Overview"
    assert fake_speech.players[0].played[0].endswith(".wav")


def test_sound_that_fails_is_explained_and_the_next_visitor_gets_another_try(
    qtbot, window, fake_speech, caplog
):
    ra = start_reading(qtbot, window)
    engine, player = fake_speech.engines[0], fake_speech.players[0]
    player.fail("aplay exited with status 1: audio open error: No such file or directory")
    assert window.popup.isVisible() and "Please tell a member of staff" in window.popup.text.text()
    assert not window.commands.read_aloud.isEnabled() and ra.bar.note.isVisible()
    assert any("audio open error" in r.getMessage() for r in caplog.records)
    window.reset_visitor()
    assert engine.starts == 2 and engine.shut_down  # a fresh engine for the next visitor
    ra = start_reading(qtbot, window)
    assert window.commands.read_aloud.isEnabled() and ra.highlighted_text() == "Overview"


def test_speed_change_while_a_sentence_is_being_made_still_reads_it(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    engine = fake_speech.engines[0]
    ra.speech.jump(5)  # not made ahead: its audio is being made now
    assert ra.speech.state == "loading"
    window.commands.speech_faster.trigger()
    qtbot.waitUntil(lambda: ra.current == 5)
    assert engine.requests[-2][0] == ra.items[5].text and engine.requests[-2][2] == 1.25


def test_the_engine_starts_once_the_first_screen_is_up_or_at_the_first_tap(
    qtbot, make_window, content_dir, fake_speech, monkeypatch
):
    from viewer.services import speech

    monkeypatch.setattr(speech, "ENGINE_START_DELAY_MS", 1500)
    window = make_window(content_dir)
    engine, sp = fake_speech.engines[-1], window.speech
    settle(qtbot)
    assert engine.starts == 0 and sp.state == "starting"  # not while the window starts
    timer = sp.supervisor._timer
    assert timer.isActive() and timer.interval() == 1500
    timer.start(0)  # the 1.5 s are over
    qtbot.waitUntil(lambda: sp.state == "idle")
    assert engine.starts == 1 and not timer.isActive()

    window = make_window(content_dir)
    engine, sp = fake_speech.engines[-1], window.speech
    window.reader.open_article("knee")
    window.commands.read_aloud.trigger()  # a tap before the 1.5 s: the engine starts now
    assert engine.starts == 1 and not sp.supervisor._timer.isActive()
    qtbot.waitUntil(lambda: window.read_aloud.current >= 0)
    assert window.read_aloud.highlighted_text() == "Overview"


def test_the_read_aloud_button_says_it_is_reading_and_stops(qtbot, window, fake_speech):
    ra = start_reading(qtbot, window)
    button = window.article_page.read_button
    assert button.text() == "■  Stop reading"
    assert button.accessibleName() == "Reading aloud now: tap to stop"
    assert window.commands.speech_previous.text() == "‹‹  Previous sentence"
    assert window.commands.speech_next.text() == "Next sentence  ››"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ra.speech.active)
    assert button.text() == "Read aloud" and fake_speech.players[0].current is None


def test_a_spanish_article_is_read_in_spanish_with_the_highlight_in_step(
    qtbot, make_window, tmp_path, fake_speech
):
    folder = tmp_path / "content"
    shutil.copytree(SPANISH_CONTENT, folder)
    window = make_window(folder)
    ra = start_reading(qtbot, window, "rodilla")
    player, engine = fake_speech.players[0], fake_speech.engines[0]
    heard = []
    while ra.speech.active:
        heard.append(ra.highlighted_text())
        next_audio(qtbot, ra, player)
    # Every sentence was found on screen and highlighted as shown, in order.
    assert heard == [item.source for item in ra.items]
    assert heard[:3] == [
        "Información general",
        "Borrador: los médicos y las enfermeras del hospital todavía no han revisado este "
        "artículo.",
        "Esta hoja explica la cirugía de rodilla.",
    ]
    # Spanish abbreviations do not end a sentence ...
    sentence = "La Dra. Pérez le explicará cada paso, p. ej. cuándo debe dejar de comer."
    assert sentence in heard
    # ... and the engine gets the words written out, in the Latin-American voice.
    said = dict(zip(heard, engine.said(), strict=False))
    assert said[sentence] == (
        "La doctora Pérez le explicará cada paso, por ejemplo cuándo debe dejar de comer."
    )
    assert said["Tome 500 mg de paracetamol cada 8 h si le duele."] == (
        "Tome 500 miligramos de paracetamol cada 8 horas si le duele."
    )
    assert {voice for _text, voice, _rate in engine.requests} == {"fake/es-419"}
