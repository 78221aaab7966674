"""The article store on the ANT corpus: import, reading back, and search, against baselines.

Run: .venv/bin/python benchmarks/bench_store.py [path/to/articles.jsonl.gz]

Baselines, measured in the same run:
- import: ``DataFrame.to_sql`` of the same frame into SQLite (no uniqueness checks, no index
  for search, no normalisation);
- reading back: ``mk.read_articles`` of the original JSON Lines file;
- search: what one does without an index, a regular expression over the normalised texts that
  allows the proclitics (``(?:^|\\W)(?:[وف]?[بكل]?(?:ال)?)عراق(?:\\W|$)``), per query.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import mediakit as mk
from mediakit.arabic import normalize

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
QUERIES = ["العراق", "لبنان", "الانتخابات", "ترامب", "النفط", "الأمم المتحدة", "كرة القدم", "الحوثي"]


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:8.3f} s")
    return result, elapsed


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"ANT corpus not found: {path}")
    df = mk.read_articles(path)
    print(f"{len(df):,} articles, {df['text'].str.len().sum() / 1e6:.1f} M characters")
    with tempfile.TemporaryDirectory() as tmp:
        base = sqlite3.connect(Path(tmp) / "plain.sqlite")
        _, t_plain = timed("baseline: DataFrame.to_sql", lambda: df.to_sql("a", base, index=False))
        base.close()
        store = mk.ArticleStore(Path(tmp) / "store.sqlite")
        result, t_add = timed("ArticleStore.add (one transaction)", lambda: store.add(df))
        print(f"  inserted {result.inserted:,}, duplicates {result.duplicates:,}, rejected {result.rejected:,}")
        print(f"  {result.inserted / t_add:,.0f} articles/s; {t_add / t_plain:.1f}x the plain to_sql time")
        size = sum(p.stat().st_size for p in Path(tmp).glob("store.sqlite*")) / 1e6
        print(f"  store on disk: {size:.0f} MB")
        _, t_read = timed("baseline: read_articles(jsonl.gz)", lambda: mk.read_articles(path))
        _, t_frame = timed("ArticleStore.to_frame()", store.to_frame)
        print(f"  to_frame is {t_read / t_frame:.1f}x faster than reading the JSON Lines file")

        normalized = df["text"].map(normalize)
        t_scan = t_index = 0.0
        for query in QUERIES:
            words = [mk.arabic.strip_clitics(normalize(w)) for w in query.split()]
            patterns = [re.compile(rf"(?:^|\W)[وف]?[بكل]?(?:ال)?{re.escape(w)}(?:\W|$)") for w in words]
            start = time.perf_counter()
            scan = normalized.map(lambda t, ps=patterns: all(p.search(t) for p in ps))
            t_scan += time.perf_counter() - start
            start = time.perf_counter()
            store.search(query, limit=100)
            t_index += time.perf_counter() - start
            found = len(store.search(query, limit=1_000_000))
            print(f"  {query:<16} regex scan: {int(scan.sum()):>5} articles   store.search: {found:>5}")
        n = len(QUERIES)
        print(f"search (top 100), mean per query: regex scan {t_scan / n * 1000:.0f} ms, ", end="")
        print(f"store.search {t_index / n * 1000:.1f} ms")
        print(f"  store.search is {t_scan / t_index:.0f}x faster than the regex scan")
        store.close()


if __name__ == "__main__":
    main()
