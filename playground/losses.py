"""Regression losses (L1, L2, smooth L1, Huber), robust line fits, and L1/L2 regularisation.

Everything here is elementwise on residuals ``r = y - ŷ`` and follows PyTorch's
conventions so a user can match the numbers against a framework:

- ``l1_loss(r) = |r|`` (``nn.L1Loss``);
- ``l2_loss(r) = r²`` (``nn.MSELoss``; some texts use ``½ r²`` — then the
  gradient is ``r`` instead of ``2r``);
- ``smooth_l1_loss(r, beta) = 0.5 r²/β if |r| < β else |r| − 0.5 β``
  (``nn.SmoothL1Loss``), with PyTorch's ``β = 0`` fallback: plain L1;
- ``huber_loss(r, delta) = 0.5 r² if |r| < δ else δ (|r| − 0.5 δ)``
  (``nn.HuberLoss``), so ``huber_loss(r, δ) = δ · smooth_l1_loss(r, β=δ)``.

Each loss sits next to its derivative (``*_grad``) with respect to ``r``.

The second half covers fitting a line under each loss (:func:`fit_line`: least
squares in closed form, least absolute deviations as a linear programme,
Huber / smooth L1 by a Newton method on the piecewise-quadratic objective),
synthetic data with outliers (:func:`outlier_data`), the geometry of L1 vs L2
constraints for two weights (:func:`constrained_optimum`), and Lasso / Ridge
coefficient paths on scikit-learn's bundled diabetes data
(:func:`regularisation_paths`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from scipy import optimize, sparse

from playground._validation import (
    check_array,
    check_choice,
    check_int,
    check_scalar,
    check_seed,
)

__all__ = [
    "LOSSES",
    "MAX_POINTS",
    "TRUE_INTERCEPT",
    "TRUE_SLOPE",
    "Geometry",
    "OutlierStudy",
    "Paths",
    "all_grads_fd",
    "all_losses",
    "constrained_optimum",
    "constrained_optimum_numeric",
    "constraint_geometry",
    "diabetes",
    "fit_line",
    "huber_grad",
    "huber_loss",
    "l0_norm",
    "l1_grad",
    "l1_loss",
    "l2_grad",
    "l2_loss",
    "lasso_ridge_at",
    "level_set",
    "line_fits",
    "line_objective",
    "loss",
    "loss_grad",
    "loss_grad_fd",
    "outlier_data",
    "outlier_study",
    "pair_hessian",
    "quadratic_loss",
    "regularisation_paths",
    "sklearn_fits",
    "smooth_l1_grad",
    "smooth_l1_loss",
    "snippet",
]

#: Loss names accepted by :func:`loss`, :func:`loss_grad` and :func:`fit_line`.
LOSSES: tuple[str, ...] = ("l1", "l2", "smooth_l1", "huber")
#: Largest data set :func:`fit_line` accepts (a memory limit: the L1 linear
#: programme grows with n).
MAX_POINTS = 1_000_000
#: The line that :func:`outlier_data` samples around.
TRUE_SLOPE = 0.8
TRUE_INTERCEPT = 1.0
#: x range of :func:`outlier_data`.
X_RANGE = (0.0, 10.0)


def _residuals(r: Any) -> np.ndarray:
    # ±inf residuals are meaningful (the loss is inf), nan never is.
    return check_array(r, "r", allow_inf=True)


def _positive(value: Any, name: str) -> float:
    return float(check_scalar(value, name, min_val=0.0, include_boundaries="neither"))


def _nonnegative(value: Any, name: str) -> float:
    return float(check_scalar(value, name, min_val=0.0))


# --- the four losses and their derivatives -----------------------------------------------


def l1_loss(r: Any) -> np.ndarray:
    """L1 (absolute) loss: ``|r|``.

    Parameters
    ----------
    r : array_like
        Residuals ``y - ŷ``; ``±inf`` allowed, ``nan`` rejected.

    Returns
    -------
    numpy.ndarray
        Same shape as ``r``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``).
    TypeError
        If ``r`` is not numeric.

    Notes
    -----
    .. math:: \\ell_1(r) = |r|

    Examples
    --------
    >>> l1_loss([-2.0, 0.0, 0.5])
    array([2. , 0. , 0.5])
    """
    return np.abs(_residuals(r))


def l1_grad(r: Any) -> np.ndarray:
    """Derivative of the L1 loss: ``sign(r)`` (the subgradient 0 at ``r = 0``).

    The gradient has the same size, 1, for every residual however small or
    large: a tiny residual is pushed as hard as an outlier.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``).
    TypeError
        If ``r`` is not numeric.

    Notes
    -----
    .. math:: \\ell_1'(r) = \\operatorname{sign}(r) \\in \\{-1, 0, 1\\}

    Examples
    --------
    >>> l1_grad([-2.0, 0.0, 0.5])
    array([-1.,  0.,  1.])
    """
    return np.sign(_residuals(r))


def l2_loss(r: Any) -> np.ndarray:
    """L2 (squared) loss: ``r²`` (PyTorch's ``MSELoss``; some texts use ``½ r²``).

    Overflows to ``inf`` (without a warning) for ``|r| > 1.3e154``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``).
    TypeError
        If ``r`` is not numeric.

    Notes
    -----
    .. math:: \\ell_2(r) = r^2

    Examples
    --------
    >>> l2_loss([-2.0, 0.0, 0.5])
    array([4.  , 0.  , 0.25])
    """
    r = _residuals(r)
    with np.errstate(over="ignore"):
        return r * r


def l2_grad(r: Any) -> np.ndarray:
    """Derivative of the L2 loss: ``2 r`` — it grows with the residual.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``).
    TypeError
        If ``r`` is not numeric.

    Notes
    -----
    .. math:: \\ell_2'(r) = 2r

    Examples
    --------
    >>> l2_grad([-2.0, 0.0, 0.5])
    array([-4.,  0.,  1.])
    """
    r = _residuals(r)
    with np.errstate(over="ignore"):
        return 2.0 * r


def smooth_l1_loss(r: Any, beta: float = 1.0) -> np.ndarray:
    """Smooth L1 loss: ``0.5 r²/β if |r| < β else |r| − 0.5 β`` (PyTorch's ``SmoothL1Loss``).

    Quadratic near zero (no kink), linear beyond ``β`` (bounded gradient).
    With ``β = 0`` the quadratic zone is empty and the loss is exactly the L1
    loss ``|r|`` (PyTorch documents this fallback and calls ``l1_loss``).

    Parameters
    ----------
    r : array_like
        Residuals; ``±inf`` allowed (the loss is ``inf``).
    beta : float, default 1.0
        Width of the quadratic zone, ``>= 0``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``r``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan``, or ``beta`` is negative, ``nan`` or
        infinite.
    TypeError
        If ``r`` is not numeric or ``beta`` is not a real number (``bool``
        included).

    Notes
    -----
    .. math::
        \\operatorname{SmoothL1}_\\beta(r) =
        \\begin{cases} \\tfrac{1}{2} r^2/\\beta & |r| < \\beta \\\\
        |r| - \\tfrac{1}{2}\\beta & \\text{otherwise} \\end{cases}

    Examples
    --------
    >>> smooth_l1_loss([0.5, 2.0], beta=1.0)
    array([0.125, 1.5  ])
    >>> smooth_l1_loss([-0.5, 2.0], beta=0.0)  # L1
    array([0.5, 2. ])
    """
    r = _residuals(r)
    beta = _nonnegative(beta, "beta")
    if beta == 0.0:  # no quadratic zone: |r| - 0.5·0 = |r|, without dividing by 0
        return l1_loss(r)
    a = np.abs(r)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(a < beta, 0.5 * r * r / beta, a - 0.5 * beta)


def smooth_l1_grad(r: Any, beta: float = 1.0) -> np.ndarray:
    """Derivative of smooth L1: ``r/β if |r| < β else sign(r)`` — never larger than 1.

    With ``β = 0`` it is the L1 (sub)gradient ``sign(r)``, 0 at ``r = 0``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan``, or ``beta`` is negative, ``nan`` or
        infinite.
    TypeError
        If ``r`` is not numeric or ``beta`` is not a real number.

    Notes
    -----
    .. math::
        \\operatorname{SmoothL1}_\\beta'(r) =
        \\begin{cases} r/\\beta & |r| < \\beta \\\\ \\operatorname{sign}(r) & \\text{otherwise}
        \\end{cases}

    Examples
    --------
    >>> smooth_l1_grad([0.5, -2.0], beta=1.0)
    array([ 0.5, -1. ])
    >>> smooth_l1_grad([-0.5, 0.0, 2.0], beta=0.0)  # sign(r)
    array([-1.,  0.,  1.])
    """
    r = _residuals(r)
    beta = _nonnegative(beta, "beta")
    if beta == 0.0:
        return l1_grad(r)
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(r) < beta, r / beta, np.sign(r))


def huber_loss(r: Any, delta: float = 1.0) -> np.ndarray:
    """Huber loss: ``0.5 r² if |r| < δ else δ (|r| − 0.5 δ)`` (PyTorch's ``HuberLoss``).

    Equal to ``δ · smooth_l1_loss(r, beta=δ)``: the same shape, scaled.

    Parameters
    ----------
    r : array_like
        Residuals.
    delta : float, default 1.0
        Where the quadratic zone ends, ``> 0``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``), or ``delta`` is ``<= 0``, ``nan`` or infinite (PyTorch also
        rejects ``delta <= 0``; SciPy's ``huber`` returns ``inf`` for a
        negative ``delta`` and 0 for ``delta = 0``).
    TypeError
        If ``r`` is not numeric or ``delta`` not a real number (``bool``
        included).

    Notes
    -----
    .. math::
        H_\\delta(r) =
        \\begin{cases} \\tfrac{1}{2} r^2 & |r| < \\delta \\\\
        \\delta\\,(|r| - \\tfrac{1}{2}\\delta) & \\text{otherwise} \\end{cases}

    Examples
    --------
    >>> huber_loss([0.5, 2.0], delta=1.0)
    array([0.125, 1.5  ])
    """
    r = _residuals(r)
    delta = _positive(delta, "delta")
    a = np.abs(r)
    with np.errstate(over="ignore", invalid="ignore"):
        return np.where(a < delta, 0.5 * r * r, delta * (a - 0.5 * delta))


def huber_grad(r: Any, delta: float = 1.0) -> np.ndarray:
    """Derivative of the Huber loss: ``r`` clipped to ``[−δ, δ]``.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``), or ``delta`` is ``<= 0``, ``nan`` or infinite.
    TypeError
        If ``r`` is not numeric or ``delta`` not a real number.

    Notes
    -----
    .. math:: H_\\delta'(r) = \\max(-\\delta, \\min(\\delta, r))

    Examples
    --------
    >>> huber_grad([0.5, -2.0], delta=1.0)
    array([ 0.5, -1. ])
    """
    r = _residuals(r)
    delta = _positive(delta, "delta")
    return np.clip(r, -delta, delta)


_FUNCS = {
    "l1": (l1_loss, l1_grad, ()),
    "l2": (l2_loss, l2_grad, ()),
    "smooth_l1": (smooth_l1_loss, smooth_l1_grad, ("beta",)),
    "huber": (huber_loss, huber_grad, ("delta",)),
}
#: How each width is checked: smooth L1 accepts β = 0 (plain L1, as in PyTorch);
#: Huber needs δ > 0 (PyTorch rejects δ <= 0; δ = 0 would be the zero loss).
_WIDTHS = {"beta": _nonnegative, "delta": _positive}


def _loss_params(name: str, params: dict[str, Any]) -> dict[str, float]:
    check_choice(name, "loss", LOSSES)
    allowed = _FUNCS[name][2]
    extra = sorted(set(params) - set(allowed))
    if extra:
        want = ", ".join(allowed) or "no parameters"
        raise TypeError(
            f"loss {name!r} got unexpected parameter(s) {', '.join(extra)}; takes {want}."
        )
    return {k: _WIDTHS[k](v, k) for k, v in params.items()}


def loss(r: Any, name: str, **params: float) -> np.ndarray:
    """Evaluate the loss called ``name`` (one of :data:`LOSSES`) on residuals ``r``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`LOSSES`, ``r`` contains ``nan``
        (``±inf`` residuals are allowed: the loss is ``inf``), or ``beta`` is
        negative (``beta = 0`` is L1) or ``delta`` is ``<= 0``, either ``nan``
        or infinite.
    TypeError
        If a parameter does not belong to the loss (``beta`` for smooth L1,
        ``delta`` for Huber, none otherwise), a width is not a real number, or
        ``r`` is not numeric.

    Examples
    --------
    >>> loss([3.0], "huber", delta=2.0)
    array([4.])
    """
    params = _loss_params(name, params)
    return _FUNCS[name][0](r, **params)


def loss_grad(r: Any, name: str, **params: float) -> np.ndarray:
    """Derivative with respect to ``r`` of the loss called ``name``.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`LOSSES`, ``r`` contains ``nan``
        (``±inf`` residuals are allowed: the loss is ``inf``), or ``beta`` is
        negative (``beta = 0`` is L1) or ``delta`` is ``<= 0``, either ``nan``
        or infinite.
    TypeError
        If a parameter does not belong to the loss, a width is not a real
        number, or ``r`` is not numeric.

    Examples
    --------
    >>> loss_grad([3.0], "smooth_l1", beta=2.0)
    array([1.])
    """
    params = _loss_params(name, params)
    return _FUNCS[name][1](r, **params)


def loss_grad_fd(r: Any, name: str, *, h: float = 1e-6, **params: float) -> np.ndarray:
    """Central finite difference ``(loss(r + h) − loss(r − h)) / 2h``: checks :func:`loss_grad`.

    At a kink (L1 at 0) the central difference averages the two one-sided
    slopes, which is the subgradient ``sign(0) = 0`` that :func:`l1_grad` returns.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` or ``±inf``, ``h`` is ``<= 0``, ``nan`` or
        infinite, ``name`` is not one of :data:`LOSSES`, or ``beta`` is
        negative (``beta = 0`` is L1) or ``delta`` is ``<= 0``, either ``nan``
        or infinite.
    TypeError
        If a parameter does not belong to the loss, ``h`` or a width is not a
        real number, or ``r`` is not numeric.

    Examples
    --------
    >>> loss_grad_fd([1.5], "l2").round(6)
    array([3.])
    """
    r = check_array(r, "r")
    h = _positive(h, "h")
    return (loss(r + h, name, **params) - loss(r - h, name, **params)) / (2 * h)


def all_losses(
    r: Any,
    *,
    beta: float = 1.0,
    delta: float = 1.0,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The four losses and their derivatives on the same residuals.

    Returns
    -------
    values, grads : dict
        ``{"l1": ..., "l2": ..., "smooth_l1": ..., "huber": ...}`` each.

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` (``±inf`` residuals are allowed: the loss is
        ``inf``), or ``beta`` is negative (``beta = 0`` is L1) or ``delta`` is
        ``<= 0``, either ``nan`` or infinite.
    TypeError
        If ``r`` is not numeric or a width is not a real number.

    Examples
    --------
    >>> values, grads = all_losses([2.0], beta=1.0, delta=1.0)
    >>> {k: float(v[0]) for k, v in values.items()}
    {'l1': 2.0, 'l2': 4.0, 'smooth_l1': 1.5, 'huber': 1.5}
    """
    params = {"l1": {}, "l2": {}, "smooth_l1": {"beta": beta}, "huber": {"delta": delta}}
    values = {name: loss(r, name, **params[name]) for name in LOSSES}
    grads = {name: loss_grad(r, name, **params[name]) for name in LOSSES}
    return values, grads


def all_grads_fd(
    r: Any, *, beta: float = 1.0, delta: float = 1.0, h: float = 1e-6
) -> dict[str, np.ndarray]:
    """:func:`loss_grad_fd` for the four losses (the numeric side of a gradient check).

    Raises
    ------
    ValueError
        If ``r`` contains ``nan`` or ``±inf``, ``h`` is ``<= 0``, ``nan`` or
        infinite, or ``beta`` is negative (``beta = 0`` is L1) or ``delta`` is
        ``<= 0``, either ``nan`` or infinite.
    TypeError
        If ``r`` is not numeric or ``h`` or a width is not a real number.

    Examples
    --------
    >>> {k: round(float(v[0]), 6) for k, v in all_grads_fd([0.5]).items()}
    {'l1': 1.0, 'l2': 1.0, 'smooth_l1': 0.5, 'huber': 0.5}
    """
    params = {"l1": {}, "l2": {}, "smooth_l1": {"beta": beta}, "huber": {"delta": delta}}
    return {name: loss_grad_fd(r, name, h=h, **params[name]) for name in LOSSES}


# --- fitting a line under each loss ------------------------------------------------------


def _xy(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    x = check_array(x, "x", ndim=1, min_size=2, max_size=MAX_POINTS)
    y = check_array(y, "y", ndim=1, shape=(x.size,))
    if np.ptp(x) == 0:
        raise ValueError(f"x has a single distinct value ({x[0]:.6g}), must have at least two.")
    return x, y


def line_objective(
    x: Any, y: Any, slope: float, intercept: float, *, loss: str, **params: float
) -> float:
    """Summed loss of the line ``slope·x + intercept``: ``Σ loss(y_i − slope·x_i − intercept)``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, has fewer than 2 or more than ``MAX_POINTS``
        entries, or has a single distinct value; ``y`` does not have the shape
        of ``x``; either contains ``nan`` or ``±inf``; if ``slope`` or
        ``intercept`` is ``nan`` or infinite; if ``loss`` is not one of
        :data:`LOSSES`, or ``beta`` is negative (``beta = 0`` is L1) or
        ``delta`` is ``<= 0``, either ``nan`` or infinite.
    TypeError
        If a parameter does not belong to the loss, or an argument has the
        wrong type.

    Examples
    --------
    >>> line_objective([0.0, 1.0, 2.0], [0.0, 1.0, 5.0], 1.0, 0.0, loss="l1")
    3.0
    """
    x, y = _xy(x, y)
    slope = float(check_scalar(slope, "slope"))
    intercept = float(check_scalar(intercept, "intercept"))
    name = check_choice(loss, "loss", LOSSES)
    params = _loss_params(name, params)
    with np.errstate(over="ignore", invalid="ignore"):
        r = y - (slope * x + intercept)
        return float(np.sum(_FUNCS[name][0](r, **params)))


def _fit_l2(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(X, y, rcond=None)[0]


def _fit_l1(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least absolute deviations, exactly, through its dual linear programme (HiGHS).

    min_θ Σ|y − Xθ|  =  max_d yᵀd  subject to  Xᵀd = 0,  −1 ≤ d ≤ 1.

    The dual has n bounded variables and only two equality constraints (the
    primal has n rows), so it solves several times faster; θ is read off the
    constraints' multipliers. Strong duality gives a certificate: the primal
    objective at θ must equal the dual optimum. If it does not (to 1e-9
    relative), the primal programme is solved instead.
    """
    res = optimize.linprog(
        -y, A_eq=X.T, b_eq=np.zeros(X.shape[1]), bounds=(-1.0, 1.0), method="highs"
    )
    if res.status == 0:
        bound = -float(res.fun)
        theta = min(
            (-res.eqlin.marginals, res.eqlin.marginals),
            key=lambda th: float(np.abs(y - X @ th).sum()),
        )
        if float(np.abs(y - X @ theta).sum()) <= bound + 1e-9 * (1.0 + abs(bound)):
            return np.asarray(theta)
    # Fallback (not needed in practice): the primal programme.
    n = y.size
    eye = sparse.identity(n, format="csr")
    a_eq = sparse.hstack([sparse.csr_matrix(X), eye, -eye], format="csr")
    cost = np.concatenate([np.zeros(X.shape[1]), np.ones(2 * n)])
    bounds = [(None, None)] * X.shape[1] + [(0, None)] * (2 * n)
    res = optimize.linprog(cost, A_eq=a_eq, b_eq=y, bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"L1 line fit failed: {res.message}")
    return np.asarray(res.x[: X.shape[1]])


