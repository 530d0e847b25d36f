"""The command surface (§1): TEMPLATE_PATH resolution, git clones, flags, exit codes, the Python API."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from initkit import (
    REPO,
    UUID,
    init,
    init_error,
    make_template,
    prop,
    read_tree,
    render,
    run_subprocess,
)

import bricksmith
from bricksmith.cli import main

NAME = {"properties": {"name": prop(default="proj")}}


# --- TEMPLATE_PATH -------------------------------------------------------------------------------


def test_default_template_is_this_repository(tmp_path):
    result = init("--output-dir", str(tmp_path))
    assert result.code == 0, result.stderr
    tree = read_tree(tmp_path)
    assert "my_mlops_project/databricks.yml" in tree
    assert UUID in tree["my_mlops_project/databricks.yml"]


def test_tag_and_branch_together(tmp_path):
    assert init_error("--tag", "v1", "--branch", "main") == "only one of --tag or --branch can be specified"
    # the CLI's check comes first, whatever TEMPLATE_PATH is
    root = make_template(tmp_path / "t", NAME, files={"a": "x"})
    assert init_error(str(root), "--tag", "v1", "--branch", "main") == "only one of --tag or --branch can be specified"
    assert init_error("--template-dir", "d", "--tag", "v1", "--branch", "main") == (
        "only one of --tag or --branch can be specified"
    )


# Without TEMPLATE_PATH the CLI wants one (`prompting is not supported. Please specify the path,
# name or URL of the template to use` without a terminal); bricksmith renders its own template,
# but not when a Git-only option says a repository was meant.
GIT_ONLY = "only to a Git TEMPLATE_PATH, and no TEMPLATE_PATH was given: pass the repository URL as TEMPLATE_PATH " \
    "(without one, bricksmith renders its own template)"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--template-dir", "mlops"], "--template-dir applies " + GIT_ONLY),
        (["--tag", "v1.2.0"], "--tag applies " + GIT_ONLY),
        (["--branch", "main"], "--branch applies " + GIT_ONLY),
        (["--branch", "main", "--template-dir", "mlops"], "--template-dir and --branch apply " + GIT_ONLY),
        # an empty TEMPLATE_PATH is no TEMPLATE_PATH
        (["--tag", "v1", "--template-dir", "mlops", ""], "--template-dir and --tag apply " + GIT_ONLY),
    ],
)
def test_git_options_need_a_template_path(tmp_path, args, message):
    result = init(*args, "--output-dir", str(tmp_path / "out"))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {message}\n"
    assert not (tmp_path / "out").exists()


def test_git_options_need_a_template_path_in_the_api(tmp_path):
    with pytest.raises(bricksmith.InitError) as info:
        bricksmith.render(None, {}, tmp_path / "out", tag="v1")
    assert str(info.value) == "--tag applies " + GIT_ONLY
    assert not (tmp_path / "out").exists()


def test_empty_git_options_are_not_given(tmp_path):
    result = init("--template-dir", "", "--tag", "", "--branch", "", "--output-dir", str(tmp_path))
    assert result.code == 0, result.stderr


def test_at_most_one_template_path():
    assert init_error("a", "b") == "accepts at most 1 arg(s), received 2"


@pytest.mark.parametrize("url", ["http://example.com/t.git", "git://example.com/t.git", "ftp://x/y", "ftps://x/y"])
def test_rejected_git_protocols(url):
    assert init_error(url) == (
        f'unsupported protocol in Git URL "{url}": only https://, ssh://, git@ URLs are supported'
    )


def test_builtin_template_names_win_over_local_directories(tmp_path):
    make_template(tmp_path / "default-python", NAME, files={})
    message = init_error("default-python", cwd=tmp_path)
    assert message.startswith("default-python is a built-in template of the Databricks CLI")
    assert init("./default-python", "--output-dir", "out", cwd=tmp_path).code == 0


@pytest.mark.parametrize("flags", [["--template-dir", "nope", "--tag", "v9"], ["--branch", "nope"]])
def test_local_path_ignores_git_flags(tmp_path, flags):
    root = make_template(tmp_path / "t", NAME, files={"a": "x"})
    result = init(str(root), *flags, "--output-dir", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    assert read_tree(tmp_path / "out") == {"a": "x"}


def _git(*args, cwd):
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, check=True, capture_output=True,
    )


@pytest.fixture
def git_remote(tmp_path, monkeypatch):
    """A local repository reachable as https://example.invalid/templates.git (git's insteadOf)."""
    repo = tmp_path / "remote"
    make_template(repo / "sub", NAME, files={"{{.name}}/from_git.txt": "cloned"})
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "template", cwd=repo)
    _git("branch", "release", cwd=repo)
    url = "https://example.invalid/templates.git"
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.file://{repo}.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", url)
    return url


