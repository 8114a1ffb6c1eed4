"""playground.batchnorm and playground.charts.batchnorm: references, finite
differences, hand-computed running statistics, properties, extremes, charts."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.preprocessing import StandardScaler

from playground import batchnorm as bn
from playground.app.i18n import translator
from playground.charts import batchnorm as charts
from playground.charts import theme

TR = translator("en")


def _fd(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central finite differences of a scalar function, written independently
    of the module under test."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


# --------------------------------------------------------------------------
# batch_norm_train
# --------------------------------------------------------------------------


def test_train_matches_standard_scaler_and_hand_values():
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 5.0, size=(64, 4))
    y, mean, var = bn.batch_norm_train(x, 1.0, 0.0, eps=1e-300)
    np.testing.assert_allclose(y, StandardScaler().fit_transform(x), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mean, x.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(var, x.var(axis=0, ddof=0), rtol=1e-12)  # biased

    y, mean, var = bn.batch_norm_train(
        [[2.0], [4.0], [4.0], [4.0], [5.0], [5.0], [7.0], [9.0]], gamma=2.0, beta=1.0, eps=1e-5
    )
    assert mean[0] == 5.0 and var[0] == 4.0
    expected = 2.0 * (np.array([2, 4, 4, 4, 5, 5, 7, 9]) - 5.0) / math.sqrt(4.0 + 1e-5) + 1.0
    np.testing.assert_allclose(y[:, 0], expected, rtol=1e-15)


def test_output_mean_and_variance_per_channel_with_gamma_beta():
    rng = np.random.default_rng(1)
    x = rng.normal([0.0, 100.0, -5.0], [1.0, 30.0, 0.01], size=(200, 3))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0])
    y, _, var = bn.batch_norm_train(x, gamma, beta)
    np.testing.assert_allclose(y.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=0), gamma**2 * var / (var + bn.EPS), rtol=1e-10)
    # Large-variance channels are at unit variance (times gamma²) to within eps.
    np.testing.assert_allclose(y.var(axis=0)[:2], gamma[:2] ** 2, rtol=1e-4)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 24), st.integers(1, 4)),
        elements=st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
    ),
    st.floats(0.1, 5.0),
    st.floats(-5.0, 5.0),
)
def test_property_zero_mean_and_unit_variance(x, gamma, beta):
    """Every channel has mean β and variance γ²·σ²/(σ² + ε) (≈ γ² when σ² ≫ ε)."""
    y, mean, var = bn.batch_norm_train(x, gamma, beta)
    assert np.isfinite(y).all()
    np.testing.assert_allclose(y.mean(axis=0), beta, atol=1e-9 * (1 + abs(beta)))
    np.testing.assert_allclose(
        y.var(axis=0), gamma**2 * var / (var + bn.EPS), rtol=1e-7, atol=1e-12
    )
    big = var > 1.0
    np.testing.assert_allclose(y.var(axis=0)[big], gamma**2, rtol=1e-4)


def test_degenerate_batches():
    # A constant channel: sigma² = 0, x_hat = 0, output beta (eps keeps it finite).
    y, mean, var = bn.batch_norm_train([[3.0, 1.0], [3.0, 2.0]], gamma=2.0, beta=0.5)
    assert var[0] == 0 and np.all(y[:, 0] == 0.5)
    # A batch of one: everything is beta (PyTorch refuses this in train mode).
    y, _, var = bn.batch_norm_train([[7.0, -2.0]], gamma=3.0, beta=[1.0, -1.0])
    np.testing.assert_array_equal(y, [[1.0, -1.0]])
    assert np.all(var == 0)


@pytest.mark.parametrize("scale", [1e-320, 1e-310, 1e-300, 1e-200, 1.0, 1e200, 1e307])
def test_extreme_magnitudes_stay_finite(scale):
    x = np.array([[1.0], [-1.0], [0.5], [0.25]]) * scale
    y, mean, var = bn.batch_norm_train(x)
    assert np.isfinite(y).all()
    if scale >= 1e-2:
        np.testing.assert_allclose(y.mean(), 0, atol=1e-12)
        np.testing.assert_allclose(
            y.var(), min(var[0], 1e300) / (min(var[0], 1e300) + bn.EPS), rtol=1e-9
        )
    else:  # far below sqrt(eps): x_hat ≈ 0
        assert np.abs(y).max() < 1e-100
    assert np.isfinite(mean).all()
    if scale >= 1e200:
        assert var[0] == math.inf or var[0] > 1e300  # the true variance overflows float64


def test_plus_minus_1000_and_1e308():
    y, _, _ = bn.batch_norm_train([[1000.0], [-1000.0]])
    np.testing.assert_allclose(y[:, 0], [1, -1], rtol=1e-8)
    y, mean, var = bn.batch_norm_train([[1e308], [-1e308], [1e308]])
    assert np.isfinite(y).all() and abs(y.mean()) < 1e-12
    assert var[0] == math.inf


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(x=[]), ValueError, "x.ndim == 1, must be 2."),
        (dict(x=np.zeros((0, 3))), ValueError, "x.shape[0] == 0, must be >= 1."),
        (dict(x=np.zeros((3, 0))), ValueError, "x.shape[1] == 0, must be >= 1."),
        (dict(x=[1.0, 2.0]), ValueError, "x.ndim == 1, must be 2."),
        (dict(x=[[np.nan], [1.0]]), ValueError, "x contains nan"),
        (dict(x=[[np.inf], [1.0]]), ValueError, "x contains inf"),
        (dict(x=[["a"], ["b"]]), TypeError, "x must be array-like"),
        (dict(x=[[1.0, 2.0]], gamma=[1.0, 2.0, 3.0]), ValueError, "gamma.shape == (3,)"),
        (dict(x=[[1.0]], eps=0.0), ValueError, "eps == 0.0, must be > 0."),
        (dict(x=[[1.0]], eps=-1e-5), ValueError, "eps == -1e-05, must be > 0."),
        (dict(x=[[1.0]], beta=np.nan), ValueError, "beta contains nan"),
    ],
)
def test_train_validation(kwargs, error, message):
    x = kwargs.pop("x")
    with pytest.raises(error) as info:
        bn.batch_norm_train(x, **kwargs)
    assert message in str(info.value)


# --------------------------------------------------------------------------
# batch_norm_backward
# --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 1), (5, 3), (16, 2)])
@pytest.mark.parametrize(("gamma", "beta"), [(1.0, 0.0), (2.5, -1.0), (0.3, 4.0)])
def test_backward_matches_finite_differences(shape, gamma, beta):
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(2.0, 3.0, size=shape)
    dy = rng.normal(size=shape)
    g = np.full(shape[1], gamma)
    b = np.full(shape[1], beta)

    def loss(x_, g_=g, b_=b):
        return float(np.sum(dy * bn.batch_norm_train(x_, g_, b_)[0]))

    dx, dgamma, dbeta = bn.batch_norm_backward(dy, x, gamma)
    np.testing.assert_allclose(dx, _fd(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dgamma, _fd(lambda g_: loss(x, g_), g), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dbeta, _fd(lambda b_: loss(x, g, b_), b), rtol=1e-6, atol=1e-8)
    # The module's own finite-difference helper agrees too.
    np.testing.assert_allclose(
        bn.batch_norm_numeric_grad(dy, x, gamma, beta), dx, rtol=1e-6, atol=1e-8
    )


@settings(max_examples=40, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 10), st.integers(1, 3)),
        elements=st.floats(-100, 100, allow_nan=False),
    ),
    st.integers(0, 2**16),
)
def test_property_backward_sums_to_zero_and_is_orthogonal_to_x_hat(x, seed):
    dy = np.random.default_rng(seed).normal(size=x.shape)
    dx, dgamma, dbeta = bn.batch_norm_backward(dy, x, 1.7)
    x_hat = bn.batch_norm_train(x)[0]
    scale = 1 + np.abs(dx).max()
    np.testing.assert_allclose(dx.sum(axis=0), 0, atol=1e-9 * scale * x.shape[0])
    # Σ dx·x̂ = γ/√(σ²+ε) · Σ g x̂ · ε/(σ² + ε): zero up to the ε term.
    _, _, var = bn.batch_norm_train(x)
    expected = 1.7 / np.sqrt(var + bn.EPS) * dgamma * bn.EPS / (var + bn.EPS)
    np.testing.assert_allclose((dx * x_hat).sum(axis=0), expected, atol=1e-8 * scale * x.shape[0])
    np.testing.assert_allclose(dbeta, dy.sum(axis=0), rtol=1e-12)


def test_backward_validation():
    with pytest.raises(ValueError, match=r"dy.shape == \(2, 1\), must equal x.shape == \(3, 1\)"):
        bn.batch_norm_backward(np.zeros((2, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="x.size == 5000, must be <= 4096"):
        bn.batch_norm_numeric_grad(np.zeros((5000, 1)), np.zeros((5000, 1)))


# --------------------------------------------------------------------------
# Running statistics and eval mode
# --------------------------------------------------------------------------


def test_running_stats_by_hand():
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 10.0]])
    # batch mean [3, 6]; biased var [8/3, 32/3]; unbiased var [4, 16]
    mean, var = bn.update_running_stats([0.0, 1.0], [1.0, 2.0], x, momentum=0.1)
    np.testing.assert_allclose(mean, [0.9 * 0 + 0.1 * 3, 0.9 * 1 + 0.1 * 6], rtol=1e-15)
    np.testing.assert_allclose(var, [0.9 * 1 + 0.1 * 4, 0.9 * 2 + 0.1 * 16], rtol=1e-15)
    # Defaults: m = 0.1 (PyTorch). m = 0 keeps the running values, m = 1 takes the batch's.
    np.testing.assert_allclose(bn.update_running_stats([0, 1], [1, 2], x)[1], var)
    np.testing.assert_array_equal(
        bn.update_running_stats([0, 1], [1, 2], x, momentum=0.0)[0], [0, 1]
    )
    m1, v1 = bn.update_running_stats([0, 1], [1, 2], x, momentum=1.0)
    np.testing.assert_allclose(m1, [3, 6])
    np.testing.assert_allclose(v1, [4, 16])


def test_keras_momentum_is_one_minus_m():
    """Keras: running = m'·running + (1 − m')·batch with m' = 0.99 ⇔ PyTorch m = 0.01."""
    x = np.random.default_rng(3).normal(size=(8, 2))
    running_mean, running_var = np.array([0.5, -1.0]), np.array([2.0, 0.3])
    keras_m = 0.99
    keras_mean = keras_m * running_mean + (1 - keras_m) * x.mean(axis=0)
    mean, _ = bn.update_running_stats(running_mean, running_var, x, momentum=1 - keras_m)
    np.testing.assert_allclose(mean, keras_mean, rtol=1e-12)


