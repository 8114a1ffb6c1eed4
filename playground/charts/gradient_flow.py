"""Plotly figures for the residual connections & LSTM gates page: arrays in, figure out.

Every builder takes the translator ``tr`` (``tr(key, **values) -> str``) for its
title, axis titles, legend and hover labels, and returns a fast
:func:`playground.charts.theme.figure` spec with float32 data.

Gradient norms span hundreds of decades (a plain sigmoid net at depth 50 sends
back 1e-32 of the gradient, an RNN over 100 steps 1e-60 and less), beyond what
float32 can carry (it stops at about 1e-38). So the log-scale charts here draw
``log10`` of the values on a linear axis whose ticks read ``10ⁿ``, and hover
shows the exact value as text. Zeros and infinities cannot sit on a log axis:
they are left out of the line, and the builders say so in a note.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "block_formula",
    "forget_sweep",
    "gates_heatmap",
    "gradient_norms",
    "log_ticks",
    "memory_curves",
    "singular_values",
    "spread_per_layer",
    "step_formula",
]

NS = "residual_lstm.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
_NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _g(x: float, digits: int = 3) -> str:
    """Compact number for titles and hover text (∞ and — for the non-finite)."""
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{x:.{digits}g}"
    return text.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")


def _labels(values: np.ndarray) -> list[str]:
    """``_g`` for many finite values at once (hover text of long curves)."""
    text = np.char.mod("%.3g", values)
    for old, new in (("e+0", "e"), ("e-0", "e-"), ("e+", "e")):
        text = np.char.replace(text, old, new)
    return text.tolist()


def _pow10(k: int) -> str:
    if k == 0:
        return "1"
    if k == 1:
        return "10"
    return "10" + str(k).translate(_SUPERSCRIPT)


def log_ticks(lo: float, hi: float, *, most: int = 7) -> tuple[list[float], list[str]]:
    """Round integer exponents covering ⌊lo⌋ .. ⌈hi⌉ (at most ``most``) and their ``10ⁿ`` labels.

    Examples
    --------
    >>> log_ticks(-2.5, 0.3)
    ([-3.0, -2.0, -1.0, 0.0, 1.0], ['10⁻³', '10⁻²', '10⁻¹', '1', '10'])
    >>> log_ticks(-60.2, 0.5)[0]
    [-80.0, -60.0, -40.0, -20.0, 0.0, 20.0]
    """
    a, b = math.floor(lo), math.ceil(hi)
    if b <= a:
        b = a + 1
    for step in _NICE_STEPS:  # the smallest round step that needs at most `most` ticks
        start = a - (a % step)
        values = list(range(start, b + step, step))
        if len(values) <= most:
            break
    return [float(v) for v in values], [_pow10(v) for v in values]


def _log_trace(x, values, *, name: str, hover: str, **style) -> tuple[dict, bool, np.ndarray]:
    """A line of log10(values) (positive finite ones), hover text with the exact values.

    Returns the trace, whether some values were left out, and the log10 values drawn.
    """
    v = np.asarray(values, dtype=float)
    x = np.asarray(x)
    ok = np.isfinite(v) & (v > 0)
    logs = np.log10(v[ok])
    trace = {
        "type": "scatter",
        "x": theme.f32(x[ok]),
        "y": theme.f32(logs),
        "name": name,
        "text": _labels(v[ok]),
        "hovertemplate": hover + "<extra></extra>",
        **style,
    }
    return trace, bool((~ok).any()), logs


def _log_axis(title: str, logs: list[np.ndarray], *, floor: float | None = None) -> dict:
    drawn = [a for a in logs if a.size]
    lo = min((float(a.min()) for a in drawn), default=-1.0)
    hi = max((float(a.max()) for a in drawn), default=1.0)
    if floor is not None:
        lo = min(lo, floor)
    vals, text = log_ticks(lo, hi)
    pad = 0.04 * max(hi - lo, 1.0)
    return {
        "title": {"text": title},
        "tickvals": vals,
        "ticktext": text,
        "range": [lo - pad, hi + pad],
        "zeroline": False,
    }


def _note(text: str) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "y": 1.0,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 11, "color": GREY},
    }


def _per_layer(
    plain: np.ndarray,
    residual: np.ndarray,
    tr: Translator,
    *,
    hover: str,
    title: str,
    axis: str,
    height: int,
    legend_y: float,
) -> go.Figure:
    """A per-layer quantity of the plain and the residual net (0 = input), on a log scale."""
    layers = np.arange(len(plain))
    a, cut_a, la = _log_trace(
        layers,
        plain,
        name=tr(f"{NS}.plain"),
        hover=hover,
        mode="lines+markers",
        line={"color": ORANGE, "width": 2.5},
        marker={"size": 5},
    )
    b, cut_b, lb = _log_trace(
        layers,
        residual,
        name=tr(f"{NS}.residual"),
        hover=hover,
        mode="lines+markers",
        line={"color": BLUE, "width": 2.5},
        marker={"size": 5},
    )
    notes = [_note(tr(f"{NS}.not_drawn"))] if (cut_a or cut_b) else []
    return theme.figure(
        title,
        [a, b],
        height=height,
        xaxis={"title": {"text": tr(f"{NS}.layer_axis")}},
        yaxis=_log_axis(axis, [la, lb]),
        annotations=notes,
        legend={"y": legend_y},
        hovermode="x unified",
    )


def gradient_norms(plain: np.ndarray, residual: np.ndarray, tr: Translator) -> go.Figure:
    """‖∂L/∂h_l‖ against the layer l (0 = input), plain and residual, on a log scale."""
    return _per_layer(
        plain,
        residual,
        tr,
        hover=tr(f"{NS}.layer") + " %{x}<br>‖∂L/∂h‖ = %{text}",
        title=tr(f"{NS}.grad_title"),
        axis=tr(f"{NS}.grad_axis"),
        height=400,
        legend_y=-0.22,
    )


def spread_per_layer(plain: np.ndarray, residual: np.ndarray, tr: Translator) -> go.Figure:
    """Standard deviation of h_l per layer (the forward view), plain and residual, log scale."""
    return _per_layer(
        plain,
        residual,
        tr,
        hover=tr(f"{NS}.layer") + " %{x}<br>" + tr(f"{NS}.spread") + " = %{text}",
        title=tr(f"{NS}.spread_title"),
        axis=tr(f"{NS}.spread_axis"),
        height=360,
        legend_y=-0.25,
    )


def singular_values(
    plain_sv: np.ndarray, residual_sv: np.ndarray, layer: int, tr: Translator
) -> go.Figure:
    """Singular values of block ``layer``'s Jacobian, plain vs residual, with the line σ = 1."""
    k = np.arange(1, len(plain_sv) + 1)
    hover = "k = %{x}<br>σ = %{y:.4g}<extra></extra>"
    data = [
        {
            "type": "scatter",
            "x": theme.f32(k),
            "y": theme.f32(np.nan_to_num(plain_sv, posinf=3e38)),
            "mode": "markers+lines",
            "name": tr(f"{NS}.sv_plain"),
            "line": {"color": ORANGE, "width": 1.5},
            "marker": {"size": 7},
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "x": theme.f32(k),
            "y": theme.f32(np.nan_to_num(residual_sv, posinf=3e38)),
            "mode": "markers+lines",
            "name": tr(f"{NS}.sv_residual"),
            "line": {"color": BLUE, "width": 1.5},
            "marker": {"size": 7, "symbol": "diamond"},
            "hovertemplate": hover,
        },
    ]
    one = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": 1,
        "y1": 1,
        "line": {"color": GREY, "dash": "dash", "width": 1.5},
    }
    return theme.figure(
        tr(f"{NS}.sv_title", l=layer),
        data,
        height=360,
        shapes=[one],
        xaxis={"title": {"text": tr(f"{NS}.sv_axis_k")}},
        yaxis={"title": {"text": tr(f"{NS}.sv_axis")}, "rangemode": "tozero"},
        legend={"y": -0.25},
    )


