"""Plotly figures and formula lines for the Lagrange multipliers & KKT page.

Arrays and a translator ``tr`` in, figure out (plain dicts through
:func:`playground.charts.theme.figure`, float32 data). Every figure has a
title saying what to look at; hover shows exact values; no ``nan``/``inf``
is ever sent (callers pass finite arrays, gaps are ``None``).

- :func:`kkt_figure`: contours of f, the constraints (active ones solid and
  thick), the feasible region, the unconstrained and constrained minima, the
  force balance ``−∇f = Σ μᵢ aᵢ`` at the optimum and ``−∇f`` at your point;
- :func:`tangency_figure`: a point walking along a constraint (Plotly
  animation: play button and slider in the browser) with ∇f and ∇h, which
  become parallel at the optimum; :func:`profile_figure`: f along the
  constraint;
- :func:`price_figure`, :func:`multiplier_figure`: f*(b) and its slope −μ;
- :func:`dual_figure`: the dual function along one multiplier, its maximum f*;
- :func:`lens_figure`, :func:`lens_dual_figure`: where no multiplier exists;
- LaTeX and plain-text formatters for constraints and formula lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "CONSTRAINT_COLORS",
    "Drawn",
    "constraint_tex",
    "constraint_text",
    "dual_figure",
    "kkt_figure",
    "lens_dual_figure",
    "lens_figure",
    "multiplier_figure",
    "price_figure",
    "profile_figure",
    "residual_tex",
    "tangency_figure",
    "vector_tex",
]

NS = "lagrange_kkt.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
#: Colour of constraint 1, 2, 3 everywhere on the page.
CONSTRAINT_COLORS = (ORANGE, GREEN, PURPLE)
_FEASIBLE = "rgba(0, 158, 115, 0.13)"
_CONTOURS = [[0.0, "rgb(80,80,80)"], [1.0, "rgb(200,200,200)"]]
_SUBS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LEGEND = {"orientation": "h", "y": -0.14, "x": 0.0, "yanchor": "top"}
Fmt = Callable[..., str]


_f32 = theme.f32


def _g(x: float, digits: int = 3) -> str:
    """Compact number for chart text (finite values only)."""
    text = f"{x:.{digits}g}"
    return "0" if text in ("-0", "0") else text.replace("e+0", "e").replace("e-0", "e-")


def _clean(values: np.ndarray) -> np.ndarray:
    """Rounding noise (below 1e-12 of the largest value) shown as an exact 0."""
    arr = np.asarray(values, dtype=float)
    scale = float(np.max(np.abs(arr))) if arr.size else 0.0
    return np.where(np.abs(arr) <= 1e-12 * max(scale, 1.0), 0.0, arr)


def _sub(i: int) -> str:
    return str(i).translate(_SUBS)


# ---------------------------------------------------------------------------
# Constraint text
# ---------------------------------------------------------------------------


def _terms(a: Sequence[float], number: Fmt, names: Sequence[str]) -> str:
    parts: list[str] = []
    for coef, name in zip(a, names, strict=True):
        if coef == 0:
            continue
        mag = abs(coef)
        body = name if mag == 1 else f"{number(mag)}{name}"
        sign = "−" if coef < 0 else "+"
        parts.append(body if not parts and coef > 0 else f"{sign} {body}" if parts else f"−{body}")
    return " ".join(parts) if parts else "0"


def constraint_text(a: Sequence[float], b: float, kind: str, number: Fmt) -> str:
    """``x₁ + x₂ ≤ 1`` for plain text and chart labels (``kind`` is "in" or "eq").

    Examples
    --------
    >>> constraint_text([1.0, -2.0], 1.5, "in", lambda v: f"{v:g}")
    'x₁ − 2x₂ ≤ 1.5'
    >>> constraint_text([0.0, -1.0], -0.5, "eq", lambda v: f"{v:g}")
    '−x₂ = -0.5'
    """
    sign = "≤" if kind == "in" else "="
    lhs = _terms(a, number, ("x₁", "x₂"))
    return f"{lhs} {sign} {number(b)}"


def constraint_tex(a: Sequence[float], b: float, kind: str, tex: Fmt) -> str:
    """``x_1 + x_2 \\le 1`` for LaTeX.

    Examples
    --------
    >>> constraint_tex([2.0, 0.0], 1.0, "in", lambda v: f"{v:g}")
    '2x_1 \\\\le 1'
    """
    sign = r"\le" if kind == "in" else "="
    lhs = _terms(a, tex, ("x_1", "x_2")).replace("−", "-")
    return f"{lhs} {sign} {tex(b)}"


def residual_tex(a: Sequence[float], b: float, tex: Fmt) -> str:
    """``x_1 + x_2 - 1``: the constraint function ``aᵀx − b`` in LaTeX.

    Examples
    --------
    >>> residual_tex([1.0, 1.0], 1.0, lambda v: f"{v:g}")
    'x_1 + x_2 - 1'
    >>> residual_tex([0.0, 2.0], -0.5, lambda v: f"{v:g}")
    '2x_2 + 0.5'
    """
    lhs = _terms(a, tex, ("x_1", "x_2")).replace("−", "-")
    if b == 0:
        return lhs
    return f"{lhs} {'-' if b > 0 else '+'} {tex(abs(b))}"


def vector_tex(values: Sequence[float], tex: Fmt) -> str:
    """A column vector: ``\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}``."""
    return r"\begin{bmatrix}" + r" \\ ".join(tex(v) for v in values) + r"\end{bmatrix}"


# ---------------------------------------------------------------------------
# Shared trace makers
# ---------------------------------------------------------------------------


def _contours(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, label: str, n: int = 16) -> dict:
    return {
        "type": "contour",
        "x": _f32(xs),
        "y": _f32(ys),
        "z": _f32(z),
        "ncontours": n,
        "showscale": False,
        "colorscale": _CONTOURS,
        "opacity": 0.55,
        "contours": {"coloring": "lines"},
        "line": {"width": 1},
        "name": label,
        "hovertemplate": "x₁ = %{x:.3f}<br>x₂ = %{y:.3f}<br>"
        + label
        + " = %{z:.4g}<extra></extra>",
    }


def _point(x: Sequence[float], name: str, color: str, symbol: str, size: float, **extra) -> dict:
    marker = {
        "color": color,
        "size": size,
        "symbol": symbol,
        "line": {"color": "white", "width": 1.5},
    }
    return {
        "type": "scatter",
        "x": _f32([x[0]]),
        "y": _f32([x[1]]),
        "mode": "markers",
        "name": name,
        "marker": marker,
        "hovertemplate": name + "<br>x₁ = %{x:.4f}<br>x₂ = %{y:.4f}<extra></extra>",
        **extra,
    }


def _arrows(starts: np.ndarray, tips: np.ndarray, color: str, name: str, **extra) -> dict:
    """Arrows as one trace: segments separated by gaps, an arrowhead marker at each tip."""
    starts, tips = np.atleast_2d(starts), np.atleast_2d(tips)
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[float] = []
    for s, t in zip(starts, tips, strict=True):
        xs += [float(s[0]), float(t[0]), None]
        ys += [float(s[1]), float(t[1]), None]
        sizes += [0.0, 11.0, 0.0]
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines+markers",
        "name": name,
        "connectgaps": False,
        "hoverinfo": "skip",
        "line": {"color": color, "width": 2.5},
        "marker": {
            "symbol": "arrow",
            "angleref": "previous",
            "size": _f32(sizes),
            "color": color,
            "line": {"width": 0},
        },
        **extra,
    }


def _plane_axes(box: Sequence[float]) -> dict:
    return {
        "xaxis": {"title": {"text": "x₁"}, "range": [box[0], box[1]], "constrain": "domain"},
        "yaxis": {
            "title": {"text": "x₂"},
            "range": [box[2], box[3]],
            "scaleanchor": "x",
            "scaleratio": 1,
            "constrain": "domain",
        },
    }


# ---------------------------------------------------------------------------
# The main picture: contours, constraints, feasible region, optimum, forces
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """One constraint as drawn: its segment in the box and how it looks.

    Attributes
    ----------
    number : int
        1, 2 or 3 (its colour and label).
    ends : numpy.ndarray, shape (2, 2) or (0, 2)
        The visible segment of the line (empty when it misses the box).
    label : str
        E.g. ``"1: x₁ + x₂ ≤ 1"``.
    kind : {"in", "eq"}
    active : bool
        Holds with equality at the optimum (drawn solid and thick).
    """

    number: int
    ends: np.ndarray
    label: str
    kind: str
    active: bool


def kkt_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    z: np.ndarray,
    box: Sequence[float],
    lines: Sequence[Drawn],
    region: np.ndarray,
    c: Sequence[float],
    x_opt: np.ndarray | None,
    forces: Sequence[tuple[np.ndarray, str, str]],
    x_try: Sequence[float],
    pull_try: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Contours of f, constraints, feasible region, minima and the force balance.

    Parameters
    ----------
    xs, ys, z : numpy.ndarray
        Grid and ``f`` on it (``z[i, j] = f(xs[j], ys[i])``).
    box : (x_min, x_max, y_min, y_max)
    lines : sequence of Drawn
    region : numpy.ndarray, shape (k, 2)
        Feasible polygon (k >= 3), segment (2), point (1) or nothing (0).
    c : (float, float)
        Unconstrained minimum.
    x_opt : numpy.ndarray or None
        Constrained minimum (None when infeasible).
    forces : sequence of (vector, colour, name)
        Arrows drawn from ``x_opt``: ``−∇f`` and each ``μᵢaᵢ`` (already scaled).
    x_try : (float, float)
        The user's candidate point.
    pull_try : numpy.ndarray
        ``−∇f`` at the candidate (scaled like ``forces``).
    tr : callable
        Translator.
    """
    data: list[dict] = [_contours(xs, ys, z, tr(f"{NS}.f_label"))]
    if len(region) >= 3:
        closed = np.vstack([region, region[:1]])
        data.append(
            {
                "type": "scatter",
                "x": _f32(closed[:, 0]),
                "y": _f32(closed[:, 1]),
                "mode": "lines",
                "fill": "toself",
                "fillcolor": _FEASIBLE,
                "line": {"width": 0, "color": _FEASIBLE},
                "name": tr(f"{NS}.feasible"),
                "hoverinfo": "skip",
            }
        )
    for line in lines:
        if len(line.ends) < 2:
            continue
        color = CONSTRAINT_COLORS[(line.number - 1) % 3]
        data.append(
            {
                "type": "scatter",
                "x": _f32(line.ends[:, 0]),
                "y": _f32(line.ends[:, 1]),
                "mode": "lines",
                "name": line.label,
                "line": {
                    "color": color,
                    "width": 4 if line.active else 2,
                    "dash": "solid" if line.active or line.kind == "eq" else "dash",
                },
                "hovertemplate": line.label + "<extra></extra>",
            }
        )
    if len(region) in (1, 2):
        data.append(
            {
                "type": "scatter",
                "x": _f32(region[:, 0]),
                "y": _f32(region[:, 1]),
                "mode": "lines+markers",
                "line": {"color": GREEN, "width": 7},
                "marker": {"color": GREEN, "size": 9},
                "opacity": 0.45,
                "name": tr(f"{NS}.feasible"),
                "hoverinfo": "skip",
            }
        )
    data.append(_point(c, tr(f"{NS}.unconstrained"), BLUE, "star", 16))
    if x_opt is not None:
        for vec, color, name in forces:
            data.append(_arrows(x_opt, np.asarray(x_opt) + vec, color, name))
        data.append(_point(x_opt, tr(f"{NS}.optimum"), VERMILLION, "circle", 15))
    data.append(_arrows(x_try, np.asarray(x_try) + pull_try, SKY, tr(f"{NS}.pull_try")))
    mine = _point(x_try, tr(f"{NS}.candidate"), SKY, "circle-open", 14)
    mine["marker"]["line"] = {"color": SKY, "width": 3}
    data.append(mine)
    return theme.figure(
        tr(f"{NS}.kkt_title"),
        data,
        height=560,
        legend=_LEGEND,
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        **_plane_axes(box),
    )


