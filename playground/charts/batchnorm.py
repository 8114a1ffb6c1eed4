"""Plotly figures for the batch-norm page: arrays in, ``go.Figure`` out.

Every builder takes the page's translator ``tr`` for titles, axis titles,
legend names and hover labels, sends float32 arrays only, and never sends a
non-finite value: gradient norms are clipped to ``[GRAD_FLOOR, GRAD_CEIL]``
for the log axis (clipped points are marked and annotated), overflowed layers
are left out and annotated.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.batchnorm import (
    GRAD_CEIL,
    GRAD_FLOOR,
    SATURATION,
    BatchNoise,
    InferenceDemo,
    LayerSummary,
)
from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "COLORS",
    "distributions_figure",
    "gradient_figure",
    "noise_figure",
    "running_stats_figure",
    "saturation_figure",
    "tiny_batch_figure",
]

NS = "batch_norm.chart"
#: Without BN (vermillion) and with BN (blue), used on every chart.
COLORS = {"plain": PALETTE[5], "bn": PALETTE[0]}
_SHADE = "rgba(230, 159, 0, 0.16)"
_SHADE_KEY = "rgba(230, 159, 0, 0.35)"
_F32 = np.float32


def _num(value: float, digits: int = 3) -> str:
    """Plain-text number for hover labels (∞ / — instead of inf / nan)."""
    if value is None or math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.{digits}g}"


def _subplots(**kwargs) -> go.Figure:
    """``make_subplots`` with the app template."""
    theme.register()
    fig = make_subplots(**kwargs)
    fig.update_layout(template=theme.TEMPLATE)
    return fig


def _saturated_ranges(activation: str, limit: float) -> list[tuple[float, float]]:
    thr = SATURATION[activation]
    if activation == "relu":
        return [(-limit, 0.0)]
    return [(-limit, -thr), (thr, limit)]


def distributions_figure(plain: LayerSummary, bn: LayerSummary | None, activation: str,
                         tr: Translator) -> go.Figure:
    """Ridge plot of pre-activation histograms per layer, without and with BN.

    One ridge per layer (layer 1 on top), each scaled to its own peak; the
    end bins also hold everything beyond the range and are capped at the
    ridge height. The activation's saturating region is shaded.

    Parameters
    ----------
    plain, bn : LayerSummary
        From :func:`playground.batchnorm.compare_mlp` (``bn`` may be None).
    activation : {"sigmoid", "tanh", "relu"}
    tr : callable
        Translator.
    """
    panels = [("plain", plain)] + ([("bn", bn)] if bn is not None else [])
    depth = plain.hist.shape[0]
    fig = _subplots(
        rows=1, cols=len(panels), shared_yaxes=True, horizontal_spacing=0.06,
        subplot_titles=[tr(f"{NS}.{name}") for name, _ in panels],
    )
    edges = plain.edges
    limit = float(edges[-1])
    centres = ((edges[:-1] + edges[1:]) / 2).astype(_F32)
    # Close each ridge along its baseline so the fill stays inside it.
    xs = np.concatenate([[edges[0]], centres, [edges[-1]]]).astype(_F32)
    for col, (name, summary) in enumerate(panels, start=1):
        for layer in range(depth):
            heights = summary.hist[layer]
            interior = heights[1:-1].max() if heights.size > 2 else heights.max()
            scale = 0.9 / interior if interior > 0 else 0.0
            shown = np.minimum(heights * scale, 0.9) if scale else np.zeros_like(heights)
            base = depth - layer  # layer 1 on top
            ys = np.concatenate([[0.0], shown, [0.0]]) + base
            frac = np.concatenate([[0.0], heights, [0.0]]).astype(_F32)
            fig.add_trace(go.Scatter(
                x=xs, y=ys.astype(_F32), customdata=frac, mode="lines", fill="toself",
                line=dict(color=COLORS[name], width=1), opacity=0.85,
                name=tr(f"{NS}.layer_n", n=layer + 1), showlegend=False,
                hoveron="points",
                hovertemplate=(f"{tr(f'{NS}.layer_n', n=layer + 1)}<br>u ≈ %{{x:.2f}}<br>"
                               f"{tr(f'{NS}.share')} %{{customdata:.1%}}<extra></extra>"),
            ), row=1, col=col)
            if not summary.pre_finite[layer]:
                fig.add_annotation(x=0, y=base + 0.4, text=tr(f"{NS}.overflow_short"),
                                   showarrow=False, font=dict(size=11, color=COLORS[name]),
                                   row=1, col=col)
        for lo, hi in _saturated_ranges(activation, limit):
            fig.add_vrect(x0=lo, x1=hi, fillcolor=_SHADE, line_width=0, layer="below",
                          row=1, col=col)
        fig.update_xaxes(range=[-limit, limit], dtick=SATURATION[activation] or 2.0,
                         title_text=tr(f"{NS}.pre_axis"), row=1, col=col)
    # A legend entry (no data) explains the shading without crowding the title.
    fig.add_trace(go.Scatter(
        x=np.zeros(0, dtype=_F32), y=np.zeros(0, dtype=_F32), mode="markers",
        marker=dict(symbol="square", size=14, color=_SHADE_KEY),
        name=tr(f"{NS}.shade_{activation}"), showlegend=True, hoverinfo="skip",
    ))
    ticks = np.arange(1, depth + 1)
    step = 1 if depth <= 12 else 2
    fig.update_yaxes(
        tickvals=(depth - ticks[::step] + 1 + 0.3).astype(_F32),
        ticktext=[tr(f"{NS}.layer_n", n=int(i)) for i in ticks[::step]],
        range=[0.8, depth + 1.1], showgrid=False, zeroline=False,
    )
    fig.update_layout(
        title_text=tr(f"{NS}.dist_title"), height=max(380, 190 + 26 * depth),
        margin=dict(t=72, b=80), hovermode="closest",
        legend=dict(yref="container", y=0.0, yanchor="bottom", x=0.0),
    )
    return fig


def saturation_figure(plain: LayerSummary, bn: LayerSummary | None, activation: str,
                      tr: Translator) -> go.Figure:
    """Fraction of saturated units per layer (0–100 %), without and with BN."""
    fig = theme.new_figure(tr(f"{NS}.sat_title_{activation}"))
    layers = np.arange(1, plain.saturated.size + 1, dtype=_F32)
    for name, summary in (("plain", plain), ("bn", bn)):
        if summary is None:
            continue
        fig.add_trace(go.Scatter(
            x=layers, y=(100 * summary.saturated).astype(_F32), mode="lines+markers",
            name=tr(f"{NS}.{name}"), line=dict(color=COLORS[name], width=2),
            marker=dict(size=7),
            hovertemplate=(f"{tr(f'{NS}.{name}')}<br>{tr(f'{NS}.layer_axis')} %{{x}}<br>"
                           f"{tr(f'{NS}.saturated')} %{{y:.1f}}%<extra></extra>"),
        ))
    fig.update_xaxes(title_text=tr(f"{NS}.layer_axis"), dtick=1 if layers.size <= 12 else 2,
                     range=[0.5, layers.size + 0.5])
    fig.update_yaxes(title_text=tr(f"{NS}.sat_axis"), range=[-3, 103], ticksuffix="%")
    fig.update_layout(height=300, legend=dict(y=-0.28))
    return fig


def gradient_figure(plain: LayerSummary, bn: LayerSummary | None, tr: Translator) -> go.Figure:
    """‖∂L/∂W_l‖ per layer on a log axis, without and with BN.

    Norms below :data:`GRAD_FLOOR` (including exact zeros) are drawn at the
    floor with a cross; above :data:`GRAD_CEIL` at the ceiling; infinite or
    undefined norms (overflow) are left out. Each case is annotated.
    """
    fig = theme.new_figure(tr(f"{NS}.grad_title"))
    notes: list[str] = []
    for name, summary in (("plain", plain), ("bn", bn)):
        if summary is None:
            continue
        norms = np.asarray(summary.grad_norms, dtype=np.float64)
        layers = np.arange(1, norms.size + 1, dtype=_F32)
        finite = np.isfinite(norms)
        low, high = finite & (norms < GRAD_FLOOR), finite & (norms > GRAD_CEIL)
        shown = np.clip(np.where(finite, norms, 1.0), GRAD_FLOOR, GRAD_CEIL)
        symbols = np.where(low | high, "x", "circle")
        labels = [_num(v) for v in norms]
        fig.add_trace(go.Scatter(
            x=layers[finite], y=shown[finite].astype(_F32), mode="lines+markers",
            name=tr(f"{NS}.{name}"), line=dict(color=COLORS[name], width=2),
            marker=dict(size=8, symbol=symbols[finite].tolist()),
            text=[lab for lab, ok in zip(labels, finite, strict=True) if ok],
            hovertemplate=(f"{tr(f'{NS}.{name}')}<br>{tr(f'{NS}.layer_axis')} %{{x}}<br>"
                           f"{tr(f'{NS}.grad_axis')} %{{text}}<extra></extra>"),
        ))
        who = tr(f"{NS}.{name}")
        if low.any():
            notes.append(tr(f"{NS}.grad_floor", who=who, floor=_num(GRAD_FLOOR)))
        if high.any():
            notes.append(tr(f"{NS}.grad_ceil", who=who, ceil=_num(GRAD_CEIL)))
        if not finite.all():
            notes.append(tr(f"{NS}.grad_overflow", who=who))
    if notes:
        fig.add_annotation(x=0.0, xref="paper", y=1.0, yref="paper", xanchor="left",
                           yanchor="bottom", text="<br>".join(notes), showarrow=False,
                           align="left", font=dict(size=11))
    depth = plain.grad_norms.size
    drawn = np.concatenate([tr_.y for tr_ in fig.data]) if fig.data else np.ones(1)
    decades = np.log10(drawn.max()) - np.log10(drawn.min()) if drawn.size else 0.0
    fig.update_xaxes(title_text=tr(f"{NS}.layer_axis"), dtick=1 if depth <= 12 else 2,
                     range=[0.5, depth + 0.5])
    fig.update_yaxes(title_text=tr(f"{NS}.grad_axis"), type="log", exponentformat="power",
                     dtick=1 if decades >= 2 else "D2")
    fig.update_layout(height=340, legend=dict(y=-0.28), margin=dict(t=48 + 16 * len(notes)))
    return fig


def tiny_batch_figure(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray,
                      tr: Translator) -> go.Figure:
    """x, x̂ and y = γx̂ + β as three rows on one number line, each example joined.

    The shared axis shows the two moves of BN: the batch is shifted to mean 0
    and squeezed (or stretched) to unit spread, then scaled by γ and shifted
    by β. Bars mark μ_B on the x row and β on the y row.
    """
    fig = theme.new_figure(tr(f"{NS}.tiny_title"))
    rows = [np.asarray(v, dtype=np.float64) for v in (x, x_hat, y)]
    levels = (2.0, 1.0, 0.0)
    names = [tr(f"{NS}.tiny_{k}") for k in ("x", "xhat", "y")]
    for i in range(rows[0].size):
        fig.add_trace(go.Scatter(
            x=np.array([r[i] for r in rows], dtype=_F32), y=np.array(levels, dtype=_F32),
            mode="lines", line=dict(color=PALETTE[6], width=1), opacity=0.5,
            showlegend=False, hoverinfo="skip",
        ))
    for row, (values, level, name) in enumerate(zip(rows, levels, names, strict=True)):
        fig.add_trace(go.Scatter(
            x=values.astype(_F32), y=np.full(values.size, level, dtype=_F32), mode="markers",
            marker=dict(size=12, color=PALETTE[row], line=dict(width=1, color="white")),
            name=name, customdata=np.arange(1, values.size + 1, dtype=_F32),
            hovertemplate=(f"{name}<br>{tr(f'{NS}.example')} %{{customdata}}: "
                           f"%{{x:.4g}}<extra></extra>"),
        ))
    centres = (("mu", float(rows[0].mean()), levels[0]), ("beta", float(rows[2].mean()), levels[2]))
    for key, value, level in centres:
        fig.add_trace(go.Scatter(
            x=np.array([value, value], dtype=_F32), y=np.array([level - 0.3, level + 0.3], dtype=_F32),
            mode="lines", line=dict(color=PALETTE[5], width=3), showlegend=False,
            hovertemplate=f"{tr(f'{NS}.tiny_{key}')} = %{{x:.4g}}<extra></extra>",
        ))
    fig.update_yaxes(tickvals=np.array(levels, dtype=_F32), ticktext=names, range=[-0.5, 2.5],
                     showgrid=False, zeroline=False)
    fig.update_xaxes(title_text=tr(f"{NS}.tiny_axis"))
    fig.update_layout(height=300, showlegend=False)
    return fig


def running_stats_figure(demo: InferenceDemo, mean: float, std: float,
                         tr: Translator) -> go.Figure:
    """Running mean and variance over training batches vs each batch and the truth."""
    fig = _subplots(rows=1, cols=2, horizontal_spacing=0.12,
                    subplot_titles=[tr(f"{NS}.run_mean"), tr(f"{NS}.run_var")])
    steps = demo.batch_mean.size
    step_axis = np.arange(0, steps + 1, dtype=_F32)
    series = [(demo.batch_mean, demo.running_mean, mean), (demo.batch_var, demo.running_var, std**2)]
    for col, (batch, running, truth) in enumerate(series, start=1):
        first = col == 1
        if steps:
            fig.add_trace(go.Scatter(
                x=step_axis[1:], y=batch.astype(_F32), mode="markers", name=tr(f"{NS}.batch_stat"),
                marker=dict(size=5, color=PALETTE[6]), showlegend=first, legendgroup="b",
                hovertemplate=f"{tr(f'{NS}.step')} %{{x}}<br>%{{y:.4g}}<extra></extra>",
            ), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=step_axis, y=running.astype(_F32), mode="lines", name=tr(f"{NS}.running"),
            line=dict(color=COLORS["bn"], width=2.5), showlegend=first, legendgroup="r",
            hovertemplate=f"{tr(f'{NS}.step')} %{{x}}<br>%{{y:.4g}}<extra></extra>",
        ), row=1, col=col)
        fig.add_trace(go.Scatter(
            x=np.array([0, max(steps, 1)], dtype=_F32), y=np.full(2, truth, dtype=_F32),
            mode="lines", name=tr(f"{NS}.truth"), showlegend=first, legendgroup="t",
            line=dict(color=COLORS["plain"], dash="dash", width=1.5),
            hovertemplate=f"{tr(f'{NS}.truth')} %{{y:.4g}}<extra></extra>",
        ), row=1, col=col)
        fig.update_xaxes(title_text=tr(f"{NS}.step_axis"), row=1, col=col)
    fig.update_layout(title_text=tr(f"{NS}.run_title"), height=340, legend=dict(y=-0.3),
                      margin=dict(t=70))
    return fig


def noise_figure(noise: BatchNoise, batch_size: int, tr: Translator) -> go.Figure:
    """SD of μ_B and σ²_B against batch size on log–log axes; theory and simulation."""
    fig = theme.new_figure(tr(f"{NS}.noise_title"))
    sizes = noise.sizes.astype(_F32)
    rows = [("mean", noise.mean_sd, noise.mean_sd_theory, COLORS["bn"]),
            ("var", noise.var_sd, noise.var_sd_theory, COLORS["plain"])]
    for key, empirical, theory, color in rows:
        label = tr(f"{NS}.noise_{key}")
        fig.add_trace(go.Scatter(
            x=sizes, y=theory.astype(_F32), mode="lines", name=f"{label} · {tr(f'{NS}.theory')}",
            line=dict(color=color, width=2),
            hovertemplate=f"N = %{{x}}<br>{label} %{{y:.3g}}<extra>{tr(f'{NS}.theory')}</extra>",
        ))
        fig.add_trace(go.Scatter(
            x=sizes, y=empirical.astype(_F32), mode="markers",
            name=f"{label} · {tr(f'{NS}.simulated')}", marker=dict(color=color, size=8),
            hovertemplate=f"N = %{{x}}<br>{label} %{{y:.3g}}<extra>{tr(f'{NS}.simulated')}</extra>",
        ))
    fig.add_vline(x=float(batch_size), line=dict(color=PALETTE[6], dash="dot"))
    fig.add_annotation(x=math.log10(batch_size), y=1.0, yref="paper", text=f"N = {batch_size}",
                       showarrow=False, yanchor="bottom", font=dict(size=11))
    fig.update_xaxes(type="log", title_text=tr(f"{NS}.batch_axis"), tickvals=sizes,
                     ticktext=[str(int(n)) for n in noise.sizes])
    fig.update_yaxes(type="log", title_text=tr(f"{NS}.noise_axis"), dtick=1)
    fig.update_layout(height=360, legend=dict(y=-0.3))
    return fig
