"""Figures of the logistic-regression page: arrays in, ``go.Figure`` out.

Every builder takes a translator ``tr`` (``tr(key, **values) -> str``) for
titles, axis titles, legend names and hover labels, sends float32 arrays,
and never sends ``nan``/``inf``: non-finite values are cut and annotated.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground import logistic as lg
from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "bounds",
    "ce_mse_figure",
    "curves_figure",
    "data_figure",
    "naive_figure",
    "slice_figure",
    "surface_figure",
]

NS = "logistic_regression.charts"
CLASS_COLORS = (PALETTE[0], PALETTE[1])
CLASS_SYMBOLS = ("circle", "diamond")
BOUNDARY = "#31333F"
REFERENCE = PALETTE[3]
#: Probability colour scale: class-0 blue through a pale middle to class-1 orange.
PROB_SCALE = [[0.0, PALETTE[0]], [0.5, "rgba(235,235,235,0.15)"], [1.0, PALETTE[1]]]


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64), dtype=np.float32)


def bounds(points: np.ndarray, *, pad: float = 0.12, min_half: float = 1.0,
           max_abs: float = 60.0) -> tuple[float, float, float, float]:
    """Axis box ``(x0, x1, y0, y1)`` around finite 2-D ``points``, padded.

    Each side spans at least ``2·min_half`` and stays within ``±max_abs``.

    Examples
    --------
    >>> bounds(np.array([[0.0, 0.0], [2.0, 1.0]]), pad=0.0)
    (0.0, 2.0, -0.5, 1.5)
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = np.clip(pts[np.isfinite(pts).all(axis=1)], -max_abs, max_abs)
    if pts.size == 0:
        pts = np.zeros((1, 2))
    out = []
    for lo, hi in zip(pts.min(axis=0), pts.max(axis=0), strict=True):
        mid, half = (lo + hi) / 2, max((hi - lo) / 2 * (1 + pad), min_half)
        out += [float(mid - half), float(mid + half)]
    return tuple(out)  # type: ignore[return-value]


def _boundary(w: np.ndarray, b: float, box) -> tuple[np.ndarray, np.ndarray] | None:
    """End points of the line ``w·x + b = 0`` inside ``box``, or ``None``."""
    x0, x1, y0, y1 = box
    w1, w2 = float(w[0]), float(w[1])
    if not np.isfinite([w1, w2, b]).all() or np.hypot(w1, w2) < 1e-9:
        return None
    pts = []
    if abs(w2) > 1e-12:
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 - 1e-9 <= y <= y1 + 1e-9:
                pts.append((x, y))
    if abs(w1) > 1e-12:
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 - 1e-9 <= x <= x1 + 1e-9:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    pts = sorted(set(pts))
    a, c = np.array(pts[0]), np.array(pts[-1])
    return _f32([a[0], c[0]]), _f32([a[1], c[1]])


