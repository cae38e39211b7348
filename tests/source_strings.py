"""The string literals of a Python file, docstrings left out: what a person may read from the code in Dutch."""

from __future__ import annotations

import ast
from pathlib import Path


def string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal of ``path`` except docstrings (docstrings and comments are English)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]
