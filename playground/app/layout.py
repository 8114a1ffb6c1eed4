"""Building blocks of a topic page, top to bottom (see ``shared/STYLE.md`` §3).

A page script reads like its layout::

    from playground.app import layout, widgets
    from playground.app.i18n import LANGUAGES, lookup, t

    layout.header("softmax_temperature")
    with layout.guard("softmax_temperature.sections.bars"):
        ...
        layout.chart(fig)
    layout.formula(r"p_i = \\frac{e^{z_i/T}}{\\sum_j e^{z_j/T}}")
    layout.interview("softmax_temperature", 3, p_max=fmt(p.max()))
    layout.reproduce(code)

Every helper takes translated text or catalog keys, so pages stay bilingual.
"""

from __future__ import annotations

import contextlib
import dis
import functools
import hashlib
import logging
import marshal
import os
import pickle
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground._validation import InputError
from playground.app.format import fmt, rel_error
from playground.app.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, lookup, t
from playground.app.shell import is_dark, presenting, require_navigation, taking_turns
from playground.charts import theme

__all__ = [
    "cached",
    "chart",
    "check",
    "code",
    "formula",
    "fragment",
    "guard",
    "header",
    "input_error",
    "interview",
    "prose",
    "reproduce",
    "shared",
    "tabs",
]

_LOG = logging.getLogger("playground.pages")
F = TypeVar("F", bound=Callable[..., Any])

#: Plotly toolbar: no logo, crisp PNG export for slides.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "autoScale2d"],
}


def header(ns: str) -> None:
    """Title, the two-sentence intuition and the headline formula of a page.

    Reads ``<ns>.title``, ``<ns>.intuition`` and, for topic pages,
    ``<ns>.headline_formula`` (LaTeX): the formula the interview question is
    about is visible without a click. Every page calls this first; it also
    makes sure the page runs inside the app shell (see
    :func:`playground.app.shell.require_navigation`).
    """
    require_navigation()
    st.title(t(f"{ns}.title"))
    prose(t(f"{ns}.intuition"), always=True)
    key = f"{ns}.headline_formula"
    if key in catalog(DEFAULT_LANGUAGE):
        st.latex(t(key))


def prose(markdown: str, *, always: bool = False, label: str | None = None) -> None:
    """Explanatory text; collapsed into an expander in presenter mode.

    The collapsed text costs nothing until it is opened: the expander tracks
    its state (``on_change="rerun"``) and the text is only sent when open.

    Parameters
    ----------
    markdown : str
        Translated text.
    always : bool, default False
        Show even in presenter mode (for the one-line intuition).
    label : str, optional
        Expander label in presenter mode (default: ``common.read_more``).
    """
    if presenting() and not always:
        text = label or t("common.read_more")
        # Keyed by the words only: an open text stays open when its live numbers change.
        words = "".join(ch for ch in f"{text}\n{markdown}" if ch.isalpha())
        digest = hashlib.blake2s(words.encode(), digest_size=6).hexdigest()
        box = st.expander(text, key=f"_prose_{digest}", on_change="rerun")
        if box.open:
            box.markdown(markdown)
    else:
        st.markdown(markdown)


def carry_label(key: str, label_keys: list[str] | tuple[str, ...]) -> None:
    """Keep a bound, translated choice when the language changes.

    Bound tabs and select widgets store their *label*. When the language
    switches (or a link written in the other language is opened) the stored
    label belongs to the other catalog; translate it to the current one before
    the widget is created, so the view survives the switch.
    """
    labels = [t(k) for k in label_keys]
    stored = st.session_state.get(key)
    if stored is None:
        stored = st.query_params.get(key)
    if not isinstance(stored, str) or stored in labels:
        return
    for lang in LANGUAGES:
        other = [lookup(lang, k) for k in label_keys]
        if stored in other:
            st.session_state[key] = labels[other.index(stored)]
            return


def tabs(label_keys: list[str] | tuple[str, ...], *, key: str) -> list[Any]:
    """URL-bound tabs (``?<key>=<label>``) whose labels come from the catalog.

    Only the open tab's code needs to run: check ``tab.open`` before expensive
    work (3-D surfaces, heatmaps). The open tab survives a language switch.

    Parameters
    ----------
    label_keys : sequence of str
        Catalog keys of the tab labels.
    key : str
        Page-prefixed key, also the query-parameter name.
    """
    carry_label(key, label_keys)
    return list(st.tabs([t(k) for k in label_keys], key=key, bind="query-params"))


class _Prepared(go.Figure):
    """A figure whose ``to_dict()`` is an already prepared spec.

    ``st.plotly_chart`` serialises a figure with ``fig.to_dict()``, which copies
    and re-checks every array (several milliseconds per chart, most of a
    rerun's budget). Handing it this object makes it use the spec from
    :func:`playground.charts.theme.to_spec` instead.
    """

    def __init__(self, spec: dict) -> None:  # no Plotly initialisation at all
        object.__setattr__(self, "_prepared_spec", spec)

    def to_dict(self) -> dict:
        return self._prepared_spec


