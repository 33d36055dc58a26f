"""Corpus-wide linking: one interview per full text, with its excerpts and duplicates merged.

Which sources are full texts, excerpts or duplicates is decided from content alone
(``excerpts.py``). Slugs come from what the text says (date, then outlet, occasion or kind),
never from file names, so renaming a file changes nothing. Two full texts that would get the
same slug are told apart by content hash, in hash order, so the outcome does not depend on the
order files were read in.
"""

from __future__ import annotations

from collections import defaultdict

from build_tools.cache import Store
from build_tools.excerpts import decide, link_sources
from build_tools.ids import slugify
from build_tools.model import Diagnostic, Interview, ParsedSource


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


def assign_slugs(sources: list[ParsedSource]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Map each source path to a unique slug; collisions get ``-2``, ``-3`` by content hash,
    and each one is reported (a warning on every file after the first)."""
    groups: dict[str, list[ParsedSource]] = defaultdict(list)
    for p in sources:
        groups[base_slug(p)].append(p)
    slugs: dict[str, str] = {}
    notes: list[Diagnostic] = []
    for base, members in groups.items():
        members.sort(key=lambda p: (p.source.sha256, p.source.path))
        for i, p in enumerate(members, start=1):
            slugs[p.source.path] = base if i == 1 else f"{base}-{i}"
            if i > 1:
                notes.append(_collision(p, base, slugs[p.source.path], members[0]))
    # A numbered slug can meet a text's own ("x-2" from a clash, and a text whose own slug is
    # "x-2"): the one later in hash order gets a letter, so every address stays unique.
    taken: set[str] = set()
    for p in sorted(sources, key=lambda p: (p.source.sha256, p.source.path)):
        slug = slugs[p.source.path]
        for suffix in ("", *"bcdefghijklmnopqrstuvwxyz"):
            if slug + suffix not in taken:
                break
        slugs[p.source.path] = slug + suffix
        taken.add(slug + suffix)
    return slugs, notes


def _collision(p: ParsedSource, base: str, slug: str, first: ParsedSource) -> Diagnostic:
    return Diagnostic(
        p.source.path,
        (p.metadata_lines.get("title") or (None,))[0],
        "warning",
        f"its page would have the same address as {first.source.path} "
        f"(interviews/{base}/: same date and outlet); it gets interviews/{slug}/.",
        "Nothing to do if these are two interviews; the numbering follows the files' SHA-256, "
        "so it is stable. If they are the same interview, keep one file.",
    )


def link(
    sources: list[ParsedSource], cache: Store | None = None
) -> tuple[list[Interview], list[Diagnostic]]:
    """Interviews for the full texts, with excerpts and duplicates merged, by date then slug;
    and what linking had to say (slug collisions). ``cache`` keeps alignments between builds."""
    decisions = decide(sources, cache)
    full = [d.source for d in decisions if d.role == "full"]
    merged = link_sources(decisions, cache)
    slugs, notes = assign_slugs(full)
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
    return interviews, notes
