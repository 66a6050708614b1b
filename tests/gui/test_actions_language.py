"""The commands' words follow the language (viewer/ui/actions.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from viewer import i18n
from viewer.ui.actions import make_actions, retranslate


@pytest.fixture
def spanish_then_english() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.mark.usefixtures("spanish_then_english")
def test_a_language_switch_rewords_every_command_and_its_spoken_name(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = make_actions(parent)
    english = {a.text() for a in actions.all()}
    assert actions.read_aloud.text() == "Read aloud"
    assert actions.home.text() == "⌂  Home"

    i18n.set_language("es")
    retranslate(actions)

    assert actions.read_aloud.text() == "Leer en voz alta"
    assert actions.read_aloud.toolTip() == "Leer esta página en voz alta"
    assert actions.speech_next.text() == "Frase siguiente  ››"
    assert not english & {a.text() for a in actions.all()}, "a command kept its English words"
    assert actions.font_bigger.shortcuts(), "keys survive the switch"
