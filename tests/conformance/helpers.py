"""The CLI's helper functions: lower/upper, pair/map, fail, random_int/uuid (only through len or
errors), argument typing, workspace facts, skip while walking, and sprig names that don't exist."""

from ._data import DATA
from . import DEFAULT_FACTS

D = DATA


def facts(**overrides):
    return {"facts": dict(DEFAULT_FACTS, **overrides)}


CASE_MAPPING = [
    ("lower_ascii", '{{lower "HeLLo"}}', D),
    ("upper_ascii", '{{upper "HeLLo"}}', D),
    ("upper_sharp_s", '{{upper "straße"}}', D),
    ("lower_final_sigma", '{{lower "ΑΣ ΣΑΣ"}}', D),
    ("lower_dotted_capital_i", '{{lower "İ"}}', D),
    ("upper_dotless_i", '{{upper "ı"}}', D),
    ("upper_ligature", '{{upper "ﬁ ﬀ"}}', D),
    ("upper_long_s", '{{upper "ſ"}}', D),
    ("lower_kelvin_ohm", '{{lower "KΩ"}}', D),
    ("upper_n_apostrophe", '{{upper "ŉ ǰ"}}', D),
    ("lower_titlecase_digraph", '{{lower "ǅ"}} {{upper "ǅ"}}', D),
    ("upper_greek_with_tonos", '{{upper "άέ"}}', D),
    ("lower_cyrillic", '{{lower "ПРИВЕТ"}}', D),
    ("upper_invalid_utf8", "{{upper .bad}}", D),
    ("lower_invalid_utf8_mixed", '{{lower (printf "A%sB" .bad)}}', D),
    ("upper_empty", "[{{upper .e}}]", D),
    ("lower_int_literal", "{{lower 5}}", D),
    ("lower_int64", "{{lower .n}}", D),
    ("lower_nil", "{{lower .none}}", D),
    ("lower_bool_literal", "{{lower true}}", D),
    ("lower_list", "{{lower .l}}", D),
    ("lower_pipeline", '{{"ABC" | lower}}', D),
    ("lower_print_int64", "{{lower (print .n)}}", D),
]

PAIRS = [
    ("map_of_pairs", '{{map (pair "a" 1) (pair "b" "x")}}', D),
    ("map_field", '{{(map (pair "a" 1)).a}}', D),
    ("map_empty", "{{map}} {{len (map)}}", D),
    ("map_empty_missing_key", "{{(map).x}}", D),
    ("map_duplicate_key_later_wins", '{{map (pair "a" 1) (pair "a" 2)}}', D),
    ("map_string_literal_arg", '{{map "a"}}', D),
    ("map_string_value_arg", "{{map .s}}", D),
    ("map_nil_arg", "{{map .none}}", D),
    ("map_type", '{{printf "%T" (map)}}', D),
    ("map_index", '{{index (map (pair "a" 1)) "a"}}', D),
    ("map_range", '{{range $k, $v := map (pair "b" 2) (pair "a" 1)}}{{$k}}{{$v}}{{end}}', D),
    ("map_holds_list", '{{(map (pair "l" .l)).l}}', D),
    ("map_to_template", '{{define "t"}}{{.foo}}/{{.bar}}{{end}}{{template "t" (map (pair "foo" 1) (pair "bar" .s))}}', D),
    ("pair_print", '{{pair "a" 1}}', D),
    ("pair_unexported_field", '{{(pair "a" 1).k}}', D),
    ("pair_one_arg", '{{pair "a"}}', D),
    ("pair_int_key", "{{pair 1 2}}", D),
    ("pair_int64_key", "{{pair .n 2}}", D),
    ("pair_nil_value", '{{pair "a" .none}}', D),
    ("pair_printf_v", '{{printf "%v" (pair "a" .l)}}', D),
    ("pair_type", '{{printf "%T" (pair "a" 1)}}', D),
    ("map_of_map", '{{(map (pair "in" (map (pair "x" 1)))).in.x}}', D),
    ("map_missing_nested", '{{(map (pair "in" (map))).in.x}}', D),
]

