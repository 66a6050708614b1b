"""Reading PDFs in tests with poppler's command-line tools (poppler-utils)."""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.needs("poppler")


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def info(pdf: Path) -> dict[str, str]:
    """pdfinfo's fields."""
    out = _run("pdfinfo", str(pdf))
    return {
        k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v
    }


def page_count(pdf: Path) -> int:
    """Number of pages."""
    return int(info(pdf)["Pages"])


def text(pdf: Path, page: int | None = None) -> str:
    """The text of one page (1-based) or of all pages, whitespace collapsed."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return " ".join(_run(*args, str(pdf), "-").split())


def word_heights(pdf: Path) -> list[float]:
    """Height in points of every word's box (``pdftotext -bbox``)."""
    out = _run("pdftotext", "-bbox", str(pdf), "-")
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', out)
    return [float(y2) - float(y1) for y1, y2 in boxes]


def median_word_height(pdf: Path) -> float:
    """The typical word height: body text dominates."""
    return statistics.median(word_heights(pdf))


def render(pdf: Path, page: int, out_stem: Path, dpi: int = 40, fmt: str = "ppm") -> Path:
    """One page as an image (``pdftoppm``)."""
    flag = {"ppm": [], "png": ["-png"]}[fmt]
    _run(
        "pdftoppm",
        *flag,
        "-r",
        str(dpi),
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        str(pdf),
        str(out_stem),
    )
    return out_stem.with_suffix(f".{fmt}")


def ppm_pixels(path: Path) -> list[tuple[int, int, int]]:
    """The pixels of a binary PPM (P6) file."""
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6" and parts[3] == b"255", parts[:4]
    width, height = int(parts[1]), int(parts[2])
    raw = parts[4][: width * height * 3]
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def ink_fraction(pixels: list[tuple[int, int, int]]) -> float:
    """Share of pixels that are not near-white."""
    return sum(1 for p in pixels if min(p) < 200) / len(pixels)


def ink_rows(ppm: Path) -> list[float]:
    """Share of inked pixels in each row of a PPM: the page's layout, line by line."""
    data = ppm.read_bytes()
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    raw = parts[4]
    rows = []
    for y in range(height):
        row = raw[y * width * 3 : (y + 1) * width * 3]
        rows.append(sum(1 for i in range(0, len(row), 3) if min(row[i : i + 3]) < 200) / width)
    return rows


def same_layout(a: Path, b: Path, band: int = 3, slack: int = 2) -> float:
    """How alike two pages' lines are: the correlation of their ink, in bands of ``band``
    rows, allowing a shift of up to ``slack`` rows (printer drivers move pages a little).
    Near 1 for the same page; pages with other text score far lower."""
    rows_a, rows_b = ink_rows(a), ink_rows(b)

    def bands(rows: list[float]) -> list[float]:
        return [sum(rows[i : i + band]) for i in range(0, len(rows) - band + 1, band)]

    best = -1.0
    for shift in range(-slack, slack + 1):
        x = rows_a[max(0, shift) : len(rows_a) + min(0, shift)]
        y = rows_b[max(0, -shift) : len(rows_b) + min(0, -shift)]
        n = min(len(x), len(y))
        best = max(best, statistics.correlation(bands(x[:n]), bands(y[:n])))
    return best


def image_widths(pdf: Path) -> list[float]:
    """Printed width in points of every picture (``pdfimages -list``), masks left out."""
    widths = []
    for line in _run("pdfimages", "-list", str(pdf)).splitlines()[2:]:
        cols = line.split()
        if cols[2] == "image":
            widths.append(int(cols[3]) / int(cols[12]) * 72)
    return widths


def lines(pdf: Path, page: int) -> list[str]:
    """The non-empty text lines of one page, top to bottom."""
    out = _run("pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]
