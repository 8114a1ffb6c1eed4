"""AppTests for the Lagrange multipliers & KKT page: defaults, controls, tabs, hostile input, zh.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, fuzzing) live in ``tests/test_pages.py`` and friends; these tests
check that each control changes what it should, that the numbers on screen
are the core's, and that bad input is explained while the page keeps working.
"""

from __future__ import annotations

import time
import urllib.parse

import numpy as np
import pytest

from playground import constrained as kkt
from playground.app.format import fmt
from playground.app.i18n import lookup
from tests import apptools

STEM = NS = "lagrange_kkt"
Q0, C0 = kkt.q_matrix(2.5, 30.0), np.array([2.0, 1.5])
IN0 = {"A_in": np.array([[1.0, 1.0], [1.0, 0.0]]), "b_in": np.array([1.0, 1.8])}
assert_clean = apptools.assert_healthy
texts = apptools.page_text
latex = apptools.latex_text
metrics = apptools.metric_values


def metric(at, key: str, lang: str = "en") -> str:
    return metrics(at)[lookup(lang, f"{NS}.metrics.{key}")]


def specs(at) -> list[dict]:
    return apptools.chart_specs(at)


def title_of(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def chart(at, key: str, lang: str = "en") -> dict:
    """The chart whose title is the catalog's ``chart.<key>`` (formatted titles: by prefix)."""
    wanted = lookup(lang, f"{NS}.chart.{key}").split("{")[0]
    found = [s for s in specs(at) if title_of(s).startswith(wanted)]
    assert found, (key, [title_of(s) for s in specs(at)])
    return found[0]


def tab(name: str, lang: str = "en") -> dict:
    return {"kkt_tab": lookup(lang, f"{NS}.tabs.{name}")}


def passes(at, lang: str = "en") -> int:
    return texts(at).count(lookup(lang, "common.check_pass"))


def table(at, heading: str) -> str:
    """The markdown table printed under a bold heading (by its first header cell)."""
    first = lookup("en", f"{NS}.{heading}")
    return next(m.value for m in at.markdown if m.value.startswith(f"| {first}"))


# --- defaults -------------------------------------------------------------------------------


def test_defaults_show_one_active_and_one_slack_constraint(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert not at.error
    best = kkt.solve_qp(Q0, C0, **IN0)
    assert best.active.tolist() == [True, False]  # the page's default story
    assert metric(at, "f_opt") == fmt(best.f, 4)
    assert metric(at, "f_try") == fmt(kkt.objective([0.0, 0.5], Q0, C0), 4)
    assert metric(at, "active") == "1"
    constraints = table(at, "table.number")
    assert f"μ₁ = {fmt(best.mu[0], 4)}" in constraints and "μ₂ = 0" in constraints
    assert lookup("en", f"{NS}.table.slack") in constraints
    checklist = table(at, "checklist.condition")
    rows = {line.split(" | ")[0].strip("| "): line for line in checklist.splitlines()[2:]}
    assert ":red[✗" in rows[lookup("en", f"{NS}.checklist.stationarity")].split(" | ")[1]
    assert all(":green[✓" in row.split(" | ")[2] for row in rows.values())  # optimum column
    assert fmt(best.mu[0], 4) in latex(at)  # the multiplier in the stationarity line
    assert passes(at) == 2  # multipliers vs finite differences; tangency λ vs finite differences
    titles = [title_of(s) for s in specs(at)]
    assert titles[0] == lookup("en", f"{NS}.chart.kkt_title")
    assert len(titles) == 3  # main, walking point (Tangency tab open), profile


def test_main_chart_carries_the_core_numbers(open_page):
    at = open_page(STEM)
    spec = chart(at, "kkt_title")
    by_name = {trace.get("name"): trace for trace in spec["data"]}
    optimum = by_name[lookup("en", f"{NS}.chart.optimum")]
    best = kkt.solve_qp(Q0, C0, **IN0)
    x = apptools.spec_array(optimum["x"])[0], apptools.spec_array(optimum["y"])[0]
    np.testing.assert_allclose(x, best.x, rtol=1e-6)
    assert by_name["1: x₁ + x₂ ≤ 1"]["line"]["width"] > by_name["2: x₁ ≤ 1.8"]["line"]["width"]
    assert by_name["2: x₁ ≤ 1.8"]["line"]["dash"] == "dash"  # slack


# --- controls -------------------------------------------------------------------------------


def test_objective_controls_move_the_optimum(open_page):
    at = open_page(STEM)
    before = latex(at)
    at.slider(key="kkt_c1").set_value(-1.0).run()
    assert_clean(at)
    Q, c = Q0, np.array([-1.0, 1.5])
    best = kkt.solve_qp(Q, c, **IN0)
    assert metric(at, "f_opt") == fmt(best.f, 4)
    assert latex(at) != before
    apptools.set_label(at.select_slider(key="kkt_kappa"), "10").run()
    at.slider(key="kkt_angle").set_value(90).run()
    assert_clean(at)
    best = kkt.solve_qp(kkt.q_matrix(10.0, 90.0), c, **IN0)
    assert metric(at, "f_opt") == fmt(best.f, 4)


def test_candidate_point_changes_only_its_column(open_page):
    at = open_page(STEM)
    best = kkt.solve_qp(Q0, C0, **IN0)
    at.slider(key="kkt_x1").set_value(3.0).run()
    at.slider(key="kkt_x2").set_value(3.0).run()
    assert_clean(at)
    report = kkt.kkt_report(kkt.candidate([3.0, 3.0], Q0, C0, **IN0), Q0, C0, **IN0)
    assert not report.primal.ok
    checklist = table(at, "checklist.condition")
    primal = next(r for r in checklist.splitlines() if "primal" in r)
    assert f":red[✗ {fmt(report.primal.value, 3)}]" in primal
    assert "(3, 3)" in checklist.splitlines()[0]
    assert metric(at, "f_opt") == fmt(best.f, 4)


def test_switching_constraints(open_page):
    at = open_page(STEM)
    at.segmented_control(key="kkt_mode3").set_value("eq").run()
    assert_clean(at)
    kw = {**IN0, "A_eq": np.array([[1.0, -1.0]]), "b_eq": np.array([0.0])}
    best = kkt.solve_qp(Q0, C0, **kw)
    assert np.allclose(best.x[0], best.x[1])
    assert metric(at, "f_opt") == fmt(best.f, 4)
    assert f"λ₃ = {fmt(best.lam[0], 4)}" in table(at, "table.number")
    assert "\\lambda_3" in latex(at)
    at.segmented_control(key="kkt_mode1").set_value("off").run()
    assert_clean(at)
    assert metric(at, "active").startswith("3") or metric(at, "active") == "2, 3"


def test_moving_a_bound_and_typing_a_normal(open_page):
    at = open_page(STEM)
    at.slider(key="kkt_b2").set_value(0.2).run()
    at.text_input(key="kkt_a1").input("2, -1").run()
    assert_clean(at)
    kw = {"A_in": np.array([[2.0, -1.0], [1.0, 0.0]]), "b_in": np.array([1.0, 0.2])}
    best = kkt.solve_qp(Q0, C0, **kw)
    assert metric(at, "f_opt") == fmt(best.f, 4)
    assert "2x₁ − x₂ ≤ 1" in texts(at)
    assert passes(at) >= 1


def test_infeasible_problem_is_explained(open_page):
    query = {
        "kkt_a1": "1, 0",
        "kkt_b1": "1",
        "kkt_a2": "-1, 0",
        "kkt_b2": "-2",  # x₁ ≤ 1 and x₁ ≥ 2
    }
    for name in ("tangency", "price", "duality", "lens"):
        at = open_page(STEM, query={**query, **tab(name)})
        assert_clean(at)
        assert any(w.value == lookup("en", f"{NS}.main.infeasible") for w in at.warning)
        assert metric(at, "f_opt") == "∞"
        assert lookup("en", f"{NS}.formula.no_optimum") in texts(at)
        if name in ("price", "duality"):
            assert at.info[-1].value == lookup("en", f"{NS}.price.infeasible")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("1", "too_few"),
        ("1, 2, 3", "too_many"),
        ("nan, 1", "not_finite"),
        ("__import__('os')", "not_a_number"),
        ("1e9, 1", "too_large"),
    ],
)
def test_bad_normal_is_explained_and_the_constraint_ignored(open_page, lang, text, code):
    at = open_page(STEM, lang=lang, query={"kkt_a1": text})
    assert_clean(at)
    messages = [e.value for e in at.error]
    assert len(messages) == 1
    assert messages[0].startswith(lookup(lang, f"errors.{code}").split("{")[0][:6])
    assert lookup(lang, f"{NS}.constraint.ignored", i=1) in texts(at)
    best = kkt.solve_qp(Q0, C0, A_in=[[1.0, 0.0]], b_in=[1.8])  # only constraint 2 left
    assert metric(at, "f_opt", lang) == fmt(best.f, 4)
    assert len(specs(at)) == 1  # the main picture; the Tangency tab has no line 1 to walk
    assert lookup(lang, f"{NS}.tangency.no_line", i=1) in [i.value for i in at.info]


