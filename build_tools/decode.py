"""Decode stage: raw bytes of a source file -> :class:`~build_tools.model.DecodedText`.

Why this is its own stage: the archive's transcripts were clipped from websites, messengers and
old Word documents, so their encodings vary. Guessing wrong silently turns a quote into mojibake
that is then published and cited; failing hard on one stray byte throws away a whole interview.
So the encoding is decided *explicitly*, by rules that are easy to state and test:

1. Empty data -> error "empty file".
2. A byte order mark is trusted: UTF-32, UTF-8 (``utf-8-sig``), UTF-16 (reported ``utf-16``).
3. NUL bytes: if they sit almost only at odd (or only at even) positions, on at least a tenth
   of the 16-bit units, and the data decodes cleanly as UTF-16, it is UTF-16 without a BOM
   (``utf-16-le``/``utf-16-be``, with a warning); otherwise, with more than a few NULs
   (:data:`STRAY_NULS`), the file is binary; a few are scraper debris: a warning names the
   first one, and normalising removes them.
4. Valid UTF-8 -> ``utf-8``, no diagnostics.
5. Invalid UTF-8 with at least one valid multi-byte character of a plausible kind (letters,
   typographic punctuation) per four bad bytes is damaged UTF-8: each bad subsequence becomes
   U+FFFD (as ``errors="replace"``), each run of bad bytes gets a diagnostic with its byte offset
   and line, and the rest of the file is used. Chance almost never forms that many such
   characters in legacy text, where nearly every letter is a bad byte.
6. Otherwise the file is in a legacy single-byte encoding: charset-normalizer, restricted to
   :data:`LEGACY_CANDIDATES` and given a bounded sample, picks it (see :func:`_detect_legacy`
   for the tie-breaks). The text is used with a warning to re-save the file as UTF-8. If no
   candidate fits, rule 5's damage report applies.
7. Decoded text with more than 5 % control characters or more than 30 % undecodable
   bytes is binary (error, text ``""``); text that is only whitespace is an error.

Undecodable runs are warnings while they are at most 1 % of the file (or 16 bytes), errors
beyond; at most 20 are listed, then one summary. Line ends are LF, CRLF and CR only (never
U+2028, U+0085, VT or FF, which a later stage normalises); all become ``\\n``, and line numbers
in diagnostics count the same way. All scanning is done by C code (``bytes.decode`` with
``strict``, ``surrogateescape`` or ``replace``, ``re``, ``str.count``), with Python work only per
reported run, so large files decode in linear time. :func:`decode` never raises on any input.
"""

from __future__ import annotations

import codecs
import itertools
import re
import threading
from dataclasses import dataclass

from charset_normalizer import from_bytes

from build_tools.model import DecodedText, Diagnostic, Level

__all__ = ["decode"]

MAX_BAD_RUN_DIAGNOSTICS = 20
"""Diagnostics for undecodable byte runs per file; further runs are summarised in one."""

ERROR_FRACTION = 0.01
"""Share of undecodable bytes above which they are an error rather than a warning..."""
ERROR_MIN_BYTES = 16
"""...but never for fewer bad bytes than this (a short file with one stray byte is usable)."""

BINARY_CONTROL_FRACTION = 0.05
"""Share of control characters above which decoded data counts as binary."""
BINARY_BAD_FRACTION = 0.3
"""Share of undecodable bytes above which data counts as binary rather than damaged text."""
STRAY_NULS = 16
STRAY_NUL_FRACTION = 0.001
"""NUL bytes a text may hold (scraper debris, removed) before it counts as binary: 16, or
0.1 % of the bytes in a longer file."""

UTF8_EVIDENCE_FACTOR = 4
"""Invalid UTF-8 is still treated as damaged UTF-8 while its plausible multi-byte characters
(see ``_PLAUSIBLE_NON_ASCII``) times this factor are at least as many as its bad bytes."""

