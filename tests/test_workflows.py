"""GitHub furniture: workflows, Dependabot, issue forms, pull-request template, pre-commit, edit link.

Runs zizmor (offline) and check-jsonschema (built-in, vendored schemas: no
network) on ``.github/``, and checks the rules of issue 5 structurally:
SHA-pinned actions with a version comment, least-privilege permissions, Pages
write access only in the deploy job, no ``pull_request_target``, no persisted
checkout credentials, hidden files kept in the Pages artifact.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_pull_request_workflow_checks_builds_and_tests() -> None:
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in triggers(workflow)
    runs = run_lines(workflow)
    assert "scripts/check_content.py --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "make test" in runs
    assert "playwright install --with-deps chromium" in runs
    assert "CHROMIUM_PATH" in runs
    assert "actionlint" in runs


def test_pages_workflow_publishes_main_once_at_a_time() -> None:
    workflow = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [action(s) for job in workflow["jobs"].values() for s in steps(job)]
    assert "actions/upload-pages-artifact" in uses
    assert "actions/deploy-pages" in uses
    build_env = next(s["env"] for s in steps(workflow["jobs"]["build"]) if "mkdocs build" in str(s.get("run")))
    # URLs come from GitHub's context, never written out.
    assert set(build_env) == {"SITE_URL", "REPO_URL", "EDIT_URI"}
    assert all("${{" in value for value in build_env.values())


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
    for phrase in ("bron", "ingestemd", "persoonsgegevens", "make check"):
        assert phrase in text


def test_codeowners_names_nobody() -> None:
    path = GITHUB / "CODEOWNERS"
    if path.exists():
        active = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
        assert active == []


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
