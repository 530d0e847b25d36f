"""docs/configuration.md is generated from the template schema and must match it."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_configuration_page_is_up_to_date():
    generated = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_configuration_docs.py"), "--stdout"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert (REPO / "docs" / "configuration.md").read_text() == generated, "run scripts/gen_configuration_docs.py"
