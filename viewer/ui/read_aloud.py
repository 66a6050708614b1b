"""Read aloud on the article screen: actions, control bar, highlight, taps, turning sections.

The controller between the reader, the article page and the speech service
(:mod:`viewer.services.speech`). The whole article is one list of utterances; when a
sentence's audio starts its section is put on screen if needed, the sentence is highlighted
and kept in view.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit

from viewer.config import SpeechSettings
from viewer.core.speech_text import Utterance, locate, section_utterances
from viewer.i18n import N_, _
from viewer.services import speech as speech_service
from viewer.services.speech import SPEEDS, Speech
from viewer.ui import theme
from viewer.ui.actions import Actions
from viewer.ui.article_page import ArticlePage
from viewer.ui.popup import Popup
from viewer.ui.reader import Reader
from viewer.ui.speech_bar import SpeechBar

log = logging.getLogger(__name__)

TAP_SLOP_PX = 24  # a press and release closer than this is a tap, not a drag
RESTART_AFTER_S = 60  # a broken engine is tried again when a visitor leaves, this often
NOT_AVAILABLE_NOTE = N_(
    "Reading aloud is not available right now. You can still read the "
    "text, make it bigger and print it."
)


class ReadAloud(QObject):
    """Connects the read-aloud actions, the speech service and the reading pane.

    It follows the reader (the article and section on screen, the theme) through its signals
    and turns its pages while reading; problems are said in ``popup``.
    """

    def __init__(
        self,
        settings: SpeechSettings,
        commands: Actions,
        article_page: ArticlePage,
        reader: Reader,
        popup: Popup,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.commands = commands
        self.page = article_page
        self.reader = reader
        self.popup = popup
        self.text = article_page.text
        a = commands
        self.speech_actions = (
            a.speech_pause,
            a.speech_stop,
            a.speech_previous,
            a.speech_next,
            a.speech_slower,
            a.speech_faster,
        )
        self.bar = SpeechBar(a)
        self.bar.hide()
        page_layout = article_page.outer
        page_layout.insertWidget(page_layout.indexOf(article_page.title), self.bar)
        self.items: list[Utterance] = []
        self.sections: list[int] = []  # section index of each utterance
        self.first: list[int] = []  # first utterance of each section
        self.current = -1
        self._span: tuple[int, int] | None = None
        self._turning = False
        self._press: QPointF | None = None
        self._last_restart = 0.0
        self._topic = ""  # the topic last opened
        self.speech: Speech | None = None
        if not self.settings.enabled:
            for action in (a.read_aloud, *self.speech_actions):
                action.setVisible(False)
            return
        self.speech = speech_service.make_speech(self.settings, self)
        sp = self.speech
        sp.available.connect(self._available)
        sp.state_changed.connect(self._update_controls)
        sp.sentence.connect(self._sentence)
        sp.finished.connect(self._ended)
        sp.stopped.connect(self._ended)
        sp.failed.connect(self._failed)
        a.read_aloud.setVisible(True)
        a.read_aloud.triggered.connect(self.read_section)
        a.speech_pause.triggered.connect(self.toggle_pause)
        a.speech_stop.triggered.connect(sp.stop)
        a.speech_previous.triggered.connect(lambda: sp.skip(-1))
        a.speech_next.triggered.connect(lambda: sp.skip(1))
        a.speech_slower.triggered.connect(lambda: self.step_speed(-1))
        a.speech_faster.triggered.connect(lambda: self.step_speed(1))
        reader.article_opened.connect(self._article_opened)
        reader.section_shown.connect(self._section_shown)
        reader.went_home.connect(self._went_home)
        self.text.viewport().installEventFilter(self)
        self._view_timer = QTimer(self)  # re-scroll once the text is laid out again
        self._view_timer.setSingleShot(True)
        self._view_timer.timeout.connect(self._keep_in_view)
        self.text.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self._view_timer.start(0)
        )
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.bar.set_speed(sp.rate)
        self._available(sp.is_available, sp.reason)
        self._update_controls()
        if reader.article is not None:  # built while an article is open: its language
            self._article_opened(reader.article.id)

    # -- commands ------------------------------------------------------------------------
    def read_section(self) -> None:
        """The Read aloud button: read from the start of the section on screen to the end of
        the article; while it is reading, the same button says "Stop reading" and stops."""
        if self.speech is not None and self.speech.active:
            self.speech.stop()
            return
        self.read_from(None)

    def read_from(self, index: int | None) -> None:
        """Read from utterance ``index`` (None: the start of the section on screen)."""
        sp = self.speech
        if sp is None or self.reader.article is None:
            return
        if not self.items:
            self._build_script()
        if not self.items:
            return
        if index is None:
            index = self.first[self.reader.reading.index]
        if not sp.say(self.items, index):
            self._available(False, sp.reason)

    def toggle_pause(self) -> None:
        """Pause, or resume from the start of the interrupted sentence."""
        if self.speech is None:
            return
        if self.speech.state == "paused":
            self.speech.resume()
        else:
            self.speech.pause()

    def step_speed(self, step: int) -> None:
        """One speed step slower (-1) or faster (+1)."""
        if self.speech is None:
            return
        i = SPEEDS.index(self.speech.rate) + step
        if 0 <= i < len(SPEEDS):
            self.speech.set_rate(SPEEDS[i])
            self.bar.set_speed(SPEEDS[i])
            self._update_controls()

    def reset_visitor(self) -> None:
        """A new visitor: stop, configured speed, and another try for a broken engine."""
        sp = self.speech
        if sp is None:
            return
        sp.stop()
        sp.set_rate(self.settings.rate)
        self.bar.set_speed(sp.rate)
        self._retry()

    def shutdown(self) -> None:
        """End the speech engine's process (the window is closing)."""
        if self.speech is not None:
            self.speech.shutdown()

    # -- the script ----------------------------------------------------------------------
    def _build_script(self) -> None:
        """Every utterance of the open article, section after section."""
        article = self.reader.article
        self.items, self.sections, self.first = [], [], []
        if article is None:
            return
        for s in range(len(article.sections)):
            said = section_utterances(self.reader.section_page_html(s), article.meta.language)
            self.first.append(len(self.items))
            self.items.extend(said)
            self.sections.extend([s] * len(said))
        self.first.append(len(self.items))

    def _section_items(self, section: int) -> list[Utterance]:
        return self.items[self.first[section] : self.first[section + 1]]

    # -- what the service says -----------------------------------------------------------
    def _sentence(self, index: int) -> None:
        """Audio of utterance ``index`` started: turn to its section, highlight it."""
        if not 0 <= index < len(self.items):
            return
        self.current = index
        section = self.sections[index]
        if section != self.reader.reading.index:
            self._turning = True
            try:
                self.reader.show_section(section)
            finally:
                self._turning = False
        self._highlight()
        self._update_controls()

    def _ended(self) -> None:
        self.current = -1
        self._span = None
        self.text.setExtraSelections([])
        self._update_controls()

    def _failed(self, message: str) -> None:
        self._ended()
        self.popup.show_message(_("Read aloud"), _(message))

    def _available(self, ok: bool, reason: str) -> None:
        self.commands.read_aloud.setEnabled(ok)
        self.bar.note.setText("" if ok else _(NOT_AVAILABLE_NOTE))
        self._update_controls()

    def _label_read_button(self, active: bool) -> None:
        """Read aloud, Stop reading (while it reads) or Read aloud: off, with spoken names."""
        a = self.commands.read_aloud
        sp = self.speech
        if sp is not None and not sp.is_available:
            text, spoken = _("Read aloud: off"), _(NOT_AVAILABLE_NOTE)
        elif active:
            text, spoken = "■  " + _("Stop reading"), _("Reading aloud now: tap to stop")
        else:
            text, spoken = _("Read aloud"), _("Read this page out loud")
        a.setText(text)
        a.setToolTip(spoken)
        self.page.read_button.setAccessibleName(spoken)

    def _update_controls(self, _state: str = "") -> None:
        sp = self.speech
        if sp is None:
            return
        active = sp.active
        a = self.commands
        self._label_read_button(active)
        for action in self.speech_actions:
            action.setEnabled(active)
        paused = sp.state == "paused"
        a.speech_pause.setText("▶  " + _("Resume") if paused else "❚❚  " + _("Pause"))
        a.speech_pause.setToolTip(
            _("Carry on reading aloud") if paused else _("Pause reading aloud")
        )
        self.bar.pause_button.setAccessibleName(a.speech_pause.toolTip())
        a.speech_previous.setEnabled(active and sp.index > 0)
        a.speech_next.setEnabled(active and sp.index < len(sp.items) - 1)
        a.speech_slower.setEnabled(active and sp.rate > SPEEDS[0])
        a.speech_faster.setEnabled(active and sp.rate < SPEEDS[-1])
        on_article = self.reader.article is not None
        self.bar.set_mode(controls=active, note=on_article and not sp.is_available)

    # -- the reader's events -------------------------------------------------------------
    def _article_opened(self, article_id: str) -> None:
        """Another article: stop. The same topic again is a language switch while it is on
        screen (its translation, at the same section): if it was being read, read on from
        the start of that section in the new language and voice."""
        if self.speech is None:
            return
        again = article_id == self._topic and self.speech.active
        self._topic = article_id
        self.speech.stop()
        self.items, self.sections, self.first = [], [], []
        article = self.reader.article
        if article is not None:
            self.speech.use_language(article.meta.language)
        self._update_controls()
        if again:  # once the section is on screen
            QTimer.singleShot(0, self, lambda: self._read_on(article))

    def _read_on(self, article: object) -> None:
        if self.reader.article is article and article is not None:
            self.read_from(None)

    def _section_shown(self, index: int) -> None:
        self.text.setExtraSelections([])
        self._span = None
        sp = self.speech
        if self._turning or sp is None or not sp.active or not self.items:
            return
        if 0 <= self.current < len(self.items) and self.sections[self.current] == index:
            self._highlight()  # the same section drawn again (e.g. a new theme)
        elif index < len(self.first) - 1:
            sp.jump(self.first[index])  # the visitor went to another section: read it

    def _went_home(self) -> None:
        self._topic = ""
        if self.speech is not None:
            self.speech.stop()
            self._retry()
        self.items, self.sections, self.first = [], [], []
        self._update_controls()

    def _retry(self) -> None:
        sp = self.speech
        if (
            sp is not None
            and sp.state == "broken"
            and time.monotonic() - self._last_restart > RESTART_AFTER_S
        ):
            self._last_restart = time.monotonic()
            sp.restart()

    # -- highlight and scrolling ---------------------------------------------------------
    def _highlight(self) -> None:
        index = self.current
        section = self.sections[index]
        items = self._section_items(section)
        spans = locate(self.text.document().toPlainText(), items)
        self._span = spans[index - self.first[section]]
        if self._span is None:
            log.debug("Speech: sentence %d not found on screen", index)
            self.text.setExtraSelections([])
            return
        if self.settings.highlight:
            palette = theme.THEMES[self.reader.theme_name]
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self._cursor(*self._span)  # type: ignore[attr-defined]
            fmt = selection.format  # type: ignore[attr-defined]
            fmt.setBackground(QColor(palette.highlight))
            fmt.setForeground(QColor(palette.highlight_text))
            selection.format = fmt  # type: ignore[attr-defined]
            self.text.setExtraSelections([selection])
        self._keep_in_view()

    def _cursor(self, start: int, end: int | None = None) -> QTextCursor:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        if end is not None:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def highlighted_text(self) -> str:
        """The words highlighted now ('' when none), as the screen shows them."""
        selections = self.text.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    def sentence_rect(self):
        """The spoken sentence's box in the reading pane's viewport, or None."""
        if self._span is None:
            return None
        top = self.text.cursorRect(self._cursor(self._span[0]))
        bottom = self.text.cursorRect(self._cursor(self._span[1]))
        return top.united(bottom)

    def _keep_in_view(self) -> None:
        """Scroll so the spoken sentence is on screen, a quarter down from the top."""
        rect = self.sentence_rect()
        if rect is None:
            return
        height = self.text.viewport().height()
        margin = max(24, height // 12)
        if rect.top() < margin or rect.bottom() > height - margin:
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - height // 4)

    # -- tapping a sentence --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """While reading, a tap on a sentence reads from there; the spoken sentence stays in
        view when the pane changes size (rows of buttons wrap at another text size). Never
        consumes events."""
        kind = event.type()
        if kind == QEvent.Type.Resize and self._span is not None:
            self._view_timer.start(0)
        elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._press = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            press, self._press = self._press, None
            if press is not None and self.speech is not None and self.speech.active:
                moved = event.position() - press
                if abs(moved.x()) + abs(moved.y()) <= TAP_SLOP_PX:
                    self._tapped(event.position())
        return False

    def _tapped(self, pos: QPointF) -> None:
        point = pos.toPoint()
        if self.text.anchorAt(point):
            return  # a glossary word or a link: that tap is for it
        where = self.text.cursorForPosition(point).position()
        section = self.reader.reading.index
        if section >= len(self.first) - 1:
            return
        spans = locate(self.text.document().toPlainText(), self._section_items(section))
        for offset, span in enumerate(spans):
            if span is not None and where < span[1]:
                self.speech.jump(self.first[section] + offset)  # type: ignore[union-attr]
                return
