"""Practice questions on softmax with temperature (page ``softmax_temperature``).

Every answer is computed by :mod:`playground.softmax`; links set the page's
``softmax_logits``, ``softmax_temperature`` (a log slider: its label) and
``softmax_label``.
"""

from __future__ import annotations

import math

import numpy as np

from playground import softmax as sm
from playground.practice import (
    Format,
    Question,
    Step,
    Text,
    Tolerance,
    choice_texts,
    derivation,
    grid,
    number_list,
    pick,
    register,
)

PAGE = "softmax_temperature"
NS = f"practice.q.{PAGE}"
#: Temperatures on the page's log slider (R10 values) that make friendly questions.
TEMPERATURES = (0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 2.5, 4.0)


def vec(out: Format, values, digits: int = 4) -> str:
    return r"\left[" + r",\ ".join(out.tex(float(v), digits) for v in values) + r"\right]"


def draw_logits(rng: np.random.Generator, k: int | None = None) -> np.ndarray:
    """3 or 4 distinct logits on a 0.5 grid in [−2, 3]."""
    k = k or int(pick(rng, (3, 4)))
    while True:
        z = np.sort(grid(rng, -2.0, 3.0, 0.5, size=k))[::-1]
        if np.unique(z).size == k:
            return z


def link(out: Format, z, T: float, y: int | None = None) -> dict:
    query = {"softmax_logits": number_list(z), "softmax_temperature": out.fmt(T, 3)}
    if y is not None:
        query["softmax_label"] = str(y)
    return query


def probability_lines(out: Format, z: np.ndarray, T: float) -> list[str]:
    p = sm.softmax(z, T)
    shifted = np.exp((z - z.max()) / T)  # the max-shifted terms the page shows
    return [
        r"p_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}} = \frac{e^{(z_i - m)/T}}{\sum_j e^{(z_j -"
        r" m)/T}},"
        rf"\quad m = \max_j z_j = {out.tex(z.max())}",
        rf"e^{{(z - m)/T}} = {vec(out, shifted)},\quad \textstyle\sum = {out.tex(shifted.sum())}",
        rf"p = {vec(out, p)}",
    ]


@register("numbers")
def top_probability(rng, out: Format) -> Question:
    while True:
        z, T = draw_logits(rng), float(pick(rng, TEMPERATURES))
        p = sm.softmax(z, T)
        if 0.3 <= p.max() <= 0.97:
            break
    answer = float(p.max())
    return Question(
        prompt=Text(f"{NS}.top_probability.prompt", {"z": number_list(z), "T": out.fmt(T)}),
        answer=answer,
        tolerance=Tolerance(abs=0.005),
        hint="probability",
        solution=(*probability_lines(out, z, T), rf"\max_i p_i = {out.tex(answer)}"),
        page=PAGE,
        link=link(out, z, T),
        shows=(answer,),
    )


@register("numbers")
def cross_entropy(rng, out: Format) -> Question:
    while True:
        z, T = draw_logits(rng), float(pick(rng, TEMPERATURES))
        y = int(rng.integers(z.size))
        loss = sm.cross_entropy(z, y, T)
        if 0.05 <= loss <= 6:
            break
    lse = float(sm.logsumexp(z / T))
    return Question(
        prompt=Text(f"{NS}.cross_entropy.prompt", {"z": number_list(z), "T": out.fmt(T), "y": y}),
        answer=loss,
        tolerance=Tolerance(abs=0.01, rel=0.01),
        solution=(
            rf"L = -\log p_{{{y}}} = \log\sum_j e^{{z_j/T}} - \frac{{z_{{{y}}}}}{{T}}",
            rf"= {out.tex(lse)} - \frac{{{out.tex(z[y])}}}{{{out.tex(T)}}}"
            rf" = {out.tex(loss)}",
        ),
        page=PAGE,
        link=link(out, z, T, y),
        shows=(loss,),
    )


