"""Stemming: a light stemmer written here, and root extraction through NLTK's ISRI stemmer.

``method="light"`` removes a proclitic chain (see :mod:`mediakit.arabic.clitics`) and then one
inflectional or pronoun suffix, longest first, keeping at least three letters; a ت left before a
pronoun of four letters or more is taken for ة and dropped too (حكومته → حكوم, like حكومة). In
the manner of Larkey's Light10; it errs where a word's own ت ends a four-letter stem (سكوته). It conflates the
forms a reader counts as one word (الاتفاق، اتفاقات، اتفاقه → اتفاق) without guessing roots, which
merge unrelated words (كاتب، مكتب، كتاب all have the root كتب). This is the choice for counting.

``method="root"`` uses the ISRI root stemmer of NLTK (Taghva, Elkhoribi and Coombs, 2005),
a maintained library, installed with ``pip install "mediakit[root]"``. Roots suit grouping
by meaning family, not term frequencies.
"""

from __future__ import annotations

from functools import cache

from mediakit.arabic.clitics import strip_clitics

__all__ = ["SUFFIXES", "stem"]

#: Suffixes the light stemmer removes (one per word, longest first; normalised spelling).
SUFFIXES = ("هما", "كما", "ات", "ان", "ون", "ين", "ها", "هم", "هن", "نا", "كم", "ية", "يه", "ه", "ة", "ي")
_PRONOUNS = frozenset({"هما", "كما", "ها", "هم", "هن", "نا", "كم", "ه"})


@cache
def _isri():
    try:
        from nltk.stem.isri import ISRIStemmer
    except ImportError:
        raise ImportError(
            'stem(method="root") needs NLTK: pip install "mediakit[root]" (or pip install nltk)'
        ) from None
    return ISRIStemmer()


def stem(token: str, *, method: str = "light") -> str:
    """Stem a normalised token.

    Parameters
    ----------
    token : str
        A token normalised with the ``"search"`` profile.
    method : {"light", "root"}, default "light"

    Returns
    -------
    str

    Examples
    --------
    >>> stem("والاتفاقات"), stem("اتفاقه"), stem("الاتفاق")
    ('اتفاق', 'اتفاق', 'اتفاق')
    >>> stem("حكومته"), stem("حكومة"), stem("بيته")
    ('حكوم', 'حكوم', 'بيت')
    >>> stem("عام")
    'عام'
    """
    if method == "root":
        return _isri().stem(token)
    if method != "light":
        raise ValueError(f"method must be 'light' or 'root', not {method!r}")
    word = strip_clitics(token)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            # ة is written ت before a pronoun (حكومته): drop it as ة would be dropped
            if suffix in _PRONOUNS and word.endswith("ت") and len(word) >= 4:
                word = word[:-1]
            return word
    return word
