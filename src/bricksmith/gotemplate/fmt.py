"""Go's fmt printing (Sprint, Sprintln, Sprintf) over the value model of `gotypes`.

The structure follows Go's own: a printer (`_Printer`, Go's `pp`) walks the format string and the
values, and low-level routines pad, quote and convert numbers (Go's `fmt` type and `strconv`).
Behaviour that templates can observe is reproduced, including the error markers (`%!d(string=x)`,
`%!(EXTRA ...)`) and the way flags and widths reach every element of a collection.

Strings are Go strings: a Python str whose invalid UTF-8 bytes are surrogate escapes, so one Python
character is one Go rune (an invalid byte counts as one rune, as `utf8.RuneCountInString` does).

Pointer addresses (`%p`, nested pointers) cannot be reproduced; a fixed fake address is printed.
"""

from __future__ import annotations

import math
import struct
from bisect import bisect_right

from .gotypes import GoInt, GoObject, GoSlice, Pair, from_bytes, to_bytes, type_name

__all__ = [
    "format_float",
    "format_value",
    "is_print",
    "print_value",
    "quote",
    "sprint",
    "sprintf",
    "sprintln",
]

_MASK64 = (1 << 64) - 1
_MAX_RUNE = 0x10FFFF
_FAKE_ADDR = 0xC000010000  # stands in for any non-nil Go pointer
_TOO_LARGE = 1_000_000  # Go refuses widths/precisions beyond this


# ---------------------------------------------------------------------------------------------
# strconv: floats


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
# strconv: quoting


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


def _rune_char(c: int) -> str:
    """The character utf8.AppendRune writes for c (invalid code points become U+FFFD)."""
    if 0 <= c <= _MAX_RUNE and not 0xD800 <= c <= 0xDFFF:
        return chr(c)
    return "\ufffd"


# ---------------------------------------------------------------------------------------------
# The printer.


