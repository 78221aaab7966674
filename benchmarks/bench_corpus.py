"""Reading, cleaning and de-duplicating the ANT corpus, against baselines measured in the same run.

Run: .venv/bin/python benchmarks/bench_corpus.py [path/to/articles.jsonl.gz]

Baselines:
- read: pandas.read_json(lines=True) on the same file (no validation, no date parsing);
- clean and de-duplicate: the floor of touching every word once, ``str.split`` + ``Counter``;
- near duplicates: the obvious datasketch use, one MinHash per article fed with SHA-1 hashed
  string shingles (on a 3,000-article slice, scaled up).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

import mediakit as mk
from mediakit.arabic.tokenize import WORD_RUN

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:8.2f} s")
    return result, elapsed


def naive_minhash(texts):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.85, num_perm=128)
    for i, text in enumerate(texts):
        words = WORD_RUN.findall(mk.arabic.normalize(text))
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[j : j + 3]).encode("utf-8") for j in range(max(len(words) - 2, 1))])
        lsh.insert(i, m)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    print(f"corpus: {path}\n")
    _, t_pandas = timed("baseline: pandas.read_json(lines=True)", lambda: pd.read_json(path, lines=True))
    df, t_read = timed("mk.read_articles", lambda: mk.read_articles(path))
    words = df["text"].str.split().str.len().sum()
    print(f"  {len(df):,} articles, {words:,} words\n")
    _, t_floor = timed(
        "floor: str.split + Counter over all texts", lambda: Counter(w for t in df["text"] for w in t.split())
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mk.CorpusWarning)
        clean, t_clean = timed("mk.clean_articles", lambda: mk.clean_articles(df))
    exact, t_exact = timed("mk.deduplicate(near=False)", lambda: mk.deduplicate(clean, near=False, progress=False))
    marked, t_dedup = timed("mk.deduplicate (exact + near)", lambda: mk.deduplicate(clean, progress=False))
    n = 3000
    _, t_naive = timed(f"alternative: naive datasketch on {n:,} articles", lambda: naive_minhash(clean["text"][:n]))
    t_naive_all = t_naive * len(clean) / n
    kinds = marked["duplicate_kind"].value_counts()
    print(
        f"\nduplicates found: url {kinds.get('url', 0):,}, text {kinds.get('text', 0):,}, near {kinds.get('near', 0):,}"
    )
    print(f"(exact pass alone: {exact['duplicate_of'].notna().sum():,})\n")
    print("ratios")
    print(f"  read_articles / pandas.read_json           {t_read / t_pandas:6.2f}x")
    print(f"  clean_articles / split+Counter floor       {t_clean / t_floor:6.2f}x")
    print(f"  deduplicate(near=False) / floor            {t_exact / t_floor:6.2f}x")
    print(f"  deduplicate / split+Counter floor          {t_dedup / t_floor:6.2f}x")
    print(f"  naive datasketch (scaled) / deduplicate    {t_naive_all / t_dedup:6.2f}x")


if __name__ == "__main__":
    main()
