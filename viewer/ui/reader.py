"""The reader: the content, the article and section on screen, the text size and the theme.

The controller behind the home and article pages. It gets the pages, the stack that shows
them, the actions it answers and the pop-up for glossary words; it knows nothing of printing,
speech or kiosk mode, which follow it through its signals.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QListWidgetItem, QStackedWidget

from viewer import __version__, paths
from viewer.config import FONT_STEPS, BrandingSettings, DisplaySettings
from viewer.core.articles import Article, ArticleMeta, Library, open_article
from viewer.core.check_cache import CheckCache
from viewer.core.glossary import GLOSSARY_LANGUAGE, Glossary, load_glossary
from viewer.core.library import render_errors, scan_folder
from viewer.core.locale_format import babel_locale, number
from viewer.core.reader import Reading
from viewer.core.render import make_renderer, section_html
from viewer.core.review import draft_note, review_lines
from viewer.i18n import N_, _, base_language, current_language, translator
from viewer.services import pictures
from viewer.ui import theme
from viewer.ui.actions import Actions
from viewer.ui.article_page import ArticlePage
from viewer.ui.faults import SECTION_NOTE, VisitFaults, article_note
from viewer.ui.home import HomePage
from viewer.ui.popup import Popup

log = logging.getLogger(__name__)


def dot_underline_terms(document: QTextDocument) -> None:
    """Give glossary words a dotted underline, so they look different from plain links."""
    for fragment in list(pictures.document_fragments(document)):
        fmt = fragment.charFormat()
        if fmt.isAnchor() and fmt.anchorHref().startswith("term:"):
            cursor = QTextCursor(document)
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            dotted = QTextCharFormat()
            dotted.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            dotted.setUnderlineColor(fmt.foreground().color())  # the text's colour, not a link's
            cursor.mergeCharFormat(dotted)


class Reader(QObject):
    """Opens articles and sections, steps the text size and switches the theme.

    Signals:
        section_shown(int): a section is on screen (its index).
        article_opened(str): an article was opened (its id).
        went_home: the home screen is showing.
    """

    section_shown = Signal(int)
    article_opened = Signal(str)
    went_home = Signal()

    def __init__(
        self,
        display: DisplaySettings,
        branding: BrandingSettings,
        content_dir: Path,
        font_family: str,
        stack: QStackedWidget,
        home_page: HomePage,
        article_page: ArticlePage,
        commands: Actions,
        popup: Popup,
        faults: VisitFaults,
    ) -> None:
        super().__init__(stack)
        self.display = display
        self.branding = branding  # the handout's letterhead, rendered when checking an article
        self.content_dir = content_dir
        self.font_family = font_family
        self.stack, self.home_page, self.article_page = stack, home_page, article_page
        self.commands = commands
        self.popup = popup
        self.faults = faults  # what keeps failing in this visit is not shown again
        self.reading = Reading(font_step=display.font_step, steps=FONT_STEPS)
        self.theme_name = display.theme
        self.library = Library(folder=content_dir)
        self.glossary = Glossary()  # the glossary of the article on screen (its language's)
        self._glossaries: dict[str, tuple[Glossary, Callable[[str], str]]] = {}
        self._glossary_language = ""
        self.article: Article | None = None
        self.checks: CheckCache | None = None  # what the last start found out (reload_content)

        a = commands
        a.home.triggered.connect(self.go_home)
        a.next_section.triggered.connect(self.next_section)
        a.previous_section.triggered.connect(self.previous_section)
        a.font_bigger.triggered.connect(self.font_bigger)
        a.font_smaller.triggered.connect(self.font_smaller)
        a.toggle_theme.triggered.connect(self.toggle_theme)
        home_page.article_chosen.connect(self.open_article)
        article_page.rail.currentRowChanged.connect(self._rail_changed)
        article_page.text.anchorClicked.connect(self._link_clicked)
        article_page.swipe.swiped_left.connect(a.next_section.trigger)
        article_page.swipe.swiped_right.connect(a.previous_section.trigger)

    # -- content -------------------------------------------------------------------------
    def reload_content(self) -> None:
        """Read the content folder again (articles' metadata and each language's glossary).

        The folder's checks, and which articles were rendered in full without a fault, are
        remembered between starts for as long as no file in the folder changes.
        """
        b = self.branding
        stamp = "\0".join((__version__, paths.code_stamp(), b.hospital_name, b.location, *b.phones))
        file = paths.checks_cache_file(self.content_dir)
        self.checks = CheckCache(file, self.content_dir, stamp)
        self.library = scan_folder(self.content_dir, self.checks)
        self._save_checks()
        self._glossaries = {}
        self._glossary_language = ""
        for language in dict.fromkeys([GLOSSARY_LANGUAGE, *self.library.languages()]):
            glossary = load_glossary(self.content_dir, language)
            for problem in glossary.problems:
                log.warning("Glossary problem: %s", problem)
            render = make_renderer(self.content_dir, set(self.library.ids()), glossary)
            self._glossaries[language] = (glossary, render)
        self._use_glossary(current_language())
        self.home_page.set_articles(self.topics())

    def _use_glossary(self, language: str) -> None:
        """The glossary (and the renderer that links its words) for text in ``language``;
        nothing changes while the language stays the same."""
        code = base_language(language)
        if code not in self._glossaries:
            code = GLOSSARY_LANGUAGE
        if code != self._glossary_language and code in self._glossaries:
            self.glossary, self._render = self._glossaries[code]
            self._glossary_language = code

    def topics(self) -> list[ArticleMeta]:
        """The topics as the home screen and the attract screen show them now: each in the
        screens' language where it has that translation."""
        return [choice.meta for choice in self.library.topics(current_language())]

    def choose(self, article_id: str) -> tuple[ArticleMeta, bool] | None:
        """The article to show for a topic in the screens' language, and whether it is in
        another language (no translation); None when there is no such topic."""
        choice = self.library.topic(article_id, current_language())
        return None if choice is None else (choice.meta, choice.fallback)

    def relanguage(self) -> None:
        """The screens switched language: the topics, and the article on screen, in it (the
        same section of its translation)."""
        self.home_page.set_articles(self.topics())
        if self.article is not None:
            self.open_article(self.article.id, self.reading.index)
        self.label_font_buttons()

    def _save_checks(self) -> None:
        """Write what the checks found once the screen has been drawn (a file write)."""
        if self.checks is not None:
            QTimer.singleShot(0, self, self.checks.save)

    def problems(self) -> list[str]:
        """The content files that could not be shown, and glossary problems, for staff."""
        glossaries = [problem for g, _render in self._glossaries.values() for problem in g.problems]
        return [str(p) for p in self.library.problems] + glossaries

    # -- navigation ----------------------------------------------------------------------
    def go_home(self) -> None:
        """Show the topic tiles."""
        self.popup.dismiss()
        self.reading.close()
        self.article = None
        self._use_glossary(current_language())
        self.stack.setCurrentWidget(self.home_page)
        self.went_home.emit()

    def open_article(self, article_id: str, index: int = 0) -> bool:
        """Open a topic at a section, in the screens' language where it has that translation
        (else in its own, with a note); False when it does not exist."""
        chosen = self.choose(article_id)
        if chosen is None:
            log.warning("No article called %r", article_id)
            return False
        meta, elsewhere = chosen
        self._use_glossary(meta.language)
        if not self._verify(meta):
            return False
        if article_id in self.faults.articles:
            self.popup.show_message(*article_note())
            return False
        before = self.faults.begin("article", article_id)
        self.article = open_article(meta)  # "Overview" in the article's language
        self.reading.open(self.article, index)
        page = self.article_page
        page.title.setText(meta.title)
        note = ""
        if elsewhere:  # (Babel's language names: only then)
            screens = babel_locale(current_language())
            in_language = babel_locale(meta.language).get_language_name(screens) or meta.language
            # Translators: under the title of a topic that has no translation in your language.
            note = _(
                "This topic is not available in your language yet. It is shown in {language}."
            ).format(language=in_language)
        page.language_note.setText(note)
        page.language_note.setVisible(elsewhere)
        self._clear_rail()
        page.rail.blockSignals(True)
        for n, section in enumerate(self.article.sections, 1):
            item = QListWidgetItem(f"{number(n, current_language())}. {section.title}")
            item.setToolTip(
                _("Go to section {number}: {title}").format(
                    number=number(n, current_language()), title=section.title
                )
            )
            page.rail.addItem(item)
        page.rail.blockSignals(False)
        self.stack.setCurrentWidget(page)
        self.article_opened.emit(article_id)
        log.info("Opened article %s", article_id)
        self.show_section(self.reading.index)
        self.faults.end(before)
        return True

    def _verify(self, meta: ArticleMeta) -> bool:
        """Render an article in full the first time it opens, as ``--check-content`` does.

        An article that fails is never shown: it leaves the home screen, its problem goes to
        the log and the staff report, and the patient is told in plain words.
        """
        checks = self.checks
        if checks is not None and str(meta.path) in checks.verified:
            return True
        errors = render_errors(meta, set(self.library.ids()), self.glossary, self.branding)
        if not errors:
            if checks is not None:
                checks.verified.add(str(meta.path))
                self._save_checks()
            return True
        for problem in errors:
            log.warning("Content problem: %s", problem)
        self.library.problems.extend(errors)
        self.library.remove(meta)
        self.home_page.set_articles(self.topics())
        self.go_home()
        self.popup.show_message(
            _("This topic cannot be shown"),
            _("Sorry, this topic is not available. Please choose another."),
        )
        return False

    def show_section(self, index: int) -> None:
        """Put section ``index`` of the open article on screen."""
        if not self.reading.go(index) or self.article is None:
            return
        before = self.faults.begin("section", self.article.id, index)
        page = self.article_page
        page.text.setHtml(self.section_page_html(index))
        dot_underline_terms(page.text.document())
        self.fit_pictures()
        page.text.verticalScrollBar().setValue(0)
        page.rail.blockSignals(True)
        page.rail.setCurrentRow(index)
        page.rail.blockSignals(False)
        page.rail.scrollToItem(page.rail.currentItem())
        page.position.setText(self.reading.position_text())
        a = self.commands
        a.next_section.setText(self.reading.next_text() + "  ›")
        a.previous_section.setText("‹  " + self.reading.previous_text())
        a.previous_section.setEnabled(not self.reading.is_first)
        a.next_section.setToolTip(
            _("Go back to the list of topics") if self.reading.is_last else self.reading.next_text()
        )
        page.next_button.setAccessibleName(a.next_section.toolTip())
        page.previous_button.setAccessibleName(
            self.reading.previous_text() if not self.reading.is_first else _("No earlier section")
        )
        self.faults.end(before)
        self.section_shown.emit(index)

    def section_page_html(self, index: int) -> str:
        """Section ``index`` of the open article as the reading pane shows it (and reads it)."""
        assert self.article is not None
        section = self.article.sections[index]
        if (self.article.id, index) in self.faults.sections:
            body = f"<p>{html.escape(_(SECTION_NOTE))}</p>"
        else:
            body = self._render(section.markdown)
        if index == 0 and not self.article.meta.reviewed:
            note = draft_note(self.article.meta.language)
            body = f'<p class="draft"><b>{html.escape(note)}</b></p>\n{body}'
        if index == len(self.article.sections) - 1:
            body += self._closing_html()
        return section_html(section.title, body)

    def _closing_html(self) -> str:
        """Related topics, sources and the notice, after the last section, with headings in
        the article's language (they are read aloud with it)."""
        assert self.article is not None
        meta = self.article.meta

        def heading(text: str) -> str:
            return f"<h3>{html.escape(translator(meta.language)._(text))}</h3>"

        parts = []
        chosen = [self.library.topic(r, meta.language) for r in meta.related]
        related = [c.meta for c in chosen if c is not None]  # titles in the article's language
        if related:
            links = "".join(
                f'<p><a href="article:{m.id}">{html.escape(m.title)}</a></p>' for m in related
            )
            related_heading = heading(N_("Related topics"))
            parts.append(f'<div class="related">{related_heading}{links}</div>')
        if meta.notice:
            note_heading = heading(N_("Please note"))
            parts.append(f"{note_heading}<p>{html.escape(meta.notice)}</p>")
        if meta.source or meta.references:
            refs = "".join(f"<li>{html.escape(r)}</li>" for r in meta.references)
            parts.append(
                heading(N_("Where this information comes from"))
                + f"<p>{html.escape(meta.source)}</p>"
                + (f"<ul>{refs}</ul>" if refs else "")
            )
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in review_lines(meta))
        parts.append(heading(N_("Review status")) + lines)
        return "\n".join(parts)

    def next_section(self) -> None:
        """Next section, or home after the last one."""
        if self.article is None:
            return
        if self.reading.is_last:
            self.go_home()
        else:
            self.show_section(self.reading.index + 1)

    def previous_section(self) -> None:
        """Previous section."""
        if self.article is not None and not self.reading.is_first:
            self.show_section(self.reading.index - 1)

    def _rail_changed(self, row: int) -> None:
        if row >= 0 and row != self.reading.index:
            self.show_section(row)

    def _link_clicked(self, url: QUrl) -> None:
        """Links never leave the kiosk: articles, glossary words and in-page anchors only."""
        scheme, target = url.scheme(), url.path()
        if scheme == "article":
            self.open_article(target)
        elif scheme == "term":
            self.show_term(target)
        elif not scheme and url.fragment():
            self.article_page.text.scrollToAnchor(url.fragment())
        else:
            log.info("Ignored a link that would leave the kiosk: %s", url.toString())

    def show_term(self, word: str) -> None:
        """Show a glossary word's meaning in a large pop-up."""
        term = self.glossary.lookup(word)
        if term is not None:
            self.popup.show_message(term.word[:1].upper() + term.word[1:], term.meaning)

    def _clear_rail(self) -> None:
        """Empty the section list quietly. Its selection model, which the list's own
        blockSignals() does not silence, told the page of each current row while clear()
        deleted the items one by one, and the page's title marking then read an item
        already gone (a crash, about one test run in three)."""
        rail = self.article_page.rail
        quiet = (rail, rail.selectionModel())
        for source in quiet:
            source.blockSignals(True)
        rail.clear()
        for source in quiet:
            source.blockSignals(False)

    def reset(self) -> None:
        """A new visitor: home, empty article page, configured text size and theme."""
        self.go_home()
        page = self.article_page
        for label in (page.title, page.position):
            label.clear()
        self._clear_rail()
        page.text.clear()
        page.text.clearHistory()
        self.reading = Reading(font_step=self.display.font_step, steps=FONT_STEPS)
        self.theme_name = self.display.theme
        self.apply_theme()
        self.home_page.scroll_area.verticalScrollBar().setValue(0)
        if self.home_page.page:
            self.home_page.show_page(0)

    # -- text size and theme -------------------------------------------------------------
    def font_bigger(self) -> None:
        """One step bigger."""
        if self.reading.bigger():
            self.apply_font()

    def font_smaller(self) -> None:
        """One step smaller."""
        if self.reading.smaller():
            self.apply_font()

    def set_font_step(self, step: int) -> None:
        """Jump to a text size step."""
        self.reading.font_step = max(0, min(step, len(FONT_STEPS) - 1))
        self.apply_font()

    def apply_font(self) -> None:
        """Lay every screen out at the current text size (the reading pane and every label)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        palette = theme.THEMES[self.theme_name]
        theme.apply(app, palette, self.font_family, self.reading.font_percent)
        self.article_page.set_text_percent(self.reading.font_percent)
        self.home_page.set_text_percent(self.reading.font_percent)
        self.fit_pictures()
        self.commands.font_bigger.setEnabled(self.reading.font_step < len(FONT_STEPS) - 1)
        self.commands.font_smaller.setEnabled(self.reading.font_step > 0)
        self.label_font_buttons()

    def label_font_buttons(self) -> None:
        """The text size buttons' spoken names, with the size now."""
        pct = number(self.reading.font_percent, current_language())
        # Translators: {percent} is a number; keep the % sign where your language puts it.
        self.commands.font_bigger.setToolTip(
            _("Make the text bigger (now {percent}%)").format(percent=pct)
        )
        self.commands.font_smaller.setToolTip(
            _("Make the text smaller (now {percent}%)").format(percent=pct)
        )

    def fit_pictures(self) -> int:
        """Draw the section's pictures for the text size, the pane's width and the theme;
        return how many were drawn."""
        text = self.article_page.text
        em = text.font().pointSizeF() * text.logicalDpiY() / 72
        margin = 2 * text.document().documentMargin() + 8
        return pictures.fit_pictures(
            text.document(),
            width=em * pictures.PICTURE_EMS,
            max_width=max(100.0, text.viewport().width() - margin),
            max_height=max(100.0, text.viewport().height() - margin),
            high_contrast=self.theme_name == "high-contrast",
            pixel_ratio=text.devicePixelRatioF(),
        )

    def toggle_theme(self) -> None:
        """Switch between the standard and the high-contrast theme."""
        self.theme_name = "high-contrast" if self.theme_name == "standard" else "standard"
        self.apply_theme()

    def apply_theme(self) -> None:
        """Apply the current theme to the application and the reading pane."""
        palette = theme.THEMES[self.theme_name]
        self.article_page.text.document().setDefaultStyleSheet(theme.document_css(palette))
        if self.article is not None:
            self.show_section(self.reading.index)
        self.apply_font()
