"""Constrained optimisation: Lagrange multipliers, KKT conditions, prices and duality.

The whole story in NumPy/SciPy, with nothing about screens. The problem is a
strictly convex quadratic programme (QP)::

    minimise  f(x) = ½ (x − c)ᵀ Q (x − c)     (Q symmetric positive definite)
    subject to A_eq x = b_eq,  A_in x ≤ b_in

with the Lagrangian ``ℒ(x, λ, μ) = f(x) + λᵀ(A_eq x − b_eq) + μᵀ(A_in x − b_in)``.

- :func:`solve_qp` solves it exactly: for each guess of the active set it
  solves the KKT linear system ``[[Q, Aᵀ], [A, 0]] [x; ν] = [Qc; b]`` and keeps
  the guess whose point is feasible with multipliers ``μ ≥ 0``;
- :func:`kkt_report` measures the four KKT conditions (stationarity, primal
  feasibility, dual feasibility, complementary slackness) at any point, each
  a number with a tolerance-based verdict; :func:`candidate` finds the
  multipliers that best certify an arbitrary point;
- the multipliers are prices: ``∂f*/∂b = −(λ, μ)`` (:func:`value_curve`,
  :func:`multiplier_fd`);
- :func:`dual_function` ``g(λ, μ) = min_x ℒ`` in closed form,
  :func:`duality_gap`, and :func:`solve_dual`, which maximises ``g``
  numerically (a path independent of :func:`solve_qp`);
- :func:`circle_problem`: the classic Lagrange example ``min aᵀx`` on the
  circle ``‖x‖ = r`` in closed form; :func:`line_sweep` / :func:`circle_sweep`
  walk along a constraint and compare ∇f with ∇h (tangency);
- :func:`lens_problem`: where the constraint qualification fails and no
  multiplier exists;
- drawing helpers for the plane: :func:`q_matrix`, :func:`objective_grid`,
  :func:`feasible_region`, :func:`line_in_box`.

Conventions: multipliers enter the Lagrangian with a plus sign and
constraints are written ``A_in x ≤ b_in``, so ``μ ≥ 0`` and the optimal value
falls when a bound is relaxed: ``∂f*/∂b_i = −μ_i`` (and ``−λ_j`` for an
equality). An infeasible problem has ``f* = +inf`` (the minimum over the
empty set) and no minimiser (``x is None``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import scipy.linalg
import scipy.optimize

from playground._validation import check_array, check_choice, check_int, check_scalar

__all__ = [
    "MAX_ABS",
    "MAX_DIM",
    "MAX_INEQUALITIES",
    "Check",
    "CircleResult",
    "DualResult",
    "KKTReport",
    "LensResult",
    "QPResult",
    "Sweep",
    "ValueCurve",
    "Walk",
    "candidate",
    "circle_numeric",
    "circle_walk",
    "circle_problem",
    "circle_sweep",
    "dual_function",
    "dual_slice",
    "duality_gap",
    "feasible_region",
    "kkt_report",
    "lens_dual",
    "lens_dual_max",
    "lens_problem",
    "line_in_box",
    "linear_grid",
    "line_sweep",
    "line_walk",
    "multiplier_fd",
    "objective",
    "objective_grad",
    "objective_grid",
    "q_matrix",
    "sensitivities",
    "snippet",
    "solve_dual",
    "solve_qp",
    "value_curve",
    "view_box",
]

#: Largest number of inequality constraints :func:`solve_qp` accepts: it tries
#: up to ``2**m`` active sets (4,096 small linear solves at the cap).
MAX_INEQUALITIES = 12
#: Largest dimension of ``x`` (each active set costs an ``(n + m)``-square solve).
MAX_DIM = 200
#: Largest absolute value of any entry: squares and products stay finite.
MAX_ABS = 1e100
#: Default relative tolerance of feasibility and sign tests and of KKT verdicts.
TOL = 1e-9


# ---------------------------------------------------------------------------
# The problem and its checks
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """A validated QP: ``A`` stacks the equality rows, then the inequality rows."""

    Q: np.ndarray
    c: np.ndarray
    A_eq: np.ndarray
    b_eq: np.ndarray
    A_in: np.ndarray
    b_in: np.ndarray

    @property
    def n(self) -> int:
        return self.c.size

    @property
    def m_eq(self) -> int:
        return self.b_eq.size

    @property
    def m_in(self) -> int:
        return self.b_in.size

    @property
    def A(self) -> np.ndarray:
        return np.vstack([self.A_eq, self.A_in])

    @property
    def b(self) -> np.ndarray:
        return np.concatenate([self.b_eq, self.b_in])


def _check_bounded(arr: np.ndarray, name: str) -> np.ndarray:
    if arr.size and float(np.max(np.abs(arr))) > MAX_ABS:
        raise ValueError(f"{name} has an entry larger than {MAX_ABS:g} in absolute value.")
    return arr


def _check_q(Q) -> np.ndarray:
    q = _check_bounded(check_array(Q, "Q", ndim=2, min_size=1), "Q")
    n = q.shape[0]
    if q.shape != (n, n):
        raise ValueError(f"Q.shape == {q.shape}, must be square (n, n).")
    if n > MAX_DIM:
        raise ValueError(f"Q.shape[0] == {n}, must be <= {MAX_DIM}.")
    scale = float(np.max(np.abs(q)))
    if float(np.max(np.abs(q - q.T))) > 1e-10 * scale:
        raise ValueError("Q is not symmetric, must equal its transpose.")
    q = (q + q.T) / 2
    eig = np.linalg.eigvalsh(q)
    if not eig[0] > 1e-12 * max(abs(eig[-1]), np.finfo(float).tiny):
        raise ValueError(
            f"Q has smallest eigenvalue {eig[0]:.6g}, must be positive definite "
            "(every eigenvalue > 0)."
        )
    return q


def _check_constraints(A, b, n: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
    a_name, b_name = f"A_{kind}", f"b_{kind}"
    if A is None and b is None:
        return np.zeros((0, n)), np.zeros(0)
    if A is None or b is None:
        missing = a_name if A is None else b_name
        raise ValueError(f"{missing} is None, must be given together with the other.")
    b_arr = _check_bounded(check_array(b, b_name, ndim=(0, 1)), b_name).reshape(-1)
    a_arr = check_array(A, a_name, ndim=(1, 2))
    if a_arr.size == 0 and b_arr.size == 0:
        return np.zeros((0, n)), np.zeros(0)
    a_arr = _check_bounded(a_arr.reshape(1, -1) if a_arr.ndim == 1 else a_arr, a_name)
    if a_arr.shape[1] != n:
        raise ValueError(f"{a_name}.shape == {a_arr.shape}, must be (m, {n}).")
    if a_arr.shape[0] != b_arr.size:
        raise ValueError(
            f"{b_name}.size == {b_arr.size}, must equal {a_name}.shape[0] == {a_arr.shape[0]}."
        )
    return a_arr, b_arr


def _problem(Q, c, A_eq=None, b_eq=None, A_in=None, b_in=None) -> _Problem:
    q = _check_q(Q)
    n = q.shape[0]
    c_arr = _check_bounded(check_array(c, "c", shape=(n,)), "c")
    a_eq, b_eq_arr = _check_constraints(A_eq, b_eq, n, "eq")
    a_in, b_in_arr = _check_constraints(A_in, b_in, n, "in")
    if b_in_arr.size > MAX_INEQUALITIES:
        raise ValueError(
            f"A_in.shape[0] == {b_in_arr.size}, must be <= {MAX_INEQUALITIES} "
            "(every subset is a candidate active set)."
        )
    return _Problem(q, c_arr, a_eq, b_eq_arr, a_in, b_in_arr)


def _check_point(x, n: int, name: str = "x") -> np.ndarray:
    return _check_bounded(check_array(x, name, shape=(n,)), name)


def _check_tol(tol) -> float:
    return float(check_scalar(tol, "tol", min_val=0.0, max_val=1.0, include_boundaries="left"))


# ---------------------------------------------------------------------------
# The objective, its gradient, and a grid for contours
# ---------------------------------------------------------------------------


def objective(x, Q, c) -> float:
    """f(x) = ½ (x − c)ᵀ Q (x − c).

    Raises
    ------
    ValueError
        If ``Q`` is not square, symmetric and positive definite, or ``x`` and
        ``c`` do not have shape ``(n,)``, or an entry is nan, infinite or
        larger than ``MAX_ABS``.

    Notes
    -----
    .. math:: f(x) = \\tfrac12\\,(x - c)^\\top Q\\,(x - c)

    Examples
    --------
    >>> objective([1.0, 1.0], np.eye(2), [0.0, 0.0])
    1.0
    """
    q = _check_q(Q)
    c_arr = check_array(c, "c", shape=(q.shape[0],))
    d = _check_point(x, q.shape[0]) - c_arr
    return float(0.5 * d @ q @ d)


def objective_grad(x, Q, c) -> np.ndarray:
    """∇f(x) = Q (x − c), next to :func:`objective`.

    Raises
    ------
    ValueError
        As :func:`objective`.

    Notes
    -----
    .. math:: \\nabla f(x) = Q\\,(x - c)

    Examples
    --------
    >>> objective_grad([1.0, 1.0], 2 * np.eye(2), [0.0, 0.5])
    array([2., 1.])
    """
    q = _check_q(Q)
    c_arr = check_array(c, "c", shape=(q.shape[0],))
    return q @ (_check_point(x, q.shape[0]) - c_arr)


def q_matrix(kappa: float, angle: float) -> np.ndarray:
    """Q = R(θ) diag(1, κ) R(θ)ᵀ: curvature 1 and κ along axes turned by θ degrees.

    The contours of ``f`` are ellipses whose axes are turned by ``angle``; the
    ratio of their half-axes is ``√κ``.

    Parameters
    ----------
    kappa : float
        Condition number, ``1 <= kappa <= 1e6``.
    angle : float
        Rotation in degrees.

    Returns
    -------
    numpy.ndarray, shape (2, 2)
        Symmetric positive definite.

    Raises
    ------
    ValueError
        If ``kappa`` is outside ``[1, 1e6]`` or ``angle`` is not finite.

    Examples
    --------
    >>> q_matrix(4.0, 0.0)
    array([[1., 0.],
           [0., 4.]])
    >>> np.round(q_matrix(3.0, 90.0), 12)
    array([[ 3., -0.],
           [-0.,  1.]])
    """
    k = float(check_scalar(kappa, "kappa", min_val=1.0, max_val=1e6))
    t = math.radians(float(check_scalar(angle, "angle")))
    r = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return r @ np.diag([1.0, k]) @ r.T


def objective_grid(Q, c, xs, ys) -> np.ndarray:
    """f on the grid: ``z[i, j] = f((xs[j], ys[i]))`` (the layout Plotly contours use).

    Raises
    ------
    ValueError
        If ``Q`` is not a 2 × 2 symmetric positive definite matrix, ``c`` is
        not of shape (2,), or ``xs``/``ys`` are empty, longer than 10,000 or
        not finite.

    Examples
    --------
    >>> objective_grid(np.eye(2), [0.0, 0.0], [0.0, 1.0], [0.0, 2.0])
    array([[0. , 0.5],
           [2. , 2.5]])
    """
    q = _check_q(Q)
    if q.shape != (2, 2):
        raise ValueError(f"Q.shape == {q.shape}, must be (2, 2) for a plane grid.")
    c_arr = check_array(c, "c", shape=(2,))
    gx = check_array(xs, "xs", ndim=1, min_size=1, max_size=10_000) - c_arr[0]
    gy = check_array(ys, "ys", ndim=1, min_size=1, max_size=10_000) - c_arr[1]
    dx, dy = gx[None, :], gy[:, None]
    return 0.5 * (q[0, 0] * dx * dx + 2 * q[0, 1] * dx * dy + q[1, 1] * dy * dy)


def linear_grid(a, xs, ys) -> np.ndarray:
    """aᵀx on the grid: ``z[i, j] = a₁ xs[j] + a₂ ys[i]`` (contours of a linear f).

    Raises
    ------
    ValueError
        If ``a`` is not of shape (2,), or ``xs``/``ys`` are empty, longer than
        10,000 or not finite.

    Examples
    --------
    >>> linear_grid([1.0, 2.0], [0.0, 1.0], [0.0, 1.0])
    array([[0., 1.],
           [2., 3.]])
    """
    a_arr = _check_bounded(check_array(a, "a", shape=(2,)), "a")
    gx = check_array(xs, "xs", ndim=1, min_size=1, max_size=10_000)
    gy = check_array(ys, "ys", ndim=1, min_size=1, max_size=10_000)
    return a_arr[0] * gx[None, :] + a_arr[1] * gy[:, None]


# ---------------------------------------------------------------------------
# Solving the QP exactly: enumerate active sets, solve the KKT system
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QPResult:
    """A point with multipliers: the optimum of :func:`solve_qp` or a :func:`candidate`.

    Attributes
    ----------
    x : numpy.ndarray or None
        The point (``None`` when the problem is infeasible).
    f : float
        ``f(x)``; ``+inf`` when infeasible.
    lam : numpy.ndarray or None
        Equality multipliers λ, one per row of ``A_eq``.
    mu : numpy.ndarray or None
        Inequality multipliers μ, one per row of ``A_in``.
    active : numpy.ndarray of bool
        Whether each inequality holds with equality at ``x`` (within tolerance).
    slack : numpy.ndarray or None
        ``A_in x − b_in`` (``<= 0`` where feasible; 0 where active).
    status : {"optimal", "infeasible", "candidate"}
    """

    x: np.ndarray | None
    f: float
    lam: np.ndarray | None
    mu: np.ndarray | None
    active: np.ndarray
    slack: np.ndarray | None
    status: str


def _row_scale(p: _Problem, x: np.ndarray, A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Size of the terms of ``a·x − b``, so that tolerances are relative."""
    return 1.0 + np.abs(b) + np.linalg.norm(A, axis=1) * float(np.linalg.norm(x))


