"""Plotly figures for the convolution page: arrays in, figures out.

Every builder takes the translator ``tr`` for its title, axis titles, legend
and hover labels and writes its figure as plain dicts through
:func:`playground.charts.theme.figure` (see ``charts/softmax.py`` for why).

The sliding window is a Plotly animation drawn in the browser: one frame per
output cell moves the window outline on the input and the cell outline on the
output (and, with dilation, the taps), and the play button and the slider inside the figure step
through them without asking the server for anything. The frames are written
as plain JSON values (ints, short float lists) and kept in the figure's spec
under ``"frames"``, which :func:`playground.charts.theme.to_spec` sends to the
browser; :func:`frames` returns them (for tests).

The LaTeX builders at the end (:func:`matrix_tex`, :func:`window_lines`,
:func:`size_line`) take the app's number formatter ``tex`` as an argument, so
this module stays free of the app layer.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from playground.charts import theme
from playground.charts.theme import PALETTE, Translator

__all__ = [
    "coverage_strip",
    "cost_bars",
    "frames",
    "matrix_tex",
    "receptive_field_map",
    "size_line",
    "short_count",
    "sliding_window",
    "window_lines",
]

NS = "convolution.chart"
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, GREY = PALETTE[:7]
WINDOW = GREEN  # stands out on the purple/orange diverging scale of the grids
_PADDING = "rgba(128, 128, 128, 0.38)"
_UNREAD = "rgba(213, 94, 0, 0.85)"  # hatching of rows/columns no window reads
_MUTED = "#808495"  # readable on the light and the dark theme
_CELL_TEXT = 18  # smallest cell (px) that gets its value written in it


_f32 = theme.f32


def _box(x0: float, x1: float, y0: float, y1: float) -> tuple[list[float], list[float]]:
    """A closed rectangle through its corners (for a line trace)."""
    return [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]


def _band(axis: str, lo: float, hi: float, colour: str, xref: str, yref: str) -> dict:
    """A rectangle over rows (``axis == "y"``) or columns ``lo..hi`` across the whole panel."""
    if axis == "y":
        x0, x1, y0, y1, xr, yr = 0, 1, lo - 0.5, hi + 0.5, f"{xref} domain", yref
    else:
        x0, x1, y0, y1, xr, yr = lo - 0.5, hi + 0.5, 0, 1, xref, f"{yref} domain"
    return {
        "type": "rect",
        "xref": xr,
        "yref": yr,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "fillcolor": colour,
        "line": {"width": 0},
        "layer": "above",
    }


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs of True as (first, last) index pairs."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]])
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _hatch(row_reads, col_reads, n_rows: int, n_cols: int, tr: Translator) -> dict | None:
    """One hatched, filled scatter trace over every row and column no window reads."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for lo, hi in _runs(np.asarray(row_reads) == 0):
        x, y = _box(-0.5, n_cols - 0.5, lo - 0.5, hi + 0.5)
        xs += [*x, None]
        ys += [*y, None]
    for lo, hi in _runs(np.asarray(col_reads) == 0):
        x, y = _box(lo - 0.5, hi + 0.5, -0.5, n_rows - 0.5)
        xs += [*x, None]
        ys += [*y, None]
    if not xs:
        return None
    return {
        "type": "scatter",
        "mode": "lines",
        "x": xs[:-1],
        "y": ys[:-1],
        "fill": "toself",
        "fillcolor": "rgba(0,0,0,0)",
        "fillpattern": {"shape": "/", "fgcolor": _UNREAD, "size": 7, "solidity": 0.25},
        "line": {"color": _UNREAD, "width": 1},
        "name": tr(f"{NS}.unread"),
        "hoverinfo": "name",
    }


def _ticks(n: int) -> dict:
    """Integer ticks 0 .. n - 1 only (an axis may show more room than it has cells)."""
    step = 1 if n <= 12 else 2 if n <= 24 else 5
    return {"tickmode": "array", "tickvals": list(range(0, n, step))}


