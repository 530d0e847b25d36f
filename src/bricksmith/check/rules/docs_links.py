"""Docs: every relative link and `#anchor` in the project's Markdown resolves, as on GitHub.

A small Markdown scanner, enough for links and headings: it blanks out what GitHub does not
render as Markdown (fenced and indented code blocks, inline code, HTML comments, front matter),
keeping offsets so that every link keeps its line.  Heading anchors follow github-slugger, the
reference port of GitHub's algorithm: the heading's text content, lowercased, without
punctuation and symbols (letters, marks, digits, `_` and `-` stay), each space a `-`; a
repeated anchor gets `-1`, `-2`, ...  `<a name=...>` and `id=...` attributes are anchors too.
"""

from __future__ import annotations

import bisect
import difflib
import html
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote

from ..problem import Problem, Rule

FAMILY = "docs"

RULES = (
    Rule(
        "docs-link", FAMILY,
        "Every relative link and image in the project's Markdown (inline, reference definitions, "
        "`<a href>` and `<img src>`) names an existing file or directory, and every `#anchor` "
        "names a heading (GitHub's anchor rules) or an explicit `<a name>`/`id` of its target. "
        "Links inside code, absolute URLs and links built from templates are not checked.",
        "README.md:3: docs-link: docs/guide.md has no anchor #deploying-to-prod "
        "(did you mean #deploying-to-staging?)",
        "Point the link at the file's real path, relative to the Markdown file (or to the "
        "project root when it starts with `/`); for an anchor, use the heading's anchor as "
        "GitHub computes it: lowercase, punctuation dropped, spaces as `-`, `-1`, `-2` for "
        "repeated headings.",
    ),
)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def check(project, ctx):
    docs = Docs(project)
    problems = []
    for rel in project.files:
        if rel.lower().endswith(MARKDOWN_SUFFIXES):
            problems.extend(docs.check_file(rel))
    return problems


# --- scanning ---------------------------------------------------------------------------------


@dataclass
class MarkdownScan:
    masked: str  # the text with code, comments and front matter blanked (newlines kept)
    code: list[tuple[int, int]] = field(default_factory=list)  # code block and span offsets
    headings: list[str] = field(default_factory=list)  # raw inline text of each heading, in order
    line_starts: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def in_code(self, offset: int) -> bool:
        i = bisect.bisect_right(self.code, (offset, float("inf"))) - 1
        return i >= 0 and self.code[i][0] <= offset < self.code[i][1]


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)(.*)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_LIST_ITEM = re.compile(r"[ \t]*([-*+]|\d{1,9}[.)])([ \t]|$)")
_THEMATIC = re.compile(r" {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})")
_BLOCK_START = re.compile(r" {0,3}(>|<|\||#{1,6}([ \t]|$))")


@lru_cache(maxsize=512)
def scan_markdown(text: str) -> MarkdownScan:
    """Blank out code and comments, and collect headings (cached: two rules read each doc)."""
    chars = list(text)
    code: list[tuple[int, int]] = []
    headings: list[str] = []

    def blank(start: int, end: int, is_code: bool = True) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        if is_code and end > start:
            code.append((start, end))

    lines = text.splitlines(keepends=True)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line)

    i = 0
    if lines and lines[0].rstrip() == "---":  # YAML front matter: GitHub shows it as a table
        for j in range(1, len(lines)):
            if lines[j].rstrip() in ("---", "..."):
                blank(0, starts[j] + len(lines[j]), is_code=False)
                i = j + 1
                break

    fence: tuple[str, int] | None = None
    fence_start = 0
    paragraph: list[str] = []  # lines of the open paragraph, for setext headings
    in_list = False
    prev_blank = True
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        start = starts[i]
        end = start + len(lines[i])
        i += 1
        if fence is not None:
            m = _FENCE.fullmatch(line)
            closes = m and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1]
            if closes and not m.group(2).strip():
                fence = None
                blank(fence_start, end)
            elif i == len(lines):
                blank(fence_start, end)  # an unclosed fence runs to the end of the document
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        m = _FENCE.fullmatch(line)
        if line.strip():
            list_item = bool(_LIST_ITEM.match(line)) and not _THEMATIC.fullmatch(line)
            if list_item:
                in_list = True
            elif indent < 2 and (prev_blank or m or _ATX.match(line) or _THEMATIC.fullmatch(line)):
                in_list = False  # a blank line or a new block at the margin ends the list
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            fence, fence_start = (m.group(1)[0], len(m.group(1))), start
            if i == len(lines):
                blank(fence_start, end)
            paragraph, prev_blank = [], False
            continue
        if not line.strip():
            paragraph, prev_blank = [], True
            continue
        if indent >= 4 and prev_blank and not in_list and not paragraph:
            # an indented code block: this line and the indented or blank lines after it
            block_end = end
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith(("    ", "\t"))):
                block_end = starts[i] + len(lines[i])
                i += 1
            blank(start, block_end)
            paragraph, prev_blank = [], True
            continue
        prev_blank = False
        atx = _ATX.match(line)
        if atx:
            content = atx.group(2).strip()
            content = re.sub(r"(^|[ \t]+)#+$", "", content).strip()  # the optional closing #s
            headings.append(content)
            paragraph = []
            continue
        if _SETEXT.fullmatch(line) and paragraph and not _LIST_ITEM.match(paragraph[0]):
            headings.append("\n".join(p.strip() for p in paragraph))
            paragraph = []
            continue
        if _THEMATIC.fullmatch(line):
            paragraph = []
            continue
        if list_item:
            paragraph = [line]  # a list item starts a new paragraph (never a setext heading)
        elif paragraph or not _BLOCK_START.match(line):
            paragraph.append(line)

    _blank_inline_code("".join(chars), blank)
    for m in re.finditer(r"<!--.*?-->", "".join(chars), re.DOTALL):
        blank(m.start(), m.end(), is_code=False)
    code.sort()
    return MarkdownScan("".join(chars), code, headings, starts)


