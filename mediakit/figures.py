"""Figures the news reports: tolls, amounts and counts, with what they count, read with rules.

:func:`figures` finds every number of a text (Western, Eastern Arabic or Persian digits, with
thousands separators and decimals; Arabic number words such as خمسة وعشرين or ثلاثة آلاف
وخمسمائة; mixed forms such as ``15 ألف`` and ``2.5 مليار``; vague counts such as عشرات or مئات
الآلاف) with one compiled pattern, then reads the words around each: the noun it counts
(``25 قتيلا``, ``2.5 مليار دولار``, ``40 في المئة``), the word that says what happened to the
people it counts (``قتل 25 شخصا``, ``اعتقال 11 مطلوبا``, ``ارتفع عدد القتلى إلى 32``), and the
words that make it approximate (نحو، أكثر من، بين … و …).

A number counts as a figure only when a noun or such a word gives it a kind; years, dates,
ages and durations, times, article and resolution numbers, ordinals and scores do not.

The nouns, the words of context, the words that rule a number out and the approximation words
are data: ``mediakit/data/figure_kinds.csv`` (see :func:`figure_kinds`).
"""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice
from os import PathLike

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from mediakit._progress import progress_bar
from mediakit._schema import check_articles, texts_of
from mediakit.arabic import normalize, spelling_pattern
from mediakit.display import display_text
from mediakit.plots import _colours, _date_axis, _legend

__all__ = [
    "APPROX",
    "FIGURE_COLUMNS",
    "TOLL_COLUMNS",
    "evaluate_figures",
    "figure_kinds",
    "figures",
    "latin_name",
    "plot_toll",
    "toll_table",
]

#: The columns of :func:`figures`.
FIGURE_COLUMNS = ["id", "published", "source", "kind", "value", "low", "high", "approx", "unit", "text", "start", "end"]
#: What the ``approx`` column may hold (see :func:`figures`).
APPROX = ("", "about", "more", "less", "range", "vague")
#: The columns of :func:`toll_table`.
TOLL_COLUMNS = [
    "group",
    "source",
    "kind",
    "reports",
    "first_published",
    "first_value",
    "last_published",
    "last_value",
    "max_value",
    "revised",
]
_ROLES = ("noun", "trigger", "before", "approx")
_KIND_COLUMNS = ["role", "kind", "unit", "forms"]

_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_MARKS = "\u064b-\u065f\u0670\u0640\u200c"  # diacritics, tatweel and ZWNJ: inside a word
_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06fa-\u06ffA-Za-z"
_FORMAT = "\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff"  # invisible marks between words
_TOKEN = re.compile(
    rf"(?P<n>[{_DIGITS}]+(?:[.,\u066b\u066c\u060c][{_DIGITS}]+)*)|(?P<w>[{_LETTERS}{_MARKS}]+)|(?P<p>[^\s{_FORMAT}])"
)
_norm = lru_cache(maxsize=1 << 16)(normalize)
_EAST = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹\u066b\u066c", "01234567890123456789.,")
_WINDOW = 12  # words before a number searched for what it counts (قتل … 25 شخصا)
_CLITICS = "وفبلك"

# -- number words (normalised with the "search" profile: bare alef, final ي) ---------------------

_UNITS = {
    "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "اثنتا": 2, "اثنتي": 2, "ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5,
    "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9,
    "عشر": 10, "عشرة": 10,
}  # fmt: skip
_ELEVEN = {"احد": 1, "احدي": 1}  # only before عشر / عشرة
_TENS = {
    stem + end: value
    for stem, value in (
        ("عشر", 20),
        ("ثلاث", 30),
        ("اربع", 40),
        ("خمس", 50),
        ("ست", 60),
        ("سبع", 70),
        ("ثمان", 80),
        ("تسع", 90),
    )
    for end in ("ون", "ين")
}
_HUNDRED = ("مئة", "مائة", "مئه", "مائه")
_HUNDREDS = {h: 100 for h in _HUNDRED} | {
    f"{stem}{h}": value * 100
    for stem, value in (
        ("ثلاث", 3),
        ("اربع", 4),
        ("خمس", 5),
        ("ست", 6),
        ("سبع", 7),
        ("ثمان", 8),
        ("ثماني", 8),
        ("تسع", 9),
    )
    for h in _HUNDRED
}
_HUNDREDS |= {f"{s}{e}": 200 for s in ("مئت", "مائت") for e in ("ان", "ين", "ي")}
#: scale word -> (scale, how it counts): one (ألف), two (ألفين) or many (آلاف: exact after 3–10, vague alone)
_SCALES = {
    **{w: (1e3, 1) for w in ("الف", "الفا")},
    **{w: (1e3, 2) for w in ("الفين", "الفي", "الفان")},
    **{w: (1e3, 0) for w in ("الاف", "الالاف")},
    **{w: (1e6, 1) for w in ("مليون", "مليونا")},
    **{w: (1e6, 2) for w in ("مليونين", "مليوني", "مليونان")},
    **{w: (1e6, 0) for w in ("ملايين", "الملايين")},
    **{w: (1e9, 1) for w in ("مليار", "مليارا", "بليون", "بليونا")},
    **{w: (1e9, 2) for w in ("ملياري", "مليارين", "ملياران")},
    **{w: (1e9, 0) for w in ("مليارات", "المليارات", "بلايين")},
}
_VAGUE = {"عشرات": (20, 99), "العشرات": (20, 99), "مئات": (200, 999), "المئات": (200, 999), "مايات": (200, 999)}
_FEW = ("بضع", "بضعة")
_HALF = "نصف"
_WORDS = {**_UNITS, **_TENS, **_HUNDREDS}