def test_running_stats_do_not_modify_inputs_and_validate():
    rm, rv = np.zeros(1), np.ones(1)
    bn.update_running_stats(rm, rv, [[1.0], [2.0]])
    assert rm[0] == 0 and rv[0] == 1
    with pytest.raises(ValueError, match=r"x.shape\[0\] == 1, must be >= 2."):
        bn.update_running_stats([0.0], [1.0], [[1.0]])
    with pytest.raises(ValueError, match=r"momentum == 1.5, must be <= 1.0."):
        bn.update_running_stats([0.0], [1.0], [[1.0], [2.0]], momentum=1.5)
    with pytest.raises(ValueError, match="running_var has a negative entry"):
        bn.update_running_stats([0.0], [-1.0], [[1.0], [2.0]])
    with pytest.raises(ValueError, match=r"running_mean.shape == \(2,\), must be \(1\)"):
        bn.update_running_stats([0.0, 0.0], [1.0], [[1.0], [2.0]])


def test_eval_uses_running_stats_and_is_per_example():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(6, 3))
    rm, rv = np.array([1.0, -2.0, 0.5]), np.array([4.0, 0.25, 9.0])
    gamma, beta = np.array([1.0, 2.0, -1.0]), np.array([0.0, 1.0, 2.0])
    y = bn.batch_norm_eval(x, rm, rv, gamma, beta)
    np.testing.assert_allclose(y, gamma * (x - rm) / np.sqrt(rv + bn.EPS) + beta, rtol=1e-14)
    # Each row is independent of the others (unlike train mode).
    np.testing.assert_array_equal(bn.batch_norm_eval(x[:1], rm, rv, gamma, beta), y[:1])
    assert not np.allclose(
        bn.batch_norm_train(x[:2], gamma, beta)[0][0], bn.batch_norm_train(x[:4], gamma, beta)[0][0]
    )
    # With the batch's own (biased) statistics, eval equals train.
    y_train, mean, var = bn.batch_norm_train(x, gamma, beta)
    np.testing.assert_allclose(bn.batch_norm_eval(x, mean, var, gamma, beta), y_train, rtol=1e-12)


