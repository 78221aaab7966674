"""Boilerplate learned from the corpus: what an outlet prints on many of its articles.

A fixed list cannot know each outlet's furniture, so it is learned per outlet, by three rules
(``min_share`` of the outlet's articles, and never fewer than ``min_articles`` (5) of them, so
a span found in one article is never removed):

* **line**: a whole line that recurs in that share of the outlet's articles, compared with
  spacing, diacritics and tatweel ignored, and in lines of up to 80 characters every digit read
  as 0 (a sign-off with its time, ``// انتهى // 19:59 ت م``; a share bar; a promotion);
* **lead**: a dateline, the first words of the text up to a separator token (one holding a
  letter and ``( ) - – — | / :``, and ending in a dash or colon or followed by one), found
  within the first 12 words of that share of the articles, whatever stands before it
  (``دبي، الإمارات العربية المتحدة (CNN)--`` and ``واشنطن (CNN)--`` are one pattern);
* **tail**: a last line that opens with the same label (words up to a colon, within its first
  six words) in that share of the articles, whatever follows (``رابط الخبر في صحيفتنا: <title>``,
  ``الكلمات الدالة: …``).

Outlets with fewer than ``min_outlet`` articles learn nothing (too few to tell furniture from news).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from mediakit.arabic import normalize

__all__ = ["apply_boilerplate", "learn_boilerplate", "line_key"]

_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"[()\-–—|/:]")
_ENDS_DATELINE = re.compile(r"[-–—:|]$")
_LETTERS = re.compile(r"[^\W\d_]")
LEAD_WORDS = 12
SHORT_LINE = 80
TAIL_WORDS = 6
COLUMNS = ["source", "where", "pattern", "articles", "share", "example"]


def line_key(line: str) -> str:
    """A line as compared: normalised for search, single spaces, and in a short line (up to 80
    characters: a sign-off, a caption) every digit read as 0, so its time or date may vary."""
    key = " ".join(normalize(line, profile="search").split())
    return _DIGIT.sub("0", key) if len(key) <= SHORT_LINE else key


def _lead_anchor(words: list[str]) -> Iterable[tuple[int, str]]:
    """Tokens among the first words that can end a dateline: a separator and a letter, as
    ``(CNN)--``, ``(واس)``, ``الراصد:``, and that end in a dash or colon or are followed by one.
    A bare dash is not one (it stands in sentences too), nor a parenthesis inside a sentence
    (``حلف شمال الأطلسي (الناتو) أن``)."""
    for i, word in enumerate(words[:LEAD_WORDS]):
        if not (_SEPARATOR.search(word) and _LETTERS.search(word)) or word.startswith(("«", '"')):
            continue
        follower = words[i + 1] if i + 1 < len(words) else ""
        if _ENDS_DATELINE.search(word) or (
            follower and not _LETTERS.search(follower) and _ENDS_DATELINE.search(follower)
        ):
            yield i, line_key(word)


def _tail_label(line: str) -> str:
    """The label that opens a closing line, up to a word ending in a colon within its first
    words (``رابط الخبر في صحيفتنا:``, ``الكلمات الدالة:``); "" when there is none."""
    words = line_key(line).split()
    for i, word in enumerate(words[:TAIL_WORDS]):
        if word.endswith(":"):
            return " ".join(words[: i + 1])
    return ""


def learn_boilerplate(
    df: pd.DataFrame,
    *,
    by: str = "source",
    min_share: float = 0.05,
    min_articles: int = 5,
    min_outlet: int = 20,
) -> pd.DataFrame:
    """Learn each outlet's boilerplate: lines, datelines and closing lines many of its articles share.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles (``text`` and the ``by`` column), cleaned of invisible characters.
    by : str, default "source"
    min_share : float, default 0.05
        The share of an outlet's articles a pattern must recur in.
    min_articles : int, default 5
        And at least this many articles (a span of a single article is never boilerplate).
    min_outlet : int, default 20
        Outlets with fewer articles learn nothing.

    Returns
    -------
    pandas.DataFrame
        ``[source, where, pattern, articles, share, example]``, one row per pattern: ``where``
        is ``line``, ``lead`` or ``tail``; ``pattern`` is the compared form (for ``lead`` the
        separator token, for ``tail`` the label); ``example`` a text it matched. Review
        it, drop rows, and pass it to :func:`mediakit.clean_articles` as ``learned=``.

    Examples
    --------
    >>> news = ["ارتفعت الأسعار", "هطلت الأمطار", "افتتح المعرض", "عاد الوفد", "بدأ الموسم"]
    >>> rows = [{"source": "x", "text": f"دبي (وكالة)- {news[i % 5]} في اليوم {i}\\nانتهى 19:{i:02d}"}
    ...         for i in range(25)]
    >>> learn_boilerplate(pd.DataFrame(rows))[["where", "pattern", "articles"]].values.tolist()
    [['lead', '(وكالة)-', 25], ['line', 'انتهي 00:00', 25]]
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be a share between 0 and 1, not {min_share!r}")
    found = []
    for source, part in df.groupby(by, sort=True):
        texts = [t for t in part["text"] if isinstance(t, str) and t]
        n = len(texts)
        if n < min_outlet:
            continue
        need = max(min_articles, min_share * n)
        lines: Counter = Counter()
        leads: Counter = Counter()
        tails: Counter = Counter()
        examples: dict[tuple[str, str], str] = {}
        for text in texts:
            rows = text.split("\n")
            seen = set()
            for line in rows:
                if len(line) > 400:  # a paragraph of news, not furniture
                    continue
                key = line_key(line)
                if key and key not in seen:
                    seen.add(key)
                    lines[key] += 1
                    examples.setdefault(("line", key), line)
            words = rows[0].split()
            anchors = {key for _, key in _lead_anchor(words)}
            for key in anchors:
                leads[key] += 1
                examples.setdefault(("lead", key), " ".join(words[:LEAD_WORDS]))
            if len(rows) > 1:
                head = _tail_label(rows[-1])
                if head:
                    tails[head] += 1
                    examples.setdefault(("tail", head), rows[-1])
        for where, counter in (("line", lines), ("lead", leads), ("tail", tails)):
            for key, count in counter.items():
                if count >= need:
                    found.append((source, where, key, count, count / n, examples[(where, key)][:120]))
    table = pd.DataFrame(found, columns=COLUMNS)
    # a tail whose whole line is already a boilerplate line adds nothing
    if len(table):
        line_rows = table[table["where"] == "line"]
        whole = set(zip(line_rows["source"], line_rows["pattern"], strict=True))
        tails = table["where"] == "tail"
        covered = [
            tails.iat[i] and (table["source"].iat[i], line_key(table["example"].iat[i])) in whole
            for i in range(len(table))
        ]
        table = table[~pd.Series(covered, index=table.index)]
    return table.sort_values(["source", "where", "articles"], ascending=[True, True, False]).reset_index(drop=True)


