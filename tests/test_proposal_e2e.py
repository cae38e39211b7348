"""``scripts/proposal_to_pr.py`` end to end: an ``issues`` event payload in GitHub's documented shape, a local bare
Git repository as the remote, and a local HTTP server on 127.0.0.1 standing in for GitHub's REST API (real HTTP).
The tests assert the exact requests (branch, file contents, pull request, comment); every hostile body gives a page
that passes the checker and the strict build, or a Dutch refusal and nothing pushed."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import proposal_to_pr
import pytest
import sitekit
from smartcity import frontmatter, proposal
from test_proposal import FIELDS, FILLED, form_body

REPOSITORY = "gemeenten/smart-city-lessen"
TOKEN = "test-token-123"
NUMBER = 12
LOGIN = "beleidsadviseur"
USER_ID = 4242
TODAY = sitekit.TODAY
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def event(body: str, *, action: str = "labeled", label: str = "omzetten") -> dict[str, Any]:
    """An ``issues`` webhook payload as GitHub documents it (the fields the converter reads, and a few more)."""
    owner, name = REPOSITORY.split("/")
    return {
        "action": action,
        "label": {"id": 1, "name": label, "color": "0e8a16"},
        "issue": {
            "number": NUMBER,
            "title": "Voorstel: Open data in de wijk",
            "body": body,
            "state": "open",
            "user": {"login": LOGIN, "id": USER_ID, "type": "User"},
            "labels": [{"name": label}],
            "html_url": f"https://github.com/{REPOSITORY}/issues/{NUMBER}",
        },
        "repository": {
            "full_name": REPOSITORY,
            "name": name,
            "owner": {"login": owner},
            "default_branch": "main",
        },
        "sender": {"login": "redacteur", "id": 7},
    }


# --- a local stand-in for GitHub's REST API ----------------------------------------------------------------


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    authorization: str


@dataclass
class FakeGitHub:
    calls: list[Call] = field(default_factory=list)
    open_pulls: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


def _handler(state: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            state.calls.append(
                Call(self.command, parts.path, parse_qs(parts.query), body, self.headers.get("Authorization", ""))
            )
            prefix = f"/repos/{REPOSITORY}"
            status, reply = 404, {"message": "Not Found"}
            if self.command == "GET" and parts.path == f"{prefix}/pulls":
                status, reply = 200, state.open_pulls
            elif self.command == "POST" and parts.path == f"{prefix}/pulls":
                pull = {"number": 101, "html_url": f"https://github.com/{REPOSITORY}/pull/101", **body}
                state.open_pulls.append(pull)
                status, reply = 201, pull
            elif self.command == "PATCH" and parts.path == f"{prefix}/pulls/101":
                status, reply = 200, {**state.open_pulls[0], **body}
            elif self.command == "POST" and parts.path == f"{prefix}/issues/{NUMBER}/comments":
                status, reply = 201, {"id": 1, **body}
            elif self.command == "DELETE" and parts.path == f"{prefix}/issues/{NUMBER}/labels/omzetten":
                status, reply = 200, []
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def do_PATCH(self) -> None:
            self._answer()

        def do_DELETE(self) -> None:
            self._answer()

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    state = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# --- a local bare repository and the workflow's checkout ---------------------------------------------------


def git(directory: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=directory, capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True
    )
    return done.stdout


@dataclass
class Repos:
    bare: Path
    checkout: Path


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repos:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    seed = tmp_path / "seed"
    sitekit.make_project(seed)
    form = seed / ".github" / "ISSUE_TEMPLATE" / proposal.FORM_FILE.name
    form.parent.mkdir(parents=True)
    form.write_text(proposal.FORM_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    git(seed, "init", "--quiet", "--initial-branch=main")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "Begin")
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "--quiet", "--bare", str(seed), str(bare))
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(bare), str(checkout))
    return Repos(bare, checkout)


def run(repos: Repos, github: FakeGitHub, payload: dict[str, Any], tmp_path: Path) -> int:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(payload), encoding="utf-8")
    environ = {
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": github.url,
        "GITHUB_SERVER_URL": "https://github.com",
    }
    argv = ["--event", str(event_file), "--project", str(repos.checkout), "--remote", str(repos.bare)]
    return proposal_to_pr.main([*argv, "--today", TODAY], environ)


BRANCH = f"voorstel/issue-{NUMBER}"
PAGE = "docs/lessen/open-data-in-de-wijk.md"
FORM = ".github/ISSUE_TEMPLATE/les-voorstellen.yml"


def test_filled_form_becomes_a_pull_request(repos: Repos, github: FakeGitHub, tmp_path: Path) -> None:
    text = "Anna de Vries vertelde dat bewoners om **gegevens** over hun straat vroegen."
    body = form_body({**FILLED, "nieuwe_gemeenten": "Zwolle", "personen": "Anna de Vries", "deel_1": text})
    assert run(repos, github, event(body), tmp_path) == 0

    # The branch on the remote: one commit on top of main, with the page and the new place.
    main = git(repos.bare, "rev-parse", "main").strip()
    assert git(repos.bare, "rev-parse", f"{BRANCH}^").strip() == main
    changed = git(repos.bare, "diff", "--name-only", "main", BRANCH).split()
    assert changed == [FORM, "docs/lessen/open-data-in-de-wijk.md", "mkdocs.yml"]
    page = git(repos.bare, "show", f"{BRANCH}:{PAGE}")
    meta, problems = frontmatter.load(frontmatter.split(page).yaml_text)
    assert problems == {}
    assert meta == {
        "title": "Open data in de wijk",
        "description": "Hoe een gemeente open data met bewoners deelde.",
        "date": dt.date.fromisoformat(TODAY),
        "type": "les",
        "cities": ["Utrecht", "Zwolle"],
        "tags": ["Open data", "Kennisdeling"],
        "people": ["Anna de Vries"],
    }
    assert f"## Wat speelde er\n\n{text}\n\n## Wat is er geleerd" in page
    assert "## Wat is er geleerd\n\n- Deel vroeg.\n- Luister goed.\n" in page
    config_diff = git(repos.bare, "diff", "main", BRANCH, "--", "mkdocs.yml")
    diff_lines = config_diff.splitlines()
    assert [line for line in diff_lines if line.startswith("-") and not line.startswith("---")] == []
    assert [line for line in diff_lines if line.startswith("+") and not line.startswith("+++")] == ["+    - Zwolle"]
    form_diff = git(repos.bare, "diff", "main", BRANCH, "--", FORM).splitlines()
    assert [line for line in form_diff if line.startswith("-") and not line.startswith("---")] == []
    assert [line for line in form_diff if line.startswith("+") and not line.startswith("+++")] == ["+        - Zwolle"]
    message = git(repos.bare, "log", "-1", "--format=%B", BRANCH)
    assert f"Co-authored-by: {LOGIN} <{USER_ID}+{LOGIN}@users.noreply.github.com>" in message

    # The exact requests to GitHub, each with the token.
    calls = [(c.method, c.path) for c in github.calls]
    prefix = f"/repos/{REPOSITORY}"
    assert calls == [
        ("GET", f"{prefix}/pulls"),
        ("POST", f"{prefix}/pulls"),
        ("POST", f"{prefix}/issues/{NUMBER}/comments"),
        ("DELETE", f"{prefix}/issues/{NUMBER}/labels/omzetten"),
    ]
    assert all(c.authorization == f"Bearer {TOKEN}" for c in github.calls)
    assert github.calls[0].query == {"head": [f"gemeenten:{BRANCH}"], "state": ["open"]}
    pull = github.calls[1].body
    assert pull["title"] == "Voorstel: Open data in de wijk"
    assert (pull["head"], pull["base"]) == (BRANCH, "main")
    assert f"@{LOGIN}" in pull["body"]
    assert f"Closes #{NUMBER}" in pull["body"]
    assert f"`{PAGE}`" in pull["body"]
    assert "Zwolle" in pull["body"]
    comment = github.calls[2].body["body"]
    assert f"https://github.com/{REPOSITORY}/pull/101" in comment
    assert "Uw voorstel is omgezet in een pull request" in comment


def test_token_reaches_git_as_a_header_never_as_an_argument(
    repos: Repos, github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(command: list[str], *args: Any, **kwargs: Any) -> Any:
        commands.append([str(part) for part in command])
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)
    assert run(repos, github, event(form_body(FILLED)), tmp_path) == 0
    assert any(command[:2] == ["git", "push"] for command in commands)
    assert not any(TOKEN in part for command in commands for part in command)

    env = proposal_to_pr.Git(repos.checkout, "https://github.com/gemeenten/smart-city-lessen.git", TOKEN).env()
    assert env["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"
    header = env["GIT_CONFIG_VALUE_0"].removeprefix("AUTHORIZATION: basic ")
    assert base64.b64decode(header).decode() == f"x-access-token:{TOKEN}"
    assert "GIT_CONFIG_KEY_0" not in proposal_to_pr.Git(repos.checkout, str(repos.bare), TOKEN).env()


def test_label_added_again_after_an_edit_updates_the_same_branch(
    repos: Repos, github: FakeGitHub, tmp_path: Path
) -> None:
    assert run(repos, github, event(form_body(FILLED)), tmp_path) == 0
    first = git(repos.bare, "rev-parse", BRANCH).strip()
    github.calls.clear()
    edited = form_body({**FILLED, "deel_3": "Eerder beginnen met bewoners."})
    assert run(repos, github, event(edited), tmp_path) == 0

    second = git(repos.bare, "rev-parse", BRANCH).strip()
    assert second != first
    assert git(repos.bare, "rev-parse", f"{BRANCH}^").strip() == git(repos.bare, "rev-parse", "main").strip()
    assert "Eerder beginnen met bewoners." in git(repos.bare, "show", f"{BRANCH}:{PAGE}")
    calls = [(c.method, c.path) for c in github.calls]
    prefix = f"/repos/{REPOSITORY}"
    assert calls == [
        ("GET", f"{prefix}/pulls"),
        ("PATCH", f"{prefix}/pulls/101"),
        ("POST", f"{prefix}/issues/{NUMBER}/comments"),
        ("DELETE", f"{prefix}/issues/{NUMBER}/labels/omzetten"),
    ]
    assert "bijgewerkt" in github.calls[2].body["body"]


def test_refusal_comments_in_dutch_and_pushes_nothing(repos: Repos, github: FakeGitHub, tmp_path: Path) -> None:
    body = form_body({**FILLED, "deel_1": 'Kijk: <img src="x" onerror="alert(1)">'})
    assert run(repos, github, event(body), tmp_path) == 0

    assert git(repos.bare, "branch", "--list", BRANCH).strip() == ""
    calls = [(c.method, c.path) for c in github.calls]
    prefix = f"/repos/{REPOSITORY}"
    assert calls == [
        ("POST", f"{prefix}/issues/{NUMBER}/comments"),
        ("DELETE", f"{prefix}/issues/{NUMBER}/labels/omzetten"),
    ]
    comment = github.calls[0].body["body"]
    assert comment.startswith("Dank u wel voor uw voorstel. Er kon nog geen pagina van gemaakt worden.")
    assert "Edit" in comment and "label" in comment
    assert "\\<img" in comment
    assert re.search(r"(?<!\\)[<>\[\]]", comment) is None  # quoted markup is escaped: shown, never rendered
    assert not (repos.checkout / PAGE).exists()


@pytest.mark.parametrize(
    "payload",
    [
        event(form_body(FILLED), action="opened"),
        event(form_body(FILLED), label="bug"),
        {**event(form_body(FILLED)), "issue": {**event("")["issue"], "pull_request": {"url": "x"}}},
    ],
    ids=["opened", "other-label", "pull-request"],
)
def test_other_events_do_nothing(repos: Repos, github: FakeGitHub, tmp_path: Path, payload: dict) -> None:
    assert run(repos, github, payload, tmp_path) == 0
    assert github.calls == []
    assert git(repos.bare, "branch", "--list", BRANCH).strip() == ""


def test_log_lines_cannot_be_workflow_commands(
    repos: Repos, github: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = form_body({**FILLED, "gemeenten": "Utrecht", "nieuwe_gemeenten": "x\n::add-mask::geheim\n::error::nep"})
    assert run(repos, github, event(body), tmp_path) == 0
    out = capsys.readouterr()
    lines = (out.out + out.err).splitlines()
    assert lines
    assert not any(line.startswith("::") for line in lines)


def test_api_url_without_https_is_refused(repos: Repos, tmp_path: Path) -> None:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event(form_body(FILLED))), encoding="utf-8")
    environ = {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": REPOSITORY, "GITHUB_API_URL": "http://example.org"}
    assert proposal_to_pr.main(["--event", str(event_file), "--project", str(repos.checkout)], environ) == 1


# --- hostile bodies: a safe page or a Dutch refusal ---------------------------------------------------------

DUTCH = ("de", "het", "een", "geen", "niet", "van", "en", "of", "is", "in", "op", "bij", "staat", "kies", "u", "uw")

# (id, answers or a whole body, expected: "page" or a fragment of the Dutch refusal)
HOSTILE: list[tuple[str, dict[str, str] | str, str]] = [
    ("script-in-title", {"titel": "<script>alert(1)</script> Les"}, "refuse"),
    ("path-in-title", {"titel": "../../.github/workflows/pr"}, "page"),
    ("yaml-in-title", {"titel": "x\n---\nevil: true"}, "page"),
    ("yaml-tag-in-description", {"beschrijving": '!!python/object/apply:os.system ["id"]'}, "page"),
    ("control-characters", {"titel": "Open\x1b[2J data\x07 voor \x00iedereen"}, "page"),
    ("bidi-override", {"titel": "Open data \u202eatad"}, "refuse"),
    ("only-punctuation-title", {"titel": "!!! ???"}, "refuse"),
    ("raw-html", {"deel_1": '<img src="x" onerror="alert(1)">'}, "refuse"),
    ("iframe", {"deel_2": '<iframe src="https://evil.example"></iframe>'}, "refuse"),
    ("javascript-link", {"deel_1": "[klik](javascript:alert(1))"}, "refuse"),
    ("remote-image", {"deel_1": "![pixel](https://tracker.example/p.png)"}, "refuse"),
    ("attr-list-handler", {"deel_1": 'Tekst\n{: onclick="alert(1)" }'}, "refuse"),
    ("front-matter-in-text", {"deel_1": "---\ntitle: Gekaapt\n---\n\nTekst."}, "page"),
    ("jinja-in-text", {"deel_2": "{{ config.extra }} {% include 'x' %}"}, "page"),
    ("markup-in-new-place", {"nieuwe_gemeenten": "<b>Zwolle</b>"}, "refuse"),
    ("shell-in-new-place", {"nieuwe_gemeenten": "Zwolle; rm -rf /"}, "refuse"),
    ("yaml-in-new-place", {"nieuwe_gemeenten": "Zwolle: [a]"}, "refuse"),
    ("unknown-place-in-list", {"gemeenten": "Amsterdam"}, "refuse"),
    ("markup-in-person", {"personen": "<a href=x>Anna</a>"}, "refuse"),
    ("http-source", {"bron_titel": "Verslag", "bron_url": "javascript:alert(1)"}, "refuse"),
    ("huge-body", "### Titel\n\n" + "a" * 70_000, "refuse"),
    ("not-the-form", "Hallo, ik wil graag iets delen over open data.", "refuse"),
    ("heading-smuggled", {"deel_1": "Tekst\n\n### Soort pagina\n\nMeetup"}, "refuse"),
    ("no-place-at-all", {"gemeenten": ""}, "refuse"),
]


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    sitekit.make_project(root)
    return root


def hostile_body(case: str, answers: dict[str, str] | str) -> str:
    if isinstance(answers, str):
        return answers
    return form_body({**FILLED, "titel": f"{FILLED['titel']} {case}", **answers})


@pytest.mark.parametrize(("case", "answers", "expected"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_body_gives_a_safe_page_or_a_dutch_refusal(
    hostile_project: Path, case: str, answers: dict[str, str] | str, expected: str
) -> None:
    body = hostile_body(case, answers)
    started = time.monotonic()
    try:
        parsed = proposal.parse_body(body, FIELDS)
        page = proposal.convert(parsed, FIELDS, hostile_project, dt.date.fromisoformat(TODAY))
    except proposal.ProposalError as exc:
        assert expected == "refuse", f"refused: {exc.messages}"
        assert exc.messages
        for message in exc.messages:
            words = set(message.lower().replace(".", " ").replace(":", " ").split())
            assert words & set(DUTCH), f"not Dutch: {message}"
            assert "Traceback" not in message
        return
    finally:
        assert time.monotonic() - started < 60
    assert expected == "page", f"made {page.rel_path}"
    written = hostile_project / page.rel_path
    assert written.read_text(encoding="utf-8") == page.text
    assert written.resolve().is_relative_to((hostile_project / "docs" / "lessen").resolve())
    meta, problems = frontmatter.load(frontmatter.split(page.text).yaml_text)
    assert problems == {}
    assert set(meta) <= {"title", "description", "date", "type", "cities", "tags", "people", "source"}
    # The checker as CI runs it, in a process of its own.
    command = [sys.executable, str(proposal.CHECKER), "--config", str(hostile_project / "mkdocs.yml")]
    command += ["--today", TODAY, "--format", "json", str(written)]
    checked = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_hostile_pages_that_were_made_pass_the_strict_build(tmp_path: Path) -> None:
    """Every page made of a hostile body is built, strictly, with the real hook, and stays inert."""
    sitekit.make_project(tmp_path)
    made = []
    for case, answers, expected in HOSTILE:
        if expected == "page":
            parsed = proposal.parse_body(hostile_body(case, answers), FIELDS)
            made.append(proposal.convert(parsed, FIELDS, tmp_path, dt.date.fromisoformat(TODAY)))
    assert len(made) == 6
    result = sitekit.build(tmp_path / "mkdocs.yml")
    assert result.returncode == 0, result.stderr[-3000:]
    site = tmp_path / "site"
    pages = {
        page.rel_path: (site / page.rel_path.removeprefix("docs/").removesuffix(".md") / "index.html") for page in made
    }
    html = {rel: path.read_text(encoding="utf-8") for rel, path in pages.items()}
    jinja = next(text for rel, text in html.items() if "jinja" in rel)
    assert "{{ config.extra }}" in jinja  # printed as text, never evaluated
    hijack = next(text for rel, text in html.items() if "front-matter" in rel)
    assert "<title>Gekaapt" not in hijack  # the body's front-matter look-alike did not become the title
    for text in html.values():
        assert "<script>alert" not in text


@pytest.mark.parametrize(
    ("kind", "folder", "first_heading"), [("Meetup", "meetups", "Agenda"), ("Interview", "interviews", "Wie en waarom")]
)
def test_each_type_gets_its_own_template_headings(tmp_path: Path, kind: str, folder: str, first_heading: str) -> None:
    sitekit.make_project(tmp_path)
    answers = {**FILLED, "soort": kind, "personen": "Anna de Vries", "deel_1": "Anna de Vries opende de bijeenkomst."}
    page = proposal.convert(
        proposal.parse_body(form_body(answers), FIELDS), FIELDS, tmp_path, dt.date.fromisoformat(TODAY)
    )
    assert page.rel_path == f"docs/{folder}/open-data-in-de-wijk.md"
    assert f"## {first_heading}\n\nAnna de Vries opende de bijeenkomst.\n" in page.text
