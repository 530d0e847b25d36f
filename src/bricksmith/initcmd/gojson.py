"""Reading JSON the way Go's `encoding/json` (v1) does, down to its error messages.

The CLI decodes the template schema into a Go struct and `--config-file` into a
`map[string]interface {}`.  What users see when those files are wrong is Go's text
(`invalid character '}' after object key`, `json: cannot unmarshal string into Go struct field
Schema.Extension.order of type int`), so this module reproduces both halves:

* `parse` accepts exactly the documents Go accepts and, for the others, reports Go's syntax
  error (a port of the decisions Go's scanner makes, in a small recursive reader);
* the raw tree it returns keeps number literals as text (`JNumber`) and objects as ordered pairs
  (`JObject`), because Go's outcome depends on both: `1.0` is not an `int`, and a key repeated in
  different case still reaches the same struct field.  `to_go` turns raw values into the Go value
  model used everywhere else (float for every number, dict, list, str, bool, None).
"""

from __future__ import annotations

import json

_WHITESPACE = b" \t\r\n"
_HEX = b"0123456789abcdefABCDEF"
_MAX_DEPTH = 10000


class JSONError(Exception):
    """A JSON error whose message is Go's."""


class JNumber(str):
    """A JSON number literal, kept as text until the Go type it lands in is known."""


class JObject(list):
    """A JSON object as (key, value) pairs in document order (duplicates kept)."""


def _reject_constant(name: str):
    raise ValueError(name)  # NaN / Infinity are not JSON for Go


_DECODER = json.JSONDecoder(
    object_pairs_hook=JObject, parse_int=JNumber, parse_float=JNumber, parse_constant=_reject_constant
)


def parse(data: bytes):
    """Parse a JSON document into the raw tree, raising JSONError with Go's syntax message."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        raise JSONError(syntax_error(data) or "invalid JSON") from None


# ---------------------------------------------------------------------------------------------
# Syntax errors, as Go's scanner words them.


def _quote_char(c: int) -> str:
    """Go's quoteChar: how the scanner shows the offending byte (as a rune U+0000..U+00FF)."""
    if c == 0x27:
        return "'\\''"
    if c == 0x22:
        return "'\"'"
    named = {0x07: "\\a", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x0B: "\\v"}
    if c in named:
        body = named[c]
    elif c == 0x5C:
        body = "\\\\"
    elif c < 0x20 or c == 0x7F:
        body = f"\\x{c:02x}"
    elif 0x80 <= c <= 0xA0 or c == 0xAD:
        body = f"\\u{c:04x}"  # C1 controls, no-break space and soft hyphen are not printable
    else:
        body = chr(c)
    return f"'{body}'"


class _Stop(Exception):
    pass


class _Scanner:
    """Finds the first syntax error of a document and words it as Go does.

    At the end of input Go feeds one virtual space to its current state: a number or literal cut
    short therefore reports `invalid character ' ' ...`, everything else `unexpected end of JSON
    input`.  `_char` returns that virtual space at the end.
    """

    def __init__(self, data: bytes):
        self.b = data
        self.i = 0
        self.depth = 0

    def _char(self) -> int:
        return self.b[self.i] if self.i < len(self.b) else 0x20

    def _at_end(self) -> bool:
        return self.i >= len(self.b)

    def _fail(self, c: int, context: str):
        raise _Stop(f"invalid character {_quote_char(c)} {context}")

    def _eof(self):
        raise _Stop("unexpected end of JSON input")

    def _skip_ws(self):
        while self.i < len(self.b) and self.b[self.i] in _WHITESPACE:
            self.i += 1

    def document(self):
        self._skip_ws()
        self._value()
        self._skip_ws()
        if not self._at_end():
            self._fail(self.b[self.i], "after top-level value")

    def _value(self):
        if self._at_end():
            self._eof()
        c = self.b[self.i]
        if c == 0x7B:
            self._nested(self._object)
        elif c == 0x5B:
            self._nested(self._array)
        elif c == 0x22:
            self._string()
        elif c == 0x2D or 0x30 <= c <= 0x39:
            self._number()
        elif c == 0x74:
            self._literal(b"true")
        elif c == 0x66:
            self._literal(b"false")
        elif c == 0x6E:
            self._literal(b"null")
        else:
            self._fail(c, "looking for beginning of value")

    def _nested(self, parse_fn):
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _Stop("exceeded max depth")
        parse_fn()
        self.depth -= 1

    def _object(self):
        self.i += 1
        self._skip_ws()
        if self._at_end():
            self._eof()
        if self.b[self.i] == 0x7D:
            self.i += 1
            return
        while True:
            if self._at_end():
                self._eof()
            if self.b[self.i] != 0x22:
                self._fail(self.b[self.i], "looking for beginning of object key string")
            self._string()
            self._skip_ws()
            if self._at_end():
                self._eof()
            if self.b[self.i] != 0x3A:
                self._fail(self.b[self.i], "after object key")
            self.i += 1
            self._skip_ws()
            self._value()
            self._skip_ws()
            if self._at_end():
                self._eof()
            c = self.b[self.i]
            self.i += 1
            if c == 0x7D:
                return
            if c != 0x2C:
                self.i -= 1
                self._fail(c, "after object key:value pair")
            self._skip_ws()

    def _array(self):
        self.i += 1
        self._skip_ws()
        if self._at_end():
            self._eof()
        if self.b[self.i] == 0x5D:
            self.i += 1
            return
        while True:
            self._value()
            self._skip_ws()
            if self._at_end():
                self._eof()
            c = self.b[self.i]
            self.i += 1
            if c == 0x5D:
                return
            if c != 0x2C:
                self.i -= 1
                self._fail(c, "after array element")
            self._skip_ws()

    def _string(self):
        self.i += 1
        while True:
            if self._at_end():
                self._eof()
            c = self.b[self.i]
            self.i += 1
            if c == 0x22:
                return
            if c == 0x5C:
                c = self._char()
                if c in b'bfnrt\\/"':
                    self._advance_or_eof()
                elif c == 0x75:
                    self._advance_or_eof()
                    for _ in range(4):
                        c = self._char()
                        if c not in _HEX:
                            self._fail(c, "in \\u hexadecimal character escape")
                        self._advance_or_eof()
                else:
                    self._fail(c, "in string escape code")
            elif c < 0x20:
                self._fail(c, "in string literal")

    def _advance_or_eof(self):
        if self._at_end():
            self._eof()
        self.i += 1

    def _digits(self):
        while self.i < len(self.b) and 0x30 <= self.b[self.i] <= 0x39:
            self.i += 1

    def _number(self):
        if self.b[self.i] == 0x2D:
            self.i += 1
            c = self._char()
            if not 0x30 <= c <= 0x39:
                self._fail(c, "in numeric literal")
        if self.b[self.i] == 0x30:
            self.i += 1
        else:
            self._digits()
        if self.i < len(self.b) and self.b[self.i] == 0x2E:
            self.i += 1
            c = self._char()
            if not 0x30 <= c <= 0x39:
                self._fail(c, "after decimal point in numeric literal")
            self._digits()
        if self.i < len(self.b) and self.b[self.i] in b"eE":
            self.i += 1
            if self.i < len(self.b) and self.b[self.i] in b"+-":
                self.i += 1
            c = self._char()
            if not 0x30 <= c <= 0x39:
                self._fail(c, "in exponent of numeric literal")
            self._digits()

    def _literal(self, word: bytes):
        self.i += 1
        for expected in word[1:]:
            c = self._char()
            if c != expected:
                self._fail(c, f"in literal {word.decode()} (expecting {_quote_char(expected)})")
            self.i += 1


