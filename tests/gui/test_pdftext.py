"""The self-test's PDF text reader agrees with poppler's pdftotext on real handouts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests import pdf
from viewer import config, paths
from viewer.core import pdftext
from viewer.core.articles import open_article
from viewer.core.library import scan_folder
from viewer.selftest import write_handout_pdf
from viewer.ui.theme import load_fonts


def handout(folder: Path, article_id: str, out: Path, **printing) -> Path:
    library = scan_folder(folder)
    cfg = config.Config().replace(printing=config.PrintingSettings(**printing))
    write_handout_pdf(open_article(library.get(article_id)), cfg, library, load_fonts(), out)
    return out


@pdf.needs_poppler
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_text_of_a_multi_page_handout_matches_pdftotext(qapp, tmp_path, paper):
    out = handout(paths.bundled_content_dir(), "vertebroplasty", tmp_path / "v.pdf", paper=paper)
    assert pdf.page_count(out) >= 2
    ours = pdftext.squeeze(pdftext.extract_text(out.read_bytes()))
    theirs = pdftext.squeeze(pdf.text(out))
    # every glyph decoded to the same letter poppler finds (poppler orders a running header
    # by its own reading-order guesses, so the order is checked on the sections below)
    assert len(ours) > 5000 and Counter(ours) == Counter(theirs)
    article = open_article(scan_folder(paths.bundled_content_dir()).get("vertebroplasty"))
    # each title after the one before it (a title's words may also occur in earlier text)
    at = 0
    for section in article.sections:
        at = ours.find(pdftext.squeeze(section.title), at)
        assert at >= 0, section.title
        at += 1


def test_contains_finds_the_title_and_a_sentence_but_not_other_words(qapp, tmp_path, content_dir):
    data = handout(content_dir, "knee", tmp_path / "k.pdf").read_bytes()
    assert pdftext.contains(data, "Knee surgery")
    assert pdftext.contains(data, "Rest for a day. Then slowly return to your normal life.")
    assert pdftext.contains(data, "KNEE   SURGERY")  # case and spacing do not matter
    assert not pdftext.contains(data, "Back pain")


def test_ligatures_and_typographic_quotes_compare_as_plain_letters():
    assert pdftext.squeeze("\ufb01ne “quotes”") == pdftext.squeeze("fine “quotes”")


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path):
    with pytest.raises(pdftext.PdfTextError, match="does not start with %PDF-"):
        pdftext.extract_text(b"<html>not a pdf</html>")


def test_a_damaged_stream_is_reported_not_guessed():
    data = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Page /Contents 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Length 9 /Filter /FlateDecode >>\nstream\nnot-zlib!\nendstream\n"
        b"endobj\n"
    )
    with pytest.raises(pdftext.PdfTextError, match="damaged"):
        pdftext.extract_text(data)
