"""Pictures: what the kiosk cannot decode within limits is named by the check and shown as
its alt text."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from viewer.core import images
from viewer.core.library import check_folder, scan_folder
from viewer.core.render import make_renderer, tile_picture_path

HEAD = "---\ntitle: Pictures\nlanguage: en\nlast_reviewed: 2026-11-01\n---\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int = 4, height: int = 3, data: bytes | None = None) -> bytes:
    raw = (
        data
        if data is not None
        else b"".join(b"\x00" + b"\x80" * (3 * width) for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


SVG_OK = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60">'
    b'<rect width="8" height="6"/></svg>'
)
BAD = {
    "cut.png": png()[:-20],
    "short-data.png": png(data=b"\x00\x80"),
    "huge.png": png(100_000, 100_000, data=b"\x00"),
    "crc.png": png().replace(b"IDAT", b"IDAT\x00", 1)[:60] + png()[60:],
    "bomb.svg": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    ),
    "remote.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image xlink:href="https://example.com/track.png" width="10" height="10"/></svg>'
    ),
    "local-file.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'
    ),
    "styled.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>'
    ),
    "script.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "broken.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",
    "notes.txt": b"not a picture",
    "fake.jpg": b"GIF89a not a jpeg",
    "big.gif": b"GIF89a" + struct.pack("<HH", 10, 10) + b"\x00" * (images.MAX_BYTES + 10) + b";",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_picture_the_kiosk_cannot_decode_is_an_error_and_shows_its_alt_text(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / name).write_bytes(BAD[name])
    (tmp_path / "good.png").write_bytes(png())
    (tmp_path / "good.svg").write_bytes(SVG_OK)
    body = f"A picture.\n\n![The spine]({name})\n\n![A good one](good.png) ![Drawn](good.svg)\n"
    (tmp_path / "a.md").write_text(HEAD + body, encoding="utf-8")
    errors = [p for p in check_folder(tmp_path) if p.severity == "error"]
    assert [(p.path.name, p.line) for p in errors] == [("a.md", 8)], errors
    assert f"the picture '{name}' cannot be shown: " in errors[0].message
    assert scan_folder(tmp_path).ids() == []
    # the kiosk, should it ever render it, shows the words instead of the picture
    html = make_renderer(tmp_path)(body)
    assert "[Picture: The spine]" in html and html.count("<img") == 2


def test_the_reasons_name_what_to_fix(tmp_path: Path) -> None:
    def why(name: str) -> str:
        (tmp_path / name).write_bytes(BAD[name])
        return images.image_problem(tmp_path / name) or ""

    assert "100000 x 100000 pixels" in why("huge.png")
    assert "document type or entities" in why("bomb.svg")
    assert "'https://example.com/track.png' outside itself" in why("remote.svg")
    assert "use a PNG, JPEG, GIF or SVG" in why("notes.txt")
    assert "at most 5 MB" in why("big.gif")
    assert "damaged" in why("short-data.png")
    assert images.image_problem(tmp_path / "missing.png").startswith("it cannot be read")


def test_a_picture_without_alt_text_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "good.png").write_bytes(png())
    (tmp_path / "a.md").write_text(HEAD + "Text.\n\n![](good.png)\n", encoding="utf-8")
    problems = [p for p in check_folder(tmp_path) if "picture" in p.message]
    assert [(p.line, p.severity) for p in problems] == [(8, "warning")]
    assert "the picture 'good.png' has no alt text" in problems[0].message


@pytest.mark.parametrize(
    ("icon", "why"),
    [
        ("../outside.png", "points outside the content folder"),
        ("missing.png", "does not exist in the content folder"),
        ("cut.png", "cannot be shown: "),
        ("script.svg", "cannot be shown: "),
    ],
)
def test_an_icon_is_checked_like_a_picture(tmp_path: Path, icon: str, why: str) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(png())
    for name in ("cut.png", "script.svg"):
        (folder / name).write_bytes(BAD[name])
    (folder / "a.md").write_text(HEAD.replace("---\n", f"---\nicon: {icon}\n", 1) + "Text.\n")
    errors = [p for p in check_folder(folder) if p.severity == "error"]
    assert [(p.path.name, p.line) for p in errors] == [("a.md", 2)], errors
    assert errors[0].message.startswith(f"the icon '{icon}' {why}")
    assert scan_folder(folder).ids() == []


def test_a_good_icon_wins_over_the_first_picture(tmp_path: Path) -> None:
    (tmp_path / "icon.svg").write_bytes(SVG_OK)
    (tmp_path / "first.png").write_bytes(png())
    body = "Text.\n\n![The first picture](first.png)\n"
    (tmp_path / "a.md").write_text(HEAD.replace("---\n", "---\nicon: icon.svg\n", 1) + body)
    (tmp_path / "b.md").write_text(HEAD.replace("Pictures", "Other") + body)
    assert [p for p in check_folder(tmp_path) if p.severity == "error"] == []
    library = scan_folder(tmp_path)
    assert tile_picture_path(library.get("a")) == (tmp_path / "icon.svg").resolve()
    assert tile_picture_path(library.get("b")) == (tmp_path / "first.png").resolve()
