"""Pagefind in slices, merged (search_slices.py, search_merge.py): the real Pagefind indexes
small generated pages once whole and once in slices, and the merged bundle must find exactly
what the single run finds."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import random
import shutil
from pathlib import Path

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.search_merge import (
    SIGNATURE,
    MergeError,
    chunk_bounds,
    common_prefixes,
    merge_bundles,
    read_pf,
)
from build_tools.search_slices import index_site, page_slices
from tests.pagefind_bundle import canonical

# Words with and without diacritics (Pagefind keeps "café" as a variant of "cafe"), and enough
# others that the index needs several chunks (CHUNK_SIZE positions each).
ACCENTED = ["café", "cafe", "naïve", "naive", "Zürich", "résumé", "Łódź", "дипломатия"]


def _page(number: int, rng: random.Random, vocabulary: list[str]) -> str:
    words = [rng.choice(vocabulary) for _ in range(1500)] + rng.sample(ACCENTED, 3)
    rng.shuffle(words)
    paragraphs = "".join(f"<p>{' '.join(words[i : i + 60])}</p>" for i in range(0, 1500, 60))
    # Some pages only carry an author: slices with and without it have other meta fields.
    author = f'<p data-pagefind-meta="author">Writer {number}</p>' if number % 5 == 0 else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>Page {number}</title></head><body>'
        f'<article class="md-content__inner"><h1>Page {number} {vocabulary[number]}</h1>'
        f"{author}<h2>Part</h2>{paragraphs}</article></body></html>"
    )


def _site(folder: Path, pages: int = 14) -> list[str]:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(rng.randint(2, 9)))
        for _ in range(1200)
    ]
    paths = []
    for number in range(pages):
        path = f"p{number:02d}/index.html"
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(_page(number, rng, vocabulary), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The generated site, indexed in one run."""
    site = tmp_path_factory.mktemp("whole")
    paths = _site(site)
    report = index_site(site, paths, "en", slice_pages=len(paths))
    assert report.slices == 1 and report.merge is None
    return site, paths


