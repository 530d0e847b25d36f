"""Writing the rendered project (§6.5–6.6), all or nothing.

The CLI checks for existing files before writing, then writes file by file, so a failure half-way
(two sources rendering to one path, a file where a directory must go, a full disk, a crash)
leaves a partial project.  bricksmith is stricter:

* every conflict the CLI would only hit while writing is detected first: two sources rendering to
  one output path, a file path that is also a directory, an existing non-directory where a
  directory must be created, and paths that are absolute or escape the output directory;
* the project is written into a staging directory `.bricksmith-staging-<pid>-<12 hex digits>`
  (mode 0700), in the output directory or, when that does not exist yet, in its nearest existing
  ancestor (so on the same file system), and then moved into place with `rename`:

  - output directory missing: the staged tree holds the missing directories too, and one rename
    creates the topmost of them, so the project appears whole or not at all;
  - output directory present: each new entry is moved with one rename (a single one when the
    project has one top-level entry and it is new, as with bricksmith's own template); when
    there are several, a journal of the renames (each entry's inode and a fingerprint of its
    subtree) is written into the staging directory first, and a failure moves back what moved;

* the owner holds an exclusive `flock` on `<staging>/lock` while it lives, so a staging directory
  whose lock can be taken was left by a process that died (SIGKILL, the OOM killer).
  Every `init` first recovers such directories in its output directory and in the nearest
  existing directory above it (`recover_stale_staging`).

A kill thus leaves the hidden staging directory (until the next `init` there removes it) and
otherwise nothing new or the complete project; only a kill within the rename phase of a project
with several new entries leaves part of it visible, until the next `init` there moves it back.
Nothing is fsync-ed: a power cut or an OS crash is not covered.

File modes are the source's permission bits plus owner-write, applied through the umask as the
CLI's `open(..., mode)` does; directories are created 0755 (minus the umask).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import uuid

try:
    import fcntl
except ImportError:  # not POSIX: staging directories are not locked, and never recovered
    fcntl = None

from .errors import InitError
from .gofs import errno_text
from .renderer import RenderedFile, RenderedTree, is_skipped

DIR_MODE = 0o755

STAGING_PREFIX = ".bricksmith-staging-"
# Only names of exactly this form are ever taken for bricksmith's (and removed as stale).
_STAGING_NAME = re.compile(r"\.bricksmith-staging-([1-9][0-9]{0,9})-([0-9a-f]{12})\Z")
_LOCK, _TREE, _JOURNAL = "lock", "tree", "journal"
_STAGING_ENTRIES = frozenset({_LOCK, _TREE, _JOURNAL, _JOURNAL + ".tmp"})


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

    First the staging directories that killed `init`s left in this place are recovered
    (`recover_stale_staging`), so that a retry after a kill is not refused because of them.
    The CLI's own checks run next, file by file in walk order, so that whenever the CLI would
    refuse, the same error is reported (§6.6: `failed to initialize template, one or more files
    already exist: <relpath>`); the stricter checks follow (duplicate outputs, file/directory
    conflicts, reserved staging names, absolute paths).  Takes the rendered tree and the absolute
    output directory; returns the Plan for `write`; raises InitError.  Writes nothing.
    """
    recover_stale_staging(output_dir)
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
    _check_reserved_names(plan)
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