class _Deref:
    """A pointer to a struct seen through text/template's indirection: prints as the struct."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj


_stringer_cache: dict[type, bool] = {}


def _is_stringer(v) -> bool:
    t = type(v)
    r = _stringer_cache.get(t)
    if r is None:
        r = _stringer_cache[t] = callable(getattr(t, "String", None))
    return r


def _is_pointer(v) -> bool:
    return str(getattr(v, "go_type", "")).startswith("*")


def _is_reference(v) -> bool:
    """Pointers and funcs: kinds that print as an address."""
    t = str(getattr(v, "go_type", ""))
    return t.startswith("*") or t.startswith("func(")


def _is_byte_slice(v) -> bool:
    return isinstance(v, GoSlice) and v.elem in ("uint8", "byte")


def _sorted_keys(d: dict) -> list:
    keys = list(d)
    if all(type(k) is str for k in keys):
        if all(k.isascii() for k in keys):
            return sorted(keys)
        return sorted(keys, key=to_bytes)  # Go compares strings byte-wise
    try:
        return sorted(keys)
    except TypeError:
        return keys


class _Printer:
    __slots__ = (
        "buf",
        "wid",
        "prec",
        "wid_present",
        "prec_present",
        "minus",
        "plus",
        "sharp",
        "space",
        "zero",
        "plus_v",
        "sharp_v",
        "erroring",
        "reordered",
        "good_argnum",
    )

    def __init__(self):
        self.buf: list[str] = []
        self.erroring = False
        self.reordered = False
        self.good_argnum = True
        self.clear_flags()

    def clear_flags(self):
        self.wid = self.prec = 0
        self.wid_present = self.prec_present = False
        self.minus = self.plus = self.sharp = self.space = self.zero = False
        self.plus_v = self.sharp_v = False

    # -- padding -------------------------------------------------------------------------

    def write_padding(self, n: int):
        if n > 0:
            self.buf.append(("0" if self.zero and not self.minus else " ") * n)

    def pad(self, s: str):
        """Write s padded to the width (counted in runes) on the left, or the right with '-'."""
        if not self.wid_present or self.wid == 0:
            self.buf.append(s)
        elif self.minus:
            self.buf.append(s)
            self.write_padding(self.wid - len(s))
        else:
            self.write_padding(self.wid - len(s))
            self.buf.append(s)

    def pad_unzeroed(self, s: str):
        z = self.zero
        self.zero = False
        self.pad(s)
        self.zero = z

    # -- basic formatters (Go's fmt type) ------------------------------------------------

    def fmt_integer(self, v: int, base: int, verb: str, upper: bool = False):
        negative = v < 0
        u = -v if negative else v
        prec = 0
        if self.prec_present:
            prec = self.prec
            if prec == 0 and u == 0:  # "%.0d" of 0 prints nothing but padding
                z = self.zero
                self.zero = False
                self.write_padding(self.wid)
                self.zero = z
                return
        elif self.zero and not self.minus and self.wid_present:
            prec = self.wid  # zero padding is done as precision, leaving room for a sign
            if negative or self.plus or self.space:
                prec -= 1
        if base == 10:
            s = str(u)
        elif base == 16:
            s = format(u, "X" if upper else "x")
        elif base == 8:
            s = format(u, "o")
        else:
            s = format(u, "b")
        if len(s) < prec:
            s = "0" * (prec - len(s)) + s
        if self.sharp:
            if base == 2:
                s = "0b" + s
            elif base == 8:
                if s[0] != "0":
                    s = "0" + s
            elif base == 16:
                s = ("0X" if upper else "0x") + s
        if verb == "O":
            s = "0o" + s
        if negative:
            s = "-" + s
        elif self.plus:
            s = "+" + s
        elif self.space:
            s = " " + s
        self.pad_unzeroed(s)

    def fmt_0x64(self, u: int, leading0x: bool):
        sharp = self.sharp
        self.sharp = leading0x
        self.fmt_integer(u, 16, "v")
        self.sharp = sharp

    def fmt_unicode(self, u: int):
        prec = self.prec if self.prec_present and self.prec > 4 else 4
        s = "U+" + format(u, "X").rjust(prec, "0")
        if self.sharp and u <= _MAX_RUNE and is_print(u):
            s += " '" + chr(u) + "'"
        self.pad_unzeroed(s)

    def truncate(self, s: str) -> str:
        if self.prec_present and self.prec < len(s):
            return s[: self.prec]
        return s

    def fmt_s(self, s: str):
        self.pad(self.truncate(s))

    def fmt_sx(self, b: bytes, upper: bool):
        length = len(b)
        if self.prec_present and self.prec < length:
            length = self.prec
        if length <= 0:
            if self.wid_present:
                self.write_padding(self.wid)
            return
        width = 2 * length
        if self.space:
            if self.sharp:
                width *= 2
            width += length - 1
        elif self.sharp:
            width += 2
        if self.wid_present and self.wid > width and not self.minus:
            self.write_padding(self.wid - width)
        h = b[:length].hex()
        if upper:
            h = h.upper()
        prefix = ("0X" if upper else "0x") if self.sharp else ""
        if self.space:
            sep = " " + prefix
            self.buf.append(prefix + sep.join(h[i : i + 2] for i in range(0, len(h), 2)))
        else:
            self.buf.append(prefix + h)
        if self.wid_present and self.wid > width and self.minus:
            self.write_padding(self.wid - width)

    def fmt_q(self, s: str):
        s = self.truncate(s)
        if self.sharp and can_backquote(s):
            self.pad("`" + s + "`")
        else:
            self.pad(quote(s, self.plus))

    def fmt_float(self, v: float, verb: str, prec: int):
        if self.prec_present:
            prec = self.prec
        num = format_float(v, verb, prec)
        if num[0] not in "+-":
            num = "+" + num
        if self.space and num[0] == "+" and not self.plus:
            num = " " + num[1:]
        if num[1] in "IN":  # infinities and NaN are never zero padded
            if num[1] == "N" and not self.space and not self.plus:
                num = num[1:]
            self.pad_unzeroed(num)
            return
        if self.sharp and verb != "b":
            num = self._sharp_float(num, verb, prec)
        if self.plus or num[0] != "+":
            if self.zero and not self.minus and self.wid_present and self.wid > len(num):
                # the sign goes before the zero padding
                self.buf.append(num[0])
                self.write_padding(self.wid - len(num))
                self.buf.append(num[1:])
                return
            self.pad(num)
            return
        self.pad(num[1:])

    @staticmethod
    def _sharp_float(num: str, verb: str, prec: int) -> str:
        """'#' keeps a decimal point and trailing zeros (up to the precision for %g)."""
        digits = 0
        if verb in "vgGx":
            digits = 6 if prec == -1 else prec
        tail = ""
        has_point = saw_nonzero = False
        i = 1
        while i < len(num):
            c = num[i]
            if c == ".":
                has_point = True
            elif c in "pP" or (c in "eE" and verb not in "xX"):
                tail = num[i:]
                num = num[:i]
                break
            else:
                if c != "0":
                    saw_nonzero = True
                if saw_nonzero:
                    digits -= 1
            i += 1
        if not has_point:
            if len(num) == 2 and num[1] == "0":
                digits -= 1
            num += "."
        if digits > 0:
            num += "0" * digits
        return num + tail

    # -- per-kind printing (Go's pp) -----------------------------------------------------

    def bad_verb(self, v, verb: str):
        self.erroring = True
        self.buf.append("%!" + verb + "(")
        if v is None:
            self.buf.append("<nil>")
        else:
            self.buf.append(type_name(v) + "=")
            self.print_arg(v, "v")
        self.buf.append(")")
        self.erroring = False

    def fmt_bool(self, v: bool, verb: str):
        if verb == "t" or verb == "v":
            self.pad("true" if v else "false")
        else:
            self.bad_verb(v, verb)

    def fmt_int(self, v: int, verb: str):
        signed = not isinstance(v, GoInt) or v.signed
        if verb == "v":
            if self.sharp_v and not signed:
                self.fmt_0x64(int(v), True)
            else:
                self.fmt_integer(int(v), 10, verb)
        elif verb == "d":
            self.fmt_integer(int(v), 10, verb)
        elif verb == "x" or verb == "X":
            self.fmt_integer(int(v), 16, verb, verb == "X")
        elif verb == "o" or verb == "O":
            self.fmt_integer(int(v), 8, verb)
        elif verb == "b":
            self.fmt_integer(int(v), 2, verb)
        elif verb == "c":
            self.pad(_rune_char(int(v) & _MASK64))
        elif verb == "q":
            self.pad(quote_rune(int(v) & _MASK64, self.plus))
        elif verb == "U":
            self.fmt_unicode(int(v) & _MASK64)
        else:
            self.bad_verb(v, verb)

    def fmt_float64(self, v: float, verb: str):
        if verb == "v":
            self.fmt_float(v, "g", -1)
        elif verb in "bgGxX":
            self.fmt_float(v, verb, -1)
        elif verb in "feE":
            self.fmt_float(v, verb, 6)
        elif verb == "F":
            self.fmt_float(v, "f", 6)
        else:
            self.bad_verb(v, verb)

    def fmt_complex(self, v: complex, verb: str):
        if verb not in "vbgGxXfFeE":
            self.bad_verb(v, verb)
            return
        plus = self.plus
        self.buf.append("(")
        self.fmt_float64(v.real, verb)
        self.plus = True  # the imaginary part always has a sign
        self.fmt_float64(v.imag, verb)
        self.buf.append("i)")
        self.plus = plus

    def fmt_string(self, s: str, verb: str):
        if verb == "v":
            if self.sharp_v:
                self.fmt_q(s)
            else:
                self.fmt_s(s)
        elif verb == "s":
            self.fmt_s(s)
        elif verb == "x" or verb == "X":
            self.fmt_sx(to_bytes(s), verb == "X")
        elif verb == "q":
            self.fmt_q(s)
        else:
            self.bad_verb(s, verb)

    def fmt_bytes(self, v: GoSlice, verb: str):
        """%s %q %x %X of a []byte: the bytes as a string."""
        b = bytes(int(c) & 0xFF for c in v)
        if verb == "s":
            self.fmt_s(from_bytes(b))
        elif verb == "q":
            self.fmt_q(from_bytes(b))
        else:
            self.fmt_sx(b, verb == "X")

    def fmt_pointer(self, v, verb: str):
        nil = v is None or (isinstance(v, GoSlice) and v.nil)
        u = 0 if nil else _FAKE_ADDR
        if verb == "v":
            if self.sharp_v:
                self.buf.append("(" + type_name(v) + ")(")
                if u:
                    self.fmt_0x64(u, True)
                else:
                    self.buf.append("nil")
                self.buf.append(")")
            elif u == 0:
                self.pad("<nil>")
            else:
                self.fmt_0x64(u, not self.sharp)
        elif verb == "p":
            self.fmt_0x64(u, not self.sharp)
        elif verb in "bodxX":
            self.fmt_integer(u, {"b": 2, "o": 8, "d": 10}.get(verb, 16), verb, verb == "X")
        else:
            self.bad_verb(v, verb)

    def handle_methods(self, v, verb: str) -> bool:
        """Use a Stringer's String method where a string is acceptable (not for %#v)."""
        if self.erroring:
            return False
        if verb == "w":
            self.bad_verb(v, verb)  # %w is only meaningful to Errorf
            return True
        if not self.sharp_v and verb in "vsxXq" and _is_stringer(v):
            self.fmt_string(v.String(), verb)
            return True
        return False

    def print_arg(self, arg, verb: str):
        if arg is None:
            if verb == "T" or verb == "v":
                self.pad("<nil>")
            else:
                self.bad_verb(None, verb)
            return
        if verb == "T":
            self.fmt_s(type_name(arg))
            return
        if verb == "p":
            if isinstance(arg, (dict, list, tuple)) or _is_reference(arg):
                self.fmt_pointer(arg, verb)
            else:
                self.bad_verb(arg, verb)
            return
        t = type(arg)
        if t is str:
            self.fmt_string(arg, verb)
        elif t is bool:
            self.fmt_bool(arg, verb)
        elif t is int or isinstance(arg, GoInt):
            self.fmt_int(arg, verb)
        elif t is float:
            self.fmt_float64(arg, verb)
        elif t is complex:
            self.fmt_complex(arg, verb)
        elif _is_byte_slice(arg):
            # Go's fast path for []byte: no method lookup, and %#v names the type "[]byte".
            self.print_slice(arg, verb, 0, False, "[]byte" if verb in "vd" else None)
        elif not self.handle_methods(arg, verb):
            self.print_value(arg, verb, 0, False)

    def print_value(self, v, verb: str, depth: int, ro: bool):
        """Go's printValue.  ro: reached through an unexported field, so no methods are called."""
        if depth > 0 and not ro:
            if verb == "w" and not self.erroring:
                # Go checks every interfaceable element for %w, nil interfaces included.
                if v is None:
                    nil = "interface {}(nil)" if self.sharp_v else "<nil>"
                    self.buf.append("%!w(interface {}=" + nil + ")")
                else:
                    self.bad_verb(v, verb)
                return
            basic = v is None or isinstance(v, (str, int, float))  # no methods to look for
            if not basic and self.handle_methods(v, verb):
                return
        if v is None:
            # A nil interface inside a collection or struct.
            self.buf.append("interface {}(nil)" if self.sharp_v else "<nil>")
            return
        t = type(v)
        if t is str:
            self.fmt_string(v, verb)
        elif t is bool:
            self.fmt_bool(v, verb)
        elif t is int or isinstance(v, GoInt):
            self.fmt_int(v, verb)
        elif t is float:
            self.fmt_float64(v, verb)
        elif t is complex:
            self.fmt_complex(v, verb)
        elif isinstance(v, dict):
            self.print_map(v, verb, depth, ro)
        elif isinstance(v, (list, tuple)):
            self.print_slice(v, verb, depth, ro)
        elif isinstance(v, Pair):
            fields = (("k", v.k, True), ("v", v.v, True))
            self.print_struct(v.go_type, fields, verb, depth, ro)
        elif isinstance(v, _Deref):
            self.print_object(v.obj, verb, depth, ro)
        elif isinstance(v, GoObject):
            if _is_pointer(v):
                if depth == 0:
                    self.buf.append("&")
                    self.print_object(v, verb, depth + 1, ro)
                else:
                    self.fmt_pointer(v, verb)
            else:
                self.print_object(v, verb, depth, ro)
        elif _is_reference(v):
            self.fmt_pointer(v, verb)  # funcs print as addresses
        else:
            self.pad(str(v))

    def print_map(self, d: dict, verb: str, depth: int, ro: bool):
        sharp_v = self.sharp_v
        if sharp_v:
            self.buf.append(type_name(d) + "{")
        else:
            self.buf.append("map[")
        for i, k in enumerate(_sorted_keys(d)):
            if i:
                self.buf.append(", " if sharp_v else " ")
            self.print_value(k, verb, depth + 1, ro)
            self.buf.append(":")
            self.print_value(d[k], verb, depth + 1, ro)
        self.buf.append("}" if sharp_v else "]")

    def print_slice(self, v, verb: str, depth: int, ro: bool, tname: str | None = None):
        if verb in "sqxX" and _is_byte_slice(v):
            self.fmt_bytes(v, verb)
            return
        if self.sharp_v:
            self.buf.append(tname or type_name(v))
            if isinstance(v, GoSlice) and v.nil:
                self.buf.append("(nil)")
                return
            self.buf.append("{")
            sep = ", "
        else:
            self.buf.append("[")
            sep = " "
        for i, e in enumerate(v):
            if i:
                self.buf.append(sep)
            self.print_value(e, verb, depth + 1, ro)
        self.buf.append("}" if self.sharp_v else "]")

    def print_object(self, obj, verb: str, depth: int, ro: bool):
        """A GoObject as a struct value: exported go_fields, then unexported ones."""
        fields = [(name, getattr(obj, name, None), ro) for name in obj.go_fields]
        fields += [(name, getattr(obj, name, None), True) for name in obj.go_unexported]
        self.print_struct(str(obj.go_type).lstrip("*"), fields, verb, depth, ro)

    def print_struct(self, tname: str, fields, verb: str, depth: int, ro: bool):
        sharp_v = self.sharp_v
        if sharp_v:
            self.buf.append(tname)
        self.buf.append("{")
        for i, (name, value, field_ro) in enumerate(fields):
            if i:
                self.buf.append(", " if sharp_v else " ")
            if self.plus_v or sharp_v:
                self.buf.append(name + ":")
            self.print_value(value, verb, depth + 1, field_ro)
        self.buf.append("}")

    # -- the format string ---------------------------------------------------------------

    def arg_number(self, argnum: int, fmt: str, i: int, nargs: int) -> tuple[int, int, bool]:
        """An explicit argument index "[n]" at fmt[i:], if any."""
        if i >= len(fmt) or fmt[i] != "[":
            return argnum, i, False
        self.reordered = True
        index, wid, ok = _parse_arg_number(fmt, i)
        if ok and 0 <= index < nargs:
            return index, i + wid, True
        self.good_argnum = False
        return argnum, i + wid, ok

    def do_printf(self, fmt: str, a: list):
        end = len(fmt)
        argnum = 0
        after_index = False
        buf = self.buf
        i = 0
        while i < end:
            self.good_argnum = True
            j = fmt.find("%", i)
            if j < 0:
                buf.append(fmt[i:])
                break
            if j > i:
                buf.append(fmt[i:j])
            i = j + 1

            self.clear_flags()
            simple = False
            while i < end:
                c = fmt[i]
                if c == "#":
                    self.sharp = True
                elif c == "0":
                    self.zero = True
                elif c == "+":
                    self.plus = True
                elif c == "-":
                    self.minus = True
                elif c == " ":
                    self.space = True
                else:
                    # Fast path: flags then a lower-case verb, no width/precision/index.
                    if "a" <= c <= "z" and argnum < len(a):
                        if c == "v" or c == "w":
                            self.sharp_v, self.sharp = self.sharp, False
                            self.plus_v, self.plus = self.plus, False
                        self.print_arg(a[argnum], c)
                        argnum += 1
                        i += 1
                        simple = True
                    break
                i += 1
            if simple:
                continue

            argnum, i, after_index = self.arg_number(argnum, fmt, i, len(a))

            if i < end and fmt[i] == "*":
                i += 1
                self.wid, self.wid_present, argnum = _int_from_arg(a, argnum)
                if not self.wid_present:
                    buf.append("%!(BADWIDTH)")
                if self.wid < 0:  # a negative width means left-justify
                    self.wid = -self.wid
                    self.minus = True
                    self.zero = False
                after_index = False
            else:
                self.wid, self.wid_present, i = _parse_num(fmt, i, end)
                if after_index and self.wid_present:  # "%[3]2d"
                    self.good_argnum = False

            if i + 1 < end and fmt[i] == ".":
                i += 1
                if after_index:  # "%[3].2d"
                    self.good_argnum = False
                argnum, i, after_index = self.arg_number(argnum, fmt, i, len(a))
                if i < end and fmt[i] == "*":
                    i += 1
                    self.prec, self.prec_present, argnum = _int_from_arg(a, argnum)
                    if self.prec < 0:
                        self.prec = 0
                        self.prec_present = False
                    if not self.prec_present:
                        buf.append("%!(BADPREC)")
                    after_index = False
                else:
                    self.prec, self.prec_present, i = _parse_num(fmt, i, end)
                    if not self.prec_present:  # "%.d" means precision 0
                        self.prec = 0
                        self.prec_present = True

            if not after_index:
                argnum, i, after_index = self.arg_number(argnum, fmt, i, len(a))

            if i >= end:
                buf.append("%!(NOVERB)")
                break

            verb = fmt[i]
            i += 1
            if _is_escaped_byte(ord(verb)):
                verb = "\ufffd"  # an invalid byte decodes as RuneError
            if verb == "%":  # does not consume an argument, ignores width and precision
                buf.append("%")
            elif not self.good_argnum:
                buf.append("%!" + verb + "(BADINDEX)")
            elif argnum >= len(a):
                buf.append("%!" + verb + "(MISSING)")
            else:
                if verb == "v" or verb == "w":
                    self.sharp_v, self.sharp = self.sharp, False
                    self.plus_v, self.plus = self.plus, False
                self.print_arg(a[argnum], verb)
                argnum += 1

        # Unused arguments are reported unless the format used explicit indexes.
        if not self.reordered and argnum < len(a):
            self.clear_flags()
            buf.append("%!(EXTRA ")
            for k, arg in enumerate(a[argnum:]):
                if k:
                    buf.append(", ")
                if arg is None:
                    buf.append("<nil>")
                else:
                    buf.append(type_name(arg) + "=")
                    self.print_arg(arg, "v")
            buf.append(")")


