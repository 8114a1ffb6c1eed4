"""playground.bayes and playground.charts.bayes: references, properties, edges.

References are independent of the code under test: exact rational arithmetic
(``fractions.Fraction``) enumerating every hypothesis, counts of a concrete
population fed to scikit-learn's ``precision_score``/``recall_score``,
``scipy.stats.beta`` (mean, mode, pdf, interval), numerical quadrature of the
Beta density, a brute-force grid posterior with ``scipy.stats.binom``, and
closed forms. NumPy warnings are errors in every test (see ``no_warnings``).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
import scipy.integrate
import scipy.optimize
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import precision_score, recall_score

from playground import bayes
from playground.app.i18n import translator
from playground.charts import bayes as charts
from playground.charts import theme
from tests import scratch
from tests.numerics import (
    no_warnings,  # noqa: F401 (autouse fixture)
    rng_for,
)

ROOT = Path(__file__).resolve().parents[1]
probs = st.floats(0.0, 1.0, allow_nan=False)
inner = st.floats(1e-6, 1.0 - 1e-6, allow_nan=False)


def exact_posterior(prior, likelihood) -> list[Fraction]:
    """Bayes' rule in exact rational arithmetic, hypothesis by hypothesis."""
    joint = [Fraction(p) * Fraction(q) for p, q in zip(prior, likelihood, strict=True)]
    total = sum(joint)
    return [j / total for j in joint]


# ---------------------------------------------------------------------------
# posterior
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
def test_posterior_matches_exact_enumeration(n):
    rng = rng_for("posterior", n)
    prior = rng.dirichlet(np.ones(n))
    prior = prior / prior.sum()
    likelihood = rng.uniform(0, 1, n)
    u = bayes.posterior(prior, likelihood)
    expected = exact_posterior(prior, likelihood)
    np.testing.assert_allclose(u.posterior, [float(e) for e in expected], rtol=1e-13, atol=0)
    evidence = sum(Fraction(p) * Fraction(q) for p, q in zip(prior, likelihood, strict=True))
    assert u.evidence == pytest.approx(float(evidence), rel=1e-13)
    assert u.log_evidence == pytest.approx(math.log(float(evidence)), rel=1e-13, abs=1e-15)
    np.testing.assert_allclose(u.joint, prior * likelihood, rtol=1e-15)


def test_posterior_from_a_joint_table():
    """Conditioning a joint table P(H, E) on a column equals Bayes' rule with its marginals."""
    rng = rng_for("joint-table")
    joint = rng.uniform(0, 1, (4, 3))
    joint /= joint.sum()
    prior = joint.sum(axis=1)
    for e in range(3):
        likelihood = joint[:, e] / prior  # P(E = e | H)
        conditioned = joint[:, e] / joint[:, e].sum()  # by counting, no Bayes
        np.testing.assert_allclose(
            bayes.posterior(prior / prior.sum(), likelihood).posterior, conditioned, rtol=1e-12
        )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=12),
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=12, max_size=12),
)
def test_posterior_is_a_distribution(weights, likelihood):
    w = np.asarray(weights)
    assume(w.sum() > 0)
    prior = w / w.sum()
    assume(abs(prior.sum() - 1) < 1e-12)
    lik = np.asarray(likelihood[: w.size])
    assume(np.any((prior > 0) & (lik > 0)))
    post = bayes.posterior(prior, lik).posterior
    assert np.all(post >= 0)
    assert post.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(post[prior == 0] == 0)  # no prior mass, no posterior mass
    assert np.all(post[lik == 0] == 0)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.01, 1, allow_nan=False), min_size=1, max_size=10),
    st.floats(1e-300, 1e300),
)
def test_uniform_likelihood_leaves_the_prior_unchanged(weights, level):
    prior = np.asarray(weights) / np.sum(weights)
    assume(abs(prior.sum() - 1) < 1e-12)
    post = bayes.posterior(prior, np.full(prior.size, level)).posterior
    np.testing.assert_allclose(post, prior, rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(1e-200, 1e200))
def test_only_likelihood_ratios_matter(scale):
    prior, lik = np.array([0.2, 0.5, 0.3]), np.array([0.9, 0.1, 0.4])
    np.testing.assert_allclose(
        bayes.posterior(prior, lik * scale).posterior,
        bayes.posterior(prior, lik).posterior,
        rtol=1e-12,
    )


