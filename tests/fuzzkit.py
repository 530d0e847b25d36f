"""Property-based testing of the template's inputs (issue 8): strategies and the outcome checker.

Shared by tests/test_fuzz_inputs.py (the CI and nightly profiles) and scripts/fuzz_report.py (the
figures quoted in docs/reliability.md). Everything is read from databricks_template_schema.json:
a prompt added there is fuzzed without a change here.

The property, for every configuration (`Fuzzer.check`):

- either `bricksmith init` refuses it with the schema's message for an offending property (or
  the template's own message, for the few combinations it refuses: TEMPLATE_REFUSALS), and writes
  nothing (the output directory does not even exist), and so does the Go reference;
- or it renders, and: every written path is inside the output directory; the Go reference renders
  the same files, bytes and modes; every YAML file parses (all documents); `bricksmith check`'s
  bundle rules and CI YAML rules find nothing (the full check, on one configuration in
  `full_every`); values reach the YAML as the very strings that were given.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import json
import os
import re
import re._constants as sre
import re._parser as sre_parse
import shutil
import stat
import sys
import types
import zlib
from pathlib import Path
from typing import Any

import yaml
from checkkit import bundle_schema as bundle_schema_file
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from template_configs import FACTS

import bricksmith
from bricksmith.check import Checker, Options, ci_files
from bricksmith.check.rules import (
    bundle_schema,
    bundle_semantics,
    cicd,
    resource_models,
)

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "databricks_template_schema.json").read_text())
# Properties in the CLI's order (`order`, then name): the order defaults are assigned in.
PROPS: dict[str, dict] = dict(sorted(SCHEMA["properties"].items(), key=lambda kv: (kv[1].get("order", 1e9), kv[0])))
SETUP, PLATFORM = "input_setup_cicd_and_project", "input_cicd_platform"
PREFIX = "failed to load config from file {path}: "

# --- hostile material (issue 8) ---------------------------------------------------------------

# Inserted into valid values, and tried on their own.
FRAGMENTS = [
    '"', "'", ": ", "#", " #", "-", "{{", "}}", "${", "$(", "`", "..", "/", "\\", " ", "\t", "\n",
    "\r", "\x00", "\x1b", "\x7f", "\u00a0", "\u200b", "\u2028", "é", "ß", "İ", "😀", "%s", "&", "*",
    "!", "|", ">", "[", "]", "{", "}", ",", "?", "@", "~", "=", "<<", "\ufeff",
]
# Scalars YAML 1.1 or 1.2 would re-type if written unquoted.
YAML_WORDS = [
    "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "yes", "Yes", "no", "No", "on", "On",
    "off", "y", "n", "3.10", "1.20", "1e3", "0x1F", "0o17", "007", ".inf", "-.inf", ".nan", "nan", "inf",
    "1_000", "12:30", "2001-12-14", "<<", "=", "0", "-1",
]
HOSTILE = [
    "", " ", "  lead", "trail ", "a b", "a: b", "a #b", "#x", "-rf", "--help", "-", "'single'",
    '"double"', "$(touch /tmp/pwned)", "`id`", "${var.x}", "${{ secrets.X }}", "{{.input_project_name}}",
    "{{", "}}", "..", ".", "../escape", "../../x", "/etc/passwd", "a/b", "a//b", "a/", "/a", "\\x",
    "C:\\x", "a\nb", "a\rb", "\x00", "a\x1bb", "ünïcödé", "名前", "😀", "CON", "a;b", "a|b", "a&&b",
    "*", "!tag", "&anchor", "[list]", "{map}", "%s%n", "a\u2028b", "https://", "https://a..b",
    "http://adb-1.2.azuredatabricks.net", "https://x.y/\n", "python:3.12\n", "name\n",
]
# JSON values of other types: a config file may hold them.
NON_STRINGS = [None, True, False, 3.10, 0, 10, 1e3, [], {}, ["yes"], {"a": "b"}]


def _body(pattern: str) -> str:
    """The pattern without its ^...$ anchors (every pattern here is anchored both ends), for
    Python's fullmatch: Python's `$` also matches before a final newline, RE2's does not."""
    assert pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"), pattern
    return pattern[1:-1]