def apply_boilerplate(text: str, patterns: pd.DataFrame) -> tuple[str, int]:
    """Remove an outlet's learned patterns (rows of :func:`learn_boilerplate`) from one text.

    Returns
    -------
    (str, int)
        The text without them, and how many spans were removed.

    Examples
    --------
    >>> p = pd.DataFrame({"where": ["lead", "line"], "pattern": [line_key("(وكالة)-"), line_key("انتهى 00:00")]})
    >>> apply_boilerplate("دبي (وكالة)- خبر عن الطقس\\nانتهى 19:07", p)
    ('خبر عن الطقس', 2)
    """
    if patterns is None or not len(patterns) or not text:
        return text, 0
    lines_of = set(patterns.loc[patterns["where"] == "line", "pattern"])
    leads = set(patterns.loc[patterns["where"] == "lead", "pattern"])
    tails = set(patterns.loc[patterns["where"] == "tail", "pattern"])
    removed = 0
    rows = text.split("\n")
    if leads and rows:
        words = rows[0].split()
        last = -1
        for i, key in _lead_anchor(words):
            if key in leads:
                last = i
        if last >= 0:
            rest_words = words[last + 1 :]
            while rest_words and not _LETTERS.search(rest_words[0]):  # the dash after "(واس)"
                rest_words = rest_words[1:]
            rest = " ".join(rest_words)
            removed += 1
            rows[0] = rest
    kept = []
    for line in rows:
        if line and len(line) <= 400 and line_key(line) in lines_of:
            removed += 1
            continue
        kept.append(line)
    if tails and len(kept) > 1:
        head = _tail_label(kept[-1])
        if head and head in tails:
            kept.pop()
            removed += 1
    return "\n".join(line for line in kept if line), removed
