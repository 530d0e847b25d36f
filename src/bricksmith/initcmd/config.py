"""Template input values: the config file (§4.2), defaults (§4.3) and validation (§4.6).

The config is a plain dict of Go values keyed by property name; it is the dot of every template
execution.  Validation follows `jsonschema.Schema.ValidateInstance`: additional properties, enum,
required, type, pattern, const, anyOf, each check over all properties before the next.
"""

from __future__ import annotations

from typing import Callable

from . import gojson
from .errors import InitError
from .gofs import read_file
from .govalues import (
    INTEGER,
    ConversionError,
    go_contains,
    go_equal,
    parse_string,
    sprintf,
    to_integer,
    to_string,
    type_error,
)
from .schema import Schema


class ValidationError(Exception):
    """An instance that does not satisfy a schema; str() is the CLI's message."""


def _pattern_error(name: str, value, prop: Schema) -> str | None:
    if not prop.pattern:
        return None
    if not isinstance(value, str):
        return f"invalid value for {name}: {sprintf('%v', value)}. Expected a value of type string"
    from ..gostd import regexp
    from ..gotemplate.gotypes import GoError

    try:
        matched = regexp.match_string(prop.pattern, value)
    except GoError as err:
        return str(err)
    if matched:
        return None
    message = prop.pattern_match_failure_message or f"Expected to match regex pattern: {prop.pattern}"
    return f"invalid value for {name}: {sprintf('%q', value)}. {message}"


def validate_instance(
    schema: Schema,
    instance: dict,
    *,
    closed: bool | None = None,
    required: list[str] | None = None,
) -> None:
    """Raise ValidationError if `instance` does not satisfy `schema`.

    `closed` overrides `additionalProperties: false` and `required` the schema's own list, as the
    CLI does for the template schema (closed always; every property required at the end).
    """
    props = [(n, p) for n, p in schema.ordered_properties() if p is not None]
    known = schema.properties or {}
    present = [(n, p, instance[n]) for n, p in props if n in instance]

    is_closed = schema.additional_properties is False if closed is None else closed
    if is_closed:
        for key in instance:
            if key not in known:
                raise ValidationError(f"property {key} is not defined in the schema")
    for name, prop, value in present:
        if prop.enum is not None and not go_contains(prop.enum, value):
            raise ValidationError(
                f"expected value of property {name} to be one of {sprintf('%v', prop.enum)}. "
                f"Found: {sprintf('%v', value)}"
            )
    for name in (schema.required or ()) if required is None else required:
        if name not in instance:
            raise ValidationError(f"no value provided for required property {name}")
    for name, prop, value in present:
        if msg := type_error(value, prop.type):
            raise ValidationError(f"incorrect type for property {name}: {msg}")
    for name, prop, value in present:
        if msg := _pattern_error(name, value, prop):
            raise ValidationError(msg)
    for name, prop, value in present:
        if prop.const is not None and not go_equal(value, prop.const):
            raise ValidationError(
                f"expected value of property {name} to be {sprintf('%v', prop.const)}. Found: {sprintf('%v', value)}"
            )
    if schema.any_of is not None:
        if not schema.any_of:
            raise ValidationError("anyOf must contain at least one schema")
        for option in schema.any_of:
            try:
                validate_instance(option, instance)
                return
            except ValidationError:
                continue
        raise ValidationError("instance does not match any of the schemas in anyOf")


def matches(schema: Schema, instance: dict) -> bool:
    try:
        validate_instance(schema, instance)
    except ValidationError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Given values: the config file, or a dict from the Python API.


def _convert_integers(schema: Schema, instance: dict) -> None:
    props = schema.properties or {}
    for name, value in instance.items():
        prop = props.get(name)
        if prop is None or prop.type != INTEGER:
            continue
        try:
            instance[name] = to_integer(value)
        except ConversionError as err:
            raise ValidationError(f"failed to parse property {name}: {err}") from None


def _accept(schema: Schema, instance: dict) -> dict:
    """Convert and validate given values; keep only properties of the schema (others are ignored)."""
    _convert_integers(schema, instance)
    validate_instance(schema, instance, closed=False)
    known = schema.properties or {}
    return {name: value for name, value in instance.items() if name in known}


def unknown_key_warnings(schema: Schema, keys) -> list[str]:
    """One warning per key that is not a property of the schema, with the closest property if any.

    The CLI ignores such keys silently (config files shared between templates rely on that);
    bricksmith ignores them too but says so, as a typo'd key otherwise goes unnoticed.
    """
    import difflib

    from ..gotemplate.fmt import quote

    known = list(schema.properties or {})
    warnings = []
    for key in keys:
        if key in known:
            continue
        hint = ""
        close = difflib.get_close_matches(key, known, n=1)
        if close:
            hint = f" (did you mean {quote(close[0])}?)"
        warnings.append(f"Warning: config file key {quote(key)} is not a property of this template{hint}; it is ignored")
    return warnings


def load_config_file(schema: Schema, path: str, *, warn: Callable[[str], None] | None = None) -> dict:
    """Values from `--config-file` (path as given, relative to the working directory).

    `warn` receives a warning for each key that is not a property of the template (ignored).
    """
    prefix = f"failed to load config from file {path}: "
    try:
        data = read_file(path, path)
        instance = gojson.load_object(data)
        if warn is not None:
            for warning in unknown_key_warnings(schema, instance):
                warn(warning)
        return _accept(schema, instance)
    except OSError as exc:
        raise InitError(prefix + getattr(exc, "go_message", str(exc))) from None
    except (gojson.JSONError, ValidationError) as err:
        raise InitError(prefix + str(err)) from None


def _from_python(value, integer: bool = False):
    """A Python value in the Go model a JSON config file would produce."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return value if integer else float(value)  # exact ints for integer properties
    if isinstance(value, dict):
        return {str(k): _from_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_python(v) for v in value]
    raise InitError(f"failed to load config: unsupported value {value!r} of type {type(value).__name__}")


def load_config_dict(schema: Schema, config: dict) -> dict:
    """Values given to `bricksmith.render` as a dict, checked as a config file would be."""
    props = schema.properties or {}
    instance = {}
    for name, value in config.items():
        prop = props.get(name)
        instance[str(name)] = _from_python(value, integer=prop is not None and prop.type == INTEGER)
    try:
        return _accept(schema, instance)
    except ValidationError as err:
        raise InitError(f"failed to load config: {err}") from None


# ---------------------------------------------------------------------------------------------
# Defaults and final validation.


def default_string(prop: Schema) -> str:
    try:
        return to_string(prop.default, prop.type)
    except ConversionError as err:
        raise InitError(str(err)) from None


def parse_value(text: str, prop: Schema):
    try:
        return parse_string(text, prop.type)
    except ConversionError as err:
        raise InitError(str(err)) from None


def assign_defaults(
    schema: Schema,
    values: dict,
    execute: Callable[[str], str],
    resolve_format: Callable[[str], str],
) -> None:
    """Fill every unset property without prompting (§4.3), in property order."""
    for name, prop in schema.ordered_properties():
        if name in values:
            continue
        if prop.format:
            values[name] = resolve_format(prop.format)
            continue
        if prop.default is None:
            continue
        values[name] = parse_value(execute(default_string(prop)), prop)


def validate_final(schema: Schema, values: dict) -> None:
    """Every property must have a valid value before anything is rendered."""
    required = [name for name, _ in schema.ordered_properties()]
    try:
        validate_instance(schema, values, closed=True, required=required)
    except ValidationError as err:
        raise InitError(f"validation for template input parameters failed. {err}") from None
