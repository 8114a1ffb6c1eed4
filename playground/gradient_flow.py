r"""Why gradients survive depth and time: residual blocks and LSTM gates, in NumPy.

The whole story in two halves, with nothing about screens.

**Depth: residual vs plain blocks.** A stack of ``depth`` square layers
(``width x width`` weights, PyTorch's row convention ``u = h Wᵀ + b``)::

    plain     h_{l+1} = f(W_l h_l + b_l)
    residual  h_{l+1} = h_l + f(W_l h_l + b_l)

with the loss ``L = (1/N) Σ_n ½‖h_depth⁽ⁿ⁾‖²`` averaged over a batch of ``N``
inputs. Backpropagation multiplies the gradient by one block Jacobian per
layer: ``diag(f'(u)) W`` for a plain block, ``I + diag(f'(u)) W`` for a
residual one. A product of factors whose singular values are below 1 collapses
geometrically; the identity keeps every factor near 1 (:func:`init_deep_net`,
:func:`deep_net_gradients`, :func:`block_jacobian`, :func:`block_view`).

**Time: LSTM vs a plain RNN.** PyTorch's ``nn.LSTM`` layout and gate order
(i, f, g, o)::

    [i, f, g, o] = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh   (split in 4 blocks of H)
    i, f, o = σ(·),  g = tanh(·)
    c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t,   h_t = o_t ⊙ tanh(c_t)

The cell state has an additive path whose Jacobian is ``diag(f_t)``: over many
steps the direct path multiplies the forget gates, ``∏ diag(f_s)``, which a
forget bias near 1–2 keeps close to 1. A tanh RNN (``RNNCell``:
``h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``) multiplies
``diag(1 - h_t²) W_hh`` instead and forgets geometrically
(:func:`lstm_forward`, :func:`cell_jacobians`, :func:`forget_path`,
:func:`rnn_forward`, :func:`rnn_jacobians`, :func:`rnn_jacobian_norms`).

Time indices follow the formulas: the inputs are ``x_1 .. x_T`` (rows
``0 .. T-1`` of ``xs``), ``c_0, h_0`` are the initial state, and per-step
arrays have ``T`` rows (row ``t - 1`` is step ``t``); Jacobians "from step t
to T" have ``T + 1`` entries, indexed by ``t = 0 .. T``.

Every activation comes from :mod:`playground.activations` (the sigmoid is
SciPy's ``expit``), so nothing here overflows for inputs up to 1e6 and beyond.
Random state always comes in as ``seed``. Norms of matrices are spectral
norms (the largest singular value: the most a perturbation can grow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from playground import activations
from playground._validation import (
    check_array,
    check_choice,
    check_int,
    check_scalar,
    check_seed,
)
from playground.activations import NAMES, fast_activation, grad_from_output

__all__ = [
    "INITS",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_HIDDEN",
    "MAX_STEPS",
    "MAX_WIDTH",
    "BlockView",
    "DeepNetComparison",
    "DeepNetRun",
    "ForgetSweep",
    "LSTMParams",
    "LSTMStep",
    "LSTMTrace",
    "MemoryComparison",
    "RNNParams",
    "block_jacobian",
    "block_jacobian_fd",
    "block_view",
    "cell_jacobians",
    "compare_deep_nets",
    "compare_memory",
    "deep_net_gradients",
    "deep_net_inputs",
    "forget_bias_sweep",
    "forget_half_life",
    "forget_path",
    "init_deep_net",
    "init_lstm",
    "lstm_cell",
    "lstm_cell_jacobian",
    "lstm_cell_jacobian_fd",
    "lstm_forward",
    "memory_reach",
    "memory_sequence",
    "rnn_cell",
    "rnn_forward",
    "rnn_from_lstm",
    "rnn_jacobian_norms",
    "rnn_jacobians",
    "snippet",
    "spectral_norms",
]

#: Weight initialisations of :func:`init_deep_net`.
INITS: tuple[str, ...] = ("xavier", "he", "normal")
#: Largest number of values in one stored array (80 MB of float64): the deep
#: net keeps every hidden state and gradient, the LSTM every Jacobian.
MAX_ELEMENTS = 10_000_000
MAX_DEPTH = 10_000
MAX_WIDTH = 4096
MAX_STEPS = 100_000
MAX_HIDDEN = 2048
_FAST = ("sigmoid", "tanh", "relu")


def _check_elements(what: str, count: int) -> None:
    if count > MAX_ELEMENTS:
        raise ValueError(f"{what} == {count}, must be <= {MAX_ELEMENTS}.")


def _finite_or_inf(a: np.ndarray) -> np.ndarray:
    """NaN (only ever born from ∞ − ∞ or 0·∞ after an overflow) becomes +∞."""
    if np.isnan(a).any():
        a = np.where(np.isnan(a), np.inf, a)
    return a


def _row_scale(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """(rows with ±inf or nan, the array with those zeroed, max |a| per row, squares safe?)."""
    finite = np.isfinite(a)
    bad = ~finite.all(axis=1)
    clean = a if not bad.any() else np.where(finite, a, 0.0)
    top = np.abs(clean).max(axis=1, initial=0.0)
    nonzero = top[top > 0]
    safe = nonzero.size == 0 or (nonzero.min() > 1e-140 and nonzero.max() < 1e140)
    return bad, clean, top, bool(safe)


def _norms(a: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row of a 2-D array; squares are scaled when they could
    overflow or underflow. ``inf`` for a row that holds ``±inf`` (or ``nan``)."""
    bad, clean, top, safe = _row_scale(a)
    if safe:
        out = np.sqrt(np.einsum("ij,ij->i", clean, clean))
    else:
        scale = np.where(top > 0, top, 1.0)
        unit = clean / scale[:, None]
        out = top * np.sqrt(np.einsum("ij,ij->i", unit, unit))
    return np.where(bad, np.inf, out)


def _spreads(a: np.ndarray) -> np.ndarray:
    """Standard deviation of each row of a 2-D array, scaled like :func:`_norms`."""
    bad, clean, top, safe = _row_scale(a)
    if safe:
        out = np.std(clean, axis=1)
    else:
        scale = np.where(top > 0, top, 1.0)
        out = top * np.std(clean / scale[:, None], axis=1)
    return np.where(bad, np.inf, out)


# ---------------------------------------------------------------------------
# Depth: plain and residual stacks of square layers
# ---------------------------------------------------------------------------


