"""playground.divergence and playground.charts.divergence.

References: scipy.stats.entropy, scipy.special.rel_entr, scipy.spatial's
Jensen-Shannon distance, scipy.integrate.quad on densities written here from
scipy.stats.norm (independent of the module's own formulas), finite
differences for every gradient, hypothesis properties, extreme inputs.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import integrate, special, stats
from scipy.spatial.distance import jensenshannon

from playground import divergence as dv
from playground._validation import InputError
from playground.charts import divergence as charts
from playground.charts import theme
from tests.docstrings import assert_raise_documented, public_functions, raises_section

LOG2 = math.log(2.0)


def tr(key: str, **values) -> str:
    """A translator stand-in: the key itself (with values), always non-empty."""
    return key + (
        "" if not values else " " + " ".join(f"{k}={v}" for k, v in sorted(values.items()))
    )


# --------------------------------------------------------------------------- strategies


def _prob_vectors(min_k: int = 2, max_k: int = 10, zeros: bool = True):
    """Random probability vectors, optionally with exact zeros."""
    element = st.floats(0.0 if zeros else 1e-3, 1.0, allow_nan=False)

    def build(raw: np.ndarray) -> np.ndarray:
        if raw.sum() == 0:
            raw = raw.copy()
            raw[0] = 1.0
        return raw / raw.sum()

    return st.integers(min_k, max_k).flatmap(
        lambda k: arrays(np.float64, k, elements=element).map(build)
    )


def _pairs(zeros: bool = True):
    return st.integers(2, 10).flatmap(
        lambda k: st.tuples(
            arrays(np.float64, k, elements=st.floats(0.0 if zeros else 1e-3, 1.0, allow_nan=False)),
            arrays(np.float64, k, elements=st.floats(0.0 if zeros else 1e-3, 1.0, allow_nan=False)),
        ).map(lambda pq: tuple(_fix(v) for v in pq))
    )


def _fix(v: np.ndarray) -> np.ndarray:
    if v.sum() == 0:
        v = v.copy()
        v[-1] = 1.0
    return v / v.sum()


# --------------------------------------------------------------------------- discrete: references

P = np.array([0.5, 0.3, 0.2])
Q = np.array([0.2, 0.2, 0.6])


def test_entropy_matches_scipy():
    assert dv.entropy(P) == pytest.approx(stats.entropy(P), rel=1e-12)
    assert dv.entropy([0.25] * 4) == pytest.approx(math.log(4), rel=1e-12)
    assert dv.entropy([1.0, 0.0, 0.0]) == 0.0


def test_kl_matches_scipy_entropy_and_rel_entr():
    assert dv.kl_divergence(P, Q) == pytest.approx(stats.entropy(P, Q), rel=1e-12)
    assert dv.kl_divergence(P, Q) == pytest.approx(special.rel_entr(P, Q).sum(), rel=1e-12)
    np.testing.assert_allclose(dv.kl_contributions(P, Q), special.rel_entr(P, Q), rtol=1e-12)


def test_cross_entropy_identity_and_reference():
    ce = dv.cross_entropy(P, Q)
    assert ce == pytest.approx(-(P * np.log(Q)).sum(), rel=1e-12)
    assert ce == pytest.approx(dv.entropy(P) + dv.kl_divergence(P, Q), rel=1e-12)


def test_kl_is_asymmetric_on_a_concrete_pair():
    forward, reverse = dv.kl_divergence(P, Q), dv.kl_divergence(Q, P)
    assert forward == pytest.approx(0.3600624, abs=1e-7)
    assert reverse == pytest.approx(0.3948162, abs=1e-7)
    assert abs(forward - reverse) > 0.03


def test_kl_of_a_distribution_with_itself_is_zero():
    assert dv.kl_divergence(P, P) == 0.0
    assert dv.js_divergence(P, P) == 0.0


def test_support_mismatch_gives_inf_in_one_direction_only():
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([0.4, 0.4, 0.2])
    assert dv.kl_divergence(q, p) == math.inf
    assert math.isfinite(dv.kl_divergence(p, q))
    assert dv.cross_entropy(q, p) == math.inf
    terms = dv.kl_contributions(q, p)
    assert np.isinf(terms).tolist() == [False, False, True]
    assert not np.isnan(terms).any()
    # 0 · log(0/q) = 0, never nan, even where both are 0.
    assert dv.kl_contributions([1.0, 0.0], [1.0, 0.0]).tolist() == [0.0, 0.0]
    assert dv.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_js_matches_scipy_and_is_bounded():
    assert dv.js_divergence(P, Q) == pytest.approx(jensenshannon(P, Q) ** 2, rel=1e-10)
    assert dv.js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2)
    assert dv.js_divergence([0.5, 0.5, 0.0], [0.4, 0.4, 0.2]) < LOG2


def test_kl_grad_finite_differences():
    grad = dv.kl_divergence_grad(P, Q)
    h = 1e-7
    for i in range(3):
        e = np.zeros(3)
        e[i] = h
        # KL as a function of an unnormalised q: sum p log p - sum p log q (no renormalising)
        f = lambda q: float((P * (np.log(P) - np.log(q))).sum())  # noqa: E731
        fd = (f(Q + e) - f(Q - e)) / (2 * h)
        assert grad[i] == pytest.approx(fd, rel=1e-6)
    assert dv.kl_divergence_grad([1.0, 0.0], [0.0, 1.0]).tolist() == [-math.inf, 0.0]


def test_compare_bundles_everything():
    c = dv.compare(P, Q)
    assert c.kl_pq == dv.kl_divergence(P, Q) and c.kl_qp == dv.kl_divergence(Q, P)
    assert c.cross_entropy_pq == dv.cross_entropy(P, Q) and c.js == dv.js_divergence(P, Q)
    assert c.infinite_pq.size == 0 and c.infinite_qp.size == 0
    m = dv.compare([0.5, 0.5, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25])
    assert m.infinite_qp.tolist() == [2, 3] and m.kl_qp == math.inf


# --------------------------------------------------------------------------- discrete: properties


@settings(max_examples=150, deadline=None)
@given(_pairs())
def test_kl_nonnegative_and_inf_exactly_on_support_mismatch(pq):
    p, q = pq
    kl = dv.kl_divergence(p, q)
    mismatch = bool(((p > 0) & (q == 0)).any())
    assert not math.isnan(kl)
    assert kl >= 0.0
    assert math.isinf(kl) == mismatch
    if not mismatch:
        assert kl == pytest.approx(stats.entropy(p, q), rel=1e-9, abs=1e-12)
        assert dv.cross_entropy(p, q) == pytest.approx(dv.entropy(p) + kl, rel=1e-9, abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(_pairs())
def test_js_symmetric_finite_and_at_most_log2(pq):
    p, q = pq
    js = dv.js_divergence(p, q)
    assert js == dv.js_divergence(q, p)
    assert 0.0 <= js <= LOG2
    reference = jensenshannon(p, q) ** 2
    if np.isfinite(reference):  # SciPy overflows on subnormal entries; we do not
        assert js == pytest.approx(reference, rel=1e-7, abs=1e-12)


def test_js_with_subnormal_entries():
    """(p + q)/2 underflows to 0 for p = 0, q = 5e-324: the terms use p + q instead."""
    assert dv.js_divergence([0.0, 1.0], [5e-324, 1.0]) == pytest.approx(0.0, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(_prob_vectors())
def test_entropy_bounds(p):
    h = dv.entropy(p)
    assert -1e-12 <= h <= math.log(p.size) + 1e-12
    assert h == pytest.approx(stats.entropy(p), rel=1e-9, abs=1e-12)


# ------------------------------------------- discrete: precision when p ≈ q (SciPy gh-20710)

EPS = float(np.finfo(np.float64).eps)


def _exact(terms_of, p, q) -> Decimal:
    """Σ of per-category terms of the given floats: exact ratios, 60-digit logarithms."""
    with localcontext() as ctx:
        ctx.prec = 60
        return sum(
            (terms_of(Fraction(float(a)), Fraction(float(b))) for a, b in zip(p, q, strict=True)),
            Decimal(0),
        )


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _kl_term(a: Fraction, b: Fraction) -> Decimal:
    return _dec(a) * _dec(a / b).ln() if a > 0 else Decimal(0)


def _js_term(a: Fraction, b: Fraction) -> Decimal:
    m = (a + b) / 2  # exact: no rounding of m in the reference
    return (_kl_term(a, m) + _kl_term(b, m)) / 2 if m > 0 else Decimal(0)


def _kl_error_bound(p, q) -> float:
    """What summing k correctly computed terms may lose: (k + 4)·eps·Σ|term|."""
    scale = _exact(lambda a, b: abs(_kl_term(a, b)), p, q)
    return (len(p) + 4) * EPS * float(scale)


#: SciPy gh-20710: (x, y, SciPy's rel_entr(x, y)) where x·(log x − log y) gave instead
#: -9.330985476297864e-15, -3.2552094491625575e-14 and 1.6430558142659075e-13.
GH_20710 = [
    (0.9456657713430001, 0.9456657713430094, -9.325873406851269e-15),
    (0.48066098564791515, 0.48066098564794774, -3.258504577274724e-14),
    (0.786048657854401, 0.7860486578542367, 1.6431300764454033e-13),
]


@pytest.mark.parametrize(("x", "y", "scipy_value"), GH_20710)
def test_gh_20710_terms_keep_their_digits(x, y, scipy_value):
    term = dv.kl_contributions([x, 1 - x], [y, 1 - y])[0]
    assert term == special.rel_entr(x, y)
    assert term == pytest.approx(scipy_value, rel=1e-15)
    exact = float(_exact(_kl_term, [x], [y]))
    assert term == pytest.approx(exact, rel=4 * EPS)
    # The old form is off by ~1e-4 relative here: the test can tell them apart.
    assert abs(x * (math.log(x) - math.log(y)) - exact) > 1e3 * EPS * abs(exact)


@pytest.mark.parametrize(("x", "y", "scipy_value"), GH_20710)
def test_gh_20710_divergences_as_two_category_distributions(x, y, scipy_value):
    """Before: KL 0.0, 8.2e-17 (true 5.55e-17) and 0.0; now SciPy's rel_entr sum."""
    p, q = np.array([x, 1 - x]), np.array([y, 1 - y])
    reference = special.rel_entr(p, q).sum()
    kl = dv.kl_divergence(p, q)
    assert kl == pytest.approx(reference, rel=1e-15)
    exact = float(_exact(_kl_term, p, q))
    assert exact > 0 and kl > 0  # "KL = 0 only when P = Q"
    assert abs(kl - exact) <= _kl_error_bound(p, q)
    assert dv.compare(p, q).kl_pq == kl
    # Cross-entropy and entropy still add up, and JS is right to the last digits.
    assert dv.cross_entropy(p, q) == pytest.approx(dv.entropy(p) + kl, rel=1e-15)
    js = dv.js_divergence(p, q)
    assert js == pytest.approx(float(_exact(_js_term, p, q)), rel=1e-14)


