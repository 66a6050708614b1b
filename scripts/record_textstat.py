"""Record textstat 0.7.4's Flesch-Kincaid figures for every section of the English articles.

``tests/unit/test_readability.py`` compares :mod:`viewer.core.readability` with these figures,
so the kiosk no longer needs textstat (and its ``setuptools<81`` pin). Run it again, in a
virtual environment that has textstat, after the English articles change:

    .venv/bin/pip install "textstat==0.7.4" "setuptools<81"
    .venv/bin/python scripts/record_textstat.py [CONTENT_DIR]

It writes tests/data/textstat-0.7.4.json.

Each entry keeps the section's plain text as ``--check-content`` sees it, so the test does not
depend on the articles staying as they were.
"""

from __future__ import annotations

import json
import sys
import warnings
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.core.articles import open_article  # noqa: E402
from viewer.core.checks import plain_text  # noqa: E402
from viewer.core.library import scan_folder  # noqa: E402
from viewer.core.render import make_renderer  # noqa: E402

OUT = ROOT / "tests" / "data" / "textstat-0.7.4.json"


def main(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # textstat imports pkg_resources
        import textstat
        from textstat.textstat import textstatistics

    exact = textstatistics()
    exact.set_rounding(False)
    render = make_renderer(folder)
    sections = []
    for meta in scan_folder(folder).articles:
        if meta.language != "en":
            continue
        for section in open_article(meta).sections:
            text = plain_text(render(section.markdown))
            sections.append(
                {
                    "article": meta.id,
                    "section": section.title,
                    "text": text,
                    "words": textstat.lexicon_count(text),
                    "sentences": textstat.sentence_count(text),
                    "syllables": textstat.syllable_count(text),
                    "grade": textstat.flesch_kincaid_grade(text),
                    "grade_unrounded": exact.flesch_kincaid_grade(text),
                }
            )
    record = {"textstat": version("textstat"), "sections": sections}
    OUT.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stderr.write(f"{len(sections)} sections written to {OUT}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content")
