"""Attention queries: parsing, matching as the analyzer reads words, attention over time, kwic,
keyness targets and the FTS5 translation (against a real in-memory SQLite FTS5 table)."""

from __future__ import annotations

import re
import sqlite3

import numpy as np
import pandas as pd
import pytest

import mediakit as mk
from mediakit.query import Query, QueryError, attention, matches, to_fts5
from mediakit.terms import selection_mask

TEXTS = [
    "أعلن وزير الخارجية العراقي أن المفاوضات مع تركيا بشأن المياه ستستأنف في بغداد.",
    "قال مسؤول بالعراق إن الوفد المفاوض وصل إلى أنقرة لبحث ملف المياه مع تركيا.",
    "التقى الرئيس الأمريكي دونالد ترامب الزعيم الكوري الشمالي كيم جونغ أون في سنغافورة.",
    "شارك العِراق في قمة الجامعة العربية، وناقش الوزراء الأوضاع في سوريا.",
    "ارتفعت أسعار النفط بعد قرار منظمة أوبك خفض الإنتاج، وقال محللون إن الأسواق تترقب.",
    "وصرح وزير الخارجية المصري بأن القاهرة تدعم الحل السياسي في ليبيا.",
    "تواصل المفاوضون الإيرانيون مع الأوروبيين حول الاتفاق النووي، وزار الوزير العـراق.",
    "اجتمع وزير الدفاع مع نظيره، ثم عقدت الخارجية مؤتمرا صحفيا عن ترامب.",
]
# the week of 10 March has no article at all
DATES = ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-18", "2025-03-19", "2025-03-20", "2025-03-21", "2025-03-21"]


@pytest.fixture(scope="module")
def news() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"q{i}" for i in range(len(TEXTS))],
            "source": ["al-rasid", "nabd"] * 4,
            "url": [f"https://example.org/{i}" for i in range(len(TEXTS))],
            "published": pd.to_datetime(DATES, utc=True),
            "title": "",
            "text": TEXTS,
        }
    )


@pytest.fixture(scope="module")
def analyzer(news) -> mk.Analyzer:
    return mk.Analyzer().fit(news["text"])


def hits(df, query, analyzer) -> list[str]:
    return df.loc[matches(df, query, analyzer=analyzer), "id"].tolist()


# ---------------------------------------------------------------------------------------------
# Parsing


def test_repr_shows_how_the_query_is_read_with_implicit_and_and_precedence():
    assert repr(Query("ترامب كيم")) == "<Query: ترامب AND كيم>"
    assert str(Query("ترامب OR كيم NOT قمة")) == "ترامب OR (كيم AND NOT قمة)"
    assert str(Query("(ترامب OR كيم) «وزير الخارجية» مفاوض*")) == '(ترامب OR كيم) AND "وزير الخارجية" AND مفاوض*'
    assert str(Query("NOT NOT العراق")) == "العراق"
    assert str(Query("ترامب and كيم")) == "ترامب AND and AND كيم"  # lower case: an ordinary word
    assert Query("ترامب  AND كيم") == Query("ترامب كيم")
    assert [t.kind for t in Query('"حلف شمال الأطلسي" OR مفاوض* OR العراق').terms()] == ["phrase", "prefix", "word"]


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("(ترامب OR كيم", "unbalanced parenthesis: '(' is never closed", 1),
        ("ترامب OR كيم) قمة", "unbalanced parenthesis: ')' closes nothing", 13),
        ("ترامب OR", "OR needs a word, phrase or group after it", 7),
        ("AND العراق", "AND needs a word, phrase or group before it", 1),
        ("العراق AND OR سوريا", "AND needs a word, phrase or group after it", 8),
        ("العراق NOT", "NOT needs a word, phrase or group after it", 8),
        ("العراق ()", "empty parentheses", 8),
        ('وزير "الخارجية', "unclosed quote", 6),
        ('العراق ""', "empty quotes", 8),
        ("*", "a wildcard stands at the end of a word", 1),
        ("مفا*وض", "a wildcard stands at the end of a word", 4),
        ('"مفاوض* نووي"', "not inside quotes", 1),
        ("   ", "the query is empty", 1),
    ],
)
def test_malformed_queries_name_the_character(query, message, position):
    with pytest.raises(QueryError, match=re.escape(message)) as caught:
        Query(query)
    assert caught.value.position == position - 1
    assert f"at character {position} of {query!r}" in str(caught.value)


