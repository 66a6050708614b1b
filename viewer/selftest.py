"""``kiosk --self-test``: prove, without a screen, that this kiosk can do what a visitor needs.

It loads every article with the kiosk's own checks, translates a known message into every
shipped language with the kiosk's catalogue and Qt's own, opens every section in a real window,
steps the text through every size, reads the first sentence aloud into a WAV file with the
real speech engine and checks it is not silent, and writes the handout PDF and checks its
words. Then it prints one line and exits 0, or names what failed and exits 1.

The handout's words are read back with :mod:`viewer.core.pdftext` rather than ``pdftotext``
(a kiosk need not have poppler) or Qt's PDF module (left out of the frozen build).
"""

from __future__ import annotations

import argparse
import array
import logging
import math
import os
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from viewer import __version__, config, paths
from viewer.config import FONT_STEPS, Config
from viewer.core.articles import Article, Library, open_article
from viewer.core.glossary import glossary_files, load_glossary
from viewer.core.library import scan_folder
from viewer.core.render import make_renderer, section_html

log = logging.getLogger(__name__)

SPEECH_TIMEOUT_S = 8.0
MIN_SPEECH_SECONDS = 0.3
MIN_SPEECH_RMS = 200  # of 32767: espeak-ng speech is far louder; digital silence is 0
LANGUAGE_PROBE = "Page {page} of {pages}"  # the handout's footer: in every catalogue
QT_PROBE = ("QPlatformTheme", "Cancel")  # a standard dialog button: in every qtbase_<lang>.qm
HARMLESS_QT_MESSAGES = (
    "This plugin does not support propagateSizeHints",  # the offscreen platform, full screen
)


class CheckFailed(Exception):
    """A check found a problem; the message says what, in words for IT."""


@dataclass(frozen=True)
class Outcome:
    """The result of one check."""

    name: str
    ok: bool
    detail: str


def one_line(text: str) -> str:
    """Text on one line (error messages may span several)."""
    return " ".join(text.split())


