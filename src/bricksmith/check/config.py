"""`[tool.bricksmith.check]` in the checked directory's pyproject.toml, merged with the flags.

    [tool.bricksmith.check]
    exclude = ["legacy/", "*.generated.yml"]    # .gitignore syntax, relative to the project
    ignore = ["yaml-float-version"]              # rule ids
    per-file-ignores = { "notebooks/*.py" = ["pyflakes"] }
    strict = true                                # warnings fail too
    require-all-rules = true                     # a rule that could not run fails the check
    respect-gitignore = true

Flags add to the lists, and a boolean flag given either way (`--strict`, `--no-strict`) wins over
the table; a table that does not match this shape, or an unknown rule id, is a `CheckError` naming
the key and the fix (as ruff treats its own table).
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from jsonschema import Draft202012Validator

from .context import Options
from .problem import CheckError

_RULE_LIST = {"type": "array", "items": {"type": "string"}}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "exclude": {"type": "array", "items": {"type": "string"}},
        "ignore": _RULE_LIST,
        "per-file-ignores": {"type": "object", "additionalProperties": _RULE_LIST},
        "strict": {"type": "boolean"},
        "require-all-rules": {"type": "boolean"},
        "respect-gitignore": {"type": "boolean"},
    },
}


def read_table(project_dir: Path) -> dict:
    """The `[tool.bricksmith.check]` table of project_dir/pyproject.toml ({} when absent).

    Raises CheckError when pyproject.toml is not TOML or the table is malformed."""
    path = project_dir / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CheckError(f"{path}: cannot read the [tool.bricksmith.check] settings: {err}") from None
    tool = doc.get("tool", {}).get("bricksmith", {})
    unknown = sorted(set(tool) - {"check"}) if isinstance(tool, dict) else []
    if unknown:
        close = difflib.get_close_matches(unknown[0], ["check"], n=1)
        hint = f" (did you mean [tool.bricksmith.{close[0]}]?)" if close else ""
        raise CheckError(f"{path}: unknown table [tool.bricksmith.{unknown[0]}]{hint}")
    table = tool.get("check", {}) if isinstance(tool, dict) else {}
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(table), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        where = ".".join(["tool.bricksmith.check", *map(str, err.path)])
        message = err.message
        if err.validator == "additionalProperties":
            unknown = sorted(set(table) - set(SCHEMA["properties"]))
            close = difflib.get_close_matches(unknown[0], list(SCHEMA["properties"]), n=1)
            message = f"unknown setting '{unknown[0]}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        raise CheckError(f"{path}: {where}: {message}")
    return table


def merge(options: Options, table: dict, known_rules: Iterable[str], *, source: str = "") -> Options:
    """Options with the table's settings added: lists joined, booleans from the options when they
    are set (not None), else from the table, else their defaults.  Every rule id named is checked
    against `known_rules`; the CheckError names each unknown one, with the closest id, and where it
    was written (`source`, the settings file, for ids from the table)."""

    def choose(flag, key, default):
        return flag if flag is not None else table.get(key, default)

    merged = replace(
        options,
        exclude=(*table.get("exclude", ()), *options.exclude),
        ignore=(*table.get("ignore", ()), *options.ignore),
        per_file_ignores={**{k: tuple(v) for k, v in table.get("per-file-ignores", {}).items()},
                          **options.per_file_ignores},
        strict=choose(options.strict, "strict", False),
        require_all_rules=choose(options.require_all_rules, "require-all-rules", False),
        respect_gitignore=choose(options.respect_gitignore, "respect-gitignore", True),
    )
    known = sorted(set(known_rules))
    from_table = [*table.get("ignore", ()), *(r for rules in table.get("per-file-ignores", {}).values() for r in rules)]
    problems = []
    for rule in dict.fromkeys([*from_table, *options.ignore]):
        if rule not in known:
            close = difflib.get_close_matches(rule, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            where = f" in {source}" if source and rule in from_table else ""
            problems.append(f"'{rule}'{where}{hint}")
    if problems:
        raise CheckError(f"unknown rule{'s' if len(problems) > 1 else ''} to ignore: {', '.join(problems)}; "
                         "`bricksmith check --list-rules` lists them")
    return merged
