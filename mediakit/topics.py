"""Topics over time: what the news is about, found by non-negative matrix factorisation.

The articles' terms (the counting core's document–term matrix, trimmed of rare and common terms
as :func:`mediakit.term_frequencies` trims them, weighted by TF-IDF, each article's row scaled to
unit length) are factorised into ``n`` topics (scikit-learn's NMF, NNDSVD start, so the same
corpus and seed give the same topics). A topic is a weighted set of terms, labelled by its top
terms as written; each article gets a share of each topic. :func:`topic_timeline` sums the
shares per period (and outlet) and :func:`plot_topics` draws them.

The default analyzer leaves out the core and news stopwords (و، في، قال، أضاف …), and terms in
more than half of the articles are trimmed (``max_df``), so topics are made of content words,
not of function words or an outlet's sign-off.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from mediakit._schema import check_articles
from mediakit.analyzer import Analyzer
from mediakit.corpus import period_start
from mediakit.counts import DocumentTerms, count_terms, group_keys
from mediakit.display import display_text
from mediakit.terms import frequency_mask, idf

__all__ = ["Topics", "plot_topics", "topic_timeline", "topics"]

#: Relative change of the fit's error (checked every 10 iterations) at which NMF stops: on the ANT
#: corpus the top terms no longer change past it, and it takes a third of the iterations of 1e-4.
TOLERANCE = 1e-3


@dataclass
class Topics:
    """Topics found in a corpus (the result of :func:`topics`).

    Attributes
    ----------
    topics : pandas.DataFrame
        One row per topic, biggest first: ``[topic, label, top_terms, weight, articles]`` —
        its number (0 is the biggest), a label of its three top terms as written
        (``"ترامب، الأمريكي، دونالد"``), its top terms as written (a list, strongest first), its
        share of all the news (the mean of the articles' shares; they sum to 1), and the
        number of articles where it is the main topic.
    articles : pandas.DataFrame
        On the analysed frame's index: ``[id, topic, share]``, each article's main topic and
        its share (``topic`` -1 and ``share`` NaN for an article none of whose terms was kept).
    shares : pandas.DataFrame
        On the same index, one column per topic: each article's topic shares (summing to 1;
        NaN for an article without kept terms).
    terms : pandas.DataFrame
        ``[topic, term, label, weight]``: each topic's top terms (as the analyzer makes them and
        as written), with their weight in the topic.
    model : sklearn.decomposition.NMF
        The fitted model (``components_`` is topics × ``vocabulary``).
    vocabulary : numpy.ndarray
        The terms kept for the model.
    analyzer : Analyzer
        The analyzer that made the terms.
    """

    topics: pd.DataFrame
    articles: pd.DataFrame
    shares: pd.DataFrame
    terms: pd.DataFrame
    model: object
    vocabulary: np.ndarray
    analyzer: Analyzer

    def __repr__(self) -> str:
        return (
            f"<Topics: {len(self.topics)} topics over {len(self.articles):,} articles, {len(self.vocabulary):,} terms>"
        )

    def labels(self) -> dict[int, str]:
        """Each topic's label, by number."""
        return dict(zip(self.topics["topic"].tolist(), self.topics["label"].tolist(), strict=True))


