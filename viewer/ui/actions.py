"""Every command a visitor can give, as a named QAction made in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from viewer.core.locale_format import language_name, native_name
from viewer.i18n import N_, _, translator


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


# Each command: the symbol shown before its words, its words, what a screen reader says, and
# its keys. The words are marked for the catalogue here and translated when shown, so a
# language switch only has to call Actions.retranslate().
_COMMANDS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "home": ("⌂", N_("Home"), N_("Go back to the list of topics"), ("Home",)),
    "next_section": ("", N_("Next"), N_("Go to the next section"), ("Right", "PgDown")),
    "previous_section": ("", N_("Back"), N_("Go to the previous section"), ("Left", "PgUp")),
    "font_bigger": ("A+", N_("Bigger"), N_("Make the text bigger"), ("Ctrl++", "+")),
    "font_smaller": ("A−", N_("Smaller"), N_("Make the text smaller"), ("Ctrl+-", "-")),
    "toggle_theme": (
        "◐",
        N_("Contrast"),
        N_("Switch between dark text on white and light text on black"),
        ("Ctrl+T",),
    ),
    "read_aloud": ("", N_("Read aloud"), N_("Read this page out loud"), ("Ctrl+R",)),
    "print_article": ("", N_("Print"), N_("Print this article to take home"), ("Ctrl+P",)),
    "print_preview": ("", N_("Print preview"), N_("See the handout as it will print"), ()),
    "choose_printer": ("", N_("Choose printer"), N_("Choose the printer for handouts"), ()),
    "save_pdf": ("", N_("Save PDF"), N_("Save the handout as a PDF file"), ()),
    "speech_pause": ("❚❚", N_("Pause"), N_("Pause reading aloud"), ("Pause", "Ctrl+Space")),
    "speech_stop": ("■", N_("Stop"), N_("Stop reading aloud"), ("Ctrl+Shift+R",)),
    "speech_previous": (
        "‹‹",
        N_("Previous sentence"),
        N_("Read the previous sentence"),
        ("Ctrl+Left",),
    ),
    "speech_next": ("››", N_("Next sentence"), N_("Skip to the next sentence"), ("Ctrl+Right",)),
    "speech_slower": ("−", N_("Slower"), N_("Read more slowly"), ("Ctrl+[",)),
    "speech_faster": ("+", N_("Faster"), N_("Read faster"), ("Ctrl+]",)),
}


def _label(name: str) -> str:
    symbol, words, _spoken, _keys = _COMMANDS[name]
    if not symbol:
        return _(words)
    if name == "speech_next":  # the arrow points the way it goes
        return f"{_(words)}  {symbol}"
    return f"{symbol}  {_(words)}"


def retranslate(actions: Actions) -> None:
    """Show every command's words in the current language."""
    for f in fields(actions):
        action: QAction = getattr(actions, f.name)
        spoken = _(_COMMANDS[f.name][2])
        action.setText(_label(f.name))
        action.setToolTip(spoken)
        action.setStatusTip(spoken)


def make_actions(parent: QWidget) -> Actions:
    """Create the actions with their words, spoken names and keyboard shortcuts."""

    def act(name: str) -> QAction:
        action = QAction(parent)
        action.setShortcuts([QKeySequence(k) for k in _COMMANDS[name][3]])
        return action

    actions = Actions(**{f.name: act(f.name) for f in fields(Actions)})
    retranslate(actions)
    return actions


# Translators: what a screen reader says for the button that switches the screens to your
# language; {language} is your language's name in your language ("español").
SWITCH_TO = N_("Show the screens in {language}")


def make_language_actions(parent: QWidget, offered: Sequence[str]) -> dict[str, QAction]:
    """One command per offered language, named in that language ("Español", "English") with
    a spoken name in it too, whatever language the screens are in: a patient looks for their
    own language's name."""
    made = {}
    for code in dict.fromkeys(offered):
        action = QAction(native_name(code), parent)
        name = language_name(code)
        spoken = translator(code)._(SWITCH_TO).format(language=name)
        action.setToolTip(spoken)
        action.setStatusTip(spoken)
        action.setObjectName(f"language_{code}")
        made[code] = action
    return made
