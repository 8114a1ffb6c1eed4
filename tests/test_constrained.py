"""playground.constrained and playground.charts.constrained against independent references.

References never share code with the module under test: SciPy's
``minimize(method="trust-constr")`` (its points and Lagrange multipliers ``v``)
on random feasible problems, ``linprog`` for feasibility, finite differences of
optimal values that SciPy computes, unconstrained ``minimize`` for the dual
function, brute-force grids for the feasible region, and closed forms (the
circle, the lens). NumPy warnings are errors in every test.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import plotly.graph_objects as go
import pytest
import scipy.optimize as so
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import constrained as kkt
from playground import handwritten
from playground.app.i18n import translator
from playground.charts import constrained as charts
from playground.charts import theme
from tests import scratch
from tests.numerics import (
    no_warnings,  # noqa: F401 (autouse fixture)
    rng_for,
)


def random_problem(rng, n: int, m_eq: int, m_in: int, slacks=(0.0, 0.3, 1.0)) -> dict:
    """A strictly convex QP that is feasible by construction (x0 satisfies everything).

    A zero slack puts a constraint through x0, so several can meet there: corners
    where LICQ fails and multipliers are not unique. ``slacks=(0.3, 1.0)`` avoids them.
    """
    M = rng.normal(size=(n, n))
    Q = M @ M.T + 0.5 * np.eye(n)
    c = rng.normal(scale=2.0, size=n)
    x0 = rng.normal(size=n)
    problem = {"Q": Q, "c": c}
    if m_eq:
        A_eq = rng.normal(size=(m_eq, n))
        problem.update(A_eq=A_eq, b_eq=A_eq @ x0)
    if m_in:
        A_in = rng.normal(size=(m_in, n))
        slack = rng.choice(slacks, size=m_in)
        problem.update(A_in=A_in, b_in=A_in @ x0 + slack)
    return problem


def split(problem: dict) -> tuple[np.ndarray, np.ndarray, dict]:
    rest = {k: v for k, v in problem.items() if k not in ("Q", "c")}
    return problem["Q"], problem["c"], rest


def scipy_solve(problem: dict, start=None) -> so.OptimizeResult:
    """SciPy's interior-point/SQP trust-region solver with its own multipliers ``v``."""
    Q, c, rest = split(problem)
    constraints = []
    if "A_eq" in rest:
        constraints.append(so.LinearConstraint(rest["A_eq"], rest["b_eq"], rest["b_eq"]))
    if "A_in" in rest:
        constraints.append(so.LinearConstraint(rest["A_in"], -np.inf, rest["b_in"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return so.minimize(
                lambda x: 0.5 * (x - c) @ Q @ (x - c),
                np.zeros(c.size) if start is None else start,
                jac=lambda x: Q @ (x - c),
                hess=lambda x: Q,
                method="trust-constr",
                constraints=constraints,
                options={"gtol": 1e-12, "xtol": 1e-14, "barrier_tol": 1e-12, "maxiter": 5000},
            )


def scipy_multipliers(problem: dict, res) -> tuple[np.ndarray, np.ndarray]:
    v = list(res.v)
    lam = np.asarray(v.pop(0)) if "A_eq" in problem else np.zeros(0)
    mu = np.asarray(v.pop(0)) if "A_in" in problem else np.zeros(0)
    return lam, mu


# ---------------------------------------------------------------------------
# solve_qp against SciPy
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "m_eq", "m_in"),
    [(2, 0, 1), (2, 0, 2), (2, 0, 3), (2, 1, 0), (2, 1, 2), (3, 1, 3), (3, 2, 2), (4, 0, 5)],
)
@pytest.mark.parametrize("seed", range(6))
def test_solve_qp_matches_trust_constr(n, m_eq, m_in, seed):
    """Same point and value as SciPy (to its interior-point accuracy, about 1e-5); the
    same multipliers where they are unique (LICQ: independent active rows), and
    otherwise SciPy's multipliers certify our point too."""
    problem = random_problem(rng_for(n, m_eq, m_in, seed), n, m_eq, m_in)
    Q, c, rest = split(problem)
    ours = kkt.solve_qp(Q, c, **rest)
    ref = scipy_solve(problem)
    assert ours.status == "optimal" and ref.status in (1, 2)
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-4 * (1 + np.abs(ref.x).max()))
    assert ours.f == pytest.approx(ref.fun, rel=1e-4, abs=1e-5)
    lam, mu = scipy_multipliers(problem, ref)
    rows = [rest["A_eq"]] if m_eq else []
    if m_in:
        rows.append(rest["A_in"][ours.active])
    active = np.vstack(rows) if rows else np.zeros((0, n))
    unique = np.linalg.matrix_rank(active) == active.shape[0]
    scale = 1 + max(np.abs(ours.lam).max(initial=0), np.abs(ours.mu).max(initial=0))
    if unique:
        np.testing.assert_allclose(ours.lam, lam, atol=1e-3 * scale)
        np.testing.assert_allclose(ours.mu, mu, atol=1e-3 * scale)
    else:
        theirs = kkt.QPResult(ours.x, ours.f, lam, np.maximum(mu, 0), ours.active, None, "")
        report = kkt.kkt_report(theirs, Q, c, **rest, tol=1e-4)
        assert report.stationarity.ok and report.dual.ok
    assert np.all(ours.mu >= 0)
    assert kkt.kkt_report(ours, Q, c, **rest).ok


