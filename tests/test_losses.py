"""playground.losses and playground.charts.losses: definitions, gradients, exact fits,
constrained optima, Lasso/Ridge paths, the reproduce snippet and the figures."""

from __future__ import annotations

import json
import warnings

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize
from sklearn.linear_model import Lasso, QuantileRegressor

from playground import losses as L
from playground.app.i18n import lookup, translator
from playground.charts import losses as charts
from playground.charts import theme
from tests.docstrings import assert_raise_documented, public_functions, raises_section

FAST = settings(max_examples=40, deadline=None)
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
width = st.floats(0.05, 20.0)


# --- definitions -------------------------------------------------------------------------


def test_definitions_match_pytorch_conventions():
    r = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])
    np.testing.assert_array_equal(L.l1_loss(r), np.abs(r))
    np.testing.assert_array_equal(L.l2_loss(r), r**2)
    beta = 1.0
    expected_sl1 = [2.5, 0.5, 0.125, 0.0, 0.125, 0.5, 2.5]
    np.testing.assert_allclose(L.smooth_l1_loss(r, beta), expected_sl1)
    expected_huber = [2.0 * (3 - 1.0), 0.5, 0.125, 0.0, 0.125, 0.5, 2.0 * (3 - 1.0)]
    np.testing.assert_allclose(L.huber_loss(r, delta=2.0)[[0, 6]], [4.0, 4.0])
    np.testing.assert_allclose(L.huber_loss(r, delta=2.0)[1:6], [0.5, 0.125, 0.0, 0.125, 0.5])
    assert expected_huber[0] == 4.0
    # smooth L1 with beta = 2: 0.5 r^2 / 2 inside, |r| - 1 outside
    np.testing.assert_allclose(L.smooth_l1_loss([1.0, 3.0], beta=2.0), [0.25, 2.0])


def test_l1_subgradient_at_zero_is_zero():
    assert L.l1_grad(0.0) == 0.0
    np.testing.assert_array_equal(L.l1_grad([-2.0, 0.0, 2.0]), [-1.0, 0.0, 1.0])


@FAST
@given(r=finite, w=width)
def test_huber_is_delta_times_smooth_l1(r, w):
    np.testing.assert_allclose(
        L.huber_loss(r, delta=w), w * L.smooth_l1_loss(r, beta=w), rtol=1e-12, atol=1e-300
    )
    np.testing.assert_allclose(
        L.huber_grad(r, delta=w), w * L.smooth_l1_grad(r, beta=w), rtol=1e-12, atol=1e-300
    )


@FAST
@given(r=finite, w=width)
def test_properties(r, w):
    values, grads = L.all_losses([r], beta=w, delta=w)
    for name in L.LOSSES:
        assert values[name][0] >= 0
        # even losses, odd gradients
        v_neg, g_neg = L.all_losses([-r], beta=w, delta=w)
        assert v_neg[name][0] == values[name][0]
        assert g_neg[name][0] == -grads[name][0]
    assert values["huber"][0] <= 0.5 * r * r + 1e-12
    assert values["huber"][0] <= w * abs(r) + 1e-12
    assert values["smooth_l1"][0] <= abs(r) + 1e-12
    assert abs(grads["huber"][0]) <= w
    assert abs(grads["smooth_l1"][0]) <= 1.0
    assert abs(grads["l1"][0]) <= 1.0


# --- beta = 0: PyTorch's fallback to L1 ---------------------------------------------------


