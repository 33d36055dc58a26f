"""Write a synthetic archive that looks like ``source_texts/`` (issue "Scale", deliverable 1).

``generate(folder, n, seed)`` writes ``n`` transcripts and a ``manifest.yaml`` and returns what it
wrote. The same seed gives byte-identical files. The files take the shapes of the five seeds:

========= ====== ==============================================================================
format    seed   what it looks like
========= ====== ==============================================================================
plain     000    title line, ``Question:`` / ``Sergey Lavrov:``, one paragraph a line
telegram  001    a post quoting another file: 🎙 header, ``Read in full``, 💬 ❓ ❗️ • markers,
                 ``Key points:``, words glued across lines, editorial ``[insertions]``
reposted  002    blank lines, ``S.V. Lavrov:`` too, spaces before punctuation, a foreign
                 "Check Also" footer from the reposting site
portal    003    date-time stamp, language switcher, opening speech with no label, no-break
                 spaces, "Additional materials" tag list, portal chrome
clipper   004    Markdown from a web clipper: site link, ``##`` title, reading time, ``---``,
                 ``**Question:**``, paragraphs broken mid-sentence
========= ====== ==============================================================================

A few full texts are in Russian (Russian title, labels and text, in the plain or portal layout).
About 10% of the files are derived from another one: excerpts (a Telegram post quoting it) and
reposts (a near-copy in another format). Full texts are as long as the seeds' full texts,
excerpts about as long as the seed post. Metadata (kind, outlet, occasion, place, date) is drawn
from real-looking tables, so most date/outlet pairs are unique and a few collide, as in a real
archive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bench import vocabulary as v

DEFAULT_SEED = 20251101
FORMATS = ("plain", "telegram", "reposted", "portal", "clipper")
"""The five seed formats (see the module docs)."""
FULL_FORMATS = {"plain": 25, "reposted": 20, "portal": 27, "clipper": 25}
"""Formats of full English texts, with weights (``telegram`` is the excerpts' format)."""
RUSSIAN_SHARE = 0.03
DERIVED_SHARE = 0.10
"""Share of files that are excerpts or reposts of another file."""
EXCERPT_SHARE_OF_DERIVED = 0.6
FIRST_DAY = dt.date(2004, 3, 9)  # the speaker became Foreign Minister
LAST_DAY = dt.date(2025, 12, 31)
KINDS = {
    "interview": 50,
    "remarks and answers to questions": 14,
    "news conference": 13,
    "article": 6,
    "answers to questions": 6,
    "remarks": 6,
    "speech": 5,
}
STATEMENT_KINDS = {"article", "remarks", "speech"}
"""Kinds that are one statement with no questions."""


@dataclass(frozen=True)
class Entry:
    """One file written by :func:`generate`."""

    name: str
    """File name in the folder."""
    format: str
    """One of :data:`FORMATS`."""
    role: str
    """``full``, ``excerpt`` (a post quoting ``of``) or ``repost`` (a near-copy of ``of``)."""
    of: str | None
    """For an excerpt or repost: the file it comes from."""
    language: str
    """``en`` or ``ru``."""
    title: str
    """The title as written in the file (the header lines of a post, joined)."""
    date: str
    """ISO date of the interview."""
    kind: str
    """What the title says it is (``interview``, ``news conference``...)."""
    outlet: str | None
    """Outlet as the title names it."""
    place: str | None
    """Place as the title names it."""
    bytes: int
    """Size of the file."""


@dataclass
class Turn:
    """One speaker's turn: who speaks, with which label note, and the paragraphs."""

    who: str
    """``question``, ``lavrov``, ``zakharova`` or ``moderator``."""
    paragraphs: list[str]
    note: str | None = None
    labelled: bool = True
    """False for an opening statement printed with no label."""


@dataclass
class Transcript:
    """One interview before it is written in a format."""

    kind: str
    day: dt.date
    outlet: str | None
    occasion: str | None
    film: str | None
    place: str | None
    language: str
    turns: list[Turn] = field(default_factory=list)
    ru_outlet: tuple[str, str] | None = None
    ru_place: str | None = None


# --- small helpers ------------------------------------------------------------------------------


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]] | dict[str, int]) -> str:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _date_text(day: dt.date, style: str) -> str:
    if style == "dmy":
        return f"{day.day} {v.MONTHS[day.month - 1]} {day.year}"
    if style == "dotted":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if style == "iso":
        return day.isoformat()
    if style == "ru":
        return f"{day.day} {v.MONTHS_RU[day.month - 1]} {day.year} года"
    return f"{v.MONTHS[day.month - 1]} {day.day}, {day.year}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:5]) or "transcript"


