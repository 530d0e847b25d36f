"""Post a project's CI results on its pull request (merge request) as one comment, kept up to date.

Usage (from the repository root):

    python ci/pr_comment.py --project NAME --results DIR [--dry-run]
    python ci/pr_comment.py --project NAME --marker-only

It reads the result files the project's CI wrote, from DIR or any folder under it (downloaded
artifacts often sit in one folder each); files that are not there yet are shown as pending:

    plan-staging.json, plan-prod.json   ci/bundle_plan.py: validation and deployment plan
    candidate.json                       ci/integration_test.py: the model version the test trained
    champion.json                        ci/model_metrics.py: the version holding `champion` in prod

and writes one Markdown comment: the plan of each target (with the plan's output folded), and the
candidate's validation metrics beside the champion's. The comment carries a hidden marker,
`<!-- bricksmith-ci:NAME -->`: the first run creates it, later runs update that same comment.
The Markdown is always printed on stdout; what happened is said on stderr.

The platform is the one the job runs on:

    GitHub Actions  GITHUB_ACTIONS=true; GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH
                    (its pull_request.number) and GITHUB_TOKEN (pull-requests: write)
    Azure Pipelines TF_BUILD=True; SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID,
                    SYSTEM_PULLREQUEST_PULLREQUESTID and SYSTEM_ACCESSTOKEN (mapped into the
                    step's env; the build service needs "Contribute to pull requests")
    GitLab CI       GITLAB_CI=true; CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID and
                    GITLAB_API_TOKEN (a project access token with the `api` scope)

The comment names the commit it reports on and, in a second hidden line
`<!-- bricksmith-ci-run:ID -->`, the run that wrote it: the platform's run number, which grows with
every new run and stays the same when a run is re-run (GitHub GITHUB_RUN_ID, Azure Pipelines
BUILD_BUILDID, GitLab CI_PIPELINE_ID). A run leaves alone a comment that a later run (a higher
number) wrote, so that a slow run of an older push never overwrites newer results; the same run
(its second comment job, or a re-run) and later runs update it (so does a run whose number is not
set, which cannot be ordered). The order does not depend on the pull request's head: in a
repository of several projects, a push that does not touch this project starts no run for it,
and the last run that did still reports.

Outside a pull request, or without the token, nothing is posted and the reason is printed.
--dry-run composes and prints the comment and says where it would go, without calling the API.
--marker-only prints the project's marker and exits.

Exit status: 0 when the comment was created or updated, or left alone for a later run's, or there
was nothing to post to; 1 when the platform's API refused or failed (the HTTP status and endpoint
are printed, never the token); 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9_-]{1,62}$")
TARGETS = ("staging", "prod")
MAX_COMMENT = 60_000
# Folded command output per block: tried from the first, until the comment fits MAX_COMMENT.
BLOCK_LIMITS = (20_000, 8_000, 3_000, 1_000, 0)
TIMEOUT = 30
MAX_PAGES = 50
PAGE_SIZE = 100
METRIC_ORDER = ("root_mean_squared_error", "mean_absolute_error", "r2_score")
LOWER_IS_BETTER = re.compile(r"error|loss|mse|mae|rmse|mape", re.IGNORECASE)
HIGHER_IS_BETTER = re.compile(r"r2|accuracy|auc|f1|precision|recall|score", re.IGNORECASE)


RUN_LINE = re.compile(r"<!-- bricksmith-ci-run:(\d+) -->")
# The platform's number of the run (the pipeline), which grows with every new run and stays the same
# when a run is re-run.
RUN_ID_VARIABLES = {"GitHub": "GITHUB_RUN_ID", "Azure DevOps": "BUILD_BUILDID", "GitLab": "CI_PIPELINE_ID"}


def marker(project: str) -> str:
    return f"<!-- bricksmith-ci:{project} -->"


def run_line(run_id: int) -> str:
    return f"<!-- bricksmith-ci-run:{run_id} -->"


def written_by(body: str) -> int | None:
    """The run number recorded in a comment's body, or None (a comment of an older version)."""
    match = RUN_LINE.search(body or "")
    return int(match.group(1)) if match else None


# --- reading the results ---------------------------------------------------------------------


