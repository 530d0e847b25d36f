"""docs/check.md is generated from the rules and must list every rule, up to date."""

import subprocess
import sys
from pathlib import Path

from bricksmith.check.rules import ALL_RULES

REPO = Path(__file__).resolve().parent.parent


def test_every_rule_is_documented_with_example_and_fix():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for rule in ALL_RULES:
        assert rule.summary and rule.fix, rule.id
        assert f": {rule.id}: " in rule.example, f"{rule.id}: the example must be a problem line of that rule"


def test_docs_page_is_up_to_date():
    generated = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_check_docs.py"), "--stdout"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert (REPO / "docs" / "check.md").read_text() == generated, "run scripts/gen_check_docs.py"
