"""Boilerplate learned per outlet: datelines, sign-offs, share bars and closing lines go; news stays."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import mediakit as mk
from mediakit.boilerplate import apply_boilerplate, learn_boilerplate, line_key

NEWS = [
    "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير",
    "ارتفعت أسعار النفط في تعاملات اليوم بعد قرار خفض الإنتاج",
    "التقى وزير الخارجية نظيره العماني لبحث العلاقات الثنائية",
    "فاز الفريق المحلي في مباراة الأمس بهدفين نظيفين",
    "أقرت الحكومة موازنة العام المقبل بعجز أقل من المتوقع",
    "افتتح معرض الكتاب أبوابه أمام الزوار بمشاركة مئات الناشرين",
]
CITIES = ["الرياض", "جدة", "الدمام", "مكة المكرمة", "أبها"]


def outlet_articles(n: int = 60, seed: int = 0) -> pd.DataFrame:
    """An agency-style outlet: a dateline, the story, a share bar on most, a sign-off with a time."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        first = f"{rng.choice(NEWS)} وذلك في إطار متابعة الصحيفة للخبر رقم {i} في عددها اليومي."
        story = f"{first}\n{NEWS[i % 6]} في {CITIES[i % 5]} حسب ما أفاد مصدر مطلع."
        text = f"{rng.choice(CITIES)} {i % 28 + 1} مايو (واس) - {story}"
        if i % 3:
            text += "\nشارك من خلال تويتر فيسبوك واتساب"
        text += f"\n// انتهى // {rng.randint(10, 23)}:{rng.randint(10, 59)} ت م"
        text += f"\nرابط الخبر في صحيفتنا: خبر رقم {i} عن {rng.choice(CITIES)}"
        rows.append({"id": f"wa-{i}", "source": "wakala", "text": text})
    return pd.DataFrame(rows)


def test_learns_dateline_share_bar_sign_off_and_closing_line():
    table = learn_boilerplate(outlet_articles())
    assert set(table["where"]) == {"lead", "line", "tail"}
    assert "(واس)" in set(table.loc[table["where"] == "lead", "pattern"])
    lines = set(table.loc[table["where"] == "line", "pattern"])
    assert "شارك من خلال تويتر فيسبوك واتساب" in lines
    assert line_key("// انتهى // 19:07 ت م") in lines  # the time varies, the sign-off is one pattern
    assert table["share"].ge(0.05).all() and table["articles"].ge(3).all()


def test_cleaning_removes_it_and_keeps_every_word_of_the_news():
    df = outlet_articles()
    clean = mk.clean_articles(df)
    for raw, text in zip(df["text"], clean["text"], strict=True):
        assert not text.startswith(tuple(CITIES)) and "(واس)" not in text
        assert "انتهى" not in text and "شارك من خلال" not in text and "رابط الخبر" not in text
        story = raw.split("(واس) - ", 1)[1].split("\n")[:2]
        assert text.split("\n") == story  # the two lines of news, whole
    removed = clean.attrs["boilerplate_removed"]
    assert removed == [
        {"source": "wakala", "articles": 60, "spans": 60 * 3 + 40, "characters": removed[0]["characters"]}
    ]


def test_a_line_in_one_article_or_a_small_outlet_is_never_removed():
    df = outlet_articles()
    df.loc[5, "text"] += "\nسطر يتكرر هنا فقط"
    table = learn_boilerplate(df)
    assert not table["example"].str.contains("يتكرر هنا فقط").any()
    small = outlet_articles(12)
    assert learn_boilerplate(small).empty
    assert mk.clean_articles(small)["text"].str.contains("(واس)", regex=False).all()


def test_outlets_learn_their_own_furniture():
    a = outlet_articles(40)
    b = outlet_articles(40, seed=1).assign(source="other", id=lambda d: "o-" + d["id"])
    b["text"] = b["text"].str.replace("(واس)", "(رويترز)", regex=False)
    table = learn_boilerplate(pd.concat([a, b], ignore_index=True))
    leads = table[table["where"] == "lead"].set_index("source")["pattern"].to_dict()
    assert leads == {"other": "(رويترز)", "wakala": "(واس)"}


def test_learning_can_be_turned_off_or_given():
    df = outlet_articles()
    assert mk.clean_articles(df, learn=False)["text"].str.contains("(واس)", regex=False).all()
    reviewed = learn_boilerplate(df).query("where != 'line'")
    kept = mk.clean_articles(df, learned=reviewed)
    assert kept["text"].str.contains("شارك من خلال").any() and not kept["text"].str.contains("(واس)", regex=False).any()


def test_a_dash_or_a_parenthesis_inside_a_sentence_is_not_a_dateline():
    text = "ارتفعت الأسعار بين 2017 - 2018 بنسبة كبيرة"
    patterns = pd.DataFrame({"where": ["lead"], "pattern": ["(واس)"]})
    assert apply_boilerplate(text, patterns) == (text, 0)
    rows = [
        {
            "source": "x",
            "text": f"أكد حلف شمال الأطلسي (الناتو) أن {NEWS[i % 6]} في الاجتماع الذي عقد في {CITIES[i % 5]}",
        }
        for i in range(30)
    ]
    assert learn_boilerplate(pd.DataFrame(rows)).empty


def test_cleaning_with_learning_is_idempotent():
    once = mk.clean_articles(outlet_articles())
    twice = mk.clean_articles(once)
    pd.testing.assert_series_equal(once["text"], twice["text"])


def test_residue_on_the_shared_corpus_is_under_five_percent(ant_articles):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mk.CorpusWarning)
        clean = mk.clean_articles(ant_articles.sample(8_000, random_state=5))
    for source, part in clean.groupby("source"):
        lines = pd.Series([k for t in part["text"] for k in {line_key(x) for x in t.split("\n") if len(x) <= 400}])
        opening = part["text"].map(lambda t: " ".join(line_key(t.split("\n")[0]).split()[:5]))
        assert lines.value_counts().iat[0] / len(part) < 0.05, source
        assert opening.value_counts().iat[0] / len(part) < 0.05, source


@pytest.mark.parametrize("share", [0.0, 1.5])
def test_bad_share_is_refused(share):
    with pytest.raises(ValueError, match="min_share"):
        learn_boilerplate(outlet_articles(), min_share=share)