def test_tiny_likelihoods_do_not_underflow_into_zero_evidence():
    # Every product underflows to 0 in double precision; the posterior is still exact.
    prior = np.array([1e-200, 1.0 - 1e-200])
    lik = np.array([1e-200, 1e-250])
    post = bayes.posterior(prior, lik).posterior
    expected = exact_posterior([Fraction(1, 10**200), 1 - Fraction(1, 10**200)], lik)
    np.testing.assert_allclose(post, [float(e) for e in expected], rtol=1e-12)
    u = bayes.posterior([0.5, 0.5], [1e-320, 3e-320])
    np.testing.assert_allclose(u.posterior, [0.25, 0.75], rtol=1e-3)  # subnormal inputs


def test_zero_evidence_is_explained_not_nan():
    with pytest.raises(bayes.ZeroEvidenceError, match=r"P\(E\) == 0.*0/0"):
        bayes.posterior([1.0, 0.0], [0.0, 1.0])
    with pytest.raises(bayes.ZeroEvidenceError):
        bayes.posterior([0.5, 0.5], [0.0, 0.0])
    assert issubclass(bayes.ZeroEvidenceError, ValueError)


@pytest.mark.parametrize(
    ("prior", "likelihood", "message"),
    [
        ([], [], "prior.size == 0"),
        ([0.5, 0.6], [1, 1], "sums to 1.1"),
        ([1.5, -0.5], [1, 1], "negative entry"),
        ([np.nan, 1.0], [1, 1], "contains nan"),
        ([[0.5, 0.5]], [1, 1], "prior.ndim == 2"),
        ([0.5, 0.5], [1, 1, 1], "must end with 2"),
        ([0.5, 0.5], [1, -1], "negative entry"),
        ([0.5, 0.5], [1, np.inf], "contains inf"),
        ([0.5, 0.5], [1, np.nan], "contains nan"),
        ([0.5, 0.5], [[1, 1]], "likelihood.ndim == 2"),
        ([1e6, -1e6 + 1], [1, 1], "negative entry"),
    ],
)
def test_posterior_rejects_bad_input_clearly(prior, likelihood, message):
    with pytest.raises(ValueError, match=message):
        bayes.posterior(prior, likelihood)


def test_posterior_rejects_non_numbers():
    with pytest.raises(TypeError, match="array-like of numbers"):
        bayes.posterior(["a", "b"], [1, 1])


# ---------------------------------------------------------------------------
# The diagnostic test
# ---------------------------------------------------------------------------


def population(prev: float, sens: float, spec: float, n: int):
    """Concrete people (labels, test results) with exactly the expected counts."""
    sick = round(prev * n)
    tp = round(sens * sick)
    tn = round(spec * (n - sick))
    y_true = np.r_[np.ones(sick), np.zeros(n - sick)]
    y_pred = np.r_[np.ones(tp), np.zeros(sick - tp), np.ones(n - sick - tn), np.zeros(tn)]
    return y_true, y_pred


@pytest.mark.parametrize(
    ("prev", "sens", "spec"),
    [(0.01, 0.99, 0.99), (0.001, 0.99, 0.99), (0.1, 0.9, 0.8), (0.5, 0.75, 0.75), (0.2, 1, 0.95)],
)
def test_diagnostic_test_matches_a_counted_population(prev, sens, spec):
    # With N = 10^6 the expected counts are whole numbers: counting people is exact.
    y_true, y_pred = population(prev, sens, spec, 10**6)
    d = bayes.diagnostic_test(prev, sens, spec)
    assert d.p_disease_given_positive == pytest.approx(precision_score(y_true, y_pred), rel=1e-12)
    assert sens == pytest.approx(recall_score(y_true, y_pred), rel=1e-12)
    assert d.p_positive == pytest.approx(y_pred.mean(), rel=1e-12)
    negatives = y_pred == 0
    assert d.p_disease_given_negative == pytest.approx(y_true[negatives].mean(), abs=1e-15)
    assert d.p_negative == pytest.approx(negatives.mean(), rel=1e-12)


@settings(max_examples=300, deadline=None)
@given(probs, probs, probs)
def test_diagnostic_test_matches_exact_fractions(prev, sens, spec):
    d = bayes.diagnostic_test(prev, sens, spec)
    prior = [Fraction(prev), 1 - Fraction(prev)]
    for positive, value, evidence in (
        (True, d.p_disease_given_positive, d.p_positive),
        (False, d.p_disease_given_negative, d.p_negative),
    ):
        lik = (
            [Fraction(sens), 1 - Fraction(spec)]
            if positive
            else [1 - Fraction(sens), Fraction(spec)]
        )
        total = prior[0] * lik[0] + prior[1] * lik[1]
        assert evidence == pytest.approx(float(total), rel=1e-12, abs=1e-300)
        if total == 0:
            assert value is None  # no posterior for an impossible result
        else:
            assert value == pytest.approx(float(prior[0] * lik[0] / total), rel=1e-12, abs=1e-300)
    assert d.p_positive + d.p_negative == pytest.approx(1.0, abs=1e-12)


