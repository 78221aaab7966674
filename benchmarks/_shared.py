"""What the benchmarks share: where the corpus and the labelled sets are, and a timer."""

import time
from collections.abc import Callable
from pathlib import Path

#: The shared ANT corpus, beside the repository.
ANT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
#: The labelled sets of the tests.
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def best_of(runs: int, step: Callable[[], object]) -> float:
    """The shortest of ``runs`` timings of ``step()``, in seconds (the machine may be shared)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best
