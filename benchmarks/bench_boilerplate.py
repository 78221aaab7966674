"""Boilerplate learned per outlet on the whole ANT corpus: what is learned, what is left, what is removed.

Run: .venv/bin/python benchmarks/bench_boilerplate.py [path/to/articles.jsonl.gz]

Prints the patterns learned per outlet; the residue per outlet after cleaning (the share of
its articles that the most repeated line, opening of five words and closing of five words still
appear in: the target is at most 5 %); the time of cleaning with and without learning; and a
random sample of 40 removed spans to read (what was removed that is not boilerplate: target at
most 0.5 % of the words removed).
"""

from __future__ import annotations

import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

import mediakit as mk
from mediakit.boilerplate import line_key

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def residue(part: pd.DataFrame) -> dict[str, float]:
    n = len(part)
    lines, leads, tails = Counter(), Counter(), Counter()
    for text in part["text"]:
        rows = text.split("\n")
        lines.update({line_key(r) for r in rows if len(r) <= 400})
        leads[" ".join(line_key(rows[0]).split()[:5])] += 1
        tails[" ".join(line_key(rows[-1]).split()[-5:])] += 1
    return {kind: c.most_common(1)[0][1] / n for kind, c in (("line", lines), ("lead", leads), ("tail", tails))}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"corpus not found: {path}")
    raw = mk.read_articles(path)
    warnings.simplefilter("ignore", mk.CorpusWarning)
    start = time.perf_counter()
    plain = mk.clean_articles(raw, learn=False)
    t_plain = time.perf_counter() - start
    start = time.perf_counter()
    clean = mk.clean_articles(raw)
    t_learn = time.perf_counter() - start
    print(f"{len(raw):,} articles; cleaning {t_plain:.1f} s without learning, {t_learn:.1f} s with it\n")
    learned = pd.DataFrame(clean.attrs["boilerplate"])
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(
            learned[["source", "where", "pattern", "articles", "share"]].to_string(index=False)
            if len(learned)
            else "nothing learned"
        )
        print()
        print(pd.DataFrame(clean.attrs["boilerplate_removed"]).to_string(index=False))
    print(
        "\nresidue: the share of an outlet's articles its most repeated line / opening / closing is in (target <= 5 %)"
    )
    for source, part in clean.groupby("source"):
        before, after = residue(plain[plain["source"] == source]), residue(part)
        cells = "  ".join(f"{k} {before[k]:6.1%} -> {after[k]:5.1%}" for k in ("line", "lead", "tail"))
        print(f"  {source:<10} {cells}")
    by_id = dict(zip(plain["id"], plain["text"], strict=True))
    changed = [(i, t) for i, t in zip(clean["id"], clean["text"], strict=True) if by_id.get(i, t) != t]
    words = sum(len(by_id[i].split()) - len(t.split()) for i, t in changed)
    print(f"\n{len(changed):,} articles changed, {words:,} words removed; a sample of 40 removed spans to read:")
    random.seed(0)
    for i, text in random.sample(changed, min(40, len(changed))):
        before, after = by_id[i].split("\n"), text.split("\n")
        gone = [line for line in before[1:] if line not in after]
        if before[0] not in after:  # an opening cut off: the part that went
            opening = before[0][: len(before[0]) - len(after[0])] if before[0].endswith(after[0]) else before[0]
            gone.insert(0, opening)
        print(f"  {i}: {' | '.join(g[:90] for g in gone)}")


if __name__ == "__main__":
    main()
