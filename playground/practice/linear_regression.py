"""Practice questions on linear regression (page ``linear_regression``).

A question's state is the page's data set, two centred features correlated
exactly at ρ (``linreg_n``, ``linreg_rho``, ``linreg_noise``, ``linreg_seed``,
from :func:`playground.linear_regression.make_data`, so that
``XᵀX/n = [[1, ρ], [ρ, 1]]``), the ridge strength ``linreg_ridge`` and the
learning rate ``linreg_lr``. The numbers come from
:func:`~playground.linear_regression.normal_equation`,
:func:`~playground.linear_regression.normal_system` and
:func:`~playground.linear_regression.conditioning`, the calls the page makes.
The loss is the page's ``J(w, b) = (1/n)‖Xw + b − y‖² + (λ/n)‖w‖²``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground import linear_regression as linreg
from playground.practice import (
    Format,
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

PAGE = "linear_regression"
NS = f"practice.q.{PAGE}"
SIZES = (20, 50, 100, 200)  # values of the n slider (step 10)
RHOS = (-0.9, -0.5, 0.0, 0.5, 0.8, 0.9, 0.95, 0.99)  # options of the ρ select slider, ρ ≠ ±1
RIDGES = (1.0, 2.0, 5.0, 10.0, 20.0)  # options of the λ select slider (R10 values)
#: Options of the page's learning-rate log slider (R10 values from 1e-3 to 2) above 0.1.
RATES = (0.1, 0.125, 0.16, 0.2, 0.25, 0.315, 0.4, 0.5, 0.63, 0.8, 1.0, 1.25, 1.6, 2.0)


def short(value: float) -> str:
    """A select-slider option as the page labels it (``f"{v:g}"``)."""
    return f"{value:g}"


@dataclass(frozen=True)
class Data:
    """The page's data controls and the ridge strength, with the data they generate."""

    n: int
    rho: float
    noise: float
    seed: int
    ridge: float
    X: np.ndarray
    y: np.ndarray

    def link(self, out: Format, **extra) -> dict:
        return {
            "linreg_n": str(self.n),
            "linreg_rho": short(self.rho),
            "linreg_noise": url_number(self.noise),
            "linreg_seed": str(self.seed),
            "linreg_ridge": short(self.ridge),
            **extra,
        }

    def values(self, out: Format) -> dict:
        return {
            "n": self.n,
            "rho": out.fmt(self.rho),
            "lam": out.fmt(self.ridge),
            "noise": out.fmt(self.noise),
            "seed": self.seed,
        }


def draw_data(rng, *, rhos=RHOS, ridge: float | None = None, p_ridge: float = 0.3) -> Data:
    n, rho = int(pick(rng, SIZES)), float(pick(rng, rhos))
    noise, seed = grid(rng, 0.1, 1.0, 0.1), int(rng.integers(10_000))
    if ridge is None:
        ridge = float(pick(rng, RIDGES)) if rng.random() < p_ridge else 0.0
    X, y = linreg.make_data(n, correlation=rho, noise=noise, seed=seed)
    return Data(n, rho, noise, seed, ridge, X, y)


def mat(out: Format, m, digits: int = 6) -> str:
    rows = [" & ".join(out.tex(float(v), digits) for v in np.atleast_1d(r)) for r in m]
    return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"


def gram_eigen_lines(out: Format, data: Data, cond: linreg.Conditioning) -> list[str]:
    """Eigenvalues of XᵀX + λI (the bowl's, times n/2) and the condition number."""
    small, large = (float(v) * data.n / 2 for v in cond.bowl_eigenvalues)
    n, lam = data.n, out.tex(data.ridge)
    return [
        rf"X^\top X = {n}\begin{{pmatrix}}1 & \rho \\ \rho & 1\end{{pmatrix}},\quad"
        rf" \operatorname{{eig}}(X^\top X + \lambda I) = {n}(1 \pm |\rho|) + \lambda"
        rf" = {out.tex(large)},\ {out.tex(small)}",
        rf"\kappa = \frac{{{n}(1 + {out.tex(abs(data.rho))}) + {lam}}}"
        rf"{{{n}(1 - {out.tex(abs(data.rho))}) + {lam}}} = {out.tex(cond.bowl_condition)}",
    ]


