"""playground.logistic and playground.charts.logistic: references, gradients, edges, figures."""

from __future__ import annotations

import copy
import json
import math
import warnings

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import approx_fprime
from scipy.special import expit, log_expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from playground import logistic as lg
from playground.app.i18n import translator
from playground.charts import animation, theme
from playground.charts import logistic as charts
from tests import apptools

EXTREME = np.array(
    [-1000.0, -745.0, -709.0, -40.0, -1.0, 0.0, 1.0, 36.7, 40.0, 709.0, 745.0, 1000.0]
)
finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def blobs():
    return lg.make_data("blobs", 300, 0.25, 0)


def _no_warnings():
    """Overflow, 0/0 and log 0 become errors inside a block (underflow to 0 is harmless)."""
    return np.errstate(over="raise", invalid="raise", divide="raise")


# --------------------------------------------------------------------------- sigmoid & logs


def test_sigmoid_matches_scipy_without_warnings():
    with _no_warnings(), warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(lg.sigmoid(EXTREME), expit(EXTREME), rtol=1e-15, atol=1e-300)
        np.testing.assert_allclose(lg.log_sigmoid(EXTREME), log_expit(EXTREME), rtol=1e-14)
    assert lg.log_sigmoid(-1000.0) == -1000.0
    assert lg.sigmoid(np.inf) == 1.0 and lg.sigmoid(-np.inf) == 0.0
    assert lg.log_sigmoid(-np.inf) == -np.inf
    assert isinstance(lg.sigmoid(0.5), float) and lg.sigmoid([0.5]).shape == (1,)


@pytest.mark.parametrize(
    "func,grad", [(lg.sigmoid, lg.sigmoid_grad), (lg.log_sigmoid, lg.log_sigmoid_grad)]
)
@pytest.mark.parametrize("z", [-30.0, -3.0, -0.2, 0.0, 0.7, 5.0, 30.0])
def test_sigmoid_gradients_by_finite_differences(func, grad, z):
    h = 1e-6
    numeric = (func(z + h) - func(z - h)) / (2 * h)
    assert grad(z) == pytest.approx(numeric, rel=1e-6, abs=1e-12)


def test_sigmoid_grad_does_not_round_to_zero():
    # 1 - σ(40) is exactly 0 in float64; σ(40)·σ(−40) is not.
    assert lg.sigmoid_grad(40.0) == pytest.approx(math.exp(-40), rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_sigmoid_properties(z):
    s = lg.sigmoid(z)
    assert 0.0 <= s <= 1.0
    assert s + lg.sigmoid(-z) == pytest.approx(1.0, abs=1e-15)
    assert lg.log_sigmoid(z) <= 0.0 and math.isfinite(lg.log_sigmoid(z))


def test_naive_forms_fail_where_the_docs_say():
    assert lg.naive_sigmoid(-1000.0) == 0.0  # exp overflowed: silently 0
    assert lg.naive_sigmoid(37.0) == 1.0  # rounds to exactly 1
    assert math.isnan(lg.naive_sigmoid(1000.0, form="exp_pos"))  # inf / inf
    assert lg.naive_log_sigmoid(-1000.0) == -math.inf
    with pytest.raises(ValueError, match="form =="):
        lg.naive_sigmoid(0.0, form="tanh")


@pytest.mark.parametrize("bad", [np.nan, [1.0, np.nan]])
def test_sigmoid_rejects_nan(bad):
    with pytest.raises(ValueError, match="nan"):
        lg.sigmoid(bad)


# --------------------------------------------------------------------------- cross-entropy


def test_bce_matches_sklearn_log_loss():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, 200)
    y = (rng.random(200) < expit(z)).astype(float)
    assert lg.binary_cross_entropy(z, y) == pytest.approx(log_loss(y, expit(z)), rel=1e-12)


def test_bce_is_finite_and_exact_at_extreme_logits():
    with _no_warnings():
        assert lg.binary_cross_entropy([1000.0], [1]) == 0.0
        assert lg.binary_cross_entropy([-1000.0], [1]) == 1000.0
        assert lg.binary_cross_entropy([1000.0], [0]) == 1000.0
        assert lg.binary_cross_entropy(EXTREME, np.ones_like(EXTREME)) == pytest.approx(
            np.mean(np.logaddexp(0, -EXTREME)), rel=1e-14
        )
        assert np.isfinite(lg.binary_cross_entropy_grad(EXTREME, np.zeros_like(EXTREME))).all()


