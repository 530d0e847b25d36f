"""The escapers behind text/template's `html`, `js` and `urlquery` builtins.

Each works on Go strings (Python str with invalid UTF-8 bytes as surrogate escapes) and matches
Go's HTMLEscapeString, JSEscapeString and net/url.QueryEscape byte for byte.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from .fmt import _printable, is_print, sprint
from .gotypes import to_bytes

__all__ = ["eval_args", "html_escape_string", "js_escape_string", "urlquery_escape"]


_HTML = str.maketrans(
    {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_HTML_SPECIAL = re.compile("[\0\"'&<>]")


def html_escape_string(s: str) -> str:
    """Go template.HTMLEscapeString: the five HTML specials as entities, NUL as U+FFFD."""
    if _HTML_SPECIAL.search(s) is None:
        return s
    return s.translate(_HTML)


_JS_ASCII = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
}
# Go's jsIsSpecial: the characters above, control characters and everything non-ASCII.
_JS_SPECIAL = re.compile("[\\\\'\"<>&=\x00-\x1f\x80-\U0010ffff]")


def _js_replace(m: re.Match) -> str:
    ch = m.group()
    esc = _JS_ASCII.get(ch)
    if esc is not None:
        return esc
    r = ord(ch)
    if r < 0x20:
        return "\\u%04X" % r
    # Printable runes stay; so do invalid bytes (they decode as U+FFFD, which is printable).
    if is_print(r) or 0xDC80 <= r <= 0xDCFF:
        return ch
    return "\\u%04X" % r


def js_escape_string(s: str) -> str:
    """Go template.JSEscapeString (DEL and the backquote pass through unchanged)."""
    if _JS_SPECIAL.search(s) is None:
        return s
    return _JS_SPECIAL.sub(_js_replace, s)


def urlquery_escape(s: str) -> str:
    """Go url.QueryEscape: bytes other than A-Z a-z 0-9 - _ . ~ as %XX, space as '+'."""
    return quote_plus(to_bytes(s), safe="")


def eval_args(args) -> str:
    """Go's evalArgs: one string argument as is, otherwise fmt.Sprint of the printable values.

    As in templates, a nil argument prints as "<no value>" and counts as a string operand.
    """
    if len(args) == 1 and type(args[0]) is str:
        return args[0]
    return sprint([_printable(a) for a in args])