def test_a_malformed_query_fails_before_any_counting(news):
    with pytest.raises(QueryError, match="character 1"):
        attention(news, "(العراق", freq="W")
    with pytest.raises(QueryError, match=r"'\^' has no words the analyzer counts at character 8"):
        matches(news, "العراق ^")
    with pytest.raises(QueryError, match="a wildcard needs one word of at least 2 letters"):
        matches(news, "ع*")


# ---------------------------------------------------------------------------------------------
# Matching


def test_words_match_through_clitics_diacritics_and_tatweel(news, analyzer):
    # بالعراق، العِراق، العـراق all read as العراق; العراقي is another word
    assert hits(news, "العراق", analyzer) == ["q1", "q3", "q6"]
    assert hits(news, "بالعراق", analyzer) == hits(news, "العِراق", analyzer) == ["q1", "q3", "q6"]
    # hamza spellings and Persian letter forms fold together: انقرة finds أنقرة, کیم (keheh,
    # Farsi yeh) finds كيم
    assert hits(news, "انقرة", analyzer) == ["q1"]
    assert hits(news, "الاوروبيين OR کیم", analyzer) == ["q2", "q6"]


def test_phrase_matches_words_in_a_row_only(news, analyzer):
    assert hits(news, '"وزير الخارجية"', analyzer) == ["q0", "q5"]
    assert hits(news, "«وزير الخارجية»", analyzer) == ["q0", "q5"]
    # side by side without quotes: both words anywhere (q7 has وزير الدفاع ... الخارجية)
    assert hits(news, "وزير الخارجية", analyzer) == ["q0", "q5", "q7"]


def test_and_or_not_and_parentheses(news, analyzer):
    assert hits(news, "ترامب OR النفط", analyzer) == ["q2", "q4", "q7"]
    assert hits(news, "المياه AND تركيا", analyzer) == ["q0", "q1"]
    assert hits(news, "العراق NOT تركيا", analyzer) == ["q3", "q6"]
    assert hits(news, "NOT العراق", analyzer) == ["q0", "q2", "q4", "q5", "q7"]
    assert hits(news, "(العراق OR ترامب) AND NOT سنغافورة", analyzer) == ["q1", "q3", "q6", "q7"]
    assert hits(news, "العراق OR ترامب NOT سنغافورة", analyzer) == ["q1", "q3", "q6", "q7"]
    assert hits(news, "(العراق OR ترامب) سنغافورة", analyzer) == ["q2"]


def test_prefix_wildcard_matches_every_term_starting_so(news, analyzer):
    # المفاوضات، المفاوض، المفاوضون
    assert hits(news, "مفاوض*", analyzer) == ["q0", "q1", "q6"]
    assert hits(news, "المفاوض*", analyzer) == ["q0", "q1", "q6"]
    assert hits(news, "مفاوض* NOT تركيا", analyzer) == ["q6"]


def test_stopwords_and_unknown_words(news, analyzer):
    # a stopword is not counted, so it is looked for in the texts themselves
    assert hits(news, "سنغافورة OR في", analyzer) == ["q0", "q2", "q3", "q5"]
    assert hits(news, "كلمةلاتوجد", analyzer) == []


def test_counts_give_the_same_matches(news):
    counts = mk.count_terms(news["text"], ids=news["id"], analyzer=mk.Analyzer())
    for query in ["العراق", '"وزير الخارجية"', "مفاوض* NOT تركيا", "(ترامب OR النفط) OR العراق"]:
        by_text = matches(news, query, analyzer=counts.analyzer)
        by_counts = matches(news, query, counts=counts)
        assert by_text.equals(by_counts), query
    # a part of the counted corpus, on its own index
    part = news.iloc[3:]
    assert matches(part, "العراق", counts=counts).index.equals(part.index)
    assert part.loc[matches(part, "العراق", counts=counts), "id"].tolist() == ["q3", "q6"]


