"""`make lint` is part of the suite: ruff over the code, scripts, benchmarks and tests."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    proc = subprocess.run([ruff, "check", "src", "tests", "scripts", "bench"], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")  # Arabic-script letters, not marks


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def test_stages_spell_no_words_of_a_language() -> None:
    """Language knowledge is data (langdata/<lang>/): no string in the stages or the NER code
    holds a letter of a language (docstrings and comments may quote examples)."""
    found = []
    for path in sorted((REPO / "src" / "marsad").glob("*/*.py")):
        if path.parent.name not in ("stages", "ner"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        found += [f"{path.relative_to(REPO)}:{node.lineno}: {node.value[:40]!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                  and _LETTER.search(node.value)]
    assert not found, "\n".join(found)
