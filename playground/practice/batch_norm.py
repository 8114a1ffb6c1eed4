"""Practice questions on batch normalisation (page ``batch_norm``).

Questions use the page's "formula on a tiny batch" tab: the batch
(``bn_tiny``), γ, β (``bn_gamma``, ``bn_beta``) and the momentum
(``bn_momentum``); every number comes from :func:`playground.batchnorm.tiny_batch`
(biased batch variance, ε = 1e-5, running statistics updated PyTorch's way
with the unbiased variance).
"""

from __future__ import annotations

import numpy as np

from playground import batchnorm as bn
from playground.practice import (
    Format,
    Label,
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
    url_number,
)

PAGE = "batch_norm"
NS = f"practice.q.{PAGE}"


def draw_batch(rng) -> np.ndarray:
    """4 or 5 integers in [0, 10], not all equal."""
    while True:
        x = rng.integers(0, 11, size=int(pick(rng, (4, 5)))).astype(float)
        if x.var() >= 1:
            return x


def link(x, *, gamma: float = 1.0, beta: float = 0.0, momentum: float = bn.MOMENTUM) -> dict:
    return {
        "bn_tab": Label(f"{PAGE}.tabs.formula"),
        "bn_tiny": number_list(x),
        "bn_gamma": url_number(gamma),
        "bn_beta": url_number(beta),
        "bn_momentum": url_number(momentum),
    }


def stats_lines(out: Format, tb) -> list[str]:
    n = tb.x.size
    return [
        rf"\mu_B = \tfrac{{1}}{{{n}}}\textstyle\sum_i x_i = {out.tex(tb.mean)}",
        rf"\sigma_B^2 = \tfrac{{1}}{{{n}}}\textstyle\sum_i (x_i - \mu_B)^2 = {out.tex(tb.var)}",
    ]


def vec(out: Format, values, digits: int = 4) -> str:
    return r"\left[" + r",\ ".join(out.tex(float(v), digits) for v in values) + r"\right]"


@register("numbers")
def batch_variance(rng, out: Format) -> Question:
    x = draw_batch(rng)
    tb = bn.tiny_batch(x)
    return Question(
        prompt=Text(f"{NS}.batch_variance.prompt", {"x": number_list(x)}),
        answer=tb.var,
        tolerance=Tolerance(abs=0.01, rel=0.005),
        solution=tuple(stats_lines(out, tb)),
        why=Text(f"{NS}.batch_variance.why", {"unbiased": out.fmt(tb.var_unbiased)}),
        page=PAGE,
        link=link(x),
        shows=(tb.var, tb.mean),
    )


@register("numbers")
def normalised(rng, out: Format) -> Question:
    while True:
        x = draw_batch(rng)
        tb = bn.tiny_batch(x)
        j = int(rng.integers(x.size))
        if abs(tb.x_hat[j]) >= 0.05:
            break
    return Question(
        prompt=Text(
            f"{NS}.normalised.prompt", {"x": number_list(x), "j": j + 1, "xj": out.fmt(x[j])}
        ),
        answer=float(tb.x_hat[j]),
        tolerance=Tolerance(abs=0.01),
        solution=(
            *stats_lines(out, tb),
            rf"\hat x_{{{j + 1}}} = \frac{{x_{{{j + 1}}} - \mu_B}}{{\sqrt{{\sigma_B^2 +"
            rf" \epsilon}}}}"
            rf" = \frac{{{out.tex(x[j])} - {out.tex(tb.mean)}}}{{\sqrt{{{out.tex(tb.var)}"
            rf" + 10^{{-5}}}}}} = {out.tex(tb.x_hat[j])}",
        ),
        page=PAGE,
        link=link(x),
        shows=(float(tb.x_hat[j]),),
    )


@register("numbers")
def output(rng, out: Format) -> Question:
    while True:
        x = draw_batch(rng)
        gamma, beta = grid(rng, 0.5, 3.0, 0.5), grid(rng, -2.0, 2.0, 0.25)
        tb = bn.tiny_batch(x, gamma=gamma, beta=beta)
        j = int(rng.integers(x.size))
        if abs(tb.y[j]) >= 0.05:
            break
    return Question(
        prompt=Text(
            f"{NS}.output.prompt",
            {"x": number_list(x), "j": j + 1, "gamma": out.fmt(gamma), "beta": out.fmt(beta)},
        ),
        answer=float(tb.y[j]),
        tolerance=Tolerance(abs=0.01, rel=0.01),
        solution=(
            *stats_lines(out, tb),
            rf"\hat x_{{{j + 1}}} = {out.tex(tb.x_hat[j])},\quad y_{{{j + 1}}} = \gamma\hat x"
            rf" + \beta = {out.tex(gamma)}\cdot {out.tex(tb.x_hat[j])} + ({out.tex(beta)})"
            rf" = {out.tex(tb.y[j])}",
        ),
        page=PAGE,
        link=link(x, gamma=gamma, beta=beta),
        shows=(float(tb.y[j]),),
    )


