"""find_entities on the ANT corpus: the default catalog against one ten times larger; then
discover_entities on 20,000 articles.

Run: .venv/bin/python benchmarks/bench_entities.py [path/to/articles.jsonl.gz]

The larger catalog adds nine synthetic aliases per entity (the real ones with a made-up
suffix word), so it holds about ten times as many aliases; matching time should barely move,
since each text is read once and every word is one dictionary lookup whatever the catalog size.
A floor, ``Counter(t.split())`` over the same texts, is measured in the same run.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import mediakit as mk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
SUFFIXES = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء")


def bigger(catalog: mk.EntityCatalog) -> mk.EntityCatalog:
    frame = catalog.to_frame()
    frame["aliases"] = [
        list(aliases) + [f"{name} {suffix}" for name in [entity, *aliases] for suffix in SUFFIXES]
        for entity, aliases in zip(frame["entity"], frame["aliases"], strict=True)
    ]
    return mk.EntityCatalog(frame, warn=False)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    df = mk.read_articles(path)
    megabytes = sum(len(t.encode("utf-8")) for t in df["text"]) / 1e6
    small = mk.EntityCatalog.default()
    large = bigger(small)
    aliases = {
        name: sum(1 + len(a) for a in c.to_frame()["aliases"]) for name, c in (("default", small), ("x10", large))
    }
    print(
        f"{len(df):,} articles, {megabytes:.1f} MB; aliases: default {aliases['default']:,}, large {aliases['x10']:,}\n"
    )
    jobs = {
        "floor: Counter(t.split())": lambda: Counter(w for t in df["text"] for w in t.split()),
        "find_entities, default catalog": lambda: mk.find_entities(df, catalog=small, progress=False),
        "find_entities, catalog x10": lambda: mk.find_entities(df, catalog=large, progress=False),
    }
    best = dict.fromkeys(jobs, float("inf"))
    result = None
    for _ in range(2):
        for name, job in jobs.items():
            start = time.perf_counter()
            out = job()
            best[name] = min(best[name], time.perf_counter() - start)
            if name.endswith("default catalog"):
                result = out
    for name, t in best.items():
        print(f"{name:<36} {t:6.2f} s {megabytes / t:6.2f} MB/s")
    print(f"\n{len(result):,} mentions of {result['entity'].nunique():,} entities")
    ratio = best["find_entities, catalog x10"] / best["find_entities, default catalog"]
    print(f"catalog x10 / default: {ratio:.2f}x the time (target < 1.5x)")
    speed = best["floor: Counter(t.split())"] / best["find_entities, default catalog"]
    print(f"default catalog vs floor: {speed:.2f}x the speed")

    # discover_entities on 20,000 articles (the size), against the floor on the same texts
    sample = df.head(20_000)
    start = time.perf_counter()
    Counter(w for t in sample["text"] for w in t.split())
    floor = time.perf_counter() - start
    start = time.perf_counter()
    found = mk.discover_entities(sample)
    took = time.perf_counter() - start
    print(
        f"\ndiscover_entities, {len(sample):,} articles: {took:.2f} s (target <= 20 s), {took / floor:.1f}x the floor"
    )
    whole = found[found["type_guess"] == "PER"]
    cut = whole["name"].str.split().str[-1].isin(["بن", "عبد", "ابو", "أبو", "آل"])
    print(f"{len(found):,} names, {len(whole):,} people; names ending on بن/عبد/أبو/آل: {int(cut.sum())}")


if __name__ == "__main__":
    main()
