"""Word clouds: the right words, deterministic, the caller's data untouched, clear errors."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

import mediakit as mk

matplotlib.use("Agg")

FREQS = {"العراق": 50, "الأمم المتحدة": 40, "حلف الناتو": 30, "مصر": 20, "لبنان": 10, "تونس": 5, "ليبيا": 2}


def test_cloud_holds_exactly_the_top_words_in_order():
    data = dict(FREQS)
    wc = mk.wordcloud(data, max_words=5, width=400, height=200)
    assert list(wc.words_) == ["العراق", "الأمم المتحدة", "حلف الناتو", "مصر", "لبنان"]
    assert wc.words_["العراق"] == 1.0 and wc.words_["مصر"] == pytest.approx(20 / 50)
    assert data == FREQS  # untouched


def test_term_table_and_series_and_articles():
    table = pd.DataFrame({"source": ["a", "b", "a"], "term": ["عراق", "عراق", "مصر"], "count": [3, 2, 4]})
    before = table.copy()
    wc = mk.wordcloud(table, width=300, height=150)
    assert wc.words_ == {"عراق": 1.0, "مصر": 0.8}
    pd.testing.assert_frame_equal(table, before)
    assert list(mk.wordcloud(pd.Series(FREQS), max_words=2, width=300, height=150).words_) == [
        "العراق",
        "الأمم المتحدة",
    ]
    articles = mk.clean_articles(mk.load_sample())
    words = mk.wordcloud(articles, max_words=30, width=600, height=300).words_
    assert "المغرب" in words and "العراق" in words  # counted by the Analyzer, shown as written
    assert "قال" not in words and "في" not in words


def test_diacritised_text_is_never_split_by_the_wordcloud_tokenizer():
    words = mk.wordcloud("العِراقُ العِراقُ العـــراق والعراق مصرُ", width=300, height=150).words_
    assert set(words) == {"العراق", "مصر"}


def test_deterministic_and_files(tmp_path):
    one = mk.wordcloud(FREQS, width=400, height=200, random_state=3).to_array()
    two = mk.wordcloud(FREQS, width=400, height=200, random_state=3).to_array()
    other = mk.wordcloud(FREQS, width=400, height=200, random_state=4).to_array()
    assert np.array_equal(one, two) and not np.array_equal(one, other)
    wc = mk.wordcloud(FREQS, width=400, height=200)
    wc.to_file(tmp_path / "cloud.png")
    assert (tmp_path / "cloud.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = wc.to_svg()
    assert svg.startswith("<svg") and "العراق" in svg


def test_draws_into_axes():
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    mk.wordcloud(FREQS, width=300, height=150, ax=ax)
    assert len(ax.images) == 1 and not ax.axison
    plt.close("all")


def test_mask(tmp_path):
    from PIL import Image

    mask = np.full((200, 400), 255, dtype=np.uint8)
    mask[40:160, 80:320] = 0
    Image.fromarray(mask).save(tmp_path / "mask.png")
    image = mk.wordcloud(FREQS, mask=tmp_path / "mask.png").to_array()
    assert image.shape[:2] == (200, 400)
    assert (image[:30] == 255).all()  # nothing drawn outside the shape


def test_bad_input(tmp_path):
    with pytest.raises(ValueError, match="frequencies are empty"):
        mk.wordcloud({})
    with pytest.raises(ValueError, match="'مصر' has 0"):
        mk.wordcloud({"العراق": 3, "مصر": 0})
    with pytest.raises(ValueError, match="'مصر' has -2"):
        mk.wordcloud(pd.Series({"مصر": -2}))
    with pytest.raises(FileNotFoundError, match="font file not found"):
        mk.wordcloud(FREQS, font=tmp_path / "missing.ttf")
    with pytest.raises(ValueError, match="a mask must be an image"):
        mk.wordcloud(FREQS, mask=np.zeros(50))
    with pytest.raises(FileNotFoundError, match="mask image not found"):
        mk.wordcloud(FREQS, mask=tmp_path / "nope.png")
    with pytest.raises(ValueError, match="needs 'term' and 'count' columns"):
        mk.wordcloud(pd.DataFrame({"word": ["مصر"]}))


def test_comparison_cloud():
    import matplotlib.pyplot as plt

    df = mk.clean_articles(mk.load_sample())
    _, ax = plt.subplots()
    wc = mk.comparison_cloud(df, by="source", max_words=60, width=600, height=300, ax=ax)
    assert wc.group_of_["المغرب"] == "sawt-al-maghrib"
    assert wc.group_of_["الناقلة"] in {"nabd", "al-rasid", "al-sharfa", "sawt-al-maghrib"}
    assert len(wc.group_colors_) == 4 and len(set(wc.group_colors_.values())) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["al-rasid", "al-sharfa", "nabd", "sawt-al-maghrib"]
    colours = {colour for *_, colour in wc.layout_}
    assert colours <= set(wc.group_colors_.values()) and len(colours) > 1
    periods = np.where(df["published"] < pd.Timestamp("2025-07-01", tz="UTC"), "before July", "from July")
    assert set(mk.comparison_cloud(df, by=pd.Series(periods, index=df.index), width=400, height=200).group_colors_) == {
        "before July",
        "from July",
    }
    with pytest.raises(ValueError, match="at least two groups"):
        mk.comparison_cloud(df[df["source"] == "nabd"], by="source")
    plt.close("all")


def test_a_tfidf_table_sizes_the_words_typical_of_a_group():
    df = mk.load_sample()
    table = mk.term_frequencies(df[df["source"] == "nabd"], tfidf=True, min_df=2)
    freqs = mk.clouds.frequencies(table, value="tfidf")
    top = table.sort_values("tfidf", ascending=False)["term"].iat[0]
    assert max(freqs, key=freqs.get) == top and all(v > 0 for v in freqs.values())
    wc = mk.wordcloud(table, value="tfidf", width=300, height=150, max_words=20)
    assert len(wc.layout_) == 20


@pytest.mark.parametrize(("colormap", "background"), [("viridis", "white"), ("YlOrRd", "white"), ("Greys", "black")])
def test_words_are_horizontal_and_readable_on_the_background(colormap, background):
    from matplotlib.colors import to_rgb

    from mediakit.clouds import contrast

    freqs = {f"كلمة{i}": 100 - i for i in range(60)}
    wc = mk.wordcloud(freqs, colormap=colormap, background_color=background, width=500, height=250)
    assert all(orientation is None for (_, _), _, _, orientation, _ in wc.layout_)  # none turned on its side
    back = to_rgb(background)
    for (_, _), _, _, _, color in wc.layout_:
        assert contrast(to_rgb(color), back) >= 3.0, (colormap, color)


def test_a_word_too_long_to_draw_is_left_out_and_said():
    huge = "ب" * 10_000_000  # one 10 MB "word": a page with its spaces lost
    with pytest.warns(UserWarning, match=r"1 word\(s\) longer than 60 characters left out .*10,000,000 characters"):
        cloud = mk.wordcloud({"العراق": 5, huge: 50, "الأمم المتحدة": 3}, width=300, height=150)
    assert sorted(w for (w, _), *_ in cloud.layout_) == sorted(["العراق", "الأمم المتحدة"])
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="every word is longer than 60 characters"):
        mk.wordcloud({huge: 2}, width=300, height=150)
