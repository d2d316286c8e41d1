"""The product started as the README's `make run` starts it, for the benchmarks that need it.

`python -m counter serve` (migrate, demo data unless the folder has some, production build,
one worker, the embedded SQLite database) on a free port and the given data folder; the
server's output goes to `bench-app.log` in that folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("COUNTER_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"the app did not answer at {url} in {timeout:.0f} s")


@contextmanager
def served(data_dir: Path) -> Iterator[str]:
    """The product's base URL while it runs; stopped (its whole process group) afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, COUNTER_DATA_DIR=str(data_dir), COUNTER_PUBLIC_URL=base)
    env.pop("REFLEX_DB_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    with (data_dir / "bench-app.log").open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "counter", "serve", "--port", str(port)],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        print("starting the product (production build)...", flush=True)
        wait_for(f"{base}/ping", server, 900)
        wait_for(f"{base}/", server, 120)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
