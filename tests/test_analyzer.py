"""mediakit.Analyzer: the one tokens pipeline; same terms per text and per corpus."""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

import mediakit as mk


@pytest.fixture(scope="module")
def sample_texts():
    return mk.clean_articles(mk.load_sample())["text"].tolist()


def per_text(analyzer, texts):
    total = Counter()
    for text in texts:
        total.update(analyzer(text))
    return total


def test_same_counts_per_text_and_per_corpus(sample_texts):
    analyzer = mk.Analyzer()
    corpus = analyzer.count(sample_texts)
    assert analyzer.vocabulary is not None  # learned from the corpus it counted
    assert per_text(analyzer, sample_texts) == corpus
    fitted = mk.Analyzer().fit(sample_texts)
    assert per_text(fitted, sample_texts) == fitted.count(sample_texts) == corpus


def test_same_counts_on_real_news(ant_articles):
    texts = ant_articles["text"].iloc[::15].tolist()
    analyzer = mk.Analyzer(stopwords=("core", "news"), numbers=True)
    assert per_text(analyzer.fit(texts), texts) == analyzer.count(texts)


def test_clitic_forms_count_together(sample_texts):
    counts = mk.Analyzer().count(sample_texts)
    raw = Counter(t for text in sample_texts for t in mk.arabic.tokenize(text))
    iraq_forms = ["العراق", "بالعراق", "والعراق", "للعراق", "وللعراق", "فالعراق"]
    assert counts["عراق"] >= sum(raw[f] for f in iraq_forms)
    assert counts["وزير"] > 0 and counts["زير"] == 0
    assert "في" not in counts and "وفي" not in counts
    # والي (governor) is never split; وإلى normalises to the same letters and is counted with it
    assert counts["والي"] == sum(n for form, n in raw.items() if mk.arabic.normalize(form) == "والي")


def test_defaults_on_a_sentence():
    analyzer = mk.Analyzer()
    text = "وأكّد وزيرُ الخارجيـــة، في مؤتمر صحفي ببغداد، أن «الناتو» سيجتمع في ٢٠٢٥ مع @nabd_news"
    assert analyzer(text) == ["واكد", "وزير", "خارجية", "مؤتمر", "صحفي", "ببغداد", "ناتو", "سيجتمع"]


def test_options():
    text = "قال المتحدث إن الاتفاقات الجديدة وقعت في 2025 مع NATO"
    assert "قال" in mk.Analyzer()(text)
    assert "قال" not in mk.Analyzer(stopwords=("core", "news"))(text)
    assert "في" in mk.Analyzer(stopwords=())(text)
    assert "جديد" in mk.Analyzer(stem="light")(text)
    assert "2025" in mk.Analyzer(numbers=True)(text)
    assert "nato" not in mk.Analyzer(latin=False)(text)
    assert "الاتفاقات" in mk.Analyzer(clitics=False)(text)
    assert mk.Analyzer(extra_stopwords=["وقعت"])(text).count("وقعت") == 0
    assert all(len(t) >= 5 for t in mk.Analyzer(min_length=5)(text))
    assert "اتفاقات" in mk.Analyzer(normalize="aggressive")(text)


def test_vocabulary_decides_bare_proclitics():
    text = "وقال وزير"
    assert mk.Analyzer()(text) == ["وقال", "وزير"]
    assert mk.Analyzer(vocabulary={"قال": 50, "وقال": 10, "وزير": 40, "زير": 1})(text) == ["قال", "وزير"]


def test_picklable_with_same_results(sample_texts):
    analyzer = mk.Analyzer(stem="light").fit(sample_texts)
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone.count(sample_texts[:20]) == analyzer.count(sample_texts[:20])
    assert len(pickle.dumps(analyzer)) < 5_000_000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"normalize": "loose"}, "normalize must be one of"),
        ({"stopwords": ("sport",)}, "unknown stopword sets"),
        ({"stem": "heavy"}, "stem must be None"),
        ({"min_length": 0}, "min_length must be at least 1"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mk.Analyzer(**kwargs)


def test_missing_texts_are_skipped():
    assert mk.Analyzer().count(["العراق", None, float("nan")]) == Counter({"عراق": 1})


def test_a_label_is_the_word_without_its_proclitics():
    # وقال is the most frequent spelling of قال in news, but a reader looks for قال
    texts = ["وقال الوزير إن الوفد وصل"] * 5 + ["قال الوزير", "بالعراق والعراق", "بالعراق", "العراق"]
    analyzer = mk.Analyzer().fit(texts)
    assert analyzer.label("قال") == "قال"
    assert analyzer.label("عراق") == "العراق"  # the article stays: it is how the name is written
    only_prefixed = mk.Analyzer().fit(["وللمنظمة بيان", "وللمنظمة رأي", "منظمة"])
    assert only_prefixed.label(only_prefixed("منظمة")[0]) == "منظمة"  # the bare form, though rarer
