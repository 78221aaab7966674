"""An interactive explorer for JupyterLab: pick entities or terms, see them over time and in context.

``mk.explore(df)`` returns an :class:`Explorer`, which shows as an ipywidgets panel:

* what to follow: entities (from :func:`mediakit.find_entities`) or terms (the corpus' most
  frequent words), in a list that a search box narrows as you type (without diacritics or
  hamza forms counting);
* the calendar period (day, week, month, quarter), the outlets, and share or count;
* a timeline of the chosen items, redrawn on every change;
* a keyword-in-context table of the passages that mention them, for one period picked from a
  drop-down (or all periods): no clicking on the plot needed.

Every control is an ordinary widget attribute, so the panel can be driven from code too
(``ex.items.value = ("العراق",)``); :attr:`Explorer.timeline` and :attr:`Explorer.passages`
hold what is shown.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import pandas as pd

from mediakit.analyzer import Analyzer
from mediakit.arabic import normalize
from mediakit.corpus import filter_articles, period_start
from mediakit.entities import EntityCatalog, find_entities
from mediakit.plots import plot_term_timeline, plot_timeline
from mediakit.terms import KwicFrame, kwic, term_frequencies, term_timeline
from mediakit.timelines import entity_timeline

__all__ = ["Explorer", "explore"]

_FREQS = [("day", "D"), ("week", "W"), ("month", "MS"), ("quarter", "QS"), ("year", "YS")]
_ALL = "all periods"
_CONTEXT_WORDS = 8


def _context(text: str, start: int, end: int, words: int = _CONTEXT_WORDS) -> tuple[str, str, str]:
    left = text[:start].split()[-words:] if words else []
    right = text[end:].split()[:words] if words else []
    return " ".join(left), " ".join(text[start:end].split()), " ".join(right)


class Explorer:
    """The panel built by :func:`explore`; display it (last expression of a cell) to use it.

    Attributes
    ----------
    kind, search, items, freq, outlets, measure, period : ipywidgets
        The controls.
    plot : ipywidgets.Image
        The timeline, as PNG.
    table : ipywidgets.HTML
        The passages of the selected period (right to left, the match highlighted, escaped).
    timeline : pandas.DataFrame
        The timeline currently drawn.
    passages : KwicFrame
        The passages currently listed.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        *,
        mentions: pd.DataFrame | None = None,
        catalog: EntityCatalog | None = None,
        freq: str = "MS",
        max_passages: int = 50,
        analyzer: Analyzer | None = None,
    ) -> None:
        import ipywidgets as w

        if "text" not in df.columns or "published" not in df.columns:
            raise ValueError("explore needs an articles frame with 'text' and 'published' columns")
        self.articles = df.reset_index(drop=True)
        self.mentions = (
            mentions if mentions is not None else find_entities(self.articles, catalog=catalog, progress=False)
        )
        self.max_passages = max_passages
        self.analyzer = analyzer if analyzer is not None else Analyzer(stopwords=("core", "news")).fit(df["text"])
        counts = self.mentions.groupby("entity")["id"].nunique().sort_values(ascending=False, kind="stable")
        self._entities = counts.index.tolist()
        self._top_terms: list[str] | None = None
        self._texts = dict(zip(self.articles["id"], self.articles["text"], strict=True))
        self.timeline = pd.DataFrame()
        self.passages = KwicFrame(columns=["id", "published", "source", "left", "match", "right"])

        self.kind = w.ToggleButtons(options=[("entities", "entities"), ("terms", "terms")], value="entities")
        self.search = w.Text(placeholder="search… (ابحث)", description="find")
        self.items = w.SelectMultiple(
            options=self._entities[:200], value=tuple(self._entities[:3]), rows=8, description="follow"
        )
        freqs = dict(_FREQS)
        self.freq = w.Dropdown(options=_FREQS, value=freq if freq in freqs.values() else "MS", description="period")
        sources = sorted(self.articles["source"].dropna().unique().tolist())
        self.outlets = w.SelectMultiple(options=sources, value=tuple(sources), rows=min(6, len(sources)))
        self.measure = w.ToggleButtons(options=[("share of articles", "share"), ("count", "count")], value="share")
        self.period = w.Dropdown(options=[_ALL], value=_ALL, description="passages")
        self.plot = w.Image(format="png")
        self.table = w.HTML()
        self.status = w.HTML()
        self._busy = False

        self.kind.observe(self._on_kind, names="value")
        self.search.observe(self._on_search, names="value")
        self.freq.observe(self._on_freq, names="value")
        for control in (self.items, self.outlets, self.measure):
            control.observe(self._on_change, names="value")
        self.period.observe(self._on_period, names="value")

        controls = w.VBox([self.kind, self.search, self.items])
        options = w.VBox([self.freq, w.Label("outlets"), self.outlets, self.measure])
        self.panel = w.VBox([w.HBox([controls, options]), self.plot, self.period, self.status, self.table])
        self._refresh_periods()
        self.update()

    # -- events --------------------------------------------------------------------------------

    @property
    def _terms(self) -> list[str]:
        """The 300 most frequent terms as written, counted when terms are first asked for."""
        if self._top_terms is None:
            top_terms = term_frequencies(self.articles, analyzer=self.analyzer, top=300)
            self._top_terms = list(dict.fromkeys(self.analyzer.label(t) for t in top_terms["term"]))
        return self._top_terms

    def _choices(self) -> list[str]:
        return self._entities if self.kind.value == "entities" else self._terms

    def _on_kind(self, _change: dict) -> None:
        with self._hold():
            self.search.value = ""
            choices = self._choices()
            self.items.options = choices[:200]
            self.items.value = tuple(choices[:3])
        self.update()

    def _on_search(self, change: dict) -> None:
        needle = normalize(change["new"].strip())
        choices = self._choices()
        found = [c for c in choices if needle in normalize(c)] if needle else choices
        kept = tuple(v for v in self.items.value if v in found)
        with self._hold():
            self.items.options = found[:200]
            self.items.value = kept
        self.update()

    def _on_freq(self, _change: dict) -> None:
        self._refresh_periods()
        self.update()

    def _on_change(self, _change: dict) -> None:
        if not self._busy:
            self._refresh_periods()
            self.update()

    def _on_period(self, _change: dict) -> None:
        if not self._busy:
            self._update_passages()

    def _hold(self):
        explorer = self

        class _Hold:
            def __enter__(self) -> None:
                explorer._busy = True

            def __exit__(self, *exc: object) -> None:
                explorer._busy = False

        return _Hold()

    # -- views ---------------------------------------------------------------------------------

    def _selected_articles(self) -> pd.DataFrame:
        return filter_articles(self.articles, sources=list(self.outlets.value) or None)

    def _refresh_periods(self) -> None:
        dated = self._selected_articles()["published"].dropna()
        periods = sorted(period_start(dated, self.freq.value).unique()) if len(dated) else []
        labels = [(_ALL, _ALL)] + [(f"{p:%Y-%m-%d}", f"{p:%Y-%m-%d}") for p in periods]
        keep = self.period.value if self.period.value in {v for _, v in labels} else _ALL
        with self._hold():
            self.period.options = labels
            self.period.value = keep

    def update(self) -> None:
        """Redraw the timeline and the passages for the current control values."""
        if self._busy:
            return
        articles = self._selected_articles()
        chosen = list(self.items.value)
        if not chosen or articles.empty:
            self.timeline = pd.DataFrame()
            self.plot.value = b""
            self._update_passages()
            return
        from matplotlib.figure import Figure

        figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
        ax = figure.subplots()
        if self.kind.value == "entities":
            mentions = self.mentions[self.mentions["id"].isin(articles["id"])]
            self.timeline = entity_timeline(mentions, articles=articles, freq=self.freq.value, entities=chosen)
            value = "share" if self.measure.value == "share" else "articles"
            plot_timeline(self.timeline, entities=chosen, value=value, ax=ax)
        else:
            self.timeline = term_timeline(articles, chosen, freq=self.freq.value, analyzer=self.analyzer)
            plot_term_timeline(self.timeline, value="per_10k" if self.measure.value == "share" else "count", ax=ax)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        self.plot.value = buffer.getvalue()
        self._update_passages()

    def _update_passages(self) -> None:
        articles = self._selected_articles()
        chosen = list(self.items.value)
        if self.period.value != _ALL and len(articles):
            start = pd.Timestamp(self.period.value, tz="UTC")
            periods = period_start(articles["published"], self.freq.value)
            articles = articles[periods == start]
        rows: list[tuple] = []
        if chosen and len(articles):
            if self.kind.value == "entities":
                ids = set(articles["id"])
                found = self.mentions[self.mentions["entity"].isin(chosen) & self.mentions["id"].isin(ids)]
                for m in found.head(self.max_passages).itertuples(index=False):
                    rows.append((m.id, m.published, m.source, *_context(self._texts[m.id], m.start, m.end)))
            else:
                for term in chosen:
                    found = kwic(articles, term, analyzer=self.analyzer, limit=self.max_passages - len(rows))
                    rows.extend(found.itertuples(index=False, name=None))
                    if len(rows) >= self.max_passages:
                        break
        self.passages = KwicFrame(rows, columns=["id", "published", "source", "left", "match", "right"])
        if not chosen:
            self.status.value = "<p>Pick one or more items (and at least one outlet).</p>"
            self.table.value = ""
            return
        where = "all periods" if self.period.value == _ALL else f"the period from {self.period.value}"
        count = f"{len(self.passages)} passages in {where} (at most {self.max_passages})"
        self.status.value = f"<p>{html.escape(count)}</p>"
        self.table.value = self.passages._repr_html_() if len(self.passages) else ""

    def static_html(self) -> str:
        """The panel's current state as plain HTML: the timeline as an image and the passages.

        This is what a shared report, or a notebook opened without a running kernel, shows in
        place of the live controls.
        """
        chosen = "، ".join(map(str, self.items.value)) or "nothing chosen"
        parts = [
            '<div class="mediakit-explorer-static">',
            f'<p dir="auto">Explorer (a static view; run the notebook in JupyterLab to use the controls): '
            f'{html.escape(self.kind.value)} <b dir="auto">{html.escape(chosen)}</b>, '
            f"period {html.escape(self.freq.value)}.</p>",
        ]
        if self.plot.value:
            data = base64.b64encode(self.plot.value).decode("ascii")
            parts.append(f'<img src="data:image/png;base64,{data}" alt="timeline of {html.escape(chosen)}">')
        parts.append(self.status.value)
        parts.append(self.table.value)
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = dict(self.panel._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<Explorer: {', '.join(map(str, self.items.value))}>"
        return bundle


def explore(
    df: pd.DataFrame,
    *,
    mentions: pd.DataFrame | None = None,
    catalog: EntityCatalog | None = None,
    freq: str = "MS",
    items: Sequence[str] | None = None,
    analyzer: Analyzer | None = None,
) -> Explorer:
    """An interactive panel to follow entities or terms over time and read them in context.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles (clean and de-duplicate them first for honest counts).
    mentions : pandas.DataFrame, optional
        The output of :func:`mediakit.find_entities` on ``df``; found with ``catalog`` when
        not given.
    catalog : EntityCatalog, optional
    freq : str, default "MS"
        The starting calendar period.
    items : list of str, optional
        Entities to show first (default: the three most mentioned).
    analyzer : Analyzer, optional
        A fitted analyzer for the terms (e.g. ``mk.prepare(...).analyzer``); fitted on ``df`` when not given.

    Returns
    -------
    Explorer
        Shows as a widget panel in JupyterLab; in a shared HTML report, or a notebook opened
        without a kernel, as a static view of its current state (:meth:`Explorer.static_html`).

    Examples
    --------
    >>> import mediakit as mk
    >>> ex = mk.explore(mk.load_sample(), items=["العراق"])
    >>> ex.period.value = "2025-05-01"
    >>> all(ex.passages["published"].dt.month == 5), "<mark>" in ex.table.value
    (True, True)
    """
    explorer = Explorer(df, mentions=mentions, catalog=catalog, freq=freq, analyzer=analyzer)
    if items is not None:
        explorer.items.value = tuple(i for i in items if i in explorer.items.options)
    return explorer
