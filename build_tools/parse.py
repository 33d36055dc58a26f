"""Parse one decoded source into metadata, speaker turns and paragraphs with provenance.

The steps, each a function below:

1. normalise every line (``normalise.py``), counting the fixes;
2. cut lines into segments at markers (``segments.py``);
3. classify segments: boilerplate (logged), metadata lines, headings, dates, labels, text;
4. read the header: title, date, stamps, before the first speaker label;
5. group the body into turns and repair broken paragraphs (``paragraphs.py``);
6. give every paragraph a stable id.

Every piece of every line ends in exactly one place: a paragraph, the metadata, the structure
record (labels, markers) or the removal log. ``accounting.py`` proves it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from build_tools import paragraphs
from build_tools.dates import DateMatch, find_dates
from build_tools.ids import paragraph_ids_of_keys, words
from build_tools.labels import LabelMatch, match_label
from build_tools.model import (
    DecodedText,
    Diagnostic,
    Metadata,
    Paragraph,
    ParsedSource,
    Removal,
    Role,
    SourceLine,
    SourceRef,
    Turn,
)
from build_tools.normalise import normalise_line
from build_tools.segments import MarkerRole, Segment, match_boilerplate, split_segments
from build_tools.titles import parse_title

ItemKind = Literal["text", "label", "heading", "date"]
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_DATE_FRAME = re.compile(r"^[\s(\[,.–-]*$|^[\s)\],.–-]*$")
_TAG_MAX = 120
TITLE_MAX = 400
UNKNOWN_SPEAKER = "Unknown speaker"


@dataclass(frozen=True)
class _Item:
    """A classified segment."""

    kind: ItemKind
    line: int
    text: str
    marker: MarkerRole | None = None
    label: LabelMatch | None = None
    date: DateMatch | None = None
    blank_before: bool = False
    syntax: str = ""
    """Markdown heading marks (``##``) when the segment was a Markdown heading."""
    raw: str = ""
    """The segment as written, for a Markdown heading that turns out to be body text."""


@dataclass
class _Sink:
    """Where the pieces of the source go while one file is parsed (mutable, local to parse)."""

    path: str
    removed: list[Removal] = field(default_factory=list)
    consumed: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    meta: dict[str, object] = field(default_factory=dict)
    meta_lines: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def remove(self, line: int, text: str, reason: str, rule: str) -> None:
        self.removed.append(Removal(self.path, line, text, reason, rule))

    def consume(self, line: int, text: str) -> None:
        if text:
            self.consumed[line].append(text)

    def set_meta(self, name: str, value: object, line: int) -> None:
        self.meta[name] = value
        self.meta_lines[name].append(line)

    def warn(self, line: int | None, message: str, hint: str, level: str = "warning") -> None:
        lvl: Literal["error", "warning"] = "error" if level == "error" else "warning"
        self.diagnostics.append(Diagnostic(self.path, line, lvl, message, hint))


def normalise_lines(text: str) -> tuple[list[SourceLine], Counter[str]]:
    """Split decoded text into numbered lines and normalise each one."""
    lines: list[SourceLine] = []
    fixes: Counter[str] = Counter()
    for number, raw in enumerate(text.split("\n"), start=1):
        normalised, counts = normalise_line(raw)
        if counts:  # most lines need no fix; Counter.update is Python code even when empty
            fixes.update(counts)
        lines.append(SourceLine(number, raw, normalised))
    if lines and not lines[-1].raw and len(lines) > 1:
        lines.pop()  # the final line end does not open a line
    return lines, fixes


def _date_only(text: str) -> DateMatch | None:
    """The date when ``text`` is nothing but a date (in brackets or with a time), else None."""
    if len(text) > 60:
        return None
    found = find_dates(text)
    if len(found) != 1:
        return None
    m = found[0]
    before, after = text[: m.start], text[m.end :]
    if _DATE_FRAME.match(before) and _DATE_FRAME.match(after):
        return m
    return None


def _is_tag(text: str) -> bool:
    return 0 < len(text) <= _TAG_MAX and not paragraphs.is_terminated(text.rstrip(")"))


def classify(lines: list[SourceLine], sink: _Sink) -> list[_Item]:
    """Turn lines into classified items, logging boilerplate and capturing metadata lines."""
    segments: list[tuple[Segment, bool]] = []
    previous_blank = False
    for line in lines:
        if not line.text:
            previous_blank = True
            continue
        for i, seg in enumerate(split_segments(line.number, line.text)):
            segments.append((seg, previous_blank and i == 0))
        previous_blank = False

    # Segments with text after each index, counted once when a footer rule first asks (a file
    # of many "Check Also" lines made counting the rest for each of them n²).
    with_text_after: list[int] = []
    items: list[_Item] = []
    mode: Literal["normal", "tags", "rest"] = "normal"
    rest_reason, rest_rule = "", ""
    tags: list[str] = []
    for index, (seg, blank_before) in enumerate(segments):
        sink.consume(seg.line, seg.marker_text)
        text = seg.text
        if mode == "rest":
            if text:
                sink.remove(seg.line, text, rest_reason, rest_rule)
            continue
        if mode == "tags":
            if _is_tag(text) and match_boilerplate(text) is None and match_label(text) is None:
                tags.append(text)
                sink.set_meta("source_tags", tuple(tags), seg.line)
                sink.consume(seg.line, text)
                continue
            mode = "normal"
        if not text:
            if seg.marker is not None:
                items.append(_Item("text", seg.line, "", seg.marker, blank_before=blank_before))
            continue

        hit = match_boilerplate(text)
        if hit is not None:
            rule = hit.rule
            sink.remove(seg.line, hit.removed, rule.reason, rule.id)
            if rule.into and hit.value:
                sink.set_meta(rule.into, hit.value.strip(), seg.line)
            if rule.excerpt:
                framing = sink.meta.get("excerpt_framing", ())
                assert isinstance(framing, tuple)
                sink.meta["excerpt_framing"] = (*framing, hit.removed)
            if rule.then == "tags":
                mode = "tags"
            elif rule.then == "rest":
                if not with_text_after:
                    with_text_after = [0] * (len(segments) + 1)
                    for i in range(len(segments) - 1, -1, -1):
                        with_text_after[i] = with_text_after[i + 1] + bool(segments[i][0].text)
                following = with_text_after[index + 1]
                if following <= rule.max_following:
                    mode, rest_reason, rest_rule = "rest", rule.then_reason, rule.id
                else:
                    sink.warn(
                        seg.line,
                        f"'{hit.removed}' looks like a site footer, but {following} lines follow "
                        "it; they were kept as text.",
                        "If they are chrome, add a rule to build_tools/rules/boilerplate.yaml; "
                        "if the line is text, nothing needs doing.",
                    )
            if not hit.kept:
                continue
            text = hit.kept

        heading = _MD_HEADING.match(text)
        if heading:
            # Structure only if it turns out to be the title (a clipper's "## Title"); in the
            # body a line starting with # is text and keeps its # (read_header decides).
            items.append(
                _Item("heading", seg.line, heading.group(2), seg.marker, None, None,
                      blank_before, syntax=heading.group(1), raw=text)
            )  # fmt: skip
            continue
        date = _date_only(text)
        if date is not None:
            items.append(_Item("date", seg.line, text, seg.marker, None, date, blank_before))
            continue
        label = match_label(text)
        if label is not None:
            items.append(_Item("label", seg.line, text, seg.marker, label, None, blank_before))
            if label.rest:
                items.append(_Item("text", seg.line, label.rest, None))
            continue
        kind: ItemKind = "heading" if seg.marker == "header" else "text"
        items.append(_Item(kind, seg.line, text, seg.marker, blank_before=blank_before))
    return items


def _looks_like_title(item: _Item) -> bool:
    if item.kind == "heading":
        return True
    if item.kind != "text" or item.marker not in (None, "header") or len(item.text) > TITLE_MAX:
        return False
    facts = parse_title(item.text)
    return (
        facts.date is not None
        or facts.kind != "transcript"
        or not paragraphs.is_terminated(item.text)
    )


def read_header(items: list[_Item], sink: _Sink) -> tuple[str | None, int, list[int]]:
    """Consume the title block at the top; return (title, index of first body item, title lines)."""
    i, n = 0, len(items)
    title: str | None = None
    title_lines: list[int] = []

    def take_dates() -> None:
        nonlocal i
        while i < n and items[i].kind == "date":
            _record_date(items[i], sink)
            i += 1

    take_dates()
    if i < n and _looks_like_title(items[i]):
        title = items[i].text
        title_lines.append(items[i].line)
        sink.consume(items[i].line, title)
        sink.consume(items[i].line, items[i].syntax)
        i += 1
        # A post's header may wrap over lines ("🎙 Russia's Foreign Minister" / "Sergey Lavrov's
        # interview with ..."): keep adding while the title has no date and has not ended.
        while (
            i < n
            and not find_dates(title)
            and items[i].kind in ("text", "heading")
            and items[i].marker in (None, "header")
            and not paragraphs.is_terminated(title)
            and len(title) + len(items[i].text) <= TITLE_MAX
        ):
            title = f"{title} {items[i].text}"
            title_lines.append(items[i].line)
            sink.consume(items[i].line, items[i].text)
            sink.consume(items[i].line, items[i].syntax)
            i += 1
        take_dates()
    return title, i, title_lines


def _record_date(item: _Item, sink: _Sink) -> None:
    assert item.date is not None
    sink.consume(item.line, item.text)
    if item.date.time:
        sink.set_meta("published", f"{item.date.iso}T{item.date.time}", item.line)
    elif "date" not in sink.meta:
        sink.set_meta("date", item.date.iso, item.line)
    else:
        sink.set_meta("other_dates", item.date.iso, item.line)


@dataclass
class _Para:
    text: str
    lines: list[int]
    kind: Literal["text", "bullet", "highlight", "heading"]
    offsets: list[int] = field(default_factory=lambda: [0])
    id: str = ""

    def extend(self, item: _Item) -> None:
        """Append the next piece of a broken paragraph, remembering where it starts."""
        if not self.text:
            self.text, self.lines, self.offsets = item.text, [item.line], [0]
            return
        self.text = paragraphs.join(self.text, item.text)
        self.lines.append(item.line)
        self.offsets.append(len(self.text) - len(item.text.lstrip()))


@dataclass
class _Turn:
    speaker: str
    role: Role
    label: str | None
    note: str | None
    line: int
    paras: list[_Para] = field(default_factory=list)
    explicit_question: bool = False


def _add_piece(turn: _Turn, item: _Item) -> None:
    """Append one text item to a turn, joining it to the paragraph it continues."""
    last = turn.paras[-1] if turn.paras else None
    if item.kind == "heading":
        turn.paras.append(_Para(item.text, [item.line], "heading"))
    elif item.marker == "bullet":
        turn.paras.append(_Para(item.text, [item.line], "bullet"))
    elif item.marker == "highlight":
        turn.paras.append(_Para(item.text, [item.line], "highlight"))
    elif (
        last is not None
        and last.kind == "bullet"
        and (not last.text or not item.blank_before or not paragraphs.is_terminated(last.text))
    ):
        # Telegram posts wrap a bullet over several lines with no blank line between them.
        last.extend(item)
    elif last is not None and last.kind == "text" and paragraphs.continues(last.text, item.text):
        last.extend(item)
    else:
        turn.paras.append(_Para(item.text, [item.line], "text"))


def build_turns(items: list[_Item], main_speaker: str | None, sink: _Sink) -> list[_Turn]:
    """Group body items into turns; text before any label is the main speaker's statement."""
    turns: list[_Turn] = []
    for item in items:
        if item.kind == "label":
            assert item.label is not None
            lab = item.label
            sink.consume(item.line, lab.label)
            if lab.note:
                sink.consume(item.line, lab.note)
            if not lab.known:
                sink.warn(
                    item.line,
                    f"speaker label '{lab.label}' is not in the speakers table; "
                    f"it was read as the speaker '{lab.speaker}'.",
                    "Add the name and its role to build_tools/rules/speakers.yaml, or ignore "
                    "this if the name is right.",
                )
            turns.append(
                _Turn(
                    lab.speaker,
                    lab.role,
                    lab.label,
                    lab.note,
                    item.line,
                    explicit_question=lab.role == "question",
                )
            )
            continue
        if item.kind == "date":
            item = replace(item, kind="text")
        if item.kind == "heading" and item.syntax:
            item = replace(item, kind="text", text=item.raw)
        if item.marker == "question" and item.text and (not turns or turns[-1].paras):
            turns.append(
                _Turn("Question", "question", None, None, item.line, explicit_question=True)
            )
        if not turns:
            speaker = main_speaker or UNKNOWN_SPEAKER
            turns.append(_Turn(speaker, "statement", None, None, item.line))
        _add_piece(turns[-1], item)
    return turns


def _assign_roles(turns: list[_Turn], main_speaker: str | None) -> None:
    """Answers follow questions; the main speaker's other turns are statements."""
    previous: Role | None = None
    for turn in turns:
        if turn.explicit_question:
            turn.role = "question"
        elif turn.role == "answer" or turn.speaker == main_speaker:
            turn.role = "answer" if previous == "question" else "statement"
        previous = turn.role


def parse(
    source: SourceRef, decoded: DecodedText, facts: Mapping[str, str] | None = None
) -> ParsedSource:
    """Parse one decoded source. Never raises on any text; problems become diagnostics."""
    sink = _Sink(source.path)
    sink.diagnostics.extend(decoded.diagnostics)
    lines, fixes = normalise_lines(decoded.text)
    items = classify(lines, sink)
    title, body_start, title_lines = read_header(items, sink)
    body = items[body_start:]
    if title is None:
        name = source.path.rsplit("/", 1)[-1]
        first = body[0].line if body else None
        sink.warn(
            first,
            "no title line found before the first speaker label or paragraph.",
            "Add the title (e.g. \"Foreign Minister Sergey Lavrov's interview with X, Moscow, "
            'March 21, 2025") as the first line of the file.',
        )
        title = f"Untitled transcript ({name})"
    facts_t = parse_title(title)
    main_speaker = facts_t.speaker
    turns = build_turns(body, main_speaker, sink)
    _assign_roles(turns, main_speaker)

    meta = sink.meta
    date = facts_t.date or _str(meta.get("date"))
    if facts_t.date and meta.get("date") and meta.get("date") != facts_t.date:
        sink.warn(
            sink.meta_lines["date"][0],
            f"the date line says {meta.get('date')} but the title says {facts_t.date}.",
            "Check which is right; the title's date is used.",
        )
    framing = tuple(str(x) for x in meta.get("excerpt_framing", ()))  # type: ignore[attr-defined]
    kind = "excerpt" if framing else facts_t.kind
    metadata = Metadata(
        title=title,
        date=date,
        place=facts_t.place,
        outlet=facts_t.outlet,
        occasion=facts_t.occasion,
        kind=kind,
        speaker=main_speaker,
        published=_str(meta.get("published")),
        reading_time=_str(meta.get("reading_time")),
        source_tags=tuple(meta.get("source_tags", ())),  # type: ignore[arg-type]
        site=_str(meta.get("site")),
        excerpt_framing=framing,
    )
    metadata = _apply_facts(metadata, facts or {}, sink)
    meta_lines = {k: tuple(v) for k, v in sink.meta_lines.items()}
    meta_lines["title"] = tuple(title_lines)
    if date is None:
        sink.warn(
            title_lines[0] if title_lines else None,
            "no date found in the title or the header.",
            "Put the date in the title line (e.g. 'March 21, 2025') or add `date:` under this "
            "file's `facts:` in source_texts/manifest.yaml.",
        )
    final_turns = _finish(turns, sink)
    if not final_turns:
        sink.warn(
            None,
            "no transcript text found: every line was a title, a label or boilerplate.",
            "Check that the file holds the transcript itself.",
            level="error",
        )
    return ParsedSource(
        source=source,
        encoding=decoded.encoding,
        metadata=metadata,
        metadata_lines=meta_lines,
        turns=final_turns,
        removed=tuple(sink.removed),
        structure={k: tuple(v) for k, v in sorted(sink.consumed.items())},
        fixes=dict(sorted(fixes.items())),
        lines=tuple(lines),
        diagnostics=tuple(sink.diagnostics),
    )


REPEAT_MIN_WORDS = 12
"""A paragraph this long found again word for word in one file is a pasting fault, not speech."""


def _drop_repeats(turns: list[_Turn], sink: _Sink) -> list[list[_Para]]:
    """Per turn, the paragraphs to keep: empty bullets and pasted-twice passages go."""
    first_seen: dict[str, _Para] = {}
    repeats: list[tuple[_Para, _Para]] = []
    kept: list[list[_Para]] = []
    keys: list[str] = []  # of the kept paragraphs, in order: the ids are made from them too
    for turn in turns:
        keep = []
        for para in turn.paras:
            if not para.text:
                continue
            found = words(para.text)
            key = " ".join(found)
            if len(found) >= REPEAT_MIN_WORDS and key in first_seen:
                repeats.append((para, first_seen[key]))
                continue
            first_seen.setdefault(key, para)
            keep.append(para)
            keys.append(key)
        kept.append(keep)
    in_order = [p for ps in kept for p in ps]
    for para, pid in zip(in_order, paragraph_ids_of_keys(keys), strict=True):
        para.id = pid
    for para, original in repeats:
        bounds = [*para.offsets[1:], len(para.text)]
        for line, start, stop in zip(para.lines, para.offsets, bounds, strict=True):
            sink.remove(
                line,
                para.text[start:stop],
                f"repeat of paragraph {original.id} (the passage was pasted twice)",
                "repeated-passage",
            )
    return kept


def _finish(turns: list[_Turn], sink: _Sink) -> tuple[Turn, ...]:
    """Freeze turns: drop empty bullets and repeats, give paragraphs their ids."""
    kept = _drop_repeats(turns, sink)
    repeated_lines = {r.line for r in sink.removed if r.rule == "repeated-passage"}
    out: list[Turn] = []
    for turn, paras in zip(turns, kept, strict=True):
        if not paras:
            if not turn.paras or not all(set(p.lines) <= repeated_lines for p in turn.paras):
                sink.warn(
                    turn.line,
                    f"the label '{turn.label or turn.speaker}' is followed by no text.",
                    "Check whether the speaker's words were lost when the text was copied.",
                )
            continue
        frozen = tuple(
            Paragraph(p.id, p.text, p.lines[0], tuple(p.lines), tuple(p.offsets), p.kind)
            for p in paras
        )
        out.append(Turn(turn.speaker, turn.role, turn.label, turn.line, frozen, turn.note))
    return tuple(out)


def _apply_facts(metadata: Metadata, facts: Mapping[str, str], sink: _Sink) -> Metadata:
    """Fill fields the text leaves empty from the manifest's ``facts``; the text wins."""
    changes: dict[str, Any] = {}
    for key, value in facts.items():
        if key not in {"title", "date", "place", "outlet", "occasion", "kind", "speaker"}:
            sink.warn(
                None,
                f"unknown fact '{key}' in the manifest.",
                "Use one of: date, place, outlet, occasion, kind, speaker, title.",
            )
            continue
        current = getattr(metadata, key)
        if current in (None, "transcript", "") or current.startswith("Untitled transcript"):
            changes[key] = str(value)
        elif current != value:
            sink.warn(
                None,
                f"the manifest says {key} is '{value}' but the text says '{current}'.",
                "Remove the fact from source_texts/manifest.yaml; the text is used.",
            )
    return replace(metadata, **changes) if changes else metadata


def _str(value: object) -> str | None:
    return None if value is None else str(value)
