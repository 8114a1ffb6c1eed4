r"""Backpropagation through a multilayer perceptron, with the numbers.

The whole story of backprop in NumPy, with nothing about screens:

- :func:`init_mlp` draws the weights (plain normal, Xavier/Glorot or He/Kaiming),
  ``W[l]`` of shape (out, in) as in PyTorch's ``Linear``: ``z = a @ W.T + b``;
- :func:`forward` and :func:`loss_value` are the forward pass and the loss;
- :func:`backprop` runs the forward pass and the δ recursion and returns every
  intermediate quantity (pre-activations ``z``, activations ``a``, ``δ = ∂L/∂z``,
  ``∂L/∂W``, ``∂L/∂b``), so a page can show each of them;
- :func:`numerical_gradients` is the independent check: central differences of
  the same loss for every weight and bias;
- :func:`gradient_norms_through_depth` measures ‖∂L/∂z‖ layer by layer in a
  deep MLP: vanishing (sigmoid), kept (tanh + Xavier, ReLU + He) or exploding
  (a too-large plain normal init).
- the interview notes' special cases and side facts: :func:`perceptron_gradient`
  (∂L/∂w_kj of one layer written entry by entry), :func:`inactive_units` (ReLU
  units passing no gradient), :func:`zigzag_paths` (why zero-centred inputs
  help), :func:`fit_target` (a typed target made valid for the loss).

Conventions. ``x`` has shape (N, d₀) and the targets ``y`` shape (N, d_L). The
loss is the mean over the N samples of the per-sample loss:

- ``"mse"``: ½ Σₖ (oₖ − tₖ)² (sum over the outputs, the textbook ½-squared error);
- ``"ce"`` with a softmax output: −Σₖ tₖ log oₖ (one-hot or probability targets);
- ``"ce"`` with a sigmoid output: −Σₖ [tₖ log oₖ + (1 − tₖ) log(1 − oₖ)]
  (binary cross-entropy of each output).

Hidden layers use ``activation`` (any name of :data:`playground.activations.NAMES`);
the output layer uses ``output`` (``linear``, ``sigmoid`` or ``softmax``). Both
cross-entropies are computed from the logits (log-sum-exp, softplus), so they
are exact for any finite logits; their δ is the famous o − t.

Examples
--------
>>> net = init_mlp([2, 3, 1], seed=0)
>>> r = backprop([[1.0, 2.0]], [[0.5]], *net)
>>> [w.shape for w in r.dW], r.delta[0].shape
([(3, 2), (1, 3)], (1, 3))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy.special import expit, log_softmax, softmax

from playground import activations as act
from playground._validation import (
    check_array,
    check_choice,
    check_int,
    check_scalar,
    check_seed,
)

__all__ = [
    "HIDDEN",
    "INITS",
    "LOSSES",
    "OUTPUTS",
    "Backprop",
    "Gradients",
    "GradientProfile",
    "MLP",
    "backprop",
    "fit_target",
    "forward",
    "gradient_norms_through_depth",
    "init_mlp",
    "inactive_units",
    "init_std",
    "loss_value",
    "numerical_gradients",
    "output_delta",
    "perceptron_gradient",
    "snippet",
    "zigzag_paths",
]

#: Weight initialisations: plain normal (std = scale), Xavier/Glorot, He/Kaiming.
INITS: tuple[str, ...] = ("normal", "xavier", "he")
#: Output layers.
OUTPUTS: tuple[str, ...] = ("linear", "sigmoid", "softmax")
#: Losses.
LOSSES: tuple[str, ...] = ("mse", "ce")
#: Hidden activations (every activation of :mod:`playground.activations`).
HIDDEN: tuple[str, ...] = act.NAMES

#: Memory caps (not UI limits): parameters of a network, values of a batch.
MAX_PARAMS = 20_000_000
MAX_VALUES = 20_000_000
MAX_LAYERS = 1000
#: Caps of :func:`gradient_norms_through_depth` that keep float64 finite.
#: With ‖W‖₂ ≈ 2·scale·√width, the worst gradient is about
#: (2.3·scale·√width)^(2·depth) ≈ 1e256 at the caps: finite.
MAX_DEPTH = 50
MAX_WIDTH = 256
MAX_BATCH = 1024
MAX_SCALE = 10.0


# ---------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------


class MLP(NamedTuple):
    """Weights ``W[l]`` (shape (d_{l+1}, d_l)) and biases ``b[l]`` (shape (d_{l+1},)).

    A named tuple, so ``weights, biases = init_mlp(...)`` and
    ``backprop(x, y, *net)`` both work.
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]


def init_std(n_in: int, n_out: int, init: str = "xavier", scale: float = 1.0) -> float:
    r"""Standard deviation of a layer's weights: s·1, s·√(2/(n_in + n_out)) or s·√(2/n_in).

    ``"normal"`` uses ``scale`` itself; ``"xavier"`` is Glorot's normal
    initialisation with gain ``scale``; ``"he"`` is Kaiming's (fan-in, ReLU)
    normal initialisation with gain ``scale``.

    Notes
    -----
    .. math:: \sigma_\text{Xavier} = s\sqrt{\tfrac{2}{n_\text{in}+n_\text{out}}},\qquad
              \sigma_\text{He} = s\sqrt{\tfrac{2}{n_\text{in}}}

    Xavier keeps the variance of the signal roughly constant forwards and
    backwards for activations with slope 1 at 0 (tanh); He does so for ReLU,
    which zeroes half of its inputs (hence the factor 2).

    Raises
    ------
    ValueError
        If a size is < 1, ``init`` is unknown or ``scale`` is not in (0, 1e6].

    Examples
    --------
    >>> init_std(64, 64, "he")
    0.1767766952966369
    >>> init_std(3, 2, "normal", 0.5)
    0.5
    """
    n_in = check_int(n_in, "n_in", min_val=1)
    n_out = check_int(n_out, "n_out", min_val=1)
    check_choice(init, "init", INITS)
    scale = float(
        check_scalar(scale, "scale", min_val=0.0, max_val=1e6, include_boundaries="right")
    )
    if init == "normal":
        return scale
    if init == "xavier":
        return scale * math.sqrt(2.0 / (n_in + n_out))
    return scale * math.sqrt(2.0 / n_in)


