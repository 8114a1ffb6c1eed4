"""playground.app helpers in a tiny AppTest script: widgets, tabs, guards."""

from __future__ import annotations

import types

import pytest
from streamlit.testing.v1 import AppTest

from playground.app.i18n import lookup
from playground.app.widgets import log_options


def _script():
    import numpy as np
    import streamlit as st

    from playground.app import layout, widgets
    from playground.app.shell import settings
    from playground.charts import theme

    settings()
    group = widgets.choice(
        "Group",
        {"opt": "app.groups.optimisation", "norm": "app.groups.neural"},
        key="demo_group",
    )
    seg = widgets.choice(
        "Seg",
        {"opt": "app.groups.optimisation", "norm": "app.groups.neural"},
        key="demo_seg",
        kind="segmented_control",
    )
    lr = widgets.log_slider("lr", key="demo_lr", min_value=1e-3, max_value=10, value=0.1)
    values = widgets.number_list("logits", key="demo_logits", value="2, 1, 0.1", min_len=2)
    first, second = layout.tabs(["app.groups.optimisation", "app.groups.neural"], key="demo_tab")
    with second:
        if second.open:
            st.markdown("SECOND-OPEN")
    with layout.guard("app.share.label"):
        raise RuntimeError("boom")
    with layout.guard("app.share.label"):
        fig = theme.new_figure("t")
        fig.add_scatter(x=np.arange(3.0), y=np.arange(3.0))
        layout.chart(fig)
    n = "none" if values is None else len(values)
    st.markdown(f"RESULT group={group} seg={seg} lr={lr} n={n}")


def _run(query: dict | None = None) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _result(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("RESULT"))


def test_defaults():
    at = _run()
    assert not at.exception
    assert _result(at) == "RESULT group=opt seg=opt lr=0.1 n=3"
    assert "SECOND-OPEN" not in [m.value for m in at.markdown]


def test_guard_turns_an_error_into_a_friendly_warning():
    at = _run()
    assert not at.exception
    expected = lookup("en", "common.section_failed", section=lookup("en", "app.share.label"))
    assert [w.value for w in at.warning] == [expected]
    assert len(at.get("plotly_chart")) == 1  # the next section still drew


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("label_lang", ["en", "zh"])
def test_choice_and_tab_links_work_in_either_language(lang, label_lang):
    label = lookup(label_lang, "app.groups.neural")
    at = _run({"lang": lang, "demo_group": label, "demo_seg": label, "demo_tab": label})
    assert not at.exception
    assert "group=norm seg=norm" in _result(at)
    assert "SECOND-OPEN" in [m.value for m in at.markdown]


def test_log_slider_deep_link():
    at = _run({"demo_lr": "2.5"})
    assert "lr=2.5" in _result(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("1,,2", "empty_item"),
        ("nan, 1", "not_finite"),
        ("__import__('os')", "not_a_number"),
        ("1e309, 2", "not_finite"),
        ("7", "too_few"),
    ],
)
def test_number_list_errors_are_translated(lang, text, code):
    at = _run({"lang": lang, "demo_logits": text})
    assert not at.exception
    assert "n=none" in _result(at)
    messages = [e.value for e in at.error]
    assert len(messages) == 1
    assert messages[0].startswith(lookup(lang, f"errors.{code}").split("{")[0][:6])


def test_log_options_are_round_and_inclusive():
    options = log_options(1e-3, 10)
    assert options[0] == 0.001 and options[-1] == 10
    assert 0.1 in options and 1.0 in options and 2.5 in options
    assert all(a < b for a, b in zip(options, options[1:], strict=False))
    with pytest.raises(ValueError):
        log_options(0, 1)


def _int_input_script():
    import streamlit as st

    from playground.app.shell import settings

    settings()
    n = st.number_input("n", 0, 100, 5, key="demo_n", bind="query-params")
    st.markdown(f"RESULT n={n}")