def test_zero_normal(open_page):
    at = open_page(STEM, query={"kkt_a2": "0, 0", "kkt_b2": "-1"})
    assert_clean(at)
    assert lookup("en", f"{NS}.constraint.zero", b="-1") in texts(at)
    assert metric(at, "f_opt") == "∞"  # 0 ≤ −1 holds nowhere


# --- tabs -----------------------------------------------------------------------------------


def test_tangency_on_the_circle(open_page):
    label = lookup("en", f"{NS}.tangency.circle")
    at = open_page(STEM, query={"kkt_example": label, "kkt_r": "2", "kkt_circle_a": "3, 4"})
    assert_clean(at)
    res = kkt.circle_problem([3.0, 4.0], 2.0)
    assert res.lam == 1.25
    assert "1.25" in latex(at) and "-10" in latex(at)
    assert passes(at) == 2  # closed form vs SciPy search, and the main check
    spec = chart(at, "tangency_title")
    frames = spec["frames"]
    assert len(frames) == len(spec["layout"]["sliders"][0]["steps"]) >= 48  # every 7.5°
    start = spec["layout"]["sliders"][0]["active"]
    np.testing.assert_allclose(
        [frames[start]["data"][2]["x"][0], frames[start]["data"][2]["y"][0]], res.x, rtol=1e-6
    )
    assert "180.0°" in frames[start]["data"][3]["text"][0]  # ∇f and ∇h antiparallel there


