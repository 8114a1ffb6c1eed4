"""The classroom deployment: ``deploy/serve`` with real processes on loopback.

Starts ``deploy/serve --workers 2`` (two ``streamlit run`` workers behind Debian's
HAProxy) and checks what a classroom relies on: new students are spread over both
workers, the ``SERVERID`` cookie keeps a student on their worker (plain requests, the
websocket upgrade, and a websocket reconnect that resumes the same Streamlit session),
a killed worker leaves the other one serving and comes back, and SIGTERM / Ctrl-C stop
every process.

Without HAProxy the tests skip with the reason, except when ``CI=true``, where a missing
HAProxy is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from deploy import serve as serve_module
from tests.browser import free_port

# One deployment per test process, shared by the tests of this file: the xdist group
# keeps them on one worker. (With pytest 9.2 and pytest-xdist 3.8 the group is not
# applied, since xdist renames `item._nodeid`, which pytest no longer reads; the tests
# then start one deployment per xdist worker that runs them, which works too.)
pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SERVE = ROOT / "deploy" / "serve"


def _require_haproxy() -> str:
    path = serve_module.haproxy_binary()
    if path is None:
        reason = "HAProxy not found on $PATH or at /usr/sbin/haproxy (apt-get install haproxy)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return path


@dataclass
class Deployment:
    proc: subprocess.Popen
    url: str
    run_dir: Path
    output: Path

    @property
    def host_port(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        return parts.hostname, parts.port

    def state(self) -> dict:
        return json.loads((self.run_dir / "serve.json").read_text())

    def pid(self, name: str) -> int:
        return next(w["pid"] for w in self.state()["workers"] if w["name"] == name)

    def status(self) -> dict[str, str]:
        """Each worker's state as HAProxy sees it (``UP``, ``DOWN``, ...), from its socket."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(self.run_dir / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = [line.split(",") for line in data.decode().splitlines() if line]
        header = rows[0]
        name, status = header.index("svname"), header.index("status")
        return {
            row[name]: row[status]
            for row in rows[1:]
            if row[0] == "streamlit" and row[name].startswith("w")
        }

    def wait_all_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while (status := self.status()) != {"w1": "UP", "w2": "UP"}:
            assert self.proc.poll() is None, self.log()
            assert time.monotonic() < deadline, f"workers not back in rotation: {status}"
            time.sleep(0.25)

    def log(self) -> str:
        return self.output.read_text(errors="replace")


def _start(tmp: Path, workers: int) -> Deployment:
    haproxy = _require_haproxy()
    port = free_port()
    run_dir = tmp / "run"
    output = tmp / "serve.out"
    cmd = [
        str(SERVE),
        "--workers",
        str(workers),
        "--port",
        str(port),
        "--run-dir",
        str(run_dir),
        "--haproxy",
        haproxy,
        "--no-warm",
    ]
    env = {**os.environ, "PYTHON": sys.executable}
    with output.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deployment = Deployment(proc, f"http://127.0.0.1:{port}", run_dir, output)
    deadline = time.monotonic() + 90
    while "serving ML Math Playground at" not in deployment.log():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"deploy/serve did not start:\n{deployment.log()}")
        time.sleep(0.2)
    return deployment