def prepared(fig: go.Figure) -> dict:
    """The figure as a plain JSON-ready spec, for :func:`chart` later.

    Return this from a cached function instead of the figure: the conversion
    (every trace and animation frame) then happens once per cached value
    instead of on every rerun, and the cache stores a compact dict.
    """
    return theme.to_spec(fig)


def chart(fig: go.Figure | dict, *, key: str | None = None, **kwargs: Any) -> Any:
    """Show a Plotly figure with the app's look.

    Sends float32 data, applies dark-theme text and presenter-mode sizes, and
    uses the app template instead of Streamlit's. Extra keyword arguments go
    to ``st.plotly_chart`` (e.g. ``on_select``).
    """
    spec = theme.styled_spec(theme.to_spec(fig), dark=is_dark(), present=presenting())
    options = dict(theme=None, width="stretch", config=PLOTLY_CONFIG, key=key, **kwargs)
    try:
        return st.plotly_chart(_Prepared(spec), **options)
    except StreamlitAPIException:
        raise
    except Exception:  # pragma: no cover - a Streamlit/Plotly change: take the slow path
        _LOG.warning("prepared chart rejected; sending the figure as is", exc_info=True)
        if isinstance(fig, dict):  # already a spec: Plotly builds the figure from it
            return st.plotly_chart(go.Figure(spec), **options)
        return st.plotly_chart(
            theme.styled(theme.compact(fig), dark=is_dark(), present=presenting()), **options
        )


def formula(latex: str, *, caption: str | None = None) -> None:
    """A formula rendered by KaTeX (``st.latex``), with an optional caption."""
    st.latex(latex)
    if caption:
        st.caption(caption)


def check(label: str, analytic: Any, numeric: Any, *, tol: float = 1e-4) -> float:
    """Show "analytic vs numeric" agreement as a relative error with a verdict.

    Parameters
    ----------
    label : str
        Translated description, e.g. "Finite-difference check".
    analytic, numeric : array_like
        The two values to compare.
    tol : float, default 1e-4
        Relative error below which the check passes.

    Returns
    -------
    float
        The relative error.
    """
    err = rel_error(analytic, numeric)
    ok = err <= tol
    icon = ":material/check_circle:" if ok else ":material/error:"
    verdict = t("common.check_pass") if ok else t("common.check_fail")
    st.markdown(f"{icon} **{label}** — {t('common.rel_error')} = `{fmt(err, 3)}` · {verdict}")
    return err


def input_error(exc: InputError) -> None:
    """Show a user-input error in the user's language."""
    st.error(t(f"errors.{exc.code}", **exc.params), icon=":material/edit_off:")


@contextlib.contextmanager
def guard(section_key: str) -> Iterator[None]:
    """Error boundary for one page section.

    An :class:`~playground._validation.InputError` is shown as a translated
    message; any other exception is logged and replaced by a friendly note
    naming the section, so the rest of the page keeps working. Streamlit's
    own control flow (``st.rerun``, ``st.stop``) passes through untouched.
    """
    try:
        yield
    except InputError as exc:
        input_error(exc)
    except Exception:
        _LOG.exception("section %s failed", section_key)
        st.warning(t("common.section_failed", section=t(section_key)), icon=":material/build:")


def interview(ns: str, count: int, **values: Any) -> None:
    """The "Interview corner": ``count`` questions with short answers.

    Reads ``<ns>.interview.q1`` / ``a1`` ... from the catalog; ``values`` are
    substituted into answers (so an answer can quote the live numbers). A
    value may be a function without arguments: it is called only when an
    answer is open.

    The answers cost nothing until they are opened: each question is an
    expander that tracks its state, and the corner is a fragment, so opening
    or closing an answer reruns only the corner, and a closed answer is
    neither formatted nor sent.
    """
    st.subheader(t("common.interview_corner"), anchor=False)
    _answers(ns, count, values)


def fragment(func: F) -> F:
    """``st.fragment`` for a page section, taking its turn like a full run.

    A control inside the section reruns only the section; that rerun waits
    while another session's script runs, as a full run does (see
    :func:`playground.app.shell.taking_turns`). Pages use this instead of
    ``st.fragment`` (a test checks).
    """

    @functools.wraps(func)  # same module and name: the same fragment for Streamlit
    def in_turn(*args: Any, **kwargs: Any) -> Any:
        with taking_turns():
            return func(*args, **kwargs)

    return st.fragment(in_turn)


