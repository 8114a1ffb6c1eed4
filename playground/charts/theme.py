"""The app's single Plotly template, its palette and figure post-processing.

Everything here is pure Plotly (no Streamlit): a chart builder calls
:func:`new_figure` (or uses ``template=TEMPLATE``) and returns a figure; the
app layer calls :func:`styled` right before display to adapt it to the
viewer's theme (light / dark) and to presenter mode.
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable

import numpy as np
import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils import utils as _plotly_utils

__all__ = [
    "DIVERGING",
    "f32",
    "figure",
    "FONT_FAMILY",
    "PALETTE",
    "SEQUENTIAL",
    "SpecFigure",
    "TEMPLATE",
    "Translator",
    "compact",
    "cut_nonfinite",
    "new_figure",
    "register",
    "ready",
    "styled",
    "styled_spec",
    "spec_difference",
    "to_spec",
]

#: Translator passed by pages to chart builders: ``tr(key, **values) -> str``.
Translator = Callable[..., str]

TEMPLATE = "playground"

#: Okabe & Ito's colour-blind-safe palette, reordered so that the first
#: colours read well on light and dark backgrounds (black replaced by grey).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#999999",  # grey
    "#F0E442",  # yellow
)

#: Perceptually uniform, colour-blind-safe scales.
SEQUENTIAL = "Viridis"
DIVERGING = "PuOr"

#: Latin fonts first, then the usual CJK fonts of macOS, Windows and Linux so
#: that Chinese axis titles render everywhere.
FONT_FAMILY = (
    '"Source Sans Pro", "Source Sans 3", -apple-system, BlinkMacSystemFont, "Segoe UI", '
    'Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif'
)

_LIGHT_TEXT = "#31333F"
_DARK_TEXT = "#FAFAFA"
_GRID = "rgba(128, 128, 128, 0.22)"
_ZERO = "rgba(128, 128, 128, 0.55)"
_BASE_FONT_SIZE = 13


_PLOTLY_ENCODE = _plotly_utils.PlotlyJSONEncoder.encode


def strict_first_encode(self, o) -> str:
    """Plotly's JSON encoding without its second pass over finite data.

    Plotly (``PlotlyJSONEncoder.encode``) encodes a figure, and if the text
    contains ``NaN`` or ``Infinity`` anywhere, decodes and encodes it again to
    turn non-finite numbers into ``null``. The test is a substring search,
    and a base64 typed array (the way charts send their data) contains
    ``NaN`` in about one of every 262,144 positions: about one chart in seven
    of 40 KiB or more paid three passes instead of one (Lagrange walk chart:
    2.07 ms, now 1.30 ms per rerun). This first encodes strictly, which fails on
    exactly the non-finite numbers, and only then takes Plotly's way. The text
    is the same (tested against Plotly's own encoder). :func:`register`
    installs it as ``PlotlyJSONEncoder.encode``, which ``st.plotly_chart``
    reaches through ``plotly.io.to_json``.
    """
    strict = json.JSONEncoder(
        skipkeys=self.skipkeys,
        ensure_ascii=self.ensure_ascii,
        check_circular=self.check_circular,
        allow_nan=False,
        sort_keys=self.sort_keys,
        indent=self.indent,
        separators=(self.item_separator, self.key_separator),
        default=self.default,
    )
    try:
        return strict.encode(o)
    except ValueError:  # a NaN or an infinity: Plotly's way turns it into null
        return _PLOTLY_ENCODE(self, o)


def register() -> None:
    """Register the ``"playground"`` template and make it Plotly's default.

    Also makes Plotly's JSON encoder skip its second pass over finite data
    (:func:`strict_first_encode`). Idempotent; called when
    :mod:`playground.charts` is imported.
    """
    _plotly_utils.PlotlyJSONEncoder.encode = strict_first_encode
    if TEMPLATE in pio.templates:
        # Re-assigning the default validates and copies the template (tens of
        # milliseconds); only do it when someone changed it.
        if pio.templates.default != TEMPLATE:
            pio.templates.default = TEMPLATE
        return
    # A lean template (about 1 KB): Plotly embeds the template in every figure
    # sent to the browser, and plotly_white's trace defaults alone weigh 4 KB.
    axis = dict(
        gridcolor=_GRID,
        zerolinecolor=_ZERO,
        zerolinewidth=1,
        linecolor=_ZERO,
        showline=False,
        ticks="",
        automargin=True,
        title=dict(standoff=8),
    )
    template = go.layout.Template()
    template.layout = dict(
        colorway=list(PALETTE),
        font=dict(family=FONT_FAMILY, size=_BASE_FONT_SIZE, color=_LIGHT_TEXT),
        title=dict(font=dict(size=_BASE_FONT_SIZE + 3), x=0.0, xanchor="left"),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis=axis,
        yaxis=axis,
        hovermode="closest",
        legend=dict(bgcolor="rgba(0,0,0,0)", orientation="h", y=-0.18, x=0.0),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        margin=dict(l=10, r=10, t=48, b=10),
        colorscale=dict(sequential=SEQUENTIAL, diverging=DIVERGING),
        scene=dict(
            xaxis=dict(backgroundcolor="rgba(0,0,0,0)", gridcolor=_GRID, showbackground=False),
            yaxis=dict(backgroundcolor="rgba(0,0,0,0)", gridcolor=_GRID, showbackground=False),
            zaxis=dict(backgroundcolor="rgba(0,0,0,0)", gridcolor=_GRID, showbackground=False),
        ),
    )
    pio.templates[TEMPLATE] = template
    pio.templates.default = TEMPLATE


def new_figure(title: str | None = None, **layout) -> go.Figure:
    """Create an empty figure with the app template and an optional title.

    Parameters
    ----------
    title : str, optional
        What the reader should look at; shown top-left.
    **layout
        Extra ``layout`` properties.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    register()
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, **layout)
    if title:
        fig.update_layout(title_text=title)
    return fig


