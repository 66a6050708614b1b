"""The read-aloud control bar: previous / pause / next sentence, stop, speed. Layout only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from viewer.core.locale_format import number
from viewer.i18n import _, current_language
from viewer.ui.actions import Actions
from viewer.ui.article_page import RowItem, action_button, row_stack, wrap_into_rows
from viewer.ui.plain import plain_label
from viewer.ui.theme import MIN_TOUCH_PX, set_role


class SpeechBar(QFrame):
    """Big buttons for the read-aloud actions and the current speed."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speechBar")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 4)
        outer.setSpacing(12)
        self.rows = row_stack(outer, 7)
        self.previous_button = action_button(actions.speech_previous)
        self.pause_button = action_button(actions.speech_pause)
        self.next_button = action_button(actions.speech_next)
        self.stop_button = action_button(actions.speech_stop)
        self.slower_button = action_button(actions.speech_slower)
        self.faster_button = action_button(actions.speech_faster)
        self.speed = plain_label()
        self.speed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.speed.setMinimumHeight(MIN_TOUCH_PX)
        set_role(self.speed, "position")
        self.buttons = (
            self.previous_button,
            self.pause_button,
            self.next_button,
            self.stop_button,
            self.slower_button,
            self.faster_button,
        )
        self.controls = (*self.buttons[:4], self.slower_button, self.speed, self.faster_button)
        self.note = plain_label()
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        self.rate = 1.0
        self.retranslate()

    def retranslate(self) -> None:
        """The spoken names and the speed in the screens' language (the buttons follow their
        actions)."""
        self.setAccessibleName(_("Reading aloud controls"))
        self.note.setAccessibleName(_("Read aloud"))
        self.set_speed(self.rate)

    def _wrap(self) -> None:
        """The controls in as many rows as the width and the text size need. The speed reads
        as one phrase: Slower, the speed, Faster on one row, or, where that row does not fit,
        the speed on a row of its own above Slower and Faster."""
        width = self.contentsRect().width()
        sentence: list[RowItem] = list(self.buttons[:4])
        speed = (self.slower_button, self.speed, self.faster_button)
        spacing = self.rows[0].spacing()
        if sum(w.sizeHint().width() for w in speed) + 2 * spacing <= width:
            wrap_into_rows(self.rows, [*sentence, speed], width)
        else:
            pair = (self.slower_button, self.faster_button)
            wrap_into_rows(self.rows, [*sentence, None, self.speed, None, pair], width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Rows again for the new width."""
        super().resizeEvent(event)
        self._wrap()

    def event(self, event: QEvent) -> bool:
        """Rows again when a control's size changes (a new text size or theme, new words);
        the words again in a new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        if event.type() == QEvent.Type.LayoutRequest:
            self._wrap()  # moves nothing when the rows stay the same, so this ends
        return super().event(event)

    def set_mode(self, controls: bool, note: bool) -> None:
        """Show the controls (while reading), the note (read aloud not available), or neither."""
        for widget in self.controls:
            widget.setVisible(controls)
        self.note.setVisible(note and not controls)
        self.setVisible(controls or note)
        self._wrap()

    def set_speed(self, rate: float) -> None:
        """Show the speed in plain words: 'Speed: normal', 'Speed: 1.25×'."""
        self.rate = rate
        times = number(rate, current_language())
        # Translators: the reading speed between the Slower and Faster buttons; little room.
        text = _("Speed: normal") if rate == 1 else _("Speed: {times}×").format(times=times)
        self.speed.setText(text)
        self.speed.setAccessibleName(_("Reading speed {times} times normal").format(times=times))
        self._wrap()
