"""Widgets the plain Streamlit ones do not cover, all bound to the URL.

Every widget in the app has a page-prefixed ``key`` and
``bind="query-params"``, so the URL is always a shareable view. Plain widgets
are used directly (``st.slider(..., key="softmax_seed", bind="query-params")``);
this module adds the ones that need care:

- :func:`log_slider` for quantities spanning decades (learning rate,
  temperature): a ``select_slider`` over rounded log-spaced values.
- :func:`number_list` for typed lists of numbers (logits), parsed strictly
  and reported in the user's language.
- :func:`choice` for a select box / radio / segmented control whose option
  labels are translated: a link written in either language opens the same
  choice.
- :func:`keep_in_range` for an int slider whose range other controls set
  (the step of a run, a layer of a network): a session or URL value beyond
  the new end is moved back inside before the slider is drawn.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import streamlit as st

from playground._validation import InputError, parse_number_list
from playground.app.format import fmt
from playground.app.i18n import LANGUAGES, current_language, lookup, t
from playground.app.layout import input_error
from playground.app.shell import CHOICE_KEYS

__all__ = ["BIND", "choice", "keep_in_range", "log_options", "log_slider", "number_list"]

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


@functools.lru_cache(maxsize=64)
def _log_scale(
    min_value: float, max_value: float, per_decade: int
) -> tuple[tuple[float, ...], dict]:
    """Options of a log slider and their labels, made once per range (Streamlit
    formats every option on every rerun; a dict lookup is ~10x cheaper than ``fmt``)."""
    options = tuple(log_options(min_value, max_value, per_decade))
    return options, {v: fmt(v, 3) for v in options}


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
    options, labels = _log_scale(float(min_value), float(max_value), int(per_decade))
    return float(
        st.select_slider(
            label,
            options=options,
            value=_nearest(options, value),
            format_func=lambda v: labels[v] if v in labels else fmt(v, 3),
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


def choice(
    label: str,
    options: Mapping[str, str],
    *,
    key: str,
    default: str | None = None,
    kind: Literal["selectbox", "radio", "segmented_control", "pills"] = "selectbox",
    help: str | None = None,
    **kwargs: Any,
) -> str:
    """Pick one of ``options`` (value -> catalog key of its label), URL-bound.

    Streamlit writes the *label* of the chosen option into the URL, and the
    browser remembers the label it last sent. Labels are translated, so this
    helper (1) maps a label from either catalog back to its value when a link
    opens, and (2) registers the key so that the language switch re-sends the
    value with the new label (see :func:`playground.app.shell.settings`);
    otherwise a stale label would reset the choice after a language switch.
    Use it for every choice whose labels are translated.

    Parameters
    ----------
    label : str
        Translated widget label.
    options : Mapping[str, str]
        Option value -> catalog key of the option's label, in display order.
    key : str
        Page-prefixed key, also the query-parameter name.
    default : str, optional
        Default value (first option if omitted).
    kind : {"selectbox", "radio", "segmented_control", "pills"}
        Which Streamlit widget to draw.
    help : str, optional
        Translated tooltip.
    **kwargs
        Passed to the widget (e.g. ``horizontal=True`` for a radio).

    Returns
    -------
    str
        The chosen option value.
    """
    values = list(options)
    label_keys = list(options.values())
    st.session_state.setdefault(CHOICE_KEYS, set()).add(key)
    carried = False
    if key not in st.session_state:
        raw = st.query_params.get(key)
        current = [t(k) for k in label_keys]
        if isinstance(raw, str) and raw not in current:
            for lang in LANGUAGES:
                other = [lookup(lang, k) for k in label_keys]
                if raw in other:
                    st.session_state[key] = values[other.index(raw)]
                    carried = True
                    break
    default = values[0] if default is None else default
    names = dict(zip(values, label_keys, strict=True))

    # The labels are in this run's language, captured now: Streamlit (and
    # AppTest) may call format_func after the script run has ended.
    lang = current_language()

    def format_func(value: str) -> str:
        return lookup(lang, names[value])

    widget = getattr(st, kind)
    # A value carried over through session state must not meet a default too
    # (Streamlit warns about that); the widget reads it from session state.
    if kind in ("selectbox", "radio"):
        index = None if carried else values.index(default)
        picked = widget(
            label,
            values,
            index=index,
            format_func=format_func,
            key=key,
            help=help,
            bind=BIND,
            **kwargs,
        )
    else:
        kwargs.setdefault("required", True)
        picked = widget(
            label,
            values,
            default=None if carried else default,
            format_func=format_func,
            selection_mode="single",
            key=key,
            help=help,
            bind=BIND,
            **kwargs,
        )
    return default if picked is None else picked


def _as_number(value: Any) -> float | None:
    """A session or URL value as a number (``None`` for text that is not one, or NaN)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def keep_in_range(
    key: str, low: int, high: int, *, reset: int | None = None, follow: bool = False
) -> None:
    """Keep a URL-bound int widget inside ``[low, high]``, a range other controls set.

    Call it just before drawing the widget. Its value lives in the session and
    in the URL; when the range shrinks (fewer steps, a smaller depth),
    Streamlit would read back a value from either place beyond the new end.
    Setting the session value puts both back inside (a bound URL value cannot
    be set directly).

    Parameters
    ----------
    key : str
        The widget's key (also its query parameter).
    low, high : int
        The widget's range in this rerun.
    reset : int, optional
        Where the value (the session's, else the URL's) goes when it is outside
        the range, missing or not a number; the session value is then set on
        every call (also to a value inside the range, which keeps the URL in
        step inside a fragment), so the widget must not be given a ``value`` of
        its own. Without ``reset``: when the session's or the URL's number is
        outside the range, the session's (else the URL's) moves to the nearest
        end; text that is not a number is left to the widget and its default.
    follow : bool
        With ``reset``: a value at the previous call's ``high`` goes to
        ``reset`` too, so a step slider left at the last step stays at the last
        step when the run grows.
    """
    state, url = st.session_state, st.query_params.get(key)
    if reset is None:
        values = [v for v in (_as_number(state.get(key)), _as_number(url)) if v is not None]
        if values and not all(low <= v <= high for v in values):
            state[key] = int(min(max(values[0], low), high))
        return
    value = _as_number(state.get(key, url))
    at_end = False
    if follow:
        at_end = value is not None and value == state.get(f"_{key}_end")
        state[f"_{key}_end"] = high
    inside = value is not None and low <= value <= high
    state[key] = int(value) if inside and not at_end else reset
