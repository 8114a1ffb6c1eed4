"""playground.softmax and playground.charts.softmax: references, gradients, limits, edges.

References are independent of the code under test: SciPy's ``softmax``,
``log_softmax``, ``logsumexp``, ``expit`` and ``entropy``, scikit-learn's
``log_loss``, plain central differences of SciPy's softmax, and closed forms.
Every test runs with NumPy warnings turned into errors (see ``no_warnings``):
the stable functions must never overflow, divide by zero or produce ``nan``.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import plotly.graph_objects as go
import pytest
import scipy.special as sp
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import log_loss

from playground import divergence as dv
from playground import softmax as sm
from playground._validation import InputError
from playground.app.format import fmt, rel_error, tex, tex_list
from playground.app.i18n import catalog, translator
from playground.charts import softmax as charts
from playground.charts import theme
from tests import numerics
from tests.docstrings import assert_raise_documented, public_functions, raises_section
from tests.numerics import no_warnings  # noqa: F401 (autouse fixture)


def rng_for(*key) -> np.random.Generator:
    return numerics.rng_for(*key, root=20261120)


BIG = np.array([1000.0, 999.0, -1000.0])


def fd(f, x, h=1e-6):
    """Plain central differences of a vector function (independent of the module)."""
    x = np.asarray(x, dtype=float)
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h))
    return np.stack(cols, axis=-1)


# ---------------------------------------------------------------------------
# softmax / log_softmax / logsumexp against SciPy
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2,), (7,), (20,), (4, 5), (3, 4, 6)])
@pytest.mark.parametrize("temperature", [0.01, 0.5, 1.0, 3.0, 100.0])
def test_softmax_matches_scipy(shape, temperature):
    z = rng_for("softmax", shape, temperature).normal(scale=5, size=shape)
    for axis in range(-len(shape), len(shape)):
        expected = sp.softmax(z / temperature, axis=axis)
        np.testing.assert_allclose(
            sm.softmax(z, temperature, axis=axis), expected, rtol=1e-12, atol=1e-300
        )
        np.testing.assert_allclose(
            sm.log_softmax(z, temperature, axis=axis),
            sp.log_softmax(z / temperature, axis=axis),
            rtol=1e-12,
            atol=1e-12,
        )


@pytest.mark.parametrize("shape", [(1,), (5,), (4, 5), (2, 3, 4)])
def test_logsumexp_matches_scipy(shape):
    x = rng_for("logsumexp", shape).normal(scale=50, size=shape)
    for axis in range(-len(shape), len(shape)):
        np.testing.assert_allclose(
            sm.logsumexp(x, axis=axis), sp.logsumexp(x, axis=axis), rtol=1e-13
        )
    assert isinstance(sm.logsumexp([1.0, 2.0]), float)


def test_big_logits_are_exact_and_silent():
    p = sm.softmax(BIG)
    expected = np.array([1 / (1 + math.exp(-1)), 1 / (1 + math.exp(1)), 0.0])
    np.testing.assert_allclose(p, expected, rtol=1e-15, atol=0)
    np.testing.assert_allclose(
        sm.log_softmax(BIG),
        [
            -math.log1p(math.exp(-1)),
            -1 - math.log1p(math.exp(-1)),
            -2000 - math.log1p(math.exp(-1)),
        ],
        rtol=1e-15,
    )
    assert sm.logsumexp([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2), rel=1e-15)
    assert sm.logsumexp([-1000.0, -1000.0]) == pytest.approx(-1000 + math.log(2), rel=1e-15)
    np.testing.assert_allclose(sm.softmax([-1000.0, -1001.0]), sp.softmax([-1000.0, -1001.0]))


@pytest.mark.parametrize("z", [[1e308, -1e308], [1.7e308, 0.0, -1.7e308], [1e300, 1e300]])
@pytest.mark.parametrize("temperature", [1e-300, 1e-3, 1.0, 1e300])
def test_extreme_finite_logits_never_overflow(z, temperature):
    p = sm.softmax(z, temperature)
    logp = sm.log_softmax(z, temperature)
    assert np.isfinite(p).all() and p.sum() == pytest.approx(1.0)
    assert not np.isnan(logp).any() and (logp <= 0).all()


def test_tiny_log_probabilities_keep_precision():
    # p_1 = e^-40: log1p keeps the loss of the dominant class exact (about 4.2e-18).
    z = np.array([40.0, 0.0])
    assert sm.cross_entropy(z, 0) == pytest.approx(math.exp(-40), rel=1e-12)
    assert sm.log_softmax(z)[0] == pytest.approx(-math.exp(-40), rel=1e-12)


def test_masked_classes():
    z = np.array([2.0, -np.inf, 0.5])
    p = sm.softmax(z)
    assert p[1] == 0.0
    np.testing.assert_allclose(p[[0, 2]], sp.softmax([2.0, 0.5]))
    assert sm.log_softmax(z)[1] == -np.inf
    assert sm.logsumexp([-np.inf, -np.inf]) == -np.inf
    assert sm.cross_entropy(z, 1) == np.inf
    np.testing.assert_allclose(sm.cross_entropy_grad(z, 0), [p[0] - 1, 0.0, p[2]])
    with pytest.raises(ValueError, match="only -inf"):
        sm.softmax([-np.inf, -np.inf])


@pytest.mark.parametrize(
    ("logits", "error", "match"),
    [
        ([1.0, np.nan], ValueError, "nan"),
        ([1.0, np.inf], ValueError, r"\+inf"),
        (["a", "b"], TypeError, "logits must be array-like"),
        ([[1.0, 2.0], [3.0]], TypeError, "logits must be array-like"),
    ],
)
def test_bad_logits_raise_clear_errors(logits, error, match):
    with pytest.raises(error, match=match):
        sm.softmax(logits)


# ---------------------------------------------------------------------------
# 0-d and empty inputs: SciPy's conventions
# ---------------------------------------------------------------------------


def scipy_quietly(func, *args, **kwargs):
    """A SciPy reference value; SciPy may warn on -inf or empty input, which is not ours."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return func(*args, **kwargs)