def _grid_axes(n_cols: int, n_rows: int, rows_span: int, domain: list[float], name: str) -> dict:
    """x/y axis pair of a square-celled grid panel, ``rows_span`` rows tall (the grid centred).

    Cells stay square (``scaleanchor``): the panel shrinks to fit, centred.
    """
    off = (rows_span - n_rows) / 2
    suffix = "" if name == "1" else name
    return {
        f"xaxis{suffix}": {
            "domain": domain,
            "anchor": f"y{suffix}",
            "range": [-0.5, n_cols - 0.5],
            "showgrid": False,
            "zeroline": False,
            "constrain": "domain",
            "side": "top",
            **_ticks(n_cols),
        },
        f"yaxis{suffix}": {
            "range": [n_rows - 0.5 + off, -0.5 - off],
            "showgrid": False,
            "zeroline": False,
            "scaleanchor": f"x{suffix}",
            "anchor": f"x{suffix}",
            "constrain": "domain",
            **_ticks(n_rows),
        },
    }


def sliding_window(
    xp: np.ndarray,
    padding: int,
    y: np.ndarray,
    kernel_shape: tuple[int, int],
    stride: int,
    dilation: int,
    cell: tuple[int, int],
    row_reads: np.ndarray,
    col_reads: np.ndarray,
    tr: Translator,
    *,
    present: bool = False,
):
    """The padded input (left) and the output (right), the window animated over every output cell.

    Parameters
    ----------
    xp : numpy.ndarray, shape (Hp, Wp)
        The zero-padded input.
    padding : int
        Zeros on each side (drawn grey).
    y : numpy.ndarray, shape (Ho, Wo)
        The output map.
    kernel_shape : (int, int)
        ``(kH, kW)``.
    stride, dilation : int
        As in the convolution.
    cell : (int, int)
        The selected output cell: the figure opens with the window there.
    row_reads, col_reads : numpy.ndarray
        How many windows read each padded row / column (``Coverage.reads``);
        rows and columns read by none are shaded.
    tr : Translator
        Translator.
    present : bool, default False
        Size the grids for presenter mode (a narrower column, taller fonts).

    Returns
    -------
    SpecFigure
        The figure, with its animation frames in the spec (see :func:`frames`).
    """
    hp, wp = xp.shape
    ho, wo = y.shape
    kh, kw = kernel_shape
    s, d, p = int(stride), int(dilation), int(padding)
    total = wp + wo + max(2.0, 0.12 * (wp + wo))
    left, right = [0.0, wp / total], [1.0 - wo / total, 1.0]
    # Square cells as large as the main column allows: about 620 px on a laptop
    # screen, 540 px on a 1280 px projector with the sidebar open, where the
    # app also scales the height by 1.25 (so it is divided out here).
    cell_px = min((540 if present else 620) / total, 44.0)
    height = min(max(cell_px * hp + 192, 360), 720) / (1.25 if present else 1.0)
    show_text = cell_px >= _CELL_TEXT
    text_size = int(min(max(cell_px * 0.34, 8), 13))
    limit_x = float(np.max(np.abs(xp))) or 1.0
    limit_y = float(np.max(np.abs(y))) or 1.0

    def heat(z, axes: str, limit: float, hover: str) -> dict:
        trace = {
            "type": "heatmap",
            "z": _f32(z),
            "colorscale": theme.DIVERGING,
            "zmin": -limit,
            "zmax": limit,
            "showscale": False,
            "xgap": 1,
            "ygap": 1,
            "hovertemplate": hover + "<extra></extra>",
        }
        if axes:
            trace.update(xaxis="x2", yaxis="y2")
        if show_text:
            trace.update(texttemplate="%{z:.3~g}", textfont={"size": text_size})
        return trace

    # Frame m is output cell (m // wo, m % wo). Every frame moves the window
    # outline on the input and the cell outline on the output; with dilation
    # it also moves the taps (without, the outline already shows every tap).
    i_all, j_all = np.divmod(np.arange(ho * wo), wo)
    extent_h, extent_w = d * (kh - 1), d * (kw - 1)
    row_taps = np.repeat(d * np.arange(kh), kw)
    col_taps = np.tile(d * np.arange(kw), kh)

    def moving(m: int) -> list[dict]:
        i, j = int(i_all[m]), int(j_all[m])
        r0, c0 = i * s, j * s
        wx, wy = _box(c0 - 0.5, c0 + extent_w + 0.5, r0 - 0.5, r0 + extent_h + 0.5)
        ox, oy = _box(j - 0.5, j + 0.5, i - 0.5, i + 0.5)
        traces = [{"x": wx, "y": wy}, {"x": ox, "y": oy}]
        if d > 1:
            traces.append({"x": (c0 + col_taps).tolist(), "y": (r0 + row_taps).tolist()})
        return traces

    start = int(cell[0]) * wo + int(cell[1])
    now = moving(start)
    # The moving traces come first, so that a frame's data needs no trace
    # indices; plotly.js draws heatmaps in a layer below every scatter anyway.
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            **now[0],
            "line": {"color": WINDOW, "width": 3},
            "name": tr(f"{NS}.window"),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            **now[1],
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": WINDOW, "width": 4},
            "name": tr(f"{NS}.cell"),
            "hoverinfo": "skip",
        },
    ]
    if d > 1:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                **now[2],
                "marker": {
                    "symbol": "square-open",
                    "size": max(cell_px * 0.72, 5.0),
                    "color": WINDOW,
                    "line": {"width": 2.5, "color": WINDOW},
                },
                "name": tr(f"{NS}.taps"),
                "hoverinfo": "skip",
            }
        )
    data.append(heat(xp, "", limit_x, "x<sub>pad</sub>[%{y}, %{x}] = %{z:.4g}"))
    data.append(heat(y, "2", limit_y, "y[%{y}, %{x}] = %{z:.4g}"))
    unread = _hatch(row_reads, col_reads, hp, wp, tr)
    if unread is not None:
        data.append(unread)

    shapes = []
    if p:
        for lo, hi in ((0, p - 1), (hp - p, hp - 1)):
            shapes.append(_band("y", lo, hi, _PADDING, "x", "y"))
        for lo, hi in ((0, p - 1), (wp - p, wp - 1)):
            band = _band("x", lo, hi, _PADDING, "x", "y")
            band.update(y0=p - 0.5, y1=hp - p - 0.5, yref="y")  # the corners are shaded once
            shapes.append(band)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": p - 0.5,
                "x1": wp - p - 0.5,
                "y0": p - 0.5,
                "y1": hp - p - 0.5,
                "line": {"color": GREY, "width": 1.5, "dash": "dash"},
                "layer": "above",
            }
        )

    count = ho * wo
    duration = int(min(max(9000 / count, 90), 700))
    # Scrubbing jumps straight to a frame (frames redraw by default; with no
    # duration the default "afterall" queue empties at once). Kept short: one
    # step per output cell, up to 484 of them.
    jump = {"frame": {"duration": 0}, "transition": {"duration": 0}}
    still = {"mode": "immediate", **jump}
    steps = [
        {"method": "animate", "label": f"({i}, {j})", "args": [[str(m)], jump]}
        for m, (i, j) in enumerate(zip(i_all.tolist(), j_all.tolist(), strict=True))
    ]
    fig = theme.figure(
        tr(f"{NS}.sliding_title", hp=hp, wp=wp, ho=ho, wo=wo),
        data,
        height=int(height),
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 96, "b": 96},
        shapes=shapes,
        **_grid_axes(wp, hp, hp, left, "1"),
        **_grid_axes(wo, ho, hp, right, "2"),
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "y": 0.0,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"t": 46, "r": 8},
                "buttons": [
                    {
                        "label": tr(f"{NS}.play"),
                        "method": "animate",
                        "args": [
                            None,
                            {
                                "mode": "immediate",
                                "fromcurrent": True,
                                "frame": {"duration": duration, "redraw": True},
                                "transition": {"duration": 0},
                            },
                        ],
                    },
                    {
                        "label": tr(f"{NS}.pause"),
                        "method": "animate",
                        "args": [[None], still],
                    },
                ],
            }
        ],
        sliders=[
            {
                "active": start,
                "x": 0.34,
                "len": 0.66,
                "y": 0.0,
                "yanchor": "top",
                "pad": {"t": 26, "b": 0},
                "ticklen": 0,
                "minorticklen": 0,
                "font": {"color": "rgba(0,0,0,0)", "size": 1},
                "currentvalue": {
                    "prefix": tr(f"{NS}.slider_prefix"),
                    "xanchor": "left",
                    "font": {"color": _MUTED, "size": 13},
                },
                "transition": {"duration": 0},
                "steps": steps,
            }
        ],
    )
    object.__getattribute__(fig, "_spec")["frames"] = [  # sent by theme.to_spec
        {"name": str(m), "data": moving(m)} for m in range(count)
    ]
    return fig


