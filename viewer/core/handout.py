"""The printed handout: the whole article as HTML for paper (no Qt).

The same renderer as the screen turns each section into HTML; the handout adds the
hospital's name, logo and phone numbers, the title and review date, the glossary words used
(defined at the end), where the information comes from and the not-for-emergencies notice.
Everything is black on white and no link stays a link. The page header and footer ("Page N of
M", the print date) are drawn per page by :mod:`viewer.services.printing` from
:attr:`Handout.header`, :attr:`Handout.footer` and :attr:`Handout.language`.

Every word of the handout is in the *article's* language (``meta.language``), whatever
language the screens are in: headings, notice, review lines, dates, the contacts' labels
(``branding.phone_labels``, else the catalogue, else as written) and the page footer.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from viewer.core.articles import Article
from viewer.core.checks import plain_text
from viewer.core.glossary import Glossary
from viewer.core.render import section_html
from viewer.core.review import long_date, review_lines
from viewer.i18n import N_, Translator, translator

__all__ = ["Handout", "build_handout", "long_date", "wants_large_print"]

NORMAL_POINTS = 12.0
LARGE_POINTS = 18.0  # the large-print threshold of print guidelines for low vision
LOGO_URL = "handout:logo"
"""Where the HTML asks for the logo; the printing service supplies the image."""

_LINK_OPEN = re.compile(r"<a\b[^>]*>")
# The labels of the default ``branding.phones``: the catalogue translates them, so a Spanish
# handout says "Teléfono principal" with no ``phone_labels`` configured.
KNOWN_LABELS = (N_("Main number"), N_("Emergency Department"), N_("Patient billing"))


class Letterhead(Protocol):
    """The hospital printed at the top of a handout (the configuration's ``branding``)."""

    @property
    def hospital_name(self) -> str: ...  # noqa: D102

    @property
    def location(self) -> str: ...  # noqa: D102

    @property
    def phones(self) -> list[str]: ...  # noqa: D102

    @property
    def phone_labels(self) -> dict[str, dict[str, str]]: ...  # noqa: D102


@dataclass(frozen=True)
class Handout:
    """A handout ready to lay out on paper."""

    title: str
    html: str
    body_points: float
    header: str  # running header on pages after the first
    footer: str  # left part of the footer; "Page N of M" goes on the right
    large_print: bool
    language: str = "en"  # the article's: the words of the footer's "Page N of M"


def wants_large_print(font_percent: int, threshold: int) -> bool:
    """True when the patient reads the screen at ``threshold`` percent or more."""
    return font_percent >= threshold


def contact_lines(branding: Letterhead, tr: Translator) -> list[str]:
    """``branding.phones`` ("Label: number") with each label in ``tr``'s language: from
    ``branding.phone_labels[language]``, else the catalogue, else as written. The numbers are
    always the ones in ``phones``."""
    table = branding.phone_labels.get(tr.language, {})
    lines = []
    for phone in branding.phones:
        label, colon, number = phone.partition(":")
        label = label.strip()
        if colon and label:
            phone = f"{table.get(label) or tr._(label)}: {number.strip()}"
        lines.append(phone)
    return lines


def _unlink(fragment: str) -> str:
    """Links mean nothing on paper: keep their words, drop the link."""
    return _LINK_OPEN.sub('<span class="link">', fragment).replace("</a>", "</span>")


def _css(points: float) -> str:
    """Rich-text style sheet; Qt takes margins in px (1/96 inch, scaled for the printer)."""
    small = round(points * 0.85, 1)

    def px(factor: float) -> str:
        return f"{points * factor * 96 / 72:.0f}px"

    return f"""
body {{ color: #000000; background-color: #ffffff; font-size: {points}pt; }}
p, li {{ line-height: 130%; }}
p {{ margin-top: 0px; margin-bottom: {px(0.6)}; }}
ul, ol {{ margin-top: 0px; margin-bottom: {px(0.6)}; }}
li {{ margin-bottom: {px(0.25)}; }}
p.figure {{ line-height: 100%; margin-top: {px(0.6)}; margin-bottom: {px(0.2)}; }}
p.caption {{ font-weight: bold; }}
h1 {{ font-size: {points * 1.75:.1f}pt; font-weight: bold; margin-top: {px(0.8)};
     margin-bottom: {px(0.2)}; }}
h2 {{ font-size: {points * 1.3:.1f}pt; font-weight: bold; margin-top: {px(1.1)};
     margin-bottom: {px(0.4)}; }}
h3 {{ font-size: {points * 1.1:.1f}pt; font-weight: bold; margin-top: {px(0.8)};
     margin-bottom: {px(0.3)}; }}
.hospital {{ font-size: {points * 1.5:.1f}pt; font-weight: bold; margin-bottom: {px(0.2)}; }}
.contact {{ margin-bottom: 0px; }}
.review {{ margin-bottom: {px(0.3)}; }}
.refs {{ font-size: {small}pt; }}
.term {{ font-weight: bold; }}
"""


def build_handout(
    article: Article,
    branding: Letterhead,
    render: Callable[[str], str],
    glossary: Glossary | None = None,
    *,
    large_print: bool = False,
    printed_on: dt.date | None = None,
    with_logo: bool = True,
) -> Handout:
    """The whole article as handout HTML.

    ``render`` is the screen's markdown renderer (:func:`viewer.core.render.make_renderer`);
    pass it without a glossary so that glossary words stay plain words on paper.
    """
    meta = article.meta
    tr = translator(meta.language)
    points = LARGE_POINTS if large_print else NORMAL_POINTS
    printed_on = printed_on or dt.date.today()
    esc = html.escape
    logo_px = round(points * 6)  # about an inch at 12 pt

    contact = "<br/>".join(esc(p) for p in contact_lines(branding, tr))
    name_cell = (
        f'<p class="hospital">{esc(branding.hospital_name)}</p>'
        f'<p class="contact">{esc(branding.location)}'
        f"{'<br/>' if branding.location and contact else ''}{contact}</p>"
    )
    logo_cell = (
        f'<td width="{logo_px + 16}" valign="middle">'
        f'<img src="{LOGO_URL}" width="{logo_px}" height="{logo_px}"/></td>'
        if with_logo
        else ""
    )
    parts = [
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr>{logo_cell}'
        f'<td valign="middle">{name_cell}</td></tr></table>',
        "<hr/>",
        f"<h1>{esc(meta.title)}</h1>",
    ]
    status = [esc(line) for line in review_lines(meta)]
    if not meta.reviewed:  # a draft says so in bold, where nobody can miss it
        status[0] = f"<b>{status[0]}</b>"
    parts += [f'<p class="review">{line}</p>' for line in status]
    if meta.notice:  # on page 1: what to do in an emergency comes before everything else
        note = esc(tr._("Please note:"))
        parts.append(
            '<table width="100%" border="1" cellspacing="0" cellpadding="10" '
            'style="border-style: solid; border-color: #000000; margin-top: 6px;"><tr><td>'
            f"<b>{note}</b> {esc(meta.notice)}</td></tr></table>"
        )

    bodies = []
    for section in article.sections:
        body = _unlink(render(section.markdown))
        bodies.append(body)
        parts.append(section_html(section.title, body))

    if glossary is not None:
        used = glossary.used_in(plain_text("\n".join(bodies)))
        if used:
            items = "".join(
                f'<li><span class="term">{esc(t.word[:1].upper() + t.word[1:])}</span>: '
                f"{esc(t.meaning)}</li>"
                for t in used
            )
            heading = esc(tr._("Words used in this handout"))
            parts.append(f"<h2>{heading}</h2><ul>{items}</ul>")

    if meta.source or meta.references:
        heading = esc(tr._("Where this information comes from"))
        parts.append(f"<h2>{heading}</h2>")
        if meta.source:
            parts.append(f'<p class="refs">{esc(meta.source)}</p>')
        if meta.references:
            refs = "".join(f"<li>{esc(r)}</li>" for r in meta.references)
            parts.append(f'<ol class="refs">{refs}</ol>')

    document = (
        f"<html><head><style>{_css(points)}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )
    return Handout(
        title=meta.title,
        html=document,
        body_points=points,
        header=f"{branding.hospital_name}  \u00b7  {meta.title}",
        footer=f"{meta.title}  \u00b7  "
        + tr._("Printed {date}").format(date=long_date(printed_on, tr.language)),
        large_print=large_print,
        language=tr.language,
    )