@cache
def _candidates() -> re.Pattern:
    """Where a number may start: digits, or a number word (with و ب ل ف before it)."""
    words = [*_WORDS, *_ELEVEN, *_SCALES, *_VAGUE, *_FEW, _HALF]
    edge = rf"[\w{_MARKS}]"
    return re.compile(rf"[{_DIGITS}]+|(?<!{edge})[وبلف]?{spelling_pattern(words)}(?!{edge})")


def _number_word(word: str) -> str | None:
    """The number word in a token (بمئات -> مئات, وعشرين -> عشرين), or None."""
    if word in _WORDS or word in _SCALES or word in _VAGUE or word in _ELEVEN or word in _FEW or word == _HALF:
        return word
    if len(word) > 2 and word[0] in "وبلف":
        return _number_word(word[1:])
    return None


def _digits_value(raw: str) -> float | None:
    """1,500 and ١٬٥٠٠ are thousands; 2.5, ٢٫٥, 6,4 and 1،7 are decimals."""
    text = raw.translate(_EAST).replace("\u060c", ",")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text) or re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):
        return float(text.replace(",", "").replace(".", ""))
    if re.fullmatch(r"\d+", text):
        return float(text)
    if re.fullmatch(r"\d+[.,]\d+", text):
        return float(text.replace(",", "."))
    return None


# -- the kinds table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kinds:
    nouns: dict  # normalised noun (one or two words) -> (kind, unit); kind "none" rules a number out
    triggers: dict  # normalised word -> kind
    before: frozenset  # normalised words that rule out the number after them
    approx: dict  # normalised phrase -> about / more / less / range
    months: frozenset


def _read_kinds(kinds: str | PathLike | pd.DataFrame | None) -> pd.DataFrame:
    if kinds is None:
        text = files("mediakit.data").joinpath("figure_kinds.csv").read_text("utf-8")
        return pd.DataFrame(list(csv.DictReader(text.splitlines())), columns=_KIND_COLUMNS)
    if isinstance(kinds, pd.DataFrame):
        frame, where = kinds, "the kinds frame"
    else:
        frame, where = pd.read_csv(kinds, dtype=str, keep_default_na=False), str(kinds)
    missing = [c for c in ("role", "kind", "forms") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{where}: no {', '.join(map(repr, missing))} column (columns: {', '.join(map(str, frame.columns))})"
        )
    frame = frame.reindex(columns=_KIND_COLUMNS).fillna("").astype(str)
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        if row.role.strip() not in _ROLES:
            raise ValueError(f"{where}, line {i}: field 'role' = {row.role!r}: must be one of {', '.join(_ROLES)}")
        if not row.kind.strip() or not row.forms.strip():
            field = "kind" if not row.kind.strip() else "forms"
            raise ValueError(f"{where}, line {i}: field {field!r} is empty")
    return frame


def figure_kinds(kinds: str | PathLike | pd.DataFrame | None = None) -> pd.DataFrame:
    """The table of nouns and words that give numbers their kind: the package's, plus ``kinds``.

    Columns (a CSV with a header row, or a DataFrame):

    ``role``
        ``noun``: a noun a number counts (``قتيل``, ``دولار``); its ``kind`` of ``none`` rules
        the number out (``عاما``, ``دقيقة``, ``نقطة``). ``trigger``: a word before a number, or
        just after its noun, that gives a generic noun (``شخص``, ``مدني``, ``آخرين``) or a bare
        number its kind (``قتل``, ``اعتقال``, ``القتلى``). ``before``: a word that rules out the
        number after it (``عام``, ``المادة``, ``الساعة``). ``approx``: a phrase before a number,
        whose ``kind`` is one of about / more / less / range.
    ``kind``
        Any name: killed, injured, money …, or ``none``.
    ``unit``
        For nouns: the unit the value is in (a currency for money, ``barrel``, ``%``).
    ``forms``
        The written forms, ``|`` between them, as written (hamza, ة); clitics (و ف ب ل ك, ال)
        before them and tanween or diacritics on them are matched without listing them.

    Rows of ``kinds`` come first, so a user's noun overrides the package's.

    Examples
    --------
    >>> table = figure_kinds()
    >>> sorted(set(table.loc[table["role"] == "noun", "kind"]))[:4]
    ['arrested', 'displaced', 'injured', 'kidnapped']
    """
    own = _read_kinds(None)
    if kinds is None:
        return own
    return pd.concat([_read_kinds(kinds), own], ignore_index=True)


def _months() -> frozenset:
    data = json.loads(files("mediakit.data").joinpath("dates.json").read_text("utf-8"))
    return frozenset(name.split()[0] for system in ("gregorian", "hijri") for name in data.get(system, {}))


