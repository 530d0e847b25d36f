"""The repository's own Python passes the pyflakes rules `bricksmith check` enforces on projects."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_pyflakes_clean():
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "--select", "F", "--no-cache", "--isolated", "--exclude", "tests/fixtures",
         "src", "tests", "bench", "scripts"],
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
