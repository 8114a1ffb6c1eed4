"""playground.crf and playground.charts.crf: brute force, finite differences, SciPy, extremes.

References are independent of the code under test: every path enumerated with
``itertools.product`` and scored by a plain loop, ``scipy.special.logsumexp``
and ``log_softmax``, scikit-learn's ``log_loss``, plain central differences of
the brute-force loss, and closed forms (a CRF with no transitions factorises
over tokens). Every test runs with NumPy warnings turned into errors: log
space must never overflow, divide by zero or produce ``nan``.
"""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
import scipy.special as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import log_loss

from playground import crf
from playground._validation import InputError
from playground.app.format import rel_error, tex
from playground.app.i18n import translator
from playground.charts import crf as charts
from playground.charts import theme
from tests import scratch
from tests.numerics import (
    no_warnings,  # noqa: F401 (autouse fixture)
    rng_for,
)


def problem(rng: np.random.Generator, t: int, k: int, scale: float = 2.0):
    """Random emissions, transitions, start and end scores."""
    return (
        rng.normal(scale=scale, size=(t, k)),
        rng.normal(scale=scale, size=(k, k)),
        rng.normal(scale=scale, size=k),
        rng.normal(scale=scale, size=k),
    )


def path_score_loop(E, A, s, e, y) -> float:
    """The score of one path by a plain loop (the definition, nothing vectorised)."""
    total = s[y[0]] + e[y[-1]]
    for t, tag in enumerate(y):
        total += E[t][tag]
        if t:
            total += A[y[t - 1]][tag]
    return float(total)


def enumerate_paths(E, A, s, e):
    """Every path and its score, by itertools.product (independent of crf.all_paths)."""
    t_len, k = np.shape(E)
    paths = list(itertools.product(range(k), repeat=t_len))
    scores = np.array([path_score_loop(E, A, s, e, y) for y in paths])
    return paths, scores


SIZES = [(1, 1), (1, 3), (2, 2), (3, 4), (4, 3), (5, 2), (3, 5)]


# ---------------------------------------------------------------------------
# log Z, marginals and Viterbi against brute-force enumeration
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("t", "k"), SIZES)
def test_log_z_matches_brute_force(t, k):
    E, A, s, e = problem(rng_for("logz", t, k), t, k)
    _, scores = enumerate_paths(E, A, s, e)
    expected = sp.logsumexp(scores)
    alpha, log_z = crf.forward(E, A, start=s, end=e)
    assert log_z == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert crf.backward(E, A, start=s, end=e).log_z == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert alpha.shape == (t, k)
    # alpha[t, k]: logsumexp of the scores of the partial paths ending in k at t.
    last = t - 1
    partial = [
        path_score_loop(E[: last + 1], A, s, np.zeros(k), y)
        for y in itertools.product(range(k), repeat=last + 1)
    ]
    ends = [y[-1] for y in itertools.product(range(k), repeat=last + 1)]
    for tag in range(k):
        mine = [p for p, end in zip(partial, ends, strict=True) if end == tag]
        assert alpha[last, tag] == pytest.approx(sp.logsumexp(mine), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("t", "k"), SIZES)
def test_marginals_match_brute_force(t, k):
    E, A, s, e = problem(rng_for("marginals", t, k), t, k)
    paths, scores = enumerate_paths(E, A, s, e)
    prob = np.exp(scores - sp.logsumexp(scores))
    expected = np.zeros((t, k))
    pair = np.zeros((max(t - 1, 0), k, k))
    for y, p in zip(paths, prob, strict=True):
        expected[np.arange(t), y] += p
        for i in range(1, t):
            pair[i - 1, y[i - 1], y[i]] += p
    np.testing.assert_allclose(crf.marginals(E, A, start=s, end=e), expected, atol=1e-12)
    np.testing.assert_allclose(crf.transition_marginals(E, A, start=s, end=e), pair, atol=1e-12)


