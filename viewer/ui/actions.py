"""Every command a visitor can give, as a named QAction made in one place."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Actions:
    """The kiosk's commands. Tests trigger these rather than clicking pixels."""

    home: QAction
    next_section: QAction
    previous_section: QAction
    font_bigger: QAction
    font_smaller: QAction
    toggle_theme: QAction
    read_aloud: QAction
    print_article: QAction
    print_preview: QAction  # staff only: no shortcut, reached from staff menus
    choose_printer: QAction
    save_pdf: QAction
    speech_pause: QAction
    speech_stop: QAction
    speech_previous: QAction
    speech_next: QAction
    speech_slower: QAction
    speech_faster: QAction

    def all(self) -> list[QAction]:
        """Every action, for adding to the window so shortcuts work."""
        return [getattr(self, f.name) for f in fields(self)]


def make_actions(parent: QWidget) -> Actions:
    """Create the actions with their words, spoken names and keyboard shortcuts."""

    def act(text: str, spoken: str, *keys: QKeySequence | str) -> QAction:
        action = QAction(text, parent)
        action.setToolTip(spoken)
        action.setStatusTip(spoken)
        action.setShortcuts([QKeySequence(k) for k in keys])
        return action

    return Actions(
        home=act("⌂  Home", "Go back to the list of topics", "Home"),
        next_section=act("Next", "Go to the next section", "Right", "PgDown"),
        previous_section=act("Back", "Go to the previous section", "Left", "PgUp"),
        font_bigger=act("A+  Bigger", "Make the text bigger", "Ctrl++", "+"),
        font_smaller=act("A−  Smaller", "Make the text smaller", "Ctrl+-", "-"),
        toggle_theme=act(
            "◐  Contrast", "Switch between dark text on white and light text on black", "Ctrl+T"
        ),
        read_aloud=act("Read aloud", "Read this page out loud", "Ctrl+R"),
        print_article=act("Print", "Print this article to take home", "Ctrl+P"),
        print_preview=act("Print preview", "See the handout as it will print"),
        choose_printer=act("Choose printer", "Choose the printer for handouts"),
        save_pdf=act("Save PDF", "Save the handout as a PDF file"),
        speech_pause=act("❚❚  Pause", "Pause reading aloud", "Pause", "Ctrl+Space"),
        speech_stop=act("■  Stop", "Stop reading aloud", "Ctrl+Shift+R"),
        speech_previous=act("‹‹  Previous sentence", "Read the previous sentence", "Ctrl+Left"),
        speech_next=act("Next sentence  ››", "Skip to the next sentence", "Ctrl+Right"),
        speech_slower=act("−  Slower", "Read more slowly", "Ctrl+["),
        speech_faster=act("+  Faster", "Read faster", "Ctrl+]"),
    )
