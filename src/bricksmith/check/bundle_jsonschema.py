"""The official bundle JSON schema: where it comes from, how it validates, what errors say.

The schema's patterns are RE2 (`\\p{L}`, Go's regexp), which Python's `re` cannot compile, so
the validator is jsonschema's Draft 2020-12 class (the schema uses `$defs`) extended, the
documented way (`jsonschema.validators.extend`), with `pattern`, `patternProperties` and
`additionalProperties` keywords that match with `bricksmith.gostd.regexp`, Go's own semantics.

Nearly every value in the schema is `oneOf: [the real type, string matching ${var...}, ...]`,
which is how `${...}` interpolations pass where an integer or a mapping is expected.  A wrong
value therefore fails a oneOf whose raw error lists every alternative; `explain` instead
follows the one real alternative down to the specific mistake.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import best_match

from ..gostd import regexp as goregexp

SCHEMA_ENV = "DATABRICKS_BUNDLE_SCHEMA"
NO_SOURCE = (
    "no bundle schema: pass --bundle-schema FILE, set DATABRICKS_BUNDLE_SCHEMA, or put the "
    "Databricks CLI (`databricks bundle schema`) on PATH"
)

# --- RE2 keywords -------------------------------------------------------------------------------

_COMPILED: dict[str, goregexp.Regexp] = {}


def _search(pattern: str, text: str) -> bool:
    """JSON Schema's unanchored pattern match, with Go's RE2 semantics."""
    rx = _COMPILED.get(pattern)
    if rx is None:
        rx = _COMPILED[pattern] = goregexp.compile(pattern)
    return rx.MatchString(text)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator, pattern_properties, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in pattern_properties.items():
        for key, value in instance.items():
            if _search(pattern, str(key)):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _extras(instance: dict, schema: dict) -> list:
    """Keys that neither `properties` nor `patternProperties` cover."""
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    return [
        key for key in instance
        if key not in properties and not any(_search(p, str(key)) for p in patterns)
    ]


def _additional_properties(validator, additional, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    extras = _extras(instance, schema)
    if validator.is_type(additional, "object"):
        for key in extras:
            yield from validator.descend(instance[key], additional, path=key)
    elif not additional and extras:
        names = ", ".join(repr(k) for k in sorted(extras, key=str))
        yield ValidationError(f"Additional properties are not allowed ({names} unexpected)")


BundleSchemaValidator = validators.extend(
    Draft202012Validator,
    {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)

# --- where the schema comes from ----------------------------------------------------------------


@dataclass(frozen=True)
class Unavailable:
    reason: str


def _from_text(text: str, origin: str):
    try:
        schema = json.loads(text)
    except ValueError as err:
        return Unavailable(f"{origin} is not JSON: {err}")
    if not isinstance(schema, dict):
        return Unavailable(f"{origin} is not a JSON schema object")
    try:
        # Against the metaschema, without format checks: its patterns are RE2, not Python's re.
        error = best_match(Draft202012Validator(Draft202012Validator.META_SCHEMA).iter_errors(schema))
        if error is not None:
            raise error
        validator = BundleSchemaValidator(schema)
        validator.is_valid({})  # resolves the root's references
    except Exception as err:  # SchemaError, unresolvable $ref, ...: not a usable schema
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return Unavailable(f"{origin} is not a valid JSON schema: {first}")
    return validator


def _from_file(source: str):
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as err:
        return Unavailable(f"cannot read bundle schema {source}: {err.strerror or err}")
    return _from_text(text, source)


def _from_cli(exe: str):
    try:
        done = subprocess.run(
            [exe, "bundle", "schema"], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return Unavailable(f"`databricks bundle schema` failed: {err}")
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:200]
        return Unavailable(f"`databricks bundle schema` exited {done.returncode}: {detail}")
    return _from_text(done.stdout, "`databricks bundle schema` output")


def validator(ctx):
    """The compiled schema validator (built once per process), or why there is none."""
    source = ctx.options.schema_source()
    if source:
        return ctx.cached(f"bundle-schema:file:{source}", lambda: _from_file(source))
    exe = shutil.which("databricks")
    if exe:
        return ctx.cached(f"bundle-schema:cli:{exe}", lambda: _from_cli(exe))
    return Unavailable(NO_SOURCE)


# --- readable errors ----------------------------------------------------------------------------

_ARTICLE_TYPE = {
    "integer": "an integer", "number": "a number", "boolean": "a boolean", "string": "a string",
    "object": "a mapping", "array": "a list", "null": "null",
}
_REFERENCE_KIND = re.compile(r"^\\\$\\\{\((\w+)")


def dotted(path) -> str:
    """("resources", "jobs", "x", "tasks", 0) -> "resources.jobs.x.tasks[0]"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def describe(value) -> str:
    """A value as an error message names it: its YAML kind and, for scalars, the value."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"string {shown!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _is_reference_branch(schema) -> bool:
    return (
        isinstance(schema, dict) and schema.get("type") == "string"
        and set(schema) == {"type", "pattern"} and bool(_REFERENCE_KIND.match(schema["pattern"]))
    )


def _reference_phrase(branches) -> str:
    kinds = {_REFERENCE_KIND.match(b["pattern"]).group(1) for b in branches}
    return "a ${var.<name>} reference" if kinds == {"var"} else "a ${...} reference"


def _expected(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, str):
        return _ARTICLE_TYPE.get(kind, kind)
    if isinstance(kind, list):
        return " or ".join(_ARTICLE_TYPE.get(k, k) for k in kind)
    return "a different value"


def allowed_values(values) -> str:
    """Allowed values for a message: the first dozen, and how many there are."""
    shown = ", ".join(repr(v) for v in values[:12])
    return shown + (f", ... ({len(values)} values)" if len(values) > 12 else "")


def explain(error: ValidationError) -> Iterator[tuple[tuple, str]]:
    """(instance path, message) for the specific mistakes behind one validation error."""
    path = tuple(error.absolute_path)
    where = dotted(path)
    kind = error.validator
    if kind in ("oneOf", "anyOf"):
        yield from _explain_alternatives(error, path, where)
    elif kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for key in _extras(error.instance, error.schema):
            hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.75)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            yield path + (key,), f"{where}: unknown field {key!r}{suggestion}"
    elif kind == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        names = ", ".join(repr(k) for k in missing)
        yield path, f"{where}: missing required field{'s' if len(missing) > 1 else ''} {names}"
    elif kind == "enum":
        yield path, f"{where}: {describe(error.instance)} is not one of {allowed_values(error.validator_value)}"
    elif kind == "type":
        yield path, f"{where}: expected {_expected(error.schema)}, got {describe(error.instance)}"
    else:
        yield path, f"{where}: {error.message}"


def _explain_alternatives(error: ValidationError, path: tuple, where: str):
    alternatives = error.validator_value
    if not error.context:  # oneOf with several matching alternatives
        yield path, (
            f"{where}: {describe(error.instance)} matches more than one alternative of the schema; "
            "use a single ${...} reference or a literal value here"
        )
        return
    references = [b for b in alternatives if _is_reference_branch(b)]
    real = [i for i, b in enumerate(alternatives) if not _is_reference_branch(b)]
    if len(real) != 1:
        for sub in _best(error.context):
            yield from explain(sub)
        return
    index = real[0]
    branch = alternatives[index]
    errors = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == index]
    if not errors or any(e.validator == "type" and not e.relative_path for e in errors):
        or_ref = f" or {_reference_phrase(references)}" if references else ""
        yield path, f"{where}: expected {_expected(branch)}{or_ref}, got {describe(error.instance)}"
        return
    for sub in errors:
        yield from explain(sub)


def _best(errors):
    from jsonschema.exceptions import best_match

    best = best_match(errors)
    return [best] if best is not None else []


def problems(validator, data) -> list[tuple[tuple, str]]:
    """Every specific schema mistake in one document: sorted, each (path, message) once."""
    found: dict[tuple[tuple, str], None] = {}
    for error in validator.iter_errors(data):
        for item in explain(error):
            found.setdefault(item, None)
    return sorted(found, key=lambda item: (tuple(map(str, item[0])), item[1]))
