"""AppTests of the logistic-regression page: defaults checked against scikit-learn, each
control, the step k and the replay animated in the browser, divergence in words, both tabs,
hostile input, the worst case, zh."""

from __future__ import annotations

import json
import time

import numpy as np
import plotly.graph_objects as go
import pytest
from sklearn.linear_model import LogisticRegression

from playground import logistic as lg
from playground.app.format import fmt
from playground.app.i18n import lookup
from playground.charts import logistic as charts
from tests import apptools

STEM = "logistic_regression"


def text(key: str, lang: str = "en", **values) -> str:
    return lookup(lang, f"{STEM}.{key}", **values)


def assert_clean(at, allow: tuple[str, ...] = ()):
    """The shared health check (``allow`` is kept for call sites that quote the user)."""
    apptools.assert_healthy(at)


_decode = apptools.decode_spec


def figures(at) -> dict[str, go.Figure]:
    """Charts by their title (decoded, typed arrays included)."""
    out = {}
    for chart in at.get("plotly_chart"):
        fig = go.Figure(_decode(json.loads(chart.proto.spec)), skip_invalid=True)
        out[fig.layout.title.text or ""] = fig
    return out


def figure(at, key: str, lang: str = "en", **values):
    prefix = text(f"charts.{key}", lang, **values).split("<br>")[0][:12]
    found = [fig for title, fig in figures(at).items() if title.startswith(prefix)]
    assert found, (prefix, list(figures(at)))
    return found[0]


def replay(at, lang: str = "en") -> go.Figure:
    """The animated replay (data and loss surface)."""
    return figure(at, "replay.title", lang, b="")


latex = apptools.latex_text
metrics = apptools.metric_values
everything = apptools.page_text


def test_defaults_agree_with_an_independent_fit_and_scikit_learn(open_page, catalog_warnings):
    at = open_page(STEM)
    assert_clean(at)
    assert not catalog_warnings()
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    h = lg.fit_gd(X, y, lr=0.5, steps=200, l2=0.01)
    clf = LogisticRegression(C=1 / (0.01 * 200), tol=1e-12, max_iter=10_000).fit(X, y)
    gap = np.hypot(np.linalg.norm(h.w[-1] - clf.coef_[0]), h.b[-1] - clf.intercept_[0])
    shown = metrics(at)
    assert shown[text("metrics.loss")] == fmt(h.loss[-1], 3)
    assert shown[text("metrics.distance")] == fmt(gap, 3)
    assert 1e-4 < gap < 0.1  # the default view is close to, but not yet at, the optimum
    assert at.slider(key="logistic_step").value == 200
    data = replay(at)
    assert sum(len(t.x) for t in data.data[1:3]) == 200
    pulls = [t for t in data.data if t.name == text("charts.data.pulls")]
    assert len(pulls) == 1 and len(pulls[0].x) == 3 * 40  # pulls are on: 40 arrows
    assert {t.name for t in data.data} >= {
        text("charts.data.reference"),
        text("charts.data.boundary"),
    }
    assert len(at.get("plotly_chart")) == 4  # the replay, the curves + the open "why" tab
    # The chain rule with the numbers of sample 0 at step 200, and an agreeing check.
    c = lg.chain_rule(h.w[-1], h.b[-1], X[0], y[0])
    assert rf"= {fmt(c.z)}" in latex(at).replace(r"\times 10^", "e")
    assert any("agrees" in m.value for m in at.markdown)
    status = text(
        "status.running", **{k: fmt(v, 4) for k, v in lg.diagnose(h, X).numbers().items()}
    )
    assert status in [i.value for i in at.info]
    assert (
        "fit_gd(X, y, lr=0.5, steps=200, batch_size=None, l2=0.01, seed=0)"
        in apptools.code_tabs(at)[1]
    )


def test_step_slider_replays_the_recorded_run_without_retraining(open_page, monkeypatch):
    calls = []
    original = lg.fit_gd
    monkeypatch.setattr(lg, "fit_gd", lambda *a, **k: calls.append(1) or original(*a, **k))
    at = open_page(STEM, query={"logistic_seed": "4242"})  # a run no other test cached
    assert len(calls) == 1
    at.slider(key="logistic_step").set_value(7).run()
    assert_clean(at)
    assert len(calls) == 1, "scrubbing must not retrain"
    X, y = lg.make_data("blobs", 200, 0.25, 4242)
    h = original(X, y, lr=0.5, steps=200, l2=0.01, seed=4242)
    assert metrics(at)[text("metrics.loss")] == fmt(h.loss[7], 3)
    assert "w_{7}" in latex(at)
    curves = figure(at, "curves.title")
    markers = [t for t in curves.data if t.mode == "markers"]
    assert [float(t.x[0]) for t in markers] == [7.0, 7.0]
    fig = replay(at)
    assert fig.layout.title.text.startswith(text("charts.replay.title", b=f"{h.b[7]:.3g}")[:30])
    assert f"b = {h.b[7]:.3g}" in fig.layout.title.text  # the surface is drawn at b of step 7
    assert fig.layout.sliders[0].steps[fig.layout.sliders[0].active].label == "7"


