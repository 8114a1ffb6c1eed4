"""playground.gradient_flow and its charts: references, finite differences, properties, edges.

References are independent of the code under test: a forward pass written here
with SciPy's ``expit`` and ``np.tanh``, plain central differences of that
forward pass, one LSTM step worked out by hand with ``math.exp``, closed forms
(the forget-gate product when ``W_hh = 0``, ``tanh'(0) = 1``, ``σ(b)`` at zero
input) and NumPy's SVD. Every test runs with NumPy warnings turned into errors.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit

from playground import gradient_flow as gf
from playground.activations import NAMES, activation
from playground.app.format import tex
from playground.app.i18n import translator
from playground.charts import gradient_flow as charts
from playground.charts import theme
from tests import apptools, scratch
from tests.numerics import (
    no_warnings,  # noqa: F401 (autouse fixture)
    rng_for,
)

# ---------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------

REF_ACT = {"sigmoid": expit, "tanh": np.tanh, "relu": lambda u: np.maximum(u, 0.0)}


def ref_act(u, name):
    return REF_ACT[name](u) if name in REF_ACT else activation(u, name)


def ref_forward(h, params, name, residual):
    """h_depth for a batch h, written here from the definition."""
    for W, b in params:
        a = ref_act(h @ W.T + b, name)
        h = h + a if residual else a
    return h


def ref_loss(h, params, name, residual):
    top = ref_forward(h, params, name, residual)
    return 0.5 * np.sum(top**2) / h.shape[0]


def fd_grad(f, x, step=1e-6):
    """Central differences of a scalar function of an array."""
    x = np.array(x, dtype=float)
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = step
        out[idx] = (f(x + e) - f(x - e)) / (2 * step)
    return out


def fd_jacobian(f, x, step=1e-6):
    """Central differences of a vector function: column j is ∂f/∂x_j."""
    x = np.asarray(x, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = step
        cols.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * step))
    return np.stack(cols, axis=1)


def ref_lstm(xs, W_ih, W_hh, b_ih, b_hh, h, c):
    """An LSTM in PyTorch's layout (i, f, g, o), written here with SciPy's expit."""
    H = W_hh.shape[1]
    cs, hs, fs = [], [], []
    for x in xs:
        u = W_ih @ x + b_ih + W_hh @ h + b_hh
        i, f = expit(u[:H]), expit(u[H : 2 * H])
        g, o = np.tanh(u[2 * H : 3 * H]), expit(u[3 * H :])
        c = f * c + i * g
        h = o * np.tanh(c)
        cs.append(c)
        hs.append(h)
        fs.append(f)
    return np.array(cs), np.array(hs), np.array(fs)


def small_lstm(key, D=3, H=4, T=6, forget_bias=1.0, scale=0.9):
    rng = rng_for(*key)
    p = gf.init_lstm(D, H, forget_bias=forget_bias, scale=scale, seed=int(rng.integers(1000)))
    xs = rng.normal(size=(T, D))
    h0, c0 = 0.5 * rng.normal(size=H), rng.normal(size=H)
    return p, xs, h0, c0


# ---------------------------------------------------------------------------
# Depth
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("init", "expected"), [("xavier", 1 / 8), ("he", math.sqrt(2 / 64)), ("normal", 1.0)]
)
def test_init_scales_the_same_draws(init, expected):
    params = gf.init_deep_net(3, 64, init=init, scale=2.0, seed=5)
    base = gf.init_deep_net(3, 64, init="normal", scale=1.0, seed=5)
    for (W, b), (W0, _) in zip(params, base, strict=True):
        np.testing.assert_allclose(W, 2.0 * expected * W0, rtol=1e-12)
        assert W.shape == (64, 64) and not b.any()
    assert abs(float(np.std(base[0][0])) - 1.0) < 0.05  # standard normal draws


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("name", NAMES)
def test_gradients_match_finite_differences(name, residual):
    rng = rng_for("fd", name, residual)
    params = [(0.7 * rng.normal(size=(4, 4)), 0.3 * rng.normal(size=4)) for _ in range(3)]
    x = rng.normal(size=(3, 4))
    run = gf.deep_net_gradients(x, params, activation=name, residual=residual)
    assert run.loss == pytest.approx(ref_loss(x, params, name, residual), rel=1e-12)
    for layer in range(4):
        h = run.hidden[layer]
        np.testing.assert_allclose(h, ref_forward(x, params[:layer], name, residual), rtol=1e-12)
        # L as a function of h_l: the rest of the net on the same batch
        tail = params[layer:]
        expected = fd_grad(lambda v, tail=tail: ref_loss(v, tail, name, residual), h)
        scale = max(1.0, float(np.abs(expected).max()))
        np.testing.assert_allclose(run.grads[layer], expected, rtol=1e-5, atol=1e-7 * scale)
        assert run.grad_norms[layer] == pytest.approx(np.linalg.norm(run.grads[layer]), rel=1e-12)
        assert run.spread[layer] == pytest.approx(np.std(h), rel=1e-12)


VANISHING = [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")]


@pytest.mark.parametrize("depth", [10, 20, 50])
@pytest.mark.parametrize(("name", "init"), VANISHING)
@pytest.mark.parametrize("scale", [0.5, 1.0])
def test_residual_gradients_never_below_plain(depth, name, init, scale):
    """Same weights, same batch: the skip never makes a layer's gradient smaller (gains ≤ ~1)."""
    for seed in range(4):
        nets = gf.compare_deep_nets(depth, 16, activation=name, init=init, scale=scale, seed=seed)
        assert (nets.residual.grad_norms >= nets.plain.grad_norms).all(), (seed, name, scale)
    if name == "sigmoid":  # sigmoid: slope ≤ ¼, the plain product collapses geometrically
        assert nets.plain.gain < 0.5**depth < 0.1 < nets.residual.gain


