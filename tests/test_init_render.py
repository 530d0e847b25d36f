"""Golden tests: the execute primitive (§5), libraries (§2.3), template_dir (§2.1) and the walk (§6.1–6.4)."""

from __future__ import annotations

import os
import stat

import pytest

from initkit import FIXTURES, init, make_template, prop, read_tree, render, render_error

NAME = {"properties": {"name": prop(default="proj")}}


def rendered(tmp_path, files, schema=None, library=None, **facts) -> dict[str, str]:
    root = make_template(tmp_path / "t", schema if schema is not None else NAME, files=files, library=library)
    render(root, **facts)
    return read_tree(tmp_path / "out")


# --- the execute primitive ---------------------------------------------------------------------


def test_parse_error_embeds_the_whole_text(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "line one\n{{if .name}}\n"})
    assert render_error(root) == (
        "failed to compute file content for a.tmpl. error in line one\n{{if .name}}\n: template: :3: unexpected EOF"
    )


def test_missing_key_is_rewritten(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{if .nope}}x{{end}}"})
    assert render_error(root) == 'failed to compute file content for a.tmpl. variable "nope" not defined'


def test_missing_key_in_a_define_called_without_data_is_not_rewritten(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": '{{define "d"}}{{.k}}{{end}}{{template "d"}}'})
    assert render_error(root) == (
        'failed to compute file content for a.tmpl. template: :1:16: executing "d" at <.k>: nil data; no entry for key "k"'
    )


def test_index_of_a_missing_key_is_not_an_error(tmp_path):
    assert rendered(tmp_path, {"a.tmpl": '[{{index . "nope"}}]'})["a"] == "[<no value>]"


def test_defines_are_local_to_one_file(tmp_path):
    files = {
        "a.tmpl": '{{define "x"}}A{{end}}{{template "x"}}',
        "b.tmpl": '{{template "x"}}',
    }
    root = make_template(tmp_path / "t", NAME, files=files)
    assert render_error(root) == (
        'failed to compute file content for b.tmpl. template: :1:11: executing "" at <{{template "x"}}>: '
        'template "x" not defined'
    )


def test_helper_errors_are_wrapped(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{random_int 0}}"})
    assert render_error(root) == (
        'failed to compute file content for a.tmpl. template: :1:2: executing "" at <random_int 0>: '
        "error calling random_int: invalid argument to IntN"
    )


# --- libraries (§2.3) --------------------------------------------------------------------------------


def test_library_defines_and_file_named_templates(tmp_path):
    library = {"versions.tmpl": '{{define "py"}}3.11{{end}}python={{template "py"}}'}
    files = {"a.tmpl": '{{template "py"}} {{template "versions.tmpl" .}}'}
    assert rendered(tmp_path, files, library=library)["a"] == "3.11 python=3.11"


def test_library_precedence(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "shared.tmpl").write_text('{{define "who"}}shared{{end}}{{define "only_shared"}}S{{end}}')
    library = {
        "a.tmpl": '{{define "who"}}template-a{{end}}{{define "order"}}a{{end}}',
        "b.tmpl": '{{define "order"}}b{{end}}{{define "only_shared"}}  {{/* empty */}}  {{end}}',
    }
    files = {"f.tmpl": '{{template "who"}} {{template "order"}} {{template "only_shared"}}'}
    # the template's library beats --library dirs; later files beat earlier; empty bodies never override
    assert rendered(tmp_path, files, library=library, libraries=[extra])["f"] == "template-a b S"


def test_file_define_overrides_library_for_that_file_only(tmp_path):
    library = {"l.tmpl": '{{define "x"}}lib{{end}}'}
    files = {"a.tmpl": '{{define "x"}}mine{{end}}{{template "x"}}', "b.tmpl": '{{template "x"}}'}
    tree = rendered(tmp_path, files, library=library)
    assert (tree["a"], tree["b"]) == ("mine", "lib")


def test_library_entries_include_dotfiles_and_any_name(tmp_path):
    library = {".gitkeep": "", "z.txt": '{{define "from_txt"}}T{{end}}'}
    assert rendered(tmp_path, {"a.tmpl": '{{template "from_txt"}}'}, library=library)["a"] == "T"


def test_library_subdirectory_is_fatal(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={}, library={})
    (root / "library" / "sub").mkdir()
    assert render_error(root) == "read library/sub: is a directory"


def test_library_parse_errors_are_unwrapped(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={}, library={"x.tmpl": "\n{{skip \"a\"}}"})
    assert render_error(root) == 'template: x.tmpl:2: function "skip" not defined'


def test_duplicate_define_within_one_library_file(tmp_path):
    library = {"x.tmpl": '{{define "a"}}1{{end}}\n{{define "a"}}2{{end}}'}
    root = make_template(tmp_path / "t", NAME, files={}, library=library)
    assert render_error(root) == 'template: x.tmpl:2: template: multiple definition of template "a"'


def test_exec_error_inside_a_library_define(tmp_path):
    library = {"x.tmpl": '{{define "a"}}\n  {{.zz.yy}}{{end}}'}
    root = make_template(tmp_path / "t", NAME, files={"f.tmpl": '{{template "a" (map (pair "zz" 1))}}'}, library=library)
    assert render_error(root) == (
        'failed to compute file content for f.tmpl. template: x.tmpl:2:7: executing "a" at <.zz.yy>: '
        "can't evaluate field yy in type interface {}"
    )


def test_missing_library_option_dir(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={})
    message = render_error(root, libraries=[tmp_path / "nope"])
    assert message.startswith("library directory ") and "nope" in message


def test_libraries_are_parsed_for_defaults_and_messages(tmp_path):
    schema = {
        "welcome_message": '{{template "greet"}}',
        "properties": {"a": prop(default='{{template "greet"}}!')},
    }
    root = make_template(tmp_path / "t", schema, files={"f.tmpl": "{{.a}}"}, library={"g.tmpl": '{{define "greet"}}hi{{end}}'})
    result = init(str(root), "--output-dir", str(tmp_path / "out"))
    assert result.stderr.startswith("hi\n")
    assert (tmp_path / "out" / "f").read_text() == "hi!"


# --- template_dir (§2.1) -----------------------------------------------------------------------------


def test_template_dir_redirects_template_and_library(tmp_path):
    root = FIXTURES / "template_dir" / "variant"
    render(root, {}, tmp_path / "out")
    assert read_tree(tmp_path / "out") == {"README.md": "variant of shared: from shared library\n"}


def test_template_dir_not_found(tmp_path):
    root = make_template(tmp_path / "t", {"template_dir": "../elsewhere"}, files={})
    assert render_error(root) == f"template directory {tmp_path}/elsewhere not found"


# --- the walk (§6.1–6.3) -----------------------------------------------------------------------------


def test_missing_template_directory(tmp_path):
    root = make_template(tmp_path / "t", NAME, files=None)
    assert render_error(root) == "open .: no such file or directory"


def test_everything_is_copied_including_dotfiles(tmp_path):
    files = {".gitignore": "x", ".vscode/settings.json": "{}", "__pycache__/m.pyc": "b", ".DS_Store": "d"}
    tree = rendered(tmp_path, files)
    assert set(tree) == {".gitignore", ".vscode/", ".vscode/settings.json", "__pycache__/", "__pycache__/m.pyc", ".DS_Store"}


def test_paths_are_rendered_and_tmpl_is_stripped(tmp_path):
    files = {
        "{{.name}}/src/{{.name}}.py.tmpl": "print({{printf \"%q\" .name}})",
        "{{.name}}/x.tmpl.tmpl": "{{`{{.kept}}`}}",
        "{{.name}}/raw.txt": "{{.not_rendered}}",
        "{{.name}}/{{`back{tick}`}}.md": "",
    }
    tree = rendered(tmp_path, files)
    assert tree["proj/src/proj.py"] == 'print("proj")'
    assert tree["proj/x.tmpl"] == "{{.kept}}"
    assert tree["proj/raw.txt"] == "{{.not_rendered}}"
    assert "proj/back{tick}.md" in tree


def test_binary_files_are_copied_byte_for_byte(tmp_path):
    data = bytes(range(256)) + b"{{ not a template"
    root = make_template(tmp_path / "t", NAME, files={"logo.png": data, "bad.tmpl": b"caf\xe9 {{.name}}\r\n"})
    render(root)
    assert (tmp_path / "out" / "logo.png").read_bytes() == data
    assert (tmp_path / "out" / "bad").read_bytes() == b"caf\xe9 proj\r\n"  # invalid UTF-8 and CRLF kept


def test_non_tmpl_file_names_are_still_rendered(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"{{.nope}}.txt": "x"})
    assert render_error(root) == 'variable "nope" not defined'


