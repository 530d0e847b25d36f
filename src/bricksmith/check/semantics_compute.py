"""Compute: which cluster or environment each job task runs on, and how clusters are shaped.

Checked on every target's merged configuration (semantics_effective), as `bundle validate`
checks the target it deploys:

- a task that needs compute names some (bundle/config/validate/job_task_cluster_spec.go);
- a task's `job_cluster_key` is one of its job's `job_clusters` (job_cluster_key_defined.go, which
  only warns: an error here, since the Jobs API refuses the job);
- a cluster with `num_workers: 0` is set up as a single-node cluster (single_node_cluster.go);
- a serverless pipeline configures no clusters (pipeline_cluster_spec.go);
- tasks with local wheel or jar libraries run on Databricks Runtime 13.1 or later, unless the
  python wheel wrapper is on (bundle/trampoline/python_dbr_warning.go);
- a production target does not override compute with `cluster_id` (override_compute.go).
"""

from __future__ import annotations

from collections.abc import Iterator

from .problem import ERROR, WARNING, Problem
from .semantics_bundle import Bundle
from .semantics_effective import (
    LDict,
    line,
    mapping,
    per_target,
    resources,
    sequence,
    tasks,
    text,
    undefined_task_keys,
)

COMPUTE_RULE = "task-compute-missing"
CLUSTER_KEY_RULE = "job-cluster-key-undefined"
SINGLE_NODE_RULE = "single-node-cluster"
SERVERLESS_RULE = "serverless-pipeline-clusters"
WHEEL_RULE = "wheel-task-runtime"
OVERRIDE_RULE = "production-cluster-override"

COMPUTE_FIELDS = ("job_cluster_key", "environment_key", "existing_cluster_id", "new_cluster")
# Task types that run on a cluster or serverless compute (notebook tasks may run on the
# notebook's serverless environment without naming any).
COMPUTE_TASKS = ("python_wheel_task", "dbt_task", "spark_jar_task", "spark_submit_task", "spark_python_task")


def check_compute(bundle: Bundle) -> Iterator[Problem]:
    for target, config in per_target(bundle):
        jobs = resources(config, "jobs")
        overridden = _cluster_override(config)
        for key, job in jobs:
            yield from _task_compute(key, job)
            if not overridden:
                yield from _cluster_keys(key, job)
        yield from _single_node(config)
        yield from _serverless_pipelines(config)
        yield from _wheel_runtime(config)
        if overridden and config.get("mode") == "production":
            field, where = overridden
            yield Problem(where[0].rel, line(where), OVERRIDE_RULE,
                          f"target '{target}' (mode: production) overrides every task's compute with "
                          f"{field}: production should always run on the compute its jobs define")



def _task_compute(job_key: str, job: LDict) -> Iterator[Problem]:
    for task, parent in tasks(job):
        if any(_specified(task, field) for field in COMPUTE_FIELDS):
            continue
        if task.get("notebook_task") is not None:
            continue  # a notebook without compute runs serverless (or on a SQL warehouse)
        kinds = [kind for kind in COMPUTE_TASKS if task.get(kind) is not None]
        if not kinds:
            continue
        name = text(task.get("task_key")) or "?"
        where = task.at
        inner = " (inside for_each_task)" if parent is not None else ""
        yield Problem(where[0].rel, line(where), COMPUTE_RULE,
                      f"task '{name}'{inner} of job '{job_key}' is a {kinds[0]} but names no compute: set "
                      "job_cluster_key, environment_key, existing_cluster_id or new_cluster (bundle "
                      "validate: \"Missing required cluster or environment settings\")")


def _specified(task: LDict, field: str) -> bool:
    value = task.get(field)
    if field == "new_cluster":
        return field in task and value is not None
    return value is not None and text(value) != ""


def _cluster_override(config: LDict):
    """(field, where) of a compute override (bundle.cluster_id, or the target's own cluster_id
    or deprecated compute_id), None without one."""
    bundle = mapping(config.get("bundle"))
    candidates = []
    if bundle is not None:
        candidates += [("bundle." + f, bundle, f) for f in ("cluster_id", "compute_id")]
    candidates += [(f, config, f) for f in ("cluster_id", "compute_id")]
    for label, holder, field in candidates:
        if text(holder.get(field)):
            return label, holder.key_at(field)
    return None


def _cluster_keys(job_key: str, job: LDict) -> Iterator[Problem]:
    return undefined_task_keys(job_key, job, "job_clusters", "job_cluster_key", CLUSTER_KEY_RULE)


def _clusters(config: LDict) -> Iterator[LDict]:
    """Every cluster specification the single-node check looks at."""
    for _, cluster in resources(config, "clusters"):
        yield cluster
    for _, job in resources(config, "jobs"):
        for jc in sequence(job.get("job_clusters")):
            spec = mapping(jc.get("new_cluster")) if isinstance(jc, dict) else None
            if spec is not None:
                yield spec
        for task, _ in tasks(job):
            spec = mapping(task.get("new_cluster"))
            if spec is not None:
                yield spec
    for _, pipeline in resources(config, "pipelines"):
        for cluster in sequence(pipeline.get("clusters")):
            if isinstance(cluster, LDict):
                yield cluster