def test_plain_gradient_is_bounded_by_the_slopes():
    """‖∂L/∂h₀‖ ≤ ∏ (max f' · ‖W_l‖₂) ‖∂L/∂h_depth‖ for a plain net (closed-form bound)."""
    nets = gf.compare_deep_nets(12, 16, activation="sigmoid", seed=3)
    bound = np.prod([0.25 * np.linalg.norm(W, 2) for W, _ in nets.params])
    assert nets.plain.gain <= bound * (1 + 1e-12)


@pytest.mark.parametrize("value", [1e6, -1e6, 0.0])
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "gelu"])
def test_extreme_inputs_stay_finite(value, name):
    params = gf.init_deep_net(10, 8, seed=1)
    x = np.full((2, 8), value)
    for residual in (False, True):
        run = gf.deep_net_gradients(x, params, activation=name, residual=residual)
        assert run.finite and np.isfinite(run.grad_norms).all() and math.isfinite(run.loss)


def test_overflow_is_infinite_never_nan():
    params = gf.init_deep_net(300, 8, init="normal", scale=1e3, seed=0)
    x = gf.deep_net_inputs(4, 8)
    run = gf.deep_net_gradients(x, params, activation="relu", residual=True)
    assert not run.finite and run.loss == math.inf
    assert np.isinf(run.grad_norms).all() and run.gain == math.inf
    for arr in (run.hidden, run.grads, run.spread):
        assert not np.isnan(arr).any()
    plain = gf.deep_net_gradients(x, params, activation="relu")
    with pytest.raises(ValueError, match="overflowed"):
        gf.block_view(params, plain, run, 299)


def test_tiny_and_huge_norms_keep_their_digits():
    """Scaled norms: values near 1e-200 and 1e200 must not underflow or overflow when squared."""
    for size in (1e-200, 1e200):
        params = [(np.eye(3) * 0.5, np.zeros(3))]
        x = np.full((1, 3), size)
        run = gf.deep_net_gradients(x, params, activation="relu")
        expected = 0.25 * size * math.sqrt(3)  # h₁ = x/2, ∂L/∂h₀ = Wᵀ h₁ = x/4
        assert run.grad_norms[0] == pytest.approx(expected, rel=1e-12)


