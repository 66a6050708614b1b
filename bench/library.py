"""Generated content folders for the library-scale benchmark: 1, 100 or 1,000 articles.

Each generated article is a real one (the bundled vertebroplasty article, about 6 KB) under
a different title and file name, so sorting, tiles and the metadata parse see realistic
files; ``related`` points at a neighbour so links are checked too.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content" / "vertebroplasty.md"
WORDS = (
    "back",
    "knee",
    "heart",
    "sleep",
    "diet",
    "wound",
    "stroke",
    "blood",
    "lung",
    "eye",
    "skin",
    "bone",
    "pain",
    "child",
    "breath",
    "kidney",
    "liver",
    "nerve",
    "hip",
    "foot",
)


def generate(folder: Path, count: int, seed: int = 8) -> Path:
    """Write ``count`` articles (and the bundled glossary) into ``folder``; return it."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    text = SOURCE.read_text("utf-8")
    head, _, body = text.partition("\n---\n")
    meta = {line.split(":", 1)[0]: line for line in head.splitlines()[1:] if ":" in line}
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(3)).capitalize() + f" care {n}"
        fields = dict(
            meta,
            title=f"title: {title}",
            summary=f"summary: What to know about {title.lower()}.",
            related=f"related: topic-{(n + 1) % count:04d}" if count > 1 else "",
        )
        # Lines keep their order; indented continuation lines (references) stay in place.
        out = "---\n" + "\n".join(v for v in fields.values() if v) + "\n---\n" + body
        (folder / f"topic-{n:04d}.md").write_text(out, encoding="utf-8")
    shutil.copy(ROOT / "content" / "glossary.toml", folder / "glossary.toml")
    for picture in SOURCE.parent.glob("*.svg"):  # without them every article is rejected
        shutil.copy(picture, folder / picture.name)
    return folder
