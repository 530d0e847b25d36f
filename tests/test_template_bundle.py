"""Structural tests of the generated bundle, for every configuration of template_configs.py.

`bricksmith check` proves each generated bundle valid (schema, references, production rules); these
tests prove it says what the answers asked for: every task has compute of the chosen kind, every
permission block names the read group and every grant the Unity Catalog group, every table and
model name lies in the target's catalog and the project's schema, hosts are reduced to
scheme://host, the entry points and their parameters are the ones the ML code implements, and the
optional parts (feature store, serving, the bundle-managed schema) appear exactly when asked for.

Values are compared after resolving the bundle's references per target the way the Databricks
CLI does (variables, development-mode and preset name prefixes), so a name that reaches the right
catalog only through a variable still counts.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

import bricksmith
from template_configs import (
    ASSIGNED,
    BUNDLE_SHAPING,
    FACTS,
    SCHEMA_FILE,
    SETUP,
    cicd_only_configurations,
    configurations,
    enum_values,
    matrix,
)

CONFIGS = configurations()
TARGETS = ("dev", "test", "staging", "prod")
USER = FACTS["user_name"]
SHORT_NAME = "first_last"  # the CLI's short_name of USER
# What development mode and the test target's presets put before resource names.
NAME_PREFIX = {"dev": f"[dev {SHORT_NAME}] ", "test": "[test] ", "staging": "", "prod": ""}
UC_PREFIX = {"dev": f"dev_{SHORT_NAME}_", "test": "test_", "staging": "", "prod": ""}
CATALOG_INPUT = {t: f"input_{t}_catalog_name" for t in TARGETS}

# The entry points of the contract with the ML code: job key -> [(task key, entry point, flags)].
# Flags in brackets are optional: present exactly when their feature is on.
CONTRACT = {
    "model_training_job": [
        ("train", "train", ["--training-table", "--model-name", "--experiment", "[--feature-table]"]),
        ("validate_model", "validate_model", ["--model-name", "--model-version", "--validation-table",
                                              "--experiment", "--run-mode", "[--feature-table]"]),
        ("deploy_model", "deploy_model", ["--model-name", "--model-version", "[--serving-endpoint]"]),
    ],
    "batch_inference_job": [
        ("batch_inference", "batch_inference", ["--model-name", "--input-table", "--output-table",
                                                "[--feature-table]"]),
        ("update_monitor", "update_monitor", ["--inference-table", "--output-schema", "--assets-dir"]),
    ],
    "retraining_job": [
        ("check_monitor", "check_monitor", ["--inference-table", "--output-schema", "--metric", "--threshold"]),
    ],
    "write_features_job": [
        ("write_features", "write_features", ["--source-table", "--feature-table"]),
    ],
}
# Flags whose value names a Unity Catalog object of the project: catalog.schema[.name].
PROJECT_OBJECT_FLAGS = {"--model-name", "--output-table", "--inference-table", "--feature-table"}
SCHEMA_FLAGS = {"--output-schema"}


# --- rendering, once per configuration ----------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("bundles")


_RENDERED: dict[str, Path] = {}


def project(workdir: Path, name: str) -> Path:
    """The project directory rendered for configuration `name` (rendered on first use)."""
    if name not in _RENDERED:
        out = workdir / name
        written = bricksmith.render(None, CONFIGS[name], out, **FACTS)
        roots = {Path(rel).parts[0] for rel in written}
        assert len(roots) == 1, roots
        _RENDERED[name] = out / roots.pop()
    return _RENDERED[name]


@cache
def answers(name: str) -> dict[str, str]:
    """Every input of configuration `name`, defaults included, as the template engine resolves them:
    rendered through a one-file template that shares the repository's schema."""
    root = Path(_answers_dir()) / re.sub(r"[^\w.-]", "_", name)
    (root / "template").mkdir(parents=True)
    shutil.copy(SCHEMA_FILE, root / "databricks_template_schema.json")
    (root / "template" / "answers.json.tmpl").write_text(
        '{ {{- range $k, $v := . }}{{ printf "%q" $k }}: {{ printf "%q" $v }}, {{ end }}"": ""}'
    )
    bricksmith.render(root, CONFIGS[name] if name in CONFIGS else cicd_only_configurations()[name], root / "out", **FACTS)
    values = json.loads((root / "out" / "answers.json").read_text())
    values.pop("")
    return values


