"""The one rule, held by generated content: whatever ``--check-content`` accepts, the kiosk
can show, read aloud and print.

Hypothesis writes content folders (articles with nesting, long lists, tables, code, odd
Unicode, HTML fragments, images and links, plus a glossary) and every article the check
accepts goes through the kiosk's own path: the screen renderer with the glossary, the read
aloud sentences of each section and the handout. The seed is fixed (printed in pytest's
header) and the number of examples bounded, so CI runs the same cases every time.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from tests.unit.test_images import png
from viewer.config import BrandingSettings
from viewer.core.articles import open_article
from viewer.core.glossary import load_glossary
from viewer.core.handout import build_handout
from viewer.core.library import check_folder, scan_folder
from viewer.core.render import make_renderer, section_html
from viewer.core.speech_text import section_utterances

SEED = 20261201
EXAMPLES = 60

ODD = (
    "\u0301\u200b\u200d\u202e\u2066\u00a0\ufeff\u0000\u0007\ufffd\U0001f600\u05d0\u0627"
    "\u4e2d\u00e9\u00df\u2028\u2029\t"
)
MARKUP = "*_`[]()!#>-+|<>&\\~=:."
WORDS = ["vertebra", "Vertebrae", "bone cement", "bones", "x-ray", "a", "cafe\u0301"]
word = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.sampled_from("abcdefghijkl vertebra" + ODD + MARKUP), max_size=30),
)
line = st.lists(word, min_size=1, max_size=8).map(" ".join)
HTML = st.sampled_from(
    [
        "<b>bold</b>",
        "<img src='pic.png'>",
        "<script>alert(1)</script>",
        "<!-- note -->",
        "&amp; &lt;",
        "<div>\n\ntext\n\n</div>",
        "<a href='http://x'>x</a>",
        "<span style='color:red'>Call now</span>",
    ]
)
IMAGE = st.sampled_from(
    [
        "![A spine](pic.png)",
        "![](pic.png)",
        "![Gone](missing.png)",
        "![Far](../outside.png)",
        "![Web](https://example.com/x.png)",
        "[the other topic](other.md)",
        "[nowhere](nowhere.md)",
        "<https://example.com>",
    ]
)


@st.composite
def nested(draw: st.DrawFn) -> str:
    depth = draw(st.one_of(st.integers(1, 12), st.integers(300, 500)))
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "> ", "> - "]))
    indent = draw(st.sampled_from(["", "    ", "  ", "\t"]))
    items = [f"{indent * i}{marker}{draw(line)}" for i in range(depth)]
    if draw(st.booleans()):
        items = [marker * depth + draw(line)]
    return "\n".join(items)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 6, 7, 8]))
    if kind == 0:
        return draw(line)
    if kind == 1:
        return draw(nested())
    if kind == 2:
        n = draw(st.integers(1, 300))
        return "\n".join(f"- item {i} {draw(word)}" for i in range(n))
    if kind == 3:
        cols = draw(st.integers(1, 5))
        rows = [" | ".join(draw(word) for _ in range(cols)) for _ in range(draw(st.integers(1, 6)))]
        return "\n".join([rows[0], " | ".join(["---"] * cols), *rows[1:]])
    if kind == 4:
        fence = draw(st.sampled_from(["```", "~~~", "    "]))
        code = draw(st.lists(line, min_size=1, max_size=5))
        if fence == "    ":
            return "\n".join("    " + c for c in code)
        return "\n".join([fence, *code, fence])
    if kind == 5:
        return f"{draw(line)} {draw(HTML)} {draw(line)}"
    if kind == 6:
        return f"{draw(line)} {draw(IMAGE)}"
    if kind == 7:
        return f"## {draw(line)}"
    return draw(st.sampled_from(["---", "***", "#", "##", "###### x", "[x]: other.md", ""]))


body = st.lists(block(), min_size=1, max_size=6).map("\n\n".join)
meta_value = st.text(alphabet=st.sampled_from("Ab <>&" + ODD), min_size=1, max_size=20)


@st.composite
def glossary_toml(draw: st.DrawFn) -> str:
    terms = []
    for _ in range(draw(st.integers(0, 4))):
        w = draw(st.sampled_from(["vertebra", " vertebra ", "Vertebra", " bone  cement", "a", ""]))
        also = draw(st.lists(st.sampled_from(["vertebrae", " ", "bones ", "VERTEBRA"]), max_size=3))
        meaning = draw(st.sampled_from(["A bone.", "<b>Call</b> now", "", "x" * 500]))
        terms.append(
            "[[term]]\n"
            f"word = {json.dumps(w, ensure_ascii=False)}\n"
            f"also = {json.dumps(also, ensure_ascii=False)}\n"
            f"meaning = {json.dumps(meaning, ensure_ascii=False)}\n"
        )
    return "\n".join(terms)


def write_folder(folder: Path, bodies: list[str], title: str, glossary: str) -> None:
    (folder / "pic.png").write_bytes(png())
    (folder / "glossary.toml").write_text(glossary, encoding="utf-8")
    names = ["other", *(f"a{n}" for n in range(1, len(bodies)))]
    for name, text in zip(names, bodies, strict=True):
        head = f"---\ntitle: {title} {name}\nlanguage: en\nrelated: other, gone\n---\n"
        (folder / f"{name}.md").write_text(head + text + "\n", encoding="utf-8")


def kiosk_shows_reads_and_prints(folder: Path, accepted: list[Path]) -> None:
    """The kiosk's own path (not the checker's code) for every accepted article."""
    library = scan_folder(folder)
    glossary = load_glossary(folder)
    ids = set(library.ids())
    for meta in library.articles:
        if meta.path not in accepted:
            continue
        article = open_article(meta)
        screen = make_renderer(folder, ids, glossary)
        for section in article.sections:
            page = section_html(section.title, screen(section.markdown))
            section_utterances(page)
        build_handout(article, BrandingSettings(), make_renderer(folder, ids), glossary)


@seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(bodies=st.lists(body, min_size=1, max_size=3), title=meta_value, glossary=glossary_toml())
def test_what_the_check_accepts_the_kiosk_shows_reads_and_prints(
    bodies: list[str], title: str, glossary: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_folder(folder, bodies, title, glossary)
        problems = check_folder(folder, today=None)  # never raises: a traceback fails here
        rejected = {p.path for p in problems if p.severity == "error"}
        accepted = [p for p in sorted(folder.glob("*.md")) if p not in rejected]
        # The kiosk lists no file the check rejects for what it can see cheaply (the rest it
        # renders in full before first showing them: tests/gui/test_hardening.py)...
        event(f"accepted {len(accepted)} of {len(bodies)}")
        listed = {m.path for m in scan_folder(folder).articles}
        assert listed >= set(accepted)
        # ...and shows, reads and prints every accepted article without a fault.
        kiosk_shows_reads_and_prints(folder, accepted)