def init_deep_net(
    depth: int, width: int, *, init: str = "xavier", scale: float = 1.0, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""W_l ~ N(0, s²) of shape (width, width) and b_l = 0, for l = 0 .. depth − 1.

    Parameters
    ----------
    depth : int in [1, 10000]
        Number of blocks.
    width : int in [1, 4096]
        Units per layer (input included): every ``W`` is square.
    init : {"xavier", "he", "normal"}, default "xavier"
        ``s = scale·√(2/(n_in + n_out)) = scale/√width`` (Glorot),
        ``s = scale·√(2/width)`` (He) or ``s = scale`` (plain normal).
    scale : float in (0, 1e6], default 1
        Gain of Xavier and He, or the standard deviation itself.
    seed : int
        The same seed gives the same standard-normal draws for every ``init``
        and ``scale`` (only their size changes).

    Returns
    -------
    list of (W, b)
        ``W`` of shape ``(width, width)``, ``b`` of shape ``(width,)``.

    Raises
    ------
    ValueError
        If ``depth``, ``width``, ``scale`` or ``seed`` is out of range, ``init``
        is unknown, or ``depth·width²`` exceeds :data:`MAX_ELEMENTS`.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    .. math:: s_{\text{Xavier}} = \sqrt{\tfrac{2}{n_\text{in}+n_\text{out}}},\qquad
              s_{\text{He}} = \sqrt{\tfrac{2}{n_\text{in}}}

    Examples
    --------
    >>> params = init_deep_net(3, 4, init="he", seed=1)
    >>> len(params), params[0][0].shape, params[0][1].shape
    (3, (4, 4), (4,))
    """
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    check_choice(init, "init", INITS)
    scale = float(
        check_scalar(scale, "scale", min_val=0.0, max_val=1e6, include_boundaries="right")
    )
    seed = check_seed(seed)
    _check_elements("depth * width * width", depth * width * width)
    base = {"xavier": 1.0 / math.sqrt(width), "he": math.sqrt(2.0 / width), "normal": 1.0}
    std = scale * base[init]
    rng = np.random.default_rng([seed, 1])
    return [(std * rng.standard_normal((width, width)), np.zeros(width)) for _ in range(depth)]


def deep_net_inputs(batch: int, width: int, *, seed: int = 0) -> np.ndarray:
    """x ~ N(0, 1) of shape (batch, width): the batch fed to the deep nets.

    Raises
    ------
    ValueError
        If ``batch`` or ``width`` is out of range or ``batch·width`` exceeds
        :data:`MAX_ELEMENTS`.

    Examples
    --------
    >>> deep_net_inputs(5, 3, seed=0).shape
    (5, 3)
    """
    batch = check_int(batch, "batch", min_val=1, max_val=MAX_ELEMENTS)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    seed = check_seed(seed)
    _check_elements("batch * width", batch * width)
    return np.random.default_rng([seed, 2]).standard_normal((batch, width))


def _check_params(params, width: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    if isinstance(params, (str, bytes)) or not hasattr(params, "__len__"):
        raise TypeError(f"params must be a list of (W, b) pairs, not {type(params).__name__}.")
    if len(params) == 0:
        raise ValueError("len(params) == 0, must be >= 1.")
    if len(params) > MAX_DEPTH:
        raise ValueError(f"len(params) == {len(params)}, must be <= {MAX_DEPTH}.")
    out = []
    for k, pair in enumerate(params):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"params[{k}] must be a pair (W, b).")
        W = check_array(pair[0], f"params[{k}][0]", ndim=2, max_size=MAX_WIDTH**2)
        w = W.shape[0] if width is None else width
        if W.shape != (w, w):
            raise ValueError(f"params[{k}][0].shape == {W.shape}, must be ({w}, {w}).")
        b = check_array(pair[1], f"params[{k}][1]", shape=(w,))
        width = w
        out.append((W, b))
    return out


@dataclass(frozen=True)
class DeepNetRun:
    """One forward and backward pass of a plain or residual stack.

    Attributes
    ----------
    hidden : numpy.ndarray, shape (depth + 1, N, width)
        ``h_0 = x`` .. ``h_depth``.
    grads : numpy.ndarray, shape (depth + 1, N, width)
        ``∂L/∂h_l`` for ``L = (1/N) Σ_n ½‖h_depth⁽ⁿ⁾‖²``.
    grad_norms : numpy.ndarray, shape (depth + 1,)
        ``‖∂L/∂h_l‖`` (Frobenius norm over the batch and the units).
    spread : numpy.ndarray, shape (depth + 1,)
        Standard deviation of ``h_l`` over the batch and the units.
    loss : float
    activation : str
    residual : bool
    finite : bool
        False when the forward pass overflowed (values beyond ~1e308): the
        affected entries are ``±inf``, their norms and spreads ``inf``.
    """

    hidden: np.ndarray
    grads: np.ndarray
    grad_norms: np.ndarray
    spread: np.ndarray
    loss: float
    activation: str
    residual: bool
    finite: bool

    @property
    def depth(self) -> int:
        return self.hidden.shape[0] - 1

    @property
    def gain(self) -> float:
        """‖∂L/∂h_0‖ / ‖∂L/∂h_depth‖: how much the gradient grew from the top to the input."""
        top, bottom = float(self.grad_norms[-1]), float(self.grad_norms[0])
        if not (math.isfinite(top) and math.isfinite(bottom)):
            return math.inf
        if top == 0:
            return 0.0 if bottom == 0 else math.inf
        return bottom / top


def _act(u: np.ndarray, name: str) -> np.ndarray:
    return fast_activation(u, name) if name in _FAST else activations.activation(u, name)


def _act_grad(u: np.ndarray, a: np.ndarray, name: str) -> np.ndarray:
    return grad_from_output(a, name) if name in _FAST else activations.activation_grad(u, name)


def deep_net_gradients(
    x, params, *, activation: str = "tanh", residual: bool = False
) -> DeepNetRun:
    r"""Forward h_{l+1} = [h_l +] f(W_l h_l + b_l), then ∂L/∂h_l for L = mean ½‖h_depth‖².

    Parameters
    ----------
    x : array_like, shape (N, width) or (width,)
        The input batch ``h_0`` (a single vector is a batch of one).
    params : sequence of (W, b)
        As returned by :func:`init_deep_net`; every ``W`` of shape
        ``(width, width)``.
    activation : str, default "tanh"
        Any name of :data:`playground.activations.NAMES`.
    residual : bool, default False
        Add the skip connection ``h_l +``.

    Returns
    -------
    DeepNetRun

    Raises
    ------
    ValueError
        If ``x`` is not finite or has the wrong shape, ``params`` is empty or
        has a mis-shaped or non-finite array, ``activation`` is unknown, or
        ``(depth + 1)·N·width`` exceeds :data:`MAX_ELEMENTS`.
    TypeError
        If ``params`` is not a sequence or ``residual`` is not a bool.

    Notes
    -----
    With :math:`u_l = W_l h_l + b_l` and :math:`D_l = \operatorname{diag} f'(u_l)`:

    .. math::
        \frac{\partial L}{\partial h_{\text{depth}}} = \frac{h_{\text{depth}}}{N},\qquad
        \frac{\partial L}{\partial h_l} =
        \Big(\underbrace{I}_{\text{residual}} + D_l W_l\Big)^{\!\top}
        \frac{\partial L}{\partial h_{l+1}}

    Examples
    --------
    >>> params = init_deep_net(20, 16, seed=0)
    >>> x = deep_net_inputs(32, 16, seed=0)
    >>> plain = deep_net_gradients(x, params, activation="sigmoid")
    >>> skip = deep_net_gradients(x, params, activation="sigmoid", residual=True)
    >>> bool(plain.gain < 1e-9 < 0.1 < skip.gain)
    True
    """
    check_choice(activation, "activation", NAMES)
    if not isinstance(residual, (bool, np.bool_)):
        raise TypeError(f"residual must be an instance of bool, not {type(residual).__name__}.")
    h0 = check_array(x, "x", ndim=(1, 2), min_size=1)
    layers = _check_params(params)
    width = layers[0][0].shape[0]
    h0 = h0.reshape(1, -1) if h0.ndim == 1 else h0
    if h0.shape[1] != width:
        raise ValueError(f"x.shape[-1] == {h0.shape[1]}, must be {width} (the width of W).")
    n, depth = h0.shape[0], len(layers)
    _check_elements("(depth + 1) * N * width", (depth + 1) * n * width)
    hidden = np.empty((depth + 1, n, width))
    slopes = np.empty((depth, n, width))
    hidden[0] = h0
    with np.errstate(all="ignore"):
        for k, (W, b) in enumerate(layers):  # block k: h_k -> h_{k+1}
            u = hidden[k] @ W.T + b
            a = _act(u, activation)
            slopes[k] = _act_grad(u, a, activation)
            hidden[k + 1] = hidden[k] + a if residual else a
        grads = np.empty_like(hidden)
        grads[depth] = hidden[depth] / n
        for k in range(depth - 1, -1, -1):
            through = (grads[k + 1] * slopes[k]) @ layers[k][0]
            grads[k] = grads[k + 1] + through if residual else through
        top = hidden[depth]
        m = float(np.max(np.abs(top))) if np.isfinite(top).all() else math.inf
        loss = 0.0 if m == 0 else 0.5 * m * m * float(np.sum((top / m) ** 2)) / n
    finite = bool(np.isfinite(hidden).all())
    flat_h, flat_g = hidden.reshape(depth + 1, -1), grads.reshape(depth + 1, -1)
    norms, spread = _norms(flat_g), _spreads(flat_h)
    grads = _finite_or_inf(grads)
    if not finite:  # the loss is infinite: so is every gradient
        norms[:] = np.inf
        hidden = _finite_or_inf(hidden)
        loss = math.inf
    return DeepNetRun(
        hidden=hidden,
        grads=grads,
        grad_norms=norms,
        spread=spread,
        loss=float(loss) if math.isfinite(loss) else math.inf,
        activation=activation,
        residual=bool(residual),
        finite=finite,
    )


def block_jacobian(h, W, b, *, activation: str = "tanh", residual: bool = False) -> np.ndarray:
    r"""∂h_{l+1}/∂h_l = [I +] diag(f'(W h + b)) W for one input vector h.

    Parameters
    ----------
    h : array_like, shape (width,)
        The block's input ``h_l`` (one example).
    W : array_like, shape (width, width)
    b : array_like, shape (width,)
    activation : str, default "tanh"
        Any name of :data:`playground.activations.NAMES`.
    residual : bool, default False
        Add the identity of the skip connection.

    Returns
    -------
    numpy.ndarray, shape (width, width)
        Entry ``[i, j]`` is ``∂h_{l+1, i} / ∂h_{l, j}``.

    Raises
    ------
    ValueError
        If an array is mis-shaped or not finite, or ``activation`` is unknown.

    Notes
    -----
    .. math:: \frac{\partial h_{l+1}}{\partial h_l} = I + \frac{\partial F}{\partial h_l}
              = I + \operatorname{diag}\!\big(f'(W h_l + b)\big)\, W

    Examples
    --------
    >>> J = block_jacobian([0.0, 0.0], [[0.5, 0.0], [0.0, 0.5]], [0.0, 0.0], residual=True)
    >>> J.tolist()  # tanh'(0) = 1: I + W
    [[1.5, 0.0], [0.0, 1.5]]
    """
    check_choice(activation, "activation", NAMES)
    W = check_array(W, "W", ndim=2)
    width = W.shape[0]
    W = check_array(W, "W", shape=(width, width))
    h = check_array(h, "h", shape=(width,))
    b = check_array(b, "b", shape=(width,))
    with np.errstate(all="ignore"):
        u = W @ h + b
        J = activations.activation_grad(u, activation)[:, None] * W
    if residual:
        J = J + np.eye(width)
    return _finite_or_inf(J)


def block_jacobian_fd(
    h, W, b, *, activation: str = "tanh", residual: bool = False, step: float = 1e-6
) -> np.ndarray:
    """Central differences of the block h ↦ [h +] f(W h + b): the check of :func:`block_jacobian`.

    Every coordinate moves by ``step·max(1, max_j |h_j|)``, so that the
    pre-activations of a residual stream that grew to 1e20 still change by more
    than their rounding.

    Raises
    ------
    ValueError
        As :func:`block_jacobian`, and if ``step`` is not in (0, 1].

    Examples
    --------
    >>> args = ([0.3, -0.2], [[0.5, 0.1], [-0.4, 0.8]], [0.1, 0.0])
    >>> bool(np.allclose(block_jacobian_fd(*args), block_jacobian(*args), atol=1e-8))
    True
    """
    check_choice(activation, "activation", NAMES)
    step = float(check_scalar(step, "step", min_val=0.0, max_val=1.0, include_boundaries="right"))
    W = check_array(W, "W", ndim=2)
    width = W.shape[0]
    W = check_array(W, "W", shape=(width, width))
    h = check_array(h, "h", shape=(width,))
    b = check_array(b, "b", shape=(width,))
    # Relative to the largest entry: with a stream at 1e20, W h + b is that large too,
    # and a smaller move would be lost to rounding.
    steps = np.full(width, step * max(1.0, float(np.max(np.abs(h)))))
    eye = np.diag(steps)
    plus, minus = h + eye, h - eye  # row j: h ± step_j·e_j
    with np.errstate(all="ignore"):
        fp = activations.activation(plus @ W.T + b, activation)
        fm = activations.activation(minus @ W.T + b, activation)
        J = ((fp - fm) / (2 * steps[:, None])).T
    if residual:
        J = J + np.eye(width)
    return _finite_or_inf(J)


def _singular_values(J: np.ndarray) -> np.ndarray:
    if not np.isfinite(J).all():
        return np.full(J.shape[-1], np.inf)
    return np.linalg.svd(J, compute_uv=False)


@dataclass(frozen=True)
class BlockView:
    """The Jacobians of one block ``l`` (``h_l → h_{l+1}``) for the first example.

    Attributes
    ----------
    layer : int
    plain : numpy.ndarray
        ``diag(f'(u_l)) W_l`` at the plain net's ``h_l``.
    branch : numpy.ndarray
        ``∂F/∂h_l = diag(f'(u_l)) W_l`` at the residual net's ``h_l``.
    residual : numpy.ndarray
        ``I + branch``: the residual block's Jacobian.
    plain_sv, branch_sv, residual_sv : numpy.ndarray
        Their singular values, largest first.
    plain_gain, residual_gain : float
        ``‖∂L/∂h_l‖ / ‖∂L/∂h_{l+1}‖`` in each whole batch run (``inf`` if the
        upper norm is 0 and the lower is not, 1 if both are 0).
    """

    layer: int
    plain: np.ndarray
    branch: np.ndarray
    residual: np.ndarray
    plain_sv: np.ndarray
    branch_sv: np.ndarray
    residual_sv: np.ndarray
    plain_gain: float
    residual_gain: float


def _ratio(num: float, den: float) -> float:
    if not (math.isfinite(num) and math.isfinite(den)):
        return math.inf
    if den == 0:
        return 1.0 if num == 0 else math.inf
    return num / den


def block_view(
    params, plain: DeepNetRun, residual: DeepNetRun, layer: int, *, example: int = 0
) -> BlockView:
    r"""Block ``layer``'s Jacobians in both nets, their singular values and gradient gains.

    Parameters
    ----------
    params : sequence of (W, b)
        The weights both runs used.
    plain, residual : DeepNetRun
        :func:`deep_net_gradients` without and with the skip connection.
    layer : int in [0, depth − 1]
    example : int, default 0
        Which input of the batch the Jacobians are evaluated at.

    Returns
    -------
    BlockView

    Raises
    ------
    ValueError
        If ``layer`` or ``example`` is out of range, the runs do not match
        ``params``, are of the wrong kind, or overflowed (``finite`` is False).
    TypeError
        If ``params`` is not a sequence or a run is not a :class:`DeepNetRun`.

    Notes
    -----
    .. math:: \frac{\partial L}{\partial h_0} = J_0^{\top} J_1^{\top}\cdots
              J_{\text{depth}-1}^{\top}\,\frac{\partial L}{\partial h_\text{depth}}

    A plain ``J_l`` has singular values below 1 whenever ``f'·‖W‖ < 1`` and
    the product collapses; a residual ``I + ∂F/∂h`` keeps them near 1.

    Examples
    --------
    >>> params = init_deep_net(10, 8, seed=0)
    >>> x = deep_net_inputs(4, 8)
    >>> p = deep_net_gradients(x, params, activation="sigmoid")
    >>> r = deep_net_gradients(x, params, activation="sigmoid", residual=True)
    >>> v = block_view(params, p, r, 3)
    >>> bool(v.plain_sv[0] < 0.5 < v.residual_sv[-1])
    True
    """
    if isinstance(params, (str, bytes)) or not hasattr(params, "__len__"):
        raise TypeError(f"params must be a list of (W, b) pairs, not {type(params).__name__}.")
    if not isinstance(plain, DeepNetRun) or not isinstance(residual, DeepNetRun):
        raise TypeError("plain and residual must be DeepNetRun results.")
    if plain.residual or not residual.residual:
        raise ValueError("plain must be a run without and residual a run with the skip.")
    depth = len(params)
    if plain.depth != depth or residual.depth != depth:
        raise ValueError(f"the runs have depth {plain.depth}, {residual.depth}, must be {depth}.")
    if not (plain.finite and residual.finite):
        raise ValueError("a run overflowed (finite == False): its Jacobians are not defined.")
    layer = check_int(layer, "layer", min_val=0, max_val=depth - 1)
    example = check_int(example, "example", min_val=0, max_val=plain.hidden.shape[1] - 1)
    width = plain.hidden.shape[2]
    (W, b), *_ = _check_params([params[layer]], width)  # only the block looked at
    act = plain.activation
    Jp = block_jacobian(plain.hidden[layer, example], W, b, activation=act)
    Jb = block_jacobian(residual.hidden[layer, example], W, b, activation=residual.activation)
    Jr = Jb + np.eye(W.shape[0])
    return BlockView(
        layer=layer,
        plain=Jp,
        branch=Jb,
        residual=Jr,
        plain_sv=_singular_values(Jp),
        branch_sv=_singular_values(Jb),
        residual_sv=_singular_values(Jr),
        plain_gain=_ratio(float(plain.grad_norms[layer]), float(plain.grad_norms[layer + 1])),
        residual_gain=_ratio(
            float(residual.grad_norms[layer]), float(residual.grad_norms[layer + 1])
        ),
    )


@dataclass(frozen=True)
class DeepNetComparison:
    """The same weights and batch run with and without the skip connection."""

    params: list
    x: np.ndarray
    plain: DeepNetRun
    residual: DeepNetRun


def compare_deep_nets(
    depth: int,
    width: int,
    *,
    activation: str = "tanh",
    init: str = "xavier",
    scale: float = 1.0,
    batch: int = 32,
    seed: int = 0,
) -> DeepNetComparison:
    """init_deep_net + deep_net_inputs, then deep_net_gradients with and without the skip.

    Raises
    ------
    ValueError, TypeError
        As :func:`init_deep_net`, :func:`deep_net_inputs` and
        :func:`deep_net_gradients`.

    Examples
    --------
    >>> cmp = compare_deep_nets(30, 16, activation="sigmoid")
    >>> bool(cmp.plain.grad_norms[0] < cmp.residual.grad_norms[0])
    True
    """
    params = init_deep_net(depth, width, init=init, scale=scale, seed=seed)
    x = deep_net_inputs(batch, width, seed=seed)
    return DeepNetComparison(
        params=params,
        x=x,
        plain=deep_net_gradients(x, params, activation=activation),
        residual=deep_net_gradients(x, params, activation=activation, residual=True),
    )


# ---------------------------------------------------------------------------
# Time: the LSTM cell (PyTorch layout, gate order i, f, g, o) and a tanh RNN
# ---------------------------------------------------------------------------


class LSTMParams(NamedTuple):
    """``nn.LSTM``'s weights for one layer: ``W_ih (4H, D)``, ``W_hh (4H, H)``,
    ``b_ih (4H,)``, ``b_hh (4H,)``, rows in gate order i, f, g, o."""

    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray
    b_hh: np.ndarray

    @property
    def hidden_size(self) -> int:
        return self.W_hh.shape[1]

    @property
    def input_size(self) -> int:
        return self.W_ih.shape[1]


class RNNParams(NamedTuple):
    """``nn.RNNCell``'s weights: ``W_ih (H, D)``, ``W_hh (H, H)``, ``b_ih (H,)``, ``b_hh (H,)``."""

    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray
    b_hh: np.ndarray


class LSTMStep(NamedTuple):
    """One LSTM step: pre-activations ``pre (4H,)``, gates ``i, f, g, o`` and ``c, h`` (H,)."""

    pre: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


@dataclass(frozen=True)
class LSTMTrace:
    """Every step of an LSTM run over ``xs``.

    Attributes
    ----------
    xs : numpy.ndarray, shape (T, D)
    h0, c0 : numpy.ndarray, shape (H,)
    pre : numpy.ndarray, shape (T, 4H)
        ``W_ih x_t + b_ih + W_hh h_{t-1} + b_hh`` (row ``t - 1``).
    i, f, g, o, c, h : numpy.ndarray, shape (T, H)
        Row ``t - 1`` holds step ``t``.
    """

    xs: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    pre: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray

    @property
    def steps(self) -> int:
        return self.xs.shape[0]

    def previous(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """``(h_{t-1}, c_{t-1})`` for step ``t`` in 1..T."""
        if t == 1:
            return self.h0, self.c0
        return self.h[t - 2], self.c[t - 2]


def _check_lstm(xs, W_ih, W_hh, b_ih, b_hh, h0, c0, *, gates: int = 4):
    W_hh = check_array(W_hh, "W_hh", ndim=2)
    H = W_hh.shape[1]
    if H < 1 or H > MAX_HIDDEN:
        raise ValueError(f"hidden size == {H}, must be in [1, {MAX_HIDDEN}].")
    W_hh = check_array(W_hh, "W_hh", shape=(gates * H, H))
    W_ih = check_array(W_ih, "W_ih", ndim=2)
    D = W_ih.shape[1]
    if D < 1 or D > MAX_WIDTH:
        raise ValueError(f"input size == {D}, must be in [1, {MAX_WIDTH}].")
    W_ih = check_array(W_ih, "W_ih", shape=(gates * H, D))
    xs = check_array(xs, "xs", ndim=2)
    T = xs.shape[0]
    if T < 1 or T > MAX_STEPS:
        raise ValueError(f"len(xs) == {T}, must be in [1, {MAX_STEPS}].")
    xs = check_array(xs, "xs", shape=(T, D))
    b_ih = check_array(b_ih, "b_ih", shape=(gates * H,))
    b_hh = check_array(b_hh, "b_hh", shape=(gates * H,))
    h0 = np.zeros(H) if h0 is None else check_array(h0, "h0", shape=(H,))
    c0 = None if gates == 1 else (np.zeros(H) if c0 is None else check_array(c0, "c0", shape=(H,)))
    _check_elements("T * 4H", T * gates * H)
    return xs, W_ih, W_hh, b_ih, b_hh, h0, c0, H


def _lstm_gates(pre: np.ndarray, H: int):
    s = activations.activation(pre, "sigmoid")  # SciPy's expit: exact in both tails
    return s[:H], s[H : 2 * H], fast_activation(pre[2 * H : 3 * H], "tanh"), s[3 * H :]


def lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh) -> LSTMStep:
    r"""One step: [i, f, g, o] = [σ, σ, tanh, σ](W_ih x + b_ih + W_hh h + b_hh), c' = f c + i g.

    And ``h' = o tanh(c')``.

    Parameters
    ----------
    x : array_like, shape (D,)
    h, c : array_like, shape (H,)
        The previous hidden and cell states.
    W_ih : array_like, shape (4H, D)
    W_hh : array_like, shape (4H, H)
    b_ih, b_hh : array_like, shape (4H,)
        PyTorch's layout: rows in gate order i, f, g, o.

    Returns
    -------
    LSTMStep

    Raises
    ------
    ValueError
        If an array is mis-shaped or not finite.

    Notes
    -----
    .. math::
        i = \sigma(u_i),\ f = \sigma(u_f),\ g = \tanh(u_g),\ o = \sigma(u_o),\qquad
        c' = f\odot c + i\odot g,\qquad h' = o\odot\tanh(c')

    Examples
    --------
    >>> H = 1
    >>> step = lstm_cell([0.0], [0.0], [1.0], np.zeros((4, 1)), np.zeros((4, 1)),
    ...                  [0.0, 1.0, 0.0, 0.0], np.zeros(4))
    >>> round(float(step.f[0]), 4), round(float(step.c[0]), 4)  # σ(1), f·c + i·g
    (0.7311, 0.7311)
    """
    x = check_array(x, "x", ndim=1)
    xs, W_ih, W_hh, b_ih, b_hh, h, c, H = _check_lstm(x[None, :], W_ih, W_hh, b_ih, b_hh, h, c)
    return _lstm_step(W_ih @ xs[0] + b_ih + b_hh, h, c, W_hh, H)


def _lstm_step(xin: np.ndarray, h, c, W_hh, H: int) -> LSTMStep:
    pre = xin + W_hh @ h
    i, f, g, o = _lstm_gates(pre, H)
    c_new = f * c + i * g
    h_new = o * fast_activation(c_new, "tanh")
    return LSTMStep(pre, i, f, g, o, c_new, h_new)


def lstm_forward(xs, W_ih, W_hh, b_ih, b_hh, h0=None, c0=None) -> LSTMTrace:
    r"""Run the LSTM over xs: c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, h_t = o_t ⊙ tanh(c_t).

    Parameters
    ----------
    xs : array_like, shape (T, D)
        Inputs ``x_1 .. x_T``.
    W_ih, W_hh, b_ih, b_hh : array_like
        As in :func:`lstm_cell` (``nn.LSTM``'s ``weight_ih_l0`` ...).
    h0, c0 : array_like, shape (H,), optional
        Initial state (zeros by default).

    Returns
    -------
    LSTMTrace

    Raises
    ------
    ValueError
        If an array is mis-shaped or not finite, ``T`` is not in
        [1, :data:`MAX_STEPS`], or ``T·4H`` exceeds :data:`MAX_ELEMENTS`.

    Notes
    -----
    .. math::
        \begin{aligned}
        i_t &= \sigma(W_{ii}x_t + b_{ii} + W_{hi}h_{t-1} + b_{hi}) &
        f_t &= \sigma(W_{if}x_t + b_{if} + W_{hf}h_{t-1} + b_{hf})\\
        g_t &= \tanh(W_{ig}x_t + b_{ig} + W_{hg}h_{t-1} + b_{hg}) &
        o_t &= \sigma(W_{io}x_t + b_{io} + W_{ho}h_{t-1} + b_{ho})
        \end{aligned}

    Examples
    --------
    >>> p = init_lstm(2, 3, forget_bias=1.0, seed=0)
    >>> trace = lstm_forward(memory_sequence(5, 2), *p)
    >>> trace.f.shape, bool(((0 < trace.f) & (trace.f < 1)).all())
    ((5, 3), True)
    """
    xs, W_ih, W_hh, b_ih, b_hh, h, c, H = _check_lstm(xs, W_ih, W_hh, b_ih, b_hh, h0, c0)
    h0, c0 = h.copy(), c.copy()
    T = xs.shape[0]
    xin = xs @ W_ih.T + (b_ih + b_hh)
    out = {k: np.empty((T, H)) for k in ("i", "f", "g", "o", "c", "h")}
    pre = np.empty((T, 4 * H))
    for t in range(T):
        step = _lstm_step(xin[t], h, c, W_hh, H)
        pre[t] = step.pre
        for k in out:
            out[k][t] = getattr(step, k)
        h, c = step.h, step.c
    return LSTMTrace(xs=xs, h0=h0, c0=c0, pre=pre, **out)


def _step_parts(trace: LSTMTrace, t: int, tanh_c: np.ndarray, W_hh: np.ndarray):
    """The pieces of step t's Jacobian: f_t, ∂c_t/∂h_{t−1}, o_t tanh'(c_t), tanh(c_t) σ'(o_t).

    ``∂c_t/∂h_{t−1} = diag(c_{t−1} σ'(f)) W_hf + diag(g σ'(i)) W_hi + diag(i tanh'(g)) W_hg``
    where each derivative is read from the gate's output.
    """
    H = trace.c.shape[1]
    W_i, W_f, W_g = W_hh[:H], W_hh[H : 2 * H], W_hh[2 * H : 3 * H]
    i, f, g, o = trace.i[t - 1], trace.f[t - 1], trace.g[t - 1], trace.o[t - 1]
    c_prev = trace.previous(t)[1]
    ch = (c_prev * grad_from_output(f, "sigmoid"))[:, None] * W_f
    ch += (g * grad_from_output(i, "sigmoid"))[:, None] * W_i
    ch += (i * grad_from_output(g, "tanh"))[:, None] * W_g
    o_dtc = o * grad_from_output(tanh_c, "tanh")
    return f, ch, o_dtc, tanh_c * grad_from_output(o, "sigmoid")


def _step_jacobian(trace: LSTMTrace, t: int, W_hh: np.ndarray) -> np.ndarray:
    """∂(c_t, h_t)/∂(c_{t−1}, h_{t−1}) as a (2H, 2H) block matrix."""
    H = trace.c.shape[1]
    tanh_c = activations.activation(trace.c[t - 1], "tanh")
    with np.errstate(all="ignore"):
        f, ch, o_dtc, tc_do = _step_parts(trace, t, tanh_c, W_hh)
        cc = np.diag(f)
        hc = o_dtc[:, None] * cc
        hh = tc_do[:, None] * W_hh[3 * H :] + o_dtc[:, None] * ch
    return np.block([[cc, ch], [hc, hh]])


def lstm_cell_jacobian(x, h, c, W_ih, W_hh, b_ih, b_hh) -> np.ndarray:
    r"""∂(c', h')/∂(c, h) of one LSTM step, a (2H, 2H) matrix [[∂c'/∂c, ∂c'/∂h], [∂h'/∂c, ∂h'/∂h]].

    Parameters
    ----------
    x, h, c, W_ih, W_hh, b_ih, b_hh : array_like
        As in :func:`lstm_cell`.

    Returns
    -------
    numpy.ndarray, shape (2H, 2H)

    Raises
    ------
    ValueError
        As :func:`lstm_cell`.

    Notes
    -----
    With :math:`\sigma' = \sigma(1-\sigma)` and :math:`\tanh' = 1-\tanh^2` read
    from the outputs:

    .. math::
        \frac{\partial c'}{\partial c} = \operatorname{diag}(f),\quad
        \frac{\partial c'}{\partial h} = \operatorname{diag}(c\,f')W_{hf}
          + \operatorname{diag}(g\,i')W_{hi} + \operatorname{diag}(i\,g')W_{hg},\quad
        \frac{\partial h'}{\partial h} = \operatorname{diag}(\tanh c'\,o')W_{ho}
          + \operatorname{diag}(o \tanh'(c'))\frac{\partial c'}{\partial h}

    Examples
    --------
    >>> p = init_lstm(2, 3, seed=0)
    >>> J = lstm_cell_jacobian([1.0, -1.0], np.zeros(3), np.ones(3), *p)
    >>> J.shape, bool(np.allclose(np.diag(J[:3, :3]), lstm_cell([1.0, -1.0], np.zeros(3),
    ...     np.ones(3), *p).f))
    ((6, 6), True)
    """
    step = lstm_cell(x, h, c, W_ih, W_hh, b_ih, b_hh)
    H = step.c.size
    h0 = check_array(h, "h", shape=(H,))
    c0 = check_array(c, "c", shape=(H,))
    one = LSTMTrace(
        xs=np.zeros((1, 1)),
        h0=h0,
        c0=c0,
        **{k: getattr(step, k)[None, :] for k in ("pre", "i", "f", "g", "o", "c", "h")},
    )
    return _finite_or_inf(_step_jacobian(one, 1, np.asarray(W_hh, dtype=float)))


def lstm_cell_jacobian_fd(x, h, c, W_ih, W_hh, b_ih, b_hh, *, step: float = 1e-6) -> np.ndarray:
    """Central differences of (c, h) ↦ (c', h'): the check of :func:`lstm_cell_jacobian`.

    Raises
    ------
    ValueError
        As :func:`lstm_cell`, and if ``step`` is not in (0, 1].

    Examples
    --------
    >>> p = init_lstm(2, 3, forget_bias=1.0, seed=0)
    >>> args = ([1.0, -1.0], np.full(3, 0.2), np.ones(3), *p)
    >>> bool(np.allclose(lstm_cell_jacobian_fd(*args), lstm_cell_jacobian(*args), atol=1e-8))
    True
    """
    step = float(check_scalar(step, "step", min_val=0.0, max_val=1.0, include_boundaries="right"))
    x = check_array(x, "x", ndim=1)
    xs, W_ih, W_hh, b_ih, b_hh, h, c, H = _check_lstm(x[None, :], W_ih, W_hh, b_ih, b_hh, h, c)
    xin = W_ih @ xs[0] + b_ih + b_hh
    state = np.concatenate([c, h])
    scale = step * max(1.0, float(np.max(np.abs(state))))
    cols = []
    for j in range(2 * H):
        e = np.zeros(2 * H)
        e[j] = scale  # relative for large cell states
        up, down = state + e, state - e
        a = _lstm_step(xin, up[H:], up[:H], W_hh, H)
        z = _lstm_step(xin, down[H:], down[:H], W_hh, H)
        cols.append(np.concatenate([a.c - z.c, a.h - z.h]) / (2 * e[j]))
    return np.stack(cols, axis=1)


def _cell_jacobians(trace: LSTMTrace, W_hh: np.ndarray) -> np.ndarray:
    """Reverse-mode accumulation of ∂c_T/∂c_t through the trace (see :func:`cell_jacobians`).

    ``A_c, A_h = ∂c_T/∂c_t, ∂c_T/∂h_t`` with the other held fixed; the total
    derivative is ``J_t = A_c + A_h diag(o_t tanh'(c_t))``. One step back::

        A_c ← J_t diag(f_t)                    (the direct path)
        A_h ← J_t ∂c_t/∂h_{t−1} + A_h diag(tanh(c_t) σ'(o)) W_ho
    """
    T, H = trace.c.shape
    W_o = W_hh[3 * H :]
    tanh_c = activations.activation(trace.c, "tanh")
    out = np.empty((T + 1, H, H))
    out[T] = np.eye(H)
    A_h = np.zeros((H, H))
    with np.errstate(all="ignore"):
        for t in range(T, 0, -1):
            J = out[t]
            f, ch, o_dtc, tc_do = _step_parts(trace, t, tanh_c[t - 1], W_hh)
            A_c = J * f
            A_h = J @ ch + (A_h * tc_do) @ W_o
            # total derivative at t − 1: h_{t−1} = o_{t−1} tanh(c_{t−1}) moves with c_{t−1}
            out[t - 1] = A_c + A_h * (_o_dtanh(trace, t - 1, tanh_c) if t > 1 else 0.0)
    return _finite_or_inf(out)


def _o_dtanh(trace: LSTMTrace, t: int, tanh_c: np.ndarray) -> np.ndarray:
    """∂h_t/∂c_t = o_t ⊙ (1 − tanh² c_t) for step t >= 1."""
    return trace.o[t - 1] * grad_from_output(tanh_c[t - 1], "tanh")


def cell_jacobians(xs, W_ih, W_hh, b_ih, b_hh, h0=None, c0=None) -> np.ndarray:
    r"""J[t] = ∂c_T/∂c_t for t = 0 .. T, all paths, by reverse-mode accumulation.

    Parameters
    ----------
    xs, W_ih, W_hh, b_ih, b_hh, h0, c0 : array_like
        As in :func:`lstm_forward`.

    Returns
    -------
    numpy.ndarray, shape (T + 1, H, H)
        ``J[T] = I``. For ``t >= 1`` the derivative is total: moving ``c_t``
        also moves ``h_t = o_t ⊙ tanh(c_t)`` and, through the gates, every
        later step. ``c_0`` and ``h_0`` are independent inputs, so ``J[0]``
        moves ``c_0`` alone.

    Raises
    ------
    ValueError
        As :func:`lstm_forward`, and if ``(T + 1)·H²`` exceeds
        :data:`MAX_ELEMENTS`.

    Notes
    -----
    Going back one step multiplies by the step Jacobian
    :math:`S_t = \partial(c_t, h_t)/\partial(c_{t-1}, h_{t-1})`
    (:func:`lstm_cell_jacobian`):

    .. math::
        A_T = [\,I\ \ 0\,],\quad A_{t-1} = A_t S_t,\qquad
        \frac{\partial c_T}{\partial c_t} = A_t^{(c)} + A_t^{(h)}
        \operatorname{diag}\!\big(o_t \odot (1-\tanh^2 c_t)\big)

    The direct path alone keeps only :math:`\partial c_t/\partial c_{t-1} =
    \operatorname{diag}(f_t)` (:func:`forget_path`).

    Examples
    --------
    >>> p = init_lstm(2, 3, forget_bias=2.0, seed=0)
    >>> xs = memory_sequence(6, 2)
    >>> J = cell_jacobians(xs, *p)
    >>> J.shape, bool(np.allclose(J[-1], np.eye(3)))
    ((7, 3, 3), True)
    """
    xs, W_ih, W_hh, b_ih, b_hh, h, c, H = _check_lstm(xs, W_ih, W_hh, b_ih, b_hh, h0, c0)
    _check_elements("(T + 1) * H * H", (xs.shape[0] + 1) * H * H)
    return _cell_jacobians(lstm_forward(xs, W_ih, W_hh, b_ih, b_hh, h, c), W_hh)


def forget_path(trace: LSTMTrace) -> np.ndarray:
    r"""P[t] = ∏_{s=t+1}^{T} f_s (element-wise): the diagonal of the direct path ∂c_T/∂c_t.

    Parameters
    ----------
    trace : LSTMTrace
        From :func:`lstm_forward`.

    Returns
    -------
    numpy.ndarray, shape (T + 1, H)
        ``P[T] = 1``; the direct-path Jacobian is ``diag(P[t])``.

    Raises
    ------
    TypeError
        If ``trace`` is not an :class:`LSTMTrace`.

    Notes
    -----
    .. math:: \Big(\frac{\partial c_T}{\partial c_t}\Big)_{\text{direct}}
              = \prod_{s=t+1}^{T} \operatorname{diag}(f_s)

    Examples
    --------
    >>> p = init_lstm(1, 2, forget_bias=1.0, seed=0)
    >>> P = forget_path(lstm_forward(np.zeros((3, 1)), *p))
    >>> np.round(P[:, 0], 4).tolist()  # σ(1)³, σ(1)², σ(1), 1
    [0.3907, 0.5344, 0.7311, 1.0]
    """
    if not isinstance(trace, LSTMTrace):
        raise TypeError(f"trace must be an LSTMTrace, not {type(trace).__name__}.")
    T, H = trace.f.shape
    out = np.ones((T + 1, H))
    out[:T] = np.cumprod(trace.f[::-1], axis=0)[::-1]
    return out


def forget_half_life(f: float) -> float:
    r"""Steps for the direct path to halve at a constant forget gate f: ln(1/2) / ln(f).

    ``inf`` for ``f = 1`` (nothing is ever forgotten), 0 for ``f = 0``.

    Raises
    ------
    ValueError
        If ``f`` is not in [0, 1].

    Notes
    -----
    .. math:: f^{k} = \tfrac12 \iff k = \frac{\ln(1/2)}{\ln f}

    Examples
    --------
    >>> round(forget_half_life(0.5), 6), round(forget_half_life(0.9), 3)
    (1.0, 6.579)
    """
    f = float(check_scalar(f, "f", min_val=0.0, max_val=1.0))
    if f == 1.0:
        return math.inf
    if f == 0.0:
        return 0.0
    return math.log(0.5) / math.log(f)


def rnn_cell(x, h, W_ih, W_hh, b_ih, b_hh) -> np.ndarray:
    r"""h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (PyTorch's ``nn.RNNCell``).

    Raises
    ------
    ValueError
        If an array is mis-shaped or not finite.

    Examples
    --------
    >>> rnn_cell([1.0], [0.0], [[0.5]], [[2.0]], [0.0], [0.0]).round(4).tolist()
    [0.4621]
    """
    x = check_array(x, "x", ndim=1)
    xs, W_ih, W_hh, b_ih, b_hh, h, _, _ = _check_lstm(
        x[None, :], W_ih, W_hh, b_ih, b_hh, h, None, gates=1
    )
    return activations.activation(W_ih @ xs[0] + b_ih + W_hh @ h + b_hh, "tanh")


def rnn_forward(xs, W_ih, W_hh, b_ih, b_hh, h0=None) -> np.ndarray:
    r"""Run a tanh RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh).

    Parameters
    ----------
    xs : array_like, shape (T, D)
    W_ih : array_like, shape (H, D)
    W_hh : array_like, shape (H, H)
    b_ih, b_hh : array_like, shape (H,)
    h0 : array_like, shape (H,), optional
        Zeros by default.

    Returns
    -------
    numpy.ndarray, shape (T, H)
        Row ``t - 1`` is ``h_t``.

    Raises
    ------
    ValueError
        If an array is mis-shaped or not finite, or ``T`` is out of range.

    Examples
    --------
    >>> rnn_forward([[1.0], [0.0]], [[1.0]], [[0.5]], [0.0], [0.0]).round(4).tolist()
    [[0.7616], [0.3634]]
    """
    xs, W_ih, W_hh, b_ih, b_hh, h, _, H = _check_lstm(xs, W_ih, W_hh, b_ih, b_hh, h0, None, gates=1)
    xin = xs @ W_ih.T + (b_ih + b_hh)
    out = np.empty((xs.shape[0], H))
    for t in range(xs.shape[0]):
        h = activations.activation(xin[t] + W_hh @ h, "tanh")
        out[t] = h
    return out


def rnn_jacobians(xs, W_ih, W_hh, b_ih, b_hh, h0=None) -> np.ndarray:
    r"""J[t] = ∂h_T/∂h_t = ∏_{s=t+1}^{T} diag(1 − h_s²) W_hh, for t = 0 .. T.

    Returns
    -------
    numpy.ndarray, shape (T + 1, H, H)
        ``J[T] = I``.

    Raises
    ------
    ValueError
        As :func:`rnn_forward`, and if ``(T + 1)·H²`` exceeds :data:`MAX_ELEMENTS`.

    Notes
    -----
    .. math:: \frac{\partial h_T}{\partial h_t} = \prod_{s=T}^{t+1}
              \operatorname{diag}\!\big(1 - h_s^2\big)\, W_{hh}

    Every factor has norm at most ``‖W_hh‖``, so when that is below 1 the
    product vanishes at least geometrically.

    Examples
    --------
    >>> J = rnn_jacobians([[1.0], [0.0]], [[1.0]], [[0.5]], [0.0], [0.0])
    >>> J[:, 0, 0].round(4).tolist()  # (1 − h₂²)·0.5, then times (1 − h₁²)·0.5
    [0.0911, 0.434, 1.0]
    """
    xs, W_ih, W_hh, b_ih, b_hh, h, _, H = _check_lstm(xs, W_ih, W_hh, b_ih, b_hh, h0, None, gates=1)
    T = xs.shape[0]
    _check_elements("(T + 1) * H * H", (T + 1) * H * H)
    hs = rnn_forward(xs, W_ih, W_hh, b_ih, b_hh, h)
    out = np.empty((T + 1, H, H))
    out[T] = np.eye(H)
    with np.errstate(all="ignore"):
        for t in range(T, 0, -1):
            out[t - 1] = out[t] @ (grad_from_output(hs[t - 1], "tanh")[:, None] * W_hh)
    return _finite_or_inf(out)


def spectral_norms(jacobians) -> np.ndarray:
    """‖J[t]‖₂, the largest singular value of each matrix of a (K, m, n) stack.

    ``inf`` for a matrix holding ``±inf``.

    Raises
    ------
    ValueError
        If ``jacobians`` is not 3-D or holds NaN.

    Examples
    --------
    >>> spectral_norms([[[3.0, 0.0], [0.0, -4.0]]]).tolist()
    [4.0]
    """
    J = check_array(jacobians, "jacobians", ndim=3, allow_inf=True)
    out = np.full(J.shape[0], np.inf)
    ok = np.isfinite(J).all(axis=(1, 2))
    if J.shape[1] and J.shape[2] and ok.any():
        out[ok] = np.linalg.svd(J[ok], compute_uv=False)[:, 0]
    elif not (J.shape[1] and J.shape[2]):
        out[:] = 0.0
    return out


def rnn_jacobian_norms(xs, W_ih, W_hh, b_ih, b_hh, h0=None) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ for t = 0 .. T (see :func:`rnn_jacobians`).

    Raises
    ------
    ValueError
        As :func:`rnn_jacobians`.

    Examples
    --------
    >>> rnn_jacobian_norms([[1.0], [0.0]], [[1.0]], [[0.5]], [0.0], [0.0]).round(4).tolist()
    [0.0911, 0.434, 1.0]
    """
    return spectral_norms(rnn_jacobians(xs, W_ih, W_hh, b_ih, b_hh, h0))


def init_lstm(
    input_size: int,
    hidden_size: int,
    *,
    forget_bias: float = 0.0,
    scale: float | None = None,
    seed: int = 0,
) -> LSTMParams:
    r"""Weights ~ U(−s, s) with s = 1/√H (PyTorch's default), biases 0 but b_f = forget_bias.

    Parameters
    ----------
    input_size : int in [1, 4096]
        ``D``.
    hidden_size : int in [1, 2048]
        ``H``.
    forget_bias : float in [-1e6, 1e6], default 0
        Put into the forget-gate rows of ``b_ih`` (``b_hh`` stays 0), so the
        forget gate's total bias ``b_if + b_hf`` is ``forget_bias``.
    scale : float in (0, 1e6], optional
        The uniform bound ``s``; ``1/√H`` when omitted (``nn.LSTM``'s
        ``reset_parameters``).
    seed : int
        The same seed gives the same draws for every ``forget_bias`` and
        ``scale``.

    Returns
    -------
    LSTMParams
        ``W_ih (4H, D)``, ``W_hh (4H, H)``, ``b_ih``, ``b_hh (4H,)``.

    Raises
    ------
    ValueError
        If a size, ``forget_bias``, ``scale`` or ``seed`` is out of range.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> p = init_lstm(2, 3, forget_bias=1.0)
    >>> p.W_ih.shape, p.W_hh.shape, p.b_ih[3:6].tolist()
    ((12, 2), (12, 3), [1.0, 1.0, 1.0])
    """
    D = check_int(input_size, "input_size", min_val=1, max_val=MAX_WIDTH)
    H = check_int(hidden_size, "hidden_size", min_val=1, max_val=MAX_HIDDEN)
    fb = float(check_scalar(forget_bias, "forget_bias", min_val=-1e6, max_val=1e6))
    if scale is None:
        s = 1.0 / math.sqrt(H)
    else:
        s = float(
            check_scalar(scale, "scale", min_val=0.0, max_val=1e6, include_boundaries="right")
        )
    seed = check_seed(seed)
    _check_elements("4H * (D + H)", 4 * H * (D + H))
    rng = np.random.default_rng([seed, 3])
    W_ih = s * rng.uniform(-1.0, 1.0, (4 * H, D))
    W_hh = s * rng.uniform(-1.0, 1.0, (4 * H, H))
    b_ih = np.zeros(4 * H)
    b_ih[H : 2 * H] = fb
    return LSTMParams(W_ih, W_hh, b_ih, np.zeros(4 * H))


def rnn_from_lstm(params: LSTMParams) -> RNNParams:
    """The tanh RNN made of the LSTM's candidate rows g: the same cell without any gate.

    With ``i = f = o = 1`` fixed and no cell state, ``h_t = tanh(W_ig x_t + W_hg h_{t−1} + b)``
    is exactly ``RNNCell`` with these weights, so the comparison changes only the gating.

    Raises
    ------
    TypeError
        If ``params`` is not an :class:`LSTMParams`.

    Examples
    --------
    >>> rnn_from_lstm(init_lstm(2, 3)).W_hh.shape
    (3, 3)
    """
    if not isinstance(params, LSTMParams):
        raise TypeError(f"params must be LSTMParams, not {type(params).__name__}.")
    H = params.hidden_size
    rows = slice(2 * H, 3 * H)
    return RNNParams(
        params.W_ih[rows].copy(),
        params.W_hh[rows].copy(),
        params.b_ih[rows].copy(),
        params.b_hh[rows].copy(),
    )


def memory_sequence(
    steps: int, input_size: int, *, signal: float = 2.0, noise: float = 0.1, seed: int = 0
) -> np.ndarray:
    """A sequence to remember: x_1 = signal·(random ±1 pattern) + noise, then noise only.

    Parameters
    ----------
    steps : int in [1, 100000]
        ``T``.
    input_size : int in [1, 4096]
        ``D``.
    signal : float in [0, 1e6], default 2
        Size of the pattern at step 1.
    noise : float in [0, 1e6], default 0.1
        Standard deviation of the Gaussian noise at every step.
    seed : int

    Returns
    -------
    numpy.ndarray, shape (T, D)

    Raises
    ------
    ValueError
        If an argument is out of range or ``T·D`` exceeds :data:`MAX_ELEMENTS`.

    Examples
    --------
    >>> xs = memory_sequence(4, 3, noise=0.0)
    >>> np.abs(xs).tolist()
    [[2.0, 2.0, 2.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    T = check_int(steps, "steps", min_val=1, max_val=MAX_STEPS)
    D = check_int(input_size, "input_size", min_val=1, max_val=MAX_WIDTH)
    signal = float(check_scalar(signal, "signal", min_val=0.0, max_val=1e6))
    noise = float(check_scalar(noise, "noise", min_val=0.0, max_val=1e6))
    seed = check_seed(seed)
    _check_elements("steps * input_size", T * D)
    rng = np.random.default_rng([seed, 4])
    signs = np.where(rng.random(D) < 0.5, -1.0, 1.0)
    xs = noise * rng.standard_normal((T, D))
    xs[0] += signal * signs
    return xs


def memory_reach(norms, threshold: float = 0.01) -> int:
    """How many steps back a change still moves the end state by >= threshold: the largest k
    with norms[T − k] >= threshold (norms indexed t = 0 .. T).

    Raises
    ------
    ValueError
        If ``norms`` is empty or holds NaN, or ``threshold`` is not > 0.

    Examples
    --------
    >>> memory_reach([0.001, 0.02, 0.3, 1.0])
    2
    """
    x = check_array(norms, "norms", ndim=1, min_size=1, allow_inf=True)
    thr = check_scalar(threshold, "threshold", min_val=0.0, include_boundaries="neither")
    above = np.flatnonzero(x[::-1] >= thr)
    return int(above[-1]) if above.size else 0


@dataclass(frozen=True)
class MemoryComparison:
    """An LSTM and the RNN made of its candidate rows, on the same sequence.

    Attributes
    ----------
    params : LSTMParams
    rnn : RNNParams
    xs : numpy.ndarray, shape (T, D)
    trace : LSTMTrace
    rnn_h : numpy.ndarray, shape (T, H)
    lstm_full : numpy.ndarray, shape (T + 1,)
        ``‖∂c_T/∂c_t‖₂`` (all paths).
    lstm_direct : numpy.ndarray, shape (T + 1,)
        ``‖∏ diag(f_s)‖₂ = max_j ∏ f_s,j`` (the direct path only).
    rnn_norms : numpy.ndarray, shape (T + 1,)
        ``‖∂h_T/∂h_t‖₂`` of the RNN.
    """

    params: LSTMParams
    rnn: RNNParams
    xs: np.ndarray
    trace: LSTMTrace
    rnn_h: np.ndarray
    lstm_full: np.ndarray
    lstm_direct: np.ndarray
    rnn_norms: np.ndarray

    @property
    def mean_forget(self) -> float:
        """Mean of f_t over the steps after the first (the signal) and the units."""
        return _mean_forget(self.trace)


def _mean_forget(trace: LSTMTrace) -> float:
    f = trace.f[1:] if trace.steps > 1 else trace.f
    return float(np.mean(f))


def compare_memory(
    steps: int,
    hidden_size: int,
    *,
    input_size: int = 4,
    forget_bias: float = 1.0,
    gain: float = 1.0,
    signal: float = 2.0,
    noise: float = 0.1,
    seed: int = 0,
) -> MemoryComparison:
    """init_lstm (scale = gain/√H) + memory_sequence, then the LSTM's and the RNN's Jacobian norms.

    Raises
    ------
    ValueError, TypeError
        As :func:`init_lstm`, :func:`memory_sequence` and :func:`cell_jacobians`.

    Examples
    --------
    >>> m = compare_memory(30, 4, forget_bias=3.0)
    >>> bool(m.lstm_full[0] > 100 * m.rnn_norms[0])
    True
    """
    H = check_int(hidden_size, "hidden_size", min_val=1, max_val=MAX_HIDDEN)
    gain = float(check_scalar(gain, "gain", min_val=0.0, max_val=1e6, include_boundaries="right"))
    params = init_lstm(input_size, H, forget_bias=forget_bias, scale=gain / math.sqrt(H), seed=seed)
    xs = memory_sequence(steps, input_size, signal=signal, noise=noise, seed=seed)
    _check_elements("(T + 1) * H * H", (xs.shape[0] + 1) * H * H)
    trace = lstm_forward(xs, *params)
    rnn = rnn_from_lstm(params)
    return MemoryComparison(
        params=params,
        rnn=rnn,
        xs=xs,
        trace=trace,
        rnn_h=rnn_forward(xs, *rnn),
        lstm_full=spectral_norms(_cell_jacobians(trace, params.W_hh)),
        lstm_direct=forget_path(trace).max(axis=1),
        rnn_norms=rnn_jacobian_norms(xs, *rnn),
    )


@dataclass(frozen=True)
class ForgetSweep:
    """End-to-start memory of the same LSTM for several forget biases.

    Attributes
    ----------
    biases : numpy.ndarray
    full, direct : numpy.ndarray
        ``‖∂c_T/∂c_0‖₂`` all paths and direct path, one per bias.
    mean_forget : numpy.ndarray
        Mean forget gate after the first step, one per bias.
    reach : numpy.ndarray of int
        :func:`memory_reach` of the full curve (threshold 0.01), one per bias.
    """

    biases: np.ndarray
    full: np.ndarray
    direct: np.ndarray
    mean_forget: np.ndarray
    reach: np.ndarray


def forget_bias_sweep(
    biases,
    steps: int,
    hidden_size: int,
    *,
    input_size: int = 4,
    gain: float = 1.0,
    signal: float = 2.0,
    noise: float = 0.1,
    seed: int = 0,
) -> ForgetSweep:
    """compare_memory's LSTM for every forget bias in ``biases`` (same weights, same sequence).

    Raises
    ------
    ValueError
        If ``biases`` is empty, has more than 200 values or values outside
        [-1e6, 1e6], or as :func:`compare_memory`.

    Examples
    --------
    >>> s = forget_bias_sweep([0.0, 3.0], 20, 4)
    >>> bool(s.full[1] > s.full[0]), s.reach.tolist()[1] >= s.reach.tolist()[0]
    (True, True)
    """
    b = check_array(biases, "biases", ndim=1, min_size=1, max_size=200)
    if np.abs(b).max() > 1e6:
        raise ValueError("biases has a value beyond 1e6 in absolute value.")
    H = check_int(hidden_size, "hidden_size", min_val=1, max_val=MAX_HIDDEN)
    gain = float(check_scalar(gain, "gain", min_val=0.0, max_val=1e6, include_boundaries="right"))
    xs = memory_sequence(steps, input_size, signal=signal, noise=noise, seed=seed)
    _check_elements("(T + 1) * H * H", (xs.shape[0] + 1) * H * H)
    full, direct, mean_f, reach = [], [], [], []
    for bias in b:  # the LSTM half of compare_memory: the RNN does not depend on the bias
        params = init_lstm(
            input_size, H, forget_bias=float(bias), scale=gain / math.sqrt(H), seed=seed
        )
        trace = lstm_forward(xs, *params)
        norms = spectral_norms(_cell_jacobians(trace, params.W_hh))
        full.append(norms[0])
        direct.append(forget_path(trace)[0].max())
        mean_f.append(_mean_forget(trace))
        reach.append(memory_reach(norms))
    return ForgetSweep(b, np.array(full), np.array(direct), np.array(mean_f), np.array(reach))


def snippet(
    *,
    depth: int,
    width: int,
    activation: str,
    init: str,
    scale: float,
    seed: int,
    steps: int,
    hidden_size: int,
    forget_bias: float,
    gain: float,
    lstm_seed: int,
    batch: int = 32,
    input_size: int = 4,
) -> str:
    """The "With playground" code for these parameters (validated first).

    Raises
    ------
    ValueError
        If a size, seed, scale, gain or forget bias is out of range, or
        ``activation`` or ``init`` is unknown.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> code = snippet(depth=30, width=16, activation="sigmoid", init="xavier", scale=1.0,
    ...                seed=0, steps=40, hidden_size=8, forget_bias=1.0, gain=1.0, lstm_seed=0)
    >>> "compare_deep_nets(30, 16" in code and "compare_memory(40, 8" in code
    True
    """
    depth = check_int(depth, "depth", min_val=1, max_val=MAX_DEPTH)
    width = check_int(width, "width", min_val=1, max_val=MAX_WIDTH)
    check_choice(activation, "activation", NAMES)
    check_choice(init, "init", INITS)
    scale = float(check_scalar(scale, "scale", min_val=0.0, include_boundaries="neither"))
    seed, lstm_seed = check_seed(seed), check_seed(lstm_seed, "lstm_seed")
    steps = check_int(steps, "steps", min_val=1, max_val=MAX_STEPS)
    H = check_int(hidden_size, "hidden_size", min_val=1, max_val=MAX_HIDDEN)
    fb = float(check_scalar(forget_bias, "forget_bias", min_val=-1e6, max_val=1e6))
    gain = float(check_scalar(gain, "gain", min_val=0.0, include_boundaries="neither"))
    batch = check_int(batch, "batch", min_val=1, max_val=MAX_ELEMENTS)
    input_size = check_int(input_size, "input_size", min_val=1, max_val=MAX_WIDTH)
    return (
        "from playground import gradient_flow as gf\n"
        "\n"
        "# Depth: the same weights with and without the skip connection\n"
        f"nets = gf.compare_deep_nets({depth}, {width}, activation={activation!r}, "
        f"init={init!r},\n"
        f"                            scale={scale!r}, batch={batch}, seed={seed})\n"
        "print(nets.plain.grad_norms)     # ‖∂L/∂h_l‖, l = 0 .. depth\n"
        "print(nets.residual.grad_norms)\n"
        "print(nets.plain.spread, nets.residual.spread)  # forward view\n"
        "\n"
        "# Time: LSTM (gate order i, f, g, o) vs the tanh RNN made of its g rows\n"
        f"mem = gf.compare_memory({steps}, {H}, input_size={input_size}, forget_bias={fb!r},\n"
        f"                        gain={gain!r}, seed={lstm_seed})\n"
        "print(mem.trace.f.mean(axis=1))  # forget gate per step\n"
        "print(mem.lstm_full)             # ‖∂c_T/∂c_t‖, t = 0 .. T\n"
        "print(mem.lstm_direct)           # max_j ∏ f_s,j (direct path)\n"
        "print(mem.rnn_norms)             # ‖∂h_T/∂h_t‖ of the RNN\n"
    )
