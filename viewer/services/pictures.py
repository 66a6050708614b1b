"""Pictures in a text document, drawn sharp at the size they are shown, in the theme's colours.

An article's pictures are files in the content folder (usually SVG line drawings). A
QTextDocument would load such a file once at its own size and stretch it; here each picture
is drawn (SVG) or scaled (other images) to exactly the width it takes on screen or paper and
put into the document as its resource, so lines and labels stay sharp at every text size and
on a 1200 dpi page.

SVG drawings use a small set of colours (see docs/content.md, "Pictures"); in the
high-contrast theme each is swapped for its counterpart (black for white, yellow for the
blue of the cement ...), so a drawing made for white paper reads as light lines on black.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import (
    QImage,
    QImageReader,
    QPainter,
    QTextCursor,
    QTextDocument,
    QTextFragment,
    QTextImageFormat,
)
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

PICTURE_EMS = 22.0
"""A picture's width on screen in ems of the body text: it grows with the text size."""

HIGH_CONTRAST_COLOURS = {
    "#ffffff": "#000000",  # paper -> black
    "#000000": "#ffffff",  # lines and labels -> white
    "#e9dcc0": "#5c5c5c",  # bone
    "#f3d2b0": "#262626",  # skin
    "#0b4f8a": "#ffff00",  # bone cement, the thing to notice
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def recolour(svg: str, colours: dict[str, str]) -> str:
    """``svg`` with each colour of ``colours`` swapped for its counterpart, in one pass."""
    return _HEX.sub(lambda m: colours.get(m.group(0).lower(), m.group(0)), svg)


def natural_size(path: Path) -> QSize:
    """The picture's own size in pixels (an SVG's width and height); empty if unreadable."""
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        return renderer.defaultSize() if renderer.isValid() else QSize()
    return QImageReader(str(path)).size()


def draw(path: Path, width: int, high_contrast: bool = False) -> QImage | None:
    """The picture at ``width`` device pixels wide (height in proportion), or None (logged)
    when the file cannot be read or drawn."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.warning("Picture %s cannot be read: %s", path, exc)
        return None
    if path.suffix.lower() == ".svg":
        text = data.decode("utf-8", errors="replace")
        if high_contrast:
            text = recolour(text, HIGH_CONTRAST_COLOURS)
        renderer = QSvgRenderer(QByteArray(text.encode("utf-8")))
        size = renderer.defaultSize()
        if not renderer.isValid() or size.isEmpty():
            log.warning("Picture %s is not a drawing the kiosk can show", path)
            return None
        image = QImage(
            width, round(width * size.height() / size.width()), QImage.Format.Format_RGB32
        )
        image.fill(Qt.GlobalColor.black if high_contrast else Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        return image
    image = QImage.fromData(data)
    if image.isNull():
        log.warning("Picture %s is not an image the kiosk can show", path)
        return None
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def document_fragments(document: QTextDocument) -> Iterator[QTextFragment]:
    """Every run of text (or picture) with one format in ``document``, in order."""
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            yield it.fragment()
            it += 1
        block = block.next()


def _pictures(document: QTextDocument) -> Iterator[tuple[int, int, QTextImageFormat]]:
    """(position, length, format) of every picture from a file in ``document``."""
    for fragment in document_fragments(document):
        fmt = fragment.charFormat()
        if fmt.isImageFormat():
            image_fmt = fmt.toImageFormat()
            if QUrl(image_fmt.name()).isLocalFile():
                yield fragment.position(), fragment.length(), image_fmt


def picture_count(document: QTextDocument) -> int:
    """How many pictures from files ``document`` has."""
    return sum(1 for _ in _pictures(document))


def fit_pictures(
    document: QTextDocument,
    width: float,
    max_width: float,
    max_height: float,
    high_contrast: bool = False,
    pixel_ratio: float = 1.0,
) -> int:
    """Show every picture of ``document`` ``width`` px wide (less if it would be wider than
    ``max_width`` or taller than ``max_height``), drawn for ``pixel_ratio`` device pixels per
    px. Returns how many pictures were drawn."""
    drawn = 0
    for position, length, fmt in list(_pictures(document)):
        name = fmt.name()
        path = Path(QUrl(name).toLocalFile())
        size = natural_size(path)
        if size.isEmpty():
            continue
        shown = min(width, max_width, max_height * size.width() / size.height())
        image = draw(path, max(1, round(shown * pixel_ratio)), high_contrast)
        if image is None:
            continue
        image.setDevicePixelRatio(pixel_ratio)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        fmt.setWidth(shown)
        fmt.setHeight(shown * size.height() / size.width())
        cursor.setCharFormat(fmt)
        drawn += 1
    return drawn
