"""The frame around every page: language, presenter mode, navigation, sharing.

``streamlit_app.py`` calls, in order::

    with shell.taking_turns():                    # one script run at a time
        shell.settings()                          # sidebar: language + presenter
        page = st.navigation(shell.navigation())  # translated, grouped pages
        with shell.share_after(page):             # "Share this view" box
            page.run()

The language switch and the presenter toggle are ordinary widgets bound to
the URL (``?lang=zh``, ``?present=true``); Streamlit keeps them in sync. Two
aliases are accepted when a link is opened: ``?present=1`` (also ``yes``/
``on``) and regional language codes such as ``?lang=zh-CN``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import streamlit as st

from playground.app import i18n
from playground.app.i18n import t
from playground.app.registry import GROUPS, PAGES

__all__ = [
    "Settings",
    "require_navigation",
    "is_dark",
    "navigation",
    "presenting",
    "settings",
    "share_after",
    "share_url",
    "taking_turns",
]

_LOG = logging.getLogger(__name__)

LANG_KEY = "lang"
PRESENT_KEY = "present"
_TRUE_ALIASES = {"1", "yes", "on", "true"}


# One lock for the whole process: see taking_turns.
_TURN = threading.RLock()


@contextlib.contextmanager
def taking_turns() -> Iterator[None]:
    """Run the enclosed script code while no other session's script runs.

    One Streamlit process runs each session's script in its own thread, but
    the interpreter lock lets only one of them execute Python at a time. With
    a class of sessions rerunning at once, the threads interleave every few
    milliseconds: every run takes as long as all of them together, and the
    switching itself costs CPU. Taking turns lets each run finish in its own
    time while the others wait, and raises throughput: 60 simulated students
    on one process, 25–27 → 40–41 reruns/s and rerun p95 1.8–2.0 s → 0.9 s
    (``docs/PERFORMANCE.md``). The event loop (sending messages to browsers)
    is not behind this lock.

    Reentrant: a fragment (:func:`playground.app.layout.fragment`) takes its
    turn too, also when it runs inside a full run of its page. A run that is
    interrupted (a newer rerun, a closed tab) leaves the block by an exception
    and so releases the turn.
    """
    with _TURN:
        yield


@dataclass(frozen=True)
class Settings:
    """App-level settings of this session."""

    lang: str
    present: bool


def _rewrite_url_params(changes: dict[str, str | None]) -> bool:
    """Replace (value) or drop (``None``) URL parameters before widgets exist.

    Bound widgets seed from the URL *as first received*, which
    ``st.query_params`` cannot edit, so this goes through Streamlit's
    query-parameter store. The browser is not told: sending it a new query
    string makes it forget which parameters are bound, and it then drops them
    all on the next page switch. The widgets themselves put their values in
    the address bar as they change. Parameters already bound to a widget are
    left alone. Returns False if the internal API is not available (the caller
    then falls back to something coarser).
    """
    try:
        from streamlit.runtime.state.session_state_proxy import get_session_state

        with get_session_state().query_params() as qp:
            initial = qp._initial_query_params
            for key, value in changes.items():
                if qp.is_bound(key):
                    continue
                if value is None:
                    qp.discard_param_no_forward_msg(key)
                    initial.pop(key, None)
                else:
                    qp._set_item_internal(key, value)
                    initial[key] = [value]
        return True
    except Exception:  # pragma: no cover - depends on Streamlit internals
        _LOG.warning("could not rewrite query parameters %s", list(changes), exc_info=True)
        return False


def _sanitize_url() -> None:
    """Fix the URL before any widget reads it.

    - Values such as ``inf``, ``-inf``, ``nan`` or ``1e309`` are dropped: no
      widget of the app accepts a non-finite number, and Streamlit 1.67
      crashes while seeding a bound integer ``st.number_input`` from
      ``?key=inf`` (``OverflowError`` in its deserializer).
    - Aliases become canonical values: ``?present=1`` (``yes``, ``on``) ->
      ``present=true`` and ``?lang=zh-CN`` (``ZH``, ``zh_TW``) -> ``lang=zh``,
      so the address bar, page switches and shared links keep them.
    """
    changes: dict[str, str | None] = {}
    for key in st.query_params:
        if any(_nonfinite_number(v) for v in st.query_params.get_all(key)):
            changes[key] = None
    raw_present = st.query_params.get(PRESENT_KEY)
    if isinstance(raw_present, str) and raw_present.strip().lower() in _TRUE_ALIASES - {"true"}:
        changes[PRESENT_KEY] = "true"
    raw_lang = st.query_params.get(LANG_KEY)
    if isinstance(raw_lang, str) and raw_lang not in i18n.LANGUAGES:
        normalized = i18n.normalize_language(raw_lang)
        if normalized != i18n.DEFAULT_LANGUAGE:
            changes[LANG_KEY] = normalized
    if changes and not _rewrite_url_params(changes):
        # Coarser fallback: set the widgets through session state.
        if changes.get(PRESENT_KEY) == "true":
            st.session_state[PRESENT_KEY] = True
        if changes.get(LANG_KEY):
            st.session_state[LANG_KEY] = changes[LANG_KEY]


def _nonfinite_number(text: str) -> bool:
    try:
        return not math.isfinite(float(text))
    except (TypeError, ValueError):
        return False


#: Session-state entry listing the keys of ``widgets.choice`` widgets.
CHOICE_KEYS = "_playground_choice_keys"


def _relabel_choices() -> None:
    """Language switch callback: re-send every translated choice's value.

    Assigning a widget's own value through session state makes Streamlit send
    it to the browser again, now with the labels of the new language, so the
    browser stops holding the old-language label (which would no longer match
    any option on the next rerun).
    """
    for key in st.session_state.get(CHOICE_KEYS, ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def settings() -> Settings:
    """Draw the sidebar language switch and presenter toggle; return both."""
    _sanitize_url()
    with st.sidebar:
        lang = st.radio(
            "Language · 语言",
            i18n.LANGUAGES,
            captions=[i18n.LANGUAGE_NAMES[c] for c in i18n.LANGUAGES],
            horizontal=True,
            key=LANG_KEY,
            bind="query-params",
            on_change=_relabel_choices,
        )
        present = st.toggle(
            t("app.presenter.label"),
            key=PRESENT_KEY,
            bind="query-params",
            help=t("app.presenter.help"),
        )
    i18n.remember_language(lang)
    _inject_css(bool(present))
    # Presenter mode gives the projector's width to the page: the sidebar
    # (language, presenter switch, share box) folds away behind its arrow.
    st.set_page_config(initial_sidebar_state="collapsed" if present else "auto")
    return Settings(lang=i18n.normalize_language(lang), present=bool(present))


def require_navigation() -> None:
    """Restart the run through ``streamlit_app.py`` if Streamlit skipped it.

    With a ``pages/`` folder next to the entry script, Streamlit starts in its
    legacy multipage mode and only leaves it once ``st.navigation`` has run.
    On a freshly started server whose first request is a deep link (say
    ``/softmax_temperature?lang=zh``), it would therefore run the page script
    alone: no language switch, no navigation, no page config. A page that
    finds itself in that mode switches it off (as ``st.navigation`` does) and
    reruns, which goes through the entry point with the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def presenting() -> bool:
    """Whether presenter mode is on for this session."""
    return bool(st.session_state.get(PRESENT_KEY, False))


