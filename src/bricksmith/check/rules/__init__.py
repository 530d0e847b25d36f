"""The rule families, in the order their problems are computed.

Each module exposes `RULES` (its `Rule`s, documented in docs/check.md) and
`check(project, ctx) -> Iterable[Problem]`.
"""

from . import (
    bundle_schema,
    bundle_semantics,
    cicd,
    docs_links,
    python_code,
    resource_models,
    template_residue,
)

FAMILIES = (
    bundle_schema,
    resource_models,
    bundle_semantics,
    cicd,
    python_code,
    docs_links,
    template_residue,
)

ALL_RULES = tuple(rule for family in FAMILIES for rule in family.RULES)
