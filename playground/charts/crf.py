"""Plotly figures for the CRF sequence-labelling page: arrays in, figures out.

Every builder takes the translator ``tr`` for titles, axis titles, legends and
hover labels, sends float32 arrays and draws the tag lattice the same way:
tokens left to right (``x``), tags top to bottom (``y``).

The two dynamic-programming tables (:func:`forward_table`,
:func:`viterbi_table`) are Plotly animations: the figure shows the finished
table, and its play button and slider fill it column by column in the
browser (``frames``), with no server rerun per step. Frames are plain
JSON-ready lists (a cell not filled yet is ``None``, drawn as a gap).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.charts import animation, theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "decoding_figure",
    "forward_recursion_formula",
    "forward_table",
    "gold_score_waterfall",
    "gradient_emissions",
    "gradient_transitions",
    "lattice",
    "path_scores",
    "score_formula",
    "viterbi_table",
]

NS = "crf_sequence.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
_f32 = theme.f32
#: How far below the best cell a table's colour scale reaches (a forbidden
#: transition of −10⁴ would otherwise wash out every other colour).
_COLOUR_SPAN = 25.0
# Pixels below the plot area: the token ticks, then the step slider, then the buttons.
_SLIDER_TOP, _BUTTONS_TOP, _CONTROLS_MARGIN = 32, 78, 125


def _g(x: float, digits: int = 3) -> str:
    """Compact number for titles and cells (never 'nan': non-finite shows as ∞ or —)."""
    if not math.isfinite(x):
        return "—" if math.isnan(x) else ("∞" if x > 0 else "−∞")
    text = f"{x:.{digits}g}"
    return text.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e").replace("-", "−")


def _cell(x: float) -> str:
    """A table cell: 3 significant digits, rounding noise below 1e-4 shown as 0."""
    return _g(round(x, 4) if math.isfinite(x) else x)


def _token_axis(tokens: Sequence[str], tr: Translator, **extra) -> dict:
    return {
        "tickvals": _f32(np.arange(len(tokens))),
        "ticktext": list(tokens),
        "title": {"text": tr(f"{NS}.token_axis")},
        "showgrid": False,
        "zeroline": False,
        **extra,
    }


def _tag_axis(names: Sequence[str], tr: Translator) -> dict:
    return {
        "tickvals": _f32(np.arange(len(names))),
        "ticktext": list(names),
        "title": {"text": tr(f"{NS}.tag_axis")},
        "autorange": "reversed",
        "showgrid": False,
        "zeroline": False,
    }


def _cells(tokens: Sequence[str], names: Sequence[str]) -> list[list[str]]:
    """ "token · tag" for every cell, rows = tags (the heatmap's z layout)."""
    return [[f"{tok} · {name}" for tok in tokens] for name in names]


def _path_traces(path, name: str, colour: str, *, width: float, dash: str, ring: str) -> list:
    """A tag path: segments between neighbouring cells (clear of the cell text) and rings
    around its cells, one legend entry."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for t in range(1, len(path)):
        xs += [t - 1 + 0.3, t - 0.3, None]
        ys += [float(path[t - 1]), float(path[t]), None]
    group = f"path-{name}"
    return [
        {
            "type": "scatter",
            "x": xs or [None],
            "y": ys or [None],
            "mode": "lines",
            "name": name,
            "legendgroup": group,
            "line": {"color": colour, "width": width, "dash": dash},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _f32(np.arange(len(path))),
            "y": _f32(path),
            "mode": "markers",
            "name": name,
            "legendgroup": group,
            "showlegend": False,
            "marker": {
                "symbol": ring,
                "size": 32 if ring.startswith("circle") else 20,
                "color": colour,
                "line": {"color": colour, "width": 3 if ring.startswith("circle") else 2},
            },
            "hoverinfo": "skip",
        },
    ]


def _lattice_height(k: int) -> int:
    return 150 + 46 * k


# ---------------------------------------------------------------------------
# The lattice
# ---------------------------------------------------------------------------


def lattice(
    tokens: Sequence[str],
    names: Sequence[str],
    marginals: np.ndarray,
    emissions: np.ndarray,
    gold: np.ndarray,
    best: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Tokens × tags: posterior marginals as a heatmap, the gold and the Viterbi path on top."""
    heat = {
        "type": "heatmap",
        "z": _f32(marginals.T),
        "x": _f32(np.arange(len(tokens))),
        "y": _f32(np.arange(len(names))),
        "zmin": 0.0,
        "zmax": 1.0,
        "colorscale": "Blues",
        "texttemplate": "%{z:.0%}",
        "customdata": _f32(emissions.T),
        "hovertext": _cells(tokens, names),
        "hovertemplate": "%{hovertext}<br>P(yₜ = k | x) = %{z:.4f}<br>"
        + tr(f"{NS}.emission")
        + " E = %{customdata:.4g}<extra></extra>",
        "colorbar": {"thickness": 12, "title": {"text": "P"}, "len": 0.8},
        "showlegend": False,
    }
    data = [
        heat,
        *_path_traces(gold, tr(f"{NS}.gold"), GREEN, width=6, dash="solid", ring="circle-open"),
        *_path_traces(
            best, tr(f"{NS}.viterbi"), VERMILLION, width=2.5, dash="dash", ring="square-open"
        ),
    ]
    return theme.figure(
        tr(f"{NS}.lattice_title"),
        data,
        height=_lattice_height(len(names)),
        xaxis=_token_axis(tokens, tr),
        yaxis=_tag_axis(names, tr),
        legend={"y": -0.3},
    )


# ---------------------------------------------------------------------------
# The gold path's score against log Z
# ---------------------------------------------------------------------------


def gold_score_waterfall(
    labels: Sequence[str],
    hovers: Sequence[str],
    terms: np.ndarray,
    score: float,
    log_z: float,
    tr: Translator,
) -> go.Figure:
    """The gold score built term by term (start, emissions, transitions, end), then log Z.

    ``labels`` and ``hovers`` name each term (short tick / full hover text).
    The gap between the total and the log Z bar is the loss.
    """
    n = len(terms)
    x = np.arange(n + 1)
    water = {
        "type": "waterfall",
        "x": _f32(x),
        "y": _f32([*terms, score]),
        "measure": ["relative"] * n + ["total"],
        # Values on the bars only while they fit; hover always has them.
        "text": [_g(v) if n <= 9 else "" for v in terms] + [_g(score, 4)],
        "textposition": "outside",
        "hovertext": [*hovers, tr(f"{NS}.score_total")],
        "hovertemplate": "%{hovertext}<br>%{y:.4g}<extra></extra>",
        "increasing": {"marker": {"color": BLUE}},
        "decreasing": {"marker": {"color": VERMILLION}},
        "totals": {"marker": {"color": GREEN}},
        "connector": {"line": {"color": GREY, "width": 1, "dash": "dot"}},
        "name": tr(f"{NS}.score_total"),
        "cliponaxis": False,
    }
    z_bar = {
        "type": "bar",
        "x": _f32([n + 1]),
        "y": _f32([log_z]),
        "marker": {"color": PURPLE},
        "name": "log Z",
        "text": [_g(log_z, 4)],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "log Z = %{y:.6g}<extra></extra>",
    }
    top = max(float(np.max(np.cumsum(terms))), log_z, score, 0.0)
    low = min(float(np.min(np.cumsum(terms))), score, log_z, 0.0)
    pad = 0.15 * (top - low) + 0.3
    loss = log_z - score
    note = {
        "x": n + 0.5,
        "y": max(score, log_z) + 0.06 * (top - low) + 0.15,
        "xref": "x",
        "yref": "y",
        "text": tr(f"{NS}.loss_note", loss=_g(loss, 4)),
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"color": PURPLE},
    }
    ticks = [*labels, tr(f"{NS}.score_tick"), "log Z"]
    return theme.figure(
        tr(f"{NS}.waterfall_title"),
        [water, z_bar],
        height=380,
        showlegend=False,
        annotations=[note],
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "y",
                "x0": n - 0.4,
                "x1": n + 1.4,
                "y0": log_z,
                "y1": log_z,
                "line": {"color": PURPLE, "dash": "dash", "width": 1.5},
            }
        ],
        xaxis={
            "tickvals": _f32(np.arange(n + 2)),
            "ticktext": ticks,
            "tickangle": -45 if n > 3 else 0,
            "showgrid": False,
        },
        yaxis={"title": {"text": tr(f"{NS}.score_axis")}, "range": [low - pad, top + pad]},
    )


