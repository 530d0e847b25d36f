"""Rendering: the execute primitive (§5), library parsing (§2.3) and the walk of `template/` (§6).

Every string the CLI renders (defaults, descriptions, messages, paths, skip patterns, file
bodies) goes through `Renderer.execute`: a fresh clone of the base namespace (helpers plus
library defines), `missingkey=error`, and the CLI's error wording.  The walk renders the whole
tree into memory in the CLI's breadth-first order, collecting skip patterns on the way; nothing
touches the output directory here.
"""

from __future__ import annotations

import os
import re
import stat
from collections import deque
from dataclasses import dataclass, field

from ..gotemplate import ExecError, Func, GoError, ParseError, Template
from ..gotemplate.gotypes import from_bytes, to_bytes
from .errors import InitError
from .gofs import path_error
from .helpers import FailError, make_funcs
from .workspace import WorkspaceFacts

TEMPLATE_EXTENSION = ".tmpl"
_MISSING_KEY = re.compile(r'map has no entry for key "(.*)"')


class RenderError(InitError):
    """A rendering failure; `error` is the engine's ParseError or ExecError behind it."""

    def __init__(self, message: str, error: Exception | None = None):
        super().__init__(message)
        self.error = error


class SkipError(GoError):
    """`skip` failed to render its pattern; `cause` keeps the inner error (a `fail` stays visible)."""

    def __init__(self, message: str, cause):
        super().__init__(message)
        self.cause = cause