@pytest.mark.parametrize("x", [1.0, 1000.0, -1000.0, 0.0, 5e-324, -1e308, 1e308, -np.inf])
@pytest.mark.parametrize("axis", [-1, 0])
def test_logsumexp_of_one_value_is_that_value(x, axis):
    out = sm.logsumexp(x, axis=axis)
    assert isinstance(out, float)
    assert out == scipy_quietly(sp.logsumexp, x, axis=axis) == x


@pytest.mark.parametrize("x", [1.0, 1000.0, -1000.0, 0.0, -1e308, 1e308])
@pytest.mark.parametrize("temperature", [1e-3, 1.0, 1e6])
def test_softmax_of_one_logit_is_one(x, temperature):
    p, logp = sm.softmax(x, temperature), sm.log_softmax(x, temperature)
    assert np.shape(p) == np.shape(logp) == ()
    # One logit: z/T is irrelevant (and may overflow), the reference sees z itself.
    assert p == sp.softmax(np.float64(x)) == 1.0
    assert logp == sp.log_softmax(np.float64(x)) == 0.0
    assert sm.softmax(x, temperature, axis=0) == 1.0


def test_zero_dimensional_inputs_keep_the_documented_differences():
    # A masked single class: SciPy returns nan, we refuse (no class left to normalise over).
    assert np.isnan(scipy_quietly(sp.softmax, -np.inf))
    with pytest.raises(ValueError, match="row of only -inf"):
        sm.softmax(-np.inf)
    with pytest.raises(ValueError, match="row of only -inf"):
        sm.log_softmax(-np.inf)
    with pytest.raises(ValueError, match=r"axis == 1, must be <= 0"):
        sm.softmax(1.0, axis=1)
    with pytest.raises(ValueError, match=r"axis == -2, must be >= -1"):
        sm.logsumexp(1.0, axis=-2)
    for bad in (np.nan, np.inf):
        with pytest.raises(ValueError):
            sm.logsumexp(bad)


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 3), (2, 0, 4)])
def test_empty_logsumexp_is_minus_inf_as_in_scipy(shape):
    x = np.empty(shape)
    for axis in range(-len(shape), len(shape)):
        ours = sm.logsumexp(x, axis=axis)
        expected = scipy_quietly(sp.logsumexp, x, axis=axis)
        assert np.shape(ours) == np.shape(expected)
        np.testing.assert_array_equal(ours, expected)
    assert sm.logsumexp([]) == -np.inf and isinstance(sm.logsumexp([]), float)


@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 3), (2, 0, 4)])
def test_softmax_of_empty_input_is_empty(shape):
    x = np.empty(shape)
    for axis in range(-len(shape), len(shape)):
        for func in (sm.softmax, sm.log_softmax):
            out = func(x, 2.0, axis=axis)
            assert isinstance(out, np.ndarray) and out.shape == shape
            # SciPy 1.17 raises on an empty class axis (NumPy's max of nothing); there
            # the reference is the definition: no classes, nothing to normalise.
            if x.shape[axis] > 0:
                np.testing.assert_array_equal(out, getattr(sp, func.__name__)(x, axis=axis))
    # The temperature is still checked.
    with pytest.raises(ValueError, match="temperature == 0.0"):
        sm.softmax([], 0.0)


