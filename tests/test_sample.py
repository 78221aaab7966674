"""The demo corpus: the promises of data/README.md hold."""

from __future__ import annotations

import re

import mediakit as mk


def test_sample_size_spread_and_length():
    df = mk.load_sample()
    assert len(df) >= 150
    assert df["source"].nunique() >= 4
    assert df["published"].dt.strftime("%Y-%m").nunique() >= 12
    assert df["text"].str.split().str.len().mean() >= 80


def test_sample_carries_what_scraped_news_carries():
    text = "\n".join(mk.load_sample()["text"])
    titles = "\n".join(mk.load_sample()["title"])
    for char, what in [
        ("\u00a0", "no-break space"),
        ("\u200f", "right-to-left mark"),
        ("\u0640", "tatweel"),
        ("\u064e", "fatha"),
        ("\u0651", "shadda"),
        ("٢", "Arabic-Indic digit"),
    ]:
        assert char in text + titles, what
    for form in ["الناتو", "حلف شمال الأطلسي", "حلف الأطلسي", "بالعراق", "وللعراق", "للعراق"]:
        assert form in text, form
    assert re.search(r"^تابعوا آخر الأخبار عبر تطبيق الشرفة", text, re.M), "an outlet's boilerplate line"
    assert re.search(r"[\u0621-\u064a]\.، ", text), "the stray-period artefact"


def test_sample_event_spikes_and_fades():
    df = mk.load_sample()
    tanker = df[df["text"].str.contains("نجمة الخليج")]
    per_month = tanker["published"].dt.strftime("%Y-%m").value_counts()
    assert per_month.idxmax() == "2025-05"
    assert per_month["2025-05"] > 3 * per_month.get("2025-08", 0)
    assert tanker["source"].nunique() == 4
