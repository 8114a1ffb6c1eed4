"""Loss landscapes in two dimensions: convex bowls, saddles and local minima.

Every surface ``f(x, y)`` comes with its analytic gradient and Hessian, side by
side, vectorised over arrays (``x`` and ``y`` broadcast together)::

    >>> s = get_landscape("saddle")
    >>> float(s.f(1.0, 2.0)), s.grad(1.0, 2.0).tolist()
    (-3.0, [2.0, -4.0])
    >>> classify_critical_point(s.hessian(0.0, 0.0))
    'saddle'

A :class:`Landscape` also knows a plotting window, its critical points (each
classified from the Hessian's eigenvalues), the global minimum value when
there is one, and a suggested start point and learning rates for a race of
optimisers (:mod:`playground.optimizers`).

Surfaces (``NAMES``)
--------------------
``convex_quadratic``
    ``½ pᵀ A p`` with ``A = R(θ) diag(1, κ) R(θ)ᵀ``: condition number ``κ``,
    rotation ``θ`` (degrees). One basin; ``L = κ`` is the largest curvature.
``saddle``
    ``x² − y²``: a minimum along x, a maximum along y.
``monkey_saddle``
    ``x³ − 3xy²``: three valleys meet at a degenerate critical point (zero
    Hessian), where the second-derivative test says nothing.
``rosenbrock``
    ``(1 − x)² + b(y − x²)²`` (``b = 100``): a curved, flat-bottomed valley.
``himmelblau``
    ``(x² + y − 11)² + (x + y² − 7)²``: four global minima, four saddles and a
    maximum.
``rastrigin``
    ``2A + Σᵢ (xᵢ² − A cos 2πxᵢ)`` (``A = 10``): a bowl covered in local minima.
``two_well``
    ``(x² − 1)² + a·x + y²`` (tilt ``a = 0.3``): a global minimum on the left,
    a local one on the right, a saddle between them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from playground._validation import check_array, check_choice, check_int, check_scalar

__all__ = [
    "KINDS",
    "NAMES",
    "PARAMS",
    "CriticalPoint",
    "Landscape",
    "ParamSpec",
    "classify_critical_point",
    "convexity_segment",
    "get_landscape",
    "hessian_eigen",
    "min_curvature",
    "numerical_gradient",
    "numerical_hessian",
    "surface_grid",
]

#: Outcomes of the second-derivative test.
KINDS = ("minimum", "maximum", "saddle", "degenerate")

#: Largest grid side :meth:`Landscape.grid` accepts (4000² evaluations, a memory limit).
MAX_GRID = 4000


# --------------------------------------------------------------------------
# Second-derivative test
# --------------------------------------------------------------------------


def hessian_eigen(hessian: Any) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and unit eigenvectors (columns) of a Hessian.

    ``H v = λ v``; the Hessian is symmetrised first, ``(H + Hᵀ)/2``, so that
    round-off never produces complex eigenvalues.

    Parameters
    ----------
    hessian : array_like, shape (n, n) or (..., n, n)
        One or a stack of square, finite matrices.

    Returns
    -------
    eigenvalues : numpy.ndarray, shape (..., n)
    eigenvectors : numpy.ndarray, shape (..., n, n)
        Column ``i`` belongs to ``eigenvalues[..., i]``.

    Examples
    --------
    >>> w, v = hessian_eigen([[2.0, 0.0], [0.0, -2.0]])
    >>> w.tolist()
    [-2.0, 2.0]
    """
    h = check_array(hessian, "hessian", min_size=1)
    if h.ndim < 2 or h.shape[-1] != h.shape[-2]:
        raise ValueError(f"hessian.shape == {h.shape}, must be (..., n, n).")
    sym = 0.5 * (h + np.swapaxes(h, -1, -2))
    return np.linalg.eigh(sym)


