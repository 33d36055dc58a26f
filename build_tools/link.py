"""Corpus-wide linking: one interview per full text, stable slugs and URLs.

Slugs come from what the text says (date, then outlet, occasion or kind), never from file
names, so renaming a file changes nothing. Two sources that would get the same slug are told
apart by their content hash, in hash order, which makes the outcome independent of the order
files were read in.
"""

from __future__ import annotations

from collections import defaultdict

from build_tools.ids import slugify
from build_tools.model import Interview, ParsedSource


def base_slug(parsed: ParsedSource) -> str:
    """Slug before collision handling: ``2021-11-01-rossiya-24``."""
    meta = parsed.metadata
    name = meta.outlet or meta.occasion or meta.kind or "transcript"
    slug = slugify(name) or "transcript"
    if meta.kind == "excerpt":
        slug += "-excerpt"
    return f"{meta.date or 'undated'}-{slug}"


def interview_url(slug: str) -> str:
    """Site-relative URL of an interview page."""
    return f"interviews/{slug}/"


def assign_slugs(sources: list[ParsedSource]) -> dict[str, str]:
    """Map each source path to a unique slug; collisions get ``-2``, ``-3`` by content hash."""
    groups: dict[str, list[ParsedSource]] = defaultdict(list)
    for p in sources:
        groups[base_slug(p)].append(p)
    slugs: dict[str, str] = {}
    for base, members in groups.items():
        members.sort(key=lambda p: (p.source.sha256, p.source.path))
        for i, p in enumerate(members, start=1):
            slugs[p.source.path] = base if i == 1 else f"{base}-{i}"
    return slugs


def link(sources: list[ParsedSource]) -> list[Interview]:
    """Make interviews from parsed sources, sorted by date then slug."""
    slugs = assign_slugs(sources)
    interviews = [
        Interview(id=slugs[p.source.path], url=interview_url(slugs[p.source.path]), main=p)
        for p in sources
    ]
    interviews.sort(key=lambda i: (i.main.metadata.date or "9999", i.id))
    return interviews