def _check_sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a sequence of ints, not {type(sizes).__name__}.")
    n = check_int(len(sizes), "len(sizes)", min_val=2, max_val=MAX_LAYERS + 1)
    out = [check_int(s, f"sizes[{i}]", min_val=1) for i, s in enumerate(sizes)]
    params = sum(out[i] * out[i + 1] + out[i + 1] for i in range(n - 1))
    if params > MAX_PARAMS:
        raise ValueError(f"the network has {params} parameters, must be <= {MAX_PARAMS}.")
    return out


def init_mlp(
    sizes, *, init: str = "xavier", scale: float = 1.0, seed: int = 0, decimals: int | None = None
) -> MLP:
    """Random weights W[l] ~ N(0, s_l²) (see :func:`init_std`) and zero biases.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from the input to the output, e.g. ``[2, 3, 1]``: a
        2-input, 3-hidden-unit, 1-output network (at least two entries).
    init : {"normal", "xavier", "he"}, default "xavier"
    scale : float in (0, 1e6], default 1
        Standard deviation (``normal``) or gain (``xavier``, ``he``).
    seed : int
        The same seed gives the same standard-normal draws for every ``init``
        and ``scale`` (only their size changes), drawn layer by layer, each
        ``W`` row by row.
    decimals : int in [0, 15], optional
        Round the weights to this many decimals: readable numbers for a
        worked example that anyone can retype (``None``: full precision).

    Returns
    -------
    MLP
        ``weights[l]`` of shape ``(sizes[l + 1], sizes[l])`` and
        ``biases[l]`` of shape ``(sizes[l + 1],)``, all zeros.

    Raises
    ------
    ValueError
        If ``sizes`` has fewer than two entries, an entry < 1, more than
        2·10⁷ parameters; ``init``, ``scale``, ``seed`` or ``decimals`` out
        of range.
    TypeError
        If ``sizes`` is not a sequence of ints.

    Examples
    --------
    >>> w, b = init_mlp([2, 3, 1], init="he", seed=1)
    >>> [x.shape for x in w], [x.shape for x in b]
    ([(3, 2), (1, 3)], [(3,), (1,)])
    >>> init_mlp([2, 1], seed=0, decimals=2).weights[0]
    array([[ 0.1 , -0.11]])
    """
    sizes = _check_sizes(sizes)
    check_choice(init, "init", INITS)
    seed = check_seed(seed)
    if decimals is not None:
        decimals = check_int(decimals, "decimals", min_val=0, max_val=15)
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = init_std(n_in, n_out, init, scale) * rng.standard_normal((n_out, n_in))
        weights.append(w if decimals is None else np.round(w, decimals) + 0.0)  # no -0.0
        biases.append(np.zeros(n_out))
    return MLP(weights, biases)


def _check_network(weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence):
        raise TypeError("weights must be a list of 2-D arrays.")
    if isinstance(biases, np.ndarray) or not isinstance(biases, Sequence):
        raise TypeError("biases must be a list of 1-D arrays.")
    n = check_int(len(weights), "len(weights)", min_val=1, max_val=MAX_LAYERS)
    if len(biases) != n:
        raise ValueError(f"len(biases) == {len(biases)}, must be len(weights) == {n}.")
    ws = [check_array(w, f"weights[{i}]", ndim=2, min_size=1) for i, w in enumerate(weights)]
    bs = []
    for i, (w, b) in enumerate(zip(ws, biases, strict=True)):
        if i and w.shape[1] != ws[i - 1].shape[0]:
            raise ValueError(
                f"weights[{i}].shape == {w.shape}, must have {ws[i - 1].shape[0]} columns "
                f"(the outputs of weights[{i - 1}])."
            )
        bs.append(check_array(b, f"biases[{i}]", shape=(w.shape[0],)))
    params = sum(w.size + b.size for w, b in zip(ws, bs, strict=True))
    if params > MAX_PARAMS:
        raise ValueError(f"the network has {params} parameters, must be <= {MAX_PARAMS}.")
    return ws, bs


def _as_batch(v, name: str, width: int) -> np.ndarray:
    arr = check_array(v, name, ndim=(1, 2))
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.shape[1] != width or arr.shape[0] < 1:
        raise ValueError(f"{name}.shape == {arr.shape}, must be (N, {width}) with N >= 1.")
    return arr


def _check_targets(y: np.ndarray, output: str, loss: str) -> None:
    if loss != "ce":
        return
    if output == "linear":
        raise ValueError("loss == 'ce' needs output 'sigmoid' or 'softmax', not 'linear'.")
    if (y < 0).any():
        raise ValueError(f"y has a negative entry ({y.min():.6g}), must be >= 0 for 'ce'.")
    if output == "sigmoid" and (y > 1).any():
        raise ValueError(
            f"y has an entry {y.max():.6g} > 1, must be in [0, 1] for 'ce' with a sigmoid output."
        )


