"""AppTests of the loss-landscapes page (generic checks live in test_pages.py)."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from playground import landscapes as ls
from playground import optimizers as opt
from playground.app.i18n import lookup
from playground.charts import theme
from tests import apptools

STEM, NS = "loss_landscapes", "loss_landscapes"


def en(key, **values):
    return lookup("en", f"{NS}.{key}", **values)


assert_clean = apptools.assert_healthy


def charts(at):
    return at.get("plotly_chart")


def chart_json(at, index):
    import json

    return json.loads(charts(at)[index].proto.spec)


def array_len(value) -> int:
    """Length of a data array in a Plotly JSON spec (a list or a base64 typed array)."""
    if isinstance(value, dict):
        import base64

        return len(base64.b64decode(value["bdata"])) // np.dtype(value["dtype"]).itemsize
    return len(value)


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def result_rows(at) -> dict[str, list[str]]:
    """The race results table: optimiser label -> cells."""
    table = next(
        m.value for m in at.markdown if m.value.startswith(en("race.header").split("\n")[0])
    )
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


# --------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------


def test_defaults_show_the_two_well_race(open_page):
    at = open_page(STEM)
    assert_clean(at)
    assert at.title[0].value == en("title")
    assert at.selectbox(key="landscape_surface").value == "two_well"
    assert at.multiselect(key="landscape_opts").value == ["GD", "Momentum", "RMSProp", "Adam"]
    assert at.number_input(key="landscape_x0").value == 1.9
    assert at.slider(key="landscape_step").value == 150
    # race contour + loss curves + the learning-rate lesson (the first tab, open by default)
    assert len(charts(at)) == 3
    assert [t.label for t in at.tabs][0] == en("sections.lr")
    race = chart_json(at, 0)
    assert race["data"][0]["type"] == "contour"
    assert opening_step(race) == 150
    rows = result_rows(at)
    assert list(rows) == ["GD", "Momentum", "RMSProp", "Adam"]
    # GD ends in the local minimum (f ≈ 0.294), momentum in the global one (f ≈ −0.305)
    assert rows["GD"][2] == "0.2942" and rows["Momentum"][2] == "-0.3054"
    assert all(r[-1] == en("race.status_finished") for r in rows.values())
    assert not at.warning
    assert at.latex  # gradient, Hessian and the first steps with numbers
    assert any("agrees" in m.value for m in at.markdown)  # finite-difference check
    assert "get_landscape('two_well', tilt=0.3)" in apptools.code_tabs(at)[1]


def test_formula_shows_the_first_steps_of_the_race(open_page):
    at = open_page(STEM, query={"landscape_opts": ["GD", "Adam"]})
    land = ls.get_landscape("two_well")
    runs = opt.race(land, ["gd", "adam"], land.start, lr=0.02, lr_adaptive=0.05, steps=150)
    steps = next(lx.value for lx in at.latex if r"\begin{aligned}" in lx.value)
    assert r"\text{GD}" in steps and r"\text{Adam}" in steps and "Momentum" not in steps
    x1 = runs[0].path[1]
    assert f"x_1 = \\left[{x1[0]:.4g},\\ {x1[1]:.4g}\\right]" in steps


# --------------------------------------------------------------------------
# Every surface and every optimiser
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ls.NAMES)
def test_each_surface_from_a_deep_link(open_page, name):
    at = open_page(STEM, query={"landscape_surface": en(f"surfaces.{name}")})
    assert_clean(at)
    land = ls.get_landscape(name)
    assert at.selectbox(key="landscape_surface").value == name
    # a fresh link starts from the surface's own suggestions
    assert (
        at.number_input(key="landscape_x0").value,
        at.number_input(key="landscape_y0").value,
    ) == land.start
    assert at.slider(key="landscape_steps").value == land.steps
    for spec in ls.PARAMS[name]:
        assert at.get_by_key(f"landscape_{spec.name}") is not None
    race = chart_json(at, 0)
    labels = [t.get("text") for t in race["data"] if t.get("mode") == "markers+text"]
    assert labels, "critical points are labelled"
    if name in ("saddle", "monkey_saddle"):
        assert chart_json(at, 1)["layout"]["yaxis"]["type"] == "linear"
    else:
        assert chart_json(at, 1)["layout"]["yaxis"]["type"] == "log"


def test_monkey_saddle_explains_running_away(open_page):
    at = open_page(STEM, query={"landscape_surface": en("surfaces.monkey_saddle")})
    assert_clean(at)
    warnings = [w.value for w in at.warning]
    assert warnings and all("ran away" in w for w in warnings)
    assert result_rows(at)["GD"][-1] == en("race.status_bound")


@pytest.mark.parametrize("label", list(opt.LABELS.values()))
def test_each_optimiser_alone(open_page, label):
    at = open_page(STEM, query={"landscape_opts": label})
    assert_clean(at)
    assert list(result_rows(at)) == [label]
    traces = [t for t in chart_json(at, 0)["data"] if t.get("name") == label]
    assert len(traces) == 1 and traces[0]["mode"] == "lines+markers"


def test_no_optimiser_selected(open_page):
    at = open_page(STEM)
    at.multiselect(key="landscape_opts").set_value([]).run()
    assert_clean(at)
    assert [i.value for i in at.info] == [en("race.none")]
    assert len(charts(at)) >= 1  # the surface is still drawn


# --------------------------------------------------------------------------
# Controls change what they should
# --------------------------------------------------------------------------


def test_changing_surface_applies_its_suggestions(open_page):
    at = open_page(STEM)
    at.selectbox(key="landscape_surface").set_value("rosenbrock").run()
    assert_clean(at)
    land = ls.get_landscape("rosenbrock")
    assert at.number_input(key="landscape_x0").value == land.start[0]
    assert at.number_input(key="landscape_y0").value == land.start[1]
    assert at.select_slider(key="landscape_lr").value == land.lr
    assert at.select_slider(key="landscape_lra").value == land.lr_adaptive
    assert at.slider(key="landscape_steps").value == land.steps
    assert at.select_slider(key="landscape_b").value == 100
    assert "log" in chart_json(at, 0)["data"][0]["colorbar"]["title"]["text"]


def test_start_point_and_steps_drive_the_race(open_page):
    at = open_page(STEM)
    at.number_input(key="landscape_x0").set_value(-1.9).run()
    at.slider(key="landscape_steps").set_value(40).run()
    assert_clean(at)
    rows = result_rows(at)
    assert rows["GD"][0] == "40"
    assert rows["GD"][1].startswith("(-1.0")  # from the left, GD finds the global minimum
    star = [t for t in chart_json(at, 0)["data"] if t.get("marker", {}).get("symbol") == "star"]
    assert star and "start" in star[0]["name"].lower()


def opening_step(race: dict) -> int:
    """The step the race chart opens on: its slider's active step."""
    [slider] = race["layout"]["sliders"]
    return int(slider["steps"][slider["active"]]["label"])


