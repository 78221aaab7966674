"""The co-occurrence network (mediakit/network.py)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import mediakit as mk
from mediakit.network import plot_network

NAMES = (
    ["مصر", "قطر", "لبنان", "سوريا", "العراق", "الأردن", "تركيا", "إيران", "روسيا", "فرنسا"]
    + [f"مدينة {w}" for w in ["الرياض", "دبي", "عمان", "بغداد", "دمشق", "بيروت", "القاهرة", "أنقرة", "طهران", "موسكو"]]
    + [
        f"حزب {w}"
        for w in ["النور", "الأمل", "العدالة", "التقدم", "الوفاق", "الإصلاح", "الشعب", "الوطن", "الحرية", "البناء"]
    ]
)


def table(n: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = [
        (NAMES[i], NAMES[j], int(rng.integers(1, 20))) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.12
    ]
    return pd.DataFrame(rows, columns=["entity_a", "entity_b", "articles"])


def test_thirty_nodes_drawn_the_same_way_twice(tmp_path):
    mk.use_arabic_font()
    pictures = []
    for _ in range(2):
        fig, ax = plt.subplots(figsize=(11, 9))
        plot_network(table(), ax=ax, seed=4)
        path = tmp_path / f"network{len(pictures)}.png"
        fig.savefig(path, dpi=80)
        plt.close(fig)
        pictures.append(plt.imread(path))
    assert np.array_equal(pictures[0], pictures[1])
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(set(table()[["entity_a", "entity_b"]].values.ravel())) <= 30


def test_sizes_and_top_choose_the_nodes():
    t = pd.DataFrame({"entity_a": ["مصر", "مصر", "قطر"], "entity_b": ["قطر", "لبنان", "لبنان"], "articles": [5, 1, 2]})
    fig, ax = plt.subplots()
    plot_network(t, sizes={"مصر": 40, "قطر": 3, "لبنان": 10}, top=2, ax=ax)
    assert sorted(mk.display_text(n) for n in ["مصر", "لبنان"]) == sorted(t.get_text() for t in ax.texts)
    plt.close(fig)
    with pytest.raises(ValueError, match="lacks the columns"):
        plot_network(t.drop(columns="articles"))


def test_each_node_keeps_its_heaviest_links_so_a_dense_network_stays_readable():
    names = NAMES[:20]
    dense = pd.DataFrame(
        [(a, b, 1 + (i * 7 + j * 3) % 11) for i, a in enumerate(names) for j, b in enumerate(names) if i < j],
        columns=["entity_a", "entity_b", "articles"],
    )  # everyone with everyone: 190 links
    fig, ax = plt.subplots()
    plot_network(dense, edges=2, ax=ax)
    drawn = sum(len(c.get_paths()) for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection))
    assert 10 <= drawn <= 2 * len(names)
    assert len(ax.texts) == 20
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_network(dense, edges=None, ax=ax)
    drawn = sum(len(c.get_paths()) for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection))
    assert drawn == 190
    plt.close(fig)
