#!/usr/bin/env python3
"""Check the pages in docs/ (front matter, links, anchors, safety, site). See docs/bijdragen/regels.md.

Usage: python scripts/check_content.py [PATH ...] [--format text|github|json] [--external]
"""

import sys

from smartcity.checker.cli import main

if __name__ == "__main__":
    sys.exit(main())