def test_block_jacobian_closed_form_and_finite_differences():
    rng = rng_for("block")
    W = rng.normal(size=(5, 5))
    b = rng.normal(size=5)
    # tanh'(0) = 1 at h = 0, b = 0: the Jacobian is W, and I + W with the skip
    np.testing.assert_allclose(gf.block_jacobian(np.zeros(5), W, np.zeros(5)), W, rtol=1e-15)
    np.testing.assert_allclose(
        gf.block_jacobian(np.zeros(5), W, np.zeros(5), residual=True), np.eye(5) + W, rtol=1e-15
    )
    h = rng.normal(size=5)
    for name in ("sigmoid", "tanh", "gelu", "silu"):
        for residual in (False, True):
            J = gf.block_jacobian(h, W, b, activation=name, residual=residual)
            ref = fd_jacobian(
                lambda v, name=name, residual=residual: (
                    (v if residual else 0) + ref_act(W @ v + b, name)
                ),
                h,
            )
            np.testing.assert_allclose(J, ref, rtol=1e-6, atol=1e-9)
            fd = gf.block_jacobian_fd(h, W, b, activation=name, residual=residual)
            np.testing.assert_allclose(fd, ref, rtol=1e-6, atol=1e-9)


def test_block_view_matches_svd_and_the_runs():
    nets = gf.compare_deep_nets(10, 8, activation="sigmoid", seed=2)
    view = gf.block_view(nets.params, nets.plain, nets.residual, 4)
    W, b = nets.params[4]
    h = nets.residual.hidden[4, 0]
    np.testing.assert_allclose(view.residual, np.eye(8) + view.branch, rtol=1e-15)
    np.testing.assert_allclose(
        view.residual, gf.block_jacobian(h, W, b, activation="sigmoid", residual=True), rtol=1e-15
    )
    np.testing.assert_allclose(
        view.residual_sv, np.linalg.svd(view.residual, compute_uv=False), rtol=1e-12
    )
    g = nets.plain.grad_norms
    assert view.plain_gain == pytest.approx(g[4] / g[5], rel=1e-12)
    assert view.plain_sv[0] < 1 < view.residual_sv[0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(x=np.zeros((2, 3))), ValueError, r"x.shape\[-1\] == 3, must be 4"),
        (dict(x=[[np.nan] * 4]), ValueError, "x"),
        (dict(params=[]), ValueError, r"len\(params\) == 0"),
        (dict(params="W"), TypeError, "params must be"),
        (dict(params=[(np.zeros((4, 3)), np.zeros(4))]), ValueError, r"params\[0\]\[0\].shape"),
        (dict(activation="swish"), ValueError, "activation == 'swish'"),
        (dict(residual=1), TypeError, "residual must be"),
    ],
)
def test_deep_net_arguments_are_checked(kwargs, error, match):
    args = dict(x=np.zeros((2, 4)), params=gf.init_deep_net(2, 4), activation="tanh")
    args.update(kwargs)
    with pytest.raises(error, match=match):
        gf.deep_net_gradients(args.pop("x"), args.pop("params"), **args)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (dict(depth=0), "depth == 0, must be >= 1"),
        (dict(width=5000), "width == 5000"),
        (dict(scale=0.0), "scale == 0.0, must be > 0"),
        (dict(init="lecun"), "init == 'lecun'"),
        (dict(depth=10_000, width=64), "depth \\* width \\* width"),
    ],
)
def test_init_arguments_are_checked(kwargs, match):
    args = dict(depth=2, width=4) | kwargs
    with pytest.raises(ValueError, match=match):
        gf.init_deep_net(args.pop("depth"), args.pop("width"), **args)


# ---------------------------------------------------------------------------
# Time: LSTM and RNN
# ---------------------------------------------------------------------------