def test_missing_text_matches_nothing(analyzer):
    df = pd.DataFrame({"id": ["m1", "m2"], "text": [None, "زار الوفد العراق"]})
    assert matches(df, "العراق", analyzer=analyzer).tolist() == [False, True]
    with pytest.raises(ValueError, match="no 'text' column"):
        matches(df.drop(columns="text"), "العراق")


# ---------------------------------------------------------------------------------------------
# Attention over time


def test_attention_share_per_week_with_a_gap_for_the_empty_week(news, analyzer):
    a = attention(news, "العراق", freq="W", analyzer=analyzer)
    assert a.columns.tolist() == ["period", "query", "articles", "total", "share"]
    assert a["period"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert a["articles"].tolist() == [1, 0, 2]
    assert a["total"].tolist() == [3, 0, 5]
    assert a["share"].iloc[0] == pytest.approx(1 / 3)
    assert np.isnan(a["share"].iloc[1])  # no articles: a gap, not a zero
    assert a["share"].iloc[2] == pytest.approx(2 / 5)


def test_attention_by_outlet_and_several_queries(news, analyzer):
    a = attention(news, {"iraq": "العراق", "talks": "مفاوض*"}, freq="W", by="source", analyzer=analyzer)
    assert a.columns.tolist() == ["period", "source", "query", "articles", "total", "share"]
    assert len(a) == 3 * 2 * 2  # every week, every outlet, every query
    first = a[a["period"] == a["period"].min()].set_index(["source", "query"])
    assert first.loc[("nabd", "iraq"), ["articles", "total"]].tolist() == [1, 1]
    assert first.loc[("al-rasid", "talks"), ["articles", "total"]].tolist() == [1, 2]
    gap = a[a["period"] == pd.Timestamp("2025-03-10", tz="UTC")]
    assert (gap["total"] == 0).all() and gap["share"].isna().all()
    named = attention(news, ["العراق", Query("ترامب")], freq="MS", analyzer=analyzer)
    assert named["query"].tolist() == ["العراق", "ترامب"]
    assert named["articles"].tolist() == [3, 2]


def test_attention_one_outlet_and_no_dates(news, analyzer):
    one = news[news["source"] == "nabd"]
    a = attention(one, "العراق OR النفط", freq="D", by="source", analyzer=analyzer)
    assert set(a["source"]) == {"nabd"}
    assert len(a) == 18  # every day from 4 to 21 March
    assert a["share"].notna().sum() == 4 and a["articles"].sum() == 2
    undated = news.assign(published=pd.NaT)
    empty = attention(undated, "العراق", freq="W", analyzer=analyzer)
    assert empty.empty and empty.columns.tolist() == ["period", "query", "articles", "total", "share"]
    some = news.assign(published=news["published"].where(news["id"] != "q3"))  # q3 has no date: left out
    assert attention(some, "العراق", freq="MS", analyzer=analyzer)["articles"].tolist() == [2]
    with pytest.raises(ValueError, match="no 'published' column"):
        attention(news.drop(columns="published"), "العراق", freq="W")


# ---------------------------------------------------------------------------------------------
# kwic and keyness


def test_kwic_highlights_what_a_query_matched(news, analyzer):
    k = mk.kwic(news, "(العراق OR مفاوض*) NOT سوريا", window=2, analyzer=analyzer)
    assert k["match"].tolist() == ["المفاوضات", "بالعراق", "المفاوض", "المفاوضون", "العـراق"]
    assert k["id"].tolist() == ["q0", "q1", "q1", "q6", "q6"]  # q3 (سوريا) is left out
    phrase = mk.kwic(news, '"وزير الخارجية" OR ترامب', window=1, analyzer=analyzer)
    assert phrase["match"].tolist() == ["وزير الخارجية", "ترامب", "وزير الخارجية", "ترامب"]
    assert mk.kwic(news, Query("NOT العراق"), analyzer=analyzer).empty  # nothing positive to show
    # words alone stay one phrase in kwic, as before
    assert mk.kwic(news, "وزير الخارجية", analyzer=analyzer)["id"].tolist() == ["q0", "q5"]
    with pytest.raises(QueryError, match="unbalanced parenthesis"):
        mk.kwic(news, "(العراق OR ترامب")


def test_query_as_keyness_target_and_string_targets_still_eval(news, analyzer):
    query = Query("مفاوض* OR المياه")
    k = mk.keyness(news, target=query, analyzer=analyzer, min_count=2)
    mask = matches(news, query, analyzer=analyzer)
    same = mk.keyness(news, target=mask, analyzer=analyzer, min_count=2)
    pd.testing.assert_frame_equal(k, same)
    assert k["term"].iloc[0] in {"مياه", "تركيا"}
    by_eval = mk.keyness(news, target="source == 'nabd'", analyzer=analyzer, min_count=2)
    assert set(by_eval["term"]) >= {"عراق"}
    counts = mk.count_terms(news["text"], ids=news["id"], analyzer=analyzer)
    pd.testing.assert_frame_equal(mk.keyness(news, target=query, counts=counts, min_count=2), same)
    with pytest.raises(ValueError, match=r"give a mask, e.g. mk.matches\(df, query\)"):
        selection_mask(news, query, "target")  # where a Query cannot be matched (a Dask frame)


# ---------------------------------------------------------------------------------------------
# FTS5


@pytest.fixture()
def fts(news):
    """An in-memory FTS5 table indexed the way ArticleStore indexes: search normalisation, each
    word also without its proclitic chain."""
    from mediakit.query import store_form

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize='unicode61 remove_diacritics 0')")
    extra = ["قال title: إن NEAR الاتفاق ^ نجمة * وقوس (", 'كتب "عنوان" بين علامتي تنصيص']
    for i, text in enumerate([*news["text"], *extra]):
        words = []
        for raw in mk.arabic.tokenize(text):
            form = store_form(raw)
            words.extend(dict.fromkeys([*form, *(w for w in mk.arabic.normalize(raw).split())]))
        conn.execute("INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)", (i, "", " ".join(words)))
    yield conn
    conn.close()


