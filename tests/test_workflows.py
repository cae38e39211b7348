"""GitHub furniture: workflows, Dependabot, issue forms, pull-request template, pre-commit, edit link.

Runs zizmor (offline) and check-jsonschema (built-in, vendored schemas: no
network) on ``.github/``, and checks the rules of issues 5, 9 and 13 structurally:
SHA-pinned actions with a version comment, least-privilege permissions, Pages
write access only in the deploy job and publishing only from ``main``, no
``pull_request_target``, no persisted checkout credentials, hidden files kept in
the Pages artifact, ``SECURITY_CONTACT`` from a repository variable; on a pull
request the checker and the build first, the built site as an artifact with a
Dutch job summary, the browser suite after.
"""

from __future__ import annotations

import os
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


# --- the structural audit ----------------------------------------------------------


def audit(text: str, name: str = "workflow") -> list[str]:
    """Every violation of the workflow rules in ``text``, as readable strings (empty: all fine)."""
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match or match["ref"].startswith("./"):
            continue
        ref = match["ref"].strip("'\"")
        if not PINNED.match(ref):
            problems.append(f"{name}:{number}: `{ref}` is not pinned to a full 40-hex commit SHA")
        if not VERSION_COMMENT.search(match["rest"]):
            problems.append(f"{name}:{number}: `{ref}` has no `# vX` version comment")

    workflow = yaml.safe_load(text)
    if "pull_request_target" in triggers(workflow):
        problems.append(f"{name}: uses pull_request_target")
    top = workflow.get("permissions")
    if top not in ({}, {"contents": "read"}):
        problems.append(f"{name}: top-level permissions must be `contents: read` or `{{}}`, not {top!r}")
    for job_id, job in (workflow.get("jobs") or {}).items():
        perms = job.get("permissions")
        if not isinstance(perms, dict):
            problems.append(f"{name}: job {job_id} does not declare its permissions")
            perms = {}
        writes = {scope for scope, level in perms.items() if level == "write"}
        deploys = any(action(s) == "actions/deploy-pages" for s in steps(job))
        if writes & PAGES_WRITE and not deploys:
            problems.append(f"{name}: job {job_id} has {sorted(writes & PAGES_WRITE)} write but does not deploy Pages")
        if deploys and not writes >= PAGES_WRITE:
            problems.append(f"{name}: deploy job {job_id} lacks pages/id-token write")
        if deploys and writes - PAGES_WRITE:
            problems.append(f"{name}: deploy job {job_id} also writes {sorted(writes - PAGES_WRITE)}")
        if deploys and job.get("if") != MAIN_ONLY:
            problems.append(f"{name}: deploy job {job_id} is not guarded by `if: {MAIN_ONLY}`")
        for step in steps(job):
            with_ = step.get("with") or {}
            if action(step) == "actions/checkout" and with_.get("persist-credentials") is not False:
                problems.append(f"{name}: job {job_id}: checkout without `persist-credentials: false`")
            if action(step) == "actions/upload-pages-artifact" and with_.get("include-hidden-files") is not True:
                problems.append(f"{name}: job {job_id}: upload-pages-artifact without `include-hidden-files: true`")
    return problems


BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-pages-artifact@0123456789abcdef0123456789abcdef01234567
        with:
          path: site
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/deploy-pages@0123456789abcdef0123456789abcdef01234567 # v4
"""


def test_the_audit_catches_a_bad_workflow() -> None:
    problems = "\n".join(audit(BAD_WORKFLOW, "bad.yml"))
    for expected in (
        "`actions/checkout@v4` is not pinned",
        "has no `# vX` version comment",
        "pull_request_target",
        "top-level permissions",
        "job build has ['pages'] write but does not deploy",
        "job deploy does not declare its permissions",
        "lacks pages/id-token write",
        "deploy job deploy is not guarded",
        "persist-credentials",
        "include-hidden-files",
    ):
        assert expected in problems


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "pages.yml", "external-links.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_rules(path: Path) -> None:
    assert audit(path.read_text(encoding="utf-8"), path.name) == []


def test_only_the_deploy_job_can_write_pages() -> None:
    writers = [
        (path.name, job_id)
        for path in WORKFLOWS
        for job_id, job in load(path)["jobs"].items()
        if any((job.get("permissions") or {}).get(scope) == "write" for scope in PAGES_WRITE)
    ]
    assert writers == [("pages.yml", "deploy")]


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
    upload = next(s for s in steps(site) if action(s) == "actions/upload-artifact")
    assert upload["with"]["name"] == pr_summary.ARTIFACT
    assert upload["with"]["path"].rstrip("/") == "site"
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
    # URLs come from GitHub's context, never written out.
    assert set(build_env) == {"SITE_URL", "REPO_URL", "EDIT_URI", "SECURITY_CONTACT"}
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


def test_external_link_check_is_weekly_and_never_on_pull_requests() -> None:
    workflow = load(GITHUB / "workflows" / "external-links.yml")
    on = triggers(workflow)
    assert "schedule" in on
    assert "pull_request" not in on
    assert "push" not in on
    runs = run_lines(workflow)
    assert "check_content.py --external" in runs
    assert "gh issue create" in runs and "gh issue comment" in runs
    check_job = workflow["jobs"]["check"]
    assert any(action(s) == "actions/upload-artifact" for s in steps(check_job))
    assert check_job["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["report"]["permissions"] == {"issues": "write"}
    assert not any(action(s) == "actions/checkout" for s in steps(workflow["jobs"]["report"]))


def test_dependabot_updates_actions_and_pip() -> None:
    config = load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


# --- external tools (offline) -----------------------------------------------------------


def test_zizmor_reports_nothing() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", str(GITHUB)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_zizmor_can_fail(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", str(workflows)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode != 0
    assert "dangerous-triggers" in result.stdout or "excessive-permissions" in result.stdout


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
    for path in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml"):
        assert "http" not in path.read_text(encoding="utf-8"), path.name


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
    assert any("redacteur bevestigt" in box for box in boxes)
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


def build(tmp_path: Path, **env: str) -> Path:
    site = tmp_path / "site"
    clean = {k: v for k, v in os.environ.items() if k not in {"REPO_URL", "EDIT_URI", "SITE_URL"}}
    result = subprocess.run(
        [tool("mkdocs"), "build", "--quiet", "--site-dir", str(site)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
        env={**clean, **env},
    )
    assert result.returncode == 0, result.stderr
    return site


def content_page(site: Path) -> Path:
    folder = load_model().types["les"].folder
    return next(p for p in sorted((site / folder).glob("*/index.html")))


def test_edit_link_appears_when_repo_url_is_set(tmp_path: Path) -> None:
    repo = "https://github.invalid/eigenaar/repository"
    site = build(tmp_path, REPO_URL=repo, EDIT_URI="edit/main/docs/")
    page = content_page(site)
    html = page.read_text(encoding="utf-8")
    assert "Bewerk deze pagina" in html
    slug = page.parent.name
    assert f'href="{repo}/edit/main/docs/{load_model().types["les"].folder}/{slug}.md"' in html


def test_no_edit_link_without_repo_url(tmp_path: Path) -> None:
    site = build(tmp_path)
    html = content_page(site).read_text(encoding="utf-8")
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
