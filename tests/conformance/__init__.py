"""The differential conformance corpus: template snippets whose expected behaviour is Go's.

Each topic module in this package (any `*.py` not starting with `_`) exports `CASES`, a list of

    (name, template, data)                  or
    (name, template, data, options)

where `data` is the dot, built from Python values that model Go values
(`bricksmith.gotemplate.gotypes`: plain int = Go int, Int64 = int64, float = float64, ...), and
`options` may hold `library` (a list of (file name, text) parsed first, in order, like the CLI's
library/), `walk` (True: `skip` exists, as while the CLI walks template/) and `facts` (workspace
facts for the helpers; DEFAULT_FACTS otherwise). No expected output is written down: goref, the
Go reference renderer, produces it. A case must be deterministic: random helpers only behind
`len` or an error.

To add a case, append a tuple to the topic's CASES; names must be unique within a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

# Facts every case gets unless it brings its own: an Azure workspace, a normal user.
DEFAULT_FACTS = {
    "workspace_host": "https://adb-1234567890123456.7.azuredatabricks.net/",
    "user_name": "test.user-1234@example.com",
    "default_catalog": "main",
    "bundle_uuid": "3f1c2a4e-9b7d-4c1e-8a2f-5d6e7f809a1b",
}

OPTION_KEYS = {"library", "walk", "facts"}


@dataclass(frozen=True)
class Case:
    topic: str
    name: str
    template: str
    data: Any
    library: tuple = ()
    walk: bool = False
    facts: dict = field(default_factory=lambda: dict(DEFAULT_FACTS))

    @property
    def id(self) -> str:
        return f"{self.topic}::{self.name}"


def topics() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def load(topic: str) -> list[Case]:
    module = importlib.import_module(f"{__name__}.{topic}")
    cases, seen = [], set()
    for entry in module.CASES:
        name, template, data, *rest = entry
        options = rest[0] if rest else {}
        unknown = set(options) - OPTION_KEYS
        if len(rest) > 1 or unknown:
            raise ValueError(f"{topic}::{name}: bad case shape or options {sorted(unknown)}")
        if name in seen:
            raise ValueError(f"{topic}: duplicate case name {name!r}")
        seen.add(name)
        cases.append(
            Case(
                topic,
                name,
                template,
                data,
                library=tuple(tuple(f) for f in options.get("library", ())),
                walk=bool(options.get("walk", False)),
                facts=dict(options.get("facts", DEFAULT_FACTS)),
            )
        )
    return cases


def load_all() -> list[Case]:
    return [case for topic in topics() for case in load(topic)]