def _compile(table: pd.DataFrame) -> _Kinds:
    nouns: dict[str, tuple[str, str]] = {}
    triggers: dict[str, str] = {}
    before: set[str] = set()
    approx: dict[str, str] = {}
    for row in table.itertuples(index=False):
        role, kind, unit = row.role.strip(), row.kind.strip(), row.unit.strip()
        for form in (f.strip() for f in row.forms.split("|")):
            if not form:
                continue
            key = " ".join(_norm(w) for w in form.split())
            if role == "noun":
                nouns.setdefault(key, (kind, unit))
                if key[-1] not in "اةيه%٪" and " " not in key:
                    nouns.setdefault(key + "ا", (kind, unit))  # tanween of the accusative: قتيلاً
            elif role == "trigger":
                triggers.setdefault(key, kind)
            elif role == "before":
                before.add(key)
            else:
                approx.setdefault(key, kind)
    return _Kinds(nouns, triggers, frozenset(before), approx, _months())


@cache
def _default_kinds() -> _Kinds:
    return _compile(figure_kinds())


def _strip(word: str, table: dict | frozenset) -> str | None:
    """The entry of ``table`` that ``word`` is, with or without a proclitic and ال."""
    if word in table:
        return word
    for start in (word[1:] if word[:1] in _CLITICS and len(word) > 3 else None, word):
        if not start:
            continue
        if start in table:
            return start
        for article in ("ال", "لل"):
            if start.startswith(article) and len(start) > len(article) + 1:
                rest = start[len(article) :] if article == "ال" else start[2:]
                if rest in table:
                    return rest
    return None


_NISBA_NOT = frozenset(
    {"يوميا", "سنويا", "شهريا", "اسبوعيا", "تقريبا", "حاليا", "رسميا", "دوليا", "محليا", "اضافيا", "نهائيا"}
)


def _nisba(word: str) -> bool:
    """A word for people of a place or group (فلسطينيين، إيرانياً، سوريون)."""
    return (
        len(word) >= 5
        and not word.startswith("ال")
        and word.endswith(("يين", "يون", "يا", "ي"))
        and word not in _NISBA_NOT
    )


# -- reading one number -------------------------------------------------------------------------


@dataclass
class _Tok:
    type: str  # n, w, p
    text: str  # normalised word, digits as written, or the character
    start: int
    end: int


def _tokens(text: str, start: int, stop: int, limit: int | None = None) -> list[_Tok]:
    out = []
    for m in islice(_TOKEN.finditer(text, start, stop), limit):
        kind = m.lastgroup
        raw = m.group()
        out.append(_Tok(kind, _norm(raw) if kind == "w" else raw, m.start(), m.end()))
    return out


def _words_before(text: str, start: int, chars: int) -> list[_Tok]:
    return _tokens(text, max(0, start - chars), start)


def _scale(tok: _Tok | None) -> tuple[float, int] | None:
    if tok is None or tok.type != "w":
        return None
    word = tok.text
    if word in _SCALES:
        return _SCALES[word]
    if word[:1] in "وبلف" and word[1:] in _SCALES:
        return None  # a new term (وألف), not the scale of this one
    return None


