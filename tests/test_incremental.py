"""A rebuild from the cache after an edit gives exactly what a cold build of the edited
folder gives: the corpus and every rendered page.

The corpus-wide stages reuse per-file features, alignments and pages from the cache (see
``build_tools/cache.py``); each edit below changes what some of them depend on, and a stale
entry anywhere would show up as a difference from the cold build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools import render_parts
from build_tools.pipeline import build_corpus
from build_tools.render import render_pages, render_site
from tests.conftest import EPOCH, ROOT, SOURCE

pytestmark = pytest.mark.slow

FULL = "2024-03-28-izvestia-research-center-interview.txt"
QUOTED = "2025-03-21-krasnaya-zvezda-interview.txt"
EXCERPT = "2025-03-21-telegram-post-quoting-krasnaya-zvezda.txt"


def _whitespace(folder: Path) -> None:
    path = folder / FULL
    path.write_bytes(path.read_bytes().replace(b"Practically no.", b"Practically  no. ", 1))


def _word(folder: Path) -> None:
    path = folder / FULL
    path.write_bytes(path.read_bytes().replace(b"Practically no.", b"Practically none.", 1))


def _topic(folder: Path) -> None:
    # A sentence naming two topics and a person: topic, person and related lists change. (Not
    # at the end of the file: the text ends with web-page chrome, which is removed.)
    path = folder / FULL
    extra = b"Practically no. NATO and Belarus, as Vladimir Putin said, matter here."
    path.write_bytes(path.read_bytes().replace(b"Practically no.", extra, 1))


def _new_excerpt(folder: Path) -> None:
    # A post quoting two paragraphs of a full interview: a new excerpt of it.
    lines = (folder / FULL).read_text(encoding="utf-8").splitlines()
    quoted = [line for line in lines if len(line) > 200][2:4]
    text = "Key points from the interview (March 28, 2024)\n\n" + "\n\n".join(quoted) + "\n"
    (folder / "2024-03-29-post-quoting-izvestia.txt").write_text(text, encoding="utf-8")


def _edit_excerpt(folder: Path) -> None:
    path = folder / EXCERPT
    path.write_bytes(path.read_bytes().replace(b"Diplomacy mirrors life", b"Diplomacy is life", 1))


def _delete_quoted(folder: Path) -> None:
    # The excerpt loses its full text: it becomes a page of its own.
    (folder / QUOTED).unlink()


def _delete_excerpt(folder: Path) -> None:
    (folder / EXCERPT).unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "whitespace": _whitespace,
    "word": _word,
    "topic and person": _topic,
    "new excerpt": _new_excerpt,
    "edited excerpt": _edit_excerpt,
    "deleted full text": _delete_quoted,
    "deleted excerpt": _delete_excerpt,
}


# The default budget keeps the seeds' listings whole; 4,000 characters splits them into parts,
# whose blocks are kept per part (render_parts.py).
@pytest.mark.parametrize("budget", [render_parts.PART_BUDGET, 4_000])
@pytest.mark.parametrize("edit", list(EDITS))
def test_rebuild_after_an_edit_equals_a_cold_build(
    edit: str, budget: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_parts, "PART_BUDGET", budget)
    folder = tmp_path / "source_texts"
    shutil.copytree(SOURCE, folder)
    (folder / "manifest.yaml").unlink()  # edits would only add manifest warnings
    cache = tmp_path / "cache"
    before = build_corpus(folder, cache_dir=cache)
    render_site(before)  # fills the page cache with the pages before the edit

    EDITS[edit](folder)
    warm = build_corpus(folder, cache_dir=cache)
    cold = build_corpus(folder)
    assert warm == cold
    assert warm != before
    assert render_site(warm) == render_site(cold)
    linked = {x.source.source.path.rsplit("/", 1)[-1]: x.role for i in warm.interviews
              for x in i.linked}  # fmt: skip
    if edit == "new excerpt":
        assert linked["2024-03-29-post-quoting-izvestia.txt"] == "excerpt"
    if edit == "deleted full text":
        assert EXCERPT not in linked and any(i.missing_full_text for i in warm.interviews)
    # And once more, every entry now in the cache.
    again = build_corpus(folder, cache_dir=cache)
    assert again == cold
    assert render_site(again) == render_site(cold)
    # Pages read back from the cache pass on undecoded (render.Markdown): every interview page
    # and every listing of topics and people.
    passed = {path for path, page in render_pages(again) if isinstance(page, bytes)}
    kept = {i.url.rstrip("/") + ".md" for i in again.interviews}
    kept |= {path for path in render_site(cold) if path.startswith(("topics/", "people/"))}
    kept -= {"topics/index.md", "people/index.md"}
    assert kept <= passed


def _built_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds copied (without their manifest) and built once into a cache of their own:
    the folder and the cache."""
    folder = tmp_path / "source_texts"
    shutil.copytree(SOURCE, folder)
    (folder / "manifest.yaml").unlink()
    cache = tmp_path / "cache"
    render_site(build_corpus(folder, cache_dir=cache))
    return folder, cache


