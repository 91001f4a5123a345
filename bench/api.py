"""Requests per second and p95 latency of GET brief and GET run over real HTTP.

Writes the demo book (default 50 accounts) into a throwaway data dir, designs and
publishes the onboarding workflow offline and starts a run on every account, then
starts `csops serve` (uvicorn, one worker, sweep off) on 127.0.0.1 and drives it
with a thread pool of httpx clients. Each route gets a bounded number of requests
and a time budget, whichever ends first.

    .venv/bin/python bench/api.py [requests_per_route] [concurrency]
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.design import build_design_graph  # noqa: E402
from tools.accounts.repository import list_accounts  # noqa: E402
from tools.db import open_database  # noqa: E402
from tools.demo_data import write_demo_data  # noqa: E402
from tools.runs import start_run  # noqa: E402
from tools.settings import Settings  # noqa: E402
from tools.workflow_store import WorkflowStore  # noqa: E402

ACCOUNTS = 50
AS_OF = date(2025, 3, 3)
BUDGET_S = 60.0
KEY = "bench-Kq7vT2mW9xR4pL8nB3cF6hJ1"
ONBOARDING = ROOT / "examples" / "journeys" / "onboarding.txt"


def seed(data_dir: Path) -> tuple[list[int], list[str]]:
    """The demo book with one run per account; the account ids and run ids."""
    settings = Settings(data_dir=data_dir, database_url=None, model_provider="offline")
    database = open_database(settings.resolved_database_url)
    write_demo_data(database, accounts=ACCOUNTS, seed=7, as_of=AS_OF)
    store = WorkflowStore(database)
    final = build_design_graph(settings, store=store).invoke(
        {"description": ONBOARDING.read_text(), "save": True}
    )
    store.publish(final["saved_ref"])
    with database.session() as session:
        accounts = [account.id for account in list_accounts(session)]
    now = datetime(2025, 3, 3, 15, tzinfo=UTC)
    runs = [
        start_run(database, final["saved_ref"], str(a), by="bench", now=now).run_id
        for a in accounts
    ]
    database.dispose()
    return accounts, runs


def serve(data_dir: Path, port: int, log) -> subprocess.Popen:
    """`csops serve` on the book, once it answers its health check."""
    keys = json.dumps([{"name": "bench", "role": "ops", "key": KEY}])
    env = os.environ | {
        "CSOPS_DATA_DIR": str(data_dir),
        "CSOPS_MODEL_PROVIDER": "offline",
        "CSOPS_API_KEYS": keys,
        "CSOPS_API_RATE_LIMIT": "1000000/minute",
    }
    env.pop("CSOPS_DATABASE_URL", None)
    csops = Path(sys.executable).parent / "csops"
    command = [str(csops), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--sweep-every", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"csops serve did not answer within 60 s; see {log.name}")


def load(base: str, paths: list[str], total: int, workers: int) -> dict[str, float]:
    """Send `total` GETs round-robin over `paths`; throughput and latency."""
    deadline = time.monotonic() + BUDGET_S
    headers = {"Authorization": f"Bearer {KEY}"}

    def worker(offset: int) -> list[float]:
        timings = []
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for index in range(offset, total, workers):
                if time.monotonic() > deadline:
                    break
                started = time.perf_counter()
                answer = client.get(paths[index % len(paths)])
                answer.raise_for_status()
                timings.append(time.perf_counter() - started)
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        timings = [t for batch in pool.map(worker, range(workers)) for t in batch]
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "requests": len(timings),
        "rps": len(timings) / elapsed,
        "p50_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[int(0.95 * (len(timings) - 1))] * 1000,
    }


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        accounts, runs = seed(data_dir)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = (data_dir / "serve.log").open("w")
        server = serve(data_dir, port, log)
        base = f"http://127.0.0.1:{port}"
        try:
            routes = {
                "GET /api/accounts/{id}/brief": [
                    f"/api/accounts/{a}/brief?as_of={AS_OF}" for a in accounts
                ],
                "GET /api/runs/{id}": [f"/api/runs/{r}" for r in runs],
            }
            print(f"{ACCOUNTS} demo accounts, {workers} concurrent clients, 1 worker")
            for name, paths in routes.items():
                load(base, paths[:5], workers * 2, workers)  # warm up
                figures = load(base, paths, total, workers)
                print(
                    f"{name:<30} {figures['requests']:>5} requests "
                    f"{figures['rps']:>8.1f} req/s  p50 {figures['p50_ms']:>7.1f} ms  "
                    f"p95 {figures['p95_ms']:>7.1f} ms"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
