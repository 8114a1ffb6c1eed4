"""Figures of the logistic-regression page: arrays in, ``go.Figure`` out.

Every builder takes a translator ``tr`` (``tr(key, **values) -> str``) for
titles, axis titles, legend names and hover labels, sends float32 arrays,
and never sends ``nan``/``inf``: non-finite values are cut and annotated.

The replay's frames (:func:`replay_frames`) are cached by the page and sent
on every rerun, so they are stored ready to send: arrays as plotly.js typed
arrays (``{"dtype", "bdata"}``), gapped coordinates as object arrays.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from playground import logistic as lg
from playground.charts import animation, theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "bounds",
    "grid_axes",
    "naive_table",
    "ce_mse_figure",
    "curves_figure",
    "replay_figure",
    "replay_frame_count",
    "replay_frames",
    "naive_figure",
    "slice_figure",
]

NS = "logistic_regression.charts"
CLASS_COLORS = (PALETTE[0], PALETTE[1])
CLASS_SYMBOLS = ("circle", "diamond")
BOUNDARY = "#31333F"
REFERENCE = PALETTE[3]
#: Room for a two-line title (title + <sup> subtitle) above panel titles.
_SUBTITLED = dict(t=84)
#: Probability colour scale: class-0 blue through a pale middle to class-1 orange.
PROB_SCALE = [[0.0, PALETTE[0]], [0.5, "rgba(235,235,235,0.15)"], [1.0, PALETTE[1]]]


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64), dtype=np.float32)


_TYPED = {"uint8": "u1", "float32": "f4"}


def _typed(a: np.ndarray) -> dict | list:
    """A ``uint8`` or ``float32`` array as a plotly.js typed array (what the app sends for a
    NumPy array), so that a cached frame is not encoded again on every rerun."""
    a = np.ascontiguousarray(a)
    if a.size == 0:
        return []
    spec = {"dtype": _TYPED[a.dtype.name], "bdata": base64.b64encode(a).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in a.shape)
    return spec


def _title(text: str) -> dict:
    return {"text": text}


def _panel_titles(left: str, right: str, split: float = 0.5, gap: float = 0.05) -> list[dict]:
    """Titles above two side-by-side panels (what ``make_subplots`` would add)."""
    return [
        dict(
            text=text,
            x=x,
            y=1.0,
            xref="paper",
            yref="paper",
            xanchor="center",
            yanchor="bottom",
            showarrow=False,
            font={"size": 13},
        )
        for text, x in ((left, (split - gap) / 2), (right, (1 + split + gap) / 2))
    ]


def _two_panels(split: float = 0.5, gap: float = 0.1) -> dict:
    return dict(
        xaxis={"domain": [0.0, split - gap / 2]},
        xaxis2={"domain": [split + gap / 2, 1.0]},
        yaxis2={"anchor": "x2"},
    )


def bounds(
    points: np.ndarray, *, pad: float = 0.12, min_half: float = 1.0, max_abs: float = 60.0
) -> tuple[float, float, float, float]:
    """Axis box ``(x0, x1, y0, y1)`` around finite 2-D ``points``, padded.

    Each side spans at least ``2·min_half`` and stays within ``±max_abs``.

    Examples
    --------
    >>> bounds(np.array([[0.0, 0.0], [2.0, 1.0]]), pad=0.0)
    (0.0, 2.0, -0.5, 1.5)
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    pts = np.clip(pts[np.isfinite(pts).all(axis=1)], -max_abs, max_abs)
    if pts.size == 0:
        pts = np.zeros((1, 2))
    out = []
    for lo, hi in zip(pts.min(axis=0), pts.max(axis=0), strict=True):
        mid, half = (lo + hi) / 2, max((hi - lo) / 2 * (1 + pad), min_half)
        out += [float(mid - half), float(mid + half)]
    return tuple(out)  # type: ignore[return-value]


