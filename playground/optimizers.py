"""First-order optimisers with ``torch.optim``'s update rules and defaults.

Every optimiser is one step function with the same signature,
``step(p, g, state, t, lr, **hyper) -> p_new``, and :func:`run_optimizer`
drives any of them along a gradient function and returns the path. Charts and
pages only read the path.

Update rules (``g`` is the gradient at step ``t = 1, 2, …``; all as in
``torch.optim`` with ``weight_decay = 0``, ``dampening = 0``, no
``maximize``, and the buffers starting from zero):

======== ====================================================== =====================
name     update                                                 torch.optim defaults
======== ====================================================== =====================
gd       ``p ← p − lr·g``                                        ``SGD(momentum=0)``
momentum ``v ← μv + g;  p ← p − lr·v``                            ``SGD(momentum=0.9)``
nesterov ``v ← μv + g;  p ← p − lr·(g + μv)``                     ``SGD(momentum=0.9,
                                                                nesterov=True)``
adagrad  ``s ← s + g²;  p ← p − lr·g / (√s + ε)``                 ``ε = 1e-10``
rmsprop  ``s ← αs + (1−α)g²;  p ← p − lr·g / (√s + ε)``           ``α = 0.99, ε = 1e-8``
adam     ``m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;``              ``β = (0.9, 0.999),
         ``m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);  p ← p − lr·m̂/(√v̂ + ε)``  ε = 1e-8``
======== ====================================================== =====================

(``torch.optim`` has no default learning rate for SGD; Adagrad's is 0.01,
RMSprop's 0.01, Adam's 0.001.) PyTorch's SGD starts its momentum buffer at
``v₁ = g₁``, which is exactly ``μ·0 + g₁``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground._validation import check_array, check_choice, check_int, check_scalar, check_seed

__all__ = [
    "ADAPTIVE",
    "BOUND",
    "DEFAULTS",
    "LABELS",
    "MAX_STEPS",
    "NAMES",
    "RULES",
    "Run",
    "diverged",
    "LrLesson",
    "gd_rate",
    "lr_lesson",
    "lr_sweep",
    "race",
    "run_optimizer",
    "saddle_lesson",
    "snippet",
]

#: Optimiser names, in display order.
NAMES: tuple[str, ...] = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

#: Language-neutral display names.
LABELS: Mapping[str, str] = {
    "gd": "GD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSProp",
    "adam": "Adam",
}

#: ``torch.optim``'s default hyper-parameters of each optimiser.
DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "gd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "adagrad": {"eps": 1e-10},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"betas": (0.9, 0.999), "eps": 1e-8},
}

#: Each update rule in LaTeX (for display next to the numbers).
RULES: Mapping[str, str] = {
    "gd": r"x_{t+1} = x_t - \eta\, g_t",
    "momentum": r"v_{t+1} = \mu v_t + g_t,\ x_{t+1} = x_t - \eta\, v_{t+1}",
    "nesterov": r"v_{t+1} = \mu v_t + g_t,\ x_{t+1} = x_t - \eta\,(g_t + \mu v_{t+1})",
    "adagrad": r"s_{t+1} = s_t + g_t^2,\ x_{t+1} = x_t - \eta\, g_t / (\sqrt{s_{t+1}} + \epsilon)",
    "rmsprop": r"s_{t+1} = \alpha s_t + (1-\alpha) g_t^2,\ "
    r"x_{t+1} = x_t - \eta\, g_t / (\sqrt{s_{t+1}} + \epsilon)",
    "adam": r"\hat m = \frac{m_{t+1}}{1-\beta_1^{t+1}},\ "
    r"\hat v = \frac{v_{t+1}}{1-\beta_2^{t+1}},\ "
    r"x_{t+1} = x_t - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)",
}

#: Optimisers whose step is (roughly) ``lr`` in parameter units.
ADAPTIVE = frozenset({"adagrad", "rmsprop", "adam"})

#: A path stops at the first iterate with a coordinate beyond ``±BOUND``.
BOUND = 1e6

#: Largest number of steps :func:`run_optimizer` accepts (a memory limit for the
#: stored path; the page's slider stops far earlier).
MAX_STEPS = 1_000_000


# --------------------------------------------------------------------------
# One step of each optimiser, for one coordinate
# --------------------------------------------------------------------------
# All six rules act on each coordinate separately (AdaGrad, RMSProp and Adam
# scale every coordinate by its own gradient history), so a step function
# updates one coordinate ``p`` with its gradient ``g`` and its own state
# ``s`` (a list of buffers, zero at the start), in plain float arithmetic.


def _gd_step(p, g, s, t, lr):
    return p - lr * g


def _momentum_step(p, g, s, t, lr, momentum):
    v = s[0] = momentum * s[0] + g
    return p - lr * v


def _nesterov_step(p, g, s, t, lr, momentum):
    v = s[0] = momentum * s[0] + g
    return p - lr * (g + momentum * v)


def _adagrad_step(p, g, s, t, lr, eps):
    acc = s[0] = s[0] + g * g
    return p - lr * g / (math.sqrt(acc) + eps)


def _rmsprop_step(p, g, s, t, lr, alpha, eps):
    sq = s[0] = alpha * s[0] + (1 - alpha) * g * g
    return p - lr * g / (math.sqrt(sq) + eps)


def _adam_step(p, g, s, t, lr, betas, eps):
    beta1, beta2 = betas
    m = s[0] = beta1 * s[0] + (1 - beta1) * g
    v = s[1] = beta2 * s[1] + (1 - beta2) * g * g
    # torch.optim.Adam's arithmetic: lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε),
    # which is lr · m̂ / (√v̂ + ε) with the bias-corrected moments.
    bias1 = 1 - beta1**t
    bias2 = 1 - beta2**t
    return p - (lr / bias1) * m / (math.sqrt(v) / math.sqrt(bias2) + eps)


_STEPS: Mapping[str, Callable[..., float]] = {
    "gd": _gd_step,
    "momentum": _momentum_step,
    "nesterov": _nesterov_step,
    "adagrad": _adagrad_step,
    "rmsprop": _rmsprop_step,
    "adam": _adam_step,
}


def _check_hyper(name: str, hyper: Mapping[str, Any]) -> dict[str, Any]:
    allowed = DEFAULTS[name]
    unknown = sorted(set(hyper) - set(allowed))
    if unknown:
        listed = ", ".join(allowed) or "none"
        raise TypeError(
            f"optimiser {name!r} got unexpected hyper-parameter(s) {', '.join(unknown)}; "
            f"allowed: {listed}."
        )
    out = {**allowed, **hyper}
    if "momentum" in out:
        out["momentum"] = float(
            check_scalar(
                out["momentum"], "momentum", min_val=0.0, max_val=1.0, include_boundaries="left"
            )
        )
    if "alpha" in out:
        out["alpha"] = float(
            check_scalar(out["alpha"], "alpha", min_val=0.0, max_val=1.0, include_boundaries="left")
        )
    if "eps" in out:
        out["eps"] = float(check_scalar(out["eps"], "eps", min_val=0.0, max_val=1.0))
    if "betas" in out:
        betas = out["betas"]
        if not isinstance(betas, Sequence) or isinstance(betas, str) or len(betas) != 2:
            raise TypeError(f"betas must be a pair of floats, got {betas!r}.")
        out["betas"] = tuple(
            float(
                check_scalar(b, f"betas[{i}]", min_val=0.0, max_val=1.0, include_boundaries="left")
            )
            for i, b in enumerate(betas)
        )
    return out


def _run(
    name: str,
    grad_xy: Callable[[float, float], Any],
    start: Any,
    *,
    lr: float,
    steps: int,
    noise: float = 0.0,
    seed: int = 0,
    **hyper: Any,
) -> tuple[np.ndarray, str]:
    """The optimiser loop on a gradient ``grad_xy(x, y) -> (gx, gy)``.

    Returns the path and why it stopped: ``"finished"``, ``"nonfinite"``
    (an iterate overflowed to inf or NaN) or ``"bound"`` (beyond ``±BOUND``).
    """
    name = check_choice(name, "name", NAMES)
    p = check_array(start, "start", shape=(2,))
    if np.abs(p).max() > BOUND:
        raise ValueError(f"start == {tuple(p.tolist())}, must lie within ±{BOUND:g}.")
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1e6))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1e6))
    seed = check_seed(seed)
    hyper = _check_hyper(name, hyper)
    kicks = (
        (noise * np.random.default_rng(seed).standard_normal((steps, 2))).tolist()
        if noise > 0
        else None
    )
    step = _STEPS[name]
    x, y = float(p[0]), float(p[1])
    sx, sy = [0.0, 0.0], [0.0, 0.0]
    path = [(x, y)]
    reason = "finished"
    isfinite = math.isfinite
    for t in range(1, steps + 1):
        gx, gy = grad_xy(x, y)
        if kicks is not None:
            gx, gy = gx + kicks[t - 1][0], gy + kicks[t - 1][1]
        try:
            x, y = step(x, gx, sx, t, lr, **hyper), step(y, gy, sy, t, lr, **hyper)
        except OverflowError:  # only with a user grad_fn returning huge ints
            reason = "nonfinite"
            break
        if not (isfinite(x) and isfinite(y)):
            reason = "nonfinite"
            break
        if abs(x) > BOUND or abs(y) > BOUND:
            reason = "bound"
            break
        path.append((x, y))
    return np.array(path, dtype=float), reason


def run_optimizer(
    name: str,
    grad_fn: Callable[[np.ndarray], Any],
    start: Any,
    *,
    lr: float,
    steps: int,
    noise: float = 0.0,
    seed: int = 0,
    **hyper: Any,
) -> np.ndarray:
    """Run one optimiser from ``start``: ``p_{t+1} = step(p_t, ∇f(p_t))``; return the path.

    Parameters
    ----------
    name : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
        The update rule (see the module docstring; ``torch.optim``'s rules).
    grad_fn : callable
        Maps a point of shape (2,) to the gradient there, shape (2,).
    start : array_like, shape (2,)
        The initial point ``p_0`` (finite, within ``±BOUND``).
    lr : float
        Learning rate, ``0 <= lr <= 1e6``.
    steps : int
        Number of updates, ``0 <= steps <= MAX_STEPS``.
    noise : float, default 0
        Standard deviation of Gaussian noise added to every gradient (a
        stand-in for mini-batch noise in SGD). ``0`` means exact gradients.
    seed : int, default 0
        Seed of the noise; the same seed gives every optimiser the same noise.
    **hyper
        The optimiser's hyper-parameters, defaults from ``torch.optim``:
        ``momentum=0.9`` (momentum, nesterov); ``alpha=0.99, eps=1e-8``
        (rmsprop); ``betas=(0.9, 0.999), eps=1e-8`` (adam); ``eps=1e-10``
        (adagrad). A hyper-parameter the optimiser does not have raises
        :class:`TypeError`.

    Returns
    -------
    numpy.ndarray, shape (k + 1, 2)
        ``p_0 … p_k``. Normally ``k == steps``; the path stops early, before
        the first iterate that is not finite or has a coordinate beyond
        ``±BOUND``, so ``k < steps`` means the run diverged
        (:func:`diverged`). Every row is finite.

    Notes
    -----
    Adam with bias correction, as ``torch.optim.Adam`` computes it:

    .. math::
        m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t,\\quad
        v_t = \\beta_2 v_{t-1} + (1-\\beta_2) g_t^2,\\quad
        p_t = p_{t-1} - \\eta\\,\\frac{m_t/(1-\\beta_1^t)}{\\sqrt{v_t/(1-\\beta_2^t)}+\\epsilon}.

    Without the correction the first steps would be about ``1 − β₁ = 0.1``
    times too small; with it the first step is ``η·g/(|g| + ε) ≈ η·sign(g)``.

    Examples
    --------
    >>> grad = lambda p: 2 * p                      # f = x² + y²
    >>> run_optimizer("gd", grad, [1.0, -2.0], lr=0.25, steps=2).tolist()
    [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5]]
    >>> run_optimizer("adam", grad, [1.0, -2.0], lr=0.1, steps=1)[1].round(6).tolist()
    [0.9, -1.9]
    >>> path = run_optimizer("gd", grad, [1.0, 1.0], lr=2.0, steps=100)
    >>> len(path) - 1, diverged(path, 100)    # |p_t| = 3^t passes 1e6 at t = 13
    (12, True)
    """
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be callable, not {type(grad_fn).__name__}.")

    def grad_xy(x: float, y: float) -> tuple[float, float]:
        g = np.asarray(grad_fn(np.array([x, y])), dtype=float)
        if g.shape != (2,):
            raise ValueError(f"grad_fn returned shape {g.shape}, must be (2,).")
        return float(g[0]), float(g[1])

    return _run(name, grad_xy, start, lr=lr, steps=steps, noise=noise, seed=seed, **hyper)[0]


def diverged(path: Any, steps: int) -> bool:
    """Whether a path from :func:`run_optimizer` stopped before ``steps`` updates."""
    arr = check_array(path, "path", ndim=2)
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    return arr.shape[0] < steps + 1


# --------------------------------------------------------------------------
# A race: several optimisers from one start on one surface
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One optimiser's run in a race.

    Attributes
    ----------
    name : str
        Optimiser name.
    path : numpy.ndarray, shape (k + 1, 2)
        Finite iterates ``p_0 … p_k``.
    losses : numpy.ndarray, shape (k + 1,)
        ``f(p_t)``.
    grad_norms : numpy.ndarray, shape (k + 1,)
        ``‖∇f(p_t)‖`` (without noise).
    diverged : bool
        Whether the run stopped before ``steps`` updates.
    reason : {"finished", "nonfinite", "bound"}
        Why it stopped: all steps done, an iterate overflowed to inf/NaN,
        or a coordinate went beyond ``±BOUND``.
    """

    name: str
    path: np.ndarray
    losses: np.ndarray
    grad_norms: np.ndarray
    diverged: bool
    reason: str

    @property
    def stop(self) -> int:
        """Index of the last finite iterate (``steps`` when it finished)."""
        return self.path.shape[0] - 1


