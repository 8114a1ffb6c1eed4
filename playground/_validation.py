"""Argument checks shared by every public function in :mod:`playground`.

One place for the wording of errors, in the shape scikit-learn uses::

    temperature == 0.0, must be > 0.

Every message names the argument, the offending value and the allowed range.
Wrong types raise :class:`TypeError`; wrong values raise :class:`ValueError`.

User-typed text (logit lists, probability tables) is parsed here too, strictly:
a token is a number or it is an error; nothing is ever evaluated. Parsing
errors are :class:`InputError`, a :class:`ValueError` that also carries a
machine-readable ``code`` and ``params`` so the app can translate them.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

__all__ = [
    "InputError",
    "check_array",
    "check_choice",
    "check_int",
    "check_probability_vector",
    "check_scalar",
    "check_seed",
    "check_text",
    "parse_number_list",
]

Boundaries = Literal["both", "left", "right", "neither"]


def _fmt(value: Any) -> str:
    """Render a value for an error message (short, never a huge repr)."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, np.ndarray):
        text = f"array of shape {value.shape}"
    else:
        text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_scalar(
    x: Any,
    name: str,
    *,
    target_type: type | tuple[type, ...] = numbers.Real,
    min_val: float | None = None,
    max_val: float | None = None,
    include_boundaries: Boundaries = "both",
    allow_inf: bool = False,
) -> Any:
    """Validate a scalar: type, finiteness and range.

    Parameters
    ----------
    x : object
        The value to check.
    name : str
        The argument's name, used in the message.
    target_type : type or tuple of types, default numbers.Real
        Accepted types. ``bool`` is rejected for numeric targets.
    min_val, max_val : float, optional
        Bounds; ``None`` means unbounded on that side.
    include_boundaries : {"both", "left", "right", "neither"}, default "both"
        Which bounds are allowed values.
    allow_inf : bool, default False
        Whether ``±inf`` is accepted (``nan`` never is).

    Returns
    -------
    object
        ``x`` unchanged (NumPy scalars are converted to Python numbers).

    Raises
    ------
    TypeError
        If ``x`` is not an instance of ``target_type``.
    ValueError
        If ``x`` is ``nan``, infinite (unless allowed) or out of range.

    Examples
    --------
    >>> check_scalar(0.5, "temperature", min_val=0, include_boundaries="neither")
    0.5
    >>> check_scalar(0.0, "temperature", min_val=0, include_boundaries="neither")
    Traceback (most recent call last):
    ...
    ValueError: temperature == 0.0, must be > 0.
    """
    if isinstance(x, np.generic):
        x = x.item()
    numeric = target_type in (numbers.Real, numbers.Integral, int, float) or (
        isinstance(target_type, tuple)
        and any(t in (numbers.Real, numbers.Integral, int, float) for t in target_type)
    )
    if (numeric and isinstance(x, bool)) or not isinstance(x, target_type):
        expected = (
            " or ".join(t.__name__ for t in target_type)
            if isinstance(target_type, tuple)
            else target_type.__name__
        )
        raise TypeError(f"{name} must be an instance of {expected}, not {type(x).__name__}.")
    if isinstance(x, numbers.Real):
        if math.isnan(x):
            raise ValueError(f"{name} == nan, must be a number.")
        if math.isinf(x) and not allow_inf:
            raise ValueError(f"{name} == {x}, must be finite.")
        left_closed = include_boundaries in ("both", "left")
        right_closed = include_boundaries in ("both", "right")
        if min_val is not None and (x < min_val or (x == min_val and not left_closed)):
            op = ">=" if left_closed else ">"
            raise ValueError(f"{name} == {x}, must be {op} {min_val}.")
        if max_val is not None and (x > max_val or (x == max_val and not right_closed)):
            op = "<=" if right_closed else "<"
            raise ValueError(f"{name} == {x}, must be {op} {max_val}.")
    return x


