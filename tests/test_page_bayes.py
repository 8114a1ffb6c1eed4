"""AppTests for the Bayes' theorem page: defaults, every control, impossible results, tabs, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, fuzzing) live in ``tests/test_pages.py`` and friends; these tests
check that each control changes what it should, that the numbers shown are
the core's, and that undefined quantities are explained.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from playground import bayes
from playground.app.i18n import lookup
from playground.charts import bayes as chart_builders
from playground.charts import theme
from tests import apptools
from tests.conftest import ENTRY

STEM = NS = "bayes"
assert_clean = apptools.assert_healthy
texts = apptools.page_text
latex = apptools.latex_text
metrics = apptools.metric_values


def metric(at, key: str, lang: str = "en") -> str:
    return metrics(at)[lookup(lang, f"{NS}.{key}")]


def specs(at) -> dict[str, dict]:
    """Chart specs by the chart's title."""
    out = {}
    for spec in apptools.chart_specs(at):
        out[spec["layout"]["title"]["text"]] = spec
    return out


def icon_counts(at) -> list[int]:
    """People per group in the icon array, in the drawing order (FN, TP, FP, TN)."""
    spec = next(s for s in apptools.chart_specs(at) if len(s["data"]) == 4)
    sizes = []
    for trace in spec["data"]:
        x = trace["x"]
        sizes.append(theme._decoded(x).size if isinstance(x, dict) else len(x))
    return sizes


def tab(key: str, lang: str = "en") -> str:
    return lookup(lang, f"{NS}.tabs.{key}")


