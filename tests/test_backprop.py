"""playground.backprop, its charts and its hand-written code, against independent references.

References never reuse the code under test: a textbook forward pass written
here sample by sample with column vectors (``ref_loss``) and differentiated by
plain central differences (``ref_grad``); the worked example of Matt Mazur's
"A Step by Step Backpropagation Example" (published numbers); scikit-learn's
``log_loss`` and ``mean_squared_error`` for the losses; SciPy for the normal
CDF; closed forms for the activations' flat regions and peaks; the spectral
norm inequality ‖δ_l‖ ≤ ‖W_{l+1}‖₂·sup|f′|·‖δ_{l+1}‖ for the depth profile.
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss, mean_squared_error

from playground import activations as act
from playground import backprop as bp
from playground.app.format import fmt, tex
from playground.app.i18n import translator
from playground.charts import activations_backprop as charts
from playground.charts import theme
from tests import scratch
from tests.numerics import rng_for

ROOT = Path(__file__).resolve().parents[1]
HEADS = [("linear", "mse"), ("sigmoid", "mse"), ("softmax", "mse"), ("sigmoid", "ce"),
         ("softmax", "ce")]  # fmt: skip
SMOOTH = ("sigmoid", "tanh", "elu", "gelu", "gelu_tanh", "softplus", "silu")
TR = translator("en")


# ---------------------------------------------------------------------------
# An independent textbook forward pass (one sample at a time, column vectors)
# ---------------------------------------------------------------------------


def ref_f(u: np.ndarray, name: str) -> np.ndarray:
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-u))
    if name == "tanh":
        return np.tanh(u)
    if name == "relu":
        return np.where(u > 0, u, 0.0)
    if name == "leaky_relu":
        return np.where(u > 0, u, 0.01 * u)
    if name == "elu":
        return np.where(u > 0, u, np.exp(np.minimum(u, 0)) - 1.0)
    if name == "gelu":
        return u * scipy.stats.norm.cdf(u)
    if name == "gelu_tanh":
        return 0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u**3)))
    if name == "softplus":
        return np.logaddexp(0.0, u)
    if name == "silu":
        return u / (1.0 + np.exp(-u))
    raise AssertionError(name)


def ref_loss(x, y, ws, bs, activation, output, loss) -> float:
    total = 0.0
    for xs, ts in zip(np.atleast_2d(x), np.atleast_2d(y), strict=True):
        a = xs.reshape(-1, 1)
        for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
            z = w @ a + b.reshape(-1, 1)
            a = ref_f(z, activation) if i < len(ws) - 1 else z
        z = a.ravel()
        t = ts.ravel()
        if output == "sigmoid":
            o = 1.0 / (1.0 + np.exp(-z))
        elif output == "softmax":
            e = np.exp(z - z.max())
            o = e / e.sum()
        else:
            o = z
        if loss == "mse":
            total += 0.5 * np.sum((o - t) ** 2)
        elif output == "softmax":
            total -= np.sum(t * np.log(o))
        else:
            total -= np.sum(t * np.log(o) + (1 - t) * np.log(1 - o))
    return total / len(np.atleast_2d(x))


def ref_grad(x, y, ws, bs, activation, output, loss, h=1e-6):
    """Central differences of ``ref_loss`` for every weight and bias."""
    ws = [w.copy() for w in ws]
    bs = [b.copy() for b in bs]
    grads = []
    for p in [*ws, *bs]:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            keep = p[i]
            p[i] = keep + h
            up = ref_loss(x, y, ws, bs, activation, output, loss)
            p[i] = keep - h
            down = ref_loss(x, y, ws, bs, activation, output, loss)
            p[i] = keep
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads[: len(ws)], grads[len(ws) :]


def random_problem(rng, sizes, n, output, loss):
    ws = [rng.normal(0, 0.8, (o, i)) for i, o in zip(sizes[:-1], sizes[1:], strict=True)]
    bs = [rng.normal(0, 0.3, o) for o in sizes[1:]]
    x = rng.normal(0, 1, (n, sizes[0]))
    k = sizes[-1]
    if loss == "ce" and output == "softmax":
        y = np.eye(k)[rng.integers(0, k, n)]
    elif loss == "ce":
        y = rng.uniform(0, 1, (n, k))
    else:
        y = rng.normal(0, 1, (n, k))
    return x, y, ws, bs


# ---------------------------------------------------------------------------
# backprop
# ---------------------------------------------------------------------------


def test_mazur_worked_example():
    """The published numbers of the classic 2-2-2 sigmoid example (½ squared error)."""
    w1 = np.array([[0.15, 0.20], [0.25, 0.30]])
    w2 = np.array([[0.40, 0.45], [0.50, 0.55]])
    b1, b2 = np.full(2, 0.35), np.full(2, 0.60)
    r = bp.backprop(
        [0.05, 0.10], [0.01, 0.99], [w1, w2], [b1, b2], activation="sigmoid", output="sigmoid"
    )
    assert r.a[1][0] == pytest.approx([0.593269992, 0.596884378], abs=1e-9)
    assert r.output[0] == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    assert r.loss == pytest.approx(0.298371109, abs=1e-9)
    assert r.dW[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)  # ∂E/∂w5
    assert r.dW[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)  # ∂E/∂w1
    updated = w2 - 0.5 * r.dW[1]
    assert updated.ravel() == pytest.approx([0.35891648, 0.408666186, 0.511301270, 0.561370121])


@pytest.mark.parametrize(("output", "loss"), HEADS)
@pytest.mark.parametrize("activation", act.NAMES)
def test_backprop_matches_independent_finite_differences(activation, output, loss):
    rng = rng_for("fd", activation, output, loss)
    sizes = [3, 4, 3, 3] if output == "softmax" else [3, 4, 3, 2]
    x, y, ws, bs = random_problem(rng, sizes, 3, output, loss)
    r = bp.backprop(x, y, ws, bs, activation=activation, output=output, loss=loss)
    assert r.loss == pytest.approx(ref_loss(x, y, ws, bs, activation, output, loss), rel=1e-12)
    dW, db = ref_grad(x, y, ws, bs, activation, output, loss)
    for got, want in zip([*r.dW, *r.db], [*dW, *db], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)
    # db is the sum over samples of δ = ∂L/∂z (with the 1/N of the mean inside δ)
    for d, g in zip(r.delta, r.db, strict=True):
        np.testing.assert_allclose(d.sum(axis=0), g)


@pytest.mark.parametrize(("output", "loss"), HEADS)
def test_numerical_gradients_agree_with_the_reference(output, loss):
    rng = rng_for("num", output, loss)
    x, y, ws, bs = random_problem(rng, [2, 3, 3], 2, output, loss)
    g = bp.numerical_gradients(x, y, ws, bs, activation="tanh", output=output, loss=loss)
    dW, db = ref_grad(x, y, ws, bs, "tanh", output, loss)
    for got, want in zip([*g.dW, *g.db], [*dW, *db], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    n=st.integers(1, 4),
    activation=st.sampled_from(SMOOTH),
    head=st.sampled_from(HEADS),
    seed=st.integers(0, 2**16),
)
def test_property_backprop_equals_finite_differences(sizes, n, activation, head, seed):
    output, loss = head
    rng = np.random.default_rng(seed)
    x, y, ws, bs = random_problem(rng, sizes, n, output, loss)
    r = bp.backprop(x, y, ws, bs, activation=activation, output=output, loss=loss)
    g = bp.numerical_gradients(x, y, ws, bs, activation=activation, output=output, loss=loss)
    got = np.concatenate([v.ravel() for v in (*r.dW, *r.db)])
    want = np.concatenate([v.ravel() for v in (*g.dW, *g.db)])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)
    # shapes: z, delta per layer; a[0] is x; dW like W
    assert [v.shape for v in r.dW] == [w.shape for w in ws]
    assert r.a[0].shape == (n, sizes[0]) and len(r.a) == len(ws) + 1
    assert all(d.shape == z.shape for d, z in zip(r.delta, r.z, strict=True))
    assert r.loss >= 0 or loss == "mse"


@pytest.mark.parametrize("k", [2, 3, 5])
def test_losses_match_scikit_learn(k):
    rng = rng_for("sk", k)
    x, _, ws, bs = random_problem(rng, [3, 4, k], 6, "softmax", "ce")
    labels = rng.integers(0, k, 6)
    onehot = np.eye(k)[labels]
    r = bp.backprop(x, onehot, ws, bs, output="softmax", loss="ce")
    assert r.loss == pytest.approx(log_loss(labels, r.output, labels=range(k)), rel=1e-12)
    targets = rng.integers(0, 2, (6, k)).astype(float)
    r = bp.backprop(x, targets, ws, bs, output="sigmoid", loss="ce")
    per_output = sum(log_loss(targets[:, j], r.output[:, j], labels=[0, 1]) for j in range(k))
    assert r.loss == pytest.approx(per_output, rel=1e-12)
    y = rng.normal(size=(6, k))
    r = bp.backprop(x, y, ws, bs, output="linear", loss="mse")
    assert r.loss == pytest.approx(0.5 * k * mean_squared_error(y, r.output), rel=1e-12)


def test_cross_entropy_delta_is_output_minus_target():
    rng = rng_for("delta")
    x, y, ws, bs = random_problem(rng, [2, 3, 4], 5, "softmax", "ce")
    for output in ("softmax", "sigmoid"):
        r = bp.backprop(x, y, ws, bs, activation="relu", output=output, loss="ce")
        np.testing.assert_allclose(r.delta[-1], (r.output - y) / 5, atol=1e-15)


def test_softmax_with_squared_error_uses_the_full_jacobian():
    rng = rng_for("jac")
    z = rng.normal(size=(1, 4))
    t = rng.normal(size=(1, 4))
    o = np.exp(z) / np.exp(z).sum()
    jac = np.diag(o[0]) - np.outer(o[0], o[0])
    want = jac.T @ (o[0] - t[0])
    got = bp.output_delta(z, o, t, output="softmax", loss="mse")
    np.testing.assert_allclose(got[0], want, atol=1e-15)


@pytest.mark.parametrize("relu_at_zero", [0.0, 0.5, 1.0])
def test_relu_kink_convention(relu_at_zero):
    """A hidden pre-activation at exactly 0: backprop uses the convention, finite
    differences see the average of the two slopes (½ for ReLU)."""
    ws = [np.array([[1.0, -1.0]]), np.array([[2.0]])]
    bs = [np.zeros(1), np.zeros(1)]
    x, y = [[0.5, 0.5]], [[1.0]]
    r = bp.backprop(x, y, ws, bs, activation="relu", relu_at_zero=relu_at_zero)
    assert r.z[0][0, 0] == 0.0
    assert r.fprime[0][0, 0] == relu_at_zero
    g = bp.numerical_gradients(x, y, ws, bs, activation="relu")
    # L = ½(2·relu(z) − 1)², ∂L/∂z at 0 = (0 − 1)·2·f′(0)
    assert r.delta[0][0, 0] == pytest.approx(-2.0 * relu_at_zero)
    assert g.db[0][0] == pytest.approx(-2.0 * 0.5, abs=1e-5)  # the one-sided error is O(h)
    close = math.isclose(r.db[0][0], g.db[0][0], abs_tol=1e-5)
    assert close == (relu_at_zero == 0.5)


def test_huge_logits_are_exact_and_warning_free():
    ws, bs = [np.array([[1e6], [-1e6]])], [np.zeros(2)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = bp.backprop([[1.0]], [[0.0, 1.0]], ws, bs, output="softmax", loss="ce")
        assert r.loss == pytest.approx(2e6)
        np.testing.assert_allclose(r.delta[0], [[1.0, -1.0]])
        r = bp.backprop([[1.0]], [[0.0, 1.0]], ws, bs, output="sigmoid", loss="ce")
        assert r.loss == pytest.approx(2e6)  # two confidently wrong outputs
        np.testing.assert_allclose(r.delta[0], [[1.0, -1.0]])
        r = bp.backprop([[1.0]], [[1.0, 0.0]], ws, bs, output="sigmoid", loss="ce")
        assert r.loss == 0.0  # two confidently right ones: e^(-1e6) underflows
        np.testing.assert_allclose(r.delta[0], [[0.0, 0.0]])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(output="linear", loss="ce"), ValueError, "needs output 'sigmoid' or 'softmax'"),
        (dict(activation="swish"), ValueError, "activation == 'swish'"),
        (dict(output="tanh"), ValueError, "output == 'tanh'"),
        (dict(loss="hinge"), ValueError, "loss == 'hinge'"),
        (dict(relu_at_zero=2.0), ValueError, "relu_at_zero == 2.0"),
        (dict(x=[[1.0, 2.0, 3.0]]), ValueError, r"x.shape == \(1, 3\), must be \(N, 2\)"),
        (dict(y=[[1.0, 2.0]]), ValueError, r"y.shape == \(1, 2\), must be \(N, 1\)"),
        (dict(y=[[1.0], [2.0]]), ValueError, "must have 1 rows like x"),
        (dict(x=[[np.nan, 1.0]]), ValueError, "x contains nan"),
        (dict(x=[]), ValueError, "must be"),
        (dict(biases=[np.zeros(1)] * 2), ValueError, "len\\(biases\\) == 2"),
        (dict(biases=[np.zeros(3)]), ValueError, r"biases\[0\].shape == \(3,\), must be \(1\)"),
        (dict(weights=np.ones((1, 2))), TypeError, "weights must be a list"),
        (dict(y=[[-1.0]], output="sigmoid", loss="ce"), ValueError, "negative entry"),
        (dict(y=[[2.0]], output="sigmoid", loss="ce"), ValueError, "must be in \\[0, 1\\]"),
        (dict(weights=[np.full((1, 2), 1e200)]), ValueError, "overflowed float64"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, match):
    args = dict(
        x=[[1.0, 2.0]],
        y=[[1.0]],
        weights=[np.ones((1, 2))],
        biases=[np.zeros(1)],
    )
    args.update(kwargs)
    x, y, w, b = (args.pop(k) for k in ("x", "y", "weights", "biases"))
    with pytest.raises(error, match=match):
        bp.backprop(x, y, w, b, **args)


def test_layers_must_chain():
    with pytest.raises(ValueError, match=r"weights\[1\].shape == \(1, 4\), must have 3 columns"):
        bp.backprop([[1.0, 2.0]], [[1.0]], [np.ones((3, 2)), np.ones((1, 4))], [np.zeros(3)] * 2)


def test_forward_and_loss_value_agree_with_backprop():
    rng = rng_for("forward")
    x, y, ws, bs = random_problem(rng, [2, 3, 2], 4, "softmax", "ce")
    z, a = bp.forward(x, ws, bs, activation="gelu", output="softmax")
    r = bp.backprop(x, y, ws, bs, activation="gelu", output="softmax", loss="ce")
    for got, want in zip(z, r.z, strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(a[-1].sum(axis=1), 1.0)
    value = bp.loss_value(x, y, ws, bs, activation="gelu", output="softmax", loss="ce")
    assert value == r.loss


# ---------------------------------------------------------------------------
# init_mlp, fit_target, perceptron, zig-zag, dead units
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("init", bp.INITS)
def test_init_mlp_standard_deviations(init):
    net = bp.init_mlp([400, 300, 200], init=init, scale=1.5, seed=3)
    want = {"normal": [1.5, 1.5], "xavier": [1.5 * math.sqrt(2 / 700), 1.5 * math.sqrt(2 / 500)],
            "he": [1.5 * math.sqrt(2 / 400), 1.5 * math.sqrt(2 / 300)]}[init]  # fmt: skip
    for w, b, s in zip(net.weights, net.biases, want, strict=True):
        assert w.std() == pytest.approx(s, rel=0.02)
        assert abs(w.mean()) < 0.02 * s
        assert not b.any()
    assert [w.shape for w in net.weights] == [(300, 400), (200, 300)]


def test_init_mlp_same_draws_and_rounding():
    a = bp.init_mlp([3, 4, 2], init="xavier", seed=7)
    b = bp.init_mlp([3, 4, 2], init="he", scale=2.0, seed=7)
    ratio = b.weights[0] / a.weights[0]
    np.testing.assert_allclose(ratio, ratio.flat[0])
    r = bp.init_mlp([3, 4, 2], seed=7, decimals=2)
    for w, full in zip(r.weights, a.weights, strict=True):
        np.testing.assert_array_equal(w, np.round(full, 2))
        assert not np.signbit(w[w == 0]).any()  # no -0.0 in the page's numbers
    with pytest.raises(ValueError, match=r"len\(sizes\) == 1"):
        bp.init_mlp([3])
    with pytest.raises(ValueError, match=r"sizes\[1\] == 0"):
        bp.init_mlp([3, 0])
    with pytest.raises(ValueError, match="parameters, must be <="):
        bp.init_mlp([100_000, 1000])
    with pytest.raises(TypeError, match="sizes must be a sequence"):
        bp.init_mlp("23")


@pytest.mark.parametrize(
    ("t", "output", "loss", "want", "change"),
    [
        ([0.0, 1.0], "softmax", "ce", [0.0, 1.0], None),
        ([1.0, 3.0], "softmax", "ce", [0.25, 0.75], "normalised"),
        ([-1.0, 3.0], "softmax", "ce", [0.0, 1.0], "one_hot"),
        ([0.0, 0.0], "softmax", "ce", [1.0, 0.0], "one_hot"),
        ([1.5, 0.5], "sigmoid", "ce", [1.0, 0.5], "clipped"),
        ([1.5, -3.0], "softmax", "mse", [1.5, -3.0], None),
        ([7.0], "linear", "mse", [7.0], None),
    ],
)
def test_fit_target(t, output, loss, want, change):
    got, note = bp.fit_target(t, output, loss)
    np.testing.assert_allclose(got, want)
    assert note == change
    if loss == "ce":  # always valid for the loss afterwards
        bp.backprop([[1.0]], [got], [np.ones((len(t), 1))], [np.zeros(len(t))], output=output,
                    loss=loss)  # fmt: skip


@pytest.mark.parametrize(("output", "loss"), HEADS)
def test_perceptron_formula_is_the_last_layer_gradient(output, loss):
    rng = rng_for("perceptron", output, loss)
    x, y, ws, bs = random_problem(rng, [3, 3], 1, output, loss)
    r = bp.backprop(x, y, ws, bs, output=output, loss=loss)
    closed = bp.perceptron_gradient(x[0], r.output[0], y[0], output=output, loss=loss)
    dW, _ = ref_grad(x, y, ws, bs, "sigmoid", output, loss)
    np.testing.assert_allclose(closed, dW[0], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(closed, r.dW[0], rtol=1e-12, atol=1e-15)


def test_single_output_perceptron_by_hand():
    # o = σ(0.5·1 − 0.25·2) = σ(0) = ½; ∂L/∂w = (½ − 1)·½·½·x = −⅛·x
    got = bp.perceptron_gradient([1.0, 2.0], [0.5], [1.0], output="sigmoid", loss="mse")
    np.testing.assert_allclose(got, [[-0.125, -0.25]])
    with pytest.raises(ValueError, match="needs output"):
        bp.perceptron_gradient([1.0], [0.5], [1.0], output="linear", loss="ce")
    with pytest.raises(ValueError, match=r"t.shape == \(1,\), must be \(2\)"):
        bp.perceptron_gradient([1.0], [0.5, 0.5], [1.0], output="softmax", loss="ce")


def test_zigzag_paths():
    pos, cen = bp.zigzag_paths(steps=60, seed=4)
    assert pos.shape == cen.shape == (61, 2)
    moves = np.diff(pos, axis=0)
    assert np.all(moves[:, 0] * moves[:, 1] >= 0)  # both weights move the same way
    assert np.any(np.diff(cen, axis=0).prod(axis=1) < 0)  # zero-centred: any direction
    target = np.array([1.0, -1.0])
    assert np.linalg.norm(cen[-1] - target) < 0.5 * np.linalg.norm(pos[-1] - target)
    with pytest.raises(ValueError, match="lr == 2.0"):
        bp.zigzag_paths(lr=2.0)


def test_inactive_units():
    z = [np.array([[0.5, -0.2, 0.0], [0.3, -0.1, 0.2]]), np.array([[-1.0]])]
    assert bp.inactive_units(z, "relu") == [(1, 2, -0.1), (2, 1, -1.0)]
    assert bp.inactive_units(z, "leaky_relu") == []


# ---------------------------------------------------------------------------
# Vanishing and exploding gradients
# ---------------------------------------------------------------------------


def manual_profile(depth, width, activation, init, scale, seed, batch):
    """‖δ_l‖ computed from scratch with the same weights and data (loop over layers)."""
    ws, _ = bp.init_mlp([width] * (depth + 1) + [1], init=init, scale=scale, seed=seed)
    rng = np.random.default_rng([seed, 7])
    x, y = rng.standard_normal((batch, width)), rng.standard_normal((batch, 1))
    pre, a = [], x
    for w in ws[:-1]:
        pre.append(a @ w.T)
        a = ref_f(pre[-1], activation)
    delta = (a @ ws[-1].T - y) / batch
    norms = []
    for layer in range(depth - 1, -1, -1):
        eps = 1e-6
        fprime = (ref_f(pre[layer] + eps, activation) - ref_f(pre[layer] - eps, activation)) / (
            2 * eps
        )
        delta = (delta @ ws[layer + 1]) * fprime
        norms.append(np.linalg.norm(delta))
    return np.array(norms[::-1]), ws


@pytest.mark.parametrize(
    ("activation", "init"),
    [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he"), ("softplus", "normal")],
)
def test_profile_matches_a_manual_backward_pass(activation, init):
    p = bp.gradient_norms_through_depth(
        depth=8, width=16, activation=activation, init=init, scale=0.9, seed=2, batch=12
    )
    want, ws = manual_profile(8, 16, activation, init, 0.9, 2, 12)
    np.testing.assert_allclose(p.norms, want, rtol=1e-5)
    # ‖δ_l‖ ≤ ‖W_{l+1}‖₂ · sup|f′| · ‖δ_{l+1}‖ at every hidden layer
    m = act.max_derivative(activation)
    for layer in range(7):
        bound = np.linalg.norm(ws[layer + 1], 2) * m * p.norms[layer + 1]
        assert p.norms[layer] <= bound * (1 + 1e-12)
    np.testing.assert_allclose(p.fprime_bound, p.norms[-1] * m ** np.arange(7, -1, -1.0))


def test_sigmoid_vanishes_relu_he_keeps_the_gradient():
    sig = bp.gradient_norms_through_depth(depth=20, width=64, activation="sigmoid", init="xavier")
    relu = bp.gradient_norms_through_depth(depth=20, width=64, activation="relu", init="he")
    assert sig.ratio < 1e-8
    assert 0.05 < relu.ratio < 20
    per_layer = np.exp(np.mean(np.diff(np.log(sig.norms))))  # geometric growth towards output
    assert 4.0 < per_layer < 10.0  # shrinks by at least 4 per layer towards the input
    assert np.all(sig.mean_fprime <= 0.25)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "elu", "gelu", "softplus", "silu"])
def test_profile_stays_finite_at_the_caps(activation):
    p = bp.gradient_norms_through_depth(
        depth=bp.MAX_DEPTH, width=bp.MAX_WIDTH, activation=activation, init="normal",
        scale=bp.MAX_SCALE, seed=0, batch=4,
    )  # fmt: skip
    assert np.isfinite(p.norms).all() and np.isfinite(p.ratio)
    with pytest.raises(ValueError, match="depth == 51"):
        bp.gradient_norms_through_depth(depth=51, width=2, activation="relu", init="he")


# ---------------------------------------------------------------------------
# Activations: the additions used by this page
# ---------------------------------------------------------------------------


def test_flat_regions_closed_forms():
    (left, right) = act.flat_regions("tanh", -6, 6, points=120_001)
    edge = math.atanh(math.sqrt(0.9))  # 1 − tanh² u = 0.1
    assert left == pytest.approx((-6.0, -edge), abs=1e-4)
    assert right == pytest.approx((edge, 6.0), abs=1e-4)
    (left, right) = act.flat_regions("sigmoid", -8, 8, points=160_001)
    s = (1 + math.sqrt(1 - 4 * 0.025)) / 2  # σ(1 − σ) = 0.025
    assert right[0] == pytest.approx(math.log(s / (1 - s)), abs=1e-4)
    assert act.flat_regions("relu", -2, 2) == [(-2.0, 0.0)]
    assert act.flat_regions("elu", -6, 6, points=120_001)[0][1] == pytest.approx(
        math.log(0.1), abs=1e-4
    )
    assert act.flat_regions("relu", 0.5, 3) == []
    with pytest.raises(ValueError, match="hi == 1.0, must be > lo"):
        act.flat_regions("relu", 1, 1)


@pytest.mark.parametrize("name", act.NAMES)
def test_peak_derivative_brute_force(name):
    peak = act.peak_derivative(name)
    grid = np.linspace(-10, 10, 400_001)
    values = act.activation_grad(grid, name)
    if peak is None:
        assert name in ("relu", "leaky_relu", "elu", "softplus")
        return
    u, d = peak
    assert d == pytest.approx(values.max(), rel=1e-9)
    assert u == pytest.approx(grid[np.argmax(values)], abs=1e-4)
    assert d == act.max_derivative(name)


# ---------------------------------------------------------------------------
# The hand-written code and the snippet
# ---------------------------------------------------------------------------


def page_network(sizes, seed, init="xavier"):
    return bp.init_mlp(sizes, init=init, seed=seed, decimals=2)


@pytest.mark.parametrize(
    ("x", "t", "sizes", "activation", "output", "loss", "relu0"),
    [
        ([1.0, 0.5], [1.0, 0.0], [2, 3, 2], "sigmoid", "sigmoid", "mse", 0.0),
        ([0.3, -2.0, 1.0], [0.0, 1.0, 0.0], [3, 4, 2, 3], "relu", "softmax", "ce", 0.5),
        ([2.0, -1.0], [0.2, -0.4], [2, 2], "tanh", "softmax", "mse", 0.0),
        ([2.0, -1.0, 0.5], [0.7], [3, 3, 1], "leaky_relu", "sigmoid", "ce", 1.0),
        ([1.0, 1.0], [3.0], [2, 1, 1], "relu", "linear", "mse", 0.25),
    ],
)
def test_scratch_matches_the_core(x, t, sizes, activation, output, loss, relu0):
    ws, bs = page_network(sizes, seed=1)
    bs = [b + 0.1 for b in bs]
    out = scratch.run(
        "activations_backprop",
        "en",
        x=x,
        t=t,
        Ws=[w.tolist() for w in ws],
        bs=[b.tolist() for b in bs],
        act=activation,
        out=output,
        loss=loss,
        relu0=relu0,
    )
    r = bp.backprop(
        x, t, ws, bs, activation=activation, output=output, loss=loss, relu_at_zero=relu0
    )
    assert float(out["loss"]) == pytest.approx(r.loss, rel=1e-12)
    # NumPy prints arrays with 8 decimals: compare to that precision
    close = dict(rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(out["o"], r.output[0], **close)
    for layer in range(1, len(ws) + 1):
        np.testing.assert_allclose(out[f"z{layer}"], r.z[layer - 1][0], **close)
        np.testing.assert_allclose(out[f"delta{layer}"], r.delta[layer - 1][0], **close)
        np.testing.assert_allclose(out[f"dW{layer}"], r.dW[layer - 1], **close)
        np.testing.assert_allclose(out[f"db{layer}"], r.db[layer - 1], **close)
    assert float(out["max_fd_diff"]) < 1e-6


def test_scratch_default_is_the_page_default():
    out = scratch.run("activations_backprop", "zh")
    ws, bs = page_network([2, 3, 2], seed=0)
    r = bp.backprop([1.0, 0.5], [1.0, 0.0], ws, bs, activation="sigmoid", output="sigmoid")
    assert float(out["loss"]) == pytest.approx(r.loss, rel=1e-12)


def test_snippet_runs_and_reproduces():
    ws, bs = page_network([2, 3, 1], seed=0)
    code = bp.snippet(
        [1.0, 0.5], [0.3], ws, bs, activation="tanh", output="linear", loss="mse",
        depth=6, width=8, init="he", scale=1.0, seed=0,
    )  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    r = bp.backprop([1.0, 0.5], [0.3], ws, bs, activation="tanh")
    assert f"loss = {r.loss}" in proc.stdout
    with pytest.raises(ValueError, match="depth == 0"):
        bp.snippet([1.0, 0.5], [0.3], ws, bs, activation="tanh", output="linear", loss="mse",
                   depth=0)  # fmt: skip


# ---------------------------------------------------------------------------
# Charts and formulas
# ---------------------------------------------------------------------------


def default_run():
    ws, bs = page_network([2, 3, 2], seed=0)
    r = bp.backprop([1.0, 0.5], [1.0, 0.0], ws, bs, activation="sigmoid", output="sigmoid")
    return ws, bs, r


def _figures() -> dict[str, go.Figure]:
    ws, _, r = default_run()
    u = np.linspace(-5, 5, 101)
    names = ("sigmoid", "relu", "gelu")
    vals = np.array([act.activation(u, n) for n in names])
    ders = np.array([act.activation_grad(u, n) for n in names])
    regions = [act.flat_regions(n, -5, 5) for n in names]
    peaks = [act.peak_derivative(n) for n in names]
    profiles = [bp.gradient_norms_through_depth(depth=6, width=8, activation=n, init="he")
                for n in names]  # fmt: skip
    pos, cen = bp.zigzag_paths(steps=10)
    return {
        "gallery": charts.gallery(
            u, list(names), vals, ders, regions, peaks, [None, 0.0, None], TR
        ),  # fmt: skip
        "network": charts.network_graph(
            ws,
            [v[0] for v in r.z],
            [v[0] for v in r.a],
            [v[0] for v in r.delta],
            r.dW,
            r.loss,
            np.array([1.0, 0.0]),
            ["x", "h", "o"],
            fmt,
            TR,
        ),  # fmt: skip
        "depth": charts.depth_profile(
            list(names), [p.norms for p in profiles], [p.fprime_bound for p in profiles], "He", TR
        ),
        "ratio": charts.ratio_heatmap(
            list(names), ["a", "b"], np.array([[1e-9, 0.5], [2.0, 1e3], [1.0, 1.0]]), TR
        ),
        "zigzag": charts.zigzag(pos, cen, (1.0, -1.0), TR),
    }


@pytest.mark.parametrize("name", ["gallery", "network", "depth", "ratio", "zigzag"])
def test_chart_builders(name):
    fig = _figures()[name]
    go.Figure(theme.to_spec(fig))  # the full validator accepts every property we set, frames too
    assert fig.layout.title.text
    for trace in fig.data:
        for attr in ("x", "y", "z"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                assert value.dtype == np.float32 and np.isfinite(value).all(), (name, attr)
        assert trace.hovertemplate or trace.hoverinfo == "skip"
    assert "NaN" not in fig.to_json() and "Infinity" not in fig.to_json()


def test_network_frames_step_through_forward_and_backward():
    fig = _figures()["network"]
    frames = theme.to_spec(fig).get("frames", [])
    assert [f["name"] for f in frames] == ["x", "f1", "f2", "loss", "b2", "b1", "grad"]
    counts = {len(f["layout"]["annotations"]) for f in frames}
    assert counts == {len(fig.layout.annotations)}  # merged by index: same list every frame
    visible = [sum(a["visible"] for a in f["layout"]["annotations"] if "visible" in a)
               for f in frames]  # fmt: skip
    assert visible == sorted(visible) and visible[0] == 2 and visible[-1] == 2 + 3 + 2 + 1
    texts = [a.get("text", "") for a in frames[-1]["layout"]["annotations"]]
    _, _, r = default_run()
    assert f"<b>δ = {fmt(r.delta[0][0, 0], 3)}</b>" in texts[6]  # first hidden neuron
    steps = fig.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == [f["name"] for f in frames]
    assert fig.layout.sliders[0].active == len(frames) - 1


def test_formula_builders_write_the_numbers_and_shapes():
    ws, bs, r = default_run()
    z, a, d = ([v[0] for v in r.z], [v[0] for v in r.a], [v[0] for v in r.delta])
    fp = [v[0] for v in r.fprime]
    t = np.array([1.0, 0.0])
    lines = charts.forward_lines(ws, bs, z, a, "sigmoid", "sigmoid", tex)
    lines += [charts.loss_line(a[-1], t, r.loss, "sigmoid", "mse", tex)]
    lines += charts.delta_lines(ws, z, a, d, fp, t, "sigmoid", "sigmoid", "mse", tex)
    lines += charts.gradient_lines(a, d, r.dW, tex)
    text = "\n".join(lines)
    assert r"_{3\times 2}" in text and r"_{2\times 3}" in text and r"_{1\times 2}" in text
    assert tex(r.loss, 4) in text and tex(r.dW[1][0, 0], 3) in text
    assert "nan" not in text.lower() and "inf" not in text.lower()
    neg = charts.loss_line(np.array([0.5]), np.array([-2.0]), 3.125, "linear", "mse", tex)
    assert "(0.5 - (-2))^2" in neg  # negative numbers in parentheses
    perceptron = charts.perceptron_lines(
        a[1], a[2], t, r.dW[1], "sigmoid", "mse", tex
    )  # the notes' formulas, then w11 with numbers
    assert len(perceptron) == 3 and tex(r.dW[1][0, 0], 4) in perceptron[-1]