@pytest.mark.parametrize(
    ("temperature", "error", "match"),
    [
        (0.0, ValueError, r"^temperature == 0.0, must be > 0.0.$"),
        (-1.0, ValueError, r"temperature == -1.0, must be > 0"),
        (float("nan"), ValueError, r"temperature == nan"),
        (float("inf"), ValueError, r"temperature == inf, must be finite"),
        (-float("inf"), ValueError, r"temperature == -inf"),
        (1e-320, ValueError, r"temperature == 1e-320, must be >= 2.2"),
        (True, TypeError, r"temperature must be an instance"),
        ("1", TypeError, r"temperature must be an instance"),
        (None, TypeError, r"temperature must be an instance"),
    ],
)
def test_bad_temperature_raises_naming_it(temperature, error, match):
    for func in (
        lambda: sm.softmax([1.0, 2.0], temperature),
        lambda: sm.log_softmax([1.0, 2.0], temperature),
        lambda: sm.cross_entropy([1.0, 2.0], 0, temperature),
        lambda: sm.cross_entropy_grad([1.0, 2.0], 0, temperature),
        lambda: sm.softmax_jacobian([1.0, 2.0], temperature),
        lambda: sm.sample([1.0, 2.0], temperature, 5, 0),
    ):
        with pytest.raises(error, match=match):
            func()


def test_bad_axis_and_label():
    with pytest.raises(ValueError, match=r"axis == 1, must be <= 0"):
        sm.softmax([1.0, 2.0], axis=1)
    with pytest.raises(ValueError, match=r"label == 3, must be <= 2"):
        sm.cross_entropy([1.0, 2.0, 3.0], 3)
    with pytest.raises(TypeError, match="label must be an instance"):
        sm.cross_entropy([1.0, 2.0], 0.5)
    with pytest.raises(ValueError, match=r"logits.ndim == 2, must be 1"):
        sm.cross_entropy([[1.0, 2.0]], 0)


# ---------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
logit_vectors = arrays(np.float64, st.integers(1, 20), elements=finite)
temperatures = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(z=logit_vectors, temperature=temperatures)
def test_softmax_is_finite_and_sums_to_one_for_any_finite_logits(z, temperature):
    p = sm.softmax(z, temperature)
    assert np.isfinite(p).all() and (p >= 0).all()
    assert abs(p.sum() - 1.0) < 1e-12
    assert p[int(np.argmax(z))] == p.max()
    logp = sm.log_softmax(z, temperature)
    assert not np.isnan(logp).any() and (logp <= 0).all()


@settings(max_examples=150, deadline=None)
@given(
    z=arrays(np.float64, st.integers(2, 12), elements=st.floats(-50, 50)),
    shift=st.floats(-1e4, 1e4),
    temperature=st.floats(0.05, 20),
)
def test_softmax_is_shift_invariant(z, shift, temperature):
    np.testing.assert_allclose(
        sm.softmax(z + shift, temperature), sm.softmax(z, temperature), rtol=1e-9, atol=1e-12
    )


@settings(max_examples=150, deadline=None)
@given(
    z=arrays(np.float64, st.integers(2, 12), elements=st.floats(-30, 30)),
    temperature=st.floats(0.05, 20),
    data=st.data(),
)
def test_gradient_properties_and_finite_differences(z, temperature, data):
    y = data.draw(st.integers(0, z.size - 1))
    g = sm.cross_entropy_grad(z, y, temperature)
    assert abs(g.sum()) < 1e-12 / temperature + 1e-15
    assert g[y] <= 0 and (np.delete(g, y) >= 0).all()
    assert np.abs(g).max() <= 1 / temperature + 1e-12
    assert rel_error(g, sm.cross_entropy_grad_fd(z, y, temperature)) < 1e-6


@settings(max_examples=100, deadline=None)
@given(
    z=arrays(np.float64, st.integers(2, 10), elements=st.floats(-30, 30)),
    temperature=st.floats(0.05, 20),
)
def test_jacobian_properties(z, temperature):
    jac = sm.softmax_jacobian(z, temperature)
    p = sm.softmax(z, temperature)
    np.testing.assert_allclose(jac, jac.T, atol=1e-15)
    assert np.abs(jac.sum(axis=1)).max() < 1e-14 / temperature
    assert np.linalg.eigvalsh(jac).min() > -1e-12
    others = np.array([np.delete(p, i).sum() for i in range(p.size)])  # 1 - p_i, no cancellation
    np.testing.assert_allclose(np.diag(jac), p * others / temperature, rtol=1e-9, atol=1e-300)


# ---------------------------------------------------------------------------
# Temperature limits and entropy
# ---------------------------------------------------------------------------


