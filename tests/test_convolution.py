"""Convolution core against independent references.

- ``conv2d`` against a direct six-fold loop written here and SciPy's
  ``correlate2d`` / ``convolve2d`` (dilated kernel, stride by slicing);
- the output-size formula against ``conv2d``'s actual shape and a brute-force
  count of window positions over a grid of (n, k, s, p, d);
- ``receptive_field`` and ``path_counts`` against the input gradient of a
  stacked all-ones network (exact: the network is linear, so the gradient is
  its response to unit impulses);
- ``same_padding`` against a brute-force search for the smallest padding that
  gives ceil(n/s) outputs; ``conv_cost`` against multiplications counted in a
  loop; the hand-written code against the core in a fresh interpreter.
"""

from __future__ import annotations

import base64
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import signal

from playground import convolution as cv
from playground._validation import InputError
from tests import scratch

# ---------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------


def loop_conv2d(x, w, stride, padding, dilation, bias=None):
    """Cross-correlation the slow way: one multiply-add at a time."""
    (sh, sw), (ph, pw), (dh, dw) = (
        (v, v) if np.isscalar(v) else v for v in (stride, padding, dilation)
    )
    c_in, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    xp = np.zeros((c_in, h + 2 * ph, wd + 2 * pw))
    xp[:, ph : ph + h, pw : pw + wd] = x
    rows = []
    i = 0
    while i * sh + dh * (kh - 1) < xp.shape[1]:
        rows.append(i)
        i += 1
    cols = []
    j = 0
    while j * sw + dw * (kw - 1) < xp.shape[2]:
        cols.append(j)
        j += 1
    out = np.zeros((c_out, len(rows), len(cols)))
    for o, i, j in itertools.product(range(c_out), rows, cols):
        total = 0.0 if bias is None else float(bias[o])
        for c, a, b in itertools.product(range(c_in), range(kh), range(kw)):
            total += w[o, c, a, b] * xp[c, i * sh + a * dh, j * sw + b * dw]
        out[o, i, j] = total
    return out


def scipy_conv2d(x2d, w2d, s, p, d):
    dilated = np.zeros((d * (w2d.shape[0] - 1) + 1, d * (w2d.shape[1] - 1) + 1))
    dilated[::d, ::d] = w2d
    return signal.correlate2d(np.pad(x2d, p), dilated, mode="valid")[::s, ::s]


def count_positions(n, k, s, p, d):
    """How many window starts 0, s, 2s, ... fit in n + 2p positions (brute force)."""
    return sum(1 for start in range(0, n + 2 * p, s) if start + d * (k - 1) < n + 2 * p)


def stack_1d(x, layers):
    """Run a 1-D stack of all-ones convolutions (as 1 x k kernels on a 1 x n image)."""
    out = np.asarray(x, dtype=float)[None, None, :]
    for layer in layers:
        k, s, d = layer[:3]
        p = layer[3] if len(layer) == 4 else 0
        out = cv.conv2d(out, np.ones((1, 1, 1, k)), stride=(1, s), padding=(0, p), dilation=d)
    return out[0, 0]


def input_gradient_1d(layers, n, m):
    """d out[m] / d x for every input pixel: the stack's response to each unit impulse."""
    eye = np.eye(n)
    return np.array([stack_1d(eye[q], layers)[m] for q in range(n)])


# ---------------------------------------------------------------------------
# conv2d
# ---------------------------------------------------------------------------