def _hyper_for(name: str, momentum: float, alpha: float, betas: tuple[float, float]) -> dict:
    return {
        "momentum": {"momentum": momentum},
        "nesterov": {"momentum": momentum},
        "rmsprop": {"alpha": alpha},
        "adam": {"betas": betas},
    }.get(name, {})


def race(
    landscape: Any,
    names: Sequence[str],
    start: Any,
    *,
    params: Any = (),
    lr: float,
    lr_adaptive: float | None = None,
    steps: int,
    momentum: float = 0.9,
    alpha: float = 0.99,
    betas: tuple[float, float] = (0.9, 0.999),
    noise: float = 0.0,
    seed: int = 0,
) -> list[Run]:
    """Run several optimisers from one ``start`` on a :class:`~playground.landscapes.Landscape`.

    Parameters
    ----------
    landscape : Landscape or str
        The surface, or its name for :func:`~playground.landscapes.get_landscape`
        (plain arguments are what a cache can key on).
    names : sequence of str
        Optimisers to run (duplicates ignored, order kept).
    start : array_like, shape (2,)
    params : mapping or sequence of (name, value) pairs, optional
        Surface parameters when ``landscape`` is a name.
    lr : float
        Learning rate of gd, momentum and nesterov.
    lr_adaptive : float, optional
        Learning rate of adagrad, rmsprop and adam (default: ``lr``). Their
        step is roughly ``lr`` in parameter units whatever the gradient's
        size, so they usually want a different value.
    steps : int
    momentum, alpha, betas : float
        Hyper-parameters passed to the optimisers that have them.
    noise, seed :
        Gradient noise, the same draws for every optimiser.

    Returns
    -------
    list of Run

    Examples
    --------
    >>> from playground.landscapes import get_landscape
    >>> runs = race(get_landscape("convex_quadratic"), ["gd", "adam"], (-2.5, 1.5),
    ...             lr=0.1, steps=200)
    >>> [(r.name, r.diverged, bool(r.losses[-1] < 1e-6)) for r in runs]
    [('gd', False, True), ('adam', False, True)]
    """
    if isinstance(landscape, str):
        from playground.landscapes import get_landscape

        landscape = get_landscape(landscape, **dict(params))
    elif params:
        raise TypeError("params are only used with a landscape name.")
    if isinstance(names, str):
        raise TypeError("names must be a sequence of optimiser names, not a string.")
    chosen = list(dict.fromkeys(check_choice(n, "names", NAMES) for n in names))
    lr_adaptive = lr if lr_adaptive is None else lr_adaptive
    runs = []
    for name in chosen:
        path, reason = _run(
            name,
            landscape.grad_xy,
            start,
            lr=lr_adaptive if name in ADAPTIVE else lr,
            steps=steps,
            noise=noise,
            seed=seed,
            **_hyper_for(name, momentum, alpha, betas),
        )
        with np.errstate(over="ignore", invalid="ignore"):
            losses = landscape.f(path[:, 0], path[:, 1])
            grads = np.linalg.norm(landscape.grad(path[:, 0], path[:, 1]), axis=0)
        runs.append(Run(name, path, losses, grads, reason != "finished", reason))
    return runs


