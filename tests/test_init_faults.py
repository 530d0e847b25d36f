"""Fault injection for `bricksmith init` (issue 8): a kill while writing, a full disk, an unwritable
output directory or parent, an existing file in the way, a failing file deep in the template.

In every case the output directory must hold either nothing new or the complete project, and the
error must say what happened and what to do.  Faults are real where they can be produced
unprivileged (SIGKILL of a real process, permissions, real collisions and template failures); the
full disk and the read-only file system are injected at the OS boundary (`os.write`, `os.mkdir`).
A kill may leave the hidden staging directory `.bricksmith-staging-<pid>-<hex>`, which the next
`init` in that place removes; the realistic cases render this repository's own template.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from initkit import REPO, UUID, init, make_template, prop, read_tree

CONFIG = REPO / "tests" / "configs" / "default.json"
PROJECT = "my_mlops_project"  # the top-level directory of the repository template with CONFIG
STAGING = re.compile(r"\.bricksmith-staging-([0-9]+)-[0-9a-f]{12}\Z")

# Runs `bricksmith init` in a child process with one fault hook at the OS boundary:
#   stall N    after the N-th os.write to a regular file, print "stalled" and sleep (to be killed);
#   kill N     after the N-th rename out of a staging directory into place, SIGKILL itself.
CHILD = r"""
import os, signal, stat, sys, time
mode, n = sys.argv[1], int(sys.argv[2])
count = 0
if mode == "stall":
    real_write = os.write
    def write(fd, data):
        global count
        written = real_write(fd, data)
        if stat.S_ISREG(os.fstat(fd).st_mode):
            count += 1
            if count == n:
                sys.stdout.write("stalled\n")
                sys.stdout.flush()
                time.sleep(120)
        return written
    os.write = write
else:
    real_rename = os.rename
    def rename(src, dst, *args, **kwargs):
        global count
        real_rename(src, dst, *args, **kwargs)
        if ".bricksmith-staging-" in str(src) and ".bricksmith-staging-" not in str(dst):
            count += 1
            if count == n:
                os.kill(os.getpid(), signal.SIGKILL)
    os.rename = rename
from bricksmith.cli import main
sys.exit(main(sys.argv[3:]))
"""


def init_args(out: Path, template: Path = REPO) -> list[str]:
    return [str(template), "--output-dir", str(out), "--config-file", str(CONFIG)]


_children: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _reap_children():
    """No stalled child outlives its test, whatever the test's outcome."""
    yield
    while _children:
        proc = _children.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def child(mode: str, n: int, out: Path) -> subprocess.Popen:
    args = [*init_args(out), "--bundle-uuid", UUID]
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(n), "init", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    _children.append(proc)
    return proc


def stalled_child(out: Path, n: int = 10) -> subprocess.Popen:
    """A child `init` stalled after writing n files of the staged project (alive, holding its lock)."""
    proc = child("stall", n, out)
    line = proc.stdout.readline()
    assert line == "stalled\n", f"the child did not stall: {line!r} {proc.communicate()}"
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def staging_dirs(place: Path) -> list[str]:
    return sorted(name for name in os.listdir(place) if name.startswith(".bricksmith-staging-"))


def without_staging(tree: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in tree.items() if not path.startswith(".bricksmith-staging-")}


def staged_files(staging: Path) -> list[str]:
    return [p for p in read_tree(staging / "tree") if not p.endswith("/")]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> dict[str, str]:
    """The complete project (read_tree) that `init` of the repository template with CONFIG writes."""
    out = tmp_path_factory.mktemp("reference") / "out"
    result = init(*init_args(out))
    assert result.code == 0, result.stderr
    tree = read_tree(out)
    assert len([p for p in tree if not p.endswith("/")]) > 20
    return tree


def only_project_files(project: dict[str, str]) -> list[str]:
    return sorted(p for p in project if not p.endswith("/"))


# --- the process killed (SIGKILL) ------------------------------------------------------------------