def syntax_error(data: bytes) -> str | None:
    """Go's syntax error for a document, or None when Go would accept it."""
    try:
        _Scanner(data).document()
    except _Stop as stop:
        return str(stop)
    except RecursionError:
        return "exceeded max depth"
    return None


# ---------------------------------------------------------------------------------------------
# From the raw tree to Go values.


def json_kind(raw) -> str:
    """The word Go's UnmarshalTypeError uses for a JSON value."""
    if isinstance(raw, JObject):
        return "object"
    if isinstance(raw, list):
        return "array"
    if isinstance(raw, JNumber):
        return "number"
    if isinstance(raw, bool):
        return "bool"
    if isinstance(raw, str):
        return "string"
    return "null"


def type_error(what: str, go_type: str, field_path: tuple[str, ...] = (), struct: str = "") -> JSONError:
    """Go's UnmarshalTypeError text, with the struct field path when inside a struct."""
    if struct:
        field = ".".join(field_path)
        return JSONError(f"json: cannot unmarshal {what} into Go struct field {struct}.{field} of type {go_type}")
    return JSONError(f"json: cannot unmarshal {what} into Go value of type {go_type}")


def go_string(s: str) -> str:
    """Go decodes invalid UTF-8 and lone surrogates in JSON strings as U+FFFD."""
    if s.isascii():
        return s
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in s)


def to_float(raw: JNumber, field_path: tuple[str, ...] = (), struct: str = "") -> float:
    value = float(raw)
    if value in (float("inf"), float("-inf")):
        raise type_error(f"number {raw}", "float64", field_path, struct)
    return value


def to_go(raw, field_path: tuple[str, ...] = (), struct: str = ""):
    """A raw JSON value decoded into Go's `interface {}` (numbers become float64)."""
    if isinstance(raw, JObject):
        return {go_string(k): to_go(v, field_path, struct) for k, v in raw}
    if isinstance(raw, list):
        return [to_go(v, field_path, struct) for v in raw]
    if isinstance(raw, JNumber):
        return to_float(raw, field_path, struct)
    if isinstance(raw, str):
        return go_string(raw)
    return raw  # bool or None


def parse_int_literal(raw: JNumber) -> int | None:
    """Go decodes a number into an `int` field only from a plain integer literal that fits."""
    if not raw.lstrip("-").isdigit():
        return None
    value = int(raw)
    if not -(1 << 63) <= value < (1 << 63):
        return None
    return value


def _fold_char(c: str) -> str:
    from .gocase import rune_lower, rune_upper

    return rune_upper(rune_lower(c))


def fold_name(name: str) -> str:
    """Go's case-insensitive key matching for struct fields (upper(lower(rune)) per rune)."""
    if name.isascii():
        return name.upper()
    return "".join(_fold_char(c) for c in name)


def load_object(data: bytes) -> dict:
    """Decode a document into Go's `map[string]interface {}` (the `--config-file` shape)."""
    raw = parse(data)
    if raw is None:
        return {}  # null leaves the map nil: no values, no error
    if not isinstance(raw, JObject):
        raise type_error(json_kind(raw), "map[string]interface {}")
    return to_go(raw)