@pytest.mark.parametrize("raw", ["inf", "-inf", "nan", "1e309", "-Infinity"])
def test_nonfinite_url_values_are_dropped(raw):
    """Streamlit 1.67 crashes seeding a bound int number_input from ?key=inf;
    the shell drops non-finite URL values before any widget is created."""
    at = AppTest.from_function(_int_input_script, default_timeout=30)
    at.query_params["demo_n"] = raw
    at.run()
    assert not at.exception
    assert _result(at) == "RESULT n=5"


def test_finite_url_values_still_apply():
    at = AppTest.from_function(_int_input_script, default_timeout=30)
    at.query_params["demo_n"] = "7"
    at.run()
    assert _result(at) == "RESULT n=7"


def _scaled(x):
    return SCALE * x  # noqa: F821 -- SCALE lives in the globals each clone is given


def _page_function(template, scale, code=None):
    """``template`` as a page script run would define it: fresh globals, module ``__main__``."""
    import types

    namespace = {"__name__": "__main__", "SCALE": scale}
    fn = types.FunctionType(code or template.__code__, namespace, template.__name__)
    fn.__module__, fn.__qualname__ = "__main__", template.__qualname__
    return fn


def test_page_cache_wrappers_are_reused_only_while_code_and_globals_are_the_same():
    from playground.app import layout

    a, b = object(), object()
    first = layout.cached(_page_function(_scaled, a))
    # A rerun of an unchanged script: same compiled code, same objects behind
    # the globals it reads -> the same wrapper (no source hashing again).
    assert layout.cached(_page_function(_scaled, a)) is first
    # A global bound to another object: a new wrapper, never the old function.
    other = layout.cached(_page_function(_scaled, b))
    assert other is not first
    assert layout.cached(_page_function(_scaled, b)) is other
    # Edited script (new code object under the same name): a new wrapper.
    edited = _scaled.__code__.replace(co_consts=_scaled.__code__.co_consts)
    assert edited is not _scaled.__code__
    assert layout.cached(_page_function(_scaled, b, code=edited)) is not other
    # A different size bound is a different cache.
    assert layout.cached(max_entries=3)(_page_function(_scaled, b)) is not other


def test_shared_results_are_the_same_object_and_keyed_exactly():
    import numpy as np

    from playground.app import layout

    calls = []

    def work(x, *, scale=1.0):
        calls.append(x)
        return {"x": x, "scale": scale}

    memo = layout.shared(max_entries=4)(work)
    first = memo(np.arange(3.0), scale=2.0)
    assert memo(np.arange(3.0), scale=2.0) is first  # no copy, no recomputation
    assert len(calls) == 1
    memo(np.arange(3), scale=2.0)  # same values, another dtype: another result
    memo(np.arange(3.0), scale=2)  # 2 and 2.0 are equal in a dict, not here
    memo(np.arange(3.0).reshape(3, 1), scale=2.0)  # same bytes, another shape
    assert len(calls) == 4
    assert memo(1) is not memo(True) and memo(0.0) is not memo(-0.0)


def test_shared_keeps_the_most_recently_used_results():
    from playground.app import layout

    calls = []
    memo = layout.shared(max_entries=2)(lambda x: calls.append(x) or [x])
    memo(1), memo(2), memo(1), memo(3)  # 2 is the least recently used: dropped
    assert calls == [1, 2, 3]
    memo(1)
    memo(2)
    assert calls == [1, 2, 3, 2]


def test_shared_does_not_store_exceptions_and_rejects_unkeyable_arguments():
    import numpy as np

    from playground.app import layout

    calls = []

    def flaky(x):
        calls.append(x)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return x

    memo = layout.shared(flaky)
    with pytest.raises(ValueError):
        memo(5)
    assert memo(5) == 5 and calls == [5, 5]
    with pytest.raises(TypeError, match="cannot key"):
        memo(object())
    with pytest.raises(TypeError, match="cannot key"):  # its bytes would be pointers
        memo(np.array([object()]))


def test_shared_result_modified_by_a_caller_fails_under_test(monkeypatch):
    from playground.app import layout

    monkeypatch.setenv("PLAYGROUND_CHECK_SPECS", "1")
    memo = layout.shared(lambda n: {"frames": list(range(n))})
    memo(3)["frames"].append(99)  # a caller that modifies what it was given
    with pytest.raises(AssertionError, match="modified by a caller"):
        memo(3)