def gates_heatmap(trace, tr: Translator) -> go.Figure:
    """Four stacked heatmaps (rows: units, columns: steps): i, f, o in [0, 1] and the cell c.

    ``trace`` is a :class:`playground.gradient_flow.LSTMTrace`.
    """
    T, H = trace.c.shape
    steps = theme.f32(np.arange(1, T + 1))
    units = theme.f32(np.arange(H))
    panels = (("i", trace.i), ("f", trace.f), ("o", trace.o), ("c", trace.c))
    gap = 0.035
    height = (1 - 3 * gap) / 4
    limit = max(float(np.max(np.abs(trace.c))), 1e-6)
    data, names, layout = [], [], {}
    for k, (name, values) in enumerate(panels):
        top = 1 - k * (height + gap)
        axis = "y" if k == 0 else f"y{k + 1}"
        gate = name != "c"
        heat = {
            "type": "heatmap",
            "x": steps,
            "y": units,
            "z": theme.f32(values.T),
            "xaxis": "x",
            "yaxis": axis,
            "colorscale": "Viridis" if gate else "PuOr",
            "zmin": 0.0 if gate else -limit,
            "zmax": 1.0 if gate else limit,
            "hovertemplate": tr(f"{NS}.step")
            + " %{x}<br>"
            + tr(f"{NS}.unit")
            + f" %{{y}}<br>{name} = %{{z:.4f}}<extra></extra>",
            "showscale": name in ("i", "c"),
        }
        if name == "i":
            heat["colorbar"] = {
                "len": 3 * height + 2 * gap,
                "y": 1.0,
                "yanchor": "top",
                "thickness": 12,
                "title": {"text": tr(f"{NS}.gate_scale")},
            }
        elif name == "c":
            heat["colorbar"] = {
                "len": height,
                "y": 0.0,
                "yanchor": "bottom",
                "thickness": 12,
                "title": {"text": "c"},
                "tickvals": [-limit, 0.0, limit],  # three ticks fit a short bar
                "ticktext": [_g(-limit, 2), "0", _g(limit, 2)],
            }
        data.append(heat)
        names.append(
            {
                "text": f"<b>{name}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 0.0,
                "y": top - height / 2,
                "xanchor": "right",
                "xshift": -26,
                "showarrow": False,
                "font": {"size": 17},
            }
        )
        layout["yaxis" if k == 0 else f"yaxis{k + 1}"] = {
            "domain": [max(top - height, 0.0), top],
            "showticklabels": H <= 8,
            "showgrid": False,
            "zeroline": False,
            "autorange": "reversed",
        }
    return theme.figure(
        tr(f"{NS}.gates_title"),
        data,
        height=470,
        xaxis={"title": {"text": tr(f"{NS}.step_axis")}, "anchor": "y4", "showgrid": False},
        annotations=names,
        margin={"l": 56, "r": 10, "t": 48, "b": 10},
        **layout,
    )


