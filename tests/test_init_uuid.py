"""`is_service_principal` decides as the CLI does: github.com/google/uuid's `Parse(userName)`.

google/uuid switches on len(s), which in Go is the length in BYTES (UTF-8): 36 (canonical), 45
(`urn:uuid:` in any case), 38 (first and last byte dropped unchecked) and 32 (hex only).  The
Python rule (bricksmith.initcmd.helpers.is_uuid) is checked against the Go reference harness,
whose googleUUIDParse (tests/goref/uuidparse.go) implements those rules in Go, over inputs of
every form, with wrong brackets, mixed case, non-ASCII text whose byte length differs from its
length in characters, invalid UTF-8 and whitespace.

Go 1.27's standard library `uuid.Parse` is a different parser (it checks the braces and wants a
lower-case `urn:uuid:`); the harness reports its verdict too, and the contrast test shows where
the two differ, so that nobody "fixes" the rule by switching to it.
"""

from __future__ import annotations

import json
import random
import subprocess

import pytest

from bricksmith.initcmd.helpers import go_string_bytes, is_canonical_uuid, is_service_principal, is_uuid, short_name
from bricksmith.initcmd.workspace import CurrentUser

U = "6f3c2a8e-1b7d-4c55-9e0a-2d4f8b6a1c93"
HEX32 = U.replace("-", "")

# (input, google/uuid's verdict).  Expected values are stated so that a wrong harness is caught
# too; the differential below compares every one with Go.
CASES = [
    # 36 bytes: the canonical form
    (U, True),
    (U.upper(), True),
    ("6F3c2A8e-1B7d-4C55-9e0A-2d4F8b6A1c93", True),
    ("00000000-0000-0000-0000-000000000000", True),
    (U[:8] + "_" + U[9:], False),
    (U[:9] + "-" + U[10:], False),  # a dash where a digit belongs
    ("-" + U[:35], False),
    (U[:-1] + "g", False),
    (U[:-1] + "G", False),
    (U[:-1] + " ", False),
    (U.replace("-", ":"), False),
    ("6f3c2a8e1b7d-4c55-9e0a-2d4f8b6a1c93-", False),
    # 45 bytes: urn:uuid: in any case
    ("urn:uuid:" + U, True),
    ("URN:UUID:" + U, True),
    ("UrN:uUiD:" + U.upper(), True),
    ("urn:uuid:" + U[:-1] + "x", False),
    ("urn-uuid:" + U, False),
    ("urn:uuid " + U, False),
    ("uuid:urn:" + U, False),
    ("urn:uuid:" + HEX32 + "abcd", False),
    ("urn:uuid:{" + U[:-2] + "}", False),
    # 38 bytes: the enclosing bytes are not checked
    ("{" + U + "}", True),
    ("{" + U.upper() + "}", True),
    ("(" + U + ")", True),
    ("[" + U + "]", True),
    ("}" + U + "{", True),
    ("x" + U + "y", True),
    (" " + U + " ", True),
    ("\t" + U + "\n", True),
    ("{" + U + "{", True),
    ("{{" + U[:-1] + "}", False),
    ("{" + U[1:] + "}}", False),
    ("{" + HEX32 + "abcd}", False),
    # 32 bytes: hex digits only
    (HEX32, True),
    (HEX32.upper(), True),
    (HEX32[:-1] + "g", False),
    (HEX32[:-1] + "-", False),
    ("0x" + HEX32[:30], False),
    (" " + HEX32[:31], False),
    # other lengths
    ("", False),
    (" ", False),
    (U[:-1], False),
    (U + "0", False),
    (" " + U, False),
    (U + "\n", False),
    ("{" + U, False),
    ("urn:uuid:" + HEX32, False),
    ("first.last@example.com", False),
    (HEX32 + "0", False),
    (HEX32[:-1], False),
    # non-ASCII: the byte length decides, not the number of characters
    ("é" + U[1:], False),  # 36 characters, 37 bytes
    ("é" + U[2:], False),  # 35 characters, 36 bytes: canonical length, non-hex bytes
    ("é" + U, False),  # 37 characters, 38 bytes: the bracket form's length, but byte 1 is not hex
    ("é" + U[:-1] + "é", False),  # 37 characters, 38 bytes
    ("é" + U + "é", False),  # 38 characters around a canonical UUID, but 40 bytes
    ("€" + U + "}", False),  # 38 characters, 40 bytes
    ("{" + U + "\U0001f600", False),  # 38 characters, 41 bytes
    ("€" + HEX32[:29], False),  # 30 characters, 32 bytes
    ("é" + HEX32[:30], False),  # 31 characters, 32 bytes
    ("urn:uuİd:" + U, False),  # İ lowercases to i in Go, but it is two bytes: 46
    ("urn:uuıd:" + U, False),  # dotless i: 46 bytes
    ("urn:uuid" + "：" + U, False),  # a fullwidth colon: 47 bytes
    ("ｕrn:uuid:" + U, False),
    ("\u212a" + U, False),  # the Kelvin sign, which folds to k
    ("６" + U[1:], False),  # a fullwidth digit is no hex digit
    ("{" + U + "\u00a0", False),  # 39 bytes
    # invalid UTF-8 (surrogate escapes): one byte each, so these are 38 bytes like "{...}"
    ("\udcff" + U + "\udcfe", True),
    ("\udcc3" + U + "\udca9", True),
    ("\udcff" + U[1:], False),
    ("\udcff" * 32, False),
    ("urn:uuid:" + U[:-1] + "\udcff", False),
]


