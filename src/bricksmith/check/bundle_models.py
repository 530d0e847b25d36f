"""Bundle resources loaded into the `databricks-bundles` dataclasses, failures located.

`Job.from_dict` and its siblings are the verdict: they reject unknown fields and enum values at
every level and accept `${...}` references wherever a value may be one.  They stop at the first
failure with a message that names a class but not where it is (``Unexpected field 'x' for class
Task``), so `locate` walks the same type annotations down to the deepest value that still fails,
judging each one with the package's own converter, and `Failure.message` words it for a reader.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import enum
import importlib
import importlib.util
import re
import typing
from dataclasses import dataclass
from functools import cache
from types import NoneType, UnionType
from typing import Any

from .bundle_jsonschema import allowed_values, describe

_MISSING = re.compile(r"missing \d+ required keyword-only arguments?: (.*)$")
_UNEXPECTED_FIELD = re.compile(r"^Unexpected field '([^']*)' for class (\w+)$")


def model_class(kind: str) -> type | None:
    """The model class of a resource type (its key under `resources:`), None without one.

    Each type has its package, `databricks.bundles.<type>`, exporting exactly one subclass of
    `Resource` (`jobs` -> Job, `experiments` -> MlflowExperiment).  Importing only the packages
    a project uses keeps the check fast: all of them take half a second.
    """
    from databricks.bundles.core import Resource

    package = f"databricks.bundles.{kind}"
    spec = importlib.util.find_spec(package) if kind.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        return None  # no such type, or a plain module of the package (build, version)
    module = importlib.import_module(package)
    found = {
        value for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Resource) and value is not Resource
    }
    return found.pop() if len(found) == 1 else None


def _converter():
    """The package's converter, which every `from_dict` is a thin wrapper around."""
    try:
        from databricks.bundles.core._transform import _transform
    except ImportError:  # a release that moved it: failures are still found, just not located
        return None
    return _transform


_TRANSFORM = _converter()


@dataclass(frozen=True)
class Failure:
    path: tuple  # inside the resource
    model: Any  # the annotation the value failed to load as
    value: Any
    error: str

    def message(self) -> str:
        found = _UNEXPECTED_FIELD.match(self.error)
        if found:
            field, cls = found.groups()
            names = [f.name for f in dataclasses.fields(self.model)] if _is_model(self.model) else []
            hint = difflib.get_close_matches(field, names, n=1, cutoff=0.75)
            return f"unknown field {field!r} for {cls}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        found = _MISSING.search(self.error)
        if found:
            names = re.findall(r"'[^']*'", found.group(1))
            plural = "s" if len(names) > 1 else ""
            return f"missing required field{plural} {', '.join(names)} for {_name(self.model)}"
        if isinstance(self.model, type) and issubclass(self.model, enum.Enum):
            allowed = allowed_values([m.value for m in self.model])
            return f"{describe(self.value)} is not a valid {self.model.__name__} (one of {allowed})"
        return f"expected {_expected(self.model)}, got {describe(self.value)}"

    @property
    def unknown_field(self) -> bool:
        return bool(_UNEXPECTED_FIELD.match(self.error))

    @property
    def missing_required(self) -> bool:
        return bool(_MISSING.search(self.error))

    def key(self) -> tuple:
        return (self.path, self.error)


def _is_model(tp) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _name(tp) -> str:
    return getattr(tp, "__name__", str(tp))


def _variable_arm(tp) -> bool:
    from databricks.bundles.core import Variable

    return any(typing.get_origin(arm) is Variable for arm in typing.get_args(tp))


def _plain_arm(tp):
    """The arm of a Union the converter uses for a non-reference value (None if none)."""
    from databricks.bundles.core import Variable

    for arm in typing.get_args(tp):
        if arm is not NoneType and typing.get_origin(arm) is not Variable:
            return arm
    return None


def _expected(tp) -> str:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, UnionType) and _plain_arm(tp) is not None:
        return _expected(_plain_arm(tp))
    if _is_model(tp):
        return f"a mapping ({tp.__name__})"
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    words = {int: "an integer", float: "a number", bool: "a boolean", str: "a string"}
    if tp in words:
        return f"{words[tp]} or a ${{...}} reference"
    return _name(tp)


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _judge(tp, value) -> str | None:
    """Why the package's converter rejects `value` as `tp`, or None when it loads."""
    try:
        _TRANSFORM(tp, value)
    except Exception as err:  # noqa: BLE001 - any failure of the converter is the verdict
        return str(err) or type(err).__name__
    return None


