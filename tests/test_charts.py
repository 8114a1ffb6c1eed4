"""playground.charts: the template and figure post-processing.

Topic pages add their builder tests here or in test_<topic>.py: a builder
returns a go.Figure with titled axes and finite data.
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from playground.charts import theme
from tests import apptools


def test_template_registered_and_default():
    assert theme.TEMPLATE in pio.templates
    assert pio.templates.default == theme.TEMPLATE
    layout = pio.templates[theme.TEMPLATE].layout
    assert list(layout.colorway) == list(theme.PALETTE)
    assert layout.paper_bgcolor == "rgba(0,0,0,0)"
    assert "Noto Sans CJK SC" in layout.font.family and "PingFang SC" in layout.font.family


def test_new_figure_title():
    fig = theme.new_figure("Look here")
    assert fig.layout.title.text == "Look here"
    assert fig.layout.template.layout.colorway == pio.templates[theme.TEMPLATE].layout.colorway


def test_compact_halves_payload():
    fig = theme.new_figure()
    x = np.linspace(0, 1, 10_000)
    fig.add_scatter(x=x, y=np.sin(x))
    before = len(fig.to_json())
    theme.compact(fig)
    assert fig.data[0].x.dtype == np.float32
    assert len(fig.to_json()) < 0.6 * before


def test_compact_keeps_huge_values_in_float64():
    fig = theme.new_figure()
    fig.add_scatter(x=[0.0, 1.0], y=np.array([1e300, 1.0]))
    theme.compact(fig)
    assert fig.data[0].y.dtype == np.float64


def test_styled_dark_and_presenter():
    fig = theme.new_figure("t")
    fig.add_scatter(x=np.arange(3.0), y=np.arange(3.0), mode="lines")
    theme.styled(fig, dark=True, present=True)
    assert fig.layout.font.color == "#FAFAFA"
    assert fig.layout.font.size > 13
    assert fig.data[0].line.width >= 3


def test_cut_nonfinite():
    (x, y), cut = theme.cut_nonfinite(np.arange(5.0), np.array([1, 2, np.nan, 4, 5.0]))
    assert cut and list(y) == [1, 2] and list(x) == [0, 1]
    (x, y), cut = theme.cut_nonfinite(np.arange(3.0), np.arange(3.0))
    assert not cut and len(x) == 3


def test_figures_serialise_without_nan():
    fig = theme.new_figure("t")
    fig.add_scatter(x=np.arange(3.0), y=np.arange(3.0))
    assert "NaN" not in json.dumps(fig.to_plotly_json(), default=str)


def test_fast_figure_is_valid_plotly():
    import plotly.graph_objects as go

    data = [
        {
            "type": "scatter",
            "x": theme.f32([0, 1, 2]),
            "y": theme.f32([1, 0, 1]),
            "mode": "lines",
            "name": "a",
        }
    ]
    fig = theme.figure("Look here", data, xaxis={"title": {"text": "x"}}, height=300)
    assert fig.layout.title.text == "Look here"
    assert fig.data[0].x.dtype == np.float32
    rebuilt = go.Figure(fig.to_dict())  # validates every property
    assert rebuilt.layout.xaxis.title.text == "x"
    assert fig.layout.template.layout.colorway == pio.templates[theme.TEMPLATE].layout.colorway


def test_register_is_cheap_when_already_default(monkeypatch):
    theme.register()
    calls = []
    monkeypatch.setattr(
        type(pio.templates),
        "default",
        property(lambda self: theme.TEMPLATE, lambda self, value: calls.append(value)),
    )
    theme.register()
    assert calls == []


_decode = apptools.decode_spec


def _same(a, b, path="") -> None:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        np.testing.assert_allclose(
            np.asarray(a, dtype=float),
            np.asarray(b, dtype=float),
            rtol=1e-6,
            equal_nan=True,
            err_msg=path,
        )
    elif isinstance(a, dict):
        assert set(a) == set(b), (path, set(a) ^ set(b))
        for key in a:
            _same(a[key], b[key], f"{path}.{key}")
    elif (
        isinstance(a, list)
        and a
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in a)
    ):
        _same(np.asarray(a, dtype=float), np.asarray(b, dtype=float), path)
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def test_to_spec_describes_the_same_figure_as_plotly():
    import json

    x = np.linspace(-1, 1, 50)
    fig = theme.figure(
        "t",
        [
            {
                "type": "scatter",
                "x": x,
                "y": np.where(x > 0.5, np.nan, x**2),
                "mode": "lines",
                "text": [f"p{i}" for i in range(50)],
                "line": {"width": 2},
            },
            {"type": "heatmap", "z": np.outer(x, x)[:5, :7], "x": np.arange(7), "y": np.arange(5)},
            {"type": "bar", "x": np.array([1, 2, 3], dtype=np.int64), "y": theme.f32([1, 2, 3])},
        ],
        height=300,
        xaxis={"range": np.array([-1.0, 1.0]), "title": {"text": "x"}},
        annotations=[{"x": 0.5, "y": 0.5, "text": "∞", "font": {"size": 12}}],
    )
    spec = theme.to_spec(fig)
    json.dumps(spec)  # plain JSON: no NumPy left
    assert spec["layout"]["xaxis"]["range"] == [-1.0, 1.0]  # plotly.js wants a list there
    assert spec["data"][0]["x"]["dtype"] == "f4" and spec["data"][2]["x"]["dtype"] == "i4"
    _same(_decode(spec), _decode(json.loads(fig.to_json())))


def test_styled_spec_matches_styled():
    data = [
        {
            "type": "scatter",
            "x": theme.f32([0, 1]),
            "y": theme.f32([1, 0]),
            "mode": "lines",
            "marker": {"size": 6},
        }
    ]
    fig = theme.figure(
        "t", data, height=300, annotations=[{"x": 0, "y": 0, "text": "a", "font": {"size": 10}}]
    )
    spec = theme.styled_spec(theme.to_spec(fig), dark=True, present=True)
    reference = theme.styled(
        theme.figure(
            "t", data, height=300, annotations=[{"x": 0, "y": 0, "text": "a", "font": {"size": 10}}]
        ),
        dark=True,
        present=True,
    )
    assert spec["layout"]["font"]["color"] == reference.layout.font.color
    assert spec["layout"]["font"]["size"] == reference.layout.font.size
    assert spec["layout"]["title"]["font"]["size"] == reference.layout.title.font.size
    assert spec["layout"]["height"] == reference.layout.height
    assert spec["data"][0]["line"]["width"] == reference.data[0].line.width
    assert spec["data"][0]["marker"]["size"] == reference.data[0].marker.size
    assert (
        spec["layout"]["annotations"][0]["font"]["size"]
        == reference.layout.annotations[0].font.size
    )


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("present", [False, True])
def test_styled_spec_leaves_its_input_unchanged(dark, present):
    """A cached spec is shared by every session: styling it for one viewer must not
    change it for the next (fonts would grow on every rerun in presenter mode)."""
    import copy

    frames = [{"name": "0", "data": [{"type": "scatter", "y": theme.f32([0, 1])}]}]
    fig = theme.figure(
        "t",
        [{"type": "scatter", "x": theme.f32([0, 1]), "y": theme.f32([1, 0]), "mode": "lines"}],
        height=300,
        frames=frames,
        annotations=[{"x": 0, "y": 1.1, "yref": "paper", "text": "a", "font": {"size": 10}}],
    )
    spec = theme.to_spec(fig)
    before = copy.deepcopy(spec)
    template = copy.deepcopy(spec["layout"]["template"])
    first = theme.styled_spec(spec, dark=dark, present=present)
    second = theme.styled_spec(spec, dark=dark, present=present)
    assert spec == before
    assert spec["layout"]["template"] == template
    assert first == second  # styling again gives the same result, not a compounded one
    if present:
        assert first["layout"]["font"]["size"] > before["layout"].get("font", {}).get("size", 0)


@pytest.mark.parametrize(
    ("value", "nonfinite"),
    [
        ({"bdata": "xNaNyInfinityz", "title": "NaN in a label"}, False),  # words, not numbers
        ({"x": [1.5, float("nan"), float("inf"), -float("inf")], "t": "NaN"}, True),
        ({"y": np.array([0.25, np.nan]), "z": np.arange(3), "s": "中文"}, True),
        ({"y": np.array([0.25, 0.5]), "s": "中文"}, False),
        ([{"a": 1e308 * 10}, None, True, "Infinity"], True),
    ],
)
def test_strict_first_encoder_writes_what_plotly_writes(value, nonfinite, monkeypatch):
    """Same text as Plotly's own encoder, and the second pass only for real NaN/inf."""
    from _plotly_utils import utils as plotly_utils

    assert plotly_utils.PlotlyJSONEncoder.encode is theme.strict_first_encode  # on import
    with monkeypatch.context() as plain:  # Plotly's own encoder
        plain.setattr(plotly_utils.PlotlyJSONEncoder, "encode", theme._PLOTLY_ENCODE)
        reference = json.dumps(value, cls=plotly_utils.PlotlyJSONEncoder, separators=(",", ":"))
    passes = []
    real_loads = plotly_utils._json.loads
    monkeypatch.setattr(
        plotly_utils._json, "loads", lambda *a, **k: passes.append(1) or real_loads(*a, **k)
    )
    assert pio.json.to_json_plotly(value) == reference  # what st.plotly_chart reaches
    assert bool(passes) == nonfinite