def test_bce_gradient_by_finite_differences():
    rng = np.random.default_rng(1)
    z, y = rng.normal(0, 2, 7), rng.random(7)  # soft labels too
    numeric = approx_fprime(z, lambda v: lg.binary_cross_entropy(v, y), 1e-7)
    np.testing.assert_allclose(lg.binary_cross_entropy_grad(z, y), numeric, atol=1e-7)


@settings(max_examples=100, deadline=None)
@given(st.lists(finite, min_size=1, max_size=20), st.integers(0, 2**31))
def test_bce_properties(logits, seed):
    z = np.array(logits)
    y = (np.random.default_rng(seed).random(z.size) < 0.5).astype(float)
    value = lg.binary_cross_entropy(z, y)
    assert math.isfinite(value) and value >= 0.0
    grad = lg.binary_cross_entropy_grad(z, y)
    assert np.all(np.abs(grad) <= 1.0 / z.size + 1e-15)


@pytest.mark.parametrize(
    ("logits", "y", "error", "match"),
    [
        ([], [], ValueError, "size == 0"),
        ([1.0, 2.0], [1.0], ValueError, "shape"),
        ([1.0], [2.0], ValueError, "must be in"),
        ([np.inf], [1.0], ValueError, "inf"),
        ([[1.0]], [1.0], ValueError, "ndim"),
        (["a"], [1.0], TypeError, "array-like"),
    ],
)
def test_bce_rejects_bad_input(logits, y, error, match):
    with pytest.raises(error, match=match):
        lg.binary_cross_entropy(logits, y)


def test_naive_bce_shows_inf_and_nan():
    assert lg.naive_binary_cross_entropy([40.0], [0])[0] == math.inf
    assert math.isnan(lg.naive_binary_cross_entropy([40.0], [1])[0])  # 0 · log 0
    assert math.isnan(lg.naive_binary_cross_entropy([-1000.0], [0])[0])
    r = lg.naive_vs_stable(EXTREME, y=0.0)
    assert np.isfinite(r.stable_loss).all() and np.isfinite(r.stable_p).all()
    assert set(r.issues()) >= {"nan", "inf", "ok"}
    assert r.overflow.tolist() == [bool(abs(v) > 709.78) for v in EXTREME]


# --------------------------------------------------------------------------- objective & gradient


def _problem(seed: int, n: int = 40, d: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < 0.5).astype(float)
    return rng.normal(size=d), float(rng.normal()), X, y


@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("seed", range(4))
def test_gradient_by_finite_differences(seed, l2):
    w, b, X, y = _problem(seed)
    gw, gb = lg.gradient(w, b, X, y, l2=l2)
    theta = np.append(w, b)
    numeric = approx_fprime(theta, lambda t: lg.loss(t[:-1], t[-1], X, y, l2=l2), 1e-7)
    np.testing.assert_allclose(np.append(gw, gb), numeric, atol=2e-6)
    nw, nb = lg.numerical_gradient(w, b, X, y, l2=l2)
    np.testing.assert_allclose(np.append(gw, gb), np.append(nw, nb), rtol=1e-8, atol=1e-11)


def test_loss_matches_sklearn_objective():
    w, b, X, y = _problem(5)
    expected = log_loss(y, expit(X @ w + b)) + 0.5 * 0.2 * w @ w
    assert lg.loss(w, b, X, y, l2=0.2) == pytest.approx(expected, rel=1e-12)


def test_gradient_is_mean_of_per_sample_gradients():
    w, b, X, y = _problem(3)
    gw, _ = lg.gradient(w, b, X, y)
    np.testing.assert_allclose(lg.per_sample_gradients(w, b, X, y).mean(axis=0), gw, atol=1e-15)


def test_chain_rule_product_equals_simplified_form():
    for z_target, label in (
        (-30.0, 1.0),
        (-2.0, 0.0),
        (0.0, 1.0),
        (0.5, 0.3),
        (3.0, 0.0),
        (30.0, 1.0),
    ):
        c = lg.chain_rule([z_target / 2, 0.0], 0.0, [2.0, -1.0], label)
        assert c.finite
        np.testing.assert_allclose(c.product, c.direct, rtol=1e-12)
        assert c.z == pytest.approx(z_target)
        assert c.loss == pytest.approx(lg.binary_cross_entropy([c.z], [label]))


def test_chain_rule_overflow_is_flagged_not_hidden():
    c = lg.chain_rule([400.0], 0.0, [2.0], 0.0)  # z = 800: 1/(1 − p) overflows
    assert not c.finite
    assert np.isfinite(c.direct).all() and c.direct[0] == pytest.approx(2.0)


