"""Number formatting for text and LaTeX that never shows a raw ``nan``.

Pure Python (no Streamlit), so chart builders' callers and tests can use it.

Conventions
-----------
- ``+inf`` is shown as ``∞`` (``\\infty`` in LaTeX), ``-inf`` as ``−∞``.
- ``nan`` and ``None`` are shown as ``—`` (an em dash): "no value", never the
  string "nan". Pages explain *why* there is no value in words.
- Very large or very small magnitudes use scientific notation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

__all__ = ["MISSING", "fmt", "fmt_list", "fmt_pct", "rel_error", "tex", "tex_list"]

MISSING = "—"


def _as_float(x: Any) -> float | None:
    if x is None:
        return None
    if isinstance(x, np.ndarray):
        if x.size != 1:
            raise ValueError(f"x must be a scalar, got an array of shape {x.shape}.")
        x = x.reshape(()).item()
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def fmt(x: Any, digits: int = 4) -> str:
    """Format a number with ``digits`` significant digits for plain text.

    Examples
    --------
    >>> fmt(0.123456)
    '0.1235'
    >>> fmt(float("inf")), fmt(float("nan")), fmt(-2.5e-7)
    ('∞', '—', '-2.5e-07')
    """
    v = _as_float(x)
    if v is None or math.isnan(v):
        return MISSING
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    text = f"{v:.{digits}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}e{exp[0]}{exp[1:].lstrip('0').zfill(2)}"
    return text


def fmt_pct(x: Any, digits: int = 1) -> str:
    """Format a fraction as a percentage: ``fmt_pct(0.1234) == '12.3%'``."""
    v = _as_float(x)
    if v is None or not math.isfinite(v):
        return fmt(v)
    return f"{100 * v:.{digits}f}%"


def fmt_list(values: Iterable[Any], digits: int = 3, sep: str = ", ") -> str:
    """Format a sequence: ``fmt_list([1, 0.5]) == '1, 0.5'``."""
    return sep.join(fmt(v, digits) for v in values)


def tex(x: Any, digits: int = 4) -> str:
    r"""Format a number for ``st.latex``: ``1.2e-05`` becomes ``1.2 \times 10^{-5}``.

    Examples
    --------
    >>> tex(1.2e-5)
    '1.2 \\times 10^{-5}'
    >>> tex(float("inf")), tex(float("nan"))
    ('\\infty', '\\text{—}')
    """
    v = _as_float(x)
    if v is None or math.isnan(v):
        return r"\text{—}"
    if math.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
    text = fmt(v, digits)
    if "e" in text:
        mantissa, exp = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exp)}}}"
    return text


def tex_list(values: Iterable[Any], digits: int = 3) -> str:
    r"""Format a vector for LaTeX: ``[1, 0.5]`` -> ``\left[1,\ 0.5\right]``."""
    return r"\left[" + r",\ ".join(tex(v, digits) for v in values) + r"\right]"


def rel_error(a: Any, b: Any, *, floor: float = 1e-12) -> float:
    """Relative difference ``‖a − b‖ / max(‖a‖, ‖b‖, floor)`` (Euclidean norms).

    Used for "analytic vs finite-difference" checks shown on pages.

    Examples
    --------
    >>> rel_error([1.0, 2.0], [1.0, 2.0])
    0.0
    """
    a_arr = np.asarray(a, dtype=float)
    b_arr = np.asarray(b, dtype=float)
    num = float(np.linalg.norm(a_arr - b_arr))
    den = max(float(np.linalg.norm(a_arr)), float(np.linalg.norm(b_arr)), floor)
    return num / den