def _huber_sum(X: np.ndarray, y: np.ndarray, theta: np.ndarray, delta: float) -> float:
    return float(np.sum(huber_loss(y - X @ theta, delta)))


def _zone(r: np.ndarray, delta: float) -> np.ndarray:
    """0 inside the quadratic zone, ±1 on the linear arms (the sign of the residual)."""
    return np.where(np.abs(r) <= delta, 0.0, np.sign(r))


def _fit_huber(X: np.ndarray, y: np.ndarray, delta: float, max_iter: int = 500) -> np.ndarray:
    """Minimise Σ Huber_δ(y − Xθ) exactly.

    The objective is convex and piecewise quadratic. Once it is known which
    residuals lie in the quadratic zone and which on each linear arm, the
    minimiser solves a 2×2 linear system (a Newton step). If the Newton
    solution keeps that pattern, its gradient is exactly zero and, by
    convexity, it is the global minimum: return it. Otherwise take whichever
    of the Newton step and the iteratively-reweighted least-squares (IRLS)
    step decreases the objective more; IRLS never increases it, so the loop
    descends until a Newton step closes it. When neither step decreases the
    objective any more, the IRLS fixed point (zero gradient) is reached to
    machine precision.
    """
    theta = _fit_l2(X, y)
    best = _huber_sum(X, y, theta, delta)
    for _ in range(max_iter):
        r = y - X @ theta
        zone = _zone(r, delta)
        inside = zone == 0
        candidates = []
        xi = X[inside]
        gram = xi.T @ xi
        if inside.sum() >= 2 and np.linalg.cond(gram) < 1e12:
            rhs = xi.T @ y[inside] + delta * X[~inside].T @ zone[~inside]
            newton = np.linalg.solve(gram, rhs)
            if np.array_equal(_zone(y - X @ newton, delta), zone):
                return newton
            candidates.append(newton)
        w = np.where(inside, 1.0, delta / np.maximum(np.abs(r), 1e-300))
        candidates.append(np.linalg.solve(X.T @ (w[:, None] * X), X.T @ (w * y)))
        values = [_huber_sum(X, y, c, delta) for c in candidates]
        k = int(np.argmin(values))
        if not values[k] < best:
            return theta
        theta, best = candidates[k], values[k]
    raise RuntimeError(f"Huber line fit did not converge in {max_iter} iterations.")