def test_replay_slider_moves_the_markers(open_page):
    at = open_page(STEM, query={"landscape_opts": "GD"})
    at.slider(key="landscape_step").set_value(10).run()
    assert_clean(at)
    race = chart_json(at, 0)
    assert opening_step(race) == 10
    gd = next(t for t in race["data"] if t.get("name") == "GD")
    assert array_len(gd["x"]) == 151  # the whole path; the marker shows step 10
    land = ls.get_landscape("two_well")
    [run] = opt.race(land, ["gd"], land.start, lr=0.02, lr_adaptive=0.05, steps=150)
    now = next(
        t for t in race["data"] if t.get("hoverinfo") == "skip" and t.get("mode") == "markers"
    )
    np.testing.assert_allclose(
        [theme._decoded(now["x"])[0], theme._decoded(now["y"])[0]], run.path[10], rtol=1e-6
    )
    loss = chart_json(at, 1)
    assert loss["layout"]["shapes"][0]["x0"] == 10
    assert result_rows(at)["GD"][0] == "150"  # the results are the whole run


def test_the_race_plays_in_the_browser(open_page):
    """The race is a Plotly animation: a frame every few steps moves the markers, the
    slider's steps are the frames, and the play button animates them; no server rerun."""
    at = open_page(STEM, query={"landscape_opts": ["GD", "Adam"], "landscape_step": "37"})
    assert_clean(at)
    race = chart_json(at, 0)
    frames = race["frames"]
    names = [f["name"] for f in frames]
    assert names[0] == "t0" and names[-1] == "t150" and "t37" in names and len(names) >= 30
    [slider] = race["layout"]["sliders"]
    assert [step["args"][0] for step in slider["steps"]] == [[name] for name in names]
    assert [step["label"] for step in slider["steps"]] == [n.removeprefix("t") for n in names]
    assert opening_step(race) == 37
    play, pause = race["layout"]["updatemenus"][0]["buttons"]
    assert play["method"] == "animate" and play["args"][0] is None
    assert play["label"] == en("chart.play") and pause["args"][0] == [None]
    # Each frame moves the one "where is each optimiser now" trace to that step.
    land = ls.get_landscape("two_well")
    runs = opt.race(land, ["gd", "adam"], land.start, lr=0.02, lr_adaptive=0.05, steps=150)
    now = next(
        i
        for i, t in enumerate(race["data"])
        if t.get("hoverinfo") == "skip" and t.get("mode") == "markers"
    )
    for frame in (frames[0], frames[names.index("t37")], frames[-1]):
        k = int(frame["name"].removeprefix("t"))
        assert frame["traces"] == [now]
        [data] = frame["data"]
        xs, ys = theme._decoded(data["x"]), theme._decoded(data["y"])
        np.testing.assert_allclose(np.column_stack([xs, ys]), [r.path[k] for r in runs], rtol=1e-6)


