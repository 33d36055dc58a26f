"""Tests of the decode stage: encodings, damage reports, binary and blank files, line ends."""

from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.decode import DETECTION_SAMPLE_BYTES, MAX_BAD_RUN_DIAGNOSTICS, decode
from build_tools.model import DecodedText

PATH = "source_texts/x.txt"

RU = "Вопрос: Как вы оцениваете ситуацию?\nС.В. Лавров: Спасибо за вопрос.\n"
RU_LONG = (
    "Вопрос: Сергей Викторович, как вы оцениваете нынешнее состояние отношений?\n"
    "С.В. Лавров: Спасибо за вопрос. Отношения находятся в самой низкой точке. Мы готовы к "
    "диалогу на равноправной основе, с учётом интересов друг друга, но не в ущерб нашей "
    "безопасности.\n"
)
EN_1252 = "\u201cHello,\u201d said Ren\u00e9e. It\u2019s a caf\u00e9 \u2014 isn\u2019t it?\n"
EN_UTF8 = "He said \u201cno\u201d \u2014 and that\u2019s all.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
RANDOM = random.Random(1234).randbytes(4096)
RANDOM_NO_NUL = random.Random(99).randbytes(4096).replace(b"\x00", b"\x01")

REPLACED_HINT = "the bytes were replaced by U+FFFD; fix the file's encoding or re-save it as UTF-8"

W, E = "warning", "error"