@pytest.mark.parametrize("seed", range(8))
def test_multipliers_are_the_sensitivity_of_scipys_optimal_value(seed):
    """∂f*/∂bᵢ = −μᵢ, with f* from SciPy at b ± h (nothing from the module but μ)."""
    rng = rng_for("sensitivity", seed)
    problem = random_problem(rng, 2, 1, 2, slacks=(0.3, 1.0))
    Q, c, rest = split(problem)
    ours = kkt.solve_qp(Q, c, **rest)
    h = 1e-3
    for kind, values in (("eq", ours.lam), ("in", ours.mu)):
        for i, value in enumerate(values):
            sides = []
            for sign in (1, -1):
                moved = {k: np.array(v, copy=True) for k, v in problem.items()}
                moved[f"b_{kind}"][i] += sign * h
                sides.append(scipy_solve(moved, start=ours.x).fun)
            slope = (sides[0] - sides[1]) / (2 * h)
            # f* is piecewise quadratic in b: central differences are exact inside a piece
            assert -slope == pytest.approx(value, abs=2e-4 * (1 + abs(value))), (kind, i)


def test_sensitivities_match_the_multipliers():
    for seed in range(6):
        problem = random_problem(rng_for("sens", seed), 2, 1, 2, slacks=(0.3, 1.0))
        Q, c, rest = split(problem)
        best = kkt.solve_qp(Q, c, **rest)
        slopes = kkt.sensitivities(Q, c, **rest)
        np.testing.assert_allclose(slopes, np.r_[best.lam, best.mu], rtol=1e-6, atol=1e-7)
    # no slope where the bound is infeasible on both sides
    slopes = kkt.sensitivities(np.eye(2), [0, 0], A_eq=[[0.0, 0.0]], b_eq=[1.0])
    assert np.isnan(slopes).all()