def classify_critical_point(hessian: Any, *, tol: float = 1e-8) -> str:
    """Second-derivative test: "minimum", "maximum", "saddle" or "degenerate".

    At a critical point (zero gradient) the eigenvalues ``λᵢ`` of the Hessian
    decide: all ``λᵢ > 0`` is a minimum, all ``λᵢ < 0`` a maximum, some
    positive and some negative a saddle. Otherwise some ``λᵢ = 0`` and the
    test is inconclusive ("degenerate"): the monkey saddle ``x³ − 3xy²`` and
    the minimum of ``x⁴ + y²`` both have a singular Hessian at 0.

    Parameters
    ----------
    hessian : array_like, shape (n, n)
        The (symmetric) Hessian at the point.
    tol : float, default 1e-8
        An eigenvalue with ``|λ| <= tol · max(1, max|λ|)`` counts as zero.

    Returns
    -------
    str
        One of :data:`KINDS`.

    Notes
    -----
    With eigenvalues :math:`\\lambda_1 \\le \\dots \\le \\lambda_n` of
    :math:`H = \\nabla^2 f(x^*)`, the quadratic model
    :math:`f(x^* + d) \\approx f(x^*) + \\tfrac12 d^\\top H d` curves up along
    eigenvectors with :math:`\\lambda_i > 0` and down along those with
    :math:`\\lambda_i < 0`. One of each already makes a saddle, whatever the
    zero eigenvalues do.

    Examples
    --------
    >>> classify_critical_point([[2.0, 0.0], [0.0, 200.0]])
    'minimum'
    >>> classify_critical_point([[2.0, 0.0], [0.0, -2.0]])
    'saddle'
    >>> classify_critical_point([[0.0, 0.0], [0.0, 0.0]])
    'degenerate'
    """
    tol = check_scalar(tol, "tol", min_val=0.0)
    h = check_array(hessian, "hessian", ndim=2, min_size=1)
    eigenvalues, _ = hessian_eigen(h)
    scale = max(1.0, float(np.abs(eigenvalues).max()))
    positive = eigenvalues > tol * scale
    negative = eigenvalues < -tol * scale
    if positive.any() and negative.any():
        return "saddle"
    if positive.all():
        return "minimum"
    if negative.all():
        return "maximum"
    return "degenerate"


# --------------------------------------------------------------------------
# The surfaces: f, its gradient and its Hessian side by side
# --------------------------------------------------------------------------


def _quadratic_matrix(condition, angle):
    """Entries ``(a11, a12, a22)`` of ``A = R(θ) diag(1, κ) R(θ)ᵀ``."""
    th = math.radians(angle)
    c, s = math.cos(th), math.sin(th)
    return c * c + s * s * condition, c * s * (1.0 - condition), s * s + c * c * condition


# Each surface: f, then its gradient (gx, gy), then its Hessian (hxx, hxy, hyy).
# Plain arithmetic (no ``**``), so the same code runs on Python floats (fast,
# one optimiser step at a time) and on NumPy arrays (grids, paths).


def _quadratic_f(x, y, condition, angle):
    a11, a12, a22 = _quadratic_matrix(condition, angle)
    return 0.5 * (a11 * x * x + 2 * a12 * x * y + a22 * y * y)


def _quadratic_grad(x, y, condition, angle):
    a11, a12, a22 = _quadratic_matrix(condition, angle)
    return a11 * x + a12 * y, a12 * x + a22 * y


def _quadratic_hess(x, y, condition, angle):
    return _quadratic_matrix(condition, angle)


def _saddle_f(x, y):
    return x * x - y * y


def _saddle_grad(x, y):
    return 2 * x, -2 * y


def _saddle_hess(x, y):
    return 2.0, 0.0, -2.0


def _monkey_f(x, y):
    return x * x * x - 3 * x * y * y


def _monkey_grad(x, y):
    return 3 * x * x - 3 * y * y, -6 * x * y


def _monkey_hess(x, y):
    return 6 * x, -6 * y, -6 * x


def _rosenbrock_f(x, y, b):
    r = y - x * x
    return (1 - x) * (1 - x) + b * r * r


def _rosenbrock_grad(x, y, b):
    r = y - x * x
    return -2 * (1 - x) - 4 * b * x * r, 2 * b * r


