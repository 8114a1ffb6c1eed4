"""Rerun time and chart payload per page, measured with AppTest.

For every registered page (or ``--pages``), AppTest opens the page and then
drives its main interactions the way a student does: each page widget in
turn is *nudged* from its current value (a slider or number input moves by
about a tenth of its range, a choice goes to the next option, a toggle
flips) and the next interaction puts it back, so every measured rerun is one
small change around the default view; each bound tab is opened too. This
repeats until at least ``--reruns`` reruns were measured. Separately, one
rerun with every slider and number input at its maximum measures the
resource caps (the worst allowed combination must stay under 1 s).
For each rerun it records:

- **script time**: the wall time of Streamlit's script execution (the call
  that runs the entry point and the page, timed around Streamlit's own
  ``exec_func_with_error_handling``), i.e. the Python work of a rerun
  without AppTest's own overhead, with usage statistics off as served;
- **chart payload**: the total bytes of the Plotly specs the rerun sent, and
  the largest single chart.

Prints a table (median and p95 script time, payload) and optionally writes
JSON. Times vary with the machine and its load; sizes are deterministic.

Usage::

    python bench/rerun.py                  # all pages, >= 20 reruns each
    python bench/rerun.py --pages softmax_temperature --reruns 40
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit import config as _st_config  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner as _script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test as _app_test_module  # noqa: E402
from streamlit.testing.v1 import local_script_runner as _local_runner_module  # noqa: E402

import tests.conftest  # noqa: E402,F401  (AppTest + pages/ folder fix)

# The test suite double-checks every chart spec (slow); measure the app as served.
os.environ["PLAYGROUND_CHECK_SPECS"] = "0"
from streamlit.testing.v1 import element_tree as et  # noqa: E402

from playground.app import registry  # noqa: E402
from tests import apptools  # noqa: E402

_PROFILES: list[int] = []  # script time of each run, in microseconds
_original_exec = _script_runner.exec_func_with_error_handling


def _timed_exec(func, ctx):
    start = time.perf_counter()
    try:
        return _original_exec(func, ctx)
    finally:
        _PROFILES.append(round(1e6 * (time.perf_counter() - start)))


_script_runner.exec_func_with_error_handling = _timed_exec

# AppTest builds a fresh ScriptCache for every run, so every rerun would
# recompile the entry point and the page; a server compiles each script once.
# Share one cache so that the measured time is the rerun's own work.
# (AppTest makes one in app_test.py and, since Streamlit 1.6x, another one in
# local_script_runner.py for the runner that executes the script: patch both.)
_SHARED_CACHE = _app_test_module.ScriptCache()
_app_test_module.ScriptCache = lambda: _SHARED_CACHE
_local_runner_module.ScriptCache = lambda: _SHARED_CACHE
# Measure the app as configured for visitors: usage statistics off (with them
# on, Streamlit adds telemetry bookkeeping to every command).
_st_config.set_option("browser.gatherUsageStats", False)


def chart_bytes(at: AppTest) -> list[int]:
    """Sizes of the Plotly specs in the current tree."""
    return [len(chart.proto.spec) for chart in at.get("plotly_chart")]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _open(stem: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if stem != "home":
        at.switch_page(f"pages/{stem}.py")
    return at


def nudge(widget: et.Widget):
    """A small change to ``widget`` and the call that undoes it, or ``None``.

    Sliders and number inputs move by about a tenth of their range (at least
    one step, away from the nearer end); choices go to the next option;
    toggles flip. Text boxes, range sliders and multiselects are left alone.
    """
    if isinstance(widget, et.SelectSlider):
        options, value = list(widget.options), widget.value
        if isinstance(value, (list, tuple)) or len(options) < 2:
            return None
        current = options.index(widget.format_func(value))
        target = options[current + 1 if current + 1 < len(options) else current - 1]
        original = options[current]
        return (lambda: apptools.set_label(widget, target)), (
            lambda w: apptools.set_label(w, original)
        )
    if isinstance(widget, (et.Slider, et.NumberInput)):
        proto, value = widget.proto, widget.value
        if isinstance(value, (list, tuple)) or value is None:
            return None
        lo = proto.min if getattr(proto, "has_min", True) else value - 10 * (proto.step or 1)
        hi = proto.max if getattr(proto, "has_max", True) else value + 10 * (proto.step or 1)
        step = proto.step or 1
        delta = max(step, round((hi - lo) / 10 / step) * step)
        target = value + delta if value + delta <= hi else value - delta
        if proto.data_type == proto.INT:
            target = int(target)
        original = value
        return (lambda: widget.set_value(target)), (lambda w: w.set_value(original))
    if isinstance(widget, (et.Selectbox, et.Radio)):
        options = list(widget.options)
        if len(options) < 2 or widget.index is None:
            return None
        target = options[(widget.index + 1) % len(options)]
        original = options[widget.index]
        return (lambda: apptools.set_label(widget, target)), (
            lambda w: apptools.set_label(w, original)
        )
    if isinstance(widget, (et.Checkbox, et.Toggle)):
        original = bool(widget.value)
        return (lambda: widget.set_value(not original)), (lambda w: w.set_value(original))
    return None


def _by_key(at: AppTest, key: str) -> et.Widget | None:
    return next((w for w in apptools.page_widgets(at) if w.key == key), None)


def measure_page(stem: str, reruns: int) -> dict:
    """Drive one page; return its timings and payload."""
    at = _open(stem).run()  # warm-up: imports, caches
    default_payload = chart_bytes(at)
    tab_links = []
    for tabs in apptools.tab_containers(at):
        key = tabs.proto.tab_container.query_param_key
        tab_links += [(key, tab.label) for tab in tabs.children.values()]

    times_ms: list[float] = []
    wall_ms: list[float] = []
    payloads: list[int] = []
    largest = max(default_payload, default=0)
    per_tab_payload: dict[str, int] = {}

    def record(run) -> None:
        nonlocal largest
        before = len(_PROFILES)
        start = time.perf_counter()
        result = run()
        wall_ms.append(1000 * (time.perf_counter() - start))
        if len(_PROFILES) > before:
            times_ms.append(_PROFILES[-1] / 1000)
        sizes = chart_bytes(result)
        payloads.append(sum(sizes))
        largest = max([largest, *sizes])

    for key, label in tab_links:  # each tab once, from a fresh session (deep link)
        tab_at = _open(stem, {key: label})
        record(tab_at.run)
        per_tab_payload[label] = payloads[-1]
    turn = 0
    while len(times_ms) < reruns and turn < 20 * reruns:
        # Widgets can appear and disappear with other settings: pick from the
        # current tree every time.
        current = [w for w in apptools.page_widgets(at) if not w.disabled and nudge(w)]
        if not current:
            record(at.run)
            turn += 1
            continue
        widget = current[turn % len(current)]
        change, undo = nudge(widget)
        key = widget.key
        record(lambda c=change: c().run())
        back = _by_key(at, key)
        if back is not None and not back.disabled:
            record(lambda b=back, u=undo: u(b).run())
        turn += 1
    max_at = apptools.set_to_maximum(_open(stem).run())
    before = len(_PROFILES)
    max_at.run()
    max_ms = _PROFILES[-1] / 1000 if len(_PROFILES) > before else float("nan")
    return {
        "page": stem,
        "reruns": len(times_ms),
        "script_ms_median": round(statistics.median(times_ms), 1),
        "script_ms_p95": round(percentile(times_ms, 95), 1),
        "apptest_ms_median": round(statistics.median(wall_ms), 1),
        "max_settings_ms": round(max_ms, 1),
        "payload_kib_default": round(sum(default_payload) / 1024, 1),
        "payload_kib_max_rerun": round(max(payloads + [sum(default_payload)]) / 1024, 1),
        "largest_chart_kib": round(largest / 1024, 1),
        "payload_kib_per_tab": {k: round(v / 1024, 1) for k, v in per_tab_payload.items()},
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="page stems (default: all registered)")
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    stems = args.pages or [p.stem for p in registry.PAGES]
    results = [measure_page(stem, args.reruns) for stem in stems]
    header = (
        f"{'page':22} {'reruns':>6} {'median ms':>9} {'p95 ms':>7} {'default KiB':>11} "
        f"{'max KiB':>8} {'chart KiB':>9} {'max-settings ms':>15}"
    )
    print(header)
    for r in results:
        print(
            f"{r['page']:22} {r['reruns']:>6} {r['script_ms_median']:>9} {r['script_ms_p95']:>7} "
            f"{r['payload_kib_default']:>11} {r['payload_kib_max_rerun']:>8} "
            f"{r['largest_chart_kib']:>9} {r['max_settings_ms']:>15}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