def memory_curves(
    full: np.ndarray,
    direct: np.ndarray,
    rnn: np.ndarray,
    threshold: float,
    tr: Translator,
) -> go.Figure:
    """‖∂c_T/∂c_t‖ (LSTM, all paths and direct path) and ‖∂h_T/∂h_t‖ (RNN) against t, log scale."""
    t = np.arange(len(full))
    hover = "t = %{x}<br>%{fullData.name}: %{text}"
    lines = (
        (full, tr(f"{NS}.lstm_full"), {"color": BLUE, "width": 2.5}),
        (direct, tr(f"{NS}.lstm_direct"), {"color": BLUE, "width": 2, "dash": "dash"}),
        (rnn, tr(f"{NS}.rnn"), {"color": VERMILLION, "width": 2.5}),
    )
    data, logs, cut = [], [], False
    for values, name, line in lines:
        trace, dropped, drawn = _log_trace(
            t, values, name=name, hover=hover, mode="lines", line=line
        )
        data.append(trace)
        logs.append(drawn)
        cut |= dropped
    level = math.log10(threshold)
    rule = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": level,
        "y1": level,
        "line": {"color": GREY, "dash": "dot", "width": 1.5},
    }
    label = {
        "text": tr(f"{NS}.threshold", pct=_g(100 * threshold)),
        "xref": "x domain",
        "x": 0.0,
        "y": level,
        "yref": "y",
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 11, "color": GREY},
    }
    notes = [label] + ([_note(tr(f"{NS}.not_drawn"))] if cut else [])
    return theme.figure(
        tr(f"{NS}.memory_title"),
        data,
        height=400,
        shapes=[rule],
        annotations=notes,
        xaxis={"title": {"text": tr(f"{NS}.t_axis")}},
        yaxis=_log_axis(tr(f"{NS}.memory_axis"), logs, floor=level),
        legend={"y": -0.22},
        hovermode="x unified",
    )


