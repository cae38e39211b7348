#!/usr/bin/env python3
"""Turn a proposal issue into a pull request: ``python scripts/proposal_to_pr.py --event "$GITHUB_EVENT_PATH"``.

Run by .github/workflows/voorstel-omzetten.yml when an editor adds the label ``omzetten`` to an issue made with the
form "Een pagina voorstellen". It reads the issue from the event payload file (data, never code), makes the page
with the project's scaffolder and checker (``smartcity.proposal``), commits it on the branch
``voorstel/issue-<number>`` (made afresh from the default branch each time, so adding the label again after the
proposer edited the issue replaces the earlier attempt), pushes, opens or updates the pull request and comments on
the issue in Dutch: the link, or what to change. It then takes the label off, so that it can be added again.
Every Dutch text it writes (comments, the pull request, the commit message, the log) is in
``smartcity/texts/proposal.yml``.

Git runs as the ``git`` command; GitHub's REST API is called with urllib at ``GITHUB_API_URL``. Both are parameters,
so the tests point them at a local bare repository and a local HTTP server. The token comes from the environment
(``GITHUB_TOKEN``) and reaches Git as an HTTP header through ``GIT_CONFIG_*`` variables, never on a command line.

Exit status: 0 converted, refused with a comment, or not for us; 1 an error on our side (an editor must look);
2 a usage problem.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import re
import string
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from smartcity import clock, proposal
from smartcity.texts import Text, text

LABEL = "omzetten"
BRANCH_PREFIX = "voorstel/issue-"
MAX_EVENT_BYTES = 4_000_000  # GitHub's webhook payloads are capped at 25 MB; an issue event is a few kB
API_TIMEOUT = 30  # seconds per request to GitHub
GIT_TIMEOUT = 120  # seconds per git command
LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
_MARKDOWN_ESCAPES = str.maketrans({ch: "\\" + ch for ch in string.punctuation})


class RunError(Exception):
    """Something on our side went wrong (Git, GitHub, the configuration); the message is for the workflow log."""


class GitHubStatusError(RunError):
    """GitHub answered a request with an error ``status`` (404, 422, ...)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def log(text: str, stream: TextIO | None = None) -> None:
    """One line for the workflow log (default: standard output). Never more: the runner reads a line that starts
    with ``::`` as a workflow command, and the text may quote the issue."""
    print(" ".join(text.split()), file=stream or sys.stdout)


