"""The counting core: tables from the document-term matrix equal the tables counted from the text."""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mediakit as mk
from mediakit.analyzer import BREAK, TERM, Analyzer
from mediakit.counts import count_terms, unit_stream

SHAPES = [
    {},
    {"by": "source"},
    {"by": "source", "freq": "MS"},
    {"by": "source", "top": 5},
    {"min_count": 3},
    {"freq": "W", "top": 3},
]


def unique_articles(df: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mk.CorpusWarning)  # the ANT corpus has a few empty articles
        clean = mk.clean_articles(df)
    return mk.deduplicate(clean, keep="first", progress=False).reset_index(drop=True)


@pytest.fixture(scope="module")
def demo():
    df = unique_articles(mk.load_sample())
    return df, count_terms(df["text"], ids=df["id"], keep_units=True)


@pytest.fixture(scope="module")
def ant(ant_articles):
    df = unique_articles(ant_articles.sample(3_000, random_state=3))
    return df, count_terms(df["text"], ids=df["id"], keep_units=True)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("ngram", [1, 2, 3])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()) or "all")
def test_term_frequencies_from_counts_equal_counting_the_text(demo, ngram, shape):
    df, counts = demo
    same(
        mk.term_frequencies(df, ngram=ngram, analyzer=counts.analyzer, **shape),
        mk.term_frequencies(df, ngram=ngram, counts=counts, **shape),
    )


@pytest.mark.parametrize("ngram", [1, 2, 3])
def test_on_real_news_too(ant, ngram):
    df, counts = ant
    for shape in ({"by": "source"}, {"by": "source", "freq": "MS", "top": 10}):
        same(
            mk.term_frequencies(df, ngram=ngram, analyzer=counts.analyzer, **shape),
            mk.term_frequencies(df, ngram=ngram, counts=counts, **shape),
        )


def test_a_subset_of_the_counted_articles_in_another_order(ant):
    df, counts = ant
    part = df[df["source"].isin(["BBC", "CNN"])].iloc[::-1]
    same(
        mk.term_frequencies(part, by="source", ngram=2, analyzer=counts.analyzer),
        mk.term_frequencies(part, by="source", ngram=2, counts=counts),
    )
    same(mk.collocations(part, analyzer=counts.analyzer), mk.collocations(part, counts=counts))


def test_keyness_collocations_timeline_kwic_and_clouds_from_counts(ant):
    df, counts = ant
    analyzer = counts.analyzer
    target = df["source"] == "skynews"
    same(mk.keyness(df, target=target, analyzer=analyzer), mk.keyness(df, target=target, counts=counts))
    same(mk.collocations(df, analyzer=analyzer, top=50), mk.collocations(df, counts=counts, top=50))
    watched = ["إيران", "الولايات المتحدة", "كأس العالم"]
    same(
        mk.term_timeline(df, watched, freq="MS", by="source", analyzer=analyzer),
        mk.term_timeline(df, watched, freq="MS", by="source", counts=counts),
    )
    by_text, by_counts = mk.kwic(df, "الأمم المتحدة", analyzer=analyzer), mk.kwic(df, "الأمم المتحدة", counts=counts)
    same(by_text, by_counts)
    assert by_counts.attrs["total"] == by_text.attrs["total"] > 20
    assert mk.kwic(df, "كلمةلاتوجد", counts=counts).attrs["total"] == 0
    cloud_text = mk.comparison_cloud(df, by="source", analyzer=analyzer, width=300, height=150)
    cloud_counts = mk.comparison_cloud(df, by="source", counts=counts, width=300, height=150)
    assert cloud_text.group_of_ == cloud_counts.group_of_


def test_the_matrix_counts_every_term_of_every_article(demo):
    df, counts = demo
    analyzer = counts.analyzer
    for i in (0, 17, 101):
        expected = pd.Series(analyzer(df["text"].iat[i])).value_counts()
        row = counts.matrix[i]
        got = pd.Series(row.data, index=counts.terms[row.indices])
        assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    assert (counts.totals == np.asarray(counts.matrix.sum(axis=1)).ravel()).all()


def test_fitting_from_the_same_pass_equals_fitting_apart(demo):
    df, counts = demo
    assert counts.analyzer.vocabulary == Analyzer(stopwords=("core", "news")).fit(df["text"]).vocabulary


def test_missing_and_empty_texts_are_empty_rows():
    counts = count_terms([None, "", "  ", "العراق والعراق"], ids=["a", "b", "c", "d"])
    assert counts.totals.tolist() == [0, 0, 0, 2]
    assert counts.matrix.shape == (4, 1)


def test_ids_not_counted_are_named():
    counts = count_terms(["العراق"], ids=["a"])
    frame = pd.DataFrame({"id": ["zz"], "text": ["العراق"]})
    with pytest.raises(KeyError, match="'zz' is not among the counted documents"):
        mk.term_frequencies(frame, counts=counts)


def test_ngrams_need_the_units():
    counts = count_terms(["صندوق النقد الدولي"])
    with pytest.raises(ValueError, match="keep_units=True"):
        counts.ngrams(2)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("العراقمصر وبلل،.\u200f\u064e\u0640 x1٣\n")), max_size=40), max_size=6
    )
)
def test_odd_unicode_counts_like_the_analyzer(texts):
    analyzer = Analyzer().fit(texts)
    counts = count_terms(texts, analyzer=analyzer)
    total = pd.Series(np.asarray(counts.matrix.sum(axis=0)).ravel(), index=counts.terms, dtype="int64")
    assert total[total > 0].sort_index().to_dict() == dict(sorted(analyzer.count(texts).items()))
    stream = unit_stream(texts, analyzer)
    assert len(stream.units) == len(stream.docs)


def test_prepared_counts_survive_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDIAKIT_CACHE", str(tmp_path / "cache"))
    path = mk.write_articles(mk.load_sample(), tmp_path / "news.jsonl")
    fresh = mk.prepare(path, progress=False)
    cached = mk.prepare(path, progress=False)
    assert cached.info["cached"]
    same(mk.collocations(fresh.unique, counts=fresh.counts), mk.collocations(cached.unique, counts=cached.counts))
    same(
        mk.term_frequencies(fresh.unique, by="source", ngram=2, counts=fresh.counts),
        mk.term_frequencies(cached.unique, by="source", ngram=2, counts=cached.counts),
    )


def reference_ngrams(analyzer: Analyzer, text: str, n: int) -> list[str]:
    """N-grams read straight off Analyzer.units, the definition: first and last units terms,
    no clause break inside (a stopword may stand in the middle of a trigram)."""
    units = analyzer.units(text)
    found = []
    for i in range(len(units) - n + 1):
        window = units[i : i + n]
        if window[0][1] == TERM and window[-1][1] == TERM and all(f != BREAK for _, f in window):
            found.append(" ".join(t for t, _ in window))
    return found


@pytest.mark.parametrize("n", [2, 3])
def test_ngrams_of_the_unit_stream_follow_the_definition(demo, n):
    df, counts = demo
    expected = Counter(g for text in df["text"] for g in reference_ngrams(counts.analyzer, text, n))
    table = counts.ngrams(n)
    got = dict(zip(table.terms, np.asarray(table.matrix.sum(axis=0)).ravel().tolist(), strict=True))
    assert got == dict(expected) and len(got) > 1_000
