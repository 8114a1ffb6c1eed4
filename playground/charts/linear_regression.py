"""Figures and formulas of the linear-regression page: arrays in, figures and LaTeX out.

Every builder takes a translator ``tr`` (``tr(key, **values) -> str``) for titles,
axis titles, legend names and hover labels, sends float32 arrays and never sends
``nan``/``inf``. The gradient-descent replays are Plotly animations (``frames``):
the frames move the current point in the browser, with a play button and a
slider, so playing them costs the server nothing.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground import linear_regression as linreg
from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "MAX_FIT_POINTS",
    "MAX_FRAMES",
    "condition_figure",
    "fit_replay",
    "frame_steps",
    "gap_figure",
    "gradient_lines",
    "logistic_figure",
    "newton_lines",
    "normal_equation_lines",
    "replays",
    "shapes_table",
    "singular_figure",
    "surface_replay",
    "view_box",
]

NS = "linear_regression.charts"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
#: At most this many animation frames per replay, and points in the fit replay:
#: together they keep each chart far below the 150 KiB payload limit.
MAX_FRAMES = 60
MAX_FIT_POINTS = 150
_FRAME_MS = 90
_CURRENT = "#777777"  # readable on the light and the dark theme
_BOWL = ("#f4f8fc", "#4a86c0")  # inner (low loss) to outer ring


def _f32(a) -> np.ndarray:
    return theme.f32(np.asarray(a, dtype=np.float64))


def _clipped(a, limit: float = 1e6) -> np.ndarray:
    """Display values: finite, within ``±limit`` (a diverging run leaves any float range)."""
    arr = np.nan_to_num(np.asarray(a, dtype=np.float64), nan=0.0, posinf=limit, neginf=-limit)
    return _f32(np.clip(arr, -limit, limit))


def _typed(a: np.ndarray) -> dict:
    """Clipped float32 values as plotly.js's typed-array spec (frames are sent as they are)."""
    data = np.ascontiguousarray(a, dtype=np.float32)
    return {"dtype": "f4", "bdata": base64.b64encode(data.tobytes()).decode("ascii")}


def _g(x: float, digits: int = 4) -> str:
    """Short number for titles and legends (never ``nan``)."""
    if not math.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "—")
    return f"{x:.{digits}g}"


# ---------------------------------------------------------------------------
# Replays: Plotly animations drawn by the browser


def frame_steps(steps_run: int, max_frames: int = MAX_FRAMES) -> np.ndarray:
    """Steps shown as animation frames: every step when they fit, else the first
    half of the frames one step apart (the zig-zag happens early) and the rest
    spread geometrically to the last step.

    Examples
    --------
    >>> frame_steps(5).tolist()
    [0, 1, 2, 3, 4, 5]
    >>> steps = frame_steps(1000, 10)
    >>> steps.tolist()[:5], int(steps[-1]), len(steps) <= 10
    ([0, 1, 2, 3, 4], 1000, True)
    """
    last = max(int(steps_run), 0)
    if last + 1 <= max_frames:
        return np.arange(last + 1)
    head = max_frames // 2
    tail = np.geomspace(head, last, max_frames - head)
    return np.unique(np.concatenate([np.arange(head), np.round(tail).astype(int), [last]]))


def _below(px: float, height: float, margin: dict) -> float:
    """Paper ``y`` of a point ``px`` pixels below the plot area (negative)."""
    return -px / max(height - margin["t"] - margin["b"], 1.0)


