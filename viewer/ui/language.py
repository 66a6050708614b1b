"""The screens' language: the patients' language buttons switch it, the idle reset sets it back.

The controller owns the language commands (:func:`~viewer.ui.actions.make_language_actions`).
A switch makes the new language current for every ``_()`` (:mod:`viewer.i18n`), loads Qt's
own words for it (``qtbase_<lang>.qm``, the staff dialogs' buttons), emits
:attr:`LanguageSwitch.changed` for the commands and the controllers that word things
themselves (the reader turns the article to its translation), then sends Qt's
``LanguageChange`` event to the window, so every widget re-words itself in its
``retranslate()``. No restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QObject, QTranslator, Signal
from PySide6.QtWidgets import QWidget

from viewer import i18n
from viewer.config import LanguageSettings
from viewer.ui.actions import make_language_actions

log = logging.getLogger(__name__)


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own catalogues may be: Qt's translations folder, then PySide6's copy."""
    import PySide6

    found = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [Path(found), Path(PySide6.__file__).parent / "Qt" / "translations"]


class LanguageSwitch(QObject):
    """The language the screens are in, from the offered ones.

    Signals:
        changed(str): the screens are now in this language (emitted before the widgets
            get their ``LanguageChange``, so they lay out the commands' new words).
    """

    changed = Signal(str)

    def __init__(self, settings: LanguageSettings, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.default = settings.default
        self.translator: QTranslator | None = None
        i18n.set_language(self.default)  # before the screens are built in it
        self._load_qt_words(self.default)
        self.by_code = make_language_actions(window, settings.offered)
        self.actions = list(self.by_code.values())  # for the pages' buttons
        for code, action in self.by_code.items():
            action.triggered.connect(partial(self.switch, code))
        self._show_buttons()

    @property
    def current(self) -> str:
        """The screens' language now."""
        return i18n.current_language()

    def switch(self, code: str) -> None:
        """Show every screen in ``code``'s language now."""
        if code == self.current:
            return
        log.info("Screens switched to %s", code)
        i18n.set_language(code)
        self._load_qt_words(code)
        self._show_buttons()
        self.changed.emit(code)  # the commands' words first: the widgets lay them out
        QCoreApplication.sendEvent(self.window, QEvent(QEvent.Type.LanguageChange))

    def follow(self, *followers: Callable[[], object]) -> None:
        """Call each of ``followers`` after every switch (controllers that word things
        themselves; widgets have Qt's ``LanguageChange``)."""
        for follower in followers:
            self.changed.connect(lambda _code, f=follower: f())

    def reset(self) -> None:
        """A new visitor: the configured default language."""
        self.switch(self.default)

    def _show_buttons(self) -> None:
        """A button for each offered language but the one showing."""
        for code, action in self.by_code.items():
            action.setVisible(code != self.current)

    def _load_qt_words(self, code: str) -> None:
        """Qt's own words (standard dialogs, context menus) in ``code``'s language."""
        app = QCoreApplication.instance()
        if app is None:
            return
        if self.translator is not None:
            app.removeTranslator(self.translator)
            self.translator = None
        if code == i18n.SOURCE_LANGUAGE:
            return
        translator = QTranslator(self)
        for folder in qt_translations_dirs():
            if translator.load(f"qtbase_{code}", str(folder)):
                app.installTranslator(translator)
                self.translator = translator
                return
        log.warning("Qt's own words for %s (qtbase_%s.qm) not found; they stay English", code, code)
