"""Rerun time and chart payload per page, measured with AppTest.

For every registered page (or ``--pages``), AppTest opens the page and then
drives its main interactions: each page widget in turn is moved to another
valid value and back (the same generic choice the deep-link test uses), and
each bound tab is opened, until at least ``--reruns`` reruns were measured.
For each rerun it records:

- **script time**: the ``exec_time`` Streamlit itself reports for the script
  run (its ``PageProfile`` message), i.e. the Python work of a rerun without
  AppTest's own overhead;
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
from streamlit.runtime import forward_msg_queue  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test as _app_test_module  # noqa: E402

import tests.conftest  # noqa: E402,F401  (AppTest + pages/ folder fix)

# The test suite double-checks every chart spec (slow); measure the app as served.
os.environ["PLAYGROUND_CHECK_SPECS"] = "0"
from playground.app import registry  # noqa: E402
from tests import apptools  # noqa: E402

_PROFILES: list[int] = []
_original_enqueue = forward_msg_queue.ForwardMsgQueue.enqueue


def _recording_enqueue(self, msg):
    if msg.WhichOneof("type") == "page_profile":
        _PROFILES.append(msg.page_profile.exec_time)
    return _original_enqueue(self, msg)


forward_msg_queue.ForwardMsgQueue.enqueue = _recording_enqueue

# AppTest builds a fresh ScriptCache for every run, so every rerun would
# recompile the entry point and the page; a server compiles each script once.
# Share one cache so that the measured time is the rerun's own work.
_SHARED_CACHE = _app_test_module.ScriptCache()
_app_test_module.ScriptCache = lambda: _SHARED_CACHE
# Streamlit only emits PageProfile (with exec_time) when usage stats are on;
# turn them on in this process only (nothing is sent anywhere by AppTest).
_st_config.set_option("browser.gatherUsageStats", True)


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
        current = [w for w in apptools.page_widgets(at)
                   if not w.disabled and apptools.deep_link_for(w)]
        if current:
            widget = current[turn % len(current)]
            link = apptools.deep_link_for(widget)
            record(lambda w=widget, lk=link: apptools.move(w, lk).run())
        else:
            record(at.run)
        turn += 1
    return {
        "page": stem,
        "reruns": len(times_ms),
        "script_ms_median": round(statistics.median(times_ms), 1),
        "script_ms_p95": round(percentile(times_ms, 95), 1),
        "apptest_ms_median": round(statistics.median(wall_ms), 1),
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
    header = f"{'page':22} {'reruns':>6} {'median ms':>9} {'p95 ms':>7} {'default KiB':>11} {'max KiB':>8} {'chart KiB':>9}"
    print(header)
    for r in results:
        print(f"{r['page']:22} {r['reruns']:>6} {r['script_ms_median']:>9} {r['script_ms_p95']:>7} "
              f"{r['payload_kib_default']:>11} {r['payload_kib_max_rerun']:>8} {r['largest_chart_kib']:>9}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
