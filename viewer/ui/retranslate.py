"""Widgets that word themselves again when the screens' language changes (Qt's pattern)."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mix in before a QWidget class: Qt's ``LanguageChange`` calls ``self.retranslate()``.

    :class:`viewer.ui.language.LanguageSwitch` sends the event to the window, which passes it
    to every child widget.
    """

    def retranslate(self) -> None:
        """Show every word in the screens' language (each widget says which)."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new language: the words again."""
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
