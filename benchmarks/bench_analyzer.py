"""Analyzer speed on every text of the ANT corpus, against baselines measured in the same run.

Run: .venv/bin/python benchmarks/bench_analyzer.py [path/to/articles.jsonl.gz]

(a) floor: ``Counter(t.split())`` over the same texts;
(b) the obvious pyarabic pipeline: ``araby.tokenize``, then ``strip_tashkeel``, ``strip_tatweel``
    and ``normalize_hamza`` on every token, counted with a Counter;
(c) ``mk.Analyzer().count`` from cold caches (fits its vocabulary in the same call), and on a
    fitted analyzer with warm caches.
Each figure is the best of three runs; (a), (b) and (c) are run in turns.
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
    print(f"{label:<50} {best:7.2f} s {megabytes / best:7.2f} MB/s")
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
    # The three are measured in turns, three rounds, best of each: the machine's speed drifts,
    # and interleaving keeps the drift out of the ratios.
    best = {"floor": float("inf"), "pyarabic": float("inf"), "ours": float("inf")}
    jobs = {
        "floor": lambda: Counter(w for t in texts for w in t.split()),
        "pyarabic": lambda: pyarabic_pipeline(texts),
        "ours": lambda: mk.Analyzer().count(texts),
    }
    counts = None
    for _ in range(3):
        for name, job in jobs.items():
            cold()
            start = time.perf_counter()
            result = job()
            best[name] = min(best[name], time.perf_counter() - start)
            if name == "ours":
                counts = result
    t_floor, t_pyarabic, t_ours = best["floor"], best["pyarabic"], best["ours"]
    for label, t in [
        ("(a) floor: Counter(t.split())", t_floor),
        ("(b) pyarabic tokenize + normalise per token", t_pyarabic),
        ("(c) mk.Analyzer().count (cold, fits vocabulary)", t_ours),
    ]:
        print(f"{label:<50} {t:7.2f} s {megabytes / t:7.2f} MB/s")
    analyzer = mk.Analyzer().fit(texts)
    _, t_again = run("    fitted analyzer, warm caches", lambda: analyzer.count(texts), megabytes)
    print(f"\n{len(counts):,} distinct terms, {sum(counts.values()):,} terms")
    print("\nratios (speed)")
    print(f"  Analyzer.count vs pyarabic pipeline   {t_pyarabic / t_ours:5.2f}x faster  (target >= 4x)")
    print(f"  Analyzer.count vs split+Counter floor {t_floor / t_ours:5.2f}x the speed (target >= 0.5x)")
    print(f"  fitted Analyzer.count vs floor        {t_floor / t_again:5.2f}x the speed")


if __name__ == "__main__":
    main()
