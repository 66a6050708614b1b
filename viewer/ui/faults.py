"""Faults contained for the visit: what keeps failing is turned off with a plain message.

The main window notes what it is doing (opening an article, showing a section) and every
action notes its trigger; when an unexpected error reaches the crash guard, the kiosk asks
:meth:`VisitFaults.failed` what was being done. The first failure of a thing only returns the
kiosk to its home screen with an apology; the second turns that thing off until the next
visitor (an action is disabled, a section shows a short note instead of its text, an article
says it cannot be shown), so a patient tapping a broken part again and again never makes the
kiosk exit and restart.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from viewer.i18n import N_, _

log = logging.getLogger(__name__)

REPEATS = 2
"""Failures of the same thing in one visit before it is turned off."""
SECTION_NOTE = N_("Sorry, this part cannot be shown right now. Please go on to the next part.")
"""Shown instead of a section that keeps failing (translated where shown)."""


def article_note() -> tuple[str, str]:
    """The heading and text for a topic that keeps failing, in the screens' language."""
    return (
        _("This topic is not working"),
        _("Sorry, this topic cannot be shown right now. Please choose another one."),
    )


Key = tuple[object, ...]


class VisitFaults(QObject):
    """Counts failures per thing for the current visit and turns off what keeps failing."""

    def __init__(self, actions: Iterable[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doing: Key | None = None
        self.counts: Counter[Key] = Counter()
        self.sections: set[tuple[str, int]] = set()
        self.articles: set[str] = set()
        self.actions: list[QAction] = []
        for action in actions:  # connected first, so it runs before the action's own slots
            action.triggered.connect(partial(self._acting, action))
            action.changed.connect(partial(self._keep_off, action))

    def begin(self, *key: object) -> Key | None:
        """Note that ``key`` is being done; returns what was being done before.

        Call :meth:`end` with the result when it finished without an error (an error leaves
        ``key`` in place for :meth:`failed`).
        """
        before, self.doing = self.doing, key
        return before

    def end(self, before: Key | None) -> None:
        """The thing begun finished normally."""
        self.doing = before

    def _acting(self, action: QAction) -> None:
        self.doing = ("action", action)
        QTimer.singleShot(0, partial(self._done_acting, self.doing))

    def _done_acting(self, key: Key) -> None:
        if self.doing == key:
            self.doing = None

    def _keep_off(self, action: QAction) -> None:
        if action in self.actions and action.isEnabled():
            action.setEnabled(False)

    def failed(self) -> tuple[str, str] | None:
        """An error happened: count it against what was being done.

        Returns a heading and text for the patient when that thing is now turned off, else
        None (the usual apology).
        """
        key, self.doing = self.doing, None
        if key is None:
            return None
        self.counts[key] += 1
        if self.counts[key] < REPEATS:
            return None
        kind = key[0]
        if kind == "action":
            action = key[1]
            assert isinstance(action, QAction)
            name = action.text().replace("&", "").strip(" ‹›⌂◐")
            log.error("%r failed %d times; turned off for this visit", name, self.counts[key])
            self.actions.append(action)
            action.setEnabled(False)
            return (
                _("This button is not working"),
                _(
                    "Sorry, \u201c{name}\u201d is not working right now, so it is turned off. "
                    "Please ask at the front desk if you need it."
                ).format(name=name),
            )
        if kind == "section":
            article, index = key[1], key[2]
            assert isinstance(article, str) and isinstance(index, int)
            log.error("Section %d of %s failed twice; left out for this visit", index + 1, article)
            self.sections.add((article, index))
            return None
        assert isinstance(key[1], str)
        log.error("Article %s failed twice; left out for this visit", key[1])
        self.articles.add(key[1])
        return article_note()

    def reset(self) -> None:
        """A new visitor: everything is tried again."""
        self.doing = None
        self.counts.clear()
        self.sections.clear()
        self.articles.clear()
        actions, self.actions = self.actions, []
        for action in actions:
            action.setEnabled(True)