def find_result(results: Path, name: str) -> Path | None:
    """results/name, else the first results/**/name."""
    direct = results / name
    if direct.is_file():
        return direct
    if results.is_dir():
        for path in sorted(results.rglob(name)):
            if path.is_file():
                return path
    return None


def load_result(results: Path, name: str) -> dict | None:
    """The JSON object in result file `name`; None when absent; {"_unreadable": why} when broken."""
    path = find_result(results, name)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return {"_unreadable": f"{path.name}: {err}"}
    if not isinstance(data, dict):
        return {"_unreadable": f"{path.name}: not a JSON object"}
    return data


def load_results(results: Path) -> dict[str, dict | None]:
    names = {f"plan-{target}": f"plan-{target}.json" for target in TARGETS}
    names |= {"candidate": "candidate.json", "champion": "champion.json"}
    return {key: load_result(results, file) for key, file in names.items()}


# --- composing the comment -------------------------------------------------------------------


def cell(value: object) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    text = " ".join(str(value).split())
    return text.replace("|", "\\|") if text else " "


def clip(text: str, limit: int) -> str:
    """`text`, or its beginning and end with the middle cut out when it is longer than `limit`."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    head = limit * 2 // 3
    tail = limit - head
    return f"{text[:head]}\n... ({len(text) - head - tail} characters cut) ...\n{text[-tail:]}"


def folded(summary: str, text: str, limit: int) -> list[str]:
    """A collapsible block with `text` as a code block (nothing when limit is 0 or no text)."""
    text = clip(text.strip("\n"), limit)
    if not text.strip():
        return []
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return ["<details>", f"<summary>{summary}</summary>", "", f"{fence}text", text, fence, "", "</details>", ""]


def plan_section(results: dict, limit: int) -> list[str]:
    lines = [
        "#### Deployment plan",
        "",
        "| Target | Validate | Plan | To add | To change | To delete | Unchanged |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    details: list[str] = []
    for target in TARGETS:
        record = results.get(f"plan-{target}")
        if record is None:
            lines.append(f"| {target} | ⏳ pending | ⏳ pending | | | | |")
            continue
        if "_unreadable" in record:
            lines.append(f"| {target} | ⚠️ unreadable result | | | | | |")
            details.append(f"{target}: {cell(record['_unreadable'])}")
            details.append("")
            continue
        validate = record.get("validate") or {}
        plan = record.get("plan")
        valid = validate.get("exit_code") == 0
        validate_cell = "✅ valid" if valid else f"❌ failed (exit {validate.get('exit_code')})"
        if plan is None:
            plan_cell, counts = "⏭️ not run", None
        elif plan.get("exit_code") == 0:
            plan_cell, counts = "✅ planned", plan.get("summary")
        else:
            plan_cell, counts = f"❌ failed (exit {plan.get('exit_code')})", plan.get("summary")
        numbers = [str(counts.get(key, "")) for key in ("add", "change", "delete", "unchanged")] if counts else [""] * 4
        lines.append(f"| {target} | {validate_cell} | {plan_cell} | {' | '.join(numbers)} |")
        if not valid:
            details += folded(f"{target}: <code>bundle validate</code> output", validate.get("output") or "", limit)
        if plan is not None:
            described = "no changes" if counts and not any(counts.get(k) for k in ("add", "change", "delete")) else (
                f"{counts['add']} to add, {counts['change']} to change, {counts['delete']} to delete"
                if counts else "output"
            )
            details += folded(f"{target}: <code>bundle plan</code>: {described}", plan.get("output") or "", limit)
    return [*lines, "", *details]


def ordered_metrics(*records: dict | None) -> list[str]:
    names = set()
    for record in records:
        names |= set(((record or {}).get("metrics") or {}).keys())
    known = [name for name in METRIC_ORDER if name in names]
    return known + sorted(names - set(known))


def number(value: object) -> str:
    return f"{value:.6g}" if isinstance(value, (int, float)) else "-"


def difference(name: str, candidate: object, champion: object) -> str:
    if not isinstance(candidate, (int, float)) or not isinstance(champion, (int, float)):
        return "-"
    delta = candidate - champion
    text = f"{delta:+.4g}"
    if delta == 0:
        return text
    if LOWER_IS_BETTER.search(name):
        better = delta < 0
    elif HIGHER_IS_BETTER.search(name):
        better = delta > 0
    else:
        return text
    return f"{text} ({'better' if better else 'worse'})"


def validation_cell(record: dict) -> str:
    status = record.get("status")
    icon = {"passed": "✅", "failed": "❌", "skipped": "⏭️"}.get(status or "", "❔")
    mode = f" ({record['mode']})" if record.get("mode") else ""
    return f"{icon} {status or 'not recorded'}{mode}"


def model_section(results: dict) -> list[str]:
    candidate, champion = results.get("candidate"), results.get("champion")
    lines = ["#### Model", ""]
    notes: list[str] = []

    has_candidate = bool(candidate and "_unreadable" not in candidate and candidate.get("version"))
    has_champion = bool(champion and "_unreadable" not in champion and champion.get("version"))
    if candidate is None:
        notes.append("**Candidate:** ⏳ pending: the integration test has not reported yet.")
    elif "_unreadable" in candidate:
        notes.append(f"**Candidate:** ⚠️ unreadable result ({cell(candidate['_unreadable'])}).")
    else:
        test = candidate.get("integration_test") or {}
        if test:
            steps = test.get("steps", []) + test.get("cleanup", [])
            failed = [step.get("name", "?") for step in steps if not step.get("ok")]
            verdict = "✅ passed" if test.get("ok") else "❌ failed: " + ", ".join(failed or ["see the job log"])
            notes.append(f"**Integration test:** {cell(verdict)}")
        if candidate.get("error"):
            notes.append(f"**Candidate:** ⚠️ {cell(candidate['error'])}")
        elif not has_candidate:
            notes.append(f"**Candidate:** none ({cell(candidate.get('note') or 'no model version')}).")
    if champion is None:
        notes.append("**Champion:** not reported (the prod plan job looks it up).")
    elif "_unreadable" in champion:
        notes.append(f"**Champion:** ⚠️ unreadable result ({cell(champion['_unreadable'])}).")
    elif champion.get("error"):
        notes.append(f"**Champion:** ⚠️ could not be read: {cell(champion['error'])}")
    elif not has_champion:
        note = f" ({cell(champion['note'])})" if champion.get("note") else ""
        notes.append(f"**Champion:** no champion yet{note}.")

    if has_candidate or has_champion:
        cand = candidate if has_candidate else {}
        champ = champion if has_champion else {}
        header_candidate = f"Candidate (v{cand['version']})" if has_candidate else "Candidate"
        header_champion = f"Champion (v{champ['version']})" if has_champion else "Champion"
        lines += [
            f"| | {header_candidate} | {header_champion} | Difference |",
            "| --- | ---: | ---: | ---: |",
            f"| Model | {cell(cand.get('model') or '-')} | {cell(champ.get('model') or '-')} | |",
            f"| Validation | {validation_cell(cand) if cand else '-'} | "
            f"{validation_cell(champ) if champ else 'no champion yet'} | |",
        ]
        for name in ordered_metrics(cand, champ):
            value = (cand.get("metrics") or {}).get(name)
            base = (champ.get("metrics") or {}).get(name)
            lines.append(f"| {cell(name)} | {number(value)} | {number(base)} | {difference(name, value, base)} |")
        lines.append("")
        if cand.get("message"):
            lines += [f"Validation of the candidate: {cell(cand['message'])}", ""]
    for note in notes:
        lines += [note, ""]
    return lines


def footer() -> str:
    env = os.environ
    parts = [f"updated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"]
    if env.get("GITHUB_ACTIONS") == "true" and env.get("GITHUB_RUN_ID"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        parts.append(f"[run]({server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env['GITHUB_RUN_ID']})")
    elif env.get("TF_BUILD", "").lower() == "true" and env.get("BUILD_BUILDID"):
        collection = env.get("SYSTEM_COLLECTIONURI", "").rstrip("/")
        project = urllib.parse.quote(env.get("SYSTEM_TEAMPROJECT", ""), safe="")
        parts.append(f"[run]({collection}/{project}/_build/results?buildId={env['BUILD_BUILDID']})")
    elif env.get("GITLAB_CI") == "true" and env.get("CI_PIPELINE_URL"):
        parts.append(f"[pipeline]({env['CI_PIPELINE_URL']})")
    return "<sub>" + ", ".join(parts) + "</sub>"


def compose(project: str, results: dict, max_length: int = MAX_COMMENT, commit: str | None = None,
            run_id: int | None = None) -> str:
    """The comment's Markdown, at most `max_length` characters (folded output is cut to fit).

    `commit`, when known, is the commit the results are for (named in the heading); `run_id`, when
    known, the platform's number of the run (recorded in a hidden line after the marker)."""
    text = ""
    heading = f"### CI results of `{project}`" + (f" at `{commit[:12]}`" if commit else "")
    hidden = [marker(project)] + ([run_line(run_id)] if run_id is not None else [])
    for limit in BLOCK_LIMITS:
        lines = [*hidden, heading, ""]
        lines += plan_section(results, limit)
        lines += model_section(results)
        lines.append(footer())
        text = "\n".join(lines) + "\n"
        if len(text) <= max_length:
            return text
    return text[: max_length - 40] + "\n\n... (comment cut to fit)\n"


