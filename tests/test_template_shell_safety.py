"""No answer to a prompt reaches a shell line of the generated CI/CD.

Every CI platform runs its script steps through a shell; a value spliced into a script is a
command injection waiting for an unusual answer. The pipelines pass answers through environment
variables (quoted "$VAR" in the script) or YAML fields that are not shell, never in the script's
text. This renders every platform and setup mode with distinctive answers and looks for them in
every script step: GitHub `run:`, Azure Pipelines `script:`/`bash:`/`inlineScript:`, GitLab
`script:`/`before_script:`/`after_script:`, and the Dockerfile's RUN lines.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

import bricksmith
from template_configs import FACTS, enum_values

# Valid answers no pipeline text would contain by chance.
DISTINCT = {
    "input_project_name": "zqx-proj_1",
    "input_root_dir": "Zqx.Root-2",
    "input_default_branch": "zqx/dev.next",
    "input_release_branch": "zqx-rel.v3",
    "input_docker_image": "registry.zqx.example/ml/ci:9.1",
    "input_read_user_group": "zqx readers",
    "input_unity_catalog_read_user_group": "zqx-uc-readers",
}
SCRIPT_KEYS = {"run", "script", "bash", "pwsh", "powershell", "inlineScript", "before_script", "after_script"}
CASES = list(itertools.product(enum_values()["input_cicd_platform"], ("CICD_and_Project", "CICD_Only")))


def scripts(node, path=""):
    """(path, text) of every script step in a parsed CI document."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key in SCRIPT_KEYS and isinstance(value, (str, list)):
                lines = value if isinstance(value, list) else [value]
                yield from ((here, line) for line in lines if isinstance(line, str))
            else:
                yield from scripts(value, here)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from scripts(item, f"{path}[{i}]")


def ci_files(root: Path) -> list[Path]:
    found = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml")
             and any(part in (".github", ".azure", ".gitlab", "blueprints") for part in p.relative_to(root).parts)]
    gitlab = root / ".gitlab-ci.yml"
    return found + ([gitlab] if gitlab.exists() else [])


@pytest.mark.parametrize(("platform", "setup"), CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_no_answer_reaches_a_shell_line(tmp_path, platform, setup):
    config = {**DISTINCT, "input_cicd_platform": platform, "input_setup_cicd_and_project": setup}
    bricksmith.render(None, config, tmp_path, **FACTS)
    root = tmp_path / DISTINCT["input_root_dir"]
    files = ci_files(root)
    assert files
    leaks, steps = [], 0
    for path in files:
        for doc in yaml.load_all(path.read_text(), Loader=yaml.BaseLoader):
            for where, text in scripts(doc):
                steps += 1
                leaks += [(path.name, where, name) for name, value in DISTINCT.items()
                          if re.search(re.escape(value), text)]
    dockerfile = root / ".gitlab" / "ci-image" / "Dockerfile"
    if dockerfile.exists():
        runs = [line for line in dockerfile.read_text().splitlines() if line.lstrip().startswith("RUN")]
        leaks += [("Dockerfile", line, name) for line in runs for name, value in DISTINCT.items() if value in line]
        assert f"FROM {DISTINCT['input_docker_image']}" in dockerfile.read_text()
    assert steps >= 3, "no script steps found: the parser no longer sees them"
    assert leaks == []
    # The answers do reach the pipelines (through YAML fields and environment variables).
    text = "\n".join(p.read_text() for p in files)
    assert DISTINCT["input_default_branch"] in text and DISTINCT["input_release_branch"] in text