def data_figure(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, tr: Translator, *,
                step: int, reference: tuple[np.ndarray, float] | None = None,
                arrows: np.ndarray | None = None, max_arrows: int = 40,
                sample: int | None = None, resolution: int = 60) -> go.Figure:
    """Data, probability ``σ(w·x + b)`` as colour, the decision boundary at this step.

    Parameters
    ----------
    X, y : numpy.ndarray
        Features ``(n, 2)`` and 0/1 labels.
    w, b : array_like, float
        Parameters at the shown step.
    tr : Translator
        Catalog lookup.
    step : int
        Step number, for the title.
    reference : (w, b), optional
        scikit-learn's optimum, drawn dashed.
    arrows : numpy.ndarray, optional
        Per-sample gradients ``(p − y)·x``; the ``max_arrows`` largest are
        drawn as arrows ``−(p − y)·x`` (their pull on ``w``).
    sample : int, optional
        Index of the sample to ring (the chain-rule sample).
    resolution : int, default 60
        Side of the probability grid.
    """
    w = np.asarray(w, dtype=np.float64)
    box = bounds(X, pad=0.08)
    g1 = np.linspace(box[0], box[1], resolution)
    g2 = np.linspace(box[2], box[3], resolution)
    prob = lg.probability_grid(w, b, g1, g2)
    fig = theme.new_figure(tr(f"{NS}.data.title", step=step), height=440)
    fig.add_contour(
        x=_f32(g1), y=_f32(g2), z=_f32(prob), zmin=0.0, zmax=1.0, colorscale=PROB_SCALE,
        opacity=0.55, contours=dict(start=0.0, end=1.0, size=0.1, coloring="heatmap"),
        line=dict(width=0.5, color="rgba(128,128,128,0.35)"), name=tr(f"{NS}.data.prob"),
        colorbar=dict(title=dict(text="p", side="top"), thickness=10, len=0.75, x=1.0),
        hovertemplate=f"x₁ %{{x:.3f}}<br>x₂ %{{y:.3f}}<br>{tr(f'{NS}.data.prob')} %{{z:.4f}}<extra></extra>",
    )
    p = lg.sigmoid(X @ w + b)
    grad = arrows if arrows is not None else lg.per_sample_gradients(w, b, X, y)
    for cls in (0, 1):
        m = y == cls
        custom = np.column_stack([p[m], grad[m]])
        fig.add_scatter(
            x=_f32(X[m, 0]), y=_f32(X[m, 1]), mode="markers", name=tr(f"{NS}.data.class{cls}"),
            marker=dict(color=CLASS_COLORS[cls], symbol=CLASS_SYMBOLS[cls], size=7,
                        line=dict(width=0.8, color="white")),
            customdata=_f32(custom),
            hovertemplate=(f"x₁ %{{x:.3f}}, x₂ %{{y:.3f}}<br>y = {cls}<br>p = %{{customdata[0]:.4f}}"
                           f"<br>{tr(f'{NS}.data.grad_hover')} (%{{customdata[1]:.3f}}, "
                           "%{customdata[2]:.3f})<extra></extra>"),
        )
    line = _boundary(w, b, box)
    if line is not None:
        fig.add_scatter(x=line[0], y=line[1], mode="lines", name=tr(f"{NS}.data.boundary"),
                        line=dict(color=BOUNDARY, width=3), hoverinfo="skip")
    else:
        fig.add_annotation(text=tr(f"{NS}.data.no_boundary"), x=0.5, y=0.04, xref="paper",
                           yref="paper", showarrow=False, bgcolor="rgba(255,255,255,0.7)")
    if reference is not None:
        ref = _boundary(np.asarray(reference[0]), float(reference[1]), box)
        if ref is not None:
            fig.add_scatter(x=ref[0], y=ref[1], mode="lines", name=tr(f"{NS}.data.reference"),
                            line=dict(color=REFERENCE, width=2.5, dash="dash"), hoverinfo="skip")
    if arrows is not None and max_arrows > 0:
        norms = np.linalg.norm(arrows, axis=1)
        top = np.argsort(norms)[::-1][:max_arrows]
        top = top[norms[top] > 1e-9]
        if top.size:
            span = min(box[1] - box[0], box[3] - box[2])
            scale = 0.18 * span / norms[top[0]]
            tips = X[top] - scale * arrows[top]
            fig.update_layout(annotations=[
                dict(x=float(tx), y=float(ty), ax=float(sx), ay=float(sy), xref="x", yref="y",
                     axref="x", ayref="y", showarrow=True, arrowhead=2, arrowsize=1,
                     arrowwidth=1.6, arrowcolor=PALETTE[5], text="")
                for (tx, ty), (sx, sy) in zip(tips, X[top], strict=True)
            ])
    if sample is not None and 0 <= sample < X.shape[0]:
        fig.add_scatter(x=_f32(X[sample:sample + 1, 0]), y=_f32(X[sample:sample + 1, 1]),
                        mode="markers", name=tr(f"{NS}.data.sample", i=sample),
                        marker=dict(symbol="circle-open", size=18, color=BOUNDARY,
                                    line=dict(width=2.5)), hoverinfo="skip")
    fig.update_xaxes(title_text="x₁", range=[box[0], box[1]], constrain="domain")
    fig.update_yaxes(title_text="x₂", range=[box[2], box[3]], scaleanchor="x", scaleratio=1,
                     constrain="domain")
    fig.update_layout(legend=dict(y=-0.16), margin=dict(r=10))
    return fig