def test_ready_frame_traces_are_converted_once():
    traces = [{"type": "scatter", "x": np.array([0.5, np.nan]), "y": [1.0, float("inf")]}]
    frames = [{"name": "a", "data": theme.ready(traces)}]
    walked = theme.to_spec(theme.figure("t", traces))["data"]
    assert frames[0]["data"] == walked  # the same JSON form as a walk at draw time
    spec = theme.to_spec(theme.figure("t", traces, frames=frames))
    assert spec["frames"][0]["data"] is frames[0]["data"]  # passed through, not walked again
    assert json.loads(json.dumps(spec["frames"]))[0]["data"][0]["y"] == [1.0, None]


def test_frames_reach_the_spec_and_presenter_mode():
    data = [{"type": "scatter", "x": theme.f32([0, 1]), "y": theme.f32([0, 1]), "mode": "lines"}]
    frames = [
        {
            "name": str(k),
            "data": [{"type": "scatter", "y": theme.f32([k, 1]), "line": {"width": 2}}],
        }
        for k in range(3)
    ]
    band = {
        "type": "scatter",
        "x": theme.f32([0, 1]),
        "y": theme.f32([1, 1]),
        "fill": "toself",
        "mode": "lines",
        "line": {"width": 0},
    }
    fig = theme.figure("animated", [*data, band], frames=frames)
    spec = theme.to_spec(fig)  # PLAYGROUND_CHECK_SPECS=1 compares it with Plotly's own
    assert [f["name"] for f in spec["frames"]] == ["0", "1", "2"]
    styled = theme.styled_spec(spec, present=True)
    assert [f["data"][0]["line"]["width"] for f in styled["frames"]] == [3.0, 3.0, 3.0]
    assert styled["data"][1]["line"]["width"] == 0  # an invisible band edge stays invisible
    assert go.Figure(theme.styled(theme.figure("a", data, frames=frames), present=True)).frames


