"""Front matter written by libyaml (the fast path of ``render.front_matter``) is byte for byte
what PyYAML's Python emitter writes, for every kind of string a page's metadata can hold."""

from __future__ import annotations

import random

import pytest
import yaml

from build_tools import render

TRICKY = [
    "",
    " ",
    "plain",
    "Home",
    "yes",
    "no",
    "null",
    "~",
    "1.5",
    "0x10",
    "2024-01-02",
    "-",
    "- x",
    ": x",
    "a: b",
    "a #b",
    "#x",
    "'quoted'",
    '"double"',
    "x\ny",
    "x\n\ny",
    " lead",
    "trail ",
    "tab\there",
    "[list]",
    "{map}",
    "*alias",
    "&anchor",
    "!tag",
    "%dir",
    "@at",
    "`tick`",
    "|",
    ">",
    "?",
    "Lavrov: “Quoted”, «guillemets» – dash…",
    "Сергей Лавров",
    "日本語",
    "\u00a0nbsp",
    "\x85nel",
    "line\u2028sep",
    "\ufeffbom",
    "\x07bell",
    "\x7f",
    "&lt;script&gt;",
    "x" * 5000,
    "emoji 😀",
    "\U0010fffd",
    "a\u200bb",
    "\ud7ff\ue000\ufffd",
    "\ufffe",
    "a  b",
    "a\r\nb",
]


def _python(data: dict[str, object]) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{body}---\n\n"


@pytest.mark.parametrize("text", TRICKY)
def test_same_bytes_as_the_python_emitter(text: str) -> None:
    data: dict[str, object] = {"title": text, "description": text + " end", "n": 3,
                               "tags": [text, "x"], "flag": True}  # fmt: skip
    assert render.front_matter(data) == _python(data)


def test_same_bytes_on_random_text() -> None:
    rng = random.Random(7)
    alphabet = [chr(c) for c in [*range(0, 0x250), *range(0x400, 0x460), *range(0x2000, 0x2070),
                                 0xFEFF, 0xFFFD, 0x1F600, 0x10000]]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        data = {"title": text, "description": f"x {text}"}
        assert render.front_matter(data) == _python(data), repr(text)


def test_fast_path_is_used_and_can_be_told_apart() -> None:
    # The comparison above means something only if libyaml is there and differs where the
    # fast path is refused.
    fast = getattr(yaml, "CSafeDumper", None)
    if fast is None:
        pytest.skip("PyYAML without libyaml")
    data = {"title": "emoji 😀"}
    c = yaml.dump(data, Dumper=fast, allow_unicode=True, sort_keys=False, width=1_000_000)
    assert f"---\n{c}---\n\n" != _python(data)
    assert not render._fast_ok(data) and render._fast_ok({"title": "plain"})
