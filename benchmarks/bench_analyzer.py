"""Analyzer speed on every text of the ANT corpus, against baselines measured in the same run.

Run: .venv/bin/python benchmarks/bench_analyzer.py [path/to/articles.jsonl.gz]

(a) floor: ``Counter(t.split())`` over the same texts;
(b) the obvious pyarabic pipeline: ``araby.tokenize``, then ``strip_tashkeel``, ``strip_tatweel``
    and ``normalize_hamza`` on every token, counted with a Counter;
(c) ``mk.Analyzer().count`` from cold caches (fits its vocabulary in the same call), and on a
    fitted analyzer with warm caches.
Each figure is the best of three runs, except (b), run once (it is slow and steady).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from pyarabic import araby

import mediakit as mk
from mediakit.arabic.tokenize import split_raw, word_runs

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def pyarabic_pipeline(texts):
    counts = Counter()
    for text in texts:
        for token in araby.tokenize(text):
            counts[araby.normalize_hamza(araby.strip_tatweel(araby.strip_tashkeel(token)))] += 1
    return counts


def run(label, fn, megabytes, repeat=3, setup=None):
    """Best of ``repeat`` runs (the least disturbed by whatever else the machine does)."""
    best = float("inf")
    for _ in range(repeat):
        if setup is not None:
            setup()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best:7.2f} s {megabytes / best:7.2f} MB/s")
    return result, best


def cold():
    """Forget every cache, as in a fresh process."""
    word_runs.cache_clear()
    split_raw.cache_clear()


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    texts = mk.read_articles(path)["text"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts):,} texts, {megabytes:.1f} MB of UTF-8\n")
    _, t_floor = run("(a) floor: Counter(t.split())", lambda: Counter(w for t in texts for w in t.split()), megabytes)
    _, t_pyarabic = run(
        "(b) pyarabic tokenize + normalise per token", lambda: pyarabic_pipeline(texts), megabytes, repeat=1
    )
    counts, t_ours = run(
        "(c) mk.Analyzer().count (cold, fits vocabulary)", lambda: mk.Analyzer().count(texts), megabytes, setup=cold
    )
    analyzer = mk.Analyzer().fit(texts)
    _, t_again = run("    fitted analyzer, warm caches", lambda: analyzer.count(texts), megabytes)
    print(f"\n{len(counts):,} distinct terms, {sum(counts.values()):,} terms")
    print("\nratios (speed)")
    print(f"  Analyzer.count vs pyarabic pipeline   {t_pyarabic / t_ours:5.2f}x faster  (target >= 4x)")
    print(f"  Analyzer.count vs split+Counter floor {t_floor / t_ours:5.2f}x the speed (target >= 0.5x)")
    print(f"  fitted Analyzer.count vs floor        {t_floor / t_again:5.2f}x the speed")


if __name__ == "__main__":
    main()
