"""Job task settings that `bundle validate` refuses or warns about, checked on every target's
merged configuration:

- retry settings of a task that uses `for_each_task` belong on its nested task
  (bundle/config/validate/for_each_task.go);
- a continuous job states its `task_retry_mode` (continuous_task_retry_mode.go);
- with the Terraform engine, no task parameter is an empty string (empty_task_parameters.go).
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
)
from .semantics_refs import resolve_variables, variable_values

FOR_EACH_RULE = "for-each-task-retry"
CONTINUOUS_RULE = "continuous-task-retry-mode"
EMPTY_PARAMETER_RULE = "empty-task-parameter"

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
            if terraform:
                yield from _empty_parameters(job, values)


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
