"""playground.activations against closed forms, SciPy and finite differences."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from playground import activations as act

U = np.linspace(-6.0, 6.0, 241)
#: Points away from the kinks of ReLU / leaky ReLU / ELU (u = 0).
SMOOTH_U = U[np.abs(U) > 1e-3]


def reference(u: np.ndarray, name: str) -> np.ndarray:
    """Each activation written independently, from its textbook / PyTorch formula."""
    u = np.asarray(u, dtype=float)
    with np.errstate(over="ignore"):
        if name == "sigmoid":
            return 1.0 / (1.0 + np.exp(-u))
        if name == "tanh":
            return (np.exp(u) - np.exp(-u)) / (np.exp(u) + np.exp(-u))
        if name == "relu":
            return np.where(u > 0, u, 0.0)
        if name == "leaky_relu":
            return np.where(u > 0, u, 0.01 * u)
        if name == "elu":
            return np.where(u > 0, u, np.exp(u) - 1.0)
        if name == "gelu":
            return u * scipy.stats.norm.cdf(u)
        if name == "gelu_tanh":
            return 0.5 * u * (1 + np.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u**3)))
        if name == "softplus":
            return np.log1p(np.exp(u))
        if name == "silu":
            return u / (1.0 + np.exp(-u))
    raise AssertionError(name)


def central_difference(name: str, u: np.ndarray, h: float = 1e-6, **params) -> np.ndarray:
    return (act.activation(u + h, name, **params) - act.activation(u - h, name, **params)) / (2 * h)


@pytest.mark.parametrize("name", act.NAMES)
def test_values_match_the_closed_forms(name):
    np.testing.assert_allclose(act.activation(U, name), reference(U, name), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", act.NAMES)
def test_derivatives_match_finite_differences_away_from_kinks(name):
    numeric = central_difference(name, SMOOTH_U)
    np.testing.assert_allclose(act.activation_grad(SMOOTH_U, name), numeric, atol=1e-8)


@pytest.mark.parametrize(
    ("name", "params"),
    [("leaky_relu", {"negative_slope": 0.2}), ("elu", {"alpha": 2.5}), ("softplus", {"beta": 3.0})],
)
def test_parameters_follow_pytorch(name, params):
    u = SMOOTH_U
    np.testing.assert_allclose(
        act.activation_grad(u, name, **params), central_difference(name, u, **params), atol=1e-7
    )
    if name == "leaky_relu":
        np.testing.assert_allclose(act.activation(-2.0, name, **params), -0.4)
    if name == "elu":
        np.testing.assert_allclose(act.activation(-1.0, name, **params), 2.5 * (math.exp(-1) - 1))
    if name == "softplus":
        np.testing.assert_allclose(act.activation(0.5, name, **params), math.log1p(math.e**1.5) / 3)


def test_softplus_threshold_returns_the_input_like_pytorch():
    assert float(act.activation(21.0, "softplus")) == 21.0
    assert float(act.activation(19.0, "softplus")) == pytest.approx(19 + math.log1p(math.exp(-19)))
    assert float(act.activation_grad(21.0, "softplus")) == 1.0


def test_scipy_references():
    np.testing.assert_allclose(act.activation(U, "sigmoid"), sp.expit(U), rtol=1e-15)
    np.testing.assert_allclose(act.activation(U, "gelu"), U * sp.ndtr(U), rtol=1e-15)
    np.testing.assert_allclose(
        act.activation(U, "gelu"), 0.5 * U * (1 + sp.erf(U / math.sqrt(2))), rtol=1e-12, atol=1e-15
    )


@pytest.mark.parametrize("relu_at_zero", [0.0, 0.5, 1.0])
def test_kink_convention(relu_at_zero):
    assert float(act.activation_grad(0.0, "relu", relu_at_zero=relu_at_zero)) == relu_at_zero
    leaky = float(act.activation_grad(0.0, "leaky_relu", relu_at_zero=relu_at_zero))
    assert leaky == pytest.approx(0.01 + relu_at_zero * 0.99)
    # PyTorch: relu'(0) = 0, leaky_relu'(0) = negative_slope; ELU'(0) = alpha.
    assert float(act.activation_grad(0.0, "relu")) == 0.0
    assert float(act.activation_grad(0.0, "leaky_relu")) == 0.01
    assert float(act.activation_grad(0.0, "elu", alpha=2.0)) == 2.0


@pytest.mark.parametrize("name", act.NAMES)
def test_stable_for_huge_inputs_without_warnings(name):
    u = np.array([-1e6, -1e3, -40.0, 0.0, 40.0, 1e3, 1e6, 1e12])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = act.activation(u, name)
        g = act.activation_grad(u, name)
    assert np.isfinite(f).all() and np.isfinite(g).all()
    # far right: f(u) ≈ u for all but the bounded ones; f' ≈ 1 (or 0 for saturating ones)
    if name in ("sigmoid", "tanh"):
        assert f[-1] == 1.0 and g[-1] == 0.0 and g[0] == 0.0
    else:
        assert f[-2] == pytest.approx(1e6) and g[-2] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "where"),
    [("sigmoid", 0.0), ("gelu", math.sqrt(2)), ("silu", 2.399357280515)],
)
def test_max_derivative_brute_force(name, where):
    grid = np.linspace(-10, 10, 200_001)
    assert act.max_derivative(name) == pytest.approx(
        act.activation_grad(grid, name).max(), rel=1e-9
    )
    assert act.max_derivative(name) == pytest.approx(float(act.activation_grad(where, name)))
    assert act.max_derivative("relu") == 1.0 and act.max_derivative("elu", alpha=3.0) == 3.0


def test_grad_from_output_agrees_with_grad_of_input():
    for name in ("sigmoid", "tanh", "relu"):
        a = act.activation(SMOOTH_U, name)
        np.testing.assert_allclose(
            act.grad_from_output(a, name), act.activation_grad(SMOOTH_U, name), atol=1e-15
        )
        np.testing.assert_allclose(
            act.fast_activation(SMOOTH_U.copy(), name), a, rtol=1e-14, atol=1e-16
        )


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: act.activation([1.0], "swish"), ValueError, "name == 'swish', must be one of"),
        (lambda: act.activation([np.nan], "relu"), ValueError, "u contains nan"),
        (lambda: act.activation([1.0], "relu", alpha=1.0), TypeError, "unexpected parameter"),
        (lambda: act.activation([1.0], "elu", alpha=0.0), ValueError, "alpha == 0.0"),
        (lambda: act.activation_grad([1.0], "relu", relu_at_zero=2), ValueError, "relu_at_zero"),
        (lambda: act.grad_from_output([1.0], "gelu"), ValueError, "name == 'gelu'"),
        (lambda: act.activation("abc", "relu"), TypeError, "u must be array-like"),
    ],
)
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("name", act.NAMES)
def test_infinite_inputs_give_the_limits(name):
    big = np.array([-1e300, 1e300])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f_inf = act.activation([-np.inf, np.inf], name)
        g_inf = act.activation_grad([-np.inf, np.inf], name)
        f_big, g_big = act.activation(big, name), act.activation_grad(big, name)
    assert not np.isnan(f_inf).any() and not np.isnan(g_inf).any()
    np.testing.assert_array_equal(g_inf, g_big)
    np.testing.assert_array_equal(np.sign(f_inf), np.sign(f_big))
    for lim, value in zip(f_inf, f_big, strict=True):
        assert lim == value or (math.isinf(lim) and abs(value) >= 1e298)


def test_shapes_are_kept():
    assert act.activation(0.5, "tanh").shape == ()
    assert act.activation(np.zeros((2, 3)), "gelu").shape == (2, 3)
    assert act.activation_grad([], "silu").shape == (0,)


finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 30), elements=finite))
def test_properties(u):
    s = act.activation(u, "sigmoid")
    assert ((s >= 0) & (s <= 1)).all()
    np.testing.assert_allclose(s + act.activation(-u, "sigmoid"), 1.0, atol=1e-15)
    np.testing.assert_allclose(act.activation(-u, "tanh"), -act.activation(u, "tanh"))
    assert (act.activation(u, "softplus") >= act.activation(u, "relu")).all()
    for name in act.NAMES:
        g = act.activation_grad(u, name)
        assert np.isfinite(g).all()
        assert (g <= act.max_derivative(name) + 1e-12).all()
        if name not in ("gelu", "gelu_tanh", "silu"):
            assert (g >= 0).all()  # monotone activations
