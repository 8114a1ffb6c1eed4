"""Linear-chain CRF for sequence labelling (NER): path scores, log Z, Viterbi, the NLL loss.

The whole story of the CRF layer of a BiLSTM-CRF / BERT-CRF tagger in NumPy, with
nothing about screens. A sentence of ``T`` tokens gets one of ``K`` tags per token
(BIO tags such as ``O``, ``B-PER``, ``I-PER``); the network outputs the emission
scores ``E`` (shape ``(T, K)``), the CRF adds transition scores ``A`` (shape
``(K, K)``, ``A[i, j]`` = tag ``i`` followed by tag ``j``) and start / end scores
``s``, ``e`` (shape ``(K,)``; zeros when omitted).

- :func:`sequence_score` — the score of one tag path;
- :func:`forward` — the table of log α and ``log Z`` by the logsumexp recursion,
  :func:`backward` its mirror, :func:`marginals` and :func:`transition_marginals`
  the posteriors (forward–backward);
- :func:`viterbi` — the best path, its score and the back-pointer table
  (:func:`viterbi_table` also returns the max-product table δ);
- :func:`nll` = ``log Z − score(gold)``, the NER loss, next to :func:`nll_grad`
  (marginals minus one-hot, expected minus observed transition counts) and its
  finite-difference estimate :func:`nll_grad_fd`;
- :func:`all_paths` — brute force over all ``K**T`` paths (the reference);
- :func:`token_softmax_nll` and :func:`token_argmax` — the per-token softmax
  baseline that ignores transitions;
- BIO helpers: :func:`bio_constraints` (large negative scores for forbidden
  transitions such as ``O → I-PER``), :func:`bio_violations`, the examples in
  :data:`EXAMPLES` and the strict parsers :func:`parse_tags`,
  :func:`parse_emissions`.

Everything is computed in log space: scores are added, never exponentiated
until a probability is asked for, and every sum of exponentials is a
max-shifted logsumexp, so scores of ±1e4 (or ``-inf`` for a forbidden
transition) give exact, finite results. Logs are natural (nats).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from playground._validation import (
    InputError,
    check_array,
    check_int,
    check_scalar,
    check_text,
    parse_number_list,
)

__all__ = [
    "BASE_END",
    "BASE_START",
    "BASE_TRANSITIONS",
    "EXAMPLES",
    "MAX_ABS_SCORE",
    "MAX_PATHS",
    "TAGS",
    "Analysis",
    "Backward",
    "BruteForce",
    "Example",
    "Forward",
    "NllGrad",
    "Paths",
    "Viterbi",
    "all_paths",
    "analyse",
    "backward",
    "brute_force",
    "bio_constraints",
    "bio_violations",
    "format_emissions",
    "forward",
    "marginals",
    "nll",
    "nll_grad",
    "nll_grad_fd",
    "parse_emissions",
    "parse_tags",
    "score_terms",
    "sequence_score",
    "snippet",
    "token_argmax",
    "token_softmax_nll",
    "transition_marginals",
    "viterbi",
    "viterbi_table",
]

#: The BIO tag set of the examples: outside, begin / inside a person, begin / inside a location.
TAGS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC")
#: Largest ``|score|`` accepted: sums of ``2T + 1`` such scores stay far from overflow.
MAX_ABS_SCORE = 1e100
#: Most paths :func:`all_paths` enumerates (``K**T``; 8 bytes of score per path).
MAX_PATHS = 2**21

# "Learned" transition scores of a small tagger (rows: from, columns: to, in
# TAGS order). They already prefer B-X → I-X and dislike O → I-X softly; the
# hard BIO rule (bio_constraints) is added on top.
BASE_TRANSITIONS = np.array(
    [
        [0.5, 0.0, -1.0, 0.0, -1.0],
        [0.2, -0.5, 1.0, -0.5, -1.0],
        [0.3, -0.5, 0.3, -0.3, -1.0],
        [0.2, -0.5, -1.0, -0.5, 1.0],
        [0.3, -0.3, -1.0, -0.5, 0.3],
    ]
)
BASE_START = np.array([0.3, 0.2, -0.8, 0.2, -0.8])
BASE_END = np.array([0.2, -0.2, 0.1, -0.2, 0.1])


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _check_scores(x, name: str, shape: tuple[int | None, ...]) -> np.ndarray:
    """Finite scores or ``-inf`` (a forbidden choice), within ±MAX_ABS_SCORE."""
    arr = check_array(x, name, ndim=len(shape), shape=shape, allow_inf=True)
    if arr.size and np.isposinf(arr).any():
        raise ValueError(f"{name} contains +inf, must be finite or -inf (a forbidden choice).")
    finite = arr[np.isfinite(arr)]
    if finite.size and np.abs(finite).max() > MAX_ABS_SCORE:
        raise ValueError(
            f"{name} has an entry of size {np.abs(finite).max():.3g}, "
            f"must be <= {MAX_ABS_SCORE:g} in absolute value."
        )
    return arr


def _check_crf(E, A, start, end) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Emissions (T, K) with T, K >= 1; transitions (K, K); start, end (K,) or zeros."""
    e = _check_scores(E, "emissions", (None, None))
    if e.shape[0] < 1 or e.shape[1] < 1:
        raise ValueError(f"emissions.shape == {e.shape}, must be (T, K) with T >= 1 and K >= 1.")
    k = e.shape[1]
    a = _check_scores(A, "transitions", (k, k))
    s = np.zeros(k) if start is None else _check_scores(start, "start", (k,))
    f = np.zeros(k) if end is None else _check_scores(end, "end", (k,))
    return e, a, s, f


def _check_tags(tags, t: int, k: int) -> np.ndarray:
    """An integer path of length T with every tag in [0, K)."""
    arr = np.asarray(tags)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or arr.size == 0):
        raise TypeError(f"tags must be a sequence of integers, got dtype {arr.dtype}.")
    if arr.shape != (t,):
        raise ValueError(f"tags.shape == {arr.shape}, must be ({t},) (one tag per token).")
    if arr.size and (arr.min() < 0 or arr.max() >= k):
        bad = int(arr[(arr < 0) | (arr >= k)][0])
        raise ValueError(f"tags contains {bad}, must be in [0, {k - 1}].")
    return arr.astype(np.intp)


