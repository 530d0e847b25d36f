"""Finding the template: TEMPLATE_PATH to a local directory (§1), and `template_dir` (§2.1).

TEMPLATE_PATH may be empty (this repository's own template; `--template-dir`, `--tag` and
`--branch` are then refused), a git URL (cloned with the system `git` into a temporary
directory), or a local path (those three options are ignored, as by the CLI).  Names of the CLI's
built-in templates are recognized, as the CLI gives them precedence over a same-named directory,
but bricksmith does not ship them: it says so instead of silently rendering a local directory of
that name.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .errors import InitError
from .schema import SCHEMA_FILE, Schema

BUILTIN_TEMPLATES = (
    "default-python", "default-sql", "default-minimal", "empty", "default-scala", "dbt-sql", "pydabs",
    "mlops-stacks", "mlops-stack", "lakeflow-pipelines", "lakeflow-integrations", "cli-pipelines",
)
GIT_PREFIXES = ("https://", "ssh://", "git@")
REJECTED_GIT_PREFIXES = ("http://", "git://", "ftp://", "ftps://")
_DUMB_HTTP = "dumb http transport does not support shallow capabilities"


@dataclass
class TemplateSource:
    """A template on the local file system; `close` removes a temporary clone."""

    root: str  # the directory holding databricks_template_schema.json
    temporary: str | None = None

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.temporary, ignore_errors=True)
            self.temporary = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_template_root() -> str:
    """This repository's template: package data in a wheel, the repository root when editable."""
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in (
        os.path.join(package_dir, "_template"),
        os.path.dirname(os.path.dirname(package_dir)),  # src/bricksmith -> repository root
    ):
        if os.path.isfile(os.path.join(candidate, SCHEMA_FILE)):
            return candidate
    raise InitError(f"bricksmith's own template was not found next to the package ({package_dir})")


_BYTE_CODE = ("__pycache__", "*.pyc")
_OWN_ROOTS: dict[str, str] = {}  # template root -> the directory to render it from, per process


def own_template() -> TemplateSource:
    """bricksmith's own template as git holds it, without the byte-code (`__pycache__/`, `*.pyc`)
    that pip writes beside the template's Python files when it installs the wheel, and that
    `databricks bundle init` on the repository would never see.

    Where there is such byte-code, the template is read from a filtered copy made once per process
    (removed at exit), so that its path, and with it the parse cache, stays the same."""
    root = default_template_root()
    if root not in _OWN_ROOTS:
        _OWN_ROOTS[root] = _without_byte_code(root) if _has_byte_code(root) else root
    return TemplateSource(_OWN_ROOTS[root])


def _has_byte_code(root: str) -> bool:
    for entry in ("template", "library"):
        for _, dirnames, filenames in os.walk(os.path.join(root, entry)):
            if "__pycache__" in dirnames or any(name.endswith(".pyc") for name in filenames):
                return True
    return False


def _without_byte_code(root: str) -> str:
    copy = tempfile.mkdtemp(prefix="bricksmith-template-")
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    # Only what `bundle init` reads (the repository root also holds the package and its venv).
    shutil.copy2(os.path.join(root, SCHEMA_FILE), os.path.join(copy, SCHEMA_FILE))
    for entry in ("template", "library"):
        if os.path.isdir(os.path.join(root, entry)):
            shutil.copytree(os.path.join(root, entry), os.path.join(copy, entry),
                            ignore=shutil.ignore_patterns(*_BYTE_CODE))
    return copy


def _quote(s: str) -> str:
    from ..gotemplate.fmt import quote

    return quote(s)


def check_git_options(template_path: str | None, *, template_dir: str = "", tag: str = "", branch: str = "") -> None:
    """The checks on `--template-dir`, `--tag` and `--branch` made before anything else.

    `--tag` with `--branch` is the CLI's own error.  Without TEMPLATE_PATH the CLI asks for one
    (or fails without a terminal), while bricksmith renders its own template; these three options
    mean a Git repository was intended, so bricksmith refuses them there rather than ignore them.
    For a local TEMPLATE_PATH they are ignored, as the CLI does.
    """
    if tag and branch:
        raise InitError("only one of --tag or --branch can be specified")
    if template_path:
        return
    given = [flag for flag, value in (("--template-dir", template_dir), ("--tag", tag), ("--branch", branch)) if value]
    if given:
        names = " and ".join(given)
        verb = "applies" if len(given) == 1 else "apply"
        raise InitError(
            f"{names} {verb} only to a Git TEMPLATE_PATH, and no TEMPLATE_PATH was given: pass the repository URL "
            "as TEMPLATE_PATH (without one, bricksmith renders its own template)"
        )


def resolve(template_path: str | None, *, template_dir: str = "", tag: str = "", branch: str = "") -> TemplateSource:
    """Turn TEMPLATE_PATH into a local template directory, cloning git URLs."""
    check_git_options(template_path, template_dir=template_dir, tag=tag, branch=branch)
    if not template_path:
        return own_template()
    if template_path in BUILTIN_TEMPLATES:
        raise InitError(
            f"{template_path} is a built-in template of the Databricks CLI, which bricksmith does not include "
            f"(to use a local directory of that name, pass ./{template_path})"
        )
    if template_path.startswith(REJECTED_GIT_PREFIXES):
        supported = ", ".join(GIT_PREFIXES)
        raise InitError(f"unsupported protocol in Git URL {_quote(template_path)}: only {supported} URLs are supported")
    if template_path.startswith(GIT_PREFIXES):
        return clone(template_path, tag or branch, template_dir)
    return TemplateSource(template_path)


def _repo_name(url: str) -> str:
    return url.rstrip("/").split("/")[-1]


def _git_clone(url: str, ref: str, target: str, shallow: bool) -> tuple[int, str, list[str]]:
    args = ["git", "clone", url, target, "--no-tags"]
    if ref:
        args += ["--branch", ref]
    if shallow:
        args.append("--depth=1")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")  # fail rather than wait for a password
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, env=env)
    except FileNotFoundError:
        raise InitError(
            'please install git CLI to clone a repository: exec: "git": executable file not found in $PATH'
        ) from None
    return done.returncode, done.stderr.decode("utf-8", "replace"), args


def clone(url: str, ref: str, template_dir: str) -> TemplateSource:
    """Clone a repository (shallow, no tags) and point at `--template-dir` inside it."""
    temporary = tempfile.mkdtemp(prefix=_repo_name(url) + "-")
    source = TemplateSource(os.path.join(temporary, template_dir) if template_dir else temporary, temporary)
    try:
        code, stderr, args = _git_clone(url, ref, temporary, shallow=True)
        if code != 0 and _DUMB_HTTP in stderr:
            shutil.rmtree(temporary, ignore_errors=True)
            os.mkdir(temporary, 0o700)
            code, stderr, args = _git_clone(url, ref, temporary, shallow=False)
        if code != 0:
            raise InitError(f"git clone failed: {' '.join(args)}: exit status {code}. {stderr}")
    except BaseException:
        source.close()
        raise
    return source


def template_files_root(root: str, schema: Schema) -> str:
    """The directory holding template/ and library/: the root, or `template_dir` under it."""
    if not schema.template_dir:
        return root
    from ..gostd import path as gopath

    joined = gopath.join(root, schema.template_dir)
    try:
        os.stat(joined)
    except FileNotFoundError:
        raise InitError(f"template directory {joined} not found") from None
    except OSError:
        pass  # like the CLI, only "does not exist" is reported here
    return joined
