"""Clitic stripping that never breaks a name, measured on words read in real news.

``tests/data/clitic_whole.txt``: words of the ANT corpus that begin with و ف ب ك ل but are
whole (people, places, bodies, common words). ``tests/data/clitic_stems.tsv``: words of the
same corpus that carry a proclitic chain, with the stem that must remain. Both were labelled by
reading the words in their contexts; only the words are kept here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mediakit as mk
from mediakit.arabic import strip_clitics

DATA = Path(__file__).parent / "data"
WHOLE = DATA.joinpath("clitic_whole.txt").read_text(encoding="utf-8").split()
STEMS = [tuple(line.split("\t")) for line in DATA.joinpath("clitic_stems.tsv").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def fitted(ant_articles):
    # every word is kept (no stopwords), so that the test sees what clitic stripping decides
    return mk.Analyzer(stopwords=()).fit(ant_articles["text"])


def test_the_labelled_sets_are_large_and_clean():
    assert len(WHOLE) >= 300 and len(set(WHOLE)) == len(WHOLE)
    assert len(STEMS) >= 300 and all(len(pair) == 2 and pair[1] and pair[0].endswith(pair[1]) for pair in STEMS)
    assert all(w[0] in "وفبكل" for w in WHOLE) and all(t[0] in "وفبكل" for t, _ in STEMS)


def test_whole_words_stay_whole_on_real_news(fitted):
    cut = {w: fitted.chunk_terms(w) for w in WHOLE if fitted.chunk_terms(w) != (w,)}
    kept = 1 - len(cut) / len(WHOLE)
    assert kept >= 0.99, f"{kept:.3f} kept whole; cut: {cut}"


def test_proclitic_chains_are_stripped_to_the_right_stem_on_real_news(fitted):
    wrong = {t: (fitted.chunk_terms(t), stem) for t, stem in STEMS if fitted.chunk_terms(t) != (stem,)}
    right = 1 - len(wrong) / len(STEMS)
    assert right >= 0.95, f"{right:.3f} right; wrong (got, expected): {wrong}"


def test_names_and_words_seen_broken_before():
    counts = {"يري": 500, "كيري": 400, "ندا": 300, "كندا": 200, "بنان": 40, "لبنان": 900, "جنة": 60, "الجنة": 90}
    counts |= {"لجنة": 800, "اللجنة": 600, "للجنة": 300, "ولجنة": 50, "لاية": 30, "ولاية": 600}
    a = mk.Analyzer(vocabulary=counts)
    for word in ("كيري", "كندا", "لبنان", "لجنة", "ولاية"):
        assert a(word) == [word]
    assert a("للجنة") == ["لجنة"] and a("ولجنة") == ["لجنة"] and a("وكيري") == ["كيري"] and a("وللبنان") == ["لبنان"]


def test_k_attaches_to_nouns_only():
    vocabulary = {"رئيس": 500, "الرئيس": 900, "كرئيس": 30, "يتابع": 300, "كيتابع": 20}
    assert strip_clitics("كرئيس", vocabulary=vocabulary) == "رئيس"
    assert strip_clitics("كيتابع", vocabulary=vocabulary) == "كيتابع"


def test_your_own_names_can_be_kept_whole():
    # ونّاس (a family name) is read as و + ناس where the remainder is frequent enough
    counts = {"ناس": 400, "وناس": 100}
    assert mk.Analyzer(vocabulary=counts)("وناس") == ["ناس"]
    assert mk.Analyzer(vocabulary=counts, keep_whole=["ونّاس"])("وناس") == ["وناس"]