def _require_a_path(log_z: float) -> None:
    if log_z == -np.inf:
        raise ValueError("every path has score -inf (all forbidden), so Z == 0 and log Z == -inf.")


# ---------------------------------------------------------------------------
# The stable core: logsumexp and the batched forward recursion
# ---------------------------------------------------------------------------


def _lse(x: np.ndarray, axis: int) -> np.ndarray:
    """log(sum(exp(x))) along ``axis``: m + log(sum(exp(x - m))), silent for -inf.

    Every exponent is ``<= 0`` after the shift, so nothing overflows; a slice of
    only ``-inf`` gives ``-inf`` (log 0) without a warning.
    """
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    total = np.sum(np.exp(x - m), axis=axis, keepdims=True)
    out = m + np.log(total, out=np.full(total.shape, -np.inf), where=total > 0)
    return np.squeeze(out, axis=axis)


def _alpha(e: np.ndarray, a: np.ndarray, s: np.ndarray) -> np.ndarray:
    """log α for a batch: e (B, T, K), a (B, K, K), s (B, K) -> (B, T, K)."""
    alpha = np.empty_like(e)
    alpha[:, 0] = s + e[:, 0]
    for t in range(1, e.shape[1]):
        # alpha[t, j] = E[t, j] + logsumexp_i(alpha[t-1, i] + A[i, j])
        alpha[:, t] = e[:, t] + _lse(alpha[:, t - 1, :, None] + a, axis=1)
    return alpha


def _log_z_batch(e, a, s, f) -> np.ndarray:
    """log Z of a batch of CRFs (for finite differences): one recursion for all."""
    return _lse(_alpha(e, a, s)[:, -1] + f, axis=1)


# Unchecked single-sentence steps: the public functions check their arguments
# once and share these, so that analyse() runs each recursion exactly once.


def _forward(e, a, s, f) -> tuple[np.ndarray, float]:
    alpha = _alpha(e[None], a[None], s[None])[0]
    log_z = float(_lse(alpha[-1] + f, axis=0))
    _require_a_path(log_z)
    return alpha, log_z


def _beta(e, a, f) -> np.ndarray:
    beta = np.empty_like(e)
    beta[-1] = f
    for t in range(e.shape[0] - 2, -1, -1):
        # beta[t, i] = logsumexp_j(A[i, j] + E[t+1, j] + beta[t+1, j])
        beta[t] = _lse(a + (e[t + 1] + beta[t + 1])[None, :], axis=1)
    return beta


def _posteriors(e, a, alpha, beta, log_z) -> tuple[np.ndarray, np.ndarray]:
    """Tag marginals (T, K) and pairwise marginals (T - 1, K, K) from the two tables."""
    p = np.exp(alpha + beta - log_z)
    xi = np.exp(alpha[:-1, :, None] + a[None] + (e[1:] + beta[1:])[:, None, :] - log_z)
    return p, xi


def _delta(e, a, s) -> tuple[np.ndarray, np.ndarray]:
    t_len, k = e.shape
    delta = np.empty_like(e)
    bp = np.full((t_len, k), -1, dtype=np.intp)
    delta[0] = s + e[0]
    cols = np.arange(k)
    for t in range(1, t_len):
        candidates = delta[t - 1][:, None] + a  # [i, j]: from i to j
        bp[t] = np.argmax(candidates, axis=0)
        delta[t] = e[t] + candidates[bp[t], cols]
    return delta, bp


def _backtrack(delta, bp, f) -> tuple[np.ndarray, float]:
    final = delta[-1] + f
    best = float(np.max(final))
    _require_a_path(best)
    path = np.empty(delta.shape[0], dtype=np.intp)
    path[-1] = int(np.argmax(final))
    for t in range(delta.shape[0] - 1, 0, -1):
        path[t - 1] = bp[t, path[t]]
    return path, best


def _gradient(y, p, xi, a) -> NllGrad:
    onehot = np.zeros_like(p)
    onehot[np.arange(y.size), y] = 1.0
    counts = np.zeros_like(a)
    np.add.at(counts, (y[:-1], y[1:]), 1.0)
    return NllGrad(p - onehot, xi.sum(axis=0) - counts, p[0] - onehot[0], p[-1] - onehot[-1])


def _scores(e, a, s, f) -> np.ndarray:
    """Every path's score, flattened in C order (the last token varies fastest).

    Built by broadcasting, one token at a time: the table of partial scores
    gains an axis per token, and the transition joins its last two axes.
    """
    table = s + e[0]
    for t in range(1, e.shape[0]):
        table = table[..., :, None] + a + e[t]
    return (table + f).ravel()


# ---------------------------------------------------------------------------
# Scores, forward, backward
# ---------------------------------------------------------------------------