def test_a_fast_figure_survives_pickling_unbuilt():
    """st.cache_data pickles what a cached function returns: a fast figure must stay a
    plain spec (building it would validate every property and, with animation frames,
    write a trace type into each frame trace: a bigger payload on every rerun)."""
    import pickle

    frames = [{"name": str(k), "data": [{"y": np.arange(3.0) * k}]} for k in range(3)]
    fig = theme.figure(
        "t", [{"type": "scatter", "x": np.arange(3.0), "y": np.ones(3)}], frames=frames
    )
    before = theme.to_spec(fig)
    copy = pickle.loads(pickle.dumps(fig))
    assert not object.__getattribute__(fig, "_built")
    assert not object.__getattribute__(copy, "_built")
    assert theme.to_spec(copy) == before
    assert "type" not in before["frames"][0]["data"][0]
    assert isinstance(copy, go.Figure) and copy.layout.title.text == "t"  # still a real figure


def test_plain_spec_values_in_lists_and_dicts():
    """The spec walk keeps plain values, and turns what JSON cannot carry into what
    plotly.js expects, wherever it sits."""
    import json

    raw = {
        "x": [1.0, float("nan"), float("inf"), -float("inf"), 2, True, None, "a"],
        "y": (np.float64(1.5), np.int64(3), np.bool_(True), np.float32(np.nan)),
        "nested": [[0.5, float("nan")], {"v": float("-inf"), "w": np.arange(2.0)}],
        "colorscale": "PuOr",  # a named scale plotly.js does not know: expanded
        "marker": {"colorscale": "Viridis", "size": np.int32(4)},
        "range": np.array([0.0, 1.0]),  # plotly.js wants a list there
    }
    spec = theme._plain(raw)
    json.dumps(spec, allow_nan=False)
    assert spec["x"] == [1.0, None, None, None, 2, True, None, "a"]
    assert spec["y"] == [1.5, 3, True, None]
    assert spec["nested"][0] == [0.5, None] and spec["nested"][1]["v"] is None
    assert spec["nested"][1]["w"]["dtype"] == "f4"
    assert spec["colorscale"][0][0] == 0 and spec["colorscale"][-1][0] == 1
    assert isinstance(spec["marker"]["colorscale"], list) and spec["marker"]["size"] == 4
    assert spec["range"] == [0.0, 1.0]
