"""Linear regression: the normal equation, gradient descent and Newton's method, in NumPy.

The whole story of least squares in one module:

- the objective ``J(w, b) = (1/n)·‖Xw + b·1 − y‖² + (λ/n)·‖w‖²`` (:func:`loss`,
  mean squared error plus a ridge penalty; the intercept is not penalised) next to
  its gradient ``((2/n)(Xᵀr + λw), (2/n)Σr)`` with ``r = Xw + b − y``
  (:func:`gradient`), checked by central differences (:func:`numerical_gradient`),
  and its constant Hessian (:func:`hessian`);
- the closed form (:func:`normal_equation`): ``∇J = 0`` gives
  ``(XᵀX + λI)w = Xᵀy`` on centred data and ``b = ȳ − x̄ᵀw``; a singular ``XᵀX``
  (perfectly correlated features) with no penalty has a whole line of minimisers,
  and the minimum-norm one (the pseudo-inverse, as ``numpy.linalg.lstsq`` gives) is
  returned and flagged (:func:`minimisers` gives the line);
- gradient descent (:func:`fit_gd`), which records its path and stops, without
  raising, when the loss blows up, and :func:`diagnose` to put a run in words;
  one Newton step (:func:`newton_step`), exact for this quadratic;
- the geometry: eigenvalues of the Hessian, the condition number ``κ`` and the
  largest stable learning rate ``2/λ_max`` (:func:`conditioning`), ``κ`` against
  the ridge strength (:func:`condition_vs_ridge`), the loss over a grid of
  ``(w₁, w₂)`` with ``b`` at its optimum (:func:`loss_surface`), the ridge path
  (:func:`ridge_path`);
- linear versus logistic regression on the same data (:func:`linear_vs_logistic`);
- data with two features correlated exactly at ``ρ`` (:func:`make_data`) and the
  "Reproduce in Python" code (:func:`snippet`).

Conventions: ``X`` has shape ``(n, d)``, ``w`` shape ``(d,)``, ``b`` is a float;
the ridge strength ``λ`` multiplies ``‖w‖²/n`` (so scikit-learn's
``Ridge(alpha=λ)``, which minimises ``‖y − Xw − b‖² + α‖w‖²``, has the same
minimiser); the intercept is never penalised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground._validation import check_array, check_int, check_scalar, check_seed

__all__ = [
    "CONVERGED_GAP",
    "DIVERGENCE_FACTOR",
    "MAX_FEATURES",
    "MAX_GRID",
    "MAX_RIDGE",
    "MAX_SAMPLES",
    "MAX_STEPS",
    "Conditioning",
    "Diagnosis",
    "LinearVsLogistic",
    "Path",
    "Solution",
    "condition_vs_ridge",
    "conditioning",
    "diagnose",
    "errors",
    "fit_gd",
    "gradient",
    "hessian",
    "linear_vs_logistic",
    "loss",
    "level_set",
    "loss_surface",
    "lstsq_solution",
    "make_data",
    "minimisers",
    "newton_step",
    "normal_equation",
    "normal_system",
    "numerical_gradient",
    "ridge_path",
    "snippet",
]

#: Limits of the library, set only where memory or time would blow up; the page's
#: sliders stop much earlier.
MAX_SAMPLES = 1_000_000
MAX_STEPS = 1_000_000
#: ``XᵀX`` is ``d × d`` and solving it costs ``O(d³)``.
MAX_FEATURES = 2000
#: Largest grid side of :func:`loss_surface` (4·10⁶ cells).
MAX_GRID = 2000
MAX_RIDGE = 1e12
#: A loss more than this many times its starting value counts as divergence.
DIVERGENCE_FACTOR = 1e6
#: A run has converged when ``J − J*`` is below this fraction of the starting loss.
CONVERGED_GAP = 1e-8
_EPS = float(np.finfo(np.float64).eps)
#: Above this condition number of ``XᵀX + λI`` the closed form uses the SVD of ``X``
#: instead of solving the normal equations: forming ``XᵀX`` squares ``κ(X)``.
_SOLVE_LIMIT = 1e10


# ---------------------------------------------------------------------------
# Validation helpers (private)


def _design(X, y=None) -> tuple[np.ndarray, np.ndarray | None]:
    X = check_array(X, "X", ndim=2)
    n, d = X.shape
    if n == 0:
        raise ValueError("X.shape[0] == 0, must be >= 1.")
    if d == 0:
        raise ValueError("X.shape[1] == 0, must be >= 1.")
    if n > MAX_SAMPLES:
        raise ValueError(f"X.shape[0] == {n}, must be <= {MAX_SAMPLES}.")
    if d > MAX_FEATURES:
        raise ValueError(f"X.shape[1] == {d}, must be <= {MAX_FEATURES}.")
    if y is not None:
        y = check_array(y, "y", shape=(n,))
    return X, y


def _ridge(ridge) -> float:
    return float(check_scalar(ridge, "ridge", min_val=0.0, max_val=MAX_RIDGE))


def _params(w, b, d: int) -> tuple[np.ndarray, float]:
    return check_array(w, "w", shape=(d,)), float(check_scalar(b, "b"))


def _tolerance(values: np.ndarray, size: int) -> float:
    """Eigenvalues below this count as zero (``numpy.linalg.matrix_rank``'s rule)."""
    return float(np.max(np.abs(values), initial=0.0)) * size * _EPS


def _ratio(largest: float, smallest: float, tol: float) -> float:
    """``largest / smallest``, or ``inf`` when ``smallest`` is zero up to rounding."""
    if smallest <= tol or smallest <= 0.0:
        return math.inf
    return largest / smallest


def _augmented(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((X.shape[0], 1))])


# ---------------------------------------------------------------------------
# Data


