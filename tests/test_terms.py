"""mediakit.terms: counts against hand counts, n-gram rules, keyness against hand-computed values, KWIC."""

from __future__ import annotations

import math
from collections import Counter

import matplotlib
import numpy as np
import pandas as pd
import pytest

import mediakit as mk

matplotlib.use("Agg")


def corpus():
    rows = [
        ("a1", "nabd", "2025-03-03T08:00:00Z", "زار الوزير العراق، ثم عاد الوزير إلى القاهرة."),
        ("a2", "nabd", "2025-03-20T08:00:00Z", "وصل الوفد إلى بغداد. وأكد الوفد دعم العراق وللعراق."),
        (
            "a3",
            "nabd",
            "2025-05-02T08:00:00Z",
            "اجتمع حلف شمال الأطلسي في بروكسل، وقال حلف شمال الأطلسي إن الاجتماع مهم.",
        ),
        ("a4", "al-sharfa", "2025-03-05T08:00:00Z", "بحث وزراء حلف شمال الأطلسي أمن المتوسط في بروكسل."),
        ("a5", "al-sharfa", "2025-05-09T08:00:00Z", "استولى مسلحون على ناقلة نفط في البحر الأحمر بالقرب من العراق."),
        ("a6", "al-sharfa", "2025-05-10T08:00:00Z", None),
        ("a7", "al-sharfa", "2025-05-11T08:00:00Z", ""),
    ]
    df = pd.DataFrame(rows, columns=["id", "source", "published", "text"])
    df["published"] = pd.to_datetime(df["published"], utc=True)
    return df


def test_counts_match_a_simple_implementation():
    df = corpus()
    before = df.copy(deep=True)
    analyzer = mk.Analyzer().fit(df["text"].fillna(""))
    tf = mk.term_frequencies(df, by="source", freq="MS", analyzer=analyzer)
    pd.testing.assert_frame_equal(df, before)
    expected_counts, expected_docs, tokens = Counter(), Counter(), Counter()
    for row in df.itertuples():
        if not isinstance(row.text, str):
            continue
        month = row.published.strftime("%Y-%m")
        terms = analyzer(row.text)
        tokens[row.source, month] += len(terms)
        for term in terms:
            expected_counts[row.source, month, term] += 1
        for term in set(terms):
            expected_docs[row.source, month, term] += 1
    got = {(r.source, r.period.strftime("%Y-%m"), r.term): (r.count, r.documents, r.per_10k) for r in tf.itertuples()}
    assert set(got) == set(expected_counts)
    for key, (count, documents, per_10k) in got.items():
        assert count == expected_counts[key]
        assert documents == expected_docs[key]
        assert per_10k == pytest.approx(count * 10_000 / tokens[key[0], key[1]])


def test_hand_counted_values():
    tf = mk.term_frequencies(corpus(), by="source")
    nabd = tf[tf["source"] == "nabd"].set_index("term")
    # العراق، وللعراق، العراق: three occurrences in two articles; وفد twice in one
    assert nabd.loc["عراق", ["count", "documents"]].tolist() == [3, 2]
    assert nabd.loc["وفد", ["count", "documents"]].tolist() == [2, 1]
    assert nabd.loc["وزير", "count"] == 2
    assert "الي" not in nabd.index and "في" not in nabd.index  # stopwords
    assert tf.columns.tolist() == ["source", "term", "count", "documents", "per_10k"]
    assert tf.groupby("source")["count"].apply(lambda s: s.is_monotonic_decreasing).all()


def test_ngrams_respect_punctuation_and_stopwords():
    df = corpus()
    bigrams = set(mk.term_frequencies(df, ngram=2)["term"])
    trigrams = mk.term_frequencies(df, ngram=3).set_index("term")
    assert trigrams.loc["حلف شمال اطلسي", "count"] == 3
    assert not any(t.startswith("في ") or t.endswith(" في") for t in bigrams)
    assert "عراق ثم" not in bigrams and "عراق عاد" not in bigrams  # never across «،»
    assert "بغداد اكد" not in bigrams  # never across a full stop
    assert "ناقلة نفط" in bigrams
    with pytest.raises(ValueError, match="ngram must be 1, 2 or 3"):
        mk.term_frequencies(df, ngram=4)


