"""AppTests for the convolution page: defaults, every control, the animation frames, typed
grids, hostile links, the tabs, Chinese.

The generic checks (no exception, no raw nan, catalog complete, widgets bound,
deep links, fuzzing) live in ``tests/test_pages.py`` and friends; these tests
check that each control changes what it should, against the core.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground import convolution as cv
from playground.app.i18n import catalog, lookup
from tests import apptools

STEM = NS = "convolution"


texts = apptools.page_text
latex = apptools.latex_text
metrics = apptools.metric_values


def sliding_spec(at) -> dict:
    return apptools.chart_specs(at)[0]


def moving_traces(spec: dict, count: int) -> list[dict]:
    """The animated traces (window, output cell[, taps]): the first ones of the figure."""
    return spec["data"][:count]


def heatmaps(spec: dict) -> list[dict]:
    """The padded input and the output."""
    return [trace for trace in spec["data"] if trace.get("type") == "heatmap"]


def core_output(n=8, kernel="sobel_x", k=3, s=2, p=1, d=1, b=0.0, preset="edge"):
    x = cv.input_preset(preset, n)
    w = cv.kernel_preset(kernel, k)
    return x, w, cv.conv2d(x[None], w[None, None], stride=s, padding=p, dilation=d, bias=[b])[0]


def test_defaults_show_the_sliding_window_and_its_formula(open_page):
    at = open_page(STEM)
    apptools.assert_healthy(at)
    assert not at.error
    x, w, y = core_output()
    values = metrics(at)
    assert values[lookup("en", f"{NS}.metrics.output")] == "4 × 4"
    assert values[lookup("en", f"{NS}.metrics.value", i=1, j=2)] == f"{y[1, 2]:.4g}"
    assert values[lookup("en", f"{NS}.metrics.unread")] == "0"
    body = latex(at)
    assert r"\{2, 3, 4\}" in body and r"\{4, 5, 6\}" in body  # rows and columns of cell (1, 2)
    assert r"\lfloor 3.5 \rfloor + 1 = 3 + 1 = 4" in body  # the floor, with the numbers
    assert f"= {y[1, 2]:.4g}" in body
    assert lookup("en", "common.check_pass") in texts(at)  # SciPy agrees
    assert lookup("en", f"{NS}.formula.floor_both", r=1, s=2) in texts(at)
    scratch, snippet = apptools.code_tabs(at)
    assert "stride = 2" in scratch and "x = [[0, 0, 0, 0, 1, 1, 1, 1]," in scratch
    assert "s, p, d, b = 2, 1, 1, 0.0" in snippet


def test_the_animation_has_one_frame_per_output_cell(open_page):
    at = open_page(STEM)
    spec = sliding_spec(at)
    frames = spec["frames"]
    x, w, y = core_output()
    assert len(frames) == y.size == len(spec["layout"]["sliders"][0]["steps"])
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["method"] == "animate"
    for m, frame in enumerate(frames):
        i, j = divmod(m, y.shape[1])
        win = cv.window(x, w.shape, i, j, stride=2, padding=1)
        outline, cell = frame["data"]  # no dilation: the outline covers every tap
        assert outline["x"][0] == win.cols[0] - 0.5 and outline["x"][1] == win.cols[-1] + 0.5
        assert outline["y"][0] == win.rows[0] - 0.5 and outline["y"][2] == win.rows[-1] + 0.5
        assert cell["x"][0] == j - 0.5 and cell["y"][0] == i - 0.5
        assert "traces" not in frame  # the moving traces are the first ones
    # The figure opens on the selected cell (1, 2): frame 6, the slider there too.
    assert spec["layout"]["sliders"][0]["active"] == 6
    for trace, moved in zip(moving_traces(spec, 2), frames[6]["data"], strict=True):
        assert list(trace["x"]) == moved["x"] and list(trace["y"]) == moved["y"]


def test_with_dilation_the_frames_move_the_taps(open_page):
    at = open_page(STEM, query={"conv_dilation": "2", "conv_stride": "1", "conv_padding": "0"})
    spec = sliding_spec(at)
    x, w, y = core_output(d=2, s=1, p=0)
    frames = spec["frames"]
    assert len(frames) == y.size
    for m, frame in enumerate(frames):
        i, j = divmod(m, y.shape[1])
        win = cv.window(x, w.shape, i, j, dilation=2)
        taps = frame["data"][2]
        pairs = set(zip(taps["y"], taps["x"], strict=True))
        assert pairs == {(int(r), int(c)) for r in win.rows for c in win.cols}
    taps_trace = moving_traces(spec, 3)[2]
    assert taps_trace["marker"]["symbol"] == "square-open"


array = apptools.spec_array


def _z(trace: dict) -> np.ndarray:
    return array(trace["z"])


def test_heatmaps_hold_the_padded_input_and_the_output(open_page):
    at = open_page(STEM, query={"conv_stride": "1", "conv_padding": "2"})
    spec = sliding_spec(at)
    x, _, y = core_output(s=1, p=2)
    padded, output = heatmaps(spec)
    np.testing.assert_allclose(_z(padded), np.pad(x, 2))
    np.testing.assert_allclose(_z(output), y, rtol=1e-6)
    assert metrics(at)[lookup("en", f"{NS}.metrics.output")] == f"{y.shape[0]} × {y.shape[1]}"


@pytest.mark.parametrize(
    ("key", "value", "settings"),
    [
        ("conv_stride", 1, {"s": 1}),
        ("conv_padding", 0, {"p": 0}),
        ("conv_dilation", 2, {"d": 2}),
        ("conv_k", 5, {"k": 5}),
        ("conv_n", 12, {"n": 12}),
        ("conv_bias", 1.5, {"b": 1.5}),
    ],
)
def test_each_slider_changes_the_output_and_the_formula(open_page, key, value, settings):
    at = open_page(STEM)
    before = latex(at)
    at.slider(key=key).set_value(value).run()
    apptools.assert_healthy(at)
    _, _, y = core_output(**settings)
    values = metrics(at)
    assert values[lookup("en", f"{NS}.metrics.output")] == f"{y.shape[0]} × {y.shape[1]}"
    i, j = min(1, y.shape[0] - 1), min(2, y.shape[1] - 1)
    assert values[lookup("en", f"{NS}.metrics.value", i=i, j=j)] == f"{y[i, j]:.4g}"
    assert latex(at) != before
    assert lookup("en", "common.check_pass") in texts(at)


def test_presets_change_input_and_kernel(open_page):
    at = open_page(STEM)
    at.selectbox(key="conv_kernel").set_value("box").run()
    at.selectbox(key="conv_input").set_value("digit").run()
    apptools.assert_healthy(at)
    _, _, y = core_output(kernel="box", preset="digit")
    assert metrics(at)[lookup("en", f"{NS}.metrics.value", i=1, j=2)] == f"{y[1, 2]:.4g}"
    assert r"\odot \begin{bmatrix}0.111 & 0.111 & 0.111" in latex(at)  # 1/9, as a number


def test_random_presets_show_a_seed_that_changes_them(open_page):
    at = open_page(STEM, query={"conv_input": "Random"})
    apptools.assert_healthy(at)
    first = heatmaps(sliding_spec(at))[0]["z"]
    at.number_input(key="conv_seed").set_value(5).run()
    apptools.assert_healthy(at)
    assert heatmaps(sliding_spec(at))[0]["z"] != first
    np.testing.assert_allclose(
        _z(heatmaps(sliding_spec(at))[0]), np.pad(cv.input_preset("random", 8, seed=5), 1)
    )


def test_the_selected_cell_drives_the_formula(open_page):
    at = open_page(STEM)
    at.select_slider(key="conv_row").set_value(3).run()
    at.select_slider(key="conv_col").set_value(0).run()
    apptools.assert_healthy(at)
    x, w, y = core_output()
    assert metrics(at)[lookup("en", f"{NS}.metrics.value", i=3, j=0)] == f"{y[3, 0]:.4g}"
    assert "y_{3,0}" in latex(at)
    win = cv.window(x, w.shape, 3, 0, stride=2, padding=1)
    assert "{" + ", ".join(str(r) for r in win.rows) + r"\}" in latex(at)
    assert sliding_spec(at)["layout"]["sliders"][0]["active"] == 12


def test_cell_is_clamped_when_the_output_shrinks(open_page):
    at = open_page(STEM, query={"conv_row": "3", "conv_col": "3"})
    at.slider(key="conv_stride").set_value(4).run()
    apptools.assert_healthy(at)
    size = cv.conv_output_size(8, 3, stride=4, padding=1)
    assert at.select_slider(key="conv_row").value == size - 1
    assert list(at.select_slider(key="conv_row").options) == [str(v) for v in range(size)]


def test_non_dividing_stride_shows_the_rows_never_read(open_page):
    at = open_page(STEM, query={"conv_padding": "0"})  # n = 8, k = 3, s = 2: row 7 is lost
    apptools.assert_healthy(at)
    assert metrics(at)[lookup("en", f"{NS}.metrics.unread")] == str(8 + 8 - 1)
    assert lookup("en", f"{NS}.size.unread", rows="7", count=1) in texts(at)
    strip = apptools.chart_specs(at)[1]
    hatch = strip["data"][0]
    assert hatch["fillpattern"]["shape"] == "/"
    assert min(v for v in hatch["x"] if v is not None) == 6.5  # the band over padded row 7
    sliding = sliding_spec(at)
    assert any(trace.get("fill") == "toself" for trace in sliding["data"])


def test_dilation_holes_are_reported(open_page):
    # k = 2, d = 3, s = 3 on n = 7: rows 1, 2, 4, 5 are between the taps.
    at = open_page(
        STEM,
        query={
            "conv_n": "7",
            "conv_k": "2",
            "conv_kernel": "Box blur (mean)",
            "conv_stride": "3",
            "conv_padding": "0",
            "conv_dilation": "3",
        },
    )
    apptools.assert_healthy(at)
    assert lookup("en", f"{NS}.size.unread", rows="1, 2, 4, 5", count=4) in texts(at)


def test_kernel_that_does_not_fit_is_explained(open_page):
    at = open_page(
        STEM, query={"conv_n": "3", "conv_k": "7", "conv_padding": "0", "conv_dilation": "4"}
    )
    apptools.assert_healthy(at)
    message = lookup("en", f"{NS}.fit.error", extent=25, padded=3)
    assert [e.value for e in at.error] == [message]
    assert lookup("en", f"{NS}.fit.no_formula") in texts(at)
    assert not at.get("plotly_chart")  # nothing to draw, and no crash
    assert at.expander  # the interview still answers


def test_edited_grids_are_used_and_bad_ones_explained(open_page):
    at = open_page(STEM)
    at.text_area(key="conv_x").input("1 2 3 4 5\n6 7 8 9 10\n1 1 1 1 1").run()
    at.text_area(key="conv_w").input("1 -1").run()
    apptools.assert_healthy(at)
    x = np.array([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [1, 1, 1, 1, 1.0]])
    y = cv.conv2d(x[None], np.array([[[[1.0, -1.0]]]]), stride=2, padding=1)[0]
    assert metrics(at)[lookup("en", f"{NS}.metrics.output")] == f"{y.shape[0]} × {y.shape[1]}"
    assert lookup("en", f"{NS}.edit.using", x="3×5", w="1×2") in texts(at)
    assert "W_{out}" in latex(at)  # a rectangular input gets both size formulas
    at.text_area(key="conv_w").input("1 2\n3").run()
    apptools.assert_healthy(at)
    assert [e.value for e in at.error] == [
        lookup("en", f"{NS}.errors.grid_ragged", row=2, n=1, first=2)
    ]
    # A new kernel preset starts the kernel box again from the preset.
    at.selectbox(key="conv_kernel").set_value("identity").run()
    apptools.assert_healthy(at)
    assert at.text_area(key="conv_w").value == "0 0 0\n0 1 0\n0 0 0"
    assert not at.error


def test_editor_shows_rounded_numbers_but_uses_the_exact_preset(open_page):
    at = open_page(STEM, query={"conv_kernel": "Box blur (mean)"})
    apptools.assert_healthy(at)
    assert at.text_area(key="conv_w").value == "0.1111 0.1111 0.1111\n" * 2 + "0.1111 0.1111 0.1111"
    _, _, y = core_output(kernel="box")
    assert metrics(at)[lookup("en", f"{NS}.metrics.value", i=1, j=2)] == f"{y[1, 2]:.4g}"
    assert lookup("en", f"{NS}.edit.using", x="8×8", w="3×3") not in texts(at)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"conv_x": "__import__('os').system('x')"}, "not_a_number"),
        ({"conv_x": "nan 1\n1 1"}, "not_finite"),
        ({"conv_w": "1e300"}, "too_large"),
        ({"conv_x": "\n".join(["1"] * 17)}, "grid_rows"),
        ({"conv_rf_k": "3, 3", "conv_rf_s": "1"}, "stack_length"),
        ({"conv_rf_d": "9"}, "stack_range"),
        ({"conv_rf_k": "2.5"}, "stack_whole"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_links_are_explained_and_the_page_keeps_working(open_page, query, code, lang):
    at = open_page(STEM, lang=lang, query=query)
    apptools.assert_healthy(at)
    messages = [e.value for e in at.error]
    assert len(messages) == 1, messages
    shared = f"errors.{code}"
    template = (
        lookup(lang, shared) if shared in _catalog(lang) else lookup(lang, f"{NS}.errors.{code}")
    )
    assert messages[0].startswith(template.split("{")[0][:6]), (messages, template)
    assert at.get("plotly_chart")  # the rest of the page still draws


def _catalog(lang):
    return catalog(lang)


@pytest.mark.parametrize("raw", ["99", "-1", "abc", "1e9", ""])
def test_out_of_range_links_open_with_defaults(open_page, raw):
    at = open_page(
        STEM,
        query={
            "conv_row": raw,
            "conv_col": raw,
            "conv_n": raw,
            "conv_stride": raw,
            "conv_rf_layer": raw,
        },
    )
    apptools.assert_healthy(at)
    assert not at.error


def test_deep_link_reproduces_a_view(open_page):
    query = {
        "conv_n": "16",
        "conv_k": "5",
        "conv_stride": "3",
        "conv_padding": "2",
        "conv_dilation": "2",
        "conv_row": "2",
        "conv_col": "1",
        "conv_kernel": "Sobel y (horizontal edges)",
    }
    at = open_page(STEM, query=query)
    apptools.assert_healthy(at)
    x, w, y = core_output(n=16, kernel="sobel_y", k=5, s=3, p=2, d=2)
    assert metrics(at)[lookup("en", f"{NS}.metrics.value", i=2, j=1)] == f"{y[2, 1]:.4g}"
    assert len(sliding_spec(at)["frames"]) == y.size
    assert lookup("en", "common.check_pass") in texts(at)


def test_receptive_field_tab(open_page):
    label = lookup("en", f"{NS}.tabs.rf")
    at = open_page(
        STEM,
        query={
            "conv_tab": label,
            "conv_rf_k": "3, 3, 3",
            "conv_rf_s": "1, 1, 1",
            "conv_rf_d": "1, 2, 4",
        },
    )
    apptools.assert_healthy(at)
    rf_chart = apptools.chart_specs(at)[1]
    names = [trace.get("name") for trace in rf_chart["data"][1:]]
    assert names == [
        lookup("en", f"{NS}.chart.rf_layer", l=n, r=r) for n, r in ((1, 3), (2, 7), (3, 15))
    ]
    counts = cv.path_counts([(3, 1, 1), (3, 1, 2), (3, 1, 4)])
    z = _z(rf_chart["data"][0])
    np.testing.assert_allclose(z, np.outer(counts, counts) / counts.max() ** 2, rtol=1e-6)
    assert "| 3 | 3 | 1 | 4 | 15 | 1 |" in texts(at)
    assert lookup("en", "common.check_pass") in texts(at)
    at.select_slider(key="conv_rf_layer").set_value(1).run()
    apptools.assert_healthy(at)
    assert _z(apptools.chart_specs(at)[1]["data"][0]).shape == (3, 3)


def test_receptive_field_of_a_wide_stack_is_binned(open_page):
    label = lookup("en", f"{NS}.tabs.rf")
    at = open_page(
        STEM,
        query={
            "conv_tab": label,
            "conv_rf_k": "7, 7, 7, 7, 7, 7",
            "conv_rf_s": "4, 4, 4, 4, 4, 4",
            "conv_rf_d": "4, 4, 4, 4, 4, 4",
        },
    )
    apptools.assert_healthy(at)
    rf = cv.receptive_field([(7, 4, 4)] * 6)
    z = _z(apptools.chart_specs(at)[1]["data"][0])
    assert max(z.shape) <= 64 and rf.size[-1] > 20_000
    assert lookup("en", "common.check_pass") in texts(at)


def test_cost_tab(open_page):
    label = lookup("en", f"{NS}.tabs.cost")
    at = open_page(STEM, query={"conv_tab": label, "conv_cin": "64", "conv_cout": "128"})
    apptools.assert_healthy(at)
    out = cv.conv_output_size(56, 3, stride=2, padding=1)
    std = cv.conv_cost(64, 128, 3, out, out)
    assert metrics(at)[lookup("en", f"{NS}.cost.params")] == "73.9k"
    assert f"{std.params:,}" == "73,856"
    bars = apptools.chart_specs(at)[1]
    params = _bar(bars["data"][0])
    assert params[0] == pytest.approx(std.params, rel=1e-6)
    separable = (
        cv.conv_cost(64, 64, 3, out, out, groups=64).macs + cv.conv_cost(64, 128, 1, out, out).macs
    )
    assert _bar(bars["data"][1])[1] == pytest.approx(separable, rel=1e-6)
    at.number_input(key="conv_size").set_value(2).run()  # a 3x3 kernel fits a 2x2 map with p = 1
    apptools.assert_healthy(at)
    at.slider(key="conv_padding").set_value(0).run()
    apptools.assert_healthy(at)
    assert lookup("en", f"{NS}.cost.no_fit", size=2) in [e.value for e in at.error]


def _bar(trace: dict) -> np.ndarray:
    return array(trace["y"])


def test_sobel_needs_two_taps(open_page):
    at = open_page(STEM, query={"conv_k": "1"})
    apptools.assert_healthy(at)
    assert lookup("en", f"{NS}.kernel.sobel_k1") in texts(at)
    assert "\\odot \\begin{bmatrix}1\\end{bmatrix}" in latex(at)  # the identity kernel


def test_chinese(open_page):
    at = open_page(STEM, lang="zh")
    apptools.assert_healthy(at)
    assert at.title[0].value == lookup("zh", f"{NS}.title")
    title = lookup("zh", f"{NS}.chart.sliding_title", hp=10, wp=10, ho=4, wo=4)
    assert sliding_spec(at)["layout"]["title"]["text"] == title
    assert lookup("zh", f"{NS}.chart.play") in apptools.spec_strings(sliding_spec(at))
    assert "行" in latex(at)
    scratch = apptools.code_tabs(at)[0]
    assert "步长" in scratch


def test_interview_quotes_live_numbers(open_page):
    at = open_page(STEM, query={"conv_padding": "0"}, answers=True)
    answers = "\n".join(str(e.value) for e in at.markdown)
    assert "⌊(8 + 2·0 − 1·(3 − 1) − 1)/2⌋ + 1 = 3" in answers
    assert "maps your 3 outputs back to 8 pixels with `output_padding` = 1" in answers


# ---------------------------------------------------------------------------
# In a real browser: the animation runs without the server, the editor resets
# ---------------------------------------------------------------------------

_STATE = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return {window: gd.data[0].x, active: gd._fullLayout.sliders[0].active,
            frames: Object.keys(gd._transitionData._frameHash || {}).length};
}"""