def search(conn, query) -> list[int]:
    return [r for (r,) in conn.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", (to_fts5(query),))]


def test_to_fts5_keeps_the_query_meaning(fts):
    assert search(fts, "العراق") == [1, 3, 6]
    assert search(fts, '"وزير الخارجية"') == [0, 5]
    assert search(fts, "مفاوض*") == [0, 1, 6]
    assert search(fts, "ترامب OR النفط") == [2, 4, 7]
    assert search(fts, "المياه تركيا") == [0, 1]
    assert search(fts, "العراق NOT تركيا") == [3, 6]
    assert search(fts, "(العراق OR ترامب) NOT سنغافورة") == [1, 3, 6, 7]
    assert to_fts5("(العراق OR ترامب) NOT سنغافورة") == '("عراق" OR "ترامب") NOT "سنغافورة"'


@pytest.mark.parametrize(
    "hostile",
    [
        "NEAR(ترامب كيم)",
        "NEAR",
        "title:ترامب",
        "text : العراق",
        "^العراق",
        "ترامب^",
        '"a""b"',
        "'",
        "العراق -تركيا",
        "العراق + النفط",
        "{title text}: ترامب",
        "col:*",
        "title:*",
        "a* OR b",
        "ترامب: كيم",
        "AND_OR NOT_",
    ],
)
def test_hostile_queries_match_literally_or_raise_query_error(fts, hostile):
    try:
        expression = to_fts5(hostile)
    except QueryError:
        return
    # whatever the user typed reaches FTS5 only inside double quotes
    assert fts.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()[0] >= 0
    outside = expression
    for quoted in re.findall(r'"(?:[^"]|"")*"', expression):
        outside = outside.replace(quoted, "")
    assert set(outside.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set(" ()*")


@pytest.mark.parametrize("hostile", ["*", "^", "(", ")", '"', "()", "NOT العراق", "NEAR(", ":*", "ترامب OR NOT كيم"])
def test_hostile_queries_never_reach_sqlite_as_syntax_errors(fts, hostile):
    with pytest.raises(QueryError):
        search(fts, hostile)


def test_literal_matches_of_operator_like_words(fts):
    assert search(fts, "NEAR") == [8]  # the word near, not the FTS5 operator
    assert search(fts, "title:") == [8]  # a word title, not a column filter
    assert search(fts, '"قال title"') == [8]
    assert to_fts5('كتب "عنوان"') == '"كتب" AND "عنوان"'
    assert search(fts, 'كتب "عنوان"') == [9]