def check_int(x: Any, name: str, *, min_val: int | None = None, max_val: int | None = None) -> int:
    """Validate an integer in ``[min_val, max_val]`` (bounds inclusive).

    Examples
    --------
    >>> check_int(3, "steps", min_val=0, max_val=10)
    3
    """
    return int(
        check_scalar(x, name, target_type=numbers.Integral, min_val=min_val, max_val=max_val)
    )


def check_choice(x: Any, name: str, choices: Iterable[Any]) -> Any:
    """Validate that ``x`` is one of ``choices``.

    Examples
    --------
    >>> check_choice("adam", "name", ["gd", "adam"])
    'adam'
    """
    options = tuple(choices)
    if x not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} == {_fmt(x)}, must be one of {listed}.")
    return x


def check_seed(seed: Any, name: str = "seed") -> int:
    """Validate a random seed: an integer in ``[0, 2**32 - 1]``."""
    return check_int(seed, name, min_val=0, max_val=2**32 - 1)


def check_array(
    x: Any,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    shape: tuple[int | None, ...] | None = None,
    min_size: int | None = None,
    max_size: int | None = None,
    finite: bool = True,
    allow_inf: bool = False,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Convert to a NumPy array and validate its shape and values.

    Parameters
    ----------
    x : array_like
        Input data.
    name : str
        The argument's name, used in the message.
    ndim : int or sequence of int, optional
        Accepted numbers of dimensions.
    shape : tuple, optional
        Expected shape; ``None`` entries match any length.
    min_size, max_size : int, optional
        Bounds on the total number of elements.
    finite : bool, default True
        Reject ``nan`` (always) and ``±inf`` (unless ``allow_inf``).
    allow_inf : bool, default False
        Accept ``±inf`` entries when ``finite`` is true.
    dtype : data-type, default float64
        Target dtype; conversion failures raise :class:`TypeError`.

    Returns
    -------
    numpy.ndarray
        The converted array.
    """
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be array-like of numbers, got {_fmt(x)}.") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(str(a) for a in allowed)
            raise ValueError(f"{name}.ndim == {arr.ndim}, must be {want}.")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            s is None or s == a for s, a in zip(shape, arr.shape, strict=False)
        )
        if not ok:
            want = "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name}.shape == {arr.shape}, must be {want}.")
    if min_size is not None and arr.size < min_size:
        raise ValueError(f"{name}.size == {arr.size}, must be >= {min_size}.")
    if max_size is not None and arr.size > max_size:
        raise ValueError(f"{name}.size == {arr.size}, must be <= {max_size}.")
    if finite and np.issubdtype(arr.dtype, np.floating) and arr.size:
        if np.isnan(arr).any():
            raise ValueError(f"{name} contains nan, must contain numbers only.")
        if not allow_inf and np.isinf(arr).any():
            raise ValueError(f"{name} contains inf, must be finite.")
    return arr


def check_probability_vector(p: Any, name: str, *, atol: float = 1e-6) -> np.ndarray:
    """Validate a 1-D probability vector: non-negative entries summing to 1.

    Parameters
    ----------
    p : array_like
        Candidate probabilities.
    name : str
        The argument's name, used in the message.
    atol : float, default 1e-6
        Allowed deviation of the sum from 1.

    Returns
    -------
    numpy.ndarray
        ``p`` as a float64 array (not renormalised).

    Examples
    --------
    >>> check_probability_vector([0.25, 0.75], "p")
    array([0.25, 0.75])
    """
    arr = check_array(p, name, ndim=1, min_size=1)
    if (arr < 0).any():
        raise ValueError(f"{name} has a negative entry ({arr.min():.6g}), must be >= 0.")
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        raise ValueError(f"{name} sums to {total:.6g}, must sum to 1 (within {atol:g}).")
    return arr


class InputError(ValueError):
    """A user-input error with a translatable ``code`` and its ``params``.

    Parameters
    ----------
    code : str
        Stable identifier; the app looks up ``errors.<code>`` in its catalog.
    message : str
        English message (what ``str(exc)`` shows).
    **params
        Values substituted into the translated message.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def check_text(text: Any, max_chars: int) -> str:
    """Typed text, checked before it is parsed: a string of at most ``max_chars`` characters.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    InputError
        ``too_long`` (with ``n`` and ``max``) if it has more than ``max_chars`` characters.

    Examples
    --------
    >>> check_text("2, 1", max_chars=10)
    '2, 1'
    >>> check_text("1" * 11, max_chars=10)
    Traceback (most recent call last):
    ...
    playground._validation.InputError: text has 11 characters, must be <= 10.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be an instance of str, not {type(text).__name__}.")
    if len(text) > max_chars:
        raise InputError(
            "too_long",
            f"text has {len(text)} characters, must be <= {max_chars}.",
            n=len(text),
            max=max_chars,
        )
    return text


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SEPARATORS = re.compile(r"[,\s;，；、]+")


def parse_number_list(
    text: str,
    *,
    min_len: int = 1,
    max_len: int = 100,
    max_abs: float = 1e6,
    max_chars: int = 2000,
) -> np.ndarray:
    """Parse text such as ``"2, 1, 0.1"`` into a float array, strictly.

    Numbers are separated by commas, semicolons or white space (the Chinese
    full-width comma ``，`` and ``、`` are accepted too). Each token must be a
    plain decimal number (``1``, ``-0.5``, ``3e2``); ``nan``, ``inf``, empty
    tokens (``1,,2``), expressions and anything else are rejected. Nothing is
    evaluated.

    Parameters
    ----------
    text : str
        What the user typed.
    min_len, max_len : int
        Allowed number of values.
    max_abs : float
        Largest allowed absolute value.
    max_chars : int
        Longest accepted text.

    Returns
    -------
    numpy.ndarray
        The values, float64.

    Raises
    ------
    InputError
        With ``code`` one of ``too_long``, ``empty``, ``empty_item``,
        ``not_a_number``, ``not_finite``, ``too_large``, ``too_few``,
        ``too_many``.

    Examples
    --------
    >>> parse_number_list("2, 1, 0.1")
    array([2. , 1. , 0.1])
    >>> parse_number_list("1,,2")
    Traceback (most recent call last):
    ...
    playground._validation.InputError: item 2 is empty.
    """
    check_text(text, max_chars)
    stripped = text.strip().strip("[]()").strip()
    if not stripped:
        raise InputError("empty", "no numbers given.", min=min_len)
    # Split on separators but keep track of empty items between two commas.
    tokens = [tok.strip() for tok in re.split(r"[,;，；、]", stripped)]
    items: list[str] = []
    for i, tok in enumerate(tokens, start=1):
        if not tok:
            raise InputError("empty_item", f"item {i} is empty.", index=i)
        items.extend(part for part in _SEPARATORS.split(tok) if part)
    values = []
    for tok in items:
        if not _NUMBER.fullmatch(tok):
            lowered = tok.lower().lstrip("+-")
            if lowered in {"nan", "inf", "infinity", "∞"}:
                raise InputError("not_finite", f"{tok!r} is not a finite number.", token=tok[:20])
            raise InputError("not_a_number", f"{tok[:20]!r} is not a number.", token=tok[:20])
        value = float(tok)
        if not math.isfinite(value):
            raise InputError("not_finite", f"{tok[:20]!r} is not a finite number.", token=tok[:20])
        if abs(value) > max_abs:
            raise InputError(
                "too_large",
                f"{tok[:20]} is larger than {max_abs:g} in absolute value.",
                token=tok[:20],
                max=f"{max_abs:g}",
            )
        values.append(value)
    if len(values) < min_len:
        raise InputError(
            "too_few",
            f"{len(values)} numbers given, need at least {min_len}.",
            n=len(values),
            min=min_len,
        )
    if len(values) > max_len:
        raise InputError(
            "too_many",
            f"{len(values)} numbers given, at most {max_len} allowed.",
            n=len(values),
            max=max_len,
        )
    return np.asarray(values, dtype=np.float64)
