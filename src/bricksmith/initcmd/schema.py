"""The template schema (`databricks_template_schema.json`): loading and static validation.

Loading follows the CLI step by step, because which error a broken schema reports depends on it:
Go's JSON decoding into the `jsonschema.Schema` struct (case-insensitive keys, typed fields), the
int64 conversion of integer properties' default/const/enum, the eight static checks of the
`jsonschema` package, and finally the checks of the template layer (array/object types, schema
version, descriptions).  Where the CLI walks a Go map (random order) this module uses the
property order of §4.1, so the same broken schema always reports the same property.
"""

from __future__ import annotations

import os

from . import gojson, semver
from .errors import InitError
from .gofs import is_not_exist, read_file
from .govalues import (
    ARRAY,
    BOOLEAN,
    INTEGER,
    NUMBER,
    OBJECT,
    STRING,
    ConversionError,
    go_contains,
    sprintf,
    to_integer,
    type_error,
)

SCHEMA_FILE = "databricks_template_schema.json"

# bricksmith reproduces this release of the Databricks CLI (for `min_databricks_cli_version`).
CLI_VERSION = "1.13.0"
LATEST_SCHEMA_VERSION = 1

_KNOWN_TYPES = (NUMBER, BOOLEAN, STRING, INTEGER, OBJECT, ARRAY)
_TYPE_HINTS = {
    "int": "integer", "int32": "integer", "int64": "integer",
    "float": "number", "float32": "number", "float64": "number",
    "bool": "boolean",
}


class Schema:
    """One JSON schema node: the template schema itself, a property, or a skip_prompt_if clause.

    Absent fields hold None (or "" / False for Go string and bool fields), exactly as the Go
    struct's zero values, so `enum: []` (present, empty) stays distinct from no enum.
    """

    __slots__ = (
        "type", "description", "const", "properties", "items", "additional_properties", "required",
        "ref", "default", "enum", "pattern", "any_of", "one_of", "title", "examples", "deprecated",
        "defs", "format", "order", "welcome_message", "success_message", "pattern_match_failure_message",
        "min_databricks_cli_version", "skip_prompt_if", "version", "template_dir", "preview",
        "markdown_description", "deprecation_message", "do_not_suggest",
    )

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, None)
        for name in ("type", "description", "pattern", "title", "format", "welcome_message", "success_message",
                     "pattern_match_failure_message", "min_databricks_cli_version", "template_dir", "preview",
                     "markdown_description", "deprecation_message"):
            setattr(self, name, "")
        self.deprecated = False
        self.do_not_suggest = False

    def ordered_properties(self) -> list[tuple[str, "Schema"]]:
        """Properties with an `order` first (ascending), then the rest; ties broken by name."""
        def key(item):
            name, prop = item
            order = prop.order if prop is not None else None
            return (order is None, order or 0, name.encode("utf-8", "surrogatepass"))

        return sorted((self.properties or {}).items(), key=key)


# ---------------------------------------------------------------------------------------------
# Decoding: Go's encoding/json into the jsonschema.Schema struct.

