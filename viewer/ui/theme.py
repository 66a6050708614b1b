"""Colours, fonts and the application style sheet for the two themes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

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
    "bigButton": (22.0, "button"),
    "keepButton": (30.0, "button"),
    "navButton": (CONTROL_POINT_SIZE, "button"),
    # Staff's cards keep one size: staff choose no text size.
    "staffDots": (36.0, "fixed"),
    "staffText": (20.0, "fixed"),
    "staffNote": (18.0, "fixed"),
}
HEADING_OVER_BODY = 1.3  # a heading is at least this much bigger than the body text


def set_role(widget, role: str) -> None:
    """Give a widget's text one of the TEXT_ROLES: the style sheet sizes it."""
    assert role in TEXT_ROLES, role
    widget.setProperty("role", role)


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


def load_fonts() -> str:
    """Register the bundled Atkinson Hyperlegible font; return the family to use."""
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
    """Apply a theme and the chosen text size (``percent``) to the whole application."""
    global _percent, _theme
    _percent, _theme = percent, p.name
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
    font = QFont(family)
    font.setPointSizeF(CONTROL_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(stylesheet(p, family, percent))


def stylesheet(p: Palette, family: str, percent: int) -> str:
    """The application's style sheet: one theme, every text sized for ``percent``."""
    border = p.accent_text if p.name == "high-contrast" else p.accent
    roles = "\n".join(
        f'*[role="{role}"] {{ font-size: {role_point_size(role, percent):.1f}pt; }}'
        for role in TEXT_ROLES
    )
    return f"""
QWidget {{ background-color: {p.background}; color: {p.text}; }}
QLabel, QListWidget {{ font-family: "{family}"; font-size: {text_point_size(percent):.1f}pt; }}
QPushButton, QToolButton {{ font-family: "{family}";
    font-size: {button_point_size(percent):.1f}pt; }}
QPushButton, QToolButton {{
    background-color: {p.accent}; color: {p.accent_text}; border: 3px solid {border};
    border-radius: 10px; padding: 8px 18px; min-height: {MIN_TOUCH_PX - 22}px;
    min-width: {MIN_TOUCH_PX - 42}px; font-weight: bold;
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
QLabel#muted {{ color: {p.muted}; }}
QTextBrowser {{ border: none; font-family: "{family}";
    font-size: {body_point_size(percent):.2f}pt; }}
QScrollBar:vertical {{ width: {SCROLL_BAR_PX}px; background: {p.surface}; margin: 0; }}
QScrollBar::handle:vertical {{ background: {p.muted}; min-height: 96px; border-radius: 12px;
    margin: 4px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QFrame#popup {{ background-color: {p.background}; border: 4px solid {border};
    border-radius: 16px; }}
QLabel[role] {{ background: transparent; }}
*[role="hospital"], *[role="articleTitle"], *[role="tileTitle"], *[role="prompt"],
*[role="cardHeading"], *[role="attractInvitation"], *[role="position"] {{ font-weight: bold; }}
*[role="bigButton"], *[role="navButton"] {{ min-height: {MIN_TOUCH_PX + 16 - 22}px; }}
*[role="keepButton"] {{ min-height: {110 - 22}px; }}
{roles}
"""
