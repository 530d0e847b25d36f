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


# --- every answer is used -------------------------------------------------------------------------

# A valid answer other than the default for every prompt; the two compatibility inputs accept one
# value only and are tested for their refusal instead.
ALTERNATIVES = {
    "input_setup_cicd_and_project": "Project_Only",
    "input_project_name": "churn-model",
    "input_root_dir": "elsewhere",
    "input_python_package": "churn_pkg",
    "input_cloud": "aws",
    "input_cicd_platform": "gitlab",
    "input_databricks_staging_workspace_host": "https://staging-alt.cloud.databricks.com",
    "input_databricks_prod_workspace_host": "https://prod-alt.cloud.databricks.com",
    "input_default_branch": "develop",
    "input_release_branch": "production",
    "input_docker_image": "registry.example.com/ml/ci:1.4",
    "input_read_user_group": "ml readers",
    "input_compute": "classic",
    "input_include_feature_store": "yes",
    "input_include_model_serving": "yes",
    "input_dev_catalog_name": "sandbox",
    "input_test_catalog_name": "ci",
    "input_staging_catalog_name": "preprod",
    "input_prod_catalog_name": "production",
    "input_schema_name": "alt_schema",
    "input_manage_schema": "no",
    "input_unity_catalog_read_user_group": "ml account readers",
    "input_inference_table_name": "scored_rows",
}
ONE_VALUE_ONLY = {"input_include_models_in_unity_catalog": "no", "input_include_mlflow_recipes": "yes"}
# Answers that only apply with another one: the base configuration they are compared in.
CONTEXT = {"input_docker_image": {"input_cicd_platform": "gitlab"}}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_every_prompt_has_an_alternative_or_is_a_one_value_input():
    assert set(SCHEMA["properties"]) == set(ALTERNATIVES) | set(ONE_VALUE_ONLY)


@pytest.mark.parametrize("prop", sorted(ALTERNATIVES))
def test_every_input_changes_the_output(tmp_path, prop):
    base = CONTEXT.get(prop, {})
    default = tmp_path / "default"
    bricksmith.render(None, base, default, **FACTS)
    changed = tmp_path / "changed"
    bricksmith.render(None, {**base, prop: ALTERNATIVES[prop]}, changed, **FACTS)
    assert _tree(changed) != _tree(default), f"{prop}={ALTERNATIVES[prop]!r} changes nothing"
    if prop.endswith("_catalog_name") or prop in ("input_schema_name", "input_read_user_group",
                                                    "input_unity_catalog_read_user_group"):
        text = b"".join(_tree(changed).values())
        assert ALTERNATIVES[prop].encode() in text


@pytest.mark.parametrize("prop", sorted(ONE_VALUE_ONLY))
def test_compatibility_inputs_refuse_the_other_value_and_say_why(tmp_path, prop):
    with pytest.raises(bricksmith.InitError) as err:
        bricksmith.render(None, {prop: ONE_VALUE_ONLY[prop]}, tmp_path / "out", **FACTS)
    message = str(err.value)
    assert f"invalid value for {prop}" in message
    assert SCHEMA["properties"][prop]["pattern_match_failure_message"] in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_no_output_carries_another_projects_name(tmp_path):
    bricksmith.render(None, {"input_project_name": "churn-model"}, tmp_path, **FACTS)
    for rel, data in _tree(tmp_path).items():
        assert b"my_mlops_project" not in data and b"my-mlops-project" not in data, rel
        assert "my_mlops_project" not in rel, rel
