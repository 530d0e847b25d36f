"""Hostile prompt values: every free-text input is either refused with the schema's message or
rendered into a project that is safe (inside the output directory) and passes `bricksmith check`.

mlops-stacks accepted 28 of 150 such values and 26 of those produced broken or unsafe output;
this is the guard against repeating that, run over every free-text property of the schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bricksmith
from checkkit import check
from template_configs import FACTS

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "databricks_template_schema.json").read_text())
FREE_TEXT = sorted(name for name, prop in SCHEMA["properties"].items() if prop["type"] == "string" and "enum" not in prop)

HOSTILE = [
    "../escape", "/etc/passwd", "a/b", "..", ".", ".hidden", "", " ", " lead", "trail ", "a b",
    "a: b", "a #b", "'single'", '"double"', "$(touch /tmp/pwned)", "`id`", "${var.x}", "{{.project_name}}",
    "a\nb", "a\tb", "null", "true", "false", "yes", "no", "~", "1e3", "0x1F", "3.10", "007", "-rf",
    "--help", "*", "!tag", "&anchor", "[list]", "{map}", "x" * 300, "ünïcödé", "CON", "a;b", "a|b",
    "a&&b", "\\backslash", "%s", "name-ok", "Name_OK_2",
]


@pytest.mark.parametrize("prop", FREE_TEXT)
@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v)[:24] for v in HOSTILE])
def test_hostile_value_is_refused_or_safe(tmp_path, prop, value):
    out = tmp_path / "out"
    try:
        written = bricksmith.render(None, {prop: value}, out, **FACTS)
    except bricksmith.InitError as err:
        assert f"invalid value for {prop}" in str(err), str(err)
        assert not out.exists() or not any(out.iterdir()), "nothing may be written on failure"
        return
    root = out.resolve()
    for rel in written:
        assert (out / rel).resolve().is_relative_to(root), rel
    report = check(out)
    assert [p.text() for p in report.problems] == []
    # The value reaches the bundle as the very string that was given (no YAML re-typing).
    if prop == "project_name":
        import yaml

        (bundle_file,) = [out / rel for rel in written if rel.endswith("databricks.yml")]
        assert yaml.safe_load(bundle_file.read_text())["bundle"]["name"] == value


def test_every_free_text_property_has_a_pattern():
    for name in FREE_TEXT:
        assert SCHEMA["properties"][name].get("pattern", "").startswith("^"), name
        assert SCHEMA["properties"][name]["pattern"].endswith("$"), name