_EASY_START = frozenset(
    v.words_of(
        """The This It We They There In Our That These Those All No One Many Some When If As At
        For On Its Their Such After Before Since Today Now Then Here Everyone Nobody Everything
        A An His Her My Your Russia’s"""
    )
)


def _embed(sentence: str) -> str:
    """A sentence made fit to follow "Do you think that": no leading 'But', no final stop."""
    s = re.sub(r"^(?:But|And|So|Of course|However|Therefore|Moreover|Indeed),?\s+", "", sentence)
    s = s.rstrip('.!?…”" ')
    if s.split(" ", 1)[0] in _EASY_START:
        s = s[0].lower() + s[1:]
    return s


# --- what is said -------------------------------------------------------------------------------


def _sentences(rng: random.Random, bank: v.Bank, lo: int, hi: int, mode: float) -> str:
    k = round(rng.triangular(lo, hi, mode))
    return " ".join(v.vary(rng, bank, rng.choice(bank.answers)) for _ in range(k))


_QUESTION_FRAMES = (
    "Do you think that {s}?",
    "Is it true that {s}?",
    "Would you agree that {s}?",
    "How would you comment on reports that {s}?",
    "Some analysts say that {s}. Do you agree?",
    "What is behind the claim that {s}?",
    "Many believe that {s}. Is that so?",
    "Western media write that {s}. What is your assessment?",
)


def _question(rng: random.Random, bank: v.Bank, language: str) -> list[str]:
    if language == "ru":
        lead = v.russian_sentence(rng) + " " if rng.random() < 0.4 else ""
        return [lead + v.russian_sentence(rng, question=True)]
    paras = []
    if rng.random() < 0.1:  # a long question in several paragraphs
        paras.append(_sentences(rng, bank, 1, 5, 2))
    lead = v.vary(rng, bank, rng.choice(bank.answers)) + " " if rng.random() < 0.4 else ""
    if rng.random() < 0.5:
        ask = v.vary(rng, bank, rng.choice(bank.questions))
    else:
        stated = v.vary(rng, bank, rng.choice(bank.answers))
        if stated.split(" ", 1)[0] in _EASY_START and len(stated) < 250:
            ask = rng.choice(_QUESTION_FRAMES).format(s=_embed(stated))
        else:
            ask = v.vary(rng, bank, rng.choice(bank.questions))
    paras.append(lead + ask)
    return paras


def _statement(rng: random.Random, bank: v.Bank, language: str, paragraphs: int) -> list[str]:
    if language == "ru":
        return [
            " ".join(v.russian_sentence(rng) for _ in range(round(rng.triangular(1, 8, 4))))
            for _ in range(paragraphs)
        ]
    return [_sentences(rng, bank, 1, 10, 4) for _ in range(paragraphs)]


def _answer(rng: random.Random, bank: v.Bank, language: str) -> list[str]:
    if language == "en" and rng.random() < 0.08:
        return [v.vary(rng, bank, rng.choice(bank.short))]
    count = rng.choices([1, 2, 3, 4, 5, 6], weights=[30, 25, 20, 12, 8, 5])[0]
    return _statement(rng, bank, language, count)


def _size(turns: list[Turn]) -> int:
    return sum(len(p.encode("utf-8")) + 20 for t in turns for p in t.paragraphs)


