"""Entity quality on the ANT corpus: ambiguous aliases, known events among spikes, short names.

Run: .venv/bin/python benchmarks/eval_entities.py [path/to/articles.jsonl.gz]

- Ambiguous aliases: the occurrences of مالي، عمان، حماس، مدريد، برشلونة labelled by reading them
  (``tests/data/ambiguous_mentions.tsv``: ids, offsets, labels), scored as the tests score them:
  precision over the occurrences given an entity, recall over those that name one; per word, and
  against the catalog without its context rules (every occurrence read as the alias' default).
- Spikes: weekly timelines of the 2018 articles for twenty places, the rank of each event of
  ``KNOWN_EVENTS`` (checked against that week's titles) among ``mk.spikes``, and the fewest
  articles any spike rests on.
- How mentions were found (``how``: alias, context, role, home, short) and the time to find them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import mediakit as mk

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.test_entities import AMBIGUOUS_LABELS, KNOWN_EVENTS  # noqa: E402  (the labelled events and codes)

DEFAULT = ROOT.parent / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"
PLACES = ["القدس", "غزة", "سوريا", "دمشق", "الغوطة الشرقية", "تركيا", "أنقرة", "الحديدة", "إيران", "فرنسا"]
PLACES += ["مصر", "السعودية", "روسيا", "قطر", "لبنان", "العراق", "اليمن", "الأردن", "الإمارات", "ليبيا"]


def ambiguity(df: pd.DataFrame, catalog: mk.EntityCatalog) -> pd.DataFrame:
    labelled = pd.read_csv(ROOT / "tests" / "data" / "ambiguous_mentions.tsv", sep="\t", dtype={"id": str})
    labelled = labelled[labelled["label"] != "UNSURE"]
    mentions = mk.find_entities(df[df["id"].isin(set(labelled["id"]))], catalog=catalog, progress=False)
    spans = mentions.groupby("id")[["start", "end", "entity"]].apply(lambda g: list(g.itertuples(index=False)))
    rows = []
    for row in labelled.itertuples(index=False):
        entity = next((m.entity for m in spans.get(row.id, []) if m.start <= row.start < m.end), None)
        rows.append((row.word, entity, AMBIGUOUS_LABELS[row.label]))
    scored = pd.DataFrame(rows, columns=["word", "predicted", "truth"])
    out = []
    for word, group in [("all", scored), *scored.groupby("word")]:
        named = group[group["predicted"].notna()]
        relevant = group[group["truth"].notna()]
        out.append(
            (
                word,
                len(group),
                (named["predicted"] == named["truth"]).mean() if len(named) else float("nan"),
                (relevant["predicted"] == relevant["truth"]).mean() if len(relevant) else float("nan"),
            )
        )
    return pd.DataFrame(out, columns=["word", "occurrences", "precision", "recall"]).set_index("word")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    df = mk.read_articles(path)
    catalog = mk.EntityCatalog.default()
    print(f"{len(df):,} articles\n")

    with_rules = ambiguity(df, catalog)
    plain = catalog.to_frame()
    without = ambiguity(df, mk.EntityCatalog(plain, warn=False))  # no context rules: the alias' default
    table = with_rules.join(without[["precision", "recall"]].add_suffix(" without rules"))
    print("ambiguous aliases (labelled occurrences; target precision >= 0.90, recall >= 0.85)")
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))

    year = df[df["published"].dt.year == 2018]
    small = mk.EntityCatalog.from_frame(plain[plain["entity"].isin(PLACES)])
    started = time.perf_counter()
    timeline = mk.entity_timeline(mk.find_entities(year, catalog=small, progress=False), articles=year, freq="W")
    found = mk.spikes(timeline, window=8)
    seconds = time.perf_counter() - started
    ranks = {
        (f"{p:%Y-%m-%d}", e): i + 1 for i, (p, e) in enumerate(found[["period", "entity"]].itertuples(index=False))
    }
    print(f"\nspikes: {len(found)} over {timeline['period'].nunique()} weeks of 2018 ({seconds:.1f} s)")
    for event in sorted(KNOWN_EVENTS):
        print(f"  {event[0]} {event[1]}: rank {ranks.get(event, 'not found')}")
    empty = int((found["total"] == 0).sum())
    print(
        f"  fewest articles under a spike: {found['articles'].min()} (minimum 5); "
        f"spikes on periods without articles: {empty}"
    )

    started = time.perf_counter()
    mentions = mk.find_entities(df, progress=False)
    seconds = time.perf_counter() - started
    print(f"\nfind_entities on all {len(df):,} articles: {seconds:.1f} s, {len(mentions):,} mentions; by how:")
    print(mentions["how"].value_counts().to_string())


if __name__ == "__main__":
    main()