@register("numbers")
def running_variance(rng, out: Format) -> Question:
    x, m = draw_batch(rng), grid(rng, 0.05, 0.5, 0.05)
    tb = bn.tiny_batch(x, momentum=m)
    n = x.size
    return Question(
        prompt=Text(f"{NS}.running_variance.prompt", {"x": number_list(x), "m": out.fmt(m)}),
        answer=tb.running_var,
        tolerance=Tolerance(abs=0.005, rel=0.005),
        solution=(
            *stats_lines(out, tb),
            rf"\hat\sigma^2 \leftarrow (1 - m)\cdot 1 + m\cdot\tfrac{{n}}{{n-1}}\sigma_B^2"
            rf" = (1 - {out.tex(m)}) + {out.tex(m)}\cdot\tfrac{{{n}}}{{{n - 1}}}\cdot"
            rf" {out.tex(tb.var)} = {out.tex(tb.running_var)}",
        ),
        why=Text(f"{NS}.running_variance.why"),
        page=PAGE,
        link=link(x, momentum=m),
        shows=(tb.running_var,),
    )


@register("predict")
def rescaled(rng, out: Format) -> Question:
    """x̂ does not change when the whole batch is scaled and shifted (up to ε)."""
    x = draw_batch(rng)
    c, shift = float(pick(rng, (0.5, 2.0, 3.0, 10.0))), float(pick(rng, (0.0, 1.0, -5.0, 100.0)))
    base, moved = bn.tiny_batch(x), bn.tiny_batch(c * x + shift)
    if np.allclose(moved.x_hat, base.x_hat, atol=1e-3):
        correct = 0
    elif np.allclose(moved.x_hat, c * base.x_hat, atol=1e-3):
        correct = 1
    else:
        correct = 2
    return Question(
        prompt=Text(
            f"{NS}.rescaled.prompt",
            {
                "x": number_list(x),
                "c": out.fmt(c),
                "s": out.fmt(shift),
                "cx": number_list(c * x + shift),
            },
        ),
        choices=choice_texts(f"{NS}.rescaled.choices", ("same", "scaled", "divided")),
        correct=correct,
        solution=(
            r"\frac{(cx_i + s) - (c\mu_B + s)}{\sqrt{c^2\sigma_B^2 + \epsilon}}"
            r" \approx \frac{x_i - \mu_B}{\sigma_B}",
            rf"\hat x = {vec(out, np.round(moved.x_hat, 4), 3)}",
        ),
        why=Text(f"{NS}.rescaled.why"),
        page=PAGE,
        link=link(c * x + shift),
        shows=tuple(float(v) for v in np.round(moved.x_hat, 4)),
    )


@register("predict")
def running_unbiased(rng, out: Format) -> Question:
    x, m = draw_batch(rng), grid(rng, 0.1, 0.5, 0.1)
    tb = bn.tiny_batch(x, momentum=m)
    options = {
        "unbiased": (1 - m) + m * tb.var_unbiased,
        "biased": (1 - m) + m * tb.var,
        "replace": tb.var_unbiased,
    }
    correct = int(np.argmin([abs(tb.running_var - v) for v in options.values()]))
    return Question(
        prompt=Text(f"{NS}.running_unbiased.prompt", {"x": number_list(x), "m": out.fmt(m)}),
        choices=choice_texts(
            f"{NS}.running_unbiased.choices",
            tuple(options),
            **{k: out.fmt(v) for k, v in options.items()},
        ),
        correct=correct,
        solution=(
            rf"\sigma_B^2 = {out.tex(tb.var)},\quad \tfrac{{n}}{{n-1}}\sigma_B^2"
            rf" = {out.tex(tb.var_unbiased)}",
            rf"\hat\sigma^2 \leftarrow (1 - m)\cdot 1 + m\cdot {out.tex(tb.var_unbiased)}"
            rf" = {out.tex(tb.running_var)}",
        ),
        why=Text(f"{NS}.running_unbiased.why"),
        page=PAGE,
        link=link(x, momentum=m),
        shows=(tb.running_var,),
    )


@register("derive")
def formula(rng, out: Format) -> Question:
    """The BN formula, train vs inference, and its backward pass."""
    x = draw_batch(rng)
    tb = bn.tiny_batch(x)
    s = f"{NS}.formula"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"\mu_B = \frac1N\sum_i x_i,\qquad"
            r" \sigma_B^2 = \frac1N\sum_i (x_i - \mu_B)^2",
        ),
        Step(
            Text(f"{s}.s2"),
            r"\hat x_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}},\qquad"
            r" y_i = \gamma\hat x_i + \beta",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\hat\mu \leftarrow (1-m)\hat\mu + m\mu_B,\quad"
            r" \hat\sigma^2 \leftarrow (1-m)\hat\sigma^2 + m\tfrac{N}{N-1}\sigma_B^2,\quad"
            r" y = \gamma\frac{x - \hat\mu}{\sqrt{\hat\sigma^2 + \epsilon}} + \beta",
        ),
        Step(
            Text(f"{s}.s4"),
            r"\frac{\partial L}{\partial x_i} = \frac{\gamma}"
            r"{\sqrt{\sigma_B^2 + \epsilon}}\Big(g_i - \frac1N\sum_j g_j - \hat x_i\,"
            r"\frac1N\sum_j g_j\hat x_j\Big),\quad g = \frac{\partial L}{\partial y}",
        ),
        Step(
            Text(f"{s}.s5", {"x": number_list(x)}),
            rf"\mu_B = {out.tex(tb.mean)},\ \sigma_B^2 = {out.tex(tb.var)},\ "
            rf"\hat x = {vec(out, np.round(tb.x_hat, 4), 3)}",
        ),
    )
    return derivation(s, steps, solution=(1, 3), page=PAGE, link=link(x), shows=(tb.var, tb.mean))
