"""What the publish gate costs against the build it checks, on synthetic sites (never in docs/).

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/bench_gate.py --sizes 1000 3000

For each size: generate a site with ``benchmarks/synth.py``, build it strictly once, then time
``scripts/publish_gate.py`` over the result (wall and CPU of the gate's process and its workers). The gate is a
separate step after the build in ``make build`` and both workflows, so its time adds to theirs.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synth import generate

REPO = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds of the child processes, and the finished process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print("| lessons | HTML pages | build (s) | gate wall (s) | gate CPU (s) | gate / build |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-gate-{size}-") as tmp:
            config = generate(size, Path(tmp) / "project") / "mkdocs.yml"
            site = config.parent / "site"
            build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
            build_wall, _, built = timed(build)
            if built.returncode != 0:
                sys.exit(f"build of {size} lessons failed:\n{built.stderr[-2000:]}")
            gate = [sys.executable, str(REPO / "scripts" / "publish_gate.py"), str(site), "--config", str(config)]
            gate_wall, gate_cpu, checked = timed(gate)
            if checked.returncode != 0:
                sys.exit(f"the gate refused the synthetic site of {size} lessons:\n{checked.stdout[-2000:]}")
            pages = sum(1 for _ in site.rglob("*.html"))
            ratio = gate_wall / build_wall
            print(f"| {size:,} | {pages:,} | {build_wall:.1f} | {gate_wall:.1f} | {gate_cpu:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
