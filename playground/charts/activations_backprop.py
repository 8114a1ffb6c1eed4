"""Plotly figures and LaTeX for the activations & backpropagation page: arrays in, figures out.

Every builder takes the translator ``tr`` for its titles, axis titles, legends
and hover labels and sends float32 arrays; number formatting for text inside a
figure or a formula comes from the page (``fmt``/``tex`` of
``playground.app.format``), so ∞ and NaN could never be written raw.

Figures are plain dicts wrapped by :func:`playground.charts.theme.figure` (the
fast path, validated by the tests). The network graph is an animation: its
``frames`` (forward pass → loss → δ layer by layer → gradients) are stored in
the spec next to ``data`` and ``layout`` and played by plotly.js in the
browser, with a play button and a step slider (frames sent with the figure).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator, f32

__all__ = [
    "FPRIME",
    "SYMBOL",
    "delta_lines",
    "depth_profile",
    "forward_lines",
    "gallery",
    "gradient_lines",
    "gradient_rows",
    "loss_line",
    "stack",
    "network_graph",
    "perceptron_lines",
    "ratio_heatmap",
    "zigzag",
]

NS = "activations_backprop.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
Formatter = Callable[..., str]

#: LaTeX of each hidden activation's symbol.
SYMBOL = {
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\operatorname{ReLU}",
    "leaky_relu": r"\operatorname{LReLU}",
    "elu": r"\operatorname{ELU}",
    "gelu": r"\operatorname{GELU}",
    "gelu_tanh": r"\operatorname{GELU}",
    "softplus": r"\operatorname{softplus}",
    "silu": r"\operatorname{SiLU}",
}
#: LaTeX of each hidden activation's derivative, the factor δ is multiplied by.
FPRIME = {
    "sigmoid": r"\sigma'(z) = \sigma(z)\,\big(1 - \sigma(z)\big) \le \tfrac14",
    "tanh": r"\tanh'(z) = 1 - \tanh^2 z \le 1",
    "relu": r"\operatorname{ReLU}'(z) = \begin{cases}1 & z > 0\\ 0 & z < 0\end{cases}",
    "leaky_relu": r"\operatorname{LReLU}'(z) = \begin{cases}1 & z > 0\\ 0.01 & z < 0\end{cases}",
}
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i: int) -> str:
    return str(i).translate(_SUB)


def _span(values: np.ndarray) -> np.ndarray:
    """Positive values for a log axis: float32, or float64 where float32 would over-
    or underflow (an exploding network's gradient reaches 1e100)."""
    v = np.asarray(values, dtype=np.float64)
    if v.size and (v.max() >= 3e38 or v.min() <= 1e-37):
        return np.ascontiguousarray(v)
    return f32(v)


# ---------------------------------------------------------------------------
# Activation gallery
# ---------------------------------------------------------------------------


def gallery(
    u: np.ndarray,
    labels: Sequence[str],
    values: np.ndarray,
    derivatives: np.ndarray,
    regions: Sequence[Sequence[tuple[float, float]]],
    peaks: Sequence[tuple[float, float] | None],
    kinks: Sequence[float | None],
    tr: Translator,
) -> go.Figure:
    """f (solid) and f′ (dashed) of each activation, its flat regions shaded, f′'s peak marked.

    Parameters
    ----------
    u : (n,) array
        The grid.
    labels : k names as shown (``"sigmoid"``, ``"ReLU"`` ...)
    values, derivatives : (k, n) arrays
        f(u) and f′(u).
    regions : k lists of (lo, hi)
        Where |f′| is below 10 % of its maximum (shaded in the activation's colour).
    peaks : k of (u*, f′(u*)) or None
        The maximum of f′ (sigmoid: (0, 0.25)); None when it has no single peak.
    kinks : k of float or None
        f′(0) chosen at a kink (ReLU, leaky ReLU), drawn as a dot; None for
        smooth activations.
    """
    grid = f32(u)
    data: list[dict] = []
    shapes: list[dict] = []
    for i, label in enumerate(labels):
        colour = PALETTE[i % len(PALETTE)]
        group = f"g{i}"
        data.append(
            {
                "type": "scatter",
                "x": grid,
                "y": f32(values[i]),
                "mode": "lines",
                "name": label,
                "legendgroup": group,
                "line": {"color": colour, "width": 2.5},
                "hovertemplate": f"{label}<br>u = %{{x:.2f}}<br>f(u) = %{{y:.4f}}<extra></extra>",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": grid,
                "y": f32(derivatives[i]),
                "mode": "lines",
                "name": f"{label}′",
                "legendgroup": group,
                "showlegend": False,
                "line": {"color": colour, "width": 2, "dash": "dash"},
                "hovertemplate": f"{label}<br>u = %{{x:.2f}}<br>f′(u) = %{{y:.4f}}<extra></extra>",
            }
        )
        for lo, hi in regions[i]:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "paper",
                    "x0": lo,
                    "x1": hi,
                    "y0": 0,
                    "y1": 1,
                    "fillcolor": colour,
                    "opacity": 0.07,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        peak = peaks[i]
        if peak is not None:
            data.append(
                {
                    "type": "scatter",
                    "x": f32([peak[0]]),
                    "y": f32([peak[1]]),
                    "mode": "markers+text",
                    "legendgroup": group,
                    "showlegend": False,
                    "marker": {"color": colour, "size": 10, "symbol": "diamond"},
                    "text": [tr(f"{NS}.peak", d=f"{peak[1]:.3g}")],
                    "textposition": "top center",
                    "textfont": {"color": colour},
                    "cliponaxis": False,
                    "hovertemplate": f"{label}<br>max f′ = %{{y:.4f}} (u = %{{x:.3f}})"
                    "<extra></extra>",
                }
            )
        if kinks[i] is not None:
            data.append(
                {
                    "type": "scatter",
                    "x": f32([0.0]),
                    "y": f32([kinks[i]]),
                    "mode": "markers",
                    "legendgroup": group,
                    "showlegend": False,
                    "marker": {
                        "color": colour,
                        "size": 11,
                        "line": {"color": "white", "width": 1.5},
                    },
                    "hovertemplate": tr(f"{NS}.kink", name=label) + " = %{y:.3g}<extra></extra>",
                }
            )
    return theme.figure(
        tr(f"{NS}.gallery_title"),
        data,
        height=420,
        shapes=shapes,
        xaxis=theme.axis(tr(f"{NS}.u_axis"), range=[float(u[0]), float(u[-1])]),
        yaxis=theme.axis(tr(f"{NS}.f_axis"), range=[-1.25, 2.25]),
        legend={"orientation": "h", "y": -0.2, "x": 0.0},
    )


# ---------------------------------------------------------------------------
# The network, animated: forward → loss → backward → gradients
# ---------------------------------------------------------------------------

#: Node colours: not computed yet, computed forwards, the step shown, δ computed.
_PENDING, _FORWARD, _ACTIVE, _BACKWARD = "rgba(150, 150, 150, 0.35)", SKY, ORANGE, PURPLE
_BOX = {"bgcolor": "rgba(255, 255, 255, 0.9)", "borderpad": 2, "borderwidth": 1}
_BOX_TEXT = "#31333F"  # the boxes are light in both themes: dark text on them
_UNIT_PX = 100  # vertical pixels per unit of node spacing (labels need about 80)


def _positions(sizes: Sequence[int]) -> list[np.ndarray]:
    return [(d - 1) / 2.0 - np.arange(d, dtype=float) for d in sizes]


def _edge_styles(weights, values) -> list[dict]:
    """Line style of every edge (layer by layer, row by row): width ∝ |value|."""
    top = max(float(np.max(np.abs(v))) for v in values) or 1.0
    styles = []
    for w, v in zip(weights, values, strict=True):
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                value = float(v[j, i])
                styles.append({"width": round(0.8 + 5.2 * abs(value) / top, 2)})
    return styles


def network_graph(
    weights: Sequence[np.ndarray],
    z: Sequence[np.ndarray],
    a: Sequence[np.ndarray],
    delta: Sequence[np.ndarray],
    dW: Sequence[np.ndarray],
    loss: float,
    target: np.ndarray,
    layer_names: Sequence[str],
    fmt: Formatter,
    tr: Translator,
) -> go.Figure:
    """The network as a graph, stepped through in the browser (Plotly frames).

    Nodes are units (inputs, hidden layers, outputs and the loss). Each frame
    fills in one step: the inputs, each layer's z and a, the loss, each
    layer's δ from the output back, then the gradients. Edges show the
    weights (width ∝ |w|, blue positive, red negative) and, in the last step,
    the gradients (orange, width ∝ |∂L/∂w|); hover gives every exact value.
    The figure opens on the last step (everything shown); ▶ replays them.

    Parameters
    ----------
    weights : L arrays (d_l, d_{l−1})
    z, delta : L vectors (one sample)
    a : L + 1 vectors, ``a[0] = x``
    dW : L arrays like ``weights``
    loss : float
    target : (d_L,) vector
    layer_names : L + 1 column headers (input, hidden layers, output)
    fmt : number formatter (``fmt(x, digits)``)
    """
    sizes = [len(a[0])] + [w.shape[0] for w in weights]
    depth = len(weights)
    ys = _positions(sizes)
    loss_x = depth + 0.8
    top = max(sizes)
    weight_styles = _edge_styles(weights, weights)
    grad_styles = _edge_styles(weights, dW)

    data: list[dict] = []
    k = 0
    for layer, w in enumerate(weights, start=1):
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                colour = BLUE if w[j, i] >= 0 else VERMILLION
                data.append(
                    {
                        "type": "scatter",
                        "x": f32([layer - 1, layer]),
                        "y": f32([ys[layer - 1][i], ys[layer][j]]),
                        "mode": "lines",
                        "showlegend": False,
                        "hoverinfo": "skip",
                        "line": {"color": colour, **grad_styles[k]},
                    }
                )
                k += 1
    n_edges = k
    out_y = ys[-1]
    data.append(
        {
            "type": "scatter",
            "x": f32(np.repeat([[depth, loss_x]], len(out_y), axis=0).ravel()),
            "y": f32(np.column_stack([out_y, np.zeros_like(out_y)]).ravel()),
            "mode": "lines",
            "showlegend": False,
            "hoverinfo": "skip",
            "line": {"color": GREY, "width": 1, "dash": "dot"},
        }
    )
    # Invisible markers at the middle of every edge: hover shows w and ∂L/∂w.
    mx, my, hover = [], [], []
    for layer, (w, g) in enumerate(zip(weights, dW, strict=True), start=1):
        for j in range(w.shape[0]):
            for i in range(w.shape[1]):
                mx.append(layer - 0.5)
                my.append(0.5 * (ys[layer - 1][i] + ys[layer][j]))
                name = f"W{_sub(layer)}[{j + 1},{i + 1}]"
                hover.append(f"{name} = {fmt(w[j, i], 4)}<br>∂L/∂w = {fmt(g[j, i], 4)}")
    data.append(
        {
            "type": "scatter",
            "x": f32(mx),
            "y": f32(my),
            "mode": "markers",
            "showlegend": False,
            "marker": {"size": 14, "color": "rgba(0, 0, 0, 0)"},
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    )
    node_x = np.concatenate(
        [np.full(d, float(layer)) for layer, d in enumerate(sizes)] + [[loss_x]]
    )
    node_y = np.concatenate([*ys, [0.0]])
    node_hover = [f"x{_sub(i + 1)} = {fmt(v, 4)}" for i, v in enumerate(a[0])]
    for layer in range(1, depth + 1):
        name = "o" if layer == depth else "a"
        for j in range(sizes[layer]):
            node_hover.append(
                f"z = {fmt(z[layer - 1][j], 4)}<br>{name} = {fmt(a[layer][j], 4)}"
                f"<br>δ = {fmt(delta[layer - 1][j], 4)}"
            )
    node_hover.append(f"L = {fmt(loss, 4)}")
    data.append(
        {
            "type": "scatter",
            "x": f32(node_x),
            "y": f32(node_y),
            "mode": "markers",
            "showlegend": False,
            "marker": {
                "size": 24,
                "color": [_BACKWARD] * len(node_x),
                "line": {"color": "white", "width": 2},
                "symbol": ["circle"] * (len(node_x) - 1) + ["square"],
            },
            "hovertext": node_hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    )
    node_trace = len(data) - 1
    steps = _steps(sizes, z, a, delta, loss, target, layer_names, fmt, tr)
    frames = []
    for step in steps:
        styles = grad_styles if step["name"] == "grad" else weight_styles
        colours = [
            ORANGE if step["name"] == "grad" else (BLUE if v >= 0 else VERMILLION)
            for w in weights
            for v in w.ravel()
        ]
        edges = [{"line": {"color": c, **style}} for c, style in zip(colours, styles, strict=True)]
        # plotly.js merges a frame's annotations into the figure's index by index:
        # a frame only sends what changes (text, visibility), {} keeps a header.
        notes = [
            {"text": a["text"], "visible": a["visible"]} if "visible" in a else {}
            for a in step["annotations"]
        ]
        frames.append(
            {
                "name": step["name"],
                "data": [*edges, {"marker": {"color": step["colours"]}}],
                "traces": [*range(n_edges), node_trace],
                "layout": {"annotations": notes, "title": {"text": step["title"]}},
            }
        )
    last = steps[-1]
    for trace, edge in zip(data[:n_edges], frames[-1]["data"][:n_edges], strict=True):
        trace["line"] = edge["line"]
    data[node_trace]["marker"]["color"] = last["colours"]
    span = top + 0.6  # nodes, the header above and the labels below
    fig = theme.figure(
        last["title"],
        data,
        frames=frames,
        height=int(150 + _UNIT_PX * span),
        annotations=last["annotations"],
        xaxis={"range": [-0.5, loss_x + 0.5], "visible": False, "fixedrange": True},
        yaxis={
            "range": [-(top - 1) / 2 - 0.8, (top - 1) / 2 + 0.8],
            "visible": False,
            "fixedrange": True,
        },
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        updatemenus=[_play_button(tr)],
        sliders=[_slider([s["name"] for s in steps], [s["label"] for s in steps], tr)],
    )
    return fig


def _play_button(tr: Translator) -> dict:
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 0.0,
        "y": 0.0,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 8, "r": 8},
        "buttons": [
            {
                "label": tr(f"{NS}.play"),
                "method": "animate",
                "args": [
                    None,
                    {
                        "frame": {"duration": 1100, "redraw": True},
                        "transition": {"duration": 0},
                        "fromcurrent": False,
                        "mode": "immediate",
                    },
                ],
            }
        ],
    }


def _slider(names: list[str], labels: list[str], tr: Translator) -> dict:
    return {
        "active": len(names) - 1,
        "x": 0.22,
        "len": 0.78,
        "y": 0.0,
        "yanchor": "top",
        "pad": {"t": 8},
        "currentvalue": {"prefix": tr(f"{NS}.step") + " ", "visible": True},
        "steps": [
            {
                "label": label,
                "method": "animate",
                "args": [
                    [name],
                    {
                        "mode": "immediate",
                        "frame": {"duration": 0, "redraw": True},
                        "transition": {"duration": 0},
                    },
                ],
            }
            for name, label in zip(names, labels, strict=True)
        ],
    }


def _steps(sizes, z, a, delta, loss, target, layer_names, fmt, tr) -> list[dict]:
    """Per frame: name, slider label, title, node colours and the annotations."""
    depth = len(sizes) - 1
    ys = _positions(sizes)
    loss_x = depth + 0.8
    headers = [
        {
            "x": float(x),
            "y": (max(sizes) - 1) / 2 + 0.45,
            "xref": "x",
            "yref": "y",
            "text": name,
            "showarrow": False,
            "yanchor": "bottom",
        }
        for x, name in zip(
            [*range(depth + 1), loss_x], [*layer_names, tr(f"{NS}.loss_node")], strict=True
        )
    ]

    def labels(forward_to: int, loss_shown: bool, back_from: int) -> list[dict]:
        # Every frame lists the same labels in the same order, hidden ones with
        # visible=False: plotly.js merges a frame's annotations into the
        # current ones index by index, it does not replace the list.
        notes = [
            _label(0, ys[0][i], f"x{_sub(i + 1)} = {fmt(v, 3)}", True) for i, v in enumerate(a[0])
        ]
        for layer in range(1, depth + 1):
            output = layer == depth
            for j in range(sizes[layer]):
                value = f"{'o' if output else 'a'} = {fmt(a[layer][j], 3)}"
                if output and loss_shown:
                    value += f", t = {fmt(target[j], 3)}"
                lines = [f"z = {fmt(z[layer - 1][j], 3)}", value]
                if layer >= back_from:
                    lines.append(f"<b>δ = {fmt(delta[layer - 1][j], 3)}</b>")
                shown = layer <= forward_to
                notes.append(_label(layer, ys[layer][j], "<br>".join(lines), shown))
        notes.append(_label(loss_x, 0.0, f"<b>L = {fmt(loss, 4)}</b>", loss_shown))
        return notes

    def colours(active: int | None, forward_to: int, loss_state: str, back_from: int) -> list:
        out = []
        for layer, d in enumerate(sizes):
            if layer == active:
                state = _ACTIVE
            elif layer >= back_from:
                state = _BACKWARD
            elif layer <= forward_to:
                state = _FORWARD
            else:
                state = _PENDING
            out.extend([state] * d)
        return [*out, loss_state]

    none = depth + 1  # no layer has its δ yet
    steps = [
        {
            "name": "x",
            "label": "x",
            "title": tr(f"{NS}.step_input"),
            "colours": colours(0, 0, _PENDING, none),
            "annotations": headers + labels(0, False, none),
        }
    ]
    for layer in range(1, depth + 1):
        key = "step_output" if layer == depth else "step_forward"
        steps.append(
            {
                "name": f"f{layer}",
                "label": f"z{_sub(layer)}",
                "title": tr(f"{NS}.{key}", l=_sub(layer)),
                "colours": colours(layer, layer, _PENDING, none),
                "annotations": headers + labels(layer, False, none),
            }
        )
    steps.append(
        {
            "name": "loss",
            "label": "L",
            "title": tr(f"{NS}.step_loss", L=fmt(loss, 4)),
            "colours": colours(None, depth, _ACTIVE, none),
            "annotations": headers + labels(depth, True, none),
        }
    )
    for layer in range(depth, 0, -1):
        key = "step_delta_out" if layer == depth else "step_delta"
        steps.append(
            {
                "name": f"b{layer}",
                "label": f"δ{_sub(layer)}",
                "title": tr(f"{NS}.{key}", l=_sub(layer), m=_sub(layer + 1)),
                "colours": colours(layer, depth, _BACKWARD, layer),
                "annotations": headers + labels(depth, True, layer),
            }
        )
    steps.append(
        {
            "name": "grad",
            "label": "∂W",
            "title": tr(f"{NS}.step_grad"),
            "colours": colours(None, depth, _BACKWARD, 1),
            "annotations": headers + labels(depth, True, 1),
        }
    )
    return steps


def _label(x: float, y: float, text: str, visible: bool) -> dict:
    return {
        "visible": visible,
        "x": float(x),
        "y": float(y),
        "xref": "x",
        "yref": "y",
        "yshift": -16,
        "yanchor": "top",
        "text": text,
        "showarrow": False,
        "align": "center",
        "font": {"size": 12, "color": _BOX_TEXT},
        **_BOX,
        "bordercolor": "rgba(128, 128, 128, 0.5)",
    }


# ---------------------------------------------------------------------------
# Vanishing and exploding gradients
# ---------------------------------------------------------------------------


def depth_profile(
    labels: Sequence[str],
    norms: Sequence[np.ndarray],
    bounds: Sequence[np.ndarray],
    init_label: str,
    tr: Translator,
) -> go.Figure:
    """‖∂L/∂z_l‖ per hidden layer (log axis), one line per activation, with the
    (max f′)^(L−l) line of each (dashed): what the activations alone allow."""
    data: list[dict] = []
    depth = len(norms[0]) if norms else 1
    layers = f32(np.arange(1, depth + 1))
    for i, label in enumerate(labels):
        colour = PALETTE[i % len(PALETTE)]
        keep = np.isfinite(norms[i]) & (norms[i] > 0)
        data.append(
            {
                "type": "scatter",
                "x": layers[keep],
                "y": _span(norms[i][keep]),
                "mode": "lines+markers",
                "name": label,
                "legendgroup": f"g{i}",
                "line": {"color": colour, "width": 2.5},
                "marker": {"size": 5},
                "hovertemplate": f"{label}<br>"
                + tr(f"{NS}.layer")
                + " %{x}<br>‖∂L/∂z‖ = %{y:.3g}<extra></extra>",
            }
        )
        fine = np.isfinite(bounds[i]) & (bounds[i] > 0)
        data.append(
            {
                "type": "scatter",
                "x": layers[fine],
                "y": _span(bounds[i][fine]),
                "mode": "lines",
                "name": tr(f"{NS}.bound_name", name=label),
                "legendgroup": f"g{i}",
                "showlegend": i == 0,
                "line": {"color": colour, "width": 1.5, "dash": "dash"},
                "hovertemplate": f"{label}<br>(max f′)<sup>L−l</sup> "
                + tr(f"{NS}.line")
                + ": %{y:.3g}<extra></extra>",
            }
        )
    return theme.figure(
        tr(f"{NS}.depth_title", init=init_label),
        data,
        height=420,
        xaxis=theme.axis(tr(f"{NS}.layer_axis"), dtick=5 if depth > 12 else 1),
        yaxis=theme.axis(tr(f"{NS}.norm_axis"), type="log", exponentformat="power"),
        legend={"orientation": "h", "y": -0.22, "x": 0.0},
    )


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power(log10: float) -> str:
    """10^k as ``10⁻¹²`` for |k| ≥ 1, else the plain number (``0.55``); 0 and ∞ as such."""
    if not math.isfinite(log10):
        return "∞" if log10 > 0 else "0"
    if abs(log10) < 1:
        return f"{10**log10:.2g}"
    return "10" + str(int(round(log10))).translate(_SUP)


def ratio_heatmap(
    labels: Sequence[str], init_labels: Sequence[str], ratios: np.ndarray, tr: Translator
) -> go.Figure:
    """log₁₀(‖δ_1‖/‖δ_L‖) for each activation (rows) × initialisation (columns).

    0 (white) means the gradient reaches the first layer intact; blue shades
    vanishing, orange exploding. ``ratios`` must be finite and > 0.
    """
    with np.errstate(divide="ignore"):
        logs = np.log10(np.asarray(ratios, dtype=float))
    finite = logs[np.isfinite(logs)]
    limit = max(1.0, float(np.max(np.abs(finite))) if finite.size else 1.0)
    text = [[_power(v) for v in row] for row in logs]
    logs = np.clip(np.nan_to_num(logs, nan=0.0, posinf=limit, neginf=-limit), -limit, limit)
    heat = {
        "type": "heatmap",
        "z": f32(logs),
        "x": list(init_labels),
        "y": list(labels),
        "text": text,
        "texttemplate": "%{text}",
        "colorscale": [[0.0, BLUE], [0.5, "#f7f7f7"], [1.0, ORANGE]],
        "zmid": 0,
        "zmin": -limit,
        "zmax": limit,
        "showscale": False,  # every cell is labelled; the colour is only a cue
        "hovertemplate": "%{y} · %{x}<br>‖δ₁‖/‖δ<sub>L</sub>‖ = %{text}<extra></extra>",
    }
    return theme.figure(
        tr(f"{NS}.ratio_title"),
        [heat],
        height=170 + 34 * len(labels),
        xaxis={"side": "top", "tickangle": 0},
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
    )


def zigzag(
    positive: np.ndarray, centred: np.ndarray, target: tuple[float, float], tr: Translator
) -> go.Figure:
    """Two SGD paths of a neuron's weights (w₁, w₂) towards ``target``: with inputs
    that are all positive (sigmoid outputs) every step moves both weights the
    same way, a zig-zag; with zero-centred inputs (tanh) the path is direct."""
    data = [
        {
            "type": "scatter",
            "x": f32(positive[:, 0]),
            "y": f32(positive[:, 1]),
            "mode": "lines+markers",
            "name": tr(f"{NS}.zig_positive"),
            "line": {"color": VERMILLION, "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "w₁ = %{x:.3f}<br>w₂ = %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": f32(centred[:, 0]),
            "y": f32(centred[:, 1]),
            "mode": "lines+markers",
            "name": tr(f"{NS}.zig_centred"),
            "line": {"color": BLUE, "width": 2},
            "marker": {"size": 5},
            "hovertemplate": "w₁ = %{x:.3f}<br>w₂ = %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": f32([target[0]]),
            "y": f32([target[1]]),
            "mode": "markers",
            "name": tr(f"{NS}.zig_target"),
            "marker": {"color": GREEN, "size": 14, "symbol": "star"},
            "hovertemplate": "w* = (%{x:.2f}, %{y:.2f})<extra></extra>",
        },
    ]
    return theme.figure(
        tr(f"{NS}.zig_title"),
        data,
        height=380,
        xaxis=theme.axis("w₁", zeroline=True),
        yaxis=theme.axis("w₂", zeroline=True, scaleanchor="x"),
        legend={"orientation": "h", "y": -0.2, "x": 0.0},
    )


# ---------------------------------------------------------------------------
# Formulas with the user's numbers (one sample, column vectors). Pure string
# builders; the page passes ``tex`` from ``playground.app.format``.
# ---------------------------------------------------------------------------


def stack(lines: Sequence[str], gap: str = "14pt") -> str:
    """Several displayed equations as one formula (one element on the page, not one each)."""
    return r"\begin{gathered}" + rf" \\[{gap}] ".join(lines) + r"\end{gathered}"


def _matrix(m: np.ndarray, tex: Formatter, digits: int = 3) -> str:
    m = np.atleast_2d(np.asarray(m, dtype=float))
    rows = [" & ".join(tex(v, digits) for v in row) for row in m]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def _col(v: np.ndarray, tex: Formatter, digits: int = 3) -> str:
    return _matrix(np.asarray(v, dtype=float).reshape(-1, 1), tex, digits)


def _shaped(m: np.ndarray, tex: Formatter, digits: int = 3) -> str:
    """A matrix with its shape written under it."""
    m = np.asarray(m, dtype=float)
    if m.ndim == 1:
        m = m.reshape(-1, 1)
    rows, cols = m.shape
    return rf"\underbrace{{{_matrix(m, tex, digits)}}}_{{{rows}\times {cols}}}"


def _num(v: float, tex: Formatter, digits: int = 3) -> str:
    """A number as a term after a minus sign or a dot: negative ones in parentheses."""
    text = tex(v, digits)
    return f"({text})" if text.startswith("-") else text


def _prev(layer: int) -> str:
    return "x" if layer == 1 else f"a_{{{layer - 1}}}"


def _aligned(*rows: str) -> str:
    """Rows of one derivation, aligned on their ``&=`` (narrow enough for a projector)."""
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def forward_lines(
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    z: Sequence[np.ndarray],
    a: Sequence[np.ndarray],
    activation: str,
    output: str,
    tex: Formatter,
) -> list[str]:
    """One aligned block per layer: z_l = W_l a_{l−1} + b_l, its numbers, then a_l = f(z_l)."""
    depth = len(weights)
    lines = []
    for layer in range(1, depth + 1):
        w, b = weights[layer - 1], biases[layer - 1]
        if layer < depth:
            name, rule = f"a_{{{layer}}}", rf"{SYMBOL[activation]}(z_{{{layer}}})"
        elif output == "linear":
            name, rule = "o", f"z_{{{layer}}}"
        elif output == "sigmoid":
            name, rule = "o", rf"\sigma(z_{{{layer}}})"
        else:
            name, rule = "o", rf"\operatorname{{softmax}}(z_{{{layer}}})"
        lines.append(
            _aligned(
                rf"z_{{{layer}}} &= W_{{{layer}}} {_prev(layer)} + b_{{{layer}}}",
                rf"&= {_shaped(w, tex)}{_shaped(a[layer - 1], tex)} + {_shaped(b, tex)}"
                rf" = {_col(z[layer - 1], tex)}",
                rf"{name} &= {rule} = {_col(a[layer], tex)}",
            )
        )
    return lines


def loss_line(o: np.ndarray, t: np.ndarray, loss: float, output: str, kind: str, tex) -> str:
    """The loss with the numbers (every term for squared error, every t ≠ 0 for cross-entropy)."""
    if kind == "mse":
        pairs = zip(o, t, strict=True)
        terms = " + ".join(rf"({tex(oi, 3)} - {_num(ti, tex)})^2" for oi, ti in pairs)
        return _aligned(
            r"L &= \tfrac12 \sum_k (o_k - t_k)^2",
            rf"&= \tfrac12\left[{terms}\right] = {tex(loss, 4)}",
        )
    if output == "softmax":
        used = [(oi, ti) for oi, ti in zip(o, t, strict=True) if ti != 0]
        terms = " + ".join(rf"{tex(ti, 3)}\cdot\log {tex(oi, 3)}" for oi, ti in used) or "0"
        return _aligned(r"L &= -\sum_k t_k \log o_k", rf"&= -\left({terms}\right) = {tex(loss, 4)}")
    return _aligned(
        r"L &= -\sum_k \big[t_k \log o_k + (1 - t_k)\log(1 - o_k)\big]", rf"&= {tex(loss, 4)}"
    )


def delta_lines(
    weights: Sequence[np.ndarray],
    z: Sequence[np.ndarray],
    a: Sequence[np.ndarray],
    delta: Sequence[np.ndarray],
    fprime: Sequence[np.ndarray],
    target: np.ndarray,
    activation: str,
    output: str,
    kind: str,
    tex: Formatter,
) -> list[str]:
    """δ_L = ∂L/∂z_L with the numbers, then δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l) layer by layer."""
    depth = len(weights)
    o, t = a[-1], target
    head = rf"\delta_{{{depth}}} = \frac{{\partial L}}{{\partial z_{{{depth}}}}}"
    result = _col(delta[-1], tex)
    if kind == "ce" or output == "linear":
        rows = [rf"{head} &= o - t", rf"&= {_col(o, tex)} - {_col(t, tex)} = {result}"]
    elif output == "sigmoid":
        rows = [
            rf"{head} &= (o - t)\odot o \odot (1 - o)",
            rf"&= {_col(o - t, tex)} \odot {_col(o * (1 - o), tex)} = {result}",
        ]
    else:
        rows = [rf"{head} &= o \odot \big((o - t) - o^\top (o - t)\big)", rf"&= {result}"]
    lines = [_aligned(*rows)]
    symbol = SYMBOL[activation]
    for layer in range(depth - 1, 0, -1):
        w_next = weights[layer]
        lines.append(
            _aligned(
                rf"\delta_{{{layer}}} &= \big(W_{{{layer + 1}}}^\top \delta_{{{layer + 1}}}\big)"
                rf" \odot {symbol}'(z_{{{layer}}})",
                rf"&= \Big({_shaped(w_next.T, tex)}{_shaped(delta[layer], tex)}\Big)"
                rf" \odot {_shaped(fprime[layer - 1], tex)} = {_col(delta[layer - 1], tex)}",
            )
        )
    return lines


def gradient_lines(
    a: Sequence[np.ndarray], delta: Sequence[np.ndarray], dW: Sequence[np.ndarray], tex
) -> list[str]:
    """∂L/∂W_l = δ_l a_{l−1}ᵀ (an outer product, shapes written under it) and ∂L/∂b_l = δ_l."""
    lines = []
    for layer in range(1, len(dW) + 1):
        prev = _prev(layer)
        row = np.asarray(a[layer - 1], dtype=float).reshape(1, -1)
        lines.append(
            _aligned(
                rf"\frac{{\partial L}}{{\partial W_{{{layer}}}}} &= \delta_{{{layer}}} {prev}^\top"
                rf" = {_shaped(delta[layer - 1], tex)}{_shaped(row, tex)}",
                rf"&= {_shaped(dW[layer - 1], tex)},\qquad"
                rf" \frac{{\partial L}}{{\partial b_{{{layer}}}}} = \delta_{{{layer}}}",
            )
        )
    return lines


def perceptron_lines(
    inputs: np.ndarray,
    o: np.ndarray,
    t: np.ndarray,
    grad: np.ndarray,
    output: str,
    kind: str,
    tex: Formatter,
) -> list[str]:
    """The perceptron formulas of the interview notes, then the first entry with the numbers.

    ``inputs`` are the layer's inputs (x, or a_{L−1} for the last layer of a
    deeper network); ``grad`` is ∂L/∂w from the closed form.
    """
    sigmoid_mse = output == "sigmoid" and kind == "mse"
    if sigmoid_mse:
        factor = r"(o_k - t_k)\,o_k(1 - o_k)"
        o1, t1 = tex(o[0], 3), _num(t[0], tex)
        numbers = rf"({o1} - {t1})\cdot {o1}\cdot(1 - {o1})"
    elif kind == "ce" or output == "linear":
        factor = r"(o_k - t_k)"
        numbers = rf"({tex(o[0], 3)} - {_num(t[0], tex)})"
    else:
        factor = r"o_k\big((o_k - t_k) - \textstyle\sum_i o_i (o_i - t_i)\big)"
        numbers = None
    single = {
        "linear": r"o = w^\top x + b",
        "sigmoid": r"o = \sigma(w^\top x + b)",
        "softmax": r"o = \operatorname{softmax}(Wx + b)",
    }[output]
    lines = []
    if output != "softmax":
        lines.append(
            single
            + r",\quad \frac{\partial L}{\partial w_j} = "
            + factor.replace("_k", "")
            + r"\, x_j"
        )
    lines.append(
        r"o_k = g\Big(\sum_j w_{kj} x_j + b_k\Big),\quad"
        rf" \frac{{\partial L}}{{\partial w_{{kj}}}} = {factor}\, x_j"
    )
    value = rf" = {tex(grad[0, 0], 4)}"
    if numbers is not None:
        lines.append(
            rf"\frac{{\partial L}}{{\partial w_{{11}}}} = {numbers} \cdot {_num(inputs[0], tex)}"
            + value
        )
    else:
        lines.append(r"\frac{\partial L}{\partial w_{11}}" + value)
    return lines


def gradient_rows(dW, db, fd_dW, fd_db, columns: Sequence[str], fmt: Formatter) -> list[dict]:
    """One table row per weight and bias: name, backprop, finite difference, |difference|.

    ``columns`` are the four translated column titles.
    """
    rows = []
    for kind, grads, checks in (("W", dW, fd_dW), ("b", db, fd_db)):
        for layer, (g, n) in enumerate(zip(grads, checks, strict=True), start=1):
            for index in np.ndindex(g.shape):
                where = ",".join(str(i + 1) for i in index)
                values = (
                    f"{kind}{_sub(layer)}[{where}]",
                    fmt(g[index], 6),
                    fmt(n[index], 6),
                    fmt(abs(g[index] - n[index]), 2),
                )
                rows.append(dict(zip(columns, values, strict=True)))
    return rows