def fit_target(t, output: str, loss: str) -> tuple[np.ndarray, str | None]:
    """Make a typed target valid for the loss, and say what was changed.

    - cross-entropy with softmax needs a probability vector: negative entries
      make it one-hot on the largest entry (``"one_hot"``); otherwise it is
      divided by its sum when that is not 1 (``"normalised"``); all zeros
      become one-hot on the first class (``"one_hot"``);
    - cross-entropy with a sigmoid needs entries in [0, 1]: clipped (``"clipped"``);
    - anything else is used as it is (``None``).

    Parameters
    ----------
    t : array_like, shape (K,)
    output, loss : str
        As in :func:`backprop`.

    Returns
    -------
    target : numpy.ndarray, shape (K,)
    change : {None, "normalised", "one_hot", "clipped"}

    Raises
    ------
    ValueError
        If ``t`` is not a non-empty finite 1-D array, or ``output``/``loss`` is unknown.

    Examples
    --------
    >>> fit_target([2.0, 2.0], "softmax", "ce")
    (array([0.5, 0.5]), 'normalised')
    >>> fit_target([1.5, -0.2], "sigmoid", "ce")
    (array([1., 0.]), 'clipped')
    """
    t = check_array(t, "t", ndim=1, min_size=1)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    if loss != "ce" or output == "linear":
        return t, None
    if output == "sigmoid":
        clipped = np.clip(t, 0.0, 1.0)
        return clipped, (None if np.array_equal(clipped, t) else "clipped")
    total = float(np.sum(t))
    if (t < 0).any() or total <= 0:
        one_hot = np.zeros_like(t)
        one_hot[int(np.argmax(t))] = 1.0
        return one_hot, "one_hot"
    if abs(total - 1.0) <= 1e-12:
        return t, None
    return t / total, "normalised"


# ---------------------------------------------------------------------------
# Forward pass and loss
# ---------------------------------------------------------------------------


def _output(z: np.ndarray, output: str) -> np.ndarray:
    if output == "linear":
        return z
    if output == "sigmoid":
        return expit(z)
    return softmax(z, axis=1)


def _forward(x, ws, bs, activation, output):
    """z and a for every layer (a[0] = x), no checks."""
    zs, acts = [], [x]
    a = x
    last = len(ws) - 1
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        z = a @ w.T + b
        a = _output(z, output) if i == last else act.activation(z, activation)
        zs.append(z)
        acts.append(a)
    return zs, acts


def _loss(z_out: np.ndarray, o: np.ndarray, y: np.ndarray, output: str, loss: str) -> float:
    """Mean over samples of the per-sample loss, from the logits for cross-entropy."""
    n = y.shape[0]
    if loss == "mse":
        r = o - y
        return float(0.5 * np.sum(r * r) / n)
    if output == "softmax":
        return float(-np.sum(y * log_softmax(z_out, axis=1)) / n)
    # binary cross-entropy with logits: log(1 + e^z) − t z, summed over outputs
    return float(np.sum(np.logaddexp(0.0, z_out) - y * z_out) / n)


def _loss_many(x, y, params, flats, activation, output, loss, depth) -> np.ndarray:
    """The loss of B networks at once: row b of ``flats`` holds all their parameters
    (the weights, then the biases, each raveled), shaped like ``params``."""
    shapes = [p.shape for p in params]
    cuts = np.cumsum([p.size for p in params])[:-1]
    pieces = np.split(flats, cuts, axis=1)
    batch = flats.shape[0]
    weights = zip(pieces[:depth], shapes[:depth], strict=True)
    ws = [piece.reshape(batch, *shape) for piece, shape in weights]
    bs = [piece.reshape(batch, 1, -1) for piece in pieces[depth:]]
    a = np.broadcast_to(x, (batch, *x.shape))
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        z = a @ w.transpose(0, 2, 1) + b
        a = act.activation(z, activation) if i < depth - 1 else z
    n = y.shape[0]
    if output == "softmax":
        if loss == "ce":
            return -np.sum(y * log_softmax(a, axis=-1), axis=(1, 2)) / n
        o = softmax(a, axis=-1)
    elif output == "sigmoid":
        if loss == "ce":
            return np.sum(np.logaddexp(0.0, a) - y * a, axis=(1, 2)) / n
        o = expit(a)
    else:
        o = a
    r = o - y
    return 0.5 * np.sum(r * r, axis=(1, 2)) / n


def forward(x, weights, biases, *, activation: str = "sigmoid", output: str = "linear"):
    """The forward pass: z_l = a_{l−1} W_lᵀ + b_l, a_l = f(z_l), the output o = g(z_L).

    Parameters
    ----------
    x : array_like, shape (N, d₀) or (d₀,)
    weights, biases : lists of arrays
        As returned by :func:`init_mlp`.
    activation : str, default "sigmoid"
        Hidden activation (:data:`HIDDEN`).
    output : {"linear", "sigmoid", "softmax"}, default "linear"

    Returns
    -------
    z : list of (N, d_l) arrays
        Pre-activations of layers 1..L.
    a : list of (N, d_l) arrays
        Activations, ``a[0] = x`` and ``a[L]`` the output o.

    Raises
    ------
    ValueError, TypeError
        As :func:`backprop`.

    Examples
    --------
    >>> z, a = forward([0.0, 0.0], [np.ones((1, 2))], [np.array([0.5])], output="sigmoid")
    >>> float(z[0][0, 0]), round(float(a[1][0, 0]), 4)
    (0.5, 0.6225)
    """
    ws, bs = _check_network(weights, biases)
    check_choice(activation, "activation", HIDDEN)
    check_choice(output, "output", OUTPUTS)
    x = _as_batch(x, "x", ws[0].shape[1])
    _check_values(x.shape[0], ws)
    with np.errstate(over="ignore", invalid="ignore"):
        zs, acts = _forward(x, ws, bs, activation, output)
    _check_finite(zs, "forward pass")
    return zs, acts


