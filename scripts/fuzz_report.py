#!/usr/bin/env python3
"""Fuzz the template's inputs outside pytest and print the figures for docs/reliability.md.

    .venv/bin/python scripts/fuzz_report.py [--examples 2000] [--seed N] [--no-go] [--full-every 20]

Runs the property of tests/test_fuzz_inputs.py (tests/fuzzkit.py) over --examples configurations
drawn by Hypothesis from --seed (random, and printed, when not given), without stopping or
shrinking at a failure: every failing configuration is counted and the first ones printed, with
their problems. Exit status 1 when any configuration fails (known, open regressions recorded in
tests/fuzz_regressions.json are counted apart and do not fail the run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import fuzzkit  # needs tests/ on sys.path
import goref_driver
from hypothesis import given, seed, settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="configurations to try (default 2000)")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random, printed)")
    parser.add_argument("--no-go", action="store_true", help="skip the comparison with the Go reference")
    parser.add_argument("--full-every", type=int, default=20,
                        help="run the full bricksmith check on 1 accepted configuration in N (default 20; 0 never)")
    parser.add_argument("--show", type=int, default=10, help="kinds of failure to show an example of (default 10)")
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    go = None
    if not args.no_go:
        goref_driver.build()
        go = goref_driver
    failing: list[tuple[dict, list]] = []
    print(f"fuzzing {args.examples} configurations, seed {run_seed}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bricksmith-fuzz-") as workdir:
        fuzzer = fuzzkit.Fuzzer(Path(workdir), go=go, full_every=args.full_every, known=fuzzkit.load_regressions())

        @seed(run_seed)
        @settings(settings.get_profile("bricksmith-fuzz-nightly"), max_examples=args.examples, phases=["generate"])
        @given(fuzzkit.configs())
        def run(config):
            problems = fuzzer.check(config)
            if problems:
                failing.append((config, problems))

        started = time.perf_counter()
        run()
        fuzzer.stats.seconds = time.perf_counter() - started
    print(f"Seed {run_seed}, {args.examples} examples{'' if go else ', without Go'}:\n")
    print(fuzzer.stats.table())
    # One example per kind of failure (values blanked out), the most frequent first.
    groups: dict[str, list] = {}
    for config, problems in failing:
        for kind, detail in problems:
            signature = f"{kind}: " + re.sub(r'"[^"]*"|\'[^\']*\'', "…", detail)[:160]
            groups.setdefault(signature, []).append((config, detail))
    for signature, examples in sorted(groups.items(), key=lambda kv: -len(kv[1]))[: args.show]:
        config, detail = min(examples, key=lambda e: len(json.dumps(e[0])))
        print(f"\n{len(examples)} x {signature}\n  smallest config: {json.dumps(config, ensure_ascii=False)}"
              f"\n  detail: {detail[:1500]}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
