r"""Activation functions and their derivatives: the one home for every network page.

Each function ``f`` sits next to its derivative ``f'`` (as in a small autograd
engine), with PyTorch's definitions and default parameters, so a value can be
checked against ``torch.nn.functional`` one to one:

- ``sigmoid``: σ(u) = 1 / (1 + e^(−u)); σ' = σ(1 − σ), at most 1/4.
- ``tanh``: tanh u; 1 − tanh² u.
- ``relu``: max(u, 0); 1 for u > 0, 0 for u < 0.
- ``leaky_relu``: u for u ≥ 0, a·u below (a = ``negative_slope`` = 0.01); 1 or a.
- ``elu``: u for u > 0, α(e^u − 1) below (α = 1); 1 or α e^u.
- ``gelu``: u Φ(u), the exact form with erf; Φ(u) + u φ(u).
- ``gelu_tanh``: ½u(1 + tanh(√(2/π)(u + 0.044715 u³))); its exact derivative.
- ``softplus``: (1/β) log(1 + e^(βu)) (β = 1); σ(βu).
- ``silu`` (swish): u σ(u); σ(u)(1 + u(1 − σ(u))).

At the kink of ReLU and leaky ReLU (u exactly 0) the derivative is a choice:
``relu_at_zero`` in [0, 1] picks it between the left and the right slope
(``a + relu_at_zero·(1 − a)``); 0 is PyTorch's choice (0 for ReLU, ``a`` for
leaky ReLU). Like PyTorch, ``softplus`` returns u itself where βu > 20.

Everything is stable for |u| up to 1e6 and beyond: the sigmoid goes through
``scipy.special.expit``, softplus through ``logaddexp``, ELU through
``expm1``, and no formula forms e^u for a large positive u, so no overflow
warning is ever raised.

Examples
--------
>>> activation([-2.0, 0.0, 3.0], "relu")
array([0., 0., 3.])
>>> float(activation_grad(0.0, "sigmoid"))
0.25
>>> float(activation_grad(0.0, "relu", relu_at_zero=1.0))
1.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy.special import expit, ndtr

from playground._validation import check_array, check_choice, check_int, check_scalar

__all__ = [
    "DEFAULTS",
    "fast_activation",
    "flat_regions",
    "NAMES",
    "SATURATING",
    "activation",
    "activation_grad",
    "grad_from_output",
    "max_derivative",
    "peak_derivative",
]

#: Every activation :func:`activation` knows, in display order.
NAMES: tuple[str, ...] = (
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "gelu",
    "gelu_tanh",
    "softplus",
    "silu",
)

#: PyTorch's default parameters of the parametrised activations.
DEFAULTS: Mapping[str, Mapping[str, float]] = {
    "leaky_relu": {"negative_slope": 0.01},
    "elu": {"alpha": 1.0},
    "softplus": {"beta": 1.0, "threshold": 20.0},
}

#: Activations whose derivative tends to 0 on both sides (they "saturate").
SATURATING: tuple[str, ...] = ("sigmoid", "tanh")

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _params(name: str, params: Mapping[str, float]) -> dict[str, float]:
    """The activation's parameters: PyTorch's defaults, overridden and checked."""
    allowed = DEFAULTS.get(name, {})
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        known = ", ".join(allowed) or "none"
        raise TypeError(f"{name} got unexpected parameter(s) {unknown}; it accepts {known}.")
    out = dict(allowed)
    for key, value in params.items():
        if key == "negative_slope":
            out[key] = float(check_scalar(value, key, min_val=-1e6, max_val=1e6))
        elif key == "threshold":
            out[key] = float(check_scalar(value, key, min_val=0.0, max_val=1e6))
        else:  # alpha, beta
            out[key] = float(check_scalar(value, key, min_val=1e-6, max_val=1e6))
    return out


def _input(u) -> np.ndarray:
    return check_array(u, "u", allow_inf=True)


def _limits(name: str, p: Mapping[str, float], grad: bool) -> tuple[float, float]:
    """(value at −∞, value at +∞) of f or f' (the limits, so ±inf inputs are exact)."""
    if grad:
        left = p.get("negative_slope", 0.0) if name == "leaky_relu" else 0.0
        right = 0.0 if name in SATURATING else 1.0
        return left, right
    right = 1.0 if name in SATURATING else math.inf
    left = {"tanh": -1.0, "elu": -p.get("alpha", 1.0)}.get(name, 0.0)
    if name == "leaky_relu":
        slope = p["negative_slope"]
        left = 0.0 if slope == 0 else -math.copysign(math.inf, slope)
    return left, right