# (id, raw bytes, expected text, expected encoding, expected line_ending, expected levels)
CASES: list[tuple[str, bytes, str, str, str, tuple[str, ...]]] = [
    # UTF-8 and byte order marks
    ("ascii", b"Hello\nworld\n", "Hello\nworld\n", "utf-8", "LF", ()),
    ("utf8-cyrillic-not-cp1251", RU.encode(), RU, "utf-8", "LF", ()),
    ("utf8-long-cyrillic", RU_LONG.encode() * 50, RU_LONG * 50, "utf-8", "LF", ()),
    ("utf8-curly-quotes-not-cp1252", EN_UTF8.encode(), EN_UTF8, "utf-8", "LF", ()),
    ("utf8-bom", b"\xef\xbb\xbf" + RU.encode(), RU, "utf-8-sig", "LF", ()),
    ("utf16-le-bom", b"\xff\xfe" + RU.encode("utf-16-le"), RU, "utf-16", "LF", ()),
    ("utf16-be-bom", b"\xfe\xff" + RU.encode("utf-16-be"), RU, "utf-16", "LF", ()),
    ("utf16-crlf", "a\r\nb\r\n".encode("utf-16"), "a\nb\n", "utf-16", "CRLF", ()),
    ("utf32-bom", "Привет\n".encode("utf-32"), "Привет\n", "utf-32", "LF", ()),
    # UTF-16 without BOM
    ("utf16-le-no-bom", RU.encode("utf-16-le"), RU, "utf-16-le", "LF", (W,)),
    (
        "utf16-be-no-bom",
        ("Q: hi\n" + RU).encode("utf-16-be"),
        "Q: hi\n" + RU,
        "utf-16-be",
        "LF",
        (W,),
    ),
    ("utf16-le-no-bom-english", b"H\x00i\x00\n\x00", "Hi\n", "utf-16-le", "LF", (W,)),
    # legacy single-byte encodings, detected
    ("cp1251", RU.encode("cp1251"), RU, "cp1251", "LF", (W,)),
    ("cp1251-long", RU_LONG.encode("cp1251") * 20, RU_LONG * 20, "cp1251", "LF", (W,)),
    ("koi8-r", RU.encode("koi8-r"), RU, "koi8-r", "LF", (W,)),
    ("iso-8859-5", RU.encode("iso-8859-5"), RU, "iso-8859-5", "LF", (W,)),
    ("cp866", RU.encode("cp866"), RU, "cp866", "LF", (W,)),
    ("cp1252", EN_1252.encode("cp1252"), EN_1252, "cp1252", "LF", (W,)),
    ("cp1252-accents", "Renée's café\n".encode("cp1252"), "Renée's café\n", "cp1252", "LF", (W,)),
    (
        "cp1252-euro",
        "The “quote” €5.\n".encode("cp1252"),
        "The “quote” €5.\n",
        "cp1252",
        "LF",
        (W,),
    ),
    ("cp1252-lone-ff", b"hello \xff world", "hello ÿ world", "cp1252", "none", (W,)),
    (
        "cp1251-undefined-byte",
        "Привет".encode("cp1251") + b"\x98" + " мир, как дела?\n".encode("cp1251"),
        "Привет\ufffd мир, как дела?\n",
        "cp1251",
        "LF",
        (W, W),
    ),
    # UTF-8 with a few bad bytes: stays UTF-8
    (
        "utf8-stray-ff",
        "Привет, мир!\n".encode() * 3 + b"\xff" + "конец\n".encode(),
        "Привет, мир!\n" * 3 + "\ufffdконец\n",
        "utf-8",
        "LF",
        (W,),
    ),
    (
        "utf8-truncated-sequence",
        "Привет “мир”\nвторая".encode() + "ж".encode()[:1] + " строка\n".encode(),
        "Привет “мир”\nвторая\ufffd строка\n",
        "utf-8",
        "LF",
        (W,),
    ),
    (
        "utf8-english-stray-cp1252-bytes",
        EN_UTF8.encode() * 2 + b"bad \x92 here\n",
        EN_UTF8 * 2 + "bad \ufffd here\n",
        "utf-8",
        "LF",
        (W,),
    ),
    (
        "utf8-bom-damaged",
        b"\xef\xbb\xbf" + "ёж\n".encode() + b"\xc0\n",
        "ёж\n\ufffd\n",
        "utf-8-sig",
        "LF",
        (W,),
    ),
    (
        "utf8-heavily-damaged",
        (RU.encode() + b"\xff\xfe\xfd\xfc" * 5) * 2,
        (RU + "\ufffd" * 20) * 2,
        "utf-8",
        "LF",
        (E, E),
    ),
    # binary data
    ("png", PNG, "", "binary", "none", (E,)),
    ("nul-blob", b"\x00" * 1000, "", "binary", "none", (E,)),
    ("nul-pattern", bytes(range(256)) * 8, "", "binary", "none", (E,)),
    ("random", RANDOM, "", "binary", "none", (E,)),
    ("random-without-nul", RANDOM_NO_NUL, "", "binary", "none", (E,)),
    ("controls", b"\x01\x02\x03\x04abc\x05\x06", "", "binary", "none", (E,)),
    ("text-with-nul", b"Hello world\x00\n", "", "binary", "none", (E,)),
    ("mostly-undecodable", bytes(range(0x80, 0x100)) * 100, "", "binary", "none", (E,)),
    # empty and blank
    ("empty", b"", "", "utf-8", "none", (E,)),
    ("bom-only", b"\xef\xbb\xbf", "", "utf-8-sig", "none", (E,)),
    ("whitespace", b" \t\n  \n", "", "utf-8", "LF", (E,)),
    ("whitespace-crlf", b"\r\n\r\n", "", "utf-8", "CRLF", (E,)),
    # line ends
    ("crlf", b"a\r\nb\r\n", "a\nb\n", "utf-8", "CRLF", ()),
    ("cr", b"a\rb\rc", "a\nb\nc", "utf-8", "CR", ()),
    ("mixed", b"a\r\nb\nc\rd", "a\nb\nc\nd", "utf-8", "mixed", ()),
    ("no-line-break", b"just one line", "just one line", "utf-8", "none", ()),
    ("cr-cr-lf", b"a\r\r\nb", "a\n\nb", "utf-8", "mixed", ()),
    (
        "other-separators-kept",
        "a\u2028b\x85c\x0bd\x0ce\u2029f".encode(),
        "a\u2028b\x85c\x0bd\x0ce\u2029f",
        "utf-8",
        "none",
        (),
    ),
]