@st.composite
def _close_pairs(draw):
    """p and q = p·(1 + noise·10⁻ᵈ) agreeing to d = 8..15 digits, q renormalised or not."""
    k = draw(st.integers(2, 10))
    weights = draw(arrays(np.float64, k, elements=st.one_of(st.just(0.0), st.floats(1e-3, 1.0))))
    if not weights.any():
        weights[0] = 1.0
    p = weights / weights.sum()
    digits = draw(st.integers(8, 15))
    noise = draw(arrays(np.float64, k, elements=st.floats(-1.0, 1.0)))
    q = p * (1.0 + noise * 10.0**-digits)
    if draw(st.booleans()):
        q = q / q.sum()
    return p, q


@settings(max_examples=300, deadline=None)
@given(_close_pairs())
def test_kl_through_the_shared_terms_matches_rel_entr_when_p_is_close_to_q(pq):
    p, q = pq
    reference = special.rel_entr(p, q).sum()
    assert dv.kl_contributions(p, q).sum() == pytest.approx(reference, rel=1e-15, abs=0)
    assert dv.kl_divergence(p, q) == pytest.approx(max(reference, 0.0), rel=1e-15, abs=0)
    # Independently of SciPy: within what summing correctly computed terms may lose.
    exact = float(_exact(_kl_term, p, q))
    assert abs(dv.kl_contributions(p, q).sum() - exact) <= _kl_error_bound(p, q)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_close_pairs(), _pairs()))