def find_fail(err) -> FailError | None:
    """The `fail` error anywhere in a chain of errors, as Go's errors.As finds ErrFail."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, FailError):
            return err
        err = getattr(err, "cause", None) or getattr(err, "error", None) or err.__cause__
    return None


@dataclass
class RenderedFile:
    source: str  # slash-separated path under template/, with `.tmpl`
    path: str  # rendered output path, relative, `.tmpl` stripped
    content: bytes
    mode: int  # permission bits of the file to write


@dataclass
class RenderedTree:
    files: list[RenderedFile] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)  # visited directories, BFS order
    skip_patterns: list[str] = field(default_factory=list)


def is_skipped(path: str, patterns: list[str]) -> bool:
    """Whether a rendered path matches a skip pattern (Go's path.Match, first error wins)."""
    from ..gostd import path as gopath

    for pattern in patterns:
        try:
            if gopath.match(pattern, path):
                return True
        except GoError as err:
            raise InitError(str(err)) from None
    return False


# ---------------------------------------------------------------------------------------------
# Reading template files, cached by their stat signature (a process renders a template many times).

_content_cache: dict[str, tuple[tuple, bytes]] = {}


def _read_source(abs_path: str, st: os.stat_result, shown_as: str) -> bytes:
    signature = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev)
    cached = _content_cache.get(abs_path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    if stat.S_ISDIR(st.st_mode):
        raise InitError(f"read {shown_as}: is a directory")
    try:
        with open(abs_path, "rb") as f:
            data = f.read()
    except IsADirectoryError as exc:
        raise InitError(path_error("read", shown_as, exc)) from None
    except OSError as exc:
        raise InitError(path_error("open", shown_as, exc)) from None
    _content_cache[abs_path] = (signature, data)
    return data


# ---------------------------------------------------------------------------------------------
# Libraries: the base namespace, parsed once per set of library files.

_base_cache: dict[tuple, Template] = {}


@dataclass
class LibraryDir:
    path: str  # absolute directory
    shown_as: str  # how errors name it (`library` for the template's own)
    required: bool = False  # a --library directory must exist; a template's library/ need not


def _library_entries(lib: LibraryDir) -> list[tuple[str, str, os.stat_result]]:
    """(name, absolute path, stat) of every entry, byte-wise sorted, dotfiles included."""
    try:
        names = os.listdir(lib.path)
    except OSError as exc:
        if lib.required:
            raise InitError(f"library directory {lib.shown_as} cannot be read: {exc.strerror}") from None
        return []  # Go's Glob ignores I/O errors: no matches
    entries = []
    for name in sorted(names, key=os.fsencode):
        abs_path = os.path.join(lib.path, name)
        try:
            st = os.stat(abs_path)
        except OSError as exc:
            raise InitError(path_error("open", f"{lib.shown_as}/{name}", exc)) from None
        entries.append((name, abs_path, st))
    return entries


def base_template(libraries: list[LibraryDir]) -> Template:
    """Helpers plus every library define, parsed in order (later definitions win)."""
    files = [(lib, entry) for lib in libraries for entry in _library_entries(lib)]
    key = tuple((abs_path, st.st_mtime_ns, st.st_size, st.st_ino) for _, (_, abs_path, st) in files)
    cached = _base_cache.get(key)
    if cached is not None:
        return cached
    base = Template("", funcs=make_funcs(WorkspaceFacts(bundle_uuid="")), missingkey="error")
    for lib, (name, abs_path, st) in files:
        text = from_bytes(_read_source(abs_path, st, f"{lib.shown_as}/{name}"))
        try:
            base.parse_file(name, text)
        except ParseError as err:
            raise InitError(str(err)) from None
    _base_cache[key] = base
    return base


# ---------------------------------------------------------------------------------------------
# The renderer of one run.


class Renderer:
    """Renders strings and the file tree of one template with one config."""

    def __init__(self, template_root: str, libraries: list[LibraryDir], facts: WorkspaceFacts, config: dict):
        self.template_root = template_root  # the directory holding template/ (and library/)
        self.config = config  # the dot; filled in place while values are assigned
        self.facts = facts
        self.base = base_template(libraries).clone()
        self.base.add_funcs(make_funcs(facts))
        self._current_dir = "."
        self._skip_patterns: list[str] = []

    # -- the execute primitive -----------------------------------------------------------------

    def execute(self, text: str) -> str:
        """Render one string against the config, with the CLI's error texts."""
        if "{{" not in text:
            return text  # no action: Go would print the text unchanged
        tmpl = self.base.clone()
        try:
            tmpl.parse(text)
        except ParseError as err:
            raise RenderError(f"error in {text}: {err}", err) from None
        try:
            return tmpl.execute(self.config)
        except ExecError as err:
            missing = _MISSING_KEY.search(str(err))
            if missing:
                from ..gotemplate.fmt import quote

                raise RenderError(f"variable {quote(missing.group(1))} not defined", err) from None
            raise RenderError(str(err), err) from None

    # -- the walk --------------------------------------------------------------------------------

    def _skip(self, relative_pattern: str) -> str:
        from ..gostd import path as gopath

        raw = gopath.join(self._current_dir, relative_pattern)
        try:
            pattern = self.execute(raw)
        except RenderError as err:
            raise SkipError(str(err), err.error) from None
        if pattern not in self._skip_patterns:
            self._skip_patterns.append(pattern)
        return ""

    def walk(self) -> RenderedTree:
        """Render every file and directory name of template/ in the CLI's BFS order."""
        tree = RenderedTree(skip_patterns=self._skip_patterns)
        # From here on `skip` exists (also for the success message, as in the CLI).
        self.base.add_funcs({"skip": Func("skip", self._skip, params=("string",), result="string", error=True)})
        queue = deque(["."])
        while queue:
            source_dir = queue.popleft()
            self._current_dir = source_dir
            instance_dir = self.execute(source_dir)
            if is_skipped(instance_dir, self._skip_patterns):
                continue  # the whole subtree is dropped unread
            tree.directories.append(instance_dir)
            for name, is_dir in self._list(source_dir):
                source = name if source_dir == "." else f"{source_dir}/{name}"
                if is_dir:
                    queue.append(source)
                else:
                    tree.files.append(self._render_file(source))
        return tree

    def _abs(self, source: str) -> str:
        return os.path.join(self.template_root, "template", *([] if source == "." else source.split("/")))

    def _list(self, source_dir: str) -> list[tuple[str, bool]]:
        try:
            with os.scandir(self._abs(source_dir)) as it:
                entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in it]
        except NotADirectoryError as exc:
            raise InitError(path_error("readdirent", source_dir, exc)) from None
        except OSError as exc:
            raise InitError(path_error("open", source_dir, exc)) from None
        entries.sort(key=lambda e: os.fsencode(e[0]))
        return entries

    def _render_file(self, source: str) -> RenderedFile:
        abs_path = self._abs(source)
        try:
            st = os.stat(abs_path)
        except OSError as exc:
            raise InitError(path_error("stat", source, exc)) from None
        mode = stat.S_IMODE(st.st_mode) & 0o777 | 0o200  # the owner can always write
        path = self.execute(source)
        data = _read_source(abs_path, st, source)
        if not source.endswith(TEMPLATE_EXTENSION):
            return RenderedFile(source, path, data, mode)  # copied byte for byte
        if path.endswith(TEMPLATE_EXTENSION):
            path = path[: -len(TEMPLATE_EXTENSION)]
        try:
            content = self.execute(from_bytes(data))
        except RenderError as err:
            failed = find_fail(err.error)
            if failed is not None:
                raise InitError(failed.message) from None
            raise InitError(f"failed to compute file content for {source}. {err}") from None
        return RenderedFile(source, path, to_bytes(content), mode)