def test_the_classic_numbers():
    d = bayes.diagnostic_test(0.01, 0.99, 0.99)
    assert d.p_disease_given_positive == pytest.approx(0.5, rel=1e-12)
    assert d.p_positive == pytest.approx(0.0198, rel=1e-12)
    assert bayes.diagnostic_test(0.001, 0.99, 0.99).p_disease_given_positive == pytest.approx(
        99 / 1098, rel=1e-12
    )
    assert d.p_healthy_given_negative == pytest.approx(1 - 0.0001 / 0.9802, rel=1e-12)


def test_likelihood_ratios_edges():
    assert bayes.likelihood_ratios(0.99, 0.99) == pytest.approx((99.0, 0.01 / 0.99), rel=1e-12)
    assert bayes.likelihood_ratios(0.9, 1.0) == (math.inf, pytest.approx(0.1))
    assert bayes.likelihood_ratios(0.0, 1.0) == (None, 1.0)  # never positive: no LR+
    assert bayes.likelihood_ratios(1.0, 0.0) == (1.0, None)  # never negative: no LR−


@pytest.mark.parametrize("bad", [-0.1, 1.0000001, np.nan, np.inf, 1e6, -1e6])
def test_probabilities_are_checked(bad):
    for args in ((bad, 0.9, 0.9), (0.1, bad, 0.9), (0.1, 0.9, bad)):
        with pytest.raises(ValueError, match="must be"):
            bayes.diagnostic_test(*args)
    with pytest.raises(TypeError):
        bayes.diagnostic_test("0.1", 0.9, 0.9)