def _rosenbrock_hess(x, y, b):
    return 2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x, 2.0 * b


def _himmelblau_f(x, y):
    u, v = x * x + y - 11, x + y * y - 7
    return u * u + v * v


def _himmelblau_grad(x, y):
    u, v = x * x + y - 11, x + y * y - 7
    return 4 * x * u + 2 * v, 2 * u + 4 * y * v


def _himmelblau_hess(x, y):
    return 12 * x * x + 4 * y - 42, 4 * (x + y), 12 * y * y + 4 * x - 26


_TWO_PI = 2 * math.pi


def _rastrigin_f(x, y, amplitude):
    return (
        2 * amplitude
        + x * x
        - amplitude * np.cos(_TWO_PI * x)
        + y * y
        - amplitude * np.cos(_TWO_PI * y)
    )


def _rastrigin_grad(x, y, amplitude):
    return (
        2 * x + _TWO_PI * amplitude * np.sin(_TWO_PI * x),
        2 * y + _TWO_PI * amplitude * np.sin(_TWO_PI * y),
    )


def _rastrigin_hess(x, y, amplitude):
    k = _TWO_PI * _TWO_PI * amplitude
    return 2 + k * np.cos(_TWO_PI * x), 0.0, 2 + k * np.cos(_TWO_PI * y)


def _two_well_f(x, y, tilt):
    r = x * x - 1
    return r * r + tilt * x + y * y


def _two_well_grad(x, y, tilt):
    return 4 * x * (x * x - 1) + tilt, 2 * y


def _two_well_hess(x, y, tilt):
    return 12 * x * x - 4, 0.0, 2.0


# --------------------------------------------------------------------------
# Parameters, metadata and the public object
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    """A surface parameter: default, allowed range, slider step, log scale."""

    name: str
    default: float
    min_val: float
    max_val: float
    step: float = 0.1
    log: bool = False


#: Parameters of each surface, in display order.
PARAMS: Mapping[str, tuple[ParamSpec, ...]] = {
    "two_well": (ParamSpec("tilt", 0.3, 0.0, 0.7, 0.05),),
    "convex_quadratic": (
        ParamSpec("condition", 10.0, 1.0, 100.0, log=True),
        ParamSpec("angle", 30.0, -90.0, 90.0, 5.0),
    ),
    "saddle": (),
    "monkey_saddle": (),
    "rosenbrock": (ParamSpec("b", 100.0, 1.0, 1000.0, log=True),),
    "himmelblau": (),
    "rastrigin": (ParamSpec("amplitude", 10.0, 0.0, 20.0, 0.5),),
}

#: Surface names, in display order.
NAMES: tuple[str, ...] = tuple(PARAMS)

_FUNCS: Mapping[str, tuple[Callable, Callable, Callable]] = {
    "convex_quadratic": (_quadratic_f, _quadratic_grad, _quadratic_hess),
    "saddle": (_saddle_f, _saddle_grad, _saddle_hess),
    "monkey_saddle": (_monkey_f, _monkey_grad, _monkey_hess),
    "rosenbrock": (_rosenbrock_f, _rosenbrock_grad, _rosenbrock_hess),
    "himmelblau": (_himmelblau_f, _himmelblau_grad, _himmelblau_hess),
    "rastrigin": (_rastrigin_f, _rastrigin_grad, _rastrigin_hess),
    "two_well": (_two_well_f, _two_well_grad, _two_well_hess),
}

