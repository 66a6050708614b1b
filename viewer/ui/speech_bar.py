"""The read-aloud control bar: previous / pause / next sentence, stop, speed. Layout only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QWidget

from viewer.ui.actions import Actions
from viewer.ui.article_page import action_button
from viewer.ui.plain import plain_label
from viewer.ui.theme import MIN_TOUCH_PX, set_role

ONE_ROW_MIN_PX = 1400  # narrower than this (portrait), the speed controls get a row


class SpeechBar(QFrame):
    """Big buttons for the read-aloud actions and the current speed."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speechBar")
        self.setAccessibleName("Reading aloud controls")
        self.rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.rows.setContentsMargins(0, 4, 0, 4)
        self.rows.setSpacing(12)
        row = QHBoxLayout()
        row.setSpacing(12)
        speed_row = QHBoxLayout()
        speed_row.setSpacing(12)
        self.rows.addLayout(row)
        self.rows.addLayout(speed_row)
        self.previous_button = action_button(actions.speech_previous)
        self.pause_button = action_button(actions.speech_pause)
        self.next_button = action_button(actions.speech_next)
        self.stop_button = action_button(actions.speech_stop)
        self.slower_button = action_button(actions.speech_slower)
        self.faster_button = action_button(actions.speech_faster)
        self.speed = plain_label()
        self.speed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.speed.setMinimumWidth(150)
        self.speed.setMinimumHeight(MIN_TOUCH_PX)
        set_role(self.speed, "position")
        for b in (self.previous_button, self.pause_button, self.next_button, self.stop_button):
            row.addWidget(b)
        row.addStretch(1)
        speed_row.addWidget(self.slower_button)
        speed_row.addWidget(self.speed)
        speed_row.addWidget(self.faster_button)
        speed_row.addStretch(1)
        self.buttons = (
            self.previous_button,
            self.pause_button,
            self.next_button,
            self.stop_button,
            self.slower_button,
            self.faster_button,
        )
        self.note = plain_label()
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Read aloud")
        row.addWidget(self.note, 1)
        self.controls = (*self.buttons, self.speed)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Two rows (sentence controls, then speed) when one would squeeze the buttons."""
        super().resizeEvent(event)
        one_row = event.size().width() >= ONE_ROW_MIN_PX
        self.rows.setDirection(
            QBoxLayout.Direction.LeftToRight if one_row else QBoxLayout.Direction.TopToBottom
        )

    def set_mode(self, controls: bool, note: bool) -> None:
        """Show the controls (while reading), the note (read aloud not available), or neither."""
        for widget in self.controls:
            widget.setVisible(controls)
        self.note.setVisible(note and not controls)
        self.setVisible(controls or note)

    def set_speed(self, rate: float) -> None:
        """Show the speed, e.g. 'Speed 1.25×'."""
        text = f"Speed {rate:g}×"
        self.speed.setText(text)
        self.speed.setAccessibleName(f"Reading speed {rate:g} times normal")