def _children(tp, value, path):
    """(annotation, value, path) of the parts the converter descends into, as it does."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, UnionType):
        arm = _plain_arm(tp)  # the converter's pick for a value that is not a reference
        if value is not None and arm is not None:
            yield arm, value, path
    elif _is_model(tp) and isinstance(value, dict):
        hints = _hints(tp)
        for key, item in value.items():
            if key in hints:
                yield hints[key], item, path + (key,)
    elif origin is list and isinstance(value, list):
        (arg,) = typing.get_args(tp)
        for index, item in enumerate(value):
            yield arg, item, path + (index,)
    elif origin is dict and isinstance(value, dict):
        _, arg = typing.get_args(tp)
        for key, item in value.items():
            yield arg, item, path + (key,)


def locate(tp, value, path: tuple = ()) -> Failure | None:
    """The deepest part of `value` that fails to load as `tp`, or None when it all loads."""
    error = _judge(tp, value)
    if error is None:
        return None
    for sub_tp, sub_value, sub_path in _children(tp, value, path):
        found = locate(sub_tp, sub_value, sub_path)
        if found is not None:
            return found
    found = _UNEXPECTED_FIELD.match(error)
    if found and _is_model(tp):
        path = path + (found.group(1),)  # point at the unknown key itself
    return Failure(path, tp, value, error)


def load(cls, value: dict) -> Failure | None:
    """Load one resource with `cls.from_dict`; on failure, where and why."""
    try:
        cls.from_dict(value)
    except Exception as err:  # noqa: BLE001 - any failure of the package is the verdict
        if _TRANSFORM is not None:
            found = locate(cls, value)
            if found is not None:
                return found
        return Failure((), cls, value, str(err) or type(err).__name__)
    return None


def load_all(cls, value: dict, limit: int = 50) -> list[Failure]:
    """Every failure `load` can find, one at a time: each one is stepped over in a copy (an
    unknown field dropped, a bad value replaced by a valid one of its type) and the resource
    loaded again, until it loads or a failure cannot be stepped over."""
    value = copy.deepcopy(value)
    out: list[Failure] = []
    dropped: list[tuple] = []
    while len(out) < limit:
        failure = load(cls, value)
        if failure is None:
            break
        if failure.missing_required and any(p[:-1] == failure.path for p in dropped):
            break  # we dropped a required field ourselves: not the file's mistake
        out.append(failure)
        if failure.missing_required or not _step_over(value, failure, dropped):
            break
    return out


# Loads wherever a reference may stand (almost everywhere): a stand-in for a bad value.
_REFERENCE = "${var.bricksmith_placeholder}"


def _placeholder(tp):
    """A value that loads as `tp`, to stand in for a bad one; None when there is none."""
    if typing.get_origin(tp) in (typing.Union, UnionType) and _variable_arm(tp):
        return _REFERENCE
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    origin = typing.get_origin(tp)
    if origin is list:
        return []
    if origin is dict:
        return {}
    return {int: 0, float: 0.0, bool: False, str: ""}.get(tp)


def _step_over(value, failure: Failure, dropped: list) -> bool:
    path = failure.path
    if not path:
        return False
    parent = value
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = path[-1]
    placeholder = None if _UNEXPECTED_FIELD.match(failure.error) else _placeholder(failure.model)
    if placeholder is not None and isinstance(parent, (dict, list)):
        parent[last] = placeholder
        return True
    if isinstance(parent, dict) and last in parent:
        del parent[last]
        dropped.append(path)
        return True
    return False


# Sequences the CLI merges item by item (its MergeJobTasks, MergeJobClusters,
# MergeJobParameters and MergePipelineClusters mutators): field -> the key matching items.
MERGE_KEYS = {"tasks": "task_key", "job_clusters": "job_cluster_key", "parameters": "name",
              "clusters": "label"}


def merge(base, override, field: str | None = None):
    """A target override applied to its base resource, as the CLI merges configuration:
    mappings recursively, keyed sequences item by item, other sequences appended, anything
    else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base[key], value, key) if key in base else value
        return out
    if isinstance(base, list) and isinstance(override, list):
        return _merge_items(base, override, MERGE_KEYS.get(field))
    return override


def _item_key(item, key: str):
    if not isinstance(item, dict):
        return None
    if key == "label":  # pipeline clusters: case-insensitive, "default" when unset
        return str(item.get("label") or "default").lower()
    return item.get(key)


def _merge_items(base: list, override: list, key: str | None) -> list:
    out = list(base)
    for item in override:
        match = None
        if key and _item_key(item, key) is not None:
            match = next(
                (i for i, old in enumerate(out) if _item_key(old, key) == _item_key(item, key)),
                None,
            )
        if match is None:
            out.append(item)
        else:
            out[match] = merge(out[match], item)
    return out
