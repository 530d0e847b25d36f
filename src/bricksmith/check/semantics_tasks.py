"""Job task settings that `bundle validate` refuses or warns about, checked on every target's
merged configuration:

- retry settings of a task that uses `for_each_task` belong on its nested task
  (bundle/config/validate/for_each_task.go);
- a continuous job states its `task_retry_mode` (continuous_task_retry_mode.go);
- with the Terraform engine, no task parameter is an empty string (empty_task_parameters.go).

Beyond `bundle validate`, which accepts them:

- every `depends_on` names a task of the job (a for_each_task's nested task too: its scope is
  the job's tasks), and every `environment_key` one of the job's `environments`; the Jobs API
  refuses the job otherwise, so the deploy fails;
- no two tasks of one `tasks:` list share a task_key: the CLI merges them into a single task
  (bundle/config/mutator/merge_job_tasks.go), silently, so one of the two is not deployed as
  written.  (Merging a target's task into the job's task of the same key is what the CLI means
  it for, and is fine.)
"""

from __future__ import annotations

import difflib
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
from .semantics_refs import resolve_variables, variable_values

FOR_EACH_RULE = "for-each-task-retry"
CONTINUOUS_RULE = "continuous-task-retry-mode"
EMPTY_PARAMETER_RULE = "empty-task-parameter"
DEPENDS_ON_RULE = "task-dependency-undefined"
ENVIRONMENT_RULE = "environment-key-undefined"
DUPLICATE_TASK_RULE = "duplicate-task-key"

# Retry fields of a for_each_task's parent task, and how the CLI reports each.
FOR_EACH_RETRY_FIELDS = (("max_retries", ERROR), ("min_retry_interval_millis", WARNING), ("retry_on_timeout", WARNING))
PARAMETER_TASKS = ("spark_python_task", "python_wheel_task", "spark_jar_task", "spark_submit_task")


def check_tasks(bundle: Bundle) -> Iterator[Problem]:
    for target, config in per_target(bundle):
        values = variable_values(bundle, target)
        terraform = _engine(config) == "terraform"
        for key, job in resources(config, "jobs"):
            yield from _for_each_retries(key, job)
            yield from _continuous(key, job)
            yield from _dependencies(key, job)
            yield from _environment_keys(key, job)
            if terraform:
                yield from _empty_parameters(job, values)
    yield from _duplicate_task_keys(bundle)


def _engine(config: LDict):
    bundle = mapping(config.get("bundle"))
    return bundle.get("engine") if bundle is not None else None


def _for_each_retries(job_key: str, job: LDict) -> Iterator[Problem]:
    for task, parent in tasks(job):
        if parent is not None or mapping(task.get("for_each_task")) is None:
            continue
        for field, severity in FOR_EACH_RETRY_FIELDS:
            value = task.get(field)
            if value in (None, 0, False) or isinstance(value, str):
                continue  # unset, zero, or a ${...} reference resolved later
            where = task.key_at(field)
            yield Problem(where[0].rel, line(where), FOR_EACH_RULE,
                          f"task '{task.get('task_key')}' of job '{job_key}' sets {field} next to "
                          f"for_each_task: set it on the nested task (for_each_task.task.{field})",
                          severity=severity)


def _continuous(job_key: str, job: LDict) -> Iterator[Problem]:
    continuous = mapping(job.get("continuous"))
    if continuous is None or "task_retry_mode" in continuous:
        return
    where = job.key_at("continuous")
    yield Problem(where[0].rel, line(where), CONTINUOUS_RULE,
                  f"continuous job '{job_key}' does not set continuous.task_retry_mode, so its tasks are "
                  "never retried (the default is NEVER): set ON_FAILURE, or NEVER to say so",
                  severity=WARNING)


def _empty_parameters(job: LDict, values: dict) -> Iterator[Problem]:
    for task, _ in tasks(job):
        for kind in PARAMETER_TASKS:
            spec = mapping(task.get(kind))
            if spec is None:
                continue
            parameters = sequence(spec.get("parameters"))
            for i, parameter in enumerate(parameters):
                if not isinstance(parameter, str) or resolve_variables(parameter, values) != "":
                    continue
                where = parameters.key_at(i)
                yield Problem(where[0].rel, line(where), EMPTY_PARAMETER_RULE,
                              f"{kind}.parameters[{i}] of task '{task.get('task_key')}' is an empty "
                              "string: with the Terraform engine the deploy fails (\"parameters[<nil>] "
                              "is not a string\"); remove it or give it a value",
                              severity=WARNING)



def _hint(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _dependencies(job_key: str, job: LDict) -> Iterator[Problem]:
    keys = {text(task.get("task_key")) for task in sequence(job.get("tasks")) if isinstance(task, dict)}
    keys.discard("")
    for task, parent in tasks(job):
        depends_on = sequence(task.get("depends_on"))
        for i, dependency in enumerate(depends_on):
            name = text(dependency.get("task_key")) if isinstance(dependency, LDict) else ""
            if not name or "${" in name or name in keys:
                continue
            where = dependency.key_at("task_key")
            inner = " (inside for_each_task)" if parent is not None else ""
            yield Problem(where[0].rel, line(where), DEPENDS_ON_RULE,
                          f"task '{text(task.get('task_key'))}'{inner} of job '{job_key}' depends on "
                          f"task '{name}', which the job does not have{_hint(name, keys)}: the Jobs API "
                          "refuses the job")


def _environment_keys(job_key: str, job: LDict) -> Iterator[Problem]:
    return undefined_task_keys(job_key, job, "environments", "environment_key", ENVIRONMENT_RULE)


def _duplicate_task_keys(bundle: Bundle) -> Iterator[Problem]:
    """Two tasks with one task_key in one written `tasks:` list (the job's, or a target's)."""
    for doc, path, rtype, key, value in bundle.resource_definitions():
        if rtype != "jobs" or not isinstance(value, dict) or not isinstance(value.get("tasks"), list):
            continue
        first: dict[str, int] = {}
        for i, task in enumerate(value["tasks"]):
            name = text(task.get("task_key")) if isinstance(task, dict) else ""
            if not name:
                continue
            if name not in first:
                first[name] = i
                continue
            here = path + ("tasks", i, "task_key")
            there = path + ("tasks", first[name], "task_key")
            yield Problem(doc.rel, doc.line(here), DUPLICATE_TASK_RULE,
                          f"job '{key}' has a second task '{name}' (the first is at {doc.where(there)}): "
                          "the CLI merges tasks with one task_key into a single task, so one of them is "
                          "silently not deployed as written; give each task its own task_key")
