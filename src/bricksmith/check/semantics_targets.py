"""Target selection and the bundle's name, which the CLI needs before it does anything else.

- At most one target is marked `default: true`: without `--target` the CLI picks the default
  one, and refuses to choose between two ("multiple targets are marked as default (a, b)",
  bundle/config/mutator/select_default_target.go).  With a single target, or with `--target`,
  the flag is not read.
- Every target has a `bundle.name` (set at the root or in the target's `bundle:` block): without
  one and without `workspace.root_path` the CLI cannot build the default root path
  `~/.bundle/<name>/<target>` and fails ("unable to define default workspace root: bundle name
  not defined", bundle/config/mutator/default_workspace_root.go).  An empty databricks.yml fails
  the same way (the CLI then defines a target named "default").  With a root_path of its own
  the CLI only warns (`required field "name" is not set`, bundle/config/validate/required.go,
  from the generated list of required fields).
"""

from __future__ import annotations

from collections.abc import Iterator

from .problem import ERROR, WARNING, Problem
from .semantics_bundle import Bundle
from .semantics_effective import mapping, per_target

DEFAULT_TARGET_RULE = "default-target"
BUNDLE_NAME_RULE = "bundle-name-missing"

NAME_ERROR = "unable to define default workspace root: bundle name not defined"


def check_targets(bundle: Bundle) -> Iterator[Problem]:
    yield from _default_targets(bundle)
    yield from _bundle_name(bundle)


def _default_targets(bundle: Bundle) -> Iterator[Problem]:
    marked = []  # (target, doc, path of its `default`) of each target marked default, in file order
    for name, blocks in bundle.targets().items():
        last = None
        for doc, path, block in blocks:
            if "default" in block:
                last = (doc, path + ("default",), block["default"])
        if last is not None and last[2] is True:
            marked.append((name, last[0], last[1]))
    if len(marked) < 2:
        return
    names = ", ".join(name for name, _, _ in marked)
    first, first_doc, first_path = marked[0]
    for name, doc, path in marked[1:]:
        yield Problem(doc.rel, doc.line(path), DEFAULT_TARGET_RULE,
                      f"target '{name}' is marked default: true, as target '{first}' is "
                      f"({first_doc.where(first_path)}): every command without --target fails "
                      f"(\"multiple targets are marked as default ({names})\"); keep one default")


def _bundle_name(bundle: Bundle) -> Iterator[Problem]:
    main = bundle.docs[0]
    missing = []  # (target, has a root_path)
    for target, config in per_target(bundle):
        settings = mapping(config.get("bundle"))
        name = settings.get("name") if settings is not None else None
        if isinstance(name, str) and name.strip() or isinstance(name, (int, float)) and not isinstance(name, bool):
            continue
        workspace = mapping(config.get("workspace"))
        root_path = workspace.get("root_path") if workspace is not None else None
        missing.append((target, isinstance(root_path, str) and root_path != ""))
    if not missing:
        return
    line = main.line(("bundle",)) if "bundle" in main.data else 1
    failing = [t for t, rooted in missing if not rooted]
    all_targets = len(missing) == len(list(per_target(bundle)))
    for severity, targets in ((ERROR, failing), (WARNING, [t for t, rooted in missing if rooted])):
        if not targets:
            continue
        if all_targets and len(targets) == len(missing):
            which = "the bundle has no bundle.name"
        elif len(targets) == 1:
            which = f"target '{targets[0]}' has no bundle.name"
        else:
            which = "targets " + ", ".join(f"'{t}'" for t in targets) + " have no bundle.name"
        if severity == ERROR:
            message = (f"{which}: bundle validate fails (\"{NAME_ERROR}\"); name the bundle under "
                       "`bundle: name:`")
        else:
            message = (f"{which}: bundle validate warns (required field \"name\" is not set); name the "
                       "bundle under `bundle: name:`")
        yield Problem(main.rel, line, BUNDLE_NAME_RULE, message, severity=severity)