def test_lstm_step_against_a_hand_computed_step():
    """H = D = 1, worked out on paper: u = W_ih x + b_ih + W_hh h + b_hh, rows i, f, g, o."""
    W_ih = np.array([[0.5], [-0.25], [1.0], [0.75]])
    W_hh = np.array([[0.1], [0.2], [-0.3], [0.4]])
    b_ih = np.array([0.1, 1.0, 0.0, -0.1])
    b_hh = np.array([0.0, 0.5, 0.2, 0.0])
    x, h, c = 2.0, 0.5, -1.0
    u_i = 0.5 * 2 + 0.1 * 0.5 + 0.1  # 1.15
    u_f = -0.25 * 2 + 0.2 * 0.5 + 1.0 + 0.5  # 1.1
    u_g = 1.0 * 2 - 0.3 * 0.5 + 0.2  # 2.05
    u_o = 0.75 * 2 + 0.4 * 0.5 - 0.1  # 1.6
    i, f = 1 / (1 + math.exp(-u_i)), 1 / (1 + math.exp(-u_f))
    g, o = math.tanh(u_g), 1 / (1 + math.exp(-u_o))
    c_new = f * c + i * g
    h_new = o * math.tanh(c_new)
    step = gf.lstm_cell([x], [h], [c], W_ih, W_hh, b_ih, b_hh)
    np.testing.assert_allclose(step.pre, [u_i, u_f, u_g, u_o], rtol=1e-14)
    for got, want in zip((step.i, step.f, step.g, step.o), (i, f, g, o), strict=True):
        assert float(got[0]) == pytest.approx(want, rel=1e-14)
    assert float(step.c[0]) == pytest.approx(c_new, rel=1e-14)
    assert float(step.h[0]) == pytest.approx(h_new, rel=1e-14)
    trace = gf.lstm_forward([[x]], W_ih, W_hh, b_ih, b_hh, [h], [c])
    assert float(trace.c[0, 0]) == pytest.approx(c_new, rel=1e-14)


