"""Logistic regression trained by gradient descent, in NumPy.

The whole story of the interview classic in one module:

- the model ``p = σ(w·x + b)`` and its numerically stable pieces
  (:func:`sigmoid`, :func:`log_sigmoid`, :func:`binary_cross_entropy`), each
  next to its gradient, and the textbook (naive) forms that overflow;
- the objective ``L(w, b) = mean BCE + (λ/2)·‖w‖²`` (:func:`loss`) and its
  gradient ``∂L/∂w = mean((p − y)·x) + λw``, ``∂L/∂b = mean(p − y)``
  (:func:`gradient`), checked by :func:`numerical_gradient`;
- the chain rule for one sample (:func:`chain_rule`);
- gradient descent from ``w = 0, b = 0`` (:func:`fit_gd`), full-batch or
  shuffled mini-batches, which records its path and stops (without raising)
  when the loss blows up, and :func:`diagnose` to put the run in words;
- the reference optimum from scikit-learn (:func:`sklearn_reference`) and an
  exact linear-separability test (:func:`is_separable`);
- the views of the page: loss over a grid of ``(w1, w2)``
  (:func:`loss_surface`), loss and accuracy along a line through ``w``
  (:func:`loss_slice`), cross-entropy versus squared error through the
  sigmoid (:func:`mse_through_sigmoid`), naive versus stable arithmetic
  (:func:`naive_vs_stable`);
- data sets built on scikit-learn's generators (:func:`make_data`) and the
  "Reproduce in Python" code (:func:`snippet`).

Conventions: natural logarithms (nats); labels ``y`` are 0 or 1 (soft labels
in ``[0, 1]`` are accepted by the losses); a sample is classified as 1 when
its logit is ``> 0`` (scikit-learn's ``predict``); the bias is not penalised.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from sklearn.datasets import make_blobs, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from playground._validation import (
    check_array,
    check_choice,
    check_int,
    check_scalar,
    check_seed,
)

__all__ = [
    "DATASETS",
    "DIVERGENCE_LOSS",
    "MAX_SAMPLES",
    "MAX_STEPS",
    "ChainRule",
    "Diagnosis",
    "History",
    "NaiveStable",
    "Reference",
    "accuracy",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "chain_rule",
    "diagnose",
    "fit_gd",
    "gradient",
    "is_separable",
    "log_sigmoid",
    "log_sigmoid_grad",
    "loss",
    "loss_slice",
    "loss_surface",
    "make_data",
    "mse_through_sigmoid",
    "mse_through_sigmoid_grad",
    "naive_binary_cross_entropy",
    "naive_log_sigmoid",
    "naive_sigmoid",
    "naive_vs_stable",
    "numerical_gradient",
    "per_sample_gradients",
    "probability_grid",
    "sigmoid",
    "sigmoid_grad",
    "sklearn_reference",
    "smoothness",
    "snippet",
    "talking_points",
]

#: Data-set kinds of :func:`make_data`.
DATASETS: tuple[str, ...] = ("blobs", "moons", "separable")
#: Limits of the library, set only where memory or time would blow up; the
#: page's sliders stop much earlier (2,000 samples and steps keep its worst
#: rerun under a second), a notebook user may go further.
MAX_SAMPLES = 1_000_000
MAX_STEPS = 1_000_000
#: A loss above this (it starts at ln 2 ≈ 0.69) counts as divergence.
DIVERGENCE_LOSS = 1e6
#: Largest grid side of :func:`loss_surface` / :func:`probability_grid` (4·10⁶ cells).
MAX_GRID = 2000


# ---------------------------------------------------------------------------
# Validation helpers (private)


def _logits(z, name: str = "z", *, allow_inf: bool = True) -> np.ndarray:
    return check_array(z, name, allow_inf=allow_inf)


def _scalar_or_array(out: np.ndarray, like: np.ndarray):
    return float(out) if like.ndim == 0 else out


def _labels(y, name: str, n: int | None = None) -> np.ndarray:
    arr = check_array(y, name, ndim=1, shape=None if n is None else (n,), min_size=1)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        bad = arr.min() if arr.min() < 0 else arr.max()
        raise ValueError(f"{name} contains {bad:.6g}, must be in [0, 1].")
    return arr


def _problem(w, b, X, y, l2):
    """Validate ``(w, b, X, y, l2)`` for the objective; return converted values."""
    X = check_array(X, "X", ndim=2, min_size=1)
    n, d = X.shape
    if n == 0:
        raise ValueError("X.shape[0] == 0, must be >= 1.")
    y = _labels(y, "y", n)
    w = check_array(w, "w", shape=(d,))
    b = float(check_scalar(b, "b"))
    l2 = float(check_scalar(l2, "l2", min_val=0.0))
    return w, b, X, y, l2


# ---------------------------------------------------------------------------
# The sigmoid and its logarithm: stable forms next to their gradients


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(z: np.ndarray) -> np.ndarray:
    # log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}): the exponent is never positive.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _fast_terms(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample BCE ``softplus(z) − y·z`` and ``σ(z)``, sharing one ``exp`` (hot path)."""
    e = np.exp(-np.abs(z))
    q = 1.0 / (1.0 + e)
    return np.maximum(z, 0.0) + np.log1p(e) - y * z, np.where(z >= 0, q, e * q)


def sigmoid(z):
    """Logistic function ``σ(z) = 1 / (1 + exp(−z))``, stable for any z.

    Parameters
    ----------
    z : float or array_like
        Logits; ``±inf`` allowed, ``nan`` rejected.

    Returns
    -------
    float or numpy.ndarray
        Probabilities in ``[0, 1]``, same shape as ``z``.

    Notes
    -----
    .. math:: \\sigma(z) = \\frac{1}{1 + e^{-z}} = \\frac{e^{z}}{1 + e^{z}}

    The first form overflows in ``exp(−z)`` for ``z < −709``, the second in
    ``exp(z)`` for ``z > 709``. Both are evaluated with ``e = exp(−|z|) ≤ 1``:
    ``1/(1+e)`` for ``z ≥ 0`` and ``e/(1+e)`` for ``z < 0``, so nothing
    overflows and no warning is raised.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid(np.array([-1000.0, 1000.0]))
    array([0., 1.])
    """
    arr = _logits(z)
    return _scalar_or_array(_sigmoid(arr), arr)


def sigmoid_grad(z):
    """Derivative of the sigmoid ``σ'(z) = σ(z)·(1 − σ(z))``.

    Notes
    -----
    .. math:: \\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)) = \\sigma(z)\\,\\sigma(-z)

    Evaluated as ``σ(z)·σ(−z)``: ``1 − σ(z)`` would round to 0 for
    ``z > 37``.

    Examples
    --------
    >>> sigmoid_grad(0.0)
    0.25
    >>> float(sigmoid_grad(40.0)) > 0
    True
    """
    arr = _logits(z)
    return _scalar_or_array(_sigmoid(arr) * _sigmoid(-arr), arr)