# window (x0, x1, y0, y1), suggested start, lr for GD-type and adaptive
# optimisers, steps (default 150), log-scaled colours, unbounded below.
_META: Mapping[str, dict[str, Any]] = {
    "two_well": dict(window=(-2.0, 2.0, -1.5, 1.5), start=(1.9, 1.2), lr=0.02, lr_adaptive=0.05),
    "convex_quadratic": dict(
        window=(-3.0, 3.0, -3.0, 3.0), start=(-2.5, 1.5), lr=0.1, lr_adaptive=0.1
    ),
    "saddle": dict(
        window=(-2.0, 2.0, -2.0, 2.0), start=(1.8, 0.02), lr=0.05, lr_adaptive=0.05, unbounded=True
    ),
    "monkey_saddle": dict(
        window=(-1.5, 1.5, -1.5, 1.5), start=(0.9, 0.2), lr=0.02, lr_adaptive=0.02, unbounded=True
    ),
    "rosenbrock": dict(
        window=(-2.0, 2.0, -1.0, 3.0),
        start=(-1.5, 2.5),
        lr=0.001,
        lr_adaptive=0.05,
        log=True,
        steps=400,
    ),
    "himmelblau": dict(
        window=(-5.0, 5.0, -5.0, 5.0), start=(-0.3, -0.9), lr=0.01, lr_adaptive=0.1, log=True
    ),
    "rastrigin": dict(window=(-3.0, 3.0, -3.0, 3.0), start=(2.3, 1.8), lr=0.002, lr_adaptive=0.1),
}

# Starting guesses for the critical points that need Newton's method.
_HIMMELBLAU_GUESSES = (
    (3.0, 2.0),
    (-2.805, 3.131),
    (-3.779, -3.283),
    (3.584, -1.848),
    (-0.271, -0.923),
    (0.087, 2.884),
    (-3.073, -0.081),
    (3.385, 0.074),
    (-0.128, -1.954),
)


@dataclass(frozen=True)
class CriticalPoint:
    """A point with zero gradient, classified by its Hessian.

    Attributes
    ----------
    x, y : float
        Location.
    value : float
        ``f(x, y)``.
    kind : str
        One of :data:`KINDS` (second-derivative test).
    role : str
        ``"global"`` or ``"local"`` for minima, ``""`` otherwise.
    eigenvalues : tuple of float
        Hessian eigenvalues, ascending.
    """

    x: float
    y: float
    value: float
    kind: str
    role: str
    eigenvalues: tuple[float, float]


