"""The executor's compiled fast paths (gotemplate/compile.py) and the edges where they hand over
to the reference executor: plain-map lookups, `$` variables, calls whose arguments are lookups,
the printf shortcut for %s/%d/%%, and/or short-circuits, nested pipelines — each also in the
unusual form that must fall back (missing keys, boxed interface values, wrong types, counts)."""

from ._data import DATA

D = dict(DATA, cloud="azure", stage="train", k="a", nil_in_map={"x": None}, deep={"a": {"b": {"c": "z"}}})

CASES = [
    # lookups on plain maps, in every position
    ("field_in_text", "x{{.s}}y{{.n}}z", D),
    ("var_dollar_field", "{{$.s}}-{{$.n}}", D),
    ("var_declared_then_read", "{{$x := .s}}{{$x}}{{$x = .n}}{{$x}}", D),
    ("chain_three_deep", "{{.deep.a.b.c}}", D),
    ("chain_through_dollar", "{{$.deep.a.b.c}}", D),
    ("chain_missing_middle", "{{.deep.q.b}}", D),
    ("chain_on_string", "{{.s.x}}", D),
    ("dollar_chain_on_string", "{{$.s.x}}", D),
    ("field_missing", "{{.nope}}", D),
    ("field_nil_value", "{{.none}}|{{.nil_in_map.x}}", D),
    ("dot_in_range_over_list", "{{range .l}}[{{.}}]{{end}}", D),
    ("dot_in_range_field_of_string", "{{range .l}}{{.x}}{{end}}", D),
    ("range_var_chain", "{{range $e := .lm}}{{$e.a}};{{end}}", D),
    ("range_var_missing_key", "{{range $e := .lm}}{{$e.zz}}{{end}}", D),
    # calls whose arguments are lookups
    ("eq_field_literal", '{{if eq .cloud "azure"}}A{{else}}B{{end}}', D),
    ("eq_dollar_field", '{{if eq $.cloud "aws"}}A{{else if eq $.cloud "azure"}}Z{{end}}', D),
    ("eq_int64_int", "{{eq .n 5}} {{eq .n .i}}", D),
    ("eq_string_int_error", "{{eq .s 5}}", D),
    ("eq_nil_field", "{{eq .none .none}}", D),
    ("ne_lt_fields", "{{ne .s .e}} {{lt .neg .n}} {{ge .f .f}}", D),
    ("len_field_and_var", "{{len .l}}{{$l := .s}}{{len $l}}", D),
    ("len_nil_in_map", "{{len .none}}", D),
    ("index_field_var", "{{index .m .k}} {{$k := .k}}{{index .m $k}}", D),
    ("index_missing", "{{index .m .nope}}", D),
    ("slice_boxed_index", "{{slice .l .n}}", D),
    ("lower_field", "{{lower .s}} {{upper $.stage}}", D),
    ("lower_int64_field", "{{lower .n}}", D),
    ("lower_nil_field", "{{lower .none}}", D),
    ("print_mixed_lookups", "{{print .s .n $.f .t}}", D),
    ("println_dot", "{{println .}}", {"a": "b"}),
    ("wrong_arg_count", "{{lower .s .s}}", D),
    ("template_with_field", '{{define "x"}}<{{.}}>{{end}}{{template "x" .s}}{{template "x" $.n}}', D),
    # printf: the %s/%d/%% shortcut and every way out of it
    ("printf_s_d", '{{printf "%s-%s-%d" .s .stage .n}}', D),
    ("printf_percent", '{{printf "100%% of %s" .s}}', D),
    ("printf_d_of_string", '{{printf "%d" .s}}', D),
    ("printf_s_of_int", '{{printf "%s" .i}}', D),
    ("printf_missing_arg", '{{printf "%s %s" .s}}', D),
    ("printf_extra_arg", '{{printf "%s" .s .n}}', D),
    ("printf_float_d", '{{printf "%d" .f}}', D),
    ("printf_bool_s", '{{printf "%s" .t}}', D),
    ("printf_nil_s", '{{printf "%s" .none}}', D),
    ("printf_width_leaves_shortcut", '{{printf "%5s|%-4d|" .s .n}}', D),
    ("printf_in_range", '{{range $i, $e := .l}}{{printf "%d=%s;" $i $e}}{{end}}', D),
    ("printf_piped", '{{.s | printf "%s/%s" .stage}}', D),
    # and/or short-circuit with lookups and calls
    ("and_fields", "{{and .s .n .e}}|{{and .s .n}}", D),
    ("or_fields", "{{or .e .z .s}}|{{or .e .z}}", D),
    ("and_stops_before_missing", "{{and .e .nope}}", D),
    ("or_stops_before_fail", '{{or .s (fail "never")}}', D),
    ("and_reaches_fail", '{{and .s (fail "reached %s" .stage)}}', D),
    ("and_piped_final", "{{.n | and .s}}", D),
    # nested pipelines
    ("nested_calls", '{{lower (printf "%s-%s" (upper .s) $.stage)}}', D),
    ("nested_missing_inside", "{{lower (index .m .nope)}}", D),
    ("parens_chain", "{{(index .lm 1).a}}", D),
    ("if_bool_field", "{{if .t}}T{{end}}{{if .fa}}F{{else}}f{{end}}", D),
    ("with_field_rebinds", "{{with .m}}{{.b}}{{end}}{{with .em}}x{{else}}{{.s}}{{end}}", D),
    ("int64_config_to_random_int", "{{random_int .n}}", D),
    ("map_pair_from_fields", '{{$m := map (pair "a" .s) (pair "b" $.n)}}{{$m.a}}{{$m.b}}{{$m.c}}', D),
]