def log_sigmoid(z):
    """Log of the sigmoid ``log σ(z) = −log(1 + exp(−z))``, stable for any z.

    Notes
    -----
    .. math:: \\log \\sigma(z) = -\\operatorname{softplus}(-z) = -\\log(1 + e^{-z})

    computed with ``numpy.logaddexp(0, −z)``, which factors out the larger
    exponent (the log-sum-exp trick): ``log σ(−1000) == −1000`` exactly,
    where ``log(1/(1 + exp(1000)))`` gives ``log(0) = −inf``.

    Examples
    --------
    >>> log_sigmoid(-1000.0)
    -1000.0
    >>> bool(log_sigmoid(0.0) == -np.log(2))
    True
    """
    arr = _logits(z)
    return _scalar_or_array(-_softplus(-arr), arr)


def log_sigmoid_grad(z):
    """Derivative of the log-sigmoid ``d/dz log σ(z) = 1 − σ(z) = σ(−z)``.

    Examples
    --------
    >>> log_sigmoid_grad(0.0)
    0.5
    """
    arr = _logits(z)
    return _scalar_or_array(_sigmoid(-arr), arr)


def naive_sigmoid(z, *, form: str = "exp_neg"):
    """Textbook sigmoid, for comparison only: overflows at extreme logits.

    Parameters
    ----------
    z : float or array_like
        Logits.
    form : {"exp_neg", "exp_pos"}, default "exp_neg"
        ``"exp_neg"``: ``1 / (1 + exp(−z))`` (``exp`` overflows to ``inf``
        for ``z < −709``; the result silently becomes 0, and rounds to
        exactly 1 for ``z > 36.7``). ``"exp_pos"``: ``exp(z) / (1 + exp(z))``
        (``inf / inf = nan`` for ``z > 709``).

    Returns
    -------
    float or numpy.ndarray
        What float64 arithmetic gives (may contain ``nan``); floating-point
        warnings are suppressed, :func:`naive_vs_stable` reports them.

    Examples
    --------
    >>> naive_sigmoid(-1000.0), naive_sigmoid(40.0)
    (0.0, 1.0)
    >>> bool(np.isnan(naive_sigmoid(1000.0, form="exp_pos")))
    True
    """
    arr = _logits(z, allow_inf=False)
    check_choice(form, "form", ("exp_neg", "exp_pos"))
    with np.errstate(all="ignore"):
        out = 1.0 / (1.0 + np.exp(-arr)) if form == "exp_neg" else np.exp(arr) / (1.0 + np.exp(arr))
    return _scalar_or_array(out, arr)


def naive_log_sigmoid(z):
    """Textbook ``log(σ(z))`` with the naive sigmoid: ``−inf`` for ``z < −709``.

    Examples
    --------
    >>> naive_log_sigmoid(-1000.0)
    -inf
    """
    arr = _logits(z, allow_inf=False)
    with np.errstate(all="ignore"):
        out = np.log(1.0 / (1.0 + np.exp(-arr)))
    return _scalar_or_array(out, arr)


# ---------------------------------------------------------------------------
# Binary cross-entropy from logits, its gradient, and the naive form