def test_momentum_and_noise_and_seed(open_page):
    at = open_page(STEM, query={"landscape_opts": "Momentum"})
    before = result_rows(at)["Momentum"]
    at.slider(key="landscape_momentum").set_value(0.0).run()
    after = result_rows(at)["Momentum"]
    assert after != before and after[2] == "0.2942"  # without momentum: stuck in the local well
    at.select_slider(key="landscape_noise").set_value(1.0).run()
    noisy = result_rows(at)["Momentum"]
    at.number_input(key="landscape_seed").set_value(1).run()
    assert_clean(at)
    assert result_rows(at)["Momentum"] != noisy
    assert "noise=1.0, seed=1" in apptools.code_tabs(at)[1]


def test_surface_parameter_changes_the_surface(open_page):
    at = open_page(STEM, query={"landscape_surface": en("surfaces.convex_quadratic")})
    at.select_slider(key="landscape_condition").set_value(100.0).run()
    assert_clean(at)
    assert "condition=100.0" in apptools.code_tabs(at)[1]
    # κ = 100 ⇒ 2/L = 0.02 < the suggested η = 0.1: GD and momentum diverge, and say why
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("**GD diverged") and "2 / L" in w for w in warnings)


# --------------------------------------------------------------------------
# Tabs
# --------------------------------------------------------------------------


def test_point_analysis_tab(open_page):
    at = open_page(
        STEM,
        query={
            "landscape_surface": en("surfaces.saddle"),
            "landscape_x0": "0",
            "landscape_y0": "0",
            "landscape_tab": en("sections.point"),
        },
    )
    assert_clean(at)
    text = markdown(at)
    assert "critical point" in text and en("point.kind_saddle") in text
    assert "| (0, 0) | 0 | -2 | 2 | saddle |" in text
    assert "Why GD gets stuck on a saddle" in text


def test_learning_rate_tab(open_page):
    at = open_page(
        STEM,
        query={
            "landscape_tab": en("sections.lr"),
            "landscape_surface": en("surfaces.convex_quadratic"),
        },
    )
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["L = λ_max"] == "10" and metrics["2 / L"] == "0.2"
    assert "**GD converges**" in markdown(at)
    at.select_slider(key="landscape_lr").set_value(0.25).run()
    assert_clean(at)
    assert "**GD diverges**" in markdown(at)
    lr_chart = chart_json(at, len(charts(at)) - 1)
    assert lr_chart["layout"]["yaxis"]["type"] == "log"
    assert sum("diverged" in str(t.get("text")) for t in lr_chart["data"]) == 2


def test_convexity_tab(open_page):
    at = open_page(STEM, query={"landscape_tab": en("sections.convexity")})
    assert_clean(at)
    text = markdown(at)
    assert "**f is not convex**" in text and "is not convex**" in text
    at = open_page(
        STEM,
        query={
            "landscape_tab": en("sections.convexity"),
            "landscape_surface": en("surfaces.convex_quadratic"),
        },
    )
    text = markdown(at)
    assert "the inequality holds **here**" in text and "**is convex on this window**" in text
    at.number_input(key="landscape_bx").set_value(-3.0).run()
    assert_clean(at)


