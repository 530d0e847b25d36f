"""Virtual environments for running generated projects' ML code, cached across test sessions.

A generated project's `requirements-dev.txt` installs its pinned ML stack (pyspark, mlflow,
scikit-learn, ...; about 1.4 GB and a minute or more), then the project itself (`-e .`). One
environment serves every rendered copy whose requirements are the same, so:

- the environment holds the requirements only: the `-e .` line is left out, and each rendered
  project runs from its own tree with `PYTHONPATH=src` (see `project_env()`);
- it lives under `$BRICKSMITH_ML_ENV_CACHE` (default: `~/.cache/bricksmith/ml-envs`, or under
  `$XDG_CACHE_HOME`), in a folder named by a hash of the Python version and the requirements'
  text, and is reused by later sessions until the pins change. Delete the folder to rebuild;
- it is built in place (virtual environments cannot move), under a file lock, and marked complete
  only once pip succeeded, so an interrupted build is redone rather than reused.

Installs use `pip install --no-compile -r requirements-dev.txt`: bytecode is written on first import
(of what is imported only), so `project_env()` makes sure PYTHONDONTWRITEBYTECODE is not set.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EDITABLE_SELF = {"-e .", "-e ./", "--editable .", "--editable ./"}
COMPLETE = ".bricksmith-complete"
INSTALL_TIMEOUT = 1500


def cache_root() -> Path:
    if os.environ.get("BRICKSMITH_ML_ENV_CACHE"):
        return Path(os.environ["BRICKSMITH_ML_ENV_CACHE"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "bricksmith" / "ml-envs"


def requirement_files(project: Path) -> dict[str, str]:
    """{file name: text} of what the environment installs: requirements-dev.txt without the
    project's own editable install, and the requirements files it includes."""
    dev = [
        line for line in (project / "requirements-dev.txt").read_text().splitlines()
        if line.strip() not in EDITABLE_SELF
    ]
    files = {"requirements-dev.txt": "\n".join(dev) + "\n"}
    for line in dev:
        if line.startswith("-r "):
            name = line[3:].strip()
            files[name] = (project / name).read_text()
    return files


def env_key(files: dict[str, str]) -> str:
    digest = hashlib.sha256(f"python {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    for name in sorted(files):
        digest.update(f"--- {name}\n{files[name]}".encode())
    return digest.hexdigest()[:16]


def python_of(env: Path) -> Path:
    return env / "bin" / "python"


def ensure_env(project: Path) -> Path:
    """The Python of an environment with `project`'s development requirements, built if needed."""
    files = requirement_files(project)
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    env = root / env_key(files)
    with open(root / f"{env.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (env / COMPLETE).exists():
            return python_of(env)
        shutil.rmtree(env, ignore_errors=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
            with tempfile.TemporaryDirectory() as tmp:
                for name, text in files.items():
                    Path(tmp, name).write_text(text)
                done = subprocess.run(
                    [str(python_of(env)), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                     "--no-compile", "-r", "requirements-dev.txt"],
                    cwd=tmp, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                )
            if done.returncode != 0:
                raise RuntimeError(f"pip install -r requirements-dev.txt failed:\n{done.stdout}\n{done.stderr}")
            (env / "requirements-dev.txt").write_text(files["requirements-dev.txt"])
            (env / COMPLETE).write_text("")
        except BaseException:
            shutil.rmtree(env, ignore_errors=True)
            raise
    return python_of(env)


def project_env(project: Path) -> dict[str, str]:
    """Environment variables for running `project`'s code with the cached environment."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    # Bytecode must be written: the environment is installed without it and caches it on first
    # import (recompiling mlflow and its friends costs seconds in every process).
    for name in (
        "PYTHONDONTWRITEBYTECODE",
        "DATABRICKS_RUNTIME_VERSION",
        "MLOPS_LOCAL_WORKDIR",
        "PYSPARK_PYTHON",
        "PYSPARK_DRIVER_PYTHON",
    ):
        env.pop(name, None)
    env["PYTHONPATH"] = str(project / "src")
    return env
