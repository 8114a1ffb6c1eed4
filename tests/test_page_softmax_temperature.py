"""AppTests for the softmax & temperature page: defaults, every control, hostile input, tabs, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links) live in ``tests/test_pages.py``; these tests check that each
control changes what it should and that bad input is explained.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from playground import softmax as sm
from playground.app.i18n import lookup
from tests import apptools

STEM = "softmax_temperature"
NS = STEM
DEFAULT = np.array([3.0, 1.5, 1.0, 0.2, -1.0])


texts = apptools.page_text


def latex(at) -> str:
    return apptools.latex_text(at, display_markdown=True)


metrics = apptools.metric_values


def charts(at) -> list:
    return at.get("plotly_chart")


def spec(at, index: int) -> dict:
    return json.loads(charts(at)[index].proto.spec)


assert_clean = apptools.assert_healthy


def set_temperature(at, value: float):
    at.select_slider(key="softmax_temperature").set_value(value)
    return at.run()


def test_defaults_show_the_effect(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    assert len(charts(at)) == 5  # bars, entropy, gradient, histogram, law of large numbers
    p = sm.softmax(DEFAULT, 2.0)
    values = metrics(at)
    assert values[lookup("en", f"{NS}.metrics.top", name="class 0")] == f"{100 * p[0]:.1f}%"
    assert values[lookup("en", f"{NS}.metrics.loss")] == f"{sm.cross_entropy(DEFAULT, 0, 2.0):.4g}"
    body = texts(at)
    assert lookup("en", "common.check_pass") in body  # the finite-difference check agrees
    scratch, snippet = apptools.code_tabs(at)
    assert "np.array([3.0, 1.5, 1.0, 0.2, -1.0])" in snippet
    assert "z = [3.0, 1.5, 1.0, 0.2, -1.0]" in scratch and "T = 2.0" in scratch
    assert "0.45" in latex(at) and "2.222" in latex(at)
    # Default tab: naive vs stable, which agree for these small logits.
    assert at.success and at.success[0].value.startswith(lookup("en", f"{NS}.naive.ok")[:20])


def test_temperature_moves_everything(open_page):
    at = open_page(STEM)
    before = metrics(at)
    set_temperature(at, 0.01)
    assert_clean(at)
    cold = metrics(at)
    assert cold[lookup("en", f"{NS}.metrics.top", name="class 0")] == "100.0%"
    assert cold != before
    set_temperature(at, 100.0)
    assert_clean(at)
    hot = metrics(at)
    top = hot[lookup("en", f"{NS}.metrics.top", name="class 0")]
    assert top == f"{100 * sm.softmax(DEFAULT, 100.0)[0]:.1f}%"  # about uniform: 20.x%
    assert float(hot[lookup("en", f"{NS}.metrics.entropy")]) == pytest.approx(np.log(5), abs=1e-3)
    assert "T = 100" in spec(at, 0)["layout"]["title"]["text"]


def test_typed_logits_and_big_values(open_page):
    at = open_page(STEM, query={"softmax_temperature": "1"})
    at.text_input(key="softmax_logits").input("1000, 999, -1000").run()
    assert_clean(at)
    assert not at.error
    assert metrics(at)[lookup("en", f"{NS}.metrics.top", name="class 0")] == "73.1%"
    # The naive form (default tab) overflows: explained in words, table shows ∞ and "undefined".
    warning = next(w.value for w in at.warning)
    assert warning.startswith("Overflow") and "∞/∞" in warning
    body = texts(at)
    assert "undefined (∞/∞)" in body and "∞" in body


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("7", "too_few"),
        ("abc, 1", "not_a_number"),
        ("nan, 1", "not_finite"),
        ("1e309, 2", "not_finite"),
        ("1,,2", "empty_item"),
        ("__import__('os')", "not_a_number"),
        (", ".join(["1"] * 21), "too_many"),
        ("1e7, 0", "too_large"),
        ("9" * 300, "too_large"),
        ("1 " * 1500, "too_many"),
    ],
    ids=lambda v: v[:12] if isinstance(v, str) else v,
)
def test_hostile_logits_are_explained_and_the_page_keeps_working(open_page, lang, text, code):
    at = open_page(STEM, lang=lang, query={"softmax_logits": text})
    assert_clean(at)
    messages = [e.value for e in at.error]
    assert len(messages) == 1
    prefix = lookup(lang, f"errors.{code}").split("{")[0][:6]
    assert messages[0].startswith(prefix), (messages, prefix)
    assert len(charts(at)) == 5  # the rest of the page works on the default logits
    fallback = lookup(lang, f"{NS}.logits.fallback", values="3, 1.5, 1, 0.2, -1")
    assert fallback in texts(at)


def test_bad_input_keeps_the_last_valid_logits(open_page):
    at = open_page(STEM)
    at.text_input(key="softmax_logits").input("4, 0").run()
    at.text_input(key="softmax_logits").input("4, 0,, 1").run()
    assert_clean(at)
    assert at.error
    assert lookup("en", f"{NS}.logits.fallback", values="4, 0") in texts(at)
    assert len(at.selectbox(key="softmax_label").options) == 2


def test_true_class_is_clamped_when_logits_shrink(open_page):
    at = open_page(STEM)
    at.selectbox(key="softmax_label").set_value(4).run()
    assert at.selectbox(key="softmax_label").value == 4
    at.text_input(key="softmax_logits").input("1, 2, 3").run()
    assert_clean(at)
    assert at.selectbox(key="softmax_label").value == 2
    assert list(at.selectbox(key="softmax_label").options) == ["0", "1", "2"]


@pytest.mark.parametrize("raw", ["99", "-1", "abc", "2.5", "1e9"])
def test_out_of_range_true_class_link_opens_with_defaults(open_page, raw):
    at = open_page(STEM, query={"softmax_label": raw})
    assert_clean(at)
    assert at.selectbox(key="softmax_label").value == 0


def test_true_class_changes_loss_and_gradient(open_page):
    at = open_page(STEM)
    at.selectbox(key="softmax_label").set_value(3).run()
    assert_clean(at)
    loss = sm.cross_entropy(DEFAULT, 3, 2.0)
    assert metrics(at)[lookup("en", f"{NS}.metrics.loss")] == f"{loss:.4g}"
    assert "p_{3}" in latex(at)
    assert spec(at, 0)["layout"]["xaxis"]["ticktext"][3] == "<b>class 3</b>"


def test_class_names(open_page):
    at = open_page(STEM, query={"softmax_label": "1"})
    at.text_input(key="softmax_names").input("cat, dog, fox, owl, bee").run()
    assert_clean(at)
    assert "“dog”" in texts(at)
    assert spec(at, 0)["layout"]["xaxis"]["ticktext"][:2] == ["cat", "<b>dog</b>"]
    at.text_input(key="softmax_names").input("cat, dog").run()
    assert lookup("en", f"{NS}.names.count", names=2, k=5) in texts(at)
    assert "“class 4”" not in texts(at)
    for bad, code in [
        ("<img src=x>", "names_bad_char"),
        ("nan, b", "names_reserved"),
        ("a, a", "names_duplicate"),
    ]:
        at.text_input(key="softmax_names").input(bad).run()
        assert_clean(at)
        errors = [e.value for e in at.error]
        assert errors and errors[0].startswith(
            lookup("en", f"{NS}.names.errors.{code}").split("{")[0]
        )
        assert "<img" not in json.dumps(spec(at, 0))


def test_sampling_controls(open_page):
    at = open_page(STEM)
    first = lookup("en", f"{NS}.sampling.first", draws="")

    def draws_line():
        return next(c.value for c in at.caption if c.value.startswith(first))

    seed0 = draws_line()
    at.number_input(key="softmax_seed").set_value(1).run()
    assert draws_line() != seed0
    at.number_input(key="softmax_seed").set_value(0).run()
    assert draws_line() == seed0  # same seed, same draws
    at.select_slider(key="softmax_n").set_value(100_000).run()
    assert_clean(at)
    assert spec(at, 3)["layout"]["title"]["text"].startswith("100,000 draws")
    d = sm.sample(DEFAULT, 2.0, 100_000, 0)
    names = ", ".join(f"class {i}" for i in d[:15])
    assert draws_line() == lookup("en", f"{NS}.sampling.first", draws=names)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_jacobian_tab(open_page, lang):
    at = open_page(STEM, lang=lang, query={"softmax_tab": lookup(lang, f"{NS}.tabs.jacobian")})
    assert_clean(at)
    assert len(charts(at)) == 6
    assert "J_{00}" in latex(at)
    assert texts(at).count(lookup(lang, "common.check_pass")) == 2  # gradient and Jacobian


def test_sigmoid_tab(open_page):
    at = open_page(STEM, query={"softmax_tab": lookup("en", f"{NS}.tabs.sigmoid")})
    assert_clean(at)
    assert "0.8176" in latex(at)  # sigma(1.5)
    at.slider(key="softmax_sigmoid_z").set_value(-2.0).run()
    assert_clean(at)
    assert "0.1192" in latex(at) and "\\sigma(-2)" in latex(at)


@pytest.mark.parametrize(
    ("temperature", "key"), [("4", "distill.numbers"), ("0.5", "distill.numbers_low")]
)
def test_distillation_tab(open_page, temperature, key):
    at = open_page(
        STEM,
        query={
            "softmax_tab": lookup("en", f"{NS}.tabs.distill"),
            "softmax_temperature": temperature,
        },
    )
    assert_clean(at)
    assert len(charts(at)) == 6
    sentence = lookup("en", f"{NS}.{key}").split("{")[0]
    assert any(m.value.startswith(sentence) for m in at.markdown)
    t = float(temperature)
    raw = sm.distillation_grad_norms(np.zeros(5), DEFAULT, 0, [t])["raw"][0]
    assert f"{raw:.3g}" in texts(at)


def test_distillation_with_a_uniform_teacher(open_page):
    at = open_page(
        STEM, query={"softmax_tab": lookup("en", f"{NS}.tabs.distill"), "softmax_logits": "1, 1, 1"}
    )
    assert_clean(at)
    assert at.info and at.info[0].value == lookup("en", f"{NS}.distill.no_gradient")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"softmax_shift": "true"}, "overflow"),
        (
            {"softmax_logits": "100, 0", "softmax_temperature": "1", "softmax_dtype": "float32"},
            "overflow",
        ),
        ({"softmax_logits": "-1000, -1001", "softmax_temperature": "1"}, "underflow"),
    ],
)
def test_naive_tab_explains_each_failure(open_page, query, status):
    at = open_page(STEM, query=query)
    assert_clean(at)
    start = lookup("en", f"{NS}.naive.{status}").split(":")[0]
    assert any(w.value.startswith(start) for w in at.warning), [w.value for w in at.warning]


def test_language_switch_keeps_the_view(open_page):
    at = open_page(
        STEM,
        query={"softmax_tab": lookup("en", f"{NS}.tabs.jacobian"), "softmax_temperature": "0.5"},
    )
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    assert len(charts(at)) == 6  # the Jacobian tab is still open
    assert "T = 0.5" in spec(at, 0)["layout"]["title"]["text"]
    assert lookup("zh", f"{NS}.temperature.label") in texts(at)


def test_chinese_page(open_page):
    at = open_page(STEM, lang="zh", query={"softmax_names": "猫, 狗, 狐狸, 鸟, 蜂"})
    assert_clean(at)
    body = texts(at)
    assert "温度" in body and "交叉熵" in body
    assert spec(at, 0)["layout"]["xaxis"]["ticktext"][1] == "狗"
    assert lookup("zh", "common.interview_corner") in body


def test_worst_case_settings_rerun_quickly(open_page):
    """All caps at their maximum: 20 logits of size 1e6, T = 0.01, 100,000 draws,
    each tab in turn. Timed loosely (shared CI machines); the measured numbers
    are in the final report."""
    logits = ", ".join(str(v) for v in np.linspace(-1e6, 1e6, 20))
    names = ", ".join(f"name number {i:02d} xx" for i in range(20))
    query = {
        "softmax_logits": logits,
        "softmax_names": names,
        "softmax_temperature": "0.01",
        "softmax_n": "100000",
        "softmax_seed": "999999",
        "softmax_label": "19",
    }
    for tab in ("naive", "jacobian", "sigmoid", "distill"):
        at = open_page(STEM, query={**query, "softmax_tab": lookup("en", f"{NS}.tabs.{tab}")})
        at.select_slider(key="softmax_temperature").set_value(0.0125)  # a rerun that recomputes
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert_clean(at)
        assert not at.error
        assert at.selectbox(key="softmax_label").value == 19
        assert elapsed < 5.0, (tab, elapsed)
        payload = sum(len(c.proto.spec) for c in charts(at))
        assert payload < 500 * 1024, (tab, payload)


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("softmax_temperature", "0"),
        ("softmax_temperature", "-1"),
        ("softmax_temperature", "nan"),
        ("softmax_temperature", "1e999"),
        ("softmax_temperature", "abc"),
        ("softmax_n", "7"),
        ("softmax_n", "1e9"),
        ("softmax_seed", "-3"),
        ("softmax_seed", "1e12"),
        ("softmax_seed", "nan"),
        ("softmax_sigmoid_z", "nan"),
        ("softmax_sigmoid_z", "1e308"),
        ("softmax_dtype", "float16"),
        ("softmax_shift", "maybe"),
        ("softmax_tab", "No such tab"),
        ("softmax_names", "x" * 3000),
        ("softmax_unknown", "1"),
    ],
)
def test_tampered_links_open_a_working_page(open_page, key, raw):
    at = open_page(STEM, query={key: raw})
    assert_clean(at)
    assert len(charts(at)) >= 5
    assert at.select_slider(key="softmax_temperature").value in (2.0, "2")
