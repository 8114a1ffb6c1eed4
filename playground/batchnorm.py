"""Batch normalisation in NumPy: forward, backward, running statistics, a deep MLP.

The whole story of batch norm (BN) for one layer whose input ``x`` has shape
``(N, C)`` — ``N`` examples in the batch, ``C`` channels (units)::

    mu    = mean(x, axis=0)                        # batch mean, per channel
    var   = mean((x - mu)**2, axis=0)              # *biased* batch variance
    x_hat = (x - mu) / sqrt(var + eps)
    y     = gamma * x_hat + beta

At inference the batch statistics are replaced by running statistics, updated
once per training batch with PyTorch's convention::

    running = (1 - m) * running + m * batch        # m = momentum = 0.1

where ``running_var`` uses the *unbiased* batch variance (divide by ``N - 1``).
Keras/TensorFlow write the same update as ``running = m' * running +
(1 - m') * batch`` with ``m' = 0.99``: its momentum is ``1 - m``.

The second half of the module is a small deep MLP (depth <= 20, width <= 256)
with an option to insert BN before each activation, used to show activation
distributions, saturation and gradient norms layer by layer.

Everything is pure NumPy; random state always comes in as ``seed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground._validation import (
    check_array,
    check_choice,
    check_int,
    check_scalar,
    check_seed,
)
from playground.activations import (
    activation,
    activation_grad,
    fast_activation,
    grad_from_output,
)
from playground.backprop import INITS, init_std

__all__ = [
    "ACTIVATIONS",
    "EPS",
    "GRAD_CEIL",
    "GRAD_FLOOR",
    "HIST_LIMIT",
    "INITS",
    "MAX_BATCH",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_STEPS",
    "MAX_WIDTH",
    "MOMENTUM",
    "POP_MEAN",
    "POP_STD",
    "SATURATION",
    "BatchNoise",
    "TinyBatch",
    "InferenceDemo",
    "LayerSummary",
    "MLPParams",
    "MLPRun",
    "activation",
    "activation_grad",
    "batch_noise",
    "batch_norm_backward",
    "batch_norm_eval",
    "batch_norm_numeric_grad",
    "batch_norm_train",
    "compare_mlp",
    "inference_demo",
    "init_mlp",
    "make_batch",
    "mlp_forward_backward",
    "run_mlp",
    "saturated_fraction",
    "snippet",
    "summarize",
    "tiny_batch",
    "update_running_stats",
]

#: PyTorch's defaults (``torch.nn.BatchNorm1d``).
EPS = 1e-5
MOMENTUM = 0.1

ACTIVATIONS = ("sigmoid", "tanh", "relu")
# Weight initialisations: INITS and their standard deviations (N(0, scale²), Xavier/Glorot
# and He/Kaiming normal with gain ``scale``) are playground.backprop's (init_std).

#: The population of the train-vs-inference demo: one unit with inputs N(3, 2²).
POP_MEAN = 3.0
POP_STD = 2.0

#: Limits of the library, set only where memory would blow up: no single array
#: may hold more than ``MAX_ELEMENTS`` float64 values (512 MiB). The page's
#: widgets have their own, much smaller ranges (that is where the interactive
#: time budget is kept); a notebook user may go far beyond them.
MAX_DEPTH = 10_000
MAX_WIDTH = 8192
MAX_BATCH = 1_000_000
MAX_STEPS = 1_000_000
MAX_ELEMENTS = 2**26


def _check_elements(what: str, count: int) -> None:
    """Refuse an array of more than :data:`MAX_ELEMENTS` values (memory blow-up)."""
    if count > MAX_ELEMENTS:
        raise ValueError(f"{what} == {count}, must be <= {MAX_ELEMENTS} values (512 MiB).")


#: Where an activation is "saturated" (its derivative is nearly or exactly 0):
#: ``|u| > 4`` for the sigmoid (σ'(4) ≈ 0.018, 7 % of its peak), ``|u| > 2``
#: for tanh (tanh'(2) ≈ 0.071), ``u <= 0`` for ReLU (inactive: derivative 0).
SATURATION = {"sigmoid": 4.0, "tanh": 2.0, "relu": 0.0}

#: Half-width of the histogram range of pre-activations, per activation.
HIST_LIMIT = {"sigmoid": 10.0, "tanh": 6.0, "relu": 6.0}

#: Gradient norms are shown on a log axis clipped to this range (float32-safe).
GRAD_FLOOR = 1e-30
GRAD_CEIL = 1e30


# --------------------------------------------------------------------------
# Argument checks shared by the BN functions
# --------------------------------------------------------------------------


def _check_x(x, name: str = "x", *, min_rows: int = 1) -> np.ndarray:
    arr = check_array(x, name, ndim=2)
    if arr.shape[0] < min_rows:
        raise ValueError(f"{name}.shape[0] == {arr.shape[0]}, must be >= {min_rows}.")
    if arr.shape[1] < 1:
        raise ValueError(f"{name}.shape[1] == {arr.shape[1]}, must be >= 1.")
    return arr


def _check_channel(p, name: str, channels: int) -> np.ndarray:
    """A per-channel parameter: a scalar (shared) or a vector of length C."""
    arr = check_array(p, name, ndim=(0, 1))
    if arr.ndim == 1 and arr.shape != (channels,):
        raise ValueError(f"{name}.shape == {arr.shape}, must be () or ({channels},).")
    return np.broadcast_to(arr, (channels,)).astype(np.float64)


def _check_eps(eps) -> float:
    return float(check_scalar(eps, "eps", min_val=0.0, include_boundaries="neither"))


# --------------------------------------------------------------------------
# Batch norm: forward (train), its gradient, running statistics, eval
# --------------------------------------------------------------------------


def _normalise(x: np.ndarray, eps: float):
    """x_hat, mean, biased var and 1/sqrt(var + eps), overflow-safe.

    A channel whose largest magnitude is outside about [1e-150, 1e150]
    (float64; [1e-15, 1e15] for float32) is first
    multiplied by a power of two (exact in floating point) to bring it near
    1; the mean, variance and x_hat are computed on the scaled values and only
    the returned statistics are scaled back. ``x`` near ±1e308 therefore gives
    a finite ``x_hat`` (the returned variance may overflow to ``inf``, which
    is its true size in float64).
    """
    info = np.finfo(x.dtype)
    big, small = np.sqrt(info.max) * 1e-4, np.sqrt(info.tiny) * 1e4
    peak = np.maximum(np.max(x, axis=0), -np.min(x, axis=0))
    rescale = bool(((peak > big) | ((peak < small) & (peak > 0))).any())
    if rescale:
        # 2**-exponent must stay finite, also for subnormal peaks (exponent < -1022).
        exponent = np.maximum(np.frexp(peak)[1], 1 - info.maxexp)
        x = x * np.ldexp(np.ones_like(peak), -exponent)
    mu = x.mean(axis=0)
    centred = x - mu
    var = np.einsum("ij,ij->j", centred, centred) / x.shape[0]
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        eps_s = np.ldexp(np.full_like(var, eps), -2 * exponent) if rescale else eps
        inv_std = 1.0 / np.sqrt(var + eps_s)
        centred *= inv_std
        if rescale:
            mu = np.ldexp(mu, exponent)
            var = np.ldexp(var, 2 * exponent)
            inv_std = np.ldexp(inv_std, -exponent)
    return centred, mu, var, inv_std


def batch_norm_train(x, gamma=1.0, beta=0.0, *, eps: float = EPS):
    r"""y = γ·(x − μ_B)/√(σ²_B + ε) + β with the statistics of this batch.

    Parameters
    ----------
    x : array_like, shape (N, C)
        A batch: ``N`` examples, ``C`` channels. ``N = 1`` is allowed and
        degenerate: the variance is 0, ``x_hat = 0`` and every output is
        ``beta`` (PyTorch refuses this case in training mode).
    gamma, beta : float or array_like of shape (C,), default 1 and 0
        Learned scale and shift (a scalar is shared by all channels).
    eps : float, default 1e-5
        Added to the variance so a constant channel does not divide by 0.

    Returns
    -------
    y : numpy.ndarray, shape (N, C)
        The normalised, scaled and shifted batch.
    batch_mean : numpy.ndarray, shape (C,)
        μ_B per channel.
    batch_var : numpy.ndarray, shape (C,)
        The *biased* variance σ²_B (divide by ``N``) used to normalise.

    Notes
    -----
    .. math::

        \mu_B = \frac1N\sum_i x_i,\qquad
        \sigma_B^2 = \frac1N\sum_i (x_i-\mu_B)^2,\qquad
        y_i = \gamma\,\frac{x_i-\mu_B}{\sqrt{\sigma_B^2+\varepsilon}} + \beta.

    Each channel of ``y`` has mean ``beta`` and variance
    ``gamma² σ²_B / (σ²_B + ε)`` (≈ ``gamma²`` unless σ²_B is tiny).

    Examples
    --------
    >>> y, mu, var = batch_norm_train([[2.0], [4.0], [4.0], [4.0], [5.0], [5.0], [7.0], [9.0]])
    >>> float(mu[0]), float(var[0])
    (5.0, 4.0)
    >>> np.round(y[:, 0], 4)
    array([-1.5, -0.5, -0.5, -0.5,  0. ,  0. ,  1. ,  2. ])
    """
    x = _check_x(x)
    eps = _check_eps(eps)
    gamma = _check_channel(gamma, "gamma", x.shape[1])
    beta = _check_channel(beta, "beta", x.shape[1])
    x_hat, mean, var, _ = _normalise(x, eps)
    return gamma * x_hat + beta, mean, var


def batch_norm_backward(dy, x, gamma=1.0, *, eps: float = EPS):
    r"""Gradients of batch_norm_train: (∂L/∂x, ∂L/∂γ, ∂L/∂β) from ∂L/∂y.

    Parameters
    ----------
    dy : array_like, shape (N, C)
        Upstream gradient ∂L/∂y.
    x : array_like, shape (N, C)
        The batch that went through :func:`batch_norm_train`.
    gamma : float or array_like of shape (C,), default 1
        The scale used in the forward pass (β does not enter ∂L/∂x).
    eps : float, default 1e-5

    Returns
    -------
    dx : numpy.ndarray, shape (N, C)
    dgamma, dbeta : numpy.ndarray, shape (C,)

    Notes
    -----
    Because μ_B and σ²_B depend on every example, the gradient of one output
    reaches every input of its channel:

    .. math::

        \frac{\partial L}{\partial x_i} = \frac{\gamma}{\sqrt{\sigma_B^2+\varepsilon}}
        \Bigl(g_i - \overline{g} - \hat x_i\,\overline{g\hat x}\Bigr),\quad
        g_i = \frac{\partial L}{\partial y_i},\quad
        \frac{\partial L}{\partial\gamma} = \sum_i g_i\hat x_i,\quad
        \frac{\partial L}{\partial\beta} = \sum_i g_i,

    with bars for means over the batch. ``dx`` sums to 0 per channel and
    (up to the ε term) is orthogonal to ``x_hat``: shifting or scaling a
    channel's inputs changes nothing after normalisation. Checked against finite differences by
    :func:`batch_norm_numeric_grad`.

    Examples
    --------
    >>> x = [[1.0], [2.0], [4.0]]
    >>> dx, dg, db = batch_norm_backward([[1.0], [0.0], [0.0]], x)
    >>> float(abs(dx.sum())) < 1e-12, float(db[0])
    (True, 1.0)
    """
    x = _check_x(x)
    dy = check_array(dy, "dy", ndim=2)
    if dy.shape != x.shape:
        raise ValueError(f"dy.shape == {dy.shape}, must equal x.shape == {x.shape}.")
    eps = _check_eps(eps)
    gamma = _check_channel(gamma, "gamma", x.shape[1])
    x_hat, _, _, inv_std = _normalise(x, eps)
    return _bn_backward(dy, x_hat, inv_std, gamma)


def _bn_backward(dy, x_hat, inv_std, gamma):
    dgamma = np.sum(dy * x_hat, axis=0)
    dbeta = np.sum(dy, axis=0)
    n = dy.shape[0]
    dx = (gamma * inv_std) * (dy - dbeta / n - x_hat * (dgamma / n))
    return dx, dgamma, dbeta


def batch_norm_numeric_grad(
    dy, x, gamma=1.0, beta=0.0, *, eps: float = EPS, rel_step: float = 1e-5
):
    r"""∂L/∂x by central finite differences of L = Σ dy·batch_norm_train(x).

    An independent check of :func:`batch_norm_backward` (it never uses the
    analytic formula).

    Parameters
    ----------
    dy, x : array_like, shape (N, C)
    gamma, beta : float or array_like of shape (C,)
    eps : float, default 1e-5
    rel_step : float, default 1e-5
        Step ``h = rel_step · √(σ²_B + ε)`` per channel: BN is invariant to
        the scale of its input, so the step follows that scale.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Notes
    -----
    .. math:: \frac{\partial L}{\partial x_{ij}} \approx
        \frac{L(x + h e_{ij}) - L(x - h e_{ij})}{2h}

    Examples
    --------
    >>> x, dy = [[1.0], [2.0], [4.0]], [[0.3], [-1.0], [2.0]]
    >>> bool(np.allclose(batch_norm_numeric_grad(dy, x), batch_norm_backward(dy, x)[0]))
    True
    """
    x = _check_x(x)
    dy = check_array(dy, "dy", ndim=2)
    if dy.shape != x.shape:
        raise ValueError(f"dy.shape == {dy.shape}, must equal x.shape == {x.shape}.")
    rel_step = float(
        check_scalar(rel_step, "rel_step", min_val=0, max_val=1, include_boundaries="right")
    )
    if x.size > 4096:
        raise ValueError(f"x.size == {x.size}, must be <= 4096 for finite differences.")
    _, _, var = batch_norm_train(x, gamma, beta, eps=eps)
    steps = rel_step * np.sqrt(var + eps)
    out = np.empty_like(x)
    for i, j in np.ndindex(*x.shape):
        h = steps[j]
        up, down = x.copy(), x.copy()
        up[i, j] += h
        down[i, j] -= h
        y_up = batch_norm_train(up, gamma, beta, eps=eps)[0][:, j]
        y_down = batch_norm_train(down, gamma, beta, eps=eps)[0][:, j]
        out[i, j] = np.dot(dy[:, j], y_up - y_down) / (2 * h)
    return out


def update_running_stats(running_mean, running_var, x, *, momentum: float = MOMENTUM):
    r"""running = (1 − m)·running + m·batch, with the unbiased batch variance.

    Parameters
    ----------
    running_mean, running_var : array_like, shape (C,)
        Current running statistics (PyTorch starts from 0 and 1).
    x : array_like, shape (N, C), N >= 2
        A training batch (the unbiased variance needs two examples).
    momentum : float in [0, 1], default 0.1
        PyTorch's ``momentum``. Keras' ``momentum`` is ``1 − m`` (0.99).

    Returns
    -------
    mean, var : numpy.ndarray, shape (C,)
        The updated running statistics (the inputs are not modified).

    Notes
    -----
    .. math::

        \hat\mu \leftarrow (1-m)\,\hat\mu + m\,\mu_B,\qquad
        \hat\sigma^2 \leftarrow (1-m)\,\hat\sigma^2 + m\,\frac{N}{N-1}\,\sigma_B^2.

    After ``k`` batches from a fixed distribution, starting from 0, the
    running mean is on average ``(1 − (1 − m)^k)`` times the true mean: with
    ``m = 0.1`` it needs about 22 batches to get within 10 %.

    Examples
    --------
    >>> m, v = update_running_stats([0.0], [1.0], [[1.0], [3.0]], momentum=0.1)
    >>> float(m[0]), float(v[0])   # 0.9·0 + 0.1·2, 0.9·1 + 0.1·2 (unbiased var of 1, 3)
    (0.2, 1.1)
    """
    x = _check_x(x, min_rows=2)
    channels = x.shape[1]
    running_mean = check_array(running_mean, "running_mean", shape=(channels,))
    running_var = check_array(running_var, "running_var", shape=(channels,))
    if (running_var < 0).any():
        raise ValueError(
            f"running_var has a negative entry ({running_var.min():.6g}), must be >= 0."
        )
    momentum = float(check_scalar(momentum, "momentum", min_val=0.0, max_val=1.0))
    _, mean, var, _ = _normalise(x, EPS)
    n = x.shape[0]
    with np.errstate(over="ignore"):
        unbiased = var * (n / (n - 1))
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * unbiased
    return new_mean, new_var


def batch_norm_eval(x, running_mean, running_var, gamma=1.0, beta=0.0, *, eps: float = EPS):
    r"""y = γ·(x − running_mean)/√(running_var + ε) + β (inference mode).

    Each example is normalised on its own, with statistics fixed during
    training, so the output of one example never depends on the rest of the
    batch (a batch of one is fine).

    Parameters
    ----------
    x : array_like, shape (N, C)
    running_mean, running_var : array_like, shape (C,)
    gamma, beta : float or array_like of shape (C,)
    eps : float, default 1e-5

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Notes
    -----
    .. math:: y = \gamma\,\frac{x-\hat\mu}{\sqrt{\hat\sigma^2+\varepsilon}} + \beta

    It is an affine map per channel, so it can be folded into the preceding
    linear layer after training.

    Examples
    --------
    >>> batch_norm_eval([[5.0]], [3.0], [4.0], eps=1e-12)
    array([[1.]])
    """
    x = _check_x(x)
    channels = x.shape[1]
    running_mean = check_array(running_mean, "running_mean", shape=(channels,))
    running_var = check_array(running_var, "running_var", shape=(channels,))
    if (running_var < 0).any():
        raise ValueError(
            f"running_var has a negative entry ({running_var.min():.6g}), must be >= 0."
        )
    eps = _check_eps(eps)
    gamma = _check_channel(gamma, "gamma", channels)
    beta = _check_channel(beta, "beta", channels)
    with np.errstate(over="ignore", invalid="ignore"):
        return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta


# --------------------------------------------------------------------------
# A small deep MLP with optional BN before each activation
# --------------------------------------------------------------------------


def saturated_fraction(u, name: str) -> float:
    """Fraction of pre-activations in the activation's flat region.

    Sigmoid ``|u| > 4``, tanh ``|u| > 2``, ReLU ``u <= 0`` (see
    :data:`SATURATION`).

    Examples
    --------
    >>> saturated_fraction([-5.0, 0.0, 1.0, 6.0], "sigmoid")
    0.5
    """
    check_choice(name, "activation", ACTIVATIONS)
    u = check_array(u, "u", min_size=1)
    if name == "relu":
        return float(np.mean(u <= 0))
    return float(np.mean(np.abs(u) > SATURATION[name]))


@dataclass(frozen=True)
class MLPParams:
    """Weights of the MLP: ``depth`` square layers (no biases) and a readout.

    Biases are left out on purpose: BN's mean subtraction would cancel them,
    and without BN they start at 0 anyway.
    """

    weights: tuple[np.ndarray, ...]
    readout: np.ndarray


def init_mlp(
    depth: int, width: int, *, init: str = "xavier", scale: float = 1.0, seed: int = 0
) -> MLPParams:
    r"""Draw W_l ~ N(0, s²) for l = 1..depth, with s set by ``init`` and ``scale``.

    Parameters
    ----------
    depth : int in [1, 20]
    width : int in [1, 256]
        Every hidden layer (and the input) has ``width`` units.
    init : {"normal", "xavier", "he"}, default "xavier"
        ``s = scale`` (plain normal), ``scale·√(2/(n_in + n_out))`` (Glorot)
        or ``scale·√(2/n_in)`` (He).
    scale : float in [1e-3, 100], default 1
        Standard deviation (normal) or gain (Xavier, He).
    seed : int

    Returns
    -------
    MLPParams
        The same ``seed`` gives the same standard-normal draws for every
        ``init`` and ``scale`` (only their size changes). The readout is
        ``N(0, 1/width)``.

    Notes
    -----
    .. math:: s_{\text{Xavier}} = \sqrt{\tfrac{2}{n_\text{in}+n_\text{out}}},\qquad
              s_{\text{He}} = \sqrt{\tfrac{2}{n_\text{in}}}

    Examples
    --------
    >>> p = init_mlp(3, 4, init="he", seed=1)
    >>> len(p.weights), p.weights[0].shape, p.readout.shape
    (3, (4, 4), (4,))
    """
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    check_choice(init, "init", INITS)
    scale = float(check_scalar(scale, "scale", min_val=1e-3, max_val=100.0))
    seed = check_seed(seed)
    _check_elements("depth * width * width", depth * width * width)
    std = init_std(width, width, init, scale)
    rng = np.random.default_rng([seed, 1])
    weights = tuple(std * rng.standard_normal((width, width)) for _ in range(depth))
    readout = rng.standard_normal(width) / math.sqrt(width)
    return MLPParams(weights, readout)


def make_batch(batch_size: int, width: int, *, seed: int = 0):
    """Inputs x ~ N(0, 1) of shape (batch_size, width) and targets t ~ N(0, 1).

    Examples
    --------
    >>> x, t = make_batch(5, 3, seed=0)
    >>> x.shape, t.shape
    ((5, 3), (5,))
    """
    batch_size = check_int(batch_size, "batch_size", min_val=1, max_val=MAX_BATCH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    seed = check_seed(seed)
    _check_elements("batch_size * width", batch_size * width)
    rng = np.random.default_rng([seed, 2])
    return rng.standard_normal((batch_size, width)), rng.standard_normal(batch_size)


@dataclass(frozen=True)
class MLPRun:
    """One forward and backward pass of the MLP on a batch.

    Attributes
    ----------
    pre : tuple of (N, W) arrays
        u_l, the inputs of the activations: ``BN(z_l)`` with BN, else the
        linear layer's output ``z_l = a_(l−1) W_l``.
    post : tuple of (N, W) arrays
        a_l = f(u_l).
    grads : tuple of (W, W) arrays
        ∂L/∂W_l.
    grad_norms : numpy.ndarray, shape (depth,)
        Frobenius norms ‖∂L/∂W_l‖.
    loss : float
        L = mean((a_L·r − t)²) / 2.
    finite : bool
        False when something overflowed (explained on the page, never drawn).
    """

    pre: tuple[np.ndarray, ...]
    post: tuple[np.ndarray, ...]
    grads: tuple[np.ndarray, ...]
    grad_norms: np.ndarray
    loss: float
    finite: bool


def mlp_forward_backward(
    x,
    target,
    params: MLPParams,
    *,
    activation: str = "sigmoid",
    bn: bool = False,
    gamma: float = 1.0,
    beta: float = 0.0,
    eps: float = EPS,
    dtype: str = "float64",
) -> MLPRun:
    r"""L = ½·mean((f(BN(…f(BN(x W₁))…) W_L))·r − t)²) and ∂L/∂W_l for every layer.

    Parameters
    ----------
    x : array_like, shape (N, W)
        The input batch (``N <= 1024``).
    target : array_like, shape (N,)
    params : MLPParams
        From :func:`init_mlp` with the same width.
    activation : {"sigmoid", "tanh", "relu"}
    bn : bool, default False
        Insert batch norm (training mode, batch statistics) between each
        linear layer and its activation.
    gamma, beta : float
        BN's scale and shift, shared by every unit of every layer.
    eps : float, default 1e-5
    dtype : {"float64", "float32"}, default "float64"
        Arithmetic precision. ``"float32"`` is what frameworks train in (and
        about 2.5x faster): an exploding network then overflows to ``inf``
        as it would in PyTorch, reported by ``MLPRun.finite``.

    Returns
    -------
    MLPRun

    Notes
    -----
    Backprop through layer ``l`` (δ = ∂L/∂a):

    .. math::

        \delta_{u} = \delta_{a_l}\odot f'(u_l),\quad
        \delta_{z} = \mathrm{BN}'(\delta_u),\quad
        \frac{\partial L}{\partial W_l} = a_{l-1}^\top\delta_z,\quad
        \delta_{a_{l-1}} = \delta_z W_l^\top.

    Without BN every layer multiplies δ by ``f'(u)`` (≤ ¼ for the sigmoid)
    and by ``W``: the product shrinks or grows geometrically with depth. BN
    rescales δ by ``γ/σ_B`` at every layer, undoing the scale of ``W``.

    Examples
    --------
    >>> p = init_mlp(4, 8, init="xavier", seed=0)
    >>> x, t = make_batch(16, 8, seed=0)
    >>> run = mlp_forward_backward(x, t, p, activation="tanh", bn=True)
    >>> run.grad_norms.shape, run.finite
    ((4,), True)
    """
    check_choice(activation, "activation", ACTIVATIONS)
    if not isinstance(params, MLPParams):
        raise TypeError(f"params must be an instance of MLPParams, not {type(params).__name__}.")
    width = params.readout.shape[0]
    x = check_array(x, "x", shape=(None, width))
    n = x.shape[0]
    if not 1 <= n <= MAX_BATCH:
        raise ValueError(f"x.shape[0] == {n}, must be in [1, {MAX_BATCH}].")
    _check_elements("batch * width * depth", n * width * len(params.weights))
    target = check_array(target, "target", shape=(n,))
    gamma = float(check_scalar(gamma, "gamma", min_val=-100.0, max_val=100.0))
    beta = float(check_scalar(beta, "beta", min_val=-100.0, max_val=100.0))
    eps = _check_eps(eps)
    bn = bool(bn)
    ftype = np.dtype(check_choice(dtype, "dtype", ("float64", "float32")))
    x, target = x.astype(ftype, copy=False), target.astype(ftype, copy=False)
    weights = [w.astype(ftype, copy=False) for w in params.weights]
    readout = params.readout.astype(ftype, copy=False)

    pre, post, saved = [], [], []
    a = x
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for w in weights:
            z = a @ w
            if bn:
                x_hat, _, _, inv_std = _normalise(z, eps)
                saved.append((x_hat, inv_std))
                u = x_hat if (gamma == 1.0 and beta == 0.0) else x_hat * gamma + beta
            else:
                u = z
            pre.append(u)
            a = fast_activation(u, activation)
            post.append(a)
        residual = a @ readout - target
        loss = 0.5 * float(np.mean(residual * residual))

        delta = np.outer(residual / n, readout)  # ∂L/∂a_L
        grads: list[np.ndarray] = [None] * len(weights)  # type: ignore[list-item]
        for layer in range(len(weights) - 1, -1, -1):
            delta *= grad_from_output(post[layer], activation)  # δ_u
            if bn:  # δ_z = BN'(δ_u), in place (see _bn_backward)
                x_hat, inv_std = saved[layer]
                dgamma = np.einsum("ij,ij->j", delta, x_hat)
                delta -= delta.mean(axis=0)
                delta -= x_hat * (dgamma / n)
                delta *= gamma * inv_std
            a_in = x if layer == 0 else post[layer - 1]
            grads[layer] = a_in.T @ delta
            if layer:
                delta = delta @ weights[layer].T
        norms = np.array([np.linalg.norm(g.astype(np.float64)) for g in grads])
    finite = bool(
        math.isfinite(loss) and np.isfinite(norms).all() and all(np.isfinite(u).all() for u in pre)
    )
    return MLPRun(tuple(pre), tuple(post), tuple(grads), norms, loss, finite)


@dataclass(frozen=True)
class LayerSummary:
    """What the page draws of an :class:`MLPRun`: small arrays only.

    Attributes
    ----------
    edges : numpy.ndarray, shape (bins + 1,)
        Histogram bin edges over ``[-limit, limit]``.
    hist : numpy.ndarray, shape (depth, bins)
        Fraction of the layer's pre-activations per bin (rows sum to 1); the
        end bins also hold everything beyond ``±limit``.
    outside : numpy.ndarray, shape (depth,)
        Fraction beyond ``±limit`` (piled into the end bins).
    saturated : numpy.ndarray, shape (depth,)
        :func:`saturated_fraction` per layer.
    mean, std : numpy.ndarray, shape (depth,)
        Of the pre-activations per layer (``std`` is ``inf`` for a layer that
        overflowed, ``mean`` covers its finite values).
    grad_norms : numpy.ndarray, shape (depth,)
    pre_finite : numpy.ndarray of bool, shape (depth,)
        False for a layer whose pre-activations overflowed (its histogram
        and statistics cover the finite values only).
    loss : float
    finite : bool
    """

    edges: np.ndarray
    hist: np.ndarray
    outside: np.ndarray
    saturated: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    grad_norms: np.ndarray
    pre_finite: np.ndarray
    loss: float
    finite: bool

    @property
    def first_overflow(self) -> int:
        """1-based index of the first layer that overflowed, 0 if none."""
        bad = np.flatnonzero(~self.pre_finite)
        return int(bad[0]) + 1 if bad.size else 0

    @property
    def grad_ratio(self) -> float:
        """‖∂L/∂W_1‖ / ‖∂L/∂W_L‖: ≪ 1 vanishing, ≫ 1 exploding toward the input.

        ``nan`` when a norm is not finite or the last one is 0.
        """
        first, last = float(self.grad_norms[0]), float(self.grad_norms[-1])
        if not (math.isfinite(first) and math.isfinite(last)) or last == 0:
            return math.nan
        return first / last


def summarize(
    run: MLPRun, activation: str, *, bins: int = 60, limit: float | None = None
) -> LayerSummary:
    """Pre-bin every layer's pre-activations and collect per-layer statistics.

    Parameters
    ----------
    run : MLPRun
    activation : {"sigmoid", "tanh", "relu"}
    bins : int in [2, 400], default 60
    limit : float, optional
        Half-width of the histogram range (default :data:`HIST_LIMIT`).

    Returns
    -------
    LayerSummary

    Examples
    --------
    >>> p = init_mlp(2, 4, seed=0)
    >>> x, t = make_batch(8, 4, seed=0)
    >>> s = summarize(mlp_forward_backward(x, t, p), "sigmoid", bins=10)
    >>> s.hist.shape, bool(np.allclose(s.hist.sum(axis=1), 1))
    ((2, 10), True)
    """
    if not isinstance(run, MLPRun):
        raise TypeError(f"run must be an instance of MLPRun, not {type(run).__name__}.")
    check_choice(activation, "activation", ACTIVATIONS)
    bins = check_int(bins, "bins", min_val=2, max_val=400)
    limit = (
        HIST_LIMIT[activation]
        if limit is None
        else float(check_scalar(limit, "limit", min_val=0, include_boundaries="neither"))
    )
    edges = np.linspace(-limit, limit, bins + 1)
    depth = len(run.pre)
    hist = np.zeros((depth, bins))
    outside, saturated = np.zeros(depth), np.zeros(depth)
    mean, std = np.full(depth, np.nan), np.full(depth, np.nan)
    pre_finite = np.ones(depth, dtype=bool)
    thr = SATURATION[activation]
    with np.errstate(invalid="ignore", over="ignore"):
        for layer, u in enumerate(run.pre):
            vals = u.ravel()
            ok = np.isfinite(vals)
            if not ok.all():
                pre_finite[layer] = False
                vals = vals[ok]
            if not vals.size:
                continue
            size = vals.size
            pos = vals * (bins / (2 * limit))
            pos += bins / 2
            np.clip(pos, 0, bins - 1, out=pos)
            hist[layer] = np.bincount(pos.astype(np.intp), minlength=bins) / size
            magnitude = np.abs(vals)
            outside[layer] = np.count_nonzero(magnitude > limit) / size
            sat = (
                np.count_nonzero(vals <= 0)
                if activation == "relu"
                else np.count_nonzero(magnitude > thr)
            )
            saturated[layer] = sat / size
            mean[layer] = vals.mean()
            std[layer] = vals.std()
            if not math.isfinite(std[layer]):  # the squares overflowed float32
                std[layer] = vals.std(dtype=np.float64)
            if not pre_finite[layer]:
                std[layer] = math.inf  # an overflowed layer has no finite spread
    return LayerSummary(
        edges,
        hist,
        outside,
        saturated,
        mean,
        std,
        run.grad_norms.copy(),
        pre_finite,
        run.loss,
        run.finite,
    )


def run_mlp(
    *,
    depth: int = 10,
    width: int = 64,
    batch_size: int = 128,
    activation: str = "sigmoid",
    init: str = "normal",
    scale: float = 1.0,
    bn: bool = False,
    gamma: float = 1.0,
    beta: float = 0.0,
    seed: int = 0,
    bins: int = 60,
    dtype: str = "float32",
) -> LayerSummary:
    """Build the seeded MLP and batch, run forward and backward, summarise per layer.

    Parameters
    ----------
    depth, width, init, scale, seed
        See :func:`init_mlp` (the weights depend on ``seed`` only, not on
        ``bn``, ``gamma`` or ``beta``).
    batch_size : int in [2, 1024]
        BN in training mode needs two examples.
    activation : {"sigmoid", "tanh", "relu"}
    bn : bool, default False
        Insert BN before each activation.
    gamma, beta : float
        BN's scale and shift (ignored without BN).
    bins : int, default 60
    dtype : {"float32", "float64"}, default "float32"
        float32 like a framework (and fast enough for the largest network).

    Returns
    -------
    LayerSummary

    Examples
    --------
    >>> s = run_mlp(depth=3, width=8, batch_size=16, bn=True, beta=2.0)
    >>> np.round(s.mean, 6).tolist(), s.finite
    ([2.0, 2.0, 2.0], True)
    """
    batch_size = check_int(batch_size, "batch_size", min_val=2, max_val=MAX_BATCH)
    params = init_mlp(depth, width, init=init, scale=scale, seed=seed)
    x, t = make_batch(batch_size, width, seed=seed)
    run = mlp_forward_backward(
        x, t, params, activation=activation, bn=bn, gamma=gamma, beta=beta, dtype=dtype
    )
    return summarize(run, activation, bins=bins)


def compare_mlp(
    *, gamma: float = 1.0, beta: float = 0.0, **kwargs
) -> tuple[LayerSummary, LayerSummary]:
    """The same seeded weights and batch through the MLP without and with BN.

    Parameters
    ----------
    gamma, beta : float
        BN's scale and shift (used by the BN network only).
    **kwargs
        The other arguments of :func:`run_mlp` (``depth``, ``width``,
        ``batch_size``, ``activation``, ``init``, ``scale``, ``seed``,
        ``bins``, ``dtype``).

    Returns
    -------
    plain, with_bn : LayerSummary

    Examples
    --------
    >>> plain, bn = compare_mlp(depth=6, width=32, batch_size=64, init="xavier")
    >>> bool(plain.grad_norms[0] < plain.grad_norms[-1] / 10)   # vanishing without BN
    True
    >>> bool(np.ptp(np.log10(bn.grad_norms)) < 1)               # flat with BN
    True
    """
    if "bn" in kwargs:
        raise TypeError("compare_mlp runs both networks; use run_mlp for one.")
    return run_mlp(**kwargs), run_mlp(bn=True, gamma=gamma, beta=beta, **kwargs)


# --------------------------------------------------------------------------
# Train vs inference
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class InferenceDemo:
    """Running statistics over training batches, then one example at test time.

    Attributes
    ----------
    batch_mean, batch_var : numpy.ndarray, shape (steps,)
        μ_B and the unbiased batch variance of each training batch.
    running_mean, running_var : numpy.ndarray, shape (steps + 1,)
        Running statistics before the first and after each update.
    x : float
        The test example.
    eval_out : float
        Eval mode: normalised with the running statistics.
    ideal_out : float
        Normalised with the true population statistics.
    single_out : float
        Train mode on a batch of one: always ``beta`` (degenerate).
    batch_outs : numpy.ndarray, shape (2,)
        Train mode, the same example inside two different test batches.
    """

    batch_mean: np.ndarray
    batch_var: np.ndarray
    running_mean: np.ndarray
    running_var: np.ndarray
    x: float
    eval_out: float
    ideal_out: float
    single_out: float
    batch_outs: np.ndarray


def inference_demo(
    x: float = 5.0,
    *,
    steps: int = 20,
    batch_size: int = 32,
    momentum: float = MOMENTUM,
    gamma: float = 1.0,
    beta: float = 0.0,
    mean: float = POP_MEAN,
    std: float = POP_STD,
    eps: float = EPS,
    seed: int = 0,
) -> InferenceDemo:
    r"""Train k batches of N(mean, std²) data, then push ``x`` through train and eval mode.

    Parameters
    ----------
    x : float
        The test example, ``|x| <= 1e6``.
    steps : int in [0, 500]
        Training batches (running-statistic updates); 0 leaves PyTorch's
        initial values (mean 0, variance 1).
    batch_size : int in [2, 1024]
    momentum : float in [0, 1]
    gamma, beta : float
    mean, std : float
        The population of the single channel (``std > 0``).
    eps : float
    seed : int

    Returns
    -------
    InferenceDemo

    Notes
    -----
    Train mode on a batch of one gives :math:`\hat x = 0` whatever ``x`` is,
    so the output is :math:`\beta` — the example's information is gone. In a
    larger batch the output of the same example depends on the other
    examples: forgetting ``model.eval()`` makes predictions batch-dependent.

    Examples
    --------
    >>> d = inference_demo(5.0, steps=200, batch_size=256, seed=0)
    >>> round(d.ideal_out, 3), abs(d.eval_out - d.ideal_out) < 0.1, d.single_out
    (1.0, True, 0.0)
    """
    x = float(check_scalar(x, "x", min_val=-1e6, max_val=1e6))
    steps = check_int(steps, "steps", min_val=0, max_val=MAX_STEPS)
    batch_size = check_int(batch_size, "batch_size", min_val=2, max_val=MAX_BATCH)
    mean = float(check_scalar(mean, "mean", min_val=-1e6, max_val=1e6))
    std = float(check_scalar(std, "std", min_val=0, max_val=1e6, include_boundaries="right"))
    seed = check_seed(seed)
    _check_elements("steps * batch_size", steps * batch_size)
    rng = np.random.default_rng([seed, 3])
    data = mean + std * rng.standard_normal((steps, batch_size))
    rm, rv = np.zeros(1), np.ones(1)
    running_mean, running_var = [0.0], [1.0]
    for batch in data:
        rm, rv = update_running_stats(rm, rv, batch[:, None], momentum=momentum)
        running_mean.append(float(rm[0]))
        running_var.append(float(rv[0]))
    eval_out = float(batch_norm_eval([[x]], rm, rv, gamma, beta, eps=eps)[0, 0])
    ideal_out = float(batch_norm_eval([[x]], [mean], [std**2], gamma, beta, eps=eps)[0, 0])
    single_out = float(batch_norm_train([[x]], gamma, beta, eps=eps)[0][0, 0])
    outs = []
    for _ in range(2):
        test = mean + std * rng.standard_normal((batch_size, 1))
        test[0, 0] = x
        outs.append(float(batch_norm_train(test, gamma, beta, eps=eps)[0][0, 0]))
    return InferenceDemo(
        batch_mean=data.mean(axis=1) if steps else np.zeros(0),
        batch_var=data.var(axis=1, ddof=1) if steps else np.zeros(0),
        running_mean=np.array(running_mean),
        running_var=np.array(running_var),
        x=x,
        eval_out=eval_out,
        ideal_out=ideal_out,
        single_out=single_out,
        batch_outs=np.array(outs),
    )


@dataclass(frozen=True)
class BatchNoise:
    """How much batch statistics scatter around the population's, per batch size.

    Attributes
    ----------
    sizes : numpy.ndarray of int
    mean_sd, var_sd : numpy.ndarray
        Empirical standard deviation of μ_B and of the biased σ²_B.
    mean_sd_theory, var_sd_theory : numpy.ndarray
        ``std/√N`` and ``std²·√(2(N−1))/N`` (normal data).
    """

    sizes: np.ndarray
    mean_sd: np.ndarray
    var_sd: np.ndarray
    mean_sd_theory: np.ndarray
    var_sd_theory: np.ndarray


def batch_noise(
    sizes=(2, 4, 8, 16, 32, 64, 128, 256, 512, 1024),
    *,
    std: float = POP_STD,
    trials: int = 200,
    seed: int = 0,
) -> BatchNoise:
    r"""SD of the batch mean and batch variance of N(0, std²) data vs batch size.

    Parameters
    ----------
    sizes : sequence of int in [2, 1024]
    std : float > 0
    trials : int in [10, 2000]
        Batches drawn per size.
    seed : int

    Returns
    -------
    BatchNoise

    Notes
    -----
    For normal data :math:`\operatorname{sd}(\mu_B) = \sigma/\sqrt N` and
    :math:`\operatorname{sd}(\sigma^2_B) = \sigma^2\sqrt{2(N-1)}/N`: halving
    the noise needs four times the batch.

    Examples
    --------
    >>> nb = batch_noise([4, 400], std=1.0, trials=400, seed=0)
    >>> nb.mean_sd_theory
    array([0.5 , 0.05])
    >>> bool(np.allclose(nb.mean_sd, nb.mean_sd_theory, rtol=0.15))
    True
    """
    sizes = check_array(sizes, "sizes", ndim=1, min_size=1, max_size=32, dtype=np.int64)
    if sizes.min() < 2 or sizes.max() > MAX_BATCH:
        raise ValueError(f"sizes == {sizes.tolist()}, must be in [2, {MAX_BATCH}].")
    std = float(check_scalar(std, "std", min_val=0, max_val=1e6, include_boundaries="right"))
    trials = check_int(trials, "trials", min_val=10, max_val=100_000)
    seed = check_seed(seed)
    _check_elements("max(sizes) * trials", int(sizes.max()) * trials)
    rng = np.random.default_rng([seed, 4])
    mean_sd, var_sd = [], []
    for n in sizes:
        sample = std * rng.standard_normal((trials, int(n)))
        mean_sd.append(sample.mean(axis=1).std(ddof=1))
        var_sd.append(sample.var(axis=1).std(ddof=1))
    n = sizes.astype(np.float64)
    return BatchNoise(
        sizes,
        np.array(mean_sd),
        np.array(var_sd),
        std / np.sqrt(n),
        std**2 * np.sqrt(2 * (n - 1)) / n,
    )


@dataclass(frozen=True)
class TinyBatch:
    """Every intermediate number of BN on one channel of a few examples.

    Attributes
    ----------
    x, x_hat, y : numpy.ndarray, shape (N,)
    mean, var, var_unbiased : float
        μ_B, the biased σ²_B (used to normalise) and N/(N−1)·σ²_B (used for
        the running variance).
    running_mean, running_var : float
        After one update from PyTorch's initial 0 and 1.
    dy, dx, dx_numeric : numpy.ndarray, shape (N,)
        A seeded upstream gradient, the analytic ∂L/∂x and its
        finite-difference estimate.
    """

    x: np.ndarray
    x_hat: np.ndarray
    y: np.ndarray
    mean: float
    var: float
    var_unbiased: float
    running_mean: float
    running_var: float
    dy: np.ndarray
    dx: np.ndarray
    dx_numeric: np.ndarray


def tiny_batch(
    values,
    *,
    gamma: float = 1.0,
    beta: float = 0.0,
    momentum: float = MOMENTUM,
    eps: float = EPS,
    seed: int = 0,
) -> TinyBatch:
    """BN step by step on a few numbers: μ_B, σ²_B, x̂, γx̂ + β, running update, backward.

    Parameters
    ----------
    values : array_like, shape (N,), 2 <= N <= 64
        One channel of a batch.
    gamma, beta, momentum, eps
        As in :func:`batch_norm_train` and :func:`update_running_stats`.
    seed : int
        For the upstream gradient ``dy ~ N(0, 1)`` of the backward check.

    Returns
    -------
    TinyBatch

    Examples
    --------
    >>> tb = tiny_batch([2, 4, 4, 4, 5, 5, 7, 9])
    >>> tb.mean, tb.var, round(tb.var_unbiased, 4), round(tb.running_var, 4)
    (5.0, 4.0, 4.5714, 1.3571)
    """
    x = check_array(values, "values", ndim=1, min_size=2, max_size=64)[:, None]
    momentum = float(check_scalar(momentum, "momentum", min_val=0.0, max_val=1.0))
    seed = check_seed(seed)
    y, mean, var = batch_norm_train(x, gamma, beta, eps=eps)
    x_hat = batch_norm_train(x, 1.0, 0.0, eps=eps)[0]
    rm, rv = update_running_stats(np.zeros(1), np.ones(1), x, momentum=momentum)
    dy = np.random.default_rng([seed, 5]).standard_normal(x.shape)
    dx = batch_norm_backward(dy, x, gamma, eps=eps)[0]
    dx_numeric = batch_norm_numeric_grad(dy, x, gamma, beta, eps=eps)
    n = x.shape[0]
    return TinyBatch(
        x=x[:, 0],
        x_hat=x_hat[:, 0],
        y=y[:, 0],
        mean=float(mean[0]),
        var=float(var[0]),
        var_unbiased=float(var[0] * n / (n - 1)),
        running_mean=float(rm[0]),
        running_var=float(rv[0]),
        dy=dy[:, 0],
        dx=dx[:, 0],
        dx_numeric=dx_numeric[:, 0],
    )


# --------------------------------------------------------------------------
# Reproduce in Python
# --------------------------------------------------------------------------


def snippet(
    *,
    batch,
    gamma: float = 1.0,
    beta: float = 0.0,
    depth: int = 10,
    width: int = 64,
    batch_size: int = 128,
    activation: str = "sigmoid",
    init: str = "normal",
    scale: float = 1.0,
    seed: int = 0,
    momentum: float = MOMENTUM,
) -> str:
    """Python code reproducing the page's numbers with this module.

    The code defines ``y, mu, var`` (the tiny batch), ``running_mean,
    running_var`` (one update from 0 and 1), ``dx`` (its backward pass for
    ``L = Σ y``·weights) and ``plain, with_bn`` (the MLP comparison).

    Examples
    --------
    >>> code = snippet(batch=[1.0, 2.0, 4.0])
    >>> "batch_norm_train" in code and "compare_mlp" in code
    True
    """
    values = check_array(batch, "batch", ndim=1, min_size=1, max_size=64)
    check_choice(activation, "activation", ACTIVATIONS)
    check_choice(init, "init", INITS)
    for name, value in (("gamma", gamma), ("beta", beta), ("scale", scale)):
        check_scalar(value, name)
    check_scalar(momentum, "momentum", min_val=0.0, max_val=1.0)
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    batch_size = check_int(batch_size, "batch_size", min_val=2, max_val=MAX_BATCH)
    seed = check_seed(seed)
    batch_text = ", ".join(repr(float(v)) for v in values)
    return f"""import numpy as np
from playground.batchnorm import (
    batch_norm_backward, batch_norm_train, compare_mlp, update_running_stats,
)

# The formula on a tiny batch (one channel: shape (N, 1))
x = np.array([{batch_text}])[:, None]
y, mu, var = batch_norm_train(x, gamma={float(gamma)!r}, beta={float(beta)!r}, eps=1e-5)
running_mean, running_var = update_running_stats(
    np.zeros(1), np.ones(1), x, momentum={float(momentum)!r})  # PyTorch: m = 0.1
dx, dgamma, dbeta = batch_norm_backward(np.ones_like(x), x, gamma={float(gamma)!r})
print("mu_B", mu, "sigma2_B", var, "y", y.ravel())

# The same seeded deep MLP without and with BN before each activation
plain, with_bn = compare_mlp(
    depth={int(depth)}, width={int(width)}, batch_size={int(batch_size)},
    activation={activation!r}, init={init!r}, scale={float(scale)!r},
    gamma={float(gamma)!r}, beta={float(beta)!r}, seed={int(seed)},
)
print("saturated per layer:", plain.saturated.round(3), with_bn.saturated.round(3))
print("grad norm per layer:", plain.grad_norms, with_bn.grad_norms)
"""