def _check_values(n: int, ws: list[np.ndarray]) -> None:
    values = n * sum(w.shape[0] for w in ws)
    if values > MAX_VALUES:
        raise ValueError(f"the batch needs {values} activations, must be <= {MAX_VALUES}.")


def _check_finite(arrays, what: str) -> None:
    if not all(np.isfinite(v).all() for v in arrays):
        raise ValueError(f"the {what} overflowed float64: use smaller inputs or weights.")


def loss_value(
    x,
    y,
    weights,
    biases,
    *,
    activation: str = "sigmoid",
    output: str = "linear",
    loss: str = "mse",
) -> float:
    """L: the mean over the N samples of ½Σₖ(oₖ − tₖ)² (mse) or the cross-entropy (ce).

    Arguments as in :func:`backprop`.

    Raises
    ------
    ValueError, TypeError
        As :func:`backprop`.

    Examples
    --------
    >>> w, b = [np.zeros((2, 1))], [np.zeros(2)]
    >>> round(loss_value([[1.0]], [[1.0, 0.0]], w, b, output="softmax", loss="ce"), 4)
    0.6931
    """
    ws, bs = _check_network(weights, biases)
    check_choice(activation, "activation", HIDDEN)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    x = _as_batch(x, "x", ws[0].shape[1])
    y = _as_batch(y, "y", ws[-1].shape[0])
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y.shape == {y.shape}, must have {x.shape[0]} rows like x.")
    _check_targets(y, output, loss)
    _check_values(x.shape[0], ws)
    with np.errstate(over="ignore", invalid="ignore"):
        zs, acts = _forward(x, ws, bs, activation, output)
        value = _loss(zs[-1], acts[-1], y, output, loss)
    _check_finite([*zs, [value]], "forward pass")
    return value


# ---------------------------------------------------------------------------
# Backward pass
# ---------------------------------------------------------------------------


def output_delta(z_out, o, y, *, output: str, loss: str) -> np.ndarray:
    r"""δ_L = ∂L/∂z_L for one batch, without the 1/N of the mean.

    - ``mse`` + ``linear``: o − t;
    - ``mse`` + ``sigmoid``: (o − t) ⊙ o(1 − o);
    - ``mse`` + ``softmax``: J(z)ᵀ(o − t) = o ⊙ (r − ⟨o, r⟩) with r = o − t
      (softmax mixes the outputs, so its Jacobian is not diagonal);
    - ``ce`` + ``sigmoid``: o − t;
    - ``ce`` + ``softmax``: o·Σₖtₖ − t, which is o − t for targets summing to 1.

    Parameters
    ----------
    z_out, o, y : arrays of shape (N, d_L)
        Output logits, outputs g(z_out) and targets (trusted, already checked).
    output, loss : str
        As in :func:`backprop`.

    Returns
    -------
    numpy.ndarray, shape (N, d_L)

    Raises
    ------
    ValueError
        If ``output`` or ``loss`` is unknown, or ``ce`` with a linear output.

    Examples
    --------
    >>> z = np.array([[0.0, 0.0]]); o = np.array([[0.5, 0.5]])
    >>> output_delta(z, o, np.array([[1.0, 0.0]]), output="softmax", loss="ce")
    array([[-0.5,  0.5]])
    """
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    if loss == "ce":
        if output == "linear":
            raise ValueError("loss == 'ce' needs output 'sigmoid' or 'softmax', not 'linear'.")
        if output == "softmax":
            return o * np.sum(y, axis=1, keepdims=True) - y
        return o - y
    r = o - y
    if output == "linear":
        return r
    if output == "sigmoid":
        return r * o * (1.0 - o)
    return o * (r - np.sum(o * r, axis=1, keepdims=True))


@dataclass(frozen=True)
class Backprop:
    """Everything one forward and backward pass computes.

    Attributes
    ----------
    z : tuple of (N, d_l) arrays, l = 1..L
        Pre-activations ``z_l = a_{l−1} W_lᵀ + b_l``.
    a : tuple of (N, d_l) arrays, l = 0..L
        Activations; ``a[0]`` is the input x, ``a[L]`` the output o.
    delta : tuple of (N, d_l) arrays, l = 1..L
        ``δ_l = ∂L/∂z_l`` (per sample, including the 1/N of the mean).
    dW : tuple of arrays shaped like the weights
        ``∂L/∂W_l = δ_lᵀ a_{l−1}`` (Σ over samples of δ a_{l−1}ᵀ).
    db : tuple of arrays shaped like the biases
        ``∂L/∂b_l = Σ_n δ_l``.
    loss : float
    fprime : tuple of (N, d_l) arrays, l = 1..L−1
        f′(z_l) of the hidden layers (the factor each δ is multiplied by).
    """

    z: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]
    delta: tuple[np.ndarray, ...]
    dW: tuple[np.ndarray, ...]
    db: tuple[np.ndarray, ...]
    loss: float
    fprime: tuple[np.ndarray, ...]

    @property
    def output(self) -> np.ndarray:
        """The network's output o = a[L]."""
        return self.a[-1]


