"""Topics: which paragraphs speak about NATO, the UN Charter, multipolarity, Belarus...

Why: readers of the archive ask "what has he said about X over the years?". Full-text search
answers with words; a topic page answers with a curated list of paragraphs, each with a short
snippet and a link to its anchor, under one stable URL. This module finds those paragraphs.

How, and why that way:

* The taxonomy is data (``rules/topics.yaml``): a maintainer adds a topic or an alias without
  touching code, and the tests try every risky alias against ordinary sentences that must not
  match ("a new start" is not New START, "Security Council of Armenia" is not the UN's).
* All aliases of all topics are compiled once (``functools.cache``) into one regular expression
  shaped like a trie (common prefixes shared), run on the lower-cased text. Python's ``re``
  tries the branches of a flat alternation one after another at every position; in a trie all
  but one branch fail on the first character, so one pass over a paragraph finds every topic
  (about 2 ms per 35 KB for 800 aliases, where one alternation per topic or one big
  alternation of named groups takes 20-40 ms). Case-sensitive forms get a second trie; each
  regular-expression pattern runs only on paragraphs containing the literal text it requires
  (found with ``re``'s own parser), since ``re`` cannot skip ahead in a case-insensitive
  pattern. 5,000 interviews of 35 KB take well under a minute.
* Where phrases overlap, the leftmost longest one wins and counts for its own entry only:
  "Charter of the United Nations" is the UN Charter and not also the United Nations, "Crimean
  War" is history and not Crimea, "non-interference in the internal affairs" is international
  law and not interference. One rule, easy to predict when writing aliases.
* ``people.py`` (persons mentioned) uses the same machinery, so matching rules and snippets are
  the same on topic and person pages; :func:`uncovered_terms` uses both tables to suggest what
  the maintainer could add next.

Only the main text of an interview is scanned: excerpts merged into it quote the same
paragraphs, and locators must point at anchors that exist on the page.
"""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import accumulate, pairwise
from operator import add
from typing import Any, TypeVar

from build_tools.model import Interview, Locator
from build_tools.rules import load_rules
from build_tools.sentences import split as split_sentences

SNIPPET_WORDS = 30
"""Length of a locator's snippet, in words."""