def _tfidf(matrix: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """Counts × idf, each row scaled to unit length (an article with no kept term stays empty)."""
    out = sparse.csr_matrix(matrix, dtype=np.float32, copy=True)
    out.data *= weights.astype(np.float32)[out.indices]
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    out = sparse.diags(np.where(norms > 0, 1 / np.maximum(norms, 1e-30), 0).astype(np.float32)) @ out
    return out.tocsr()


def topics(
    df: pd.DataFrame,
    n: int = 20,
    *,
    analyzer: Analyzer | None = None,
    counts: DocumentTerms | None = None,
    min_df: float = 5,
    max_df: float = 0.5,
    max_terms: int | None = 10_000,
    top_terms: int = 10,
    seed: int = 0,
    max_iter: int = 200,
) -> Topics:
    """Find ``n`` topics in the articles (non-negative matrix factorisation of their TF-IDF terms).

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame (``text``; ``id`` with ``counts``).
    n : int, default 20
        How many topics.
    analyzer : Analyzer, optional
        Defaults to ``Analyzer(stopwords=("core", "news"))`` fitted on the texts (as
        :func:`mediakit.count_terms`).
    counts : DocumentTerms, optional
        The corpus counted already (:func:`mediakit.count_terms`, ``mk.prepare(...).counts``)
        with ``df``'s ids among its documents: no pass over the texts; its analyzer is used.
    min_df, max_df : int or float, default 5 and 0.5
        Keep terms found in at least ``min_df`` and at most ``max_df`` of the articles (a
        whole number counts articles, a fraction is a share; as :func:`mediakit.term_frequencies`).
    max_terms : int, optional, default 10,000
        Of those, keep the terms found in the most articles (ties by term).
    top_terms : int, default 10
        Top terms listed per topic.
    seed : int, default 0
        The same corpus, options and seed give the same topics.
    max_iter : int, default 200

    Returns
    -------
    Topics
        ``.topics`` ``[topic, label, top_terms, weight, articles]``, ``.articles``
        ``[id, topic, share]``, ``.shares`` (articles × topics), ``.terms``; see :class:`Topics`.

    Raises
    ------
    ValueError
        Fewer than ``n`` articles, or fewer than ``n`` terms left after trimming (lower
        ``min_df`` or raise ``max_df``).

    Examples
    --------
    >>> import mediakit as mk
    >>> found = topics(mk.load_sample(), n=4, min_df=3)
    >>> found.topics.columns.tolist()
    ['topic', 'label', 'top_terms', 'weight', 'articles']
    >>> len(found.topics), round(float(found.topics["weight"].sum()), 6)
    (4, 1.0)
    >>> found.articles.columns.tolist()
    ['id', 'topic', 'share']
    """
    from sklearn.decomposition import NMF
    from threadpoolctl import threadpool_limits

    if not isinstance(df, pd.DataFrame) or "text" not in df.columns:
        raise ValueError("topics needs an articles DataFrame with a 'text' column")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n!r}")
    if len(df) < n:
        raise ValueError(f"{len(df)} articles cannot hold {n} topics; ask for fewer (n=)")
    ids = df["id"].to_numpy() if "id" in df.columns else df.index.to_numpy()
    if counts is not None:
        if "id" not in df.columns:
            raise ValueError("with counts=, the articles frame needs an 'id' column")
        matrix, terms, analyzer = counts.sub(ids), counts.terms, counts.analyzer
    else:
        texts = [t if isinstance(t, str) else "" for t in df["text"]]
        table = count_terms(texts, ids=ids, analyzer=analyzer)
        matrix, terms, analyzer = table.matrix, table.terms, table.analyzer
    articles = matrix.shape[0]
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1]) if matrix.nnz else np.zeros(matrix.shape[1])
    keep = frequency_mask(frequency, articles, min_df, max_df) & (frequency > 0)
    columns = np.flatnonzero(keep)
    if max_terms is not None and len(columns) > max_terms:
        order = np.lexsort((terms[columns].astype(str), -frequency[columns]))
        columns = np.sort(columns[order[:max_terms]])
    if len(columns) < n:
        raise ValueError(
            f"{len(columns)} terms are left after trimming (min_df={min_df!r}, max_df={max_df!r}); "
            f"{n} topics need at least {n}: lower min_df or raise max_df"
        )
    x = _tfidf(matrix[:, columns], idf(frequency[columns], articles))
    model = NMF(n, init="nndsvd", random_state=seed, max_iter=max_iter, tol=TOLERANCE)
    # one thread: on a shared machine, BLAS threads made the fit several times slower (and a
    # single thread sums in one order, so the topics are the same run after run)
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Maximum number of iterations")
        w = model.fit_transform(x)
    h = model.components_
    # topics ordered by their share of the news, biggest first
    totals = w.sum(axis=1)
    shares = np.divide(w, totals[:, None], out=np.full_like(w, np.nan), where=totals[:, None] > 0)
    weight = np.nan_to_num(shares).sum(axis=0) / max(int((totals > 0).sum()), 1)
    order = np.lexsort((np.arange(n), -weight))
    shares, weight, h = shares[:, order], weight[order], h[order]
    vocabulary = terms[columns]
    has_terms = totals > 0
    main = np.where(has_terms, np.nanargmax(np.where(has_terms[:, None], shares, 0), axis=1), -1)
    rows, listed = [], []
    for k in range(n):
        best = np.lexsort((vocabulary.astype(str), -h[k]))[:top_terms]
        best = best[h[k][best] > 0]
        written = [analyzer.label(t) for t in vocabulary[best]]
        listed.extend((k, t, w_, h[k][j]) for j, t, w_ in zip(best, vocabulary[best], written, strict=True))
        rows.append((k, "، ".join(written[:3]), written, float(weight[k]), int((main == k).sum())))
    table = pd.DataFrame(rows, columns=["topic", "label", "top_terms", "weight", "articles"])
    term_table = pd.DataFrame(listed, columns=["topic", "term", "label", "weight"])
    term_table["term"] = term_table["term"].astype(str)
    per_article = pd.DataFrame(
        {
            "id": ids,
            "topic": main.astype(np.int64),
            "share": np.where(has_terms, shares[np.arange(articles), np.maximum(main, 0)], np.nan),
        },
        index=df.index,
    )
    share_frame = pd.DataFrame(shares, index=df.index, columns=pd.RangeIndex(n, name="topic"))
    return Topics(table, per_article, share_frame, term_table, model, vocabulary, analyzer)


