"""Widgets the plain Streamlit ones do not cover, all bound to the URL.

Every widget in the app has a page-prefixed ``key`` and
``bind="query-params"``, so the URL is always a shareable view. Plain widgets
are used directly (``st.slider(..., key="softmax_seed", bind="query-params")``);
this module adds the ones that need care:

- :func:`log_slider` for quantities spanning decades (learning rate,
  temperature): a ``select_slider`` over rounded log-spaced values.
- :func:`number_list` for typed lists of numbers (logits), parsed strictly
  and reported in the user's language.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import streamlit as st

from playground._validation import InputError, parse_number_list
from playground.app.format import fmt
from playground.app.layout import input_error

__all__ = ["BIND", "log_options", "log_slider", "number_list"]

#: Pass as ``bind=BIND`` to every Streamlit widget.
BIND = "query-params"

# Renard R10 preferred numbers: round values, evenly spaced on a log scale.
_R10 = (1.0, 1.25, 1.6, 2.0, 2.5, 3.15, 4.0, 5.0, 6.3, 8.0)


def log_options(min_value: float, max_value: float, per_decade: int = 10) -> list[float]:
    """Rounded, log-spaced values from ``min_value`` to ``max_value`` inclusive.

    With ``per_decade=10`` the values are the R10 preferred numbers
    (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 times a power of ten).

    Examples
    --------
    >>> log_options(0.01, 1, per_decade=3)
    [0.01, 0.0215, 0.0464, 0.1, 0.215, 0.464, 1.0]
    """
    if not (0 < min_value < max_value) or not math.isfinite(max_value):
        raise ValueError(f"need 0 < min_value < max_value, got {min_value}, {max_value}.")
    lo, hi = math.floor(math.log10(min_value)), math.ceil(math.log10(max_value))
    if per_decade == 10:
        raw = [m * 10.0**e for e in range(lo, hi + 1) for m in _R10]
    else:
        raw = list(10.0 ** np.linspace(lo, hi, (hi - lo) * per_decade + 1))
    values = sorted({float(f"{v:.3g}") for v in raw})
    tol = 1e-9
    return [v for v in values if min_value * (1 - tol) <= v <= max_value * (1 + tol)]


def _nearest(options: list[float], value: float) -> float:
    return min(options, key=lambda o: abs(math.log(o) - math.log(value)))


def log_slider(
    label: str,
    *,
    key: str,
    min_value: float,
    max_value: float,
    value: float,
    per_decade: int = 10,
    help: str | None = None,
    **kwargs: Any,
) -> float:
    """A slider over log-spaced values, bound to the URL (``?key=0.01``).

    Parameters
    ----------
    label : str
        Translated label.
    key : str
        Page-prefixed widget key (also the query-parameter name).
    min_value, max_value : float
        Range, both > 0.
    value : float
        Default; snapped to the nearest option.
    per_decade : int, default 10
        Number of steps per factor of ten.
    help : str, optional
        Translated tooltip.
    **kwargs
        Passed to ``st.select_slider`` (e.g. ``disabled``).

    Returns
    -------
    float
        The chosen value.
    """
    options = log_options(min_value, max_value, per_decade)
    return float(
        st.select_slider(
            label,
            options=options,
            value=_nearest(options, value),
            format_func=lambda v: fmt(v, 3),
            key=key,
            help=help,
            bind=BIND,
            **kwargs,
        )
    )


def number_list(
    label: str,
    *,
    key: str,
    value: str,
    min_len: int = 1,
    max_len: int = 100,
    max_abs: float = 1e6,
    help: str | None = None,
    placeholder: str | None = None,
) -> np.ndarray | None:
    """A text box for a list of numbers (``2, 1, 0.1``), parsed strictly.

    Bad input (empty, ``nan``, ``1,,2``, ``__import__('os')``, 5,000
    characters ...) shows a translated error under the box and returns
    ``None``; the caller skips what needs the numbers and the rest of the page
    keeps working. Nothing typed is ever evaluated.

    Returns
    -------
    numpy.ndarray or None
        The parsed values, or ``None`` when the text is invalid.
    """
    text = st.text_input(
        label,
        value=value,
        key=key,
        help=help,
        placeholder=placeholder,
        max_chars=2000,
        bind=BIND,
    )
    try:
        return parse_number_list(text, min_len=min_len, max_len=max_len, max_abs=max_abs)
    except InputError as exc:
        input_error(exc)
        return None