@register("numbers")
def label_gradient(rng, out: Format) -> Question:
    while True:
        z, T = draw_logits(rng), float(pick(rng, TEMPERATURES))
        y = int(rng.integers(z.size))
        g = sm.cross_entropy_grad(z, y, T)
        if 0.05 <= abs(g[y]) and sm.softmax(z, T)[y] >= 0.02:
            break
    p = sm.softmax(z, T)
    return Question(
        prompt=Text(f"{NS}.label_gradient.prompt", {"z": number_list(z), "T": out.fmt(T), "y": y}),
        answer=float(g[y]),
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            *probability_lines(out, z, T),
            rf"\frac{{\partial L}}{{\partial z_{{{y}}}}} = \frac{{p_{{{y}}} - 1}}{{T}}"
            rf" = \frac{{{out.tex(p[y])} - 1}}{{{out.tex(T)}}} = {out.tex(g[y])}",
        ),
        page=PAGE,
        link=link(out, z, T, y),
        shows=(float(g[y]),),
    )


@register("numbers")
def entropy(rng, out: Format) -> Question:
    while True:
        z, T = draw_logits(rng, 3), float(pick(rng, TEMPERATURES))
        p = sm.softmax(z, T)
        H = sm.entropy(p)
        if 0.1 <= H <= math.log(3) - 0.05:
            break
    terms = " + ".join(rf"{out.tex(v)}\log\frac{{1}}{{{out.tex(v)}}}" for v in p)
    return Question(
        prompt=Text(f"{NS}.entropy.prompt", {"z": number_list(z), "T": out.fmt(T)}),
        answer=H,
        tolerance=Tolerance(abs=0.01, rel=0.01),
        solution=(
            *probability_lines(out, z, T),
            rf"H = -\sum_i p_i \log p_i = {terms} = {out.tex(H)}",
        ),
        page=PAGE,
        link=link(out, z, T),
        shows=(H,),
    )


@register("predict")
def cold_limit(rng, out: Format) -> Question:
    """As T → 0 the entropy tends to log(number of tied maxima)."""
    ties = int(pick(rng, (1, 1, 2, 3)))
    top = grid(rng, 0.0, 3.0, 0.5)
    rest = grid(rng, -2.0, top - 0.5, 0.5, size=4 - ties)
    z = np.concatenate([np.full(ties, top), rest])
    z = z[rng.permutation(z.size)]
    h0, hinf = sm.limit_entropy(z)
    targets = [0.0, math.log(2), math.log(3), math.log(4)]
    correct = int(np.argmin([abs(h0 - v) for v in targets]))
    cold = 0.01  # the slider's smallest temperature: the page then shows H ≈ the limit
    return Question(
        prompt=Text(f"{NS}.cold_limit.prompt", {"z": number_list(z)}),
        choices=choice_texts(f"{NS}.cold_limit.choices", ("zero", "log2", "log3", "log4")),
        correct=correct,
        solution=(
            r"\lim_{T\to 0} \operatorname{softmax}(z/T) = "
            r"\frac{1}{|\arg\max z|}\,\mathbf 1[z_i = \max z]",
            rf"H \to \log |\arg\max z| = \log {ties} = {out.tex(h0)},"
            rf"\qquad H \le \log K = {out.tex(hinf)}",
        ),
        why=Text(f"{NS}.cold_limit.{'why_one' if ties == 1 else 'why_tie'}", {"ties": ties}),
        page=PAGE,
        link=link(out, z, cold),
        shows=(sm.entropy(sm.softmax(z, cold)),),
    )