def _go_decide(goref, inputs: list[str]) -> list[dict]:
    """Ask the harness's `uuid` mode: {"google", "stdlib" (None before Go 1.27), "bytes"} per input."""
    payload = json.dumps({"inputs": [goref.encode_text(s) for s in inputs]}, ensure_ascii=False)
    done = subprocess.run([str(goref.build()), "uuid"], input=payload.encode(), capture_output=True, check=True)
    return json.loads(done.stdout)["results"]


def _mutations(rng: random.Random, n: int) -> list[str]:
    """Valid inputs of every form with one, two or three bytes replaced, inserted or removed."""
    pieces = list("0123456789abcdefABCDEFgG-{}()[]:uU nN \t") + ["é", "€", "\u212a", "\udcff", "urn:uuid:", "İ"]
    seeds = [U, U.upper(), "{" + U + "}", "urn:uuid:" + U, "URN:UUID:" + U, HEX32, "(" + U + ")"]
    out = []
    for _ in range(n):
        s = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(s) + 1)
            action = rng.random()
            if action < 0.5 and i < len(s):
                s = s[:i] + rng.choice(pieces) + s[i + 1:]
            elif action < 0.75:
                s = s[:i] + rng.choice(pieces) + s[i:]
            else:
                s = s[:i] + s[i + 1:]
        out.append(s)
    return out


def test_cases_are_what_google_uuid_says():
    for text, expected in CASES:
        assert is_uuid(text) is expected, text


def test_python_agrees_with_go(goref):
    inputs = [text for text, _ in CASES] + _mutations(random.Random(20260821), 3000)
    results = _go_decide(goref, inputs)
    assert len(results) == len(inputs)
    disagreements = [
        (s, len(s), r["bytes"], r["google"]) for s, r in zip(inputs, results) if is_uuid(s) is not r["google"]
    ]
    assert disagreements == []
    # the byte lengths Python sees are Go's
    assert [len(go_string_bytes(s)) for s in inputs] == [r["bytes"] for r in results]
    # the stated expectations are the harness's too
    assert [r["google"] for r in results[: len(CASES)]] == [expected for _, expected in CASES]
    # and the mutations reach both verdicts and every length form
    lengths = {r["bytes"] for r in results}
    assert {32, 36, 38, 45} <= lengths
    assert sum(r["google"] for r in results[len(CASES):]) > 100


def test_go_1_27_uuid_package_is_a_different_parser(goref):
    """Go 1.27's standard `uuid.Parse` checks the braces and the prefix's case: not the CLI's rule."""
    contrast = ["(" + U + ")", " " + U + " ", "}" + U + "{", "URN:UUID:" + U, "Urn:uuid:" + U]
    agree = [U, U.upper(), "{" + U + "}", "urn:uuid:" + U, HEX32, "", U[:-1] + "g"]
    results = _go_decide(goref, contrast + agree)
    if results[0]["stdlib"] is None:
        pytest.skip("the harness was built with a Go older than 1.27 (no standard uuid package)")
    assert [(r["google"], r["stdlib"]) for r in results[: len(contrast)]] == [(True, False)] * len(contrast)
    assert [r["google"] == r["stdlib"] for r in results[len(contrast):]] == [True] * len(agree)
    assert [is_uuid(s) for s in contrast] == [True] * len(contrast)


@pytest.mark.parametrize("text", ["\ud800", "\udfff" + U[1:], "{" + U + "\udbff", "\udc41" * 36])
def test_lone_surrogates_do_not_crash(goref, text):
    """A surrogate that is not an escaped byte cannot be in a Go string: Go's JSON decoder makes
    it U+FFFD, three bytes, and so does Python."""
    as_go = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF and not 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)
    [result] = _go_decide(goref, [as_go])
    assert is_uuid(text) is result["google"]
    assert len(go_string_bytes(text)) == result["bytes"]


def test_service_principal_and_short_name():
    principal = CurrentUser(user_name="(" + U + ")", display_name="Deploy Bot")
    assert is_service_principal(principal) and short_name(principal) == "deploy_bot"
    person = CurrentUser(user_name="é" + U[1:], display_name="Deploy Bot")
    assert not is_service_principal(person) and short_name(person) == "é" + U[1:].replace("-", "_")


@pytest.mark.parametrize(
    "text, expected",
    [
        (U, True),
        (U.upper(), True),
        ("{" + U + "}", False),
        ("urn:uuid:" + U, False),
        (HEX32, False),
        ("", False),
        (U[:-1] + "g", False),
        ("６" + U[1:], False),
        ("\udcff" + U[1:], False),
    ],
)
def test_bundle_uuid_form(text, expected):
    """`--bundle-uuid` accepts only the canonical form (it is written into the project as given)."""
    assert is_canonical_uuid(text) is expected