FAIL = [
    ("fail_plain", '{{fail "boom"}}', D),
    ("fail_format", '{{fail "x=%d s=%s" .n .s}}', D),
    ("fail_missing_arg", '{{fail "%s"}}', D),
    ("fail_extra_arg", '{{fail "a" "b"}}', D),
    ("fail_no_args", "{{fail}}", D),
    ("fail_int_literal", "{{fail 1}}", D),
    ("fail_int64_format", "{{fail .n}}", D),
    ("fail_not_reached", '{{if false}}{{fail "x"}}{{end}}ok', D),
    ("fail_list_format", '{{fail "%v" .l}}', D),
    ("fail_after_output", 'some text {{fail "stop"}} more', D),
    ("fail_percent_in_message", '{{fail "100%"}}', D),
    ("fail_in_define", '{{define "d"}}\n{{fail "from define"}}{{end}}{{template "d"}}', D),
    ("fail_message_with_map_key_text", '{{fail "map has no entry for key \\"q\\""}}', D),
]

RANDOM = [
    ("random_int_len", "{{len (print (random_int 10))}}", D),
    ("random_int_bound", "{{lt (random_int 10) 10}} {{ge (random_int 10) 0}}", D),
    ("random_int_one", "{{random_int 1}}", D),
    ("random_int_zero", "{{random_int 0}}", D),
    ("random_int_negative", "{{random_int -1}}", D),
    ("random_int_int64", "{{random_int .n}}", D),
    ("random_int_string", '{{random_int "a"}}', D),
    ("random_int_float_literal", "{{random_int 1.0}}", D),
    ("random_int_type", '{{printf "%T" (random_int 5)}}', D),
    ("random_int_len_result", "{{random_int (len .l) | printf \"%T\"}}", D),
    ("random_int_no_args", "{{random_int}}", D),
    ("uuid_length", "{{len uuid}}", D),
    ("uuid_type", '{{printf "%T" uuid}}', D),
    ("uuid_shape", '{{(regexp "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").MatchString uuid}}', D),
    ("uuid_fresh_each_call", "{{ne uuid uuid}}", D),
    ("uuid_with_arg", "{{uuid 1}}", D),
    ("bundle_uuid_fixed", "{{bundle_uuid}} {{eq bundle_uuid bundle_uuid}}", D),
    ("path_separator", "{{path_separator}}", D),
]

