"""Labels that show their text as it is: never rich text, whatever content or settings say.

QLabel guesses rich text from anything that looks like a tag, so an article title, a glossary
meaning or a hospital name with ``<img>`` or ``<b>`` in it would be rendered (a picture from
outside the content folder, a large red line). Every label in the kiosk is made here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows ``text`` literally (``Qt.PlainText``)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
