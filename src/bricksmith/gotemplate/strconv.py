"""Go's strconv: number and string literal parsing (for the template parser) and formatting.

Parsing: Go's syntax differs from Python's in ways templates can observe: a leading `0` means octal
(`017` is 15, `08` is not an integer), underscores are allowed only between digits, hex floats
need a `p` exponent, and out-of-range values are errors rather than infinities.

Formatting: FormatFloat (`format_float`), Quote, QuoteRune and CanBackquote, exactly as Go prints
them (`fmt` builds its verbs on these).
"""

from __future__ import annotations

import math
import re
import struct

from .gotypes import ERRORS, ENCODING
from .unicode_print import is_print


class SyntaxError_(ValueError):
    """strconv.ErrSyntax from Unquote/UnquoteChar; str() is Go's text."""


ERR_SYNTAX = "invalid syntax"
ERR_RANGE = "value out of range"


class NumError(ValueError):
    """Go's *strconv.NumError: `strconv.ParseInt: parsing "x": invalid syntax`."""

    def __init__(self, func: str, num: str, err: str):
        super().__init__(func, num, err)
        self.func, self.num, self.err = func, num, err

    def __str__(self) -> str:
        return f"strconv.{self.func}: parsing {quote(self.num)}: {self.err}"


def _underscore_ok(s: str) -> bool:
    """Underscores only between digits, or between a base prefix and a digit."""
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


_DIGITS = "0123456789abcdefABCDEF"


def parse_uint(s: str, base: int = 0, func: str = "ParseUint") -> int:
    """strconv.ParseUint(s, base, 64) for base 0 (Go literal syntax) or 2..16."""
    if not s:
        raise NumError(func, s, ERR_SYNTAX)
    body = s
    base0 = base == 0
    if base0:
        base = 10
        if s[0] == "0":
            if len(s) >= 3 and s[1].lower() in "box":
                base = {"b": 2, "o": 8, "x": 16}[s[1].lower()]
                body = s[2:]
            else:
                base = 8
                body = s[1:]
    allowed = _DIGITS[: base if base <= 10 else 10 + 2 * (base - 10)]
    if "_" in body and not (base0 and _underscore_ok(s)):
        raise NumError(func, s, ERR_SYNTAX)
    digits = body.replace("_", "")
    if (not digits and body != "" and base0) or any(c not in allowed for c in digits):
        raise NumError(func, s, ERR_SYNTAX)
    if not digits:
        if base0 and s == "0":
            return 0
        raise NumError(func, s, ERR_SYNTAX)
    v = int(digits, base)
    if v >= 1 << 64:
        raise NumError(func, s, ERR_RANGE)
    return v


def parse_int(s: str, base: int = 0) -> int:
    """strconv.ParseInt(s, base, 64)."""
    if not s:
        raise NumError("ParseInt", s, ERR_SYNTAX)
    neg = s[0] == "-"
    body = s[1:] if s[0] in "+-" else s
    try:
        u = parse_uint(body, base, "ParseInt")
    except NumError as err:
        raise NumError("ParseInt", s, err.err) from None
    if (neg and u > 1 << 63) or (not neg and u >= 1 << 63):
        raise NumError("ParseInt", s, ERR_RANGE)
    return -u if neg else u


_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+")
_INF = re.compile(r"[+-]?(?:inf|infinity)", re.IGNORECASE)


def parse_float(s: str) -> float:
    """strconv.ParseFloat(s, 64); out-of-range values are errors, not infinities."""
    if _INF.fullmatch(s):
        return float("-inf") if s[0] == "-" else float("inf")
    if s.lower() == "nan":
        return float("nan")
    if "_" in s and not _underscore_ok(s):
        raise NumError("ParseFloat", s, ERR_SYNTAX)
    body = s.replace("_", "")
    if _HEX_FLOAT.fullmatch(s):
        sign = -1.0 if body[0] == "-" else 1.0
        try:
            v = sign * float.fromhex(body.lstrip("+-"))
        except OverflowError:
            raise NumError("ParseFloat", s, ERR_RANGE) from None
    elif _DEC_FLOAT.fullmatch(s) and any(c.isdigit() for c in re.split("[eE]", body)[0]):
        v = float(body)
    else:
        raise NumError("ParseFloat", s, ERR_SYNTAX)
    if v in (float("inf"), float("-inf")):
        raise NumError("ParseFloat", s, ERR_RANGE)
    return v