def is_valid(name: str, value: Any) -> bool:
    """Whether the schema accepts `value` for property `name` (an independent oracle: Python's
    re on the unanchored body with fullmatch, not the engine's RE2 port)."""
    prop = PROPS[name]
    if "enum" in prop:
        return isinstance(value, str) and value in prop["enum"]
    if not isinstance(value, str):
        return False
    return "pattern" not in prop or re.fullmatch(_body(prop["pattern"]), value) is not None


# --- strategies --------------------------------------------------------------------------------


def _class_chars(items) -> list[str]:
    chars = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av))
        elif op is sre.RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        else:
            raise ValueError(f"unsupported character class item {op}")
    return chars


def _extreme(draw, items, longest: bool, reach: int) -> str:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.IN:
            out.append(draw(st.sampled_from(_class_chars(av))))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, sub = av
            n = lo
            if longest and hi is not sre.MAXREPEAT:
                n = hi
            elif longest and reach:  # unbounded: repeat until `reach` characters at least
                n = max(lo, -(-reach // max(1, sub.getwidth()[0])))
            # Inside a repeat (an optional part aside), unbounded repeats stay at their minimum:
            # one value, not megabytes.
            inner = reach if hi == 1 else 0
            out.extend(_extreme(draw, sub, longest, inner) for _ in range(n))
        elif op is sre.SUBPATTERN:
            out.append(_extreme(draw, av[-1], longest, reach))
        elif op is sre.BRANCH:
            out.append(_extreme(draw, draw(st.sampled_from(av[1])), longest, reach))
        elif op is sre.AT:
            continue
        else:
            raise ValueError(f"unsupported pattern item {op}")
    return "".join(out)


@functools.cache
def boundary_values(pattern: str, longest: bool) -> st.SearchStrategy[str]:
    """Strings matching `pattern` at its length bounds: every quantifier at its minimum, or at its
    maximum (unbounded ones 300 times at the top level: strings of 300 characters and more)."""
    tree = sre_parse.parse(_body(pattern))
    return st.composite(lambda draw: _extreme(draw, tree, longest, 300))()


@functools.cache
def valid_values(name: str) -> st.SearchStrategy[str]:
    """Values the schema accepts for `name`: enum values; else strings matching the pattern
    (generated from it), at its length bounds, and the YAML keywords it happens to accept."""
    prop = PROPS[name]
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    body = _body(prop["pattern"])
    words = [w for w in YAML_WORDS if is_valid(name, w)]
    options = [
        st.from_regex(body, fullmatch=True),
        st.from_regex(body, fullmatch=True),
        boundary_values(prop["pattern"], longest=False),
        boundary_values(prop["pattern"], longest=True),
    ]
    if words:
        options.append(st.sampled_from(words))
    return st.one_of(options)


@functools.cache
def hostile_values() -> st.SearchStrategy[Any]:
    """Values meant to break things, whatever the property: the listed hostile strings, YAML
    keywords, fragments, arbitrary (control and non-ASCII) text, 300+ character runs, non-strings."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(YAML_WORDS),
        st.sampled_from(FRAGMENTS),
        st.text(st.characters(codec="utf-8"), max_size=16),
        st.builds(lambda c, n: c * n, st.sampled_from(["x", "a-", "_", ".", " ", "é", "/"]), st.integers(300, 400)),
        st.sampled_from(NON_STRINGS),
    )


@functools.cache
def mutated_values(name: str) -> st.SearchStrategy[str]:
    """A valid value of `name` with a hostile fragment (or YAML keyword) inserted, prepended or appended."""

    def insert(value: str, fragment: str, at: int) -> str:
        at = at % (len(value) + 1)
        return value[:at] + fragment + value[at:]

    fragments = st.sampled_from(FRAGMENTS + YAML_WORDS)
    return st.one_of(
        st.builds(insert, valid_values(name), fragments, st.integers(0, 400)),
        st.builds(lambda v, f: f + v, valid_values(name), fragments),
        st.builds(lambda v, f: v + f, valid_values(name), fragments),
        st.builds(str.upper, valid_values(name)),
    )


@functools.cache
def wild_values(name: str) -> st.SearchStrategy[Any]:
    """Anything for `name`: hostile values, mutated valid ones, and (rarely) valid ones."""
    return st.one_of(hostile_values(), mutated_values(name), mutated_values(name), valid_values(name))


@st.composite
def configs(draw) -> dict[str, Any]:
    """A config file's values: each property of the schema set or not (unset ones take their
    defaults), set ones valid, except in half of them one or two "wild" properties that draw
    hostile values."""
    n_wild = draw(st.sampled_from([0, 0, 1, 2]))
    wild = set(draw(st.lists(st.sampled_from(list(PROPS)), min_size=n_wild, max_size=n_wild)))
    config = {}
    for name in PROPS:
        if name in wild:
            config[name] = draw(wild_values(name))
        elif draw(st.booleans()):
            config[name] = draw(valid_values(name))
    return config


# --- Hypothesis profiles -----------------------------------------------------------------------

_COMMON = {
    "deadline": None,
    "database": None,
    "derandomize": False,
    "report_multiple_bugs": False,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
}
settings.register_profile("bricksmith-fuzz-ci", max_examples=600, print_blob=False, **_COMMON)
settings.register_profile("bricksmith-fuzz-nightly", max_examples=20_000, print_blob=True, **_COMMON)
CI_SEED = 20_251_130  # fixed: CI tries the same 600 configurations on every run


def profile(name: str | None = None) -> tuple[str, settings, int]:
    """(name, Hypothesis settings, seed) of a profile: `name`, else $BRICKSMITH_FUZZ_PROFILE, else
    "ci". ci has a fixed seed; nightly a random one unless $BRICKSMITH_FUZZ_SEED gives it."""
    name = name or os.environ.get("BRICKSMITH_FUZZ_PROFILE") or "ci"
    if name not in ("ci", "nightly"):
        raise ValueError(f"BRICKSMITH_FUZZ_PROFILE must be ci or nightly, not {name!r}")
    given_seed = os.environ.get("BRICKSMITH_FUZZ_SEED")
    if given_seed:
        run_seed = int(given_seed)
    else:
        run_seed = CI_SEED if name == "ci" else int.from_bytes(os.urandom(4), "big")
    return name, settings.get_profile(f"bricksmith-fuzz-{name}"), run_seed


# --- the property ------------------------------------------------------------------------------


# The template's own refusals (`fail` in its files), for configurations the schema accepts:
# (the `fail` format, the properties it names, when it applies to the effective values).
SAME_BRANCH = ("input_default_branch and input_release_branch are both %q: every merge would deploy staging "
               "and prod at once. Give the release branch another name (for example release).")
NOT_GIT = re.compile(r"^HEAD$|\.lock(/|$)")
NOT_GIT_BRANCH = "{name} %q is not a name Git gives a branch (HEAD, or a part ending in .lock): choose another."
NESTED_BRANCHES = ("input_release_branch %q and input_default_branch cannot both exist in Git: one would be a folder "
                   "of the other. Choose names where neither starts with the other followed by '/'.")
CASE_BRANCHES = ("input_release_branch %q differs from input_default_branch only in case: the two branches collide "
                 "on macOS and Windows. Give the release branch another name (for example release).")
GITLAB_RESERVED = ("input_project_name %q is the name of the repository's add-a-project pipeline on GitLab "
                   "(.gitlab/pipelines/add-project.yml): choose another project name.")


def _ci(v: dict) -> bool:
    return v[SETUP] != "Project_Only"


def _nested(a: str, b: str) -> bool:
    return a.startswith(b + "/") or b.startswith(a + "/")


# In the order template/__preamble.tmpl checks them: the first that applies is the message.
TEMPLATE_REFUSALS = [
    (SAME_BRANCH, ["input_release_branch"],
     lambda v: _ci(v) and v["input_default_branch"] == v["input_release_branch"]),
    (NOT_GIT_BRANCH.format(name="input_default_branch"), ["input_default_branch"],
     lambda v: _ci(v) and NOT_GIT.search(v["input_default_branch"]) is not None),
    (NOT_GIT_BRANCH.format(name="input_release_branch"), ["input_release_branch"],
     lambda v: _ci(v) and NOT_GIT.search(v["input_release_branch"]) is not None),
    (NESTED_BRANCHES, ["input_release_branch"],
     lambda v: _ci(v) and _nested(v["input_default_branch"], v["input_release_branch"])),
    (CASE_BRANCHES, ["input_release_branch"],
     lambda v: _ci(v) and v["input_default_branch"].lower() == v["input_release_branch"].lower()),
    (GITLAB_RESERVED, ["input_project_name"],
     lambda v: _ci(v) and v[PLATFORM] == "gitlab" and v["input_project_name"] == "add-project"),
]


def expected_rejection(config: dict) -> tuple[str, list[str], str | None] | None:
    """None when `init` must accept `config`, else (check, offending properties, message or None).

    check is the first of the CLI's checks (enum, type, pattern) that fails, with every property
    it fails on (the CLI names any one of them: Go map order; bricksmith and the Go reference name
    the first); else "template" with the message of the template's own refusal."""
    bad = [n for n in config if "enum" in PROPS[n] and not is_valid(n, config[n])]
    if bad:
        return "enum", bad, None
    bad = [n for n in config if not isinstance(config[n], str)]
    if bad:
        return "type", bad, None
    bad = [n for n in config if not is_valid(n, config[n])]
    if bad:
        return "pattern", bad, None
    values = effective(config)
    for fmt, names, applies in TEMPLATE_REFUSALS:
        if applies(values):  # %q of these values (ASCII, no quotes or backslashes) is a JSON string
            return "template", names, fmt.replace("%q", json.dumps(values[names[0]]))
    return None


def _message_matches(message: str, path: str, check: str, name: str, value: Any) -> bool:
    prop = PROPS[name]
    body = message.removeprefix(PREFIX.format(path=path))
    if body == message:
        return False
    if check == "enum":
        head = f"expected value of property {name} to be one of [{' '.join(prop['enum'])}]. Found: "
        return body.startswith(head) and (not isinstance(value, str) or body == head + value)
    if check == "type":
        return body.startswith(f"incorrect type for property {name}: expected type string, but value is ")
    return body.startswith(f"invalid value for {name}: ") and body.endswith(". " + prop["pattern_match_failure_message"])


def _tree(root: Path) -> dict[str, Any]:
    """Every file (bytes, mode), directory and symlink under root."""
    result: dict[str, Any] = {}
    if not root.exists():
        return result
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                result[rel] = ("symlink", os.readlink(path))
            elif path.is_dir():
                result[rel + "/"] = None
            else:
                result[rel] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    return result


def _scalars(node) -> list:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _scalars(k) + _scalars(v)]
    if isinstance(node, list):
        return [s for v in node for s in _scalars(v)]
    return [node]


