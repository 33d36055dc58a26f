"""The one data model that flows through the pipeline.

decode -> normalise -> parse -> link -> render: every stage takes and returns these frozen
dataclasses, so a stage can be tested alone and nothing downstream can mutate what an earlier
stage decided. Mappings held in fields are treated as read-only by convention.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

Level = Literal["error", "warning"]
Role = Literal["question", "answer", "statement"]
SourceRole = Literal["full", "excerpt", "duplicate"]


class Packed:
    """A frozen dataclass some of whose fields are pickled in groups (``_packed_fields``), each
    group as one compressed pickle of its own, and unpickled when one of its fields is first
    read; :func:`repack` lets go of the unpickled values again.

    Why: a rebuild after an edit unpickles every unchanged file's cache entry, and the stages
    read only part of it; the rest (at 1,000 files, 57 MB of source lines, 49 MB of turns
    pickled) then costs a copy of bytes instead of millions of objects. A field read often in
    some builds (the turns: every page made again) is a group of its own, so reading it does
    not unpickle the rest. The pickle is kept after it is read: pickling the instance again
    reuses it, and a stage done with a source's turns (its page made, its downloads written)
    gives them back with :func:`repack` (at 5,000 files the turns took 570 MB as objects).
    The packed fields may have no default: a default is found on the class, so a missing field
    would not be noticed."""

    _packed_fields: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        blobs = []
        for group in self._packed_fields:
            blob = state.pop(_packed_key(group), None)
            if blob is None:  # never packed: pickled now
                values = tuple(state.pop(name) for name in group)
                blob = zlib.compress(pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL), 1)
            for name in group:  # unpickled since: the pickle holds them
                state.pop(name, None)
            blobs.append(blob)
        return (_unpickle_packed, (type(self), state, tuple(blobs)))

    if not TYPE_CHECKING:  # to the type checker every attribute stays a plain field

        def __getattr__(self, name: str) -> Any:
            # Called only for an attribute missing from the instance: a packed field.
            for group in self._packed_fields:
                blob = self.__dict__.get(_packed_key(group)) if name in group else None
                if blob is not None:
                    # Packed by __reduce__ into the build's own cache (see cache.py), never a
                    # source.
                    values = pickle.loads(zlib.decompress(blob))  # noqa: S301
                    self.__dict__.update(zip(group, values, strict=True))
                    return self.__dict__[name]
            raise AttributeError(name)


def repack(*instances: Packed) -> None:
    """Let go of the unpickled values of every packed group whose pickle is kept (they are
    unpickled again when next read): for a stage done with a source."""
    for instance in instances:
        state = instance.__dict__
        for group in instance._packed_fields:
            if _packed_key(group) in state:
                for name in group:
                    state.pop(name, None)


T = TypeVar("T")
P = TypeVar("P", bound=Packed)


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def replaced(instance: T, **changes: Any) -> T:
    """``dataclasses.replace`` for a frozen dataclass instance, without calling its
    ``__init__``: the other fields are copied as they are. A :class:`Packed` instance keeps its
    packed groups packed (``replace`` reads every field, so it would unpickle them all), and
    only fields outside them may change. Also faster: ``replace`` took 0.16 s for the 19,000
    copies a build of 5,000 files makes to drop the sources' shingles. Everything in the
    instance's ``__dict__`` is copied: a ``cached_property`` computed from a changed field would
    go stale (the model has none)."""
    cls: type = type(instance)
    packed = {name for group in getattr(cls, "_packed_fields", ()) for name in group}
    wrong = (packed | (changes.keys() - _field_names(cls))) & changes.keys()
    if wrong:
        raise ValueError(f"not replaceable without unpacking: {sorted(wrong)}")
    made: T = object.__new__(cls)
    made.__dict__.update(instance.__dict__)
    made.__dict__.update(changes)
    return made


def _packed_key(group: tuple[str, ...]) -> str:
    """Where an instance keeps a group's pickle: named by its first field."""
    return f"_packed_{group[0]}"


