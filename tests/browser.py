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


def main(argv: list[str] | None = None) -> None:
    from playground.app import registry

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--only", nargs="*", help="page stems (default: all registered)")
    parser.add_argument("--lang", nargs="*", default=["en", "zh"])
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--present", action="store_true")
    args = parser.parse_args(argv)
    stems = args.only or [p.stem for p in registry.PAGES]
    for path in screenshot_pages(
        args.out, stems, args.lang, width=args.width, present=args.present
    ):
        print(path)


if __name__ == "__main__":
    main()