def test_multiplier_fd_matches_the_kkt_multipliers():
    for seed in range(6):
        problem = random_problem(rng_for("fd", seed), 2, 1, 2, slacks=(0.3, 1.0))
        Q, c, rest = split(problem)
        best = kkt.solve_qp(Q, c, **rest)
        assert kkt.multiplier_fd(Q, c, **rest, kind="eq", index=0) == pytest.approx(
            best.lam[0], rel=1e-6, abs=1e-8
        )
        for i in range(2):
            fd = kkt.multiplier_fd(Q, c, **rest, kind="in", index=i)
            assert fd == pytest.approx(best.mu[i], rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("seed", range(30))
def test_infeasibility_agrees_with_linprog(seed):
    rng = rng_for("feasible", seed)
    A_in = rng.normal(size=(3, 2))
    b_in = rng.normal(scale=2.0, size=3)
    A_eq = rng.normal(size=(1, 2)) if seed % 3 == 0 else None
    b_eq = rng.normal(size=1) if A_eq is not None else None
    lp = so.linprog(
        np.zeros(2), A_ub=A_in, b_ub=b_in, A_eq=A_eq, b_eq=b_eq, bounds=[(None, None)] * 2
    )
    r = kkt.solve_qp(np.eye(2), [0.5, -0.3], A_eq=A_eq, b_eq=b_eq, A_in=A_in, b_in=b_in)
    assert (r.status == "infeasible") == (lp.status == 2)
    if r.status == "infeasible":
        assert r.x is None and r.f == math.inf and r.mu is None and not r.active.any()


def test_textbook_cases():
    # inactive constraint: the unconstrained minimum
    r = kkt.solve_qp(np.eye(2), [0.0, 0.0], A_in=[[1.0, 1.0]], b_in=[1.0])
    assert r.x.tolist() == [0.0, 0.0] and r.mu.tolist() == [0.0] and not r.active[0]
    # projection onto a half-plane: x* = c − (aᵀc − b) a/‖a‖², μ = (aᵀc − b)/‖a‖²
    r = kkt.solve_qp(np.eye(2), [3.0, 1.0], A_in=[[1.0, 0.0]], b_in=[1.0])
    np.testing.assert_allclose(r.x, [1.0, 1.0])
    assert r.mu[0] == pytest.approx(2.0)
    # two equalities pin the point: x* is their intersection whatever Q and c are
    r = kkt.solve_qp(
        kkt.q_matrix(7.0, 40.0), [9.0, -9.0], A_eq=[[1.0, 1.0], [1.0, -1.0]], b_eq=[2.0, 0.0]
    )
    np.testing.assert_allclose(r.x, [1.0, 1.0])
    # duplicated equality (dependent rows): consistent, so one row carries the multiplier
    r = kkt.solve_qp(np.eye(2), [2.0, 2.0], A_eq=[[1.0, 1.0], [2.0, 2.0]], b_eq=[1.0, 2.0])
    np.testing.assert_allclose(r.x, [0.5, 0.5])
    assert r.lam @ [1.0, 2.0] == pytest.approx(1.5)  # the combined force is unique
    # contradictory equalities
    assert kkt.solve_qp(np.eye(2), [0, 0], A_eq=[[1.0, 1.0], [1.0, 1.0]], b_eq=[0, 1]).x is None
    # a zero row: 0 <= b is always true (b >= 0) or never (b < 0)
    assert kkt.solve_qp(np.eye(2), [1, 1], A_in=[[0.0, 0.0]], b_in=[0.0]).status == "optimal"
    assert kkt.solve_qp(np.eye(2), [1, 1], A_in=[[0.0, 0.0]], b_in=[-1.0]).status == "infeasible"


def test_degenerate_corner_three_lines_through_the_optimum():
    """LICQ fails (three active constraints in the plane) but linear constraints still
    guarantee multipliers: the solver finds a valid set and the KKT report passes."""
    A = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    b = [0.0, 0.0, 0.0]
    r = kkt.solve_qp(np.eye(2), [1.0, 1.0], A_in=A, b_in=b)
    np.testing.assert_allclose(r.x, [0.0, 0.0], atol=1e-12)
    assert r.active.all()
    assert kkt.kkt_report(r, np.eye(2), [1.0, 1.0], A_in=A, b_in=b).ok


def test_scaling_and_translation():
    rng = rng_for("scale")
    problem = random_problem(rng, 2, 1, 2)
    Q, c, rest = split(problem)
    base = kkt.solve_qp(Q, c, **rest)
    scaled = kkt.solve_qp(1e6 * Q, c, **rest)  # multipliers scale with f
    np.testing.assert_allclose(scaled.x, base.x, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(scaled.mu, 1e6 * base.mu, rtol=1e-7, atol=1e-3)
    shift = np.array([1e6, -1e6])  # move everything by 1e6
    moved = {
        "A_eq": rest["A_eq"],
        "b_eq": rest["b_eq"] + rest["A_eq"] @ shift,
        "A_in": rest["A_in"],
        "b_in": rest["b_in"] + rest["A_in"] @ shift,
    }
    far = kkt.solve_qp(Q, c + shift, **moved)
    np.testing.assert_allclose(far.x - shift, base.x, atol=1e-6)
    np.testing.assert_allclose(far.mu, base.mu, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------------------
# The KKT report: zero at the optimum, not elsewhere
# ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    m_eq=st.integers(0, 1),
    m_in=st.integers(0, 3),
    offset=st.tuples(st.floats(-2, 2), st.floats(-2, 2)),
)
def test_kkt_holds_at_the_optimum_and_fails_elsewhere(seed, m_eq, m_in, offset):
    problem = random_problem(np.random.default_rng(seed), 2, m_eq, m_in)
    Q, c, rest = split(problem)
    best = kkt.solve_qp(Q, c, **rest)
    report = kkt.kkt_report(best, Q, c, **rest)
    assert report.ok, report
    assert report.stationarity.value <= 1e-9 * (1 + np.abs(report.grad_f).max())
    # where the multipliers are unique (LICQ), the candidate at the optimum finds them
    rows = [rest["A_eq"]] if m_eq else []
    if m_in:
        rows.append(rest["A_in"][best.active])
    active = np.vstack(rows) if rows else np.zeros((0, 2))
    if np.linalg.matrix_rank(active) == active.shape[0]:
        mine = kkt.candidate(best.x, Q, c, **rest)
        assert kkt.kkt_report(mine, Q, c, **rest).ok
        np.testing.assert_allclose(
            mine.mu, best.mu, atol=1e-7 * (1 + np.abs(best.mu).max(initial=0))
        )
    other = best.x + np.asarray(offset)
    if np.linalg.norm(offset) > 1e-3:
        mine = kkt.kkt_report(kkt.candidate(other, Q, c, **rest), Q, c, **rest)
        assert not mine.ok  # the optimum is the only KKT point of a strictly convex QP


def test_each_condition_catches_its_own_failure():
    kw = {"A_in": [[1.0, 1.0]], "b_in": [1.0]}
    Q, c = np.eye(2), np.array([2.0, 2.0])

    def report(x):
        return kkt.kkt_report(kkt.candidate(x, Q, c, **kw), Q, c, **kw)

    outside = report([2.0, 2.0])  # infeasible (∇f = 0 there)
    assert not outside.primal.ok and outside.primal.value == pytest.approx(3.0)
    on_line = report([1.0, 0.0])  # on the line but not tangent: stationarity fails
    assert on_line.primal.ok and not on_line.stationarity.ok
    # on the line with the objective pulling inwards: the best multiplier is negative
    inside = kkt.kkt_report(kkt.candidate([0.5, 0.5], Q, [-1.0, -1.0], **kw), Q, [-1.0, -1.0], **kw)
    assert inside.stationarity.ok and not inside.dual.ok
    assert inside.dual.value == pytest.approx(1.5)
    # hand-made multipliers: a slack constraint that pushes breaks complementary slackness
    fake = kkt.QPResult(np.zeros(2), 4.0, np.zeros(0), np.array([2.0]), np.zeros(1, bool), None, "")
    rep = kkt.kkt_report(fake, Q, c, **kw)
    assert rep.stationarity.ok and rep.dual.ok and not rep.slackness.ok
    assert rep.slackness.value == pytest.approx(2.0)  # μ·(aᵀx − b) = 2·(−1)
    np.testing.assert_allclose(rep.products, [-2.0])


# ---------------------------------------------------------------------------
# Duality
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_dual_function_is_the_minimum_of_the_lagrangian(seed):
    rng = rng_for("dual", seed)
    problem = random_problem(rng, 2, 1, 2)
    Q, c, rest = split(problem)
    for _ in range(4):
        lam, mu = rng.normal(size=1), rng.uniform(0, 3, size=2)

        def lagrangian(x, lam=lam, mu=mu):
            return (
                0.5 * (x - c) @ Q @ (x - c)
                + lam @ (rest["A_eq"] @ x - rest["b_eq"])
                + mu @ (rest["A_in"] @ x - rest["b_in"])
            )

        ref = so.minimize(lagrangian, np.zeros(2), method="BFGS", options={"gtol": 1e-10})
        assert kkt.dual_function(mu, lam, Q, c, **rest) == pytest.approx(ref.fun, abs=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_weak_and_strong_duality(seed):
    rng = rng_for("duality", seed)
    problem = random_problem(rng, 3, 1, 3)
    Q, c, rest = split(problem)
    best = kkt.solve_qp(Q, c, **rest)
    mus = rng.uniform(0, 5, size=(200, 3))
    lams = rng.normal(scale=3, size=(200, 1))
    assert np.all(kkt.dual_function(mus, lams, Q, c, **rest) <= best.f + 1e-9)  # weak
    assert abs(kkt.duality_gap(best, Q, c, **rest)) <= 1e-9 * (1 + abs(best.f))  # strong
    dual = kkt.solve_dual(Q, c, **rest)
    assert dual.status == "optimal"
    assert dual.g == pytest.approx(best.f, rel=1e-7, abs=1e-8)
    np.testing.assert_allclose(dual.x, best.x, atol=1e-5)


def test_dual_slice_is_the_dual_function_along_one_multiplier():
    problem = random_problem(rng_for("slice"), 2, 1, 2)
    Q, c, rest = split(problem)
    best = kkt.solve_qp(Q, c, **rest)
    for kind, index in (("in", 0), ("in", 1), ("eq", 0)):
        alpha, beta, gamma = kkt.dual_slice(best, Q, c, **rest, kind=kind, index=index)
        assert alpha <= 0
        ts = np.linspace(0, 3, 7)
        lam = np.tile(best.lam, (7, 1))
        mu = np.tile(best.mu, (7, 1))
        (lam if kind == "eq" else mu)[:, index] = ts
        g = kkt.dual_function(mu, lam, Q, c, **rest)
        np.testing.assert_allclose(alpha * ts**2 + beta * ts + gamma, g, atol=1e-10)


def test_solve_dual_reports_an_unbounded_dual_for_an_infeasible_problem():
    d = kkt.solve_dual(np.eye(2), [0.0, 0.0], A_in=[[1.0, 0.0], [-1.0, 0.0]], b_in=[-1.0, -1.0])
    assert d.status == "unbounded" and d.g == math.inf


# ---------------------------------------------------------------------------
# Prices: the value curve
# ---------------------------------------------------------------------------


def test_value_curve_points_are_exact_solves_and_its_slope_is_minus_mu():
    problem = random_problem(rng_for("curve"), 2, 0, 3)
    Q, c, rest = split(problem)
    values = np.linspace(-3, 3, 61)
    curve = kkt.value_curve(Q, c, **rest, kind="in", index=0, values=values)
    for b, fstar, mult, ok in zip(
        values, curve.fstar, curve.multiplier, curve.feasible, strict=True
    ):
        moved = dict(rest, b_in=np.r_[b, rest["b_in"][1:]])
        r = kkt.solve_qp(Q, c, **moved)
        assert ok == (r.x is not None)
        if ok:
            assert fstar == pytest.approx(r.f, abs=1e-12)
            assert mult == pytest.approx(r.mu[0], abs=1e-12)
    fine = kkt.value_curve(Q, c, **rest, values=np.linspace(-1, 1, 2001))
    slope = np.gradient(fine.fstar, fine.b)
    inner = fine.feasible & np.r_[False, fine.feasible[1:-1], False]
    np.testing.assert_allclose(slope[inner][5:-5], -fine.multiplier[inner][5:-5], atol=2e-2)
    assert np.all(np.diff(fine.fstar[fine.feasible]) <= 1e-12)  # relaxing never hurts


@pytest.mark.parametrize(
    ("kind", "index", "extra"),
    [
        ("eq", 0, {}),
        ("in", 1, {}),
        # a duplicated equality: consistency then depends on b (one solve per value)
        ("eq", 1, {"A_eq": [[1.0, -1.0], [2.0, -2.0]], "b_eq": [0.2, 0.4]}),
    ],
)
def test_value_curve_matches_one_solve_per_value(kind, index, extra):
    problem = random_problem(rng_for("curve", kind, index, len(extra)), 2, 1, 2)
    problem.update(extra)
    Q, c, rest = split(problem)
    values = np.linspace(-2, 2, 41)
    curve = kkt.value_curve(Q, c, **rest, kind=kind, index=index, values=values)
    for b, fstar, mult in zip(values, curve.fstar, curve.multiplier, strict=True):
        moved = {k: np.array(v, dtype=float) for k, v in rest.items()}
        moved[f"b_{kind}"][index] = b
        r = kkt.solve_qp(Q, c, **moved)
        assert fstar == (r.f if r.x is None else pytest.approx(r.f, rel=1e-12, abs=1e-12))
        if r.x is not None:
            value = (r.lam if kind == "eq" else r.mu)[index]
            assert mult == pytest.approx(value, rel=1e-9, abs=1e-9)
    if extra:  # the duplicate is consistent only at b = 0.4
        assert curve.feasible.sum() == 1 and curve.b[curve.feasible][0] == pytest.approx(0.4)


# ---------------------------------------------------------------------------
# The circle and the lens
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "r"), [([1.0, 2.0], 1.5), ([-3.0, 0.5], 0.25), ([0.0, 1e6], 7.0)])
def test_circle_closed_form(a, r):
    res = kkt.circle_problem(a, r)
    a = np.asarray(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            ref = so.minimize(
                lambda x: a @ x,
                -r * np.array([1.0, 0.3]),
                method="trust-constr",
                constraints=[so.NonlinearConstraint(lambda x: x @ x, r * r, r * r)],
                options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000},
            )
    np.testing.assert_allclose(res.x, ref.x, atol=1e-5 * r)
    assert res.f == pytest.approx(ref.fun, rel=1e-6)
    # λ is −∂f*/∂(r²): f*(ρ) = −√ρ ‖a‖
    rho, h = r * r, 1e-6 * r * r
    fd = -(-math.sqrt(rho + h) - -math.sqrt(rho - h)) * np.linalg.norm(a) / (2 * h)
    assert res.lam == pytest.approx(fd, rel=1e-6)
    assert res.lam_max == pytest.approx(-res.lam) and res.f_max == pytest.approx(-res.f)
    x_num, lam_num = kkt.circle_numeric(a, r)
    np.testing.assert_allclose(x_num, res.x, atol=1e-8 * r)
    assert lam_num == pytest.approx(res.lam, rel=1e-8)


def test_walks_start_at_the_minimum_with_readable_arrows():
    Q, c = kkt.q_matrix(2.5, 30.0), np.array([2.0, 1.5])
    w = kkt.line_walk(Q, c, [1.0, 1.0], 1.0)
    best = kkt.solve_qp(Q, c, A_eq=[[1.0, 1.0]], b_eq=[1.0])
    np.testing.assert_allclose(w.sweep.points[w.start], best.x, atol=1e-12)
    longest = max(np.linalg.norm(w.arrow_f[w.start]), np.linalg.norm(w.arrow_h[w.start]))
    assert longest == pytest.approx(min(0.9, (w.box[1] - w.box[0]) / 3))
    assert np.all(np.linalg.norm(w.arrow_f, axis=1) <= (w.box[1] - w.box[0]) / 3 + 1e-12)
    # same scale for both arrows at the minimum: their ratio is λ
    ratio = np.linalg.norm(w.arrow_f[w.start]) / np.linalg.norm(w.arrow_h[w.start])
    assert ratio == pytest.approx(abs(best.lam[0]), rel=1e-9)
    assert np.all(np.abs(w.curve) <= w.box[1] + 1e-9)
    cw = kkt.circle_walk([3.0, 4.0], 2.0)
    res = kkt.circle_problem([3.0, 4.0], 2.0)
    np.testing.assert_allclose(cw.sweep.points[cw.start], res.x, atol=1e-12)
    assert [p[2] for p in cw.stationary] == pytest.approx([res.f, res.f_max])
    assert kkt.view_box([10.0, 0.0]) == pytest.approx((-11.2, 11.2, -11.2, 11.2))


def test_sweeps_find_tangency():
    Q, c = kkt.q_matrix(3.0, 20.0), np.array([1.0, 2.0])
    a, b = np.array([1.0, -2.0]), 0.5
    best = kkt.solve_qp(Q, c, A_eq=[a], b_eq=[b])
    s = np.linspace(-3, 3, 6001)
    sw = kkt.line_sweep(Q, c, a, b, s)
    i = int(np.argmin(sw.f))
    np.testing.assert_allclose(sw.points[i], best.x, atol=2e-3)
    assert abs(sw.along[i]) < 1e-2 and min(sw.angle[i], 180 - sw.angle[i]) < 0.5
    assert sw.ratio[i] == pytest.approx(best.lam[0], rel=1e-2)
    np.testing.assert_allclose(sw.points @ a, b)  # every point is on the line
    slope = np.gradient(sw.f, s)[1:-1]  # central differences inside
    np.testing.assert_allclose(slope, sw.along[1:-1], atol=1e-5 * np.abs(sw.along).max())
    theta = np.linspace(0, 360, 3601)
    cs = kkt.circle_sweep([1.0, 2.0], 1.5, theta)
    j = int(np.argmin(cs.f))
    res = kkt.circle_problem([1.0, 2.0], 1.5)
    np.testing.assert_allclose(cs.points[j], res.x, atol=2e-3)
    assert cs.ratio[j] == pytest.approx(res.lam, rel=1e-4)
    assert cs.angle[j] == pytest.approx(180.0, abs=0.1)


@pytest.mark.parametrize("overlap", [0.05, 0.2, 0.5])
def test_lens_matches_trust_constr(overlap):
    lens = kkt.lens_problem(overlap)
    e = 1.0 - overlap

    def disc(sign):
        return so.NonlinearConstraint(lambda x: (x[0] + sign * e) ** 2 + x[1] ** 2, -np.inf, 1.0)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            ref = so.minimize(
                lambda x: x[1],
                np.array([0.0, 0.0]),
                method="trust-constr",
                constraints=[disc(1), disc(-1)],
                options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000},
            )
    np.testing.assert_allclose(lens.x, ref.x, atol=1e-4)
    np.testing.assert_allclose([lens.mu, lens.mu], np.ravel(ref.v), rtol=1e-3)
    mu, g = kkt.lens_dual_max(overlap)
    assert mu == pytest.approx(lens.mu, rel=1e-6) and g == pytest.approx(lens.f, rel=1e-9)
    stationarity = lens.grad_f + lens.mu * lens.grad_g.sum(axis=0)
    np.testing.assert_allclose(stationarity, 0, atol=1e-12)


