"""Golden tests: the template schema — loading, static validation (§3) and property order (§4.1)."""

from __future__ import annotations

import pytest

from initkit import make_template, prop, render, render_error


def schema_error(tmp_path, schema) -> str:
    return render_error(make_template(tmp_path / "t", schema, files={}))


# --- reading and decoding ------------------------------------------------------------------------


def test_missing_schema_file(tmp_path):
    root = make_template(tmp_path / "t", None, files={})
    assert render_error(root) == (
        "not a bundle template: expected to find a template schema file at databricks_template_schema.json"
    )


def test_missing_template_path_is_not_a_bundle_template(tmp_path):
    assert render_error(tmp_path / "does-not-exist") == (
        "not a bundle template: expected to find a template schema file at databricks_template_schema.json"
    )


def test_template_path_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    assert render_error(tmp_path / "f") == (
        "failed to load schema: open databricks_template_schema.json: not a directory"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"properties": {', "unexpected end of JSON input"),
        ('{"properties": {}},', "invalid character ',' after top-level value"),
        ('{"a" 1}', "invalid character '1' after object key"),
        ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string"),
        ('{"a": tru}', "invalid character '}' in literal true (expecting 'e')"),
        ('{"a": -}', "invalid character '}' in numeric literal"),
        ('{"a": NaN}', "invalid character 'N' looking for beginning of value"),
        ('{"a": "\\x"}', "invalid character 'x' in string escape code"),
        ("", "unexpected end of JSON input"),
    ],
)
def test_malformed_json(tmp_path, text, message):
    assert schema_error(tmp_path, text) == f"failed to load schema: {message}"


def test_json_with_a_byte_order_mark(tmp_path):
    root = make_template(tmp_path / "t", None, files={})
    (root / "databricks_template_schema.json").write_bytes(b"\xef\xbb\xbf{}")
    assert render_error(root) == "failed to load schema: invalid character 'ï' looking for beginning of value"


@pytest.mark.parametrize(
    "schema, message",
    [
        (
            {"properties": {"a": prop(order=1.5)}},
            "json: cannot unmarshal number 1.5 into Go struct field Schema.properties.Extension.order of type int",
        ),
        (
            {"properties": {"a": prop(order="1")}},
            "json: cannot unmarshal string into Go struct field Schema.properties.Extension.order of type int",
        ),
        (
            {"properties": {"a": {"type": 1, "description": "d"}}},
            "json: cannot unmarshal number into Go struct field Schema.properties.type of type jsonschema.Type",
        ),
        ({"properties": []}, "json: cannot unmarshal array into Go struct field Schema.properties of type map[string]*jsonschema.Schema"),
        ({"properties": {"a": "x"}}, "json: cannot unmarshal string into Go struct field Schema.properties of type jsonschema.Schema"),
        ({"version": "1"}, "json: cannot unmarshal string into Go struct field Schema.Extension.version of type int"),
        ({"welcome_message": 5}, "json: cannot unmarshal number into Go struct field Schema.Extension.welcome_message of type string"),
        ({"required": "a"}, "json: cannot unmarshal string into Go struct field Schema.required of type []string"),
        ({"required": [1]}, "json: cannot unmarshal number into Go struct field Schema.required of type string"),
        ({"anyOf": {}}, "json: cannot unmarshal object into Go struct field Schema.anyOf of type []jsonschema.Schema"),
        (
            {"properties": {"a": prop(skip_prompt_if={"properties": {"b": {"type": True}}}, default="x")}},
            "json: cannot unmarshal bool into Go struct field "
            "Schema.properties.Extension.skip_prompt_if.properties.type of type jsonschema.Type",
        ),
        ([], "json: cannot unmarshal array into Go value of type jsonschema.Schema"),
        (
            '{"properties": {"a": {"type": "number", "description": "d", "default": 1e400}}}',
            "json: cannot unmarshal number 1e400 into Go struct field Schema.properties.default of type float64",
        ),
    ],
)
def test_fields_of_the_wrong_json_type(tmp_path, schema, message):
    assert schema_error(tmp_path, schema) == f"failed to load schema: {message}"


def test_syntax_errors_win_over_type_errors(tmp_path):
    assert schema_error(tmp_path, '{"version": "x", }') == (
        "failed to load schema: invalid character '}' looking for beginning of object key string"
    )