def _stop(deployment: Deployment, sig: int) -> list[int]:
    """Send ``sig`` to serve; return the pids of its children that are still alive."""
    state = deployment.state()
    children = [state["proxy"]["pid"]] + [w["pid"] for w in state["workers"]]
    deployment.proc.send_signal(sig)
    try:
        code = deployment.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        deployment.proc.kill()
        pytest.fail(f"deploy/serve still running 30 s after signal {sig}")
    assert code == 0, deployment.log()
    return [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; it only waits for its parent (gone) to be reaped by init.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    deployment = _start(tmp_path_factory.mktemp("serve"), workers=2)
    yield deployment
    left = _stop(deployment, signal.SIGTERM)
    assert left == [], f"children still running after SIGTERM: {left}"


def get(deployment: Deployment, cookie: str | None = None, path: str = "/"):
    """One GET through the proxy: ``(status, served_by, SERVERID set by the proxy)``."""
    conn = http.client.HTTPConnection(*deployment.host_port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        resp.read()
    finally:
        conn.close()
    set_cookie = None
    for header in resp.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name.strip() == "SERVERID":
            set_cookie = rest.split(";")[0]
    return resp.status, resp.headers.get("X-Served-By"), set_cookie


def run_script(ws, page: str = "") -> str:
    """Ask for a script run like a browser does; return the Streamlit session id."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = ""
    ws.send(msg.SerializeToString())
    session_id = None
    deadline = time.monotonic() + 60
    while True:
        fwd = ForwardMsg.FromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            session_id = fwd.new_session.initialize.session_id
        elif kind == "script_finished":
            assert fwd.script_finished != ForwardMsg.FINISHED_WITH_COMPILE_ERROR
            if fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return session_id


def open_stream(deployment: Deployment, cookie: str | None, session_id: str | None = None):
    """The app's websocket through the proxy, with the browser's cookie.

    A reconnecting browser passes its old session id as the third subprotocol entry (the
    second is an XSRF token, only checked for logged-in users; this app has none).
    """
    url = deployment.url.replace("http://", "ws://") + "/_stcore/stream"
    protocols = ["streamlit"] + (["no-xsrf", session_id] if session_id else [])
    headers = {"Cookie": cookie} if cookie else {}
    return connect(
        url, subprotocols=protocols, additional_headers=headers, max_size=None, open_timeout=30
    )


def test_generated_config_is_valid_haproxy(tmp_path):
    haproxy = _require_haproxy()
    text = serve_module.render_config(
        bind="127.0.0.1:8080",
        servers=[("w1", "127.0.0.1", 8601), ("w2", "10.0.0.12", 8501)],
        run_dir=tmp_path,
    )
    assert "{{" not in text
    assert "server w2 10.0.0.12:8501 cookie w2" in text
    assert "cookie SERVERID insert indirect nocache" in text
    assert "timeout tunnel 1h" in text
    assert "http-check send meth GET uri /_stcore/health" in text
    assert "balance source" not in text  # affinity by cookie, never by client address
    config = tmp_path / "haproxy.cfg"
    config.write_text(text)
    check = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_clients_from_one_address_are_spread_over_both_workers(deployment):
    deployment.wait_all_up()
    seen = []
    for _ in range(8):
        status, served_by, cookie = get(deployment)
        assert status == 200
        assert cookie == served_by  # the proxy pins the client to the worker that answered
        seen.append(served_by)
    assert {name: seen.count(name) for name in ("w1", "w2")} == {"w1": 4, "w2": 4}, seen


def test_the_cookie_keeps_a_client_on_its_worker(deployment):
    deployment.wait_all_up()
    for worker in ("w1", "w2"):
        for path in ("/", "/_stcore/health", "/softmax_temperature"):
            status, served_by, cookie = get(deployment, f"SERVERID={worker}", path)
            assert (status, served_by) == (200, worker)
            assert cookie is None  # "indirect": a valid cookie is not set again


def test_websocket_through_the_proxy_and_a_reconnect_keeps_the_session(deployment):
    deployment.wait_all_up()
    status, worker, _ = get(deployment)
    assert status == 200
    cookie = f"SERVERID={worker}"
    with open_stream(deployment, cookie) as ws:
        assert ws.response.status_code == 101
        assert ws.response.headers["X-Served-By"] == worker
        session_id = run_script(ws)
        assert run_script(ws, "softmax_temperature") == session_id
    assert session_id
    # The browser's websocket dropped; it reconnects with its cookie and its session id
    # and finds its session (and so its widget state) on the same worker.
    with open_stream(deployment, cookie, session_id) as ws:
        assert ws.response.headers["X-Served-By"] == worker
        assert run_script(ws) == session_id
    # Control: the other worker does not know that session and starts a new one, which
    # is what a student would get without affinity.
    other = "w2" if worker == "w1" else "w1"
    with open_stream(deployment, f"SERVERID={other}", session_id) as ws:
        assert ws.response.headers["X-Served-By"] == other
        assert run_script(ws) != session_id


def test_a_killed_worker_leaves_the_other_serving_and_comes_back(deployment):
    deployment.wait_all_up()
    victim, survivor = "w1", "w2"
    old_pid = deployment.pid(victim)
    with open_stream(deployment, f"SERVERID={survivor}") as ws:
        session_id = run_script(ws)
        os.kill(old_pid, signal.SIGKILL)
        # The survivor's open session keeps working.
        assert run_script(ws) == session_id
    # Students pinned to the dead worker and new students are all answered by the survivor.
    for cookie in (f"SERVERID={victim}", None, None, None):
        status, served_by, new_cookie = get(deployment, cookie)
        assert (status, served_by) == (200, survivor)
        assert new_cookie == survivor  # re-pinned to a live worker
    deadline = time.monotonic() + 5
    while deployment.status()[victim] != "DOWN":
        assert time.monotonic() < deadline, "HAProxy did not take the dead worker out"
        time.sleep(0.1)
    # serve restarts it on the same port; HAProxy's health checks put it back.
    deployment.wait_all_up(timeout=60)
    state = {w["name"]: w for w in deployment.state()["workers"]}
    assert state[victim]["restarts"] == 1 and state[victim]["pid"] != old_pid
    assert state[survivor]["restarts"] == 0
    assert "worker w1" in deployment.log() and "exited with -9" in deployment.log()
    status, served_by, _ = get(deployment, f"SERVERID={victim}")
    assert (status, served_by) == (200, victim)


def test_ctrl_c_stops_the_proxy_and_every_worker(tmp_path):
    deployment = _start(tmp_path, workers=1)
    status, served_by, _ = get(deployment)
    assert (status, served_by) == (200, "w1")
    # Ctrl-C in a terminal: SIGINT to serve (its children run in their own process group).
    assert _stop(deployment, signal.SIGINT) == []
    assert "serve: stopped" in deployment.log()
    with pytest.raises(OSError):
        get(deployment)


def test_a_taken_port_fails_at_once_with_the_reason():
    _require_haproxy()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHON": sys.executable}
        done = subprocess.run(
            [str(SERVE), "--workers", "1", "--port", str(port), "--no-warm"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stdout
    assert "starting" not in done.stdout  # no worker was started