def frames(fig) -> list[dict]:
    """The animation frames of a figure from :func:`sliding_window` (plain JSON values)."""
    return list(object.__getattribute__(fig, "_spec").get("frames", []))


def coverage_strip(
    reads: np.ndarray,
    out: int,
    k: int,
    stride: int,
    dilation: int,
    padding: int,
    tr: Translator,
):
    """Which padded rows each window reads, one line of taps per output row.

    Padding is shaded grey, rows no window reads are shaded red; the floor in
    the output-size formula is the red band at the end.
    """
    n_pad = int(np.asarray(reads).size)
    s, d = int(stride), int(dilation)
    taps_x, taps_y, line_x, line_y = [], [], [], []
    for i in range(out):
        first = i * s
        taps_x.extend(first + d * a for a in range(k))
        taps_y.extend([i] * k)
        line_x.extend([first, first + d * (k - 1), None])
        line_y.extend([i, i, None])
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": line_x,
            "y": line_y,
            "line": {"color": WINDOW, "width": 1.5},
            "hoverinfo": "skip",
            "name": tr(f"{NS}.strip_extent"),
        },
        {
            "type": "scatter",
            "mode": "markers",
            "x": taps_x,
            "y": taps_y,
            "marker": {"symbol": "square", "size": 11, "color": WINDOW},
            "name": tr(f"{NS}.strip_taps"),
            "hovertemplate": tr(f"{NS}.strip_hover") + "<extra></extra>",
        },
    ]
    shapes = []
    if padding:
        for lo, hi in ((0, padding - 1), (n_pad - padding, n_pad - 1)):
            shapes.append(_band("x", lo, hi, _PADDING, "x", "y"))
    unread = _hatch(np.ones(out), reads, out, n_pad, tr)
    if unread is not None:
        data.insert(0, unread)
    return theme.figure(
        tr(f"{NS}.strip_title"),
        data,
        height=int(min(150 + 26 * out, 480)),
        showlegend=False,
        shapes=shapes,
        xaxis={
            "title": {"text": tr(f"{NS}.strip_x")},
            "range": [-0.6, n_pad - 0.4],
            "showgrid": False,
            "zeroline": False,
            **_ticks(n_pad),
        },
        yaxis={
            "title": {"text": tr(f"{NS}.strip_y")},
            "range": [out - 0.4, -0.6],
            "zeroline": False,
            **_ticks(out),
        },
    )