def _independent_rows(A: np.ndarray) -> np.ndarray:
    """Indices of a maximal set of linearly independent rows (QR with pivoting)."""
    if A.shape[0] == 0:
        return np.zeros(0, dtype=int)
    _, r, piv = scipy.linalg.qr(A.T, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > 1e-10 * max(diag[0], np.finfo(float).tiny))) if diag.size else 0
    return np.sort(piv[:rank])


def _kkt_solve(p: _Problem, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Minimise f subject to ``A[rows] x = b[rows]``: the KKT linear system.

    ``[[Q, A_Sᵀ], [A_S, 0]] [x; ν] = [Q c; b_S]`` (stationarity ``Q(x − c) + A_Sᵀν = 0``
    and the active constraints). ``None`` when the rows are dependent.
    """
    A, b = p.A[rows], p.b[rows]
    k = rows.size
    if k > p.n:
        return None
    if k and np.linalg.matrix_rank(A, tol=1e-10 * max(float(np.abs(A).max()), 1e-300)) < k:
        return None
    kkt = np.block([[p.Q, A.T], [A, np.zeros((k, k))]])
    rhs = np.concatenate([p.Q @ p.c, b])
    try:
        sol = np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(sol)):
        return None
    return sol[: p.n], sol[p.n :]


def _infeasible(p: _Problem) -> QPResult:
    return QPResult(None, math.inf, None, None, np.zeros(p.m_in, dtype=bool), None, "infeasible")


def _solve(p: _Problem, tol: float) -> QPResult:
    eq = _independent_rows(p.A_eq)
    if eq.size < p.m_eq:  # dependent equalities: consistent (redundant), or contradictory
        x0 = np.linalg.lstsq(p.A_eq[eq], p.b_eq[eq], rcond=None)[0] if eq.size else np.zeros(p.n)
        resid = np.abs(p.A_eq @ x0 - p.b_eq)
        if np.any(resid > tol * 1e3 * _row_scale(p, x0, p.A_eq, p.b_eq)):
            return _infeasible(p)
    sizes = range(min(p.m_in, p.n - eq.size) + 1)
    subsets = (s for size in sizes for s in combinations(range(p.m_in), size))
    for subset in subsets:
        rows = np.concatenate([eq, p.m_eq + np.asarray(subset, dtype=int)])
        solved = _kkt_solve(p, rows)
        if solved is None:
            continue
        x, nu = solved
        mu_s = nu[eq.size :]
        if mu_s.size and np.any(mu_s < -tol * (1.0 + float(np.max(np.abs(nu))))):
            continue
        slack = p.A_in @ x - p.b_in
        if np.any(slack > tol * _row_scale(p, x, p.A_in, p.b_in)):
            continue
        lam = np.zeros(p.m_eq)
        lam[eq] = nu[: eq.size]
        mu = np.zeros(p.m_in)
        mu[list(subset)] = np.maximum(mu_s, 0.0)
        active = np.abs(slack) <= tol * _row_scale(p, x, p.A_in, p.b_in)
        d = x - p.c
        return QPResult(x, float(0.5 * d @ p.Q @ d), lam, mu, active, slack, "optimal")
    return _infeasible(p)


def solve_qp(Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None, tol: float = TOL) -> QPResult:
    """argmin ½(x − c)ᵀQ(x − c) s.t. A_eq x = b_eq, A_in x ≤ b_in, with its multipliers.

    Exact for these small problems: for each guess ``S`` of the active set
    (smallest first) it solves the KKT linear system of the equality-
    constrained problem ``A_eq x = b_eq, A_S x = b_S`` and accepts the first
    point that satisfies every other inequality with multipliers ``μ_S ≥ 0``.
    Since ``f`` is strictly convex and the constraints are linear, the KKT
    conditions are necessary and sufficient, so that point is the unique
    minimiser. Multipliers of constraints outside ``S`` are 0.

    Parameters
    ----------
    Q : array_like, shape (n, n)
        Symmetric positive definite.
    c : array_like, shape (n,)
        Unconstrained minimiser.
    A_eq, b_eq : array_like, shapes (m_eq, n) and (m_eq,), optional
        Equality constraints (both or neither).
    A_in, b_in : array_like, shapes (m_in, n) and (m_in,), optional
        Inequality constraints ``A_in x <= b_in`` (both or neither),
        ``m_in <= MAX_INEQUALITIES``.
    tol : float, default 1e-9
        Relative tolerance of the feasibility and sign tests.

    Returns
    -------
    QPResult
        ``status`` is ``"optimal"`` or ``"infeasible"`` (then ``x``, ``lam``,
        ``mu`` and ``slack`` are ``None`` and ``f`` is ``+inf``).

    Raises
    ------
    ValueError
        If ``Q`` is not square, symmetric and positive definite; if a shape
        does not match; if only one of ``A`` and ``b`` is given; if an entry
        is nan, infinite or larger than ``MAX_ABS``; if there are more than
        ``MAX_INEQUALITIES`` inequalities or ``n > MAX_DIM``; if ``tol`` is
        outside ``[0, 1]``.
    TypeError
        If an argument is not numeric.

    Notes
    -----
    With ``A_S`` the rows of the equalities and of the guessed active set,

    .. math:: \\begin{bmatrix} Q & A_S^\\top \\\\ A_S & 0 \\end{bmatrix}
              \\begin{bmatrix} x \\\\ \\nu \\end{bmatrix}
              = \\begin{bmatrix} Q c \\\\ b_S \\end{bmatrix},

    the first block row is stationarity :math:`Q(x - c) + A_S^\\top \\nu = 0`.

    Examples
    --------
    >>> r = solve_qp(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> r.status, r.x, r.mu, r.active
    ('optimal', array([0.5, 0.5]), array([1.5]), array([ True]))
    >>> solve_qp(np.eye(2), [0.0, 0.0], A_in=[[1.0, 0.0], [-1.0, 0.0]], b_in=[-1.0, -1.0]).status
    'infeasible'
    """
    return _solve(_problem(Q, c, A_eq, b_eq, A_in, b_in), _check_tol(tol))


def candidate(x, Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None) -> QPResult:
    """The multipliers that best certify an arbitrary point x (least squares).

    They minimise ``‖∇f(x) + A_eqᵀλ + A_inᵀμ‖² + Σᵢ (μᵢ sᵢ)²`` with
    ``sᵢ = aᵢᵀx − bᵢ``: stationarity and complementary slackness as nearly as
    possible, with no sign constraint (so :func:`kkt_report` can show a
    negative μ). At a KKT point both terms vanish and these are its
    multipliers; elsewhere what is left over says which condition fails.
    The minimum-norm solution is taken when several fit equally well.

    Parameters
    ----------
    x : array_like, shape (n,)
        The point.
    Q, c, A_eq, b_eq, A_in, b_in
        The problem, as in :func:`solve_qp`.

    Returns
    -------
    QPResult
        ``status == "candidate"``, ``f = f(x)``.

    Raises
    ------
    ValueError, TypeError
        As :func:`solve_qp`, and if ``x`` has the wrong shape or a bad entry.

    Examples
    --------
    >>> r = candidate([0.5, 0.5], np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> np.round(r.mu, 12)
    array([1.5])
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    x_arr = _check_point(x, p.n)
    grad = p.Q @ (x_arr - p.c)
    slack = p.A_in @ x_arr - p.b_in
    m = p.m_eq + p.m_in
    lhs = np.vstack([p.A.T, np.hstack([np.zeros((p.m_in, p.m_eq)), np.diag(slack)])])
    rhs = np.concatenate([-grad, np.zeros(p.m_in)])
    nu = np.linalg.lstsq(lhs, rhs, rcond=None)[0] if m else np.zeros(0)
    scale = _row_scale(p, x_arr, p.A_in, p.b_in)
    active = np.abs(slack) <= TOL * scale
    d = x_arr - p.c
    f = float(0.5 * d @ p.Q @ d)
    return QPResult(x_arr, f, nu[: p.m_eq], nu[p.m_eq :], active, slack, "candidate")


# ---------------------------------------------------------------------------
# The four KKT conditions, measured
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One KKT condition: the size of its violation and the verdict.

    Attributes
    ----------
    value : float
        How badly the condition fails (``>= 0``; 0 means it holds exactly).
    tol : float
        The threshold used: ``ok`` means ``value <= tol``.
    ok : bool
    """

    value: float
    tol: float
    ok: bool


@dataclass(frozen=True)
class KKTReport:
    """The KKT conditions at a point with multipliers (see :func:`kkt_report`).

    Attributes
    ----------
    stationarity : Check
        ``‖∇f(x) + A_eqᵀλ + A_inᵀμ‖``.
    primal : Check
        Largest violation: ``max(|A_eq x − b_eq|, A_in x − b_in, 0)``.
    dual : Check
        Largest negative multiplier: ``max(−μ, 0)``.
    slackness : Check
        Largest ``|μᵢ (aᵢᵀx − bᵢ)|``.
    grad_f, grad_lagrangian : numpy.ndarray
        ``∇f(x)`` and ``∇ₓℒ``.
    eq_residual, slack, products : numpy.ndarray
        ``A_eq x − b_eq``, ``A_in x − b_in`` and ``μᵢ·slackᵢ``.
    """

    stationarity: Check
    primal: Check
    dual: Check
    slackness: Check
    grad_f: np.ndarray
    grad_lagrangian: np.ndarray
    eq_residual: np.ndarray
    slack: np.ndarray
    products: np.ndarray

    @property
    def ok(self) -> bool:
        """All four conditions hold: the point is a KKT point."""
        return all(ch.ok for ch in (self.stationarity, self.primal, self.dual, self.slackness))


def _max0(values: np.ndarray) -> float:
    return float(np.max(values)) if values.size else 0.0


def kkt_report(
    result: QPResult,
    Q,
    c,
    *,
    A_eq=None,
    b_eq=None,
    A_in=None,
    b_in=None,
    tol: float = 1e-8,
) -> KKTReport:
    """The four KKT conditions at (x, λ, μ), each as a number with a verdict.

    1. stationarity ``∇f(x) + A_eqᵀλ + A_inᵀμ = 0``;
    2. primal feasibility ``A_eq x = b_eq``, ``A_in x ≤ b_in``;
    3. dual feasibility ``μ ≥ 0``;
    4. complementary slackness ``μᵢ (aᵢᵀx − bᵢ) = 0`` for every i.

    A condition holds when its violation is at most ``tol`` times the size of
    the terms it compares (``1 + ‖∇f‖ + Σ|νᵢ|‖aᵢ‖`` for stationarity,
    ``1 + |bᵢ| + ‖aᵢ‖‖x‖`` for a constraint), so the verdicts do not depend on
    units.

    Parameters
    ----------
    result : QPResult
        From :func:`solve_qp` or :func:`candidate` (``x``, ``lam``, ``mu``).
    Q, c, A_eq, b_eq, A_in, b_in
        The problem, as in :func:`solve_qp`.
    tol : float, default 1e-8
        Relative tolerance of the verdicts, in ``[0, 1]``.

    Returns
    -------
    KKTReport

    Raises
    ------
    ValueError
        If ``result`` has no point (an infeasible problem), if its
        multipliers do not match the constraints, or as :func:`solve_qp`.

    Notes
    -----
    .. math:: \\nabla f(x) + A_{eq}^\\top\\lambda + A_{in}^\\top\\mu = 0,\\quad
              A_{eq}x = b_{eq},\\ A_{in}x \\le b_{in},\\quad \\mu \\ge 0,\\quad
              \\mu_i\\,(a_i^\\top x - b_i) = 0

    Examples
    --------
    >>> kw = dict(A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> kkt_report(solve_qp(np.eye(2), [2.0, 2.0], **kw), np.eye(2), [2.0, 2.0], **kw).ok
    True
    >>> rep = kkt_report(candidate([0.0, 0.0], np.eye(2), [2.0, 2.0], **kw),
    ...                  np.eye(2), [2.0, 2.0], **kw)
    >>> rep.ok, rep.primal.ok, rep.slackness.ok
    (False, True, False)
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    tol = _check_tol(tol)
    if not isinstance(result, QPResult):
        raise TypeError(f"result must be an instance of QPResult, not {type(result).__name__}.")
    if result.x is None:
        raise ValueError(f"result.status == {result.status!r}, there is no point to check.")
    x = _check_point(result.x, p.n, "result.x")
    lam = check_array(result.lam, "result.lam", shape=(p.m_eq,))
    mu = check_array(result.mu, "result.mu", shape=(p.m_in,))
    grad = p.Q @ (x - p.c)
    grad_l = grad + p.A_eq.T @ lam + p.A_in.T @ mu
    eq_res = p.A_eq @ x - p.b_eq
    slack = p.A_in @ x - p.b_in
    products = mu * slack
    norms = np.linalg.norm(p.A, axis=1)
    nu = np.concatenate([lam, mu])
    s_scale = 1.0 + float(np.linalg.norm(grad)) + float(np.sum(np.abs(nu) * norms))
    r_eq = _row_scale(p, x, p.A_eq, p.b_eq)
    r_in = _row_scale(p, x, p.A_in, p.b_in)
    mu_scale = 1.0 + _max0(np.abs(mu))

    def check(value: float, scale: float) -> Check:
        return Check(float(value), tol * scale, bool(value <= tol * scale))

    # Each violation is divided by its own row's scale, so one big row does not hide another.
    primal_rel = np.concatenate([np.abs(eq_res) / r_eq, np.maximum(slack, 0.0) / r_in])
    worst = int(np.argmax(primal_rel)) if primal_rel.size else -1
    primal_abs = np.concatenate([np.abs(eq_res), np.maximum(slack, 0.0)])
    primal_scale = np.concatenate([r_eq, r_in])
    slack_rel = np.abs(products) / (mu_scale * r_in) if p.m_in else np.zeros(0)
    worst_cs = int(np.argmax(slack_rel)) if slack_rel.size else -1
    return KKTReport(
        stationarity=check(float(np.linalg.norm(grad_l)), s_scale),
        primal=check(
            float(primal_abs[worst]) if worst >= 0 else 0.0,
            float(primal_scale[worst]) if worst >= 0 else 1.0,
        ),
        dual=check(_max0(np.maximum(-mu, 0.0)), mu_scale),
        slackness=check(
            float(abs(products[worst_cs])) if worst_cs >= 0 else 0.0,
            mu_scale * float(r_in[worst_cs]) if worst_cs >= 0 else 1.0,
        ),
        grad_f=grad,
        grad_lagrangian=grad_l,
        eq_residual=eq_res,
        slack=slack,
        products=products,
    )


# ---------------------------------------------------------------------------
# Multipliers as prices: f* as a bound moves
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueCurve:
    """f* and the moved constraint's multiplier as its bound b takes each value.

    Attributes
    ----------
    b : numpy.ndarray
        The bound values.
    fstar : numpy.ndarray
        Optimal values (``+inf`` where infeasible).
    multiplier : numpy.ndarray
        The constraint's multiplier (0 where infeasible; see ``feasible``).
    feasible : numpy.ndarray of bool
    """

    b: np.ndarray
    fstar: np.ndarray
    multiplier: np.ndarray
    feasible: np.ndarray


def _moved(p: _Problem, kind: str, index: int, value: float) -> _Problem:
    if kind == "eq":
        b = p.b_eq.copy()
        b[index] = value
        return _Problem(p.Q, p.c, p.A_eq, b, p.A_in, p.b_in)
    b = p.b_in.copy()
    b[index] = value
    return _Problem(p.Q, p.c, p.A_eq, p.b_eq, p.A_in, b)


def _check_target(p: _Problem, kind: str, index) -> int:
    check_choice(kind, "kind", ("eq", "in"))
    m = p.m_eq if kind == "eq" else p.m_in
    if m == 0:
        raise ValueError(f"kind == {kind!r}, but the problem has no such constraint.")
    return check_int(index, "index", min_val=0, max_val=m - 1)


def _values(p: _Problem, kind: str, k: int, bs: np.ndarray):
    """(f*, multiplier, feasible) of the problem with bound ``k`` set to each of ``bs``."""
    fstar = np.full(bs.size, math.inf)
    mult = np.zeros(bs.size)
    feasible = np.zeros(bs.size, dtype=bool)
    eq = _independent_rows(p.A_eq)
    if eq.size < p.m_eq:  # dependent equalities: their consistency depends on b, one by one
        for i, value in enumerate(bs):
            r = _solve(_moved(p, kind, k, float(value)), TOL)
            if r.x is not None:
                feasible[i], fstar[i] = True, r.f
                mult[i] = (r.lam if kind == "eq" else r.mu)[k]
        return fstar, mult, feasible
    # Every value at once: the KKT matrix of an active set does not depend on b, so each
    # guess is one solve with a column per value; a value keeps the first guess that works.
    b_eq = np.repeat(p.b_eq[:, None], bs.size, axis=1)
    b_in = np.repeat(p.b_in[:, None], bs.size, axis=1)
    (b_eq if kind == "eq" else b_in)[k] = bs
    sizes = range(min(p.m_in, p.n - eq.size) + 1)
    for subset in (s for size in sizes for s in combinations(range(p.m_in), size)):
        todo = ~feasible
        if not todo.any():
            break
        rows = np.concatenate([eq, p.m_eq + np.asarray(subset, dtype=int)])
        A = p.A[rows]
        r = rows.size
        if r > p.n or (r and np.linalg.matrix_rank(A, tol=1e-10 * float(np.abs(A).max())) < r):
            continue
        rhs = np.vstack(
            [np.repeat((p.Q @ p.c)[:, None], bs.size, axis=1), b_eq[eq], b_in[list(subset)]]
        )
        try:
            sol = np.linalg.solve(np.block([[p.Q, A.T], [A, np.zeros((r, r))]]), rhs)
        except np.linalg.LinAlgError:
            continue
        x, nu = sol[: p.n], sol[p.n :]
        mu_s = nu[eq.size :]
        sign_ok = np.all(mu_s >= -TOL * (1.0 + np.max(np.abs(nu), axis=0, initial=0.0)), axis=0)
        norm_x = np.linalg.norm(x, axis=0)
        scale = 1.0 + np.abs(b_in) + np.linalg.norm(p.A_in, axis=1)[:, None] * norm_x[None, :]
        slack_ok = np.all(p.A_in @ x - b_in <= TOL * scale, axis=0)
        good = todo & sign_ok & slack_ok & np.all(np.isfinite(sol), axis=0)
        d = x - p.c[:, None]
        fstar[good] = 0.5 * np.einsum("ij,ij->j", d, p.Q @ d)[good]
        if kind == "eq":
            mult[good] = nu[int(np.searchsorted(eq, k))][good]
        elif k in subset:
            mult[good] = np.maximum(mu_s[subset.index(k)], 0.0)[good]
        feasible |= good
    return fstar, mult, feasible


def value_curve(
    Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None, kind: str = "in", index: int = 0, values
) -> ValueCurve:
    """f*(b) and the multiplier as one bound b (``kind``, ``index``) takes each of ``values``.

    Every point is the exact :func:`solve_qp` result (same active-set order), but
    all values are solved together: an active set's KKT matrix does not depend
    on ``b``, so each guess costs one solve with a column per value.

    Parameters
    ----------
    Q, c, A_eq, b_eq, A_in, b_in
        The problem, as in :func:`solve_qp`.
    kind : {"in", "eq"}
        Which family the moved constraint belongs to.
    index : int
        Its row.
    values : array_like
        1-D bound values (at most 10,000).

    Returns
    -------
    ValueCurve

    Raises
    ------
    ValueError
        If the problem has no constraint of that kind, ``index`` is out of
        range, ``values`` is empty, too long or not finite, or as
        :func:`solve_qp`.

    Notes
    -----
    The slope of the curve is minus the multiplier (the "shadow price"):

    .. math:: \\frac{\\mathrm{d} f^*}{\\mathrm{d} b_i} = -\\mu_i

    Examples
    --------
    >>> vc = value_curve(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0],
    ...                  values=[0.0, 1.0, 5.0])
    >>> vc.fstar, vc.multiplier
    (array([4.  , 2.25, 0.  ]), array([2. , 1.5, 0. ]))
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    k = _check_target(p, kind, index)
    bs = _check_bounded(
        check_array(values, "values", ndim=1, min_size=1, max_size=10_000), "values"
    )
    return ValueCurve(bs, *_values(p, kind, k, bs))


def multiplier_fd(
    Q,
    c,
    *,
    A_eq=None,
    b_eq=None,
    A_in=None,
    b_in=None,
    kind: str = "in",
    index: int = 0,
    h: float | None = None,
) -> float:
    """−∂f*/∂b by central differences of the optimal value (re-solving the QP twice).

    An independent estimate of the multiplier: it uses only optimal values,
    never the multipliers :func:`solve_qp` computes. Where one side is
    infeasible the one-sided difference is used.

    Parameters
    ----------
    Q, c, A_eq, b_eq, A_in, b_in
        The problem, as in :func:`solve_qp`.
    kind : {"in", "eq"}
        Which family the constraint belongs to.
    index : int
        Its row.
    h : float, optional
        Step (default ``1e-5·(1 + |b|)``), ``> 0``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If both neighbours are infeasible, or as :func:`value_curve`.

    Examples
    --------
    >>> round(multiplier_fd(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0]), 8)
    1.5
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    k = _check_target(p, kind, index)
    b0 = float((p.b_eq if kind == "eq" else p.b_in)[k])
    step = (
        1e-5 * (1.0 + abs(b0))
        if h is None
        else float(check_scalar(h, "h", min_val=0.0, include_boundaries="neither"))
    )
    down, f0, up = _values(p, kind, k, np.array([b0 - step, b0, b0 + step]))[0].tolist()
    if math.isfinite(up) and math.isfinite(down):
        return -(up - down) / (2 * step)
    if math.isfinite(up) and math.isfinite(f0):
        return -(up - f0) / step
    if math.isfinite(down) and math.isfinite(f0):
        return -(f0 - down) / step
    raise ValueError("the problem is infeasible on both sides of b, f* has no slope there.")


def sensitivities(Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None) -> np.ndarray:
    """−∂f*/∂b for every constraint (equalities first), by :func:`multiplier_fd`.

    ``nan`` marks a bound with no slope (infeasible on both sides); the
    multipliers of :func:`solve_qp` must match the finite entries.

    Raises
    ------
    ValueError, TypeError
        As :func:`solve_qp`.

    Examples
    --------
    >>> np.round(sensitivities(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0], [1.0, 0.0]],
    ...                        b_in=[1.0, 5.0]), 8)
    array([1.5, 0. ])
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    out = np.full(p.m_eq + p.m_in, np.nan)
    for j, (kind, k) in enumerate(
        [("eq", i) for i in range(p.m_eq)] + [("in", i) for i in range(p.m_in)]
    ):
        b0 = float((p.b_eq if kind == "eq" else p.b_in)[k])
        h = 1e-5 * (1.0 + abs(b0))
        down, f0, up = _values(p, kind, k, np.array([b0 - h, b0, b0 + h]))[0].tolist()
        if math.isfinite(up) and math.isfinite(down):
            out[j] = -(up - down) / (2 * h)
        elif math.isfinite(f0) and (math.isfinite(up) or math.isfinite(down)):
            out[j] = -(up - f0) / h if math.isfinite(up) else -(f0 - down) / h
    return out + 0.0  # no −0 for a slack constraint


# ---------------------------------------------------------------------------
# Duality: g(λ, μ) = min_x ℒ, the gap, and a numerical maximisation of g
# ---------------------------------------------------------------------------


def _dual_parts(p: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """``g(ν) = −½ νᵀHν + νᵀd`` with ``H = A Q⁻¹ Aᵀ`` and ``d = A c − b``."""
    A = p.A
    qinv_at = np.linalg.solve(p.Q, A.T) if A.shape[0] else np.zeros((p.n, 0))
    H = A @ qinv_at
    return (H + H.T) / 2, A @ p.c - p.b


def dual_function(
    mu, lam, Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None
) -> float | np.ndarray:
    """g(λ, μ) = min_x ℒ(x, λ, μ) = −½ νᵀ A Q⁻¹ Aᵀ ν + νᵀ(A c − b), ν = (λ, μ).

    The minimising x is ``c − Q⁻¹Aᵀν``. Weak duality: ``g(λ, μ) <= f(x)`` for
    every feasible x and every μ ≥ 0; for this convex problem with linear
    constraints the maximum of g equals f* (strong duality).

    Parameters
    ----------
    mu : array_like, shape (..., m_in) or None
        Inequality multipliers, ``>= 0``; leading axes evaluate many at once.
    lam : array_like, shape (..., m_eq) or None
        Equality multipliers (any sign).
    Q, c, A_eq, b_eq, A_in, b_in
        The problem, as in :func:`solve_qp`.

    Returns
    -------
    float or numpy.ndarray
        A float for 1-D multipliers, else an array of the leading shape.

    Raises
    ------
    ValueError
        If a multiplier array has the wrong last dimension or the two
        leading shapes differ, if ``mu`` has a negative or non-finite entry,
        or as :func:`solve_qp`.

    Notes
    -----
    .. math:: g(\\nu) = \\min_x\\ \\tfrac12 (x-c)^\\top Q (x-c) + \\nu^\\top (A x - b)
              = -\\tfrac12\\,\\nu^\\top A Q^{-1} A^\\top \\nu + \\nu^\\top (A c - b)

    Examples
    --------
    >>> dual_function([1.5], None, np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0])
    2.25
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    m = check_array(np.zeros(p.m_in) if mu is None else mu, "mu", ndim=(1, 2, 3))
    lm = check_array(np.zeros(p.m_eq) if lam is None else lam, "lam", ndim=(1, 2, 3))
    if m.shape[-1] != p.m_in:
        raise ValueError(f"mu.shape == {m.shape}, last axis must be {p.m_in}.")
    if lm.shape[-1] != p.m_eq:
        raise ValueError(f"lam.shape == {lm.shape}, last axis must be {p.m_eq}.")
    if np.any(m < 0):
        raise ValueError("mu has a negative entry, must be >= 0 (the dual is defined for μ ≥ 0).")
    lead_m, lead_l = m.shape[:-1], lm.shape[:-1]
    if lead_m != lead_l:
        if lm.ndim == 1:
            lm = np.broadcast_to(lm, (*lead_m, p.m_eq))
        elif m.ndim == 1:
            m = np.broadcast_to(m, (*lead_l, p.m_in))
        else:
            raise ValueError(f"mu.shape == {m.shape} and lam.shape == {lm.shape} do not match.")
    nu = np.concatenate([lm, m], axis=-1)
    H, d = _dual_parts(p)
    g = -0.5 * np.einsum("...i,ij,...j->...", nu, H, nu) + nu @ d
    return float(g) if np.ndim(g) == 0 else g


def duality_gap(result: QPResult, Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None) -> float:
    """f(x) − g(λ, μ): 0 at the optimum (strong duality), ≥ 0 for feasible x and μ ≥ 0.

    Raises
    ------
    ValueError
        If ``result`` has no point, or as :func:`dual_function`.

    Examples
    --------
    >>> kw = dict(A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> abs(duality_gap(solve_qp(np.eye(2), [2.0, 2.0], **kw), np.eye(2), [2.0, 2.0], **kw)) < 1e-12
    True
    """
    if not isinstance(result, QPResult):
        raise TypeError(f"result must be an instance of QPResult, not {type(result).__name__}.")
    if result.x is None:
        raise ValueError(f"result.status == {result.status!r}, there is no point to check.")
    mu = np.maximum(np.asarray(result.mu, dtype=float), 0.0)
    g = dual_function(mu, result.lam, Q, c, A_eq=A_eq, b_eq=b_eq, A_in=A_in, b_in=b_in)
    return float(result.f - g)


def dual_slice(
    result: QPResult,
    Q,
    c,
    *,
    A_eq=None,
    b_eq=None,
    A_in=None,
    b_in=None,
    kind: str = "in",
    index: int = 0,
) -> tuple[float, float, float]:
    """g along one multiplier, the others held at ``result``'s: (α, β, γ) of g = α t² + β t + γ.

    ``t`` is the chosen multiplier's value (not a change). ``α = −½ Hₖₖ ≤ 0``,
    so the slice is a concave parabola; at the optimum its maximum over the
    allowed range (``t ≥ 0`` for an inequality) is f*.

    Raises
    ------
    ValueError
        If ``result`` has no multipliers, or as :func:`value_curve`.

    Examples
    --------
    >>> kw = dict(A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> dual_slice(solve_qp(np.eye(2), [2.0, 2.0], **kw), np.eye(2), [2.0, 2.0], **kw)
    (-1.0, 3.0, 0.0)
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    k = _check_target(p, kind, index)
    if not isinstance(result, QPResult) or result.lam is None or result.mu is None:
        raise ValueError("result has no multipliers (an infeasible problem).")
    nu0 = np.concatenate([np.asarray(result.lam, float), np.asarray(result.mu, float)])
    j = k if kind == "eq" else p.m_eq + k
    nu0[j] = 0.0
    H, d = _dual_parts(p)
    alpha = -0.5 * float(H[j, j])
    beta = float(d[j] - H[j] @ nu0)
    gamma = float(-0.5 * nu0 @ H @ nu0 + nu0 @ d)
    return alpha, beta, gamma


@dataclass(frozen=True)
class DualResult:
    """The maximum of the dual function found numerically (see :func:`solve_dual`).

    Attributes
    ----------
    g : float
        ``max g`` (``+inf`` when unbounded: the primal is infeasible).
    lam, mu : numpy.ndarray
        The maximiser.
    x : numpy.ndarray
        ``argmin_x ℒ(x, λ, μ)``, the primal point it recovers.
    status : {"optimal", "unbounded"}
    """

    g: float
    lam: np.ndarray
    mu: np.ndarray
    x: np.ndarray
    status: str


def solve_dual(Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None) -> DualResult:
    """max over λ, μ ≥ 0 of g(λ, μ), by SciPy's L-BFGS-B (bound-constrained).

    A route to the optimum that shares nothing with :func:`solve_qp`: no
    active sets, no KKT system, only the dual function and its gradient
    ``∇g = A x(ν) − b`` (the constraint residuals at the Lagrangian's
    minimiser). By strong duality ``max g = f*``.

    Raises
    ------
    ValueError, TypeError
        As :func:`solve_qp`.

    Examples
    --------
    >>> d = solve_dual(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0])
    >>> round(d.g, 9), np.round(d.mu, 6), np.round(d.x, 6)
    (2.25, array([1.5]), array([0.5, 0.5]))
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    H, d = _dual_parts(p)
    m = p.m_eq + p.m_in
    if m == 0:
        return DualResult(0.0, np.zeros(0), np.zeros(0), p.c.copy(), "optimal")
    scale = 1.0 + float(np.abs(H).max()) + float(np.abs(d).max())

    def neg(nu: np.ndarray) -> tuple[float, np.ndarray]:
        hv = H @ nu
        return (0.5 * nu @ hv - nu @ d) / scale, (hv - d) / scale

    bounds = [(None, None)] * p.m_eq + [(0.0, None)] * p.m_in
    res = scipy.optimize.minimize(
        neg,
        np.zeros(m),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 20_000, "ftol": 1e-16, "gtol": 1e-13},
    )
    nu = res.x
    g = float(-0.5 * nu @ H @ nu + nu @ d)
    x = p.c - np.linalg.solve(p.Q, p.A.T @ nu)
    limit = 1e8 * (1.0 + float(np.abs(d).max()) / max(float(np.abs(H).max()), 1e-300))
    if float(np.max(np.abs(nu))) > limit:
        return DualResult(math.inf, nu[: p.m_eq], nu[p.m_eq :], x, "unbounded")
    return DualResult(g, nu[: p.m_eq], nu[p.m_eq :], x, "optimal")