def test_smoothness_bounds_the_hessian():
    w, b, X, y = _problem(7, n=60, d=2)
    L = lg.smoothness(X, l2=0.1)
    Xt = np.hstack([X, np.ones((60, 1))])
    for scale in (0.0, 0.5, 2.0):
        p = expit(Xt @ np.append(w, b) * scale)
        H = Xt.T @ (Xt * (p * (1 - p))[:, None]) / 60 + np.diag([0.1, 0.1, 0.0])
        assert np.linalg.eigvalsh(H).max() <= L + 1e-12


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(w=[1.0], b=0.0), "w.shape"),
        (dict(w=[1.0, 1.0], b=np.nan), "b == nan"),
        (dict(w=[1.0, 1.0], b=0.0, l2=-1.0), "l2 == -1.0"),
        (dict(w=[1.0, np.inf], b=0.0), "inf"),
    ],
)
def test_objective_validation(kwargs, match):
    X, y = np.ones((3, 2)), np.array([0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=match):
        lg.loss(kwargs.pop("w"), kwargs.pop("b"), X, y, **kwargs)


# --------------------------------------------------------------------------- data


@pytest.mark.parametrize("kind", lg.DATASETS)
def test_make_data_is_standardised_seeded_and_two_class(kind):
    X, y = lg.make_data(kind, 500, 0.2, 3)
    assert X.shape == (500, 2) and y.shape == (500,)
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1.0, atol=1e-12)
    assert set(np.unique(y)) == {0.0, 1.0}
    X2, y2 = lg.make_data(kind, 500, 0.2, 3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, lg.make_data(kind, 500, 0.2, 4)[0])


def test_separable_data_is_separable_until_labels_are_flipped():
    X, y = lg.make_data("separable", 400, 0.0, 1)
    assert lg.is_separable(X, y)
    Xn, yn = lg.make_data("separable", 400, 0.1, 1)
    assert not lg.is_separable(Xn, yn)
    clean = (X @ np.ones(2) > 0).astype(float)  # the labelling line survives standardisation
    assert np.mean(clean != y) in (0.0, 1.0)
    assert np.mean(((Xn @ np.ones(2)) > 0) != yn) == pytest.approx(0.1, abs=0.02)


def test_is_separable_simple_cases():
    assert lg.is_separable([[0.0], [1.0]], [0, 1])
    assert not lg.is_separable([[0.0], [1.0], [2.0]], [0, 1, 0])
    assert not lg.is_separable(
        [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]], [0, 0, 1, 1]
    )  # XOR


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("spiral", 100), ValueError, "kind =="),
        (("blobs", 1), ValueError, "n == 1"),
        (("blobs", lg.MAX_SAMPLES + 1), ValueError, "must be <= 1000000"),
        (("blobs", 100.5), TypeError, "n must be"),
        (("blobs", 100, 1.5), ValueError, "noise == 1.5"),
        (("blobs", 100, 0.2, -1), ValueError, "seed == -1"),
    ],
)
def test_make_data_validation(args, error, match):
    with pytest.raises(error, match=match):
        lg.make_data(*args)


# --------------------------------------------------------------------------- gradient descent


def test_fit_gd_first_step_is_minus_lr_times_gradient(blobs):
    X, y = blobs
    h = lg.fit_gd(X, y, lr=0.3, steps=5, l2=0.05)
    gw, gb = lg.gradient(np.zeros(2), 0.0, X, y, l2=0.05)
    np.testing.assert_allclose(h.w[1], -0.3 * gw, rtol=1e-13)
    assert h.b[1] == pytest.approx(-0.3 * gb, rel=1e-13)
    assert h.w.shape == (6, 2) and h.b.shape == h.loss.shape == h.accuracy.shape == (6,)
    assert np.all(h.w[0] == 0) and h.b[0] == 0 and h.loss[0] == pytest.approx(math.log(2))


def test_fit_gd_minibatch_first_step_uses_the_first_shuffled_batch(blobs):
    X, y = blobs
    h = lg.fit_gd(X, y, lr=0.5, steps=3, batch_size=16, l2=0.01, seed=7)
    idx = np.random.default_rng(7).permutation(len(y))[:16]
    gw, gb = lg.gradient(np.zeros(2), 0.0, X[idx], y[idx], l2=0.01)
    np.testing.assert_allclose(h.w[1], -0.5 * gw, rtol=1e-13)
    assert h.b[1] == pytest.approx(-0.5 * gb, rel=1e-13)
    assert h.batch_size == 16
    assert lg.fit_gd(X, y, lr=0.5, steps=3, batch_size=10_000).batch_size is None  # ≥ n: full