@FAST
@given(r=st.one_of(finite, st.sampled_from([0.0, -0.0, 5e-324, -5e-324, np.inf, -np.inf])))
def test_smooth_l1_with_beta_zero_is_l1(r):
    """PyTorch: "When beta is set to 0, this is equivalent to L1Loss" (it calls l1_loss)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0/0 or r²/0 evaluated on the way
        np.testing.assert_array_equal(L.smooth_l1_loss(r, beta=0.0), np.abs(r))
        np.testing.assert_array_equal(L.smooth_l1_grad(r, beta=0.0), np.sign(r))
        np.testing.assert_array_equal(L.loss([r], "smooth_l1", beta=0.0), L.l1_loss([r]))
        np.testing.assert_array_equal(L.loss_grad([r], "smooth_l1", beta=0.0), L.l1_grad([r]))


@FAST
@given(r=finite, beta=st.floats(1e-12, 1e-3))
def test_smooth_l1_tends_to_l1_as_beta_tends_to_zero(r, beta):
    # 0 <= |r| - SmoothL1_beta(r) <= beta/2, so beta = 0 continues the family.
    gap = abs(r) - float(L.smooth_l1_loss(r, beta=beta))
    rounding = 4 * np.finfo(float).eps * max(abs(r), beta)  # |r| - 0.5 beta is rounded
    assert -rounding <= gap <= 0.5 * beta + rounding
    if abs(r) >= beta:
        assert L.smooth_l1_grad(r, beta=beta) == L.smooth_l1_grad(r, beta=0.0)


def test_beta_zero_through_the_helpers_fit_and_snippet():
    values, grads = L.all_losses([-2.0, 0.0, 0.5], beta=0.0, delta=1.0)
    np.testing.assert_array_equal(values["smooth_l1"], values["l1"])
    np.testing.assert_array_equal(grads["smooth_l1"], grads["l1"])
    fd = L.all_grads_fd([-2.0, 0.0, 0.5], beta=0.0)
    np.testing.assert_allclose(fd["smooth_l1"], [-1.0, 0.0, 1.0], atol=1e-9)
    # The fit minimises the L1 objective: the same line as least absolute deviations.
    x, y = _data(3)
    np.testing.assert_allclose(
        L.fit_line(x, y, loss="smooth_l1", beta=0.0), L.fit_line(x, y, loss="l1"), rtol=1e-12
    )
    assert L.line_objective(x, y, 1.0, 0.0, loss="smooth_l1", beta=0.0) == pytest.approx(
        L.line_objective(x, y, 1.0, 0.0, loss="l1"), rel=1e-15
    )
    ns: dict = {}
    exec(L.snippet("curves", r0=-2.5, beta=0.0, delta=2.0), ns)  # noqa: S102
    assert float(ns["losses"]["smooth_l1"][0]) == 2.5
    assert float(ns["grads"]["smooth_l1"][0]) == -1.0


def test_continuity_at_the_switch():
    for w in (0.1, 1.0, 7.0):
        eps = 1e-9
        lo, hi = L.smooth_l1_loss([w - eps, w + eps], beta=w)
        assert abs(lo - hi) < 1e-8
        glo, ghi = L.smooth_l1_grad([w - eps, w + eps], beta=w)
        assert abs(glo - ghi) < 1e-8
        lo, hi = L.huber_loss([w - eps, w + eps], delta=w)
        assert abs(lo - hi) < 1e-7


# --- gradients by finite differences -----------------------------------------------------


@FAST
@given(r=st.floats(-50, 50), w=st.floats(0.1, 10.0))
def test_gradients_match_finite_differences_away_from_kinks(r, w):
    h = 1e-6
    assume(abs(r) > 1e-3 and abs(abs(r) - w) > 1e-3)
    params = {"l1": {}, "l2": {}, "smooth_l1": {"beta": w}, "huber": {"delta": w}}
    for name in L.LOSSES:
        analytic = L.loss_grad([r], name, **params[name])[0]
        numeric = (
            L.loss([r + h], name, **params[name])[0] - L.loss([r - h], name, **params[name])[0]
        ) / (2 * h)
        assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-5), name
    fd = L.all_grads_fd([r], beta=w, delta=w)
    assert fd["l2"][0] == pytest.approx(2 * r, rel=1e-6, abs=1e-6)


def test_loss_grad_fd_agrees_with_the_subgradient_at_zero():
    assert L.loss_grad_fd([0.0], "l1")[0] == 0.0


# --- extreme inputs ----------------------------------------------------------------------


def test_extreme_inputs():
    big = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(L.l2_loss(big), [1e6, 1e6])
    np.testing.assert_array_equal(L.huber_grad(big, delta=1.0), [-1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert L.l2_loss(1e200) == np.inf
        assert L.l1_loss(np.inf) == np.inf
        assert L.huber_loss(-np.inf, delta=2.0) == np.inf
        assert L.smooth_l1_loss(np.inf, beta=0.5) == np.inf
        assert L.smooth_l1_grad(-np.inf) == -1.0
        assert L.huber_grad(np.inf, delta=3.0) == 3.0
    for func in (L.l1_loss, L.l2_loss, L.smooth_l1_loss, L.huber_loss, L.l1_grad, L.huber_grad):
        assert func(np.array([])).shape == (0,)
    assert L.l2_loss(0.0) == 0.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: L.smooth_l1_loss(1.0, beta=-0.5), ValueError, "beta == -0.5, must be >= 0.0."),
        (lambda: L.smooth_l1_grad(1.0, beta=-1e-300), ValueError, "must be >= 0.0."),
        (lambda: L.loss([1.0], "smooth_l1", beta=-1.0), ValueError, "beta == -1.0, must be >= 0"),
        (lambda: L.smooth_l1_loss(1.0, beta=np.inf), ValueError, "beta == inf, must be finite"),
        (lambda: L.huber_loss(1.0, delta=0.0), ValueError, "delta == 0.0, must be > 0."),
        (lambda: L.loss([1.0], "huber", delta=0.0), ValueError, "delta == 0.0, must be > 0."),
        (lambda: L.huber_loss(1.0, delta=-1.0), ValueError, "delta == -1.0, must be > 0."),
        (lambda: L.huber_grad(1.0, delta=np.nan), ValueError, "delta == nan"),
        (lambda: L.l1_loss([1.0, np.nan]), ValueError, "r contains nan"),
        (lambda: L.l2_loss("abc"), TypeError, "r must be array-like"),
        (lambda: L.loss([1.0], "l3"), ValueError, "loss == 'l3', must be one of"),
        (lambda: L.loss([1.0], "l1", beta=1.0), TypeError, "unexpected parameter(s) beta"),
        (lambda: L.smooth_l1_loss(1.0, beta=True), TypeError, "beta must be an instance"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=None) as info:
        call()
    assert message in str(info.value)


# --- fit_line ----------------------------------------------------------------------------


def _data(seed, n=30):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 5, n)
    y = 1.5 * x - 2 + rng.standard_t(2, n)
    return x, y


@FAST
@given(seed=st.integers(0, 10_000), n=st.integers(2, 60))
def test_l2_fit_matches_polyfit(seed, n):
    x, y = _data(seed, n)
    slope, intercept = L.fit_line(x, y, loss="l2")
    np.testing.assert_allclose([slope, intercept], np.polyfit(x, y, 1), rtol=1e-9, atol=1e-9)


def _quantile_objective(x, y):
    model = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x[:, None], y)
    return np.abs(y - model.predict(x[:, None])).sum()


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(3, 80))
def test_l1_fit_reaches_the_quantile_regressor_objective(seed, n):
    x, y = _data(seed, n)
    slope, intercept = L.fit_line(x, y, loss="l1")
    ours = L.line_objective(x, y, slope, intercept, loss="l1")
    theirs = _quantile_objective(x, y)
    assert ours == pytest.approx(theirs, rel=1e-8, abs=1e-9)


def test_l1_fit_is_a_global_minimum_by_brute_force():
    # LAD lines through two data points include an optimal one: try them all.
    x, y = _data(3, 12)
    best = min(
        np.abs(y - (s * x + (y[i] - s * x[i]))).sum()
        for i in range(12)
        for j in range(12)
        if x[i] != x[j]
        for s in [(y[j] - y[i]) / (x[j] - x[i])]
    )
    slope, intercept = L.fit_line(x, y, loss="l1")
    assert L.line_objective(x, y, slope, intercept, loss="l1") == pytest.approx(best, rel=1e-10)


def _huber_gradient(x, y, slope, intercept, delta):
    psi = np.clip(y - slope * x - intercept, -delta, delta)
    return np.array([psi @ x, psi.sum()])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 80), delta=st.floats(0.01, 50.0))
def test_huber_fit_is_exact(seed, n, delta):
    x, y = _data(seed, n)
    slope, intercept = L.fit_line(x, y, loss="huber", delta=delta)
    # KKT: the gradient of the summed loss vanishes (relative to its scale).
    grad = _huber_gradient(x, y, slope, intercept, delta)
    assert np.abs(grad).max() <= 1e-7 * delta * (np.abs(x).sum() + n)
    # and no generic optimiser does better
    ref = optimize.minimize(
        lambda p: L.line_objective(x, y, p[0], p[1], loss="huber", delta=delta),
        [slope + 0.3, intercept - 0.3],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000},
    )
    ours = L.line_objective(x, y, slope, intercept, loss="huber", delta=delta)
    assert ours <= ref.fun * (1 + 1e-12) + 1e-12


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), beta=st.floats(0.05, 10.0))
def test_smooth_l1_fit_equals_huber_fit_with_delta_beta(seed, beta):
    x, y = _data(seed)
    np.testing.assert_allclose(
        L.fit_line(x, y, loss="smooth_l1", beta=beta),
        L.fit_line(x, y, loss="huber", delta=beta),
        rtol=1e-9,
        atol=1e-9,
    )


def test_l1_fit_falls_back_to_the_primal_programme(monkeypatch):
    x, y = _data(11, 25)
    expected = L.line_objective(x, y, *L.fit_line(x, y, loss="l1"), loss="l1")
    real = optimize.linprog
    calls = []

    def dual_fails(c, *args, **kwargs):
        calls.append(len(c))
        res = real(c, *args, **kwargs)
        if len(calls) == 1:
            res.status = 4  # pretend the dual programme failed
        return res

    monkeypatch.setattr(L.optimize, "linprog", dual_fails)
    slope, intercept = L.fit_line(x, y, loss="l1")
    assert calls == [25, 2 + 2 * 25]
    assert L.line_objective(x, y, slope, intercept, loss="l1") == pytest.approx(expected, rel=1e-9)


def test_huber_with_huge_delta_is_least_squares():
    x, y = _data(1)
    np.testing.assert_allclose(
        L.fit_line(x, y, loss="huber", delta=1e6),
        L.fit_line(x, y, loss="l2"),
        rtol=1e-10,
        atol=1e-10,
    )


@pytest.mark.parametrize("seed", range(8))
def test_huber_is_closer_to_the_true_line_than_l2_with_outliers(seed):
    x, y, _ = L.outlier_data(40, seed=seed, n_outliers=5, outlier_size=-15.0, outlier_x=9.0)
    fits = L.line_fits(x, y, delta=1.0)
    grid = np.linspace(0, 10, 101)

    def error(fit):
        return np.abs(fit[0] * grid + fit[1] - (L.TRUE_SLOPE * grid + L.TRUE_INTERCEPT)).max()

    assert error(fits["huber"]) < error(fits["l2"])
    assert error(fits["l1"]) < error(fits["l2"])
    assert error(fits["huber"]) < 1.0 < 3.0 < error(fits["l2"])


@pytest.mark.parametrize("loss", L.LOSSES)
def test_fit_line_is_equivariant_in_x_and_handles_extreme_scales(loss):
    x, y = _data(5)
    s, c = L.fit_line(x, y, loss=loss)
    s2, c2 = L.fit_line(1000 * x, y, loss=loss)
    assert s2 == pytest.approx(s / 1000, rel=1e-6) and c2 == pytest.approx(c, rel=1e-6, abs=1e-6)
    # huge magnitudes: no overflow, the exact line y = 2x is found
    xb = np.array([-3e150, -1e150, 2e150, 5e150])
    sb, cb = L.fit_line(xb, 2 * xb, loss=loss, **({"delta": 1e150} if loss == "huber" else {}))
    assert sb == pytest.approx(2.0, rel=1e-9) and abs(cb) < 1e141


def test_fit_line_exact_line_and_two_points():
    for loss in L.LOSSES:
        s, c = L.fit_line([0.0, 1.0], [1.0, 3.0], loss=loss)
        assert s == pytest.approx(2.0) and c == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(x=[1.0, 1.0, 1.0], y=[1.0, 2.0, 3.0]), ValueError, "x has a single distinct value"),
        (dict(x=[1.0], y=[1.0]), ValueError, "x.size == 1, must be >= 2."),
        (dict(x=[1.0, 2.0], y=[1.0, 2.0, 3.0]), ValueError, "y.shape == (3,), must be (2)."),
        (dict(x=[1.0, np.inf], y=[1.0, 2.0]), ValueError, "x contains inf"),
        (dict(x=[[1.0, 2.0]], y=[1.0, 2.0]), ValueError, "x.ndim == 2, must be 1."),
        (dict(x=[1.0, 2.0], y=[1.0, 2.0], loss="l0"), ValueError, "loss == 'l0'"),
        (dict(x=[1.0, 2.0], y=[1.0, 2.0], loss="huber", delta=0.0), ValueError, "delta == 0.0"),
        (dict(x=[1.0, 2.0], y=[1.0, 2.0], loss="l2", delta=1.0), TypeError, "unexpected"),
        (
            dict(x=np.arange(L.MAX_POINTS + 1.0), y=np.arange(L.MAX_POINTS + 1.0)),
            ValueError,
            "must be <= 1000000",
        ),
    ],
)
def test_fit_line_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error) as info:
        L.fit_line(**kwargs)
    assert message in str(info.value)


def test_outlier_data():
    x, y, out = L.outlier_data(40, seed=3, n_outliers=4, outlier_size=-12.0, outlier_x=9.0)
    assert x.shape == y.shape == out.shape == (44,)
    assert out.sum() == 4 and not out[:40].any()
    assert ((x >= 0) & (x <= 10)).all() and (np.abs(x[out] - 9.0) <= 0.25).all()
    resid = y - (L.TRUE_SLOPE * x + L.TRUE_INTERCEPT)
    assert resid[out].mean() < -9 and abs(resid[~out].mean()) < 0.5
    x2, y2, _ = L.outlier_data(40, seed=3, n_outliers=4, outlier_size=-12.0, outlier_x=9.0)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(y, L.outlier_data(40, seed=4)[1][:44])
    x0, y0, _ = L.outlier_data(5, noise=0.0, n_outliers=0)
    np.testing.assert_allclose(y0, L.TRUE_SLOPE * x0 + L.TRUE_INTERCEPT)
    with pytest.raises(ValueError, match="n == 1, must be >= 2."):
        L.outlier_data(1)
    with pytest.raises(ValueError, match="n_outliers == 1000001"):
        L.outlier_data(10, n_outliers=1_000_001)
    with pytest.raises(ValueError, match="seed == -1"):
        L.outlier_data(10, seed=-1)


def test_outlier_study_and_sklearn_references():
    assert L.outlier_study(40, seed=0).refs == {}
    study = L.outlier_study(40, seed=0, references=True)
    x, y, is_outlier, fits, refs = study
    assert fits is study.fits and refs is study.refs
    assert set(study.fits) == {"l2", "l1", "huber", "smooth_l1"}
    np.testing.assert_allclose(study.fits["l2"], study.refs["linear"], rtol=1e-9)
    l1 = L.line_objective(study.x, study.y, *study.fits["l1"], loss="l1")
    assert l1 == pytest.approx(_quantile_objective(study.x, study.y), rel=1e-8)
    # HuberRegressor (scale estimated) is robust too: far closer to the truth than L2
    assert abs(study.refs["huber"][0] - L.TRUE_SLOPE) < abs(study.fits["l2"][0] - L.TRUE_SLOPE)


# --- constrained optima ------------------------------------------------------------------


def _project_l1(v, t):
    """Euclidean projection onto the L1 ball (Duchi et al., 2008): the H = I case."""
    if np.abs(v).sum() <= t:
        return v
    u = np.sort(np.abs(v))[::-1]
    css = np.cumsum(u)
    k = np.nonzero(u * np.arange(1, v.size + 1) > css - t)[0][-1]
    theta = (css[k] - t) / (k + 1)
    return np.sign(v) * np.maximum(np.abs(v) - theta, 0)


@FAST
@given(w1=st.floats(-3, 3), w2=st.floats(-3, 3), t=st.floats(0.05, 3))
def test_identity_hessian_matches_projections(w1, w2, t):
    w = np.array([w1, w2])
    np.testing.assert_allclose(
        L.constrained_optimum(w, t, norm="l1"), _project_l1(w, t), atol=1e-12
    )
    norm = np.linalg.norm(w)
    expected = w if norm <= t else w * t / norm
    np.testing.assert_allclose(L.constrained_optimum(w, t, norm="l2"), expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(w1=st.floats(-3, 3), w2=st.floats(-3, 3), t=st.floats(0.1, 3), rho=st.floats(-0.9, 0.9))
def test_constrained_optima_match_a_generic_solver(w1, w2, t, rho):
    h = L.pair_hessian(rho)
    for norm, size in (("l1", lambda v: np.abs(v).sum()), ("l2", np.linalg.norm)):
        exact = L.constrained_optimum([w1, w2], t, norm=norm, hessian=h)
        numeric = L.constrained_optimum_numeric([w1, w2], t, norm=norm, hessian=h)
        assert size(exact) <= t * (1 + 1e-12)
        f_exact = L.quadratic_loss(exact, [w1, w2], h)
        f_numeric = L.quadratic_loss(numeric, [w1, w2], h)
        # (SLSQP may end a hair outside the ball, hence slightly lower)
        assert f_exact <= f_numeric + 1e-6 * (1 + f_numeric)
        np.testing.assert_allclose(exact, numeric, atol=2e-5)


def test_default_l1_optimum_is_a_corner_and_l2_is_not():
    g = L.constraint_geometry([2.0, 1.0], 1.0, rho=0.5)
    assert g.w_l1.tolist() == [1.0, 0.0]
    assert L.l0_norm(g.w_l1) == 1 and L.l0_norm(g.w_l2) == 2
    assert np.linalg.norm(g.w_l2) == pytest.approx(1.0)
    np.testing.assert_allclose(g.w_l1_numeric, g.w_l1, atol=1e-6)
    # the highlighted contours pass through the optima
    assert np.min(np.linalg.norm(g.touch_l1 - g.w_l1, axis=1)) < 0.05
    np.testing.assert_allclose(
        L.quadratic_loss(g.touch_l2, [2.0, 1.0], L.pair_hessian(0.5)), g.loss_l2
    )


def test_inside_the_ball_the_optimum_is_the_least_squares_point():
    for norm in ("l1", "l2"):
        np.testing.assert_array_equal(
            L.constrained_optimum([0.2, -0.3], 1.0, norm=norm), [0.2, -0.3]
        )


def test_geometry_and_hessian_validation():
    with pytest.raises(ValueError, match="rho == 1.0, must be <= 0.99."):
        L.pair_hessian(1.0)
    with pytest.raises(ValueError, match="positive definite"):
        L.constrained_optimum([1.0, 1.0], 1.0, hessian=[[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(ValueError, match="t == 0.0, must be > 0."):
        L.constrained_optimum([1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match=r"w_ls.shape == \(3,\)"):
        L.constrained_optimum([1.0, 1.0, 1.0], 1.0)
    with pytest.raises(ValueError, match="norm == 'l0'"):
        L.constrained_optimum([1.0, 1.0], 1.0, norm="l0")
    with pytest.raises(ValueError, match="must end with 2"):
        L.quadratic_loss([1.0, 2.0, 3.0], [0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match="must be <= 100"):
        L.constraint_geometry([1e6, 0.0], 1.0)
    assert L.l0_norm([0.0, -0.0, 1e-300]) == 1


def test_level_set_is_a_contour():
    pts = L.level_set([1.0, -2.0], L.pair_hessian(-0.7), 3.0)
    np.testing.assert_allclose(L.quadratic_loss(pts, [1.0, -2.0], L.pair_hessian(-0.7)), 3.0)
    np.testing.assert_allclose(pts[0], pts[-1])


# --- Lasso and Ridge paths ---------------------------------------------------------------


@pytest.fixture(scope="module")
def paths():
    return L.regularisation_paths()


def test_lasso_paths_have_exact_zeros_ridge_paths_do_not(paths):
    assert paths.lasso.shape == paths.ridge.shape == (60, 10)
    assert (paths.lasso == 0).any() and not (paths.ridge == 0).any()
    assert paths.lasso_zeros[-1] == 10  # alpha = 100 > alpha_max: every weight is 0
    assert paths.lasso_zeros[0] <= 1
    # zeros appear as alpha grows (not strictly monotone for the Lasso in general,
    # but from the smallest to the largest alpha the count rises)
    assert paths.lasso_zeros[-1] > paths.lasso_zeros[len(paths.alphas) // 2] > paths.lasso_zeros[0]
    assert (paths.ridge_zeros == 0).all()
    # Ridge shrinks every weight smoothly towards 0
    norms = np.linalg.norm(paths.ridge, axis=1)
    assert (np.diff(norms) < 0).all()


def test_paths_match_closed_forms_and_sklearn_estimators(paths):
    X, y, names = L.diabetes()
    n = y.size
    assert names == paths.features and X.shape == (442, 10)
    for i in (0, 20, 45):
        alpha = paths.alphas[i]
        ridge = np.linalg.solve(X.T @ X + 2 * n * alpha * np.eye(10), X.T @ y)
        np.testing.assert_allclose(paths.ridge[i], ridge, rtol=1e-8, atol=1e-8)
        lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
        np.testing.assert_allclose(paths.lasso[i], lasso, atol=1e-6)
        # KKT of (1/2n)||y - Xw||^2 + alpha ||w||_1
        corr = X.T @ (y - X @ paths.lasso[i]) / n
        active = paths.lasso[i] != 0
        np.testing.assert_allclose(corr[active], alpha * np.sign(paths.lasso[i][active]), rtol=1e-5)
        assert (np.abs(corr[~active]) <= alpha * (1 + 1e-6)).all()


def test_lasso_ridge_at_a_single_alpha():
    lasso, ridge = L.lasso_ridge_at(4.0)
    assert lasso.shape == ridge.shape == (10,)
    assert (lasso == 0).sum() == 4 and (ridge == 0).sum() == 0
    with pytest.raises(ValueError, match="alpha == 0.0"):
        L.lasso_ridge_at(0.0)
    with pytest.raises(ValueError, match="alphas has an entry"):
        L.regularisation_paths([1.0, -1.0])


# --- snippet -----------------------------------------------------------------------------


def test_snippet_curves_runs_and_reproduces():
    ns: dict = {}
    exec(L.snippet("curves", r0=-2.5, beta=1.0, delta=2.0), ns)  # noqa: S102
    assert float(ns["losses"]["huber"][0]) == pytest.approx(3.0)
    assert float(ns["grads"]["l2"][0]) == pytest.approx(-5.0)
    assert float(ns["losses"]["smooth_l1"][0]) == pytest.approx(2.0)


def test_snippet_outliers_runs_and_reproduces():
    args = dict(n=30, noise=0.3, seed=7, n_outliers=3, outlier_size=20.0, outlier_x=1.0, delta=0.5)
    ns: dict = {}
    exec(L.snippet("outliers", **args), ns)  # noqa: S102
    study = L.outlier_study(**args)
    for name in ("l2", "l1", "huber", "smooth_l1"):
        np.testing.assert_allclose(ns["fits"][name], study.fits[name])


def test_snippet_regularisation_runs_and_reproduces():
    ns: dict = {}
    exec(L.snippet("regularisation", w_ls=(2.0, 1.0), rho=0.5, t=1.0, alpha=4.0), ns)  # noqa: S102
    assert ns["w_l1"].tolist() == [1.0, 0.0]
    assert (ns["lasso"] == 0).sum() == 4
    with pytest.raises(ValueError, match="view == 'x'"):
        L.snippet("x")


# --- charts ------------------------------------------------------------------------------


def _check_figure(fig, *, max_kib=150):
    assert isinstance(fig, go.Figure)
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    for trace in fig.data:
        for attr in ("x", "y", "z"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray):
                assert value.dtype == np.float32, (trace.name, attr)
                assert np.isfinite(value).all(), (trace.name, attr)
    payload = fig.to_json()
    assert "NaN" not in payload and "Infinity" not in payload
    # built without validation for speed: it must still be a valid figure, unchanged
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(payload)
    assert fig.layout.template.layout.colorway == tuple(theme.PALETTE)
    assert len(payload) < max_kib * 1024
    return payload


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_curves_figure(lang):
    tr = translator(lang)
    r = np.linspace(-4, 4, 301)
    values, grads = L.all_losses(r, beta=1.0, delta=2.0)
    v0, g0 = (
        {k: float(a[0]) for k, a in d.items()} for d in L.all_losses([2.5], beta=1.0, delta=2.0)
    )
    fig = charts.curves_figure(
        r, values, grads, beta=1.0, delta=2.0, r0=2.5, probe_values=v0, probe_grads=g0, tr=tr
    )
    _check_figure(fig)
    assert fig.layout.title.text == lookup(lang, "regression_losses.curves.title")
    assert fig.layout.yaxis2.title.text == lookup(lang, "regression_losses.curves.grad_axis")
    names = [t.name for t in fig.data if t.showlegend is not False]
    assert lookup(lang, "regression_losses.names.huber", delta="2") in names
    assert len(fig.data) == 10


def test_outliers_figure_with_and_without_references():
    study = L.outlier_study()
    tr = translator("en")
    plain = charts.outliers_figure(
        study.x,
        study.y,
        study.is_outlier,
        study.fits,
        true_line=(L.TRUE_SLOPE, L.TRUE_INTERCEPT),
        delta=1.0,
        tr=tr,
    )
    full = charts.outliers_figure(
        study.x,
        study.y,
        study.is_outlier,
        study.fits,
        true_line=(L.TRUE_SLOPE, L.TRUE_INTERCEPT),
        delta=1.0,
        refs=L.sklearn_fits(study.x, study.y),
        tr=tr,
    )
    _check_figure(plain)
    _check_figure(full)
    assert len(full.data) == len(plain.data) + 3
    no_outliers = L.outlier_study(n_outliers=0)
    fig = charts.outliers_figure(
        no_outliers.x,
        no_outliers.y,
        no_outliers.is_outlier,
        no_outliers.fits,
        true_line=(0.8, 1.0),
        delta=1.0,
        tr=tr,
    )
    assert len(fig.data) == len(plain.data) - 1


def test_geometry_figure_marks_the_corner():
    g = L.constraint_geometry([2.0, 1.0], 1.0, rho=0.5)
    tr = translator("zh")
    fig = charts.geometry_figure(
        g.grid,
        g.z,
        w_ls=(2.0, 1.0),
        t=1.0,
        w_l1=g.w_l1,
        w_l2=g.w_l2,
        touch_l1=g.touch_l1,
        touch_l2=g.touch_l2,
        tr=tr,
    )
    _check_figure(fig)
    assert fig.layout.annotations[0].text == lookup(
        "zh", "regression_losses.geometry.corner", i="₂"
    )
    inside = L.constraint_geometry([0.3, 0.2], 1.0)
    fig = charts.geometry_figure(
        inside.grid,
        inside.z,
        w_ls=(0.3, 0.2),
        t=1.0,
        w_l1=inside.w_l1,
        w_l2=inside.w_l2,
        touch_l1=inside.touch_l1,
        touch_l2=inside.touch_l2,
        tr=tr,
    )
    _check_figure(fig)
    assert not fig.layout.annotations


def test_paths_figure():
    p = L.regularisation_paths()
    fig = charts.paths_figure(
        p.alphas, p.lasso, p.ridge, p.features, alpha=4.0, tr=translator("en")
    )
    payload = _check_figure(fig)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis2.type == "log"
    assert len(fig.data) == 2 * 10 + 2
    assert json.loads(payload)["layout"]["yaxis2"]["matches"] == "y"


# --- docstrings: every condition that raises is listed ------------------------------------

RAISE_NOTHING = {"diabetes"}  # reads scikit-learn's bundled data; no argument to check


@pytest.mark.parametrize("name", sorted(set(public_functions(L)) - RAISE_NOTHING))
def test_every_public_function_documents_what_it_raises(name):
    assert "Error" in raises_section(getattr(L, name)), f"{name} has no Raises section"


@pytest.mark.parametrize(
    ("func", "call", "error", "documented"),
    [
        (L.l1_loss, lambda: L.l1_loss([np.nan]), ValueError, "``nan``"),
        (L.smooth_l1_loss, lambda: L.smooth_l1_loss(1.0, beta=-1.0), ValueError, "negative"),
        (L.smooth_l1_grad, lambda: L.smooth_l1_grad(1.0, beta=np.inf), ValueError, "infinite"),
        (L.huber_loss, lambda: L.huber_loss(1.0, delta=0.0), ValueError, "``<= 0``"),
        (L.huber_loss, lambda: L.huber_loss(1.0, delta=True), TypeError, "``bool``"),
        (L.loss, lambda: L.loss([1.0], "l3"), ValueError, ":data:`LOSSES`"),
        (L.loss, lambda: L.loss([1.0], "l2", beta=1.0), TypeError, "does not belong"),
        (L.loss_grad_fd, lambda: L.loss_grad_fd([np.inf], "l1"), ValueError, "``±inf``"),
        (L.all_losses, lambda: L.all_losses([1.0], delta=0.0), ValueError, "``delta``"),
        (L.fit_line, lambda: L.fit_line([1, 1], [0, 1]), ValueError, "single distinct value"),
        (
            L.fit_line,
            lambda: L.fit_line([0, 1], [0, 1], loss="huber", delta=-1),
            ValueError,
            "``delta``",
        ),
        (
            L.sklearn_fits,
            lambda: L.sklearn_fits([0, 1], [0, 1], epsilon=0.5),
            ValueError,
            "``[1, 100]``",
        ),
        (L.outlier_data, lambda: L.outlier_data(1), ValueError, "``[2, MAX_POINTS]``"),
        (
            L.quadratic_loss,
            lambda: L.quadratic_loss([0, 0], [0, 0], -np.eye(2)),
            ValueError,
            "positive",
        ),
        (
            L.constraint_geometry,
            lambda: L.constraint_geometry([0, 0], 0.0),
            ValueError,
            "``(0, 100]``",
        ),
        (L.l0_norm, lambda: L.l0_norm(np.zeros((1, 1, 1))), ValueError, "2 dimensions"),
        (L.regularisation_paths, lambda: L.regularisation_paths([0.0]), ValueError, "``<= 0``"),
        (L.snippet, lambda: L.snippet("curves", beta=-1.0), ValueError, "``beta`` negative"),
    ],
)
def test_documented_raises_are_true(func, call, error, documented):
    assert_raise_documented(func, call, error, documented)
