"""Values of properties with a `format` (§4.5): only `warehouse_path` means something.

Any other format silently yields "" (even for non-string properties), as in the CLI.
"""

from __future__ import annotations

from typing import Callable

from ..gotemplate.gotypes import GoError
from .errors import InitError
from .workspace import WorkspaceFacts, compatible_warehouses, warehouse_path

WAREHOUSE_PATH = "warehouse_path"


def resolve_format(
    fmt: str,
    facts: WorkspaceFacts,
    pick: Callable[[list[str]], int] | None = None,
) -> str:
    """The value for a property with `format: fmt`; `pick` chooses among several warehouses."""
    if fmt != WAREHOUSE_PATH:
        return ""
    try:
        warehouses = compatible_warehouses(facts)
    except GoError as err:
        raise InitError(str(err)) from None
    if len(warehouses) == 1 or pick is None:
        return warehouse_path(warehouses[0])
    return warehouse_path(warehouses[pick([w.name for w in warehouses])])
