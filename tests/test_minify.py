"""Whitespace collapsing of finished pages (build_tools/minify.py): form only, never content."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.minify import _RUN, _collapse_lines, collapse_whitespace

CASES = [
    # (input, expected)
    ('<span class="md-ellipsis">\n    \n  \n    2020\n  \n\n    \n  </span>',
     '<span class="md-ellipsis">\n2020\n</span>'),
    ("<li>\n  <a>x</a>  \n\t</li>", "<li>\n<a>x</a>\n</li>"),
    # Spaces without a line break are left: they may be all that separates two words.
    ("<a>one</a> <a>two</a>", "<a>one</a> <a>two</a>"),
    ("a  b", "a  b"),
    # A no-break space is text, not indentation.
    ("<p>\u00a0\n  x</p>", "<p>\u00a0\nx</p>"),
    ("<p>x \u00a0\n\u00a0 y</p>", "<p>x \u00a0\n\u00a0 y</p>"),
]  # fmt: skip

KEPT = [
    "<pre><code>def f():\n    return 1\n\n\n    # end</code></pre>",
    "<PRE class='x'>\n   a\n   b\n</PRE>",
    "<textarea>\n  typed\n\n  text</textarea>",
    "<script>var a = 1\n    ;var s = `\n   kept`</script>",
    "<style>\n  .a { color: red }\n\n</style>",
]


@pytest.mark.parametrize(("html", "expected"), CASES)
def test_runs_with_a_line_break_become_one(html: str, expected: str) -> None:
    assert collapse_whitespace(html) == expected


@pytest.mark.parametrize("element", KEPT)
def test_whitespace_inside_pre_textarea_script_style_is_kept(element: str) -> None:
    html = f"<div>\n   \n{element}\n   </div>"
    assert collapse_whitespace(html) == f"<div>\n{element}\n</div>"


def test_idempotent_and_text_preserving() -> None:
    html = "".join(CASES[0][0] + e + CASES[1][0] for e in KEPT)
    once = collapse_whitespace(html)
    assert collapse_whitespace(once) == once
    assert once.split() == [w for w in html.split()]


@given(st.text(alphabet=st.sampled_from(" \t\r\n\u00a0\u2028ab<>"), max_size=60))
def test_collapsing_by_lines_is_the_pattern(text: str) -> None:
    assert _collapse_lines(text) == _RUN.sub("\n", text)
