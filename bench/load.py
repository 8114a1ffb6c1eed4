"""Concurrent load on a real ``streamlit run`` server, at the protocol level.

A classroom: S sessions open the app at once and interact about once per
second. Each simulated session speaks Streamlit's own protocol over the
websocket ``/_stcore/stream``: it sends a ``BackMsg`` with ``rerun_script``
(page name, query string and widget states), reads ``ForwardMsg``s until
``script_finished``, remembers the widgets the page drew, and on its next
interaction sends a new value for one of them — the same messages a browser
sends when a slider moves.

Reported: rerun latency p50/p95/max (send → ``script_finished``), errors
(connection failures, timeouts, script errors), exception elements drawn,
reruns per second, and the server's RSS at start, peak and end (read from
``/proc``), plus an RSS trend over the run (MB per minute, least squares).

Bounded: at most ``--sessions`` sessions, ``--duration`` seconds, and each
rerun times out after ``--timeout`` seconds. Loopback only.

Usage::

    python bench/load.py --sessions 60 --duration 120 --think 1.0
    python bench/load.py --sessions 60 --duration 600 --think 1.0   # soak
    python bench/load.py --sessions 1 --duration 60 --think 1.0      # baseline
    python bench/load.py ... --server-arg=--runner.postScriptGC=false
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetStates  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from playground.app import registry  # noqa: E402
from tests.browser import streamlit_process  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Knob:
    """A widget the client can move: its id and the states it alternates between."""

    widget_id: str
    states: list[object]
    turn: int = 0

    def next_state(self):
        self.turn += 1
        return self.states[self.turn % len(self.states)]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exceptions: int = 0
    reruns: int = 0


def _knob_from_element(element, prefix: str) -> Knob | None:
    """A movable page widget (slider, select slider, toggle, checkbox)."""
    kind = element.WhichOneof("type")
    if kind == "slider":
        proto = element.slider
        if not proto.query_param_key.startswith(prefix + "_") or len(proto.value) != 1:
            return None
        if proto.options:  # select_slider: state is the formatted label
            labels = list(proto.options)
            current = int(proto.value[0])
            other = (current + 1) % len(labels)
            return Knob(
                proto.id, [("string_array", [labels[other]]), ("string_array", [labels[current]])]
            )
        lo, hi, value = proto.min, proto.max, proto.value[0]
        mid = lo + (hi - lo) / 2
        if proto.data_type == proto.INT:
            mid = float(round(mid))
        other = mid if mid != value else hi
        return Knob(proto.id, [("double_array", [other]), ("double_array", [value])])
    if kind == "checkbox":
        proto = element.checkbox
        if not proto.query_param_key.startswith(prefix + "_"):
            return None
        return Knob(proto.id, [("bool", not proto.default), ("bool", proto.default)])
    return None


def _widget_states(knob: Knob | None) -> WidgetStates:
    states = WidgetStates()
    if knob is None:
        return states
    kind, value = knob.next_state()
    state = states.widgets.add()
    state.id = knob.widget_id
    if kind == "double_array":
        state.double_array_value.data.extend(value)
    elif kind == "string_array":
        state.string_array_value.data.extend(value)
    elif kind == "bool":
        state.bool_value = value
    return states


async def _rerun(ws, page: str, query: str, states: WidgetStates, timeout: float):
    """Send one rerun request; return (latency s, new elements, exception count)."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.widget_states.CopyFrom(states)
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    elements = []
    exceptions = 0
    deadline = started + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no script_finished within {timeout}s")
        raw = await asyncio.wait_for(ws.recv(), timeout=remaining)
        fwd = ForwardMsg.FromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            elements.append(element)
            if element.WhichOneof("type") == "exception":
                exceptions += 1
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("compile error")
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            return time.perf_counter() - started, elements, exceptions


async def session(url: str, spec, args, stats: Stats, stop_at: float, rng: random.Random):
    """One simulated student: open a page, then interact until time is up."""
    page = spec.url_path if spec.group is not None else ""
    try:
        async with connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=args.timeout
        ) as ws:
            latency, elements, exc = await _rerun(ws, page, "", WidgetStates(), args.timeout)
            stats.latencies.append(latency)
            stats.reruns += 1
            stats.exceptions += exc
            knobs = [k for e in elements if (k := _knob_from_element(e, spec.prefix))]
            knob = rng.choice(knobs) if knobs else None
            while time.perf_counter() < stop_at:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
                if time.perf_counter() >= stop_at:
                    break
                latency, _, exc = await _rerun(ws, page, "", _widget_states(knob), args.timeout)
                stats.latencies.append(latency)
                stats.reruns += 1
                stats.exceptions += exc
    except Exception as exc:
        stats.errors.append(f"{spec.stem}: {type(exc).__name__}: {exc}")


async def run_load(base: str, pid: int, args) -> dict:
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    pages = [p for p in registry.PAGES if not args.pages or p.stem in args.pages]
    stats = Stats()
    rng = random.Random(args.seed)
    rss = [(0.0, rss_mb(pid))]
    started = time.perf_counter()
    stop_at = started + args.duration
    tasks = []
    for i in range(args.sessions):
        spec = pages[i % len(pages)]
        tasks.append(
            asyncio.create_task(
                session(url, spec, args, stats, stop_at, random.Random(rng.random()))
            )
        )
        await asyncio.sleep(args.ramp / max(args.sessions, 1))

    async def sample():
        while time.perf_counter() < stop_at + args.timeout:
            rss.append((time.perf_counter() - started, rss_mb(pid)))
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(*tasks)
    sampler.cancel()
    elapsed = time.perf_counter() - started
    rss.append((elapsed, rss_mb(pid)))
    # Trend of RSS over the second half of the run (after warm-up), MB/minute.
    tail = [(t, m) for t, m in rss if t >= elapsed / 2]
    slope = 0.0
    if len(tail) >= 3:
        ts = [t for t, _ in tail]
        ms = [m for _, m in tail]
        t_mean, m_mean = statistics.fmean(ts), statistics.fmean(ms)
        den = sum((t - t_mean) ** 2 for t in ts) or 1.0
        slope = 60 * sum((t - t_mean) * (m - m_mean) for t, m in tail) / den
    lat_ms = [1000 * x for x in stats.latencies]
    return {
        "sessions": args.sessions,
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "reruns": stats.reruns,
        "reruns_per_s": round(stats.reruns / elapsed, 2),
        "latency_ms_p50": round(percentile(lat_ms, 50), 1),
        "latency_ms_p95": round(percentile(lat_ms, 95), 1),
        "latency_ms_max": round(max(lat_ms, default=float("nan")), 1),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:5],
        "exception_elements": stats.exceptions,
        "rss_mb_start": round(rss[0][1], 1),
        "rss_mb_peak": round(max(m for _, m in rss), 1),
        "rss_mb_end": round(rss[-1][1], 1),
        "rss_mb_per_min_second_half": round(slope, 2),
        "server_args": args.server_arg,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of interaction")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between interactions"
    )
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to open all sessions")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-rerun timeout")
    parser.add_argument("--pages", nargs="*", help="page stems (default: all registered)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra 'streamlit run' argument, e.g. --server-arg=--runner.postScriptGC=false",
    )
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 500 or not 1 <= args.duration <= 3600:
        parser.error("sessions must be in [1, 500] and duration in [1, 3600] s")
    with streamlit_process(extra_args=args.server_arg) as (base, proc):
        result = asyncio.run(run_load(base, proc.pid, args))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