@dataclass(frozen=True, eq=False)
class Landscape:
    """A 2-D test surface: ``f``, ``grad`` and ``hessian`` plus metadata.

    Create with :func:`get_landscape`. All three functions are analytic and
    vectorised: ``x`` and ``y`` broadcast together, ``grad`` returns shape
    ``(2, *shape)`` and ``hessian`` shape ``(2, 2, *shape)``.

    Attributes
    ----------
    name : str
        One of :data:`NAMES`.
    params : dict
        The surface parameters actually used.
    window : tuple of float
        Suggested plotting window ``(x_min, x_max, y_min, y_max)``.
    critical_points : tuple of CriticalPoint
        The known critical points (all of them for every surface but
        Rastrigin, where the ones nearest the origin are listed).
    f_min : float or None
        The global minimum value; ``None`` if ``f`` is unbounded below.
    log_scale : bool
        Whether the values span so many decades that colours should be
        log-scaled (Rosenbrock, Himmelblau).
    start : tuple of float
        Suggested start for a race of optimisers.
    lr, lr_adaptive : float
        Suggested learning rates for GD-type and adaptive optimisers.
    steps : int
        Suggested number of steps.
    """

    name: str
    params: dict[str, float]
    window: tuple[float, float, float, float]
    critical_points: tuple[CriticalPoint, ...]
    f_min: float | None
    log_scale: bool
    start: tuple[float, float]
    lr: float
    lr_adaptive: float
    steps: int
    _funcs: tuple[Callable, Callable, Callable] = field(repr=False)

    def f(self, x: Any, y: Any) -> np.ndarray:
        """The surface value ``f(x, y)``, elementwise over broadcast arrays."""
        x, y = _xy(x, y)
        shape = np.broadcast(x, y).shape
        return np.broadcast_to(np.asarray(self._funcs[0](x, y, **self.params), float), shape).copy()

    def grad(self, x: Any, y: Any) -> np.ndarray:
        """Analytic gradient ``[∂f/∂x, ∂f/∂y]``, shape ``(2, *shape)``."""
        x, y = _xy(x, y)
        shape = np.broadcast(x, y).shape
        gx, gy = self._funcs[1](x, y, **self.params)
        return np.stack([np.broadcast_to(np.asarray(g, float), shape) for g in (gx, gy)])

    def hessian(self, x: Any, y: Any) -> np.ndarray:
        """Analytic Hessian ``[[f_xx, f_xy], [f_yx, f_yy]]``, shape ``(2, 2, *shape)``."""
        x, y = _xy(x, y)
        shape = np.broadcast(x, y).shape
        hxx, hxy, hyy = (
            np.broadcast_to(np.asarray(h, float), shape)
            for h in self._funcs[2](x, y, **self.params)
        )
        return np.stack([np.stack([hxx, hxy]), np.stack([hxy, hyy])])

    def value_at(self, point: Any) -> float:
        """``f`` at one point given as a length-2 sequence (no validation; fast)."""
        return float(self._funcs[0](float(point[0]), float(point[1]), **self.params))

    def grad_at(self, point: Any) -> np.ndarray:
        """Gradient at one point, shape ``(2,)``: the ``grad_fn`` optimisers take.

        No validation (it is called once per optimiser step); a non-finite
        point gives a non-finite gradient, which the optimiser treats as
        divergence.
        """
        return np.array(self.grad_xy(point[0], point[1]), dtype=float)

    def grad_xy(self, x: float, y: float) -> tuple[float, float]:
        """Gradient at one point as two Python floats (no validation; fastest)."""
        gx, gy = self._funcs[1](float(x), float(y), **self.params)
        return float(gx), float(gy)

    def grid(self, n: int = 80, window: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Evaluate ``f`` on an ``n × n`` grid over ``window`` (default: :attr:`window`).

        Returns
        -------
        xs, ys : numpy.ndarray, shape (n,)
        z : numpy.ndarray, shape (n, n)
            ``z[i, j] = f(xs[j], ys[i])`` (rows follow y, as Plotly expects).
        """
        n = check_int(n, "n", min_val=2, max_val=MAX_GRID)
        x0, x1, y0, y1 = self.window if window is None else _check_window(window)
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        return xs, ys, self.f(xs[None, :], ys[:, None])

    def view(self, *points: Any, margin: float = 0.08) -> tuple[float, float, float, float]:
        """The plotting window, grown to contain ``points`` (with a margin).

        Examples
        --------
        >>> get_landscape("saddle").view((3.0, 0.0))
        (-2.0, 3.32, -2.0, 2.0)
        """
        x0, x1, y0, y1 = self.window
        for p in points:
            px, py = check_array(p, "point", shape=(2,))
            pad_x, pad_y = margin * (x1 - x0), margin * (y1 - y0)
            if not x0 <= px <= x1:
                x0, x1 = min(x0, px - pad_x), max(x1, px + pad_x)
            if not y0 <= py <= y1:
                y0, y1 = min(y0, py - pad_y), max(y1, py + pad_y)
        return tuple(round(float(v), 6) for v in (x0, x1, y0, y1))  # type: ignore[return-value]

    @property
    def suggestions(self) -> dict[str, float]:
        """Suggested page settings: start ``x0, y0``, ``steps``, learning rates
        ``lr`` (GD-type) and ``lra`` (adaptive), convexity segment ``ax … by``."""
        (ax, ay), (bx, by) = self.segment
        return {
            "x0": self.start[0],
            "y0": self.start[1],
            "steps": self.steps,
            "lr": self.lr,
            "lra": self.lr_adaptive,
            "ax": ax,
            "ay": ay,
            "bx": bx,
            "by": by,
        }

    @property
    def segment(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """A default segment ``(a, b)`` for the convexity check, across the window."""
        x0, x1, y0, y1 = self.window
        return (
            (x0 + 0.2 * (x1 - x0), y0 + 0.3 * (y1 - y0)),
            (x0 + 0.8 * (x1 - x0), y0 + 0.7 * (y1 - y0)),
        )

    @property
    def lipschitz(self) -> float | None:
        """Largest Hessian eigenvalue ``L`` of the convex quadratic (else ``None``).

        Gradient descent on it converges iff ``0 < lr < 2 / L``.
        """
        if self.name != "convex_quadratic":
            return None
        return float(max(1.0, self.params["condition"]))


def _xy(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    xa = check_array(x, "x")
    ya = check_array(y, "y")
    try:
        np.broadcast(xa, ya)
    except ValueError as exc:
        raise ValueError(
            f"x.shape == {xa.shape} and y.shape == {ya.shape}, must broadcast together."
        ) from exc
    return xa, ya


def _check_window(window: Any) -> tuple[float, float, float, float]:
    w = check_array(window, "window", shape=(4,))
    if not (w[0] < w[1] and w[2] < w[3]):
        raise ValueError(
            f"window == {tuple(w.tolist())}, must satisfy x_min < x_max, y_min < y_max."
        )
    return tuple(float(v) for v in w)  # type: ignore[return-value]


def _newton(grad: Callable, hess: Callable, guess: tuple[float, float]) -> np.ndarray | None:
    """Refine a critical point with Newton's method on the gradient."""
    p = np.array(guess, dtype=float)
    for _ in range(50):
        g = grad(p[0], p[1]).reshape(2)
        h = hess(p[0], p[1]).reshape(2, 2)
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            return None
        p = p - step
        if np.linalg.norm(step) < 1e-14 * max(1.0, np.linalg.norm(p)):
            break
    return p if np.linalg.norm(grad(p[0], p[1])) < 1e-9 else None


def _critical_guesses(name: str, params: Mapping[str, float]) -> list[tuple[float, float]]:
    if name in ("convex_quadratic", "saddle", "monkey_saddle"):
        return [(0.0, 0.0)]
    if name == "rosenbrock":
        return [(1.0, 1.0)]
    if name == "himmelblau":
        return list(_HIMMELBLAU_GUESSES)
    if name == "two_well":
        roots = np.roots([4.0, 0.0, -4.0, params["tilt"]])
        return [(float(r.real), 0.0) for r in roots if abs(r.imag) < 1e-12]
    # Rastrigin: the minima nearest the origin sit close to the integer
    # points (the cosine wells); list the 3 x 3 block around the origin.
    return [(float(a), float(b)) for a in (-1, 0, 1) for b in (-1, 0, 1)]


@lru_cache(maxsize=64)
def _critical_points(name: str, items: tuple[tuple[str, float], ...]) -> tuple[CriticalPoint, ...]:
    params = dict(items)
    f, grad, hess = _FUNCS[name]

    def g(x, y):
        return np.array(grad(x, y, **params), dtype=float)

    def h(x, y):
        hxx, hxy, hyy = hess(x, y, **params)
        return np.array([[hxx, hxy], [hxy, hyy]], dtype=float)

    found: list[np.ndarray] = []
    for guess in _critical_guesses(name, params):
        p = np.array(guess) if name in ("saddle", "monkey_saddle") else _newton(g, h, guess)
        if p is None or any(np.allclose(p, q, atol=1e-7) for q in found):
            continue
        found.append(p)
    points = []
    values = [float(f(float(p[0]), float(p[1]), **params)) for p in found]
    minima = [
        v
        for p, v in zip(found, values, strict=True)
        if classify_critical_point(h(p[0], p[1]).reshape(2, 2)) == "minimum"
    ]
    best = min(minima) if minima else None
    for p, v in zip(found, values, strict=True):
        hp = h(p[0], p[1]).reshape(2, 2)
        kind = classify_critical_point(hp)
        role = ""
        if kind == "minimum":
            role = (
                "global" if best is not None and v <= best + 1e-9 * max(1.0, abs(best)) else "local"
            )
        eig = tuple(float(e) for e in hessian_eigen(hp)[0])
        points.append(CriticalPoint(float(p[0]) + 0.0, float(p[1]) + 0.0, v + 0.0, kind, role, eig))
    order = {"minimum": 0, "saddle": 1, "degenerate": 2, "maximum": 3}
    points.sort(key=lambda c: (order[c.kind], c.role != "global", c.value, c.x, c.y))
    return tuple(points)


def get_landscape(name: str, **params: float) -> Landscape:
    """Build one of the test surfaces by name, e.g. ``get_landscape("rosenbrock", b=100)``.

    Parameters
    ----------
    name : str
        One of :data:`NAMES`.
    **params : float
        The surface's parameters (see :data:`PARAMS`); omitted ones take
        their defaults, unknown ones raise :class:`TypeError`.

    Returns
    -------
    Landscape

    Raises
    ------
    ValueError
        Unknown name or a parameter out of range.
    TypeError
        A parameter the surface does not have, or not a real number.

    Examples
    --------
    >>> r = get_landscape("rosenbrock")
    >>> float(r.f(1.0, 1.0)), r.grad(0.0, 0.0).tolist()
    (0.0, [-2.0, 0.0])
    >>> [(c.x, c.y, c.kind, c.role) for c in r.critical_points]
    [(1.0, 1.0, 'minimum', 'global')]
    >>> get_landscape("convex_quadratic", condition=10).lipschitz
    10.0
    """
    name = check_choice(name, "name", NAMES)
    specs = {s.name: s for s in PARAMS[name]}
    unknown = sorted(set(params) - set(specs))
    if unknown:
        allowed = ", ".join(specs) or "none"
        raise TypeError(
            f"{name} got unexpected parameter(s) {', '.join(unknown)}; allowed: {allowed}."
        )
    values: dict[str, float] = {}
    for pname, spec in specs.items():
        raw = params.get(pname, spec.default)
        values[pname] = float(
            check_scalar(
                raw, pname, target_type=numbers.Real, min_val=spec.min_val, max_val=spec.max_val
            )
        )
    meta = _META[name]
    crit = _critical_points(name, tuple(sorted(values.items())))
    minima = [c.value for c in crit if c.kind == "minimum"]
    f_min = None if meta.get("unbounded") else (min(minima) if minima else None)
    return Landscape(
        name=name,
        params=values,
        window=meta["window"],
        critical_points=crit,
        f_min=f_min,
        log_scale=bool(meta.get("log", False)),
        start=meta["start"],
        lr=meta["lr"],
        lr_adaptive=meta["lr_adaptive"],
        steps=int(meta.get("steps", 150)),
        _funcs=_FUNCS[name],
    )


def surface_grid(
    name: str, params: Any = (), n: int = 80, window: Any = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``get_landscape(name, **params).grid(n, window)``, from plain (cacheable) arguments.

    ``params`` is a mapping or a sequence of ``(name, value)`` pairs.

    Examples
    --------
    >>> xs, ys, z = surface_grid("saddle", n=3, window=(-1, 1, -1, 1))
    >>> z.tolist()
    [[0.0, -1.0, 0.0], [1.0, 0.0, 1.0], [0.0, -1.0, 0.0]]
    """
    return get_landscape(name, **dict(params)).grid(n, window)


# --------------------------------------------------------------------------
# Numerical references and convexity
# --------------------------------------------------------------------------


def numerical_gradient(
    fn: Callable[[float, float], Any], point: Any, h: float = 1e-6
) -> np.ndarray:
    """Central finite differences: ``g_i ≈ (f(p + h eᵢ) − f(p − h eᵢ)) / 2h``.

    ``h`` is scaled by ``max(1, |p_i|)``. Works for vector-valued ``fn``
    too (each output differentiated), which gives the Hessian from the
    gradient (:func:`numerical_hessian`).

    Parameters
    ----------
    fn : callable
        ``fn(x, y)`` returning a scalar or an array.
    point : array_like, shape (2,)
        Where to differentiate.
    h : float, default 1e-6
        Relative step.

    Returns
    -------
    numpy.ndarray
        Shape ``(2, *out_shape)``: derivative along x, then along y.

    Examples
    --------
    >>> numerical_gradient(lambda x, y: x * x + 3 * y, [1.0, 2.0]).round(6).tolist()
    [2.0, 3.0]
    """
    p = check_array(point, "point", shape=(2,))
    h = check_scalar(h, "h", min_val=0.0, max_val=1.0, include_boundaries="right")
    out = []
    for i in range(2):
        step = h * max(1.0, abs(p[i]))
        up, down = p.copy(), p.copy()
        up[i] += step
        down[i] -= step
        out.append(
            (np.asarray(fn(*up), dtype=float) - np.asarray(fn(*down), dtype=float))
            / (up[i] - down[i])
        )
    return np.stack(out)


def numerical_hessian(landscape: Landscape, point: Any, h: float = 1e-5) -> np.ndarray:
    """Hessian by central differences of the analytic gradient, shape (2, 2).

    Examples
    --------
    >>> numerical_hessian(get_landscape("saddle"), [0.3, 0.4]).round(6).tolist()
    [[2.0, 0.0], [0.0, -2.0]]
    """
    return numerical_gradient(landscape.grad, point, h)


def convexity_segment(
    landscape: Landscape, a: Any, b: Any, n: int = 101
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """``f`` along the segment from ``b`` to ``a`` against the chord.

    Convexity means ``f(λa + (1−λ)b) ≤ λ f(a) + (1−λ) f(b)`` for every
    ``λ ∈ [0, 1]`` and every pair ``a, b``. One pair can only disprove it.

    Parameters
    ----------
    landscape : Landscape
    a, b : array_like, shape (2,)
        End points (``λ = 1`` at ``a``, ``λ = 0`` at ``b``).
    n : int, default 101
        Number of values of ``λ``.

    Returns
    -------
    lam : numpy.ndarray, shape (n,)
    f_segment : numpy.ndarray, shape (n,)
        ``f(λa + (1−λ)b)``.
    chord : numpy.ndarray, shape (n,)
        ``λ f(a) + (1−λ) f(b)``.
    gap : float
        ``max(f_segment − chord)``: positive means the inequality fails.

    Examples
    --------
    >>> lam, f_seg, chord, gap = convexity_segment(get_landscape("two_well"), (-1, 0), (1, 0))
    >>> gap > 0.9
    True
    """
    pa = check_array(a, "a", shape=(2,))
    pb = check_array(b, "b", shape=(2,))
    n = check_int(n, "n", min_val=2, max_val=10_000)
    lam = np.linspace(0.0, 1.0, n)
    pts = lam[:, None] * pa + (1 - lam[:, None]) * pb
    f_seg = landscape.f(pts[:, 0], pts[:, 1])
    fa, fb = landscape.value_at(pa), landscape.value_at(pb)
    chord = lam * fa + (1 - lam) * fb
    return lam, f_seg, chord, float(np.max(f_seg - chord))


def min_curvature(
    landscape: Landscape, window: Any = None, n: int = 60
) -> tuple[float, float, float]:
    """Smallest Hessian eigenvalue over an ``n × n`` grid, and where it occurs.

    A twice-differentiable ``f`` is convex on a convex region iff its Hessian
    is positive semi-definite everywhere there, so a negative value proves the
    surface is not convex on the window.

    Returns
    -------
    lam_min, x, y : float

    Examples
    --------
    >>> round(min_curvature(get_landscape("convex_quadratic", condition=4))[0], 9)
    1.0
    """
    n = check_int(n, "n", min_val=2, max_val=MAX_GRID)
    x0, x1, y0, y1 = landscape.window if window is None else _check_window(window)
    xs, ys = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    h = landscape.hessian(xs, ys)  # (2, 2, n, n)
    hxx, hxy, hyy = h[0, 0], 0.5 * (h[0, 1] + h[1, 0]), h[1, 1]
    lam = 0.5 * (hxx + hyy) - np.sqrt((0.5 * (hxx - hyy)) ** 2 + hxy**2)
    i = int(np.argmin(lam))
    return float(lam.flat[i]), float(xs.flat[i]), float(ys.flat[i])