@cache
def _answers_dir() -> str:
    import atexit
    import tempfile

    path = tempfile.mkdtemp(prefix="bricksmith-answers-")
    atexit.register(shutil.rmtree, path, True)
    return path


@cache
def bundle(name: str, root: Path) -> dict:
    """databricks.yml with every included file merged into it (resources and variables)."""
    config = yaml.safe_load((root / "databricks.yml").read_text())
    for path in sorted((root / "resources").glob("*.yml")):
        part = yaml.safe_load(path.read_text()) or {}
        for kind, items in (part.get("resources") or {}).items():
            merged = config.setdefault("resources", {}).setdefault(kind, {})
            assert not set(merged) & set(items), f"{path.name}: resource keys defined twice"
            merged.update(items)
        assert set(part) <= {"resources"}, f"{path.name}: {sorted(part)}"
    return config


def jobs(config: dict) -> dict:
    return config["resources"]["jobs"]


def tasks(config: dict):
    for job_key, job in jobs(config).items():
        for task in job["tasks"]:
            yield job_key, job, task


# --- resolving references per target ------------------------------------------------------------

REF = re.compile(r"\$\{([A-Za-z0-9_.\-\[\]]+)\}")


def variables(config: dict, target: str) -> dict[str, str]:
    values = {name: spec.get("default") for name, spec in config["variables"].items()}
    values.update(config["targets"][target].get("variables") or {})
    return values


def environment(config: dict, target: str, name: str) -> dict[str, str]:
    """Reference -> value, for the references the bundle uses, in `target`."""
    answer = answers(name)
    spec = config["targets"][target]
    root_path = (spec.get("workspace") or {}).get(
        "root_path", "/Workspace/Users/${workspace.current_user.userName}/.bundle/${bundle.name}/${bundle.target}"
    )
    env = {
        "bundle.target": target,
        "bundle.name": config["bundle"]["name"],
        "workspace.current_user.userName": USER,
        "workspace.current_user.short_name": SHORT_NAME,
        "workspace.root_path": root_path,
    }
    env.update({f"var.{k}": v for k, v in variables(config, target).items()})
    resources = config["resources"]
    # Names are prefixed after variables are resolved (the CLI's ApplyPresets).
    if "schemas" in resources:
        schema = resolve(resources["schemas"]["project_schema"]["name"], env)
        env["resources.schemas.project_schema.name"] = UC_PREFIX[target] + schema
    env["resources.registered_models.model.name"] = UC_PREFIX[target] + resolve(
        resources["registered_models"]["model"]["name"], env)
    folder, base = resolve(resources["experiments"]["experiment"]["name"], env).rsplit("/", 1)
    env["resources.experiments.experiment.name"] = f"{folder}/{NAME_PREFIX[target]}{base}"
    # The retraining job monitors the table batch inference writes (its job parameter).
    for i, param in enumerate(resources["jobs"]["batch_inference_job"].get("parameters") or []):
        merged = job_parameters(config, target, "batch_inference_job")[param["name"]]
        env[f"resources.jobs.batch_inference_job.parameters[{i}].default"] = merged
    assert answer["input_project_name"] == config["bundle"]["name"]
    return env


def resolve(value: str, env: dict[str, str]) -> str:
    for _ in range(10):
        new = REF.sub(lambda m: env.get(m.group(1), m.group(0)), value)
        if new == value:
            return value
        value = new
    raise AssertionError(f"reference cycle in {value!r}")


