"""What IT sees of a running kiosk: usage counts, live status and safe content switches.

:class:`Fleet` listens to the reader's, kiosk mode's, printing's and speech's signals and the
actions, and never drives the screen,
except to switch the content folder at an idle moment (the home or attract screen, never
under a reader). It counts anonymously (:mod:`viewer.core.usage`: per day, nothing about a
visitor), keeps :class:`viewer.core.status.Health` current for the
:class:`viewer.services.status.StatusReporter`, and applies the content watcher's decisions.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from viewer import paths
from viewer.config import Config
from viewer.core.content_versions import ContentStore, Decision
from viewer.core.status import Health
from viewer.core.usage import UsageCounts, summary
from viewer.services.content_watch import ContentWatcher
from viewer.services.printer_watch import PrinterWatch
from viewer.services.status import StatusReporter
from viewer.ui.actions import Actions
from viewer.ui.kiosk import KioskMode
from viewer.ui.print_controller import PrintController
from viewer.ui.reader import Reader

if TYPE_CHECKING:
    from viewer.services.speech import Speech
    from viewer.ui.window import MainWindow  # start_fleet composes the parts of a window

log = logging.getLogger(__name__)


def speech_word(speech) -> str:
    """The speech part of the status: ready, starting, failed or off."""
    if speech is None:
        return "off"
    if not speech.is_available:
        return "failed"
    return "starting" if speech.state == "starting" else "ready"


class Fleet(QObject):
    """Counts, status and content switching for one kiosk window.

    It follows ``reader`` (articles, sections, text size, theme; it switches its content
    folder), ``kiosk`` (the screens, visitors leaving), ``printing``, ``speech`` (None when
    read aloud is off) and the ``commands``.
    """

    def __init__(
        self,
        reader: Reader,
        kiosk: KioskMode,
        printing: PrintController,
        speech: Speech | None,
        commands: Actions,
        reporter: StatusReporter,
        usage: UsageCounts | None,
        watcher: ContentWatcher | None = None,
        printer_watch: PrinterWatch | None = None,
    ) -> None:
        super().__init__(reader)
        self.reader = reader
        self.kiosk = kiosk
        self.printing = printing
        self.speech = speech
        self.reporter = reporter
        self.health: Health = reporter.health
        self.usage = usage
        self.pending: Decision | None = None
        self._sections: set[int] = set()  # sections of the open article already counted
        h = self.health
        h.screen = self.screen_name()
        h.speech = speech_word(speech)
        h.printer = printing.settings.printer
        h.printer_state = "ready" if printing.settings.enabled else "off"

        reader.article_opened.connect(self._opened)
        reader.section_shown.connect(self._section)
        reader.went_home.connect(self._idle_moment)
        kiosk.visitor_left.connect(self._visitor_left)
        kiosk.staff_changed.connect(lambda _on: self._screen())
        a = commands
        a.font_bigger.triggered.connect(self._text_size)
        a.font_smaller.triggered.connect(self._text_size)
        a.toggle_theme.triggered.connect(lambda: self.count("contrast", reader.theme_name))
        if speech is not None:
            sp = speech
            sp.started.connect(lambda: self.count("read_aloud_started"))
            sp.finished.connect(lambda: self.count("read_aloud_finished"))
            sp.available.connect(lambda *_: self._speech())
            sp.state_changed.connect(lambda *_: self._speech())
        printing.handout_printed.connect(self._printed)
        printing.service.failed.connect(self._print_failed)
        if watcher is not None:
            watcher.decided.connect(self.content_decided)
        if printer_watch is not None:
            printer_watch.checked.connect(self._printer_checked)
        reporter.changed()

    # -- counting ------------------------------------------------------------------------
    def count(self, event: str, detail: str = "", n: int = 1) -> None:
        """Add to today's anonymous counts (when counting is on)."""
        if self.usage is not None:
            self.usage.add(event, detail, n)

    def _opened(self, article_id: str) -> None:
        self._sections = set()
        meta = self.reader.library.get(article_id)
        self.count("topic_opened", article_id)
        if meta is not None:
            self.count("language", meta.language)
        self._screen()

    def _section(self, index: int) -> None:
        article = self.reader.article
        if article is None or index in self._sections:
            return
        self._sections.add(index)
        self.count(
            "section_reached", f"{article.id}: section {index + 1} of {len(article.sections)}"
        )

    def _text_size(self) -> None:
        self.count("text_size", f"{self.reader.reading.font_percent}%")

    def _printed(self, pages: int) -> None:
        self.count("handout_printed")
        self.count("handout_pages", n=pages)
        self.health.printer = self.printing.printer_name
        self.health.printer_state, self.health.printer_detail = "ready", ""
        self.reporter.changed()

    def _print_failed(self, detail: str) -> None:
        self.count("printer_failure")
        self.health.printer = self.printing.printer_name
        self.health.printer_state, self.health.printer_detail = "failing", detail
        self.health.error("printer")
        self.reporter.changed()

    def _printer_checked(self, ok: bool, name: str, detail: str) -> None:
        """CUPS's answer about the printer: ready, or failing and why."""
        h = self.health
        name = name or h.printer  # the default printer keeps the name CUPS gave it last
        if not ok and h.printer_state != "failing":
            h.error("printer")
            log.warning("Printer %s cannot print: %s", name or "default", detail)
        elif ok and h.printer_state == "failing":
            log.info("Printer %s is ready again", name)
        h.printer, h.printer_state, h.printer_detail = name, "ready" if ok else "failing", detail
        self.reporter.changed()

    def _speech(self) -> None:
        word = speech_word(self.speech)
        if word == "failed" and self.health.speech != "failed":
            self.count("speech_failure")
            self.health.error("speech")
        self.health.speech = word
        self.health.speech_detail = getattr(self.speech, "reason", "")
        self.reporter.changed()

    # -- screens -------------------------------------------------------------------------
    def screen_name(self) -> str:
        """The screen showing, as the status says it."""
        if self.kiosk.staff_active:
            return "staff mode"
        current = self.reader.stack.currentWidget()
        if current is self.kiosk.attract:
            return "attract screen"
        if current is self.reader.home_page:
            return "home screen"
        return "reading"

    def _screen(self) -> None:
        self.health.screen = self.screen_name()
        self.reporter.changed()

    def at_idle_moment(self) -> bool:
        """True on the home or attract screen, where nobody is reading."""
        return self.screen_name() in ("home screen", "attract screen")

    def _idle_moment(self) -> None:
        self._screen()
        if self.pending is not None and self.at_idle_moment():
            self._apply(self.pending)

    def _visitor_left(self) -> None:
        self.count("idle_reset")
        self._idle_moment()

    # -- content -------------------------------------------------------------------------
    def content_decided(self, decision: Decision) -> None:
        """A new decision about the content: apply it now if nobody reads, else later."""
        if decision.folder == self.reader.content_dir or self.at_idle_moment():
            self._apply(decision)
            return
        self.pending = decision
        log.info(
            "Content %s (%s) is ready; switching at the next idle moment",
            decision.version or "unversioned",
            decision.reason,
        )

    def _apply(self, decision: Decision) -> None:
        self.pending = None
        if decision.folder != self.reader.content_dir:
            self.reader.content_dir = decision.folder
            self.reader.reload_content()
        self.show_decision(decision)

    def show_decision(self, decision: Decision) -> None:
        """Log and publish which content version is showing and why."""
        h = self.health
        h.content_version, h.content_state, h.content_reason = (
            decision.version,
            decision.state,
            decision.reason,
        )
        if decision.state in ("fallback", "missing"):
            h.error("content")
            log.warning(
                "Content: showing %s from %s: %s",
                decision.version or "what is there",
                decision.folder,
                decision.reason,
            )
        else:
            log.info(
                "Content: showing %s from %s (%s)",
                decision.version or "an unversioned folder",
                decision.folder,
                decision.reason,
            )
        self.reporter.changed()


