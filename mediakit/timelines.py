"""Entity timelines over calendar periods, spikes, and which entities appear together."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from mediakit.arabic import normalize as _normalize
from mediakit.corpus import period_start

__all__ = [
    "cooccurrence",
    "entity_timeline",
    "finish_timeline",
    "merge_timeline_counts",
    "spikes",
    "timeline_columns",
    "timeline_counts",
]


def entity_timeline(
    mentions: pd.DataFrame,
    *,
    articles: pd.DataFrame,
    freq: str = "W",
    by: str | Sequence[str] | None = None,
    normalize: str = "share",
    top: int | None = None,
    entities: Sequence[str] | None = None,
    tz: str = "UTC",
) -> pd.DataFrame:
    """How often each entity is mentioned per calendar period, and in what share of the news.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The output of :func:`mediakit.find_entities` (``id``, ``entity``).
    articles : pandas.DataFrame
        The articles the mentions were found in (``id``, ``published`` and the ``by`` columns):
        the denominator. The corpus' own volume rises and falls; shares account for it.
    freq : str, default "W"
        Calendar periods: "D", "W" (from Monday), "MS", "QS", "YS", in UTC unless ``tz`` says.
    by : str or list of str, optional
        Group columns of ``articles`` (e.g. ``"source"``); shares are then per group.
    normalize : {"share", "none"}, default "share"
        ``"none"`` leaves ``share`` out.
    top : int, optional
        Keep the ``top`` most mentioned entities.
    entities : list of str, optional
        Keep these entities (canonical names, compared without diacritics or hamza forms).
    tz : str, default "UTC"
        The calendar's time zone: with "Asia/Baghdad", a day or week starts at Baghdad midnight.

    Returns
    -------
    pandas.DataFrame
        ``[period, *by, entity, mentions, articles, total, share]``: mention count, articles
        mentioning the entity, all articles of the period (and group), and the share of them
        that mention it. Every period from the first to the last article appears for every
        entity (and group): with zeros where there were articles and none mentioned it, and
        with ``total`` 0 and ``share`` NaN where there were no articles at all (a gap in plots,
        not a zero).

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> tl = entity_timeline(mk.find_entities(df, progress=False), articles=df, freq="MS", entities=["العراق"])
    >>> tl["period"].nunique(), bool((tl["share"].dropna() <= 1).all())
    (14, True)
    """
    if normalize not in ("share", "none"):
        raise ValueError(f"normalize must be 'share' or 'none', not {normalize!r}")
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    for column in ("id", "published", *keys):
        if column not in articles.columns:
            raise ValueError(f"articles has no {column!r} column")
    parts = timeline_counts(mentions, articles, keys, freq, tz)
    if parts is None:
        return pd.DataFrame(columns=timeline_columns(keys, normalize))
    return finish_timeline(*parts, keys, freq, tz, normalize, top, entities)


def timeline_columns(keys: list[str], normalize: str) -> list[str]:
    """The columns of :func:`entity_timeline`'s table."""
    return ["period", *keys, "entity", "mentions", "articles"] + (["total", "share"] if normalize == "share" else [])


def timeline_counts(
    mentions: pd.DataFrame, articles: pd.DataFrame, keys: list[str], freq: str, tz: str
) -> tuple | None:
    """Count one part of a corpus (the kernel of :func:`entity_timeline`): per-(period, group,
    entity) counts, articles per (period, group), mentions per entity, the groups and the span
    of dates; None when no article is dated."""
    dated = articles[articles["published"].notna()]
    if dated.empty:
        return None
    frame = dated[["id", *keys]].assign(period=period_start(dated["published"], freq, tz=tz))
    totals = frame.groupby(["period", *keys], observed=True).size().rename("total")
    joined = mentions[["id", "entity"]].merge(frame, on="id", how="inner")
    counted = joined.groupby(["period", *keys, "entity"], observed=True).agg(
        mentions=("id", "size"), articles=("id", "nunique")
    )
    groups = frame[keys].drop_duplicates() if keys else None
    span = (dated["published"].min(), dated["published"].max())
    return counted, totals, mentions["entity"].value_counts(), groups, span