def is_dark() -> bool:
    """Whether the viewer uses Streamlit's dark theme (best effort)."""
    try:
        return st.context.theme.type == "dark"
    except (AttributeError, RuntimeError):
        return False


# Both modes: a metric's label and value wrap instead of being cut with "…"
# (the number is what the lesson is about).
_COMMON_CSS = """
[data-testid="stMetricValue"] { font-variant-numeric: tabular-nums; }
[data-testid="stMetric"] [data-testid="stMarkdownContainer"],
[data-testid="stMetric"] [data-testid="stMarkdownContainer"] p {
  overflow: visible; white-space: normal; text-overflow: clip;
}
"""

_BASE_CSS = f"""
<style>
[data-testid="stMainBlockContainer"] {{ max-width: 1320px; padding-top: 2.5rem; }}
{_COMMON_CSS}
</style>
"""

# Presenter mode (a projector, often 1280 px wide): larger text; the sidebar is
# collapsed by the page config (see settings); columns wrap onto the next row
# when they would get narrower than 15rem, so metric rows and control columns
# stack instead of squeezing their text; formulas at body size (the root font
# is already larger).
_PRESENTER_CSS = f"""
<style>
html {{ font-size: 21px; }}
[data-testid="stMainBlockContainer"] {{
  max-width: 100%; padding-left: 2rem; padding-right: 2rem; padding-top: 2rem;
}}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {{
  line-height: 1.5;
}}
[data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{ min-width: min(100%, 15rem); }}
[data-testid="stMetricValue"] {{ font-size: 1.75rem; }}
{_COMMON_CSS}
</style>
"""


