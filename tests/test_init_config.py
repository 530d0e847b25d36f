"""Golden tests: config file (§4.2), defaults (§4.3), validation (§4.6) and messages (§4.7)."""

from __future__ import annotations

import json

import pytest

from initkit import init, init_error, make_template, prop, render, render_error


def write_config(tmp_path, values, name="in.json"):
    path = tmp_path / name
    path.write_text(values if isinstance(values, str) else json.dumps(values))
    return path


def config_error(tmp_path, properties, values, **schema_fields):
    root = make_template(tmp_path / "t", {"properties": properties, **schema_fields}, files={})
    write_config(tmp_path, values)
    return init_error(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path)


PREFIX = "failed to load config from file in.json: "


# --- the config file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, message",
    [
        ("[1]", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
        ('"x"', "json: cannot unmarshal string into Go value of type map[string]interface {}"),
        ('{"a": 1,}', "invalid character '}' looking for beginning of object key string"),
        ('{"a": 1e400}', "json: cannot unmarshal number 1e400 into Go value of type float64"),
    ],
)
def test_config_file_must_be_a_json_object(tmp_path, values, message):
    assert config_error(tmp_path, {"a": prop("number")}, values) == PREFIX + message


def test_missing_config_file(tmp_path):
    root = make_template(tmp_path / "t", {}, files={})
    assert init_error(str(root), "--config-file", "nope.json", cwd=tmp_path) == (
        "failed to load config from file nope.json: open nope.json: no such file or directory"
    )


@pytest.mark.parametrize(
    "properties, values, message",
    [
        ({"n": prop("integer")}, {"n": 1.5}, "failed to parse property n: expected integer value, got: 1.5"),
        ({"n": prop("integer")}, {"n": "5"}, 'failed to parse property n: cannot convert "5" to an integer'),
        ({"n": prop("integer")}, {"n": None}, "failed to parse property n: cannot convert <nil> to an integer"),
        ({"b": prop("boolean")}, {"b": "true"}, 'incorrect type for property b: expected type boolean, but value is "true"'),
        ({"s": prop()}, {"s": 5}, "incorrect type for property s: expected type string, but value is 5"),
        ({"s": prop()}, {"s": None}, "incorrect type for property s: expected type string, but value is <nil>"),
        ({"s": prop()}, {"s": ["a"]}, 'incorrect type for property s: expected type string, but value is []interface {}{"a"}'),
        ({"f": prop("number")}, {"f": None}, "incorrect type for property f: expected type float, but value is <nil>"),
        (
            {"c": prop(enum=["a", "b"])},
            {"c": "d"},
            "expected value of property c to be one of [a b]. Found: d",
        ),
        (
            {"c": prop(pattern="^(\\w[\\w-]*)?$", pattern_match_failure_message="Invalid catalog name.")},
            {"c": "-bad"},
            'invalid value for c: "-bad". Invalid catalog name.',
        ),
        (
            {"c": prop(pattern="^[a-z]+$")},
            {"c": "X"},
            'invalid value for c: "X". Expected to match regex pattern: ^[a-z]+$',
        ),
        ({"c": prop(const="fixed")}, {"c": "other"}, "expected value of property c to be fixed. Found: other"),
    ],
)
def test_config_file_validation(tmp_path, properties, values, message):
    assert config_error(tmp_path, properties, values) == PREFIX + message


def test_enum_is_checked_before_type(tmp_path):
    properties = {"a": prop(enum=["x"]), "b": prop("boolean")}
    assert config_error(tmp_path, properties, {"a": "y", "b": "no"}) == (
        PREFIX + "expected value of property a to be one of [x]. Found: y"
    )


def test_pattern_failure_message_is_used_literally(tmp_path):
    properties = {"c": prop(pattern="^a$", pattern_match_failure_message="{{.nope}} is wrong")}
    assert config_error(tmp_path, properties, {"c": "b"}) == PREFIX + 'invalid value for c: "b". {{.nope}} is wrong'


def test_number_accepts_integral_json_numbers(tmp_path):
    root = make_template(tmp_path / "t", {"properties": {"f": prop("number")}}, files={"f.tmpl": '{{.f}} {{printf "%T" .f}}'})
    write_config(tmp_path, {"f": 5})
    assert init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path).code == 0
    assert (tmp_path / "out" / "f").read_text() == "5 float64"


def test_unknown_config_keys_are_ignored(tmp_path):
    root = make_template(tmp_path / "t", {"properties": {"a": prop()}}, files={"f.tmpl": "{{.a}}"})
    write_config(tmp_path, {"a": "x", "stray": [1, {"b": None}]})
    assert init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path).code == 0
    assert (tmp_path / "out" / "f").read_text() == "x"