def test_defaults_show_the_base_rate_effect(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    assert metric(at, "metrics.ppv") == "50%"
    assert metric(at, "metrics.p_pos") == "1.98%"
    assert metric(at, "metrics.npv") == "0.01%"  # 0.0102%, short enough for a projector
    assert len(at.get("plotly_chart")) == 3  # icons, tree, sequential bars (first tab)
    assert icon_counts(at) == [0, 10, 10, 980]
    body = texts(at)
    assert body.count(lookup("en", "common.check_pass")) == 2  # odds form, sequential
    formulas = latex(at)
    assert "0.0099" in formulas and "0.0198" in formulas and "0.0101 \\times 99" in formulas
    assert lookup("en", f"{NS}.chart.seq_title", path="1% → 50% → 99%") in specs(at)
    scratch, snippet = apptools.code_tabs(at)
    assert "prevalence = 0.01" in scratch and "results = [True, True]" in scratch
    assert "bayes.natural_frequencies(prevalence, sensitivity, specificity, 1000)" in snippet


def test_rare_disease_one_sick_person_among_a_thousand(open_page):
    at = open_page(STEM, query={"bayes_prevalence": "0.1"})
    assert_clean(at)
    assert metric(at, "metrics.ppv") == "9.02%"
    assert icon_counts(at) == [0, 1, 10, 989]  # the one sick person is drawn
    title = lookup("en", f"{NS}.chart.icon_title", pos="11", n="1,000", tp="1")
    assert title in specs(at)
    assert "≈ 1/11 ≈ 9.09%" in texts(at)  # the words quote the tree's counts


@pytest.mark.parametrize(
    ("key", "value", "ppv"),
    [
        ("bayes_sensitivity", 80.0, 0.01 * 0.8 / (0.01 * 0.8 + 0.01 * 0.99)),
        ("bayes_specificity", 90.0, 0.01 * 0.99 / (0.01 * 0.99 + 0.1 * 0.99)),
    ],
)
def test_accuracy_sliders_move_the_posterior_and_the_formula(open_page, key, value, ppv):
    at = open_page(STEM)
    before = latex(at)
    at.slider(key=key).set_value(value).run()
    assert_clean(at)
    sens = value / 100 if key == "bayes_sensitivity" else 0.99
    spec = value / 100 if key == "bayes_specificity" else 0.99
    d = bayes.diagnostic_test(0.01, sens, spec)
    assert d.p_disease_given_positive == pytest.approx(ppv)
    assert metric(at, "metrics.ppv") == f"{100 * ppv:.3g}%"
    assert latex(at) != before
    assert f"{value / 100:g}" in latex(at) or f"{1 - value / 100:.4g}" in latex(at)


def test_population_changes_the_tree_and_the_icons(open_page):
    at = open_page(STEM)
    at.select_slider(key="bayes_population").set_value(10_000).run()
    assert_clean(at)
    f = bayes.natural_frequencies(0.01, 0.99, 0.99, 10_000)
    assert icon_counts(at) == [f.false_neg, f.true_pos, f.false_pos, f.true_neg]
    assert sum(icon_counts(at)) == 10_000
    tree = specs(at)[lookup("en", f"{NS}.chart.tree_title", n="10,000")]
    notes = [a["text"] for a in tree["layout"]["annotations"]]
    assert any("<b>9,801</b>" in n for n in notes)


def test_prevalence_slider_spans_decades(open_page):
    at = open_page(STEM)
    options = at.select_slider(key="bayes_prevalence").options
    assert {"0.01", "0.1", "1", "10", "100"} <= set(options)
    for label, expected in (("10", 0.1), ("0.01", 0.0001)):
        apptools.set_label(at.select_slider(key="bayes_prevalence"), label).run()
        assert_clean(at)
        d = bayes.diagnostic_test(expected, 0.99, 0.99)
        assert metric(at, "metrics.ppv") == f"{100 * d.p_disease_given_positive:.3g}%"


def test_a_test_that_is_never_positive_is_explained(open_page):
    at = open_page(STEM, query={"bayes_sensitivity": "0", "bayes_specificity": "100"})
    assert_clean(at)
    assert metric(at, "metrics.ppv") == "—"
    assert metric(at, "metrics.p_pos") == "0%"
    body = texts(at)
    assert lookup("en", f"{NS}.test.fallacy_never") in body
    assert lookup("en", f"{NS}.formula.no_check") in body
    assert "\\text{undefined}" in latex(at)


def test_everyone_sick_and_a_perfect_sensitivity(open_page):
    # P(−) = 0: there is no P(D | −); the page says so with a dash, not nan.
    at = open_page(STEM, query={"bayes_prevalence": "100", "bayes_sensitivity": "100"})
    assert_clean(at)
    assert metric(at, "metrics.ppv") == "100%"
    assert metric(at, "metrics.npv") == "—"


def test_fewer_than_one_expected_positive(open_page):
    at = open_page(
        STEM,
        query={"bayes_prevalence": "0.01", "bayes_specificity": "100", "bayes_population": "100"},
    )
    assert_clean(at)
    assert icon_counts(at) == [0, 0, 0, 100]
    assert lookup("en", f"{NS}.test.fallacy_none", n="100", exact="0.0099", ppv="100%") in texts(at)


@pytest.mark.parametrize(
    ("choices", "path"),
    [
        ({"bayes_test2": "negative"}, [0.01, 0.5, 0.01]),
        ({"bayes_test3": "positive"}, [0.01, 0.5, 0.99, 0.9999]),
        ({"bayes_test1": "negative", "bayes_test2": "not taken"}, None),
    ],
)
def test_update_again(open_page, choices, path):
    at = open_page(STEM, query=choices)
    assert_clean(at)
    seq = next(s for s in apptools.chart_specs(at) if s["layout"].get("barmode") == "overlay")
    post = theme._decoded(seq["data"][1]["y"]).astype(float)
    results = []
    for k in (1, 2, 3):
        picked = choices.get(f"bayes_test{k}", "positive" if k < 3 else "not taken")
        if picked != "not taken":
            results.append(picked == "positive")
    expected = bayes.sequential_update(
        [0.01, 0.99], bayes.test_likelihoods(0.99, 0.99, results)
    ).posteriors[:, 0]
    np.testing.assert_allclose(post, expected, rtol=1e-6)
    if path is not None:
        np.testing.assert_allclose(expected, path, rtol=1e-3)
    assert texts(at).count(lookup("en", "common.check_pass")) == 2


def test_an_impossible_second_result_stops_the_updates(open_page):
    at = open_page(
        STEM,
        query={"bayes_specificity": "100", "bayes_sensitivity": "100", "bayes_test2": "negative"},
    )
    assert_clean(at)
    warning = lookup("en", f"{NS}.update.impossible", k=2)
    assert warning in [w.value for w in at.warning]
    seq = next(s for s in apptools.chart_specs(at) if s["layout"].get("barmode") == "overlay")
    assert theme._decoded(seq["data"][1]["y"]).size == 2  # before, after test 1


def test_coin_tab(open_page):
    at = open_page(STEM, query={"bayes_tab": tab("coin")})
    assert_clean(at)
    assert metric(at, "coin.mle") == "0.7"
    assert metric(at, "coin.map") == "0.6667"
    assert metric(at, "coin.mean") == "0.6429"
    assert len(at.get("plotly_chart")) == 4
    assert texts(at).count(lookup("en", "common.check_pass")) == 2  # odds form, Beta vs SciPy
    at.number_input(key="bayes_heads").set_value(30).run()
    at.number_input(key="bayes_tails").set_value(10).run()
    assert_clean(at)
    r = bayes.beta_binomial(2, 2, 30, 10)
    assert metric(at, "coin.map") == f"{r.mode:.4g}"
    assert "\\mathrm{Beta}(32, 12)" in latex(at)
    apptools.set_label(at.select_slider(key="bayes_a"), "20").run()
    assert_clean(at)
    r = bayes.beta_binomial(20, 2, 30, 10)
    assert metric(at, "coin.mean") == f"{r.mean:.4g}"
    lo, hi = r.interval
    assert f"[{lo:.4g}, {hi:.4g}]" in texts(at)


def test_coin_with_no_flips_and_a_two_peaked_prior(open_page):
    query = {
        "bayes_tab": tab("coin"),
        "bayes_heads": "0",
        "bayes_tails": "0",
        "bayes_a": "0.5",
        "bayes_b": "0.5",
    }
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert metric(at, "coin.mle") == "—" and metric(at, "coin.map") == "—"
    assert metric(at, "coin.mean") == "0.5"
    body = texts(at)
    assert lookup("en", f"{NS}.coin.no_flips") in body
    assert lookup("en", f"{NS}.coin.no_mode") in body
    assert len(at.get("plotly_chart")) == 3  # no flips chart


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({}, "base_rate.needed"),
        ({"bayes_specificity": "100"}, "base_rate.needed_inf"),
        ({"bayes_sensitivity": "50", "bayes_specificity": "50"}, "base_rate.needed_never"),
    ],
)
def test_base_rate_tab(open_page, query, key):
    at = open_page(STEM, query={"bayes_tab": tab("base_rate"), **query})
    assert_clean(at)
    start = lookup("en", f"{NS}.{key}").split("{")[0]
    assert any(c.value.startswith(start) for c in at.caption), [c.value for c in at.caption]
    curve = specs(at)[lookup("en", f"{NS}.chart.curve_title")]
    assert len(curve["data"]) == 5
    if not query:
        assert lookup("en", f"{NS}.base_rate.needed", lr="99", prev90="8.33%") in texts(at)


