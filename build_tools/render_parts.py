"""Long listing pages split into parts of bounded size.

Topic, people, chronology, outlet and method pages list something for every interview, so they
grow with the archive: at 1,000 interviews one topic page was 6.6 MB. A listing is a sequence of
blocks (everything about one interview, one year, one outlet) that is never split; blocks fill
parts of at most ``PART_BUDGET`` characters. A listing that fits keeps its single page exactly as
before; a longer one keeps its address for part 1, which lists every part with the range it
covers, and puts part *k* at ``<url>k/``. Parts are not in the navigation (that would grow with
the archive too); each has links to the first, previous and next part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from build_tools.render import esc, front_matter, href, page_path

# Characters of body HTML a part may hold (a block larger than this gets a part of its own).
# With the theme's ~15 KB around it, a full part weighs about what the benchmark allows an
# interview page (120 KB). Every part is a page MkDocs renders: at 1,000 interviews 60,000 made
# 2,032 listing pages, this makes 1,224 (python -m bench). The seed archive's longest listing is
# about 30,000: its pages stay whole.
PART_BUDGET = 100_000


@dataclass(frozen=True)
class Section:
    """Lines around a run of blocks (a heading and a list's tags), repeated on every part the
    run continues on, so a part never starts inside a list."""

    open: tuple[str, ...]
    """Lines before the run's first block on a page."""
    close: tuple[str, ...] = ()
    """Lines after the run's last block on a page."""


@dataclass(frozen=True)
class Block:
    """One unsplittable piece of a listing."""

    key: str
    """What the block is named by in a part's range: a date, a year, an outlet."""
    render: Callable[[str], str]
    """The block's HTML, given the URL of the page it is on (links are relative)."""
    section: Section | None = None
    """The section the block belongs to, if any."""
    token: str | None = None
    """A digest of everything the block shows, when a build may reuse it from the last one."""


@dataclass(frozen=True)
class Part:
    """One page of a listing."""

    url: str
    """Site-relative directory URL: the listing's own for part 1, ``<url>k/`` for part k."""
    blocks: tuple[Block, ...]
    """The blocks on this page, in listing order."""
    texts: tuple[str, ...]
    """Each block's HTML as rendered for this page."""

    @property
    def span(self) -> str:
        """The range the part covers, from its first and last blocks' keys."""
        first, last = self.blocks[0].key, self.blocks[-1].key
        return first if first == last else f"{first} – {last}"


def split(
    url: str,
    blocks: Sequence[Block],
    budget: int | None = None,
    kept: Mapping[tuple[str, str], str] | None = None,
    made: dict[tuple[str, str], str] | None = None,
) -> list[Part]:
    """Blocks in order, packed greedily into parts of at most ``budget`` characters.

    ``kept`` holds blocks rendered by the last build, by (part URL, token); ``made`` receives
    this build's, for the next one. ``budget`` defaults to ``PART_BUDGET``."""
    budget = PART_BUDGET if budget is None else budget
    groups: list[tuple[list[Block], list[str]]] = [([], [])]
    size = 0

    def text_of(block: Block, here: str) -> str:
        key = (here, block.token) if block.token is not None else None
        text = kept.get(key) if kept is not None and key is not None else None
        if text is None:
            text = block.render(here)
        if made is not None and key is not None:
            made[key] = text
        return text

    for block in blocks:
        # Rendered once for the part it lands on; again only when it starts a new part.
        text = text_of(block, _part_url(url, len(groups)))
        if groups[-1][0] and size + len(text) > budget:
            groups.append(([], []))
            size = 0
            text = text_of(block, _part_url(url, len(groups)))
        groups[-1][0].append(block)
        groups[-1][1].append(text)
        size += len(text)
    return [
        Part(_part_url(url, n), tuple(members), tuple(texts))
        for n, (members, texts) in enumerate(groups, 1)
    ]


def _part_url(url: str, n: int) -> str:
    return url if n == 1 else f"{url}{n}/"


def first_part(parts: Sequence[Part]) -> dict[str, str]:
    """For each block key, the URL of the first part holding it (for a table of contents)."""
    first: dict[str, str] = {}
    for part in parts:
        for block in part.blocks:
            first.setdefault(block.key, part.url)
    return first


def pages(parts: Sequence[Part], title: str, description: str, lead: Sequence[str],
          what: str) -> dict[str, str]:  # fmt: skip
    """One Markdown page per part: front matter, the ``title`` heading, ``lead`` (part 1
    only), the pager if there is more than one part, and the blocks. ``description`` is HTML
    already; ``what`` names the listing in the pager (``paragraphs``, ``texts``)."""
    out = {}
    for n, part in enumerate(parts, 1):
        full = title + title_suffix(parts, part)
        note = f" Part {n} of {len(parts)}: {part.span}." if len(parts) > 1 else ""
        body = [f'<h1 class="ta-title">{esc(full)}</h1>', "", *(lead if n == 1 else ())]
        if len(parts) > 1:
            body += [_pager(parts, n, what), ""]
        body += _with_sections(part)
        if len(parts) > 1:
            body += [_pager(parts, n, what, bottom=True), ""]
        meta: dict[str, object] = {"title": esc(full), "description": description + esc(note)}
        if n > 1:
            # A continuation holds entries of the listing only, each found on its own page: it
            # stays out of search (title and pager alone would be a result with nothing in it).
            meta["search"] = {"exclude": True}
        head = front_matter(meta)
        out[page_path(part.url)] = head + "\n".join(body)
    return out


def _with_sections(part: Part) -> list[str]:
    lines: list[str] = []
    current: Section | None = None
    for block, text in zip(part.blocks, part.texts, strict=True):
        if block.section is not current:
            lines += current.close if current else ()
            lines += block.section.open if block.section else ()
            current = block.section
        lines.append(text)
    return lines + list(current.close if current else ())


def title_suffix(parts: Sequence[Part], part: Part) -> str:
    """`` (part 2 of 5)`` for a page of a split listing, nothing for a single page."""
    return "" if len(parts) == 1 else f" (part {parts.index(part) + 1} of {len(parts)})"


def _pager(parts: Sequence[Part], n: int, what: str, bottom: bool = False) -> str:
    here = parts[n - 1].url
    links = [f"Part {n} of {len(parts)} ({esc(parts[n - 1].span)})."]
    if n > 1:
        links.append(f'<a href="{esc(href(here, parts[n - 2].url))}" rel="prev">Previous part</a>')
    if n < len(parts):
        links.append(f'<a href="{esc(href(here, parts[n].url))}" rel="next">Next part</a>')
    if n > 1:
        links.append(f'<a href="{esc(href(here, parts[0].url))}#parts">All parts</a>')
    nav = (
        f'<nav class="ta-pager" aria-label="Parts of this list of {esc(what)}" data-search-exclude>'
    )
    html = [nav, "<p>" + " · ".join(links) + "</p>"]
    if n == 1 and not bottom:
        html += ['<ol id="parts" class="ta-parts">']
        html += [f'<li><a href="{esc(href(here, p.url))}">{esc(p.span)}</a></li>' for p in parts]
        html.append("</ol>")
    return "\n".join([*html, "</nav>"])
