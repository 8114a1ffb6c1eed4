"""Generic AppTest helpers: walk widgets, read visible text, build deep links.

Nothing here knows about a particular page, so every registered page gets the
same checks for free.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

#: Widgets of the app shell (not page-prefixed).
SHELL_KEYS = frozenset({"lang", "present"})

# A raw value as Python/NumPy prints it: lowercase "nan" as a word. Prose
# that names the concept writes "NaN"; a user's own text quoted back in an
# error message (“nan”) is not a value either.
_NAN = re.compile(r"(?<![A-Za-z_])nan(?![A-Za-z_])")
_QUOTED = re.compile(r"“[^”]*”")


def widgets(at: AppTest) -> list[et.Widget]:
    """Every widget in the current tree (main area and sidebar)."""
    return [node for node in at._tree if isinstance(node, et.Widget)]


def page_widgets(at: AppTest) -> list[et.Widget]:
    """Widgets that belong to the page (not the shell's language/presenter)."""
    return [w for w in widgets(at) if w.key not in SHELL_KEYS]


def tab_containers(at: AppTest) -> list[et.Block]:
    """Blocks created by ``st.tabs``."""
    return [
        node for node in at._tree if isinstance(node, et.Block) and node.type == "tab_container"
    ]


def visible_texts(at: AppTest) -> Iterator[str]:
    """Every string a user reads: markdown, captions, LaTeX, titles, metrics, alerts,
    widget labels and options, tab labels, code.

    The sidebar's share box is left out: it echoes the URL, i.e. whatever the
    user typed (``?softmax_logits=nan,1``), not a value the app computed.
    """
    share_box = {id(node) for node in at.sidebar.code} if at.sidebar else set()
    for node in at._tree:
        if id(node) in share_box:
            continue
        if isinstance(node, et.Widget):
            yield getattr(node, "label", "") or ""
            for option in getattr(node, "options", None) or ():
                yield str(option)
        elif isinstance(node, et.Metric):
            yield node.label
            yield node.value
            yield node.delta or ""
        elif isinstance(node, et.Tab):
            yield node.label
        elif isinstance(node, (et.Markdown, et.HeadingBase, et.AlertBase, et.Code, et.Text)):
            yield str(node.value)
        elif isinstance(node, et.Dataframe):
            try:
                yield node.value.to_string()
            except (AttributeError, ValueError):
                pass


def page_text(at: AppTest) -> str:
    """Everything a user reads (:func:`visible_texts`), one string a line."""
    return "\n".join(visible_texts(at))


def latex_text(at: AppTest, *, display_markdown: bool = False) -> str:
    """Every ``st.latex`` formula of the current run, one a line.

    ``display_markdown``: also markdown blocks that start with ``$$`` (display maths
    written through ``st.markdown``).
    """
    return "\n".join(
        str(node.value)
        for node in at._tree
        if type(node).__name__ == "Latex"
        or (
            display_markdown
            and getattr(node, "type", None) == "markdown"
            and str(getattr(node, "value", "")).startswith("$$")
        )
    )


def metric_values(at: AppTest) -> dict[str, str]:
    """``st.metric`` values by their (translated) label."""
    return {m.label: m.value for m in at.metric}


def chart_specs(at: AppTest) -> list[dict]:
    """Every Plotly chart of the current run as a parsed spec (``json.loads``).

    Compare values, never the serialised text: whether non-ASCII characters are
    escaped (``r\\u2080``) depends on which JSON encoder Plotly found installed.
    """
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def spec_array(value: Any) -> np.ndarray:
    """A data array of a parsed chart spec as float64: a plain (nested) list, or a
    plotly.js typed array ``{"dtype", "bdata"[, "shape"]}`` (base64)."""
    if isinstance(value, dict) and {"dtype", "bdata"} <= set(value):
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            arr = arr.reshape([int(n) for n in str(value["shape"]).split(",")])
        return arr.astype(float)
    return np.asarray(value, dtype=float)


def decode_spec(value: Any) -> Any:
    """A parsed chart spec with every typed array replaced by :func:`spec_array`."""
    if isinstance(value, dict):
        if {"dtype", "bdata"} <= set(value):
            return spec_array(value)
        return {key: decode_spec(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode_spec(item) for item in value]
    return value


def spec_strings(spec: Any) -> list[str]:
    """Every string value inside a parsed chart spec (titles, trace names, annotations)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [s for value in spec.values() for s in spec_strings(value)]
    if isinstance(spec, (list, tuple)):
        return [s for value in spec for s in spec_strings(value)]
    return []


def trace_types(spec: dict) -> list[str]:
    """The ``type`` of every trace of a parsed chart spec (Plotly's default: scatter)."""
    return [trace.get("type", "scatter") for trace in spec.get("data", [])]


def nan_texts(at: AppTest) -> list[str]:
    """Visible strings that contain a raw ``nan`` (there must be none)."""
    return [text for text in visible_texts(at) if _NAN.search(_QUOTED.sub("", text))]


def failed_sections(at: AppTest) -> list[str]:
    """Sections whose error boundary caught an exception (always a bug)."""
    from playground.app.i18n import LANGUAGES, lookup

    prefixes = tuple(lookup(lang, "common.section_failed").split("“")[0] for lang in LANGUAGES)
    return [w.value for w in at.warning if w.value.startswith(prefixes)]


def assert_healthy(at: AppTest, context: object = "") -> None:
    """No exception element, no failed section, no raw ``nan`` on screen."""
    assert not at.exception, (context, [e.value for e in at.exception])
    assert not failed_sections(at), (context, failed_sections(at))
    assert not nan_texts(at), (context, nan_texts(at))


def _url_number(value: float) -> str:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


@dataclass
class DeepLink:
    """A query-parameter value for one widget and a way to check it took effect."""

    key: str
    url_value: str
    expected: Any
    kind: str

    def holds(self, widget: et.Widget) -> bool:
        """Whether ``widget`` shows the value this link asked for."""
        if self.kind in ("slider", "number_input"):
            return math.isclose(float(widget.value), float(self.expected), rel_tol=1e-9)
        if self.kind == "select_slider":
            return widget.format_func(widget.value) == self.expected
        if self.kind in ("selectbox", "radio"):
            return widget.index == self.expected
        if self.kind in ("checkbox", "toggle"):
            return bool(widget.value) is self.expected
        return False


def deep_link_for(widget: et.Widget) -> DeepLink | None:
    """A non-default, valid URL value for a widget, or ``None`` when there is
    no generic choice (text boxes, range sliders, multiselects)."""
    key = widget.key
    if isinstance(widget, et.SelectSlider):
        value = widget.value
        if isinstance(value, (list, tuple)) or len(widget.options) < 2:
            return None
        current = widget.format_func(value)
        target = widget.options[-1] if current != widget.options[-1] else widget.options[0]
        return DeepLink(key, target, target, "select_slider")
    if isinstance(widget, et.Slider):
        value = widget.value
        if isinstance(value, (list, tuple)):
            return None
        target = widget.proto.max if value != widget.proto.max else widget.proto.min
        if widget.proto.data_type == widget.proto.INT:
            target = int(target)
        return DeepLink(key, _url_number(target), target, "slider")
    if isinstance(widget, (et.Selectbox, et.Radio)):
        options = list(widget.options)
        if len(options) < 2:
            return None
        target = len(options) - 1 if widget.index != len(options) - 1 else 0
        kind = "selectbox" if isinstance(widget, et.Selectbox) else "radio"
        return DeepLink(key, options[target], target, kind)
    if isinstance(widget, (et.Checkbox, et.Toggle)):
        target = not bool(widget.value)
        kind = "toggle" if isinstance(widget, et.Toggle) else "checkbox"
        return DeepLink(key, "true" if target else "false", target, kind)
    if isinstance(widget, et.NumberInput):
        proto = widget.proto
        if proto.has_max and widget.value != proto.max:
            target = proto.max
        elif proto.has_min and widget.value != proto.min:
            target = proto.min
        else:
            return None
        if proto.data_type == proto.INT:
            target = int(target)
        return DeepLink(key, _url_number(target), target, "number_input")
    return None


def set_label(widget: et.Widget, label: str) -> et.Widget:
    """Make a select-type widget send ``label`` on the next run, as a browser
    does (Streamlit identifies choices by their formatted label).

    Works for selectbox, radio and select slider, whatever their option values
    are; returns the widget (call ``.run()`` on it or on the app).
    """
    if isinstance(widget, et.SelectSlider):
        field = "string_array_value"
    elif isinstance(widget, (et.Selectbox, et.Radio)):
        field = "string_value"
    else:
        raise TypeError(f"set_label does not support {type(widget).__name__}")

    class _Labelled(type(widget)):  # type: ignore[misc, valid-type]
        @property
        def _widget_state(self) -> WidgetState:
            ws = WidgetState()
            ws.id = self.id
            if field == "string_value":
                ws.string_value = label
            else:
                ws.string_array_value.data[:] = [label]
            return ws

    widget.__class__ = _Labelled
    widget._value = label  # mark as changed by the test
    return widget


def move(widget: et.Widget, link: DeepLink) -> et.Widget:
    """Set ``widget`` to the target of ``link`` (an interaction, not a URL)."""
    if link.kind in ("selectbox", "radio"):
        return set_label(widget, widget.options[link.expected])
    if link.kind == "select_slider":
        return set_label(widget, link.expected)
    return widget.set_value(link.expected)


def set_to_maximum(at: AppTest) -> AppTest:
    """Every enabled slider, select slider and bounded number input of the page
    at its maximum (the resource caps' worst case); returns ``at`` to run."""
    for widget in page_widgets(at):
        if widget.disabled:
            continue
        if isinstance(widget, et.SelectSlider) and widget.options:
            set_label(widget, widget.options[-1])
        elif isinstance(widget, et.Slider) and not isinstance(widget.value, (list, tuple)):
            top = widget.proto.max
            widget.set_value(int(top) if widget.proto.data_type == widget.proto.INT else top)
        elif isinstance(widget, et.NumberInput) and widget.proto.has_max:
            top = widget.proto.max
            widget.set_value(int(top) if widget.proto.data_type == widget.proto.INT else top)
    return at


def code_tabs(at: AppTest) -> tuple[str, str]:
    """The page's "Write it yourself" code: ``(hand-written, playground call)``.

    Only the open tab is drawn (:func:`playground.app.layout.code`): this opens
    each tab in turn, reads its code, and opens the tab that was open before.
    """
    [tabs] = [
        t for t in tab_containers(at) if t.proto.tab_container.query_param_key.endswith("_code")
    ]
    key = tabs.proto.tab_container.query_param_key
    labels = [tab.label for tab in tabs.children.values()]
    before = at.session_state[key] if key in at.session_state else labels[0]
    found = []
    for label in labels:
        at.session_state[key] = label
        at.run()
        [tabs] = [t for t in tab_containers(at) if t.proto.tab_container.query_param_key == key]
        found.append([c.value for tab in tabs.children.values() for c in tab.get("code")])
    at.session_state[key] = before
    at.run()
    assert [len(codes) for codes in found] == [1, 1], found  # each tab shows only its own
    return found[0][0], found[1][0]