def test_base_rate_tab_when_never_positive(open_page):
    query = {"bayes_tab": tab("base_rate"), "bayes_sensitivity": "0", "bayes_specificity": "100"}
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert lookup("en", f"{NS}.base_rate.never") in [i.value for i in at.info]


def open_answers(at, count: int = 5):
    """Open the interview corner's answers (they are sent only when open)."""
    for i in range(1, count + 1):
        at.session_state[f"_{NS}_interview_{i}"] = True
    return at.run()


def open_with_answers(lang: str, query: dict, count: int = 5):
    """A page opened with the interview answers already open (a Chinese page cannot be
    rerun by AppTest once it has translated select boxes)."""
    at = AppTest.from_file(ENTRY, default_timeout=30)
    at.query_params.update({"lang": lang, **query})
    for i in range(1, count + 1):
        at.session_state[f"_{NS}_interview_{i}"] = True
    at.switch_page(f"pages/{STEM}.py")
    return at.run()


def test_interview_quotes_the_live_numbers(open_page):
    at = open_answers(open_page(STEM, query={"bayes_prevalence": "0.1"}))
    answers = [m.value for m in at.markdown]
    a2 = next(a for a in answers if a.startswith("Not necessarily"))
    assert "P(D | +) = 9.02%" in a2 and "10 false positives" in a2
    a3 = next(a for a in answers if a.startswith("MLE maximises"))
    assert "MLE = h/n = 0.7" in a3 and "= 0.6667" in a3