def test_js_keeps_its_relative_precision(pq):
    p, q = pq
    exact = float(_exact(_js_term, p, q))
    assert dv.js_divergence(p, q) == pytest.approx(exact, rel=1e-14, abs=1e-300)


def test_js_through_m_would_lose_the_digits():
    """Why JS is not ½Σ rel_entr(p, m) + ½Σ rel_entr(q, m): m = (p + q)/2 is rounded."""
    x, y, _ = GH_20710[1]
    p, q = np.array([x, 1 - x]), np.array([y, 1 - y])
    m = (p + q) / 2
    via_m = 0.5 * (special.rel_entr(p, m).sum() + special.rel_entr(q, m).sum())
    exact = float(_exact(_js_term, p, q))
    assert abs(via_m - exact) > 0.01 * exact  # SciPy's jensenshannon takes this route
    assert dv.js_divergence(p, q) == pytest.approx(exact, rel=1e-14)


# ------------------------------------------------------------------ discrete: invalid input


@pytest.mark.parametrize(
    ("p", "q", "match"),
    [
        ([0.5, -0.1, 0.6], [0.3, 0.3, 0.4], "p has a negative entry"),
        ([0.5, 0.5], [0.3, 0.3, 0.4], r"q.shape == \(3,\), must be \(2,\)"),
        ([0.5, 0.6], [0.5, 0.5], "p sums to 1.1, must sum to 1"),
        ([0.5, np.nan], [0.5, 0.5], "p contains nan"),
        ([0.5, 0.5], [np.inf, 0.5], "q contains inf"),
        ([[0.5, 0.5]], [[0.5, 0.5]], r"p.ndim == 2, must be 1"),
        ([], [], "p.size == 0"),
    ],
)
def test_invalid_inputs_raise_clear_errors(p, q, match):
    with pytest.raises(ValueError, match=match):
        dv.kl_divergence(p, q)


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        dv.entropy(["a", "b"])


def test_normalize():
    np.testing.assert_allclose(dv.normalize([6, 3, 1, 0]), [0.6, 0.3, 0.1, 0.0])
    huge = dv.normalize([1e308, 1e308])  # the plain sum would overflow to inf
    np.testing.assert_allclose(huge, [0.5, 0.5])
    with pytest.raises(ValueError, match="weights has a negative entry"):
        dv.normalize([1, -1])
    with pytest.raises(ValueError, match="weights sums to 0"):
        dv.normalize([0, 0])
    with pytest.raises(ValueError, match="contains nan"):
        dv.normalize([1, np.nan])


@pytest.mark.parametrize(
    ("p", "q", "code", "params"),
    [
        ([1, 2], [1, 2, 3], "length_mismatch", {"n_p": 2, "n_q": 3}),
        ([1, -2], [1, 2], "negative", {"name": "P", "value": "-2"}),
        ([1, 2], [0, -0.5], "negative", {"name": "Q", "value": "-0.5"}),
        ([0, 0], [1, 2], "all_zero", {"name": "P"}),
    ],
)
def test_normalize_pair_codes(p, q, code, params):
    with pytest.raises(InputError) as info:
        dv.normalize_pair(p, q)
    assert info.value.code == code and info.value.params == params


def test_normalize_pair_reports_rescaling():
    assert dv.normalize_pair([0.5, 0.5], [0.25, 0.75])[2] is False
    assert dv.normalize_pair([1, 1], [0.25, 0.75])[2] is True


# --------------------------------------------------------------------------- two Gaussians


def _gauss_kl_reference(mu_p, s_p, mu_q, s_q):
    """∫ p log(p/q) with scipy.stats.norm densities (independent of the module)."""
    p, q = stats.norm(mu_p, s_p), stats.norm(mu_q, s_q)
    value, _ = integrate.quad(
        lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)),
        mu_p - 30 * s_p,
        mu_p + 30 * s_p,
        points=[mu_p],
        limit=400,
        epsabs=1e-13,
        epsrel=1e-11,
    )
    return value


@pytest.mark.parametrize(
    "args",
    [
        (0, 1, 1, 2),
        (1, 2, 0, 1),
        (-3, 0.5, 2, 0.7),
        (0, 0.1, 0, 10),
        (5, 10, -5, 0.1),
        (0, 1, 0, 1),
    ],
)
def test_gaussian_closed_form_vs_numeric_integration(args):
    closed = dv.gaussian_kl(*args)
    assert closed == pytest.approx(_gauss_kl_reference(*args), rel=1e-8, abs=1e-10)
    assert closed == pytest.approx(dv.gaussian_kl_quad(*args), rel=1e-8, abs=1e-10)


def test_gaussian_kl_values_and_asymmetry():
    assert dv.gaussian_kl(0, 1, 0, 1) == 0.0
    assert dv.gaussian_kl(0, 1, 1, 2) == pytest.approx(math.log(2) + 2 / 8 - 0.5)
    assert dv.gaussian_kl(0, 1, 1, 2) != pytest.approx(dv.gaussian_kl(1, 2, 0, 1))


