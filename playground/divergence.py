r"""Entropy, cross-entropy, KL and JS divergence — discrete and continuous.

The whole story of the KL-divergence page in NumPy (and SciPy for one
optimiser and one reference integral), with nothing about screens.

Conventions (natural logarithms, so every value is in nats):

- ``0·log(0/q) = 0``: a category that ``p`` never produces costs nothing;
- ``p > 0`` where ``q = 0`` gives ``KL(p‖q) = +inf`` (never ``nan``): ``q``
  says an observed outcome is impossible;
- the identity ``H(P, Q) = H(P) + KL(P‖Q)`` holds term by term, so minimising
  cross-entropy over ``Q`` (maximum likelihood) minimises ``KL(P‖Q)``.

Discrete distributions are 1-D probability vectors (validated: non-negative,
no ``nan``, summing to 1 within 1e-6, used as given; :func:`normalize` turns
raw non-negative weights into one). Where SciPy's ``entropy`` silently
normalises, every function here raises instead. This module is the one home of
the discrete entropy, cross-entropy, KL and JS (``playground.softmax`` imports
:func:`entropy`): each is the sum of per-category terms computed in one place,
in forms that keep their digits when ``p ≈ q`` (SciPy gh-20710), so a
divergence of ``1e-28`` between nearly equal distributions is still right and
"KL = 0 only when P = Q" holds in floating point too. Continuous distributions are a Gaussian
mixture ``P`` given as ``(weights, means, sigmas)`` and a single Gaussian
``Q = N(mu, sigma²)``. Expectations under a Gaussian are computed with a
composite Gauss–Legendre rule whose panels are graded towards the points where
two mixture components swap dominance, where ``log p`` bends sharply (plain
Gauss–Hermite quadrature is off by percents there); the result agrees with
adaptive quadrature (:func:`mixture_kl_quad`) to about 1e-9.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground._validation import (
    InputError,
    check_array,
    check_choice,
    check_probability_vector,
    check_scalar,
)

__all__ = [
    "Comparison",
    "compare",
    "cross_entropy",
    "entropy",
    "fit_gaussian_forward_kl",
    "fit_gaussian_reverse_kl",
    "gaussian_entropy",
    "gaussian_kl",
    "gaussian_kl_grad",
    "gaussian_kl_quad",
    "gaussian_pdf",
    "js_divergence",
    "kl_contributions",
    "kl_divergence",
    "kl_divergence_grad",
    "kl_landscape",
    "mixture_entropy",
    "mixture_forward_kl",
    "mixture_forward_kl_grad",
    "mixture_kl_quad",
    "mixture_logpdf",
    "mixture_moments",
    "mixture_pdf",
    "mixture_reverse_kl",
    "mixture_reverse_kl_grad",
    "gaussian_kl_integrand",
    "normalize",
    "normalize_pair",
    "plot_range",
    "reverse_kl_grad_check",
    "reverse_kl_minima",
    "reverse_kl_path",
    "snippet",
    "two_gaussian_mixture",
]

_LOG_2PI = math.log(2.0 * math.pi)
_LOG2 = math.log(2.0)
#: Largest number of mixture components accepted (the quadrature's cost grows with it).
MAX_COMPONENTS = 1000
#: Bounds on Gaussian parameters (the range where every formula stays finite).
MAX_ABS_MEAN = 1e6
MIN_SIGMA, MAX_SIGMA = 1e-6, 1e6


# ---------------------------------------------------------------------------
# Discrete distributions
# ---------------------------------------------------------------------------


def normalize(weights: Any, name: str = "weights") -> np.ndarray:
    """Probabilities from raw non-negative weights: ``w / sum(w)``.

    Zeros are kept (a zero weight is an impossible category).

    Parameters
    ----------
    weights : array_like
        1-D, finite, non-negative, with at least one positive entry.
    name : str, default "weights"
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray
        Non-negative entries summing to 1.

    Raises
    ------
    ValueError
        If ``weights`` is not 1-D, is empty, contains ``nan`` or ``±inf``, has
        a negative entry, or is all zero.
    TypeError
        If ``weights`` is not numeric.

    Examples
    --------
    >>> normalize([2, 1, 1])
    array([0.5 , 0.25, 0.25])
    >>> normalize([1, -1])
    Traceback (most recent call last):
    ...
    ValueError: weights has a negative entry (-1), must be >= 0.
    """
    w = check_array(weights, name, ndim=1, min_size=1)
    if (w < 0).any():
        raise ValueError(f"{name} has a negative entry ({w.min():.6g}), must be >= 0.")
    top = w.max()
    if top == 0:
        raise ValueError(f"{name} sums to 0, must have a positive entry.")
    w = w / top  # scale first: a sum of values near 1e308 would overflow
    return w / w.sum()


def normalize_pair(p_weights: Any, q_weights: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    """Turn two typed weight lists into probability vectors, or say why not.

    For user input: the errors are :class:`~playground._validation.InputError`
    with a ``code`` the page translates (``length_mismatch``, ``negative``,
    ``all_zero``).

    Returns
    -------
    p, q : numpy.ndarray
        The normalised vectors.
    rescaled : bool
        Whether either input did not already sum to 1 (the page says so).

    Raises
    ------
    ValueError
        If ``p_weights`` or ``q_weights`` is not 1-D, is empty, or contains
        ``nan`` or ``±inf``.
    InputError
        (a ``ValueError``) with ``code`` ``"length_mismatch"`` (different
        lengths), ``"negative"`` (a negative weight) or ``"all_zero"`` (no
        positive weight).
    TypeError
        If either is not numeric.

    Examples
    --------
    >>> p, q, rescaled = normalize_pair([2, 2], [1, 0])
    >>> p.tolist(), q.tolist(), rescaled
    ([0.5, 0.5], [1.0, 0.0], True)
    >>> normalize_pair([1, 2], [1, 2, 3])
    Traceback (most recent call last):
    ...
    playground._validation.InputError: P has 2 numbers and Q has 3; they need the same length.
    """
    p_w = check_array(p_weights, "p_weights", ndim=1, min_size=1)
    q_w = check_array(q_weights, "q_weights", ndim=1, min_size=1)
    if p_w.size != q_w.size:
        raise InputError(
            "length_mismatch",
            f"P has {p_w.size} numbers and Q has {q_w.size}; they need the same length.",
            n_p=p_w.size,
            n_q=q_w.size,
        )
    for name, w in (("P", p_w), ("Q", q_w)):
        if (w < 0).any():
            raise InputError(
                "negative",
                f"{name} has a negative weight ({w.min():g}).",
                name=name,
                value=f"{w.min():g}",
            )
        if not (w > 0).any():
            raise InputError("all_zero", f"{name} has no positive weight.", name=name)
    rescaled = bool(abs(p_w.sum() - 1.0) > 1e-12 or abs(q_w.sum() - 1.0) > 1e-12)
    return normalize(p_w, "p_weights"), normalize(q_w, "q_weights"), rescaled


def _pair(p: Any, q: Any) -> tuple[np.ndarray, np.ndarray]:
    p = check_probability_vector(p, "p")
    q = check_probability_vector(q, "q")
    if q.shape != p.shape:
        raise ValueError(f"q.shape == {q.shape}, must be {p.shape} (the shape of p).")
    return p, q


# The per-category terms. Every discrete entropy, cross-entropy, KL and JS value
# in the app (and softmax.entropy, which imports entropy from here) is the sum of
# one of these, so their precision is decided in this one place.
#
# SciPy is imported inside the functions that use it: playground.softmax imports
# this module, and importing scipy.special, .integrate and .optimize up front
# would make `import playground.softmax` (NumPy only otherwise) ~50x slower.


def _entropy_terms(p: np.ndarray) -> np.ndarray:
    """``-p_i log p_i`` with ``0 log 0 = 0`` (SciPy's ``entr``)."""
    from scipy import special

    return special.entr(p)


def _cross_entropy_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``-p_i log q_i``: 0 where ``p_i = 0``, ``+inf`` where ``p_i > 0 = q_i``.

    Computed directly rather than as entropy + KL term: every term is ``>= 0``,
    so nothing cancels (``-p log p + p log(p/q)`` would, for small ``p`` and
    ``q`` close to 1).
    """
    from scipy import special

    return -special.xlogy(p, q) + 0.0


def _kl_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``p_i log(p_i / q_i)`` keeping its digits when ``p_i ≈ q_i`` (SciPy's ``rel_entr``).

    ``rel_entr`` evaluates ``x·log1p((x − y)/y)`` when ``0.5 < x/y < 2``:
    ``x − y`` is then exact (Sterbenz's lemma) and ``log1p`` keeps full relative
    precision of a tiny argument, whereas ``x·(log x − log y)`` subtracts two
    nearly equal logarithms and keeps only their absolute error, ``~1e-16``
    (SciPy gh-20710). Far from 1 it uses ``x·log(x/y)``, and
    ``x·(log x − log y)`` when ``x/y`` would underflow or overflow.
    """
    from scipy import special

    return special.rel_entr(p, q)


def _js_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``½ p_i log(p_i/m_i) + ½ q_i log(q_i/m_i)`` with ``m = (p + q)/2``, keeping its digits.

    With ``s = p + q`` and ``d = (p − q)/s`` the term is ``¼ s·g(d)`` where
    ``g(d) = (1 + d) log(1 + d) + (1 − d) log(1 − d)``, which is ``>= 0`` and
    even. For ``|d| <= ½`` it is evaluated as ``2d·atanh(d) + log1p(−d²)``
    (two terms of ratio about 2 : −1, so nothing cancels; ``g ≈ d²``); beyond,
    as ``a log a + b log b`` with ``a = 2p/s``, ``b = 2q/s`` (``0 log 0 = 0``).
    Going through ``m`` instead would lose the digits twice: ``m`` is rounded,
    and the two halves' first-order terms cancel; and ``(p + q)/2`` underflows
    to 0 for subnormal ``p + q``, while ``s`` never does.
    """
    from scipy import special

    s = p + q
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.abs(np.divide(p - q, s, out=np.zeros_like(s), where=s > 0))
        c = np.minimum(d, 0.5)  # `near` is used only where d <= 1/2; keep atanh finite
        near = 2.0 * c * np.arctanh(c) + np.log1p(-c * c)
        a = np.divide(2.0 * p, s, out=np.zeros_like(s), where=s > 0)
        b = np.divide(2.0 * q, s, out=np.zeros_like(s), where=s > 0)
        far = special.xlogy(a, a) + special.xlogy(b, b)
    g = np.where(d <= 0.5, near, far)
    return 0.25 * s * g


def entropy(p: Any) -> float:
    r"""Shannon entropy ``H(p) = -sum_i p_i log p_i`` in nats (``0 log 0 = 0``).

    The one entropy of the package (:func:`playground.softmax.entropy` is this
    function). ``p`` must already be a probability vector: unlike
    :func:`scipy.stats.entropy`, which silently divides by ``sum(p)``, a vector
    whose sum is off 1 by more than 1e-6 is rejected (``entropy([0.1, 0.2])``
    would otherwise be the entropy of ``[1/3, 2/3]``, not of what was typed).
    Use :func:`normalize` for raw weights.

    Parameters
    ----------
    p : array_like
        1-D probability vector: non-negative, summing to 1 within 1e-6 (used
        as given, not renormalised).

    Returns
    -------
    float
        Between 0 (one sure outcome) and ``log K`` (uniform over K).

    Raises
    ------
    ValueError
        If ``p`` is not 1-D, is empty, contains ``nan`` or ``±inf``, has a
        negative entry, or does not sum to 1 within 1e-6.
    TypeError
        If ``p`` is not numeric.

    Notes
    -----
    .. math:: H(P) = -\sum_i p_i \log p_i

    Examples
    --------
    >>> round(entropy([0.5, 0.5]), 6) == round(math.log(2), 6)
    True
    >>> entropy([1.0, 0.0])
    0.0
    >>> entropy([0.1, 0.2])
    Traceback (most recent call last):
    ...
    ValueError: p sums to 0.3, must sum to 1 (within 1e-06).
    """
    p = check_probability_vector(p, "p")
    return max(float(np.sum(_entropy_terms(p))), 0.0) + 0.0


def cross_entropy(p: Any, q: Any) -> float:
    r"""Cross-entropy ``H(p, q) = -sum_i p_i log q_i`` in nats.

    ``inf`` when some ``p_i > 0`` has ``q_i = 0``; terms with ``p_i = 0`` are 0.

    Parameters
    ----------
    p, q : array_like
        1-D probability vectors of the same shape (see :func:`entropy`).

    Returns
    -------
    float
        ``H(p, q) >= H(p)``, in nats; may be ``inf``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Notes
    -----
    .. math:: H(P, Q) = -\sum_i p_i \log q_i = H(P) + \mathrm{KL}(P\,\|\,Q)

    Examples
    --------
    >>> round(cross_entropy([0.5, 0.5], [0.25, 0.75]), 4)
    0.837
    >>> cross_entropy([0.5, 0.5], [1.0, 0.0])
    inf
    """
    p, q = _pair(p, q)
    return float(np.sum(_cross_entropy_terms(p, q)))


def kl_contributions(p: Any, q: Any) -> np.ndarray:
    r"""Per-category terms ``p_i log(p_i / q_i)`` of ``KL(p‖q)``.

    A term may be negative (``p_i < q_i``); their sum never is (beyond
    rounding). ``p_i = 0`` gives 0, ``p_i > 0 = q_i`` gives ``inf``. Where
    ``p_i ≈ q_i`` the term is computed as ``p_i·log1p((p_i − q_i)/q_i)``, which
    keeps its digits (``p_i (log p_i − log q_i)`` would keep only an absolute
    ``1e-16``: SciPy gh-20710); the values are those of
    :func:`scipy.special.rel_entr`.

    Parameters
    ----------
    p, q : array_like
        1-D probability vectors of the same shape (see :func:`entropy`).

    Returns
    -------
    numpy.ndarray
        One term per category (may hold ``inf``, never ``nan``).

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Examples
    --------
    >>> kl_contributions([0.5, 0.5, 0.0], [0.25, 0.5, 0.25]).round(4)
    array([0.3466, 0.    , 0.    ])
    >>> kl_contributions([0.5, 0.5], [1.0, 0.0])
    array([-0.34657359,         inf])
    """
    p, q = _pair(p, q)
    return _kl_terms(p, q)


def kl_divergence(p: Any, q: Any) -> float:
    r"""Kullback–Leibler divergence ``KL(p‖q) = sum_i p_i log(p_i / q_i)``.

    Non-negative, zero only for ``p = q``, not symmetric, and ``inf`` exactly
    when ``q`` gives probability 0 to an outcome that ``p`` can produce. The
    sum of :func:`kl_contributions`, so it equals
    ``scipy.special.rel_entr(p, q).sum()`` (clipped at 0) even when ``p`` and
    ``q`` agree to 15 digits and the divergence is ``1e-28``.

    Parameters
    ----------
    p, q : array_like
        1-D probability vectors of the same shape (see :func:`entropy`).

    Returns
    -------
    float
        ``KL(p‖q)`` in nats. A negative sum (possible only when ``p`` and
        ``q`` sum to 1 to slightly different roundings) is clipped to 0.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Notes
    -----
    .. math:: \mathrm{KL}(P\,\|\,Q) = \sum_i p_i \log\frac{p_i}{q_i}
              = H(P, Q) - H(P)

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.5108
    >>> round(kl_divergence([0.9, 0.1], [0.5, 0.5]), 4)
    0.3681
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    p, q = _pair(p, q)
    total = float(np.sum(_kl_terms(p, q)))
    return max(total, 0.0) + 0.0  # "+ 0.0" turns -0.0 into 0.0


def kl_divergence_grad(p: Any, q: Any) -> np.ndarray:
    r"""Gradient of ``KL(p‖q)`` with respect to ``q``: ``-p_i / q_i``.

    Entries with ``p_i = 0`` are 0; ``p_i > 0 = q_i`` gives ``-inf``. (On the
    simplex only the component orthogonal to ``(1, …, 1)`` matters.)

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Examples
    --------
    >>> kl_divergence_grad([0.5, 0.5], [0.25, 0.75])
    array([-2.        , -0.66666667])
    """
    p, q = _pair(p, q)
    grad = np.zeros_like(p)
    nz = p > 0
    with np.errstate(divide="ignore"):
        grad[nz] = -p[nz] / q[nz]
    return grad


def js_divergence(p: Any, q: Any) -> float:
    r"""Jensen–Shannon divergence ``JS = ½ KL(p‖m) + ½ KL(q‖m)``, ``m = (p + q)/2``.

    Symmetric, always finite, between 0 and ``log 2``. Each category's two
    KL terms are computed together in a form that keeps their digits when
    ``p ≈ q`` and does not underflow for subnormal entries (``_js_terms``), so
    a tiny JS is accurate to a few units in the last place; SciPy's
    ``jensenshannon(p, q)**2`` goes through a rounded ``m`` and is only
    accurate to about ``1e-16`` absolute.

    Parameters
    ----------
    p, q : array_like
        1-D probability vectors of the same shape (see :func:`entropy`).

    Returns
    -------
    float
        ``JS(p, q)`` in nats, in ``[0, log 2]``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Notes
    -----
    .. math:: \mathrm{JS}(P, Q) = \tfrac12\mathrm{KL}(P\,\|\,M)
              + \tfrac12\mathrm{KL}(Q\,\|\,M),\quad M = \tfrac12(P + Q)

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0]) == math.log(2)
    True
    """
    p, q = _pair(p, q)
    return min(max(float(np.sum(_js_terms(p, q))), 0.0), _LOG2) + 0.0


@dataclass(frozen=True)
class Comparison:
    """Everything the page shows about two discrete distributions.

    Attributes
    ----------
    p, q : numpy.ndarray
        The probability vectors.
    entropy_p, entropy_q : float
        ``H(P)``, ``H(Q)``.
    cross_entropy_pq, cross_entropy_qp : float
        ``H(P, Q)``, ``H(Q, P)`` (may be ``inf``).
    kl_pq, kl_qp : float
        ``KL(P‖Q)``, ``KL(Q‖P)`` (may be ``inf``).
    js : float
        ``JS(P, Q)``.
    terms_pq, terms_qp : numpy.ndarray
        Per-category terms of the two KL sums (may hold ``inf``).
    """

    p: np.ndarray
    q: np.ndarray
    entropy_p: float
    entropy_q: float
    cross_entropy_pq: float
    cross_entropy_qp: float
    kl_pq: float
    kl_qp: float
    js: float
    terms_pq: np.ndarray
    terms_qp: np.ndarray

    @property
    def infinite_pq(self) -> np.ndarray:
        """Indices where ``p > 0`` and ``q = 0`` (why ``KL(P‖Q)`` is infinite)."""
        return np.flatnonzero(np.isinf(self.terms_pq))

    @property
    def infinite_qp(self) -> np.ndarray:
        """Indices where ``q > 0`` and ``p = 0`` (why ``KL(Q‖P)`` is infinite)."""
        return np.flatnonzero(np.isinf(self.terms_qp))


def compare(p: Any, q: Any) -> Comparison:
    """Entropies, cross-entropies, both KL directions, JS and the KL terms.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not 1-D, is empty, contains ``nan`` or ``±inf``,
        has a negative entry or does not sum to 1 within 1e-6, or if their
        shapes differ.
    TypeError
        If ``p`` or ``q`` is not numeric.

    Examples
    --------
    >>> c = compare([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])
    >>> round(c.kl_pq, 4), c.kl_qp, c.infinite_qp.tolist()
    (0.6931, inf, [2])
    """
    p, q = _pair(p, q)
    return Comparison(
        p=p,
        q=q,
        entropy_p=entropy(p),
        entropy_q=entropy(q),
        cross_entropy_pq=cross_entropy(p, q),
        cross_entropy_qp=cross_entropy(q, p),
        kl_pq=kl_divergence(p, q),
        kl_qp=kl_divergence(q, p),
        js=js_divergence(p, q),
        terms_pq=kl_contributions(p, q),
        terms_qp=kl_contributions(q, p),
    )


# ---------------------------------------------------------------------------
# Two Gaussians: closed form
# ---------------------------------------------------------------------------


def _mu(x: Any, name: str) -> float:
    return float(check_scalar(x, name, min_val=-MAX_ABS_MEAN, max_val=MAX_ABS_MEAN))


def _sigma(x: Any, name: str) -> float:
    check_scalar(x, name, min_val=0, include_boundaries="neither")
    return float(check_scalar(x, name, min_val=MIN_SIGMA, max_val=MAX_SIGMA))


def gaussian_pdf(x: Any, mu: float, sigma: float) -> np.ndarray:
    """Normal density ``exp(-(x-mu)²/(2 sigma²)) / (sigma sqrt(2 pi))``.

    Raises
    ------
    ValueError
        If ``x`` contains ``nan`` or ``±inf``, or a mean is ``nan``, infinite
        or beyond ``±1e6``, or a standard deviation is ``nan``, infinite,
        ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included) or ``x`` is not
        numeric.

    Examples
    --------
    >>> round(float(gaussian_pdf(0.0, 0.0, 1.0)), 6)
    0.398942
    """
    x = check_array(x, "x")
    mu, sigma = _mu(mu, "mu"), _sigma(sigma, "sigma")
    z = (x - mu) / sigma
    return np.exp(-0.5 * z * z - math.log(sigma) - 0.5 * _LOG_2PI)


def gaussian_entropy(sigma: float) -> float:
    r"""Differential entropy of ``N(mu, sigma²)``: ``½ log(2 pi e sigma²)``.

    Raises
    ------
    ValueError
        If a mean is ``nan``, infinite or beyond ``±1e6``, or a standard
        deviation is ``nan``, infinite, ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included).

    Examples
    --------
    >>> round(gaussian_entropy(1.0), 4)
    1.4189
    """
    sigma = _sigma(sigma, "sigma")
    return 0.5 * (_LOG_2PI + 1.0) + math.log(sigma)


def gaussian_kl(mu_p: float, sigma_p: float, mu_q: float, sigma_q: float) -> float:
    r"""``KL(N_p‖N_q) = log(sigma_q/sigma_p) + (sigma_p² + (mu_p-mu_q)²)/(2 sigma_q²) − ½``.

    Parameters
    ----------
    mu_p, sigma_p : float
        Mean and standard deviation of ``P`` (``sigma_p > 0``).
    mu_q, sigma_q : float
        Mean and standard deviation of ``Q`` (``sigma_q > 0``).

    Returns
    -------
    float
        The divergence in nats; ``inf`` if it overflows float64.

    Raises
    ------
    ValueError
        If a mean is ``nan``, infinite or beyond ``±1e6``, or a standard
        deviation is ``nan``, infinite, ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included).

    Notes
    -----
    .. math:: \mathrm{KL}(\mathcal N_p\,\|\,\mathcal N_q)
              = \log\frac{\sigma_q}{\sigma_p}
              + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2} - \frac12

    Written with ``r = sigma_p/sigma_q`` and ``d = (mu_p - mu_q)/sigma_q`` as
    ``½(r² − 1) − log r + ½ d²``, which stays finite where it can.

    Examples
    --------
    >>> gaussian_kl(0, 1, 0, 1)
    0.0
    >>> round(gaussian_kl(0, 1, 1, 2), 4), round(gaussian_kl(1, 2, 0, 1), 4)
    (0.4431, 1.3069)
    """
    mu_p, sigma_p = _mu(mu_p, "mu_p"), _sigma(sigma_p, "sigma_p")
    mu_q, sigma_q = _mu(mu_q, "mu_q"), _sigma(sigma_q, "sigma_q")
    r = sigma_p / sigma_q
    d = (mu_p - mu_q) / sigma_q
    with np.errstate(over="ignore"):
        value = 0.5 * (r * r - 1.0) - math.log(r) + 0.5 * d * d
    return max(float(value), 0.0) + 0.0


def gaussian_kl_grad(
    mu_p: float, sigma_p: float, mu_q: float, sigma_q: float
) -> tuple[float, float]:
    r"""Gradient of :func:`gaussian_kl` with respect to ``(mu_q, sigma_q)``.

    ``d/dmu_q = (mu_q - mu_p)/sigma_q²``,
    ``d/dsigma_q = 1/sigma_q - (sigma_p² + (mu_p - mu_q)²)/sigma_q³``.

    Raises
    ------
    ValueError
        If a mean is ``nan``, infinite or beyond ``±1e6``, or a standard
        deviation is ``nan``, infinite, ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included).

    Examples
    --------
    >>> gaussian_kl_grad(0, 1, 0, 1)
    (0.0, 0.0)
    """
    mu_p, sigma_p = _mu(mu_p, "mu_p"), _sigma(sigma_p, "sigma_p")
    mu_q, sigma_q = _mu(mu_q, "mu_q"), _sigma(sigma_q, "sigma_q")
    d = mu_q - mu_p
    return d / sigma_q**2, 1.0 / sigma_q - (sigma_p**2 + d * d) / sigma_q**3


def gaussian_kl_quad(mu_p: float, sigma_p: float, mu_q: float, sigma_q: float) -> float:
    r"""``KL(N_p‖N_q)`` by numerical integration of ``∫ p log(p/q) dx`` (SciPy ``quad``).

    An independent check of :func:`gaussian_kl`: the integrand is written from
    the two densities, not from the closed form. Integrates over
    ``mu_p ± 40 sigma_p`` in the standardised variable.

    Raises
    ------
    ValueError
        If a mean is ``nan``, infinite or beyond ``±1e6``, or a standard
        deviation is ``nan``, infinite, ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included).

    Examples
    --------
    >>> abs(gaussian_kl_quad(0, 1, 1, 2) - gaussian_kl(0, 1, 1, 2)) < 1e-10
    True
    """
    from scipy import integrate

    mu_p, sigma_p = _mu(mu_p, "mu_p"), _sigma(sigma_p, "sigma_p")
    mu_q, sigma_q = _mu(mu_q, "mu_q"), _sigma(sigma_q, "sigma_q")

    def integrand(z: float) -> float:
        x = mu_p + sigma_p * z
        log_p = -0.5 * z * z - math.log(sigma_p) - 0.5 * _LOG_2PI
        log_q = -0.5 * ((x - mu_q) / sigma_q) ** 2 - math.log(sigma_q) - 0.5 * _LOG_2PI
        return math.exp(log_p) * (log_p - log_q) * sigma_p

    value, _ = integrate.quad(
        integrand, -40.0, 40.0, points=[0.0], limit=200, epsabs=1e-13, epsrel=1e-12
    )
    return float(value)


def gaussian_kl_integrand(
    x: Any, mu_p: float, sigma_p: float, mu_q: float, sigma_q: float
) -> np.ndarray:
    r"""The integrand ``p(x) log(p(x)/q(x))`` of ``KL(N_p‖N_q)`` (its area is the divergence).

    Computed from log densities, so it is finite wherever ``p`` does not
    underflow (and exactly 0 where it does).

    Raises
    ------
    ValueError
        If ``x`` contains ``nan`` or ``±inf``, or a mean is ``nan``, infinite
        or beyond ``±1e6``, or a standard deviation is ``nan``, infinite,
        ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an argument is not a real number (``bool`` included) or ``x`` is not
        numeric.

    Examples
    --------
    >>> gaussian_kl_integrand([0.0], 0, 1, 0, 1).tolist()
    [0.0]
    """
    x = check_array(x, "x")
    mu_p, sigma_p = _mu(mu_p, "mu_p"), _sigma(sigma_p, "sigma_p")
    mu_q, sigma_q = _mu(mu_q, "mu_q"), _sigma(sigma_q, "sigma_q")
    log_p = -0.5 * ((x - mu_p) / sigma_p) ** 2 - math.log(sigma_p) - 0.5 * _LOG_2PI
    log_q = -0.5 * ((x - mu_q) / sigma_q) ** 2 - math.log(sigma_q) - 0.5 * _LOG_2PI
    p = np.exp(log_p)
    return np.where(p > 0, p * (log_p - log_q), 0.0)


# ---------------------------------------------------------------------------
# Gaussian mixtures against one Gaussian
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mixture:
    """A validated mixture (zero-weight components dropped) and its geometry."""

    weights: np.ndarray
    means: np.ndarray
    sigmas: np.ndarray
    #: Points where the two top components' log densities cross (x) and the
    #: width ``1/|d/dx (l_i - l_j)|`` of the bend of ``log p`` there.
    crossings: np.ndarray
    widths: np.ndarray

    def _component(self, x: np.ndarray, k: int) -> np.ndarray:
        z = (x - self.means[k]) / self.sigmas[k]
        return (math.log(self.weights[k]) - math.log(self.sigmas[k]) - 0.5 * _LOG_2PI) - 0.5 * z * z

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        """``log p(x)`` by pairwise log-add-exp (no underflow to ``-inf``)."""
        out = self._component(x, 0)
        for k in range(1, self.weights.size):
            out = np.logaddexp(out, self._component(x, k))
        return out

    def logpdf_and_slope(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``log p(x)`` and ``d/dx log p(x)`` (responsibility-weighted slopes)."""
        log_p = self.logpdf(x)
        slope = np.zeros_like(x)
        for k in range(self.weights.size):
            resp = np.exp(self._component(x, k) - log_p)
            slope -= resp * (x - self.means[k]) / self.sigmas[k] ** 2
        return log_p, slope


def _crossings(w: np.ndarray, m: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where ``log p`` switches its dominant component, and how sharply."""
    # l_k(x) = a_k + b_k x + c_k x²
    a = np.log(w) - np.log(s) - 0.5 * _LOG_2PI - 0.5 * (m / s) ** 2
    b = m / s**2
    c = -0.5 / s**2
    points, widths = [], []
    k = len(w)
    for i in range(k):
        for j in range(i + 1, k):
            da, db, dc = a[i] - a[j], b[i] - b[j], c[i] - c[j]
            scale = max(abs(da), abs(db), abs(dc), 1e-300)
            if abs(dc) > 1e-12 * scale:
                disc = db * db - 4 * dc * da
                if disc < 0:
                    continue
                root = math.sqrt(disc)
                qq = -0.5 * (db + math.copysign(root, db)) if db != 0 else -0.5 * root
                roots = [qq / dc] + ([da / qq] if qq != 0 else [])
            elif abs(db) > 1e-12 * scale:
                roots = [-da / db]
            else:
                continue
            for x in roots:
                if not math.isfinite(x):
                    continue
                li = a + b * x + c * x * x
                if li[i] < li.max() - 1e-6 * (1 + abs(li[i])):
                    continue  # another component dominates there: no bend of log p
                slope = abs(db + 2 * dc * x)
                points.append(x)
                widths.append(1.0 / slope if slope > 0 else float(s.max()))
    order = np.argsort(points)
    return np.asarray(points, float)[order], np.clip(
        np.asarray(widths, float)[order], 1e-9, float(s.max())
    )


def _mixture(weights: Any, means: Any, sigmas: Any) -> _Mixture:
    w = check_probability_vector(weights, "weights")
    if w.size > MAX_COMPONENTS:
        raise ValueError(f"weights.size == {w.size}, must be <= {MAX_COMPONENTS}.")
    m = check_array(means, "means", shape=(w.size,))
    s = check_array(sigmas, "sigmas", shape=(w.size,))
    if (np.abs(m) > MAX_ABS_MEAN).any():
        raise ValueError(
            f"means has an entry {m[np.abs(m).argmax()]:.6g}, must be within ±{MAX_ABS_MEAN:g}."
        )
    if (s <= 0).any():
        raise ValueError(f"sigmas has an entry {s.min():.6g}, must be > 0.")
    if ((s < MIN_SIGMA) | (s > MAX_SIGMA)).any():
        bad = s[(s < MIN_SIGMA) | (s > MAX_SIGMA)][0]
        raise ValueError(
            f"sigmas has an entry {bad:.6g}, must be in [{MIN_SIGMA:g}, {MAX_SIGMA:g}]."
        )
    keep = w > 0
    w, m, s = w[keep], m[keep], s[keep]
    w = w / w.sum()
    points, widths = _crossings(w, m, s)
    return _Mixture(w, m, s, points, widths)


def _q_params(mu: Any, sigma: Any) -> tuple[np.ndarray, np.ndarray, bool]:
    scalar = np.ndim(mu) == 0 and np.ndim(sigma) == 0
    mu = check_array(mu, "mu")
    sigma = check_array(sigma, "sigma")
    if (np.abs(mu) > MAX_ABS_MEAN).any():
        raise ValueError(
            f"mu has an entry {mu.flat[np.abs(mu).argmax()]:.6g}, must be within ±{MAX_ABS_MEAN:g}."
        )
    if (sigma <= 0).any():
        raise ValueError(f"sigma has an entry {sigma.min():.6g}, must be > 0.")
    if ((sigma < MIN_SIGMA) | (sigma > MAX_SIGMA)).any():
        raise ValueError(f"sigma must be in [{MIN_SIGMA:g}, {MAX_SIGMA:g}].")
    try:
        mu, sigma = np.broadcast_arrays(mu, sigma)
    except ValueError as exc:
        raise ValueError(
            f"mu.shape == {mu.shape} and sigma.shape == {sigma.shape} do not broadcast."
        ) from exc
    return mu, sigma, scalar


# Panel layout of the Gauss–Legendre rule: panel ends at multiples of sigma
# around mu, at multiples of the bend width around each crossing, and the
# number of nodes per panel. "fine" is for the values shown and the fits
# (agrees with adaptive quadrature to ~1e-9), "coarse" for heatmaps (~1e-4).
def _rule(zs: tuple[float, ...], us: tuple[float, ...], n: int) -> tuple[np.ndarray, ...]:
    t, gw = np.polynomial.legendre.leggauss(n)
    u = np.array(sorted({*us, *(-v for v in us)}))
    return np.array(zs), u, t, gw


_RULES = {
    "fine": _rule((-10.0, -5.0, -2.5, 0.0, 2.5, 5.0, 10.0), (0.0, 1.0, 4.0, 16.0, 64.0, 256.0), 8),
    "coarse": _rule((-10.0, -4.0, 0.0, 4.0, 10.0), (0.0, 1.0, 6.0, 36.0, 216.0), 6),
}
_SQRT_2PI = math.sqrt(2.0 * math.pi)


def _gauss_nodes(
    mix: _Mixture, mu: np.ndarray, sigma: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray]:
    """Nodes ``x`` and weights ``v`` with ``sum(v g(x)) ≈ E_{N(mu, sigma²)}[g]``.

    Panels cover ``mu ± 10 sigma``; their ends sit at fixed multiples of
    ``sigma`` and, graded geometrically, around each crossing of ``mix``
    (so the sharp bend of ``log p`` there is resolved); each panel gets an
    ``n``-point Gauss–Legendre rule.
    """
    zs, u, t, gw = _RULES[rule]
    mu_ = mu[..., None]
    sigma_ = sigma[..., None]
    ends = mu_ + sigma_ * zs
    if mix.crossings.size:
        around = (mix.crossings[:, None] + mix.widths[:, None] * u).ravel()
        ends = np.concatenate([ends, np.broadcast_to(around, mu.shape + around.shape)], axis=-1)
        ends = np.clip(ends, mu_ - 10.0 * sigma_, mu_ + 10.0 * sigma_)
        ends.sort(axis=-1)
    lo, hi = ends[..., :-1, None], ends[..., 1:, None]
    half = 0.5 * (hi - lo)
    x = (0.5 * (lo + hi) + half * t).reshape(mu.shape + (-1,))
    z = (x - mu_) / sigma_
    v = (half * gw).reshape(x.shape) * np.exp(-0.5 * z * z) / (sigma_ * _SQRT_2PI)
    return x, v


def two_gaussian_mixture(
    separation: float, weight: float, sigma_left: float, sigma_right: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A two-mode mixture centred at 0: means ``∓separation/2``, weights ``(weight, 1 − weight)``.

    Returns
    -------
    weights, means, sigmas : numpy.ndarray
        The mixture in the ``(weights, means, sigmas)`` form every mixture
        function takes.

    Raises
    ------
    ValueError
        If ``separation`` is outside ``[0, 1e6]``, ``weight`` outside
        ``[0, 1]``, or a sigma outside ``[1e-6, 1e6]`` (any of them ``nan`` or
        infinite included).
    TypeError
        If an argument is not a real number (``bool`` included).

    Examples
    --------
    >>> w, m, s = two_gaussian_mixture(4.0, 0.6, 0.5, 0.8)
    >>> w.tolist(), m.tolist(), s.tolist()
    ([0.6, 0.4], [-2.0, 2.0], [0.5, 0.8])
    """
    separation = float(check_scalar(separation, "separation", min_val=0, max_val=MAX_ABS_MEAN))
    weight = float(check_scalar(weight, "weight", min_val=0, max_val=1))
    s1, s2 = _sigma(sigma_left, "sigma_left"), _sigma(sigma_right, "sigma_right")
    return (
        np.array([weight, 1.0 - weight]),
        np.array([-0.5 * separation, 0.5 * separation]),
        np.array([s1, s2]),
    )


def mixture_logpdf(x: Any, weights: Any, means: Any, sigmas: Any) -> np.ndarray:
    """``log p(x)`` with ``p = sum_k w_k N(m_k, s_k²)`` (log-sum-exp, never ``-inf`` by underflow).

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``x`` contains
        ``nan`` or ``±inf``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> float(mixture_logpdf(0.0, [1.0], [0.0], [1.0])) == -0.5 * math.log(2 * math.pi)
    True
    """
    mix = _mixture(weights, means, sigmas)
    return mix.logpdf(check_array(x, "x"))


def mixture_pdf(x: Any, weights: Any, means: Any, sigmas: Any) -> np.ndarray:
    """Mixture density ``p(x) = sum_k w_k N(x; m_k, s_k²)`` on a grid.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``x`` contains
        ``nan`` or ``±inf``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> mixture_pdf([0.0], [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0]).round(4)
    array([0.242])
    """
    return np.exp(mixture_logpdf(x, weights, means, sigmas))


def mixture_moments(weights: Any, means: Any, sigmas: Any) -> tuple[float, float]:
    r"""Mean and standard deviation of the mixture.

    ``mean = sum w_k m_k``, ``var = sum w_k (s_k² + m_k²) − mean²``.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> mixture_moments([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    (0.0, 2.23606797749979)
    """
    mix = _mixture(weights, means, sigmas)
    mean = float((mix.weights * mix.means).sum())
    var = float((mix.weights * (mix.sigmas**2 + (mix.means - mean) ** 2)).sum())
    return mean, math.sqrt(var)


def mixture_entropy(weights: Any, means: Any, sigmas: Any) -> float:
    r"""Differential entropy ``H(P) = -E_P[log p(x)]`` of the mixture (numerical).

    Computed as ``-sum_k w_k E_{N_k}[log p]`` with the graded Gauss–Legendre
    rule (no closed form exists for a mixture).

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> round(mixture_entropy([1.0], [0.0], [1.0]), 6) == round(gaussian_entropy(1.0), 6)
    True
    """
    return _entropy(_mixture(weights, means, sigmas))


def _entropy(mix: _Mixture) -> float:
    x, v = _gauss_nodes(mix, mix.means, mix.sigmas, "fine")
    return float(-(mix.weights * (v * mix.logpdf(x)).sum(axis=-1)).sum())


def _moments(mix: _Mixture) -> tuple[float, float]:
    mean = float((mix.weights * mix.means).sum())
    var = float((mix.weights * (mix.sigmas**2 + (mix.means - mean) ** 2)).sum())
    return mean, var


def _forward(mix: _Mixture, mu: np.ndarray, sigma: np.ndarray, h_p: float) -> np.ndarray:
    mean, var = _moments(mix)
    with np.errstate(over="ignore"):
        value = -h_p + 0.5 * _LOG_2PI + np.log(sigma) + (var + (mean - mu) ** 2) / (2.0 * sigma**2)
    return np.maximum(value, 0.0)


def mixture_forward_kl(weights: Any, means: Any, sigmas: Any, mu: Any, sigma: Any) -> Any:
    r"""``KL(P‖Q)`` for a mixture ``P`` and ``Q = N(mu, sigma²)`` (mode-covering direction).

    ``KL(P‖Q) = -H(P) + ½ log(2 pi sigma²) + (var_P + (mean_P − mu)²)/(2 sigma²)``:
    only ``H(P)`` needs a numerical integral; the rest is exact, because
    ``log q`` is quadratic. ``mu`` and ``sigma`` broadcast.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar ``mu`` and ``sigma``.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` or ``sigma``
        contains ``nan`` or ``±inf``, ``|mu| > 1e6``, ``sigma`` is outside
        ``[1e-6, 1e6]``, or their shapes do not broadcast.
    TypeError
        If an array argument is not numeric.

    Notes
    -----
    .. math:: \mathrm{KL}(P\,\|\,Q) = -H(P) + \tfrac12\log(2\pi\sigma^2)
              + \frac{\mathrm{Var}_P + (\mathbb E_P[x] - \mu)^2}{2\sigma^2}

    Examples
    --------
    >>> kl = mixture_forward_kl([1.0], [0.0], [1.0], 1.0, 2.0)
    >>> round(kl, 6) == round(gaussian_kl(0, 1, 1, 2), 6)
    True
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma, scalar = _q_params(mu, sigma)
    value = _forward(mix, mu, sigma, _entropy(mix))
    return float(value) if scalar else value


def mixture_forward_kl_grad(
    weights: Any, means: Any, sigmas: Any, mu: Any, sigma: Any
) -> tuple[Any, Any]:
    r"""Gradient of :func:`mixture_forward_kl` in ``(mu, sigma)``.

    ``d/dmu = (mu − mean_P)/sigma²``, ``d/dsigma = 1/sigma − (var_P + (mean_P − mu)²)/sigma³``;
    zero exactly at the moment match.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` or ``sigma``
        contains ``nan`` or ``±inf``, ``|mu| > 1e6``, ``sigma`` is outside
        ``[1e-6, 1e6]``, or their shapes do not broadcast.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> mixture_forward_kl_grad([0.5, 0.5], [-1.0, 1.0], [1.0, 1.0], 0.0, math.sqrt(2))
    (0.0, 0.0)
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma, scalar = _q_params(mu, sigma)
    mean, var = _moments(mix)
    d_mu = (mu - mean) / sigma**2
    d_sigma = 1.0 / sigma - (var + (mean - mu) ** 2) / sigma**3
    d_sigma = np.where(np.abs(d_sigma) < 1e-14 / sigma, 0.0, d_sigma)
    if scalar:
        return float(d_mu), float(d_sigma)
    return d_mu, d_sigma


def _reverse(mix: _Mixture, mu: np.ndarray, sigma: np.ndarray, rule: str = "fine") -> np.ndarray:
    x, v = _gauss_nodes(mix, mu, sigma, rule)
    e_log_p = (v * mix.logpdf(x)).sum(axis=-1)
    value = -(0.5 * (_LOG_2PI + 1.0) + np.log(sigma)) - e_log_p
    return np.maximum(value, 0.0)


def _reverse_grad(
    mix: _Mixture, mu: np.ndarray, sigma: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, v = _gauss_nodes(mix, mu, sigma, "fine")
    log_p, slope = mix.logpdf_and_slope(x)
    value = -(0.5 * (_LOG_2PI + 1.0) + np.log(sigma)) - (v * log_p).sum(axis=-1)
    z = (x - mu[..., None]) / sigma[..., None]
    d_mu = -(v * slope).sum(axis=-1)
    d_sigma = -1.0 / sigma - (v * slope * z).sum(axis=-1)
    return value, d_mu, d_sigma


def mixture_reverse_kl(weights: Any, means: Any, sigmas: Any, mu: Any, sigma: Any) -> Any:
    r"""``KL(Q‖P)`` for ``Q = N(mu, sigma²)`` and a mixture ``P`` (mode-seeking direction).

    ``KL(Q‖P) = -½ log(2 pi e sigma²) − E_Q[log p(x)]``; the expectation is a
    graded Gauss–Legendre sum over ``mu ± 10 sigma``. ``mu`` and ``sigma``
    broadcast.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` or ``sigma``
        contains ``nan`` or ``±inf``, ``|mu| > 1e6``, ``sigma`` is outside
        ``[1e-6, 1e6]``, or their shapes do not broadcast.
    TypeError
        If an array argument is not numeric.

    Notes
    -----
    .. math:: \mathrm{KL}(Q\,\|\,P) = -H(Q) - \mathbb E_{x\sim Q}[\log p(x)]

    Examples
    --------
    >>> kl = mixture_reverse_kl([1.0], [0.0], [1.0], 1.0, 2.0)
    >>> round(kl, 6) == round(gaussian_kl(1, 2, 0, 1), 6)
    True
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma, scalar = _q_params(mu, sigma)
    value = _reverse(mix, mu, sigma)
    return float(value) if scalar else value


def mixture_reverse_kl_grad(
    weights: Any, means: Any, sigmas: Any, mu: Any, sigma: Any
) -> tuple[Any, Any]:
    r"""Gradient of :func:`mixture_reverse_kl` in ``(mu, sigma)``.

    With ``x = mu + sigma z``: ``d/dmu = -E_Q[(log p)'(x)]`` and
    ``d/dsigma = -1/sigma − E_Q[(log p)'(x) z]`` (the reparameterisation trick
    of variational inference, integrated exactly instead of sampled).

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` or ``sigma``
        contains ``nan`` or ``±inf``, ``|mu| > 1e6``, ``sigma`` is outside
        ``[1e-6, 1e6]``, or their shapes do not broadcast.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    For ``P = N(0, 1)`` the closed form ``KL(Q‖P) = -log sigma + (sigma² + mu²)/2 − ½``
    has gradient ``(mu, sigma − 1/sigma)``:

    >>> [round(v, 6) for v in mixture_reverse_kl_grad([1.0], [0.0], [1.0], 1.0, 2.0)]
    [1.0, 1.5]
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma, scalar = _q_params(mu, sigma)
    _, d_mu, d_sigma = _reverse_grad(mix, mu, sigma)
    if scalar:
        return float(d_mu), float(d_sigma)
    return d_mu, d_sigma


def reverse_kl_grad_check(
    weights: Any, means: Any, sigmas: Any, mu: float, sigma: float, *, step: float = 1e-5
) -> tuple[np.ndarray, np.ndarray]:
    """The gradient of ``KL(Q‖P)`` at ``(mu, sigma)``: analytic and by central differences.

    Returns
    -------
    analytic, numeric : numpy.ndarray
        ``(d/dmu, d/dsigma)`` from :func:`mixture_reverse_kl_grad` and from
        ``(f(θ + h) − f(θ − h)) / 2h`` with ``h = step · max(1, |θ|)``.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` is ``nan``,
        infinite or beyond ``±1e6``, ``sigma`` is ``nan``, infinite, ``<= 0``
        or outside ``[1e-6, 1e6]``, or ``step`` is outside ``[1e-10, 1e-2]``.
    TypeError
        If an array argument is not numeric, or ``mu``, ``sigma`` or ``step``
        is not a real number.

    Examples
    --------
    >>> a, n = reverse_kl_grad_check([0.5, 0.5], [-2.0, 2.0], [0.6, 0.6], 1.0, 1.0)
    >>> bool(np.allclose(a, n, rtol=1e-5))
    True
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma = _mu(mu, "mu"), _sigma(sigma, "sigma")
    step = float(check_scalar(step, "step", min_val=1e-10, max_val=1e-2))
    _, d_mu, d_sigma = _reverse_grad(mix, np.asarray(mu), np.asarray(sigma))
    h_mu, h_sigma = step * max(1.0, abs(mu)), step * sigma
    f = lambda m, s: float(_reverse(mix, np.asarray(m), np.asarray(s)))  # noqa: E731
    numeric = np.array(
        [
            (f(mu + h_mu, sigma) - f(mu - h_mu, sigma)) / (2 * h_mu),
            (f(mu, sigma + h_sigma) - f(mu, sigma - h_sigma)) / (2 * h_sigma),
        ]
    )
    return np.array([float(d_mu), float(d_sigma)]), numeric


def mixture_kl_quad(
    weights: Any, means: Any, sigmas: Any, mu: float, sigma: float, *, direction: str = "forward"
) -> float:
    r"""``KL(P‖Q)`` (``direction="forward"``) or ``KL(Q‖P)`` (``"reverse"``) by SciPy ``quad``.

    The reference for :func:`mixture_forward_kl` and
    :func:`mixture_reverse_kl`: adaptive quadrature of ``∫ a log(a/b) dx`` over
    ``±12`` standard deviations of the integrating density, with break points
    at the component means and the crossings.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` is ``nan``,
        infinite or beyond ``±1e6``, ``sigma`` is ``nan``, infinite, ``<= 0``
        or outside ``[1e-6, 1e6]``, or ``direction`` is not ``"forward"`` or
        ``"reverse"``.
    TypeError
        If an array argument is not numeric, or ``mu`` or ``sigma`` is not a
        real number.

    Examples
    --------
    >>> w, m, s = [0.5, 0.5], [-2.0, 2.0], [0.5, 0.5]
    >>> abs(mixture_kl_quad(w, m, s, 0.0, 1.0, direction="reverse")
    ...     - mixture_reverse_kl(w, m, s, 0.0, 1.0)) < 1e-8
    True
    """
    from scipy import integrate

    mix = _mixture(weights, means, sigmas)
    mu, sigma = _mu(mu, "mu"), _sigma(sigma, "sigma")
    check_choice(direction, "direction", ("forward", "reverse"))

    def log_q(x: float) -> float:
        return -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma) - 0.5 * _LOG_2PI

    def log_p(x: float) -> float:
        return float(mix.logpdf(np.asarray(x)))

    if direction == "forward":
        pieces = [(m - 12 * s, m + 12 * s) for m, s in zip(mix.means, mix.sigmas, strict=True)]
        lo, hi = min(a for a, _ in pieces), max(b for _, b in pieces)

        def integrand(x: float) -> float:
            lp = log_p(x)
            return math.exp(lp) * (lp - log_q(x))
    else:
        lo, hi = mu - 12 * sigma, mu + 12 * sigma

        def integrand(x: float) -> float:
            lq = log_q(x)
            return math.exp(lq) * (lq - log_p(x))

    points = sorted({float(v) for v in (*mix.means, *mix.crossings, mu) if lo < v < hi})
    value, _ = integrate.quad(
        integrand, lo, hi, points=points or None, limit=1000, epsabs=1e-12, epsrel=1e-11
    )
    return float(value)


def kl_landscape(
    weights: Any, means: Any, sigmas: Any, mus: Any, sigmas_q: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Both KL directions on a ``(sigma, mu)`` grid of single Gaussians ``Q``.

    Parameters
    ----------
    weights, means, sigmas : array_like
        The mixture ``P``.
    mus, sigmas_q : array_like
        1-D grids of ``mu`` (columns) and ``sigma`` (rows), at most 200 each.

    Returns
    -------
    forward, reverse : numpy.ndarray
        ``KL(P‖Q)`` and ``KL(Q‖P)``, shape ``(len(sigmas_q), len(mus))``.
        The reverse direction uses a lighter rule (~1e-4 relative) than
        :func:`mixture_reverse_kl`.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mus`` or
        ``sigmas_q`` is not 1-D, is empty, has more than 2000 entries or
        contains ``nan`` or ``±inf``, a ``mus`` entry is beyond ``±1e6`` or a
        ``sigmas_q`` entry is outside ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> f, r = kl_landscape([1.0], [0.0], [1.0], [0.0, 1.0], [1.0, 2.0])
    >>> f.shape, float(f[0, 0]) == 0.0
    ((2, 2), True)
    """
    mix = _mixture(weights, means, sigmas)
    mus = check_array(mus, "mus", ndim=1, min_size=1, max_size=2000)
    sigmas_q = check_array(sigmas_q, "sigmas_q", ndim=1, min_size=1, max_size=2000)
    mu, sigma, _ = _q_params(mus[None, :], sigmas_q[:, None])
    forward = _forward(mix, mu, sigma, _entropy(mix))
    reverse = _reverse(mix, mu, sigma, "coarse")
    return forward, reverse


def fit_gaussian_forward_kl(weights: Any, means: Any, sigmas: Any) -> tuple[float, float]:
    r"""``argmin_{mu, sigma} KL(P‖N(mu, sigma²))``: the mixture's mean and standard deviation.

    Setting the gradient of :func:`mixture_forward_kl` to zero gives moment
    matching, so the fit spreads over every mode (mode-covering).

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> fit_gaussian_forward_kl([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
    (0.0, 2.23606797749979)
    """
    return mixture_moments(weights, means, sigmas)


def _optimise(mix: _Mixture, mu0: float, sigma0: float, max_iter: int) -> list[tuple[float, float]]:
    """BFGS on ``(mu, log sigma)`` from a start; the iterates, start first."""
    from scipy import optimize

    path = [(mu0, sigma0)]
    lo, hi = math.log(1e-4), math.log(1e4)

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        # Clamped so that a wild line-search trial stays finite.
        mu = min(max(float(theta[0]), -MAX_ABS_MEAN), MAX_ABS_MEAN)
        sigma = math.exp(min(max(float(theta[1]), lo), hi))
        value, d_mu, d_sigma = _reverse_grad(mix, np.asarray(mu), np.asarray(sigma))
        return float(value), np.array([float(d_mu), float(d_sigma) * sigma])

    def record(xk: np.ndarray) -> None:
        path.append((float(xk[0]), math.exp(float(xk[1]))))

    result = optimize.minimize(
        fun,
        np.array([mu0, math.log(sigma0)]),
        jac=True,
        method="BFGS",
        callback=record,
        options={"maxiter": max_iter, "gtol": 1e-9},
    )
    end = (
        min(max(float(result.x[0]), -MAX_ABS_MEAN), MAX_ABS_MEAN),
        math.exp(min(max(float(result.x[1]), lo), hi)),
    )
    if path[-1] != end:
        path.append(end)
    return path


def reverse_kl_path(
    weights: Any, means: Any, sigmas: Any, *, init_mu: float, init_sigma: float, max_iter: int = 200
) -> np.ndarray:
    r"""The iterates of minimising ``KL(Q‖P)`` over ``Q = N(mu, sigma²)`` from a start.

    BFGS on ``(mu, log sigma)`` with the exact gradient
    (:func:`mixture_reverse_kl_grad`); deterministic. Which local minimum it
    reaches depends on the start: for separated modes, the mode whose basin
    holds the start (for a symmetric mixture, the nearer mode; a wider
    component's basin reaches further into the gap). A start on the axis of a
    symmetric mixture stays on it and can end at the wide "covering" local
    minimum that exists when the modes are not too far apart.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 2)``: rows ``(mu, sigma)``, the start first, the fit last.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``init_mu`` is
        ``nan``, infinite or beyond ``±1e6``, ``init_sigma`` is outside
        ``[1e-4, 1e4]`` (``nan`` and ``inf`` included), or ``max_iter`` is
        outside ``[1, 10000]``.
    TypeError
        If an array argument is not numeric, ``init_mu`` or ``init_sigma`` is
        not a real number, or ``max_iter`` not an integer.

    Examples
    --------
    >>> path = reverse_kl_path([0.5, 0.5], [-3.0, 3.0], [0.5, 0.5], init_mu=1.0, init_sigma=1.0)
    >>> path[0].tolist(), path[-1].round(3).tolist()
    ([1.0, 1.0], [3.0, 0.5])
    """
    mix = _mixture(weights, means, sigmas)
    mu0 = _mu(init_mu, "init_mu")
    sigma0 = float(check_scalar(init_sigma, "init_sigma", min_val=1e-4, max_val=1e4))
    max_iter = int(
        check_scalar(max_iter, "max_iter", target_type=numbers.Integral, min_val=1, max_val=10_000)
    )
    return np.asarray(_optimise(mix, mu0, sigma0, max_iter), dtype=float)


def fit_gaussian_reverse_kl(
    weights: Any, means: Any, sigmas: Any, *, init_mu: float, init_sigma: float
) -> tuple[float, float]:
    r"""A local minimiser of ``KL(N(mu, sigma²)‖P)`` reached from ``(init_mu, init_sigma)``.

    Reverse KL punishes ``Q`` for putting mass where ``p`` is small, so for
    separated modes the fit sits on one mode (mode-seeking) — the one whose
    basin holds the start. See :func:`reverse_kl_path` for the method.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``init_mu`` is
        ``nan``, infinite or beyond ``±1e6``, or ``init_sigma`` is outside
        ``[1e-4, 1e4]`` (``nan`` and ``inf`` included).
    TypeError
        If an array argument is not numeric, or ``init_mu`` or ``init_sigma``
        is not a real number.

    Examples
    --------
    >>> mu, sigma = fit_gaussian_reverse_kl([0.5, 0.5], [-3.0, 3.0], [0.5, 0.5],
    ...                                     init_mu=-1.0, init_sigma=1.0)
    >>> round(mu, 3), round(sigma, 3)
    (-3.0, 0.5)
    """
    mu, sigma = reverse_kl_path(weights, means, sigmas, init_mu=init_mu, init_sigma=init_sigma)[-1]
    return float(mu), float(sigma)


def reverse_kl_minima(weights: Any, means: Any, sigmas: Any) -> np.ndarray:
    """The local minima of ``KL(Q‖P)`` reached from each component and from the moment match.

    Starting on each component finds the one-mode fits; starting from the
    forward-KL fit finds the wide "covering" minimum that exists when the
    modes are close enough.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, 3)``: rows ``(mu, sigma, KL(Q‖P))``, lowest divergence
        (the global minimum among them) first; duplicates merged.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric.

    Examples
    --------
    >>> minima = reverse_kl_minima([0.7, 0.3], [-3.0, 3.0], [0.5, 0.5])
    >>> minima[:, 0].round(2).tolist()
    [-3.0, 3.0]
    """
    mix = _mixture(weights, means, sigmas)
    mean, var = _moments(mix)
    starts = [*zip(mix.means.tolist(), mix.sigmas.tolist(), strict=True), (mean, math.sqrt(var))]
    found: list[tuple[float, float, float]] = []
    for m, s in starts:
        mu, sigma = _optimise(mix, m, s, 200)[-1]
        if any(
            abs(mu - a) < 1e-3 * max(sigma, b) and abs(math.log(sigma / b)) < 1e-3
            for a, b, _ in found
        ):
            continue
        found.append((mu, sigma, float(_reverse(mix, np.asarray(mu), np.asarray(sigma)))))
    found.sort(key=lambda row: row[2])
    return np.asarray(found, dtype=float)


def plot_range(
    weights: Any, means: Any, sigmas: Any, mu: float, sigma: float, *, limit: float = 60.0
) -> tuple[float, float]:
    """An x-range showing the mixture (±4 sd per component) and ``Q`` (±3.5 sd), within ``±limit``.

    Raises
    ------
    ValueError
        If ``weights`` is not a 1-D probability vector (empty, ``nan``,
        ``±inf``, a negative entry, a sum off 1 by more than 1e-6) or has more
        than ``MAX_COMPONENTS`` (1000) entries; ``means`` or ``sigmas`` does
        not have the shape of ``weights`` or contains ``nan`` or ``±inf``; a
        mean is beyond ``±MAX_ABS_MEAN`` (1e6); a sigma is outside
        ``[MIN_SIGMA, MAX_SIGMA]`` = ``[1e-6, 1e6]``; or if ``mu`` is ``nan``,
        infinite or beyond ``±1e6``, or ``sigma`` is ``nan``, infinite,
        ``<= 0`` or outside ``[1e-6, 1e6]``.
    TypeError
        If an array argument is not numeric, or ``mu`` or ``sigma`` is not a
        real number.

    Examples
    --------
    >>> plot_range([1.0], [0.0], [1.0], 0.0, 1.0)
    (-4.0, 4.0)
    """
    mix = _mixture(weights, means, sigmas)
    mu, sigma = _mu(mu, "mu"), _sigma(sigma, "sigma")
    lo = min(float((mix.means - 4 * mix.sigmas).min()), mu - 3.5 * sigma)
    hi = max(float((mix.means + 4 * mix.sigmas).max()), mu + 3.5 * sigma)
    return max(lo, -limit), min(hi, limit)


# ---------------------------------------------------------------------------
# Reproduce in Python
# ---------------------------------------------------------------------------


def _floats(values: Any) -> str:
    return "[" + ", ".join(repr(float(v)) for v in np.asarray(values, dtype=float).ravel()) + "]"


def snippet(
    *,
    p_weights: Any = None,
    q_weights: Any = None,
    mixture: tuple[float, float, float, float] | None = None,
    q: tuple[float, float] | None = None,
    gaussians: tuple[float, float, float, float] | None = None,
) -> str:
    """Python code that recomputes the page's numbers with this module.

    Parameters
    ----------
    p_weights, q_weights : array_like, optional
        Raw weights of the discrete ``P`` and ``Q`` (normalised in the code).
    mixture : tuple, optional
        ``(separation, weight, sigma_left, sigma_right)`` of the two-mode ``P``.
    q : tuple, optional
        ``(mu, sigma)`` of the Gaussian ``Q`` (also the reverse fit's start).
    gaussians : tuple, optional
        ``(mu_p, sigma_p, mu_q, sigma_q)`` for the closed form.

    Returns
    -------
    str
        Code that runs at the repository root; it defines the variables it
        prints (``kl_pq``, ``kl_qp``, ``forward_fit``, ``reverse_fit``, ``kl_closed`` ...).

    Raises
    ------
    ValueError
        If ``mixture`` (with ``q``) does not hold 4 numbers or ``q`` 2, or a
        given value cannot be converted to ``float``. Nothing else is checked
        here (not even the length of ``gaussians``): the snippet's own calls
        check their arguments when it runs.
    TypeError
        If a given value is not a number or a sequence of numbers.

    Examples
    --------
    >>> print(snippet(gaussians=(0.0, 1.0, 1.0, 2.0)))
    from playground import divergence as dv
    <BLANKLINE>
    # Two Gaussians: closed form vs numerical integral
    kl_closed = dv.gaussian_kl(0.0, 1.0, 1.0, 2.0)
    kl_numeric = dv.gaussian_kl_quad(0.0, 1.0, 1.0, 2.0)
    print("KL(N_p || N_q) =", kl_closed, "numeric:", kl_numeric)
    """
    lines = ["from playground import divergence as dv"]
    if p_weights is not None and q_weights is not None:
        lines += [
            "",
            "# Discrete P and Q (raw weights, normalised to sum to 1)",
            f"p = dv.normalize({_floats(p_weights)})",
            f"q = dv.normalize({_floats(q_weights)})",
            "kl_pq, kl_qp = dv.kl_divergence(p, q), dv.kl_divergence(q, p)",
            "h_p, h_pq = dv.entropy(p), dv.cross_entropy(p, q)",
            'print("KL(P||Q) =", kl_pq, " KL(Q||P) =", kl_qp, " JS =", dv.js_divergence(p, q))',
            'print("H(P) + KL(P||Q) =", h_p + kl_pq, "= H(P,Q) =", h_pq)',
        ]
    if mixture is not None and q is not None:
        sep, weight, s1, s2 = (float(v) for v in mixture)
        mu, sigma = (float(v) for v in q)
        lines += [
            "",
            "# Two-mode mixture P and one Gaussian Q = N(mu, sigma^2)",
            f"mix = dv.two_gaussian_mixture({sep!r}, {weight!r}, {s1!r}, {s2!r})",
            f"mu, sigma = {mu!r}, {sigma!r}",
            "forward = dv.mixture_forward_kl(*mix, mu, sigma)   # KL(P||Q)",
            "reverse = dv.mixture_reverse_kl(*mix, mu, sigma)   # KL(Q||P)",
            "forward_fit = dv.fit_gaussian_forward_kl(*mix)     # mode-covering: moments of P",
            "# mode-seeking:",
            "reverse_fit = dv.fit_gaussian_reverse_kl(*mix, init_mu=mu, init_sigma=sigma)",
            'print("KL(P||Q) =", forward, " KL(Q||P) =", reverse)',
            'print("forward fit (mu, sigma):", forward_fit, " reverse fit:", reverse_fit)',
        ]
    if gaussians is not None:
        args = ", ".join(repr(float(v)) for v in gaussians)
        lines += [
            "",
            "# Two Gaussians: closed form vs numerical integral",
            f"kl_closed = dv.gaussian_kl({args})",
            f"kl_numeric = dv.gaussian_kl_quad({args})",
            'print("KL(N_p || N_q) =", kl_closed, "numeric:", kl_numeric)',
        ]
    return "\n".join(lines)