def _term(toks: list[_Tok], i: int) -> tuple[float, float, float, float, bool, int] | None:
    """One term at toks[i]: (value, low, high, scale, vague, index after) or None."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if tok.type == "n":
        value = _digits_value(tok.text)
        if value is None:
            return None
        j, scale = i + 1, 1.0
        found = _scale(nxt)
        if found is not None:
            scale, j = found[0], i + 2
        value *= scale
        return value, value, value, scale, False, j
    if tok.type != "w":
        return None
    word = _number_word(tok.text)
    if word is None:
        return None
    if word in _FEW:  # بضع عشرات, بضعة آلاف
        if (
            nxt is None
            or nxt.type != "w"
            or (_number_word(nxt.text) not in _VAGUE and _number_word(nxt.text) not in _SCALES)
        ):
            return None
        found = _term(toks, i + 1)
        return None if found is None else (found[0], found[1], found[2], found[3], True, found[5])
    if word == _HALF:
        found = _scale(nxt)
        if found is None or found[1] != 1:
            return None
        return found[0] / 2, found[0] / 2, found[0] / 2, found[0], False, i + 2
    if word in _VAGUE:
        low, high = _VAGUE[word]
        j, scale = i + 1, 1.0
        found = _scale(nxt)
        if found is not None and found[1] == 0:
            scale, j = found[0], i + 2
        return low * scale, low * scale, (high + 1) * scale - 1, scale, True, j
    if word in _SCALES:
        scale, count = _SCALES[word]
        if count == 0:
            return 2 * scale, 2 * scale, 10 * scale - 1, scale, True, i + 1
        return count * scale, count * scale, count * scale, scale, False, i + 1
    j = i + 1
    if word in _ELEVEN or word in _UNITS:
        value = _ELEVEN.get(word) or _UNITS[word]
        if nxt is not None and nxt.type == "w" and nxt.text in ("عشر", "عشرة") and value < 10:
            value, j = value + 10, i + 2
        elif word in _ELEVEN:
            return None
        elif nxt is not None and nxt.type == "w" and nxt.text in _HUNDRED and value < 10:
            value, j = value * 100, i + 2
    else:
        value = _WORDS[word]
    scale = 1.0
    found = _scale(toks[j] if j < len(toks) else None)
    if found is not None and found[1] in (0, 1):
        scale, j = found[0], j + 1
    value *= scale
    return value, value, value, scale, False, j


def _phrase(toks: list[_Tok], i: int) -> tuple[float, float, float, bool, bool, int] | None:
    """A number phrase at toks[i]: terms joined by و, each smaller than the scale before it
    (7 ملايين و613 ألفا و155; ثلاثة آلاف وخمسمائة; خمسة وعشرين). Returns (value, low, high,
    vague, words, index after)."""
    first = _term(toks, i)
    if first is None:
        return None
    value, low, high, scale, vague, j = first
    words = toks[i].type == "w"
    last = value
    while not vague and j < len(toks):
        tok = toks[j]
        if tok.type == "w" and tok.text == "و" and j + 1 < len(toks):
            k = j + 1
        elif tok.type == "w" and tok.text.startswith("و") and _number_word(tok.text[1:]) and tok.text[1:] not in _FEW:
            k = j
        else:
            break
        if toks[k].type == "w" and toks[k].text in ("نصف", "ونصف") and scale > 1:
            value, j = value + scale / 2, k + 1
            low = high = value
            break
        saved = toks[k]
        if k == j:  # the conjunction is on the word: read the word without it
            toks[k] = _Tok("w", tok.text[1:], tok.start + 1, tok.end)
        nxt = _term(toks, k)
        toks[k] = saved
        if nxt is None or nxt[4]:
            break
        # a unit before its tens (خمسة وعشرين), or a smaller part after a scale or a hundred
        unit_then_tens = words and last < 10 and 20 <= nxt[0] < 100 and scale == 1
        if not (nxt[0] < scale or (scale == 1 and last >= 100 and nxt[0] < 100) or unit_then_tens):
            break
        value += nxt[0]
        last, scale, j = nxt[0], nxt[3], nxt[5]
        low = high = value
    return value, low, high, vague, words, j


# -- what a number counts -----------------------------------------------------------------------

_QUOTES = frozenset("\"«»“”()'")
_GENERIC = frozenset({"people", "troops"})


def _noun_after(toks: list[_Tok], j: int, kinds: _Kinds) -> tuple[str, str, int, int] | None:
    """The noun after a number at toks[j]: (kind, unit, index of the noun, index after)."""
    k, skipped_of = j, False
    while k < len(toks) and k <= j + 3:
        tok = toks[k]
        if tok.type == "p":
            if tok.text in "%٪":
                return "percent", kinds.nouns.get("%", ("percent", "%"))[1], k, k + 1
            if tok.text in _QUOTES or tok.text == "ـ":
                k += 1
                continue
            return None
        if tok.type != "w":
            return None
        if k + 1 < len(toks) and toks[k + 1].type == "w":
            pair = f"{tok.text} {toks[k + 1].text}"
            if pair in kinds.nouns:
                kind, unit = kinds.nouns[pair]
                return kind, unit, k, k + 2
        word = _strip(tok.text, kinds.nouns)
        if word is not None:
            kind, unit = kinds.nouns[word]
            return kind, unit, k, k + 1
        if tok.text == "من" and not skipped_of:  # 4 من رجال الأمن; عشرات المليارات من الدولارات
            skipped_of = True
            k += 1
            continue
        if _nisba(tok.text[1:] if tok.text[:1] in _CLITICS and _nisba(tok.text[1:]) else tok.text):
            return "people", "", k, k + 1
        return None
    return None


def _trigger(toks: list[_Tok], kinds: _Kinds) -> str | None:
    """The kind of the nearest trigger word in ``toks`` (read backwards)."""
    for tok in reversed(toks):
        if tok.type == "p" and tok.text in ".!?؟":
            return None
        if tok.type == "w":
            word = _strip(tok.text, kinds.triggers)
            if word is not None:
                return kinds.triggers[word]
    return None


def _approx_before(before: list[_Tok], kinds: _Kinds) -> tuple[str, str]:
    """The approximation phrase just before a number: (kind, phrase)."""
    words = [t.text for t in before[-4:] if t.type == "w"]
    for n in (4, 3, 2, 1):
        if len(words) >= n:
            phrase = " ".join(words[-n:])
            if phrase in kinds.approx:
                return kinds.approx[phrase], phrase
    return "", ""


def _at_least_after(toks: list[_Tok], j: int) -> bool:
    words = [t.text for t in toks[j : j + 2] if t.type == "w"]
    return words[:2] == ["علي", "الاقل"]


def _date_after(toks: list[_Tok], j: int, kinds: _Kinds) -> bool:
    word = toks[j].text
    if word in kinds.months:
        return True
    return word == "من" and j + 1 < len(toks) and toks[j + 1].text in ("الشهر", "الجاري")


def _read(text: str, start: int, kinds: _Kinds) -> tuple[tuple, int] | None:
    """The figure whose number starts at ``start``: ((kind, value, low, high, approx, unit,
    start, end), end of the number) or None with the end of what was read."""
    head = text[max(0, start - 2) : start]
    if head[-1:] in "-/:" or (head[-1:].isascii() and head[-1:].isalpha()):
        return None
    toks = _tokens(text, start, min(len(text), start + 120), 12)
    if not toks:
        return None
    parsed = _phrase(toks, 0)
    if parsed is None:
        return None
    value, low, high, vague, _words, j = parsed
    number_end = toks[j - 1].end
    after = toks[j] if j < len(toks) else None
    if (
        toks[0].type == "n"
        and after is not None
        and after.type == "p"
        and after.text in ":/-"
        and number_end == after.start
    ):
        return None  # 07:12, 2017/2018, 1-2
    before = _words_before(text, start, 32)
    last_word = next((t.text for t in reversed(before[-2:]) if t.type == "w"), "")
    if last_word and _strip(last_word, kinds.before) is not None:
        return None  # عام 2018, المادة 25, الساعة 9
    if after is not None and after.type == "w" and value <= 31 and _date_after(toks, j, kinds):
        return None  # 14 يونيو, 23 من الشهر الجاري
    approx, phrase = _approx_before(before, kinds)
    # a range: بين 10 و20 / ما بين ثلاثة إلى أربعة مليارات
    range_high = None
    if approx == "range" and after is not None and after.type == "w":
        k = None
        if after.text in ("و", "الي"):
            k = j + 1
        elif after.text.startswith("و") and _number_word(after.text[1:]):
            k = j
            toks[j] = _Tok("w", after.text[1:], after.start + 1, after.end)
        if k is not None and k < len(toks):
            second = _phrase(toks, k)
            if second is not None:
                range_high, j = second[0], second[5]
                scale = next((s for s, _ in [_SCALES.get(t.text, (None, 0)) for t in toks[k:j]] if s), None)
                if scale and value < scale and toks[0].type == toks[k].type:
                    value = low = value * scale
                after = toks[j] if j < len(toks) else None
    noun = _noun_after(toks, j, kinds)
    if noun is not None and noun[0] == "none":
        return None
    end = toks[noun[3] - 1].end if noun is not None else toks[j - 1].end
    if noun is not None and noun[0] == "money" and range_high is None and approx == "range":
        # بين 13 مليار ريال و14 مليار ريال: the second amount after the noun
        k = noun[3]
        if k < len(toks) and toks[k].type == "w" and (toks[k].text == "و" or toks[k].text.startswith("و")):
            m = k + 1 if toks[k].text == "و" else k
            if m == k:
                toks[k] = _Tok("w", toks[k].text[1:], toks[k].start + 1, toks[k].end)
            second = _phrase(toks, m) if m < len(toks) else None
            if second is not None:
                range_high = second[0]
                end = toks[second[5] - 1].end
                tail = _noun_after(toks, second[5], kinds)
                if tail is not None and tail[0] == "money":
                    end = toks[tail[3] - 1].end
    kind, unit = (noun[0], noun[1]) if noun is not None else ("", "")
    if noun is None or kind in _GENERIC:
        after_noun = noun[3] if noun is not None else j
        context = _trigger(before[-3:], kinds)
        if context is None and noun is not None:
            for tok in [t for t in toks[after_noun : after_noun + 4] if t.type == "w"][:3]:
                word = None if tok.text.startswith("و") else _strip(tok.text, kinds.triggers)
                if word is not None:
                    context = kinds.triggers[word]
                    break
        if context is None:
            context = _trigger(_words_before(text, start, 100)[-_WINDOW:] if noun is not None else before[-4:], kinds)
        if context is not None:
            kind, unit = context, ""
        elif noun is None:
            return None
    if toks[0].type == "n" and noun is None and re.fullmatch(r"(19|20)\d\d", toks[0].text.translate(_EAST)):
        return None  # a year
    if toks[0].type == "n" and noun is None and value >= 1900 and value <= 2100 and float(value).is_integer():
        return None
    # the approximation
    if range_high is not None:
        approx, low, high = "range", low, range_high
    elif vague:
        approx = "vague" if approx not in ("more",) else "more"
        if approx == "more":
            low, high = low, math.nan
    elif approx == "about":
        low = high = math.nan
    elif approx == "more" or _at_least_after(toks, noun[3] if noun is not None else j):
        strict = approx == "more" and "اقل" not in phrase
        low, high, approx = (value + 1 if strict and float(value).is_integer() else value), math.nan, "more"
    elif approx == "less":
        strict = "يزيد" not in phrase and "يتجاوز" not in phrase
        low, high = math.nan, value - 1 if strict and float(value).is_integer() else value
    else:
        approx = ""
        low = high = value
    if kind == "percent":
        unit = unit or "%"
    return (kind, value, low, high, approx, unit, start, end), end


def _figures_in(text: str, kinds: _Kinds) -> list[tuple]:
    found, reached = [], 0
    for m in _candidates().finditer(text):
        start = m.start()
        if start < reached:
            continue
        if (
            text[start] in "وبلف"
            and not text[start + 1 : start + 2].isdigit()
            and _number_word(_norm(m.group())) != _norm(m.group())
        ):
            start += 1
        read = _read(text, start, kinds)
        if read is None:
            continue
        figure, reached = read
        found.append(figure)
    return found


def figures(
    df: pd.DataFrame,
    *,
    kinds: str | PathLike | pd.DataFrame | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Every figure of every article: the number, what it counts, and how exactly it is given.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles: ``id`` and ``text``; ``published`` and ``source`` are copied when present.
        A missing text counts as empty.
    kinds : str, path or pandas.DataFrame, optional
        More nouns and words (see :func:`figure_kinds` for the columns), read before the
        package's table, so they add kinds and override its rows.
    progress : bool, default False
        Show a progress bar over the articles.

    Returns
    -------
    pandas.DataFrame
        One row per figure, in text order: ``id, published, source``; ``kind`` (killed, injured,
        arrested, missing, displaced, refugees, kidnapped, troops, people, money, oil, tons,
        percent, or a kind of ``kinds``); ``value`` (the number as written, scale words applied:
        ``2.5 مليار`` is 2.5e9; for a range its low end, for a vague count its lower bound);
        ``low`` and ``high`` (the bounds it gives, NaN where open or unknown); ``approx``, one of
        :data:`APPROX`: ``""`` exact (low = high = value), ``"about"`` (نحو، حوالي، قرابة، ما
        يقارب: bounds NaN), ``"more"`` (أكثر من 100: low 101; على الأقل / لا يقل عن 100: low
        100), ``"less"`` (أقل من 100: high 99), ``"range"`` (بين 10 و20: low 10, high 20),
        ``"vague"`` (عشرات 20–99, مئات 200–999, آلاف 2,000–9,999, عشرات الآلاف 20,000–99,999 …);
        ``unit`` (the currency for money, ``barrel``, ``ton``, ``%``, else ""); ``text``,
        ``start``, ``end``: the figure as written, from its number to its noun, with offsets into
        the article's text (``text[start:end]``).

    Notes
    -----
    A generic noun (شخص، مدني، جندي، آخرين …) takes the kind of the nearest word of context:
    one just after it (``75 شخصا لقوا حتفهم``) or, within eight words before it in the same
    sentence, one before (``مقتل 5 مدنيين``; ``بينهم 7 نساء`` after ``عدد القتلى``). A number
    without a noun is a figure only right after such a word (``ارتفع عدد القتلى إلى 32``).
    Percentages are kind ``percent``. Years, dates (a month name after the day), ages and
    durations (``عاما``، ``ساعة``), times (``07:30``), article, resolution and list numbers, scores
    (``2 - 1``, ``نقطة``) and ordinals (``الثالث``) are not figures.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a"], "text": ["قتل 25 شخصا وأصيب نحو أربعين آخرين."]})
    >>> figures(df)[["kind", "value", "approx", "text"]].values.tolist()
    [['killed', 25.0, '', '25 شخصا'], ['injured', 40.0, 'about', 'أربعين آخرين']]
    """
    check_articles(df, ("id", "text"))
    table = _default_kinds() if kinds is None else _compile(figure_kinds(kinds))
    texts = texts_of(df)
    ids = df["id"].tolist()
    published = df["published"].tolist() if "published" in df.columns else [pd.NaT] * len(df)
    sources = df["source"].tolist() if "source" in df.columns else [None] * len(df)
    rows = []
    for i in progress_bar(range(len(texts)), enabled=progress, desc="figures", total=len(texts)):
        text = texts[i]
        if not text:
            continue
        for kind, value, low, high, approx, unit, start, end in _figures_in(text, table):
            rows.append(
                (ids[i], published[i], sources[i], kind, value, low, high, approx, unit, text[start:end], start, end)
            )
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for column in ("value", "low", "high"):
        out[column] = out[column].astype(float)
    out["start"] = out["start"].astype(int)
    out["end"] = out["end"].astype(int)
    if "published" in df.columns:
        out["published"] = pd.to_datetime(out["published"], utc=True, errors="coerce")
    return out