def _blank_inline_code(masked: str, blank) -> None:
    """Blank code spans: a run of n backticks up to the next run of exactly n, in one paragraph."""
    for para in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", masked):
        text, base, i = para.group(), para.start(), 0
        while True:
            m = re.compile(r"(?<![`\\])`+").search(text, i)
            if not m:
                break
            ticks = m.group()
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(text, m.end())
            if not close:
                i = m.end()
                continue
            blank(base + m.start(), base + close.end())
            i = close.end()


# --- anchors ----------------------------------------------------------------------------------


def slug(text: str) -> str:
    """github-slugger's slug: lowercase; keep letters, marks, digits, `_`, `-`; spaces to `-`."""
    out = []
    for ch in text.lower():
        if ch == " ":
            out.append("-")
        elif ch == "-" or ch.isalpha():
            out.append(ch)
        else:
            cat = unicodedata.category(ch)
            if cat[0] in "LM" or cat in ("Nd", "Nl", "Pc"):
                out.append(ch)
    return "".join(out)


_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\s]*)>")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w\\])(_{1,2})(?=\S)(.+?)(?<=[^\s\\])\1(?!\w)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMOJI_CODE = re.compile(r"(?<![\w:]):[a-z0-9_+\-]+:(?![\w:])")  # :tada: renders as an emoji


def heading_text(raw: str) -> str:
    """The text content GitHub renders for a heading's inline Markdown."""
    spans: list[str] = []

    def hold(m: re.Match) -> str:  # code spans are literal: set them aside while markup goes
        content = m.group(2).replace("\n", " ")
        if len(content) > 2 and content[0] == " " == content[-1] and content.strip():
            content = content[1:-1]
        spans.append(content)
        return f"\ue000{len(spans) - 1}\ue001"

    text = _inline_text(_CODE_SPAN.sub(hold, raw))
    return re.sub("\ue000(\\d+)\ue001", lambda m: spans[int(m.group(1))], text)


