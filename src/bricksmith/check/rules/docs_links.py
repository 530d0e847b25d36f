"""Docs: every relative link and `#anchor` in the project's Markdown resolves, as on GitHub.

The rule `docs-link` reads each Markdown file of the project and checks every relative link and
image (inline, reference definitions, `<a href>`, `<img src>`, `<source src>`): its file or
directory exists (a path starting with `/` is taken from the project root), and its `#anchor`
names a heading or an explicit anchor of the target.  Absolute URLs, links built from templates
and anything inside code are not checked.

Parsing is the library's: markdown-it-py, CommonMark with the GitHub parts it offers (tables,
strikethrough, footnotes, and front matter, which GitHub shows as a table and not as Markdown),
and the standard library's html.parser for the attributes of raw HTML.  Lines come from the
block tokens' `.map` and, inside a paragraph, from its line breaks; a thin wrapper around four
of markdown-it's own inline rules (link, image, code span, inline HTML) notes the newlines they
consume, so that every problem keeps its line (a link's line is that of its destination).

Ours are GitHub's anchor rules, after github-slugger, the reference port of GitHub's algorithm:
the heading's text content, lowercased, without punctuation and symbols (letters, marks, digits,
`_` and `-` stay), each space a `-`; a repeated anchor gets `-1`, `-2`, ...; `:emoji:` codes
render as emoji and go too.  `<a name=...>` and `id=...` attributes are anchors too.  And ours is
what a destination means: its path, query string, percent-encoding and anchor, and the report.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import backtick, html_inline, image, link
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

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
        mirrors="GitHub's Markdown rendering (github-slugger anchors)",
    ),
)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def check(project, ctx):
    """The docs-link problems (a list of Problem) of every Markdown file (`.md`, `.markdown`)
    of `project`, a check Project; `ctx` is not used."""
    docs = Docs(project)
    problems = []
    for rel in project.files:
        if rel.lower().endswith(MARKDOWN_SUFFIXES):
            problems.extend(docs.check_file(rel))
    return problems


# --- parsing (markdown-it-py) -----------------------------------------------------------------


def _located(rule, kind: str, label_at: int | None = None):
    """Wrap one of markdown-it's inline rules: its token learns the lines, relative to the inline
    text, where it starts (`line`), where it ends (`end_line`, on its last token) and, for an
    inline link or image, where its destination stands (`dest_line`)."""

    def located(state, silent):
        start, first = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        token = next((t for t in state.tokens[first:] if t.type == kind), None)
        if silent or token is None:  # e.g. a lone run of backticks stays text
            return True
        src = state.src
        token.meta["line"] = src.count("\n", 0, start)
        state.tokens[-1].meta["end_line"] = src.count("\n", 0, state.pos)
        if label_at is not None and "label" not in token.meta:  # inline, not by reference
            nested = kind != "link_open"  # the label's end, found as the rule found it
            dest = state.md.helpers.parseLinkLabel(state, start + label_at, not nested) + 2
            while dest < len(src) and src[dest] in " \t\n":
                dest += 1
            token.meta["dest_line"] = src.count("\n", 0, dest)
        return True

    return located


_MD = (MarkdownIt("commonmark", {"store_labels": True})  # labels mark reference-style links
       .enable(["table", "strikethrough"])
       .use(front_matter_plugin)
       .use(footnote_plugin, inline=False))  # GitHub has `[^1]` footnotes, not `^[inline]` ones
_MD.normalizeLink = lambda url: url  # destinations as written (escapes and entities resolved)
_MD.inline.ruler.at("link", _located(link, "link_open", label_at=0))
_MD.inline.ruler.at("image", _located(image, "image", label_at=1))
_MD.inline.ruler.at("backticks", _located(backtick, "code_inline"))
_MD.inline.ruler.at("html_inline", _located(html_inline, "html_inline"))


@dataclass(frozen=True)
class _Parsed:
    lines: list[str]
    tokens: list[Token]
    references: dict  # markdown-it's env["references"]: label -> {"href", "title", "map"}


@lru_cache(maxsize=512)
def _parse(text: str) -> _Parsed:
    """The document's tokens (cached: two rules read each document)."""
    env: dict = {}
    tokens = _MD.parse(text, env)
    return _Parsed(text.splitlines(), tokens, env.get("references", {}))


def _inline_items(inline: Token):
    """(1-based line, token) of each child of an inline token, in order."""
    base = inline.map[0] + 1
    line = base
    for tok in inline.children or ():
        if "line" in tok.meta:
            line = base + tok.meta["line"]
        yield line, tok
        if "end_line" in tok.meta:
            line = base + tok.meta["end_line"]
        elif tok.type in ("softbreak", "hardbreak"):
            line += 1


def _is_comment(html: str) -> bool:
    return html.lstrip().startswith("<!--")