# ---------------------------------------------------------------------------
# Natural frequencies
# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(probs, probs, probs, st.integers(1, 10**12))
def test_natural_frequencies_add_up_and_stay_within_one(prev, sens, spec, n):
    f = bayes.natural_frequencies(prev, sens, spec, n)
    assert f.sick + f.healthy == n
    assert f.true_pos + f.false_neg == f.sick
    assert f.false_pos + f.true_neg == f.healthy
    assert sum(f.counts) == n and f.positives + f.negatives == n
    assert min(f.counts) >= 0
    exact = {
        "sick": Fraction(prev) * n,
        "true_pos": Fraction(sens) * Fraction(prev) * n,
        "false_neg": (1 - Fraction(sens)) * Fraction(prev) * n,
        "false_pos": (1 - Fraction(spec)) * (1 - Fraction(prev)) * n,
        "true_neg": Fraction(spec) * (1 - Fraction(prev)) * n,
    }
    for name, value in exact.items():
        assert abs(getattr(f, name) - value) <= 1 + 1e-6 * n * 1e-9, name
        assert f.exact[name] == pytest.approx(float(value), rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(("prev", "sens", "spec"), [(0.001, 0.99, 0.99), (0.0314, 0.87, 0.93)])
def test_natural_frequencies_approach_the_exact_probabilities(prev, sens, spec):
    d = bayes.diagnostic_test(prev, sens, spec)
    errors = []
    for n in (10**3, 10**5, 10**7, 10**9):
        f = bayes.natural_frequencies(prev, sens, spec, n)
        ppv = f.true_pos / f.positives
        errors.append(abs(ppv - d.p_disease_given_positive))
        assert f.true_pos / n == pytest.approx(sens * prev, abs=1.0 / n)
    assert errors[-1] < 1e-6 and errors[-1] <= errors[0]


def test_natural_frequencies_classic_tree():
    f = bayes.natural_frequencies(0.001, 0.99, 0.99, 1000)
    assert (f.sick, f.true_pos, f.false_neg, f.false_pos, f.true_neg) == (1, 1, 0, 10, 989)
    f = bayes.natural_frequencies(0.01, 0.99, 0.99)
    assert f.counts == (10, 0, 10, 980)


@pytest.mark.parametrize("bad", [0, -5, 10**15 + 1])
def test_population_range(bad):
    with pytest.raises(ValueError, match="population"):
        bayes.natural_frequencies(0.1, 0.9, 0.9, bad)
    with pytest.raises(TypeError, match="population"):
        bayes.natural_frequencies(0.1, 0.9, 0.9, 100.0)


# ---------------------------------------------------------------------------
# The odds form
# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(inner, probs, probs)
def test_odds_form_equals_the_direct_form(prev, sens, spec):
    d = bayes.diagnostic_test(prev, sens, spec)
    lr_pos, lr_neg = bayes.likelihood_ratios(sens, spec)
    for lr, direct in ((lr_pos, d.p_disease_given_positive), (lr_neg, d.p_disease_given_negative)):
        if lr is None:
            assert direct is None
            continue
        assert bayes.odds_update(prev, lr) == pytest.approx(direct, rel=1e-10, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(inner, st.floats(1e-100, 1e100))
def test_posterior_odds_are_prior_odds_times_the_ratio(p, lr):
    post = bayes.odds_update(p, lr)
    expected = Fraction(p) / (1 - Fraction(p)) * Fraction(lr)
    assert post == pytest.approx(float(expected / (1 + expected)), rel=1e-10)
    if 0 < post < 0.99:  # near 1, 1 − post keeps only a few digits
        assert bayes.odds(post) == pytest.approx(bayes.odds(p) * lr, rel=1e-8)


def test_odds_edges():
    assert bayes.odds(1.0) == math.inf and bayes.probability(math.inf) == 1.0
    assert bayes.odds(0.0) == 0.0 and bayes.probability(0.0) == 0.0
    assert bayes.probability(bayes.odds(0.3)) == pytest.approx(0.3)
    assert bayes.odds_update(0.3, math.inf) == 1.0
    assert bayes.odds_update(0.3, 0.0) == 0.0
    assert bayes.odds_update(0.0, 5.0) == 0.0 and bayes.odds_update(1.0, 5.0) == 1.0
    assert bayes.odds_update(0.5, 1e308) == 1.0
    for prior, lr in ((0.0, math.inf), (1.0, 0.0)):
        with pytest.raises(bayes.ZeroEvidenceError, match="0 × ∞"):
            bayes.odds_update(prior, lr)
    for bad in (-1.0, math.nan):
        with pytest.raises(ValueError, match="likelihood_ratio"):
            bayes.odds_update(0.5, bad)
        with pytest.raises(ValueError, match="o =="):
            bayes.probability(bad)


# ---------------------------------------------------------------------------
# Updating again
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "results", [[True], [True, True], [True, False], [False, True, True], [True, True, True]]
)
@pytest.mark.parametrize(("prev", "sens", "spec"), [(0.01, 0.99, 0.99), (0.2, 0.7, 0.6)])
def test_sequential_equals_one_update_with_the_product(results, prev, sens, spec):
    lik = bayes.test_likelihoods(sens, spec, results)
    s = bayes.sequential_update([prev, 1 - prev], lik)
    assert s.impossible_at is None and s.posteriors.shape == (len(results) + 1, 2)
    product = [Fraction(1), Fraction(1)]
    for r in results:
        row = [Fraction(sens), 1 - Fraction(spec)] if r else [1 - Fraction(sens), Fraction(spec)]
        product = [product[0] * row[0], product[1] * row[1]]
    expected = exact_posterior([Fraction(prev), 1 - Fraction(prev)], product)
    np.testing.assert_allclose(s.posteriors[-1], [float(e) for e in expected], rtol=1e-12)
    # Step by step, each posterior is the diagnostic test run on the previous one.
    for k, r in enumerate(results, start=1):
        d = bayes.diagnostic_test(float(s.posteriors[k - 1, 0]), sens, spec)
        expected_k = d.p_disease_given_positive if r else d.p_disease_given_negative
        assert s.posteriors[k, 0] == pytest.approx(expected_k, rel=1e-12)
    np.testing.assert_allclose(
        np.prod(s.evidences),
        float(
            sum(p * q for p, q in zip([Fraction(prev), 1 - Fraction(prev)], product, strict=True))
        ),
        rtol=1e-12,
    )


def test_the_classic_sequence():
    s = bayes.sequential_update([0.01, 0.99], bayes.test_likelihoods(0.99, 0.99, [True, True]))
    np.testing.assert_allclose(s.posteriors[:, 0], [0.01, 0.5, 0.99], rtol=1e-12)


def test_sequential_stops_at_impossible_evidence():
    # A perfectly specific test says positive (so D for sure); a perfectly sensitive
    # test then cannot say negative.
    lik = [[0.99, 0.0], [0.0, 1.0], [0.9, 0.1]]
    s = bayes.sequential_update([0.3, 0.7], lik)
    assert s.impossible_at == 2
    np.testing.assert_allclose(s.posteriors, [[0.3, 0.7], [1.0, 0.0]])
    assert s.evidences.shape == (1,)
    with pytest.raises(bayes.ZeroEvidenceError) as info:
        bayes.posterior([1.0, 0.0], [0.0, 1.0])
    assert info.value.step is None


def test_sequential_with_no_evidence_returns_the_prior():
    for empty in ([], np.empty((0, 2))):
        s = bayes.sequential_update([0.3, 0.7], empty)
        np.testing.assert_array_equal(s.posteriors, [[0.3, 0.7]])
        assert s.evidences.size == 0 and s.impossible_at is None


def test_sequential_and_test_likelihoods_check_their_input():
    with pytest.raises(ValueError, match="must end with 2"):
        bayes.sequential_update([0.3, 0.7], [[0.1, 0.2, 0.3]])
    with pytest.raises(ValueError, match="likelihoods.ndim == 3"):
        bayes.sequential_update([0.3, 0.7], np.ones((1, 1, 2)))
    with pytest.raises(TypeError, match=r"results\[1\]"):
        bayes.test_likelihoods(0.9, 0.9, [True, 1])
    assert bayes.test_likelihoods(0.9, 0.8, []).shape == (0, 2)


def test_ppv_curve_matches_pointwise_diagnostics():
    x = np.geomspace(1e-4, 0.99, 31)
    pos, neg = bayes.ppv_curve(x, 0.87, 0.93)
    for xi, p, q in zip(x, pos, neg, strict=True):
        d = bayes.diagnostic_test(float(xi), 0.87, 0.93)
        assert p == pytest.approx(d.p_disease_given_positive, rel=1e-12)
        assert q == pytest.approx(d.p_disease_given_negative, rel=1e-12)
    assert np.all(np.diff(pos) > 0)  # more prevalent, more likely after a positive
    assert bayes.ppv_curve(x, 0.0, 1.0)[0] is None
    assert bayes.ppv_curve(x, 1.0, 0.0)[1] is None
    with pytest.raises(ValueError, match="strictly inside"):
        bayes.ppv_curve([0.0, 0.5], 0.9, 0.9)


# ---------------------------------------------------------------------------
# The coin
# ---------------------------------------------------------------------------

COINS = [
    (2, 2, 7, 3),
    (1, 1, 0, 0),
    (0.5, 0.5, 3, 0),
    (0.1, 5, 0, 4),
    (20, 20, 60, 40),
    (3, 0.4, 0, 0),
    (1, 1, 1000, 2000),
    (100, 100, 10_000, 10_000),
]


def _quad_cdf(x: float, alpha: float, beta: float) -> float:
    """The Beta CDF by adaptive quadrature of x^(α−1)(1−x)^(β−1)/B(α, β)."""
    log_b = math.lgamma(alpha) + math.lgamma(beta) - math.lgamma(alpha + beta)

    def density(u: float) -> float:
        if u <= 0.0 or u >= 1.0:
            return 0.0
        return math.exp((alpha - 1) * math.log(u) + (beta - 1) * math.log1p(-u) - log_b)

    mode = min(max((alpha - 1) / (alpha + beta - 2), 0.0), 1.0) if alpha + beta > 2 else 0.5
    points = [p for p in (mode,) if 0 < p < x]
    value, _ = scipy.integrate.quad(density, 0.0, x, points=points or None, limit=400)
    return value


@pytest.mark.parametrize(("a", "b", "h", "t"), COINS)
def test_beta_posterior_matches_scipy(a, b, h, t):
    r = bayes.beta_binomial(a, b, h, t)
    ref = scipy.stats.beta(a + h, b + t)
    assert (r.alpha, r.beta) == (a + h, b + t)
    assert r.mean == pytest.approx(ref.mean(), rel=1e-12)
    assert r.sd == pytest.approx(ref.std(), rel=1e-10)
    np.testing.assert_allclose(r.interval, ref.interval(0.95), rtol=1e-9, atol=1e-14)
    if r.alpha + r.beta < 300:  # quadrature of a very narrow density is its own problem
        for end, target in zip(r.interval, (0.025, 0.975), strict=True):
            assert _quad_cdf(end, r.alpha, r.beta) == pytest.approx(target, rel=1e-6)
    assert r.mle == (h / (h + t) if h + t else None)
    assert r.prior_mean == pytest.approx(a / (a + b))
    if r.mle is not None:  # the mean shrinks the MLE towards the prior mean
        w = r.prior_weight
        assert r.mean == pytest.approx(w * r.prior_mean + (1 - w) * r.mle, rel=1e-12)


@pytest.mark.parametrize(("a", "b", "h", "t"), COINS)
def test_beta_mode_is_the_maximum_of_scipys_density(a, b, h, t):
    r = bayes.beta_binomial(a, b, h, t)
    ref = scipy.stats.beta(r.alpha, r.beta)
    if r.mode is None:
        flat = r.alpha == 1 and r.beta == 1
        two_peaks = r.alpha < 1 and r.beta < 1
        assert flat or two_peaks
        return
    if 0 < r.mode < 1:
        found = scipy.optimize.minimize_scalar(
            lambda x: -ref.logpdf(x),
            bounds=(1e-12, 1 - 1e-12),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert r.mode == pytest.approx(found.x, abs=1e-6)
        return
    # A mode at an end: the density is largest (or unbounded) there.
    grid = np.linspace(0.001, 0.999, 999)
    best = grid[np.argmax(ref.logpdf(grid))]
    assert abs(best - r.mode) < 0.002


def test_beta_pdf_matches_scipy_and_its_ends():
    x = np.linspace(0, 1, 101)
    for a, b in ((2.0, 3.0), (0.5, 0.5), (1.0, 1.0), (1.0, 4.0), (7.5, 1.0), (300.0, 200.0)):
        with np.errstate(divide="ignore"):  # SciPy's own pdf divides by zero at the ends
            ref = scipy.stats.beta(a, b).pdf(x)
        np.testing.assert_allclose(bayes.beta_pdf(x, a, b), ref, rtol=1e-9, atol=1e-300)
    assert bayes.beta_pdf([0.0], 0.5, 2.0)[0] == np.inf
    assert bayes.beta_pdf([1.0], 2.0, 1.0)[0] == 2.0
    with pytest.raises(ValueError, match="outside"):
        bayes.beta_pdf([1.5], 2.0, 2.0)


@pytest.mark.parametrize(("a", "b", "h", "t"), [(2, 2, 7, 3), (0.5, 3, 12, 2), (1, 1, 0, 5)])
def test_conjugacy_against_a_brute_force_grid(a, b, h, t):
    """Prior pdf × binomial pmf, normalised numerically, is the Beta(a + h, b + t) density."""
    theta, prior, lik, post = bayes.beta_curves(a, b, h, t, points=2001)
    brute = scipy.stats.beta(a, b).pdf(theta) * scipy.stats.binom.pmf(h, h + t, theta)
    brute /= np.trapezoid(brute, theta)
    inner_ = (theta > 0.02) & (theta < 0.98)
    np.testing.assert_allclose(post[inner_], brute[inner_], rtol=2e-3)
    np.testing.assert_allclose(lik, scipy.stats.beta(h + 1, t + 1).pdf(theta), rtol=1e-9)
    assert np.isfinite(prior).all() and np.isfinite(post).all()


def test_beta_curves_resolve_a_narrow_posterior():
    theta, _, _, post = bayes.beta_curves(2, 2, 10_000, 10_000)
    assert np.trapezoid(post, theta) == pytest.approx(1.0, abs=1e-3)
    assert np.sum(np.abs(theta - 0.5) < 0.01) > 50  # many points in the bulk


def test_estimates_vs_flips():
    e = bayes.estimates_vs_flips(2, 2, 7, 3)
    assert e.mle == 0.7
    for n, mean, low, high, w in zip(e.flips, e.mean, e.low, e.high, e.prior_weight, strict=True):
        ref = scipy.stats.beta(2 + 0.7 * n, 2 + 0.3 * n)
        assert mean == pytest.approx(ref.mean(), rel=1e-12)
        assert (low, high) == pytest.approx(ref.interval(0.95), rel=1e-8)
        assert w == pytest.approx(4 / (4 + n))
    assert np.all(np.diff(np.abs(e.mean - e.mle)) < 0)  # the prior's pull fades
    assert np.all(np.diff(e.high - e.low) < 0)  # the band narrows
    assert abs(e.mean[-1] - 0.7) < 0.002
    assert bayes.estimates_vs_flips(2, 2, 0, 0) is None
    e = bayes.estimates_vs_flips(0.5, 0.5, 1, 1)  # n = 1: Beta(1, 1) is flat, no MAP
    assert not e.map_defined[0] and e.map_defined[1:].all()
    assert np.isfinite(e.map).all()
    for n, mode in zip(e.flips[1:], e.map[1:], strict=True):
        assert mode == bayes.beta_binomial(0.5 + n / 2, 0.5 + n / 2, 0, 0).mode
    e = bayes.estimates_vs_flips(0.5, 0.5, 3, 0)  # all heads: the density peaks at θ = 1
    assert e.map_defined.all() and np.all(e.map == 1.0)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((0, 1, 1, 1), ValueError, "a == 0"),
        ((1, -1, 1, 1), ValueError, "b == -1"),
        ((1, 1, -1, 1), ValueError, "heads == -1"),
        ((1, 1, 1, 10**13), ValueError, "tails =="),
        ((1, 1, 1.5, 1), TypeError, "heads"),
        ((np.inf, 1, 1, 1), ValueError, "a == inf"),
        ((1e10, 1, 1, 1), ValueError, "a =="),
    ],
)
def test_beta_binomial_checks_its_input(args, error, message):
    with pytest.raises(error, match=message):
        bayes.beta_binomial(*args)
    with pytest.raises(ValueError, match="level"):
        bayes.beta_binomial(1, 1, 1, 1, level=1.0)


