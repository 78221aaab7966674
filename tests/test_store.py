"""ArticleStore on real SQLite files: adding, duplicates, rejects, search, migrations, concurrency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

import mediakit as mk
from mediakit.cli import main
from mediakit.store import _MIGRATIONS, SCHEMA_VERSION, ArticleStore, StoreError

ARTICLES = [
    {
        "id": "a1",
        "source": "al-rasid",
        "url": "https://alrasid.example/politics/2025/05/14/talks",
        "published": "2025-05-14T09:30:00+03:00",
        "title": "استئناف المحادثات بين بغداد وأربيل",
        "text": "قال المتحدث باسم الحكومة إن الوفد وصل بالعراق صباح الأربعاء، وإن المحادثات مع أربيل ستتناول الموازنة.",
        "section": "سياسة",
    },
    {
        "id": "a2",
        "source": "nabd",
        "url": "https://nabd.example/news/88",
        "published": "الأربعاء 14 أيار/مايو 2025 - 10:30 م",
        "title": "لبنان: جلسة نيابية لانتخاب رئيس",
        "text": "دعا رئيس مجلس النواب إلى جلسة جديدة، ولبنان ينتظر منذ أشهر، فيما قالت الأمم المتحدة إنها تتابع الوضع.",
    },
    {
        "id": "a3",
        "source": "nabd",
        "url": None,
        "published": None,
        "title": "",
        "text": "وأضاف الوزير أن الامم المتحدة ستعقد اجتماعاً في جنيف لبحث المساعدات الإنسانية.",
    },
]


@pytest.fixture
def store(tmp_path):
    with ArticleStore(tmp_path / "corpus.sqlite") as s:
        yield s


def test_add_counts_inserted_duplicates_and_rejected_with_reasons(store):
    first = store.add(pd.DataFrame(ARTICLES))
    assert (first.inserted, first.duplicates, first.rejected) == (3, 0, 0)
    again = [
        # same url after canonicalisation (case, www, tracking parameter, trailing slash)
        {**ARTICLES[0], "id": "b1", "url": "https://WWW.alrasid.example/politics/2025/05/14/talks/?utm_source=fb"},
        # same text in another spelling (hamza, diacritics, tatweel, spacing), no url
        {"source": "x", "text": "وأضافَ الوزيــر أن الأمم المتحدة ستعقد   اجتماعا في جنيف لبحث المساعدات الانسانية."},
        {"source": "x", "text": "   "},
        {"source": "", "text": "نص جديد تماما عن الاقتصاد"},
        {"source": "x", "url": "ftp://files.example/a", "text": "نص آخر جديد عن الزراعة"},
        {"source": "x", "url": "https://x.example/1", "published": "قريبا", "text": "نص ثالث جديد عن الصحة"},
        {"id": "a1", "source": "x", "url": "https://x.example/2", "text": "نص رابع جديد عن التعليم"},
        {"source": "x", "url": "https://x.example/3", "text": "نص خامس جديد عن النقل"},
        {"source": "x", "url": "https://x.example/3?utm_medium=rss", "text": "نسخة ثانية في الدفعة نفسها"},
    ]
    result = store.add(again)
    assert (result.inserted, result.duplicates, result.rejected) == (1, 3, 5)
    reasons = {(p["row"], p["field"]): p["reason"] for p in result.problems}
    assert reasons == {
        (2, "text"): "missing or empty",
        (3, "source"): "missing or empty",
        (4, "url"): "not an absolute http(s) URL",
        (5, "published"): "not a date in a form mediakit reads",
        (6, "id"): "id already used by another article",
    }
    assert result.problems[3]["value"] == "قريبا"
    assert len(store) == 4


def test_to_frame_has_the_read_articles_schema_and_keeps_extra_fields(store):
    store.add(ARTICLES)
    df = store.to_frame()
    assert df.columns.tolist() == [*mk.COLUMNS, "section"]
    assert str(df["published"].dtype) == "datetime64[ns, UTC]"
    assert df["published"].iat[0] == pd.Timestamp("2025-05-14 06:30", tz="UTC")
    assert df["published"].iat[1] == pd.Timestamp("2025-05-14 22:30", tz="UTC")  # the Arabic date, read
    assert pd.isna(df["published"].iat[2]) and pd.isna(df["url"].iat[2])
    assert df["section"].iat[0] == "سياسة" and pd.isna(df["section"].iat[1])
    assert df["text"].iat[0] == ARTICLES[0]["text"]


def test_sample_round_trips_through_the_store_unchanged(tmp_path):
    sample = mk.load_sample()
    with ArticleStore(tmp_path / "c.sqlite") as store:
        result = store.add(sample)
        back = store.to_frame()
    # the two url duplicates of the sample are the only records not stored
    assert result.duplicates == 2 and result.inserted == len(sample) - 2
    expected = sample[sample["id"].isin(back["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected)
    # read_articles reads a store path like any corpus file
    pd.testing.assert_frame_equal(mk.read_articles(tmp_path / "c.sqlite"), expected)


def test_filters_and_sources(store):
    store.add(mk.load_sample())
    june = store.to_frame(since="2025-06-01", until="2025-07-01")
    assert (
        len(june)
        and june["published"]
        .between(pd.Timestamp("2025-06-01", tz="UTC"), pd.Timestamp("2025-07-01", tz="UTC"), inclusive="left")
        .all()
    )
    two = store.to_frame(sources=["nabd", "al-rasid"], columns=["id", "source"])
    assert two.columns.tolist() == ["id", "source"] and set(two["source"]) == {"nabd", "al-rasid"}
    table = store.sources()
    assert table["articles"].sum() == len(store)
    assert table.set_index("source").loc["nabd", "first"] == store.to_frame(sources="nabd")["published"].min()


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("العراق", {"a1"}),  # written بالعراق
        ("بالعراق", {"a1"}),
        ("لبنان", {"a2"}),  # written ولبنان in the text and لبنان in the title
        ("الأمم المتحدة", {"a2", "a3"}),  # hamza spelled and unspelled
        ("أضاف", {"a3"}),  # written وأضاف
        ("جنيف الموازنة", set()),  # every word must occur
    ],
)
def test_search_matches_through_normalisation_and_clitics(store, query, ids):
    store.add(ARTICLES)
    hits = store.search(query)
    assert set(hits["id"]) == ids
    assert hits.columns.tolist() == ["id", "published", "source", "title", "snippet", "rank"]
    assert hits["rank"].tolist() == list(range(1, len(hits) + 1))


def test_search_snippet_is_original_text_around_the_match(store):
    long_text = "في سياق متصل " * 30 + "أعلنت وزارة الخارجية بالعراق استدعاء السفير. " + "وتابع البيان " * 30
    store.add([{"source": "s", "title": "عنوان", "text": long_text}])
    snippet = store.search("العراق")["snippet"].iat[0]
    assert "أعلنت وزارة الخارجية بالعراق استدعاء السفير" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …") and len(snippet) < 240
    with pytest.raises(mk.QueryError, match="'؟!' has no letters or digits to search for"):
        store.search("؟!")


def test_search_ranks_title_matches_first(store):
    store.add(
        [
            {"source": "s", "title": "أخبار اقتصادية", "text": "ارتفع سعر النفط في الأسواق وسط توقعات بطلب أقوى."},
            {"source": "s", "title": "النفط يرتفع", "text": "سجلت الأسواق ارتفاعا في سعر الخام."},
        ]
    )
    assert store.search("النفط")["title"].tolist() == ["النفط يرتفع", "أخبار اقتصادية"]


def test_migration_from_the_previous_schema_version(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(_MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO articles (id, source, url, url_key, published, title, text, content_hash) "
        "VALUES ('old1', 'nabd', 'https://nabd.example/1', 'https://nabd.example/1', ?, 'قديم', 'نص قديم', 'h1')",
        (pd.Timestamp("2024-03-01", tz="UTC").value,),
    )
    conn.commit()
    conn.close()
    with ArticleStore(path) as store:
        assert store.version == SCHEMA_VERSION == 2
        df = store.to_frame()
        assert df["id"].tolist() == ["old1"] and df["published"].iat[0] == pd.Timestamp("2024-03-01", tz="UTC")
        store.set_feed_state("https://nabd.example/rss", etag='"v1"', last_modified=None, status="ok")
        assert store.feed_state("https://nabd.example/rss")["etag"] == '"v1"'
        assert store.add([{"source": "nabd", "url": "https://nabd.example/1", "text": "أخرى"}]).duplicates == 1
        assert store.integrity_check() == "ok"


def test_files_that_are_not_stores_are_refused(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("ليست قاعدة بيانات", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite file"):
        ArticleStore(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE contacts (name TEXT)").connection.commit()
    with pytest.raises(StoreError, match="another program"):
        ArticleStore(other)
    newer = tmp_path / "newer.sqlite"
    ArticleStore(newer).close()
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}").connection.commit()
    with pytest.raises(StoreError, match="newer mediakit"):
        ArticleStore(newer)
    with pytest.raises(StoreError, match="no such store"):
        ArticleStore(tmp_path / "missing.sqlite", readonly=True)
    with pytest.raises(mk.CorpusError, match="another program"):
        mk.read_articles(other)


def test_readonly_store_refuses_writes(tmp_path):
    path = tmp_path / "c.sqlite"
    ArticleStore(path).add(ARTICLES)
    with ArticleStore(path, readonly=True) as store:
        assert len(store) == 3
        with pytest.raises(StoreError, match="read-only"):
            store.add(ARTICLES)


WRITER = textwrap.dedent(
    """
    import sys, mediakit as mk
    store = mk.ArticleStore(sys.argv[1])
    for batch in range(40):
        store.add([
            {"source": "w", "url": f"https://w.example/{batch}/{i}", "text": f"خبر رقم {batch} {i} عن بغداد"}
            for i in range(25)
        ])
    """
)


def test_a_reader_works_while_another_process_writes(tmp_path):
    path = tmp_path / "c.sqlite"
    ArticleStore(path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
    seen = []
    try:
        with ArticleStore(path, readonly=True) as reader:
            deadline = time.monotonic() + 120
            while writer.poll() is None and time.monotonic() < deadline:
                df = reader.to_frame(columns=["id", "url"])
                seen.append(len(df))
                assert df["url"].is_unique  # a reader sees whole transactions only
                assert len(df) % 25 == 0
                reader.search("بغداد", limit=5)
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert seen == sorted(seen) and len(seen) > 1
    with ArticleStore(path) as store:
        assert len(store) == 1000 and store.integrity_check() == "ok"


def test_cli_import_and_export(tmp_path, capsys):
    store = tmp_path / "corpus.sqlite"
    assert main(["import", str(mk.sample_path()), "--store", str(store)]) == 0
    assert "171 added, 2 already stored, 0 rejected" in capsys.readouterr().out
    out = tmp_path / "nabd.parquet"
    assert main(["export", "--store", str(store), "--out", str(out), "--source", "nabd", "--since", "2025-06-01"]) == 0
    exported = mk.read_articles(out)
    assert set(exported["source"]) == {"nabd"} and exported["published"].min() >= pd.Timestamp("2025-06-01", tz="UTC")
    assert main(["export", "--store", str(tmp_path / "none.sqlite"), "--out", str(out)]) == 1
    assert "no such store" in capsys.readouterr().err


def test_import_of_a_large_real_corpus_slice_and_search(tmp_path, ant_articles):
    sample = ant_articles.head(3000)
    with ArticleStore(tmp_path / "ant.sqlite") as store:
        result = store.add(sample)
        assert result.inserted + result.duplicates + result.rejected == len(sample)
        assert result.duplicates > 0  # ANT repeats articles by url and by text
        hits = store.search("العراق", limit=200)
        assert len(hits) > 20
        texts = store.to_frame().set_index("id").loc[hits["id"], "text"]
        assert texts.str.contains("عراق").all()


def test_search_takes_the_query_language_and_no_text_reaches_fts5_syntax(tmp_path):
    with mk.ArticleStore(tmp_path / "q.sqlite") as store:
        store.add(
            [
                {"source": "s", "title": "وفد مفاوض في بغداد", "text": "وصل الوفد المفاوض إلى بغداد قادما من بالعراق"},
                {"source": "s", "title": "محادثات الدوحة", "text": "المفاوضات في الدوحة مع إيران مستمرة"},
                {"source": "s", "title": "NEAR title", "text": "كلمة NEAR وعبارة title: في نص"},
            ]
        )
        found = lambda q: sorted(store.search(q)["title"])  # noqa: E731
        assert found("مفاوض*") == ["محادثات الدوحة", "وفد مفاوض في بغداد"]
        assert found("مفاوض* NOT إيران") == ["وفد مفاوض في بغداد"]
        assert found('"الوفد المفاوض" OR الدوحة') == ["محادثات الدوحة", "وفد مفاوض في بغداد"]
        assert found("NEAR title:") == ["NEAR title"]  # FTS5's own words are words here
        for bad in ["(العراق OR إيران", "^", "NOT إيران"]:
            with pytest.raises(mk.QueryError):
                store.search(bad)