# ---------------------------------------------------------------------------
# Tangency: walking along one constraint
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """Points along a constraint h(x) = 0 and how ∇f meets ∇h there.

    Attributes
    ----------
    s : numpy.ndarray
        The position parameter of each point.
    points : numpy.ndarray, shape (k, 2)
    f : numpy.ndarray
        f at each point.
    grad_f, grad_h : numpy.ndarray, shape (k, 2)
    along : numpy.ndarray
        ``∇f·t``: the slope of f along the constraint (unit tangent t);
        0 exactly where ∇f ∥ ∇h.
    ratio : numpy.ndarray
        ``−(∇f·∇h)/‖∇h‖²``: the λ that best satisfies ``∇f + λ∇h = 0``.
    angle : numpy.ndarray
        Angle between ∇f and ∇h in degrees (0 or 180 at a stationary point).
    """

    s: np.ndarray
    points: np.ndarray
    f: np.ndarray
    grad_f: np.ndarray
    grad_h: np.ndarray
    along: np.ndarray
    ratio: np.ndarray
    angle: np.ndarray


def _sweep(s, points, f, grad_f, grad_h, tangent) -> Sweep:
    along = np.einsum("ij,ij->i", grad_f, tangent)
    hh = np.einsum("ij,ij->i", grad_h, grad_h)
    fh = np.einsum("ij,ij->i", grad_f, grad_h)
    ratio = -fh / hh
    cross = grad_f[:, 0] * grad_h[:, 1] - grad_f[:, 1] * grad_h[:, 0]
    angle = np.degrees(np.arctan2(np.abs(cross), fh))
    return Sweep(s, points, f, grad_f, grad_h, along, ratio, angle)