@pytest.mark.browser
def test_animation_and_editor_in_chromium():
    from tests import browser as tools

    if tools.chromium_path() is None:
        pytest.skip("Chromium not found at /usr/bin/chromium or $CHROMIUM_PATH")
    pytest.importorskip("playwright.sync_api")
    query = "conv_n=16&conv_padding=3&conv_k=2&conv_stride=1"  # 21 x 21 = 441 frames
    with tools.streamlit_server() as base, tools.chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1600}).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}/convolution?lang=en&{query}")
        tools.wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .main-svg")
        before = page.evaluate(_STATE)
        assert before["frames"] == 441 and before["active"] == 1 * 21 + 2
        page.locator(".updatemenu-button").first.click()  # ▶ Play
        page.wait_for_timeout(1500)
        assert not errors
        page.locator(".updatemenu-button").nth(1).click()  # ❚❚ Pause
        # Plotly rejects the interrupted play's promise with no reason: harmless.
        errors[:] = [e for e in errors if e != "undefined"]
        played = page.evaluate(_STATE)
        m = played["active"]
        i, j = divmod(m, 21)
        assert played["window"][:2] == [j - 0.5, j + 1.5]  # the outline is frame m's
        rail = page.locator(".slider-rail-rect").first.bounding_box()
        page.mouse.click(rail["x"] + 0.75 * rail["width"], rail["y"] + rail["height"] / 2)
        page.wait_for_timeout(500)
        scrubbed = page.evaluate(_STATE)
        i, j = divmod(scrubbed["active"], 21)
        assert scrubbed["active"] > 300 and scrubbed["window"][:2] == [j - 0.5, j + 1.5]
        assert not errors and not page.locator('[data-testid="stException"]').count()

        # Edit the kernel, then pick another preset: the box and the URL drop the edit.
        page.get_by_text(lookup("en", f"{NS}.edit.title")).click()
        area = page.locator("textarea").nth(1)
        area.fill("1 -1")
        area.press("Control+Enter")
        page.wait_for_function("() => location.search.includes('conv_w=')")
        tools.wait_for_app(page)
        box = page.locator('[data-testid="stSelectbox"]').nth(1).locator("input")
        box.click()
        box.fill("Box")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('conv_kernel=Box')")
        tools.wait_for_app(page)
        assert "conv_w=" not in page.url
        assert page.locator("textarea").nth(1).input_value() == "0.25 0.25\n0.25 0.25"  # k = 2