@pytest.mark.parametrize(("t", "k"), SIZES)
def test_viterbi_is_the_brute_force_argmax(t, k):
    E, A, s, e = problem(rng_for("viterbi", t, k), t, k)
    paths, scores = enumerate_paths(E, A, s, e)
    best = int(np.argmax(scores))
    v = crf.viterbi(E, A, start=s, end=e)
    assert tuple(v.path) == paths[best]
    assert v.score == pytest.approx(scores[best], rel=1e-12, abs=1e-12)
    assert v.backpointers.shape == (t, k) and (v.backpointers[0] == -1).all()
    delta, bp = crf.viterbi_table(E, A, start=s, end=e)
    np.testing.assert_array_equal(bp, v.backpointers)
    # delta[t, j] is the best partial score ending in j at the last token.
    for tag in range(k):
        mine = [
            path_score_loop(E, A, s, np.zeros(k), y)
            for y in itertools.product(range(k), repeat=t)
            if y[-1] == tag
        ]
        assert delta[-1, tag] == pytest.approx(max(mine), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("t", "k"), SIZES)
def test_sequence_score_nll_and_all_paths(t, k):
    E, A, s, e = problem(rng_for("nll", t, k), t, k)
    paths, scores = enumerate_paths(E, A, s, e)
    log_z = sp.logsumexp(scores)
    for y, score in list(zip(paths, scores, strict=True))[:20]:
        assert crf.sequence_score(E, A, y, start=s, end=e) == pytest.approx(score, rel=1e-12)
        assert crf.score_terms(E, A, y, start=s, end=e).sum() == pytest.approx(score, rel=1e-12)
        assert crf.nll(E, A, y, start=s, end=e) == pytest.approx(log_z - score, rel=1e-10)
    everything = crf.all_paths(E, A, start=s, end=e)
    np.testing.assert_array_equal(everything.paths, np.array(paths))
    np.testing.assert_allclose(everything.scores, scores, rtol=1e-12, atol=1e-12)
    # P(y | x) sums to 1 over all paths.
    total = sum(math.exp(-crf.nll(E, A, y, start=s, end=e)) for y in paths)
    assert total == pytest.approx(1.0, rel=1e-10)


def test_brute_force_summary():
    E, A, s, e = problem(rng_for("brute"), 4, 3)
    paths, scores = enumerate_paths(E, A, s, e)
    gold = (2, 0, 1, 1)
    b = crf.brute_force(E, A, gold, start=s, end=e, top=5)
    assert b.count == 81 and b.log_z == pytest.approx(sp.logsumexp(scores), rel=1e-12)
    order = np.argsort(-scores)[:5]
    np.testing.assert_array_equal(b.top_paths, np.array(paths)[order])
    np.testing.assert_allclose(b.top_scores, scores[order], rtol=1e-12)
    np.testing.assert_allclose(b.top_probabilities, np.exp(scores[order] - b.log_z), rtol=1e-12)
    gold_score = path_score_loop(E, A, s, e, gold)
    assert b.gold_rank == int(np.sum(scores > gold_score + 1e-9))
    assert b.gold_score == pytest.approx(gold_score, rel=1e-12)
    assert crf.brute_force(E, A, gold, start=s, end=e, top=1000).top_paths.shape == (81, 4)
    with pytest.raises(ValueError, match="top == 0"):
        crf.brute_force(E, A, gold, top=0)


def test_gold_rank_survives_rounding_of_equal_scores():
    # The best path's score summed in two orders differs in the last bit; rank must be 0.
    ex = crf.EXAMPLES["张三在北京工作"]
    a, s = crf.bio_constraints(crf.TAGS, 1e4)
    b = crf.brute_force(ex.emissions, crf.BASE_TRANSITIONS + a, ex.gold_index, start=s)
    v = crf.viterbi(ex.emissions, crf.BASE_TRANSITIONS + a, start=s)
    assert np.array_equal(v.path, ex.gold_index) and b.gold_rank == 0


def test_analyse_collects_the_same_numbers():
    E, A, s, e = problem(rng_for("analyse"), 4, 3)
    y = [0, 2, 2, 1]
    r = crf.analyse(E, A, y, start=s, end=e)
    assert r.log_z == crf.forward(E, A, start=s, end=e).log_z
    assert r.loss == pytest.approx(crf.nll(E, A, y, start=s, end=e), rel=1e-12)
    assert r.gold_score == pytest.approx(crf.sequence_score(E, A, y, start=s, end=e), rel=1e-12)
    np.testing.assert_array_equal(r.best, crf.viterbi(E, A, start=s, end=e).path)
    np.testing.assert_allclose(r.token_probs, sp.softmax(E, axis=1), rtol=1e-12)
    np.testing.assert_array_equal(r.token_path, np.argmax(E, axis=1))
    assert r.token_loss == pytest.approx(crf.token_softmax_nll(E, y), rel=1e-12)
    np.testing.assert_allclose(r.grad.emissions, crf.nll_grad(E, A, y, start=s, end=e).emissions)


