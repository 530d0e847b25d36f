"""Every configuration the tests render the repository's template with: one source for all of them.

The differential test against Go (test_init_goref.py), the check of every generated project
(test_template_check.py) and the benchmarks iterate over `configurations()`.  Today these are
the example configurations in tests/configs/; a generated matrix joins them as the template's
prompts grow.
"""

from __future__ import annotations

import json
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "configs"

# Workspace facts for rendering without a workspace (an Azure host, a normal user).
FACTS = {
    "workspace_host": "https://adb-1234567890123456.7.azuredatabricks.net",
    "user_name": "first.last@example.com",
    "default_catalog": "main",
    "bundle_uuid": "6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93",
}


def configurations() -> dict[str, dict]:
    """{name: config values} for every configuration, in a stable order."""
    return {p.stem: json.loads(p.read_text()) for p in sorted(CONFIG_DIR.glob("*.json"))}
