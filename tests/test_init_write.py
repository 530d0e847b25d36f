"""Golden tests: collision checks and writing (§6.5–6.6), JSON output (§6.8), and where bricksmith
is stricter than the CLI (nothing is written unless everything can be)."""

from __future__ import annotations

import json
import os

import pytest

from initkit import init, make_template, prop, read_tree, render, render_error

NAME = {"properties": {"name": prop(default="proj")}}


def template(tmp_path, files, schema=None):
    return make_template(tmp_path / "t", schema if schema is not None else NAME, files=files)


# --- collisions (§6.6) -----------------------------------------------------------------------------


def test_existing_file_is_a_collision_and_nothing_is_written(tmp_path):
    root = template(tmp_path, {"a.txt": "new", "b/c.txt": "new"})
    out = tmp_path / "out"
    (out / "b").mkdir(parents=True)
    (out / "b" / "c.txt").write_text("old")
    assert render_error(root, out=out) == "failed to initialize template, one or more files already exist: b/c.txt"
    assert read_tree(out) == {"b/": "", "b/c.txt": "old"}


def test_second_init_into_the_same_directory_fails(tmp_path):
    root = template(tmp_path, {"{{.name}}/a": "x"})
    render(root)
    assert render_error(root) == "failed to initialize template, one or more files already exist: proj/a"


def test_existing_directory_at_a_file_path_is_a_collision(tmp_path):
    root = template(tmp_path, {"a": "x"})
    (tmp_path / "out" / "a").mkdir(parents=True)
    assert render_error(root) == "failed to initialize template, one or more files already exist: a"


def test_dangling_symlink_is_a_collision(tmp_path):
    # the CLI's stat follows the link and only fails while writing; bricksmith checks first
    root = template(tmp_path, {"a": "x"})
    (tmp_path / "out").mkdir()
    os.symlink("nowhere", tmp_path / "out" / "a")
    assert render_error(root) == "failed to initialize template, one or more files already exist: a"


