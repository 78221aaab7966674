"""Term analysis: frequencies by outlet and period, n-grams, collocations, keyness, keyword in context.

Every function takes an articles frame first and returns a new tidy frame. All terms come from
an :class:`mediakit.Analyzer` (``analyzer=``, by default ``Analyzer()``); an analyzer without a
vocabulary is first fitted on the frame's texts, so clitics are stripped with the corpus' own
vocabulary.

N-grams (``ngram`` 2 or 3) are runs of consecutive words within one clause: they never cross
sentence or clause punctuation (. ، ؛ ؟ : « » and the like), and never start or end with a
stopword or a dropped word, though one may sit inside (so حلف شمال الأطلسي and وزير الدولة
لشؤون survive, في العراق does not). Their words are the analyzer's terms joined by a space.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

import numpy as np
import pandas as pd

from mediakit._schema import check_articles, texts_of
from mediakit.analyzer import BREAK, Analyzer
from mediakit.arabic.tokenize import WORD_RUN
from mediakit.corpus import period_start
from mediakit.counts import (
    DocumentTerms,
    GroupCounts,
    PairCounts,
    UnitStream,
    count_pair,
    count_terms,
    group_codes,
    group_keys,
    term_table,
    unit_stream,
)
from mediakit.query import Query, looks_like_query, matches

__all__ = [
    "KwicFrame",
    "collocations",
    "frequency_mask",
    "idf",
    "keyness",
    "keyness_table",
    "kwic",
    "readable",
    "selection_mask",
    "term_frequencies",
    "term_timeline",
    "timeline_grid",
    "trimmed_table",
]


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _fitted(analyzer: Analyzer | None, texts: Iterable[str]) -> Analyzer:
    analyzer = analyzer if analyzer is not None else Analyzer()
    if analyzer.clitics and analyzer.vocabulary is None:
        analyzer.fit(texts)
    return analyzer


def term_frequencies(
    df: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    freq: str | None = None,
    ngram: int = 1,
    analyzer: Analyzer | None = None,
    min_count: int = 1,
    top: int | None = None,
    counts: DocumentTerms | None = None,
    min_df: float | None = None,
    max_df: float | None = None,
    tfidf: bool = False,
) -> pd.DataFrame:
    """Count terms (or n-grams) per group and calendar period.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame (needs ``text``; ``published`` when ``freq`` is given). Missing or
        empty texts count as articles without terms.
    by : str or list of str, optional
        Grouping column(s), e.g. ``"source"``.
    freq : str, optional
        Calendar periods of ``published``: "D", "W" (weeks from Monday), "MS", "QS", "YS".
        Articles without a date are left out when ``freq`` is given.
    ngram : {1, 2, 3}, default 1
        Single terms, or n-grams within a clause (see the module documentation).
    analyzer : Analyzer, optional
        Defaults to ``Analyzer()``, fitted on these texts.
    min_count : int, default 1
        Drop rows counted fewer times in their group.
    top : int, optional
        Keep the ``top`` most frequent terms of each group (ties broken alphabetically).
    counts : DocumentTerms, optional
        The corpus counted already (:func:`mediakit.count_terms`, or ``mk.prepare(...).counts``)
        with ``df``'s ids among its documents: the table is then summed from it, with no pass
        over the texts (n-grams when it keeps its units), and its analyzer is used. The table
        is the same.
    min_df, max_df : int or float, optional
        Keep only terms found in at least ``min_df`` and at most ``max_df`` of ``df``'s
        articles: a whole number counts articles, a fraction below 1 is a share of them (as
        quanteda's ``dfm_trim``). ``max_df=0.5`` drops what half the corpus says (datelines,
        an outlet's sign-off); ``min_df=5`` drops one-off words. ``per_10k`` keeps the
        untrimmed denominator.
    tfidf : bool, default False
        Add a ``tfidf`` column, ``count × log10(N / df)`` (N articles in ``df``, df the articles
        holding the term; quanteda's default weighting), and rank by it: terms typical of the
        group rather than of all the news.

    Returns
    -------
    pandas.DataFrame
        Columns ``[*by, period, term, count, documents, per_10k]`` (``period`` only with
        ``freq``; then ``tfidf`` with ``tfidf=True``): occurrences, articles containing the term,
        and occurrences per 10,000 terms of the group (the analyzer's terms, stopwords
        excluded), so groups of different sizes compare. Sorted by group, then count (or
        ``tfidf``, descending), then term.

    Examples
    --------
    >>> import mediakit as mk
    >>> tf = term_frequencies(mk.load_sample(), by="source", top=3)
    >>> tf.columns.tolist()
    ['source', 'term', 'count', 'documents', 'per_10k']
    >>> len(tf)
    12
    """
    check_articles(df)
    if ngram not in (1, 2, 3):
        raise ValueError(f"ngram must be 1, 2 or 3, not {ngram!r}")
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count!r}")
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, not {top!r}")
    keys = group_keys(by)
    check_articles(df, keys)
    group_cols = [*keys, *(["period"] if freq is not None else [])]
    columns = [*group_cols, "term", "count", "documents", "per_10k"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    codes, groups = group_codes(df, keys, freq)
    if counts is not None and (ngram == 1 or counts.units is not None):
        check_articles(df, ("id",))
        table = counts.ngrams(ngram)
        rows = table.rows(df["id"])
    else:  # one pass: a document-term matrix of these texts, the analyzer fitted from the same pass
        analyzer = analyzer if analyzer is not None else Analyzer()
        fit = analyzer.clitics and analyzer.vocabulary is None
        table, rows = count_terms(df["text"], analyzer=analyzer, fit=fit, ngram=ngram), None
    counted = GroupCounts(groups, table.terms, *table.group_counts(codes, len(groups), rows))
    if min_df is not None or max_df is not None or tfidf:
        counted.frequency, counted.articles = table.document_frequency(rows), len(df)
    out = trimmed_table(counted, top=top, min_count=min_count, min_df=min_df, max_df=max_df, tfidf=tfidf)
    return out


def trimmed_table(
    counted: GroupCounts,
    *,
    top: int | None = None,
    min_count: int = 1,
    min_df: float | None = None,
    max_df: float | None = None,
    tfidf: bool = False,
) -> pd.DataFrame:
    """The term table of (merged) group counts, trimmed by document frequency and weighted by
    TF-IDF as :func:`term_frequencies` documents: the last step of both engines.

    ``counted.frequency`` and ``counted.articles`` are needed with ``min_df``, ``max_df`` or
    ``tfidf``.

    Examples
    --------
    >>> from mediakit.counts import count_groups
    >>> a = Analyzer().fit(["العراق مصر", "العراق"])
    >>> frame = pd.DataFrame({"text": ["العراق مصر", "العراق"]})
    >>> trimmed_table(count_groups(frame, a, [], None, frequency=True), max_df=1)["term"].tolist()
    ['مصر']
    """
    group_cols = list(counted.groups.columns)
    columns = [*group_cols, "term", "count", "documents", "per_10k", *(["tfidf"] if tfidf else [])]
    weights = None
    if min_df is not None or max_df is not None or tfidf:
        if counted.frequency is None:
            raise ValueError("trimming and TF-IDF need the counts' document frequencies (frequency=True)")
        frequency, n = counted.frequency, counted.articles
        keep = frequency_mask(frequency, n, min_df, max_df)
        if tfidf:
            weights = idf(frequency, n)
        if not keep.all():
            counted = counted.keep_columns(keep)
            weights = weights[keep] if weights is not None else None
    out = term_table(counted, top=top, min_count=min_count, weights=weights)
    return out if len(out) else pd.DataFrame(columns=columns)


def idf(frequency: np.ndarray, n: int) -> np.ndarray:
    """Inverse document frequency, ``log10(N / df)`` (quanteda's default): the TF-IDF weight of
    each term found in ``frequency`` of ``n`` articles.

    Examples
    --------
    >>> idf(np.array([1, 10, 100]), 100).tolist()
    [2.0, 1.0, 0.0]
    """
    return np.log10(n / np.maximum(frequency, 1))


def frequency_mask(frequency: np.ndarray, n: int, low: float | None, high: float | None) -> np.ndarray:
    """Terms whose document frequency lies within [low, high] of ``n`` articles: a whole number
    counts articles, a fraction below 1 is a share of them (``min_df``/``max_df`` of
    :func:`term_frequencies`).

    Examples
    --------
    >>> frequency_mask(np.array([1, 5, 60]), 100, 2, 0.5).tolist()
    [False, True, False]
    """

    def bound(value: float, name: str) -> float:
        if value < 0 or (isinstance(value, float) and value != int(value) and value > 1):
            raise ValueError(f"{name} must be a count of articles or a share between 0 and 1, not {value!r}")
        return value * n if isinstance(value, float) and value <= 1 else value

    keep = np.ones(len(frequency), dtype=bool)
    if low is not None:
        keep &= frequency >= bound(low, "min_df")
    if high is not None:
        keep &= frequency <= bound(high, "max_df")
    return keep


def term_timeline(
    df: pd.DataFrame,
    terms: str | Sequence[str],
    *,
    freq: str = "W",
    by: str | Sequence[str] | None = None,
    analyzer: Analyzer | None = None,
    counts: DocumentTerms | None = None,
) -> pd.DataFrame:
    """Counts of chosen terms per calendar period, zero-filled.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame.
    terms : str or list of str
        Words or phrases as a reader writes them (العراق، حلف شمال الأطلسي); each is analysed
        like the texts, so clitic forms and spellings count together.
    freq : str, default "W"
    by : str or list of str, optional
    analyzer : Analyzer, optional
    counts : DocumentTerms, optional
        The corpus counted already (see :func:`term_frequencies`); single words are read from it.

    Returns
    -------
    pandas.DataFrame
        Columns ``[period, *by, term, count, documents, per_10k]``, ``term`` as given. Every
        period from the first to the last article appears for every term (and group), with 0
        where the term is absent.

    Examples
    --------
    >>> import mediakit as mk
    >>> tl = term_timeline(mk.load_sample(), ["ناقلة", "حلف شمال الأطلسي"], freq="MS")
    >>> tl.groupby("term")["period"].nunique().tolist()
    [14, 14]
    """
    check_articles(df, ("text", "published"))
    keys = group_keys(by)
    analyzer = counts.analyzer if counts is not None else _fitted(analyzer, texts_of(df))
    dated = df[df["published"].notna()]
    return timeline_grid(
        dated[["published", *keys]],
        terms,
        keys,
        freq,
        analyzer,
        lambda n: (
            _wanted_frequencies(dated, keys, freq, counts, wanted_phrases(terms, analyzer), n)
            if counts is not None and (n == 1 or counts.units is not None)
            else term_frequencies(dated, by=keys or None, freq=freq, ngram=n, analyzer=analyzer, counts=counts)
        ),
    )


def wanted_phrases(terms: str | Sequence[str], analyzer: Analyzer) -> list[str]:
    """Words or phrases as the analyzer makes them (the keys of term tables)."""
    listed = [terms] if isinstance(terms, str) else list(terms)
    return [" ".join(t for t, f in analyzer.units(term) if f != BREAK) for term in listed]


def _wanted_frequencies(
    dated: pd.DataFrame, keys: list[str], freq: str, counts: DocumentTerms, phrases: list[str], n: int
) -> pd.DataFrame:
    """The term table of a few n-word terms, per group and period: words read from the
    matrix's columns, phrases from the counts' units."""
    codes, groups = group_codes(dated, keys, freq)
    mine = [p for p in phrases if len(p.split(" ")) == n]
    table = counts.keep_columns(np.isin(counts.terms.astype(str), mine)) if n == 1 else counts.phrases(mine)
    rows = table.rows(dated["id"])
    out = term_table(GroupCounts(groups, table.terms, *table.group_counts(codes, len(groups), rows)))
    return out if len(out) else pd.DataFrame(columns=[*keys, "period", "term", "count", "documents", "per_10k"])


def timeline_grid(
    dated: pd.DataFrame,
    terms: str | Sequence[str],
    keys: list[str],
    freq: str,
    analyzer: Analyzer,
    frequencies: Callable[[int], pd.DataFrame],
) -> pd.DataFrame:
    """The zero-filled timeline of ``terms`` around ``frequencies(n)``, a term table of n-grams
    per period (the finish step of :func:`term_timeline`, whichever engine counted)."""
    wanted = [terms] if isinstance(terms, str) else list(terms)
    analysed = {}
    for term in wanted:
        parts = [t for t, f in analyzer.units(term) if f != BREAK]
        if not parts or len(parts) > 3:
            raise ValueError(f"term {term!r} gives {len(parts)} words after analysis; give 1 to 3 words")
        analysed[term] = (" ".join(parts), len(parts))
    columns = ["period", *keys, "term", "count", "documents", "per_10k"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    found = []
    for n in sorted({n for _, n in analysed.values()}):
        tf = frequencies(n)
        targets = {a: t for t, (a, k) in analysed.items() if k == n}
        hits = tf[tf["term"].isin(targets)].assign(term=lambda d, m=targets: d["term"].map(m))
        found.append(hits)
    periods = pd.DatetimeIndex(
        period_start(
            pd.Series(pd.date_range(dated["published"].min().floor("D"), dated["published"].max(), freq="D")), freq
        ).unique()
    )
    groups = [()] if not keys else list(dated[keys].drop_duplicates().sort_values(keys).itertuples(index=False))
    grid = pd.DataFrame(
        [(p, *g, t) for p in periods for g in groups for t in wanted], columns=["period", *keys, "term"]
    )
    hits = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)
    out = grid.merge(hits, on=["period", *keys, "term"], how="left")
    for col in ("count", "documents"):
        out[col] = out[col].fillna(0).astype(np.int64)
    out["per_10k"] = out["per_10k"].fillna(0.0).astype(float)
    return out[columns]


def readable(table: pd.DataFrame, analyzer: Analyzer, *, column: str = "term") -> pd.DataFrame:
    """A copy of a term table with its terms as readers write them (see :meth:`Analyzer.label`).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`term_frequencies`, :func:`keyness`, :func:`collocations` ...
    analyzer : Analyzer
        The fitted analyzer that made the table.
    column : str, default "term"

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> a = mk.Analyzer().fit(df["text"])
    >>> readable(mk.collocations(df, analyzer=a, top=1), a)["term"].tolist()
    ['الاتحاد الأوروبي']
    """
    analyzer.learn_labels(table[column])
    return table.assign(**{column: table[column].map(analyzer.label)})


# ---------------------------------------------------------------------------------------------
# Collocations and keyness


def _xlogx(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0)), 0.0)


def _llr(k11: np.ndarray, k12: np.ndarray, k21: np.ndarray, k22: np.ndarray) -> np.ndarray:
    """Dunning's log-likelihood ratio (G²) of 2×2 contingency tables, vectorised."""
    n = k11 + k12 + k21 + k22
    return 2 * (
        _xlogx(k11)
        + _xlogx(k12)
        + _xlogx(k21)
        + _xlogx(k22)
        - _xlogx(k11 + k12)
        - _xlogx(k21 + k22)
        - _xlogx(k11 + k21)
        - _xlogx(k12 + k22)
        + _xlogx(n)
    )


def collocations(
    df: pd.DataFrame,
    *,
    min_count: int = 5,
    measure: str = "llr",
    analyzer: Analyzer | None = None,
    top: int | None = None,
    counts: DocumentTerms | None = None,
    fold: bool = True,
) -> pd.DataFrame:
    """Bigrams and trigrams that occur together more than chance: multiword names and phrases.

    A bigram ``a b`` is scored from its 2×2 table of counts (``a b``, ``a`` without ``b``
    following, ``b`` without ``a`` before, neither) over all adjacent term pairs of the corpus.
    ``"llr"`` is Dunning's log-likelihood ratio (Dunning 1993, *Accurate methods for the
    statistics of surprise and coincidence*); ``"pmi"`` is pointwise mutual information,
    ``log2(p(a b) / (p(a) p(b)))``. A trigram ``a b c`` is scored at both of its split points,
    ``(a b) c`` and ``a (b c)``, and keeps the lower score, so both halves must hold together.
    Only bigrams and trigrams whose first and last words are content words are considered (see
    the module documentation).

    Parameters
    ----------
    df : pandas.DataFrame
    min_count : int, default 5
        Least number of occurrences.
    measure : {"llr", "pmi"}, default "llr"
    analyzer : Analyzer, optional
    top : int, optional
        Keep the best ``top``.
    counts : DocumentTerms, optional
        The corpus counted already, with its units (``mk.prepare(...).counts``): the n-grams of
        ``df``'s articles are taken from it, with no pass over the texts. The table is the same.
    fold : bool, default True
        Fold fragments of a longer name into it: a bigram found inside a listed trigram at
        least three times in four (``FOLD_SHARE``) is left out, and the trigram takes the
        better of the two scores (one row for خادم الحرمين الشريفين, not three).

    Returns
    -------
    pandas.DataFrame
        Columns ``[term, n, count, score]``, best first. :func:`readable` writes each n-gram
        as the news most often writes it (المدينة المنورة).

    Examples
    --------
    >>> import mediakit as mk
    >>> c = collocations(mk.load_sample(), min_count=5)
    >>> "صندوق نقد دولي" in set(c["term"])
    True
    """
    check_articles(df)
    if measure not in ("llr", "pmi"):
        raise ValueError(f"measure must be 'llr' or 'pmi', not {measure!r}")
    if counts is not None and counts.units is not None:
        check_articles(df, ("id",))
        rows = counts.rows(df["id"])
        units = counts.units
        if not (len(rows) == units.documents and np.array_equal(rows, np.arange(len(rows)))):
            units = units.subset(rows)
        analyzer = counts.analyzer
    else:
        texts = texts_of(df)
        analyzer = _fitted(analyzer, texts)
        units = unit_stream(texts, analyzer, fit=False)
    analyzer.remember_units(units)  # readable() then writes the n-grams as the news does
    return _collocations_of_units(units, min_count, measure, top, fold)


#: A bigram is folded into a trigram holding it when the trigram has at least this share of its count.
FOLD_SHARE = 0.75


def _collocations_of_units(
    units: UnitStream, min_count: int, measure: str, top: int | None, fold: bool = True
) -> pd.DataFrame:
    """:func:`collocations` on a unit stream, vectorised over packed n-gram keys."""
    width = len(units.strings)
    uni = np.bincount(units.ngrams(1)[1], minlength=width)
    bi_keys, bi_counts = np.unique(units.ngrams(2)[1], return_counts=True)
    tri_keys, tri_counts = np.unique(units.ngrams(3)[1], return_counts=True)
    total = max(int(bi_counts.sum()), 1)

    def score(k11, left, right):
        k11, left, right = (np.asarray(x, dtype=float) for x in (k11, left, right))
        if measure == "pmi":
            return np.log2(k11 * total / (left * right))
        k12 = np.maximum(left - k11, 0)
        k21 = np.maximum(right - k11, 0)
        return _llr(k11, k12, k21, np.maximum(total - k11 - k12 - k21, 0))

    def bigram_count(keys: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        at = np.clip(np.searchsorted(bi_keys, keys), 0, max(len(bi_keys) - 1, 0))
        found = (bi_keys[at] == keys) if len(bi_keys) else np.zeros(len(keys), dtype=bool)
        return np.where(found, bi_counts[at] if len(bi_counts) else 0, fallback)

    rows = []
    keep = bi_counts >= min_count
    b_keys, b_n = bi_keys[keep], bi_counts[keep]
    b_score = score(b_n, uni[b_keys // width], uni[b_keys % width])
    b_folded = np.zeros(len(b_keys), dtype=bool)
    keep = tri_counts >= min_count
    if keep.any():
        keys, n = tri_keys[keep], tri_counts[keep]
        first, middle, last = keys // (width * width), (keys // width) % width, keys % width
        left = score(n, bigram_count(first * width + middle, n), uni[last])
        right = score(n, uni[first], bigram_count(middle * width + last, n))
        t_score = np.minimum(left, right)
        if fold and len(b_keys):
            # a bigram that mostly occurs inside a trigram is a fragment of it (خادم الحرمين،
            # الحرمين الشريفين → خادم الحرمين الشريفين): the trigram takes its place and score
            for part in (first * width + middle, middle * width + last):
                at = np.clip(np.searchsorted(b_keys, part), 0, len(b_keys) - 1)
                inside = (b_keys[at] == part) & (n >= FOLD_SHARE * b_n[at])
                b_folded[at[inside]] = True
                t_score = np.where(inside, np.maximum(t_score, b_score[at]), t_score)
        rows.append(pd.DataFrame({"term": units.decode(keys, 3), "n": 3, "count": n, "score": t_score}))
    if len(b_keys):
        kept = ~b_folded
        rows.insert(
            0,
            pd.DataFrame({"term": units.decode(b_keys[kept], 2), "n": 2, "count": b_n[kept], "score": b_score[kept]}),
        )
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.DataFrame(columns=["term", "n", "count", "score"])
    out = pd.concat(rows, ignore_index=True).sort_values(["score", "term"], ascending=[False, True])
    if top is not None:
        out = out.head(top)
    return out.reset_index(drop=True)


def keyness(
    df: pd.DataFrame,
    *,
    target: str | pd.Series | np.ndarray | Sequence[bool],
    reference: str | pd.Series | np.ndarray | Sequence[bool] | None = None,
    analyzer: Analyzer | None = None,
    min_count: int = 5,
    counts: DocumentTerms | None = None,
) -> pd.DataFrame:
    """Terms that distinguish a target part of the corpus from a reference part.

    For a term counted ``a`` times in the target (of ``c`` terms in all) and ``b`` times in the
    reference (of ``d``), with expected counts ``E1 = c (a+b) / (c+d)`` and
    ``E2 = d (a+b) / (c+d)``:

    - ``g2`` is the log-likelihood statistic ``2 (a ln(a/E1) + b ln(b/E2))`` (Rayson and
      Garside 2000, *Comparing corpora using frequency profiling*), signed: positive where the
      term is relatively more frequent in the target;
    - ``log_ratio`` is Hardie's effect size, ``log2((a/c) / (b/d))`` (Hardie 2014, *Log Ratio: an
      informal introduction*), with a zero count taken as 0.5 so the ratio stays finite;
    - ``p_value`` is the chi-squared (1 degree of freedom) tail probability of ``|g2|``.

    Parameters
    ----------
    df : pandas.DataFrame
    target : boolean mask, str or Query
        The target articles: a boolean Series/array aligned with ``df``, a ``df.query`` string,
        or a :class:`mediakit.Query` (the articles it matches; ``mk.matches(df, query)`` gives
        the same as a mask).
    reference : boolean mask, str or Query, optional
        The reference articles; by default every article not in the target.
    analyzer : Analyzer, optional
        Defaults to ``Analyzer()`` fitted on all of ``df``, so both parts share one vocabulary.
    min_count : int, default 5
        Least combined count (``a + b``).
    counts : DocumentTerms, optional
        The corpus counted already (see :func:`term_frequencies`): the two parts are summed
        from it, with no pass over the texts.

    Returns
    -------
    pandas.DataFrame
        Columns ``[term, target_count, reference_count, target_per_10k, reference_per_10k, g2,
        log_ratio, p_value]``, sorted by signed ``g2``, most characteristic of the target first.

    Examples
    --------
    >>> import mediakit as mk
    >>> k = keyness(mk.load_sample(), target="published.dt.month == 5 and published.dt.year == 2025")
    >>> "ناقلة" in set(k.head(10)["term"])
    True
    >>> k = keyness(mk.load_sample(), target=Query("ناقلة OR ناقلات"))
    >>> "ناقلة" in set(k.head(10)["term"])
    True
    """
    check_articles(df)
    if counts is None and (isinstance(target, Query) or isinstance(reference, Query)):
        analyzer = _fitted(analyzer, texts_of(df))  # the query reads words as the counts will

    def chosen(selection: object, name: str) -> np.ndarray:
        if isinstance(selection, Query):
            return matches(df, selection, analyzer=analyzer, counts=counts).to_numpy()
        return selection_mask(df, selection, name)

    target_mask = chosen(target, "target")
    reference_mask = ~target_mask if reference is None else chosen(reference, "reference")
    if not target_mask.any():
        raise ValueError("the target selects no articles")
    if not reference_mask.any():
        raise ValueError("the reference selects no articles")
    if counts is not None:
        check_articles(df, ("id",))
        ids = df["id"].to_numpy()
        a = np.asarray(counts.sub(ids[target_mask]).sum(axis=0)).ravel()
        b = np.asarray(counts.sub(ids[reference_mask]).sum(axis=0)).ravel()
        return keyness_table(PairCounts(counts.terms, a, b), min_count)
    analyzer = _fitted(analyzer, texts_of(df))
    table = count_terms(texts_of(df), analyzer=analyzer, fit=False)
    return keyness_table(count_pair(table, target_mask, reference_mask), min_count)


def keyness_table(pair: PairCounts, min_count: int = 5) -> pd.DataFrame:
    """The keyness table from target and reference counts (the finish step of :func:`keyness`,
    whichever engine counted)."""
    all_terms, a_all, b_all = pair.terms, pair.target, pair.reference
    c, d = int(a_all.sum()), int(b_all.sum())
    keep = (a_all + b_all) >= min_count
    terms = all_terms[keep]
    order = np.argsort(terms.astype(str), kind="stable")
    terms = terms[order]
    columns = [
        "term",
        "target_count",
        "reference_count",
        "target_per_10k",
        "reference_per_10k",
        "g2",
        "log_ratio",
        "p_value",
    ]
    if not len(terms) or c == 0 or d == 0:
        return pd.DataFrame(columns=columns)
    a = a_all[keep][order].astype(float)
    b = b_all[keep][order].astype(float)
    g2 = _g2(a, b, c, d)
    out = pd.DataFrame(
        {
            "term": terms.astype(str),
            "target_count": a.astype(np.int64),
            "reference_count": b.astype(np.int64),
            "target_per_10k": a * 10_000 / c,
            "reference_per_10k": b * 10_000 / d,
            "g2": g2,
            "log_ratio": np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d)),
            "p_value": [math.erfc(math.sqrt(abs(x) / 2)) for x in g2],
        }
    )
    return out.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)


def _g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Signed log-likelihood (Rayson and Garside) for target count a of c and reference count b of d."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    return np.where(a / c >= b / d, g, -g)


def selection_mask(df: pd.DataFrame, selection: object, name: str) -> np.ndarray:
    """A boolean mask of ``df``'s articles from a mask, a Series aligned on its index, or a
    ``df.query``-style expression; ``name`` (target, reference) for the error message."""
    if isinstance(selection, Query):  # keyness matches it itself; a Dask frame cannot
        raise ValueError(
            f"the {name} {selection!r} is matched by keyness on a pandas frame; here give a mask, "
            "e.g. mk.matches(df, query) on the articles"
        )
    if isinstance(selection, str):
        try:
            chosen = df.eval(selection)
        except Exception as exc:
            raise ValueError(f"{name} query {selection!r} failed: {exc}") from None
        mask = np.asarray(chosen, dtype=bool)
    else:
        if isinstance(selection, pd.Series) and not selection.index.equals(df.index):
            selection = selection.reindex(df.index, fill_value=False)
        mask = np.asarray(selection, dtype=bool)
    if mask.shape != (len(df),):
        raise ValueError(f"{name} must select from the {len(df)} articles of df; got shape {mask.shape}")
    return mask


# ---------------------------------------------------------------------------------------------
# Keyword in context


class KwicFrame(pd.DataFrame):
    """A KWIC result: a DataFrame that shows right-to-left, the match highlighted, in notebooks.

    The table itself runs right to left, so the words before the match (``left``, in reading
    order) stand to its right and the words after it to its left, as an Arabic reader reads.
    """

    _metadata: ClassVar[list[str]] = []

    @property
    def _constructor(self):
        return KwicFrame

    def _repr_html_(self) -> str:
        rows = []
        for row in self.itertuples(index=False):
            published = "" if pd.isna(row.published) else f"{row.published:%Y-%m-%d}"
            rows.append(
                "<tr>"
                f'<td dir="ltr">{html.escape(published)}</td>'
                f'<td dir="ltr">{html.escape(str(row.source))}</td>'
                f'<td dir="rtl" style="text-align:left">{html.escape(row.left)}</td>'
                f'<td dir="rtl" style="text-align:center"><mark>{html.escape(row.match)}</mark></td>'
                f'<td dir="rtl" style="text-align:right">{html.escape(row.right)}</td>'
                "</tr>"
            )
        # The columns run right to left, so "left"/"right" (reading order) are headed before/after.
        head = "<tr><th>published</th><th>source</th><th>before</th><th>match</th><th>after</th></tr>"
        return (
            '<table class="mediakit-kwic" dir="rtl" style="font-family:\'Noto Sans Arabic\',\'Noto Naskh Arabic\','
            "Amiri,'DejaVu Sans',sans-serif\"><thead>"
            f"{head}</thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>{self._caption()}</p>"
        )

    def _caption(self) -> str:
        total = self.attrs.get("total", len(self))
        noun = "passage" if total == 1 else "passages"
        return f"{len(self):,} of {total:,} {noun}" if total > len(self) else f"{total:,} {noun}"


def _token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, raw) of every word run in the ORIGINAL text (URLs are not skipped here)."""
    return [(m.start(), m.end(), m.group()) for m in WORD_RUN.finditer(text)]


def kwic(
    df: pd.DataFrame,
    pattern: str | Query,
    *,
    window: int = 8,
    analyzer: Analyzer | None = None,
    limit: int | None = None,
    counts: DocumentTerms | None = None,
) -> KwicFrame:
    """Keyword in context: every occurrence of a word, a phrase or a query's terms, with the words around it.

    The pattern is analysed like the texts, so searching العراق finds بالعراق، والعراق، العِراق
    and العـراق; the ``left``, ``match`` and ``right`` columns show the original text.

    Parameters
    ----------
    df : pandas.DataFrame
    pattern : str or Query
        A word or a phrase of up to a few words; or an attention query (a :class:`mediakit.Query`,
        or a string using query syntax: quotes, parentheses, ``*``, ``AND``/``OR``/``NOT``; see
        :mod:`mediakit.query`). Words alone are one phrase here (``حلف شمال الأطلسي``), as
        before; in a query, words side by side are joined by ``AND``. With a query, the
        articles it selects are shown, every occurrence of its terms (not those under
        ``NOT``) highlighted.
    window : int, default 8
        Words of context on each side.
    analyzer : Analyzer, optional
    limit : int, optional
        Show this many matches (all are counted).
    counts : DocumentTerms, optional
        The corpus counted already: only articles holding every word of the pattern are read.

    Returns
    -------
    KwicFrame
        Columns ``[id, published, source, left, match, right]``; in a notebook it shows
        right-to-left with the match highlighted (HTML-escaped), under a line such as
        "20 of 843 passages": ``attrs["total"]`` counts every match, also beyond ``limit``.

    Raises
    ------
    mediakit.QueryError
        A query that cannot be read, or a pattern with no words to search for.

    Examples
    --------
    >>> import mediakit as mk
    >>> k = kwic(mk.load_sample(), "العراق", limit=3)
    >>> len(k), k.columns.tolist()
    (3, ['id', 'published', 'source', 'left', 'match', 'right'])
    >>> kwic(mk.load_sample(), "ناقلة* NOT العراق", limit=1)["match"].tolist()
    ['ناقلة']
    """
    check_articles(df)
    if window < 0:
        raise ValueError(f"window must be at least 0, not {window!r}")
    if isinstance(pattern, Query):
        query = pattern
    elif looks_like_query(pattern):
        query = Query(pattern)
    else:
        query = Query.phrase(pattern)
    texts = texts_of(df)
    analyzer = counts.analyzer if counts is not None else _fitted(analyzer, texts)
    selected = matches(df, query, analyzer=analyzer, counts=counts).to_numpy()
    ids = df["id"].tolist() if "id" in df.columns else list(df.index)
    published = df["published"].tolist() if "published" in df.columns else [pd.NaT] * len(df)
    sources = df["source"].tolist() if "source" in df.columns else [""] * len(df)
    rows = []
    total = 0
    for i in np.flatnonzero(selected).tolist():
        text = texts[i]
        found = query.locate(text, analyzer)
        if not found:
            continue
        spans = _token_spans(text)
        for j, last_word in found:
            total += 1
            if limit is not None and len(rows) >= limit:
                continue
            start, end = spans[j][0], spans[last_word][1]
            left_start = spans[max(j - window, 0)][0] if window else start
            last = min(last_word + window, len(spans) - 1)
            # the right context runs to the next word, so closing punctuation stays with it
            right_end = (spans[last + 1][0] if last + 1 < len(spans) else len(text)) if window else end
            rows.append(
                (
                    ids[i],
                    published[i],
                    sources[i],
                    " ".join(text[left_start:start].split()),
                    " ".join(text[start:end].split()),
                    " ".join(text[end:right_end].split()),
                )
            )
    out = KwicFrame(rows, columns=["id", "published", "source", "left", "match", "right"])
    out.attrs["total"] = total
    return out