def _check_normal(a, name: str = "a") -> np.ndarray:
    arr = _check_bounded(check_array(a, name, shape=(2,)), name)
    if not np.any(arr):
        raise ValueError(f"{name} == [0, 0], must be non-zero (a zero normal is not a line).")
    return arr


def line_sweep(Q, c, a, b: float, s) -> Sweep:
    """Walk along the line aᵀx = b (h(x) = aᵀx − b): x(s) = b a/‖a‖² + s t, t ⟂ a.

    ``s`` is the signed distance from the point of the line nearest the
    origin; ``t = (−a₂, a₁)/‖a‖``. ``∇h = a`` everywhere.

    Raises
    ------
    ValueError
        If ``a`` is zero or not of shape (2,), ``Q`` is not 2 × 2 SPD, or
        ``s`` is empty or not finite.

    Examples
    --------
    >>> sw = line_sweep(np.eye(2), [2.0, 2.0], [1.0, 1.0], 1.0, [0.0])
    >>> sw.points, sw.along, sw.ratio
    (array([[0.5, 0.5]]), array([0.]), array([1.5]))
    """
    q = _check_q(Q)
    if q.shape != (2, 2):
        raise ValueError(f"Q.shape == {q.shape}, must be (2, 2).")
    c_arr = _check_bounded(check_array(c, "c", shape=(2,)), "c")
    a_arr = _check_normal(a)
    b = float(check_scalar(b, "b", min_val=-MAX_ABS, max_val=MAX_ABS))
    s_arr = _check_bounded(check_array(s, "s", ndim=1, min_size=1, max_size=100_000), "s")
    norm = float(np.linalg.norm(a_arr))
    t = np.array([-a_arr[1], a_arr[0]]) / norm
    pts = (b / norm**2) * a_arr[None, :] + s_arr[:, None] * t[None, :]
    d = pts - c_arr
    grad_f = d @ q
    f = 0.5 * np.einsum("ij,ij->i", d, grad_f)
    grad_h = np.broadcast_to(a_arr, pts.shape).copy()
    return _sweep(s_arr, pts, f, grad_f, grad_h, np.broadcast_to(t, pts.shape))