def gd_rate(eigenvalues: Any, lr: float) -> float:
    """Contraction factor of GD on a quadratic: ``ρ = max_i |1 − lr·λ_i|``.

    On ``f = ½ xᵀAx`` gradient descent gives ``x_{t+1} = (I − lr·A) x_t``;
    along the eigenvector of ``λ_i`` the error is multiplied by
    ``1 − lr·λ_i`` each step. GD converges from every start iff ``ρ < 1``,
    i.e. ``0 < lr < 2 / L`` with ``L = max λ_i`` (all ``λ_i > 0``).

    Examples
    --------
    >>> gd_rate([1.0, 10.0], 0.1), gd_rate([1.0, 10.0], 0.21)
    (0.9, 1.1)
    """
    lam = check_array(eigenvalues, "eigenvalues", ndim=1, min_size=1)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1e6))
    return round(float(np.max(np.abs(1.0 - lr * lam))), 12)


def lr_sweep(landscape: Any, start: Any, lrs: Sequence[float], steps: int) -> list[Run]:
    """Plain GD from one start at several learning rates (one :class:`Run` each).

    Examples
    --------
    >>> from playground.landscapes import get_landscape
    >>> q = get_landscape("convex_quadratic", condition=10)     # L = 10, 2/L = 0.2
    >>> [r.diverged for r in lr_sweep(q, (-2.5, 1.5), [0.19, 0.21], 500)]
    [False, True]
    """
    out = []
    for lr in lrs:
        out.extend(race(landscape, ["gd"], start, lr=lr, steps=steps))
    return out