def test_lens_without_overlap_has_no_multiplier():
    lens = kkt.lens_problem(0.0)
    assert not lens.exists and lens.mu == math.inf
    np.testing.assert_allclose(lens.x, [0.0, 0.0])
    # the constraint gradients are horizontal: no combination cancels ∇f = (0, 1)
    assert np.all(lens.grad_g[:, 1] == 0) and lens.grad_f[1] == 1
    g = kkt.lens_dual(0.0, np.geomspace(1, 1e6, 50))
    assert np.all(np.diff(g) > 0) and np.all(g < 0)  # rises towards f* = 0, never reaches it
    with pytest.raises(ValueError, match="overlap == 0.0"):
        kkt.lens_dual_max(0.0)


# ---------------------------------------------------------------------------
# Geometry for drawing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_feasible_region_matches_a_brute_force_grid(seed):
    rng = rng_for("region", seed)
    A = rng.normal(size=(3, 2))
    b = rng.normal(size=3)
    box = (-3, 3, -3, 3)
    poly = kkt.feasible_region(box, A_in=A, b_in=b)
    g = np.linspace(-3, 3, 301)
    X, Y = np.meshgrid(g, g)
    pts = np.column_stack([X.ravel(), Y.ravel()])
    inside = np.all(pts @ A.T <= b, axis=1)
    grid_area = inside.mean() * 36
    if len(poly) < 3:
        assert grid_area < 0.2
        return
    x, y = poly[:, 0], poly[:, 1]
    area = 0.5 * abs(x @ np.roll(y, -1) - y @ np.roll(x, -1))
    assert area == pytest.approx(grid_area, abs=0.25)
    assert np.all(poly @ A.T <= b + 1e-9)


