"""Concurrent load on a real Streamlit server or proxy, at the protocol level.

A classroom: S sessions open the app and interact about once per second. Each
simulated session behaves like a browser tab: it fetches the page's HTML (keeping
the cookies it is given, e.g. a load balancer's affinity cookie), opens the
websocket ``/_stcore/stream`` with those cookies, sends a ``BackMsg`` with
``rerun_script`` (page name, query string and widget states), reads
``ForwardMsg``s until ``script_finished``, remembers the widgets the page drew,
and on its next interaction sends a new value for one of them — the same
messages a browser sends when a slider moves (for a widget drawn inside a
fragment, a rerun of that fragment only, as a browser does). (Static JavaScript and CSS are not
fetched: a browser caches them.)

Reported: first page p50/p95/max (HTML request → first ``script_finished``),
rerun p50/p95/max (send → ``script_finished``, interactions after the first page;
also per page),
all script runs together (``latency_ms_*``, as in earlier reports), errors
(connection failures, HTTP errors, timeouts, script errors), exception elements
drawn, reruns per second, how sessions were spread over workers (the affinity
cookie's values), the CPU this client used (cores, on the same machine as the
server), and the server's RSS at start, peak and end (read from
``/proc``) plus an RSS trend over the run (MB per minute, least squares).

Without ``--url`` the script starts its own ``streamlit run`` on loopback; with
``--url`` it loads a server that is already running (a plain ``streamlit run`` or
``deploy/serve``'s proxy) and samples RSS only for the processes given by ``--pid``.
``--burst`` opens every session's first page at the same moment (a teacher shares
the link), instead of spreading the opens over ``--ramp`` seconds.

Bounded: at most ``--sessions`` sessions, ``--duration`` seconds, and each
request times out after ``--timeout`` seconds. Loopback only.

Usage::

    python bench/load.py --sessions 60 --duration 120 --think 1.0
    python bench/load.py --sessions 60 --duration 600 --think 1.0   # soak
    python bench/load.py --sessions 1 --duration 60 --think 1.0      # baseline
    python bench/load.py ... --server-arg=--runner.postScriptGC=false
    deploy/serve --workers 2 --port 8600 &                            # a classroom setup
    python bench/load.py --url http://127.0.0.1:8600 --burst --warmup --sessions 60
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
    fragment_id: str = ""  # set when the widget is drawn inside a fragment
    param_key: str = ""  # the widget's URL key: stable while ids may change

    def next_state(self):
        self.turn += 1
        return self.states[self.turn % len(self.states)]

    def follow(self, elements) -> None:
        """Take the widget's current id and fragment from the latest render.

        A widget's id changes with its parameters (a slider whose range depends
        on another control), and a fragment's id with its place on the page; a
        browser always sends the ids of what it shows last.
        """
        for element, fragment_id in elements:
            kind = element.WhichOneof("type")
            if kind in ("slider", "checkbox"):
                proto = getattr(element, kind)
                if proto.query_param_key == self.param_key:
                    self.widget_id, self.fragment_id = proto.id, fragment_id
                    return


@dataclass
class Stats:
    first_pages: list[float] = field(default_factory=list)  # HTML request -> first run done
    latencies: list[float] = field(default_factory=list)  # every script run (send -> done)
    reruns_only: list[float] = field(default_factory=list)  # interactions after the first page
    errors: list[str] = field(default_factory=list)
    exceptions: int = 0
    reruns: int = 0
    workers: collections.Counter = field(default_factory=collections.Counter)
    by_page: dict = field(default_factory=lambda: collections.defaultdict(list))


def _knob_from_element(element, prefix: str, fragment_id: str = "") -> Knob | None:
    """A movable page widget (slider, select slider, toggle, checkbox).

    ``fragment_id`` is the fragment the widget was drawn in (``Delta.fragment_id``):
    moving it makes a browser rerun only that fragment, and so does this client.
    """
    knob = _knob(element, prefix)
    if knob is not None:
        knob.fragment_id = fragment_id
        knob.param_key = getattr(element, element.WhichOneof("type")).query_param_key
    return knob


def _knob(element, prefix: str) -> Knob | None:
    kind = element.WhichOneof("type")
    if kind == "slider":
        proto = element.slider
        # ``value`` is filled only when the app set the value; else it is the default.
        values = list(proto.value) if proto.set_value else list(proto.default)
        if not proto.query_param_key.startswith(prefix + "_") or len(values) != 1:
            return None
        if proto.options:  # select_slider: state is the formatted label
            labels = list(proto.options)
            current = int(values[0])
            other = (current + 1) % len(labels)
            return Knob(
                proto.id, [("string_array", [labels[other]]), ("string_array", [labels[current]])]
            )
        lo, hi, value = proto.min, proto.max, values[0]
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


@dataclass
class Reply:
    """What the server sent for one rerun request."""

    latency: float  # seconds, send -> script_finished
    elements: list  # new elements as (element, fragment_id)
    exceptions: int  # exception elements among them
    deltas: int  # every delta (elements and blocks)
    size: int  # bytes of all messages


async def _rerun(
    ws, page: str, query: str, states: WidgetStates, timeout: float, fragment_id: str = ""
) -> Reply:
    """Send one rerun request (of one fragment if ``fragment_id``) and read the reply."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.widget_states.CopyFrom(states)
    if fragment_id:
        msg.rerun_script.fragment_id = fragment_id
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    reply = Reply(0.0, [], 0, 0, 0)
    deadline = started + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"no script_finished within {timeout}s")
        raw = await asyncio.wait_for(ws.recv(), timeout=remaining)
        reply.size += len(raw)
        fwd = ForwardMsg.FromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta":
            reply.deltas += 1
            if fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                reply.elements.append((element, fwd.delta.fragment_id))
                if element.WhichOneof("type") == "exception":
                    reply.exceptions += 1
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("compile error")
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            reply.latency = time.perf_counter() - started
            return reply