def test_lstm_forward_matches_an_independent_loop():
    p, xs, h0, c0 = small_lstm(("loop",), T=12)
    trace = gf.lstm_forward(xs, *p, h0, c0)
    cs, hs, fs = ref_lstm(xs, *p, h0, c0)
    np.testing.assert_allclose(trace.c, cs, rtol=1e-13)
    np.testing.assert_allclose(trace.h, hs, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(trace.f, fs, rtol=1e-14)
    np.testing.assert_allclose(trace.c, trace.f * np.vstack([c0, trace.c[:-1]]) + trace.i * trace.g)


def test_zero_state_defaults_and_forget_bias_closed_form():
    """With zero input, zero weights and zero state every forget gate is exactly σ(b_f)."""
    p = gf.init_lstm(2, 3, forget_bias=1.5, scale=1e-300)
    trace = gf.lstm_forward(np.zeros((4, 2)), *p)
    np.testing.assert_allclose(trace.f, expit(1.5), rtol=1e-12)
    np.testing.assert_allclose(trace.i, 0.5, rtol=1e-12)
    assert not trace.c.any()  # g = tanh(0) = 0


@pytest.mark.parametrize("forget_bias", [-1.0, 1.0, 3.0])
def test_cell_jacobians_match_finite_differences(forget_bias):
    p, xs, h0, c0 = small_lstm(("jac", forget_bias), forget_bias=forget_bias)
    J = gf.cell_jacobians(xs, *p, h0, c0)
    T, H = xs.shape[0], p.hidden_size
    assert J.shape == (T + 1, H, H)
    cs, hs, _ = ref_lstm(xs, *p, h0, c0)
    o = expit((xs @ p.W_ih.T + p.b_ih + p.b_hh + np.vstack([h0, hs[:-1]]) @ p.W_hh.T)[:, 3 * H :])

    def end_state(t, c_t):  # move c_t; for t >= 1 h_t = o_t tanh(c_t) moves with it
        if t == 0:
            return ref_lstm(xs, *p, h0, c_t)[0][-1]
        if t == T:
            return c_t
        return ref_lstm(xs[t:], *p, o[t - 1] * np.tanh(c_t), c_t)[0][-1]

    for t in range(T + 1):
        c_t = c0 if t == 0 else cs[t - 1]
        ref = fd_jacobian(lambda v, t=t: end_state(t, v), c_t)
        np.testing.assert_allclose(J[t], ref, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(J[T], np.eye(H))


def test_without_recurrence_the_jacobian_is_the_forget_product():
    """W_hh = 0: h never feeds back, so ∂c_T/∂c_t is exactly diag(∏_{s>t} f_s)."""
    p, xs, h0, c0 = small_lstm(("direct",), T=9)
    p = p._replace(W_hh=np.zeros_like(p.W_hh))
    trace = gf.lstm_forward(xs, *p, h0, c0)
    P = gf.forget_path(trace)
    J = gf.cell_jacobians(xs, *p, h0, c0)
    for t in range(xs.shape[0] + 1):
        expected = np.prod(trace.f[t:], axis=0)  # rows t .. T-1 are f_{t+1} .. f_T
        np.testing.assert_allclose(P[t], expected, rtol=1e-13)
        np.testing.assert_allclose(J[t], np.diag(expected), rtol=1e-12, atol=1e-300)


def test_step_jacobian_matches_finite_differences():
    p, xs, h0, c0 = small_lstm(("step",))
    J = gf.lstm_cell_jacobian(xs[0], h0, c0, *p)
    H = p.hidden_size

    def cell(state):
        cs, hs, _ = ref_lstm(xs[:1], *p, state[H:], state[:H])
        return np.concatenate([cs[0], hs[0]])

    ref = fd_jacobian(cell, np.concatenate([c0, h0]))
    np.testing.assert_allclose(J, ref, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gf.lstm_cell_jacobian_fd(xs[0], h0, c0, *p), ref, atol=1e-9)
    f = gf.lstm_cell(xs[0], h0, c0, *p).f
    np.testing.assert_allclose(J[:H, :H], np.diag(f), rtol=1e-15)  # the direct path


def test_rnn_forward_and_jacobians():
    rng = rng_for("rnn")
    H, D, T = 4, 3, 8
    W_ih, W_hh = rng.normal(size=(H, D)), 0.8 * rng.normal(size=(H, H))
    b_ih, b_hh = rng.normal(size=H), rng.normal(size=H)
    xs, h0 = rng.normal(size=(T, D)), rng.normal(size=H)
    hs = gf.rnn_forward(xs, W_ih, W_hh, b_ih, b_hh, h0)
    h, ref = h0, []
    for x in xs:
        h = np.tanh(W_ih @ x + b_ih + W_hh @ h + b_hh)
        ref.append(h)
    np.testing.assert_allclose(hs, ref, rtol=1e-14)
    np.testing.assert_allclose(gf.rnn_cell(xs[0], h0, W_ih, W_hh, b_ih, b_hh), ref[0], rtol=1e-14)
    J = gf.rnn_jacobians(xs, W_ih, W_hh, b_ih, b_hh, h0)
    for t in range(T + 1):
        h_t = h0 if t == 0 else hs[t - 1]
        run = lambda v, t=t: gf.rnn_forward(xs[t:], W_ih, W_hh, b_ih, b_hh, v)[-1] if t < T else v  # noqa: E731
        np.testing.assert_allclose(J[t], fd_jacobian(run, h_t), rtol=1e-6, atol=1e-9)
    norms = gf.rnn_jacobian_norms(xs, W_ih, W_hh, b_ih, b_hh, h0)
    np.testing.assert_allclose(norms, [np.linalg.norm(m, 2) for m in J], rtol=1e-12)


def test_rnn_is_the_lstm_candidate_path():
    p = gf.init_lstm(3, 4, seed=3)
    rnn = gf.rnn_from_lstm(p)
    np.testing.assert_array_equal(rnn.W_hh, p.W_hh[8:12])
    np.testing.assert_array_equal(rnn.W_ih, p.W_ih[8:12])
    xs = gf.memory_sequence(5, 3)
    g = gf.lstm_forward(xs[:1], *p).g[0]  # at h = 0 the first candidate is the RNN's first h
    np.testing.assert_allclose(gf.rnn_forward(xs[:1], *rnn)[0], g, rtol=1e-14)


@settings(max_examples=60, deadline=None)
@given(
    xs=arrays(np.float64, (6, 2), elements=st.floats(-1e6, 1e6)),
    w=arrays(np.float64, (8, 2 + 2), elements=st.floats(-5, 5)),
    bias=st.floats(-20, 20),
)
def test_lstm_properties_for_any_input(xs, w, bias):
    """Gates in [0, 1], h in [-1, 1], |c_t| <= |c_0| + t, finite Jacobians, for inputs up to 1e6."""
    H = 2
    W_ih, W_hh = w[:, :2], w[:, 2:]
    b_ih = np.zeros(4 * H)
    b_ih[H : 2 * H] = bias
    trace = gf.lstm_forward(xs, W_ih, W_hh, b_ih, np.zeros(4 * H))
    for gate in (trace.i, trace.f, trace.o):
        assert ((gate >= 0) & (gate <= 1)).all()
    assert (np.abs(trace.g) <= 1).all() and (np.abs(trace.h) <= 1).all()
    assert (np.abs(trace.c) <= np.arange(1, 7)[:, None]).all()
    J = gf.cell_jacobians(xs, W_ih, W_hh, b_ih, np.zeros(4 * H))
    assert np.isfinite(J).all()
    assert np.isfinite(gf.spectral_norms(J)).all()
    P = gf.forget_path(trace)
    assert ((P >= 0) & (P <= 1)).all() and (np.diff(P, axis=0) >= 0).all()


@settings(max_examples=40, deadline=None)
@given(
    xs=arrays(np.float64, (5, 3), elements=st.floats(-1e6, 1e6)),
    scale=st.floats(0.01, 3.0),
)
def test_rnn_properties_for_any_input(xs, scale):
    p = gf.init_lstm(3, 3, scale=scale, seed=1)
    rnn = gf.rnn_from_lstm(p)
    norms = gf.rnn_jacobian_norms(xs, *rnn)
    assert np.isfinite(norms).all() and norms[-1] == pytest.approx(1.0)
    assert (np.abs(gf.rnn_forward(xs, *rnn)) <= 1).all()


def test_memory_comparison_lstm_remembers_longer():
    weak = gf.compare_memory(40, 8, forget_bias=0.0)
    strong = gf.compare_memory(40, 8, forget_bias=3.0)
    assert weak.mean_forget == pytest.approx(0.5, abs=0.05)
    assert strong.mean_forget > 0.9
    for m in (weak, strong):
        assert m.lstm_full[-1] == pytest.approx(1.0) and m.rnn_norms[-1] == pytest.approx(1.0)
        np.testing.assert_allclose(m.lstm_direct, gf.forget_path(m.trace).max(axis=1))
    assert gf.memory_reach(strong.lstm_full) > gf.memory_reach(weak.lstm_full)
    assert gf.memory_reach(strong.lstm_full) > gf.memory_reach(strong.rnn_norms)
    assert strong.lstm_direct[0] > 1e4 * weak.lstm_direct[0]


def test_forget_bias_sweep_is_the_memory_comparison():
    s = gf.forget_bias_sweep([0.0, 2.0, 4.0], 30, 4, gain=1.25, seed=2)
    for k, bias in enumerate([0.0, 2.0, 4.0]):
        m = gf.compare_memory(30, 4, forget_bias=bias, gain=1.25, seed=2)
        assert s.full[k] == m.lstm_full[0] and s.direct[k] == m.lstm_direct[0]
        assert s.mean_forget[k] == m.mean_forget
    assert (np.diff(s.direct) > 0).all() and (np.diff(s.mean_forget) > 0).all()


def test_half_life_and_reach_closed_forms():
    for f in (0.3, 0.5, 0.731, 0.99):
        assert f ** gf.forget_half_life(f) == pytest.approx(0.5, rel=1e-12)
    assert gf.forget_half_life(1.0) == math.inf and gf.forget_half_life(0.0) == 0.0
    assert gf.memory_reach([0.5, 0.001, 0.2, 1.0]) == 3  # furthest step back above 1%
    assert gf.memory_reach([1e-5, 1e-4, 1e-3]) == 0
    assert gf.memory_reach(np.full(5, np.inf)) == 4


def test_memory_sequence():
    xs = gf.memory_sequence(10, 4, signal=2.0, noise=0.0, seed=7)
    assert xs.shape == (10, 4) and (np.abs(xs[0]) == 2.0).all() and not xs[1:].any()
    a, b = gf.memory_sequence(6, 3, seed=1), gf.memory_sequence(60, 3, seed=1)
    np.testing.assert_array_equal(a, gf.memory_sequence(6, 3, seed=1))
    np.testing.assert_array_equal(a[1:], b[1:6])  # a longer sequence extends the shorter one


def test_spectral_norms_and_infinity():
    J = np.array([[[3.0, 0.0], [0.0, -4.0]], [[np.inf, 0.0], [0.0, 1.0]]])
    assert gf.spectral_norms(J).tolist() == [4.0, math.inf]
    with pytest.raises(ValueError, match="jacobians"):
        gf.spectral_norms(np.zeros((2, 2)))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda p: gf.lstm_forward(np.zeros((0, 3)), *p), r"len\(xs\) == 0"),
        (lambda p: gf.lstm_forward(np.zeros((4, 2)), *p), r"xs"),
        (lambda p: gf.lstm_forward(np.zeros((4, 3)), p.W_ih, p.W_hh[:5], p.b_ih, p.b_hh), "W_hh"),
        (lambda p: gf.lstm_forward([[np.inf, 0, 0]], *p), "xs"),
        (lambda p: gf.lstm_forward(np.zeros((4, 3)), *p, np.zeros(3)), "h0"),
        (lambda p: gf.lstm_cell(np.zeros((1, 3)), np.zeros(4), np.zeros(4), *p), "x.ndim"),
        (lambda p: gf.init_lstm(3, 0), "hidden_size == 0"),
        (lambda p: gf.init_lstm(3, 4, scale=-1.0), "scale == -1.0"),
        (lambda p: gf.memory_sequence(0, 3), "steps == 0"),
        (lambda p: gf.memory_reach([]), "norms"),
        (lambda p: gf.forget_half_life(1.5), "f == 1.5"),
        (lambda p: gf.forget_bias_sweep([1e7], 5, 2), "beyond 1e6"),
        (lambda p: gf.cell_jacobians(np.zeros((100_000, 3)), *gf.init_lstm(3, 16)), "H \\* H"),
    ],
)
def test_lstm_arguments_are_checked(call, match):
    with pytest.raises(ValueError, match=match):
        call(gf.init_lstm(3, 4, seed=0))


