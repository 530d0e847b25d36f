"""Fields with a fixed set of values that the bundle JSON schema leaves open.

`bundle validate` checks every enum field against a generated list
(bundle/internal/validation/generated/enum_fields.go, applied by bundle/config/validate/enum.go,
as warnings).  All but three of those fields are enums in the bundle schema too, so the
bundle-schema rule already reports them; the three the schema types as plain strings are:

- `artifacts.<name>.type`: `whl` or `jar` (bundle/config/artifact.go);
- `artifacts.<name>.executable`: `bash`, `sh` or `cmd` (libs/exec's shell types; `bundle
  deploy` fails to build the artifact with any other);
- `variables.<name>.type`: `complex`, the only variable type (bundle/config/variable).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .problem import WARNING, Problem
from .semantics_bundle import Bundle, Doc

ENUM_RULE = "enum-value"

ARTIFACT_TYPES = ("whl", "jar")
EXECUTABLES = ("bash", "sh", "cmd")
VARIABLE_TYPES = ("complex",)


def check_enums(bundle: Bundle) -> Iterator[Problem]:
    for doc in bundle.docs:
        blocks = [((), doc.data)]
        for section in ("targets", "environments"):
            targets = doc.data.get(section)
            if isinstance(targets, dict):
                blocks += [((section, name), t) for name, t in targets.items() if isinstance(t, dict)]
        for prefix, block in blocks:
            yield from _section(doc, prefix + ("artifacts",), block.get("artifacts"),
                                (("type", ARTIFACT_TYPES), ("executable", EXECUTABLES)))
            yield from _section(doc, prefix + ("variables",), block.get("variables"),
                                (("type", VARIABLE_TYPES),))


def _section(doc: Doc, path: tuple, section, fields) -> Iterator[Problem]:
    if not isinstance(section, dict):
        return
    for name, spec in section.items():
        if not isinstance(spec, dict):
            continue
        for field, allowed in fields:
            value = spec.get(field)
            if not isinstance(value, str) or value in allowed or "${" in value:
                continue
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            choices = ", ".join(f"'{a}'" for a in allowed)
            yield Problem(doc.rel, doc.line(path + (name, field)), ENUM_RULE,
                          f"{'.'.join(map(str, path[-1:]))}.{name}.{field} is '{value}'{hint}: "
                          f"the only valid value{'s are' if len(allowed) > 1 else ' is'} {choices}",
                          severity=WARNING)