# --- the platforms ---------------------------------------------------------------------------


class ApiError(Exception):
    """The platform's API refused or failed; the message names the method, endpoint and status."""


class NoForeignRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the same host only: the token must not travel elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(NoForeignRedirects)


def api(method: str, url: str, headers: dict[str, str], payload: object = None) -> object:
    """Call a JSON API; the decoded answer (None when empty)."""
    data = json.dumps(payload).encode("utf-8") if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    for key, value in {"Accept": "application/json", "User-Agent": "bricksmith-ci", **headers}.items():
        request.add_header(key, value)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with OPENER.open(request, timeout=TIMEOUT) as response:
            body = response.read()
    except urllib.error.HTTPError as err:
        detail = ""
        try:
            answer = json.loads(err.read() or b"null")
            if isinstance(answer, dict):
                detail = str(answer.get("message") or answer.get("error") or "")
        except (ValueError, OSError):
            pass
        detail = f": {' '.join(detail.split())[:300]}" if detail else ""
        raise ApiError(f"{method} {url} answered HTTP {err.code} {err.reason}{detail}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ApiError(f"{method} {url} failed: {reason}") from None
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        raise ApiError(f"{method} {url} answered with something that is not JSON") from None


class Platform:
    """Where the comment goes. Subclasses: find, update, create; `where` describes the target."""

    label = ""
    where = ""
    commit: str | None = None  # the commit this run tests, when the platform says
    run_id: int | None = None  # the platform's number of this run

    def find(self, mark: str):
        """(a reference to the comment holding `mark`, its body), or None."""
        raise NotImplementedError

    def update(self, ref, body: str) -> None:
        raise NotImplementedError

    def create(self, body: str) -> None:
        raise NotImplementedError

    def upsert(self, mark: str, body: str) -> tuple[bool, str]:
        """(posted, what happened): create the comment, or update it unless a later run wrote it."""
        found = self.find(mark)
        if found is None:
            self.create(body)
            return True, f"created a comment on {self.where}"
        ref, existing = found
        newer = written_by(existing)
        if newer is not None and self.run_id is not None and newer > self.run_id:
            return False, (f"the comment on {self.where} was written by run {newer}, a later run than this "
                           f"one ({self.run_id}): it is left as it is")
        self.update(ref, body)
        return True, f"updated the comment on {self.where}"


class GitHub(Platform):
    label = "GitHub"

    def __init__(self, env: dict[str, str], number: int):
        self.base = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
        self.repo = env["GITHUB_REPOSITORY"]
        self.number = number
        self.headers = {
            "Authorization": f"Bearer {env['GITHUB_TOKEN']}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        self.where = f"pull request #{number} of {self.repo}"

    def find(self, mark: str):
        for page in range(1, MAX_PAGES + 1):
            url = f"{self.base}/repos/{self.repo}/issues/{self.number}/comments?per_page={PAGE_SIZE}&page={page}"
            comments = api("GET", url, self.headers) or []
            for comment in comments:
                if mark in (comment.get("body") or ""):
                    return comment["id"], comment.get("body") or ""
            if len(comments) < PAGE_SIZE:
                return None
        return None

    def update(self, ref, body: str) -> None:
        api("PATCH", f"{self.base}/repos/{self.repo}/issues/comments/{ref}", self.headers, {"body": body})

    def create(self, body: str) -> None:
        api("POST", f"{self.base}/repos/{self.repo}/issues/{self.number}/comments", self.headers, {"body": body})


class AzureDevOps(Platform):
    label = "Azure DevOps"
    VERSION = "api-version=7.1"

    def __init__(self, env: dict[str, str], number: int):
        collection = env["SYSTEM_COLLECTIONURI"].rstrip("/")
        project = urllib.parse.quote(env["SYSTEM_TEAMPROJECT"], safe="")
        repository = urllib.parse.quote(env["BUILD_REPOSITORY_ID"], safe="")
        self.base = f"{collection}/{project}/_apis/git/repositories/{repository}/pullRequests/{number}/threads"
        self.headers = {"Authorization": f"Bearer {env['SYSTEM_ACCESSTOKEN']}"}
        self.where = f"pull request {number}"

    def find(self, mark: str):
        answer = api("GET", f"{self.base}?{self.VERSION}", self.headers) or {}
        for thread in answer.get("value") or []:
            for comment in thread.get("comments") or []:
                if not comment.get("isDeleted") and mark in (comment.get("content") or ""):
                    return (thread["id"], comment["id"]), comment.get("content") or ""
        return None

    def update(self, ref, body: str) -> None:
        thread, comment = ref
        api("PATCH", f"{self.base}/{thread}/comments/{comment}?{self.VERSION}", self.headers, {"content": body})

    def create(self, body: str) -> None:
        # Status 4 (closed): a report, not a discussion that must be resolved before merging.
        thread = {"comments": [{"parentCommentId": 0, "content": body, "commentType": 1}], "status": 4}
        api("POST", f"{self.base}?{self.VERSION}", self.headers, thread)


class GitLab(Platform):
    label = "GitLab"

    def __init__(self, env: dict[str, str], number: int):
        api_url = env["CI_API_V4_URL"].rstrip("/")
        project = urllib.parse.quote(env["CI_PROJECT_ID"], safe="")
        self.base = f"{api_url}/projects/{project}/merge_requests/{number}/notes"
        self.headers = {"PRIVATE-TOKEN": env["GITLAB_API_TOKEN"]}
        self.where = f"merge request !{number}"

    def find(self, mark: str):
        for page in range(1, MAX_PAGES + 1):
            url = f"{self.base}?per_page={PAGE_SIZE}&page={page}&sort=asc&order_by=created_at"
            notes = api("GET", url, self.headers) or []
            for note in notes:
                if not note.get("system") and mark in (note.get("body") or ""):
                    return note["id"], note.get("body") or ""
            if len(notes) < PAGE_SIZE:
                return None
        return None

    def update(self, ref, body: str) -> None:
        api("PUT", f"{self.base}/{ref}", self.headers, {"body": body})

    def create(self, body: str) -> None:
        api("POST", self.base, self.headers, {"body": body})


def _number(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _with_run(platform: Platform, env: dict[str, str], commit: str | None) -> Platform:
    """`platform` with the commit this run tests and the platform's number of the run."""
    platform.commit = commit or None
    platform.run_id = _number(env.get(RUN_ID_VARIABLES[platform.label]))
    return platform


def detect(env: dict[str, str]) -> tuple[Platform | None, str]:
    """(the platform to post to, "") or (None, why nothing can be posted)."""
    if env.get("GITHUB_ACTIONS") == "true":
        event_path = env.get("GITHUB_EVENT_PATH")
        number = commit = None
        if event_path:
            try:
                event = json.loads(Path(event_path).read_text(encoding="utf-8"))
                pull = (event or {}).get("pull_request") or {}
                number = _number(pull.get("number"))
                commit = (pull.get("head") or {}).get("sha")
            except (OSError, ValueError) as err:
                return None, f"GitHub Actions: cannot read the event file GITHUB_EVENT_PATH ({err})"
        if number is None:
            return None, "GitHub Actions: this run is not for a pull request (no pull_request.number in its event)"
        missing = [name for name in ("GITHUB_REPOSITORY", "GITHUB_TOKEN") if not env.get(name)]
        if missing:
            return None, f"GitHub Actions: {' and '.join(missing)} not set (give the step env GITHUB_TOKEN)"
        return _with_run(GitHub(env, number), env, commit), ""
    if env.get("TF_BUILD", "").lower() == "true":
        provider = env.get("BUILD_REPOSITORY_PROVIDER")
        if provider and provider != "TfsGit":
            return None, (
                f"Azure Pipelines: the repository is on {provider}; comments go to Azure Repos pull requests only"
            )
        number = _number(env.get("SYSTEM_PULLREQUEST_PULLREQUESTID"))
        if number is None:
            return None, "Azure Pipelines: this run is not for a pull request (SYSTEM_PULLREQUEST_PULLREQUESTID unset)"
        needed = ("SYSTEM_COLLECTIONURI", "SYSTEM_TEAMPROJECT", "BUILD_REPOSITORY_ID", "SYSTEM_ACCESSTOKEN")
        missing = [name for name in needed if not env.get(name)]
        if missing:
            return None, (
                f"Azure Pipelines: {', '.join(missing)} not set (map SYSTEM_ACCESSTOKEN into the step: "
                "env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))"
            )
        return _with_run(AzureDevOps(env, number), env, env.get("SYSTEM_PULLREQUEST_SOURCECOMMITID")), ""
    if env.get("GITLAB_CI") == "true":
        number = _number(env.get("CI_MERGE_REQUEST_IID"))
        if number is None:
            return None, "GitLab CI: this pipeline is not for a merge request (CI_MERGE_REQUEST_IID unset)"
        missing = [name for name in ("CI_API_V4_URL", "CI_PROJECT_ID", "GITLAB_API_TOKEN") if not env.get(name)]
        if missing:
            return None, (
                f"GitLab CI: {', '.join(missing)} not set (GITLAB_API_TOKEN: a masked CI/CD variable holding a "
                "project access token with the api scope)"
            )
        # Merged-results pipelines test a merge commit; the source branch's commit is the one to name.
        commit = env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA") or env.get("CI_COMMIT_SHA")
        return _with_run(GitLab(env, number), env, commit), ""
    return None, "not running in GitHub Actions, Azure Pipelines or GitLab CI"


# --- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pr_comment.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", required=True, help="the project's name (its bundle name)")
    parser.add_argument("--results", type=Path, help="folder of the result files (searched recursively)")
    parser.add_argument("--dry-run", action="store_true", help="print the comment and where it would go; post nothing")
    parser.add_argument("--marker-only", action="store_true", help="print the project's hidden comment marker and exit")
    args = parser.parse_args(argv)
    env = dict(os.environ if env is None else env)
    if not NAME.match(args.project):
        parser.error(
            f"--project {args.project!r} is not a project name: 2 to 63 characters, a lowercase letter "
            "first, then lowercase letters, digits, '_' or '-'"
        )
    if args.marker_only:
        print(marker(args.project))
        return 0
    if args.results is None:
        parser.error("--results DIR is required (the folder of the result files)")
    if not args.results.is_dir():
        print(f"pr_comment: results folder {args.results} does not exist: every result is shown as pending",
              file=sys.stderr)

    platform, why = detect(env)
    body = compose(args.project, load_results(args.results), commit=platform.commit if platform else None,
                   run_id=platform.run_id if platform else None)
    if hasattr(sys.stdout, "reconfigure"):  # a console that cannot show the emoji still gets the text
        sys.stdout.reconfigure(errors="replace")
    print(body)
    if platform is None:
        print(f"pr_comment: nothing posted: {why}.", file=sys.stderr)
        return 0
    if args.dry_run:
        print(f"pr_comment: dry run: would create or update the comment on {platform.label} {platform.where}.",
              file=sys.stderr)
        return 0
    try:
        posted, done = platform.upsert(marker(args.project), body)
    except ApiError as err:
        print(f"pr_comment: error: {platform.label} API: {err}", file=sys.stderr)
        return 1
    print(f"pr_comment: {'' if posted else 'nothing posted: '}{done} ({platform.label}).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
