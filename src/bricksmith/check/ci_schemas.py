"""The CI platforms' published JSON schemas, as check-jsonschema vendors them, validated in-process.

check-jsonschema ships the schemas as package data; we read them from there (no network, no
subprocess per file) and validate with `jsonschema`, swapping in the regex engine each schema
is written for:
- github-workflows: ECMAScript regexes in unicode mode (`regress`, check-jsonschema's default);
- gitlab-ci: ECMAScript without the unicode flag (as check-jsonschema's gitlab-ci hook runs it);
- azure-pipelines: Python's `re`, as the project's tooling notes prescribe: in unicode mode one
  of its patterns is an invalid escape, which crashes the default engine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import jsonschema.exceptions
import jsonschema.validators

REGEX_VARIANTS = {"github-workflows": "unicode", "gitlab-ci": "nonunicode", "azure-pipelines": "python"}


def vendored_schema(name: str) -> dict:
    path = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _search_function(variant: str) -> Callable[[str], Callable[[str], bool]]:
    """pattern -> (text -> matches?), compiled once per pattern."""
    if variant == "python":
        @cache
        def compile_python(pattern: str):
            rx = re.compile(pattern)
            return lambda text: rx.search(text) is not None
        return compile_python

    import regress  # installed with check-jsonschema

    flags = "u" if variant == "unicode" else ""

    @cache
    def compile_ecma(pattern: str):
        rx = regress.Regex(pattern, flags=flags) if flags else regress.Regex(pattern)
        return lambda text: rx.find(text) is not None
    return compile_ecma


def make_validator(name: str) -> jsonschema.protocols.Validator:
    """A validator for one vendored schema (the heavy part: cache it per process)."""
    schema = vendored_schema(name)
    search = _search_function(REGEX_VARIANTS[name])
    base = jsonschema.validators.validator_for(schema)

    def pattern(validator, patrn, instance, _schema):
        if validator.is_type(instance, "string") and not search(patrn)(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match the pattern /{patrn}/")

    def pattern_properties(validator, patterns, instance, _schema):
        if not validator.is_type(instance, "object"):
            return
        for patrn, subschema in patterns.items():
            for key, value in instance.items():
                if search(patrn)(key):
                    yield from validator.descend(value, subschema, path=key, schema_path=patrn)

    def additional_properties(validator, extra, instance, schema_):
        # The stock keyword matches patternProperties with Python's `re`: use the schema's engine.
        if not validator.is_type(instance, "object"):
            return
        unknown = unexpected_keys(instance, schema_, search)
        if isinstance(extra, dict):
            for key in unknown:
                yield from validator.descend(instance[key], extra, path=key)
        elif not extra:
            # One error per key, located at the key: branches of an anyOf can then be compared.
            for key in unknown:
                yield jsonschema.ValidationError(f"unknown key {key!r}", path=[key])

    def regex_format(text) -> bool:
        if not isinstance(text, str):
            return True
        try:
            search(text)
        except Exception:  # noqa: BLE001 - every engine has its own error type
            return False
        return True

    formats = jsonschema.FormatChecker()
    formats.checkers.pop("regex", None)
    formats.checks("regex")(regex_format)
    keywords = {
        "pattern": pattern,
        "patternProperties": pattern_properties,
        "additionalProperties": additional_properties,
    }
    if name in SCALARS_AS_STRINGS:
        cls = jsonschema.validators.extend(base, keywords, type_checker=_string_scalars(base.TYPE_CHECKER))
    else:
        cls = jsonschema.validators.extend(base, keywords)
    return cls(schema, format_checker=formats)


# Azure Pipelines reads every scalar as a string (we load it with yaml.BaseLoader, as it does)
# and converts it where a boolean or a number is wanted: `keepAzSessionActive: true` is a boolean
# task input although its text reaches the schema as "true".
SCALARS_AS_STRINGS = {"azure-pipelines"}
_BOOLEAN_TEXT = re.compile(r"(?i:true|false)")
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _string_scalars(checker):
    """A type checker that also takes the text of a boolean or a number for one."""
    def text_or(kind, text):
        return lambda c, value: checker.is_type(value, kind) or (
            isinstance(value, str) and text.fullmatch(value) is not None)
    return checker.redefine_many({
        "boolean": text_or("boolean", _BOOLEAN_TEXT),
        "integer": text_or("integer", _INTEGER_TEXT),
        "number": text_or("number", _NUMBER_TEXT),
    })


def unexpected_keys(instance: dict, schema: dict, search) -> list[str]:
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [k for k in instance if k not in known and not any(search(p)(k) for p in patterns)]


@dataclass(frozen=True)
class SchemaError:
    path: tuple  # where in the document, for its line
    message: str


def errors(validator, data: Any) -> Iterator[SchemaError]:
    """The schema errors of one document, each reduced to its most specific causes."""
    seen = set()
    for error in validator.iter_errors(data):
        for leaf in _leaves(error):
            found = SchemaError(tuple(leaf.absolute_path), describe(leaf))
            if found not in seen:
                seen.add(found)
                yield found


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors that explain a failed anyOf/oneOf: those of the branch that came closest.

    A branch comes closer when the value has its type, when its errors lie deeper in the
    document, and when it has fewer of them.  Between equally close branches, the errors they
    share are the explanation (a misspelt key is unknown to every form); with none shared, the
    anyOf error itself is.
    """
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    scored = []
    for subs in branches.values():
        right_type = not any(s.validator == "type" and not s.path for s in subs)
        leaves = [leaf for s in subs for leaf in _leaves(s)]
        depth = max(len(leaf.absolute_path) for leaf in leaves)
        scored.append(((right_type, depth, -len(leaves)), leaves))
    best = max(score for score, _ in scored)
    tied = [leaves for score, leaves in scored if score == best]
    if len(tied) == 1:
        return tied[0]
    keys = [{(tuple(leaf.absolute_path), leaf.message) for leaf in leaves} for leaves in tied]
    common = set.intersection(*keys)
    if common:
        return [leaf for leaf in tied[0] if (tuple(leaf.absolute_path), leaf.message) in common]
    return [error]


