"""Colours, fonts and the application style sheet for the two themes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QPixmapCache
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QTextBrowser,
    QWidget,
)

from viewer import paths

log = logging.getLogger(__name__)

FONT_FAMILY_FALLBACK = "DejaVu Sans"
BODY_POINT_SIZE = 18.0  # body text at 100%: large print for older readers
CONTROL_POINT_SIZE = 17.0
STAFF_CORNER_PX = 90  # the top-right square of the staff gesture: no control may reach into it
MIN_TOUCH_PX = 64  # every control at least this tall and wide (WCAG 2.5.5 asks 44)
BUTTON_GROWTH_LIMIT = 150  # button labels grow with the text size up to this percent
READING_COLUMN_CHARS = 70  # the reading pane is at most about this many characters wide
SCROLL_BAR_PX = 56  # touch-sized scroll bars
RAIL_ITEM_PADDING_PX = 12  # around each title in the section list

# Every text on the patients' screens has a role (``set_role``); its size at 100% and how it
# grows. "text" roles are never smaller than the body text at the chosen size; "heading"
# roles stay a step above it; "button" roles grow up to BUTTON_GROWTH_LIMIT.
TEXT_ROLES: dict[str, tuple[float, str]] = {
    "hospital": (34.0, "heading"),
    "articleTitle": (26.0, "heading"),
    "tileTitle": (24.0, "text"),
    "prompt": (22.0, "heading"),
    "cardHeading": (30.0, "heading"),
    "attractInvitation": (40.0, "heading"),
    "tileSummary": (17.0, "text"),
    "contact": (18.0, "text"),
    "position": (18.0, "text"),
    "cardText": (24.0, "text"),
    "printText": (22.0, "text"),
    "hint": (24.0, "text"),
    "note": (CONTROL_POINT_SIZE, "text"),
    "sectionTitle": (CONTROL_POINT_SIZE, "text"),  # in the section list
    "bigButton": (22.0, "button"),
    "keepButton": (30.0, "button"),
    "navButton": (CONTROL_POINT_SIZE, "button"),
    # Staff's cards keep one size: staff choose no text size.
    "staffDots": (36.0, "fixed"),
    "staffText": (20.0, "fixed"),
    "staffNote": (18.0, "fixed"),
}
HEADING_OVER_BODY = 1.3  # a heading is at least this much bigger than the body text


BOLD_TEXT_ROLES = {"tileTitle", "position"}  # besides headings and buttons


def set_role(widget, role: str) -> None:
    """Give a widget's text one of the TEXT_ROLES: its font follows the chosen text size."""
    assert role in TEXT_ROLES, role
    widget.setProperty("role", role)
    if _family is not None:  # else the first apply() sizes it
        widget.setFont(role_font(role, _family, _percent))


def sized_font(family: str, points: float, bold: bool = False) -> QFont:
    """A font of ``family`` at ``points``."""
    font = QFont(family)
    font.setPointSizeF(round(points, 2))
    font.setBold(bold)
    return font


def role_font(role: str, family: str, percent: int) -> QFont:
    """The font of a text with ``role`` at ``percent``."""
    kind = TEXT_ROLES[role][1]
    bold = kind in ("heading", "button") or role in BOLD_TEXT_ROLES
    return sized_font(family, role_point_size(role, percent), bold)


def body_point_size(percent: int) -> float:
    """The reading text's size at ``percent``."""
    return BODY_POINT_SIZE * percent / 100


def text_point_size(percent: int) -> float:
    """The smallest size of a label (section list, counter, notes) at ``percent``."""
    return max(CONTROL_POINT_SIZE, body_point_size(percent))


def button_point_size(percent: int, base: float = CONTROL_POINT_SIZE) -> float:
    """A button label's size at ``percent``: it grows less, up to BUTTON_GROWTH_LIMIT."""
    return base * min(percent, BUTTON_GROWTH_LIMIT) / 100


def role_point_size(role: str, percent: int) -> float:
    """The size of a text with ``role`` at ``percent``."""
    base, kind = TEXT_ROLES[role]
    if kind == "button":
        return button_point_size(percent, base)
    if kind == "fixed":
        return base
    if kind == "heading":
        return max(base, body_point_size(percent) * HEADING_OVER_BODY)
    return max(base, text_point_size(percent))


_percent = 100
_theme = "standard"
_family: str | None = None  # set by the first apply()


def current_theme() -> str:
    """The name of the theme last applied to the application."""
    return _theme


def text_percent() -> int:
    """The text size last applied to the application (overlays size their cards by it)."""
    return _percent


