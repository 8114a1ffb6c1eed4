"""Bayes' theorem: prior × likelihood / evidence, base rates, odds, updating, Beta-Binomial.

The whole story of Bayes' rule in NumPy/SciPy, exact everywhere (no Monte Carlo):

- :func:`posterior`: ``P(H_i | E) = P(E | H_i) P(H_i) / P(E)`` over discrete
  hypotheses, with the evidence ``P(E) = Σ_i P(E | H_i) P(H_i)``; computed in
  log space, so tiny likelihoods never round the evidence to a false 0. When the
  evidence is truly impossible (every hypothesis with prior > 0 gives it
  likelihood 0) the posterior is undefined (0/0): :class:`ZeroEvidenceError`
  says so instead of returning ``nan``;
- the diagnostic test: :func:`diagnostic_test` (``P(+)``, ``P(D | +)``,
  ``P(D | −)``, likelihood ratios) and :func:`natural_frequencies` (the four
  integer counts of a population, rounded along the frequency tree so that
  every branch sums to its parent);
- the odds form: :func:`odds`, :func:`probability`, :func:`likelihood_ratios`
  and :func:`odds_update` (posterior odds = prior odds × likelihood ratio,
  computed on log-odds, a different route to the same number);
- :func:`sequential_update` and :func:`test_likelihoods`: yesterday's
  posterior is today's prior (evidence conditionally independent given the
  hypothesis, as naive Bayes assumes);
- :func:`ppv_curve`: ``P(D | +)`` and ``P(D | −)`` against the prevalence;
- the coin: :func:`beta_binomial` (posterior ``Beta(a + h, b + t)``, its mean,
  mode (MAP), central credible interval and the MLE ``h / (h + t)``),
  :func:`beta_curves` (prior, likelihood and posterior densities on a grid)
  and :func:`estimates_vs_flips` (how the prior's weight fades with data).

Conventions: probabilities are fractions in ``[0, 1]``; "D" is the disease
(hypothesis), "+"/"−" the test result (evidence); sensitivity ``P(+ | D)``,
specificity ``P(− | ¬D)``. A quantity that does not exist (a conditional
probability given an impossible result, the mode of a flat density, the MLE
with no data) is ``None``, never ``nan``; an infinite odds or likelihood ratio
is ``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

from playground._validation import check_array, check_int, check_scalar

__all__ = [
    "MAX_FLIPS",
    "MAX_POPULATION",
    "BetaPosterior",
    "Diagnostic",
    "Estimates",
    "Frequencies",
    "Sequential",
    "Update",
    "ZeroEvidenceError",
    "beta_binomial",
    "beta_curves",
    "beta_pdf",
    "diagnostic_test",
    "estimates_vs_flips",
    "likelihood_ratios",
    "natural_frequencies",
    "odds",
    "odds_update",
    "posterior",
    "ppv_curve",
    "probability",
    "sequential_update",
    "snippet",
    "test_likelihoods",
]

#: Largest population :func:`natural_frequencies` accepts (counts stay exact in float64).
MAX_POPULATION = 10**15
#: Largest number of heads or tails :func:`beta_binomial` accepts.
MAX_FLIPS = 10**12
_MAX_SHAPE = 1e9  # Beta shape parameters (a, b): beyond it the prior is a point mass anyway


class ZeroEvidenceError(ValueError):
    """The evidence has probability 0 under every hypothesis the prior allows.

    ``P(E) = Σ P(E | H_i) P(H_i) = 0``, so Bayes' rule would divide 0 by 0:
    the posterior is undefined (the model says this evidence cannot happen).

    Attributes
    ----------
    step : int or None
        For :func:`sequential_update`, the (1-based) piece of evidence that was
        impossible; ``None`` otherwise.
    """

    def __init__(self, message: str, step: int | None = None) -> None:
        super().__init__(message)
        self.step = step


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _check_prob(x, name: str) -> float:
    return float(check_scalar(x, name, min_val=0.0, max_val=1.0))


def _check_prior(prior) -> np.ndarray:
    p = check_array(prior, "prior", ndim=1, min_size=1)
    if (p < 0).any():
        raise ValueError(f"prior has a negative entry ({p.min():.6g}), must be >= 0.")
    total = float(p.sum())
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"prior sums to {total:.12g}, must sum to 1 (within 1e-09).")
    return p


def _check_likelihood(likelihood, n: int, name: str = "likelihood", ndim: int = 1) -> np.ndarray:
    lik = check_array(likelihood, name, ndim=ndim)
    if lik.shape[-1] != n:
        raise ValueError(f"{name}.shape == {lik.shape}, must end with {n} (one per hypothesis).")
    if lik.size and (lik < 0).any():
        raise ValueError(f"{name} has a negative entry ({lik.min():.6g}), must be >= 0.")
    return lik


def _log(x: np.ndarray) -> np.ndarray:
    """Natural log with log(0) = -inf and no warning."""
    return np.log(x, out=np.full(x.shape, -np.inf), where=x > 0)


# ---------------------------------------------------------------------------
# Bayes' rule over discrete hypotheses
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    """The result of one Bayesian update (see :func:`posterior`).

    Attributes
    ----------
    posterior : numpy.ndarray
        ``P(H_i | E)``, non-negative, summing to 1.
    evidence : float
        ``P(E) = Σ_i P(E | H_i) P(H_i)`` (may underflow to 0.0 for extremely
        small likelihoods; ``log_evidence`` is then still exact).
    log_evidence : float
        ``log P(E)`` (natural log).
    joint : numpy.ndarray
        ``P(E | H_i) P(H_i)``, the numerators of Bayes' rule.
    """

    posterior: np.ndarray
    evidence: float
    log_evidence: float
    joint: np.ndarray


def _update(prior: np.ndarray, likelihood: np.ndarray, step: int | None = None) -> Update:
    log_joint = _log(prior) + _log(likelihood)
    top = float(np.max(log_joint))
    if top == -np.inf:
        where = "" if step is None else f" (piece of evidence {step})"
        raise ZeroEvidenceError(
            f"evidence P(E) == 0{where}: every hypothesis with prior > 0 has likelihood 0, "
            "so P(H | E) = P(E | H) P(H) / P(E) would be 0/0 (undefined).",
            step=step,
        )
    shifted = np.exp(log_joint - top)  # the largest term is exactly 1
    total = float(shifted.sum())
    log_evidence = top + math.log(total)
    return Update(
        posterior=shifted / total,
        evidence=math.exp(log_evidence),
        log_evidence=log_evidence,
        joint=prior * likelihood,
    )


def posterior(prior, likelihood) -> Update:
    """P(H_i | E) = P(E | H_i) P(H_i) / Σ_j P(E | H_j) P(H_j).

    Parameters
    ----------
    prior : array_like
        1-D prior probabilities ``P(H_i)``: non-negative, summing to 1
        (within 1e-9).
    likelihood : array_like
        1-D likelihoods ``P(E | H_i)``, one per hypothesis, non-negative and
        finite (densities may exceed 1; only their ratios matter).

    Returns
    -------
    Update
        The posterior, the evidence ``P(E)`` (and its log) and the joint
        ``P(E | H_i) P(H_i)``.

    Raises
    ------
    ValueError
        If ``prior`` is not a 1-D probability vector (empty, negative entry,
        ``nan``/``inf``, sum not 1), or ``likelihood`` is not 1-D, has a
        different length, a negative entry or a ``nan``/``inf``.
    ZeroEvidenceError
        If ``P(E) = 0``: every hypothesis with prior > 0 has likelihood 0, so
        the posterior is undefined (0/0).
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    Computed in log space, ``log P(H_i) + log P(E | H_i)`` shifted by its
    maximum (as in a softmax), so the posterior is exact even when every
    product underflows:

    .. math:: P(H_i \\mid E) = \\frac{P(E \\mid H_i)\\,P(H_i)}{\\sum_j P(E \\mid H_j)\\,P(H_j)}

    Examples
    --------
    >>> u = posterior([0.01, 0.99], [0.99, 0.01])  # a positive test, 1 % prevalence
    >>> u.posterior.round(4), round(u.evidence, 4)
    (array([0.5, 0.5]), 0.0198)
    >>> posterior([1e-200, 1 - 1e-200], [1e-200, 1e-250]).posterior  # 1e-400 underflows
    array([1.e-150, 1.e+000])
    >>> posterior([1.0, 0.0], [0.0, 1.0])
    Traceback (most recent call last):
    ...
    playground.bayes.ZeroEvidenceError: evidence P(E) == 0: every hypothesis with prior > 0 \