def test_top_and_min_count():
    df = corpus()
    tf = mk.term_frequencies(df, by="source", top=2)
    assert tf.groupby("source").size().tolist() == [2, 2]
    assert (mk.term_frequencies(df, min_count=2)["count"] >= 2).all()


def test_bad_input():
    df = corpus()
    empty = mk.term_frequencies(df.iloc[:0], by="source", freq="MS")
    assert empty.empty and empty.columns.tolist() == ["source", "period", "term", "count", "documents", "per_10k"]
    with pytest.raises(ValueError, match="no 'text' column"):
        mk.term_frequencies(df.drop(columns="text"))
    with pytest.raises(ValueError, match="no 'outlet' column"):
        mk.term_frequencies(df, by="outlet")
    with pytest.raises(ValueError, match="not a calendar period"):
        mk.term_frequencies(df, freq="fortnight")
    with pytest.raises(ValueError, match="top must be at least 1"):
        mk.term_frequencies(df, top=0)
    blank = pd.DataFrame({"id": ["x"], "text": [float("nan")]})
    assert mk.term_frequencies(blank).empty


def test_document_frequency_trimming_and_tfidf():
    df = mk.load_sample()
    analyzer = mk.Analyzer().fit(df["text"])
    full = mk.term_frequencies(df, analyzer=analyzer)
    documents = dict(zip(full["term"], full["documents"], strict=True))
    trimmed = mk.term_frequencies(df, analyzer=analyzer, min_df=5, max_df=0.25)
    assert len(trimmed) and all(5 <= documents[t] <= 0.25 * len(df) for t in trimmed["term"])
    assert {t for t, n in documents.items() if 5 <= n <= 0.25 * len(df)} == set(trimmed["term"])
    same = trimmed.set_index("term")[["count", "per_10k"]]
    assert (same == full.set_index("term").loc[same.index, ["count", "per_10k"]]).all().all()  # rates unchanged
    weighted = mk.term_frequencies(df, by="source", analyzer=analyzer, tfidf=True, top=5)
    assert weighted.columns.tolist()[-1] == "tfidf"
    for _, part in weighted.groupby("source"):
        assert part["tfidf"].is_monotonic_decreasing
    row = weighted.iloc[0]
    assert row["tfidf"] == pytest.approx(row["count"] * np.log10(len(df) / documents[row["term"]]))
    with pytest.raises(ValueError, match="max_df must be a count of articles or a share"):
        mk.term_frequencies(df, max_df=1.5)


def test_term_timeline_is_zero_filled():
    df = corpus()
    tl = mk.term_timeline(df, ["العراق", "حلف شمال الأطلسي", "ناقلة"], freq="MS")
    assert tl.columns.tolist() == ["period", "term", "count", "documents", "per_10k"]
    months = tl["period"].dt.strftime("%Y-%m").unique().tolist()
    assert months == ["2025-03", "2025-04", "2025-05"]  # April has no article and still appears
    table = tl.set_index([tl["period"].dt.strftime("%Y-%m"), "term"])["count"]
    assert table["2025-03", "العراق"] == 3
    assert table["2025-05", "العراق"] == 1
    assert table["2025-04", "العراق"] == 0
    assert table["2025-05", "حلف شمال الأطلسي"] == 2 and table["2025-03", "حلف شمال الأطلسي"] == 1
    assert table["2025-03", "ناقلة"] == 0
    by_source = mk.term_timeline(df, "العراق", freq="MS", by="source")
    assert len(by_source) == 3 * 2