def markdown_text(text: str, limit: int = 1000) -> str:
    """Untrusted text shown literally in a GitHub comment: one line, every ASCII punctuation mark escaped (CommonMark
    allows that for all of them), so no link, image, HTML, heading or table can come out of it; an invisible word
    joiner after each ``@`` keeps a name from becoming a mention that notifies someone."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[:limit] + "…"
    return line.translate(_MARKDOWN_ESCAPES).replace("@", "@\u2060")


@dataclass
class GitHub:
    """The few REST calls the converter makes; ``api_url`` is ``GITHUB_API_URL`` (or a local test server)."""

    api_url: str
    repository: str  # owner/name
    token: str

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.api_url)
        local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
        if parts.scheme != "https" and not local:
            raise RunError(text(Text.PROPOSAL_GITHUB_NOT_HTTPS, url=repr(self.api_url)))
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", self.repository):
            raise RunError(text(Text.PROPOSAL_GITHUB_BAD_REPOSITORY, repository=repr(self.repository)))

    def request(self, method: str, path: str, body: Any = None, query: Mapping[str, str] | None = None) -> Any:
        url = self.api_url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "smart-city-lessen-proposal",
        }
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        call = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - scheme checked
        try:
            with urllib.request.urlopen(call, timeout=API_TIMEOUT) as response:  # noqa: S310 - scheme checked
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            message = text(Text.PROPOSAL_GITHUB_REFUSED, status=exc.code, method=method, path=path, detail=detail)
            raise GitHubStatusError(message, exc.code) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise RunError(text(Text.PROPOSAL_GITHUB_UNREACHABLE, method=method, path=path, reason=exc)) from exc
        return json.loads(raw) if raw.strip() else None

    def repo_path(self, rest: str) -> str:
        return f"/repos/{self.repository}{rest}"

    def open_pull(self, branch: str) -> dict[str, Any] | None:
        """The open pull request from ``branch`` of this repository, if there is one."""
        owner = self.repository.split("/", 1)[0]
        found = self.request("GET", self.repo_path("/pulls"), query={"head": f"{owner}:{branch}", "state": "open"})
        return found[0] if isinstance(found, list) and found else None

    def create_pull(self, title: str, branch: str, base: str, body: str) -> dict[str, Any]:
        payload = {"title": title, "head": branch, "base": base, "body": body}
        return self.request("POST", self.repo_path("/pulls"), payload)

    def update_pull(self, number: int, title: str, body: str) -> dict[str, Any]:
        return self.request("PATCH", self.repo_path(f"/pulls/{number}"), {"title": title, "body": body})

    def comment(self, issue: int, body: str) -> None:
        self.request("POST", self.repo_path(f"/issues/{issue}/comments"), {"body": body})

    def remove_label(self, issue: int, label: str) -> None:
        """Take the label off, so that an editor can add it again; already gone is fine."""
        try:
            self.request("DELETE", self.repo_path(f"/issues/{issue}/labels/{urllib.parse.quote(label, safe='')}"))
        except GitHubStatusError as exc:
            if exc.status != 404:
                raise


@dataclass
class Git:
    """``git`` in the working copy ``directory``; pushes to ``remote`` with the token as an HTTP header."""

    directory: Path
    remote: str
    token: str = ""

    def env(self) -> dict[str, str]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        for name, value in (("NAME", BOT_NAME), ("EMAIL", BOT_EMAIL)):
            env[f"GIT_AUTHOR_{name}"] = value
            env[f"GIT_COMMITTER_{name}"] = value
        if self.token and self.remote.startswith("https://"):
            parts = urllib.parse.urlsplit(self.remote)
            basic = base64.b64encode(f"x-access-token:{self.token}".encode()).decode("ascii")
            env["GIT_CONFIG_COUNT"] = "1"
            env["GIT_CONFIG_KEY_0"] = f"http.{parts.scheme}://{parts.netloc}/.extraheader"
            env["GIT_CONFIG_VALUE_0"] = f"AUTHORIZATION: basic {basic}"
        return env

    def run(self, *args: str, stdin: str | None = None) -> str:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.directory,
                input=stdin,
                capture_output=True,
                text=True,
                env=self.env(),
                timeout=GIT_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RunError(text(Text.PROPOSAL_GIT_FAILED, command=args[0], reason=exc)) from exc
        if done.returncode != 0:
            raise RunError(
                text(
                    Text.PROPOSAL_GIT_FAILED_STATUS,
                    command=args[0],
                    status=done.returncode,
                    error=done.stderr.strip()[:500],
                )
            )
        return done.stdout

    def start_branch(self, branch: str, base: str) -> None:
        """Work on ``branch``, made afresh from the remote's ``base`` branch (whatever the working copy had)."""
        self.run("fetch", "--quiet", "--depth=1", self.remote, f"refs/heads/{base}")
        self.run("switch", "--quiet", "--discard-changes", "--force-create", branch, "FETCH_HEAD")

    def commit(self, paths: Sequence[str], message: str) -> str:
        self.run("add", "--", *paths)
        self.run("commit", "--quiet", "--no-verify", "--file=-", stdin=message)
        return self.run("rev-parse", "HEAD").strip()

    def push(self, branch: str) -> None:
        """Replace the branch on the remote: each conversion starts again from the default branch."""
        self.run("push", "--quiet", "--force", self.remote, f"HEAD:refs/heads/{branch}")


