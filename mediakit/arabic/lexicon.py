"""Whole words that clitic stripping must never cut: dictionary words and catalog names.

A token such as ولاية, لجنة, بيان or فيصل begins with a letter that could be a proclitic (و ف ب
ك ل), and what remains (لاية, جنة, يان, يصل) may even be a word of the corpus. Corpus statistics
alone then cut it. Two sources say such a token is a word in its own right:

- **the Arramooz dictionary** (package ``arramooz-pysqlite``, GPL, shipped offline as SQLite):
  about 30,000 nouns and 14,000 verbs of Modern Standard Arabic, with each noun's feminine and
  plural forms. :func:`dictionary_words` gives the normalised forms (lemma, feminine in ة,
  sound plurals in ون/ين/ات, broken plurals; a verb's past stem with ت and وا) of the entries
  that begin with one of those letters;
- **the entity catalog**: every word of every name and alias of the default catalog
  (:func:`catalog_words`), so that كيري, كندا, لبنان, فيصل are never cut.

Examples
--------
>>> words = protected_words()
>>> [w in words for w in ("ولاية", "لجنة", "بيان", "كيري", "لبنان", "وقال", "للعراق")]
[True, True, True, True, True, False, False]
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sqlite3
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path

from mediakit.arabic.normalize import normalize

__all__ = ["ENDINGS", "PROCLITIC_LETTERS", "catalog_words", "dictionary_words", "protected_words", "with_endings"]

#: Letters a proclitic chain can begin with.
PROCLITIC_LETTERS = "وفبكل"
_LETTERS = re.compile(r"[^\W\d_]+")
_CLITIC_ARTICLE = ("وال", "فال", "بال", "كال", "لل")
_CATALOG_FILES = ("entities_countries.csv", "entities_orgs.csv", "entities_people.csv", "entities_places.csv")


def _dictionary_path() -> Path:
    # the data file only: importing arramooz itself would load its Python API, which we do not use
    spec = importlib.util.find_spec("arramooz")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("clitic stripping needs the Arramooz dictionary: pip install arramooz-pysqlite")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "arabicdictionary.sqlite"


def _noun_forms(lemma: str, feminable: int, masculine: int, feminine: int, broken: str) -> list[str]:
    forms = [lemma]
    stem = lemma[:-1] if lemma.endswith("ة") else lemma
    if feminable and not lemma.endswith("ة"):
        forms.append(lemma + "ة")
    if masculine:
        forms += [lemma + "ون", lemma + "ين"]
    if feminine or lemma.endswith("ة"):
        forms.append(stem + "ات")
    if "(" not in broken and ")" not in broken:  # a field holding a note, not plurals
        forms += [b for b in broken.replace("،", ";").split(";") if b.strip() and b.strip()[0] == lemma[:1]]
    return forms


@cache
def _all_dictionary_forms() -> frozenset[str]:
    """Every normalised form :func:`dictionary_words` draws from, whatever its first letter."""
    path = _dictionary_path()
    uri = path.resolve().as_uri() + "?mode=ro"
    forms: list[str] = []
    with sqlite3.connect(uri, uri=True) as db:
        for lemma, feminable, masculine, feminine, broken in db.execute(
            "select unvocalized, feminable, masculin_plural, feminin_plural, broken_plural from nouns"
        ):
            if lemma:
                forms += _noun_forms(lemma, feminable or 0, masculine or 0, feminine or 0, broken or "")
        for (lemma,) in db.execute("select unvocalized from verbs"):
            if lemma:
                forms += [lemma, lemma + "ت", lemma + "وا"]
    return frozenset(w for w in (normalize(f.strip()).replace(" ", "") for f in forms) if len(w) >= 2)


@cache
def dictionary_words() -> frozenset[str]:
    """Normalised dictionary words (with their feminine and plural forms) that begin with و ف ب
    ك or ل: words that are not a proclitic plus a word.

    Examples
    --------
    >>> {"وزير", "وزراء", "وكالة", "وكالات", "لاعبون", "وافق"} <= dictionary_words()
    True
    >>> "وقال" in dictionary_words()
    False
    """
    return frozenset(w for w in _all_dictionary_forms() if len(w) >= 3 and w[0] in PROCLITIC_LETTERS)


@cache
def catalog_words() -> frozenset[str]:
    """Every word of every name and alias of the default entity catalog, normalised, with the
    article removed (العراق gives عراق): names that must stay whole. Left out: words written
    with a proclitic and the article (والهرسك), and, after the first word of a place or body's
    name, words beginning with و or ل, or with ب ف ك before a dictionary word (وتوباغو,
    لمكافحة, بقيادة), where those letters are clitics.

    Examples
    --------
    >>> {"كيري", "كندا", "لبنان", "عراق"} <= catalog_words()
    True
    """
    out = set()
    data = files("mediakit.data")
    for name in _CATALOG_FILES:
        with data.joinpath(name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                person = row.get("type") == "PER"
                for name in [row.get("entity") or "", *(row.get("aliases") or "").split("|")]:
                    for position, word in enumerate(_LETTERS.findall(normalize(name))):
                        if word.startswith("ال"):
                            out.add(word[2:])
                        elif word.startswith(_CLITIC_ARTICLE):
                            continue
                        elif position == 0 or person or not _clitic_and_word(word):
                            # inside the name of a place or body, a proclitic and a word is
                            # what it looks like: ترينيداد وتوباغو, منظمة ... لمكافحة ...,
                            # التحالف بقيادة السعودية
                            out.add(word)
    return frozenset(w for w in out if len(w) >= 3)


def _clitic_and_word(word: str) -> bool:
    if word[0] not in PROCLITIC_LETTERS:
        return False
    if word[0] in "ول":
        return True
    return word[1:] in _all_dictionary_forms()


#: Pronoun and case endings a whole word may carry (ولايتها is ولاية + ها, والده والد + ه).
ENDINGS = ("هما", "هم", "هن", "ها", "اه", "كم", "نا", "ه", "ك", "ي")


def with_endings(words: Iterable[str]) -> frozenset[str]:
    """The words with their pronoun endings (ة written ت before them) and, for a feminine nisba
    in ية (six letters or more), its masculine: the forms in which a whole word is met in text.

    ي is added only to words of four letters or more (وبقي is the verb بقي after و, not وبق + ي).

    Examples
    --------
    >>> sorted(w for w in with_endings(["ولاية"]) if w == "ولاية" or w.endswith("ها"))
    ['ولاية', 'ولايتها']
    >>> "باليستي" in with_endings(["باليستية"])
    True
    """
    out = set()
    for word in words:
        out.add(word)
        if word.endswith("ية") and len(word) >= 6:
            out.add(word[:-1])
        base = word[:-1] + "ت" if word.endswith("ة") else word
        for ending in ENDINGS:
            if len(word) >= (4 if ending == "ي" else 3):
                out.add(base + ending)
    return frozenset(out)


@cache
def protected_words() -> frozenset[str]:
    """:func:`dictionary_words` and :func:`catalog_words` together, :func:`with_endings`."""
    return with_endings(dictionary_words() | catalog_words())
