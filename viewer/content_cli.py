"""``kiosk --pack-content DIR [--content-version V]``: check a folder and write its manifest."""

from __future__ import annotations

import argparse
import logging
import sys

from viewer.core.content_versions import MANIFEST, ManifestError, content_errors, pack


def main(args: argparse.Namespace) -> int:
    """Write DIR/manifest.toml; 1 (and no manifest) when the articles have errors."""
    logging.basicConfig(level=logging.CRITICAL)
    folder = args.pack_content
    if not folder.is_dir():
        sys.stderr.write(f"kiosk --pack-content: {folder} is not a folder.\n")
        return 2
    errors = content_errors(folder)
    if errors:
        sys.stderr.write(
            f"kiosk --pack-content: {folder} has {len(errors)} error(s); kiosks would not "
            f"use this version, so no {MANIFEST} was written:\n"
            + "".join(f"  {e}\n" for e in errors)
            + "Fix them (kiosk --check-content shows the details) and pack again.\n"
        )
        return 1
    try:
        manifest = pack(folder, args.content_version)
    except (ManifestError, OSError) as exc:
        sys.stderr.write(f"kiosk --pack-content: {exc}\n")
        return 2
    sys.stdout.write(
        f"{folder / MANIFEST}: version {manifest.version}, {len(manifest.files)} file(s).\n"
        "Copy the folder to the kiosks' content folder; each kiosk switches to it at its "
        "next idle moment once every file is there with its checksum.\n"
    )
    return 0