def test_keyness_against_hand_computed_values():
    target_words = ["ناقلة"] * 4 + ["سفينة", "ميناء", "بحر", "خليج", "مضيق", "شحن"]
    reference_words = [
        "ناقلة",
        "اقتصاد",
        "تضخم",
        "عملة",
        "بورصة",
        "سهم",
        "مصرف",
        "قرض",
        "موازنة",
        "ضريبة",
        "استثمار",
        "تجارة",
        "صادرات",
        "واردات",
        "ديون",
        "فائدة",
        "سندات",
        "نمو",
        "ركود",
        "بطالة",
    ]
    df = pd.DataFrame(
        {"id": ["t", "r"], "source": ["x", "y"], "text": [" ".join(target_words), " ".join(reference_words)]}
    )
    k = mk.keyness(df, target=df["source"] == "x", min_count=1).set_index("term")
    # a = 4 of c = 10, b = 1 of d = 20: E1 = 10*5/30, E2 = 20*5/30
    e1, e2 = 10 * 5 / 30, 20 * 5 / 30
    g2 = 2 * (4 * math.log(4 / e1) + 1 * math.log(1 / e2))
    assert g2 == pytest.approx(4.5958, abs=1e-4)  # worked by hand: 2 (4 ln 2.4 + ln 0.3)
    row = k.loc["ناقلة"]
    assert row["g2"] == pytest.approx(g2)
    assert row["log_ratio"] == pytest.approx(3.0)  # log2((4/10) / (1/20))
    assert row["p_value"] == pytest.approx(math.erfc(math.sqrt(g2 / 2)))
    assert row["target_per_10k"] == pytest.approx(4000.0)
    # a term only in the reference: negative g2, zero count taken as 0.5 in the log ratio
    bank = k.loc["مصرف"]
    assert bank["g2"] < 0 and bank["log_ratio"] == pytest.approx(math.log2((0.5 / 10) / (1 / 20)))
    assert k.index[0] == "ناقلة" and k["g2"].is_monotonic_decreasing


def test_keyness_selections():
    df = mk.load_sample()
    by_query = mk.keyness(df, target="source == 'nabd'")
    by_mask = mk.keyness(df, target=df["source"] == "nabd")
    pd.testing.assert_frame_equal(by_query, by_mask)
    with pytest.raises(ValueError, match=r"target query .* failed"):
        mk.keyness(df, target="outlet == 'nabd'")
    with pytest.raises(ValueError, match="the target selects no articles"):
        mk.keyness(df, target=df["source"] == "bbc")
    with pytest.raises(ValueError, match="must select from the 173 articles"):
        mk.keyness(df, target=np.ones(3, dtype=bool))


def test_collocations_find_names():
    c = mk.collocations(mk.load_sample(), min_count=5)
    terms = set(c["term"])
    assert {"صندوق نقد دولي", "حلف شمال اطلسي", "امم متحدة", "بحر احمر"} <= terms
    assert c["score"].is_monotonic_decreasing
    pmi = mk.collocations(mk.load_sample(), measure="pmi", min_count=5)
    assert (pmi["score"] > 0).all()
    with pytest.raises(ValueError, match="measure must be 'llr' or 'pmi'"):
        mk.collocations(mk.load_sample(), measure="dice")


def test_kwic_through_clitics_and_diacritics_shows_original_text():
    df = pd.DataFrame(
        {
            "id": ["k1", "k2"],
            "source": ["nabd", "al-sharfa"],
            "published": pd.to_datetime(["2025-05-01", "2025-05-02"], utc=True),
            "text": [
                "وصل الوفد بالعِراق أمس، ثم توجه وللعراق وفد آخر.",
                "قالت الحكومة إن العـــراق سيستضيف القمة، وإن حلف شمال الأطلسي يراقب.",
            ],
        }
    )
    k = mk.kwic(df, "العراق", window=2)
    assert k["match"].tolist() == ["بالعِراق", "وللعراق", "العـــراق"]
    assert k["left"].tolist() == ["وصل الوفد", "ثم توجه", "الحكومة إن"]
    assert k["right"].iat[0] == "أمس، ثم"
    phrase = mk.kwic(df, "حلف شمال الأطلسي", window=1)
    assert phrase["match"].tolist() == ["حلف شمال الأطلسي"] and phrase["right"].iat[0] == "يراقب."
    assert len(mk.kwic(df, "العراق", limit=1)) == 1
    with pytest.raises(ValueError, match="has no words"):
        mk.kwic(df, "،")


def test_kwic_html_is_escaped_and_right_to_left():
    df = pd.DataFrame(
        {
            "id": ["x"],
            "source": ["nabd"],
            "published": pd.to_datetime(["2025-05-01"], utc=True),
            "text": ['زار <script>alert("x")</script> الوفد العراق <b>أمس</b> ثم عاد'],
        }
    )
    page = mk.kwic(df, "العراق")._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert "<mark>العراق</mark>" in page and 'dir="rtl"' in page