WORKSPACE = [
    ("workspace_host_default", "{{workspace_host}}", D),
    ("workspace_host_no_scheme", "{{workspace_host}}", D, facts(workspace_host="adb-1.11.azuredatabricks.net")),
    ("workspace_host_path_dropped", "{{workspace_host}}", D, facts(workspace_host="https://x.cloud.databricks.com/a/b?o=1#f")),
    ("workspace_host_port_kept", "{{workspace_host}}", D, facts(workspace_host="http://localhost:8080/")),
    ("workspace_host_empty", "{{workspace_host}}", D, facts(workspace_host="")),
    ("workspace_host_bad", "{{workspace_host}}", D, facts(workspace_host="https://a b")),
    ("node_type_azure", "{{smallest_node_type}}", D),
    ("node_type_azure_cn", "{{smallest_node_type}}", D, facts(workspace_host="https://x.databricks.azure.cn")),
    ("node_type_gcp", "{{smallest_node_type}}", D, facts(workspace_host="https://1.2.gcp.databricks.com/")),
    ("node_type_aws", "{{smallest_node_type}}", D, facts(workspace_host="https://dbc-1.cloud.databricks.com")),
    ("node_type_no_host", "{{smallest_node_type}}", D, facts(workspace_host="")),
    ("user_name", "{{user_name}}", D),
    ("short_name_email", "{{short_name}}", D, facts(user_name="test.user.1234@example.com")),
    ("short_name_symbols", "{{short_name}}", D, facts(user_name="__A..b--C__@x.com")),
    ("short_name_unicode", "{{short_name}}", D, facts(user_name="Jöhn.Dœ+ß@x.com")),
    ("short_name_no_at", "{{short_name}}", D, facts(user_name="Plain Name")),
    ("short_name_sp_display", "{{short_name}} {{is_service_principal}}", D,
     facts(user_name="8c3e4f9a-1b2c-4d5e-8f90-a1b2c3d4e5f6", display_name="My Deploy SP")),
    ("short_name_sp_no_display", "{{short_name}}", D, facts(user_name="8c3e4f9a-1b2c-4d5e-8f90-a1b2c3d4e5f6")),
    ("short_name_display_ignored_for_users", "{{short_name}}", D, facts(user_name="a.b@x.com", display_name="Other")),
    ("is_sp_normal_user", "{{is_service_principal}}", D),
    ("is_sp_braces", "{{is_service_principal}}", D, facts(user_name="{8c3e4f9a-1b2c-4d5e-8f90-a1b2c3d4e5f6}")),
    ("is_sp_urn", "{{is_service_principal}}", D, facts(user_name="URN:uuid:8c3e4f9a-1b2c-4d5e-8f90-a1b2c3d4e5f6")),
    ("is_sp_32_hex", "{{is_service_principal}}", D, facts(user_name="8C3E4F9A1B2C4D5E8F90A1B2C3D4E5F6")),
    ("is_sp_bad_hex", "{{is_service_principal}}", D, facts(user_name="8c3e4f9a-1b2c-4d5e-8f90-a1b2c3d4e5fg")),
    ("is_sp_type", '{{printf "%T" is_service_principal}}', D),
    ("default_catalog", "{{default_catalog}}", D),
    ("default_catalog_none", "[{{default_catalog}}]", D, facts(default_catalog="")),
    # From DATABRICKS_BUNDLE_INIT_RECORD_DEPLOYMENT_HISTORY, which goref inherits from the test run.
    ("record_deployment_history", '{{printf "%T" record_deployment_history}}', D),
    ("helper_with_args", "{{user_name 1}}", D),
]

WALK = {"walk": True}

SKIP = [
    ("skip_prints_nothing", '[{{skip "x"}}]', D, WALK),
    ("skip_cleans_path", '{{skip "./a/../b/"}}', D, WALK),
    ("skip_leading_slash", '{{skip "/abs"}}', D, WALK),
    ("skip_parent", '{{skip "../up"}}', D, WALK),
    ("skip_empty", '{{skip ""}}', D, WALK),
    ("skip_renders_pattern", '{{skip "{{.s}}/tests"}}', D, WALK),
    ("skip_pattern_missing_key", '{{skip "{{.x}}"}}', D, WALK),
    ("skip_pattern_parse_error", '{{skip "{{"}}', D, WALK),
    ("skip_int_literal", "{{skip 5}}", D, WALK),
    ("skip_duplicates", '{{skip "a"}}{{skip "a"}}{{skip "b"}}', D, WALK),
    ("skip_glob_kept", '{{skip "[a"}}{{skip "*.py"}}', D, WALK),
    ("skip_not_outside_walk", '{{skip "x"}}', D),
    ("skip_not_in_library", "x", D, {"walk": True, "library": [("lib.tmpl", '{{define "l"}}{{skip "x"}}{{end}}')]}),
    ("skip_in_define_in_template", '{{define "d"}}{{skip "from_define"}}{{end}}{{template "d"}}', D, WALK),
]

SPRIG = [
    ("sprig_default", '{{default "a" .s}}', D),
    ("sprig_quote", "{{quote .s}}", D),
    ("sprig_replace", '{{replace "a" "b" .s}}', D),
    ("sprig_trim", "{{trim .s}}", D),
    ("sprig_contains", '{{contains "a" .s}}', D),
    ("sprig_to_yaml", "{{toYaml .m}}", D),
    ("sprig_add", "{{add 1 2}}", D),
    ("sprig_in_pipeline", "{{.s | title}}", D),
    ("sprig_not_called", "{{if false}}{{dict}}{{end}}", D),
]

CASES = CASE_MAPPING + PAIRS + FAIL + RANDOM + WORKSPACE + SKIP + SPRIG
