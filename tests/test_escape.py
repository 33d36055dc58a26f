"""``render.esc``, which every piece of transcript text on a page goes through (the fourth
rule of fidelity: no markup from a source takes effect), is ``html.escape`` with quotes,
whatever the text; its shortcut for text with nothing to escape changes no output."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.render import esc

CASES = [
    ("", ""),
    ("plain words", "plain words"),
    ("interviews/2024-03-28-izvestia/", "interviews/2024-03-28-izvestia/"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("\"quoted\" & 'single'", "&quot;quoted&quot; &amp; &#x27;single&#x27;"),
    ("&amp; stays escaped once more", "&amp;amp; stays escaped once more"),
    ("Лавров — «НАТО» 𝄞", "Лавров — «НАТО» 𝄞"),
    ("a > b", "a &gt; b"),
    ("’curly’ is not a quote", "’curly’ is not a quote"),
]


@pytest.mark.parametrize(("text", "escaped"), CASES)
def test_each_special_character_is_escaped_and_nothing_else(text: str, escaped: str) -> None:
    assert esc(text) == escaped


@given(st.text(alphabet=st.sampled_from("ab &<>\"'’«\n\x00😀"), max_size=40) | st.text())
def test_it_is_html_escape_with_quotes_for_any_text(text: str) -> None:
    assert esc(text) == html.escape(text, quote=True)
