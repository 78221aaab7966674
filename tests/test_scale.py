"""The Dask engine gives what the pandas engine gives, on a real two-worker LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest

import mediakit as mk
from mediakit.scale import write_parquet

dd = pytest.importorskip("dask.dataframe", reason="the Dask engine needs mediakit[scale]")
distributed = pytest.importorskip("distributed", reason="the Dask engine needs mediakit[scale]")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def sample():
    return mk.load_sample()


@pytest.fixture(scope="module")
def ant_slice(ant_articles):
    return ant_articles.iloc[::20].head(1200).reset_index(drop=True)


def both(df: pd.DataFrame, partitions: int = 5):
    return df, dd.from_pandas(df, npartitions=partitions)


def test_without_a_client_the_default_scheduler_runs_it(sample):
    # first in this file: the module's LocalCluster does not exist yet
    df, ddf = both(sample, 3)
    with pytest.raises(ValueError):
        distributed.get_client()  # no client in this test
    pd.testing.assert_frame_equal(mk.term_frequencies(ddf, by="source"), mk.term_frequencies(df, by="source"))


@pytest.mark.parametrize("corpus", ["sample", "ant_slice"])
def test_term_frequencies_and_keyness_equal_the_pandas_results(client, corpus, request):
    df, ddf = both(request.getfixturevalue(corpus))
    for kwargs in (
        {"by": "source", "freq": "MS", "top": 30},
        {"ngram": 2, "top": 50},
        {},
        {"by": "source", "min_df": 3, "max_df": 0.3, "tfidf": True, "top": 20},
    ):
        pd.testing.assert_frame_equal(mk.term_frequencies(ddf, **kwargs), mk.term_frequencies(df, **kwargs))
    target = f"source == {df['source'].iat[0]!r}"
    pd.testing.assert_frame_equal(mk.keyness(ddf, target=target), mk.keyness(df, target=target))


@pytest.mark.parametrize("corpus", ["sample", "ant_slice"])
def test_entities_and_timelines_equal_the_pandas_results(client, corpus, request):
    df, ddf = both(request.getfixturevalue(corpus))
    mentions = mk.find_entities(df, progress=False)
    dask_mentions = mk.find_entities(ddf)
    pd.testing.assert_frame_equal(dask_mentions, mentions)
    assert len(mentions) > 100
    for kwargs in ({"freq": "MS"}, {"freq": "W", "by": "source", "top": 5}):
        pd.testing.assert_frame_equal(
            mk.entity_timeline(dask_mentions, articles=ddf, **kwargs),
            mk.entity_timeline(mentions, articles=df, **kwargs),
        )
    terms = ["العراق", "الأمم المتحدة", "ترامب"]
    pd.testing.assert_frame_equal(
        mk.term_timeline(ddf, terms, freq="MS", by="source"), mk.term_timeline(df, terms, freq="MS", by="source")
    )


def test_parquet_dataset_round_trip_keeps_columns_and_dtypes(client, sample, tmp_path):
    for name, data in (("from-pandas", sample), ("from-dask", dd.from_pandas(sample, npartitions=3))):
        folder = write_parquet(data, tmp_path / name)
        months = sorted(p.name for p in folder.iterdir() if p.is_dir())
        assert months[0] == "month=2025-01" and months[-1] == "month=2026-02"
        for back in (mk.read_articles(folder), mk.read_articles(folder, engine="dask").compute()):
            back = back.sort_values("id").reset_index(drop=True)
            expected = sample.sort_values("id").reset_index(drop=True)
            assert back.columns.tolist() == expected.columns.tolist()
            assert str(back["published"].dtype) == "datetime64[ns, UTC]"
            # Dask may keep text columns Arrow-backed (its own default): string dtypes either way
            assert all(isinstance(t, pd.StringDtype) for t in back.dtypes.drop("published"))
            strings = {c: "str" for c in back.columns if c != "published"}
            pd.testing.assert_frame_equal(back.astype(strings), expected)


def test_jsonl_in_byte_ranges_reads_every_line_once(client, sample, tmp_path):
    path = mk.write_articles(sample, tmp_path / "corpus.jsonl")
    ddf = mk.read_articles(path, engine="dask", blocksize=20_000)
    assert ddf.npartitions > 10  # lines cut across range boundaries
    back = ddf.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(back.astype(sample.dtypes.to_dict()), sample)


def test_store_to_dask(client, sample, tmp_path):
    with mk.ArticleStore(tmp_path / "c.sqlite") as store:
        store.add(sample)
        ddf = store.to_dask(rows_per_partition=40)
        expected = store.to_frame()
    assert ddf.npartitions == 5
    got = ddf.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype(expected.dtypes.to_dict()), expected)
    ddf = mk.read_articles(tmp_path / "c.sqlite", engine="dask")
    pd.testing.assert_frame_equal(mk.term_frequencies(ddf, top=20), mk.term_frequencies(expected, top=20))


def test_streamed_entity_timeline_equals_the_pandas_one(client, ant_slice):
    from mediakit import scale

    df, ddf = both(ant_slice, 6)
    lazy = scale.find_entities(ddf, lazy=True)
    assert lazy.npartitions == ddf.npartitions  # still a Dask DataFrame: nothing gathered
    mentions = mk.find_entities(df, progress=False)
    for kwargs in (
        {"freq": "MS"},
        {"freq": "W", "by": "source", "top": 5},
        {"freq": "MS", "entities": ["العراق", "عمان"], "normalize": "none"},
    ):
        pd.testing.assert_frame_equal(
            mk.entity_timeline(lazy, articles=ddf, **kwargs), mk.entity_timeline(mentions, articles=df, **kwargs)
        )


def test_a_short_corpus_is_written_in_parts_two_workers_can_share(tmp_path, client):
    sample = mk.load_sample()
    weeks = pd.concat([sample] * 20, ignore_index=True).assign(
        id=[f"copy-{i}" for i in range(len(sample) * 20)],
        published=pd.Timestamp("2025-05-01", tz="UTC") + pd.to_timedelta(range(len(sample) * 20), "min") * 9,
    )  # 3,320 articles over three weeks: one month folder
    folder = write_parquet(weeks, tmp_path / "weeks")
    assert [p.name for p in folder.iterdir()] == ["month=2025-05"]
    assert len(list(folder.rglob("*.parquet"))) == 4  # an eighth of the corpus at least 1,000 rows each
    ddf = mk.read_articles(folder, engine="dask")
    assert ddf.npartitions == 4
    pd.testing.assert_frame_equal(mk.term_frequencies(ddf, by="source"), mk.term_frequencies(weeks, by="source"))


def test_trimming_and_tfidf_weigh_every_article_on_both_engines(client, ant_slice):
    # an article without a date is in no period, but it still holds its terms: the document
    # frequencies that trimming and TF-IDF weigh with count it on both engines
    df = ant_slice.copy()
    df.loc[df.index[::7], "published"] = pd.NaT
    df, ddf = both(df, 4)
    kwargs = {"freq": "MS", "min_df": 0.01, "max_df": 0.2, "tfidf": True, "top": 15}
    trimmed = mk.term_frequencies(df, **kwargs)
    pd.testing.assert_frame_equal(mk.term_frequencies(ddf, **kwargs), trimmed)
    assert "tfidf" in trimmed.columns and trimmed["tfidf"].gt(0).all()
    # the trimming did something: the plain table's most frequent words are gone from it
    plain = mk.term_frequencies(df, freq="MS", top=15)
    assert set(plain["term"]) - set(trimmed["term"])
    documents = mk.count_terms(df["text"]).document_frequency()
    assert documents.max() > 0.2 * len(df)
