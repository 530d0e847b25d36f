"""Go's fmt printing (Sprint, Sprintln, Sprintf) over the value model of `gotypes`.

The structure follows Go's own: a printer (`_Printer`, Go's `pp`) walks the format string and the
values, and low-level routines pad and lay out each value (Go's `fmt` type).  Float formatting and
quoting come from `strconv` and `is_print` from `unicode_print`; both are re-exported here.
Behaviour that templates can observe is reproduced, including the error markers (`%!d(string=x)`,
`%!(EXTRA ...)`) and the way flags and widths reach every element of a collection.

Strings are Go strings: a Python str whose invalid UTF-8 bytes are surrogate escapes, so one Python
character is one Go rune (an invalid byte counts as one rune, as `utf8.RuneCountInString` does).

Pointer addresses (`%p`, nested pointers) cannot be reproduced; a fixed fake address is printed.
"""

from __future__ import annotations

from .gotypes import GoInt, GoObject, GoSlice, Pair, from_bytes, to_bytes, type_name
from .strconv import _g, _is_escaped_byte, can_backquote, format_float, quote, quote_rune
from .unicode_print import is_print

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
# utf8


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


def sorted_keys(d: dict) -> list:
    """A map's keys in Go's fmtsort order (strings byte-wise), as fmt and range visit them."""
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
        for i, k in enumerate(sorted_keys(d)):
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
