"""Figures of the loss-landscape page: arrays and runs in, ``go.Figure`` out.

Every builder takes a translator ``tr`` (``tr(key, **values) -> str``) for
the text it draws; keys live in ``locales/<lang>/loss_landscapes.toml``
under ``chart.*``. Data go out as float32 arrays; nothing non-finite is ever
sent (paths from :mod:`playground.optimizers` are finite by construction,
grids are clipped).

Speed: the race and replay redraw on every slider move, so figures are
assembled from plain dicts in one ``go.Figure(..., _validate=False)`` call.
Plotly's per-property validation would cost 10–20 ms per trace (the race
has up to 22); the dicts below use only documented attributes, and the
tests check every figure round-trips through Plotly's validated constructor.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from playground.charts import animation, theme

__all__ = [
    "COLORS",
    "MARKERS",
    "color_levels",
    "convexity_figure",
    "lr_figure",
    "point_figure",
    "race_figure",
    "race_frame_count",
    "saddle_figure",
    "surface_figure",
    "trajectory_loss_figure",
]

NS = "loss_landscapes.chart"

#: One fixed colour per optimiser, whatever the selection.
COLORS = {
    "gd": theme.PALETTE[0],
    "momentum": theme.PALETTE[1],
    "nesterov": theme.PALETTE[2],
    "adagrad": theme.PALETTE[3],
    "rmsprop": theme.PALETTE[4],
    "adam": theme.PALETTE[5],
}
_LABELS = {
    "gd": "GD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSProp",
    "adam": "Adam",
}
#: Marker of each kind of critical point.
MARKERS = {"minimum": "circle", "saddle": "x", "maximum": "triangle-up", "degenerate": "diamond"}

# A light, desaturated scale so the coloured paths stay readable on top.
_SURFACE_SCALE = [[0.0, "#fbfaf4"], [0.35, "#d9e2dc"], [0.7, "#9fb3b8"], [1.0, "#5f7380"]]
_STAR = dict(symbol="star", size=17, color="#F0E442", line=dict(width=1.2, color="#222222"))


_f32 = theme.f32


def color_levels(
    z: np.ndarray, log_scale: bool, floor: float | None = None
) -> tuple[np.ndarray, dict[str, Any]]:
    """Values to colour a contour by, and matching colour-bar ticks.

    With ``log_scale`` the colours follow ``log10(z − floor + δ)`` (``δ`` a
    small fraction of the range) so that a valley 1,000 times lower than the
    walls still shows its levels; the colour bar is labelled in ``f`` itself.

    Parameters
    ----------
    z : numpy.ndarray
        Finite surface values.
    log_scale : bool
        Log-scale the colours.
    floor : float, optional
        Lowest value of ``f`` (default: ``z.min()``).

    Returns
    -------
    colors : numpy.ndarray
        Same shape as ``z``.
    colorbar : dict
        Plotly ``colorbar`` settings (ticks in units of ``f``).
    """
    z = np.asarray(z, dtype=float)
    if not log_scale:
        return z, {}
    lo = float(z.min()) if floor is None else min(float(floor), float(z.min()))
    span = max(float(z.max()) - lo, 1e-12)
    delta = 1e-4 * span
    colors = np.log10(z - lo + delta)
    decades = range(int(np.floor(np.log10(delta))), int(np.ceil(np.log10(span + delta))) + 1)
    values = [lo] + [lo + 10.0**d for d in decades if 10.0**d >= delta * 10 and 10.0**d <= span]
    return colors, dict(
        tickvals=[float(np.log10(v - lo + delta)) for v in values],
        ticktext=[f"{v:.3g}" for v in values],
    )


def _contour(
    xs,
    ys,
    z,
    *,
    log_scale: bool,
    floor: float | None,
    tr,
    showscale: bool = True,
    ncontours: int = 22,
) -> dict:
    colors, ticks = color_levels(z, log_scale, floor)
    title = tr(f"{NS}.f_log") if log_scale else tr(f"{NS}.f")
    return dict(
        type="contour",
        x=_f32(xs),
        y=_f32(ys),
        z=_f32(colors),
        colorscale=_SURFACE_SCALE,
        ncontours=ncontours,
        contours=dict(coloring="fill", showlines=True),
        line=dict(width=0.6, color="rgba(60,60,60,0.25)"),
        showscale=showscale,
        colorbar=dict(title=dict(text=title, side="right"), thickness=12, len=0.85, **ticks),
        hoverinfo="skip",
    )


def _window_axes(window: Sequence[float], tr, equal: bool = True) -> dict:
    """Axes fixed to the window; ``equal`` keeps one unit the same length on x and y."""
    x0, x1, y0, y1 = (float(v) for v in window)
    same = dict(scaleanchor="x", scaleratio=1, constrain="domain") if equal else {}
    return dict(
        xaxis=dict(
            title=dict(text=tr(f"{NS}.x")),
            range=[x0, x1],
            showgrid=False,
            zeroline=False,
            **({"constrain": "domain"} if equal else {}),
        ),
        yaxis=dict(
            title=dict(text=tr(f"{NS}.y")), range=[y0, y1], showgrid=False, zeroline=False, **same
        ),
    )


def _critical_traces(points: Sequence[Any], window: Sequence[float], tr) -> list[dict]:
    x0, x1, y0, y1 = window
    inside = [c for c in points if x0 <= c.x <= x1 and y0 <= c.y <= y1]
    if not inside:
        return []
    return [
        dict(
            type="scatter",
            x=_f32([c.x for c in inside]),
            y=_f32([c.y for c in inside]),
            mode="markers+text",
            text=[tr(f"{NS}.kinds.{c.role or c.kind}") for c in inside],
            textposition="bottom center",
            textfont=dict(color="#3b3b3b"),  # the layout font size: scales in presenter mode
            marker=dict(
                symbol=[MARKERS[c.kind] for c in inside],
                size=9,
                color="#222222",
                line=dict(width=1, color="#ffffff"),
            ),
            customdata=_f32([c.value for c in inside]),
            hovertemplate="%{text}<br>(%{x:.4f}, %{y:.4f})<br>f = %{customdata:.5g}<extra></extra>",
            name=tr(f"{NS}.critical"),
            showlegend=False,
        )
    ]


def _pick_grid(landscape: Any, window: Sequence[float], n: int, tr) -> dict:
    """Almost invisible markers: clicking one makes it the start point."""
    x0, x1, y0, y1 = window
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    gx, gy = np.round(gx.ravel(), 2), np.round(gy.ravel(), 2)
    with np.errstate(over="ignore", invalid="ignore"):
        fz = landscape.f(gx, gy)
    fz = np.where(np.isfinite(fz), fz, 0.0)
    return dict(
        type="scatter",
        x=_f32(gx),
        y=_f32(gy),
        mode="markers",
        customdata=_f32(fz),
        marker=dict(size=14, color="rgba(0,0,0,0.01)"),
        selected=dict(marker=dict(color="rgba(0,0,0,0.01)")),
        unselected=dict(marker=dict(opacity=1)),
        hovertemplate=(
            "(%{x:.2f}, %{y:.2f})<br>f = %{customdata:.4g}<br>"
            + tr(f"{NS}.click_hint")
            + "<extra></extra>"
        ),
        name="pick",
        showlegend=False,
    )


def _positions(runs: Sequence[Any], steps: Sequence[int]) -> np.ndarray:
    """Where each optimiser is at each of ``steps`` (a run that diverged stays at its last
    finite point): float32, shape ``(len(steps), 2, len(runs))`` (x row, y row)."""
    at = np.asarray(steps, dtype=int)
    return np.stack([r.path[np.minimum(at, r.stop)] for r in runs], axis=2, dtype=np.float32)


def _typed(a: np.ndarray) -> dict:
    """A float32 array as a plotly.js typed array: a frame is sent as it is built, not
    converted again when the spec is prepared (a race has up to 41 of them)."""
    return {"dtype": "f4", "bdata": base64.b64encode(np.ascontiguousarray(a)).decode("ascii")}


def race_frame_count(runs: int, steps: int) -> int:
    """At most how many frames a race of ``runs`` optimisers over ``steps`` steps gets (see
    :func:`playground.charts.animation.frame_steps`): every step of a short race, else 41
    for up to four optimisers and 31 for more (the paths the figure carries grow with
    both; the chart stays under 150 KiB and cheap to send on every rerun).

    Examples
    --------
    >>> race_frame_count(4, 150), race_frame_count(6, 500), race_frame_count(2, 30)
    (41, 31, 31)
    """
    return int(min(max(int(steps), 1) + 1, 41 if runs <= 4 else 31))


def race_figure(
    landscape: Any,
    grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    runs: Sequence[Any],
    step: int,
    start: Sequence[float],
    window: Sequence[float],
    tr,
    *,
    steps: int | None = None,
    pick: int = 28,
    height: int = 560,
) -> go.Figure:
    """Filled contour with every optimiser's path, replayed in the browser.

    Each path is drawn whole (a line with a dot per step); a marker shows
    where each optimiser is at the step shown, a cross the last point of a
    run that diverged. The figure opens on ``step``; its play button and
    slider move the markers through the race (frames named ``"t<k>"``,
    drawn by the browser). A star marks the start, labelled markers the
    critical points. A grid of nearly invisible markers (``pick`` per side)
    makes the plot clickable (Streamlit selection events) to choose a new
    start point.

    Parameters
    ----------
    landscape : Landscape
        The surface (critical points, ``f`` for hover).
    grid : (xs, ys, z)
        From :meth:`Landscape.grid` over ``window``.
    runs : sequence of Run
        From :func:`playground.optimizers.race`.
    step : int
        The step the figure opens on.
    start : (float, float)
    window : (x0, x1, y0, y1)
    tr : callable
        Translator.
    steps : int, optional
        Length of the race (the slider's end; default: the longest run).
    """
    xs, ys, z = grid
    keep = dict(unselected=dict(marker=dict(opacity=1)))  # a click must not dim the paths
    traces = [_contour(xs, ys, z, log_scale=landscape.log_scale, floor=landscape.f_min, tr=tr)]
    if pick:
        traces.append(_pick_grid(landscape, window, pick, tr))
    for run in runs:
        color, label = COLORS[run.name], _LABELS[run.name]
        traces.append(
            dict(
                type="scatter",
                x=_f32(run.path[:, 0]),
                y=_f32(run.path[:, 1]),
                mode="lines+markers",
                line=dict(color=color, width=2.5),
                marker=dict(size=3, color=color),
                customdata=_f32(run.losses),
                name=label,
                legendgroup=run.name,
                **keep,
                hovertemplate=(
                    f"<b>{label}</b><br>t = %{{pointNumber}}<br>(%{{x:.4f}}, %{{y:.4f}})"
                    "<br>f = %{customdata:.5g}<extra></extra>"
                ),
            )
        )
    last = max((run.stop for run in runs), default=0) if steps is None else int(steps)
    k = int(np.clip(step, 0, last))
    frames, controls = [], {}
    if runs:  # where each optimiser is at step t: one trace for all (fewer arrays to send)
        moving = len(traces)
        traces.append(
            dict(
                type="scatter",
                x=_f32([r.path[min(k, r.stop), 0] for r in runs]),
                y=_f32([r.path[min(k, r.stop), 1] for r in runs]),
                mode="markers",
                marker=dict(
                    size=12,
                    color=[COLORS[r.name] for r in runs],
                    line=dict(width=1.5, color="#ffffff"),
                ),
                hoverinfo="skip",  # the path under the marker names the step and the point
                showlegend=False,
                **keep,
            )
        )
        ended = [run for run in runs if run.diverged]
        if ended:  # a cross at the last finite point of a run that diverged
            traces.append(
                dict(
                    type="scatter",
                    x=_f32([r.path[-1, 0] for r in ended]),
                    y=_f32([r.path[-1, 1] for r in ended]),
                    mode="markers",
                    marker=dict(
                        symbol="x",
                        size=14,
                        color=[COLORS[r.name] for r in ended],
                        line=dict(width=1.5, color="#ffffff"),
                    ),
                    hovertext=[
                        f"<b>{_LABELS[r.name]}</b> · t = {r.stop}<br>{tr(f'{NS}.diverged_here')}"
                        for r in ended
                    ],
                    hovertemplate="%{hovertext}<br>(%{x:.4f}, %{y:.4f})<extra></extra>",
                    showlegend=False,
                    **keep,
                )
            )
        shown = animation.frame_steps(last, k, race_frame_count(len(runs), last))
        frames = [
            {
                "name": animation.frame_name("t", j),
                "traces": [moving],
                "data": [{"type": "scatter", "x": _typed(xy[0]), "y": _typed(xy[1])}],
            }
            for j, xy in zip(shown, _positions(runs, shown), strict=True)
        ]
        controls = animation.controls(
            shown,
            active=k,
            prefix="t",
            play=tr(f"{NS}.play"),
            pause=tr(f"{NS}.pause"),
            readout=tr(f"{NS}.readout", step="{step}"),
            duration=90,
        )
    traces += _critical_traces(landscape.critical_points, window, tr)
    traces.append(
        dict(
            type="scatter",
            x=_f32([start[0]]),
            y=_f32([start[1]]),
            mode="markers",
            marker=_STAR,
            name=tr(f"{NS}.start"),
            **keep,
            hovertemplate=tr(f"{NS}.start") + " (%{x:.3f}, %{y:.3f})<extra></extra>",
        )
    )
    fig = theme.figure(
        tr(f"{NS}.race_replay_title"),
        traces,
        frames=frames,
        height=height + (animation.CONTROLS_MARGIN - 40 if frames else 0),
        legend=dict(orientation="h", y=1.0, x=0.0, yanchor="bottom"),
        margin=dict(l=10, r=10, t=100, b=animation.CONTROLS_MARGIN if frames else 10),
        **_window_axes(window, tr, equal=False),
        **controls,
    )
    return animation.title_on_top(fig)


def trajectory_loss_figure(
    runs: Sequence[Any],
    step: int,
    f_min: float | None,
    tr,
    *,
    y_range: Sequence[float] | None = None,
    height: int = 300,
) -> go.Figure:
    """Loss per step for each optimiser, with a marker line at ``step``.

    With a known minimum value ``f*`` the curve is the gap ``f(x_t) − f*`` on a
    log axis (floored at 1e-16, float64's resolution near 1); on a surface
    that is unbounded below, ``f(x_t)`` on a linear axis, limited to
    ``y_range`` (e.g. the values ``f`` takes in the plotted window) so that a
    run heading to −∞ does not flatten every other curve.
    """
    log = f_min is not None
    traces: list[dict] = []
    top = 0
    for run in runs:
        label = _LABELS[run.name]
        y = np.maximum(run.losses - f_min, 1e-16) if log else run.losses
        top = max(top, len(y) - 1)
        traces.append(
            dict(
                type="scatter",
                x0=0,
                dx=1,
                y=_f32(y),
                mode="lines",
                name=label,
                line=dict(color=COLORS[run.name], width=2),
                hovertemplate=f"<b>{label}</b><br>t = %{{x}}<br>%{{y:.5g}}<extra></extra>",
            )
        )
        if run.diverged:
            traces.append(
                dict(
                    type="scatter",
                    x=[run.stop],
                    y=_f32(y[-1:]),
                    mode="markers",
                    showlegend=False,
                    marker=dict(symbol="x", size=11, color=COLORS[run.name]),
                    hovertemplate=f"<b>{label}</b>: {tr(f'{NS}.diverged_here')}<extra></extra>",
                )
            )
    yaxis = dict(
        title=dict(text=tr(f"{NS}.gap" if log else f"{NS}.f")),
        type="log" if log else "linear",
        exponentformat="power",
    )
    if not log and y_range is not None and runs:
        lo = float(y_range[0])
        hi = max(float(y_range[1]), max(float(r.losses[0]) for r in runs))
        pad = 0.05 * max(hi - lo, 1e-12)
        yaxis["range"] = [lo - pad, hi + pad]
    return theme.figure(
        tr(f"{NS}.loss_title_log") if log else tr(f"{NS}.loss_title"),
        traces,
        height=height,
        xaxis=dict(title=dict(text=tr(f"{NS}.step")), range=[0, max(top, 1)]),
        yaxis=yaxis,
        shapes=[
            dict(
                type="line",
                x0=int(step),
                x1=int(step),
                y0=0,
                y1=1,
                xref="x",
                yref="paper",
                line=dict(color="rgba(128,128,128,0.7)", width=1, dash="dash"),
            )
        ],
        legend=dict(orientation="h", y=-0.3),
        margin=dict(l=10, r=10, t=48, b=10),
    )


def surface_figure(
    landscape: Any,
    grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    runs: Sequence[Any],
    tr,
    *,
    height: int = 620,
) -> go.Figure:
    """3-D surface with the paths lifted onto it (log height where colours are log).

    A path is drawn until it first leaves the grid's window (the surface is
    not drawn beyond it).
    """
    xs, ys, z = grid
    if landscape.log_scale:
        lo = float(z.min()) if landscape.f_min is None else min(landscape.f_min, float(z.min()))
        delta = 1e-4 * max(float(z.max()) - lo, 1e-12)

        def height_of(v):
            return np.log10(np.asarray(v) - lo + delta)
    else:

        def height_of(v):
            return np.asarray(v)

    traces = [
        dict(
            type="surface",
            x=_f32(xs),
            y=_f32(ys),
            z=_f32(height_of(z)),
            colorscale=theme.SEQUENTIAL,
            opacity=0.92,
            showscale=False,
            customdata=_f32(z),
            hovertemplate="(%{x:.3f}, %{y:.3f})<br>f = %{customdata:.5g}<extra></extra>",
            contours=dict(z=dict(show=True, usecolormap=True, project=dict(z=False), width=1)),
        )
    ]
    x0, x1, y0, y1 = float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])
    for run in runs:
        p = run.path
        inside = (p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)
        stop = int(np.argmin(inside)) if not inside.all() else len(p)
        if stop == 0:
            continue
        label, color = _LABELS[run.name], COLORS[run.name]
        traces.append(
            dict(
                type="scatter3d",
                x=_f32(p[:stop, 0]),
                y=_f32(p[:stop, 1]),
                z=_f32(height_of(run.losses[:stop])),
                mode="lines+markers",
                name=label,
                customdata=_f32(run.losses[:stop]),
                line=dict(color=color, width=6),
                marker=dict(size=2.5, color=color),
                hovertemplate=(
                    f"<b>{label}</b><br>t = %{{pointNumber}}<br>(%{{x:.3f}}, %{{y:.3f}})"
                    "<br>f = %{customdata:.5g}<extra></extra>"
                ),
            )
        )
    z_title = tr(f"{NS}.height_log") if landscape.log_scale else tr(f"{NS}.f")
    return theme.figure(
        tr(f"{NS}.surface_title"),
        traces,
        height=height,
        scene=dict(
            xaxis=dict(title=dict(text=tr(f"{NS}.x"))),
            yaxis=dict(title=dict(text=tr(f"{NS}.y"))),
            zaxis=dict(title=dict(text=z_title)),
            aspectmode="manual",
            aspectratio=dict(x=1, y=1, z=0.6),
            camera=dict(eye=dict(x=1.5, y=-1.5, z=1.0)),
        ),
        legend=dict(orientation="h", y=0.0),
        margin=dict(l=0, r=0, t=48, b=0),
    )


def point_figure(
    landscape: Any,
    point: Sequence[float],
    radius: float,
    tr,
    *,
    n: int = 60,
    height: int = 430,
) -> go.Figure:
    """Zoom on ``point``: contour, the descent direction −∇f and the Hessian's eigenvectors.

    Each eigenvector is a double arrow ±v: solid green where ``f`` curves up
    (λ > 0), dashed orange where it curves down (λ < 0); its length grows with
    ``|λ|``. −∇f is the blue arrow. The legend names each arrow with its
    eigenvalue, so no label can be clipped at the plot's edge.
    """
    px, py = float(point[0]), float(point[1])
    window = (px - radius, px + radius, py - radius, py + radius)
    xs, ys = np.linspace(window[0], window[1], n), np.linspace(window[2], window[3], n)
    with np.errstate(over="ignore", invalid="ignore"):
        z = landscape.f(xs[None, :], ys[:, None])
    big = float(np.finfo(np.float32).max) / 2
    z = np.nan_to_num(z, nan=0.0, posinf=big, neginf=-big)
    traces = [
        _contour(xs, ys, z, log_scale=False, floor=None, tr=tr, showscale=False, ncontours=18)
    ]
    h = landscape.hessian(px, py).reshape(2, 2)
    w, v = np.linalg.eigh(0.5 * (h + h.T))
    g = landscape.grad(px, py).reshape(2)
    scale = max(float(np.abs(w).max()), 1e-300)
    heads = []  # (head x, head y, colour)

    def shaft(x, y, color, name, dash="solid"):
        traces.append(
            dict(
                type="scatter",
                x=_f32(x),
                y=_f32(y),
                mode="lines",
                name=name,
                line=dict(color=color, width=2.5, dash=dash),
                hoverinfo="skip",
            )
        )

    for i in range(2):
        if abs(w[i]) <= 1e-12 * max(1.0, scale):
            continue
        length = radius * (0.25 + 0.45 * abs(w[i]) / scale)
        up = w[i] > 0
        color = theme.PALETTE[2] if up else theme.PALETTE[5]
        tip = length * v[:, i]
        shaft(
            [px - tip[0], px + tip[0]],
            [py - tip[1], py + tip[1]],
            color,
            tr(f"{NS}.eig_up" if up else f"{NS}.eig_down", i=i + 1, value=f"{w[i]:.4g}"),
            "solid" if up else "dash",
        )
        heads += [(px + tip[0], py + tip[1], color), (px - tip[0], py - tip[1], color)]
    gn = float(np.linalg.norm(g))
    if gn > 0 and np.isfinite(gn):
        d = -g / gn * 0.75 * radius
        shaft([px, px + d[0]], [py, py + d[1]], theme.PALETTE[0], tr(f"{NS}.descent"))
        heads.append((px + d[0], py + d[1], theme.PALETTE[0]))
    traces.append(
        dict(
            type="scatter",
            x=_f32([px]),
            y=_f32([py]),
            mode="markers",
            showlegend=False,
            marker={**_STAR, "size": 15},
            hovertemplate="(%{x:.4f}, %{y:.4f})<extra></extra>",
        )
    )
    arrowheads = [  # drawn over the shafts (the traces above carry the legend)
        dict(
            x=float(ex),
            y=float(ey),
            ax=px,
            ay=py,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=2.5,
            arrowcolor=color,
            text="",
        )
        for ex, ey, color in heads
    ]
    return theme.figure(
        tr(f"{NS}.point_title"),
        traces,
        height=height,
        annotations=arrowheads,
        legend=dict(orientation="h", y=-0.2),
        margin=dict(l=10, r=10, t=56, b=10),
        **_window_axes(window, tr),
    )


def saddle_figure(
    exact: np.ndarray, noisy: np.ndarray, noise: float, tr, *, n: int = 50, height: int = 380
) -> go.Figure:
    """GD on ``x² − y²`` from the stable axis: exact gradients vs a little noise."""
    xs = ys = np.linspace(-2.0, 2.0, n)
    z = xs[None, :] ** 2 - ys[:, None] ** 2
    traces = [
        _contour(xs, ys, z, log_scale=False, floor=None, tr=tr, showscale=False, ncontours=16)
    ]
    for path, color, key in (
        (noisy, theme.PALETTE[5], "noisy"),
        (exact, theme.PALETTE[0], "exact"),
    ):
        inside = np.all(np.abs(path) <= 2.0, axis=1)
        stop = int(np.argmin(inside)) + 1 if not inside.all() else len(path)
        p = np.clip(path[:stop], -2.5, 2.5)  # the first point outside, pulled to the frame
        name = tr(f"{NS}.{key}", noise=f"{noise:g}")
        traces.append(
            dict(
                type="scatter",
                x=_f32(p[:, 0]),
                y=_f32(p[:, 1]),
                mode="lines+markers",
                name=name,
                line=dict(color=color, width=2.5),
                marker=dict(size=4, color=color),
                hovertemplate=(
                    f"{name}<br>t = %{{pointNumber}}<br>(%{{x:.2e}}, %{{y:.2e}})<extra></extra>"
                ),
            )
        )
    traces.append(
        dict(
            type="scatter",
            x=_f32([0.0]),
            y=_f32([0.0]),
            mode="markers+text",
            showlegend=False,
            text=[tr(f"{NS}.kinds.saddle")],
            textposition="bottom right",
            marker=dict(symbol="x", size=11, color="#222222"),
            hoverinfo="skip",
        )
    )
    return theme.figure(
        tr(f"{NS}.saddle_title"),
        traces,
        height=height,
        legend=dict(orientation="h", y=-0.14),
        margin=dict(l=10, r=10, t=56, b=10),
        **_window_axes((-2.0, 2.0, -2.0, 2.0), tr),
    )


def convexity_figure(
    lam: np.ndarray, f_seg: np.ndarray, chord: np.ndarray, tr, *, height: int = 360
) -> go.Figure:
    """``f`` along the segment and the chord; where ``f`` rises above it, shaded."""
    above = f_seg > chord + 1e-12 * np.maximum(1.0, np.abs(chord))
    hover = "λ = %{x:.3f}<br>%{y:.5g}<extra></extra>"
    traces = [
        dict(
            type="scatter",
            x=_f32(lam),
            y=_f32(chord),
            mode="lines",
            name=tr(f"{NS}.chord"),
            line=dict(color=theme.PALETTE[6], width=2, dash="dash"),
            hovertemplate=hover,
        ),
        dict(
            type="scatter",
            x=_f32(lam),
            y=_f32(np.where(above, f_seg, chord)),
            mode="lines",
            fill="tonexty",
            fillcolor="rgba(213,94,0,0.25)",
            line=dict(width=0),
            hoverinfo="skip",
            name=tr(f"{NS}.violation"),
            showlegend=bool(above.any()),
        ),
        dict(
            type="scatter",
            x=_f32(lam),
            y=_f32(f_seg),
            mode="lines",
            name=tr(f"{NS}.f_segment"),
            line=dict(color=theme.PALETTE[0], width=2.5),
            hovertemplate=hover,
        ),
        dict(
            type="scatter",
            x=_f32([1.0, 0.0]),
            y=_f32([f_seg[-1], f_seg[0]]),
            mode="markers+text",
            text=["a", "b"],
            textposition="top center",
            showlegend=False,
            marker=dict(size=9, color="#222222"),
            hoverinfo="skip",
        ),
    ]
    return theme.figure(
        tr(f"{NS}.convexity_title"),
        traces,
        height=height,
        xaxis=dict(title=dict(text=tr(f"{NS}.lambda")), range=[-0.02, 1.02]),
        yaxis=dict(title=dict(text=tr(f"{NS}.f"))),
        legend=dict(orientation="h", y=-0.25),
    )


def lr_figure(lesson: Any, steps: int, tr, *, height: int = 360) -> go.Figure:
    """Loss per step of GD on the quadratic just below, just above ``2/L`` and at the user's rate.

    Parameters
    ----------
    lesson : LrLesson
        From :func:`playground.optimizers.lr_lesson`; a diverged run is
        already cut at its last finite point and is marked with a cross.
    steps : int
        x-axis extent.
    """
    colors = {"below": theme.PALETTE[2], "above": theme.PALETTE[5], "yours": theme.PALETTE[0]}
    traces: list[dict] = []
    for key, (lr, run) in lesson.runs.items():
        color = colors[key]
        # Stop a converging curve once f reaches float64's resolution (it would flatline at 1e-16).
        tiny = np.flatnonzero(run.losses <= 1e-15)
        y = np.maximum(run.losses[: tiny[0] + 1] if tiny.size else run.losses, 1e-16)
        name = f"{tr(f'{NS}.lr_{key}')} = {lr:.3g}"
        traces.append(
            dict(
                type="scatter",
                x0=0,
                dx=1,
                y=_f32(y),
                mode="lines",
                name=name,
                line=dict(
                    color=color,
                    width=3 if key == "yours" else 2,
                    dash="solid" if key == "yours" else "dot",
                ),
                hovertemplate=f"{name}<br>t = %{{x}}<br>f = %{{y:.4g}}<extra></extra>",
            )
        )
        if run.diverged:
            traces.append(
                dict(
                    type="scatter",
                    x=[run.stop],
                    y=_f32(y[-1:]),
                    mode="markers+text",
                    showlegend=False,
                    text=[tr(f"{NS}.diverged_short")],
                    textposition="middle left",
                    marker=dict(symbol="x", size=12, color=color),
                    textfont=dict(color=color),
                    hoverinfo="skip",
                )
            )
    return theme.figure(
        tr(f"{NS}.lr_title"),
        traces,
        height=height,
        xaxis=dict(title=dict(text=tr(f"{NS}.step")), range=[0, steps]),
        yaxis=dict(title=dict(text=tr(f"{NS}.f")), type="log", exponentformat="power"),
        legend=dict(orientation="h", y=-0.25),
    )