def test_fit_gd_records_the_full_loss_accuracy_and_gradient(blobs):
    X, y = blobs
    h = lg.fit_gd(X, y, lr=1.0, steps=30, batch_size=8, l2=0.02, seed=1)
    for k in (0, 7, 30):
        assert h.loss[k] == pytest.approx(lg.loss(h.w[k], h.b[k], X, y, l2=0.02), rel=1e-12)
        assert h.accuracy[k] == lg.accuracy(h.w[k], h.b[k], X, y)
        gw, gb = lg.gradient(h.w[k], h.b[k], X, y, l2=0.02)
        assert h.grad_norm[k] == pytest.approx(math.hypot(*gw, gb), rel=1e-10)


@pytest.mark.parametrize(("kind", "l2"), [("blobs", 0.01), ("moons", 0.05), ("separable", 0.003)])
def test_full_batch_gd_converges_to_sklearn_optimum(kind, l2):
    X, y = lg.make_data(kind, 300, 0.2, 2)
    h = lg.fit_gd(X, y, lr=2.0, steps=2000, l2=l2)
    clf = LogisticRegression(C=1.0 / (l2 * len(y)), tol=1e-12, max_iter=10_000).fit(X, y)
    assert np.linalg.norm(h.w[-1] - clf.coef_[0]) < 1e-3
    assert abs(h.b[-1] - clf.intercept_[0]) < 1e-3
    ref = lg.sklearn_reference(X, y, l2=l2)
    assert ref.C == pytest.approx(1.0 / (l2 * 300)) and ref.well_posed
    assert ref.loss <= h.loss.min() + 1e-9
    assert lg.diagnose(h, X, separable=ref.separable).status == "converged"


def test_divergence_is_reported_not_raised(blobs):
    X, y = blobs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = lg.fit_gd(X, y, lr=10.0, steps=2000, l2=0.5)
    assert h.diverged and h.diverged_at is not None and 1 <= h.diverged_at <= 2000
    assert h.steps_run == h.diverged_at - 1 and h.steps == 2000
    for arr in (h.w, h.b, h.loss, h.accuracy, h.grad_norm):
        assert len(arr) == h.steps_run + 1 and np.isfinite(arr).all()
    assert h.loss.max() <= lg.DIVERGENCE_LOSS
    d = lg.diagnose(h, X)
    assert d.status == "diverged" and d.numbers()["step"] == h.diverged_at
    assert d.lr_limit == pytest.approx(2.0 / lg.smoothness(X, l2=0.5))


def test_large_learning_rate_without_penalty_stays_finite(blobs):
    X, y = blobs  # the data gradient is bounded: ‖w‖ grows at most linearly
    h = lg.fit_gd(X, y, lr=1000.0, steps=500)
    assert not h.diverged and np.isfinite(h.loss).all()


def test_diagnose_statuses():
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    assert lg.diagnose(lg.fit_gd(X, y, lr=10.0, steps=200, l2=0.1), X).status == "unstable"
    assert lg.diagnose(lg.fit_gd(X, y, lr=0.01, steps=20, l2=0.01), X).status == "running"
    Xs, ys = lg.make_data("separable", 200, 0.0, 0)
    h = lg.fit_gd(Xs, ys, lr=1.0, steps=300)
    assert lg.diagnose(h, Xs, separable=True).status == "separable"
    assert np.all(np.diff(np.linalg.norm(h.w, axis=1))[5:] > 0)  # ‖w‖ keeps growing
    ref = lg.sklearn_reference(Xs, ys, l2=0.0)
    assert ref.separable and not ref.well_posed and ref.w is None and ref.C == math.inf
    with pytest.raises(TypeError, match="History"):
        lg.diagnose("run", X)


def test_unpenalised_reference_on_overlapping_data():
    X, y = lg.make_data("blobs", 300, 0.3, 0)
    ref = lg.sklearn_reference(X, y, l2=0.0)
    assert ref.well_posed and not ref.separable
    gw, gb = lg.gradient(ref.w, ref.b, X, y)
    assert math.hypot(*gw, gb) < 1e-6


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(lr=0.0, steps=10), ValueError, "lr == 0.0"),
        (dict(lr=np.inf, steps=10), ValueError, "lr == inf"),
        (dict(lr=0.1, steps=lg.MAX_STEPS + 1), ValueError, "steps == 1000001"),
        (dict(lr=0.1, steps=10, batch_size=0), ValueError, "batch_size == 0"),
        (dict(lr=0.1, steps=10, l2=-0.1), ValueError, "l2 == -0.1"),
        (dict(lr=0.1, steps=10, seed=1.5), TypeError, "seed must be"),
        (dict(lr="0.1", steps=10), TypeError, "lr must be"),
    ],
)
def test_fit_gd_validation(blobs, kwargs, error, match):
    with pytest.raises(error, match=match):
        lg.fit_gd(*blobs, **kwargs)