def test_extreme_coin_is_finite():
    r = bayes.beta_binomial(1e9, 0.1, 10**12, 0)
    assert 0 < r.mean <= 1 and r.mode == 1.0 and np.isfinite(r.interval).all()
    theta, prior, lik, post = bayes.beta_curves(0.1, 0.1, 0, 0)
    assert np.isfinite(prior).all() and np.isfinite(post).all()


# ---------------------------------------------------------------------------
# Hand-written code and the snippet
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},  # the template's defaults are the page's defaults
        {
            "prevalence": 0.001,
            "sensitivity": 0.9,
            "specificity": 0.95,
            "population": 10_000,
            "results": [True, False, True],
            "a": 0.5,
            "b": 3.0,
            "heads": 12,
            "tails": 30,
        },
    ],
)
def test_scratch_matches_the_core(params):
    out = scratch.run("bayes", "en", **params)
    p = {
        "prevalence": 0.01,
        "sensitivity": 0.99,
        "specificity": 0.99,
        "population": 1000,
        "results": [True, True],
        "a": 2.0,
        "b": 2.0,
        "heads": 7,
        "tails": 3,
        **params,
    }
    prev, sens, spec = p["prevalence"], p["sensitivity"], p["specificity"]
    d = bayes.diagnostic_test(prev, sens, spec)
    f = bayes.natural_frequencies(prev, sens, spec, p["population"])
    s = bayes.sequential_update([prev, 1 - prev], bayes.test_likelihoods(sens, spec, p["results"]))
    r = bayes.beta_binomial(p["a"], p["b"], p["heads"], p["tails"])
    np.testing.assert_allclose(out["p_positive"], d.p_positive, rtol=1e-9)
    np.testing.assert_allclose(out["p_sick_given_positive"], d.p_disease_given_positive, rtol=1e-9)
    np.testing.assert_allclose(out["p_sick_given_negative"], d.p_disease_given_negative, rtol=1e-9)
    np.testing.assert_array_equal(out["counts"], f.counts)
    np.testing.assert_allclose(out["odds_posterior"], d.p_disease_given_positive, rtol=1e-9)
    np.testing.assert_allclose(out["sequential"], s.posteriors[:, 0], rtol=1e-12)
    np.testing.assert_allclose(out["beta_mean"], r.mean, rtol=1e-12)
    np.testing.assert_allclose(out["beta_map"], r.mode, rtol=1e-12)
    np.testing.assert_allclose(out["mle"], r.mle, rtol=1e-12)