def _values_by_key(node, key: str) -> list:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == key]
        return found + [x for v in node.values() for x in _values_by_key(v, key)]
    if isinstance(node, list):
        return [x for v in node for x in _values_by_key(v, key)]
    return []


def effective(config: dict) -> dict[str, Any]:
    """The values the template sees: the config's, and the defaults (rendered) for the rest.
    Only the defaults that other checks need are computed: they are simple on purpose."""
    values = dict(config)
    name = values.setdefault("input_project_name", PROPS["input_project_name"]["default"])
    values.setdefault("input_root_dir", name)
    values.setdefault("input_python_package", name.replace("-", "_"))
    values.setdefault("input_schema_name", name.replace("-", "_"))
    for prop, schema in PROPS.items():
        if prop not in values and "{{" not in str(schema.get("default", "{{")):
            values[prop] = schema["default"]
    return values


def value_problems(config: dict, documents: dict[str, list]) -> list[str]:
    """Where a value of `config` is easy to locate in the YAML (`documents`: {written path: its
    parsed documents}), it must be the very string given: one message per value that is not."""
    v = effective(config)
    root = v["input_root_dir"]
    problems = []

    def expect(what: str, found, wanted) -> None:
        if found != wanted:
            problems.append(f"{what}: {found!r} != {wanted!r}")

    if v[SETUP] != "CICD_Only":
        (bundle,) = documents[f"{root}/databricks.yml"]
        expect("bundle.name", bundle["bundle"]["name"], v["input_project_name"])
        expect("variables.schema.default", bundle["variables"]["schema"]["default"], v["input_schema_name"])
        expect("variables.inference_table.default", bundle["variables"]["inference_table"]["default"],
               v.get("input_inference_table_name", "predictions").rsplit(".", 1)[-1])
        for target in ("dev", "test", "staging", "prod"):
            catalog = config.get(f"input_{target}_catalog_name", PROPS[f"input_{target}_catalog_name"]["default"])
            expect(f"targets.{target}.variables.catalog", bundle["targets"][target]["variables"]["catalog"], catalog)
            which = "prod" if target == "prod" else "staging"
            host = config.get(f"input_databricks_{which}_workspace_host")
            if host is not None:
                wanted = re.match(r"https://[^/?#]*", host).group(0)
                expect(f"targets.{target}.workspace.host", bundle["targets"][target]["workspace"]["host"], wanted)
        resources = [d for rel, docs in documents.items() if rel.startswith(f"{root}/resources/") for d in docs]
        groups = {g for d in resources for g in _values_by_key(d, "group_name")}
        expect("resources: permissions group_name", groups, {v["input_read_user_group"]})
        principals = {p for d in resources for p in _values_by_key(d, "principal")}
        expect("resources: grants principal", principals, {v["input_unity_catalog_read_user_group"]})
    if v[SETUP] == "CICD_and_Project":
        ci = [s for rel, docs in documents.items() if _is_ci(rel, root) for d in docs for s in _scalars(d)]
        strings = [s for s in ci if isinstance(s, str)]
        for prop in ("input_default_branch", "input_release_branch"):
            branch = v[prop]
            if v[PLATFORM] == "gitlab":
                ok = any(f'== "{branch}"' in s for s in strings)
            else:
                ok = branch in strings
            if not ok:
                problems.append(f"{prop} {branch!r} not found as a string in the CI YAML")
    return problems