def test_gaussian_kl_extremes_never_nan():
    assert dv.gaussian_kl(0, 1e6, 0, 1e-6) == pytest.approx(0.5 * 1e24, rel=1e-9)
    assert math.isfinite(dv.gaussian_kl(-1e6, 1e-6, 1e6, 1e-6))
    assert dv.gaussian_kl(1000, 1, -1000, 1) == pytest.approx(2e6)
    for bad, match in [
        ((0, 0, 0, 1), "sigma_p == 0"),
        ((0, 1, 0, -1), "sigma_q == -1"),
        ((np.nan, 1, 0, 1), "mu_p == nan"),
        ((0, 1, np.inf, 1), "mu_q == inf"),
        ((0, 1e-9, 0, 1), "sigma_p == 1e-09, must be >= 1e-06"),
    ]:
        with pytest.raises(ValueError, match=match):
            dv.gaussian_kl(*bad)


def test_gaussian_kl_grad_finite_differences():
    args = (0.3, 0.8, -0.5, 1.7)
    d_mu, d_sigma = dv.gaussian_kl_grad(*args)
    h = 1e-6
    fd_mu = (
        dv.gaussian_kl(*args[:2], args[2] + h, args[3])
        - dv.gaussian_kl(*args[:2], args[2] - h, args[3])
    ) / (2 * h)
    fd_sigma = (dv.gaussian_kl(*args[:3], args[3] + h) - dv.gaussian_kl(*args[:3], args[3] - h)) / (
        2 * h
    )
    assert d_mu == pytest.approx(fd_mu, rel=1e-6)
    assert d_sigma == pytest.approx(fd_sigma, rel=1e-6)


def test_gaussian_integrand_integrates_to_kl():
    x = np.linspace(-12, 14, 20001)
    y = dv.gaussian_kl_integrand(x, 0.5, 1.3, 2.0, 0.9)
    assert np.isfinite(y).all()
    assert integrate.trapezoid(y, x) == pytest.approx(dv.gaussian_kl(0.5, 1.3, 2.0, 0.9), rel=1e-6)
    assert (dv.gaussian_kl_integrand([1e6], 0, 1, 0, 1) == 0).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(-50, 50), st.floats(0.01, 50), st.floats(-50, 50), st.floats(0.01, 50))
def test_gaussian_kl_nonnegative_and_zero_only_when_equal(mu_p, s_p, mu_q, s_q):
    value = dv.gaussian_kl(mu_p, s_p, mu_q, s_q)
    assert value >= 0.0 and math.isfinite(value)
    assert dv.gaussian_kl(mu_p, s_p, mu_p, s_p) == 0.0


# --------------------------------------------------------------------------- mixtures

MIXTURES = [
    dv.two_gaussian_mixture(5.0, 0.6, 0.5, 0.7),  # the page's default: separated modes
    dv.two_gaussian_mixture(8.0, 0.5, 0.2, 0.2),  # very sharp crossing of log densities
    dv.two_gaussian_mixture(1.0, 0.5, 1.0, 1.0),  # overlapping
    dv.two_gaussian_mixture(0.0, 0.3, 0.5, 2.0),  # same mean, different widths
    (np.array([0.2, 0.5, 0.3]), np.array([-3.0, 0.0, 4.0]), np.array([0.4, 1.0, 0.6])),
]
Q_POINTS = [(0.0, 1.0), (1.0, 0.3), (-2.5, 0.5), (3.0, 5.0), (6.0, 0.1), (-6.0, 10.0), (0.2, 2.0)]


def _mix_logpdf(x, w, m, s):
    return special.logsumexp(stats.norm.logpdf(np.asarray(x)[..., None], m, s), b=w, axis=-1)


def _mixture_kl_reference(w, m, s, mu, sigma, direction):
    """Adaptive quadrature with scipy.stats.norm densities (break points at the means)."""
    q = stats.norm(mu, sigma)
    if direction == "forward":
        lo, hi = float((m - 15 * s).min()), float((m + 15 * s).max())
        f = lambda x: math.exp(_mix_logpdf(x, w, m, s)) * (_mix_logpdf(x, w, m, s) - q.logpdf(x))  # noqa: E731
    else:
        lo, hi = mu - 15 * sigma, mu + 15 * sigma
        f = lambda x: q.pdf(x) * (q.logpdf(x) - _mix_logpdf(x, w, m, s))  # noqa: E731
    crossings = dv._mixture(w, m, s).crossings
    points = sorted({float(v) for v in (*m, *crossings, mu) if lo < v < hi})
    value, _ = integrate.quad(f, lo, hi, points=points, limit=2000, epsabs=1e-12, epsrel=1e-11)
    return value


def test_mixture_density_matches_scipy_and_integrates_to_one():
    w, m, s = MIXTURES[4]
    x = np.linspace(-8, 8, 101)
    ref = (w * stats.norm.pdf(x[:, None], m, s)).sum(axis=1)
    np.testing.assert_allclose(dv.mixture_pdf(x, w, m, s), ref, rtol=1e-12)
    total, _ = integrate.quad(
        lambda v: float(dv.mixture_pdf(v, w, m, s)), -20, 20, points=list(m), limit=200
    )
    assert total == pytest.approx(1.0, abs=1e-9)
    assert np.isfinite(dv.mixture_logpdf([1e5], w, m, s)).all()  # no underflow to -inf