def _bce_terms(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    # −[y log σ(z) + (1 − y) log(1 − σ(z))] with log(1 − σ(z)) = log σ(−z).
    return y * _softplus(-z) + (1.0 - y) * _softplus(z)


def _bce_args(logits, y):
    z = check_array(logits, "logits", ndim=1, min_size=1)
    return z, _labels(y, "y", z.size)


def binary_cross_entropy(logits, y) -> float:
    """Mean binary cross-entropy from logits: ``mean(−[y·log p + (1−y)·log(1−p)])``.

    Parameters
    ----------
    logits : array_like, shape (n,)
        Finite logits ``z``, ``p = σ(z)``.
    y : array_like, shape (n,)
        Labels in ``[0, 1]`` (0/1, or soft labels).

    Returns
    -------
    float
        Mean loss in nats; finite for any finite logits.

    Notes
    -----
    .. math::

        \\ell(z, y) = -y \\log \\sigma(z) - (1-y) \\log(1 - \\sigma(z))
                    = y\\,\\operatorname{softplus}(-z) + (1-y)\\,\\operatorname{softplus}(z)

    using ``1 − σ(z) = σ(−z)``. Each term is a ``log(1 + e^{·})``
    evaluated by ``logaddexp``, so ``z = ±1000`` gives 0 or 1000, never
    ``log(0)``.

    Examples
    --------
    >>> binary_cross_entropy([0.0], [1])
    0.6931471805599453
    >>> binary_cross_entropy([1000.0, -1000.0], [0, 1])
    1000.0
    """
    z, y = _bce_args(logits, y)
    return float(np.mean(_bce_terms(z, y)))


def binary_cross_entropy_grad(logits, y) -> np.ndarray:
    """Gradient of the mean BCE with respect to the logits: ``(σ(z) − y) / n``.

    Notes
    -----
    .. math:: \\frac{\\partial}{\\partial z_i} \\frac{1}{n}\\sum_j \\ell(z_j, y_j)
              = \\frac{\\sigma(z_i) - y_i}{n}

    The ``1/p`` of the log and the ``p(1 − p)`` of the sigmoid cancel, which
    is why frameworks fuse the two ("BCE with logits").

    Examples
    --------
    >>> binary_cross_entropy_grad([0.0, 0.0], [1, 0])
    array([-0.25,  0.25])
    """
    z, y = _bce_args(logits, y)
    return (_sigmoid(z) - y) / z.size


def naive_binary_cross_entropy(logits, y) -> np.ndarray:
    """Per-sample textbook BCE ``−[y·log p + (1−y)·log(1−p)]`` with ``p = 1/(1+e^{−z})``.

    For comparison only: ``p`` rounds to exactly 1 for ``z > 36.7``, so
    ``log(1 − p) = −inf``: the loss is ``inf`` for ``y = 0`` and, through
    ``0·(−inf)``, ``nan`` for ``y = 1``; for ``z < −709`` ``exp`` overflows,
    ``p = 0``, and the loss is ``inf`` (``y = 1``) or ``nan`` (``y = 0``).
    Warnings are suppressed.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Per-sample losses (may contain ``inf`` or ``nan``).

    Examples
    --------
    >>> naive_binary_cross_entropy([40.0, -1000.0], [0, 0])
    array([inf, nan])
    """
    z, y = _bce_args(logits, y)
    with np.errstate(all="ignore"):
        p = 1.0 / (1.0 + np.exp(-z))
        return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


# ---------------------------------------------------------------------------
# The objective, its gradient and a numerical check


def _objective(X, y, w, b, l2):
    """Objective and logits at (w, b); no validation (hot path)."""
    z = X @ w + b
    return float(np.mean(_fast_terms(z, y)[0]) + 0.5 * l2 * float(w @ w)), z


def loss(w, b, X, y, *, l2: float = 0.0) -> float:
    """Objective ``L(w, b) = mean BCE(Xw + b, y) + (l2/2)·‖w‖²``.

    Parameters
    ----------
    w : array_like, shape (d,)
        Weights.
    b : float
        Bias (not penalised).
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Labels in ``[0, 1]``.
    l2 : float, default 0.0
        L2 strength ``λ ≥ 0``.

    Notes
    -----
    .. math:: L(w, b) = \\frac{1}{n} \\sum_i \\ell(w^\\top x_i + b, y_i)
              + \\frac{\\lambda}{2} \\lVert w \\rVert^2

    Examples
    --------
    >>> loss([0.0, 0.0], 0.0, [[1.0, 2.0], [3.0, 4.0]], [0, 1])
    0.6931471805599453
    """
    w, b, X, y, l2 = _problem(w, b, X, y, l2)
    return _objective(X, y, w, b, l2)[0]


def gradient(w, b, X, y, *, l2: float = 0.0) -> tuple[np.ndarray, float]:
    """Gradient of :func:`loss`: ``∂L/∂w = mean((p − y)·x) + λw``, ``∂L/∂b = mean(p − y)``.

    Parameters
    ----------
    w, b, X, y, l2
        As in :func:`loss`.

    Returns
    -------
    grad_w : numpy.ndarray, shape (d,)
    grad_b : float

    Notes
    -----
    .. math::

        \\frac{\\partial L}{\\partial w} = \\frac{1}{n} \\sum_i (p_i - y_i)\\, x_i + \\lambda w,
        \\qquad
        \\frac{\\partial L}{\\partial b} = \\frac{1}{n} \\sum_i (p_i - y_i),
        \\qquad p_i = \\sigma(w^\\top x_i + b)

    Examples
    --------
    >>> gw, gb = gradient([0.0, 0.0], 0.0, [[1.0, 2.0], [3.0, 4.0]], [0, 1])
    >>> gw, gb
    (array([-0.5, -0.5]), 0.0)
    """
    w, b, X, y, l2 = _problem(w, b, X, y, l2)
    r = _sigmoid(X @ w + b) - y
    return X.T @ r / X.shape[0] + l2 * w, float(np.mean(r))


def numerical_gradient(w, b, X, y, *, l2: float = 0.0, h: float = 1e-4) -> tuple[np.ndarray, float]:
    """Finite-difference gradient of :func:`loss` (five-point central stencil).

    ``g ≈ [−L(θ+2h) + 8L(θ+h) − 8L(θ−h) + L(θ−2h)] / (12h)`` per coordinate:
    error ``O(h⁴)`` plus rounding ``≈ ε·L/h``, about ``1e-12`` with the
    default ``h``.

    Returns
    -------
    grad_w : numpy.ndarray, shape (d,)
    grad_b : float

    Examples
    --------
    >>> X, y = [[1.0, 2.0], [3.0, -4.0]], [0, 1]
    >>> num_w, num_b = numerical_gradient([0.3, -0.2], 0.1, X, y, l2=0.5)
    >>> ana_w, ana_b = gradient([0.3, -0.2], 0.1, X, y, l2=0.5)
    >>> bool(np.allclose(num_w, ana_w, atol=1e-10)), abs(num_b - ana_b) < 1e-10
    (True, True)
    """
    w, b, X, y, l2 = _problem(w, b, X, y, l2)
    h = float(check_scalar(h, "h", min_val=0.0, include_boundaries="neither"))
    theta = np.append(w, b)

    def f(t: np.ndarray) -> float:
        return _objective(X, y, t[:-1], t[-1], l2)[0]

    grad = np.empty_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = h
        grad[j] = (-f(theta + 2 * e) + 8 * f(theta + e) - 8 * f(theta - e) + f(theta - 2 * e)) / (
            12 * h
        )
    return grad[:-1], float(grad[-1])


def per_sample_gradients(w, b, X, y) -> np.ndarray:
    """Each sample's gradient of its own loss, ``(p_i − y_i)·x_i`` (rows).

    The mean of the rows is the data part of :func:`gradient`; the largest
    rows are the samples that pull the decision boundary most.

    Examples
    --------
    >>> per_sample_gradients([0.0], 0.0, [[2.0], [-1.0]], [1, 1])
    array([[-1. ],
           [ 0.5]])
    """
    w, b, X, y, _ = _problem(w, b, X, y, 0.0)
    return (_sigmoid(X @ w + b) - y)[:, None] * X


def accuracy(w, b, X, y) -> float:
    """Fraction classified correctly, predicting 1 when ``w·x + b > 0``.

    Examples
    --------
    >>> accuracy([1.0], 0.0, [[2.0], [-1.0], [3.0]], [1, 0, 0])
    0.6666666666666666
    """
    w, b, X, y, _ = _problem(w, b, X, y, 0.0)
    return float(np.mean((X @ w + b > 0) == (y > 0.5)))


def smoothness(X, *, l2: float = 0.0) -> float:
    """Upper bound ``L`` on the curvature of :func:`loss` over ``(w, b)``.

    ``L = λ_max(X̃ᵀX̃)/(4n) + λ`` with ``X̃ = [X, 1]``, since
    ``σ'(z) ≤ 1/4``. Full-batch gradient descent decreases the loss at every
    step when the learning rate is below ``2/L``.

    Notes
    -----
    .. math:: \\nabla^2 L = \\frac{1}{n} \\tilde X^\\top S \\tilde X + \\lambda I',\\quad
              S = \\operatorname{diag}(p_i(1-p_i)) \\preceq \\tfrac14 I

    Examples
    --------
    >>> smoothness([[1.0], [-1.0]])
    0.25
    """
    X = check_array(X, "X", ndim=2, min_size=1)
    l2 = float(check_scalar(l2, "l2", min_val=0.0))
    Xt = np.hstack([X, np.ones((X.shape[0], 1))])
    return float(np.linalg.eigvalsh(Xt.T @ Xt / X.shape[0]).max() / 4 + l2)


# ---------------------------------------------------------------------------
# The chain rule for one sample


@dataclass(frozen=True)
class ChainRule:
    """The factors of ``∂ℓ/∂w`` for one sample ``(x, y)``.

    Attributes
    ----------
    z, p : float
        Logit ``w·x + b`` and probability ``σ(z)``.
    dl_dp : float
        ``∂ℓ/∂p = −y/p + (1 − y)/(1 − p)`` (``inf`` when it overflows).
    dp_dz : float
        ``∂p/∂z = p(1 − p)``.
    dz_dw : numpy.ndarray
        ``∂z/∂w = x``.
    product : numpy.ndarray
        ``dl_dp · dp_dz · dz_dw`` as three separate floats multiplied (may be
        ``nan`` when ``dl_dp`` overflowed).
    direct : numpy.ndarray
        The simplified form ``(p − y)·x``, always finite; ``p − y`` is
        evaluated as ``−y·σ(−z) + (1 − y)·σ(z)``, exact for any logit.
    loss : float
        The sample's loss ``ℓ``.
    """

    x: np.ndarray
    y: float
    z: float
    p: float
    dl_dp: float
    dp_dz: float
    dz_dw: np.ndarray
    product: np.ndarray
    direct: np.ndarray
    loss: float

    @property
    def finite(self) -> bool:
        """Whether the three-factor product is representable (no overflow)."""
        return bool(np.isfinite(self.dl_dp) and np.all(np.isfinite(self.product)))

    def fields(
        self, num: Callable[[float], str], vec: Callable[[np.ndarray], str]
    ) -> dict[str, str]:
        """Every factor rendered by ``num`` (scalars) and ``vec`` (vectors), for a template.

        Examples
        --------
        >>> c = chain_rule([0.0], 0.0, [2.0], 1)
        >>> c.fields(str, lambda v: str(v.tolist()))["direct"]
        '[-1.0]'
        """
        residual = float(self.direct[0] / self.x[0]) if self.x[0] != 0 else self.p - self.y
        scalars = {
            "y": self.y,
            "z": self.z,
            "p": self.p,
            "dl_dp": self.dl_dp,
            "dp_dz": self.dp_dz,
            "p_y": residual,
        }
        vectors = {"x": self.x, "product": self.product, "direct": self.direct}
        return {
            **{k: num(v) for k, v in scalars.items()},
            **{k: vec(v) for k, v in vectors.items()},
        }


def chain_rule(w, b, x, y) -> ChainRule:
    """Chain rule ``∂ℓ/∂w = ∂ℓ/∂p · ∂p/∂z · ∂z/∂w = (p − y)·x`` for one sample.

    Parameters
    ----------
    w : array_like, shape (d,)
    b : float
    x : array_like, shape (d,)
        The sample's features.
    y : float
        Its label in ``[0, 1]``.

    Notes
    -----
    .. math:: \\frac{\\partial \\ell}{\\partial w}
              = \\underbrace{\\left(-\\frac{y}{p} + \\frac{1-y}{1-p}\\right)}_{
                  \\partial\\ell/\\partial p}
                \\underbrace{p(1-p)}_{\\partial p/\\partial z}
                \\underbrace{x}_{\\partial z/\\partial w} = (p - y)\\,x

    ``1/p = 1 + e^{−z}`` and ``1/(1 − p) = 1 + e^{z}`` are used so that
    ``∂ℓ/∂p`` stays exact up to ``|z| ≈ 709``, where it overflows: there the
    product is no longer representable, while ``(p − y)·x`` is.

    Examples
    --------
    >>> c = chain_rule([1.0, -1.0], 0.5, [2.0, 1.0], 1)
    >>> bool(np.allclose(c.product, c.direct)), round(c.p, 4)
    (True, 0.8176)
    """
    x = check_array(x, "x", ndim=1, min_size=1)
    w = check_array(w, "w", shape=(x.size,))
    b = float(check_scalar(b, "b"))
    y = float(check_scalar(y, "y", min_val=0.0, max_val=1.0))
    z = float(w @ x + b)
    p = float(_sigmoid(np.float64(z)))
    with np.errstate(over="ignore", invalid="ignore"):
        dl_dp = float(-y * (1.0 + np.exp(-z)) + (1.0 - y) * (1.0 + np.exp(z)))
        dp_dz = float(_sigmoid(np.float64(z)) * _sigmoid(np.float64(-z)))
        product = dl_dp * dp_dz * x
    # p − y = −y·σ(−z) + (1 − y)·σ(z): exact even where p rounds to 1 (z ≳ 37).
    direct = (-y * float(_sigmoid(np.float64(-z))) + (1.0 - y) * p) * x
    sample_loss = float(_bce_terms(np.array([z]), np.array([y]))[0])
    return ChainRule(x, y, z, p, dl_dp, dp_dz, x.copy(), product, direct, sample_loss)


# ---------------------------------------------------------------------------
# Data


def make_data(
    kind: str, n: int, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A two-feature, two-class data set, standardised (zero mean, unit variance).

    Parameters
    ----------
    kind : {"blobs", "moons", "separable"}
        ``"blobs"``: two Gaussian clusters (``sklearn.datasets.make_blobs``)
        with standard deviation ``0.4 + 2·noise`` (overlapping: logistic
        regression is the right model). ``"moons"``: two interleaving half
        circles (``make_moons`` with Gaussian ``noise``): no line separates
        them. ``"separable"``: points from ``make_blobs`` labelled by the line
        ``x1 + x2 = 0``, pushed at least 0.3 away from it, then a fraction
        ``noise`` of the labels flipped (label noise); with ``noise = 0`` the
        classes are linearly separable.
    n : int
        Number of samples, ``2 ≤ n ≤ 2000``.
    noise : float, default 0.2
        In ``[0, 1]``; its meaning depends on ``kind`` (above).
    seed : int, default 0
        Random seed.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
        Standardised features.
    y : numpy.ndarray, shape (n,)
        Labels 0.0 / 1.0 (both classes present).

    Examples
    --------
    >>> X, y = make_data("blobs", 100, noise=0.2, seed=0)
    >>> X.shape, bool(np.allclose(X.mean(axis=0), 0)), sorted(set(y.tolist()))
    ((100, 2), True, [0.0, 1.0])
    """
    check_choice(kind, "kind", DATASETS)
    n = check_int(n, "n", min_val=2, max_val=MAX_SAMPLES)
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1.0))
    seed = check_seed(seed)
    if kind == "blobs":
        X, y = make_blobs(
            n_samples=n,
            centers=[(-1.0, -1.0), (1.0, 1.0)],
            cluster_std=0.4 + 2.0 * noise,
            random_state=seed,
        )
    elif kind == "moons":
        X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    else:
        X, _ = make_blobs(
            n_samples=n, centers=[(-1.5, -1.5), (1.5, 1.5)], cluster_std=1.2, random_state=seed
        )
        u = np.array([1.0, 1.0]) / math.sqrt(2.0)
        s = X @ u
        side = np.where(s >= 0, 1.0, -1.0)
        X = X + np.outer(side * np.maximum(0.0, 0.3 - np.abs(s)), u)
        y = (side > 0).astype(int)
        flip = np.random.default_rng(seed).choice(n, size=round(noise * n), replace=False)
        y[flip] = 1 - y[flip]
    y = np.asarray(y, dtype=np.float64)
    if y.min() == y.max():  # a flip can empty a class when n is tiny
        y[np.argmax(X @ np.ones(2))] = 1.0 - y[0]
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return X, y


# ---------------------------------------------------------------------------
# Gradient descent


@dataclass(frozen=True)
class History:
    """The path of :func:`fit_gd`; entry 0 is the initial state ``w = 0, b = 0``.

    Attributes
    ----------
    w : numpy.ndarray, shape (k + 1, d)
    b, loss, accuracy, grad_norm : numpy.ndarray, shape (k + 1,)
        Weights, bias, full objective, training accuracy and norm of the
        full gradient ``‖(∂L/∂w, ∂L/∂b)‖`` after each step. ``k`` is the
        number of steps completed: the requested ``steps``, or fewer when
        the run diverged. Every recorded value is finite.
    diverged : bool
        Whether the run stopped because the loss became non-finite or larger
        than :data:`DIVERGENCE_LOSS`.
    diverged_at : int or None
        The step whose update blew up (not recorded).
    lr, l2 : float
        Learning rate and L2 strength.
    batch_size : int or None
        Mini-batch size (``None``: full batch).
    steps : int
        Requested number of steps.
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    grad_norm: np.ndarray
    diverged: bool
    diverged_at: int | None
    lr: float
    l2: float
    batch_size: int | None
    steps: int

    @property
    def steps_run(self) -> int:
        """Number of completed steps (``len(loss) − 1``)."""
        return int(self.loss.size - 1)


def _batches(n: int, batch_size: int, rng: np.random.Generator):
    """Endless shuffled mini-batches, reshuffled every epoch (last batch may be smaller)."""
    while True:
        perm = rng.permutation(n)
        for start in range(0, n, batch_size):
            yield perm[start : start + batch_size]


def fit_gd(
    X, y, *, lr: float, steps: int, batch_size: int | None = None, l2: float = 0.0, seed: int = 0
) -> History:
    """Gradient descent ``θ ← θ − lr·∇L(θ)`` on :func:`loss`, from ``w = 0, b = 0``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features (``n ≤ 2000``).
    y : array_like, shape (n,)
        Labels in ``[0, 1]``.
    lr : float
        Learning rate, ``> 0`` and ``≤ 1000``.
    steps : int
        Number of updates, ``0 ≤ steps ≤ 2000``.
    batch_size : int or None, default None
        ``None``: full-batch gradient descent. Otherwise each update uses the
        mean gradient of a mini-batch drawn from a fresh permutation every
        epoch (``1`` is SGD; the last batch of an epoch may be smaller, as
        with PyTorch's ``DataLoader``; ``batch_size ≥ n`` is full-batch). The
        L2 term is added to every mini-batch gradient.
    l2 : float, default 0.0
        L2 strength ``λ ≥ 0`` (bias not penalised).
    seed : int, default 0
        Seed of the mini-batch shuffling.

    Returns
    -------
    History
        The path; ``loss``, ``accuracy`` and ``grad_norm`` are always of the
        full data set. A loss that becomes non-finite or exceeds
        :data:`DIVERGENCE_LOSS` stops the run: ``history.diverged`` is set
        and nothing non-finite is recorded. Nothing is raised.

    Notes
    -----
    .. math:: w_{t+1} = w_t - \\eta \\Big(\\frac{1}{|B|}\\sum_{i \\in B} (p_i - y_i)\\,x_i
              + \\lambda w_t\\Big),\\qquad
              b_{t+1} = b_t - \\eta\\, \\frac{1}{|B|}\\sum_{i \\in B} (p_i - y_i)

    Examples
    --------
    >>> X, y = make_data("blobs", 200, noise=0.2, seed=0)
    >>> h = fit_gd(X, y, lr=0.5, steps=100, l2=0.01)
    >>> h.w.shape, bool(h.loss[-1] < h.loss[0]), h.diverged
    ((101, 2), True, False)
    """
    X = check_array(X, "X", ndim=2, min_size=1)
    n, d = X.shape
    if n > MAX_SAMPLES:
        raise ValueError(f"X.shape[0] == {n}, must be <= {MAX_SAMPLES}.")
    y = _labels(y, "y", n)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1000.0, include_boundaries="right"))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", min_val=1)
    l2 = float(check_scalar(l2, "l2", min_val=0.0, max_val=1e6))
    seed = check_seed(seed)
    full = batch_size is None or batch_size >= n
    batches = None if full else _batches(n, batch_size, np.random.default_rng(seed))

    XT = np.ascontiguousarray(X.T)  # (d, n): w @ XT and XT @ r are the fast products
    W, B = np.zeros((steps + 1, d)), np.zeros(steps + 1)
    w, b = np.zeros(d), 0.0
    diverged_at = None
    # The loop does only the updates (fewest NumPy calls per step); the loss,
    # accuracy and full gradient of every recorded state are evaluated at once
    # afterwards. The penalty alone bounds the loss from below, so a penalty
    # above DIVERGENCE_LOSS stops the loop as soon as it happens.
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            if full:
                r = _sigmoid(w @ XT + b) - y
                gw, gb = XT @ r / n + l2 * w, float(r.mean())
            else:
                idx = next(batches)
                r = _sigmoid(w @ XT[:, idx] + b) - y[idx]
                gw, gb = XT[:, idx] @ r / idx.size + l2 * w, float(r.mean())
            w, b = w - lr * gw, b - lr * gb
            penalty = 0.5 * l2 * float(w @ w)
            if not (penalty <= DIVERGENCE_LOSS and math.isfinite(b) and np.isfinite(w).all()):
                diverged_at = t
                break
            W[t], B[t] = w, b
    keep = steps + 1 if diverged_at is None else diverged_at
    L, A, G = _evaluate_path(X, XT, y, W[:keep], B[:keep], l2)
    bad = np.flatnonzero(~np.isfinite(L) | (L > DIVERGENCE_LOSS))
    if bad.size:  # the data term blew up first
        diverged_at, keep = int(bad[0]), int(bad[0])
    return History(
        W[:keep],
        B[:keep],
        L[:keep],
        A[:keep],
        G[:keep],
        diverged_at is not None,
        diverged_at,
        lr,
        l2,
        None if full else batch_size,
        steps,
    )