@dataclass(frozen=True)
class Palette:
    """One theme's colours."""

    name: str
    background: str
    text: str
    muted: str
    accent: str  # buttons
    accent_text: str
    surface: str  # tiles, rail
    current: str  # the current section in the rail
    current_text: str
    link: str
    highlight: str  # the sentence being read aloud
    highlight_text: str
    term: str = "#e6eef7"  # behind a glossary word: something to tap, not a web link
    disabled: str = "#6b6b6b"  # text and border of a control that cannot be used now
    disabled_background: str = "#e4e4e4"


STANDARD = Palette(
    name="standard",
    background="#ffffff",
    text="#1a1a1a",
    muted="#3d3d3d",
    accent="#0b4f8a",
    accent_text="#ffffff",
    surface="#eef3f8",
    current="#0b4f8a",
    current_text="#ffffff",
    link="#0b4f8a",
    highlight="#ffe680",
    highlight_text="#000000",
)
HIGH_CONTRAST = Palette(
    name="high-contrast",
    background="#000000",
    text="#ffffff",
    muted="#e6e6e6",
    accent="#000000",
    accent_text="#ffff00",
    surface="#111111",
    current="#ffff00",
    current_text="#000000",
    link="#ffff00",
    highlight="#ffff00",
    highlight_text="#000000",
    term="#333333",
    disabled="#8c8c8c",
    disabled_background="#000000",
)
THEMES = {p.name: p for p in (STANDARD, HIGH_CONTRAST)}


PIXMAP_CACHE_KB = 2048
"""Qt's shared pixmap cache (QPixmapCache, 10 MiB by default). Every text size and theme draws
the tiles' and the article's pictures anew, and the cache kept what was made from each: random
size and theme changes on the home screen grew the kiosk by about 3 MiB per 1,000 until the
cache was full, and by 0.6-0.8 MiB per 1,000 with this limit (the soak of bench/soak.py)."""


def load_fonts() -> str:
    """Register the bundled Atkinson Hyperlegible font and size Qt's pixmap cache for a kiosk
    that runs for months; return the font family to use."""
    QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    family = None
    for path in sorted(paths.asset("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Could not load the bundled font %s", path)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    if family is None:
        log.warning(
            "Bundled fonts missing from %s; using %s", paths.asset("fonts"), FONT_FAMILY_FALLBACK
        )
        return FONT_FAMILY_FALLBACK
    return family


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio between two colours."""

    def luminance(c: str) -> float:
        color = QColor(c)
        chans = []
        for v in (color.redF(), color.greenF(), color.blueF()):
            chans.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b = chans
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def document_css(p: Palette) -> str:
    """Style sheet for the reading pane's document."""
    return f"""
body {{ color: {p.text}; background-color: {p.background}; }}
p, li {{ line-height: 150%; }}
h2 {{ color: {p.text}; font-size: 135%; margin-bottom: 12px; }}
h3 {{ color: {p.text}; font-size: 115%; }}
a {{ color: {p.link}; }}
a.term {{ color: {p.text}; text-decoration: underline; background-color: {p.term}; }}
li {{ margin-bottom: 10px; }}
.plain-link, .missing-image {{ color: {p.text}; }}
.related {{ margin-top: 24px; }}
p.figure {{ line-height: 100%; margin-top: 16px; margin-bottom: 4px; }}
p.caption {{ color: {p.text}; font-weight: bold; margin-bottom: 20px; }}
p.draft {{ color: {p.text}; }}
"""


def apply(app: QApplication, p: Palette, family: str, percent: int = 100) -> None:
    """Apply a theme and the chosen text size (``percent``) to the whole application.

    The style sheet (colours, shapes) is set only when the theme changes: re-polishing every
    widget costs tens of milliseconds. A text size is fonts alone (:func:`apply_text_size`).
    """
    global _theme, _family
    _theme, _family = p.name, family
    sheet = stylesheet(p)
    if app.styleSheet() != sheet:
        pal = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, p.background),
            (QPalette.ColorRole.WindowText, p.text),
            (QPalette.ColorRole.Base, p.background),
            (QPalette.ColorRole.Text, p.text),
            (QPalette.ColorRole.Button, p.accent),
            (QPalette.ColorRole.ButtonText, p.accent_text),
            (QPalette.ColorRole.Highlight, p.current),
            (QPalette.ColorRole.HighlightedText, p.current_text),
            (QPalette.ColorRole.Link, p.link),
        ):
            pal.setColor(role, QColor(colour))
        app.setPalette(pal)
        app.setStyleSheet(sheet)
    apply_text_size(app, family, percent)


