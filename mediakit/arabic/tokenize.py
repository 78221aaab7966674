"""Splitting Arabic news text into word tokens.

Tokenisation runs in two steps, so that the expensive decisions are made once per word type:

1. :func:`raw_tokens` splits at whitespace, then finds in each chunk the maximal runs of word
   characters, counting combining marks, tatweel and zero-width joiners as word characters
   (so ``العِراق`` and ``العـــراق`` stay whole). URLs, e-mail addresses and @handles are removed.
2. :func:`split_raw` splits one such run into tokens: at underscores (hashtags become their
   words) and where Arabic letters meet other letters or digits (``2025م`` → ``2025``, ``م``),
   and tells each token's kind.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ARABIC_LETTERS", "ARABIC_MARKS", "WORD_RUN", "raw_tokens", "split_raw", "tokenize", "word_runs"]

#: Arabic letters (base letters, extended letters, presentation forms), as a regex class body.
ARABIC_LETTERS = (
    "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc"
)
#: Combining marks, tatweel and zero-width (non-)joiners, which belong to the word they sit in.
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"

_WORD_CLASS = rf"[\w{ARABIC_MARKS}]"
#: A maximal run of word characters (letters, digits, underscore, marks, tatweel, joiners).
WORD_RUN = re.compile(rf"{_WORD_CLASS}+")
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
RAW_WITH_DECIMALS = re.compile(rf"[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)+(?![{_DIGITS}])|{_WORD_CLASS}+")
DROPPED = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+", re.ASCII)
_RUNS = re.compile(
    rf"[{ARABIC_LETTERS}][{ARABIC_LETTERS}{ARABIC_MARKS}]*|(?:(?![{ARABIC_LETTERS}{ARABIC_MARKS}])[^\W_])+"
)
_NUMBER = re.compile(rf"[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)*")


@lru_cache(maxsize=1 << 19)
def word_runs(chunk: str, decimals: bool = False) -> tuple[str, ...]:
    """Raw runs of one whitespace-delimited chunk (cached: chunks repeat, so each is split once).

    Examples
    --------
    >>> word_runs("«العِراقَ»،")
    ('العِراقَ',)
    >>> word_runs("https://x.example/a")
    ()
    """
    if chunk.isalpha():  # letters only (no marks, digits, punctuation): the chunk is the run
        return (chunk,)
    if "://" in chunk or "www." in chunk or "@" in chunk:
        chunk = DROPPED.sub(" ", chunk)
    return tuple((RAW_WITH_DECIMALS if decimals else WORD_RUN).findall(chunk))


def raw_tokens(text: str, *, decimals: bool = False) -> list[str]:
    """Maximal runs of word characters, after removing URLs, e-mail addresses and @handles.

    The text is split at whitespace first; each distinct chunk is then split once (see
    :func:`word_runs`), which is several times faster than a regex over the whole text.

    Parameters
    ----------
    text : str
    decimals : bool, default False
        Keep numbers such as ``1.25`` or ``٣٫٥`` as one run.

    Returns
    -------
    list of str

    Examples
    --------
    >>> raw_tokens("زار العِراقَ، ثم #قمة_بغداد عبر https://x.example/a")
    ['زار', 'العِراقَ', 'ثم', 'قمة_بغداد', 'عبر']
    """
    out: list[str] = []
    for chunk in text.split():
        out.extend(word_runs(chunk, decimals))
    return out


@lru_cache(maxsize=1 << 18)
def split_raw(raw: str) -> tuple[tuple[str, str], ...]:
    """Split one raw run into ``(kind, token)`` pairs; kind is ``"arabic"``, ``"number"`` or ``"latin"``.

    ``"latin"`` covers every non-Arabic script; such tokens are lower-cased. Runs of marks with
    no letter are dropped.

    Examples
    --------
    >>> split_raw("قمة_بغداد")
    (('arabic', 'قمة'), ('arabic', 'بغداد'))
    >>> split_raw("2025م")
    (('number', '2025'), ('arabic', 'م'))
    >>> split_raw("COVID19")
    (('latin', 'covid19'),)
    """
    if raw[0] != "\u0640" and min(raw) >= "\u0621" and max(raw) <= "\u064a":  # plain Arabic letters
        return (("arabic", raw),)
    out = []
    for part in raw.split("_"):
        if _NUMBER.fullmatch(part):
            out.append(("number", part))
            continue
        for run in _RUNS.findall(part):
            if _ARABIC_CHAR.match(run):
                out.append(("arabic", run))
            elif _NUMBER.fullmatch(run):
                out.append(("number", run))
            else:
                out.append(("latin", run.lower()))
    return tuple(out)


_ARABIC_CHAR = re.compile(rf"[{ARABIC_LETTERS}]")


def tokenize(text: str, *, numbers: bool = False, latin: bool = True) -> list[str]:
    """Split text into word tokens, as written (not normalised).

    A word with diacritics or tatweel is one token. Arabic and Latin punctuation
    (، ؛ ؟ « » and the rest) separate tokens. URLs, e-mail addresses and @handles are dropped;
    hashtags become their words. Latin (and other non-Arabic) words are lower-cased.

    Parameters
    ----------
    text : str
    numbers : bool, default False
        Keep numbers (Western, Arabic-Indic or Persian digits, with decimal separators).
    latin : bool, default True
        Keep words in non-Arabic scripts.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("قال الرئيـــس إنّ «الناتو» سيجتمع، في 2025؛ #قمة_بغداد NATO")
    ['قال', 'الرئيـــس', 'إنّ', 'الناتو', 'سيجتمع', 'في', 'قمة', 'بغداد', 'nato']
    >>> tokenize("نما الاقتصاد ٣٫٥٪ في 2025", numbers=True)
    ['نما', 'الاقتصاد', '٣٫٥', 'في', '2025']
    """
    out = []
    for raw in raw_tokens(text, decimals=numbers):
        for kind, token in split_raw(raw):
            if kind == "arabic" or (kind == "number" and numbers) or (kind == "latin" and latin):
                out.append(token)
    return out
