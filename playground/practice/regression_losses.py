"""Practice questions on L1 / L2 / smooth L1 / Huber and L1 vs L2 penalties
(page ``regression_losses``).

Values come from :mod:`playground.losses`. Links open the page's tab
(``losses_tab``) and set the residual and the β / δ log sliders (their
labels), the outlier study, or the constrained-optimum picture.
"""

from __future__ import annotations

import numpy as np

from playground import losses as L
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

PAGE = "regression_losses"
NS = f"practice.q.{PAGE}"
WIDTHS = (0.5, 1.0, 2.0, 4.0)  # β and δ on the page's log sliders


def draw_residual(rng) -> float:
    while True:
        r = grid(rng, -6.0, 6.0, 0.5)
        if r != 0:
            return r


def curves_link(out: Format, r: float, *, beta: float = 1.0, delta: float = 2.0) -> dict:
    return {
        "losses_tab": Label(f"{PAGE}.tabs.curves"),
        "losses_r0": url_number(r),
        "losses_beta": out.fmt(beta, 3),
        "losses_delta": out.fmt(delta, 3),
    }


@register("numbers")
def smooth_l1(rng, out: Format) -> Question:
    r, beta = draw_residual(rng), float(pick(rng, WIDTHS))
    value = float(L.smooth_l1_loss(r, beta))
    inside = abs(r) < beta
    line = (
        rf"\frac{{0.5\,r^2}}{{\beta}} = \frac{{0.5\cdot({out.tex(r)})^2}}{{{out.tex(beta)}}}"
        if inside
        else rf"|r| - 0.5\,\beta = {out.tex(abs(r))} - 0.5\cdot {out.tex(beta)}"
    )
    return Question(
        prompt=Text(f"{NS}.smooth_l1.prompt", {"r": out.fmt(r), "beta": out.fmt(beta)}),
        answer=value,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            r"\mathrm{SmoothL1}_\beta(r) = \begin{cases} 0.5\,r^2/\beta & |r| < \beta \\"
            r" |r| - 0.5\,\beta & |r| \ge \beta\end{cases}",
            rf"= {line} = {out.tex(value)}",
        ),
        page=PAGE,
        link=curves_link(out, r, beta=beta),
        shows=(value,),
    )


@register("numbers")
def huber(rng, out: Format) -> Question:
    r, delta = draw_residual(rng), float(pick(rng, WIDTHS))
    value = float(L.huber_loss(r, delta))
    inside = abs(r) < delta
    line = (
        rf"0.5\,r^2 = 0.5\cdot({out.tex(r)})^2"
        if inside
        else rf"\delta\,(|r| - 0.5\,\delta) = {out.tex(delta)}\,({out.tex(abs(r))}"
        rf" - 0.5\cdot {out.tex(delta)})"
    )
    return Question(
        prompt=Text(f"{NS}.huber.prompt", {"r": out.fmt(r), "delta": out.fmt(delta)}),
        answer=value,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(
            r"H_\delta(r) = \begin{cases} 0.5\,r^2 & |r| < \delta \\"
            r" \delta\,(|r| - 0.5\,\delta) & |r| \ge \delta\end{cases}",
            rf"= {line} = {out.tex(value)}",
        ),
        page=PAGE,
        link=curves_link(out, r, delta=delta),
        shows=(value,),
    )


