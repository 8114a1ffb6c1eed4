"""The linear-regression core against independent references.

References: scikit-learn (``LinearRegression``, ``Ridge(alpha=λ)``, ``LogisticRegression``,
the error metrics), NumPy (``lstsq``, ``pinv``, ``cond``, ``eigvalsh``), SciPy
(``approx_fprime``, ``minimize``), closed forms (κ = (1 + |ρ|)/(1 − |ρ|) for the exact
design, the GD contraction bound) and brute force. Properties are drawn with hypothesis;
extreme and wrong inputs must give clear errors. The chart builders are checked at the
end (valid Plotly, frames, payload).
"""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime, minimize
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error

from playground import linear_regression as lr
from playground.app.format import tex
from playground.app.i18n import translator
from playground.charts import linear_regression as charts
from playground.charts import theme
from tests import apptools, scratch

TR = translator("en")


def design(seed: int, n: int = 40, d: int = 3, offset: float = 2.0):
    """A generic, non-centred design (the core must not rely on make_data's centring)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(offset, 1.5, size=(n, d))
    y = X @ rng.normal(size=d) + 0.7 + rng.normal(0, 0.3, size=n)
    return X, y


def theta(sol) -> np.ndarray:
    w, b = sol
    return np.append(w, b)


# --------------------------------------------------------------------------- make_data


@pytest.mark.parametrize("rho", [-1.0, -0.9, -0.5, 0.0, 0.5, 0.9, 0.999, 1.0])
def test_make_data_has_exactly_the_asked_correlation(rho):
    X, _ = lr.make_data(60, correlation=rho, seed=4)
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-14)
    np.testing.assert_allclose(X.T @ X / 60, [[1.0, rho], [rho, 1.0]], atol=1e-12)
    if abs(rho) < 1:
        assert np.corrcoef(X.T)[0, 1] == pytest.approx(rho, abs=1e-12)
    else:
        np.testing.assert_array_equal(X[:, 1], rho * X[:, 0])  # exactly singular


def test_make_data_targets_and_seed():
    X, y = lr.make_data(30, correlation=0.3, noise=0.0, seed=1, true_w=(1.5, 2.0), true_b=-3.0)
    np.testing.assert_allclose(y, X @ [1.5, 2.0] - 3.0, atol=1e-13)
    again = lr.make_data(30, correlation=0.3, noise=0.0, seed=1, true_w=(1.5, 2.0), true_b=-3.0)
    np.testing.assert_array_equal(again[0], X)
    other, _ = lr.make_data(30, correlation=0.3, seed=2)
    assert not np.allclose(other, X)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 2}, ValueError, "n == 2, must be >= 3"),
        ({"n": True}, TypeError, "n must be"),
        ({"n": 10, "correlation": 1.5}, ValueError, "correlation == 1.5, must be <= 1.0"),
        ({"n": 10, "correlation": float("nan")}, ValueError, "correlation == nan"),
        ({"n": 10, "noise": -0.1}, ValueError, "noise == -0.1, must be >= 0.0"),
        ({"n": 10, "seed": -1}, ValueError, "seed == -1"),
        ({"n": 10, "true_w": (1.0, 2.0, 3.0)}, ValueError, r"true_w.shape == \(3,\)"),
        ({"n": 10, "true_b": float("inf")}, ValueError, "true_b == inf"),
        ({"n": lr.MAX_SAMPLES + 1}, ValueError, "must be <= 1000000"),
    ],
)
def test_make_data_rejects_bad_arguments(kwargs, error, match):
    n = kwargs.pop("n")
    with pytest.raises(error, match=match):
        lr.make_data(n, **kwargs)


# --------------------------------------------------------------------------- closed form


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_normal_equation_matches_scikit_learn(seed):
    X, y = design(seed)
    w, b = lr.normal_equation(X, y)
    ref = LinearRegression().fit(X, y)
    np.testing.assert_allclose(w, ref.coef_, rtol=1e-9, atol=1e-10)
    assert b == pytest.approx(ref.intercept_, rel=1e-9, abs=1e-10)
    for lam in (0.01, 1.0, 37.0, 1e4):
        w, b = lr.normal_equation(X, y, ridge=lam)
        ref = Ridge(alpha=lam, solver="cholesky").fit(X, y)
        np.testing.assert_allclose(w, ref.coef_, rtol=1e-8, atol=1e-10)
        assert b == pytest.approx(ref.intercept_, rel=1e-8, abs=1e-10)


def test_normal_equation_matches_lstsq_and_minimises_j():
    X, y = design(5, n=25, d=2)
    A = np.hstack([X, np.ones((25, 1))])
    ref = np.linalg.lstsq(A, y, rcond=None)[0]
    np.testing.assert_allclose(theta(lr.normal_equation(X, y)), ref, rtol=1e-10)
    np.testing.assert_allclose(theta(lr.lstsq_solution(X, y)), ref, rtol=1e-12)
    # and it is the minimum of J (SciPy's BFGS from far away agrees)
    for lam in (0.0, 3.0):
        best = theta(lr.normal_equation(X, y, ridge=lam))
        res = minimize(
            lambda t, lam=lam: lr.loss(X, y, t[:-1], t[-1], ridge=lam),
            np.full(3, 5.0),
            method="BFGS",
            options={"gtol": 1e-10},
        )
        np.testing.assert_allclose(res.x, best, rtol=1e-5, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(3, 40),
    d=st.integers(1, 4),
    lam=st.floats(0.001, 100.0),
    seed=st.integers(0, 2**16),
)
def test_ridge_closed_form_property(n, d, lam, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(rng.normal(0, 3), 2.0, size=(n, d))
    y = rng.normal(size=n) * 4
    sol = lr.normal_equation(X, y, ridge=lam)
    ref = Ridge(alpha=lam, solver="svd").fit(X, y)
    np.testing.assert_allclose(sol.w, ref.coef_, rtol=1e-6, atol=1e-8)
    assert sol.b == pytest.approx(ref.intercept_, rel=1e-6, abs=1e-7)
    np.testing.assert_allclose(theta(sol), theta(lr.lstsq_solution(X, y, ridge=lam)), atol=1e-7)
    gw, gb = lr.gradient(X, y, sol.w, sol.b, ridge=lam)
    scale = max(1.0, float(np.abs(X).max() * np.abs(y).max()))
    assert np.abs(gw).max() < 1e-7 * scale and abs(gb) < 1e-7 * scale


def test_singular_design_gives_the_minimum_norm_solution():
    X, y = lr.make_data(40, correlation=1.0, seed=3)
    sol = lr.normal_equation(X, y)
    assert sol.singular and sol.method == "svd" and sol.rank == 1
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    np.testing.assert_allclose(sol.w, np.linalg.pinv(Xc) @ yc, rtol=1e-10)
    assert sol.w[0] == pytest.approx(sol.w[1], rel=1e-12)  # equal columns: w1 = w2
    w_plus, b, null = lr.minimisers(X, y)
    np.testing.assert_allclose(np.abs(null[:, 0]), [2**-0.5, 2**-0.5], rtol=1e-12)
    np.testing.assert_allclose(Xc @ null, 0.0, atol=1e-12)
    j_star = lr.loss(X, y, w_plus, b)
    for t in (-3.0, 0.5, 10.0):  # the whole line minimises J ...
        assert lr.loss(X, y, w_plus + t * null[:, 0], b) == pytest.approx(j_star, rel=1e-12)
    assert np.linalg.norm(w_plus) < np.linalg.norm(w_plus + 0.1 * null[:, 0])  # ... w⁺ is shortest
    # ridge picks a unique point and tends to w⁺ as λ → 0
    assert not lr.normal_equation(X, y, ridge=1e-3).singular
    np.testing.assert_allclose(lr.normal_equation(X, y, ridge=1e-9).w, w_plus, rtol=1e-8)
    ref = Ridge(alpha=2.0, solver="svd").fit(X, y)
    np.testing.assert_allclose(lr.normal_equation(X, y, ridge=2.0).w, ref.coef_, rtol=1e-9)


def test_more_features_than_samples_and_constant_columns():
    rng = np.random.default_rng(8)
    X, y = rng.normal(size=(3, 5)), rng.normal(size=3)
    sol = lr.normal_equation(X, y)
    assert sol.singular and lr.loss(X, y, sol.w, sol.b) == pytest.approx(0.0, abs=1e-20)
    Xc = X - X.mean(axis=0)
    np.testing.assert_allclose(sol.w, np.linalg.pinv(Xc) @ (y - y.mean()), atol=1e-12)
    const = np.column_stack([rng.normal(size=20), np.full(20, 4.0)])
    w, b = lr.normal_equation(const, np.arange(20.0))
    assert w[1] == pytest.approx(0.0, abs=1e-12)  # the constant column gets no weight
    ref = LinearRegression().fit(const[:, :1], np.arange(20.0))
    assert w[0] == pytest.approx(ref.coef_[0], rel=1e-10)
    assert b == pytest.approx(ref.intercept_, rel=1e-10)


def test_ill_conditioned_design_is_solved_accurately():
    rng = np.random.default_rng(2)
    z = rng.normal(size=200)
    X = np.column_stack([z, z + 1e-7 * rng.normal(size=200)])  # κ(X) ≈ 10⁷: κ(XᵀX) ≈ 10¹⁴
    y = X @ [1.0, 2.0] + 0.5
    sol = lr.normal_equation(X, y)
    assert sol.method == "svd" and not sol.singular and sol.rank == 2
    np.testing.assert_allclose(sol.w, [1.0, 2.0], rtol=1e-6)


def test_ridge_path_shrinks():
    X, y = design(4)
    lams = np.geomspace(1e-3, 1e5, 30)
    W = lr.ridge_path(X, y, lams)
    for lam, w in zip(lams[::7], W[::7], strict=True):
        np.testing.assert_allclose(w, Ridge(alpha=lam, solver="svd").fit(X, y).coef_, rtol=1e-7)
    norms = np.linalg.norm(W, axis=1)
    assert np.all(np.diff(norms) < 0) and norms[-1] < 1e-2 * norms[0]
    assert lr.ridge_path(X, y, []).shape == (0, 3)


# --------------------------------------------------------------------------- loss and gradient


def test_loss_is_mse_plus_penalty():
    X, y = design(3)
    w, b = np.array([0.3, -1.0, 2.0]), 0.4
    mse = mean_squared_error(y, X @ w + b)
    assert lr.loss(X, y, w, b) == pytest.approx(mse, rel=1e-13)
    assert lr.loss(X, y, w, b, ridge=5.0) == pytest.approx(mse + 5.0 * (w @ w) / 40, rel=1e-13)
    errs = lr.errors(X, y, w, b)
    assert errs["mse"] == pytest.approx(mse, rel=1e-13)
    assert errs["mae"] == pytest.approx(mean_absolute_error(y, X @ w + b), rel=1e-13)
    assert errs["rmse"] == pytest.approx(math.sqrt(mse), rel=1e-13)
    assert errs["norm"] == pytest.approx(math.sqrt(40 * mse), rel=1e-13)  # MSE is ‖r‖²/n


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**16), lam=st.floats(0.0, 50.0), d=st.integers(1, 4))
def test_gradient_matches_finite_differences(seed, lam, d):
    X, y = design(seed, n=15, d=d)
    rng = np.random.default_rng(seed + 1)
    t0 = rng.normal(size=d + 1) * 2
    gw, gb = lr.gradient(X, y, t0[:-1], t0[-1], ridge=lam)
    ana = np.append(gw, gb)

    def f(t):
        return lr.loss(X, y, t[:-1], t[-1], ridge=lam)

    ref = approx_fprime(t0, f, 1e-6)  # SciPy's forward differences
    np.testing.assert_allclose(ana, ref, rtol=1e-4, atol=1e-4 * max(1.0, f(t0)))
    nw, nb = lr.numerical_gradient(X, y, t0[:-1], t0[-1], ridge=lam)
    np.testing.assert_allclose(np.append(nw, nb), ana, rtol=1e-7, atol=1e-8 * max(1.0, f(t0)))


def test_hessian_is_the_derivative_of_the_gradient():
    X, y = design(6, d=2)
    H = lr.hessian(X, ridge=3.0)
    t0, h = np.array([0.2, -0.4, 1.0]), 1e-5
    cols = []
    for i in range(3):
        e = np.zeros(3)
        e[i] = h
        up, down = t0 + e, t0 - e
        g_up = np.append(*lr.gradient(X, y, up[:-1], up[-1], ridge=3.0))
        g_down = np.append(*lr.gradient(X, y, down[:-1], down[-1], ridge=3.0))
        cols.append((g_up - g_down) / (2 * h))
    np.testing.assert_allclose(np.array(cols).T, H, rtol=1e-7)
    np.testing.assert_array_equal(H, H.T)
    assert np.linalg.eigvalsh(H).min() > 0


# --------------------------------------------------------------------------- conditioning


@pytest.mark.parametrize("rho", [-0.9, 0.0, 0.5, 0.9, 0.99, 0.999])
def test_condition_number_closed_form(rho):
    X, _ = lr.make_data(80, correlation=rho, seed=2)
    cond = lr.conditioning(X)
    kappa = (1 + abs(rho)) / (1 - abs(rho))
    assert cond.bowl_condition == pytest.approx(kappa, rel=1e-9)
    assert cond.bowl_condition == pytest.approx(np.linalg.cond(X.T @ X), rel=1e-8)
    np.testing.assert_allclose(cond.bowl_eigenvalues, [2 * (1 - abs(rho)), 2 * (1 + abs(rho))])
    # the full Hessian adds the intercept's curvature 2 (x̄ = 0 decouples it)
    full = np.sort([2 * (1 - abs(rho)), 2 * (1 + abs(rho)), 2.0])
    np.testing.assert_allclose(cond.eigenvalues, full, atol=1e-12)
    assert cond.lr_max == pytest.approx(2 / full[-1])
    np.testing.assert_allclose(cond.eigenvalues, np.linalg.eigvalsh(lr.hessian(X)), atol=1e-12)


def test_ridge_lowers_the_condition_number():
    X, _ = design(1)
    lams = np.array([0.0, 0.1, 10.0, 1e3])
    kappas = lr.condition_vs_ridge(X, lams)
    Xc = X - X.mean(axis=0)
    for lam, kappa in zip(lams, kappas, strict=True):
        assert kappa == pytest.approx(np.linalg.cond(Xc.T @ Xc + lam * np.eye(3)), rel=1e-8)
        assert lr.conditioning(X, ridge=lam).bowl_condition == pytest.approx(kappa, rel=1e-8)
    assert np.all(np.diff(kappas) < 0)
    Xs, _ = lr.make_data(10, correlation=1.0)
    assert lr.condition_vs_ridge(Xs, [0.0])[0] == math.inf
    assert lr.conditioning(Xs).bowl_condition == math.inf
    assert lr.conditioning(Xs).condition == math.inf
    with pytest.raises(ValueError, match="negative entry"):
        lr.condition_vs_ridge(X, [1.0, -1.0])


def test_surface_and_level_sets_agree_with_the_loss():
    X, y = lr.make_data(30, correlation=0.8, seed=9)
    w1, w2 = np.linspace(-2, 4, 7), np.linspace(-3, 1, 5)
    S = lr.loss_surface(X, y, w1, w2, ridge=2.0)
    for i in (0, 2, 4):
        for j in (1, 3, 6):
            w = np.array([w1[j], w2[i]])
            b = float(y.mean() - X.mean(axis=0) @ w)  # the intercept at its optimum
            assert S[i, j] == pytest.approx(lr.loss(X, y, w, b, ridge=2.0), rel=1e-11)
    best = lr.normal_equation(X, y, ridge=2.0)
    j_star = lr.loss(X, y, best.w, best.b, ridge=2.0)
    bowl = lr.conditioning(X, ridge=2.0).bowl
    for gap in (0.01, 1.0, 25.0):
        for w in lr.level_set(best.w, bowl, gap, num=9):
            b = float(y.mean() - X.mean(axis=0) @ w)
            assert lr.loss(X, y, w, b, ridge=2.0) == pytest.approx(j_star + gap, rel=1e-10)
    with pytest.raises(ValueError, match="must be 2"):
        lr.loss_surface(np.ones((4, 3)), np.ones(4), [0.0], [0.0])
    with pytest.raises(ValueError, match="not symmetric"):
        lr.level_set([0, 0], [[1.0, 2.0], [0.0, 1.0]], 1.0)
    strip = lr.level_set([0, 0], [[1.0, 1.0], [1.0, 1.0]], 1.0, max_axis=50.0)
    assert np.abs(strip).max() == pytest.approx(50 / 2**0.5, rel=1e-3)  # singular: capped


# --------------------------------------------------------------------------- gradient descent


def test_fit_gd_converges_below_the_limit_and_diverges_above():
    X, y = lr.make_data(60, correlation=0.9, seed=5)
    limit = lr.conditioning(X).lr_max
    best = lr.normal_equation(X, y)
    good = lr.fit_gd(X, y, lr=0.95 * limit, steps=2000, w0=[-3.0, 4.0])
    assert not good.diverged
    np.testing.assert_allclose(good.w[-1], best.w, rtol=1e-8)
    assert good.b[-1] == pytest.approx(best.b, rel=1e-8)
    assert lr.diagnose(good, X).status == "converged"
    bad = lr.fit_gd(X, y, lr=1.05 * limit, steps=2000, w0=[-3.0, 4.0])
    assert bad.diverged and bad.diverged_at == bad.steps_run + 1
    assert np.isfinite(bad.loss).all() and bad.loss.max() <= lr.DIVERGENCE_FACTOR * bad.loss[0]
    assert lr.diagnose(bad, X).status == "diverged"
    short = lr.fit_gd(X, y, lr=1.05 * limit, steps=5)
    assert not short.diverged and lr.diagnose(short, X).status == "unstable"
    slow = lr.fit_gd(X, y, lr=1e-3, steps=50)
    assert lr.diagnose(slow, X).status == "running"


def test_fit_gd_steps_are_the_textbook_update():
    X, y = design(7, d=2)
    path = lr.fit_gd(X, y, lr=0.01, steps=25, ridge=1.5, w0=[0.5, -0.5], b0=2.0)
    w, b = np.array([0.5, -0.5]), 2.0
    for k in range(26):
        np.testing.assert_allclose(path.w[k], w, rtol=1e-10, atol=1e-12)
        assert path.b[k] == pytest.approx(b, rel=1e-10)
        assert path.loss[k] == pytest.approx(lr.loss(X, y, w, b, ridge=1.5), rel=1e-10)
        gw, gb = lr.gradient(X, y, w, b, ridge=1.5)
        assert path.grad_norm[k] == pytest.approx(np.hypot(np.linalg.norm(gw), gb), rel=1e-8)
        w, b = w - 0.01 * gw, b - 0.01 * gb
    assert np.all(path.gap >= 0)
    assert path.loss_min == pytest.approx(path.loss[0] - path.gap[0], rel=1e-10)


@settings(max_examples=40, deadline=None)
@given(
    rho=st.sampled_from([0.0, 0.5, 0.9, 0.99]),
    fraction=st.floats(0.05, 0.98),
    lam=st.sampled_from([0.0, 1.0, 30.0]),
    seed=st.integers(0, 1000),
)
def test_gd_never_beats_the_contraction_bound(rho, fraction, lam, seed):
    """gap_t ≤ gap₀·rate^{2t}, rate = max|1 − η·μ| (exact for a quadratic)."""
    X, y = lr.make_data(25, correlation=rho, seed=seed)
    cond = lr.conditioning(X, ridge=lam)
    eta = fraction * cond.lr_max
    path = lr.fit_gd(X, y, lr=eta, steps=60, ridge=lam, w0=[3.0, -2.0])
    rate = cond.rate(eta)
    assert rate < 1
    t = np.arange(path.steps_run + 1)
    bound = path.gap[0] * rate ** (2.0 * t)
    assert np.all(path.gap <= bound * (1 + 1e-9) + 1e-13 * path.loss[0])
    assert np.all(np.diff(path.loss) <= 1e-12 * path.loss[0])  # monotone below 2/λ_max


def test_gd_and_newton_land_on_the_nearest_minimiser_when_singular():
    X, y = lr.make_data(30, correlation=1.0, seed=1)
    w_plus, _, null = lr.minimisers(X, y)
    start = np.array([-2.0, 3.5])
    nearest = w_plus + null @ (null.T @ (start - w_plus))  # projection on the line
    path = lr.fit_gd(X, y, lr=0.4, steps=400, w0=start)
    np.testing.assert_allclose(path.w[-1], nearest, rtol=1e-9)
    newton = lr.newton_step(X, y, start, 0.0)
    assert newton.singular
    np.testing.assert_allclose(newton.w, nearest, rtol=1e-9)
    from_zero = lr.fit_gd(X, y, lr=0.4, steps=400)  # implicit regularisation: w⁺
    np.testing.assert_allclose(from_zero.w[-1], w_plus, rtol=1e-9)


def test_newton_is_exact_in_one_step():
    X, y = design(9)
    rng = np.random.default_rng(0)
    for lam in (0.0, 0.3, 50.0):
        best = theta(lr.normal_equation(X, y, ridge=lam))
        for _ in range(3):
            start = rng.normal(size=4) * 10
            step = lr.newton_step(X, y, start[:-1], start[-1], ridge=lam)
            assert not step.singular
            np.testing.assert_allclose(theta(step), best, rtol=1e-8, atol=1e-9)


def test_fit_gd_edge_cases():
    X, y = lr.make_data(10, seed=0)
    zero = lr.fit_gd(X, y, lr=0.1, steps=0)
    assert zero.steps_run == 0 and zero.w.shape == (1, 2)
    exact = lr.fit_gd(X, X @ [1.0, 1.0] + 2.0, lr=0.3, steps=10, w0=[1.0, 1.0], b0=2.0)
    assert exact.loss.max() == pytest.approx(0.0, abs=1e-24)  # already at the minimum
    huge = lr.fit_gd(X, y, lr=1e6, steps=lr.MAX_STEPS)  # blows up at once, returns at once
    assert huge.diverged and huge.steps_run <= 3
    with pytest.raises(ValueError, match="lr == 0.0, must be > 0.0"):
        lr.fit_gd(X, y, lr=0.0, steps=3)
    with pytest.raises(ValueError, match="steps == 1000001"):
        lr.fit_gd(X, y, lr=0.1, steps=lr.MAX_STEPS + 1)
    with pytest.raises(ValueError, match=r"w0.shape == \(3,\)"):
        lr.fit_gd(X, y, lr=0.1, steps=3, w0=[0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="path must be"):
        lr.diagnose("path", X)


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.ones((0, 2)), np.ones(0), r"X.shape\[0\] == 0"),
        (np.ones((3, 0)), np.ones(3), r"X.shape\[1\] == 0"),
        (np.ones(3), np.ones(3), "X.ndim == 1, must be 2"),
        (np.ones((3, 2)), np.ones(4), r"y.shape == \(4,\)"),
        ([[1.0, float("nan")], [1.0, 2.0]], [1.0, 2.0], "X contains nan"),
        ([[1.0, 2.0], [1.0, 3.0]], [1.0, float("inf")], "y contains inf"),
    ],
)
def test_bad_data_is_rejected_clearly(X, y, match):
    with pytest.raises(ValueError, match=match):
        lr.normal_equation(X, y)
    with pytest.raises(ValueError, match=match):
        lr.loss(X, y, [0.0, 0.0], 0.0)


def test_bad_parameters_are_rejected_clearly():
    X, y = lr.make_data(10)
    with pytest.raises(ValueError, match="ridge == -1.0, must be >= 0.0"):
        lr.normal_equation(X, y, ridge=-1.0)
    with pytest.raises(TypeError, match="ridge must be"):
        lr.conditioning(X, ridge="1")
    with pytest.raises(ValueError, match=r"w.shape == \(3,\)"):
        lr.gradient(X, y, [0.0, 0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="b == nan"):
        lr.newton_step(X, y, [0.0, 0.0], float("nan"))
    with pytest.raises(ValueError, match="h == 0.0"):
        lr.numerical_gradient(X, y, [0.0, 0.0], 0.0, h=0.0)
    with pytest.raises(TypeError, match="X must be array-like"):
        lr.hessian([["a", "b"]])


def test_extreme_values_stay_finite_and_exact():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(50, 2)) * 1e6
    y = X @ [3e-6, -2e-6] + 1e6
    w, b = lr.normal_equation(X, y)
    np.testing.assert_allclose(w, [3e-6, -2e-6], rtol=1e-6)
    assert b == pytest.approx(1e6, rel=1e-12)
    cond = lr.conditioning(X)
    assert math.isfinite(cond.condition) and cond.lr_max > 0
    path = lr.fit_gd(X, y, lr=0.5, steps=50)  # far above 2/λ_max ≈ 1e-12: stops, no warning
    assert path.diverged and np.isfinite(path.loss).all()
    assert lr.loss(X, y, [1e300, 1e300], 0.0) == math.inf
    tiny = lr.normal_equation(X * 1e-12, y * 1e-12)
    assert np.isfinite(tiny.w).all()


# --------------------------------------------------------------------------- linear vs logistic


def test_linear_vs_logistic_matches_scikit_learn():
    X, y = lr.make_data(200, correlation=0.4, seed=3)
    labels = (y > np.median(y)).astype(float)
    fit = lr.linear_vs_logistic(X[:, 0], labels, l2=0.01)
    ref = LinearRegression().fit(X[:, :1], labels)
    assert fit.linear == pytest.approx((ref.coef_[0], ref.intercept_), rel=1e-10)
    clf = LogisticRegression(C=1 / (0.01 * 200), tol=1e-12, max_iter=10_000).fit(X[:, :1], labels)
    assert fit.logistic == pytest.approx((clf.coef_[0, 0], clf.intercept_[0]), rel=1e-5)
    line, prob = fit.predict(np.array([-100.0, 100.0]))
    assert line.min() < 0 < 1 < line.max() and np.all((prob >= 0) & (prob <= 1))
    separable = lr.linear_vs_logistic([0.0, 1.0, 2.0, 3.0], [0, 0, 1, 1])
    assert math.isfinite(separable.logistic[0]) and separable.logistic[0] > 3
    with pytest.raises(ValueError, match="single class"):
        lr.linear_vs_logistic([0.0, 1.0], [1, 1])
    with pytest.raises(ValueError, match="other than 0 or 1"):
        lr.linear_vs_logistic([0.0, 1.0], [0, 0.5])
    with pytest.raises(ValueError, match="constant"):
        lr.linear_vs_logistic([1.0, 1.0], [0, 1])


# --------------------------------------------------------------------------- code


def test_snippet_runs_and_reproduces_the_page(capsys):
    code = lr.snippet(40, 0.9, 0.5, 3, 2.0, 0.3, 80, (-1.0, 2.0))
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the test runs the snippet it checks
    X, y = lr.make_data(40, correlation=0.9, noise=0.5, seed=3)
    np.testing.assert_array_equal(namespace["w"], lr.normal_equation(X, y, ridge=2.0).w)
    path = lr.fit_gd(X, y, lr=0.3, steps=80, ridge=2.0, w0=[-1.0, 2.0])
    np.testing.assert_array_equal(namespace["path"].w[-1], path.w[-1])
    assert lr.diagnose(path, X).status in capsys.readouterr().out
    with pytest.raises(ValueError, match="correlation == 2.0"):
        lr.snippet(40, 2.0, 0.5, 3, 2.0, 0.3, 80)


@pytest.mark.parametrize(
    "params",
    [
        {},  # the template's defaults are the page's defaults
        dict(n=120, rho=0.5, noise=1.2, seed=7, lam=3.0, lr=0.2, steps=40, w0=[1.5, 3.0]),
        dict(n=20, rho=1.0, noise=0.3, seed=2, lam=0.0, lr=0.3, steps=60, w0=[0.0, 0.0]),
    ],
    ids=["default", "ridge", "singular"],
)
def test_scratch_code_matches_the_core(params):
    out = scratch.run("linear_regression", "en", **params)
    p = dict(n=50, rho=0.9, noise=0.5, seed=0, lam=0.0, lr=0.4, steps=150, w0=[-2.0, -1.0])
    p.update(params)
    X, y = lr.make_data(p["n"], correlation=p["rho"], noise=p["noise"], seed=p["seed"])
    best = lr.normal_equation(X, y, ridge=p["lam"])
    np.testing.assert_allclose(out["w_closed"], best.w, rtol=1e-8)
    np.testing.assert_allclose(out["b_closed"], best.b, rtol=1e-8)
    j_star = lr.loss(X, y, best.w, best.b, ridge=p["lam"])
    np.testing.assert_allclose(out["loss_closed"], j_star, rtol=1e-8)
    path = lr.fit_gd(X, y, lr=p["lr"], steps=p["steps"], ridge=p["lam"], w0=p["w0"])
    np.testing.assert_allclose(out["w_gd"], path.w[-1], rtol=1e-7)
    np.testing.assert_allclose(out["b_gd"], path.b[-1], rtol=1e-7)
    np.testing.assert_allclose(out["loss_gd"], path.loss[-1], rtol=1e-7)
    kappa = lr.conditioning(X, ridge=p["lam"]).bowl_condition
    if math.isfinite(kappa):
        np.testing.assert_allclose(out["kappa"], kappa, rtol=1e-6)
    else:
        assert out["kappa"] > 1e12  # NumPy's cond of an exactly singular matrix


def test_scratch_code_reports_divergence():
    out = scratch.run("linear_regression", "en", lr=0.63)
    X, y = lr.make_data(50, correlation=0.9, seed=0)
    path = lr.fit_gd(X, y, lr=0.63, steps=150, w0=[-2.0, -1.0])
    assert int(out["diverged_at"]) == path.diverged_at


# --------------------------------------------------------------------------- charts


_decode = apptools.spec_array


def _checked(spec: dict, budget_kib: float = 150.0) -> dict:
    text = json.dumps(spec)
    assert len(text) <= budget_kib * 1024, len(text) / 1024
    assert "NaN" not in text and "Infinity" not in text
    go.Figure(spec)  # Plotly validates every property, frames included
    assert spec["layout"]["title"]["text"]
    return spec


def _replay(n=50, rho=0.9, steps=150, lr_=0.4, ridge=0.0):
    X, y = lr.make_data(n, correlation=rho, seed=0)
    path = lr.fit_gd(X, y, lr=lr_, steps=steps, ridge=ridge, w0=[-2.0, -1.0])
    cond = lr.conditioning(X, ridge=ridge)
    newton = lr.newton_step(X, y, [-2.0, -1.0], 0.0, ridge=ridge)
    surface, fit = charts.replays(X, y, path, cond, newton, [-2.0, -1.0], TR)
    return X, y, path, surface, fit


@pytest.mark.parametrize(
    "kwargs",
    [{}, dict(n=1000, steps=1000), dict(rho=1.0), dict(lr_=0.63), dict(ridge=1000.0, lr_=0.04)],
)
def test_replays_are_valid_small_and_end_where_gd_ends(kwargs):
    X, y, path, surface, fit = _replay(**kwargs)
    for replay in (surface, fit):
        spec = _checked(theme.to_spec(replay))
        frames = spec["frames"]
        assert 2 <= len(frames) <= charts.MAX_FRAMES
        assert frames[0]["name"] == "0" and frames[-1]["name"] == str(path.steps_run)
        steps = spec["layout"]["sliders"][0]["steps"]
        assert [s["args"][0][0] for s in steps] == [f["name"] for f in frames]
        assert spec["layout"]["updatemenus"][0]["buttons"][0]["args"][0] is None  # play all
    last = theme.to_spec(surface)["frames"][-1]["data"][0]
    head = np.array([_decode(last["x"])[0], _decode(last["y"])[0]])
    np.testing.assert_allclose(head, np.clip(path.w[-1], -1e6, 1e6), rtol=1e-6)
    k = int(theme.to_spec(fit)["frames"][3]["name"])
    shown = _decode(theme.to_spec(fit)["frames"][3]["data"][0]["y"])
    m = min(len(y), charts.MAX_FIT_POINTS)
    expected = np.clip(X[:m] @ path.w[k] + path.b[k], -1e6, 1e6)
    np.testing.assert_allclose(shown, expected, rtol=1e-6, atol=1e-5)


def test_static_figures_are_valid():
    X, y = lr.make_data(40, correlation=1.0, seed=1)
    w_plus, _, null = lr.minimisers(X, y)
    lams = np.geomspace(1e4, 1e-3, 9)
    box = charts.view_box(np.array([[-2.0, -1.0], [0.0, 0.0]]), w_plus)
    fig = charts.singular_figure(
        box,
        lr.conditioning(X).bowl,
        0.2,
        w_plus,
        null[:, 0],
        lr.ridge_path(X, y, lams),
        lams,
        np.array([-2.0, -1.0]),
        lr.newton_step(X, y, [-2.0, -1.0], 0.0).w,
        TR,
    )
    _checked(theme.to_spec(fig))
    kappas = lr.condition_vs_ridge(X, lams)
    _checked(theme.to_spec(charts.condition_figure(lams, kappas, kappas, 1.0, 0.0, math.inf, TR)))
    path = lr.fit_gd(X, y, lr=0.4, steps=100)
    gap = charts.gap_figure(path.gap, path.loss[0], 0.6, TR, converged_at=20, diverged_at=None)
    _checked(theme.to_spec(gap))
    fit = lr.linear_vs_logistic(X[:, 0], (y > np.median(y)).astype(float))
    grid = np.linspace(-3, 3, 50)
    _checked(theme.to_spec(charts.logistic_figure(X[:, 0], y > 0, grid, *fit.predict(grid), TR)))


def test_frame_steps_cover_the_run():
    assert charts.frame_steps(0).tolist() == [0]
    many = charts.frame_steps(1000)
    assert many[0] == 0 and many[-1] == 1000 and len(many) <= charts.MAX_FRAMES
    assert np.all(np.diff(many) > 0) and many[:10].tolist() == list(range(10))


def test_formula_builders_write_the_numbers():
    lines = charts.gradient_lines(
        3, 50, 0.0, 1.25, np.array([0.5, -2.0]), -0.25, np.zeros(2), 0.0, 0.1, tex
    )
    joined = "\n".join(lines)
    assert "1.25" in joined and "-2" in joined and r"\left(-0.25\right)" in joined
    assert "nan" not in joined
    gram = np.array([[50.0, 45.0], [45.0, 50.0]])
    normal = "\n".join(
        charts.normal_equation_lines(
            gram, np.array([1.0, 2.0]), 0.0, np.ones(2), 0.5, 0.5, False, tex
        )
    )
    assert "45" in normal and "^{-1}" in normal
    singular = charts.normal_equation_lines(
        np.full((2, 2), 50.0), np.ones(2), 0.0, np.ones(2), 0.5, 0.5, True, tex
    )
    assert r"\det" in singular[-1] and "X^+" in singular[-1]
    newton = charts.newton_lines(
        np.diag([2.0, 2.0, 2.0]) + 1e-18, np.zeros(3), np.ones(3), np.ones(3), False, tex
    )
    assert "10^{-18}" not in "".join(newton)  # rounding noise is shown as 0
    table = charts.shapes_table(50, 2, TR)
    assert "50 × 2" in table and table.count("\n") == 10
