"""Smart City Lessen: the content model and the tools around it.

Everything here is plain Python on top of PyYAML. Nothing imports MkDocs, so the checker, the scaffolder and the tests
keep working if the site moves to another generator that reads ``mkdocs.yml`` (e.g. Zensical).
"""
