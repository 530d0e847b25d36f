"""Template residue: no `{{ ... }}` left in generated files, except Databricks' own references.

A generated project holds no Go-template action.  The one legal `{{...}}` is a Databricks dynamic
value reference (`{{job.id}}`, `{{tasks.train.values.run_id}}`, ...), and only where Databricks
substitutes it: in a job's settings.  Those are, here: bundle YAML under `resources.jobs` and
`variables` (also inside `targets.<name>`), Python bundle resources (`databricks.bundles`), Jobs
API JSON documents, and code in Markdown (documentation of such settings).  Anywhere else, a
notebook or a README's prose, say, Databricks leaves it as literal text.

Not residue: `${{ ... }}` (GitHub Actions and Azure Pipelines expressions), doubled braces inside
Python f-strings and `.format()` strings (escaped braces) unless they hold a Go action, a Go
template handed to a tool (`--format '{{.ID}}'`), and every file of a dbt project (a directory
with `dbt_project.yml`: dbt's Jinja is `{{ ... }}` too).  Binary files are skipped.
"""

from __future__ import annotations

import bisect
import io
import json
import re
import tokenize
from pathlib import PurePosixPath

import yaml

from ..problem import Problem, Rule
from .docs_links import MARKDOWN_SUFFIXES, scan_markdown

FAMILY = "template"
RULE = "template-residue"

RULES = (
    Rule(
        RULE, FAMILY,
        "No Go-template action (`{{ ... }}`) is left in any text file or file path. Databricks "
        "dynamic value references (`{{job.id}}`, `{{tasks.<task>.values.<name>}}`, ...) are "
        "allowed, written exactly as Databricks documents them, where Databricks substitutes "
        "them: job settings in bundle YAML (`resources.jobs`, `variables`), Python bundle "
        "resources, Jobs API JSON, and code in Markdown. `${{ }}` CI expressions, escaped braces "
        "in Python f-strings and dbt projects are not checked.",
        "resources/training-job.yml:4: template-residue: unrendered template action "
        "{{ .project_name }}",
        "Render the file through the template (a `{{` meant literally is written `{{\"{{\"}}` "
        "in a Go template), or, for a dynamic value reference, move it into a job or task "
        "parameter and write it without spaces (`{{job.id}}`).",
    ),
)

# --- Databricks dynamic value references (docs: "What is a dynamic value reference?") ----------

_ID = r"(?:\w+|`[^`{}]+`)"  # a user identifier; others are escaped with backticks
_TIME = (r"(?:iso_weekday|is_weekday|iso_date|iso_datetime|year|month|day|hour|minute|second"
         r"|timestamp_ms)")
DYNAMIC_REFERENCE = re.compile(
    "|".join([
        r"job\.(?:id|name|run_id|repair_count|trigger\.type|trigger\.file_arrival\.location)",
        rf"job\.(?:start_time|trigger\.time)\.{_TIME}",
        rf"job\.parameters\.{_ID}",
        r"task\.(?:name|run_id|notebook_path|execution_count)",
        (rf"tasks\.{_ID}\.(?:run_id|result_state|error_code|execution_count|notebook_path"
         rf"|values\.{_ID}|output\.(?:rows|first_row(?:\.{_ID})?|alert_state))"),
        r"workspace\.(?:id|url)",
        rf"backfill\.{_TIME}",
        rf"input(?:\.{_ID})*",  # the current item of a for-each task
        # the deprecated task parameter variables, still substituted
        r"job_id|run_id|start_date|start_time|task_retry_count|parent_run_id|task_key",
    ])
)
_NAMESPACE = re.compile(r"(?:job|task|tasks|workspace|backfill|input)(?:\.|$)")

# Words a Go-template action starts with: keywords, builtins, and the bundle template helpers.
_GO_WORDS = frozenset(
    "if else end range with define template block break continue nil and or not len index "
    "print printf println eq ne lt le gt ge call html js urlquery slice "
    "url regexp random_int uuid bundle_uuid pair map smallest_node_type path_separator "
    "workspace_host user_name short_name default_catalog is_service_principal skip fail "
    "lower upper".split()
)

_BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .ico .bmp .webp .pdf .zip .gz .tgz .bz2 .xz .whl .jar .egg .pyc .so "
    ".dylib .dll .exe .parquet .avro .orc .pkl .pickle .joblib .npy .npz .h5 .onnx .pt .bin "
    ".db .sqlite .dbc".split()
)
# A Go template given to a tool on a command line: `docker inspect --format '{{.Id}}'`.
_TOOL_TEMPLATE = re.compile(r"(?:--format|--template|--go-template)(?:=|\s+)(['\"])[^'\"\n]*$")


def check(project, ctx):
    dbt_roots = [str(PurePosixPath(f).parent) for f in project.files
                 if PurePosixPath(f).name == "dbt_project.yml"]
    problems = []
    for rel in project.files:
        if "{{" in rel:
            action = rel[rel.index("{{"):]
            action = action[:action.index("}}") + 2] if "}}" in action else action
            problems.append(Problem(rel, 0, RULE,
                                    f"file path holds an unrendered template action {action}"))
        if _in_dbt(rel, dbt_roots) or PurePosixPath(rel).suffix.lower() in _BINARY_SUFFIXES:
            continue
        text = project.text(rel)
        if "{{" not in text or "\x00" in text[:8192]:
            continue
        problems.extend(check_text(rel, text))
    return problems


def _in_dbt(rel: str, dbt_roots: list[str]) -> bool:
    return any(root == "." or rel.startswith(root + "/") for root in dbt_roots)


def check_text(rel: str, text: str):
    """The residue problems of one file's text."""
    legal = _legal_places(rel, text)
    escapes = _python_brace_escapes(text) if rel.endswith(".py") else []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for start, action in _actions(text):
        content = action[2:-2] if action.endswith("}}") else action[2:]
        line = _line(line_starts, start)
        if any(a <= start < b for a, b in escapes) and not _go_like(content):
            continue
        if _TOOL_TEMPLATE.search(text[line_starts[line - 1]:start]):
            continue
        shown = " ".join(action.split())  # one line, even for a multi-line comment
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        if DYNAMIC_REFERENCE.fullmatch(content):
            if not legal(start):
                yield Problem(rel, line, RULE,
                              f"Databricks dynamic value reference {shown} outside a job's "
                              "settings: Databricks substitutes it only in job and task settings")
        elif DYNAMIC_REFERENCE.fullmatch(content.strip()):
            yield Problem(rel, line, RULE,
                          f"{shown} is not a Databricks dynamic value reference as written: "
                          f"write it without spaces, {{{{{content.strip()}}}}}")
        elif _NAMESPACE.match(content):
            yield Problem(rel, line, RULE,
                          f"{shown} is not a Databricks dynamic value reference "
                          "(see \"What is a dynamic value reference?\" in the Databricks docs)")
        elif action.endswith("}}"):
            yield Problem(rel, line, RULE, f"unrendered template action {shown}")
        else:
            yield Problem(rel, line, RULE, f"unclosed template action {shown}")


def _actions(text: str):
    """(offset, text) of every `{{ ... }}`; `${{ ... }}` CI expressions are skipped whole."""
    i = 0
    while True:
        j = text.find("{{", i)
        if j < 0:
            return
        if j > 0 and text[j - 1] == "$":
            i = _expression_end(text, j + 2)
            continue
        line_end = text.find("\n", j)
        line_end = len(text) if line_end < 0 else line_end
        close = text.find("}}", j + 2)
        if text.startswith(("{{/*", "{{- /*"), j) and close >= 0:
            end = close + 2  # a template comment may span lines
        elif 0 <= close < line_end:
            end = close + 2
            while end < len(text) and text[end] == "}":  # `{{{x}}}`: the action takes the last two
                end += 1
        else:
            end = line_end
        yield j, text[j:end].rstrip()
        i = end


