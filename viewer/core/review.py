"""What an article says about its own review: written or updated, and clinically checked (no Qt).

An article counts as clinically reviewed only when its metadata names the reviewer
(``reviewed_by``) and the date (``reviewed_on``). Until then the screen and the handout call
it a draft that the hospital's clinical team has not checked; nothing else turns that off.
"""

from __future__ import annotations

import datetime as dt

from viewer.core import locale_format
from viewer.core.articles import ArticleMeta
from viewer.i18n import N_, translator

REVIEW_MONTHS = 24
DRAFT_NOTE = N_("Draft: the hospital's doctors and nurses have not checked this article yet.")
"""In English; :func:`draft_note` gives it in an article's language."""


def long_date(day: dt.date, language: str = "en") -> str:
    """'November 24, 2026' / '24 de noviembre de 2026' whatever the machine's locale."""
    return locale_format.long_date(day, language)


def draft_note(language: str) -> str:
    """:data:`DRAFT_NOTE` in ``language`` (the article's)."""
    return translator(language)._(DRAFT_NOTE)


def review_lines(meta: ArticleMeta, language: str | None = None) -> list[str]:
    """The review status in plain words, one line each: checked (by whom, when) or draft,
    then when the text was written or last updated. In the article's language unless
    ``language`` says otherwise."""
    language = language or meta.language
    tr = translator(language)
    if meta.reviewed:
        assert meta.reviewed_on is not None
        lines = [
            tr._("Checked by {reviewer} on {date}.").format(
                reviewer=meta.reviewed_by, date=long_date(meta.reviewed_on, language)
            )
        ]
    else:
        lines = [draft_note(language)]
    if meta.updated:
        lines.append(
            tr._("Written or last updated on {date}.").format(
                date=long_date(meta.updated, language)
            )
        )
    return lines


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def review_warnings(meta: ArticleMeta, today: dt.date) -> list[str]:
    """What an editor should fix about the review metadata (empty when all is well)."""
    out = []
    if meta.last_reviewed is not None:
        out.append(
            "last_reviewed is no longer used and does not count as a review: write "
            "'updated: YYYY-MM-DD' for when the text was written or changed, and "
            "'reviewed_by: NAME, ROLE' with 'reviewed_on: YYYY-MM-DD' once a clinician "
            "has checked it"
        )
    if meta.reviewed_by and meta.reviewed_on and not meta.reviewed:
        assert meta.updated is not None
        out.append(
            f"updated {meta.updated.isoformat()}, after its review on "
            f"{meta.reviewed_on.isoformat()}: the changes have not been checked, so the "
            "screen and the handout call it a draft until a clinician checks them and you "
            "change reviewed_on"
        )
    elif not meta.reviewed:
        missing = [
            k
            for k, v in (("reviewed_by", meta.reviewed_by), ("reviewed_on", meta.reviewed_on))
            if not v
        ]
        out.append(
            f"not clinically reviewed (no {' and no '.join(missing)}): the screen and the "
            "handout call it a draft until a clinician checks it and you add "
            "'reviewed_by: NAME, ROLE' and 'reviewed_on: YYYY-MM-DD'"
        )
    elif meta.reviewed_on is not None and meta.reviewed_on > today:
        out.append(f"reviewed_on {meta.reviewed_on.isoformat()} is in the future")
    elif meta.reviewed_on is not None and months_between(meta.reviewed_on, today) > REVIEW_MONTHS:
        out.append(
            f"clinically reviewed on {meta.reviewed_on.isoformat()}, more than "
            f"{REVIEW_MONTHS} months ago; have it reviewed again"
        )
    if meta.updated is None:
        out.append("no 'updated: YYYY-MM-DD' date (when the text was written or last changed)")
    return out