def evaluate_figures(found: pd.DataFrame, gold: pd.DataFrame) -> dict:
    """Precision and recall of :func:`figures` against labelled numbers.

    Parameters
    ----------
    found : pandas.DataFrame
        :func:`figures` run on the labelled articles.
    gold : pandas.DataFrame
        ``id, start, end, kind, value`` per labelled number, ``kind`` empty for a number that is
        not a figure (a year, a date, an age …).

    Returns
    -------
    dict
        ``labelled`` (figures in ``gold``), ``found``; ``precision``: the share of found figures
        that overlap a labelled figure of the same kind and value (a found figure over a number
        labelled as no figure, or over no labelled number, is wrong); ``recall``: the share of
        labelled figures that a found figure overlaps; ``recall_right``: those whose kind and
        value are right too.

    Examples
    --------
    >>> gold = pd.DataFrame(
    ...     {"id": ["a", "a"], "start": [4, 19], "end": [6, 23], "kind": ["killed", ""], "value": [25, None]}
    ... )
    >>> found = figures(pd.DataFrame({"id": ["a"], "text": ["قتل 25 شخصا في عام 2018"]}))
    >>> evaluate_figures(found, gold)["precision"]
    1.0
    """
    gold = gold.copy()
    gold["kind"] = gold["kind"].fillna("").astype(str)
    by_id = {key: rows for key, rows in gold.groupby("id")}
    right = 0
    hit: set = set()
    hit_right: set = set()
    for row in found.itertuples(index=False):
        rows = by_id.get(row.id)
        if rows is None:
            continue
        over = rows[(rows["start"] < row.end) & (rows["end"] > row.start)]
        good = False
        for index, label in over.iterrows():
            if label["kind"]:
                hit.add(index)
                same = label["kind"] == row.kind and math.isclose(float(label["value"]), row.value, rel_tol=1e-6)
                if same:
                    hit_right.add(index)
                    good = True
        right += good
    figures_ = int((gold["kind"] != "").sum())
    in_gold = found[found["id"].isin(set(gold["id"]))]
    return {
        "labelled": figures_,
        "found": len(in_gold),
        "precision": right / len(in_gold) if len(in_gold) else math.nan,
        "recall": len(hit) / figures_ if figures_ else math.nan,
        "recall_right": len(hit_right) / figures_ if figures_ else math.nan,
    }


