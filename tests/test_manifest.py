"""source_texts/ is evidence: the bytes match the manifest, and the build never writes there."""

from __future__ import annotations

import hashlib

import yaml

from build_tools.pipeline import MANIFEST, build_corpus
from tests.conftest import SOURCE


def _manifest() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((SOURCE / MANIFEST).read_text(encoding="utf-8"))["files"]


def test_every_source_file_matches_its_manifest_entry() -> None:
    files = _manifest()
    on_disk = sorted(p.name for p in SOURCE.iterdir() if p.name != MANIFEST)
    assert sorted(files) == on_disk
    for name, entry in files.items():
        data = (SOURCE / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert entry["original_name"].endswith(".txt")


def test_seed_originals_are_recorded() -> None:
    originals = sorted(e["original_name"] for e in _manifest().values())
    assert [o[:3] for o in originals] == ["000", "001", "002", "003", "004"]


def test_building_does_not_touch_source_texts() -> None:
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SOURCE.iterdir()}
    build_corpus(SOURCE)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SOURCE.iterdir()}
    assert before == after
