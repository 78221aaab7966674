"""Matplotlib plots of mediakit tables. Each takes a tidy table and returns the Axes it drew on.

With ``col=`` a plot becomes small multiples: one panel per value of that column (an outlet, a
period), sharing axes and one legend, so twenty outlets are twenty readable panels rather than
one tangle. Such a call returns the array of its panels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from mediakit.display import display_text

__all__ = ["plot_article_counts", "plot_term_timeline", "plot_terms"]


def _label(labels: Callable[[str], str] | Mapping[str, str] | None, term: str) -> str:
    if labels is None:
        return term
    if callable(labels):
        return labels(term)
    return labels.get(term, term)


def _date_axis(ax: Axes) -> Axes:
    # a narrow panel gets fewer dates, so that its labels never overlap
    width = ax.get_position().width * ax.figure.get_figwidth()
    locator = mdates.AutoDateLocator(maxticks=max(3, min(10, int(width / 0.9))))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _colours(n: int) -> list:
    """``n`` distinct colours: the ten of ``tab10``, then the twenty of ``tab20`` (so twenty
    outlets never share a colour), then evenly spaced hues."""
    if n <= 10:
        return list(plt.get_cmap("tab10").colors[:n])
    if n <= 20:
        return list(plt.get_cmap("tab20").colors[:n])
    return [plt.get_cmap("hsv")(i / n) for i in range(n)]


def _legend(ax: Axes, title: str | None = None) -> None:
    """The legend outside the axes on the right, never over the lines; compact when long."""
    entries = len(ax.get_legend_handles_labels()[0])
    ax.legend(
        title=title,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small" if entries > 8 else None,
        ncols=2 if entries > 16 else 1,
    )


def _facets(
    draw: Callable[[pd.DataFrame, Axes], object],
    table: pd.DataFrame,
    col: str,
    *,
    wrap: int,
    labels: Callable[[str], str] | Mapping[str, str] | None = None,
    sharey: bool = True,
    panel: tuple[float, float] = (3.4, 2.4),
    zero: bool = True,
) -> np.ndarray:
    """Small multiples: ``draw(rows, ax)`` once per value of ``col`` (in the table's order), in a
    grid ``wrap`` panels wide with shared axes, titled by the group and with one legend for the
    figure; shared value axes start at ``zero``. Returns the panels' Axes, in drawing order."""
    if col not in table.columns:
        raise KeyError(f"col={col!r} is not a column of the table (it has {list(table.columns)})")
    groups = list(dict.fromkeys(table[col].dropna()))
    if not groups:
        raise ValueError("the table has no rows: there is nothing to draw")
    ncols = min(wrap, len(groups))
    nrows = -(-len(groups) // ncols)
    fig, grid = plt.subplots(
        nrows,
        ncols,
        figsize=(panel[0] * ncols + 1.8, panel[1] * nrows + 0.6),
        sharex=True,
        sharey=sharey,
        squeeze=False,
        layout="constrained",
    )
    panels = grid.ravel()
    ylabel = ""
    for ax, group in zip(panels, groups, strict=False):
        draw(table[table[col] == group], ax)
        ax.set_title(display_text(_label(labels, str(group))), fontsize="medium")
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if sharey:
            ylabel = ylabel or ax.get_ylabel()
            ax.set_ylabel("")
    for ax in panels[len(groups) :]:
        ax.remove()
    drawn = panels[: len(groups)]
    if sharey and zero:
        # each panel fixed its own limits when it drew; the shared axis must hold them all
        top = max((ax.dataLim.y1 for ax in drawn if np.isfinite(ax.dataLim.y1)), default=1.0)
        drawn[0].set_ylim(0, top * 1.05 or 1.0)
    handles, names = drawn[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, names, loc="outside right upper", frameon=False, fontsize="small")
    if ylabel:
        fig.supylabel(ylabel, fontsize="medium")
    return drawn


def plot_article_counts(
    counts: pd.DataFrame,
    *,
    by: str | None = "source",
    labels: Callable[[str], str] | Mapping[str, str] | None = None,
    ax: Axes | None = None,
    col: str | None = None,
    wrap: int = 4,
    **kwargs,
) -> Axes | np.ndarray:
    """Plot articles per period as one line per group.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`mediakit.article_counts`: ``[by, period, articles]``.
    by : str, optional, default "source"
        The group column; ``None`` when ``counts`` has no group.
    labels : callable or mapping, optional
        Display names for the groups (e.g. outlet slugs to their Arabic names).
    ax : matplotlib Axes, optional
        Where to draw; the current Axes by default.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import mediakit as mk
    >>> fig, ax = plt.subplots()
    >>> ax = plot_article_counts(mk.article_counts(mk.load_sample()), ax=ax)
    >>> len(ax.get_lines())
    4
    >>> len(plot_article_counts(mk.article_counts(mk.load_sample()), col="source"))
    4
    """
    if col is not None:
        inner = None if by == col else by
        return _facets(
            lambda rows, panel: plot_article_counts(rows, by=inner, labels=labels, ax=panel, **kwargs),
            counts,
            col,
            wrap=wrap,
            labels=labels,
        )
    ax = ax or plt.gca()
    style = {"marker": "o", "markersize": 3, "linewidth": 1.5, **kwargs}
    if by is None:
        ax.plot(counts["period"].dt.tz_localize(None), counts["articles"], **style)
    else:
        wide = counts.pivot_table(index="period", columns=by, values="articles", aggfunc="sum", fill_value=0)
        for group, colour in zip(wide.columns, _colours(len(wide.columns)), strict=True):
            name = display_text(_label(labels, str(group)))
            ax.plot(wide.index.tz_localize(None), wide[group], label=name, **{"color": colour, **style})
        _legend(ax, by)
    ax.set_ylabel("articles")
    ax.set_ylim(bottom=0)
    return _date_axis(ax)


def plot_terms(
    freqs: pd.DataFrame,
    *,
    top: int = 20,
    by: str | None = None,
    value: str | None = None,
    labels: Callable[[str], str] | Mapping[str, str] | None = None,
    ax: Axes | None = None,
    col: str | None = None,
    wrap: int = 4,
    **kwargs,
) -> Axes | np.ndarray:
    """Horizontal bars of the most frequent terms, Arabic labels joined and right to left.

    Parameters
    ----------
    freqs : pandas.DataFrame
        The output of :func:`mediakit.term_frequencies` (``term`` and ``count``/``per_10k``).
    top : int, default 20
        How many terms (the most frequent over all groups).
    by : str, optional
        A group column of ``freqs``: one bar per group for each term, side by side.
    value : {"count", "per_10k"}, optional
        What the bars measure; ``"per_10k"`` when ``by`` or ``col`` is given (groups of
        different sizes compare), else ``"count"``.
    labels : callable or mapping, optional
        How to label terms, e.g. ``analyzer.label`` for the written forms.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import mediakit as mk
    >>> fig, ax = plt.subplots()
    >>> ax = plot_terms(mk.term_frequencies(mk.load_sample()), top=10, ax=ax)
    >>> len(ax.patches)
    10
    """
    value = value or ("per_10k" if by or col else "count")
    if col is not None:
        return _facets(
            lambda rows, panel: plot_terms(rows, top=top, value=value, labels=labels, ax=panel, **kwargs),
            freqs,
            col,
            wrap=wrap,
            sharey=False,
            panel=(3.0, 0.22 * top + 0.8),
        )
    ax = ax or plt.gca()
    totals = freqs.groupby("term")[value].sum().sort_values(ascending=False)
    terms = totals.index[:top][::-1]  # largest at the top
    y = np.arange(len(terms))
    if by is None:
        ax.barh(y, totals[terms].to_numpy(), **{"color": "#3b6ea5", **kwargs})
    else:
        groups = list(dict.fromkeys(freqs[by]))
        height = 0.8 / max(len(groups), 1)
        wide = freqs.pivot_table(index="term", columns=by, values=value, aggfunc="sum", fill_value=0)
        for i, (group, colour) in enumerate(zip(groups, _colours(len(groups)), strict=True)):
            ax.barh(
                y + (i - (len(groups) - 1) / 2) * height,
                wide.reindex(terms)[group].fillna(0).to_numpy(),
                height=height,
                label=str(group),
                **{"color": colour, **kwargs},
            )
        _legend(ax, by)
    ax.set_yticks(y, [display_text(_label(labels, str(t))) for t in terms])
    ax.set_xlabel({"count": "occurrences", "per_10k": "per 10,000 words"}.get(value, value))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_term_timeline(
    timeline: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    value: str = "per_10k",
    labels: Callable[[str], str] | Mapping[str, str] | None = None,
    ax: Axes | None = None,
    col: str | None = None,
    wrap: int = 4,
    **kwargs,
) -> Axes | np.ndarray:
    """One line per term over time, from :func:`mediakit.term_timeline`.

    Parameters
    ----------
    timeline : pandas.DataFrame
        ``[period, term, count, documents, per_10k]`` (extra group columns are summed for
        ``count``/``documents``; give one group's rows to plot ``per_10k`` of a group).
    terms : list of str, optional
        Which terms, in legend order; all of the table's by default.
    value : {"per_10k", "count", "documents"}, default "per_10k"
    labels : callable or mapping, optional
        How to label terms in the legend.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import mediakit as mk
    >>> tl = mk.term_timeline(mk.load_sample(), ["ناقلة", "انتخابات"], freq="MS")
    >>> fig, ax = plt.subplots()
    >>> len(plot_term_timeline(tl, ax=ax).get_lines())
    2
    """
    terms = list(terms) if terms is not None else list(dict.fromkeys(timeline["term"]))
    if col is not None:
        return _facets(
            lambda rows, panel: plot_term_timeline(rows, terms=terms, value=value, labels=labels, ax=panel, **kwargs),
            timeline,
            col,
            wrap=wrap,
        )
    ax = ax or plt.gca()
    style = {"marker": "o", "markersize": 3, "linewidth": 1.5, **kwargs}
    agg = "mean" if value == "per_10k" else "sum"
    wide = timeline.pivot_table(index="period", columns="term", values=value, aggfunc=agg, fill_value=0)
    wide = wide.reindex(columns=terms).fillna(0)
    for term, colour in zip(terms, _colours(len(terms)), strict=True):
        name = display_text(_label(labels, str(term)))
        ax.plot(wide.index.tz_localize(None), wide[term], label=name, **{"color": colour, **style})
    _legend(ax)
    ax.set_ylabel({"count": "occurrences", "per_10k": "per 10,000 words", "documents": "articles"}[value])
    ax.set_ylim(bottom=0)
    return _date_axis(ax)


_ENTITY_VALUES = {"share": "% of articles", "articles": "articles", "mentions": "mentions"}


def _entity_values(
    timeline: pd.DataFrame, entities: Sequence[str] | None, value: str, n: int
) -> tuple[list[str], pd.DataFrame]:
    """The entities to draw (the ``n`` most mentioned by default) and a period × entity table of
    ``value``: counts summed over groups; shares as percentages, pooled over groups (articles
    mentioning the entity over all articles of the period, never an average of the groups'
    shares), NaN for a period without articles."""
    if entities is None:
        entities = timeline.groupby("entity")["mentions"].sum().sort_values(ascending=False).index[:n]
    if value == "share" and {"articles", "total"} <= set(timeline.columns):
        mentioned = timeline.pivot_table(index="period", columns="entity", values="articles", aggfunc="sum")
        total = timeline.pivot_table(index="period", columns="entity", values="total", aggfunc="sum")
        wide = mentioned / total.where(total > 0)
    else:
        agg = "mean" if value == "share" else "sum"
        wide = timeline.pivot_table(index="period", columns="entity", values=value, aggfunc=agg, dropna=False)
    wide = wide.reindex(columns=list(entities))
    if value != "share":
        wide = wide.fillna(0)
    return list(entities), wide * (100 if value == "share" else 1)


def plot_timeline(
    timeline: pd.DataFrame,
    *,
    entities: Sequence[str] | None = None,
    value: str = "share",
    ax: Axes | None = None,
    col: str | None = None,
    wrap: int = 4,
    **kwargs,
) -> Axes | np.ndarray:
    """Entity timelines, one line per entity, from :func:`mediakit.entity_timeline`.

    Parameters
    ----------
    timeline : pandas.DataFrame
        ``[period, entity, mentions, articles, total, share]`` (rows of several groups are
        pooled: counts summed, shares recomputed from the sums; pass one group's rows to plot
        that group). A period without articles is a gap in the line, not a zero.
    entities : list of str, optional
        Which entities, in legend order; the five most mentioned by default.
    value : {"share", "articles", "mentions"}, default "share"
        ``"share"`` (articles mentioning the entity, as a percentage of all articles of the
        period) is the honest default: the corpus' own volume rises and falls.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> tl = mk.entity_timeline(mk.find_entities(df, progress=False), articles=df, freq="MS")
    >>> fig, ax = plt.subplots()
    >>> len(plot_timeline(tl, ax=ax).get_lines())
    5
    """
    if col is not None:
        chosen = _entity_values(timeline, entities, value, 5)[0]
        return _facets(
            lambda rows, panel: plot_timeline(rows, entities=chosen, value=value, ax=panel, **kwargs),
            timeline,
            col,
            wrap=wrap,
        )
    ax = ax or plt.gca()
    entities, wide = _entity_values(timeline, entities, value, 5)
    style = {"marker": "o", "markersize": 3, "linewidth": 1.5, **kwargs}
    for entity, colour in zip(entities, _colours(len(entities)), strict=True):
        label = display_text(str(entity))
        ax.plot(wide.index.tz_localize(None), wide[entity], label=label, **{"color": colour, **style})
    _legend(ax)
    ax.set_ylabel(_ENTITY_VALUES[value])
    ax.set_ylim(bottom=0)
    return _date_axis(ax)


def _heatmap(ax: Axes, wide: pd.DataFrame, cmap: str, *, dates: int = 12, **kwargs):
    """Draw an entity × period table; a period without articles is grey, not a zero."""
    colours = plt.get_cmap(cmap).with_extremes(bad="0.85")
    values = np.ma.masked_invalid(wide.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap=colours, interpolation="nearest", **kwargs)
    ax.set_yticks(np.arange(len(wide)), [display_text(str(e)) for e in wide.index])
    step = max(1, -(-len(wide.columns) // dates))
    ticks = np.arange(0, len(wide.columns), step)
    ax.set_xticks(ticks, [f"{wide.columns[i]:%Y-%m-%d}" for i in ticks], rotation=45, ha="right")
    return image


def plot_heatmap(
    timeline: pd.DataFrame,
    *,
    entities: Sequence[str] | None = None,
    value: str = "share",
    top: int = 15,
    ax: Axes | None = None,
    cmap: str = "Blues",
    col: str | None = None,
    wrap: int = 4,
    **kwargs,
) -> Axes | np.ndarray:
    """Entities × periods as a heatmap, from :func:`mediakit.entity_timeline`.

    Parameters
    ----------
    timeline : pandas.DataFrame
    entities : list of str, optional
        Rows, top to bottom; by default the ``top`` most mentioned.
    value : {"share", "articles", "mentions"}, default "share"
        Periods without articles are grey.
    top : int, default 15
    ax : matplotlib Axes, optional
    cmap : str, default "Blues"
    col : str, optional
        A column to draw as small multiples, one heatmap per value (e.g. ``"source"``), with
        the same entities, periods and colour scale, and one colour bar; ``ax`` is then ignored.
    wrap : int, default 4
        Panels per row when ``col`` is given.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib.axes.Axes, or numpy.ndarray of Axes
        The Axes drawn on; one per panel when ``col`` is given.

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> tl = mk.entity_timeline(mk.find_entities(df, progress=False), articles=df, freq="MS")
    >>> fig, ax = plt.subplots()
    >>> len(plot_heatmap(tl, top=8, ax=ax).get_yticklabels())
    8
    """
    label = _ENTITY_VALUES[value]
    entities = _entity_values(timeline, entities, value, top)[0]
    if col is None:
        ax = ax or plt.gca()
        wide = _entity_values(timeline, entities, value, top)[1][entities].T
        image = _heatmap(ax, wide, cmap, **kwargs)
        ax.figure.colorbar(image, ax=ax, label=label)
        return ax
    periods = sorted(timeline["period"].unique())
    tables = {
        group: _entity_values(rows, entities, value, top)[1][entities].T.reindex(columns=periods)
        for group, rows in timeline.groupby(col, sort=False)
    }
    scale = {"vmin": 0, "vmax": np.nanmax([np.nanmax(t.to_numpy(dtype=float), initial=0) for t in tables.values()])}
    images = []
    panels = _facets(
        lambda rows, panel: images.append(
            _heatmap(panel, tables[rows[col].iloc[0]], cmap, dates=4, **{**scale, **kwargs})
        ),
        timeline,
        col,
        wrap=wrap,
        panel=(3.4, 0.25 * len(entities) + 1.2),
        zero=False,
    )
    panels[0].figure.colorbar(images[-1], ax=list(panels), label=label, shrink=0.8)
    return panels
