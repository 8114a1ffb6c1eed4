"""Run a page's hand-written code the way a candidate would: a fresh interpreter, NumPy only.

``run(stem, lang, **params)`` renders ``playground/handwritten/<stem>.py`` with
the parameters, checks that it imports nothing but NumPy and the standard
library's ``math``, runs it with ``python -I -c`` in an empty temporary folder
(so ``playground`` cannot be imported), and returns what it printed as
``name -> array`` (see :func:`playground.handwritten.parse_output`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile

import numpy as np

from playground import handwritten

ALLOWED_IMPORTS = {"numpy", "math"}


def imports(code: str) -> set[str]:
    """Top-level module names the code imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add((node.module or "").split(".")[0])
    return found


def run_code(code: str, *, timeout: float = 60) -> dict[str, np.ndarray]:
    """Execute ``code`` in a fresh, isolated interpreter; parse what it printed."""
    extra = imports(code) - ALLOWED_IMPORTS
    assert not extra, f"hand-written code imports {sorted(extra)}; NumPy only"
    with tempfile.TemporaryDirectory() as folder:
        proc = subprocess.run(
            [sys.executable, "-I", "-c", code],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = handwritten.parse_output(proc.stdout)
    assert results, f"printed nothing parseable:\n{proc.stdout[:2000]}"
    return results


def run(stem: str, lang: str = "en", /, **params) -> dict[str, np.ndarray]:
    """Render page ``stem``'s template with ``params`` and run it (see :func:`run_code`)."""
    return run_code(handwritten.render(stem, lang, **params))