# --------------------------------------------------------------------------
# Activations and the MLP
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", bn.ACTIVATIONS)
def test_activation_grad_matches_finite_differences(name):
    u = np.array([-5.0, -1.3, -0.2, 0.4, 1.7, 6.0])
    numeric = (bn.activation(u + 1e-6, name) - bn.activation(u - 1e-6, name)) / 2e-6
    np.testing.assert_allclose(bn.activation_grad(u, name), numeric, rtol=1e-6, atol=1e-10)


def test_activation_validation():
    assert bn.activation([np.inf, -np.inf], "sigmoid").tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="u contains nan"):
        bn.activation([np.nan], "tanh")
    with pytest.raises(ValueError, match="name == 'swish', must be one of"):
        bn.activation_grad([1.0], "swish")


def test_saturated_fraction():
    assert bn.saturated_fraction([-5.0, -3.0, 0.0, 4.5], "sigmoid") == 0.5
    assert bn.saturated_fraction([-2.5, 1.0, 2.1, 0.0], "tanh") == 0.5
    assert bn.saturated_fraction([-1.0, 0.0, 0.1, 2.0], "relu") == 0.5
    with pytest.raises(ValueError, match="activation == 'swish', must be one of"):
        bn.saturated_fraction([1.0], "swish")


def _net_loss(x, t, params, **kw):
    return bn.mlp_forward_backward(x, t, params, **kw).loss


