"""Every configuration the tests render the repository's template with: one source for all of them.

The differential test against Go (test_init_goref.py), the check of every generated project
(test_template_check.py), the structural tests of the bundle (test_template_bundle.py) and the
benchmarks iterate over `configurations()`:

- the example configurations in tests/configs/*.json (others may be added there);
- MATRIX, generated below: every combination of the four answers that shape the bundle (compute,
  feature store, serving, schema ownership), with cloud, CI/CD platform and setup mode assigned so
  that every pair of values of any two enum prompts occurs in some configuration (a pairwise
  covering set: 16 configurations instead of the 576 of the full product);
- EDGES: unusual but valid free-text answers (hosts with paths, group names with spaces, a
  catalog.schema.table inference table, the longest project name, ...).

`input_setup_cicd_and_project: CICD_Only` writes no project, only a repository's CI/CD (and the
means to add projects to it): its configurations (`cicd_only_configurations()`) are compared with
Go in test_template_bundle.py and checked, with projects added, in test_template_ci.py.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "databricks_template_schema.json"

# Workspace facts for rendering without a workspace (an Azure host, a normal user).
FACTS = {
    "workspace_host": "https://adb-1234567890123456.7.azuredatabricks.net",
    "user_name": "first.last@example.com",
    "default_catalog": "main",
    "bundle_uuid": "6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93",
}

# The enum prompts, each value list starting with the schema's default.
SETUP = "input_setup_cicd_and_project"
BUNDLE_SHAPING = ("input_compute", "input_include_feature_store", "input_include_model_serving",
                  "input_manage_schema")
ASSIGNED = ("input_cloud", "input_cicd_platform", SETUP)


def enum_values() -> dict[str, list[str]]:
    """{prompt: values, default first} for every enum prompt of the schema."""
    props = json.loads(SCHEMA_FILE.read_text())["properties"]
    return {
        name: [p["default"]] + [v for v in p["enum"] if v != p["default"]]
        for name, p in props.items()
        if "enum" in p
    }


def _pairs(row: dict[str, str]) -> set[tuple[str, str, str, str]]:
    return {(a, row[a], b, row[b]) for a, b in itertools.combinations(sorted(row), 2)}


def matrix() -> list[dict[str, str]]:
    """The full product of the bundle-shaping answers, the other enum answers chosen greedily so
    that every pair of values of two enum prompts is covered (CICD_Only aside: it writes no bundle)."""
    values = enum_values()
    assigned = {name: [v for v in values[name] if v != "CICD_Only"] for name in ASSIGNED}
    rows, covered = [], set()
    for shaping in itertools.product(*(values[name] for name in BUNDLE_SHAPING)):
        base = dict(zip(BUNDLE_SHAPING, shaping))
        best = None
        for rest in itertools.product(*(assigned[name] for name in ASSIGNED)):
            row = {**base, **dict(zip(ASSIGNED, rest))}
            gain = len(_pairs(row) - covered)
            if best is None or gain > best[0]:
                best = (gain, row)
        rows.append(best[1])
        covered |= _pairs(best[1])
    return rows


def _matrix_name(row: dict[str, str]) -> str:
    short = {"CICD_and_Project": "cicd+project", "Project_Only": "project",
             "github_actions_for_github_enterprise_servers": "ghes", "github_actions": "github",
             "azure_devops": "azdo"}
    parts = [
        row["input_compute"],
        "fs" if row["input_include_feature_store"] == "yes" else "nofs",
        "serving" if row["input_include_model_serving"] == "yes" else "noserving",
        "ownschema" if row["input_manage_schema"] == "yes" else "existingschema",
        row["input_cloud"],
        short.get(row["input_cicd_platform"], row["input_cicd_platform"]),
        short[row[SETUP]],
    ]
    return "matrix-" + "-".join(parts)


# Unusual answers the prompts accept: each must reach the bundle intact and well placed.
EDGES = {
    "edge-free-text": {
        "input_project_name": "fare-model-v2",
        "input_root_dir": "fare.model-v2",
        "input_python_package": "fare_pkg",
        "input_cloud": "azure",
        "input_databricks_staging_workspace_host": "https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/1",
        "input_databricks_prod_workspace_host": "https://adb-6543210987654321.8.azuredatabricks.net:443/browse/folders",
        "input_default_branch": "develop/next",
        "input_release_branch": "release/v1.2",
        "input_read_user_group": "data scientists@corp",
        "input_unity_catalog_read_user_group": "ml-readers_2",
        "input_dev_catalog_name": "null",
        "input_test_catalog_name": "true",
        "input_staging_catalog_name": "yes",
        "input_prod_catalog_name": "Prod_Catalog",
        "input_schema_name": "no",
        "input_inference_table_name": "on",
        "input_compute": "classic",
        "input_include_feature_store": "yes",
        "input_include_model_serving": "yes",
    },
    "edge-prod-inference-table": {
        "input_project_name": "risk-scores",
        "input_cloud": "gcp",
        "input_inference_table_name": "shared_prod.monitoring.risk_predictions",
        "input_manage_schema": "no",
        "input_include_model_serving": "yes",
    },
    "edge-longest-names": {
        "input_project_name": "a" + "-b" * 31,
        "input_cloud": "aws",
        "input_schema_name": "s" * 255,
        "input_include_model_serving": "yes",
        "input_include_feature_store": "yes",
        "input_setup_cicd_and_project": "Project_Only",
    },
}


def configurations() -> dict[str, dict]:
    """{name: config values} for every configuration that writes a project, in a stable order."""
    examples = {p.stem: json.loads(p.read_text()) for p in sorted(CONFIG_DIR.glob("*.json"))}
    generated = {_matrix_name(row): row for row in matrix()}
    return {**examples, **generated, **EDGES}


def cicd_only_configurations() -> dict[str, dict]:
    """{name: config values} of the CI/CD-only setup, one per CI/CD platform, plus unusual answers."""
    configs = {
        f"cicd-only-{platform}": {SETUP: "CICD_Only", "input_cicd_platform": platform}
        for platform in enum_values()["input_cicd_platform"]
    }
    configs["cicd-only-edge"] = {
        SETUP: "CICD_Only", "input_cicd_platform": "gitlab", "input_project_name": "ml-platform",
        "input_root_dir": "ML.Repo-1", "input_cloud": "aws", "input_default_branch": "release/2.x-main",
        "input_release_branch": "prod.v1", "input_docker_image": "registry.example.com/ml/ci:1.4",
    }
    return configs
