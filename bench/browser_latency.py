"""Browser latency per page: first load, and slider change to updated chart.

Starts ``streamlit run`` on loopback and drives Debian's Chromium (headless,
through Playwright) like a student would:

- **first load**: a fresh browser context opens the page URL; measured from
  navigation start to "connected, script finished, every chart drawn"
  (``performance.now()`` in the page). Median over ``--loads``.
- **cold start**: from launching ``streamlit run`` to a healthy server, and
  from there to the first page rendered in the browser (cold imports).
- **slider → chart**: focus the first slider in the main area and press an
  arrow key (alternating right/left); measured from the key press to the last
  change inside a Plotly chart, once the rerun has finished and the page has
  been quiet for a moment. Median over ``--changes`` (≥ 10).

Usage::

    python bench/browser_latency.py
    python bench/browser_latency.py --pages softmax_temperature --changes 20
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.app import registry  # noqa: E402
from tests.browser import _SETTLED, chromium, streamlit_server, wait_for_app  # noqa: E402

_OBSERVE = """
() => {
  window.__chartMutation = 0;
  const main = document.querySelector('[data-testid="stMain"]');
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(records => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest && el.closest('[data-testid="stPlotlyChart"]')) {
        window.__chartMutation = performance.now();
        return;
      }
    }
  });
  window.__observer.observe(main, {subtree: true, childList: true, attributes: true,
                                   characterData: true});
  // When the rerun finished (the app's script state back to notRunning).
  window.__scriptDone = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__stateObserver) window.__stateObserver.disconnect();
  window.__stateObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'notRunning') {
      window.__scriptDone = performance.now();
    }
  });
  window.__stateObserver.observe(app, {attributes: true,
                                       attributeFilter: ['data-test-script-state']});
}
"""

_SCRIPT_STATE = (
    "() => document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state')"
)


def _quiet(page, ms: int = 400, timeout_ms: int = 10_000) -> None:
    """Wait until no chart mutation happened for ``ms`` milliseconds."""
    page.wait_for_function(
        f"() => performance.now() - Math.max(window.__chartMutation, window.__t0 || 0) > {ms}",
        timeout=timeout_ms,
    )


def _first_render_ms(page) -> float:
    """Milliseconds from navigation start until the first run has finished and
    every chart has drawn (``performance.now()`` in the page)."""
    page.wait_for_function(
        f"""() => ({_SETTLED})() && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(el => el.querySelector('.main-svg'))""",
        timeout=60_000,
        polling="raf",
    )
    return page.evaluate("performance.now()")


def measure(base: str, browser, spec, loads: int, changes: int, query: str = "") -> dict:
    path = "" if spec.group is None else spec.url_path
    url = f"{base}/{path}" + (f"?{query}" if query else "")
    load_ms = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(url)
        load_ms.append(_first_render_ms(page))
        wait_for_app(page)
        context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    sliders = page.locator('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]')
    latencies, finished = [], []
    if sliders.count() and page.locator('[data-testid="stPlotlyChart"]').count():
        slider = sliders.first
        for i in range(changes):
            page.evaluate(_OBSERVE)
            slider.focus()
            page.evaluate("() => { window.__t0 = performance.now(); }")
            slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            try:
                page.wait_for_function(f"() => ({_SCRIPT_STATE})() === 'running'", timeout=3000)
            except Exception:
                pass
            page.wait_for_function(f"() => ({_SCRIPT_STATE})() === 'notRunning'", timeout=30_000)
            _quiet(page)
            t0, t1, done = page.evaluate(
                "() => [window.__t0, window.__chartMutation, window.__scriptDone]"
            )
            if t1 > t0:
                latencies.append(t1 - t0)
                if done > t0:
                    finished.append(done - t0)
    context.close()
    return {
        "page": spec.stem,
        "first_load_ms_median": round(statistics.median(load_ms)),
        "first_load_ms_max": round(max(load_ms)),
        "slider_to_chart_ms_median": round(statistics.median(latencies)) if latencies else None,
        "slider_to_chart_ms_p95": round(sorted(latencies)[int(0.95 * (len(latencies) - 1))])
        if latencies
        else None,
        "changes_measured": len(latencies),
        # key press -> rerun finished in the app (server work + messages), median
        "slider_to_run_finished_ms_median": round(statistics.median(finished))
        if finished
        else None,
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", help="page stems (default: all registered)")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--changes", type=int, default=12)
    parser.add_argument("--server-arg", action="append", default=[])
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--query",
        default="",
        help="query string added to every page URL, "
        "e.g. logistic_arrows=false (to compare one setting)",
    )
    args = parser.parse_args(argv)
    specs = [p for p in registry.PAGES if not args.pages or p.stem in args.pages]
    started = time.perf_counter()
    with streamlit_server(extra_args=args.server_arg) as base:
        healthy_s = time.perf_counter() - started
        with chromium() as browser:
            cold = browser.new_page()
            cold.goto(f"{base}/")
            first_page_s = _first_render_ms(cold) / 1000  # from navigation start
            wait_for_app(cold)
            cold.close()
            results = _measure_all(base, browser, specs, args)
    print(
        f"cold start: server healthy after {healthy_s:.2f} s, first page rendered "
        f"{first_page_s:.2f} s later (total {healthy_s + first_page_s:.2f} s)"
    )
    _print(results)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "cold_start_s": {
                        "healthy": round(healthy_s, 2),
                        "first_page": round(first_page_s, 2),
                    },
                    "pages": results,
                },
                indent=2,
            )
        )
    return results


def _measure_all(base: str, browser, specs, args) -> list[dict]:
    # Warm the server (imports, caches) once per page before measuring.
    warm = browser.new_page()
    for spec in specs:
        warm.goto(f"{base}/{'' if spec.group is None else spec.url_path}")
        wait_for_app(warm)
    warm.close()
    return [measure(base, browser, spec, args.loads, args.changes, args.query) for spec in specs]


def _print(results: list[dict]) -> None:
    print(
        f"{'page':22} {'load ms':>8} {'load max':>8} {'slider→chart ms':>16} {'p95':>6} "
        f"{'→run done':>10} {'n':>3}"
    )
    for r in results:
        print(
            f"{r['page']:22} {r['first_load_ms_median']:>8} {r['first_load_ms_max']:>8} "
            f"{str(r['slider_to_chart_ms_median']):>16} {str(r['slider_to_chart_ms_p95']):>6} "
            f"{str(r['slider_to_run_finished_ms_median']):>10} {r['changes_measured']:>3}"
        )


if __name__ == "__main__":
    main()