def _fill(rng: random.Random, bank: v.Bank, t: Transcript, target: int) -> None:
    """Give ``t`` turns until its text is about ``target`` bytes long."""
    lang = t.language
    if t.kind in STATEMENT_KINDS:
        t.turns.append(Turn("lavrov", [], labelled=False))
        while _size(t.turns) < target:
            t.turns[0].paragraphs += _statement(rng, bank, lang, 1)
        return
    if t.kind == "remarks and answers to questions":
        t.turns.append(Turn("lavrov", _statement(rng, bank, lang, rng.randint(4, 12)), None, False))
    elif t.kind == "news conference":
        note = rng.choice([None, None, "speaks after the talks", "opening remarks"])
        t.turns.append(Turn("lavrov", _statement(rng, bank, lang, rng.randint(2, 6)), note))
    moderated = t.kind in ("news conference", "remarks and answers to questions")
    while _size(t.turns) < target:
        if moderated and rng.random() < 0.15:
            who = "zakharova" if t.kind == "news conference" else "moderator"
            line = rng.choice(v.RU_MODERATOR if lang == "ru" else v.MODERATOR)
            t.turns.append(Turn(who, [line]))
        note = None
        if t.kind == "news conference" and rng.random() < 0.3:
            note = rng.choice(["retranslated from English", "to both ministers", "TASS"])
        t.turns.append(Turn("question", _question(rng, bank, lang), note))
        t.turns.append(Turn("lavrov", _answer(rng, bank, lang)))


def _transcript(rng: random.Random, bank: v.Bank, language: str, target: int) -> Transcript:
    kind = _weighted(rng, KINDS)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    outlet = occasion = film = None
    if kind in ("interview", "answers to questions", "article"):
        outlet = _weighted(rng, v.OUTLETS)
        if kind == "interview" and rng.random() < 0.04:
            film = rng.choice(v.FILMS)
    elif kind == "news conference":
        occasion = rng.choice(v.COUNTERPARTS)
    else:
        occasion = rng.choice(v.EVENTS).format(n=_ordinal(rng.randint(2, 30)))
    place = _weighted(rng, v.PLACES) if rng.random() < 0.7 or occasion else None
    if film or kind == "article":
        place = None  # such titles name no place
    t = Transcript(kind, day, outlet, occasion, film, place, language)
    if language == "ru":
        t.kind = rng.choice(["interview", "interview", "remarks and answers to questions"])
        t.ru_outlet = rng.choice(v.RU_OUTLETS)
        t.ru_place = rng.choice(v.RU_PLACES)
        t.occasion = rng.choice(v.RU_EVENTS) if t.kind != "interview" else None
    _fill(rng, bank, t, target)
    return t


# --- titles -------------------------------------------------------------------------------------

_LEADS = (
    ("Foreign Minister Sergey Lavrov’s", 80),
    ("Russian Foreign Minister Sergey Lavrov’s", 8),
    ("Sergey Lavrov’s", 6),
    ("Foreign Minister Sergei Lavrov’s", 6),
)


def title(t: Transcript, fmt: str, rng: random.Random, date_style: str) -> str:
    """The title line of ``t`` as a file in ``fmt`` writes it."""
    if t.language == "ru":
        return _russian_title(t)
    d = _date_text(t.day, date_style)
    where = f", {t.place}" if t.place else ""
    lead = _weighted(rng, _LEADS)
    if t.kind == "interview":
        if t.film:
            return f"{lead} interview with {t.outlet} for the film {t.film}, {d}"
        if fmt == "reposted" and t.place and rng.random() < 0.6:
            return (
                f"Interview with the Minister of Foreign Affairs of Russia S.V. Lavrov, "
                f"{t.outlet}, {t.place}, {d}"
            )
        verb = rng.choice(["interview with", "interview with", "interview with", "interview to"])
        return f"{lead} {verb} {t.outlet}{where}, {d}"
    if t.kind == "answers to questions":
        return f"{lead} answers to questions from {t.outlet}{where}, {d}"
    if t.kind == "article":
        if rng.random() < 0.5:
            return f"Article by Foreign Minister Sergey Lavrov for {t.outlet}, {d}"
        return f"{lead} article for {t.outlet}, {d}"
    if t.kind == "news conference":
        shape = rng.choice(
            ["remarks at a news conference following talks with", "remarks at a joint press "
             "conference with", "remarks at a news conference following his talks with"]
        )  # fmt: skip
        return f"{lead} {shape} {t.occasion}{where}, {d}"
    if t.kind == "remarks and answers to questions":
        shape = rng.choice(
            ["remarks and answers to questions at", "remarks and answers to questions at",
             "statement and answers to media questions following", "speech and answers to "
             "questions at"]
        )  # fmt: skip
        return f"{lead} {shape} {t.occasion}{where}, {d}"
    return f"{lead} {t.kind} at {t.occasion}{where}, {d}"