def test_shared_results_survive_a_recompiled_page_script():
    """AppTest compiles the page again on every run; a server when the file changes.
    The same source finds its results again (as st.cache_data does); edited code
    starts afresh."""
    from playground.app import layout

    source = "def heavy(x):\n    CALLS.append(x)\n    return [x]\n"
    calls: list = []

    def compiled(text):  # what running the page script defines, without running it
        module = compile(text, "pages/demo_shared.py", "exec")
        code = next(c for c in module.co_consts if isinstance(c, types.CodeType))
        fn = types.FunctionType(code, {"__name__": "__main__", "CALLS": calls}, "heavy")
        fn.__module__ = "__main__"
        return fn

    first = layout.shared(compiled(source))(7)
    assert layout.shared(compiled(source))(7) is first and calls == [7]
    layout.shared(compiled(source.replace("[x]", "[x, x]")))(7)
    assert calls == [7, 7]


def _reads_attribute(obj):
    return obj.scale  # an attribute named like a page global, not the global itself


def test_page_cache_ignores_attribute_names_that_match_globals():
    from playground.app import layout

    namespace_a = {"__name__": "__main__", "scale": object()}
    namespace_b = {"__name__": "__main__", "scale": object()}
    fns = []
    for namespace in (namespace_a, namespace_b):
        fn = types.FunctionType(_reads_attribute.__code__, namespace, "_reads_attribute")
        fn.__module__, fn.__qualname__ = "__main__", _reads_attribute.__qualname__
        fns.append(fn)
    # ``scale`` changed between the two "reruns", but the function never reads
    # the global ``scale``: the wrapper (and its cache) is kept.
    assert layout.cached(fns[1]) is layout.cached(fns[0])


def test_chinese_choice_survives_a_rerun():
    """Streamlit may format a choice after the run ended; its label stays Chinese."""
    at = _run({"lang": "zh", "demo_seg": lookup("zh", "app.groups.neural")})
    assert "seg=norm" in _result(at)
    at.run()  # AppTest sends the segmented control's formatted value back
    assert not at.exception
    assert "seg=norm" in _result(at)
    at.get_by_key("demo_group").set_value("norm").run()
    assert not at.exception and "group=norm seg=norm" in _result(at)


def _range_script():
    import streamlit as st

    from playground.app import widgets
    from playground.app.shell import settings

    settings()
    top = int(st.number_input("top", 1, 50, 20, key="demo_top", bind="query-params"))
    widgets.keep_in_range("demo_last", 0, top, reset=top, follow=True)
    last = st.slider("last", 0, top, key="demo_last", bind="query-params")
    widgets.keep_in_range("demo_first", 0, top, reset=0)
    first = st.slider("first", 0, top, key="demo_first", bind="query-params")
    widgets.keep_in_range("demo_edge", 1, top)
    edge = st.slider("edge", 1, top, min(3, top), key="demo_edge", bind="query-params")
    st.markdown(f"RESULT last={last} first={first} edge={edge}")