def _sliced(site: Path, source: Path, paths: list[str], slice_pages: int, jobs: int) -> Path:
    shutil.copytree(source, site, ignore=shutil.ignore_patterns("pagefind"))
    report = index_site(site, paths, "en", slice_pages=slice_pages, jobs=jobs)
    runs = -(-len(paths) // slice_pages)  # rounded up to a multiple of jobs (page_slices)
    assert report.slices == min(-(-runs // jobs) * jobs, len(paths))
    assert report.merge is not None and report.merge.pages == len(paths)
    assert not list(site.parent.glob(".pagefind-*"))  # the slices' pages and bundles are gone
    return site / "pagefind"


@pytest.mark.parametrize(("slice_pages", "jobs"), [(1, 1), (3, 2), (5, 1), (6, 3)])
def test_a_merged_index_finds_what_one_run_finds(
    whole: tuple[Path, list[str]], tmp_path: Path, slice_pages: int, jobs: int
) -> None:
    site, paths = whole
    one = canonical(site / "pagefind")
    (language,) = one
    assert len(one[language][1]) > 1000, "too few words to need several chunks"
    assert {"author", "title"} <= set(one[language][2])
    assert any(variants for _, variants in one[language][1].values()), "no diacritic variant"
    merged = _sliced(tmp_path / "site", site, paths, slice_pages, jobs)
    assert canonical(merged) == one
    chunks = read_pf(next(merged.glob("pagefind.*.pf_meta")))[2]
    assert len(chunks) > 2
    # the scripts and WebAssembly are there, once
    assert sorted(p.name for p in merged.iterdir() if p.suffix != ".pf_meta") == sorted(
        p.name for p in (site / "pagefind").iterdir() if p.suffix != ".pf_meta"
    )


def test_merging_one_bundle_writes_what_pagefind_wrote(
    whole: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Same chunks (by Pagefind's chunk size), same file names (its hashing), same metadata:
    the format is written as Pagefind writes it, not only read back by this module."""
    site, _ = whole
    merge_bundles([site / "pagefind"], tmp_path / "out")

    def files(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): gzip.decompress(p.read_bytes())
            if p.suffix.startswith(".pf_")
            else p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert files(tmp_path / "out") == files(site / "pagefind")


def _bundle_copy(source: Path, target: Path) -> tuple[Path, list]:  # type: ignore[type-arg]
    shutil.copytree(source, target)
    entry = json.loads((target / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = target / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    return meta_path, read_pf(meta_path)


def _write_meta(path: Path, meta: list) -> None:  # type: ignore[type-arg]
    path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta)))


def test_two_bundles_fragments_with_one_name_are_told_apart(
    whole: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Each Pagefind run avoids only its own name clashes: a page of the second bundle whose
    fragment has the name of another page in the first keeps its own text."""
    site, paths = whole
    first_site, second_site = tmp_path / "a", tmp_path / "b"
    for folder, part in ((first_site, paths[:7]), (second_site, paths[7:])):
        shutil.copytree(site, folder, ignore=shutil.ignore_patterns("pagefind"))
        index_site(folder, part, "en", slice_pages=len(part))
    first_meta = read_pf(next((first_site / "pagefind").glob("*.pf_meta")))
    meta_path, meta = _bundle_copy(second_site / "pagefind", tmp_path / "b2")
    clash, own = first_meta[1][0][0], meta[1][0][0]
    fragments = meta_path.parent / "fragment"
    (fragments / f"{own}.pf_fragment").rename(fragments / f"{clash}.pf_fragment")
    meta[1][0][0] = clash
    _write_meta(meta_path, meta)
    report = merge_bundles([first_site / "pagefind", meta_path.parent], tmp_path / "merged")
    assert report.renamed_fragments == 1
    whole_index = canonical(site / "pagefind")
    assert canonical(tmp_path / "merged") == whole_index


def test_a_bundle_with_filters_is_refused(whole: tuple[Path, list[str]], tmp_path: Path) -> None:
    site, _ = whole
    meta_path, meta = _bundle_copy(site / "pagefind", tmp_path / "filtered")
    meta[3] = [["kind", "en_0000000"]]
    _write_meta(meta_path, meta)
    with pytest.raises(MergeError, match=r"filtered.*filters or sorts"):
        merge_bundles([site / "pagefind", meta_path.parent], tmp_path / "out")


def test_a_bundle_of_another_pagefind_version_is_refused(
    whole: tuple[Path, list[str]], tmp_path: Path
) -> None:
    site, _ = whole
    shutil.copytree(site / "pagefind", tmp_path / "old")
    entry_path = tmp_path / "old" / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry_path.write_text(json.dumps({**entry, "version": "0.12.0"}), encoding="utf-8")
    with pytest.raises(MergeError, match=r"Pagefind 0\.12\.0 wrote it.*Fix:"):
        merge_bundles([site / "pagefind", tmp_path / "old"], tmp_path / "out")


def test_pagefind_failing_is_an_error_naming_its_output(tmp_path: Path) -> None:
    from build_tools.search_slices import PagefindError

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_text("<html><body><p>x</p></body></html>")
    with pytest.raises(PagefindError, match="Pagefind failed"):
        index_site(tmp_path, ["p/index.html"], "not a language!")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("apple", "apricot", ("app", "apr")),  # Pagefind's own examples
        ("cataraman", "yacht", ("c", "y")),
        ("ball", "ballist", ("ball", "balli")),  # a word and a longer one: all of the first
        ("дипло", "дипмат", ("дипл", "дипм")),  # characters, not bytes
    ],
)
def test_neighbouring_chunks_bounds_are_the_shortest_telling_prefixes(
    a: str, b: str, expected: tuple[str, str]
) -> None:
    assert common_prefixes(a, b) == expected


def test_chunk_bounds_are_trimmed_as_pagefind_trims_them() -> None:
    """Pagefind's own example: a chunk holding only "apple" keeps "apple" as its end (trimmed
    to "app" it would end before it begins)."""
    chunks = [("apple", "apple"), ("apricot", "banana"), ("peach", "peach")]
    assert chunk_bounds(chunks) == [("apple", "apple"), ("apr", "b"), ("p", "peach")]


def test_a_broken_chunk_is_an_error_naming_it_and_stops_every_merge_process(
    whole: tuple[Path, list[str]], tmp_path: Path
) -> None:
    site, _ = whole
    meta_path, meta = _bundle_copy(site / "pagefind", tmp_path / "broken")
    first_chunk = meta_path.parent / "index" / f"{meta[2][0][2]}.pf_index"
    first_chunk.write_bytes(b"not gzip")
    with pytest.raises(MergeError, match=rf"{first_chunk.name}: not a readable Pagefind file"):
        merge_bundles([meta_path.parent, site / "pagefind"], tmp_path / "out", jobs=2)
    assert not multiprocessing.active_children()


@given(pages=st.integers(0, 400), slice_pages=st.integers(1, 120), jobs=st.integers(1, 4))
def test_slices_are_in_order_bounded_even_and_a_multiple_of_the_jobs(
    pages: int, slice_pages: int, jobs: int
) -> None:
    names = [f"p{n}/index.html" for n in range(pages)]
    slices = page_slices(names, slice_pages, jobs)
    assert [name for part in slices for name in part] == names
    fewest = -(-pages // slice_pages)
    if fewest <= 1:
        assert slices == [names]  # one run, straight into the bundle
        return
    assert all(0 < len(part) <= slice_pages for part in slices)
    assert max(map(len, slices)) - min(map(len, slices)) <= 1
    assert len(slices) == min(-(-fewest // jobs) * jobs, pages)
    assert len(slices) < fewest + jobs  # no more runs than the rounding needs