# ---------------------------------------------------------------------------
# Animated dynamic-programming tables
# ---------------------------------------------------------------------------


def _masked(table: np.ndarray, upto: int) -> list[list[float | None]]:
    """Rows = tags, columns = tokens; columns after ``upto`` (and non-finite cells) are None."""
    rows = []
    for k in range(table.shape[1]):
        row = []
        for t in range(table.shape[0]):
            v = float(table[t, k])
            row.append(round(v, 6) if t <= upto and math.isfinite(v) else None)
        rows.append(row)
    return rows


def _box(t: int, k: int) -> dict:
    """The outline of column ``t`` (the column being filled)."""
    x0, x1, y0, y1 = t - 0.5, t + 0.5, -0.5, k - 0.5
    return {"x": [x0, x1, x1, x0, x0], "y": [y0, y0, y1, y1, y0]}


def _colour_range(table: np.ndarray) -> tuple[float, float]:
    finite = table[np.isfinite(table)]
    if finite.size == 0:
        return 0.0, 1.0
    top = float(finite.max())
    low = max(float(finite.min()), top - _COLOUR_SPAN)
    return (low, top) if top > low else (low - 1.0, top + 1.0)


def _animation_controls(tokens: Sequence[str], tr: Translator, prefix: str) -> dict:
    """Play / pause buttons and a slider with one step per token (frame names f"{prefix}{t}"),
    the slider's steps right under the table's columns (unlabelled: the column above is
    the token), the buttons below it."""
    n = len(tokens)
    return animation.controls(
        range(n),
        active=n - 1,
        prefix=prefix,
        play=tr(f"{NS}.play"),
        pause=tr(f"{NS}.pause"),
        readout=None,
        duration=900,
        fromcurrent=False,
        labels=[""] * n,
        # From the first column's centre to the last one's: each step under its column.
        place=(0.5 / n, max((n - 1) / n, 0.05)),
        slider_top=_SLIDER_TOP,
        buttons_top=_BUTTONS_TOP,
    )


