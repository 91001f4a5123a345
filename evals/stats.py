"""Statistics for repeated live runs: pass@k and a Wilson score interval.

pass@k is the unbiased estimator of Chen et al. 2021 ("Evaluating Large Language
Models Trained on Code", eq. 1): with n attempts of which c passed, the chance that
at least one of k attempts drawn without replacement passes. The Wilson interval
(Wilson 1927) stays inside [0, 1] and behaves at small n, where the normal
approximation does not.
"""

from __future__ import annotations

import math


def pass_at_k(attempts: int, passes: int, k: int) -> float:
    """Unbiased pass@k for one case from `passes` out of `attempts`.

    Raises:
        ValueError: k is not between 1 and attempts, or passes exceeds attempts.
    """
    if not 1 <= k <= attempts or not 0 <= passes <= attempts:
        raise ValueError(
            f"pass@k needs 1 <= k <= attempts and 0 <= passes <= attempts, "
            f"got k={k}, attempts={attempts}, passes={passes}"
        )
    if attempts - passes < k:
        return 1.0
    return 1.0 - math.comb(attempts - passes, k) / math.comb(attempts, k)


def wilson_interval(
    successes: int, trials: int, z: float = 1.96
) -> tuple[float, float]:
    """The Wilson score interval of a success rate (95% for the default z)."""
    if trials == 0:
        return (0.0, 1.0)
    rate = successes / trials
    denominator = 1 + z**2 / trials
    centre = (rate + z**2 / (2 * trials)) / denominator
    spread = z * math.sqrt(rate * (1 - rate) / trials + z**2 / (4 * trials**2))
    return (
        max(0.0, centre - spread / denominator),
        min(1.0, centre + spread / denominator),
    )