LEGACY_MAX_CHAOS = 0.6
"""The best legacy codec is rejected when its chaos (charset-normalizer's measure, plus the
share of implausible words) reaches this, unless the data has fewer than 64 non-ASCII bytes:
the measure is noisy on little text (``The “quote” €5.`` scores 0.47 in cp1252, ``The © ©.``
0.63). charset-normalizer's own limit of 0.2 is therefore not used."""

DETECTION_SAMPLE_BYTES = 256 * 1024
"""At most this many bytes are given to charset-normalizer."""

LEGACY_CANDIDATES: tuple[tuple[str, str, bool], ...] = (
    # (Python codec name, name reported in DecodedText.encoding, is a Cyrillic codec);
    # the order breaks exact ties.
    ("cp1251", "cp1251", True),
    ("cp1252", "cp1252", False),
    ("koi8_r", "koi8-r", True),
    ("iso8859_5", "iso-8859-5", True),
    ("cp866", "cp866", True),
    ("latin_1", "latin-1", False),
)
"""Legacy encodings a transcript of this archive can plausibly be in."""

BINARY_ENCODING = "binary"
"""``DecodedText.encoding`` of a file rejected as binary (no codec was used)."""

_REPLACED_HINT = "the bytes were replaced by U+FFFD; fix the file's encoding or re-save it as UTF-8"
_BINARY_HINT = "remove it from source_texts/ or convert it to UTF-8 text"
_EMPTY_HINT = "remove the file or add the transcript text"
_RESAVE_HINT = "re-save the file as UTF-8"
_NUL_NOTE = "NUL byte(s) in the text"
_NUL_HINT = "check the text around it: a NUL often marks a damaged copy"