@register("predict")
def warmer(rng, out: Format) -> Question:
    """Raising T moves every probability towards 1/K: the middle classes can go either way."""
    while True:
        z = draw_logits(rng, 4)
        T1, T2 = sorted(float(v) for v in rng.choice(TEMPERATURES, size=2, replace=False))
        c = int(rng.integers(4))
        before, after = sm.softmax(z, T1)[c], sm.softmax(z, T2)[c]
        if abs(after - before) >= 0.1 * max(before, after) and min(before, after) >= 0.005:
            break
    correct = 0 if after > before else 1
    return Question(
        prompt=Text(
            f"{NS}.warmer.prompt",
            {"z": number_list(z), "T1": out.fmt(T1), "T2": out.fmt(T2), "c": c},
        ),
        choices=choice_texts(f"{NS}.warmer.choices", ("up", "down", "same")),
        correct=correct,
        solution=(
            rf"p_{{{c}}}(T = {out.tex(T1)}) = {out.tex(before)}",
            rf"p_{{{c}}}(T = {out.tex(T2)}) = {out.tex(after)}",
        ),
        why=Text(f"{NS}.warmer.why", {"k": 4, "uniform": out.fmt(0.25)}),
        page=PAGE,
        link=link(out, z, T2, c),
        shows=(float(sm.softmax(z, T2).max()),),
    )


@register("predict")
def shift(rng, out: Format) -> Question:
    """Softmax is invariant to adding one constant to every logit."""
    z, T = draw_logits(rng, 3), float(pick(rng, TEMPERATURES))
    c = float(pick(rng, (-100, -10, 5, 10, 50, 100, 1000)))
    before, after = sm.softmax(z, T), sm.softmax(z + c, T)
    same = bool(np.allclose(before, after, rtol=1e-9, atol=1e-12))
    return Question(
        prompt=Text(
            f"{NS}.shift.prompt",
            {"z": number_list(z), "T": out.fmt(T), "c": out.fmt(c), "z_c": number_list(z + c)},
        ),
        choices=choice_texts(f"{NS}.shift.choices", ("same", "scaled", "sharper")),
        correct=0 if same else 2,
        solution=(
            r"\frac{e^{(z_i + c)/T}}{\sum_j e^{(z_j + c)/T}}"
            r" = \frac{e^{c/T} e^{z_i/T}}{e^{c/T}\sum_j e^{z_j/T}} = \frac{e^{z_i/T}}{\sum_j"
            r" e^{z_j/T}}",
            rf"p = {vec(out, after)}",
        ),
        why=Text(f"{NS}.shift.why"),
        page=PAGE,
        link=link(out, z + c, T),
        shows=(float(after.max()),),
    )


@register("derive")
def ce_gradient(rng, out: Format) -> Question:
    """Softmax cross-entropy gradient p − e_y, via log-sum-exp."""
    z, T = draw_logits(rng, 3), float(pick(rng, (0.5, 1.0, 2.0)))
    y = int(rng.integers(3))
    p, g = sm.softmax(z, T), sm.cross_entropy_grad(z, y, T)
    s = f"{NS}.ce_gradient"
    steps = (
        Step(Text(f"{s}.s1"), r"L = -\log p_y = -\frac{z_y}{T} + \log\sum_j e^{z_j/T}"),
        Step(
            Text(f"{s}.s2"),
            r"\frac{\partial}{\partial z_i}\log\sum_j e^{z_j/T}"
            r" = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}\cdot\frac{1}{T} = \frac{p_i}{T}",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\frac{\partial}{\partial z_i}\left(-\frac{z_y}{T}\right)"
            r" = -\frac{\mathbf 1[i = y]}{T}",
        ),
        Step(Text(f"{s}.s4"), r"\frac{\partial L}{\partial z} = \frac{p - e_y}{T}"),
        Step(
            Text(f"{s}.s5", {"z": number_list(z), "T": out.fmt(T), "y": y}),
            rf"\frac{{\partial L}}{{\partial z}} = \frac{{{vec(out, p)} -"
            rf" e_{{{y}}}}}{{{out.tex(T)}}}"
            rf" = {vec(out, g)}",
        ),
    )
    return derivation(
        s, steps, solution=(-2,), page=PAGE, link=link(out, z, T, y), shows=(float(g[y]),)
    )