def topic_timeline(
    df: pd.DataFrame,
    found: Topics,
    *,
    freq: str = "W",
    by: str | Sequence[str] | None = None,
    tz: str = "UTC",
) -> pd.DataFrame:
    """Each topic's share of the news per calendar period (and outlet).

    Parameters
    ----------
    df : pandas.DataFrame
        The articles the topics were found in, or some of them (matched on the index):
        ``published`` and the ``by`` columns. Articles without a date are left out.
    found : Topics
        The output of :func:`topics`.
    freq : str, default "W"
        Calendar periods: "D", "W" (from Monday), "MS", "QS", "YS".
    by : str or list of str, optional
        Group columns, e.g. ``"source"``.
    tz : str, default "UTC"
        The calendar's time zone.

    Returns
    -------
    pandas.DataFrame
        ``[period, *by, topic, label, share, articles, total]``: the topic's share of the
        period's news (the mean of its articles' topic shares; over a period the topics' shares
        sum to 1), the articles whose main topic it is, and all articles of the period (and
        group). Every period from the first to the last dated article appears for every topic
        (and group); where there were no articles (with terms), ``share`` is NaN: a gap, not a
        zero.

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> tl = topic_timeline(df, topics(df, n=4, min_df=3), freq="MS")
    >>> tl.columns.tolist()
    ['period', 'topic', 'label', 'share', 'articles', 'total']
    >>> tl["period"].nunique(), round(float(tl.groupby("period")["share"].sum().max()), 6)
    (14, 1.0)
    """
    keys = group_keys(by)
    check_articles(df, ("published", *keys))
    unknown = df.index.difference(found.shares.index)
    if len(unknown):
        raise ValueError(
            f"{len(unknown)} articles of df were not in the frame the topics were found in "
            f"(index {unknown[0]!r} first); pass that frame or a part of it"
        )
    columns = ["period", *keys, "topic", "label", "share", "articles", "total"]
    dated = df[df["published"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    shares = found.shares.loc[dated.index]
    n = shares.shape[1]
    frame = dated[keys].assign(period=period_start(dated["published"], freq, tz=tz))
    group_cols = ["period", *keys]
    grouped = frame.groupby(group_cols, observed=True)
    total = grouped.size().rename("total")
    with_terms = shares.notna().all(axis=1)
    long = (
        pd.concat([frame[group_cols], shares.set_axis(range(n), axis=1)], axis=1)
        .melt(id_vars=group_cols, var_name="topic", value_name="share")
        .groupby([*group_cols, "topic"], observed=True)["share"]
        .mean()  # NaN (articles without terms) left out of the mean
        .reset_index()
    )
    main = (
        frame[group_cols]
        .assign(topic=found.articles.loc[dated.index, "topic"].to_numpy())[with_terms.to_numpy()]
        .groupby([*group_cols, "topic"], observed=True)
        .size()
        .rename("articles")
        .reset_index()
    )
    first, last = dated["published"].min().tz_convert(tz), dated["published"].max().tz_convert(tz)
    periods = period_start(pd.Series(pd.date_range(first.floor("D"), last, freq="D")), freq, tz=tz).unique()
    groups = [()] if not keys else list(dated[keys].drop_duplicates().sort_values(keys).itertuples(index=False))
    grid = pd.DataFrame([(p, *g, k) for p in periods for g in groups for k in range(n)], columns=[*group_cols, "topic"])
    out = grid.merge(long, on=[*group_cols, "topic"], how="left").merge(main, on=[*group_cols, "topic"], how="left")
    out = out.merge(total.reset_index(), on=group_cols, how="left")
    out[["articles", "total"]] = out[["articles", "total"]].fillna(0).astype(np.int64)
    out["label"] = out["topic"].map(found.labels())
    return out[columns].sort_values([*group_cols, "topic"]).reset_index(drop=True)


def plot_topics(
    timeline: pd.DataFrame,
    *,
    top: int | None = None,
    kind: str = "heatmap",
    ax=None,
    **kwargs,
):
    """Plot topics over time: a heatmap of shares (topics as rows), or one line per topic.

    Parameters
    ----------
    timeline : pandas.DataFrame
        The output of :func:`topic_timeline` (with groups, the shares of one group: filter it
        first, e.g. ``tl[tl["source"] == "BBC"]``).
    top : int, optional
        Only the ``top`` topics with the largest mean share.
    kind : {"heatmap", "lines"}, default "heatmap"
        Periods without articles stay blank (a heatmap) or break the line.
    ax : matplotlib Axes, optional
        Where to draw; the current Axes by default.
    **kwargs
        Passed to ``imshow`` (heatmap) or ``plot`` (lines).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> ax = plot_topics(topic_timeline(df, topics(df, n=4, min_df=3), freq="MS"))
    >>> len(ax.get_yticklabels())
    4
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    if kind not in ("heatmap", "lines"):
        raise ValueError(f"kind must be 'heatmap' or 'lines', not {kind!r}")
    extra = [c for c in timeline.columns if c not in ("period", "topic", "label", "share", "articles", "total")]
    if any(timeline[c].nunique() > 1 for c in extra):
        raise ValueError(f"the timeline holds several groups ({', '.join(extra)}): plot one at a time")
    if timeline.empty:
        raise ValueError("the timeline has no rows: there is nothing to draw")
    ax = ax or plt.gca()
    wide = timeline.pivot_table(index="topic", columns="period", values="share", aggfunc="mean", dropna=False)
    wide = wide.reindex(columns=sorted(timeline["period"].unique()))
    labels = timeline.drop_duplicates("topic").set_index("topic")["label"]
    order = wide.mean(axis=1).sort_values(ascending=False, kind="mergesort").index
    if top is not None:
        order = order[:top]
    wide = wide.loc[order]
    names = [display_text(f"{labels[k]} ({k})") for k in order]
    if kind == "heatmap":
        kwargs = {"cmap": "Blues", "vmin": 0.0, **kwargs}
        image = ax.imshow(np.ma.masked_invalid(wide.to_numpy(dtype=float)), aspect="auto", **kwargs)
        ax.set_yticks(range(len(order)), names)
        periods = pd.DatetimeIndex(wide.columns)
        step = max(1, len(periods) // 10)
        ax.set_xticks(range(0, len(periods), step), [f"{p:%Y-%m-%d}" for p in periods[::step]], rotation=45, ha="right")
        ax.figure.colorbar(image, ax=ax, label="share of the news")
    else:
        periods = pd.DatetimeIndex(wide.columns)
        kwargs = {"marker": "o", "markersize": 3, **kwargs}  # a period between two gaps still shows
        for k, name in zip(order, names, strict=True):
            ax.plot(periods, wide.loc[k].to_numpy(dtype=float), label=name, **kwargs)
        ax.set_ylabel("share of the news")
        locator = mdates.AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
        ax.spines[["top", "right"]].set_visible(False)
    return ax