def sequence_score(E, A, tags, *, start=None, end=None) -> float:
    """score(y) = s[y₁] + Σₜ E[t, yₜ] + Σₜ A[yₜ₋₁, yₜ] + e[y_T].

    Parameters
    ----------
    E : array_like, shape (T, K)
        Emission scores (what the network says about each token on its own).
    A : array_like, shape (K, K)
        Transition scores, ``A[i, j]`` for tag ``i`` followed by tag ``j``.
    tags : sequence of int, length T
        The tag path ``y`` (indices into the tag set).
    start, end : array_like, shape (K,), optional
        Scores of the first and the last tag (zeros when omitted).

    Returns
    -------
    float
        The unnormalised log-score of the path; ``-inf`` if it uses a
        forbidden (``-inf``) score.

    Raises
    ------
    TypeError
        If ``tags`` is not integer or an input is not numeric.
    ValueError
        If a shape does not match, ``tags`` has a value outside ``[0, K)``, a
        score is ``nan`` or ``+inf``, or ``|score| > MAX_ABS_SCORE``.

    Notes
    -----
    .. math:: s(x, y) = s_{y_1} + \\sum_{t=1}^{T} E_{t, y_t}
              + \\sum_{t=2}^{T} A_{y_{t-1}, y_t} + e_{y_T}

    Examples
    --------
    >>> E = [[2.0, 0.0], [0.0, 1.0]]
    >>> A = [[0.5, -1.0], [0.0, 0.3]]
    >>> sequence_score(E, A, [0, 1])  # 2 + (-1) + 1
    2.0
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)
    total = s[y[0]] + e[np.arange(y.size), y].sum() + a[y[:-1], y[1:]].sum() + f[y[-1]]
    return float(total)


def score_terms(E, A, tags, *, start=None, end=None) -> np.ndarray:
    """The 2T + 1 terms of score(y) in reading order: s[y₁], E[1, y₁], A[y₁, y₂], …, e[y_T].

    Their sum is :func:`sequence_score`.

    Raises
    ------
    TypeError, ValueError
        As for :func:`sequence_score`.

    Examples
    --------
    >>> score_terms([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]], [0, 1]).tolist()
    [0.0, 2.0, -1.0, 1.0, 0.0]
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)
    terms = [s[y[0]], e[0, y[0]]]
    for t in range(1, y.size):
        terms += [a[y[t - 1], y[t]], e[t, y[t]]]
    return np.array([*terms, f[y[-1]]])


class Forward(NamedTuple):
    """The forward table: ``alpha[t, k]`` = log-sum of the scores of every
    partial path that ends in tag ``k`` at token ``t``; and ``log_z``."""

    alpha: np.ndarray
    log_z: float


def forward(E, A, *, start=None, end=None) -> Forward:
    """log α by α_t(j) = E[t, j] + logsumexp_i(α_{t−1}(i) + A[i, j]); log Z = logsumexp(α_T + e).

    The sum over all ``K**T`` paths in ``T·K²`` operations: each column of the
    table sums, over the previous tag, every way of reaching this tag. Every
    sum of exponentials is a max-shifted logsumexp, so the table is exact and
    finite for scores of ±1e4 (where ``exp`` alone would overflow).

    Parameters
    ----------
    E : array_like, shape (T, K)
        Emission scores.
    A : array_like, shape (K, K)
        Transition scores (``-inf`` forbids a transition).
    start, end : array_like, shape (K,), optional
        Start and end scores (zeros when omitted).

    Returns
    -------
    Forward
        ``alpha`` (T, K) and ``log_z`` (a float).

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        If a shape does not match, a score is ``nan`` or ``+inf``,
        ``|score| > MAX_ABS_SCORE``, or every path is forbidden (``log Z = -inf``).

    Notes
    -----
    .. math:: \\alpha_1(j) = s_j + E_{1j},\\quad
              \\alpha_t(j) = E_{tj} + \\log\\sum_i e^{\\alpha_{t-1}(i) + A_{ij}},\\quad
              \\log Z = \\log\\sum_j e^{\\alpha_T(j) + e_j}

    Examples
    --------
    >>> E = np.array([[2.0, 0.0], [0.0, 1.0]])
    >>> A = np.array([[0.5, -1.0], [0.0, 0.3]])
    >>> round(forward(E, A).log_z, 4)  # log(e^2.5 + e^2 + e^0 + e^1.3)
    3.188
    >>> round(forward(E + 1e4, A - 1e4).log_z - 1e4, 4)  # scores of ±1e4: still exact
    3.188
    """
    return Forward(*_forward(*_check_crf(E, A, start, end)))


class Backward(NamedTuple):
    """The backward table: ``beta[t, k]`` = log-sum of the scores of every
    completion of the path after tag ``k`` at token ``t``; and ``log_z``."""

    beta: np.ndarray
    log_z: float


def backward(E, A, *, start=None, end=None) -> Backward:
    """log β by β_T(i) = e[i], β_t(i) = logsumexp_j(A[i, j] + E[t+1, j] + β_{t+1}(j)).

    The mirror of :func:`forward`; ``logsumexp(s + E[0] + β_1)`` is the same
    ``log Z``.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward`.

    Notes
    -----
    .. math:: \\beta_T(i) = e_i,\\quad
              \\beta_t(i) = \\log\\sum_j e^{A_{ij} + E_{t+1,j} + \\beta_{t+1}(j)}

    Examples
    --------
    >>> E = np.array([[2.0, 0.0], [0.0, 1.0]])
    >>> A = np.array([[0.5, -1.0], [0.0, 0.3]])
    >>> round(backward(E, A).log_z, 4)
    3.188
    """
    e, a, s, f = _check_crf(E, A, start, end)
    beta = _beta(e, a, f)
    log_z = float(_lse(s + e[0] + beta[0], axis=0))
    _require_a_path(log_z)
    return Backward(beta, log_z)


def marginals(E, A, *, start=None, end=None) -> np.ndarray:
    """P(yₜ = k | x) = exp(α_t(k) + β_t(k) − log Z) (forward–backward).

    Returns
    -------
    numpy.ndarray, shape (T, K)
        Posterior tag probabilities; every row sums to 1.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward`.

    Notes
    -----
    .. math:: P(y_t = k \\mid x) = \\exp\\big(\\alpha_t(k) + \\beta_t(k) - \\log Z\\big)

    Examples
    --------
    >>> marginals([[2.0, 0.0], [0.0, 1.0]], np.zeros((2, 2))).round(4)
    array([[0.8808, 0.1192],
           [0.2689, 0.7311]])
    """
    e, a, s, f = _check_crf(E, A, start, end)
    alpha, log_z = _forward(e, a, s, f)
    return np.exp(alpha + _beta(e, a, f) - log_z)