def test_forget_path_wants_a_trace():
    with pytest.raises(TypeError, match="LSTMTrace"):
        gf.forget_path(np.ones((3, 2)))


def test_snippet_runs_and_reproduces_the_page(capsys):
    settings_ = dict(depth=12, width=8, activation="tanh", init="he", scale=0.8, seed=3)
    code = gf.snippet(**settings_, steps=15, hidden_size=4, forget_bias=2.0, gain=1.25, lstm_seed=1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the snippet they check
    nets = gf.compare_deep_nets(**settings_)
    np.testing.assert_array_equal(namespace["nets"].plain.grad_norms, nets.plain.grad_norms)
    mem = gf.compare_memory(15, 4, forget_bias=2.0, gain=1.25, seed=1)
    np.testing.assert_array_equal(namespace["mem"].lstm_full, mem.lstm_full)
    assert capsys.readouterr().out


# ---------------------------------------------------------------------------
# Hand-written code vs the core
# ---------------------------------------------------------------------------

DEFAULT_PAGE = dict(
    depth=30,
    width=32,
    batch=32,
    act="sigmoid",
    init="xavier",
    scale=1.0,
    seed=0,
    layer=10,
    H=8,
    D=4,
    forget_bias=1.0,
    gain=1.0,
    lstm_seed=0,
    T=40,
    step=2,
)
OTHER_PAGE = DEFAULT_PAGE | dict(
    depth=12,
    width=16,
    act="relu",
    init="he",
    scale=1.25,
    seed=7,
    layer=11,
    H=4,
    forget_bias=-0.5,
    gain=2.5,
    lstm_seed=3,
    T=25,
    step=25,
)


@pytest.mark.parametrize("page", [DEFAULT_PAGE, OTHER_PAGE], ids=["default", "other"])
def test_scratch_matches_the_core(page):
    out = scratch.run("residual_lstm", "en", **page)
    nets = gf.compare_deep_nets(
        page["depth"],
        page["width"],
        activation=page["act"],
        init=page["init"],
        scale=page["scale"],
        batch=page["batch"],
        seed=page["seed"],
    )
    np.testing.assert_allclose(out["plain_grad_norms"], nets.plain.grad_norms, rtol=1e-6)
    np.testing.assert_allclose(out["residual_grad_norms"], nets.residual.grad_norms, rtol=1e-6)
    view = gf.block_view(nets.params, nets.plain, nets.residual, page["layer"])
    np.testing.assert_allclose(out["block_jacobian_corner"], view.residual[:3, :3], atol=1e-7)
    mem = gf.compare_memory(
        page["T"],
        page["H"],
        input_size=page["D"],
        forget_bias=page["forget_bias"],
        gain=page["gain"],
        seed=page["lstm_seed"],
    )
    row = page["step"] - 1
    for name in ("i", "f", "g", "o", "c", "h"):
        # print() shows 8 decimals
        np.testing.assert_allclose(out[name], getattr(mem.trace, name)[row], rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


decoded = apptools.spec_array


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_a_valid_figure(lang):
    tr = translator(lang)
    nets = gf.compare_deep_nets(20, 8, activation="sigmoid")
    view = gf.block_view(nets.params, nets.plain, nets.residual, 3)
    mem = gf.compare_memory(20, 4)
    sweep = gf.forget_bias_sweep([0.0, 1.0, 2.0], 10, 2)
    figures = [
        charts.gradient_norms(nets.plain.grad_norms, nets.residual.grad_norms, tr),
        charts.spread_per_layer(nets.plain.spread, nets.residual.spread, tr),
        charts.singular_values(view.plain_sv, view.residual_sv, 3, tr),
        charts.gates_heatmap(mem.trace, tr),
        charts.memory_curves(mem.lstm_full, mem.lstm_direct, mem.rnn_norms, 0.01, tr),
        charts.forget_sweep(sweep, 1.0, tr),
    ]
    for fig in figures:
        spec = theme.to_spec(fig)  # compared with Plotly's own spec (PLAYGROUND_CHECK_SPECS)
        go.Figure(spec)
        assert spec["layout"]["title"]["text"]


def test_log_charts_carry_exact_log10_values():
    """Norms far below float32's range (1e-60) are drawn as log10, hover shows the value."""
    tr = translator("en")
    plain = np.array([1e-60, 1e-30, 0.0, 1.0])
    residual = np.array([2.0, np.inf, 1.5, 1.0])
    spec = theme.to_spec(charts.gradient_norms(plain, residual, tr))
    first, second = spec["data"]
    np.testing.assert_allclose(decoded(first["y"]), [-60, -30, 0], rtol=1e-6)
    np.testing.assert_allclose(decoded(first["x"]), [0, 1, 3])
    assert first["text"][0] == "1e-60"
    np.testing.assert_allclose(decoded(second["x"]), [0, 2, 3])  # inf left out
    assert spec["layout"]["annotations"], "a note says some values are not drawn"
    vals, text = charts.log_ticks(-60.2, 0.5)
    assert vals[0] <= -60.2 and vals[-1] >= 0.5 and len(vals) <= 7 and "10⁻⁶⁰" in text


def test_heatmap_panels_hold_the_trace():
    mem = gf.compare_memory(12, 4, forget_bias=2.0)
    spec = theme.to_spec(charts.gates_heatmap(mem.trace, translator("en")))
    z = [decoded(trace["z"]) for trace in spec["data"]]
    for got, want in zip(z, (mem.trace.i, mem.trace.f, mem.trace.o, mem.trace.c), strict=True):
        np.testing.assert_allclose(got, want.T, rtol=1e-6)


def test_formulas_show_the_numbers():
    mem = gf.compare_memory(10, 4, forget_bias=1.0)
    latex = charts.step_formula(mem.trace, mem.params, 3, 2, tex)
    assert tex(mem.trace.f[2, 2], 4) in latex and tex(mem.trace.h[2, 2], 4) in latex
    assert latex.count(r"\\") == 6  # i, f, g, o, c (two rows), h
    nets = gf.compare_deep_nets(6, 5, activation="tanh")
    view = gf.block_view(nets.params, nets.plain, nets.residual, 2)
    jac, sv = charts.block_formula(view, "tanh", ("plain", "residual"), tex)
    assert f"{view.residual[0, 0]:.3f}" in jac and r"\ddots" in jac
    assert tex(view.residual_sv[0], 3) in sv


def test_finite_differences_scale_with_large_activations():
    """A residual stream that grew to 1e20: the check's step grows with it."""
    rng = rng_for("large")
    W = rng.normal(size=(4, 4))
    h = 1e20 * rng.normal(size=4)
    b = np.zeros(4)
    for name in ("relu", "tanh"):
        J = gf.block_jacobian(h, W, b, activation=name, residual=True)
        fd = gf.block_jacobian_fd(h, W, b, activation=name, residual=True)
        np.testing.assert_allclose(fd, J, rtol=1e-6, atol=1e-9)