def make_data(
    n: int,
    *,
    correlation: float = 0.0,
    noise: float = 0.5,
    seed: int = 0,
    true_w=(2.0, -1.0),
    true_b: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Two centred features correlated exactly at ``ρ``; ``y = X·w_true + b_true + σ·ε``.

    Standard normal draws are centred and whitened (their sample covariance is
    made exactly the identity by a Cholesky factor), then mixed:
    ``x₁ = z₁``, ``x₂ = ρ·z₁ + √(1 − ρ²)·z₂``. So the sample means are 0, the
    sample variances 1 and the sample correlation ``ρ``, exactly up to
    rounding: ``XᵀX/n = [[1, ρ], [ρ, 1]]``, whose eigenvalues are ``1 ± ρ``. At
    ``ρ = ±1`` the two columns are equal (or opposite) and ``XᵀX`` is singular.

    Parameters
    ----------
    n : int
        Number of samples, ``3 ≤ n ≤`` :data:`MAX_SAMPLES`.
    correlation : float, default 0.0
        ``ρ`` in ``[−1, 1]``.
    noise : float, default 0.5
        Standard deviation ``σ ≥ 0`` of the Gaussian noise on ``y``.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.
    true_w : array_like, shape (2,), default (2.0, -1.0)
        Weights that generate ``y``.
    true_b : float, default 0.5
        Intercept that generates ``y``.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray, shape (n,)

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n`` is outside ``[3, MAX_SAMPLES]``, ``correlation`` outside
        ``[−1, 1]``, ``noise`` negative or above 10⁶, ``seed`` outside
        ``[0, 2³² − 1]``, ``true_w`` not two finite numbers, or ``true_b`` not
        finite.

    Notes
    -----
    .. math:: \\frac{1}{n} X^\\top X = \\begin{pmatrix} 1 & \\rho \\\\ \\rho & 1 \\end{pmatrix},
              \\qquad \\kappa(X^\\top X) = \\frac{1 + |\\rho|}{1 - |\\rho|}

    Examples
    --------
    >>> X, y = make_data(100, correlation=0.9, seed=1)
    >>> (X.T @ X / 100).round(12).tolist()
    [[1.0, 0.9], [0.9, 1.0]]
    >>> X.shape, y.shape
    ((100, 2), (100,))
    """
    n = check_int(n, "n", min_val=3, max_val=MAX_SAMPLES)
    rho = float(check_scalar(correlation, "correlation", min_val=-1.0, max_val=1.0))
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1e6))
    seed = check_seed(seed)
    true_w = check_array(true_w, "true_w", shape=(2,))
    true_b = float(check_scalar(true_b, "true_b"))
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, 2))
    Z = Z - Z.mean(axis=0)
    L = np.linalg.cholesky(Z.T @ Z / n)
    Z = np.linalg.solve(L, Z.T).T  # whitened: Zᵀ Z / n = I
    X = np.column_stack([Z[:, 0], rho * Z[:, 0] + math.sqrt(1.0 - rho * rho) * Z[:, 1]])
    y = X @ true_w + true_b + noise * rng.standard_normal(n)
    return X, y


# ---------------------------------------------------------------------------
# The objective, its gradient and Hessian, side by side


def loss(X, y, w, b, *, ridge: float = 0.0) -> float:
    """J(w, b) = (1/n)·‖Xw + b − y‖² + (λ/n)·‖w‖²: mean squared error plus ridge.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Targets.
    w : array_like, shape (d,)
        Weights.
    b : float
        Intercept (not penalised).
    ridge : float, default 0.0
        ``λ ≥ 0``.

    Returns
    -------
    float
        The objective, ``≥ 0``; ``inf`` if it overflows.

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If shapes disagree, a value is not finite, ``X`` is empty or too large,
        or ``ridge`` is outside ``[0, MAX_RIDGE]``.

    Notes
    -----
    .. math:: J(w, b) = \\frac{1}{n} \\lVert Xw + b\\mathbf{1} - y \\rVert^2
              + \\frac{\\lambda}{n} \\lVert w \\rVert^2

    The mean squared error is the squared 2-norm of the residual divided by
    ``n``, not the 2-norm itself.

    Examples
    --------
    >>> loss([[1.0], [2.0]], [1.0, 3.0], [1.0], 0.0)
    0.5
    >>> loss([[1.0], [2.0]], [1.0, 3.0], [1.0], 0.0, ridge=2.0)
    1.5
    """
    X, y = _design(X, y)
    w, b = _params(w, b, X.shape[1])
    lam = _ridge(ridge)
    with np.errstate(over="ignore", invalid="ignore"):
        r = X @ w + b - y
        value = float(r @ r + lam * (w @ w)) / X.shape[0]
    return value if math.isfinite(value) else math.inf


def gradient(X, y, w, b, *, ridge: float = 0.0) -> tuple[np.ndarray, float]:
    """∇J = ((2/n)(Xᵀr + λw), (2/n)·Σr) with the residual r = Xw + b − y.

    ``∂J/∂w`` has the shape of ``w`` (``d``): the chain rule through
    ``r = Xw + b − y`` (``∂r/∂w = X``, ``n × d``) and ``J = ‖r‖²/n``
    (``∂J/∂r = 2r/n``, ``n``) gives ``Xᵀ·(2r/n)``.

    Parameters
    ----------
    X, y, w, b, ridge
        As in :func:`loss`.

    Returns
    -------
    grad_w : numpy.ndarray, shape (d,)
    grad_b : float

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`.

    Notes
    -----
    .. math:: \\frac{\\partial J}{\\partial w} = \\frac{2}{n}\\left(X^\\top r + \\lambda w\\right),
              \\qquad \\frac{\\partial J}{\\partial b} = \\frac{2}{n} \\sum_i r_i,
              \\qquad r = Xw + b\\mathbf{1} - y

    Examples
    --------
    >>> gw, gb = gradient([[1.0], [2.0]], [1.0, 3.0], [1.0], 0.0)
    >>> gw, gb
    (array([-2.]), -1.0)
    """
    X, y = _design(X, y)
    w, b = _params(w, b, X.shape[1])
    lam = _ridge(ridge)
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        r = X @ w + b - y
        return 2.0 / n * (X.T @ r + lam * w), 2.0 / n * float(r.sum())


def numerical_gradient(
    X, y, w, b, *, ridge: float = 0.0, h: float = 1e-4
) -> tuple[np.ndarray, float]:
    """Central differences of :func:`loss`: ``(J(θ + hₑeᵢ) − J(θ − hₑeᵢ)) / (2hₑ)``.

    The step is ``hₑ = h·max(1, |θᵢ|)``. For a quadratic the central difference
    has no truncation error at all (the third derivative is 0), so what is left
    is rounding, about ``ε·J/h``.

    Parameters
    ----------
    X, y, w, b, ridge
        As in :func:`loss`.
    h : float, default 1e-4
        Relative step, ``0 < h ≤ 1``.

    Returns
    -------
    grad_w : numpy.ndarray, shape (d,)
    grad_b : float

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`, or if ``h`` is outside ``(0, 1]``.

    Examples
    --------
    >>> X, y = [[1.0, 2.0], [3.0, -4.0], [0.5, 0.0]], [1.0, 0.0, 2.0]
    >>> num_w, num_b = numerical_gradient(X, y, [0.3, -0.2], 0.1, ridge=0.5)
    >>> ana_w, ana_b = gradient(X, y, [0.3, -0.2], 0.1, ridge=0.5)
    >>> bool(np.allclose(num_w, ana_w, atol=1e-9)), abs(num_b - ana_b) < 1e-9
    (True, True)
    """
    X, y = _design(X, y)
    w, b = _params(w, b, X.shape[1])
    lam = _ridge(ridge)
    h = float(check_scalar(h, "h", min_val=0.0, max_val=1.0, include_boundaries="right"))
    theta = np.append(w, b)
    out = np.empty_like(theta)
    for i in range(theta.size):
        step = h * max(1.0, abs(theta[i]))
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        f_up = loss(X, y, up[:-1], up[-1], ridge=lam)
        f_down = loss(X, y, down[:-1], down[-1], ridge=lam)
        out[i] = (f_up - f_down) / (up[i] - down[i])
    return out[:-1], float(out[-1])


def hessian(X, *, ridge: float = 0.0) -> np.ndarray:
    """H = (2/n)·[[XᵀX + λI, Xᵀ1], [1ᵀX, n]]: the constant Hessian of J over (w, b).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    ridge : float, default 0.0
        ``λ ≥ 0``.

    Returns
    -------
    numpy.ndarray, shape (d + 1, d + 1)
        Symmetric positive semi-definite; the last row and column belong to ``b``.

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`.

    Notes
    -----
    .. math:: \\nabla^2 J = \\frac{2}{n} \\begin{pmatrix} X^\\top X + \\lambda I & X^\\top
              \\mathbf{1} \\\\ \\mathbf{1}^\\top X & n \\end{pmatrix}

    Examples
    --------
    >>> hessian([[1.0], [-1.0]])
    array([[2., 0.],
           [0., 2.]])
    """
    X, _ = _design(X)
    lam = _ridge(ridge)
    A = _augmented(X)
    H = A.T @ A
    H[:-1, :-1] += lam * np.eye(X.shape[1])
    return 2.0 / X.shape[0] * H


# ---------------------------------------------------------------------------
# The closed form and Newton's step


@dataclass(frozen=True)
class Solution:
    """A point ``(w, b)`` from the closed form or a Newton step; unpacks as ``w, b``.

    Attributes
    ----------
    w : numpy.ndarray, shape (d,)
    b : float
    singular : bool
        For :func:`normal_equation`: ``XᵀX`` (centred) is singular and there is
        no penalty, so the minimiser is not unique and ``w`` is the minimum-norm
        one (pseudo-inverse). For :func:`newton_step`: the Hessian is singular and
        the step used its pseudo-inverse (landing on the minimiser nearest to
        the start).
    method : {"solve", "svd", "lstsq"}
        ``numpy.linalg.solve`` on the normal equations (or the Newton system);
        when they are singular or too ill-conditioned to solve accurately, the
        SVD of the centred ``X`` (:func:`normal_equation`) or
        ``numpy.linalg.lstsq`` on the Hessian (:func:`newton_step`).
    rank : int
        Numerical rank of the centred ``X`` (or of the Hessian, for Newton).
    """

    w: np.ndarray
    b: float
    singular: bool
    method: str
    rank: int

    def __iter__(self):
        yield self.w
        yield self.b


def normal_equation(X, y, *, ridge: float = 0.0) -> Solution:
    """w* = (XᵀX + λI)⁻¹Xᵀy on centred data, b* = ȳ − x̄ᵀw*: the minimiser of J.

    Setting ``∂J/∂b = 0`` gives ``b = ȳ − x̄ᵀw``; substituting it centres the
    data (``X_c = X − x̄``, ``y_c = y − ȳ``) and ``∂J/∂w = 0`` becomes the
    normal equation ``(X_cᵀX_c + λI) w = X_cᵀy_c``. It is solved with
    ``numpy.linalg.solve``. When ``X_c`` is rank-deficient (``λ = 0`` and
    perfectly correlated or constant features, or fewer samples than
    features) every point of a line (a subspace) minimises ``J``; then the
    one of minimum norm ``‖w‖`` is returned (the pseudo-inverse solution,
    what ``numpy.linalg.lstsq`` computes, and the limit of ridge as ``λ → 0``)
    and ``singular`` is set. The same SVD route, ``w = V·diag(s/(s² + λ))·Uᵀy_c``
    over the singular values ``s`` of ``X_c`` that are not zero to working
    precision, is taken whenever ``X_cᵀX_c + λI`` is too ill-conditioned
    (``κ > 10¹⁰``) for the normal equations to be accurate: forming ``XᵀX``
    squares the condition number of ``X``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Targets.
    ridge : float, default 0.0
        ``λ ≥ 0`` (scikit-learn's ``Ridge(alpha=λ)``).

    Returns
    -------
    Solution
        ``w, b = normal_equation(X, y)`` unpacks it.

    Raises
    ------
    TypeError
        If ``X`` or ``y`` is not numeric, or ``ridge`` is not a number.
    ValueError
        If shapes disagree, a value is not finite, ``X`` is empty or too large,
        or ``ridge`` is outside ``[0, MAX_RIDGE]``.

    Notes
    -----
    .. math:: \\nabla J = 0 \\iff (X_c^\\top X_c + \\lambda I)\\, w = X_c^\\top y_c,
              \\qquad b = \\bar y - \\bar x^\\top w

    Examples
    --------
    >>> w, b = normal_equation([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> w.round(12).tolist(), round(b, 12)
    ([2.0], 1.0)
    >>> sol = normal_equation([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], [1.0, 2.0, 3.0])
    >>> sol.singular, sol.w.round(12).tolist()  # the line w1 + w2 = 1: minimum norm
    (True, [0.5, 0.5])
    """
    X, y = _design(X, y)
    lam = _ridge(ridge)
    n, d = X.shape
    x_mean, y_mean = X.mean(axis=0), float(y.mean())
    Xc, yc = X - x_mean, y - y_mean
    gram = Xc.T @ Xc
    eig = np.linalg.eigvalsh(gram)
    kappa = _ratio(float(eig[-1]) + lam, float(eig[0]) + lam, _tolerance(eig, max(n, d)))
    if kappa <= _SOLVE_LIMIT:
        w, rank, method = np.linalg.solve(gram + lam * np.eye(d), Xc.T @ yc), d, "solve"
    else:  # the SVD of X_c: numerically zero singular values contribute nothing
        U, sv, Vt = np.linalg.svd(Xc, full_matrices=False)
        keep = sv > _tolerance(sv, max(n, d))
        rank, method = int(keep.sum()), "svd"
        w = Vt[keep].T @ (sv[keep] / (sv[keep] ** 2 + lam) * (U[:, keep].T @ yc))
    return Solution(w, y_mean - float(x_mean @ w), rank < d and lam == 0.0, method, rank)


def normal_system(X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The pieces of the normal equation: X_cᵀX_c, X_cᵀy_c, x̄ and ȳ (centred data).

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)

    Returns
    -------
    gram : numpy.ndarray, shape (d, d)
        ``X_cᵀX_c`` with ``X_c = X − x̄`` (add ``λI`` for ridge).
    rhs : numpy.ndarray, shape (d,)
        ``X_cᵀy_c`` with ``y_c = y − ȳ``.
    x_mean : numpy.ndarray, shape (d,)
    y_mean : float

    Raises
    ------
    TypeError, ValueError
        As in :func:`normal_equation`.

    Examples
    --------
    >>> gram, rhs, xm, ym = normal_system([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> gram.tolist(), rhs.tolist(), xm.tolist(), ym
    ([[2.0]], [4.0], [1.0], 3.0)
    """
    X, y = _design(X, y)
    x_mean, y_mean = X.mean(axis=0), float(y.mean())
    Xc = X - x_mean
    return Xc.T @ Xc, Xc.T @ (y - y_mean), x_mean, y_mean


def lstsq_solution(X, y, *, ridge: float = 0.0) -> tuple[np.ndarray, float]:
    """(w, b) by ``numpy.linalg.lstsq`` on the stacked system [X 1; √λ·I 0]·θ ≈ [y; 0].

    An independent route to the minimiser of J (SVD of the augmented design, no
    centring, no normal equations): the page checks :func:`normal_equation`
    against it. The stacked rows add ``λ‖w‖²`` to ``‖Xw + b − y‖²``, which is
    ``n·J``. For a singular design with ``λ = 0`` it returns the minimum-norm
    ``(w, b)`` (which also minimises ``b²``, so it can differ from
    :func:`normal_equation`'s minimum-‖w‖ choice unless ``x̄ = 0``).

    Parameters
    ----------
    X, y, ridge
        As in :func:`normal_equation`.

    Returns
    -------
    w : numpy.ndarray, shape (d,)
    b : float

    Raises
    ------
    TypeError, ValueError
        As in :func:`normal_equation`.

    Examples
    --------
    >>> w, b = lstsq_solution([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> w.round(12).tolist(), round(b, 12)
    ([2.0], 1.0)
    """
    X, y = _design(X, y)
    lam = _ridge(ridge)
    n, d = X.shape
    A = _augmented(X)
    if lam > 0:
        penalty = np.hstack([math.sqrt(lam) * np.eye(d), np.zeros((d, 1))])
        A, y = np.vstack([A, penalty]), np.concatenate([y, np.zeros(d)])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    return theta[:-1], float(theta[-1])


def errors(X, y, w, b) -> dict[str, float]:
    """Error summaries of the fit ŷ = Xw + b: MSE, RMSE, MAE and the 2-norm ‖r‖.

    ``MSE = ‖r‖²/n`` is the squared 2-norm of the residual divided by ``n``, not
    the 2-norm itself; ``RMSE = ‖r‖/√n``.

    Parameters
    ----------
    X, y, w, b
        As in :func:`loss`.

    Returns
    -------
    dict
        ``{"mse", "rmse", "mae", "norm", "max"}`` (``max`` is the largest
        ``|rᵢ|``); ``inf`` where a value overflows.

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`.

    Examples
    --------
    >>> {k: round(v, 6) for k, v in errors([[1.0], [2.0]], [1.0, 3.0], [1.0], 0.0).items()}
    {'mse': 0.5, 'rmse': 0.707107, 'mae': 0.5, 'norm': 1.0, 'max': 1.0}
    """
    X, y = _design(X, y)
    w, b = _params(w, b, X.shape[1])
    n = X.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        r = X @ w + b - y
        norm = float(np.linalg.norm(r))
        values = {
            "mse": norm * norm / n,
            "rmse": norm / math.sqrt(n),
            "mae": float(np.mean(np.abs(r))),
            "norm": norm,
            "max": float(np.max(np.abs(r))),
        }
    return {k: (v if math.isfinite(v) else math.inf) for k, v in values.items()}


def newton_step(X, y, w, b, *, ridge: float = 0.0) -> Solution:
    """θ₁ = θ₀ − H⁻¹∇J(θ₀) for θ = (w, b): one step lands on the minimum of this quadratic.

    ``J`` is exactly quadratic, so its second-order Taylor model is ``J``
    itself and Newton's method is exact in one step, from any start. When the
    Hessian is singular (``λ = 0`` and ``XᵀX`` singular) the step uses the
    pseudo-inverse ``H⁺`` and lands on the minimiser nearest to ``θ₀``
    (``singular`` is set).

    Parameters
    ----------
    X, y, w, b, ridge
        As in :func:`loss`; ``(w, b)`` is the start ``θ₀``.

    Returns
    -------
    Solution
        The new point; ``rank`` is the numerical rank of ``H``.

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`.

    Notes
    -----
    .. math:: \\theta_1 = \\theta_0 - \\left(\\nabla^2 J\\right)^{-1} \\nabla J(\\theta_0)

    Examples
    --------
    >>> X, y = [[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0]
    >>> w, b = newton_step(X, y, [-4.0], 7.0)
    >>> w.round(12).tolist(), round(b, 12)
    ([2.0], 1.0)
    """
    X, y = _design(X, y)
    w, b = _params(w, b, X.shape[1])
    lam = _ridge(ridge)
    H = hessian(X, ridge=lam)
    gw, gb = gradient(X, y, w, b, ridge=lam)
    g = np.append(gw, gb)
    eig = np.linalg.eigvalsh(H)
    tol = _tolerance(eig, H.shape[0])
    rank = int(np.sum(eig > tol))
    singular = rank < H.shape[0]
    if _ratio(float(eig[-1]), float(eig[0]), tol) <= _SOLVE_LIMIT:
        step, method = np.linalg.solve(H, g), "solve"
    else:
        step, method = np.linalg.lstsq(H, g, rcond=tol / max(float(eig[-1]), 1e-300))[0], "lstsq"
    theta = np.append(w, b) - step
    return Solution(theta[:-1], float(theta[-1]), singular, method, rank)


def minimisers(X, y) -> tuple[np.ndarray, float, np.ndarray]:
    """The set of minimisers of the unpenalised J: ``w = w⁺ + N·t`` for any ``t``.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)

    Returns
    -------
    w_min_norm : numpy.ndarray, shape (d,)
        The minimum-norm minimiser ``w⁺`` (:func:`normal_equation` at ``λ = 0``).
    b : float
        Its intercept.
    null_space : numpy.ndarray, shape (d, k)
        Orthonormal directions along which ``J`` is flat (``X_c N = 0``); ``k = 0``
        when ``XᵀX`` (centred) is invertible and the minimiser is unique. Moving
        ``w`` along them changes nothing: ``b = ȳ − x̄ᵀw`` follows.

    Raises
    ------
    TypeError, ValueError
        As in :func:`normal_equation`.

    Examples
    --------
    >>> w, b, N = minimisers([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], [1.0, 2.0, 3.0])
    >>> w.round(12).tolist(), np.abs(N).round(6).ravel().tolist()
    ([0.5, 0.5], [0.707107, 0.707107])
    """
    X, y = _design(X, y)
    sol = normal_equation(X, y)
    Xc = X - X.mean(axis=0)
    _, sv, Vt = np.linalg.svd(Xc)
    rank = int(np.sum(sv > _tolerance(sv, max(X.shape))))
    return sol.w, sol.b, Vt[rank:].T


def ridge_path(X, y, ridges) -> np.ndarray:
    """w*(λ) for every λ in ``ridges``: shrinks from w* (λ = 0) towards 0 (λ → ∞).

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n,)
    ridges : array_like, shape (m,)
        Values ``λ ≥ 0``.

    Returns
    -------
    numpy.ndarray, shape (m, d)

    Raises
    ------
    TypeError, ValueError
        As in :func:`normal_equation`, or if ``ridges`` is not 1-D or has more
        than 10,000 values.

    Examples
    --------
    >>> ridge_path([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0], [0.0, 2.0]).round(12).tolist()
    [[2.0], [1.0]]
    """
    X, y = _design(X, y)
    lams = check_array(ridges, "ridges", ndim=1, max_size=10_000)
    return np.array([normal_equation(X, y, ridge=float(lam)).w for lam in lams]).reshape(
        lams.size, X.shape[1]
    )


# ---------------------------------------------------------------------------
# Conditioning


@dataclass(frozen=True)
class Conditioning:
    """The curvature of J, which decides how fast gradient descent can go.

    Attributes
    ----------
    hessian : numpy.ndarray, shape (d + 1, d + 1)
        ``∇²J`` over ``(w, b)`` (:func:`hessian`).
    eigenvalues : numpy.ndarray, shape (d + 1,)
        Its eigenvalues, ascending (``μ_min … λ_max``).
    condition : float
        ``λ_max / μ_min``; ``inf`` when the Hessian is singular.
    lr_max : float
        ``2 / λ_max``: full-batch gradient descent converges for every start
        exactly when the learning rate is below it.
    bowl : numpy.ndarray, shape (d, d)
        ``(2/n)(X_cᵀX_c + λI)``, the Hessian of ``J(w, b*(w))`` with the
        intercept at its optimum: the bowl drawn over ``(w₁, w₂)``.
    bowl_eigenvalues : numpy.ndarray, shape (d,)
        Its eigenvalues, ascending.
    bowl_axes : numpy.ndarray, shape (d, d)
        Its unit eigenvectors (columns, same order): the axes of the elliptical
        contours; the bowl is steepest along the last.
    bowl_condition : float
        ``κ(X_cᵀX_c + λI)``: how stretched the bowl is (``inf`` when singular).
    """

    hessian: np.ndarray
    eigenvalues: np.ndarray
    condition: float
    lr_max: float
    bowl: np.ndarray
    bowl_eigenvalues: np.ndarray
    bowl_axes: np.ndarray
    bowl_condition: float

    def rate(self, lr: float) -> float:
        """GD's contraction factor ``max |1 − η·μ|`` over the non-zero eigenvalues ``μ``.

        The distance to the set of minimisers shrinks at least by this factor per
        step (and the loss gap ``J − J*`` by its square); ``≥ 1`` means no
        convergence.

        Raises
        ------
        TypeError, ValueError
            If ``lr`` is not a finite number ``≥ 0``.
        """
        lr = float(check_scalar(lr, "lr", min_val=0.0))
        eig = self.eigenvalues
        mu = eig[eig > _tolerance(eig, len(eig))]
        return float(np.max(np.abs(1.0 - lr * mu), initial=0.0))


def conditioning(X, *, ridge: float = 0.0) -> Conditioning:
    """Eigenvalues of ∇²J, the condition number κ = λ_max/λ_min and the stable step 2/λ_max.

    Gradient descent on a quadratic multiplies the error along the
    eigenvector of eigenvalue ``μ`` by ``1 − η·μ`` each step: it converges for
    ``0 < η < 2/λ_max``, and the slowest direction shrinks by ``1 − η·μ_min``.
    With the best ``η`` the rate is ``(κ − 1)/(κ + 1)``: a large condition number
    means slow, zig-zagging descent. The ridge term adds ``2λ/n`` to every
    eigenvalue of the ``w`` block, which lowers ``κ``.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    ridge : float, default 0.0
        ``λ ≥ 0``.

    Returns
    -------
    Conditioning

    Raises
    ------
    TypeError, ValueError
        As in :func:`hessian`.

    Notes
    -----
    .. math:: \\kappa = \\frac{\\lambda_{\\max}(\\nabla^2 J)}{\\lambda_{\\min}(\\nabla^2 J)},
              \\qquad \\eta < \\frac{2}{\\lambda_{\\max}}

    Examples
    --------
    >>> X, _ = make_data(50, correlation=0.9)
    >>> c = conditioning(X)
    >>> c.bowl_eigenvalues.round(10).tolist(), round(c.bowl_condition, 8), round(c.lr_max, 6)
    ([0.2, 3.8], 19.0, 0.526316)
    """
    X, _ = _design(X)
    lam = _ridge(ridge)
    n, d = X.shape
    H = hessian(X, ridge=lam)
    eig = np.linalg.eigvalsh(H)
    tol = _tolerance(eig, d + 1)
    Xc = X - X.mean(axis=0)
    bowl = 2.0 / n * (Xc.T @ Xc + lam * np.eye(d))
    bowl_eig, bowl_vec = np.linalg.eigh(bowl)
    bowl_tol = _tolerance(bowl_eig, max(n, d))
    return Conditioning(
        hessian=H,
        eigenvalues=eig,
        condition=_ratio(float(eig[-1]), float(eig[0]), tol),
        lr_max=2.0 / float(eig[-1]),
        bowl=bowl,
        bowl_eigenvalues=bowl_eig,
        bowl_axes=bowl_vec,
        bowl_condition=_ratio(float(bowl_eig[-1]), float(bowl_eig[0]), bowl_tol),
    )


def condition_vs_ridge(X, ridges) -> np.ndarray:
    """κ(X_cᵀX_c + λI) = (σ²_max + λ)/(σ²_min + λ) for every λ in ``ridges``.

    Parameters
    ----------
    X : array_like, shape (n, d)
    ridges : array_like, shape (m,)
        Values ``λ ≥ 0``.

    Returns
    -------
    numpy.ndarray, shape (m,)
        Condition numbers, ``inf`` where the matrix is singular (``λ = 0`` on a
        singular design).

    Raises
    ------
    TypeError, ValueError
        As in :func:`hessian`, or if ``ridges`` is not 1-D or has a negative
        entry.

    Examples
    --------
    >>> X, _ = make_data(10, correlation=1.0)
    >>> condition_vs_ridge(X, [0.0, 1.0, 10.0]).round(6).tolist()
    [inf, 21.0, 3.0]
    """
    X, _ = _design(X)
    lams = check_array(ridges, "ridges", ndim=1)
    if lams.size and lams.min() < 0:
        raise ValueError(f"ridges has a negative entry ({lams.min():.6g}), must be >= 0.")
    Xc = X - X.mean(axis=0)
    eig = np.linalg.eigvalsh(Xc.T @ Xc)
    tol = _tolerance(eig, max(X.shape))
    smallest = np.where(eig[0] <= tol, 0.0, eig[0]) + lams
    largest = eig[-1] + lams
    with np.errstate(divide="ignore"):
        kappa = np.where(smallest > tol, largest / np.where(smallest > 0, smallest, 1.0), np.inf)
    return kappa


def loss_surface(X, y, w1, w2, *, ridge: float = 0.0) -> np.ndarray:
    """J(w₁, w₂, b*(w)) over a grid, with the intercept at its optimum b* = ȳ − x̄ᵀw.

    For a quadratic, ``J = J* + ½(w − w*)ᵀ·B·(w − w*)`` exactly, with ``B`` the
    bowl Hessian of :class:`Conditioning`; evaluating it this way costs
    ``O(grid)`` whatever ``n`` and never loses the small differences near the
    minimum to rounding.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        Two features.
    y : array_like, shape (n,)
    w1, w2 : array_like
        1-D grid axes (at most :data:`MAX_GRID` values each).
    ridge : float, default 0.0
        ``λ ≥ 0``.

    Returns
    -------
    numpy.ndarray, shape (len(w2), len(w1))
        ``J`` at ``(w1[j], w2[i])`` in row ``i``, column ``j`` (Plotly's layout).

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`, or if ``X`` does not have two columns, or an axis is
        not 1-D, empty or longer than ``MAX_GRID``.

    Examples
    --------
    >>> X, y = make_data(20, correlation=0.5, seed=3)
    >>> S = loss_surface(X, y, [0.0, 1.0], [-1.0, 2.0])
    >>> b = float(y.mean())  # x̄ = 0 for make_data, so b* = ȳ
    >>> bool(np.isclose(S[1, 0], loss(X, y, [0.0, 2.0], b)))
    True
    """
    X, y = _design(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X.shape[1] == {X.shape[1]}, must be 2.")
    lam = _ridge(ridge)
    g1 = check_array(w1, "w1", ndim=1, min_size=1, max_size=MAX_GRID)
    g2 = check_array(w2, "w2", ndim=1, min_size=1, max_size=MAX_GRID)
    best = normal_equation(X, y, ridge=lam)
    j_min = loss(X, y, best.w, best.b, ridge=lam)
    Xc = X - X.mean(axis=0)
    B = 2.0 / X.shape[0] * (Xc.T @ Xc + lam * np.eye(2))
    d1 = (g1 - best.w[0])[None, :]
    d2 = (g2 - best.w[1])[:, None]
    with np.errstate(over="ignore", invalid="ignore"):
        S = j_min + 0.5 * (B[0, 0] * d1 * d1 + 2.0 * B[0, 1] * d1 * d2 + B[1, 1] * d2 * d2)
    return np.where(np.isfinite(S), np.maximum(S, j_min), np.inf)


def level_set(center, bowl, gap, *, num: int = 121, max_axis: float = 1e6) -> np.ndarray:
    """Points w with ½(w − w*)ᵀ·B·(w − w*) = gap: the contour J = J* + gap, an ellipse.

    For a quadratic the level sets are ellipses centred on the minimum with
    axes along the eigenvectors of ``B`` and semi-axes ``√(2·gap/μᵢ)``: the
    flatter the direction, the longer the axis. A zero eigenvalue (a singular
    bowl) makes the ellipse a strip; its semi-axis is capped at ``max_axis``.

    Parameters
    ----------
    center : array_like, shape (2,)
        The minimiser ``w*``.
    bowl : array_like, shape (2, 2)
        Symmetric positive semi-definite Hessian ``B`` (:attr:`Conditioning.bowl`).
    gap : float or array_like, shape (k,)
        ``J − J* ≥ 0``; several values give several ellipses at once.
    num : int, default 121
        Number of points per ellipse (the first and the last coincide),
        ``3 ≤ num ≤ 10⁵``.
    max_axis : float, default 1e6
        Largest semi-axis, ``> 0``.

    Returns
    -------
    numpy.ndarray, shape (num, 2), or (k, num, 2) for an array of gaps

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If shapes are wrong, ``bowl`` is not symmetric or is zero, a gap is
        negative, or another value is out of range.

    Notes
    -----
    .. math:: w(\\theta) = w^* + \\sqrt{2g/\\mu_1}\\,\\cos\\theta\\; v_1
              + \\sqrt{2g/\\mu_2}\\,\\sin\\theta\\; v_2

    Examples
    --------
    >>> pts = level_set([0.0, 0.0], [[2.0, 0.0], [0.0, 8.0]], 1.0, num=5)
    >>> np.abs(pts).max(axis=0).round(12).tolist()  # semi-axes √(2/2) and √(2/8)
    [1.0, 0.5]
    >>> level_set([0.0, 0.0], [[2.0, 0.0], [0.0, 8.0]], [1.0, 4.0], num=5).shape
    (2, 5, 2)
    """
    c = check_array(center, "center", shape=(2,))
    B = check_array(bowl, "bowl", shape=(2, 2))
    if not np.allclose(B, B.T, rtol=1e-10, atol=0.0):
        raise ValueError("bowl is not symmetric, must be a Hessian.")
    gaps = check_array(gap, "gap", ndim=(0, 1))
    if gaps.size and gaps.min() < 0:
        raise ValueError(f"gap has a negative value ({gaps.min():.6g}), must be >= 0.")
    num = check_int(num, "num", min_val=3, max_val=100_000)
    max_axis = float(check_scalar(max_axis, "max_axis", min_val=0.0, include_boundaries="neither"))
    eig, vec = np.linalg.eigh(B)
    if eig[-1] <= 0:
        raise ValueError("bowl has no positive eigenvalue, must curve in some direction.")
    flat = eig <= _tolerance(eig, 2)
    safe = np.where(flat, 1.0, eig)
    with np.errstate(over="ignore"):
        semi = np.where(flat, max_axis, np.sqrt(2.0 * np.atleast_1d(gaps)[:, None] / safe))
    semi = np.minimum(semi, max_axis)  # (k, 2)
    theta = np.linspace(0.0, 2.0 * np.pi, num)
    unit = np.stack([np.cos(theta), np.sin(theta)], axis=1)  # (num, 2)
    pts = c + np.einsum("ti,ki,ji->ktj", unit, semi, vec)  # Σᵢ cos/sin · semiᵢ · vᵢ
    return pts[0] if gaps.ndim == 0 else pts


# ---------------------------------------------------------------------------
# Gradient descent


@dataclass(frozen=True)
class Path:
    """The path of :func:`fit_gd`; entry 0 is the start ``(w₀, b₀)``.

    Attributes
    ----------
    w : numpy.ndarray, shape (k + 1, d)
    b, loss, gap, grad_norm : numpy.ndarray, shape (k + 1,)
        Weights, intercept, objective ``J``, its distance to the minimum
        ``J − J*`` (``≥ 0``) and ``‖∇J‖`` after each step. ``k`` is the number of
        steps completed: the requested ``steps``, or fewer when the run
        diverged. Every recorded value is finite.
    diverged : bool
        Whether the run stopped because the loss became non-finite or more
        than :data:`DIVERGENCE_FACTOR` times its starting value.
    diverged_at : int or None
        The step whose update blew up (not recorded).
    lr, ridge : float
        Learning rate and ridge strength.
    steps : int
        Requested number of steps.
    optimum : Solution
        The closed-form minimiser (:func:`normal_equation`) the gap is measured to.
    loss_min : float
        ``J*``, the loss at ``optimum``.
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    gap: np.ndarray
    grad_norm: np.ndarray
    diverged: bool
    diverged_at: int | None
    lr: float
    ridge: float
    steps: int
    optimum: Solution
    loss_min: float

    @property
    def steps_run(self) -> int:
        """Number of completed steps (``len(loss) − 1``)."""
        return int(self.loss.size - 1)

    @property
    def converged_at(self) -> int | None:
        """First step with ``J − J* ≤ CONVERGED_GAP·J(θ₀)``, or ``None``."""
        hit = np.flatnonzero(self.gap <= CONVERGED_GAP * max(float(self.loss[0]), 1e-300))
        return int(hit[0]) if hit.size else None


def fit_gd(X, y, *, lr: float, steps: int, ridge: float = 0.0, w0=None, b0: float = 0.0) -> Path:
    """Gradient descent θ ← θ − η·∇J(θ) on (w, b), from (w₀, b₀).

    For this quadratic ``∇J(θ) = H·θ − (2/n)·X̃ᵀy`` with ``X̃ = [X, 1]`` and the
    constant Hessian ``H`` (:func:`hessian`), so each step costs ``O(d²)``
    whatever ``n``. The loss of every recorded state is
    ``J* + ½(θ − θ*)ᵀ∇J(θ)`` (exact for a quadratic, and accurate near the
    minimum where ``J − J*`` is far below ``J*``).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Targets.
    lr : float
        Learning rate ``η``, ``0 < η ≤ 10⁶``.
    steps : int
        Number of updates, ``0 ≤ steps ≤`` :data:`MAX_STEPS`.
    ridge : float, default 0.0
        ``λ ≥ 0``.
    w0 : array_like, shape (d,), optional
        Start weights (default zeros).
    b0 : float, default 0.0
        Start intercept.

    Returns
    -------
    Path
        A loss that becomes non-finite or exceeds :data:`DIVERGENCE_FACTOR`
        times the starting loss stops the run: ``path.diverged`` is set and
        nothing non-finite is recorded. Nothing is raised.

    Raises
    ------
    TypeError, ValueError
        As in :func:`loss`, or if ``lr`` is outside ``(0, 10⁶]``, ``steps``
        outside ``[0, MAX_STEPS]``, or ``w0`` has the wrong shape.

    Notes
    -----
    .. math:: w_{t+1} = w_t - \\eta\\,\\frac{2}{n}\\left(X^\\top r_t + \\lambda w_t\\right),
              \\qquad b_{t+1} = b_t - \\eta\\,\\frac{2}{n} \\sum_i r_{t,i}

    Examples
    --------
    >>> X, y = make_data(50, correlation=0.9, seed=0)
    >>> p = fit_gd(X, y, lr=0.5, steps=200)
    >>> bool(np.allclose(p.w[-1], normal_equation(X, y).w)), p.diverged
    (True, False)
    >>> fit_gd(X, y, lr=0.6, steps=500).diverged  # above 2/λ_max = 0.526
    True
    """
    X, y = _design(X, y)
    n, d = X.shape
    lam = _ridge(ridge)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1e6, include_boundaries="right"))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    w0 = np.zeros(d) if w0 is None else check_array(w0, "w0", shape=(d,))
    b0 = float(check_scalar(b0, "b0"))
    H = hessian(X, ridge=lam)
    g0 = 2.0 / n * (_augmented(X).T @ y)
    best = normal_equation(X, y, ridge=lam)
    theta_star = np.append(best.w, best.b)
    j_min = loss(X, y, best.w, best.b, ridge=lam)
    start = loss(X, y, w0, b0, ridge=lam)

    Theta = np.empty((steps + 1, d + 1))
    theta = np.append(w0, b0)
    Theta[0] = theta
    # The loop does only the updates; losses and gradients of every state are
    # evaluated at once afterwards. An overflow turns the state into inf/nan,
    # which the check below catches.
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            theta = theta - lr * (H @ theta - g0)
            Theta[t] = theta
            if not theta @ theta < 1e300:  # overflowing (or inf/nan): nothing more to learn
                Theta = Theta[: t + 1]
                break
        G = Theta @ H - g0  # H is symmetric: row t is ∇J(θ_t)
        gap = np.maximum(0.5 * np.einsum("ij,ij->i", Theta - theta_star, G), 0.0)
        L = j_min + gap
        norms = np.sqrt(np.einsum("ij,ij->i", G, G))
    limit = DIVERGENCE_FACTOR * start if start > 0 else math.inf
    finite = np.isfinite(Theta).all(axis=1) & np.isfinite(L) & np.isfinite(norms)
    bad = np.flatnonzero(~finite | (L > limit))
    keep = int(bad[0]) if bad.size else len(L)
    diverged_at = keep if bad.size else None
    return Path(
        w=Theta[:keep, :-1],
        b=Theta[:keep, -1],
        loss=L[:keep],
        gap=gap[:keep],
        grad_norm=norms[:keep],
        diverged=diverged_at is not None,
        diverged_at=diverged_at,
        lr=lr,
        ridge=lam,
        steps=steps,
        optimum=best,
        loss_min=j_min,
    )


