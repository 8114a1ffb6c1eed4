"""Replays drawn by the browser: which steps get a frame, and the play button and slider.

A replay figure carries its frames (``theme.figure(..., frames=...)``) and the
controls built here (``layout.updatemenus`` and ``layout.sliders``): pressing
play or dragging the slider redraws the figure in the browser, with no server
rerun per step. Each frame is named ``f"{prefix}{step}"``; the slider has one
step per frame, labelled with the step number, so the figure can open on any
frame (the step the page's formulas use).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

__all__ = ["CONTROLS_MARGIN", "TOP_TITLE", "controls", "frame_name", "frame_steps", "title_on_top"]

#: Pixels below the plot area: tick labels and axis title, then the slider row.
SLIDER_TOP = 60
#: Bottom margin that holds the axis titles and the play/pause buttons with the slider.
CONTROLS_MARGIN = 140
#: A title at the very top, so that a legend above the plot fits between it and the plot
#: (Plotly centres a title in the top margin by default).
TOP_TITLE = {"y": 0.985, "yref": "container", "yanchor": "top"}


def title_on_top(fig: go.Figure) -> go.Figure:
    """Pin ``fig``'s title to the top edge (see :data:`TOP_TITLE`); returns ``fig``.

    A figure from :func:`playground.charts.theme.figure` keeps its plain spec
    (``theme.figure`` takes the title's text only, so its position is set here).
    """
    raw = getattr(fig, "_spec", None)
    if isinstance(raw, dict):
        raw.setdefault("layout", {}).setdefault("title", {}).update(TOP_TITLE)
    else:
        fig.update_layout(title=TOP_TITLE)
    return fig


#: Strides between frames: round numbers, so the slider under a replay reads well.
_STRIDES = sorted(
    {round(m * 10**e) for e in range(7) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8) if m * 10**e >= 1}
)


def frame_steps(last: int, selected: int, count: int) -> list[int]:
    """The steps that get a frame: every ``s``-th step from 0, the last one and ``selected``.

    ``s`` is the smallest round stride (1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 25, ...)
    that gives at most ``count`` evenly spaced steps.

    Examples
    --------
    >>> frame_steps(200, 37, 5)
    [0, 37, 50, 100, 150, 200]
    >>> frame_steps(1000, 1000, 10)[:4]
    [0, 150, 300, 450]
    >>> frame_steps(3, 3, 40)
    [0, 1, 2, 3]
    """
    last = max(int(last), 0)
    wanted = last / max(int(count) - 1, 1)
    stride = next((s for s in _STRIDES if s >= wanted), _STRIDES[-1])
    return sorted({*range(0, last + 1, stride), last, int(np.clip(selected, 0, last))})


def frame_name(prefix: str, step: int) -> str:
    """The name of the frame that shows ``step`` (``"step12"``)."""
    return f"{prefix}{int(step)}"


def controls(
    steps: Sequence[int],
    *,
    active: int,
    prefix: str,
    play: str,
    pause: str,
    readout: str | None,
    duration: int = 110,
    redraw: bool = True,
    fromcurrent: bool = True,
    labels: Sequence[str] | None = None,
    place: tuple[float, float] = (0.16, 0.84),
    slider_top: int = SLIDER_TOP,
    buttons_top: int = SLIDER_TOP + 26,
) -> dict:
    """``updatemenus`` (play, pause) and ``sliders`` for frames named ``prefix + step``.

    Parameters
    ----------
    steps : sequence of int
        The steps that have a frame, in order.
    active : int
        The step the figure opens on (its data are the traces' own).
    prefix : str
        Frame-name prefix.
    play, pause : str
        Translated button labels.
    readout : str or None
        Translated read-out above the slider, with ``{step}`` where the step
        number goes (``"step {step}"``, ``"第 {step} 步"``); ``None``: no
        read-out (the figure itself shows which step is on).
    duration : int, default 110
        Milliseconds per frame while playing.
    redraw : bool, default True
        Redraw the whole figure per frame (needed when frames change
        contours or heatmaps; scatter-only frames can skip it).
    fromcurrent : bool, default True
        Play on from the frame shown (``False``: always from the first).
    labels : sequence of str, optional
        The slider's tick labels, one per step (default: the step numbers).
    place : (float, float), default (0.16, 0.84)
        The slider's ``x`` and ``len`` in paper coordinates (the buttons sit
        at the left edge).
    slider_top, buttons_top : int
        Pixels from the bottom of the plot area to the slider and to the
        buttons (by default the buttons sit beside the slider).

    Returns
    -------
    dict
        ``{"updatemenus": [...], "sliders": [...]}`` for ``theme.figure(**layout)``.
    """
    steps = [int(s) for s in steps]
    labels = [str(s) for s in steps] if labels is None else list(labels)
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": redraw}}
    slider_steps = [
        {
            "method": "animate",
            "label": label,
            "args": [[frame_name(prefix, s)], {**still, "transition": {"duration": 0}}],
        }
        for s, label in zip(steps, labels, strict=True)
    ]
    if readout is None:
        current = {"visible": False}
    else:
        before, _, after = readout.partition("{step}")
        current = {"prefix": before, "suffix": after, "visible": True, "font": {"size": 13}}
    play_button = {
        "label": play,
        "method": "animate",
        "args": [
            None,
            {
                "frame": {"duration": duration, "redraw": redraw},
                "transition": {"duration": 0},
                "fromcurrent": fromcurrent,
                "mode": "immediate",
            },
        ],
    }
    pause_button = {
        "label": pause,
        "method": "animate",
        "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}],
    }
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "y": 0.0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": buttons_top, "r": 10},
                "buttons": [play_button, pause_button],
            }
        ],
        "sliders": [
            {
                "active": steps.index(int(active)) if int(active) in steps else len(steps) - 1,
                "steps": slider_steps,
                "x": place[0],
                "len": place[1],
                "y": 0.0,
                "yanchor": "top",
                "pad": {"t": slider_top, "b": 0},
                "currentvalue": current,
                "font": {"size": 11},
            }
        ],
    }
