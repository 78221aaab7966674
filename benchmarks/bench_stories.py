"""Stories on every article of the ANT corpus: time, stories, quality on the labelled pairs.

Run: .venv/bin/python benchmarks/bench_stories.py [path/to/articles.jsonl.gz]

- baseline, measured in the same run: ``count_terms`` alone over the whole texts (what a notebook
  pays to count the corpus once);
- ``stories(df)`` end to end (counting titles and leads, finding entities, pairing, linking, the
  story table), then the same with the entity mentions given (``mentions=``);
- the number of stories, the share of articles in stories that two outlets or more covered;
- pairwise precision and recall on ``tests/data/story_pairs.tsv`` (230 pairs of articles from
  different outlets within three days, labelled same/different event by reading them), on the
  whole labelled set and on its two alternating halves.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import mediakit as mk
from mediakit.counts import count_terms
from mediakit.entities import find_entities
from mediakit.stories import coverage, stories

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
PAIRS = ROOT / "tests" / "data" / "story_pairs.tsv"


def timed(label: str, fn):
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {elapsed:7.1f} s")
    return out, elapsed


def quality(articles: pd.DataFrame, pairs: pd.DataFrame) -> None:
    story = dict(zip(articles["id"], articles["story"], strict=True))
    same = np.asarray([story[a] == story[b] for a, b in zip(pairs["id_a"], pairs["id_b"], strict=True)])
    gold = (pairs["label"] == "same").to_numpy()
    halves = np.arange(len(pairs)) % 2 == 0
    for name, keep in (("all pairs", np.ones(len(pairs), bool)), ("even rows", halves), ("odd rows", ~halves)):
        hit = (same & gold & keep).sum()
        precision = hit / max((same & keep).sum(), 1)
        recall = hit / (gold & keep).sum()
        print(
            f"  {name:<10} ({keep.sum():3d} pairs, {(gold & keep).sum():3d} same): "
            f"precision {precision:.3f}  recall {recall:.3f}"
        )


def main(path: Path) -> None:
    df = mk.read_articles(path)
    print(f"{len(df):,} articles from {path.name}")
    _, floor = timed("baseline: count_terms(whole texts)", lambda: count_terms(df["text"], ids=df["id"]))
    result, elapsed = timed("stories(df) end to end", lambda: stories(df))
    print(f"  = {elapsed / floor:.2f} x the baseline")
    lead = df.assign(text=[f"{t}\n{x[:600]}" for t, x in zip(df["title"], df["text"].fillna(""), strict=True)])
    mentions, _ = timed("  find_entities on titles and leads", lambda: find_entities(lead, progress=False))
    _, elapsed_given = timed("stories(df, mentions=...)", lambda: stories(df, mentions=mentions))
    print(f"  = {elapsed_given / floor:.2f} x the baseline")

    table = result.table
    multi = table[table["sources"].map(len) > 1]
    print(f"stories: {len(table):,} ({len(multi):,} covered by two outlets or more; biggest {table['articles'].max()})")
    print(f"articles in multi-outlet stories: {multi['articles'].sum() / len(df):.1%}; undated: {result.undated}")
    print("biggest stories:")
    for row in table.head(5).itertuples():
        print(f"  {row.articles:3d} articles, {len(row.sources)} outlets, {row.first_published:%Y-%m-%d}: {row.title}")
    cov = coverage(result)
    print(cov.drop(columns="missed_titles").to_string(index=False))

    pairs = pd.read_csv(PAIRS, sep="\t")
    print(f"labelled pairs ({PAIRS.relative_to(ROOT)}):")
    quality(result.articles, pairs)
    print("note: the weights, the per-day penalty and the threshold were chosen on these same pairs")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