def circle_sweep(a, r: float, theta) -> Sweep:
    """Walk around the circle ‖x‖ = r for f(x) = aᵀx (h(x) = ‖x‖² − r², ∇h = 2x).

    ``theta`` are angles in degrees, ``x = r (cos θ, sin θ)``.

    Raises
    ------
    ValueError
        As :func:`circle_problem`, or if ``theta`` is empty or not finite.

    Examples
    --------
    >>> sw = circle_sweep([0.0, 1.0], 1.0, [270.0])
    >>> np.round(sw.points, 12) + 0.0, np.round(sw.ratio, 12), np.round(sw.angle, 9)
    (array([[ 0., -1.]]), array([0.5]), array([180.]))
    """
    a_arr, r = _check_circle(a, r)
    th = np.radians(check_array(theta, "theta", ndim=1, min_size=1, max_size=100_000))
    pts = r * np.column_stack([np.cos(th), np.sin(th)])
    grad_f = np.broadcast_to(a_arr, pts.shape).copy()
    tangent = np.column_stack([-np.sin(th), np.cos(th)])
    return _sweep(np.degrees(th), pts, pts @ a_arr, grad_f, 2 * pts, tangent)


def view_box(*points, half: float = 3.2) -> tuple[float, float, float, float]:
    """A square box ``(−R, R, −R, R)`` that holds every given point with a 12 % margin.

    ``R`` is at least ``half``; ``None`` points are skipped.

    Raises
    ------
    ValueError
        If ``half`` is not a finite number > 0, or a point is not finite.

    Examples
    --------
    >>> view_box([1.0, -5.0], None)
    (-5.6000000000000005, 5.6000000000000005, -5.6000000000000005, 5.6000000000000005)
    """
    reach = float(check_scalar(half, "half", min_val=0.0, include_boundaries="neither"))
    for point in points:
        if point is not None:
            arr = check_array(point, "point", ndim=1, min_size=1)
            reach = max(reach, 1.12 * float(np.max(np.abs(arr))))
    return (-reach, reach, -reach, reach)


