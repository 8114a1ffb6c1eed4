"""Plotly figures for the softmax & temperature page: arrays in, ``go.Figure`` out.

Every builder takes the translator ``tr`` (``tr(key, **values) -> str``) for its
title, axis titles, legend and hover labels, sends float32 arrays, and never
receives ``nan``/``inf`` (the page's core functions guarantee finite values
for the quantities drawn here; the convergence plot drops zero distances that
a log axis cannot show).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.charts.theme import PALETTE, Translator, new_figure

__all__ = [
    "convergence",
    "distillation_scaling",
    "entropy_vs_temperature",
    "gradient_bars",
    "jacobian_heatmap",
    "probability_bars",
    "sampling_histogram",
    "sigmoid_two_class",
]

NS = "softmax_temperature.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
_GHOST = "rgba(140, 140, 140, 0.22)"
_GHOST_LINE = "rgba(120, 120, 120, 0.85)"


def _f32(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _g(x: float, digits: int = 3) -> str:
    """Compact number for titles (finite values only)."""
    text = f"{x:.{digits}g}"
    return text.replace("e+0", "e").replace("e-0", "e-")


def _class_axis(fig: go.Figure, names: Sequence[str], label: int | None, tr: Translator) -> None:
    ticks = [f"<b>{n}</b>" if i == label else n for i, n in enumerate(names)]
    fig.update_xaxes(
        tickvals=np.arange(len(names)), ticktext=ticks, title_text=tr(f"{NS}.class_axis"),
        tickangle=-35 if len(names) > 10 else 0,
    )


def probability_bars(
    names: Sequence[str],
    p: np.ndarray,
    p_ref: np.ndarray,
    temperature: float,
    label: int | None,
    tr: Translator,
) -> go.Figure:
    """Bars of softmax(z/T) over grey "ghost" bars of softmax(z) (T = 1).

    The argmax bar is orange, the others blue; the true class's tick is bold.
    """
    k = len(names)
    x = _f32(np.arange(k))
    top = int(np.argmax(p))
    fig = new_figure(tr(f"{NS}.bars_title", T=_g(temperature)), height=390, barmode="overlay")
    fig.add_bar(
        x=x, y=_f32(p_ref), width=0.8, name=tr(f"{NS}.bars_ref"),
        marker=dict(color=_GHOST, line=dict(color=_GHOST_LINE, width=1.5)),
        hovertext=list(names),
        hovertemplate="%{hovertext}<br>" + tr(f"{NS}.hover_p_ref") + " = %{y:.4g}<extra></extra>",
    )
    colours = [ORANGE if i == top else BLUE for i in range(k)]
    text = [f"{100 * v:.1f}%" if v >= 0.0005 else "" for v in p] if k <= 12 else None
    fig.add_bar(
        x=x, y=_f32(p), width=0.5, name=tr(f"{NS}.bars_now", T=_g(temperature)),
        marker=dict(color=colours), text=text, textposition="outside", cliponaxis=False,
        hovertext=list(names),
        hovertemplate="%{hovertext}<br>" + tr(f"{NS}.hover_p", T=_g(temperature))
        + " = %{y:.4g}<extra></extra>",
    )
    _class_axis(fig, names, label, tr)
    ymax = float(max(np.max(p), np.max(p_ref)))
    fig.update_yaxes(title_text=tr(f"{NS}.prob_axis"), range=[0, min(1.0, ymax) * 1.15 + 0.02])
    fig.update_layout(legend=dict(y=-0.25 if k > 10 else -0.2))
    return fig


def entropy_vs_temperature(
    temperatures: np.ndarray,
    entropies: np.ndarray,
    temperature: float,
    entropy_now: float,
    limits: tuple[float, float],
    tr: Translator,
) -> go.Figure:
    """Entropy H(softmax(z/T)) against T (log axis), the current T marked and both limits labelled."""
    h0, hinf = limits
    fig = new_figure(tr(f"{NS}.entropy_title"), height=360, showlegend=False)
    fig.add_scatter(
        x=_f32(temperatures), y=_f32(entropies), mode="lines", line=dict(color=BLUE, width=2.5),
        name=tr(f"{NS}.entropy_axis"),
        hovertemplate="T = %{x:.3g}<br>H = %{y:.4f} " + tr(f"{NS}.nats") + "<extra></extra>",
    )
    fig.add_hline(y=hinf, line=dict(color=GREEN, dash="dash", width=1.5))
    fig.add_hline(y=h0, line=dict(color=PURPLE, dash="dot", width=1.5))
    fig.add_annotation(
        x=1.0, xref="paper", y=hinf, yanchor="bottom", xanchor="right", showarrow=False,
        text=tr(f"{NS}.limit_inf", h=_g(hinf)), font=dict(color=GREEN),
    )
    fig.add_annotation(
        x=0.0, xref="paper", y=h0, yanchor="bottom", xanchor="left", showarrow=False,
        text=tr(f"{NS}.limit_zero", h=_g(h0)), font=dict(color=PURPLE),
    )
    fig.add_scatter(
        x=_f32([temperature]), y=_f32([entropy_now]), mode="markers",
        marker=dict(color=ORANGE, size=13, line=dict(color="white", width=1.5)),
        name=tr(f"{NS}.current"),
        hovertemplate=tr(f"{NS}.current") + "<br>T = %{x:.3g}<br>H = %{y:.4f}<extra></extra>",
    )
    fig.add_vline(x=temperature, line=dict(color=ORANGE, dash="dot", width=1))
    fig.update_xaxes(type="log", title_text=tr(f"{NS}.temperature_axis"))
    fig.update_yaxes(title_text=tr(f"{NS}.entropy_axis"), range=[-0.04 * hinf - 0.02, hinf * 1.18 + 0.05])
    return fig


def sampling_histogram(
    names: Sequence[str],
    frequencies: np.ndarray,
    p: np.ndarray,
    n: int,
    seed: int,
    tr: Translator,
) -> go.Figure:
    """Observed frequencies of n draws (bars) against softmax probabilities (ticks)."""
    x = _f32(np.arange(len(names)))
    fig = new_figure(tr(f"{NS}.sampling_title", n=f"{n:,}", seed=seed), height=360)
    fig.add_bar(
        x=x, y=_f32(frequencies), name=tr(f"{NS}.observed"), marker=dict(color=SKY), width=0.6,
        hovertext=list(names),
        hovertemplate="%{hovertext}<br>" + tr(f"{NS}.observed") + " = %{y:.4g}<extra></extra>",
    )
    fig.add_scatter(
        x=x, y=_f32(p), mode="markers", name=tr(f"{NS}.expected"),
        marker=dict(symbol="line-ew", size=34 if len(names) <= 10 else 18,
                    line=dict(color=VERMILLION, width=3)),
        hovertext=list(names),
        hovertemplate="%{hovertext}<br>p = %{y:.4g}<extra></extra>",
    )
    _class_axis(fig, names, None, tr)
    ymax = float(max(np.max(frequencies), np.max(p)))
    fig.update_yaxes(title_text=tr(f"{NS}.freq_axis"), range=[0, min(1.0, ymax) * 1.12 + 0.02])
    return fig


def convergence(m: np.ndarray, tv: np.ndarray, expected: np.ndarray, tr: Translator) -> go.Figure:
    """Total-variation distance of the running histogram to p, log–log, with the 1/√n law."""
    keep = tv > 0  # an exact match (distance 0) has no place on a log axis
    fig = new_figure(tr(f"{NS}.lln_title"), height=360)
    fig.add_scatter(
        x=_f32(m), y=_f32(expected), mode="lines", name=tr(f"{NS}.lln_expected"),
        line=dict(color=GREY, dash="dash", width=2),
        hovertemplate="n = %{x:,.0f}<br>%{y:.3g}<extra></extra>",
    )
    fig.add_scatter(
        x=_f32(m[keep]), y=_f32(tv[keep]), mode="lines+markers", name=tr(f"{NS}.lln_observed"),
        line=dict(color=BLUE, width=2), marker=dict(size=5),
        hovertemplate="n = %{x:,.0f}<br>TV = %{y:.4f}<extra></extra>",
    )
    fig.update_xaxes(type="log", title_text=tr(f"{NS}.n_axis"))
    fig.update_yaxes(type="log", title_text=tr(f"{NS}.tv_axis"))
    return fig


def gradient_bars(
    names: Sequence[str], grad: np.ndarray, label: int, temperature: float, tr: Translator
) -> go.Figure:
    """∂L/∂z_i = (p_i − [i = y]) / T per class: the true class negative, the rest positive."""
    x = _f32(np.arange(len(names)))
    colours = [VERMILLION if i == label else BLUE for i in range(len(names))]
    fig = new_figure(tr(f"{NS}.grad_title", T=_g(temperature)), height=340, showlegend=False)
    fig.add_bar(
        x=x, y=_f32(grad), marker=dict(color=colours), hovertext=list(names),
        hovertemplate="%{hovertext}<br>∂L/∂z = %{y:.4g}<extra></extra>",
    )
    fig.add_hline(y=0, line=dict(color=GREY, width=1))
    _class_axis(fig, names, label, tr)
    fig.update_yaxes(title_text=tr(f"{NS}.grad_axis"))
    return fig


def jacobian_heatmap(names: Sequence[str], jac: np.ndarray, tr: Translator) -> go.Figure:
    """Heatmap of J[i, j] = ∂p_i/∂z_j on a diverging scale centred at 0."""
    k = len(names)
    limit = float(np.max(np.abs(jac))) or 1.0
    fig = new_figure(tr(f"{NS}.jac_title"), height=min(560, 260 + 22 * k))
    fig.add_heatmap(
        z=_f32(jac), x=_f32(np.arange(k)), y=_f32(np.arange(k)), colorscale="RdBu", zmid=0,
        zmin=-limit, zmax=limit, texttemplate="%{z:.3f}" if k <= 8 else None,
        colorbar=dict(thickness=12, title=dict(text="∂p/∂z")),
        hovertemplate="i = %{y}, j = %{x}<br>∂p_i/∂z_j = %{z:.4g}<extra></extra>",
    )
    tick = dict(tickvals=np.arange(k), ticktext=list(names))
    fig.update_xaxes(title_text=tr(f"{NS}.jac_x"), side="top", **tick)
    fig.update_yaxes(title_text=tr(f"{NS}.jac_y"), autorange="reversed", scaleanchor="x", **tick)
    return fig


def sigmoid_two_class(
    z: np.ndarray,
    sig: np.ndarray,
    z_dots: np.ndarray,
    softmax_dots: np.ndarray,
    sig_t: np.ndarray,
    z_now: float,
    p_now: float,
    temperature: float,
    tr: Translator,
) -> go.Figure:
    """σ(z) (line), softmax([z, 0])₀ (dots on it) and σ(z/T) (dashed), current z marked."""
    fig = new_figure(tr(f"{NS}.sigmoid_title"), height=360)
    fig.add_scatter(
        x=_f32(z), y=_f32(sig), mode="lines", name="σ(z)", line=dict(color=BLUE, width=2.5),
        hovertemplate="z = %{x:.2f}<br>σ(z) = %{y:.4f}<extra></extra>",
    )
    fig.add_scatter(
        x=_f32(z_dots), y=_f32(softmax_dots), mode="markers", name="softmax([z, 0])₀",
        marker=dict(color=ORANGE, size=8, symbol="circle-open", line=dict(width=2)),
        hovertemplate="z = %{x:.2f}<br>softmax([z, 0])₀ = %{y:.4f}<extra></extra>",
    )
    fig.add_scatter(
        x=_f32(z), y=_f32(sig_t), mode="lines", name=f"σ(z/T), T = {_g(temperature)}",
        line=dict(color=GREEN, dash="dash", width=2),
        hovertemplate="z = %{x:.2f}<br>σ(z/T) = %{y:.4f}<extra></extra>",
    )
    fig.add_scatter(
        x=_f32([z_now]), y=_f32([p_now]), mode="markers", name=tr(f"{NS}.current"),
        marker=dict(color=VERMILLION, size=13, line=dict(color="white", width=1.5)),
        hovertemplate="z = %{x:.2f}<br>%{y:.4f}<extra></extra>",
    )
    fig.update_xaxes(title_text=tr(f"{NS}.z_axis"))
    fig.update_yaxes(title_text=tr(f"{NS}.p0_axis"), range=[-0.03, 1.03])
    return fig


def distillation_scaling(
    temperatures: np.ndarray,
    raw: np.ndarray,
    scaled: np.ndarray,
    hard: float,
    temperature: float,
    tr: Translator,
) -> go.Figure:
    """Soft-target gradient size vs T, with and without the T² factor (log–log)."""
    fig = new_figure(tr(f"{NS}.distill_title"), height=380)
    keep = (raw > 0) & (scaled > 0)  # a student equal to its teacher has no gradient
    ts = _f32(temperatures)
    fig.add_scatter(
        x=ts[keep], y=_f32(raw[keep]), mode="lines", name=tr(f"{NS}.distill_raw"),
        line=dict(color=VERMILLION, width=2.5),
        hovertemplate="T = %{x:.3g}<br>‖∇‖ = %{y:.4g}<extra></extra>",
    )
    fig.add_scatter(
        x=ts[keep], y=_f32(scaled[keep]), mode="lines", name=tr(f"{NS}.distill_scaled"),
        line=dict(color=BLUE, width=2.5),
        hovertemplate="T = %{x:.3g}<br>T²·‖∇‖ = %{y:.4g}<extra></extra>",
    )
    fig.add_scatter(
        x=ts[[0, -1]], y=_f32([hard, hard]), mode="lines", name=tr(f"{NS}.distill_hard"),
        line=dict(color=GREY, dash="dash", width=2),
        hovertemplate="‖p − y‖ = %{y:.4g}<extra></extra>",
    )
    fig.add_vline(x=temperature, line=dict(color=ORANGE, dash="dot", width=1.5))
    fig.update_xaxes(type="log", title_text=tr(f"{NS}.temperature_axis"))
    fig.update_yaxes(type="log", title_text=tr(f"{NS}.distill_axis"), exponentformat="power")
    return fig


# ---------------------------------------------------------------------------
# Formulas and tables with the user's numbers. Pure string builders: the page
# passes its number formatters (``tex``/``fmt`` from ``playground.app.format``)
# so that ∞ and NaN are always written as ∞ and —, never as raw "nan".
# ---------------------------------------------------------------------------


def formula_lines(
    z: np.ndarray, y: int, temperature: float, p: np.ndarray, logp: np.ndarray,
    loss: float, grad: np.ndarray, tex, tex_list, nats: str,
) -> list[str]:
    """LaTeX for p_y (max-shifted), the loss and its gradient, with numbers substituted."""
    m = float(np.max(z))
    shifted_sum = 1.0 / float(np.max(p))  # sum_j exp((z_j - m)/T), whose largest term is 1
    p_y = tex(p[y]) if p[y] > 1e-300 else rf"e^{{{tex(logp[y])}}}"
    lines = [
        rf"p_{{{y}}} = \frac{{e^{{(z_{{{y}}} - m)/T}}}}{{\sum_j e^{{(z_j - m)/T}}}}"
        rf" = \frac{{e^{{({tex(z[y])} - {tex(m)})/{tex(temperature)}}}}}{{{tex(shifted_sum)}}}"
        rf" = {p_y}",
        rf"L = -\log p_{{{y}}} = \log\sum_j e^{{z_j/T}} - \frac{{z_{{{y}}}}}{{T}}"
        rf" = {tex(loss)}\ \text{{{nats}}}",
    ]
    if len(z) <= 8:
        lines.append(
            rf"\frac{{\partial L}}{{\partial z}} = \frac{{p - e_{{{y}}}}}{{T}} = "
            rf"\frac{{{tex_list(p)} - e_{{{y}}}}}{{{tex(temperature)}}} = {tex_list(grad)}"
        )
    else:
        lines.append(
            rf"\frac{{\partial L}}{{\partial z_{{{y}}}}} = \frac{{p_{{{y}}} - 1}}{{T}}"
            rf" = {tex(grad[y])}"
        )
    return lines


def naive_table(names: Sequence[str], result, fmt, tr: Translator) -> dict[str, list[str]]:
    """Columns (as text) comparing the naive and the max-shifted computation.

    ``result`` is a :class:`playground.softmax.NaiveSoftmax`; undefined naive
    probabilities are written in words (``undefined (∞/∞)`` or ``(0/0)``).
    """
    ns = "softmax_temperature.naive"
    undefined = tr(f"{ns}.undefined_inf" if result.status == "overflow" else f"{ns}.undefined_zero")
    naive_p = [undefined if np.isnan(v) else fmt(v) for v in result.probs]
    shifted = result.stable / np.max(result.stable)  # exp((z - m)/T) = p / max p
    return {
        tr(f"{ns}.col_class"): list(names),
        tr(f"{ns}.col_scaled"): [fmt(v) for v in result.scaled],
        tr(f"{ns}.col_exp"): [fmt(v) for v in result.exps],
        tr(f"{ns}.col_naive"): naive_p,
        tr(f"{ns}.col_shifted"): [fmt(v) for v in shifted],
        tr(f"{ns}.col_stable"): [fmt(v) for v in result.stable],
    }


def jacobian_formula(i: int, value: float, tex) -> str:
    """LaTeX of J = (diag(p) − p pᵀ)/T and its diagonal entry J_ii with the number."""
    return (
        rf"J = \frac{{\operatorname{{diag}}(p) - p p^\top}}{{T}},\quad J_{{{i}{i}}}"
        rf" = \frac{{p_{{{i}}}(1 - p_{{{i}}})}}{{T}} = {tex(value)}"
    )


def sigmoid_formula(z: float, two_class: float, sig: float, tex) -> str:
    """LaTeX of softmax([z, 0])₀ = σ(z), both sides evaluated independently."""
    return (
        rf"\operatorname{{softmax}}([{tex(z)}, 0])_0 = \frac{{e^z}}{{e^z + e^0}} = {tex(two_class)}"
        rf",\qquad \sigma({tex(z)}) = \frac{{1}}{{1 + e^{{-z}}}} = {tex(sig)}"
    )
