"""AppTest for every registered page, in English and Chinese.

The page list comes from the navigation registry, so a new page is covered
with no edit here: it must render without exception in both languages, show no
raw ``nan``, ask the catalog only for keys that exist, give every widget a
page-prefixed key bound to the URL, and reopen from a deep link with the
values the link carries (each widget and each bound tab on its own).
"""

from __future__ import annotations

import pytest

from playground.app import registry
from playground.app.i18n import lookup
from tests import apptools
from tests.conftest import ENTRY

PAGES = [pytest.param(p, id=p.stem) for p in registry.PAGES]
LANGS = ["en", "zh"]


def _assert_clean(at, catalog_warnings) -> None:
    apptools.assert_healthy(at)
    assert not catalog_warnings(), catalog_warnings()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", PAGES)
def test_page_renders(open_page, catalog_warnings, spec, lang):
    at = open_page(spec.stem, lang=lang)
    _assert_clean(at, catalog_warnings)
    assert at.title[0].value == lookup(lang, f"{spec.stem}.title")
    assert not at.error, [e.value for e in at.error]
    assert at.radio(key="lang").value == lang


@pytest.mark.parametrize("spec", PAGES)
def test_widgets_are_prefixed_and_bound(open_page, spec):
    at = open_page(spec.stem)
    for widget in apptools.widgets(at):
        if widget.key in apptools.SHELL_KEYS:
            continue
        assert widget.key and widget.key.startswith(f"{spec.prefix}_"), widget
        assert widget.proto.query_param_key == widget.key, f"{widget.key} is not URL-bound"
    for tabs in apptools.tab_containers(at):
        assert tabs.proto.tab_container.query_param_key.startswith(f"{spec.prefix}_")


@pytest.mark.parametrize("spec", PAGES)
def test_deep_link_sets_each_widget(open_page, catalog_warnings, spec):
    default = open_page(spec.stem)
    links = [link for w in apptools.page_widgets(default) if (link := apptools.deep_link_for(w))]
    for link in links:
        at = open_page(spec.stem, query={link.key: link.url_value})
        _assert_clean(at, catalog_warnings)
        widget = at.get_by_key(link.key) if hasattr(at, "get_by_key") else None
        assert widget is not None and link.holds(widget), (link, widget)


@pytest.mark.parametrize("spec", PAGES)
def test_deep_link_opens_each_tab(open_page, catalog_warnings, spec):
    default = open_page(spec.stem)
    for tabs in apptools.tab_containers(default):
        key = tabs.proto.tab_container.query_param_key
        if not key:
            continue
        for tab in tabs.children.values():
            at = open_page(spec.stem, query={key: tab.label})
            _assert_clean(at, catalog_warnings)


def test_language_and_presenter_from_url(open_page):
    at = open_page("home", query={"lang": "zh", "present": "1"})
    assert not at.exception
    assert at.radio(key="lang").value == "zh"
    assert at.toggle(key="present").value is True
    assert at.title[0].value == lookup("zh", "home.title")


@pytest.mark.parametrize("raw", ["fr", "", "ZZ" * 3000, "1", "<script>"])
def test_unknown_language_falls_back_to_english(open_page, raw):
    at = open_page("home", query={"lang": raw})
    assert not at.exception
    assert at.radio(key="lang").value == "en"
    assert at.title[0].value == lookup("en", "home.title")


@pytest.mark.parametrize("raw", ["zh-CN", "zh_TW", "ZH"])
def test_regional_chinese_codes_open_chinese(open_page, raw):
    at = open_page("home", query={"lang": raw})
    assert at.radio(key="lang").value == "zh"


def test_switching_language_translates_the_page(open_page):
    at = open_page("home")
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == lookup("zh", "home.title")
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == lookup("en", "home.title")


def test_presenter_toggle_folds_prose(open_page):
    at = open_page("home")
    expanders_before = len(at.expander)
    at.toggle(key="present").set_value(True).run()
    assert not at.exception
    assert len(at.expander) > expanders_before


def test_share_box_carries_language_and_presenter(open_page):
    at = open_page("home", query={"lang": "zh", "present": "true"})
    share = at.sidebar.code[-1].value
    assert "lang=zh" in share and "present=true" in share


def test_home_has_a_card_per_topic(open_page):
    at = open_page("home")
    pages = [el.proto.page for el in at._tree if type(el).__name__ == "PageLink"]
    drill = [page for page in pages if page.endswith("practice")]  # the interview-drill card
    assert len(drill) == 1 and len(pages) - len(drill) == len(registry.topics())


def test_share_box_keeps_chinese_readable_and_the_link_exact(open_page):
    from urllib.parse import parse_qs, urlsplit

    tab = lookup("zh", "batch_norm.tabs.formula")
    at = open_page("batch_norm", query={"lang": "zh", "bn_tab": tab, "bn_tiny": "1, 2 & 3"})
    share = at.sidebar.code[-1].value
    assert "手算" in share and "%E" not in share.split("bn_tiny")[0]  # Chinese stays readable
    query = parse_qs(urlsplit(share).query)
    assert query["bn_tab"] == [tab] and query["bn_tiny"] == ["1, 2 & 3"]


@pytest.mark.parametrize("spec", PAGES)
def test_page_cache_wrappers_are_made_once(spec, monkeypatch):
    """A page's ``layout.shared``/``layout.cached`` functions keep their wrapper from rerun
    to rerun.

    A server compiles each script once; a cached page function that reads a global
    rebuilt on every run (an array, a dict) would get a new ``st.cache_data``
    wrapper on every rerun (about a millisecond each). AppTest recompiles the
    scripts on every run, so this test shares one compiled copy, as a server does.
    """
    from streamlit.testing.v1 import AppTest, local_script_runner
    from streamlit.testing.v1 import app_test as app_test_module

    from playground.app import layout

    shared = app_test_module.ScriptCache()
    monkeypatch.setattr(app_test_module, "ScriptCache", lambda: shared)
    monkeypatch.setattr(local_script_runner, "ScriptCache", lambda: shared)
    made: list[str] = []

    class Recording(dict):
        def __setitem__(self, key, value):
            made.append(key[1])
            super().__setitem__(key, value)

    monkeypatch.setattr(layout, "_PAGE_CACHED", Recording())
    at = AppTest.from_file(ENTRY, default_timeout=60)
    if spec.stem != "home":
        at.switch_page(spec.script)
    at.run()
    first = list(made)
    at.run()
    at.run()
    assert not at.exception
    assert made == first, f"rebuilt on every rerun: {sorted(set(made[len(first) :]))}"
