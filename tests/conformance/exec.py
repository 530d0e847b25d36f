"""Execution: missingkey=error, truthiness of every kind, and/or/not, printing values, error
locations, unusual dots."""

from ._data import DATA
from ._gotypes import GoSlice, Int64, Pair, Uint8

D = DATA

MISSINGKEY = [
    ("missing_top", "{{.x}}", D),
    ("missing_nested", "{{.m.zz}}", D),
    ("missing_deep_last", "{{.nested.x.zz}}", D),
    ("missing_deep_middle", "{{.nested.zz.y}}", D),
    ("missing_in_if", "{{if .x}}y{{end}}", D),
    ("missing_in_with", "{{with .x}}{{end}}", D),
    ("missing_in_and", "{{and .t .x}}", D),
    ("missing_and_short_circuit", "{{and .fa .x}}", D),
    ("missing_or_short_circuit", "{{or .t .x}}", D),
    ("missing_in_or", "{{or .fa .x}}", D),
    ("missing_in_not", "{{not .x}}", D),
    ("missing_in_eq", "{{eq .x 1}}", D),
    ("missing_via_index", "{{index . \"x\"}}", D),
    ("missing_via_index_print", '{{print (index . "x")}}', D),
    ("missing_via_index_if", '{{if index . "x"}}y{{else}}n{{end}}', D),
    ("missing_dollar", "{{$.x}}", D),
    ("missing_in_range_body", "{{range .l}}{{$.x}}{{end}}", D),
    ("missing_in_empty_map", "{{.em.x}}", D),
    ("missing_on_map_helper", '{{(map (pair "a" 1)).b}}', D),
    ("missing_on_map_helper_with", '{{with map (pair "a" 1)}}{{.a}}{{.b}}{{end}}', D),
    ("field_of_string", "{{.s.x}}", D),
    ("field_of_list", "{{.l.x}}", D),
    ("field_of_nil", "{{.none.x}}", D),
    ("field_of_int64", "{{.n.x}}", D),
    ("field_of_bool", "{{.t.x}}", D),
    ("field_of_pair_unexported", "{{.p.k}}", D),
    ("field_of_pair_missing", "{{.p.x}}", D),
    ("missing_key_with_quote", '{{index . "a\\"b"}}{{.zz}}', D),
    ("missing_after_output", "before {{.s}} {{.x}} after", D),
]

TRUTHS = [
    ("empty_string", ""),
    ("string", "x"),
    ("string_space", " "),
    ("int_zero", 0),
    ("int", 3),
    ("int64_zero", Int64(0)),
    ("int64_negative", Int64(-1)),
    ("uint8_zero", Uint8(0)),
    ("float_zero", 0.0),
    ("float_negative_zero", -0.0),
    ("float_small", 1e-300),
    ("float_nan", float("nan")),
    ("bool_true", True),
    ("bool_false", False),
    ("nil", None),
    ("empty_list", []),
    ("list_of_nil", [None]),
    ("empty_map", {}),
    ("map", {"a": None}),
    ("nil_slice", GoSlice(elem="string", nil=True)),
    ("empty_typed_slice", GoSlice(elem="string")),
    ("pair", Pair("", None)),
]

TRUTHINESS = [(f"truth_{name}", "{{if .v}}T{{else}}F{{end}}", {"v": v}) for name, v in TRUTHS] + [
    (f"not_{name}", "{{not .v}}", {"v": v}) for name, v in TRUTHS
] + [
    ("truth_url", '{{if url ""}}T{{else}}F{{end}}', D),
    ("truth_regexp", '{{if regexp ""}}T{{else}}F{{end}}', D),
    ("truth_nil_submatch", '{{if (regexp "x").FindStringSubmatch "y"}}T{{else}}F{{end}}', D),
    ("truth_map_helper_empty", "{{if map}}T{{else}}F{{end}}", D),
    ("truth_with_zero_float", "{{with 0.0}}T{{else}}F{{end}}", D),
    ("truth_range_zero_int64", "{{range .z}}T{{else}}F{{end}}", D),
]