def test_kill_while_writing_into_an_existing_directory(tmp_path, project):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = read_tree(out)

    proc = stalled_child(out)
    [name] = staging_dirs(out)
    assert int(STAGING.match(name).group(1)) == proc.pid
    kill(proc)

    # nothing new but the hidden staging directory, which holds the part written so far
    assert without_staging(read_tree(out)) == before
    assert staging_dirs(out) == [name]
    assert len(staged_files(out / name)) == 10
    assert not (out / PROJECT).exists()

    # the next init there removes it, and neither the collision check nor -o json sees it
    result = init(*init_args(out), "-o", "json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["outputs"] == only_project_files(project)
    assert read_tree(out) == {**before, **project}


def test_kill_while_writing_a_new_output_directory(tmp_path, project):
    parent = tmp_path / "parent"
    parent.mkdir()
    (parent / "other.txt").write_text("mine")
    out = parent / "new" / "out"  # neither exists: the staging directory goes into `parent`
    before = read_tree(parent)

    proc = stalled_child(out, n=25)
    kill(proc)

    assert without_staging(read_tree(parent)) == before
    [name] = staging_dirs(parent)
    assert int(STAGING.match(name).group(1)) == proc.pid
    assert not (parent / "new").exists()

    assert init(*init_args(out)).code == 0
    assert sorted(os.listdir(parent)) == ["new", "other.txt"]
    assert os.listdir(parent / "new") == ["out"]
    assert read_tree(out) == project


def test_kill_between_renames_is_moved_back_by_the_next_init(tmp_path, project):
    # the project directory exists already, so its entries are moved in one by one (journaled)
    out = tmp_path / "out"
    (out / PROJECT).mkdir(parents=True)
    (out / PROJECT / "notes.txt").write_text("mine")
    before = read_tree(out)

    proc = child("kill", 3, out)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.communicate()

    # the one window where a kill shows part of the project: three entries moved, the rest staged
    moved = sorted(set(os.listdir(out / PROJECT)) - {"notes.txt"})
    assert len(moved) == 3
    [name] = staging_dirs(out)
    assert (out / name / "journal").is_file()

    result = init(*init_args(out))
    assert result.code == 0, result.stderr
    assert read_tree(out) == {**before, **project}


def test_kill_between_renames_keeps_what_was_changed_since(tmp_path):
    out = tmp_path / "out"
    (out / PROJECT).mkdir(parents=True)
    proc = child("kill", 2, out)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    first, _second = sorted(os.listdir(out / PROJECT))
    edited = out / PROJECT / first
    if edited.is_dir():
        edited /= next(p for p in sorted(read_tree(edited)) if not p.endswith("/"))
    edited.write_text(edited.read_text() + "# edited after the kill\n")

    # recovery removes the unchanged entry only: the edited one is the user's now, and in the way
    result = init(*init_args(out))
    assert result.code == 1
    assert result.error.startswith(f"failed to initialize template, one or more files already exist: {PROJECT}/{first}")
    assert sorted(os.listdir(out / PROJECT)) == [first]
    assert edited.read_text().endswith("# edited after the kill\n")
    assert staging_dirs(out) == []


def test_a_live_inits_staging_directory_is_left_alone(tmp_path, project):
    out = tmp_path / "out"
    out.mkdir()
    proc = stalled_child(out)
    [name] = staging_dirs(out)
    staged = read_tree(out / name)
    # another init into the same directory meanwhile: it succeeds and does not touch the live one
    other = make_template(tmp_path / "t", {"properties": {"n": prop(default="x")}}, files={"side.txt": "s"})
    result = init(str(other), "--output-dir", str(out), "-o", "json")
    assert (result.code, json.loads(result.stdout)) == (0, {"outputs": ["side.txt"]})
    assert staging_dirs(out) == [name] and read_tree(out / name) == staged
    kill(proc)
    assert init(*init_args(out)).code == 0
    assert read_tree(out) == {"side.txt": "s", **project}


def test_recovery_removes_only_its_own_dead_directories(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    dead = int(done.stdout)  # a pid that has exited
    stale = f".bricksmith-staging-{dead}-0123456789ab"
    (out / stale / "tree" / "x").mkdir(parents=True)
    (out / stale / "lock").write_text("")  # nobody holds its lock
    lockless = f".bricksmith-staging-{dead}-aaaaaaaaaaaa"  # killed between mkdir and its lock: empty
    (out / lockless).mkdir()
    decoys = {
        ".bricksmith-staging-foo/lock": "",  # not the pattern
        ".bricksmith-staging-1-0123/lock": "",  # not 12 hex digits
        f".bricksmith-staging-{dead}-bbbbbbbbbbbb/lock": "",  # something else inside: not ours
        f".bricksmith-staging-{dead}-bbbbbbbbbbbb/notes.txt": "mine",
        f".bricksmith-staging-{dead}-cccccccccccc/tree/f": "lock-less but not empty",
        f".bricksmith-staging-{os.getpid()}-dddddddddddd/tree/f": "",  # lock-less, owner alive
        f".bricksmith-staging-{dead}-eeeeeeeeeeee": "a file, not a directory",
    }
    for rel, text in decoys.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "lock").write_text("")
    os.symlink(tmp_path / "elsewhere", out / f".bricksmith-staging-{dead}-ffffffffffff")  # a symlink: left alone
    before = read_tree(out)

    root = make_template(tmp_path / "t", {"properties": {"n": prop(default="x")}}, files={"a": "x"})
    assert init(str(root), "--output-dir", str(out)).code == 0
    assert read_tree(out) == {p: t for p, t in before.items() if not p.startswith((stale, lockless))} | {"a": "x"}
    assert os.listdir(tmp_path / "elsewhere") == ["lock"]


def test_output_paths_may_not_take_the_staging_names(tmp_path):
    root = make_template(
        tmp_path / "t", {"properties": {"n": prop(default="x")}}, files={".bricksmith-staging-12-0123456789ab/x": ""}
    )
    result = init(str(root), "--output-dir", str(tmp_path / "out"))
    assert result.error == (
        "template file .bricksmith-staging-12-0123456789ab/x renders to .bricksmith-staging-12-0123456789ab/x: "
        "names of the form .bricksmith-staging-<pid>-<hex> are reserved for bricksmith's staging directories"
    )
    assert not (tmp_path / "out").exists()


# --- a full disk, a read-only file system (injected at the OS boundary) -----------------------------


def fail_writes_after(monkeypatch, limit: int, code: int = errno.ENOSPC) -> None:
    """os.write to a regular file raises OSError(code) once `limit` bytes have been written."""
    real_write = os.write
    total = 0

    def write(fd, data):
        nonlocal total
        if stat.S_ISREG(os.fstat(fd).st_mode):
            if total + len(data) > limit:
                room = limit - total
                if room > 0:
                    total += real_write(fd, bytes(data[:room]))
                    return room
                raise OSError(code, os.strerror(code))
            total += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("limit", [0, 20_000, 200_000])
def test_disk_full_into_an_existing_directory(tmp_path, monkeypatch, limit):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = read_tree(out)
    fail_writes_after(monkeypatch, limit)
    result = init(*init_args(out))
    monkeypatch.undo()
    assert result.code == 1
    assert re.fullmatch(
        f"failed to write the project to {re.escape(str(out))}: write {re.escape(str(out / PROJECT))}/[^ ]+: "
        f"no space left on device \\(nothing was written: free some space on the file system of "
        f"{re.escape(str(out))}, or choose another --output-dir, and run init again\\)",
        result.error,
    ), result.error
    assert read_tree(out) == before


def test_disk_full_for_a_new_output_directory(tmp_path, monkeypatch):
    parent = tmp_path / "parent"
    parent.mkdir()
    out = parent / "a" / "b"
    fail_writes_after(monkeypatch, 50_000)
    result = init(*init_args(out))
    monkeypatch.undo()
    assert result.error.startswith(f"failed to write the project to {out}: write {out}/{PROJECT}/")
    assert result.error.endswith(
        f": no space left on device (nothing was written: free some space on the file system of {parent}, "
        "or choose another --output-dir, and run init again)"
    )
    assert os.listdir(parent) == []


def test_disk_full_while_merging_into_existing_directories(tmp_path, monkeypatch, project):
    # several renames: the journal is written first, and a full disk there stops everything
    out = tmp_path / "out"
    (out / PROJECT).mkdir(parents=True)
    size = sum(len(text.encode("utf-8", "surrogateescape")) for text in project.values())
    fail_writes_after(monkeypatch, size)  # every project file fits, the journal does not
    result = init(*init_args(out))
    monkeypatch.undo()
    assert result.error == (
        f"failed to write the project to {out}: write in {out}: no space left on device (nothing was written: "
        f"free some space on the file system of {out}, or choose another --output-dir, and run init again)"
    )
    assert read_tree(out) == {f"{PROJECT}/": ""}


def test_read_only_file_system(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real_mkdir = os.mkdir

    def mkdir(path, *args, **kwargs):
        if str(path).startswith(str(out)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    result = init(*init_args(out))
    monkeypatch.undo()
    assert result.error == (
        f"failed to write the project to {out}: create files in {out}: read-only file system "
        f"(nothing was written: {out} is on a read-only file system: choose another --output-dir and run init again)"
    )
    assert os.listdir(out) == []


# --- an unwritable output directory or parent (real permissions) ----------------------------------


@pytest.fixture
def unwritable():
    """Make a directory unwritable for this process, for real: mode 0500, or for root (who ignores
    modes) the immutable attribute (chattr +i, EPERM); yields the errno text to expect."""
    made: list[Path] = []

    def make(path: Path) -> str:
        if os.geteuid() != 0:
            path.chmod(0o500)
            made.append(path)
            return "permission denied"
        if shutil.which("chattr") is None:
            pytest.skip("running as root, and no chattr to make a directory immutable")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"running as root, and chattr +i is refused here: {done.stderr.decode().strip()}")
        made.append(path)
        return "operation not permitted"

    yield make
    for path in made:
        if os.geteuid() != 0:
            path.chmod(0o755)
        else:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def test_unwritable_output_directory(tmp_path, unwritable):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = read_tree(out)
    text = unwritable(out)
    result = init(*init_args(out))
    assert result.error == (
        f"failed to write the project to {out}: create files in {out}: {text} (nothing was written: "
        f"fix the permissions of {out} so that you can write there, or choose another --output-dir, "
        "and run init again)"
    )
    assert read_tree(out) == before


def test_unwritable_parent_of_a_new_output_directory(tmp_path, unwritable):
    parent = tmp_path / "parent"
    parent.mkdir()
    out = parent / "new" / "deeper"
    text = unwritable(parent)
    result = init(*init_args(out))
    assert result.error == (
        f"failed to write the project to {out}: mkdir {parent / 'new'}: {text} (nothing was written: "
        f"fix the permissions of {parent} so that you can write there, or choose another --output-dir, "
        "and run init again)"
    )
    assert os.listdir(parent) == []


# --- an existing file in the way (the CLI's check, before anything is written) ---------------------


def test_existing_file_in_the_way(tmp_path, project):
    out = tmp_path / "out"
    deepest = max(only_project_files(project), key=lambda p: (p.count("/"), p))
    (out / deepest).parent.mkdir(parents=True)
    (out / deepest).write_text("mine")
    before = read_tree(out)
    result = init(*init_args(out), "-o", "json")
    assert (result.code, result.stdout) == (1, "")
    assert result.error == f"failed to initialize template, one or more files already exist: {deepest}"
    assert read_tree(out) == before
    assert staging_dirs(out) == []


# --- a failing file deep in the template: nothing written ------------------------------------------


def deep_template(tmp_path: Path, failing: str) -> Path:
    files = {f"d{i}/f{j}.txt.tmpl": f"{{{{.name}}}} {i} {j}" for i in range(6) for j in range(10)}
    files |= {f"a/b/c/f{j}.txt": "copied" for j in range(20)}
    files |= {"a/b/c/d/w.txt.tmpl": "fine", "a/b/c/d/x.tmpl": failing, "a/b/c/d/z.txt": "after"}
    return make_template(tmp_path / "t", {"properties": {"name": prop(default="proj")}}, files=files)


@pytest.mark.parametrize("exists", [True, False])
def test_fail_deep_in_the_tree_writes_nothing(tmp_path, exists):
    root = deep_template(tmp_path, 'before {{ fail "boom: %s" .name }} after')
    out = tmp_path / "parent" / "out"
    if exists:
        out.mkdir(parents=True)
    else:
        out.parent.mkdir()
    result = init(str(root), "--output-dir", str(out))
    assert (result.code, result.error) == (1, "boom: proj")
    assert os.listdir(out if exists else out.parent) == []


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("{{ .missing_key }}", 'failed to compute file content for a/b/c/d/x.tmpl. variable "missing_key" not defined'),
        (
            "ok\n{{ .name.field }}",
            (
                "failed to compute file content for a/b/c/d/x.tmpl. template: :2:8: executing \"\" at <.name.field>: "
                "can't evaluate field field in type interface {}"
            ),
        ),
    ],
)
def test_execution_error_deep_in_the_tree_writes_nothing(tmp_path, content, error):
    root = deep_template(tmp_path, content)
    out = tmp_path / "out"
    out.mkdir()
    result = init(str(root), "--output-dir", str(out))
    assert result.error == error
    assert os.listdir(out) == []