def test_keys_match_fields_case_insensitively_and_unknown_keys_are_ignored(tmp_path):
    root = make_template(
        tmp_path / "t",
        {
            "//": "a comment",
            "Properties": {"name": {"TYPE": "string", "Description": "d", "DEFAULT": "x{{1}}"}},
            "Success_Message": "done",
        },
        files={"{{.name}}.txt.tmpl": "{{.name}}"},
    )
    assert render(root) == ["x1.txt"]
    assert (tmp_path / "out" / "x1.txt").read_text() == "x1"


def test_duplicate_keys_last_wins(tmp_path):
    text = (
        '{"properties": {"a": {"type": "string", "description": "d", "default": "first", "default": "second"}}}'
    )
    root = make_template(tmp_path / "t", text, files={"f.tmpl": "{{.a}}"})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "second"


# --- integer conversion ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"default": 1.1}, "failed to parse default value for property n: expected integer value, got: 1.1"),
        ({"default": "abc"}, 'failed to parse default value for property n: cannot convert "abc" to an integer'),
        ({"default": 1e19}, "failed to parse default value for property n: expected integer value, got: 1e+19"),
        ({"const": True}, "failed to parse const value for property n: cannot convert true to an integer"),
        ({"enum": [1, 2.5]}, "failed to parse enum value 2.5 at index 1 for property n: expected integer value, got: 2.5"),
    ],
)
def test_integer_properties_are_converted_first(tmp_path, fields, message):
    schema = {"properties": {"n": prop("integer", **fields)}}
    assert schema_error(tmp_path, schema) == f"failed to load schema: {message}"


def test_integral_floats_are_fine_for_integer_properties(tmp_path):
    root = make_template(
        tmp_path / "t", {"properties": {"n": prop("integer", default=3.0, enum=[1, 3])}}, files={"f.tmpl": "{{.n}} {{printf \"%T\" .n}}"}
    )
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "3 int64"


# --- the eight static checks, in order -------------------------------------------------------------


@pytest.mark.parametrize(
    "type_, message",
    [
        ("int", 'type int is not a recognized json schema type. Please use "integer" instead'),
        ("int64", 'type int64 is not a recognized json schema type. Please use "integer" instead'),
        ("float32", 'type float32 is not a recognized json schema type. Please use "number" instead'),
        ("bool", 'type bool is not a recognized json schema type. Please use "boolean" instead'),
        ("str", "type str is not a recognized json schema type"),
        ("", "type  is not a recognized json schema type"),
    ],
)
def test_unknown_types(tmp_path, type_, message):
    assert schema_error(tmp_path, {"properties": {"a": prop(type_)}}) == f"failed to load schema: {message}"


def test_missing_type_has_a_double_space(tmp_path):
    schema = {"properties": {"a": {"description": "d"}}}
    assert schema_error(tmp_path, schema) == "failed to load schema: type  is not a recognized json schema type"


@pytest.mark.parametrize(
    "property_, message",
    [
        (prop(default=123), "type validation for default value of property a failed: expected type string, but value is 123"),
        (prop("boolean", default="true"), 'type validation for default value of property a failed: expected type boolean, but value is "true"'),
        (prop("number", default="1.5"), 'type validation for default value of property a failed: expected type float, but value is "1.5"'),
        (prop(enum=["x", 2]), "type validation for enum at index 1 failed for property a: expected type string, but value is 2"),
        (prop(const=False), "type validation for const value of property a failed: expected type string, but value is false"),
        (prop(default="c", enum=["a", "b"]), "list of enum values for property a does not contain default value c: [a b]"),
        (prop("integer", default=3, enum=[1, 2]), "list of enum values for property a does not contain default value 3: [1 2]"),
        (
            prop("integer", pattern="^1$"),
            'property "a" has a non-empty regex pattern "^1$" specified. Patterns are only supported for string properties',
        ),
        (
            prop(pattern="(?=x)"),
            'invalid regex pattern "(?=x)" provided for property "a": error parsing regexp: '
            "invalid or unsupported Perl syntax: `(?=`",
        ),
        (
            prop(pattern="^[a-z]+$", enum=["ok", "Not"]),
            'enum value "Not" at index 1 for property "a" does not match specified regex pattern: "^[a-z]+$"',
        ),
        (prop(skip_prompt_if={}), 'property "a" has a skip_prompt_if clause but no default value'),
    ],
)
def test_static_checks(tmp_path, property_, message):
    assert schema_error(tmp_path, {"properties": {"a": property_}}) == f"failed to load schema: {message}"