def test_surface3d_tab_draws_the_only_3d_chart(open_page):
    at = open_page(STEM, query={"landscape_tab": en("sections.surface3d")})
    assert_clean(at)
    specs = apptools.chart_specs(at)
    assert sum("surface" in apptools.trace_types(s) for s in specs) == 1
    default = open_page(STEM)
    assert not any("surface" in apptools.trace_types(s) for s in apptools.chart_specs(default))


# --------------------------------------------------------------------------
# Hostile input, worst case, Chinese
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"landscape_x0": "nan", "landscape_y0": "1e309"},
        {"landscape_x0": "__import__('os')", "landscape_steps": "100000"},
        {"landscape_lr": "5", "landscape_lra": "-1", "landscape_momentum": "1"},
        {"landscape_opts": ["Foo", "GD", "GD"], "landscape_surface": "xyz"},
        {"landscape_tab": "nonsense", "landscape_step": "-4", "landscape_noise": "inf"},
        {"landscape_condition": "1e9", "landscape_surface": "Convex quadratic"},
        {"landscape_seed": "x" * 5000, "landscape_beta2": "1", "landscape_alpha": "0"},
    ],
)
def test_hostile_query_params_open_a_working_page(open_page, query):
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert at.title[0].value == en("title")
    assert charts(at)


def test_extreme_start_and_learning_rates(open_page):
    at = open_page(STEM, query={"landscape_opts": list(opt.LABELS.values())})
    at.number_input(key="landscape_x0").set_value(10.0).run()
    at.number_input(key="landscape_y0").set_value(-10.0).run()
    at.select_slider(key="landscape_lr").set_value(1.0).run()
    at.select_slider(key="landscape_lra").set_value(1.0).run()
    assert_clean(at)
    race = chart_json(at, 0)
    assert race["layout"]["xaxis"]["range"][1] >= 10  # the window grew to show the start
    assert all(w.startswith("**") for w in (w.value for w in at.warning))


def test_worst_case_settings_rerun_quickly(open_page):
    """All caps at their maximum: 6 optimisers × 500 steps, noise, the 3-D tab."""
    query = {
        "landscape_surface": en("surfaces.rastrigin"),
        "landscape_opts": list(opt.LABELS.values()),
        "landscape_steps": "500",
        "landscape_noise": "3",
        "landscape_tab": en("sections.surface3d"),
        "landscape_amplitude": "20",
    }
    at = open_page(STEM, query=query)
    assert_clean(at)
    at.number_input(key="landscape_seed").set_value(9).run()  # new race: nothing cached
    start = time.perf_counter()
    at.number_input(key="landscape_seed").set_value(8).run()
    elapsed = time.perf_counter() - start
    assert_clean(at)
    assert elapsed < 5.0, f"worst-case rerun took {elapsed:.2f}s"
    total = sum(len(c.proto.spec) for c in charts(at))
    assert total < 500 * 1024, f"{total / 1024:.0f} KiB of charts"
    assert all(len(c.proto.spec) < 150 * 1024 for c in charts(at))


def test_default_payload_under_budget(open_page):
    at = open_page(STEM, query={"landscape_opts": list(opt.LABELS.values())})
    sizes = [len(c.proto.spec) for c in charts(at)]
    assert max(sizes) < 150 * 1024 and sum(sizes) < 500 * 1024


