"""Pictures in articles: can the kiosk show this file? (no Qt)

A picture is shown only when it is a PNG, JPEG, GIF or SVG file of reasonable size that
decodes: at most :data:`MAX_BYTES` on disk and :data:`MAX_SIDE` pixels a side, a PNG whose
every chunk is intact and whose image data inflates to the size its header promises, a JPEG
or GIF with a proper start and end, an SVG that is well-formed XML with no document type
(so no entities at all, internal or external), no scripts, no embedded foreign content and
no reference to anything outside itself. Anything else is named by ``--check-content`` and
shown in the kiosk as its alt text. Checks are remembered per file version.
"""

from __future__ import annotations

import functools
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000  # pixels: 6000 x 6000 x 4 bytes = 137 MB decoded, under Qt's 256 MB limit
SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG"}
_SVG_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_SVG_FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "object", "embed", "audio"})


class ImageProblem(ValueError):
    """Why a picture cannot be shown, in words for the editor."""


def image_problem(path: Path) -> str | None:
    """Why the kiosk cannot show the picture at ``path``, or None when it can."""
    try:
        stat = path.stat()
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    return _problem(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _problem(name: str, mtime_ns: int, size: int) -> str | None:
    """:func:`image_problem` for one version of a file (the cache key)."""
    path = Path(name)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return (
            f"'{path.suffix or path.name}' is not a picture the kiosk shows; "
            "use a PNG, JPEG, GIF or SVG file"
        )
    if size > MAX_BYTES:
        return f"it is {size / 1024 / 1024:.1f} MB; pictures may be at most 5 MB"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    try:
        {"PNG": _png, "JPEG": _jpeg, "GIF": _gif, "SVG": _svg}[kind](data)
    except ImageProblem as exc:
        return str(exc)
    except (ValueError, struct.error, zlib.error, IndexError) as exc:
        return f"it is not a {kind} picture the kiosk can read, or it is damaged ({exc})"
    return None


def _side_check(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageProblem(f"its size is {width} x {height} pixels, which is damaged")
    if max(width, height) > MAX_SIDE:
        raise ImageProblem(
            f"it is {width} x {height} pixels; pictures may be at most {MAX_SIDE} pixels a "
            "side: make it smaller"
        )


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _png(data: bytes) -> None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ImageProblem("it is not a PNG file (its first bytes are wrong)")
    pos, header, idat, ended = 8, None, [], False
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise ImageProblem(f"the PNG is damaged (chunk {kind.decode('latin-1')!r} at {pos})")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            ended = True
            break
        pos += 12 + length
    if header is None or not idat or not ended:
        raise ImageProblem("the PNG is incomplete (a header, image data or end is missing)")
    width, height, depth, colour, _, _, interlace = header
    _side_check(width, height)
    if colour not in _PNG_CHANNELS:
        raise ImageProblem(f"the PNG's colour type {colour} is damaged")
    row = (width * _PNG_CHANNELS[colour] * depth + 7) // 8 + 1
    expected = row * height
    inflater = zlib.decompressobj()
    raw = inflater.decompress(b"".join(idat), expected + 1)
    if interlace == 0 and len(raw) != expected:
        raise ImageProblem(
            f"the PNG's image data is {len(raw)} bytes, not the {expected} its size needs: "
            "it is damaged"
        )
    if interlace and not inflater.eof:
        raise ImageProblem("the PNG's image data is damaged")


def _jpeg(data: bytes) -> None:
    if not data.startswith(b"\xff\xd8"):
        raise ImageProblem("it is not a JPEG file (its first bytes are wrong)")
    if b"\xff\xd9" not in data[-64:]:
        raise ImageProblem("the JPEG is cut short (it has no end marker)")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ImageProblem(f"the JPEG is damaged (byte {pos})")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            _side_check(width, height)
            return
        if marker == 0xDA:
            break
        pos += 2 + length
    raise ImageProblem("the JPEG has no picture size: it is damaged")


def _gif(data: bytes) -> None:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ImageProblem("it is not a GIF file (its first bytes are wrong)")
    width, height = struct.unpack("<HH", data[6:10])
    _side_check(width, height)
    if not data.rstrip(b"\x00").endswith(b";"):
        raise ImageProblem("the GIF is cut short (it has no end)")


def _svg(data: bytes) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise ImageProblem(
            "the SVG has a document type or entities; remove the <!DOCTYPE ...> part"
        )
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImageProblem(f"the SVG is not well-formed ({exc})") from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise ImageProblem("it is not an SVG picture (its first element is not <svg>)")
    for elem in root.iter():
        name = elem.tag.rsplit("}", 1)[-1]
        if name in _SVG_FORBIDDEN:
            raise ImageProblem(f"the SVG contains <{name}>; pictures may not run or embed things")
        for key, value in elem.attrib.items():
            attr = key.rsplit("}", 1)[-1]
            if attr == "href" and not value.strip().startswith("#"):
                raise ImageProblem(
                    f"the SVG refers to '{value[:60]}' outside itself; draw it in the file"
                )
            if attr.startswith("on"):
                raise ImageProblem(f"the SVG has a script attribute '{attr}'")
            if _SVG_REFERENCE.search(value):
                raise ImageProblem(f"the SVG refers to something outside itself ({value[:60]})")
        style = (elem.text or "") if name == "style" else ""
        if "@import" in style or _SVG_REFERENCE.search(style):
            raise ImageProblem("the SVG's style refers to something outside itself")
    width, height = (_svg_length(root.get(k)) for k in ("width", "height"))
    if width and height:
        _side_check(round(width), round(height))


def _svg_length(value: str | None) -> float:
    m = re.match(r"\s*([0-9.]+)\s*(px)?\s*$", value or "")
    return float(m.group(1)) if m else 0.0