@dataclass(frozen=True)
class Diagnosis:
    """What happened in a run, for the page to put in words.

    Attributes
    ----------
    status : {"diverged", "unstable", "converged", "running"}
        ``diverged``: stopped (the loss blew up). ``unstable``: the learning
        rate is at or above ``2/λ_max`` or the loss went up (it will blow up
        given more steps). ``converged``: ``J − J*`` fell below
        :data:`CONVERGED_GAP` times the starting loss. ``running``: still
        descending; more steps or a larger learning rate would help.
    increases : int
        Number of steps on which the loss went up.
    lr_limit : float
        ``2/λ_max``.
    lr, steps_run, gap, diverged_at, converged_at
        As in :class:`Path`; ``gap`` is the final ``J − J*``.
    rate : float
        Contraction factor ``max |1 − η·μ|`` (:meth:`Conditioning.rate`).
    predicted_steps : float
        Steps the bound ``gap₀·rate^{2t}`` needs to reach the convergence
        threshold (``inf`` when ``rate ≥ 1``, 0 when already there).
    """

    status: str
    increases: int
    lr_limit: float
    lr: float
    steps_run: int
    gap: float
    diverged_at: int | None
    converged_at: int | None
    rate: float
    predicted_steps: float

    def numbers(self) -> dict[str, float | int | None]:
        """The values a message about this run quotes."""
        return {
            "up": self.increases,
            "limit": self.lr_limit,
            "lr": self.lr,
            "steps": self.steps_run,
            "gap": self.gap,
            "step": self.diverged_at,
            "at": self.converged_at,
            "rate": self.rate,
            "predicted": self.predicted_steps,
        }


