"""Server CPU per rerun, per page: what one interaction costs a real server.

``bench/rerun.py`` times our scripts inside AppTest; a served rerun also pays
Streamlit's messaging (each element becomes a ``ForwardMsg``, handed from the
script thread to the event loop and written to the websocket). This script
drives a real ``streamlit run`` (or ``--url`` with ``--pid``) at the protocol
level, one session at a time: for each page it opens the page, then sends
``--reruns`` interactions back to back (the same widget moves as
``bench/load.py``: each movable page widget in turn, to another value and back),
and divides the CPU time the server process used (user + system, from
``/proc``) by the number of reruns. Also reported: the wall time per rerun and
the elements and bytes the server sent per rerun.

With one session and no think time this is the cost a classroom multiplies:
on a machine with C cores, a process can serve at most about
``1000 / cpu_ms`` reruns per second per core.

Usage::

    python bench/server_cpu.py                       # every page, 40 reruns each
    python bench/server_cpu.py --pages lagrange_kkt --reruns 100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetStates  # noqa: E402

from playground.app import registry  # noqa: E402
from tests.browser import streamlit_process  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, in seconds (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


async def _run(ws, page: str, knob, knobs, timeout: float) -> load.Reply:
    """One rerun moving ``knob``; every knob then follows the new render (widget and
    fragment ids can change)."""
    states = load._widget_states(knob)
    fragment_id = knob.fragment_id if knob is not None else ""
    reply = await load._rerun(ws, page, "", states, timeout, fragment_id)
    for other in knobs:
        other.follow(reply.elements)
    return reply


async def measure_page(base: str, pid: int, spec, args) -> dict:
    page = load.page_name(spec)
    ws, _ = await load.open_session(base, page, args)
    async with ws:
        first = await load._rerun(ws, page, "", WidgetStates(), args.timeout)
        knobs = [k for e, f in first.elements if (k := load._knob_from_element(e, spec.prefix, f))]
        # Warm the caches for every widget move first (a class does this in seconds).
        for knob in knobs:
            for _ in range(2):
                await _run(ws, page, knob, knobs, args.timeout)
        counts, sizes = [], []
        cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
        for i in range(args.reruns):
            knob = knobs[(i // 2) % len(knobs)] if knobs else None
            reply = await _run(ws, page, knob, knobs, args.timeout)
            counts.append(reply.deltas)
            sizes.append(reply.size)
        cpu, wall = cpu_seconds(pid) - cpu0, time.perf_counter() - wall0
    return {
        "page": spec.stem,
        "cpu_ms": round(1000 * cpu / args.reruns, 1),
        "wall_ms": round(1000 * wall / args.reruns, 1),
        "deltas": round(statistics.fmean(counts), 1),
        "kib": round(statistics.fmean(sizes) / 1024, 1),
        "knobs": len(knobs),
        "fragment_knobs": sum(bool(k.fragment_id) for k in knobs),
    }


async def measure(base: str, pid: int, args) -> list[dict]:
    pages = [p for p in registry.PAGES if not args.pages or p.stem in args.pages]
    return [await measure_page(base, pid, spec, args) for spec in pages]


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="page stems (default: all)")
    parser.add_argument("--reruns", type=int, default=40, help="measured reruns per page")
    parser.add_argument("--url", help="a running server (http://127.0.0.1:PORT); needs --pid")
    parser.add_argument("--pid", type=int, help="with --url: the server process to read CPU of")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args(argv)
    if args.url:
        if args.pid is None:
            parser.error("--url needs --pid (the process whose CPU is measured)")
        rows = asyncio.run(measure(args.url, args.pid, args))
    else:
        with streamlit_process() as (base, process):
            rows = asyncio.run(measure(base, process.pid, args))
    print(f"{'page':22} {'cpu ms':>7} {'wall ms':>8} {'deltas':>7} {'KiB':>7}")
    for r in rows:
        cells = f"{r['cpu_ms']:7.1f} {r['wall_ms']:8.1f} {r['deltas']:7.1f} {r['kib']:7.1f}"
        print(f"{r['page']:22} {cells}")
    mean = statistics.fmean(r["cpu_ms"] for r in rows)
    print(f"{'mean':22} {mean:7.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