def _russian_title(t: Transcript) -> str:
    d = _date_text(t.day, "ru")
    if t.kind == "interview":
        assert t.ru_outlet is not None
        intro, name = t.ru_outlet
        outlet = f"{intro} «{name}»" if intro else name
        return f"Интервью Министра иностранных дел России С.В.Лаврова {outlet}, {t.ru_place}, {d}"
    return (
        f"Выступление и ответы на вопросы Министра иностранных дел России С.В.Лаврова в ходе "
        f"{t.occasion}, {t.ru_place}, {d}"
    )


# --- formats ------------------------------------------------------------------------------------


@dataclass
class Style:
    """Choices a file makes once and keeps throughout (as one publisher or clipper does)."""

    fmt: str
    language: str = "en"
    date_style: str = "mdy"
    lavrov: str = "Sergey Lavrov"
    alt_lavrov: str | None = None
    """A second label for the same speaker, used now and then (the reposted seed has both)."""
    question: str = "Question"
    label_alone: bool = False
    """The label on a line of its own, the text on the next."""
    straight_quotes: bool = False


def _style(rng: random.Random, fmt: str, language: str) -> Style:
    s = Style(fmt, language)
    s.date_style = rng.choices(["mdy", "dmy", "dotted", "iso"], weights=[82, 10, 5, 3])[0]
    if language == "ru":
        s.lavrov, s.question, s.date_style = (
            rng.choice(["С.В.Лавров", "С.В. Лавров"]),
            "Вопрос",
            "ru",
        )
        return s
    if fmt == "reposted":
        s.alt_lavrov = "S.V. Lavrov"
    if rng.random() < 0.04:
        s.lavrov, s.question = "SERGEY LAVROV", "QUESTION"
    elif rng.random() < 0.04:
        s.lavrov = "S. Lavrov"
    s.label_alone = fmt in ("plain", "portal") and rng.random() < 0.04
    s.straight_quotes = fmt == "clipper" and rng.random() < 0.5
    return s


def _speaker(turn: Turn, style: Style, rng: random.Random) -> str:
    if turn.who == "question":
        return style.question
    if turn.who == "zakharova":
        return "Мария Захарова" if style.language == "ru" else "Maria Zakharova"
    if turn.who == "moderator":
        return "Ведущий" if style.language == "ru" else "Moderator"
    if style.alt_lavrov and rng.random() < 0.4:
        return style.alt_lavrov
    return style.lavrov


def _blocks(t: Transcript, style: Style, rng: random.Random, bold: bool = False) -> list[str]:
    """Every paragraph of the body, the first of each labelled turn with its label."""
    out: list[str] = []
    for turn in t.turns:
        for i, para in enumerate(turn.paragraphs):
            if i or not turn.labelled:
                out.append(para)
                continue
            label = _speaker(turn, style, rng) + (f" ({turn.note})" if turn.note else "")
            if bold:
                out.append(f"**{label}:** {para}")
            elif style.label_alone:
                out.append(f"{label}:\n{para}")
            else:
                out.append(f"{label}: {para}")
    return out


def _split_at_a_space(
    rng: random.Random,
    text: str,
    between: str,
    first: int,
    last_margin: int,
    gap: Callable[[], str],
) -> str:
    """``text`` with one space after a character of class ``between`` (chosen at random from
    ``first`` to ``len - last_margin``) replaced by ``gap()``; unchanged if there is none."""
    spots = [m.start() for m in re.finditer(rf"(?<=[{between}]) (?=[a-z])", text)]
    spots = [i for i in spots if first <= i <= len(text) - last_margin]
    if not spots:
        return text
    at = rng.choice(spots)
    return text[:at] + gap() + text[at + 1 :]