@dataclass(frozen=True)
class Walk:
    """A walk along one constraint, ready to draw (see :func:`line_walk`, :func:`circle_walk`).

    Attributes
    ----------
    box : tuple of float
        Square view ``(x₀, x₁, y₀, y₁)`` holding the constraint's optimum.
    curve : numpy.ndarray, shape (m, 2)
        The constraint inside the box (a segment or a closed circle).
    sweep : Sweep
        The walking positions (``sweep.s``) and the gradients there.
    start : int
        The position of the minimum.
    stationary : list of (numpy.ndarray, float, float)
        Stationary points of the Lagrangian on the curve: (point, position, f);
        the minimum first (a circle also has its maximum).
    arrow_f, arrow_h : numpy.ndarray, shape (k, 2)
        ∇f and ∇h for drawing: one scale for both (the longer of the two is
        0.9 units long at the minimum, so λ reads off the picture there);
        elsewhere arrows longer than a third of the box are shortened.
    scale : float
        That scale.
    """

    box: tuple[float, float, float, float]
    curve: np.ndarray
    sweep: Sweep
    start: int
    stationary: list
    arrow_f: np.ndarray
    arrow_h: np.ndarray
    scale: float


def _arrows(sw: Sweep, start: int, box) -> tuple[np.ndarray, np.ndarray, float]:
    width = box[1] - box[0]
    at_start = max(float(np.linalg.norm(sw.grad_f[start])), float(np.linalg.norm(sw.grad_h[start])))
    scale = min(0.9, width / 3) / at_start if at_start > 0 else 1.0
    cap = width / 3

    def capped(v: np.ndarray) -> np.ndarray:
        v = scale * v
        length = np.linalg.norm(v, axis=1, keepdims=True)
        return v * np.minimum(1.0, cap / np.maximum(length, 1e-300))

    return capped(sw.grad_f), capped(sw.grad_h), scale