def test_feasible_region_with_an_equality_is_a_segment_or_a_point():
    seg = kkt.feasible_region(
        (-3, 3, -3, 3), A_eq=[[1.0, -1.0]], b_eq=[0.0], A_in=[[1.0, 0.0]], b_in=[1.0]
    )
    np.testing.assert_allclose(sorted(seg.tolist()), [[-3.0, -3.0], [1.0, 1.0]])
    point = kkt.feasible_region((-3, 3, -3, 3), A_eq=[[1.0, -1.0], [1.0, 1.0]], b_eq=[0.0, 2.0])
    np.testing.assert_allclose(point, [[1.0, 1.0]])
    assert kkt.feasible_region((-3, 3, -3, 3), A_eq=[[1.0, 0.0]], b_eq=[5.0]).shape == (0, 2)


def test_line_in_box():
    ends = kkt.line_in_box([0.3, -1.7], 0.9, (-2, 2, -2, 2))
    np.testing.assert_allclose(ends @ [0.3, -1.7], [0.9, 0.9])
    assert np.all(np.isclose(np.abs(ends), 2).any(axis=1))  # both ends on the border
    assert kkt.line_in_box([0.0, 0.0], 1.0, (-1, 1, -1, 1)).shape == (0, 2)


def test_grids():
    Q, c = kkt.q_matrix(4.0, 35.0), np.array([0.5, -1.0])
    xs, ys = np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)
    z = kkt.objective_grid(Q, c, xs, ys)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            assert z[i, j] == pytest.approx(kkt.objective([x, y], Q, c))
    np.testing.assert_allclose(kkt.objective_grad([1.0, 2.0], Q, c), Q @ ([1.0, 2.0] - c))
    np.testing.assert_allclose(np.linalg.eigvalsh(Q), [1.0, 4.0])
    lin = kkt.linear_grid([2.0, -1.0], xs, ys)
    assert lin[2, 3] == pytest.approx(2 * xs[3] - ys[2])