@register("numbers")
def condition_number(rng, out: Format) -> Question:
    data = draw_data(rng, rhos=tuple(r for r in RHOS if r != 0.0))
    cond = linreg.conditioning(data.X, ridge=data.ridge)
    return Question(
        prompt=Text(f"{NS}.condition_number.prompt", data.values(out)),
        answer=cond.bowl_condition,
        tolerance=Tolerance(rel=0.01),
        solution=tuple(gram_eigen_lines(out, data, cond)),
        why=Text(f"{NS}.condition_number.why"),
        page=PAGE,
        link=data.link(out),
        shows=(cond.bowl_condition,),
    )


def hessian_lines(out: Format, data: Data, cond: linreg.Conditioning) -> list[str]:
    eig = ",\\ ".join(out.tex(float(v)) for v in cond.eigenvalues)
    top = out.tex(float(cond.eigenvalues[-1]))
    return [
        r"\nabla^2 J = \frac{2}{n}\begin{pmatrix} X^\top X + \lambda I & X^\top \mathbf{1} \\"
        r" \mathbf{1}^\top X & n \end{pmatrix},\quad X^\top\mathbf{1} = 0",
        r"\operatorname{eig}(\nabla^2 J) = \{2(1 \pm |\rho|) + \tfrac{2\lambda}{n},\ 2\}"
        rf" = \{{{eig}\}}",
        rf"\eta < \frac{{2}}{{\lambda_{{\max}}}} = \frac{{2}}{{{top}}}"
        rf" = {out.tex(cond.lr_max)}",
    ]


@register("numbers")
def stable_rate(rng, out: Format) -> Question:
    data = draw_data(rng)
    cond = linreg.conditioning(data.X, ridge=data.ridge)
    return Question(
        prompt=Text(f"{NS}.stable_rate.prompt", data.values(out)),
        answer=cond.lr_max,
        tolerance=Tolerance(rel=0.01),
        solution=tuple(hessian_lines(out, data, cond)),
        why=Text(f"{NS}.stable_rate.why"),
        page=PAGE,
        link=data.link(out),
        shows=(cond.lr_max,),
    )


VERDICTS = ("converges", "diverges", "boundary")


@register("predict")
def gd_verdict(rng, out: Format) -> Question:
    while True:
        data = draw_data(rng, p_ridge=0.2)
        lr = float(pick(rng, RATES))
        cond = linreg.conditioning(data.X, ridge=data.ridge)
        rate = cond.rate(lr)
        if abs(rate - 1) >= 0.05:
            break
    return Question(
        prompt=Text(f"{NS}.gd_verdict.prompt", {**data.values(out), "lr": out.fmt(lr)}),
        choices=choice_texts(f"{NS}.gd_verdict.choices", VERDICTS),
        correct=0 if rate < 1 else 1,
        solution=(
            *hessian_lines(out, data, cond)[1:],
            rf"\max_i |1 - \eta\lambda_i| = {out.tex(rate)} {'<' if rate < 1 else '>'} 1",
        ),
        why=Text(f"{NS}.gd_verdict.why"),
        page=PAGE,
        link=data.link(out, linreg_lr=out.fmt(lr, 3)),
        shows=(cond.lr_max,),
    )


@register("numbers")
def normal_weight(rng, out: Format) -> Question:
    while True:
        data = draw_data(rng, rhos=(-0.5, 0.0, 0.5, 0.8))
        sol = linreg.normal_equation(data.X, data.y, ridge=data.ridge)
        i = int(rng.integers(2))
        if abs(sol.w[i]) >= 0.2:
            break
    gram, rhs, _, _ = linreg.normal_system(data.X, data.y)
    system = gram + data.ridge * np.eye(2)
    values = {
        **data.values(out),
        "gram": f"[[{out.fmt(gram[0, 0], 6)}, {out.fmt(gram[0, 1], 6)}],"
        f" [{out.fmt(gram[1, 0], 6)}, {out.fmt(gram[1, 1], 6)}]]",
        "rhs": f"({out.fmt(rhs[0], 6)}, {out.fmt(rhs[1], 6)})",
        "i": "₁₂"[i],
    }
    return Question(
        prompt=Text(f"{NS}.normal_weight.prompt", values),
        answer=float(sol.w[i]),
        tolerance=Tolerance(abs=0.01, rel=0.01),
        solution=(
            r"(X^\top X + \lambda I)\,w = X^\top y",
            rf"w = {mat(out, system)}^{{-1}} {mat(out, rhs[:, None])}"
            rf" = \left({out.tex(sol.w[0])},\ {out.tex(sol.w[1])}\right)",
        ),
        page=PAGE,
        link=data.link(out),
        shows=(float(sol.w[i]),),
    )