def _decade_step(values: np.ndarray) -> int:
    """``dtick`` of a log axis over ``values``: whole decades, at most about 7 labels (the
    default labels 2 and 5 in every decade crowd a projected chart)."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v > 0)]
    decades = math.log10(v.max() / v.min()) if v.size else 1.0
    return max(1, math.ceil(decades / 6))


def _player(steps: np.ndarray, tr: Translator, *, y: float) -> dict:
    """Layout of a replay at paper height ``y`` (below the x axis): play/pause buttons and
    a slider over ``steps``, set to the last one."""
    fast = {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
    play = {
        "frame": {"duration": _FRAME_MS, "redraw": False},
        "transition": {"duration": 0},
        "fromcurrent": False,
        "mode": "immediate",
    }
    names = [str(int(k)) for k in steps]
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "xanchor": "left",
                "y": y,
                "yanchor": "top",
                "pad": {"t": 0, "r": 6},
                "buttons": [
                    {"label": "▶ " + tr(f"{NS}.play"), "method": "animate", "args": [None, play]},
                    {
                        "label": "❚❚",
                        "method": "animate",
                        "args": [[None], {**fast, "mode": "immediate"}],
                    },
                ],
            }
        ],
        "sliders": [
            {
                "active": len(names) - 1,
                "x": 0.4,
                "len": 0.6,
                "xanchor": "left",
                "y": y,
                "yanchor": "top",
                "pad": {"t": 0, "b": 0},
                # One label per frame would overlap: the current step is written above.
                "ticklen": 0,
                "minorticklen": 0,
                "tickcolor": "rgba(0,0,0,0)",
                "font": {"color": "rgba(0,0,0,0)"},
                "currentvalue": {
                    "prefix": tr(f"{NS}.step") + " ",
                    "xanchor": "right",
                    "offset": 4,
                    "font": {"color": _CURRENT},
                },
                "steps": [
                    {
                        "label": name,
                        "method": "animate",
                        "args": [[name], {**fast, "mode": "immediate"}],
                    }
                    for name in names
                ],
            }
        ],
    }


def _frames(steps: np.ndarray, trace: int, **columns: np.ndarray) -> list[dict]:
    """One frame per step updating ``trace``: ``columns[attr][i]`` is frame i's ``attr``.

    Values are clipped and cast to float32 once for all frames, then sent as typed arrays.
    """
    clean = {attr: _clipped(values) for attr, values in columns.items()}
    return [
        {
            "name": str(int(k)),
            "traces": [trace],
            "data": [{attr: _typed(values[i]) for attr, values in clean.items()}],
        }
        for i, k in enumerate(steps)
    ]


# ---------------------------------------------------------------------------
# The loss bowl over (w1, w2)


def view_box(points: np.ndarray, center: np.ndarray, *, min_half: float = 1.0) -> tuple:
    """Square box ``(x0, x1, y0, y1)`` centred on ``center`` holding the disc through the
    farthest finite point (gradient descent that converges never leaves the disc of
    radius ``‖w₀ − w*‖`` around the minimum), padded by 15%.

    Examples
    --------
    >>> view_box(np.array([[0.0, 0.0], [3.0, 4.0]]), np.array([0.0, 0.0]))
    (-5.75, 5.75, -5.75, 5.75)
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    c = np.asarray(center, dtype=np.float64)
    radius = float(np.max(np.hypot(*(pts - c).T), initial=0.0)) if pts.size else 0.0
    half = min(max(radius * 1.15, min_half), 1e5)
    return (float(c[0] - half), float(c[0] + half), float(c[1] - half), float(c[1] + half))


def _segment(a, b) -> tuple[np.ndarray, np.ndarray]:
    return _clipped([a[0], b[0]]), _clipped([a[1], b[1]])


def _blend(a: str, b: str, f: float) -> str:
    """Colour ``f`` of the way from hex ``a`` to hex ``b``."""
    ca = np.array([int(a[i : i + 2], 16) for i in (1, 3, 5)])
    cb = np.array([int(b[i : i + 2], 16) for i in (1, 3, 5)])
    r, g, bl = np.round(ca + (cb - ca) * f).astype(int)
    return f"rgb({r},{g},{bl})"


def _bowl_traces(
    center: np.ndarray, bowl: np.ndarray, j_min: float, box: tuple, tr: Translator, levels: int = 14
) -> list[dict]:
    """The bowl as nested filled ellipses J = J* + cᵢ, outermost first, evenly spaced in
    √(J − J*); the outermost covers the whole box.

    Drawn as scatter traces (not a ``contour``) on purpose: plotly.js removes the layers
    of trace types it cannot animate while a replay plays, and the bowl would vanish.
    """
    corners = np.array([[box[0], box[2]], [box[0], box[3]], [box[1], box[2]], [box[1], box[3]]])
    d = corners - np.asarray(center, dtype=np.float64)
    top = float(np.max(0.5 * np.einsum("ij,jk,ik->i", d, bowl, d))) * 1.05
    top = top if np.isfinite(top) and top > 0 else 1.0
    span = 100.0 * max(box[1] - box[0], box[3] - box[2])
    name = tr(f"{NS}.loss")
    gaps = top * (np.arange(levels, -1, -1) / levels) ** 2  # outermost first, then 0
    rings = _clipped(linreg.level_set(center, bowl, gaps[:-1], max_axis=span))
    traces = []
    for i, (gap, inner, pts) in enumerate(zip(gaps[:-1], gaps[1:], rings, strict=True)):
        color = _blend(_BOWL[0], _BOWL[1], 1.0 - i / max(levels - 1, 1))
        traces.append(
            {
                "type": "scatter",
                "x": pts[:, 0],
                "y": pts[:, 1],
                "mode": "lines",
                "fill": "toself",
                "fillcolor": color,
                "line": {"color": "rgba(40,60,90,0.28)", "width": 0.8},
                "hoveron": "fills",
                "hoverinfo": "name",
                "name": f"{name} = {_g(j_min + inner, 4)} … {_g(j_min + gap, 4)}",
                "showlegend": False,
            }
        )
    return traces