def _evaluate_path(X, XT, y, W, B, l2, chunk_elements: int = 50_000):
    """Loss, accuracy and full-gradient norm of every state ``(W[k], B[k])`` (vectorised).

    ``mean softplus(z) = (mean z + mean|z|)/2 + mean log1p(e^{−|z|})`` and
    ``mean(y·z) = w·mean(y·x) + b·mean(y)``: only ``|z|``, one ``exp`` and one
    ``log1p`` touch the (steps × n) logits, in cache-sized chunks.
    """
    n = X.shape[0]
    x_mean, xy_mean, y_mean, positive = X.mean(axis=0), XT @ y / n, float(y.mean()), y > 0.5
    L, A, G = (np.empty(len(B)) for _ in range(3))
    rows = max(1, chunk_elements // n)
    with np.errstate(all="ignore"):
        for s in range(0, len(B), rows):
            w, b = W[s : s + rows], B[s : s + rows]
            Z = w @ XT + b[:, None]
            a = np.abs(Z)
            e = np.exp(-a)
            linear = w @ x_mean + b
            L[s : s + rows] = (
                0.5 * (linear + a.mean(axis=1))
                + np.log1p(e).mean(axis=1)
                - (w @ xy_mean + b * y_mean)
                + 0.5 * l2 * np.einsum("ij,ij->i", w, w)
            )
            A[s : s + rows] = np.count_nonzero((Z > 0) == positive, axis=1) / n
            q = 1.0 / (1.0 + e)
            R = np.where(Z >= 0, q, e * q) - y
            gw, gb = R @ X / n + l2 * w, R.mean(axis=1)
            G[s : s + rows] = np.sqrt(np.einsum("ij,ij->i", gw, gw) + gb * gb)
    return L, A, G


@dataclass(frozen=True)
class Diagnosis:
    """What happened in a run, for the page to put in words.

    Attributes
    ----------
    status : {"diverged", "unstable", "separable", "converged", "running"}
        ``diverged``: stopped (loss blew up). ``unstable``: the loss went up
        on many steps or ended above its start (learning rate too large).
        ``separable``: no penalty on separable data, so there is no finite
        optimum: ‖w‖ keeps growing. ``converged``: ‖∇L‖ < 1e-4. ``running``:
        still descending; more steps or a larger learning rate would help.
    increases : int
        Number of steps on which the full loss went up.
    lr_limit : float
        ``2/L`` (see :func:`smoothness`): below it full-batch GD always
        decreases the loss.
    """

    status: str
    increases: int
    lr_limit: float
    lr: float
    steps_run: int
    grad_norm: float
    diverged_at: int | None

    def numbers(self) -> dict[str, float | int | None]:
        """The values a message about this run quotes (``limit`` is ``lr_limit``)."""
        return {
            "up": self.increases,
            "limit": self.lr_limit,
            "lr": self.lr,
            "steps": self.steps_run,
            "grad": self.grad_norm,
            "step": self.diverged_at,
        }


def diagnose(history: History, X, *, separable: bool = False) -> Diagnosis:
    """Classify a run: diverged, unstable, separable, converged or running.

    Examples
    --------
    >>> X, y = make_data("blobs", 200, noise=0.2, seed=0)
    >>> diagnose(fit_gd(X, y, lr=10.0, steps=300, l2=0.5), X).status
    'diverged'
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be an instance of History, not {type(history).__name__}.")
    limit = 2.0 / smoothness(X, l2=history.l2)
    diffs = np.diff(history.loss)
    increases = int(np.sum(diffs > 1e-12 * np.maximum(1.0, history.loss[:-1])))
    if history.diverged:
        status = "diverged"
    elif history.steps_run and (
        history.loss[-1] > history.loss[0]
        or (history.batch_size is None and increases > 0.05 * history.steps_run)
    ):
        status = "unstable"
    elif separable and history.l2 == 0:
        status = "separable"
    elif history.grad_norm[-1] < 1e-4:
        status = "converged"
    else:
        status = "running"
    return Diagnosis(
        status,
        increases,
        limit,
        history.lr,
        history.steps_run,
        float(history.grad_norm[-1]),
        history.diverged_at,
    )


# ---------------------------------------------------------------------------
# The reference: scikit-learn, and linear separability


def is_separable(X, y) -> bool:
    """Whether a line (hyperplane) separates the classes exactly.

    Solved as a linear feasibility problem with SciPy's HiGHS: is there
    ``(w, b)`` with ``s_i·(w·x_i + b) ≥ 1`` for all ``i`` (``s_i = ±1``)?
    Then the unpenalised loss has no minimiser: scaling ``w`` up always
    lowers it.

    Examples
    --------
    >>> is_separable([[0.0], [1.0]], [0, 1]), is_separable([[0.0], [1.0], [2.0]], [0, 1, 0])
    (True, False)
    """
    X = check_array(X, "X", ndim=2, min_size=1)
    y = _labels(y, "y", X.shape[0])
    s = np.where(y > 0.5, 1.0, -1.0)
    A = -s[:, None] * np.hstack([X, np.ones((X.shape[0], 1))])
    res = linprog(
        np.zeros(A.shape[1]), A_ub=A, b_ub=-np.ones(X.shape[0]), bounds=(None, None), method="highs"
    )
    return bool(res.status == 0)


@dataclass(frozen=True)
class Reference:
    """scikit-learn's optimum of the same objective.

    Attributes
    ----------
    w : numpy.ndarray or None
        Weights (``None`` when there is no finite optimum).
    b, loss : float or None
        Bias and objective value at the optimum.
    C : float
        scikit-learn's ``C = 1/(λn)`` (``inf`` when ``λ = 0``: no penalty).
    separable : bool
        Result of :func:`is_separable`.
    """

    w: np.ndarray | None
    b: float | None
    loss: float | None
    C: float
    separable: bool

    @property
    def well_posed(self) -> bool:
        """Whether a finite optimum exists (and so was computed)."""
        return self.w is not None


def sklearn_reference(X, y, *, l2: float) -> Reference:
    """scikit-learn's ``LogisticRegression`` optimum of :func:`loss`.

    scikit-learn minimises ``C·Σ ℓ_i + ½‖w‖²``; dividing by ``C·n`` gives
    ``mean ℓ + ‖w‖²/(2Cn)``, so ``C = 1/(λn)``. With ``λ = 0`` the penalty is
    off (``C = inf``); on separable data there is then no finite optimum and
    ``w`` is ``None``.

    Examples
    --------
    >>> X, y = make_data("blobs", 200, noise=0.2, seed=0)
    >>> ref = sklearn_reference(X, y, l2=0.01)
    >>> ref.C, ref.well_posed
    (0.5, True)
    """
    X = check_array(X, "X", ndim=2, min_size=1)
    y = _labels(y, "y", X.shape[0])
    l2 = float(check_scalar(l2, "l2", min_val=0.0, max_val=1e6))
    labels = y > 0.5
    if labels.all() or not labels.any():
        raise ValueError("y contains a single class, must contain both 0 and 1.")
    separable = is_separable(X, y)
    C = math.inf if l2 == 0 else 1.0 / (l2 * X.shape[0])
    if l2 == 0 and separable:
        return Reference(None, None, None, C, True)
    clf = LogisticRegression(C=C, solver="newton-cg", tol=1e-10, max_iter=10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, labels.astype(int))
    w, b = clf.coef_[0].astype(np.float64), float(clf.intercept_[0])
    return Reference(w, b, _objective(X, y, w, b, l2)[0], C, separable)


# ---------------------------------------------------------------------------
# Views: grids and slices


def _grid_axis(v, name: str) -> np.ndarray:
    return check_array(v, name, ndim=1, min_size=2, max_size=MAX_GRID)


def probability_grid(w, b, x1, x2) -> np.ndarray:
    """``σ(w1·x1 + w2·x2 + b)`` on the grid ``x1 × x2``, shape ``(len(x2), len(x1))``.

    Examples
    --------
    >>> probability_grid([1.0, 0.0], 0.0, [-1.0, 0.0, 1.0], [0.0, 1.0]).round(3)
    array([[0.269, 0.5  , 0.731],
           [0.269, 0.5  , 0.731]])
    """
    w = check_array(w, "w", shape=(2,))
    b = float(check_scalar(b, "b"))
    x1, x2 = _grid_axis(x1, "x1"), _grid_axis(x2, "x2")
    return _sigmoid(w[0] * x1[None, :] + w[1] * x2[:, None] + b)


def loss_surface(X, y, *, b: float, l2: float, w1, w2) -> np.ndarray:
    """The objective over a grid of ``(w1, w2)`` with the bias held at ``b``.

    Parameters
    ----------
    X : array_like, shape (n, 2)
    y : array_like, shape (n,)
    b : float
        Bias held fixed.
    l2 : float
        L2 strength.
    w1, w2 : array_like
        Grid axes (each of 2 to 200 values).

    Returns
    -------
    numpy.ndarray, shape (len(w2), len(w1))
        ``L([w1_j, w2_i], b)`` at row ``i``, column ``j`` (Plotly's layout).

    Examples
    --------
    >>> X, y = [[1.0, 0.0], [0.0, 1.0]], [1, 0]
    >>> S = loss_surface(X, y, b=0.0, l2=0.0, w1=[0.0, 1.0], w2=[0.0, 1.0])
    >>> bool(np.isclose(S[0, 0], np.log(2))), bool(np.isclose(S[1, 1], loss([1.0, 1.0], 0.0, X, y)))
    (True, True)
    """
    X = check_array(X, "X", ndim=2, shape=(None, 2), min_size=2)
    y = _labels(y, "y", X.shape[0])
    b = float(check_scalar(b, "b"))
    l2 = float(check_scalar(l2, "l2", min_val=0.0))
    w1, w2 = _grid_axis(w1, "w1"), _grid_axis(w2, "w2")
    n = X.shape[0]
    W1, W2 = np.meshgrid(w1, w2)
    grid = np.column_stack([W1.ravel(), W2.ravel()])
    # mean softplus(z) = (mean z + mean|z|)/2 + mean log1p(e^{−|z|}); the linear
    # parts (mean z, mean y·z) are exact in float64, the rest runs in float32
    # (relative error ~1e-7, ample for contours; use loss() for exact values).
    out = 0.5 * (grid @ X.mean(axis=0) + b) - grid @ (X.T @ y / n) - b * float(y.mean())
    out += 0.5 * l2 * np.einsum("ij,ij->i", grid, grid)
    X32, grid32 = X.T.astype(np.float32), grid.astype(np.float32)
    chunk = max(1, 1_000_000 // n)
    with np.errstate(over="ignore"):
        for start in range(0, grid.shape[0], chunk):
            a = np.abs(grid32[start : start + chunk] @ X32 + np.float32(b))
            out[start : start + chunk] += 0.5 * a.mean(axis=1, dtype=np.float64) + np.log1p(
                np.exp(-a)
            ).mean(axis=1, dtype=np.float64)
    return out.reshape(W1.shape)


def loss_slice(
    X, y, w, b, *, l2: float = 0.0, t=None, direction=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loss and accuracy along the line ``w + t·u`` through ``w`` (bias fixed).

    Parameters
    ----------
    X, y, w, b, l2
        As in :func:`loss`.
    t : array_like, optional
        Offsets (default: 401 values in ``[−3, 3]·max(1, ‖w‖)``).
    direction : array_like, optional
        ``u`` (normalised); default: perpendicular to ``w`` in the first two
        coordinates, which turns the decision boundary.

    Returns
    -------
    t, loss, accuracy : numpy.ndarray
        Accuracy is piecewise constant in ``t`` (its gradient is zero almost
        everywhere); the loss is smooth.

    Examples
    --------
    >>> X, y = make_data("blobs", 100, seed=0)
    >>> t, L, acc = loss_slice(X, y, [1.0, 1.0], 0.0, t=[-1.0, 0.0, 1.0])
    >>> L.shape, bool(acc[1] == accuracy([1.0, 1.0], 0.0, X, y))
    ((3,), True)
    """
    w, b, X, y, l2 = _problem(w, b, X, y, l2)
    if direction is None:
        u = np.zeros_like(w)
        if np.linalg.norm(w[:2]) > 1e-12:
            u[0], u[1] = -w[1], w[0]
        else:
            u[0] = 1.0
    else:
        u = check_array(direction, "direction", shape=w.shape)
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("direction has norm 0.0, must be > 0.")
    u = u / norm
    if t is None:
        t = np.linspace(-3.0, 3.0, 401) * max(1.0, float(np.linalg.norm(w)))
    t = check_array(t, "t", ndim=1, min_size=1, max_size=5000)
    Wt = w[None, :] + t[:, None] * u[None, :]
    Z = Wt @ X.T + b
    L = _bce_terms(Z, y[None, :]).mean(axis=1) + 0.5 * l2 * np.einsum("ij,ij->i", Wt, Wt)
    acc = np.mean((Z > 0) == (y[None, :] > 0.5), axis=1)
    return t, L, acc


# ---------------------------------------------------------------------------
# Why cross-entropy: squared error through the sigmoid


def mse_through_sigmoid(z, y):
    """Squared error of the probability, ``(σ(z) − y)²`` (the loss not to use).

    Examples
    --------
    >>> mse_through_sigmoid(0.0, 1)
    0.25
    """
    arr = _logits(z)
    y = float(check_scalar(y, "y", min_val=0.0, max_val=1.0))
    return _scalar_or_array((_sigmoid(arr) - y) ** 2, arr)


def mse_through_sigmoid_grad(z, y):
    """``d/dz (σ(z) − y)² = 2(σ(z) − y)·σ(z)(1 − σ(z))``.

    Compare with cross-entropy's ``σ(z) − y``: the extra factor
    ``σ(z)(1 − σ(z))`` vanishes when the model is confidently wrong (``z ≪ 0``
    for ``y = 1``), so squared error barely corrects its worst mistakes.

    Examples
    --------
    >>> mse_through_sigmoid_grad(0.0, 1)
    -0.25
    >>> abs(mse_through_sigmoid_grad(-10.0, 1)) < 1e-4
    True
    """
    arr = _logits(z)
    y = float(check_scalar(y, "y", min_val=0.0, max_val=1.0))
    s = _sigmoid(arr)
    return _scalar_or_array(2.0 * (s - y) * s * _sigmoid(-arr), arr)


# ---------------------------------------------------------------------------
# Naive versus stable arithmetic


@dataclass(frozen=True)
class NaiveStable:
    """Naive and stable evaluations at the same logits (all arrays of shape (m,)).

    Attributes
    ----------
    z : numpy.ndarray
        Logits.
    y : float
        Label used for the loss.
    naive_p, naive_p_alt, stable_p
        ``1/(1+e^{−z})``, ``e^z/(1+e^z)``, :func:`sigmoid`.
    naive_log_p, stable_log_p
        ``log(1/(1+e^{−z}))`` and :func:`log_sigmoid`.
    naive_loss, stable_loss
        Per-sample BCE: textbook ``−[y log p + (1−y) log(1−p)]`` and the
        softplus form.
    overflow : numpy.ndarray of bool
        ``exp(−z)`` or ``exp(z)`` overflowed to ``inf``.
    """

    z: np.ndarray
    y: float
    naive_p: np.ndarray
    naive_p_alt: np.ndarray
    stable_p: np.ndarray
    naive_log_p: np.ndarray
    stable_log_p: np.ndarray
    naive_loss: np.ndarray
    stable_loss: np.ndarray
    overflow: np.ndarray

    def issues(self) -> list[str]:
        """Per logit, what went wrong in the textbook forms.

        ``"nan"``: a NaN appeared (``0·log 0`` in the loss, or ``inf/inf`` in
        ``e^z/(1+e^z)``); ``"inf"``: the loss is infinite (``log 0``);
        ``"rounded"``: ``p`` rounded to exactly 0 or 1, the next log would be
        infinite; ``"ok"``: nothing lost.

        Examples
        --------
        >>> naive_vs_stable([-1000.0, 0.0, 40.0, 1000.0], y=1).issues()
        ['inf', 'ok', 'nan', 'nan']
        """
        out = []
        for i in range(self.z.size):
            if np.isnan(self.naive_loss[i]) or np.isnan(self.naive_p_alt[i]):
                out.append("nan")
            elif np.isinf(self.naive_loss[i]):
                out.append("inf")
            elif self.naive_p[i] in (0.0, 1.0):
                out.append("rounded")
            else:
                out.append("ok")
        return out


def naive_vs_stable(z, y: float = 1.0) -> NaiveStable:
    """Evaluate the sigmoid, its log and the BCE naively and stably, side by side.

    Parameters
    ----------
    z : array_like, shape (m,)
        Finite logits (``1 ≤ m ≤ 5000``).
    y : float, default 1.0
        Label in ``[0, 1]`` for the loss.

    Examples
    --------
    >>> r = naive_vs_stable([-1000.0, 0.0, 40.0], y=0)
    >>> r.naive_loss.tolist(), r.stable_loss.round(4).tolist()
    ([nan, 0.6931471805599453, inf], [0.0, 0.6931, 40.0])
    """
    z = check_array(z, "z", ndim=1, min_size=1, max_size=5000)
    y = float(check_scalar(y, "y", min_val=0.0, max_val=1.0))
    with np.errstate(all="ignore"):
        overflow = ~np.isfinite(np.exp(-z)) | ~np.isfinite(np.exp(z))
    labels = np.full(z.shape, y)
    return NaiveStable(
        z,
        y,
        naive_sigmoid(z),
        naive_sigmoid(z, form="exp_pos"),
        _sigmoid(z),
        naive_log_sigmoid(z),
        -_softplus(-z),
        naive_binary_cross_entropy(z, labels),
        _bce_terms(z, labels),
        overflow,
    )


# ---------------------------------------------------------------------------
# Numbers an interviewer would quote


def talking_points(history: History, X, y) -> dict[str, float]:
    """Live numbers for the interview answers, from the end of a run.

    Returns
    -------
    dict
        ``z``, ``p``, ``y``, ``g``: logit, probability, label and first
        gradient component ``(p − y)·x₁`` of sample 0; ``loss`` and ``geo``
        (``e^{−L}``, the geometric-mean probability of the correct label);
        ``ce5``, ``mse5``: ``|∂/∂z|`` of cross-entropy and of squared error at
        ``z = −5`` for ``y = 1``; ``wnorm``: ``‖w‖``; ``lr`` and ``limit``
        (``2/L``, see :func:`smoothness`).

    Examples
    --------
    >>> X, y = make_data("blobs", 100, seed=0)
    >>> pts = talking_points(fit_gd(X, y, lr=0.5, steps=50), X, y)
    >>> round(pts["ce5"], 4), round(pts["mse5"], 4)
    (0.9933, 0.0132)
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be an instance of History, not {type(history).__name__}.")
    X = check_array(X, "X", ndim=2, min_size=1)
    y = _labels(y, "y", X.shape[0])
    w, b = history.w[-1], float(history.b[-1])
    c = chain_rule(w, b, X[0], y[0])
    final = float(history.loss[-1])
    return {
        "z": c.z,
        "p": c.p,
        "y": c.y,
        "g": float(c.direct[0]),
        "loss": final,
        "geo": math.exp(-final),
        "ce5": 1.0 - float(_sigmoid(np.float64(-5.0))),
        "mse5": abs(float(mse_through_sigmoid_grad(-5.0, 1.0))),
        "wnorm": float(np.linalg.norm(w)),
        "lr": history.lr,
        "limit": 2.0 / smoothness(X, l2=history.l2),
    }


# ---------------------------------------------------------------------------
# Reproduce in Python


def snippet(
    *,
    kind: str,
    n: int,
    noise: float,
    seed: int,
    lr: float,
    steps: int,
    batch_size: int | None,
    l2: float,
) -> str:
    """The "Reproduce in Python" code for these settings (runs at the repo root).

    Examples
    --------
    >>> code = snippet(kind="blobs", n=200, noise=0.2, seed=0, lr=0.5, steps=100,
    ...                batch_size=None, l2=0.01)
    >>> "fit_gd(X, y, lr=0.5, steps=100, batch_size=None, l2=0.01, seed=0)" in code
    True
    """
    check_choice(kind, "kind", DATASETS)
    n = check_int(n, "n", min_val=2, max_val=MAX_SAMPLES)
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1.0))
    seed = check_seed(seed)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1000.0, include_boundaries="right"))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", min_val=1)
    l2 = float(check_scalar(l2, "l2", min_val=0.0, max_val=1e6))
    code = f"""import numpy as np
from playground.logistic import fit_gd, gradient, make_data, numerical_gradient

X, y = make_data({kind!r}, {n}, noise={noise!r}, seed={seed})
history = fit_gd(X, y, lr={lr!r}, steps={steps}, batch_size={batch_size!r}, l2={l2!r}, seed={seed})
w, b = history.w[-1], history.b[-1]
print("steps run:", history.steps_run, "diverged:", history.diverged)
print("w =", w, "b =", b, "loss =", history.loss[-1], "accuracy =", history.accuracy[-1])

# The gradient (p - y) x, checked by finite differences
grad_w, grad_b = gradient(w, b, X, y, l2={l2!r})
num_w, num_b = numerical_gradient(w, b, X, y, l2={l2!r})
print("analytic:", grad_w, grad_b, "numeric:", num_w, num_b)
"""
    if l2 > 0:
        code += f"""
# scikit-learn's optimum of the same objective: C = 1 / (l2 * n)
from sklearn.linear_model import LogisticRegression

clf = LogisticRegression(C=1 / ({l2!r} * len(y)), tol=1e-10, max_iter=10_000).fit(X, y)
print("|w - w_sklearn| =", np.linalg.norm(w - clf.coef_[0]))
"""
    return code
