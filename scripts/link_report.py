#!/usr/bin/env python3
"""The weekly external-link check, around lychee (see .github/workflows/external-links.yml).

    python scripts/link_report.py prepare --workdir linkcheck
        finds the external links of docs/, screens their hosts (names resolved; see
        smartcity/checker/external.py for why lychee's own exclusion is not enough) and writes
        linkcheck/external-links.html (lychee's input) and linkcheck/links.json (where each link is).
    lychee --config lychee.toml --format json --output linkcheck/lychee.json linkcheck/external-links.html
    python scripts/link_report.py report --workdir linkcheck [--github-output FILE]
        turns lychee's JSON report into the checker's findings (linkcheck/external-links.json) and the Dutch
        text of the issue (linkcheck/issue.md); with --github-output it also sets the step outputs `broken`
        (the number of findings) and `body` (the issue text).

Exit status: 0 when the step did its work (also when links are broken), 2 when it could not.
"""

from __future__ import annotations

import argparse
import io
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from smartcity.checker import engine, external, report
from smartcity.checker.context import build_context
from smartcity.clock import today
from smartcity.findings import Finding, sort_findings
from smartcity.model import MKDOCS_YML, ModelError
from smartcity.texts import Text, text

LINKS_JSON = "links.json"
FINDINGS_JSON = "external-links.json"
ISSUE_MD = "issue.md"
# GitHub refuses an issue body of more than 65,536 characters; leave room for the lines the workflow adds.
ISSUE_LIMIT = 60_000


def issue_body(findings: Sequence[Finding], limit: int = ISSUE_LIMIT) -> str:
    """The Dutch issue text: how many links have a problem, then each finding by page and line."""
    pages = sorted({finding.path for finding in findings})
    lines = [text(Text.LINKS_ISSUE_SUMMARY, count=len(findings), pages=len(pages)), ""]
    shown = 0
    for path in pages:
        section = [f"### `{path}`", ""]
        section += [text(Text.LINKS_ISSUE_PROBLEM, line=f.line, message=f.message) for f in findings if f.path == path]
        section.append("")
        if len("\n".join(lines + section)) > limit:
            break
        lines += section
        shown += sum(1 for f in findings if f.path == path)
    if shown < len(findings):
        lines += [text(Text.LINKS_ISSUE_MORE, count=len(findings) - shown), ""]
    lines.append(text(Text.LINKS_ISSUE_CLOSING))
    return "\n".join(lines) + "\n"


def github_outputs(findings: Sequence[Finding], body: str) -> str:
    """``broken`` and the multi-line ``body`` in the format of $GITHUB_OUTPUT (a delimiter no text contains)."""
    delimiter = f"EOF_{secrets.token_hex(16)}"
    return f"broken={len(findings)}\nbody<<{delimiter}\n{body}{delimiter}\n"


def prepare(workdir: Path, config: Path, docs: Path | None) -> int:
    ctx = build_context(config, docs, today())
    pages = engine.run(ctx, None).pages
    prepared = external.prepare(external.links_in(pages))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / LINKS_JSON).write_text(prepared.to_json(), encoding="utf-8")
    (workdir / external.LYCHEE_INPUT).write_text(external.lychee_input(prepared.to_check), encoding="utf-8")
    print(text(Text.LINKS_PREPARED, links=len(prepared.places), refused=len(prepared.refused)))
    return 0


def write_report(workdir: Path, github_output: Path | None) -> int:
    prepared = external.Prepared.from_json((workdir / LINKS_JSON).read_text(encoding="utf-8"))
    lychee_report = None
    if prepared.to_check:
        lychee_report = external.read_report(workdir / external.LYCHEE_REPORT)
    findings = sort_findings(external.findings_from(prepared, lychee_report))
    rows = io.StringIO()
    report.write(findings, len(prepared.places), "json", rows, io.StringIO(), colour=False)
    (workdir / FINDINGS_JSON).write_text(rows.getvalue(), encoding="utf-8")
    body = issue_body(findings)
    (workdir / ISSUE_MD).write_text(body, encoding="utf-8")
    if github_output is not None:
        with github_output.open("a", encoding="utf-8") as handle:
            handle.write(github_outputs(findings, body))
    print(text(Text.LINKS_REPORTED, count=len(findings)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="link_report.py", description=text(Text.LINKS_DESCRIPTION))
    steps = parser.add_subparsers(dest="step", required=True)
    first = steps.add_parser("prepare", help=text(Text.LINKS_PREPARE_HELP))
    first.add_argument("--workdir", type=Path, required=True, help=text(Text.LINKS_PREPARE_WORKDIR_HELP))
    first.add_argument("--config", type=Path, default=MKDOCS_YML, help=text(Text.LINKS_CONFIG_HELP))
    first.add_argument("--docs", type=Path, default=None, help=text(Text.LINKS_DOCS_HELP))
    last = steps.add_parser("report", help=text(Text.LINKS_REPORT_HELP))
    last.add_argument("--workdir", type=Path, required=True, help=text(Text.LINKS_REPORT_WORKDIR_HELP))
    last.add_argument("--github-output", type=Path, default=None, help=text(Text.LINKS_GITHUB_OUTPUT_HELP))
    args = parser.parse_args(argv)
    try:
        if args.step == "prepare":
            return prepare(args.workdir, args.config, args.docs)
        return write_report(args.workdir, args.github_output)
    except (ModelError, external.LycheeError, OSError, ValueError, KeyError) as exc:
        sys.stderr.write(f"link_report: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