# ---------------------------------------------------------------------------
# Gradient: analytic vs finite differences
# ---------------------------------------------------------------------------


def brute_nll(E, A, s, e, y) -> float:
    _, scores = enumerate_paths(E, A, s, e)
    return float(sp.logsumexp(scores) - path_score_loop(E, A, s, e, y))


@pytest.mark.parametrize(("t", "k"), [(1, 3), (2, 2), (3, 3), (4, 2)])
def test_gradient_matches_finite_differences_of_the_brute_force_loss(t, k):
    E, A, s, e = problem(rng_for("grad", t, k), t, k, scale=1.0)
    y = list(rng_for("gold", t, k).integers(0, k, size=t))
    g = crf.nll_grad(E, A, y, start=s, end=e)
    h = 1e-6
    params = [E, A, s, e]
    for which, analytic in enumerate(g):
        numeric = np.zeros_like(params[which])
        for idx in np.ndindex(params[which].shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[which][idx] += h
            minus[which][idx] -= h
            numeric[idx] = (brute_nll(*plus, y) - brute_nll(*minus, y)) / (2 * h)
        np.testing.assert_allclose(analytic, numeric, atol=1e-7)
    np.testing.assert_allclose(
        np.concatenate([np.ravel(v) for v in crf.nll_grad_fd(E, A, y, start=s, end=e)]),
        np.concatenate([np.ravel(v) for v in g]),
        atol=1e-8,
    )


def test_gradient_properties():
    E, A, s, e = problem(rng_for("grad-props"), 6, 4)
    y = [0, 1, 1, 3, 2, 0]
    g = crf.nll_grad(E, A, y, start=s, end=e)
    np.testing.assert_allclose(g.emissions.sum(axis=1), 0.0, atol=1e-12)
    assert abs(g.transitions.sum()) < 1e-12 and abs(g.start.sum()) < 1e-12
    # The gold cells are pulled up (negative), the others pushed down.
    gold_cells = g.emissions[np.arange(6), y]
    assert (gold_cells <= 0).all()
    assert (np.delete(g.emissions.ravel(), np.arange(6) * 4 + np.array(y)) >= 0).all()
    # Expected minus observed transition counts.
    observed = np.zeros((4, 4))
    for a, b in zip(y[:-1], y[1:], strict=True):
        observed[a, b] += 1
    expected = crf.transition_marginals(E, A, start=s, end=e).sum(axis=0)
    np.testing.assert_allclose(g.transitions, expected - observed, atol=1e-12)


def test_page_gradient_check_passes_at_the_page_extremes():
    """The page's finite-difference check holds for its whole domain: BIO penalties
    up to 1e4, typed emissions up to 1e6, forbidden gold paths."""
    rng = rng_for("page-check")
    worst = 0.0
    for _ in range(60):
        ex = list(crf.EXAMPLES.values())[int(rng.integers(3))]
        t = len(ex.tokens)
        E = rng.normal(size=(t, 5)) * 10.0 ** rng.uniform(-2, 6 if rng.random() < 0.2 else 1)
        a, s = crf.bio_constraints(crf.TAGS, float(10 ** rng.uniform(-1, 4)))
        A = float(rng.uniform(0, 3)) * crf.BASE_TRANSITIONS + a
        gold = rng.integers(0, 5, size=t)
        g = crf.nll_grad(E, A, gold, start=s)
        fd = crf.nll_grad_fd(E, A, gold, start=s)
        worst = max(
            worst,
            rel_error(
                np.concatenate([np.ravel(v) for v in g]), np.concatenate([np.ravel(v) for v in fd])
            ),
        )
    assert worst < 1e-4


# ---------------------------------------------------------------------------
# Stability: scores of ±1e4, ±1e6, forbidden (-inf) transitions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1e4, 1e6])
def test_huge_scores_are_exact_and_silent(scale):
    E, A, s, e = problem(rng_for("huge", scale), 4, 3, scale=scale)
    _, scores = enumerate_paths(E, A, s, e)
    log_z = crf.forward(E, A, start=s, end=e).log_z
    assert math.isfinite(log_z)
    assert log_z == pytest.approx(sp.logsumexp(scores), rel=1e-13)
    p = crf.marginals(E, A, start=s, end=e)
    assert np.isfinite(p).all() and np.allclose(p.sum(axis=1), 1.0)
    v = crf.viterbi(E, A, start=s, end=e)
    assert v.score == pytest.approx(scores.max(), rel=1e-13)
    y = [0, 1, 2, 0]
    assert crf.nll(E, A, y, start=s, end=e) == pytest.approx(
        sp.logsumexp(scores) - path_score_loop(E, A, s, e, y), rel=1e-9, abs=1e-6 * scale * 1e-6
    )


def test_shift_by_ten_thousand_changes_log_z_exactly():
    E, A, s, e = problem(rng_for("shift"), 5, 4)
    base = crf.forward(E, A, start=s, end=e).log_z
    # +1e4 on every emission adds 5e4 to every path; -1e4 on every transition takes 4e4 off.
    shifted = crf.forward(E + 1e4, A - 1e4, start=s, end=e).log_z
    assert shifted - 1e4 == pytest.approx(base, abs=1e-9)
    y = [3, 1, 0, 0, 2]
    assert crf.nll(E + 1e4, A - 1e4, y, start=s, end=e) == pytest.approx(
        crf.nll(E, A, y, start=s, end=e), abs=1e-9
    )
    np.testing.assert_allclose(
        crf.marginals(E - 1e4, A + 1e4, start=s, end=e),
        crf.marginals(E, A, start=s, end=e),
        atol=1e-9,
    )


def test_bio_penalty_of_ten_thousand_is_a_hard_mask():
    """−1e4 and −inf give the same distribution over the valid paths (e^−1e4 is 0)."""
    ex = crf.EXAMPLES["Barack Obama visited New York"]
    E = np.array(ex.emissions)
    soft_a, soft_s = crf.bio_constraints(crf.TAGS, 1e4)
    hard_a, hard_s = crf.bio_constraints(crf.TAGS, np.inf)
    assert np.isneginf(hard_a).sum() == (soft_a < 0).sum() > 0
    soft = crf.forward(E, soft_a, start=soft_s).log_z
    hard = crf.forward(E, hard_a, start=hard_s).log_z
    paths, scores = enumerate_paths(E, np.zeros((5, 5)), np.zeros(5), np.zeros(5))
    valid = [sc for y, sc in zip(paths, scores, strict=True) if not crf.bio_violations(y, crf.TAGS)]
    assert hard == pytest.approx(sp.logsumexp(valid), rel=1e-12)
    assert soft == pytest.approx(hard, rel=1e-12)
    # A forbidden gold path: loss of about the penalty (soft), infinite (hard).
    bad = [0, 2, 0, 3, 4]  # O -> I-PER
    assert crf.nll(E, soft_a, bad, start=soft_s) == pytest.approx(1e4, rel=1e-3)
    assert crf.nll(E, hard_a, bad, start=hard_s) == np.inf
    p = crf.marginals(E, hard_a, start=hard_s)
    assert p[0, 2] == 0.0 and p[0, 4] == 0.0  # nothing starts inside an entity
    assert np.isfinite(crf.nll_grad(E, hard_a, ex.gold_index, start=hard_s).emissions).all()
    g = crf.nll_grad_fd(E, hard_a, ex.gold_index, start=hard_s)
    assert np.isfinite(g.transitions).all() and g.transitions[0, 2] == 0.0


def test_every_path_forbidden_raises():
    E = np.zeros((2, 2))
    A = np.full((2, 2), -np.inf)
    for func in (crf.forward, crf.backward, crf.marginals, crf.viterbi):
        with pytest.raises(ValueError, match="every path has score -inf"):
            func(E, A)
    with pytest.raises(ValueError, match="every path"):
        crf.nll(E, A, [0, 1])
    with pytest.raises(ValueError, match="every path"):
        crf.brute_force(E, A, [0, 1])
    delta, _ = crf.viterbi_table(E, A)  # the table itself is fine
    assert np.isneginf(delta[1]).all()


# ---------------------------------------------------------------------------
# Properties (hypothesis)
# ---------------------------------------------------------------------------


@st.composite
def crfs(draw, max_t=5, max_k=4, bound=50.0):
    t = draw(st.integers(1, max_t))
    k = draw(st.integers(1, max_k))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.floats(0.01, bound))
    rng = np.random.default_rng(seed)
    return problem(rng, t, k, scale), rng.integers(0, k, size=t)


