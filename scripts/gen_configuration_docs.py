#!/usr/bin/env python3
"""Writes docs/configuration.md from databricks_template_schema.json: every prompt, its default,
what it accepts and when it is asked, so that the page cannot drift from the schema.

Run it after changing the schema; tests/test_configuration_docs.py fails while the page is out of
date.  Usage: python scripts/gen_configuration_docs.py [--stdout]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "databricks_template_schema.json"
sys.path.insert(0, str(ROOT / "src"))

from bricksmith.initcmd import config, reader  # noqa: E402
from bricksmith.initcmd import schema as schema_module  # noqa: E402
from bricksmith.initcmd.renderer import Renderer  # noqa: E402
from bricksmith.initcmd.workspace import WorkspaceFacts  # noqa: E402

INTRO = """\
# Configuration: every prompt of the template

`databricks bundle init <this repository>` (or `bricksmith init`) asks these questions in this
order; with `--config-file values.json` it takes the answers from the file instead (keys not listed
here are ignored, so config files written for databricks/mlops-stacks work unchanged; `bricksmith
init` warns about them on stderr). An answer must match the prompt's accepted form, or nothing is
written and the message below is shown.

This page is generated from `databricks_template_schema.json` by
`scripts/gen_configuration_docs.py`.

| prompt | default | asked when |
| --- | --- | --- |
"""


def _code(text: str, in_table: bool = False) -> str:
    """Markdown inline code that survives backticks, and `|` in table cells."""
    if in_table:
        text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _asked(prop: dict) -> str:
    condition = prop.get("skip_prompt_if")
    if condition is None:
        return "always"
    if condition == {}:
        return "never (set it in a config file)"
    skips = []
    for name, rule in condition.get("properties", {}).items():
        if "const" in rule:
            skips.append(f"{name} is {rule['const']}")
        elif "enum" in rule:
            skips.append(f"{name} is one of {', '.join(rule['enum'])}")
    return "unless " + " or ".join(skips) if skips else "see the schema"


def default_values() -> dict:
    """Every property's default for a config file that sets nothing, as `bundle init` computes
    them (templated defaults rendered in property order)."""
    schema = schema_module.load(str(ROOT))
    values: dict = {}
    renderer = Renderer(reader.template_files_root(str(ROOT), schema), [], WorkspaceFacts(bundle_uuid=""), values)
    config.assign_defaults(schema, values, renderer.execute, lambda fmt: "")
    return values


def _default(prop: dict, value) -> str:
    """The default as a reader wants it: the value, and where it comes from when it is derived."""
    raw = str(prop.get("default", ""))
    if "{{" not in raw:
        return _code(raw)
    return f"{_code(str(value))} (derived from earlier answers)"


def render() -> str:
    schema = json.loads(SCHEMA.read_text())
    defaults = default_values()
    props = sorted(schema["properties"].items(), key=lambda kv: (kv[1].get("order", 1 << 30), kv[0]))
    out = [INTRO]
    for name, prop in props:
        out.append(f"| [`{name}`](#{name}) | {_default(prop, defaults.get(name))} | {_asked(prop)} |\n")
    for name, prop in props:
        out.append(f"\n## {name}\n\n{prop['description']}.\n\n")
        out.append(f"- Default: {_default(prop, defaults.get(name))}\n")
        if "{{" in str(prop.get("default", "")):
            out.append(f"- Default rule (a Go template): {_code(prop['default'])}\n")
        if "enum" in prop:
            out.append(f"- One of: {', '.join(_code(v) for v in prop['enum'])}\n")
        if "pattern" in prop:
            out.append(f"- Accepted: values matching {_code(prop['pattern'])}\n")
            if prop.get("pattern_match_failure_message"):
                out.append(f"- Otherwise: {prop['pattern_match_failure_message']}\n")
        out.append(f"- Asked: {_asked(prop)}\n")
    return "".join(out)


def main() -> None:
    text = render()
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
    else:
        (ROOT / "docs" / "configuration.md").write_text(text)


if __name__ == "__main__":
    main()