def transition_marginals(E, A, *, start=None, end=None) -> np.ndarray:
    """P(yₜ = i, yₜ₊₁ = j | x) = exp(α_t(i) + A[i, j] + E[t+1, j] + β_{t+1}(j) − log Z).

    Returns
    -------
    numpy.ndarray, shape (T − 1, K, K)
        Pairwise posteriors; each ``[t]`` sums to 1 (empty for ``T = 1``).

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward`.

    Notes
    -----
    .. math:: \\xi_t(i, j) = \\exp\\big(\\alpha_t(i) + A_{ij} + E_{t+1,j}
              + \\beta_{t+1}(j) - \\log Z\\big)

    Examples
    --------
    >>> xi = transition_marginals([[2.0, 0.0], [0.0, 1.0]], np.zeros((2, 2)))
    >>> xi.shape, round(float(xi.sum()), 12)
    ((1, 2, 2), 1.0)
    """
    e, a, s, f = _check_crf(E, A, start, end)
    alpha, log_z = _forward(e, a, s, f)
    return _posteriors(e, a, alpha, _beta(e, a, f), log_z)[1]


# ---------------------------------------------------------------------------
# Viterbi
# ---------------------------------------------------------------------------


def viterbi_table(E, A, *, start=None, end=None) -> tuple[np.ndarray, np.ndarray]:
    """δ_t(j) = E[t, j] + max_i(δ_{t−1}(i) + A[i, j]) and its back-pointers argmax_i.

    The forward recursion with ``max`` in place of ``logsumexp``.

    Returns
    -------
    delta : numpy.ndarray, shape (T, K)
        Score of the best partial path ending in tag ``j`` at token ``t``.
    backpointers : numpy.ndarray of int, shape (T, K)
        The previous tag of that best partial path (``-1`` in row 0).

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward` (except that ``-inf`` everywhere is allowed here).

    Notes
    -----
    .. math:: \\delta_t(j) = E_{tj} + \\max_i \\big(\\delta_{t-1}(i) + A_{ij}\\big),\\quad
              \\psi_t(j) = \\operatorname*{argmax}_i \\big(\\delta_{t-1}(i) + A_{ij}\\big)

    Examples
    --------
    >>> delta, bp = viterbi_table([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]])
    >>> delta.tolist(), bp.tolist()
    ([[2.0, 0.0], [2.5, 2.0]], [[-1, -1], [0, 0]])
    """
    e, a, s, _ = _check_crf(E, A, start, end)
    return _delta(e, a, s)


class Viterbi(NamedTuple):
    """The best path (tag indices), its score and the back-pointer table."""

    path: np.ndarray
    score: float
    backpointers: np.ndarray


def viterbi(E, A, *, start=None, end=None) -> Viterbi:
    """argmax_y score(y): fill δ left to right, then follow the back-pointers from the end.

    Parameters
    ----------
    E, A, start, end
        As for :func:`forward`.

    Returns
    -------
    Viterbi
        ``path`` (T,) of tag indices, ``score`` (its :func:`sequence_score`)
        and ``backpointers`` (T, K), row 0 all ``-1``. Ties go to the lowest
        tag index.

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward`, including when every path is forbidden.

    Notes
    -----
    .. math:: y_T^* = \\operatorname*{argmax}_j \\big(\\delta_T(j) + e_j\\big),\\quad
              y_{t-1}^* = \\psi_t(y_t^*)

    Examples
    --------
    >>> v = viterbi([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]])
    >>> v.path.tolist(), v.score
    ([0, 0], 2.5)
    """
    e, a, s, f = _check_crf(E, A, start, end)
    delta, bp = _delta(e, a, s)
    return Viterbi(*_backtrack(delta, bp, f), bp)


# ---------------------------------------------------------------------------
# The loss and its gradient, side by side
# ---------------------------------------------------------------------------


def nll(E, A, tags, *, start=None, end=None) -> float:
    """L = −log P(y | x) = log Z(x) − score(x, y): the CRF (NER) loss of the gold path.

    Parameters
    ----------
    E, A, start, end
        As for :func:`forward`.
    tags : sequence of int, length T
        The gold tag path.

    Returns
    -------
    float
        The loss in nats, ``>= 0``; ``inf`` if the gold path is forbidden.

    Raises
    ------
    TypeError
        If an input is not numeric or ``tags`` is not integer.
    ValueError
        As for :func:`forward` and :func:`sequence_score`.

    Notes
    -----
    .. math:: L = -\\log \\frac{e^{s(x, y)}}{\\sum_{y'} e^{s(x, y')}}
                = \\log Z(x) - s(x, y)

    Examples
    --------
    >>> E = [[2.0, 0.0], [0.0, 1.0]]
    >>> A = [[0.5, -1.0], [0.0, 0.3]]
    >>> round(nll(E, A, [0, 1]), 4)  # 3.188 - 2.0
    1.188
    """
    e, a, s, f = _check_crf(E, A, start, end)
    score = sequence_score(e, a, tags, start=s, end=f)
    return max(_forward(e, a, s, f)[1] - score, 0.0)


class NllGrad(NamedTuple):
    """∂L/∂E (T, K), ∂L/∂A (K, K), ∂L/∂s (K,) and ∂L/∂e (K,)."""

    emissions: np.ndarray
    transitions: np.ndarray
    start: np.ndarray
    end: np.ndarray


