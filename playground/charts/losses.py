"""Figures of the regression-losses page: curves, outlier fits, L1/L2 geometry, Lasso/Ridge paths.

Arrays in, ``go.Figure`` out; every text comes through the translator ``tr``
(catalog namespace ``regression_losses``).

Speed: each figure is built from plain dicts in a single unvalidated
``go.Figure(..., _validate=False)`` call with the app template inlined.
Plotly's property validation (``theme.new_figure`` + ``add_traces`` +
``update_layout``) costs 40-130 ms per figure here, more than the whole rerun
budget; the result is the same JSON (the tests re-validate every figure).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "LOSS_COLORS",
    "curves_figure",
    "geometry_figure",
    "outliers_figure",
    "paths_figure",
]

NS = "regression_losses"
#: One colour per loss, the same on every chart of the page.
LOSS_COLORS = {"l2": PALETTE[0], "l1": PALETTE[1], "smooth_l1": PALETTE[2], "huber": PALETTE[3]}
_GREY = PALETTE[6]
_OUTLIER = PALETTE[5]
# Ten features: the Okabe-Ito palette plus two of Paul Tol's colour-blind-safe colours.
_FEATURE_COLORS = (*PALETTE[:7], "#332288", "#882255", "#117733")


_f32 = theme.f32


def _num(v: float) -> str:
    """Short number for legend text (values here are always finite)."""
    return f"{float(v):.3g}"


def _loss_name(tr: Translator, name: str, beta: float, delta: float) -> str:
    return tr(f"{NS}.names.{name}", beta=_num(beta), delta=_num(delta))


def curves_figure(
    r: np.ndarray,
    values: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    *,
    beta: float,
    delta: float,
    r0: float,
    probe_values: Mapping[str, float],
    probe_grads: Mapping[str, float],
    tr: Translator,
) -> go.Figure:
    """Loss curves (top) and their derivatives (bottom) on a shared residual axis.

    Parameters
    ----------
    r : numpy.ndarray
        Residual grid (sent as ``x0``/``dx`` when evenly spaced).
    values, grads : mapping
        Loss name -> values / derivatives on ``r`` (finite).
    beta, delta : float
        Smooth L1 and Huber widths, drawn as dotted lines at ``±β``, ``±δ``.
    r0 : float
        The probed residual, marked on every curve.
    probe_values, probe_grads : mapping
        Loss name -> value / derivative at ``r0``.
    tr : callable
        Translator.
    """
    x = _f32(r)
    # An evenly spaced grid goes as x0 + k·dx: eight y arrays instead of sixteen arrays
    # (half the payload and half of Plotly's per-array serialisation work).
    even = x.size > 2 and bool(np.allclose(np.diff(r), r[1] - r[0], rtol=1e-6, atol=0))
    xs = dict(x0=float(r[0]), dx=float(r[1] - r[0])) if even else dict(x=x)
    data: list[dict] = []
    for axis, series, probe in (("y", values, probe_values), ("y2", grads, probe_grads)):
        for name, y in series.items():
            label = _loss_name(tr, name, beta, delta)
            data.append(
                dict(
                    type="scatter",
                    **xs,
                    y=_f32(y),
                    mode="lines",
                    name=label,
                    yaxis=axis,
                    legendgroup=name,
                    showlegend=axis == "y",
                    line=dict(
                        color=LOSS_COLORS[name],
                        width=2.5 if name == "l2" else 2,
                        dash="dash" if name == "huber" else "solid",
                    ),
                    hovertemplate=f"{label}: %{{y:.4g}}<extra></extra>",
                )
            )
        names = list(probe)
        data.append(
            dict(
                type="scatter",
                x=_f32([r0] * len(names)),
                y=_f32([probe[k] for k in names]),
                mode="markers",
                yaxis=axis,
                showlegend=False,
                hoverinfo="skip",
                marker=dict(
                    size=9,
                    color=[LOSS_COLORS[k] for k in names],
                    line=dict(width=1.5, color="white"),
                ),
            )
        )
    shapes = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=r0,
            x1=r0,
            y0=0,
            y1=1,
            line=dict(color=_GREY, width=1.5),
        )
    ]
    # The probe's label sits in the gradient panel where the curves are not: near the
    # bottom for r0 > 0 (gradients are positive there), near the top otherwise.
    annotations = [
        dict(
            x=r0,
            y=0.01 if r0 > 0 else 0.43,
            xref="x",
            yref="paper",
            yanchor="bottom" if r0 > 0 else "top",
            showarrow=False,
            text=tr(f"{NS}.curves.probe", r0=_num(r0)),
            font=dict(size=12),
            xanchor="right" if r0 > 0 else "left",
            xshift=-4 if r0 > 0 else 4,
        )
    ]
    for width, name, symbol, level in (
        (beta, "smooth_l1", "β", 0.515),
        (delta, "huber", "δ", 0.465),
    ):
        if width < float(np.max(np.abs(x))):
            for sign in (-1, 1):
                shapes.append(
                    dict(
                        type="line",
                        xref="x",
                        yref="paper",
                        x0=sign * width,
                        x1=sign * width,
                        y0=0,
                        y1=1,
                        layer="below",
                        line=dict(color=LOSS_COLORS[name], width=1, dash="dot"),
                    )
                )
            annotations.append(
                dict(
                    x=width,
                    y=level,
                    xref="x",
                    yref="paper",
                    showarrow=False,
                    text=f"{symbol} = {_num(width)}",
                    xanchor="left",
                    font=dict(size=11, color=LOSS_COLORS[name]),
                )
            )
    return theme.figure(
        tr(f"{NS}.curves.title"),
        data,
        height=560,
        hovermode="x unified",
        xaxis=dict(title=dict(text=tr(f"{NS}.curves.x_axis")), anchor="y2"),
        yaxis=dict(title=dict(text=tr(f"{NS}.curves.loss_axis")), domain=[0.54, 1.0]),
        yaxis2=dict(title=dict(text=tr(f"{NS}.curves.grad_axis")), domain=[0.0, 0.44]),
        shapes=shapes,
        annotations=annotations,
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0.0, xanchor="left"),
        margin=dict(t=96),
    )


def outliers_figure(
    x: np.ndarray,
    y: np.ndarray,
    is_outlier: np.ndarray,
    fits: Mapping[str, tuple[float, float]],
    *,
    true_line: tuple[float, float],
    delta: float,
    refs: Mapping[str, tuple[float, float]] | None = None,
    x_range: tuple[float, float] = (0.0, 10.0),
    tr: Translator,
) -> go.Figure:
    """Data with outliers and the fitted lines (L2, L1, Huber), the true line, and
    optional scikit-learn references as dashed lines.

    Parameters
    ----------
    x, y, is_outlier : numpy.ndarray
        Points and which of them are outliers.
    fits : mapping
        ``"l2"``, ``"l1"``, ``"huber"`` -> ``(slope, intercept)`` (finite).
    true_line : (float, float)
        Slope and intercept the clean points were sampled around.
    delta : float
        Huber width (for the legend).
    refs : mapping, optional
        ``"linear"``, ``"quantile"``, ``"huber"`` -> ``(slope, intercept)``.
    x_range : (float, float)
        Where to draw the lines.
    tr : callable
        Translator.
    """
    xs = _f32(x_range)
    inlier = ~np.asarray(is_outlier, dtype=bool)
    point = tr(f"{NS}.outliers.point")
    data: list[dict] = []
    for mask, key, color, symbol in (
        (inlier, "inliers", _GREY, "circle"),
        (~inlier, "outliers", _OUTLIER, "x"),
    ):
        if mask.any():
            data.append(
                dict(
                    type="scatter",
                    x=_f32(x[mask]),
                    y=_f32(y[mask]),
                    mode="markers",
                    name=tr(f"{NS}.outliers.{key}", n=int(mask.sum())),
                    marker=dict(
                        color=color,
                        size=8 if key == "inliers" else 10,
                        symbol=symbol,
                        opacity=0.75 if key == "inliers" else 1.0,
                    ),
                    hovertemplate=f"{point}<br>x = %{{x:.3f}}<br>y = %{{y:.3f}}<extra></extra>",
                )
            )

    def line(name: str, slope: float, intercept: float, **style) -> dict:
        equation = f"y = {_num(slope)}·x {'+' if intercept >= 0 else '−'} {_num(abs(intercept))}"
        return dict(
            type="scatter",
            x=xs,
            y=_f32(slope * xs + intercept),
            mode="lines",
            name=f"{name}",
            hovertemplate=f"{name}<br>{equation}<extra></extra>",
            **style,
        )

    data.append(
        line(
            tr(f"{NS}.outliers.true"),
            *true_line,
            line=dict(color="rgba(128,128,128,0.9)", width=2, dash="longdash"),
        )
    )
    labels = {
        "l2": tr(f"{NS}.names.l2_fit"),
        "l1": tr(f"{NS}.names.l1_fit"),
        "huber": tr(f"{NS}.names.huber_fit", delta=_num(delta)),
    }
    for name in ("l2", "l1", "huber"):
        data.append(line(labels[name], *fits[name], line=dict(color=LOSS_COLORS[name], width=3)))
    ref_colors = {
        "linear": LOSS_COLORS["l2"],
        "quantile": LOSS_COLORS["l1"],
        "huber": LOSS_COLORS["huber"],
    }
    for name, (slope, intercept) in (refs or {}).items():
        data.append(
            line(
                tr(f"{NS}.outliers.ref_{name}"),
                slope,
                intercept,
                line=dict(color=ref_colors[name], width=2, dash="dot"),
            )
        )
    return theme.figure(
        tr(f"{NS}.outliers.title"),
        data,
        height=560 if refs else 520,
        xaxis=dict(title=dict(text="x"), range=[float(xs[0]) - 0.3, float(xs[1]) + 0.3]),
        yaxis=dict(title=dict(text="y")),
        legend=dict(orientation="h", y=-0.14, yanchor="top", x=0.0),
    )


def geometry_figure(
    grid: np.ndarray,
    z: np.ndarray,
    *,
    w_ls: Sequence[float],
    t: float,
    w_l1: Sequence[float],
    w_l2: Sequence[float],
    touch_l1: np.ndarray,
    touch_l2: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Least-squares contours for two weights, the L1 diamond and L2 disc of radius ``t``,
    and the constrained optima where a contour first touches each.

    Parameters
    ----------
    grid : numpy.ndarray, shape (m,)
        Coordinates of both axes.
    z : numpy.ndarray, shape (m, m)
        Loss on the grid, ``z[i, j]`` at ``(w1, w2) = (grid[j], grid[i])``.
    w_ls : (float, float)
        Unconstrained optimum.
    t : float
        Radius of both balls.
    w_l1, w_l2 : (float, float)
        Constrained optima.
    touch_l1, touch_l2 : numpy.ndarray, shape (k, 2)
        The contour through each optimum (closed curves).
    tr : callable
        Translator.
    """
    g = _f32(grid)
    c1, c2 = LOSS_COLORS["l1"], LOSS_COLORS["l2"]
    theta = np.linspace(0, 2 * np.pi, 121)
    w_axis = tr(f"{NS}.geometry.weight")
    hover_pt = "%{fullData.name}<br>w₁ = %{x:.4f}<br>w₂ = %{y:.4f}<extra></extra>"
    data: list[dict] = [
        dict(
            type="contour",
            x=g,
            y=g,
            z=_f32(z),
            ncontours=14,
            showscale=False,
            colorscale=[[0.0, "rgb(70,70,70)"], [1.0, "rgb(215,215,215)"]],
            opacity=0.6,
            contours=dict(coloring="lines"),
            line=dict(width=1),
            name=tr(f"{NS}.geometry.ls"),
            hovertemplate=(
                f"w₁ = %{{x:.3f}}<br>w₂ = %{{y:.3f}}<br>"
                f"{tr(f'{NS}.geometry.ls')} = %{{z:.4g}}<extra></extra>"
            ),
        ),
        dict(
            type="scatter",
            x=_f32([t, 0, -t, 0, t]),
            y=_f32([0, t, 0, -t, 0]),
            mode="lines",
            fill="toself",
            fillcolor="rgba(230,159,0,0.18)",
            line=dict(color=c1, width=2),
            name=tr(f"{NS}.geometry.diamond", t=_num(t)),
            hoverinfo="skip",
        ),
        dict(
            type="scatter",
            x=_f32(t * np.cos(theta)),
            y=_f32(t * np.sin(theta)),
            mode="lines",
            fill="toself",
            fillcolor="rgba(0,114,178,0.14)",
            line=dict(color=c2, width=2),
            name=tr(f"{NS}.geometry.circle", t=_num(t)),
            hoverinfo="skip",
        ),
        dict(
            type="scatter",
            x=_f32(touch_l1[:, 0]),
            y=_f32(touch_l1[:, 1]),
            mode="lines",
            line=dict(color=c1, width=1.5, dash="dot"),
            showlegend=False,
            hoverinfo="skip",
        ),
        dict(
            type="scatter",
            x=_f32(touch_l2[:, 0]),
            y=_f32(touch_l2[:, 1]),
            mode="lines",
            line=dict(color=c2, width=1.5, dash="dot"),
            showlegend=False,
            hoverinfo="skip",
        ),
        dict(
            type="scatter",
            x=_f32([w_ls[0]]),
            y=_f32([w_ls[1]]),
            mode="markers",
            name=tr(f"{NS}.geometry.w_ls"),
            hovertemplate=hover_pt,
            marker=dict(
                symbol="star", size=16, color=PALETTE[2], line=dict(width=1, color="white")
            ),
        ),
        dict(
            type="scatter",
            x=_f32([w_l1[0]]),
            y=_f32([w_l1[1]]),
            mode="markers",
            name=tr(f"{NS}.geometry.opt_l1"),
            hovertemplate=hover_pt,
            marker=dict(symbol="diamond", size=15, color=c1, line=dict(width=1.5, color="white")),
        ),
        dict(
            type="scatter",
            x=_f32([w_l2[0]]),
            y=_f32([w_l2[1]]),
            mode="markers",
            name=tr(f"{NS}.geometry.opt_l2"),
            hovertemplate=hover_pt,
            marker=dict(symbol="circle", size=13, color=c2, line=dict(width=1.5, color="white")),
        ),
    ]
    annotations = []
    zeros = [i for i in (0, 1) if w_l1[i] == 0.0]
    if zeros:
        annotations.append(
            dict(
                x=float(w_l1[0]),
                y=float(w_l1[1]),
                ax=36 if w_l1[0] >= 0 else -36,
                ay=48 if w_l1[1] <= 0 else -48,
                arrowhead=2,
                arrowcolor=c1,
                text=tr(f"{NS}.geometry.corner", i="₁₂"[zeros[0]]),
                font=dict(color=c1, size=13),
                bgcolor="rgba(255,255,255,0.7)",
            )
        )
    span = [float(g[0]), float(g[-1])]
    return theme.figure(
        tr(f"{NS}.geometry.title"),
        data,
        height=480,
        xaxis=dict(title=dict(text=f"{w_axis} w₁"), range=span, zeroline=True, constrain="domain"),
        yaxis=dict(
            title=dict(text=f"{w_axis} w₂"),
            range=span,
            zeroline=True,
            scaleanchor="x",
            scaleratio=1,
            constrain="domain",
        ),
        annotations=annotations,
        legend=dict(orientation="v", x=1.02, xanchor="left", y=1.0, yanchor="top"),
    )