# Control characters that do not occur in text files. Kept out: TAB, LF, VT, FF, CR (text
# or handled by normalisation) and U+0085 NEL (also left for normalisation).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_C1_CONTROL = re.compile("[\x80-\x9f]")
_CR_LINE_END = re.compile("\r\n?")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ACCENTED_PAIR = re.compile("[\u00c0-\u024f]{2}")
_LOWER_UPPER = re.compile("[a-zß-öø-ÿа-яё][A-ZÀ-ÖØ-ÞА-ЯЁ]")
# Non-ASCII characters a transcript of this archive has: Latin-1 and Latin Extended letters and
# signs, Greek and Cyrillic, typographic punctuation, euro, numero, trade mark and emoji. Legacy
# text misread as UTF-8 forms valid sequences by chance (in cp866 a lowercase р-я is a 3-byte
# lead and а-п are continuation bytes: "тве" is U+20A5), but almost never in these ranges.
_PLAUSIBLE_NON_ASCII = re.compile(
    "[\u00a0-\u024f\u0370-\u052f\u2010-\u205e\u20ac\u2116\u2122\U0001f300-\U0001faff]"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UNDEFINED_IN_WINDOWS = re.compile(b"[\x81\x8d\x8f\x90\x98\x9d]")

_BOMS: tuple[tuple[bytes, str, str, str], ...] = (
    # (BOM, codec for the body, reported encoding, name in messages); UTF-32 LE before UTF-16 LE.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16", "UTF-16"),
)


# --- decoding with damage reports ----------------------------------------------------------


@dataclass(frozen=True)
class _Damage:
    """Undecodable byte runs of one decode (adjacent bad bytes form one run)."""

    spans: tuple[tuple[int, int, int], ...]
    """(start offset, end offset, 1-based line) of the first runs, at most the cap plus one."""
    runs: int
    """Number of runs in the whole file (only the listed ones if it is binary anyway)."""
    bad_bytes: int
    """Number of undecodable bytes in the whole file."""


_NO_DAMAGE = _Damage((), 0, 0)
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


def _breaks(text: str) -> int:
    """Line breaks in ``text``: LF, CRLF and CR only."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _damage_from_escaped(escaped: str, body_size: int, base: int, codec: str) -> _Damage:
    """Find bad runs in text decoded with ``surrogateescape`` (one U+DCxx per bad byte).

    Only for ASCII-compatible codecs (UTF-8, single-byte), whose bad bytes are all >= 0x80 and
    whose good characters re-encode to exactly their original bytes. All scanning runs in C;
    Python works once per run, and counts runs past the reported ones only when the result
    will not be rejected as binary anyway.
    """
    bad_bytes = body_size - len(escaped.encode(codec, "ignore"))
    if not bad_bytes:
        return _NO_DAMAGE
    found = _ESCAPED_RUN.finditer(escaped)
    spans: list[tuple[int, int, int]] = []
    line, pos, offset = 1, 0, base
    for match in itertools.islice(found, MAX_BAD_RUN_DIAGNOSTICS + 1):
        piece = escaped[pos : match.start()]
        line += _breaks(piece)
        if codec == "utf-8":
            offset += len(piece.encode("utf-8", "surrogateescape"))
        else:  # single-byte codec: one character per byte
            offset += len(piece)
        spans.append((offset, offset + len(match.group()), line))
        pos = match.start()
    runs = len(spans)
    if bad_bytes <= body_size * BINARY_BAD_FRACTION:
        runs += sum(1 for _ in found)
    return _Damage(tuple(spans), runs, bad_bytes)


class _Recorder:
    """State of :func:`_record` during one decode: merges adjacent errors into runs."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.runs = 0
        self.bad_bytes = 0
        self._start = -1
        self._end = -1

    def add(self, start: int, end: int) -> None:
        self.bad_bytes += end - start
        if start == self._end:
            self._end = end
            return
        self.finish()
        self._start, self._end = start, end
        self.runs += 1

    def finish(self) -> None:
        if self._start >= 0 and len(self.spans) <= MAX_BAD_RUN_DIAGNOSTICS:
            self.spans.append((self._start, self._end))
        self._start = -1


_STATE = threading.local()
_RECORD = "build_tools.decode.record"


def _record(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace like ``errors="replace"`` and note where."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    recorder: _Recorder | None = getattr(_STATE, "recorder", None)
    if recorder is not None:
        recorder.add(exc.start, exc.end)
    return "\ufffd", exc.end


codecs.register_error(_RECORD, _record)


def _decode_recording(body: bytes | memoryview, base: int, codec: str) -> tuple[str, _Damage]:
    """Decode with a Python error handler, for UTF-16/32: their bad units may contain bytes
    below 0x80, which ``surrogateescape`` cannot carry. Such damage is rare and small."""
    recorder = _Recorder()
    outer = getattr(_STATE, "recorder", None)
    _STATE.recorder = recorder
    try:
        text = str(body, codec, _RECORD)
    finally:
        _STATE.recorder = outer
    recorder.finish()
    spans: list[tuple[int, int, int]] = []
    line, pos = 1, 0
    for start, end in recorder.spans:
        # Runs start on code unit boundaries, so the pieces decode as in the full decode.
        line += _breaks(str(body[pos:start], codec, "replace"))
        spans.append((base + start, base + end, line))
        pos = start
    return text, _Damage(tuple(spans), recorder.runs, recorder.bad_bytes)


def _decode(data: bytes, base: int, codec: str) -> tuple[str, _Damage]:
    """Decode ``data[base:]``: strictly if possible, else with U+FFFD for each bad subsequence
    (exactly like ``errors="replace"``) and a report of the bad runs."""
    body = memoryview(data)[base:] if base else data
    try:
        return str(body, codec), _NO_DAMAGE
    except UnicodeDecodeError:
        pass
    if codec.startswith(("utf-16", "utf-32")):
        return _decode_recording(body, base, codec)
    escaped = str(body, codec, "surrogateescape")
    damage = _damage_from_escaped(escaped, len(data) - base, base, codec)
    return str(body, codec, "replace"), damage


# --- result helpers --------------------------------------------------------------------------


def _show_bytes(raw: bytes) -> str:
    if len(raw) <= 16:
        return repr(raw)
    return f"{raw[:16]!r}... ({len(raw)} bytes)"


def _bad_run_diagnostics(path: str, data: bytes, damage: _Damage, name: str) -> list[Diagnostic]:
    if not damage.runs:
        return []
    limit = max(ERROR_MIN_BYTES, len(data) * ERROR_FRACTION)
    level: Level = "error" if damage.bad_bytes > limit else "warning"
    diagnostics = [
        Diagnostic(
            path=path,
            line=line,
            level=level,
            message=f"undecodable bytes {_show_bytes(data[start:end])} are not {name}",
            hint=_REPLACED_HINT,
            byte_offset=start,
        )
        for start, end, line in damage.spans[:MAX_BAD_RUN_DIAGNOSTICS]
    ]
    if damage.runs > MAX_BAD_RUN_DIAGNOSTICS:
        start, _, line = damage.spans[MAX_BAD_RUN_DIAGNOSTICS]
        diagnostics.append(
            Diagnostic(
                path=path,
                line=line,
                level=level,
                message=(
                    f"{damage.runs - MAX_BAD_RUN_DIAGNOSTICS} more undecodable byte runs "
                    "(the first of them is here)"
                ),
                hint=_REPLACED_HINT,
                byte_offset=start,
            )
        )
    return diagnostics


def _reject(
    path: str,
    encoding: str,
    line_ending: str,
    message: str,
    hint: str,
    byte_offset: int | None = None,
) -> DecodedText:
    diagnostic = Diagnostic(path, None, "error", message, hint, byte_offset)
    return DecodedText(path, "", encoding, line_ending, (diagnostic,))


def _binary(path: str, byte_offset: int | None = None) -> DecodedText:
    return _reject(
        path,
        BINARY_ENCODING,
        "none",
        "binary data, not a text transcript",
        _BINARY_HINT,
        byte_offset,
    )


def _line_ending(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [kind for kind, n in (("LF", lf), ("CRLF", crlf), ("CR", cr)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _finish(
    path: str,
    data: bytes,
    text: str,
    encoding: str,
    notes: list[Diagnostic],
    damage: _Damage = _NO_DAMAGE,
    codec_name: str = "UTF-8",
) -> DecodedText:
    """Reject binary or blank text; otherwise normalise line ends and build the result."""
    if damage.bad_bytes > len(data) * BINARY_BAD_FRACTION:
        return _binary(path)
    if _CONTROL.search(text) is not None:
        controls = len(text) - len(_CONTROL.sub("", text))
        if controls > len(text) * BINARY_CONTROL_FRACTION:
            return _binary(path)
    if "\x00" in text and not any(_NUL_NOTE in n.message for n in notes):
        # NULs that came through a BOM-declared codec: said, like those found in raw bytes.
        first = text.index("\x00")
        notes = [
            *notes,
            Diagnostic(
                path=path,
                line=1 + _breaks(text[:first]),
                level="warning",
                message=f"{text.count(chr(0))} {_NUL_NOTE} (the first is on this line); "
                "they were removed",
                hint=_NUL_HINT,
            ),
        ]
    line_ending = _line_ending(text)
    if not text:
        return _reject(path, encoding, line_ending, "empty file", _EMPTY_HINT)
    if text.isspace():
        return _reject(path, encoding, line_ending, "file contains only whitespace", _EMPTY_HINT)
    if "\r" in text:
        text = _CR_LINE_END.sub("\n", text)
    diagnostics = (*notes, *_bad_run_diagnostics(path, data, damage, codec_name))
    return DecodedText(path, text, encoding, line_ending, diagnostics)


# --- detection -------------------------------------------------------------------------------


def _bom_less_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if NUL-bearing data clearly is UTF-16 without a BOM."""
    units = len(data) // 2
    if units == 0:
        return None
    even = data[0 : 2 * units : 2].count(0)
    odd = data[1 : 2 * units : 2].count(0)
    # Text in UTF-16 has a zero high byte for every ASCII character (spaces, digits,
    # punctuation, line ends), and a zero low byte almost never.
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= 2 and high * 10 >= units and low * 20 <= high:
            try:
                data[: 2 * units].decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


@dataclass(frozen=True)
class _Legacy:
    codec: str
    """Python codec name."""
    name: str
    """Name reported in ``DecodedText.encoding``."""


def _implausible_word_share(text: str) -> float:
    """Share of non-ASCII words that a wrong codec typically produces.

    Those are words mixing Latin and Cyrillic letters (``Renйe``: cp1252 read as cp1251),
    switching to capitals after a small letter (``оПХБЕР``: cp1251 read as koi8-r), with two
    accented Latin letters in a row (``Ìèð``: cp1251 read as cp1252), and one-letter Cyrillic
    words in a mostly Latin text (``€5`` read as ``Ђ5``). Each C1 control character (``€`` read
    as latin-1) counts as one more such word.
    """
    words = [w for w in _WORD.findall(text) if _NON_ASCII.search(w)]
    c1_controls = len(_C1_CONTROL.findall(text))  # 0x80-0x9F read as latin-1 / iso-8859-5
    if not words:
        return 1.0 if c1_controls else 0.0
    latin_text = not _mostly_cyrillic(text)
    bad = sum(
        1
        for w in words
        if (_LATIN.search(w) and _CYRILLIC.search(w))
        or _LOWER_UPPER.search(w)
        or _ACCENTED_PAIR.search(w)
        or (latin_text and len(w) == 1 and _CYRILLIC.match(w))
    )
    return min(1.0, (bad + c1_controls) / len(words))


def _mostly_cyrillic(text: str) -> bool:
    return len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text))


def _measure(sample: bytes, codec: str) -> tuple[float, float] | None:
    """charset-normalizer's (chaos, coherence) of ``sample`` read as ``codec``, or None if it
    rules the codec out. Called per codec so that each is measured on its own: a joint call
    skips codecs of other languages once one looks definitive."""
    try:
        match = from_bytes(sample, cp_isolation=[codec], threshold=1.0).best()
    except Exception:  # detection is best effort: a failure rules the codec out
        return None
    return None if match is None else (float(match.chaos), float(match.coherence))


def _count_high_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _HIGH_BYTES))


def _detect_legacy(data: bytes, first_bad: int) -> _Legacy | None:
    """Pick a legacy single-byte encoding with charset-normalizer, or None if none fits.

    The sample is the file, or 256 KiB from just before its first non-UTF-8 byte. Among the
    codecs charset-normalizer accepts, the lowest chaos wins, with the share of implausible
    words (see :func:`_implausible_word_share`) added to it and :data:`LEGACY_MAX_CHAOS` as the
    limit; then higher coherence; then a
    codec of the text's dominant script (an English text with curly quotes reads the same in
    cp1251 and cp1252, but it is cp1252); then the order of :data:`LEGACY_CANDIDATES`.
    """
    if len(data) <= DETECTION_SAMPLE_BYTES:
        sample = data
    else:
        begin = max(0, first_bad - 4096)
        sample = data[begin : begin + DETECTION_SAMPLE_BYTES]
    # charset-normalizer rules out a codec that cannot decode every byte, so one stray byte
    # undefined in cp1251/cp1252 would hide them: also measure with such bytes masked.
    masked = _UNDEFINED_IN_WINDOWS.sub(b"?", sample)
    best: tuple[float, float, bool, int] | None = None
    chosen: _Legacy | None = None
    for index, (codec, name, cyrillic_codec) in enumerate(LEGACY_CANDIDATES):
        measured = [_measure(sample, codec)]
        if masked != sample:
            measured.append(_measure(masked, codec))
        accepted = [m for m in measured if m is not None]
        if not accepted:
            continue
        chaos, coherence = min(accepted, key=lambda m: (m[0], -m[1]))
        decoded = sample.decode(codec, "replace")
        key = (
            chaos + _implausible_word_share(decoded),
            -coherence,
            cyrillic_codec != _mostly_cyrillic(decoded),
            index,
        )
        if best is None or key < best:
            best, chosen = key, _Legacy(codec, name)
    if best is not None and best[0] >= LEGACY_MAX_CHAOS and _count_high_bytes(sample) >= 64:
        return None  # no codec reads it well, and there is enough to be sure of that
    return chosen


# --- entry point -----------------------------------------------------------------------------


def decode(path: str, data: bytes) -> DecodedText:
    """Turn the raw bytes of ``path`` into text, detecting the encoding (see module doc).

    Never raises: problems become diagnostics. Binary, empty and whitespace-only files give
    text ``""`` with an error diagnostic; ``path`` is copied into every diagnostic.
    """
    data = bytes(data)
    if not data:
        return _reject(path, "utf-8", "none", "empty file", _EMPTY_HINT)

    for bom, codec, encoding, name in _BOMS:
        if data.startswith(bom):
            text, damage = _decode(data, len(bom), codec)
            return _finish(path, data, text, encoding, [], damage, name)

    nul = data.find(b"\x00")
    notes: list[Diagnostic] = []
    if nul >= 0:
        codec16 = _bom_less_utf16(data)
        if codec16 is not None:
            text, damage = _decode(data, 0, codec16)
            warning = Diagnostic(
                path=path,
                line=None,
                level="warning",
                message=f"UTF-16 text without a byte order mark (BOM); decoded as {codec16}",
                hint=_RESAVE_HINT,
            )
            return _finish(path, data, text, codec16, [warning], damage, "UTF-16")
        nuls = data.count(b"\x00")
        if nuls > max(STRAY_NULS, len(data) * STRAY_NUL_FRACTION):
            return _binary(path, nul)
        # A few NULs in text are scraper debris, not a sign of binary data: the text is used
        # and the `control_characters` fix removes them.
        notes.append(
            Diagnostic(
                path=path,
                line=1 + _breaks(data[:nul].decode("utf-8", "replace")),
                level="warning",
                message=f"{nuls} {_NUL_NOTE} (the first is here); they were removed",
                hint=_NUL_HINT,
                byte_offset=nul,
            )
        )

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return _finish(path, data, text, "utf-8", notes)

    # Not valid UTF-8: damaged UTF-8 or a legacy encoding (rules 5 and 6)?
    escaped = data.decode("utf-8", "surrogateescape")
    damage = _damage_from_escaped(escaped, len(data), 0, "utf-8")
    plausible = len(escaped) - len(_PLAUSIBLE_NON_ASCII.sub("", escaped))
    del escaped
    if plausible * UTF8_EVIDENCE_FACTOR < damage.bad_bytes:
        legacy = _detect_legacy(data, first_bad)
        if legacy is not None:
            text, legacy_damage = _decode(data, 0, legacy.codec)
            # ASCII-compatible codec: line ends are the same bytes as in UTF-8.
            line = 1 + _breaks(data[:first_bad].decode("ascii", "replace"))
            warning = Diagnostic(
                path=path,
                line=line,
                level="warning",
                message=(
                    f"file is not UTF-8; decoded as {legacy.name}, the encoding detected from "
                    "its content (the first non-UTF-8 byte is here)"
                ),
                hint=_RESAVE_HINT,
                byte_offset=first_bad,
            )
            return _finish(
                path, data, text, legacy.name, [*notes, warning], legacy_damage, legacy.name
            )

    return _finish(path, data, data.decode("utf-8", "replace"), "utf-8", notes, damage)
