"""Whose voice the news carries: the speakers of :func:`mediakit.quotes`, counted per outlet
and period, grouped by the kind of voice, and drawn.

:func:`voices` counts who is quoted how often (or which groups of voices: government,
opposition, international bodies …); :func:`plot_voices` draws the counts as a speakers ×
outlets (or × periods) table of shares.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from mediakit.arabic import normalize
from mediakit.corpus import period_start
from mediakit.display import display_text
from mediakit.entities import EntityCatalog
from mediakit.quotes import _catalog_subtypes, _Lexicon, speech_lexicon

__all__ = ["plot_voices", "voices"]


def _group(speaker: str, kind: str, role: str, lex: _Lexicon, subtypes: dict) -> str:
    if kind == "source":
        return "media and reports"
    if kind == "religious":
        return "religious"
    phrase = " " + normalize(f"{role} {speaker}") + " "
    for word, group in lex.groups:
        if group == "opposition" and f" {word} " in phrase:
            return group
    if kind == "entity" and subtypes.get(speaker):
        return lex.subtype_groups.get(subtypes[speaker], "other")
    for word, group in lex.groups:
        if f" {word} " in phrase:
            return group
    for word in phrase.split():
        if word in lex.role_groups:
            return lex.role_groups[word]
    return "other"


def voices(
    quotes: pd.DataFrame,
    *,
    by: str | None = "source",
    freq: str | None = None,
    level: str = "speaker",
    top: int | None = 10,
    types: Sequence[str] | None = None,
    catalog: EntityCatalog | None = None,
) -> pd.DataFrame:
    """Who is quoted how often, per outlet (or another column) and period.

    Parameters
    ----------
    quotes : pandas.DataFrame
        The output of :func:`quotes`.
    by : str or None, default "source"
        The column that splits the counts (an outlet); ``None`` for the whole corpus.
    freq : str, optional
        A pandas period alias (``"W"``, ``"M"``, ``"Q"``) to count per calendar period of
        ``published`` too.
    level : {"speaker", "group"}, default "speaker"
        Count speakers, or the groups their roles and catalog types fall in: government,
        opposition, parties and parliament, international bodies, military and security, armed
        groups, civil society, business, experts, sport, religious, media and reports, other
        (the words and subtypes behind them are ``mediakit/data/speech_words.csv``).
    top : int or None, default 10
        Keep the most quoted so many per outlet and period (``None``: all).
    types : list of str, optional
        Rank only speakers of these ``speaker_type`` values (e.g. ``["entity", "role", "name",
        "unresolved"]`` to leave reports and anonymous sources out of a ranking of people and
        bodies); the shares stay shares of all the instances.
    catalog : EntityCatalog, optional
        Whose subtypes group the entity speakers (default: :meth:`EntityCatalog.default`).

    Returns
    -------
    pandas.DataFrame
        ``[<by>, period, speaker, speaker_type, group, quotes, share, rank]`` for
        ``level="speaker"`` (``[<by>, period, group, quotes, share, rank]`` for ``"group"``):
        ``quotes`` counts the instances, ``share`` divides by all the instances of that outlet
        and period (before ``top`` cuts), ``rank`` 1 is the most quoted. Speakers that are
        empty (a pronoun with no speaker before it) count in the total only. The columns
        ``<by>`` and ``period`` are there only when asked for.

    Examples
    --------
    >>> q = pd.DataFrame({"source": ["a", "a", "a", "b"],
    ...     "speaker": ["جون كيري", "جون كيري", "المتحدث باسم الجيش", "جون كيري"],
    ...     "speaker_type": ["entity", "entity", "role", "entity"], "role": ["", "", "المتحدث باسم الجيش", ""]})
    >>> voices(q)[["source", "speaker", "quotes", "share"]].round(2).values.tolist()
    [['a', 'جون كيري', 2, 0.67], ['a', 'المتحدث باسم الجيش', 1, 0.33], ['b', 'جون كيري', 1, 1.0]]
    """
    if level not in ("speaker", "group"):
        raise ValueError(f"level={level!r}: choose 'speaker' or 'group'")
    missing = {"speaker", "speaker_type", "role"} - set(quotes.columns)
    if by is not None:
        missing |= {by} - set(quotes.columns)
    if freq is not None:
        missing |= {"published"} - set(quotes.columns)
    if missing:
        raise ValueError(f"the quotes frame lacks the columns {sorted(missing)}; pass the output of mk.quotes()")
    lex = speech_lexicon()
    subtypes = _catalog_subtypes(catalog if catalog is not None else EntityCatalog.default())
    frame = quotes.copy()
    keys = [] if by is None else [by]
    if freq is not None:
        frame["period"] = period_start(frame["published"], freq)
        keys.append("period")
    frame["role"] = frame["role"].fillna("")
    frame["group"] = [
        _group(s, k, r, lex, subtypes)
        for s, k, r in zip(frame["speaker"], frame["speaker_type"], frame["role"], strict=True)
    ]
    totals = frame.groupby(keys).size() if keys else pd.Series({(): len(frame)})
    named = frame[frame["speaker"].fillna("") != ""]
    if types is not None:
        named = named[named["speaker_type"].isin(list(types))]
    what = ["speaker", "speaker_type", "group"] if level == "speaker" else ["group"]
    counts = named.groupby(keys + what, sort=False).size().rename("quotes").reset_index()
    if keys:
        total = counts.set_index(keys).index.map(totals.to_dict()) if len(keys) > 1 else counts[keys[0]].map(totals)
        counts["share"] = counts["quotes"] / pd.Series(total, index=counts.index).astype(float)
    else:
        counts["share"] = counts["quotes"] / max(len(frame), 1)
    counts = counts.sort_values([*keys, "quotes", *what], ascending=[True] * len(keys) + [False] + [True] * len(what))
    counts["rank"] = counts.groupby(keys).cumcount() + 1 if keys else range(1, len(counts) + 1)
    if top is not None:
        counts = counts[counts["rank"] <= top]
    return counts.reset_index(drop=True)


def plot_voices(
    table: pd.DataFrame,
    *,
    across: str | None = None,
    top: int = 12,
    ax: Axes | None = None,
    cmap: str = "Purples",
) -> Axes:
    """Draw :func:`voices` as a table of shares: speakers (or groups) down, outlets or periods
    across, each cell the share of that column's quotes, with the count written in it.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`voices` (``level="speaker"`` or ``"group"``).
    across : str, optional
        The column whose values are the table's columns: by default ``period`` when the table
        has one, else the first column of the table (the outlet). A column of the table where a
        speaker has no row holds 0 % (the column had quotes, none by that speaker).
    top : int, default 12
        The rows: the most quoted so many speakers (or groups) over the whole table.
    ax : matplotlib.axes.Axes, optional
    cmap : str, default "Purples"

    Returns
    -------
    matplotlib.axes.Axes
        Call :func:`mediakit.use_arabic_font` first, so that Arabic labels have glyphs.

    Examples
    --------
    >>> q = pd.DataFrame({"source": ["a", "a", "b"], "speaker": ["جون كيري", "المتحدث", "جون كيري"],
    ...     "speaker_type": ["entity", "role", "entity"], "role": ["", "المتحدث", ""]})
    >>> fig, ax = plt.subplots()
    >>> [t.get_text() for t in plot_voices(voices(q), ax=ax).get_xticklabels()]
    ['a', 'b']
    """
    row = "speaker" if "speaker" in table.columns else "group"
    missing = {row, "quotes", "share"} - set(table.columns)
    if missing:
        raise ValueError(f"the voices table lacks the columns {sorted(missing)}; pass the output of mk.voices()")
    if across is None:
        across = "period" if "period" in table.columns else table.columns[0]
    if across not in table.columns or across == row:
        raise ValueError(f"across={across!r}: the voices table has no such column (it has {list(table.columns)})")
    ax = ax or plt.gca()
    totals = table.groupby(row)["quotes"].sum().sort_values(ascending=False, kind="stable")
    if row == "group":  # "other" says least: it goes last
        totals = pd.concat([totals.drop("other", errors="ignore"), totals.reindex(["other"]).dropna()])
    rows = totals.index[:top]
    columns = sorted(table[across].unique())
    kept = table[table[row].isin(rows)]
    share = kept.pivot_table(index=row, columns=across, values="share", aggfunc="sum").reindex(rows, columns=columns)
    count = kept.pivot_table(index=row, columns=across, values="quotes", aggfunc="sum").reindex(rows, columns=columns)
    share, count = share.fillna(0.0) * 100, count.fillna(0).astype(int)
    image = ax.imshow(share.to_numpy(dtype=float), aspect="auto", cmap=cmap, vmin=0, interpolation="nearest")
    ax.set_yticks(np.arange(len(rows)), [display_text(str(r)) for r in rows])
    labels = [f"{c:%Y-%m-%d}" if isinstance(c, pd.Timestamp) else display_text(str(c)) for c in columns]
    step = max(1, -(-len(columns) // 24))  # at most 24 labels: ten years of months stay legible
    ticks = np.arange(0, len(columns), step)
    slanted = len(ticks) > 4
    ax.set_xticks(ticks, [labels[k] for k in ticks], rotation=45 if slanted else 0, ha="right" if slanted else "center")
    high = float(np.nanmax(share.to_numpy())) if share.size else 0.0
    if len(rows) * len(columns) <= 300:
        for (i, j), n in np.ndenumerate(count.to_numpy()):
            if n:
                dark = share.iat[i, j] > 0.6 * high
                ax.text(j, i, str(n), ha="center", va="center", fontsize=8, color="white" if dark else "0.2")
    ax.figure.colorbar(image, ax=ax, label="share of the column's quotes (%)")
    return ax