def test_conv2d_matches_a_direct_loop_multichannel():
    rng = np.random.default_rng(0)
    for stride, padding, dilation in [(1, 0, 1), (2, 1, 1), ((1, 3), (2, 0), (2, 1)), (3, 2, 3)]:
        x = rng.normal(size=(3, 9, 11))
        w = rng.normal(size=(4, 3, 3, 2))
        bias = rng.normal(size=4)
        ours = cv.conv2d(x, w, stride=stride, padding=padding, dilation=dilation, bias=bias)
        ref = loop_conv2d(x, w, stride, padding, dilation, bias)
        np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("n", "k", "s", "p", "d"),
    [(8, 3, 2, 1, 1), (8, 3, 2, 0, 1), (16, 7, 1, 3, 1), (16, 3, 3, 0, 4), (5, 1, 4, 0, 1)],
)
def test_conv2d_matches_scipy_correlate2d(n, k, s, p, d):
    rng = np.random.default_rng(n * 100 + k * 10 + s)
    x = rng.uniform(-1, 1, (n, n + 1))
    w = rng.normal(size=(k, k))
    ours = cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d)[0]
    np.testing.assert_allclose(ours, scipy_conv2d(x, w, s, p, d), rtol=1e-12, atol=1e-12)


def test_frameworks_cross_correlate_convolution_flips_the_kernel():
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(7, 7)), rng.normal(size=(3, 3))
    ours = cv.conv2d(x[None], w[None, None])[0]
    np.testing.assert_allclose(ours, signal.convolve2d(x, w[::-1, ::-1], mode="valid"))
    assert not np.allclose(ours, signal.convolve2d(x, w, mode="valid"))
    # An impulse returns the kernel rotated by 180 degrees (what the page's preset shows).
    impulse = cv.input_preset("impulse", 5)
    out = cv.conv2d(impulse[None], w[None, None], padding=1)[0]
    np.testing.assert_array_equal(out[1:4, 1:4], w[::-1, ::-1])


@settings(max_examples=60, deadline=None)
@given(
    h=st.integers(1, 9),
    wd=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    s=st.integers(1, 3),
    p=st.integers(0, 2),
    d=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_conv2d_property_against_the_loop(h, wd, kh, kw, s, p, d, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, h, wd)), rng.normal(size=(2, 2, kh, kw))
    fits = d * (kh - 1) + 1 <= h + 2 * p and d * (kw - 1) + 1 <= wd + 2 * p
    if not fits:
        with pytest.raises(ValueError, match="does not fit"):
            cv.conv2d(x, w, stride=s, padding=p, dilation=d)
        return
    ours = cv.conv2d(x, w, stride=s, padding=p, dilation=d)
    np.testing.assert_allclose(ours, loop_conv2d(x, w, s, p, d), rtol=1e-10, atol=1e-10)
    # Linear in the input: conv(2x - 3x') = 2 conv(x) - 3 conv(x').
    x2 = rng.normal(size=x.shape)
    combo = cv.conv2d(2 * x - 3 * x2, w, stride=s, padding=p, dilation=d)
    expected = 2 * ours - 3 * cv.conv2d(x2, w, stride=s, padding=p, dilation=d)
    np.testing.assert_allclose(combo, expected, rtol=1e-9, atol=1e-9)


def test_identity_kernel_with_same_padding_returns_the_input():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 6, 6))
    for k in (1, 3, 5, 7):
        w = cv.kernel_preset("identity", k)[None, None]
        np.testing.assert_array_equal(cv.conv2d(x, w, padding=(k - 1) // 2), x)


def test_window_is_the_cell_of_conv2d():
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(9, 10)), rng.normal(size=(3, 2))
    for s, p, d in [(1, 0, 1), (2, 1, 1), (3, 2, 2)]:
        y = cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d)[0]
        for i, j in itertools.product(range(y.shape[0]), range(y.shape[1])):
            win = cv.window(x, w.shape, i, j, stride=s, padding=p, dilation=d)
            assert win.rows.tolist() == [i * s + a * d for a in range(2 + 1)]
            assert win.cols.tolist() == [j * s + b * d for b in range(2)]
            assert (win.values * w).sum() == pytest.approx(y[i, j], abs=1e-12)
    with pytest.raises(ValueError, match="i == 9"):
        cv.window(x, 3, 9, 0)


