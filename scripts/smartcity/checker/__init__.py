"""The content checker: ``python scripts/check_content.py`` (issue 3).

Reads the content model from ``mkdocs.yml`` (``extra.content_model``) and checks every page of ``docs/`` for front
matter, links, anchors, unsafe HTML and site-level problems. Each finding carries a stable rule id from ``rules.yml``.
"""
