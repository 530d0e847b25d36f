"""`${...}` references: to declared variables and to defined resources.

The reference syntax is the CLI's (libs/dyn/dynvar): `${a.b[0].c}`, each key a letter followed
by letters, digits, `-` or `_`; `$${...}` is an escaped, literal `${...}`.  Databricks' dynamic
value references (`{{job.id}}`, `{{tasks.x.values.y}}`) are resolved at run time by the Jobs
service, not by the CLI, and are not `${}` references at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .problem import Problem
from .semantics_bundle import Bundle, walk_strings

VARIABLE_RULE = "undeclared-variable"
RESOURCE_RULE = "unknown-resource-ref"

_KEY = r"[^\W\d_]+(?:[-_]*[^\W_]+)*"
_SEGMENT = rf"{_KEY}(?:\[[0-9]+\])*"
# An even run of `$` before `${` escapes it; the lookbehind keeps the run whole.
REFERENCE = re.compile(rf"(?<!\$)((?:\$\$)*)\$\{{({_SEGMENT}(?:\.{_SEGMENT})*)\}}")


def references(text: str) -> Iterator[tuple[str, list[str]]]:
    """Each `${...}` reference in `text` and its keys, e.g. ("${var.x[0]}", ["var", "x"])."""
    if "${" not in text:
        return
    for match in REFERENCE.finditer(text):
        keys = [re.sub(r"(\[[0-9]+\])+$", "", seg) for seg in match.group(2).split(".")]
        yield "${" + match.group(2) + "}", keys


def variable_name(keys: list[str]) -> str | None:
    """The variable a reference reads: `${var.X...}` or `${variables.X...}`."""
    if len(keys) >= 2 and keys[0] in ("var", "variables"):
        return keys[1]
    return None


def check_references(bundle: Bundle) -> Iterator[Problem]:
    declared = bundle.declared_variables()
    defined = {(t, k) for _, _, t, k, _ in bundle.resource_definitions()}
    check_resources = not bundle.uses_python_resources()
    for doc in bundle.docs:
        for path, text in walk_strings(doc.data):
            for ref, keys in references(text):
                name = variable_name(keys)
                if name is not None and name not in declared:
                    yield Problem(doc.rel, doc.line(path), VARIABLE_RULE, _undeclared(ref, name))
                elif (keys[0] == "resources" and check_resources and len(keys) >= 3
                      and (keys[1], keys[2]) not in defined):
                    yield Problem(
                        doc.rel, doc.line(path), RESOURCE_RULE,
                        f"{ref} names {keys[1]} '{keys[2]}', which the bundle does not define",
                    )
    yield from _target_assignments(bundle, declared)


def _undeclared(ref: str, name: str) -> str:
    message = f"{ref} reads variable '{name}', which no 'variables:' block declares"
    if "catalog" in name or "schema" in name:
        # mlops-stacks' defect: a catalog/schema variable used by a configuration that lacks it.
        message += " (a Unity Catalog name: declare it wherever a configuration uses it)"
    return message


def _target_assignments(bundle: Bundle, declared: set[str]) -> Iterator[Problem]:
    """A target may only assign declared variables ("variable X is not defined but is
    assigned a value")."""
    for target, blocks in bundle.targets().items():
        for doc, path, block in blocks:
            variables = block.get("variables")
            if not isinstance(variables, dict):
                continue
            for name in variables:
                if str(name) not in declared:
                    yield Problem(
                        doc.rel, doc.line(path + ("variables", name)), VARIABLE_RULE,
                        f"target '{target}' assigns variable '{name}', which no 'variables:' block declares",
                    )


def resolve_variables(text: str, values: dict[str, object], depth: int = 5) -> str | None:
    """`text` with `${var.X}` replaced by known string values; None when one stays unknown."""
    for _ in range(depth):
        unknown = False

        def sub(match: re.Match) -> str:
            nonlocal unknown
            keys = match.group(2).split(".")
            name = variable_name(keys)
            if name is None:
                return match.group(0)
            value = values.get(name)
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                unknown = True
                return match.group(0)
            return match.group(1) + str(value)

        new = REFERENCE.sub(sub, text)
        if unknown:
            return None
        if new == text:
            return text
        text = new
    return text


def variable_values(bundle: Bundle, target: str | None) -> dict[str, object]:
    """Each variable's value for a target: the target's assignment, else its default."""
    values: dict[str, object] = {}
    for _, variables in bundle.sections("variables", loaded_only=True):
        if isinstance(variables, dict):
            for name, spec in variables.items():
                if isinstance(spec, dict) and "default" in spec:
                    values[str(name)] = spec["default"]
                elif not isinstance(spec, dict) and spec is not None:
                    values[str(name)] = spec  # shorthand `name: value`
    for _, _, block in bundle.targets().get(target, []) if target else []:
        variables = block.get("variables")
        if isinstance(variables, dict):
            for name, spec in variables.items():
                if isinstance(spec, dict):
                    if "default" in spec:
                        values[str(name)] = spec["default"]
                    elif "lookup" in spec:
                        values.pop(str(name), None)  # looked up in the workspace: unknown here
                else:
                    values[str(name)] = spec
    return values