# ---------------------------------------------------------------------------
# Bad input: clear errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"Q": [[1.0, 2.0], [0.0, 1.0]]}, ValueError, "not symmetric"),
        ({"Q": [[1.0, 0.0], [0.0, -1.0]]}, ValueError, "positive definite"),
        ({"Q": [[1.0, 0.0], [0.0, 0.0]]}, ValueError, "positive definite"),
        ({"Q": [[1.0, 0.0, 0.0]]}, ValueError, "square"),
        ({"Q": [1.0, 2.0]}, ValueError, "Q.ndim"),
        ({"Q": [[np.nan, 0], [0, 1]]}, ValueError, "nan"),
        ({"c": [1.0]}, ValueError, "c.shape"),
        ({"c": [np.inf, 0.0]}, ValueError, "inf"),
        ({"c": [1e101, 0.0]}, ValueError, "larger than"),
        ({"c": ["a", "b"]}, TypeError, "array-like"),
        ({"A_in": [[1.0, 1.0]]}, ValueError, "b_in is None"),
        ({"b_eq": [1.0]}, ValueError, "A_eq is None"),
        ({"A_in": [[1.0, 1.0, 1.0]], "b_in": [1.0]}, ValueError, r"must be \(m, 2\)"),
        ({"A_in": [[1.0, 1.0]], "b_in": [1.0, 2.0]}, ValueError, "must equal"),
        ({"A_in": np.ones((13, 2)), "b_in": np.ones(13)}, ValueError, "must be <= 12"),
        ({"tol": -1.0}, ValueError, "tol == -1.0"),
        ({"tol": 2.0}, ValueError, "tol == 2.0"),
    ],
)
def test_solve_qp_rejects_bad_input(kwargs, error, match):
    args = {"Q": np.eye(2), "c": [0.0, 0.0], **kwargs}
    with pytest.raises(error, match=match):
        kkt.solve_qp(args.pop("Q"), args.pop("c"), **args)


