"""Practice questions on logistic regression (page ``logistic_regression``).

A question's state is a run of the page: a data set (``logistic_data``,
``logistic_n``, ``logistic_noise``, ``logistic_seed``), full-batch gradient
descent (``logistic_lr``, ``logistic_steps``, ``logistic_l2``) and the step
and sample the chain rule is written for (``logistic_step``,
``logistic_sample``). The numbers come from :func:`playground.logistic.fit_gd`
and :func:`playground.logistic.chain_rule`, the same calls the page makes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground import logistic as lg
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
    pick,
    register,
    url_number,
)

PAGE = "logistic_regression"
NS = f"practice.q.{PAGE}"
SIZES = (40, 60, 80, 100, 150, 200)
RATES = (0.1, 0.2, 0.25, 0.5, 0.8, 1.0)  # values of the page's log slider (R10)
STEPS = (20, 50, 100, 200)
L2 = (0.0, 0.001, 0.01, 0.1)  # options of the page's λ slider


@dataclass(frozen=True)
class Run:
    """One run of the page: data, GD history, and the step and sample shown."""

    kind: str
    n: int
    noise: float
    seed: int
    lr: float
    steps: int
    l2: float
    X: np.ndarray
    y: np.ndarray
    history: lg.History
    k: int = 0
    i: int = 0

    def link(self, out: Format) -> dict:
        return {
            "logistic_data": Label(f"{PAGE}.controls.kinds.{self.kind}"),
            "logistic_n": str(self.n),
            "logistic_noise": url_number(self.noise),
            "logistic_seed": str(self.seed),
            "logistic_lr": out.fmt(self.lr, 3),
            "logistic_steps": str(self.steps),
            "logistic_l2": out.fmt(self.l2),
            "logistic_step": str(self.k),
            "logistic_sample": str(self.i),
        }

    def chain(self) -> lg.ChainRule:
        return lg.chain_rule(
            self.history.w[self.k], self.history.b[self.k], self.X[self.i], self.y[self.i]
        )

    def values(self, out: Format) -> dict:
        w, b = self.history.w[self.k], self.history.b[self.k]
        return {
            "kind": Label(f"{PAGE}.controls.kinds.{self.kind}"),
            "n": self.n,
            "k": self.k,
            "i": self.i,
            "w": f"({out.fmt(w[0])}, {out.fmt(w[1])})",
            "b": out.fmt(b),
            "x": f"({out.fmt(self.X[self.i, 0])}, {out.fmt(self.X[self.i, 1])})",
            "y": int(self.y[self.i]),
            "lr": out.fmt(self.lr),
            "l2": out.fmt(self.l2),
            "steps": self.steps,
        }


def draw_run(
    rng, *, kind: str | None = None, noise: float | None = None, l2: float | None = None
) -> Run:
    kind = kind or str(pick(rng, lg.DATASETS))
    noise = grid(rng, 0.0, 0.5, 0.05) if noise is None else noise
    n, seed = int(pick(rng, SIZES)), int(rng.integers(10_000))
    lr, steps = float(pick(rng, RATES)), int(pick(rng, STEPS))
    l2 = float(pick(rng, L2)) if l2 is None else l2
    X, y = lg.make_data(kind, n, noise, seed)
    history = lg.fit_gd(X, y, lr=lr, steps=steps, l2=l2, seed=seed)
    return Run(kind, n, noise, seed, lr, steps, l2, X, y, history)


def at(run: Run, k: int, i: int) -> Run:
    return Run(**{**run.__dict__, "k": k, "i": i})


def chain_lines(out: Format, run: Run, c: lg.ChainRule) -> list[str]:
    w, b = run.history.w[run.k], run.history.b[run.k]
    return [
        rf"z = w^\top x + b = {out.tex(w[0])}\cdot{out.tex(c.x[0])}"
        rf" + {out.tex(w[1])}\cdot{out.tex(c.x[1])} + {out.tex(b)} = {out.tex(c.z)}",
        rf"p = \sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = {out.tex(c.p)}",
    ]


def sample_with(rng, good, wanted=None, *, noisy: bool = False) -> Run:
    """A run, step and sample for which ``good(run, chain)`` holds.

    ``wanted(p, y)``, if given, first narrows the samples at a step down to
    candidates (vectorised over all samples' probabilities).
    """
    while True:
        run = draw_run(rng, noise=grid(rng, 0.25, 0.5, 0.05) if noisy else None)
        last = run.history.steps_run
        for _ in range(20):
            k = int(rng.integers(1, last + 1))
            if wanted is None:
                i = int(rng.integers(run.n))
            else:
                w, b = run.history.w[k], run.history.b[k]
                found = np.flatnonzero(wanted(lg.sigmoid(run.X @ w + b), run.y))
                if not found.size:
                    continue
                i = int(found[rng.integers(found.size)])
            r = at(run, k, i)
            if good(r, r.chain()):
                return r


@register("numbers")
def sample_probability(rng, out: Format) -> Question:
    run = sample_with(rng, lambda r, c: 0.05 <= c.p <= 0.95)
    c = run.chain()
    return Question(
        prompt=Text(f"{NS}.sample_probability.prompt", run.values(out)),
        answer=c.p,
        tolerance=Tolerance(abs=0.005),
        hint="probability",
        solution=tuple(chain_lines(out, run, c)),
        page=PAGE,
        link=run.link(out),
        shows=(c.p,),
    )


@register("numbers")
def sample_gradient(rng, out: Format) -> Question:
    run = sample_with(rng, lambda r, c: 0.03 <= abs(c.direct[0]) and 0.02 <= c.p <= 0.98)
    c = run.chain()
    return Question(
        prompt=Text(f"{NS}.sample_gradient.prompt", run.values(out)),
        answer=float(c.direct[0]),
        tolerance=Tolerance(abs=0.005, rel=0.02),
        solution=(
            *chain_lines(out, run, c),
            rf"\frac{{\partial \ell}}{{\partial w_1}} = (p - y)\,x_1 = ({out.tex(c.p)} -"
            rf" {int(c.y)})"
            rf"\cdot {out.tex(c.x[0])} = {out.tex(c.direct[0])}",
        ),
        page=PAGE,
        link=run.link(out),
        shows=(float(c.direct[0]), c.p),
    )


@register("predict")
def initial_loss(rng, out: Format) -> Question:
    run = draw_run(rng)
    start = lg.loss(np.zeros(2), 0.0, run.X, run.y, l2=run.l2)
    correct = 0 if math.isclose(start, math.log(2), rel_tol=1e-12) else 3
    return Question(
        prompt=Text(f"{NS}.initial_loss.prompt", run.values(out)),
        choices=choice_texts(f"{NS}.initial_loss.choices", ("log2", "zero", "half", "data")),
        correct=correct,
        solution=(
            r"w = 0,\ b = 0 \;\Rightarrow\; z_i = 0,\ p_i = \sigma(0) = \tfrac12",
            r"\ell_i = -[y_i \log\tfrac12 + (1 - y_i)\log\tfrac12] = \log 2",
            rf"L = \frac1n\sum_i \ell_i + \frac\lambda2\|0\|^2 = \log 2 = {out.tex(start)}",
        ),
        why=Text(f"{NS}.initial_loss.why"),
        page=PAGE,
        link=at(run, 0, 0).link(out),
        shows=(run.history.loss[0],),
    )


@register("predict")
def separable(rng, out: Format) -> Question:
    """Separable data and no L2 penalty: the loss has no minimiser, ‖w‖ grows for ever."""
    if rng.random() < 0.5:  # configurations that are usually separable
        kind, noise = str(pick(rng, ("blobs", "separable"))), 0.0
    else:
        kind, noise = str(pick(rng, lg.DATASETS)), grid(rng, 0.1, 0.5, 0.05)
    l2 = 0.0 if rng.random() < 0.7 else float(pick(rng, L2[1:]))
    run = draw_run(rng, kind=kind, noise=noise, l2=l2)
    split = lg.is_separable(run.X, run.y)
    unbounded = split and l2 == 0
    last = run.history.steps_run
    norms = np.linalg.norm(run.history.w, axis=1)
    key = "split" if split else "mixed"
    return Question(
        prompt=Text(f"{NS}.separable.prompt", run.values(out)),
        choices=choice_texts(f"{NS}.separable.choices", ("grows", "converges")),
        correct=0 if unbounded else 1,
        solution=(
            rf"\|w_0\| = 0,\quad \|w_{{{last // 2}}}\| = {out.tex(norms[last // 2])},"
            rf"\quad \|w_{{{last}}}\| = {out.tex(norms[last])}",
        ),
        why=Text(f"{NS}.separable.why_{key}", {"l2": out.fmt(l2)}),
        page=PAGE,
        link=at(run, last, 0).link(out),
        shows=(run.history.loss[last],),
    )


@register("predict")
def ce_vs_mse(rng, out: Format) -> Question:
    """For a confidently wrong sample, cross-entropy's gradient dwarfs squared error's."""
    run = sample_with(
        rng,
        lambda r, c: abs(c.p - c.y) >= 0.8,
        wanted=lambda p, y: np.abs(p - y) >= 0.8,
        noisy=True,
    )
    c = run.chain()
    ce = float(lg.binary_cross_entropy_grad([c.z], [c.y])[0])
    mse = float(lg.mse_through_sigmoid_grad(c.z, c.y))
    correct = 0 if abs(ce) > abs(mse) else 1
    return Question(
        prompt=Text(f"{NS}.ce_vs_mse.prompt", {**run.values(out), "p": out.fmt(c.p)}),
        choices=choice_texts(f"{NS}.ce_vs_mse.choices", ("ce", "mse", "equal")),
        correct=correct,
        solution=(
            rf"\frac{{\partial \ell_{{CE}}}}{{\partial z}} = p - y = {out.tex(ce)}",
            rf"\frac{{\partial (p - y)^2}}{{\partial z}} = 2(p - y)\,p(1 - p) = {out.tex(mse)}",
        ),
        why=Text(f"{NS}.ce_vs_mse.why", {"ratio": out.fmt(abs(ce / mse), 3)}),
        page=PAGE,
        link=run.link(out),
        shows=(c.p,),
    )


@register("derive")
def lr_gradient(rng, out: Format) -> Question:
    """∂ℓ/∂w = (p − y)x by the chain rule."""
    run = sample_with(rng, lambda r, c: 0.03 <= abs(c.direct[0]) and 0.02 <= c.p <= 0.98)
    c = run.chain()
    s = f"{NS}.lr_gradient"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"z = w^\top x + b,\quad p = \sigma(z),\quad"
            r" \ell = -[y\log p + (1 - y)\log(1 - p)]",
        ),
        Step(
            Text(f"{s}.s2"),
            r"\frac{\partial \ell}{\partial p} = -\frac{y}{p} + \frac{1-y}{1-p}"
            r" = \frac{p - y}{p(1 - p)}",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z)(1 - \sigma(z))"
            r" = p(1 - p)",
        ),
        Step(
            Text(f"{s}.s4"),
            r"\frac{\partial z}{\partial w} = x,\qquad"
            r" \frac{\partial z}{\partial b} = 1",
        ),
        Step(
            Text(f"{s}.s5"),
            r"\frac{\partial \ell}{\partial w} = \frac{p - y}{p(1-p)}\cdot p(1-p)"
            r"\cdot x = (p - y)\,x,\qquad \frac{\partial \ell}{\partial b} = p - y",
        ),
        Step(
            Text(f"{s}.s6", run.values(out)),
            rf"p = {out.tex(c.p)},\quad \frac{{\partial \ell}}{{\partial w}}"
            rf" = ({out.tex(c.p)} - {int(c.y)})\,({out.tex(c.x[0])},\ {out.tex(c.x[1])})"
            rf" = ({out.tex(c.direct[0])},\ {out.tex(c.direct[1])})",
        ),
    )
    return derivation(
        s, steps, solution=(4,), page=PAGE, link=run.link(out), shows=(float(c.direct[0]),)
    )