def test_extreme_and_wrong_inputs():
    x = np.full((1, 4, 4), 1e6)
    w = np.full((1, 1, 3, 3), -1e6)
    assert cv.conv2d(x, w)[0, 0, 0] == pytest.approx(-9e12)
    assert cv.conv2d(np.zeros((1, 3, 3)), np.zeros((1, 1, 3, 3))).tolist() == [[[0.0]]]
    with pytest.raises(ValueError, match="overflows"):
        cv.conv2d(np.full((1, 3, 3), 1e200), np.full((1, 1, 3, 3), 1e200))
    with pytest.raises(ValueError, match="contains nan"):
        cv.conv2d(np.array([[[np.nan]]]), np.ones((1, 1, 1, 1)))
    with pytest.raises(ValueError, match="contains inf"):
        cv.conv2d(np.ones((1, 2, 2)), np.full((1, 1, 1, 1), np.inf))
    with pytest.raises(ValueError, match=r"x.ndim == 2, must be 3"):
        cv.conv2d(np.ones((3, 3)), np.ones((1, 1, 1, 1)))
    with pytest.raises(ValueError, match="must have no empty axis"):
        cv.conv2d(np.ones((1, 0, 3)), np.ones((1, 1, 1, 1)))
    with pytest.raises(ValueError, match=r"w.shape\[1\] == 2"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 2, 1, 1)))
    with pytest.raises(ValueError, match=r"bias.shape"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((2, 1, 1, 1)), bias=[1.0])
    with pytest.raises(TypeError, match="stride must be an instance"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 1, 1)), stride=1.5)
    with pytest.raises(TypeError, match="stride must be an instance"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 1, 1)), stride=True)
    with pytest.raises(ValueError, match="stride == 0"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 1, 1)), stride=0)
    with pytest.raises(ValueError, match="padding\\[1\\] == -1"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 1, 1)), padding=(0, -1))
    with pytest.raises(ValueError, match="3 entries"):
        cv.conv2d(np.ones((1, 3, 3)), np.ones((1, 1, 1, 1)), dilation=(1, 1, 1))
    with pytest.raises(ValueError, match="must be <= 67108864"):
        cv.conv2d(np.ones((1, 1, 1)), np.ones((1, 1, 1, 1)), padding=10**5)


# ---------------------------------------------------------------------------
# Output size, coverage, same padding, transposed size
# ---------------------------------------------------------------------------


def test_output_size_formula_against_actual_shape_over_a_grid():
    x_cache = {}
    checked = refused = 0
    for n, k, s, p, d in itertools.product(
        range(1, 11), range(1, 6), range(1, 5), range(4), (1, 2, 3)
    ):
        x = x_cache.setdefault(n, np.ones((1, n, n)))
        brute = count_positions(n, k, s, p, d)
        if brute == 0:
            with pytest.raises(ValueError, match="does not fit"):
                cv.conv_output_size(n, k, stride=s, padding=p, dilation=d)
            with pytest.raises(ValueError, match="does not fit"):
                cv.conv2d(x, np.ones((1, 1, k, k)), stride=s, padding=p, dilation=d)
            refused += 1
            continue
        size = cv.conv_output_size(n, k, stride=s, padding=p, dilation=d)
        shape = cv.conv2d(x, np.ones((1, 1, k, k)), stride=s, padding=p, dilation=d).shape
        assert size == brute == shape[1] == shape[2], (n, k, s, p, d)
        assert size == math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1
        checked += 1
    assert checked > 1800 and refused > 100


def test_coverage_against_brute_force_sets():
    for n, k, s, p, d in itertools.product(
        range(1, 13), range(1, 5), range(1, 5), range(3), (1, 2, 3)
    ):
        if d * (k - 1) + 1 > n + 2 * p:
            continue
        cov = cv.coverage(n, k, stride=s, padding=p, dilation=d)
        starts = range(0, cov.out * s, s)
        read = [i + a * d for i in starts for a in range(k)]
        counts = np.bincount(read, minlength=n + 2 * p)
        np.testing.assert_array_equal(cov.reads, counts)
        never = sorted(set(range(p, p + n)) - set(read))
        assert cov.unvisited_input.tolist() == [r - p for r in never]
        assert cov.unvisited_padding == 2 * p - len(set(read) - set(range(p, p + n)))
        assert cov.remainder == (n + 2 * p - d * (k - 1) - 1) % s
        assert cov.extent == d * (k - 1) + 1