@pytest.mark.parametrize("mix", MIXTURES, ids=["default", "sharp", "overlap", "nested", "three"])
def test_mixture_kl_both_directions_vs_quad(mix):
    for mu, sigma in Q_POINTS:
        fwd = dv.mixture_forward_kl(*mix, mu, sigma)
        rev = dv.mixture_reverse_kl(*mix, mu, sigma)
        assert fwd == pytest.approx(
            _mixture_kl_reference(*mix, mu, sigma, "forward"), rel=1e-7, abs=1e-9
        )
        assert rev == pytest.approx(
            _mixture_kl_reference(*mix, mu, sigma, "reverse"), rel=1e-7, abs=1e-9
        )
    # The module's own quad-based reference agrees too.
    assert dv.mixture_kl_quad(*mix, 0.5, 1.5, direction="reverse") == pytest.approx(
        dv.mixture_reverse_kl(*mix, 0.5, 1.5), rel=1e-7
    )


def test_plain_gauss_hermite_would_be_wrong_here():
    """Why the graded rule exists: 100-point Gauss-Hermite misses the sharp bend of log p."""
    w, m, s = MIXTURES[1]
    t, gw = np.polynomial.hermite.hermgauss(100)
    mu, sigma = 0.0, 3.0
    naive = -(0.5 * math.log(2 * math.pi * math.e * sigma**2)) - float(
        (gw / math.sqrt(math.pi) * _mix_logpdf(mu + math.sqrt(2) * sigma * t, w, m, s)).sum()
    )
    exact = _mixture_kl_reference(w, m, s, mu, sigma, "reverse")
    assert abs(naive - exact) > 1e-2
    assert dv.mixture_reverse_kl(w, m, s, mu, sigma) == pytest.approx(exact, rel=1e-8)


def test_single_component_mixture_reduces_to_the_closed_form():
    for mu, sigma in Q_POINTS:
        assert dv.mixture_forward_kl([1.0], [0.7], [1.3], mu, sigma) == pytest.approx(
            dv.gaussian_kl(0.7, 1.3, mu, sigma), rel=1e-8, abs=1e-10
        )
        assert dv.mixture_reverse_kl([1.0], [0.7], [1.3], mu, sigma) == pytest.approx(
            dv.gaussian_kl(mu, sigma, 0.7, 1.3), rel=1e-8, abs=1e-10
        )
    assert dv.mixture_entropy([1.0], [0.0], [2.0]) == pytest.approx(
        dv.gaussian_entropy(2.0), rel=1e-9
    )


def test_mixture_entropy_vs_quad():
    w, m, s = MIXTURES[0]
    ref, _ = integrate.quad(
        lambda x: -math.exp(_mix_logpdf(x, w, m, s)) * _mix_logpdf(x, w, m, s),
        -15,
        15,
        points=list(m),
        limit=400,
    )
    assert dv.mixture_entropy(w, m, s) == pytest.approx(ref, rel=1e-9)


def test_mixture_moments_vs_numeric():
    w, m, s = MIXTURES[4]
    mean, std = dv.mixture_moments(w, m, s)
    x = np.linspace(-15, 15, 200001)
    px = dv.mixture_pdf(x, w, m, s)
    assert mean == pytest.approx(integrate.trapezoid(x * px, x), abs=1e-8)
    assert std**2 == pytest.approx(integrate.trapezoid((x - mean) ** 2 * px, x), rel=1e-7)


@pytest.mark.parametrize("mix", MIXTURES[:4], ids=["default", "sharp", "overlap", "nested"])
def test_mixture_gradients_finite_differences(mix):
    for mu, sigma in [(0.3, 1.1), (2.2, 0.6), (-1.0, 3.0)]:
        for kl, grad in (
            (dv.mixture_forward_kl, dv.mixture_forward_kl_grad),
            (dv.mixture_reverse_kl, dv.mixture_reverse_kl_grad),
        ):
            d_mu, d_sigma = grad(*mix, mu, sigma)
            h = 1e-5
            fd_mu = (kl(*mix, mu + h, sigma) - kl(*mix, mu - h, sigma)) / (2 * h)
            fd_sigma = (kl(*mix, mu, sigma + h) - kl(*mix, mu, sigma - h)) / (2 * h)
            assert d_mu == pytest.approx(fd_mu, rel=1e-5, abs=1e-6)
            assert d_sigma == pytest.approx(fd_sigma, rel=1e-5, abs=1e-6)
        analytic, numeric = dv.reverse_kl_grad_check(*mix, mu, sigma)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-6)


def test_functions_broadcast_over_mu_and_sigma():
    mix = MIXTURES[0]
    mus, sigmas = np.array([[-1.0, 0.0, 1.0]]), np.array([[0.5], [2.0]])
    fwd, rev = dv.mixture_forward_kl(*mix, mus, sigmas), dv.mixture_reverse_kl(*mix, mus, sigmas)
    assert fwd.shape == rev.shape == (2, 3)
    assert rev[1, 2] == pytest.approx(dv.mixture_reverse_kl(*mix, 1.0, 2.0), rel=1e-12)


def test_forward_fit_equals_the_mixture_moments_and_minimises():
    for mix in MIXTURES:
        mu, sigma = dv.fit_gaussian_forward_kl(*mix)
        w, m, s = mix
        assert mu == pytest.approx(float((w * m).sum()), abs=1e-12)
        assert sigma == pytest.approx(
            math.sqrt(float((w * (s**2 + m**2)).sum()) - mu**2), rel=1e-12
        )
        best = dv.mixture_forward_kl(*mix, mu, sigma)
        assert dv.mixture_forward_kl_grad(*mix, mu, sigma) == pytest.approx((0.0, 0.0), abs=1e-12)
        for dm, ds in [(0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)]:
            assert dv.mixture_forward_kl(*mix, mu + dm, sigma * (1 + ds)) > best


def _hessian(mix, mu, sigma, h=1e-4):
    g = lambda m, s: np.array(dv.mixture_reverse_kl_grad(*mix, m, s))  # noqa: E731
    cols = [
        (g(mu + h, sigma) - g(mu - h, sigma)) / (2 * h),
        (g(mu, sigma + h) - g(mu, sigma - h)) / (2 * h),
    ]
    return np.column_stack(cols)