@settings(max_examples=150, deadline=None)
@given(case=crfs())
def test_bounds_and_normalisation(case):
    (E, A, s, e), y = case
    t, k = E.shape
    log_z = crf.forward(E, A, start=s, end=e).log_z
    best = crf.viterbi(E, A, start=s, end=e).score
    tol = 1e-9 * max(1.0, abs(best))
    assert best - tol <= log_z <= best + t * math.log(k) + tol  # max <= LSE <= max + log(#paths)
    p = crf.marginals(E, A, start=s, end=e)
    assert (p >= 0).all() and (p <= 1 + 1e-12).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-9)
    assert crf.nll(E, A, y, start=s, end=e) >= 0.0
    assert crf.sequence_score(E, A, y, start=s, end=e) <= best + tol


@settings(max_examples=100, deadline=None)
@given(case=crfs(max_t=6, max_k=5, bound=20.0))
def test_zero_transitions_factorise_into_per_token_softmax(case):
    (E, _, _, _), y = case
    k = E.shape[1]
    crf_loss = crf.nll(E, np.zeros((k, k)), y)
    token_loss = -np.sum(sp.log_softmax(E, axis=1)[np.arange(len(y)), y])
    assert crf_loss == pytest.approx(token_loss, rel=1e-9, abs=1e-9)
    assert crf.token_softmax_nll(E, y) == pytest.approx(token_loss, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(crf.marginals(E, np.zeros((k, k))), sp.softmax(E, axis=1))
    np.testing.assert_array_equal(crf.viterbi(E, np.zeros((k, k))).path, np.argmax(E, axis=1))


@settings(max_examples=100, deadline=None)
@given(case=crfs(), c=st.floats(-1e4, 1e4))
def test_adding_a_constant_to_every_transition_keeps_the_loss(case, c):
    (E, A, s, e), y = case
    t = E.shape[0]
    before = crf.forward(E, A, start=s, end=e).log_z
    after = crf.forward(E, A + c, start=s, end=e).log_z
    assert after == pytest.approx(before + (t - 1) * c, rel=1e-10, abs=1e-8)
    assert crf.nll(E, A + c, y, start=s, end=e) == pytest.approx(
        crf.nll(E, A, y, start=s, end=e), rel=1e-6, abs=1e-8
    )


# ---------------------------------------------------------------------------
# Per-token baseline and BIO helpers
# ---------------------------------------------------------------------------


def test_token_softmax_nll_matches_scikit_learn():
    E = rng_for("token").normal(size=(6, 5))
    y = [0, 4, 1, 1, 3, 2]
    mean = log_loss(y, sp.softmax(E, axis=1), labels=list(range(5)))
    assert crf.token_softmax_nll(E, y) == pytest.approx(6 * mean, rel=1e-10)
    np.testing.assert_array_equal(crf.token_argmax(E), np.argmax(E, axis=1))


def test_bio_constraints_forbid_exactly_the_bio_violations():
    a, s = crf.bio_constraints(crf.TAGS, 7.0)
    for i, prev in enumerate(crf.TAGS):
        for j, tag in enumerate(crf.TAGS):
            forbidden = tag.startswith("I-") and prev not in ("B-" + tag[2:], tag)
            assert a[i, j] == (-7.0 if forbidden else 0.0), (prev, tag)
    assert s.tolist() == [0.0, 0.0, -7.0, 0.0, -7.0]
    assert crf.bio_constraints(crf.TAGS, 0.0)[0].tolist() == np.zeros((5, 5)).tolist()
    assert crf.bio_violations([1, 2, 0, 3, 4], crf.TAGS) == []
    assert crf.bio_violations([2, 0, 0, 4, 4], crf.TAGS) == [0, 3]
    assert crf.bio_violations([3, 2], crf.TAGS) == [1]  # B-LOC -> I-PER
    with pytest.raises(ValueError, match="penalty == -1.0, must be >= 0.0"):
        crf.bio_constraints(crf.TAGS, -1.0)
    with pytest.raises(ValueError, match="names is empty"):
        crf.bio_constraints([], 1.0)
    with pytest.raises(TypeError, match="names must hold strings"):
        crf.bio_constraints(["O", 3], 1.0)


@pytest.mark.parametrize("sentence", list(crf.EXAMPLES))
def test_examples_show_the_crf_repairing_the_per_token_path(sentence):
    """With the page's defaults (w = 1, BIO rule at 1e4) every example's per-token
    argmax breaks the BIO rule and the CRF's Viterbi path is the gold path."""
    ex = crf.EXAMPLES[sentence]
    assert len(ex.tokens) == len(ex.gold) == len(ex.emissions)
    assert "".join(ex.tokens) == sentence.replace(" ", "")
    a, s = crf.bio_constraints(crf.TAGS, 1e4)
    A, start = crf.BASE_TRANSITIONS + a, crf.BASE_START + s
    assert crf.bio_violations(crf.token_argmax(ex.emissions), crf.TAGS)
    assert not crf.bio_violations(ex.gold_index, crf.TAGS)
    best = crf.viterbi(ex.emissions, A, start=start, end=crf.BASE_END).path
    np.testing.assert_array_equal(best, ex.gold_index)
    # Without transitions the CRF decodes like the per-token softmax (and is wrong).
    flat = crf.viterbi(ex.emissions, np.zeros((5, 5))).path
    np.testing.assert_array_equal(flat, crf.token_argmax(ex.emissions))


# ---------------------------------------------------------------------------
# Validation and parsers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([[1.0]], [[0.0]], [1]), ValueError, r"tags contains 1, must be in \[0, 0\]"),
        (
            ([[1.0, 2.0]], [[0.0]], [0]),
            ValueError,
            r"transitions.shape == \(1, 1\), must be \(2, 2\)",
        ),
        ((np.zeros((0, 2)), np.zeros((2, 2)), []), ValueError, r"emissions.shape == \(0, 2\)"),
        (([1.0, 2.0], np.zeros((2, 2)), [0]), ValueError, r"emissions.ndim == 1, must be 2"),
        (([[np.nan, 1.0]], np.zeros((2, 2)), [0]), ValueError, "emissions contains nan"),
        (([[np.inf, 1.0]], np.zeros((2, 2)), [0]), ValueError, r"emissions contains \+inf"),
        (([[1e101, 1.0]], np.zeros((2, 2)), [0]), ValueError, "must be <= 1e\\+100"),
        (([["a", "b"]], np.zeros((2, 2)), [0]), TypeError, "emissions must be array-like"),
        (
            ([[1.0, 2.0]], np.zeros((2, 2)), [0, 1]),
            ValueError,
            r"tags.shape == \(2,\), must be \(1,\)",
        ),
        (([[1.0, 2.0]], np.zeros((2, 2)), [-1]), ValueError, "tags contains -1"),
        (([[1.0, 2.0]], np.zeros((2, 2)), [0.5]), TypeError, "tags must be a sequence of integers"),
        (
            ([[1.0, 2.0]], np.zeros((2, 2)), [True]),
            TypeError,
            "tags must be a sequence of integers",
        ),
    ],
)
def test_bad_arguments_raise_clear_errors(args, error, match):
    with pytest.raises(error, match=match):
        crf.nll(*args)


