"""The Go value rules of the CLI's `jsonschema` package: type checks, conversions, equality.

Config values are Go values (see `bricksmith.gotemplate.gotypes`): `str`, `bool`, `Int64` for
integer properties, `float` for numbers (JSON numbers are always float64 before conversion),
`dict`/`list` for objects and arrays.  Messages quote values with Go's `%v`/`%#v`/`%q`, so they
are produced by the template engine's `fmt` port.
"""

from __future__ import annotations


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
    from ..gotemplate.strconv import format_float

    return format_float(v, "f", -1)


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


def parse_string(s: str, schema_type: str):
    """A string (a rendered default or an answer) parsed as the property's type."""
    from ..gotemplate.strconv import ERR_RANGE, NumError, parse_bool, parse_float, parse_int

    if schema_type == STRING:
        return s
    parsers = {BOOLEAN: parse_bool, NUMBER: parse_float, INTEGER: lambda text: int64(parse_int(text, 10))}
    if schema_type in parsers:
        try:
            return parsers[schema_type](s)
        except NumError as err:
            if err.err == ERR_RANGE:
                raise ConversionError(str(err)) from None
            raise ConversionError(f"{sprintf('%q', s)} is not a {schema_type}") from None
    if schema_type in (ARRAY, OBJECT):
        raise ConversionError(
            f"cannot parse string as object of type {schema_type}. Value of string: {sprintf('%q', s)}"
        )
    raise ConversionError(f"unknown json schema type: {sprintf('%q', schema_type)}")