def _finish(u: np.ndarray, out: np.ndarray, name: str, p: Mapping[str, float], grad: bool):
    """Put the exact limits where the input is ±inf."""
    if u.size and not np.isfinite(u).all():
        out = np.array(out, dtype=float, copy=True)
        left, right = _limits(name, p, grad)
        out[u == -np.inf] = left
        out[u == np.inf] = right
    return out


def activation(u, name: str, **params: float) -> np.ndarray:
    """f(u) for the activation ``name`` (see the module table), element-wise.

    Parameters
    ----------
    u : array_like
        Pre-activations (any shape; a scalar gives a 0-d array). ±inf gives the
        limit of f there (σ(−∞) = 0, ReLU(∞) = ∞, GELU(−∞) = 0 ...).
    name : str
        One of :data:`NAMES`.
    **params : float
        ``negative_slope`` (leaky ReLU, default 0.01), ``alpha`` (ELU, 1.0),
        ``beta`` and ``threshold`` (softplus, 1.0 and 20.0).

    Returns
    -------
    numpy.ndarray
        f(u), same shape as ``u``.

    Raises
    ------
    ValueError
        If ``name`` is unknown, ``u`` contains NaN, or a parameter is out of
        range (``alpha``, ``beta`` must be > 0, ``threshold`` >= 0).
    TypeError
        If a parameter does not belong to the activation.

    Examples
    --------
    >>> activation([-1.0, 1.0], "leaky_relu")
    array([-0.01,  1.  ])
    >>> activation([-1e6, 1e6], "softplus")
    array([      0., 1000000.])
    """
    check_choice(name, "name", NAMES)
    p = _params(name, params)
    u = _input(u)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _value(u, name, p)
    return _finish(u, out, name, p, grad=False)


def _value(u: np.ndarray, name: str, p: Mapping[str, float]) -> np.ndarray:
    if name == "sigmoid":
        return expit(u)
    if name == "tanh":
        return np.tanh(u)
    if name == "relu":
        return np.maximum(u, 0.0)
    if name == "leaky_relu":
        return np.where(u >= 0, u, p["negative_slope"] * u)
    if name == "elu":
        return np.where(u > 0, u, p["alpha"] * np.expm1(np.minimum(u, 0.0)))
    if name == "gelu":
        return u * ndtr(u)
    if name == "gelu_tanh":
        uc = np.clip(u, -100.0, 100.0)  # tanh is exactly ±1 long before |u| = 100
        inner = _SQRT_2_OVER_PI * (uc + _GELU_C * uc**3)
        return 0.5 * u * (1.0 + np.tanh(inner))
    if name == "softplus":
        bu = p["beta"] * u
        return np.where(bu > p["threshold"], u, np.logaddexp(0.0, bu) / p["beta"])
    # silu
    return u * expit(u)


def activation_grad(u, name: str, *, relu_at_zero: float = 0.0, **params: float) -> np.ndarray:
    """f'(u) for the activation ``name`` (see the module table), element-wise.

    Parameters
    ----------
    u : array_like
        Pre-activations; ±inf gives the limit of f' there.
    name : str
        One of :data:`NAMES`.
    relu_at_zero : float in [0, 1], default 0
        The derivative chosen at the kink u = 0 of ReLU and leaky ReLU, as a
        position between the left slope (0) and the right slope (1); 0 is
        PyTorch's choice. Ignored by smooth activations.
    **params : float
        As in :func:`activation`.

    Returns
    -------
    numpy.ndarray
        f'(u), same shape as ``u``.

    Raises
    ------
    ValueError
        As :func:`activation`, and if ``relu_at_zero`` is outside [0, 1].
    TypeError
        If a parameter does not belong to the activation.

    Notes
    -----
    The derivatives of the smooth activations:

    .. math::
        \\sigma'(u) = \\sigma(u)(1-\\sigma(u)),\\quad
        \tanh'(u) = 1-\tanh^2 u,\\quad
        \\mathrm{GELU}'(u) = \\Phi(u) + u\\,\varphi(u),\\quad
        \\mathrm{SiLU}'(u) = \\sigma(u)\\,(1 + u(1-\\sigma(u))).

    Examples
    --------
    >>> activation_grad([-1.0, 0.0, 1.0], "relu")
    array([0., 0., 1.])
    >>> activation_grad([-1.0, 0.0, 1.0], "leaky_relu", relu_at_zero=0.5)
    array([0.01 , 0.505, 1.   ])
    >>> round(float(activation_grad(0.0, "gelu")), 6)
    0.5
    """
    check_choice(name, "name", NAMES)
    p = _params(name, params)
    at_zero = float(check_scalar(relu_at_zero, "relu_at_zero", min_val=0.0, max_val=1.0))
    u = _input(u)
    with np.errstate(over="ignore", invalid="ignore"):
        out = _derivative(u, name, p, at_zero)
    return _finish(u, out, name, p, grad=True)


