"""The parts of Go's strconv that the template parser needs: number and string literals.

Go's syntax differs from Python's in ways templates can observe: a leading `0` means octal
(`017` is 15, `08` is not an integer), underscores are allowed only between digits, hex floats
need a `p` exponent, and out-of-range values are errors rather than infinities.
"""

from __future__ import annotations

import re

from .gotypes import ERRORS, ENCODING


class SyntaxError_(ValueError):
    """strconv.ErrSyntax / ErrRange; str() is Go's error text for the parser's messages."""


ERR_SYNTAX = "invalid syntax"


def _underscore_ok(s: str) -> bool:
    saw = "^"
    i = 0
    if s[:1] in ("-", "+"):
        s = s[1:]
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i = 2
        saw = "0"
        hexa = s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and "a" <= c.lower() <= "f"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
        i += 1
    return saw != "_"


def parse_uint(s: str) -> int | None:
    """strconv.ParseUint(s, 0, 64); None on any error."""
    if not s:
        return None
    s0 = s
    base = 10
    if s[0] == "0":
        if len(s) >= 3 and s[1].lower() in "box":
            base = {"b": 2, "o": 8, "x": 16}[s[1].lower()]
            s = s[2:]
        else:
            base = 8
            s = s[1:]
            if not s:
                return 0
    digits = s.replace("_", "")
    if "_" in s and not _underscore_ok(s0):
        return None
    if not digits:
        return None
    try:
        if not all(c in "0123456789abcdefABCDEF"[: base if base <= 10 else 22] for c in digits):
            return None
        v = int(digits, base)
    except ValueError:
        return None
    if v >= 1 << 64:
        return None
    return v


def parse_int(s: str) -> int | None:
    """strconv.ParseInt(s, 0, 64); None on any error."""
    if not s:
        return None
    neg = False
    body = s
    if s[0] in "+-":
        neg = s[0] == "-"
        body = s[1:]
    u = parse_uint(body)
    if u is None:
        return None
    if neg:
        if u > 1 << 63:
            return None
        return -u
    if u >= 1 << 63:
        return None
    return u


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+")
_SPECIAL = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def parse_float(s: str) -> float | None:
    """strconv.ParseFloat(s, 64); None on any error (including out of range)."""
    if _SPECIAL.fullmatch(s):
        return float(s)
    if "_" in s and not _underscore_ok(s):
        return None
    if _HEX_FLOAT.fullmatch(s):
        body = s.replace("_", "")
        sign = -1.0 if body[0] == "-" else 1.0
        body = body.lstrip("+-")
        try:
            v = float.fromhex(body)
        except (ValueError, OverflowError):
            return None
        v = sign * v
    elif _DEC_FLOAT.fullmatch(s):
        v = float(s.replace("_", ""))
    else:
        return None
    if v in (float("inf"), float("-inf")):
        return None  # ErrRange
    return v


def unquote_char(s: str, i: int, quote: str) -> tuple[int, bool, int]:
    """Go strconv.UnquoteChar on s[i:]: (value, multibyte, next index); raises SyntaxError_."""
    if i >= len(s):
        raise SyntaxError_(ERR_SYNTAX)
    c = s[i]
    if c == quote and quote in "'\"":
        raise SyntaxError_(ERR_SYNTAX)
    if ord(c) >= 0x80:
        if 0xDC80 <= ord(c) <= 0xDCFF:  # an invalid byte: Go decodes it as RuneError
            return 0xFFFD, True, i + 1
        return ord(c), True, i + 1
    if c != "\\":
        return ord(c), False, i + 1
    if i + 1 >= len(s):
        raise SyntaxError_(ERR_SYNTAX)
    c = s[i + 1]
    i += 2
    simple = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
    if c in simple:
        return simple[c], False, i
    if c in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[c]
        chunk = s[i : i + n]
        if len(chunk) < n or not all(ch in "0123456789abcdefABCDEF" for ch in chunk):
            raise SyntaxError_(ERR_SYNTAX)
        v = int(chunk, 16)
        if c == "x":
            return v, False, i + n
        if v > 0x10FFFF or 0xD800 <= v <= 0xDFFF:
            raise SyntaxError_(ERR_SYNTAX)
        return v, True, i + n
    if "0" <= c <= "7":
        chunk = s[i : i + 2]
        if len(chunk) < 2 or not all("0" <= ch <= "7" for ch in chunk):
            raise SyntaxError_(ERR_SYNTAX)
        v = int(c + chunk, 8)
        if v > 255:
            raise SyntaxError_(ERR_SYNTAX)
        return v, False, i + 2
    if c in "'\"":
        if c != quote:
            raise SyntaxError_(ERR_SYNTAX)
        return ord(c), False, i
    raise SyntaxError_(ERR_SYNTAX)


def unquote(s: str) -> str:
    """Go strconv.Unquote for "..." and `...` literals; raises SyntaxError_."""
    if len(s) < 2 or s[0] != s[-1]:
        raise SyntaxError_(ERR_SYNTAX)
    q = s[0]
    body = s[1:-1]
    if q == "`":
        if "`" in body:
            raise SyntaxError_(ERR_SYNTAX)
        return body.replace("\r", "")  # raw strings drop carriage returns
    if q != '"' and q != "'":
        raise SyntaxError_(ERR_SYNTAX)
    if "\n" in body:
        raise SyntaxError_(ERR_SYNTAX)
    if "\\" not in body and q not in body:
        return body
    out = bytearray()
    i = 0
    while i < len(body):
        v, multibyte, i = unquote_char(body, i, q)
        if v < 0x80 or not multibyte:
            out.append(v)
        else:
            out += chr(v).encode(ENCODING)
    return out.decode(ENCODING, ERRORS)


def quote(s: str) -> str:
    """Go strconv.Quote."""
    out = ['"']
    for c in s:
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:  # invalid UTF-8 byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif c == '"' or c == "\\":
            out.append("\\" + c)
        elif c.isprintable() and o != 0xAD:
            out.append(c)
        elif c in _ESC:
            out.append(_ESC[c])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif o < 0x10000:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    out.append('"')
    return "".join(out)


_ESC = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