def nll_grad(E, A, tags, *, start=None, end=None) -> NllGrad:
    """∂L/∂E = marginals − onehot(y); ∂L/∂A = expected − observed transition counts.

    ``log Z`` is a log-partition function, so its gradient is an expectation
    under the model; the gold score is linear in the parameters, so its
    gradient is the count of each feature on the gold path. The loss pulls
    the gold path up and pushes every path down in proportion to its
    probability. Rows of ``∂L/∂E`` sum to 0, and so does ``∂L/∂A``.

    Raises
    ------
    TypeError
        If an input is not numeric or ``tags`` is not integer.
    ValueError
        As for :func:`forward` and :func:`sequence_score`.

    Notes
    -----
    .. math:: \\frac{\\partial L}{\\partial E_{tk}} = P(y_t = k \\mid x) - [y_t = k],\\quad
              \\frac{\\partial L}{\\partial A_{ij}} = \\sum_t P(y_t = i, y_{t+1} = j \\mid x)
              - \\#\\{t : y_t = i, y_{t+1} = j\\}

    Examples
    --------
    >>> g = nll_grad([[2.0, 0.0], [0.0, 1.0]], np.zeros((2, 2)), [0, 1])
    >>> g.emissions.round(4)
    array([[-0.1192,  0.1192],
           [ 0.2689, -0.2689]])
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)
    alpha, log_z = _forward(e, a, s, f)
    p, xi = _posteriors(e, a, alpha, _beta(e, a, f), log_z)
    return _gradient(y, p, xi, a)


def nll_grad_fd(E, A, tags, *, start=None, end=None) -> NllGrad:
    """Fourth-order central differences of :func:`nll` (an independent check of the gradient).

    All perturbed copies of the parameters go through one batched forward
    recursion. A ``-inf`` (forbidden) score has derivative 0.

    Raises
    ------
    TypeError
        If an input is not numeric or ``tags`` is not integer.
    ValueError
        As for :func:`nll`.

    Examples
    --------
    >>> E, A = [[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]]
    >>> bool(np.allclose(nll_grad_fd(E, A, [0, 1]).emissions,
    ...                  nll_grad(E, A, [0, 1]).emissions, atol=1e-9))
    True
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)
    _forward(e, a, s, f)  # raises if every path is forbidden
    t_len, k = e.shape
    theta = np.concatenate([e.ravel(), a.ravel(), s, f])
    finite = theta[np.isfinite(theta)]
    scale = float(np.max(np.abs(finite), initial=1.0))
    h = max(1e-3, (np.finfo(float).eps * scale) ** (1 / 3))
    n = theta.size
    steps = np.array([-2.0, -1.0, 1.0, 2.0]) * h
    batch = np.repeat(theta[None, :], 4 * n, axis=0)
    batch[np.arange(4 * n), np.repeat(np.arange(n), 4)] += np.tile(steps, n)
    sizes = np.cumsum([0, t_len * k, k * k, k, k])
    eb = batch[:, sizes[0] : sizes[1]].reshape(-1, t_len, k)
    ab = batch[:, sizes[1] : sizes[2]].reshape(-1, k, k)
    sb, fb = batch[:, sizes[2] : sizes[3]], batch[:, sizes[3] : sizes[4]]
    gold = (
        sb[:, y[0]]
        + eb[:, np.arange(t_len), y].sum(axis=1)
        + ab[:, y[:-1], y[1:]].sum(axis=1)
        + fb[:, y[-1]]
    )
    with np.errstate(invalid="ignore"):  # -inf - (-inf) on a forbidden coordinate
        loss = (_log_z_batch(eb, ab, sb, fb) - gold).reshape(n, 4)
        grad = (8 * (loss[:, 2] - loss[:, 1]) - (loss[:, 3] - loss[:, 0])) / (12 * h)
    grad = np.where(np.isfinite(theta) & np.isfinite(grad), grad, 0.0)
    return NllGrad(
        grad[sizes[0] : sizes[1]].reshape(t_len, k),
        grad[sizes[1] : sizes[2]].reshape(k, k),
        grad[sizes[2] : sizes[3]],
        grad[sizes[3] : sizes[4]],
    )


# ---------------------------------------------------------------------------
# Brute force: every path (the reference for log Z, marginals and Viterbi)
# ---------------------------------------------------------------------------


class Paths(NamedTuple):
    """Every tag path (rows of ``paths``, lexicographic order) and its score."""

    paths: np.ndarray
    scores: np.ndarray


def all_paths(E, A, *, start=None, end=None) -> Paths:
    """All K**T paths y and their scores score(y), by enumeration (no dynamic programming).

    What the forward algorithm avoids: ``logsumexp(scores)`` is ``log Z`` and
    ``paths[argmax(scores)]`` is the Viterbi path, at ``K**T`` instead of
    ``T·K²`` work.

    Returns
    -------
    Paths
        ``paths`` (K**T, T) of tag indices (the last token varies fastest) and
        ``scores`` (K**T,).

    Raises
    ------
    TypeError
        If an input is not numeric.
    ValueError
        As for :func:`forward` (``-inf`` everywhere is allowed), or if
        ``K**T > MAX_PATHS``.

    Examples
    --------
    >>> p = all_paths([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]])
    >>> p.paths.tolist(), p.scores.tolist()
    ([[0, 0], [0, 1], [1, 0], [1, 1]], [2.5, 2.0, 0.0, 1.3])
    """
    e, a, s, f = _check_crf(E, A, start, end)
    t_len, k = e.shape
    if t_len * math.log(k) > math.log(MAX_PATHS) + 1e-9:
        raise ValueError(f"K**T == {k}**{t_len}, must be <= {MAX_PATHS} paths.")
    dtype = np.int8 if k <= 127 else np.intp
    paths = np.indices((k,) * t_len, dtype=dtype).reshape(t_len, -1).T
    return Paths(paths, _scores(e, a, s, f))


class BruteForce(NamedTuple):
    """What enumerating every path shows: log Z, the best paths and where the gold one ranks."""

    log_z: float
    count: int
    top_paths: np.ndarray
    top_scores: np.ndarray
    top_probabilities: np.ndarray
    gold_rank: int
    gold_score: float