def diagnose(path: Path, X) -> Diagnosis:
    """Classify a run: diverged, unstable, converged or running.

    Parameters
    ----------
    path : Path
        A run of :func:`fit_gd`.
    X : array_like, shape (n, d)
        Its features (for the Hessian).

    Returns
    -------
    Diagnosis

    Raises
    ------
    TypeError
        If ``path`` is not a :class:`Path`.
    ValueError
        As in :func:`hessian`, or if ``X`` does not match the path.

    Examples
    --------
    >>> X, y = make_data(50, correlation=0.9)
    >>> diagnose(fit_gd(X, y, lr=0.5, steps=200), X).status
    'converged'
    >>> diagnose(fit_gd(X, y, lr=0.6, steps=20), X).status
    'unstable'
    """
    if not isinstance(path, Path):
        raise TypeError(f"path must be an instance of Path, not {type(path).__name__}.")
    X, _ = _design(X)
    if X.shape[1] != path.w.shape[1]:
        raise ValueError(f"X.shape[1] == {X.shape[1]}, must be {path.w.shape[1]} (the path's d).")
    cond = conditioning(X, ridge=path.ridge)
    rate = cond.rate(path.lr)
    diffs = np.diff(path.loss)
    increases = int(np.sum(diffs > 1e-12 * np.maximum(1.0, np.abs(path.loss[:-1]))))
    target = CONVERGED_GAP * max(float(path.loss[0]), 1e-300)
    gap0 = float(path.gap[0])
    if gap0 <= target:
        predicted = 0.0
    elif rate >= 1.0:
        predicted = math.inf
    elif rate == 0.0:
        predicted = 1.0
    else:
        predicted = math.ceil(math.log(target / gap0) / (2.0 * math.log(rate)))
    converged_at = path.converged_at
    if path.diverged:
        status = "diverged"
    elif path.lr >= cond.lr_max * (1 - 1e-12) or (path.steps_run and path.loss[-1] > path.loss[0]):
        status = "unstable"
    elif converged_at is not None:
        status = "converged"
    else:
        status = "running"
    return Diagnosis(
        status,
        increases,
        cond.lr_max,
        path.lr,
        path.steps_run,
        float(path.gap[-1]),
        path.diverged_at,
        converged_at,
        rate,
        float(predicted),
    )