def test_tangency_line_follows_the_chosen_constraint(open_page):
    label = lookup("en", f"{NS}.tangency.line2")
    at = open_page(STEM, query={"kkt_example": label})
    assert_clean(at)
    best = kkt.solve_qp(Q0, C0, A_eq=[[1.0, 0.0]], b_eq=[1.8])
    assert fmt(best.lam[0], 4) in latex(at)
    at = open_page(STEM, query={"kkt_example": label, "kkt_a2": "0, 0"})
    assert_clean(at)
    assert lookup("en", f"{NS}.tangency.no_line", i=2) in [i.value for i in at.info]


def test_price_tab(open_page):
    at = open_page(STEM, query=tab("price"))
    assert_clean(at)
    spec = chart(at, "price_title")
    best = kkt.solve_qp(Q0, C0, **IN0)
    mine = next(t for t in spec["data"] if t["name"] == lookup("en", f"{NS}.chart.your_b"))
    assert apptools.spec_array(mine["y"])[0] == pytest.approx(best.f, rel=1e-6)
    tangent = next(t for t in spec["data"] if t["name"].startswith("tangent"))
    xs, ys = apptools.spec_array(tangent["x"]), apptools.spec_array(tangent["y"])
    assert (ys[1] - ys[0]) / (xs[1] - xs[0]) == pytest.approx(-best.mu[0], rel=1e-5)
    assert passes(at) == 2
    at.segmented_control(key="kkt_price").set_value("3").run()
    assert_clean(at)
    assert at.info[-1].value == lookup("en", f"{NS}.price.off", i=3)


def test_duality_tab(open_page):
    at = open_page(STEM, query=tab("duality"))
    assert_clean(at)
    best = kkt.solve_qp(Q0, C0, **IN0)
    spec = chart(at, "dual_title")
    top = next(t for t in spec["data"] if t["name"] == lookup("en", f"{NS}.chart.dual_max"))
    assert apptools.spec_array(top["x"])[0] == pytest.approx(best.mu[0], rel=1e-6)
    assert apptools.spec_array(top["y"])[0] == pytest.approx(best.f, rel=1e-6)
    assert passes(at) == 2
    at.segmented_control(key="kkt_dual").set_value("2").run()  # a slack constraint: max at 0
    assert_clean(at)
    spec = chart(at, "dual_title")
    top = next(t for t in spec["data"] if t["name"] == lookup("en", f"{NS}.chart.dual_max"))
    assert apptools.spec_array(top["x"])[0] == 0.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lens_tab(open_page, lang):
    at = open_page(STEM, lang=lang, query={**tab("lens", lang), "kkt_overlap": "0.2"})
    assert_clean(at)
    assert fmt(kkt.lens_problem(0.2).mu, 4) in latex(at)
    assert passes(at, lang) == 2
    # (reopened from a link: AppTest cannot re-send a translated select box outside a run)
    at = open_page(STEM, lang=lang, query={**tab("lens", lang), "kkt_overlap": "0"})
    assert_clean(at)
    assert any(w.value == lookup(lang, f"{NS}.lens.none") for w in at.warning)
    assert passes(at, lang) == 1  # only the main check: no multiplier to compare