def wav_loudness(path: Path) -> tuple[float, float]:
    """(seconds, RMS level of 16-bit samples) of a WAV file."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise CheckFailed(f"the WAV file has {8 * w.getsampwidth()}-bit samples, not 16")
        frames = w.readframes(w.getnframes())
        seconds = w.getnframes() / float(w.getframerate())
    samples = array.array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    return seconds, rms


def first_sentence(article: Article, render: Callable[[str], str]) -> str:
    """The first sentence the kiosk reads aloud in an article (its first section's text)."""
    section = article.sections[0]
    page = section_html(section.title, render(section.markdown))
    try:
        from viewer.core.speech_text import section_utterances
    except ImportError:  # read aloud not built in: the first line of text
        from viewer.core.checks import plain_text

        return plain_text(render(section.markdown)).split(". ")[0]
    said = section_utterances(page, article.meta.language)
    texts = [u.text for u in said if u.kind == "text"] or [u.text for u in said]
    if not texts:
        raise CheckFailed(f"{article.id}: the first section has nothing to read aloud")
    return texts[0]


class SelfTest:
    """The checks, run in order on one configuration and content folder."""

    def __init__(self, cfg: Config, folder: Path, scratch: Path) -> None:
        self.cfg = cfg
        self.folder = folder
        self.scratch = scratch
        self.library = Library(folder=folder)
        self.family = ""
        self.outcomes: list[Outcome] = []

    def run(self) -> list[Outcome]:
        """Run every check; a check that raises is recorded as failed and the rest go on."""
        for name, check in (
            ("configuration", self.check_configuration),
            ("content", self.check_content),
            ("languages", self.check_languages),
            ("screens", self.check_screens),
            ("read aloud", self.check_speech),
            ("handout", self.check_handout),
        ):
            try:
                detail = check()
            except CheckFailed as exc:
                self.outcomes.append(Outcome(name, False, one_line(str(exc))))
            except Exception as exc:  # an unexpected error is a failure, named
                log.exception("Self-test %s: unexpected error", name)
                self.outcomes.append(Outcome(name, False, one_line(f"{type(exc).__name__}: {exc}")))
            else:
                self.outcomes.append(Outcome(name, True, detail))
        return self.outcomes

    # -- checks --------------------------------------------------------------------------
    def check_configuration(self) -> str:
        """A configuration file with problems fails (the kiosk would use defaults instead)."""
        if self.cfg.problems:
            raise CheckFailed(
                f"{len(self.cfg.problems)} problem(s) in "
                f"{self.cfg.source}: " + " | ".join(self.cfg.problems)
            )
        return str(self.cfg.source) if self.cfg.source else "built-in defaults"

    def check_content(self) -> str:
        """Every article loads with the kiosk's own checks; the glossary reads."""
        self.library = scan_folder(self.folder)
        problems = [str(p) for p in self.library.problems]
        for language in glossary_files(self.folder):
            problems += load_glossary(self.folder, language).problems
        if problems:
            raise CheckFailed(
                f"{len(problems)} problem(s) in {self.folder}: " + " | ".join(problems)
            )
        if not self.library.articles:
            raise CheckFailed(f"no articles in {self.folder}")
        return f"{len(self.library.articles)} articles"

    def check_languages(self) -> str:
        """Every shipped language translates a known message with the kiosk's catalogue
        (viewer/locale) and with Qt's own (``qtbase_<lang>.qm``, the staff dialogs' words)."""
        from PySide6.QtCore import QLibraryInfo, QTranslator

        from viewer import i18n

        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        done = []
        for code in i18n.shipped_languages():
            if code == i18n.SOURCE_LANGUAGE:
                continue
            if i18n.translator(code)._(LANGUAGE_PROBE) == LANGUAGE_PROBE:
                raise CheckFailed(
                    f"'{LANGUAGE_PROBE}' is not translated into {code} by "
                    f"{i18n.catalogue_file(code)}"
                )
            qt = QTranslator()
            if not qt.load(f"qtbase_{code}", qt_folder) or qt.translate(*QT_PROBE) in (
                "",
                QT_PROBE[1],
            ):
                raise CheckFailed(
                    f"Qt's own words for {code} (qtbase_{code}.qm) are not in {qt_folder}"
                )
            done.append(code)
        if not done:
            raise CheckFailed(f"no translation catalogue in {paths.locale_dir()}")
        return f"{', '.join(done)} (the kiosk's words and Qt's)"

    def check_screens(self) -> str:
        """Every section of every article on screen in a real window, at every text size."""
        from PySide6.QtWidgets import QApplication

        from viewer.services.pictures import picture_count
        from viewer.ui.theme import FONT_FAMILY_FALLBACK, load_fonts
        from viewer.ui.window import MainWindow

        app = QApplication.instance() or QApplication([sys.argv[0]])
        self.family = family = load_fonts()
        if family == FONT_FAMILY_FALLBACK:
            raise CheckFailed("the bundled font did not load (is assets/fonts in the bundle?)")
        window = MainWindow(self.cfg, self.folder, family)
        try:
            window.show_kiosk(windowed=False)
            sections = drawings = 0
            for meta in window.reader.library.articles:
                if not window.reader.open_article(meta.id):
                    raise CheckFailed(f"{meta.id}: the article did not open")
                assert window.reader.article is not None
                for index, section in enumerate(window.reader.article.sections):
                    window.reader.show_section(index)
                    shown = window.article_page.text.toPlainText()
                    if window.reader.reading.index != index or section.title not in shown:
                        raise CheckFailed(
                            f"{meta.id}: section {index + 1} '{section.title}' did not show"
                        )
                    wanted = picture_count(window.article_page.text.document())
                    if window.reader.fit_pictures() != wanted:
                        raise CheckFailed(
                            f"{meta.id}: a picture in section {index + 1} could not be drawn "
                            "(are QtSvg and the imageformats plugins in the bundle?)"
                        )
                    sections += 1
                    drawings += wanted
                app.processEvents()
                if window.grab().isNull():
                    raise CheckFailed(f"{meta.id}: the article screen could not be drawn")
            sizes = self._step_font(window)
            window.reader.go_home()
            app.processEvents()
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
        return f"{sections} sections, {drawings} pictures, {sizes} text sizes, font {family}"

    @staticmethod
    def _step_font(window) -> int:
        """Every text size: each one bigger than the last, and the page taller."""
        text = window.article_page.text
        points, heights = [], []
        for step in range(len(FONT_STEPS)):
            window.reader.set_font_step(step)
            points.append(text.font().pointSizeF())
            heights.append(text.document().size().height())
        if points != sorted(set(points)):
            raise CheckFailed(f"text sizes do not grow step by step: {points}")
        if heights[-1] <= heights[0]:
            raise CheckFailed("the page did not grow when the text was made bigger")
        return len(points)

    def _first_article(self) -> tuple[Article, Callable[[str], str]]:
        if not self.library.articles:
            raise CheckFailed("no article to try it on")
        meta = self.library.articles[0]
        return open_article(meta), make_renderer(self.folder, set(self.library.ids()))

    def check_speech(self) -> str:
        """The first sentence through the real engine into a WAV that is not silent."""
        if not self.cfg.speech.enabled:
            return "off in the configuration"
        article, render = self._first_article()
        sentence = first_sentence(article, render)
        wav = self.scratch / "first-sentence.wav"
        voice = synthesize(sentence, wav, article.meta.language, self.cfg)
        seconds, rms = wav_loudness(wav)
        if seconds < MIN_SPEECH_SECONDS or rms < MIN_SPEECH_RMS:
            raise CheckFailed(
                f"the speech engine wrote {seconds:.2f} s of near silence "
                f"(level {rms:.0f}) for '{sentence[:40]}'"
            )
        return f"{seconds:.1f} s of speech, voice {voice}"

    def check_handout(self) -> str:
        """The handout PDF of the first article holds its title and first sentence."""
        if not self.cfg.printing.enabled:
            return "printing off in the configuration"
        from viewer.core import pdftext

        article, render = self._first_article()
        pdf = self.scratch / "handout.pdf"
        if not self.family:
            raise CheckFailed("not tried: the screens check did not get as far as the fonts")
        pages = write_handout_pdf(article, self.cfg, self.library, self.family, pdf)
        data = pdf.read_bytes()
        words = first_sentence(article, render)
        for expected in (article.title, article.sections[-1].title, words):
            if not pdftext.contains(data, expected):
                raise CheckFailed(f"the handout PDF does not contain '{expected[:50]}'")
        return f"{pages} page(s), {len(data) // 1024} KB"


def make_engine():
    """The kiosk's real speech engine, in its child process (tests swap this function to
    simulate a machine without one)."""
    from viewer.services.speech_engine import ProcessEngine

    return ProcessEngine(timeout=SPEECH_TIMEOUT_S)


def _wait(signals: dict[str, Any], seconds: float) -> tuple[str, tuple]:
    """Run Qt's event loop until one of ``signals`` fires; (its name, its arguments)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    got: list[tuple[str, tuple]] = []
    slots = {}
    for name, signal in signals.items():

        def slot(*args: Any, name: str = name) -> None:
            got.append((name, args))
            loop.quit()

        slots[name] = slot
        signal.connect(slot)
    QTimer.singleShot(int(seconds * 1000), loop, loop.quit)
    loop.exec()
    for name, signal in signals.items():
        signal.disconnect(slots[name])
    return got[0] if got else ("timeout", ())


def synthesize(text: str, wav: Path, language: str, cfg: Config) -> str:
    """Speak ``text`` into ``wav`` as the kiosk does: the real engine in its own process, the
    voice for the article's language. Returns the voice."""
    from viewer.services.speech_worker import pick_voice

    engine = make_engine()
    try:
        engine.start()
        kind, args = _wait(
            {"ready": engine.ready, "unavailable": engine.unavailable, "failed": engine.failed},
            SPEECH_TIMEOUT_S,
        )
        if kind == "unavailable":
            raise CheckFailed(f"no speech engine: {args[0]}")
        if kind != "ready":
            raise CheckFailed(f"the speech engine did not start: {args[0] if args else kind}")
        voice = pick_voice(list(args[0]), language, cfg.speech.voices)
        if voice is None:
            raise CheckFailed(f"no installed voice speaks '{language}'")
        engine.request(1, text, str(wav), voice, cfg.speech.rate)
        kind, args = _wait(
            {"done": engine.synthesised, "failed": engine.request_failed, "died": engine.failed},
            SPEECH_TIMEOUT_S,
        )
        if kind != "done":
            reason = args[-1] if args else f"no answer within {SPEECH_TIMEOUT_S:g} s"
            raise CheckFailed(f"the speech engine could not read '{text[:40]}': {reason}")
    finally:
        engine.shutdown()
    return voice


def write_handout_pdf(
    article: Article, cfg: Config, library: Library, family: str, out: Path
) -> int:
    """Write the article's handout PDF as the Print button makes it; return its pages."""
    from viewer.core.handout import build_handout
    from viewer.services.printing import HandoutDocument, load_logo, logo_path, write_pdf

    folder = library.folder
    handout = build_handout(
        article,
        cfg.branding,
        make_renderer(folder, set(library.ids())),
        load_glossary(folder, article.meta.language),
    )
    document = HandoutDocument(handout, family, load_logo(logo_path(cfg)))
    write_pdf(out, document.pdf_bytes(cfg.printing.paper))
    return document.page_count


def summary(outcomes: list[Outcome], seconds: float) -> tuple[str, int]:
    """The one line to print, and the exit status."""
    failed = [o for o in outcomes if not o.ok]
    if failed:
        named = "; ".join(f"{o.name}: {o.detail}" for o in failed)
        return (
            f"kiosk {__version__} self-test FAILED ({len(failed)} of {len(outcomes)} "
            f"checks): {named}"
        ), 1
    done = "; ".join(f"{o.name}: {o.detail}" for o in outcomes)
    return f"kiosk {__version__} self-test passed in {seconds:.1f} s: {done}", 0


def _route_qt_messages() -> Any:
    """Qt's messages into logging like the kiosk's, minus the harmless ones the offscreen
    platform always gives."""
    from PySide6.QtCore import qInstallMessageHandler

    from viewer.logs import qt_message_handler

    def handler(kind, context, message: str) -> None:
        if not message.startswith(HARMLESS_QT_MESSAGES):
            qt_message_handler(kind, context, message)

    return qInstallMessageHandler(handler)  # the previous handler


def run(cfg: Config, folder: Path, out: TextIO) -> int:
    """Run the self-test; write one line to ``out``; return 0 when everything passed."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import qInstallMessageHandler

    previous = _route_qt_messages()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-self-test-") as tmp:
            outcomes = SelfTest(cfg, folder, Path(tmp)).run()
    finally:
        qInstallMessageHandler(previous)
    line, status = summary(outcomes, time.monotonic() - started)
    out.write(line + "\n")
    out.flush()
    return status


def main(args: argparse.Namespace) -> int:
    """``kiosk --self-test`` with the kiosk's own configuration and content folder."""
    from viewer.diagnose import report_stream

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    cfg = config.load_for(args.config)
    with report_stream("self-test") as out:
        return run(cfg, config.content_folder(cfg, args.content), out)