def test_fit_gd_rejects_bad_data():
    with pytest.raises(ValueError, match="inf"):
        lg.fit_gd([[np.inf, 0.0], [0.0, 1.0]], [0, 1], lr=0.1, steps=1)
    with pytest.raises(ValueError, match="y.shape"):
        lg.fit_gd(np.ones((3, 2)), [0, 1], lr=0.1, steps=1)
    with pytest.raises(ValueError, match="X.shape\\[0\\] == 1000001"):
        lg.fit_gd(np.ones((1_000_001, 1)), np.ones(1_000_001), lr=0.1, steps=1)


def test_core_accepts_more_than_the_page_offers():
    """The page's sliders stop at 2,000 steps; a notebook user may go further."""
    X, y = lg.make_data("blobs", 2500, 0.5, 0)
    h = lg.fit_gd(X, y, lr=0.5, steps=4000)
    assert h.w.shape == (4001, 2) and not h.diverged


@settings(max_examples=25, deadline=None)
@given(
    st.floats(1e-3, 1000.0),
    st.floats(0.0, 10.0),
    st.sampled_from([None, 1, 7]),
    st.integers(0, 10_000),
)
def test_fit_gd_path_is_finite_or_flags_divergence(lr, l2, batch, seed):
    X, y = lg.make_data("moons", 60, 0.3, seed)
    h = lg.fit_gd(X, y, lr=lr, steps=60, batch_size=batch, l2=l2, seed=seed)
    assert all(np.isfinite(a).all() for a in (h.w, h.b, h.loss, h.accuracy, h.grad_norm))
    assert h.diverged == (h.steps_run < 60)
    assert lg.diagnose(h, X).status in {"diverged", "unstable", "converged", "running"}


# --------------------------------------------------------------------------- views


def test_loss_surface_matches_loss(blobs):
    X, y = blobs
    w1, w2 = np.linspace(-3, 4, 9), np.linspace(-2, 5, 7)
    S = lg.loss_surface(X, y, b=0.3, l2=0.05, w1=w1, w2=w2)
    assert S.shape == (7, 9)
    for i, j in ((0, 0), (3, 5), (6, 8)):
        assert S[i, j] == pytest.approx(lg.loss([w1[j], w2[i]], 0.3, X, y, l2=0.05), rel=1e-6)
    with pytest.raises(ValueError, match="w1.size == 2001"):
        lg.loss_surface(X, y, b=0.0, l2=0.0, w1=np.zeros(2001), w2=np.zeros(3))


def test_loss_slice_accuracy_is_a_staircase(blobs):
    X, y = blobs
    w, b = np.array([1.5, 1.2]), 0.1
    t, L, acc = lg.loss_slice(X, y, w, b, l2=0.01)
    mid = len(t) // 2
    assert t[mid] == 0.0 and L[mid] == pytest.approx(lg.loss(w, b, X, y, l2=0.01))
    assert acc[mid] == lg.accuracy(w, b, X, y)
    n = len(y)
    np.testing.assert_allclose(acc * n, np.round(acc * n), atol=1e-9)  # jumps of k/n only
    assert np.mean(np.diff(acc) == 0) > 0.5  # flat between jumps: zero gradient
    assert np.mean(np.diff(L) == 0) < 0.01  # the loss moves everywhere ...
    assert np.all(np.abs(np.diff(L, 2)) < 0.05)  # ... smoothly


def test_mse_through_sigmoid_gradient_vanishes_when_confidently_wrong():
    z = np.linspace(-12, 12, 49)
    numeric = (lg.mse_through_sigmoid(z + 1e-6, 1.0) - lg.mse_through_sigmoid(z - 1e-6, 1.0)) / 2e-6
    np.testing.assert_allclose(lg.mse_through_sigmoid_grad(z, 1.0), numeric, atol=1e-8)
    assert abs(lg.mse_through_sigmoid_grad(-10.0, 1.0)) < 1e-4 < 1 - lg.sigmoid(-10.0)


def test_probability_grid_shape_and_values():
    P = lg.probability_grid([1.0, -2.0], 0.5, np.linspace(-1, 1, 4), np.linspace(0, 1, 3))
    assert P.shape == (3, 4)
    assert P[2, 0] == pytest.approx(expit(1.0 * -1 - 2.0 * 1 + 0.5))