def test_link_to_the_regularisation_view(open_page):
    at = open_page(STEM)
    link = [el for el in at._tree if type(el).__name__ == "PageLink"][-1]
    assert link.proto.page == "regression_losses"
    query = urllib.parse.parse_qs(link.proto.query_string)
    assert query["losses_tab"] == [lookup("en", "regression_losses.tabs.regularisation")]
    target = open_page("regression_losses", query={"losses_tab": query["losses_tab"][0]})
    assert_clean(target)
    assert len(specs(target)) > len(specs(open_page("regression_losses")))


def test_code_tabs_carry_the_current_problem(open_page):
    at = open_page(STEM, query={"kkt_mode3": "=", "kkt_b3": "0.5"})
    assert_clean(at)
    scratch, snippet = apptools.code_tabs(at)
    assert "A_eq = [[1.0, -1.0]]" in scratch and "b_eq = [0.5]" in scratch
    assert "A_in = [[1.0, 1.0], [1.0, 0.0]]" in scratch
    assert "kkt.solve_qp(Q, c, A_eq=A_eq, b_eq=b_eq, A_in=A_in, b_in=b_in)" in snippet


# --- languages, links, worst cases ----------------------------------------------------------


def test_chinese_page(open_page):
    at = open_page(STEM, lang="zh")
    assert_clean(at)
    body = texts(at)
    for term in ("拉格朗日乘子", "互补松弛", "起作用", "可行域", "对偶"):
        assert term in body, term
    assert lookup("zh", "common.interview_corner") in body
    assert title_of(specs(at)[0]) == lookup("zh", f"{NS}.chart.kkt_title")


def test_presenter_mode_stacks_the_tables(open_page):
    at = open_page(STEM, lang="zh", query={"present": "1"})
    assert_clean(at)
    assert table(at, "table.number") and any(m.value.startswith("| 条件") for m in at.markdown)
    assert len(specs(at)) == 3


def test_language_switch_keeps_the_view(open_page):
    at = open_page(STEM, query={**tab("duality"), "kkt_mode2": "=", "kkt_c1": "-2"})
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    assert at.segmented_control(key="kkt_mode2").value == "eq"
    assert chart(at, "dual_title", "zh")
    assert at.slider(key="kkt_c1").value == -2.0


@pytest.mark.parametrize(
    ("key", "raw"),
    [
        ("kkt_c1", "nan"),
        ("kkt_c1", "1e309"),
        ("kkt_kappa", "0"),
        ("kkt_kappa", "-5"),
        ("kkt_angle", "abc"),
        ("kkt_x1", "99"),
        ("kkt_mode1", "maybe"),
        ("kkt_mode2", "<script>"),
        ("kkt_b1", "1e9"),
        ("kkt_a3", "x" * 3000),
        ("kkt_example", "nope"),
        ("kkt_circle_a", "0, 0"),
        ("kkt_r", "0"),
        ("kkt_price", "7"),
        ("kkt_overlap", "-1"),
        ("kkt_tab", "No such tab"),
        ("kkt_unknown", "1"),
    ],
)
def test_tampered_links_open_a_working_page(open_page, key, raw):
    at = open_page(STEM, query={key: raw})
    assert_clean(at)
    assert len(specs(at)) >= 3


def test_worst_case_settings_rerun_quickly(open_page):
    """Every constraint on (two equalities pin the point, or three inequalities),
    extreme normals, each tab in turn; timed loosely (shared CI machines)."""
    base = {
        "kkt_mode1": "≤",
        "kkt_mode2": "≤",
        "kkt_mode3": "≤",
        "kkt_a1": "100, -100",
        "kkt_a2": "-0.001, 100",
        "kkt_a3": "-100, -0.001",
        "kkt_kappa": "10",
        "kkt_c1": "-3",
        "kkt_c2": "3",
    }
    for name in ("tangency", "price", "duality", "lens"):
        at = open_page(STEM, query={**base, **tab(name)})
        at.slider(key="kkt_b1").set_value(-2.9)  # a rerun that recomputes everything
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert_clean(at)
        assert elapsed < 5.0, (name, elapsed)
        payload = sum(len(c.proto.spec) for c in at.get("plotly_chart"))
        assert payload < 500 * 1024, (name, payload)