def _derivative(u: np.ndarray, name: str, p: Mapping[str, float], at_zero: float) -> np.ndarray:
    if name == "sigmoid":
        s = expit(u)
        return s * (1.0 - s)
    if name == "tanh":
        t = np.tanh(u)
        return 1.0 - t * t
    if name in ("relu", "leaky_relu"):
        slope = 0.0 if name == "relu" else p["negative_slope"]
        kink = slope + at_zero * (1.0 - slope)
        return np.where(u > 0, 1.0, np.where(u < 0, slope, kink))
    if name == "elu":
        return np.where(u > 0, 1.0, p["alpha"] * np.exp(np.minimum(u, 0.0)))
    if name == "gelu":
        uc = np.clip(u, -60.0, 60.0)  # u·φ(u) is exactly 0 in float64 beyond |u| ≈ 39
        return ndtr(u) + uc * _INV_SQRT_2PI * np.exp(-0.5 * uc * uc)
    if name == "gelu_tanh":
        uc = np.clip(u, -100.0, 100.0)  # 1 − tanh² is exactly 0 long before |u| = 100
        inner = _SQRT_2_OVER_PI * (uc + _GELU_C * uc**3)
        t = np.tanh(inner)
        d_inner = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_C * uc * uc)
        return 0.5 * (1.0 + t) + 0.5 * uc * (1.0 - t * t) * d_inner
    if name == "softplus":
        bu = p["beta"] * u
        return np.where(bu > p["threshold"], 1.0, expit(bu))
    # silu
    s = expit(u)
    return s * (1.0 + u * (1.0 - s))


def grad_from_output(a, name: str) -> np.ndarray:
    """f' written with the output a = f(u), for sigmoid, tanh and ReLU.

    Backpropagation keeps the activations, not the pre-activations:
    σ' = a(1 − a), tanh' = 1 − a², ReLU' = 1[a > 0].

    Raises
    ------
    ValueError
        If ``name`` is not one of ``sigmoid``, ``tanh``, ``relu``.

    Examples
    --------
    >>> grad_from_output([0.5, 0.9], "sigmoid")
    array([0.25, 0.09])
    """
    check_choice(name, "name", ("sigmoid", "tanh", "relu"))
    a = np.asarray(a, dtype=float) if not isinstance(a, np.ndarray) else a
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    return (a > 0).astype(a.dtype)


def max_derivative(name: str, **params: float) -> float:
    """sup over u of f'(u): the most one layer can multiply a gradient by.

    Sigmoid 1/4 (at u = 0), tanh, ReLU and softplus 1; leaky ReLU
    max(1, |a|); ELU max(1, α); GELU ≈ 1.1289 (at u = √2); SiLU ≈ 1.0998
    (at u ≈ 2.3994). A product of ``depth`` such factors bounds how much the
    activations alone can grow a gradient (a depth-10 sigmoid net: 4⁻¹⁰ ≈ 1e-6).

    Raises
    ------
    ValueError, TypeError
        As :func:`activation`.

    Examples
    --------
    >>> max_derivative("sigmoid")
    0.25
    >>> round(max_derivative("gelu"), 4)
    1.1289
    """
    check_choice(name, "name", NAMES)
    p = _params(name, params)
    if name == "sigmoid":
        return 0.25
    if name in ("tanh", "relu", "softplus"):
        return 1.0
    if name == "leaky_relu":
        return max(1.0, abs(p["negative_slope"]))
    if name == "elu":
        return max(1.0, p["alpha"])
    return _interior_peak(name)[1]


def _interior_peak(name: str) -> tuple[float, float]:
    """(u*, f'(u*)) for GELU, GELU (tanh) and SiLU: a dense grid, then a golden search."""
    grid = np.linspace(0.0, 6.0, 6001)
    values = activation_grad(grid, name)
    u0 = float(grid[int(np.argmax(values))])
    lo, hi = u0 - 1e-3, u0 + 1e-3
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if float(activation_grad(a, name)) > float(activation_grad(b, name)):
            hi = b
        else:
            lo = a
    u_star = 0.5 * (lo + hi)
    return u_star, float(activation_grad(u_star, name))