def _table_heat(table, tokens, names, hover) -> dict:
    low, top = _colour_range(table)
    return {
        "type": "heatmap",
        "z": _masked(table, table.shape[0] - 1),
        "x": _f32(np.arange(len(tokens))),
        "y": _f32(np.arange(len(names))),
        "zmin": low,
        "zmax": top,
        "colorscale": theme.SEQUENTIAL,
        "texttemplate": "%{text}",
        "text": [
            [_cell(float(table[t, k])) for t in range(len(tokens))] for k in range(len(names))
        ],
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
        "showscale": False,  # every cell shows its number; the width goes to the table
        "xgap": 2,
        "ygap": 2,
    }


def forward_table(
    tokens: Sequence[str],
    names: Sequence[str],
    alpha: np.ndarray,
    emissions: np.ndarray,
    log_z: float,
    tr: Translator,
) -> go.Figure:
    """The forward table log α (tags × tokens), filled column by column by its frames.

    Hover splits each cell as ``E[t, k] + logsumexp_i(α_{t−1}(i) + A[i, k])``.
    """
    t_len, k = alpha.shape
    recursion = alpha - emissions
    hover = [
        [
            f"{tokens[t]} · {names[j]}<br>log α = {_g(alpha[t, j], 6)}"
            + (
                f"<br>= E {_g(emissions[t, j], 4)} + LSE {_g(recursion[t, j], 4)}"
                if t
                else f"<br>= s + E = {_g(alpha[t, j], 6)}"
            )
            for t in range(t_len)
        ]
        for j in range(k)
    ]
    heat = _table_heat(alpha, tokens, names, hover)
    box = {
        "type": "scatter",
        "mode": "lines",
        "line": {"color": ORANGE, "width": 3},
        "hoverinfo": "skip",
        "showlegend": False,
        **{key: _f32(v) for key, v in _box(t_len - 1, k).items()},
    }
    frames = []
    for t in range(t_len):
        text = [
            [_cell(float(alpha[s, j])) if s <= t else "" for s in range(t_len)] for j in range(k)
        ]
        frames.append(
            {
                "name": f"alpha{t}",
                "traces": [0, 1],
                "data": [
                    {"type": "heatmap", "z": _masked(alpha, t), "text": text},
                    {"type": "scatter", **_box(t, k)},
                ],
            }
        )
    fig = theme.figure(
        tr(f"{NS}.forward_title", log_z=_g(log_z, 5)),
        [heat, box],
        height=_lattice_height(k) + 80,
        xaxis=_token_axis(tokens, tr, range=[-0.5, t_len - 0.5], title={"text": ""}),
        yaxis=_tag_axis(names, tr),
        margin={"b": _CONTROLS_MARGIN},
        frames=frames,
        **_animation_controls(tokens, tr, "alpha"),
    )
    return fig