def test_git_clone(tmp_path, git_remote):
    before = set(os.listdir(tempfile_dir()))
    result = init(git_remote, "--template-dir", "sub", "--branch", "release", "--output-dir", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    assert read_tree(tmp_path / "out") == {"proj/": "", "proj/from_git.txt": "cloned"}
    assert set(os.listdir(tempfile_dir())) == before  # the clone is removed


def test_git_clone_without_template_dir_is_not_a_template(tmp_path, git_remote):
    assert init_error(git_remote, "--output-dir", str(tmp_path / "out")) == (
        "not a bundle template: expected to find a template schema file at databricks_template_schema.json"
    )


def test_git_clone_failure(tmp_path, git_remote):
    message = init_error(git_remote, "--tag", "no-such-tag")
    assert message.startswith(f"git clone failed: git clone {git_remote} ")
    assert " --no-tags --branch no-such-tag --depth=1: exit status 128. " in message


def test_git_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert init_error("https://example.invalid/t.git") == (
        'please install git CLI to clone a repository: exec: "git": executable file not found in $PATH'
    )


def tempfile_dir():
    import tempfile

    return tempfile.gettempdir()


# --- the process ----------------------------------------------------------------------------------


def test_errors_exit_1_on_stderr(tmp_path):
    done = run_subprocess("init", str(tmp_path / "nope"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "Error: not a bundle template: expected to find a template schema file at databricks_template_schema.json\n"
    )


def test_help_lists_the_options():
    done = run_subprocess("init", "--help")
    assert done.returncode == 0
    for option in ("--config-file", "--output-dir", "--template-dir", "--tag", "--branch", "--library",
                   "--workspace-host", "--user-name", "--default-catalog", "--bundle-uuid", "-o"):
        assert option in done.stdout


def test_cold_start_is_lean(tmp_path):
    """The default project renders without importing the Databricks SDK, well under a second."""
    code = (
        "import sys, time; t = time.perf_counter(); from bricksmith.cli import main; "
        f"rc = main(['init', '--output-dir', {str(tmp_path)!r}]); "
        "assert rc == 0; assert 'databricks.sdk' not in sys.modules, 'sdk imported'; "
        "print(time.perf_counter() - t)"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert elapsed < 2.0  # generous for slow CI machines; typically ~0.15 s


# --- workspace facts ------------------------------------------------------------------------------


@pytest.fixture
def no_auth(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("DATABRICKS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no.databrickscfg"))


@pytest.mark.parametrize(
    "helper, flag",
    [("user_name", "--user-name"), ("short_name", "--user-name"), ("default_catalog", "--default-catalog"),
     ("workspace_host", "--workspace-host")],
)
def test_missing_workspace_facts_name_their_flag(tmp_path, no_auth, helper, flag):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": f"{{{{{helper}}}}}"})
    message = init_error(str(root), "--output-dir", str(tmp_path / "out"))
    assert message.startswith(f'failed to compute file content for a.tmpl. template: :1:2: executing "" at <{helper}>: ')
    assert message.endswith(f"pass {flag} or configure Databricks authentication")


def test_workspace_facts_from_flags(tmp_path, no_auth):
    text = "{{workspace_host}} {{user_name}} {{short_name}} {{is_service_principal}} [{{default_catalog}}] {{smallest_node_type}}"
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": text})
    result = init(
        str(root), "--output-dir", str(tmp_path / "out"), "--workspace-host", "adb-123.4.azuredatabricks.net/some/path",
        "--user-name", "Jane.Doe+x@example.com", "--default-catalog", "",
    )
    assert result.code == 0, result.stderr
    assert (tmp_path / "out" / "a").read_text() == (
        "https://adb-123.4.azuredatabricks.net Jane.Doe+x@example.com jane_doe_x false [] Standard_D3_v2"
    )


def test_workspace_host_from_the_environment(tmp_path, no_auth, monkeypatch):
    monkeypatch.setenv("DATABRICKS_HOST", "https://x.gcp.databricks.com:443/")
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{workspace_host}} {{smallest_node_type}}"})
    render(root)
    assert (tmp_path / "out" / "a").read_text() == "https://x.gcp.databricks.com:443 n1-standard-4"


def test_workspace_host_from_a_profile(tmp_path, no_auth, monkeypatch):
    (tmp_path / "no.databrickscfg").write_text("[DEFAULT]\nhost = dbc-1.cloud.databricks.com\n\n[other]\nhost = o\n")
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{workspace_host}} {{smallest_node_type}}"})
    render(root)
    assert (tmp_path / "out" / "a").read_text() == "https://dbc-1.cloud.databricks.com i3.xlarge"


def init_with(*args: str, cwd=None):
    """`bricksmith init ARGS` in this process, without the --bundle-uuid that `init` adds."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["init", *args])
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


BAD_UUID = 'invalid --bundle-uuid {}: expected a UUID of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits)'


@pytest.mark.parametrize(
    "value, shown",
    [
        ("not-a-uuid", '"not-a-uuid"'),
        ("", '""'),
        # the other forms Go's uuid.Parse knows are refused: the value is written as given
        ("{6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93}", '"{6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93}"'),
        ("urn:uuid:6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93", '"urn:uuid:6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93"'),
        ("6f3c2a8e1b7d4c559e0a2d4f8b6a1c93", '"6f3c2a8e1b7d4c559e0a2d4f8b6a1c93"'),
        ("6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c9", '"6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c9"'),
        ("6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93\n", '"6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93\\n"'),
        (" 6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c9", '" 6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c9"'),
        ("6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1cg3", '"6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1cg3"'),
        ("6f3c2a8e_1b7d_4c55_9e0a_2d4f8b6a1c93", '"6f3c2a8e_1b7d_4c55_9e0a_2d4f8b6a1c93"'),
        ("６f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93", '"６f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93"'),  # a fullwidth digit
    ],
)
def test_bundle_uuid_must_be_a_canonical_uuid(tmp_path, value, shown):
    code, stdout, stderr = init_with("--output-dir", str(tmp_path / "out"), "--bundle-uuid", value)
    assert (code, stdout, stderr) == (1, "", f"Error: {BAD_UUID.format(shown)}\n")
    assert not (tmp_path / "out").exists()


def test_bundle_uuid_is_checked_before_the_template(tmp_path):
    # before a clone or a template directory is looked at, after the CLI's own option check
    code, _, stderr = init_with(str(tmp_path / "missing"), "--bundle-uuid", "x")
    assert (code, stderr) == (1, "Error: " + BAD_UUID.format('"x"') + "\n")
    code, _, stderr = init_with("--tag", "a", "--branch", "b", "--bundle-uuid", "x")
    assert (code, stderr) == (1, "Error: only one of --tag or --branch can be specified\n")


def test_bundle_uuid_is_written_as_given(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{bundle_uuid}}"})
    value = "6F3C2A8E-1b7d-4c55-9E0A-2d4f8b6a1c93"
    assert init_with(str(root), "--output-dir", str(tmp_path / "out"), "--bundle-uuid", value)[0] == 0
    assert (tmp_path / "out" / "a").read_text() == value


def test_bundle_uuid_in_the_api(tmp_path):
    with pytest.raises(bricksmith.InitError) as info:
        bricksmith.render(None, {}, tmp_path / "out", bundle_uuid="not-a-uuid")
    assert str(info.value) == BAD_UUID.format('"not-a-uuid"')
    assert not (tmp_path / "out").exists()


def test_bad_bundle_uuid_process(tmp_path):
    done = run_subprocess("init", "--bundle-uuid", "not-a-uuid", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "Error: " + BAD_UUID.format('"not-a-uuid"') + "\n"
    assert os.listdir(tmp_path) == []


def test_bundle_uuid_is_one_per_run(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"a.tmpl": "{{bundle_uuid}}", "b/c.tmpl": "{{bundle_uuid}}"})
    bricksmith.render(root, {}, tmp_path / "one")
    bricksmith.render(root, {}, tmp_path / "two")
    one, two = read_tree(tmp_path / "one"), read_tree(tmp_path / "two")
    assert one["a"] == one["b/c"] and two["a"] == two["b/c"]
    assert one["a"] != two["a"] and len(one["a"]) == 36


# --- the Python API ---------------------------------------------------------------------------------


def test_render_api(tmp_path):
    written = bricksmith.render(None, {"input_project_name": "churn"}, tmp_path, bundle_uuid=UUID)
    assert "churn/databricks.yml" in written and written == sorted(written)
    assert 'name: "churn"' in (tmp_path / "churn" / "databricks.yml").read_text()


def test_render_api_with_a_config_file(tmp_path):
    root = make_template(tmp_path / "t", NAME, files={"{{.name}}": ""})
    (tmp_path / "c.json").write_text('{"name": "from_file"}')
    assert bricksmith.render(root, tmp_path / "c.json", tmp_path / "out") == ["from_file"]


def test_render_api_raises_init_error(tmp_path):
    with pytest.raises(bricksmith.InitError) as info:
        bricksmith.render(tmp_path / "missing", {}, tmp_path / "out")
    assert str(info.value).startswith("not a bundle template")


def test_render_reuses_parsed_templates(tmp_path):
    from bricksmith.initcmd import renderer, schema

    root = make_template(tmp_path / "t", NAME, files={"{{.name}}/a.tmpl": "{{.name}}"}, library={"l.tmpl": "{{define \"x\"}}{{end}}"})
    render(root, {"name": "first"}, tmp_path / "o1")
    bases, schemas = len(renderer._base_cache), len(schema._cache)
    for i in range(20):
        render(root, {"name": f"n{i}"}, tmp_path / f"out{i}")
    assert (len(renderer._base_cache), len(schema._cache)) == (bases, schemas)
    assert (tmp_path / "out7" / "n7" / "a").read_text() == "n7"


def test_version():
    assert run_subprocess("--version").stdout.strip() == f"bricksmith {bricksmith.__version__}"


def test_repo_template_is_found(tmp_path):
    from bricksmith.initcmd.reader import default_template_root

    assert os.path.samefile(default_template_root(), REPO)


def test_own_template_never_carries_byte_code(tmp_path, monkeypatch):
    # pip compiles the template's .py files when it installs the wheel; none of that is output.
    from bricksmith.initcmd import reader

    fake, source = tmp_path / "installed", Path(reader.default_template_root())
    fake.mkdir()
    (fake / "databricks_template_schema.json").write_bytes((source / "databricks_template_schema.json").read_bytes())
    for entry in ("template", "library"):
        shutil.copytree(source / entry, fake / entry)
    pkg = next(fake.glob("template/*/src/*"))
    (pkg / "__pycache__").mkdir(exist_ok=True)
    (pkg / "__pycache__" / "training.cpython-311.pyc").write_bytes(b"\x00compiled")
    (pkg / "stray.pyc").write_bytes(b"\x00")
    monkeypatch.setattr(reader, "default_template_root", lambda: str(fake))
    written = bricksmith.render(None, {}, tmp_path / "out", bundle_uuid=UUID,
                                workspace_host="https://x.cloud.databricks.com", user_name="a@b.c")
    assert written and not any("__pycache__" in rel or rel.endswith(".pyc") for rel in written)
