"""Interactive prompting (§4.4), driven through a pseudo-terminal with pexpect."""

from __future__ import annotations

import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

from initkit import FIXTURES, read_tree  # noqa: E402

TEMPLATE = FIXTURES / "prompts"
DOWN = "\x1b[B"
UP = "\x1b[A"


def spawn(tmp_path, *args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm", "COLUMNS": "120", **env_overrides})
    return pexpect.spawn(
        sys.executable,
        ["-m", "bricksmith", "init", str(TEMPLATE), "--output-dir", str(tmp_path / "out"), *args],
        env=env, encoding="utf-8", timeout=20, dimensions=(40, 120),
    )


def answers(tmp_path, project="my_project") -> dict[str, str]:
    text = read_tree(tmp_path / "out")[f"{project}/answers.txt"]
    return dict(line.split("=", 1) for line in text.splitlines())


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_full_dialogue(tmp_path):
    child = spawn(tmp_path)
    child.expect_exact("Welcome to the prompt fixture")

    # a pattern failure is reported with the custom message and asked again
    child.expect_exact("Project name [my_project]: ")
    child.sendline("Bad-Name")
    child.expect_exact('Validation failed: invalid value for project_name: "Bad-Name". Use lower-case letters and _.')
    child.expect_exact("Project name [my_project]: ")
    child.sendline("shop")

    # descriptions and defaults are rendered with the answers so far; Enter takes the default
    child.expect_exact("Package for shop [shop_pkg]: ")
    child.sendline("")

    # the picker: lines before the last one are printed first, the cursor starts on the first entry
    child.expect_exact("Clouds differ in node types.")
    child.expect_exact("Which cloud")
    child.expect_exact("gcp")
    child.send(DOWN)
    child.send(DOWN)
    child.send(DOWN)  # already on the last entry: stays
    child.send(UP)
    child.send(DOWN)
    child.send("\r")
    child.expect_exact("Which cloud: gcp")

    # region is skipped (skip_prompt_if matches cloud=gcp) and gets its rendered default
    child.expect_exact("Number of workers [2]: ")
    child.sendline("two")
    child.expect_exact('Validation failed: "two" is not a integer')
    child.expect_exact("Number of workers [2]: ")
    child.sendline("4")

    child.expect_exact("Send e-mails [false]: ")
    child.sendline("yes")
    child.expect_exact('Validation failed: "yes" is not a boolean')
    child.expect_exact("Send e-mails [false]: ")
    child.sendline("T")

    child.expect_exact("Created shop")
    assert finish(child) == 0
    assert answers(tmp_path, "shop") == {
        "cloud": "gcp (string)",
        "notify": "true (bool)",
        "package": "shop_pkg (string)",
        "project_name": "shop (string)",
        "region": "gcp-default-region (string)",
        "workers": "4 (int64)",
    }


def test_picker_starts_on_the_first_entry_and_skip_prompt_if_can_fail(tmp_path):
    child = spawn(tmp_path)
    child.expect_exact("Project name [my_project]: ")
    child.sendline("")
    child.expect_exact("Package for my_project [my_project_pkg]: ")
    child.sendline("custom")
    child.expect_exact("gcp")
    child.send(DOWN)
    child.send("\r")  # azure: the skip_prompt_if condition fails, region is asked
    child.expect_exact("Which cloud: azure")
    child.expect_exact("Region [azure-default-region]: ")
    child.sendline("westeurope")
    child.expect_exact("Number of workers [2]: ")
    child.sendline("")
    child.expect_exact("Send e-mails [false]: ")
    child.sendline("")
    assert finish(child) == 0
    assert answers(tmp_path) == {
        "cloud": "azure (string)",
        "notify": "false (bool)",
        "package": "custom (string)",
        "project_name": "my_project (string)",
        "region": "westeurope (string)",
        "workers": "2 (int64)",
    }


def test_config_file_values_are_not_asked(tmp_path):
    (tmp_path / "in.json").write_text('{"project_name": "given", "cloud": "aws", "workers": 9, "notify": true}')
    child = spawn(tmp_path, "--config-file", str(tmp_path / "in.json"))
    child.expect_exact("Package for given [given_pkg]: ")
    child.sendline("")
    assert finish(child) == 0
    assert answers(tmp_path, "given")["region"] == "aws-default-region (string)"


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_prompting_without_a_capable_terminal(tmp_path, env):
    child = spawn(tmp_path, **env)
    child.expect_exact("Created my_project")
    assert finish(child) == 0
    assert answers(tmp_path)["cloud"] == "azure (string)"  # the default, not the picker's first entry


def test_end_of_input_is_an_error(tmp_path):
    child = spawn(tmp_path)
    child.expect_exact("Project name [my_project]: ")
    child.sendeof()
    child.expect_exact("Error: EOF")
    assert finish(child) == 1
    assert not (tmp_path / "out").exists()


def test_required_naming_a_later_property_is_an_error_not_a_loop(tmp_path):
    root = tmp_path / "t"
    (root / "template").mkdir(parents=True)
    (root / "databricks_template_schema.json").write_text(
        '{"required": ["b"], "properties": {'
        '"a": {"type": "string", "description": "A", "order": 1},'
        '"b": {"type": "string", "description": "B", "order": 2}}}'
    )
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    child = pexpect.spawn(
        sys.executable, ["-m", "bricksmith", "init", str(root), "--output-dir", str(tmp_path / "out")],
        env=env, encoding="utf-8", timeout=20,
    )
    child.expect_exact("A: ")
    child.sendline("x")
    child.expect_exact(
        "Error: validation for template input parameters failed. no value provided for required property b"
    )
    assert finish(child) == 1
