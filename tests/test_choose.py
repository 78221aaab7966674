"""Parameters chosen from the corpus: each rule on corpora of other shapes than the demo."""

from __future__ import annotations

import pandas as pd
import pytest

import mediakit as mk
from mediakit import choose


def dates(start: str, end: str, n: int) -> pd.Series:
    return pd.Series(pd.date_range(start, end, periods=n, tz="UTC"))


@pytest.mark.parametrize(
    ("start", "end", "n", "expected"),
    [
        ("2025-05-01", "2025-05-07 23:00", 400, "D"),  # a week
        ("2025-03-01", "2025-04-10", 600, "D"),  # six weeks
        ("2018-02-01", "2018-10-20", 30_000, "W"),  # most of a year
        ("2015-01-01", "2025-01-01", 5_000, "MS"),  # ten years
        ("2025-05-01", "2025-05-07", 12, "D"),  # a week of 12 articles: weeks would leave one point
        ("2025-01-01", "2025-12-31", 40, "MS"),  # a year of 40 articles: too thin for weeks
    ],
)
def test_freq_follows_the_span_and_the_density(start, end, n, expected):
    chosen = choose.freq(dates(start, end, n))
    assert chosen.value == expected
    assert "`-p freq" in chosen.why and chosen.why.startswith(f"Periods are {choose.PERIOD_NAMES[expected]}")


def test_freq_given_is_kept_and_said():
    chosen = choose.freq(dates("2018-02-01", "2018-10-20", 100), "QS")
    assert chosen.value == "QS" and chosen.given and "as given" in chosen.why


def test_freq_without_dates():
    chosen = choose.freq(pd.Series(pd.to_datetime([None, None], utc=True)))
    assert "No article has a date" in chosen.why


def test_stray_articles_years_before_the_bulk_are_set_aside():
    bulk = dates("2018-02-01", "2018-10-20", 3_000)
    strays = pd.Series(pd.to_datetime(["2012-10-11", "2014-03-02", "2016-07-30"], utc=True))
    span = choose.main_span(pd.concat([strays, bulk], ignore_index=True))
    assert span.extra["strays"] == 3
    assert span.value[0] >= pd.Timestamp("2018-01-01", tz="UTC")
    assert "3 stray articles" in span.why and "before" in span.why


def test_no_strays_in_an_even_corpus_of_ten_years_or_of_twelve_articles():
    assert choose.main_span(dates("2015-01-01", "2025-01-01", 5_000)).extra["strays"] == 0
    assert choose.main_span(dates("2025-05-01", "2025-05-03", 12)).extra["strays"] == 0


def test_event_is_the_period_where_an_entity_rose():
    # 20 weeks of 30 articles; مصر in 3 of them a week, but in 21 in the week of 2025-03-10
    rows, mentions = [], []
    for week in range(20):
        start = pd.Timestamp("2025-01-06", tz="UTC") + pd.Timedelta(weeks=week)
        for i in range(30):
            aid = f"w{week}-{i}"
            rows.append({"id": aid, "published": start + pd.Timedelta(hours=5 * i)})
            if i < (21 if week == 9 else 3):
                mentions.append({"id": aid, "entity": "مصر", "alias": "مصر"})
            if i % 2 == 0:  # a steady entity does not count as an event
                mentions.append({"id": aid, "entity": "العراق", "alias": "العراق"})
    event = choose.event(pd.DataFrame(rows), pd.DataFrame(mentions), freq="W")
    assert event.value == ("2025-03-10", "2025-03-16")
    assert "مصر" in event.why and "70.0%" in event.why


def test_event_needs_three_periods():
    df = pd.DataFrame({"id": ["a", "b"], "published": pd.to_datetime(["2025-05-14", "2025-05-14"], utc=True)})
    event = choose.event(df, None, freq="D")
    assert event.value is None and "too few" in event.why


def test_search_is_the_most_mentioned_entity_as_written():
    mentions = mk.find_entities(mk.load_sample(), progress=False)
    chosen = choose.top_entity(mentions)
    counts = mentions.groupby("entity")["id"].nunique()
    assert chosen.extra["entity"] == counts.idxmax()
    assert chosen.value in set(mentions.loc[mentions["entity"] == counts.idxmax(), "alias"])


def test_split_date_is_the_median_and_needs_two_days():
    published = pd.Series(pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-09-01"], utc=True))
    assert choose.split_date(published).value == "2025-03-01"
    one_day = pd.Series(pd.date_range("2025-05-14 06:00", periods=10, freq="h", tz="UTC"))
    assert choose.split_date(one_day).value is None


def test_outlets_are_the_largest_and_one_outlet_says_so():
    df = pd.DataFrame({"source": ["a"] * 5 + ["b"] * 9 + ["c"] * 2})
    assert choose.outlets(df).value == ["b", "a"]
    single = choose.outlets(df[df["source"] == "a"])
    assert single.value == ["a"] and "one outlet" in single.why


def test_choices_display_with_their_values_in_the_metadata():
    data, meta = choose.show_bundle([choose.Choice("watch", ["العراق", "إيران"], "The terms followed are …")])
    assert meta["mediakit"]["choices"] == [{"name": "watch", "value": '["العراق", "إيران"]', "given": False}]
    assert "\\u" not in meta["mediakit"]["choices"][0]["value"]
    assert "<li>The terms followed are …</li>" in data["text/html"]


def test_watched_terms_of_an_event_are_in_several_articles():
    # keyness ranks a name from one feature story first; it is no event's key term
    key = pd.DataFrame({"term": ["فالس", "ايران", "عقوبة", "نفط"], "g2": [40.0, 30.0, 20.0, 10.0]})
    frequencies = pd.DataFrame(
        {"source": ["a", "a", "b", "a", "b", "a"], "term": ["فالس", "ايران", "ايران", "عقوبة", "عقوبة", "نفط"]}
        | {"count": [9, 20, 15, 8, 6, 5], "documents": [1, 12, 9, 2, 2, 2]}
    )
    chosen = mk.choose.terms(frequencies, key=key, n=2)
    assert chosen.value == ["ايران", "عقوبة"]
    assert "at least 3 articles" in chosen.why
