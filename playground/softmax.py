"""Softmax with temperature: probabilities, entropy, sampling, gradients, stability.

The whole story of softmax in NumPy, with nothing about screens:

- :func:`softmax`, :func:`log_softmax`, :func:`logsumexp` — max-shifted, so that
  logits such as ``[1000, 999, -1000]`` give exact results with no warnings;
  :func:`naive_softmax` is the textbook ``exp / sum(exp)`` kept on purpose to
  show how it overflows (``inf / inf = NaN``) or underflows (``0 / 0``);
- :func:`cross_entropy` next to :func:`cross_entropy_grad` (``(p - y) / T``),
  :func:`softmax_jacobian` (``(diag(p) - p pᵀ) / T``) and finite-difference
  estimates of both (:func:`cross_entropy_grad_fd`, :func:`softmax_jacobian_fd`);
- temperature: :func:`entropy` (imported from :mod:`playground.divergence`,
  the one home of entropy, cross-entropy and KL), :func:`entropy_curve` and
  the two limits (:func:`softmax_limit`:
  ``T → 0`` is the one-hot argmax, ``T → ∞`` is uniform);
- :func:`sample` for draws and :func:`running_tv` for the law of large numbers;
- :func:`sigmoid`, which is the two-class softmax ``softmax([z, 0])[0]``;
- knowledge distillation: :func:`distillation_loss`, :func:`distillation_grad`
  and :func:`distillation_grad_norms` (why the soft loss is multiplied by ``T²``).

Conventions: natural logarithms (nats); ``temperature`` divides the logits,
``softmax(z, T) = softmax(z / T)``; ``-inf`` logits are masked classes
(probability 0), ``nan`` and ``+inf`` are rejected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from playground._validation import (
    InputError,
    check_array,
    check_choice,
    check_int,
    check_probability_vector,
    check_scalar,
    check_seed,
)

# The one entropy of the package (of a probability vector, such as a softmax
# output); its home, with cross-entropy and KL, is playground.divergence.
from playground.divergence import entropy

__all__ = [
    "MAX_SAMPLES",
    "NaiveSoftmax",
    "class_names",
    "count_names",
    "cross_entropy",
    "cross_entropy_grad",
    "cross_entropy_grad_fd",
    "distillation_grad",
    "distillation_grad_norms",
    "distillation_loss",
    "entropy",
    "entropy_curve",
    "expected_tv",
    "limit_entropy",
    "log_softmax",
    "logsumexp",
    "naive_softmax",
    "overflow_threshold",
    "parse_class_names",
    "running_tv",
    "sample",
    "Sampling",
    "sampling_summary",
    "sigmoid",
    "snippet",
    "softmax",
    "softmax_jacobian",
    "softmax_jacobian_fd",
    "softmax_limit",
    "two_class_softmax",
]

_FMAX = float(np.finfo(np.float64).max)
_TINY = float(np.finfo(np.float64).tiny)
_EPS = float(np.finfo(np.float64).eps)
#: Largest number of draws :func:`sample` accepts (memory: 8 bytes per draw).
MAX_SAMPLES = 10_000_000
#: Largest temperature accepted by the distillation functions (T² must stay finite
#: and, beyond it, the soft targets are uniform to double precision anyway).
MAX_DISTILL_TEMPERATURE = 1e6


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _check_temperature(temperature, name: str = "temperature", max_val: float | None = None):
    """``temperature`` must be a finite number > 0 whose reciprocal is finite."""
    t = check_scalar(temperature, name, min_val=0.0, include_boundaries="neither")
    if max_val is not None:
        check_scalar(t, name, max_val=max_val)
    if t < _TINY:
        raise ValueError(f"{name} == {t!r}, must be >= {_TINY!r} (1/{name} would overflow).")
    return float(t)


def _check_logits(logits, name: str = "logits", *, ndim=None, min_size: int = 1) -> np.ndarray:
    """Finite logits or ``-inf`` (masked classes); never ``nan`` or ``+inf``."""
    z = check_array(logits, name, ndim=ndim, min_size=min_size, allow_inf=True)
    if np.isposinf(z).any():
        raise ValueError(f"{name} contains +inf, must be finite or -inf (a masked class).")
    return z


def _check_axis(axis, ndim: int) -> int:
    # A 0-d input is one logit: axis 0 (or -1) of a length-1 vector.
    ndim = max(ndim, 1)
    return check_int(axis, "axis", min_val=-ndim, max_val=ndim - 1)


def _check_label(label, k: int) -> int:
    return check_int(label, "label", min_val=0, max_val=k - 1)


# ---------------------------------------------------------------------------
# The stable core: shift by the max, then scale by 1/T
# ---------------------------------------------------------------------------


def _shifted(z: np.ndarray, axis: int, temperature) -> np.ndarray:
    """``(z - max z) / T`` along ``axis``, never overflowing, never warning.

    The shifted values are ``<= 0``, so the only possible overflow is towards
    ``-inf``; such entries (``|z - max| / T > 2**1023``) are set to ``-inf``
    directly, which is their correctly rounded ``exp`` (0). Rows whose logits
    are all ``-inf`` become all ``-inf``.
    """
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    # z - m overflows only when the spread exceeds the float range.
    too_far = (z / 2 - m / 2) < -_FMAX / 2
    d = np.subtract(z, m, out=np.full(z.shape, -np.inf), where=~too_far)
    t = np.asarray(temperature, dtype=np.float64)
    shape = np.broadcast_shapes(d.shape, t.shape)
    # d / T overflows (to -inf) only when |d| / T > FMAX; test without overflowing.
    huge = (d / _FMAX) < -0.5 * t
    return np.divide(d, t, out=np.full(shape, -np.inf), where=~huge)


def _log_normaliser(u: np.ndarray, axis: int) -> np.ndarray:
    """``log(sum(exp(u)))`` for max-shifted ``u`` (max 0), via ``log1p``.

    The largest term is exactly 1, so ``log(1 + rest)`` keeps full relative
    precision when the distribution is nearly one-hot (the loss is tiny).
    """
    e = np.exp(u)
    # sum(e) - 1 would lose digits when the rest is tiny: zero the (first)
    # maximal term and sum the others explicitly.
    np.put_along_axis(e, np.argmax(u, axis=axis, keepdims=True), 0.0, axis=axis)
    rest = np.sum(e, axis=axis, keepdims=True)
    return np.log1p(rest)


def logsumexp(x, axis: int = -1) -> np.ndarray | float:
    """log(sum(exp(x))) along ``axis``, computed as max + log(sum(exp(x - max))).

    Subtracting the max makes every exponent ``<= 0``, so nothing overflows
    and the largest term is exactly ``exp(0) = 1``.

    Parameters
    ----------
    x : array_like
        Values (``-inf`` allowed; ``nan`` and ``+inf`` are rejected). A 0-d
        input is one value (``logsumexp(1.0) == 1.0``); an empty axis is an
        empty sum, whose log is ``-inf`` (SciPy's conventions).
    axis : int, default -1
        Axis to reduce (0 or -1 for a 0-d input).

    Returns
    -------
    float or numpy.ndarray
        A float for 0-d or 1-D input, else an array without ``axis``. A row of
        only ``-inf``, or an empty row, gives ``-inf`` (``log 0``).

    Raises
    ------
    ValueError
        If ``x`` contains ``nan`` or ``+inf`` (SciPy returns ``nan`` and
        ``inf``), or ``axis`` is not an axis of ``x``.
    TypeError
        If ``x`` is not numeric or ``axis`` is not an integer.

    Notes
    -----
    .. math:: \\operatorname{LSE}(x) = m + \\log \\sum_i e^{x_i - m},
              \\quad m = \\max_i x_i

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + log 2, no overflow
    1000.6931471805599
    >>> float(logsumexp([0.0, -np.inf]))
    0.0
    >>> logsumexp(1.0), logsumexp([])
    (1.0, -inf)
    """
    z = _check_logits(x, "x", min_size=0)
    axis = _check_axis(axis, z.ndim)
    if z.ndim == 0:  # one value: the same computation on a length-1 vector
        return logsumexp(z.reshape(1))
    if z.shape[axis] == 0:  # the sum over no terms is 0
        out = np.full_like(np.sum(z, axis=axis), -np.inf)
        return float(out) if out.ndim == 0 else out
    m = np.max(z, axis=axis, keepdims=True)
    all_masked = ~np.isfinite(m)
    u = _shifted(z, axis, 1.0)
    out = np.where(all_masked, -np.inf, np.where(all_masked, 0.0, m) + _log_normaliser(u, axis))
    out = np.squeeze(out, axis=axis)
    return float(out) if out.ndim == 0 else out


def log_softmax(logits, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """log p = z/T - logsumexp(z/T), computed from the max-shifted logits.

    Parameters
    ----------
    logits : array_like
        Logits ``z`` (``-inf`` marks a masked class; at least one finite per
        row). A 0-d input is a single logit (``log_softmax(1.0) == 0.0``); an
        empty input gives an empty output (SciPy's conventions).
    temperature : float, default 1.0
        ``T > 0``; the logits are divided by it.
    axis : int, default -1
        The class axis (0 or -1 for a 0-d input).

    Returns
    -------
    numpy.ndarray
        Log-probabilities, same shape as ``logits`` (a NumPy scalar for 0-d
        input); ``-inf`` for masked classes.

    Raises
    ------
    ValueError
        If ``logits`` contains ``nan`` or ``+inf``, or a row is all ``-inf``
        (SciPy returns ``nan`` for these); if ``temperature`` is ``nan``,
        infinite, ``<= 0`` or so small that ``1/T`` overflows; if ``axis`` is
        not an axis of ``logits``.
    TypeError
        If ``logits`` is not numeric, or ``temperature`` or ``axis`` has the
        wrong type.

    Notes
    -----
    .. math:: \\log p_i = \\frac{z_i - m}{T} - \\log \\sum_j e^{(z_j - m)/T},
              \\quad m = \\max_j z_j

    Examples
    --------
    >>> log_softmax([1000.0, 999.0, -1000.0]).round(4).tolist()
    [-0.3133, -1.3133, -2000.3133]
    >>> float(log_softmax(1.0))
    0.0
    """
    z = _check_logits(logits, min_size=0)
    t = _check_temperature(temperature)
    axis = _check_axis(axis, z.ndim)
    if z.ndim == 0:  # one logit: the same computation on a length-1 vector
        return log_softmax(z.reshape(1), t)[0]
    if z.size == 0:  # no classes (or no rows): nothing to normalise
        return np.zeros(z.shape)
    _check_unmasked(z, axis)
    u = _shifted(z, axis, t)
    return u - _log_normaliser(u, axis)


def _check_unmasked(z: np.ndarray, axis: int) -> None:
    if not np.isfinite(z).any(axis=axis).all():
        raise ValueError("logits has a row of only -inf, must have at least one finite logit.")


def softmax(logits, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """p = exp(z/T) / sum(exp(z/T)), computed as exp((z - max z)/T) / sum(...).

    Subtracting the max changes nothing mathematically (softmax is invariant to
    adding a constant to every logit) but keeps every exponent ``<= 0``, so
    ``exp`` never overflows and the largest term is exactly 1 (the sum is
    ``>= 1``, never ``0``).

    Parameters
    ----------
    logits : array_like
        Logits ``z``; ``-inf`` marks a masked class (probability 0). A 0-d
        input is a single logit (``softmax(1000.0) == 1.0``); an empty input
        gives an empty output (SciPy's conventions).
    temperature : float, default 1.0
        ``T > 0``. ``T → 0`` tends to the one-hot argmax, ``T → ∞`` to uniform.
    axis : int, default -1
        The class axis (0 or -1 for a 0-d input).

    Returns
    -------
    numpy.ndarray
        Probabilities in ``[0, 1]`` summing to 1 along ``axis``, same shape as
        ``logits`` (a NumPy scalar for 0-d input).

    Raises
    ------
    ValueError
        If ``logits`` contains ``nan`` or ``+inf``, or a row is all ``-inf``
        (SciPy returns ``nan`` for these); if ``temperature`` is ``nan``,
        infinite, ``<= 0`` or so small that ``1/T`` overflows (the message
        names it); if ``axis`` is not an axis of ``logits``.
    TypeError
        If ``logits`` is not numeric, or ``temperature`` or ``axis`` has the
        wrong type.

    Notes
    -----
    .. math:: p_i = \\frac{e^{z_i/T}}{\\sum_j e^{z_j/T}}
                  = \\frac{e^{(z_i - m)/T}}{\\sum_j e^{(z_j - m)/T}}

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(4)
    array([0.659 , 0.2424, 0.0986])
    >>> softmax([1000.0, 999.0, -1000.0]).round(4)  # no overflow
    array([0.7311, 0.2689, 0.    ])
    >>> float(softmax(1000.0)), softmax([])
    (1.0, array([], dtype=float64))
    >>> softmax([2.0, 1.0], temperature=0.0)
    Traceback (most recent call last):
    ...
    ValueError: temperature == 0.0, must be > 0.0.
    """
    z = _check_logits(logits, min_size=0)
    t = _check_temperature(temperature)
    axis = _check_axis(axis, z.ndim)
    if z.ndim == 0:  # one logit: the same computation on a length-1 vector
        return softmax(z.reshape(1), t)[0]
    if z.size == 0:  # no classes (or no rows): nothing to normalise
        return np.zeros(z.shape)
    _check_unmasked(z, axis)
    e = np.exp(_shifted(z, axis, t))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_limit(logits, which: str) -> np.ndarray:
    """The limits of softmax(z/T): T → 0 (argmax) and T → ∞ (uniform).

    Parameters
    ----------
    logits : array_like
        1-D logits.
    which : {"zero", "infinity"}
        ``"zero"``: uniform over the maximal logits (one-hot when the max is
        unique). ``"infinity"``: uniform over the unmasked classes.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``which`` is not ``"zero"`` or ``"infinity"``.
    TypeError
        If ``logits`` is not numeric.

    Examples
    --------
    >>> softmax_limit([2.0, 1.0, 2.0], "zero")
    array([0.5, 0. , 0.5])
    >>> softmax_limit([2.0, 1.0, -np.inf], "infinity")
    array([0.5, 0.5, 0. ])
    """
    z = _check_logits(logits, ndim=1)
    check_choice(which, "which", ("zero", "infinity"))
    _check_unmasked(z, 0)
    mask = z == z.max() if which == "zero" else np.isfinite(z)
    return mask / mask.sum()


def entropy_curve(logits, temperatures) -> np.ndarray:
    """H(softmax(z/T)) for every T in ``temperatures`` (nats).

    Parameters
    ----------
    logits : array_like
        1-D logits.
    temperatures : array_like
        1-D positive, finite temperatures.

    Returns
    -------
    numpy.ndarray
        Entropies, one per temperature, between 0 and ``log K``.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``temperatures`` is not 1-D, is empty, contains
        ``nan`` or ``±inf``, or has an entry below ``2.2e-308`` (``<= 0``).
    TypeError
        If ``logits`` or ``temperatures`` is not numeric.

    Examples
    --------
    >>> entropy_curve([2.0, 1.0, 0.1], [1e-3, 1.0, 1e6]).round(4)
    array([0.    , 0.8467, 1.0986])
    """
    z = _check_logits(logits, ndim=1)
    _check_unmasked(z, 0)
    ts = check_array(temperatures, "temperatures", ndim=1, min_size=1)
    if (ts < _TINY).any():
        raise ValueError("temperatures has an entry <= 0, must all be > 0.")
    u = _shifted(z[None, :], 1, ts[:, None])
    logp = u - _log_normaliser(u, 1)
    p = np.exp(logp)
    plogp = np.multiply(p, logp, out=np.zeros_like(p), where=p > 0)
    return np.maximum(-plogp.sum(axis=1), 0.0)


def limit_entropy(logits) -> tuple[float, float]:
    """Entropies of the two limits: (T → 0, T → ∞) = (log #argmax, log #unmasked).

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``.
    TypeError
        If ``logits`` is not numeric.

    Examples
    --------
    >>> limit_entropy([2.0, 1.0, 0.1])
    (0.0, 1.0986122886681098)
    """
    z = _check_logits(logits, ndim=1)
    _check_unmasked(z, 0)
    return math.log(int((z == z.max()).sum())), math.log(int(np.isfinite(z).sum()))


# ---------------------------------------------------------------------------
# Loss and gradient, side by side
# ---------------------------------------------------------------------------


def cross_entropy(logits, label: int, temperature: float = 1.0) -> float:
    """L = -log softmax(z/T)[y] = logsumexp(z/T) - z_y/T.

    Parameters
    ----------
    logits : array_like
        1-D logits ``z`` (K classes).
    label : int
        True class ``y`` in ``[0, K)``.
    temperature : float, default 1.0
        ``T > 0``.

    Returns
    -------
    float
        The loss in nats, ``>= 0``; ``inf`` if the true class is masked.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``label`` is outside ``[0, K)``, or ``temperature`` is
        ``nan``, infinite, ``<= 0`` or below ``2.2e-308`` (``1/T`` overflows).
    TypeError
        If ``logits`` is not numeric, ``label`` is not an integer or
        ``temperature`` not a real number.

    Notes
    -----
    .. math:: L = -\\log p_y = \\log\\sum_j e^{z_j/T} - z_y/T

    Examples
    --------
    >>> round(cross_entropy([2.0, 1.0, 0.1], 0), 4)
    0.417
    >>> round(cross_entropy([1000.0, 999.0, -1000.0], 2), 2)  # exact, not inf
    2000.31
    """
    z = _check_logits(logits, ndim=1)
    y = _check_label(label, z.size)
    return float(max(-log_softmax(z, temperature)[y], 0.0))


def cross_entropy_grad(logits, label: int, temperature: float = 1.0) -> np.ndarray:
    """dL/dz = (softmax(z/T) - onehot(y)) / T.

    The gradient pulls the true logit up by ``(1 - p_y)/T`` and pushes every
    other logit down by ``p_i/T``; its entries sum to zero.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``label`` is outside ``[0, K)``, or ``temperature`` is
        ``nan``, infinite, ``<= 0`` or below ``2.2e-308`` (``1/T`` overflows).
    TypeError
        If ``logits`` is not numeric, ``label`` is not an integer or
        ``temperature`` not a real number.

    Notes
    -----
    .. math:: \\frac{\\partial L}{\\partial z_i} = \\frac{p_i - [i = y]}{T}

    Examples
    --------
    >>> cross_entropy_grad([2.0, 1.0, 0.1], 0).round(4)
    array([-0.341 ,  0.2424,  0.0986])
    """
    z = _check_logits(logits, ndim=1)
    y = _check_label(label, z.size)
    t = _check_temperature(temperature)
    g = softmax(z, t)
    # p_y - 1 == -(sum of the other p_i): summing avoids the cancellation
    # in 1 - p_y when p_y is close to 1.
    g[y] = -(np.sum(g[:y]) + np.sum(g[y + 1 :]))
    return g / t


def _fd_step(z: np.ndarray, t: float, scale: float) -> float:
    """A finite-difference step in z: ``T`` times a step in units of ``z/T``
    that balances truncation against rounding (``eps·|f|/h``) and stays well
    above the float spacing of ``z/T``."""
    biggest = float(np.max(np.abs(z[np.isfinite(z)]), initial=0.0))
    size = max(1.0, min(biggest / t, 1e300), scale)
    return t * _EPS ** (1 / 3) * size ** (1 / 3)


def cross_entropy_grad_fd(logits, label: int, temperature: float = 1.0) -> np.ndarray:
    """Central finite differences of :func:`cross_entropy` (an independent check).

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``label`` is outside ``[0, K)``, or ``temperature`` is
        ``nan``, infinite, ``<= 0`` or below ``2.2e-308`` (``1/T`` overflows).
    TypeError
        If ``logits`` is not numeric, ``label`` is not an integer or
        ``temperature`` not a real number.

    Examples
    --------
    >>> z = [2.0, 1.0, 0.1]
    >>> bool(np.allclose(cross_entropy_grad_fd(z, 0), cross_entropy_grad(z, 0), atol=1e-8))
    True
    """
    z = _check_logits(logits, ndim=1)
    y = _check_label(label, z.size)
    t = _check_temperature(temperature)
    h = _fd_step(z, t, min(cross_entropy(z, y, t), 1e300))
    return _central(lambda v: -log_softmax(v, t)[:, y], z, h)


def softmax_jacobian(logits, temperature: float = 1.0) -> np.ndarray:
    """J = (diag(p) - p pᵀ) / T with p = softmax(z/T); J[i, j] = dp_i/dz_j.

    Every row sums to zero (probabilities keep summing to 1); the diagonal is
    ``p_i (1 - p_i) / T`` and the off-diagonal ``-p_i p_j / T``. J is
    symmetric and positive semi-definite, with the all-ones vector in its
    null space.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``temperature`` is ``nan``, infinite, ``<= 0`` or
        below ``2.2e-308`` (``1/T`` overflows).
    TypeError
        If ``logits`` is not numeric or ``temperature`` not a real number.

    Notes
    -----
    .. math:: J_{ij} = \\frac{\\partial p_i}{\\partial z_j}
                     = \\frac{p_i(\\delta_{ij} - p_j)}{T}

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0]).round(4)
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z = _check_logits(logits, ndim=1)
    t = _check_temperature(temperature)
    p = softmax(z, t)
    jac = -np.outer(p, p)
    # Diagonal p_i (1 - p_i) = p_i · (sum of the other p_j): no cancellation
    # for the dominant class when p is nearly one-hot.
    rest = 1.0 - p
    top = int(np.argmax(p))
    rest[top] = np.sum(p[:top]) + np.sum(p[top + 1 :])
    np.fill_diagonal(jac, p * rest)
    return jac / t


def softmax_jacobian_fd(logits, temperature: float = 1.0) -> np.ndarray:
    """Finite-difference estimate of :func:`softmax_jacobian`.

    Uses ``dp_i = p_i · d(log p_i)`` with fourth-order central differences of
    :func:`log_softmax`: log-probabilities carry full relative precision, so
    the estimate stays accurate when ``p`` is nearly one-hot and the Jacobian
    is tiny (plain differences of ``p`` drown in rounding there).

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``temperature`` is ``nan``, infinite, ``<= 0`` or
        below ``2.2e-308`` (``1/T`` overflows).
    TypeError
        If ``logits`` is not numeric or ``temperature`` not a real number.

    Examples
    --------
    >>> z = [2.0, 1.0, 0.1]
    >>> bool(np.allclose(softmax_jacobian_fd(z), softmax_jacobian(z), atol=1e-9))
    True
    """
    z = _check_logits(logits, ndim=1)
    t = _check_temperature(temperature)
    h = _fd_step(z, t, 1.0)
    dlogp = _central(lambda v: log_softmax(v, t), z, h)
    p = softmax(z, t)
    return p[:, None] * np.where(np.isfinite(dlogp), dlogp, 0.0)


def _central(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, h: float) -> np.ndarray:
    """Fourth-order central differences of a row-wise ``f`` at ``x``.

    ``f`` maps a batch of points (rows) to a batch of outputs; all ``4K``
    perturbed points are evaluated in one call. Returns ``out[..., j] =
    df/dx_j``; a masked (``-inf``) coordinate has derivative 0.
    """
    k = x.size
    offsets = np.array([-2.0, -1.0, 1.0, 2.0]) * h
    points = np.repeat(x[None, :], 4 * k, axis=0)
    cols = np.repeat(np.arange(k), 4)
    points[np.arange(4 * k), cols] += np.tile(offsets, k)
    raw = np.asarray(f(points), dtype=float)
    values = raw.reshape(k, 4, -1)
    m2, m1, p1, p2 = values[:, 0], values[:, 1], values[:, 2], values[:, 3]
    finite = np.isfinite(values).all(axis=1)
    with np.errstate(invalid="ignore"):  # -inf - (-inf) where an output is masked
        diff = (8 * (p1 - m1) - (p2 - m2)) / (12 * h)
    diff = np.where(finite & np.isfinite(x)[:, None], diff, 0.0)
    return diff[:, 0] if raw.ndim == 1 else diff.T


# ---------------------------------------------------------------------------
# The naive form, kept on purpose
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NaiveSoftmax:
    """The result of the textbook ``exp(z/T) / sum(exp(z/T))``.

    Attributes
    ----------
    scaled : numpy.ndarray
        ``z/T`` in the chosen dtype.
    exps : numpy.ndarray
        ``exp(z/T)`` in the chosen dtype (may hold ``inf`` or ``0``).
    probs : numpy.ndarray
        ``exps / exps.sum()`` (may hold ``nan``).
    stable : numpy.ndarray
        The max-shifted softmax, for comparison.
    status : str
        ``"ok"``; ``"overflow"`` (some ``exp`` is ``inf``, so ``inf/inf = NaN``);
        ``"underflow"`` (every ``exp`` is 0, so ``0/0 = NaN``); ``"inexact"``
        (finite but off by more than 1e-6, from subnormal or lost terms).
    n_overflow : int
        How many ``exp`` values are ``inf``.
    n_nan : int
        How many probabilities are ``nan``.
    max_error : float
        Largest ``|naive - stable|`` over the finite entries (``nan`` if none).
    """

    scaled: np.ndarray
    exps: np.ndarray
    probs: np.ndarray
    stable: np.ndarray
    status: str
    n_overflow: int
    n_nan: int
    max_error: float


def overflow_threshold(dtype: str = "float64") -> float:
    """The largest x with finite exp(x): log(max float) (709.78 for float64, 88.72 for float32).

    Raises
    ------
    ValueError
        If ``dtype`` is not ``"float32"`` or ``"float64"``.

    Examples
    --------
    >>> round(overflow_threshold("float32"), 2), round(overflow_threshold("float64"), 2)
    (88.72, 709.78)
    """
    check_choice(dtype, "dtype", ("float32", "float64"))
    return math.log(float(np.finfo(dtype).max))


def naive_softmax(logits, temperature: float = 1.0, dtype: str = "float64") -> NaiveSoftmax:
    """exp(z/T) / sum(exp(z/T)) without the max shift — the form that breaks.

    Floating-point exceptions are silenced *here only*: the ``inf`` and
    ``nan`` they produce are the point of the demonstration, reported through
    :attr:`NaiveSoftmax.status` so that a page can explain them in words.

    Parameters
    ----------
    logits : array_like
        1-D finite logits.
    temperature : float, default 1.0
        ``T > 0``.
    dtype : {"float64", "float32"}, default "float64"
        Precision of the naive computation (``exp`` overflows above 709.78 in
        float64, above 88.72 in float32).

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty or contains ``nan`` or ``±inf`` (the
        naive form gets finite logits only: its failures come from ``exp``); if
        ``temperature`` is ``nan``, infinite, ``<= 0`` or below ``2.2e-308``;
        if ``dtype`` is not ``"float32"`` or ``"float64"``.
    TypeError
        If ``logits`` is not numeric or ``temperature`` not a real number.

    Examples
    --------
    >>> r = naive_softmax([1000.0, 999.0, -1000.0])
    >>> r.status, r.n_overflow, r.n_nan
    ('overflow', 2, 2)
    >>> naive_softmax([2.0, 1.0, 0.1]).status
    'ok'
    >>> naive_softmax([-1000.0, -1001.0]).status  # 0 / 0
    'underflow'
    """
    z = check_array(logits, "logits", ndim=1, min_size=1)
    t = _check_temperature(temperature)
    check_choice(dtype, "dtype", ("float32", "float64"))
    stable = softmax(z, t)
    with np.errstate(all="ignore"):
        u = (z / t).astype(dtype)
        exps = np.exp(u)
        probs = exps / exps.sum()
    n_overflow = int(np.isposinf(exps).sum())
    nan_mask = np.isnan(probs)
    finite = ~nan_mask
    max_error = (
        float(np.max(np.abs(probs[finite].astype(np.float64) - stable[finite])))
        if finite.any()
        else float("nan")
    )
    tol = 1e-6 if dtype == "float64" else 1e-5
    if n_overflow:
        status = "overflow"
    elif not exps.any():
        status = "underflow"
    elif max_error > tol:
        status = "inexact"
    else:
        status = "ok"
    return NaiveSoftmax(u, exps, probs, stable, status, n_overflow, int(nan_mask.sum()), max_error)


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------


def sample(logits, temperature: float, n: int, seed: int) -> np.ndarray:
    """n class indices drawn i.i.d. from softmax(z/T) — temperature sampling.

    This is how a language model picks its next token: low ``T`` is nearly
    greedy (argmax), high ``T`` is nearly uniform.

    Parameters
    ----------
    logits : array_like
        1-D logits.
    temperature : float
        ``T > 0``.
    n : int
        Number of draws, ``0 <= n <=`` :data:`MAX_SAMPLES`.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same draws.

    Returns
    -------
    numpy.ndarray
        ``n`` integers in ``[0, K)``.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``temperature`` is ``nan``, infinite, ``<= 0`` or
        below ``2.2e-308`` (``1/T`` overflows); if ``n`` is outside
        ``[0, MAX_SAMPLES]`` or ``seed`` outside ``[0, 2**32 - 1]``.
    TypeError
        If ``logits`` is not numeric, ``temperature`` not a real number, or
        ``n`` or ``seed`` not an integer.

    Examples
    --------
    >>> d = sample([2.0, 1.0, 0.1], 1.0, 10_000, seed=0)
    >>> np.bincount(d, minlength=3) / d.size  # close to [0.659, 0.242, 0.099]
    array([0.6564, 0.2469, 0.0967])
    """
    z = _check_logits(logits, ndim=1)
    p = softmax(z, temperature)
    n = check_int(n, "n", min_val=0, max_val=MAX_SAMPLES)
    rng = np.random.default_rng(check_seed(seed))
    return rng.choice(z.size, size=n, p=p)


def running_tv(draws, p, points: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Total-variation distance between the first m draws' histogram and p, for growing m.

    ``TV(m) = ½ Σ_i |count_i(m)/m − p_i|`` at about ``points`` log-spaced
    values of ``m`` — the law of large numbers made visible (it shrinks like
    ``1/√m``, see :func:`expected_tv`).

    Returns
    -------
    m : numpy.ndarray
        Sample sizes (integers, increasing, ending at ``len(draws)``).
    tv : numpy.ndarray
        Distances in ``[0, 1]``.

    Raises
    ------
    ValueError
        If ``p`` is not 1-D, is empty or contains ``nan`` or ``±inf``; if
        ``draws`` is not 1-D or is empty, or has a class outside
        ``[0, len(p))``; if ``points`` is outside ``[2, 10000]``.
    TypeError
        If ``p`` or ``draws`` is not numeric or ``points`` is not an integer.

    Examples
    --------
    >>> m, tv = running_tv(np.array([0, 1, 0, 0]), np.array([0.75, 0.25]), points=4)
    >>> m.tolist(), tv.tolist()
    ([1, 2, 3, 4], [0.25, 0.25, 0.08333333333333334, 0.0])
    """
    prob = check_array(p, "p", ndim=1, min_size=1)
    d = check_array(draws, "draws", ndim=1, min_size=1, dtype=np.int64)
    if d.min() < 0 or d.max() >= prob.size:
        raise ValueError(f"draws has a class outside [0, {prob.size}), must index p.")
    points = check_int(points, "points", min_val=2, max_val=10_000)
    m = np.unique(np.geomspace(1, d.size, points).round().astype(np.int64))
    onehot_cum = np.zeros((m.size, prob.size))
    # counts at each checkpoint: bincount of the draws between checkpoints, accumulated.
    edges = np.concatenate([[0], m])
    for i in range(m.size):
        onehot_cum[i] = np.bincount(d[edges[i] : edges[i + 1]], minlength=prob.size)
    counts = np.cumsum(onehot_cum, axis=0)
    tv = 0.5 * np.abs(counts / m[:, None] - prob[None, :]).sum(axis=1)
    return m, tv


def expected_tv(p, m) -> np.ndarray:
    """Large-m expectation of the TV distance: ½ Σ_i sqrt(2 p_i (1 − p_i) / (π m)).

    Each empirical frequency is about normal with variance ``p_i(1-p_i)/m``,
    and ``E|N(0, s²)| = s·sqrt(2/π)``.

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D probability vector (empty, ``nan``, ``±inf``, a
        negative entry, or a sum off 1 by more than 1e-6); if ``m`` is not 0-D
        or 1-D, is empty, contains ``nan`` or ``±inf``, or has an entry
        ``<= 0``.
    TypeError
        If ``p`` or ``m`` is not numeric.

    Examples
    --------
    >>> expected_tv([0.5, 0.5], [1, 100]).round(4)
    array([0.3989, 0.0399])
    """
    prob = check_probability_vector(p, "p")
    ms = check_array(m, "m", ndim=(0, 1), min_size=1)
    if (ms <= 0).any():
        raise ValueError("m has an entry <= 0, must be positive sample sizes.")
    s = np.sqrt(2 * prob * (1 - prob) / np.pi).sum()
    return 0.5 * s / np.sqrt(ms)


@dataclass(frozen=True)
class Sampling:
    """What a page shows about n draws (see :func:`sampling_summary`)."""

    first: np.ndarray
    frequencies: np.ndarray
    m: np.ndarray
    tv: np.ndarray
    expected_tv: np.ndarray


def sampling_summary(logits, temperature: float, n: int, seed: int, first: int = 15) -> Sampling:
    """Draw n samples and summarise them: the first draws, the frequencies, the running TV.

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, is empty, contains ``nan`` or ``+inf``, or is
        all ``-inf``; if ``temperature`` is ``nan``, infinite, ``<= 0`` or
        below ``2.2e-308`` (``1/T`` overflows); if ``n`` is outside
        ``[1, MAX_SAMPLES]``, ``first`` outside ``[0, MAX_SAMPLES]`` or
        ``seed`` outside ``[0, 2**32 - 1]``.
    TypeError
        If ``logits`` is not numeric, ``temperature`` not a real number, or
        ``n``, ``seed`` or ``first`` not an integer.

    Examples
    --------
    >>> s = sampling_summary([2.0, 1.0, 0.1], 1.0, 1000, seed=0)
    >>> s.frequencies.sum(), s.first.size, s.m[-1]
    (np.float64(1.0), 15, np.int64(1000))
    """
    z = _check_logits(logits, ndim=1)
    n = check_int(n, "n", min_val=1, max_val=MAX_SAMPLES)
    first = check_int(first, "first", min_val=0, max_val=MAX_SAMPLES)  # at most n are shown
    d = sample(z, temperature, n, seed)
    p = softmax(z, temperature)
    m, tv = running_tv(d, p)
    return Sampling(d[:first], np.bincount(d, minlength=z.size) / n, m, tv, expected_tv(p, m))


# ---------------------------------------------------------------------------
# Sigmoid is the two-class softmax
# ---------------------------------------------------------------------------


def sigmoid(z) -> np.ndarray | float:
    """σ(z) = 1 / (1 + exp(−z)) = softmax([z, 0])[0], without overflow.

    For ``z < 0`` it is evaluated as ``exp(z) / (1 + exp(z))`` so that
    ``exp`` only sees non-positive arguments (the same trick as the max shift).

    Raises
    ------
    ValueError
        If ``z`` contains ``nan`` or ``±inf`` (SciPy's ``expit`` returns
        ``nan``, 0 and 1 for these).
    TypeError
        If ``z`` is not numeric.

    Examples
    --------
    >>> float(sigmoid(0.0)), float(sigmoid(-1000.0)), float(sigmoid(1000.0))
    (0.5, 0.0, 1.0)
    """
    x = check_array(z, "z")
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out) if out.ndim == 0 else out


def two_class_softmax(z) -> np.ndarray:
    """softmax([z, 0])[0] for every z, computed with :func:`softmax` (equals σ(z)).

    Raises
    ------
    ValueError
        If ``z`` is not 1-D, is empty, or contains ``nan`` or ``±inf``.
    TypeError
        If ``z`` is not numeric.

    Examples
    --------
    >>> two_class_softmax([0.0, 2.0]).round(4)
    array([0.5   , 0.8808])
    """
    x = check_array(z, "z", ndim=1, min_size=1)
    return softmax(np.stack([x, np.zeros_like(x)], axis=1), axis=1)[:, 0]


# ---------------------------------------------------------------------------
# Knowledge distillation
# ---------------------------------------------------------------------------


def distillation_loss(student_logits, teacher_logits, temperature: float) -> float:
    """L_soft = T² · KL(softmax(t/T) ‖ softmax(s/T)) (Hinton et al., 2015).

    The teacher's softened probabilities ``q = softmax(t/T)`` are the soft
    targets. Without the factor ``T²`` the gradient of this term shrinks like
    ``1/T²``; multiplying by ``T²`` keeps its size comparable to the hard-label
    loss when the two are mixed, whatever ``T`` is.

    Raises
    ------
    ValueError
        If ``student_logits`` or ``teacher_logits`` is not 1-D, has fewer than
        2 entries or contains ``nan`` or ``±inf``, or if their shapes differ;
        if ``temperature`` is ``nan``, infinite, ``<= 0``, below ``2.2e-308``
        or above ``MAX_DISTILL_TEMPERATURE`` (1e6).
    TypeError
        If the logits are not numeric or ``temperature`` not a real number.

    Notes
    -----
    .. math:: L_\\text{soft} = T^2 \\sum_i q_i (\\log q_i - \\log p_i),
              \\; q = \\operatorname{softmax}(t/T),\\; p = \\operatorname{softmax}(s/T)

    Examples
    --------
    >>> round(distillation_loss([0.0, 0.0], [2.0, 0.0], 1.0), 4)
    0.3278
    >>> distillation_loss([1.0, 0.0], [1.0, 0.0], 4.0)
    0.0
    """
    s, t_logits, t = _check_pair(student_logits, teacher_logits, temperature)
    logq = log_softmax(t_logits, t)
    logp = log_softmax(s, t)
    q = np.exp(logq)
    diff = np.subtract(logq, logp, out=np.zeros_like(q), where=q > 0)
    kl = max(float(np.sum(q * diff)), 0.0)
    return t * t * kl


def distillation_grad(student_logits, teacher_logits, temperature: float) -> np.ndarray:
    """dL_soft/ds = T · (softmax(s/T) − softmax(t/T)).

    That is ``T²`` times the cross-entropy gradient ``(p − q)/T``.

    Raises
    ------
    ValueError
        If ``student_logits`` or ``teacher_logits`` is not 1-D, has fewer than
        2 entries or contains ``nan`` or ``±inf``, or if their shapes differ;
        if ``temperature`` is ``nan``, infinite, ``<= 0``, below ``2.2e-308``
        or above ``MAX_DISTILL_TEMPERATURE`` (1e6).
    TypeError
        If the logits are not numeric or ``temperature`` not a real number.

    Examples
    --------
    >>> distillation_grad([0.0, 0.0], [2.0, 0.0], 2.0).round(4)
    array([-0.4621,  0.4621])
    """
    s, t_logits, t = _check_pair(student_logits, teacher_logits, temperature)
    return t * (softmax(s, t) - softmax(t_logits, t))


def _check_pair(student_logits, teacher_logits, temperature):
    s = check_array(student_logits, "student_logits", ndim=1, min_size=2)
    t_logits = check_array(teacher_logits, "teacher_logits", ndim=1, min_size=2)
    if s.shape != t_logits.shape:
        raise ValueError(
            f"student_logits.shape == {s.shape}, must equal teacher_logits.shape {t_logits.shape}."
        )
    t = _check_temperature(temperature, max_val=MAX_DISTILL_TEMPERATURE)
    return s, t_logits, t


def distillation_grad_norms(student_logits, teacher_logits, label: int, temperatures) -> dict:
    """Gradient sizes behind the T² rule, for every T in ``temperatures``.

    Returns
    -------
    dict
        ``"raw"``: ‖(p_T − q_T)/T‖, the soft cross-entropy gradient without
        the factor (shrinks like 1/T² for large T); ``"scaled"``: ``T²`` times
        it (levels off); ``"hard"``: ‖p_1 − onehot(y)‖, the hard-label
        gradient at T = 1 (a constant, for comparison).

    Raises
    ------
    ValueError
        If ``student_logits`` or ``teacher_logits`` is not 1-D, has fewer than
        2 entries or contains ``nan`` or ``±inf``, or if their shapes differ;
        if ``label`` is outside ``[0, K)``; if ``temperatures`` is not 1-D, is
        empty, contains ``nan`` or ``±inf``, or has an entry outside
        ``(0, MAX_DISTILL_TEMPERATURE]``.
    TypeError
        If an array is not numeric or ``label`` is not an integer.

    Examples
    --------
    >>> g = distillation_grad_norms([0.0, 0.0], [2.0, 0.0], 0, [10.0, 100.0])
    >>> (g["raw"][0] / g["raw"][1]).round(1)  # 10× the temperature, ~100× smaller
    np.float64(99.7)
    """
    s, t_logits, _ = _check_pair(student_logits, teacher_logits, 1.0)
    y = _check_label(label, s.size)
    ts = check_array(temperatures, "temperatures", ndim=1, min_size=1)
    if (ts <= 0).any() or (ts > MAX_DISTILL_TEMPERATURE).any():
        raise ValueError(f"temperatures must lie in (0, {MAX_DISTILL_TEMPERATURE:g}].")

    def probs(logits):
        u = _shifted(logits[None, :], 1, ts[:, None])
        e = np.exp(u)
        return e / e.sum(axis=1, keepdims=True)

    raw = np.linalg.norm(probs(s) - probs(t_logits), axis=1) / ts
    return {
        "raw": raw,
        "scaled": raw * ts**2,
        "hard": float(np.linalg.norm(cross_entropy_grad(s, y, 1.0))),
    }


# ---------------------------------------------------------------------------
# Page helpers: class names and the reproduce snippet
# ---------------------------------------------------------------------------

_NAME = re.compile(r"[\w .'+\-#&/()]+")
MAX_NAME_CHARS = 24
# A name such as "nan" or "inf" would read as a broken number wherever it is shown.
_RESERVED = re.compile(r"(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)


def parse_class_names(text: str, fallback: Sequence[str]) -> list[str]:
    """Optional class names, comma separated, strictly checked (nothing evaluated).

    Empty items, or missing names at the end, take the ``fallback`` name of
    that class; extra names beyond ``len(fallback)`` are ignored.

    Parameters
    ----------
    text : str
        What the user typed, e.g. ``"cat, dog, fox"`` (``，`` and ``、`` work too).
    fallback : sequence of str
        One default name per class.

    Returns
    -------
    list of str
        ``len(fallback)`` names.

    Raises
    ------
    InputError
        ``names_bad_char`` (a character other than letters, digits, spaces and
        ``.'+-#&/()``), ``names_too_long`` (a name over 24 characters),
        ``names_reserved`` (the word nan, inf or infinity) or ``names_duplicate``.

    Examples
    --------
    >>> parse_class_names("cat, , fox", ["c0", "c1", "c2", "c3"])
    ['cat', 'c1', 'fox', 'c3']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be an instance of str, not {type(text).__name__}.")
    names = list(fallback)
    if len(text) > 2000:
        raise InputError("names_too_long", "text is too long.", max=MAX_NAME_CHARS)
    items = [item.strip() for item in re.split(r"[,;，；、]", text)] if text.strip() else []
    for i, item in enumerate(items[: len(names)]):
        if not item:
            continue
        if len(item) > MAX_NAME_CHARS:
            raise InputError(
                "names_too_long", f"name {i + 1} is too long.", index=i + 1, max=MAX_NAME_CHARS
            )
        if not _NAME.fullmatch(item) or "_" in item:
            raise InputError(
                "names_bad_char", f"name {i + 1} has a character that is not allowed.", index=i + 1
            )
        if _RESERVED.search(item):
            raise InputError(
                "names_reserved", f"name {i + 1} reads as a special number.", index=i + 1
            )
        names[i] = item
    if len(set(names)) < len(names):
        raise InputError("names_duplicate", "two classes have the same name.")
    return names


def class_names(text: str, fallback: Sequence[str]) -> tuple[list[str], InputError | None]:
    """:func:`parse_class_names`, or the fallback names and the reason when the text is bad.

    Raises
    ------
    TypeError
        If ``text`` is not a string. (Bad names do not raise: they come back as
        the second element.)

    Examples
    --------
    >>> class_names("cat, dog", ["0", "1"])
    (['cat', 'dog'], None)
    >>> names, problem = class_names("<b>", ["0", "1"])
    >>> names, problem.code
    (['0', '1'], 'names_bad_char')
    """
    try:
        return parse_class_names(text, fallback), None
    except InputError as exc:
        return list(fallback), exc


def count_names(text: str) -> int:
    """How many non-empty names ``text`` lists (for a "3 names for 5 logits" note).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> count_names("cat, , fox"), count_names("")
    (2, 0)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be an instance of str, not {type(text).__name__}.")
    return sum(1 for item in re.split(r"[,;，；、]", text) if item.strip())


def _literal(values: np.ndarray) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def snippet(logits, temperature: float, label: int, n: int, seed: int) -> str:
    """The "Reproduce in Python" code for these parameters (validated first).

    Raises
    ------
    ValueError
        If ``logits`` is not 1-D, has fewer than 2 entries or contains ``nan``
        or ``±inf``; if ``temperature`` is ``nan``, infinite, ``<= 0`` or below
        ``2.2e-308``; if ``label`` is outside ``[0, K)``, ``n`` outside
        ``[0, MAX_SAMPLES]`` or ``seed`` outside ``[0, 2**32 - 1]``.
    TypeError
        If ``logits`` is not numeric, ``temperature`` not a real number, or
        ``label``, ``n`` or ``seed`` not an integer.

    Examples
    --------
    >>> print(snippet([2.0, 1.0], 0.5, 0, 100, 0).splitlines()[3])
    logits = np.array([2.0, 1.0])
    """
    z = check_array(logits, "logits", ndim=1, min_size=2)
    t = _check_temperature(temperature)
    y = _check_label(label, z.size)
    n = check_int(n, "n", min_val=0, max_val=MAX_SAMPLES)
    seed = check_seed(seed)
    return (
        "import numpy as np\n"
        "from playground import softmax as sm\n"
        "\n"
        f"logits = np.array({_literal(z)})\n"
        f"T, y = {t!r}, {y}\n"
        "p = sm.softmax(logits, temperature=T)          # probabilities at T\n"
        "loss = sm.cross_entropy(logits, y, temperature=T)\n"
        "grad = sm.cross_entropy_grad(logits, y, temperature=T)  # (p - onehot) / T\n"
        "J = sm.softmax_jacobian(logits, temperature=T)  # (diag(p) - p p^T) / T\n"
        f"draws = sm.sample(logits, T, n={n}, seed={seed})\n"
        "freq = np.bincount(draws, minlength=logits.size) / max(draws.size, 1)\n"
        "print(p.round(4), round(loss, 4), grad.round(4), freq.round(4))\n"
    )