def surface_figure(w1: np.ndarray, w2: np.ndarray, S: np.ndarray, path: np.ndarray, step: int,
                   tr: Translator, *, b: float, grad: np.ndarray | None = None,
                   reference: np.ndarray | None = None) -> go.Figure:
    """Contour of the loss over ``(w1, w2)`` (bias fixed at ``b``) with the descent path.

    Parameters
    ----------
    w1, w2, S : numpy.ndarray
        Grid axes and the loss, shape ``(len(w2), len(w1))``.
    path : numpy.ndarray, shape (k + 1, 2)
        Weights at every recorded step.
    step : int
        Current step; the path up to it is drawn solid, the rest faint.
    b : float
        The bias the surface is drawn at (for the title).
    grad : numpy.ndarray, optional
        Full gradient ``∂L/∂w`` at the current step: drawn as the descent
        direction ``−∇L``.
    reference : numpy.ndarray, optional
        scikit-learn's optimal weights (a star).
    """
    fig = theme.new_figure(tr(f"{NS}.surface.title", b=f"{b:.3g}"), height=440)
    fig.add_contour(
        x=_f32(w1), y=_f32(w2), z=_f32(S), colorscale=theme.SEQUENTIAL, ncontours=22,
        contours=dict(coloring="heatmap", showlabels=False), line=dict(width=0.6),
        colorbar=dict(title=dict(text="L", side="top"), thickness=10, len=0.75),
        name=tr(f"{NS}.surface.loss"),
        hovertemplate="w₁ %{x:.3f}<br>w₂ %{y:.3f}<br>L %{z:.4f}<extra></extra>",
    )
    path = np.asarray(path, dtype=np.float64)
    k = int(np.clip(step, 0, len(path) - 1))
    fig.add_scatter(x=_f32(path[:, 0]), y=_f32(path[:, 1]), mode="lines",
                    line=dict(color="rgba(255,255,255,0.45)", width=1.5, dash="dot"),
                    name=tr(f"{NS}.surface.path_all"), hoverinfo="skip")
    steps = np.arange(k + 1, dtype=np.float32)
    fig.add_scatter(x=_f32(path[:k + 1, 0]), y=_f32(path[:k + 1, 1]), mode="lines",
                    line=dict(color="white", width=2.5), name=tr(f"{NS}.surface.path"),
                    customdata=steps,
                    hovertemplate=(f"{tr(f'{NS}.step')} %{{customdata:.0f}}<br>w₁ %{{x:.4f}}"
                                   "<br>w₂ %{y:.4f}<extra></extra>"))
    fig.add_scatter(x=_f32(path[k:k + 1, 0]), y=_f32(path[k:k + 1, 1]), mode="markers",
                    marker=dict(color=PALETTE[5], size=12, line=dict(width=2, color="white")),
                    name=tr(f"{NS}.surface.current", step=k), hoverinfo="skip")
    x0, x1 = float(w1[0]), float(w1[-1])
    y0, y1 = float(w2[0]), float(w2[-1])
    if reference is not None and np.isfinite(reference).all():
        fig.add_scatter(x=_f32(reference[:1]), y=_f32(reference[1:2]), mode="markers",
                        marker=dict(symbol="star", size=15, color=REFERENCE,
                                    line=dict(width=1, color="white")),
                        name=tr(f"{NS}.surface.reference"),
                        hovertemplate="w* = (%{x:.4f}, %{y:.4f})<extra></extra>")
    if grad is not None and np.isfinite(grad).all() and np.linalg.norm(grad) > 1e-12:
        span = min(x1 - x0, y1 - y0)
        tip = path[k] - 0.15 * span * np.asarray(grad) / np.linalg.norm(grad)
        fig.add_annotation(x=float(tip[0]), y=float(tip[1]), ax=float(path[k, 0]),
                           ay=float(path[k, 1]), xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowwidth=2.2, arrowcolor=PALETTE[5],
                           text="−∇L", font=dict(color=PALETTE[5]))
    inside = (path[:, 0] >= x0) & (path[:, 0] <= x1) & (path[:, 1] >= y0) & (path[:, 1] <= y1)
    if not inside.all():
        fig.add_annotation(text=tr(f"{NS}.surface.outside"), x=0.5, y=0.98, xref="paper",
                           yref="paper", showarrow=False, bgcolor="rgba(255,255,255,0.75)")
    fig.update_xaxes(title_text="w₁", range=[x0, x1])
    fig.update_yaxes(title_text="w₂", range=[y0, y1])
    fig.update_layout(legend=dict(y=-0.16))
    return fig