def _inject_css(present: bool) -> None:
    st.html(_PRESENTER_CSS if present else _BASE_CSS)


# The translated page lists, made once per language: building 15 st.Page objects
# (each resolves its script's path on disk) cost every rerun about 2 ms.
_NAVIGATION: dict[str, dict[str, list]] = {}


def navigation() -> dict[str, list]:
    """The grouped, translated ``st.Page`` list for ``st.navigation``.

    Returns
    -------
    dict
        Section title -> pages; the home page (the default) and practice sit
        in an untitled first section.

    Notes
    -----
    Made once per language and shared by every session of the process. That is
    safe because Streamlit only flips a page's "may run now" flag in
    ``st.navigation`` and ``Page.run``, and the entry point calls both within
    one turn (:func:`taking_turns`), so no other session's run comes between.
    """
    lang = i18n.current_language()
    if lang not in _NAVIGATION:
        _NAVIGATION[lang] = _navigation_sections()
    return _NAVIGATION[lang]


def _navigation_sections() -> dict[str, list]:
    sections: dict[str, list] = {"": []}
    for group in GROUPS:
        sections[t(f"app.groups.{group}")] = []
    for spec in PAGES:
        page = st.Page(
            spec.script,
            title=t(f"{spec.stem}.nav"),  # short: the sidebar cuts long names
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec is PAGES[0],  # home
        )
        title = "" if spec.group is None else t(f"app.groups.{spec.group}")
        sections[title].append(page)
    return {title: pages for title, pages in sections.items() if pages}


def _quote_readably(text: str, safe: str = "", encoding=None, errors=None) -> str:
    """Percent-encode what a URL needs encoded, but keep non-ASCII letters as they
    are (an IRI): ``?kl_tab=两个高斯分布`` instead of nine ``%E4%B8%A4…`` groups.
    Browsers encode them when the link is opened, so the link works either way."""
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=safe) for ch in text)


def share_url(page_url_path: str) -> str:
    """The URL that reproduces this view: page path plus every bound value.

    Parameters
    ----------
    page_url_path : str
        ``url_path`` of the current page ("" for the home page).
    """
    # Only parameters that belong to a widget of this session (bound widgets
    # keep their value in session state); unknown keys from a tampered link
    # are not passed on.
    params = {
        key: st.query_params.get_all(key)
        for key in st.query_params
        if key in st.session_state and key not in (LANG_KEY, PRESENT_KEY)
    }
    lang = i18n.current_language()
    if lang != i18n.DEFAULT_LANGUAGE:
        params[LANG_KEY] = [lang]
    else:
        params.pop(LANG_KEY, None)
    if presenting():
        params[PRESENT_KEY] = ["true"]
    else:
        params.pop(PRESENT_KEY, None)
    base = None
    with contextlib.suppress(Exception):
        base = st.context.url
    if not base:
        base = "/" + page_url_path
    elif base.count("/") == 2:  # "http://host:port" -> "http://host:port/"
        base += "/"
    query = urlencode(sorted(params.items()), doseq=True, quote_via=_quote_readably)
    return f"{base}?{query}" if query else base


@contextlib.contextmanager
def share_after(page) -> Iterator[None]:
    """Reserve the sidebar "Share this view" box and fill it after the page ran.

    Filling it last means it includes every value the page's widgets bound to
    the URL during this run.
    """
    with st.sidebar:
        box = st.container()

    def fill() -> None:
        with box:
            st.caption(t("app.share.label"))
            st.code(share_url(getattr(page, "url_path", "")), language=None, wrap_lines=True)
            st.caption(t("app.share.help"))

    try:
        yield
    except Exception:
        fill()
        raise
    fill()