def job_parameters(config: dict, target: str, job_key: str) -> dict[str, str]:
    """The job's parameters in `target`: target overrides merged by name, as the CLI merges them."""
    params = {p["name"]: p["default"] for p in jobs(config)[job_key].get("parameters") or []}
    override = (((config["targets"][target].get("resources") or {}).get("jobs") or {}).get(job_key) or {})
    params.update({p["name"]: p["default"] for p in override.get("parameters") or []})
    return params


def task_arguments(config: dict, target: str, job_key: str, task: dict, env: dict) -> dict[str, str]:
    """{flag: resolved value} of a python_wheel_task, dynamic job parameters substituted."""
    params = task["python_wheel_task"]["parameters"]
    assert len(params) % 2 == 0 and all(p.startswith("--") for p in params[::2]), params
    job_params = job_parameters(config, target, job_key)
    out = {}
    for flag, value in zip(params[::2], params[1::2]):
        value = re.sub(r"\{\{job\.parameters\.(\w+)\}\}", lambda m: job_params[m.group(1)], value)
        out[flag] = resolve(value, env)
    return out


# --- the tests ----------------------------------------------------------------------------------

NAMES = sorted(CONFIGS)


@pytest.mark.parametrize("name", NAMES)
def test_every_task_has_the_chosen_compute(workdir, name):
    root = project(workdir, name)
    config, answer = bundle(name, root), answers(name)
    classic = answer["input_compute"] == "classic"
    for job_key, job, task in tasks(config):
        where = f"{job_key}.{task['task_key']}"
        if "condition_task" in task or "run_job_task" in task:
            assert not {"environment_key", "job_cluster_key", "libraries"} & set(task), where
            continue
        assert "python_wheel_task" in task, where
        if classic:
            assert "environment_key" not in task and "environments" not in job, where
            clusters = {c["job_cluster_key"]: c["new_cluster"] for c in job["job_clusters"]}
            cluster = clusters[task["job_cluster_key"]]
            assert re.fullmatch(r"\d+\.\d+\.x-cpu-ml-scala2\.13", cluster["spark_version"]), where
            assert cluster["node_type_id"] == {"aws": "i3.xlarge", "gcp": "n2-highmem-4",
                                               "azure": "Standard_D4ds_v5"}[answer["input_cloud"]]
            assert cluster["data_security_mode"] == "SINGLE_USER", where
            assert task["libraries"] == [{"requirements": "../requirements.txt"}, {"whl": "../dist/*.whl"}], where
        else:
            assert "job_cluster_key" not in task and "libraries" not in task and "job_clusters" not in job, where
            envs = {e["environment_key"]: e["spec"] for e in job["environments"]}
            spec = envs[task["environment_key"]]
            assert re.fullmatch(r"\d+", spec["environment_version"]), where
            assert spec["dependencies"] == ["-r ../requirements.txt", "../dist/*.whl"], where
        assert task["python_wheel_task"]["package_name"] == answer["input_python_package"], where


@pytest.mark.parametrize("name", NAMES)
def test_every_permission_block_names_the_read_group(workdir, name):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    blocks = list(_find(config, "permissions"))
    assert blocks, "no permissions at all"
    for path, block in blocks:
        assert {"group_name": answer["input_read_user_group"], "level": block[0]["level"]} in block, path
    # Every job and the experiment carry one.
    for key, job in jobs(config).items():
        assert job.get("permissions"), key
    assert config["resources"]["experiments"]["experiment"].get("permissions")


