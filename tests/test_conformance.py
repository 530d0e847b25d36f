"""Differential conformance: bricksmith's text/template engine and helpers against Go itself.

Every corpus case (tests/conformance) runs once through goref, the Go reference renderer, and
once through bricksmith; output bytes or error text must be identical. The goref-only tests
below them prove the harness itself against Go behaviour checked by hand.
"""

from __future__ import annotations

import os
import re
import stat

import pytest

import conformance
from conformance._gotypes import GoSlice, Int64

CASES = conformance.load_all()


# --- the engine under test ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def engine():
    from bricksmith.gotemplate import ExecError, GoError, ParseError, Template
    from bricksmith.initcmd.helpers import make_funcs

    return Template, ParseError, ExecError, GoError, make_funcs


@pytest.fixture(scope="session")
def go_results(goref):
    """Go's result for every corpus case, from a single goref process."""
    requests = [
        goref.snippet_case(c.id, c.template, c.data, library=c.library, facts=c.facts, walk=c.walk)
        for c in CASES
    ]
    return {r.pop("name"): r for r in goref.run_snippets(requests)}


def go_path_join(*elems: str) -> str:
    """Go's path.Join: join the non-empty elements with '/', then path.Clean."""
    joined = "/".join(e for e in elems if e)
    if not joined:
        return ""
    rooted = joined.startswith("/")
    parts: list[str] = []
    for seg in joined.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(seg)
    cleaned = "/".join(parts)
    return "/" + cleaned if rooted else cleaned or "."


def run_engine(case: conformance.Case, engine) -> dict:
    """The case through bricksmith, shaped like a goref result."""
    Template, ParseError, ExecError, GoError, make_funcs = engine
    base = Template("", funcs=make_funcs(case.facts), missingkey="error")
    for name, text in case.library:
        try:
            base.parse_file(name, text)
        except ParseError as exc:
            return {"stage": "library", "error": str(exc)}

    result: dict = {}
    if case.walk:
        # As while the CLI walks the root directory: `skip` joins its argument to ".", renders it
        # with the CLI's execute primitive and remembers it once. Added after the library.
        skips: list[str] = []

        def skip(pattern: str) -> str:
            rendered = cli_execute(base, go_path_join(".", pattern), case.data, engine)
            if rendered not in skips:
                skips.append(rendered)
            return ""

        base.add_funcs(make_funcs(case.facts, skip=skip))  # Go's Template.Funcs
        result["skips"] = skips

    clone = base.clone()
    try:
        clone.parse(case.template)
    except ParseError as exc:
        return {"stage": "parse", "error": str(exc)}
    try:
        result["output"] = clone.execute(case.data)
    except ExecError as exc:
        result.pop("output", None)
        result.update(stage="exec", error=str(exc))
    return result


MISSING_KEY = re.compile(r'map has no entry for key "(.*)"')


def cli_execute(base, text: str, data, engine) -> str:
    """The CLI's executeTemplate: parse errors embed the text, missing keys become variables."""
    _, ParseError, ExecError, GoError, _ = engine
    clone = base.clone()
    try:
        clone.parse(text)
    except ParseError as exc:
        raise GoError(f"error in {text}: {exc}") from exc
    try:
        return clone.execute(data)
    except ExecError as exc:
        match = MISSING_KEY.search(str(exc))
        raise GoError(f'variable "{match.group(1)}" not defined' if match else str(exc)) from exc


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_engine_matches_go(case, go_results, engine):
    expected = go_results[case.id]
    actual = run_engine(case, engine)
    assert actual == expected, f"template {case.template!r}"


# --- the corpus itself --------------------------------------------------------------------------


def test_corpus_size_and_names():
    assert len(CASES) >= 450
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_every_corpus_case_ran_in_go(go_results):
    assert set(go_results) == {c.id for c in CASES}
    for case_id, result in go_results.items():
        assert result.get("stage") != "panic", (case_id, result)
        assert ("output" in result) != ("error" in result), (case_id, result)


# --- the harness against Go behaviour verified by hand (goref only) ----------------------------