def fit_line(x: Any, y: Any, *, loss: str = "l2", **params: float) -> tuple[float, float]:
    """The line ``y ≈ slope·x + intercept`` minimising ``Σ loss(y_i − slope·x_i − intercept)``.

    Parameters
    ----------
    x, y : array_like
        1-D data of the same length (2 to :data:`MAX_POINTS` points); ``x``
        needs two distinct values.
    loss : {"l1", "l2", "smooth_l1", "huber"}, default "l2"
        Which loss to sum.
    **params : float
        ``beta`` for ``"smooth_l1"``, ``delta`` for ``"huber"`` (default 1.0).

    Returns
    -------
    slope, intercept : float

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, has fewer than 2 or more than ``MAX_POINTS``
        entries, or has a single distinct value; ``y`` does not have the shape
        of ``x``; either contains ``nan`` or ``±inf``; if ``loss`` is not one
        of :data:`LOSSES`, or ``beta`` is negative (``beta = 0`` is L1) or
        ``delta`` is ``<= 0``, either ``nan`` or infinite; if the fitted line
        overflows float64.
    TypeError
        If a parameter does not belong to the loss, or an argument has the
        wrong type.
    RuntimeError
        If the L1 linear programme fails or the Huber iteration does not
        converge (neither happens for finite data in practice).

    Notes
    -----
    Solved exactly, never by a fixed number of gradient steps:

    - L2: least squares, :math:`\\hat\\theta = (X^\\top X)^{-1} X^\\top y` (``lstsq``).
    - L1: least absolute deviations is a linear programme; its dual
      :math:`\\max_d\\, y^\\top d` s.t. :math:`X^\\top d = 0,\\ -1 \\le d_i \\le 1`
      is solved by HiGHS (``scipy.optimize.linprog``) and the line read off its
      multipliers, with equal primal and dual objectives as a certificate. The
      minimiser may not be unique (any line between two optimal ones is
      optimal); the objective is.
    - Huber / smooth L1: Newton steps on the convex piecewise-quadratic
      objective with an IRLS fallback, until the gradient is zero. Because
      :math:`H_\\delta = \\delta\\,\\mathrm{SmoothL1}_{\\beta=\\delta}`, smooth L1
      with ``beta`` has the same minimiser as Huber with ``delta = beta``.

    ``x`` is standardised and ``y`` scaled internally (conditioning, no overflow).

    Examples
    --------
    >>> x = [0.0, 1.0, 2.0, 3.0]
    >>> y = [1.0, 3.0, 5.0, 20.0]
    >>> [round(v, 6) for v in fit_line(x, y, loss="l2")]
    [5.9, -1.6]
    >>> [round(v, 6) for v in fit_line(x, y, loss="l1")]
    [2.0, 1.0]
    """
    name = check_choice(loss, "loss", LOSSES)
    params = _loss_params(name, params)
    x, y = _xy(x, y)
    # Rescale x and y (no overflow for any finite input), fit, map back.
    x_max, y_max = float(np.abs(x).max()), float(np.abs(y).max()) or 1.0
    x1 = x / x_max
    mean, scale = float(x1.mean()), float(x1.std())
    X = np.column_stack([(x1 - mean) / scale, np.ones_like(x1)])
    ys = y / y_max
    if name == "l2":
        a, b = _fit_l2(X, ys)
    elif name == "l1":
        a, b = _fit_l1(X, ys)
    else:
        width = params.get("beta" if name == "smooth_l1" else "delta", 1.0)
        # Smooth L1 with beta = 0 is L1: the same programme, not a zero-width Huber.
        a, b = _fit_l1(X, ys) if width == 0.0 else _fit_huber(X, ys, width / y_max)
    with np.errstate(over="ignore", invalid="ignore"):
        slope = y_max * (a / scale) / x_max
        intercept = y_max * (b - a * mean / scale)
    if not (math.isfinite(slope) and math.isfinite(intercept)):
        raise ValueError("the fitted line overflows float64: rescale x or y.")
    return float(slope), float(intercept)


