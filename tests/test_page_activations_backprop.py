"""AppTests for the activations & backpropagation page: defaults, each control, links, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, fuzzing) live in ``tests/test_pages.py`` and
``tests/test_fuzz_pages.py``; these tests check that each control changes what
it should, with the values compared against the tested core.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground import backprop as bp
from playground.app.format import fmt, tex
from playground.app.i18n import lookup
from tests import apptools

STEM = NS = "activations_backprop"
assert_clean = apptools.assert_healthy
metrics = apptools.metric_values
latex = apptools.latex_text
texts = apptools.page_text


values = apptools.spec_array


def default_core(**changes):
    cfg = dict(x=[1.0, 0.5], t=[1.0, 0.0], sizes=[2, 3, 2], activation="sigmoid",
               output="sigmoid", loss="mse", init="xavier", seed=0, relu0=0.0)  # fmt: skip
    cfg.update(changes)
    ws, bs = bp.init_mlp(cfg["sizes"], init=cfg["init"], seed=cfg["seed"], decimals=2)
    t, _ = bp.fit_target(cfg["t"], cfg["output"], cfg["loss"])
    run = bp.backprop(
        cfg["x"], t, ws, bs, activation=cfg["activation"], output=cfg["output"],
        loss=cfg["loss"], relu_at_zero=cfg["relu0"],
    )  # fmt: skip
    return run, ws, bs


def loss_metric(at, lang="en") -> str:
    return metrics(at)[lookup(lang, f"{NS}.metrics.loss")]


def test_defaults(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    run, ws, _ = default_core()
    assert loss_metric(at) == fmt(run.loss, 4)
    assert lookup("en", "common.check_pass") in texts(at)  # backprop agrees with finite differences
    body = latex(at)
    assert r"_{3\times 2}" in body and tex(run.dW[1][0, 0], 3) in body
    assert len(at.get("plotly_chart")) == 4  # gallery, network, depth profile, ratio heatmap
    scratch, snippet = apptools.code_tabs(at)
    assert "Ws = [[[0.08, -0.08], [0.41, 0.07], [-0.34, 0.23]]" in scratch
    assert "bp.backprop(x, y, weights, biases" in snippet


def test_network_chart_is_an_animation_with_the_core_numbers(open_page):
    at = open_page(STEM)
    network = apptools.chart_specs(at)[1]
    frames = network["frames"]
    assert [f["name"] for f in frames] == ["x", "f1", "f2", "loss", "b2", "b1", "grad"]
    slider = network["layout"]["sliders"][0]
    assert len(slider["steps"]) == len(frames) and slider["active"] == len(frames) - 1
    assert network["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
    run, _, _ = default_core()
    last = [a.get("text", "") for a in frames[-1]["layout"]["annotations"]]
    assert any(f"δ = {fmt(run.delta[1][0, 0], 3)}" in text for text in last)
    assert any(f"L = {fmt(run.loss, 4)}" in text for text in last)


@pytest.mark.parametrize(
    ("key", "value", "changes"),
    [
        ("act_h1", 2, dict(sizes=[2, 2, 2])),
        ("act_h1", 0, dict(sizes=[2, 2])),
        ("act_h2", 4, dict(sizes=[2, 3, 4, 2])),
        ("act_fn", "ReLU", dict(activation="relu")),
        ("act_fn", "tanh", dict(activation="tanh")),
    ],
)
def test_network_controls_change_the_numbers(open_page, key, value, changes):
    at = open_page(STEM)
    before = latex(at)
    at.select_slider(key=key).set_value(value) if key != "act_fn" else at.selectbox(
        key=key
    ).set_value(value)
    at.run()
    assert_clean(at)
    run, _, _ = default_core(**changes)
    assert loss_metric(at) == fmt(run.loss, 4)
    assert latex(at) != before
    assert lookup("en", "common.check_pass") in texts(at)


@pytest.mark.parametrize(
    ("head", "output", "loss"),
    [("linear_mse", "linear", "mse"), ("softmax_ce", "softmax", "ce"),
     ("sigmoid_ce", "sigmoid", "ce"), ("softmax_mse", "softmax", "mse")],
)  # fmt: skip
def test_output_and_loss(open_page, head, output, loss):
    at = open_page(STEM)
    apptools.set_label(at.selectbox(key="act_head"), lookup("en", f"{NS}.heads.{head}")).run()
    assert_clean(at)
    run, _, _ = default_core(output=output, loss=loss)
    assert loss_metric(at) == fmt(run.loss, 4)
    body = latex(at)
    if loss == "ce" or output == "linear":
        assert r"&= o - t" in body
    if output == "softmax":
        assert r"\operatorname{softmax}(z_{2})" in body


def test_typed_inputs_targets_and_seed(open_page):
    at = open_page(STEM)
    at.text_input(key="act_x").input("0.3, -2, 1").run()
    at.text_input(key="act_t").input("2, 0, 2").run()
    at.number_input(key="act_seed").set_value(5).run()
    assert_clean(at)
    run, _, _ = default_core(x=[0.3, -2.0, 1.0], t=[2.0, 0.0, 2.0], sizes=[3, 3, 3], seed=5)
    assert loss_metric(at) == fmt(run.loss, 4)
    assert r"_{3\times 3}" in latex(at)
    # softmax + cross-entropy needs probabilities: the target is divided by its sum
    apptools.set_label(at.selectbox(key="act_head"), lookup("en", f"{NS}.heads.softmax_ce")).run()
    assert_clean(at)
    assert lookup("en", f"{NS}.net.target_normalised", t="0.5, 0, 0.5") in texts(at)
    run, _, _ = default_core(
        x=[0.3, -2.0, 1.0], t=[0.5, 0.0, 0.5], sizes=[3, 3, 3], seed=5, output="softmax", loss="ce"
    )
    assert loss_metric(at) == fmt(run.loss, 4)


def test_typed_weights_override_the_seeded_ones_and_reach_the_kink(open_page):
    at = open_page(STEM, query={"act_h1": "1", "act_fn": "ReLU"})
    at.text_input(key="act_w1").input("1, -2").run()  # z = 1·1 − 2·0.5 = 0: ReLU's kink
    assert_clean(at)
    kink = lookup("en", f"{NS}.formula.kink", v="0")
    assert kink in texts(at)
    assert lookup("en", "common.check_fail") in texts(at)  # the convention is not the average
    at.slider(key="act_relu0").set_value(0.5).run()
    assert_clean(at)
    assert lookup("en", "common.check_pass") in texts(at)  # ½ is what finite differences see
    assert r"\begin{bmatrix}1 & -2\end{bmatrix}" in latex(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("key", "text"),
    [("act_x", "1"), ("act_x", "nan, 1"), ("act_t", "1,,2"), ("act_t", "__import__('os')"),
     ("act_w1", "1, 2"), ("act_w1", "1e9, 1, 1, 1, 1, 1"), ("act_b2", "x" * 700)],
)  # fmt: skip
def test_hostile_input_is_explained_and_the_page_keeps_working(open_page, lang, key, text):
    at = open_page(STEM, lang=lang, query={key: text})
    assert_clean(at)
    assert len(at.error) == 1
    assert len(at.get("plotly_chart")) == 4
    run, _, _ = default_core()
    assert loss_metric(at, lang) == fmt(run.loss, 4)  # the last valid (default) values are used


def test_gallery_controls(open_page):
    at = open_page(STEM)
    gallery = apptools.chart_specs(at)[0]
    names = [t["name"] for t in gallery["data"] if t.get("showlegend", True) and "name" in t]
    assert names[:3] == ["sigmoid", "tanh", "ReLU"]
    at.pills(key="act_show").set_value(["GELU", "SiLU"]).run()
    assert_clean(at)
    gallery = apptools.chart_specs(at)[0]
    names = [t["name"] for t in gallery["data"] if t.get("showlegend", True) and "name" in t]
    assert names == ["GELU", "SiLU"]
    peaks = [t["text"][0] for t in gallery["data"] if t.get("mode") == "markers+text"]
    assert peaks == [lookup("en", f"{NS}.chart.peak", d="1.13"),
                     lookup("en", f"{NS}.chart.peak", d="1.1")]  # fmt: skip
    depth = apptools.chart_specs(at)[2]
    assert [t["name"] for t in depth["data"][::2]] == ["GELU", "SiLU"]
    at.pills(key="act_show").set_value([]).run()
    assert_clean(at)
    assert at.info and at.info[0].value == lookup("en", f"{NS}.gallery.none")
    at.pills(key="act_show").set_value(["ReLU"]).run()
    at.slider(key="act_relu0").set_value(0.75).run()
    assert_clean(at)
    dots = [t for t in apptools.chart_specs(at)[0]["data"] if t.get("mode") == "markers"]
    assert values(dots[0]["x"]).tolist() == [0.0] and values(dots[0]["y"]).tolist() == [0.75]


def test_vanishing_controls(open_page):
    at = open_page(STEM)
    ratio = apptools.chart_specs(at)[3]
    assert ratio["data"][0]["y"] == ["sigmoid", "tanh", "ReLU"]
    texts_before = ratio["data"][0]["text"]
    want = bp.gradient_norms_through_depth(
        depth=20, width=64, activation="sigmoid", init="xavier", scale=1.0, seed=0, batch=32
    )
    from playground.charts.activations_backprop import _power

    assert texts_before[0][1] == _power(np.log10(want.ratio))
    lines = apptools.chart_specs(at)[2]["data"]
    np.testing.assert_allclose(values(lines[0]["y"]), want.norms, rtol=1e-6)
    at.slider(key="act_depth").set_value(30).run()
    assert_clean(at)
    lines = apptools.chart_specs(at)[2]["data"]
    assert values(lines[0]["x"]).tolist() == list(range(1, 31))
    assert apptools.chart_specs(at)[3]["data"][0]["text"] != texts_before
    apptools.set_label(at.selectbox(key="act_vinit"), lookup("en", f"{NS}.inits.he")).run()
    assert_clean(at)
    assert lookup("en", f"{NS}.inits.he") in apptools.chart_specs(at)[2]["layout"]["title"]["text"]
    at.select_slider(key="act_scale").set_value(10.0).run()  # explodes: values beyond float32
    assert_clean(at)
    at.select_slider(key="act_width").set_value(16).run()
    assert_clean(at)


def test_tabs(open_page):
    table = lookup("en", f"{NS}.tabs.table")
    at = open_page(STEM, query={"act_tab": table})
    assert_clean(at)
    frame = at.dataframe[0].value
    assert len(frame) == 3 * 2 + 3 + 2 * 3 + 2  # every weight and bias of the 2-3-2 network
    zero = lookup("en", f"{NS}.tabs.zero")
    at = open_page(STEM, query={"act_tab": zero, "act_fn": "ReLU", "act_seed": "4"})
    assert_clean(at)
    assert len(at.get("plotly_chart")) == 5  # + the zig-zag paths
    run, _, _ = default_core(activation="relu", seed=4)
    dead = bp.inactive_units(run.z[:-1], "relu")
    shown = [m.value for m in at.markdown if m.value.startswith("Hidden layer")]
    assert len(shown) == len(dead) == 2


def test_deep_link_and_chinese(open_page):
    query = {"act_x": "1, 2, 3", "act_t": "0, 1", "act_h1": "2", "act_h2": "2", "act_seed": "4",
             "act_fn": "tanh", "act_depth": "10", "lang": "zh"}  # fmt: skip
    at = open_page(STEM, lang="zh", query=query)
    assert_clean(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    run, _, _ = default_core(x=[1.0, 2.0, 3.0], t=[0.0, 1.0], sizes=[3, 2, 2, 2], seed=4,
                             activation="tanh")  # fmt: skip
    assert loss_metric(at, "zh") == fmt(run.loss, 4)
    network = apptools.chart_specs(at)[1]
    headers = [a["text"] for a in network["layout"]["annotations"][:5]]
    assert headers[0] == lookup("zh", f"{NS}.net.col_input")
    assert network["layout"]["title"]["text"] == lookup("zh", f"{NS}.chart.step_grad")
    scratch = apptools.code_tabs(at)[0]
    assert "# 一个输入样本" in scratch


def test_presenter_mode_renders(open_page):
    at = open_page(STEM, query={"present": "1"})
    assert_clean(at)
    network = apptools.chart_specs(at)[1]
    assert network["layout"]["font"]["size"] > 13