def receptive_field_map(
    counts: np.ndarray,
    sizes: Sequence[int],
    layer: int,
    tr: Translator,
    *,
    max_cells: int = 64,
):
    """Paths from each input pixel to one output pixel of ``layer`` (heatmap), every layer's
    receptive field as a nested square around the same centre.

    ``counts`` is the 1-D path count of that layer (``path_counts``); the 2-D
    count is its outer product. Wide fields are summed over ``f × f`` blocks so
    that at most ``max_cells`` cells per side are sent.
    """
    counts = np.asarray(counts, dtype=float)
    biggest = int(max(sizes))
    f = max(1, math.ceil(biggest / max_cells))
    u = np.arange(counts.size) - (counts.size - 1) / 2  # pixel centres around the centre
    if f > 1:
        pad = (-counts.size) % f
        counts = np.concatenate([counts, np.zeros(pad)]).reshape(-1, f).sum(axis=1)
        u = np.concatenate([u, u[-1] + 1 + np.arange(pad)]).reshape(-1, f).mean(axis=1)
    z = np.outer(counts, counts)
    z = z / z.max()
    data = [
        {
            "type": "heatmap",
            "x": _f32(u),
            "y": _f32(u),
            "z": _f32(z),
            "colorscale": "Blues",
            "zmin": 0,
            "zmax": 1,
            "showscale": False,
            "name": "",
            "hovertemplate": tr(f"{NS}.rf_hover") + "<extra></extra>",
        }
    ]
    colours = (ORANGE, VERMILLION, PURPLE, GREEN, BLUE, GREY)
    for n, size in enumerate(sizes):
        h = size / 2
        x, y = _box(-h, h, -h, h)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y,
                "line": {"color": colours[n % len(colours)], "width": 4 if n == layer else 1.8},
                "name": tr(f"{NS}.rf_layer", l=n + 1, r=int(size)),
                "hoverinfo": "name",
            }
        )
    edge = biggest / 2 + max(1.0, 0.04 * biggest)
    return theme.figure(
        tr(f"{NS}.rf_title", l=layer + 1),
        data,
        height=520,
        legend={"orientation": "h", "y": -0.12, "x": 0.0},
        xaxis={
            "title": {"text": tr(f"{NS}.rf_x")},
            "range": [-edge, edge],
            "zeroline": False,
            "constrain": "domain",
        },
        yaxis={
            "title": {"text": tr(f"{NS}.rf_y")},
            "range": [edge, -edge],
            "zeroline": False,
            "scaleanchor": "x",
            "constrain": "domain",
        },
    )