def backprop(
    x,
    y,
    weights,
    biases,
    *,
    activation: str = "sigmoid",
    output: str = "linear",
    loss: str = "mse",
    relu_at_zero: float = 0.0,
) -> Backprop:
    r"""Forward pass, loss, and the δ recursion δ_l = (δ_{l+1} W_{l+1}) ⊙ f′(z_l).

    Parameters
    ----------
    x : array_like, shape (N, d₀) or (d₀,)
        Inputs (one row per sample; a 1-D array is one sample).
    y : array_like, shape (N, d_L) or (d_L,)
        Targets. ``ce`` needs ``y >= 0`` (softmax: one-hot or probabilities)
        and, with a sigmoid output, ``y <= 1``.
    weights, biases : lists of arrays
        ``weights[l]`` of shape (d_{l+1}, d_l), ``biases[l]`` of shape
        (d_{l+1},), as from :func:`init_mlp` (PyTorch ``Linear`` convention).
    activation : str, default "sigmoid"
        Activation of every hidden layer (:data:`HIDDEN`).
    output : {"linear", "sigmoid", "softmax"}, default "linear"
        Output layer.
    loss : {"mse", "ce"}, default "mse"
        ½Σₖ(oₖ − tₖ)² or cross-entropy, averaged over the N samples.
    relu_at_zero : float in [0, 1], default 0
        f′ at the kink of ReLU / leaky ReLU (0 is PyTorch's choice); see
        :func:`playground.activations.activation_grad`.

    Returns
    -------
    Backprop

    Raises
    ------
    ValueError
        Unknown ``activation``, ``output`` or ``loss``; ``ce`` with a linear
        output; shapes that do not chain (``weights[l]`` columns must equal
        ``weights[l−1]`` rows, ``x`` and ``y`` widths must match the first and
        last layer, same number of rows); NaN or ±inf anywhere; targets out
        of range for ``ce``; more than 2·10⁷ parameters or activations; a
        forward or backward pass that overflows float64.
    TypeError
        If ``weights`` or ``biases`` is not a list of arrays.

    Notes
    -----
    In column-vector form for one sample (what the page writes):

    .. math::
        z_l = W_l a_{l-1} + b_l,\quad a_l = f(z_l),\quad
        \delta_L = \frac{\partial L}{\partial z_L},\quad
        \delta_l = (W_{l+1}^\top \delta_{l+1}) \odot f'(z_l),\quad
        \frac{\partial L}{\partial W_l} = \delta_l\, a_{l-1}^\top,\quad
        \frac{\partial L}{\partial b_l} = \delta_l.

    With rows as samples (what NumPy and PyTorch store) the same recursion
    reads ``delta = (delta @ W) * fprime`` and ``dW = delta.T @ a_prev``.

    Examples
    --------
    A single sigmoid neuron with squared error (the perceptron of interview
    notes): ∂L/∂w = (o − t)·o(1 − o)·x.

    >>> r = backprop([[1.0, 2.0]], [[1.0]], [np.array([[0.5, -0.25]])], [np.zeros(1)],
    ...              output="sigmoid")
    >>> o = float(r.output[0, 0]); round(o, 4)
    0.5
    >>> r.dW[0]
    array([[-0.125, -0.25 ]])
    """
    ws, bs = _check_network(weights, biases)
    check_choice(activation, "activation", HIDDEN)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    kink = float(check_scalar(relu_at_zero, "relu_at_zero", min_val=0.0, max_val=1.0))
    x = _as_batch(x, "x", ws[0].shape[1])
    y = _as_batch(y, "y", ws[-1].shape[0])
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y.shape == {y.shape}, must have {x.shape[0]} rows like x.")
    _check_targets(y, output, loss)
    _check_values(x.shape[0], ws)
    return _run(x, y, ws, bs, activation, output, loss, kink, gradients=True)


def _run(x, y, ws, bs, activation, output, loss, kink, *, gradients: bool) -> Backprop:
    """Forward, loss and the δ recursion on checked arguments; ``gradients=False``
    skips ∂L/∂W and ∂L/∂b (the depth profile only needs δ)."""
    n = x.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        zs, acts = _forward(x, ws, bs, activation, output)
        value = _loss(zs[-1], acts[-1], y, output, loss)
        _check_finite([*zs, [value]], "forward pass")
        delta = output_delta(zs[-1], acts[-1], y, output=output, loss=loss) / n
        deltas = [delta]
        fprimes = []
        for layer in range(len(ws) - 2, -1, -1):
            fp = act.activation_grad(zs[layer], activation, relu_at_zero=kink)
            delta = (delta @ ws[layer + 1]) * fp
            fprimes.append(fp)
            deltas.append(delta)
        deltas.reverse()
        fprimes.reverse()
        dW = [d.T @ a for d, a in zip(deltas, acts[:-1], strict=True)] if gradients else []
        db = [d.sum(axis=0) for d in deltas] if gradients else []
    _check_finite([*deltas, *dW], "backward pass")
    return Backprop(
        tuple(zs), tuple(acts), tuple(deltas), tuple(dW), tuple(db), value, tuple(fprimes)
    )


class Gradients(NamedTuple):
    """Finite-difference gradients shaped like the weights and biases."""

    dW: list[np.ndarray]
    db: list[np.ndarray]


