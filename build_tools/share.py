"""What an interview page tells link previews and search engines: Open Graph and JSON-LD.

Open Graph (``og:*``, ``article:*`` meta tags) is what chat apps and social sites read for a
link's preview; JSON-LD (schema.org) is what search engines and reference managers read for the
work's facts. Both need the page's absolute address, so only the published site carries them
(the offline bundle has no address to give). Every value comes from the transcript's own text,
so it is escaped: attribute values with ``render.esc``; the JSON-LD with ``json.dumps`` and then
every ``<``, ``>`` and ``&`` as a JSON ``\\u`` escape, so that no title can end the script
element or open a comment inside it (``</script>``, ``<!--``), and the JSON still parses to
the same text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from build_tools import features
from build_tools.citation import citation_of
from build_tools.model import Corpus, Interview, repack_interview
from build_tools.render import esc, page_path
from build_tools.render_interview import description
from build_tools.topics import load_topics

TAGS = 6
"""Topics named as ``article:tag`` (the most prominent)."""
ABOUT = 10
"""Topics named in JSON-LD's ``about``: the most prominent, as many as the page's own topic
chips (render_interview.CHIPS); an interview touches ~35 topics, most in passing."""


@dataclass(frozen=True)
class Shared:
    """The facts of one interview that its page shares (plain text, not escaped)."""

    url: str
    """Site-relative URL of the page (``interviews/<id>/``)."""
    title: str
    """The title as published."""
    description: str
    """One plain sentence (``render_interview.description``)."""
    date: str | None
    """ISO date of the interview."""
    speaker: str | None
    """Who speaks (as in the citation)."""
    outlet: str | None
    """The media outlet it was given to."""
    occasion: str | None
    """The event or production it belongs to."""
    place: str | None
    """Where it took place."""
    kind: str
    """``interview``, ``remarks and answers to questions``..."""
    language: str
    """Language of the text (BCP 47)."""
    topics: tuple[str, ...]
    """Names of its topics, most prominent first."""


def shared_of(interview: Interview, topic_names: dict[str, str]) -> Shared:
    """What the page of ``interview`` shares."""
    meta = interview.main.metadata
    return Shared(
        url=interview.url, title=meta.title, description=description(interview),
        date=meta.date, speaker=citation_of(interview).speaker, outlet=meta.outlet,
        occasion=meta.occasion, place=meta.place, kind=meta.kind,
        language=features.of(interview.main).language,
        topics=tuple(topic_names[t] for t in interview.topics if t in topic_names),
    )  # fmt: skip


def shared_pages(corpus: Corpus) -> dict[str, Shared]:
    """Interview page (docs-relative source path) -> what it shares; kept by the build hook
    after the corpus is dropped (a few hundred bytes an interview)."""
    names = topic_names()
    shared = {}
    for interview in corpus.interviews:
        shared[page_path(interview.url)] = shared_of(interview, names)
        repack_interview(interview)  # who speaks is read from the turns: they go again
    return shared


def topic_names() -> dict[str, str]:
    """Topic id -> name, as :func:`shared_of` wants them."""
    return {t.id: t.name for t in load_topics()}


def json_ld(shared: Shared, site_url: str, site_name: str) -> dict[str, object]:
    """The schema.org record of the interview (an ``Article`` whose ``genre`` is its kind)."""
    url = site_url + shared.url
    record: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": shared.title,
        "name": shared.title,
        "description": shared.description,
        "genre": shared.kind,
        "inLanguage": shared.language,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url},
    }
    if shared.date:
        record["datePublished"] = shared.date
    if shared.speaker:
        record["author"] = {"@type": "Person", "name": shared.speaker}
    if shared.outlet:
        record["publisher"] = {"@type": "Organization", "name": shared.outlet}
    if shared.occasion:
        record["recordedAt"] = {"@type": "Event", "name": shared.occasion}
    if shared.place:
        record["locationCreated"] = {"@type": "Place", "name": shared.place}
    if shared.topics:
        record["about"] = [{"@type": "Thing", "name": t} for t in shared.topics[:ABOUT]]
    return record


def script_json(data: object) -> str:
    """``data`` as JSON that is safe as the text of a ``<script>`` element (see the module)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def head_tags(shared: Shared, site_url: str, site_name: str) -> str:
    """The Open Graph meta tags and the JSON-LD script for the page's ``<head>``."""
    url = site_url + shared.url
    props = [
        ("og:type", "article"),
        ("og:title", shared.title),
        ("og:description", shared.description),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", shared.language.replace("-", "_")),
    ]
    if shared.date:
        props.append(("article:published_time", shared.date))
    if shared.speaker:
        props.append(("article:author", shared.speaker))
    props += [("article:tag", t) for t in shared.topics[:TAGS]]
    tags = [f'<meta property="{esc(k)}" content="{esc(v)}">' for k, v in props]
    tags.append(
        '<script type="application/ld+json">'
        + script_json(json_ld(shared, site_url, site_name))
        + "</script>"
    )
    return "".join(tags)
