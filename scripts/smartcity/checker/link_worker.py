"""The build's link check in a second process: ``python -m smartcity.checker.link_worker REQUEST``.

``REQUEST`` is a file with the pickled arguments of :func:`smartcity.checker.links.check_pages`, written by
:class:`smartcity.checker.links.BackgroundLinkCheck`, which started this process and reads the pickled answer from its
standard output. Not a command for people.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from .links import check_pages


def main(request_path: str) -> None:
    # Written by the process that started this one, a moment ago: the same trust as that process.
    config_path, docs_dir, today, srcs = pickle.loads(Path(request_path).read_bytes())  # noqa: S301
    sys.stdout.buffer.write(pickle.dumps(check_pages(config_path, docs_dir, today, srcs)))


if __name__ == "__main__":
    main(sys.argv[1])