@pytest.mark.parametrize("activation", bn.ACTIVATIONS)
@pytest.mark.parametrize(
    ("use_bn", "gamma", "beta"), [(False, 1.0, 0.0), (True, 1.0, 0.0), (True, 1.7, 0.3)]
)
def test_mlp_gradients_match_finite_differences(activation, use_bn, gamma, beta):
    params = bn.init_mlp(3, 4, init="he", scale=1.0, seed=7)
    x, t = bn.make_batch(6, 4, seed=7)
    kw = dict(activation=activation, bn=use_bn, gamma=gamma, beta=beta)
    run = bn.mlp_forward_backward(x, t, params, **kw)
    for layer in range(3):

        def loss(w, layer=layer):
            weights = list(params.weights)
            weights[layer] = w
            return _net_loss(x, t, bn.MLPParams(tuple(weights), params.readout), **kw)

        numeric = _fd(loss, params.weights[layer].copy(), h=1e-6)
        np.testing.assert_allclose(run.grads[layer], numeric, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(run.grad_norms, [np.linalg.norm(g) for g in run.grads])


def test_mlp_pre_activations_and_shared_weights():
    params = bn.init_mlp(5, 16, init="normal", scale=1.0, seed=0)
    x, t = bn.make_batch(32, 16, seed=0)
    plain = bn.mlp_forward_backward(x, t, params, activation="tanh")
    normed = bn.mlp_forward_backward(x, t, params, activation="tanh", bn=True, gamma=2.0, beta=0.5)
    # Same weights and batch: layer 1 of the BN net is layer 1 of the plain net, normalised.
    np.testing.assert_allclose(
        normed.pre[0], bn.batch_norm_train(plain.pre[0], 2.0, 0.5)[0], rtol=1e-12, atol=1e-12
    )
    for u in normed.pre:  # every BN layer: mean beta, std gamma per unit
        np.testing.assert_allclose(u.mean(axis=0), 0.5, atol=1e-9)
        np.testing.assert_allclose(u.std(axis=0), 2.0, rtol=1e-3)
    np.testing.assert_allclose(plain.post[2], np.tanh(plain.pre[2]))


def test_init_scales():
    for init, std in [
        ("normal", 0.7),
        ("xavier", 0.7 / math.sqrt(256)),
        ("he", 0.7 * math.sqrt(2 / 256)),
    ]:
        params = bn.init_mlp(2, 256, init=init, scale=0.7, seed=1)
        assert abs(params.weights[0].std() / std - 1) < 0.02
    a = bn.init_mlp(2, 8, init="xavier", seed=3).weights[1]
    b = bn.init_mlp(2, 8, init="he", seed=3).weights[1]
    np.testing.assert_allclose(b / a, math.sqrt(2))  # same draws, different size


def test_gradients_vanish_with_depth_for_sigmoid_without_bn_but_not_with_bn():
    plain, normed = bn.compare_mlp(
        depth=10,
        width=64,
        batch_size=128,
        activation="sigmoid",
        init="xavier",
        seed=0,
        dtype="float64",
    )
    assert plain.grad_norms[0] < 1e-3 * plain.grad_norms[-1]
    assert np.all(np.diff(np.log(plain.grad_norms)) > 0)  # shrinks layer after layer
    assert normed.grad_norms.max() < 3 * normed.grad_norms.min()
    # The default page view (N(0, 1) weights): saturated without BN, not with it.
    plain, normed = bn.compare_mlp(seed=0)
    assert plain.saturated.mean() > 0.3 and normed.saturated.max() < 0.01
    assert plain.grad_ratio < 0.3 and 0.5 < normed.grad_ratio < 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vanishing_claim_holds_for_several_seeds(seed):
    plain, normed = bn.compare_mlp(depth=12, width=32, batch_size=64, init="xavier", seed=seed)
    assert plain.grad_ratio < 1e-4
    assert 0.2 < normed.grad_ratio < 5


def test_float32_matches_float64():
    kw = dict(depth=8, width=32, batch_size=64, activation="tanh", init="xavier", scale=1.5)
    p32, b32 = bn.compare_mlp(**kw, dtype="float32")
    p64, b64 = bn.compare_mlp(**kw, dtype="float64")
    np.testing.assert_allclose(p32.grad_norms, p64.grad_norms, rtol=1e-3)
    np.testing.assert_allclose(b32.grad_norms, b64.grad_norms, rtol=1e-3)
    np.testing.assert_allclose(p32.saturated, p64.saturated, atol=2e-3)


def test_relu_explosion_overflows_float32_and_is_reported():
    kw = dict(depth=20, width=256, batch_size=64, activation="relu", init="normal")
    # σ = 1: the activations stay below float32's 3.4e38, the loss does not.
    plain, normed = bn.compare_mlp(**kw, scale=1.0)
    assert not plain.finite and plain.first_overflow == 0 and plain.loss == math.inf
    assert plain.std[-1] > 1e18 and np.isfinite(plain.std).all()
    assert math.isnan(plain.grad_ratio)
    assert normed.finite and np.isfinite(normed.grad_norms).all()
    # σ = 10: the activations themselves overflow, from a middle layer on.
    plain, normed = bn.compare_mlp(**kw, scale=10.0)
    assert 10 < plain.first_overflow < 20 and not plain.pre_finite[-1]
    assert normed.finite and normed.first_overflow == 0
    # In float64 the same network is finite: the overflow is float32's range.
    plain64, _ = bn.compare_mlp(**kw, scale=1.0, dtype="float64")
    assert plain64.finite


def test_gamma_zero_stops_every_gradient():
    _, normed = bn.compare_mlp(depth=4, width=16, batch_size=32, gamma=0.0, beta=1.0)
    assert np.all(normed.grad_norms == 0)
    assert math.isnan(normed.grad_ratio)


def test_summary_histograms_match_numpy():
    params = bn.init_mlp(3, 16, init="normal", scale=2.0, seed=5)
    x, t = bn.make_batch(50, 16, seed=5)
    run = bn.mlp_forward_backward(x, t, params, activation="sigmoid")
    s = bn.summarize(run, "sigmoid", bins=20, limit=10.0)
    for layer, u in enumerate(run.pre):
        counts, _ = np.histogram(np.clip(u, -10, 10), bins=20, range=(-10, 10))
        np.testing.assert_allclose(s.hist[layer], counts / u.size)
        assert s.outside[layer] == np.mean(np.abs(u) > 10)
        assert s.saturated[layer] == bn.saturated_fraction(u, "sigmoid")
        np.testing.assert_allclose([s.mean[layer], s.std[layer]], [u.mean(), u.std()], rtol=1e-10)
    np.testing.assert_allclose(s.hist.sum(axis=1), 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(depth=10_001), "depth == 10001, must be <= 10000."),
        (dict(depth=0), "depth == 0, must be >= 1."),
        (dict(width=8193), "width == 8193, must be <= 8192."),
        (dict(batch_size=1_000_001), "batch_size == 1000001, must be <= 1000000."),
        (dict(depth=2000, width=4096), "depth * width * width == 33554432000, must be <= 67108864"),
        (dict(batch_size=100_000, width=1024), "batch_size * width == 102400000, must be <="),
        (dict(batch_size=1), "batch_size == 1, must be >= 2."),
        (dict(activation="swish"), "activation == 'swish', must be one of"),
        (dict(init="orthogonal"), "init == 'orthogonal', must be one of"),
        (dict(scale=0.0), "scale == 0.0, must be >= 0.001."),
        (dict(scale=math.inf), "scale == inf, must be finite."),
        (dict(gamma=math.nan), "gamma == nan, must be a number."),
        (dict(seed=-1), "seed == -1, must be >= 0."),
        (dict(dtype="float16"), "dtype == 'float16', must be one of"),
    ],
)
def test_mlp_validation(kwargs, message):
    with pytest.raises(ValueError) as info:
        bn.compare_mlp(**{"depth": 2, "width": 4, "batch_size": 4, **kwargs})
    assert message in str(info.value)


