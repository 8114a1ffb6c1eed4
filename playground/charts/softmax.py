"""Plotly figures for the softmax & temperature page: arrays in, ``go.Figure`` out.

Every builder takes the translator ``tr`` (``tr(key, **values) -> str``) for its
title, axis titles, legend and hover labels, sends float32 arrays, and never
receives ``nan``/``inf`` (the page's core functions guarantee finite values
for the quantities drawn here; the log–log plots drop exact zeros, which a
log axis cannot show).

Speed: a figure is written as a plain dict and wrapped with
``go.Figure(spec, _validate=False)``. Building the same figure through the
validating ``go`` API (``theme.new_figure`` + ``add_bar`` + ``update_*``) costs
30–80 ms of CPU per figure, about 50 times more, and this page draws five
figures on every slider move. The template and title are exactly those of
:func:`playground.charts.theme.new_figure`; the tests validate every spec
with the full ``go.Figure`` validator, so a typo in a property still fails CI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "convergence",
    "distillation_scaling",
    "entropy_vs_temperature",
    "formula_lines",
    "gradient_bars",
    "jacobian_formula",
    "jacobian_heatmap",
    "naive_table",
    "probability_bars",
    "sampling_histogram",
    "sigmoid_formula",
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


def _class_axis(names: Sequence[str], label: int | None, tr: Translator) -> dict:
    ticks = [f"<b>{n}</b>" if i == label else n for i, n in enumerate(names)]
    return {
        "tickvals": _f32(np.arange(len(names))),
        "ticktext": ticks,
        "title": {"text": tr(f"{NS}.class_axis")},
        "tickangle": -35 if len(names) > 10 else 0,
    }


def _title(text: str, **axis: Any) -> dict:
    return {"title": {"text": text}, **axis}


def _hline(y: float, color: str, dash: str = "dash", width: float = 1.5) -> dict:
    return {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": y,
        "y1": y,
        "line": {"color": color, "dash": dash, "width": width},
    }


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
    ghost = {
        "type": "bar",
        "x": x,
        "y": _f32(p_ref),
        "width": 0.8,
        "name": tr(f"{NS}.bars_ref"),
        "marker": {"color": _GHOST, "line": {"color": _GHOST_LINE, "width": 1.5}},
        "hovertext": list(names),
        "hovertemplate": "%{hovertext}<br>"
        + tr(f"{NS}.hover_p_ref")
        + " = %{y:.4g}<extra></extra>",
    }
    hover = (
        "%{hovertext}<br>" + tr(f"{NS}.hover_p", T=_g(temperature)) + " = %{y:.4g}<extra></extra>"
    )
    data = [ghost]
    # The argmax gets its own trace so that the legend shows both colours.
    for mask, colour, name in (
        (np.arange(k) != top, BLUE, tr(f"{NS}.bars_now", T=_g(temperature))),
        (np.arange(k) == top, ORANGE, tr(f"{NS}.bars_top")),
    ):
        idx = np.flatnonzero(mask)
        trace = {
            "type": "bar",
            "x": x[idx],
            "y": _f32(p[idx]),
            "width": 0.5,
            "name": name,
            "marker": {"color": colour},
            "hovertext": [names[i] for i in idx],
            "cliponaxis": False,
            "hovertemplate": hover,
        }
        if k <= 12:
            trace.update(
                text=[f"{100 * p[i]:.1f}%" if p[i] >= 0.0005 else "" for i in idx],
                textposition="outside",
            )
        data.append(trace)
    ymax = min(1.0, float(max(np.max(p), np.max(p_ref))))
    return theme.figure(
        tr(f"{NS}.bars_title", T=_g(temperature)),
        data,
        height=390,
        barmode="overlay",
        xaxis=_class_axis(names, label, tr),
        yaxis=_title(tr(f"{NS}.prob_axis"), range=[0, ymax * 1.15 + 0.02]),
        legend={"y": -0.25 if k > 10 else -0.2},
    )


def entropy_vs_temperature(
    temperatures: np.ndarray,
    entropies: np.ndarray,
    temperature: float,
    entropy_now: float,
    limits: tuple[float, float],
    tr: Translator,
) -> go.Figure:
    """Entropy H(softmax(z/T)) against T (log axis), the current T marked, both limits labelled."""
    h0, hinf = limits
    low, high = -0.14 * hinf - 0.05, hinf * 1.18 + 0.05
    nats = tr(f"{NS}.nats")
    data = [
        {
            "type": "scatter",
            "x": _f32(temperatures),
            "y": _f32(entropies),
            "mode": "lines",
            "line": {"color": BLUE, "width": 2.5},
            "name": tr(f"{NS}.entropy_axis"),
            "hovertemplate": "T = %{x:.3g}<br>H = %{y:.4f} " + nats + "<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([temperature, temperature]),
            "y": _f32([low, high]),
            "mode": "lines",
            "line": {"color": ORANGE, "dash": "dot", "width": 1},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _f32([temperature]),
            "y": _f32([entropy_now]),
            "mode": "markers",
            "marker": {"color": ORANGE, "size": 13, "line": {"color": "white", "width": 1.5}},
            "name": tr(f"{NS}.current"),
            "hovertemplate": tr(f"{NS}.current")
            + "<br>T = %{x:.3g}<br>H = %{y:.4f} "
            + nats
            + "<extra></extra>",
        },
    ]
    notes = [
        {
            "x": 1.0,
            "xref": "paper",
            "y": hinf,
            "yref": "y",
            "yanchor": "bottom",
            "xanchor": "right",
            "showarrow": False,
            "text": tr(f"{NS}.limit_inf", h=_g(hinf)),
            "font": {"color": GREEN},
        },
        {
            "x": 0.0,
            "xref": "paper",
            "y": h0,
            "yref": "y",
            "yanchor": "top",
            "xanchor": "left",
            "showarrow": False,
            "text": tr(f"{NS}.limit_zero", h=_g(h0)),
            "font": {"color": PURPLE},
        },
    ]
    return theme.figure(
        tr(f"{NS}.entropy_title"),
        data,
        height=360,
        showlegend=False,
        shapes=[_hline(hinf, GREEN), _hline(h0, PURPLE, "dot")],
        annotations=notes,
        xaxis=_title(tr(f"{NS}.temperature_axis"), type="log"),
        yaxis=_title(tr(f"{NS}.entropy_axis"), range=[low, high]),
    )


def sampling_histogram(
    names: Sequence[str],
    frequencies: np.ndarray,
    p: np.ndarray,
    n: int,
    seed: int,
    temperature: float,
    tr: Translator,
) -> go.Figure:
    """Observed frequencies of n draws at T (bars) against softmax probabilities (ticks)."""
    x = _f32(np.arange(len(names)))
    data = [
        {
            "type": "bar",
            "x": x,
            "y": _f32(frequencies),
            "name": tr(f"{NS}.observed"),
            "marker": {"color": SKY},
            "width": 0.6,
            "hovertext": list(names),
            "hovertemplate": "%{hovertext}<br>"
            + tr(f"{NS}.observed")
            + " = %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": x,
            "y": _f32(p),
            "mode": "markers",
            "name": tr(f"{NS}.expected"),
            "marker": {
                "symbol": "line-ew",
                "size": 34 if len(names) <= 10 else 18,
                "line": {"color": VERMILLION, "width": 3},
            },
            "hovertext": list(names),
            "hovertemplate": "%{hovertext}<br>p = %{y:.4g}<extra></extra>",
        },
    ]
    ymax = min(1.0, float(max(np.max(frequencies), np.max(p))))
    return theme.figure(
        tr(f"{NS}.sampling_title", n=f"{n:,}", seed=seed, T=_g(temperature)),
        data,
        height=360,
        xaxis=_class_axis(names, None, tr),
        yaxis=_title(tr(f"{NS}.freq_axis"), range=[0, ymax * 1.12 + 0.02]),
    )


def convergence(m: np.ndarray, tv: np.ndarray, expected: np.ndarray, tr: Translator) -> go.Figure:
    """Total-variation distance of the running histogram to p, log–log, with the 1/√n law."""
    keep = tv > 0  # an exact match (distance 0) has no place on a log axis
    data = [
        {
            "type": "scatter",
            "x": _f32(m),
            "y": _f32(expected),
            "mode": "lines",
            "name": tr(f"{NS}.lln_expected"),
            "line": {"color": GREY, "dash": "dash", "width": 2},
            "hovertemplate": "n = %{x:,.0f}<br>%{y:.3g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(m[keep]),
            "y": _f32(tv[keep]),
            "mode": "lines+markers",
            "name": tr(f"{NS}.lln_observed"),
            "line": {"color": BLUE, "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "n = %{x:,.0f}<br>TV = %{y:.4f}<extra></extra>",
        },
    ]
    return theme.figure(
        tr(f"{NS}.lln_title"),
        data,
        height=360,
        xaxis=_title(tr(f"{NS}.n_axis"), type="log", dtick="D2"),
        yaxis=_title(tr(f"{NS}.tv_axis"), type="log", dtick="D2"),
    )


def gradient_bars(
    names: Sequence[str], grad: np.ndarray, label: int, temperature: float, tr: Translator
) -> go.Figure:
    """∂L/∂z_i = (p_i − [i = y]) / T per class: the true class negative, the rest positive."""
    data = [
        {
            "type": "bar",
            "x": _f32(np.arange(len(names))),
            "y": _f32(grad),
            "marker": {"color": [VERMILLION if i == label else BLUE for i in range(len(names))]},
            "hovertext": list(names),
            "hovertemplate": "%{hovertext}<br>∂L/∂z = %{y:.4g}<extra></extra>",
        }
    ]
    return theme.figure(
        tr(f"{NS}.grad_title", T=_g(temperature)),
        data,
        height=360,
        showlegend=False,
        xaxis=_class_axis(names, label, tr),
        yaxis=_title(tr(f"{NS}.grad_axis")),
    )


def jacobian_heatmap(names: Sequence[str], jac: np.ndarray, tr: Translator) -> go.Figure:
    """Heatmap of J[i, j] = ∂p_i/∂z_j on a diverging scale centred at 0."""
    k = len(names)
    limit = float(np.max(np.abs(jac))) or 1.0
    heat = {
        "type": "heatmap",
        "z": _f32(jac),
        "x": _f32(np.arange(k)),
        "y": _f32(np.arange(k)),
        "colorscale": "RdBu",
        "zmid": 0,
        "zmin": -limit,
        "zmax": limit,
        "colorbar": {"thickness": 12, "title": {"text": "∂p/∂z"}},
        "hovertemplate": "i = %{y}, j = %{x}<br>∂p_i/∂z_j = %{z:.4g}<extra></extra>",
    }
    if k <= 8:
        heat["texttemplate"] = "%{z:.3f}"
    tick = {
        "tickvals": _f32(np.arange(k)),
        "ticktext": list(names),
        "showgrid": False,
        "zeroline": False,
        "tickangle": 0 if k <= 10 else -35,
    }
    return theme.figure(
        tr(f"{NS}.jac_title"),
        [heat],
        height=min(620, 300 + 24 * k),
        xaxis=_title(tr(f"{NS}.jac_x"), **tick),
        yaxis=_title(tr(f"{NS}.jac_y"), autorange="reversed", **tick),
    )


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
    data = [
        {
            "type": "scatter",
            "x": _f32(z),
            "y": _f32(sig),
            "mode": "lines",
            "name": "σ(z)",
            "line": {"color": BLUE, "width": 2.5},
            "hovertemplate": "z = %{x:.2f}<br>σ(z) = %{y:.4f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(z_dots),
            "y": _f32(softmax_dots),
            "mode": "markers",
            "name": "softmax([z, 0])₀",
            "marker": {"color": ORANGE, "size": 8, "symbol": "circle-open", "line": {"width": 2}},
            "hovertemplate": "z = %{x:.2f}<br>softmax([z, 0])₀ = %{y:.4f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32(z),
            "y": _f32(sig_t),
            "mode": "lines",
            "name": f"σ(z/T), T = {_g(temperature)}",
            "line": {"color": GREEN, "dash": "dash", "width": 2},
            "hovertemplate": "z = %{x:.2f}<br>σ(z/T) = %{y:.4f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([z_now]),
            "y": _f32([p_now]),
            "mode": "markers",
            "name": tr(f"{NS}.current_z"),
            "marker": {"color": VERMILLION, "size": 13, "line": {"color": "white", "width": 1.5}},
            "hovertemplate": "z = %{x:.2f}<br>%{y:.4f}<extra></extra>",
        },
    ]
    return theme.figure(
        tr(f"{NS}.sigmoid_title"),
        data,
        height=360,
        xaxis=_title(tr(f"{NS}.z_axis")),
        yaxis=_title(tr(f"{NS}.p0_axis"), range=[-0.03, 1.03]),
    )


def distillation_scaling(
    temperatures: np.ndarray,
    raw: np.ndarray,
    scaled: np.ndarray,
    hard: float,
    temperature: float,
    tr: Translator,
) -> go.Figure:
    """Soft-target gradient size vs T, with and without the T² factor (log–log)."""
    keep = (raw > 0) & (scaled > 0)  # a student equal to its teacher has no gradient
    ts = _f32(temperatures)
    values = np.concatenate([raw[keep], scaled[keep], [hard]])
    data = [
        {
            "type": "scatter",
            "x": ts[keep],
            "y": _f32(raw[keep]),
            "mode": "lines",
            "name": tr(f"{NS}.distill_raw"),
            "line": {"color": VERMILLION, "width": 2.5},
            "hovertemplate": "T = %{x:.3g}<br>‖∇‖ = %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": ts[keep],
            "y": _f32(scaled[keep]),
            "mode": "lines",
            "name": tr(f"{NS}.distill_scaled"),
            "line": {"color": BLUE, "width": 2.5},
            "hovertemplate": "T = %{x:.3g}<br>T²·‖∇‖ = %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": ts[[0, -1]],
            "y": _f32([hard, hard]),
            "mode": "lines",
            "name": tr(f"{NS}.distill_hard"),
            "line": {"color": GREY, "dash": "dash", "width": 2},
            "hovertemplate": "‖p − y‖ = %{y:.4g}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": _f32([temperature, temperature]),
            "y": _f32([values.min(), values.max()]),
            "mode": "lines",
            "showlegend": False,
            "line": {"color": ORANGE, "dash": "dot", "width": 1.5},
            "hoverinfo": "skip",
        },
    ]
    return theme.figure(
        tr(f"{NS}.distill_title"),
        data,
        height=380,
        xaxis=_title(tr(f"{NS}.temperature_axis"), type="log"),
        yaxis=_title(tr(f"{NS}.distill_axis"), type="log", exponentformat="power"),
    )


# ---------------------------------------------------------------------------
# Formulas and tables with the user's numbers. Pure string builders: the page
# passes its number formatters (``tex``/``fmt`` from ``playground.app.format``)
# so that ∞ and NaN are always written as ∞ and —, never as raw "nan".
# ---------------------------------------------------------------------------


def formula_lines(
    z: np.ndarray,
    y: int,
    temperature: float,
    p: np.ndarray,
    logp: np.ndarray,
    loss: float,
    grad: np.ndarray,
    tex,
    tex_list,
    tr: Translator,
) -> tuple[list[str], list[str]]:
    """LaTeX for p_y (max-shifted), the loss and its gradient with the numbers substituted,
    and the notes that go with them (translated)."""
    ns = "softmax_temperature"
    m = float(np.max(z))
    shifted_sum = 1.0 / float(np.max(p))  # sum_j exp((z_j - m)/T), whose largest term is 1
    tiny = p[y] <= 1e-300  # below the smallest double: show the power, not 0
    p_y = rf"e^{{{tex(logp[y])}}}" if tiny else tex(p[y])
    lines = [
        rf"p_{{{y}}} = \frac{{e^{{(z_{{{y}}} - m)/T}}}}{{\sum_j e^{{(z_j - m)/T}}}}"
        rf" = \frac{{e^{{({tex(z[y])} - {tex(m)})/{tex(temperature)}}}}}{{{tex(shifted_sum)}}}"
        rf" = {p_y}",
        rf"L = -\log p_{{{y}}} = \log\sum_j e^{{z_j/T}} - \frac{{z_{{{y}}}}}{{T}}"
        rf" = {tex(loss)}\ \text{{{tr(f'{ns}.nats')}}}",
    ]
    notes = []
    if len(z) <= 8:
        lines.append(
            rf"\frac{{\partial L}}{{\partial z}} = \frac{{p - e_{{{y}}}}}{{T}} = {tex_list(grad)}"
        )
    else:
        lines.append(
            rf"\frac{{\partial L}}{{\partial z_{{{y}}}}} = \frac{{p_{{{y}}} - 1}}{{T}}"
            rf" = {tex(grad[y])}"
        )
        notes.append(tr(f"{ns}.formula.vector_hidden", k=len(z)))
    if tiny:
        notes.append(tr(f"{ns}.formula.tiny_p"))
    return lines, notes


def naive_table(names: Sequence[str], result, fmt, tr: Translator) -> str:
    """A Markdown table comparing the naive and the max-shifted computation.

    ``result`` is a :class:`playground.softmax.NaiveSoftmax`; undefined naive
    probabilities are written in words (``undefined (∞/∞)`` or ``(0/0)``).
    Class names are plain text (the page only accepts letters, digits, spaces
    and ``.'+-#&/()``), so they cannot break the table.
    """
    ns = "softmax_temperature.naive"
    undefined = tr(f"{ns}.undefined_inf" if result.status == "overflow" else f"{ns}.undefined_zero")
    shifted = result.stable / np.max(result.stable)  # exp((z - m)/T) = p / max p
    columns = [
        (tr(f"{ns}.col_class"), list(names)),
        (tr(f"{ns}.col_scaled"), [fmt(v) for v in result.scaled]),
        (tr(f"{ns}.col_exp"), [fmt(v) for v in result.exps]),
        (tr(f"{ns}.col_naive"), [undefined if np.isnan(v) else fmt(v) for v in result.probs]),
        (tr(f"{ns}.col_shifted"), [fmt(v) for v in shifted]),
        (tr(f"{ns}.col_stable"), [fmt(v) for v in result.stable]),
    ]
    rows = ["| " + " | ".join(title for title, _ in columns) + " |", "|" + "---|" * len(columns)]
    for i in range(len(names)):
        rows.append("| " + " | ".join(values[i] for _, values in columns) + " |")
    return "\n".join(rows)


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