def _parse_num(s: str, start: int, end: int) -> tuple[int, bool, int]:
    """Go's parsenum: digits at s[start:end]; an absurdly long number swallows the rest."""
    if start >= end:
        return 0, False, end
    num = 0
    isnum = False
    i = start
    while i < end and "0" <= s[i] <= "9":
        if num > _TOO_LARGE:
            return 0, False, end
        num = num * 10 + ord(s[i]) - 48
        isnum = True
        i += 1
    return num, isnum, i


def _parse_arg_number(fmt: str, i: int) -> tuple[int, int, bool]:
    """The 0-based index in "[n]" at fmt[i:], the bytes consumed and whether it parsed."""
    if len(fmt) - i < 3:
        return 0, 1, False
    close = fmt.find("]", i + 1)
    if close < 0:
        return 0, 1, False
    n, ok, newi = _parse_num(fmt, i + 1, close)
    if not ok or newi != close:
        return 0, close - i + 1, False
    return n - 1, close - i + 1, True


def _int_from_arg(a: list, argnum: int) -> tuple[int, bool, int]:
    """A '*' width or precision: an integer argument of any int type within Go's limits."""
    if argnum >= len(a):
        return 0, False, argnum
    v = a[argnum]
    num, isint = 0, False
    if isinstance(v, int) and not isinstance(v, bool):
        if -(1 << 63) <= v < (1 << 63):
            num, isint = int(v), True
    if num > _TOO_LARGE or num < -_TOO_LARGE:
        num, isint = 0, False
    return num, isint, argnum + 1


