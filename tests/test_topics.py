"""Topics over time: NMF topics on the counting core's TF-IDF, their timeline and plot."""

from __future__ import annotations

import gzip
import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import mediakit as mk
from mediakit.arabic import stopwords
from mediakit.topics import Topics, plot_topics, topic_timeline, topics
from tests.conftest import ANT, ARTIFACTS

OIL = [
    "ارتفعت أسعار النفط في الأسواق بعد قرار منظمة أوبك خفض الإنتاج وصعد خام برنت إلى {n} دولارا للبرميل",
    "تراجعت أسعار النفط مع زيادة المخزونات الأمريكية وهبط خام برنت {n} سنتا في تعاملات الأسواق",
    "قالت منظمة أوبك إن الطلب على النفط سيرتفع وإن الإنتاج يكفي الأسواق رغم تراجع المخزونات",
]
FOOTBALL = [
    "فاز المنتخب على منافسه بهدفين في المباراة النهائية للبطولة وسجل المهاجم هدفا في الدقيقة {n}",
    "تعادل الفريق في مباراة الدوري وأهدر المهاجم ركلة جزاء في الدقيقة {n} أمام جماهير الملعب",
    "أعلن المدرب تشكيلة المنتخب للبطولة واستدعى المهاجم الشاب وحارس المرمى قبل المباراة",
]
# the outlet's sign-off closes every article: common words, trimmed by max_df
SIGN_OFF = "يمكنكم استلام إشعارات بأهم الأخبار عبر تطبيقنا."


def themed(n: int = 60) -> pd.DataFrame:
    texts, sources = [], []
    for i, (oil, ball) in zip(range(n // 2), itertools.cycle(zip(OIL, FOOTBALL, strict=True))):
        texts += [f"{oil.format(n=i + 10)}. {SIGN_OFF}", f"{ball.format(n=i + 10)}. {SIGN_OFF}"]
        sources += ["al-rasid", "nabd"]
    # weeks from 6 January; the third week (20 January) has no article
    start = pd.Timestamp("2025-01-06 09:30", tz="UTC")
    days = [start + pd.Timedelta(days=7 * (0, 1, 3)[i % 3] + i % 5) for i in range(n)]
    return pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(n)],
            "source": sources,
            "url": [f"https://example.org/{i}" for i in range(n)],
            "published": days,
            "title": "",
            "text": texts,
        }
    )


@pytest.fixture(scope="module")
def news() -> pd.DataFrame:
    return themed()


@pytest.fixture(scope="module")
def found(news) -> Topics:
    return topics(news, n=2, min_df=2)


def test_topics_separate_the_themes_and_hold_no_function_or_boilerplate_words(news, found):
    assert found.topics.columns.tolist() == ["topic", "label", "top_terms", "weight", "articles"]
    assert found.articles.columns.tolist() == ["id", "topic", "share"]
    words = set(found.terms["term"])
    assert not words & stopwords(sets=("core", "news"))
    sign_off = set(found.analyzer(SIGN_OFF))
    assert sign_off and not words & sign_off  # in every article: trimmed by max_df
    oil = found.articles["topic"].iloc[0::2]
    ball = found.articles["topic"].iloc[1::2]
    assert oil.nunique() == 1 and ball.nunique() == 1 and oil.iat[0] != ball.iat[0]
    by_topic = dict(zip(found.topics["topic"], found.topics["top_terms"], strict=True))
    assert {"النفط", "أوبك"} <= set(by_topic[oil.iat[0]])
    assert {"المنتخب", "المباراة"} <= set(by_topic[ball.iat[0]])
    assert found.topics["articles"].sum() == len(news)
    assert found.topics["weight"].sum() == pytest.approx(1.0)
    assert found.topics["weight"].is_monotonic_decreasing


def test_labels_are_top_terms_as_written(found):
    for row in found.topics.itertuples(index=False):
        terms = found.terms[found.terms["topic"] == row.topic]
        assert row.top_terms == [found.analyzer.label(t) for t in terms["term"]]
        assert row.label == "، ".join(row.top_terms[:3])
        assert terms["weight"].is_monotonic_decreasing
    written = dict(zip(found.terms["term"], found.terms["label"], strict=True))
    # terms are normalised and without clitics; labels as the news writes them
    assert written["نفط"] == "النفط" and written["اوبك"] == "أوبك" and written["انتاج"] == "الإنتاج"


def test_shares_sum_to_one_per_article_and_align_with_the_frame(news, found):
    assert found.shares.index.equals(news.index) and found.articles.index.equals(news.index)
    assert np.allclose(found.shares.sum(axis=1), 1.0)
    main = found.shares.to_numpy().argmax(axis=1)
    assert (found.articles["topic"].to_numpy() == main).all()
    assert found.articles["id"].tolist() == news["id"].tolist()