# ---------------------------------------------------------------------------
# Tangency: a point walks along the constraint (Plotly animation)
# ---------------------------------------------------------------------------


def _frame_text(tr: Translator, along: float, angle: float, ratio: float) -> str:
    return tr(f"{NS}.frame_text", along=_g(along), angle=f"{angle:.1f}", ratio=_g(ratio))


def tangency_figure(
    xs: np.ndarray,
    ys: np.ndarray,
    z: np.ndarray,
    box: Sequence[float],
    curve: np.ndarray,
    points: np.ndarray,
    grad_f: np.ndarray,
    grad_h: np.ndarray,
    along: np.ndarray,
    angle: np.ndarray,
    ratio: np.ndarray,
    start: int,
    optima: Sequence[tuple[np.ndarray, str]],
    labels: Sequence[str],
    tr: Translator,
) -> tuple[go.Figure, dict]:
    """Contours of f, the constraint curve, and a point walking along it with ∇f and ∇h.

    The walk is a Plotly animation (play button and slider in the figure, run
    by the browser): at each position the arrows show ∇f (blue) and ∇h
    (orange), already scaled by the caller; where they are parallel the
    point is a stationary point of the Lagrangian and the text shows the
    ratio λ with ``∇f = −λ∇h``.

    Parameters
    ----------
    xs, ys, z : numpy.ndarray
        Contour grid of f.
    box : (x_min, x_max, y_min, y_max)
    curve : numpy.ndarray, shape (m, 2)
        The constraint (a segment or a closed circle).
    points, grad_f, grad_h : numpy.ndarray, shape (k, 2)
        Positions and the (scaled) gradients there.
    along, angle, ratio : numpy.ndarray, shape (k,)
        Slope of f along the constraint, angle between ∇f and ∇h (degrees)
        and the best λ, shown as text per position.
    start : int
        The position shown first (the optimum).
    optima : sequence of (point, name)
        Fixed markers (the minimum, and the maximum on a circle).
    labels : sequence of str
        Slider labels per position.
    tr : callable

    Returns
    -------
    figure : plotly.graph_objects.Figure
        The picture at position ``start``, with its animation: one Plotly
        frame per position, the play button and the position slider. Each
        frame only moves the four walking traces (arrow ∇f, arrow ∇h, the
        point and the text): x, y and text change, styles stay those of the
        figure, so presenter-mode sizes survive the animation.
    animation : dict
        The same ``"frames"`` and ``"layout"`` (button, slider) as plain values,
        for tests.
    """
    k = len(points)
    # A band above the box holds the numbers of the current position, clear of the curves.
    top = box[3] + 0.3 * (box[3] - box[2])
    anchor = (box[0] + 0.03 * (box[1] - box[0]), top - 0.03 * (box[3] - box[2]))
    # plain floats: formatting them is several times cheaper than NumPy scalars
    texts = [
        _frame_text(tr, a, g, r)
        for a, g, r in zip(
            _clean(along).tolist(),
            np.asarray(angle).tolist(),
            np.asarray(ratio).tolist(),
            strict=True,
        )
    ]
    pts = np.asarray(points, dtype=float).tolist()
    tips_f = (np.asarray(points) + grad_f).tolist()
    tips_h = (np.asarray(points) + grad_h).tolist()

    def segment(i: int, tips: list) -> dict:
        (px, py), (qx, qy) = pts[i], tips[i]
        return {"x": [px, qx, None], "y": [py, qy, None]}

    def moving(i: int) -> list[dict]:
        """The four walking traces at position i, as partial updates (frames) ..."""
        return [
            segment(i, tips_f),
            segment(i, tips_h),
            {"x": [pts[i][0]], "y": [pts[i][1]]},
            {"text": [texts[i]]},
        ]

    def styled(i: int) -> list[dict]:
        """... and as full traces (the figure's first picture)."""
        p = points[i]
        return [
            _arrows(p, p + grad_f[i], BLUE, "∇f"),
            _arrows(p, p + grad_h[i], ORANGE, "∇h"),
            {
                "type": "scatter",
                "x": [float(p[0])],
                "y": [float(p[1])],
                "mode": "markers",
                "name": tr(f"{NS}.walker"),
                "marker": {"color": SKY, "size": 14, "line": {"color": "white", "width": 2}},
                "hovertemplate": "x₁ = %{x:.4f}<br>x₂ = %{y:.4f}<extra></extra>",
            },
            {
                "type": "scatter",
                "x": [float(anchor[0])],
                "y": [float(anchor[1])],
                "mode": "text",
                "text": moving(i)[3]["text"],
                "textposition": "bottom right",
                "showlegend": False,
                "hoverinfo": "skip",
            },
        ]

    static: list[dict] = [
        _contours(xs, ys, z, tr(f"{NS}.f_label")),
        {
            "type": "scatter",
            "x": _f32(curve[:, 0]),
            "y": _f32(curve[:, 1]),
            "mode": "lines",
            "name": tr(f"{NS}.constraint_curve"),
            "line": {"color": ORANGE, "width": 3},
            "hoverinfo": "skip",
        },
    ]
    for i, (x, name) in enumerate(optima):
        static.append(_point(x, name, VERMILLION if i == 0 else PURPLE, "diamond", 13))
    walking = list(range(len(static), len(static) + 4))
    frames = [{"name": str(i), "data": moving(i), "traces": walking} for i in range(k)]
    step = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": False},
        "transition": {"duration": 0},
    }
    slider = {
        "active": start,
        "currentvalue": {"prefix": tr(f"{NS}.position") + ": "},
        "pad": {"t": 36},
        "len": 0.88,
        "x": 0.12,
        "steps": [
            {"label": labels[i], "method": "animate", "args": [[str(i)], step]} for i in range(k)
        ],
    }
    play = {
        "type": "buttons",
        "showactive": False,
        "x": 0.0,
        "y": 0.0,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 44},
        "buttons": [
            {
                "label": "▶",
                "method": "animate",
                "args": [
                    None,
                    {
                        "mode": "immediate",
                        "fromcurrent": True,
                        "frame": {"duration": 90, "redraw": False},
                        "transition": {"duration": 0},
                    },
                ],
            }
        ],
    }
    axes = _plane_axes((box[0], box[1], box[2], top))
    fig = theme.figure(
        tr(f"{NS}.tangency_title"),
        static + styled(start),
        frames=frames,
        sliders=[slider],
        updatemenus=[play],
        height=660,
        legend={"orientation": "h", "y": -0.3, "x": 0.0, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 48, "b": 150},
        shapes=[
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "y0": box[3],
                "y1": box[3],
                "line": {"color": GREY, "width": 1, "dash": "dot"},
            }
        ],
        **axes,
    )
    return fig, {"frames": frames, "layout": {"sliders": [slider], "updatemenus": [play]}}


