"""A 200-word cloud at 1200x600 through mk.wordcloud against the wordcloud package itself.

Run: .venv/bin/python benchmarks/bench_clouds.py [path/to/articles.jsonl.gz]

Both draw the same 200 frequencies (the top terms of the ANT corpus, or of the demo corpus
when the shared corpus is absent) with the same font and settings; mediakit adds the checks,
the written forms and the shaping decision. Best of three runs each, in turns.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from wordcloud import WordCloud

import mediakit as mk

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ant-multisource" / "articles.jsonl.gz"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    df = mk.read_articles(path) if path.is_file() else mk.load_sample()
    analyzer = mk.Analyzer(stopwords=("core", "news"))
    counts = analyzer.count(df["text"])
    freqs = {analyzer.label(t): float(n) for t, n in counts.most_common(200)}
    font = str(mk.arabic_font())
    settings = dict(width=1200, height=600, max_words=200, random_state=0, background_color="white")
    jobs = {
        "wordcloud.generate_from_frequencies": lambda: WordCloud(font_path=font, **settings).generate_from_frequencies(
            freqs
        ),
        "mk.wordcloud": lambda: mk.wordcloud(freqs, font=font, **settings),
    }
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(3):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    for name, t in best.items():
        print(f"{name:<40} {t:6.2f} s")
    ratio = best["mk.wordcloud"] / best["wordcloud.generate_from_frequencies"]
    print(f"\nmediakit overhead: {ratio:.2f}x the wordcloud package's time (target < 1.3x)")


if __name__ == "__main__":
    main()