def _axes_traces(
    center: np.ndarray,
    axes: np.ndarray,
    eigenvalues: np.ndarray,
    half: float,
    singular: bool,
    tr: Translator,
) -> list[dict]:
    """The bowl's principal axes through the minimum (the flat one is the line of
    minimisers when the bowl is singular), lengths ∝ 1/√μ."""
    mu_small, mu_large = (float(v) for v in eigenvalues)
    v_small, v_large = axes[:, 0], axes[:, 1]
    long_half = 0.8 * half
    short_half = long_half * (1.0 if singular else math.sqrt(max(mu_small, 0.0) / mu_large))
    if singular:
        short_half, long_half = 0.45 * half, 3.0 * half
    steep = _segment(center - short_half * v_large, center + short_half * v_large)
    flat = _segment(center - long_half * v_small, center + long_half * v_small)
    flat_name = (
        tr(f"{NS}.minimiser_line") if singular else tr(f"{NS}.axis_flat", mu=_g(mu_small, 3))
    )
    return [
        {
            "type": "scatter",
            "x": steep[0],
            "y": steep[1],
            "mode": "lines",
            "name": tr(f"{NS}.axis_steep", mu=_g(mu_large, 3)),
            "line": {"color": VERMILLION, "width": 2.5},
            "hoverinfo": "name",
        },
        {
            "type": "scatter",
            "x": flat[0],
            "y": flat[1],
            "mode": "lines",
            "name": flat_name,
            "line": {"color": PURPLE, "width": 2.5, "dash": "solid" if singular else "dash"},
            "hoverinfo": "name",
        },
    ]


def _point(x: float, y: float, name: str, color: str, symbol: str, size: float = 14) -> dict:
    return {
        "type": "scatter",
        "x": _clipped([x]),
        "y": _clipped([y]),
        "mode": "markers",
        "name": name,
        "marker": {
            "color": color,
            "symbol": symbol,
            "size": size,
            "line": {"color": "white", "width": 1.5},
        },
        "hovertemplate": f"{name}<br>w₁ %{{x:.5g}}<br>w₂ %{{y:.5g}}<extra></extra>",
    }


def _arrow(start, end, name: str, color: str) -> dict:
    """A straight arrow from ``start`` to ``end`` (arrowhead marker at the end)."""
    x, y = _segment(start, end)
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "name": name,
        "line": {"color": color, "width": 2.5, "dash": "dot"},
        "marker": {
            "symbol": "arrow",
            "angleref": "previous",
            "size": _f32([0.0, 13.0]),
            "color": color,
        },
        "hovertemplate": f"{name}<br>w₁ %{{x:.5g}}<br>w₂ %{{y:.5g}}<extra></extra>",
    }