@dataclass(frozen=True)
class LrLesson:
    """GD on a convex quadratic on both sides of ``2 / L`` and at a chosen rate.

    Attributes
    ----------
    L : float
        Largest Hessian eigenvalue.
    threshold : float
        ``2 / L``: GD converges iff ``lr`` is below it.
    rho : float
        Contraction factor at the chosen ``lr`` (:func:`gd_rate`).
    verdict : {"converges", "boundary", "diverges"}
    runs : dict
        ``"below"`` (0.9·2/L), ``"above"`` (1.1·2/L), ``"yours"`` → (lr, Run).
    """

    L: float
    threshold: float
    rho: float
    verdict: str
    runs: dict[str, tuple[float, Run]]


def lr_lesson(quadratic: Any, start: Any, lr: float, steps: int) -> LrLesson:
    """The learning-rate lesson on a convex quadratic landscape.

    Examples
    --------
    >>> from playground.landscapes import get_landscape
    >>> lesson = lr_lesson(get_landscape("convex_quadratic", condition=10), (-2.5, 1.5), 0.25, 300)
    >>> lesson.threshold, lesson.verdict, lesson.runs["below"][1].diverged
    (0.2, 'diverges', False)
    """
    L = quadratic.lipschitz
    if L is None:
        raise ValueError(f"quadratic.name == {quadratic.name!r}, must be 'convex_quadratic'.")
    lam = np.array([min(1.0, L), L])
    rho = gd_rate(lam, lr)
    verdict = "converges" if rho < 1 else ("boundary" if rho == 1 else "diverges")
    rates = {"below": 0.9 * 2 / L, "above": 1.1 * 2 / L, "yours": float(lr)}
    runs = lr_sweep(quadratic, start, list(rates.values()), steps)
    return LrLesson(
        L, 2 / L, rho, verdict, {k: (v, r) for (k, v), r in zip(rates.items(), runs, strict=True)}
    )


