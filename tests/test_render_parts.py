"""Long listings split into parts (build_tools/render_parts.py): nothing lost, links that hold."""

from __future__ import annotations

import posixpath
import re

import frontmatter
import pytest

from build_tools import render_parts
from build_tools.model import Corpus
from build_tools.render import render_site
from build_tools.render_parts import Block, Section, split

HREF = re.compile(r'href="([^"#]*)(?:#[^"]*)?"')


def _block(key: str, size: int) -> Block:
    return Block(key, lambda here: "x" * size)


def test_blocks_fill_parts_in_order_and_never_split() -> None:
    blocks = [_block(f"2020-0{n}", 40) for n in range(1, 8)]
    parts = split("topics/x/", blocks, budget=100)
    assert [len(p.blocks) for p in parts] == [2, 2, 2, 1]
    assert [b for p in parts for b in p.blocks] == blocks
    assert [p.url for p in parts] == ["topics/x/", "topics/x/2/", "topics/x/3/", "topics/x/4/"]
    assert parts[1].span == "2020-03 – 2020-04"
    assert parts[3].span == "2020-07"


def test_a_block_larger_than_the_budget_gets_a_part_of_its_own() -> None:
    parts = split("x/", [_block("a", 10), _block("b", 500), _block("c", 10)], budget=100)
    assert [[b.key for b in p.blocks] for p in parts] == [["a"], ["b"], ["c"]]


def test_a_listing_that_fits_is_one_page_with_no_pager() -> None:
    section = Section(("<ul>",), ("</ul>",))
    blocks = [Block("a", lambda here: "<li>a</li>", section)]
    out = render_parts.pages(split("x/", blocks), "T", "d", ["<p>lead</p>"], "things")
    assert list(out) == ["x.md"]
    assert "ta-pager" not in out["x.md"]
    assert out["x.md"].endswith(
        '<h1 class="ta-title">T</h1>\n\n<p>lead</p>\n<ul>\n<li>a</li>\n</ul>'
    )


def test_sections_reopen_on_the_next_part() -> None:
    section = Section(("<h2>2020</h2>", "<ul>"), ("</ul>",))
    blocks = [Block(str(n), lambda here: "<li>" + "y" * 50 + "</li>", section) for n in range(3)]
    out = render_parts.pages(split("x/", blocks, budget=130), "T", "d", [], "things")
    assert list(out) == ["x.md", "x/2.md"]
    for page in out.values():
        assert page.count("<ul>") == page.count("</ul>") == 1
        assert "<h2>2020</h2>" in page


@pytest.fixture
def split_site(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The seed site's pages with a budget small enough to split every long listing."""
    with monkeypatch.context() as patch:
        patch.setattr(render_parts, "PART_BUDGET", 4_000)
        return render_site(seed_corpus)


def test_split_listings_keep_every_entry_once(
    seed_corpus: Corpus, split_site: dict[str, str]
) -> None:
    whole = render_site(seed_corpus)  # the default budget: nothing split for four interviews
    assert not any("ta-pager" in page for page in whole.values())
    for path in ["topics/ukraine.md", "method.md", "people/vladimir-putin.md"]:
        stem = path.removesuffix(".md")
        parts = [split_site[path]] + [
            split_site[p] for p in sorted(split_site) if p.startswith(stem + "/")
        ]
        assert len(parts) > 1, path

        def anchors(text: str) -> list[str]:
            return re.findall(r'#(p-[0-9a-f]+)"', text) + re.findall(r'<h3 id="([^"]+)"', text)

        assert sorted(a for p in parts for a in anchors(p)) == sorted(anchors(whole[path]))


def test_every_link_in_a_split_listing_resolves(split_site: dict[str, str]) -> None:
    urls = {("" if p == "index.md" else p.removesuffix(".md") + "/") for p in split_site}
    split_pages = [p for p, text in split_site.items() if "ta-pager" in text]
    assert len(split_pages) > 10
    for path in split_pages:
        here = "" if path == "index.md" else path.removesuffix(".md") + "/"
        for link in HREF.findall(split_site[path]):
            if not link:
                continue
            target = posixpath.normpath(posixpath.join("/" + here, link)).lstrip("/")
            assert (target + "/" if target else "") in urls, (path, link)


def test_kept_blocks_are_reused_only_on_the_part_they_were_made_for() -> None:
    def block(key: str) -> Block:
        return Block(key, lambda here: f"<{key}@{here}>" + "z" * 40, token=f"t-{key}")

    made: dict[tuple[str, str], str] = {}
    first = split("x/", [block("a"), block("b")], budget=60, made=made)
    assert made[("x/", "t-a")] == first[0].texts[0]
    assert made[("x/2/", "t-b")] == first[1].texts[0]
    kept = {("x/", "t-a"): "KEPT-A" + "z" * 40, ("x/", "t-b"): "KEPT-B" + "z" * 40}
    again = split("x/", [block("a"), block("b")], budget=60, kept=kept)
    assert again[0].texts == ("KEPT-A" + "z" * 40,)
    assert again[1].texts == (first[1].texts[0],)  # made for x/2/, not taken from x/
    assert "<b@x/2/>" in again[1].texts[0]


def test_continuation_parts_stay_out_of_search(split_site: dict[str, str]) -> None:
    """A listing's part 2, 3... asks to be left out of search (it holds only entries, each
    found on its own interview page); its part 1 does not."""
    continuations = [p for p in split_site if re.search(r"/\d+\.md$", p)]
    assert len(continuations) > 5
    for path in continuations:
        assert frontmatter.loads(split_site[path]).get("search") == {"exclude": True}, path
    for path in ["topics/ukraine.md", "method.md", "people/vladimir-putin.md"]:
        assert "search" not in frontmatter.loads(split_site[path]).metadata, path


@pytest.mark.parametrize("listings", ["topic_pages", "people_pages"])
def test_listings_come_one_at_a_time(
    seed_corpus: Corpus, listings: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each listing's pages are handed on before the next listing is made, so the caller (which
    keeps each page compressed) never holds them all: at 1,000 interviews the topic pages are
    86 MB of text, and holding them left the heap 200 MB larger after they were freed."""
    from build_tools import render_indexes

    made: list[str] = []
    listing = render_indexes._listing

    def watched(store: object, url: str, *args: object) -> dict[str, str]:
        made.append(url)
        return listing(store, url, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(render_indexes, "_listing", watched)
    pages = iter(getattr(render_indexes, listings)(seed_corpus))
    first, _ = next(pages)
    assert len(made) == 1 and first.startswith(made[0].rstrip("/"))
    rest = [path for path, _ in pages]
    assert len(made) > 10 and rest[-1].endswith("/index.md")
