"""Character-level normalisation of Arabic text, driven by the tables in ``mediakit/data/normalize.json``."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

__all__ = ["PROFILES", "normalization_table", "normalize", "spelling_pattern"]

PROFILES = ("display", "search", "aggressive")

_PRESENTATION_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE))


def _codepoints(spec: str) -> range:
    start, _, end = spec.partition("-")
    first = int(start, 16)
    return range(first, int(end or start, 16) + 1)


@cache
def _raw_tables() -> dict:
    text = files("mediakit.data").joinpath("normalize.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def normalization_table(profile: str = "search") -> dict[int, str | None]:
    """Return the ``str.translate`` table of a normalisation profile.

    Parameters
    ----------
    profile : {"display", "search", "aggressive"}
        The profile to compile; see :func:`normalize`.

    Returns
    -------
    dict
        Maps code points to their replacement string, or to ``None`` for deletion.

    Examples
    --------
    >>> normalization_table("search")[ord("أ")]
    'ا'
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown normalisation profile {profile!r}; choose one of {', '.join(PROFILES)}")
    spec = _raw_tables()[profile]
    table: dict[int, str | None] = dict(normalization_table(spec["extends"])) if "extends" in spec else {}
    for cps in spec.get("delete", {}):
        for cp in _codepoints(cps):
            table[cp] = None
    for cps, (target, _label) in spec.get("replace", {}).items():
        base = int(target, 16)
        source = _codepoints(cps)
        for offset, cp in enumerate(source):
            table[cp] = chr(base + offset) if len(source) > 1 else chr(base)
    if spec.get("fold_presentation_forms"):
        # The folded form is itself passed through the table, so that a ligature such as
        # U+FDF2 comes out without the diacritics NFKC gives it.
        for low, high in _PRESENTATION_RANGES:
            for cp in range(low, high + 1):
                ch = chr(cp)
                folded = unicodedata.normalize("NFKC", ch)
                if folded != ch and cp not in table:
                    table[cp] = folded.translate(table)
    # Replacements inherited from the parent profile go through this profile's own maps too
    # (a presentation form folded to ئا by "search" is ءا in "aggressive"), which keeps every
    # profile idempotent.
    for cp, value in table.items():
        if value:
            table[cp] = value.translate(table)
    return table


@cache
def _trigger(profile: str) -> re.Pattern:
    """A character class of everything the profile changes, to skip text it leaves alone."""
    points = sorted(normalization_table(profile))
    ranges, start, prev = [], points[0], points[0]
    for cp in [*points[1:], -1]:
        if cp != prev + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = cp
        prev = cp
    return re.compile("[" + "".join(ranges) + "]")


def normalize(text: str, *, profile: str = "search") -> str:
    """Normalise Arabic text with one pass of ``str.translate``.

    Profiles, each a documented table in ``mediakit/data/normalize.json``:

    ``"display"``
        Removes what a reader cannot see: directional marks and embeddings, zero-width space,
        byte order marks, soft hyphens and tatweel; no-break spaces become spaces.
        Zero-width (non-)joiners are kept, because they change how letters join.
    ``"search"``
        ``"display"`` plus: diacritics removed; alef forms أ إ آ ٱ → ا; ى → ي; Persian and Urdu
        letter forms (ک ی ە ۀ ...) → Arabic; Arabic-Indic and Persian digits → ASCII digits;
        presentation forms (including the لا ligatures) folded back to base letters.
    ``"aggressive"``
        ``"search"`` plus ة → ه and ؤ ئ → ء.

    Every profile is idempotent. Latin text is untouched apart from the invisible characters.

    Parameters
    ----------
    text : str
        Any text.
    profile : {"display", "search", "aggressive"}, default "search"

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("أَعلنَ الرئيـــس ١٥ إجراءً")
    'اعلن الرئيس 15 اجراء'
    >>> normalize("الع\u200fراق", profile="display")
    'العراق'
    """
    table = normalization_table(profile)
    # str.translate costs ~60 ns a character on non-ASCII text; a regex scan is ~20x cheaper,
    # and most text needs no "display" change at all.
    if _trigger(profile).search(text) is None:
        return text
    return text.translate(table)


def spelling_pattern(phrases: Iterable[str], *, profile: str = "search", presentation_forms: bool = False) -> str:
    """A regular expression for normalised phrases as they may be written in raw text.

    Each letter matches every character that normalises to it (ا as أ إ آ, ي as ى …), the
    characters the profile deletes (diacritics, tatweel, invisible marks) may follow any letter,
    and a space matches any run of white space. The phrases form one trie of alternatives, so a
    shared start is tried once: several times faster than a flat list. A match, normalised with
    the same ``profile``, is one of the phrases. Word boundaries are the caller's to add.

    Parameters
    ----------
    phrases : iterable of str
        Phrases already normalised with ``profile``.
    profile : {"display", "search", "aggressive"}, default "search"
    presentation_forms : bool, default False
        Also match the presentation forms (U+FB50–FDFF, U+FE70–FEFE) that fold to a letter.
        News text carries almost none (none in 2,000 ANT articles), and they make every letter
        a large class: a scan takes about twice as long with them.

    Returns
    -------
    str
        The pattern, uncompiled ("" when there is no phrase).

    Examples
    --------
    >>> import re
    >>> found = re.findall(spelling_pattern(["قال", "قالت"]), "وقـالَت أمس إنه قال")
    >>> found, [normalize(f) for f in found]
    (['قـالَت', 'قال'], ['قالت', 'قال'])
    """
    table = normalization_table(profile)
    sources: dict[str, set[str]] = {}
    for cp, value in table.items():
        folded = any(low <= cp <= high for low, high in _PRESENTATION_RANGES)
        if value and len(value) == 1 and (presentation_forms or not folded):
            sources.setdefault(value, set()).add(chr(cp))
    marks = "[" + "".join(re.escape(chr(cp)) for cp, value in sorted(table.items()) if not value and cp > 32) + "]*"

    def letter(ch: str) -> str:
        forms = sorted({ch, *sources.get(ch, ())})
        return re.escape(ch) if len(forms) == 1 else "[" + "".join(re.escape(c) for c in forms) + "]"

    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        options = [
            (r"\s+" if ch == " " else letter(ch) + marks) + branch(rest) for ch, rest in sorted(node.items()) if ch
        ]
        if not options:
            return ""
        body = "(?:" + "|".join(options) + ")"
        return body + "?" if "" in node else body

    return branch(trie)