def merge_timeline_counts(a: tuple | None, b: tuple | None) -> tuple | None:
    """Two parts' :func:`timeline_counts` as one."""
    if a is None or b is None:  # a part without dated articles
        return a if b is None else b
    counted = pd.concat([a[0], b[0]]).groupby(level=list(range(a[0].index.nlevels)), observed=True).sum()
    totals = pd.concat([a[1], b[1]]).groupby(level=list(range(a[1].index.nlevels)), observed=True).sum()
    counts = pd.concat([a[2], b[2]]).groupby(level=0).sum()
    groups = None if a[3] is None else pd.concat([a[3], b[3]]).drop_duplicates()
    span = (min(a[4][0], b[4][0]), max(a[4][1], b[4][1]))
    return counted.astype(np.int64), totals, counts, groups, span


def finish_timeline(
    counted: pd.DataFrame,
    totals: pd.Series,
    entity_counts: pd.Series,
    groups: pd.DataFrame | None,
    span: tuple[pd.Timestamp, pd.Timestamp],
    keys: list[str],
    freq: str,
    tz: str,
    normalize: str,
    top: int | None,
    entities: Sequence[str] | None,
) -> pd.DataFrame:
    """The zero-filled timeline from (merged) :func:`timeline_counts`: the finish step."""
    columns = timeline_columns(keys, normalize)
    # most mentioned first; ties by name, so every engine picks the same top entities
    ranked = sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [e for e, _ in ranked]
    if entities is not None:
        # names are compared normalised: "عمان" asks for the entity written "عُمان"
        wanted = {_normalize(e): e for e in entities}
        present = {e: wanted[_normalize(e)] for e in chosen if _normalize(e) in wanted}
        chosen = [e for e in chosen if e in present]
        entities = [next((e for e, asked in present.items() if asked == name), name) for name in entities]
    if top is not None:
        chosen = chosen[:top]
    counted = counted[counted.index.get_level_values("entity").isin(chosen)]
    names = list(entities) if entities is not None else sorted(counted.index.get_level_values("entity").unique())
    first, last = span[0].tz_convert(tz), span[1].tz_convert(tz)
    days = pd.date_range(first.floor("D"), last, freq="D")
    periods = pd.DatetimeIndex(period_start(pd.Series(days), freq, tz=tz).unique())
    group_rows = [()] if not keys else list(groups.drop_duplicates().sort_values(keys).itertuples(index=False))
    grid = pd.DataFrame(
        [(p, *g, e) for p in periods for g in group_rows for e in names], columns=["period", *keys, "entity"]
    )
    out = grid.merge(counted.reset_index(), on=["period", *keys, "entity"], how="left")
    out[["mentions", "articles"]] = out[["mentions", "articles"]].fillna(0).astype(np.int64)
    if normalize == "share":
        out = out.merge(totals.reset_index(), on=["period", *keys], how="left")
        out["total"] = out["total"].fillna(0).astype(np.int64)
        # a period (and group) with no articles has no share: a gap, not a zero
        out["share"] = np.where(out["total"] > 0, out["articles"] / out["total"].where(out["total"] > 0, 1), np.nan)
    return out[columns].sort_values(["period", *keys, "entity"]).reset_index(drop=True)


