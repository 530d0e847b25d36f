"""File-system error texts worded as Go's `*fs.PathError` (`open x: no such file or directory`).

The CLI reports I/O failures with Go's messages, whose errno texts are the C library's,
lower-cased at the first letter.  Paths are shown as the CLI shows them: relative to the file
system root it opened (`open .: no such file or directory` for a missing `template/`).
"""

from __future__ import annotations

import errno
import os


def errno_text(exc: OSError) -> str:
    code = exc.errno
    if code is None:
        return str(exc)
    text = os.strerror(code)
    return text[:1].lower() + text[1:]


def path_error(op: str, path: str, exc: OSError) -> str:
    return f"{op} {path}: {errno_text(exc)}"


def is_not_exist(exc: OSError) -> bool:
    """Go's errors.Is(err, fs.ErrNotExist): ENOENT only (ENOTDIR is a different error)."""
    return exc.errno == errno.ENOENT


def read_file(path: str, shown_as: str) -> bytes:
    """Read a whole file, raising OSError whose `go_message` is Go's fs.ReadFile text."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        exc.go_message = path_error("open", shown_as, exc)
        raise
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        exc.go_message = path_error("read", shown_as, exc)
        raise
    finally:
        os.close(fd)