def replay_frames(fig) -> dict[int, go.Frame]:
    return {int(f.name.removeprefix("step")): f for f in fig.frames}


def test_replay_plays_in_the_browser_and_opens_on_the_selected_step(open_page):
    """The replay is a Plotly animation: frames through the whole run, a play button and a
    slider whose steps are the frames; the figure opens on the URL's step k."""
    at = open_page(STEM, query={"logistic_steps": "40", "logistic_step": "13"})
    assert_clean(at)
    assert at.slider(key="logistic_step").value == 13
    assert not [w for w in apptools.page_widgets(at) if w.key == "logistic_play"]
    fig = replay(at)
    frames = replay_frames(fig)
    assert 0 in frames and 40 in frames and 13 in frames and len(frames) >= 12
    [slider] = fig.layout.sliders
    assert [s.args[0][0] for s in slider.steps] == [f.name for f in fig.frames]
    assert [s.label for s in slider.steps] == [str(k) for k in sorted(frames)]
    assert list(slider.steps[slider.active].args[0]) == ["step13"]
    [menu] = fig.layout.updatemenus
    play, pause = menu.buttons
    assert play.method == "animate" and play.args[0] is None and play.args[1]["fromcurrent"]
    assert list(pause.args[0]) == [None]
    # Each frame holds that step's boundary and weights; the figure itself shows step 13.
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    h = lg.fit_gd(X, y, lr=0.5, steps=40, l2=0.01)
    animated = list(fig.frames[0].traces)
    current = fig.data[animated[3]]
    assert current.name == text("charts.replay.current")
    np.testing.assert_allclose([current.x[0], current.y[0]], h.w[13], rtol=1e-6)
    for k in (0, 13, 40):
        moved = dict(zip(animated, frames[k].data, strict=True))[animated[3]]
        np.testing.assert_allclose([moved.x[0], moved.y[0]], h.w[k], rtol=1e-6, atol=1e-12)
        grid = dict(zip(animated, frames[k].data, strict=True))[animated[0]].z
        box = charts.bounds(X, pad=0.08)
        g1, g2 = np.linspace(box[0], box[1], 32), np.linspace(box[2], box[3], 32)
        expected = np.rint(100 * lg.probability_grid(h.w[k], h.b[k], g1, g2))
        np.testing.assert_array_equal(np.asarray(grid, dtype=float), expected)
    # Moving k reruns only the training section: the same frames, a new opening step.
    at.slider(key="logistic_step").set_value(20).run()
    assert at.query_params["logistic_step"] in ("20", ["20"])  # the step is in the shared link
    again = replay(at)
    assert again.layout.sliders[0].steps[again.layout.sliders[0].active].label == "20"
    moved = set(replay_frames(again))
    assert 20 in moved and moved <= set(frames) | {20} and set(frames) <= moved | {13}


@pytest.mark.parametrize(("kind", "noise"), [("moons", 0.1), ("separable", 0.2)])
def test_data_controls_change_the_data(open_page, kind, noise):
    at = open_page(
        STEM, query={"logistic_n": "500", "logistic_noise": str(noise), "logistic_seed": "3"}
    )
    at.selectbox(key="logistic_data").set_value(kind).run()
    assert_clean(at)
    X, y = lg.make_data(kind, 500, noise, 3)
    data = replay(at)
    shown = np.concatenate([np.column_stack([t.x, t.y]) for t in data.data[1:3]])
    expected = np.concatenate([X[y == 0], X[y == 1]]).astype(np.float32)
    np.testing.assert_array_equal(shown, expected)


def test_optimiser_controls(open_page):
    at = open_page(STEM)
    at.slider(key="logistic_steps").set_value(50).run()
    assert at.slider(key="logistic_step").max == 50 and at.slider(key="logistic_step").value == 50
    assert not at.get("slider") or "logistic_batch_size" not in [w.key for w in at.slider]
    at.radio(key="logistic_batch").set_value("mini").run()
    at.slider(key="logistic_batch_size").set_value(16).run()
    assert "batch_size=16" in apptools.code_tabs(at)[1]
    at.radio(key="logistic_batch").set_value("sgd").run()
    assert "batch_size=1," in apptools.code_tabs(at)[1]
    at.select_slider(key="logistic_lr").set_value(0.01).run()
    assert_clean(at)
    assert "lr=0.01" in apptools.code_tabs(at)[1]
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    h = lg.fit_gd(X, y, lr=0.01, steps=50, batch_size=1, l2=0.01, seed=0)
    assert metrics(at)[text("metrics.loss")] == fmt(h.loss[-1], 3)


