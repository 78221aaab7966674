"""The counting core on every article of the ANT corpus, against baselines measured in the same run.

Run: .venv/bin/python benchmarks/bench_terms.py [path/to/articles.jsonl.gz]
(needs scikit-learn for the comparison: pip install scikit-learn)

- floor: ``Counter(w for t in texts for w in t.split())`` over the same texts;
- scikit-learn: ``CountVectorizer(analyzer=mk.Analyzer().fit(texts)).fit_transform(texts)``,
  fitting included (the sparse document-term matrix the usual route builds);
- ``mk.term_frequencies(df)`` end to end with a fresh analyzer (fitting included), ungrouped
  and ``by="source", freq="MS"``;
- keyness, collocations and a term timeline on counts made once (``mk.count_terms``);
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
    print(f"{label:<64} {elapsed:7.2f} s {megabytes / elapsed:7.2f} MB/s")
    return result, elapsed


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    df = mk.read_articles(path)
    texts = df["text"].tolist()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(df):,} articles, {megabytes:.1f} MB of UTF-8 text\n")

    _, t_floor = best(
        "floor: Counter(w for t in texts for w in t.split())",
        lambda: Counter(w for t in texts for w in t.split()),
        megabytes,
    )
    try:
        from sklearn.feature_extraction.text import CountVectorizer
    except ImportError:
        t_sklearn = None
        print("scikit-learn not installed: no CountVectorizer comparison")
    else:
        _, t_sklearn = best(
            "scikit-learn CountVectorizer(analyzer=Analyzer().fit(texts))",
            lambda: CountVectorizer(analyzer=mk.Analyzer().fit(texts)).fit_transform(texts),
            megabytes,
        )
    tf, t_plain = best("term_frequencies(df), fitting included", lambda: mk.term_frequencies(df), megabytes)
    fitted = mk.Analyzer().fit(texts)
    _, t_fitted = best(
        "term_frequencies(df, analyzer=fitted)", lambda: mk.term_frequencies(df, analyzer=fitted), megabytes
    )
    _, t_groups = best(
        'term_frequencies(df, by="source", freq="MS"), fitting included',
        lambda: mk.term_frequencies(df, by="source", freq="MS"),
        megabytes,
    )
    counts, t_counts = best(
        "count_terms(texts, keep_units=True): the counts a report keeps",
        lambda: mk.count_terms(df["text"], ids=df["id"], keep_units=True),
        megabytes,
        1,
    )
    target = (df["published"] >= "2018-04-09") & (df["published"] < "2018-04-16")
    _, t_key = best(
        "keyness(df, target=a week, counts=counts)", lambda: mk.keyness(df, target=target, counts=counts), megabytes
    )
    _, t_col = best("collocations(df, counts=counts)", lambda: mk.collocations(df, counts=counts), megabytes)
    _, t_tl = best(
        'term_timeline(df, ["سوريا", "كأس العالم"], freq="W", counts=counts)',
        lambda: mk.term_timeline(df, ["سوريا", "كأس العالم"], freq="W", counts=counts),
        megabytes,
    )
    tracemalloc.start()
    mk.term_frequencies(df)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    mk.term_frequencies(df, analyzer=fitted)
    _, peak_fitted = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n{len(tf):,} terms; peak Python memory of term_frequencies: {peak / 1e6:.0f} MB")
    print("\nratios (speed; higher is faster)")
    if t_sklearn:
        print(f"  term_frequencies vs CountVectorizer, fitting included  {t_sklearn / t_plain:5.2f}x (target >= 2x)")
    print(f"  term_frequencies vs the split+Counter floor            {t_floor / t_plain:5.2f}x (target >= 0.5x)")
    print(f"  with an analyzer fitted already, vs the floor          {t_floor / t_fitted:5.2f}x")
    print(
        f"  by source and month vs ungrouped                       {t_plain / t_groups:5.2f}x (target >= 1/1.2 = 0.83x)"
    )
    print(f"  keyness, collocations, timeline on counts (s)  {t_key:.2f} / {t_col:.2f} / {t_tl:.2f} (target <= 1 s)")
    print(f"  counting once for a report vs the floor                {t_floor / t_counts:5.2f}x")
    print(f"  peak memory / text size                                {peak / 1e6 / megabytes:5.2f}x (target <= 3x)")
    print(f"    (with an analyzer fitted already                      {peak_fitted / 1e6 / megabytes:5.2f}x)")


if __name__ == "__main__":
    main()