def test_plot_terms_labels_go_through_display_detection():
    import matplotlib.pyplot as plt

    tf = mk.term_frequencies(mk.load_sample(), by="source")
    _fig, ax = plt.subplots()
    mk.plot_terms(tf, top=5, ax=ax)
    plain = [t.get_text() for t in ax.get_yticklabels()]
    mk.display.force("shape")
    try:
        _fig2, ax2 = plt.subplots()
        mk.plot_terms(tf, top=5, ax=ax2)
        shaped = [t.get_text() for t in ax2.get_yticklabels()]
    finally:
        mk.display.force(None)
    assert len(plain) == 5 and all(p != s for p, s in zip(plain, shaped, strict=True))
    assert ax.get_xlabel() == "occurrences"
    _fig3, ax3 = plt.subplots()
    mk.plot_terms(tf, top=4, by="source", ax=ax3)
    assert len(ax3.patches) == 16 and ax3.get_xlabel() == "per 10,000 words"
    plt.close("all")


def test_readable_labels_use_the_written_forms():
    df = mk.clean_articles(mk.load_sample())
    analyzer = mk.Analyzer().fit(df["text"])
    table = mk.readable(mk.collocations(df, analyzer=analyzer, min_count=5), analyzer)
    assert {"صندوق النقد الدولي", "حلف شمال الأطلسي", "الأمم المتحدة"} <= set(table["term"])
    assert analyzer.label("عراق") == "العراق"
    assert analyzer.label("كلمة_لم_ترد") == "كلمة_لم_ترد"
    assert mk.Analyzer().label("عراق") == "عراق"  # no vocabulary, no labels


def _royal_news(n: int = 12) -> pd.DataFrame:
    texts = []
    for i in range(n):
        texts.append(
            f"استقبل خادم الحرمين الشريفين الملك سلمان في المدينة المنورة وفدا من الهيئة العامة للسياحة رقم {i}. "
            "وزار الوفد المدينة المنورة، وقال رئيس الهيئة العامة للسياحة إن خادم الحرمين الشريفين رحب به."
        )
    texts += ["زار الأمير مدينة جدة والمدينة الصناعية، وتحدث عن الشريفين والحرمين في بيان."] * 3
    return pd.DataFrame({"id": [f"a{i}" for i in range(len(texts))], "text": texts})


def test_ngram_labels_are_the_sequence_as_written():
    df = _royal_news()
    analyzer = mk.Analyzer()
    table = mk.readable(mk.term_frequencies(df, ngram=2, analyzer=analyzer, top=30), analyzer)
    labels = set(table["term"])
    assert "المدينة المنورة" in labels and "مدينة المنورة" not in labels
    trigrams = mk.readable(mk.term_frequencies(df, ngram=3, analyzer=analyzer, top=30), analyzer)
    assert "الهيئة العامة للسياحة" in set(trigrams["term"])
    assert "خادم الحرمين الشريفين" in set(trigrams["term"])
    # the same through counts kept once, as a report does
    counts = mk.count_terms(df["text"], ids=df["id"], keep_units=True)
    again = mk.readable(mk.term_frequencies(df, ngram=2, counts=counts, top=30), counts.analyzer)
    assert "المدينة المنورة" in set(again["term"])


def test_collocations_fold_the_fragments_of_a_name():
    df = _royal_news()
    analyzer = mk.Analyzer()
    folded = mk.readable(mk.collocations(df, min_count=5, analyzer=analyzer), analyzer)
    names = folded["term"].tolist()
    assert "خادم الحرمين الشريفين" in names
    assert "خادم الحرمين" not in names and "الحرمين الشريفين" not in names
    unfolded = mk.collocations(df, min_count=5, fold=False)
    assert {"خادم حرمين", "حرمين شريفين"} <= set(unfolded["term"])
    # a folded trigram ranks where its best fragment ranked
    best = unfolded.set_index("term")["score"]
    row = folded.set_index("term").loc["خادم الحرمين الشريفين"]
    assert row["score"] >= max(best["خادم حرمين"], best["حرمين شريفين"]) - 1e-9