def forget_sweep(sweep, current: float, tr: Translator) -> go.Figure:
    """‖∂c_T/∂c_0‖ (all paths, direct path) against the forget bias, the current bias marked.

    ``sweep`` is a :class:`playground.gradient_flow.ForgetSweep`.
    """
    b = np.asarray(sweep.biases, dtype=float)
    hover = "b_f = %{x}<br>%{fullData.name}: %{text}"
    full, cut_a, la = _log_trace(
        b,
        sweep.full,
        name=tr(f"{NS}.lstm_full0"),
        hover=hover,
        mode="lines+markers",
        line={"color": BLUE, "width": 2.5},
    )
    direct, cut_b, lb = _log_trace(
        b,
        sweep.direct,
        name=tr(f"{NS}.lstm_direct0"),
        hover=hover,
        mode="lines+markers",
        line={"color": BLUE, "width": 2, "dash": "dash"},
    )
    mark = {
        "type": "line",
        "x0": current,
        "x1": current,
        "xref": "x",
        "yref": "y domain",
        "y0": 0,
        "y1": 1,
        "line": {"color": ORANGE, "dash": "dot", "width": 2},
    }
    notes = [_note(tr(f"{NS}.not_drawn"))] if (cut_a or cut_b) else []
    return theme.figure(
        tr(f"{NS}.sweep_title"),
        [full, direct],
        height=380,
        shapes=[mark],
        annotations=notes,
        xaxis={"title": {"text": tr(f"{NS}.bias_axis")}},
        yaxis=_log_axis(tr(f"{NS}.sweep_axis"), [la, lb]),
        legend={"y": -0.25},
        hovermode="x unified",
    )


# ---------------------------------------------------------------------------
# LaTeX with the user's numbers
# ---------------------------------------------------------------------------


def _entry(v: float, tex) -> str:
    """A matrix entry: three decimals show the structure (≈ I + small) at a glance."""
    if not math.isfinite(v) or abs(v) >= 1000:
        return tex(v, 2)
    text = f"{v:.3f}"
    return "0.000" if text == "-0.000" else text


def _corner(M: np.ndarray, tex, size: int = 3) -> str:
    """The top-left ``size × size`` corner of M as a pmatrix, with dots when M is larger."""
    n = M.shape[0]
    k = min(size, n)
    rows = []
    for i in range(k):
        cells = [_entry(float(M[i, j]), tex) for j in range(k)] + ([r"\cdots"] if n > k else [])
        rows.append(" & ".join(cells))
    if n > k:
        rows.append(" & ".join([r"\vdots"] * k + [r"\ddots"]))
    return r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"


