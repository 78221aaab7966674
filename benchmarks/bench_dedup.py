"""Near-duplicate recall against exact Jaccard similarity, on a sample of the ANT corpus.

Run: .venv/bin/python benchmarks/bench_dedup.py [path/to/articles.jsonl.gz] [--sample 8000]

Every pair of articles of the sample whose word-3-gram Jaccard similarity reaches the threshold
is found exactly (a sparse product of the document × shingle matrix with itself); the pairs that
``mk.deduplicate`` joins through MinHash LSH are compared with them. Printed: pairs found
exactly, pairs found by LSH, recall, and the time of each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse

import mediakit as mk
from mediakit.corpus import _near_pairs, _shingle_hashes, _token_ids

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def exact_pairs(shingles: list[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    """Every pair (i < j) with Jaccard similarity >= threshold, by a sparse self-product."""
    vocabulary, columns = np.unique(np.concatenate(shingles), return_inverse=True)
    lengths = np.array([len(s) for s in shingles])
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.int32), columns, indptr), (len(shingles), len(vocabulary))
    )
    common = (matrix @ matrix.T).tocoo()
    i, j, c = common.row, common.col, common.data
    upper = i < j
    i, j, c = i[upper], j[upper], c[upper]
    union = lengths[i] + lengths[j] - c
    hit = c >= threshold * union
    return set(zip(i[hit].tolist(), j[hit].tolist(), strict=True))


def main() -> None:
    args = sys.argv[1:]
    size = 8000
    if "--sample" in args:
        size = int(args[args.index("--sample") + 1])
        del args[args.index("--sample") : args.index("--sample") + 2]
    path = Path(args[0]) if args else DEFAULT
    df = mk.read_articles(path)
    df = df.sample(n=min(size, len(df)), random_state=7).reset_index(drop=True)
    threshold = 0.85
    token_ids = _token_ids(df["text"])
    keys = [ids.tobytes() for ids in token_ids]
    seen: set[bytes] = set()
    reps = []
    for i, (ids, key) in enumerate(zip(token_ids, keys, strict=True)):
        if len(ids) >= 20 and key not in seen:  # what deduplicate compares: one text each, 20 words or more
            seen.add(key)
            reps.append(i)
    shingles = [_shingle_hashes(token_ids[i], 3) for i in reps]
    start = time.perf_counter()
    truth = exact_pairs(shingles, threshold)
    t_exact = time.perf_counter() - start
    start = time.perf_counter()
    before = set(_near_pairs(shingles, threshold, 128, False, index=(threshold, (0.5, 0.5))))
    t_before = time.perf_counter() - start
    start = time.perf_counter()
    found = set(_near_pairs(shingles, threshold, 128, False))
    t_lsh = time.perf_counter() - start
    recall = len(found & truth) / len(truth) if truth else float("nan")
    recall_before = len(before & truth) / len(truth) if truth else float("nan")
    print(f"before (index tuned for {threshold}, equal weights): recall {recall_before:.4f} ({t_before:.1f} s)")
    print(f"{len(df):,} articles sampled, {len(reps):,} distinct texts of 20 words or more")
    print(
        f"pairs at Jaccard >= {threshold}: exact {len(truth):,} ({t_exact:.1f} s), LSH {len(found):,} ({t_lsh:.1f} s)"
    )
    print(f"recall of LSH against exact Jaccard: {recall:.4f} (target >= 0.98); false pairs: {len(found - truth)}")
    missed = sorted(truth - found)[:10]
    if missed:
        print("missed (first 10):", missed)


if __name__ == "__main__":
    main()