def _unpickle_packed(cls: type[P], state: dict[str, Any], blobs: tuple[bytes, ...]) -> P:
    """An instance of ``cls`` from its pickle, its packed fields still packed."""
    made: P = object.__new__(cls)
    made.__dict__.update(state)
    for group, blob in zip(cls._packed_fields, blobs, strict=True):
        made.__dict__[_packed_key(group)] = blob
    return made


@dataclass(frozen=True)
class Diagnostic:
    """A message for the maintainer: what is wrong, where, and what to do."""

    path: str
    """Source path as shown to the maintainer, e.g. ``source_texts/x.txt``."""
    line: int | None
    """1-based source line, or None when the problem concerns the whole file."""
    level: Level
    """``error`` makes ``check`` fail and skips the file; ``warning`` is advice."""
    message: str
    """What is wrong, in one sentence."""
    hint: str = ""
    """What to do about it (the fix), in one sentence."""
    byte_offset: int | None = None
    """Offset of the offending byte in the raw file, for decoding problems."""

    def format(self) -> str:
        """Render as ``path:line: level: message (fix: hint)`` for terminals and CI logs."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.byte_offset is not None:
            where += f" (byte {self.byte_offset})"
        message = self.message if self.message.endswith((".", "?", "!")) else self.message + "."
        text = f"{where}: {self.level}: {message}"
        if self.hint:
            text += f" Fix: {self.hint}"
        return text


@dataclass(frozen=True)
class SourceRef:
    """Identity of one raw file: enough to cite it and to prove it unchanged."""

    path: str
    """Repository-relative POSIX path, e.g. ``source_texts/2021-11-01-rossiya-24.txt``."""
    sha256: str
    """Hex SHA-256 of the raw bytes."""
    size: int
    """Size of the raw file in bytes."""


@dataclass(frozen=True)
class DecodedText:
    """A raw file turned into text, with how that was done."""

    path: str
    """Source path, as in :class:`SourceRef`."""
    text: str
    """The text with BOM removed and every line end turned into ``\\n``."""
    encoding: str
    """Codec used, e.g. ``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1251``."""
    line_ending: str
    """What the file used: ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none``."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Undecodable bytes and similar, each with its byte offset."""


@dataclass(frozen=True)
class SourceLine:
    """One line of a source after normalisation, still tied to its place in the file."""

    number: int
    """1-based line number in the decoded source."""
    raw: str
    """The decoded line exactly as in the source (no line end)."""
    text: str
    """The normalised line: same words, fixed form."""


@dataclass(frozen=True)
class Removal:
    """A piece of source text that is deliberately not on any page, and why."""

    path: str
    """Source path."""
    line: int
    """1-based source line the text came from."""
    text: str
    """The removed text, as normalised."""
    reason: str
    """Human-readable reason, e.g. ``language switcher (web chrome)``."""
    rule: str
    """Identifier of the rule that removed it, for auditing and counting."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of speech, the unit that is cited and linked."""

    id: str
    """Stable id, unique within its interview, used as the HTML anchor."""
    text: str
    """The normalised paragraph text (plain text, never markup)."""
    line: int
    """First source line of the paragraph."""
    lines: tuple[int, ...]
    """Every source line that contributed text (more than one when a broken line was joined)."""
    offsets: tuple[int, ...] = (0,)
    """Where each line's contribution starts in ``text``, parallel to ``lines``."""
    kind: Literal["text", "bullet", "highlight", "heading"] = "text"
    """How the source presented it: running text, a bullet item, an emphasised quote, a heading."""


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted contribution."""

    speaker: str
    """Canonical speaker name, e.g. ``Sergey Lavrov``; ``Question`` for an unnamed questioner."""
    role: Role
    """``question``, ``answer`` or ``statement`` (speech not answering a question)."""
    label: str | None
    """The label as written in the source (``S.V. Lavrov``), None when the turn had none."""
    line: int
    """Source line where the turn starts."""
    paragraphs: tuple[Paragraph, ...]
    """The turn's paragraphs in order."""
    note: str | None = None
    """A remark inside the label, e.g. ``retranslated from English`` or ``speaks after ...``."""