def test_talking_points(blobs):
    X, y = blobs
    h = lg.fit_gd(X, y, lr=0.5, steps=50)
    pts = lg.talking_points(h, X, y)
    assert pts["geo"] == pytest.approx(math.exp(-h.loss[-1]))
    assert pts["ce5"] == pytest.approx(1 - expit(-5.0))
    assert pts["g"] == pytest.approx((expit(X[0] @ h.w[-1] + h.b[-1]) - y[0]) * X[0, 0])
    assert all(math.isfinite(v) for v in pts.values())


def test_snippet_runs_and_reproduces_the_page(capsys):
    params = dict(kind="moons", n=150, noise=0.2, seed=3, lr=0.8, steps=120, batch_size=16, l2=0.02)
    namespace: dict = {}
    exec(lg.snippet(**params), namespace)  # noqa: S102 - the test runs the user's snippet
    X, y = lg.make_data("moons", 150, 0.2, 3)
    h = lg.fit_gd(X, y, lr=0.8, steps=120, batch_size=16, l2=0.02, seed=3)
    np.testing.assert_array_equal(namespace["w"], h.w[-1])
    assert namespace["history"].loss[-1] == h.loss[-1]
    np.testing.assert_allclose(
        np.append(namespace["grad_w"], namespace["grad_b"]),
        np.append(namespace["num_w"], namespace["num_b"]),
        atol=1e-9,
    )
    assert "clf" in namespace and "|w - w_sklearn|" in capsys.readouterr().out
    unpenalised: dict = {}
    exec(lg.snippet(**{**params, "l2": 0.0}), unpenalised)  # noqa: S102
    assert "clf" not in unpenalised


# --------------------------------------------------------------------------- figures

TR = translator("en")
NS = "logistic_regression.charts"


def _check_figure(fig: go.Figure, *, budget_kib: float = 150.0) -> dict:
    assert isinstance(fig, go.Figure)
    spec = fig.to_dict()
    go.Figure(spec)  # rebuilt with Plotly's validation: every property is valid
    layout = spec["layout"]
    assert layout.get("title", {}).get("text"), "every chart says what to look at"
    axes = [k for k in layout if k.startswith(("xaxis", "yaxis"))]
    for axis in axes:
        if "domain" in layout[axis] or axis in ("xaxis", "yaxis"):
            assert layout[axis].get("title", {}).get("text"), axis
    assert layout["template"]["layout"]["colorway"] == list(theme.PALETTE)
    for trace in fig.data:
        for key in ("x", "y", "z", "customdata"):
            value = trace[key] if key in trace else None
            if isinstance(value, (tuple, list)) and not value:
                continue  # nothing drawn (a boundary that does not exist yet)
            if isinstance(value, np.ndarray) and trace.connectgaps is False:
                # Segments separated by gaps: NaN in a float32 typed array (plotly.js
                # breaks the line there, tests/test_browser.py), never an infinity.
                assert value.dtype == np.float32, (trace.name, key)
                assert not np.isinf(value).any(), (trace.name, key)
            elif value is not None and not isinstance(value, str):
                assert isinstance(value, np.ndarray) and value.dtype == np.float32, (
                    trace.name,
                    key,
                )
                assert np.isfinite(value).all(), (trace.name, key)
    size = len(pio.to_json(fig, validate=False)) / 1024
    assert size < budget_kib, size
    return spec


#: The largest data set and run the page's sliders allow.
PAGE_SAMPLES, PAGE_STEPS = 2000, 2000


@pytest.fixture(scope="module")
def worst():
    X, y = lg.make_data("blobs", PAGE_SAMPLES, 0.5, 0)
    h = lg.fit_gd(X, y, lr=1.0, steps=PAGE_STEPS, batch_size=1, l2=0.001)
    return X, y, h, lg.sklearn_reference(X, y, l2=0.001)


def _replay(X, y, h, step, *, l2, reference=None, arrows=40, sample=None, count=None):
    """The page's replay figure for ``step`` of the run ``h``."""
    best = None if reference is None else (reference.w, reference.b)
    box = charts.bounds(np.vstack([h.w, best[0] if best else np.zeros(2)]), pad=0.3)
    g1, g2 = charts.grid_axes(box, len(y))
    S = lg.loss_surface(X, y, b=h.b[step], l2=l2, w1=g1, w2=g2)
    count = count or charts.replay_frame_count(len(y), h.steps_run)
    every = animation.frame_steps(h.steps_run, h.steps_run, count)
    frames = charts.replay_frames(X, y, h, every, window=box, arrows=arrows)
    return charts.replay_figure(
        X, y, h, frames, step, (g1, g2, S), TR, reference=best, sample=sample, arrows=arrows
    )