@register("numbers")
def gradient(rng, out: Format) -> Question:
    r, width = draw_residual(rng), float(pick(rng, WIDTHS))
    name = str(pick(rng, ("smooth_l1", "huber")))
    if name == "smooth_l1":
        value = float(L.smooth_l1_grad(r, width))
        rule = r"\mathrm{SmoothL1}'_\beta(r) = \begin{cases} r/\beta & |r| < \beta \\"
        rule += r" \operatorname{sign}(r) & |r| \ge \beta\end{cases}"
        link = curves_link(out, r, beta=width)
    else:
        value = float(L.huber_grad(r, width))
        rule = r"H'_\delta(r) = \operatorname{clip}(r, -\delta, \delta)"
        link = curves_link(out, r, delta=width)
    return Question(
        prompt=Text(
            f"{NS}.gradient.prompt",
            {"r": out.fmt(r), "w": out.fmt(width), "loss": Label(f"{NS}.gradient.{name}")},
        ),
        answer=value,
        tolerance=Tolerance(abs=0.005, rel=0.01),
        solution=(rule, rf"r = {out.tex(r)}:\quad {out.tex(value)}"),
        why=Text(f"{NS}.gradient.why"),
        page=PAGE,
        link=link,
        shows=(value,),
    )


@register("predict")
def sparsity(rng, out: Format) -> Question:
    """The L1 ball's corners give exact zeros; the L2 ball's optimum is generic."""
    while True:
        w = (grid(rng, -3.0, 3.0, 0.1), grid(rng, -3.0, 3.0, 0.1))
        t, rho = grid(rng, 0.3, 2.5, 0.1), grid(rng, -0.9, 0.9, 0.1)
        if min(abs(v) for v in w) < 0.3 or np.hypot(*w) <= t + 0.3:
            continue
        h = L.pair_hessian(rho)
        w1 = L.constrained_optimum(w, t, norm="l1", hessian=h)
        w2 = L.constrained_optimum(w, t, norm="l2", hessian=h)
        n1, n2 = L.l0_norm(w1), L.l0_norm(w2)
        clear = all(abs(v) >= 0.02 for v in (*w1, *w2) if v != 0)
        if clear and n2 == 2:
            break
    correct = 0 if n1 < 2 else 3
    return Question(
        prompt=Text(
            f"{NS}.sparsity.prompt",
            {"w1": out.fmt(w[0]), "w2": out.fmt(w[1]), "t": out.fmt(t), "rho": out.fmt(rho)},
        ),
        choices=choice_texts(f"{NS}.sparsity.choices", ("l1", "l2", "both", "neither")),
        correct=correct,
        solution=(
            rf"\arg\min_{{\|w\|_1 \le {out.tex(t)}}} = ({out.tex(w1[0])},\ {out.tex(w1[1])}),"
            rf"\quad \|w\|_0 = {n1}",
            rf"\arg\min_{{\|w\|_2 \le {out.tex(t)}}} = ({out.tex(w2[0])},\ {out.tex(w2[1])}),"
            rf"\quad \|w\|_0 = {n2}",
        ),
        why=Text(f"{NS}.sparsity.why"),
        page=PAGE,
        link={
            "losses_tab": Label(f"{PAGE}.tabs.regularisation"),
            "losses_w1": url_number(w[0]),
            "losses_w2": url_number(w[1]),
            "losses_rho": url_number(rho),
            "losses_t": url_number(t),
        },
        shows=(float(w2[0]), float(w2[1]), *(float(v) for v in w1 if v != 0)),
    )


