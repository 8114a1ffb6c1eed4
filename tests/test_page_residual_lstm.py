"""AppTests for the residual connections & LSTM gates page: defaults, every control, links, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, payload, fuzzing) live in the shared page tests; these check that
each control changes what it should, with chart values compared to the core.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground import gradient_flow as gf
from playground.app.format import fmt, tex
from playground.app.i18n import lookup
from tests import apptools

STEM = NS = "residual_lstm"
DEFAULT_NET = dict(activation="sigmoid", init="xavier", scale=1.0, batch=32, seed=0)


texts = apptools.page_text


def latex(at) -> str:
    return apptools.latex_text(at, display_markdown=True)


metrics = apptools.metric_values


decoded = apptools.spec_array


def chart(at, title_key: str, lang: str = "en", **values) -> dict:
    """The chart whose title is ``chart.<title_key>`` (found by its title, not its position)."""
    title = lookup(lang, f"{NS}.chart.{title_key}", **values)
    specs = [s for s in apptools.chart_specs(at) if s["layout"]["title"]["text"] == title]
    assert len(specs) == 1, [s["layout"]["title"]["text"] for s in apptools.chart_specs(at)]
    return specs[0]


def check_lines(at) -> list[str]:
    return [m for m in texts(at).splitlines() if lookup("en", "common.rel_error") in m]


def test_defaults_show_the_effect(open_page):
    at = open_page(STEM)
    apptools.assert_healthy(at)
    assert not at.error
    nets = gf.compare_deep_nets(30, 32, **DEFAULT_NET)
    values = metrics(at)
    assert values[lookup("en", f"{NS}.metrics.plain")] == fmt(nets.plain.gain, 3)
    assert values[lookup("en", f"{NS}.metrics.residual")] == fmt(nets.residual.gain, 3)
    assert nets.plain.gain < 1e-15 < 0.5 < nets.residual.gain  # the effect, at first sight
    spec = chart(at, "grad_title")
    plain, residual = spec["data"]
    np.testing.assert_allclose(decoded(plain["y"]), np.log10(nets.plain.grad_norms), rtol=1e-5)
    np.testing.assert_allclose(
        decoded(residual["y"]), np.log10(nets.residual.grad_norms), rtol=1e-5, atol=1e-6
    )
    # LSTM vs RNN
    mem = gf.compare_memory(40, 8, forget_bias=1.0)
    assert values[lookup("en", f"{NS}.metrics.mean_f")] == fmt(mem.mean_forget, 3)
    assert values[lookup("en", f"{NS}.metrics.reach_lstm")] == str(gf.memory_reach(mem.lstm_full))
    assert values[lookup("en", f"{NS}.metrics.reach_rnn")] == str(gf.memory_reach(mem.rnn_norms))
    memory = chart(at, "memory_title")
    full = decoded(memory["data"][0]["y"])
    np.testing.assert_allclose(full, np.log10(mem.lstm_full), rtol=1e-5, atol=1e-6)
    gates = chart(at, "gates_title")
    np.testing.assert_allclose(decoded(gates["data"][1]["z"]), mem.trace.f.T, rtol=1e-6)
    # Both checks (residual block, LSTM cell) agree with finite differences
    lines = check_lines(at)
    assert len(lines) == 2 and all(lookup("en", "common.check_pass") in line for line in lines)
    body = latex(at)
    assert tex(mem.trace.f[1, 0], 4) in body and tex(mem.trace.c[1, 0], 4) in body
    # Write it yourself: the page's parameters in the hand-written code
    scratch, snippet = apptools.code_tabs(at)
    assert "depth = 30" in scratch and "act = 'sigmoid'" in scratch and "step = 2" in scratch
    assert "compare_deep_nets(30, 32" in snippet and "compare_memory(40, 8" in snippet


def test_depth_and_activation_change_the_numbers(open_page):
    at = open_page(STEM)
    at.slider(key="resid_depth").set_value(12).run()
    apptools.assert_healthy(at)
    spec = chart(at, "grad_title")
    assert decoded(spec["data"][0]["x"]).tolist() == list(range(13))
    apptools.set_label(at.selectbox(key="resid_act"), lookup("en", f"{NS}.act.tanh")).run()
    apptools.assert_healthy(at)
    nets = gf.compare_deep_nets(12, 32, **(DEFAULT_NET | dict(activation="tanh")))
    values = metrics(at)
    assert values[lookup("en", f"{NS}.metrics.plain")] == fmt(nets.plain.gain, 3)
    assert r"\tanh'(u_{10})" in latex(at)  # the block formula follows the activation


def test_block_slider_moves_the_formula(open_page):
    at = open_page(STEM, query={"resid_layer": "3"})
    apptools.assert_healthy(at)
    assert at.slider(key="resid_layer").value == 3
    assert r"\partial h_{4}" in latex(at)
    nets = gf.compare_deep_nets(30, 32, **DEFAULT_NET)
    view = gf.block_view(nets.params, nets.plain, nets.residual, 3)
    assert f"{view.residual[1, 1]:.3f}" in latex(at)
    assert fmt(view.plain_sv[0], 3) in texts(at)


def test_block_slider_follows_a_smaller_depth(open_page):
    at = open_page(STEM, query={"resid_layer": "25"})
    at.slider(key="resid_depth").set_value(6).run()
    apptools.assert_healthy(at)
    slider = at.slider(key="resid_layer")
    assert slider.proto.max == 5 and slider.value <= 5


@pytest.mark.parametrize(
    "query",
    [
        {"resid_depth": "4", "resid_layer": "49"},
        {"resid_steps": "5", "resid_step": "100"},
        {"resid_hidden": "2", "resid_unit": "31"},
        {"resid_act": "swish", "resid_init": "<script>", "resid_scale": "1e309"},
        {"resid_fbias": "nan", "resid_gain": "-1", "resid_lstm_seed": "-5"},
    ],
)
def test_hostile_links_keep_the_page_working(open_page, query):
    at = open_page(STEM, query=query)
    apptools.assert_healthy(at, query)
    assert len(apptools.chart_specs(at)) == 4


def test_forget_bias_changes_memory(open_page):
    at = open_page(STEM, query={"resid_fbias": "0"})
    weak = metrics(at)
    at.slider(key="resid_fbias").set_value(3.0).run()
    apptools.assert_healthy(at)
    strong = metrics(at)
    mem = gf.compare_memory(40, 8, forget_bias=3.0)
    assert strong[lookup("en", f"{NS}.metrics.mean_f")] == fmt(mem.mean_forget, 3)
    reach = lookup("en", f"{NS}.metrics.reach_lstm")
    assert int(strong[reach]) > int(weak[reach])
    assert tex(mem.trace.f[1, 0], 4) in latex(at)  # f_2 in the step formula


def test_step_and_unit_sliders(open_page):
    at = open_page(STEM, query={"resid_step": "5", "resid_unit": "3"})
    apptools.assert_healthy(at)
    mem = gf.compare_memory(40, 8, forget_bias=1.0)
    body = latex(at)
    assert "i_{5}" in body and tex(mem.trace.h[4, 3], 4) in body
    expected = lookup("en", f"{NS}.step.direct", t=5, prev=4, j=3, f=fmt(mem.trace.f[4, 3], 4))
    assert expected in texts(at)
    assert "step = 5" in apptools.code_tabs(at)[0]


def test_sweep_tab_draws_the_core_sweep(open_page):
    label = lookup("en", f"{NS}.tabs.sweep")
    at = open_page(STEM, query={"resid_tab": label, "resid_steps": "20"})
    apptools.assert_healthy(at)
    spec = chart(at, "sweep_title")
    sweep = gf.forget_bias_sweep([b / 2 for b in range(-6, 11)], 20, 8)
    ok = sweep.direct > 0
    np.testing.assert_allclose(decoded(spec["data"][1]["y"]), np.log10(sweep.direct[ok]), 1e-5)
    assert spec["layout"]["shapes"][0]["x0"] == 1.0  # the current forget bias


def test_singular_values_tab(open_page):
    label = lookup("en", f"{NS}.tabs.singular")
    at = open_page(STEM, query={"resid_tab": label, "resid_layer": "7", "resid_width": "8"})
    apptools.assert_healthy(at)
    spec = chart(at, "sv_title", l=7)
    nets = gf.compare_deep_nets(30, 8, **DEFAULT_NET)
    view = gf.block_view(nets.params, nets.plain, nets.residual, 7)
    np.testing.assert_allclose(decoded(spec["data"][1]["y"]), view.residual_sv, rtol=1e-6)


def test_chinese_page(open_page):
    at = open_page(STEM, lang="zh")
    apptools.assert_healthy(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    assert chart(at, "grad_title", lang="zh")
    body = texts(at)
    for term in ("残差", "遗忘门", "梯度", "雅可比矩阵"):
        assert term in body
    assert "# zh:" not in body and "反向传播" in body


def test_presenter_mode_and_maximum_settings(open_page):
    at = open_page(STEM, query={"present": "true"})
    apptools.assert_healthy(at)
    apptools.set_to_maximum(at).run()
    apptools.assert_healthy(at)
    assert at.slider(key="resid_depth").value == 50
    assert at.slider(key="resid_steps").value == 100
    lines = check_lines(at)
    assert len(lines) == 2 and all(lookup("en", "common.check_pass") in line for line in lines)


def test_checks_agree_for_an_exploding_relu_stack(open_page):
    """ReLU, He, scale 10: the residual stream reaches 1e20 and more; the check still agrees."""
    query = {"resid_scale": "10", "resid_width": "64", "resid_depth": "50"}
    at = open_page(STEM, query=query)
    apptools.set_label(at.selectbox(key="resid_act"), lookup("en", f"{NS}.act.relu"))
    apptools.set_label(at.selectbox(key="resid_init"), lookup("en", f"{NS}.init.he")).run()
    apptools.assert_healthy(at)
    assert at.info  # the note on residual streams that grow without normalisation
    lines = check_lines(at)
    assert len(lines) == 2 and all(lookup("en", "common.check_pass") in line for line in lines)