def test_start_end_shapes_and_path_cap():
    with pytest.raises(ValueError, match=r"start.shape == \(3,\), must be \(2\)"):
        crf.forward(np.zeros((2, 2)), np.zeros((2, 2)), start=np.zeros(3))
    with pytest.raises(ValueError, match=r"end contains \+inf"):
        crf.forward(np.zeros((2, 2)), np.zeros((2, 2)), end=[0.0, np.inf])
    with pytest.raises(ValueError, match=r"K\*\*T == 5\*\*10, must be <= 2097152 paths"):
        crf.all_paths(np.zeros((10, 5)), np.zeros((5, 5)))
    assert crf.all_paths(np.zeros((21, 2)), np.zeros((2, 2))).scores.size == 2**21


def test_parse_tags():
    assert crf.parse_tags("B-PER o, b-loc", crf.TAGS, 3).tolist() == [1, 0, 3]
    assert crf.parse_tags("B-PER，I-PER、O", crf.TAGS, 3).tolist() == [1, 2, 0]
    for text, code in [
        ("B-PER O", "tags_count"),
        ("", "tags_count"),
        ("B-PER X B-LOC", "tags_unknown"),
        ("__import__('os')", "tags_unknown"),
        ("O " * 300, "tags_too_long"),
    ]:
        with pytest.raises(InputError) as info:
            crf.parse_tags(text, crf.TAGS, 3)
        assert info.value.code == code, text
    with pytest.raises(TypeError):
        crf.parse_tags(None, crf.TAGS, 3)