async def fetch_page(base: str, path: str, timeout: float) -> dict[str, str]:
    """GET a page's HTML like a browser opening the link; return the cookies it set.

    A load balancer's affinity cookie (e.g. HAProxy's ``SERVERID``) arrives here and is
    sent back with the websocket upgrade, so the session stays on one worker.
    """
    parts = urlsplit(base)
    if parts.scheme != "http":
        raise ValueError(f"only http:// URLs are supported, not {base!r}")
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80), timeout
    )
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUser-Agent: bench/load.py\r\n"
            "Accept: text/html\r\nConnection: close\r\n\r\n"
        )
        writer.write(request.encode("ascii"))
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)  # until the server closes
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = head[0].split()
    if len(status) < 2 or status[1] != "200":
        raise RuntimeError(f"GET {path}: {head[0] or 'no answer'}")
    cookies = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            key, _, val = value.strip().split(";", 1)[0].partition("=")
            cookies[key.strip()] = val.strip()
    return cookies


async def open_session(base: str, page: str, args):
    """Fetch the page, then open the websocket with its cookies: ``(ws, cookies)``."""
    cookies = await fetch_page(base, "/" + page, args.timeout)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    ws = await connect(
        url,
        subprotocols=["streamlit"],
        additional_headers=headers,
        max_size=None,
        open_timeout=args.timeout,
    )
    return ws, cookies


async def session(
    base: str, spec, args, stats: Stats, go: asyncio.Event, stop_at: float, rng: random.Random
):
    """One simulated student: open a page, then interact until time is up."""
    page = page_name(spec)
    await go.wait()
    try:
        opened = time.perf_counter()
        ws, cookies = await open_session(base, page, args)
        async with ws:
            stats.workers[cookies.get(args.affinity_cookie, "-")] += 1
            reply = await _rerun(ws, page, "", WidgetStates(), args.timeout)
            latency, elements, exc = reply.latency, reply.elements, reply.exceptions
            stats.first_pages.append(time.perf_counter() - opened)
            stats.latencies.append(latency)
            stats.reruns += 1
            stats.exceptions += exc
            knobs = [k for e, f in elements if (k := _knob_from_element(e, spec.prefix, f))]
            knob = rng.choice(knobs) if knobs else None
            while time.perf_counter() < stop_at:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
                if time.perf_counter() >= stop_at:
                    break
                reply = await _rerun(
                    ws,
                    page,
                    "",
                    _widget_states(knob),
                    args.timeout,
                    knob.fragment_id if knob else "",
                )
                latency, exc = reply.latency, reply.exceptions
                if knob is not None:
                    knob.follow(reply.elements)
                stats.latencies.append(latency)
                stats.reruns_only.append(latency)
                stats.by_page[spec.stem].append(latency)
                stats.reruns += 1
                stats.exceptions += exc
    except Exception as exc:
        stats.errors.append(f"{spec.stem}: {type(exc).__name__}: {exc}")


async def warm_up(base: str, pages, args) -> None:
    """Open every page once, one fresh client each, before measuring (not counted)."""
    for spec in pages:
        page = page_name(spec)
        ws, _ = await open_session(base, page, args)
        async with ws:
            await _rerun(ws, page, "", WidgetStates(), args.timeout)


def page_name(spec) -> str:
    """The page name a browser sends for a page ("" for the default page, home)."""
    return "" if spec is registry.PAGES[0] else spec.url_path


