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
5. Words in ``mediakit/data/clitic_exceptions.txt`` are never split (الله), nor are the
   ``protected`` words the Analyzer passes: the dictionary words and catalog names of
   :mod:`mediakit.arabic.lexicon` (ولاية, لجنة, بيان, فيصل, كيري, كندا, لبنان) and your own.
6. ك attaches to nouns: a bare ك is removed only when what remains takes the article or is a
   protected word (كرئيس → رئيس; كيري stays: يري is a verb); so is ب before what begins like
   an imperfect verb (ي ت ن ا: بيليه stays).
   With counts, also: a chain with the article needs the word written with the article alone
   (twice for a token seen ten times or more: بالتيمور stays, no one writes التيمور); a chain
   beginning with ف needs the same word after و to be at least half as frequent (فيدل, فانسان
   stay: و is far more common than ف); and what a bare proclitic leaves must be a word of its
   own, not another clitic form (لوكاس is not ل + وكاس).
7. With counts, when a shorter chain also passes and leaves a whole word (one that would not
   be cut itself) that the corpus uses more, with or without the article, the shorter chain is
   removed: للجنة → لجنة (ل + لجنة, not لل + جنة), ولبنان → لبنان; وللعراق → عراق still,
   because للعراق is not a whole word.

Known failures: a word that truly starts with وال/بال and is in neither the dictionary nor the
catalog is split; a proper noun outside the catalog that rarely takes the article and whose
remainder is a common word is split; a verb whose bare form is rarer than 3% of its
و-form stays whole; spellings that normalisation merges (وإلى and والي both become والي) are
decided one way for both.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from functools import cache
from importlib.resources import files

from mediakit.arabic.lexicon import ENDINGS

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
#: With counts, ف + word is removed only when و + word is at least this frequent relative to it.
FA_SHARE = 0.5
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
    protected: Collection[str] = (),
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
    protected : collection of str, optional
        Whole words never cut (dictionary words and catalog names:
        :func:`mediakit.arabic.lexicon.protected_words`).

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
    >>> strip_clitics("للجنة", vocabulary={"جنة": 40, "الجنة": 60, "لجنة": 900, "اللجنة": 700, "للجنة": 300})
    'لجنة'
    >>> strip_clitics("كيري", vocabulary={"يري": 500, "كيري": 400})
    'كيري'
    """
    if len(token) < 4 or token[0] not in _FIRST or token in clitic_exceptions():
        return token
    if token in protected:
        return token
    # isinstance against an ABC is slow: decide once whether the vocabulary has counts
    counts = vocabulary if isinstance(vocabulary, Mapping) else None
    found = None
    for size in (4, 3, 2, 1):
        chain = token[:size]
        has_article = _CHAIN_ARTICLE.get(chain)
        if has_article is None:
            continue
        rest = token[size:]
        if len(rest) < (2 if has_article else 3):
            continue
        if not _strippable(token, chain, has_article, rest, vocabulary, counts, function_words, protected):
            continue
        if counts is None:
            return rest  # without counts, the longest chain that passes
        if found is None:
            found = rest
        elif _score(rest, counts) > _score(found, counts) and _whole(rest, vocabulary, function_words, protected):
            # a shorter chain leaves a word of its own that the corpus uses more: ل + لجنة, not
            # لل + جنة; و + لبنان, not ول + بنان
            found = rest
    return token if found is None else found


def _score(word: str, counts: Mapping[str, int]) -> int:
    return counts.get(word, 0) + counts.get("ال" + word, 0)


_local = threading.local()  # one memo per thread: Dask may count partitions in threads


def _whole(word: str, vocabulary, function_words, protected) -> bool:
    """The word would not be cut itself (memoised for one vocabulary at a time, per thread)."""
    if len(word) < 4 or word[0] not in _FIRST:
        return True
    owner = getattr(_local, "owner", None)  # the objects the memo was made with, kept alive
    if owner is None or owner[0] is not vocabulary or owner[1] is not function_words or owner[2] is not protected:
        _local.owner = (vocabulary, function_words, protected)
        _local.memo = {}
    memo = _local.memo
    found = memo.get(word)
    if found is None:
        found = memo[word] = (
            strip_clitics(word, vocabulary=vocabulary, function_words=function_words, protected=protected) == word
        )
    return found


def _strippable(token, chain, has_article, rest, vocabulary, counts, function_words, protected) -> bool:
    """Whether ``chain`` may be removed from ``token``, leaving ``rest`` (rules 1-4 and 6)."""
    if has_article:
        if vocabulary is None:
            return True
        if counts is None or chain == "ال":
            return bool(_attested(rest, vocabulary, counts) or _attested("ال" + rest, vocabulary, counts))
        # the word is used with the article alone too (بالتيمور is not ب + ال + تيمور, nor
        # فاليري ف + ال + يري: no one writes التيمور or اليري)
        # (once is enough for a rare token; a frequent one needs it twice: one stray ال-form is noise)
        needed = 2 if counts.get(token, 0) >= 10 else 1
        return counts.get("ال" + rest, 0) >= needed and _fa_holds(token, chain, counts)
    if vocabulary is None or rest in function_words or _takes_article(token, vocabulary, counts):
        return False
    if ("ك" in chain or ("ب" in chain and rest[0] in "يتنا")) and not _is_noun(rest, vocabulary, counts, protected):
        # ب and ك attach to nouns: كيري is not ك + يري, nor بيليه ب + يليه (a verb's prefix)
        return False
    seen = _attested(rest, vocabulary, counts)
    if not seen or (counts is not None and seen < RATIO * counts.get(token, 0)):
        return False
    if counts is None:
        return True
    if not _fa_holds(token, chain, counts):
        return False
    # what remains is a word of its own, not another clitic form (لوكاس is not ل + وكاس)
    return _whole(rest, vocabulary, function_words, protected)


def _is_noun(word: str, vocabulary, counts, protected) -> bool:
    """The word takes the article in the corpus (or, with a pronoun ending, its base does), or
    is a protected word."""
    if word in protected or _attested("ال" + word, vocabulary, counts):
        return True
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            base = word[: -len(ending)]
            if _attested("ال" + base, vocabulary, counts) or (
                base[-1] == "ت" and _attested("ال" + base[:-1] + "ة", vocabulary, counts)
            ):
                return True
    return False


def _fa_holds(token: str, chain: str, counts: Mapping[str, int]) -> bool:
    """و is far more common than ف: a token read as ف + word needs the same word with و to be
    at least ``FA_SHARE`` as frequent (فيدل, فانسان, فالكون are names, not ف + يدل ...)."""
    return chain[0] != "ف" or counts.get("و" + token[1:], 0) >= FA_SHARE * counts.get(token, 0)