# ---------------------------------------------------------------------------------------------
# Public API.


def format_value(v) -> str:
    """%v of one value (fmt.Sprint of a single operand)."""
    t = type(v)
    if t is str:
        return v
    if t is bool:
        return "true" if v else "false"
    if t is int or isinstance(v, GoInt):
        return str(int(v))
    if t is float:
        return _g(v)
    if v is None:
        return "<nil>"
    p = _Printer()
    p.print_arg(v, "v")
    return "".join(p.buf)


def _printable(v):
    """text/template's printableValue: nil is "<no value>", pointers are followed."""
    if v is None:
        return "<no value>"
    if isinstance(v, GoObject) and _is_pointer(v) and not _is_stringer(v):
        return _Deref(v)
    return v


def print_value(v) -> str:
    """How text/template prints the value of {{pipeline}}."""
    if type(v) is str:
        return v
    return format_value(_printable(v))


def sprint(args: list) -> str:
    """Go fmt.Sprint: a space separates two operands when neither is a string."""
    if len(args) == 1:
        return format_value(args[0])
    p = _Printer()
    prev_string = False
    for k, arg in enumerate(args):
        is_string = type(arg) is str
        if k and not is_string and not prev_string:
            p.buf.append(" ")
        p.print_arg(arg, "v")
        prev_string = is_string
    return "".join(p.buf)