def test_other_functions_reject_bad_input():
    kw = {"A_in": [[1.0, 1.0]], "b_in": [1.0]}
    best = kkt.solve_qp(np.eye(2), [2.0, 2.0], **kw)
    infeasible = kkt.solve_qp(np.eye(2), [0, 0], A_in=[[1.0, 0], [-1.0, 0]], b_in=[-1.0, -1.0])
    with pytest.raises(ValueError, match="no point to check"):
        kkt.kkt_report(infeasible, np.eye(2), [0, 0], A_in=[[1.0, 0], [-1.0, 0]], b_in=[-1, -1])
    with pytest.raises(TypeError, match="QPResult"):
        kkt.kkt_report({"x": [0, 0]}, np.eye(2), [2.0, 2.0], **kw)
    with pytest.raises(ValueError, match="result.mu.shape"):
        kkt.kkt_report(best, np.eye(2), [2.0, 2.0])  # multipliers for a constraint not given
    with pytest.raises(ValueError, match="x.shape"):
        kkt.candidate([1.0, 2.0, 3.0], np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="mu has a negative entry"):
        kkt.dual_function([-1.0], None, np.eye(2), [2.0, 2.0], **kw)
    with pytest.raises(ValueError, match="last axis must be 1"):
        kkt.dual_function([1.0, 2.0], None, np.eye(2), [2.0, 2.0], **kw)
    with pytest.raises(ValueError, match="kind == 'eq'"):
        kkt.value_curve(np.eye(2), [2.0, 2.0], **kw, kind="eq", values=[1.0])
    with pytest.raises(ValueError, match="kind == 'box'"):
        kkt.value_curve(np.eye(2), [2.0, 2.0], **kw, kind="box", values=[1.0])
    with pytest.raises(ValueError, match="index == 3"):
        kkt.multiplier_fd(np.eye(2), [2.0, 2.0], **kw, index=3)
    with pytest.raises(ValueError, match="values.size == 0"):
        kkt.value_curve(np.eye(2), [2.0, 2.0], **kw, values=[])
    with pytest.raises(ValueError, match="a is zero"):
        kkt.circle_problem([0.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="r == 0.0"):
        kkt.circle_problem([1.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="overlap == 1.5"):
        kkt.lens_problem(1.5)
    with pytest.raises(ValueError, match="mu has an entry <= 0"):
        kkt.lens_dual(0.2, [0.0])
    with pytest.raises(ValueError, match="kappa == 0.5"):
        kkt.q_matrix(0.5, 0.0)
    with pytest.raises(ValueError, match="a == \\[0, 0\\]"):
        kkt.line_sweep(np.eye(2), [0, 0], [0.0, 0.0], 1.0, [0.0])
    with pytest.raises(ValueError, match="box must be"):
        kkt.feasible_region((1, -1, 0, 1))
    with pytest.raises(ValueError, match="both sides"):
        kkt.multiplier_fd(np.eye(2), [0, 0], A_eq=[[0.0, 0.0]], b_eq=[1.0], kind="eq")


def test_empty_constraint_lists_mean_no_constraints():
    r = kkt.solve_qp(np.eye(2), [1.0, -1.0], A_eq=[], b_eq=[], A_in=np.zeros((0, 2)), b_in=[])
    assert r.x.tolist() == [1.0, -1.0] and r.lam.size == 0 and r.mu.size == 0
    assert kkt.kkt_report(r, np.eye(2), [1.0, -1.0]).ok
    assert kkt.solve_dual(np.eye(2), [1.0, -1.0]).g == 0.0


# ---------------------------------------------------------------------------
# Hand-written code against the core
# ---------------------------------------------------------------------------


def _scratch_params(Q, c, rest, a, r):
    return dict(
        Q=np.asarray(Q).tolist(),
        c=list(c),
        A_eq=np.asarray(rest.get("A_eq", np.zeros((0, 2)))).tolist(),
        b_eq=list(rest.get("b_eq", [])),
        A_in=np.asarray(rest.get("A_in", np.zeros((0, 2)))).tolist(),
        b_in=list(rest.get("b_in", [])),
        a=list(a),
        r=r,
    )


@pytest.mark.parametrize(
    "setting",
    [
        "default",
        "equality and three inequalities",
    ],
)
def test_handwritten_matches_the_core(setting):
    if setting == "default":
        Q, c = kkt.q_matrix(2.5, 30.0), [2.0, 1.5]
        rest = {"A_in": [[1.0, 1.0], [1.0, 0.0]], "b_in": [1.0, 1.8]}
        a, r = [1.0, 2.0], 1.5
        out = scratch.run("lagrange_kkt", "en")  # the template's own defaults are the page's
    else:
        Q, c = kkt.q_matrix(6.3, 125.0), [-1.5, 2.5]
        rest = {
            "A_eq": [[1.0, -1.0]],
            "b_eq": [0.4],
            "A_in": [[1.0, 1.0], [0.0, -1.0], [2.0, 1.0]],
            "b_in": [1.0, 1.0, 0.5],
        }
        a, r = [-3.0, 0.5], 2.2
        out = scratch.run("lagrange_kkt", "zh", **_scratch_params(Q, c, rest, a, r))
    best = kkt.solve_qp(Q, c, **rest)
    report = kkt.kkt_report(best, Q, c, **rest)
    np.testing.assert_allclose(out["x"], best.x, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(out["f"], best.f, rtol=1e-7)
    np.testing.assert_allclose(out["mu"], best.mu, rtol=1e-7, atol=1e-8)
    if "A_eq" in rest:
        np.testing.assert_allclose(out["lam"], best.lam, rtol=1e-7)
    for name in ("stationarity", "primal", "dual", "slackness"):
        assert float(out[name]) <= 1e-12 + getattr(report, name).tol
    circle = kkt.circle_problem(a, r)
    np.testing.assert_allclose(out["circle_x"], circle.x, rtol=1e-7)
    np.testing.assert_allclose(out["circle_lam"], circle.lam, rtol=1e-7)
    np.testing.assert_allclose(out["circle_f"], circle.f, rtol=1e-7)


def test_handwritten_reports_infeasible():
    params = _scratch_params(
        np.eye(2), [0.0, 0.0], {"A_in": [[1.0, 0.0], [-1.0, 0.0]], "b_in": [-1.0, -1.0]}, [1, 0], 1
    )
    assert float(scratch.run("lagrange_kkt", "en", **params)["infeasible"]) == 1


def test_handwritten_defaults_are_the_pages():
    """The template's parameter block is the page's default view (κ = 2.5, θ = 30°, ...)."""
    source = handwritten.source("lagrange_kkt")
    block = source.split("# --- parameters ---")[1].split("# --- end parameters ---")[0]
    lines = dict(line.split(" = ", 1) for line in block.splitlines() if " = " in line)
    np.testing.assert_allclose(json.loads(lines["Q"]), kkt.q_matrix(2.5, 30.0), rtol=1e-14)
    assert json.loads(lines["c"]) == [2.0, 1.5] and json.loads(lines["b_in"]) == [1.0, 1.8]
    assert json.loads(lines["A_in"]) == [[1.0, 1.0], [1.0, 0.0]] and lines["A_eq"] == "[]"
    assert json.loads(lines["a"]) == [1.0, 2.0] and lines["r"] == "1.5"


# ---------------------------------------------------------------------------
# Charts: valid Plotly figures, finite data, what to look at
# ---------------------------------------------------------------------------

TR = translator("en")


def _valid(fig, animation=None) -> dict:
    spec = theme.to_spec(fig)
    if animation is not None:
        spec["frames"] = animation["frames"]
        spec["layout"].update(animation["layout"])
    text = json.dumps(spec)
    assert "NaN" not in text and "Infinity" not in text
    go.Figure(json.loads(text))  # full validation
    assert spec["layout"]["title"]["text"]
    return spec


def test_kkt_figure():
    Q, c = kkt.q_matrix(2.5, 30.0), np.array([2.0, 1.5])
    kw = {"A_in": np.array([[1.0, 1.0], [1.0, 0.0]]), "b_in": np.array([1.0, 1.8])}
    best = kkt.solve_qp(Q, c, **kw)
    box = (-3.2, 3.2, -3.2, 3.2)
    xs = np.linspace(-3.2, 3.2, 41)
    lines = [
        charts.Drawn(i + 1, kkt.line_in_box(a, b, box), f"{i + 1}", "in", bool(best.active[i]))
        for i, (a, b) in enumerate(zip(kw["A_in"], kw["b_in"], strict=True))
    ]
    forces = [(Q @ (best.x - c), charts.BLUE, "∇f"), (best.mu[0] * kw["A_in"][0], "#000", "μa")]
    fig = charts.kkt_figure(
        xs,
        xs,
        kkt.objective_grid(Q, c, xs, xs),
        box,
        lines,
        kkt.feasible_region(box, **kw),
        c,
        best.x,
        forces,
        np.zeros(2),
        -Q @ (np.zeros(2) - c),
        TR,
    )
    spec = _valid(fig)
    names = [t.get("name") for t in spec["data"]]
    assert TR("lagrange_kkt.chart.optimum") in names and TR("lagrange_kkt.chart.feasible") in names
    widths = [t["line"]["width"] for t in spec["data"] if t.get("name") in ("1", "2")]
    assert widths == [4, 2]  # active constraint thick, slack one thin


def test_tangency_figure_frames_move_only_the_walker():
    Q, c = kkt.q_matrix(2.5, 30.0), np.array([2.0, 1.5])
    s = np.linspace(-2, 2, 9)
    sw = kkt.line_sweep(Q, c, [1.0, 1.0], 1.0, s)
    box = (-3.2, 3.2, -3.2, 3.2)
    xs = np.linspace(-3.2, 3.2, 21)
    fig, animation = charts.tangency_figure(
        xs,
        xs,
        kkt.objective_grid(Q, c, xs, xs),
        box,
        kkt.line_in_box([1.0, 1.0], 1.0, box),
        sw.points,
        0.1 * sw.grad_f,
        0.1 * sw.grad_h,
        sw.along,
        sw.angle,
        sw.ratio,
        4,
        [(np.zeros(2), "x*")],
        [f"{v:.1f}" for v in s],
        TR,
    )
    spec = _valid(fig, animation)
    frames = animation["frames"]
    assert len(frames) == 9 and len(spec["layout"]["sliders"][0]["steps"]) == 9
    assert spec["layout"]["sliders"][0]["active"] == 4
    walker = frames[7]["traces"][2]
    assert frames[7]["data"][2]["x"][0] == pytest.approx(sw.points[7, 0])
    assert spec["data"][walker]["x"][0] == pytest.approx(sw.points[4, 0])  # shown first: 4
    assert all(set(d) <= {"x", "y", "text"} for f in frames for d in f["data"])


def test_small_charts_are_valid():
    _valid(charts.profile_figure(np.arange(5.0), np.arange(5.0) ** 2, [(0, 0, "min")], "s", TR))
    b = np.linspace(-2, 2, 9)
    f = np.where(b > 1.5, np.inf, b**2)
    feasible = np.isfinite(f)
    mult = np.where(feasible, np.abs(b), 0.0)
    spec = _valid(charts.price_figure(b, f, mult, feasible, 0.0, 0.0, 0.0, 2, TR))
    assert "constraint 2" in spec["layout"]["title"]["text"]
    _valid(charts.multiplier_figure(b, mult, feasible, 0.0, 0.0, 2, "in", TR))
    _valid(charts.dual_figure(b, -(b**2), 0.0, 0.0, 0.0, "μ₁", TR))
    lens = kkt.lens_problem(0.2)
    _valid(charts.lens_figure(lens.centres, lens.x, lens.grad_f, lens.grad_g, TR))
    mus = np.geomspace(0.01, 100, 20)
    _valid(charts.lens_dual_figure(mus, kkt.lens_dual(0.2, mus), lens.f, (lens.mu, lens.f), TR))


@pytest.mark.parametrize(
    ("a", "b", "kind", "text", "latex", "residual"),
    [
        ([1.0, 1.0], 1.0, "in", "x₁ + x₂ ≤ 1", r"x_1 + x_2 \le 1", "x_1 + x_2 - 1"),
        (
            [-1.0, 2.5],
            -0.5,
            "eq",
            "−x₁ + 2.5x₂ = -0.5",
            "-x_1 + 2.5x_2 = -0.5",
            "-x_1 + 2.5x_2 + 0.5",
        ),
        ([0.0, -1.0], 0.0, "in", "−x₂ ≤ 0", r"-x_2 \le 0", "-x_2"),
        ([0.0, 0.0], 2.0, "in", "0 ≤ 2", r"0 \le 2", "0 - 2"),
    ],
)
def test_constraint_text(a, b, kind, text, latex, residual):
    number = lambda v: f"{v:g}"  # noqa: E731
    assert charts.constraint_text(a, b, kind, number) == text
    assert charts.constraint_tex(a, b, kind, number) == latex
    assert charts.residual_tex(a, b, number) == residual