def test_only_the_listings_an_edit_changes_are_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Topic and people listings are kept whole by what they show: an edit naming NATO,
    Belarus and Putin re-renders their listings (and the cold build agrees), while changing a
    word of a post that names nothing new re-renders none."""
    from build_tools import render_indexes

    folder, cache = _built_copy(tmp_path)
    made: list[str] = []
    split_kept = render_indexes._split_kept

    def spy(store: object, url: str, blocks: object) -> object:
        if url.startswith(("topics/", "people/")):
            made.append(url)
        return split_kept(store, url, blocks)  # type: ignore[arg-type]

    monkeypatch.setattr(render_indexes, "_split_kept", spy)
    _topic(folder)
    warm = render_site(build_corpus(folder, cache_dir=cache))
    assert {"topics/nato/", "topics/belarus/", "people/vladimir-putin/"} <= set(made)
    assert len(made) < 6, made  # not the seeds' 60 topics and people
    assert warm == render_site(build_corpus(folder))
    assert len(made) > 60  # a cold build keeps nothing: it makes every listing
    made.clear()
    _word(folder)  # the same paragraph: the listings show it, with as many paragraphs as before
    warm = render_site(build_corpus(folder, cache_dir=cache))
    assert "topics/nato/" in made
    assert warm == render_site(build_corpus(folder))
    made.clear()
    _edit_excerpt(folder)  # a word of a post that names no topic or person differently
    warm = render_site(build_corpus(folder, cache_dir=cache))
    assert made == []
    assert warm == render_site(build_corpus(folder))


def test_an_edit_naming_nothing_new_ranks_and_lists_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What depends on the topics and people of every interview (the related interviews, the
    "All interviews" page, the tables of who names what) is kept while an edit changes none of
    them, and made again (as a cold build makes it) when one does."""
    from build_tools import relations, render_facets
    from build_tools.cache import ParseCache

    folder, cache = _built_copy(tmp_path)
    calls: list[str] = []
    related, page, put = relations.related, render_facets._page, ParseCache.put
    monkeypatch.setattr(relations, "related", lambda i: calls.append("related") or related(i))
    monkeypatch.setattr(render_facets, "_page", lambda c: calls.append("facets") or page(c))

    def spy_put(self: ParseCache, key: str, value: object) -> None:
        calls.append(key.split("-")[0])
        put(self, key, value)

    monkeypatch.setattr(ParseCache, "put", spy_put)
    _edit_excerpt(folder)
    warm = render_site(build_corpus(folder, cache_dir=cache))
    assert not {"related", "facets", "named"} & set(calls), calls
    assert warm == render_site(build_corpus(folder))
    calls.clear()
    _topic(folder)  # NATO, Belarus and Putin: the related interviews and the facets change
    warm = render_site(build_corpus(folder, cache_dir=cache))
    assert {"related", "facets"} <= set(calls)
    assert warm == render_site(build_corpus(folder))


def _mkdocs_build(folder: Path, cache: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_TEXTS": str(folder),
           "TRANSCRIPTS_CACHE": str(cache), "SOURCE_DATE_EPOCH": EPOCH}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_site_built_again_from_the_cache_is_the_same_site(tmp_path: Path) -> None:
    """A real MkDocs build, then another with the same cache after an edit and its undo: the
    second build's pages come from the cache, as bytes through the hook (render.Markdown),
    and the site it writes is byte for byte the first one."""
    folder, cache = tmp_path / "source_texts", tmp_path / "cache"
    shutil.copytree(SOURCE, folder)
    first, second = tmp_path / "first", tmp_path / "second"
    _mkdocs_build(folder, cache, first)
    original = (folder / FULL).read_bytes()
    _word(folder)
    render_site(build_corpus(folder, cache_dir=cache))  # the edit's pages join the cache
    (folder / FULL).write_bytes(original)
    _mkdocs_build(folder, cache, second)
    built, again = _files(first), _files(second)
    assert sorted(built) == sorted(again)
    assert [p for p in built if built[p] != again[p]] == []