def _summary(name: str, seconds: list[float]) -> dict:
    ms = [1000 * x for x in seconds]
    return {
        f"{name}_p50": round(percentile(ms, 50), 1),
        f"{name}_p95": round(percentile(ms, 95), 1),
        f"{name}_max": round(max(ms, default=float("nan")), 1),
    }


def _rss_total(pids: list[int]) -> float:
    return sum(rss_mb(pid) for pid in pids) if pids else float("nan")


async def run_load(base: str, pids: list[int], args) -> dict:
    pages = [p for p in registry.PAGES if not args.pages or p.stem in args.pages]
    if args.warmup:
        await warm_up(base, pages, args)
    stats = Stats()
    rng = random.Random(args.seed)
    go = asyncio.Event()
    rss = [(0.0, _rss_total(pids))]
    started = time.perf_counter()
    client_cpu = time.process_time()
    stop_at = started + args.duration
    tasks = []
    for i in range(args.sessions):
        spec = pages[i % len(pages)]
        tasks.append(
            asyncio.create_task(
                session(base, spec, args, stats, go, stop_at, random.Random(rng.random()))
            )
        )
        if not args.burst:
            go.set()
            await asyncio.sleep(args.ramp / max(args.sessions, 1))
    go.set()  # burst: every session was waiting for this moment

    async def sample():
        while pids and time.perf_counter() < stop_at + args.timeout:
            rss.append((time.perf_counter() - started, _rss_total(pids)))
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(*tasks)
    sampler.cancel()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    rss.append((elapsed, _rss_total(pids)))
    # Trend of RSS over the second half of the run (after warm-up), MB/minute.
    tail = [(t, m) for t, m in rss if t >= elapsed / 2]
    slope = 0.0
    if pids and len(tail) >= 3:
        ts = [t for t, _ in tail]
        ms = [m for _, m in tail]
        t_mean, m_mean = statistics.fmean(ts), statistics.fmean(ms)
        den = sum((t - t_mean) ** 2 for t in ts) or 1.0
        slope = 60 * sum((t - t_mean) * (m - m_mean) for t, m in tail) / den
    result = {
        "url": args.url or "own streamlit run",
        "mode": "burst" if args.burst else f"ramp {args.ramp:g} s",
        "warmup": args.warmup,
        "sessions": args.sessions,
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "reruns": stats.reruns,
        "reruns_per_s": round(stats.reruns / elapsed, 2),
        **_summary("first_page_ms", stats.first_pages),
        **_summary("rerun_ms", stats.reruns_only),
        **_summary("latency_ms", stats.latencies),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:5],
        "exception_elements": stats.exceptions,
        "sessions_per_worker": dict(sorted(stats.workers.items())),
        # Which pages make the tail: [p50, p95] of the reruns on each page, in ms.
        "rerun_ms_p50_p95_by_page": {
            stem: [round(1000 * percentile(v, q), 1) for q in (50, 95)]
            for stem, v in sorted(stats.by_page.items())
        },
        # This client shares the machine with the server: the cores it used are not
        # available to the server's workers.
        "client_cpu_cores": round(client_cpu / elapsed, 2),
        "server_args": args.server_arg,
    }
    if pids:
        result |= {
            "rss_pids": pids,
            "rss_mb_start": round(rss[0][1], 1),
            "rss_mb_peak": round(max(m for _, m in rss), 1),
            "rss_mb_end": round(rss[-1][1], 1),
            "rss_mb_per_min_second_half": round(slope, 2),
        }
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of interaction")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between interactions"
    )
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds to open all sessions")
    parser.add_argument(
        "--burst", action="store_true", help="open every session's first page at once (no ramp)"
    )
    parser.add_argument(
        "--url",
        help="load this running server or proxy (http://127.0.0.1:PORT) instead of starting one",
    )
    parser.add_argument(
        "--pid",
        type=int,
        action="append",
        default=[],
        help="with --url: sample the RSS of this process (repeat for several; summed)",
    )
    parser.add_argument(
        "--warmup", action="store_true", help="open every page once before measuring"
    )
    parser.add_argument(
        "--affinity-cookie",
        default="SERVERID",
        help="cookie naming the worker a session landed on (default: HAProxy's SERVERID)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout")
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
    if args.url and args.server_arg:
        parser.error("--server-arg starts a server; with --url, configure that server instead")
    if args.pid and not args.url:
        parser.error("--pid is for --url; the script samples its own server otherwise")
    if args.url:
        args.url = args.url.rstrip("/")
        if urlsplit(args.url).scheme != "http":
            parser.error(f"--url {args.url!r}: only http:// is supported")
        result = asyncio.run(run_load(args.url, args.pid, args))
    else:
        with streamlit_process(extra_args=args.server_arg) as (base, proc):
            result = asyncio.run(run_load(base, [proc.pid], args))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
