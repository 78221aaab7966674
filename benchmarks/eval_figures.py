"""Figures: quality on the labelled ANT articles, and speed against re.finditer(r"\\d+") on the same text.

python benchmarks/eval_figures.py [N_ARTICLES]

Quality is printed for both labelled sets: ``figures_labelled.tsv`` (the rules were tuned on
those articles) and ``figures_heldout.tsv`` (labelled by reading other articles before the
extractor ran on them, never used for tuning: the honest figure). Precision is the share of
found figures whose kind and value are both right; recall the share of labelled figures that a
found figure overlaps (``recall_right``: with kind and value right too). Speed is the best of
three runs, in millions of characters per second (and of UTF-8 bytes), and as a multiple of
the floor measured in the same run (the machine may be shared). pyarabic's number phrases are
timed on the same texts, as the obvious alternative for the word forms.
"""

import re
import sys

import pandas as pd
from _shared import ANT, DATA, best_of
from pyarabic import number as pyarabic_number

import mediakit as mk
from mediakit.figures import evaluate_figures, figures


def read_gold(name: str) -> pd.DataFrame:
    gold = pd.read_csv(DATA / f"{name}.tsv", sep="\t", keep_default_na=False, dtype={"kind": str, "unit": str})
    gold["value"] = pd.to_numeric(gold["value"], errors="coerce")
    return gold


def main(n: int = 5000) -> None:
    articles = mk.read_articles(ANT)
    for name in ("figures_labelled", "figures_heldout"):
        gold = read_gold(name)
        labelled = articles[articles["id"].isin(set(gold["id"]))].drop_duplicates("id")
        scores = evaluate_figures(figures(labelled), gold)
        print(f"{name}: {scores['labelled']} figures in {labelled['id'].nunique()} articles; found {scores['found']}")
        for key in ("precision", "recall", "recall_right"):
            print(f"  {key}: {scores[key]:.3f}")
    sample = articles.sample(min(n, len(articles)), random_state=0)
    texts = [t if isinstance(t, str) else "" for t in sample["text"]]
    chars = sum(map(len, texts)) / 1e6
    utf8 = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    digits = re.compile(r"\d+")
    found = len(figures(sample))
    floor = best_of(3, lambda: [sum(1 for _ in digits.finditer(t)) for t in texts])
    ours = best_of(3, lambda: figures(sample))
    words = best_of(1, lambda: [pyarabic_number.extract_number_phrases(t) for t in texts])
    print(f"speed on {len(texts)} articles, {chars:.1f} M characters ({utf8:.1f} MB UTF-8), {found} figures:")
    print(f"  re.finditer(r'\\d+') floor:  {chars / floor:7.1f} M chars/s ({utf8 / floor:7.1f} MB/s)")
    ratio = f"({ours / floor:.1f}x the floor)"
    print(f"  figures:                    {chars / ours:7.1f} M chars/s ({utf8 / ours:7.1f} MB/s)  {ratio}")
    print(f"  pyarabic number phrases:    {chars / words:7.1f} M chars/s ({utf8 / words:7.1f} MB/s)  (words only)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