def widget_font(widget: QWidget, family: str, percent: int) -> QFont | None:
    """The font of ``widget`` at ``percent`` by its role or its kind; None for a widget
    that shows no text of its own."""
    role = widget.property("role")
    if role:
        return role_font(role, family, percent)
    if isinstance(widget, QTextBrowser):
        return sized_font(family, body_point_size(percent))
    if isinstance(widget, QAbstractButton):
        return sized_font(family, button_point_size(percent), bold=True)
    if isinstance(widget, QLabel | QAbstractItemView):
        return sized_font(family, text_point_size(percent))
    return None


def apply_text_size(app: QApplication, family: str, percent: int) -> None:
    """Every text at ``percent``: each widget gets its own font (widgets made later get theirs
    from :func:`set_role`, or from their parent when the style sheet polishes them).

    Fonts of the widgets themselves: under a style sheet an application font reaches only
    the windows, and a widget's font follows its parent's only when it is first polished.
    """
    global _percent, _family
    _percent, _family = percent, family
    app.setFont(sized_font(family, text_point_size(percent)))
    for widget in app.allWidgets():
        keep_font(widget)


def keep_font(widget: QWidget) -> None:
    """``widget``'s font at the size now chosen (set only when it differs). Also called
    again after a move to another layout: that re-polishes the widget, and the style sheet
    style then gives back the font the widget had when it was first polished (the read-aloud
    bar's speed phrase fell back to 18 pt at 250%)."""
    if _family is not None:
        font = widget_font(widget, _family, _percent)
        if font is not None and font != widget.font():
            widget.setFont(font)


def keep_fonts(root: QWidget) -> None:
    """:func:`keep_font` for ``root`` and every widget in it, after a call that re-polishes
    them all: ``setWindowFlags`` on the kiosk window gave every button back the 18 pt
    regular font it had at its first polish (seen on a screenshot: the buttons turned bold
    only after the first text size step)."""
    for widget in (root, *root.findChildren(QWidget)):
        keep_font(widget)


def stylesheet(p: Palette) -> str:
    """The application's style sheet for one theme: colours and shapes, the same at every
    text size (fonts are set by :func:`apply_text_size`)."""
    border = p.accent_text if p.name == "high-contrast" else p.accent
    return f"""
QWidget {{ background-color: {p.background}; color: {p.text}; }}
QPushButton, QToolButton {{
    background-color: {p.accent}; color: {p.accent_text}; border: 3px solid {border};
    border-radius: 10px; padding: 8px 18px; min-height: {MIN_TOUCH_PX - 22}px;
    min-width: {MIN_TOUCH_PX - 42}px;
}}
QPushButton:pressed, QToolButton:pressed {{ background-color: {p.current};
    color: {p.current_text}; }}
QPushButton:disabled, QToolButton:disabled {{ background-color: {p.disabled_background};
    color: {p.disabled}; border: 3px dashed {p.disabled}; }}
QPushButton#tile {{ background-color: {p.surface}; color: {p.text}; text-align: left;
    border: 3px solid {border}; padding: 20px; }}
QPushButton#tile QLabel {{ background: transparent; color: {p.text}; }}
QPushButton#chip:checked {{ background-color: {p.highlight}; color: {p.highlight_text};
    border: 3px solid {p.text}; }}
QListWidget {{ background-color: {p.surface}; border: none; outline: 0; }}
QListWidget::item {{ padding: {RAIL_ITEM_PADDING_PX}px; min-height: {MIN_TOUCH_PX - 24}px;
    border-bottom: 1px solid {p.muted}; color: {p.text}; }}
QListWidget::item:selected {{ background-color: {p.current}; color: {p.current_text}; }}
QLabel#sectionTitle {{ color: {p.text}; }}
QLabel#sectionTitle[current="true"] {{ color: {p.current_text}; }}
QLabel#muted {{ color: {p.muted}; }}
QTextBrowser {{ border: none; }}
QScrollBar:vertical {{ width: {SCROLL_BAR_PX}px; background: {p.surface}; margin: 0; }}
QScrollBar::handle:vertical {{ background: {p.muted}; min-height: 96px; border-radius: 12px;
    margin: 4px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QFrame#popup {{ background-color: {p.background}; border: 4px solid {border};
    border-radius: 16px; }}
QLabel[role] {{ background: transparent; }}
*[role="bigButton"], *[role="navButton"] {{ min-height: {MIN_TOUCH_PX + 16 - 22}px; }}
*[role="keepButton"] {{ min-height: {110 - 22}px; }}
"""