_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
          "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}


def parse_bool(s: str) -> bool:
    """strconv.ParseBool."""
    if s not in _BOOLS:
        raise NumError("ParseBool", s, ERR_SYNTAX)
    return _BOOLS[s]


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


# ---------------------------------------------------------------------------------------------
# Formatting floats

_MASK64 = (1 << 64) - 1


def _float_parts(v: float) -> tuple[bool, int, int]:
    """Sign, mantissa (with the implicit bit) and binary exponent of a finite float64."""
    bits = struct.unpack("<Q", struct.pack("<d", v))[0]
    neg = bool(bits >> 63)
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp = 1  # subnormal
    else:
        mant |= 1 << 52
    return neg, mant, exp - 1023


def _shortest_digits(a: float) -> tuple[str, int]:
    """Shortest round-trip digits of a positive float and the decimal point position.

    The value is 0.DIGITS * 10**dp.  Python's repr picks the same digits as Go's shortest mode.
    """
    mant, _, e = repr(a).partition("e")
    ip, _, fp = mant.partition(".")
    digits = ip + fp
    dp = len(ip) + (int(e) if e else 0)
    stripped = digits.lstrip("0")
    dp -= len(digits) - len(stripped)
    return stripped.rstrip("0"), dp


def _fmt_efg(neg: bool, d: str, dp: int, prec: int, fmt: str, shortest: bool) -> str:
    """strconv's final %e/%f/%g layout of the decimal digits d (value 0.d * 10**dp)."""
    nd = len(d)
    if fmt in "gG":
        eprec = prec
        if eprec > nd and nd >= dp:
            eprec = nd
        if shortest:
            eprec = 6  # %v switches to exponent form from 1e+06 (and below 1e-04)
        exp = dp - 1
        if exp < -4 or exp >= eprec:
            if prec > nd:
                prec = nd
            prec -= 1
            fmt = "e" if fmt == "g" else "E"
        else:
            if prec > dp:
                prec = nd
            prec = max(prec - dp, 0)
            fmt = "f"
    out = ["-"] if neg else []
    if fmt in "eE":
        out.append(d[0] if nd else "0")
        if prec > 0:
            m = min(nd, prec + 1)
            out.append(".")
            out.append(d[1:m])
            out.append("0" * (prec + 1 - max(m, 1)))
        exp = dp - 1 if nd else 0
        out.append(fmt)
        out.append("-" if exp < 0 else "+")
        out.append("%02d" % abs(exp))
    else:
        if dp > 0:
            m = min(nd, dp)
            out.append(d[:m])
            out.append("0" * (dp - m))
        else:
            out.append("0")
        if prec > 0:
            lz = min(prec, max(0, -dp))
            off = dp + lz
            m = min(prec - lz, max(0, nd - off))
            out.append(".")
            out.append("0" * lz)
            out.append(d[off : off + m])
            out.append("0" * max(0, prec - lz - m))
    return "".join(out)


def _fmt_x(v: float, prec: int, fmt: str) -> str:
    """%x / %X of a float: -0x1.hhhhp±dd, rounding half to even when prec is given."""
    neg, mant, exp = _float_parts(v)
    if mant == 0:
        exp = 0
    mant <<= 8  # leading bit to 1<<60
    while mant and not mant & (1 << 60):
        mant <<= 1
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant <<= 60 - shift
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    digits = "0123456789abcdef" if fmt == "x" else "0123456789ABCDEF"
    out = ["-0" if neg else "0", fmt, str((mant >> 60) & 1)]
    mant = (mant << 4) & _MASK64
    n = -1 if prec < 0 else prec
    if n > 0 or (n < 0 and mant):
        out.append(".")
        while (n < 0 and mant) or n > 0:
            out.append(digits[(mant >> 60) & 15])
            mant = (mant << 4) & _MASK64
            n -= 1
    out.append("p" if fmt == "x" else "P")
    out.append("-" if exp < 0 else "+")
    out.append("%02d" % abs(exp))
    return "".join(out)


