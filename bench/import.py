"""Import throughput on the RavenStack export: rows per second, first run and re-run.

Usage: `python bench/import.py [DATABASE_URL]` (default: a fresh SQLite file).
Target (issue 3): all ~33k rows in under 10 s.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tools.db import open_database
from tools.importers import run_import

RAVENSTACK = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ravenstack"
)


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{scratch}/bench.db"
        database = open_database(url)
        for label in ("first import", "re-import"):
            report = run_import(database, "saas-csv", RAVENSTACK)
            rate = report.rows_read / report.seconds
            print(
                f"{label}: {report.rows_read} rows in {report.seconds:.2f}s "
                f"= {rate:,.0f} rows/s ({report.rows_written} written)"
            )
        database.dispose()


if __name__ == "__main__":
    main()
