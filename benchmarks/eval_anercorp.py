"""How well the default catalog and discovery find entities in ANERcorp (span-level, CoNLL style).

Run: .venv/bin/python benchmarks/eval_anercorp.py [path/to/ANERcorp_train.txt]

Sentences are rebuilt from the CoNLL tokens (joined by spaces). ``tag_entities`` with the
default catalog is scored by exact span and type (PERS counts as PER), per type and
micro-averaged. Discovery is scored on distinct names: a candidate is right when a gold entity
of the same type is written the same way (after normalisation).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

import mediakit as mk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "anercorp" / "ANERcorp_train.txt"


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        token, _, tag = line.rstrip().rpartition(" ")  # the last field is the tag
        tokens.append(token.strip() or "_")
        tags.append(tag.replace("PERS", "PER"))
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            spans.add((start, i - 1, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return spans


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"ANERcorp not found: {path}")
    sentences = read_conll(path)
    catalog = mk.EntityCatalog.default()
    tp, fp, fn = Counter(), Counter(), Counter()
    texts, gold_names = [], Counter()
    for tokens, tags in sentences:
        text, offsets, pos = "", [], 0
        for token in tokens:
            offsets.append((pos, pos + len(token)))
            text += token + " "
            pos += len(token) + 1
        texts.append(text)
        gold = gold_spans(tags)
        for start, end, kind in gold:
            gold_names[(mk.arabic.normalize(" ".join(tokens[start : end + 1])), kind)] += 1
        found = set()
        for m in mk.tag_entities(text, catalog=catalog):
            first = next(i for i, (a, b) in enumerate(offsets) if a <= m.start < b)
            last = next(i for i, (a, b) in enumerate(offsets) if a < m.end <= b)
            found.add((first, last, m.type))
        for span in found & gold:
            tp[span[2]] += 1
        for span in found - gold:
            fp[span[2]] += 1
        for span in gold - found:
            fn[span[2]] += 1
    print(f"{len(sentences):,} sentences, {sum(tp.values()) + sum(fn.values()):,} gold entities\n")
    print(f"{'type':<6} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>6}")
    for kind in ["PER", "ORG", "LOC", "MISC", "micro"]:
        t = sum(tp.values()) if kind == "micro" else tp[kind]
        p_ = t + (sum(fp.values()) if kind == "micro" else fp[kind])
        g = t + (sum(fn.values()) if kind == "micro" else fn[kind])
        precision, recall = (t / p_ if p_ else 0.0), (t / g if g else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{kind:<6} {precision:9.3f} {recall:7.3f} {f1:6.3f} {g:6d}")
    candidates = mk.discover_entities(pd.DataFrame({"text": texts}), catalog=catalog, min_count=2)
    right = sum(
        (mk.arabic.normalize(n), k) in gold_names
        for n, k in zip(candidates["name"], candidates["type_guess"], strict=True)
    )
    frequent = [key for key, n in gold_names.items() if n >= 2 and key[1] in ("PER", "ORG", "LOC")]
    covered = {(mk.arabic.normalize(n), k) for n, k in zip(candidates["name"], candidates["type_guess"], strict=True)}
    print(
        f"\ndiscovery (min_count=2): {len(candidates)} candidates, precision {right / max(len(candidates), 1):.3f}; "
        f"recall over the {len(frequent)} gold PER/ORG/LOC names seen twice or more: "
        f"{len(covered & set(frequent)) / max(len(frequent), 1):.3f}"
    )


if __name__ == "__main__":
    main()