@pytest.mark.parametrize("start", [0.5, 1.5, 2.5, 6.0, -0.5, -1.5, -2.5, -6.0])
def test_reverse_fit_lands_on_the_nearest_mode_for_separated_modes(start):
    mix = dv.two_gaussian_mixture(6.0, 0.5, 0.6, 0.6)
    mu, sigma = dv.fit_gaussian_reverse_kl(*mix, init_mu=start, init_sigma=0.6)
    assert mu == pytest.approx(math.copysign(3.0, start), abs=1e-3)
    assert sigma == pytest.approx(0.6, rel=1e-3)
    # a local minimiser: zero gradient, positive-definite Hessian
    assert dv.mixture_reverse_kl_grad(*mix, mu, sigma) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert (
        np.linalg.eigvalsh(0.5 * (_hessian(mix, mu, sigma) + _hessian(mix, mu, sigma).T)) > 0
    ).all()


def test_reverse_fit_depends_on_the_start_on_the_default_mixture():
    mix = dv.two_gaussian_mixture(5.0, 0.6, 0.5, 0.7)
    left = dv.fit_gaussian_reverse_kl(*mix, init_mu=-2.0, init_sigma=1.0)
    right = dv.fit_gaussian_reverse_kl(*mix, init_mu=1.0, init_sigma=1.0)
    assert left == pytest.approx((-2.5, 0.5), abs=1e-3)
    assert right == pytest.approx((2.5, 0.7), abs=1e-3)
    forward = dv.fit_gaussian_forward_kl(*mix)
    assert forward[1] > 3 * max(left[1], right[1])  # mode-covering vs mode-seeking


def test_reverse_fit_on_a_mode_approaches_minus_log_weight():
    """A Gaussian sitting exactly on a far-away mode pays only -log(weight)."""
    mix = dv.two_gaussian_mixture(40.0, 0.3, 1.0, 1.0)
    mu, sigma = dv.fit_gaussian_reverse_kl(*mix, init_mu=-15.0, init_sigma=2.0)
    assert (mu, sigma) == pytest.approx((-20.0, 1.0), abs=1e-5)
    assert dv.mixture_reverse_kl(*mix, mu, sigma) == pytest.approx(-math.log(0.3), rel=1e-6)


def test_reverse_fit_is_deterministic_and_its_path_starts_at_the_start():
    mix = MIXTURES[0]
    a = dv.reverse_kl_path(*mix, init_mu=1.0, init_sigma=1.0)
    b = dv.reverse_kl_path(*mix, init_mu=1.0, init_sigma=1.0)
    np.testing.assert_array_equal(a, b)
    assert a[0].tolist() == [1.0, 1.0] and a.shape[1] == 2
    values = [dv.mixture_reverse_kl(*mix, *row) for row in a]
    assert values[-1] <= values[0]
    assert tuple(a[-1]) == dv.fit_gaussian_reverse_kl(*mix, init_mu=1.0, init_sigma=1.0)


def test_symmetric_start_finds_the_wide_covering_local_minimum():
    """On the axis of a symmetric mixture the mu-gradient is 0: the fit stays there and stops
    at the wide local minimum, which is a true local minimum (not a saddle)."""
    mix = dv.two_gaussian_mixture(6.0, 0.5, 0.5, 0.5)
    mu, sigma = dv.fit_gaussian_reverse_kl(*mix, init_mu=0.0, init_sigma=0.6)
    assert mu == pytest.approx(0.0, abs=1e-9) and sigma == pytest.approx(2.4928, abs=1e-3)
    assert (np.linalg.eigvalsh(_hessian(mix, mu, sigma)) > 0).all()
    assert dv.mixture_reverse_kl(*mix, mu, sigma) > dv.mixture_reverse_kl(*mix, 3.0, 0.5)


def test_reverse_minima():
    found = dv.reverse_kl_minima(*dv.two_gaussian_mixture(5.0, 0.6, 0.5, 0.7))
    assert found[:, 0].round(1).tolist() == [-2.5, 2.5]  # the heavier mode is the global minimum
    assert found[0, 2] < found[1, 2]
    wide = dv.reverse_kl_minima(*dv.two_gaussian_mixture(4.0, 0.5, 0.7, 0.7))
    assert (
        len(wide) == 3 and np.isclose(wide[:, 0], 0.0, atol=1e-6).any()
    )  # the covering local minimum
    single = dv.reverse_kl_minima(*dv.two_gaussian_mixture(0.0, 0.5, 1.0, 1.0))
    assert single.shape == (1, 3) and single[0, 2] == pytest.approx(0.0, abs=1e-8)


def test_landscape_matches_pointwise_values():
    mix = MIXTURES[0]
    mus, sigmas = np.linspace(-6, 6, 13), np.geomspace(0.1, 10, 9)
    fwd, rev = dv.kl_landscape(*mix, mus, sigmas)
    assert fwd.shape == rev.shape == (9, 13)
    assert np.isfinite(fwd).all() and np.isfinite(rev).all()
    for i, j in [(0, 0), (4, 6), (8, 12), (3, 9)]:
        assert fwd[i, j] == pytest.approx(dv.mixture_forward_kl(*mix, mus[j], sigmas[i]), rel=1e-12)
        assert rev[i, j] == pytest.approx(dv.mixture_reverse_kl(*mix, mus[j], sigmas[i]), rel=1e-3)
    with pytest.raises(ValueError, match="mus.size == 2001, must be <= 2000"):
        dv.kl_landscape(*mix, np.linspace(0, 1, 2001), sigmas)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([0.5, 0.6], [0, 1], [1, 1]), "weights sums to 1.1"),
        (([0.5, 0.5], [0, 1, 2], [1, 1]), r"means.shape == \(3,\), must be \(2\)"),
        (([0.5, 0.5], [0, 1], [1, 0]), "sigmas has an entry 0, must be > 0"),
        (([0.5, 0.5], [0, np.nan], [1, 1]), "means contains nan"),
        (([1 / 1001] * 1001, [0] * 1001, [1] * 1001), "weights.size == 1001, must be <= 1000"),
        (([1.0], [2e6], [1.0]), "must be within"),
    ],
)
def test_mixture_validation(args, match):
    with pytest.raises(ValueError, match=match):
        dv.mixture_forward_kl(*args, 0.0, 1.0)