def test_coverage_examples_from_the_page():
    # The page's default: the floor drops the last padding row only.
    cov = cv.coverage(8, 3, stride=2, padding=1)
    assert (cov.out, cov.remainder, cov.unvisited_input.size, cov.unvisited_padding) == (4, 1, 0, 1)
    # Without padding a real row is lost; with dilation 3 > stride 3 - 1 holes appear.
    assert cv.coverage(8, 3, stride=2).unvisited_input.tolist() == [7]
    assert cv.coverage(7, 2, stride=3, dilation=3).unvisited_input.tolist() == [1, 2, 4, 5]


def test_same_padding_is_the_smallest_padding_giving_ceil_n_over_s():
    for n, k, s, d in itertools.product(range(1, 20), range(1, 8), range(1, 5), range(1, 4)):
        target = -(-n // s)
        extent = d * (k - 1) + 1
        total = next(
            t for t in range(0, 200) if n + t >= extent and (n + t - extent) // s + 1 >= target
        )
        before, after = cv.same_padding(n, k, stride=s, dilation=d)
        assert before + after == total and after - before in (0, 1), (n, k, s, d)
        assert (n + total - extent) // s + 1 == target
    assert cv.same_padding(8, 3, stride=2) == (0, 1)  # TensorFlow's documented case
    assert cv.same_padding(5, 4) == (1, 2)
    assert cv.same_padding(1, 1) == (0, 0)


def brute_transposed(n_in, k, s, p, d, output_padding):
    """Scatter each input through the kernel (the adjoint of conv2d) and measure the span."""
    full = (n_in - 1) * s + d * (k - 1) + 1
    return full - 2 * p + output_padding


def test_transposed_size_undoes_the_forward_floor():
    for m, k, s, p, d in itertools.product(
        range(1, 15), range(1, 5), range(1, 5), range(3), (1, 2)
    ):
        if d * (k - 1) + 1 > m + 2 * p:
            continue
        n_out = cv.conv_output_size(m, k, stride=s, padding=p, dilation=d)
        rem = cv.coverage(m, k, stride=s, padding=p, dilation=d).remainder
        back = cv.conv_transpose_output_size(
            n_out, k, stride=s, padding=p, dilation=d, output_padding=rem
        )
        assert back == m == brute_transposed(n_out, k, s, p, d, rem)
    # It is the adjoint: <conv(x), y> == <x, conv^T(y)> with the shapes above.
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(1, 8, 8)), rng.normal(size=(1, 1, 3, 3))
    y = rng.normal(size=(1, 4, 4))
    forward = cv.conv2d(x, w, stride=2, padding=1)
    adjoint = np.zeros((10, 10))  # padded coordinates
    for i, j in itertools.product(range(4), range(4)):
        adjoint[2 * i : 2 * i + 3, 2 * j : 2 * j + 3] += y[0, i, j] * w[0, 0]
    assert (forward * y).sum() == pytest.approx((x[0] * adjoint[1:9, 1:9]).sum())
    with pytest.raises(ValueError, match="output_padding == 2, must be <= 1"):
        cv.conv_transpose_output_size(4, 3, stride=2, output_padding=2)


def test_output_size_argument_checks():
    with pytest.raises(ValueError, match="n == 0"):
        cv.conv_output_size(0, 1)
    with pytest.raises(TypeError, match="k must be an instance"):
        cv.conv_output_size(5, 2.0)
    with pytest.raises(ValueError, match="padding == -1"):
        cv.conv_output_size(5, 3, padding=-1)
    with pytest.raises(ValueError, match=r"extent d\(k - 1\) \+ 1 == 9, must be <= n \+ 2p == 5"):
        cv.conv_output_size(5, 3, dilation=4)
    assert cv.conv_output_size(10**9, 3, stride=1) == 10**9 - 2  # plain integers, no overflow


# ---------------------------------------------------------------------------
# Receptive field
# ---------------------------------------------------------------------------