def _string_map(value) -> dict | None:
    """A map of strings (None and missing count as empty); None when it is anything else."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        return None
    return value


def _single_node(config: LDict) -> Iterator[Problem]:
    for spec in _clusters(config):
        workers = spec.get("num_workers")
        if not isinstance(workers, int) or isinstance(workers, bool) or workers > 0:
            continue
        if spec.get("is_single_node") is True:
            continue
        conf, tags = _string_map(spec.get("spark_conf")), _string_map(spec.get("custom_tags"))
        if conf is None or tags is None:
            continue
        if isinstance(spec.get("policy_id"), str) and spec["policy_id"]:
            continue  # the policy may set the single-node configuration
        master = conf.get("spark.master")
        if (conf.get("spark.databricks.cluster.profile") == "singleNode"
                and isinstance(master, str) and master.startswith("local")
                and tags.get("ResourceClass") == "SingleNode"):
            continue
        where = spec.at
        yield Problem(where[0].rel, line(where), SINGLE_NODE_RULE,
                      "cluster has num_workers: 0 but is not configured as a single-node cluster: set "
                      "is_single_node: true, or spark_conf spark.databricks.cluster.profile: singleNode "
                      "and spark.master: local[*] with custom_tags ResourceClass: SingleNode",
                      severity=WARNING)


def _serverless_pipelines(config: LDict) -> Iterator[Problem]:
    for key, pipeline in resources(config, "pipelines"):
        clusters = pipeline.get("clusters")
        if pipeline.get("serverless") is True and isinstance(clusters, list) and clusters:
            where = pipeline.key_at("clusters")
            yield Problem(where[0].rel, line(where), SERVERLESS_RULE,
                          f"pipeline '{key}' is serverless but configures clusters: the deploy fails "
                          "(\"Cannot configure clusters for a serverless pipeline\"); remove clusters "
                          "or set serverless: false")


def _local_library(path) -> bool:
    """A wheel or jar the CLI uploads from the bundle (not a workspace, volume or remote path)."""
    if not isinstance(path, str) or not path or "${" in path:
        return False
    return not path.startswith("/") and ":" not in path.split("/", 1)[0]


def _runtime_below_13_1(version) -> bool:
    """The CLI's test (lowerThanExpectedVersion: semver below v13.1): the first two dot-separated
    parts as major.minor, `x` the newest minor; anything else is not compared."""
    if not isinstance(version, str):
        return False
    parts = version.split(".")
    if len(parts) < 2:
        return False
    minor = "99" if parts[1][:1] == "x" else parts[1]
    if not (parts[0].isdigit() and minor.isdigit()):
        return False
    return (int(parts[0]), int(minor)) < (13, 1)


def _wheel_runtime(config: LDict) -> Iterator[Problem]:
    experimental = mapping(config.get("experimental"))
    if experimental is not None and experimental.get("python_wheel_wrapper") is True:
        presets = mapping(config.get("presets"))
        if presets is not None and presets.get("source_linked_deployment") is True:
            where = presets.key_at("source_linked_deployment")
            yield Problem(where[0].rel, line(where), WHEEL_RULE,
                          "experimental.python_wheel_wrapper does not work with "
                          "presets.source_linked_deployment: true; disable one of them",
                          severity=WARNING)
        return
    all_jobs = resources(config, "jobs")
    job_clusters = {}
    for _, job in all_jobs:  # the CLI matches job_cluster_key against every job's clusters
        for jc in sequence(job.get("job_clusters")):
            spec = mapping(jc.get("new_cluster")) if isinstance(jc, dict) else None
            if spec is not None and text(jc.get("job_cluster_key")):
                job_clusters.setdefault(text(jc.get("job_cluster_key")), []).append(spec)
    clusters = dict(resources(config, "clusters"))
    for job_key, job in all_jobs:
        for task, _ in tasks(job):
            libraries = [lib for lib in sequence(task.get("libraries")) if isinstance(lib, dict)]
            if not any(_local_library(lib.get("whl")) or _local_library(lib.get("jar")) for lib in libraries):
                continue
            specs = []
            spec = mapping(task.get("new_cluster"))
            if spec is not None:
                specs.append(spec)
            specs += job_clusters.get(text(task.get("job_cluster_key")), [])
            existing = text(task.get("existing_cluster_id"))
            if existing.startswith("${resources.clusters.") and existing.endswith("}"):
                cluster = clusters.get(existing[len("${resources.clusters."):-1].split(".")[0])
                if cluster is not None:
                    specs.append(cluster)
            for spec in specs:
                version = spec.get("spark_version")
                if _runtime_below_13_1(version):
                    where = spec.key_at("spark_version")
                    yield Problem(where[0].rel, line(where), WHEEL_RULE,
                                  f"task '{text(task.get('task_key'))}' of job '{job_key}' installs a "
                                  f"local wheel or jar on Databricks Runtime {version}: bundle validate "
                                  "refuses runtimes before 13.1 for local libraries (use 13.3 or later, "
                                  "or experimental.python_wheel_wrapper: true)",
                                  severity=ERROR)
