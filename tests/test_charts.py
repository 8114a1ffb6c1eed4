"""playground.charts: the template and figure post-processing.

Topic pages add their builder tests here or in test_<topic>.py: a builder
returns a go.Figure with titled axes and finite data.
"""

from __future__ import annotations

import json

import numpy as np
import plotly.io as pio

from playground.charts import theme


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

    data = [{"type": "scatter", "x": theme.f32([0, 1, 2]), "y": theme.f32([1, 0, 1]),
             "mode": "lines", "name": "a"}]
    fig = theme.figure("Look here", data, xaxis={"title": {"text": "x"}}, height=300)
    assert fig.layout.title.text == "Look here"
    assert fig.data[0].x.dtype == np.float32
    rebuilt = go.Figure(fig.to_dict())  # validates every property
    assert rebuilt.layout.xaxis.title.text == "x"
    assert fig.layout.template.layout.colorway == pio.templates[theme.TEMPLATE].layout.colorway


def test_register_is_cheap_when_already_default(monkeypatch):
    theme.register()
    calls = []
    monkeypatch.setattr(type(pio.templates), "default",
                        property(lambda self: theme.TEMPLATE,
                                 lambda self, value: calls.append(value)))
    theme.register()
    assert calls == []