def test_run_mlp_is_one_side_of_compare_mlp():
    kw = dict(depth=4, width=16, batch_size=32, activation="tanh", seed=2)
    plain, normed = bn.compare_mlp(gamma=1.5, beta=0.5, **kw)
    np.testing.assert_array_equal(bn.run_mlp(**kw).grad_norms, plain.grad_norms)
    np.testing.assert_array_equal(bn.run_mlp(bn=True, gamma=1.5, beta=0.5, **kw).hist, normed.hist)
    # gamma and beta do not touch the network without BN.
    np.testing.assert_array_equal(bn.run_mlp(gamma=3.0, beta=-1.0, **kw).hist, plain.hist)
    with pytest.raises(TypeError, match="use run_mlp"):
        bn.compare_mlp(bn=True)


def test_mlp_type_errors():
    with pytest.raises(TypeError, match="depth must be an instance of Integral"):
        bn.init_mlp(2.5, 4)
    with pytest.raises(TypeError, match="params must be an instance of MLPParams"):
        bn.mlp_forward_backward(np.zeros((2, 2)), np.zeros(2), params={"w": 1})
    params = bn.init_mlp(2, 4)
    with pytest.raises(ValueError, match=r"x.shape == \(2, 3\), must be \(any, 4\)"):
        bn.mlp_forward_backward(np.zeros((2, 3)), np.zeros(2), params)