def line_walk(Q, c, a, b: float, n: int = 36) -> Walk:
    """Walk along the line aᵀx = b in the view of its constrained minimum (n positions + x*).

    Raises
    ------
    ValueError
        As :func:`line_sweep`, or if ``n`` is not in ``[2, 10000]``.

    Examples
    --------
    >>> w = line_walk(np.eye(2), [2.0, 2.0], [1.0, 1.0], 1.0, n=5)
    >>> w.stationary[0][0], np.round(w.sweep.points[w.start], 12)
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    n = check_int(n, "n", min_val=2, max_val=10_000)
    a_arr = _check_normal(a)
    res = solve_qp(Q, c, A_eq=[a_arr], b_eq=[b])
    box = view_box(c, res.x)
    curve = line_in_box(a_arr, b, box)
    direction = np.array([-a_arr[1], a_arr[0]]) / np.linalg.norm(a_arr)
    s_opt = float(res.x @ direction)
    s = np.union1d(np.linspace(*sorted(curve @ direction), n), [s_opt])
    sw = line_sweep(Q, c, a_arr, b, s)
    start = int(np.argmin(np.abs(s - s_opt)))
    arrow_f, arrow_h, scale = _arrows(sw, start, box)
    return Walk(box, curve, sw, start, [(res.x, s_opt, res.f)], arrow_f, arrow_h, scale)


def circle_walk(a, r: float, step: float = 7.5) -> Walk:
    """Walk around the circle ‖x‖ = r for f = aᵀx, every ``step`` degrees (plus min and max).

    Raises
    ------
    ValueError
        As :func:`circle_problem`, or if ``step`` is not in ``[0.01, 180]``.

    Examples
    --------
    >>> w = circle_walk([0.0, 1.0], 1.0, step=90.0)
    >>> w.sweep.s.tolist(), w.start
    ([0.0, 90.0, 180.0, 270.0], 3)
    """
    step = float(check_scalar(step, "step", min_val=0.01, max_val=180.0))
    res = circle_problem(a, r)
    box = view_box(half=max(3.2, 1.3 * float(r)))
    theta_opt = float(np.degrees(np.arctan2(res.x[1], res.x[0])) % 360)
    theta_max = float(np.degrees(np.arctan2(res.x_max[1], res.x_max[0])) % 360)
    s = np.union1d(np.arange(0.0, 360.0, step), [theta_opt, theta_max])
    sw = circle_sweep(a, r, s)
    start = int(np.argmin(np.abs(s - theta_opt)))
    ring = np.radians(np.linspace(0.0, 360.0, 121))
    curve = float(r) * np.column_stack([np.cos(ring), np.sin(ring)])
    stationary = [(res.x, theta_opt, res.f), (res.x_max, theta_max, res.f_max)]
    arrow_f, arrow_h, scale = _arrows(sw, start, box)
    return Walk(box, curve, sw, start, stationary, arrow_f, arrow_h, scale)


# ---------------------------------------------------------------------------
# The classic example: a linear function on a circle
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CircleResult:
    """min aᵀx on ‖x‖ = r, and the other stationary point (the maximum).

    Attributes
    ----------
    x, f, lam : the minimiser ``−r a/‖a‖``, ``−r‖a‖`` and ``λ = ‖a‖/(2r)``.
    x_max, f_max, lam_max : the maximiser ``r a/‖a‖``, ``r‖a‖``, ``−‖a‖/(2r)``.
    """

    x: np.ndarray
    f: float
    lam: float
    x_max: np.ndarray
    f_max: float
    lam_max: float


def _check_circle(a, r) -> tuple[np.ndarray, float]:
    a_arr = _check_bounded(check_array(a, "a", ndim=1, min_size=1, max_size=MAX_DIM), "a")
    if not np.any(a_arr):
        raise ValueError(
            "a is zero, must be non-zero (with a = 0, f is constant: every point is optimal)."
        )
    r = float(check_scalar(r, "r", min_val=0.0, max_val=1e50, include_boundaries="right"))
    return a_arr, r


def circle_problem(a, r: float) -> CircleResult:
    """min aᵀx subject to ‖x‖ = r: x* = −r a/‖a‖, λ = ‖a‖/(2r).

    The textbook Lagrange example: with ``ℒ = aᵀx + λ(‖x‖² − r²)``,
    ``∇ₓℒ = a + 2λx = 0`` gives ``x = −a/(2λ)``; the constraint fixes
    ``|λ| = ‖a‖/(2r)``. The positive root is the minimum, the negative one
    the maximum: both are stationary points of ℒ, and f tells them apart.

    Parameters
    ----------
    a : array_like, shape (n,)
        Non-zero direction of steepest increase of f.
    r : float
        Radius, ``0 < r <= 1e50``.

    Returns
    -------
    CircleResult

    Raises
    ------
    ValueError
        If ``a`` is zero, empty or not finite, or ``r`` is not in ``(0, 1e50]``.

    Notes
    -----
    .. math:: x^* = -r\\,\\frac{a}{\\|a\\|},\\qquad \\lambda = \\frac{\\|a\\|}{2r},
              \\qquad f^* = -r\\,\\|a\\|

    Examples
    --------
    >>> res = circle_problem([3.0, 4.0], 2.0)
    >>> res.x, res.f, res.lam
    (array([-1.2, -1.6]), -10.0, 1.25)
    """
    a_arr, r = _check_circle(a, r)
    norm = float(np.linalg.norm(a_arr))
    unit = a_arr / norm
    return CircleResult(-r * unit, -r * norm, norm / (2 * r), r * unit, r * norm, -norm / (2 * r))


def circle_numeric(a, r: float) -> tuple[np.ndarray, float]:
    """The minimiser of aᵀx on ‖x‖ = r found by search, and the λ read off the gradients there.

    An independent route to :func:`circle_problem`'s closed form for a plane
    ``a``: scan the angle on a grid of 720 points, refine the best with
    SciPy's bounded scalar minimiser, then ``λ = −(∇f·∇h)/‖∇h‖²`` with
    ``∇f = a``, ``∇h = 2x``.

    Raises
    ------
    ValueError
        As :func:`circle_problem`, or if ``a`` is not of shape (2,).

    Examples
    --------
    >>> x, lam = circle_numeric([3.0, 4.0], 2.0)
    >>> np.round(x, 6), round(lam, 6)
    (array([-1.2, -1.6]), 1.25)
    """
    a_arr, r = _check_circle(a, r)
    if a_arr.shape != (2,):
        raise ValueError(f"a.shape == {a_arr.shape}, must be (2,).")
    grid = np.linspace(0.0, 2 * np.pi, 720, endpoint=False)
    values = r * (a_arr[0] * np.cos(grid) + a_arr[1] * np.sin(grid))
    t0 = float(grid[int(np.argmin(values))])
    step = grid[1] - grid[0]
    res = scipy.optimize.minimize_scalar(
        lambda t: r * (a_arr[0] * math.cos(t) + a_arr[1] * math.sin(t)),
        bounds=(t0 - step, t0 + step),
        method="bounded",
        options={"xatol": 1e-12},
    )
    x = r * np.array([math.cos(res.x), math.sin(res.x)])
    grad_h = 2 * x
    return x, float(-(a_arr @ grad_h) / (grad_h @ grad_h))


# ---------------------------------------------------------------------------
# When the constraint qualification fails: two discs that barely overlap
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LensResult:
    """min x₂ over two unit discs centred at (∓e, 0), e = 1 − overlap.

    Attributes
    ----------
    overlap : float
    centres : numpy.ndarray, shape (2, 2)
    x : numpy.ndarray
        The minimiser ``(0, −y₀)``, ``y₀ = √(1 − e²)`` (the lens's lowest point).
    f : float
        ``−y₀``.
    grad_f : numpy.ndarray
        ``(0, 1)``.
    grad_g : numpy.ndarray, shape (2, 2)
        Row i: ``∇gᵢ(x*) = 2(x* − centreᵢ)``.
    mu : float
        Both multipliers (equal by symmetry): ``1/(4 y₀)``; ``+inf`` when no
        multiplier exists (overlap 0).
    exists : bool
        Whether KKT multipliers exist.
    """

    overlap: float
    centres: np.ndarray
    x: np.ndarray
    f: float
    grad_f: np.ndarray
    grad_g: np.ndarray
    mu: float
    exists: bool


def _check_overlap(overlap) -> float:
    return float(check_scalar(overlap, "overlap", min_val=0.0, max_val=1.0))


def lens_problem(overlap: float) -> LensResult:
    """min x₂ s.t. (x₁ + e)² + x₂² ≤ 1 and (x₁ − e)² + x₂² ≤ 1, e = 1 − overlap.

    The feasible set is the lens where two unit discs overlap. For
    ``overlap > 0`` the lowest point ``(0, −y₀)`` has multipliers
    ``μ₁ = μ₂ = 1/(4y₀)``, which grow without bound as the overlap shrinks.
    At ``overlap == 0`` the discs only touch: the feasible set is the single
    point 0, both constraint gradients are horizontal (±2, 0) while
    ``∇f = (0, 1)`` is vertical, so no multipliers satisfy stationarity —
    the point is optimal but not a KKT point. The constraint qualifications
    fail there (LICQ: the gradients are parallel; Slater: no interior point).

    Parameters
    ----------
    overlap : float
        In ``[0, 1]``; 1 puts both discs on top of each other.

    Returns
    -------
    LensResult

    Raises
    ------
    ValueError
        If ``overlap`` is outside ``[0, 1]`` or not finite.

    Notes
    -----
    .. math:: y_0 = \\sqrt{1 - e^2},\\quad \\mu_1 = \\mu_2 = \\frac{1}{4 y_0},
              \\quad f^* = -y_0

    Examples
    --------
    >>> res = lens_problem(0.2)
    >>> np.round(res.x, 6), round(res.mu, 6), res.exists
    (array([ 0. , -0.6]), 0.416667, True)
    >>> lens_problem(0.0).exists, lens_problem(0.0).mu
    (False, inf)
    """
    delta = _check_overlap(overlap)
    e = 1.0 - delta
    y0 = math.sqrt(max(delta * (2.0 - delta), 0.0))  # √(1 − e²), exact near e = 1
    x = np.array([0.0, -y0])
    centres = np.array([[-e, 0.0], [e, 0.0]])
    grad_g = 2 * (x[None, :] - centres)
    exists = y0 > 0
    mu = 1.0 / (4.0 * y0) if exists else math.inf
    return LensResult(delta, centres, x, -y0, np.array([0.0, 1.0]), grad_g, mu, exists)


def lens_dual(overlap: float, mu) -> np.ndarray:
    """g(μ, μ) = −1/(8μ) − 2μ y₀² for :func:`lens_problem` (both multipliers equal).

    ``min_x x₂ + μ Σ gᵢ(x)`` is attained at ``x = (0, −1/(4μ))``. Its maximum
    over ``μ > 0`` is ``−y₀ = f*`` at ``μ = 1/(4y₀)``; with no overlap
    (``y₀ = 0``) the supremum 0 = f* is approached as μ → ∞ but never
    reached: no dual optimum, no multiplier.

    Raises
    ------
    ValueError
        If ``overlap`` is outside ``[0, 1]`` or ``mu`` has an entry ``<= 0``
        or not finite.

    Examples
    --------
    >>> lens_dual(0.2, [1 / 2.4]).round(6)
    array([-0.6])
    """
    delta = _check_overlap(overlap)
    m = check_array(mu, "mu", ndim=1, min_size=1, max_size=100_000)
    if np.any(m <= 0):
        raise ValueError("mu has an entry <= 0, must be > 0 (at μ = 0 the minimum is −∞).")
    y0_sq = delta * (2.0 - delta)
    return -1.0 / (8.0 * m) - 2.0 * m * y0_sq


def lens_dual_max(overlap: float) -> tuple[float, float]:
    """The maximiser and maximum of :func:`lens_dual`, found by SciPy (search in log μ).

    An independent check of the closed form ``μ = 1/(4y₀)``, ``g = −y₀``.

    Raises
    ------
    ValueError
        If ``overlap`` is 0 (the supremum is not attained: no maximiser) or
        outside ``[0, 1]``.

    Examples
    --------
    >>> mu, g = lens_dual_max(0.2)
    >>> round(mu, 6), round(g, 9)
    (0.416667, -0.6)
    """
    delta = _check_overlap(overlap)
    if delta == 0:
        raise ValueError("overlap == 0.0, must be > 0 (the dual has no maximiser there).")
    y0 = math.sqrt(delta * (2.0 - delta))
    guess = math.log(1.0 / y0)  # the search runs in log μ over a wide bracket around it
    res = scipy.optimize.minimize_scalar(
        lambda u: -float(lens_dual(delta, [math.exp(u)])[0]),
        bounds=(guess - 8.0, guess + 8.0),
        method="bounded",
        options={"xatol": 1e-12},
    )
    mu = math.exp(res.x)
    return mu, float(lens_dual(delta, [mu])[0])


# ---------------------------------------------------------------------------
# Geometry of the plane, for drawing
# ---------------------------------------------------------------------------


def _check_box(box) -> np.ndarray:
    arr = _check_bounded(check_array(box, "box", shape=(4,)), "box")
    if not (arr[0] < arr[1] and arr[2] < arr[3]):
        raise ValueError("box must be (x_min, x_max, y_min, y_max) with min < max.")
    return arr


def line_in_box(a, b: float, box) -> np.ndarray:
    """The segment of the line aᵀx = b inside box = (x₀, x₁, y₀, y₁): shape (2, 2) or (0, 2).

    Raises
    ------
    ValueError
        If ``a`` is not of shape (2,), ``b`` or ``box`` is not finite, or
        the box is empty.

    Examples
    --------
    >>> line_in_box([1.0, 1.0], 1.0, (-2, 2, -2, 2))
    array([[ 2., -1.],
           [-1.,  2.]])
    >>> line_in_box([1.0, 0.0], 5.0, (-2, 2, -2, 2)).shape
    (0, 2)
    """
    a_arr = _check_bounded(check_array(a, "a", shape=(2,)), "a")
    b = float(check_scalar(b, "b", min_val=-MAX_ABS, max_val=MAX_ABS))
    bx = _check_box(box)
    square = np.array([[bx[0], bx[2]], [bx[1], bx[2]], [bx[1], bx[3]], [bx[0], bx[3]]])
    if not np.any(a_arr):
        return np.zeros((0, 2))
    pts = _clip(_clip(square, a_arr, b), -a_arr, -b)
    pts = _unique_points(pts, bx)
    if len(pts) < 2:
        return np.zeros((0, 2))
    t = np.array([-a_arr[1], a_arr[0]])
    proj = pts @ t
    return pts[[int(np.argmin(proj)), int(np.argmax(proj))]]


def _clip(poly: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    """Sutherland–Hodgman: the part of a convex polygon where aᵀx ≤ b (boundary kept)."""
    if len(poly) == 0:
        return poly
    scale = 1.0 + abs(b) + float(np.linalg.norm(a)) * float(np.abs(poly).max())
    eps = 1e-12 * scale
    vals = poly @ a - b
    out = []
    k = len(poly)
    for i in range(k):
        p, q = poly[i], poly[(i + 1) % k]
        vp, vq = vals[i], vals[(i + 1) % k]
        if vp <= eps:
            out.append(p)
        if (vp < -eps and vq > eps) or (vp > eps and vq < -eps):
            out.append(p + (q - p) * (vp / (vp - vq)))
    return np.asarray(out, dtype=float).reshape(-1, 2)


def _unique_points(poly: np.ndarray, bx: np.ndarray) -> np.ndarray:
    if len(poly) == 0:
        return poly
    tol = 1e-9 * (bx[1] - bx[0] + bx[3] - bx[2])
    keep: list[np.ndarray] = []
    for p in poly:
        if not any(np.max(np.abs(p - k)) <= tol for k in keep):
            keep.append(p)
    return np.asarray(keep).reshape(-1, 2)


def feasible_region(box, *, A_eq=None, b_eq=None, A_in=None, b_in=None) -> np.ndarray:
    """The feasible set inside a box, as the vertices of a convex polygon (in order).

    Shape ``(k, 2)``: ``k = 0`` when nothing in the box is feasible, 1 for a
    single point, 2 for a segment (an equality), ``>= 3`` for a polygon.
    A zero row ``0ᵀx ≤ b`` keeps everything if ``b ≥ 0`` and nothing otherwise.

    Raises
    ------
    ValueError
        If the box is empty or not finite, or a constraint has the wrong
        shape or a bad entry.

    Examples
    --------
    >>> feasible_region((0, 2, 0, 2), A_in=[[1.0, 1.0]], b_in=[1.0])
    array([[0., 0.],
           [1., 0.],
           [0., 1.]])
    >>> feasible_region((0, 2, 0, 2), A_eq=[[1.0, -1.0]], b_eq=[0.0])
    array([[0., 0.],
           [2., 2.]])
    """
    bx = _check_box(box)
    a_eq, be = _check_constraints(A_eq, b_eq, 2, "eq")
    a_in, bi = _check_constraints(A_in, b_in, 2, "in")
    poly = np.array([[bx[0], bx[2]], [bx[1], bx[2]], [bx[1], bx[3]], [bx[0], bx[3]]])
    rows = [(a, b) for a, b in zip(a_in, bi, strict=True)]
    rows += [(s * a, s * b) for a, b in zip(a_eq, be, strict=True) for s in (1.0, -1.0)]
    for a, b in rows:
        if not np.any(a):
            if b < 0:
                return np.zeros((0, 2))
            continue
        poly = _clip(poly, a, float(b))
    poly = _unique_points(poly, bx)
    if a_eq.shape[0] and len(poly) > 2:  # on a line: keep the two ends of the segment
        t = np.array([-a_eq[0, 1], a_eq[0, 0]]) if np.any(a_eq[0]) else np.array([1.0, 0.0])
        proj = poly @ t
        poly = poly[[int(np.argmin(proj)), int(np.argmax(proj))]]
    return poly


# ---------------------------------------------------------------------------
# The "Reproduce in Python" snippet
# ---------------------------------------------------------------------------


def _lit(values) -> str:
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 1:
        return "[" + ", ".join(repr(float(v)) for v in arr) + "]"
    return "[" + ", ".join(_lit(row) for row in arr) + "]"


def snippet(Q, c, *, A_eq=None, b_eq=None, A_in=None, b_in=None, x=None) -> str:
    """The "With playground" code for this problem (validated first).

    Raises
    ------
    ValueError, TypeError
        As :func:`solve_qp`, and if ``x`` is given with the wrong shape.

    Examples
    --------
    >>> print(snippet(np.eye(2), [2.0, 2.0], A_in=[[1.0, 1.0]], b_in=[1.0]).splitlines()[3])
    Q = np.array([[1.0, 0.0], [0.0, 1.0]])
    """
    p = _problem(Q, c, A_eq, b_eq, A_in, b_in)
    point = p.c if x is None else _check_point(x, p.n)
    lines = [
        "import numpy as np",
        "from playground import constrained as kkt",
        "",
        f"Q = np.array({_lit(p.Q)})",
        f"c = np.array({_lit(p.c)})",
    ]
    kwargs = []
    if p.m_eq:
        lines.append(f"A_eq, b_eq = np.array({_lit(p.A_eq)}), np.array({_lit(p.b_eq)})")
        kwargs.append("A_eq=A_eq, b_eq=b_eq")
    if p.m_in:
        lines.append(f"A_in, b_in = np.array({_lit(p.A_in)}), np.array({_lit(p.b_in)})")
        kwargs.append("A_in=A_in, b_in=b_in")
    kw = ", ".join(kwargs)
    args = f"Q, c, {kw}" if kw else "Q, c"
    lines += [
        f"problem = dict({kw})" if kw else "problem = {}",
        f"best = kkt.solve_qp({args})",
        "print(best.status, best.x, best.f, best.lam, best.mu, best.active)",
        "print(kkt.kkt_report(best, Q, c, **problem))  # four conditions at the optimum",
        f"mine = kkt.candidate(np.array({_lit(point)}), Q, c, **problem)",
        "print(kkt.kkt_report(mine, Q, c, **problem))  # ... and at your point",
    ]
    if p.m_in:
        lines += [
            "print(kkt.multiplier_fd(Q, c, **problem, kind='in', index=0))  # = mu[0]",
            "print(kkt.duality_gap(best, Q, c, **problem), kkt.solve_dual(Q, c, **problem).g)",
        ]
    return "\n".join(lines) + "\n"