def test_no_penalty_on_separable_data_is_explained(open_page):
    at = open_page(STEM, query={"logistic_noise": "0", "logistic_l2": "0"})
    at.selectbox(key="logistic_data").set_value("separable").run()
    assert_clean(at)
    assert text("reference.ill_posed") in [m.value for m in at.markdown]
    assert any(w.value.startswith(text("status.separable")[:30]) for w in at.warning)
    assert metrics(at)[text("metrics.distance")] == "—"
    names = {t.name for t in replay(at).data}
    assert text("charts.data.reference") not in names
    assert text("charts.surface.reference") not in names


def test_divergence_is_stopped_and_explained_in_words(open_page, catalog_warnings):
    at = open_page(STEM, query={"logistic_lr": "10", "logistic_l2": "0.5"})
    assert_clean(at)
    assert not catalog_warnings()
    X, y = lg.make_data("blobs", 200, 0.25, 0)
    h = lg.fit_gd(X, y, lr=10.0, steps=200, l2=0.5)
    assert h.diverged
    [error] = at.error
    numbers = {k: fmt(v, 4) for k, v in lg.diagnose(h, X).numbers().items()}
    assert error.value == text("status.diverged", **numbers)
    assert f"step {h.diverged_at}." in error.value and "10" in numbers["lr"]
    curves = figure(at, "curves.title")
    assert any(
        a.text == text("charts.curves.diverged", step=h.diverged_at)
        for a in curves.layout.annotations
    )
    assert curves.layout.yaxis.type == "log"
    assert at.slider(key="logistic_step").max == h.steps_run
    for fig in figures(at).values():
        for trace in fig.data:
            for key in ("x", "y", "z"):
                value = trace[key] if key in trace else None
                if (
                    value is not None
                    and not isinstance(value, str)
                    and np.asarray(value).dtype.kind == "f"
                ):
                    # NaN only as the gaps between arrows; never an infinity
                    values = np.asarray(value)
                    assert not np.isinf(values).any()
                    if trace.connectgaps is not False:
                        assert np.isfinite(values).all()


def test_learning_rate_too_large_for_steady_descent(open_page):
    at = open_page(STEM, query={"logistic_lr": "10", "logistic_l2": "0.1"})
    assert_clean(at)
    assert any(w.value.startswith(text("status.unstable")[:30]) for w in at.warning)


def test_sample_and_pull_controls(open_page):
    at = open_page(STEM, query={"logistic_sample": "5"})
    assert "x_{5}" in latex(at)
    names = {t.name for t in replay(at).data}
    assert text("charts.data.sample", i=5) in names
    at.toggle(key="logistic_arrows").set_value(False).run()
    assert_clean(at)
    fig = replay(at)
    assert not [t for t in fig.data if t.name == text("charts.data.pulls")]
    assert all(len(f.data) == 5 for f in fig.frames)  # no pulls in the frames either


def test_run_dependent_widgets_follow_the_run(open_page):
    at = open_page(STEM, query={"logistic_step": "120", "logistic_sample": "150"})
    assert at.slider(key="logistic_step").value == 120
    at.slider(key="logistic_steps").set_value(60).run()  # 120 no longer exists: back to the end
    assert at.slider(key="logistic_step").value == 60
    at.slider(key="logistic_steps").set_value(300).run()  # at the end: stay at the end
    assert at.slider(key="logistic_step").value == 300
    at.slider(key="logistic_n").set_value(100).run()  # sample 150 no longer exists
    assert_clean(at)
    assert at.number_input(key="logistic_sample").value == 0


def test_naive_tab_shows_textbook_failures(open_page):
    at = open_page(STEM, query={"logistic_tab": lookup("en", f"{STEM}.tabs.naive")})
    assert_clean(at)
    table = figure(at, "naive.table_title", y="1")
    cells = [str(v) for column in table.data[0].cells.values for v in column]
    assert "NaN" in cells and "∞" in cells and text("naive.issues.nan") in cells
    figure(at, "naive.title")
    at.get("button_group")  # the label control exists
    at.text_input(key="logistic_logits").set_value("0, 50").run()
    table = figure(at, "naive.table_title", y="1")
    assert list(table.data[0].cells.values[0]) == ["0", "50"]


HOSTILE = ["nan", "1e309", "1,,2", "__import__('os')", "x" * 2000, " "]


