"""AppTests for the linear-regression page: defaults, every important control, the step
slider, the tabs, deep links, hostile URLs and Chinese.

The generic checks (no exception, no raw nan, catalog complete, widgets bound, deep
links, fuzzing, payload) live in ``tests/test_pages.py`` and friends; these tests check
that each control changes what it should, with the numbers the core computes.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground import linear_regression as lr
from playground.app.i18n import lookup
from tests import apptools

STEM = NS = "linear_regression"
DEFAULT = dict(n=50, rho=0.9, noise=0.5, seed=0, ridge=0.0, lr=0.4, steps=150, w0=(-2.0, -1.0))
assert_clean = apptools.assert_healthy


def core(**changes):
    p = {**DEFAULT, **changes}
    X, y = lr.make_data(p["n"], correlation=p["rho"], noise=p["noise"], seed=p["seed"])
    path = lr.fit_gd(X, y, lr=p["lr"], steps=p["steps"], ridge=p["ridge"], w0=p["w0"])
    return X, y, path, lr.conditioning(X, ridge=p["ridge"])


metrics = apptools.metric_values


def metric(at, name: str) -> str:
    return metrics(at)[lookup("en", f"{NS}.metrics.{name}")]


latex = apptools.latex_text
texts = apptools.page_text


def charts_by_title(at) -> dict[str, dict]:
    return {s["layout"]["title"]["text"]: s for s in apptools.chart_specs(at)}


decode = apptools.spec_array


def surface_spec(at) -> dict:
    return next(
        s for s in apptools.chart_specs(at) if "frames" in s and "κ" in s["layout"]["title"]["text"]
    )


def test_defaults_show_the_effect(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    X, y, path, cond = core()
    assert metric(at, "kappa") == "19"  # (1 + 0.9)/(1 − 0.9), exactly
    assert metric(at, "limit") == "0.526"
    assert metric(at, "jmin") == f"{path.loss_min:.4g}"
    status = at.success[0].value
    assert status.startswith("**Converged at step") and str(path.converged_at) in status
    assert texts(at).count(lookup("en", "common.check_pass")) >= 3  # gradient, closed form, Newton
    best = path.optimum
    assert f"{best.w[0]:.4g}" in latex(at) and f"{best.w[1]:.4g}" in latex(at)
    scratch, snippet = apptools.code_tabs(at)
    assert "rho = 0.9" in scratch and "w0 = [-2.0, -1.0]" in scratch and "lr = 0.4" in scratch
    assert "linreg.make_data(50, correlation=0.9" in snippet
    assert len(at.get("plotly_chart")) == 3  # the bowl, the fit, the gap (shapes tab: a table)


def test_the_bowl_replays_gradient_descent_in_the_browser(open_page):
    at = open_page(STEM)
    _, _, path, cond = core()
    spec = surface_spec(at)
    frames = spec["frames"]
    assert frames[-1]["name"] == "150" and len(frames) <= 60
    head = frames[-1]["data"][0]
    np.testing.assert_allclose([decode(head["x"])[0], decode(head["y"])[0]], path.w[-1], rtol=1e-6)
    step = frames[10]
    k = int(step["name"])
    np.testing.assert_allclose(decode(step["data"][0]["x"]), path.w[k, :1], rtol=1e-6)
    names = {t.get("name") for t in spec["data"]}
    assert "closed form" in names and "Newton: one step" in names
    star = next(t for t in spec["data"] if t.get("name") == "closed form")
    np.testing.assert_allclose(
        [decode(star["x"])[0], decode(star["y"])[0]], path.optimum.w, rtol=1e-6
    )
    assert spec["layout"]["sliders"][0]["active"] == len(frames) - 1
    fit = charts_by_title(at)["Predictions vs targets"]
    assert len(fit["frames"]) == len(frames)


def test_learning_rate_above_the_limit_diverges(open_page):
    at = open_page(STEM)
    at.select_slider(key="linreg_lr").set_value(0.63).run()
    assert_clean(at)
    _, _, path, _ = core(lr=0.63)
    assert path.diverged
    message = at.error[0].value
    assert message.startswith(f"**Gradient descent diverged at step {path.diverged_at}.**")
    gap = charts_by_title(at)["Distance to the minimum, J − J*"]
    assert any(
        a["text"] == f"diverged: step {path.diverged_at}" for a in gap["layout"]["annotations"]
    )


def test_correlation_one_makes_the_design_singular(open_page):
    at = open_page(STEM)
    at.select_slider(key="linreg_rho").set_value(1.0).run()
    assert_clean(at)
    assert metric(at, "kappa") == "∞"
    assert any(w.value.startswith("**XᵀX is singular**") for w in at.warning)
    assert r"\det(X^\top X)" in latex(at) and "H^{+}" in latex(at)
    X, y, path, _ = core(rho=1.0)
    w_plus = lr.normal_equation(X, y).w
    assert f"{w_plus[0]:.4g}" in latex(at)
    assert texts(at).count(lookup("en", "common.check_pass")) >= 3  # Newton: J at the landing = J*


def test_ridge_shrinks_kappa_and_the_weights(open_page):
    at = open_page(STEM, query={"linreg_ridge": "10"})
    assert_clean(at)
    X, y, path, cond = core(ridge=10.0)
    assert metric(at, "kappa") == f"{cond.bowl_condition:.4g}"
    assert cond.bowl_condition == pytest.approx((50 * 1.9 + 10) / (50 * 0.1 + 10))
    w = lr.normal_equation(X, y, ridge=10.0).w
    assert f"{w[0]:.4g}" in latex(at) and r"+ 10\,I" in latex(at)


def test_each_data_control_changes_the_formula(open_page):
    at = open_page(STEM)
    before = latex(at)
    for key, value in (("linreg_n", 200), ("linreg_noise", 1.5), ("linreg_w1", 3.0)):
        at.slider(key=key).set_value(value).run()
        assert_clean(at)
        now = latex(at)
        assert now != before, key
        before = now
    assert r"\tfrac{1}{200}" in before
    at.number_input(key="linreg_seed").set_value(7).run()
    assert_clean(at)
    assert latex(at) != before


def test_step_slider_moves_the_formulas_only(open_page):
    at = open_page(STEM)
    charts_before = [c.proto.spec for c in at.get("plotly_chart")]
    at.slider(key="linreg_step").set_value(5).run()
    assert_clean(at)
    X, y, path, _ = core()
    gw, gb = lr.gradient(X, y, path.w[5], path.b[5])
    body = latex(at)
    assert "J(w^{(5)}, b^{(5)})" in body and f"{gw[0]:.4g}" in body and f"{gb:.4g}" in body
    assert f"{path.w[6][0]:.4g}" in body  # the update lands on the next recorded step
    assert [c.proto.spec for c in at.get("plotly_chart")] == charts_before


def test_steps_shrink_below_the_chosen_step(open_page):
    at = open_page(STEM, query={"linreg_step": "140"})
    assert at.slider(key="linreg_step").value == 140
    at.slider(key="linreg_steps").set_value(20).run()
    assert_clean(at)
    assert at.slider(key="linreg_step").value == 0


@pytest.mark.parametrize(
    "query",
    [
        {"linreg_step": "99999"},
        {"linreg_step": "-3"},
        {"linreg_lr": "abc"},
        {"linreg_rho": "nan"},
        {"linreg_n": "-5"},
        {"linreg_ridge": "1e309"},
        {"linreg_w1": "inf", "linreg_w2": "<script>"},
        {"linreg_tab": "nope", "linreg_code": "???"},
    ],
    ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()),
)
def test_hostile_urls_keep_the_page_working(open_page, query):
    at = open_page(STEM, query=query)
    assert_clean(at, query)
    assert len(at.get("plotly_chart")) == 3


def test_singular_tab(open_page):
    tab = lookup("en", f"{NS}.tabs.singular")
    at = open_page(STEM, query={"linreg_tab": tab, "linreg_ridge": "10"})
    assert_clean(at)
    titles = charts_by_title(at)
    assert "ρ = 1: a valley of minimisers" in titles
    X, y = lr.make_data(50, correlation=1.0, seed=0)
    w_plus, _, _ = lr.minimisers(X, y)
    ridged = lr.normal_equation(X, y, ridge=10.0).w
    body = texts(at)
    assert f"w⁺ = ({w_plus[0]:.4g}, {w_plus[1]:.4g})" in body
    assert f"({ridged[0]:.4g}, {ridged[1]:.4g})" in body
    kappa = titles["Ridge shrinks the condition number"]
    assert any(t.get("name") == "your λ" for t in kappa["data"])


def test_logistic_tab(open_page):
    tab = lookup("en", f"{NS}.tabs.logistic")
    at = open_page(STEM, query={"linreg_tab": tab})
    assert_clean(at)
    assert "Same labels, two models" in charts_by_title(at)
    X, y = lr.make_data(50, correlation=0.9, seed=0)
    fit = lr.linear_vs_logistic(X[:, 0], (y > np.median(y)).astype(float))
    assert f"σ({fit.logistic[0]:.4g}·x₁" in texts(at)


def test_shapes_tab_lists_the_shapes(open_page):
    at = open_page(STEM, query={"linreg_n": "120"})
    table = next(m.value for m in at.markdown if "| X | 120 × 2 |" in m.value)
    assert "| w | 2 | d |" in table


def test_maximum_settings_stay_small(open_page):
    at = open_page(STEM)
    apptools.set_to_maximum(at).run()
    assert_clean(at)
    for chart in at.get("plotly_chart"):
        assert len(chart.proto.spec) <= 150 * 1024


@pytest.mark.parametrize("lang", ["zh"])
def test_chinese(open_page, lang):
    at = open_page(STEM, lang=lang, query={"linreg_lr": "0.63"})
    assert_clean(at)
    assert at.title[0].value == lookup(lang, f"{NS}.title")
    assert at.error[0].value.startswith("**梯度下降在第")
    titles = [s["layout"]["title"]["text"] for s in apptools.chart_specs(at)]
    assert any(title.startswith("损失函数") for title in titles)
    play = apptools.chart_specs(at)[0]["layout"]["updatemenus"][0]["buttons"][0]["label"]
    assert play == "▶ 播放"
    scratch = apptools.code_tabs(at)[0]
    assert "# 学习率 η" in scratch