@pytest.mark.parametrize("name", NAMES)
def test_every_grant_names_the_unity_catalog_group(workdir, name):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    blocks = list(_find(config, "grants"))
    expected = 2 if answer["input_manage_schema"] == "yes" else 1
    assert len(blocks) == expected, blocks
    for path, block in blocks:
        assert answer["input_unity_catalog_read_user_group"] in [g["principal"] for g in block], path
    model_grants = config["resources"]["registered_models"]["model"]["grants"]
    assert "EXECUTE" in model_grants[0]["privileges"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("target", TARGETS)
def test_every_table_and_model_is_in_the_targets_catalog_and_schema(workdir, name, target):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    env = environment(config, target, name)
    catalog = answer[CATALOG_INPUT[target]]
    schema = (UC_PREFIX[target] if answer["input_manage_schema"] == "yes" else "") + answer["input_schema_name"]
    own = f"{catalog}.{schema}"
    bare_table = answer["input_inference_table_name"].rsplit(".", 1)[-1]
    inference = answer["input_inference_table_name"] if target == "prod" and "." in answer["input_inference_table_name"] \
        else f"{own}.{bare_table}"

    model = config["resources"]["registered_models"]["model"]
    assert resolve(model["catalog_name"], env) == catalog
    assert resolve(model["schema_name"], env) == schema
    if "schemas" in config["resources"]:
        s = config["resources"]["schemas"]["project_schema"]
        assert (resolve(s["catalog_name"], env), resolve("${resources.schemas.project_schema.name}", env)) == (catalog, schema)

    seen = set()
    for job_key, job, task in tasks(config):
        if "python_wheel_task" not in task:
            continue
        args = task_arguments(config, target, job_key, task, env)
        for flag, value in args.items():
            where = f"{target} {job_key}.{task['task_key']} {flag}={value}"
            assert "${" not in value, where
            if flag in SCHEMA_FLAGS:
                assert value == own, where
            elif flag == "--inference-table" and task["task_key"] == "check_monitor":
                # It finds the monitor's metric tables (in the project's schema) by table name.
                assert value == f"{own}.{bare_table}", where
            elif flag in {"--output-table", "--inference-table"}:
                assert value == inference, where
            elif flag in PROJECT_OBJECT_FLAGS:
                assert value.startswith(own + ".") and value.count(".") == 2, where
            seen.add(flag)
        if "--model-name" in args:
            assert args["--model-name"] == f"{own}.{UC_PREFIX[target]}{resolve(config['variables']['model_name']['default'], env)}"
    assert PROJECT_OBJECT_FLAGS - {"--feature-table"} <= seen
    assert ("--feature-table" in seen) == (answer["input_include_feature_store"] == "yes")


@pytest.mark.parametrize("name", NAMES)
def test_production_inference_table_is_the_full_name_given(workdir, name):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    given = answer["input_inference_table_name"]
    for target in TARGETS:
        env = environment(config, target, name)
        values = {"batch_inference_job": resolve(job_parameters(config, target, "batch_inference_job")["inference_table"], env)}
        for job_key, _, task in tasks(config):
            if "python_wheel_task" in task:
                args = task_arguments(config, target, job_key, task, env)
                for flag in ("--output-table", "--inference-table"):
                    if flag in args:
                        values[f"{job_key}.{task['task_key']}"] = args[flag]
        assert set(values) == {"batch_inference_job", "batch_inference_job.batch_inference",
                               "batch_inference_job.update_monitor", "retraining_job.check_monitor"}
        for where, value in values.items():
            if where == "retraining_job.check_monitor":
                # check_monitor finds the metric tables by the table's name alone.
                assert value.rsplit(".", 1)[-1] == given.rsplit(".", 1)[-1], (target, where, value)
            elif target == "prod" and "." in given:
                assert value == given, (target, where)
            else:
                assert value.endswith("." + given.rsplit(".", 1)[-1]) and value.count(".") == 2, (target, where, value)
    assert variables(config, "dev")["inference_table"] == given.rsplit(".", 1)[-1]


@pytest.mark.parametrize("name", NAMES)
def test_hosts_are_reduced_to_scheme_and_host(workdir, name):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    for target in TARGETS:
        given = answer["input_databricks_prod_workspace_host" if target == "prod"
                       else "input_databricks_staging_workspace_host"]
        parts = urlsplit(given)
        assert config["targets"][target]["workspace"]["host"] == f"{parts.scheme}://{parts.netloc}", target


@pytest.mark.parametrize("name", NAMES)
def test_targets_follow_the_rules_of_their_mode(workdir, name):
    config, answer = bundle(name, project(workdir, name)), answers(name)
    targets = config["targets"]
    assert list(targets) == list(TARGETS)
    assert targets["dev"] == {**targets["dev"], "mode": "development", "default": True}
    assert [t for t, spec in targets.items() if spec.get("default")] == ["dev"]
    # test: not development mode (CI deploys it as a service principal), every trigger paused.
    assert "mode" not in targets["test"]
    assert targets["test"]["presets"]["trigger_pause_status"] == "PAUSED"
    for target in ("staging", "prod"):
        spec = targets[target]
        assert spec["mode"] == "production"
        # One deployment, in the home folder of the deploying identity, whose jobs run as it; a
        # read-only identity that plans names the deployer through BUNDLE_VAR_deployer.
        assert spec["workspace"]["root_path"].startswith("/Workspace/Users/${var.deployer}/")
        assert spec["workspace"]["root_path"].endswith("/${bundle.target}")
        assert spec["run_as"] == {"service_principal_name": "${var.deployer}"}
    assert config["variables"]["deployer"]["default"] == "${workspace.current_user.userName}"
    for target in TARGETS:
        assert variables(config, target)["catalog"] == answer[CATALOG_INPUT[target]]
    # Schedules leave pause_status unset, so that development mode and the test presets pause them
    # and production runs them.
    for key, job in jobs(config).items():
        assert "pause_status" not in job.get("schedule", {}), key
    for key in ("model_training_job", "batch_inference_job", "retraining_job"):
        assert jobs(config)[key]["schedule"]["quartz_cron_expression"]


@pytest.mark.parametrize("name", NAMES)
def test_jobs_run_the_contracts_entry_points(workdir, name):
    root = project(workdir, name)
    config, answer = bundle(name, root), answers(name)
    features = answer["input_include_feature_store"] == "yes"
    serving = answer["input_include_model_serving"] == "yes"
    expected_jobs = set(CONTRACT) if features else set(CONTRACT) - {"write_features_job"}
    assert set(jobs(config)) == expected_jobs
    assert (root / "resources" / "feature-engineering.yml").exists() == features
    assert (root / "resources" / "schema.yml").exists() == (answer["input_manage_schema"] == "yes")
    for job_key, contract in CONTRACT.items():
        if job_key not in expected_jobs:
            continue
        wheel_tasks = {t["task_key"]: t for t in jobs(config)[job_key]["tasks"] if "python_wheel_task" in t}
        assert list(wheel_tasks) == [task_key for task_key, _, _ in contract]
        for task_key, entry_point, flags in contract:
            wheel = wheel_tasks[task_key]["python_wheel_task"]
            assert wheel["entry_point"] == entry_point
            wanted = [f.strip("[]") for f in flags if not f.startswith("[")
                      or (f == "[--feature-table]" and features) or (f == "[--serving-endpoint]" and serving)]
            assert wheel["parameters"][::2] == wanted, (job_key, task_key)
    training = {t["task_key"]: t for t in jobs(config)["model_training_job"]["tasks"]}
    assert training["validate_model"]["depends_on"] == [{"task_key": "train"}]
    assert training["deploy_model"]["depends_on"] == [{"task_key": "validate_model"}]
    for task_key in ("validate_model", "deploy_model"):
        params = training[task_key]["python_wheel_task"]["parameters"]
        assert params[params.index("--model-version") + 1] == "{{tasks.train.values.model_version}}"
    retraining = {t["task_key"]: t for t in jobs(config)["retraining_job"]["tasks"]}
    assert retraining["retrain_needed"]["condition_task"] == {
        "op": "EQUAL_TO", "left": "{{tasks.check_monitor.values.retrain}}", "right": "true"}
    assert retraining["retrain"]["depends_on"] == [{"task_key": "retrain_needed", "outcome": "true"}]
    assert retraining["retrain"]["run_job_task"] == {"job_id": "${resources.jobs.model_training_job.id}"}
    if serving:
        deploy = training["deploy_model"]["python_wheel_task"]["parameters"]
        assert deploy[deploy.index("--serving-endpoint") + 1] == "${var.serving_endpoint}"


@pytest.mark.parametrize("name", NAMES)
def test_variables_are_declared_described_and_used(workdir, name):
    root = project(workdir, name)
    config, answer = bundle(name, root), answers(name)
    declared = config["variables"]
    for var, spec in declared.items():
        assert spec.get("description"), var
    text = "\n".join(p.read_text() for p in [root / "databricks.yml", *sorted((root / "resources").glob("*.yml"))])
    used = set(re.findall(r"\$\{var\.(\w+)\}", text))
    assert used == set(declared), (used ^ set(declared))
    for target in TARGETS:
        assert set(config["targets"][target].get("variables") or {}) <= set(declared)
    assert declared["training_table"]["default"] == "samples.nyctaxi.trips"
    assert declared["validation_run_mode"]["default"] == "enabled"
    assert ("feature_table" in declared) == (answer["input_include_feature_store"] == "yes")
    assert ("serving_endpoint" in declared) == (answer["input_include_model_serving"] == "yes")
    assert declared["schema"]["default"] == answer["input_schema_name"]


@pytest.mark.parametrize("name", NAMES)
def test_readme_names_the_commands_and_the_ci_flow(workdir, name):
    root = project(workdir, name)
    answer = answers(name)
    readme = (root / "README.md").read_text()
    for command in ("databricks bundle deploy -t dev", "databricks bundle deploy -t staging",
                    "databricks bundle deploy -t prod", "pip install -r requirements-dev.txt",
                    "python -m pytest", "python local_run.py", "```mermaid", "job_runs"):
        assert command in readme, command
    if answer[SETUP] == "CICD_and_Project":
        for key in ("input_default_branch", "input_release_branch"):
            assert f"`{answer[key]}`" in readme, key
    assert (root / "resources" / "README.md").is_file()


# --- the matrix itself --------------------------------------------------------------------------


def test_matrix_covers_every_enum_value_and_every_pair():
    values = enum_values()
    rows = matrix()
    assert set(values) == set(BUNDLE_SHAPING) | set(ASSIGNED)
    # The bundle-shaping answers in every combination.
    assert {tuple(r[k] for k in BUNDLE_SHAPING) for r in rows} == set(
        itertools.product(*(values[k] for k in BUNDLE_SHAPING)))
    # Every pair of values of two prompts (CICD_Only writes no bundle: its configurations are below).
    for a, b in itertools.combinations(sorted(values), 2):
        wanted = {(x, y) for x in values[a] for y in values[b] if "CICD_Only" not in (x, y)}
        assert wanted <= {(r[a], r[b]) for r in rows}, (a, b)
    # And every configuration the tests use is one the schema accepts, with every enum value present.
    every = list(CONFIGS.values()) + list(cicd_only_configurations().values())
    for prompt, options in values.items():
        assert set(options) <= {c.get(prompt, options[0]) for c in every}, prompt


@pytest.mark.parametrize("name", sorted(cicd_only_configurations()))
def test_cicd_only_writes_the_repository_not_a_project_as_go_does(goref, tmp_path, name):
    from test_init_goref import compare

    config = cicd_only_configurations()[name]
    compare(goref, tmp_path, Path(__file__).resolve().parent.parent, config, facts=FACTS)
    written = bricksmith.render(None, config, tmp_path / "again", **FACTS)
    names = {Path(rel).relative_to(Path(rel).parts[0]).as_posix() for rel in written}
    # The repository's CI/CD, its docs and the add-a-project flow; no bundle, no ML code.
    assert {"README.md", "docs/mlops-setup.md", "docs/ml-pull-request.md", "ci/pr_comment.py",
            "ci/add_project.py"} <= names
    assert any(n.startswith("ci/blueprints/") for n in names)
    assert not {n for n in names if n in ("databricks.yml", "pyproject.toml") or n.split("/")[0] in ("src", "tests", "resources")}
    assert answers(name)[SETUP] == "CICD_Only"


def _find(node, key, path=""):
    """Every value stored under `key`, anywhere in node, with its path."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield f"{path}.{k}", v
            yield from _find(v, key, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _find(v, key, f"{path}[{i}]")