AND_OR_NOT = [
    ("and_returns_falsy_arg", '{{and 1 "" 3}}', D),
    ("and_returns_last", "{{and 1 2 3}}", D),
    ("or_returns_first_truthy", '{{or 0 "" "x"}}', D),
    ("or_returns_last_falsy", '{{or 0 ""}}|', D),
    ("and_single", "{{and 7}}", D),
    ("or_single", "{{or 0}}", D),
    ("and_no_args", "{{and}}", D),
    ("or_no_args", "{{or}}", D),
    ("not_no_args", "{{not}}", D),
    ("not_two_args", "{{not 1 2}}", D),
    ("and_skips_fail", '{{and .fa (fail "boom")}}', D),
    ("or_skips_fail", '{{or .t (fail "boom")}}', D),
    ("and_reaches_fail", '{{and .t (fail "boom")}}', D),
    ("or_reaches_fail", '{{or .fa (fail "boom")}}', D),
    ("and_type_of_result", '{{printf "%T" (and 1 "x")}}', D),
    ("or_type_of_result", '{{printf "%T" (or .z .f)}}', D),
    ("not_type_of_result", '{{printf "%T" (not 1)}}', D),
    ("and_returns_map", "{{and .l .m}}", D),
    ("or_returns_empty_map", "{{or .el .em}}", D),
    ("and_zero_before_missing", "{{and 0 .x}}", D),
    ("and_nil_result", "{{and .none 1}}", D),
    ("or_nil_result", "{{or .none}}", D),
    ("and_in_pipeline", "{{.t | and 1}}", D),
    ("or_pipeline_arg_last", '{{"" | or "first"}}', D),
    ("and_of_ands", "{{and (and 1 2) (or 0 3)}}", D),
    ("not_of_not", "{{not (not .s)}}", D),
    ("and_evaluates_field_chain", "{{and .m .m.a}}", D),
    ("and_skips_missing_chain", "{{and .e .nested.zz.q}}", D),
]

PRINTING = [
    ("print_whole_config", "{{.}}", {"b": Int64(2), "a": "x", "c": [1, "y"], "d": {"k": None}}),
    ("print_map", "{{.m}}", D),
    ("print_list", "{{.l}}", D),
    ("print_empty_list", "{{.el}}", D),
    ("print_empty_map", "{{.em}}", D),
    ("print_nil", "{{.none}}", D),
    ("print_typed_slice", "{{.strs}}", D),
    ("print_nil_typed_slice", "{{.nilstrs}}", D),
    ("print_nested_map", "{{.nested}}", D),
    ("print_list_of_maps", "{{.lm}}", D),
    ("print_list_with_nil", "{{.v}}", {"v": ["a", None, Int64(1)]}),
    ("print_map_with_nil", "{{.v}}", {"v": {"a": None}}),
    ("print_map_of_lists", "{{.v}}", {"v": {"x": [1, 2], "y": []}}),
    ("print_bools", "{{.t}} {{.fa}}", D),
    ("print_ints", "{{.n}} {{.neg}} {{.i}} {{.u8}} {{.z}}", D),
    ("print_byte_from_index", '{{index "abc" 0}}', D),
    ("print_pair", "{{.p}} {{pair \"a\" .l}}", D),
    ("print_map_helper", '{{map (pair "b" 2) (pair "a" .l)}}', D),
    ("print_map_key_order", "{{.}}", {"b": 1, "B": 2, "a": 3, "_": 4, "1": 5, "é": 6}),
    ("print_invalid_utf8", "{{.bad}}", D),
    ("print_unicode", "{{.uni}}", D),
    ("print_string_with_newlines", "{{.v}}", {"v": "a\nb\r\nc"}),
    ("print_nested_lists", "{{.v}}", {"v": [[1, [2]], []]}),
    ("print_float_in_list", "{{.v}}", {"v": [1.5, 2.0, 1e21]}),
    ("print_url_in_map", '{{map (pair "u" (url "https://x/y"))}}', D),
]