def numerical_gradients(
    x,
    y,
    weights,
    biases,
    *,
    activation: str = "sigmoid",
    output: str = "linear",
    loss: str = "mse",
    step: float = 1e-6,
) -> Gradients:
    r"""∂L/∂θ ≈ (L(θ + h) − L(θ − h)) / 2h for every weight and bias θ, one at a time.

    The independent check of :func:`backprop`: nothing but the loss is used.
    The step is relative, ``h = step · max(1, |θ|)``, so large weights are not
    perturbed below their rounding.

    Parameters
    ----------
    x, y, weights, biases, activation, output, loss
        As in :func:`backprop`.
    step : float in [1e-12, 1e-1], default 1e-6

    Returns
    -------
    Gradients
        ``dW`` and ``db`` shaped like ``weights`` and ``biases``.

    Raises
    ------
    ValueError, TypeError
        As :func:`backprop`; also if the network has more than 100,000
        parameters (two forward passes each).

    Notes
    -----
    The truncation error is O(h²) for a smooth loss. At a kink of ReLU the
    two sides disagree and the difference quotient gives the average of the
    left and right slopes (what ``relu_at_zero = 0.5`` picks).

    Examples
    --------
    >>> net = init_mlp([2, 2, 1], seed=3)
    >>> g = numerical_gradients([[0.5, -1.0]], [[0.2]], *net)
    >>> r = backprop([[0.5, -1.0]], [[0.2]], *net)
    >>> bool(np.allclose(g.dW[0], r.dW[0], atol=1e-9))
    True
    """
    ws, bs = _check_network(weights, biases)
    check_choice(activation, "activation", HIDDEN)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    step = float(check_scalar(step, "step", min_val=1e-12, max_val=0.1))
    x = _as_batch(x, "x", ws[0].shape[1])
    y = _as_batch(y, "y", ws[-1].shape[0])
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y.shape == {y.shape}, must have {x.shape[0]} rows like x.")
    _check_targets(y, output, loss)
    _check_values(x.shape[0], ws)
    params = sum(w.size + b.size for w, b in zip(ws, bs, strict=True))
    if params > 100_000:
        raise ValueError(f"the network has {params} parameters, must be <= 100000.")
    params = [*ws, *bs]
    flat = np.concatenate([p.ravel() for p in params])
    steps = step * np.maximum(1.0, np.abs(flat))
    out = np.empty_like(flat)
    # Every perturbed network is evaluated at once, in blocks: parameter i of
    # network 2k is θ_i + h_i and of network 2k + 1 is θ_i − h_i.
    block = max(1, min(256, MAX_VALUES // max(1, 2 * x.shape[0] * sum(w.size for w in ws))))
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, flat.size, block):
            index = np.arange(start, min(start + block, flat.size))
            shifts = np.zeros((2 * index.size, flat.size))
            shifts[0::2][np.arange(index.size), index] = steps[index]
            shifts[1::2][np.arange(index.size), index] = -steps[index]
            values = _loss_many(x, y, params, flat + shifts, activation, output, loss, len(ws))
            out[index] = (values[0::2] - values[1::2]) / (2.0 * steps[index])
    parts = np.split(out, np.cumsum([p.size for p in params])[:-1])
    grads = [g.reshape(p.shape) for g, p in zip(parts, params, strict=True)]
    dW, db = grads[: len(ws)], grads[len(ws) :]
    _check_finite([*dW, *db], "finite-difference check")
    return Gradients(dW, db)


def inactive_units(z_hidden, activation: str) -> list[tuple[int, int, float]]:
    """Hidden ReLU units that pass no gradient: (layer, unit, z) with z ≤ 0, counted from 1.

    For ReLU, f′(z) = 0 when z < 0 (and by PyTorch's convention at z = 0), so
    δ = 0 for such a unit and every weight into it gets ∂L/∂w = 0 for this
    input; a unit whose z is negative for every input is a "dead ReLU". Any
    other activation has no such units (leaky ReLU keeps a slope 0.01).

    Parameters
    ----------
    z_hidden : sequence of (N, d_l) or (d_l,) arrays
        Pre-activations of the hidden layers; a unit counts when z ≤ 0 for
        every sample.
    activation : str
        One of :data:`HIDDEN`.

    Returns
    -------
    list of (int, int, float)
        Layer, unit (both from 1) and the largest z of that unit over the batch.

    Raises
    ------
    ValueError
        If ``activation`` is unknown or an array holds NaN.

    Examples
    --------
    >>> inactive_units([np.array([[0.5, -0.2, 0.0]])], "relu")
    [(1, 2, -0.2), (1, 3, 0.0)]
    """
    check_choice(activation, "activation", HIDDEN)
    out = []
    for layer, z in enumerate(z_hidden, start=1):
        z = np.atleast_2d(check_array(z, f"z_hidden[{layer - 1}]", allow_inf=True))
        if activation != "relu" or z.size == 0:
            continue
        top = z.max(axis=0)
        out.extend((layer, int(j) + 1, float(top[j])) for j in np.flatnonzero(top <= 0))
    return out


def perceptron_gradient(x, o, t, *, output: str, loss: str) -> np.ndarray:
    r"""∂L/∂w_kj of one layer o = g(Wx + b) for one sample, written entry by entry.

    The formulas of interview notes, with no δ recursion:

    - sigmoid + squared error: ∂L/∂w_kj = (o_k − t_k)·o_k(1 − o_k)·x_j
      (one output: ∂L/∂w_j = (o − t)·o(1 − o)·x_j);
    - linear + squared error, or cross-entropy with a sigmoid / softmax
      output (targets summing to 1): ∂L/∂w_kj = (o_k − t_k)·x_j;
    - softmax + squared error: ∂L/∂w_kj = Σ_i (o_i − t_i)·o_i(δ_ik − o_k)·x_j,
      through the full softmax Jacobian.

    Parameters
    ----------
    x : (d,) array
        The layer's input (x for a perceptron, a_{L−1} for the last layer of
        a deeper network).
    o, t : (K,) arrays
        Output and target.
    output, loss : str
        As in :func:`backprop`.

    Returns
    -------
    numpy.ndarray, shape (K, d)

    Raises
    ------
    ValueError
        If an array is not 1-D, ``o`` and ``t`` differ in length, values are
        not finite, or ``output``/``loss`` is unknown or ``ce`` with ``linear``.

    Notes
    -----
    .. math:: \frac{\partial L}{\partial w_{kj}}
              = \frac{\partial L}{\partial o_k}\,g'(z_k)\,x_j
              = (o_k - t_k)\,o_k(1 - o_k)\,x_j \quad(\text{sigmoid, squared error})

    Examples
    --------
    >>> perceptron_gradient([1.0, 2.0], [0.5], [1.0], output="sigmoid", loss="mse")
    array([[-0.125, -0.25 ]])
    """
    x = check_array(x, "x", ndim=1, min_size=1)
    o = check_array(o, "o", ndim=1, min_size=1)
    t = check_array(t, "t", shape=o.shape)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    k, d = o.size, x.size
    grad = np.empty((k, d))
    if output == "softmax" and loss == "mse":
        jac = np.diag(o) - np.outer(o, o)  # ∂o_i/∂z_k
        for kk in range(k):
            for j in range(d):
                grad[kk, j] = sum((o[i] - t[i]) * jac[i, kk] for i in range(k)) * x[j]
        return grad
    if loss == "ce" and output == "linear":
        raise ValueError("loss == 'ce' needs output 'sigmoid' or 'softmax', not 'linear'.")
    for kk in range(k):
        factor = (o[kk] - t[kk]) * (
            o[kk] * (1.0 - o[kk]) if (output, loss) == ("sigmoid", "mse") else 1.0
        )
        for j in range(d):
            grad[kk, j] = factor * x[j]
    return grad


def zigzag_paths(
    *, steps: int = 40, lr: float = 0.8, seed: int = 0, target=(1.0, -1.0)
) -> tuple[np.ndarray, np.ndarray]:
    """SGD paths of a neuron's two weights when its inputs are all positive vs zero-centred.

    A linear neuron y = w·a learns w* = ``target`` from samples a, one per
    step, with the squared error ½(w·a − w*·a)²: w ← w − lr·(w·a − w*·a)·a.
    The same random u ~ N(0, 4) gives the inputs a = σ(u) ∈ (0, 1) (what a
    sigmoid layer outputs: all positive) and a = tanh(u/2) = 2σ(u) − 1 ∈ (−1, 1)
    (zero-centred). With positive inputs each update is a multiple of a
    vector with two positive entries, so both weights move up together or
    down together: reaching a w* with entries of opposite signs takes a
    zig-zag (why zero-centred activations help).

    Parameters
    ----------
    steps : int in [1, 10_000], default 40
    lr : float in (0, 1], default 0.8
        Small enough for stability (‖a‖² < 2).
    seed : int, default 0
    target : pair of floats, default (1, −1)

    Returns
    -------
    positive, centred : arrays of shape (steps + 1, 2)
        The weights after each step, starting at (0, 0).

    Raises
    ------
    ValueError
        If an argument is out of range or ``target`` is not two finite numbers.

    Examples
    --------
    >>> pos, cen = zigzag_paths(steps=30)
    >>> steps = np.diff(pos, axis=0)
    >>> bool(np.all(steps[:, 0] * steps[:, 1] >= 0))  # both weights move the same way
    True
    """
    steps = check_int(steps, "steps", min_val=1, max_val=10_000)
    lr = float(check_scalar(lr, "lr", min_val=0.0, max_val=1.0, include_boundaries="right"))
    seed = check_seed(seed)
    w_star = check_array(target, "target", shape=(2,))
    u = 2.0 * np.random.default_rng([seed, 11]).standard_normal((steps, 2))
    paths = []
    for inputs in (expit(u), np.tanh(u / 2.0)):
        w = np.zeros(2)
        path = [w.copy()]
        for a in inputs:
            w = w - lr * float((w - w_star) @ a) * a
            path.append(w.copy())
        paths.append(np.array(path))
    return paths[0], paths[1]


# ---------------------------------------------------------------------------
# Vanishing and exploding gradients
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradientProfile:
    """‖∂L/∂z_l‖ through the hidden layers of a deep MLP, and the activations' share.

    Attributes
    ----------
    norms : numpy.ndarray, shape (depth,)
        Frobenius norm of δ_l = ∂L/∂z_l over the batch, for the hidden
        layers l = 1..depth (layer 1 is next to the input).
    fprime_bound : numpy.ndarray, shape (depth,)
        ‖δ_depth‖·m^(depth − l) with m = sup |f′|: how far the activations
        alone could shrink or grow δ (0.25 per layer for the sigmoid) if every
        weight matrix had spectral norm 1.
    mean_fprime : numpy.ndarray, shape (depth,)
        Average f′(z_l) over the batch and units of each hidden layer: the
        factor the activations actually apply.
    """

    norms: np.ndarray
    fprime_bound: np.ndarray
    mean_fprime: np.ndarray

    @property
    def ratio(self) -> float:
        """‖δ_1‖ / ‖δ_depth‖: how much of the gradient reaches the first layer."""
        top = float(self.norms[-1])
        return float(self.norms[0]) / top if top > 0 else math.inf


def _fro(a: np.ndarray) -> float:
    """Frobenius norm without overflow in the squares."""
    m = float(np.max(np.abs(a))) if a.size else 0.0
    if m == 0.0 or not math.isfinite(m):
        return m
    return m * float(np.linalg.norm(a / m))


def gradient_norms_through_depth(
    *,
    depth: int,
    width: int,
    activation: str,
    init: str,
    scale: float = 1.0,
    seed: int = 0,
    batch: int = 64,
) -> GradientProfile:
    """‖∂L/∂z_l‖ for l = 1..depth in an MLP of ``depth`` hidden layers of ``width`` units.

    The network maps x ~ N(0, I) (``batch`` × ``width``, seeded) through
    ``depth`` hidden layers with ``activation`` to one linear output, with the
    squared error against targets t ~ N(0, 1); weights from :func:`init_mlp`
    with ``init``, ``scale`` and ``seed``, biases 0. One pass of :func:`backprop`'s
    forward pass and δ recursion (without ∂L/∂W, which the profile does not need).

    Parameters
    ----------
    depth : int in [1, 50]
    width : int in [1, 256]
    activation : str
        Hidden activation (:data:`HIDDEN`).
    init : {"normal", "xavier", "he"}
    scale : float in (0, 10], default 1
        Standard deviation (``normal``) or gain (``xavier``, ``he``).
    seed : int, default 0
    batch : int in [1, 1024], default 64

    Returns
    -------
    GradientProfile

    Raises
    ------
    ValueError
        If an argument is out of range or unknown.

    Notes
    -----
    ‖δ_l‖ ≤ ‖W_{l+1}‖₂ · sup|f′| · ‖δ_{l+1}‖ at every layer (spectral norm
    ‖·‖₂): the activations contribute at most sup|f′| per layer. Sigmoid:
    sup f′ = 1/4, so unless the weights are large the gradient shrinks
    geometrically towards the input (vanishing gradients). ReLU and tanh
    have sup f′ = 1: the weights' scale decides, which is what He (ReLU) and
    Xavier (tanh) initialisation set right. The caps keep every value finite
    in float64 (at most about 10^(depth·log10(scale·√width))).

    Examples
    --------
    >>> p = gradient_norms_through_depth(depth=10, width=32, activation="sigmoid",
    ...                                  init="xavier")
    >>> p.norms.shape, bool(p.norms[0] < 1e-3 * p.norms[-1])
    ((10,), True)
    """
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    check_choice(activation, "activation", HIDDEN)
    check_choice(init, "init", INITS)
    scale = float(
        check_scalar(scale, "scale", min_val=0.0, max_val=MAX_SCALE, include_boundaries="right")
    )
    seed = check_seed(seed)
    batch = check_int(batch, "batch", min_val=1, max_val=MAX_BATCH)
    weights, biases = init_mlp([width] * (depth + 1) + [1], init=init, scale=scale, seed=seed)
    rng = np.random.default_rng([seed, 7])
    x = rng.standard_normal((batch, width))
    y = rng.standard_normal((batch, 1))
    run = _run(x, y, weights, biases, activation, "linear", "mse", 0.0, gradients=False)
    hidden = run.delta[:-1]
    norms = np.array([_fro(d) for d in hidden])
    m = act.max_derivative(activation)  # = sup |f′| (GELU's and SiLU's dips below 0 are smaller)
    steps = np.arange(depth - 1, -1, -1, dtype=float)  # depth − l for l = 1..depth
    with np.errstate(over="ignore", under="ignore"):
        fprime_bound = norms[-1] * m**steps
    mean_fprime = np.array([float(np.mean(f)) for f in run.fprime])
    return GradientProfile(norms, fprime_bound, mean_fprime)


# ---------------------------------------------------------------------------
# Reproduce in Python
# ---------------------------------------------------------------------------


def _literal(arr: np.ndarray) -> str:
    return repr(np.asarray(arr, dtype=float).tolist())


def snippet(
    x,
    y,
    weights,
    biases,
    *,
    activation: str,
    output: str,
    loss: str,
    relu_at_zero: float = 0.0,
    depth: int = 20,
    width: int = 64,
    init: str = "xavier",
    scale: float = 1.0,
    seed: int = 0,
    batch: int = 64,
) -> str:
    """The "Reproduce in Python" code for the page's settings (validated first).

    Raises
    ------
    ValueError, TypeError
        As the argument checks of :func:`backprop` (shapes, names, ranges) and
        :func:`gradient_norms_through_depth`.

    Examples
    --------
    >>> w, b = init_mlp([2, 1], seed=0)
    >>> code = snippet([1.0, 0.0], [0.5], w, b, activation="relu", output="linear", loss="mse")
    >>> code.splitlines()[0]
    'import numpy as np'
    """
    ws, bs = _check_network(weights, biases)
    check_choice(activation, "activation", HIDDEN)
    check_choice(output, "output", OUTPUTS)
    check_choice(loss, "loss", LOSSES)
    check_scalar(relu_at_zero, "relu_at_zero", min_val=0.0, max_val=1.0)
    x = _as_batch(x, "x", ws[0].shape[1])
    y = _as_batch(y, "y", ws[-1].shape[0])
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    check_choice(init, "init", INITS)
    scale = float(check_scalar(scale, "scale", min_val=1e-12, max_val=MAX_SCALE))
    seed = check_seed(seed)
    batch = check_int(batch, "batch", min_val=1, max_val=MAX_BATCH)
    w_text = ",\n    ".join(f"np.array({_literal(w)})" for w in ws)
    b_text = ",\n    ".join(f"np.array({_literal(b)})" for b in bs)
    return (
        "import numpy as np\n"
        "from playground import backprop as bp\n"
        "\n"
        f"x = np.array([{_literal(np.ravel(x))[1:-1]}])  # one sample, shape (1, d0)\n"
        f"y = np.array([{_literal(np.ravel(y))[1:-1]}])\n"
        f"weights = [\n    {w_text},\n]\n"
        f"biases = [\n    {b_text},\n]\n"
        f"kw = dict(activation={activation!r}, output={output!r}, loss={loss!r})\n"
        f"r = bp.backprop(x, y, weights, biases, relu_at_zero={float(relu_at_zero)!r}, **kw)\n"
        "check = bp.numerical_gradients(x, y, weights, biases, **kw)\n"
        "print('loss =', r.loss)\n"
        "for l, (g, fd) in enumerate(zip(r.dW, check.dW), start=1):\n"
        "    print(f'dW{l} =', g.round(6), ' max |backprop - fd| =', abs(g - fd).max())\n"
        "\n"
        "# Vanishing gradients: ||dL/dz|| per hidden layer (layer 1 is next to the input)\n"
        f"profile = bp.gradient_norms_through_depth(depth={depth}, width={width},\n"
        f"    activation={activation!r}, init={init!r}, scale={float(scale)!r}, seed={seed},\n"
        f"    batch={batch})\n"
        "print(profile.norms)\n"
    )
