"""Serving in production from a frontend built once (`python -m counter build`).

`reflex run --env prod` compiles and rebuilds the frontend at every start (60-75 s without
service after a crash). `python -m counter serve --prebuilt` starts the same backend (granian,
its workers, the compiled frontend mounted on the same port) on the files the last build left
in `.web/build/client`: a restart takes seconds. The build is made for one public address
(the frontend opens its websocket there), recorded beside it and checked at start.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import MutableMapping
from pathlib import Path

from counter.settings import PROJECT_ROOT, Settings

BUILD_DIR = PROJECT_ROOT / ".web" / "build" / "client"
BUILD_RECORD = PROJECT_ROOT / ".web" / "counter-build.json"


class BuildMissing(RuntimeError):
    """No prebuilt frontend, or one built for another public address; the message says
    what to run."""


# How long a worker keeps a tab's lock and state after taking it: half of Reflex's lock
# expiration (10 s), Reflex's own default. A person acts every second or so, so a page load
# and the actions that follow are served from the worker's memory, with one load from Redis
# and one save (issue 13: at 100 people, 1 s gave 16.0 ms of CPU per event, p95/p99 231/541
# ms; 5 s gave 13.1 ms, 149/292 ms; at 200 people, 1 s left events waiting for the lock's
# expiry, p99 8-11 s, 5 s 1.2-2.0 s). Another worker needing the tab breaks the lease.
OPLOCK_HOLD_MS = 5000


def server_environment(settings: Settings, base: dict[str, str]) -> dict[str, str]:
    """The environment of the server's processes: where tabs' disk state lives, how many
    workers, offline Reflex. `base` is the caller's environment (left untouched)."""
    env = dict(base)
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
    env.setdefault("REFLEX_USE_NPM", "1")
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    if settings.state_dir is not None:
        env["REFLEX_STATES_WORKDIR"] = str(settings.state_dir)
    if settings.workers:
        env["GRANIAN_WORKERS"] = str(settings.workers)
    if settings.redis_url:
        # A page load is a burst of events on one tab (hydrate, then its load events), and
        # the person's next actions follow within seconds: the worker that ran the first
        # keeps the tab's lock and state (OPLOCK_HOLD_MS) instead of writing the whole tree
        # to Redis and reading it back for each (issue 13; Reflex's opportunistic lock:
        # another worker needing the tab breaks the lease).
        env.setdefault("REFLEX_OPLOCK_ENABLED", "true")
        env.setdefault("REFLEX_OPLOCK_HOLD_TIME_MS", str(OPLOCK_HOLD_MS))
    return env


def build_environment(settings: Settings, base: dict[str, str]) -> dict[str, str]:
    """A production build's environment: the frontend calls the public address (behind a
    proxy it is not the port the server listens on)."""
    env = server_environment(settings, base)
    env["REFLEX_API_URL"] = settings.public_url
    return env


def metrics_folder(settings: Settings, env: MutableMapping[str, str]) -> Path:
    """Where the workers' figures meet (prometheus_client's multiprocess mode), so /metrics
    sums every worker's: `PROMETHEUS_MULTIPROC_DIR` if the operator set it, else the data
    folder's `metrics/`; set in `env` and emptied, as a start must (no figure of a worker
    that is gone)."""
    folder = Path(env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(settings.data_dir / "metrics")))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    return folder


def record_build(settings: Settings) -> None:
    BUILD_RECORD.write_text(json.dumps({"public_url": settings.public_url}))


def check_build(settings: Settings) -> None:
    if not (BUILD_DIR / "index.html").is_file() or not BUILD_RECORD.is_file():
        raise BuildMissing("no prebuilt frontend: run `python -m counter build` first")
    built_for = json.loads(BUILD_RECORD.read_text()).get("public_url")
    if built_for != settings.public_url:
        raise BuildMissing(
            f"the frontend was built for {built_for}, COUNTER_PUBLIC_URL is "
            f"{settings.public_url}: run `python -m counter build` again")


def run_prebuilt(host: str, port: int) -> None:
    """Granian with Reflex's production backend and the built frontend mounted, no compile
    and no build (run in the project folder, in a fresh process: the workers fork from it)."""
    from reflex.istate.manager import reset_disk_state_manager
    from reflex.utils.exec import run_granian_backend_prod
    from reflex_base import constants
    from reflex_base.environment import environment

    from counter.logs import install_json_logs

    os.chdir(PROJECT_ROOT)
    install_json_logs()  # JSON mode (cli serve --prebuilt): no plain-text record
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(True)
    reset_disk_state_manager()  # as `reflex run` does: no tab survives a start
    run_granian_backend_prod(host, port, constants.LogLevel.ERROR)


if __name__ == "__main__":
    run_prebuilt(sys.argv[1], int(sys.argv[2]))