def test_q_validation():
    mix = MIXTURES[0]
    with pytest.raises(ValueError, match="sigma has an entry 0"):
        dv.mixture_reverse_kl(*mix, 0.0, 0.0)
    with pytest.raises(ValueError, match="mu contains inf"):
        dv.mixture_reverse_kl(*mix, np.inf, 1.0)
    with pytest.raises(ValueError, match="init_sigma"):
        dv.fit_gaussian_reverse_kl(*mix, init_mu=0.0, init_sigma=-1.0)


def test_zero_weight_components_are_ignored():
    a = dv.mixture_reverse_kl([1.0, 0.0], [0.0, 5.0], [1.0, 0.3], 0.5, 1.2)
    assert a == pytest.approx(dv.gaussian_kl(0.5, 1.2, 0.0, 1.0), rel=1e-8)


def test_extreme_mixtures_stay_finite():
    mix = ([0.5, 0.5], [-1e5, 1e5], [1e-3, 1e3])
    for mu, sigma in [(0.0, 1.0), (1e5, 1e-3), (-1e5, 1e4)]:
        for f in (dv.mixture_forward_kl, dv.mixture_reverse_kl):
            value = f(*mix, mu, sigma)
            assert math.isfinite(value) and value >= 0


def test_plot_range():
    lo, hi = dv.plot_range(*MIXTURES[0], 1.0, 1.0)
    assert lo == pytest.approx(-4.5) and hi == pytest.approx(2.5 + 4 * 0.7)
    assert dv.plot_range([1.0], [0.0], [1.0], 0.0, 100.0) == (-60.0, 60.0)


# --------------------------------------------------------------------------- snippet


def test_snippet_runs_and_reproduces_the_numbers():
    code = dv.snippet(
        p_weights=[6, 3, 0.5, 0.3, 0.2],
        q_weights=[2, 2, 2, 2, 2],
        mixture=(5.0, 0.6, 0.5, 0.7),
        q=(1.0, 1.0),
        gaussians=(0.0, 1.0, 1.0, 2.0),
    )
    scope: dict = {}
    exec(compile(code, "<snippet>", "exec"), scope)  # noqa: S102 - tests may exec
    p, q = dv.normalize([6, 3, 0.5, 0.3, 0.2]), dv.normalize([2] * 5)
    assert scope["kl_pq"] == dv.kl_divergence(p, q) and scope["kl_qp"] == dv.kl_divergence(q, p)
    mix = dv.two_gaussian_mixture(5.0, 0.6, 0.5, 0.7)
    assert scope["forward"] == dv.mixture_forward_kl(*mix, 1.0, 1.0)
    assert scope["reverse_fit"] == dv.fit_gaussian_reverse_kl(*mix, init_mu=1.0, init_sigma=1.0)
    assert scope["kl_closed"] == pytest.approx(scope["kl_numeric"], rel=1e-9)
    assert "divergence as dv" in dv.snippet()


# --------------------------------------------------------------------------- charts


def _payload(fig: go.Figure) -> int:
    theme.compact(fig)
    return len(fig.to_json())


def _assert_finite_float32(fig: go.Figure) -> None:
    theme.compact(fig)
    for trace in fig.data:
        for attr in ("x", "y", "z", "customdata"):
            value = getattr(trace, attr, None)
            if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                assert value.dtype == np.float32, (trace.type, attr)
                assert np.isfinite(value).all(), (trace.type, attr)
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert "NaN" not in text and "Infinity" not in text


def _titled(fig: go.Figure) -> None:
    # The builders skip Plotly's validation for speed: validate the spec here.
    go.Figure(fig.to_plotly_json())
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text
    # the app template (colour-blind palette, CJK fonts) is applied when the figure is sent
    layout = json.loads(fig.to_json())["layout"]
    assert layout["template"]["layout"]["colorway"] == list(theme.PALETTE)


def test_discrete_charts():
    c = dv.compare(P, Q)
    for fig in (
        charts.distributions_figure(c.p, c.q, tr=tr),
        charts.contributions_figure(c.terms_pq, c.terms_qp, tr=tr),
        charts.identity_figure(c.entropy_p, c.kl_pq, c.cross_entropy_pq, tr=tr),
    ):
        assert isinstance(fig, go.Figure)
        _titled(fig)
        _assert_finite_float32(fig)
        assert _payload(fig) < 150 * 1024


def test_infinite_terms_are_annotated_not_plotted():
    c = dv.compare([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])
    fig = charts.contributions_figure(c.terms_pq, c.terms_qp, tr=tr)
    _assert_finite_float32(fig)
    markers = [t for t in fig.data if t.type == "scatter"]
    assert len(markers) == 1 and list(markers[0].text) == ["∞"]
    assert any("infinite_note" in a.text for a in fig.layout.annotations)
    bars = [t for t in fig.data if t.type == "bar"]
    assert "∞" in list(bars[1].text)  # the hover text says ∞ for the infinite term
    ident = charts.identity_figure(c.entropy_q, c.kl_qp, c.cross_entropy_qp, tr=tr)
    _assert_finite_float32(ident)
    assert any("∞" in a.text for a in ident.layout.annotations)