def _check_reserved_names(plan: Plan) -> None:
    """No output path may use the staging directories' names: recovery would take it for one."""
    for key, rendered in plan.files:
        if STAGING_PREFIX in rendered.path and any(_STAGING_NAME.match(part) for part in key):
            raise InitError(
                f"template file {rendered.source} renders to {rendered.path}: names of the form "
                f"{STAGING_PREFIX}<pid>-<hex> are reserved for bricksmith's staging directories"
            )
    for directory in plan.directories:
        if any(_STAGING_NAME.match(part) for part in directory):
            raise InitError(
                f"a template directory renders to {'/'.join(directory)}: names of the form "
                f"{STAGING_PREFIX}<pid>-<hex> are reserved for bricksmith's staging directories"
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

    @classmethod
    def appeared(cls, target: str) -> "_Conflict":
        return cls(f"failed to initialize template, {target} appeared while the project was being written")


class _Failure(Exception):
    """An OSError while writing, described with the paths the user knows (never the staging's).

    `detail` says what failed (`write /out/proj/a.py`), `where` is the directory the advice is
    about (the one that must be writable or have free space).
    """

    def __init__(self, detail: str, exc: OSError, where: str):
        super().__init__(detail)
        self.detail, self.exc, self.where = detail, exc, where


def _failure_message(output_dir: str, failure: _Failure, leftovers: list[str]) -> str:
    """`failed to write the project to OUT: DETAIL: ERRNO TEXT (STATE: WHAT TO DO)`."""
    exc, where = failure.exc, failure.where
    head = f"failed to write the project to {output_dir}: {failure.detail}: {errno_text(exc)}"
    if leftovers:
        state = "the project is partly written and could not be removed: remove " + ", ".join(leftovers)
    else:
        state = "nothing was written"
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        advice = f"free some space on the file system of {where}, or choose another --output-dir, and run init again"
    elif code in (errno.EACCES, errno.EPERM):
        advice = f"fix the permissions of {where} so that you can write there, or choose another --output-dir, and run init again"
    elif code == errno.EROFS:
        advice = f"{where} is on a read-only file system: choose another --output-dir and run init again"
    else:
        advice = ""
    return f"{head} ({state}: {advice})" if advice else f"{head} ({state})"


def _write_file(path: str, content: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool | None:
    """Take an exclusive flock without waiting: True taken, False held by a live process,
    None when locks are not available here (no fcntl, or the file system refuses them)."""
    if fcntl is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:
        return None


def _pid_is_dead(pid: int) -> bool:
    """True only when no process `pid` exists (in this pid namespace); never signals anything."""
    if os.name != "posix" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: it exists, owned by someone else
        return False
    return False


def _fingerprint(path: str) -> list[list]:
    """What a moved entry holds: [relative path, kind, size, mtime_ns] for it and everything
    under it, sorted.  A directory's own times are left out (renames and merges change them)."""
    result: list[list] = []

    def visit(current: str, rel: str) -> None:
        st = os.lstat(current)
        if stat.S_ISDIR(st.st_mode):
            result.append([rel, "d", 0, 0])
            for name in os.listdir(current):
                visit(os.path.join(current, name), f"{rel}/{name}" if rel else name)
        else:
            kind = "f" if stat.S_ISREG(st.st_mode) else "o"
            result.append([rel, kind, st.st_size, st.st_mtime_ns])

    visit(path, "")
    result.sort()
    return result


def _remove(path: str) -> bool:
    """Remove a file or a directory tree; True when nothing remains at path."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        return not os.path.lexists(path)
    return True


class _Staging:
    """`<base>/.bricksmith-staging-<pid>-<hex>/`: `lock` (flock-ed by the owner while it lives),
    `tree/` (what is moved into place), and `journal` while several renames are under way."""

    def __init__(self, base: str):
        self.base = base
        self.path = os.path.join(base, f"{STAGING_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}")
        self.tree = os.path.join(self.path, _TREE)
        self._lock_fd: int | None = None

    def create(self, shown: str) -> None:
        """Create the directory and its lock (first, so that a lock-less one is always empty)."""
        try:
            os.mkdir(self.path, 0o700)
        except OSError as exc:
            raise _Failure(shown, exc, self.base) from None
        try:
            self._lock_fd = os.open(
                os.path.join(self.path, _LOCK),
                os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0),
                0o600,
            )
            _try_lock(self._lock_fd)  # best effort: without locks, recovery goes by the pid
            os.mkdir(self.tree, DIR_MODE)
        except OSError as exc:
            self.remove()
            raise _Failure(shown, exc, self.base) from None
        except BaseException:
            self.remove()
            raise

    def write_journal(self, moves: list[tuple[str, str, tuple[str, ...]]]) -> None:
        """Record every rename to come, atomically (written aside, then renamed in)."""
        entries = []
        for source, _target, rel in moves:
            st = os.lstat(source)
            entries.append({"path": list(rel), "dev": st.st_dev, "ino": st.st_ino, "fp": _fingerprint(source)})
        aside = os.path.join(self.path, _JOURNAL + ".tmp")
        _write_file(aside, json.dumps(entries).encode("ascii"), 0o600)
        os.rename(aside, os.path.join(self.path, _JOURNAL))

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _existing_base(output_dir: str) -> tuple[str, tuple[str, ...]]:
    """The nearest existing directory at or above output_dir, and the names missing below it."""
    path = output_dir.rstrip(os.sep) or os.sep
    missing: list[str] = []
    while not os.path.isdir(path):
        parent = os.path.dirname(path)
        if os.path.lexists(path) or parent == path:
            exc = OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), path)
            raise _Failure(f"mkdir {path}", exc, parent)
        missing.append(os.path.basename(path))
        path = parent
    return path, tuple(reversed(missing))


def _stage(plan: Plan, root: str, shown) -> None:
    made = {()}

    def ensure_dir(parts: tuple[str, ...]):
        for i in range(1, len(parts) + 1):
            if parts[:i] not in made:
                path = os.path.join(root, *parts[:i])
                try:
                    os.mkdir(path, DIR_MODE)
                except OSError as exc:
                    raise _Failure(f"mkdir {shown(path)}", exc, shown(None)) from None
                made.add(parts[:i])

    for key, rendered in plan.files:
        ensure_dir(key[:-1])
        path = os.path.join(root, *key)
        try:
            _write_file(path, rendered.content, rendered.mode)
        except OSError as exc:
            raise _Failure(f"write {shown(path)}", exc, shown(None)) from None
    for directory in plan.directories:
        ensure_dir(directory)


def _collect_moves(source_dir: str, target_dir: str, rel: tuple[str, ...], moves: list) -> None:
    """The renames that move source_dir's entries into target_dir, merging into directories."""
    for name in sorted(os.listdir(source_dir)):
        source = os.path.join(source_dir, name)
        target = os.path.join(target_dir, name)
        if not os.path.lexists(target):
            moves.append((source, target, rel + (name,)))
        elif os.path.isdir(target) and os.path.isdir(source) and not os.path.islink(source):
            _collect_moves(source, target, rel + (name,), moves)
        else:
            raise _Conflict.appeared(target)


def _move_into_place(staging: _Staging, leftovers: list[str]) -> None:
    """Move the staged tree's entries into staging.base; on any failure move back what moved."""
    moves: list[tuple[str, str, tuple[str, ...]]] = []
    _collect_moves(staging.tree, staging.base, (), moves)
    if len(moves) > 1:
        try:
            staging.write_journal(moves)
        except OSError as exc:
            raise _Failure(f"write in {staging.base}", exc, staging.base) from None
    moved: list[str] = []
    try:
        for source, target, _rel in moves:
            if os.path.lexists(target):
                raise _Conflict.appeared(target)
            try:
                os.rename(source, target)
            except OSError as exc:
                raise _Failure(f"create {target}", exc, os.path.dirname(target)) from None
            moved.append(target)
    except BaseException:
        for path in reversed(moved):
            if not _remove(path):
                leftovers.append(path)
        raise


def write(plan: Plan, output_dir: str) -> None:
    """Write the plan under output_dir (absolute), all or nothing.

    Shapes: `plan` from `plan_writes`; nothing is returned.  Raises InitError on any failure, and
    then nothing new remains (the message says so, or names what could not be removed):
    `failed to write the project to OUT: DETAIL: ERRNO TEXT (nothing was written: ADVICE)` for an
    OSError (ADVICE for ENOSPC/EDQUOT: free space; EACCES/EPERM: fix the directory's permissions;
    EROFS: choose another `--output-dir`), or `failed to initialize template, PATH appeared while
    the project was being written` when another process created a path in the meantime.
    The CLI writes file by file and leaves what it wrote on failure; it has no staging directory.
    """
    if not plan.files and not plan.directories:
        return  # nothing under `.`: the output directory itself is not created
    leftovers: list[str] = []
    try:
        base, missing = _existing_base(output_dir)
        top = os.path.join(base, missing[0]) if missing else base  # what staging.tree becomes

        def shown(path: str | None) -> str:
            """The final path of a staged one (None: the directory the advice is about)."""
            if path is None:
                return base
            return top + path[len(staging.tree) :]

        staging = _Staging(base)
        staging.create(f"mkdir {top}" if missing else f"create files in {base}")
        try:
            root = staging.tree
            for name in missing[1:]:
                root = os.path.join(root, name)
                try:
                    os.mkdir(root, DIR_MODE)
                except OSError as exc:
                    raise _Failure(f"mkdir {shown(root)}", exc, base) from None
            _stage(plan, root, shown)
            if missing:
                if os.path.lexists(top):
                    raise _Conflict(
                        f"failed to initialize template, {top} appeared while the project was being written"
                    )
                try:
                    os.rename(staging.tree, top)
                except OSError as exc:
                    if exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
                        raise _Conflict(
                            f"failed to initialize template, {top} appeared while the project was being written"
                        ) from None
                    raise _Failure(f"mkdir {top}", exc, base) from None
            else:
                _move_into_place(staging, leftovers)
        finally:
            staging.remove()
    except _Conflict as exc:
        raise InitError(str(exc)) from None
    except _Failure as failure:
        raise InitError(_failure_message(output_dir, failure, leftovers)) from None
    except OSError as exc:  # listing the staged tree, or the journal: not expected
        where = exc.filename or output_dir
        raise InitError(_failure_message(output_dir, _Failure(str(where), exc, output_dir), leftovers)) from None


# ---------------------------------------------------------------------------------------------
# Recovering what killed processes left.


def recover_stale_staging(output_dir: str) -> None:
    """Remove the staging directories of dead `init`s in output_dir and the nearest existing
    directory above it (where an `init` into output_dir stages when output_dir does not exist).

    Shapes: output_dir is a path (made absolute); returns None, raises nothing: recovery is best
    effort and silent.  Only directories named exactly `.bricksmith-staging-<pid>-<12 hex>`,
    owned by this user and holding nothing but bricksmith's own entries are considered, and one
    is removed only when its owner is gone: its `lock` can be flock-ed (or, where locks are not
    available, no process `pid` exists); a lock-less one (killed between creating it and its
    lock) only by `rmdir`, which cannot remove content.  When its journal shows some but not all
    renames done, the moved entries whose inode and fingerprint are unchanged are removed
    (moved back, in effect): what remains is the state before that `init`, or the complete
    project when every rename was done.  A live `init`'s directory is never touched.  The CLI has
    no staging directories, so nothing of this mirrors it.
    """
    output_dir = os.path.abspath(output_dir)
    places = []
    if os.path.isdir(output_dir):
        places.append(output_dir)
    above = os.path.dirname(output_dir)
    while not os.path.isdir(above) and os.path.dirname(above) != above:
        above = os.path.dirname(above)
    if above not in places and os.path.isdir(above):
        places.append(above)
    for place in places:
        try:
            with os.scandir(place) as entries:
                names = [e.name for e in entries if e.name.startswith(STAGING_PREFIX)]
        except OSError:
            continue
        for name in names:
            match = _STAGING_NAME.match(name)
            if match:
                try:
                    _recover(place, name, int(match.group(1)))
                except OSError:
                    pass  # best effort: what cannot be recovered now is tried again next time


def _recover(base: str, name: str, pid: int) -> None:
    path = os.path.join(base, name)
    try:
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
            return
        names = set(os.listdir(path))
    except OSError:
        return
    if not names <= _STAGING_ENTRIES:
        return  # not bricksmith's
    if _LOCK not in names:
        if _pid_is_dead(pid):
            try:
                os.rmdir(path)  # the owner creates the lock first: a lock-less one is empty
            except OSError:
                pass
        return
    try:
        fd = os.open(
            os.path.join(path, _LOCK), os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError:
        return
    try:
        locked = _try_lock(fd)
        if locked is False or (locked is None and not _pid_is_dead(pid)):
            return  # its owner is alive
        _undo_partial_moves(path, base)
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(fd)


def _undo_partial_moves(staging_path: str, base: str) -> None:
    """Remove the entries a dead owner moved into base, unless it moved all (complete project)."""
    try:
        with open(os.path.join(staging_path, _JOURNAL), "rb") as handle:
            entries = json.loads(handle.read())
    except (OSError, ValueError):
        return  # no journal (at most one rename, which is atomic) or an unreadable one: leave all
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        return
    present = []
    for entry in entries:
        try:
            parts = entry["path"]
            if not parts or any(not isinstance(p, str) or p in ("", ".", "..") or "/" in p for p in parts):
                return
            target = os.path.join(base, *parts)
            st = os.lstat(target)
        except (OSError, KeyError, TypeError):
            continue
        if (st.st_dev, st.st_ino) == (entry.get("dev"), entry.get("ino")):
            present.append((target, entry))
    if len(present) == len(entries):
        return  # every rename was done: the project is complete
    for target, entry in reversed(present):
        try:
            unchanged = _fingerprint(target) == entry.get("fp")
        except OSError:
            unchanged = False
        if unchanged:
            _remove(target)


def written_paths(plan: Plan) -> list[str]:
    """The written files as the CLI reports them (§6.8): rendered relative paths, byte-wise sorted;
    never directories, skipped files or staging directories."""
    return sorted((rendered.path for _, rendered in plan.files), key=lambda p: p.encode("utf-8", "surrogateescape"))