def test_directory_name_errors_are_bare(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"{{if}}/a": "x"})
    assert render_error(root) == "error in {{if}}: template: :1: missing value for if"


def test_fail_in_content_is_the_bare_message(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": '{{fail "unsupported %s: %d" .name 3}}'})
    assert render_error(root) == "unsupported proj: 3"


def test_fail_through_a_library_define(tmp_path):
    library = {"l.tmpl": '{{define "guard"}}{{fail "guarded"}}{{end}}'}
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": '{{template "guard" .}}'}, library=library)
    assert render_error(root) == "guarded"


def test_fail_in_a_path_is_wrapped(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={'{{fail "no"}}': ""})
    assert render_error(root) == 'template: :1:2: executing "" at <fail "no">: error calling fail: no'


def test_bfs_order_decides_which_error_wins(tmp_path):
    # all files of a directory come before its subdirectories; siblings in byte order
    files = {
        "a/z.tmpl": '{{fail "a/z"}}',
        "b.tmpl": '{{fail "b"}}',
        "c.tmpl": '{{fail "c"}}',
    }
    assert render_error(make_template(tmp_path / "t", NAME, files=files)) == "b"


def test_skip_from_a_directory_drops_its_later_subdirectories(tmp_path):
    files = {"a/b/3.tmpl": '{{skip "../../1"}}', "a/2.tmpl": '{{skip "*"}}', "1.tmpl": "x", "Z.tmpl": "upper first"}
    tree = rendered(tmp_path, files)
    # a/2 registers `a/*`: a's own files are not written and a/b, dequeued later, is dropped unread
    # (so its skip of `1` never happens); `a` itself is still created
    assert tree == {"1": "x", "Z": "upper first", "a/": ""}


def test_permissions(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"run.sh": "#!/bin/sh\n", "ro.txt.tmpl": "r", "plain": "p"})
    os.chmod(root / "template" / "run.sh", 0o755)
    os.chmod(root / "template" / "ro.txt.tmpl", 0o444)
    os.chmod(root / "template" / "plain", 0o640)
    old = os.umask(0o022)
    try:
        render(root)
    finally:
        os.umask(old)
    out = tmp_path / "out"
    assert stat.S_IMODE(os.stat(out / "run.sh").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(out / "ro.txt").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(out / "plain").st_mode) == 0o640