STACKS = [
    [(3, 1, 1)],
    [(3, 1, 1), (3, 1, 1), (3, 1, 1)],
    [(3, 2, 1), (3, 2, 1), (3, 1, 1)],
    [(3, 1, 1), (3, 2, 1), (3, 1, 1), (3, 1, 2)],
    [(2, 2, 1), (5, 1, 3)],
    [(7, 2, 1), (3, 2, 1), (3, 1, 2), (1, 1, 1)],
]


@pytest.mark.parametrize("layers", STACKS, ids=str)
def test_receptive_field_is_the_support_of_the_input_gradient(layers):
    rf = cv.receptive_field(layers)
    for depth in range(1, len(layers) + 1):
        sub = layers[:depth]
        n = int(rf.size[depth - 1]) + 4 * int(rf.jump[depth - 1]) + 8
        m = 2  # an output away from the border
        grad = input_gradient_1d(sub, n, m)
        support = np.flatnonzero(grad)
        assert support[-1] - support[0] + 1 == rf.size[depth - 1]
        centre = (support[0] + support[-1]) / 2
        assert centre == rf.start[depth - 1] + m * rf.jump[depth - 1]
        # The gradient is exactly the number of paths (all weights are 1).
        counts = cv.path_counts(sub)
        np.testing.assert_array_equal(grad[support[0] : support[-1] + 1], counts)


def test_receptive_field_in_two_dimensions():
    layers = [(3, 2, 1), (3, 1, 2)]
    n = 21
    out = None
    grad = np.zeros((n, n))
    for q in range(n * n):
        x = np.zeros((1, n, n))
        x.flat[q] = 1.0
        out = x
        for k, s, d in layers:
            out = cv.conv2d(out, np.ones((1, 1, k, k)), stride=s, dilation=d)
        grad.flat[q] = out[0, 0, 0]
    counts = cv.path_counts(layers)
    np.testing.assert_array_equal(grad[: counts.size, : counts.size], np.outer(counts, counts))
    assert not grad[counts.size :, :].any() and not grad[:, counts.size :].any()


def test_receptive_field_with_padding_moves_the_centre():
    layers = [(3, 1, 1, 1), (3, 2, 1, 1), (5, 1, 2, 2)]
    rf = cv.receptive_field(layers)
    n, m = 60, 6
    grad = input_gradient_1d(layers, n, m)
    support = np.flatnonzero(grad)
    assert (support[0] + support[-1]) / 2 == rf.start[-1] + m * rf.jump[-1]
    assert support[-1] - support[0] + 1 == rf.size[-1]


def test_receptive_field_known_values_and_checks():
    three = cv.receptive_field([(3, 1, 1)] * 3)
    assert three.size.tolist() == [3, 5, 7]  # three 3x3 see what one 7x7 sees
    dilated = cv.receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)])
    assert dilated.size.tolist() == [3, 7, 15, 31]  # exponential growth (WaveNet, DeepLab)
    assert cv.path_counts([(3, 1, 2)]).tolist() == [1, 0, 1, 0, 1]  # a dilated kernel's holes
    with pytest.raises(ValueError, match="layers is empty"):
        cv.receptive_field([])
    with pytest.raises(ValueError, match=r"layers\[0\] must be"):
        cv.receptive_field([(3, 1)])
    with pytest.raises(ValueError, match=r"layers\[1\] stride == 0"):
        cv.receptive_field([(3, 1, 1), (3, 0, 1)])
    with pytest.raises(TypeError, match="layers must be a sequence"):
        cv.receptive_field("3, 1, 1")
    with pytest.raises(ValueError, match="must be <= 2\\*\\*53"):
        cv.receptive_field([(3, 10**6, 1)] * 4)
    with pytest.raises(ValueError, match="the receptive field would have"):
        cv.path_counts([(3, 1000, 1)] * 4)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=4
    )
)
def test_path_counts_properties(layers):
    counts = cv.path_counts(layers)
    rf = cv.receptive_field(layers)
    assert counts.size == rf.size[-1]
    assert counts.sum() == math.prod(k for k, _, _ in layers)
    assert counts[0] >= 1 and counts[-1] >= 1  # the support spans exactly r
    np.testing.assert_array_equal(counts, counts[::-1])  # symmetric about the centre


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------