def surface_replay(
    box: tuple,
    bowl: np.ndarray,
    j_min: float,
    path_w: np.ndarray,
    path_loss: np.ndarray,
    minimum: np.ndarray,
    newton: np.ndarray,
    bowl_eigenvalues: np.ndarray,
    bowl_axes: np.ndarray,
    kappa: float,
    singular: bool,
    tr: Translator,
) -> go.Figure:
    """Contours of J(w₁, w₂) with b at its optimum, the GD path (replayed), Newton's
    one step from the start, the closed-form minimum and the bowl's axes.

    Parameters
    ----------
    box : tuple
        ``(x0, x1, y0, y1)`` view (:func:`view_box`).
    bowl : numpy.ndarray, shape (2, 2)
        Hessian of ``J`` over ``w`` with ``b`` at its optimum (the contours are its
        ellipses around ``minimum``).
    j_min : float
        ``J*``.
    path_w : numpy.ndarray, shape (k + 1, 2)
        GD weights at every step; ``path_loss`` their losses.
    minimum, newton : numpy.ndarray, shape (2,)
        Closed-form minimiser; where one Newton step from ``path_w[0]`` lands.
    bowl_eigenvalues, bowl_axes : numpy.ndarray
        Eigenvalues (ascending) and unit eigenvectors (columns) of the bowl.
    kappa : float
        Condition number of the bowl (title).
    singular : bool
        The bowl is flat along a line: draw the line of minimisers.
    """
    path = np.asarray(path_w, dtype=np.float64)
    half = (box[1] - box[0]) / 2
    steps = frame_steps(len(path) - 1)
    step_label = tr(f"{NS}.step")
    many = len(path) > 250
    traces = [
        *_bowl_traces(np.asarray(minimum), bowl, j_min, box, tr),
        *_axes_traces(np.asarray(minimum), bowl_axes, bowl_eigenvalues, half, singular, tr),
        {
            "type": "scatter",
            "x": _clipped(path[:, 0]),
            "y": _clipped(path[:, 1]),
            "customdata": _clipped(np.column_stack([np.arange(len(path)), path_loss])),
            "mode": "lines" if many else "lines+markers",
            "name": tr(f"{NS}.gd_path"),
            "line": {"color": ORANGE, "width": 2},
            "marker": {"size": 4, "color": ORANGE},
            "hovertemplate": f"{step_label} %{{customdata[0]:.0f}}<br>w₁ %{{x:.5g}}"
            "<br>w₂ %{y:.5g}<br>J = %{customdata[1]:.6g}<extra></extra>",
        },
        _arrow(path[0], newton, tr(f"{NS}.newton"), GREEN),
        _point(*path[-1], tr(f"{NS}.shown_step"), ORANGE, "circle-open", 18),
        _point(*minimum, tr(f"{NS}.closed_form"), "#222222", "star", 15),
    ]
    traces[-2]["marker"]["line"] = {"color": ORANGE, "width": 3.5}
    head = len(traces) - 2

    x0, x1, y0, y1 = box
    height, margin = 660, {"l": 10, "r": 10, "t": 48, "b": 160}
    frames = _frames(steps, head, x=path[steps, :1], y=path[steps, 1:])
    return theme.figure(
        tr(f"{NS}.surface_title", kappa=_g(kappa, 4)),
        traces,
        frames=frames,
        **_player(steps, tr, y=_below(58, height, margin)),
        height=height,
        margin=margin,
        xaxis=theme.axis("w₁", range=[x0, x1], constrain="domain", showgrid=False, zeroline=False),
        yaxis=theme.axis(
            "w₂",
            range=[y0, y1],
            scaleanchor="x",
            scaleratio=1,
            constrain="domain",
            showgrid=False,
            zeroline=False,
        ),
        legend={"orientation": "h", "x": 0.0, "y": _below(112, height, margin), "yanchor": "top"},
    )


# ---------------------------------------------------------------------------
# Data and fit


def replays(
    X: np.ndarray,
    y: np.ndarray,
    path: linreg.Path,
    cond: linreg.Conditioning,
    newton: linreg.Solution,
    start,
    tr: Translator,
) -> tuple[go.Figure, go.Figure]:
    """Both replays of one gradient-descent run: the bowl (:func:`surface_replay`) in a
    box around the start, the optimum and Newton's landing, and the fit
    (:func:`fit_replay`) against the closed-form predictions."""
    best = path.optimum
    box = view_box(np.array([start, best.w, newton.w]), best.w)
    bowl = surface_replay(
        box,
        cond.bowl,
        path.loss_min,
        path.w,
        path.loss,
        best.w,
        newton.w,
        cond.bowl_eigenvalues,
        cond.bowl_axes,
        cond.bowl_condition,
        best.singular,
        tr,
    )
    return bowl, fit_replay(y, X @ best.w + best.b, path.w, path.b, X, tr)