def saddle_lesson(
    lr: float = 0.1, steps: int = 60, noise: float = 1e-3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """GD on ``x² − y²`` from ``(1.5, 0)``: exactly on the stable axis, then with noise.

    On ``y = 0`` the gradient ``(2x, −2y)`` has no y-component, so GD slides
    to the saddle ``(0, 0)`` and stops there (the gradient vanishes). Any
    perturbation of ``y`` grows by the factor ``1 + 2·lr`` per step, so a
    little gradient noise is enough to escape.

    Returns
    -------
    exact, noisy : numpy.ndarray, shape (k + 1, 2)
        The two paths (the noisy one may stop early when it runs off to
        ``±BOUND``: the surface is unbounded below).

    Examples
    --------
    >>> exact, noisy = saddle_lesson()
    >>> bool(np.abs(exact[-1]).max() < 1e-4), bool(abs(noisy[-1, 1]) > 1)
    (True, True)
    """
    from playground.landscapes import get_landscape

    saddle = get_landscape("saddle")
    exact = run_optimizer("gd", saddle.grad_at, (1.5, 0.0), lr=lr, steps=steps)
    noisy = run_optimizer(
        "gd", saddle.grad_at, (1.5, 0.0), lr=lr, steps=steps, noise=noise, seed=seed
    )
    return exact, noisy


def _num(value: float) -> str:
    return repr(float(value)) if isinstance(value, numbers.Real) else repr(value)


def snippet(
    surface: str,
    params: Mapping[str, float],
    names: Sequence[str],
    start: Sequence[float],
    *,
    lr: float,
    lr_adaptive: float,
    steps: int,
    momentum: float = 0.9,
    alpha: float = 0.99,
    betas: tuple[float, float] = (0.9, 0.999),
    noise: float = 0.0,
    seed: int = 0,
) -> str:
    """The "Reproduce in Python" code for a race with these settings.

    The code calls :func:`run_optimizer` once per optimiser and prints where
    each one ended; executing it defines ``paths`` (name → path array).

    Examples
    --------
    >>> print(snippet("saddle", {}, ["gd"], (1.0, 0.0), lr=0.1, lr_adaptive=0.1, steps=5))
    from playground.landscapes import get_landscape
    from playground.optimizers import run_optimizer
    <BLANKLINE>
    surface = get_landscape('saddle')
    paths = {
        'gd': run_optimizer('gd', surface.grad_at, (1.0, 0.0), lr=0.1, steps=5),
    }
    for name, path in paths.items():
        x, y = path[-1]
        f_end = surface.f(x, y)
        print(f"{name:9s} {len(path) - 1:4d} steps  end ({x:.4g}, {y:.4g})  f = {f_end:.4g}")
    """
    args = "".join(f", {k}={_num(v)}" for k, v in params.items())
    extra = f", noise={_num(noise)}, seed={int(seed)}" if noise > 0 else ""
    lines = [
        "from playground.landscapes import get_landscape",
        "from playground.optimizers import run_optimizer",
        "",
        f"surface = get_landscape({surface!r}{args})",
        "paths = {",
    ]
    for name in dict.fromkeys(names):
        rate = lr_adaptive if name in ADAPTIVE else lr
        hyper = "".join(
            f", {k}={_num(v) if not isinstance(v, tuple) else repr(tuple(map(float, v)))}"
            for k, v in _hyper_for(name, momentum, alpha, betas).items()
            if v != DEFAULTS[name].get(k)
        )
        lines.append(
            f"    {name!r}: run_optimizer({name!r}, surface.grad_at, "
            f"({_num(start[0])}, {_num(start[1])}), lr={_num(rate)}, steps={int(steps)}"
            f"{hyper}{extra}),"
        )
    lines += [
        "}",
        "for name, path in paths.items():",
        "    x, y = path[-1]",
        "    f_end = surface.f(x, y)",
        '    print(f"{name:9s} {len(path) - 1:4d} steps  end ({x:.4g}, {y:.4g})  f = {f_end:.4g}")',
    ]
    return "\n".join(lines)
