"""Real-browser smoke test: every page in headless Chromium, both languages.

Starts ``streamlit run`` on a free loopback port and drives Debian's Chromium
through Playwright. Checks that each page connects and finishes its run, shows
no exception element and no raw ``nan``, and that every chart drew; saves a
screenshot per page and language under ``artifacts/screenshots/`` (ignored by
git) for a human to look at. Also clicks the shell's controls: language,
presenter mode and the share box.

Without Chromium the tests skip with the reason, except when ``CI=true``,
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from playground.app import registry
from playground.app.i18n import lookup
from tests import browser as tools

# All browser tests share one server and one Chromium (--dist loadfile keeps a file on one worker).
pytestmark = [pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
RAW_NAN = re.compile(r"(?<![A-Za-z_])nan(?![A-Za-z_])")


def _require_browser() -> str:
    path = tools.chromium_path()
    if path is None:
        reason = (
            "Chromium not found at /usr/bin/chromium or $CHROMIUM_PATH (apt-get install chromium)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dev requirements missing
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but playwright is not installed: {exc}")
        pytest.skip(f"playwright is not installed: {exc}")
    return path


@pytest.fixture(scope="module")
def server():
    _require_browser()
    with tools.streamlit_server() as base:
        # The very first session of a fresh server starts in Streamlit's legacy
        # pages/ mode and is moved to the app shell by a rerun (see
        # shell.require_navigation); that one session's browser then forgets
        # URL-bound values on its first page switch. Open it once here so the
        # tests below see what every later visitor sees;
        # test_deep_link_on_a_cold_server covers the cold case itself.
        with tools.chromium() as warm_browser:
            warm = warm_browser.new_page()
            warm.goto(base + "/")
            tools.wait_for_app(warm)
        yield base


@pytest.fixture(scope="module")
def browser(server):
    with tools.chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors
    yield tab
    context.close()


def _url(base: str, stem: str, query: str = "") -> str:
    path = "" if stem == "home" else stem
    return f"{base}/{path}{'?' + query if query else ''}"


def _visible_text(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda p: p.stem)
def test_page_in_browser(server, page, spec, lang):
    page.goto(_url(server, spec.stem, f"lang={lang}"))
    tools.wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    heading = page.locator("h1").first.inner_text()
    assert heading.strip() == lookup(lang, f"{spec.stem}.title")
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        assert charts.nth(i).locator(".main-svg").count() > 0, f"chart {i} not drawn"
    assert not RAW_NAN.search(_visible_text(page))
    assert page.page_errors == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    tools.full_screenshot(page, SHOTS / f"{spec.stem}-{lang}.png")


def test_shell_controls_in_browser(server, page):
    page.goto(_url(server, "home"))
    tools.wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == lookup("en", "home.title")

    # Language switch: the page is translated and the URL carries ?lang=zh.
    page.locator('[data-testid="stSidebar"] [data-testid="stRadio"] label').filter(
        has_text="zh"
    ).first.click()
    page.wait_for_function(
        "t => document.querySelector('h1') && document.querySelector('h1').innerText.trim() === t",
        arg=lookup("zh", "home.title"),
    )
    tools.wait_for_app(page)
    assert "lang=zh" in page.url

    # Presenter mode: bigger root font, URL updated.
    page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"] label').first.click()
    page.wait_for_function("() => getComputedStyle(document.documentElement).fontSize === '21px'")
    tools.wait_for_app(page)
    assert "present=true" in page.url

    # The share box holds a link to this exact view.
    share = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]').last.inner_text()
    assert "lang=zh" in share and "present=true" in share and share.startswith("http")

    # Opening the shared link reproduces the view in a fresh tab.
    fresh = page.context.new_page()
    fresh.goto(share.strip())
    tools.wait_for_app(fresh)
    assert fresh.locator("h1").first.inner_text().strip() == lookup("zh", "home.title")
    assert fresh.evaluate("getComputedStyle(document.documentElement).fontSize") == "21px"
    SHOTS.mkdir(parents=True, exist_ok=True)
    tools.full_screenshot(fresh, SHOTS / "home-zh-present.png")


def test_present_alias_and_navigation(server, page):
    page.goto(_url(server, "home", "present=1&lang=zh"))
    tools.wait_for_app(page)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "21px"
    nav = page.locator('[data-testid="stSidebarNav"] a')
    if len(registry.PAGES) > 1:  # Streamlit hides the menu of a one-page app
        assert nav.count() == len(registry.PAGES)
    for spec in registry.topics():
        assert (
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.url_path}"]').count() == 1
        )
    # The address bar keeps both, so presenter mode and the language survive
    # a page switch.
    assert re.search(r"present=(1|true)", page.url) and "lang=zh" in page.url
    if registry.topics():
        spec = registry.topics()[-1]
        # Presenter mode folds the sidebar away; its arrow brings the navigation back.
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.url_path}"]').click()
        page.wait_for_url(f"**/{spec.url_path}**")
        tools.wait_for_app(page)
        assert page.locator("h1").first.inner_text().strip() == lookup("zh", f"{spec.stem}.title")
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "21px"


def test_deep_link_on_a_cold_server(browser):
    """The first request a fresh server sees is a deep link to a topic page.

    With a ``pages/`` folder, Streamlit would run that page alone in its
    legacy mode (no shell); the page must come up inside the app shell.
    """
    spec = registry.topics()[0] if registry.topics() else registry.PAGES[0]
    with tools.streamlit_server() as cold_base:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        tab = context.new_page()
        tab.goto(_url(cold_base, spec.stem, "lang=zh&present=1"))
        tools.wait_for_app(tab)
        assert tab.locator("h1").first.inner_text().strip() == lookup("zh", f"{spec.stem}.title")
        sidebar = tab.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stRadio"]').first.wait_for(timeout=30_000)  # language
        assert tab.evaluate("getComputedStyle(document.documentElement).fontSize") == "21px"
        if len(registry.PAGES) > 1:
            assert tab.locator('[data-testid="stSidebarNav"] a').count() == len(registry.PAGES)
        context.close()


def test_typed_array_gaps_split_lines_while_the_replay_plays(server, page):
    """The replay's pulls are sent as float32 typed arrays with NaN gaps (cheaper to
    encode than lists with nulls): plotly.js must draw them as separate arrows, in the
    first view and in the animation frames."""
    page.goto(_url(server, "logistic_regression"))
    tools.wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    lines = (
        "el => Array.from(el.querySelectorAll('g.trace.scatter')).map(g => "
        "[g.querySelectorAll('path.js-line').length, Array.from(g.querySelectorAll("
        "'path.js-line')).map(p => p.getAttribute('d')).join('|')])"
    )
    for _ in range(100):  # the app's run is done; Plotly may still be drawing
        before = chart.evaluate(lines)
        if max((n for n, _ in before), default=0) >= 40:
            break
        page.wait_for_timeout(100)
    pulls = max(range(len(before)), key=lambda i: before[i][0])
    assert before[pulls][0] == 40  # the page's default: 40 arrows, each its own path
    chart.locator("g.updatemenu-button").first.click()  # play
    for _ in range(50):
        page.wait_for_timeout(100)
        now = chart.evaluate(lines)
        if now[pulls][1] != before[pulls][1]:  # an earlier frame is drawn
            break
    assert now[pulls][1] != before[pulls][1], "the replay did not play"
    assert now[pulls][0] > 1, "the pulls were drawn as one connected line"
    assert page.page_errors == []


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda p: p.stem)
def test_presenter_layout_holds_at_1280(server, browser, spec, lang):
    """A classroom projector: presenter mode at 1280×720, the default view and every tab.

    Fails on any metric, label, tab or select text cut by its box, a formula
    wider than its column, or chart texts (titles, axis titles, legends,
    annotations, tick labels of one axis) outside the chart or on top of each
    other (``tests/browser.py``'s ``LAYOUT_PROBLEMS_JS``). Screenshots of every
    view go to ``artifacts/screenshots/presenter-1280/``. 1920×1080 is checked
    before a release with ``python -m tests.browser --check --present --width 1920
    --height 1080``.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    views = tools.check_views(
        tab, server, spec.stem, lang, present=True, shots=SHOTS / "presenter-1280"
    )
    collapsed = tab.locator('[data-testid="stSidebar"][data-collapsed="true"]').count()
    context.close()
    assert {view: problems for view, problems in views.items() if problems} == {}
    assert collapsed == 1, "presenter mode leaves the sidebar open"
