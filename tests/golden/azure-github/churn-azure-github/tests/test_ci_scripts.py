"""The CI scripts in ci/: bundle_plan.py, model_metrics.py and integration_test.py.

The Databricks CLI is played by a small fake `databricks` (a Python script that records how it
was called and answers as told); the model registry is a local sqlite MLflow store holding one
version of a tiny scikit-learn model, tagged as the validation job tags it.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

CI = Path(__file__).resolve().parent.parent / "ci"
# The registry's model, as the `test` target names it: test_ prefixes the schema and the model.
MODEL = "local.test_project.test_ci_model"
TAGS = {
    "validation_status": "passed",
    "validation_mode": "enabled",
    "validation_message": "meets every threshold",
    "validation_run_id": "0123456789abcdef",
    "validation_root_mean_squared_error": "3.5",
    "validation_mean_absolute_error": "2.25",
    "validation_r2_score": "0.75",
}

FAKE_DATABRICKS = """\
#!{python}
import json, sys
from pathlib import Path

config = json.loads(Path({config!r}).read_text())
args = sys.argv[1:]
with open(config["log"], "a") as log:
    log.write(json.dumps(args) + "\\n")
joined = " ".join(args)
for prefix, (status, output) in config["responses"].items():
    if joined.startswith(prefix):
        print(output)
        sys.exit(status)
if args[:2] == ["bundle", "validate"] and "json" in args:
    print(json.dumps(config["bundle"]))
else:
    print("done: " + joined)