def _is_ci(rel: str, root: str) -> bool:
    inner = rel.removeprefix(root + "/")
    return inner.startswith((".github/", ".azure/", ".gitlab")) or inner == ".gitlab-ci.yml"


# The cicd family without its external tools (actionlint, zizmor: a subprocess each), so that
# every configuration gets the CI schema rules and yaml-float-version in-process.
CI_YAML_RULES = types.SimpleNamespace(
    __name__="bricksmith.check.rules.ci_yaml_only",
    RULES=tuple(r for r in cicd.RULES if r.id not in ("actionlint", "zizmor")),
    check=lambda project, ctx: list(cicd._file_problems(project, ctx, ci_files.github_workflows(project))),
)
BUNDLE_FAMILIES = [bundle_schema, resource_models, bundle_semantics, CI_YAML_RULES]


KINDS = {  # kind of broken part -> the figure that counts the configurations showing it
    "rejection": "wrong refusals (message, output left behind, or a valid config refused)",
    "go": "differences from the Go reference",
    "path": "path escapes",
    "yaml": "YAML parse failures",
    "bundle": "bundle-rule problems",
    "value": "values not reaching the YAML intact",
    "full-check": "full `bricksmith check` problems",
    "crash": "exceptions (not InitError) from init or the checks",
}


