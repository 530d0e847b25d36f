"""Writing the rendered project (§6.5–6.6), all or nothing.

The CLI checks for existing files before writing, then writes file by file, so a failure half-way
(two sources rendering to one path, a file where a directory must go, a full disk, a crash)
leaves a partial project.  bricksmith is stricter:

* every conflict the CLI would only hit while writing is detected first: two sources rendering to
  one output path, a file path that is also a directory, an existing non-directory where a
  directory must be created, and paths that are absolute or escape the output directory;
* the project is written into a staging directory next to its final place (same file system),
  then moved in with `rename`: one rename when the project's top-level entries are new, as they
  usually are; when it merges into existing directories, each new subtree is moved with one
  rename and a failure moves back what was already moved.

File modes are the source's permission bits plus owner-write, applied through the umask as the
CLI's `open(..., mode)` does; directories are created 0755 (minus the umask).
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid

from .errors import InitError
from .gofs import errno_text
from .renderer import RenderedFile, RenderedTree, is_skipped

DIR_MODE = 0o755


def _clean_parts(path: str) -> list[str] | None:
    """Path segments after resolving `.`/`..`; None when the path climbs above the root."""
    parts: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(segment)
    return parts


class Plan:
    """What will be written: files (relative path, rendered file) and directories to create."""

    def __init__(self):
        self.files: list[tuple[tuple[str, ...], RenderedFile]] = []
        self.directories: list[tuple[str, ...]] = []


def plan_writes(tree: RenderedTree, output_dir: str) -> Plan:
    """Drop skipped files and check every write before anything is written.

    The CLI's own checks run first, file by file in walk order, so that whenever the CLI would
    refuse, the same error is reported; the stricter checks follow.
    """
    files = [f for f in tree.files if not is_skipped(f.path, tree.skip_patterns)]
    _check_like_the_cli(files, output_dir)

    plan = Plan()
    owners: dict[tuple[str, ...], RenderedFile] = {}
    for rendered in files:
        if rendered.path.startswith("/"):
            raise InitError(
                f"template file {rendered.source} renders to the absolute path {rendered.path}: "
                "output paths must be relative to the output directory"
            )
        key = tuple(_clean_parts(rendered.path))
        if not key:
            raise InitError(f"template file {rendered.source} renders to an empty path")
        if key in owners:
            raise InitError(
                f"template files {owners[key].source} and {rendered.source} both render to {rendered.path}"
            )
        owners[key] = rendered
        plan.files.append((key, rendered))

    for directory in tree.directories:
        parts = _clean_parts(directory)
        if parts is None:
            raise InitError(f"failed to create directory {directory}: relative path escapes root: {directory}")
        if parts:
            plan.directories.append(tuple(parts))

    _check_file_directory_conflicts(plan, owners)
    _check_directories(plan, output_dir)
    return plan


def _check_like_the_cli(files: list[RenderedFile], output_dir: str) -> None:
    """Nothing may exist where a file will be written, and no path may leave the output directory."""
    for rendered in files:
        parts = _clean_parts(rendered.path)
        if parts is None:
            raise InitError(
                f"error while verifying file {rendered.path} does not already exist: "
                f"relative path escapes root: {rendered.path}"
            )
        target = os.path.join(output_dir, *parts)
        try:
            os.lstat(target)  # lstat: a dangling symlink is in the way too
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise InitError(
                f"error while verifying file {rendered.path} does not already exist: stat {target}: {errno_text(exc)}"
            ) from None
        raise InitError(f"failed to initialize template, one or more files already exist: {rendered.path}")


def _check_file_directory_conflicts(plan: Plan, owners: dict) -> None:
    for key, rendered in plan.files:
        for i in range(1, len(key)):
            if key[:i] in owners:
                other = owners[key[:i]]
                raise InitError(
                    f"template file {other.source} renders to {'/'.join(key[:i])}, "
                    f"which must be a directory for {rendered.source}"
                )
    for directory in plan.directories:
        if directory in owners:
            raise InitError(
                f"template file {owners[directory].source} renders to {'/'.join(directory)}, "
                "which is also a directory of the template"
            )


def _check_directories(plan: Plan, output_dir: str) -> None:
    """A directory to create must not exist as anything but a directory."""
    for directory in plan.directories:
        target = os.path.join(output_dir, *directory)
        try:
            st = os.stat(target)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise InitError(
                f"failed to create directory {'/'.join(directory)}: stat {target}: {errno_text(exc)}"
            ) from None
        if not stat.S_ISDIR(st.st_mode):
            raise InitError(
                f"failed to create directory {'/'.join(directory)}: {target} exists and is not a directory"
            )


# ---------------------------------------------------------------------------------------------
# Staging and moving into place.


class _Conflict(Exception):
    """Something appeared at a target path after the checks (another process)."""


def _write_file(path: str, content: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _stage(plan: Plan, staging: str) -> None:
    made = {()}

    def ensure_dir(parts: tuple[str, ...]):
        for i in range(1, len(parts) + 1):
            if parts[:i] not in made:
                os.mkdir(os.path.join(staging, *parts[:i]), DIR_MODE)
                made.add(parts[:i])

    for key, rendered in plan.files:
        ensure_dir(key[:-1])
        _write_file(os.path.join(staging, *key), rendered.content, rendered.mode)
    for directory in plan.directories:
        ensure_dir(directory)


def _move_into(staging_dir: str, target_dir: str, moved: list[str]) -> None:
    """Move every entry of staging_dir into target_dir, merging into directories that exist."""
    for name in sorted(os.listdir(staging_dir)):
        source = os.path.join(staging_dir, name)
        target = os.path.join(target_dir, name)
        if not os.path.lexists(target):
            os.rename(source, target)
            moved.append(target)
        elif os.path.isdir(target) and os.path.isdir(source) and not os.path.islink(source):
            _move_into(source, target, moved)
        else:
            raise _Conflict(f"failed to initialize template, {target} appeared while the project was being written")


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _staging_name() -> str:
    return f".bricksmith-staging-{uuid.uuid4().hex[:12]}"


def write(plan: Plan, output_dir: str) -> None:
    """Write the plan under output_dir, all or nothing."""
    if not plan.files and not plan.directories:
        return  # nothing under `.`: the output directory itself is not created
    try:
        if os.path.isdir(output_dir):
            staging = os.path.join(output_dir, _staging_name())
            os.mkdir(staging, 0o700)
            moved: list[str] = []
            try:
                _stage(plan, staging)
                _move_into(staging, output_dir, moved)
            except BaseException:
                for path in reversed(moved):
                    _remove(path)
                raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        else:
            parent = os.path.dirname(output_dir.rstrip(os.sep)) or os.sep
            os.makedirs(parent, DIR_MODE, exist_ok=True)
            staging = os.path.join(parent, _staging_name())
            os.mkdir(staging, DIR_MODE)
            try:
                _stage(plan, staging)
                os.rename(staging, output_dir)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except _Conflict as exc:
        raise InitError(str(exc)) from None
    except OSError as exc:
        where = exc.filename or output_dir
        raise InitError(f"failed to write the project to {output_dir}: {where}: {errno_text(exc)}") from None


def written_paths(plan: Plan) -> list[str]:
    """The written files as reported: rendered relative paths, byte-wise sorted."""
    return sorted((rendered.path for _, rendered in plan.files), key=lambda p: p.encode("utf-8", "surrogateescape"))
