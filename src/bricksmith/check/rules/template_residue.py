"""Template residue: no Go-template action (`{{ .x }}`, `{{ if }}`, ...) left behind by a bundle
template, and Databricks dynamic value references only where Databricks substitutes them.

Residue is what a bundle template leaves behind, so only text that reads as a Go-template action
counts: `{{` followed by `.`, `$`, a comment, a string, or a Go keyword, builtin or bundle
template helper (`{{ if`, `{{ template`, `{{ uuid }}`, ...).  Other tools' `{{ ... }}` are not
residue: Databricks SQL query parameters (`{{catalog}}`), Jinja (Airflow, dbt), prompt templates
(`{{question}}`), `${{ }}` CI expressions, and Go templates handed to a tool on a command line
(`--format '{{.ID}}'`).  Skipped whole: dbt projects (`dbt_project.yml`), Helm charts
(`Chart.yaml`), bundle template sources (`databricks_template_schema.json`), Jinja and Go
template files (`.j2`, `.jinja`, `.tmpl`, ...) and binary files.

Databricks dynamic value references (`{{job.id}}`, `{{tasks.train.values.run_id}}`) are checked in
bundle YAML, Python bundle resources (`databricks.bundles`) and Jobs API JSON: inside job settings
and `variables` (also under `targets.<name>`) one written with spaces or a misspelt one is an error
(Databricks leaves it as literal text); a valid one elsewhere in a bundle file is a warning.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import PurePosixPath

import yaml

from ..bundle_files import bundle_files
from ..problem import ERROR, WARNING, Problem, Rule

FAMILY = "template"
RULE = "template-residue"

RULES = (
    Rule(
        RULE, FAMILY,
        "No Go-template action (`{{ .x }}`, `{{ if ... }}`, `{{ template ... }}`) is left in any "
        "text file or file path. Databricks dynamic value references (`{{job.id}}`, "
        "`{{tasks.<task>.values.<name>}}`, ...) in bundle files are written exactly as "
        "Databricks documents them where Databricks substitutes them, in job settings and "
        "`variables` (an error otherwise there), and only there (a warning elsewhere in a bundle "
        "file). Other tools' `{{ }}` (SQL query parameters, Jinja, Helm, dbt, prompt templates, "
        "`${{ }}` CI expressions) are not residue.",
        "resources/training-job.yml:4: template-residue: unrendered template action "
        "{{ .project_name }}",
        "Render the file through the template (a `{{` meant literally is written `{{\"{{\"}}` "
        "in a Go template), or, for a dynamic value reference, move it into a job or task "
        "parameter and write it without spaces (`{{job.id}}`).",
        mirrors="",
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
# Files that are templates on purpose (Jinja, Go templates for other tools).
_TEMPLATE_SUFFIXES = frozenset(".j2 .jinja .jinja2 .tmpl .gotmpl .tpl".split())
# Directories whose files are other tools' templates: dbt, Helm, bundle template sources.
_TEMPLATE_ROOT_MARKERS = frozenset({"dbt_project.yml", "Chart.yaml", "databricks_template_schema.json"})
# A Go template given to a tool on a command line: `docker inspect --format '{{.Id}}'`.
_TOOL_TEMPLATE = re.compile(r"(?:--format|--template|--go-template)(?:=|\s+)(['\"])[^'\"\n]*$")


def check(project, ctx):
    template_roots = [str(PurePosixPath(f).parent) for f in project.files
                      if PurePosixPath(f).name in _TEMPLATE_ROOT_MARKERS]
    bundle = set(bundle_files(project))
    problems = []
    for rel in project.files:
        if _under(rel, template_roots):
            continue
        if "{{" in rel:
            for start, action in _actions(rel):
                if action.endswith("}}") and _go_like(action[2:-2], jinja=False):
                    problems.append(Problem(rel, 0, RULE, f"file path holds an unrendered template action {action}"))
        suffix = PurePosixPath(rel).suffix.lower()
        if suffix in _BINARY_SUFFIXES or suffix in _TEMPLATE_SUFFIXES:
            continue
        text = project.text(rel)
        if "{{" not in text or "\x00" in text[:8192]:
            continue
        problems.extend(check_text(rel, text, bundle_file=rel in bundle))
    return problems


def _under(rel: str, roots: list[str]) -> bool:
    return any(root == "." or rel.startswith(root + "/") for root in roots)


def check_text(rel: str, text: str, *, bundle_file: bool | None = None):
    """The residue problems of one file's text.  `bundle_file`: whether the CLI loads it as
    bundle configuration (None: any `.yml`/`.yaml` file counts as one)."""
    suffix = PurePosixPath(rel).suffix.lower()
    if bundle_file is None:
        bundle_file = suffix in (".yml", ".yaml")
    legal = _legal_places(rel, text, bundle_file)  # None: dynamic references are not checked here
    jinja = "{%" in text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for start, action in _actions(text):
        content = action[2:-2] if action.endswith("}}") else action[2:]
        line = _line(line_starts, start)
        shown = " ".join(action.split())  # one line, even for a multi-line comment
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        if _go_like(content, jinja):
            if _TOOL_TEMPLATE.search(text[line_starts[line - 1]:start]):
                continue
            yield Problem(rel, line, RULE, f"{'unrendered' if action.endswith('}}') else 'unclosed'} "
                                           f"template action {shown}", ERROR)
        elif legal is None:
            continue
        elif DYNAMIC_REFERENCE.fullmatch(content):
            if not legal(start):
                yield Problem(rel, line, RULE,
                              f"Databricks dynamic value reference {shown} outside a job's "
                              "settings: Databricks substitutes it only in job and task settings",
                              WARNING)
        elif not legal(start):
            continue
        elif DYNAMIC_REFERENCE.fullmatch(content.strip()):
            yield Problem(rel, line, RULE,
                          f"{shown} is not a Databricks dynamic value reference as written: "
                          f"write it without spaces, {{{{{content.strip()}}}}}", ERROR)
        elif _NAMESPACE.match(content.strip()):
            yield Problem(rel, line, RULE,
                          f"{shown} is not a Databricks dynamic value reference "
                          "(see \"What is a dynamic value reference?\" in the Databricks docs)", ERROR)


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


def _go_like(content: str, jinja: bool) -> bool:
    """Whether `{{content}}` reads as a Go-template action rather than another tool's syntax.

    Jinja shares `{{- x -}}` trimming and string literals with Go, so in a file with Jinja
    statements (`{% ... %}`) only the unmistakably Go forms count."""
    c = content.strip()
    if c.startswith("-"):
        c = c[1:].lstrip()
    if c.startswith(("/*", ".", "$")):
        return True
    if c.startswith('"'):
        return not jinja
    word = re.match(r"[A-Za-z_]\w*", c)
    if not word or word.group() not in _GO_WORDS:
        return False
    rest = c[word.end():]
    # `range(10)`, `lower.x`, `len | x` are another language's calls, attributes and filters.
    return not rest.startswith(("(", ".", "[")) and not rest.lstrip().startswith(("|", "(", "=", "%"))


# --- where dynamic value references are legal -------------------------------------------------


def _legal_places(rel: str, text: str, bundle_file: bool):
    """A predicate on offsets (may a dynamic value reference stand there?), or None where
    dynamic value references are not checked at all."""
    suffix = PurePosixPath(rel).suffix.lower()
    if suffix in (".yml", ".yaml") and bundle_file:
        spans = _yaml_job_spans(text)
        if spans is None:  # unparseable YAML: its parse error is another rule's to report
            return None
        return lambda offset: any(a <= offset < b for a, b in spans)
    if suffix == ".json" and _is_jobs_json(text):
        return lambda offset: True
    if suffix == ".py" and _BUNDLES_IMPORT.search(text):
        return lambda offset: True
    return None


_BUNDLES_IMPORT = re.compile(r"^\s*(?:from|import)\s+databricks\.bundles\b", re.MULTILINE)


def _legal_path(path: tuple) -> bool:
    if len(path) >= 3 and path[0] == "targets":  # a target overrides the root's sections
        path = path[2:]
    return path[:2] == ("resources", "jobs") or path[:1] == ("variables",)


def _yaml_job_spans(text: str) -> list[tuple[int, int]] | None:
    """Offsets of the YAML scalars inside job settings or variables."""
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeEncodeError):
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