def test_parse_and_format_emissions_round_trip():
    table = np.array([[0.2, -1e4, 3.0], [1e-3, 0.0, -7.5]])
    np.testing.assert_array_equal(crf.parse_emissions(crf.format_emissions(table), 2, 3), table)
    assert crf.parse_emissions("1 2 3\n\n 4, 5, 6 \n", 2, 3).tolist() == [[1, 2, 3], [4, 5, 6]]
    for text, code, line in [
        ("1 2 3", "emissions_rows", None),
        ("1 2 3\n4 5", "too_few", 2),
        ("1 2 3\n4 5 6 7", "too_many", 2),
        ("nan 2 3\n4 5 6", "not_finite", 1),
        ("1 2 x\n4 5 6", "not_a_number", 1),
        ("1 2 1e7\n4 5 6", "too_large", 1),
        ("1 " * 1500, "too_long", None),
    ]:
        with pytest.raises(InputError) as info:
            crf.parse_emissions(text, 2, 3)
        assert info.value.code == code, text
        assert info.value.params.get("line") == line


def test_snippet_runs_and_reproduces_the_numbers(capsys):
    ex = crf.EXAMPLES["Alice visited Paris"]
    a, s = crf.bio_constraints(crf.TAGS, 1e4)
    E, A, gold = np.array(ex.emissions), crf.BASE_TRANSITIONS + a, ex.gold_index
    code = crf.snippet(E, A, gold, start=crf.BASE_START + s, end=crf.BASE_END)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the snippet they check
    expected = crf.forward(E, A, start=crf.BASE_START + s, end=crf.BASE_END).log_z
    assert namespace["log_z"] == expected
    assert namespace["loss"] == crf.nll(E, A, gold, start=crf.BASE_START + s, end=crf.BASE_END)
    assert capsys.readouterr().out.strip()
    hard_a, _ = crf.bio_constraints(crf.TAGS, np.inf)  # -inf prints as -np.inf
    exec(crf.snippet(E, hard_a, gold), {})  # noqa: S102