def counted_multiplications(c_in, c_out, k, h, w, groups):
    per_group_in = c_in // groups
    out = cv.conv_output_size(h, k)
    count = 0
    for o in range(c_out):
        for _ in range(out * cv.conv_output_size(w, k)):
            count += per_group_in * k * k  # one product per weight of this output's group
        del o
    return count


def test_conv_cost_against_counting_and_known_layers():
    for c_in, c_out, k, groups in [(3, 4, 3, 1), (4, 4, 3, 4), (6, 9, 2, 3), (2, 5, 1, 1)]:
        cost = cv.conv_cost(c_in, c_out, k, 5, 6, groups=groups)
        weights = np.zeros((c_out, c_in // groups, k, k))
        assert cost.params == weights.size + c_out
        assert cost.macs == counted_multiplications(c_in, c_out, k, 5 + k - 1, 6 + k - 1, groups)
        assert cost.flops == 2 * cost.macs
    assert cv.conv_cost(3, 64, 3, 224, 224).params == 1792  # VGG-16 conv1_1
    assert cv.conv_cost(512, 512, 3, 14, 14).params == 2_359_808  # VGG-16 conv5_x
    assert cv.conv_cost(64, 64, 3, 56, 56, bias=False).macs == 115_605_504  # ResNet 3x3
    big = cv.conv_cost(4096, 4096, 7, 10**6, 10**6)
    assert big.macs == 10**12 * 4096 * 4096 * 49  # exact Python integers
    with pytest.raises(ValueError, match="groups == 3, must divide"):
        cv.conv_cost(4, 6, 3, 1, 1, groups=3)
    with pytest.raises(TypeError, match="bias must be an instance of bool"):
        cv.conv_cost(4, 6, 3, 1, 1, bias=1)
    with pytest.raises(ValueError, match="out_h == 0"):
        cv.conv_cost(4, 6, 3, 0, 1)


def test_depthwise_separable_ratio_is_one_over_c_out_plus_one_over_k_squared():
    c_in, c_out, k = 32, 64, 3
    std = cv.conv_cost(c_in, c_out, k, 7, 7, bias=False)
    dw = cv.conv_cost(c_in, c_in, k, 7, 7, bias=False, groups=c_in)
    pw = cv.conv_cost(c_in, c_out, 1, 7, 7, bias=False)
    assert (dw.macs + pw.macs) / std.macs == pytest.approx(1 / c_out + 1 / k**2)


# ---------------------------------------------------------------------------
# Presets and typed grids
# ---------------------------------------------------------------------------


def test_presets():
    sobel = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(cv.kernel_preset("sobel_x", 3), sobel)
    np.testing.assert_array_equal(cv.kernel_preset("sobel_y", 3), sobel.T)
    for k in range(2, 8):
        kernel = cv.kernel_preset("sobel_x", k)
        assert kernel.sum() == 0 and (kernel[:, -1] > 0).all()  # bright to the right: positive
        edge = cv.input_preset("edge", 12)
        assert cv.conv2d(edge[None], kernel[None, None])[0].max() > 0
    for k in range(1, 8):
        assert cv.kernel_preset("box", k).sum() == pytest.approx(1.0)
        assert cv.kernel_preset("identity", k).sum() == 1.0
    a, b = cv.kernel_preset("random", 5, seed=3), cv.kernel_preset("random", 5, seed=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, cv.kernel_preset("random", 5, seed=4))
    for name in cv.INPUT_PRESETS:
        for n in (1, 3, 16):
            x = cv.input_preset(name, n, seed=1)
            assert x.shape == (n, n) and np.isfinite(x).all() and np.abs(x).max() <= 1
    assert cv.input_preset("digit", 8).sum() > 5
    with pytest.raises(ValueError, match="must be >= 2 for a Sobel"):
        cv.kernel_preset("sobel_y", 1)
    with pytest.raises(ValueError, match="name == 'blur'"):
        cv.kernel_preset("blur", 3)


def test_parse_and_format_grid():
    grid = cv.parse_grid("1 0 -1\n2, 0, -2\n\n1;0;-1".replace(";0;-1", " 0 -1"))
    np.testing.assert_array_equal(grid, [[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    np.testing.assert_array_equal(cv.parse_grid("1 2; 3 4"), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(cv.parse_grid("1 2；3 4"), [[1, 2], [3, 4]])
    cases = [
        ("", "grid_empty"),
        (" \n ;", "grid_empty"),
        ("1 2\n3", "grid_ragged"),
        ("\n".join(["1"] * 17), "grid_rows"),
        ("1 " * 17, "too_many"),
        ("nan 1", "not_finite"),
        ("__import__('os')", "not_a_number"),
        ("1e7", "too_large"),
        ("1,,2", "empty_item"),
        ("9" * 6000, "too_long"),
    ]
    for text, code in cases:
        with pytest.raises(InputError) as info:
            cv.parse_grid(text)
        assert info.value.code == code, (text[:20], info.value.code)
    with pytest.raises(TypeError):
        cv.parse_grid(None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    )
)
def test_format_grid_round_trips(rows):
    grid = np.array(rows)
    np.testing.assert_array_equal(cv.parse_grid(cv.format_grid(grid)), grid)


def test_parse_stack():
    assert cv.parse_stack("3, 3", "1 2", "1, 2") == [(3, 1, 1), (3, 2, 2)]
    cases = [
        (("3, 3", "1", "1, 1"), "stack_length"),
        (("3.5", "1", "1"), "stack_whole"),
        (("9", "1", "1"), "stack_range"),
        (("3", "0", "1"), "stack_range"),
        (("3", "1", "5"), "stack_range"),
        (("3, 3, 3, 3, 3, 3, 3", "1", "1"), "too_many"),
        (("nan", "1", "1"), "not_finite"),
        (("", "1", "1"), "empty"),
    ]
    for args, code in cases:
        with pytest.raises(InputError) as info:
            cv.parse_stack(*args)
        assert info.value.code == code, (args, info.value.code)


# ---------------------------------------------------------------------------
# Hand-written code and the snippet
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "kernel", "k", "s", "p", "d", "b", "cell"),
    [
        (8, "sobel_x", 3, 2, 1, 1, 0.0, (1, 2)),  # the page's default
        (13, "random", 4, 3, 2, 2, -0.5, (2, 1)),
    ],
)
def test_handwritten_code_matches_the_core(n, kernel, k, s, p, d, b, cell):
    x = cv.input_preset("random", n, seed=7)
    w = cv.kernel_preset(kernel, k, seed=7)
    out = scratch.run(
        "convolution",
        "en",
        x=x.tolist(),
        w=w.tolist(),
        stride=s,
        padding=p,
        dilation=d,
        bias=b,
        i=cell[0],
        j=cell[1],
    )
    y = cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d, bias=[b])[0]
    assert int(out["out_h"]) == cv.conv_output_size(n, k, stride=s, padding=p, dilation=d)
    assert int(out["out_w"]) == y.shape[1]
    np.testing.assert_allclose(out["y"], y, rtol=1e-6, atol=1e-7)
    assert float(out["y_ij"]) == pytest.approx(y[cell], rel=1e-9, abs=1e-12)


def test_snippet_runs_and_prints_the_cell():
    x = cv.input_preset("edge", 6)
    w = cv.kernel_preset("sobel_x", 3)
    code = cv.snippet(x, w, stride=2, padding=1, dilation=1, bias=0.5, cell=(1, 1))
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - tests may exec the snippet they check
    y = namespace["y"]
    assert y.shape == (3, 3)
    assert (namespace["win"].values * w).sum() + 0.5 == pytest.approx(y[1, 1])
    with pytest.raises(ValueError, match="i == 5"):
        cv.snippet(x, w, stride=2, padding=1, dilation=1, bias=0.0, cell=(5, 0))


# ---------------------------------------------------------------------------
# Chart builders and formula lines
# ---------------------------------------------------------------------------


def tr(key, **values):
    return key + ("" if not values else str(sorted(values.items())))


def validated(fig) -> dict:
    """The builder's figure rebuilt through Plotly's validator (frames included)."""
    import plotly.graph_objects as go

    return go.Figure(fig.to_dict()).to_dict()


def test_sliding_window_figure_is_valid_and_animated():
    from playground.charts import convolution as charts

    x = cv.input_preset("random", 16, seed=1)
    w = cv.kernel_preset("random", 7, seed=1)
    xp = np.pad(x, 3)
    y = cv.conv2d(x[None], w[None, None], padding=3)[0]
    rows = cv.coverage(16, 7, padding=3)
    fig = charts.sliding_window(xp, 3, y, (7, 7), 1, 1, (4, 9), rows.reads, rows.reads, tr)
    spec = validated(fig)
    assert len(spec["frames"]) == y.size == 256 == len(charts.frames(fig))
    assert spec["layout"]["sliders"][0]["active"] == 4 * 16 + 9
    title = "convolution.chart.sliding_title[('ho', 16), ('hp', 22), ('wo', 16), ('wp', 22)]"
    assert spec["layout"]["title"]["text"] == title
    outline = spec["frames"][4 * 16 + 9]["data"][0]  # rows 4-10, columns 9-15
    assert outline["x"][:2] == [8.5, 15.5] and outline["y"][1:3] == [3.5, 10.5]
    for trace in [t for t in spec["data"] if t["type"] == "heatmap"]:
        z = trace["z"]
        if isinstance(z, dict):  # plotly's typed-array form
            z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=np.dtype(z["dtype"]))
        assert np.isfinite(np.asarray(z, dtype=float)).all()


def test_other_figures_are_valid():
    from playground.charts import convolution as charts

    cov = cv.coverage(8, 3, stride=2)
    strip = validated(charts.coverage_strip(cov.reads, cov.out, 3, 2, 1, 0, tr))
    assert strip["layout"]["xaxis"]["title"]["text"] == "convolution.chart.strip_x"
    assert strip["data"][0]["fillpattern"]["shape"] == "/"  # row 7 hatched
    layers = [(3, 2, 1), (3, 1, 2)]
    rf = cv.receptive_field(layers)
    fig = charts.receptive_field_map(cv.path_counts(layers), rf.size.tolist(), 1, tr)
    spec = validated(fig)
    assert len(spec["data"]) == 1 + len(layers)
    assert spec["data"][2]["line"]["width"] == 4  # the chosen layer stands out
    bars = validated(charts.cost_bars(["a", "b"], [10, 2000], [5, 3_000_000], tr))
    assert [t["text"] for t in bars["data"]] == [["10", "2k"], ["5", "3M"]]


def test_formula_lines():
    from playground.app.format import tex
    from playground.charts import convolution as charts

    assert charts.size_line("H", 8, 3, 2, 1, 1, 4).endswith(r"\lfloor 3.5 \rfloor + 1 = 3 + 1 = 4")
    exact = charts.size_line("H", 9, 3, 2, 1, 1, 5)  # 8 / 2: no fractional step
    assert exact.endswith(r"\left\lfloor \frac{8}{2} \right\rfloor + 1 = 4 + 1 = 5")
    x = cv.input_preset("edge", 8)
    w = cv.kernel_preset("sobel_x", 3)
    win = cv.window(x, 3, 1, 2, stride=2, padding=1)
    lines = charts.window_lines((1, 2), win.rows, win.cols, win.values, w, -0.5, 3.5, 2, 1, tex, tr)
    assert len(lines) == 3 and lines[-1].endswith("= 4 - 0.5 = 3.5")
    big = cv.window(x, 5, 0, 0, padding=2)
    assert (
        len(
            charts.window_lines(
                (0, 0), big.rows, big.cols, big.values, np.ones((5, 5)), 0.0, 1.0, 1, 1, tex, tr
            )
        )
        == 5
    )