# ---------------------------------------------------------------------------
# Linear versus logistic regression


@dataclass(frozen=True)
class LinearVsLogistic:
    """Least squares and logistic regression fitted to the same 0/1 labels.

    Attributes
    ----------
    linear : tuple of float
        ``(slope, intercept)`` of the least-squares line ``ŷ = a·x + c``: an
        unbounded number, read as a probability it leaves ``[0, 1]``.
    logistic : tuple of float
        ``(slope, intercept)`` of ``p = σ(a·x + c)``, fitted by Newton's method
        (IRLS) on the mean cross-entropy plus ``(l2/2)·a²``.
    iterations : int
        Newton iterations used.
    """

    linear: tuple[float, float]
    logistic: tuple[float, float]
    iterations: int

    def predict(self, x) -> tuple[np.ndarray, np.ndarray]:
        """Both models' outputs at ``x``: ``(a·x + c, σ(a'·x + c'))``.

        Raises
        ------
        TypeError, ValueError
            If ``x`` is not finite numbers.
        """
        x = check_array(x, "x")
        a, c = self.linear
        s, t = self.logistic
        return a * x + c, _sigmoid(s * x + t)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def linear_vs_logistic(x, labels, *, l2: float = 1e-3) -> LinearVsLogistic:
    """Fit ŷ = a·x + c by least squares and p = σ(a'·x + c') by cross-entropy, to 0/1 labels.

    Parameters
    ----------
    x : array_like, shape (n,)
        One feature (not constant).
    labels : array_like, shape (n,)
        0 or 1, both present.
    l2 : float, default 1e-3
        Penalty ``(l2/2)·a'²`` on the logistic slope, ``0 < l2 ≤ 10³`` (keeps
        the slope finite when the classes are separable; scikit-learn's
        ``C = 1/(l2·n)``).

    Returns
    -------
    LinearVsLogistic

    Raises
    ------
    TypeError
        If an argument is not numeric.
    ValueError
        If shapes disagree, ``x`` has fewer than 2 values or is constant,
        ``labels`` are not all 0 or 1 or miss a class, or ``l2`` is outside
        ``(0, 10³]``.

    Notes
    -----
    .. math:: \\min_{a, c} \\frac{1}{n}\\sum_i \\big(y_i - (a x_i + c)\\big)^2
              \\quad\\text{vs}\\quad
              \\min_{a, c} \\frac{1}{n}\\sum_i \\ell\\big(\\sigma(a x_i + c), y_i\\big)
              + \\frac{l_2}{2} a^2

    Examples
    --------
    >>> fit = linear_vs_logistic([0.0, 1.0, 2.0, 3.0], [0, 0, 1, 1])
    >>> round(fit.linear[0], 6), fit.linear[1] < 0, fit.logistic[0] > 1
    (0.4, True, True)
    """
    x = check_array(x, "x", ndim=1, min_size=2, max_size=MAX_SAMPLES)
    t = check_array(labels, "labels", shape=(x.size,))
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError("labels has a value other than 0 or 1, must be 0/1.")
    if t.min() == t.max():
        raise ValueError("labels has a single class, must contain both 0 and 1.")
    l2 = float(check_scalar(l2, "l2", min_val=0.0, max_val=1e3, include_boundaries="right"))
    if np.ptp(x) == 0:
        raise ValueError("x is constant, must vary.")
    line = normal_equation(x[:, None], t)
    A = np.column_stack([x, np.ones_like(x)])
    n = x.size
    penalty = np.array([l2, 0.0])

    def objective(theta: np.ndarray) -> float:
        z = A @ theta
        # mean log(1 + e^z) − t·z (stable softplus) + (l2/2)·a²
        soft = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
        return float(np.mean(soft - t * z) + 0.5 * l2 * theta[0] ** 2)

    theta = np.zeros(2)
    value = objective(theta)
    iterations = 0
    while iterations < 100:
        iterations += 1
        p = _sigmoid(A @ theta)
        grad = A.T @ (p - t) / n + penalty * theta
        H = (A * (p * (1 - p))[:, None]).T @ A / n + np.diag(penalty)
        step = np.linalg.lstsq(H, grad, rcond=None)[0]
        scale = 1.0
        while scale > 1e-10:  # backtracking: Newton steps can overshoot far from the optimum
            trial = theta - scale * step
            trial_value = objective(trial)
            if trial_value <= value:
                break
            scale *= 0.5
        theta, change, value = trial, scale * float(np.max(np.abs(step))), trial_value
        if change < 1e-12 * max(1.0, float(np.max(np.abs(theta)))):
            break
    return LinearVsLogistic(
        (float(line.w[0]), float(line.b)), (float(theta[0]), float(theta[1])), iterations
    )