def _range_run(**query) -> AppTest:
    at = AppTest.from_function(_range_script, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_keep_in_range_defaults_and_deep_links():
    assert _result(_range_run()) == "RESULT last=20 first=0 edge=3"
    at = _range_run(demo_last="7", demo_first="5", demo_edge="9")
    assert not at.exception
    assert _result(at) == "RESULT last=7 first=5 edge=9"


def test_keep_in_range_moves_values_back_when_the_range_shrinks():
    at = _range_run(demo_last="15", demo_first="12", demo_edge="18")
    at.number_input(key="demo_top").set_value(10).run()
    assert not at.exception
    # reset: back to ``reset``; without it: to the nearest end
    assert _result(at) == "RESULT last=10 first=0 edge=10"


def test_keep_in_range_follow_stays_at_the_end_only_when_it_was_there():
    at = _range_run()
    at.number_input(key="demo_top").set_value(30).run()
    assert "last=30" in _result(at)  # was at the end: follows it
    at.slider(key="demo_last").set_value(12).run()
    at.number_input(key="demo_top").set_value(40).run()
    assert "last=12" in _result(at)  # inside the range, not at the end: stays


@pytest.mark.parametrize("raw", ["abc", "-3", "99999", "1e3", "\u00b2", "x" * 5000, "nan"])
def test_keep_in_range_survives_hostile_urls(raw):
    at = _range_run(demo_last=raw, demo_first=raw, demo_edge=raw)
    assert not at.exception
    values = dict(item.split("=") for item in _result(at).split()[1:])
    assert 0 <= int(values["first"]) <= 20 and 1 <= int(values["edge"]) <= 20
    assert values["last"] == "20"


def _prepared_script():
    import numpy as np
    import streamlit as st

    from playground.app import layout
    from playground.app.shell import presenting, settings
    from playground.charts import theme

    settings()

    def fresh():
        frames = [{"name": str(k), "data": [{"y": np.arange(3.0) * k}]} for k in range(5)]
        line = {"type": "scatter", "mode": "lines", "x": np.arange(3.0), "y": np.arange(3.0)}
        return theme.figure("t", [line], frames=frames)

    @st.cache_data
    def cached_spec():
        return layout.prepared(fresh())

    layout.chart(cached_spec(), key="from_cache")
    layout.chart(cached_spec(), key="from_cache_again")  # the cache's copy is restyled freshly
    layout.chart(fresh(), key="from_figure")
    st.markdown(f"PRESENT={presenting()}")


@pytest.mark.parametrize("present", [False, True])
def test_a_prepared_spec_draws_like_its_figure(present):
    """A spec made once (inside a cached function) is drawn exactly like the figure,
    in presenter mode too, and restyling one rerun's copy does not touch the cache."""
    from tests import apptools

    at = AppTest.from_function(_prepared_script, default_timeout=30)
    if present:
        at.query_params["present"] = "true"
    at.run()
    assert not at.exception
    for _ in range(2):  # the second run reads the cached spec
        specs = apptools.chart_specs(at)
        assert len(specs) == 3
        assert specs[0] == specs[1] == specs[2]
        assert len(specs[0]["frames"]) == 5
        at.run()


def _turns_script():
    import streamlit as st

    from playground.app import layout, shell

    @layout.fragment
    def section():
        st.markdown(f"FRAGMENT in turn={shell._TURN._is_owned()}")

    st.markdown(f"SCRIPT in turn={shell._TURN._is_owned()}")
    section()


def test_a_fragment_takes_its_turn():
    at = AppTest.from_function(_turns_script, default_timeout=30).run()
    texts = [m.value for m in at.markdown]
    # Outside the entry point nothing holds the turn; the fragment takes it itself.
    assert texts == ["SCRIPT in turn=False", "FRAGMENT in turn=True"]


def test_script_runs_take_turns(monkeypatch, open_page):
    """The entry point holds the turn while a page runs (another session waits)."""
    from playground.app import layout, shell

    seen = []
    header = layout.header

    def spy(ns):
        seen.append(shell._TURN._is_owned())
        header(ns)

    monkeypatch.setattr(layout, "header", spy)
    at = open_page("bayes")
    assert not at.exception
    assert seen == [True]


def test_taking_turns_blocks_a_second_thread_until_the_first_is_done():
    import threading

    from playground.app import shell

    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        with shell.taking_turns():
            inside.set()
            release.wait(5)
            order.append("first done")

    def second():
        inside.wait(5)
        with shell.taking_turns():
            order.append("second ran")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(5)
    threading.Event().wait(0.2)  # give the second thread time to try
    assert order == []
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first done", "second ran"]
    with shell.taking_turns(), shell.taking_turns():  # reentrant within one thread
        pass


def test_pages_use_the_turn_taking_fragment():
    from pathlib import Path

    pages = Path(__file__).resolve().parents[1] / "pages"
    direct = [p.name for p in sorted(pages.glob("*.py")) if "st.fragment" in p.read_text()]
    assert direct == []