def test_parent_is_a_regular_file(tmp_path):
    root = template(tmp_path, {"a/b": "x"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").write_text("file")
    assert render_error(root) == (
        f"error while verifying file a/b does not already exist: stat {tmp_path}/out/a/b: not a directory"
    )


def test_existing_directories_are_merged(tmp_path):
    root = template(tmp_path, {"{{.name}}/new.txt": "n", "{{.name}}/sub/deep.txt": "d", "top.txt": "t"})
    out = tmp_path / "out"
    (out / "proj").mkdir(parents=True)
    (out / "proj" / "mine.txt").write_text("mine")
    (out / "unrelated").mkdir()
    assert render(root, out=out) == ["proj/new.txt", "proj/sub/deep.txt", "top.txt"]
    assert read_tree(out) == {
        "proj/": "", "proj/mine.txt": "mine", "proj/new.txt": "n", "proj/sub/": "", "proj/sub/deep.txt": "d",
        "top.txt": "t", "unrelated/": "",
    }


def test_output_directory_is_created_with_its_parents(tmp_path):
    root = template(tmp_path, {"a": "x"})
    assert render(root, out=tmp_path / "x" / "y" / "z") == ["a"]
    assert read_tree(tmp_path / "x") == {"y/": "", "y/z/": "", "y/z/a": "x"}


def test_relative_output_dir_is_relative_to_the_working_directory(tmp_path):
    root = template(tmp_path, {"a": "x"})
    (tmp_path / "cwd").mkdir()
    assert init(str(root), "--output-dir", "rel", cwd=tmp_path / "cwd").code == 0
    assert (tmp_path / "cwd" / "rel" / "a").read_text() == "x"


def test_default_output_dir_is_the_working_directory(tmp_path):
    root = template(tmp_path, {"a": "x"})
    (tmp_path / "cwd").mkdir()
    assert init(str(root), cwd=tmp_path / "cwd").code == 0
    assert (tmp_path / "cwd" / "a").read_text() == "x"


def test_no_staging_leftovers(tmp_path):
    root = template(tmp_path, {"a": "x"})
    (tmp_path / "out").mkdir()
    render(root)
    assert os.listdir(tmp_path / "out") == ["a"]
    assert sorted(os.listdir(tmp_path)) == ["out", "t"]


# --- paths that leave the output directory ------------------------------------------------------


def test_path_escaping_the_output_dir(tmp_path):
    root = template(tmp_path, {'{{".."}}/x': "x"})
    assert render_error(root) == (
        "error while verifying file ../x does not already exist: relative path escapes root: ../x"
    )
    assert not (tmp_path / "x").exists()


def test_dot_dot_inside_the_output_dir_is_allowed(tmp_path):
    root = template(tmp_path, {'a/{{".."}}/b': "x"})
    assert render(root) == ["a/../b"]
    assert read_tree(tmp_path / "out") == {"a/": "", "b": "x"}


def test_absolute_path_is_an_error(tmp_path):
    # stricter: the CLI writes `/e` at <out>/e; bricksmith refuses a path that looks absolute
    root = template(tmp_path, {"{{if false}}x{{end}}/e.tmpl": ""})
    assert render_error(root) == (
        "template file {{if false}}x{{end}}/e.tmpl renders to the absolute path /e: "
        "output paths must be relative to the output directory"
    )


# --- conflicts the CLI only finds while writing (stricter) ------------------------------------------


def test_two_sources_rendering_to_one_path(tmp_path):
    root = template(tmp_path, {"a": "copied", "a.tmpl": "rendered", "z": "later"})
    assert render_error(root) == "template files a and a.tmpl both render to a"
    assert not (tmp_path / "out").exists()


def test_file_where_a_directory_must_be(tmp_path):
    root = template(tmp_path, {"a": "file", "{{`a`}}/c": ""})
    message = render_error(root)
    assert message == "template file a renders to a, which must be a directory for {{`a`}}/c"


def test_nothing_is_written_when_a_late_file_fails(tmp_path):
    root = template(tmp_path, {"a.txt": "fine", "z/late.tmpl": '{{fail "late failure"}}'})
    assert render_error(root) == "late failure"
    assert not (tmp_path / "out").exists()


def test_existing_file_where_a_directory_must_be_created(tmp_path):
    root = template(tmp_path, {"{{.name}}/empty/": ""})
    (tmp_path / "out" / "proj").mkdir(parents=True)
    (tmp_path / "out" / "proj" / "empty").write_text("in the way")
    message = render_error(root)
    assert message == f"failed to create directory proj/empty: {tmp_path}/out/proj/empty exists and is not a directory"


# --- JSON output (§6.8) and streams --------------------------------------------------------------


def test_json_output(tmp_path):
    root = template(tmp_path, {"b.txt": "", "a/z.tmpl": "", "a/y.txt": "", "s.tmpl": '{{skip "b.txt"}}{{skip "s"}}', "e/": ""})
    result = init(str(root), "--output-dir", str(tmp_path / "out"), "-o", "json")
    assert result.code == 0
    assert result.stdout == '{\n  "outputs": [\n    "a/y.txt",\n    "a/z"\n  ]\n}\n'
    assert result.stderr == "✨ Successfully initialized template\n"


def test_json_output_is_null_without_files(tmp_path):
    root = template(tmp_path, {"e/": ""})
    result = init(str(root), "--output-dir", str(tmp_path / "out"), "--output", "json")
    assert json.loads(result.stdout) == {"outputs": None}
    assert result.stdout == '{\n  "outputs": null\n}\n'


def test_json_output_escapes_like_go(tmp_path):
    root = template(tmp_path, {'{{"<a&b>"}}': "", "é": ""})
    result = init(str(root), "--output-dir", str(tmp_path / "out"), "-o", "json")
    assert result.stdout == '{\n  "outputs": [\n    "\\u003ca\\u0026b\\u003e",\n    "é"\n  ]\n}\n'


def test_text_output_keeps_stdout_empty(tmp_path):
    schema = {"welcome_message": "welcome", "success_message": "bye", **NAME}
    root = template(tmp_path, {"a": ""}, schema=schema)
    result = init(str(root), "--output-dir", str(tmp_path / "out"))
    assert (result.code, result.stdout, result.stderr) == (0, "", "welcome\nbye\n")


@pytest.mark.parametrize("fmt", ["yaml", "TEXT"])
def test_unknown_output_format_is_a_usage_error(tmp_path, fmt):
    with pytest.raises(SystemExit) as exit_info:
        init("-o", fmt)
    assert exit_info.value.code == 2


def test_the_clis_own_checks_win_over_stricter_ones(tmp_path):
    # the CLI would refuse because `a` exists: that error is reported, not the later duplicate
    root = template(tmp_path, {"a": "", "b": "", "b.tmpl": ""})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a").write_text("old")
    assert render_error(root) == "failed to initialize template, one or more files already exist: a"