def curves_figure(loss: np.ndarray, accuracy: np.ndarray, step: int, tr: Translator, *,
                  ref_loss: float | None = None, diverged_at: int | None = None,
                  requested: int | None = None) -> go.Figure:
    """Loss and accuracy against the step, with the current step marked.

    Parameters
    ----------
    loss, accuracy : numpy.ndarray
        Recorded per step (finite).
    step : int
        Current step (vertical line).
    ref_loss : float, optional
        scikit-learn's optimal loss (horizontal dashed line).
    diverged_at : int, optional
        Step where the run blew up (annotated).
    requested : int, optional
        Requested number of steps (the x-axis extends to it).
    """
    (loss, accuracy), _ = theme.cut_nonfinite(np.asarray(loss), np.asarray(accuracy))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(tr(f"{NS}.curves.loss"), tr(f"{NS}.curves.accuracy")))
    fig.update_layout(template=theme.TEMPLATE, height=300, title_text=tr(f"{NS}.curves.title"),
                      showlegend=True, legend=dict(y=-0.3))
    step_label = tr(f"{NS}.step")
    fig.add_scatter(x0=0, dx=1, y=_f32(loss), mode="lines", name=tr(f"{NS}.curves.loss"),
                    line=dict(color=PALETTE[0], width=2), row=1, col=1,
                    hovertemplate=f"{step_label} %{{x}}<br>L = %{{y:.5f}}<extra></extra>")
    fig.add_scatter(x0=0, dx=1, y=_f32(accuracy), mode="lines", name=tr(f"{NS}.curves.accuracy"),
                    line=dict(color=PALETTE[2], width=2, shape="hv"), row=1, col=2,
                    hovertemplate=f"{step_label} %{{x}}<br>%{{y:.1%}}<extra></extra>")
    k = int(np.clip(step, 0, max(len(loss) - 1, 0)))
    if len(loss):
        for col, values in ((1, loss), (2, accuracy)):
            fig.add_scatter(x=_f32([k]), y=_f32(values[k:k + 1]), mode="markers", row=1, col=col,
                            marker=dict(color=PALETTE[5], size=10), showlegend=col == 1,
                            name=tr(f"{NS}.curves.current", step=k), hoverinfo="skip")
            fig.add_vline(x=k, line=dict(color=PALETTE[5], width=1, dash="dot"), row=1, col=col)
    if ref_loss is not None and np.isfinite(ref_loss):
        fig.add_scatter(x=_f32([0, max(len(loss) - 1, requested or 0, 1)]), y=_f32([ref_loss] * 2),
                        mode="lines", line=dict(color=REFERENCE, dash="dash", width=1.5),
                        name=tr(f"{NS}.curves.reference"), row=1, col=1,
                        hovertemplate=f"L* = {ref_loss:.5f}<extra></extra>")
    if diverged_at is not None:
        fig.add_annotation(text=tr(f"{NS}.curves.diverged", step=diverged_at), x=0.02, y=0.95,
                           xref="x domain", yref="y domain", showarrow=False, xanchor="left",
                           font=dict(color=PALETTE[5]), bgcolor="rgba(255,255,255,0.7)")
    if len(loss) and loss.max() > 100 * max(loss.min(), 1e-12):
        fig.update_yaxes(type="log", row=1, col=1)
    xmax = max(len(loss) - 1, requested or 0, 1)
    fig.update_xaxes(title_text=step_label, range=[0, xmax])
    fig.update_yaxes(title_text=tr(f"{NS}.curves.loss_axis"), row=1, col=1)
    fig.update_yaxes(title_text=tr(f"{NS}.curves.accuracy"), tickformat=".0%", row=1, col=2)
    return fig


def ce_mse_figure(z: np.ndarray, tr: Translator) -> go.Figure:
    """For ``y = 1``: the two losses and ``|∂L/∂z|`` — squared error's gradient vanishes
    exactly where the model is confidently wrong (``z ≪ 0``)."""
    z = np.asarray(z, dtype=np.float64)
    ce, mse = -lg.log_sigmoid(z), lg.mse_through_sigmoid(z, 1.0)
    ce_grad = np.abs(lg.sigmoid(z) - 1.0)
    mse_grad = np.abs(lg.mse_through_sigmoid_grad(z, 1.0))
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(tr(f"{NS}.why.losses"), tr(f"{NS}.why.grads")))
    fig.update_layout(template=theme.TEMPLATE, height=340, title_text=tr(f"{NS}.why.title"),
                      legend=dict(y=-0.28))
    names = (tr(f"{NS}.why.ce"), tr(f"{NS}.why.mse"))
    for col, (a, c) in ((1, (ce, mse)), (2, (ce_grad, mse_grad))):
        for i, (values, name) in enumerate(((a, names[0]), (c, names[1]))):
            fig.add_scatter(x=_f32(z), y=_f32(values), mode="lines", name=name, row=1, col=col,
                            legendgroup=name, showlegend=col == 1,
                            line=dict(color=PALETTE[i * 5], width=2.5, dash="solid" if i == 0 else "dash"),
                            hovertemplate=f"{name}<br>z = %{{x:.2f}}<br>%{{y:.4g}}<extra></extra>")
    fig.add_vrect(x0=float(z[0]), x1=-2.0, fillcolor=PALETTE[5], opacity=0.08, line_width=0,
                  row=1, col=2)
    fig.add_annotation(text=tr(f"{NS}.why.wrong"), x=(float(z[0]) - 2.0) / 2, y=0.5, xref="x2",
                       yref="y2", showarrow=False, font=dict(color=PALETTE[5]))
    fig.update_xaxes(title_text=tr(f"{NS}.why.z_axis"))
    fig.update_yaxes(title_text=tr(f"{NS}.why.loss_axis"), row=1, col=1)
    fig.update_yaxes(title_text="|∂L/∂z|", row=1, col=2)
    return fig