class SpecFigure(go.Figure):
    """A ``go.Figure`` that stays a plain spec until someone looks inside.

    Building a Plotly figure copies every trace and checks the template
    (3–7 ms per chart); the app only needs the JSON spec, which
    :func:`to_spec` reads straight from the plain dicts. Any use of the
    ``go.Figure`` API (``fig.data``, ``fig.layout``, ``fig.to_dict()``,
    ``update_layout`` ...) builds the real figure first, so code and tests
    that treat it as a normal figure keep working.
    """

    _OWN = frozenset(
        {"_spec", "_built", "_build", "__class__", "__dict__", "__reduce__", "__reduce_ex__"}
    )

    def __init__(self, spec: dict) -> None:
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_built", False)

    def _build(self) -> None:
        object.__setattr__(self, "_built", True)
        go.Figure.__init__(self, self._spec, _validate=False)

    def __getattribute__(self, name: str):
        if name in SpecFigure._OWN:
            return object.__getattribute__(self, name)
        if not object.__getattribute__(self, "_built"):
            object.__getattribute__(self, "_build")()
        return object.__getattribute__(self, name)

    def __reduce__(self):  # pickling (e.g. st.cache_data) keeps the plain spec
        return (SpecFigure, (object.__getattribute__(self, "_spec"),))

    def __reduce_ex__(self, protocol):  # what pickle calls: must not build the figure
        return SpecFigure.__reduce__(self)