def fit_replay(
    y: np.ndarray,
    closed: np.ndarray,
    path_w: np.ndarray,
    path_b: np.ndarray,
    X: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Predictions against targets: the closed form (rings) and GD at each step (dots,
    replayed). A perfect fit sits on the diagonal; a residual is the vertical gap.

    At most :data:`MAX_FIT_POINTS` samples (the first ones) are drawn.
    """
    m = min(len(y), MAX_FIT_POINTS)
    yy, cf, XX = np.asarray(y)[:m], np.asarray(closed)[:m], np.asarray(X)[:m]
    path_w, path_b = np.asarray(path_w), np.asarray(path_b)
    steps = frame_steps(len(path_b) - 1)
    lo = float(min(yy.min(), cf.min()))
    hi = float(max(yy.max(), cf.max()))
    pad = 0.08 * max(hi - lo, 1e-9)
    lo, hi = lo - pad, hi + pad
    target, pred = tr(f"{NS}.target"), tr(f"{NS}.prediction")
    residual = tr(f"{NS}.residual")

    preds = path_w[steps] @ XX.T + path_b[steps, None]  # (frames, m): GD's predictions
    last = preds[-1]
    hover = f"{target} %{{x:.4g}}<br>{pred} %{{y:.4g}}<extra>%{{fullData.name}}</extra>"
    traces = [
        {
            "type": "scatter",
            "x": _f32([lo, hi]),
            "y": _f32([lo, hi]),
            "mode": "lines",
            "name": tr(f"{NS}.perfect"),
            "line": {"color": GREY, "dash": "dash", "width": 1.5},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _f32(yy),
            "y": _f32(cf),
            "customdata": _f32(cf - yy),
            "mode": "markers",
            "name": tr(f"{NS}.closed_form"),
            "marker": {"symbol": "circle-open", "size": 10, "color": BLUE, "line": {"width": 1.8}},
            "hovertemplate": f"{target} %{{x:.4g}}<br>{pred} %{{y:.4g}}<br>{residual}"
            " %{customdata:.4g}<extra>%{fullData.name}</extra>",
        },
        {
            "type": "scatter",
            "x": _f32(yy),
            "y": _clipped(last),
            "mode": "markers",
            "name": tr(f"{NS}.gd_fit"),
            "marker": {"size": 6, "color": ORANGE},
            "hovertemplate": hover,
        },
    ]

    height, margin = 480, {"l": 10, "r": 10, "t": 48, "b": 150}
    return theme.figure(
        tr(f"{NS}.fit_title"),
        traces,
        frames=_frames(steps, 2, y=preds),
        **_player(steps, tr, y=_below(58, height, margin)),
        height=height,
        margin=margin,
        xaxis=theme.axis(target, range=[lo, hi]),
        yaxis=theme.axis(pred, range=[lo, hi]),
        legend={"orientation": "h", "x": 0.0, "y": _below(112, height, margin), "yanchor": "top"},
    )


def gap_figure(
    gap: np.ndarray,
    loss0: float,
    rate: float,
    tr: Translator,
    *,
    converged_at: int | None,
    diverged_at: int | None,
) -> go.Figure:
    """J − J* against the step (log scale) with the bound gap₀·rate^{2t}: a straight line."""
    gap = np.asarray(gap, dtype=np.float64)
    floor = 1e-16 * max(loss0, 1e-300)  # rounding: below this J − J* is noise
    t = np.arange(len(gap))
    shown = np.maximum(gap, floor)
    data = [
        {
            "type": "scatter",
            "x": _f32(t),
            "y": _clipped(shown, 1e30),
            "mode": "lines",
            "name": tr(f"{NS}.gap_observed"),
            "line": {"color": ORANGE, "width": 2.5},
            "hovertemplate": f"{tr(f'{NS}.step')} %{{x}}<br>J − J* = %{{y:.3g}}<extra></extra>",
        }
    ]
    if 0 < rate < 1 and gap[0] > floor:
        with np.errstate(under="ignore"):
            bound = np.maximum(gap[0] * rate ** (2.0 * t), floor)
        data.append(
            {
                "type": "scatter",
                "x": _f32(t),
                "y": _clipped(bound, 1e30),
                "mode": "lines",
                "name": tr(f"{NS}.gap_bound", rate=_g(rate, 4)),
                "line": {"color": GREY, "dash": "dash", "width": 2},
                "hovertemplate": f"{tr(f'{NS}.step')} %{{x}}<br>%{{y:.3g}}<extra></extra>",
            }
        )
    shapes, notes = [], []
    marks = ((converged_at, GREEN, "gap_converged"), (diverged_at, VERMILLION, "gap_diverged"))
    for step, color, key in marks:
        if step is None:
            continue
        shapes.append(
            {
                "type": "line",
                "x0": step,
                "x1": step,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": color, "dash": "dot", "width": 1.5},
            }
        )
        notes.append(
            {
                "x": step,
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": tr(f"{NS}.{key}", step=step),
                "font": {"color": color},
            }
        )
    return theme.figure(
        tr(f"{NS}.gap_title"),
        data,
        height=480,
        margin={"l": 10, "r": 10, "t": 64, "b": 10},
        shapes=shapes,
        annotations=notes,
        xaxis=theme.axis(tr(f"{NS}.step")),
        yaxis=theme.axis(
            tr(f"{NS}.gap_axis"),
            type="log",
            exponentformat="power",
            dtick=_decade_step(np.append(shown, floor)),
        ),
        legend={"orientation": "h", "x": 0.0, "y": -0.2, "yanchor": "top"},
    )


# ---------------------------------------------------------------------------
# Singular XᵀX and ridge


def singular_figure(
    box: tuple,
    bowl: np.ndarray,
    j_min: float,
    min_norm: np.ndarray,
    direction: np.ndarray,
    ridge_ws: np.ndarray,
    ridges: np.ndarray,
    start: np.ndarray,
    landing: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """The valley of a singular design: the line of minimisers, the minimum-norm point
    (closest to the origin), ridge solutions converging to it as λ → 0, and where
    gradient descent / Newton from the start land (the nearest minimiser)."""
    x0, x1, y0, y1 = box
    span = 3.0 * max(x1 - x0, y1 - y0)
    line = _segment(min_norm - span * direction, min_norm + span * direction)
    lam = tr(f"{NS}.ridge_hover")
    data = [
        *_bowl_traces(np.asarray(min_norm), bowl, j_min, box, tr),
        {
            "type": "scatter",
            "x": line[0],
            "y": line[1],
            "mode": "lines",
            "name": tr(f"{NS}.minimiser_line"),
            "line": {"color": PURPLE, "width": 3},
            "hoverinfo": "name",
        },
        {
            "type": "scatter",
            "x": _clipped(ridge_ws[:, 0]),
            "y": _clipped(ridge_ws[:, 1]),
            "customdata": _f32(ridges),
            "mode": "lines+markers",
            "name": tr(f"{NS}.ridge_path"),
            "line": {"color": SKY, "width": 2},
            "marker": {"size": 6, "color": SKY},
            "hovertemplate": f"{lam} = %{{customdata:.3g}}<br>w₁ %{{x:.4g}}<br>w₂ %{{y:.4g}}"
            "<extra></extra>",
        },
        _arrow(start, landing, tr(f"{NS}.nearest"), GREEN),
        _point(*min_norm, tr(f"{NS}.min_norm"), "#222222", "star", 16),
        _point(*start, tr(f"{NS}.start"), ORANGE, "circle", 11),
    ]
    return theme.figure(
        tr(f"{NS}.singular_title"),
        data,
        height=560,
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        xaxis=theme.axis("w₁", range=[x0, x1], constrain="domain", showgrid=False, zeroline=True),
        yaxis=theme.axis(
            "w₂",
            range=[y0, y1],
            scaleanchor="x",
            scaleratio=1,
            constrain="domain",
            showgrid=False,
            zeroline=True,
        ),
        legend={"orientation": "h", "x": 0.0, "y": -0.14, "yanchor": "top"},
    )


def condition_figure(
    ridges: np.ndarray,
    kappa: np.ndarray,
    kappa_singular: np.ndarray,
    rho: float,
    ridge: float,
    kappa_now: float,
    tr: Translator,
) -> go.Figure:
    """κ(XᵀX + λI) against λ (log–log) for your data and for ρ = 1, your λ marked."""
    finite = np.isfinite(kappa)
    data = [
        {
            "type": "scatter",
            "x": _f32(ridges[finite]),
            "y": _f32(kappa[finite]),
            "mode": "lines",
            "name": tr(f"{NS}.kappa_yours", rho=_g(rho, 4)),
            "line": {"color": BLUE, "width": 2.5},
            "hovertemplate": "λ = %{x:.3g}<br>κ = %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(ridges),
            "y": _clipped(kappa_singular, 1e30),
            "mode": "lines",
            "name": tr(f"{NS}.kappa_singular"),
            "line": {"color": PURPLE, "width": 2, "dash": "dash"},
            "hovertemplate": "λ = %{x:.3g}<br>κ = %{y:.4g}<extra></extra>",
        },
    ]
    shown = np.concatenate([kappa[finite], np.clip(kappa_singular, 1.0, 1e30)])
    if ridge > 0 and math.isfinite(kappa_now):
        data.append(
            {
                "type": "scatter",
                "x": _f32([ridge]),
                "y": _f32([kappa_now]),
                "mode": "markers",
                "name": tr(f"{NS}.your_ridge"),
                "marker": {"color": ORANGE, "size": 13, "line": {"color": "white", "width": 1.5}},
                "hovertemplate": "λ = %{x:.3g}<br>κ = %{y:.4g}<extra></extra>",
            }
        )
    return theme.figure(
        tr(f"{NS}.kappa_title"),
        data,
        height=420,
        xaxis=theme.axis(tr(f"{NS}.ridge_axis"), type="log", exponentformat="power", dtick=2),
        yaxis=theme.axis(
            tr(f"{NS}.kappa_axis"), type="log", exponentformat="power", dtick=_decade_step(shown)
        ),
        legend={"orientation": "h", "x": 0.0, "y": -0.2, "yanchor": "top"},
    )


# ---------------------------------------------------------------------------
# Linear versus logistic


def logistic_figure(
    x: np.ndarray,
    labels: np.ndarray,
    grid: np.ndarray,
    linear: np.ndarray,
    logistic: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """0/1 labels against one feature: the least-squares line leaves [0, 1], the sigmoid
    stays inside."""
    data = [
        {
            "type": "scatter",
            "x": _f32(x),
            "y": _f32(labels),
            "mode": "markers",
            "name": tr(f"{NS}.labels"),
            "marker": {"color": GREY, "size": 7, "opacity": 0.6},
            "hovertemplate": "x₁ %{x:.3f}<br>y = %{y:.0f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(grid),
            "y": _clipped(linear),
            "mode": "lines",
            "name": tr(f"{NS}.linear_model"),
            "line": {"color": BLUE, "width": 2.5},
            "hovertemplate": "x₁ %{x:.3f}<br>ŷ = %{y:.4f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(grid),
            "y": _f32(logistic),
            "mode": "lines",
            "name": tr(f"{NS}.logistic_model"),
            "line": {"color": ORANGE, "width": 2.5},
            "hovertemplate": "x₁ %{x:.3f}<br>p = %{y:.4f}<extra></extra>",
        },
    ]
    band = [
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": 0,
            "y1": 1,
            "fillcolor": "rgba(0,158,115,0.08)",
            "line": {"width": 0},
            "layer": "below",
        }
    ]
    return theme.figure(
        tr(f"{NS}.logistic_title"),
        data,
        height=400,
        shapes=band,
        xaxis=theme.axis("x₁"),
        yaxis=theme.axis(tr(f"{NS}.output_axis"), range=[-0.45, 1.45]),
        legend={"orientation": "h", "x": 0.0, "y": -0.2, "yanchor": "top"},
    )


# ---------------------------------------------------------------------------
# Formulas and tables with the user's numbers. Pure string builders: the page
# passes its number formatters (``tex`` from ``playground.app.format``) so that
# ∞ and NaN are always written as ∞ and —, never as raw "nan".


def _clean(values) -> np.ndarray:
    """Entries below 10⁻¹² of the largest shown as 0 (rounding, e.g. x̄ ≈ 10⁻¹⁷ instead of 0)."""
    arr = np.asarray(values, dtype=np.float64)
    finite = np.abs(arr[np.isfinite(arr)])
    scale = float(finite.max()) if finite.size else 0.0
    return np.where(np.abs(arr) < 1e-12 * scale, 0.0, arr)


def _vec(values: Sequence[float], tex) -> str:
    entries = _clean(values)
    return r"\begin{pmatrix}" + r" \\ ".join(tex(v) for v in entries) + r"\end{pmatrix}"


def _mat(rows: np.ndarray, tex) -> str:
    body = r" \\ ".join(" & ".join(tex(v) for v in row) for row in _clean(rows))
    return r"\begin{pmatrix}" + body + r"\end{pmatrix}"


def _factor(value: float, tex) -> str:
    """A number to multiply by: negative ones in parentheses."""
    return rf"\left({tex(value)}\right)" if value < 0 else tex(value)


def gradient_lines(
    k: int,
    n: int,
    ridge: float,
    loss: float,
    gw: np.ndarray,
    gb: float,
    w: np.ndarray,
    b: float,
    lr: float,
    tex,
) -> list[str]:
    """LaTeX of J, ∇J and the update at step k, with the numbers."""
    w_next, b_next = w - lr * gw, b - lr * gb
    return [
        rf"J(w^{{({k})}}, b^{{({k})}}) = \tfrac{{1}}{{{n}}}\lVert X w^{{({k})}} + b^{{({k})}}"
        rf" - y\rVert^2 + \tfrac{{{tex(ridge)}}}{{{n}}}\lVert w^{{({k})}}\rVert^2 = {tex(loss, 6)}",
        r"\begin{aligned}"
        rf"\frac{{\partial J}}{{\partial w}} &= \tfrac{{2}}{{n}}\left(X^\top r + \lambda w\right)"
        rf" = {_vec(gw, tex)}, &"
        rf"\frac{{\partial J}}{{\partial b}} &= \tfrac{{2}}{{n}}\textstyle\sum_i r_i = {tex(gb)}"
        r"\end{aligned}",
        r"\begin{aligned}"
        rf"w^{{({k + 1})}} &= w^{{({k})}} - \eta\,\tfrac{{\partial J}}{{\partial w}}"
        rf" = {_vec(w, tex)} - {tex(lr)}\,{_vec(gw, tex)} = {_vec(w_next, tex)} \\"
        rf"b^{{({k + 1})}} &= b^{{({k})}} - \eta\,\tfrac{{\partial J}}{{\partial b}} = {tex(b)}"
        rf" - {tex(lr)} \cdot {_factor(gb, tex)} = {tex(b_next)}"
        r"\end{aligned}",
    ]


def normal_equation_lines(
    gram: np.ndarray,
    rhs: np.ndarray,
    ridge: float,
    w: np.ndarray,
    b: float,
    y_mean: float,
    singular: bool,
    tex,
) -> list[str]:
    """LaTeX of ∇J = 0 → (XᵀX + λI)w = Xᵀy with the 2×2 numbers → w*, and b* = ȳ."""
    system = gram + ridge * np.eye(len(rhs))
    lines = [
        r"\nabla J = 0 \;\Rightarrow\; b^* = \bar y - \bar x^\top w^*,\quad"
        r"(X^\top X + \lambda I)\,w^* = X^\top y,\quad \bar x = 0",
        rf"{_mat(gram, tex)} + {tex(ridge)}\,I = {_mat(system, tex)},\qquad "
        rf"X^\top y = {_vec(rhs, tex)}",
    ]
    if singular:
        lines.append(
            rf"\det(X^\top X) = {tex(np.linalg.det(system))}"
            rf" \;\Rightarrow\; w^+ = X^+ y = {_vec(w, tex)},\quad b^* = \bar y = {tex(b)}"
        )
    else:
        lines.append(
            rf"w^* = {_mat(system, tex)}^{{-1}} {_vec(rhs, tex)} = {_vec(w, tex)},\qquad"
            rf" b^* = \bar y = {tex(y_mean)}"
        )
    return lines


def newton_lines(
    H: np.ndarray,
    theta0: np.ndarray,
    g0: np.ndarray,
    theta1: np.ndarray,
    singular: bool,
    tex,
) -> list[str]:
    """LaTeX of θ₁ = θ₀ − H⁻¹∇J(θ₀) with the 3×3 Hessian and the numbers."""
    inverse = r"H^{+}" if singular else r"H^{-1}"
    return [
        rf"H = \nabla^2 J = \tfrac{{2}}{{n}}\begin{{pmatrix}} X^\top X + \lambda I & X^\top"
        rf" \mathbf 1 \\ \mathbf 1^\top X & n \end{{pmatrix}} = {_mat(H, tex)}",
        rf"\theta^{{(1)}} = \theta^{{(0)}} - {inverse}\,\nabla J(\theta^{{(0)}})"
        rf" = {_vec(theta0, tex)} - {inverse}{_vec(g0, tex)} = {_vec(theta1, tex)}",
    ]


def shapes_table(n: int, d: int, tr: Translator) -> str:
    """A Markdown table: every object of the derivation and its shape, with n and d."""
    ns = f"{NS}.shapes"
    rows = [
        ("X", f"{n} × {d}", "n × d", "x"),
        ("w", f"{d}", "d", "w"),
        ("y, r = Xw + b − y", f"{n}", "n", "r"),
        ("J = ‖r‖²/n + λ‖w‖²/n", "1", "1", "J"),
        ("∂J/∂r = 2r/n", f"{n}", "n", "dr"),
        ("∂r/∂w = X", f"{n} × {d}", "n × d", "jac"),
        ("∂J/∂w = Xᵀ(2r/n) + 2λw/n", f"{d}", "d", "dw"),
        ("∂J/∂b = 2·Σr/n", "1", "1", "db"),
        ("∇²J over w: 2(XᵀX + λI)/n", f"{d} × {d}", "d × d", "hess"),
    ]
    head = (
        f"| {tr(f'{ns}.object')} | {tr(f'{ns}.shape')} | {tr(f'{ns}.general')} "
        f"| {tr(f'{ns}.meaning')} |"
    )
    lines = [head, "|---|---|---|---|"]
    for obj, shape, general, key in rows:
        lines.append(f"| {obj} | {shape} | {general} | {tr(f'{ns}.{key}')} |")
    return "\n".join(lines)
