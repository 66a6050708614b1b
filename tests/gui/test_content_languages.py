"""The bundled Spanish translations print as the checker promises: a real PDF (poppler)."""

from __future__ import annotations

from pathlib import Path

from tests import pdf
from tests.gui.test_handout_pdf import ENGLISH_TEMPLATE, export
from viewer.core.articles import open_article
from viewer.core.library import scan_folder

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pdf.needs_poppler


def test_a_translation_exports_by_its_file_name_with_its_glossary_and_pictures(
    tmp_path: Path,
) -> None:
    out = tmp_path / "vertebroplastia.pdf"
    done = export(out, "--article", "vertebroplasty.es")
    assert done.returncode == 0, done.stderr
    text = pdf.text(out)
    meta = scan_folder(ROOT / "content").get("vertebroplasty", "es")
    assert meta is not None
    for section in open_article(meta).sections:
        assert " ".join(section.title.split()) in text
    assert "Vertebroplastia Borrador:" in pdf.text(out, 1)
    # The Spanish glossary, not the English one, explains the words the article uses.
    assert "Vértebra: Uno de los huesos pequeños que forman la columna." in text
    assert "One of the small bones" not in text
    # The three drawings, each with its Spanish caption.
    assert len(pdf.image_widths(out)) >= 3
    for caption in (
        "Un hueso de la columna sano y uno aplastado",
        "Boca abajo para el procedimiento",
        "La aguja pone cemento en el hueso roto",
    ):
        assert caption in text
    # No English word of the handout's template; the references are citations of English
    # papers ("2010 May;48(3)") and stay as published.
    for reference in meta.references:
        assert reference in text
        text = text.replace(reference, "")
    assert not ENGLISH_TEMPLATE.findall(text)
