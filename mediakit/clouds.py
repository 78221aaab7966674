"""Arabic word clouds that read right: counted by the Analyzer, drawn by the wordcloud package.

The wordcloud package's own tokenizer splits Arabic words at diacritics and strips an English
plural "s", so it is never given text: mediakit counts with :class:`mediakit.Analyzer` and hands
over frequencies, keyed by each word's most frequent written form, passed through
:func:`mediakit.display_text` for Pillow (unchanged where Pillow shapes Arabic itself).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from mediakit.analyzer import Analyzer
from mediakit.counts import DocumentTerms
from mediakit.display import arabic_font, display_text

__all__ = ["comparison_cloud", "disc_mask", "frequencies", "wordcloud"]

#: Colours of the groups in a comparison cloud (colour-blind safe, Okabe and Ito).
GROUP_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F")


#: The longest word or phrase a cloud draws, in characters (the longest Arabic words and
#: three-word names are well under it).
MAX_WORD_LENGTH = 60


def _news_analyzer(analyzer: Analyzer | None) -> Analyzer:
    return analyzer if analyzer is not None else Analyzer(stopwords=("core", "news"))


def frequencies(data: object, *, analyzer: Analyzer | None = None, value: str = "count") -> dict[str, float]:
    """Word frequencies for a cloud, keyed by the words as readers write them.

    Parameters
    ----------
    data : mapping, Series, DataFrame or str
        A mapping or Series of word to frequency (used as given); a frame with ``term`` and
        ``count`` columns (from :func:`mediakit.term_frequencies`; rows of several groups are
        summed); an articles frame with a ``text`` column, or a string (counted with
        ``analyzer``, by default ``Analyzer(stopwords=("core", "news"))``).
    analyzer : Analyzer, optional
        For text, the analyzer that counts it; for a term table, the fitted analyzer that made
        it, to show terms in their written form.
    value : str, default "count"
        For a term table, the column that sizes the words (``"tfidf"`` for a table made with
        ``term_frequencies(..., tfidf=True)``, ``"per_10k"`` …).

    Returns
    -------
    dict
        A new dict; the caller's data is not modified.

    Examples
    --------
    >>> frequencies({"العراق": 3, "مصر": 1})
    {'العراق': 3.0, 'مصر': 1.0}
    """
    if isinstance(data, str):
        analyzer = _news_analyzer(analyzer)
        counts: Mapping = analyzer.count([data])
        return _labelled(counts, analyzer)
    if isinstance(data, pd.DataFrame):
        if {"term", value} <= set(data.columns):
            summed = data.groupby("term", sort=False)[value].sum()
            summed = summed[summed != 0]  # a tf-idf of 0: a word every article has
            return _labelled(summed.to_dict(), analyzer) if analyzer is not None else _checked(summed.to_dict())
        if "text" in data.columns:
            analyzer = _news_analyzer(analyzer)
            texts = [t for t in data["text"] if isinstance(t, str)]
            return _labelled(analyzer.count(texts), analyzer)
        raise ValueError(
            f"a frame for a word cloud needs 'term' and {value!r} columns (a term table) or a 'text' column "
            f"(articles); it has {', '.join(map(str, data.columns))}"
        )
    if isinstance(data, pd.Series):
        return _checked(data.to_dict())
    if isinstance(data, Mapping):
        return _checked(dict(data))
    raise TypeError(f"cannot make word frequencies from {type(data).__name__}")


def _labelled(counts: Mapping, analyzer: Analyzer | None) -> dict[str, float]:
    out: dict[str, float] = {}
    if analyzer is not None:
        analyzer.learn_labels(counts)
    for term, n in counts.items():
        label = analyzer.label(term) if analyzer is not None else term
        out[label] = out.get(label, 0.0) + float(n)
    return _checked(out)


def _checked(freqs: dict) -> dict[str, float]:
    out = {}
    for word, n in freqs.items():
        if not isinstance(n, (int, float, np.integer, np.floating)) or not np.isfinite(n) or n <= 0:
            raise ValueError(f"word frequencies must be positive numbers; {word!r} has {n!r}")
        out[str(word)] = float(n)
    return out


def disc_mask(size: int = 600) -> np.ndarray:
    """A round mask: black (0) disc on white (255), ``size`` × ``size`` pixels.

    Examples
    --------
    >>> m = disc_mask(100)
    >>> int(m[50, 50]), int(m[0, 0])
    (0, 255)
    """
    y, x = np.ogrid[:size, :size]
    centre = (size - 1) / 2
    inside = (x - centre) ** 2 + (y - centre) ** 2 <= (0.48 * size) ** 2
    return np.where(inside, 0, 255).astype(np.uint8)


def _mask_array(mask: object) -> np.ndarray | None:
    if mask is None:
        return None
    if isinstance(mask, (str, PathLike)):
        from PIL import Image

        path = Path(mask)
        if not path.is_file():
            raise FileNotFoundError(f"mask image not found: {path}")
        mask = np.array(Image.open(path).convert("L"))
    array = np.asarray(mask)
    if array.ndim not in (2, 3) or min(array.shape[:2]) < 10:
        raise ValueError(f"a mask must be an image (height × width, or × channels), not shape {array.shape}")
    if array.ndim == 3:
        array = array[..., :3].mean(axis=2).astype(np.uint8)
    return array


def _luminance(rgb: Sequence[float]) -> float:
    """Relative luminance (WCAG) of an sRGB colour with channels in [0, 1]."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: Sequence[float], b: Sequence[float]) -> float:
    """The WCAG contrast ratio of two sRGB colours (channels in [0, 1]), from 1 to 21.

    Examples
    --------
    >>> round(contrast((0, 0, 0), (1, 1, 1)))
    21
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable_colors(colormap: str, background: str, seed: int):
    """A wordcloud colour function: colours of ``colormap``, each moved towards black (or white,
    on a dark background) until its contrast with the background is at least 3:1."""
    import random

    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    cmap = colormaps[colormap]
    back = to_rgb(background)
    towards = (0.0, 0.0, 0.0) if _luminance(back) > 0.5 else (1.0, 1.0, 1.0)
    rng = random.Random(seed)

    def color(word, font_size, position, orientation, random_state=None, **kwargs):
        rgb = cmap(rng.random())[:3]
        step = 0
        while contrast(rgb, back) < 3.2 and step < 30:  # 3.2: still 3:1 after rounding to 8 bits
            rgb = tuple(c + (t - c) * 0.15 for c, t in zip(rgb, towards, strict=True))
            step += 1
        return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)

    return color


def _font_path(font: str | PathLike | None) -> str:
    path = Path(font) if font is not None else arabic_font("sans")
    if not path.is_file():
        raise FileNotFoundError(f"font file not found: {path}")
    return str(path)


def wordcloud(
    data: object,
    *,
    analyzer: Analyzer | None = None,
    max_words: int = 150,
    width: int = 1200,
    height: int = 600,
    mask: str | PathLike | np.ndarray | None = None,
    colormap: str = "viridis",
    background_color: str = "white",
    font: str | PathLike | None = None,
    random_state: int = 0,
    ax: Axes | None = None,
    value: str = "count",
    **wordcloud_kwargs,
):
    """An Arabic word cloud, joined letters and right to left.

    A word or phrase longer than :data:`MAX_WORD_LENGTH` characters (a run of letters with no
    space in a scraped page) cannot be drawn: it is left out, with a warning that says so.

    Parameters
    ----------
    data : mapping, Series, DataFrame or str
        Frequencies, a term table, articles or text; see :func:`frequencies`.
    analyzer : Analyzer, optional
    max_words : int, default 150
    width, height : int, default 1200, 600
        Canvas size in pixels (a mask sets its own).
    mask : image path or array, optional
        White (255) areas stay empty.
    colormap : str, default "viridis"
        Words take colours of this matplotlib colour map, kept readable on the background: a
        colour too close to it (yellow on white) is darkened (or lightened) until it stands
        out with a contrast of at least 3:1.
    background_color : str, default "white"
    font : path, optional
        A font file with Arabic glyphs; by default :func:`mediakit.arabic_font`.
    random_state : int, default 0
        The same value gives the same cloud.
    ax : matplotlib Axes, optional
        Draw the cloud into it, axes off.
    value : str, default "count"
        For a term table, the column that sizes the words (e.g. ``"tfidf"``).
    **wordcloud_kwargs
        Passed to :class:`wordcloud.WordCloud`.

    Returns
    -------
    wordcloud.WordCloud
        ``to_file("cloud.png")``, ``to_svg()``, ``to_array()`` save or show it.

    Examples
    --------
    >>> wc = wordcloud({"العراق": 5, "الأمم المتحدة": 3, "لا": 1}, width=300, height=150)
    >>> sorted(w for (w, _), *_ in wc.layout_) == sorted(["العراق", "الأمم المتحدة", "لا"])
    True
    """
    from wordcloud import WordCloud

    freqs = frequencies(data, analyzer=analyzer, value=value)
    if not freqs:
        raise ValueError("no words to draw: the frequencies are empty")
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, not {max_words!r}")
    long = [w for w in freqs if len(w) > MAX_WORD_LENGTH]
    if long:
        # a "word" of thousands of letters cannot be drawn (Pillow refuses it, or the layout
        # takes minutes): it is left out and said
        warnings.warn(
            f"{len(long)} word(s) longer than {MAX_WORD_LENGTH} characters left out of the cloud "
            f"(the first begins {long[0][:30]!r}, {len(long[0]):,} characters)",
            stacklevel=2,
        )
        freqs = {w: n for w, n in freqs.items() if len(w) <= MAX_WORD_LENGTH}
        if not freqs:
            raise ValueError(f"no words to draw: every word is longer than {MAX_WORD_LENGTH} characters")
    top = dict(sorted(freqs.items(), key=lambda kv: (-kv[1], kv[0]))[:max_words])
    shown: dict[str, float] = {}
    for word, n in top.items():
        key = display_text(word, renderer="pillow")
        shown[key] = shown.get(key, 0.0) + n
    settings = {
        "font_path": _font_path(font),
        "width": width,
        "height": height,
        "max_words": max_words,
        "mask": _mask_array(mask),
        "color_func": _readable_colors(colormap, background_color, random_state),
        "prefer_horizontal": 1.0,  # Arabic read vertically is hard to read
        "background_color": background_color,
        "random_state": random_state,
        "collocations": False,
        "normalize_plurals": False,
        **wordcloud_kwargs,
    }
    cloud = WordCloud(**settings).generate_from_frequencies(shown)
    if ax is not None:
        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_axis_off()
    return cloud


def comparison_cloud(
    df: pd.DataFrame,
    *,
    by: str | pd.Series,
    analyzer: Analyzer | None = None,
    max_words: int = 150,
    colors: Sequence[str] | None = None,
    min_count: int = 3,
    ax: Axes | None = None,
    counts: DocumentTerms | None = None,
    **kwargs,
):
    """One cloud for several groups: each word is coloured by the group it is most typical of.

    A word's group is the one where its log ratio (Hardie 2014: ``log2`` of its relative
    frequency in the group over its relative frequency in the rest; a zero count is taken as
    0.5) is highest; its size is its count in that group. Only words whose log ratio there is
    positive are drawn.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles.
    by : str or Series
        The group column (e.g. ``"source"``), or a Series of group labels aligned with ``df``
        (e.g. periods). At least two groups.
    analyzer : Analyzer, optional
    max_words : int, default 150
    colors : list of str, optional
        One colour per group (in sorted group order).
    min_count : int, default 3
        Least count of a word in its group.
    ax : matplotlib Axes, optional
        Draw into it, with a legend of the groups.
    counts : DocumentTerms, optional
        The corpus counted already (``mk.prepare(...).counts``), holding ``df``'s ids: the
        groups are summed from it, with no pass over the texts, and its analyzer is used.
    **kwargs
        Passed to :func:`wordcloud` (``width``, ``height``, ``font``, ``random_state`` ...).

    Returns
    -------
    wordcloud.WordCloud
        With ``group_of_`` (word as drawn → group) and ``group_colors_`` (group → colour).

    Examples
    --------
    >>> import mediakit as mk
    >>> wc = comparison_cloud(mk.load_sample(), by="source", max_words=40, width=400, height=200)
    >>> sorted(wc.group_colors_)
    ['al-rasid', 'al-sharfa', 'nabd', 'sawt-al-maghrib']
    """
    labels = df[by] if isinstance(by, str) else pd.Series(by, index=df.index)
    groups = sorted(labels.dropna().unique(), key=str)
    if len(groups) < 2:
        raise ValueError(f"a comparison cloud needs at least two groups; got {groups}")
    palette = list(colors) if colors is not None else list(GROUP_COLORS)
    if len(palette) < len(groups):
        raise ValueError(
            f"{len(groups)} groups but only {len(palette)} colours: pass colors=, or compare fewer groups "
            "(colours further apart than these cannot be told apart in one cloud)"
        )
    if counts is not None:
        analyzer = counts.analyzer
        ids = df["id"].to_numpy()
        per_group = {}
        for g in groups:
            summed = np.asarray(counts.sub(ids[(labels == g).to_numpy()]).sum(axis=0)).ravel()
            nonzero = np.flatnonzero(summed)
            per_group[g] = Counter(dict(zip(counts.terms[nonzero].tolist(), summed[nonzero].tolist(), strict=True)))
    else:
        analyzer = _news_analyzer(analyzer)
        texts = df["text"].where(df["text"].map(lambda t: isinstance(t, str)), "")
        if analyzer.vocabulary is None:
            analyzer.fit(texts)
        per_group = {g: analyzer.count(texts[labels == g]) for g in groups}
    counts_of = per_group
    totals = {g: max(sum(c.values()), 1) for g, c in counts_of.items()}
    everything = sum(totals.values())
    best: dict[str, tuple[float, object, int]] = {}
    for g in groups:
        rest_total = max(everything - totals[g], 1)
        for term, n in counts_of[g].items():
            if n < min_count:
                continue
            rest = sum(counts_of[h].get(term, 0) for h in groups if h != g)
            ratio = np.log2((n / totals[g]) / (max(rest, 0.5) / rest_total))
            if ratio > 0 and (term not in best or ratio > best[term][0]):
                best[term] = (ratio, g, n)
    if not best:
        raise ValueError("no word is more typical of one group than of the others")
    analyzer.learn_labels(best)
    freqs = {analyzer.label(t): float(n) for t, (_, _, n) in best.items()}
    group_of = {display_text(analyzer.label(t), renderer="pillow"): g for t, (_, g, _) in best.items()}
    group_colors = {g: palette[i] for i, g in enumerate(groups)}

    def color(word, **_):
        return group_colors[group_of[word]]

    cloud = wordcloud(freqs, max_words=max_words, color_func=color, **kwargs)
    cloud.group_of_ = group_of
    cloud.group_colors_ = group_colors
    if ax is not None:
        from matplotlib.patches import Patch

        ax.imshow(cloud.to_array(), interpolation="bilinear")
        ax.set_axis_off()
        handles = [Patch(color=c, label=display_text(str(g))) for g, c in group_colors.items()]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), ncol=len(groups), frameon=False)
    return cloud