def test_snippet_runs_and_prints_the_core_numbers():
    code = bayes.snippet(0.001, 0.99, 0.99, 1000, [True, False], 2, 2, 7, 3)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = proc.stdout.splitlines()
    assert float(lines[0].split()[1]) == pytest.approx(99 / 1098, rel=1e-9)
    assert lines[1].split() == ["1", "0", "10", "989"]
    assert float(lines[2]) == pytest.approx(99 / 1098, rel=1e-9)
    with pytest.raises(ValueError, match="prevalence"):
        bayes.snippet(2.0, 0.99, 0.99, 1000, [True], 2, 2, 7, 3)


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


@pytest.fixture(params=["en", "zh"])
def tr(request):
    return translator(request.param)


def spec_of(fig) -> dict:
    spec = theme.to_spec(fig)
    go.Figure(spec)  # the validating constructor accepts it
    text = json.dumps(spec)
    assert "NaN" not in text and "Infinity" not in text
    return spec


def values(trace: dict, key: str) -> np.ndarray:
    raw = trace[key]
    if isinstance(raw, dict):
        return theme._decoded(raw).astype(float)
    return np.asarray(raw, dtype=float)


@pytest.mark.parametrize(
    ("prev", "n"), [(0.01, 1000), (0.001, 1000), (0.0001, 10_000), (1.0, 100), (0.5, 100)]
)
def test_icon_array_draws_every_person_once(tr, prev, n):
    f = bayes.natural_frequencies(prev, 0.99, 0.99, n)
    spec = spec_of(charts.icon_array(f, tr))
    cols, _ = charts.icon_grid(n)
    cells = []
    for name, trace in zip(charts.ICON_ORDER, spec["data"], strict=True):
        x, y = values(trace, "x"), values(trace, "y")
        assert x.size == getattr(f, name), name
        cells.extend((y * cols + x).astype(int).tolist())
    assert sorted(cells) == list(range(n))  # a full grid, no person drawn twice
    # The sick come first and the positives form one run (FN, TP, FP, TN).
    assert cells[: f.sick] == list(range(f.sick))