KNOWN_GO = [
    ('{{and 1 "" 3}}', {}, ""),
    ("{{and 1 2 3}}", {}, "3"),
    ('{{or 0 "" "x"}}', {}, "x"),
    ("{{1e3}} {{1.0}} {{0x1F}} {{'a'}}", {}, "1000 1 31 97"),
    ('{{print "a" 1 2 "b"}}', {}, "a1 2b"),
    ('{{"x" | printf "%s%s" "y"}}', {}, "yx"),
    ('{{len "héllo"}} {{index "abc" 0}}', {}, "6 97"),
    ("{{.a}} {{.b}} {{.c}} {{.d}}", {"a": 1000000.0, "b": 123456.7, "c": 0.00001, "d": -0.0}, "1e+06 123456.7 1e-05 -0"),
    ('{{printf "%d|%s|%T|%v" .f .n .n .m}}', {"f": 1.1, "n": Int64(5), "m": {"b": 1, "a": [1, "x"]}},
     "%!d(float64=1.1)|%!s(int64=5)|int64|map[a:[1 x] b:1]"),
    ('{{printf "%q %x" "tab\\there" "hi"}}', {}, '"tab\\there" 6869'),
    ('{{lower "ΑΣ"}} {{upper "ß"}} {{lower "İ"}}', {}, "ασ ß i"),
    ('{{(regexp "a(x*)b").ReplaceAllString "-ab-axxb-" "$1W"}}', {}, "---"),
    ('{{(regexp "a(x*)b").ReplaceAllString "-ab-axxb-" "${1}W"}}', {}, "-W-xxW-"),
    ('{{pair "a" 1}} {{map (pair "x" 12.3)}}', {}, "{a 1} map[x:12.3]"),
    ('{{js "<"}} {{html "<&>"}} {{urlquery "a b"}}', {}, "\\u003C &lt;&amp;&gt; a+b"),
    ('{{with url "adb-1.azuredatabricks.net"}}[{{.Host}}]{{.Path}}{{end}}', {}, "[]adb-1.azuredatabricks.net"),
    ("{{range $i, $e := .}}{{$i}}{{$e}}{{end}}", ["a", "b"], "0a1b"),
    ("{{.}}", GoSlice(["x"], elem="string"), "[x]"),
    ("{{eq .n 5}} {{lt .n 6}}", {"n": Int64(5)}, "true true"),
    ("{{eq .f 1}}", {"f": 1.0}, 'template: :1:2: executing "" at <eq .f 1>: error calling eq: incompatible types for comparison: float64 and int'),
    ('{{lt "a" "b" "c"}}', {}, 'template: :1:2: executing "" at <lt>: wrong number of args for lt: want 2 got 3'),
    ("{{lower .n}}", {"n": Int64(5)}, 'template: :1:8: executing "" at <.n>: wrong type for value; expected string; got int64'),
    ("{{random_int 0}}", {}, 'template: :1:2: executing "" at <random_int 0>: error calling random_int: invalid argument to IntN'),
    ("x\n {{.zz}}", {}, 'template: :2:3: executing "" at <.zz>: map has no entry for key "zz"'),
    ('{{define "a"}}{{.k}}{{end}}{{template "a"}}', {}, 'template: :1:16: executing "a" at <.k>: nil data; no entry for key "k"'),
    ("{{.my-key}}", {}, "template: :1: bad character U+002D '-'"),
    ("{{ /* c */ }}", {}, 'template: :1: unexpected "/" in command'),
    ("{{if true}}", {}, "template: :1: unexpected EOF"),
    ("{{default .x}}", {}, 'template: :1: function "default" not defined'),
]


def test_goref_matches_hand_verified_go(goref):
    requests = [goref.snippet_case(str(i), t, d) for i, (t, d, _) in enumerate(KNOWN_GO)]
    for (template, _, want), got in zip(KNOWN_GO, goref.run_snippets(requests)):
        assert got.get("output", got.get("error")) == want, template


def test_goref_round_trips_bytes(goref):
    [got] = goref.run_snippets([goref.snippet_case("b", "caf\udce9 {{.s}} {{slice .t 0 1}}", {"s": "\udcff", "t": "é"})])
    assert got["output"] == "caf\udce9 \udcff \udcc3"


def test_goref_library_and_walk_protocol(goref):
    requests = [
        goref.snippet_case("lib", '{{template "x" .}}', "d", library=[("a.tmpl", '{{define "x"}}A{{.}}{{end}}')]),
        goref.snippet_case("libskip", "", None, library=[("a.tmpl", '{{skip "x"}}')], walk=True),
        goref.snippet_case("walk", '{{skip "./a/../{{.n}}"}}ok', {"n": "b"}, walk=True),
        goref.snippet_case("host", "{{workspace_host}} {{short_name}}", None,
                           facts={"workspace_host": "x.gcp.databricks.com/p", "user_name": "A.B@c"}),
    ]
    lib, libskip, walk, host = goref.run_snippets(requests)
    assert lib == {"name": "lib", "output": "Ad"}
    assert libskip == {"name": "libskip", "stage": "library", "error": 'template: a.tmpl:1: function "skip" not defined'}
    assert walk == {"name": "walk", "output": "ok", "skips": ["b"]}
    assert host["output"] == "https://x.gcp.databricks.com a_b"