@pytest.mark.parametrize(
    ("data", "text", "encoding", "line_ending", "levels"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_cases(
    data: bytes, text: str, encoding: str, line_ending: str, levels: tuple[str, ...]
) -> None:
    result = decode(PATH, data)
    assert isinstance(result, DecodedText)
    assert result.path == PATH
    assert result.text == text
    assert result.encoding == encoding
    assert result.line_ending == line_ending
    assert tuple(d.level for d in result.diagnostics) == levels
    assert all(d.path == PATH for d in result.diagnostics)


# --- messages and hints ------------------------------------------------------------------------


def only(result: DecodedText) -> tuple[str, str, int | None, int | None]:
    (diagnostic,) = result.diagnostics
    return diagnostic.message, diagnostic.hint, diagnostic.line, diagnostic.byte_offset


def test_binary_message() -> None:
    message, hint, line, _ = only(decode(PATH, PNG))
    assert message == "binary data, not a text transcript"
    assert hint == "remove it from source_texts/ or convert it to UTF-8 text"
    assert line is None


def test_binary_points_at_first_nul() -> None:
    *_, offset = only(decode(PATH, b"Hello world" + b"\x00ab" * 40))
    assert offset == 11


def test_a_few_nuls_in_text_are_debris_not_binary() -> None:
    """A scraper's stray NUL does not cost the whole transcript: the text is used, a warning
    names the first NUL, and normalising removes them (the `control_characters` fix)."""
    data = b"Title, May 1, 2019\n\n" + b"Sergey Lavrov: words here. " * 20 + b"\nNUL\x00here\x00\n"
    result = decode(PATH, data)
    (note,) = result.diagnostics
    assert (note.level, note.line, note.byte_offset) == ("warning", 4, data.index(b"\x00"))
    assert "2 NUL byte(s)" in note.message and note.hint
    assert result.text.endswith("NUL\x00here\x00\n")


def test_empty_and_whitespace_messages() -> None:
    assert only(decode(PATH, b""))[:2] == (
        "empty file",
        "remove the file or add the transcript text",
    )
    message, hint, line, _ = only(decode(PATH, b"  \n\t "))
    assert (message, hint, line) == (
        "file contains only whitespace",
        "remove the file or add the transcript text",
        None,
    )


def test_legacy_warning_names_the_encoding() -> None:
    data = b"Title line\n" + RU.encode("cp1251")
    message, hint, line, offset = only(decode(PATH, data))
    assert "cp1251" in message
    assert "not UTF-8" in message
    assert hint == "re-save the file as UTF-8"
    assert (line, offset) == (2, 11)  # the first non-UTF-8 byte


def test_missing_bom_warning() -> None:
    message, hint, line, _ = only(decode(PATH, RU.encode("utf-16-le")))
    assert "BOM" in message
    assert "utf-16-le" in message
    assert hint
    assert line is None


def test_utf8_produces_no_diagnostics() -> None:
    for text in (RU, EN_UTF8, RU_LONG * 10, "plain ascii"):
        assert decode(PATH, text.encode()).diagnostics == ()


# --- bad bytes: offsets, lines, runs, levels, cap ----------------------------------------------


def test_bad_byte_offset_line_and_message() -> None:
    prefix = "первая строка\nвторая\r\nтретья ".encode()
    data = prefix + b"\xff" + " и дальше\n".encode()
    result = decode(PATH, data)
    (diagnostic,) = result.diagnostics
    assert diagnostic.byte_offset == len(prefix)
    assert diagnostic.line == 3
    assert diagnostic.level == "warning"
    assert diagnostic.message == "undecodable bytes b'\\xff' are not UTF-8"
    assert diagnostic.hint == REPLACED_HINT
    assert result.text == "первая строка\nвторая\nтретья \ufffd и дальше\n"
    assert f"{PATH}:3 (byte {len(prefix)}): warning:" in diagnostic.format()


def test_line_counts_only_lf_crlf_cr() -> None:
    prefix = "ё\u2028ё\x85ё\x0bё\x0cё\rё\n".encode()  # two line breaks only
    (diagnostic,) = decode(PATH, prefix + b"\xfe").diagnostics
    assert (diagnostic.line, diagnostic.byte_offset) == (3, len(prefix))


def test_truncated_sequence_offset() -> None:
    head = "ёлка\n".encode()
    data = head + b"\xe2\x80" + " тире\n".encode()  # an em dash cut after two of three bytes
    result = decode(PATH, data)
    (diagnostic,) = result.diagnostics
    assert (diagnostic.byte_offset, diagnostic.line) == (len(head), 2)
    assert "b'\\xe2\\x80'" in diagnostic.message
    assert result.text == "ёлка\n\ufffd тире\n"


def test_adjacent_bad_bytes_are_one_run() -> None:
    data = "ёжик ".encode() * 5 + b"\xff\xfe\xc0" + "ёжик\n".encode()
    result = decode(PATH, data)
    (diagnostic,) = result.diagnostics
    assert diagnostic.message == "undecodable bytes b'\\xff\\xfe\\xc0' are not UTF-8"
    assert result.text.count("\ufffd") == 3  # like errors="replace"


def test_small_damage_is_a_warning_large_damage_an_error() -> None:
    body = RU_LONG.encode() * 20  # about 5 KB
    few = body + b"\xff" * 3
    many = body + (b"\xff " * 200)
    assert {d.level for d in decode(PATH, few).diagnostics} == {"warning"}
    assert {d.level for d in decode(PATH, many).diagnostics} == {"error"}


def test_number_of_run_diagnostics_is_capped() -> None:
    runs = 35
    data = b"".join(f"строка номер {i}\n".encode() + b"\xff\n" for i in range(runs))
    result = decode(PATH, data)
    assert result.encoding == "utf-8"
    diagnostics = result.diagnostics
    assert len(diagnostics) == MAX_BAD_RUN_DIAGNOSTICS + 1
    summary = diagnostics[-1]
    assert summary.message.startswith(
        f"{runs - MAX_BAD_RUN_DIAGNOSTICS} more undecodable byte runs"
    )
    assert summary.hint == REPLACED_HINT
    assert len({d.level for d in diagnostics}) == 1
    for i, diagnostic in enumerate(diagnostics[:MAX_BAD_RUN_DIAGNOSTICS]):
        assert diagnostic.line == 2 * i + 2
        assert data[diagnostic.byte_offset or 0] == 0xFF
    assert summary.line == 2 * MAX_BAD_RUN_DIAGNOSTICS + 2
    assert result.text.count("\ufffd") == runs  # the rest of the file is still used


def test_utf16_damage_offsets() -> None:
    data = b"\xff\xfe" + "ab\n".encode("utf-16-le") + b"\x00\xd8" + "c".encode("utf-16-le") + b"x"
    result = decode(PATH, data)
    assert result.encoding == "utf-16"
    assert result.text == "ab\n\ufffdc\ufffd"
    assert [(d.byte_offset, d.line) for d in result.diagnostics] == [(8, 2), (12, 2)]
    assert all("UTF-16" in d.message for d in result.diagnostics)


def test_utf16_without_bom_odd_length() -> None:
    data = ("Hello there\n" + RU).encode("utf-16-le") + b"!"
    result = decode(PATH, data)
    assert result.encoding == "utf-16-le"
    assert result.text == "Hello there\n" + RU + "\ufffd"
    assert [d.level for d in result.diagnostics] == ["warning", "warning"]
    assert result.diagnostics[1].byte_offset == len(data) - 1


# --- detection details -------------------------------------------------------------------------


def test_legacy_detected_after_a_long_ascii_prefix() -> None:
    prefix = b"Transcript, English preface line.\n" * (DETECTION_SAMPLE_BYTES // 30)
    data = prefix + RU_LONG.encode("cp1251") * 30
    result = decode(PATH, data)
    assert result.encoding == "cp1251"
    assert result.text.endswith(RU_LONG * 30)
    assert result.diagnostics[0].byte_offset == len(prefix)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "cp866", "iso-8859-5"])
def test_realistic_russian_legacy_files(encoding: str) -> None:
    result = decode(PATH, RU_LONG.encode(encoding) * 3)
    assert (result.text, result.encoding) == (RU_LONG * 3, encoding)


def test_english_cp1252_with_only_curly_quotes_is_reported_as_cp1252() -> None:
    text = "The minister said: \u201cWe\u2019ll see.\u201d\n" * 10
    result = decode(PATH, text.encode("cp1252"))
    assert (result.text, result.encoding) == (text, "cp1252")


@pytest.mark.slow
def test_large_input_is_fast() -> None:
    line = ("Вопрос: " + RU_LONG + EN_UTF8).encode()
    data = line * (50_000_000 // len(line))
    for blob in (data, data.replace(b"\n", b"\r\n"), data[:1000] + b"\xff" + data[1000:]):
        start = time.perf_counter()
        result = decode(PATH, blob)
        assert time.perf_counter() - start < 20
        assert result.encoding == "utf-8"
        assert len(result.diagnostics) == (1 if b"\xff" in blob else 0)


# --- properties --------------------------------------------------------------------------------

LINE_ENDINGS = {"LF", "CRLF", "CR", "mixed", "none"}


def breaks(text: str) -> int:
    return len(re.findall("\r\n|\r|\n", text))


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=3000))
@example(b"\xff\xfe\x00\x00\x00\xd8")
@example(b"\xfe\xff\xd8\x00")
@example(b"\x00\xd8")
def test_never_raises(data: bytes) -> None:
    result = decode(PATH, data)
    assert "\r" not in result.text
    assert result.line_ending in LINE_ENDINGS
    assert all(d.path == PATH for d in result.diagnostics)
    if not result.text:
        assert any(d.level == "error" for d in result.diagnostics)