def start_fleet(
    window: MainWindow,
    cfg: Config,
    store: ContentStore,
    live: Path,
    decision: Decision,
    notify: Callable[[str], object] | None,
    interval_ms: int | None = None,
    check_ms: int | None = None,
    printer_check_ms: int | None = None,
) -> Fleet:
    """Usage counts, the status reporter, the content and printer watchers for a window.

    ``decision`` is what the window shows (from ``store.decide(live)`` at start-up). The
    intervals default to the configuration's; ``printer_check_ms=0`` asks CUPS nothing.
    """
    settings = cfg.monitoring
    usage = UsageCounts(paths.usage_db()) if settings.usage_counts else None
    metrics = (
        cfg.resolve_path("monitoring.metrics_file", settings.metrics_file)
        if settings.metrics_file
        else None
    )
    reporter = StatusReporter(
        Health(),
        paths.state_dir(),
        metrics,
        usage,
        notify,
        interval_ms or settings.interval * 1000,
        parent=window,
    )
    watcher = ContentWatcher(
        store, live, decision, check_ms or cfg.content.check_interval * 1000, parent=window
    )
    printer_watch = None
    every = settings.interval * 1000 if printer_check_ms is None else printer_check_ms
    if cfg.printing.enabled and every:
        printing = window.printing
        printer_watch = PrinterWatch(lambda: printing.printer_name, every, parent=window)
        printer_watch.checked.connect(printing.printer_checked)  # no card for a dead printer
    fleet = Fleet(
        window.reader,
        window.kiosk,
        window.printing,
        window.speech,
        window.commands,
        reporter,
        usage,
        watcher,
        printer_watch,
    )
    fleet.show_decision(decision)
    if usage is not None:
        window.kiosk.usage_report = lambda: summary(usage, dt.date.today())
    return fleet
