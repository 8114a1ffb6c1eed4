"""Practice questions on loss landscapes and gradient descent (page ``loss_landscapes``).

Gradients, Hessians and critical points come from :mod:`playground.landscapes`,
GD steps and the learning-rate lesson from :mod:`playground.optimizers`. Links
set ``landscape_surface`` (a translated choice), the surface's parameters, the
start point ``landscape_x0`` / ``landscape_y0``, ``landscape_lr`` and the tab.
"""

from __future__ import annotations

import numpy as np

from playground import landscapes as ls
from playground import optimizers as opt
from playground.practice import (
    Format,
    Label,
    Question,
    Text,
    Tolerance,
    choice_texts,
    grid,
    pick,
    register,
    url_number,
)

PAGE = "loss_landscapes"
NS = f"practice.q.{PAGE}"
#: Each surface's formula (LaTeX) with its parameters filled in by ``str.format``.
FORMULAS = {
    "saddle": "x^2 - y^2",
    "monkey_saddle": "x^3 - 3xy^2",
    "two_well": "(x^2 - 1)^2 + {tilt}\\,x + y^2",
    "himmelblau": "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "rosenbrock": "(1 - x)^2 + {b}\\,(y - x^2)^2",
}
PARAMETERS = {  # values the page's sliders offer
    "two_well": {"tilt": (0.0, 0.1, 0.2, 0.3, 0.5)},
    "rosenbrock": {"b": (1.0, 2.0, 5.0, 10.0, 100.0)},
}
LOG_PARAMETERS = {"b", "condition"}  # log sliders: the URL carries their label
CONDITIONS = (1.6, 2.0, 2.5, 4.0, 5.0, 8.0, 10.0, 20.0, 25.0, 50.0)
ANGLES = (0.0, 30.0, 45.0, 60.0, 90.0, -30.0, -45.0)
RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.8, 1.0)


def draw_surface(rng, names=tuple(FORMULAS)) -> tuple[str, dict]:
    name = str(pick(rng, names))
    params = {k: float(pick(rng, v)) for k, v in PARAMETERS.get(name, {}).items()}
    return name, params


def formula(out: Format, name: str, params: dict) -> str:
    return FORMULAS[name].format(**{k: out.tex(v) for k, v in params.items()})


def link(out: Format, name: str, params: dict, start, **extra) -> dict:
    query = {"landscape_surface": Label(f"{PAGE}.surfaces.{name}")}
    for key, value in params.items():
        query[f"landscape_{key}"] = (
            out.fmt(value, 3) if key in LOG_PARAMETERS else url_number(value)
        )
    query["landscape_x0"], query["landscape_y0"] = (repr(float(v)) for v in start)
    return {**query, **extra}


def vec(out: Format, values, digits: int = 4) -> str:
    return r"\left(" + r",\ ".join(out.tex(float(v), digits) for v in values) + r"\right)"


def draw_start(rng, land: ls.Landscape, *, min_grad: float = 0.1) -> tuple[float, float]:
    """A start point on the 0.1 grid inside the surface's window, with a usable gradient."""
    x0, x1, y0, y1 = land.window
    while True:
        start = (grid(rng, x0 / 2, x1 / 2, 0.1), grid(rng, y0 / 2, y1 / 2, 0.1))
        if min(abs(v) for v in land.grad(*start).ravel()) >= min_grad:
            return start


@register("numbers")
def gradient(rng, out: Format) -> Question:
    name, params = draw_surface(rng)
    land = ls.get_landscape(name, **params)
    start = draw_start(rng, land)
    g = land.grad(*start).ravel()
    axis = int(rng.integers(2))
    var = "xy"[axis]
    return Question(
        prompt=Text(
            f"{NS}.gradient.prompt",
            {
                "f": formula(out, name, params),
                "x": out.fmt(start[0]),
                "y": out.fmt(start[1]),
                "var": var,
            },
        ),
        answer=float(g[axis]),
        tolerance=Tolerance(abs=0.01, rel=0.01),
        solution=(
            rf"f(x, y) = {formula(out, name, params)}",
            rf"\nabla f{vec(out, start)} = {vec(out, g)}",
            rf"\frac{{\partial f}}{{\partial {var}}} = {out.tex(g[axis])}",
        ),
        page=PAGE,
        link=link(out, name, params, start),
        shows=tuple(float(v) for v in g),
    )


@register("numbers")
def gd_step(rng, out: Format) -> Question:
    while True:
        name, params = draw_surface(rng)
        land = ls.get_landscape(name, **params)
        start = draw_start(rng, land)
        lr = float(pick(rng, RATES[:5]))
        run = opt.race(name, ["gd"], start, params=tuple(sorted(params.items())), lr=lr, steps=1)[0]
        step = run.path[1]
        if not run.diverged and np.all(np.abs(step - start) >= 0.01) and np.all(np.abs(step) < 50):
            break
    g = land.grad(*start).ravel()
    axis = int(rng.integers(2))
    var = "xy"[axis]
    return Question(
        prompt=Text(
            f"{NS}.gd_step.prompt",
            {
                "f": formula(out, name, params),
                "x": out.fmt(start[0]),
                "y": out.fmt(start[1]),
                "lr": out.fmt(lr),
                "var": var,
            },
        ),
        answer=float(step[axis]),
        tolerance=Tolerance(abs=0.005, rel=0.005),
        solution=(
            rf"\nabla f{vec(out, start)} = {vec(out, g)}",
            rf"p_1 = p_0 - \eta\,\nabla f(p_0) = {vec(out, start)} -"
            rf" {out.tex(lr)}\cdot{vec(out, g)}"
            rf" = {vec(out, step)}",
        ),
        page=PAGE,
        link=link(out, name, params, start, landscape_lr=out.fmt(lr, 3)),
        shows=tuple(float(v) for v in step),
    )