def test_symlinked_files_become_regular_files(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"real.txt": "content"})
    os.symlink("real.txt", root / "template" / "link.txt")
    render(root)
    assert not (tmp_path / "out" / "link.txt").is_symlink()
    assert (tmp_path / "out" / "link.txt").read_text() == "content"


def test_symlinked_directory_is_an_error(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"real/x": "content"})
    os.symlink("real", root / "template" / "link")
    assert render_error(root) == "read link: is a directory"


# --- empty directories (§6.5) ------------------------------------------------------------------------


def test_visited_directories_are_created_even_when_empty(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"{{.name}}/empty/": "", "{{.name}}/only_skipped/x.tmpl": '{{skip "x"}}'})
    assert render(root) == []
    assert read_tree(tmp_path / "out") == {"proj/": "", "proj/empty/": "", "proj/only_skipped/": ""}


def test_output_dir_is_not_created_for_nothing(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={})
    assert render(root, out=tmp_path / "never") == []
    assert not (tmp_path / "never").exists()


# --- skip (§6.4) ------------------------------------------------------------------------------------


def test_skip_fixture(tmp_path):
    written = render(FIXTURES / "skips", {}, tmp_path / "out")
    assert written == ["kept.txt", "notes.md", "proj/keep/late/a.txt"]
    assert read_tree(tmp_path / "out") == {
        "kept.txt": "kept\n",
        "notes.md": "[!x] is not a negation, so this file stays\n",
        "proj/": "",
        "proj/dir_star/": "",
        "proj/keep/": "",
        "proj/keep/late/": "",
        "proj/keep/late/a.txt": "late directory skips do not apply\n",
        "proj/keep/late_skipper/": "",
    }


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("[!a]", ["b"]),  # `!` is a literal in Go's path.Match: the class is {!, a} ...
        ("[^a]", ["a"]),  # ... while `^` negates
        ("?", []),
        ("*", []),
        ("[a-b]", []),
        ("\\b", ["a"]),
    ],
)
def test_skip_pattern_syntax(tmp_path, pattern, expected):
    files = {"a": "", "b": "", "z.tmpl": f"{{{{skip `{pattern}`}}}}{{{{skip `z`}}}}"}
    assert render(make_template(tmp_path / "t", NAME, files=files)) == expected