def profile_figure(
    s: np.ndarray,
    f: np.ndarray,
    marks: Sequence[tuple[float, float, str]],
    axis: str,
    tr: Translator,
) -> go.Figure:
    """f along the constraint against the position; stationary points marked."""
    data = [
        {
            "type": "scatter",
            "x": _f32(s),
            "y": _f32(f),
            "mode": "lines",
            "name": tr(f"{NS}.f_along"),
            "line": {"color": BLUE, "width": 2.5},
            "hovertemplate": axis + " = %{x:.3f}<br>f = %{y:.4g}<extra></extra>",
        }
    ]
    for i, (x, y, name) in enumerate(marks):
        data.append(
            {
                "type": "scatter",
                "x": _f32([x]),
                "y": _f32([y]),
                "mode": "markers+text",
                "name": name,
                "text": [name],
                "textposition": "bottom center" if i == 0 else "top center",
                "cliponaxis": False,
                "marker": {
                    "color": VERMILLION if i == 0 else PURPLE,
                    "size": 12,
                    "symbol": "diamond",
                },
                "hovertemplate": name
                + "<br>"
                + axis
                + " = %{x:.4f}<br>f = %{y:.4g}<extra></extra>",
            }
        )
    low, high = float(np.min(f)), float(np.max(f))
    pad = 0.12 * (high - low) if high > low else 1.0
    return theme.figure(
        tr(f"{NS}.profile_title"),
        data,
        height=360,
        showlegend=False,
        xaxis={"title": {"text": axis}},
        yaxis={"title": {"text": tr(f"{NS}.f_label")}, "range": [low - pad, high + pad]},
    )


