"""One package per suite; each exposes a `Suite` that `evals.registry` lists."""