# --------------------------------------------------------------------------
# Train vs inference, batch noise, tiny batch, snippet
# --------------------------------------------------------------------------


def test_inference_demo_by_hand():
    d = bn.inference_demo(5.0, steps=3, batch_size=4, momentum=0.2, gamma=2.0, beta=0.5, seed=9)
    rng = np.random.default_rng([9, 3])
    data = bn.POP_MEAN + bn.POP_STD * rng.standard_normal((3, 4))
    rm, rv = 0.0, 1.0
    for batch in data:
        rm = 0.8 * rm + 0.2 * batch.mean()
        rv = 0.8 * rv + 0.2 * batch.var(ddof=1)
    np.testing.assert_allclose([d.running_mean[-1], d.running_var[-1]], [rm, rv], rtol=1e-12)
    np.testing.assert_allclose(d.eval_out, 2.0 * (5.0 - rm) / math.sqrt(rv + bn.EPS) + 0.5)
    np.testing.assert_allclose(d.ideal_out, 2.0 * (5.0 - 3.0) / math.sqrt(4.0 + bn.EPS) + 0.5)
    assert d.single_out == 0.5  # a batch of one is erased to beta
    assert d.batch_outs[0] != d.batch_outs[1]  # train mode depends on the batch
    assert d.running_mean.size == 4 and d.batch_mean.size == 3