def sprintln(args: list) -> str:
    """Go fmt.Sprintln: operands separated by spaces, then a newline."""
    p = _Printer()
    for k, arg in enumerate(args):
        if k:
            p.buf.append(" ")
        p.print_arg(arg, "v")
    p.buf.append("\n")
    return "".join(p.buf)


def sprintf(format: str, args: list) -> str:
    """Go fmt.Sprintf."""
    if "%" not in format and not args:
        return format
    p = _Printer()
    p.do_printf(format, list(args))
    return "".join(p.buf)


# ---------------------------------------------------------------------------------------------
# unicode.IsPrint (= strconv.IsPrint): letters, marks, numbers, punctuation, symbols and the ASCII
# space.  Python's unicodedata lags Go's Unicode version, so the ranges above Latin-1 are taken
# from Go 1.27 (Unicode 17.0.0) as hex "lo-hi" tokens.

_PRINT_RANGES = (
    "100-377 37a-37f 384-38a 38c 38e-3a1 3a3-52f 531-556 559-58a 58d-58f 591-5c7 5d0-5ea 5ef-5f4 "
    "606-61b 61d-6dc 6de-70d 710-74a 74d-7b1 7c0-7fa 7fd-82d 830-83e 840-85b 85e 860-86a 870-88f "
    "897-8e1 8e3-983 985-98c 98f-990 993-9a8 9aa-9b0 9b2 9b6-9b9 9bc-9c4 9c7-9c8 9cb-9ce 9d7 "
    "9dc-9dd 9df-9e3 9e6-9fe a01-a03 a05-a0a a0f-a10 a13-a28 a2a-a30 a32-a33 a35-a36 a38-a39 a3c "
    "a3e-a42 a47-a48 a4b-a4d a51 a59-a5c a5e a66-a76 a81-a83 a85-a8d a8f-a91 a93-aa8 aaa-ab0 "
    "ab2-ab3 ab5-ab9 abc-ac5 ac7-ac9 acb-acd ad0 ae0-ae3 ae6-af1 af9-aff b01-b03 b05-b0c b0f-b10 "
    "b13-b28 b2a-b30 b32-b33 b35-b39 b3c-b44 b47-b48 b4b-b4d b55-b57 b5c-b5d b5f-b63 b66-b77 "
    "b82-b83 b85-b8a b8e-b90 b92-b95 b99-b9a b9c b9e-b9f ba3-ba4 ba8-baa bae-bb9 bbe-bc2 bc6-bc8 "
    "bca-bcd bd0 bd7 be6-bfa c00-c0c c0e-c10 c12-c28 c2a-c39 c3c-c44 c46-c48 c4a-c4d c55-c56 "
    "c58-c5a c5c-c5d c60-c63 c66-c6f c77-c8c c8e-c90 c92-ca8 caa-cb3 cb5-cb9 cbc-cc4 cc6-cc8 "
    "cca-ccd cd5-cd6 cdc-cde ce0-ce3 ce6-cef cf1-cf3 d00-d0c d0e-d10 d12-d44 d46-d48 d4a-d4f "
    "d54-d63 d66-d7f d81-d83 d85-d96 d9a-db1 db3-dbb dbd dc0-dc6 dca dcf-dd4 dd6 dd8-ddf de6-def "
    "df2-df4 e01-e3a e3f-e5b e81-e82 e84 e86-e8a e8c-ea3 ea5 ea7-ebd ec0-ec4 ec6 ec8-ece ed0-ed9 "
    "edc-edf f00-f47 f49-f6c f71-f97 f99-fbc fbe-fcc fce-fda 1000-10c5 10c7 10cd 10d0-1248 "
    "124a-124d 1250-1256 1258 125a-125d 1260-1288 128a-128d 1290-12b0 12b2-12b5 12b8-12be 12c0 "
    "12c2-12c5 12c8-12d6 12d8-1310 1312-1315 1318-135a 135d-137c 1380-1399 13a0-13f5 13f8-13fd "
    "1400-167f 1681-169c 16a0-16f8 1700-1715 171f-1736 1740-1753 1760-176c 176e-1770 1772-1773 "
    "1780-17dd 17e0-17e9 17f0-17f9 1800-180d 180f-1819 1820-1878 1880-18aa 18b0-18f5 1900-191e "
    "1920-192b 1930-193b 1940 1944-196d 1970-1974 1980-19ab 19b0-19c9 19d0-19da 19de-1a1b "
    "1a1e-1a5e 1a60-1a7c 1a7f-1a89 1a90-1a99 1aa0-1aad 1ab0-1add 1ae0-1aeb 1b00-1b4c 1b4e-1bf3 "
    "1bfc-1c37 1c3b-1c49 1c4d-1c8a 1c90-1cba 1cbd-1cc7 1cd0-1cfa 1d00-1f15 1f18-1f1d 1f20-1f45 "
    "1f48-1f4d 1f50-1f57 1f59 1f5b 1f5d 1f5f-1f7d 1f80-1fb4 1fb6-1fc4 1fc6-1fd3 1fd6-1fdb "
    "1fdd-1fef 1ff2-1ff4 1ff6-1ffe 2010-2027 2030-205e 2070-2071 2074-208e 2090-209c 20a0-20c1 "
    "20d0-20f0 2100-218b 2190-2429 2440-244a 2460-2b73 2b76-2cf3 2cf9-2d25 2d27 2d2d 2d30-2d67 "
    "2d6f-2d70 2d7f-2d96 2da0-2da6 2da8-2dae 2db0-2db6 2db8-2dbe 2dc0-2dc6 2dc8-2dce 2dd0-2dd6 "
    "2dd8-2dde 2de0-2e5d 2e80-2e99 2e9b-2ef3 2f00-2fd5 2ff0-2fff 3001-303f 3041-3096 3099-30ff "
    "3105-312f 3131-318e 3190-31e5 31ef-321e 3220-a48c a490-a4c6 a4d0-a62b a640-a6f7 a700-a7dc "
    "a7f1-a82c a830-a839 a840-a877 a880-a8c5 a8ce-a8d9 a8e0-a953 a95f-a97c a980-a9cd a9cf-a9d9 "
    "a9de-a9fe aa00-aa36 aa40-aa4d aa50-aa59 aa5c-aac2 aadb-aaf6 ab01-ab06 ab09-ab0e ab11-ab16 "
    "ab20-ab26 ab28-ab2e ab30-ab6b ab70-abed abf0-abf9 ac00-d7a3 d7b0-d7c6 d7cb-d7fb f900-fa6d "
    "fa70-fad9 fb00-fb06 fb13-fb17 fb1d-fb36 fb38-fb3c fb3e fb40-fb41 fb43-fb44 fb46-fdcf "
    "fdf0-fe19 fe20-fe52 fe54-fe66 fe68-fe6b fe70-fe74 fe76-fefc ff01-ffbe ffc2-ffc7 ffca-ffcf "
    "ffd2-ffd7 ffda-ffdc ffe0-ffe6 ffe8-ffee fffc-fffd 10000-1000b 1000d-10026 10028-1003a "
    "1003c-1003d 1003f-1004d 10050-1005d 10080-100fa 10100-10102 10107-10133 10137-1018e "
    "10190-1019c 101a0 101d0-101fd 10280-1029c 102a0-102d0 102e0-102fb 10300-10323 1032d-1034a "
    "10350-1037a 10380-1039d 1039f-103c3 103c8-103d5 10400-1049d 104a0-104a9 104b0-104d3 "
    "104d8-104fb 10500-10527 10530-10563 1056f-1057a 1057c-1058a 1058c-10592 10594-10595 "
    "10597-105a1 105a3-105b1 105b3-105b9 105bb-105bc 105c0-105f3 10600-10736 10740-10755 "
    "10760-10767 10780-10785 10787-107b0 107b2-107ba 10800-10805 10808 1080a-10835 10837-10838 "
    "1083c 1083f-10855 10857-1089e 108a7-108af 108e0-108f2 108f4-108f5 108fb-1091b 1091f-10939 "
    "1093f-10959 10980-109b7 109bc-109cf 109d2-10a03 10a05-10a06 10a0c-10a13 10a15-10a17 "
    "10a19-10a35 10a38-10a3a 10a3f-10a48 10a50-10a58 10a60-10a9f 10ac0-10ae6 10aeb-10af6 "
    "10b00-10b35 10b39-10b55 10b58-10b72 10b78-10b91 10b99-10b9c 10ba9-10baf 10c00-10c48 "
    "10c80-10cb2 10cc0-10cf2 10cfa-10d27 10d30-10d39 10d40-10d65 10d69-10d85 10d8e-10d8f "
    "10e60-10e7e 10e80-10ea9 10eab-10ead 10eb0-10eb1 10ec2-10ec7 10ed0-10ed8 10efa-10f27 "
    "10f30-10f59 10f70-10f89 10fb0-10fcb 10fe0-10ff6 11000-1104d 11052-11075 1107f-110bc "
    "110be-110c2 110d0-110e8 110f0-110f9 11100-11134 11136-11147 11150-11176 11180-111df "
    "111e1-111f4 11200-11211 11213-11241 11280-11286 11288 1128a-1128d 1128f-1129d 1129f-112a9 "
    "112b0-112ea 112f0-112f9 11300-11303 11305-1130c 1130f-11310 11313-11328 1132a-11330 "
    "11332-11333 11335-11339 1133b-11344 11347-11348 1134b-1134d 11350 11357 1135d-11363 "
    "11366-1136c 11370-11374 11380-11389 1138b 1138e 11390-113b5 113b7-113c0 113c2 113c5 "
    "113c7-113ca 113cc-113d5 113d7-113d8 113e1-113e2 11400-1145b 1145d-11461 11480-114c7 "
    "114d0-114d9 11580-115b5 115b8-115dd 11600-11644 11650-11659 11660-1166c 11680-116b9 "
    "116c0-116c9 116d0-116e3 11700-1171a 1171d-1172b 11730-11746 11800-1183b 118a0-118f2 "
    "118ff-11906 11909 1190c-11913 11915-11916 11918-11935 11937-11938 1193b-11946 11950-11959 "
    "119a0-119a7 119aa-119d7 119da-119e4 11a00-11a47 11a50-11aa2 11ab0-11af8 11b00-11b09 "
    "11b60-11b67 11bc0-11be1 11bf0-11bf9 11c00-11c08 11c0a-11c36 11c38-11c45 11c50-11c6c "
    "11c70-11c8f 11c92-11ca7 11ca9-11cb6 11d00-11d06 11d08-11d09 11d0b-11d36 11d3a 11d3c-11d3d "
    "11d3f-11d47 11d50-11d59 11d60-11d65 11d67-11d68 11d6a-11d8e 11d90-11d91 11d93-11d98 "
    "11da0-11da9 11db0-11ddb 11de0-11de9 11ee0-11ef8 11f00-11f10 11f12-11f3a 11f3e-11f5a 11fb0 "
    "11fc0-11ff1 11fff-12399 12400-1246e 12470-12474 12480-12543 12f90-12ff2 13000-1342f "
    "13440-13455 13460-143fa 14400-14646 16100-16139 16800-16a38 16a40-16a5e 16a60-16a69 "
    "16a6e-16abe 16ac0-16ac9 16ad0-16aed 16af0-16af5 16b00-16b45 16b50-16b59 16b5b-16b61 "
    "16b63-16b77 16b7d-16b8f 16d40-16d79 16e40-16e9a 16ea0-16eb8 16ebb-16ed3 16f00-16f4a "
    "16f4f-16f87 16f8f-16f9f 16fe0-16fe4 16ff0-16ff6 17000-18cd5 18cff-18d1e 18d80-18df2 "
    "1aff0-1aff3 1aff5-1affb 1affd-1affe 1b000-1b122 1b132 1b150-1b152 1b155 1b164-1b167 "
    "1b170-1b2fb 1bc00-1bc6a 1bc70-1bc7c 1bc80-1bc88 1bc90-1bc99 1bc9c-1bc9f 1cc00-1ccfc "
    "1cd00-1ceb3 1ceba-1ced0 1cee0-1cef0 1cf00-1cf2d 1cf30-1cf46 1cf50-1cfc3 1d000-1d0f5 "
    "1d100-1d126 1d129-1d172 1d17b-1d1ea 1d200-1d245 1d2c0-1d2d3 1d2e0-1d2f3 1d300-1d356 "
    "1d360-1d378 1d400-1d454 1d456-1d49c 1d49e-1d49f 1d4a2 1d4a5-1d4a6 1d4a9-1d4ac 1d4ae-1d4b9 "
    "1d4bb 1d4bd-1d4c3 1d4c5-1d505 1d507-1d50a 1d50d-1d514 1d516-1d51c 1d51e-1d539 1d53b-1d53e "
    "1d540-1d544 1d546 1d54a-1d550 1d552-1d6a5 1d6a8-1d7cb 1d7ce-1da8b 1da9b-1da9f 1daa1-1daaf "
    "1df00-1df1e 1df25-1df2a 1e000-1e006 1e008-1e018 1e01b-1e021 1e023-1e024 1e026-1e02a "
    "1e030-1e06d 1e08f 1e100-1e12c 1e130-1e13d 1e140-1e149 1e14e-1e14f 1e290-1e2ae 1e2c0-1e2f9 "
    "1e2ff 1e4d0-1e4f9 1e5d0-1e5fa 1e5ff 1e6c0-1e6de 1e6e0-1e6f5 1e6fe-1e6ff 1e7e0-1e7e6 "
    "1e7e8-1e7eb 1e7ed-1e7ee 1e7f0-1e7fe 1e800-1e8c4 1e8c7-1e8d6 1e900-1e94b 1e950-1e959 "
    "1e95e-1e95f 1ec71-1ecb4 1ed01-1ed3d 1ee00-1ee03 1ee05-1ee1f 1ee21-1ee22 1ee24 1ee27 "
    "1ee29-1ee32 1ee34-1ee37 1ee39 1ee3b 1ee42 1ee47 1ee49 1ee4b 1ee4d-1ee4f 1ee51-1ee52 1ee54 "
    "1ee57 1ee59 1ee5b 1ee5d 1ee5f 1ee61-1ee62 1ee64 1ee67-1ee6a 1ee6c-1ee72 1ee74-1ee77 "
    "1ee79-1ee7c 1ee7e 1ee80-1ee89 1ee8b-1ee9b 1eea1-1eea3 1eea5-1eea9 1eeab-1eebb 1eef0-1eef1 "
    "1f000-1f02b 1f030-1f093 1f0a0-1f0ae 1f0b1-1f0bf 1f0c1-1f0cf 1f0d1-1f0f5 1f100-1f1ad "
    "1f1e6-1f202 1f210-1f23b 1f240-1f248 1f250-1f251 1f260-1f265 1f300-1f6d8 1f6dc-1f6ec "
    "1f6f0-1f6fc 1f700-1f7d9 1f7e0-1f7eb 1f7f0 1f800-1f80b 1f810-1f847 1f850-1f859 1f860-1f887 "
    "1f890-1f8ad 1f8b0-1f8bb 1f8c0-1f8c1 1f8d0-1f8d8 1f900-1fa57 1fa60-1fa6d 1fa70-1fa7c "
    "1fa80-1fa8a 1fa8e-1fac6 1fac8 1facd-1fadc 1fadf-1faea 1faef-1faf8 1fb00-1fb92 1fb94-1fbfa "
    "20000-2a6df 2a700-2b81d 2b820-2cead 2ceb0-2ebe0 2ebf0-2ee5d 2f800-2fa1d 30000-3134a "
    "31350-33479 e0100-e01ef"
)


def _load_ranges() -> tuple[list[int], list[int]]:
    lo, hi = [], []
    for tok in _PRINT_RANGES.split():
        a, _, b = tok.partition("-")
        lo.append(int(a, 16))
        hi.append(int(b or a, 16))
    return lo, hi


_PRINT_LO, _PRINT_HI = _load_ranges()


def is_print(r: int) -> bool:
    """Go unicode.IsPrint for the code point r."""
    if r <= 0xFF:
        return 0x20 <= r <= 0x7E or (0xA1 <= r and r != 0xAD)
    k = bisect_right(_PRINT_LO, r) - 1
    return k >= 0 and r <= _PRINT_HI[k]