# Arbitrary text around random byte snippets: UTF-8 with (possibly) damage, or anything else.
damaged_utf8 = st.lists(
    st.one_of(st.text(max_size=30).map(str.encode), st.binary(min_size=1, max_size=3)),
    max_size=12,
).map(b"".join)


@settings(max_examples=500, deadline=None)
@given(damaged_utf8)
def test_damaged_utf8_matches_errors_replace(data: bytes) -> None:
    result = decode(PATH, data)
    assert result.line_ending in LINE_ENDINGS
    if result.encoding not in ("utf-8", "utf-8-sig") or not result.text:
        return
    body = data[3:] if result.encoding == "utf-8-sig" else data
    expected = re.sub("\r\n?", "\n", body.decode("utf-8", "replace"))
    assert result.text == expected
    for diagnostic in result.diagnostics:
        offset = diagnostic.byte_offset
        if offset is None or "more undecodable" in diagnostic.message:
            continue
        if "NUL byte" in diagnostic.message:
            assert data[offset] == 0 and b"\x00" not in data[:offset]
            continue
        with pytest.raises(UnicodeDecodeError) as info:
            data[offset:].decode("utf-8")
        assert info.value.start == 0
        assert diagnostic.line == 1 + breaks(data[:offset].decode("utf-8", "replace"))


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_utf8_text_round_trips(text: str) -> None:
    # Without CR (line ends are normalised), NUL (NUL bytes mean binary or UTF-16) and a
    # leading U+FEFF (its UTF-8 form is the BOM).
    text = text.replace("\r", "").replace("\x00", "").lstrip("\ufeff")
    result = decode(PATH, text.encode("utf-8"))
    # Rejected files (blank, or binary: many control characters) give "", all others `text`.
    assert result.text in (text, "")
    if result.text == text and text:
        assert result.encoding == "utf-8"
        assert result.diagnostics == ()