DOTS = [
    ("dot_nil_print", "{{.}}", None),
    ("dot_nil_field", "{{.x}}", None),
    ("dot_nil_if", "{{if .}}T{{else}}F{{end}}", None),
    ("dot_string", "{{.}}", "just a string"),
    ("dot_string_field", "{{.x}}", "str"),
    ("dot_list_index", "{{index . 1}}", ["a", "b"]),
    ("dot_list_range", "{{range .}}{{.}}{{end}}", ["a", "b"]),
    ("dot_int64", "{{.}} {{printf \"%T\" .}}", Int64(42)),
    ("dot_float", "{{.}}", 2.5),
    ("dot_bool_field", "{{.x}}", True),
    ("dollar_nil", "{{$}}", None),
]

LOCATIONS = [
    ("loc_second_line", "a\n  {{.x}}", D),
    ("loc_after_comment_lines", "{{/* c\n c */}}\n\n{{.m.zz}}", D),
    ("loc_field_chain_column", "{{.nested.x.zz}}", D),
    ("loc_spaces_inside", "{{   .x   }}", D),
    ("loc_multibyte_prefix", "é✓ {{.x}}", D),
    ("loc_function_error", "x\ny {{len 3}}", D),
    ("loc_index_error", "{{index .l 5}}", D),
    ("loc_in_pipeline_stage", '{{.s | printf "%s" | len | lower}}', D),
    ("loc_in_if_condition", "\n{{if .nested.q}}x{{end}}", D),
    ("loc_in_range_body_second_iter", '{{range .l}}{{if eq . "b"}}{{fail "at b"}}{{end}}{{end}}', D),
    ("loc_in_parenthesized_arg", "{{print (index .l 9)}}", D),
    ("loc_in_variable_decl", "{{$v := .m.zz}}", D),
    ("loc_node_quotes_string", '{{fail "quote \\" and \\n newline"}}', D),
    ("loc_node_raw_string", "{{fail `raw`}}", D),
    ("loc_node_number_forms", "{{fail (printf \"%v\" 0x1F 1e3 'a')}}", D),
    ("loc_node_nested_parens", "{{print (print (fail \"deep\"))}}", D),
    ("loc_trim_marker_column", "ab {{- .x}}", D),
    ("loc_crlf_lines", "a\r\nb\r\n{{.x}}", D),
    ("loc_after_raw_string_newlines", "{{`a\nb`}}{{.x}}", D),
]

WRONG_ARGS = [
    ("args_lower_none", "{{lower}}", D),
    ("args_lower_two", '{{lower "a" "b"}}', D),
    ("args_printf_none", "{{printf}}", D),
    ("args_len_none", "{{len}}", D),
    ("args_index_none", "{{index}}", D),
    ("args_slice_none", "{{slice}}", D),
    ("args_html_none", "[{{html}}]", D),
    ("args_urlquery_none", "[{{urlquery}}]", D),
    ("args_print_none", "[{{print}}]", D),
    ("args_call_none", "{{call}}", D),
    ("call_non_function", "{{call .s}}", D),
    ("call_nil", "{{call .none}}", D),
    ("call_pair", '{{call (pair "a" 1)}}', D),
    ("call_method_value", '{{call (regexp "a").MatchString "a"}}', D),
    ("undefined_function", "{{nosuchfunc 1}}", D),
    ("method_on_string", "{{.s.Len}}", D),
]

# Map keys are visited in byte order (Go's fmtsort), which differs from code-point order when a
# key holds bytes that are not UTF-8: the lone byte 0x80 sorts before "€" (E2 82 AC).
MAP_ORDER = [
    ("range_map_keys_byte_order",
     '{{range $k, $v := map (pair "\\u20ac" "euro") (pair "\\x80" "byte") (pair "a" "a")}}{{$v}};{{end}}', D),
    ("print_map_keys_byte_order", '{{print (map (pair "\\u20ac" "euro") (pair "\\x80" "byte") (pair "a" "a"))}}', D),
]

CASES = MISSINGKEY + TRUTHINESS + AND_OR_NOT + PRINTING + DOTS + LOCATIONS + WRONG_ARGS + MAP_ORDER