# ---------------------------------------------------------------------------
# "Reproduce in Python"


def snippet(
    n: int,
    correlation: float,
    noise: float,
    seed: int,
    ridge: float,
    lr: float,
    steps: int,
    w0=(0.0, 0.0),
) -> str:
    """The "Reproduce in Python" code for these parameters (validated first).

    Raises
    ------
    TypeError, ValueError
        If a parameter is out of range (as in :func:`make_data` and :func:`fit_gd`).

    Examples
    --------
    >>> print(snippet(50, 0.9, 0.5, 0, 0.0, 0.5, 100).splitlines()[3])
    X, y = linreg.make_data(50, correlation=0.9, noise=0.5, seed=0)
    """
    n = check_int(n, "n", min_val=3, max_val=MAX_SAMPLES)
    rho = float(check_scalar(correlation, "correlation", min_val=-1.0, max_val=1.0))
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1e6))
    seed = check_seed(seed)
    lam = _ridge(ridge)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1e6, include_boundaries="right"))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    start = check_array(w0, "w0", shape=(2,))
    return (
        "import numpy as np\n"
        "from playground import linear_regression as linreg\n"
        "\n"
        f"X, y = linreg.make_data({n}, correlation={rho!r}, noise={noise!r}, seed={seed})\n"
        f"ridge = {lam!r}\n"
        "w, b = linreg.normal_equation(X, y, ridge=ridge)      # closed form\n"
        "cond = linreg.conditioning(X, ridge=ridge)            # eigenvalues, kappa, 2/lambda_max\n"
        f"path = linreg.fit_gd(X, y, lr={lr!r}, steps={steps}, ridge=ridge,\n"
        f"                     w0=[{float(start[0])!r}, {float(start[1])!r}])\n"
        "newton = linreg.newton_step(X, y, path.w[0], path.b[0], ridge=ridge)  # one step\n"
        "print(w.round(4), round(b, 4), round(cond.bowl_condition, 4), round(cond.lr_max, 4))\n"
        "print(path.w[-1].round(4), linreg.diagnose(path, X).status, newton.w.round(4))\n"
    )
