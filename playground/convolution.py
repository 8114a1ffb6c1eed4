"""2-D convolution as CNNs compute it: sliding windows, output size, receptive field, cost.

The whole story of a convolution layer in NumPy, with nothing about screens:

- :func:`conv_output_size` — ``floor((n + 2p - d(k - 1) - 1) / s) + 1``, and
  :func:`coverage`, which says which input rows a window ever reads when the
  division is not exact (the floor drops the rest) or when dilation leaves holes;
- :func:`conv2d` — cross-correlation with stride, zero padding and dilation,
  exactly as ``torch.nn.functional.conv2d`` computes it (the kernel is *not*
  flipped; a true convolution would flip it), next to :func:`window`, the
  padded-input values one output cell reads;
- :func:`same_padding` — TensorFlow's ``padding="SAME"`` split (the odd pixel
  goes after); PyTorch's ``padding="same"`` agrees for stride 1 and refuses
  other strides;
- :func:`receptive_field` and :func:`path_counts` — how much of the input one
  output pixel of a stack of layers sees, in closed form and as the support
  of the input gradient of an all-ones network;
- :func:`conv_cost` — parameters and multiply-adds, for standard, grouped and
  depthwise layers;
- :func:`input_preset`, :func:`kernel_preset`, :func:`parse_grid` and
  :func:`format_grid` — the small grids the page starts from and lets you type.

Conventions: arrays are ``(channels, height, width)`` for inputs and
``(out_channels, in_channels, kernel_height, kernel_width)`` for weights (NCHW
without the batch axis, PyTorch's layout); stride, padding and dilation are an
int or a ``(rows, columns)`` pair; padding is with zeros, on both sides.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground._validation import (
    InputError,
    check_array,
    check_choice,
    check_int,
    check_seed,
    parse_number_list,
)

__all__ = [
    "INPUT_PRESETS",
    "KERNEL_PRESETS",
    "MAX_ELEMENTS",
    "Cost",
    "Coverage",
    "ReceptiveField",
    "Window",
    "conv2d",
    "conv_cost",
    "conv_output_size",
    "conv_transpose_output_size",
    "coverage",
    "format_grid",
    "input_preset",
    "kernel_preset",
    "parse_grid",
    "parse_stack",
    "path_counts",
    "receptive_field",
    "same_padding",
    "snippet",
    "window",
]

#: Largest array (padded input, output or a path-count vector) the core builds:
#: 2**26 float64 values are 512 MiB, about the memory a single call may take.
MAX_ELEMENTS = 2**26
#: Input patterns of :func:`input_preset`, in display order.
INPUT_PRESETS = ("edge", "digit", "impulse", "random")
#: Kernel patterns of :func:`kernel_preset`, in display order.
KERNEL_PRESETS = ("identity", "box", "sobel_x", "sobel_y", "random")


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def _pair(value, name: str, min_val: int) -> tuple[int, int]:
    """An int or a pair of ints (rows, columns), each ``>= min_val``."""
    if isinstance(value, (tuple, list, np.ndarray)):
        if len(value) != 2:
            raise ValueError(f"{name} has {len(value)} entries, must be an int or a pair.")
        return (
            check_int(value[0], f"{name}[0]", min_val=min_val),
            check_int(value[1], f"{name}[1]", min_val=min_val),
        )
    v = check_int(value, name, min_val=min_val)
    return v, v


def _check_size(count: int, what: str) -> None:
    if count > MAX_ELEMENTS:
        raise ValueError(f"{what} would have {count} elements, must be <= {MAX_ELEMENTS}.")


# ---------------------------------------------------------------------------
# Output size and which rows the windows read
# ---------------------------------------------------------------------------


def conv_output_size(
    n: int, k: int, *, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """Output length floor((n + 2p - d(k - 1) - 1) / s) + 1 along one axis.

    The window covers ``d(k - 1) + 1`` padded positions (its extent); it starts
    at ``0, s, 2s, ...`` and must end inside the ``n + 2p`` padded positions.
    When ``s`` does not divide ``n + 2p - extent`` the floor drops the rest:
    the last ``(n + 2p - extent) mod s`` positions are never read.

    Parameters
    ----------
    n : int
        Input length (>= 1).
    k : int
        Kernel length (>= 1).
    stride : int, default 1
        Step ``s`` between windows (>= 1).
    padding : int, default 0
        Zeros ``p`` added on each side (>= 0).
    dilation : int, default 1
        Spacing ``d`` between kernel taps (>= 1; 1 means adjacent).

    Returns
    -------
    int
        Number of window positions along the axis (>= 1).

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If ``n < 1``, ``k < 1``, ``stride < 1``, ``padding < 0``,
        ``dilation < 1``, or the kernel does not fit: ``d(k - 1) + 1 > n + 2p``.

    Notes
    -----
    .. math:: n_{out} = \\left\\lfloor \\frac{n + 2p - d(k-1) - 1}{s} \\right\\rfloor + 1

    Examples
    --------
    >>> conv_output_size(8, 3, stride=2, padding=1)  # (8 + 2 - 3)/2 = 3.5 -> 3, + 1
    4
    >>> conv_output_size(7, 3, dilation=2)  # extent 5
    3
    >>> conv_output_size(4, 3, dilation=2)
    Traceback (most recent call last):
    ...
    ValueError: kernel extent d(k - 1) + 1 == 5, must be <= n + 2p == 4 (the kernel does not fit).
    """
    n = check_int(n, "n", min_val=1)
    k = check_int(k, "k", min_val=1)
    s = check_int(stride, "stride", min_val=1)
    p = check_int(padding, "padding", min_val=0)
    d = check_int(dilation, "dilation", min_val=1)
    extent = d * (k - 1) + 1
    if extent > n + 2 * p:
        raise ValueError(
            f"kernel extent d(k - 1) + 1 == {extent}, must be <= n + 2p == {n + 2 * p} "
            "(the kernel does not fit)."
        )
    return (n + 2 * p - extent) // s + 1


def conv_transpose_output_size(
    n: int, k: int, *, stride: int = 1, padding: int = 0, dilation: int = 1, output_padding: int = 0
) -> int:
    """Output length (n - 1)s - 2p + d(k - 1) + output_padding + 1 of a transposed convolution.

    A transposed convolution is the gradient of a convolution with respect to
    its input: it maps ``conv_output_size(m, ...)`` back to ``m``. Several
    ``m`` share one output size when the stride does not divide evenly;
    ``output_padding`` (``< stride`` or ``< dilation``, as in PyTorch) picks
    which, and equals the remainder that the convolution's floor dropped.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If ``n < 1``, ``k < 1``, ``stride < 1``, ``padding < 0``,
        ``dilation < 1``, ``output_padding`` is negative or not smaller than
        ``stride`` or ``dilation``, or the result is < 1.

    Notes
    -----
    .. math:: n_{out} = (n - 1)\\,s - 2p + d(k - 1) + p_{out} + 1

    Examples
    --------
    >>> conv_output_size(8, 3, stride=2, padding=1)
    4
    >>> conv_transpose_output_size(4, 3, stride=2, padding=1, output_padding=1)
    8
    """
    n = check_int(n, "n", min_val=1)
    k = check_int(k, "k", min_val=1)
    s = check_int(stride, "stride", min_val=1)
    p = check_int(padding, "padding", min_val=0)
    d = check_int(dilation, "dilation", min_val=1)
    q = check_int(output_padding, "output_padding", min_val=0, max_val=max(s, d) - 1)
    out = (n - 1) * s - 2 * p + d * (k - 1) + q + 1
    if out < 1:
        raise ValueError(f"transposed output size == {out}, must be >= 1 (padding too large).")
    return out


@dataclass(frozen=True)
class Coverage:
    """Which padded positions the windows of one axis read (see :func:`coverage`).

    Attributes
    ----------
    out : int
        Output length (number of window positions).
    padded : int
        ``n + 2p``.
    extent : int
        ``d(k - 1) + 1``, the span of one window.
    remainder : int
        ``(n + 2p - extent) mod s``: padded positions after the last window.
    reads : numpy.ndarray
        For every padded position, how many windows read it (int, length ``padded``).
    unvisited_input : numpy.ndarray
        Input positions (0-based, in the unpadded input) no window ever reads.
    unvisited_padding : int
        Padding positions no window reads.
    """

    out: int
    padded: int
    extent: int
    remainder: int
    reads: np.ndarray
    unvisited_input: np.ndarray
    unvisited_padding: int


def coverage(n: int, k: int, *, stride: int = 1, padding: int = 0, dilation: int = 1) -> Coverage:
    """How often each padded position is read by a window of one axis.

    Window ``i`` reads positions ``i*s + a*d`` for ``a = 0 .. k - 1``. A
    position is never read when it lies after the last window (the floor in
    :func:`conv_output_size`) or between two taps that no other window fills
    (dilation larger than the stride, e.g. ``k = 2, d = 3, s = 3``).

    Raises
    ------
    TypeError, ValueError
        As :func:`conv_output_size`; also if ``n + 2p`` exceeds :data:`MAX_ELEMENTS`.

    Examples
    --------
    >>> c = coverage(8, 3, stride=2)  # windows at rows 0-2, 2-4, 4-6
    >>> c.out, c.remainder, c.unvisited_input.tolist()
    (3, 1, [7])
    >>> coverage(7, 2, stride=3, dilation=3).unvisited_input.tolist()  # holes
    [1, 2, 4, 5]
    """
    out = conv_output_size(n, k, stride=stride, padding=padding, dilation=dilation)
    p, s, d = int(padding), int(stride), int(dilation)
    padded = int(n) + 2 * p
    _check_size(padded, "the padded axis")
    reads = np.zeros(padded, dtype=np.int64)
    stop = s * (out - 1) + 1
    for a in range(int(k)):
        reads[a * d : a * d + stop : s] += 1
    never = np.flatnonzero(reads == 0)
    inside = (never >= p) & (never < p + int(n))
    extent = d * (int(k) - 1) + 1
    return Coverage(
        out=out,
        padded=padded,
        extent=extent,
        remainder=(padded - extent) % s,
        reads=reads,
        unvisited_input=never[inside] - p,
        unvisited_padding=int((~inside).sum()),
    )


def same_padding(n: int, k: int, *, stride: int = 1, dilation: int = 1) -> tuple[int, int]:
    """TensorFlow's "SAME" padding (before, after): output ceil(n / s), odd pixel after.

    Total padding ``max((ceil(n/s) - 1)s + d(k - 1) + 1 - n, 0)`` is split as
    ``before = total // 2``, ``after = total - before``. An even total (odd
    kernel, stride 1) pads both sides equally; an odd total (even kernel, or
    some strides) puts the extra zero after (bottom/right).

    PyTorch's ``padding="same"`` gives the same split at stride 1 (total
    ``d(k - 1)``) and raises an error for any other stride; its integer
    ``padding=p`` is always symmetric, so an even kernel cannot keep the size.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If ``n < 1``, ``k < 1``, ``stride < 1`` or ``dilation < 1``.

    Notes
    -----
    .. math:: P = \\max\\big((\\lceil n/s \\rceil - 1)\\,s + d(k-1) + 1 - n,\\ 0\\big),
              \\quad (\\lfloor P/2 \\rfloor,\\ P - \\lfloor P/2 \\rfloor)

    Examples
    --------
    >>> same_padding(8, 3)  # odd kernel, stride 1: symmetric
    (1, 1)
    >>> same_padding(8, 4)  # even kernel: the extra zero goes after
    (1, 2)
    >>> same_padding(8, 3, stride=2)  # output 4 needs 9 padded rows: one zero, after
    (0, 1)
    """
    n = check_int(n, "n", min_val=1)
    k = check_int(k, "k", min_val=1)
    s = check_int(stride, "stride", min_val=1)
    d = check_int(dilation, "dilation", min_val=1)
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return total // 2, total - total // 2


# ---------------------------------------------------------------------------
# The convolution itself
# ---------------------------------------------------------------------------


def conv2d(x, w, *, stride=1, padding=0, dilation=1, bias=None) -> np.ndarray:
    """y[o, i, j] = b[o] + sum over c, a, b of w[o, c, a, b] * x_pad[c, i*s + a*d, j*s + b*d].

    Cross-correlation, as every deep-learning framework computes a
    "convolution" layer: the kernel slides over the zero-padded input without
    being flipped. (A mathematical convolution flips the kernel first; for a
    learned kernel the difference is only which way the weights are stored.)

    Parameters
    ----------
    x : array_like, shape (C_in, H, W)
        Input feature maps.
    w : array_like, shape (C_out, C_in, kH, kW)
        Kernels.
    stride, padding, dilation : int or (int, int)
        Step between windows (>= 1), zeros added on each side (>= 0) and
        spacing between taps (>= 1), for (rows, columns).
    bias : array_like, shape (C_out,), optional
        Added to every output position of its channel.

    Returns
    -------
    numpy.ndarray, shape (C_out, H_out, W_out)
        ``H_out = conv_output_size(H, kH, ...)``, likewise ``W_out``.

    Raises
    ------
    TypeError
        If an array is not numeric or a stride/padding/dilation is not an int.
    ValueError
        If ``x`` is not 3-D or ``w`` not 4-D, an axis is empty, the channel
        counts differ, ``bias`` has the wrong shape, an entry is ``nan`` or
        ``±inf``, stride/padding/dilation is out of range, the kernel does not
        fit, an array would exceed :data:`MAX_ELEMENTS`, or the sums overflow
        float64.

    Notes
    -----
    .. math:: y_{o,i,j} = b_o + \\sum_{c}\\sum_{a=0}^{k_H-1}\\sum_{b=0}^{k_W-1}
              w_{o,c,a,b}\\; x^{pad}_{c,\\; i s_H + a d_H,\\; j s_W + b d_W}

    The loop runs over the ``kH·kW`` taps; each tap adds one strided slice of
    the padded input, weighted by ``w[:, :, a, b]``, to every output at once.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 4, 4)
    >>> w = np.ones((1, 1, 2, 2))
    >>> conv2d(x, w, stride=2)[0]
    array([[10., 18.],
           [42., 50.]])
    >>> conv2d(x, w, padding=1).shape
    (1, 5, 5)
    """
    x = check_array(x, "x", ndim=3)
    w = check_array(w, "w", ndim=4)
    if min(x.shape) < 1:
        raise ValueError(f"x.shape == {x.shape}, must have no empty axis.")
    if min(w.shape) < 1:
        raise ValueError(f"w.shape == {w.shape}, must have no empty axis.")
    if w.shape[1] != x.shape[0]:
        raise ValueError(
            f"w.shape[1] == {w.shape[1]}, must equal the input channels x.shape[0] == {x.shape[0]}."
        )
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    dh, dw = _pair(dilation, "dilation", 1)
    c_out, _, kh, kw = w.shape
    _check_size(x.shape[0] * (x.shape[1] + 2 * ph) * (x.shape[2] + 2 * pw), "the padded input")
    ho = conv_output_size(x.shape[1], kh, stride=sh, padding=ph, dilation=dh)
    wo = conv_output_size(x.shape[2], kw, stride=sw, padding=pw, dilation=dw)
    _check_size(c_out * ho * wo, "the output")
    b = None
    if bias is not None:
        b = check_array(bias, "bias", shape=(c_out,))
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((c_out, ho, wo))
    rows, cols = sh * (ho - 1) + 1, sw * (wo - 1) + 1
    with np.errstate(over="ignore", invalid="ignore"):
        for a in range(kh):
            for c in range(kw):
                patch = xp[:, a * dh : a * dh + rows : sh, c * dw : c * dw + cols : sw]
                out += np.tensordot(w[:, :, a, c], patch, axes=(1, 0))
        if b is not None:
            out += b[:, None, None]
    if not np.isfinite(out).all():
        raise ValueError("conv2d overflows float64 (|x|·|w| summed exceeds 1.8e308).")
    return out


@dataclass(frozen=True)
class Window:
    """The part of the padded input one output cell reads (see :func:`window`).

    Attributes
    ----------
    rows, cols : numpy.ndarray
        Padded-input indices of the taps: ``i*s + a*d`` and ``j*s + b*d``.
    values : numpy.ndarray, shape (kH, kW)
        The padded input at those taps (zeros where a tap falls on padding).
    """

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray


def window(x, k, i: int, j: int, *, stride=1, padding=0, dilation=1) -> Window:
    """The taps x_pad[i*s + a*d, j*s + b*d] that output cell (i, j) multiplies by the kernel.

    ``(window(x, k, i, j, ...).values * w).sum()`` is ``conv2d`` of a single
    channel at ``(i, j)`` without bias.

    Parameters
    ----------
    x : array_like, shape (H, W)
        One input channel.
    k : int or (int, int)
        Kernel size.
    i, j : int
        Output cell, ``0 <= i < H_out`` and ``0 <= j < W_out``.
    stride, padding, dilation : int or (int, int)
        As in :func:`conv2d`.

    Raises
    ------
    TypeError, ValueError
        As :func:`conv2d`; also if ``(i, j)`` is outside the output.

    Examples
    --------
    >>> win = window(np.arange(16.0).reshape(4, 4), 2, 1, 0, stride=2)
    >>> win.rows.tolist(), win.cols.tolist(), win.values.tolist()
    ([2, 3], [0, 1], [[8.0, 9.0], [12.0, 13.0]])
    """
    x = check_array(x, "x", ndim=2)
    if min(x.shape) < 1:
        raise ValueError(f"x.shape == {x.shape}, must have no empty axis.")
    kh, kw = _pair(k, "k", 1)
    sh, sw = _pair(stride, "stride", 1)
    ph, pw = _pair(padding, "padding", 0)
    dh, dw = _pair(dilation, "dilation", 1)
    ho = conv_output_size(x.shape[0], kh, stride=sh, padding=ph, dilation=dh)
    wo = conv_output_size(x.shape[1], kw, stride=sw, padding=pw, dilation=dw)
    i = check_int(i, "i", min_val=0, max_val=ho - 1)
    j = check_int(j, "j", min_val=0, max_val=wo - 1)
    rows = i * sh + dh * np.arange(kh)
    cols = j * sw + dw * np.arange(kw)
    # Read the taps without building the padded array: a tap at padded index r
    # is the input's row r - p, or a zero when that row is padding.
    r_in, c_in = rows - ph, cols - pw
    r_ok = (r_in >= 0) & (r_in < x.shape[0])
    c_ok = (c_in >= 0) & (c_in < x.shape[1])
    values = np.zeros((kh, kw))
    values[np.ix_(r_ok, c_ok)] = x[np.ix_(r_in[r_ok], c_in[c_ok])]
    return Window(rows=rows, cols=cols, values=values)


# ---------------------------------------------------------------------------
# Receptive field of a stack of layers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceptiveField:
    """Per layer of a stack (see :func:`receptive_field`), along one axis.

    Attributes
    ----------
    size : numpy.ndarray of int
        Receptive field ``r_l``: input pixels one output pixel of layer ``l`` spans.
    jump : numpy.ndarray of int
        ``j_l = s_1 ⋯ s_l``: input pixels between two neighbouring outputs of layer ``l``.
    start : numpy.ndarray of float
        Input coordinate of the centre of the first output's receptive field.
    """

    size: np.ndarray
    jump: np.ndarray
    start: np.ndarray


def _check_layers(layers) -> list[tuple[int, int, int, int]]:
    """(k, s, d, p) per layer; p defaults to 0."""
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence | np.ndarray):
        raise TypeError(
            f"layers must be a sequence of (k, s, d) tuples, not {type(layers).__name__}."
        )
    if len(layers) < 1:
        raise ValueError("layers is empty, must have at least one layer.")
    out = []
    for n, layer in enumerate(layers):
        if not isinstance(layer, Sequence | np.ndarray) or len(layer) not in (3, 4):
            raise ValueError(f"layers[{n}] must be (kernel, stride, dilation[, padding]).")
        k = check_int(layer[0], f"layers[{n}] kernel", min_val=1)
        s = check_int(layer[1], f"layers[{n}] stride", min_val=1)
        d = check_int(layer[2], f"layers[{n}] dilation", min_val=1)
        p = check_int(layer[3], f"layers[{n}] padding", min_val=0) if len(layer) == 4 else 0
        out.append((k, s, d, p))
    return out


def receptive_field(layers) -> ReceptiveField:
    """r_l = r_(l-1) + d_l(k_l - 1)·j_(l-1), j_l = j_(l-1)·s_l, per layer of a stack.

    Parameters
    ----------
    layers : sequence of (kernel, stride, dilation) or (kernel, stride, dilation, padding)
        The stack, first layer first; padding (default 0) only moves ``start``.

    Returns
    -------
    ReceptiveField
        Arrays with one entry per layer: ``size``, ``jump`` and ``start``.

    Raises
    ------
    TypeError
        If ``layers`` is not a sequence or an entry is not an integer.
    ValueError
        If ``layers`` is empty, a layer does not have 3 or 4 entries, an
        entry is out of range (kernel, stride, dilation >= 1, padding >= 0),
        or the receptive field exceeds 2**53 (beyond exact float64 integers).

    Notes
    -----
    With ``r_0 = 1``, ``j_0 = 1`` and ``start_0 = 0`` (the centre of input pixel 0):

    .. math:: r_l = r_{l-1} + d_l (k_l - 1)\\, j_{l-1}, \\qquad j_l = j_{l-1} s_l,
              \\qquad \\text{start}_l = \\text{start}_{l-1}
              + \\Big(\\tfrac{d_l(k_l-1)}{2} - p_l\\Big) j_{l-1}

    Examples
    --------
    >>> rf = receptive_field([(3, 1, 1), (3, 1, 1), (3, 1, 1)])  # three 3x3 = one 7x7
    >>> rf.size.tolist(), rf.jump.tolist()
    ([3, 5, 7], [1, 1, 1])
    >>> rf = receptive_field([(3, 2, 1), (3, 1, 2)])
    >>> rf.size.tolist(), rf.jump.tolist(), rf.start.tolist()
    ([3, 11], [2, 2], [1.0, 5.0])
    """
    checked = _check_layers(layers)
    size, jump, start = [], [], []
    r, j, c = 1, 1, 0.0
    for k, s, d, p in checked:
        r = r + d * (k - 1) * j
        c = c + (d * (k - 1) / 2 - p) * j
        j = j * s
        if r > 2**53 or j > 2**53:
            raise ValueError(f"receptive field == {r}, must be <= 2**53.")
        size.append(r)
        jump.append(j)
        start.append(c)
    return ReceptiveField(
        size=np.array(size, dtype=np.int64),
        jump=np.array(jump, dtype=np.int64),
        start=np.array(start, dtype=np.float64),
    )


def path_counts(layers) -> np.ndarray:
    """Paths from each input pixel to the first output of the stack (one axis, all-ones kernels).

    With every weight equal to 1 and no non-linearity, this is the gradient of
    the first output with respect to each input pixel: its support is the
    receptive field, and its shape shows that the centre counts more than the
    edges (the "effective" receptive field) and that dilation can leave holes.
    Computed by back-propagating a single 1 through transposed convolutions.
    The 2-D count of a square stack is ``np.outer(c, c)``.

    Parameters
    ----------
    layers : sequence of (kernel, stride, dilation[, padding])
        As :func:`receptive_field` (padding is ignored: it shifts, not widens).

    Returns
    -------
    numpy.ndarray of float
        Length ``receptive_field(layers).size[-1]``; entry ``m`` belongs to the
        input coordinate ``start - (size - 1)/2 + m``. The entries sum to
        ``k_1 k_2 ⋯ k_L``.

    Raises
    ------
    TypeError, ValueError
        As :func:`receptive_field`; also if the receptive field exceeds
        :data:`MAX_ELEMENTS`.

    Examples
    --------
    >>> path_counts([(3, 1, 1), (3, 1, 1)]).tolist()  # two 3-taps: 1 2 3 2 1
    [1.0, 2.0, 3.0, 2.0, 1.0]
    >>> path_counts([(2, 1, 1), (2, 1, 2)]).tolist()  # dilation 2
    [1.0, 1.0, 1.0, 1.0]
    >>> path_counts([(3, 1, 2)]).tolist()  # a dilated kernel reads every other pixel
    [1.0, 0.0, 1.0, 0.0, 1.0]
    """
    checked = _check_layers(layers)
    _check_size(int(receptive_field(checked).size[-1]), "the receptive field")
    g = np.ones(1)
    for k, s, d, _ in reversed(checked):
        n = g.size
        grown = np.zeros(s * (n - 1) + d * (k - 1) + 1)
        for a in range(k):
            grown[a * d : a * d + s * (n - 1) + 1 : s] += g
        g = grown
    return g


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    """Parameters and multiply-adds of one convolution layer (exact integers)."""

    params: int
    macs: int

    @property
    def flops(self) -> int:
        """Floating-point operations, counting a multiply-add as two."""
        return 2 * self.macs


def conv_cost(c_in, c_out, k, out_h, out_w, *, bias=True, groups=1) -> Cost:
    """params = c_out·(c_in/g)·kH·kW (+ c_out), multiply-adds = H_out·W_out·c_out·(c_in/g)·kH·kW.

    Each of the ``c_out·H_out·W_out`` outputs is a dot product of length
    ``(c_in/g)·kH·kW``; the weights are shared by every output position, so
    the parameter count does not depend on the image size.

    Parameters
    ----------
    c_in, c_out : int
        Input and output channels (>= 1, divisible by ``groups``).
    k : int or (int, int)
        Kernel size.
    out_h, out_w : int
        Output height and width (>= 1).
    bias : bool, default True
        Count one bias per output channel.
    groups : int, default 1
        ``1`` is a standard convolution; ``groups = c_in = c_out`` is depthwise.

    Returns
    -------
    Cost
        ``params`` and ``macs`` (Python ints, exact for any size) and ``flops``.

    Raises
    ------
    TypeError
        If a count is not an integer or ``bias`` is not a bool.
    ValueError
        If a count is < 1, or ``c_in`` or ``c_out`` is not divisible by ``groups``.

    Notes
    -----
    .. math:: P = C_{out}\\,\\frac{C_{in}}{g}\\,k_H k_W + C_{out}, \\qquad
              \\text{MACs} = H_{out} W_{out}\\, C_{out}\\,\\frac{C_{in}}{g}\\,k_H k_W

    Examples
    --------
    >>> conv_cost(64, 128, 3, 56, 56)
    Cost(params=73856, macs=231211008)
    >>> conv_cost(64, 64, 3, 56, 56, groups=64, bias=False)  # depthwise
    Cost(params=576, macs=1806336)
    """
    c_in = check_int(c_in, "c_in", min_val=1)
    c_out = check_int(c_out, "c_out", min_val=1)
    kh, kw = _pair(k, "k", 1)
    out_h = check_int(out_h, "out_h", min_val=1)
    out_w = check_int(out_w, "out_w", min_val=1)
    g = check_int(groups, "groups", min_val=1)
    if not isinstance(bias, (bool, np.bool_)):
        raise TypeError(f"bias must be an instance of bool, not {type(bias).__name__}.")
    if c_in % g or c_out % g:
        raise ValueError(f"groups == {g}, must divide both c_in == {c_in} and c_out == {c_out}.")
    weights = c_out * (c_in // g) * kh * kw
    return Cost(params=weights + (c_out if bias else 0), macs=out_h * out_w * weights)


# ---------------------------------------------------------------------------
# Small grids: presets, typed grids
# ---------------------------------------------------------------------------


def input_preset(name: str, n: int, *, seed: int = 0) -> np.ndarray:
    """An n x n input pattern: "edge", "digit", "impulse" or "random".

    - ``"edge"``: a vertical step edge, 0 on the left half, 1 on the right;
    - ``"digit"``: a hand-drawn-looking "7" (a bar and a diagonal stroke);
    - ``"impulse"``: a single 1 in the middle; its output is the kernel
      itself, rotated by 180° — the sign that frameworks cross-correlate;
    - ``"random"``: values in [-1, 1] with one decimal, from ``seed``.

    Raises
    ------
    TypeError
        If ``n`` or ``seed`` is not an integer.
    ValueError
        If ``name`` is unknown, ``n < 1`` or ``n > 4096``, or ``seed`` is out of range.

    Examples
    --------
    >>> input_preset("edge", 4)
    array([[0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [0., 0., 1., 1.],
           [0., 0., 1., 1.]])
    >>> float(input_preset("impulse", 3)[1, 1])
    1.0
    """
    check_choice(name, "name", INPUT_PRESETS)
    n = check_int(n, "n", min_val=1, max_val=4096)
    seed = check_seed(seed)
    x = np.zeros((n, n))
    if name == "edge":
        x[:, n // 2 :] = 1.0
    elif name == "digit":
        top = n // 5
        x[top, n // 5 : n - n // 5] = 1.0
        rows = np.arange(top + 1, n - n // 8)
        if rows.size:
            right, left = n - n // 5 - 1, n // 3
            cols = np.rint(right + (left - right) * (rows - top) / max(n - 1 - top, 1))
            x[rows, cols.astype(int)] = 1.0
    elif name == "impulse":
        x[n // 2, n // 2] = 1.0
    else:
        x = np.round(np.random.default_rng(seed).uniform(-1.0, 1.0, (n, n)), 1) + 0.0
    return x


def _binomial(m: int) -> np.ndarray:
    return np.array([math.comb(m - 1, i) for i in range(m)], dtype=float)


def kernel_preset(name: str, k: int, *, seed: int = 0) -> np.ndarray:
    """A k x k kernel: "identity", "box", "sobel_x", "sobel_y" or "random".

    - ``"identity"``: a single 1 at the centre (``(k - 1) // 2`` for even k);
    - ``"box"``: the mean of the window, every weight ``1/k²``;
    - ``"sobel_x"`` / ``"sobel_y"``: binomial smoothing times a central
      difference, ``[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]`` for ``k = 3``;
      positive where the image gets brighter to the right / downwards (as a
      cross-correlation). Needs ``k >= 2``;
    - ``"random"``: normal weights with one decimal, from ``seed``.

    Raises
    ------
    TypeError
        If ``k`` or ``seed`` is not an integer.
    ValueError
        If ``name`` is unknown, ``k < 1`` or ``k > 64``, a Sobel kernel is
        asked for with ``k = 1``, or ``seed`` is out of range.

    Examples
    --------
    >>> kernel_preset("sobel_x", 3)
    array([[-1.,  0.,  1.],
           [-2.,  0.,  2.],
           [-1.,  0.,  1.]])
    >>> kernel_preset("sobel_y", 2)
    array([[-1., -1.],
           [ 1.,  1.]])
    """
    check_choice(name, "name", KERNEL_PRESETS)
    k = check_int(k, "k", min_val=1, max_val=64)
    seed = check_seed(seed)
    if name == "identity":
        w = np.zeros((k, k))
        w[(k - 1) // 2, (k - 1) // 2] = 1.0
        return w
    if name == "box":
        return np.full((k, k), 1.0 / k**2)
    if name == "random":
        return np.round(np.random.default_rng(seed).normal(0.0, 1.0, (k, k)), 1) + 0.0
    if k < 2:
        raise ValueError(f"k == {k}, must be >= 2 for a Sobel kernel (a difference needs 2 taps).")
    diff = np.convolve(_binomial(k - 1), [1.0, -1.0])[::-1]  # [-1, 0, 1] for k = 3
    sobel = np.outer(_binomial(k), diff)
    return sobel if name == "sobel_x" else sobel.T.copy()


_ROWS = re.compile(r"[\n;；]+")


def parse_grid(text: str, *, max_rows: int = 16, max_cols: int = 16, max_abs: float = 1e6):
    """Parse a typed grid, one row per line (or separated by ";"), strictly.

    Numbers in a row are separated by commas or spaces, as in
    :func:`playground._validation.parse_number_list` (nothing is evaluated).

    Returns
    -------
    numpy.ndarray, shape (rows, columns)

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    InputError
        With the codes of :func:`~playground._validation.parse_number_list`
        for a bad number or row, ``grid_empty`` (no rows), ``grid_rows``
        (more than ``max_rows`` rows) or ``grid_ragged`` (rows of different
        lengths).

    Examples
    --------
    >>> parse_grid("1 0 -1\\n2 0 -2")
    array([[ 1.,  0., -1.],
           [ 2.,  0., -2.]])
    >>> parse_grid("1 2; 3")
    Traceback (most recent call last):
    ...
    playground._validation.InputError: row 2 has 1 number(s), row 1 has 2.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be an instance of str, not {type(text).__name__}.")
    if len(text) > 20 * max_rows * max_cols + 100:
        raise InputError(
            "too_long",
            f"text has {len(text)} characters.",
            n=len(text),
            max=20 * max_rows * max_cols,
        )
    lines = [line for line in _ROWS.split(text) if line.strip()]
    if not lines:
        raise InputError("grid_empty", "no rows given.")
    if len(lines) > max_rows:
        raise InputError(
            "grid_rows", f"{len(lines)} rows given, at most {max_rows}.", n=len(lines), max=max_rows
        )
    rows = [parse_number_list(line, max_len=max_cols, max_abs=max_abs) for line in lines]
    for r, row in enumerate(rows[1:], start=2):
        if row.size != rows[0].size:
            raise InputError(
                "grid_ragged",
                f"row {r} has {row.size} number(s), row 1 has {rows[0].size}.",
                row=r,
                n=row.size,
                first=rows[0].size,
            )
    return np.array(rows)


def parse_stack(
    kernels: str,
    strides: str,
    dilations: str,
    *,
    max_layers: int = 6,
    limits: tuple[int, int, int] = (7, 4, 4),
) -> list[tuple[int, int, int]]:
    """Parse three typed lists (kernel sizes, strides, dilations) into a layer stack.

    Each list is read by :func:`~playground._validation.parse_number_list`;
    every entry must be a whole number between 1 and its limit, and the
    three lists must be equally long.

    Parameters
    ----------
    kernels, strides, dilations : str
        What the user typed, e.g. ``"3, 3, 3"``.
    max_layers : int, default 6
        Longest stack.
    limits : (int, int, int), default (7, 4, 4)
        Largest kernel, stride and dilation.

    Returns
    -------
    list of (int, int, int)
        ``(kernel, stride, dilation)`` per layer.

    Raises
    ------
    TypeError
        If an argument is not a string.
    InputError
        With the codes of :func:`~playground._validation.parse_number_list`,
        ``stack_whole`` (an entry is not a whole number), ``stack_range`` (an
        entry outside ``1 .. limit``; ``which`` names the list) or
        ``stack_length`` (the lists differ in length).

    Examples
    --------
    >>> parse_stack("3, 3", "1, 2", "1 1")
    [(3, 1, 1), (3, 2, 1)]
    >>> parse_stack("3, 3", "1", "1, 1")
    Traceback (most recent call last):
    ...
    playground._validation.InputError: 2 kernel sizes, 1 strides and 2 dilations: must be as many.
    """
    lists = []
    for which, text, limit in zip(
        ("kernel", "stride", "dilation"), (kernels, strides, dilations), limits, strict=True
    ):
        values = parse_number_list(text, max_len=max_layers, max_abs=1e6)
        for v in values:
            if v != round(v):
                raise InputError(
                    "stack_whole", f"{v:g} is not a whole number.", which=which, value=f"{v:g}"
                )
            if not 1 <= v <= limit:
                raise InputError(
                    "stack_range",
                    f"{which} {v:g} is outside 1 .. {limit}.",
                    which=which,
                    value=f"{v:g}",
                    max=limit,
                )
        lists.append([int(v) for v in values])
    sizes = [len(v) for v in lists]
    if len(set(sizes)) > 1:
        raise InputError(
            "stack_length",
            f"{sizes[0]} kernel sizes, {sizes[1]} strides and {sizes[2]} dilations: "
            "must be as many.",
            k=sizes[0],
            s=sizes[1],
            d=sizes[2],
        )
    return list(zip(*lists, strict=True))


def format_grid(grid, digits: int | None = None) -> str:
    """A grid as text for :func:`parse_grid`: one row per line, numbers in ``%g`` form.

    With ``digits=None`` every number reads back exactly (``repr`` where
    ``%g`` would round); with ``digits`` they are rounded for display.

    Examples
    --------
    >>> print(format_grid([[1.0, 0.5], [-2.0, 0.0]]))
    1 0.5
    -2 0
    >>> format_grid([[1 / 9]]), format_grid([[1 / 9]], digits=3)
    ('0.1111111111111111', '0.111')
    """
    arr = check_array(grid, "grid", ndim=2)
    if digits is not None:
        digits = check_int(digits, "digits", min_val=1, max_val=17)

    def number(v: float) -> str:
        if digits is not None:
            return f"{v:.{digits}g}"
        short = f"{v:g}"
        return short if float(short) == v else repr(float(v))

    return "\n".join(" ".join(number(float(v)) for v in row) for row in arr)


def snippet(x, w, *, stride: int, padding: int, dilation: int, bias: float, cell) -> str:
    """The "Reproduce in Python" code for these settings (validated first).

    Examples
    --------
    >>> print(snippet([[1.0, 2.0]], [[1.0]], stride=1, padding=0, dilation=1, bias=0.0,
    ...               cell=(0, 1)).splitlines()[3])
    x = np.array([[1.0, 2.0]])
    """
    x = check_array(x, "x", ndim=2)
    w = check_array(w, "w", ndim=2)
    i, j = cell
    window(x, w.shape, i, j, stride=stride, padding=padding, dilation=dilation)  # validates

    def lit(a: np.ndarray) -> str:
        return (
            "[" + ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in a) + "]"
        )

    return (
        "import numpy as np\n"
        "from playground import convolution as cv\n"
        "\n"
        f"x = np.array({lit(x)})\n"
        f"w = np.array({lit(w)})\n"
        f"s, p, d, b = {int(stride)}, {int(padding)}, {int(dilation)}, {float(bias)!r}\n"
        "y = cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d, bias=[b])[0]\n"
        "size = cv.conv_output_size(x.shape[0], w.shape[0], stride=s, padding=p, dilation=d)\n"
        f"win = cv.window(x, w.shape, {int(i)}, {int(j)}, "
        "stride=s, padding=p, dilation=d)\n"
        "print(size, y.shape)\n"
        f"print(y.round(4), (win.values * w).sum() + b)  # y[{int(i)}, {int(j)}]\n"
    )
