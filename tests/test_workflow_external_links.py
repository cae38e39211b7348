"""The weekly external-link workflow really reports: its decision logic, run as far as it can run here.

External findings are warnings, so the checker exits 0 when links break; the workflow decides from the
JSON report instead. These tests run the workflow's own shell steps (the checker replaced by a stub,
the counting step as written) and evaluate the report job's condition for every result of the check job.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW: dict[str, Any] = yaml.safe_load((WORKFLOWS / "external-links.yml").read_text(encoding="utf-8"))
CHECK = WORKFLOW["jobs"]["check"]
REPORT = WORKFLOW["jobs"]["report"]


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("name") == name)


def run_step(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a ``run:`` block as GitHub does on Linux (bash -e), with output files for ``$GITHUB_OUTPUT``."""
    (cwd / "output").touch()
    (cwd / "summary").touch()
    environment = {**os.environ, "GITHUB_OUTPUT": str(cwd / "output"), "GITHUB_STEP_SUMMARY": str(cwd / "summary")}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def fake_venv(tmp_path: Path, checker: str | None = None) -> None:
    """``.venv/bin/python``: the real interpreter, or a stub checker script when ``checker`` is given."""
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    if checker is None:
        (bin_dir / "python").symlink_to(sys.executable)
    else:
        (bin_dir / "python").write_text("#!/bin/sh\n" + checker, encoding="utf-8")
        (bin_dir / "python").chmod(0o755)


def report_runs(result: str, broken: str) -> bool:
    """The report job's ``if:`` evaluated for the check job's result and its ``broken`` output."""
    expression = str(REPORT["if"]).replace("${{", "").replace("}}", "")
    python = expression.replace("&&", " and ").replace("||", " or ").replace("always()", "True")
    needs = SimpleNamespace(check=SimpleNamespace(result=result, outputs=SimpleNamespace(broken=broken)))
    return bool(eval(python, {"__builtins__": {}}, {"needs": needs}))  # our own workflow file, not input


def finding(rule: str) -> dict[str, Any]:
    return {"path": "docs/lessen/x.md", "line": 3, "column": 1, "rule": rule, "severity": "warning", "message": "…"}


# --- the decision -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "broken", "expected"),
    [
        ("success", "0", False),  # all links fine: no issue
        ("success", "3", True),  # links broke: exit status 0 (warnings), but an issue
        ("failure", "", True),  # the check itself failed: an issue too
        ("cancelled", "", False),
        ("skipped", "", False),
    ],
)
def test_the_report_job_runs_when_links_break_or_the_check_fails(result: str, broken: str, expected: bool) -> None:
    assert report_runs(result, broken) is expected


def test_the_report_job_is_not_skipped_after_a_failure() -> None:
    # Without a status function GitHub adds success(), and a failed check job would skip the report.
    assert "always()" in str(REPORT["if"])
    assert REPORT["needs"] == "check"


def test_the_check_job_exposes_the_count() -> None:
    assert CHECK["outputs"]["broken"] == "${{ steps.count.outputs.broken }}"
    assert step(CHECK, "Problemen met externe links tellen")["id"] == "count"


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], "0"),
        ([finding("ext-broken"), finding("site-orphan"), finding("ext-unreachable"), finding("ext-refused")], "3"),
        ([finding("site-orphan")], "0"),
    ],
)
def test_the_counting_step_counts_ext_findings(tmp_path: Path, findings: list[dict[str, Any]], expected: str) -> None:
    fake_venv(tmp_path)
    (tmp_path / "external-links.json").write_text(json.dumps(findings), encoding="utf-8")
    done = run_step(step(CHECK, "Problemen met externe links tellen")["run"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output").read_text(encoding="utf-8").splitlines() == [f"broken={expected}"]
    assert f"met een probleem: {expected}" in (tmp_path / "summary").read_text(encoding="utf-8")


def test_a_report_that_is_not_json_fails_the_job(tmp_path: Path) -> None:
    fake_venv(tmp_path)
    (tmp_path / "external-links.json").write_text("", encoding="utf-8")
    assert run_step(step(CHECK, "Problemen met externe links tellen")["run"], tmp_path).returncode != 0


@pytest.mark.parametrize(("status", "fails"), [(0, False), (1, False), (2, True)])
def test_the_check_step_fails_only_when_the_checker_cannot_run(tmp_path: Path, status: int, fails: bool) -> None:
    fake_venv(tmp_path, f'echo "$*" > args\necho "[]"\necho samenvatting >&2\nexit {status}\n')
    done = run_step(step(CHECK, "Externe links controleren")["run"], tmp_path)
    assert (done.returncode != 0) is fails
    assert (tmp_path / "args").read_text(encoding="utf-8").split() == [
        "scripts/check_content.py",
        "--external",
        "--format",
        "json",
    ]
    assert json.loads((tmp_path / "external-links.json").read_text(encoding="utf-8")) == []
    assert "samenvatting" in done.stdout  # the summary is shown in the log


# --- least privilege and the rules of every workflow -----------------------------------------------


def test_permissions_are_least_privilege() -> None:
    assert WORKFLOW["permissions"] == {"contents": "read"}
    assert CHECK["permissions"] == {"contents": "read"}
    assert REPORT["permissions"] == {"issues": "write"}
    assert all("uses" not in s for s in REPORT["steps"])  # the job that may write runs no repository code
    assert step(CHECK, "Repository ophalen")["with"]["persist-credentials"] is False


def test_actions_are_pinned_to_shas_the_other_workflows_use() -> None:
    others = "".join(p.read_text(encoding="utf-8") for p in WORKFLOWS.glob("*.yml") if p.name != "external-links.yml")
    uses = [s["uses"] for s in CHECK["steps"] if "uses" in s]
    assert len(uses) == 3
    for ref in uses:
        action, _, sha = ref.partition("@")
        assert len(sha) == 40 and all(c in "0123456789abcdef" for c in sha), ref
        assert f"{action}@{sha}" in others, f"{ref} is used nowhere else: was its SHA checked?"


def test_the_report_step_reads_context_values_from_the_environment_only() -> None:
    report = REPORT["steps"][0]
    assert "${{" not in report["run"]  # no template expansion inside the script
    assert report["env"]["BROKEN"] == "${{ needs.check.outputs.broken }}"
    assert report["env"]["RESULT"] == "${{ needs.check.result }}"
    assert "gh issue comment" in report["run"] and "gh issue create" in report["run"]


def test_the_report_keeps_the_json() -> None:
    upload = step(CHECK, "Rapport bewaren")
    assert upload["if"] == "always()"
    assert "external-links.json" in upload["with"]["path"].split()