def _sent(value):
    """A spec with plotly.js typed arrays (``{"dtype", "bdata"}``) decoded to NumPy arrays."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            return theme._decoded(value)
        return {k: _sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sent(v) for v in value]
    return value


def _check_replay(fig: go.Figure) -> go.Figure:
    """A replay is a valid, finite figure under the budget whose frames match its slider.

    Returns the figure as the app sends it, typed arrays decoded (frames included).
    """
    size = len(json.dumps(theme.to_spec(fig))) / 1024
    assert size < 150, size
    sent = _sent(theme.to_spec(fig))
    prob = sent["data"][0]
    assert prob["type"] == "contour" and prob["z"].dtype == np.uint8 and prob["z"].max() <= 100
    checked = copy.deepcopy(sent)
    checked["data"][0]["z"] = prob["z"].astype(np.float32)  # the one uint8 array (percent)
    _check_figure(go.Figure(checked))
    fig = go.Figure(sent)
    animated = list(fig.frames[0].traces)
    names = [f.name for f in fig.frames]
    [slider] = fig.layout.sliders
    assert [s.args[0][0] for s in slider.steps] == names
    assert [f"step{s.label}" for s in slider.steps] == names
    assert names == sorted(names, key=lambda n: int(n.removeprefix("step")))
    for frame in fig.frames:
        assert list(frame.traces) == animated
        assert [d.type for d in frame.data] == [fig.data[i].type for i in animated]
        for d, base in zip(frame.data, (fig.data[i] for i in animated), strict=True):
            for key in ("x", "y", "z"):
                value = d[key] if key in d else None
                if value is not None and len(value):
                    values = np.asarray(value, dtype=float)
                    assert not np.isinf(values).any(), (frame.name, key)
                    if base.connectgaps is not False:  # NaN only as the gaps of the pulls
                        assert np.isfinite(values).all(), (frame.name, key)
    return fig


def test_replay_figure(worst):
    X, y, h, ref = worst
    fig = _check_replay(_replay(X, y, h, 5, l2=0.001, reference=ref, sample=3))
    spec = fig.to_dict()
    names = [t.get("name") for t in spec["data"]]
    assert TR("logistic_regression.charts.data.reference") in names
    assert TR("logistic_regression.charts.surface.reference") in names
    assert sum(len(t.x) for t in fig.data[1:3]) == PAGE_SAMPLES
    assert 10 <= len(fig.frames) <= 12  # the largest run and data set: fewer frames
    assert fig.layout.sliders[0].steps[fig.layout.sliders[0].active].label == "5"
    # The pulls are one trace of 40 segments (start, tip, gap), arrowheads at the tips.
    (arrows,) = [
        t for t in spec["data"] if t.get("name") == TR("logistic_regression.charts.data.pulls")
    ]
    assert not [a for a in spec["layout"].get("annotations", []) if a.get("showarrow")]
    xs, ys = apptools.spec_array(arrows["x"]), apptools.spec_array(arrows["y"])  # float32, NaN gaps
    assert len(xs) == len(ys) == 3 * 40 and np.isnan(xs[2::3]).all() and np.isnan(ys[2::3]).all()
    assert np.isfinite(xs[0::3]).all() and np.isfinite(xs[1::3]).all()
    sizes = apptools.spec_array(arrows["marker"]["size"])
    assert arrows["marker"]["symbol"] == "arrow" and arrows["marker"]["angleref"] == "previous"
    assert (sizes[1::3] > 0).all() and (sizes[0::3] == 0).all()
    # Arrows start at the points with the largest |(p − y)·x| and point along −(p − y)·x.
    grads = lg.per_sample_gradients(h.w[5], h.b[5], X, y)
    biggest = np.argmax(np.linalg.norm(grads, axis=1))
    assert (xs[0], ys[0]) == pytest.approx(tuple(X[biggest]), abs=1e-4)
    direction = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    assert direction @ -grads[biggest] > 0
    # The last frame: the last step's weights, its descent direction, its pulls.
    last = fig.frames[-1]
    assert last.name == f"step{h.steps_run}"
    by_trace = dict(zip(last.traces, last.data, strict=True))
    current = next(i for i, t in enumerate(fig.data) if t.name == TR(f"{NS}.replay.current"))
    np.testing.assert_allclose([by_trace[current].x[0], by_trace[current].y[0]], h.w[-1], rtol=1e-6)
    descent = by_trace[current + 1]
    gw, _ = lg.gradient(h.w[-1], h.b[-1], X, y, l2=0.001)
    step = np.array([descent.x[1] - descent.x[0], descent.y[1] - descent.y[0]])
    cross = step[0] * gw[1] - step[1] * gw[0]  # z of the 2-D cross product: 0 when parallel
    assert step @ -gw > 0 and abs(cross) < 1e-3 * np.linalg.norm(step) * np.linalg.norm(gw)


def test_replay_shows_where_there_is_no_boundary_yet():
    X, y = lg.make_data("blobs", 50, 0.2, 0)
    h = lg.fit_gd(X, y, lr=0.5, steps=30, l2=0.01)
    fig = _replay(X, y, h, 0, l2=0.01, arrows=0)
    fig = _check_replay(fig)
    note = next(t for t in fig.data if t.text == (TR(f"{NS}.data.no_boundary"),))
    index = list(fig.data).index(note)
    assert note.opacity == 1  # step 0: w = 0, no boundary
    opacity = {f.name: dict(zip(f.traces, f.data, strict=True))[index].opacity for f in fig.frames}
    assert opacity["step0"] == 1 and opacity["step30"] == 0
    assert all(len(f.data) == 5 for f in fig.frames)  # no pulls
    assert [f.name for f in fig.frames] == [f"step{k}" for k in range(0, 31, 2)]  # every 2nd


def test_replay_and_curves_at_the_largest_settings(worst):
    X, y, h, ref = worst
    fig = _check_replay(_replay(X, y, h, h.steps_run, l2=0.001, reference=ref))
    assert len(fig.frames) <= 12
    spec = _check_figure(
        charts.curves_figure(h.loss, h.accuracy, 100, TR, ref_loss=ref.loss, requested=h.steps)
    )
    assert spec["layout"]["xaxis2"]["range"] == [0, PAGE_STEPS]


def test_figures_of_a_diverged_run():
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    h = lg.fit_gd(X, y, lr=10.0, steps=500, l2=1.0)
    assert h.diverged
    spec = _check_figure(
        charts.curves_figure(
            h.loss, h.accuracy, h.steps_run, TR, diverged_at=h.diverged_at, requested=500
        )
    )
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert any(str(h.diverged_at) in a.get("text", "") for a in spec["layout"]["annotations"])
    box = charts.bounds(h.w, pad=0.3)
    assert max(abs(v) for v in box) <= 60 * 1.3 + 1e-9
    surf = _check_replay(_replay(X, y, h, h.steps_run, l2=1.0)).to_dict()
    assert surf["frames"][-1]["name"] == f"step{h.steps_run}"
    assert (
        any(
            a.get("text") == TR("logistic_regression.charts.surface.outside")
            for a in surf["layout"].get("annotations", [])
        )
        or np.abs(h.w).max() <= 60
    )


def test_why_and_naive_figures():
    _check_figure(charts.ce_mse_figure(np.linspace(-10, 10, 201), TR))
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    _check_figure(charts.slice_figure(*lg.loss_slice(X, y, np.array([2.0, 2.0]), 0.0), TR))
    spec = _check_figure(charts.naive_figure(TR))
    texts = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert "NaN" in texts and "∞" in texts
    assert "36.7" in texts and "-709.8" in texts  # float64's break points, found by the grid


def test_naive_table_shows_nan_as_nan_but_never_lowercase():
    r = lg.naive_vs_stable([-1000.0, 0.0, 40.0, 1000.0], y=1.0)
    spec = _check_figure(charts.naive_table(r, TR))
    cells = [str(v) for col in spec["data"][0]["cells"]["values"] for v in col]
    assert "NaN" in cells and "∞" in cells
    assert not any(c == "nan" or " nan" in c for c in cells)


def test_figures_are_translated():
    zh = translator("zh")
    fig = charts.ce_mse_figure(np.linspace(-10, 10, 21), zh)
    assert "交叉熵" in fig.to_dict()["data"][0]["name"]


def test_bounds_and_grid_axes():
    assert charts.bounds(np.array([[np.nan, 1.0], [1e9, 2.0]]), pad=0.0, max_abs=60) == (
        pytest.approx(59.0),
        pytest.approx(61.0),
        pytest.approx(1.0),
        pytest.approx(3.0),
    )
    g1, g2 = charts.grid_axes((0.0, 1.0, 0.0, 2.0), 20)
    assert len(g1) == len(g2) == 48 and g2[-1] == 2.0