def proposer(issue: Mapping[str, Any]) -> tuple[str, int | None]:
    """The proposer's login (only when it is a valid GitHub login) and numeric id."""
    user = issue.get("user") or {}
    login = str(user.get("login") or "")
    user_id = user.get("id")
    valid = LOGIN.fullmatch(login) is not None
    return (login if valid else ""), (user_id if isinstance(user_id, int) and valid else None)


def commit_message(page: proposal.Page, number: int, login: str, user_id: int | None) -> str:
    lines = [
        text(Text.PROPOSAL_COMMIT_TITLE, issue=number, title=page.title)[:200],
        "",
        text(Text.PROPOSAL_COMMIT_ORIGIN, issue=number),
    ]
    if page.new_places:
        lines.append(text(Text.PROPOSAL_COMMIT_NEW_PLACES, names=", ".join(page.new_places)))
    # Co-authored-by is a Git trailer that GitHub reads: English by definition.
    if login and user_id is not None:
        lines += ["", f"Co-authored-by: {login} <{user_id}+{login}@users.noreply.github.com>"]
    return "\n".join(lines) + "\n"


def pull_body(page: proposal.Page, number: int, login: str) -> str:
    who = f"@{login}" if login else text(Text.PROPOSAL_PULL_PROPOSER_UNKNOWN)
    facts = [
        text(Text.PROPOSAL_PULL_PAGE, path=page.rel_path),
        text(Text.PROPOSAL_PULL_TITLE_ITEM, title=markdown_text(page.title)),
    ]
    if page.new_places:
        names = ", ".join(markdown_text(name) for name in page.new_places)
        facts.append(text(Text.PROPOSAL_PULL_NEW_PLACES, names=names))
    lines = [text(Text.PROPOSAL_PULL_INTRO, proposer=who, issue=number), "", *(f"- {fact}" for fact in facts)]
    if page.warnings:
        lines += ["", text(Text.PROPOSAL_PULL_WARNINGS), ""]
        lines += [f"- {markdown_text(warning)}" for warning in page.warnings]
    lines += [
        "",
        text(Text.PROPOSAL_PULL_FOR_EDITORS),
        "",
        f"Closes #{number}",  # GitHub's keyword (English) that closes the issue when the pull request is merged
        "",
    ]
    return "\n".join(lines)


def success_comment(url: str, updated: bool, page: proposal.Page) -> str:
    done = Text.PROPOSAL_SUCCESS_UPDATED if updated else Text.PROPOSAL_SUCCESS_OPENED
    lines = [text(done, url=url), "", text(Text.PROPOSAL_SUCCESS_NEXT, path=page.rel_path)]
    if page.new_places:
        names = ", ".join(markdown_text(name) for name in page.new_places)
        lines += ["", text(Text.PROPOSAL_SUCCESS_NEW_PLACES, names=names)]
    return "\n".join(lines) + "\n"


def refusal_comment(messages: Sequence[str]) -> str:
    shown = 30  # the rest is counted, so that a hostile body cannot make a comment of thousands of lines
    lines = [text(Text.PROPOSAL_REFUSAL_INTRO), ""]
    lines += [f"- {markdown_text(message)}" for message in messages[:shown]]
    if len(messages) > shown:
        lines.append(f"- {text(Text.PROPOSAL_REFUSAL_MORE, count=len(messages) - shown)}")
    lines += ["", text(Text.PROPOSAL_REFUSAL_EDIT_HINT), ""]
    return "\n".join(lines)


def failure_comment() -> str:
    return text(Text.PROPOSAL_FAILURE) + "\n"