class _Tags(HTMLParser):
    """The start tags of a piece of raw HTML: (line within it, tag, attributes, raw tag text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, dict[str, str | None], str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos()[0], tag, dict(attrs), self.get_starttag_text() or ""))


def _html_tags(parsed: _Parsed):
    """(1-based line, tag, attributes, raw tag text) of every tag of the document's raw HTML,
    block and inline, outside code."""
    for tok in parsed.tokens:
        if tok.type == "html_block":
            for line, tag, attrs, raw in _Tags(tok.content).tags:
                yield tok.map[0] + line, tag, attrs, raw
        elif tok.type == "inline":
            for line, child in _inline_items(tok):
                if child.type == "html_inline" and not _is_comment(child.content):
                    for _, tag, attrs, raw in _Tags(child.content).tags:
                        yield line, tag, attrs, raw


# --- anchors (ours: GitHub's rules) -----------------------------------------------------------


def slug(text: str) -> str:
    """github-slugger's slug of a heading's text content: lowercased; letters, marks, digits, `_`
    and `-` kept, each space a `-`, everything else dropped.  Any string; never raises."""
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


_EMOJI_CODE = re.compile(r"(?<![\w:]):[a-z0-9_+\-]+:(?![\w:])")  # :tada: renders as an emoji


def _text_content(inline: Token) -> str:
    """The text content of the HTML GitHub renders for an inline token: text and code, no tags;
    an image has none."""
    out = []
    for tok in inline.children or ():
        if tok.type == "text":
            out.append(_EMOJI_CODE.sub("", tok.content))
        elif tok.type == "code_inline":
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif tok.type == "footnote_ref":  # renders as the footnote's number
            out.append(str(tok.meta["id"] + 1))
    return "".join(out)


def heading_text(raw: str) -> str:
    """The text content GitHub renders for a heading's inline Markdown `raw` (the heading line
    without its `#`s), e.g. "Step 1: *set up* the `cli`" -> "Step 1: set up the cli"."""
    return "".join(_text_content(tok) for tok in _MD.parseInline(raw.strip()))


def anchors(text: str) -> list[str]:
    """Every anchor of the Markdown document `text`: its headings' anchors, deduplicated as
    GitHub does, in order, then its explicit `<a name>` and `id=` anchors.  Never raises."""
    parsed = _parse(text)
    out, seen = [], {}
    tokens = parsed.tokens
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        base = slug(_text_content(tokens[i + 1]))
        result = base
        while result in seen:  # github-slugger: foo, foo-1, foo-2, ... (skipping taken ones)
            seen[base] += 1
            result = f"{base}-{seen[base]}"
        seen[result] = 0
        out.append(result)
    for _, tag, attrs, _ in _html_tags(parsed):
        for name in ("name", "id") if tag == "a" else ("id",):
            if attrs.get(name):
                out.append(attrs[name])
    return out


# --- links ------------------------------------------------------------------------------------


_HTML_LINKS = {"a": "href", "img": "src", "source": "src"}
_DEFINITION_LABEL = re.compile(r"(?<!\\)\]:\s*")


def links(text: str) -> list[tuple[int, str]]:
    """(1-based line, destination) of every link of the Markdown document `text` outside code:
    inline links and images, reference definitions (used or not; a reference-style link is
    checked at its definition) and the `href`/`src` of raw HTML `<a>`, `<img>` and `<source>`.
    A destination is as written, with Markdown escapes and HTML entities resolved; its line is
    that of the destination.  (Autolinks, `<scheme:...>`, are absolute: not listed.)  Never
    raises."""
    parsed = _parse(text)
    found = []
    for tok in parsed.tokens:
        if tok.type != "inline":
            continue
        for line, child in _inline_items(tok):
            if "dest_line" in child.meta:
                attr = "href" if child.type == "link_open" else "src"
                found.append((tok.map[0] + 1 + child.meta["dest_line"], child.attrs[attr]))
    for ref in parsed.references.values():
        start, end = ref["map"]
        block = "\n".join(parsed.lines[start:end])
        label = _DEFINITION_LABEL.search(block)
        offset = block.count("\n", 0, label.end()) if label else 0
        found.append((start + 1 + offset, ref["href"]))
    for line, tag, attrs, raw in _html_tags(parsed):
        attr = _HTML_LINKS.get(tag)
        if attr and attrs.get(attr) is not None:
            where = re.search(rf"\s{attr}\s*=", raw, re.IGNORECASE)
            found.append((line + (raw.count("\n", 0, where.start()) if where else 0), attrs[attr]))
    return sorted(found)


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_LINE_ANCHOR = re.compile(r"L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?")


class Docs:
    """Checks the links of one project's Markdown, with every target's anchors computed once."""

    def __init__(self, project):
        self.project = project
        self._anchors: dict[str, list[str]] = {}

    def anchors_of(self, rel: str) -> list[str]:
        """The anchors of the project's Markdown file `rel` (a project-relative path)."""
        if rel not in self._anchors:
            self._anchors[rel] = anchors(self.project.text(rel))
        return self._anchors[rel]

    def check_file(self, rel: str):
        """The docs-link problems of the project's Markdown file `rel`, one per broken link."""
        for line, dest in links(self.project.text(rel)):
            message = self.check_link(rel, dest)
            if message:
                yield Problem(rel, line, "docs-link", message)

    def check_link(self, rel: str, dest: str) -> str | None:
        """What is wrong with destination `dest` written in file `rel`, or None if it resolves
        or is not ours to check (absolute, or built from a template)."""
        dest = dest.strip()
        if not dest or _SCHEME.match(dest) or dest.startswith("//"):
            return None  # absolute URLs are not ours to check offline
        if any(t in dest for t in ("{{", "${", "{%")):
            return None  # built from a template; template-residue reports leftovers
        path, hash_, fragment = dest.partition("#")
        path = unquote(path.split("?", 1)[0])
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
        """What is wrong with `#fragment` of file or directory `target` (project-relative, at
        `full` on disk), or None: a Markdown file (or a directory's README) must have it as an
        anchor; a line anchor `#L10-L20` must lie within the file; other anchors pass."""
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