def _break_mid_sentence(rng: random.Random, block: str) -> str:
    """A clipper's false paragraph break: ``...will be quite`` / blank lines / ``amusing.``."""
    return _split_at_a_space(
        rng, block, "a-z", 80, 20, lambda: "\n\n\n\n" if rng.random() < 0.3 else "\n\n"
    )


def _putin_initials(text: str) -> str:
    return re.sub(r"\b(?:President )?Vladimir Putin\b", "President V.V. Putin", text)


def _space_before_punctuation(rng: random.Random, text: str) -> str:
    """A reposting site's leftover of a removed link: ``the Prosecutor General’s Office , and``."""
    spots = list(re.finditer(r"(?<=[A-Z][a-z]{2})([a-z]*)([,.])(?= )", text))
    if not spots:
        return text
    m = rng.choice(spots)
    return text[: m.end(1)] + " " + text[m.end(1) :]


def _nbsp(rng: random.Random, text: str) -> str:
    """The portal's no-break spaces between sentences (``rosmolodezh).\u00a0 Each``)."""
    spots = [m.end() for m in re.finditer(r"[a-z)]\. (?=[A-Z])", text)]
    if not spots:
        return text
    at = rng.choice(spots)
    gap = rng.choice(["\u00a0 ", " \u00a0"])
    return text[: at - 1] + gap + text[at:]


def render_plain(t: Transcript, rng: random.Random) -> tuple[str, str]:
    """Seed 000: title line, then one paragraph a line, no blank lines."""
    style = _style(rng, "plain", t.language)
    head = title(t, "plain", rng, style.date_style)
    return head, "\n".join([head, *_blocks(t, style, rng)])


def render_reposted(t: Transcript, rng: random.Random) -> tuple[str, str]:
    """Seed 002: a reposting site's copy, blank lines, ``S.V. Lavrov:``, spaces before
    punctuation where links were, a foreign-language "Check Also" footer."""
    style = _style(rng, "reposted", t.language)
    head = title(t, "reposted", rng, style.date_style)
    blocks = [_putin_initials(b) for b in _blocks(t, style, rng)]
    blocks = [_space_before_punctuation(rng, b) if rng.random() < 0.08 else b for b in blocks]
    parts = [head, *blocks]
    if rng.random() < 0.7:
        teaser = rng.choice(v.FOREIGN_TEASERS)
        parts += ["Check Also", *teaser]
    return head, "\n\n".join(parts)


_LANGUAGES = ("de-DE1", "en-GB1", "es-ES1", "ru-RU1", "fr-FR1", "ar-AE1", "zh-CN1", "pt-BR1")


def render_portal(t: Transcript, rng: random.Random) -> tuple[str, str]:
    """Seed 003: the ministry portal's page: stamp, title, language switcher, text, tag list,
    widget chrome; no-break spaces between some sentences."""
    style = _style(rng, "portal", t.language)
    head = title(t, "portal", rng, "mdy" if t.language == "en" else "ru")
    published = t.day + dt.timedelta(days=rng.choice([0, 0, 0, 1]))
    hh, mm = rng.randint(8, 23), rng.randint(0, 59)
    if t.language == "ru":
        stamp = f"{published.day} {v.MONTHS_RU[published.month - 1]} {published.year} {hh}:{mm:02d}"
    else:
        stamp = f"{published.day} {v.MONTHS[published.month - 1]} {published.year}{hh:02d}:{mm:02d}"
    switch = [x for x in _LANGUAGES if x in ("en-GB1", "ru-RU1") or rng.random() < 0.6]
    blocks = [_nbsp(rng, b) if rng.random() < 0.15 else b for b in _blocks(t, style, rng)]
    tags = rng.sample(v.PORTAL_TAGS, rng.randint(1, 4))
    footer = "Additional materials" if t.language == "en" else "Дополнительные материалы"
    text = (
        f"{stamp}\n\n{head}\n\n\n  • {' '.join(switch)}\n\n"
        + "\n\n".join(blocks)
        + f"\n\n{footer}\n\n\n"
        + "\n\n".join(tags)
        + "\n\nWeb Content Display\n\nAdvanced settings"
    )
    return head, text


