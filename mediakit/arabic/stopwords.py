"""Stopword sets, shipped as data files under ``mediakit/data/`` and expanded with proclitic forms."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from mediakit.arabic.normalize import normalize

__all__ = ["STOPWORD_SETS", "stopwords"]

#: The shipped sets: ``"core"`` (function words) and ``"news"`` (reporting verbs, attribution, wire words).
STOPWORD_SETS = ("core", "news")


def _with_proclitics(word: str) -> set[str]:
    forms = {word}
    preps = ["", "ب", "ك", "ل"]
    for conj in ("", "و", "ف"):
        for prep in preps:
            if prep == "ل" and word.startswith("ال"):
                forms.add(conj + "لل" + word[2:])
            else:
                forms.add(conj + prep + word)
    return forms


@cache
def _load(name: str) -> frozenset[str]:
    if name not in STOPWORD_SETS:
        raise ValueError(f"unknown stopword set {name!r}; shipped sets: {', '.join(STOPWORD_SETS)}")
    text = files("mediakit.data").joinpath(f"stopwords_{name}.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    removed: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            removed.add(normalize(line[1:]))
        else:
            words |= _with_proclitics(normalize(line))
    return frozenset(words - removed)


def stopwords(*, sets: Iterable[str] = ("core",), extra: Iterable[str] = ()) -> frozenset[str]:
    """Return a stopword set, normalised with the ``"search"`` profile.

    Parameters
    ----------
    sets : iterable of {"core", "news"}, default ("core",)
        ``"core"``: function words (particles, prepositions, conjunctions, pronouns,
        demonstratives, relatives, auxiliaries). ``"news"``: reporting verbs and newsroom words
        (قال، أضاف، أكد، بحسب، مصادر ...), and the dateline and time words that lead every
        outlet's top terms without saying what happened (يوم، أمس، عام، الأحد، الماضي، أكثر).
        Each base word comes with its proclitic forms (وفي، فإن، بهذا، للذي ...), generated,
        not listed; a generated form that is a word of its own is removed (ولاية is not و + لـ
        + أية). Month names and numbers are not stopwords: they carry news meaning.
    extra : iterable of str
        Your own words (normalised here, proclitic forms added).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> words = stopwords()
    >>> {"في", "وفي", "الذي", "للذي", "هذه"} <= words
    True
    >>> "قال" in words, "قال" in stopwords(sets=("core", "news"))
    (False, True)
    >>> "ولاية" in words, "مارس" in stopwords(sets=("core", "news"))
    (False, False)
    """
    if isinstance(sets, str):
        sets = (sets,)
    out: set[str] = set()
    for name in sets:
        out |= _load(name)
    for word in extra:
        out |= _with_proclitics(normalize(word.strip()))
    return frozenset(out)