def test_continuous_charts():
    mix = MIXTURES[0]
    x = np.linspace(*dv.plot_range(*mix, 1.0, 1.0), 400)
    fwd, rev = (
        dv.fit_gaussian_forward_kl(*mix),
        dv.fit_gaussian_reverse_kl(*mix, init_mu=1.0, init_sigma=1.0),
    )
    dens = charts.densities_figure(
        x,
        dv.mixture_pdf(x, *mix),
        {
            k: (m, s, dv.gaussian_pdf(x, m, s))
            for k, (m, s) in (("q", (1.0, 1.0)), ("forward", fwd), ("reverse", rev))
        },
        tr=tr,
    )
    mus, sigmas = np.linspace(-6, 6, 49), np.geomspace(0.1, 10, 37)
    grid_f, grid_r = dv.kl_landscape(*mix, mus, sigmas)
    land = charts.landscape_figure(
        mus,
        sigmas,
        grid_f,
        grid_r,
        q=(1.0, 1.0),
        forward_fit=fwd,
        reverse_minima=dv.reverse_kl_minima(*mix),
        path=dv.reverse_kl_path(*mix, init_mu=1.0, init_sigma=1.0),
        tr=tr,
    )
    gauss = charts.gaussians_figure(
        x,
        dv.gaussian_pdf(x, 0, 1),
        dv.gaussian_pdf(x, 1, 2),
        dv.gaussian_kl_integrand(x, 0, 1, 1, 2),
        tr=tr,
    )
    for fig in (dens, land, gauss):
        _titled(fig)
        _assert_finite_float32(fig)
        assert _payload(fig) < 150 * 1024
    assert land.layout.yaxis.type == "log" and land.layout.xaxis2.title.text == "μ"
    heat = [t for t in land.data if t.type == "heatmap"]
    assert len(heat) == 2 and heat[0].z.shape == (37, 49)
    # hover shows the exact divergence (customdata), the colour is log10 of it
    np.testing.assert_allclose(heat[1].customdata, grid_r.astype(np.float32), rtol=1e-6)


def test_landscape_survives_huge_values():
    mus, sigmas = np.linspace(-6, 6, 5), np.geomspace(0.1, 10, 4)
    huge = np.full((4, 5), 1e300)
    huge[0, 0] = 0.0
    fig = charts.landscape_figure(
        mus,
        sigmas,
        huge,
        np.full((4, 5), np.inf),
        q=(0, 1),
        forward_fit=(0, 1),
        reverse_minima=np.empty((0, 3)),
        path=np.array([[0.0, 1.0]]),
        tr=tr,
    )
    _assert_finite_float32(fig)


# ------------------------------------------------- docstrings: every condition that raises


@pytest.mark.parametrize("name", public_functions(dv))
def test_every_public_function_documents_what_it_raises(name):
    assert "Error" in raises_section(getattr(dv, name)), f"{name} has no Raises section"


@pytest.mark.parametrize(
    ("func", "call", "error", "documented"),
    [
        (dv.entropy, lambda: dv.entropy([0.1, 0.2]), ValueError, "sum to 1"),
        (dv.entropy, lambda: dv.entropy([0.5, np.nan, 0.5]), ValueError, "``nan``"),
        (dv.kl_divergence, lambda: dv.kl_divergence([1.5, -0.5], [0.5, 0.5]), ValueError, "neg"),
        (dv.kl_divergence, lambda: dv.kl_divergence([1.0], [0.5, 0.5]), ValueError, "shapes"),
        (dv.js_divergence, lambda: dv.js_divergence([np.inf, 0], [0, 1]), ValueError, "``±inf``"),
        (dv.cross_entropy, lambda: dv.cross_entropy([], []), ValueError, "empty"),
        (dv.kl_contributions, lambda: dv.kl_contributions(["a"], [1]), TypeError, "numeric"),
        (dv.normalize, lambda: dv.normalize([0.0, 0.0]), ValueError, "all zero"),
        (dv.normalize_pair, lambda: dv.normalize_pair([1], [1, 2]), InputError, "length_mism"),
        (dv.gaussian_kl, lambda: dv.gaussian_kl(0, 0, 0, 1), ValueError, "``<= 0``"),
        (dv.gaussian_kl, lambda: dv.gaussian_kl(2e6, 1, 0, 1), ValueError, "``±1e6``"),
        (dv.gaussian_pdf, lambda: dv.gaussian_pdf(0.0, 0.0, True), TypeError, "``bool``"),
        (
            dv.two_gaussian_mixture,
            lambda: dv.two_gaussian_mixture(1.0, 1.5, 1.0, 1.0),
            ValueError,
            "``[0, 1]``",
        ),
        (
            dv.mixture_pdf,
            lambda: dv.mixture_pdf(0.0, np.full(1001, 1 / 1001), np.zeros(1001), np.ones(1001)),
            ValueError,
            "MAX_COMPONENTS",
        ),
        (
            dv.mixture_reverse_kl,
            lambda: dv.mixture_reverse_kl([1.0], [0.0], [1.0], [0.0, 1.0], [1.0, 1.0, 1.0]),
            ValueError,
            "broadcast",
        ),
        (
            dv.kl_landscape,
            lambda: dv.kl_landscape([1.0], [0.0], [1.0], np.zeros(2001), [1.0]),
            ValueError,
            "2000",
        ),
        (
            dv.reverse_kl_path,
            lambda: dv.reverse_kl_path([1.0], [0.0], [1.0], init_mu=0.0, init_sigma=1e5),
            ValueError,
            "``[1e-4, 1e4]``",
        ),
        (
            dv.mixture_kl_quad,
            lambda: dv.mixture_kl_quad([1.0], [0.0], [1.0], 0.0, 1.0, direction="up"),
            ValueError,
            "``direction``",
        ),
        (dv.snippet, lambda: dv.snippet(mixture=(1, 2, 3), q=(0, 1)), ValueError, "4 numbers"),
    ],
)
def test_documented_raises_are_true(func, call, error, documented):
    assert_raise_documented(func, call, error, documented)
