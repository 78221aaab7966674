"""Five-fold cross-validation of the CRF tagger on ANERcorp, against the catalog alone on the same folds.

Run: .venv/bin/python benchmarks/eval_tagger.py [--anercorp PATH] [--unlabelled PATH | --no-clusters]
                                                 [--iterations N] [--folds K] [--window W] [--news N]

The sentences of ANERcorp_train.txt are cut into K contiguous folds (by sentence, in file order;
no shuffling, so an article's sentences stay together). Each fold is tagged by a tagger trained
on the other K-1 (``Tagger.tag_sentences`` over the fold in order, so the document pass sees
``--window`` sentences on each side; ``--window 0`` turns it off) and by the default catalog
(``tag_entities`` on the sentence's tokens joined by spaces). Scores are CoNLL-style: an entity
counts when its span and type are exactly right (``PERS`` is ``PER``); precision, recall and F1
per type, then micro-averaged over PER+LOC+ORG and over all four types.

Word clusters for the tagger are learnt once from unlabelled news (``--unlabelled``, by default
the ANT corpus in ``../shared/corpora``, 2012-2018 news, so none of ANERcorp's text); with
``--no-clusters`` or without that corpus the tagger runs without them.

Speed: tokens per second of ``Tagger.tag_sentences`` over each held-out fold in this one process
(crfsuite tags on one core), first with the freshly loaded tagger (its per-word cache empty), then
a second pass over the same fold (cache filled, as on a large corpus); the catalog's speed on the
same sentences is the reference. Each fold is also scored through the raw-text path: written
out as news is written (punctuation attached) and tagged with ``Tagger.tag``, which tokenises and
splits sentences itself; the two scores should agree. Last, the last fold's tagger, freshly loaded, tags raw unlabelled
articles with ``Tagger.tag`` (tokenising, sentence splitting and naming included), as
``find_entities(df, tagger=...)`` does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import mediakit as mk
from mediakit.tagger import (
    _raw_spans,
    bio_spans,
    load_tagger,
    read_conll,
    span_scores,
    tokenize_spans,
    train_tagger,
    word_clusters,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ANERCORP = SHARED / "anercorp" / "ANERcorp_train.txt"
UNLABELLED = SHARED / "ant-multisource" / "articles.jsonl.gz"


def catalog_spans(tokens: list[str], catalog: mk.EntityCatalog) -> set[tuple[int, int, str]]:
    """The catalog's mentions in the sentence's tokens joined by spaces, as token spans."""
    starts, ends, pos = {}, {}, 0
    for i, token in enumerate(tokens):
        starts[pos] = i
        ends[pos + len(token)] = i + 1
        pos += len(token) + 1
    found = set()
    for m in mk.tag_entities(" ".join(tokens), catalog=catalog):
        if m.start in starts and m.end in ends:  # a mention inside a token (U.S.-style tokens) is not a span
            found.add((starts[m.start], ends[m.end], m.type))
    return found


def table(title: str, scores) -> None:
    print(f"\n{title}")
    print(scores.to_string(float_format=lambda x: f"{x:.3f}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anercorp", type=Path, default=ANERCORP)
    parser.add_argument("--unlabelled", type=Path, default=UNLABELLED, help="articles (any format read_articles reads)")
    parser.add_argument("--no-clusters", action="store_true", help="train the tagger without word clusters")
    parser.add_argument("--iterations", type=int, default=100, help="L-BFGS iterations (default 100)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--window", type=int, default=20, help="sentences each side for the document pass (0: none)")
    parser.add_argument("--news", type=int, default=2000, help="unlabelled articles to time raw tagging on")
    args = parser.parse_args()
    if not args.anercorp.is_file():
        sys.exit(f"ANERcorp not found: {args.anercorp}")
    sentences = read_conll(args.anercorp)
    tokens_total = sum(len(t) for t, _ in sentences)
    print(f"ANERcorp: {len(sentences):,} sentences, {tokens_total:,} tokens; {args.folds} contiguous folds")

    clusters, texts = None, None
    if args.unlabelled.is_file():
        texts = mk.read_articles(args.unlabelled)["text"]
    if not args.no_clusters and texts is not None:
        started = time.perf_counter()
        clusters = word_clusters(texts, progress=False)
        print(
            f"word clusters: {len(clusters):,} words from {len(texts):,} unlabelled articles ({args.unlabelled.name}) "
            f"in {time.perf_counter() - started:.0f} s"
        )
    else:
        print("word clusters: none" + ("" if args.no_clusters else f" ({args.unlabelled} not found)"))

    catalog = mk.EntityCatalog.default()
    gold_all, tagger_all, catalog_all, raw_all = [], [], [], []
    bounds = [round(len(sentences) * k / args.folds) for k in range(args.folds + 1)]
    train_seconds, cold, warm, catalog_speed = [], [], [], []
    print(
        f"\n{'fold':>4} {'sentences':>9} {'tokens':>7} {'train s':>8} {'tagger F1':>9} {'raw text F1':>11} "
        f"{'catalog F1':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for k in range(args.folds):
            held = sentences[bounds[k] : bounds[k + 1]]
            train = sentences[: bounds[k]] + sentences[bounds[k + 1] :]
            started = time.perf_counter()
            out = Path(folder) / f"fold{k}.crfsuite"
            model = train_tagger(train, out=out, clusters=clusters, max_iterations=args.iterations, progress=False)
            train_seconds.append(time.perf_counter() - started)
            tagger = load_tagger(model)
            n_tokens = sum(len(t) for t, _ in held)

            started = time.perf_counter()
            predicted = tagger.tag_sentences([tokens for tokens, _ in held], window=args.window)
            cold.append(n_tokens / (time.perf_counter() - started))
            started = time.perf_counter()
            tagger.tag_sentences([tokens for tokens, _ in held], window=args.window)
            warm.append(n_tokens / (time.perf_counter() - started))
            started = time.perf_counter()
            by_catalog = [catalog_spans(tokens, catalog) for tokens, _ in held]
            catalog_speed.append(n_tokens / (time.perf_counter() - started))

            # the raw-text path find_entities takes: the fold written out as news, tokenised and
            # split into sentences again by Tagger.tag
            raw = _raw_spans(tagger, [tokens for tokens, _ in held], args.window)
            raw_all += raw

            gold = [bio_spans(tags) for _, tags in held]
            found = [bio_spans(tagged) for tagged in predicted]
            gold_all += gold
            tagger_all += found
            catalog_all += by_catalog
            fold_tagger = span_scores(gold, found).loc["PER+LOC+ORG", "f1"]
            fold_catalog = span_scores(gold, by_catalog).loc["PER+LOC+ORG", "f1"]
            fold_raw = span_scores(gold, raw).loc["PER+LOC+ORG", "f1"]
            print(
                f"{k + 1:>4} {len(held):>9,} {n_tokens:>7,} {train_seconds[-1]:>8.1f} "
                f"{fold_tagger:>9.3f} {fold_raw:>11.3f} {fold_catalog:>10.3f}"
            )

        if texts is not None:
            # raw news as find_entities meets it: tokenising, sentence splitting and naming included
            news = [t for t in texts.iloc[::10].head(args.news) if isinstance(t, str)]
            n_tokens = sum(len(tokenize_spans(t)) for t in news)
            fresh = load_tagger(model)  # the last fold's model
            started = time.perf_counter()
            found = sum(len(fresh.tag(t)) for t in news)
            seconds = time.perf_counter() - started
            print(
                f"raw news, Tagger.tag on {len(news):,} unlabelled articles ({n_tokens:,} tokens), freshly loaded: "
                f"{n_tokens / seconds:,.0f} tokens/s ({len(news) / seconds:,.0f} articles/s), {found:,} mentions"
            )

    name = f"CRF tagger ({'with' if clusters else 'without'} word clusters), {args.folds}-fold CV"
    table(name, span_scores(gold_all, tagger_all))
    table("the same taggers on raw text (Tagger.tag on the folds written out as news)", span_scores(gold_all, raw_all))
    table("catalog alone (EntityCatalog.default), same folds", span_scores(gold_all, catalog_all))
    mean = sum(train_seconds) / len(train_seconds)
    print(f"\ntraining: {mean:.1f} s per fold on average ({min(train_seconds):.1f}-{max(train_seconds):.1f} s)")
    print(
        f"tagging, one process: {min(cold):,.0f}-{max(cold):,.0f} tokens/s with an empty cache, "
        f"{min(warm):,.0f}-{max(warm):,.0f} tokens/s with a filled one; "
        f"the catalog alone {min(catalog_speed):,.0f}-{max(catalog_speed):,.0f} tokens/s "
        f"(tagger/catalog, filled cache: {sum(warm) / sum(catalog_speed):.2f})"
    )


if __name__ == "__main__":
    main()