@register("predict")
def critical_kind(rng, out: Format) -> Question:
    name, params = draw_surface(rng)
    land = ls.get_landscape(name, **params)
    point = pick(rng, land.critical_points)
    h = land.hessian(point.x, point.y).reshape(2, 2)
    eig = ls.hessian_eigen(h)[0]
    kind = ls.classify_critical_point(h)
    return Question(
        prompt=Text(
            f"{NS}.critical_kind.prompt",
            {"f": formula(out, name, params), "x": out.fmt(point.x), "y": out.fmt(point.y)},
        ),
        choices=choice_texts(f"{NS}.critical_kind.choices", ls.KINDS),
        correct=ls.KINDS.index(kind),
        solution=(
            rf"H = \begin{{pmatrix}}{out.tex(h[0, 0])} & {out.tex(h[0, 1])} \\"
            rf" {out.tex(h[1, 0])} & {out.tex(h[1, 1])}\end{{pmatrix}}",
            rf"\lambda_1 = {out.tex(eig[0])},\quad \lambda_2 = {out.tex(eig[1])}",
        ),
        why=Text(f"{NS}.critical_kind.why"),
        page=PAGE,
        link=link(
            out, name, params, (point.x, point.y), landscape_tab=Label(f"{PAGE}.sections.point")
        ),
        shows=tuple(float(v) for v in eig),
    )


def draw_quadratic(rng) -> tuple[dict, ls.Landscape, np.ndarray]:
    params = {"condition": float(pick(rng, CONDITIONS)), "angle": float(pick(rng, ANGLES))}
    land = ls.get_landscape("convex_quadratic", **params)
    return params, land, land.hessian(0.0, 0.0).reshape(2, 2)


def matrix(out: Format, h: np.ndarray) -> str:
    return (
        rf"\begin{{pmatrix}}{out.tex(h[0, 0])} & {out.tex(h[0, 1])} \\"
        rf" {out.tex(h[1, 0])} & {out.tex(h[1, 1])}\end{{pmatrix}}"
    )


def quadratic_link(out: Format, params: dict, land: ls.Landscape, lr: float | None = None):
    extra = {"landscape_tab": Label(f"{PAGE}.sections.lr")}
    if lr is not None:
        extra["landscape_lr"] = out.fmt(lr, 3)
    return link(out, "convex_quadratic", params, land.start, **extra)


@register("numbers")
def stable_rate(rng, out: Format) -> Question:
    params, land, h = draw_quadratic(rng)
    lesson = opt.lr_lesson(land, land.start, 0.01, 10)
    return Question(
        prompt=Text(f"{NS}.stable_rate.prompt", {"A": matrix(out, h)}),
        answer=lesson.threshold,
        tolerance=Tolerance(abs=0.002, rel=0.01),
        solution=(
            rf"\lambda(A) = {out.tex(ls.hessian_eigen(h)[0][0])},\ {out.tex(lesson.L)}"
            rf"\quad (L = \lambda_{{\max}})",
            rf"\eta < \frac{{2}}{{L}} = \frac{{2}}{{{out.tex(lesson.L)}}} ="
            rf" {out.tex(lesson.threshold)}",
        ),
        why=Text(f"{NS}.stable_rate.why"),
        page=PAGE,
        link=quadratic_link(out, params, land),
        shows=(lesson.threshold, lesson.L),
    )


@register("predict")
def rate_verdict(rng, out: Format) -> Question:
    while True:
        params, land, h = draw_quadratic(rng)
        lr = float(pick(rng, RATES))
        lesson = opt.lr_lesson(land, land.start, lr, 10)
        if abs(lesson.rho - 1) >= 0.05:
            break
    verdicts = ("converges", "diverges", "boundary")
    return Question(
        prompt=Text(f"{NS}.rate_verdict.prompt", {"A": matrix(out, h), "lr": out.fmt(lr)}),
        choices=choice_texts(f"{NS}.rate_verdict.choices", verdicts),
        correct=verdicts.index(lesson.verdict),
        solution=(
            rf"L = \lambda_{{\max}}(A) = {out.tex(lesson.L)},\quad"
            rf" \frac{{2}}{{L}} = {out.tex(lesson.threshold)}",
            rf"\rho = \max_i |1 - \eta\lambda_i| = {out.tex(lesson.rho)}",
        ),
        why=Text(f"{NS}.rate_verdict.why"),
        page=PAGE,
        link=quadratic_link(out, params, land, lr),
        shows=(lesson.rho, lesson.threshold),
    )