def test_double_star_is_not_recursive(tmp_path):
    # registered from d/e (after d/e was dequeued), `d/**` is `d/*`: it skips d/g, not d/e/f
    files = {"d/e/f": "", "d/g": "", "d/e/s.tmpl": '{{skip "../**"}}{{skip "s"}}'}
    assert render(make_template(tmp_path / "t", NAME, files=files)) == ["d/e/f"]


def test_malformed_skip_pattern(tmp_path):
    files = {"s.tmpl": '{{skip "[a"}}', "t": ""}
    assert render_error(make_template(tmp_path / "t", NAME, files=files)) == "syntax error in pattern"


def test_skip_patterns_are_relative_to_the_calling_directory_and_rendered(tmp_path):
    files = {
        "{{.name}}/tests/t.py": "",
        "{{.name}}/src/s.py": "",
        "{{.name}}/a_sub/x.tmpl": '{{skip "../src"}}',
        "pre.tmpl": '{{skip "{{.name}}/tests"}}{{skip "./pre"}}',
    }
    tree = rendered(tmp_path, files)
    # a_sub registers proj/src after src was queued but before it is dequeued: it applies
    assert tree == {"proj/": "", "proj/a_sub/": "", "proj/a_sub/x": ""}


def test_skipped_files_are_still_rendered(tmp_path):
    files = {"a.tmpl": '{{fail "rendered anyway"}}', "s.tmpl": '{{skip "a"}}'}
    assert render_error(make_template(tmp_path / "t", NAME, files=files)) == "rendered anyway"


def test_skipped_directories_are_never_rendered(tmp_path):
    files = {"0.tmpl": '{{skip "bad"}}', "bad/a.tmpl": '{{fail "never"}}', "bad/{{.nope}}": ""}
    assert render(make_template(tmp_path / "t", NAME, files=files)) == ["0"]


def test_skip_prints_nothing_but_keeps_surrounding_text(tmp_path):
    assert rendered(tmp_path, {"a.tmpl": 'x {{skip "nothing"}}\ny'})["a"] == "x \ny"


def test_success_message_may_call_skip(tmp_path):
    schema = {"success_message": 'done{{skip "x"}}'}
    root = make_template(tmp_path / "t", schema, files={"a": ""})
    assert init(str(root), "--output-dir", str(tmp_path / "out")).stderr == "done\n"
