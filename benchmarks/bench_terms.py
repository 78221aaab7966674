"""term_frequencies on every article of the ANT corpus, against baselines measured in the same run.

Run: .venv/bin/python benchmarks/bench_terms.py [path/to/articles.jsonl.gz]
(needs scikit-learn for the comparison: pip install scikit-learn)

- floor: ``Counter(t.split())`` over the same texts;
- scikit-learn: ``CountVectorizer(analyzer=analyzer).fit_transform(texts)`` with the same fitted
  ``mk.Analyzer`` (the sparse document-term matrix the usual route builds);
- ``mk.term_frequencies(df)`` with that analyzer, in one process and in the default two, and
  ``mk.term_frequencies(df, by="source", freq="MS")``;
- peak memory of ``term_frequencies`` (Python allocations, tracemalloc) against the text size.
Each time is the best of two runs.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import mediakit as mk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def best(label, fn, megabytes, repeat=2):
    elapsed = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = min(elapsed, time.perf_counter() - start)
    print(f"{label:<56} {elapsed:7.2f} s {megabytes / elapsed:7.2f} MB/s")
    return result, elapsed


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    df = mk.read_articles(path)
    texts = df["text"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(df):,} articles, {megabytes:.1f} MB of UTF-8 text\n")
    analyzer = mk.Analyzer().fit(texts)

    _, t_floor = best("floor: Counter(t.split())", lambda: Counter(w for t in texts for w in t.split()), megabytes)
    try:
        from sklearn.feature_extraction.text import CountVectorizer
    except ImportError:
        t_sklearn = None
        print("scikit-learn not installed: no CountVectorizer comparison")
    else:
        _, t_sklearn = best(
            "scikit-learn CountVectorizer(analyzer=Analyzer)",
            lambda: CountVectorizer(analyzer=analyzer).fit_transform(texts),
            megabytes,
        )
    _, t_one = best(
        "term_frequencies(df), 1 process", lambda: mk.term_frequencies(df, analyzer=analyzer, workers=1), megabytes
    )
    tf, t_two = best(
        "term_frequencies(df), default (2 processes)", lambda: mk.term_frequencies(df, analyzer=analyzer), megabytes
    )
    _, t_groups = best(
        'term_frequencies(df, by="source", freq="MS")',
        lambda: mk.term_frequencies(df, by="source", freq="MS", analyzer=analyzer),
        megabytes,
    )
    _, t_cold = best("term_frequencies(df), fresh Analyzer (fits first)", lambda: mk.term_frequencies(df), megabytes, 1)
    tracemalloc.start()
    mk.term_frequencies(df, analyzer=analyzer, workers=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n{len(tf):,} terms; peak Python memory of term_frequencies: {peak / 1e6:.0f} MB")
    print("\nratios")
    if t_sklearn:
        print(f"  term_frequencies vs CountVectorizer, same analyzer   {t_sklearn / t_two:5.2f}x faster (target >= 2x)")
        print(f"    (one process                                      {t_sklearn / t_one:5.2f}x)")
    print(f"  term_frequencies vs split+Counter floor              {t_floor / t_two:5.2f}x the speed (target >= 0.35x)")
    print(f"  by source and month vs floor                         {t_floor / t_groups:5.2f}x the speed")
    print(f"  with a fresh analyzer (fit included) vs floor        {t_floor / t_cold:5.2f}x the speed")
    print(f"  peak memory / text size                              {peak / 1e6 / megabytes:5.2f}x (target < 3x)")


if __name__ == "__main__":
    main()