def line_fits(x: Any, y: Any, *, delta: float = 1.0) -> dict[str, tuple[float, float]]:
    """:func:`fit_line` under every loss; smooth L1 uses ``beta = delta`` (same line as Huber).

    Returns
    -------
    dict
        Loss name -> ``(slope, intercept)``, in the order L2, L1, Huber, smooth L1.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, has fewer than 2 or more than ``MAX_POINTS``
        entries, or has a single distinct value; ``y`` does not have the shape
        of ``x``; either contains ``nan`` or ``±inf``; if ``delta`` is
        ``<= 0``, ``nan`` or infinite; if a fitted line overflows float64.
    TypeError
        If an argument has the wrong type.
    RuntimeError
        As :func:`fit_line`.

    Examples
    --------
    >>> fits = line_fits([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 20.0])
    >>> [round(v, 6) for v in fits["l1"]]
    [2.0, 1.0]
    """
    delta = _positive(delta, "delta")
    return {
        "l2": fit_line(x, y, loss="l2"),
        "l1": fit_line(x, y, loss="l1"),
        "huber": fit_line(x, y, loss="huber", delta=delta),
        "smooth_l1": fit_line(x, y, loss="smooth_l1", beta=delta),
    }


def sklearn_fits(x: Any, y: Any, *, epsilon: float = 1.35) -> dict[str, tuple[float, float]]:
    """Reference lines from scikit-learn: ``LinearRegression`` (L2),
    ``QuantileRegressor(quantile=0.5, alpha=0)`` (L1, solved by HiGHS) and
    ``HuberRegressor(epsilon, alpha=0)``.

    ``HuberRegressor`` is not the fixed-δ Huber fit: it estimates a noise scale
    σ jointly and switches to the linear arm at ``|r| > epsilon·σ``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, has fewer than 2 or more than ``MAX_POINTS``
        entries, or has a single distinct value; ``y`` does not have the shape
        of ``x``; either contains ``nan`` or ``±inf``; if ``epsilon`` is
        outside ``[1, 100]`` (``nan`` included).
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> refs = sklearn_fits([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.0, 20.0])
    >>> [round(v, 6) for v in refs["linear"]]
    [5.9, -1.6]
    """
    from sklearn.linear_model import HuberRegressor, LinearRegression, QuantileRegressor

    x, y = _xy(x, y)
    epsilon = float(check_scalar(epsilon, "epsilon", min_val=1.0, max_val=100.0))
    X = x[:, None]
    out = {}
    for name, model in (
        ("linear", LinearRegression()),
        ("quantile", QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs")),
        ("huber", HuberRegressor(epsilon=epsilon, alpha=0.0, max_iter=1000)),
    ):
        model.fit(X, y)
        out[name] = (float(model.coef_[0]), float(model.intercept_))
    return out


def outlier_data(
    n: int = 40,
    *,
    noise: float = 0.5,
    seed: int = 0,
    n_outliers: int = 4,
    outlier_size: float = -12.0,
    outlier_x: float = 9.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points around the line ``y = 0.8 x + 1`` plus ``n_outliers`` shifted ones.

    Parameters
    ----------
    n : int, default 40
        Clean points, x uniform on [0, 10] (2 to :data:`MAX_POINTS`).
    noise : float, default 0.5
        Standard deviation of the Gaussian noise on y (0 to 100).
    seed : int, default 0
        Random seed.
    n_outliers : int, default 4
        Extra points (0 to :data:`MAX_POINTS`).
    outlier_size : float, default -12.0
        Vertical offset of the outliers from the true line (|size| ≤ 1000).
    outlier_x : float, default 9.0
        Where the outliers sit on the x axis (jittered by ±0.25, clipped to [0, 10]).

    Returns
    -------
    x, y : numpy.ndarray
        All ``n + n_outliers`` points (clean ones first).
    is_outlier : numpy.ndarray of bool

    Raises
    ------
    ValueError
        If ``n`` is outside ``[2, MAX_POINTS]``, ``n_outliers`` outside
        ``[0, MAX_POINTS]``, ``noise`` outside ``[0, 100]``, ``outlier_size``
        outside ``[-1000, 1000]``, ``outlier_x`` outside ``[0, 10]`` (``nan``
        and ``inf`` included), or ``seed`` outside ``[0, 2**32 - 1]``.
    TypeError
        If ``n``, ``n_outliers`` or ``seed`` is not an integer, or a float
        argument is not a real number.

    Examples
    --------
    >>> x, y, out = outlier_data(5, n_outliers=2, seed=1)
    >>> x.shape, int(out.sum())
    ((7,), 2)
    """
    n = check_int(n, "n", min_val=2, max_val=MAX_POINTS)
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=100.0))
    seed = check_seed(seed)
    k = check_int(n_outliers, "n_outliers", min_val=0, max_val=MAX_POINTS)
    size = float(check_scalar(outlier_size, "outlier_size", min_val=-1000.0, max_val=1000.0))
    where = float(check_scalar(outlier_x, "outlier_x", min_val=X_RANGE[0], max_val=X_RANGE[1]))
    rng = np.random.default_rng(seed)
    x_clean = np.sort(rng.uniform(*X_RANGE, size=n))
    x_out = np.clip(where + rng.uniform(-0.25, 0.25, size=k), *X_RANGE)
    x = np.concatenate([x_clean, x_out])
    y = TRUE_SLOPE * x + TRUE_INTERCEPT + noise * rng.standard_normal(n + k)
    y[n:] += size
    return x, y, np.arange(n + k) >= n


class OutlierStudy(NamedTuple):
    """Data with outliers and every line fitted to it (see :func:`outlier_study`); unpacks
    as ``x, y, is_outlier, fits, refs``.

    Attributes
    ----------
    x, y : numpy.ndarray
        The points (clean ones first).
    is_outlier : numpy.ndarray of bool
        Which points are outliers.
    fits : dict
        :func:`line_fits`: ``"l2"``, ``"l1"``, ``"huber"``, ``"smooth_l1"``
        -> ``(slope, intercept)``.
    refs : dict
        :func:`sklearn_fits`: ``"linear"``, ``"quantile"``, ``"huber"`` -> ``(slope, intercept)``;
        empty unless asked for.
    """

    x: np.ndarray
    y: np.ndarray
    is_outlier: np.ndarray
    fits: dict[str, tuple[float, float]]
    refs: dict[str, tuple[float, float]]


def outlier_study(
    n: int = 40,
    *,
    noise: float = 0.5,
    seed: int = 0,
    n_outliers: int = 4,
    outlier_size: float = -12.0,
    outlier_x: float = 9.0,
    delta: float = 1.0,
    references: bool = False,
) -> OutlierStudy:
    """:func:`outlier_data`, then :func:`line_fits` and (if ``references``) :func:`sklearn_fits`.

    The scikit-learn references cost about ten times more than the fits
    themselves (``HuberRegressor`` runs L-BFGS), so they are optional.

    Raises
    ------
    ValueError
        As :func:`outlier_data`; or if ``delta`` is ``<= 0``, ``nan`` or
        infinite.
    TypeError
        As :func:`outlier_data`.
    RuntimeError
        As :func:`fit_line`.

    Examples
    --------
    >>> study = outlier_study()
    >>> slope_l2, slope_huber = study.fits["l2"][0], study.fits["huber"][0]
    >>> abs(slope_huber - TRUE_SLOPE) < abs(slope_l2 - TRUE_SLOPE)
    True
    """
    x, y, out = outlier_data(
        n,
        noise=noise,
        seed=seed,
        n_outliers=n_outliers,
        outlier_size=outlier_size,
        outlier_x=outlier_x,
    )
    return OutlierStudy(
        x=x,
        y=y,
        is_outlier=out,
        fits=line_fits(x, y, delta=delta),
        refs=sklearn_fits(x, y) if references else {},
    )


# --- L1 vs L2 constraints for two weights ------------------------------------------------


def pair_hessian(rho: float) -> np.ndarray:
    """Hessian ``[[1, ρ], [ρ, 1]]`` of least squares, two standardised features of correlation ρ.

    Raises
    ------
    ValueError
        If ``rho`` is outside ``[-0.99, 0.99]`` (``nan`` included).
    TypeError
        If ``rho`` is not a real number.

    Examples
    --------
    >>> pair_hessian(0.5)
    array([[1. , 0.5],
           [0.5, 1. ]])
    """
    rho = float(check_scalar(rho, "rho", min_val=-0.99, max_val=0.99))
    return np.array([[1.0, rho], [rho, 1.0]])


def _hessian(hessian: Any) -> np.ndarray:
    h = check_array(hessian, "hessian", shape=(2, 2))
    if not np.allclose(h, h.T) or np.linalg.eigvalsh(0.5 * (h + h.T)).min() <= 0:
        raise ValueError("hessian is not symmetric positive definite, must be.")
    return 0.5 * (h + h.T)


def quadratic_loss(w: Any, w_ls: Any, hessian: Any) -> np.ndarray:
    """Least-squares loss around its minimum: ``½ (w − w_ls)ᵀ H (w − w_ls)``.

    Parameters
    ----------
    w : array_like, shape (..., 2)
        Weights (any number of leading axes, e.g. a grid).
    w_ls : array_like, shape (2,)
        Unconstrained least-squares solution.
    hessian : array_like, shape (2, 2)
        Symmetric positive definite.

    Raises
    ------
    ValueError
        If ``w`` contains ``nan`` or ``±inf`` or its last axis is not of length
        2; if ``w_ls`` is not of shape ``(2,)`` or is not finite; if
        ``hessian`` is not 2×2, contains ``nan`` or ``±inf``, or is not
        symmetric positive definite.
    TypeError
        If an argument is not numeric.

    Examples
    --------
    >>> float(quadratic_loss([1.0, 0.0], [2.0, 0.0], pair_hessian(0.0)))
    0.5
    """
    w = check_array(w, "w")
    if w.ndim < 1 or w.shape[-1] != 2:
        raise ValueError(f"w.shape == {w.shape}, must end with 2.")
    w_ls = check_array(w_ls, "w_ls", shape=(2,))
    d = w - w_ls
    return 0.5 * np.einsum("...i,ij,...j->...", d, _hessian(hessian), d)


def constrained_optimum(
    w_ls: Any, t: float, *, norm: str = "l1", hessian: Any = None
) -> np.ndarray:
    """Minimise ``½ (w − w_ls)ᵀ H (w − w_ls)`` subject to ``‖w‖₁ ≤ t`` or ``‖w‖₂ ≤ t``.

    Parameters
    ----------
    w_ls : array_like, shape (2,)
        The unconstrained least-squares optimum.
    t : float
        Radius of the constraint ball, ``> 0``.
    norm : {"l1", "l2"}, default "l1"
        Diamond (L1) or disc (L2).
    hessian : array_like, shape (2, 2), optional
        Symmetric positive definite; identity if omitted.

    Returns
    -------
    numpy.ndarray, shape (2,)

    Raises
    ------
    ValueError
        If ``w_ls`` is not of shape ``(2,)`` or is not finite; if ``t`` is
        ``<= 0``, ``nan`` or infinite; if ``norm`` is not ``"l1"`` or ``"l2"``;
        if ``hessian`` is not 2×2, contains ``nan`` or ``±inf``, or is not
        symmetric positive definite.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    Both are solved exactly. L2: if :math:`\\|w_{ls}\\|_2 > t` the optimum solves
    :math:`(H + \\mu I) w = H w_{ls}` with :math:`\\|w\\|_2 = t`; the scalar
    :math:`\\mu > 0` is found by Brent's method. L1: the optimum lies on the
    diamond's boundary, four segments between the corners :math:`(\\pm t, 0)`,
    :math:`(0, \\pm t)`; the quadratic is minimised on each segment in closed
    form and the best is kept. A minimum at a segment's end is a corner, where
    one weight is exactly zero: that is why L1 gives sparse weights.

    Examples
    --------
    >>> constrained_optimum([2.0, 0.8], 1.0, norm="l1")
    array([1., 0.])
    >>> constrained_optimum([2.0, 0.8], 1.0, norm="l2").round(3)
    array([0.928, 0.371])
    """
    w_ls = check_array(w_ls, "w_ls", shape=(2,))
    t = _positive(t, "t")
    norm = check_choice(norm, "norm", ("l1", "l2"))
    h = np.eye(2) if hessian is None else _hessian(hessian)
    if norm == "l2":
        if np.linalg.norm(w_ls) <= t:
            return w_ls.copy()
        lam, q = np.linalg.eigh(h)
        c = q.T @ w_ls

        def excess(mu: float) -> float:
            return float(np.linalg.norm(lam / (lam + mu) * c)) - t

        hi = lam.max() * np.linalg.norm(w_ls) / t
        mu = optimize.brentq(excess, 0.0, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
        return q @ (lam / (lam + mu) * c)
    if np.abs(w_ls).sum() <= t:
        return w_ls.copy()
    corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    best, best_value = corners[0], math.inf
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        d = b - a
        # minimise ½ (a + s d − w_ls)ᵀ H (a + s d − w_ls) over s in [0, 1]
        s = float(np.clip(d @ h @ (w_ls - a) / (d @ h @ d), 0.0, 1.0))
        w = b.copy() if s == 1.0 else a + s * d
        value = float(quadratic_loss(w, w_ls, h))
        if value < best_value:
            best, best_value = w, value
    return best


def level_set(w_ls: Any, hessian: Any, value: float, n: int = 121) -> np.ndarray:
    """Points of the ellipse ``½ (w − w_ls)ᵀ H (w − w_ls) = value`` (a loss contour).

    With ``H = Q Λ Qᵀ`` the ellipse is ``w_ls + Q diag(√(2 value/λ)) (cos θ, sin θ)``.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        Closed curve (first point repeated last).

    Raises
    ------
    ValueError
        If ``w_ls`` is not of shape ``(2,)`` or is not finite; if ``hessian``
        is not 2×2, contains ``nan`` or ``±inf``, or is not symmetric positive
        definite; if ``value`` is negative, ``nan`` or infinite; if ``n`` is
        outside ``[3, 10000]``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> pts = level_set([0.0, 0.0], pair_hessian(0.5), 2.0, n=9)
    >>> bool(np.allclose(quadratic_loss(pts, [0.0, 0.0], pair_hessian(0.5)), 2.0))
    True
    """
    w_ls = check_array(w_ls, "w_ls", shape=(2,))
    h = _hessian(hessian)
    value = float(check_scalar(value, "value", min_val=0.0))
    n = check_int(n, "n", min_val=3, max_val=10_000)
    lam, q = np.linalg.eigh(h)
    theta = np.linspace(0.0, 2 * np.pi, n)
    circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)
    return w_ls + (circle * np.sqrt(2 * value / lam)) @ q.T


def constrained_optimum_numeric(
    w_ls: Any, t: float, *, norm: str = "l1", hessian: Any = None
) -> np.ndarray:
    """The same problem as :func:`constrained_optimum`, by a generic solver (SLSQP).

    An independent reference for the exact solution (agreement to about 1e-6);
    the L1 constraint is written smoothly as four linear inequalities
    ``±w₁ ± w₂ ≤ t``.

    Raises
    ------
    ValueError
        If ``w_ls`` is not of shape ``(2,)`` or is not finite; if ``t`` is
        ``<= 0``, ``nan`` or infinite; if ``norm`` is not ``"l1"`` or ``"l2"``;
        if ``hessian`` is not 2×2, contains ``nan`` or ``±inf``, or is not
        symmetric positive definite.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> constrained_optimum_numeric([2.0, 0.8], 1.0, norm="l1").round(6)
    array([1., 0.])
    """
    w_ls = check_array(w_ls, "w_ls", shape=(2,))
    t = _positive(t, "t")
    norm = check_choice(norm, "norm", ("l1", "l2"))
    h = np.eye(2) if hessian is None else _hessian(hessian)
    if norm == "l1":
        signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
        cons = [{"type": "ineq", "fun": lambda w: t - signs @ w, "jac": lambda w: -signs}]
    else:
        cons = [{"type": "ineq", "fun": lambda w: t * t - w @ w, "jac": lambda w: -2 * w}]
    res = optimize.minimize(
        lambda w: 0.5 * (w - w_ls) @ h @ (w - w_ls),
        np.zeros(2),
        jac=lambda w: h @ (w - w_ls),
        constraints=cons,
        method="SLSQP",
        options={"ftol": 1e-15, "maxiter": 500},
    )
    return np.asarray(res.x)


@dataclass(frozen=True)
class Geometry:
    """Everything the L1-vs-L2 constraint picture needs (see :func:`constraint_geometry`).

    Attributes
    ----------
    grid : numpy.ndarray, shape (m,)
        Coordinates of both weight axes.
    z : numpy.ndarray, shape (m, m)
        Least-squares loss, ``z[i, j]`` at ``(w1, w2) = (grid[j], grid[i])``.
    w_l1, w_l2 : numpy.ndarray, shape (2,)
        Optima inside the L1 diamond and the L2 disc.
    touch_l1, touch_l2 : numpy.ndarray, shape (k, 2)
        The loss contour through each optimum (it touches the ball there).
    loss_l1, loss_l2 : float
        Loss at each optimum.
    w_l1_numeric : numpy.ndarray, shape (2,)
        The L1 optimum again, from :func:`constrained_optimum_numeric` (a check).
    """

    grid: np.ndarray
    z: np.ndarray
    w_l1: np.ndarray
    w_l2: np.ndarray
    touch_l1: np.ndarray
    touch_l2: np.ndarray
    loss_l1: float
    loss_l2: float
    w_l1_numeric: np.ndarray


def constraint_geometry(w_ls: Any, t: float, *, rho: float = 0.0, m: int = 81) -> Geometry:
    """Contours of ``½ (w − w_ls)ᵀ H (w − w_ls)`` with ``H = [[1, ρ], [ρ, 1]]`` and both optima.

    Parameters
    ----------
    w_ls : array_like, shape (2,)
        Unconstrained least-squares optimum (|entries| ≤ 100).
    t : float
        Ball radius (0 < t ≤ 100).
    rho : float, default 0.0
        Correlation of the two features (|ρ| ≤ 0.99).
    m : int, default 81
        Grid points per axis (3 to 201).

    Raises
    ------
    ValueError
        If ``w_ls`` is not of shape ``(2,)``, is not finite or has an entry
        beyond ``±100``; if ``t`` is outside ``(0, 100]``, ``rho`` outside
        ``[-0.99, 0.99]`` (``nan`` included), or ``m`` outside ``[3, 201]``.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> g = constraint_geometry([2.0, 1.0], 1.0, rho=0.5)
    >>> g.w_l1.tolist(), g.z.shape
    ([1.0, 0.0], (81, 81))
    """
    w_ls = check_array(w_ls, "w_ls", shape=(2,))
    if np.abs(w_ls).max() > 100:
        raise ValueError(f"w_ls has an entry {np.abs(w_ls).max():.6g} in size, must be <= 100.")
    t = float(check_scalar(t, "t", min_val=0.0, max_val=100.0, include_boundaries="right"))
    h = pair_hessian(rho)
    m = check_int(m, "m", min_val=3, max_val=201)
    span = 1.25 * max(float(np.abs(w_ls).max()), t)
    grid = np.linspace(-span, span, m)
    w1, w2 = np.meshgrid(grid, grid)
    z = quadratic_loss(np.stack([w1, w2], axis=-1), w_ls, h)
    w_l1 = constrained_optimum(w_ls, t, norm="l1", hessian=h)
    w_l2 = constrained_optimum(w_ls, t, norm="l2", hessian=h)
    loss_l1 = float(quadratic_loss(w_l1, w_ls, h))
    loss_l2 = float(quadratic_loss(w_l2, w_ls, h))
    return Geometry(
        grid=grid,
        z=z,
        w_l1=w_l1,
        w_l2=w_l2,
        touch_l1=level_set(w_ls, h, loss_l1),
        touch_l2=level_set(w_ls, h, loss_l2),
        loss_l1=loss_l1,
        loss_l2=loss_l2,
        w_l1_numeric=constrained_optimum_numeric(w_ls, t, norm="l1", hessian=h),
    )


def l0_norm(w: Any) -> int:
    """``‖w‖₀``: the number of non-zero entries (not a norm; what L1 relaxes).

    Raises
    ------
    ValueError
        If ``w`` has more than 2 dimensions or contains ``nan`` or ``±inf``.
    TypeError
        If ``w`` is not numeric.

    Examples
    --------
    >>> l0_norm([1.5, 0.0, -0.2])
    2
    """
    return int(np.count_nonzero(check_array(w, "w", ndim=(0, 1, 2))))


# --- Lasso and Ridge paths on the diabetes data ------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Coefficient paths of Lasso and Ridge over ``alphas``.

    Attributes
    ----------
    alphas : numpy.ndarray, shape (k,)
        Increasing penalty strengths.
    lasso, ridge : numpy.ndarray, shape (k, p)
        Coefficients (standardised features) at each alpha.
    features : tuple of str
        Feature names.
    """

    alphas: np.ndarray
    lasso: np.ndarray
    ridge: np.ndarray
    features: tuple[str, ...]

    @property
    def lasso_zeros(self) -> np.ndarray:
        """Exact zeros of the Lasso at each alpha."""
        return (self.lasso == 0.0).sum(axis=1)

    @property
    def ridge_zeros(self) -> np.ndarray:
        """Exact zeros of Ridge at each alpha (always 0 for this data)."""
        return (self.ridge == 0.0).sum(axis=1)


def diabetes() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """scikit-learn's bundled diabetes data: standardised X (442×10), centred y, feature names.

    No download: the data ship with scikit-learn.

    Examples
    --------
    >>> X, y, names = diabetes()
    >>> X.shape, names[2], bool(abs(X.std(axis=0) - 1).max() < 1e-12)
    ((442, 10), 'bmi', True)
    """
    from sklearn.datasets import load_diabetes

    data = load_diabetes()
    X = np.asarray(data.data, dtype=float)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.asarray(data.target, dtype=float)
    return X, y - y.mean(), tuple(data.feature_names)


def _alphas(alphas: Any) -> np.ndarray:
    a = check_array(alphas, "alphas", ndim=1, min_size=1, max_size=500)
    if (a <= 0).any():
        raise ValueError(f"alphas has an entry {a.min():.6g}, must be > 0.")
    return np.sort(a)


def regularisation_paths(alphas: Any = None, *, n_alphas: int = 60) -> Paths:
    """Lasso and Ridge coefficients over ``alphas`` on the diabetes data.

    Both minimise ``(1/2n) ‖y − Xw‖² + α · penalty`` with penalty ``‖w‖₁``
    (Lasso) or ``‖w‖₂²`` (Ridge), so one α axis serves both: scikit-learn's
    ``Ridge`` is called with ``alpha = 2 n α`` (its loss is ``‖y − Xw‖² + α‖w‖²``).

    Parameters
    ----------
    alphas : array_like, optional
        Penalty strengths (> 0, at most 500); default ``n_alphas`` values
        log-spaced from 0.01 to 100.
    n_alphas : int, default 60
        Used when ``alphas`` is omitted (2 to 500).

    Returns
    -------
    Paths

    Raises
    ------
    ValueError
        If ``alphas`` is not 1-D, is empty, has more than 500 entries, contains
        ``nan`` or ``±inf``, or has an entry ``<= 0``; if ``alphas`` is
        ``None`` and ``n_alphas`` is outside ``[2, 500]``.
    TypeError
        If ``alphas`` is not numeric or ``n_alphas`` not an integer.

    Examples
    --------
    >>> p = regularisation_paths([0.1, 10.0])
    >>> p.lasso_zeros.tolist(), p.ridge_zeros.tolist()
    ([1, 6], [0, 0])
    """
    from sklearn.linear_model import Ridge, lasso_path

    if alphas is None:
        n_alphas = check_int(n_alphas, "n_alphas", min_val=2, max_val=500)
        alphas = np.logspace(-2, 2, n_alphas)
    a = _alphas(alphas)
    X, y, names = diabetes()
    n = y.size
    # lasso_path returns coefficients for alphas in decreasing order.
    _, coefs, _ = lasso_path(X, y, alphas=a[::-1], tol=1e-12, max_iter=100_000)
    lasso = coefs.T[::-1].copy()
    # One Ridge call: a column of y per alpha, each with its own penalty.
    ridge = (
        Ridge(alpha=2 * n * a, fit_intercept=False, solver="svd")
        .fit(X, np.repeat(y[:, None], a.size, axis=1))
        .coef_
    )
    # (scikit-learn drops the target axis when there is a single alpha.)
    return Paths(alphas=a, lasso=lasso, ridge=np.asarray(ridge).reshape(a.size, -1), features=names)


def lasso_ridge_at(alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Lasso and Ridge coefficients at one ``alpha`` (same scaling as :func:`regularisation_paths`).

    Raises
    ------
    ValueError
        If ``alpha`` is outside ``[1e-6, 1e6]`` (``nan`` included).
    TypeError
        If ``alpha`` is not a real number.

    Examples
    --------
    >>> lasso, ridge = lasso_ridge_at(4.0)
    >>> int((lasso == 0).sum()), int((ridge == 0).sum())
    (4, 0)
    """
    alpha = float(check_scalar(alpha, "alpha", min_val=1e-6, max_val=1e6))
    paths = regularisation_paths([alpha])
    return paths.lasso[0], paths.ridge[0]


# --- "Reproduce in Python" ----------------------------------------------------------------


def _num(value: float) -> str:
    return repr(float(value))


def snippet(view: str = "curves", **params: Any) -> str:
    """Python code reproducing one view of the page with the given parameters.

    Parameters
    ----------
    view : {"curves", "outliers", "regularisation"}
        Which view.
    **params
        ``curves``: ``r0``, ``beta``, ``delta``. ``outliers``: ``n``, ``noise``,
        ``seed``, ``n_outliers``, ``outlier_size``, ``outlier_x``, ``delta``.
        ``regularisation``: ``w_ls`` (two numbers), ``rho``, ``t``, ``alpha``.

    Returns
    -------
    str
        Code that imports :mod:`playground.losses` and leaves its results in
        variables (``losses``/``grads``, ``fits``, ``w_l1``/``w_l2``/``lasso``).

    Raises
    ------
    ValueError
        If ``view`` is not one of the three; for ``"curves"``, if ``r0`` is
        ``nan`` or infinite, ``beta`` negative or ``delta <= 0``; for
        ``"outliers"``, if ``n`` is outside ``[2, MAX_POINTS]``, ``n_outliers``
        outside ``[0, MAX_POINTS]``, ``seed`` outside ``[0, 2**32 - 1]``, a
        float parameter ``nan`` or infinite, or ``delta <= 0`` (the other
        ranges of :func:`outlier_data` are checked when the snippet runs); for
        ``"regularisation"``, if ``w_ls`` is not two finite numbers, ``rho`` is
        outside ``[-0.99, 0.99]``, or ``t`` or ``alpha`` is ``<= 0`` (``nan``
        and ``inf`` included).
    TypeError
        If a parameter has the wrong type.

    Examples
    --------
    >>> print(snippet("curves", r0=2.0, beta=1.0, delta=1.0).splitlines()[0])
    import numpy as np
    """
    view = check_choice(view, "view", ("curves", "outliers", "regularisation"))
    if view == "curves":
        r0 = float(check_scalar(params.get("r0", 2.0), "r0"))
        beta = _nonnegative(params.get("beta", 1.0), "beta")
        delta = _positive(params.get("delta", 1.0), "delta")
        return (
            "import numpy as np\n"
            "from playground import losses as L\n\n"
            f"r = np.array([{_num(r0)}])  # residual y - y_hat\n"
            "losses = {\n"
            "    'l1': L.l1_loss(r), 'l2': L.l2_loss(r),\n"
            f"    'smooth_l1': L.smooth_l1_loss(r, beta={_num(beta)}),\n"
            f"    'huber': L.huber_loss(r, delta={_num(delta)}),\n"
            "}\n"
            "grads = {\n"
            "    'l1': L.l1_grad(r), 'l2': L.l2_grad(r),\n"
            f"    'smooth_l1': L.smooth_l1_grad(r, beta={_num(beta)}),\n"
            f"    'huber': L.huber_grad(r, delta={_num(delta)}),\n"
            "}\n"
            "print(losses, grads)\n"
        )
    if view == "outliers":
        args = dict(n=40, noise=0.5, seed=0, n_outliers=4, outlier_size=-12.0, outlier_x=9.0)
        args.update({k: v for k, v in params.items() if k in args})
        n = check_int(args["n"], "n", min_val=2, max_val=MAX_POINTS)
        seed = check_seed(args["seed"])
        k = check_int(args["n_outliers"], "n_outliers", min_val=0, max_val=MAX_POINTS)
        floats = {
            name: float(check_scalar(args[name], name))
            for name in ("noise", "outlier_size", "outlier_x")
        }
        delta = _positive(params.get("delta", 1.0), "delta")
        return (
            "from playground import losses as L\n\n"
            f"x, y, is_outlier = L.outlier_data({n}, noise={_num(floats['noise'])}, "
            f"seed={seed}, n_outliers={k},\n"
            f"    outlier_size={_num(floats['outlier_size'])}, "
            f"outlier_x={_num(floats['outlier_x'])})\n"
            "fits = {\n"
            "    'l2': L.fit_line(x, y, loss='l2'),\n"
            "    'l1': L.fit_line(x, y, loss='l1'),\n"
            f"    'huber': L.fit_line(x, y, loss='huber', delta={_num(delta)}),\n"
            f"    'smooth_l1': L.fit_line(x, y, loss='smooth_l1', beta={_num(delta)}),\n"
            "}\n"
            "for name, (slope, intercept) in fits.items():\n"
            "    print(f'{name:>9}: slope {slope:.4f}, intercept {intercept:.4f}')\n"
        )
    w_ls = check_array(params.get("w_ls", (2.0, 0.8)), "w_ls", shape=(2,))
    rho = float(check_scalar(params.get("rho", 0.0), "rho", min_val=-0.99, max_val=0.99))
    t = _positive(params.get("t", 1.0), "t")
    alpha = _positive(params.get("alpha", 4.0), "alpha")
    return (
        "from playground import losses as L\n\n"
        f"w_ls, H = [{_num(w_ls[0])}, {_num(w_ls[1])}], L.pair_hessian({_num(rho)})\n"
        f"w_l1 = L.constrained_optimum(w_ls, {_num(t)}, norm='l1', hessian=H)\n"
        f"w_l2 = L.constrained_optimum(w_ls, {_num(t)}, norm='l2', hessian=H)\n"
        "print('L1 ball:', w_l1, 'non-zeros', L.l0_norm(w_l1))\n"
        "print('L2 ball:', w_l2, 'non-zeros', L.l0_norm(w_l2))\n\n"
        "# Lasso vs Ridge on the diabetes data, both (1/2n)||y - Xw||^2 + alpha * penalty\n"
        f"lasso, ridge = L.lasso_ridge_at({_num(alpha)})\n"
        "print('exact zeros: lasso', (lasso == 0).sum(), 'ridge', (ridge == 0).sum())\n"
    )
