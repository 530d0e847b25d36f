"""Library files (the CLI's library/): parsed in order as templates named by file, defines that
override or don't, and where execution errors inside them are reported."""

from ._data import DATA

D = DATA


def lib(*files):
    return {"library": list(files)}


X_A = ("a.tmpl", '{{define "x"}}A{{.}}{{end}}')
X_B = ("b.tmpl", '{{define "x"}}B{{.}}{{end}}')

CASES = [
    ("call_library_define", '{{template "x" .s}}', D, lib(X_A)),
    ("call_file_template", '{{template "v.tmpl"}}', D, lib(("v.tmpl", "version 1"))),
    ("file_template_text_outside_defines", '[{{template "t.tmpl"}}]{{template "y"}}', D,
     lib(("t.tmpl", 'TEXT\n{{define "y"}}Y{{end}}\n'))),
    ("file_template_with_data", '{{template "d.tmpl" .m}}', D, lib(("d.tmpl", "a={{.a}}"))),
    ("later_file_wins", '{{template "x" 1}}', D, lib(X_A, X_B)),
    ("earlier_file_loses_order", '{{template "x" 1}}', D, lib(X_B, X_A)),
    ("empty_define_does_not_replace", '{{template "x" 1}}', D, lib(X_A, ("b.tmpl", '{{define "x"}}{{end}}'))),
    ("whitespace_define_does_not_replace", '{{template "x" 1}}', D,
     lib(X_A, ("b.tmpl", '{{define "x"}} \n\t{{/* nothing */}}\n{{end}}'))),
    ("empty_define_then_real", '{{template "x" 1}}', D, lib(("a.tmpl", '{{define "x"}}{{end}}'), X_B)),
    ("same_file_name_twice", '{{template "a.tmpl"}}', D, lib(("a.tmpl", "one"), ("a.tmpl", "two"))),
    ("same_file_name_then_empty", '{{template "a.tmpl"}}', D, lib(("a.tmpl", "one"), ("a.tmpl", "  "))),
    ("empty_file_is_fine", "ok", D, lib((".gitkeep", ""))),
    ("empty_file_template_prints_nothing", '[{{template ".gitkeep"}}]', D, lib((".gitkeep", ""))),
    ("template_text_overrides_library", '{{define "x"}}local{{end}}{{template "x" 1}}', D, lib(X_A)),
    ("template_empty_define_keeps_library", '{{define "x"}}{{end}}{{template "x" 1}}', D, lib(X_A)),
    ("block_overrides_library", '{{block "x" .s}}default {{.}}{{end}}', D, lib(X_A)),
    ("override_seen_by_library_caller", '{{define "inner"}}local{{end}}{{template "outer"}}', D,
     lib(("a.tmpl", '{{define "outer"}}<{{template "inner"}}>{{end}}'),
         ("b.tmpl", '{{define "inner"}}library{{end}}'))),
    ("define_calls_across_files", '{{template "outer" .s}}', D,
     lib(("a.tmpl", '{{define "outer"}}[{{template "inner" .}}]{{end}}'),
         ("b.tmpl", '{{define "inner"}}{{upper .}}{{end}}'))),
    ("multiple_definition_in_one_file", "x", D,
     lib(("a.tmpl", '{{define "x"}}1{{end}}\n{{define "x"}}2{{end}}'))),
    ("library_parse_error", "x", D, lib(("ok.tmpl", "fine"), ("bad.tmpl", "line1\n{{if}}"))),
    ("library_parse_error_line", "x", D, lib(("bad.tmpl", "a\nb\n{{end}}"))),
    ("library_undefined_function", "x", D, lib(("bad.tmpl", '{{define "d"}}{{default 1}}{{end}}'))),
    ("library_undefined_variable", "x", D, lib(("bad.tmpl", '{{define "d"}}\n{{$nope}}{{end}}'))),
    ("library_exec_error_location", '{{template "d" .}}', D,
     lib(("a.tmpl", '{{define "d"}}\n  {{.zz.yy}}{{end}}'))),
    ("library_exec_error_second_file", "{{template \"d\" .}}", D,
     lib(("a.tmpl", "first"), ("b.tmpl", 'text\n{{define "d"}}x {{index .l 7}}{{end}}'))),
    ("library_fail_location", '{{template "f"}}', D,
     lib(("f.tmpl", '{{/* header */}}\n{{define "f"}}\n\n   {{fail "failed in %s" "f"}}{{end}}'))),
    ("library_nested_error_reports_inner", '{{template "outer" .}}', D,
     lib(("a.tmpl", '{{define "outer"}}{{template "inner" .m}}{{end}}'),
         ("b.tmpl", '{{define "inner"}}{{.missing}}{{end}}'))),
    ("library_define_no_data_key", '{{template "d"}}', D, lib(("a.tmpl", '{{define "d"}}{{.k}}{{end}}'))),
    ("library_define_dollar", '{{template "d" "arg"}}', D, lib(("a.tmpl", '{{define "d"}}{{$}}{{end}}'))),
    ("library_define_uses_helpers", '{{template "who"}}', D,
     lib(("a.tmpl", '{{define "who"}}{{short_name}}@{{workspace_host}}{{end}}'))),
    ("library_recursion", '{{template "count" 3}}', D,
     lib(("a.tmpl", '{{define "count"}}{{if gt . 0}}{{.}}{{template "count" (len (slice "xxxxxxxx" 1 .))}}{{end}}{{end}}'))),
    ("library_template_missing", '{{template "nope"}}', D, lib(X_A)),
    ("library_define_newlines", '[{{template "n"}}]', D, lib(("a.tmpl", '{{define "n"}}\nline\n{{end}}'))),
    ("library_define_trimmed", '[{{template "n"}}]', D, lib(("a.tmpl", '{{define "n" -}}\nline\n{{- end}}'))),
    ("library_define_named_like_file", '{{template "a.tmpl"}}', D,
     lib(("a.tmpl", 'outer'), ("b.tmpl", '{{define "a.tmpl"}}redefined{{end}}'))),
    ("library_file_redefines_root", "body", D, lib(("a.tmpl", '{{define ""}}root?{{end}}'))),
    ("library_map_argument", '{{template "kv" (map (pair "k" "key") (pair "v" .n))}}', D,
     lib(("a.tmpl", '{{define "kv"}}{{.k}}={{.v}}{{end}}'))),
    ("library_map_argument_missing", '{{template "kv" (map (pair "k" "key"))}}', D,
     lib(("a.tmpl", '{{define "kv"}}{{.k}}={{.v}}{{end}}'))),
    ("library_variables_not_shared", '{{$v := 1}}{{template "d"}}', D,
     lib(("a.tmpl", '{{define "d"}}{{$}}{{end}}'))),
    ("library_range_break_inside_define", '{{template "d" .l}}', D,
     lib(("a.tmpl", '{{define "d"}}{{range .}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}{{end}}'))),
    ("library_invalid_utf8", '{{template "u"}}', D, lib(("u.tmpl", '{{define "u"}}caf\udce9{{end}}'))),
    ("library_crlf", '{{template "c"}}', D, lib(("c.tmpl", '{{define "c"}}a\r\nb{{end}}'))),
    ("experimental_define_truthy", '{{template "experimental_record_deployment_history" true}}', D,
     lib(("experimental.tmpl",
          '{{define "experimental_record_deployment_history"}}{{if .}}\n\nexperimental:\n  record_deployment_history: true{{end}}{{end}}'))),
    ("experimental_define_falsy", '[{{template "experimental_record_deployment_history" record_deployment_history}}]', D,
     lib(("experimental.tmpl",
          '{{define "experimental_record_deployment_history"}}{{if .}}\n\nexperimental:\n  record_deployment_history: true{{end}}{{end}}'))),
]