_CLIP_SITES = (("mid.ru", "https://www.mid.ru", 8), ("tass.com", "https://tass.com", 1),
               ("russiaun.ru", "https://russiaun.ru", 1))  # fmt: skip


def render_clipper(t: Transcript, rng: random.Random) -> tuple[str, str]:
    """Seed 004: Markdown from a web clipper, paragraphs broken where the page wrapped."""
    style = _style(rng, "clipper", t.language)
    head = title(t, "clipper", rng, style.date_style)
    site, url, _ = rng.choices(_CLIP_SITES, weights=[w for *_, w in _CLIP_SITES])[0]
    blocks = _blocks(t, style, rng, bold=True)
    blocks = [_break_mid_sentence(rng, b) if rng.random() < 0.06 else b for b in blocks]
    if style.straight_quotes:
        blocks = [b.replace("’", "'") for b in blocks]
    words = sum(len(b.split()) for b in blocks)
    reading = f"{max(1, round(words / 180))}-{max(2, round(words / 145))} minutes"
    text = f"\n\n[{site}]({url})\n\n## {head}\n\n{reading}\n\n---\n\n" + "\n\n".join(blocks)
    return head, text


RENDER = {
    "plain": render_plain,
    "reposted": render_reposted,
    "portal": render_portal,
    "clipper": render_clipper,
}


# --- derived files ------------------------------------------------------------------------------


def _editorial(rng: random.Random, text: str) -> str:
    """An editor's insertion in square brackets after a word: ``focused [in 1994]on``."""
    spots = [m.end() for m in re.finditer(r"[a-z](?= [a-z])", text)]
    if not spots:
        return text
    at = rng.choice(spots)
    note = rng.choice(v.EDITORIAL).format(year=rng.randint(1994, 2025))
    glue = "" if rng.random() < 0.3 else " "
    return f"{text[:at]} {note}{glue}{text[at + 1 :]}"


def _wrap(rng: random.Random, text: str) -> str:
    """A post's line wrapped mid-sentence with no blank line (``was\\na huge mistake.``)."""
    return _split_at_a_space(rng, text, "a-z,", 30, 10, lambda: "\n")


def _post_header(t: Transcript, rng: random.Random) -> tuple[str, str]:
    """The 🎙 title block of a post about ``t``: (title as one line, lines as written)."""
    if t.kind == "interview":
        what = f'interview with "{t.outlet}"' + (f' for the film "{t.film}"' if t.film else "")
    elif t.kind in ("answers to questions", "article"):
        what = f"{'answers to questions from' if t.kind != 'article' else 'article for'} {t.outlet}"
    elif t.kind == "news conference":
        what = f"remarks at a news conference following talks with {t.occasion}"
    else:
        what = f"{t.kind} at {t.occasion}"
    style = rng.choices(["mdy", "dotted", "dmy"], weights=[70, 20, 10])[0]
    d = _date_text(t.day, style)
    framing = rng.choice(["Read in full", "Read in full", "Read the full text", "Full text"])
    if rng.random() < 0.6:
        lines = ["🎙 Russia's Foreign Minister", f"Sergey Lavrov’s {what}", f"({d}){framing}"]
        return f"Russia's Foreign Minister Sergey Lavrov’s {what}", "\n".join(lines)
    mark = rng.choice(["🎙", "🎙", "📺", "📰"])
    return (
        f"Foreign Minister Sergey Lavrov’s {what}",
        f"{mark} Foreign Minister Sergey Lavrov’s {what}\n({d}){framing}",
    )


def _sentences_of(text: str) -> list[str]:
    return v.split_sentences(text)


