"""The Go value rules of the CLI's `jsonschema` package: type checks, conversions, equality.

Config values are Go values (see `bricksmith.gotemplate.gotypes`): `str`, `bool`, `Int64` for
integer properties, `float` for numbers (JSON numbers are always float64 before conversion),
`dict`/`list` for objects and arrays.  Messages quote values with Go's `%v`/`%#v`/`%q`, so they
are produced by the template engine's `fmt` port.
"""

from __future__ import annotations

import re
from decimal import Decimal

STRING, BOOLEAN, INTEGER, NUMBER, OBJECT, ARRAY = "string", "boolean", "integer", "number", "object", "array"


class ConversionError(ValueError):
    """A failed conversion; str() is the CLI's message."""


def sprintf(format_: str, *args) -> str:
    from ..gotemplate.fmt import sprintf as go_sprintf

    return go_sprintf(format_, list(args))


def int64(value: int):
    from ..gotemplate.gotypes import Int64

    return Int64(value)


def is_integer(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def go_type_name(v) -> str:
    from ..gotemplate.gotypes import type_name

    return type_name(v)


def go_equal(a, b) -> bool:
    """Go's `==` on two interface values: same dynamic type and equal value."""
    if go_type_name(a) != go_type_name(b):
        return False
    if isinstance(a, (dict, list)):
        return False  # uncomparable in Go (it would panic); never equal here
    return a == b


def go_contains(values: list, v) -> bool:
    return any(go_equal(item, v) for item in values)


# ---------------------------------------------------------------------------------------------
# Type validation (validate_type.go)


def type_error(v, schema_type: str) -> str | None:
    """The message for a value that does not have the schema type, or None when it does."""
    if schema_type == STRING:
        ok, word = isinstance(v, str), "string"
    elif schema_type == BOOLEAN:
        ok, word = isinstance(v, bool), "boolean"
    elif schema_type == INTEGER:
        ok, word = is_integer(v), "integer"
    elif schema_type == NUMBER:
        ok, word = isinstance(v, float), "float"
    else:
        return None  # other types are not checked
    if ok:
        return None
    return f"expected type {word}, but value is {sprintf('%#v', v)}"


# ---------------------------------------------------------------------------------------------
# Conversions (utils.go)


def _is_integral(v: float) -> bool:
    # Go compares v with float64(int64(v)); on amd64 out-of-range conversions give MinInt64.
    return v == v and v not in (float("inf"), float("-inf")) and v.is_integer() and -(2**63) <= v < 2**63


def to_integer(v):
    """JSON float64 (or an int) to int64, as the CLI's toInteger."""
    if isinstance(v, float):
        if not _is_integral(v):
            raise ConversionError(f"expected integer value, got: {sprintf('%v', v)}")
        return int64(int(v))
    if is_integer(v):
        return int64(int(v))
    raise ConversionError(f"cannot convert {sprintf('%#v', v)} to an integer")


def format_float_f(v: float) -> str:
    """strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent."""
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "+Inf" if v > 0 else "-Inf"
    text = format(Decimal(repr(v)).normalize(), "f")
    return text


def to_string(v, schema_type: str) -> str:
    """A default or enum value as the string shown in prompts and rendered as a template."""
    if schema_type == BOOLEAN:
        if not isinstance(v, bool):
            raise ConversionError(f"expected bool, got: {sprintf('%#v', v)}")
        return "true" if v else "false"
    if schema_type == STRING:
        if not isinstance(v, str):
            raise ConversionError(f"expected string, got: {sprintf('%#v', v)}")
        return v
    if schema_type == NUMBER:
        if not isinstance(v, float):
            raise ConversionError(f"expected float, got: {sprintf('%#v', v)}")
        return format_float_f(v)
    if schema_type == INTEGER:
        return str(int(to_integer(v)))
    if schema_type in (ARRAY, OBJECT):
        raise ConversionError(
            f"cannot format object of type {schema_type} as a string. Value of object: {sprintf('%#v', v)}"
        )
    raise ConversionError(f"unknown json schema type: {sprintf('%q', schema_type)}")


_BOOL_WORDS = {
    "1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
    "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False,
}
_INT = re.compile(r"[+-]?[0-9]+")
_DEC_FLOAT = re.compile(r"[+-]?(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(r"[+-]?0[xX](?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+)[pP][+-]?[0-9_]+")
_INF = re.compile(r"[+-]?(?:inf|infinity)", re.IGNORECASE)


def _underscores_ok(s: str) -> bool:
    """Go's rule: an underscore only between digits, or between a base prefix and a digit."""
    body = s[1:] if s[:1] in "+-" else s
    saw, i, hexa = "^", 0, False
    if len(body) >= 2 and body[0] == "0" and body[1] in "xX":
        saw, i, hexa = "0", 2, True
    for c in body[i:]:
        if c.isdigit() or (hexa and c in "abcdefABCDEF"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
    return saw != "_"


class _Syntax(Exception):
    pass


class _Range(Exception):
    pass


def _parse_float(s: str) -> float:
    """strconv.ParseFloat(s, 64), raising _Syntax or _Range."""
    if _INF.fullmatch(s):
        return float("-inf") if s[0] == "-" else float("inf")
    if s.lower() == "nan":
        return float("nan")
    if "_" in s and not _underscores_ok(s):
        raise _Syntax
    if _HEX_FLOAT.fullmatch(s):
        body = s.replace("_", "")
        try:
            value = float.fromhex(body)
        except OverflowError:
            raise _Range from None
    elif _DEC_FLOAT.fullmatch(s) and any(c.isdigit() for c in s.split("e")[0].split("E")[0]):
        value = float(s.replace("_", ""))
    else:
        raise _Syntax
    if value in (float("inf"), float("-inf")):
        raise _Range
    return value


def parse_string(s: str, schema_type: str):
    """A string (a rendered default or an answer) parsed as the property's type."""
    if schema_type == STRING:
        return s
    try:
        if schema_type == BOOLEAN:
            if s not in _BOOL_WORDS:
                raise _Syntax
            return _BOOL_WORDS[s]
        if schema_type == NUMBER:
            func = "ParseFloat"
            return _parse_float(s)
        if schema_type == INTEGER:
            func = "ParseInt"
            if not _INT.fullmatch(s):
                raise _Syntax
            value = int(s)
            if not -(2**63) <= value < 2**63:
                raise _Range
            return int64(value)
    except _Syntax:
        raise ConversionError(f"{sprintf('%q', s)} is not a {schema_type}") from None
    except _Range:
        raise ConversionError(f"strconv.{func}: parsing {sprintf('%q', s)}: value out of range") from None
    if schema_type in (ARRAY, OBJECT):
        raise ConversionError(
            f"cannot parse string as object of type {schema_type}. Value of string: {sprintf('%q', s)}"
        )
    raise ConversionError(f"unknown json schema type: {sprintf('%q', schema_type)}")
