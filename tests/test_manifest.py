"""source_texts/ is evidence: the bytes match the manifest, and the build never writes there."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from build_tools.cache import ParseCache
from build_tools.pipeline import MANIFEST, build_corpus, load_manifest
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


def test_a_cached_manifest_table_is_the_yaml_s_and_follows_every_edit(tmp_path: Path) -> None:
    # The table is kept by the manifest's bytes: an edited manifest is read anew, the same
    # bytes again give the kept table, and a build with the cache sees what one without sees.
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.txt").write_text("Question: Why?\n\nSergey Lavrov: Because.\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")

    def write(facts: str) -> None:
        text = f"files:\n  a.txt:\n    original_name: a.txt\n    facts: {{{facts}}}\n"
        (folder / MANIFEST).write_text(text, encoding="utf-8")

    write("place: Moscow")
    first = load_manifest(folder, cache)
    assert (
        first
        == load_manifest(folder)
        == {"a.txt": {"original_name": "a.txt", "facts": {"place": "Moscow"}}}
    )
    write("place: Minsk")
    assert load_manifest(folder, cache)["a.txt"]["facts"] == {"place": "Minsk"}
    write("place: Moscow")
    assert load_manifest(folder, cache) == first
    kept = build_corpus(folder, cache_dir=tmp_path / "cache").interviews[0].main.metadata
    assert kept == build_corpus(folder).interviews[0].main.metadata
    assert kept.place == "Moscow"