def slice_figure(t: np.ndarray, loss: np.ndarray, accuracy: np.ndarray, tr: Translator) -> go.Figure:
    """Cross-entropy and accuracy along a line through ``w``: accuracy is a step
    function (zero gradient almost everywhere), cross-entropy is smooth."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.update_layout(template=theme.TEMPLATE, height=340, title_text=tr(f"{NS}.slice.title"),
                      legend=dict(y=-0.25))
    fig.add_scatter(x=_f32(t), y=_f32(loss), mode="lines", name=tr(f"{NS}.slice.loss"),
                    line=dict(color=PALETTE[0], width=2.5),
                    hovertemplate="t = %{x:.3f}<br>L = %{y:.4f}<extra></extra>")
    fig.add_scatter(x=_f32(t), y=_f32(accuracy), mode="lines", name=tr(f"{NS}.slice.accuracy"),
                    line=dict(color=PALETTE[2], width=2.5, shape="hv"), secondary_y=True,
                    hovertemplate="t = %{x:.3f}<br>%{y:.1%}<extra></extra>")
    fig.add_vline(x=0.0, line=dict(color=PALETTE[5], dash="dot"))
    fig.add_annotation(text=tr(f"{NS}.slice.here"), x=0.0, y=1.0, yref="paper", showarrow=False,
                       yanchor="bottom", font=dict(color=PALETTE[5]))
    fig.update_xaxes(title_text=tr(f"{NS}.slice.t_axis"))
    fig.update_yaxes(title_text=tr(f"{NS}.slice.loss"), secondary_y=False)
    fig.update_yaxes(title_text=tr(f"{NS}.slice.accuracy"), tickformat=".0%", secondary_y=True,
                     showgrid=False)
    return fig


def naive_figure(z: np.ndarray, tr: Translator) -> go.Figure:
    """Per-sample BCE, textbook versus stable, for ``y = 1`` and ``y = 0``; the textbook
    curves stop where they become infinite or NaN (annotated)."""
    z = np.asarray(z, dtype=np.float64)
    fig = theme.new_figure(tr(f"{NS}.naive.title"), height=360)
    for i, label in enumerate((1.0, 0.0)):
        r = lg.naive_vs_stable(z, y=label)
        name = tr(f"{NS}.naive.stable", y=int(label))
        fig.add_scatter(x=_f32(z), y=_f32(r.stable_loss), mode="lines", name=name,
                        line=dict(color=PALETTE[i], width=5), opacity=0.45,
                        hovertemplate=f"{name}<br>z = %{{x:.1f}}<br>ℓ = %{{y:.4g}}<extra></extra>")
        ok = np.isfinite(r.naive_loss)
        naive = tr(f"{NS}.naive.naive", y=int(label))
        fig.add_scatter(x=_f32(z[ok]), y=_f32(r.naive_loss[ok]), mode="lines", name=naive,
                        line=dict(color=PALETTE[i], width=2, dash="dash"),
                        hovertemplate=f"{naive}<br>z = %{{x:.1f}}<br>ℓ = %{{y:.4g}}<extra></extra>")
        for edge, bad in ((z[ok].min() if ok.any() else None, ~ok & (z < 0)),
                          (z[ok].max() if ok.any() else None, ~ok & (z > 0))):
            if edge is None or not bad.any():
                continue
            kind = "nan" if np.isnan(r.naive_loss[bad]).any() else "inf"
            fig.add_annotation(x=float(edge), y=float(r.stable_loss[z == edge][0]),
                               text=tr(f"{NS}.naive.breaks_{kind}", z=f"{edge:.1f}"),
                               showarrow=True, arrowhead=2, ax=-60 if edge > 0 else 60,
                               ay=-40 - 30 * i, font=dict(color=PALETTE[i]),
                               bgcolor="rgba(255,255,255,0.75)")
    fig.update_xaxes(title_text=tr(f"{NS}.why.z_axis"))
    fig.update_yaxes(title_text=tr(f"{NS}.naive.loss_axis"))
    fig.update_layout(legend=dict(y=-0.22))
    return fig
