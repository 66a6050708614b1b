"""Handout PDFs as staff and IT get them: their text, pages, print size, paper and colours."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pdf
from viewer import config, paths
from viewer.core.articles import open_article
from viewer.core.library import scan_folder
from viewer.core.speech_text import blocks_from_html
from viewer.services.printing import PICTURE_SHARE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pdf.needs_poppler


def export(
    out: Path, *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``kiosk --export-pdf`` as IT would: a new process with no display at all."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["KIOSK_CONFIG"] = str(out.parent / "no-config.toml")
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "viewer", "--export-pdf", str(out), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def bundled_handouts(tmp_path_factory) -> dict[str, Path]:
    """The bundled vertebroplasty article exported in normal and in large print."""
    folder = tmp_path_factory.mktemp("handouts")
    out = {}
    for kind, extra in (("normal", []), ("large", ["--large-print"])):
        path = folder / f"vertebroplasty-{kind}.pdf"
        done = export(path, "--article", "vertebroplasty", *extra)
        assert done.returncode == 0, done.stderr
        assert f"Wrote {path}" in done.stdout
        out[kind] = path
    return out


def bundled_article():
    library = scan_folder(paths.bundled_content_dir())
    meta = library.get("vertebroplasty")
    assert meta is not None, library.problems
    return open_article(meta)


@pytest.mark.parametrize("kind", ["normal", "large"])
def test_exported_handout_has_the_whole_branded_article(bundled_handouts, kind) -> None:
    path = bundled_handouts[kind]
    article = bundled_article()
    meta = article.meta
    text = pdf.text(path)
    brand = config.BrandingSettings()
    first = pdf.text(path, 1)
    assert brand.hospital_name in first and brand.location in first
    for phone in brand.phones:
        assert phone in first
    assert meta.title in first
    # A draft says so on page 1, next to the emergency notice; nothing claims a review.
    assert "Draft: the hospital's doctors and nurses have not checked this article yet." in first
    assert " ".join(meta.notice.split()) in first
    assert "Checked by" not in text and "reviewed" not in text.lower()
    for section in article.sections:
        assert section.title in text, section.title
    assert "Where this information comes from" in text
    for reference in meta.references:
        assert " ".join(reference.split())[:60] in text, reference
    assert " ".join(meta.notice.split()) in text
    assert "Words used in this handout" in text
    pages = pdf.page_count(path)
    assert pages >= 2
    for n in range(1, pages + 1):
        page_text = pdf.text(path, n)
        assert f"Page {n} of {pages}" in page_text
        assert "Printed " in page_text
        body = [
            line
            for line in pdf.lines(path, n)
            if f"Page {n} of" not in line
            and not line.startswith(meta.title + " ·")
            and line != f"{brand.hospital_name} · {meta.title}"
        ]
        assert body, f"page {n} has nothing but its header and footer"
    # no page ends with a heading whose text is on the next page
    titles = {s.title for s in article.sections} | {
        "Words used in this handout",
        "Where this information comes from",
    }
    for n in range(1, pages):
        body = [
            line
            for line in pdf.lines(path, n)
            if f"Page {n} of" not in line and not line.startswith(meta.title + " ·")
        ]
        assert body[-1] not in titles, (n, body[-3:])
    # screen furniture stays on the screen
    for control in ("Next:", "A+", "Read aloud", "Contrast", "Section 1 of"):
        assert control not in text


def test_large_print_letters_are_half_as_big_again_and_need_more_pages(bundled_handouts):
    normal, large = bundled_handouts["normal"], bundled_handouts["large"]
    ratio = pdf.median_word_height(large) / pdf.median_word_height(normal)
    assert ratio >= 1.4, ratio  # 18 pt against 12 pt is 1.5
    assert pdf.page_count(large) > pdf.page_count(normal)


def test_export_is_letter_by_default_and_a4_by_configuration(tmp_path, content_dir) -> None:
    letter = tmp_path / "letter.pdf"
    assert export(letter, "--article", "knee", "--content", str(content_dir)).returncode == 0
    assert "(letter)" in pdf.info(letter)["Page size"]
    cfg = tmp_path / "a4.toml"
    cfg.write_text('[printing]\npaper = "a4"\n', encoding="utf-8")
    a4 = tmp_path / "a4.pdf"
    done = export(a4, "--article", "knee", "--content", str(content_dir), "--config", str(cfg))
    assert done.returncode == 0, done.stderr
    assert "(A4)" in pdf.info(a4)["Page size"]


@pytest.mark.parametrize(
    "case", ["unknown article", "missing folder", "a folder", "no article given"]
)
def test_export_problems_are_one_sentence_and_exit_2(tmp_path, content_dir, case) -> None:
    args = {
        "unknown article": (tmp_path / "x.pdf", ["--article", "elbow"]),
        "missing folder": (tmp_path / "nowhere" / "x.pdf", ["--article", "knee"]),
        "a folder": (tmp_path, ["--article", "knee"]),
        "no article given": (tmp_path / "x.pdf", []),
    }[case]
    done = export(args[0], *args[1], "--content", str(content_dir))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kiosk: "), done.stderr
    expected = {
        "unknown article": "no article 'elbow'",
        "missing folder": "does not exist",
        "a folder": "it is a folder",
        "no article given": "--article ID",
    }[case]
    assert expected in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_handout_is_black_on_white_even_in_the_high_contrast_theme(window, tmp_path) -> None:
    window.reader.open_article("knee")
    window.reader.toggle_theme()
    assert window.reader.theme_name == "high-contrast"
    saved = window.printing.save_pdf(tmp_path / "knee.pdf")
    assert saved == tmp_path / "knee.pdf"
    assert "Knee surgery" in pdf.text(saved)
    pixels = pdf.ppm_pixels(pdf.render(saved, 1, tmp_path / "page"))
    assert all(max(p) - min(p) <= 12 for p in pixels), "colour on a black-and-white handout"
    white = sum(1 for p in pixels if min(p) >= 245) / len(pixels)
    assert white > 0.8  # white paper, not a black page
    assert 0.005 < pdf.ink_fraction(pixels) < 0.2  # with black text on it


def test_staff_save_pdf_with_a_bad_path_says_why_on_screen(window, tmp_path) -> None:
    window.reader.open_article("knee")
    assert window.printing.save_pdf(tmp_path / "missing" / "k.pdf") is None
    assert window.popup.isVisible()
    assert "does not exist" in window.popup.text.text()


def test_a_picture_wider_than_the_paper_is_shrunk_to_the_text_width(tmp_path, content_dir):
    from PySide6.QtGui import QColor, QImage

    picture = QImage(3000, 1000, QImage.Format.Format_RGB32)
    picture.fill(QColor("#808080"))
    assert picture.save(str(content_dir / "wide.png"))
    (content_dir / "pics.md").write_text(
        "---\ntitle: Pictures\nlanguage: en\n---\nA wide one:\n\n![Wide](wide.png)\n\nAfter.\n",
        encoding="utf-8",
    )
    out = tmp_path / "pics.pdf"
    done = export(out, "--article", "pics", "--content", str(content_dir))
    assert done.returncode == 0, done.stderr
    text_width = 612 - 2 * 18 / 25.4 * 72  # Letter less the 18 mm side margins
    widths = pdf.image_widths(out)
    assert len(widths) >= 2  # the logo and the picture
    # 60% of the text width: big enough to read, narrow enough to leave room for text.
    assert abs(max(widths) - text_width * PICTURE_SHARE) < 2, widths
    assert "After." in pdf.text(out)


def test_no_heading_ends_a_page_and_no_line_prints_twice(qapp, tmp_path, content_dir) -> None:
    from viewer.core.articles import read_meta
    from viewer.core.handout import build_handout
    from viewer.core.render import make_renderer
    from viewer.services.printing import HandoutDocument, write_pdf
    from viewer.ui.theme import load_fonts

    family = load_fonts()
    for count in range(10, 40):  # moves the heading line by line across the page's end
        body = "\n\n".join(f"Short line number {n}." for n in range(count))
        path = content_dir / "long.md"
        path.write_text(
            f"---\ntitle: Long\nlanguage: en\n---\n{body}\n\n## Tail heading\n\nThe tail text.\n",
            encoding="utf-8",
        )
        handout = build_handout(
            open_article(read_meta(path)),
            config.BrandingSettings(),
            make_renderer(content_dir),
            with_logo=False,
        )
        document = HandoutDocument(handout, family, None)
        out = tmp_path / f"long-{count}.pdf"
        write_pdf(out, document.pdf_bytes("letter"))
        for n in range(1, document.page_count):
            body_lines = [
                line
                for line in pdf.lines(out, n)
                if "Page " not in line and not line.startswith("Long ·")
            ]
            assert body_lines[-1] != "Tail heading", (count, n)
        # the last page is never blank: it has the end of the text
        assert "The tail text." in pdf.text(out, document.page_count), count
        assert pdf.page_count(out) == document.page_count
        words = pdf.text(out)
        for n in range(count):  # a line at a page break is on one page only
            assert words.count(f"Short line number {n}.") == 1, (count, n)


def handout_of_bundled_article(large: bool):
    from viewer.core.glossary import load_glossary
    from viewer.core.handout import build_handout
    from viewer.core.render import make_renderer

    folder = paths.bundled_content_dir()
    return build_handout(
        bundled_article(),
        config.BrandingSettings(),
        make_renderer(folder, {"vertebroplasty", "how-to-use"}),
        load_glossary(folder),
        large_print=large,
    )


@pytest.mark.parametrize("kind", ["normal", "large"])
def test_list_items_and_glossary_entries_stay_on_one_page_and_nothing_prints_twice(
    bundled_handouts, kind
) -> None:
    path = bundled_handouts[kind]
    handout = handout_of_bundled_article(kind == "large")
    pages = [pdf.text(path, n) for n in range(1, pdf.page_count(path) + 1)]
    blocks = blocks_from_html(handout.html.split("</style>")[1])
    items = [b.text for b in blocks if b.kind == "item"]
    assert len(items) > 60  # the article's lists, the glossary and the references
    assert any(i.startswith("Allergic reaction: ") for i in items)
    for item in items:
        assert any(item in page for page in pages), f"split across pages: {item!r}"
    # The PDF's text has every word of the handout once: no line is repeated at a page
    # break. Only the running header, the footer and the numbers of numbered lists come on
    # top.
    words = re.compile(r"\w+(?:-\w+)*")  # pdftotext joins "X-" and "ray" at a line's end
    expected = sum(len(words.findall(b.text)) for b in blocks if b.kind != "picture")
    furniture = sum(
        len(words.findall(f"{handout.footer} Page {n} of {len(pages)}"))
        + (len(words.findall(handout.header)) if n > 1 else 0)
        for n in range(1, len(pages) + 1)
    )
    numbers = sum(o.count("<li") for o in re.findall(r"<ol.*?</ol>", handout.html, re.S))
    assert numbers == 7  # 5 steps, 2 references
    assert sum(len(words.findall(page)) for page in pages) == expected + furniture + numbers


def test_the_pictures_print_at_a_readable_size(bundled_handouts) -> None:
    text_width = 612 - 2 * 18 / 25.4 * 72
    widths = pdf.image_widths(bundled_handouts["normal"])
    pictures = [w for w in widths if w > 100]  # the logo is about an inch
    assert len(pictures) == 3
    assert all(abs(w - text_width * PICTURE_SHARE) < 2 for w in pictures), widths


def test_contact_numbers_print_at_body_size_on_page_1(bundled_handouts) -> None:
    path = bundled_handouts["normal"]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    height = {
        word: float(y2) - float(y1)
        for y1, y2, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>',
            boxes,
        )
    }
    body = pdf.median_word_height(path)
    for number in ("314-434-1500", "314-205-6990", "888-924-9200"):
        assert abs(height[number] - body) < 0.5, (number, height[number], body)


SPANISH_CONTENT = ROOT / "tests" / "data" / "spanish"
SPANISH_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
# Every English word our handout template can print; none may be on a Spanish handout.
ENGLISH_TEMPLATE = re.compile(
    r"\b(Overview|Page|Printed|Please note|Words used|Where this information|Draft|Checked by|"
    r"Written or last updated|Main number|Emergency Department|Patient billing|"
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)


def spanish_footer(title: str, n: int, pages: int) -> re.Pattern[str]:
    """The footer of page ``n``: the title, "Impreso el <a Spanish date>", "Página n de N"."""
    months = SPANISH_MONTHS.replace(" ", "|")
    return re.compile(
        rf"{re.escape(title)} · Impreso el \d{{1,2}} de ({months}) de \d{{4}} "
        rf"Página {n} de {pages}"
    )


def check_spanish_handout(out: Path, meta) -> str:
    """Page 1 as a Spanish handout has it, a Spanish footer on every page, every section's
    heading, and no English word of the template; returns the PDF's text."""
    pages = pdf.page_count(out)
    first = pdf.text(out, 1)
    assert first.startswith("St. Luke's Hospital Chesterfield, MO Teléfono principal: 314-434")
    assert "Sala de Emergencias: 314-205-6990" in first
    assert "Facturación para pacientes: 888-924-9200" in first
    assert f"{meta.title} Borrador: los médicos y las enfermeras del hospital" in first
    assert "Escrito o actualizado por última vez el " in first
    assert f"Tenga en cuenta: {' '.join(meta.notice.split())}" in first
    text = pdf.text(out)
    for section in open_article(meta).sections:
        assert section.title in text, section.title
    assert "Palabras usadas en esta hoja" in text
    assert "De dónde viene esta información" in text
    for n in range(1, pages + 1):
        footer = " ".join(pdf.lines(out, n)[-2:])  # the title and date, and the page number
        assert spanish_footer(meta.title, n, pages).fullmatch(footer), footer
    ours = text
    for reference in meta.references:  # citations of English journals are quoted as written
        ours = ours.replace(" ".join(reference.split()), "")
    assert not ENGLISH_TEMPLATE.findall(ours)
    return text