def test_running_mean_warm_up_closed_form():
    """Constant data μ: after k updates from 0 the running mean is μ(1 − (1 − m)^k)."""
    d = bn.inference_demo(steps=30, batch_size=8, momentum=0.1, std=1e-12)
    k = np.arange(31)
    np.testing.assert_allclose(d.running_mean, bn.POP_MEAN * (1 - 0.9**k), rtol=1e-9)
    d0 = bn.inference_demo(steps=0)
    assert d0.running_mean.tolist() == [0.0] and d0.running_var.tolist() == [1.0]
    assert d0.batch_mean.size == 0


def test_batch_noise_matches_theory():
    noise = bn.batch_noise([2, 8, 64, 512], std=2.0, trials=2000, seed=1)
    np.testing.assert_allclose(noise.mean_sd, noise.mean_sd_theory, rtol=0.08)
    np.testing.assert_allclose(noise.var_sd, noise.var_sd_theory, rtol=0.1)
    np.testing.assert_allclose(noise.mean_sd_theory, 2 / np.sqrt([2, 8, 64, 512]))
    with pytest.raises(ValueError, match="must be in"):
        bn.batch_noise([1, 4])


def test_tiny_batch_steps():
    tb = bn.tiny_batch([2, 4, 4, 4, 5, 5, 7, 9], gamma=2.0, beta=-1.0, momentum=0.1)
    assert tb.mean == 5.0 and tb.var == 4.0
    np.testing.assert_allclose(tb.var_unbiased, 32 / 7)
    np.testing.assert_allclose(tb.running_mean, 0.5)
    np.testing.assert_allclose(tb.running_var, 0.9 + 0.1 * 32 / 7)
    np.testing.assert_allclose(tb.y, 2.0 * tb.x_hat - 1.0)
    np.testing.assert_allclose(tb.dx, tb.dx_numeric, rtol=1e-6, atol=1e-9)
    # Constant input: no variance, the check still agrees.
    const = bn.tiny_batch([3, 3, 3])
    assert const.var == 0 and np.all(const.x_hat == 0)
    np.testing.assert_allclose(const.dx, const.dx_numeric, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="values.size == 1, must be >= 2."):
        bn.tiny_batch([1.0])