def test_same_seed_same_topics_and_counts_give_the_same_topics(news, found):
    again = topics(news, n=2, min_df=2)
    pd.testing.assert_frame_equal(again.topics, found.topics)
    pd.testing.assert_frame_equal(again.shares, found.shares)
    counts = mk.count_terms(news["text"], ids=news["id"])
    from_counts = topics(news, n=2, min_df=2, counts=counts)
    pd.testing.assert_frame_equal(from_counts.topics, found.topics)
    pd.testing.assert_frame_equal(from_counts.shares, found.shares)


def test_an_article_without_terms_has_no_topic(news):
    df = pd.concat([news, news.head(1).assign(id="empty", text="في من إلى")], ignore_index=True)
    got = topics(df, n=2, min_df=2)
    last = got.articles.iloc[-1]
    assert last["topic"] == -1 and np.isnan(last["share"]) and got.shares.iloc[-1].isna().all()
    assert got.topics["articles"].sum() == len(news)


def test_too_few_articles_or_terms_is_a_clear_error(news):
    with pytest.raises(ValueError, match="3 articles cannot hold 5 topics"):
        topics(news.head(3), n=5)
    with pytest.raises(ValueError, match=r"terms are left after trimming \(min_df=50"):
        topics(news, n=2, min_df=50)


def test_timeline_shares_per_period_with_a_gap(news, found):
    tl = topic_timeline(news, found, freq="W")
    assert tl.columns.tolist() == ["period", "topic", "label", "share", "articles", "total"]
    weeks = tl["period"].drop_duplicates().dt.strftime("%Y-%m-%d").tolist()
    assert weeks == ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"]
    gap = tl[tl["total"] == 0]
    assert gap["period"].nunique() == 1 and gap["share"].isna().all()
    assert f"{gap['period'].iat[0]:%Y-%m-%d}" == "2025-01-20"
    full = tl[tl["total"] > 0]
    assert np.allclose(full.groupby("period")["share"].sum(), 1.0)
    assert (full.groupby("period")["articles"].sum() == full.groupby("period")["total"].first()).all()
    assert set(tl["label"]) == set(found.topics["label"])


def test_timeline_by_outlet_one_outlet_and_no_dates(news, found):
    tl = topic_timeline(news, found, freq="W", by="source")
    assert tl.columns.tolist() == ["period", "source", "topic", "label", "share", "articles", "total"]
    assert len(tl) == 4 * 2 * 2
    oil_outlet = tl[(tl["source"] == "al-rasid") & (tl["total"] > 0)]
    oil_topic = found.articles["topic"].iat[0]
    assert (oil_outlet[oil_outlet["topic"] == oil_topic]["share"] > 0.9).all()
    one = topic_timeline(news[news["source"] == "nabd"], found, freq="MS", by="source")
    assert set(one["source"]) == {"nabd"} and len(one) == 2
    undated = topic_timeline(news.assign(published=pd.NaT), found, freq="W")
    assert undated.empty and undated.columns.tolist() == ["period", "topic", "label", "share", "articles", "total"]
    other = news.set_axis(range(100, 100 + len(news)))
    with pytest.raises(ValueError, match="60 articles of df were not in the frame the topics were found in"):
        topic_timeline(other, found)


def test_plot_topics_heatmap_and_lines(news, found, tmp_path):
    tl = topic_timeline(news, found, freq="W")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.5), layout="constrained")
    ax = plot_topics(tl, ax=left)
    assert ax is left
    names = [t.get_text() for t in ax.get_yticklabels()]
    wanted = [mk.display_text(f"{label} ({k})") for k, label in found.labels().items()]
    assert sorted(names) == sorted(wanted)
    shown = ax.images[0].get_array()
    assert shown.mask[:, 2].all() and not shown.mask[:, [0, 1, 3]].any()  # the empty week is blank
    plot_topics(tl, kind="lines", ax=right)
    assert len(right.get_lines()) == 2
    assert np.isnan(right.get_lines()[0].get_ydata()[2])  # a break, not a zero
    path = tmp_path / "topics.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    ARTIFACTS.append(path)
    assert path.stat().st_size > 5_000
    with pytest.raises(ValueError, match="several groups"):
        plot_topics(topic_timeline(news, found, freq="W", by="source"))
    with pytest.raises(ValueError, match="kind must be"):
        plot_topics(tl, kind="pie")


@pytest.mark.skipif(not ANT.is_file(), reason="shared corpus not present")
def test_topics_of_real_news_are_content_words(tmp_path):
    part = tmp_path / "ant-part.jsonl"
    with gzip.open(ANT, "rt", encoding="utf-8") as src, open(part, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, 0, 31_525, 10))  # every tenth article, all outlets
    df = mk.read_articles(part)
    found = topics(df, n=8)
    stop = stopwords(sets=("core", "news"))
    for row in found.topics.itertuples(index=False):
        terms = found.terms[found.terms["topic"] == row.topic]["term"]
        assert not set(terms) & stop, row.label
        assert not any(t.isdigit() or len(t) < 2 for t in terms), row.label
    # the outlets' sign-offs (BBC's app promo, Al Arabiya's disclaimer) are no topic
    for words in (["إشعارات", "استلام"], ["المنشورة", "كتابها"]):
        assert not any(set(words) <= set(top) for top in found.topics["top_terms"])
