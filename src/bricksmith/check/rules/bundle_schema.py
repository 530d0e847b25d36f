"""Bundle files: they load as the Databricks CLI loads them and validate against its schema.

The files are every bundle's databricks.yml, what its `include:` globs match, and any
`resources/*.yml` not included yet (see `bricksmith.check.bundle_files`).
"""

from __future__ import annotations

from .. import bundle_jsonschema, bundle_yaml
from ..bundle_files import bundle_files
from ..problem import Problem, Rule

FAMILY = "bundle schema"

RULES = (
    Rule(
        id="bundle-yaml-syntax",
        family=FAMILY,
        summary=(
            "Every bundle file (databricks.yml, the files its `include:` globs match, and "
            "resources/*.yml) is YAML the Databricks CLI can load: well-formed, with string "
            "mapping keys. Values are read with YAML 1.2 rules like the CLI's loader, so "
            "`yes`/`on` stay strings. Runs without the schema."
        ),
        example=(
            "resources/training-job.yml:5: bundle-yaml-syntax: expected <block end>, but found "
            "'<block mapping start>' (column 6), while parsing a block mapping at line 3"
        ),
        fix=(
            "Fix the YAML at that line: usually a key indented differently from its siblings, "
            "an unquoted value containing `: ` (quote it), or a numeric mapping key (quote it: "
            "`\"1\":`)."
        ),
        mirrors="libs/dyn/yamlloader (the CLI's YAML loader)",
    ),
    Rule(
        id="duplicate-key",
        family=FAMILY,
        summary=(
            "No key is written twice in one mapping of a bundle file. The CLI's loader keeps the "
            "last one and silently drops the earlier one with everything under it (no error, no "
            "warning), so a second `dev:` target or `train:` job replaces the first."
        ),
        example=(
            "databricks.yml:31: duplicate-key: key 'dev' is written again here (first at line 18): "
            "the Databricks CLI keeps this one and silently drops the earlier one"
        ),
        fix="Merge the two blocks into one, or rename one of the keys.",
        mirrors="",
    ),
    Rule(
        id="bundle-schema",
        family=FAMILY,
        summary=(
            "Every bundle file validates against the official bundle JSON schema (`databricks "
            "bundle schema`): no unknown fields, values of the right type or a `${...}` "
            "reference, enum values from the allowed list, required fields present. Schema "
            "from --bundle-schema, else $DATABRICKS_BUNDLE_SCHEMA, else the Databricks CLI on "
            "PATH; with none the rule is reported as not run."
        ),
        example=(
            "resources/training-job.yml:7: bundle-schema: resources.jobs.training_job.tasks[0]: "
            "unknown field 'notebook_tsk' (did you mean 'notebook_task'?)"
        ),
        fix=(
            "Rename or remove the field, or give it a value of the expected type; the message "
            "names the field by its path in the file. Field reference: "
            "https://docs.databricks.com/dev-tools/bundles/settings.html"
        ),
        mirrors="databricks bundle schema (what bundle validate checks against)",
    ),
)


def check(project, ctx):
    files = bundle_files(project)
    if not files:
        return []
    problems = []
    loaded = []
    for rel in files:
        doc = bundle_yaml.load(project, rel)
        if doc.error:
            problems.append(Problem(rel, doc.error_line, "bundle-yaml-syntax", doc.error))
        else:
            loaded.append(doc)
            problems.extend(
                Problem(rel, line, "duplicate-key",
                        f"key '{key}' is written again here (first at line {first}): the Databricks "
                        "CLI keeps this one and silently drops the earlier one")
                for key, line, first in doc.duplicate_keys
            )
    validator = bundle_jsonschema.validator(ctx)
    if isinstance(validator, bundle_jsonschema.Unavailable):
        ctx.skip("bundle-schema", validator.reason)
        return problems
    for doc in loaded:
        if doc.data is None:  # an empty file configures nothing
            continue
        for path, message in bundle_jsonschema.problems(validator, doc.data):
            problems.append(Problem(doc.path, doc.line_of(path), "bundle-schema", message))
    return problems