def price_figure(
    b: np.ndarray,
    fstar: np.ndarray,
    multiplier: np.ndarray,
    feasible: np.ndarray,
    b_now: float,
    f_now: float,
    mu_now: float,
    number: int,
    tr: Translator,
) -> go.Figure:
    """f*(b) as the bound of one constraint moves, with the tangent of slope −μ at your b.

    The part where the constraint is slack (μ = 0) is flat and grey; where it
    binds, f* changes at rate −μ. Infeasible values of b are left out.
    """
    color = CONSTRAINT_COLORS[(number - 1) % 3]
    binding = feasible & (np.abs(multiplier) > 1e-12)
    data: list[dict] = []
    for mask, name, col in (
        (feasible & ~binding, tr(f"{NS}.slack_part"), GREY),
        (binding, tr(f"{NS}.binding_part"), color),
    ):
        y = np.where(mask, fstar, np.nan)
        data.append(
            {
                "type": "scatter",
                "x": _f32(b),
                "y": [None if not np.isfinite(v) else float(v) for v in y],
                "mode": "lines",
                "name": name,
                "line": {"color": col, "width": 3},
                "connectgaps": False,
                "hovertemplate": "b = %{x:.3f}<br>f* = %{y:.5g}<extra></extra>",
            }
        )
    span = 0.18 * (float(b[-1]) - float(b[0]))
    tb = np.array([b_now - span, b_now + span])
    data.append(
        {
            "type": "scatter",
            "x": _f32(tb),
            "y": _f32(f_now - mu_now * (tb - b_now)),
            "mode": "lines",
            "name": tr(f"{NS}.tangent", mu=_g(mu_now, 4)),
            "line": {"color": VERMILLION, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": _f32([b_now]),
            "y": _f32([f_now]),
            "mode": "markers",
            "name": tr(f"{NS}.your_b"),
            "marker": {"color": VERMILLION, "size": 13, "line": {"color": "white", "width": 1.5}},
            "hovertemplate": "b = %{x:.4g}<br>f* = %{y:.5g}<extra></extra>",
        }
    )
    return theme.figure(
        tr(f"{NS}.price_title", i=number),
        data,
        height=380,
        legend=_LEGEND,
        xaxis={"title": {"text": tr(f"{NS}.b_axis", i=number)}},
        yaxis={"title": {"text": "f*"}},
    )


def multiplier_figure(
    b: np.ndarray,
    multiplier: np.ndarray,
    feasible: np.ndarray,
    b_now: float,
    mu_now: float,
    number: int,
    kind: str,
    tr: Translator,
) -> go.Figure:
    """The multiplier against b: zero while the constraint is slack, growing as it bites."""
    color = CONSTRAINT_COLORS[(number - 1) % 3]
    symbol = "μ" if kind == "in" else "λ"
    y = np.where(feasible, multiplier, np.nan)
    data = [
        {
            "type": "scatter",
            "x": _f32(b),
            "y": [None if not np.isfinite(v) else float(v) for v in y],
            "mode": "lines",
            "name": symbol + _sub(number),
            "line": {"color": color, "width": 3},
            "connectgaps": False,
            "hovertemplate": "b = %{x:.3f}<br>" + symbol + " = %{y:.5g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([b_now]),
            "y": _f32([mu_now]),
            "mode": "markers",
            "name": tr(f"{NS}.your_b"),
            "marker": {"color": VERMILLION, "size": 13, "line": {"color": "white", "width": 1.5}},
            "hovertemplate": "b = %{x:.4g}<br>" + symbol + " = %{y:.5g}<extra></extra>",
        },
    ]
    return theme.figure(
        tr(f"{NS}.multiplier_title", symbol=symbol + _sub(number)),
        data,
        height=380,
        showlegend=False,
        xaxis={"title": {"text": tr(f"{NS}.b_axis", i=number)}},
        yaxis={"title": {"text": symbol + _sub(number)}},
    )


# ---------------------------------------------------------------------------
# Duality
# ---------------------------------------------------------------------------


def dual_figure(
    t: np.ndarray,
    g: np.ndarray,
    fstar: float,
    t_best: float,
    g_best: float,
    symbol: str,
    tr: Translator,
) -> go.Figure:
    """g along one multiplier (the others at their optimal values) under the line f*.

    Weak duality: every value of g is at most f*. Strong duality: the highest
    one touches it.
    """
    data = [
        {
            "type": "scatter",
            "x": _f32(t),
            "y": _f32(g),
            "mode": "lines",
            "name": tr(f"{NS}.dual_curve", symbol=symbol),
            "line": {"color": PURPLE, "width": 3},
            "hovertemplate": symbol + " = %{x:.4g}<br>g = %{y:.5g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([t[0], t[-1]]),
            "y": _f32([fstar, fstar]),
            "mode": "lines",
            "name": tr(f"{NS}.primal_line", f=_g(fstar, 5)),
            "line": {"color": VERMILLION, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _f32([t_best]),
            "y": _f32([g_best]),
            "mode": "markers",
            "name": tr(f"{NS}.dual_max"),
            "marker": {"color": PURPLE, "size": 13, "line": {"color": "white", "width": 1.5}},
            "hovertemplate": symbol + " = %{x:.5g}<br>g = %{y:.6g}<extra></extra>",
        },
    ]
    return theme.figure(
        tr(f"{NS}.dual_title"),
        data,
        height=380,
        legend=_LEGEND,
        xaxis={"title": {"text": symbol}},
        yaxis={"title": {"text": tr(f"{NS}.g_axis", m=symbol)}},
    )


def lens_figure(
    centres: np.ndarray,
    x_opt: np.ndarray,
    grad_f: np.ndarray,
    grad_g: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Two unit discs, their overlap (the feasible set), ∇f and both ∇gᵢ at the optimum.

    Gradients are drawn at half length so the picture stays readable.
    """
    theta = np.linspace(0, 2 * np.pi, 121)
    circle = np.column_stack([np.cos(theta), np.sin(theta)])
    data: list[dict] = []
    for i, centre in enumerate(centres):
        ring = centre + circle
        data.append(
            {
                "type": "scatter",
                "x": _f32(ring[:, 0]),
                "y": _f32(ring[:, 1]),
                "mode": "lines",
                "fill": "toself",
                "fillcolor": "rgba(0, 158, 115, 0.10)",
                "line": {"color": CONSTRAINT_COLORS[i], "width": 2},
                "name": tr(f"{NS}.disc", i=i + 1, sub=_sub(i + 1)),
                "hoverinfo": "skip",
            }
        )
    data.append(_arrows(x_opt, x_opt + 0.5 * grad_f, BLUE, "∇f"))
    for i in range(2):
        data.append(
            _arrows(x_opt, x_opt + 0.5 * grad_g[i], CONSTRAINT_COLORS[i], f"∇g{_sub(i + 1)}")
        )
    data.append(_point(x_opt, tr(f"{NS}.optimum"), VERMILLION, "circle", 13))
    return theme.figure(
        tr(f"{NS}.lens_title"),
        data,
        height=420,
        legend=_LEGEND,
        **_plane_axes((-2.3, 2.3, -1.5, 1.5)),
    )


def lens_dual_figure(
    mu: np.ndarray, g: np.ndarray, fstar: float, best: tuple[float, float] | None, tr: Translator
) -> go.Figure:
    """g(μ, μ) on a log axis under the line f*: a maximum, or a supremum never reached."""
    data = [
        {
            "type": "scatter",
            "x": _f32(mu),
            "y": _f32(g),
            "mode": "lines",
            "name": tr(f"{NS}.dual_curve", symbol="μ"),
            "line": {"color": PURPLE, "width": 3},
            "hovertemplate": "μ = %{x:.4g}<br>g = %{y:.5g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([mu[0], mu[-1]]),
            "y": _f32([fstar, fstar]),
            "mode": "lines",
            "name": tr(f"{NS}.primal_line", f=_g(fstar, 4)),
            "line": {"color": VERMILLION, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        },
    ]
    if best is not None:
        data.append(
            {
                "type": "scatter",
                "x": _f32([best[0]]),
                "y": _f32([best[1]]),
                "mode": "markers",
                "name": tr(f"{NS}.dual_max"),
                "marker": {"color": PURPLE, "size": 13, "line": {"color": "white", "width": 1.5}},
                "hovertemplate": "μ = %{x:.5g}<br>g = %{y:.5g}<extra></extra>",
            }
        )
    low = float(min(np.min(g), fstar))
    return theme.figure(
        tr(f"{NS}.lens_dual_title"),
        data,
        height=420,
        legend=_LEGEND,
        xaxis={"title": {"text": "μ₁ = μ₂ = μ"}, "type": "log"},
        yaxis={"title": {"text": "g(μ, μ)"}, "range": [max(low, -2.5) - 0.05, 0.15]},
    )
