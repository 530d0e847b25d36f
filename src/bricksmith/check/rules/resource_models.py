"""Every bundle resource loads into the `databricks-bundles` dataclasses.

Resources come from `resources:` and `targets.<name>.resources:` of every bundle file.  A target
override is usually partial (it sets one field of a job defined elsewhere), so when it lacks
required fields it is checked merged onto its base definition instead, and only failures the
base does not have on its own are reported there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import bundle_models, bundle_yaml
from ..bundle_files import bundles
from ..bundle_jsonschema import dotted
from ..problem import Problem, Rule
from ..yamlfile import YamlFile

RULE = "resource-model"

RULES = (
    Rule(
        id=RULE,
        family="bundle schema",
        summary=(
            "Every resource under `resources:` (and `targets.<name>.resources:`) of every bundle "
            "file loads into the model classes of the `databricks-bundles` package (Job, "
            "Pipeline, RegisteredModel, MlflowExperiment, QualityMonitor, ModelServingEndpoint, "
            "Schema, Volume, ...), which reject unknown fields, enum values and wrongly shaped "
            "values at every level, and accept `${...}` references. Resource types the installed "
            "package has no class for (the postgres_* resources in 1.22.1) are left to "
            "bundle-schema."
        ),
        example=(
            "resources/training-job.yml:16: resource-model: "
            "resources.jobs.training_job.tasks[1].condition_task.op: string 'EQUALS' is not a "
            "valid ConditionTaskOp (one of 'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL', "
            "'LESS_THAN', 'LESS_THAN_OR_EQUAL', 'NOT_EQUAL')"
        ),
        fix=(
            "Use a field and value the resource's API accepts: the message names the field by "
            "its path in the file and the model class that refused it (see the Python reference "
            "at https://databricks.github.io/cli/python/)."
        ),
        mirrors="databricks-bundles resource classes (from_dict)",
    ),
)


@dataclass(frozen=True)
class _Definition:
    doc: YamlFile
    path: tuple  # of the resource in its file: ("resources", "jobs", "x") or ("targets", ...)
    kind: str
    key: str
    value: Any

    @property
    def is_override(self) -> bool:
        return self.path[0] == "targets"


def _definitions(doc: YamlFile):
    data = doc.data
    if not isinstance(data, dict):
        return
    sections = [(("resources",), data.get("resources"))]
    targets = data.get("targets")
    if isinstance(targets, dict):
        for name, target in targets.items():
            if isinstance(target, dict):
                sections.append((("targets", name, "resources"), target.get("resources")))
    for prefix, resources in sections:
        if not isinstance(resources, dict):
            continue
        for kind, group in resources.items():
            if not isinstance(group, dict):
                continue
            for key, value in group.items():
                yield _Definition(doc, prefix + (kind, key), kind, key, value)


def _model(ctx, kind: str):
    """The model class for a resource type (None without one), or why the package is unusable."""

    def make():
        try:
            return bundle_models.model_class(kind)
        except Exception as err:  # noqa: BLE001 - an incompatible package must not crash check
            return f"databricks-bundles is unusable here: {err}"

    return ctx.cached(f"resource-model:{kind}", make)


def check(project, ctx):
    problems = []
    for bundle in bundles(project):
        docs = [bundle_yaml.load(project, rel) for rel in bundle.files]
        defs = [d for doc in docs if not doc.error for d in _definitions(doc)]
        base = {}
        for d in defs:
            if not d.is_override:
                base.setdefault((d.kind, d.key), d.value)
        for d in defs:
            if not isinstance(d.value, dict):
                continue  # a `${var...}` or empty resource: bundle-schema's business
            cls = _model(ctx, d.kind)
            if isinstance(cls, str):
                ctx.skip(RULE, cls)
                return problems
            if cls is None:
                continue  # no model class for this type
            for failure, merged in _check(cls, d, base.get((d.kind, d.key))):
                path = d.path + failure.path
                named = path[:-1] if failure.unknown_field else path  # the key's mapping
                if merged:  # merged list indexes are not this file's: point at the resource
                    line = d.doc.line_of(d.path)
                    where = f"{dotted(named)} (merged onto the base definition)"
                else:
                    line, where = d.doc.line_of(path), dotted(named)
                problems.append(Problem(d.doc.path, line, RULE, f"{where}: {failure.message()}"))
    return problems


def _check(cls, d: _Definition, base) -> list[tuple[bundle_models.Failure, bool]]:
    """The resource's failures, each with whether it was found merged onto its base."""
    own = bundle_models.load_all(cls, d.value)
    partial = own and own[-1].missing_required
    if not (d.is_override and isinstance(base, dict) and partial):
        return [(f, False) for f in own]
    # A partial override: what it lacks, its base may provide.  Judge it merged onto the base,
    # leaving out the base's own failures (reported where the base is defined).
    found = [(f, False) for f in own[:-1]]
    skip = {f.error for f in own[:-1]} | {f.error for f in bundle_models.load_all(cls, base)}
    for failure in bundle_models.load_all(cls, bundle_models.merge(base, d.value)):
        if failure.error in skip:
            continue
        if failure.error == own[-1].error:
            found.append((own[-1], False))  # still lacking after the merge: we know where
        else:
            found.append((failure, True))
    return found
