"""Time the offline designer: median and p95 milliseconds per journey description.

Runs design_offline over the example journeys and the test descriptions, many
rounds each, and prints the figures. The target is under 50 ms per description.

    .venv/bin/python bench/design.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agents.journey import design_offline  # noqa: E402
from tests.journey_cases import DESCRIPTIONS  # noqa: E402

TARGET_MS = 50.0


def descriptions() -> dict[str, str]:
    """The example journeys and the test descriptions, by name."""
    examples = {
        f"examples/{path.stem}": path.read_text()
        for path in sorted((ROOT / "examples" / "journeys").glob("*.txt"))
    }
    return examples | DESCRIPTIONS


def time_each(texts: dict[str, str], rounds: int) -> list[float]:
    """Milliseconds of every design_offline call, all rounds."""
    timings = []
    for _ in range(rounds):
        for text in texts.values():
            start = time.perf_counter()
            design_offline(text)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    texts = descriptions()
    time_each(texts, 1)  # warm up: regex compilation, imports
    timings = sorted(time_each(texts, rounds))
    p95 = timings[int(0.95 * (len(timings) - 1))]
    median = statistics.median(timings)
    print(f"descriptions: {len(texts)}, rounds: {rounds}, calls: {len(timings)}")
    print(f"median: {median:.2f} ms  p95: {p95:.2f} ms  max: {timings[-1]:.2f} ms")
    print(f"target: < {TARGET_MS:.0f} ms -> {'ok' if p95 < TARGET_MS else 'OVER'}")


if __name__ == "__main__":
    main()
