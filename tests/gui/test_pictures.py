"""Pictures on the article screen: sharp at every text size, in both themes, read aloud;
and the review status a patient sees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QTextDocument

from tests.gui.test_read_aloud import next_audio, start_reading
from viewer.config import FONT_STEPS
from viewer.core.speech_text import OBJECT_CHAR
from viewer.paths import bundled_content_dir
from viewer.services.pictures import PICTURE_EMS

DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"
  viewBox="0 0 400 200">
  <rect x="0" y="0" width="400" height="200" fill="#ffffff"/>
  <rect x="150" y="50" width="100" height="100" fill="#0b4f8a" stroke="#000000"
    stroke-width="8"/>
</svg>
"""


def picture_article(folder: Path) -> None:
    (folder / "square.svg").write_text(DRAWING, encoding="utf-8")
    (folder / "pics.md").write_text(
        "---\ntitle: Pictures\nlanguage: en\nupdated: 2026-11-01\n---\n"
        "Before the picture.\n\n"
        '![A blue square in a black frame.](square.svg "The square")\n\n'
        "After the picture.\n",
        encoding="utf-8",
    )


def shown_pictures(window) -> list[tuple[float, float, QColor, QColor, int]]:
    """(width, height, background colour, centre colour, image width in device pixels) of
    each picture in the reading pane, as its document draws it."""
    doc = window.article_page.text.document()
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image_fmt = fmt.toImageFormat()
                image = doc.resource(
                    QTextDocument.ResourceType.ImageResource, QUrl(image_fmt.name())
                )
                out.append(
                    (
                        image_fmt.width(),
                        image_fmt.height(),
                        image.pixelColor(2, 2),
                        image.pixelColor(image.width() // 2, image.height() // 2),
                        image.width(),
                    )
                )
            it += 1
        block = block.next()
    return out


def test_a_picture_grows_with_the_text_and_is_drawn_sharp(qtbot, make_window, content_dir):
    picture_article(content_dir)
    window = make_window(content_dir)
    window.reader.open_article("pics")
    text = window.article_page.text

    def ems() -> float:  # the picture's width in ems of the text as the pane shows it
        return shown_pictures(window)[0][0] / (text.font().pointSizeF() * text.logicalDpiY() / 72)

    # once the full-screen window has laid the pane out, the picture is 22 ems wide
    qtbot.waitUntil(lambda: abs(ems() - PICTURE_EMS) < 0.05)
    [(width, height, *_rest, pixels)] = shown_pictures(window)
    assert abs(height - width / 2) < 1  # in proportion
    assert pixels == round(width * text.devicePixelRatioF())  # drawn for its size, not stretched
    window.reader.set_font_step(FONT_STEPS.index(150))
    [(bigger, *_rest, pixels)] = shown_pictures(window)
    assert abs(ems() - PICTURE_EMS) < 0.05 and bigger > width * 1.4  # it grew with the text
    assert pixels == round(bigger * text.devicePixelRatioF())
    window.reader.set_font_step(len(FONT_STEPS) - 1)  # 250%: as wide as the pane allows
    [(largest, *_rest)] = shown_pictures(window)
    assert largest <= text.viewport().width() - 2 * text.document().documentMargin()
    assert largest > bigger
    plain = text.document().toPlainText()
    assert plain.index(OBJECT_CHAR) < plain.index("The square") < plain.index("After the")


def test_a_picture_takes_the_colours_of_the_theme(make_window, content_dir) -> None:
    picture_article(content_dir)
    window = make_window(content_dir)
    window.reader.open_article("pics")
    [(*_size, paper, middle, _pixels)] = shown_pictures(window)
    assert paper == QColor("#ffffff") and middle == QColor("#0b4f8a")
    window.commands.toggle_theme.trigger()
    [(*_size, paper, middle, _pixels)] = shown_pictures(window)
    assert paper == QColor("#000000") and middle == QColor("#ffff00")
    # What the patient sees: the pane's pixels where the picture is are black, not white.
    shot = window.article_page.text.viewport().grab().toImage()
    assert shot.pixelColor(shot.width() // 2, 10) == QColor("#000000")


def test_a_picture_is_read_aloud_as_picture_and_its_description(
    qtbot, make_window, content_dir, fake_speech
):
    picture_article(content_dir)
    window = make_window(content_dir)
    ra = start_reading(qtbot, window, "pics")
    player = fake_speech.players[0]
    heard = []
    while ra.speech.active:
        heard.append(ra.highlighted_text())
        next_audio(qtbot, ra, player)
    said = fake_speech.engines[0].said()
    assert said[:5] == [
        "Overview",
        "Draft: the hospital's doctors and nurses have not checked this article yet.",
        "Before the picture.",
        "Picture: A blue square in a black frame.",
        "The square",
    ]
    assert heard[3] == OBJECT_CHAR  # the picture itself is highlighted while it is described


def test_the_screen_says_draft_until_a_review_is_recorded(make_window, content_dir) -> None:
    picture_article(content_dir)
    window = make_window(content_dir)
    window.reader.open_article("pics")
    plain = window.article_page.text.document().toPlainText()
    draft = "Draft: the hospital's doctors and nurses have not checked this article yet."
    assert plain.splitlines()[1] == draft  # right under the first heading
    assert plain.rstrip().endswith(
        f"Review status\n{draft}\nWritten or last updated on November 1, 2026."
    )
    window.reader.open_article("knee", 3)  # reviewed: the last section says by whom and when
    plain = window.article_page.text.document().toPlainText()
    assert "Draft" not in plain
    assert plain.rstrip().endswith(
        "Review status\nChecked by Test Reviewer, RN on November 24, 2026.\n"
        "Written or last updated on November 20, 2026."
    )
    window.reader.open_article("knee", 0)
    assert "Draft" not in window.article_page.text.document().toPlainText()


def test_every_bundled_picture_is_shown_in_both_themes(make_window) -> None:
    window = make_window(bundled_content_dir())
    seen = 0
    for theme_name in ("standard", "high-contrast"):
        if window.reader.theme_name != theme_name:
            window.commands.toggle_theme.trigger()
        assert window.reader.open_article("vertebroplasty")
        for index in range(len(window.reader.article.sections)):
            window.reader.show_section(index)
            for width, height, paper, *_ in shown_pictures(window):
                assert width > 300 and height > 150
                assert paper == QColor("#ffffff" if theme_name == "standard" else "#000000")
                seen += 1
    assert seen == 2 * 3


def test_a_tile_shows_the_articles_icon_over_its_first_picture(make_window, content_dir):
    picture_article(content_dir)  # its first picture: a blue square on white
    icon = DRAWING.replace("#0b4f8a", "#000000").replace('fill="#ffffff"', 'fill="#000000"', 1)
    (content_dir / "icon.svg").write_text(icon, encoding="utf-8")  # all black
    article = content_dir / "pics.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("---\n", "---\nicon: icon.svg\n", 1),
        encoding="utf-8",
    )
    window = make_window(content_dir)
    tile = next(t for t in window.home_page.tiles if t.article_id == "pics")
    image = tile.picture.pixmap().toImage()
    corner = image.pixelColor(4, 4)
    assert corner.lightness() < 40, corner.name()  # the icon's black, not the picture's white