def figure(
    title: str | None, data: list[dict], *, frames: list[dict] | None = None, **layout
) -> go.Figure:
    """Build a figure from plain trace dicts, without Plotly's validation.

    The fast path for chart builders: validating every property (``go.Scatter``
    objects, ``add_*``/``update_*`` calls, ``make_subplots``) costs 10–50 ms
    per figure, most of a rerun's budget, while the dicts a builder writes are
    fixed by its code. The result is a :class:`SpecFigure`: the page sends its
    spec as is, and it becomes a real ``go.Figure`` (with the app template, the
    Plotly default, see :func:`register`) as soon as it is used as one. Tests
    keep this honest: with ``PLAYGROUND_CHECK_SPECS=1`` (set by the test suite)
    :func:`to_spec` compares every fast spec with the one Plotly builds, and
    builders' tests rebuild their figures with validation.

    Parameters
    ----------
    title : str or None
        What the reader should look at; shown top-left.
    data : list of dict
        Traces as plain dicts (``{"type": "scatter", "x": ..., ...}``); use
        float32 arrays (:func:`f32`) for numeric data.
    frames : list of dict, optional
        Animation frames (``{"name": ..., "data": [...], "traces": [...]}``),
        played in the browser by a play button (``layout.updatemenus``) and a
        slider (``layout.sliders``): motion without a server rerun per frame.
    **layout
        Layout properties as plain values or dicts (no magic underscores:
        write ``title={"text": ...}``, not ``title_text=...``).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    if pio.templates.default != TEMPLATE:
        register()
    spec = {
        key: value for key, value in layout.items() if not (isinstance(value, list) and not value)
    }
    if title:
        spec["title"] = {**spec.get("title", {}), "text": title}
    raw = {"data": list(data), "layout": spec}
    if frames:
        raw["frames"] = list(frames)
    return SpecFigure(raw)


def f32(values) -> np.ndarray:
    """``values`` as a contiguous float32 array (4 bytes per value on the wire)."""
    return np.ascontiguousarray(values, dtype=np.float32)


def axis(title: str, **extra) -> dict:
    """An axis's layout with a title: ``{"title": {"text": title}, **extra}``."""
    return {"title": {"text": title}, **extra}


def cut_nonfinite(*arrays: np.ndarray) -> tuple[tuple[np.ndarray, ...], bool]:
    """Truncate aligned 1-D arrays before the first index where any is not finite.

    Parameters
    ----------
    *arrays : numpy.ndarray
        Arrays of equal length (e.g. a loss curve and its steps).

    Returns
    -------
    arrays : tuple of numpy.ndarray
        The finite prefixes.
    cut : bool
        Whether anything was removed (so the caller can annotate the chart).

    Examples
    --------
    >>> (x, y), cut = cut_nonfinite(np.arange(4.0), np.array([1.0, 2.0, np.inf, 3.0]))
    >>> y, cut
    (array([1., 2.]), True)
    """
    if not arrays:
        return (), False
    n = min(len(a) for a in arrays)
    ok = np.ones(n, dtype=bool)
    for a in arrays:
        a = np.asarray(a)
        if np.issubdtype(a.dtype, np.number):
            ok &= np.isfinite(a[:n])
    bad = np.flatnonzero(~ok)
    stop = int(bad[0]) if bad.size else n
    cut = stop < max(len(a) for a in arrays)
    return tuple(np.asarray(a)[:stop] for a in arrays), cut


_ARRAY_ATTRS = ("x", "y", "z", "customdata", "open", "high", "low", "close", "r", "theta")


def compact(fig: go.Figure) -> go.Figure:
    """Downcast float64 NumPy data in traces to float32 (half the payload).

    Plotly serialises NumPy arrays as base64 typed arrays, so float32 data
    costs 4 bytes per value on the wire. Values below float32 resolution are
    irrelevant for drawing. Modifies and returns ``fig``.
    """
    for trace in fig.data:
        for attr in _ARRAY_ATTRS:
            value = getattr(trace, attr, None) if attr in trace else None
            if isinstance(value, np.ndarray) and value.dtype == np.float64:
                finite = value[np.isfinite(value)]
                if finite.size == 0 or np.abs(finite).max() < 3e38:
                    # Plotly skips assignments that compare equal: clear first.
                    trace[attr] = None
                    trace[attr] = value.astype(np.float32)
    return fig


def styled(fig: go.Figure, *, dark: bool = False, present: bool = False) -> go.Figure:
    """Adapt a figure to the viewer: dark theme text and presenter-mode sizes.

    The slow path of :func:`styled_spec` for a Plotly figure (the app sends
    prepared specs and never needs it).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        A figure built with the app template.
    dark : bool, default False
        Use light text for Streamlit's dark theme.
    present : bool, default False
        Presenter mode (see :func:`styled_spec`).

    Returns
    -------
    plotly.graph_objects.Figure
        The same figure, modified in place.
    """
    new = go.Figure(_decode_arrays(styled_spec(to_spec(fig), dark=dark, present=present)))
    fig.layout = new.layout
    fig.data = ()
    fig.add_traces(new.data)
    fig.frames = new.frames
    return fig