# (json name, attribute, kind, Go type for messages, declared in the embedded Extension struct)
_FIELDS = (
    ("$defs", "defs", "anymap", "map[string]interface {}", False),
    ("type", "type", "str", "jsonschema.Type", False),
    ("description", "description", "str", "string", False),
    ("const", "const", "any", "", False),
    ("properties", "properties", "schemamap", "map[string]*jsonschema.Schema", False),
    ("items", "items", "schema", "jsonschema.Schema", False),
    ("additionalProperties", "additional_properties", "any", "", False),
    ("required", "required", "strlist", "[]string", False),
    ("$ref", "ref", "str", "string", False),
    ("default", "default", "any", "", False),
    ("enum", "enum", "anylist", "[]interface {}", False),
    ("pattern", "pattern", "str", "string", False),
    ("format", "format", "str", "string", False),
    ("order", "order", "int", "int", True),
    ("welcome_message", "welcome_message", "str", "string", True),
    ("success_message", "success_message", "str", "string", True),
    ("pattern_match_failure_message", "pattern_match_failure_message", "str", "string", True),
    ("min_databricks_cli_version", "min_databricks_cli_version", "str", "string", True),
    ("skip_prompt_if", "skip_prompt_if", "schema", "jsonschema.Schema", True),
    ("version", "version", "int", "int", True),
    ("template_dir", "template_dir", "str", "string", True),
    ("x-databricks-preview", "preview", "str", "string", True),
    ("markdownDescription", "markdown_description", "str", "string", True),
    ("deprecationMessage", "deprecation_message", "str", "string", True),
    ("doNotSuggest", "do_not_suggest", "bool", "bool", True),
    ("anyOf", "any_of", "schemalist", "[]jsonschema.Schema", False),
    ("oneOf", "one_of", "schemalist", "[]jsonschema.Schema", False),
    ("title", "title", "str", "string", False),
    ("examples", "examples", "any", "", False),
    ("deprecated", "deprecated", "bool", "bool", False),
)
_BY_NAME = {f[0]: f for f in _FIELDS}
_BY_FOLDED = {}
for _f in _FIELDS:
    _BY_FOLDED.setdefault(gojson.fold_name(_f[0]), _f)

_STRUCT = "Schema"


def _field_for(key: str):
    return _BY_NAME.get(key) or _BY_FOLDED.get(gojson.fold_name(key))


def _decode_schema(raw: gojson.JObject, path: tuple, into: Schema | None = None) -> Schema:
    schema = into if into is not None else Schema()
    for key, value in raw:
        field = _field_for(key)
        if field is None:
            continue  # unknown keys are ignored ("//" comments)
        name, attr, kind, go_type, embedded = field
        field_path = path + (("Extension", name) if embedded else (name,))
        if value is None:
            if kind not in ("str", "bool"):
                setattr(schema, attr, None)  # null clears pointers, maps, slices and interfaces
            continue
        setattr(schema, attr, _decode_field(kind, go_type, value, field_path, getattr(schema, attr)))
    return schema


def _mismatch(raw, go_type: str, field_path: tuple, numeric: bool = False):
    what = gojson.json_kind(raw)
    if numeric and isinstance(raw, gojson.JNumber):
        what = f"number {raw}"
    return gojson.type_error(what, go_type, field_path, _STRUCT)


def _decode_field(kind: str, go_type: str, raw, field_path: tuple, current):
    if kind == "any":
        return gojson.to_go(raw, field_path, _STRUCT)
    if kind == "str":
        if isinstance(raw, str) and not isinstance(raw, gojson.JNumber):
            return gojson.go_string(raw)
        raise _mismatch(raw, go_type, field_path)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise _mismatch(raw, go_type, field_path)
    if kind == "int":
        if isinstance(raw, gojson.JNumber):
            value = gojson.parse_int_literal(raw)
            if value is not None:
                return value
        raise _mismatch(raw, go_type, field_path, numeric=True)
    if kind == "schema":
        if isinstance(raw, gojson.JObject):
            return _decode_schema(raw, field_path, current)  # Go reuses an existing pointer
        raise _mismatch(raw, go_type, field_path)
    if kind == "schemamap":
        if not isinstance(raw, gojson.JObject):
            raise _mismatch(raw, go_type, field_path)
        result = current if current is not None else {}  # Go reuses an existing map
        for key, value in raw:
            if value is None:
                result[gojson.go_string(key)] = None
            elif isinstance(value, gojson.JObject):
                result[gojson.go_string(key)] = _decode_schema(value, field_path)
            else:
                raise _mismatch(value, "jsonschema.Schema", field_path)
        return result
    if kind == "schemalist":
        if not isinstance(raw, list) or isinstance(raw, gojson.JObject):
            raise _mismatch(raw, go_type, field_path)
        items = []
        for value in raw:
            if value is None:
                items.append(Schema())
            elif isinstance(value, gojson.JObject):
                items.append(_decode_schema(value, field_path))
            else:
                raise _mismatch(value, "jsonschema.Schema", field_path)
        return items
    if kind == "strlist":
        if not isinstance(raw, list) or isinstance(raw, gojson.JObject):
            raise _mismatch(raw, go_type, field_path)
        items = []
        for value in raw:
            if value is None:
                items.append("")
            elif isinstance(value, str) and not isinstance(value, gojson.JNumber):
                items.append(gojson.go_string(value))
            else:
                raise _mismatch(value, "string", field_path)
        return items
    if kind == "anylist":
        if not isinstance(raw, list) or isinstance(raw, gojson.JObject):
            raise _mismatch(raw, go_type, field_path)
        return [gojson.to_go(v, field_path, _STRUCT) for v in raw]
    if kind == "anymap":
        if not isinstance(raw, gojson.JObject):
            raise _mismatch(raw, go_type, field_path)
        result = current if current is not None else {}
        result.update(gojson.to_go(raw, field_path, _STRUCT))
        return result
    raise AssertionError(kind)