def test_snippet_runs_and_reproduces_the_numbers():
    kw = dict(
        gamma=1.5,
        beta=-0.25,
        depth=4,
        width=16,
        batch_size=32,
        activation="tanh",
        init="he",
        scale=0.5,
        seed=3,
        momentum=0.2,
    )
    code = bn.snippet(batch=[1.0, 2.0, 4.0, 8.0], **kw)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the snippet
    y, _, _ = bn.batch_norm_train([[1.0], [2.0], [4.0], [8.0]], 1.5, -0.25)
    np.testing.assert_allclose(namespace["y"], y)
    np.testing.assert_allclose(namespace["running_mean"], [0.2 * 3.75])
    kw.pop("momentum")
    plain, with_bn = bn.compare_mlp(**kw)
    np.testing.assert_array_equal(namespace["plain"].grad_norms, plain.grad_norms)
    np.testing.assert_array_equal(namespace["with_bn"].saturated, with_bn.saturated)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(gamma=math.nan), "gamma == nan"),
        (dict(depth=10**5), "depth == 100000, must be <= 10000."),
        (dict(momentum=2.0), "momentum == 2.0, must be <= 1.0."),
        (dict(batch=[]), "batch.size == 0"),
        (dict(activation="swish"), "activation == 'swish'"),
    ],
)
def test_snippet_validates(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        bn.snippet(**{"batch": [1.0, 2.0], **kwargs})


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def _assert_clean_figure(fig: go.Figure, *, max_kib: float = 150) -> None:
    assert isinstance(fig, go.Figure)
    go.Figure(fig.to_dict())  # builders skip validation for speed: validate here
    assert fig.layout.title.text
    assert fig.layout.template.layout.colorway == tuple(theme.PALETTE)
    payload = json.dumps(fig.to_plotly_json(), default=str)
    assert len(fig.to_json()) < max_kib * 1024
    assert "NaN" not in payload and "Infinity" not in payload
    for trace in fig.data:
        for attr in ("x", "y", "customdata"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                assert value.dtype == np.float32, (trace.name, attr)
                assert np.isfinite(value).all(), (trace.name, attr)


def _axis_titles(fig: go.Figure) -> list[str]:
    layout = fig.layout.to_plotly_json()
    return [
        axis["title"]["text"]
        for key, axis in layout.items()
        if key.startswith(("xaxis", "yaxis")) and axis.get("title", {}).get("text")
    ]


@pytest.mark.parametrize("activation", bn.ACTIVATIONS)
def test_charts_at_the_largest_network(activation):
    plain, normed = bn.compare_mlp(
        depth=20, width=256, batch_size=256, activation=activation, init="normal", scale=1.0
    )
    figs = [
        charts.distributions_figure(plain, normed, activation, TR),
        charts.saturation_figure(plain, normed, activation, TR),
        charts.gradient_figure(plain, normed, TR),
    ]
    for fig in figs:
        _assert_clean_figure(fig)
    # Ridges: one per layer and network; saturation shaded on both panels.
    assert len(figs[0].data) == 2 + 1  # a bar trace per network + the legend key of the shading
    assert figs[0].data[0].x.size == 20 * 60 and figs[0].data[0].customdata.shape == (1200, 2)
    np.testing.assert_allclose(figs[0].data[1].customdata[:, 1], normed.hist.ravel(), rtol=1e-6)
    assert figs[0].data[-1].name == TR(f"batch_norm.chart.shade_{activation}")
    assert len(figs[0].layout.shapes) == (2 if activation == "relu" else 4)
    assert "pre-activation" in figs[0].layout.xaxis.title.text
    assert "layer" in _axis_titles(figs[1]) and "gradient norm" in _axis_titles(figs[2])
    assert figs[2].layout.yaxis.type == "log"


def test_gradient_figure_floors_zeros_and_cuts_overflow():
    plain, _ = bn.compare_mlp(
        depth=20, width=256, batch_size=64, activation="relu", init="normal", scale=10.0
    )
    _, zero = bn.compare_mlp(depth=5, width=16, batch_size=16, gamma=0.0)
    plain5, _ = bn.compare_mlp(depth=5, width=16, batch_size=16)
    fig = charts.gradient_figure(plain5, zero, TR)
    _assert_clean_figure(fig)
    bn_trace = fig.data[1]
    assert np.all(bn_trace.y == np.float32(bn.GRAD_FLOOR))
    assert list(bn_trace.marker.symbol) == ["x"] * 5
    assert "below 1e-30" in fig.layout.annotations[0].text
    fig = charts.gradient_figure(plain, None, TR)
    _assert_clean_figure(fig)
    assert len(fig.data[0].y) == 0  # every norm is ∞ in float32: nothing drawn ...
    assert "overflowed" in fig.layout.annotations[0].text  # ... and that is said
    dist = charts.distributions_figure(plain, None, "relu", TR)
    _assert_clean_figure(dist)
    assert any(a.text == "overflow (∞)" for a in dist.layout.annotations)


def test_small_charts():
    tb = bn.tiny_batch([1e6, -1e6, 3, 3])
    fig = charts.tiny_batch_figure(tb.x, tb.x_hat, tb.y, TR)
    _assert_clean_figure(fig)
    fig = charts.tiny_batch_figure(np.array([2.0, 2.0]), np.zeros(2), np.zeros(2), TR)
    _assert_clean_figure(fig)
    for steps in (0, 1, 200):
        d = bn.inference_demo(steps=steps, batch_size=1024)
        fig = charts.running_stats_figure(d, bn.POP_MEAN, bn.POP_STD, TR)
        _assert_clean_figure(fig)
    fig = charts.noise_figure(bn.batch_noise(), 1024, TR)
    _assert_clean_figure(fig)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"


def test_fast_builders_match_validated_figures():
    plain, normed = bn.compare_mlp(depth=4, width=8, batch_size=8)
    fig = charts.distributions_figure(plain, normed, "tanh", TR)
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())


def test_charts_translate():
    zh = translator("zh")
    plain, normed = bn.compare_mlp(depth=3, width=8, batch_size=8)
    fig = charts.distributions_figure(plain, normed, "sigmoid", zh)
    assert "无 BN" in [a.text for a in fig.layout.annotations]
    assert charts.gradient_figure(plain, normed, zh).layout.yaxis.title.text == "梯度范数"