def _decode_arrays(value):
    """A spec with typed arrays turned back into NumPy arrays (for ``go.Figure``)."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            return _decoded(value)
        return {k: _decode_arrays(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_arrays(v) for v in value]
    return value


_TYPED = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}
_SKIPPED = {"range", "geojson", "layer", "layers"}  # plotly.js wants plain lists there


def _typed_array(arr: np.ndarray):
    """A NumPy array as plotly.js's typed-array spec (float64 sent as float32)."""
    if arr.size == 0 or arr.dtype.kind not in "iuf":
        return arr.tolist()
    if arr.dtype.kind == "f":
        finite = arr[np.isfinite(arr)]
        if arr.dtype == np.float64 and (finite.size == 0 or np.abs(finite).max() < 3e38):
            arr = arr.astype(np.float32)
    elif arr.dtype.itemsize == 8:
        lo, hi = int(arr.min()), int(arr.max())
        if arr.dtype.kind == "u" and hi <= 2**32 - 1:
            arr = arr.astype(np.uint32)
        elif -(2**31) <= lo and hi <= 2**31 - 1:
            arr = arr.astype(np.int32)
        else:
            return arr.tolist()
    spec = {
        "dtype": _TYPED[arr.dtype.name],
        "bdata": base64.b64encode(np.ascontiguousarray(arr)).decode("ascii"),
    }
    if arr.ndim > 1:
        spec["shape"] = str(arr.shape)[1:-1]
    return spec


@functools.lru_cache(maxsize=64)
def _named_colorscale(name: str) -> tuple:
    """A named colour scale as plotly.js needs it: Python Plotly knows many more
    names (ColorBrewer's ``PuOr`` ...) than plotly.js, and expands them."""
    return tuple(tuple(stop) for stop in plotly.colors.get_colorscale(name))


