"""Markdown to safe HTML for the screen and the handout (no Qt).

- Raw HTML in the markdown is shown as text, never interpreted (no scripts, forms, iframes).
- Links and images may only point inside the content folder. A link to another article
  (or to one of its translations) becomes ``article:<topic id>``; a link to the outside
  world becomes plain text; an image outside the folder, remote, missing or one that cannot
  be decoded within limits (:mod:`viewer.core.images`) becomes its alt text.
- Glossary words are found automatically and become ``term:<word>`` links.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.treeprocessors import Treeprocessor

from viewer.core.articles import ArticleMeta, topic_and_language
from viewer.core.glossary import Glossary
from viewer.core.images import image_problem

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NO_TERMS_IN = frozenset({"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})

MAX_NESTING = 8
"""Deepest nesting of lists and quotes a line may have. python-markdown parses nesting by
recursion: a few hundred levels raise RecursionError after seconds of work; a patient
handout never needs more than three."""
_NEST_MARKER = re.compile(r"[ ]*(?:>|[-*+](?=[ ]|$)|\d{1,9}[.)](?=[ ]|$))[ ]?")
_THEMATIC_BREAK = re.compile(r"^[ ]*([-*_])(?:[ ]*\1){2,}[ ]*$")


class TooDeep(ValueError):
    """Markdown nested deeper than :data:`MAX_NESTING`; ``line`` is 0-based in the text."""

    def __init__(self, line: int, depth: int) -> None:
        super().__init__(
            f"lists or quotes are nested {depth} levels deep; the kiosk shows at most "
            f"{MAX_NESTING}: flatten them"
        )
        self.line = line
        self.depth = depth


def line_depth(line: str) -> int:
    """How deeply a line nests lists and quotes: its markers plus its indentation in fours."""
    line = line.expandtabs(4)
    if not line.strip() or _THEMATIC_BREAK.match(line):
        return 0
    indent = len(line) - len(line.lstrip(" "))
    depth, pos = indent // 4, indent
    while (m := _NEST_MARKER.match(line, pos)) and m.end() > pos:
        depth += 1
        pos = m.end()
    return depth


def check_depth(text: str) -> None:
    """Raise :class:`TooDeep` for the first line nested deeper than :data:`MAX_NESTING`.

    Cheap (a regular expression per line) and run before python-markdown sees the text.
    """
    for n, line in enumerate(text.split("\n")):
        depth = line_depth(line)
        if depth > MAX_NESTING:
            raise TooDeep(n, depth)


FIRST_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def first_picture(body: str, folder: Path) -> Path | None:
    """The file of the first picture in an article's markdown ``body`` (inside ``folder``),
    or None when it has none."""
    match = FIRST_PICTURE.search(body)
    return resolve_inside(folder, match.group(1)) if match else None


def tile_picture_path(meta: ArticleMeta) -> Path | None:
    """The picture for an article's home tile: its ``icon:`` when it names one, else the
    first picture in its text; None when it has neither."""
    folder = meta.path.parent
    if meta.icon:
        return resolve_inside(folder, meta.icon)
    return first_picture(meta.body, folder)


def resolve_inside(folder: Path, target: str) -> Path | None:
    """Resolve a relative link target against ``folder``; None when it leaves the folder.

    Targets with a scheme (http:, file:, javascript: ...) or a host (``//x``) are outside.
    """
    target = target.strip()
    if not target or _SCHEME.match(target) or target.startswith(("//", "\\\\")):
        return None
    path_part = unquote(urlsplit(target).path)
    if not path_part:
        return None
    root = folder.resolve()
    candidate = (root / path_part).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate


class _SafeLinks(Treeprocessor):
    """Rewrite links, images and glossary words (see module docstring)."""

    def __init__(
        self, md: markdown.Markdown, folder: Path, article_ids: set[str], glossary: Glossary | None
    ) -> None:
        super().__init__(md)
        self.folder = folder
        self.article_ids = article_ids
        self.glossary = glossary
        self.seen_terms: set[str] = set()

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if child.tag == "a":
                    self._link(child)
                elif child.tag == "img":
                    replacement = self._image(child)
                    if replacement is not None:
                        parent.remove(child)
                        parent.insert(i, replacement)
        self._figures(root)
        if self.glossary and self.glossary.terms:
            self._mark_terms(root)

    def _link(self, a: ET.Element) -> None:
        href = (a.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1:
            return
        target = resolve_inside(self.folder, href)
        topic = topic_and_language(target)[0] if target is not None else ""
        if (
            target is not None
            and target.suffix == ".md"
            and topic in self.article_ids
            and target.parent == self.folder.resolve()
        ):
            # A link names a topic: the reader opens it in the reader's language.
            a.set("href", f"article:{topic}")
            return
        # Not a place the kiosk can go: keep the words, drop the link.
        a.tag = "span"
        a.attrib.clear()
        a.set("class", "plain-link")

    def _image(self, img: ET.Element) -> ET.Element | None:
        target = resolve_inside(self.folder, img.get("src") or "")
        if target is not None and target.is_file() and image_problem(target) is None:
            img.set("src", target.as_uri())
            return None
        span = ET.Element("span", {"class": "missing-image"})
        alt = img.get("alt") or ""
        span.text = f"[Picture: {alt}]" if alt else ""
        span.tail = img.tail
        return span

    @staticmethod
    def _figures(root: ET.Element) -> None:
        """A paragraph that is only a picture is centred, with its title as a caption below."""
        for parent in list(root.iter()):
            for child in list(parent):
                if (
                    child.tag != "p"
                    or len(child) != 1
                    or child[0].tag != "img"
                    or (child.text or "").strip()
                    or (child[0].tail or "").strip()
                ):
                    continue
                img = child[0]
                child.set("class", "figure")
                child.set("align", "center")
                caption_text = img.attrib.pop("title", "").strip()
                if caption_text:
                    caption = ET.Element("p", {"class": "caption", "align": "center"})
                    caption.text = caption_text
                    parent.insert(list(parent).index(child) + 1, caption)

    def _mark_terms(self, elem: ET.Element) -> None:
        glossary = self.glossary
        assert glossary is not None

        def split(text: str | None) -> tuple[str | None, list[ET.Element]]:
            if not text:
                return text, []
            out: list[ET.Element] = []
            head: str | None = None
            pos = 0
            last: ET.Element | None = None
            for m in glossary.pattern.finditer(text):
                word = glossary.headword(m.group(0))
                if word is None or word in self.seen_terms:
                    continue
                self.seen_terms.add(word)
                before = text[pos : m.start()]
                if last is None:
                    head = before
                else:
                    last.tail = before
                a = ET.Element("a", {"href": f"term:{word}", "class": "term"})
                a.text = m.group(0)
                out.append(a)
                last = a
                pos = m.end()
            if last is None:
                return text, []
            last.tail = text[pos:]
            return head, out

        if elem.tag in _NO_TERMS_IN:
            return
        elem.text, new = split(elem.text)
        for k, a in enumerate(new):
            elem.insert(k, a)
        for child in list(elem):
            if child in new:
                continue
            self._mark_terms(child)
            child.tail, after = split(child.tail)
            idx = list(elem).index(child)
            for k, a in enumerate(after):
                elem.insert(idx + 1 + k, a)


def make_renderer(
    folder: Path, article_ids: set[str] | None = None, glossary: Glossary | None = None
) -> Callable[[str], str]:
    """Return ``render(markdown_text) -> html`` bound to a content folder.

    Glossary words are marked once each per call. Text nested too deeply raises
    :class:`TooDeep` before python-markdown sees it.
    """
    ids = set(article_ids or ())

    def render(text: str) -> str:
        check_depth(text)
        # An extension object, not its name: a name makes python-markdown scan every
        # installed package's entry points (importlib.metadata), about 60 ms at start-up.
        md = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
        # Raw HTML is shown as the text it is, never interpreted.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md, folder, ids, glossary), "kiosk_links", 0)
        return md.convert(text)

    return render


def section_html(title: str, body_html: str) -> str:
    """A section as shown on screen: its heading and its body."""
    return f"<h2>{html.escape(title)}</h2>\n{body_html}"