def render_excerpt(t: Transcript, rng: random.Random, target: int) -> tuple[str, str]:
    """Seed 001: a Telegram post quoting parts of ``t`` (a full text written elsewhere)."""
    head, lines_head = _post_header(t, rng)
    answers = [turn for turn in t.turns if turn.who == "lavrov"]
    long_paras = [p for turn in answers for p in turn.paragraphs if len(p) > 120]
    pool = long_paras or [p for turn in answers for p in turn.paragraphs]
    body: list[str] = []
    size = len(lines_head)
    # 💬 a passage of one answer, a paragraph or two.
    turn = rng.choice(answers)
    start = rng.randrange(len(turn.paragraphs))
    quoted = turn.paragraphs[start : start + rng.randint(1, 2)]
    quoted = [_editorial(rng, p) if rng.random() < 0.3 else p for p in quoted]
    body.append("💬 Sergey Lavrov: " + "\n".join(quoted))
    size += sum(len(p) for p in quoted)
    # ❓ a question with the start of its answer, on the same line as the question.
    pairs = [i for i in range(len(t.turns) - 1)
             if t.turns[i].who == "question" and t.turns[i + 1].who == "lavrov"]  # fmt: skip
    if pairs and rng.random() < 0.7:
        i = rng.choice(pairs)
        answer = t.turns[i + 1].paragraphs[0]
        if rng.random() < 0.5:
            answer = _wrap(rng, answer)
        body.append(f"❓ Question: {t.turns[i].paragraphs[-1]}💬 Sergey Lavrov: {answer}")
        size += len(answer) + len(t.turns[i].paragraphs[-1])
    # Key points: sentences from anywhere in the answers, as bullets.
    points: list[str] = []
    while size < target - 300 and pool:
        sentences = _sentences_of(rng.choice(pool))
        k = rng.randrange(len(sentences))
        point = " ".join(sentences[k : k + rng.randint(1, 3)])
        if rng.random() < 0.2:
            point = _editorial(rng, point)
        if rng.random() < 0.3:
            point = _wrap(rng, point)
        points.append(point)
        size += len(point)
    if points:
        glue = rng.choice(["•\n", "\n• "])
        body.append(f"Key points:{glue}{points[0]}")
        body += [f"• {p}" if rng.random() < 0.8 else f"•\n{p}" for p in points[1:]]
    highlight = rng.choice(_sentences_of(rng.choice(pool)))
    body.append(f"❗️ {highlight}")
    return head, lines_head + "\n" + "\n".join(body)


def repost(t: Transcript, rng: random.Random) -> Transcript:
    """A near-copy of ``t``: one paragraph dropped now and then, as a reposting site does."""
    turns = [replace(turn, paragraphs=list(turn.paragraphs)) for turn in t.turns]
    long = [turn for turn in turns if len(turn.paragraphs) > 1]
    if long and rng.random() < 0.5:
        turn = rng.choice(long)
        del turn.paragraphs[rng.randrange(len(turn.paragraphs))]
    return replace(t, turns=turns)


# --- the archive --------------------------------------------------------------------------------


