"""Hand-written code (手撕代码): the from-scratch NumPy version of each page's formula.

Interviews ask a candidate to write the formula's code by hand. Each topic page
has a template here, ``playground/handwritten/<stem>.py``: a complete, runnable
script (NumPy only, no ``playground`` import) that implements the page's
formula from scratch and prints the numbers the page shows. The page fills in
the current parameters and shows it in the reader's language.

A template is an ordinary Python file with two conventions:

- **Parameters** sit between ``# --- parameters ---`` and
  ``# --- end parameters ---``, one ``name = <literal>`` per line;
  :func:`render` replaces the literals with the page's values.
- **Comments** are bilingual: a full-line comment starts with ``# en:`` or
  ``# zh:``, a trailing comment reads ``# en: ... | zh: ...``; :func:`render`
  keeps the chosen language and drops the tag.

The script prints one result per line as ``name = value`` (a number or a
NumPy array); :func:`parse_output` reads them back, so tests can run the
rendered code in a fresh interpreter and compare it with the tested core.

Examples
--------
>>> text = "# --- parameters ---\\nT = 1.0  # en: temperature | zh: 温度\\n# --- end parameters ---"
>>> print(_render_text(text, "zh", {"T": 0.5}))
# --- 参数（本页当前的取值）---
T = 0.5  # 温度
# --- 参数结束 ---
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["LANGUAGES", "available", "literal", "parse_output", "render", "source"]

LANGUAGES = ("en", "zh")
HERE = Path(__file__).resolve().parent
_BEGIN, _END = "# --- parameters ---", "# --- end parameters ---"
#: How the block's markers read once rendered.
_MARKERS = {
    "en": ("# --- parameters (this page's current values) ---", "# --- end of parameters ---"),
    "zh": ("# --- 参数（本页当前的取值）---", "# --- 参数结束 ---"),
}
_FULL = re.compile(r"^(\s*)#\s*(en|zh):\s?(.*)$")
_TRAILING = re.compile(r"#\s*en:\s*(.*?)\s*\|\s*zh:\s*(.*?)\s*$")
_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)(\s+#.*)?$")


def available() -> tuple[str, ...]:
    """Stems of the pages that have a template."""
    return tuple(sorted(p.stem for p in HERE.glob("*.py") if p.stem != "__init__"))


@lru_cache(maxsize=64)
def source(stem: str) -> str:
    """The raw template of page ``stem`` (bilingual, default parameters).

    Raises
    ------
    ValueError
        If there is no template for ``stem``.
    """
    if stem not in available():
        raise ValueError(f"stem == {stem!r}, must be one of {', '.join(available())}.")
    return (HERE / f"{stem}.py").read_text(encoding="utf-8")


def literal(value: Any, digits: int | None = None) -> str:
    """A Python literal for a parameter value (exact for floats: ``repr`` round-trips).

    Numbers, strings, booleans, ``None`` and nested lists/tuples/arrays of
    them; NumPy scalars and arrays become plain Python literals. ``digits``
    rounds floats to that many significant digits (for display only).

    Raises
    ------
    ValueError
        For NaN or ±inf (no page passes them), and for unsupported types.

    Examples
    --------
    >>> literal([1, 2.5, np.float64(0.1)])
    '[1, 2.5, 0.1]'
    >>> literal(np.array([[1.0, 0.0], [0.0, 1.0]]))
    '[[1.0, 0.0], [0.0, 1.0]]'
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"value == {value!r}, must be finite.")
        if digits is not None:
            value = float(f"{value:.{digits}g}")
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, digits) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v, digits) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    raise ValueError(f"cannot write a {type(value).__name__} as a literal.")


def _comment(line: str, lang: str) -> str | None:
    """The line in ``lang`` (``None`` = drop it)."""
    full = _FULL.match(line)
    if full:
        indent, tag, text = full.groups()
        return f"{indent}# {text}".rstrip() if tag == lang else None
    trailing = _TRAILING.search(line)
    if trailing:
        text = trailing.group(1) if lang == "en" else trailing.group(2)
        return f"{line[: trailing.start()].rstrip()}  # {text}"
    return line


def _render_text(text: str, lang: str, params: Mapping[str, Any]) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang == {lang!r}, must be one of {', '.join(LANGUAGES)}.")
    out: list[str] = []
    inside, seen = False, set()
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == _BEGIN:
            inside = True
            line = line.replace(_BEGIN, _MARKERS[lang][0])
        elif stripped == _END:
            inside = False
            line = line.replace(_END, _MARKERS[lang][1])
        elif inside:
            match = _ASSIGN.match(line)
            if match and match.group(2) in params:
                indent, name, _, comment = match.groups()
                seen.add(name)
                line = f"{indent}{name} = {literal(params[name])}{comment or ''}"
        converted = _comment(line, lang)
        if converted is not None:
            out.append(converted)
    unknown = sorted(set(params) - seen)
    if unknown:
        raise KeyError(f"no parameter line for {unknown} in the template")
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def render(stem: str, lang: str = "en", /, **params: Any) -> str:
    """The template of page ``stem`` with ``params`` filled in, commented in ``lang``.

    Parameters
    ----------
    stem : str
        Page stem (one of :func:`available`).
    lang : {"en", "zh"}
        Language of the comments.
    **params
        Values for lines of the parameter block (``name = value``); every
        name must exist in the block.

    Returns
    -------
    str
        Runnable Python source (NumPy only).

    Raises
    ------
    ValueError
        If ``stem`` has no template, ``lang`` is unknown, or a value is not
        finite.
    KeyError
        If a parameter has no line in the template's parameter block.
    """
    return _render_text(source(stem), lang, params)


def parse_output(text: str) -> dict[str, np.ndarray]:
    """Read ``name = value`` lines printed by a template into arrays.

    A value is a number or a NumPy array as ``print`` writes it (possibly over
    several lines, ``[[1. 2.]\\n [3. 4.]]``); ``True``/``False`` become 1/0.
    Lines that are not of this form are ignored.

    Examples
    --------
    >>> out = parse_output("p = [0.5 0.25\\n 0.25]\\nloss = 0.693\\nnote: hi")
    >>> out["p"].tolist(), float(out["loss"])
    ([0.5, 0.25, 0.25], 0.693)
    """
    results: dict[str, np.ndarray] = {}
    lines = text.splitlines()
    i = 0
    head = re.compile(r"^([A-Za-z_][A-Za-z0-9_\[\]'.]*)\s*=\s*(.*)$")
    while i < len(lines):
        match = head.match(lines[i].strip())
        i += 1
        if not match:
            continue
        name, value = match.groups()
        while value.count("[") > value.count("]") and i < len(lines):
            value += " " + lines[i].strip()
            i += 1
        cleaned = value.replace("True", "1").replace("False", "0")
        tokens = re.split(r"[\s,\[\]()]+", cleaned)
        try:
            numbers = [float(tok) for tok in tokens if tok]
        except ValueError:
            continue
        if not numbers:
            continue
        shape_text = cleaned.strip()
        arr = np.array(numbers)
        if shape_text.startswith("[["):
            rows = shape_text.count("[") - 1
            if rows and arr.size % rows == 0:
                arr = arr.reshape(rows, -1)
        elif not shape_text.startswith("["):
            arr = arr.reshape(()) if arr.size == 1 else arr
        results[name] = arr
    return results
