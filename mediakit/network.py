"""Co-occurrence as a network: entities or speakers as nodes, shared articles as edges."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes

from mediakit.display import display_text

__all__ = ["plot_network"]


def plot_network(
    table: pd.DataFrame,
    *,
    sizes: Mapping[str, float] | pd.Series | None = None,
    weight: str = "articles",
    top: int = 30,
    edges: int | None = 3,
    seed: int = 0,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Draw a co-occurrence table as a network.

    Parameters
    ----------
    table : pandas.DataFrame
        ``entity_a, entity_b`` and a weight column, as :func:`mediakit.cooccurrence` returns.
    sizes : mapping or Series of str to number, optional
        Each node's mentions (e.g. ``mentions["entity"].value_counts()``); by default the sum
        of its edge weights.
    weight : str, default "articles"
        The column that sets edge widths (and the layout's pull).
    top : int, default 30
        Keep the nodes with the largest sizes, so many at most.
    edges : int or None, default 3
        Keep each node's so many heaviest links (a link stays when it is among the heaviest of
        either end), so that 30 nodes do not become a tangle; ``None`` keeps every link.
    seed : int, default 0
        The layout's seed: the same table draws the same picture.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to the node drawing (``node_color``, ``alpha`` …).

    Returns
    -------
    matplotlib.axes.Axes
        Call :func:`mediakit.use_arabic_font` first, so that Arabic labels have glyphs.

    Examples
    --------
    >>> t = pd.DataFrame({"entity_a": ["مصر", "مصر"], "entity_b": ["قطر", "لبنان"], "articles": [3, 1]})
    >>> fig, ax = plt.subplots()
    >>> ax = plot_network(t, ax=ax)
    >>> sorted(x.get_text() != "" for x in ax.texts)
    [True, True, True]
    """
    missing = {"entity_a", "entity_b", weight} - set(table.columns)
    if missing:
        raise ValueError(f"the co-occurrence table lacks the columns {sorted(missing)}; pass mk.cooccurrence(mentions)")
    ax = ax or plt.gca()
    graph = nx.Graph()
    for a, b, w in table[["entity_a", "entity_b", weight]].itertuples(index=False):
        graph.add_edge(str(a), str(b), weight=float(w))
    if sizes is None:
        size = dict(graph.degree(weight="weight"))
    else:
        given = dict(sizes)
        size = {n: float(given.get(n, 0)) for n in graph.nodes}
    keep = sorted(graph.nodes, key=lambda n: (-size[n], n))[:top]
    graph = graph.subgraph(keep).copy()
    if edges is not None:
        strongest = set()
        for n in graph.nodes:
            ranked = sorted(graph.edges(n, data="weight"), key=lambda e: (-e[2], e[1]))[:edges]
            strongest |= {frozenset((a, b)) for a, b, _ in ranked}
        graph.remove_edges_from([(a, b) for a, b in list(graph.edges) if frozenset((a, b)) not in strongest])
    ax.set_axis_off()
    if not graph.number_of_nodes():
        return ax
    pos = nx.spring_layout(graph, seed=seed, weight="weight", k=1.6 / max(graph.number_of_nodes(), 1) ** 0.5)
    biggest = max(size[n] for n in graph.nodes) or 1.0
    heaviest = max((d["weight"] for _, _, d in graph.edges(data=True)), default=1.0) or 1.0
    nx.draw_networkx_edges(
        graph,
        pos,
        ax=ax,
        width=[0.5 + 5 * d["weight"] / heaviest for _, _, d in graph.edges(data=True)],
        edge_color="#9aa5b1",
        alpha=0.6,
    )
    nodes = sorted(graph.nodes)
    options = {"node_color": "#3b6ea8", "alpha": 0.85} | kwargs
    nx.draw_networkx_nodes(
        graph, pos, nodelist=nodes, ax=ax, node_size=[80 + 1500 * size[n] / biggest for n in nodes], **options
    )
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for n in nodes:
        x, y = pos[n]
        label = ax.annotate(
            display_text(n),
            (x, y),
            xytext=(0, -(4 + 0.5 * (80 + 1500 * size[n] / biggest) ** 0.5)),  # below the node's edge
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            zorder=5,
        )
        label.set_path_effects(halo)
    ax.margins(0.12)
    return ax
