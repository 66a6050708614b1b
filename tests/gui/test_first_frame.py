"""The first screen is painted before printing and read aloud are built; nothing is lost.

Printing and read aloud (with their Qt print support and speech modules) are built right
after the first frame. A tap that comes before that still prints or reads, once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import handout_ready
from viewer import config
from viewer.ui.first_frame import AfterFirstFrame
from viewer.ui.print_card import PrintCard
from viewer.ui.speech_bar import SpeechBar
from viewer.ui.theme import load_fonts
from viewer.ui.window import MainWindow


class Paints(QObject):
    """Counts paint events of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Count, never consume."""
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def shown_window(content: Path) -> MainWindow:
    window = MainWindow(config.Config(), content, load_fonts())
    window.show_kiosk(windowed=False)  # windowed adds the Staff menu, which builds printing
    return window


def test_printing_and_read_aloud_are_built_right_after_the_first_paint(
    qtbot, content_dir, fake_speech
) -> None:
    window = shown_window(content_dir)
    paints = Paints(window.home_page)
    seen: list[tuple[int, int, int]] = []

    def after() -> None:
        built = len(window.findChildren(PrintCard)) + len(window.findChildren(SpeechBar))
        seen.append((paints.count, built, len(fake_speech.engines)))

    window.first_frame.add(after)
    assert window.findChildren(PrintCard) == [] and fake_speech.engines == []
    qtbot.waitUntil(lambda: window.first_frame.done)
    assert seen == [(1, 2, 1)]  # after one paint of the home screen, both built, one engine
    assert window.commands.print_article.isVisible() and window.commands.read_aloud.isVisible()


def test_a_print_tap_before_the_rest_is_built_asks_once(qtbot, content_dir, monkeypatch) -> None:
    asked: list[str] = []
    ask = PrintCard.ask

    def counted(card: PrintCard, question: str, *args) -> None:
        asked.append(question)
        ask(card, question, *args)

    monkeypatch.setattr(PrintCard, "ask", counted)
    window = shown_window(content_dir)
    window.reader.open_article("knee")
    window.commands.print_article.trigger()  # before the first frame
    assert handout_ready(qtbot, window).state == "asking"
    assert len(asked) == 1 and asked[0].startswith("Print this article")
    window.printing.card.cancel()
    qtbot.waitUntil(lambda: window.first_frame.done)
    window.commands.print_article.trigger()  # now printing answers its action itself
    assert handout_ready(qtbot, window).state == "asking" and len(asked) == 2


def test_a_read_aloud_tap_before_the_rest_is_built_reads(qtbot, content_dir, fake_speech) -> None:
    window = shown_window(content_dir)
    window.reader.open_article("knee")
    window.commands.read_aloud.trigger()  # before the first frame: builds read aloud, reads
    qtbot.waitUntil(lambda: window.read_aloud.current == 0)
    ra = window.read_aloud
    assert len(fake_speech.engines) == 1 and ra.sections[0] == 0
    assert fake_speech.engines[0].said()[0] == ra.items[0].text


def test_waiting_work_runs_once_even_when_nothing_is_painted(qtbot) -> None:
    hidden = QWidget()
    runs: list[int] = []
    later = AfterFirstFrame(hidden, latest_ms=20)
    later.add(lambda: runs.append(1))
    qtbot.waitUntil(lambda: later.done)
    later.run()
    later.add(lambda: runs.append(2))  # after the frame: at once
    assert runs == [1, 2]
    hidden.deleteLater()


def test_full_screen_before_the_first_frame_and_watching_events_from_it_on(
    qtbot, content_dir
) -> None:
    window = shown_window(content_dir)
    kiosk = window.kiosk
    assert window.isFullScreen()  # locked down before anything is painted
    assert not kiosk.idle.running and kiosk._parts is None
    qtbot.waitUntil(lambda: window.first_frame.done)
    assert kiosk.idle.running and kiosk._parts is not None
    QTest.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert kiosk.lockdown.refused == ["Alt+F4"]
    assert window.isVisible() and window.isFullScreen()
