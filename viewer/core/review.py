"""What an article says about its own review: written or updated, and clinically checked (no Qt).

An article counts as clinically reviewed only when its metadata names the reviewer
(``reviewed_by``) and the date (``reviewed_on``). Until then the screen and the handout call
it a draft that the hospital's clinical team has not checked; nothing else turns that off.
"""

from __future__ import annotations

import datetime as dt

from viewer.core.articles import ArticleMeta

REVIEW_MONTHS = 24
DRAFT_NOTE = "Draft: the hospital's doctors and nurses have not checked this article yet."
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """'November 24, 2026' whatever the machine's locale."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def review_lines(meta: ArticleMeta) -> list[str]:
    """The review status in plain words, one line each: checked (by whom, when) or draft,
    then when the text was written or last updated."""
    if meta.reviewed:
        assert meta.reviewed_on is not None
        lines = [f"Checked by {meta.reviewed_by} on {long_date(meta.reviewed_on)}."]
    else:
        lines = [DRAFT_NOTE]
    if meta.updated:
        lines.append(f"Written or last updated on {long_date(meta.updated)}.")
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