def grid_axes(box: tuple[float, float, float, float], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Axes of the loss-surface grid over ``box``: 48 per side for small data, fewer as the
    sample count ``n`` grows (side ≈ √(6·10⁵/n), at least 24), so the surface stays fast.

    Examples
    --------
    >>> [len(a) for a in grid_axes((0.0, 1.0, 0.0, 1.0), 2000)]
    [24, 24]
    """
    side = int(np.clip(np.sqrt(6e5 / max(n, 1)), 24, 48))
    return np.linspace(box[0], box[1], side), np.linspace(box[2], box[3], side)


def _boundary(w: np.ndarray, b: float, box) -> tuple[np.ndarray, np.ndarray] | None:
    """End points of the line ``w·x + b = 0`` inside ``box``, or ``None``."""
    x0, x1, y0, y1 = box
    w1, w2 = float(w[0]), float(w[1])
    if not np.isfinite([w1, w2, b]).all() or np.hypot(w1, w2) < 1e-9:
        return None
    pts = []
    if abs(w2) > 1e-12:
        for x in (x0, x1):
            y = -(w1 * x + b) / w2
            if y0 - 1e-9 <= y <= y1 + 1e-9:
                pts.append((x, y))
    if abs(w1) > 1e-12:
        for y in (y0, y1):
            x = -(w2 * y + b) / w1
            if x0 - 1e-9 <= x <= x1 + 1e-9:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    pts = sorted(set(pts))
    a, c = np.array(pts[0]), np.array(pts[-1])
    return _f32([a[0], c[0]]), _f32([a[1], c[1]])


def _pulls(X: np.ndarray, grads: np.ndarray, box, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` largest pulls ``−(p − y)·x`` as arrows from their points.

    One segment per arrow (start, tip, gap), the longest drawn 18 % of the
    plot's shorter side and the others in proportion; slots without a pull
    (fewer samples, or a pull of zero) are gaps, so every step has the same
    number of points and a frame can replace them.
    """
    xs = np.full(3 * count, np.nan)
    ys = np.full(3 * count, np.nan)
    norms = np.linalg.norm(grads, axis=1)
    top = np.argsort(norms)[::-1][:count]
    top = top[np.isfinite(norms[top]) & (norms[top] > 1e-9)]
    if top.size:
        span = min(box[1] - box[0], box[3] - box[2])
        tips = X[top] - (0.18 * span / norms[top[0]]) * grads[top]
        xs[0 : 3 * top.size : 3], xs[1 : 3 * top.size : 3] = X[top, 0], tips[:, 0]
        ys[0 : 3 * top.size : 3], ys[1 : 3 * top.size : 3] = X[top, 1], tips[:, 1]
    # float32 with NaN gaps: a typed array, which plotly.js draws with the same gaps as
    # a list with nulls (checked in Chromium) at a fraction of the cost to encode.
    return _f32(xs), _f32(ys)


def _pull_trace(count: int, name: str) -> dict:
    """Arrows as one scatter trace: segments separated by gaps, an arrowhead marker
    (``angleref="previous"``: it points along its segment) at each tip. One trace
    draws in a fraction of the time of as many layout annotations."""
    sizes = np.zeros(3 * count)
    sizes[1::3] = 9.0
    return dict(
        type="scatter",
        mode="lines+markers",
        name=name,
        showlegend=False,
        hoverinfo="skip",
        connectgaps=False,
        line=dict(color=PALETTE[5], width=1.6),
        marker=dict(
            symbol="arrow",
            angleref="previous",
            size=_f32(sizes),
            color=PALETTE[5],
            line=dict(width=0),
        ),
    )


def _descent_arrow(point: np.ndarray, grad: np.ndarray, length: float) -> dict:
    """The segment from ``point`` along ``−grad`` (``length`` long), or no points."""
    g = np.asarray(grad, dtype=np.float64)
    norm = float(np.linalg.norm(g)) if np.isfinite(g).all() else 0.0
    if norm <= 1e-12:
        return {"x": _f32([]), "y": _f32([])}
    tip = point - length * g / norm
    return {"x": _f32([point[0], tip[0]]), "y": _f32([point[1], tip[1]])}


def replay_frame_count(n: int, steps: int) -> int:
    """At most how many frames a replay of ``steps`` steps on ``n`` samples gets (see
    :func:`playground.charts.animation.frame_steps`).

    A frame costs about 3.5 KiB (the probability grid, 40 pulls, the boundary
    and the markers); the points and the path the figure carries anyway grow
    with ``n`` and ``steps``. The count keeps the whole figure under about
    140 KiB and the rerun that sends it short: 21 for the default run (a frame
    every 10 steps), 10 for the largest data set and run (every 250 steps).

    Examples
    --------
    >>> replay_frame_count(200, 200), replay_frame_count(2000, 2000)
    (21, 10)
    """
    room = 125_000 - 32 * int(n) - 8 * int(steps) - 20_000
    return int(np.clip(room // 3_600, 10, 21))


def replay_frames(
    X: np.ndarray,
    y: np.ndarray,
    history: lg.History,
    steps: Sequence[int],
    *,
    window: tuple[float, float, float, float],
    arrows: int = 40,
    resolution: int = 32,
) -> list[dict]:
    """The frames of :func:`replay_figure` for ``steps``: what changes from step to step.

    All steps are computed together (one matrix product for every step's
    probabilities and pulls). Cache these: they do not depend on the
    selected step, the language or the chain-rule sample.

    Parameters
    ----------
    X, y : numpy.ndarray
        Features ``(n, 2)`` and 0/1 labels.
    history : History
        The run.
    steps : sequence of int
        The steps shown (frames named ``"step<k>"``).
    window : (w1_min, w1_max, w2_min, w2_max)
        The loss surface's extent (the descent arrow is 15 % of its shorter side).
    arrows : int, default 40
        Number of pulls drawn (0: none).
    resolution : int, default 32
        Side of the probability grid.

    Returns
    -------
    list of dict
        ``{"name": ..., "data": [...]}`` per step: the probability (percent,
        ``uint8``), the boundary, whether the "no boundary yet" note shows,
        the current weights, the descent direction and, with ``arrows``, the
        pulls.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    js = np.clip(np.asarray(steps, dtype=int), 0, history.steps_run)
    W, B = history.w[js], history.b[js]  # (F, 2), (F,)
    box = bounds(X, pad=0.08)
    g1 = np.linspace(box[0], box[1], resolution)
    g2 = np.linspace(box[2], box[3], resolution)
    logits = W[:, 0, None, None] * g1[None, None, :] + W[:, 1, None, None] * g2[None, :, None]
    percent = np.rint(100 * lg.sigmoid(logits + B[:, None, None])).astype(np.uint8)
    pull = lg.sigmoid(X @ W.T + B) - y[:, None]  # p − y, (n, F)
    grads = X.T @ pull / X.shape[0] + history.l2 * W.T  # ∂L/∂w, (2, F)
    length = 0.15 * min(window[1] - window[0], window[3] - window[2])
    frames = []
    for f, j in enumerate(js):
        line = _boundary(W[f], float(B[f]), box)
        arrow = _descent_arrow(W[f], grads[:, f], length)
        data = [
            {"type": "contour", "z": _typed(percent[f])},
            {
                "type": "scatter",
                "x": _typed(line[0]) if line else [],
                "y": _typed(line[1]) if line else [],
            },
            {"type": "scatter", "opacity": 0 if line else 1},
            {"type": "scatter", "x": _typed(_f32(W[f, :1])), "y": _typed(_f32(W[f, 1:]))},
            {"type": "scatter", "x": _typed(arrow["x"]), "y": _typed(arrow["y"])},
        ]
        if arrows:
            xs, ys = _pulls(X, pull[:, f, None] * X, box, arrows)
            data.append({"type": "scatter", "x": xs, "y": ys})
        # In JSON form now: the frames are cached and drawn on every rerun.
        frames.append({"name": animation.frame_name("step", int(j)), "data": theme.ready(data)})
    return frames


def replay_figure(
    X: np.ndarray,
    y: np.ndarray,
    history: lg.History,
    frames: Sequence[dict],
    step: int,
    surface: tuple[np.ndarray, np.ndarray, np.ndarray],
    tr: Translator,
    *,
    reference: tuple[np.ndarray, float] | None = None,
    sample: int | None = None,
    arrows: int = 40,
    resolution: int = 32,
) -> go.Figure:
    """The run, replayed in the browser: data and boundary (left), loss surface (right).

    Left: the samples, the probability ``σ(w·x + b)`` as colour (in percent),
    the decision boundary and the ``arrows`` largest pulls ``−(p − y)·x``.
    Right: the loss over ``(w₁, w₂)`` with the bias held at the selected
    step's ``b``, the whole descent path, the current weights and the
    descent direction ``−∇L``. A play button and a slider go through
    ``frames``; the figure opens on ``step``, whose values the points' hover
    quotes.

    Parameters
    ----------
    X, y : numpy.ndarray
        Features ``(n, 2)`` and 0/1 labels.
    history : History
        The run (:func:`playground.logistic.fit_gd`).
    frames : sequence of dict
        From :func:`replay_frames` (same ``arrows`` and ``resolution``); the
        selected step's frame is added when it is not among them.
    step : int
        The selected step.
    surface : (w1, w2, S)
        Grid axes and the loss at the selected step's bias
        (:func:`playground.logistic.loss_surface`); its extent is the
        ``window`` of the frames.
    reference : (w, b), optional
        scikit-learn's optimum: a dashed boundary and a star.
    sample : int, optional
        Index of the sample to ring (the chain-rule sample).
    arrows : int, default 40
        Number of pulls drawn (0: none), as in ``frames``.
    resolution : int, default 32
        Side of the probability grid, as in ``frames``.
    """
    X = np.asarray(X, dtype=np.float64)
    last = history.steps_run
    k = int(np.clip(step, 0, last))
    W, B = history.w, history.b
    w1, w2, S = surface
    window = (float(w1[0]), float(w1[-1]), float(w2[0]), float(w2[-1]))
    by_step = {int(f["name"].removeprefix("step")): f for f in frames}
    if k not in by_step:
        [by_step[k]] = replay_frames(
            X, y, history, [k], window=window, arrows=arrows, resolution=resolution
        )
    now = by_step[k]["data"]
    box = bounds(X, pad=0.08)
    traces: list[dict] = []
    animated: list[int] = []

    def add(trace: dict, *, moves: bool = False) -> None:
        if moves:
            animated.append(len(traces))
        traces.append(trace)

    # Left panel: probability, samples, boundaries, pulls.
    prob_name = tr(f"{NS}.data.prob")
    add(
        dict(
            **now[0],
            x=_f32(np.linspace(box[0], box[1], resolution)),
            y=_f32(np.linspace(box[2], box[3], resolution)),
            zmin=0,
            zmax=100,
            colorscale=PROB_SCALE,
            opacity=0.55,
            name=prob_name,
            showscale=False,
            contours=dict(start=0, end=100, size=10, coloring="heatmap"),
            line=dict(width=0.5, color="rgba(128,128,128,0.35)"),
            hovertemplate=(
                f"x₁ %{{x:.3f}}<br>x₂ %{{y:.3f}}<br>{prob_name} ≈ %{{z}} %<extra></extra>"
            ),
        ),
        moves=True,
    )
    w, b = W[k], float(B[k])
    p = lg.sigmoid(X @ w + b)
    grad = lg.per_sample_gradients(w, b, X, y)
    hover_grad, at_step = tr(f"{NS}.data.grad_hover"), tr(f"{NS}.surface.current", step=k)
    for cls in (0, 1):
        m = y == cls
        add(
            dict(
                type="scatter",
                x=_f32(X[m, 0]),
                y=_f32(X[m, 1]),
                mode="markers",
                name=tr(f"{NS}.data.class{cls}"),
                customdata=_f32(np.column_stack([p[m], grad[m]])),
                marker=dict(
                    color=CLASS_COLORS[cls],
                    symbol=CLASS_SYMBOLS[cls],
                    size=7,
                    line=dict(width=0.8, color="white"),
                ),
                hovertemplate=(
                    f"x₁ %{{x:.3f}}, x₂ %{{y:.3f}}<br>y = {cls}<br>{at_step}: "
                    f"p = %{{customdata[0]:.4f}}<br>{hover_grad} "
                    "(%{customdata[1]:.3f}, %{customdata[2]:.3f})<extra></extra>"
                ),
            )
        )
    add(
        dict(
            **now[1],
            mode="lines",
            hoverinfo="skip",
            name=tr(f"{NS}.data.boundary"),
            line=dict(color=BOUNDARY, width=3),
        ),
        moves=True,
    )
    add(
        dict(
            **now[2],
            x=_f32([(box[0] + box[1]) / 2]),
            y=_f32([box[2] + 0.06 * (box[3] - box[2])]),
            mode="text",
            text=[tr(f"{NS}.data.no_boundary")],
            textfont=dict(color=BOUNDARY),
            hoverinfo="skip",
            showlegend=False,
        ),
        moves=True,
    )
    ref = (
        None if reference is None else _boundary(np.asarray(reference[0]), float(reference[1]), box)
    )
    if ref is not None:
        add(
            dict(
                type="scatter",
                x=ref[0],
                y=ref[1],
                mode="lines",
                hoverinfo="skip",
                name=tr(f"{NS}.data.reference"),
                line=dict(color=REFERENCE, width=2.5, dash="dash"),
            )
        )
    if sample is not None and 0 <= sample < X.shape[0]:
        add(
            dict(
                type="scatter",
                x=_f32(X[sample : sample + 1, 0]),
                y=_f32(X[sample : sample + 1, 1]),
                mode="markers",
                hoverinfo="skip",
                name=tr(f"{NS}.data.sample", i=sample),
                showlegend=False,
                marker=dict(symbol="circle-open", size=18, color=BOUNDARY, line=dict(width=2.5)),
            )
        )
    # Right panel: the loss surface at the selected step's bias, the path, where GD is.
    right = dict(xaxis="x2", yaxis="y2")
    add(
        dict(
            type="contour",
            x=_f32(w1),
            y=_f32(w2),
            z=_f32(S),
            colorscale=theme.SEQUENTIAL,
            ncontours=22,
            contours=dict(coloring="heatmap"),
            line=dict(width=0.6),
            colorbar=dict(title=dict(text="L", side="top"), thickness=8, len=0.7),
            name=tr(f"{NS}.surface.loss"),
            hovertemplate="w₁ %{x:.3f}<br>w₂ %{y:.3f}<br>L %{z:.4f}<extra></extra>",
            **right,
        )
    )
    path = W[: last + 1]
    add(
        dict(
            type="scatter",
            x=_f32(path[:, 0]),
            y=_f32(path[:, 1]),
            mode="lines",
            name=tr(f"{NS}.surface.path"),
            line=dict(color=PALETTE[5], width=2.5),
            hovertemplate=(  # the point's index is the step
                f"{tr(f'{NS}.step')} %{{pointNumber}}<br>w₁ %{{x:.4f}}"
                "<br>w₂ %{y:.4f}<extra></extra>"
            ),
            **right,
        )
    )
    add(
        dict(
            **now[3],
            mode="markers",
            hoverinfo="skip",
            name=tr(f"{NS}.replay.current"),
            marker=dict(color="white", size=12, line=dict(width=3, color=PALETTE[5])),
            **right,
        ),
        moves=True,
    )
    add(
        dict(
            **now[4],
            mode="lines+markers",
            hoverinfo="skip",
            name="−∇L",
            showlegend=False,
            line=dict(color="white", width=2.2),
            marker=dict(
                symbol="arrow",
                angleref="previous",
                size=_f32([0.0, 11.0]),
                color="white",
                line=dict(width=0),
            ),
            **right,
        ),
        moves=True,
    )
    if reference is not None and np.isfinite(reference[0]).all():
        add(
            dict(
                type="scatter",
                x=_f32(reference[0][:1]),
                y=_f32(reference[0][1:2]),
                mode="markers",
                name=tr(f"{NS}.surface.reference"),
                marker=dict(
                    symbol="star", size=16, color=REFERENCE, line=dict(width=1, color="white")
                ),
                hovertemplate="w* = (%{x:.4f}, %{y:.4f})<extra></extra>",
                **right,
            )
        )
    if arrows:  # drawn last: over the points and the boundary
        add({**_pull_trace(arrows, tr(f"{NS}.data.pulls")), **now[5]}, moves=True)

    annotations: list[dict] = []
    inside = (
        (path[:, 0] >= window[0])
        & (path[:, 0] <= window[1])
        & (path[:, 1] >= window[2])
        & (path[:, 1] <= window[3])
    )
    if not inside.all():
        annotations.append(
            dict(
                text=tr(f"{NS}.surface.outside"),
                x=0.5,
                y=0.98,
                xref="x2 domain",
                yref="y2 domain",
                showarrow=False,
                bgcolor="rgba(255,255,255,0.75)",
            )
        )
    steps = sorted(by_step)
    panels = _two_panels(gap=0.08)
    fig = theme.figure(
        tr(f"{NS}.replay.title", b=f"{b:.3g}"),
        traces,
        frames=[{**by_step[s], "traces": animated} for s in steps],
        height=620,
        margin=dict(t=120, b=animation.CONTROLS_MARGIN),
        xaxis=theme.axis("x₁", range=[box[0], box[1]], constrain="domain", **panels["xaxis"]),
        yaxis=theme.axis(
            "x₂", range=[box[2], box[3]], scaleanchor="x", scaleratio=1, constrain="domain"
        ),
        xaxis2=theme.axis("w₁", range=[window[0], window[1]], anchor="y2", **panels["xaxis2"]),
        yaxis2=theme.axis("w₂", range=[window[2], window[3]], **panels["yaxis2"]),
        annotations=annotations,
        legend=dict(orientation="h", x=0.0, y=1.0, yanchor="bottom"),
        **animation.controls(
            steps,
            active=k,
            prefix="step",
            play=tr(f"{NS}.replay.play"),
            pause=tr(f"{NS}.replay.pause"),
            readout=tr(f"{NS}.replay.slider", step="{step}"),
        ),
    )
    return animation.title_on_top(fig)


def curves_figure(
    loss: np.ndarray,
    accuracy: np.ndarray,
    step: int,
    tr: Translator,
    *,
    ref_loss: float | None = None,
    diverged_at: int | None = None,
    requested: int | None = None,
) -> go.Figure:
    """Loss and accuracy against the step, side by side, with the current step marked.

    Parameters
    ----------
    loss, accuracy : numpy.ndarray
        Recorded per step (finite values; anything after a non-finite one is cut).
    step : int
        Current step (marker and vertical line).
    ref_loss : float, optional
        scikit-learn's optimal loss (horizontal dashed line).
    diverged_at : int, optional
        Step where the run blew up (annotated).
    requested : int, optional
        Requested number of steps (the x-axis extends to it).
    """
    (loss, accuracy), _ = theme.cut_nonfinite(np.asarray(loss), np.asarray(accuracy))
    step_label, loss_name = tr(f"{NS}.step"), tr(f"{NS}.curves.loss")
    acc_name, current = tr(f"{NS}.curves.accuracy"), tr(f"{NS}.curves.current", step=step)
    k = int(np.clip(step, 0, max(len(loss) - 1, 0)))
    xmax = max(len(loss) - 1, requested or 0, 1)
    traces: list[dict] = [
        dict(
            type="scatter",
            x0=0,
            dx=1,
            y=_f32(loss),
            mode="lines",
            name=loss_name,
            line=dict(color=PALETTE[0], width=2),
            hovertemplate=f"{step_label} %{{x}}<br>L = %{{y:.5f}}<extra></extra>",
        ),
        dict(
            type="scatter",
            x0=0,
            dx=1,
            y=_f32(accuracy),
            mode="lines",
            name=acc_name,
            xaxis="x2",
            yaxis="y2",
            line=dict(color=PALETTE[2], width=2, shape="hv"),
            hovertemplate=f"{step_label} %{{x}}<br>%{{y:.1%}}<extra></extra>",
        ),
    ]
    shapes: list[dict] = []
    if len(loss):
        for axis, values in (("", loss), ("2", accuracy)):
            traces.append(
                dict(
                    type="scatter",
                    x=_f32([k]),
                    y=_f32(values[k : k + 1]),
                    mode="markers",
                    xaxis=f"x{axis}",
                    yaxis=f"y{axis}",
                    marker=dict(color=PALETTE[5], size=10),
                    name=current,
                    showlegend=axis == "",
                    hoverinfo="skip",
                )
            )
            shapes.append(
                dict(
                    type="line",
                    x0=k,
                    x1=k,
                    y0=0,
                    y1=1,
                    xref=f"x{axis}",
                    yref=f"y{axis} domain",
                    line=dict(color=PALETTE[5], width=1, dash="dot"),
                )
            )
    if ref_loss is not None and np.isfinite(ref_loss):
        traces.append(
            dict(
                type="scatter",
                x=_f32([0, xmax]),
                y=_f32([ref_loss, ref_loss]),
                mode="lines",
                name=tr(f"{NS}.curves.reference"),
                line=dict(color=REFERENCE, dash="dash", width=1.5),
                hovertemplate=f"L* = {ref_loss:.5f}<extra></extra>",
            )
        )
    annotations = _panel_titles(loss_name, acc_name)
    if diverged_at is not None:
        annotations.append(
            dict(
                text=tr(f"{NS}.curves.diverged", step=diverged_at),
                x=0.02,
                y=0.95,
                xref="x domain",
                yref="y domain",
                showarrow=False,
                xanchor="left",
                font=dict(color=PALETTE[5]),
                bgcolor="rgba(255,255,255,0.7)",
            )
        )
    log = bool(len(loss)) and loss.max() > 100 * max(loss.min(), 1e-12)
    panels = _two_panels()
    return theme.figure(
        tr(f"{NS}.curves.title"),
        traces,
        height=310,
        shapes=shapes,
        annotations=annotations,
        legend=dict(y=-0.3),
        xaxis=theme.axis(step_label, range=[0, xmax], **panels["xaxis"]),
        xaxis2=theme.axis(step_label, range=[0, xmax], anchor="y2", **panels["xaxis2"]),
        yaxis=theme.axis(tr(f"{NS}.curves.loss_axis"), type="log" if log else "linear"),
        yaxis2=theme.axis(acc_name, tickformat=".0%", **panels["yaxis2"]),
    )


def ce_mse_figure(z: np.ndarray, tr: Translator) -> go.Figure:
    """For ``y = 1``: the two losses and ``|∂L/∂z|`` — squared error's gradient vanishes
    exactly where the model is confidently wrong (``z ≪ 0``)."""
    z = np.asarray(z, dtype=np.float64)
    panels = {
        "": (-lg.log_sigmoid(z), lg.mse_through_sigmoid(z, 1.0)),
        "2": (np.abs(lg.sigmoid(z) - 1.0), np.abs(lg.mse_through_sigmoid_grad(z, 1.0))),
    }
    names = (tr(f"{NS}.why.ce"), tr(f"{NS}.why.mse"))
    traces = [
        dict(
            type="scatter",
            x=_f32(z),
            y=_f32(values),
            mode="lines",
            name=name,
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
            legendgroup=name,
            showlegend=axis == "",
            line=dict(color=PALETTE[i * 5], width=2.5, dash="dash" if i else "solid"),
            hovertemplate=f"{name}<br>z = %{{x:.2f}}<br>%{{y:.4g}}<extra></extra>",
        )
        for axis, pair in panels.items()
        for i, (values, name) in enumerate(zip(pair, names, strict=True))
    ]
    shade = dict(
        type="rect",
        x0=float(z[0]),
        x1=-2.0,
        y0=0,
        y1=1,
        xref="x2",
        yref="y2 domain",
        fillcolor=PALETTE[5],
        opacity=0.08,
        line=dict(width=0),
    )
    wrong = dict(
        text=tr(f"{NS}.why.wrong"),
        x=(float(z[0]) - 2.0) / 2,
        y=0.5,
        xref="x2",
        yref="y2 domain",
        showarrow=False,
        font=dict(color=PALETTE[5]),
    )
    z_axis = tr(f"{NS}.why.z_axis")
    panels_layout = _two_panels()
    return theme.figure(
        tr(f"{NS}.why.title"),
        traces,
        height=380,
        shapes=[shade],
        margin=_SUBTITLED,
        annotations=[*_panel_titles(tr(f"{NS}.why.losses"), tr(f"{NS}.why.grads")), wrong],
        legend=dict(y=-0.25),
        xaxis=theme.axis(z_axis, **panels_layout["xaxis"]),
        xaxis2=theme.axis(z_axis, anchor="y2", **panels_layout["xaxis2"]),
        yaxis=theme.axis(tr(f"{NS}.why.loss_axis")),
        yaxis2=theme.axis("|∂L/∂z|", **panels_layout["yaxis2"]),
    )


def slice_figure(
    t: np.ndarray, loss: np.ndarray, accuracy: np.ndarray, tr: Translator
) -> go.Figure:
    """Cross-entropy and accuracy along a line through ``w``: accuracy is a step
    function (zero gradient almost everywhere), cross-entropy is smooth."""
    loss_name, acc_name = tr(f"{NS}.slice.loss"), tr(f"{NS}.slice.accuracy")
    traces = [
        dict(
            type="scatter",
            x=_f32(t),
            y=_f32(loss),
            mode="lines",
            name=loss_name,
            line=dict(color=PALETTE[0], width=2.5),
            hovertemplate="t = %{x:.3f}<br>L = %{y:.4f}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=_f32(t),
            y=_f32(accuracy),
            mode="lines",
            name=acc_name,
            yaxis="y2",
            line=dict(color=PALETTE[2], width=2.5, shape="hv"),
            hovertemplate="t = %{x:.3f}<br>%{y:.1%}<extra></extra>",
        ),
    ]
    here = dict(
        type="line",
        x0=0.0,
        x1=0.0,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line=dict(color=PALETTE[5], dash="dot"),
    )
    label = dict(
        text=tr(f"{NS}.slice.here"),
        x=0.0,
        y=1.0,
        yref="paper",
        showarrow=False,
        yanchor="bottom",
        font=dict(color=PALETTE[5]),
    )
    return theme.figure(
        tr(f"{NS}.slice.title"),
        traces,
        height=380,
        shapes=[here],
        margin=_SUBTITLED,
        annotations=[label],
        legend=dict(y=-0.25),
        xaxis=theme.axis(tr(f"{NS}.slice.t_axis")),
        yaxis=theme.axis(loss_name),
        yaxis2=theme.axis(acc_name, tickformat=".0%", overlaying="y", side="right", showgrid=False),
    )


def naive_figure(tr: Translator, *, limit: float = 1000.0) -> go.Figure:
    """Per-sample BCE, textbook versus stable, for ``y = 1`` and ``y = 0`` over ``|z| ≤ limit``;
    the textbook curves stop where they become infinite or NaN (annotated).

    The grid is refined around float64's two break points (``e^{709.78}`` overflows;
    ``1/(1 + e^{−36.74})`` rounds to exactly 1) so the annotations name them accurately.
    """
    z = np.unique(
        np.concatenate(
            [
                np.linspace(-limit, limit, 2001),
                np.linspace(-711.0, -708.0, 301),
                np.linspace(35.0, 38.0, 301),
            ]
        )
    )
    z = z[np.abs(z) <= limit]
    traces: list[dict] = []
    annotations: list[dict] = []
    # Label offsets (pixels) of the break annotations, per label and side, so that none overlap.
    offsets = {
        (1.0, -1): (70, -40),
        (0.0, -1): (70, -70),
        (1.0, 1): (60, -150),
        (0.0, 1): (60, -230),
    }
    for i, label in enumerate((1.0, 0.0)):
        r = lg.naive_vs_stable(z, y=label)
        name, naive = tr(f"{NS}.naive.stable", y=int(label)), tr(f"{NS}.naive.naive", y=int(label))
        ok = np.isfinite(r.naive_loss)
        traces += [
            dict(
                type="scatter",
                x=_f32(z),
                y=_f32(r.stable_loss),
                mode="lines",
                name=name,
                line=dict(color=PALETTE[i], width=5),
                opacity=0.45,
                hovertemplate=f"{name}<br>z = %{{x:.1f}}<br>ℓ = %{{y:.4g}}<extra></extra>",
            ),
            dict(
                type="scatter",
                x=_f32(z[ok]),
                y=_f32(r.naive_loss[ok]),
                mode="lines",
                name=naive,
                line=dict(color=PALETTE[i], width=2, dash="dash"),
                hovertemplate=f"{naive}<br>z = %{{x:.1f}}<br>ℓ = %{{y:.4g}}<extra></extra>",
            ),
        ]
        if not ok.any():
            continue
        for side, edge, bad in ((-1, z[ok].min(), ~ok & (z < 0)), (1, z[ok].max(), ~ok & (z > 0))):
            if not bad.any():
                continue
            kind = "nan" if np.isnan(r.naive_loss[bad]).any() else "inf"
            ax, ay = offsets[(label, side)]
            annotations.append(
                dict(
                    x=float(edge),
                    y=float(r.stable_loss[z == edge][0]),
                    showarrow=True,
                    arrowhead=2,
                    text=tr(f"{NS}.naive.breaks_{kind}", z=f"{edge:.1f}"),
                    ax=ax,
                    ay=ay,
                    xanchor="left",
                    font=dict(color=PALETTE[i]),
                    bgcolor="rgba(255,255,255,0.75)",
                    arrowcolor=PALETTE[i],
                )
            )
    return theme.figure(
        tr(f"{NS}.naive.title"),
        traces,
        height=400,
        annotations=annotations,
        xaxis=theme.axis(tr(f"{NS}.why.z_axis")),
        yaxis=theme.axis(tr(f"{NS}.naive.loss_axis")),
        legend=dict(y=-0.22),
    )


def _cell(value: float) -> str:
    """A number for the naive-vs-stable table: the float64 result as it is, NaN included."""
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.6g}"


def naive_table(r: lg.NaiveStable, tr: Translator) -> go.Figure:
    """Table of textbook versus stable results per logit (NaN and ∞ shown as such, in red)."""
    columns = ("z", "p1", "p2", "p", "l_naive", "l", "note")
    values = (r.z, r.naive_p, r.naive_p_alt, r.stable_p, r.naive_loss, r.stable_loss)
    cells = [[_cell(v) for v in col] for col in values]
    cells.append([tr(f"logistic_regression.naive.issues.{code}") for code in r.issues()])
    bad, fine = "rgba(213,94,0,0.22)", "rgba(0,0,0,0)"
    fills = [[bad if not np.isfinite(v) else fine for v in col] for col in values]
    fills.append([bad if code in ("nan", "inf") else fine for code in r.issues()])
    table = dict(
        type="table",
        columnwidth=[0.8, 1.1, 1.1, 1.1, 1.1, 1.1, 1.8],
        header=dict(
            values=[tr(f"logistic_regression.naive.columns.{c}") for c in columns],
            align="left",
            font=dict(size=13),
            fill=dict(color="rgba(128,128,128,0.15)"),
        ),
        cells=dict(
            values=cells, align="left", height=28, font=dict(size=13), fill=dict(color=fills)
        ),
    )
    return theme.figure(
        tr(f"{NS}.naive.table_title", y=f"{r.y:g}"),
        [table],
        height=90 + 28 * (r.z.size + 1),
        margin=dict(l=0, r=0, t=40, b=0),
    )