def _plain(value, key: str = ""):
    """Recursively turn a figure's raw properties into JSON-ready values."""
    # Exact-type checks first: a chart has thousands of plain values, and this
    # walk runs for every chart on every rerun.
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is str:
        if key == "colorscale":
            return [list(stop) for stop in _named_colorscale(value)]
        return value
    if kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {k: _plain(v, k) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain_item(v) for v in value]
    if kind is _Ready:
        return value
    if isinstance(value, np.ndarray):
        return value.tolist() if key in _SKIPPED else _typed_array(value)
    if isinstance(value, dict):
        return {k: _plain(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


_PLAIN_TYPES = {str, int, bool, type(None)}


class _Ready(list):
    """Trace dicts already in their JSON form (see :func:`ready`)."""

    __slots__ = ()


def ready(traces: list[dict]) -> list[dict]:
    """Trace dicts converted to their JSON form now, and left alone by :func:`to_spec`.

    For the traces of animation frames made once in a cached function: a
    replay's frames hold thousands of values, and converting them again on
    every rerun that draws the chart costs about a millisecond. The result
    is a list; treat it as read-only.
    """
    return _Ready(_plain(list(traces)))


def _plain_item(value):
    """:func:`_plain` of a list item, with the common plain values inline."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind in _PLAIN_TYPES:
        return value
    return _plain(value)


_TEMPLATE_SPEC: dict | None = None


def _template_spec() -> dict:
    global _TEMPLATE_SPEC
    if _TEMPLATE_SPEC is None:
        register()
        _TEMPLATE_SPEC = _plain(pio.templates[TEMPLATE].to_plotly_json())
    return _TEMPLATE_SPEC


def to_spec(fig: go.Figure | dict) -> dict:
    """The figure as the JSON-ready dict plotly.js draws (``fig.to_dict()``, fast).

    NumPy arrays become base64 typed arrays, float64 as float32 (half the
    payload; drawing never needs more precision). A :class:`SpecFigure` that
    was never opened is read from its plain spec; any other figure from its
    built properties. Either way several times cheaper than Plotly's own
    ``to_dict``, which copies and re-checks every array. A dict is a spec made
    earlier by this function (e.g. inside a cached function, so that a figure
    with many animation frames is converted once) and is returned as it is.
    """
    if isinstance(fig, dict):
        return fig
    if isinstance(fig, SpecFigure) and not object.__getattribute__(fig, "_built"):
        raw = object.__getattribute__(fig, "_spec")
        # The template is shared, read-only: the spec is serialised right away
        # and styled_spec only touches top-level layout keys.
        layout = {"template": _template_spec(), **_plain(raw.get("layout", {}))}
        spec = {"data": [_plain(t) for t in raw.get("data", [])], "layout": layout}
        if raw.get("frames"):
            spec["frames"] = [_plain(frame) for frame in raw["frames"]]
        if os.environ.get("PLAYGROUND_CHECK_SPECS") == "1":
            built = to_spec(go.Figure(copy.deepcopy(raw)))
            # Plotly writes a trace type into every frame trace; plotly.js does not need it.
            for frame in built.get("frames", []):
                for trace in frame.get("data", []):
                    trace.pop("type", None)
            fast = {**spec, "frames": copy.deepcopy(spec.get("frames", []))}
            for frame in fast["frames"]:
                for trace in frame.get("data", []):
                    trace.pop("type", None)
            if not fast["frames"]:
                fast.pop("frames")
            difference = spec_difference(fast, built)
            if difference:
                raise AssertionError(f"fast chart spec differs from Plotly's at {difference}")
        return spec
    spec = {"data": [_plain(t) for t in fig._data], "layout": _plain(dict(fig._layout))}
    if fig.frames:
        spec["frames"] = [_plain(frame.to_plotly_json()) for frame in fig.frames]
    return spec


def spec_difference(a, b, path: str = "") -> str | None:
    """Where two specs differ (numbers compared to float32 precision), or None."""
    if isinstance(a, dict) and set(a) >= {"dtype", "bdata"}:
        a = _decoded(a)
    if isinstance(b, dict) and set(b) >= {"dtype", "bdata"}:
        b = _decoded(b)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            x = np.asarray(a, dtype=float)
            y = np.asarray(b, dtype=float)
        except (TypeError, ValueError):
            return path or "/"
        same = x.shape == y.shape and np.allclose(x, y, rtol=1e-6, atol=0, equal_nan=True)
        return None if same else (path or "/")
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}/{key}"
            found = spec_difference(a[key], b[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return path or "/"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = spec_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return None if math.isclose(a, b, rel_tol=1e-6) else (path or "/")
    return None if a == b else (path or "/")


def _decoded(spec: dict) -> np.ndarray:
    arr = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    if "shape" in spec:
        arr = arr.reshape([int(n) for n in spec["shape"].split(",")])
    return arr


#: Presenter mode: text grows by this factor, titles by _TITLE_SCALE (they are
#: already the largest text), chart heights by _HEIGHT_SCALE.
PRESENT_SCALE = 1.35
_TITLE_SCALE = 1.25
_HEIGHT_SCALE = 1.25
#: Presenter charts sit in columns of 400–1,200 px: titles wrap at this many
#: "width units" (a Latin character is 1, a CJK character 2) per line.
TITLE_WRAP = 44
_DEFAULT_HEIGHT = 450  # plotly.js's default figure height


def text_units(text: str) -> int:
    """Display width of a chart text in units of a Latin character (CJK counts 2).

    Tags such as ``<b>`` and ``<sup>`` take no room.

    Examples
    --------
    >>> text_units("KL 散度"), text_units("<b>p</b>")
    (7, 1)
    """
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in plain)


def wrap_text(text: str, width: int) -> list[str]:
    """Break a chart text (Plotly's ``<br>``-separated lines) into lines of at most
    ``width`` units, at spaces for Latin text and between any two CJK characters.

    A line that opens a tag (``<sup>``) keeps it on every piece it is cut into.

    Examples
    --------
    >>> wrap_text("Step 200: boundary w·x + b = 0", 12)
    ['Step 200:', 'boundary w·x', '+ b = 0']
    >>> wrap_text("训练曲线：标记是第 k 步", 12)
    ['训练曲线：标', '记是第 k 步']
    """
    out: list[str] = []
    for line in re.split(r"<br\s*/?>", text):
        match = re.fullmatch(r"(\s*<(sub|sup|i|b)>)(.*)(</\2>\s*)", line)
        head, body, tail = (
            (match.group(1), match.group(3), match.group(4)) if match else ("", line, "")
        )
        tokens = re.findall(
            r"<[^>]+>|[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef<]+|\s+", body
        )
        lines, current = [], ""
        for token in tokens:
            candidate = current + token
            if current.strip() and text_units(candidate.rstrip()) > width and not token.isspace():
                lines.append(current.rstrip())
                current = token.lstrip()
            else:
                current = candidate
        if current.strip() or not lines:
            lines.append(current.rstrip())
        out.extend(f"{head}{piece}{tail}" if match else piece for piece in lines)
    return out


def _scale_fonts(value, factor: float, key: str = "") -> None:
    """Multiply every explicit font size inside a spec fragment (in place)."""
    if isinstance(value, dict):
        if key.endswith("font") and isinstance(value.get("size"), (int, float)):
            value["size"] = round(value["size"] * factor, 1)
        for k, v in value.items():
            if k not in ("template", "data"):
                _scale_fonts(v, factor, k)
    elif isinstance(value, list):
        for v in value:
            _scale_fonts(v, factor, key)


def _present(layout: dict, data: list) -> None:
    """Presenter mode for one spec: bigger text, and room made for it.

    Fonts grow (layout, every explicit ``*font.size``, table cells), the
    figure grows, titles wrap to :data:`TITLE_WRAP` units and sit at the top
    of the figure with the top margin sized for them and for panel titles
    (annotations above the plot); horizontal legends below the plot are
    placed under the axis labels in pixels, with the bottom margin sized for
    them. Margins are otherwise left to Plotly's automargin.
    """
    base = layout.get("font", {}).get("size") or _BASE_FONT_SIZE
    font_px = round(base * PRESENT_SCALE)
    layout.setdefault("font", {})["size"] = font_px
    _scale_fonts({k: v for k, v in layout.items() if k != "font"}, PRESENT_SCALE)
    for trace in data:
        _scale_fonts(trace, PRESENT_SCALE)
        if trace.get("type") == "table":
            for part in ("header", "cells"):
                cell = trace.get(part)
                if isinstance(cell, dict) and isinstance(cell.get("height"), (int, float)):
                    cell["height"] = round(cell["height"] * PRESENT_SCALE)
    height = round((layout.get("height") or _DEFAULT_HEIGHT) * _HEIGHT_SCALE)
    layout["height"] = height
    margin = layout.setdefault("margin", {})
    top = margin.get("t", 48)
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        title_font = title.setdefault("font", {})
        title_px = round((title_font.get("size") or _BASE_FONT_SIZE + 3) * _TITLE_SCALE * 1.1)
        title_font["size"] = title_px
        lines = wrap_text(title["text"], TITLE_WRAP)
        title["text"] = "<br>".join(lines)
        block = round(len(lines) * title_px * 1.35 + 8)
        # Centred in its own band at the top (multi-line titles anchored at
        # "top" are drawn too high by plotly.js).
        title.update(yref="container", y=1 - (block / 2 + 6) / height, yanchor="middle")
        # below the title: room for the top tick label, which sticks out half a line
        top = max(top, block + 16 + round(font_px * 0.7))
    above = [
        a
        for a in layout.get("annotations") or ()
        if isinstance(a, dict) and a.get("yref", "y") == "paper" and (a.get("y") or 0) >= 1
    ]
    if above:
        top += round(font_px * 1.7)
    # x axes with their tick labels on top (matrix-style heatmaps) sit under the title
    for key, axis in layout.items():
        if key.startswith("xaxis") and isinstance(axis, dict) and axis.get("side") == "top":
            top += round(font_px * 1.6 + (font_px * 1.5 if axis.get("title") else 0))
            break
    legend = layout.get("legend")
    if _horizontal(legend) and legend["y"] >= 1 and legend.get("yref", "paper") == "paper":
        # a legend row between the title and the plot
        top += round(_legend_rows(data, font_px) * font_px * 1.6) + 4
        legend.update(y=1.0, yanchor="bottom")
    margin["t"] = top
    _legend_below(layout, data, font_px, margin)


def _horizontal(legend) -> bool:
    return (
        isinstance(legend, dict)
        and legend.get("orientation", "h") == "h"
        and isinstance(legend.get("y"), (int, float))
    )


def _legend_rows(data: list, font_px: int, width_px: float = 480) -> int:
    """Rows a horizontal legend needs in a chart ``width_px`` wide (an estimate)."""
    rows, used = 1, 0.0
    for trace in data:
        if not trace.get("name") or trace.get("showlegend", True) is False:
            continue
        width = text_units(str(trace["name"])) * font_px * 0.55 + 48
        if used and used + width > width_px:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def _legend_below(layout: dict, data: list, font_px: int, margin: dict) -> None:
    """Put a horizontal legend that sits under the plot at the bottom of the figure,
    with the bottom margin sized for the axis labels above it and its own rows.

    Plotly's automargin makes room for the axis labels or for the legend but
    not for both, so the legend is pinned to the bottom edge of the figure and
    the margin holds tick labels, axis title and the legend's rows (estimated
    for a 480 px wide chart).
    """
    legend = layout.get("legend")
    if not (_horizontal(legend) and legend["y"] < 0):
        return
    rows = _legend_rows(data, font_px)
    axis_px = round(font_px * 3.4)  # tick labels, standoff, axis title
    legend.update(yref="container", y=0.0, yanchor="bottom")
    margin["b"] = max(margin.get("b", 10), axis_px + round(rows * font_px * 1.6) + 8)


def _tree_copy(value):
    """A copy of a spec's dicts and lists; the values in them (strings, typed-array
    specs' text, numbers) are shared, being immutable."""
    kind = type(value)
    if kind is dict:
        return {k: (v if k == "template" else _tree_copy(v)) for k, v in value.items()}
    if kind is list:
        return [_tree_copy(v) for v in value]
    return value


def styled_spec(spec: dict, *, dark: bool = False, present: bool = False) -> dict:
    """Adapt a spec from :func:`to_spec` to the viewer.

    ``dark``: light text for Streamlit's dark theme. ``present``: presenter
    mode (see :func:`_present`): larger fonts, thicker lines and markers, a
    taller figure, wrapped titles and margins that make room for them.

    Returns a new spec and leaves ``spec`` unchanged (it may be a cached
    spec shared by every session, see :func:`playground.app.layout.shared`):
    only the parts that change are copied. The shared template is never
    changed.
    """
    if present:
        spec = _tree_copy(spec)
    elif dark:
        spec = {**spec, "layout": {**spec.get("layout", {})}}
        spec["layout"]["font"] = {**spec["layout"].get("font", {})}
    else:
        return spec
    layout = spec.setdefault("layout", {})
    font = layout.setdefault("font", {})
    if dark:
        font["color"] = _DARK_TEXT
    if present:
        _present(layout, spec.get("data", []))
        traces = list(spec.get("data", []))
        for frame in spec.get("frames") or ():
            _scale_fonts(frame.get("layout", {}), PRESENT_SCALE)
            traces.extend(frame.get("data") or ())
        for trace in traces:
            _thicker(trace)
    return spec


def _thicker(trace: dict) -> None:
    """Presenter mode: lines 1.5x as wide (3 px if unset), markers 1.3x; a line of
    width 0 (the edge of a filled band) stays invisible."""
    if trace.get("type", "scatter") not in ("scatter", "scattergl"):
        return
    line = trace.get("line")
    width = line.get("width") if isinstance(line, dict) else None
    if isinstance(width, (int, float)):
        line["width"] = width * 1.5
    elif "lines" in (trace.get("mode") or ""):
        trace["line"] = {**(line or {}), "width": 3}
    marker = trace.get("marker")
    if isinstance(marker, dict) and isinstance(marker.get("size"), (int, float)):
        marker["size"] = marker["size"] * 1.3


register()