def test_icon_array_refuses_huge_populations(tr):
    f = bayes.natural_frequencies(0.01, 0.9, 0.9, charts.MAX_ICONS + 1)
    with pytest.raises(ValueError, match="icon array"):
        charts.icon_array(f, tr)


def test_frequency_tree_shows_the_counts(tr):
    f = bayes.natural_frequencies(0.001, 0.99, 0.99, 1000)
    spec = spec_of(charts.frequency_tree(f, 0.001, 0.99, 0.99, tr))
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    for count in ("1,000", "999", "989"):
        assert any(f"<b>{count}</b>" in s for s in texts), count
    assert any("1 / 11 = 9.09%" in s for s in texts)
    hover = spec["data"][0]["hovertext"]
    assert any("9.99" in h for h in hover)  # the exact expected false positives


def test_frequency_tree_with_no_positives(tr):
    f = bayes.natural_frequencies(0.01, 0.0, 1.0, 100)
    spec = spec_of(charts.frequency_tree(f, 0.01, 0.0, 1.0, tr))
    assert any("0 / 0 = —" in a["text"] for a in spec["layout"]["annotations"])


def test_sequential_bars(tr):
    p = np.array([0.01, 0.5, 0.99])
    spec = spec_of(charts.sequential_bars(["a", "b", "c"], p, [True, False], tr))
    prior, post = spec["data"]
    np.testing.assert_allclose(values(post, "y"), p, rtol=1e-6)
    np.testing.assert_allclose(values(prior, "y"), p[:-1], rtol=1e-6)  # each prior = last posterior
    assert post["text"] == ["1%", "50%", "99%"]
    assert post["marker"]["color"] == [charts.GREY, charts.VERMILLION, charts.BLUE]
    with pytest.raises(ValueError, match="one per test"):
        charts.sequential_bars(["a", "b"], p[:2], [], tr)


