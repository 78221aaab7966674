"""The Dask engine on synthetic corpora of 100k and 1M articles built from the ANT corpus.

Run: .venv/bin/python benchmarks/bench_scale.py [path/to/articles.jsonl.gz] [--sizes 100000,1000000]

The corpora are made on the fly in a temporary folder, never kept: ANT's texts resampled with
replacement, new ids, dates spread over 2018, written as Parquet files of 5,000 articles.
Each run reads the dataset with ``mk.read_articles(folder, engine="dask")`` and computes

- unigram ``term_frequencies`` by month, and
- ``find_entities`` (lazy) followed by ``entity_timeline`` by month (the top 50 entities),

under a ``LocalCluster`` of one or two single-threaded workers. Printed: wall time per run,
the 1M / 100k time ratio (linear scaling gives about 10), the speed-up of two workers over one,
and the peak resident memory of a worker in each of the two parts (sampled every half second).
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

import mediakit as mk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
CHUNK = 5_000


def build(texts: pd.DataFrame, n: int, folder: Path) -> Path:
    """``n`` articles resampled from ``texts`` as Parquet files of CHUNK articles."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(n)
    start = pd.Timestamp("2018-01-01", tz="UTC").value
    span = pd.Timestamp("2019-01-01", tz="UTC").value - start
    for first in range(0, n, CHUNK):
        size = min(CHUNK, n - first)
        rows = texts.iloc[rng.integers(0, len(texts), size)].reset_index(drop=True)
        rows["id"] = [f"syn-{first + i}" for i in range(size)]
        rows["url"] = [f"https://synthetic.example/{first + i}" for i in range(size)]
        rows["published"] = pd.to_datetime(start + rng.integers(0, span, size), utc=True)
        rows[mk.COLUMNS].to_parquet(folder / f"part-{first // CHUNK:05d}.parquet", index=False)
    return folder


class PeakMemory:
    """Polls each worker's resident memory while a computation runs."""

    def __init__(self, client) -> None:
        self.client, self.peak, self._stop = client, {}, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                for worker, rss in self.client.run(lambda: psutil.Process().memory_info().rss).items():
                    self.peak[worker] = max(self.peak.get(worker, 0), rss)
            except Exception:  # a worker busy or restarting: try again
                pass
            self._stop.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(folder: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        ddf = mk.read_articles(folder, engine="dask")
        with PeakMemory(client) as memory:
            start = time.perf_counter()
            tf = mk.term_frequencies(ddf, freq="MS", top=1000)
            t_terms = time.perf_counter() - start
        peak_terms = max(memory.peak.values()) / 1e9 if memory.peak else float("nan")
        with PeakMemory(client) as memory:
            start = time.perf_counter()
            # lazy mentions: counted partition by partition, never gathered in one table
            mentions = mk.scale.find_entities(ddf, lazy=True)
            timeline = mk.entity_timeline(mentions, articles=ddf, freq="MS", top=50)
            t_entities = time.perf_counter() - start
        peak_entities = max(memory.peak.values()) / 1e9 if memory.peak else float("nan")
    return {
        "terms": t_terms,
        "entities": t_entities,
        "total": t_terms + t_entities,
        "peak_gb": max(peak_terms, peak_entities),
        "peaks": (peak_terms, peak_entities),
        "rows": (len(tf), int(timeline["mentions"].sum()), len(timeline)),
    }


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--sizes", default="100000,1000000", help="corpus sizes, the smallest first")
    options = parser.parse_args()
    path = Path(options.corpus)
    sizes = [int(x) for x in options.sizes.split(",")]
    if not path.is_file():
        sys.exit(f"ANT corpus not found: {path}")
    texts = mk.read_articles(path)[["source", "title", "text"]]
    with tempfile.TemporaryDirectory(prefix="mediakit-scale-") as tmp:
        results = {}
        for n in sizes:
            start = time.perf_counter()
            folder = build(texts, n, Path(tmp) / f"n{n}")
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            print(f"built {n:,} articles ({size:,.0f} MB of Parquet) in {time.perf_counter() - start:.0f} s")
            for workers in (1, 2) if n == sizes[0] else (2,):
                r = results[(n, workers)] = run(folder, workers)
                print(
                    f"  {n:>9,} articles, {workers} worker(s): terms {r['terms']:7.1f} s, "
                    f"entities+timeline {r['entities']:7.1f} s, total {r['total']:7.1f} s, "
                    f"peak worker memory {r['peaks'][0]:.2f} / {r['peaks'][1]:.2f} GB; rows {r['rows']}"
                )
        small, large = sizes[0], sizes[-1]
        one, two = results[(small, 1)], results[(small, 2)]
        print(f"speed-up of 2 workers over 1 at {small:,}: {one['total'] / two['total']:.2f}x (target >= 1.6x)")
        if large != small:
            ratio = results[(large, 2)]["total"] / two["total"]
            print(f"time {large:,} / {small:,} (2 workers): {ratio:.1f} (linear: {large / small:.0f})")
            print(f"peak worker memory at {large:,}: {results[(large, 2)]['peak_gb']:.2f} GB (target < 2 GB)")


if __name__ == "__main__":
    main()