def test_default_is_not_checked_against_the_pattern_at_load_time(tmp_path):
    root = make_template(tmp_path / "t", {"properties": {"a": prop(default="BAD", pattern="^[a-z]+$")}}, files={})
    assert render_error(root) == (
        'validation for template input parameters failed. invalid value for a: "BAD". '
        "Expected to match regex pattern: ^[a-z]+$"
    )


def test_checks_run_in_order_across_properties(tmp_path):
    # a default type error (check 2) is reported before an enum type error (check 3) of an earlier property
    schema = {"properties": {"a": prop(enum=[1]), "b": prop(default=1)}}
    assert schema_error(tmp_path, schema) == (
        "failed to load schema: type validation for default value of property b failed: "
        "expected type string, but value is 1"
    )


@pytest.mark.parametrize(
    "version, message",
    [
        ("1.0.5", 'invalid minimum CLI version "1.0.5" specified. Please specify the version in the format v0.0.0'),
        ("v1.2-beta", 'invalid minimum CLI version "v1.2-beta" specified. Please specify the version in the format v0.0.0'),
        ("v9.0.0", 'minimum CLI version "v9.0.0" is greater than current CLI version "v1.13.0". Please upgrade your current Databricks CLI'),
        ("v1.13.1-rc.1", 'minimum CLI version "v1.13.1-rc.1" is greater than current CLI version "v1.13.0". Please upgrade your current Databricks CLI'),
    ],
)
def test_min_cli_version_errors(tmp_path, version, message):
    assert schema_error(tmp_path, {"min_databricks_cli_version": version}) == f"failed to load schema: {message}"


@pytest.mark.parametrize("version", ["v0.236.0", "v1", "v1.13", "v1.13.0", "v1.13.0-rc.1", "v1.13.0+build.5"])
def test_min_cli_version_accepted(tmp_path, version):
    root = make_template(tmp_path / "t", {"min_databricks_cli_version": version}, files={})
    assert render(root) == []


# --- checks of the template layer (not prefixed) ---------------------------------------------------


@pytest.mark.parametrize(
    "schema, message",
    [
        ({"properties": {"a": prop("object")}}, "property type object is not supported by bundle templates"),
        ({"properties": {"a": prop("array")}}, "property type array is not supported by bundle templates"),
        (
            {"version": 2},
            "template schema version 2 is not supported by this version of the CLI. Please upgrade your CLI to the latest version",
        ),
        ({"properties": {"a": {"type": "string"}}}, "template property a is missing a description"),
        ({"properties": {"a": prop(description="")}}, "template property a is missing a description"),
    ],
)
def test_template_layer_checks(tmp_path, schema, message):
    assert schema_error(tmp_path, schema) == message


@pytest.mark.parametrize("version", [None, 0, 1, -3])
def test_accepted_schema_versions(tmp_path, version):
    schema = {} if version is None else {"version": version}
    assert render(make_template(tmp_path / "t", schema, files={})) == []


def test_empty_schema_is_valid(tmp_path):
    assert render(make_template(tmp_path / "t", "{}", files={})) == []


# --- property order (§4.1) --------------------------------------------------------------------------


def test_property_order_drives_defaults(tmp_path):
    # properties with an order come first (ascending, negatives fine), ties and the rest by name;
    # a default can use every property before it
    schema = {
        "properties": {
            "z_last": prop(default="{{.b_second}}+z"),
            "b_second": prop(order=5, default="{{.a_first}}+b"),
            "c_tie": prop(order=5, default="{{.b_second}}+c"),
            "a_first": prop(order=-2, default="a"),
            "y_unordered": prop(default="{{.c_tie}}+y"),
        }
    }
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "{{.z_last}} {{.y_unordered}}"})
    render(root)
    assert (tmp_path / "out" / "f").read_text() == "a+b+z a+b+c+y"


def test_default_cannot_use_a_later_property(tmp_path):
    schema = {"properties": {"a": prop(order=1, default="{{.b}}"), "b": prop(order=2, default="x")}}
    assert render_error(make_template(tmp_path / "t", schema, files={})) == 'variable "b" not defined'


def test_ordered_properties_api():
    from bricksmith.initcmd.schema import Schema

    schema = Schema()
    props = {}
    for name, order in [("b", None), ("a", None), ("x", 2), ("y", 1), ("w", 1)]:
        p = Schema()
        p.order = order
        props[name] = p
    schema.properties = props
    assert [n for n, _ in schema.ordered_properties()] == ["w", "y", "x", "a", "b"]