def test_posterior_vs_prevalence(tr):
    x = np.geomspace(1e-4, 0.99, 21)
    pos, neg = bayes.ppv_curve(x, 0.99, 0.99)
    spec = spec_of(charts.posterior_vs_prevalence(x, pos, neg, 0.01, 0.5, 1e-4, tr))
    assert len(spec["data"]) == 5
    np.testing.assert_allclose(values(spec["data"][1], "y"), pos, rtol=1e-6)
    spec = spec_of(charts.posterior_vs_prevalence(x, None, neg, 0.01, None, 0.01, tr))
    assert len(spec["data"]) == 3


@pytest.mark.parametrize(("a", "b", "h", "t"), COINS)
def test_beta_charts_are_finite(tr, a, b, h, t):
    r = bayes.beta_binomial(a, b, h, t)
    spec = spec_of(charts.beta_densities(*bayes.beta_curves(a, b, h, t), r, tr))
    names = [d.get("name") for d in spec["data"]]
    assert (tr("bayes.chart.map_short") in names) is (r.mode is not None)
    assert (tr("bayes.chart.mle_short") in names) is (r.mle is not None)
    e = bayes.estimates_vs_flips(a, b, h, t)
    if e is not None:
        spec = spec_of(charts.estimates_vs_flips(e, h + t, r, tr))
        assert values(spec["data"][-1], "y")[0] == pytest.approx(r.mean, rel=1e-6)