def peak_derivative(name: str) -> tuple[float, float] | None:
    """Where f' reaches its maximum, as (u*, f'(u*)), or None when it has no single peak.

    Sigmoid and tanh peak at u = 0 (1/4 and 1), GELU at u = √2 (≈ 1.1289), GELU
    (tanh) close to it, SiLU at u ≈ 2.3994 (≈ 1.0998). ReLU, leaky ReLU and ELU
    reach their maximum slope on a whole half-line and softplus only as u → ∞:
    None. PyTorch's default parameters.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`NAMES`.

    Examples
    --------
    >>> peak_derivative("sigmoid")
    (0.0, 0.25)
    >>> u, d = peak_derivative("gelu")
    >>> round(u, 4), round(d, 4)
    (1.4142, 1.1289)
    >>> peak_derivative("relu") is None
    True
    """
    check_choice(name, "name", NAMES)
    if name in ("sigmoid", "tanh"):
        return 0.0, max_derivative(name)
    if name in ("gelu", "gelu_tanh", "silu"):
        return _interior_peak(name)
    return None


def flat_regions(
    name: str, lo: float, hi: float, *, fraction: float = 0.1, points: int = 2001
) -> list[tuple[float, float]]:
    """Intervals of [lo, hi] where |f'(u)| < fraction · max f': where f "saturates".

    A gradient passing through such a unit is multiplied by less than
    ``fraction`` of the activation's best slope. Sigmoid: |u| > 3.63 (for the
    default 10 %); tanh: |u| > 1.82; ReLU: u < 0 (its "dead" side, f' = 0);
    ELU: u < ln 0.1. Found on a grid of ``points`` values, so each boundary
    is a grid point, exact to (hi − lo)/(points − 1) (a kink on the grid, such
    as ReLU's at 0 in [−2, 2], exactly). PyTorch's default parameters.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`.
    lo, hi : float
        The range looked at, lo < hi, both finite.
    fraction : float in (0, 1), default 0.1
    points : int in [3, 1_000_001], default 2001

    Returns
    -------
    list of (float, float)
        Disjoint intervals from left to right (empty when f' never gets that low).

    Raises
    ------
    ValueError
        If ``name`` is unknown, ``lo >= hi``, a bound is not finite, or
        ``fraction`` or ``points`` is out of range.

    Examples
    --------
    >>> [(round(a, 2), round(b, 2)) for a, b in flat_regions("tanh", -6, 6)]
    [(-6.0, -1.82), (1.82, 6.0)]
    >>> flat_regions("relu", -2, 2)
    [(-2.0, 0.0)]
    """
    check_choice(name, "name", NAMES)
    lo = float(check_scalar(lo, "lo"))
    hi = float(check_scalar(hi, "hi"))
    if not lo < hi:
        raise ValueError(f"hi == {hi}, must be > lo ({lo}).")
    fraction = float(
        check_scalar(fraction, "fraction", min_val=0.0, max_val=1.0, include_boundaries="neither")
    )
    points = check_int(points, "points", min_val=3, max_val=1_000_001)
    grid = np.linspace(lo, hi, points)
    # Each cell between two grid points is judged at its midpoint, so a kink
    # at a grid point (ReLU at 0) is a boundary exactly.
    middle = 0.5 * (grid[:-1] + grid[1:])
    flat = np.abs(activation_grad(middle, name)) < fraction * max_derivative(name)
    padded = np.concatenate([[False], flat, [False]])
    starts = np.flatnonzero(~padded[:-1] & padded[1:])
    stops = np.flatnonzero(padded[:-1] & ~padded[1:])
    out = [(float(grid[a]), float(grid[b])) for a, b in zip(starts, stops, strict=True)]
    return out


def fast_activation(u: np.ndarray, name: str) -> np.ndarray:
    """f(u) for sigmoid, tanh or ReLU on a trusted float array, without checks.

    For inner loops over large arrays (a deep MLP's forward pass). The sigmoid
    is computed as ½·tanh(u/2) + ½: NumPy's SIMD tanh is about 8x faster than
    ``expit``, equal to it within 1 ulp, and exactly 0 or 1 beyond |u| ≈ 37,
    where the derivative is below 1e-16 anyway.

    Examples
    --------
    >>> fast_activation(np.array([0.0, 2.0]), "sigmoid").round(4)
    array([0.5   , 0.8808])
    """
    if name == "sigmoid":
        a = np.multiply(u, 0.5)
        np.tanh(a, out=a)
        a *= 0.5
        a += 0.5
        return a
    if name == "tanh":
        return np.tanh(u)
    if name == "relu":
        return np.maximum(u, 0.0)
    raise ValueError(f"name == {name!r}, must be one of 'sigmoid', 'tanh', 'relu'.")
