"""AppTests for the CRF sequence-labelling page: defaults, every control, typed input, tabs, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, fuzzing) live in ``tests/test_pages.py`` and friends; these tests
check that each control changes what it should, against the core's numbers.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from playground import crf
from playground.app.format import fmt
from playground.app.i18n import lookup
from tests import apptools

STEM = NS = "crf_sequence"
ALICE, ZHANG, OBAMA = "Alice visited Paris", "张三在北京工作", "Barack Obama visited New York"
assert_clean = apptools.assert_healthy
texts = apptools.page_text
latex = apptools.latex_text


def metrics(at, lang: str = "en") -> dict[str, str]:
    values = {m.label: m.value for m in at.metric}
    return {k: values[lookup(lang, f"{NS}.metrics.{k}")] for k in ("log_z", "score", "loss")}


spec_array = apptools.spec_array


def specs_by_title(at) -> dict[str, dict]:
    return {s["layout"]["title"]["text"]: s for s in apptools.chart_specs(at)}


def expected(sentence=ALICE, w=1.0, penalty=1e4, gold=None, emissions=None) -> crf.Analysis:
    ex = crf.EXAMPLES[sentence]
    a, s = crf.bio_constraints(crf.TAGS, penalty)
    A = np.round(w * crf.BASE_TRANSITIONS + a, 10)
    start, end = np.round(w * crf.BASE_START + s, 10), np.round(w * crf.BASE_END, 10)
    E = ex.emissions if emissions is None else emissions
    y = ex.gold_index if gold is None else gold
    return crf.analyse(E, A, y, start=start, end=end)


def assert_numbers(at, r: crf.Analysis, lang: str = "en") -> None:
    assert metrics(at, lang) == {
        "log_z": fmt(r.log_z, 4),
        "score": fmt(r.gold_score, 4),
        "loss": fmt(r.loss, 4),
    }


def tab_label(tab: str, lang: str = "en") -> str:
    return lookup(lang, f"{NS}.tabs.{tab}")


def test_defaults_show_the_crf_repairing_an_invalid_start(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    assert at.selectbox(key="crf_sentence").value == ALICE
    r = expected()
    assert_numbers(at, r)
    assert lookup("en", "common.check_pass") in texts(at)  # forward == brute force
    specs = apptools.chart_specs(at)
    assert len(specs) == 4  # lattice, waterfall, forward table, brute force (first tab)
    lattice = specs[0]
    np.testing.assert_allclose(
        spec_array(lattice["data"][0]["z"]), r.marginals.T, rtol=1e-6, atol=1e-6
    )
    forward = next(s for s in specs if s.get("frames"))
    assert len(forward["frames"]) == 3
    steps = forward["layout"]["sliders"][0]["steps"]
    assert [s["args"][0][0] for s in steps] == [f["name"] for f in forward["frames"]]
    body = latex(at)
    assert fmt(r.log_z, 5) in body and fmt(r.gold_score, 5) in body
    scratch, snippet = apptools.code_tabs(at)
    assert "gold = [1, 0, 3]" in scratch and "E = [[0.2, 1.2, 1.4, -0.6, -1.0]" in scratch
    assert "-10000.8" in scratch  # start score of I-PER: learned -0.8 plus the penalty
    assert "crf.nll(E, A, gold" in snippet


def test_chinese_opens_on_the_chinese_sentence(open_page):
    at = open_page(STEM, lang="zh")
    assert_clean(at)
    assert at.selectbox(key="crf_sentence").value == ZHANG
    assert_numbers(at, expected(ZHANG), "zh")
    body = texts(at)
    assert "条件随机场" in body and "维特比" in body and "前向算法" in body
    assert lookup("zh", "common.interview_corner") in body
    lattice = apptools.chart_specs(at)[0]
    assert lattice["layout"]["xaxis"]["ticktext"] == list("张三在北京工作")
    assert lattice["layout"]["title"]["text"] == lookup("zh", f"{NS}.chart.lattice_title")


def test_choosing_a_sentence_brings_its_tags_and_scores(open_page):
    at = open_page(STEM)
    at.selectbox(key="crf_sentence").set_value(OBAMA).run()
    assert_clean(at)
    assert at.text_input(key="crf_gold").value == "B-PER I-PER O B-LOC I-LOC"
    assert at.text_area(key="crf_emissions").value.count("\n") == 4
    assert_numbers(at, expected(OBAMA))
    assert not at.error


def test_transition_controls_move_the_loss(open_page):
    at = open_page(STEM)
    default = metrics(at)
    at.slider(key="crf_weight").set_value(2.5).run()
    assert_clean(at)
    assert_numbers(at, expected(w=2.5))
    assert metrics(at) != default
    at.select_slider(key="crf_penalty").set_value(1.0).run()
    assert_numbers(at, expected(w=2.5, penalty=1.0))
    at.toggle(key="crf_bio").set_value(False).run()
    assert_clean(at)
    assert at.select_slider(key="crf_penalty").disabled
    assert_numbers(at, expected(w=2.5, penalty=0.0))


def test_no_transitions_make_the_crf_a_per_token_softmax(open_page):
    query = {"crf_weight": "0", "crf_bio": "false", "crf_tab": tab_label("softmax")}
    at = open_page(STEM, query=query)
    assert_clean(at)
    r = expected(w=0.0, penalty=0.0)
    assert_numbers(at, r)
    assert r.loss == pytest.approx(r.token_loss, rel=1e-12)
    body = texts(at)
    # Both decoders now put I-PER first, and the page says the CRF broke the rule too.
    assert lookup("en", f"{NS}.softmax.crf_invalid", best="`I-PER O B-LOC`") in body
    assert lookup("en", "common.check_pass") in body  # CRF loss == per-token cross-entropy


def test_typed_gold_path_that_breaks_the_rule_costs_the_penalty(open_page):
    at = open_page(STEM)
    at.text_input(key="crf_gold").input("O I-PER O").run()
    assert_clean(at)
    assert not at.error
    r = expected(gold=np.array([0, 2, 0]))
    assert_numbers(at, r)
    assert r.loss > 9_000  # O -> I-PER costs 10,000


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("B-PER O", "tags_count", {"n": 2, "t": 3}),
        ("B-PER X O", "tags_unknown", {"token": "X"}),
        ("__import__('os') O O", "tags_unknown", {"token": "__import__('os')"}),
    ],
)
def test_bad_gold_tags_are_explained_and_ignored(open_page, lang, text, code, params):
    at = open_page(STEM, lang=lang, query={"crf_sentence": ALICE})
    at.text_input(key="crf_gold").input(text).run()
    assert_clean(at)
    assert [e.value for e in at.error] == [lookup(lang, f"{NS}.gold.errors.{code}", **params)]
    assert_numbers(at, expected(), lang)  # the example's gold path is used meanwhile


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("1 2 3 4 5", lookup("en", f"{NS}.emissions.rows", n=1, t=3)),
        ("1 2 3 4 5\n1 2 3 4\n1 2 3 4 5", lookup("en", f"{NS}.emissions.line", line=2)),
        ("1 2 3 4 5\n1 2 3 4 5\nnan 2 3 4 5", lookup("en", f"{NS}.emissions.line", line=3)),
    ],
)
def test_bad_emission_tables_are_explained_and_ignored(open_page, text, start):
    at = open_page(STEM)
    at.text_area(key="crf_emissions").input(text).run()
    assert_clean(at)
    assert len(at.error) == 1 and at.error[0].value.startswith(start)
    assert_numbers(at, expected())


def test_typed_emissions_of_ten_thousand_stay_finite(open_page):
    table = "10000, -10000, 0, 0, 0\n0, 10000, -10000, 0, 0\n-10000, 0, 0, 10000, 0"
    at = open_page(STEM)
    at.text_area(key="crf_emissions").input(table).run()
    assert_clean(at)
    assert not at.error
    r = expected(emissions=crf.parse_emissions(table, 3, 5))
    assert_numbers(at, r)
    assert lookup("en", "common.check_pass") in texts(at)


@pytest.mark.parametrize("tab", ["brute", "softmax", "gradient", "viterbi"])
def test_each_tab_draws_its_view(open_page, tab):
    at = open_page(STEM, query={"crf_sentence": OBAMA, "crf_tab": tab_label(tab)})
    assert_clean(at)
    specs = specs_by_title(at)
    r = expected(OBAMA)
    if tab == "brute":
        title = lookup("en", f"{NS}.chart.paths_title", n=40, total="3,125")
        dots = specs[title]["data"][0]
        assert len(spec_array(dots["y"])) == 40
        assert fmt(r.log_z, 10) in texts(at)
    elif tab == "softmax":
        assert lookup("en", f"{NS}.chart.decoding_title") in specs
        assert at.warning and "York (I-PER)" in at.warning[0].value
    elif tab == "gradient":
        grad = specs[lookup("en", f"{NS}.chart.grad_e_title")]["data"][0]
        np.testing.assert_allclose(spec_array(grad["z"]), r.grad.emissions.T, atol=1e-6)
        assert texts(at).count(lookup("en", "common.check_pass")) == 2  # log Z and gradient
    else:
        viterbi = specs[lookup("en", f"{NS}.chart.viterbi_title")]
        assert len(viterbi["frames"]) == 5
        assert fmt(r.best_score, 5) in texts(at)


def test_deep_link_reopens_the_view(open_page):
    query = {
        "crf_sentence": OBAMA,
        "crf_gold": "B-PER I-PER O B-LOC B-LOC",
        "crf_weight": "0.4",
        "crf_penalty": "10",
        "crf_tab": tab_label("gradient"),
    }
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert at.selectbox(key="crf_sentence").value == OBAMA
    assert_numbers(at, expected(OBAMA, w=0.4, penalty=10.0, gold=np.array([1, 2, 0, 3, 3])))


def test_language_switch_keeps_the_view(open_page):
    at = open_page(STEM, query={"crf_sentence": OBAMA, "crf_weight": "2"})
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.selectbox(key="crf_sentence").value == OBAMA
    assert_numbers(at, expected(OBAMA, w=2.0), "zh")


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("crf_sentence", "Nobody went anywhere"),
        ("crf_sentence", "x" * 3000),
        ("crf_gold", "nan"),
        ("crf_gold", "O " * 500),
        ("crf_emissions", "inf"),
        ("crf_emissions", "1e309, 1, 1, 1, 1\n1 1 1 1 1\n1 1 1 1 1"),
        ("crf_weight", "nan"),
        ("crf_weight", "1e9"),
        ("crf_penalty", "-1"),
        ("crf_penalty", "inf"),
        ("crf_bio", "maybe"),
        ("crf_tab", "No such tab"),
        ("crf_unknown", "1"),
    ],
)
def test_tampered_links_open_a_working_page(open_page, key, raw):
    at = open_page(STEM, query={key: raw})
    assert_clean(at)
    assert len(apptools.chart_specs(at)) >= 4


def test_worst_case_settings_rerun_quickly(open_page):
    """The longest sentence (7 tokens, 78,125 paths), every tab in turn. Timed loosely
    (shared CI machines); the measured numbers are in the final report."""
    for tab in ("brute", "softmax", "gradient", "viterbi"):
        at = open_page(STEM, query={"crf_sentence": ZHANG, "crf_tab": tab_label(tab)})
        at.slider(key="crf_weight").set_value(3.0)  # a rerun that recomputes everything
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        assert_clean(at)
        assert elapsed < 5.0, (tab, elapsed)
        payload = sum(len(c.proto.spec) for c in at.get("plotly_chart"))
        assert payload < 300 * 1024, (tab, payload)