def format_float(v: float, fmt: str, prec: int) -> str:
    """Go strconv.FormatFloat(v, fmt, prec, 64); prec -1 means the shortest exact form."""
    if v != v:
        return "NaN"
    if v in (math.inf, -math.inf):
        return "+Inf" if v > 0 else "-Inf"
    if fmt == "b":
        neg, mant, exp = _float_parts(v)
        exp -= 52
        return f"{'-' if neg else ''}{mant}p{'+' if exp >= 0 else ''}{exp}"
    if fmt in "xX":
        return _fmt_x(v, prec, fmt)
    neg = math.copysign(1.0, v) < 0
    a = -v if neg else v
    if prec < 0 or a == 0:
        d, dp = _shortest_digits(a) if a else ("", 0)
        shortest = prec < 0
        if shortest:
            nd = len(d)
            prec = {"e": max(nd - 1, 0), "E": max(nd - 1, 0), "f": max(nd - dp, 0)}.get(fmt, nd)
        return _fmt_efg(neg, d, dp, prec, fmt, shortest)
    if fmt in "eEf":
        # Python's fixed-precision formatting is exact (round half to even on the binary value)
        # and lays out e/f exactly as Go does.
        return "%.*{}".format(fmt) % (prec, v)
    # %g with a precision: correctly rounded digits, trailing zeros dropped as strconv does.
    p = prec or 1
    mant, _, e = ("%.*e" % (p - 1, a)).partition("e")
    d = mant.replace(".", "").rstrip("0")
    return _fmt_efg(neg, d, int(e) + 1, p, fmt, False)


def _g(v: float) -> str:
    """%v of a float64 (shortest %g)."""
    r = repr(v)
    if -1e6 < v < 1e6 and "e" not in r:
        # Below 1e6 and at or above 1e-4 Python's repr is already positional with the same digits.
        return r[:-2] if r.endswith(".0") else r
    if v != v or v in (math.inf, -math.inf) or v == 0:
        return format_float(v, "g", -1)
    neg = v < 0
    d, dp = _shortest_digits(-v if neg else v)
    return _fmt_efg(neg, d, dp, len(d), "g", True)


# ---------------------------------------------------------------------------------------------
# Quoting

_MAX_RUNE = 0x10FFFF

_ESCAPES = {7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


def _is_escaped_byte(r: int) -> bool:
    return 0xDC80 <= r <= 0xDCFF


def _escape_rune(r: int, q: int, ascii_only: bool) -> str:
    if r == q or r == 0x5C:
        return "\\" + chr(r)
    if (r < 0x80 or not ascii_only) and is_print(r):
        return chr(r)
    esc = _ESCAPES.get(r)
    if esc is not None:
        return esc
    if r < 0x20 or r == 0x7F:
        return "\\x%02x" % r
    if 0xD800 <= r <= 0xDFFF or r > _MAX_RUNE:
        r = 0xFFFD
    return "\\u%04x" % r if r < 0x10000 else "\\U%08x" % r


def quote(s: str, ascii_only: bool = False) -> str:
    """Go strconv.Quote (QuoteToASCII with ascii_only)."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return '"' + s + '"'
    out = ['"']
    for ch in s:
        r = ord(ch)
        if _is_escaped_byte(r):
            out.append("\\x%02x" % (r - 0xDC00))
        else:
            out.append(_escape_rune(r, 0x22, ascii_only))
    out.append('"')
    return "".join(out)


def quote_rune(r: int, ascii_only: bool = False) -> str:
    """Go strconv.QuoteRune; invalid runes become U+FFFD."""
    if r < 0 or r > _MAX_RUNE or 0xD800 <= r <= 0xDFFF:
        r = 0xFFFD
    return "'" + _escape_rune(r, 0x27, ascii_only) + "'"


def can_backquote(s: str) -> bool:
    """Go strconv.CanBackquote."""
    for ch in s:
        r = ord(ch)
        if r >= 0x80:
            if r == 0xFEFF or _is_escaped_byte(r):
                return False
        elif (r < 0x20 and r != 9) or r == 0x60 or r == 0x7F:
            return False
    return True
