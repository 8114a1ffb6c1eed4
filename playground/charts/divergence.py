"""Figures of the KL-divergence page: bars, the cross-entropy identity, densities, KL landscapes.

Arrays in, ``go.Figure`` out; every text comes through the translator ``tr``
(catalog namespace ``kl_divergence``). No figure ever receives ``inf`` or
``nan``: an infinite KL term is drawn as a marker at the top of the axis with
an "∞" annotation, and its hover text says why. Each figure is built from
plain dicts in a single ``go.Figure`` call (Plotly validates every
``add_trace``/``update_layout`` separately, which costs tens of milliseconds
per rerun).
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "contributions_figure",
    "densities_figure",
    "distributions_figure",
    "gaussians_figure",
    "identity_figure",
    "landscape_figure",
]

NS = "kl_divergence"
P_COLOR, Q_COLOR = PALETTE[0], PALETTE[1]
FORWARD_COLOR, REVERSE_COLOR = PALETTE[2], PALETTE[5]
_GREY = PALETTE[6]
#: Lowest KL shown by the landscape colour scale (log10 axis).
KL_FLOOR = 1e-3


_f32 = theme.f32


def _num(v: float, digits: int = 4) -> str:
    """Hover/legend text for one number: ``∞`` for infinity (never ``inf``/``nan``)."""
    v = float(v)
    if math.isnan(v):
        return "—"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return f"{v:.{digits}g}"


def _categories(k: int) -> np.ndarray:
    return np.arange(1, k + 1, dtype=np.float32)


def distributions_figure(p: np.ndarray, q: np.ndarray, *, tr: Translator) -> go.Figure:
    """P and Q side by side per category.

    Parameters
    ----------
    p, q : numpy.ndarray
        Probability vectors of the same length K.
    tr : callable
        Translator.
    """
    x = _categories(len(p))
    hover = "%{fullData.name} · " + tr(f"{NS}.charts.category") + " %{x}: %{y:.4f}<extra></extra>"
    data = [
        dict(type="bar", x=x, y=_f32(p), name="P", marker=dict(color=P_COLOR), hovertemplate=hover),
        dict(type="bar", x=x, y=_f32(q), name="Q", marker=dict(color=Q_COLOR), hovertemplate=hover),
    ]
    return theme.figure(
        tr(f"{NS}.charts.dist_title"),
        data,
        barmode="group",
        height=300,
        xaxis=dict(title=dict(text=tr(f"{NS}.charts.category")), dtick=1),
        yaxis=dict(title=dict(text=tr(f"{NS}.charts.probability")), rangemode="tozero"),
        legend=dict(orientation="h", y=1.02, x=1.0, xanchor="right", yanchor="bottom"),
    )


def contributions_figure(
    terms_pq: np.ndarray, terms_qp: np.ndarray, *, tr: Translator
) -> go.Figure:
    """Per-category terms of KL(P‖Q) and KL(Q‖P); infinite terms drawn as ∞ markers.

    Parameters
    ----------
    terms_pq, terms_qp : numpy.ndarray
        ``p log(p/q)`` and ``q log(q/p)`` per category (may hold ``+inf``).
    tr : callable
        Translator.
    """
    k = len(terms_pq)
    x = _categories(k)
    finite = np.concatenate(
        [terms_pq[np.isfinite(terms_pq)], terms_qp[np.isfinite(terms_qp)], [0.0]]
    )
    top = max(float(finite.max()), 0.05)
    bottom = min(float(finite.min()), 0.0)
    inf_y = top * 1.18
    data, notes = [], []
    for terms, name, color, offset in (
        (terms_pq, "p·log(p/q)", P_COLOR, -0.2),
        (terms_qp, "q·log(q/p)", Q_COLOR, 0.2),
    ):
        infinite = np.isinf(terms)
        shown = np.where(infinite, 0.0, terms)
        text = [_num(v) for v in terms]
        data.append(
            dict(
                type="bar",
                x=x,
                y=_f32(shown),
                name=name,
                marker=dict(color=color),
                text=text,
                textposition="none",
                hovertemplate=name
                + " · "
                + tr(f"{NS}.charts.category")
                + " %{x}: %{text}<extra></extra>",
            )
        )
        if infinite.any():
            data.append(
                dict(
                    type="scatter",
                    mode="markers+text",
                    x=_f32(x[infinite] + offset),
                    y=_f32(np.full(int(infinite.sum()), inf_y)),
                    text=["∞"] * int(infinite.sum()),
                    textposition="top center",
                    textfont=dict(size=20, color=color),
                    cliponaxis=False,
                    marker=dict(symbol="triangle-up", size=14, color=color),
                    showlegend=False,
                    hovertemplate=tr(f"{NS}.charts.infinite_hover", name=name) + "<extra></extra>",
                )
            )
            notes.append(name)
    annotations = []
    if notes:
        annotations.append(
            dict(
                text=tr(f"{NS}.charts.infinite_note", names=" · ".join(notes)),
                x=1.0,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="right",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=12),
            )
        )
    return theme.figure(
        tr(f"{NS}.charts.terms_title"),
        data,
        barmode="group",
        height=340,
        annotations=annotations,
        xaxis=dict(title=dict(text=tr(f"{NS}.charts.category")), dtick=1),
        yaxis=dict(
            title=dict(text=tr(f"{NS}.charts.term")),
            range=[bottom * 1.15 - 0.02, inf_y * 1.4 if notes else top * 1.12],
            zeroline=True,
        ),
        legend=dict(orientation="h", y=-0.22, x=0.0),
    )


def identity_figure(h_p: float, kl: float, ce: float, *, tr: Translator) -> go.Figure:
    """Stacked bars: H(P) + KL(P‖Q) next to H(P, Q), the same length.

    Parameters
    ----------
    h_p, kl, ce : float
        ``H(P)``, ``KL(P‖Q)`` and ``H(P, Q)`` in nats; ``kl`` and ``ce`` may
        be ``inf`` (then the KL segment is replaced by an "∞" annotation).
    tr : callable
        Translator.
    """
    finite = math.isfinite(kl) and math.isfinite(ce)
    # The numbers sit in the row labels too, so they stay readable when a segment is thin.
    rows = [
        f"{tr(f'{NS}.charts.sum_row')}<br>{_num(h_p)} + {_num(kl)}",
        f"{tr(f'{NS}.charts.ce_row')}<br>{_num(ce)}",
    ]
    seg = dict(
        type="bar",
        orientation="h",
        textposition="inside",
        insidetextanchor="middle",
        textangle=0,
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        textfont=dict(color="white"),
    )
    data = [
        dict(
            seg,
            y=[rows[0]],
            x=_f32([h_p]),
            name="H(P)",
            marker=dict(color=P_COLOR),
            text=[f"H(P) = {_num(h_p)}"],
        ),
        dict(
            seg,
            y=[rows[1]],
            x=_f32([ce if finite else h_p]),
            name="H(P, Q)",
            marker=dict(color=_GREY),
            text=[f"H(P, Q) = {_num(ce)}"],
        ),
    ]
    annotations = []
    if finite:
        data.insert(
            1,
            dict(
                seg,
                y=[rows[0]],
                x=_f32([kl]),
                name="KL",
                marker=dict(color=Q_COLOR),
                text=[f"KL = {_num(kl)}"],
            ),
        )
    else:
        for row in rows:
            annotations.append(
                dict(
                    x=h_p,
                    y=row,
                    text=" + ∞",
                    showarrow=False,
                    xanchor="left",
                    font=dict(size=16, color=Q_COLOR),
                )
            )
    total = (h_p + kl) if finite else h_p
    return theme.figure(
        tr(f"{NS}.charts.identity_title"),
        data,
        barmode="stack",
        height=250,
        bargap=0.25,
        annotations=annotations,
        uniformtext=dict(minsize=10, mode="hide"),
        xaxis=dict(
            title=dict(text=tr(f"{NS}.charts.nats")),
            range=[0, max(total, ce if finite else 0, 0.05) * 1.12 + 0.1],
        ),
        yaxis=dict(autorange="reversed"),
    )


def densities_figure(
    x: np.ndarray,
    p: np.ndarray,
    gaussians: dict[str, tuple[float, float, np.ndarray]],
    *,
    tr: Translator,
) -> go.Figure:
    """The mixture P (filled), the Gaussian Q, and the forward / reverse fits.

    Parameters
    ----------
    x : numpy.ndarray
        Grid.
    p : numpy.ndarray
        Mixture density on ``x`` (finite, non-negative).
    gaussians : dict
        ``{"q": (mu, sigma, density), "forward": ..., "reverse": ...}``: Q is
        drawn solid; the fits dashed / dotted (leave one out to hide it).
    tr : callable
        Translator.
    """
    hover = (
        "%{fullData.name}<br>x = %{x:.3f}<br>"
        + tr(f"{NS}.charts.density")
        + " = %{y:.4f}<extra></extra>"
    )
    data = [
        dict(
            type="scatter",
            mode="lines",
            x=_f32(x),
            y=_f32(p),
            name=tr(f"{NS}.charts.p_mixture"),
            line=dict(color=P_COLOR, width=2),
            fill="tozeroy",
            fillcolor="rgba(0,114,178,0.18)",
            hovertemplate=hover,
        ),
    ]
    styles = {
        "q": (Q_COLOR, "solid", 3),
        "forward": (FORWARD_COLOR, "dash", 2),
        "reverse": (REVERSE_COLOR, "dot", 2.5),
    }
    for key, (mu, sigma, density) in gaussians.items():
        color, dash, width = styles[key]
        name = tr(f"{NS}.charts.{key}_curve", mu=_num(mu, 3), sigma=_num(sigma, 3))
        data.append(
            dict(
                type="scatter",
                mode="lines",
                x=_f32(x),
                y=_f32(density),
                name=name,
                line=dict(color=color, width=width, dash=dash),
                hovertemplate=hover,
            )
        )
    return theme.figure(
        tr(f"{NS}.charts.densities_title"),
        data,
        height=360,
        xaxis=dict(title=dict(text="x")),
        yaxis=dict(title=dict(text=tr(f"{NS}.charts.density")), rangemode="tozero"),
        legend=dict(orientation="h", y=-0.2, x=0.0),
    )


def landscape_figure(
    mus: np.ndarray,
    sigmas: np.ndarray,
    forward: np.ndarray,
    reverse: np.ndarray,
    *,
    q: tuple[float, float],
    forward_fit: tuple[float, float],
    reverse_minima: np.ndarray,
    path: np.ndarray,
    tr: Translator,
) -> go.Figure:
    """Heatmaps of KL(P‖Q) and KL(Q‖P) over Q's (μ, σ), with minima, Q and the fit path.

    The colour is ``log10 KL`` on a shared scale (floored at ``KL_FLOOR``);
    hover shows the exact divergence.

    Parameters
    ----------
    mus, sigmas : numpy.ndarray
        Grid axes (columns, rows); ``sigmas`` positive (log axis).
    forward, reverse : numpy.ndarray
        ``KL(P‖Q)`` and ``KL(Q‖P)``, shape ``(len(sigmas), len(mus))``, finite.
    q : (float, float)
        Current Q, marked on both panels.
    forward_fit : (float, float)
        The forward-KL minimiser (moment match), starred on the left panel.
    reverse_minima : numpy.ndarray
        Rows ``(mu, sigma, kl)``, lowest first; the first is starred on the right.
    path : numpy.ndarray
        Rows ``(mu, sigma)`` of the reverse fit from its start (drawn on the right).
    tr : callable
        Translator.
    """
    fwd = np.where(np.isfinite(forward), forward, np.nan)
    rev = np.where(np.isfinite(reverse), reverse, np.nan)
    both = np.concatenate([fwd[np.isfinite(fwd)], rev[np.isfinite(rev)], [1.0]])
    # Colour range: from the lowest value to the 90th percentile, so the valleys get
    # most of the colours (higher values saturate; hover shows the exact number).
    lo = math.log10(max(float(both.min()), KL_FLOOR))
    hi = max(math.log10(max(float(np.percentile(both, 90)), KL_FLOOR)), lo + 0.5)
    cap = 10.0**hi
    # Infinite or overflowing cells show the colour cap; float32 tops out at 3.4e38.
    fwd, rev = (np.clip(np.nan_to_num(v, nan=cap), 0.0, 3e38) for v in (fwd, rev))
    z_f, z_r = np.log10(np.maximum(fwd, KL_FLOOR)), np.log10(np.maximum(rev, KL_FLOOR))
    kl = tr(f"{NS}.charts.kl")
    heat = dict(type="heatmap", x=_f32(mus), y=_f32(sigmas), coloraxis="coloraxis", zsmooth="best")
    data = [
        dict(
            heat,
            z=_f32(z_f),
            customdata=_f32(fwd),
            name="KL(P‖Q)",
            hovertemplate=(
                "μ = %{x:.2f}, σ = %{y:.3g}<br>KL(P‖Q) = %{customdata:.4g}<extra></extra>"
            ),
        ),
        dict(
            heat,
            z=_f32(z_r),
            customdata=_f32(rev),
            name="KL(Q‖P)",
            xaxis="x2",
            yaxis="y2",
            hovertemplate=(
                "μ = %{x:.2f}, σ = %{y:.3g}<br>KL(Q‖P) = %{customdata:.4g}<extra></extra>"
            ),
        ),
    ]
    marker_hover = "%{fullData.name}<br>μ = %{x:.3f}, σ = %{y:.3f}<extra></extra>"
    star = dict(symbol="star", size=17, color="white", line=dict(color="black", width=1.5))
    diamond = dict(symbol="diamond", size=11, color="white", line=dict(color="black", width=1.5))
    q_marker = dict(symbol="circle-open", size=14, color=Q_COLOR, line=dict(width=3))
    data += [
        dict(
            type="scatter",
            mode="markers",
            x=_f32([forward_fit[0]]),
            y=_f32([forward_fit[1]]),
            marker=star,
            name=tr(f"{NS}.charts.forward_min"),
            hovertemplate=marker_hover,
        ),
        dict(
            type="scatter",
            mode="markers",
            x=_f32([q[0]]),
            y=_f32([q[1]]),
            marker=q_marker,
            name="Q",
            legendgroup="q",
            hovertemplate=marker_hover,
        ),
        dict(
            type="scatter",
            mode="lines+markers",
            x=_f32(path[:, 0]),
            y=_f32(path[:, 1]),
            xaxis="x2",
            yaxis="y2",
            line=dict(color=REVERSE_COLOR, width=2.5, dash="dot"),
            marker=dict(size=5, color=REVERSE_COLOR),
            name=tr(f"{NS}.charts.path"),
            hovertemplate=marker_hover,
        ),
        dict(
            type="scatter",
            mode="markers",
            x=_f32([q[0]]),
            y=_f32([q[1]]),
            marker=q_marker,
            xaxis="x2",
            yaxis="y2",
            name="Q",
            legendgroup="q",
            showlegend=False,
            hovertemplate=marker_hover,
        ),
    ]
    if len(reverse_minima):
        data.append(
            dict(
                type="scatter",
                mode="markers",
                x=_f32(reverse_minima[:1, 0]),
                y=_f32(reverse_minima[:1, 1]),
                marker=star,
                xaxis="x2",
                yaxis="y2",
                name=tr(f"{NS}.charts.reverse_min"),
                hovertemplate=marker_hover,
            )
        )
    if len(reverse_minima) > 1:
        data.append(
            dict(
                type="scatter",
                mode="markers",
                x=_f32(reverse_minima[1:, 0]),
                y=_f32(reverse_minima[1:, 1]),
                marker=diamond,
                xaxis="x2",
                yaxis="y2",
                name=tr(f"{NS}.charts.reverse_local"),
                hovertemplate=marker_hover,
            )
        )
    ticks = [
        math.log10(m * 10.0**e) for e in range(math.floor(lo), math.ceil(hi) + 1) for m in (1, 2, 5)
    ]
    ticks = [v for v in ticks if lo - 1e-9 <= v <= hi + 1e-9]
    sigma_range = [math.log10(float(sigmas[0])), math.log10(float(sigmas[-1]))]
    mu_range = [float(mus[0]), float(mus[-1])]
    axis_mu = dict(title=dict(text="μ"), range=mu_range)
    sigma_ticks = [v for v in (0.1, 0.2, 0.5, 1, 2, 5, 10) if sigmas[0] <= v <= sigmas[-1]]
    axis_sigma = dict(
        title=dict(text="σ"),
        type="log",
        range=sigma_range,
        tickvals=sigma_ticks,
        ticktext=[_num(v) for v in sigma_ticks],
    )
    subtitle = dict(
        xref="paper", yref="paper", y=1.0, yanchor="bottom", showarrow=False, font=dict(size=13)
    )
    return theme.figure(
        tr(f"{NS}.charts.landscape_title"),
        data,
        height=430,
        xaxis=dict(axis_mu, domain=[0.0, 0.43]),
        yaxis=dict(axis_sigma),
        xaxis2=dict(axis_mu, domain=[0.52, 0.95], anchor="y2"),
        yaxis2=dict(axis_sigma, anchor="x2"),
        coloraxis=dict(
            colorscale=theme.SEQUENTIAL,
            cmin=lo,
            cmax=hi,
            colorbar=dict(
                title=dict(text=kl, side="right"),
                tickvals=ticks,
                ticktext=[_num(10.0**v, 3) for v in ticks],
                len=0.9,
                x=1.0,
                thickness=14,
            ),
        ),
        annotations=[
            dict(subtitle, x=0.0, xanchor="left", text=tr(f"{NS}.charts.forward_panel")),
            dict(subtitle, x=0.52, xanchor="left", text=tr(f"{NS}.charts.reverse_panel")),
        ],
        legend=dict(orientation="h", y=-0.2, x=0.0),
        margin=dict(l=10, r=10, t=70, b=10),
    )


def gaussians_figure(
    x: np.ndarray, p: np.ndarray, q: np.ndarray, integrand: np.ndarray, *, tr: Translator
) -> go.Figure:
    """Two Gaussian densities and the integrand ``p log(p/q)`` of KL(P‖Q) (right axis).

    Parameters
    ----------
    x : numpy.ndarray
        Grid.
    p, q : numpy.ndarray
        Densities on ``x``.
    integrand : numpy.ndarray
        ``p(x) log(p(x)/q(x))`` on ``x`` (finite; its area is KL(P‖Q)).
    tr : callable
        Translator.
    """
    hover = "%{fullData.name}<br>x = %{x:.3f}: %{y:.4f}<extra></extra>"
    data = [
        dict(
            type="scatter",
            mode="lines",
            x=_f32(x),
            y=_f32(p),
            name="p(x)",
            line=dict(color=P_COLOR, width=2.5),
            fill="tozeroy",
            fillcolor="rgba(0,114,178,0.15)",
            hovertemplate=hover,
        ),
        dict(
            type="scatter",
            mode="lines",
            x=_f32(x),
            y=_f32(q),
            name="q(x)",
            line=dict(color=Q_COLOR, width=2.5),
            fill="tozeroy",
            fillcolor="rgba(230,159,0,0.15)",
            hovertemplate=hover,
        ),
        dict(
            type="scatter",
            mode="lines",
            x=_f32(x),
            y=_f32(integrand),
            name="p·log(p/q)",
            yaxis="y2",
            line=dict(color=_GREY, width=2, dash="dash"),
            hovertemplate=hover,
        ),
    ]
    return theme.figure(
        tr(f"{NS}.charts.gaussians_title"),
        data,
        height=340,
        xaxis=dict(title=dict(text="x")),
        yaxis=dict(title=dict(text=tr(f"{NS}.charts.density")), rangemode="tozero"),
        yaxis2=dict(
            title=dict(text="p·log(p/q)"),
            overlaying="y",
            side="right",
            showgrid=False,
            zeroline=True,
            tickmode="auto",
            nticks=6,
        ),
        legend=dict(orientation="h", y=-0.22, x=0.0),
    )
