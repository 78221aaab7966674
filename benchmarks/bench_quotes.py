"""Quotations: quality on the labelled ANT articles, and speed against str.split on the same text.

python benchmarks/bench_quotes.py [N_ARTICLES]

Quality is printed for the eight labelled sets, all labelled by reading after
``tests/data/quotes_labelling.md``: ``quotes_labelled.tsv`` to ``quotes_labelled4.tsv`` (the
rules were tuned on those articles), and ``quotes_heldout3.tsv`` to ``quotes_heldout6.tsv``
(never used for tuning: the honest figures), then pooled over the held-out sets. Speed is the
best of five runs of each step, in MB/s of UTF-8 text (the unit of the other benchmarks; Arabic
letters take two bytes each), in millions of characters per second, and as a multiple of the
``str.split`` floor measured in the same run (the machine may be shared).
"""

import sys

import pandas as pd
from _shared import ANT, DATA, best_of

import mediakit as mk
from mediakit.quotes import evaluate_quotes, quote_spans, quotes


def main(n: int = 3000) -> None:
    articles = mk.read_articles(ANT)
    held_out = []
    for name in (
        *(f"quotes_labelled{k}" for k in ("", "2", "3", "4")),
        "quotes_heldout3",
        "quotes_heldout4",
        "quotes_heldout5",
        "quotes_heldout6",
    ):
        gold = pd.read_csv(DATA / f"{name}.tsv", sep="\t")
        labelled = articles[articles["id"].isin(set(gold["id"]))].drop_duplicates("id")
        scores = evaluate_quotes(quotes(labelled, progress=False), gold)
        print(f"{name}: {scores['labelled']} instances in {labelled['id'].nunique()} articles; found {scores['found']}")
        for key in ("speaker_precision", "speaker_recall", "quote_overlap"):
            print(f"  {key}: {scores[key]:.3f}")
        if "heldout" in name:
            held_out.append((gold, labelled))
    gold = pd.concat([g for g, _ in held_out], ignore_index=True)
    pooled = evaluate_quotes(quotes(pd.concat([a for _, a in held_out]), progress=False), gold)
    print(
        f"held out, pooled: {pooled['labelled']} instances; speaker precision {pooled['speaker_precision']:.3f},"
        f" recall {pooled['speaker_recall']:.3f}, quote overlap {pooled['quote_overlap']:.3f}"
    )
    texts = articles.sample(min(n, len(articles)), random_state=0)["text"].tolist()
    frame = pd.DataFrame({"text": texts})
    chars = sum(map(len, texts)) / 1e6
    mb = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    found = sum(len(quote_spans(text)) for text in texts)
    floor = best_of(5, lambda: [text.split() for text in texts])
    spans = best_of(5, lambda: [quote_spans(text) for text in texts])
    resolved = best_of(5, lambda: quotes(frame, progress=False))
    print(
        f"speed on {len(texts)} articles, {chars:.1f} M characters ({mb:.1f} MB UTF-8), {found} instances (best of 5):"
    )
    for label, seconds in (("str.split floor:", floor), ("quote_spans:", spans), ("quotes (speakers too):", resolved)):
        times = f"  ({seconds / floor:.1f}x the floor)" if seconds is not floor else ""
        print(f"  {label:<24} {mb / seconds:7.1f} MB/s ({chars / seconds:6.1f} M chars/s){times}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