has likelihood 0, so P(H | E) = P(E | H) P(H) / P(E) would be 0/0 (undefined).
    """
    p = _check_prior(prior)
    lik = _check_likelihood(likelihood, p.size)
    return _update(p, lik)


# ---------------------------------------------------------------------------
# The diagnostic test
# ---------------------------------------------------------------------------


def _test_likelihood(sensitivity: float, specificity: float, positive: bool) -> np.ndarray:
    """``[P(result | D), P(result | ¬D)]`` for one test result."""
    if positive:
        return np.array([sensitivity, 1.0 - specificity])
    return np.array([1.0 - sensitivity, specificity])


def likelihood_ratios(sensitivity: float, specificity: float) -> tuple[float | None, float | None]:
    """LR+ = sensitivity / (1 − specificity), LR− = (1 − sensitivity) / specificity.

    How many times more likely a result is for a sick person than for a
    healthy one; posterior odds = prior odds × LR.

    Returns
    -------
    (float or None, float or None)
        ``inf`` when only the denominator is 0; ``None`` when both are 0 (the
        result never happens, so it has no ratio).

    Raises
    ------
    ValueError
        If ``sensitivity`` or ``specificity`` is outside ``[0, 1]`` or not finite.
    TypeError
        If either is not a real number.

    Examples
    --------
    >>> [round(v, 4) for v in likelihood_ratios(0.99, 0.99)]
    [99.0, 0.0101]
    >>> [round(v, 4) for v in likelihood_ratios(0.9, 1.0)]
    [inf, 0.1]
    """
    sens = _check_prob(sensitivity, "sensitivity")
    spec = _check_prob(specificity, "specificity")

    def ratio(num: float, den: float) -> float | None:
        if den == 0.0:
            return None if num == 0.0 else math.inf
        return num / den

    return ratio(sens, 1.0 - spec), ratio(1.0 - sens, spec)


@dataclass(frozen=True)
class Diagnostic:
    """What one test result tells about the disease (see :func:`diagnostic_test`).

    ``None`` marks a conditional probability given a result that never happens
    (``P(+) = 0`` or ``P(−) = 0``) or a likelihood ratio ``0/0``.
    """

    prevalence: float
    sensitivity: float
    specificity: float
    p_positive: float
    p_negative: float
    p_disease_given_positive: float | None
    p_disease_given_negative: float | None
    lr_positive: float | None
    lr_negative: float | None

    @property
    def p_healthy_given_negative(self) -> float | None:
        """The negative predictive value ``P(¬D | −)``."""
        d = self.p_disease_given_negative
        return None if d is None else 1.0 - d


def diagnostic_test(prevalence: float, sensitivity: float, specificity: float) -> Diagnostic:
    """P(D | +) = sens · prev / (sens · prev + (1 − spec)(1 − prev)), and its companions.

    Parameters
    ----------
    prevalence : float
        Prior ``P(D)`` in ``[0, 1]`` (the base rate).
    sensitivity : float
        ``P(+ | D)`` in ``[0, 1]`` (true-positive rate, recall).
    specificity : float
        ``P(− | ¬D)`` in ``[0, 1]`` (true-negative rate).

    Returns
    -------
    Diagnostic
        ``P(+)``, ``P(−)``, ``P(D | +)`` (the positive predictive value, the
        "precision"), ``P(D | −)`` and the likelihood ratios.

    Raises
    ------
    ValueError
        If an argument is outside ``[0, 1]`` or not finite.
    TypeError
        If an argument is not a real number.

    Notes
    -----
    .. math:: P(D \\mid +) = \\frac{P(+ \\mid D)\\,P(D)}
              {P(+ \\mid D)\\,P(D) + P(+ \\mid \\neg D)\\,P(\\neg D)}

    Examples
    --------
    >>> d = diagnostic_test(0.01, 0.99, 0.99)  # the "99 % accurate" test
    >>> round(d.p_disease_given_positive, 4), round(d.p_positive, 4)
    (0.5, 0.0198)
    >>> round(diagnostic_test(0.001, 0.99, 0.99).p_disease_given_positive, 4)
    0.0902
    >>> diagnostic_test(0.01, 0.0, 1.0).p_disease_given_positive is None  # never positive
    True
    """
    prev = _check_prob(prevalence, "prevalence")
    sens = _check_prob(sensitivity, "sensitivity")
    spec = _check_prob(specificity, "specificity")
    prior = np.array([prev, 1.0 - prev])
    results = {}
    for positive in (True, False):
        try:
            u = _update(prior, _test_likelihood(sens, spec, positive))
            results[positive] = (u.evidence, float(u.posterior[0]))
        except ZeroEvidenceError:
            results[positive] = (0.0, None)
    lr_pos, lr_neg = likelihood_ratios(sens, spec)
    return Diagnostic(
        prevalence=prev,
        sensitivity=sens,
        specificity=spec,
        p_positive=results[True][0],
        p_negative=results[False][0],
        p_disease_given_positive=results[True][1],
        p_disease_given_negative=results[False][1],
        lr_positive=lr_pos,
        lr_negative=lr_neg,
    )


@dataclass(frozen=True)
class Frequencies:
    """A population split by disease and test result (see :func:`natural_frequencies`).

    Attributes
    ----------
    population, sick, healthy, true_pos, false_neg, false_pos, true_neg : int
        The counts; ``sick + healthy == population``,
        ``true_pos + false_neg == sick``, ``false_pos + true_neg == healthy``.
    exact : dict of str to float
        The unrounded expected counts under the same names (``prevalence ×
        population`` ...).
    """

    population: int
    sick: int
    healthy: int
    true_pos: int
    false_neg: int
    false_pos: int
    true_neg: int
    exact: dict[str, float]

    @property
    def positives(self) -> int:
        """Everyone who tests positive: ``true_pos + false_pos``."""
        return self.true_pos + self.false_pos

    @property
    def negatives(self) -> int:
        """Everyone who tests negative: ``false_neg + true_neg``."""
        return self.false_neg + self.true_neg

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """``(true_pos, false_neg, false_pos, true_neg)``."""
        return self.true_pos, self.false_neg, self.false_pos, self.true_neg


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def natural_frequencies(
    prevalence: float, sensitivity: float, specificity: float, population: int = 1000
) -> Frequencies:
    """Counts of a population along the frequency tree: N → sick/healthy → +/−.

    The tree is rounded from the top: ``sick = round(prevalence · N)``,
    ``true_pos = round(sensitivity · sick)``, ``true_neg = round(specificity ·
    healthy)``, the other branches by subtraction (halves round up). So every
    branch sums to its parent, the four leaves sum to ``N``, and each count is
    within 1 of its exact value (``|count − exact| ≤ 1``): divided by ``N``, the
    counts tend to the exact probabilities as ``N`` grows.

    Parameters
    ----------
    prevalence, sensitivity, specificity : float
        As in :func:`diagnostic_test`, each in ``[0, 1]``.
    population : int, default 1000
        ``N`` in ``[1, MAX_POPULATION]``.

    Returns
    -------
    Frequencies
        The integer counts and the exact (unrounded) values.

    Raises
    ------
    ValueError
        If a probability is outside ``[0, 1]`` or not finite, or ``population``
        is outside ``[1, MAX_POPULATION]``.
    TypeError
        If ``population`` is not an integer or a probability not a real number.

    Examples
    --------
    >>> f = natural_frequencies(0.001, 0.99, 0.99, 1000)
    >>> f.sick, f.true_pos, f.false_pos, f.true_neg, f.positives
    (1, 1, 10, 989, 11)
    >>> round(f.exact["false_pos"], 2)
    9.99
    """
    prev = _check_prob(prevalence, "prevalence")
    sens = _check_prob(sensitivity, "sensitivity")
    spec = _check_prob(specificity, "specificity")
    n = check_int(population, "population", min_val=1, max_val=MAX_POPULATION)
    sick = min(_round_half_up(prev * n), n)
    healthy = n - sick
    true_pos = min(_round_half_up(sens * sick), sick)
    true_neg = min(_round_half_up(spec * healthy), healthy)
    exact = {
        "population": float(n),
        "sick": prev * n,
        "healthy": (1.0 - prev) * n,
        "true_pos": sens * prev * n,
        "false_neg": (1.0 - sens) * prev * n,
        "false_pos": (1.0 - spec) * (1.0 - prev) * n,
        "true_neg": spec * (1.0 - prev) * n,
    }
    return Frequencies(
        population=n,
        sick=sick,
        healthy=healthy,
        true_pos=true_pos,
        false_neg=sick - true_pos,
        false_pos=healthy - true_neg,
        true_neg=true_neg,
        exact=exact,
    )


# ---------------------------------------------------------------------------
# The odds form
# ---------------------------------------------------------------------------


def odds(p: float) -> float:
    """o = p / (1 − p), with odds(1) = inf.

    Raises
    ------
    ValueError
        If ``p`` is outside ``[0, 1]`` or not finite.
    TypeError
        If ``p`` is not a real number.

    Examples
    --------
    >>> odds(0.2), odds(1.0)
    (0.25, inf)
    """
    p = _check_prob(p, "p")
    return math.inf if p == 1.0 else p / (1.0 - p)


def probability(o: float) -> float:
    """p = o / (1 + o), with probability(inf) = 1.

    Raises
    ------
    ValueError
        If ``o`` is negative or ``nan``.

    Examples
    --------
    >>> probability(0.25), probability(math.inf)
    (0.2, 1.0)
    """
    o = float(check_scalar(o, "o", min_val=0.0, allow_inf=True))
    return 1.0 if math.isinf(o) else o / (1.0 + o)


def odds_update(prior: float, likelihood_ratio: float) -> float:
    """Posterior P(H | E) via odds: posterior odds = prior odds × likelihood ratio.

    Computed on log-odds, ``logit(posterior) = logit(prior) + log LR``, a
    different route from Bayes' rule's sum, so it is an independent check of
    :func:`posterior`.

    Parameters
    ----------
    prior : float
        ``P(H)`` in ``[0, 1]``.
    likelihood_ratio : float
        ``LR = P(E | H) / P(E | ¬H)`` in ``[0, inf]``.

    Returns
    -------
    float
        ``P(H | E)`` in ``[0, 1]``.

    Raises
    ------
    ValueError
        If ``prior`` is outside ``[0, 1]`` or ``likelihood_ratio`` is negative
        or ``nan``.
    ZeroEvidenceError
        If the update is 0 × ∞: a prior of 0 with an infinite ratio (evidence
        only ``H`` can produce, and ``H`` is impossible) or a prior of 1 with a
        ratio of 0 (evidence ``H`` cannot produce, and only ``H`` is possible).
    TypeError
        If an argument is not a real number.

    Notes
    -----
    .. math:: \\frac{P(H \\mid E)}{P(\\neg H \\mid E)}
              = \\frac{P(H)}{P(\\neg H)} \\cdot \\frac{P(E \\mid H)}{P(E \\mid \\neg H)}

    Examples
    --------
    >>> round(odds_update(0.01, 99.0), 4)  # odds 1:99 × 99 = 1:1
    0.5
    >>> odds_update(0.3, math.inf)
    1.0
    """
    p = _check_prob(prior, "prior")
    lr = float(check_scalar(likelihood_ratio, "likelihood_ratio", min_val=0.0, allow_inf=True))
    log_lr = -math.inf if lr == 0.0 else math.log(lr)
    logit = math.log(p) - math.log1p(-p) if 0.0 < p < 1.0 else (-math.inf if p == 0 else math.inf)
    if math.isinf(logit) and math.isinf(log_lr) and logit != log_lr:
        raise ZeroEvidenceError(
            f"prior == {p!r} with likelihood_ratio == {lr!r}: 0 × ∞, the evidence is "
            "impossible under every hypothesis the prior allows (P(E) = 0)."
        )
    return float(special.expit(logit + log_lr))


# ---------------------------------------------------------------------------
# Updating again
# ---------------------------------------------------------------------------


def test_likelihoods(sensitivity: float, specificity: float, results: Sequence[bool]) -> np.ndarray:
    """Rows ``[P(result_k | D), P(result_k | ¬D)]`` for a sequence of test results.

    Parameters
    ----------
    sensitivity, specificity : float
        Of the (same) test, each in ``[0, 1]``.
    results : sequence of bool
        ``True`` for a positive result, ``False`` for a negative one.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(results), 2)``.

    Raises
    ------
    ValueError
        If a probability is outside ``[0, 1]`` or not finite.
    TypeError
        If a result is not a bool.

    Examples
    --------
    >>> test_likelihoods(0.9, 0.8, [True, False]).round(2)
    array([[0.9, 0.2],
           [0.1, 0.8]])
    """
    sens = _check_prob(sensitivity, "sensitivity")
    spec = _check_prob(specificity, "specificity")
    rows = []
    for i, r in enumerate(results):
        if not isinstance(r, (bool, np.bool_)):
            raise TypeError(f"results[{i}] must be an instance of bool, not {type(r).__name__}.")
        rows.append(_test_likelihood(sens, spec, bool(r)))
    return np.array(rows, dtype=np.float64).reshape(len(rows), 2)


test_likelihoods.__test__ = False  # a library function, not a pytest test


@dataclass(frozen=True)
class Sequential:
    """Posteriors after each piece of evidence (see :func:`sequential_update`).

    Attributes
    ----------
    posteriors : numpy.ndarray
        Shape ``(m + 1, n)``: row 0 is the prior, row ``k`` the posterior after
        ``k`` pieces of evidence. When evidence ``j`` is impossible, only the
        rows ``0 .. j − 1`` exist (``m = j − 1``).
    evidences : numpy.ndarray
        ``P(E_k | E_1 .. E_{k−1})`` for each defined step (length ``m``).
    impossible_at : int or None
        The 1-based step whose evidence had probability 0, else ``None``.
    """

    posteriors: np.ndarray
    evidences: np.ndarray
    impossible_at: int | None


def sequential_update(prior, likelihoods) -> Sequential:
    """Posterior after each piece of evidence: p_k ∝ P(E_k | H) · p_{k−1}.

    Yesterday's posterior is today's prior. This equals one update with the
    product of the likelihoods when the pieces of evidence are conditionally
    independent given the hypothesis (the naive Bayes assumption; two runs of
    the same test on the same person may not be).

    Parameters
    ----------
    prior : array_like
        1-D prior probabilities (see :func:`posterior`).
    likelihoods : array_like
        Shape ``(m, n)``: row ``k`` holds ``P(E_k | H_i)``; ``m`` may be 0.

    Returns
    -------
    Sequential
        The prior and every posterior, the evidence of each step, and the step
        whose evidence was impossible (the updates stop there).

    Raises
    ------
    ValueError
        As :func:`posterior`, or if ``likelihoods`` is not 2-D with ``n``
        columns.
    TypeError
        If an argument is not array-like of numbers.

    Notes
    -----
    .. math:: P(H \\mid E_1, \\dots, E_k) \\propto P(E_k \\mid H)\\,P(H \\mid E_1, \\dots, E_{k-1})

    Examples
    --------
    >>> s = sequential_update([0.01, 0.99], test_likelihoods(0.99, 0.99, [True, True]))
    >>> s.posteriors[:, 0].round(4)
    array([0.01, 0.5 , 0.99])
    """
    p = _check_prior(prior)
    lik = check_array(likelihoods, "likelihoods", ndim=(1, 2))
    if lik.size == 0:  # no evidence yet: [] or an empty (0, n) table
        lik = lik.reshape(0, p.size)
    lik = _check_likelihood(lik, p.size, "likelihoods", ndim=2)
    rows, evidences = [p.copy()], []
    impossible = None
    for k, row in enumerate(lik, start=1):
        try:
            u = _update(rows[-1], row, step=k)
        except ZeroEvidenceError:
            impossible = k
            break
        rows.append(u.posterior)
        evidences.append(u.evidence)
    return Sequential(np.array(rows), np.array(evidences, dtype=np.float64), impossible)


def ppv_curve(
    prevalences, sensitivity: float, specificity: float
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """P(D | +) and P(D | −) for every prevalence in ``prevalences`` (the base-rate curve).

    Parameters
    ----------
    prevalences : array_like
        1-D prevalences strictly between 0 and 1.
    sensitivity, specificity : float
        Of the test, each in ``[0, 1]``.

    Returns
    -------
    (numpy.ndarray or None, numpy.ndarray or None)
        ``P(D | +)`` and ``P(D | −)``; ``None`` for a result the test never
        gives (``P(+) = 0`` when sensitivity is 0 and specificity 1;
        ``P(−) = 0`` when sensitivity is 1 and specificity 0).

    Raises
    ------
    ValueError
        If ``prevalences`` is not 1-D and non-empty, a prevalence is not
        strictly between 0 and 1, or a probability is outside ``[0, 1]``.

    Examples
    --------
    >>> pos, neg = ppv_curve([0.001, 0.01, 0.1], 0.99, 0.99)
    >>> pos.round(4)
    array([0.0902, 0.5   , 0.9167])
    """
    x = check_array(prevalences, "prevalences", ndim=1, min_size=1)
    if (x <= 0).any() or (x >= 1).any():
        raise ValueError("prevalences has an entry outside (0, 1), must be strictly inside.")
    sens = _check_prob(sensitivity, "sensitivity")
    spec = _check_prob(specificity, "specificity")
    out = []
    for a, b in ((sens, 1.0 - spec), (1.0 - sens, spec)):
        den = a * x + b * (1.0 - x)
        out.append(None if a == 0.0 and b == 0.0 else a * x / den)
    return out[0], out[1]


# ---------------------------------------------------------------------------
# The coin: Beta prior, Binomial likelihood, Beta posterior
# ---------------------------------------------------------------------------


def _check_shape(x, name: str) -> float:
    return float(check_scalar(x, name, min_val=0.0, max_val=_MAX_SHAPE, include_boundaries="right"))


def beta_pdf(x, a: float, b: float) -> np.ndarray:
    """Beta(a, b) density x^(a−1) (1 − x)^(b−1) / B(a, b), computed in log space.

    Parameters
    ----------
    x : array_like
        Points in ``[0, 1]``.
    a, b : float
        Shape parameters, ``> 0``.

    Returns
    -------
    numpy.ndarray
        The density; ``inf`` at an end where it is unbounded (``a < 1`` at 0,
        ``b < 1`` at 1).

    Raises
    ------
    ValueError
        If ``x`` leaves ``[0, 1]`` or a shape is not in ``(0, 1e9]``.

    Examples
    --------
    >>> beta_pdf([0.0, 0.5, 1.0], 2.0, 2.0)
    array([0. , 1.5, 0. ])
    """
    a, b = _check_shape(a, "a"), _check_shape(b, "b")
    x = check_array(x, "x")
    if x.size and ((x < 0).any() or (x > 1).any()):
        raise ValueError("x has an entry outside [0, 1], must hold probabilities.")
    # (a − 1) log x with 0 · log 0 = 0 when a = 1 (the factor x⁰ is 1 even at x = 0).
    log_x = 0.0 if a == 1.0 else (a - 1.0) * _log(x)
    log_1mx = 0.0 if b == 1.0 else (b - 1.0) * _log(1.0 - x)
    return np.exp(np.broadcast_to(log_x + log_1mx - special.betaln(a, b), x.shape))


@dataclass(frozen=True)
class BetaPosterior:
    """The coin's posterior Beta(alpha, beta) and its summaries (see :func:`beta_binomial`).

    Attributes
    ----------
    a, b : float
        The prior Beta(a, b).
    heads, tails : int
        The data.
    alpha, beta : float
        ``a + heads`` and ``b + tails``.
    mean : float
        Posterior mean ``alpha / (alpha + beta)``.
    mode : float or None
        The MAP estimate; ``None`` when the density has no single maximum
        (flat: ``alpha = beta = 1``; two peaks at 0 and 1: both ``< 1``).
    interval : (float, float)
        Central credible interval of probability ``level``.
    level : float
        Its probability.
    mle : float or None
        ``heads / (heads + tails)``; ``None`` with no flips.
    prior_mean : float
        ``a / (a + b)``.
    prior_weight : float
        ``(a + b) / (a + b + n)``: mean = weight · prior mean + (1 − weight) · MLE.
    sd : float
        Posterior standard deviation.
    """

    a: float
    b: float
    heads: int
    tails: int
    alpha: float
    beta: float
    mean: float
    mode: float | None
    interval: tuple[float, float]
    level: float
    mle: float | None
    prior_mean: float
    prior_weight: float
    sd: float


def _beta_mode(alpha: float, beta: float) -> float | None:
    if alpha > 1.0 and beta > 1.0:
        return (alpha - 1.0) / (alpha + beta - 2.0)
    if (alpha == 1.0 and beta == 1.0) or (alpha < 1.0 and beta < 1.0):
        return None
    return 0.0 if alpha <= 1.0 <= beta else 1.0


def beta_binomial(a: float, b: float, heads: int, tails: int, level: float = 0.95) -> BetaPosterior:
    """Beta(a, b) prior + h heads, t tails → Beta(a + h, b + t) posterior.

    Parameters
    ----------
    a, b : float
        Prior shape parameters in ``(0, 1e9]`` (``a − 1`` and ``b − 1`` act as
        pseudo-counts of heads and tails for the MAP, ``a`` and ``b`` for the
        mean).
    heads, tails : int
        Observed counts in ``[0, MAX_FLIPS]``.
    level : float, default 0.95
        Probability of the central credible interval, in ``(0, 1)``.

    Returns
    -------
    BetaPosterior
        The posterior's parameters, mean, mode (MAP), credible interval
        (``scipy.special.betaincinv``), standard deviation, the MLE and the
        prior's weight in the mean.

    Raises
    ------
    ValueError
        If a shape is not in ``(0, 1e9]``, a count is negative or above
        ``MAX_FLIPS``, or ``level`` is not strictly between 0 and 1.
    TypeError
        If a count is not an integer or another argument not a real number.

    Notes
    -----
    .. math:: p(\\theta \\mid h, t) \\propto \\theta^{h}(1-\\theta)^{t}
              \\cdot \\theta^{a-1}(1-\\theta)^{b-1}
              = \\mathrm{Beta}(\\theta;\\, a + h,\\, b + t)

    .. math:: \\hat\\theta_{\\mathrm{MAP}} = \\frac{h + a - 1}{n + a + b - 2},\\quad
              \\mathbb{E}[\\theta] = \\frac{h + a}{n + a + b},\\quad
              \\hat\\theta_{\\mathrm{MLE}} = \\frac{h}{n}

    Examples
    --------
    >>> r = beta_binomial(2, 2, 7, 3)
    >>> r.alpha, r.beta, round(r.mean, 4), round(r.mode, 4), r.mle
    (9.0, 5.0, 0.6429, 0.6667, 0.7)
    >>> beta_binomial(1, 1, 0, 0).mode is None  # flat: no single MAP
    True
    """
    a, b = _check_shape(a, "a"), _check_shape(b, "b")
    h = check_int(heads, "heads", min_val=0, max_val=MAX_FLIPS)
    t = check_int(tails, "tails", min_val=0, max_val=MAX_FLIPS)
    level = float(
        check_scalar(level, "level", min_val=0.0, max_val=1.0, include_boundaries="neither")
    )
    alpha, beta = a + h, b + t
    total = alpha + beta
    lo, hi = special.betaincinv(alpha, beta, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    n = h + t
    return BetaPosterior(
        a=a,
        b=b,
        heads=h,
        tails=t,
        alpha=alpha,
        beta=beta,
        mean=alpha / total,
        mode=_beta_mode(alpha, beta),
        interval=(float(lo), float(hi)),
        level=level,
        mle=h / n if n else None,
        prior_mean=a / (a + b),
        prior_weight=(a + b) / (total),
        sd=math.sqrt(alpha * beta / (total * total * (total + 1.0))),
    )


def beta_curves(
    a: float, b: float, heads: int, tails: int, points: int = 301
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Prior, likelihood and posterior densities of θ on a grid, for plotting.

    The grid covers ``(0, 1)`` evenly (without the ends, where a density may be
    infinite) plus extra points around the posterior's bulk, so a narrow
    posterior (thousands of flips) is still drawn smoothly. The likelihood
    ``θ^h (1 − θ)^t`` is scaled to area 1 (it is the Beta(h + 1, t + 1)
    density), so the three curves share one axis.

    Parameters
    ----------
    a, b, heads, tails
        As in :func:`beta_binomial`.
    points : int, default 301
        Points of the even part of the grid, in ``[11, 5001]``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray)
        ``theta``, ``prior``, ``likelihood``, ``posterior``, all finite.

    Raises
    ------
    ValueError, TypeError
        As :func:`beta_binomial`, or if ``points`` is out of range.

    Examples
    --------
    >>> x, prior, lik, post = beta_curves(1, 1, 0, 0, points=11)
    >>> float(prior.min()), float(post.max())
    (1.0, 1.0)
    """
    r = beta_binomial(a, b, heads, tails)
    m = check_int(points, "points", min_val=11, max_val=5001)
    even = (np.arange(m) + 0.5) / m
    lo, hi = max(r.mean - 8 * r.sd, 0.0), min(r.mean + 8 * r.sd, 1.0)
    dense = np.linspace(lo, hi, 161)[1:-1] if hi - lo < 0.5 else np.empty(0)
    theta = np.unique(np.concatenate([even, dense]))
    theta = theta[(theta > 0) & (theta < 1)]
    return (
        theta,
        beta_pdf(theta, r.a, r.b),
        beta_pdf(theta, r.heads + 1.0, r.tails + 1.0),
        beta_pdf(theta, r.alpha, r.beta),
    )


