"""Real-browser tooling: a ``streamlit run`` server on loopback and headless Chromium.

Used by ``tests/test_browser.py`` and by the benchmark scripts in ``bench/``.
Run it directly to take screenshots of every page (both languages)::

    python -m tests.browser --out artifacts/screenshots
    python -m tests.browser --out docs --only home --lang en   # README picture

Chromium is Debian's (``/usr/bin/chromium``) or ``$CHROMIUM_PATH``; Playwright
never downloads a browser.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """The Chromium binary to drive, or ``None`` when there is none."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    port: int | None = None, *, extra_args: list[str] | None = None, timeout: float = 60
) -> Iterator[str]:
    """Start ``streamlit run streamlit_app.py`` on loopback; yield its base URL.

    The server's output goes to ``artifacts/server-<port>.log``.
    """
    with streamlit_process(port, extra_args=extra_args, timeout=timeout) as (base, _):
        yield base


@contextlib.contextmanager
def streamlit_process(
    port: int | None = None, *, extra_args: list[str] | None = None, timeout: float = 60
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like :func:`streamlit_server`, yielding ``(base_url, process)``."""
    port = port or free_port()
    logs = ROOT / "artifacts"
    logs.mkdir(exist_ok=True)
    log = (logs / f"server-{port}.log").open("w")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "streamlit_app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *(extra_args or []),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit not healthy after {timeout}s; see {log.name}")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def chromium(executable: str | None = None) -> Iterator[object]:
    """A headless Playwright Chromium browser (system binary)."""
    from playwright.sync_api import sync_playwright

    executable = executable or chromium_path()
    if executable is None:
        raise FileNotFoundError("no Chromium found at /usr/bin/chromium or $CHROMIUM_PATH")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


_SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null
        && document.querySelector('[data-stale="true"]') === null;
}"""


def wait_for_app(page, *, timeout: float = 60_000) -> None:
    """Wait until the app is connected, a run has drawn the page (every page
    has a title) and finished, nothing is stale, and every Plotly chart has
    drawn its SVG. Checked twice, 300 ms apart, so that a rerun queued right
    after the first one (a fragment, a query-parameter update) is waited for.
    """
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout
    )
    for _ in range(2):
        page.wait_for_function(_SETTLED, timeout=timeout)
        page.wait_for_timeout(300)
    page.wait_for_function(_SETTLED, timeout=timeout)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                 .every(el => el.querySelector('.main-svg'))""",
        timeout=timeout,
    )
    page.wait_for_timeout(200)  # let the last frame paint (fonts, KaTeX)


#: Finds what a reader cannot read: text cut by its box, formulas wider than the
#: page, chart texts outside the chart or on top of each other. Returns a list
#: of human-readable problems (empty when the view is clean).
LAYOUT_PROBLEMS_JS = r"""() => {
  const problems = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return ['no main area'];
  const shown = el => {
    const r = el.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return false;
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden') return false;
      if (n.getAttribute('role') === 'tabpanel' && n.hidden) return false;
    }
    return true;
  };
  const clip = (value, n) => Array.from(value).slice(0, n).join('');  // whole characters
  const text = el => clip((el.innerText || el.textContent || '').trim().replace(/\s+/g, ' '), 70);
  // KaTeX at the end of a line overhangs its box by a pixel or two without being cut.
  const cut = el => el.clientWidth > 0
    && el.scrollWidth > el.clientWidth + (el.querySelector('.katex') ? 4 : 1);
  // 1. Metric values and labels, widget labels, tab labels, buttons: cut or ellipsised.
  const boxes = '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], ' +
    '[data-testid="stMetricDelta"], [data-testid="stWidgetLabel"], [data-testid="stTab"], ' +
    '[data-testid="stCaptionContainer"], .stButton button, [data-testid="stPageLink"]';
  for (const el of main.querySelectorAll(boxes)) {
    if (!shown(el)) continue;
    const nodes = [el, ...el.querySelectorAll('*')].filter(
      n => !(n instanceof SVGElement) && !n.closest('.katex'));  // KaTeX struts overhang
    if (nodes.some(cut) || /[…‥]$/.test(text(el))) {
      problems.push(`cut ${el.getAttribute('data-testid') || el.tagName}: “${text(el)}”`);
    }
  }
  // 2. Select boxes whose chosen label does not fit.
  const canvas = document.createElement('canvas').getContext('2d');
  for (const input of main.querySelectorAll('input[role="combobox"]')) {
    if (!shown(input) || !input.value) continue;
    const cs = getComputedStyle(input);
    canvas.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (canvas.measureText(input.value).width > room + 1) {
      problems.push(`cut select: “${input.value}”`);
    }
  }
  // 3. Formulas wider than their block (KaTeX scrolls them sideways), inline
  //    maths running past its paragraph.
  for (const el of main.querySelectorAll('.katex-display')) {
    if (!shown(el)) continue;
    if (el.scrollWidth > el.clientWidth + 4) {  // KaTeX struts stick out 1-2 px
      const what = clip(text(el), 40);
      problems.push(`wide formula (${el.scrollWidth} px > ${el.clientWidth} px): ${what}`);
    }
  }
  for (const el of main.querySelectorAll('.katex')) {
    if (!shown(el) || el.closest('.katex-display')) continue;
    const box = el.closest('[data-testid="stMarkdownContainer"]');
    if (box && el.getBoundingClientRect().right > box.getBoundingClientRect().right + 2) {
      problems.push(`inline formula runs out of its text: ${clip(text(el), 40)}`);
    }
  }
  // 4. Chart texts: inside the chart, not on top of one another.
  for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!shown(chart)) continue;
    const frame = chart.getBoundingClientRect();
    const labels = [];
    const add = (node, kind, group) => {
      const r = node.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || !node.textContent.trim()) return;
      labels.push({r, kind, group, t: clip(node.textContent.trim(), 40)});
    };
    chart.querySelectorAll('.gtitle').forEach(n => add(n, 'title', 'title'));
    chart.querySelectorAll('text[class$="title"]').forEach(n => {
      if (!n.classList.contains('gtitle') && !n.closest('.cbtitle')) {
        add(n, 'axis title', n.getAttribute('class'));
      }
    });
    chart.querySelectorAll('.annotation-text').forEach(n => add(n, 'annotation', 'annotation'));
    chart.querySelectorAll('.legendtext').forEach(n => add(n, 'legend', 'legend'));
    chart.querySelectorAll('.cbtitle text').forEach(n => add(n, 'colorbar title', 'cb'));
    chart.querySelectorAll('g.xtick > text, g.ytick > text').forEach(n => {
      const axis = n.closest('g[class$="tick"]').parentElement.getAttribute('class') || 'tick';
      add(n, 'tick', axis);
    });
    for (const l of labels) {
      if (l.kind === 'tick') continue;
      if (l.r.left < frame.left - 2 || l.r.right > frame.right + 2 || l.r.top < frame.top - 2) {
        problems.push(`chart text outside the chart: ${l.kind} “${l.t}”`);
      }
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i], b = labels[j];
        if (a.kind === 'legend' && b.kind === 'legend') continue;
        if (a.kind === 'tick' && b.kind === 'tick' && a.group !== b.group) continue;
        const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (w > 2 && h > 2) {
          problems.push(`chart texts overlap: ${a.kind} “${a.t}” and ${b.kind} “${b.t}”`);
        }
      }
    }
  }
  return problems;
}"""


def layout_problems(page) -> list[str]:
    """What a reader cannot read in the current view (see :data:`LAYOUT_PROBLEMS_JS`)."""
    return page.evaluate(LAYOUT_PROBLEMS_JS)


def tab_labels(page) -> list[list[str]]:
    """The labels of every tab bar in the main area, in page order."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTabs"]')]
              .map(bar => [...bar.querySelectorAll('[data-testid="stTab"]')]
                 .map(tab => tab.innerText.trim()))"""
    )


def open_tab(page, bar: int, index: int) -> None:
    """Click tab ``index`` of tab bar ``bar`` and wait for the rerun it starts."""
    tabs = page.locator('[data-testid="stMain"] [data-testid="stTabs"]').nth(bar)
    tabs.locator('[data-testid="stTab"]').nth(index).click()
    page.wait_for_timeout(300)
    wait_for_app(page)


def full_screenshot(page, path: Path | str, *, max_height: int = 8000) -> None:
    """Screenshot the whole page.

    Streamlit scrolls inside its main container, so Playwright's
    ``full_page`` only captures the viewport; grow the viewport to the content
    height first, then restore it.
    """
    size = page.viewport_size or {"width": 1400, "height": 900}
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return Math.max(main ? main.scrollHeight : 0, document.body.scrollHeight);
        }"""
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), max_height)}
    )
    page.wait_for_timeout(400)  # let charts re-layout to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def screenshot_pages(
    out: Path,
    stems: list[str],
    langs: list[str],
    *,
    width: int = 1400,
    height: int = 900,
    present: bool = False,
) -> list[Path]:
    """Save a full-page PNG for each page and language; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with streamlit_server() as base, chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for stem in stems:
            for lang in langs:
                path = "" if stem == "home" else stem
                query = f"?lang={lang}" + ("&present=1" if present else "")
                page.goto(f"{base}/{path}{query}")
                wait_for_app(page)
                suffix = "-present" if present else ""
                target = out / f"{stem}-{lang}{suffix}.png"
                full_screenshot(page, target)
                saved.append(target)
        context.close()
    return saved


def check_views(
    page, base: str, stem: str, lang: str, *, present: bool = True, shots: Path | None = None
) -> dict[str, list[str]]:
    """Open a page's default view and each of its tabs; return the layout problems of each.

    Views are named ``<stem>-<lang>`` and ``<stem>-<lang>-tab<bar>.<index>``;
    a screenshot of each is saved in ``shots`` when given.
    """
    path = "" if stem == "home" else stem
    query = f"?lang={lang}" + ("&present=1" if present else "")
    page.goto(f"{base}/{path}{query}")
    wait_for_app(page)
    found: dict[str, list[str]] = {}

    def record(view: str) -> None:
        found[view] = layout_problems(page)
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            full_screenshot(page, shots / f"{view}.png")

    record(f"{stem}-{lang}")
    for bar, labels in enumerate(tab_labels(page)):
        for index in range(1, len(labels)):
            open_tab(page, bar, index)
            record(f"{stem}-{lang}-tab{bar}.{index}")
        if len(labels) > 1:
            open_tab(page, bar, 0)
    return found


def main(argv: list[str] | None = None) -> None:
    from playground.app import registry

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--only", nargs="*", help="page stems (default: all registered)")
    parser.add_argument("--lang", nargs="*", default=["en", "zh"])
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--present", action="store_true")
    parser.add_argument(
        "--check",
        action="store_true",
        help="open every view (default and each tab), list layout problems, save screenshots",
    )
    args = parser.parse_args(argv)
    stems = args.only or [p.stem for p in registry.PAGES]
    if args.check:
        total = 0
        with streamlit_server() as base, chromium() as browser:
            context = browser.new_context(viewport={"width": args.width, "height": args.height})
            page = context.new_page()
            for stem in stems:
                for lang in args.lang:
                    views = check_views(
                        page, base, stem, lang, present=args.present, shots=args.out
                    )
                    for view, problems in views.items():
                        total += len(problems)
                        print(f"{view}: {len(problems)} problem(s)")
                        for problem in problems:
                            print(f"    {problem}")
        print(f"{total} problem(s) in all")
        return
    for path in screenshot_pages(
        args.out, stems, args.lang, width=args.width, present=args.present
    ):
        print(path)


if __name__ == "__main__":
    main()