def block_formula(view, activation: str, labels: tuple[str, str], tex) -> list[str]:
    """LaTeX of block l's Jacobian in the plain net, diag(f'(u))W, and in the residual net,
    I + ∂F/∂h (the top-left corner of each matrix), and the range of their singular values,
    which decides whether a product of many such factors collapses.

    ``view`` is a :class:`playground.gradient_flow.BlockView`; ``labels`` are the
    translated words for "plain" and "residual".
    """
    lay = view.layer
    f = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{ReLU}"}.get(activation, "f")
    dh = rf"\frac{{\partial h_{{{lay + 1}}}}}{{\partial h_{{{lay}}}}}"
    factor = rf"\operatorname{{diag}}\!\big({f}'(u_{{{lay}}})\big)\,W_{{{lay}}}"
    plain, residual = (rf"\text{{{label}}}\quad" for label in labels)
    dF = rf"\frac{{\partial F}}{{\partial h_{{{lay}}}}}"
    jacobians = (
        r"\begin{aligned}"
        rf"{plain} {dh} &= {factor} = {_corner(view.plain, tex)} \\[6pt]"
        rf"{residual} {dh} &= I + {dF} = {_corner(view.residual, tex)}"
        r"\end{aligned}"
    )
    singular = (
        rf"\sigma_{{\text{{{labels[0]}}}}} \in"
        rf" [{tex(view.plain_sv[-1], 3)},\ {tex(view.plain_sv[0], 3)}]"
        rf"\qquad \sigma_{{\text{{{labels[1]}}}}} \in"
        rf" [{tex(view.residual_sv[-1], 3)},\ {tex(view.residual_sv[0], 3)}]"
    )
    return [jacobians, singular]


def step_formula(trace, params, t: int, unit: int, tex) -> str:
    """The four gate equations, c_t and h_t of step ``t`` for one unit, numbers substituted.

    Each pre-activation is written as input part + recurrent part + bias.
    ``trace`` is a :class:`playground.gradient_flow.LSTMTrace`, ``params`` the
    :class:`playground.gradient_flow.LSTMParams` that produced it.
    """
    H = trace.c.shape[1]
    j = unit
    x = trace.xs[t - 1]
    h_prev, c_prev = trace.previous(t)
    rows = []
    gates = (("i", r"\sigma", trace.i), ("f", r"\sigma", trace.f))
    gates += (("g", r"\tanh", trace.g), ("o", r"\sigma", trace.o))
    for k, (name, fn, values) in enumerate(gates):
        r = k * H + j
        a = float(params.W_ih[r] @ x)
        b = float(params.W_hh[r] @ h_prev)
        c = float(params.b_ih[r] + params.b_hh[r])
        u = float(trace.pre[t - 1, r])
        parts = " ".join(
            [tex(a, 3)] + [(f"- {tex(-v, 3)}" if v < 0 else f"+ {tex(v, 3)}") for v in (b, c)]
        )
        rows.append(
            rf"{name}_{{{t}}} &= {fn}({parts}) = {fn}({tex(u, 4)}) = {tex(values[t - 1, j], 4)}"
        )
    f, i, g, o = (float(v[t - 1, j]) for v in (trace.f, trace.i, trace.g, trace.o))
    c_new = float(trace.c[t - 1, j])
    rows.append(rf"c_{{{t}}} &= f_{{{t}}}\,c_{{{t - 1}}} + i_{{{t}}}\,g_{{{t}}}")
    rows.append(
        rf"&= {tex(f, 4)}\cdot {_paren(c_prev[j], tex)} + {tex(i, 4)}\cdot {_paren(g, tex)}"
        rf" = {tex(c_new, 4)}"
    )
    rows.append(
        rf"h_{{{t}}} &= o_{{{t}}} \tanh(c_{{{t}}}) = {tex(o, 4)}\cdot\tanh({tex(c_new, 4)})"
        rf" = {tex(float(trace.h[t - 1, j]), 4)}"
    )
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _paren(v: float, tex) -> str:
    text = tex(float(v), 4)
    return f"({text})" if float(v) < 0 else text