def test_chinese(open_page):
    at = open_page(
        STEM, lang="zh", query={"landscape_surface": lookup("zh", f"{NS}.surfaces.saddle")}
    )
    assert_clean(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    assert at.selectbox(key="landscape_surface").value == "saddle"
    text = markdown(at)
    assert "鞍点" in text and "梯度下降" in text and "学习率" in text
    tabs = [t.label for t in at.tabs]
    assert tabs == [
        lookup("zh", f"{NS}.sections.{k}") for k in ("lr", "point", "convexity", "surface3d")
    ] + [lookup("zh", f"common.code.{k}") for k in ("scratch", "playground")]
    race = chart_json(at, 0)
    assert race["layout"]["title"]["text"] == lookup("zh", f"{NS}.chart.race_replay_title")
    assert race["layout"]["sliders"][0]["currentvalue"]["prefix"] == "第 "
    assert race["layout"]["updatemenus"][0]["buttons"][0]["label"] == "▶ 播放"
    assert re.search(
        r"[\u4e00-\u9fff]",
        race["layout"]["xaxis"]["title"]["text"] + race["layout"]["title"]["text"],
    )


def test_language_switch_keeps_the_view(open_page):
    at = open_page(
        STEM,
        query={
            "landscape_surface": en("surfaces.himmelblau"),
            "landscape_tab": en("sections.convexity"),
        },
    )
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.selectbox(key="landscape_surface").value == "himmelblau"
    assert "曲线" in markdown(at)  # the convexity tab is still open, now in Chinese


def test_chinese_deep_link_with_english_labels(open_page):
    at = open_page(
        STEM,
        lang="zh",
        query={"landscape_surface": en("surfaces.rosenbrock"), "landscape_tab": en("sections.lr")},
    )
    assert_clean(at)
    assert at.selectbox(key="landscape_surface").value == "rosenbrock"
    assert np.isclose(at.number_input(key="landscape_x0").value, -1.5)


# --------------------------------------------------------------------------
# In a real browser: clicking the contour moves the start; the step slider is a fragment;
# the chart's play button animates the race without the server
# --------------------------------------------------------------------------


@pytest.mark.browser
def test_click_and_replay_in_browser():
    from tests import browser as tools

    if tools.chromium_path() is None:
        pytest.skip("Chromium not found at /usr/bin/chromium or $CHROMIUM_PATH")
    with tools.streamlit_server() as base, tools.chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(60_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/")
        tools.wait_for_app(page, timeout=60_000)
        page.goto(f"{base}/{STEM}")
        tools.wait_for_app(page, timeout=60_000)

        def start_inputs():
            return [
                page.locator('[data-testid="stNumberInput"] input').nth(i).input_value()
                for i in (0, 1)
            ]

        def race_title():  # the race chart's read-out of the step it shows
            return (
                page.locator('[data-testid="stPlotlyChart"] .slider-container')
                .first.locator("text")
                .first.text_content()
            )

        assert start_inputs() == ["1.9", "1.2"]
        replay = page.get_by_role("slider", name=en("controls.replay"))
        replay.focus()
        for _ in range(10):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => location.search.includes('landscape_step=140')")
        tools.wait_for_app(page, timeout=60_000)
        assert "t = 140" in race_title()
        # Click the left part of the contour: the start point moves there (x < 0).
        area = (
            page.locator('[data-testid="stPlotlyChart"]')
            .first.locator(".nsewdrag")
            .first.bounding_box()
        )
        page.mouse.click(area["x"] + 0.3 * area["width"], area["y"] + 0.7 * area["height"])
        page.wait_for_function("() => location.search.includes('landscape_x0=')")
        tools.wait_for_app(page, timeout=60_000)
        x0, y0 = (float(v) for v in start_inputs())
        assert -2 < x0 < 0 and -1.5 < y0 < 0
        assert f"landscape_x0={x0:g}" in page.url
        assert "t = 140" in race_title()  # the replay position survives the new race
        assert page.locator('[data-testid="stException"]').count() == 0
        assert errors == []


def test_seeded_random_settings_never_break_the_page(open_page):
    """A small fuzzer: random valid values for every widget, 6 rounds, 3 tabs."""
    from streamlit.testing.v1 import element_tree as et

    rng = np.random.default_rng(2024)
    for tab in ("lr", "point", "convexity"):
        at = open_page(STEM, query={"landscape_tab": en(f"sections.{tab}")})
        for _ in range(2):
            for w in apptools.page_widgets(at):
                if isinstance(w, et.SelectSlider):
                    w.set_value(w.options[int(rng.integers(len(w.options)))])
                elif isinstance(w, et.Slider):
                    lo, hi = w.proto.min, w.proto.max
                    value = lo + (hi - lo) * rng.random()
                    w.set_value(int(value) if w.proto.data_type == w.proto.INT else float(value))
                elif isinstance(w, et.NumberInput):
                    lo, hi = w.proto.min, w.proto.max
                    value = lo + (hi - lo) * rng.random()
                    w.set_value(
                        int(value) if w.proto.data_type == w.proto.INT else round(float(value), 2)
                    )
                elif isinstance(w, et.Selectbox):
                    w.select_index(int(rng.integers(len(w.options))))
                elif isinstance(w, et.Multiselect):
                    w.set_value([o for o in w.options if rng.random() < 0.5])
            at.run()
            assert_clean(at)
