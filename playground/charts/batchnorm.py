"""Plotly figures for the batch-norm page: arrays in, ``go.Figure`` out.

Every builder takes the page's translator ``tr`` for titles, axis titles,
legend names and hover labels, sends float32 arrays only, and never sends a
non-finite value: gradient norms are clipped to ``[GRAD_FLOOR, GRAD_CEIL]``
for the log axis (clipped points are marked and annotated), overflowed layers
are left out and annotated.

Figures are assembled from plain dicts and built with ``_validate=False``:
Plotly's per-property validation costs about ten times more than the rest of
a rerun for the 41-trace ridge plot. The tests rebuild every figure with
validation (``go.Figure(fig.to_dict())``), so a typo still fails loudly.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

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


def _f32(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=_F32)


def _panel_title(text: str, x: float) -> dict:
    """A subplot title centred above a panel whose domain centre is ``x``."""
    return dict(
        text=text,
        x=x,
        xref="paper",
        y=1.0,
        yref="paper",
        xanchor="center",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=14),
    )


def _saturated_ranges(activation: str, limit: float) -> list[tuple[float, float]]:
    thr = SATURATION[activation]
    if activation == "relu":
        return [(-limit, 0.0)]
    return [(-limit, -thr), (thr, limit)]


def _layer_ticks(depth: int) -> dict:
    return dict(dtick=1 if depth <= 12 else 2, range=[0.5, depth + 0.5])


def distributions_figure(
    plain: LayerSummary, bn: LayerSummary | None, activation: str, tr: Translator
) -> go.Figure:
    """Ridge plot of pre-activation histograms per layer, without and with BN.

    One row of bars per layer (layer 1 on top), each scaled to its own peak;
    the end bins also hold everything beyond the range and are capped at the
    row height. One bar trace per network keeps the figure light (a trace
    per layer costs ten times more to serialise). The activation's
    saturating region is shaded (and named in the legend).

    Parameters
    ----------
    plain, bn : LayerSummary
        From :func:`playground.batchnorm.run_mlp` (``bn`` may be None).
    activation : {"sigmoid", "tanh", "relu"}
    tr : callable
        Translator.
    """
    panels = [("plain", plain)] + ([("bn", bn)] if bn is not None else [])
    depth, bins = plain.hist.shape
    edges = plain.edges
    limit = float(edges[-1])
    centres = _f32(np.tile((edges[:-1] + edges[1:]) / 2, depth))
    base = _f32(np.repeat(depth - np.arange(depth), bins))  # layer 1 on top
    layer_no = np.repeat(np.arange(1, depth + 1), bins)
    gap = 0.06
    width = (1 - gap * (len(panels) - 1)) / len(panels)
    data: list[dict] = []
    layout: dict[str, Any] = {}
    shapes: list[dict] = []
    annotations: list[dict] = []
    hover = (
        f"{tr(f'{NS}.layer_n', n='%{customdata[0]}')}<br>u ≈ %{{x:.2f}}<br>"
        f"{tr(f'{NS}.share')} %{{customdata[1]:.1%}}"
    )
    for col, (name, summary) in enumerate(panels):
        axis = "x" if col == 0 else f"x{col + 1}"
        domain = [col * (width + gap), col * (width + gap) + width]
        annotations.append(_panel_title(tr(f"{NS}.{name}"), sum(domain) / 2))
        # One bar trace per panel: every layer's histogram, lifted to its row and
        # scaled to its own peak (the end bins, which also hold the outliers, are capped).
        hist = summary.hist
        peak = hist[:, 1:-1].max(axis=1) if bins > 2 else hist.max(axis=1)
        scale = np.divide(0.9, peak, out=np.zeros_like(peak), where=peak > 0)
        data.append(
            dict(
                type="bar",
                x=centres,
                y=_f32(np.minimum(hist * scale[:, None], 0.9).ravel()),
                base=base,
                width=float(edges[1] - edges[0]),
                xaxis=axis,
                yaxis="y",
                customdata=_f32(np.column_stack([layer_no, hist.ravel()])),
                name=tr(f"{NS}.{name}"),
                marker=dict(color=COLORS[name], line=dict(width=0)),
                opacity=0.85,
                showlegend=False,
                hovertemplate=f"{hover}<extra>{tr(f'{NS}.{name}')}</extra>",
            )
        )
        for layer in np.flatnonzero(~summary.pre_finite):
            annotations.append(
                dict(
                    x=0,
                    y=depth - layer + 0.4,
                    xref=axis,
                    yref="y",
                    text=tr(f"{NS}.overflow_short"),
                    showarrow=False,
                    font=dict(size=11, color=COLORS[name]),
                )
            )
        shapes += [
            dict(
                type="rect",
                xref=axis,
                yref="paper",
                x0=lo,
                x1=hi,
                y0=0,
                y1=1,
                fillcolor=_SHADE,
                line=dict(width=0),
                layer="below",
            )
            for lo, hi in _saturated_ranges(activation, limit)
        ]
        layout[f"xaxis{col + 1 if col else ''}"] = dict(
            domain=domain,
            anchor="y",
            range=[-limit, limit],
            dtick=SATURATION[activation] or 2.0,
            title=dict(text=tr(f"{NS}.pre_axis")),
        )
    # A legend entry explains the shading without crowding the title (Plotly lists
    # no trace without points: its one point sits outside the fixed x range).
    data.append(
        dict(
            type="scatter",
            x=_f32([2 * limit]),
            y=_f32([1.0]),
            mode="markers",
            marker=dict(symbol="square", size=14, color=_SHADE_KEY),
            name=tr(f"{NS}.shade_{activation}"),
            showlegend=True,
            hoverinfo="skip",
        )
    )
    ticks = np.arange(1, depth + 1)[:: 1 if depth <= 12 else 2]
    layout["yaxis"] = dict(
        tickvals=_f32(depth - ticks + 1.3),
        ticktext=[tr(f"{NS}.layer_n", n=int(i)) for i in ticks],
        range=[0.8, depth + 1.1],
        showgrid=False,
        zeroline=False,
    )
    return theme.figure(
        tr(f"{NS}.dist_title"),
        data,
        shapes=shapes,
        annotations=annotations,
        height=max(380, 190 + 26 * depth),
        margin=dict(t=72, b=80),
        hovermode="closest",
        barmode="overlay",
        bargap=0,
        legend=dict(yref="container", y=0.0, yanchor="bottom", x=0.0),
        **layout,
    )


def saturation_figure(
    plain: LayerSummary, bn: LayerSummary | None, activation: str, tr: Translator
) -> go.Figure:
    """Fraction of saturated units per layer (0–100 %), without and with BN."""
    depth = plain.saturated.size
    layers = _f32(np.arange(1, depth + 1))
    data = [
        dict(
            type="scatter",
            x=layers,
            y=_f32(100 * summary.saturated),
            mode="lines+markers",
            name=tr(f"{NS}.{name}"),
            line=dict(color=COLORS[name], width=2),
            marker=dict(size=7),
            hovertemplate=(
                f"{tr(f'{NS}.{name}')}<br>{tr(f'{NS}.layer_axis')} %{{x}}<br>"
                f"{tr(f'{NS}.saturated')} %{{y:.1f}}%<extra></extra>"
            ),
        )
        for name, summary in (("plain", plain), ("bn", bn))
        if summary is not None
    ]
    return theme.figure(
        tr(f"{NS}.sat_title_{activation}"),
        data,
        height=300,
        legend=dict(y=-0.28),
        xaxis=dict(title=dict(text=tr(f"{NS}.layer_axis")), **_layer_ticks(depth)),
        yaxis=dict(title=dict(text=tr(f"{NS}.sat_axis")), range=[-3, 103], ticksuffix="%"),
    )


def gradient_figure(plain: LayerSummary, bn: LayerSummary | None, tr: Translator) -> go.Figure:
    """‖∂L/∂W_l‖ per layer on a log axis, without and with BN.

    Norms below :data:`GRAD_FLOOR` (including exact zeros) are drawn at the
    floor with a cross; above :data:`GRAD_CEIL` at the ceiling; infinite or
    undefined norms (overflow) are left out. Each case is annotated.
    """
    data: list[dict] = []
    notes: list[str] = []
    drawn: list[np.ndarray] = []
    axis_name = tr(f"{NS}.grad_axis")
    for name, summary in (("plain", plain), ("bn", bn)):
        if summary is None:
            continue
        norms = np.asarray(summary.grad_norms, dtype=np.float64)
        finite = np.isfinite(norms)
        low, high = finite & (norms < GRAD_FLOOR), finite & (norms > GRAD_CEIL)
        shown = np.clip(np.where(finite, norms, 1.0), GRAD_FLOOR, GRAD_CEIL)[finite]
        drawn.append(shown)
        who = tr(f"{NS}.{name}")
        data.append(
            dict(
                type="scatter",
                x=_f32(np.arange(1, norms.size + 1)[finite]),
                y=_f32(shown),
                mode="lines+markers",
                name=who,
                line=dict(color=COLORS[name], width=2),
                marker=dict(size=8, symbol=np.where(low | high, "x", "circle")[finite].tolist()),
                text=[_num(v) for v in norms[finite]],
                hovertemplate=(
                    f"{who}<br>{tr(f'{NS}.layer_axis')} %{{x}}<br>{axis_name} "
                    "%{text}<extra></extra>"
                ),
            )
        )
        if low.any():
            notes.append(tr(f"{NS}.grad_floor", who=who, floor=_num(GRAD_FLOOR)))
        if high.any():
            notes.append(tr(f"{NS}.grad_ceil", who=who, ceil=_num(GRAD_CEIL)))
        if not finite.all():
            notes.append(tr(f"{NS}.grad_overflow", who=who))
    values = np.concatenate(drawn) if drawn else np.ones(1)
    decades = float(np.log10(values.max() / values.min())) if values.size else 0.0
    annotations = (
        [
            dict(
                x=0.0,
                xref="paper",
                y=1.0,
                yref="paper",
                xanchor="left",
                yanchor="bottom",
                text="<br>".join(notes),
                showarrow=False,
                align="left",
                font=dict(size=11),
            )
        ]
        if notes
        else []
    )
    return theme.figure(
        tr(f"{NS}.grad_title"),
        data,
        height=340,
        legend=dict(y=-0.28),
        margin=dict(t=48 + 16 * len(notes)),
        annotations=annotations,
        xaxis=dict(title=dict(text=tr(f"{NS}.layer_axis")), **_layer_ticks(plain.grad_norms.size)),
        yaxis=dict(
            title=dict(text=axis_name),
            type="log",
            exponentformat="power",
            dtick=1 if decades >= 2 else "D2",
        ),
    )


def tiny_batch_figure(x: np.ndarray, x_hat: np.ndarray, y: np.ndarray, tr: Translator) -> go.Figure:
    """x, x̂ and y = γx̂ + β as three rows on one number line, each example joined.

    The shared axis shows the two moves of BN: the batch is shifted to mean 0
    and squeezed (or stretched) to unit spread, then scaled by γ and shifted
    by β. Bars mark μ_B on the x row and β on the y row.
    """
    rows = [np.asarray(v, dtype=np.float64) for v in (x, x_hat, y)]
    levels = (2.0, 1.0, 0.0)
    names = [tr(f"{NS}.tiny_{k}") for k in ("x", "xhat", "y")]
    data: list[dict] = [
        dict(
            type="scatter",
            x=_f32([r[i] for r in rows]),
            y=_f32(levels),
            mode="lines",
            line=dict(color=PALETTE[6], width=1),
            opacity=0.5,
            showlegend=False,
            hoverinfo="skip",
        )
        for i in range(rows[0].size)
    ]
    for row, (values, level, name) in enumerate(zip(rows, levels, names, strict=True)):
        data.append(
            dict(
                type="scatter",
                x=_f32(values),
                y=_f32(np.full(values.size, level)),
                mode="markers",
                marker=dict(size=12, color=PALETTE[row], line=dict(width=1, color="white")),
                name=name,
                customdata=_f32(np.arange(1, values.size + 1)),
                hovertemplate=(
                    f"{name}<br>{tr(f'{NS}.example')} %{{customdata}}: %{{x:.4g}}<extra></extra>"
                ),
            )
        )
    for key, value, level in (
        ("mu", rows[0].mean(), levels[0]),
        ("beta", rows[2].mean(), levels[2]),
    ):
        data.append(
            dict(
                type="scatter",
                x=_f32([value, value]),
                y=_f32([level - 0.3, level + 0.3]),
                mode="lines",
                line=dict(color=PALETTE[5], width=3),
                showlegend=False,
                hovertemplate=f"{tr(f'{NS}.tiny_{key}')} = %{{x:.4g}}<extra></extra>",
            )
        )
    return theme.figure(
        tr(f"{NS}.tiny_title"),
        data,
        height=300,
        showlegend=False,
        xaxis=dict(title=dict(text=tr(f"{NS}.tiny_axis"))),
        yaxis=dict(
            tickvals=_f32(levels), ticktext=names, range=[-0.5, 2.5], showgrid=False, zeroline=False
        ),
    )


def running_stats_figure(demo: InferenceDemo, mean: float, std: float, tr: Translator) -> go.Figure:
    """Running mean and variance over training batches vs each batch and the truth."""
    steps = demo.batch_mean.size
    step_axis = np.arange(0, steps + 1)
    hover = f"{tr(f'{NS}.step')} %{{x}}<br>%{{y:.4g}}<extra></extra>"
    series = [
        (demo.batch_mean, demo.running_mean, mean),
        (demo.batch_var, demo.running_var, std**2),
    ]
    data: list[dict] = []
    layout: dict[str, Any] = {}
    titles = []
    for col, (batch, running, truth) in enumerate(series):
        axes = dict(xaxis="x" if col == 0 else "x2", yaxis="y" if col == 0 else "y2")
        shown = col == 0
        if steps:
            data.append(
                dict(
                    type="scatter",
                    x=_f32(step_axis[1:]),
                    y=_f32(batch),
                    mode="markers",
                    name=tr(f"{NS}.batch_stat"),
                    legendgroup="b",
                    showlegend=shown,
                    marker=dict(size=5, color=PALETTE[6]),
                    hovertemplate=hover,
                    **axes,
                )
            )
        data.append(
            dict(
                type="scatter",
                x=_f32(step_axis),
                y=_f32(running),
                mode="lines",
                name=tr(f"{NS}.running"),
                legendgroup="r",
                showlegend=shown,
                line=dict(color=COLORS["bn"], width=2.5),
                hovertemplate=hover,
                **axes,
            )
        )
        data.append(
            dict(
                type="scatter",
                x=_f32([0, max(steps, 1)]),
                y=_f32([truth, truth]),
                mode="lines",
                name=tr(f"{NS}.truth"),
                legendgroup="t",
                showlegend=shown,
                line=dict(color=COLORS["plain"], dash="dash", width=1.5),
                hovertemplate=f"{tr(f'{NS}.truth')} %{{y:.4g}}<extra></extra>",
                **axes,
            )
        )
        domain = [0.0, 0.44] if col == 0 else [0.56, 1.0]
        suffix = "" if col == 0 else "2"
        layout[f"xaxis{suffix}"] = dict(
            domain=domain, anchor=f"y{suffix}", title=dict(text=tr(f"{NS}.step_axis"))
        )
        layout[f"yaxis{suffix}"] = dict(anchor=f"x{suffix}")
        titles.append(
            _panel_title(tr(f"{NS}.run_{'mean' if col == 0 else 'var'}"), sum(domain) / 2)
        )
    return theme.figure(
        tr(f"{NS}.run_title"),
        data,
        height=340,
        legend=dict(y=-0.3),
        margin=dict(t=70),
        annotations=titles,
        **layout,
    )


def noise_figure(noise: BatchNoise, batch_size: int, tr: Translator) -> go.Figure:
    """SD of μ_B and σ²_B against batch size on log–log axes; theory and simulation."""
    sizes = _f32(noise.sizes)
    data: list[dict] = []
    rows = [
        ("mean", noise.mean_sd, noise.mean_sd_theory, COLORS["bn"]),
        ("var", noise.var_sd, noise.var_sd_theory, COLORS["plain"]),
    ]
    for key, empirical, theory, color in rows:
        label = tr(f"{NS}.noise_{key}")
        for kind, values in (("theory", theory), ("simulated", empirical)):
            line = kind == "theory"
            data.append(
                dict(
                    type="scatter",
                    x=sizes,
                    y=_f32(values),
                    mode="lines" if line else "markers",
                    name=f"{label} · {tr(f'{NS}.{kind}')}",
                    **(
                        {"line": dict(color=color, width=2)}
                        if line
                        else {"marker": dict(color=color, size=8)}
                    ),
                    hovertemplate=(
                        f"N = %{{x}}<br>{label} %{{y:.3g}}<extra>{tr(f'{NS}.{kind}')}</extra>"
                    ),
                )
            )
    marker = dict(
        type="line",
        xref="x",
        yref="paper",
        x0=batch_size,
        x1=batch_size,
        y0=0,
        y1=1,
        line=dict(color=PALETTE[6], dash="dot"),
    )
    note = dict(
        x=math.log10(batch_size),
        y=1.0,
        yref="paper",
        text=f"N = {batch_size}",
        showarrow=False,
        yanchor="bottom",
        font=dict(size=11),
    )
    return theme.figure(
        tr(f"{NS}.noise_title"),
        data,
        height=360,
        legend=dict(y=-0.3),
        shapes=[marker],
        annotations=[note],
        xaxis=dict(
            type="log",
            title=dict(text=tr(f"{NS}.batch_axis")),
            tickvals=sizes,
            ticktext=[str(int(n)) for n in noise.sizes],
        ),
        yaxis=dict(type="log", title=dict(text=tr(f"{NS}.noise_axis")), dtick=1),
    )
