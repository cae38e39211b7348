#!/usr/bin/env python3
"""Turn a proposal issue into a pull request: ``python scripts/proposal_to_pr.py --event "$GITHUB_EVENT_PATH"``.

Run by .github/workflows/voorstel-omzetten.yml when an editor adds the label ``omzetten`` to an issue made with the
form "Een pagina voorstellen". It reads the issue from the event payload file (data, never code), makes the page
with the project's scaffolder and checker (``smartcity.proposal``), commits it on the branch
``voorstel/issue-<number>`` (made afresh from the default branch each time, so adding the label again after the
proposer edited the issue replaces the earlier attempt), pushes, opens or updates the pull request and comments on
the issue in Dutch: the link, or what to change. It then takes the label off, so that it can be added again.

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
            raise RunError(f"GITHUB_API_URL moet https gebruiken: {self.api_url!r}")
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", self.repository):
            raise RunError(f"GITHUB_REPOSITORY is geen eigenaar/naam: {self.repository!r}")

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
            raise RunError(f"GitHub antwoordde {exc.code} op {method} {path}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise RunError(f"GitHub is niet bereikbaar voor {method} {path}: {exc}") from exc
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
        except RunError as exc:
            if " 404 " not in f" {exc} ":
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
            raise RunError(f"git {args[0]} mislukte: {exc}") from exc
        if done.returncode != 0:
            raise RunError(f"git {args[0]} mislukte ({done.returncode}): {done.stderr.strip()[:500]}")
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
    lines = [f"Voorstel uit issue #{number}: {page.title}"[:200], "", f"Omgezet uit het formulier in #{number}."]
    if page.new_places:
        lines.append("Nieuwe plaats in mkdocs.yml: " + ", ".join(page.new_places) + ".")
    if login and user_id is not None:
        lines += ["", f"Co-authored-by: {login} <{user_id}+{login}@users.noreply.github.com>"]
    return "\n".join(lines) + "\n"


def pull_body(page: proposal.Page, number: int, login: str) -> str:
    who = f"@{login}" if login else "de indiener"
    lines = [
        f"Deze pagina is voorgesteld door {who} in #{number} en automatisch omgezet uit het formulier "
        "“Een pagina voorstellen”.",
        "",
        f"- Pagina: `{page.rel_path}`",
        f"- Titel: {markdown_text(page.title)}",
    ]
    if page.new_places:
        names = ", ".join(markdown_text(name) for name in page.new_places)
        lines.append(
            f"- Nieuwe gemeente of organisatie (één regel in `mkdocs.yml`, en dezelfde naam als keuze in het "
            f"formulier): {names}. Neemt de redactie haar niet op, verwijder dan die regels en kies in de pagina "
            "een plaats uit de lijst."
        )
    if page.warnings:
        lines += ["", "Waarschuwingen van de inhoudscontrole:", ""]
        lines += [f"- {markdown_text(warning)}" for warning in page.warnings]
    lines += [
        "",
        "Voor de redactie: lees de tekst na, ga na of de bron klopt en of genoemde mensen hebben ingestemd. "
        "De voorbeeldsite staat bij de controle “Inhoud en voorbeeld” als artefact `voorbeeld`: download het, "
        "pak het zip-bestand uit en open `index.html` met een dubbelklik. U kunt de pagina in deze pull request "
        "zelf verbeteren voordat u samenvoegt.",
        "",
        f"Closes #{number}",
        "",
    ]
    return "\n".join(lines)


def success_comment(url: str, updated: bool, page: proposal.Page) -> str:
    what = "bijgewerkt" if updated else "omgezet in een pull request"
    lines = [
        f"Dank u wel! Uw voorstel is {what}: {url}",
        "",
        f"De pagina heet `{page.rel_path}`. Een redacteur leest haar na en kan de tekst nog verbeteren; "
        "daarna komt ze op de site. Wilt u zelf nog iets veranderen, bewerk dan dit issue en vraag de "
        "redactie het label `omzetten` opnieuw toe te voegen (de pull request wordt dan bijgewerkt; wijzigingen "
        "die een redacteur al in de pull request maakte, worden dan vervangen).",
    ]
    if page.new_places:
        names = ", ".join(markdown_text(name) for name in page.new_places)
        lines += ["", f"U noemde een nieuwe gemeente of organisatie ({names}); de redactie beslist of die erbij komt."]
    return "\n".join(lines) + "\n"


def refusal_comment(messages: Sequence[str]) -> str:
    lines = ["Dank u wel voor uw voorstel. Er kon nog geen pagina van gemaakt worden. Dit moet anders:", ""]
    lines += [f"- {markdown_text(message)}" for message in messages[:30]]
    if len(messages) > 30:
        lines.append(f"- … en nog {len(messages) - 30} andere punten.")
    lines += ["", proposal.EDIT_HINT + " Het omzetten begint dan opnieuw.", ""]
    return "\n".join(lines)


FAILURE_COMMENT = (
    "Het omzetten van dit voorstel lukte niet door een fout aan onze kant, niet door uw tekst. "
    "Een redacteur kijkt ernaar; u hoeft niets te doen.\n"
)


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
        log(f"Niets te doen: dit is niet het toevoegen van het label {label}.")
        return 0
    if issue.get("pull_request") is not None:
        log("Niets te doen: dit is een pull request, geen voorstel.")
        return 0
    number = issue.get("number")
    if not isinstance(number, int) or number < 1:
        raise RunError("het issue in de gebeurtenis heeft geen nummer")
    base = str((event.get("repository") or {}).get("default_branch") or "")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*", base):
        raise RunError(f"de gebeurtenis noemt geen bruikbare standaardbranch: {base!r}")
    login, user_id = proposer(issue)
    branch = f"{BRANCH_PREFIX}{number}"
    fields = proposal.load_form(form)
    body = issue.get("body")
    try:
        answers = proposal.parse_body(body if isinstance(body, str) else "", fields)
        git.start_branch(branch, base)
        page = proposal.convert(answers, fields, project, today)
    except proposal.ProposalError as exc:
        log("Geweigerd: " + " | ".join(exc.messages))
        github.comment(number, refusal_comment(exc.messages))
        github.remove_label(number, label)
        return 0
    except proposal.ConversionError as exc:
        github.comment(number, FAILURE_COMMENT)
        raise RunError(str(exc)) from exc
    git.commit(page.changed_files, commit_message(page, number, login, user_id))
    git.push(branch)
    title = f"Voorstel: {page.title}"[:200]
    body_text = pull_body(page, number, login)
    existing = github.open_pull(branch)
    if existing is not None:
        pull = github.update_pull(int(existing["number"]), title, body_text)
    else:
        pull = github.create_pull(title, branch, base, body_text)
    url = str(pull.get("html_url") or "")
    github.comment(number, success_comment(url, existing is not None, page))
    github.remove_label(number, label)
    log(f"Pull request: {url}")
    return 0


def read_event(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise RunError(f"kan het gebeurtenisbestand {path} niet lezen: {exc.strerror}") from exc
    if len(raw) > MAX_EVENT_BYTES:
        raise RunError(f"het gebeurtenisbestand is groter dan {MAX_EVENT_BYTES} bytes")
    try:
        event = json.loads(raw)
    except ValueError as exc:
        raise RunError(f"het gebeurtenisbestand is geen JSON: {exc}") from exc
    if not isinstance(event, dict):
        raise RunError("het gebeurtenisbestand is geen JSON-object")
    return event


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Zet een voorstel-issue om in een pull request (voor de workflow).")
    p.add_argument("--event", type=Path, required=True, help="het gebeurtenisbestand ($GITHUB_EVENT_PATH)")
    p.add_argument("--project", type=Path, default=Path.cwd(), help="de werkkopie (standaard: de huidige map)")
    p.add_argument("--remote", default=None, help="waarheen gepusht wordt (standaard: de repository op GitHub)")
    p.add_argument("--label", default=LABEL, help=f"het label dat het omzetten start (standaard: {LABEL})")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, help="doe alsof het vandaag is (JJJJ-MM-DD)")
    return p


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    env = os.environ if environ is None else environ
    args = parser().parse_args(argv)
    token = env.get("GITHUB_TOKEN", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    if not token or not repository:
        print("proposal_to_pr: GITHUB_TOKEN en GITHUB_REPOSITORY moeten gezet zijn", file=sys.stderr)
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