@dataclass(frozen=True)
class Metadata:
    """Facts about a transcript, read from its own text (and the manifest, if it adds any)."""

    title: str
    """The title line as published, normalised, without Markdown or marker characters."""
    date: str | None
    """Date of the interview or event, ISO ``YYYY-MM-DD``."""
    place: str | None
    """Where it took place, e.g. ``Solnechnogorsk, Moscow Region``."""
    outlet: str | None
    """Media outlet or organisation the interview was given to."""
    occasion: str | None
    """Event or production it belongs to (a forum, a film)."""
    kind: str
    """``interview``, ``remarks and answers to questions``, ``news conference``, ``article``..."""
    speaker: str | None
    """The main speaker named in the title, canonical form."""
    published: str | None = None
    """Publication time stamp found in the source, ISO ``YYYY-MM-DDTHH:MM``."""
    reading_time: str | None = None
    """Reading time as the source states it, e.g. ``28-35 minutes``."""
    source_tags: tuple[str, ...] = ()
    """Topic tags the publishing site attached (``Additional materials``)."""
    site: str | None = None
    """Website the text was clipped from, when the source names it."""
    excerpt_framing: tuple[str, ...] = ()
    """Framing phrases that mark the text as a post quoting something longer (``Read in full``)."""


@dataclass(frozen=True)
class Features:
    """What the corpus-wide stages need from one source alone, computed once when it is read
    and cached with it, so that linking, tagging and rendering after an edit only join them."""

    digest: str
    """Identity of the source as read (path, bytes' SHA-256, manifest facts): a key for what
    later stages cache about it."""
    tokens: int
    """Number of words compared for excerpts (editorial ``[insertions]`` left out)."""
    shingles: bytes
    """Distinct CRC-32 hashes of its word 5-grams, sorted, as little-endian 32-bit integers
    (four bytes each where a set of Python ints takes about sixty). Empty in a corpus built
    without its link inputs (``pipeline.without_link_inputs``)."""
    shingle_samples: bytes
    """Those of them in the sample that finds candidate pairs (``excerpts.sampled``), the same
    way (computed once here, not for every source on every build). Empty as ``shingles``."""
    topics: tuple[str, ...]
    """Topic ids it is about, most prominent first (``topics.interview_topics``)."""
    people: tuple[str, ...]
    """Person ids it names, most mentioned first (``people.interview_people``)."""
    topic_places: Sequence[tuple[int, str, str]]
    """(topic index, paragraph id, snippet) for each paragraph naming a topic, by topic index,
    then in text order (a :class:`~build_tools.places.Places`: a few arrays, not a tuple per
    row)."""
    person_places: Sequence[tuple[int, str, str]]
    """(person index, paragraph id, snippet) for each paragraph naming a person, by person
    index, then in text order (as ``topic_places``)."""
    topic_counts: tuple[tuple[int, int], ...]
    """(topic index, number of its ``topic_places``) for each topic named, by index."""
    person_counts: tuple[tuple[int, int], ...]
    """(person index, number of its ``person_places``) for each person named, by index."""
    language: str
    """Language of the whole text (``language.detect``)."""
    languages: tuple[str, ...]
    """Language of each paragraph, in order."""
    speakers: tuple[str, ...]
    """Each turn's speaker, once, in order of first turn (what ``people.speakers`` reads, so
    that joining does not unpack the turns)."""
    echo_units: tuple[tuple[str, int, str, int], ...] = ()
    """The paragraphs compared for repeated statements (``reuse.source_units``): (paragraph
    id, place among the source's paragraphs from 1, speaker, number of words), in order."""
    echo_words: bytes = b""
    """A CRC-32 of each word of those paragraphs, in order, as little-endian 32-bit integers."""
    echo_runs: bytes = b""
    """The hash of the run of words starting at each of those words, the same way
    (``reuse.source_runs``)."""
    echo_formulas: bytes = b""
    """The places (word numbers, the same way) of the runs inside a formula phrase."""
    topic_digests: bytes = b""
    """For each topic of ``topic_counts``, in its order, 16 bytes of a digest of its
    ``topic_places``' paragraph ids and snippets: this source's block on the topic's listing
    shows them, so it changes only when the digest does (``features.DIGEST_BYTES``)."""
    person_digests: bytes = b""
    """The same for ``person_places`` and ``person_counts``."""