def _inline_text(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMOJI_CODE.sub("", text)
    while True:
        new = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
        if new == text:
            break
        text = new
    return html.unescape(_ESCAPE.sub(r"\1", text))


_VALUE = r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"""  # an HTML attribute's value
_NAMED = re.compile(r"<a\s[^>]*?\bname" + _VALUE, re.IGNORECASE)
_ID = re.compile(r"<[a-zA-Z][^>]*?\sid" + _VALUE, re.IGNORECASE)
_HTML_LINK = re.compile(r"<(?:a|img|source)\s[^>]*?\b(?:href|src)" + _VALUE, re.IGNORECASE)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)


def anchors(text: str) -> list[str]:
    """Every anchor of a Markdown document: its headings' (deduplicated) and explicit ones."""
    scan = scan_markdown(text)
    out, seen = [], {}
    for raw in scan.headings:
        base = slug(heading_text(raw))
        result = base
        while result in seen:  # github-slugger: foo, foo-1, foo-2, ... (skipping taken ones)
            seen[base] += 1
            result = f"{base}-{seen[base]}"
        seen[result] = 0
        out.append(result)
    for pattern in (_NAMED, _ID):
        for m in pattern.finditer(scan.masked):
            out.append(next(g for g in m.groups() if g is not None))
    return out


# --- links ------------------------------------------------------------------------------------


def links(scan: MarkdownScan):
    """(offset, destination) of every inline link, reference definition and HTML href/src."""
    yield from _inline_links(scan.masked)
    for m in _REFERENCE.finditer(scan.masked):
        if not m.group(1).startswith("^"):  # `[^1]: ...` is a footnote, not a link
            yield m.start(2), _unbracket(m.group(2))
    for m in _HTML_LINK.finditer(scan.masked):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        yield m.start(g), html.unescape(m.group(g))


def _inline_links(s: str):
    stack: list[int] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            nl = s.find("\n", i + 1)
            if not s[i + 1:nl if nl >= 0 else n].strip():  # a blank line ends the paragraph
                stack.clear()
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            stack.pop()
            if i + 1 < n and s[i + 1] == "(":
                parsed = _destination(s, i + 2)
                if parsed is not None:
                    offset, dest, end = parsed
                    yield offset, dest
                    i = end
                    continue
        i += 1


def _destination(s: str, j: int):
    """Parse `dest "title")` from j; (offset of dest, dest, index after `)`) or None."""
    n = len(s)
    while j < n and s[j] in " \t":
        j += 1
    if j < n and s[j] == "\n":
        j += 1
        while j < n and s[j] in " \t":
            j += 1
    start = j
    if j < n and s[j] == "<":
        close = s.find(">", j)
        if close < 0 or "\n" in s[j:close]:
            return None
        dest, j = s[j + 1:close], close + 1
        start += 1
    else:
        depth = 0
        while j < n:
            c = s[j]
            if c == "\\" and j + 1 < n:
                j += 2
                continue
            if c.isspace() or ord(c) < 0x20:
                break
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        dest = s[start:j]
    while j < n and s[j] in " \t\n":
        j += 1
    if j < n and s[j] in "\"'(":
        closer = ")" if s[j] == "(" else s[j]
        k = s.find(closer, j + 1)
        if k < 0:
            return None
        j = k + 1
        while j < n and s[j] in " \t\n":
            j += 1
    if j < n and s[j] == ")":
        return start, dest, j + 1
    return None


def _unbracket(dest: str) -> str:
    return dest[1:-1] if dest.startswith("<") and dest.endswith(">") else dest


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_LINE_ANCHOR = re.compile(r"L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?")


class Docs:
    """Checks the links of one project's Markdown, with every target's anchors computed once."""

    def __init__(self, project):
        self.project = project
        self._anchors: dict[str, list[str]] = {}

    def anchors_of(self, rel: str) -> list[str]:
        if rel not in self._anchors:
            self._anchors[rel] = anchors(self.project.text(rel))
        return self._anchors[rel]

    def check_file(self, rel: str):
        text = self.project.text(rel)
        scan = scan_markdown(text)
        for offset, dest in links(scan):
            message = self.check_link(rel, dest)
            if message:
                yield Problem(rel, scan.line_of(offset), "docs-link", message)

    def check_link(self, rel: str, dest: str) -> str | None:
        dest = dest.strip()
        if not dest or _SCHEME.match(dest) or dest.startswith("//"):
            return None  # absolute URLs are not ours to check offline
        if any(t in dest for t in ("{{", "${", "{%")):
            return None  # built from a template; template-residue reports leftovers
        path, hash_, fragment = dest.partition("#")
        path = unquote(_ESCAPE.sub(r"\1", html.unescape(path.split("?", 1)[0])))
        if path:
            base = "" if path.startswith("/") else PurePosixPath(rel).parent.as_posix()
            target = os.path.normpath(os.path.join(base, path.lstrip("/"))).replace(os.sep, "/")
            full = self.project.root / target
            if "\x00" in target or not full.exists():
                return f"link target {path} does not exist" + (
                    f" ({target} from the project root)" if target != path else "")
        else:
            target, full = rel, self.project.path(rel)
        if not hash_ or not fragment:
            return None
        return self.check_anchor(rel, target, full, unquote(fragment), bool(path))

    def check_anchor(self, rel, target, full, fragment, other_file) -> str | None:
        if full.is_dir():
            readme = next((p for p in sorted(full.iterdir())
                           if p.name.lower() in ("readme.md", "readme.markdown")), None)
            if readme is None:
                return None
            target = (PurePosixPath(target) / readme.name).as_posix()
        if target.lower().endswith(MARKDOWN_SUFFIXES):
            if target.startswith("../"):  # outside the project: read it from disk
                known = anchors((self.project.root / target).read_text("utf-8", "replace"))
            else:
                known = self.anchors_of(target)
            if fragment in known or fragment.lower() == "top":  # HTML: #top is the page top
                return None
            where = target if other_file else "this file"
            hint = difflib.get_close_matches(fragment, known, n=1, cutoff=0.6)
            return f"{where} has no anchor #{fragment}" + (
                f" (did you mean #{hint[0]}?)" if hint else "")
        line_anchor = _LINE_ANCHOR.fullmatch(fragment)
        if line_anchor and full.is_file():  # GitHub's #L10 / #L10-L20 line anchors on code
            count = len(full.read_bytes().splitlines())
            last = max(int(g) for g in line_anchor.groups() if g)
            if last > count:
                return f"{target} has {count} lines; anchor #{fragment} is past its end"
        return None  # anchors of other file types are not checked