def test_temperature_limits():
    z = np.array([2.0, 1.0, 0.1, -3.0])
    np.testing.assert_allclose(sm.softmax(z, 1e-6), [1, 0, 0, 0], atol=1e-300)
    np.testing.assert_allclose(sm.softmax(z, 1e6), np.full(4, 0.25), atol=1e-5)
    np.testing.assert_array_equal(sm.softmax_limit(z, "zero"), [1, 0, 0, 0])
    np.testing.assert_array_equal(sm.softmax_limit(z, "infinity"), np.full(4, 0.25))
    # Ties share the limit; masked classes stay out of it.
    np.testing.assert_allclose(sm.softmax([3.0, 3.0, 1.0], 1e-4), [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_array_equal(sm.softmax_limit([3.0, 3.0, 1.0], "zero"), [0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match="which == 'hot'"):
        sm.softmax_limit(z, "hot")


@pytest.mark.parametrize("z", [[2.0, 1.0, 0.1], [5.0, 5.0, 0.0, -1.0], [0.0, 0.0], BIG])
def test_entropy_curve_is_monotone_between_its_limits(z):
    ts = np.geomspace(1e-3, 1e7, 300)
    h = sm.entropy_curve(z, ts)
    h0, hinf = sm.limit_entropy(z)
    assert (np.diff(h) >= -1e-12).all(), "entropy grows with temperature"
    assert h[0] == pytest.approx(h0, abs=1e-9)
    assert h[-1] == pytest.approx(hinf, abs=1e-3)
    assert (h >= 0).all() and (h <= math.log(len(z)) + 1e-12).all()
    for t, value in zip(ts[::37], h[::37], strict=False):
        assert value == pytest.approx(scipy.stats.entropy(sp.softmax(np.asarray(z) / t)), abs=1e-10)


def test_entropy_reference_and_edges():
    p = np.random.default_rng(11).dirichlet(np.ones(6))
    assert sm.entropy(p) == pytest.approx(scipy.stats.entropy(p), rel=1e-12)
    assert sm.entropy([1.0, 0.0, 0.0]) == 0.0
    with pytest.raises(ValueError, match="p has a negative entry"):
        sm.entropy([1.5, -0.5])


def test_entropy_is_the_one_in_divergence_and_rejects_unnormalised_input():
    assert sm.entropy is dv.entropy
    # SciPy normalises [0.1, 0.2] to [1/3, 2/3]; we refuse to guess what was meant.
    assert scipy.stats.entropy([0.1, 0.2]) == pytest.approx(0.6365141682948128, rel=1e-15)
    with pytest.raises(ValueError, match=r"p sums to 0.3, must sum to 1"):
        sm.entropy([0.1, 0.2])
    assert sm.entropy(dv.normalize([0.1, 0.2])) == pytest.approx(
        scipy.stats.entropy([0.1, 0.2]), rel=1e-15
    )
    # What the page passes: a softmax output, which sums to 1 to rounding.
    for z in ([2.0, 1.0, 0.1], BIG, [0.0] * 50):
        p = sm.softmax(z, 0.7)
        assert sm.entropy(p) == pytest.approx(scipy.stats.entropy(p), rel=1e-13, abs=1e-300)


# ---------------------------------------------------------------------------
# Loss, gradient, Jacobian against references
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("temperature", [0.25, 1.0, 4.0])
def test_cross_entropy_matches_references(temperature):
    z = np.random.default_rng(12).normal(scale=3, size=(6,))
    eps = np.finfo(float).eps
    for y in range(6):
        expected = -sp.log_softmax(z / temperature)[y]
        assert sm.cross_entropy(z, y, temperature) == pytest.approx(expected, rel=1e-12)
        p = sp.softmax(z / temperature)
        # scikit-learn's log_loss clips probabilities to [eps, 1 - eps], so it
        # is an exact reference only where p_y lies inside that range.
        if eps < p[y] < 1 - eps:
            sk = log_loss([y], [p], labels=list(range(6)))
            assert sm.cross_entropy(z, y, temperature) == pytest.approx(sk, rel=1e-9)
    assert sm.cross_entropy(BIG, 2) == pytest.approx(2000 + math.log1p(math.exp(-1)), rel=1e-15)


@pytest.mark.parametrize("temperature", [0.3, 1.0, 5.0])
def test_gradient_and_jacobian_against_independent_finite_differences(temperature):
    z = np.random.default_rng(13).normal(size=5)
    for y in range(5):
        numeric = fd(lambda v, y=y: -sp.log_softmax(v / temperature)[y], z)
        np.testing.assert_allclose(sm.cross_entropy_grad(z, y, temperature), numeric, atol=1e-8)
    numeric_jac = fd(lambda v: sp.softmax(v / temperature), z)
    np.testing.assert_allclose(sm.softmax_jacobian(z, temperature), numeric_jac, atol=1e-8)
    np.testing.assert_allclose(sm.softmax_jacobian_fd(z, temperature), numeric_jac, atol=1e-8)


def test_gradient_is_the_jacobian_chain_rule():
    z, t, y = np.array([1.0, -0.5, 2.0, 0.3]), 1.7, 2
    p = sm.softmax(z, t)
    dl_dp = np.zeros(4)
    dl_dp[y] = -1 / p[y]
    np.testing.assert_allclose(
        sm.softmax_jacobian(z, t).T @ dl_dp, sm.cross_entropy_grad(z, y, t), atol=1e-15
    )


def test_page_checks_agree_over_the_whole_page_domain():
    """The page's finite-difference checks pass for every input it allows:
    K in [2, 20], |z| <= 1e6, T in [0.01, 100], nearly one-hot cases included."""
    rng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(400):
        k = int(rng.integers(2, 21))
        z = rng.uniform(-1, 1, k) * 10.0 ** rng.uniform(-3, 6)
        if rng.random() < 0.3:
            z = np.round(z)
        t = float(10.0 ** rng.uniform(-2, 2))
        y = int(rng.integers(k))
        worst = max(
            worst,
            rel_error(sm.cross_entropy_grad(z, y, t), sm.cross_entropy_grad_fd(z, y, t)),
            rel_error(sm.softmax_jacobian(z, t), sm.softmax_jacobian_fd(z, t)),
        )
    assert worst < 1e-4


def test_nearly_one_hot_jacobian_keeps_relative_precision():
    z, t = np.array([30.0, 0.0, -5.0]), 1.0
    jac = sm.softmax_jacobian(z, t)
    q = np.exp(-30) + np.exp(-35)  # 1 - p_0 to first order
    assert jac[0, 0] == pytest.approx(q, rel=1e-6)  # 1 - p_0 would round to ~1e-13 error
    assert rel_error(jac, sm.softmax_jacobian_fd(z, t)) < 1e-6


# ---------------------------------------------------------------------------
# Naive form
# ---------------------------------------------------------------------------


def test_naive_form_statuses():
    ok = sm.naive_softmax([2.0, 1.0, 0.1])
    assert ok.status == "ok" and ok.n_nan == 0
    np.testing.assert_allclose(ok.probs, sp.softmax([2.0, 1.0, 0.1]), rtol=1e-14)

    over = sm.naive_softmax(BIG)
    assert over.status == "overflow" and over.n_overflow == 2 and over.n_nan == 2
    assert np.isposinf(over.exps[:2]).all() and over.probs[2] == 0.0
    np.testing.assert_allclose(over.stable, sm.softmax(BIG))

    under = sm.naive_softmax([-1000.0, -1001.0])
    assert under.status == "underflow" and under.n_nan == 2 and np.isnan(under.max_error)

    inexact = sm.naive_softmax([-740.0, -750.0])  # exp(-740) is subnormal: digits are lost
    assert inexact.status == "inexact" and inexact.n_nan == 0 and inexact.max_error > 1e-6


def test_naive_float32_overflows_sooner():
    assert sm.overflow_threshold("float32") == pytest.approx(88.7228, abs=1e-4)
    assert sm.overflow_threshold("float64") == pytest.approx(709.7827, abs=1e-4)
    assert sm.naive_softmax([100.0, 0.0], dtype="float64").status == "ok"
    r = sm.naive_softmax([100.0, 0.0], dtype="float32")
    assert r.status == "overflow" and r.exps.dtype == np.float32
    # Temperature rescues it: 100 / 2 = 50 < 88.7.
    assert sm.naive_softmax([100.0, 0.0], 2.0, dtype="float32").status == "ok"
    with pytest.raises(ValueError, match="dtype == 'float16'"):
        sm.naive_softmax([1.0, 2.0], dtype="float16")


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------


def test_sampling_is_reproducible_and_matches_p():
    z, t = np.array([2.0, 1.0, 0.1, -1.0]), 1.5
    a = sm.sample(z, t, 50_000, seed=3)
    np.testing.assert_array_equal(a, sm.sample(z, t, 50_000, seed=3))
    assert not np.array_equal(a, sm.sample(z, t, 50_000, seed=4))
    assert a.dtype.kind == "i" and a.min() >= 0 and a.max() < 4
    counts = np.bincount(a, minlength=4)
    _, pvalue = scipy.stats.chisquare(counts, 50_000 * sm.softmax(z, t))
    assert pvalue > 1e-4
    assert sm.sample(z, t, 0, seed=0).size == 0


def test_sampling_limits():
    z = np.array([1.0, 3.0, 2.0])
    assert (sm.sample(z, 1e-3, 1000, seed=1) == 1).all()  # T -> 0: greedy
    counts = np.bincount(sm.sample(z, 1e4, 30_000, seed=1), minlength=3)
    assert np.abs(counts / 30_000 - 1 / 3).max() < 0.02  # T -> inf: uniform


@pytest.mark.parametrize(
    ("n", "seed"), [(-1, 0), (sm.MAX_SAMPLES + 1, 0), (10, -1), (10, 2**32), (2.5, 0)]
)
def test_sampling_validates(n, seed):
    with pytest.raises((ValueError, TypeError)):
        sm.sample([1.0, 2.0], 1.0, n, seed)


def test_running_tv_and_its_expectation():
    p = sm.softmax([1.0, 0.5, 0.0, -1.0])
    d = sm.sample([1.0, 0.5, 0.0, -1.0], 1.0, 5000, seed=0)
    m, tv = sm.running_tv(d, p)
    assert m[0] == 1 and m[-1] == 5000 and (np.diff(m) > 0).all()
    freq = np.bincount(d, minlength=4) / 5000
    assert tv[-1] == pytest.approx(0.5 * np.abs(freq - p).sum())
    assert ((tv >= 0) & (tv <= 1)).all()
    # The CLT formula is the mean TV over many independent runs (within 5%).
    runs = [
        sm.running_tv(sm.sample([1.0, 0.5, 0.0, -1.0], 1.0, 2000, seed=s), p)[1][-1]
        for s in range(300)
    ]
    assert np.mean(runs) == pytest.approx(float(sm.expected_tv(p, 2000)), rel=0.05)
    with pytest.raises(ValueError, match="draws has a class outside"):
        sm.running_tv([0, 5], p)


def test_sampling_summary():
    s = sm.sampling_summary([2.0, 1.0, 0.1], 1.0, 10, seed=0)
    assert s.first.size == 10 and s.frequencies.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(s.first, sm.sample([2.0, 1.0, 0.1], 1.0, 10, 0))
    assert s.expected_tv.shape == s.tv.shape == s.m.shape


# ---------------------------------------------------------------------------
# Sigmoid and distillation
# ---------------------------------------------------------------------------


def test_sigmoid_is_two_class_softmax():
    z = np.concatenate([np.linspace(-40, 40, 161), [-1000.0, 1000.0, 0.0]])
    np.testing.assert_allclose(sm.sigmoid(z), sp.expit(z), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(sm.two_class_softmax(z), sp.expit(z), rtol=1e-12, atol=1e-300)
    # Only the difference of the two logits matters.
    assert sm.softmax([3.0, 1.0])[0] == pytest.approx(float(sm.sigmoid(2.0)), rel=1e-15)


def test_distillation_loss_and_gradient():
    s, t_logits, t = np.array([0.3, -1.0, 0.8]), np.array([2.0, 0.5, -1.0]), 3.0
    q, p = sp.softmax(t_logits / t), sp.softmax(s / t)
    assert sm.distillation_loss(s, t_logits, t) == pytest.approx(
        t**2 * scipy.stats.entropy(q, p), rel=1e-12
    )
    numeric = fd(lambda v: sm.distillation_loss(v, t_logits, t), s)
    np.testing.assert_allclose(sm.distillation_grad(s, t_logits, t), numeric, atol=1e-8)
    assert sm.distillation_loss(t_logits, t_logits, t) == 0.0
    with pytest.raises(ValueError, match="student_logits.shape"):
        sm.distillation_loss([1.0, 2.0], [1.0, 2.0, 3.0], 1.0)
    with pytest.raises(ValueError, match=r"temperature == 10000000.0, must be <= 1000000.0"):
        sm.distillation_loss([1.0, 2.0], [1.0, 2.0], 1e7)


def test_distillation_gradient_shrinks_like_one_over_t_squared():
    g = sm.distillation_grad_norms(np.zeros(4), [2.0, 1.0, 0.0, -1.0], 0, [10.0, 100.0, 1000.0])
    ratio = g["raw"][:-1] / g["raw"][1:]
    np.testing.assert_allclose(ratio, 100.0, rtol=0.02)  # 10x the temperature: 100x smaller
    np.testing.assert_allclose(g["scaled"][1:], g["scaled"][:-1], rtol=0.02)  # T^2 levels it
    assert g["hard"] == pytest.approx(np.linalg.norm(sp.softmax(np.zeros(4)) - [1, 0, 0, 0]))


# ---------------------------------------------------------------------------
# Class names and the reproduce snippet
# ---------------------------------------------------------------------------


def test_class_names_are_parsed_strictly():
    fallback = ["c0", "c1", "c2"]
    assert sm.parse_class_names("cat, dog，fox", fallback) == ["cat", "dog", "fox"]
    assert sm.parse_class_names("", fallback) == fallback
    assert sm.parse_class_names("a, , c, extra", fallback) == ["a", "c1", "c"]
    assert sm.parse_class_names("猫, 狗", fallback) == ["猫", "狗", "c2"]
    assert sm.parse_class_names("GPT-4 (big), a.b", fallback)[:2] == ["GPT-4 (big)", "a.b"]
    for text, code in [
        ("<script>", "names_bad_char"),
        ("__import__('os')", "names_bad_char"),
        ("a|b", "names_bad_char"),
        ("x" * 25, "names_too_long"),
        ("nan, b", "names_reserved"),
        ("a, Inf", "names_reserved"),
        ("cat, cat", "names_duplicate"),
        ("c1", "names_duplicate"),
        ("a" * 2001, "names_too_long"),
    ]:
        with pytest.raises(InputError) as info:
            sm.parse_class_names(text, fallback)
        assert info.value.code == code, text
        names, problem = sm.class_names(text, fallback)
        assert names == fallback and problem.code == code
    assert sm.count_names("a, , b,") == 2


def test_snippet_runs_and_reproduces_the_page(capsys):
    z, t, y = np.array([3.0, 1.5, 1.0, 0.2, -1.0]), 2.0, 1
    code = sm.snippet(z, t, y, 500, 7)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the snippet they check
    np.testing.assert_array_equal(namespace["p"], sm.softmax(z, t))
    assert namespace["loss"] == sm.cross_entropy(z, y, t)
    np.testing.assert_array_equal(namespace["grad"], sm.cross_entropy_grad(z, y, t))
    np.testing.assert_array_equal(namespace["draws"], sm.sample(z, t, 500, 7))
    assert capsys.readouterr().out.strip()
    with pytest.raises(ValueError, match="temperature"):
        sm.snippet(z, 0.0, y, 500, 7)


# ---------------------------------------------------------------------------
# Charts and text builders
# ---------------------------------------------------------------------------

TR = translator("en")
NAMES = ["cat", "dog", "fox", "owl", "bee"]
Z = np.array([3.0, 1.5, 1.0, 0.2, -1.0])


def _figures() -> dict[str, go.Figure]:
    t, y = 2.0, 1
    p, p1 = sm.softmax(Z, t), sm.softmax(Z, 1.0)
    ts = np.geomspace(0.01, 100, 161)
    s = sm.sampling_summary(Z, t, 1000, 0)
    g = sm.distillation_grad_norms(np.zeros(5), Z, y, ts)
    grid, dots = np.linspace(-8, 8, 161), np.linspace(-8, 8, 17)
    return {
        "bars": charts.probability_bars(NAMES, p, p1, t, y, TR),
        "entropy": charts.entropy_vs_temperature(
            ts, sm.entropy_curve(Z, ts), t, sm.entropy(p), sm.limit_entropy(Z), TR
        ),
        "hist": charts.sampling_histogram(NAMES, s.frequencies, p, 1000, 0, t, TR),
        "lln": charts.convergence(s.m, s.tv, s.expected_tv, TR),
        "grad": charts.gradient_bars(NAMES, sm.cross_entropy_grad(Z, y, t), y, t, TR),
        "jac": charts.jacobian_heatmap(NAMES, sm.softmax_jacobian(Z, t), TR),
        "sigmoid": charts.sigmoid_two_class(
            grid,
            sm.sigmoid(grid),
            dots,
            sm.two_class_softmax(dots),
            sm.sigmoid(grid / t),
            1.5,
            float(sm.sigmoid(1.5)),
            t,
            TR,
        ),
        "distill": charts.distillation_scaling(ts, g["raw"], g["scaled"], g["hard"], t, TR),
    }


@pytest.mark.parametrize("name", list(_figures()))
def test_chart_builders(name):
    fig = _figures()[name]
    assert isinstance(fig, go.Figure)
    spec = fig.to_plotly_json()
    go.Figure(spec)  # the full Plotly validator accepts every property we set
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    app = theme.new_figure().layout.template.layout
    for prop in ("colorway", "font", "paper_bgcolor", "plot_bgcolor", "xaxis", "yaxis", "legend"):
        assert fig.layout.template.layout[prop] == app[prop], prop  # the app's look
    for trace in fig.data:
        for attr in ("x", "y", "z"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                assert value.dtype == np.float32, (name, attr)
                assert np.isfinite(value).all(), (name, attr)
        assert trace.hovertemplate or trace.hoverinfo == "skip"
    payload = len(json.dumps(spec, cls=_NumpyEncoder))
    assert payload < 150 * 1024
    assert "NaN" not in fig.to_json() and "Infinity" not in fig.to_json()


class _NumpyEncoder(json.JSONEncoder):
    def default(self, o):
        return o.tolist() if isinstance(o, np.ndarray) else super().default(o)


def test_chart_text_is_translated():
    fig = charts.probability_bars(NAMES, sm.softmax(Z), sm.softmax(Z), 1.0, 0, translator("zh"))
    assert fig.layout.yaxis.title.text == catalog("zh")["softmax_temperature.chart.prob_axis"]
    assert fig.layout.xaxis.ticktext[0] == "<b>cat</b>"  # the true class is bold


def test_largest_page_chart_stays_small():
    z = np.linspace(-1e6, 1e6, 20)
    names = [f"class {i}" for i in range(20)]
    jac = sm.softmax_jacobian(z, 0.01)
    fig = charts.jacobian_heatmap(names, jac, TR)
    assert len(fig.to_json()) < 150 * 1024
    assert fig.data[0].texttemplate is None  # no cell labels for 20 x 20


def test_formula_and_table_builders_never_show_raw_nan():
    t, y = 2.0, 2
    p, logp = sm.softmax(BIG, t), sm.log_softmax(BIG, t)
    lines, notes = charts.formula_lines(
        BIG,
        y,
        t,
        p,
        logp,
        sm.cross_entropy(BIG, y, t),
        sm.cross_entropy_grad(BIG, y, t),
        tex,
        tex_list,
        TR,
    )
    assert len(lines) == 3 and "e^{-1000}" in lines[0]  # p_2 below 1e-300: shown as a power
    assert notes == [TR("softmax_temperature.formula.tiny_p")]
    assert "nan" not in " ".join(lines).lower() and "\\text{nats}" in lines[1]
    z20 = np.linspace(-3, 3, 20)
    lines, notes = charts.formula_lines(
        z20,
        0,
        1.0,
        sm.softmax(z20),
        sm.log_softmax(z20),
        sm.cross_entropy(z20, 0),
        sm.cross_entropy_grad(z20, 0),
        tex,
        tex_list,
        TR,
    )
    assert "z_{0}" in lines[2] and notes == [TR("softmax_temperature.formula.vector_hidden", k=20)]
    over = sm.naive_softmax(BIG)
    table = charts.naive_table(["a", "b", "c"], over, fmt, TR)
    assert "nan" not in table.lower() and "undefined (∞/∞)" in table and "∞" in table
    under = charts.naive_table(["a", "b"], sm.naive_softmax([-1000.0, -1001.0]), fmt, TR)
    assert under.count("undefined (0/0)") == 2
    assert "\\sigma(1.5)" in charts.sigmoid_formula(1.5, 0.8176, 0.8176, tex)
    assert "J_{00}" in charts.jacobian_formula(0, 0.25, tex)


# ---------------------------------------------------------------------------
# Docstrings: every condition that raises is listed
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", public_functions(sm))
def test_every_public_function_documents_what_it_raises(name):
    assert "Error" in raises_section(getattr(sm, name)), f"{name} has no Raises section"


@pytest.mark.parametrize(
    ("func", "call", "error", "documented"),
    [
        (sm.softmax, lambda: sm.softmax([1.0, np.nan]), ValueError, "``nan``"),
        (sm.softmax, lambda: sm.softmax([1.0, np.inf]), ValueError, "``+inf``"),
        (sm.softmax, lambda: sm.softmax([-np.inf, -np.inf]), ValueError, "all ``-inf``"),
        (sm.softmax, lambda: sm.softmax([1.0], -1.0), ValueError, "``<= 0``"),
        (sm.log_softmax, lambda: sm.log_softmax(-np.inf), ValueError, "all ``-inf``"),
        (sm.logsumexp, lambda: sm.logsumexp([np.nan]), ValueError, "``nan``"),
        (sm.logsumexp, lambda: sm.logsumexp([1.0], axis=1), ValueError, "``axis``"),
        (sm.entropy, lambda: sm.entropy([0.1, 0.2]), ValueError, "sum to 1"),
        (sm.entropy, lambda: sm.entropy([1.5, -0.5]), ValueError, "negative"),
        (sm.entropy, lambda: sm.entropy(0.5), ValueError, "1-D"),
        (sm.cross_entropy, lambda: sm.cross_entropy([1.0, 2.0], 2), ValueError, "``[0, K)``"),
        (sm.cross_entropy, lambda: sm.cross_entropy([1.0, 2.0], 0.0), TypeError, "integer"),
        (sm.entropy_curve, lambda: sm.entropy_curve([1.0], [0.0]), ValueError, "2.2e-308"),
        (sm.naive_softmax, lambda: sm.naive_softmax([np.inf, 0.0]), ValueError, "``±inf``"),
        (sm.sigmoid, lambda: sm.sigmoid(np.inf), ValueError, "``±inf``"),
        (sm.sample, lambda: sm.sample([1.0, 2.0], 1.0, -1, 0), ValueError, "``n``"),
        (sm.running_tv, lambda: sm.running_tv([2], [0.5, 0.5]), ValueError, "``[0, len(p))``"),
        (sm.expected_tv, lambda: sm.expected_tv([0.5, 0.5], [0]), ValueError, "``<= 0``"),
        (
            sm.distillation_loss,
            lambda: sm.distillation_loss([1.0, 2.0], [1.0, 2.0], 2e6),
            ValueError,
            "MAX_DISTILL_TEMPERATURE",
        ),
        (sm.count_names, lambda: sm.count_names(3), TypeError, "string"),
        (sm.snippet, lambda: sm.snippet([1.0, -np.inf], 1.0, 0, 1, 0), ValueError, "``±inf``"),
    ],
)
def test_documented_raises_are_true(func, call, error, documented):
    assert_raise_documented(func, call, error, documented)