@dataclass(frozen=True)
class ParsedSource(Packed):
    """Everything learned from one source file on its own, before corpus-wide linking.

    Pickled, ``lines`` and ``structure`` are packed (:class:`Packed`): only the accounting
    reads them. ``turns`` are packed apart: only pages made again read them (a rebuild after an
    edit at 1,000 files unpickled 49 MB of them, 0.16 s, for none), and the stages that read
    every source's turns give each back when done with it (:func:`repack_interview`): a build
    holds them compressed, not as objects. ``removed`` is not packed: the
    Method page and the downloads read every source's, and unpacking it would unpack the lines
    too (a cold build of 1,000 files held 938 MB after rendering with it packed, 807 MB
    without)."""

    _packed_fields = (("lines", "structure"), ("turns",))

    source: SourceRef
    """Which file this is."""
    encoding: str
    """Codec the file was decoded with."""
    metadata: Metadata
    """Title, date, place and the rest."""
    metadata_lines: Mapping[str, tuple[int, ...]]
    """For each metadata field, the source lines it was read from (provenance)."""
    turns: tuple[Turn, ...]
    """Speaker turns in source order."""
    removed: tuple[Removal, ...]
    """Lines or parts of lines taken out, each with its reason."""
    structure: Mapping[int, tuple[str, ...]]
    """Per source line, text consumed as structure or metadata (title, dates, labels, markers)."""
    fixes: Mapping[str, int]
    """How many times each normalisation fix changed the text."""
    lines: tuple[SourceLine, ...]
    """Every line of the source, raw and normalised, for auditing and accounting."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems found while reading the file."""
    features: Features | None = None
    """Per-source inputs of the corpus-wide stages (None until the pipeline adds them; the
    stages compute them when missing)."""

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """All paragraphs of all turns, in order."""
        return tuple(p for t in self.turns for p in t.paragraphs)


@dataclass(frozen=True)
class Rejected:
    """A file that could not be turned into an interview."""

    path: str
    """Source path."""
    reason: str
    """Why, and what to do."""


@dataclass(frozen=True)
class Variant:
    """A difference in wording between a quoted sentence and the interview it quotes."""

    kind: Literal["insertion", "addition", "omission", "change"]
    """``insertion``: an editorial ``[bracket]``; ``addition``: words only the excerpt has
    (an added first name); ``omission``: words the excerpt leaves out; ``change``: other words."""
    excerpt: str
    """The excerpt's words at that place ('' for an omission)."""
    original: str
    """The interview's words at that place ('' for an insertion or addition)."""


@dataclass(frozen=True)
class Span:
    """A run of an excerpt's text aligned to the paragraph(s) of the full text it quotes."""

    text: str
    """The excerpt's text (one or more consecutive sentences)."""
    line: int
    """Source line of the excerpt where the span starts."""
    paragraph_ids: tuple[str, ...]
    """Ids of the full interview's paragraphs it comes from, in order."""
    score: float
    """Alignment score 0..1 (1 = identical wording, insertions aside)."""
    variants: tuple[Variant, ...] = ()
    """Wording differences between the excerpt and the interview."""


@dataclass(frozen=True)
class Unmatched:
    """A sentence of an excerpt found nowhere in the full text: shown as excerpt-only."""

    text: str
    """The sentence."""
    line: int
    """Its source line in the excerpt."""
    best_score: float
    """Score of the closest paragraph, to show how far it was from matching."""