def _naive_tab_survives(at, typed: str, lang: str):
    # The shared message for "nan"/"1e309" says "(no nan or inf)", and the share box repeats
    # the typed text in its URL: both quote the user, they are not values (see the report).
    assert_clean(at, allow=(lookup(lang, "errors.not_finite", token=typed), "logistic_logits="))
    assert at.error, "the parse error is shown"
    assert not [
        f
        for title, f in figures(at).items()
        if title.startswith(text("charts.naive.table_title", lang, y="1")[:8])
    ]
    figure(at, "naive.title", lang)  # the rest of the tab still renders


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_logits_show_an_error_and_the_rest_renders(open_page, typed):
    at = open_page(STEM, query={"logistic_tab": lookup("en", f"{STEM}.tabs.naive")})
    at.text_input(key="logistic_logits").set_value(typed).run()
    _naive_tab_survives(at, typed, "en")


@pytest.mark.parametrize("typed", HOSTILE[2:])
def test_hostile_logits_from_a_chinese_link(open_page, typed):
    # A shared link (AppTest cannot type into a Chinese page that has translated select
    # boxes: it formats their labels outside the script's session). The shell drops
    # non-finite URL values such as "nan" before the widgets exist, so those are typed above.
    at = open_page(
        STEM,
        lang="zh",
        query={"logistic_tab": lookup("zh", f"{STEM}.tabs.naive"), "logistic_logits": typed},
    )
    assert at.text_input(key="logistic_logits").value == typed
    _naive_tab_survives(at, typed, "zh")
    assert all(not e.value.isascii() for e in at.error)  # in Chinese


@pytest.mark.parametrize(
    "query",
    [
        {"logistic_step": "99999", "logistic_sample": "-3", "logistic_n": "abc"},
        {"logistic_lr": "nan", "logistic_l2": "1e309", "logistic_steps": "1e9"},
        {
            "logistic_data": "spiral",
            "logistic_batch": "??",
            "logistic_tab": "<script>",
            "logistic_seed": "-1",
        },
        {"logistic_step": "x" * 5000, "logistic_play": "maybe", "logistic_arrows": "2"},
    ],
)
def test_hostile_query_params_open_a_working_page(open_page, query):
    at = open_page(STEM, query=query)
    assert_clean(at)
    assert at.slider(key="logistic_step").value == at.slider(key="logistic_step").max


def test_worst_case_finishes_quickly(open_page):
    query = {
        "logistic_n": "2000",
        "logistic_steps": "2000",
        "logistic_noise": "0.5",
        "logistic_lr": "10",
        "logistic_l2": "0.0001",
        "logistic_batch": text("controls.modes.mini"),
        "logistic_batch_size": "2",
        "logistic_seed": str(9000 + int(time.time()) % 999),
    }
    start = time.perf_counter()
    at = open_page(
        STEM, query=query
    )  # cold: 2,000 mini-batch steps on 2,000 samples, sklearn, charts
    elapsed = time.perf_counter() - start
    assert "batch_size=2," in apptools.code_tabs(at)[1]
    assert_clean(at)
    assert at.slider(key="logistic_n").max == 2000  # the slider's end: the page's worst case
    assert at.slider(key="logistic_step").max == 2000
    assert elapsed < 10.0, elapsed  # about 1 s on an idle 2-core machine (see the report)
    payload = sum(len(c.proto.spec) for c in at.get("plotly_chart")) / 1024
    assert payload < 500, payload


def test_chinese(open_page, catalog_warnings):
    at = open_page(STEM, lang="zh")
    assert_clean(at)
    assert not catalog_warnings()
    assert at.title[0].value == text("title", "zh")
    body = everything(at)
    assert "梯度下降" in body and "交叉熵" in body and "学习率" in body
    fig = replay(at, "zh")
    assert fig.layout.sliders[0].currentvalue.prefix == "第 "
    assert fig.layout.sliders[0].currentvalue.suffix == " 步"
    assert fig.layout.updatemenus[0].buttons[0].label == text("charts.replay.play", "zh")


def test_language_switch_keeps_the_view(open_page):
    at = open_page(STEM)
    at.selectbox(key="logistic_data").set_value("moons")
    at.radio(key="logistic_batch").set_value("sgd").run()
    at.radio(key="lang").set_value("zh").run()
    assert_clean(at)
    assert at.selectbox(key="logistic_data").value == "moons"
    assert at.radio(key="logistic_batch").value == "sgd"
    assert at.title[0].value == text("title", "zh")


def test_presenter_mode(open_page):
    at = open_page(STEM, query={"present": "true"})
    assert_clean(at)
    assert len(at.get("plotly_chart")) == 4
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["font"]["size"] > 13
