"""mediakit.stories: same-event stories across outlets, coverage per outlet, and their plots."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from mediakit.counts import count_terms
from mediakit.stories import Stories, coverage, plot_coverage, plot_stories, stories

PAIRS = Path(__file__).parent / "data" / "story_pairs.tsv"

# one event (a car bomb in Benghazi) told by two outlets in different words, a day apart
BOMB_A = (
    "مقتل سبعة أشخاص في انفجار سيارة مفخخة وسط بنغازي",
    "أسفر انفجار سيارة مفخخة ليل الخميس وسط مدينة بنغازي شرقي ليبيا عن مقتل سبعة أشخاص على الأقل "
    "وإصابة نحو عشرين آخرين بجروح، ووقع الانفجار في شارع تجاري مزدحم بحسب مصدر أمني.",
)
BOMB_B = (
    "ليبيا: سبعة قتلى بتفجير سيارة ملغومة في بنغازي",
    "قالت الشرطة الليبية إن سبعة قتلى على الأقل سقطوا في تفجير سيارة ملغومة في قلب بنغازي مساء الخميس، "
    "فيما نقلت سيارات الإسعاف عشرين جريحا إلى مستشفيات المدينة.",
)
# the same topic (a car bomb in Benghazi), another event a week later
BOMB_LATER = (
    "انفجار سيارة مفخخة قرب مسجد في بنغازي",
    "انفجرت سيارة مفخخة الجمعة قرب مسجد في حي السلماني ببنغازي شرقي ليبيا ما أدى إلى مقتل شخصين "
    "وإصابة خمسة، بحسب مصادر طبية في المدينة.",
)
# an unrelated event the same day
MATCH = (
    "الأهلي يفوز على الزمالك في قمة الدوري المصري",
    "حقق الأهلي فوزا ثمينا على غريمه الزمالك بهدفين مقابل هدف في قمة الدوري المصري لكرة القدم "
    "التي أقيمت مساء الخميس على استاد القاهرة الدولي.",
)


def frame(rows) -> pd.DataFrame:
    """Articles from (id, source, published, (title, text)) tuples."""
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "source": [r[1] for r in rows],
            "url": [f"https://example.com/{r[0]}" for r in rows],
            "published": pd.to_datetime([r[2] for r in rows], utc=True),
            "title": [r[3][0] for r in rows],
            "text": [r[3][1] for r in rows],
        }
    )


@pytest.fixture(scope="module")
def benghazi() -> pd.DataFrame:
    return frame(
        [
            ("a1", "alpha", "2018-05-24 22:10", BOMB_A),
            ("b1", "beta", "2018-05-25 08:40", BOMB_B),
            ("a2", "alpha", "2018-05-24 21:00", MATCH),
            ("b2", "beta", "2018-06-01 12:00", BOMB_LATER),
        ]
    )


def story_of(result: Stories) -> dict:
    return dict(zip(result.articles["id"], result.articles["story"], strict=True))


def test_same_event_in_two_outlets_in_other_words_is_one_story(benghazi):
    result = stories(benghazi)
    story = story_of(result)
    assert story["a1"] == story["b1"]
    row = result.table.set_index("story").loc[story["a1"]]
    assert row["articles"] == 2
    assert row["sources"] == ["alpha", "beta"]
    assert row["first_source"] == "alpha"
    assert row["first_published"] == pd.Timestamp("2018-05-24 22:10", tz="UTC")
    assert row["title"] in (BOMB_A[0], BOMB_B[0])
    assert "بنغازي" in row["top_terms"]
    assert "بنغازي" in row["top_entities"]


def test_same_topic_another_event_a_week_later_is_another_story(benghazi):
    story = story_of(stories(benghazi))
    assert story["b2"] != story["a1"]
    assert story["a2"] not in (story["a1"], story["b2"])
    # four articles: the shared story and two stories of one
    assert len(set(story.values())) == 3


def test_result_keeps_the_frame_and_numbers_stories_by_size(benghazi):
    shuffled = benghazi.iloc[[2, 0, 3, 1]].set_index(pd.Index([10, 11, 12, 13]))
    articles, table, undated = stories(shuffled)
    assert list(articles.index) == [10, 11, 12, 13]
    assert list(articles["id"]) == ["a2", "a1", "b2", "b1"]
    assert "story" not in shuffled.columns  # the caller's frame is not changed
    assert undated == 0
    assert table["story"].tolist() == [0, 1, 2]
    assert table["articles"].tolist() == [2, 1, 1]
    # stories of one: ordered by first report
    assert table.loc[1:, "first_published"].is_monotonic_increasing


def test_one_outlet_only(benghazi):
    alpha = benghazi.assign(source="alpha")
    result = stories(alpha)
    story = story_of(result)
    assert story["a1"] == story["b1"]
    table = coverage(result)
    assert table["source"].tolist() == ["alpha"]
    row = table.iloc[0]
    assert (row["stories"], row["shared"], row["first"], row["missed"]) == (3, 0, 0, 0)
    assert pd.isna(row["median_lag"])
    assert row["missed_titles"] == []
    # no outlet followed another: the lag is still a duration, and the plot draws it as empty
    assert pd.api.types.is_timedelta64_dtype(table["median_lag"])
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = plot_coverage(table)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["alpha"]
    plt.close(ax.figure)


def test_articles_without_a_date_are_each_a_story_and_counted(benghazi):
    undated = benghazi.copy()
    undated.loc[[0, 1], "published"] = pd.NaT
    articles, table, count = stories(undated)
    assert count == 2
    story = dict(zip(articles["id"], articles["story"], strict=True))
    assert story["a1"] != story["b1"]  # the same event, but no date to place it in a window
    last = table.tail(2)
    assert last["first_published"].isna().all()
    assert set(last["story"]) == {story["a1"], story["b1"]}
    assert set(last["title"]) == {BOMB_A[0], BOMB_B[0]}
    # without a published column at all, every article is undated
    assert stories(benghazi.drop(columns="published")).undated == 4


def test_one_article():
    articles, table, undated = stories(frame([("x", "alpha", "2018-05-24 22:10", BOMB_A)]))
    assert articles["story"].tolist() == [0]
    assert table.iloc[0]["articles"] == 1
    assert table.iloc[0]["title"] == BOMB_A[0]
    assert undated == 0


def test_missing_or_empty_titles_leave_the_text_evidence(benghazi):
    # without titles the evidence is weaker: a lightly rewritten copy still joins, another event does not
    rewritten = BOMB_A[1].replace("أسفر انفجار", "أدى انفجار").replace("بحسب مصدر أمني", "وفق مصدر أمني")
    untitled = benghazi.assign(title=["", None, "", ""])
    untitled.loc[1, "text"] = rewritten
    result = stories(untitled)
    story = story_of(result)
    assert story["a1"] == story["b1"]
    assert story["b2"] != story["a1"]
    assert result.table.set_index("story").loc[story["a1"], "title"] == ""
    assert story_of(stories(untitled.drop(columns="title")))["a1"] == story["b1"]


def test_counts_and_mentions_given_are_reused(benghazi):
    counts = count_terms(benghazi["text"], ids=benghazi["id"])
    mentions = pd.DataFrame({"id": ["a1", "b1"], "entity": ["بنغازي", "بنغازي"]})
    result = stories(benghazi, counts=counts, mentions=mentions)
    story = story_of(result)
    assert story["a1"] == story["b1"] and story["b2"] != story["a1"]
    assert result.table.set_index("story").loc[story["a1"], "top_entities"] == ["بنغازي"]
    with pytest.raises(KeyError, match="'b2'"):
        stories(benghazi, counts=count_terms(benghazi["text"][:3], ids=benghazi["id"][:3]))
    with pytest.raises(ValueError, match="'entity'"):
        stories(benghazi, mentions=pd.DataFrame({"id": ["a1"]}))


def test_bad_input_is_named(benghazi):
    with pytest.raises(ValueError, match="'text'"):
        stories(benghazi.drop(columns="text"))
    with pytest.raises(ValueError, match="'a1' occurs more than once"):
        stories(pd.concat([benghazi, benghazi.head(1)]))
    with pytest.raises(ValueError, match="window"):
        stories(benghazi, window="-1D")
    with pytest.raises(ValueError, match="threshold"):
        stories(benghazi, threshold=0)


def test_coverage_first_reports_lag_and_misses():
    rows = [
        ("a1", "alpha", "2018-05-24 22:10", BOMB_A),
        ("b1", "beta", "2018-05-25 08:40", BOMB_B),
        ("g1", "gamma", "2018-05-25 01:10", BOMB_B),
        ("a2", "alpha", "2018-05-25 21:00", MATCH),
        ("g2", "gamma", "2018-05-27 09:00", MATCH),
        ("b2", "beta", "2018-06-01 12:00", BOMB_LATER),
    ]
    result = stories(frame(rows))
    table = coverage(result).set_index("source")
    assert table.loc["alpha", "first"] == 2  # it broke both shared stories
    assert pd.isna(table.loc["alpha", "median_lag"])
    assert table.loc["gamma", "first"] == 0
    # gamma: 3 h after the bombing, 36 h after the match -> median 19.5 h
    assert table.loc["gamma", "median_lag"] == pd.Timedelta(hours=19, minutes=30)
    assert table.loc["beta", "median_lag"] == pd.Timedelta(hours=10, minutes=30)
    # the match was covered by two other outlets, not by beta: missed with k=2, not with k=3
    assert table.loc["beta", "missed"] == 1
    assert table.loc["beta", "missed_titles"] == [MATCH[0]]
    assert coverage(result, k=3).set_index("source").loc["beta", "missed"] == 0
    # the articles frame alone gives the same table
    pd.testing.assert_frame_equal(coverage(result.articles).set_index("source"), table)


def test_coverage_does_not_charge_an_outlet_for_stories_after_it_stopped():
    rows = [
        ("a1", "alpha", "2018-05-24 22:10", BOMB_A),
        ("b1", "beta", "2018-05-25 08:40", BOMB_B),
        ("a2", "alpha", "2018-06-01 12:00", BOMB_LATER),
        ("b2", "beta", "2018-06-01 14:00", BOMB_LATER),
        ("g1", "gamma", "2018-05-24 23:00", BOMB_B),
    ]
    table = coverage(stories(frame(rows))).set_index("source")
    assert table.loc["gamma", "missed"] == 0  # gamma published only on 24 May


def test_coverage_rejects_a_frame_without_stories(benghazi):
    with pytest.raises(ValueError, match="'story'"):
        coverage(benghazi)


def test_plots_draw_titles_outlets_and_lags(benghazi, tmp_path):
    result = stories(benghazi)
    fig, ax = plt.subplots()
    assert plot_stories(result, top=2, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # only the story both outlets told is a row: who came first means nothing for one outlet
    assert len(labels) == 1 and ("بنغازي" in labels[0] or "ﺑﻨﻐﺎﺯﻱ" in labels[0])
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {"alpha", "beta"}
    plt.close(fig)
    fig, ax = plt.subplots()
    assert plot_coverage(coverage(result), ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["beta", "alpha"]
    fig.savefig(tmp_path / "coverage.png")
    plt.close(fig)


def test_labelled_pairs_precision_and_recall(ant_articles):
    """Pairs of ANT articles from different outlets within 3 days, labelled same/different event
    by reading them; the articles are grouped with their neighbours within six hours."""
    pairs = pd.read_csv(PAIRS, sep="\t")
    assert len(pairs) >= 200 and set(pairs["label"]) == {"same", "different"}
    labelled = pd.unique(pairs[["id_a", "id_b"]].to_numpy().ravel())
    df = ant_articles.drop_duplicates("id")
    published = df["published"].dt.tz_localize(None).to_numpy()
    times = np.sort(published[df["id"].isin(labelled).to_numpy()])
    near = np.searchsorted(times, published - np.timedelta64(6, "h"), side="left") < np.searchsorted(
        times, published + np.timedelta64(6, "h"), side="right"
    )
    result = stories(df[near | df["id"].isin(labelled)])
    story = story_of(result)
    same = np.asarray([story[a] == story[b] for a, b in zip(pairs["id_a"], pairs["id_b"], strict=True)])
    gold = (pairs["label"] == "same").to_numpy()
    precision = (same & gold).sum() / same.sum()
    recall = (same & gold).sum() / gold.sum()
    assert precision >= 0.9, f"precision {precision:.3f}"
    assert recall >= 0.8, f"recall {recall:.3f}"
