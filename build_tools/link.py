"""Corpus-wide linking: one interview per full text, with its excerpts and duplicates merged.

Which sources are full texts, excerpts or duplicates is decided from content alone
(``excerpts.py``). Slugs come from what the text says (date, then outlet, occasion or kind),
never from file names, so renaming a file changes nothing. Two full texts that would get the
same slug are told apart by content hash, in hash order, so the outcome does not depend on the
order files were read in.
"""

from __future__ import annotations

from collections import defaultdict

from build_tools.excerpts import decide, link_sources
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
    """Interviews for the full texts, with excerpts and duplicates merged; by date, then slug."""
    decisions = decide(sources)
    full = [d.source for d in decisions if d.role == "full"]
    merged = link_sources(decisions)
    slugs = assign_slugs(full)
    interviews = [
        Interview(
            id=slugs[p.source.path],
            url=interview_url(slugs[p.source.path]),
            main=p,
            linked=tuple(merged.get(p.source.path, ())),
            missing_full_text=p.metadata.kind == "excerpt",
        )
        for p in full
    ]
    interviews.sort(key=lambda i: (i.main.metadata.date or "9999", i.id))
    return interviews
