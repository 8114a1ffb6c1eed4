"""Practice questions on NumPy broadcasting (广播机制; no topic page of its own).

The answers are NumPy's own: :func:`numpy.broadcast_shapes` and the actual
operations on arrays of the drawn shapes, so a question is exactly as right
as the library an interviewer expects you to know.
"""

from __future__ import annotations

import math

import numpy as np

from playground.practice import Format, Question, Text, Tolerance, choice_texts, pick, register

NS = "practice.q.broadcasting"
SIZES = (2, 3, 4, 5, 6, 8)


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def draw_compatible(rng) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two shapes that broadcast: the second is the first's tail with some axes set to 1."""
    full = tuple(int(pick(rng, SIZES)) for _ in range(int(pick(rng, (2, 3)))))
    a = tuple(1 if rng.random() < 0.35 else n for n in full)
    tail = full[len(full) - int(rng.integers(1, len(full) + 1)) :]
    b = tuple(
        1 if (rng.random() < 0.35 and x != 1) else n
        for n, x in zip(tail, a[-len(tail) :], strict=True)
    )
    return (a, b) if rng.random() < 0.5 else (b, a)


def broadcast(a, b) -> tuple[int, ...] | None:
    """NumPy's result shape of ``x + y``, or ``None`` when it raises."""
    try:
        return tuple(np.broadcast_shapes(a, b))
    except ValueError:
        return None


def left_aligned(a, b) -> tuple[int, ...]:
    """The wrong rule (aligning shapes on the left), for a plausible distractor."""
    n = max(len(a), len(b))
    a, b = tuple(a) + (1,) * (n - len(a)), tuple(b) + (1,) * (n - len(b))
    return tuple(max(x, y) for x, y in zip(a, b, strict=True))


@register("numbers")
def result_size(rng, out: Format) -> Question:
    while True:
        a, b = draw_compatible(rng)
        shape = broadcast(a, b)
        if shape is not None and shape not in (a, b):
            break
    size = float((np.zeros(a) + np.zeros(b)).size)
    product = r" \times ".join(str(n) for n in shape)
    return Question(
        prompt=Text(f"{NS}.result_size.prompt", {"a": shape_text(a), "b": shape_text(b)}),
        answer=size,
        tolerance=Tolerance(abs=0.5),
        hint="integer",
        solution=(
            rf"{shape_text(a)} + {shape_text(b)} \to {shape_text(shape)},\quad"
            rf" {product} = {int(size)}",
        ),
        why=Text(f"{NS}.rule"),
    )


@register("predict")
def result_shape(rng, out: Format) -> Question:
    incompatible = rng.random() < 0.3
    while True:
        a, b = draw_compatible(rng)
        if incompatible:  # give b a size that clashes with a's on one aligned axis
            i = int(rng.integers(1, min(len(a), len(b)) + 1))
            b = b[: len(b) - i] + (a[-i] + 1 if a[-i] > 1 else 7,) + b[len(b) - i + 1 :]
        shape, wrong = broadcast(a, b), left_aligned(a, b)
        if (shape is None) == incompatible and wrong != shape and wrong not in (a, b):
            break
    options = [shape_text(wrong), shape_text(shape) if shape else shape_text(a), "error"]
    correct = 2 if shape is None else 1
    choices = (
        Text(f"{NS}.result_shape.choices.shape", {"shape": options[0]}),
        Text(f"{NS}.result_shape.choices.shape", {"shape": options[1]}),
        Text(f"{NS}.result_shape.choices.error"),
    )
    return Question(
        prompt=Text(f"{NS}.result_shape.prompt", {"a": shape_text(a), "b": shape_text(b)}),
        choices=choices,
        correct=correct,
        solution=(
            rf"{shape_text(a)} + {shape_text(b)} \to "
            + (shape_text(shape) if shape else r"\text{ValueError}"),
        ),
        why=Text(f"{NS}.rule"),
    )


@register("predict")
def row_max(rng, out: Format) -> Question:
    """``z - z.max(axis=1)`` on a (B, K) batch: an error, or silently wrong when B = K."""
    B = int(pick(rng, SIZES))
    K = B if rng.random() < 0.5 else int(pick(rng, tuple(s for s in SIZES if s != B)))
    z = rng.normal(size=(B, K))
    right = z - z.max(axis=1, keepdims=True)
    try:
        result = z - z.max(axis=1)
    except ValueError:
        correct = 1
    else:
        correct = 0 if np.allclose(result, right) else 2
    return Question(
        prompt=Text(f"{NS}.row_max.prompt", {"B": B, "K": K}),
        choices=choice_texts(f"{NS}.row_max.choices", ("right", "error", "wrong")),
        correct=correct,
        solution=(
            rf"z.\mathrm{{max}}(\mathrm{{axis}}=1):\ ({B},) \equiv (1, {B})"
            rf"\ \leftrightarrow\ ({B}, {K})",
            r"z - z.\mathrm{max}(\mathrm{axis}=1,\ \mathrm{keepdims}=\mathrm{True})"
            rf":\ ({B}, {K}) - ({B}, 1)",
        ),
        why=Text(f"{NS}.row_max.why", {"B": B, "K": K}),
    )


@register("numbers")
def pairwise(rng, out: Format) -> Question:
    """Pairwise squared distances by broadcasting: the shape of the intermediate tensor."""
    n, m, d = int(pick(rng, SIZES)), int(pick(rng, SIZES)), int(pick(rng, (2, 3, 4)))
    x, y = np.zeros((n, d)), np.zeros((m, d))
    diff = x[:, None, :] - y[None, :, :]
    return Question(
        prompt=Text(f"{NS}.pairwise.prompt", {"n": n, "m": m, "d": d}),
        answer=float(diff.size),
        tolerance=Tolerance(abs=0.5),
        hint="integer",
        solution=(
            rf"({n}, 1, {d}) - (1, {m}, {d}) \to {shape_text(diff.shape)},\quad"
            rf" {n}\times {m}\times {d} = {math.prod(diff.shape)}",
        ),
        why=Text(f"{NS}.pairwise.why", {"n": n, "m": m, "d": d}),
    )
