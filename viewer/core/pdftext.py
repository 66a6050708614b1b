"""The text of a PDF the kiosk wrote, without Qt and without poppler.

``kiosk --self-test`` checks that the handout PDF really holds the article's words. The frozen
kiosk leaves out Qt's PDF module and a kiosk need not have poppler's ``pdftotext``, so this
reads the PDFs that Qt's PDF writer makes: objects, Flate-compressed streams, fonts with a
``/ToUnicode`` map, and ``Tj``/``TJ`` text operators. It is not a general PDF reader; the tests
compare it with ``pdftotext`` on real handouts.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJ = re.compile(rb"(\d+)\s+0\s+obj\b(.*?)\bendobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_REF = rb"(\d+)\s+0\s+R"
_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\s]*)>"  # hex string
    rb"|\((?:\\.|[^\\)])*\)"  # literal string
    rb"|\[|\]|/[^\s/<>\[\]()]+|[^\s/<>\[\]()]+"
)  # array, name, number/operator


class PdfTextError(ValueError):
    """The file is not a PDF this reader understands."""


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}


def _stream(obj: bytes) -> bytes:
    m = _STREAM.search(obj)
    if m is None:
        return b""
    raw = m.group(1)
    if b"/FlateDecode" in obj[: m.start()]:
        try:
            return zlib.decompressobj().decompress(raw)
        except zlib.error as exc:
            raise PdfTextError(f"a compressed stream is damaged ({exc})") from exc
    return raw


def _hex_units(text: bytes) -> list[int]:
    digits = re.sub(rb"\s", b"", text)
    return [int(digits[i : i + 4], 16) for i in range(0, len(digits) - 3, 4)]


def _cmap(text: bytes) -> dict[int, str]:
    """Glyph code -> Unicode text from a ToUnicode CMap (bfchar and bfrange sections)."""
    mapping: dict[int, str] = {}

    def chars(hexdigits: bytes) -> str:
        return "".join(chr(u) for u in _hex_units(hexdigits))

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.DOTALL):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = chars(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.DOTALL):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            start, end = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for offset, item in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", dst)):
                    mapping[start + offset] = chars(item)
            else:
                first = _hex_units(dst[1:-1])
                for offset in range(end - start + 1):
                    mapping[start + offset] = "".join(chr(u) for u in first[:-1]) + chr(
                        first[-1] + offset
                    )
    return mapping


def _fonts(objects: dict[int, bytes]) -> dict[bytes, dict[int, str]]:
    """Font resource name (e.g. b"/F11") -> its glyph map."""
    maps: dict[int, dict[int, str]] = {}
    for num, obj in objects.items():
        m = re.search(rb"/ToUnicode\s+" + _REF, obj)
        if m and b"/Font" in obj:
            maps[num] = _cmap(_stream(objects.get(int(m.group(1)), b"")))
    names: dict[bytes, dict[int, str]] = {}
    for obj in objects.values():
        for block in re.findall(rb"/Font\s*<<(.*?)>>", obj, re.DOTALL):
            for name, ref in re.findall(rb"(/[^\s/<>\[\]()]+)\s+" + _REF, block):
                if int(ref) in maps:
                    names[name] = maps[int(ref)]
    return names


def _page_contents(objects: dict[int, bytes]) -> list[int]:
    """Content stream object numbers in page order."""
    pages = [n for n, o in objects.items() if re.search(rb"/Type\s*/Page\b(?!s)", o)]
    order: list[int] = []
    for obj in objects.values():
        if re.search(rb"/Type\s*/Pages\b", obj):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", obj, re.DOTALL)
            if kids:
                order += [int(k) for k in re.findall(_REF, kids.group(1)) if int(k) in pages]
    contents = []
    for page in order or sorted(pages):
        m = re.search(rb"/Contents\s*(\[[^\]]*\]|" + _REF + rb")", objects[page])
        if m:
            contents += [int(r) for r in re.findall(_REF, m.group(1))]
    return contents


def _decode(token: bytes, glyphs: dict[int, str]) -> str:
    if token.startswith(b"<"):
        return "".join(glyphs.get(code, "") for code in _hex_units(token[1:-1]))
    literal = token[1:-1]
    return re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1")


def extract_text(data: bytes) -> str:
    """The text of every page, one line per text block."""
    if not data.startswith(b"%PDF-"):
        raise PdfTextError("the file does not start with %PDF-")
    objects = _objects(data)
    fonts = _fonts(objects)
    lines: list[str] = []
    for num in _page_contents(objects):
        glyphs: dict[int, str] = {}
        line: list[str] = []
        operands: list[bytes] = []
        for m in _TOKEN.finditer(_stream(objects.get(num, b""))):
            token = m.group(0)
            if token == b"Tf" and len(operands) >= 2:
                glyphs = fonts.get(operands[-2], {})
            elif token in (b"Tj", b"'", b'"') and operands:
                line.append(_decode(operands[-1], glyphs))
            elif token == b"TJ":
                line += [_decode(t, glyphs) for t in operands if t[:1] in (b"<", b"(")]
            elif token == b"ET":
                lines.append("".join(line).replace("\t", " "))
                line = []
            if token[:1].isalpha() or token in (b"'", b'"'):
                operands = []
            elif token not in (b"[", b"]"):
                operands.append(token)
    return "\n".join(line for line in lines if line.strip())


def squeeze(text: str) -> str:
    """Text compared without case, spacing or ligatures (NFKC: "ﬁ" is "fi")."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def contains(data: bytes, expected: str) -> bool:
    """True when the PDF's text holds ``expected`` (ignoring case, spacing and ligatures)."""
    return squeeze(expected) in squeeze(extract_text(data))
