"""Content versions: kiosk --pack-content, the manifest other tools read, and which folder a
kiosk shows when an update is good, broken, half-copied or gone."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tomllib

from tests.conftest import run_kiosk, write_article
from viewer.core.content_versions import ContentStore, next_version, pack, verify


def pack_content(*args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk("--pack-content", *args)


def test_pack_content_writes_a_manifest_any_toml_reader_understands(content_dir):
    (content_dir / "pictures").mkdir()
    (content_dir / "pictures" / "spine.png").write_bytes(b"\x89PNG not really")
    (content_dir / ".back.md.x1Yz").write_text("rsync's half-written temporary file")
    result = pack_content(str(content_dir), "--content-version", "2026-12-01.1")
    assert result.returncode == 0, result.stderr
    assert "version 2026-12-01.1, 4 file(s)" in result.stdout
    manifest = tomllib.loads((content_dir / "manifest.toml").read_text(encoding="utf-8"))
    assert manifest["version"] == "2026-12-01.1"
    assert sorted(manifest["files"]) == [
        "back.md",
        "glossary.toml",
        "knee.md",
        "pictures/spine.png",
    ]
    assert all(v.startswith("sha256:") and len(v) == 71 for v in manifest["files"].values())
    assert verify(content_dir).ok


def test_pack_content_refuses_a_folder_with_errors(broken_content_dir):
    result = pack_content(str(broken_content_dir))
    assert result.returncode == 1
    assert "no manifest.toml was written" in result.stderr and "latin1.md" in result.stderr
    assert not (broken_content_dir / "manifest.toml").exists()


def test_versions_count_up_within_a_day(content_dir):
    day = dt.date(2026, 12, 1)
    assert next_version(content_dir, day) == "2026-12-01.1"
    pack(content_dir, today=day)
    assert next_version(content_dir, day) == "2026-12-01.2"
    assert next_version(content_dir, dt.date(2026, 12, 2)) == "2026-12-02.1"


def test_the_store_keeps_the_last_good_version_for_every_kind_of_bad_update(content_dir, tmp_path):
    store = ContentStore(tmp_path / "state")
    pack(content_dir, "v1")
    first = store.decide(content_dir)
    assert (first.version, first.state, first.folder) == ("v1", "current", store.path("v1"))
    assert (store.path("v1") / "back.md").read_bytes() == (content_dir / "back.md").read_bytes()

    write_article(content_dir, "hip", "Hip surgery")
    pack(content_dir, "v2")
    (content_dir / "hip.md").write_bytes(b"---\ntitle: Hip")  # cut short
    half = store.decide(content_dir)
    assert (half.version, half.state) == ("v1", "fallback")
    assert half.reason == "update v2 not used: half-copied: hip.md does not match its checksum"

    (content_dir / "hip.md").unlink()
    missing = store.decide(content_dir)
    assert missing.reason == "update v2 not used: half-copied: hip.md is missing"

    (content_dir / "hip.md").write_text("---\ntitle: Hip\n---\nNo language.\n", encoding="utf-8")
    pack(content_dir, "v3")
    broken = store.decide(content_dir)
    assert broken.state == "fallback" and broken.folder == store.path("v1")
    assert "update v3 not used: broken: hip.md:1: error: the metadata has no language" in (
        broken.reason
    )

    shutil.rmtree(content_dir)
    gone = store.decide(content_dir)
    assert (gone.version, gone.state) == ("v1", "fallback")
    assert gone.reason.endswith("is gone (not mounted?)")


def test_a_good_update_becomes_the_last_good_and_old_copies_are_pruned(content_dir, tmp_path):
    store = ContentStore(tmp_path / "state")
    for n in range(1, 5):
        write_article(content_dir, f"topic{n}", f"Topic {n}")
        pack(content_dir, f"v{n}")
        decision = store.decide(content_dir)
        assert (decision.version, decision.state) == (f"v{n}", "current")
        os.utime(store.path(f"v{n}"), (n * 1000, n * 1000))  # kept one after another
    assert store.last_good() == ("v4", store.path("v4"))
    assert sorted(p.name for p in store.root.iterdir()) == ["last-good", "v3", "v4"]


def test_a_folder_without_a_manifest_is_shown_as_it_is(content_dir, tmp_path):
    decision = ContentStore(tmp_path / "state").decide(content_dir)
    assert (decision.folder, decision.state, decision.version) == (content_dir, "unversioned", "")
