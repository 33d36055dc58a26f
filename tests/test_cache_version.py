"""The build cache is per code version: a change to any ``build_tools`` module or rule table
makes every kept entry (parses, alignments, pages, listings, the merge accounting) unreadable,
so nothing computed by other code or rules is reused."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import cache
from build_tools.accounting import LOSSLESS_KEY


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's modules and rule tables, which ``code_version`` hashes."""
    copy = tmp_path / "build_tools"
    (copy / "rules").mkdir(parents=True)
    for path in [*cache.PACKAGE.glob("*.py"), *cache.PACKAGE.glob("rules/*.yaml")]:
        shutil.copy(path, copy / path.relative_to(cache.PACKAGE))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_version.cache_clear()
    yield copy
    cache.code_version.cache_clear()


@pytest.mark.parametrize("edited", ["rules/topics.yaml", "rules/people.yaml", "excerpts.py"])
def test_editing_a_rule_table_or_a_module_leaves_every_kept_entry_behind(
    package: Path, tmp_path: Path, edited: str
) -> None:
    folder = tmp_path / "cache"
    before = cache.ParseCache(folder)
    before.put(LOSSLESS_KEY, {"key": ()})
    before.put_bytes("page-x", b"page")
    assert cache.ParseCache(folder).get(LOSSLESS_KEY) == {"key": ()}  # same code: kept
    path = package / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    cache.code_version.cache_clear()
    after = cache.ParseCache(folder)
    assert after.folder != before.folder
    assert after.get(LOSSLESS_KEY) is None and after.get_bytes("page-x") is None
    assert not before.folder.exists()  # entries of other code versions are removed