def seed_sizes(folder: Path = v.SEEDS) -> tuple[tuple[int, int], tuple[int, int]]:
    """(smallest, largest) bytes of the seeds' full texts, and a range around the seed post."""
    full: list[int] = []
    posts: list[int] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (posts if re.search(r"read in full", text, re.IGNORECASE) else full).append(
            path.stat().st_size
        )
    post = posts[0] if posts else 4000
    return (min(full), max(full)), (post // 2, post * 3 // 2)


def _file_name(entry_date: str, what: str, suffix: str, taken: set[str]) -> str:
    base = f"{entry_date}-{_slug(what)}-{suffix}"
    name, n = f"{base}.txt", 1
    while name in taken:
        n += 1
        name = f"{base}-{n}.txt"
    taken.add(name)
    return name


def _finish(rng: random.Random, text: str) -> bytes:
    """How the file is saved: most without a final line end, as the seeds are."""
    if rng.random() < 0.3:
        text += "\n"
    if rng.random() < 0.02:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


def _describe(t: Transcript) -> str:
    if t.language == "ru":
        return "ru"
    return t.outlet or t.occasion or t.kind


def _entry(name: str, fmt: str, role: str, of: str | None, t: Transcript, head: str,
           data: bytes) -> Entry:  # fmt: skip
    return Entry(name, fmt, role, of, t.language, head, t.day.isoformat(), t.kind,
                 t.outlet if t.language == "en" else (t.ru_outlet or ("", ""))[1] or None,
                 t.place if t.language == "en" else t.ru_place, len(data))  # fmt: skip


def generate(folder: Path | str, n: int, seed: int = DEFAULT_SEED) -> list[Entry]:
    """Write ``n`` synthetic transcripts and a ``manifest.yaml`` into ``folder``.

    Files already in the folder (``*.txt``, ``manifest.yaml``) are removed first. Returns one
    :class:`Entry` per file, in the order written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.txt"), folder / "manifest.yaml"]:
        old.unlink(missing_ok=True)
    rng = random.Random(seed)  # noqa: S311 (a benchmark corpus, not a secret)
    bank = v.load_bank()
    (full_lo, full_hi), (post_lo, post_hi) = seed_sizes()
    derived = round(n * DERIVED_SHARE)
    excerpts = round(derived * EXCERPT_SHARE_OF_DERIVED)
    reposts = derived - excerpts
    taken: set[str] = set()
    files: list[tuple[Entry, bytes]] = []
    made: list[tuple[Transcript, str, str]] = []  # transcript, format, file name
    for _ in range(n - derived):
        language = "ru" if rng.random() < RUSSIAN_SHARE else "en"
        fmt = _weighted(rng, FULL_FORMATS)
        if language == "ru":
            fmt = rng.choice(["plain", "portal"])
        t = _transcript(rng, bank, language, rng.randint(full_lo, full_hi) - 600)
        head, text = RENDER[fmt](t, rng)
        kind_word = _slug(t.kind).split("-")[0]
        name = _file_name(t.day.isoformat(), _describe(t), kind_word, taken)
        data = _finish(rng, text)
        files.append((_entry(name, fmt, "full", None, t, head, data), data))
        made.append((t, fmt, name))
    english = [m for m in made if m[0].language == "en"]
    for k in range(excerpts + reposts):
        t, fmt, origin = rng.choice(english)
        if k < excerpts:
            head, text = render_excerpt(t, rng, rng.randint(post_lo, post_hi))
            name = _file_name(t.day.isoformat(), f"telegram post {_describe(t)}", "excerpt", taken)
            data = _finish(rng, text)
            files.append((_entry(name, "telegram", "excerpt", origin, t, head, data), data))
        else:
            other = rng.choice([f for f in RENDER if f != fmt])
            copy = repost(t, rng)
            head, text = RENDER[other](copy, rng)
            name = _file_name(t.day.isoformat(), _describe(t), "repost", taken)
            data = _finish(rng, text)
            files.append((_entry(name, other, "repost", origin, t, head, data), data))
    manifest: dict[str, dict[str, str]] = {}
    for number, (entry, data) in enumerate(files):
        (folder / entry.name).write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        manifest[entry.name] = {
            "original_name": f"{number:03d}_{digest[:16]}.txt",
            "sha256": digest,
        }
    head = f"# Synthetic archive: bench.generate, n={n}, seed={seed}. Not evidence.\n"
    body = yaml.safe_dump({"files": dict(sorted(manifest.items()))}, allow_unicode=True,
                          sort_keys=False, width=1000)  # fmt: skip
    (folder / "manifest.yaml").write_text(head + body, encoding="utf-8")
    return [entry for entry, _ in files]


def summary(entries: Sequence[Entry]) -> dict[str, Any]:
    """Counts by format, role, language and kind, for the report."""
    out: dict[str, Any] = {}
    for key in ("format", "role", "language", "kind"):
        counts: dict[str, int] = {}
        for e in entries:
            value = str(asdict(e)[key])
            counts[value] = counts.get(value, 0) + 1
        out[key] = dict(sorted(counts.items()))
    out["bytes"] = sum(e.bytes for e in entries)
    return out