def spikes(
    timeline: pd.DataFrame,
    *,
    window: int = 8,
    z: float = 3.0,
    min_articles: int = 5,
    value: str = "share",
) -> pd.DataFrame:
    """Periods where an entity is covered far more than its recent baseline: the events.

    For each entity (summed over groups, if any) and period with articles, ``k`` articles of the
    period's ``n`` mention it. The baseline is the entity's rate over the ``window`` previous
    periods that had articles, smoothed towards the entity's rate over the whole timeline by one
    period's worth of articles (so a baseline of 0 or of a few articles stays sane); ``z`` is
    the binomial surprise of ``k`` against it, ``(k - n p) / sqrt(n p (1 - p))``. A spike needs
    ``z`` at or above the threshold, at least ``min_articles`` articles mentioning the entity,
    and at least two earlier periods with articles. Periods without articles are neither spikes
    nor part of a baseline.

    Parameters
    ----------
    timeline : pandas.DataFrame
        The output of :func:`entity_timeline` (with ``articles`` and ``total``; a table with
        only ``share`` is read as shares of a constant number of articles a period).
    window : int, default 8
    z : float, default 3.0
    min_articles : int, default 5
        Least number of articles mentioning the entity in the period.
    value : {"share"}, default "share"
        Kept for compatibility; spikes are always found on shares of articles.

    Returns
    -------
    pandas.DataFrame
        ``[period, entity, articles, total, share, baseline, z]``, strongest first.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=10, freq="W-MON", tz="UTC"),
    ...                   "entity": "مصر", "articles": [10] * 9 + [60], "total": 100})
    >>> spikes(t)[["entity", "articles"]].values.tolist()
    [['مصر', 60]]
    """
    if window < 2:
        raise ValueError(f"window must be at least 2, not {window!r}")
    if value != "share":
        raise ValueError(f"spikes are found on shares of articles (value='share'), not {value!r}")
    columns = ["period", "entity", "articles", "total", "share", "baseline", "z"]
    frame = timeline
    if "total" not in frame.columns or "articles" not in frame.columns:
        # shares alone: read them as shares of 100 articles a period
        frame = frame.assign(total=100, articles=(frame["share"] * 100).round())
    frame = frame[frame["total"] > 0]
    series = frame.groupby(["entity", "period"], observed=True)[["articles", "total"]].sum().reset_index()
    rows = []
    for entity, part in series.groupby("entity", sort=True):
        part = part.sort_values("period")
        k = part["articles"].to_numpy(dtype=float)
        n = part["total"].to_numpy(dtype=float)
        overall = (k.sum() + 0.5) / (n.sum() + 1.0)
        past_k = pd.Series(k).shift(1).rolling(window, min_periods=2).sum().to_numpy()
        past_n = pd.Series(n).shift(1).rolling(window, min_periods=2).sum().to_numpy()
        periods = pd.Series(n).shift(1).rolling(window, min_periods=2).count().to_numpy()
        prior = np.where(periods > 0, past_n / np.maximum(periods, 1), 0)  # one period's worth
        rate = (past_k + prior * overall) / (past_n + prior)
        rate = np.clip(rate, 1e-6, 1 - 1e-6)
        score = (k - n * rate) / np.sqrt(n * rate * (1 - rate))
        hits = (score >= z) & (k >= min_articles) & ~np.isnan(past_n)
        for i in np.flatnonzero(hits):
            rows.append((part["period"].iat[i], entity, int(k[i]), int(n[i]), k[i] / n[i], rate[i], score[i]))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["z", "period", "entity"], ascending=[False, True, True]).reset_index(drop=True)


def cooccurrence(mentions: pd.DataFrame, *, min_articles: int = 2) -> pd.DataFrame:
    """Pairs of entities mentioned in the same articles.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The output of :func:`mediakit.find_entities`.
    min_articles : int, default 2
        Least number of articles the two share.

    Returns
    -------
    pandas.DataFrame
        ``[entity_a, entity_b, articles, jaccard, pmi]``: shared articles, the Jaccard index of
        their article sets, and pointwise mutual information
        ``log2(p(a, b) / (p(a) p(b)))`` over the articles with any mention. Sorted by
        ``articles``, then ``jaccard``.

    Examples
    --------
    >>> m = pd.DataFrame({"id": [1, 1, 2, 2, 3, 4], "entity": ["مصر", "قطر", "مصر", "قطر", "مصر", "لبنان"]})
    >>> cooccurrence(m).round(3).values.tolist()
    [['قطر', 'مصر', 2, 0.667, 0.415]]
    """
    sets = mentions.groupby("id")["entity"].agg(lambda s: sorted(set(s)))
    n_docs = len(sets)
    single = Counter(e for entities in sets for e in entities)
    pairs = Counter(p for entities in sets for p in combinations(entities, 2))
    rows = []
    for (a, b), shared in pairs.items():
        if shared < min_articles:
            continue
        union = single[a] + single[b] - shared
        pmi = math.log2(shared * n_docs / (single[a] * single[b]))
        rows.append((a, b, shared, shared / union, pmi))
    out = pd.DataFrame(rows, columns=["entity_a", "entity_b", "articles", "jaccard", "pmi"])
    return out.sort_values(
        ["articles", "jaccard", "entity_a", "entity_b"], ascending=[False, False, True, True]
    ).reset_index(drop=True)