@dataclass(frozen=True)
class Estimates:
    """MLE, MAP and posterior mean as the number of flips grows (see :func:`estimates_vs_flips`).

    Attributes
    ----------
    flips : numpy.ndarray
        Numbers of flips ``n`` (log-spaced).
    mle : float
        The observed proportion of heads, held fixed.
    mean, low, high : numpy.ndarray
        Posterior mean and the credible interval at each ``n``.
    map : numpy.ndarray
        MAP at each ``n`` (0 or 1 when the density peaks at an end), ``nan``-free:
        where there is no single mode the posterior mean stands in and
        ``map_defined`` is False.
    map_defined : numpy.ndarray
        Boolean mask.
    prior_weight : numpy.ndarray
        ``(a + b) / (a + b + n)``.
    """

    flips: np.ndarray
    mle: float
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    map: np.ndarray
    map_defined: np.ndarray
    prior_weight: np.ndarray


def estimates_vs_flips(
    a: float, b: float, heads: int, tails: int, level: float = 0.95, points: int = 121
) -> Estimates | None:
    """How the prior's weight fades: estimates after n flips with the same share of heads.

    For ``n`` from 1 to ``max(1000, 100 · (h + t))`` flips with the observed
    proportion ``h / (h + t)`` of heads (fractional counts), the posterior
    mean ``(a + p̂ n) / (a + b + n)`` moves from the prior mean to the MLE ``p̂``.

    Returns
    -------
    Estimates or None
        ``None`` with no flips (there is no observed proportion).

    Raises
    ------
    ValueError, TypeError
        As :func:`beta_binomial`, or if ``points`` is not in ``[2, 2001]``.

    Examples
    --------
    >>> e = estimates_vs_flips(2, 2, 7, 3)
    >>> round(float(e.mean[0]), 3), round(float(e.mean[-1]), 3), e.mle  # 1 → 1000 flips
    (0.54, 0.699, 0.7)
    """
    r = beta_binomial(a, b, heads, tails, level)
    m = check_int(points, "points", min_val=2, max_val=2001)
    n = r.heads + r.tails
    if n == 0:
        return None
    share = r.heads / n
    flips = np.geomspace(1.0, max(1000.0, 100.0 * n), m)
    alpha = r.a + share * flips
    beta = r.b + (1.0 - share) * flips
    low, high = special.betaincinv(alpha, beta, [[(1.0 - level) / 2.0], [(1.0 + level) / 2.0]])
    mean = alpha / (alpha + beta)
    interior = (alpha > 1.0) & (beta > 1.0)
    undefined = ((alpha == 1.0) & (beta == 1.0)) | ((alpha < 1.0) & (beta < 1.0))
    at_zero = ~interior & ~undefined & (alpha <= 1.0)  # then beta >= 1: decreasing density
    at_one = ~interior & ~undefined & ~at_zero
    peak = (alpha - 1.0) / np.where(interior, alpha + beta - 2.0, 1.0)
    mode = np.select([interior, at_zero, at_one], [peak, 0.0, 1.0], default=mean)
    return Estimates(
        flips=flips,
        mle=share,
        mean=mean,
        low=low,
        high=high,
        map=mode,
        map_defined=~undefined,
        prior_weight=(r.a + r.b) / (r.a + r.b + flips),
    )


