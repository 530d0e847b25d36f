"""Differential tests: `bricksmith init` against the Go reference renderer (tests/goref).

Each case is rendered by both, non-interactively, from the same template root and config file;
the error text, or the written files (paths, bytes, modes) and created directories, must agree.
Cases where bricksmith is deliberately stricter than the CLI are in test_init_write.py instead.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from initkit import FIXTURES, REPO, make_template, prop
from template_configs import configurations

import bricksmith

FACTS = {
    "workspace_host": "https://adb-1234.5.azuredatabricks.net",
    "user_name": "first.last@example.com",
    "default_catalog": "main",
    "bundle_uuid": "6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93",
}
NAME = {"properties": {"name": prop(default="proj")}}

# (id, schema, template files, library files, config file values or None)
CASES = [
    ("plain", NAME, {"{{.name}}/a.txt.tmpl": "{{.name}} {{bundle_uuid}}", "b.bin": b"\x00\xff{{"}, None, None),
    ("helpers", NAME, {"h.tmpl": "{{user_name}} {{short_name}} {{workspace_host}} {{default_catalog}} "
                                 "{{smallest_node_type}} {{is_service_principal}} {{lower \"ÀΣ\"}} {{upper \"ß\"}}"}, None, None),
    ("config", {"properties": {"n": prop("integer"), "f": prop("number"), "b": prop("boolean"), "s": prop()}},
     {"v.tmpl": '{{printf "%v %T|%v %T|%v %T|%v %T" .n .n .f .f .b .b .s .s}}'}, None,
     {"n": 3, "f": 2.5, "b": True, "s": "x", "ignored": []}),
    ("defaults", {"properties": {
        "a": prop(order=1, default="A"), "b": prop("number", order=2, default=1e21),
        "c": prop("integer", order=3, default=7), "d": prop(order=4, default="{{.a}}-{{.b}}-{{.c}}"),
        "e": prop(format="email", default="x")}},
     {"v.tmpl": "{{.d}}|{{.e}}"}, None, None),
    ("missing_value", {"properties": {"z": prop()}}, {}, None, None),
    ("later_default", {"properties": {"a": prop(order=1, default="{{.b}}"), "b": prop(order=2, default="x")}}, {}, None, None),
    ("pattern_final", {"properties": {"a": prop(default="BAD", pattern="^[a-z]+$")}}, {}, None, None),
    ("config_enum", {"properties": {"c": prop(enum=["a", "b"])}}, {}, None, {"c": "z"}),
    ("config_int", {"properties": {"n": prop("integer")}}, {}, None, {"n": 1.5}),
    ("config_type", {"properties": {"b": prop("boolean")}}, {}, None, {"b": "true"}),
    ("welcome", {"welcome_message": "hi {{.name}}", **NAME}, {}, None, None),
    ("schema_int", {"properties": {"n": prop("integer", default="abc")}}, {}, None, None),
    ("schema_type", {"properties": {"n": prop("int")}}, {}, None, None),
    ("schema_enum_default", {"properties": {"n": prop(default="c", enum=["a", "b"])}}, {}, None, None),
    ("schema_pattern", {"properties": {"n": prop(pattern="(?=x)")}}, {}, None, None),
    ("schema_object", {"properties": {"n": prop("object")}}, {}, None, None),
    ("schema_description", {"properties": {"n": {"type": "string"}}}, {}, None, None),
    ("schema_version", {"version": 2}, {}, None, None),
    ("schema_min_version", {"min_databricks_cli_version": "v9.0.0"}, {}, None, None),
    ("parse_error", NAME, {"a.tmpl": "x\n{{if .name}}"}, None, None),
    ("missing_key", NAME, {"a.tmpl": "{{.nope}}"}, None, None),
    ("fail", NAME, {"a.tmpl": '{{fail "no %s" .name}}'}, None, None),
    ("fail_in_path", NAME, {'{{fail "path"}}': ""}, None, None),
    ("path_error", NAME, {"{{.nope}}/a": ""}, None, None),
    ("bfs", NAME, {"a/z.tmpl": '{{fail "a/z"}}', "b.tmpl": '{{fail "b"}}'}, None, None),
    ("library", NAME, {"f.tmpl": '{{template "x"}} {{template "l.tmpl"}} {{template "y"}}'},
     {"l.tmpl": '{{define "x"}}X{{end}}L', "m.tmpl": '{{define "x"}}{{end}}{{define "y"}}Y{{end}}', ".keep": ""}, None),
    ("library_skip", NAME, {}, {"l.tmpl": '{{skip "a"}}'}, None),
    ("library_dup", NAME, {}, {"l.tmpl": '{{define "a"}}{{end}}{{define "a"}}1{{end}}'}, None),
    ("skips", NAME, {
        "0.tmpl": '{{skip "{{.name}}/gone"}}{{skip "0"}}{{skip "x/*"}}{{skip "[^k]*.md"}}{{skip "[!z].txt"}}',
        "k.md": "", "l.md": "", "z.txt": "", "!.txt": "", "x/a": "", "x/y/b": "",
        "{{.name}}/gone/f.tmpl": '{{fail "never"}}', "{{.name}}/late/a": "",
        "{{.name}}/m/s.tmpl": '{{skip "../late"}}{{skip "s"}}',
    }, None, None),
    ("skip_syntax", NAME, {"s.tmpl": '{{skip "[a"}}', "t": ""}, None, None),
    ("skipped_still_rendered", NAME, {"a.tmpl": '{{fail "a"}}', "s.tmpl": '{{skip "a"}}'}, None, None),
    ("empty_dirs", NAME, {"{{.name}}/e/": "", "{{.name}}/s/x.tmpl": '{{skip "x"}}'}, None, None),
    ("escape", NAME, {'{{".."}}/x': ""}, None, None),
    ("tmpl_tmpl", NAME, {"x.tmpl.tmpl": "{{`{{`}}", "raw.txt": "{{.name}}"}, None, None),
    ("success", {"success_message": "{{.name}} done", **NAME}, {"a": ""}, None, None),
    ("success_error", {"success_message": "{{.nope}}", **NAME}, {"a": ""}, None, None),
    ("no_template_dir", NAME, None, None, None),
    ("random_int_int64", {"properties": {"n": prop("integer", default=3)}}, {"a.tmpl": "{{random_int .n}}"}, None, None),
]


def tree_of(root):
    """Files (bytes, mode) and directories under root."""
    result = {}
    if not os.path.isdir(root):
        return result
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            result[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = None
        for f in filenames:
            path = os.path.join(dirpath, f)
            with open(path, "rb") as fh:
                result[os.path.relpath(path, root)] = (fh.read(), stat.S_IMODE(os.stat(path).st_mode))
    return result


def compare(goref, tmp_path, template_root, config_values=None, facts=FACTS, libraries=()):
    config_file = None
    if config_values is not None:
        config_file = tmp_path / "config.json"
        config_file.write_text(json.dumps(config_values))
    go_out, py_out = tmp_path / "go", tmp_path / "py"
    expected = goref.run_init(template_root, go_out, config_file=config_file, libraries=libraries, facts=facts)
    try:
        written = bricksmith.render(
            template_root, config_file, py_out, libraries=list(libraries), **facts
        )
    except bricksmith.InitError as err:
        assert expected.get("error") == str(err)
    else:
        assert "error" not in expected, expected["error"]
        assert written == sorted(expected["outputs"] or [])
    assert tree_of(py_out) == tree_of(go_out)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_against_go(goref, tmp_path, case):
    _, schema, files, library, config_values = case
    root = make_template(tmp_path / "t", schema, files=files, library=library)
    compare(goref, tmp_path, root, config_values)


# Every template root the repository holds: its own template and each fixture template.
FIXTURE_ROOTS = sorted(
    p.parent.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("databricks_template_schema.json")
)
# Every configuration the tests render the repository's template with.
REPO_CONFIGS = configurations()


def test_fixture_roots_are_found():
    assert {"skips", "template_dir/variant", "prompts"} <= set(FIXTURE_ROOTS)


@pytest.mark.parametrize("fixture", FIXTURE_ROOTS)
def test_fixtures_against_go(goref, tmp_path, fixture):
    compare(goref, tmp_path, FIXTURES / fixture)


@pytest.mark.parametrize("name", REPO_CONFIGS)
def test_repository_template_against_go(goref, tmp_path, name):
    compare(goref, tmp_path, REPO, REPO_CONFIGS[name])


def test_library_option_against_go(goref, tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "agents.tmpl").write_text('{{define "agents_md"}}# Agents{{end}}{{define "who"}}extra{{end}}')
    root = make_template(tmp_path / "t", NAME, files={"AGENTS.md.tmpl": '{{template "agents_md"}} {{template "who"}}'},
                         library={"who.tmpl": '{{define "who"}}template{{end}}'})
    compare(goref, tmp_path, root, libraries=[extra])


@pytest.mark.parametrize(
    "warehouses",
    [
        [{"id": "w1", "name": "b", "state": "STOPPED"}, {"id": "w2", "name": "Z", "state": "RUNNING"},
         {"id": "w3", "name": "a", "state": "DELETED"}],
        [{"id": "w1", "name": "b", "state": "STOPPED"}, {"id": "w2", "name": "A", "state": "STOPPED"}],
        [{"id": "w3", "name": "a", "state": "DELETING"}],
    ],
)
def test_warehouse_path_against_go(goref, tmp_path, warehouses):
    schema = {"properties": {"wh": prop(format="warehouse_path", default="ignored")}}
    root = make_template(tmp_path / "t", schema, files={"a.tmpl": "{{.wh}}"})
    compare(goref, tmp_path, root, facts={**FACTS, "warehouses": warehouses})


def test_unconfigured_workspace_against_go(goref, tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{workspace_host}}"})
    compare(goref, tmp_path, root, facts={**FACTS, "workspace_host": ""})


@pytest.mark.parametrize(
    "user_name",
    [
        "(6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93)",  # 38 bytes: the brackets are not checked
        "URN:UUID:6F3C2A8E-1B7D-4C55-9E0A-2D4F8B6A1C93",
        "6f3c2a8e1b7d4c559e0a2d4f8b6a1c93",
        "é6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93é",  # 38 characters, 40 bytes: not a UUID
        "ü.ser@example.com",
    ],
)
def test_service_principal_against_go(goref, tmp_path, user_name):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{is_service_principal}} {{short_name}}"})
    compare(goref, tmp_path, root, facts={**FACTS, "user_name": user_name, "display_name": "Deploy Bot"})