"""


def load(name: str) -> ModuleType:
    """ci/<name>.py (ci/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"ci_{name}", CI / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class FakeDatabricks:
    """A `databricks` executable: answers `responses` ({argument prefix: (status, output)}), prints
    `bundle` for `bundle validate -o json`, and succeeds otherwise; `calls` is what it was asked."""

    def __init__(self, folder: Path, bundle: dict | None = None, responses: dict | None = None):
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "calls.jsonl"
        config = folder / "fake-databricks.json"
        config.write_text(json.dumps({"log": str(self.log), "bundle": bundle or {}, "responses": responses or {}}))
        self.path = folder / "databricks"
        self.path.write_text(FAKE_DATABRICKS.format(python=sys.executable, config=str(config)))
        self.path.chmod(0o755)

    @property
    def calls(self) -> list[str]:
        if not self.log.exists():
            return []
        return [" ".join(json.loads(line)) for line in self.log.read_text().splitlines()]


SCHEMA_REFERENCE = "${resources.schemas.project_schema.name}"


def resolved_bundle(features: bool = True, serving: bool = True, catalog: str = "test",
                    manage_schema: bool = True) -> dict:
    """What `databricks bundle validate -t test -o json` prints, cut down to what the scripts read.

    As the CLI prints it for the `test` target (presets: name_prefix "[test] "): variables are
    resolved (each has its value), the schema resource and the registered model carry the prefix
    test_, and references to resources stay as they are: the model's schema_name and the tables'
    full names hold `${resources.schemas.project_schema.name}`. Without a schema resource
    (manage_schema False), schema_name is the variable's value and the schema is not prefixed;
    the model still is.
    """
    schema = SCHEMA_REFERENCE if manage_schema else "project"
    jobs: dict = {
        "model_training_job": {"name": "[test] test-project-model-training"},
        "batch_inference_job": {
            "name": "[test] test-project-batch-inference",
            "parameters": [{"name": "inference_table", "default": f"{catalog}.{schema}.predictions"}],
        },
    }
    variables: dict = {
        "catalog": {"value": catalog},
        "schema": {"default": "project", "value": "project"},
        "model_name": {"default": "ci_model", "value": "ci_model"},
        "inference_table": {"default": "predictions", "value": "predictions"},
    }
    if features:
        jobs["write_features_job"] = {
            "tasks": [{"python_wheel_task": {"parameters": ["--feature-table", f"{catalog}.{schema}.features"]}}],
        }
        variables["feature_table"] = {"default": "features", "value": "features"}
    if serving:
        variables["serving_endpoint"] = {"default": "project-${bundle.target}", "value": "project-test"}
    resources: dict = {
        "jobs": jobs,
        "registered_models": {"model": {"catalog_name": catalog, "schema_name": schema, "name": "test_ci_model"}},
    }
    if manage_schema:
        resources["schemas"] = {"project_schema": {"catalog_name": catalog, "name": "test_project"}}
    return {"bundle": {"name": "project", "target": "test"}, "variables": variables, "resources": resources}


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A sqlite registry with version 1 of MODEL (the champion), tagged with validation results."""
    import mlflow.sklearn
    from mlflow.tracking import MlflowClient
    from sklearn.linear_model import LinearRegression

    folder = tmp_path_factory.mktemp("registry")
    uri = f"sqlite:///{folder / 'registry.db'}"
    mlflow.sklearn.save_model(LinearRegression().fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0]),
                              str(folder / "model"), pip_requirements=[])
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    client.create_registered_model(MODEL)
    version = client.create_model_version(MODEL, source=str(folder / "model")).version
    for key, value in TAGS.items():
        client.set_model_version_tag(MODEL, version, key, value)
    client.set_registered_model_alias(MODEL, "champion", version)
    return uri


# --- bundle_plan.py --------------------------------------------------------------------------


PLAN_OUTPUT = "create jobs.model_training_job\ncreate registered_models.model\n\n" \
              "Plan: 2 to add, 0 to change, 0 to delete, 3 unchanged"


def test_bundle_plan_records_validation_and_plan(tmp_path: Path) -> None:
    responses = {"bundle plan": (0, PLAN_OUTPUT), "bundle validate": (0, "Validation OK!")}
    fake = FakeDatabricks(tmp_path, responses=responses)
    out = tmp_path / "results" / "plan-staging.json"
    assert load("bundle_plan").main(["--target", "staging", "--out", str(out), "--databricks", str(fake.path)]) == 0
    assert fake.calls == ["bundle validate -t staging", "bundle plan -t staging"]
    record = json.loads(out.read_text())
    assert record["ok"] is True
    assert record["validate"]["exit_code"] == 0 and "Validation OK!" in record["validate"]["output"]
    assert record["plan"]["summary"] == {"add": 2, "change": 0, "delete": 0, "unchanged": 3}
    assert record["plan"]["actions"] == ["create jobs.model_training_job", "create registered_models.model"]


def test_bundle_plan_stops_after_a_failed_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeDatabricks(tmp_path, responses={"bundle validate": (1, "Error: unknown field: jobz")})
    out = tmp_path / "plan-prod.json"
    assert load("bundle_plan").main(["--target", "prod", "--out", str(out), "--databricks", str(fake.path)]) == 1
    assert fake.calls == ["bundle validate -t prod"]
    record = json.loads(out.read_text())
    assert record["ok"] is False and record["plan"] is None
    assert record["validate"]["exit_code"] == 1 and "unknown field: jobz" in record["validate"]["output"]
    captured = capsys.readouterr()
    assert "unknown field: jobz" in captured.out  # the CLI's output is passed through
    assert "validation of target 'prod' failed" in captured.err


def test_bundle_plan_fails_when_the_plan_fails(tmp_path: Path) -> None:
    fake = FakeDatabricks(tmp_path, responses={"bundle plan": (1, "Error: cannot read the deployed state")})
    out = tmp_path / "plan.json"
    assert load("bundle_plan").main(["--target", "prod", "--out", str(out), "--databricks", str(fake.path)]) == 1
    record = json.loads(out.read_text())
    assert record["plan"]["exit_code"] == 1 and record["plan"]["summary"] is None and record["ok"] is False


def test_bundle_plan_without_the_cli_says_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    missing = str(tmp_path / "no-such-databricks")
    assert load("bundle_plan").main(["--target", "prod", "--out", str(out), "--databricks", missing]) == 1
    assert json.loads(out.read_text())["validate"]["exit_code"] == 127
    assert "--databricks" in capsys.readouterr().err


# --- model_metrics.py ------------------------------------------------------------------------


def test_model_name_comes_from_the_resolved_bundle() -> None:
    metrics = load("model_metrics")
    # The test target: the schema resource and the model are prefixed, schema_name refers to the schema.
    assert metrics.model_full_name(resolved_bundle()) == "test.test_project.test_ci_model"
    # An existing schema (not a bundle resource): not prefixed; the model still is.
    assert metrics.model_full_name(resolved_bundle(manage_schema=False)) == "test.project.test_ci_model"
    unresolved_variable = resolved_bundle(manage_schema=False)
    unresolved_variable["resources"]["registered_models"]["model"]["schema_name"] = "${var.schema}"
    assert metrics.model_full_name(unresolved_variable) == "test.project.test_ci_model"
    # A bundle without the registered model resource: the variables.
    no_resource = resolved_bundle()
    del no_resource["resources"]["registered_models"]
    assert metrics.model_full_name(no_resource) == "test.project.ci_model"
    # A reference that names nothing is not guessed at.
    dangling = resolved_bundle()
    dangling["resources"]["registered_models"]["model"]["schema_name"] = "${resources.schemas.other.name}"
    with pytest.raises(metrics.ScriptError, match="--model"):
        metrics.model_full_name(dangling)
    with pytest.raises(metrics.ScriptError, match="--model"):
        metrics.model_full_name({"variables": {}, "resources": {}})


def test_references_resolve_in_the_bundle_itself() -> None:
    metrics = load("model_metrics")
    bundle = resolved_bundle()
    assert metrics.resolve(bundle, "test.${resources.schemas.project_schema.name}.x") == "test.test_project.x"
    assert metrics.resolve(bundle, "${var.catalog}.${var.schema}") == "test.project"
    assert metrics.resolve(bundle, "${bundle.target}-${resources.registered_models.model.name}") == "test-test_ci_model"
    assert metrics.resolve(bundle, "${resources.jobs.model_training_job.id}") is None  # known after deploy only
    assert metrics.resolve(bundle, "plain") == "plain"
    bundle["variables"]["loop"] = {"value": "${var.loop}"}
    assert metrics.resolve(bundle, "${var.loop}") is None


def test_model_metrics_of_the_champion(tmp_path: Path, registry: str) -> None:
    out = tmp_path / "champion.json"
    argv = ["--target", "prod", "--alias", "champion", "--out", str(out), "--registry-uri", registry, "--model", MODEL]
    assert load("model_metrics").main(argv) == 0
    record = json.loads(out.read_text())
    assert record["model"] == MODEL and record["alias"] == "champion" and record["version"] == "1"
    assert record["aliases"] == ["champion"]
    assert (record["status"], record["mode"], record["run_id"]) == ("passed", "enabled", "0123456789abcdef")
    assert record["message"] == "meets every threshold"
    assert record["metrics"] == {"mean_absolute_error": 2.25, "r2_score": 0.75, "root_mean_squared_error": 3.5}
    assert record["baseline_version"] is None


def test_model_metrics_of_the_latest_version_named_by_the_bundle(tmp_path: Path, registry: str) -> None:
    fake = FakeDatabricks(tmp_path, bundle=resolved_bundle(catalog="local"))
    out = tmp_path / "candidate.json"
    argv = ["--target", "test", "--latest", "--out", str(out), "--registry-uri", registry,
            "--databricks", str(fake.path)]
    assert load("model_metrics").main(argv) == 0
    assert fake.calls == ["bundle validate -t test -o json"]
    record = json.loads(out.read_text())
    assert (record["model"], record["alias"], record["version"]) == (MODEL, None, "1")
    assert record["metrics"]["r2_score"] == 0.75


@pytest.mark.parametrize(("model", "alias"), [("local.tests.absent", "champion"), (MODEL, "challenger")])
def test_no_such_model_or_alias_yet_is_not_a_failure(tmp_path: Path, registry: str, model: str, alias: str) -> None:
    out = tmp_path / "champion.json"
    argv = ["--target", "prod", "--alias", alias, "--out", str(out), "--registry-uri", registry, "--model", model]
    assert load("model_metrics").main(argv) == 0
    record = json.loads(out.read_text())
    assert record["version"] is None and record["metrics"] == {} and "yet" in record["note"]


def test_no_version_at_all_is_not_a_failure(tmp_path: Path, registry: str) -> None:
    out = tmp_path / "candidate.json"
    argv = ["--target", "test", "--latest", "--out", str(out), "--registry-uri", registry,
            "--model", "local.tests.none"]
    assert load("model_metrics").main(argv) == 0
    assert json.loads(out.read_text())["version"] is None


def test_model_metrics_reports_a_bundle_that_does_not_validate(tmp_path: Path) -> None:
    fake = FakeDatabricks(tmp_path, responses={"bundle validate": (1, "Error: no target named prod")})
    out = tmp_path / "champion.json"
    argv = ["--target", "prod", "--alias", "champion", "--out", str(out), "--databricks", str(fake.path)]
    assert load("model_metrics").main(argv) == 1
    assert "no target named prod" in json.loads(out.read_text())["error"]


# --- integration_test.py ---------------------------------------------------------------------


def integration_bundle(**shape: bool) -> dict:
    """The test target's resolved bundle with catalog `local`: its model is the registry's MODEL."""
    return resolved_bundle(catalog="local", **shape)


def run_integration(fake: FakeDatabricks, out: Path, registry: str, *extra: str) -> int:
    argv = ["--target", "test", "--metrics-out", str(out), "--databricks", str(fake.path), "--registry-uri", registry]
    return load("integration_test").main([*argv, *extra])


CLEANUP = [
    "tables delete local.test_project.predictions",
    "tables delete local.test_project.predictions_profile_metrics",
    "tables delete local.test_project.predictions_drift_metrics",
]


def test_integration_test_deploys_runs_records_and_cleans_up(tmp_path: Path, registry: str) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle())
    out = tmp_path / "candidate.json"
    assert run_integration(fake, out, registry) == 0
    assert fake.calls == [
        "bundle validate -t test -o json",
        "bundle deploy -t test",
        "bundle run -t test write_features_job",
        "bundle run -t test model_training_job",
        *CLEANUP,
        "tables delete local.test_project.features",
        "serving-endpoints delete project-test",
        "bundle destroy -t test --auto-approve",
    ]
    record = json.loads(out.read_text())
    assert (record["model"], record["version"], record["status"]) == (MODEL, "1", "passed")
    assert record["metrics"]["root_mean_squared_error"] == 3.5
    assert record["integration_test"]["ok"] is True
    assert [step["name"] for step in record["integration_test"]["cleanup"]][-1] == "bundle destroy -t test"


def test_integration_test_cleans_up_after_a_failed_run(tmp_path: Path, registry: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle(features=False, serving=False),
                          responses={"bundle run -t test model_training_job": (1, "Error: task validate_model failed")})
    out = tmp_path / "candidate.json"
    assert run_integration(fake, out, registry) == 1
    assert fake.calls == [
        "bundle validate -t test -o json",
        "bundle deploy -t test",
        "bundle run -t test model_training_job",
        *CLEANUP,
        "bundle destroy -t test --auto-approve",
    ]
    record = json.loads(out.read_text())
    assert record["integration_test"]["ok"] is False
    failed = [step["name"] for step in record["integration_test"]["steps"] if not step["ok"]]
    assert failed == ["run model_training_job"]
    assert "result: FAILED" in capsys.readouterr().out


def test_integration_test_cleans_up_after_a_failed_deploy(tmp_path: Path, registry: str) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle(), responses={"bundle deploy": (1, "Error: denied")})
    assert run_integration(fake, tmp_path / "candidate.json", registry) == 1
    assert not any(call.startswith("bundle run") for call in fake.calls)
    assert fake.calls[-1] == "bundle destroy -t test --auto-approve"


def test_tables_and_endpoints_that_are_not_there_are_fine(tmp_path: Path, registry: str) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle(), responses={
        "tables delete": (1, "Error: Table 'local.test_project.predictions' does not exist."),
        "serving-endpoints delete": (1, "Error: RESOURCE_DOES_NOT_EXIST: Endpoint not found"),
    })
    assert run_integration(fake, tmp_path / "candidate.json", registry) == 0


def test_a_failed_destroy_fails_the_test(tmp_path: Path, registry: str) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle(), responses={"bundle destroy": (1, "Error: locked")})
    out = tmp_path / "candidate.json"
    assert run_integration(fake, out, registry) == 1
    cleanup = json.loads(out.read_text())["integration_test"]["cleanup"]
    assert [step["ok"] for step in cleanup][-1] is False


def test_integration_test_refuses_other_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeDatabricks(tmp_path, bundle=integration_bundle())
    argv = ["--target", "staging", "--metrics-out", str(tmp_path / "c.json"), "--databricks", str(fake.path)]
    with pytest.raises(SystemExit) as refused:
        load("integration_test").main(argv)
    assert refused.value.code == 2
    assert "--allow-target" in capsys.readouterr().err
    assert fake.calls == []


def test_tables_of_the_test_target_are_in_the_prefixed_schema() -> None:
    mm, it = load("model_metrics"), load("integration_test")
    for features in (True, False):
        bundle = resolved_bundle(features=features)
        schema = mm.model_full_name(bundle).rsplit(".", 1)[0]
        assert schema == "test.test_project"
        tables, notes = it.tables_to_delete(bundle, schema, mm)
        expected = ["test.test_project.predictions", "test.test_project.predictions_profile_metrics",
                    "test.test_project.predictions_drift_metrics"]
        assert tables == expected + (["test.test_project.features"] if features else [])
        assert notes == []
    existing = resolved_bundle(manage_schema=False)
    tables, notes = it.tables_to_delete(existing, mm.model_full_name(existing).rsplit(".", 1)[0], mm)
    assert tables[0] == "test.project.predictions" and tables[-1] == "test.project.features" and notes == []
    assert mm.variable(resolved_bundle(), "serving_endpoint") == "project-test"


def test_tables_outside_the_project_schema_are_left_alone() -> None:
    bundle = integration_bundle()
    bundle["resources"]["jobs"]["batch_inference_job"]["parameters"][0]["default"] = "shared.monitoring.predictions"
    tables, notes = load("integration_test").tables_to_delete(bundle, "local.test_project", load("model_metrics"))
    assert "shared.monitoring.predictions" not in tables
    assert "local.test_project.predictions_profile_metrics" in tables and "local.test_project.features" in tables
    assert any("shared.monitoring.predictions" in note for note in notes)


def test_the_result_files_default_to_what_pr_comment_reads(tmp_path: Path, registry: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeDatabricks(tmp_path / "fake", bundle=integration_bundle(),
                          responses={"bundle plan": (0, PLAN_OUTPUT)})
    monkeypatch.chdir(tmp_path)
    assert load("bundle_plan").main(["--target", "staging", "--databricks", str(fake.path)]) == 0
    assert json.loads((tmp_path / "ci-results" / "plan-staging.json").read_text())["target"] == "staging"
    assert load("integration_test").main(["--databricks", str(fake.path), "--registry-uri", registry]) == 0
    assert json.loads((tmp_path / "ci-results" / "candidate.json").read_text())["model"] == MODEL
    assert load("model_metrics").main(["--target", "prod", "--alias", "champion", "--model", MODEL,
                                       "--registry-uri", registry]) == 0
    assert json.loads((tmp_path / "ci-results" / "champion.json").read_text())["version"] == "1"


@pytest.mark.parametrize("script", ["bundle_plan", "model_metrics", "integration_test"])
def test_every_script_explains_itself(script: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as shown:
        load(script).main(["--help"])
    assert shown.value.code == 0
    help_text = capsys.readouterr().out
    assert "Exit status" in help_text
    assert "(default:ci-results/" in "".join(help_text.split())  # the help wraps lines, also at hyphens