# The CLI ignores unknown keys without a word; bricksmith ignores them too (same stdout, files and
# exit status) but warns on stderr, naming the closest property when there is one.
WARN_SCHEMA = {
    "properties": {"project_name": prop(default="p"), "cloud": prop(default="aws"), "n": prop("integer", default=1)},
    "welcome_message": "welcome",
}


def _warnings(stderr):
    return [line for line in stderr.splitlines() if line.startswith("Warning: ")]


def test_unknown_config_keys_warn_on_stderr(tmp_path):
    root = make_template(tmp_path / "t", WARN_SCHEMA, files={"f.tmpl": "{{.project_name}} {{.cloud}}"})
    write_config(tmp_path, '{"project_nam": "x", "cloud": "gcp", "zzz": 1, "Cloud": true, "tag\\n": 2}')
    result = init(str(root), "--config-file", "in.json", "--output-dir", "out", "-o", "json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == '{\n  "outputs": [\n    "f"\n  ]\n}\n'  # as without the stray keys
    assert (tmp_path / "out" / "f").read_text() == "p gcp"
    assert result.stderr.splitlines() == [
        'Warning: config file key "project_nam" is not a property of this template (did you mean "project_name"?); '
        "it is ignored",
        'Warning: config file key "zzz" is not a property of this template; it is ignored',
        'Warning: config file key "Cloud" is not a property of this template (did you mean "cloud"?); it is ignored',
        'Warning: config file key "tag\\n" is not a property of this template; it is ignored',
        "welcome",
        "✨ Successfully initialized template",
    ]


def test_no_warning_for_declared_keys(tmp_path):
    root = make_template(tmp_path / "t", WARN_SCHEMA, files={})
    write_config(tmp_path, {"project_name": "x", "n": 2})
    result = init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path)
    assert result.code == 0 and _warnings(result.stderr) == []


def test_unknown_key_warnings_come_before_a_config_error(tmp_path):
    root = make_template(tmp_path / "t", WARN_SCHEMA, files={})
    write_config(tmp_path, {"projectname": "x", "n": "two"})
    result = init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path)
    assert result.code == 1 and not (tmp_path / "out").exists()
    assert result.stderr.splitlines() == [
        'Warning: config file key "projectname" is not a property of this template (did you mean "project_name"?); '
        "it is ignored",
        'Error: failed to load config from file in.json: failed to parse property n: cannot convert "two" to an integer',
    ]


def test_the_python_api_does_not_warn(tmp_path, capsys):
    root = make_template(tmp_path / "t", WARN_SCHEMA, files={})
    render(root, write_config(tmp_path, {"project_nam": "x"}))
    render(root, {"project_nam": "x"}, tmp_path / "out2")
    assert capsys.readouterr() == ("", "")


def test_top_level_required_applies_to_the_file_alone(tmp_path):
    properties = {"a": prop(), "b": prop(default="x")}
    assert config_error(tmp_path, properties, {"a": "1"}, required=["b"]) == (
        PREFIX + "no value provided for required property b"
    )


def test_top_level_any_of(tmp_path):
    properties = {"a": prop(), "b": prop()}
    any_of = [{"required": ["a"]}, {"required": ["b"]}]
    assert config_error(tmp_path, properties, {}, anyOf=any_of) == (
        PREFIX + "instance does not match any of the schemas in anyOf"
    )
    assert config_error(tmp_path, properties, {}, anyOf=[]) == PREFIX + "anyOf must contain at least one schema"


def test_config_values_are_literal_and_never_overwritten(tmp_path):
    schema = {"properties": {"a": prop(default="default"), "b": prop(default="{{.a}}!")}}
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "{{.a}}|{{.b}}"})
    write_config(tmp_path, {"a": "{{.b}}"})
    assert init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path).code == 0
    # the file value is not rendered; b's default renders a's (literal) value as text
    assert (tmp_path / "out" / "f").read_text() == "{{.b}}|{{.b}}!"


# --- defaults (§4.3) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "property_, expected",
    [
        (prop("number", default=1e21), "1e+21 float64"),  # stringified without exponent, parsed back
        (prop("number", default=0.1), "0.1 float64"),
        (prop("integer", default=42), "42 int64"),
        (prop("boolean", default=False), "false bool"),
        (prop("string", default="{{print 1 2}}"), "1 2 string"),
    ],
)
def test_defaults_are_stringified_rendered_and_parsed(tmp_path, property_, expected):
    root = make_template(tmp_path / "t", {"properties": {"v": property_}}, files={"f.tmpl": '{{.v}} {{printf "%T" .v}}'})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == expected