def _backpointer_lines(backpointers: np.ndarray, upto: int) -> dict:
    """Segments from (t − 1, ψ_t(k)) to (t, k) for t ≤ upto, separated by None."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for t in range(1, upto + 1):
        for k, prev in enumerate(backpointers[t]):
            xs += [t - 1 + 0.28, t - 0.28, None]
            ys += [float(prev), float(k), None]
    return {"x": xs, "y": ys}


def viterbi_table(
    tokens: Sequence[str],
    names: Sequence[str],
    delta: np.ndarray,
    backpointers: np.ndarray,
    path: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """The Viterbi table δ with its back-pointers; the last frame traces the best path back."""
    t_len, k = delta.shape
    hover = [
        [
            f"{tokens[t]} · {names[j]}<br>δ = {_g(delta[t, j], 6)}"
            + (f"<br>ψ = {names[int(backpointers[t, j])]}" if t else "")
            for t in range(t_len)
        ]
        for j in range(k)
    ]
    heat = _table_heat(delta, tokens, names, hover)
    pointers = {
        "type": "scatter",
        "mode": "lines",
        "line": {"color": "rgba(30, 30, 30, 0.7)", "width": 1.5},
        "name": tr(f"{NS}.backpointers"),
        "hoverinfo": "skip",
        **_backpointer_lines(backpointers, t_len - 1),
    }
    best = _path_traces(path, tr(f"{NS}.viterbi"), VERMILLION, width=4, dash="solid", ring="x")[0]
    frames = []
    for t in range(t_len):
        last = t == t_len - 1
        text = [
            [_cell(float(delta[s, j])) if s <= t else "" for s in range(t_len)] for j in range(k)
        ]
        frames.append(
            {
                "name": f"delta{t}",
                "traces": [0, 1, 2],
                "data": [
                    {"type": "heatmap", "z": _masked(delta, t), "text": text},
                    {"type": "scatter", **_backpointer_lines(backpointers, t)},
                    {
                        "type": "scatter",
                        "x": best["x"] if last else [None],
                        "y": best["y"] if last else [None],
                    },
                ],
            }
        )
    fig = theme.figure(
        tr(f"{NS}.viterbi_title"),
        [heat, pointers, best],
        height=_lattice_height(k) + 80,
        xaxis=_token_axis(tokens, tr, range=[-0.5, t_len - 0.5], title={"text": ""}),
        yaxis=_tag_axis(names, tr),
        showlegend=False,
        margin={"b": _CONTROLS_MARGIN},
        frames=frames,
        **_animation_controls(tokens, tr, "delta"),
    )
    return fig


# ---------------------------------------------------------------------------
# Brute force, per-token softmax, gradients
# ---------------------------------------------------------------------------


def path_scores(
    labels: Sequence[str],
    scores: np.ndarray,
    probabilities: np.ndarray,
    gold_rank: int | None,
    total: int,
    log_z: float,
    tr: Translator,
) -> go.Figure:
    """The highest path scores, sorted, as dots (gold green, best vermillion) under a log Z line.

    ``labels`` are the paths as tag strings; ``gold_rank`` is the gold path's
    index among the dots (``None`` if it is not shown). The axis reaches at
    most 25 below log Z: paths through a −10⁴ penalty would flatten the rest.
    """
    n = len(scores)
    colours = [VERMILLION if i == 0 else BLUE for i in range(n)]
    if gold_rank is not None:
        colours[gold_rank] = GREEN
    dots = {
        "type": "scatter",
        "mode": "markers",
        "x": _f32(np.arange(1, n + 1)),
        "y": _f32(scores),
        "marker": {"color": colours, "size": [14 if c != BLUE else 9 for c in colours]},
        "customdata": _f32(probabilities),
        "hovertext": list(labels),
        "hovertemplate": "#%{x}: %{hovertext}<br>"
        + tr(f"{NS}.score_axis")
        + " = %{y:.6g}<br>P = %{customdata:.4g}<extra></extra>",
        "name": tr(f"{NS}.paths"),
    }
    low = max(float(np.min(scores)), log_z - _COLOUR_SPAN)
    top = max(float(np.max(scores)), log_z)
    pad = 0.08 * (top - low) + 0.2
    line = {
        "type": "line",
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": log_z,
        "y1": log_z,
        "line": {"color": PURPLE, "dash": "dash", "width": 2},
    }
    note = {
        "x": 1.0,
        "xref": "x domain",
        "xanchor": "right",
        "y": log_z,
        "yref": "y",
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"log Z = {_g(log_z, 6)}",
        "font": {"color": PURPLE},
    }
    return theme.figure(
        tr(f"{NS}.paths_title", n=n, total=f"{total:,}"),
        [dots],
        height=380,
        showlegend=False,
        shapes=[line],
        annotations=[note],
        xaxis={"title": {"text": tr(f"{NS}.rank_axis")}},
        yaxis={"title": {"text": tr(f"{NS}.score_axis")}, "range": [low - pad, top + pad]},
    )


def decoding_figure(
    tokens: Sequence[str],
    names: Sequence[str],
    token_probs: np.ndarray,
    token_path: np.ndarray,
    crf_path: np.ndarray,
    violations: Sequence[int],
    tr: Translator,
) -> go.Figure:
    """Per-token softmax probabilities, the per-token argmax path and the CRF's Viterbi path.

    A red cross marks every token where the per-token path breaks the BIO rule.
    """
    heat = {
        "type": "heatmap",
        "z": _f32(token_probs.T),
        "x": _f32(np.arange(len(tokens))),
        "y": _f32(np.arange(len(names))),
        "zmin": 0.0,
        "zmax": 1.0,
        "colorscale": "Greys",
        "texttemplate": "%{z:.0%}",
        "hovertext": _cells(tokens, names),
        "hovertemplate": "%{hovertext}<br>softmax(Eₜ)ₖ = %{z:.4f}<extra></extra>",
        "colorbar": {"thickness": 12, "title": {"text": "p"}, "len": 0.8},
        "showlegend": False,
    }
    data = [
        heat,
        *_path_traces(
            token_path, tr(f"{NS}.token_path"), ORANGE, width=3, dash="dot", ring="square-open"
        ),
        *_path_traces(
            crf_path, tr(f"{NS}.viterbi"), BLUE, width=3, dash="solid", ring="circle-open"
        ),
    ]
    if violations:
        data.append(
            {
                "type": "scatter",
                "x": _f32(violations),
                "y": _f32([token_path[t] for t in violations]),
                "mode": "markers",
                "name": tr(f"{NS}.violation"),
                "marker": {
                    "symbol": "x-thin-open",
                    "size": 30,
                    "line": {"color": VERMILLION, "width": 4},
                    "color": VERMILLION,
                },
                "opacity": 0.8,
                "hovertext": [
                    tr(f"{NS}.violation_hover", tag=names[token_path[t]]) for t in violations
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return theme.figure(
        tr(f"{NS}.decoding_title"),
        data,
        height=_lattice_height(len(names)),
        xaxis=_token_axis(tokens, tr),
        yaxis=_tag_axis(names, tr),
        legend={"y": -0.3},
    )


def _diverging(values: np.ndarray) -> dict:
    limit = float(np.max(np.abs(values))) or 1.0
    return {"colorscale": "RdBu", "zmid": 0.0, "zmin": -limit, "zmax": limit}


def gradient_emissions(
    tokens: Sequence[str], names: Sequence[str], grad: np.ndarray, tr: Translator
) -> go.Figure:
    """∂L/∂E[t, k] = P(yₜ = k | x) − [yₜ = k]: negative on the gold path, positive elsewhere."""
    heat = {
        "type": "heatmap",
        "z": _f32(grad.T),
        "x": _f32(np.arange(len(tokens))),
        "y": _f32(np.arange(len(names))),
        **_diverging(grad),
        "texttemplate": "%{z:.2f}",
        "hovertext": _cells(tokens, names),
        "hovertemplate": "%{hovertext}<br>∂L/∂E = %{z:.6f}<extra></extra>",
        "colorbar": {"thickness": 12, "title": {"text": "∂L/∂E"}, "len": 0.8},
    }
    return theme.figure(
        tr(f"{NS}.grad_e_title"),
        [heat],
        height=_lattice_height(len(names)),
        xaxis=_token_axis(tokens, tr),
        yaxis=_tag_axis(names, tr),
    )


def gradient_transitions(names: Sequence[str], grad: np.ndarray, tr: Translator) -> go.Figure:
    """∂L/∂A[i, j] = expected − observed count of the transition i → j."""
    k = len(names)
    hover = [[f"{names[i]} → {names[j]}" for j in range(k)] for i in range(k)]
    heat = {
        "type": "heatmap",
        "z": _f32(grad),
        "x": _f32(np.arange(k)),
        "y": _f32(np.arange(k)),
        **_diverging(grad),
        "texttemplate": "%{z:.2f}",
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<br>∂L/∂A = %{z:.6f}<extra></extra>",
        "colorbar": {"thickness": 12, "title": {"text": "∂L/∂A"}, "len": 0.8},
    }
    axis = {"tickvals": _f32(np.arange(k)), "ticktext": list(names), "showgrid": False}
    return theme.figure(
        tr(f"{NS}.grad_a_title"),
        [heat],
        height=_lattice_height(k),
        xaxis={**axis, "title": {"text": tr(f"{NS}.to_axis")}},
        yaxis={**axis, "title": {"text": tr(f"{NS}.from_axis")}, "autorange": "reversed"},
    )


# ---------------------------------------------------------------------------
# Formulas with the user's numbers (pure string builders; the page passes ``tex``)
# ---------------------------------------------------------------------------


def _name(tag: str) -> str:
    return rf"\text{{{tag}}}"


def score_formula(
    names: Sequence[str], gold: np.ndarray, terms: np.ndarray, score: float, tex
) -> str:
    """LaTeX: s(x, y) = s_{y1} + E_{1,y1} + A_{y1,y2} + … + e_{yT} with every term's value."""
    parts = []
    for value in terms:
        text = tex(value, 3)
        parts.append(f"({text})" if value < 0 else text)
    # Split long sums over several aligned rows (at most six terms per row).
    rows = [" + ".join(parts[i : i + 6]) for i in range(0, len(parts), 6)]
    first = _name(names[gold[0]])
    body = r" \\ &\quad + ".join(rows)
    return (
        r"\begin{aligned} s(x, y) &= s_{y_1} + \sum_t E_{t, y_t} + \sum_t A_{y_{t-1}, y_t}"
        rf" + e_{{y_T}},\quad y_1 = {first} \\ &= {body} \\ &= {tex(score, 5)}\end{{aligned}}"
    )


def forward_recursion_formula(
    t: int, tag: str, emission: float, previous: np.ndarray, column: np.ndarray, value: float, tex
) -> str:
    """LaTeX of one forward step α_t(k) = E[t, k] + logsumexp_i(α_{t−1}(i) + A[i, k]) in numbers."""
    inside = r",\ ".join(tex(p + c, 3) for p, c in zip(previous, column, strict=True))
    return (
        rf"\begin{{aligned}}\alpha_{{{t + 1}}}({_name(tag)}) &= E_{{{t + 1},\,{_name(tag)}}}"
        rf" + \log\sum_i e^{{\alpha_{{{t}}}(i) + A_{{i,\,{_name(tag)}}}}}"
        rf" \\ &= {tex(emission, 4)} + \operatorname{{LSE}}\left({inside}\right)"
        rf" = {tex(value, 5)}\end{{aligned}}"
    )