def brute_force(E, A, tags, *, start=None, end=None, top: int = 40) -> BruteForce:
    """log Z = logsumexp over all K**T path scores, the ``top`` best paths and the gold path's rank.

    Parameters
    ----------
    E, A, start, end
        As for :func:`forward`.
    tags : sequence of int, length T
        The gold path.
    top : int, default 40
        How many of the best paths to return (sorted by score, best first).

    Returns
    -------
    BruteForce
        ``log_z`` (from the enumeration, not the recursion), ``count`` (K**T),
        ``top_paths`` (n, T), ``top_scores`` and ``top_probabilities``
        (``exp(score - log Z)``), ``gold_rank`` (0 = the best path; ties count
        the paths strictly better) and ``gold_score``.

    Raises
    ------
    TypeError
        If an input is not numeric or ``tags`` is not integer.
    ValueError
        As for :func:`all_paths`, if every path is forbidden, or if
        ``top < 1``.

    Examples
    --------
    >>> b = brute_force([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]], [0, 1], top=2)
    >>> round(b.log_z, 4), b.count, b.top_paths.tolist(), b.gold_rank
    (3.188, 4, [[0, 0], [0, 1]], 1)
    """
    n = check_int(top, "top", min_val=1)
    e, a, s, f = _check_crf(E, A, start, end)
    t_len, k = e.shape
    y = _check_tags(tags, t_len, k)
    if t_len * math.log(k) > math.log(MAX_PATHS) + 1e-9:
        raise ValueError(f"K**T == {k}**{t_len}, must be <= {MAX_PATHS} paths.")
    scores = _scores(e, a, s, f)
    log_z = float(_lse(scores, axis=0))
    _require_a_path(log_z)
    n = min(n, scores.size)
    best = np.argpartition(-scores, n - 1)[:n] if n < scores.size else np.arange(scores.size)
    best = best[np.argsort(-scores[best], kind="stable")]
    gold_at = int(np.ravel_multi_index(tuple(y), (k,) * t_len))  # row of the gold path
    gold_score = float(scores[gold_at])
    rank = int(np.count_nonzero(scores > gold_score))
    return BruteForce(
        log_z,
        int(scores.size),
        np.stack(np.unravel_index(best, (k,) * t_len), axis=1).astype(np.intp),
        scores[best],
        np.exp(scores[best] - log_z),
        rank,
        gold_score,
    )


# ---------------------------------------------------------------------------
# The per-token softmax baseline
# ---------------------------------------------------------------------------


def token_softmax_nll(E, tags) -> float:
    """Σₜ −log softmax(E[t])[yₜ]: per-token cross-entropy, which ignores transitions.

    Summed over tokens, like :func:`nll`, so that with ``A = 0`` and zero
    start / end scores the two losses are equal (the CRF then factorises).

    Raises
    ------
    TypeError
        If an input is not numeric or ``tags`` is not integer.
    ValueError
        As for :func:`sequence_score`.

    Notes
    -----
    .. math:: L_{\\text{token}} = \\sum_t \\Big(\\log\\sum_k e^{E_{tk}} - E_{t, y_t}\\Big)

    Examples
    --------
    >>> round(token_softmax_nll([[2.0, 0.0], [0.0, 1.0]], [0, 1]), 4)
    0.4402
    """
    e = _check_scores(E, "emissions", (None, None))
    if e.shape[0] < 1 or e.shape[1] < 1:
        raise ValueError(f"emissions.shape == {e.shape}, must be (T, K) with T >= 1 and K >= 1.")
    y = _check_tags(tags, *e.shape)
    log_norm = _lse(e, axis=1)
    if not np.isfinite(log_norm).all():
        raise ValueError("emissions has a row of only -inf, must have a finite score per token.")
    return max(float(np.sum(log_norm - e[np.arange(y.size), y])), 0.0)


def token_argmax(E) -> np.ndarray:
    """ŷₜ = argmaxₖ E[t, k]: decoding each token on its own (no transitions).

    Raises
    ------
    TypeError
        If ``E`` is not numeric.
    ValueError
        If ``E`` is not (T, K) with T, K >= 1, or has ``nan``/``+inf``.

    Examples
    --------
    >>> token_argmax([[0.1, 0.9], [2.0, 1.0]]).tolist()
    [1, 0]
    """
    e = _check_scores(E, "emissions", (None, None))
    if e.shape[0] < 1 or e.shape[1] < 1:
        raise ValueError(f"emissions.shape == {e.shape}, must be (T, K) with T >= 1 and K >= 1.")
    return np.argmax(e, axis=1)


@dataclass(frozen=True)
class Analysis:
    """Everything one CRF and one gold path give: the numbers a page shows.

    Attributes
    ----------
    alpha, log_z : forward table (T, K) and log Z
    marginals : posterior tag probabilities (T, K)
    delta, backpointers : Viterbi table (T, K) and back-pointers (row 0 is -1)
    best, best_score : Viterbi path and its score
    gold_terms, gold_score : the 2T + 1 terms of the gold score and their sum
    loss : the CRF negative log-likelihood log Z - gold score
    grad : :class:`NllGrad` of the loss
    token_probs, token_path, token_loss : per-token softmax(E[t]), its argmax
        path and its summed cross-entropy (the baseline without transitions)
    """

    alpha: np.ndarray
    log_z: float
    marginals: np.ndarray
    delta: np.ndarray
    backpointers: np.ndarray
    best: np.ndarray
    best_score: float
    gold_terms: np.ndarray
    gold_score: float
    loss: float
    grad: NllGrad
    token_probs: np.ndarray
    token_path: np.ndarray
    token_loss: float


