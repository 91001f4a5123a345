"""Median query time of the account-context index at 10k and 100k chunks.

    .venv/bin/python bench/retrieval.py [--sizes 10000 100000] [--accounts 500]

Each size gets a fresh persistent Chroma in a temporary directory, opened exactly as
`ContextIndex` opens it (cosine space, MiniLM recorded with the collection). Embedding
100k chunks with MiniLM on a small CPU takes many minutes, so a pool of synthetic
ticket texts is embedded once and its vectors reused, each copy jittered slightly and
renormalised so the HNSW graph holds distinct points; the output says so. Queries run
through `ContextIndex.search` (real MiniLM query embedding plus the filtered Chroma
query); the Chroma part alone is timed too.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import chromadb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.retrieval import ContextIndex, MiniLMEmbeddingFunction

ISSUES = [
    "SSO login fails with a SAML signature error after the IdP certificate rotation",
    "invoice disputed: billed for more seats than the contract allows",
    "API calls throttled with HTTP 429 during the nightly sync",
    "data export to CSV truncated at 50,000 rows",
    "onboarding delayed because integration credentials were never issued",
    "dashboard takes thirty seconds to load for regional managers",
    "webhooks delivered twenty minutes late",
    "renewal at risk: budget review and no executive sponsor",
    "duplicate charge on the annual subscription, refund requested",
    "SCIM provisioning does not create new hires in the right team",
    "mobile app crashes when scanning barcodes on Android 14",
    "weekly report emails an empty PDF since the time-zone change",
]
DETAILS = [
    "Customer says it blocks month-end close.",
    "Second report this quarter; the champion is frustrated.",
    "Workaround in place but not sustainable.",
    "Engineering asked for logs and a HAR file.",
    "Affects every user in the EU region.",
    "Raised by the executive sponsor on the QBR call.",
    "Started after the last release.",
    "Only admins are affected so far.",
]
QUERIES = [
    "users cannot sign in",
    "billing dispute about seats",
    "rate limit errors from the API",
    "export is incomplete",
    "onboarding is late",
    "slow dashboards",
    "renewal risk",
    "refund for double charge",
]
WRITE_BATCH = 5000


def main() -> None:
    args = _arguments()
    function = MiniLMEmbeddingFunction()
    function(["load the model before the clock starts"])
    started = time.perf_counter()
    pool_texts = [f"{i}. {d}" for i, d in itertools.product(ISSUES, DETAILS)]
    pool = np.asarray(function(pool_texts), dtype=np.float32)
    print(
        f"embedded a pool of {len(pool)} synthetic chunk texts with MiniLM in "
        f"{time.perf_counter() - started:.1f}s; every size below reuses these vectors "
        "(jittered, renormalised) through collection.add(embeddings=...) instead of "
        "embedding each chunk"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="csops-bench-") as directory:
            _bench_size(size, args, function, pool_texts, pool, Path(directory))


def _bench_size(size, args, function, texts, pool, directory: Path) -> None:
    index = ContextIndex(chromadb.PersistentClient(path=str(directory)), function)
    started = time.perf_counter()
    _fill(index, size, args.accounts, texts, pool)
    load_s = time.perf_counter() - started

    rng = random.Random(7)
    accounts = [str(rng.randrange(args.accounts)) for _ in range(args.queries)]
    plan = [(account, rng.choice(QUERIES)) for account in accounts]
    end_to_end = _timed(lambda a, q: index.search(a, q, k=5), plan)
    vectors = {q: function.embed_query([q])[0] for q in QUERIES}
    chroma_only = _timed(
        lambda a, q: index.collection.query(
            query_embeddings=[vectors[q]], n_results=5, where={"account_id": a}
        ),
        plan,
    )
    print(
        f"{size:>7,} chunks, {args.accounts} accounts (~{size // args.accounts} "
        f"chunks each), loaded in {load_s:.1f}s | search(account, query, k=5) over "
        f"{len(plan)} queries: median {_ms(end_to_end)} (p95 {_ms(end_to_end, 95)}), "
        f"Chroma filtered query alone: median {_ms(chroma_only)}"
    )


def _fill(index: ContextIndex, size, accounts, texts, pool) -> None:
    rng = np.random.default_rng(11)
    for start in range(0, size, WRITE_BATCH):
        rows = range(start, min(start + WRITE_BATCH, size))
        picks = [n % len(pool) for n in rows]
        vectors = pool[picks] + rng.normal(0, 0.01, (len(picks), pool.shape[1]))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        index.collection.add(
            ids=[f"bench/{n}" for n in rows],
            embeddings=vectors.astype(np.float32),
            documents=[texts[p] for p in picks],
            metadatas=[_metadata(n, accounts) for n in rows],
        )


def _metadata(n: int, accounts: int) -> dict[str, str]:
    return {
        "account_id": str(n % accounts),
        "source_type": "ticket",
        "source_id": str(n),
        "as_of": "2025-03-01T00:00:00+00:00",
        "content_hash": "",
    }


def _timed(call, plan) -> list[float]:
    call(*plan[0])  # warm caches; not counted
    timings = []
    for account, query in plan:
        started = time.perf_counter()
        call(account, query)
        timings.append(time.perf_counter() - started)
    return timings


def _ms(timings: list[float], percentile: int = 50) -> str:
    if percentile == 50:
        return f"{statistics.median(timings) * 1000:.1f} ms"
    return f"{statistics.quantiles(timings, n=100)[percentile - 1] * 1000:.1f} ms"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--accounts", type=int, default=500)
    parser.add_argument("--queries", type=int, default=200)
    return parser.parse_args()


if __name__ == "__main__":
    main()