def test_rendered_default_is_parsed_by_type(tmp_path):
    # a string default renders, and a boolean/integer property is parsed from the rendered text
    schema = {
        "properties": {
            "flag": prop("boolean", default=True, order=1),
            "count": prop("integer", default=7, order=2),
            "label": prop(default="{{if .flag}}on{{else}}off{{end}}-{{.count}}", order=3),
        }
    }
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "{{.label}}"})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "on-7"


def test_default_rendering_error_aborts(tmp_path):
    schema = {"properties": {"a": prop(default="{{fail \"no default for you\"}}")}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        'template: :1:2: executing "" at <fail "no default for you">: error calling fail: no default for you'
    )


def test_default_parse_error_embeds_the_text(tmp_path):
    schema = {"properties": {"a": prop(default="{{if}}")}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        "error in {{if}}: template: :1: missing value for if"
    )


def test_skip_is_not_defined_in_defaults(tmp_path):
    schema = {"properties": {"a": prop(default='{{skip "x"}}')}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        'error in {{skip "x"}}: template: :1: function "skip" not defined'
    )


def test_unknown_format_forces_an_empty_string(tmp_path):
    schema = {"properties": {"e": prop(format="email", default="someone@example.com")}}
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "[{{.e}}]"})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "[]"


def test_unknown_format_on_a_non_string_fails_final_validation(tmp_path):
    schema = {"properties": {"n": prop("integer", format="uri", default=1)}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        'validation for template input parameters failed. incorrect type for property n: '
        'expected type integer, but value is ""'
    )


def test_skip_prompt_if_is_ignored_without_a_terminal(tmp_path):
    schema = {
        "properties": {
            "a": prop(default="x", skip_prompt_if={"properties": {"b": {"const": "never"}}, "required": ["b"]}),
        }
    }
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "{{.a}}"})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "x"


def test_missing_value_fails_final_validation(tmp_path):
    schema = {"properties": {"artifacts_dest_path": prop()}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        "validation for template input parameters failed. no value provided for required property artifacts_dest_path"
    )


def test_python_config_dict(tmp_path):
    schema = {"properties": {"n": prop("integer"), "f": prop("number"), "s": prop()}}
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": '{{printf "%T %T %T" .n .f .s}} {{.n}} {{.f}}'})
    render(root, {"n": 2**62 + 1, "f": 3, "s": "x"})
    assert (tmp_path / "out" / "f").read_text() == f"int64 float64 string {2**62 + 1} 3"


def test_python_config_dict_errors(tmp_path):
    root = make_template(tmp_path / "t", {"properties": {"s": prop()}}, files={})
    assert render_error(root, {"s": 5}) == (
        "failed to load config: incorrect type for property s: expected type string, but value is 5"
    )


# --- welcome and success messages (§4.7) ---------------------------------------------------------


def test_welcome_message_sees_config_file_values_but_no_defaults(tmp_path):
    schema = {
        "welcome_message": "Hello {{.name}}",
        "properties": {"name": prop(default="dflt"), "other": prop(default="o")},
    }
    root = make_template(tmp_path / "t", schema, files={})
    assert init_error(str(root), "--output-dir", "out", cwd=tmp_path) == 'variable "name" not defined'
    write_config(tmp_path, {"name": "Ada"})
    result = init(str(root), "--config-file", "in.json", "--output-dir", "out", cwd=tmp_path)
    assert result.code == 0
    assert result.stderr.startswith("Hello Ada\n")
    assert result.stdout == ""


def test_welcome_message_errors_come_before_defaults(tmp_path):
    schema = {"welcome_message": "{{fail \"welcome\"}}", "properties": {"a": prop(default="{{fail \"default\"}}")}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == (
        'template: :1:2: executing "" at <fail "welcome">: error calling fail: welcome'
    )


def test_default_success_message(tmp_path):
    root = make_template(tmp_path / "t", {}, files={"a": "x"})
    result = init(str(root), "--output-dir", "out", cwd=tmp_path)
    assert result.stderr == "✨ Successfully initialized template\n"


def test_custom_success_message_uses_final_values(tmp_path):
    schema = {"success_message": "made {{.a}}", "properties": {"a": prop(default="thing")}}
    root = make_template(tmp_path / "t", schema, files={"a": "x"})
    assert init(str(root), "--output-dir", "out", cwd=tmp_path).stderr == "made thing\n"


def test_success_message_error_comes_after_the_files_are_written(tmp_path):
    schema = {"success_message": "{{.missing}}"}
    root = make_template(tmp_path / "t", schema, files={"a": "x"})
    assert init_error(str(root), "--output-dir", "out", cwd=tmp_path) == 'variable "missing" not defined'
    assert (tmp_path / "out" / "a").read_text() == "x"