@register("predict")
def outliers(rng, out: Format) -> Question:
    """Least squares chases outliers; least absolute deviations barely moves."""
    while True:
        args = dict(
            n=int(pick(rng, (20, 30, 40, 60, 80))),
            noise=grid(rng, 0.2, 1.0, 0.1),
            seed=int(rng.integers(1000)),
            n_outliers=int(rng.integers(1, 7)),
            outlier_size=grid(rng, -20.0, 20.0, 0.5),
            outlier_x=grid(rng, 0.0, 10.0, 0.5),
            delta=1.0,
        )
        study = L.outlier_study(**args, references=False)
        s2, s1 = study.fits["l2"][0], study.fits["l1"][0]
        e2, e1 = abs(s2 - L.TRUE_SLOPE), abs(s1 - L.TRUE_SLOPE)
        if abs(e2 - e1) >= 0.05 and abs(args["outlier_size"]) >= 4:
            break
    values = {
        "n": args["n"],
        "k": args["n_outliers"],
        "size": out.fmt(args["outlier_size"]),
        "where": out.fmt(args["outlier_x"]),
        "slope": out.fmt(L.TRUE_SLOPE),
    }
    return Question(
        prompt=Text(f"{NS}.outliers.prompt", values),
        choices=choice_texts(f"{NS}.outliers.choices", ("l1", "l2", "same")),
        correct=0 if e1 < e2 else 1,
        solution=(
            rf"\ell_2:\ \hat a = {out.tex(s2)},\quad |\hat a - {out.tex(L.TRUE_SLOPE)}|"
            rf" = {out.tex(e2)}",
            rf"\ell_1:\ \hat a = {out.tex(s1)},\quad |\hat a - {out.tex(L.TRUE_SLOPE)}|"
            rf" = {out.tex(e1)}",
        ),
        why=Text(f"{NS}.outliers.why"),
        page=PAGE,
        link={
            "losses_tab": Label(f"{PAGE}.tabs.outliers"),
            "losses_n": str(args["n"]),
            "losses_noise": url_number(args["noise"]),
            "losses_outliers": str(args["n_outliers"]),
            "losses_size": url_number(args["outlier_size"]),
            "losses_where": url_number(args["outlier_x"]),
            "losses_seed": str(args["seed"]),
            "losses_fit_delta": out.fmt(1.0, 3),
        },
        shows=(float(s2), float(s1)),
    )


@register("derive")
def kkt_ball(rng, out: Format) -> Question:
    """KKT conditions of the L2-constrained least-squares picture (ρ = 0): a shrunk ŵ."""
    while True:
        w = (grid(rng, -3.0, 3.0, 0.1), grid(rng, -3.0, 3.0, 0.1))
        t = grid(rng, 0.3, 2.5, 0.1)
        norm = float(np.hypot(*w))
        if norm >= t + 0.3 and min(abs(v) for v in w) >= 0.3:
            break
    best = L.constrained_optimum(w, t, norm="l2", hessian=L.pair_hessian(0.0))
    mu = (norm / t - 1) / 2
    s = f"{NS}.kkt_ball"
    steps = (
        Step(
            Text(f"{s}.s1"),
            r"\min_w \tfrac12\|w - \hat w\|^2\quad\text{s.t.}\quad"
            r" g(w) = \|w\|^2 - t^2 \le 0",
        ),
        Step(
            Text(f"{s}.s2"), r"\mathcal L(w, \mu) = \tfrac12\|w - \hat w\|^2 + \mu\,(\|w\|^2 - t^2)"
        ),
        Step(
            Text(f"{s}.s3"),
            r"\nabla_w\mathcal L = w - \hat w + 2\mu w = 0,\quad \mu \ge 0,\quad"
            r" \|w\|^2 \le t^2,\quad \mu\,(\|w\|^2 - t^2) = 0",
        ),
        Step(
            Text(f"{s}.s4"),
            r"w^* = \frac{\hat w}{1 + 2\mu},\quad \|w^*\| = t \;\Rightarrow\;"
            r" \mu = \tfrac12\Big(\frac{\|\hat w\|}{t} - 1\Big) > 0",
        ),
        Step(
            Text(f"{s}.s5", {"w1": out.fmt(w[0]), "w2": out.fmt(w[1]), "t": out.fmt(t)}),
            rf"\mu = \tfrac12\Big(\frac{{{out.tex(norm)}}}{{{out.tex(t)}}} - 1\Big) ="
            rf" {out.tex(mu)},"
            rf"\quad w^* = ({out.tex(best[0])},\ {out.tex(best[1])})",
        ),
    )
    return derivation(
        s,
        steps,
        solution=(2, 3),
        page=PAGE,
        link={
            "losses_tab": Label(f"{PAGE}.tabs.regularisation"),
            "losses_w1": url_number(w[0]),
            "losses_w2": url_number(w[1]),
            "losses_rho": "0",
            "losses_t": url_number(t),
        },
        shows=(float(best[0]), float(best[1])),
    )
