"""Quotations: quality on the labelled ANT articles, and speed against str.split on the same text.

python benchmarks/bench_quotes.py [N_ARTICLES]
"""

import sys
import time
from pathlib import Path

import pandas as pd

import mediakit as mk
from mediakit.quotes import evaluate_quotes, quote_spans, quotes

ANT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "quotes_labelled.tsv"


def main(n: int = 3000) -> None:
    articles = mk.read_articles(ANT)
    gold = pd.read_csv(LABELLED, sep="\t")
    labelled = articles[articles["id"].isin(set(gold["id"]))].drop_duplicates("id")
    scores = evaluate_quotes(quotes(labelled, progress=False), gold)
    print(f"labelled: {scores['labelled']} instances in {labelled['id'].nunique()} articles; found {scores['found']}")
    for key in ("speaker_precision", "speaker_recall", "quote_overlap"):
        print(f"  {key}: {scores[key]:.3f}")
    texts = articles.sample(min(n, len(articles)), random_state=0)["text"].tolist()
    mb = sum(map(len, texts)) / 1e6
    start = time.perf_counter()
    for text in texts:
        text.split()
    floor = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(len(quote_spans(text)) for text in texts)
    spans = time.perf_counter() - start
    start = time.perf_counter()
    quotes(pd.DataFrame({"text": texts}), progress=False)
    resolved = time.perf_counter() - start
    print(f"speed on {len(texts)} articles, {mb:.1f} M characters, {found} instances:")
    print(f"  str.split floor:          {mb / floor:7.1f} MB/s")
    print(f"  quote_spans:              {mb / spans:7.1f} MB/s  ({spans / floor:.0f}x the floor)")
    print(f"  quotes (speakers too):    {mb / resolved:7.1f} MB/s  ({resolved / floor:.0f}x the floor)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