# --- goref init against the contract's walk rules (goref only) ---------------------------------


def write_tree(root, files: dict[str, str], modes: dict[str, int] = {}):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if rel in modes:
            path.chmod(modes[rel])


SCHEMA = """{
  "welcome_message": "Hi {{user_name}}",
  "properties": {
    "project_name": {"type": "string", "default": "demo", "description": "name", "order": 1},
    "size": {"type": "integer", "default": 3, "description": "size", "order": 2},
    "label": {"type": "string", "default": "{{upper .project_name}}-{{.size}}", "description": "l", "order": 3},
    "with_tests": {"type": "boolean", "default": false, "description": "tests"}
  },
  "success_message": "Created {{.project_name}}"
}"""


@pytest.fixture
def template_root(tmp_path):
    root = tmp_path / "tmpl"
    write_tree(
        root,
        {
            "databricks_template_schema.json": SCHEMA,
            "library/names.tmpl": '{{define "title"}}# {{.}}{{end}}',
            "template/__preamble.tmpl": '{{if not .with_tests}}{{skip "{{.project_name}}/tests"}}{{end}}{{skip "__preamble"}}',
            "template/{{.project_name}}/README.md.tmpl": '{{template "title" .label}}\n',
            "template/{{.project_name}}/run.sh": "#!/bin/sh\necho {{ not rendered }}\n",
            "template/{{.project_name}}/tests/test_x.py.tmpl": '{{fail "never rendered"}}',
            "template/{{.project_name}}/empty/.keep.tmpl": '{{skip ".keep"}}',  # relative to its directory
        },
        {"template/{{.project_name}}/run.sh": 0o555},
    )
    return root


def test_goref_init_renders_tree(goref, template_root, tmp_path):
    out = tmp_path / "out"
    result = goref.run_init(template_root, out, facts={"user_name": "me@x.com"})
    assert result == {
        "outputs": ["demo/README.md", "demo/run.sh"],
        "welcome": "Hi me@x.com",
        "success": "Created demo",
    }
    assert (out / "demo/README.md").read_text() == "# DEMO-3\n"
    assert (out / "demo/run.sh").read_text() == "#!/bin/sh\necho {{ not rendered }}\n"
    assert stat.S_IMODE(os.stat(out / "demo/run.sh").st_mode) & 0o700 == 0o700  # owner write added
    assert (out / "demo/empty").is_dir() and not os.listdir(out / "demo/empty")  # visited, kept
    assert not (out / "demo/tests").exists()  # skipped before it was read

    again = goref.run_init(template_root, out, facts={"user_name": "me@x.com"})
    assert again == {"error": "failed to initialize template, one or more files already exist: demo/README.md"}


def test_goref_init_config_file_and_errors(goref, template_root, tmp_path):
    config = tmp_path / "config.json"
    config.write_text('{"project_name": "p", "size": 1.5}')
    result = goref.run_init(template_root, tmp_path / "o1", config_file=config)
    assert result == {"error": f"failed to load config from file {config}: failed to parse property size: expected integer value, got: 1.5"}

    config.write_text('{"project_name": "p", "with_tests": true, "unknown": 1}')
    result = goref.run_init(template_root, tmp_path / "o2", config_file=config)
    assert result == {"error": "never rendered"}  # fail() unwrapped to its message

    (template_root / "template/{{.project_name}}/tests/test_x.py.tmpl").write_text("{{.nope}}")
    result = goref.run_init(template_root, tmp_path / "o3", config_file=config)
    assert result == {"error": "failed to compute file content for {{.project_name}}/tests/test_x.py.tmpl. "
                      'variable "nope" not defined'}

    (template_root / "template/{{.project_name}}/tests/test_x.py.tmpl").write_text("{{")
    result = goref.run_init(template_root, tmp_path / "o4", config_file=config)
    assert result == {"error": "failed to compute file content for {{.project_name}}/tests/test_x.py.tmpl. "
                      "error in {{: template: :1: unclosed action"}


def test_goref_init_nothing_written_is_null(goref, tmp_path):
    root = tmp_path / "t"
    write_tree(root, {"databricks_template_schema.json": "{}", "template/{{skip `*`}}.tmpl": ""})
    assert goref.run_init(root, tmp_path / "out")["outputs"] is None
    write_tree(root, {"databricks_template_schema.json": '{"properties": {"a": {"type": "int", "description": "d"}}}'})
    assert goref.run_init(root, tmp_path / "out") == {
        "error": 'failed to load schema: type int is not a recognized json schema type. Please use "integer" instead'
    }