@fragment
def _answers(ns: str, count: int, values: dict[str, Any]) -> None:
    """The interview corner's questions; only the open ones get their answer."""
    boxes = [
        st.expander(t(f"{ns}.interview.q{i}"), key=f"_{ns}_interview_{i}", on_change="rerun")
        for i in range(1, count + 1)
    ]
    opened = [(i, box) for i, box in enumerate(boxes, start=1) if box.open]
    if not opened:
        return
    with guard("common.interview_corner"):  # also when only the corner reruns
        filled = {key: value() if callable(value) else value for key, value in values.items()}
        for i, box in opened:
            box.markdown(t(f"{ns}.interview.a{i}", **filled))


def reproduce(code: str) -> None:
    """The "Reproduce in Python" snippet with the current parameters."""
    st.subheader(t("common.reproduce"), anchor=False)
    st.caption(t("common.reproduce_help"))
    st.code(code, language="python")


def code(scratch: str, playground: str, *, key: str) -> None:
    """ "Write it yourself" (手撕代码): the from-scratch code and the playground call.

    Two URL-bound tabs: the hand-written NumPy implementation of the page's
    formula (see :mod:`playground.handwritten`), filled with the current
    parameters and commented in the reader's language, and the ``playground``
    call that reproduces the page's charts. Only the open tab is drawn.

    Parameters
    ----------
    scratch : str
        Rendered template, e.g. ``handwritten.render(stem, lang, **params)``.
    playground : str
        The core's snippet (runs at the repository root).
    key : str
        Page-prefixed key of the tabs (``"softmax_code"``).
    """
    st.subheader(t("common.code.title"), anchor=False)
    scratch_tab, core_tab = tabs(["common.code.scratch", "common.code.playground"], key=key)
    if scratch_tab.open:  # only the open tab's code is sent
        with scratch_tab:
            st.caption(t("common.code.scratch_help"))
            st.code(scratch, language="python")
    if core_tab.open:
        with core_tab:
            st.caption(t("common.reproduce_help"))
            st.code(playground, language="python")


_CACHED: dict[tuple[Any, int], Any] = {}
_PAGE_CACHED: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}


@functools.lru_cache(maxsize=512)
def _global_names(code: types.CodeType) -> frozenset[str]:
    """Names a function (and the code nested in it) looks up in its globals.

    Only global loads count: ``co_names`` also holds attribute names, and a
    page global that happens to share a name with an attribute read inside a
    cached function (``scale`` and ``obj.scale``) would otherwise make a new
    cache wrapper on every rerun.
    """
    names = {
        ins.argval
        for ins in dis.get_instructions(code)
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME", "DELETE_GLOBAL", "STORE_GLOBAL")
    }
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _global_names(const)
    return frozenset(names)


def _same_world(old: Callable[..., Any], new: Callable[..., Any]) -> bool:
    """Whether ``old`` behaves exactly like ``new``: same compiled code, no
    closure, same defaults, and every global it can read bound to the very
    same object (modules, constants of the cached script)."""
    if old.__code__ is not new.__code__ or old.__closure__ or new.__closure__:
        return False
    if (old.__defaults__ or ()) != (
        new.__defaults__ or ()
    ) or old.__kwdefaults__ != new.__kwdefaults__:
        return False
    missing = object()
    return all(
        old.__globals__.get(name, missing) is new.__globals__.get(name, missing)
        for name in _global_names(new.__code__)
    )


def _reused(fn: F, max_entries: int, kind: str, make: Callable[[F], Any]) -> Any:
    """The wrapper ``make(fn)`` made earlier for the same function, or a new one.

    For functions from importable modules (the core) once per process; for a
    function defined in a page script as long as it is the same compiled code
    (the script is unchanged) and every global name it reads is bound to the
    same object as when the wrapper was made — otherwise a fresh wrapper.
    """
    if getattr(fn, "__module__", "__main__") != "__main__":
        key = (fn, max_entries, kind)
        if key not in _CACHED:
            _CACHED[key] = make(fn)
        return _CACHED[key]
    code = getattr(fn, "__code__", None)
    if code is None:
        return make(fn)
    page_key = (code.co_filename, fn.__qualname__, max_entries, kind)
    entry = _PAGE_CACHED.get(page_key)
    if entry is not None and _same_world(entry[0], fn):
        return entry[1]
    wrapper = make(fn)
    _PAGE_CACHED[page_key] = (fn, wrapper, code)
    return wrapper


