"""Property-based tests of the template's inputs (issue 8): hostile and boundary configurations are
refused with the schema's message, or render safely and exactly as the Go reference does.

The strategies and the property are in tests/fuzzkit.py; docs/reliability.md explains both and
quotes the figures. The profile comes from $BRICKSMITH_FUZZ_PROFILE: `ci` (the default: a fixed
seed, 600 configurations) or `nightly` (20,000 configurations, a random seed printed first;
$BRICKSMITH_FUZZ_SEED replays one). Run with -s to see the figures; the last run's are also in the
pytest cache (`pytest --cache-show 'bricksmith/*'`).
"""

from __future__ import annotations

import json
import re
import time

import fuzzkit
import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from template_configs import FACTS

import bricksmith

MIN_TRIED = 500  # the floor for one CI run
REGRESSIONS = fuzzkit.load_regressions()


def test_configurations_are_refused_or_render_safely(goref, tmp_path, request):
    name, profile, run_seed = fuzzkit.profile()
    print(f"\nfuzz profile {name}, seed {run_seed} (replay: BRICKSMITH_FUZZ_PROFILE={name} BRICKSMITH_FUZZ_SEED={run_seed})")
    fuzzer = fuzzkit.Fuzzer(tmp_path, go=goref, known=REGRESSIONS)

    @seed(run_seed)
    @profile
    @given(fuzzkit.configs())
    def property_holds(config):
        problems = fuzzer.check(config)
        assert problems == [], "\n".join(f"{kind}: {detail[:2000]}" for kind, detail in problems)

    started = time.perf_counter()
    property_holds()
    stats = fuzzer.stats
    stats.seconds = time.perf_counter() - started
    print(stats.table())
    if getattr(request.config, "cache", None) is not None:  # absent under -p no:cacheprovider
        request.config.cache.set(f"bricksmith/fuzz-{name}", {"seed": run_seed, **stats.figures()})
    assert stats.failures == 0
    assert stats.tried >= min(MIN_TRIED, profile.max_examples)
    # Both outcomes, every setup mode and every CI/CD platform are exercised.
    assert stats.accepted >= stats.tried // 4 and sum(stats.rejected.values()) >= stats.tried // 4
    assert set(stats.accepted_by_setup) == set(fuzzkit.PROPS[fuzzkit.SETUP]["enum"])
    assert set(stats.accepted_by_platform) == set(fuzzkit.PROPS[fuzzkit.PLATFORM]["enum"])
    assert stats.go_identical == stats.accepted and stats.full_checked > 0


def _replay_params():
    for i, entry in enumerate(REGRESSIONS):
        marks = ()
        if entry["status"] == "open":
            marks = pytest.mark.xfail(strict=True, reason=f"open: {entry['symptom']}")
        yield pytest.param(entry, id=f"{i}-{entry['status']}", marks=marks)


@pytest.mark.parametrize("entry", list(_replay_params()))
def test_recorded_failure_is_fixed(goref, tmp_path, entry):
    """Every shrunk failing example, replayed with the full check: xfail (strict) while open."""
    fuzzer = fuzzkit.Fuzzer(tmp_path, go=goref, full_every=1)
    problems = fuzzer.check(entry["config"])
    assert problems == [], json.dumps(problems, indent=1)[:4000]


PATTERNS = [name for name, prop in fuzzkit.PROPS.items() if "pattern" in prop]
# Lengths the schema's patterns allow at most (branch names are unbounded: 300 and more).
LONGEST = {"input_project_name": 63, "input_root_dir": 128, "input_python_package": 63,
           "input_dev_catalog_name": 255, "input_read_user_group": 255}


@pytest.mark.parametrize("name", PATTERNS)
def test_generated_values_are_valid_and_reach_the_bounds(name):
    pattern = fuzzkit.PROPS[name]["pattern"]

    @settings(max_examples=25, database=None, derandomize=True, suppress_health_check=[HealthCheck.large_base_example])
    @given(fuzzkit.boundary_values(pattern, longest=False), fuzzkit.boundary_values(pattern, longest=True),
           fuzzkit.valid_values(name))
    def valid(short, long, value):
        assert fuzzkit.is_valid(name, short) and fuzzkit.is_valid(name, long) and fuzzkit.is_valid(name, value)
        assert len(short) <= len(long)
        if name in LONGEST:
            assert len(long) == LONGEST[name]
        if name.endswith("_branch"):
            assert len(short) == 1 and len(long) >= 300

    valid()


def test_every_refusal_of_the_template_is_modelled():
    """A `fail` added to the template must be added to fuzzkit.TEMPLATE_REFUSALS too, or the
    property would call its refusals failures (or miss them)."""
    files = [p for d in ("template", "library") for p in (fuzzkit.REPO / d).rglob("*.tmpl")]
    formats = {m for p in files for m in re.findall(r'\{\{-? *fail "((?:[^"\\]|\\.)*)"', p.read_text())}
    assert formats == {fmt for fmt, _, _ in fuzzkit.TEMPLATE_REFUSALS}


def test_the_value_check_catches_a_retyped_value(tmp_path):
    """The property's own check, on a seeded defect: an unquoted `null` and `true` in the bundle."""
    config = {"input_project_name": "true", "input_dev_catalog_name": "null"}
    bricksmith.render(fuzzkit.REPO, config, tmp_path, **FACTS)
    bundle = tmp_path / "true" / "databricks.yml"
    bundle.write_text(bundle.read_text().replace('"null"', "null").replace('name: "true"', "name: true"))
    documents = {p.relative_to(tmp_path).as_posix(): list(yaml.safe_load_all(p.read_text()))
                 for p in tmp_path.rglob("*.yml")}
    problems = fuzzkit.value_problems(config, documents)
    assert problems == ["bundle.name: True != 'true'", "targets.dev.variables.catalog: None != 'null'"]