def decode(data: bytes) -> Schema:
    """Decode schema JSON, raising gojson.JSONError with Go's message."""
    raw = gojson.parse(data)
    if raw is None:
        return Schema()
    if not isinstance(raw, gojson.JObject):
        raise gojson.type_error(gojson.json_kind(raw), "jsonschema.Schema")
    return _decode_schema(raw, ())


# ---------------------------------------------------------------------------------------------
# Static validation (jsonschema.LoadFS and Schema.validate).


class SchemaError(Exception):
    """A schema problem; str() is the CLI's message before any `failed to load schema: ` prefix."""


def _properties(schema: Schema) -> list[tuple[str, Schema]]:
    props = schema.ordered_properties()
    for name, prop in props:
        if prop is None:
            # The CLI dereferences the nil entry and crashes; say what is wrong instead.
            raise SchemaError(f"property {name} is null: every property must be a JSON object")
    return props


def _convert_integer_properties(props) -> None:
    for name, prop in props:
        if prop.type != INTEGER:
            continue
        if prop.default is not None:
            try:
                prop.default = to_integer(prop.default)
            except ConversionError as err:
                raise SchemaError(f"failed to parse default value for property {name}: {err}") from None
        if prop.const is not None:
            try:
                prop.const = to_integer(prop.const)
            except ConversionError as err:
                raise SchemaError(f"failed to parse const value for property {name}: {err}") from None
        for i, value in enumerate(prop.enum or ()):
            try:
                prop.enum[i] = to_integer(value)
            except ConversionError as err:
                raise SchemaError(
                    f"failed to parse enum value {sprintf('%v', value)} at index {i} for property {name}: {err}"
                ) from None


def _check_types(props):
    for _, prop in props:
        if prop.type in _KNOWN_TYPES:
            continue
        hint = _TYPE_HINTS.get(prop.type)
        if hint:
            raise SchemaError(f'type {prop.type} is not a recognized json schema type. Please use "{hint}" instead')
        raise SchemaError(f"type {prop.type} is not a recognized json schema type")


def _check_default_types(props):
    for name, prop in props:
        if prop.default is not None and (msg := type_error(prop.default, prop.type)):
            raise SchemaError(f"type validation for default value of property {name} failed: {msg}")


def _check_enum_types(props):
    for name, prop in props:
        for i, value in enumerate(prop.enum or ()):
            if msg := type_error(value, prop.type):
                raise SchemaError(f"type validation for enum at index {i} failed for property {name}: {msg}")


def _check_const_types(props):
    for name, prop in props:
        if prop.const is not None and (msg := type_error(prop.const, prop.type)):
            raise SchemaError(f"type validation for const value of property {name} failed: {msg}")


def _check_default_in_enum(props):
    for name, prop in props:
        if prop.default is None or prop.enum is None:
            continue
        if not go_contains(prop.enum, prop.default):
            raise SchemaError(
                f"list of enum values for property {name} does not contain default value "
                f"{sprintf('%v', prop.default)}: {sprintf('%v', prop.enum)}"
            )