@dataclass(frozen=True)
class ExcerptLink:
    """Another source merged into an interview: an excerpt quoting it, or a duplicate of it."""

    source: ParsedSource
    """The excerpt or duplicate, as parsed on its own."""
    role: Literal["excerpt", "duplicate"]
    """What it is to this interview."""
    containment: float
    """Share of the source's word 5-grams found in this interview (0..1)."""
    spans: tuple[Span, ...]
    """Its text aligned to this interview's paragraphs, in the source's order."""
    unmatched: tuple[Unmatched, ...]
    """Its sentences that match nothing here (for an excerpt of several interviews: nothing
    in any of them; each is listed under the interview the source matched best)."""


@dataclass(frozen=True)
class Locator:
    """A place in the archive where a topic or person comes up: one paragraph."""

    interview_id: str
    """The interview's slug."""
    paragraph_id: str
    """The paragraph's stable id (its anchor)."""
    snippet: str
    """Plain-text words around the match, with … where cut."""


@dataclass(frozen=True)
class Related:
    """Another interview worth reading next, and why."""

    interview_id: str
    """Its slug."""
    score: int
    """How much the two share (topics and people); higher is closer."""
    reason: str
    """Human-readable: ``shared topics: NATO, UN Charter; shared people: Vladimir Putin``."""


@dataclass(frozen=True)
class Echo:
    """A passage of one paragraph that the speaker said again, almost word for word, in another
    interview (``reuse.py``); the other paragraph has the matching echo back."""

    paragraph_id: str
    """The paragraph of this interview holding the passage."""
    interview_id: str
    """The other interview's slug."""
    other_paragraph_id: str
    """The paragraph of the other interview holding the same passage (its anchor)."""
    score: float
    """2 x shared words / (words of both passages): 1 is word for word."""
    words: int
    """Words the two passages share, formula words (titles, greetings) not counted."""
    passage: str
    """The passage as this paragraph has it, from its first shared word to its last."""


@dataclass(frozen=True)
class Interview:
    """One interview as the site shows it: a full text plus everything linked to it."""

    id: str
    """Stable, URL-safe slug."""
    url: str
    """Site-relative URL of its page."""
    main: ParsedSource
    """The source the page's text comes from."""
    linked: tuple[ExcerptLink, ...] = ()
    """Excerpts quoting this interview and duplicates of it, merged into its page."""
    missing_full_text: bool = False
    """True for an excerpt whose full text the archive does not hold (yet)."""
    topics: tuple[str, ...] = ()
    """Ids of the topics the interview is about, most prominent first."""
    people: tuple[str, ...] = ()
    """Ids of the people it mentions, most mentioned first."""
    related: tuple[Related, ...] = ()
    """Closest other interviews, closest first."""
    echoes: tuple[Echo, ...] = ()
    """Passages said again in other interviews, in the order of the paragraphs holding them."""


@dataclass(frozen=True)
class Corpus:
    """The whole archive after linking: what the renderers and the export read."""

    interviews: tuple[Interview, ...]
    """Interviews sorted by date, then id."""
    rejected: tuple[Rejected, ...]
    """Files that produced no interview."""
    diagnostics: tuple[Diagnostic, ...]
    """All diagnostics of all files, in path order."""
    topic_locators: Mapping[str, Sequence[Locator]] = field(default_factory=dict)
    """Topic id -> every paragraph where the topic comes up, in archive order."""
    person_locators: Mapping[str, Sequence[Locator]] = field(default_factory=dict)
    """Person id -> every paragraph that mentions the person (speaking is not mentioning)."""
    speakers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Person id -> ids of the interviews where that person speaks."""
    cache_dir: Path | None = field(default=None, compare=False, repr=False)
    """Where the build keeps what it may reuse (``build/cache``): the renderers keep pages
    there by a digest of what each shows. Not content: never compared."""


def repack_interview(interview: Interview) -> None:
    """:func:`repack` an interview's sources (its text and the excerpts merged into it): for a
    stage that goes through the interviews one at a time and is done with this one."""
    repack(interview.main, *(link.source for link in interview.linked))
