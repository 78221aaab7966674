"""Axes-level matplotlib plots of mediakit tables. Each takes a tidy table and returns the Axes."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

__all__ = ["plot_article_counts"]


def plot_article_counts(
    counts: pd.DataFrame,
    *,
    by: str | None = "source",
    labels: dict[str, str] | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Plot articles per period as one line per group.

    Parameters
    ----------
    counts : pandas.DataFrame
        The output of :func:`mediakit.article_counts`: ``[by, period, articles]``.
    by : str, optional, default "source"
        The group column; ``None`` when ``counts`` has no group.
    labels : dict, optional
        Display names for the groups (e.g. outlet slugs to names).
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
    >>> ax = plot_article_counts(mk.article_counts(mk.load_sample()))
    >>> len(ax.get_lines())
    4
    """
    ax = ax or plt.gca()
    style = {"marker": "o", "markersize": 3, "linewidth": 1.5, **kwargs}
    if by is None:
        ax.plot(counts["period"].dt.tz_localize(None), counts["articles"], **style)
    else:
        wide = counts.pivot_table(index="period", columns=by, values="articles", aggfunc="sum", fill_value=0)
        for group in wide.columns:
            name = (labels or {}).get(group, group)
            ax.plot(wide.index.tz_localize(None), wide[group], label=name, **style)
        ax.legend(title=by, frameon=False)
    ax.set_ylabel("articles")
    ax.set_ylim(bottom=0)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.spines[["top", "right"]].set_visible(False)
    return ax