def _check_patterns(props):
    from ..gostd import regexp
    from ..gotemplate.gotypes import GoError

    for name, prop in props:
        pattern = prop.pattern
        if not pattern:
            continue
        if prop.type != STRING:
            raise SchemaError(
                f"property {sprintf('%q', name)} has a non-empty regex pattern {sprintf('%q', pattern)} specified. "
                "Patterns are only supported for string properties"
            )
        try:
            compiled = regexp.compile(pattern)
        except GoError as err:
            raise SchemaError(
                f"invalid regex pattern {sprintf('%q', pattern)} provided for property {sprintf('%q', name)}: {err}"
            ) from None
        for i, value in enumerate(prop.enum or ()):
            if not compiled.MatchString(value):
                raise SchemaError(
                    f"enum value {sprintf('%q', value)} at index {i} for property {sprintf('%q', name)} "
                    f"does not match specified regex pattern: {sprintf('%q', pattern)}"
                )


def _check_min_cli_version(schema: Schema):
    wanted = schema.min_databricks_cli_version
    if not wanted:
        return
    current = "v" + CLI_VERSION
    if not semver.is_valid(wanted):
        raise SchemaError(
            f"invalid minimum CLI version {sprintf('%q', wanted)} specified. "
            "Please specify the version in the format v0.0.0"
        )
    if semver.compare(wanted, current) > 0:
        raise SchemaError(
            f"minimum CLI version {sprintf('%q', wanted)} is greater than current CLI version "
            f"{sprintf('%q', current)}. Please upgrade your current Databricks CLI"
        )


def _check_skip_prompt_defaults(props):
    for name, prop in props:
        if prop.skip_prompt_if is not None and prop.default is None:
            raise SchemaError(f"property {sprintf('%q', name)} has a skip_prompt_if clause but no default value")


def validate_static(schema: Schema) -> None:
    """Integer conversion and the eight checks of jsonschema, in the CLI's order."""
    props = _properties(schema)
    _convert_integer_properties(props)
    _check_types(props)
    _check_default_types(props)
    _check_enum_types(props)
    _check_const_types(props)
    _check_default_in_enum(props)
    _check_patterns(props)
    _check_min_cli_version(schema)
    _check_skip_prompt_defaults(props)


def validate_for_template(schema: Schema) -> None:
    """The template layer's own checks (reported without the `failed to load schema` prefix)."""
    props = schema.ordered_properties()
    for _, prop in props:
        if prop.type in (ARRAY, OBJECT):
            raise InitError(f"property type {prop.type} is not supported by bundle templates")
    if schema.version is not None and schema.version > LATEST_SCHEMA_VERSION:
        raise InitError(
            f"template schema version {schema.version} is not supported by this version of the CLI. "
            "Please upgrade your CLI to the latest version"
        )
    for name, prop in props:
        if prop.description == "":
            raise InitError(f"template property {name} is missing a description")


# ---------------------------------------------------------------------------------------------
# Loading, with a per-process cache (tests render many configurations of one template).

_cache: dict[str, tuple[tuple, Schema]] = {}


def load(root: str) -> Schema:
    """Load and statically validate `<root>/databricks_template_schema.json`, raising InitError.

    The template layer's checks (`validate_for_template`) come later, after `template_dir` is
    resolved, as in the CLI.
    """
    path = os.path.join(root, SCHEMA_FILE)
    try:
        st = os.stat(path)
        signature = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        signature = None
    cached = _cache.get(path)
    if cached is not None and signature is not None and cached[0] == signature:
        return cached[1]
    try:
        data = read_file(path, SCHEMA_FILE)
    except OSError as exc:
        if is_not_exist(exc):
            raise InitError(
                f"not a bundle template: expected to find a template schema file at {SCHEMA_FILE}"
            ) from None
        raise InitError(f"failed to load schema: {exc.go_message}") from None
    try:
        schema = decode(data)
        validate_static(schema)
    except (gojson.JSONError, SchemaError) as err:
        raise InitError(f"failed to load schema: {err}") from None
    if signature is not None:
        _cache[path] = (signature, schema)
    return schema