def paths_figure(
    alphas: np.ndarray,
    lasso: np.ndarray,
    ridge: np.ndarray,
    features: Sequence[str],
    *,
    alpha: float,
    tr: Translator,
) -> go.Figure:
    """Coefficient paths against α (log axis): Lasso (left) hits exact zeros, Ridge (right)
    only shrinks. A vertical line marks the chosen α.

    Parameters
    ----------
    alphas : numpy.ndarray, shape (k,)
        Increasing penalty strengths.
    lasso, ridge : numpy.ndarray, shape (k, p)
        Coefficients along the path.
    features : sequence of str
        Feature names (p of them).
    alpha : float
        The chosen α.
    tr : callable
        Translator.
    """
    a = _f32(alphas)
    coef = tr(f"{NS}.paths.coef")
    data: list[dict] = []
    for panel, (xaxis, yaxis, matrix) in enumerate((("x", "y", lasso), ("x2", "y2", ridge))):
        for j, feature in enumerate(features):
            data.append(
                dict(
                    type="scatter",
                    x=a,
                    y=_f32(matrix[:, j]),
                    mode="lines",
                    name=feature,
                    xaxis=xaxis,
                    yaxis=yaxis,
                    legendgroup=feature,
                    showlegend=panel == 0,
                    line=dict(color=_FEATURE_COLORS[j % len(_FEATURE_COLORS)], width=2),
                    hovertemplate=(
                        f"{feature}<br>α = %{{x:.3g}}<br>{coef} = %{{y:.4g}}<extra></extra>"
                    ),
                )
            )
    lo = float(min(lasso.min(), ridge.min()))
    hi = float(max(lasso.max(), ridge.max()))
    pad = 0.05 * (hi - lo or 1.0)
    for xaxis, yaxis in (("x", "y"), ("x2", "y2")):
        data.append(
            dict(
                type="scatter",
                x=_f32([alpha, alpha]),
                y=_f32([lo - pad, hi + pad]),
                mode="lines",
                xaxis=xaxis,
                yaxis=yaxis,
                showlegend=False,
                line=dict(color=_GREY, width=1.5, dash="dash"),
                hovertemplate=f"α = {_num(alpha)}<extra></extra>",
            )
        )
    log_range = [float(np.log10(a[0])), float(np.log10(a[-1]))]
    axis_title = dict(text=tr(f"{NS}.paths.alpha_axis"))
    annotations = [
        dict(
            text=f"<b>{tr(f'{NS}.paths.lasso')}</b>",
            x=0.0,
            y=1.0,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
        ),
        dict(
            text=f"<b>{tr(f'{NS}.paths.ridge')}</b>",
            x=0.53,
            y=1.0,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
        ),
    ]
    return theme.figure(
        tr(f"{NS}.paths.title"),
        data,
        height=480,
        hovermode="closest",
        xaxis=dict(type="log", domain=[0.0, 0.47], range=log_range, title=axis_title),
        xaxis2=dict(type="log", domain=[0.53, 1.0], range=log_range, title=axis_title, anchor="y2"),
        yaxis=dict(title=dict(text=coef), range=[lo - pad, hi + pad], zeroline=True),
        yaxis2=dict(anchor="x2", matches="y", showticklabels=False, zeroline=True),
        annotations=annotations,
        margin=dict(t=80),
        legend=dict(orientation="h", y=-0.18, yanchor="top", x=0.0),
    )