def describe(error: jsonschema.ValidationError) -> str:
    """A one-line message that names the place and never dumps a whole mapping."""
    path = list(error.absolute_path)
    kind = error.validator
    value = _short(error.instance)
    if kind == "additionalProperties":
        path = path[:-1]  # the error sits at the unknown key; name the mapping that holds it
        text = error.message
    elif kind == "required":
        text = "missing required key " + error.message.replace(" is a required property", "")
    elif kind == "type":
        text = f"{value} is not of type {_types(error.validator_value)}"
    elif kind == "enum":
        options = ", ".join(map(repr, error.validator_value[:8]))
        more = ", ..." if len(error.validator_value) > 8 else ""
        text = f"{value} is not one of {options}{more}"
    elif kind in ("anyOf", "oneOf") and error.context:
        types = [s.validator_value for s in error.context if s.validator == "type" and not s.path]
        branches = {s.relative_schema_path[0] for s in error.context}
        required = [s.validator_value for s in error.context if s.validator == "required" and not s.path]
        if len(types) == len(branches):
            text = f"{value} is not of type {_types(types)}"  # every form wants another type
        elif len(required) == len(branches) == len(error.context):
            keys = ", ".join(repr(k) for keys in required for k in keys)
            text = f"missing one of the keys {keys}"  # every form wants a key of its own
        else:
            text = f"{value} does not match any allowed form"
    elif kind == "oneOf":
        text = f"{value} matches more than one allowed form"
    else:
        text = error.message if len(error.message) <= 160 else f"{value} fails {kind!r}"
    where = ".".join(str(p) for p in path) or "(top level)"
    return f"{where}: {text}"


def _types(expected) -> str:
    names: list[str] = []
    for item in expected if isinstance(expected, list) else [expected]:
        for name in item if isinstance(item, list) else [item]:
            if name not in names:
                names.append(name)
    return " or ".join(names)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