# ---------------------------------------------------------------------------
# Reproduce in Python
# ---------------------------------------------------------------------------


def snippet(
    prevalence: float,
    sensitivity: float,
    specificity: float,
    population: int,
    results: Sequence[bool],
    a: float,
    b: float,
    heads: int,
    tails: int,
) -> str:
    """The "Reproduce in Python" code for these parameters (validated first).

    Raises
    ------
    ValueError, TypeError
        As :func:`natural_frequencies`, :func:`test_likelihoods` and
        :func:`beta_binomial` for the same arguments.

    Examples
    --------
    >>> print(snippet(0.01, 0.99, 0.99, 1000, [True], 2, 2, 7, 3).splitlines()[3])
    prevalence, sensitivity, specificity = 0.01, 0.99, 0.99
    """
    natural_frequencies(prevalence, sensitivity, specificity, population)
    test_likelihoods(sensitivity, specificity, results)
    beta_binomial(a, b, heads, tails)
    flags = "[" + ", ".join("True" if r else "False" for r in results) + "]"
    return (
        "import numpy as np\n"
        "from playground import bayes\n"
        "\n"
        f"prevalence, sensitivity, specificity = {prevalence!r}, {sensitivity!r}, {specificity!r}\n"
        "d = bayes.diagnostic_test(prevalence, sensitivity, specificity)\n"
        "print(d.p_positive, d.p_disease_given_positive, d.p_disease_given_negative)\n"
        f"f = bayes.natural_frequencies(prevalence, sensitivity, specificity, {population})\n"
        "print(f.true_pos, f.false_neg, f.false_pos, f.true_neg)\n"
        "lr_pos, lr_neg = bayes.likelihood_ratios(sensitivity, specificity)\n"
        "print(bayes.odds_update(prevalence, lr_pos))  # the odds form, same P(D|+)\n"
        f"lik = bayes.test_likelihoods(sensitivity, specificity, {flags})  # True = positive\n"
        "s = bayes.sequential_update([prevalence, 1 - prevalence], lik)\n"
        "print(s.posteriors[:, 0])  # P(sick) before and after each test\n"
        f"r = bayes.beta_binomial({float(a)!r}, {float(b)!r}, heads={heads}, tails={tails})\n"
        "print(r.alpha, r.beta, r.mean, r.mode, r.mle, r.interval)\n"
    )
