"""Topics on every article of the ANT corpus: time against the counting core, and what the topics are.

Run: .venv/bin/python benchmarks/bench_topics.py [path/to/articles.jsonl.gz] [n]

- floor: ``mk.count_terms(df["text"], ids=df["id"])`` alone, in the same run
  (each time the best of two runs, with the machine's load average printed beside it)
- ``topics(df, n, counts=counts)``: TF-IDF and NMF on counts made once (a notebook's case);
- ``topics(df, n)`` end to end (counting included);
- ``topic_timeline`` per month and outlet;
- each topic's top terms as written, and a check that none of them is a stopword (core or
  news sets, or any stopword form with its clitics), a number, a one-letter word, or a word of
  the outlets' boilerplate lines (BBC's app promo, Al Arabiya's opinion disclaimer, France24's
  agency credit, CNN's dateline).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import mediakit as mk
from mediakit.arabic import normalize, stopwords
from mediakit.topics import topic_timeline, topics

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"

# words of the boilerplate lines noted in the corpus' README (normalised when compared)
BOILERPLATE = (
    "يمكنكم استلام تسلم إشعارات بتطبيق جميع المقالات المنشورة تمثل رأي كتابها فقط فرانس24 أ ف ب "
    "الإمارات العربية المتحدة CNN"
)


def timed(label, fn, repeat=1):
    """The result and the best time of ``repeat`` runs (the machine is shared: the best run is
    the one least slowed by others)."""
    elapsed = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        elapsed = min(elapsed, time.perf_counter() - start)
    print(f"{label:<58} {elapsed:7.2f} s   (load average {os.getloadavg()[0]:.1f})")
    return result, elapsed


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    df = mk.read_articles(path)
    print(f"{len(df):,} articles, {n} topics\n")
    topics(df.head(200), 2)  # imports scikit-learn once, outside the timings
    counts, t_count = timed(
        "floor: count_terms(texts, ids=...)", lambda: mk.count_terms(df["text"], ids=df["id"]), repeat=2
    )
    found, t_fit = timed(f"topics(df, {n}, counts=counts)", lambda: topics(df, n, counts=counts), repeat=2)
    _, t_all = timed(f"topics(df, {n}) end to end (counting included)", lambda: topics(df, n), repeat=2)
    timed(
        "topic_timeline(df, found, freq='MS', by='source')", lambda: topic_timeline(df, found, freq="MS", by="source")
    )
    print(f"\nNMF on counts: {t_fit / t_count:.2f}× count_terms; end to end: {t_all / t_count:.2f}× count_terms")
    print(f"end to end {t_all:.1f} s (target ≤ 60 s); NMF iterations: {found.model.n_iter_}")

    stop = stopwords(sets=("core", "news"))
    boiler = {normalize(w.lower()) for w in BOILERPLATE.split()}
    print("\ntopic  weight  articles  top terms")
    flagged = 0
    for row in found.topics.itertuples(index=False):
        bad = []
        for term in found.terms[found.terms["topic"] == row.topic]["term"]:
            if term in stop or normalize(term) in boiler or term.isdigit() or len(term) < 2:
                bad.append(term)
        flagged += bool(bad)
        note = f"   <-- not content: {', '.join(bad)}" if bad else ""
        print(f"{row.topic:>5}  {row.weight:6.3f}  {row.articles:>8,}  {' '.join(row.top_terms)}{note}")
    print(f"\ntopics with a stopword, number or boilerplate word among their top terms: {flagged} of {n}")


if __name__ == "__main__":
    main()
