"""Plotly figures for the Bayes' theorem page: arrays in, ``go.Figure`` out.

Every builder takes the translator ``tr`` for its title, axis titles, legend
and hover labels, writes the figure as plain dicts through
:func:`playground.charts.theme.figure` (no Plotly validation on the hot path;
the tests rebuild each spec with the validating ``go.Figure``) and sends
float32 arrays. Nothing drawn here is ever ``nan``/``inf``: the core returns
``None`` for quantities that do not exist and the builders leave them out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground.bayes import BetaPosterior, Estimates, Frequencies
from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "ICON_ORDER",
    "MAX_ICONS",
    "beta_densities",
    "estimates_vs_flips",
    "frequency_tree",
    "icon_array",
    "icon_grid",
    "posterior_vs_prevalence",
    "sequential_bars",
]

NS = "bayes.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
_LIGHT = "rgba(140, 140, 140, 0.55)"
_GHOST = "rgba(140, 140, 140, 0.22)"
# Below the x-axis title, with room for presenter mode's larger fonts.
_LEGEND_BELOW = {"orientation": "h", "y": -0.3, "x": 0.0, "yanchor": "top"}
#: Largest population the icon array draws person by person.
MAX_ICONS = 10_000
#: The order people are laid out in: the sick first (missed, then caught),
#: then the healthy who test positive, so that both the sick and the
#: positives form one contiguous run.
ICON_ORDER = ("false_neg", "true_pos", "false_pos", "true_neg")


_f32 = theme.f32


def _pct(x: float, digits: int = 3) -> str:
    """A probability as a compact percentage (finite values only): 0.5 -> '50%'."""
    text = f"{100 * x:.{digits}g}"
    if "e" in text:
        text = f"{100 * x:.1e}".replace("e-0", "e-")
    return text + "%"


def _count(n: int) -> str:
    return f"{n:,}"


# ---------------------------------------------------------------------------
# Icon array
# ---------------------------------------------------------------------------


def icon_grid(population: int) -> tuple[int, int]:
    """(columns, rows) of the icon array: about 1.6 times wider than tall.

    Examples
    --------
    >>> icon_grid(1000), icon_grid(100), icon_grid(10_000)
    ((40, 25), (13, 8), (127, 79))
    """
    cols = max(1, math.ceil(math.sqrt(population * 1.6)))
    return cols, math.ceil(population / cols)


def icon_array(freq: Frequencies, tr: Translator) -> go.Figure:
    """One marker per person, laid out row by row in the order :data:`ICON_ORDER`.

    Filled markers tested positive, open ones negative; vermillion is sick,
    blue/grey healthy. The sick and the positives each form one run, so even
    one sick person in 1,000 (prevalence 0.1 %) stands out next to the ten
    healthy people who test positive.

    Raises
    ------
    ValueError
        If the population exceeds :data:`MAX_ICONS`.
    """
    n = freq.population
    if n > MAX_ICONS:
        raise ValueError(f"population == {n}, must be <= {MAX_ICONS} for the icon array.")
    cols, rows = icon_grid(n)
    size = max(2.5, min(14.0, 440.0 / cols))
    style = {
        "false_neg": {"symbol": "circle-open", "color": VERMILLION, "line": {"width": 2}},
        "true_pos": {"symbol": "circle", "color": VERMILLION},
        "false_pos": {"symbol": "circle", "color": BLUE},
        "true_neg": {"symbol": "circle-open", "color": _LIGHT, "line": {"width": 1}},
    }
    counts = {
        "true_pos": freq.true_pos,
        "false_neg": freq.false_neg,
        "false_pos": freq.false_pos,
        "true_neg": freq.true_neg,
    }
    # Grid positions are small integers: one byte each on the wire (10,000 people:
    # 27 KiB of chart instead of 107 KiB as float32).
    grid_dtype = np.uint8 if max(cols, rows) <= 255 else np.uint16
    data, start = [], 0
    for name in ICON_ORDER:
        k = counts[name]
        index = np.arange(start, start + k)
        start += k
        label = tr(f"{NS}.icon_{name}", n=_count(k))
        data.append(
            {
                "type": "scatter",
                "x": (index % cols).astype(grid_dtype),
                "y": (index // cols).astype(grid_dtype),
                "mode": "markers",
                "name": label,
                "marker": {**style[name], "size": size},
                "hovertemplate": label + "<extra></extra>",
            }
        )
    hidden = {"visible": False, "fixedrange": True}
    return theme.figure(
        tr(
            f"{NS}.icon_title",
            pos=_count(freq.positives),
            n=_count(n),
            tp=_count(freq.true_pos),
        ),
        data,
        height=400,
        xaxis={**hidden, "range": [-0.8, cols - 0.2]},
        yaxis={**hidden, "range": [rows - 0.2, -0.8]},
        legend={
            "orientation": "h",
            "y": -0.02,
            "x": 0.0,
            "yanchor": "top",
            "itemsizing": "constant",
        },
        margin={"l": 4, "r": 4, "t": 48, "b": 4},
    )


# ---------------------------------------------------------------------------
# Frequency tree
# ---------------------------------------------------------------------------

# Node positions (x, y) of the tree: root, level 1 (sick, healthy), leaves.
_NODES = {
    "population": (0.5, 2.0),
    "sick": (0.25, 1.0),
    "healthy": (0.75, 1.0),
    "true_pos": (0.125, 0.0),
    "false_neg": (0.375, 0.0),
    "false_pos": (0.625, 0.0),
    "true_neg": (0.875, 0.0),
}
_EDGES = (
    ("population", "sick", "edge_prevalence"),
    ("population", "healthy", "edge_healthy"),
    ("sick", "true_pos", "edge_sensitivity"),
    ("sick", "false_neg", "edge_miss"),
    ("healthy", "false_pos", "edge_false_alarm"),
    ("healthy", "true_neg", "edge_specificity"),
)


def frequency_tree(
    freq: Frequencies,
    prevalence: float,
    sensitivity: float,
    specificity: float,
    tr: Translator,
) -> go.Figure:
    """The population split by disease, then by test result, with counts on every node.

    Branch labels carry the probabilities; hovering a node shows the exact
    (unrounded) expected count. The two positive leaves are outlined in
    orange: Bayes' rule is their ratio, true positives over all positives.
    """
    counts = {
        "population": freq.population,
        "sick": freq.sick,
        "healthy": freq.healthy,
        "true_pos": freq.true_pos,
        "false_neg": freq.false_neg,
        "false_pos": freq.false_pos,
        "true_neg": freq.true_neg,
    }
    colours = {"sick": VERMILLION, "true_pos": VERMILLION, "false_neg": VERMILLION}
    shapes, notes = [], []
    for parent, child, _ in _EDGES:
        (x0, y0), (x1, y1) = _NODES[parent], _NODES[child]
        shapes.append(
            {
                "type": "line",
                "x0": x0,
                "y0": y0 - 0.22,
                "x1": x1,
                "y1": y1 + 0.22,
                "line": {"color": _LIGHT, "width": 2},
            }
        )
    branch = {
        "edge_prevalence": prevalence,
        "edge_healthy": 1.0 - prevalence,
        "edge_sensitivity": sensitivity,
        "edge_miss": 1.0 - sensitivity,
        "edge_false_alarm": 1.0 - specificity,
        "edge_specificity": specificity,
    }
    for parent, child, label in _EDGES:
        (x0, y0), (x1, y1) = _NODES[parent], _NODES[child]
        left = x1 < x0
        notes.append(
            {
                "x": (x0 + x1) / 2 + (-0.012 if left else 0.012),
                "y": (y0 + y1) / 2,
                "xanchor": "right" if left else "left",
                "showarrow": False,
                "text": tr(f"{NS}.{label}", p=_pct(branch[label])),
                "font": {"size": 12},
            }
        )
    positive = {"true_pos", "false_pos"}
    for name, (x, y) in _NODES.items():
        node = {
            "x": x,
            "y": y,
            "showarrow": False,
            "text": tr(f"{NS}.node_{name}", n=_count(counts[name])),
            "bordercolor": ORANGE if name in positive else colours.get(name, _LIGHT),
            "borderwidth": 3 if name in positive else 1.5,
            "borderpad": 5,
        }
        if name in colours:
            node["font"] = {"color": colours[name]}
        notes.append(node)
    names = list(_NODES)
    hover = [
        tr(
            f"{NS}.tree_hover",
            node=tr(f"{NS}.node_{k}", n=_count(counts[k])).replace("<br>", " "),
            exact=f"{freq.exact[k]:,.6g}",
        )
        for k in names
    ]
    data = [
        {
            "type": "scatter",
            "x": _f32([_NODES[k][0] for k in names]),
            "y": _f32([_NODES[k][1] for k in names]),
            "mode": "markers",
            "marker": {"size": 40, "color": "rgba(0, 0, 0, 0)"},
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "showlegend": False,
        }
    ]
    ratio = tr(
        f"{NS}.tree_footer",
        tp=_count(freq.true_pos),
        pos=_count(freq.positives),
        pct=_pct(freq.true_pos / freq.positives) if freq.positives else "—",
    )
    notes.append(
        {
            "x": 0.375,
            "y": -0.48,
            "showarrow": False,
            "text": ratio,
            "font": {"color": ORANGE},
        }
    )
    hidden = {"visible": False, "fixedrange": True}
    return theme.figure(
        tr(f"{NS}.tree_title", n=_count(freq.population)),
        data,
        height=380,
        showlegend=False,
        shapes=shapes,
        annotations=notes,
        xaxis={**hidden, "range": [-0.06, 1.06]},
        yaxis={**hidden, "range": [-0.7, 2.3]},
        margin={"l": 4, "r": 4, "t": 48, "b": 4},
    )


# ---------------------------------------------------------------------------
# Updating again
# ---------------------------------------------------------------------------


def sequential_bars(
    labels: Sequence[str], p_sick: np.ndarray, positive: Sequence[bool], tr: Translator
) -> go.Figure:
    """P(sick) before any test and after each one, each posterior over its prior.

    Behind every posterior bar a grey outline shows the prior it started from
    (the previous bar), and a dotted line carries each posterior over as the
    next test's prior. Bars after a positive result are vermillion, after a
    negative one blue; ``positive`` has one flag per bar after the first.
    """
    k = len(labels)
    if len(positive) != k - 1:
        raise ValueError(f"len(positive) == {len(positive)}, must be {k - 1} (one per test).")
    x = _f32(np.arange(k))
    sick = tr(f"{NS}.sick")
    hover = "%{hovertext}<br>P(" + sick + ") = %{y:.6g}<extra></extra>"
    data = [
        {
            "type": "bar",
            "x": x[1:],
            "y": _f32(p_sick[:-1]),
            "width": 0.8,
            "name": tr(f"{NS}.seq_prior"),
            "marker": {"color": _GHOST, "line": {"color": GREY, "width": 1.5}},
            "hovertext": list(labels[1:]),
            "hovertemplate": tr(f"{NS}.seq_prior") + "<br>" + hover,
        },
        {
            "type": "bar",
            "x": x,
            "y": _f32(p_sick),
            "width": 0.5,
            "name": tr(f"{NS}.seq_posterior"),
            "marker": {"color": [GREY] + [VERMILLION if r else BLUE for r in positive]},
            "text": [_pct(p) for p in p_sick],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": list(labels),
            "hovertemplate": hover,
        },
    ]
    carries = [
        {
            "type": "line",
            "x0": i + 0.25,
            "x1": i + 0.6,
            "y0": float(p_sick[i]),
            "y1": float(p_sick[i]),
            "line": {"color": GREY, "dash": "dot", "width": 1.5},
        }
        for i in range(k - 1)
    ]
    return theme.figure(
        tr(f"{NS}.seq_title", path=" → ".join(_pct(p) for p in p_sick)),
        data,
        height=360,
        barmode="overlay",
        shapes=carries,
        xaxis={"tickvals": x, "ticktext": list(labels), "range": [-0.6, k - 0.4]},
        yaxis=theme.axis(tr(f"{NS}.p_sick_axis"), range=[0, 1.12], tickformat=".0%"),
        legend={"orientation": "h", "y": -0.14, "x": 0.0, "yanchor": "top"},
    )


def posterior_vs_prevalence(
    prevalences: np.ndarray,
    given_positive: np.ndarray | None,
    given_negative: np.ndarray | None,
    prevalence: float,
    now_positive: float | None,
    now_negative: float | None,
    tr: Translator,
) -> go.Figure:
    """P(D | +) and P(D | −) against the prevalence (log axis), your prevalence marked.

    The diagonal P(D) is what you would believe without a test.
    """
    x = _f32(prevalences)
    data = [
        {
            "type": "scatter",
            "x": x,
            "y": x,
            "mode": "lines",
            "name": tr(f"{NS}.curve_prior"),
            "line": {"color": GREY, "dash": "dot", "width": 1.5},
            "hovertemplate": "P(D) = %{x:.4g}<extra></extra>",
        }
    ]
    for curve, now, colour, key in (
        (given_positive, now_positive, VERMILLION, "curve_positive"),
        (given_negative, now_negative, BLUE, "curve_negative"),
    ):
        if curve is None:
            continue
        name = tr(f"{NS}.{key}")
        data.append(
            {
                "type": "scatter",
                "x": x,
                "y": _f32(curve),
                "mode": "lines",
                "name": name,
                "line": {"color": colour, "width": 2.5},
                "hovertemplate": "P(D) = %{x:.4g}<br>" + name + " = %{y:.4g}<extra></extra>",
            }
        )
        if now is not None:
            data.append(
                {
                    "type": "scatter",
                    "x": _f32([prevalence]),
                    "y": _f32([now]),
                    "mode": "markers",
                    "marker": {
                        "color": colour,
                        "size": 12,
                        "line": {"color": "white", "width": 1.5},
                    },
                    "showlegend": False,
                    "hovertemplate": tr(f"{NS}.curve_now")
                    + "<br>P(D) = %{x:.4g}<br>"
                    + name
                    + " = %{y:.4g}<extra></extra>",
                }
            )
    return theme.figure(
        tr(f"{NS}.curve_title"),
        data,
        height=380,
        xaxis=theme.axis(tr(f"{NS}.prevalence_axis"), type="log", tickformat=".2~%"),
        yaxis=theme.axis(tr(f"{NS}.posterior_axis"), range=[-0.02, 1.04], tickformat=".0%"),
        legend=_LEGEND_BELOW,
    )


# ---------------------------------------------------------------------------
# The coin
# ---------------------------------------------------------------------------


def _vline(x: float, top: float, colour: str, dash: str, name: str, hover: str) -> dict:
    return {
        "type": "scatter",
        "x": _f32([x, x]),
        "y": _f32([0.0, top]),
        "mode": "lines",
        "name": name,
        "line": {"color": colour, "dash": dash, "width": 2},
        "hovertemplate": hover + "<extra></extra>",
    }


def beta_densities(
    theta: np.ndarray,
    prior: np.ndarray,
    likelihood: np.ndarray,
    post: np.ndarray,
    r: BetaPosterior,
    tr: Translator,
) -> go.Figure:
    """Prior, likelihood (area 1) and posterior densities of θ; MLE, MAP and mean marked.

    The shaded band is the central credible interval. The y axis follows the
    posterior and the likelihood: a prior with a < 1 or b < 1 shoots up at an
    end of the axis and is cut there (its hover still shows the value).
    """
    top = float(max(np.max(post), np.max(likelihood) if r.heads + r.tails else 0.0, 1.0))
    y_max = top * 1.12
    lo, hi = r.interval
    band = (theta >= lo) & (theta <= hi)
    data = [
        {
            "type": "scatter",
            "x": _f32(np.concatenate([[lo], theta[band], [hi]])),
            "y": _f32(np.interp(np.concatenate([[lo], theta[band], [hi]]), theta, post)),
            "mode": "none",
            "fill": "tozeroy",
            "fillcolor": "rgba(0, 114, 178, 0.15)",
            "name": tr(f"{NS}.band_short", level=f"{100 * r.level:.0f}"),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": _f32(theta),
            "y": _f32(prior),
            "mode": "lines",
            "name": tr(f"{NS}.prior", a=f"{r.a:g}", b=f"{r.b:g}"),
            "line": {"color": GREY, "dash": "dash", "width": 2},
            "hovertemplate": "θ = %{x:.3f}<br>"
            + tr(f"{NS}.prior_short")
            + " %{y:.4g}<extra></extra>",
        },
    ]
    if r.heads + r.tails:
        data.append(
            {
                "type": "scatter",
                "x": _f32(theta),
                "y": _f32(likelihood),
                "mode": "lines",
                "name": tr(f"{NS}.likelihood_short"),
                "line": {"color": GREEN, "width": 2},
                "hovertemplate": "θ = %{x:.3f}<br>"
                + tr(f"{NS}.likelihood_short")
                + " %{y:.4g}<extra></extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": _f32(theta),
            "y": _f32(post),
            "mode": "lines",
            "name": tr(f"{NS}.posterior", alpha=f"{r.alpha:g}", beta=f"{r.beta:g}"),
            "line": {"color": BLUE, "width": 3},
            "hovertemplate": "θ = %{x:.3f}<br>"
            + tr(f"{NS}.posterior_short")
            + " %{y:.4g}<extra></extra>",
        }
    )
    marks = [(r.mean, PURPLE, "dot", "mean")]
    if r.mode is not None:
        marks.append((r.mode, ORANGE, "solid", "map"))
    if r.mle is not None:
        marks.append((r.mle, GREEN, "dash", "mle"))
    for x, colour, dash, key in marks:
        name = tr(f"{NS}.{key}_short")
        data.append(_vline(x, y_max, colour, dash, name, tr(f"{NS}.{key}", v=f"{x:.4f}")))
    return theme.figure(
        tr(f"{NS}.beta_title"),
        data,
        height=400,
        xaxis=theme.axis(tr(f"{NS}.theta_axis"), range=[0, 1]),
        yaxis=theme.axis(tr(f"{NS}.density_axis"), range=[0, y_max]),
        legend=_LEGEND_BELOW,
    )


def estimates_vs_flips(e: Estimates, flips_now: int, r: BetaPosterior, tr: Translator) -> go.Figure:
    """Posterior mean, MAP and credible band as the flips grow at your share of heads.

    The prior mean sits on the left; every estimate converges to the MLE on
    the right: the prior's weight (a + b)/(a + b + n) fades like 1/n.
    """
    x = _f32(e.flips)
    weight = tr(f"{NS}.weight")
    data = [
        {  # the credible band as one closed polygon: upper edge out, lower edge back
            "type": "scatter",
            "x": _f32(np.concatenate([e.flips, e.flips[::-1]])),
            "y": _f32(np.concatenate([e.high, e.low[::-1]])),
            "mode": "none",
            "fill": "toself",
            "fillcolor": "rgba(0, 114, 178, 0.15)",
            "name": tr(f"{NS}.band", level=f"{100 * r.level:.0f}"),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": x,
            "y": _f32(np.full(e.flips.shape, e.mle)),
            "mode": "lines",
            "name": tr(f"{NS}.mle", v=f"{e.mle:.4f}"),
            "line": {"color": GREEN, "dash": "dash", "width": 2},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": x,
            "y": _f32(e.mean),
            "customdata": _f32(e.prior_weight),
            "mode": "lines",
            "name": tr(f"{NS}.mean_curve"),
            "line": {"color": PURPLE, "width": 2.5},
            "hovertemplate": "n = %{x:,.0f}<br>"
            + tr(f"{NS}.mean_short")
            + " %{y:.4f}<br>"
            + weight
            + " %{customdata:.3f}<extra></extra>",
        },
    ]
    if e.map_defined.any():
        keep = e.map_defined
        data.append(
            {
                "type": "scatter",
                "x": x[keep],
                "y": _f32(e.map[keep]),
                "mode": "lines",
                "name": tr(f"{NS}.map_curve"),
                "line": {"color": ORANGE, "width": 2},
                "hovertemplate": "n = %{x:,.0f}<br>MAP %{y:.4f}<extra></extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": _f32([flips_now]),
            "y": _f32([r.mean]),
            "mode": "markers",
            "name": tr(f"{NS}.flips_now", n=flips_now),
            "marker": {"color": PURPLE, "size": 12, "line": {"color": "white", "width": 1.5}},
            "hovertemplate": "n = %{x:,.0f}<br>"
            + tr(f"{NS}.mean_short")
            + " %{y:.4f}<extra></extra>",
        }
    )
    return theme.figure(
        tr(f"{NS}.flips_title"),
        data,
        height=380,
        xaxis=theme.axis(tr(f"{NS}.flips_axis"), type="log"),
        yaxis=theme.axis(tr(f"{NS}.estimate_axis"), range=[0, 1]),
        legend=_LEGEND_BELOW,
    )
