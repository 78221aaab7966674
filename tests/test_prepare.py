"""Preparing a corpus once and reading it back from the cache."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import mediakit as mk


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of this test's own, so what other tests prepared is not found here."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("MEDIAKIT_CACHE", str(folder))
    return folder


@pytest.fixture
def corpus(tmp_path, cache):
    return mk.write_articles(mk.load_sample(), tmp_path / "news.jsonl")


def test_prepare_cleans_deduplicates_and_finds_entities(corpus):
    prepared = mk.prepare(corpus, cache=False, progress=False)
    assert prepared.info["read"] == 173 and prepared.info["duplicates"] == 7
    assert len(prepared.unique) == 166 and prepared.unique["duplicate_of"].isna().all()
    assert set(prepared.mentions["id"]) <= set(prepared.unique["id"])
    assert prepared.analyzer.label("عراق") == "العراق"
    assert "166 unique articles from 4 outlets" in prepared.summary()


def test_second_prepare_reads_the_cache_and_gives_the_same_result(corpus):
    first = mk.prepare(corpus, progress=False)
    second = mk.prepare(corpus, progress=False)
    assert not first.info["cached"] and second.info["cached"]
    pd.testing.assert_frame_equal(first.marked.reset_index(drop=True), second.marked.reset_index(drop=True))
    pd.testing.assert_frame_equal(first.mentions, second.mentions)
    assert second.analyzer.vocabulary == first.analyzer.vocabulary
    assert second.analyzer.label("نقد دولي") == first.analyzer.label("نقد دولي")  # written forms kept
    assert str(second.marked["published"].dtype) == "datetime64[ns, UTC]"


def test_the_cache_key_is_the_content_and_the_settings(corpus, tmp_path):
    mk.prepare(corpus, progress=False)
    copy = shutil.copy(corpus, tmp_path / "renamed.jsonl")
    assert mk.prepare(copy, progress=False).info["cached"]  # same bytes, another name
    assert not mk.prepare(corpus, outlets=["nabd"], progress=False).info["cached"]  # other settings
    changed = mk.load_sample().iloc[:100]
    mk.write_articles(changed, corpus)
    fresh = mk.prepare(corpus, progress=False)
    assert not fresh.info["cached"] and fresh.info["read"] == 100


def test_a_damaged_cache_is_prepared_again(corpus, cache):
    mk.prepare(corpus, progress=False)
    for path in cache.rglob("marked.parquet"):
        path.write_bytes(b"not parquet")
    assert mk.prepare(corpus, progress=False).info["read"] == 173


def test_extra_columns_that_parquet_cannot_hold_are_kept(tmp_path):
    df = mk.load_sample().iloc[:30].assign(tags=[{"a": 1}, [1, "x"]] * 15)  # mixed objects
    path = tmp_path / "odd.parquet"
    df.assign(tags=df["tags"].astype(str)).to_parquet(path)
    prepared = mk.prepare(path, progress=False)
    assert "tags" in mk.prepare(path, progress=False).marked.columns and prepared.info["read"] == 30


def test_the_stray_articles_are_out_of_the_timed_frame(tmp_path):
    sample = mk.load_sample()
    old = sample.iloc[:3].assign(
        id=["old-1", "old-2", "old-3"],
        url=[f"https://example.org/old/{i}" for i in range(3)],
        text=sample["text"].iloc[50:53].to_numpy() + " أرشيف",
        published=pd.to_datetime(["2012-10-11", "2013-01-05", "2015-06-30"], utc=True),
    )
    path = mk.write_articles(pd.concat([sample, old], ignore_index=True), tmp_path / "with-strays.jsonl")
    prepared = mk.prepare(path, progress=False)
    assert prepared.info["strays"] == 3
    assert not prepared.timed["id"].isin(["old-1", "old-2", "old-3"]).any()
    assert prepared.unique["id"].isin(["old-1", "old-2", "old-3"]).sum() == 3  # counted everywhere else


def test_bad_records_are_skipped_and_counted_when_asked(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = mk.load_sample().iloc[:20]
    mk.write_articles(good, path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"id": "x", "source": "nabd", "text": "نص", "published": "أمس"}\n{not json\n')
    with pytest.raises(mk.CorpusError, match=r"bad\.jsonl.*line 21"):
        mk.prepare(path, progress=False)
    with pytest.warns(mk.CorpusWarning, match="skipped 2"):
        prepared = mk.prepare(path, reading={"errors": "skip"}, progress=False)
    assert prepared.info["skipped"] == 2 and prepared.info["read"] == 20


def test_empty_and_missing_corpora_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(mk.CorpusError, match=r"empty\.jsonl"):
        mk.prepare(empty, progress=False)
    with pytest.raises(mk.CorpusError, match=r"missing\.jsonl: no such file"):
        mk.prepare(tmp_path / "missing.jsonl", progress=False)
    blank = mk.write_articles(mk.load_sample().iloc[:5].assign(text="  \u200f "), tmp_path / "blank.jsonl")
    with pytest.raises(mk.CorpusError, match="no article has any text"):
        mk.prepare(blank, progress=False)


def test_the_cache_keeps_the_most_recently_used(corpus, cache):
    from mediakit.prepare import KEEP_PREPARED

    first = mk.prepare(corpus, since="2025-01-01", progress=False)
    for day in range(2, KEEP_PREPARED + 3):
        mk.prepare(corpus, since=f"2025-01-{day:02d}", progress=False)
        mk.prepare(corpus, since="2025-01-01", progress=False)  # used again: kept
    kept = [p for p in (cache / "prepared").iterdir() if p.is_dir()]
    assert len(kept) == KEEP_PREPARED
    again = mk.prepare(corpus, since="2025-01-01", progress=False)
    assert again.info["cached"] and len(again.unique) == len(first.unique)