# ---------------------------------------------------------------------------
# The hand-written code prints the core's numbers
# ---------------------------------------------------------------------------


def scratch_params(sentence: str, w: float, penalty: float, gold=None) -> dict:
    ex = crf.EXAMPLES[sentence]
    a, s = crf.bio_constraints(crf.TAGS, penalty)
    return {
        "tags": list(crf.TAGS),
        "E": [list(row) for row in ex.emissions],
        "A": np.round(w * crf.BASE_TRANSITIONS + a, 10).tolist(),
        "start": np.round(w * crf.BASE_START + s, 10).tolist(),
        "end": np.round(w * crf.BASE_END, 10).tolist(),
        "gold": [int(v) for v in (ex.gold_index if gold is None else gold)],
    }


@pytest.mark.parametrize(
    ("sentence", "w", "penalty", "gold"),
    [
        ("Alice visited Paris", 1.0, 1e4, None),  # the page's default
        ("张三在北京工作", 2.3, 0.5, [0, 2, 0, 3, 4, 0, 0]),  # an invalid gold path
    ],
)
def test_scratch_matches_the_core(sentence, w, penalty, gold):
    params = scratch_params(sentence, w, penalty, gold)
    out = scratch.run("crf_sequence", "zh", **params)
    E, A = np.array(params["E"]), np.array(params["A"])
    s, e, y = np.array(params["start"]), np.array(params["end"]), params["gold"]
    alpha, log_z = crf.forward(E, A, start=s, end=e)
    np.testing.assert_allclose(out["alpha"], alpha, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(out["log_Z"], log_z, rtol=1e-12)
    np.testing.assert_allclose(out["gold_score"], crf.sequence_score(E, A, y, start=s, end=e))
    np.testing.assert_allclose(out["loss"], crf.nll(E, A, y, start=s, end=e), rtol=1e-9)
    v = crf.viterbi(E, A, start=s, end=e)
    np.testing.assert_array_equal(out["best_path"], v.path)
    np.testing.assert_allclose(out["best_score"], v.score, rtol=1e-12)


# ---------------------------------------------------------------------------
# Charts: valid Plotly figures (frames included), values where the builder put them
# ---------------------------------------------------------------------------

TR = translator("en")


def _analysis(sentence="Barack Obama visited New York"):
    ex = crf.EXAMPLES[sentence]
    a, s = crf.bio_constraints(crf.TAGS, 1e4)
    A, start = crf.BASE_TRANSITIONS + a, crf.BASE_START + s
    r = crf.analyse(ex.emissions, A, ex.gold_index, start=start, end=crf.BASE_END)
    return ex, A, start, r


def _validated(fig) -> dict:
    """Rebuild a fast spec with Plotly's validator (frames too) and return the plain spec."""
    spec = theme.to_spec(fig)
    go.Figure(spec)  # raises on anything Plotly would reject
    return json.loads(json.dumps(spec, default=str))


def test_lattice_and_decoding_figures():
    ex, _, _, r = _analysis()
    tokens = list(ex.tokens)
    spec = _validated(
        charts.lattice(
            tokens, crf.TAGS, r.marginals, np.array(ex.emissions), ex.gold_index, r.best, TR
        )
    )
    assert spec["layout"]["xaxis"]["ticktext"] == tokens
    assert spec["layout"]["yaxis"]["ticktext"] == list(crf.TAGS)
    decoding = charts.decoding_figure(
        tokens,
        crf.TAGS,
        r.token_probs,
        r.token_path,
        r.best,
        crf.bio_violations(r.token_path, crf.TAGS),
        TR,
    )
    _validated(decoding)
    assert any(t.name == TR("crf_sequence.chart.violation") for t in decoding.data)


def test_forward_table_frames_fill_column_by_column():
    ex, _, _, r = _analysis()
    t = len(ex.tokens)
    animated = charts.forward_table(
        list(ex.tokens), crf.TAGS, r.alpha, np.array(ex.emissions), r.log_z, TR
    )
    spec = _validated(animated)
    assert len(spec["frames"]) == t
    for step, frame in enumerate(spec["frames"]):
        z = frame["data"][0]["z"]
        filled = [[v is not None for v in row] for row in z]
        assert all(row == [c <= step for c in range(t)] for row in filled)
        np.testing.assert_allclose([row[step] for row in z], r.alpha[step], rtol=1e-6, atol=1e-6)
    sliders = spec["layout"]["sliders"][0]
    assert [s["args"][0][0] for s in sliders["steps"]] == [f["name"] for f in spec["frames"]]
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
    assert f"{r.log_z:.4g}"[:4] in spec["layout"]["title"]["text"]


def test_viterbi_table_ends_on_the_best_path():
    ex, _, _, r = _analysis()
    animated = charts.viterbi_table(list(ex.tokens), crf.TAGS, r.delta, r.backpointers, r.best, TR)
    spec = _validated(animated)
    last = spec["frames"][-1]["data"][2]
    ys = [v for v in last["y"] if v is not None]
    assert ys[::2] == [float(v) for v in r.best[:-1]] and ys[1::2] == [float(v) for v in r.best[1:]]
    assert spec["frames"][0]["data"][2]["x"] == [None]  # no path before the table is full


def test_waterfall_path_scores_and_gradients():
    ex, A, start, r = _analysis("张三在北京工作")
    n = len(r.gold_terms)
    labels = [f"term {i}" for i in range(n)]
    spec = _validated(
        charts.gold_score_waterfall(labels, labels, r.gold_terms, r.gold_score, r.log_z, TR)
    )
    water = spec["data"][0]
    assert water["measure"] == ["relative"] * n + ["total"]
    assert spec["data"][1]["name"] == "log Z"
    b = crf.brute_force(ex.emissions, A, ex.gold_index, start=start, end=crf.BASE_END, top=40)
    labels = [" ".join(crf.TAGS[i] for i in p) for p in b.top_paths]
    fig = charts.path_scores(labels, b.top_scores, b.top_probabilities, 0, b.count, b.log_z, TR)
    spec = _validated(fig)
    assert spec["layout"]["shapes"][0]["y0"] == pytest.approx(b.log_z)
    assert "78,125" in spec["layout"]["title"]["text"]
    _validated(charts.gradient_emissions(list(ex.tokens), crf.TAGS, r.grad.emissions, TR))
    _validated(charts.gradient_transitions(crf.TAGS, r.grad.transitions, TR))


def test_formula_builders_use_the_numbers():
    ex, A, start, r = _analysis("Alice visited Paris")
    text = charts.score_formula(crf.TAGS, ex.gold_index, r.gold_terms, r.gold_score, tex)
    assert tex(r.gold_score, 5) in text and r"\text{B-PER}" in text
    step = charts.forward_recursion_formula(
        2, "B-LOC", ex.emissions[2][3], r.alpha[1], A[:, 3], r.alpha[2, 3], tex
    )
    assert tex(r.alpha[2, 3], 5) in step and "LSE" in step