def short_count(n: float) -> str:
    """1234567 -> '1.23M' (bar labels, metrics)."""
    for size, unit in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return f"{n:.3g}"


def cost_bars(names: Sequence[str], params: Sequence[int], macs: Sequence[int], tr: Translator):
    """Parameters and multiply-adds of the layer variants, log scale, exact numbers on hover."""
    x = list(names)
    data = [
        {
            "type": "bar",
            "x": x,
            "y": _f32(values),
            "name": tr(f"{NS}.{key}"),
            "marker": {"color": colour},
            "text": [short_count(v) for v in values],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [f"{int(v):,}" for v in values],
            "hovertemplate": "%{x}<br>" + tr(f"{NS}.{key}") + " = %{customdata}<extra></extra>",
        }
        for key, values, colour in (("params", params, BLUE), ("macs", macs, ORANGE))
    ]
    top = max(max(params), max(macs), 1)
    return theme.figure(
        tr(f"{NS}.cost_title"),
        data,
        height=400,
        barmode="group",
        yaxis={
            "type": "log",
            "title": {"text": tr(f"{NS}.cost_axis")},
            "range": [0, math.log10(top) + 0.6],
        },
    )


# ---------------------------------------------------------------------------
# LaTeX with the user's numbers
# ---------------------------------------------------------------------------

Tex = Callable[..., str]


def matrix_tex(values: np.ndarray, tex: Tex, digits: int = 3) -> str:
    r"""A matrix as ``\begin{bmatrix} ... \end{bmatrix}``."""
    rows = [" & ".join(tex(v, digits) for v in row) for row in np.asarray(values)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def window_lines(
    cell: tuple[int, int],
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    w: np.ndarray,
    bias: float,
    result: float,
    stride: int,
    dilation: int,
    tex: Tex,
    tr: Translator,
) -> list[str]:
    """The formula for one output cell: which taps, window ⊙ kernel, the sum.

    Small kernels (up to 3 x 3) fit in one line; larger ones get one line per
    matrix so that nothing is cut on a projector.
    """
    i, j = cell
    s, d = int(stride), int(dilation)
    kh, kw = np.asarray(w).shape
    listed_rows = ", ".join(str(int(v)) for v in rows)
    listed_cols = ", ".join(str(int(v)) for v in cols)
    where = (
        rf"\text{{{tr(f'{NS}.rows_word')}}}\ {i}\cdot {s} + {d}\,u = \{{{listed_rows}\}},"
        rf"\qquad \text{{{tr(f'{NS}.cols_word')}}}\ {j}\cdot {s} + {d}\,v = \{{{listed_cols}\}}"
    )
    products = np.asarray(values) * np.asarray(w)
    sign = "-" if bias < 0 else "+"
    total = (
        rf"y_{{{i},{j}}} = \textstyle\sum_{{u,v}} (X \odot W)_{{u,v}} + b"
        rf" = {tex(products.sum(), 4)} {sign} {tex(abs(bias), 4)} = {tex(result, 4)}"
    )
    x_m, w_m, p_m = (matrix_tex(a, tex) for a in (values, w, products))
    if max(kh, kw) <= 3:
        return [where, rf"X \odot W = {x_m} \odot {w_m} = {p_m}", total]
    return [where, rf"X = {x_m}", rf"W = {w_m}", rf"X \odot W = {p_m}", total]


def size_line(axis: str, n: int, k: int, s: int, p: int, d: int, out: int) -> str:
    """⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 with the numbers, for one axis (``"H"`` or ``"W"``)."""
    top = n + 2 * p - d * (k - 1) - 1
    steps = rf"\left\lfloor \frac{{{top}}}{{{s}}} \right\rfloor + 1"
    if top % s:
        steps += rf" = \lfloor {top / s:.4g} \rfloor + 1"
    return (
        rf"{axis}_{{out}} = \left\lfloor \frac{{{n} + 2\cdot {p} - {d}\,({k} - 1) - 1}}{{{s}}}"
        rf"\right\rfloor + 1 = {steps} = {top // s} + 1 = {out}"
    )