def convert_issue(
    event: Mapping[str, Any],
    *,
    project: Path,
    git: Git,
    github: GitHub,
    today: dt.date,
    label: str = LABEL,
    form: Path = proposal.FORM_FILE,
) -> int:
    """The whole conversion of one ``issues`` event; see the module docstring for what it does."""
    issue = event.get("issue") or {}
    if event.get("action") != "labeled" or (event.get("label") or {}).get("name") != label:
        log(text(Text.PROPOSAL_LOG_NOT_OUR_LABEL, label=label))
        return 0
    if issue.get("pull_request") is not None:
        log(text(Text.PROPOSAL_LOG_NOT_A_PROPOSAL))
        return 0
    number = issue.get("number")
    if not isinstance(number, int) or number < 1:
        raise RunError(text(Text.PROPOSAL_EVENT_NO_NUMBER))
    base = str((event.get("repository") or {}).get("default_branch") or "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*", base):
        raise RunError(text(Text.PROPOSAL_EVENT_NO_DEFAULT_BRANCH, branch=repr(base)))
    login, user_id = proposer(issue)
    branch = f"{BRANCH_PREFIX}{number}"
    fields = proposal.load_form(form)
    body = issue.get("body")
    try:
        answers = proposal.parse_body(body if isinstance(body, str) else "", fields)
        git.start_branch(branch, base)
        page = proposal.convert(answers, fields, project, today)
    except proposal.ProposalError as exc:
        log(text(Text.PROPOSAL_LOG_REFUSED, problems=" | ".join(exc.messages)))
        github.comment(number, refusal_comment(exc.messages))
        github.remove_label(number, label)
        return 0
    except proposal.ConversionError as exc:
        github.comment(number, failure_comment())
        raise RunError(str(exc)) from exc
    git.commit(page.changed_files, commit_message(page, number, login, user_id))
    git.push(branch)
    title = text(Text.PROPOSAL_PULL_TITLE, title=page.title)[:200]
    body_text = pull_body(page, number, login)
    existing = github.open_pull(branch)
    if existing is not None:
        pull = github.update_pull(int(existing["number"]), title, body_text)
    else:
        pull = github.create_pull(title, branch, base, body_text)
    url = str(pull.get("html_url") or "")
    github.comment(number, success_comment(url, existing is not None, page))
    github.remove_label(number, label)
    log(text(Text.PROPOSAL_LOG_PULL_REQUEST, url=url))
    return 0


def read_event(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise RunError(text(Text.PROPOSAL_EVENT_UNREADABLE, path=path, reason=exc.strerror)) from exc
    if len(raw) > MAX_EVENT_BYTES:
        raise RunError(text(Text.PROPOSAL_EVENT_TOO_LARGE, limit=MAX_EVENT_BYTES))
    try:
        event = json.loads(raw)
    except ValueError as exc:
        raise RunError(text(Text.PROPOSAL_EVENT_NOT_JSON, reason=exc)) from exc
    if not isinstance(event, dict):
        raise RunError(text(Text.PROPOSAL_EVENT_NOT_OBJECT))
    return event


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=text(Text.PROPOSAL_DESCRIPTION))
    p.add_argument("--event", type=Path, required=True, help=text(Text.PROPOSAL_HELP_EVENT))
    p.add_argument("--project", type=Path, default=Path.cwd(), help=text(Text.PROPOSAL_HELP_PROJECT))
    p.add_argument("--remote", default=None, help=text(Text.PROPOSAL_HELP_REMOTE))
    p.add_argument("--label", default=LABEL, help=text(Text.PROPOSAL_HELP_LABEL, label=LABEL))
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, help=text(Text.PROPOSAL_HELP_TODAY))
    return p


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    args = parser().parse_args(argv)
    token = env.get("GITHUB_TOKEN", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    if not token or not repository:
        print(f"proposal_to_pr: {text(Text.PROPOSAL_MISSING_ENVIRONMENT)}", file=sys.stderr)
        return 2
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    remote = args.remote or f"{server}/{repository}.git"
    try:
        github = GitHub(env.get("GITHUB_API_URL", "https://api.github.com"), repository, token)
        event = read_event(args.event)
        git = Git(args.project.resolve(), remote, token)
        return convert_issue(
            event,
            project=args.project.resolve(),
            git=git,
            github=github,
            today=args.today or clock.today(),
            label=args.label,
        )
    except RunError as exc:
        log(f"proposal_to_pr: {exc}", sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