def cached(func: F | None = None, *, max_entries: int = 32) -> Any:
    """``st.cache_data`` with a bounded size and no spinner, for pure heavy work.

    Usage: ``@layout.cached`` or ``@layout.cached(max_entries=8)`` on a
    function, or ``layout.cached(core.function)(args)``. Cached results are
    copies, so callers may modify them. For results that are only read
    (prepared chart specs, animation frames, training histories) use
    :func:`shared`, which skips the copy and Streamlit's argument hashing.

    Creating an ``st.cache_data`` wrapper reads and hashes the function's
    source (milliseconds), and a page script creates its wrappers again on
    every rerun. Wrappers are therefore reused: for functions from importable
    modules (the core) once per process; for a function defined in a page
    script as long as it is the same compiled code (the script is unchanged)
    and every global name it reads is bound to the same object as when the
    wrapper was made — otherwise a fresh wrapper is made.
    """

    def decorate(fn: F) -> F:
        return _reused(
            fn,
            max_entries,
            "data",
            lambda f: st.cache_data(max_entries=max_entries, show_spinner=False)(f),
        )

    if func is None:
        return decorate
    return decorate(func)


class _Unhashable(TypeError):
    """An argument :func:`shared` cannot turn into a key."""


def _memo_key(value: Any) -> Any:
    """A hashable, exact key for an argument of a :func:`shared` function.

    Types are part of the key (``1``, ``1.0`` and ``True`` are equal in a
    dict but may give different results); floats are keyed by their exact
    bits, arrays by dtype, shape and bytes.
    """
    kind = type(value)
    if kind is float:
        return (float, value.hex())
    if kind is str or kind is int or kind is bool or value is None or kind is bytes:
        return (kind, value)
    if isinstance(value, np.ndarray) and not value.dtype.hasobject:  # bytes, not pointers
        return (np.ndarray, value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, np.generic):
        return (np.generic, value.dtype.str, value.tobytes())
    if isinstance(value, (tuple, list)):
        return (kind, tuple(_memo_key(item) for item in value))
    if isinstance(value, dict):
        return (kind, tuple((k, _memo_key(v)) for k, v in value.items()))
    raise _Unhashable(f"shared: cannot key an argument of type {kind.__name__}")


_MISSING = object()
#: The results of every :func:`shared` function: (values, their pickles under test, lock).
_MEMO_STORES: dict[tuple, tuple[OrderedDict, dict, threading.Lock]] = {}


class _Memo:
    """A bounded, process-wide memo of read-only results (least recently used out)."""

    def __init__(self, fn: Callable[..., Any], max_entries: int) -> None:
        functools.update_wrapper(self, fn)
        self._fn, self._max = fn, max_entries
        # The results live as long as the function's code is the same: a page
        # function compiled again from the same source (AppTest compiles every
        # run) finds the results of the earlier copy, as st.cache_data does.
        code = getattr(fn, "__code__", None)
        where = hashlib.blake2b(marshal.dumps(code)).digest() if code is not None else id(fn)
        store = _MEMO_STORES.setdefault(
            (fn.__module__, fn.__qualname__, max_entries, where),
            (OrderedDict(), {}, threading.Lock()),
        )
        self._values, self._pickled, self._lock = store

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = (_memo_key(args), _memo_key(kwargs))
        checking = os.environ.get("PLAYGROUND_CHECK_SPECS") == "1"  # the test suite
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is not _MISSING:
                self._values.move_to_end(key)
        if value is _MISSING:
            value = self._fn(*args, **kwargs)  # an exception is not stored
            with self._lock:
                self._values[key] = value
                if checking:
                    self._pickled[key] = pickle.dumps(value)
                while len(self._values) > self._max:
                    old, _ = self._values.popitem(last=False)
                    self._pickled.pop(old, None)
        elif checking and pickle.dumps(value) != self._pickled.get(key):
            raise AssertionError(
                f"{self._fn.__qualname__}: a shared cached result was modified by a caller"
            )
        return value

    def clear(self) -> None:
        """Forget every stored result."""
        with self._lock:
            self._values.clear()
            self._pickled.clear()


def shared(func: F | None = None, *, max_entries: int = 32) -> Any:
    """A process-wide memo for pure heavy work whose result is only read.

    Usage as :func:`cached`. Unlike ``st.cache_data`` the result is not
    copied: every session gets the very same object, so callers must not
    modify it (prepared chart specs, animation frames, training histories).
    The key is built from the arguments' exact values (arrays by their
    bytes) without Streamlit's hasher. Both steps cost 0.2–2 ms per call on
    the heavier pages (``docs/PERFORMANCE.md``). Arguments may be numbers,
    strings, ``None``, NumPy arrays and scalars, and tuples, lists and dicts
    of these.

    Keeps at most ``max_entries`` results per function, dropping the least
    recently used; an exception is raised again and not stored. With
    ``PLAYGROUND_CHECK_SPECS=1`` (the test suite) every hit checks that the
    result is unchanged since it was made, so a caller that modifies a
    shared result fails the tests.
    """

    def decorate(fn: F) -> F:
        return _reused(fn, max_entries, "shared", lambda f: _Memo(f, max_entries))

    if func is None:
        return decorate
    return decorate(func)
