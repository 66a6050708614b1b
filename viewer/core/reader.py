"""Where a visitor is in an article, and what the navigation buttons say (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.core.articles import Article, Section
from viewer.core.locale_format import number
from viewer.i18n import _, current_language, pgettext


@dataclass
class Reading:
    """The open article and section, and the text size step of ``steps`` (percentages)."""

    article: Article | None = None
    index: int = 0
    font_step: int = 0
    steps: tuple[int, ...] = field(kw_only=True)

    @property
    def section(self) -> Section | None:
        """The section on screen, or None on the home screen."""
        if self.article is None or not self.article.sections:
            return None
        return self.article.sections[self.index]

    @property
    def count(self) -> int:
        """How many sections the open article has."""
        return len(self.article.sections) if self.article else 0

    @property
    def is_first(self) -> bool:
        """True on the first section."""
        return self.index == 0

    @property
    def is_last(self) -> bool:
        """True on the last section."""
        return self.index >= self.count - 1

    def open(self, article: Article, index: int = 0) -> None:
        """Show ``article`` from section ``index``."""
        self.article = article
        self.index = max(0, min(index, len(article.sections) - 1))

    def close(self) -> None:
        """Back to the home screen."""
        self.article = None
        self.index = 0

    def go(self, index: int) -> bool:
        """Jump to a section; return False when there is no such section."""
        if self.article is None or not 0 <= index < self.count:
            return False
        self.index = index
        return True

    def next(self) -> bool:
        """Move one section on; False at the end."""
        return self.go(self.index + 1)

    def previous(self) -> bool:
        """Move one section back; False at the start."""
        return self.go(self.index - 1)

    def position_text(self) -> str:
        """'Section 3 of 8', in the screens' language and its digits."""
        if self.article is None:
            return ""
        lang = current_language()
        # Translators: under the article, between Back and Next.
        return _("Section {number} of {count}").format(
            number=number(self.index + 1, lang), count=number(self.count, lang)
        )

    def next_text(self) -> str:
        """What the Next button says: where it goes."""
        if self.article is None:
            return ""
        if self.is_last:
            # Translators: the Next button on the last section; it goes to the topic list.
            return _("Done: back to topics")
        # Translators: the Next button, with the next section's title.
        return _("Next: {title}").format(title=self.article.sections[self.index + 1].title)

    def previous_text(self) -> str:
        """What the Back button says: where it goes."""
        if self.article is None or self.is_first:
            return pgettext("button", "Back")
        # Translators: the Back button, with the previous section's title.
        return _("Back: {title}").format(title=self.article.sections[self.index - 1].title)

    @property
    def font_percent(self) -> int:
        """Text size in percent."""
        return self.steps[self.font_step]

    def bigger(self) -> bool:
        """One text size step up; False at the largest."""
        if self.font_step >= len(self.steps) - 1:
            return False
        self.font_step += 1
        return True

    def smaller(self) -> bool:
        """One text size step down; False at the smallest."""
        if self.font_step <= 0:
            return False
        self.font_step -= 1
        return True