@dataclasses.dataclass
class Stats:
    """Figures of a run: what docs/reliability.md quotes. `seconds` is set by the caller."""

    tried: int = 0
    accepted: int = 0
    rejected: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # by property
    go_identical: int = 0
    full_checked: int = 0
    by_kind: collections.Counter = dataclasses.field(default_factory=collections.Counter)  # configs per kind
    known: int = 0  # configurations showing only open, recorded regressions (fuzz_regressions.json)
    failures: int = 0  # configurations showing anything else
    accepted_by_setup: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    accepted_by_platform: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    seconds: float = 0.0

    def figures(self) -> dict[str, Any]:
        """The figures as a JSON-able dict (the CI run stores it in the pytest cache)."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {k: dict(sorted(v.items())) if isinstance(v, dict) else v for k, v in values.items()}

    def table(self) -> str:
        """The figures as a Markdown table."""
        rows = [
            ("configurations tried", self.tried),
            ("rejected (the schema's or the template's message, nothing written)", sum(self.rejected.values())),
            *((f"&nbsp;&nbsp;for `{name}`", n) for name, n in sorted(self.rejected.items())),
            ("accepted", self.accepted),
            *((f"&nbsp;&nbsp;`{SETUP}` = {k}", n) for k, n in sorted(self.accepted_by_setup.items())),
            *((f"&nbsp;&nbsp;`{PLATFORM}` = {k}", n) for k, n in sorted(self.accepted_by_platform.items())),
            ("accepted and byte-identical under the Go reference", self.go_identical),
            ("accepted and given the full `bricksmith check`", self.full_checked),
            *((label, self.by_kind[kind]) for kind, label in KINDS.items()),
            ("known failures (open entries of tests/fuzz_regressions.json)", self.known),
            ("failures", self.failures),
            ("seconds", round(self.seconds, 1)),
        ]
        return "| figure | value |\n| --- | ---: |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


REGRESSIONS_FILE = Path(__file__).resolve().parent / "fuzz_regressions.json"


def load_regressions(path: Path = REGRESSIONS_FILE) -> list[dict]:
    """The recorded failures: [{"config", "symptom", "status": "open" | "fixed", "known": {"kind",
    "detail": regex}, "fixed_by" (once fixed)}]. While an entry is open, a problem of that kind
    whose detail matches is a known failure: counted apart, it does not fail the property."""
    return json.loads(path.read_text(encoding="utf-8"))


class Fuzzer:
    """Checks the property for one configuration at a time and keeps the figures in `stats`.

    workdir: an existing directory for the renders (each is removed once checked).
    go: the goref_driver module (tests/goref_driver.py), or None to skip the Go comparison.
    full_every: the full `bricksmith check` runs on the accepted configurations whose config hash
    is 0 modulo this (a deterministic sample, 1 in `full_every`); 1 always, 0 never.
    known: regressions (`load_regressions()`) whose open entries are tolerated, counted apart.
    """

    def __init__(self, workdir: Path, go=None, full_every: int = 20, known: list[dict] = ()):
        self.workdir = Path(workdir)
        self.go = go
        self.full_every = full_every
        self.known = [(e["known"]["kind"], re.compile(e["known"]["detail"])) for e in known if e["status"] == "open"]
        self.stats = Stats()
        # The engine raises the recursion limit on its first render: do it first, so that
        # Hypothesis does not warn that it changed during a test.
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 30000))
        schema = bundle_schema_file()
        self.bundle_checker = Checker(bundle_schema=schema, families=BUNDLE_FAMILIES)
        self.full_checker = Checker(options=Options(bundle_schema=schema, strict=True))

    def check(self, config: dict) -> list[tuple[str, str]]:
        """Render `config` (a config file's values) with bricksmith and Go; return the broken parts
        of the property that are not known failures, as (kind, detail) pairs: [] when it holds."""
        self.stats.tried += 1
        work = self.workdir / str(self.stats.tried)
        work.mkdir()
        try:
            problems = self._check(config, work)
        except Exception as exc:  # noqa: BLE001 (a crash of render or of a check is a finding too)
            problems = [("crash", f"{type(exc).__name__}: {exc}")]
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for kind in {kind for kind, _ in problems}:
            self.stats.by_kind[kind] += 1
        new = [(k, d) for k, d in problems if not any(k == kk and rx.search(d) for kk, rx in self.known)]
        if new:
            self.stats.failures += 1
        elif problems:
            self.stats.known += 1
        return new

    def _check(self, config: dict, work: Path) -> list[tuple[str, str]]:
        config_file = work / "config.json"
        config_file.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        out, go_out = work / "py", work / "go"
        expected = expected_rejection(config)
        go_result = None
        if self.go is not None:
            go_result = self.go.run_init(REPO, go_out, config_file=config_file, facts=FACTS)
        try:
            written = bricksmith.render(REPO, config_file, out, **FACTS)
        except bricksmith.InitError as err:
            return self._rejected(config, str(err), expected, config_file, out, go_result)
        if expected is not None:
            return [("rejection", f"accepted, but it must be refused ({expected[0]}: {expected[1]})")]
        self.stats.accepted += 1
        self.stats.accepted_by_setup[config.get(SETUP, PROPS[SETUP]["default"])] += 1
        if config.get(SETUP) != "Project_Only":
            self.stats.accepted_by_platform[config.get(PLATFORM, PROPS[PLATFORM]["default"])] += 1
        problems = []
        root = out.resolve()
        tree = _tree(out)
        for rel in written:
            if not (out / rel).resolve().is_relative_to(root):
                problems.append(("path", f"written outside the output directory: {rel}"))
        for rel, entry in tree.items():
            if isinstance(entry, tuple) and entry[0] == "symlink":
                problems.append(("path", f"symlink written: {rel} -> {entry[1]}"))
        beside = sorted(os.listdir(work))
        if beside != sorted(["config.json", "py"] + (["go"] if go_result else [])):
            problems.append(("path", f"unexpected entries beside the output: {beside}"))
        if go_result is not None:
            if "error" in go_result:
                problems.append(("go", f"Go refuses it: {go_result['error']}"))
            elif written != sorted(go_result["outputs"] or []) or tree != _tree(go_out):
                go_tree = _tree(go_out)
                differ = sorted(k for k in tree.keys() | go_tree.keys() if tree.get(k) != go_tree.get(k))
                problems.append(("go", f"Go renders different files or bytes: {differ[:5]}"))
            else:
                self.stats.go_identical += 1
        documents = {}
        for rel in written:
            if rel.endswith((".yml", ".yaml")):
                try:
                    documents[rel] = list(yaml.safe_load_all((out / rel).read_text(encoding="utf-8")))
                except (yaml.YAMLError, UnicodeDecodeError) as err:
                    problems.append(("yaml", f"{rel}: {err}"))
        if any(kind == "yaml" for kind, _ in problems):
            return problems
        problems += [("bundle", p.text()) for p in self.bundle_checker.check(out).problems]
        try:
            problems += [("value", text) for text in value_problems(config, documents)]
        except (KeyError, TypeError, ValueError) as err:
            problems.append(("value", f"bundle structure not as expected: {err!r}"))
        if self.full_every and zlib.crc32(json.dumps(config, sort_keys=True).encode()) % self.full_every == 0:
            self.stats.full_checked += 1
            problems += [("full-check", p.text()) for p in self.full_checker.check(out).problems]
        return problems

    def _rejected(self, config, message, expected, config_file, out, go_result) -> list[tuple[str, str]]:
        if expected is None:
            return [("rejection", f"refused a valid configuration: {message}")]
        problems = []
        check, names, wanted = expected
        if check == "template":
            named = names if message == wanted else []
        else:
            named = [n for n in names if _message_matches(message, str(config_file), check, n, config[n])]
        if named:
            self.stats.rejected[named[0] + (" (the template's refusal)" if check == "template" else "")] += 1
        else:
            problems.append(("rejection", f"not the {check} message for {names}: {message}"))
        if out.exists():
            problems.append(("rejection", f"refused, yet wrote {sorted(_tree(out))[:5]}"))
        if go_result is not None:
            go_message = go_result.get("error")
            if go_message is None:
                problems.append(("go", "Go accepts it"))
            elif len(names) == 1 and go_message != message:
                problems.append(("go", f"Go's message differs: {go_message}"))
            elif check != "template" and not any(
                _message_matches(go_message, str(config_file), check, n, config[n]) for n in names
            ):
                problems.append(("go", f"Go's message is not the schema's: {go_message}"))
        return problems