printable = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\x0b\x0c\x85")


@settings(max_examples=500, deadline=None)
@given(st.text(printable), st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")))
def test_utf8_text_without_controls_is_kept_exactly(text: str, visible: str) -> None:
    text = text.lstrip("\ufeff") + visible  # no BOM; at least one non-whitespace character
    result = decode(PATH, text.encode("utf-8"))
    assert (result.text, result.encoding, result.diagnostics) == (text, "utf-8", ())


RUSSIAN_WORDS = tuple(
    "вопрос ответ министр переговоры Россия мир безопасность "  # noqa: SIM905
    "страны отношения договор партнёры диалог Лавров заявил сегодня вчера президент встреча "
    "Европа Азия сотрудничество экономика санкции объявил считаем необходимо".split()
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(RUSSIAN_WORDS), min_size=8, max_size=60),
    st.sampled_from(["cp1251", "koi8-r", "cp866", "iso-8859-5"]),
)
@example(["вопрос"] * 3 + ["ответ"] * 2 + ["отношения"] * 3, "cp866")  # valid UTF-8 by chance
def test_russian_legacy_text_is_detected(words: list[str], encoding: str) -> None:
    text = " ".join(words).capitalize() + ".\n"
    result = decode(PATH, text.encode(encoding))
    assert (result.text, result.encoding) == (text, encoding)


ENGLISH_WORDS = tuple(
    "the minister said that we will see how talks with Russia on peace and security in "  # noqa: SIM905
    "Moscow on Monday go".split()
)
SPECIAL_WORDS = tuple(
    "café naïve Renée “quote” ‘single’ — – … résumé déjà €5 £3 Müller Gérard".split()  # noqa: SIM905
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(ENGLISH_WORDS), min_size=6, max_size=60),
    st.lists(st.sampled_from(SPECIAL_WORDS), min_size=1, max_size=5),
    st.randoms(use_true_random=False),
)
def test_english_cp1252_text_is_detected(
    words: list[str], special: list[str], rng: random.Random
) -> None:
    for word in special:
        words.insert(rng.randrange(len(words) + 1), word)
    text = " ".join(words).capitalize() + ".\n"
    result = decode(PATH, text.encode("cp1252"))
    assert (result.text, result.encoding) == (text, "cp1252")