@pytest.mark.parametrize("kind", ["normal", "large"])
def test_a_spanish_article_exports_a_spanish_handout(tmp_path, kind) -> None:
    out = tmp_path / f"rodilla-{kind}.pdf"
    extra = ["--large-print"] if kind == "large" else []
    done = export(out, "--article", "rodilla", "--content", str(SPANISH_CONTENT), *extra)
    assert done.returncode == 0, done.stderr
    meta = scan_folder(SPANISH_CONTENT).get("rodilla")
    text = check_spanish_handout(out, meta)
    assert "Escrito o actualizado por última vez el 20 de noviembre de 2026." in text
    assert "Información general" in text  # the untitled opening part
    assert "Palabras usadas en esta hoja Rodilla: La articulación en el medio" in text
    assert "De dónde viene esta información Escrito para las pruebas del quiosco." in text


@pytest.mark.parametrize("kind", ["normal", "large"])
def test_the_bundled_spanish_article_prints_in_spanish(tmp_path, kind) -> None:
    out = tmp_path / f"vertebroplastia-{kind}.pdf"
    extra = ["--large-print"] if kind == "large" else []
    done = export(out, "--article", "vertebroplasty.es", *extra)
    assert done.returncode == 0, done.stderr
    meta = scan_folder(paths.bundled_content_dir()).get("vertebroplasty", "es")
    assert meta is not None and meta.title == "Vertebroplastia"
    text = check_spanish_handout(out, meta)
    assert pdf.page_count(out) >= 3
    # the Spanish glossary's meanings, not the English ones
    assert "Vértebra: Uno de los huesos pequeños que forman la columna." in text
    assert "One of the small bones" not in text