MINIMISERS = ("one", "line", "none")


@register("predict")
def unique_minimiser(rng, out: Format) -> Question:
    """ρ = 1 without ridge: XᵀX is singular and a whole line of weights minimises J."""
    if rng.random() < 0.5:
        data = draw_data(rng, rhos=(1.0,), ridge=0.0)
    else:
        data = draw_data(rng, rhos=(1.0, 0.999, 0.99, 0.9), p_ridge=0.5)
        if data.rho == 1.0 and data.ridge == 0.0:
            data = draw_data(rng, rhos=(1.0,), ridge=float(pick(rng, RIDGES)))
    sol = linreg.normal_equation(data.X, data.y, ridge=data.ridge)
    cond = linreg.conditioning(data.X, ridge=data.ridge)
    key = "line" if sol.singular else ("ridge" if data.ridge > 0 else "one")
    return Question(
        prompt=Text(f"{NS}.unique_minimiser.prompt", data.values(out)),
        choices=choice_texts(f"{NS}.unique_minimiser.choices", MINIMISERS),
        correct=1 if sol.singular else 0,
        solution=(
            r"\operatorname{eig}(X^\top X + \lambda I) = "
            + r",\ ".join(out.tex(float(v) * data.n / 2) for v in cond.bowl_eigenvalues),
            rf"\kappa(X^\top X + \lambda I) = {out.tex(cond.bowl_condition)}",
        ),
        why=Text(f"{NS}.unique_minimiser.why_{key}", {"lam": out.fmt(data.ridge)}),
        page=PAGE,
        link=data.link(out),
        shows=(cond.bowl_condition,),
    )


@register("derive")
def normal_equation(rng, out: Format) -> Question:
    """w* = (X_cᵀX_c + λI)⁻¹X_cᵀy_c and b* = ȳ − x̄ᵀw*, from setting ∇J to zero."""
    data = draw_data(rng, rhos=(-0.5, 0.0, 0.5, 0.8, 0.9), p_ridge=0.0)
    sol = linreg.normal_equation(data.X, data.y)
    gram, rhs, _, y_mean = linreg.normal_system(data.X, data.y)
    s = f"{NS}.normal_equation"
    steps = (
        Step(Text(f"{s}.s1"), r"J(w, b) = \frac1n\|Xw + b\mathbf{1} - y\|^2"),
        Step(
            Text(f"{s}.s2"),
            r"\frac{\partial J}{\partial b} = \frac2n\,\mathbf{1}^\top(Xw + b\mathbf{1} - y) = 0"
            r"\;\Rightarrow\; b = \bar y - \bar x^\top w",
        ),
        Step(
            Text(f"{s}.s3"),
            r"\nabla_w J = \frac2n X_c^\top (X_c w - y_c),\qquad"
            r" X_c = X - \mathbf{1}\bar x^\top,\ y_c = y - \bar y\mathbf{1}",
        ),
        Step(
            Text(f"{s}.s4"),
            r"X_c^\top X_c\,w = X_c^\top y_c \;\Rightarrow\; w^* = (X_c^\top X_c)^{-1}X_c^\top y_c,"
            r"\qquad w_{\text{ridge}} = (X_c^\top X_c + \lambda I)^{-1}X_c^\top y_c",
        ),
        Step(
            Text(f"{s}.s5", data.values(out)),
            rf"w^* = {mat(out, gram)}^{{-1}} {mat(out, rhs[:, None])}"
            rf" = \left({out.tex(sol.w[0])},\ {out.tex(sol.w[1])}\right),"
            rf"\quad b^* = \bar y = {out.tex(y_mean)}",
        ),
    )
    return derivation(
        s,
        steps,
        solution=(3,),
        page=PAGE,
        link=data.link(out),
        shows=(float(sol.w[0]), float(sol.w[1])),
    )