def test_chinese_page(open_page):
    at = open_with_answers("zh", {"bayes_tab": tab("coin", "zh")})
    assert_clean(at)
    body = texts(at)
    for term in ("先验", "似然", "后验", "基础比率谬误", "最大后验估计", "岭回归"):
        assert term in body, term
    assert metric(at, "metrics.ppv", "zh") == "50%"
    assert lookup("zh", f"{NS}.chart.icon_title", n="1,000", pos="20", tp="10") in specs(at)


def test_language_switch_keeps_the_view(open_page):
    at = open_page(STEM, query={"bayes_tab": tab("coin"), "bayes_test2": "negative"})
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    assert len(at.get("plotly_chart")) == 4  # still on the coin tab
    at2 = open_page(STEM, lang="zh", query={"bayes_test2": lookup("zh", f"{NS}.update.negative")})
    seq = next(s for s in apptools.chart_specs(at2) if s["layout"].get("barmode") == "overlay")
    np.testing.assert_allclose(theme._decoded(seq["data"][1]["y"]), [0.01, 0.5, 0.01], rtol=1e-5)


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("bayes_prevalence", "0"),
        ("bayes_prevalence", "-1"),
        ("bayes_prevalence", "nan"),
        ("bayes_prevalence", "1e999"),
        ("bayes_prevalence", "abc"),
        ("bayes_sensitivity", "200"),
        ("bayes_sensitivity", "-5"),
        ("bayes_specificity", "nan"),
        ("bayes_population", "7"),
        ("bayes_population", "1e9"),
        ("bayes_test1", "maybe"),
        ("bayes_test3", "<script>"),
        ("bayes_a", "0"),
        ("bayes_b", "1e308"),
        ("bayes_heads", "-3"),
        ("bayes_tails", "1e12"),
        ("bayes_tab", "No such tab"),
        ("bayes_unknown", "1"),
    ],
)
def test_tampered_links_open_a_working_page(open_page, key, raw):
    at = open_page(STEM, query={key: raw})
    assert_clean(at)
    assert len(at.get("plotly_chart")) >= 3
    assert metric(at, "metrics.ppv") == "50%"  # the bad value was replaced by the default


def test_worst_case_settings_rerun_quickly(open_page):
    """Every size at its maximum: 10,000 icons, 10,000 + 10,000 flips, a = b = 100.
    Timed loosely (shared CI machines); the measured numbers are in the report."""
    query = {
        "bayes_population": "10000",
        "bayes_prevalence": "0.0315",
        "bayes_heads": "10000",
        "bayes_tails": "10000",
        "bayes_a": "100",
        "bayes_b": "100",
        "bayes_test3": "positive",
    }
    for name in ("update", "coin", "base_rate"):
        at = open_page(STEM, query={**query, "bayes_tab": tab(name)})
        at.slider(key="bayes_sensitivity").set_value(98.9)  # a rerun that recomputes
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert_clean(at)
        assert elapsed < 5.0, (name, elapsed)
        payload = sum(len(c.proto.spec) for c in at.get("plotly_chart"))
        assert payload < 500 * 1024, (name, payload)
        assert sum(icon_counts(at)) == 10_000


def test_icon_array_population_cap_matches_the_widget(open_page):
    at = open_page(STEM)
    largest = max(int(o) for o in at.select_slider(key="bayes_population").options)
    assert largest <= chart_builders.MAX_ICONS


def test_coin_whose_posterior_peaks_at_an_end(open_page):
    query = {"bayes_tab": tab("coin"), "bayes_a": "0.5", "bayes_b": "0.5", "bayes_tails": "0"}
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert metric(at, "coin.map") == "1" and metric(at, "coin.mle") == "1"
    caption = lookup("en", f"{NS}.coin.mode_edge", v="1", alpha="7.5", beta="0.5")
    assert caption in [c.value for c in at.caption]
