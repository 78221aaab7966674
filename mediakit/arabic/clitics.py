"""Removing proclitics: the conjunctions و ف, the prepositions ب ك ل, and the article ال.

The rule, exactly. A token (normalised, ``"search"`` profile) may start with a *chain*: an
optional conjunction (و or ف), then an optional preposition (ب, ك or ل), then an optional article
(ال; after ل the article's alef is dropped, giving لل). The longest chain that fits is tried first,
then shorter ones; the first that passes these checks is removed:

1. What remains has at least 2 letters when the chain holds the article, and at least 3 letters
   when it does not (so وطن, ولد, بلد, وقع, فتح keep their first letter: two-letter words left by a
   single proclitic are rare, two-letter stems after the article are not: الأب → اب).
2. Without a vocabulary, only chains that hold the article are removed (والعراق → عراق), never a
   bare single-letter proclitic (وزير, بلد, كتاب, فيلم, لبنان stay as they are).
3. With a vocabulary (a set, or counts, of normalised words), a chain without the article is
   removed only when (a) the remainder is attested, (b) the whole token does not itself take the
   article (الوزير, الفكرة, الوادي are attested, so وزير, فكرة, وادي are words, not و/ف + word),
   and, with counts, (c) the remainder is at least ``RATIO`` (3%) as frequent as the token
   (وقال → قال, وأضاف → أضاف; لبنان stays: بنان is rare). A chain with the article is removed
   when the remainder is attested with or without the article (بالعراق → عراق).
4. A remainder that is a function word is not exposed by a chain without the article
   (والي, ولي stay: الي and لي are the prepositions إلى and لي).
5. Words in ``mediakit/data/clitic_exceptions.txt`` are never split (الله).

Known failures: a word that truly starts with وال/بال and leaves two letters (والدة → دة,
بالون → ون) is split; a proper noun that rarely takes the article and whose remainder is a
common word is split (فيصل → يصل, كمال → مال); a verb whose bare form is rarer than 3% of its
و-form stays whole; spellings that normalisation merges (وإلى and والي both become والي) are
decided one way for both.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from importlib.resources import files

__all__ = ["CHAINS", "clitic_exceptions", "strip_clitics"]


def _chains() -> tuple[tuple[str, bool], ...]:
    out = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ك", "ل"):
            for article in ("", "ال"):
                chain = conj + prep + article
                if prep == "ل" and article:
                    chain = conj + "لل"
                if chain:
                    out.add((chain, bool(article)))
    return tuple(sorted(out, key=lambda c: (-len(c[0]), c[0])))


#: Every proclitic chain, longest first, with whether it holds the article.
CHAINS = _chains()
_CHAIN_ARTICLE = dict(CHAINS)

#: With counts, a bare proclitic is removed only if the remainder is at least this frequent
#: relative to the whole token (وأضاف is 20 times as frequent as أضاف in news; زير, يلم, بنان
#: are hundreds of times rarer than وزير, فيلم, لبنان).
RATIO = 0.03
#: With counts, a token "takes the article" when ال + token is at least this frequent relative to it.
ARTICLE_RATIO = 0.02
_FIRST = frozenset(chain[0] for chain, _ in CHAINS)


@cache
def clitic_exceptions() -> frozenset[str]:
    """Words that look like proclitic + word but are not, from ``mediakit/data/clitic_exceptions.txt``.

    Examples
    --------
    >>> "الله" in clitic_exceptions()
    True
    """
    text = files("mediakit.data").joinpath("clitic_exceptions.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _attested(word: str, vocabulary: Collection[str], counts: Mapping[str, int] | None) -> int:
    if counts is not None:
        return counts.get(word, 0)
    return 1 if word in vocabulary else 0


def _takes_article(token: str, vocabulary: Collection[str], counts: Mapping[str, int] | None) -> bool:
    """Whether ال + token is attested: then token is a noun itself, not و/ف/ب/ك/ل + a word."""
    seen = _attested("ال" + token, vocabulary, counts)
    if counts is not None:
        return seen > 0 and seen >= ARTICLE_RATIO * counts.get(token, 0)
    return bool(seen)


def strip_clitics(
    token: str,
    *,
    vocabulary: Collection[str] | Mapping[str, int] | None = None,
    function_words: Collection[str] = (),
) -> str:
    """Remove a proclitic chain (و ف, ب ك ل, ال and their combinations) from a normalised token.

    The rule and its known failure cases are in this module's documentation.

    Parameters
    ----------
    token : str
        A token normalised with the ``"search"`` profile.
    vocabulary : set or mapping of str to int, optional
        Attested normalised words (with counts, a frequency check is made too).
    function_words : collection of str, optional
        Words a bare proclitic must not expose (normally the core stopwords).

    Returns
    -------
    str
        The token without its chain, or unchanged.

    Examples
    --------
    >>> strip_clitics("والعراق")
    'عراق'
    >>> strip_clitics("للعراق")
    'عراق'
    >>> strip_clitics("وزير")
    'وزير'
    >>> strip_clitics("وقال", vocabulary={"قال": 900, "وقال": 300})
    'قال'
    >>> strip_clitics("وزير", vocabulary={"زير": 2, "وزير": 800})
    'وزير'
    """
    if len(token) < 4 or token[0] not in _FIRST or token in clitic_exceptions():
        return token
    # isinstance against an ABC is slow: decide once whether the vocabulary has counts
    counts = vocabulary if isinstance(vocabulary, Mapping) else None
    for size in (4, 3, 2, 1):
        chain = token[:size]
        has_article = _CHAIN_ARTICLE.get(chain)
        if has_article is None:
            continue
        rest = token[size:]
        if len(rest) < (2 if has_article else 3):
            continue
        if has_article:
            if vocabulary is None or _attested(rest, vocabulary, counts) or _attested("ال" + rest, vocabulary, counts):
                return rest
            continue
        if vocabulary is None or rest in function_words or _takes_article(token, vocabulary, counts):
            continue
        seen = _attested(rest, vocabulary, counts)
        if seen and (counts is None or seen >= RATIO * counts.get(token, 0)):
            return rest
    return token