_FIELDS = frozenset({"id", "name", "description", "aliases", "exact", "patterns", "exclude"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SEPARATORS = "\\s\\-\u2010\u2011"
"""Characters that may separate the words of an alias in running text (spaces, hyphens)."""
_APOSTROPHES = "'’‘ʼ`"
_APOSTROPHE_TABLE = {ord(c): "'" for c in _APOSTROPHES}
_AFTER_DOT = re.compile(rf"\.[{_SEPARATORS}]*(?=\w)")
_SEPARATOR_RUN = re.compile(rf"[{_SEPARATORS}]+")
_AFTER_WORD_START = r"(?<!\w[\s\S])"
"""Right after a form's first character: that character does not follow a word character."""
_CYRILLIC = re.compile("[\u0400-\u04ff]")


@dataclass(frozen=True)
class Entry:
    """One entry of a rules table (a topic or a person): names, surface forms and vetoes."""

    id: str
    """Stable URL slug, e.g. ``nato`` or ``vladimir-putin``."""
    name: str
    """Display name."""
    description: str
    """One line shown under the name."""
    aliases: tuple[str, ...]
    """Phrases matched in any letter case, as whole words."""
    exact: tuple[str, ...] = ()
    """Phrases matched as whole words with their letter case (``US``, ``Trump``)."""
    patterns: tuple[str, ...] = ()
    """Regular expressions (any case, whole words) for inflected or tricky forms."""
    exclude: tuple[str, ...] = ()
    """Regular expressions (any case) vetoing this entry's matches that lie inside them."""


@dataclass(frozen=True)
class Topic(Entry):
    """A topic of the taxonomy in ``rules/topics.yaml``; its fields are those of :class:`Entry`."""


@dataclass(frozen=True)
class Hit:
    """One match of an entry in a text."""

    start: int
    """Offset of the first matched character."""
    end: int
    """Offset just after the last matched character."""
    index: int
    """Position of the matched entry in its table."""


@dataclass(frozen=True)
class Tally:
    """How often each entry of a table is matched in one interview's paragraphs."""

    paragraphs: Mapping[int, int]
    """Entry index -> number of paragraphs matching it."""
    first: Mapping[int, tuple[int, int]]
    """Entry index -> (paragraph number, offset) of its first match, to order by appearance."""
    in_questions: frozenset[int]
    """Entries matched in at least one paragraph of a question turn."""


@dataclass(frozen=True)
class _Pattern:
    """One ``patterns`` entry, compiled on its own so that it can be skipped."""

    regex: re.Pattern[str]
    """The pattern as a whole-word, case-insensitive expression."""
    index: int
    """Entry it belongs to."""
    needles: tuple[str, ...]
    """Lower-case pieces of text every match contains: the pattern is tried only on texts
    containing them all, so most patterns cost a few substring searches per paragraph."""


@dataclass(frozen=True)
class Matcher:
    """A whole table compiled for one pass per text; build it with :func:`compile_matcher`."""

    entries: tuple[Entry, ...]
    """The table, in its order."""
    folded: re.Pattern[str] | None
    """Trie of every alias, to run on lower-cased text (without the case-insensitive flag
    ``re`` compares one character per branch instead of two: about four times faster)."""
    folded_owner: Mapping[str, int]
    """Folded :func:`phrase_key` of an alias -> entry index."""
    exact: re.Pattern[str] | None
    """Trie of every case-sensitive form."""
    exact_owner: Mapping[str, int]
    """Unfolded :func:`phrase_key` of a case-sensitive form -> entry index."""
    patterns: tuple[_Pattern, ...]
    """Every entry's patterns that need no Cyrillic letter."""
    cyrillic: tuple[_Pattern, ...]
    """Patterns for Russian forms: tried only on text containing Cyrillic letters."""
    excludes: Mapping[int, re.Pattern[str]]
    """Entry index -> its vetoes as one expression."""

    @cached_property
    def folded_any_case(self) -> re.Pattern[str]:
        """:attr:`folded`, case-insensitive, for the rare text whose lower-case form changes
        length; compiled when first needed (most builds never need it, and a rebuild after an
        edit would spend a tenth of its matching time compiling it)."""
        assert self.folded is not None
        return re.compile(self.folded.pattern, self.folded.flags | re.IGNORECASE)

    def candidates(self, text: str) -> list[Hit]:
        """Every match before vetoes and overlaps are applied (what the aliases cover)."""
        return [Hit(*span) for span in self._spans(text)]

    def hits(self, text: str) -> list[Hit]:
        """Matches in text order after vetoes; of overlapping matches the leftmost longest."""
        found = self._spans(text)
        vetoed = {index for _, _, index in found} & self.excludes.keys()
        if vetoed:
            spans = {i: [m.span() for m in self.excludes[i].finditer(text)] for i in vetoed}
            found = [
                (start, end, index)
                for start, end, index in found
                if not any(s <= start and end <= e for s, e in spans.get(index, ()))
            ]
        found.sort(key=lambda h: (h[0], h[0] - h[1], h[2]))
        kept: list[Hit] = []
        reached = -1
        for start, end, index in found:
            if start >= reached:
                kept.append(Hit(start, end, index))
                reached = end
        return kept

    def _spans(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, entry index) of every match, from the tries and the patterns."""
        found: list[tuple[int, int, int]] = []
        low = text.lower()
        same = len(low) == len(text)
        if self.folded is not None:
            owner = self.folded_owner
            for m in self.folded.finditer(low) if same else self.folded_any_case.finditer(text):
                form = m.group()  # usually an alias as written: no need to normalise
                index = owner.get(form, -1) if same else -1
                if index < 0:
                    index = owner.get(phrase_key(text[m.start() : m.end()]), -1)
                if index >= 0:
                    found.append((m.start(), m.end(), index))
        if self.exact is not None:
            owner = self.exact_owner
            for m in self.exact.finditer(text):
                index = owner.get(m.group(), -1)
                if index < 0:
                    index = owner.get(phrase_key(m.group(), fold=False), -1)
                if index >= 0:
                    found.append((m.start(), m.end(), index))
        patterns = self.patterns
        if self.cyrillic and _CYRILLIC.search(text):
            patterns += self.cyrillic
        for pattern in patterns:
            if same and not all(map(low.__contains__, pattern.needles)):
                continue  # a piece of text every match needs is missing
            for m in pattern.regex.finditer(text):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), pattern.index))
        return found

    def indexes_in(self, text: str) -> list[int]:
        """Indexes of the entries matched in ``text``, in table order."""
        return sorted({h.index for h in self.hits(text)})


def phrase_key(text: str, *, fold: bool = True) -> str:
    """Comparison form of a phrase: ``V.V.Putin`` -> ``v. v. putin``, ``Nagorno-Karabakh`` ->
    ``nagorno karabakh``; apostrophes unified, letter case folded unless ``fold`` is False."""
    t = (text.lower() if fold else text).translate(_APOSTROPHE_TABLE)
    t = _AFTER_DOT.sub(". ", t)
    return _SEPARATOR_RUN.sub(" ", t).strip()


def _char_regex(ch: str, previous: str) -> str:
    if ch == " ":
        # "V.V.Putin" = "V.V. Putin": no separator needed after a full stop.
        return f"[{_SEPARATORS}]{'*' if previous == '.' else '+'}"
    if ch == "'":
        return f"[{_APOSTROPHES}]"
    return re.escape(ch)


def trie_regex(keys: Iterable[str], *, start: str = "") -> str:
    """A regular expression matching exactly ``keys`` (as written by :func:`phrase_key`), with
    shared prefixes factored out, longest alternative first; empty when there are no keys.
    ``start`` is inserted after the first character of every key (a look-behind there leaves
    the expression starting with a plain character, which ``re`` can jump to)."""
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], previous: str) -> str:
        branches = [
            _char_regex(ch, previous) + (start if node is root else "") + build(child, ch)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root, "")


def _needles(pattern: str) -> tuple[str, ...]:
    """The runs of plain characters (three or more) that every match of ``pattern`` contains,
    lower-cased; none when the regex parser (a private module) is not available."""
    try:
        parser: Any = importlib.import_module("re._parser")
        literal = importlib.import_module("re._constants").LITERAL
        items = list(parser.parse(pattern, re.IGNORECASE).data)
    except Exception:  # without the parser every pattern simply runs on every text
        return ()
    runs, run = [], ""
    for op, value in [*items, (None, None)]:
        if op is literal:
            run += chr(value)
        else:
            runs.append(run)
            run = ""
    needles = {r.lower() for r in runs if len(r) >= 3 and len(r.lower()) == len(r)}
    return tuple(sorted(needles, key=lambda n: (-len(n), n)))  # most selective first


def compile_matcher(entries: Sequence[Entry]) -> Matcher:
    """Compile a table (already checked by :func:`load_entries`) into a :class:`Matcher`."""
    folded_owner: dict[str, int] = {}
    exact_owner: dict[str, int] = {}
    patterns: list[_Pattern] = []
    excludes: dict[int, re.Pattern[str]] = {}
    for index, entry in enumerate(entries):
        for alias in entry.aliases:
            folded_owner.setdefault(phrase_key(alias), index)
        for form in entry.exact:
            exact_owner.setdefault(phrase_key(form, fold=False), index)
        for pattern in entry.patterns:
            regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)
            patterns.append(_Pattern(regex, index, _needles(pattern)))
        if entry.exclude:
            excludes[index] = re.compile("|".join(f"(?:{x})" for x in entry.exclude), re.I)

    def trie(owner: Mapping[str, int], flags: int, jump: bool) -> re.Pattern[str] | None:
        """Whole-word trie. With ``jump`` the start-of-word check follows the first character,
        so ``re`` jumps between the few characters that can start a form: worth it for the
        case-sensitive forms (mostly capitals), not for the folded aliases, where nearly every
        letter starts some alias and checking the word start first is cheaper."""
        if not owner:
            return None
        if jump:
            return re.compile(rf"(?:{trie_regex(owner, start=_AFTER_WORD_START)})(?!\w)", flags)
        return re.compile(rf"(?<!\w)(?:{trie_regex(owner)})(?!\w)", flags)

    def russian(pattern: _Pattern) -> bool:
        return any(_CYRILLIC.search(n) for n in pattern.needles)

    return Matcher(
        entries=tuple(entries),
        folded=trie(folded_owner, 0, jump=False),
        folded_owner=folded_owner,
        exact=trie(exact_owner, 0, jump=True),
        exact_owner=exact_owner,
        patterns=tuple(p for p in patterns if not russian(p)),
        cyrillic=tuple(p for p in patterns if russian(p)),
        excludes=excludes,
    )


E = TypeVar("E", bound=Entry)
L = TypeVar("L", bound=Locator)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _regexes(values: tuple[str, ...], where: str) -> None:
    for value in values:
        try:
            compiled = re.compile(f"(?:{value})", re.I)  # as it will be combined with others
        except re.error as e:
            raise ValueError(f"{where}: bad regular expression {value!r}: {e}") from e
        if compiled.groupindex:
            raise ValueError(f"{where}: {value!r}: named groups are not allowed, use (?:...)")
        if compiled.match(""):
            raise ValueError(f"{where}: {value!r} matches the empty string")


def load_entries(table: str, cls: type[E], *, name_is_alias: bool) -> tuple[E, ...]:
    """Read and check ``rules/<table>.yaml`` (a mapping whose ``<table>`` key lists entries).

    Raises ValueError, naming the entry, for an unknown field, a bad or repeated id, a bad
    regular expression, an entry that can match nothing, or a form claimed by two entries.
    With ``name_is_alias`` an entry's name is one of its aliases (a person's name is)."""
    data = load_rules(table)
    rows = data.get(table) if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError(f"rules/{table}.yaml: expected '{table}:' with a list of mappings")
    entries: list[E] = []
    owners: dict[str, str] = {}
    for number, row in enumerate(rows, 1):
        where = f"rules/{table}.yaml: entry {number} ({row.get('id', '?')})"
        unknown = set(row) - _FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        entry_id = _text(row.get("id"), f"{where}: id")
        if not _SLUG.fullmatch(entry_id) or any(e.id == entry_id for e in entries):
            raise ValueError(f"{where}: id must be a new lowercase slug like 'un-charter'")
        name = _text(row.get("name"), f"{where}: name")
        aliases = _strings(row.get("aliases"), f"{where}: aliases")
        if name_is_alias and phrase_key(name) not in {phrase_key(a) for a in aliases}:
            aliases = (name, *aliases)
        exact = _strings(row.get("exact"), f"{where}: exact")
        patterns = _strings(row.get("patterns"), f"{where}: patterns")
        exclude = _strings(row.get("exclude"), f"{where}: exclude")
        _regexes(patterns + exclude, where)
        if not (aliases or exact or patterns):
            raise ValueError(f"{where}: needs at least one alias, exact form or pattern")
        for form in {phrase_key(f) for f in aliases + exact}:
            if owners.setdefault(form, entry_id) != entry_id:
                raise ValueError(f"{where}: {form!r} is already an alias of {owners[form]!r}")
        description = _text(row.get("description"), f"{where}: description")
        entries.append(cls(entry_id, name, description, aliases, exact, patterns, exclude))
    return tuple(entries)


_WORD = re.compile(r"\S+")
_REACH = 10
"""Characters read per wanted word on each side of a match (an English word and its space
take about six), so a snippet needs no more than the neighbourhood of its match."""


def snippet(text: str, start: int, end: int, words: int = SNIPPET_WORDS) -> str:
    """About ``words`` words of ``text`` around ``text[start:end]``, spaces normalised, with
    ``…`` where the paragraph was cut; the match itself is never cut. Only the neighbourhood of
    the match is read, so the cost does not grow with the paragraph."""
    lo = max(0, start - _REACH * words)
    hi = min(len(text), end + _REACH * words)
    spans = [m.span() for m in _WORD.finditer(text, lo, hi)]
    if lo > 0 and spans and spans[0][0] == lo:
        spans = spans[1:]  # may be the tail of a word cut by the window
    if hi < len(text) and spans and spans[-1][1] == hi:
        spans = spans[:-1]
    if not spans:
        return ""
    ends = [e for _, e in spans]
    starts = [s for s, _ in spans]
    n = len(spans)
    first = min(bisect_right(ends, start), n - 1)  # first word ending after the match starts
    last = max(first, bisect_left(starts, end) - 1)  # last word starting before it ends
    size = max(words, last - first + 1)
    a = max(0, min(first - (size - (last - first + 1)) // 2, n - size))
    b = min(n, a + size)
    body = " ".join(text[s:e] for s, e in spans[a:b])
    cut_before = a > 0 or bool(text[: spans[a][0]].strip())
    cut_after = b < n or bool(text[spans[b - 1][1] :].strip())
    return ("…" if cut_before else "") + body + ("…" if cut_after else "")


@dataclass(frozen=True)
class Words:
    """The words of one paragraph, found once for all its snippets (:func:`snippet_in`)."""

    text: str
    """The paragraph's text."""
    starts: list[int]
    """Offset of each word (a run of non-spaces) in ``text``."""
    ends: list[int]
    """Offset just after each word."""
    spaced: str
    """The words joined by single spaces."""
    at: list[int]
    """Offset of each word in ``spaced``."""


def words_of(text: str) -> Words:
    """The words of ``text``, for :func:`snippet_in`."""
    # ``str.split()`` splits at exactly the characters ``\s`` matches: the same words.
    found = text.split()
    spaced = " ".join(found)
    sizes = list(map(len, found))
    at = list(accumulate(map((1).__add__, sizes[:-1]), initial=0)) if found else []
    # Most paragraphs have one space between words and none around them: there the offsets
    # in the text are those in ``spaced``, and no pattern needs to run.
    starts = at if spaced == text else list(map(re.Match.start, _WORD.finditer(text)))
    return Words(text, starts, list(map(add, starts, sizes)), spaced, at)


def snippet_in(w: Words, start: int, end: int, words: int = SNIPPET_WORDS) -> str:
    """:func:`snippet` from the paragraph's words found beforehand: a few bisections per snippet
    instead of a pass over the match's neighbourhood (a paragraph has several snippets, for
    topics and people alike). Same window rules, so the same text (the tests compare them)."""
    starts, ends, total = w.starts, w.ends, len(w.starts)
    lo = max(0, start - _REACH * words)
    hi = min(len(w.text), end + _REACH * words)
    # The window's words: a word starting at ``lo`` or cut by it is dropped (it may be a
    # tail), and so is one ending at ``hi`` or cut by it (it may be a head).
    i0 = bisect_right(starts, lo) if lo > 0 else 0
    i1 = bisect_left(ends, hi) if hi < len(w.text) else total
    n = i1 - i0
    if n <= 0:
        return ""
    first = min(bisect_right(ends, start, i0, i1) - i0, n - 1)
    last = max(first, bisect_left(starts, end, i0, i1) - 1 - i0)
    size = max(words, last - first + 1)
    a = i0 + max(0, min(first - (size - (last - first + 1)) // 2, n - size))
    b = min(i1, a + size)
    body = w.spaced[w.at[a] : w.at[b - 1] + ends[b - 1] - starts[b - 1]]
    # Text before or after the shown words is a word (spaces are what ``_WORD`` skips).
    return ("…" if a > 0 else "") + body + ("…" if b < total else "")


def locate(
    interviews: Sequence[Interview], matcher: Matcher, make: Callable[[str, str, str], L]
) -> dict[str, list[L]]:
    """Entry id -> one locator per paragraph matching it, in corpus order (interviews as given,
    paragraphs in order), snippet around the entry's first match in the paragraph. Entries
    follow table order; those never matched are absent."""
    found: dict[int, list[L]] = {}
    for interview in interviews:
        for paragraph in interview.main.paragraphs:
            seen: set[int] = set()
            for hit in matcher.hits(paragraph.text):
                if hit.index not in seen:
                    seen.add(hit.index)
                    text = snippet(paragraph.text, hit.start, hit.end)
                    found.setdefault(hit.index, []).append(make(interview.id, paragraph.id, text))
    return {matcher.entries[i].id: found[i] for i in sorted(found)}


def tally(interview: Interview, matcher: Matcher) -> Tally:
    """Count, for one interview, the paragraphs matching each entry of ``matcher``."""
    counts: Counter[int] = Counter()
    first: dict[int, tuple[int, int]] = {}
    in_questions: set[int] = set()
    number = 0
    for turn in interview.main.turns:
        for paragraph in turn.paragraphs:
            hits = matcher.hits(paragraph.text)
            for hit in hits:
                first.setdefault(hit.index, (number, hit.start))
            indexes = {h.index for h in hits}
            counts.update(indexes)
            if turn.role == "question":
                in_questions |= indexes
            number += 1
    return Tally(dict(counts), first, frozenset(in_questions))


# --- topics ----------------------------------------------------------------------------------


@cache
def load_topics() -> tuple[Topic, ...]:
    """The taxonomy from ``rules/topics.yaml``, in its order (checked, loaded once)."""
    return load_entries("topics", Topic, name_is_alias=False)


@cache
def topic_matcher() -> Matcher:
    """The taxonomy compiled once per process."""
    return compile_matcher(load_topics())


def topics_in(text: str) -> list[str]:
    """Ids of the topics found in one paragraph's text, in taxonomy order."""
    matcher = topic_matcher()
    return [matcher.entries[i].id for i in matcher.indexes_in(text)]


def topic_locators(interviews: Sequence[Interview]) -> dict[str, list[Locator]]:
    """Topic id -> its paragraphs as locators, in corpus order (interviews as given, paragraphs
    in order); topics in taxonomy order, those with no match absent."""
    return locate(interviews, topic_matcher(), Locator)


def interview_topics(interview: Interview, min_paragraphs: int = 2) -> list[str]:
    """Topics the interview is about: matched in at least ``min_paragraphs`` paragraphs, or in a
    question (the interviewer chose the subject). Most paragraphs first, then taxonomy order."""
    return chosen_topics(tally(interview, topic_matcher()), min_paragraphs)


def chosen_topics(t: Tally, min_paragraphs: int = 2) -> list[str]:
    """:func:`interview_topics` from an interview's tally of the taxonomy."""
    entries = topic_matcher().entries
    chosen = [i for i, n in t.paragraphs.items() if n >= min_paragraphs or i in t.in_questions]
    return [entries[i].id for i in sorted(chosen, key=lambda i: (-t.paragraphs[i], i))]


# --- suggestions for the maintainer ----------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*")
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(frozen=True)
class _Vocabulary:
    """The word lists of ``suggestions`` in ``rules/topics.yaml``, normalised."""

    stopwords: frozenset[str]
    connectors: frozenset[str]
    titles: frozenset[str]
    skip: frozenset[str]
    max_capitalised: int
    min_count: int


@cache
def _vocabulary() -> _Vocabulary:
    data = load_rules("topics").get("suggestions") or {}
    where = "rules/topics.yaml: suggestions"

    def words(key: str) -> frozenset[str]:
        return frozenset(_norm(w) for w in _strings(data.get(key), f"{where}: {key}"))

    return _Vocabulary(
        stopwords=words("stopwords") | words("months"),
        connectors=words("connectors"),
        titles=words("titles"),
        skip=frozenset(phrase_key(w) for w in _strings(data.get("skip"), f"{where}: skip")),
        max_capitalised=int(data.get("max_capitalised", 4)),
        min_count=int(data.get("min_count", 2)),
    )


@dataclass(frozen=True)
class _Token:
    """A word of a paragraph, for the suggestions."""

    start: int
    end: int
    word: str
    """The word as written, without a possessive ``’s``."""
    covered: bool
    """True when a topic or person alias covers (part of) it."""


def _sentences(text: str, covered: bytearray) -> Iterable[list[_Token]]:
    """Tokens of each sentence of ``text``; ``covered`` has a 1 at each covered character."""
    for offset, sentence in split_sentences(text):
        tokens = []
        for m in _TOKEN.finditer(sentence):
            start, end = offset + m.start(), offset + m.end()
            word = _POSSESSIVE.sub("", m.group())
            tokens.append(_Token(start, end, word, covered.find(1, start, end) >= 0))
        yield tokens


def _joined(text: str, a: _Token, b: _Token) -> bool:
    """True when only spaces separate two tokens (no comma, bracket or quote between them)."""
    return not text[a.end : b.start].strip()


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _runs(
    text: str, tokens: list[_Token], v: _Vocabulary
) -> Iterable[tuple[bool, bool, list[str]]]:
    """Runs of capitalised words (``of``, ``the``... allowed inside), each with whether it
    starts the sentence and whether it touches a covered name, directly or through ``of``,
    ``the``... ("Community of" + "Serbian Municipalities"; not "Canada and" + "the US")."""
    run: list[int] = []
    touching = False
    for i, tok in enumerate([*tokens, _Token(len(text), len(text), "", False)]):
        free = not tok.covered and i < len(tokens)
        joined = bool(run) and _joined(text, tokens[run[-1]], tok)
        if free and (joined or not run) and _capitalised(tok.word):
            run.append(i)
            continue
        if free and joined and tok.word.lower() in v.connectors:
            run.append(i)
            continue
        popped: list[str] = []
        while run and not _capitalised(tokens[run[-1]].word):
            popped.append(tokens[run.pop()].word.lower())
        touching = touching or (tok.covered and joined and "and" not in popped)
        if run:
            yield run[0] == 0, touching, [tokens[j].word for j in run]
        run = []
        if free and _capitalised(tok.word):
            previous = tokens[i - 1] if i > 0 else None
            touching = bool(previous and previous.covered and _joined(text, previous, tok))
            run = [i]


def _norm(word: str) -> str:
    return word.lower().translate(_APOSTROPHE_TABLE)


def _trim(words: list[str], v: _Vocabulary) -> list[str]:
    """Without connectors and titles at either end (``President``, ``of the``)."""
    drop = v.connectors | v.titles
    while words and _norm(words[0]) in drop:
        words = words[1:]
    while words and _norm(words[-1]) in drop:
        words = words[:-1]
    return words


def _content_ngrams(text: str, tokens: list[_Token], v: _Vocabulary) -> Iterable[str]:
    """Bigrams and trigrams of adjacent lower-case content words no alias covers."""

    def content(tok: _Token) -> bool:
        w = tok.word
        return (
            not tok.covered
            and len(w) >= 3
            and w[:1].islower()
            and w.replace("-", "").isalpha()
            and _norm(w) not in v.stopwords
        )

    for n in (2, 3):
        for i in range(len(tokens) - n + 1):
            window = tokens[i : i + n]
            if all(content(t) for t in window) and all(
                _joined(text, a, b) for a, b in pairwise(window)
            ):
                yield " ".join(t.word for t in window)


def uncovered_terms(interviews: Sequence[Interview], limit: int = 30) -> list[tuple[str, int]]:
    """Suggestions for the maintainer: frequent names and phrases that no topic alias and no
    person alias covers, with their counts, most frequent first (then alphabetical).

    Candidates are runs of one to four capitalised words (``Council of Europe``) not made of
    stopwords, titles, month names or speaker names, a sentence's first word counting only when
    the same word also appears capitalised inside a sentence (``Interpol``, not ``Regrettably``),
    and bigrams and trigrams of lower-case content words (``strategic defeat``). A phrase seen
    fewer than twice is dropped, and so is one whose every occurrence is part of a longer
    suggestion. The lists of stopwords, titles and names to skip are in ``rules/topics.yaml``."""
    from build_tools.people import person_matcher, speaker_words  # people imports this module

    v = _vocabulary()
    matchers = (topic_matcher(), person_matcher())
    names = speaker_words(interviews)
    sentences: list[tuple[str, list[_Token]]] = []
    for interview in interviews:
        for paragraph in interview.main.paragraphs:
            text = paragraph.text
            covered = bytearray(len(text))
            for hit in (h for m in matchers for h in m.candidates(text)):
                covered[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            sentences.extend((text, tokens) for tokens in _sentences(text, covered))
    # A sentence's first word is a name only if it is also written capitalised inside a
    # sentence and never in lower case ("Interpol" yes; "People", "Regrettably" no).
    inside = {t.word for _, tokens in sentences for t in tokens[1:] if _capitalised(t.word)}
    lower = {_norm(t.word) for _, tokens in sentences for t in tokens if t.word[:1].islower()}
    common = lower | v.stopwords
    ignored = v.stopwords | v.titles | names

    counts: Counter[str] = Counter()
    for text, tokens in sentences:
        for initial, touching, words in _runs(text, tokens, v):
            first = words[0]
            if initial and (first not in inside or _norm(first) in common):
                words = words[1:]
            words = _trim(words, v)
            capitals = sum(1 for w in words if _capitalised(w))
            if not words or capitals > v.max_capitalised or (touching and len(words) == 1):
                continue  # nothing left, a document title, or a piece of a covered name
            if all(_norm(w) in ignored for w in words):
                continue
            counts[" ".join(words)] += 1
        counts.update(_content_ngrams(text, tokens, v))

    frequent = {
        t: n
        for t, n in counts.items()
        if n >= v.min_count and len(t) > 1 and phrase_key(t) not in v.skip
    }
    return sorted(_unsubsumed(frequent).items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _unsubsumed(counts: Mapping[str, int]) -> dict[str, int]:
    """Drop each phrase that a longer phrase contains at least as often."""
    by_word: dict[str, list[str]] = {}
    for term in counts:
        for word in set(term.split()):
            by_word.setdefault(word, []).append(term)
    kept: dict[str, int] = {}
    for term, n in counts.items():
        padded = f" {term} "
        longer = by_word.get(term.split()[0], [])
        if not any(len(o) > len(term) and padded in f" {o} " and counts[o] >= n for o in longer):
            kept[term] = n
    return kept