def analyse(E, A, tags, *, start=None, end=None) -> Analysis:
    """Forward, Viterbi, loss, gradient and the per-token baseline for one sentence.

    Raises
    ------
    TypeError, ValueError
        As for :func:`nll` and :func:`token_softmax_nll`.

    Examples
    --------
    >>> r = analyse([[2.0, 0.0], [0.0, 1.0]], [[0.5, -1.0], [0.0, 0.3]], [0, 1])
    >>> round(r.log_z, 4), r.gold_score, round(r.loss, 4), r.best.tolist()
    (3.188, 2.0, 1.188, [0, 0])
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)
    alpha, log_z = _forward(e, a, s, f)
    p, xi = _posteriors(e, a, alpha, _beta(e, a, f), log_z)
    delta, bp = _delta(e, a, s)
    best, best_score = _backtrack(delta, bp, f)
    terms = score_terms(e, a, y, start=s, end=f)
    gold_score = float(terms.sum())
    log_norm = _lse(e, axis=1)
    if not np.isfinite(log_norm).all():
        raise ValueError("emissions has a row of only -inf, must have a finite score per token.")
    token_loss = float(np.sum(log_norm - e[np.arange(y.size), y]))
    return Analysis(
        alpha=alpha,
        log_z=log_z,
        marginals=p,
        delta=delta,
        backpointers=bp,
        best=best,
        best_score=best_score,
        gold_terms=terms,
        gold_score=gold_score,
        loss=max(log_z - gold_score, 0.0),
        grad=_gradient(y, p, xi, a),
        token_probs=np.exp(e - log_norm[:, None]),
        token_path=np.argmax(e, axis=1),
        token_loss=max(token_loss, 0.0),
    )


# ---------------------------------------------------------------------------
# BIO tags
# ---------------------------------------------------------------------------


def _allowed(prev: str | None, tag: str) -> bool:
    """The BIO rule: I-X only after B-X or I-X (never first, never after O or another type)."""
    if not tag.startswith("I-"):
        return True
    return prev is not None and prev[2:] == tag[2:] and prev[:2] in ("B-", "I-")


def bio_constraints(names: Sequence[str], penalty: float) -> tuple[np.ndarray, np.ndarray]:
    """Transition and start scores of −penalty where the BIO rule forbids the step, else 0.

    ``I-X`` may only follow ``B-X`` or ``I-X``: ``O → I-PER``,
    ``B-LOC → I-PER`` and a sentence starting with ``I-PER`` are forbidden.
    Real taggers use ``-10000`` or ``-inf`` here.

    Parameters
    ----------
    names : sequence of str
        Tag names such as ``("O", "B-PER", "I-PER")``.
    penalty : float
        ``>= 0``; ``inf`` gives ``-inf`` scores (a hard mask).

    Returns
    -------
    transitions : numpy.ndarray, shape (K, K)
        ``-penalty`` where ``names[i] → names[j]`` is forbidden, else 0.
    start : numpy.ndarray, shape (K,)
        ``-penalty`` for tags that cannot start a sentence, else 0.

    Raises
    ------
    TypeError
        If ``penalty`` is not a number or a name is not a string.
    ValueError
        If ``penalty`` is negative or ``nan``, or ``names`` is empty.

    Examples
    --------
    >>> a, s = bio_constraints(["O", "B-PER", "I-PER"], 1e4)
    >>> a.tolist(), s.tolist()
    ([[0.0, 0.0, -10000.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [0.0, 0.0, -10000.0])
    """
    pen = float(check_scalar(penalty, "penalty", min_val=0.0, allow_inf=True))
    tags = list(names)
    if not tags:
        raise ValueError("names is empty, must list at least one tag.")
    for name in tags:
        if not isinstance(name, str):
            raise TypeError(f"names must hold strings, not {type(name).__name__}.")
    bad = np.array([[not _allowed(p, n) for n in tags] for p in tags])
    bad_start = np.array([not _allowed(None, n) for n in tags])
    return np.where(bad, -pen, 0.0), np.where(bad_start, -pen, 0.0)


def bio_violations(path, names: Sequence[str]) -> list[int]:
    """Positions t where tag yₜ breaks the BIO rule (I-X not after B-X or I-X).

    Raises
    ------
    IndexError
        If a tag index is outside ``names``.

    Examples
    --------
    >>> bio_violations([0, 2, 0, 3, 4], ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"])
    [1]
    >>> bio_violations([2], ["O", "B-PER", "I-PER"])  # a sentence cannot start inside
    [0]
    """
    tags = [names[int(i)] for i in path]
    return [t for t, tag in enumerate(tags) if not _allowed(tags[t - 1] if t else None, tag)]


# ---------------------------------------------------------------------------
# Examples and strict parsers for typed input
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A sentence, its gold BIO tags and a tagger's emission scores (T, len(TAGS))."""

    tokens: tuple[str, ...]
    gold: tuple[str, ...]
    emissions: tuple[tuple[float, ...], ...]

    @property
    def gold_index(self) -> np.ndarray:
        """The gold path as indices into :data:`TAGS`."""
        return np.array([TAGS.index(g) for g in self.gold], dtype=np.intp)


#: Preset sentences (keys are the sentences themselves, language-neutral). Each
#: has a token whose own best tag breaks the BIO rule; the CRF repairs it.
EXAMPLES: dict[str, Example] = {
    "Alice visited Paris": Example(
        ("Alice", "visited", "Paris"),
        ("B-PER", "O", "B-LOC"),
        (
            (0.2, 1.2, 1.4, -0.6, -1.0),  # "I-PER" first: a sentence cannot start inside
            (2.2, -0.8, -0.4, -1.0, -0.6),
            (0.3, 0.4, -0.8, 1.5, 0.2),
        ),
    ),
    "Barack Obama visited New York": Example(
        ("Barack", "Obama", "visited", "New", "York"),
        ("B-PER", "I-PER", "O", "B-LOC", "I-LOC"),
        (
            (0.4, 1.6, 0.2, -0.3, -1.0),
            (0.1, 0.5, 1.8, -0.4, 0.1),
            (2.4, -0.9, -0.5, -1.1, -0.7),
            (0.5, -0.6, -1.0, 1.7, 0.0),
            (0.1, -0.9, 1.3, 0.6, 1.1),  # "I-PER" after "B-LOC": wrong entity type
        ),
    ),
    "张三在北京工作": Example(
        ("张", "三", "在", "北", "京", "工", "作"),
        ("B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O"),
        (
            (1.1, 0.9, 0.1, 0.2, -0.8),  # "O" first, then "I-PER": O → I-PER is forbidden
            (0.2, 0.1, 1.5, -0.7, 0.3),
            (2.1, -0.8, -0.2, -0.6, -0.4),
            (0.2, 0.1, -0.9, 1.6, -0.5),
            (0.1, -0.7, 0.4, -0.2, 1.4),
            (1.8, -0.4, -0.6, -0.5, 0.2),
            (1.9, -1.0, -0.3, -0.9, 0.1),
        ),
    ),
}

_TAG_SEPARATORS = (",", ";", "，", "；", "、")


def parse_tags(text: str, names: Sequence[str], length: int, *, max_chars: int = 400) -> np.ndarray:
    """Parse typed tags such as ``"B-PER O B-LOC"`` into indices, strictly.

    Tags are separated by spaces or commas (full-width ``，`` and ``、`` too)
    and matched case-insensitively against ``names``; nothing is evaluated.

    Parameters
    ----------
    text : str
        What the user typed.
    names : sequence of str
        The tag set.
    length : int
        The number of tokens (one tag each).
    max_chars : int, default 400
        Longest accepted text.

    Returns
    -------
    numpy.ndarray of int
        The path as indices into ``names``.

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    InputError
        With ``code`` one of ``tags_too_long``, ``tags_unknown`` (a word that
        is not a tag), ``tags_count`` (not one tag per token).

    Examples
    --------
    >>> parse_tags("b-per, O  B-LOC", ["O", "B-PER", "B-LOC"], 3).tolist()
    [1, 0, 2]
    >>> parse_tags("B-PER X", ["O", "B-PER"], 2)
    Traceback (most recent call last):
    ...
    playground._validation.InputError: 'X' is not a tag.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be an instance of str, not {type(text).__name__}.")
    n = check_int(length, "length", min_val=1)
    if len(text) > max_chars:
        raise InputError(
            "tags_too_long",
            f"text has {len(text)} characters, must be <= {max_chars}.",
            max=max_chars,
        )
    for sep in _TAG_SEPARATORS:
        text = text.replace(sep, " ")
    lookup = {name.upper(): i for i, name in enumerate(names)}
    words = text.split()
    out = []
    for word in words:
        if word.upper() not in lookup:
            shown = word[:20]
            raise InputError("tags_unknown", f"{shown!r} is not a tag.", token=shown)
        out.append(lookup[word.upper()])
    if len(out) != n:
        raise InputError(
            "tags_count", f"{len(out)} tags given, need {n} (one per token).", n=len(out), t=n
        )
    return np.array(out, dtype=np.intp)


def parse_emissions(
    text: str, rows: int, cols: int, *, max_abs: float = 1e6, max_chars: int = 2000
) -> np.ndarray:
    """Parse a typed emission table: one line per token, ``cols`` numbers per line.

    Each line is parsed by :func:`playground._validation.parse_number_list`
    (plain decimal numbers only, nothing evaluated); blank lines are skipped.

    Parameters
    ----------
    text : str
        What the user typed.
    rows, cols : int
        Tokens and tags (the table's shape).
    max_abs : float, default 1e6
        Largest allowed ``|score|``.
    max_chars : int, default 2000
        Longest accepted text.

    Returns
    -------
    numpy.ndarray, shape (rows, cols)

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    InputError
        ``too_long`` for a long text; ``emissions_rows`` when the number of
        lines is not ``rows``; otherwise a :func:`parse_number_list` code
        (``not_a_number``, ``too_few`` ...) with the line number in
        ``params["line"]``.

    Examples
    --------
    >>> parse_emissions("1, 2\\n3 4", 2, 2).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    check_text(text, max_chars)
    r = check_int(rows, "rows", min_val=1)
    c = check_int(cols, "cols", min_val=1)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != r:
        raise InputError(
            "emissions_rows",
            f"{len(lines)} lines given, need {r} (one per token).",
            n=len(lines),
            t=r,
        )
    table = []
    for i, line in enumerate(lines, start=1):
        try:
            table.append(parse_number_list(line, min_len=c, max_len=c, max_abs=max_abs))
        except InputError as exc:
            raise InputError(exc.code, f"line {i}: {exc}", line=i, **exc.params) from exc
    return np.array(table)


def format_emissions(emissions) -> str:
    """The text form :func:`parse_emissions` reads: one line per token.

    Raises
    ------
    TypeError, ValueError
        If ``emissions`` is not a 2-D array of finite numbers.

    Examples
    --------
    >>> print(format_emissions([[1.0, -0.5], [2.0, 0.25]]))
    1, -0.5
    2, 0.25
    """
    e = check_array(emissions, "emissions", ndim=2)
    return "\n".join(", ".join(f"{v:g}" for v in row) for row in e)


# ---------------------------------------------------------------------------
# The "Reproduce in Python" snippet
# ---------------------------------------------------------------------------


def snippet(E, A, tags, *, start=None, end=None) -> str:
    """The code that reproduces the page's numbers with this module (validated first).

    Raises
    ------
    TypeError, ValueError
        As for :func:`nll`.

    Examples
    --------
    >>> print(snippet([[1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]], [0]).splitlines()[2])
    from playground import crf
    """
    e, a, s, f = _check_crf(E, A, start, end)
    y = _check_tags(tags, *e.shape)

    def rows(m: np.ndarray) -> str:
        return "[" + ", ".join(_literal(r) for r in m) + "]"

    return (
        "import numpy as np\n"
        "\n"
        "from playground import crf\n"
        "\n"
        f"E = np.array({rows(e)})  # emissions (T, K)\n"
        f"A = np.array({rows(a)})  # transitions A[i, j]: tag i then tag j\n"
        f"s, e = np.array({_literal(s)}), np.array({_literal(f)})  # start, end\n"
        f"gold = {[int(v) for v in y]}\n"
        "alpha, log_z = crf.forward(E, A, start=s, end=e)\n"
        "score = crf.sequence_score(E, A, gold, start=s, end=e)\n"
        "loss = crf.nll(E, A, gold, start=s, end=e)  # log Z - score\n"
        "best = crf.viterbi(E, A, start=s, end=e)\n"
        "grad = crf.nll_grad(E, A, gold, start=s, end=e)  # marginals - one-hot, ...\n"
        "print(round(log_z, 4), round(score, 4), round(loss, 4), best.path)\n"
    )


def _literal(values: np.ndarray) -> str:
    return "[" + ", ".join("-np.inf" if v == -np.inf else repr(float(v)) for v in values) + "]"