# -- comparing outlets ----------------------------------------------------------------------------


def toll_table(
    figures: pd.DataFrame,
    stories: pd.DataFrame | tuple | None = None,
    kind: str = "killed",
    *,
    window: str | pd.Timedelta = "3D",
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The figures each outlet reported for each story: first and last, so revisions and
    differences between outlets show.

    An article's figure for a story is the largest of its figures of ``kind`` (a report that
    gives a toll and a part of it, ``32 قتيلا بينهم 7 نساء``, gives 32). A story's outlets are
    then listed with their first and last report.

    Without stories, reports are grouped per day and entity: reports of ``kind`` that follow
    each other within ``window`` form one group, and with ``mentions`` only the reports of
    articles that lead with the same entity (their most mentioned place, else their most
    mentioned entity) do, so that two events of a kind on the same days stay apart.

    Parameters
    ----------
    figures : pandas.DataFrame
        The result of :func:`figures` (``id, published, source, kind, value``).
    stories : Stories or pandas.DataFrame, optional
        The result of :func:`mediakit.stories.stories`, or its ``articles`` (``id`` and
        ``story``). Without it, reports of ``kind`` are grouped in time: a report within
        ``window`` of the one before it belongs to the same group, labelled by its first day
        (a rough grouping: give stories or ``mentions`` where several events of a kind run at
        once).
    kind : str, default "killed"
    window : str or pandas.Timedelta, default "3D"
        The longest gap between two reports of one group, without stories.
    mentions : pandas.DataFrame, optional
        Entity mentions of the same articles (the result of :func:`mediakit.find_entities`:
        ``id``, ``entity`` and, to prefer places, ``type``). Used only without ``stories``.

    Returns
    -------
    pandas.DataFrame
        One row per story (or day) and outlet: ``group`` (the story number; without stories,
        the group's first day, or with ``mentions`` a label of that day and the entity,
        ``"2018-04-07 دمشق"``),
        ``source``, ``kind``, ``reports`` (articles with a figure), ``first_published``,
        ``first_value``, ``last_published``, ``last_value``, ``max_value`` and ``revised``
        (``True`` when the outlet's last figure differs from its first). Groups told by most
        outlets come first, then by the largest figure.

    Examples
    --------
    >>> when = pd.to_datetime(["2018-04-07 10:00", "2018-04-08 09:00", "2018-04-07 12:00"], utc=True)
    >>> df = pd.DataFrame({"id": ["a", "b", "c"], "source": ["bbc", "bbc", "cnn"], "published": when,
    ...                    "text": ["مقتل 25 شخصا", "ارتفع عدد القتلى إلى 40", "مقتل 30 شخصا"]})
    >>> table = toll_table(figures(df))
    >>> table[["source", "first_value", "last_value", "revised"]].values.tolist()
    [['bbc', 25.0, 40.0, True], ['cnn', 30.0, 30.0, False]]
    """
    missing = [c for c in ("id", "published", "source", "kind", "value") if c not in figures.columns]
    if missing:
        raise ValueError(
            f"the figures frame has no {', '.join(map(repr, missing))} column: pass the result of figures()"
        )
    chosen = figures[figures["kind"] == kind]
    per_article = (
        chosen.groupby("id", sort=False)
        .agg(published=("published", "first"), source=("source", "first"), value=("value", "max"))
        .reset_index()
    )
    per_article["published"] = pd.to_datetime(per_article["published"], utc=True, errors="coerce")
    if stories is not None:
        articles = stories.articles if hasattr(stories, "articles") else stories
        check_articles(articles, ("id", "story"))
        groups = articles.drop_duplicates("id").set_index("id")["story"]
        per_article["group"] = per_article["id"].map(groups)
    else:
        # reports of the kind that follow each other within ``window``: one run, one event
        per_article = per_article.dropna(subset=["published"])
        where = None
        if mentions is not None:
            check_articles(mentions, ("id", "entity"))
            where = per_article["id"].map(_leading_entity(mentions)).fillna("")
            per_article = per_article.assign(where=where).sort_values(["where", "published"], kind="stable")
            apart = (per_article["published"].diff() > pd.Timedelta(window)) | per_article["where"].ne(
                per_article["where"].shift()
            )
        else:
            per_article = per_article.sort_values("published", kind="stable")
            apart = per_article["published"].diff() > pd.Timedelta(window)
        first = per_article.groupby(apart.cumsum())["published"].transform("min").dt.floor("D")
        if where is None:
            per_article["group"] = first
        else:
            per_article["group"] = (first.dt.strftime("%Y-%m-%d") + " " + per_article["where"]).str.strip()
    per_article = per_article.dropna(subset=["group", "source"]).sort_values("published", kind="stable")
    if per_article.empty:
        return pd.DataFrame(columns=TOLL_COLUMNS)
    table = (
        per_article.groupby(["group", "source"], sort=False)
        .agg(
            reports=("value", "size"),
            first_published=("published", "first"),
            first_value=("value", "first"),
            last_published=("published", "last"),
            last_value=("value", "last"),
            max_value=("value", "max"),
        )
        .reset_index()
    )
    table["kind"] = kind
    table["revised"] = table["first_value"] != table["last_value"]
    rank = table.groupby("group").agg(outlets=("source", "nunique"), top=("max_value", "max"))
    table = table.join(rank, on="group").sort_values(
        ["outlets", "top", "group", "first_published"], ascending=[False, False, True, True], kind="stable"
    )
    return table[TOLL_COLUMNS].reset_index(drop=True)


def _leading_entity(mentions: pd.DataFrame) -> pd.Series:
    """Each article's most mentioned place (``LOC``), else its most mentioned entity; ties go
    to the one mentioned first."""
    found = mentions.dropna(subset=["id", "entity"])
    place = found["type"].eq("LOC") if "type" in found.columns else pd.Series(False, index=found.index)
    counted = (
        found.assign(place=place)
        .groupby(["id", "entity"], sort=False)
        .agg(n=("entity", "size"), place=("place", "first"))
        .reset_index()
        .sort_values(["place", "n"], ascending=False, kind="stable")
    )
    return counted.drop_duplicates("id").set_index("id")["entity"]


def plot_toll(
    data: pd.DataFrame,
    *,
    group: object = None,
    kind: str = "killed",
    title: str | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """A toll's reported value over time, one step line with markers per outlet.

    Parameters
    ----------
    data : pandas.DataFrame
        The figures of one story (the result of :func:`figures` restricted to its articles),
        or a :func:`toll_table` (then ``group`` picks the story, the first one by default, and
        each outlet's first and last reports are drawn).
    group : optional
        With a toll table: which story (or day).
    kind : str, default "killed"
    title : str, optional
        Shaped for display where it holds Arabic.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.step`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> when = pd.to_datetime(["2018-04-07 10:00", "2018-04-08 09:00"], utc=True)
    >>> df = pd.DataFrame({"id": ["a", "b"], "source": ["bbc", "bbc"], "published": when,
    ...                    "text": ["مقتل 25 شخصا", "ارتفع عدد القتلى إلى 40"]})
    >>> fig, ax = plt.subplots()
    >>> len(plot_toll(figures(df), ax=ax).get_lines())
    1
    """
    if "first_value" in data.columns:
        if data.empty:
            raise ValueError("the toll table has no rows: there is nothing to draw")
        group = data["group"].iloc[0] if group is None else group
        rows = data[data["group"] == group]
        points = pd.concat(
            [
                rows[["source", "first_published", "first_value"]].set_axis(["source", "published", "value"], axis=1),
                rows[["source", "last_published", "last_value"]].set_axis(["source", "published", "value"], axis=1),
            ]
        ).drop_duplicates()
    else:
        missing = [c for c in ("published", "source", "kind", "value") if c not in data.columns]
        if missing:
            raise ValueError(f"the figures frame has no {', '.join(map(repr, missing))} column")
        chosen = data[data["kind"] == kind]
        points = chosen.groupby("id").agg(
            published=("published", "first"), source=("source", "first"), value=("value", "max")
        )
    points = points.assign(published=pd.to_datetime(points["published"], utc=True, errors="coerce"))
    points = points.dropna(subset=["published", "source", "value"]).sort_values("published")
    if points.empty:
        raise ValueError(f"no dated {kind} figures with an outlet: there is nothing to draw")
    ax = ax or plt.gca()
    outlets = list(dict.fromkeys(points["source"]))
    for outlet, colour in zip(outlets, _colours(len(outlets)), strict=True):
        mine = points[points["source"] == outlet]
        when = mine["published"].dt.tz_localize(None)
        style = {"where": "post", "marker": "o", "color": colour, **kwargs}
        ax.step(when, mine["value"], label=display_text(str(outlet)), **style)
    ax.set_ylabel(f"{kind} (reported)")
    ax.set_ylim(bottom=0)
    _legend(ax, "outlet")
    if title:
        ax.set_title(display_text(title), fontsize="medium")
    return _date_axis(ax)


def latin_name(name: str, catalog: object = None) -> str:
    """A name in Latin script: the catalog's ``name_en`` where it has one, else a
    transliteration (pyarabic's ``trans.convert(name, "arabic", "latin")``: letter by letter,
    no vowels, so محمد is ``mHmd``; a label, not a spelling).

    Parameters
    ----------
    name : str
        An entity (or one of its aliases) or any Arabic text.
    catalog : EntityCatalog, optional
        Looked up by entity and aliases; the default catalog when not given.

    Returns
    -------
    str

    Examples
    --------
    >>> latin_name("دونالد ترامب"), latin_name("ترمب")
    ('Donald Trump', 'Donald Trump')
    >>> latin_name("أبو حبل")
    'Abw Hbl'
    """
    from pyarabic import trans

    from mediakit.entities import EntityCatalog

    names = _latin_names(catalog if catalog is not None else EntityCatalog.default())
    key = normalize(name.strip())
    if names.get(key):
        return names[key]
    return trans.convert(normalize(name.strip(), profile="display"), "arabic", "latin")


_LATIN: dict = {}


def _latin_names(catalog) -> dict[str, str]:
    found = _LATIN.get(id(catalog))
    if found is None or found[0] is not catalog:
        table = catalog.to_frame()
        names: dict[str, str] = {}
        for entity, english, aliases in zip(table["entity"], table["name_en"], table["aliases"], strict=True):
            if english:
                for form in (entity, *aliases):
                    names.setdefault(normalize(form), english)
        found = _LATIN[id(catalog)] = (catalog, names)
    return found[1]