def _expression_end(text: str, i: int) -> int:
    """The end of a `${{ ... }}` expression, skipping its quoted strings (they may hold `}}`)."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "'":
            close = text.find("'", i + 1)
            i = n if close < 0 else close + 1
            continue
        if text.startswith("}}", i):
            return i + 2
        if c == "\n":
            return i
        i += 1
    return n


def _line(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)


def _go_like(content: str) -> bool:
    c = content.strip()
    if c.startswith("-"):
        c = c[1:].lstrip()
    if c.startswith(("/*", ".", "$", '"')):
        return True
    word = re.match(r"\w+", c)
    return bool(word) and word.group() in _GO_WORDS


# --- where dynamic value references are legal -------------------------------------------------


def _legal_places(rel: str, text: str):
    """A predicate on offsets: may a dynamic value reference stand there?"""
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in (".yml", ".yaml"):
        spans = _yaml_job_spans(text)
        if spans is None:  # unparseable YAML: its parse error is another rule's to report
            return lambda offset: True
        return lambda offset: any(a <= offset < b for a, b in spans)
    if suffix == ".json" and _is_jobs_json(text):
        return lambda offset: True
    if suffix == ".py" and _BUNDLES_IMPORT.search(text):
        return lambda offset: True
    if rel.lower().endswith(MARKDOWN_SUFFIXES):
        return scan_markdown(text).in_code
    return lambda offset: False


_BUNDLES_IMPORT = re.compile(r"^\s*(?:from|import)\s+databricks\.bundles\b", re.MULTILINE)


def _legal_path(path: tuple) -> bool:
    if len(path) >= 3 and path[0] == "targets":  # a target overrides the root's sections
        path = path[2:]
    return path[:2] == ("resources", "jobs") or path[:1] == ("variables",)


def _yaml_job_spans(text: str) -> list[tuple[int, int]] | None:
    """Offsets of the YAML scalars inside job settings or variables."""
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    spans: list[tuple[int, int]] = []

    def walk(node, path, seen):
        # An anchored node is walked again when an alias brings it into a job's settings.
        legal = _legal_path(path)
        previous = seen.get(id(node))
        if previous is True or (previous is False and not legal):
            return
        seen[id(node)] = legal
        if isinstance(node, yaml.ScalarNode):
            if legal:
                spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                walk(value, path + (name,), seen)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,), seen)

    for doc in documents:
        if doc is not None:
            walk(doc, (), {})
    return spans


def _is_jobs_json(text: str) -> bool:
    """A Jobs API document: job settings with `tasks`, bare or under `settings`."""
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    if not isinstance(doc, dict):
        return False
    candidates = [doc] + [doc[k] for k in ("settings", "new_settings", "job_settings")
                          if isinstance(doc.get(k), dict)]
    return any(isinstance(c.get("tasks"), list) for c in candidates)


def _python_brace_escapes(text: str) -> list[tuple[int, int]]:
    """Offsets of f-strings and `.format()` strings, where `{{` is an escaped brace."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(pos):
        return line_starts[pos[0] - 1] + pos[1]

    spans = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return spans
    fstring_start = None
    for k, tok in enumerate(tokens):
        kind = tokenize.tok_name.get(tok.type, "")
        if kind == "FSTRING_START":  # Python 3.12+ splits f-strings into parts
            fstring_start = offset(tok.start)
        elif kind == "FSTRING_END" and fstring_start is not None:
            spans.append((fstring_start, offset(tok.end)))
            fstring_start = None
        elif tok.type == tokenize.STRING:
            prefix = re.match(r"[A-Za-z]*", tok.string).group().lower()
            follows = [t.string for t in tokens[k + 1:k + 3]]
            if "f" in prefix or follows == [".", "format"]:
                spans.append((offset(tok.start), offset(tok.end)))
    return spans
