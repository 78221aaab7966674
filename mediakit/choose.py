"""Parameters chosen from the corpus: periods, the event, the words and outlets a report looks at.

A report's notebooks must run on any corpus, so every parameter that names a date, a word, an
entity or an outlet defaults to ``None`` and is chosen here from the corpus itself, by a rule
each function documents. A :class:`Choice` carries the value and one plain sentence saying what
was chosen, why, and how to choose otherwise (``-p NAME VALUE`` on ``mediakit report``); in a
notebook it shows as that sentence.

The rules:

* **Stray articles** (:func:`main_span`): the main span runs from the 5th to the 95th percentile
  of the publication dates, widened on each side by half its length (at least 7 days).
  Articles outside it (a few items years older than the rest, a wrong clock) are set aside from
  timelines and period comparisons, which they would otherwise stretch.
* **freq** (:func:`freq`): from the length of the main span: up to 45 days, days; up to 18
  months, weeks; longer, months. Then one step coarser (days to weeks to months) while the
  median period holds fewer than 10 articles and the coarser one still gives at least 4 periods.
* **event period** (:func:`event`): the period in which one of the ten most mentioned entities is
  named in the most articles beyond what its share over the whole span predicts (the largest
  binomial z-score, with at least 3 articles); periods with fewer than a quarter of the median
  number of articles are not considered. Without entities, the period with most articles
  against the median.
* **search** and the **watched entity** (:func:`top_entity`): the entity mentioned in most
  articles, in the spelling most often matched.
* **watched terms** (:func:`terms`): the three terms most characteristic of the event period
  (keyness), else the three most frequent.
* **split_date** (:func:`split_date`): the median publication date.
* **compared outlets** (:func:`outlets`): the largest, by number of articles.
* **topics** (:func:`topic_count`): about one topic per 50 articles, at least 2 and at most 20.
* **attention queries** (:func:`queries`): the two entities named in most articles, each as
  the spellings the corpus uses for it most (up to three, joined by OR).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mediakit.corpus import period_start

__all__ = [
    "Choice",
    "entities",
    "event",
    "freq",
    "in_span",
    "largest",
    "main_span",
    "outlets",
    "queries",
    "show",
    "split_date",
    "terms",
    "top_entity",
    "topic_count",
]

PERIOD_NAMES = {"D": "days", "W": "weeks", "MS": "months", "QS": "quarters", "YS": "years"}
_ONE_PERIOD = {"D": "day", "W": "week", "MS": "month", "QS": "quarter", "YS": "year"}


@dataclass(frozen=True)
class Choice:
    """A parameter's value and the sentence that says where it came from.

    Attributes
    ----------
    name : str
        The notebook parameter (``freq``, ``search`` ...).
    value : object
        The value to use; ``None`` when nothing applies (the sentence says why).
    why : str
        One plain sentence: what was chosen, why, and how to choose otherwise.
    given : bool
        True when the user set the value.

    Examples
    --------
    >>> c = Choice("freq", "W", "Periods are weeks.")
    >>> c.value, str(c)
    ('W', 'Periods are weeks.')
    """

    name: str
    value: object
    why: str
    given: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return self.why

    def _repr_markdown_(self) -> str:
        return self.why

    def _repr_mimebundle_(self, include=None, exclude=None):
        return show_bundle([self])


def _readable(value: object) -> str:
    """A value as a person types it on the command line: Arabic as Arabic, lists as JSON."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, (list, tuple)):
        return json.dumps([_readable(v) if isinstance(v, pd.Timestamp) else v for v in value], ensure_ascii=False)
    return str(value)


def _given(name: str, value: object, what: str) -> Choice:
    return Choice(name, value, f"{what} `{_readable(value)}`, as given (`-p {name}`).", given=True)


def show_bundle(choices: Sequence[Choice]) -> tuple[dict, dict]:
    """The display data of choices: a short list, with the values in the output's metadata so a
    report can list the parameters as chosen."""
    items = [c for c in choices if c is not None and c.why]
    text = "\n".join(f"- {c.why}" for c in items)
    markup = "".join(f"<li>{_inline_code(html.escape(c.why))}</li>" for c in items)
    data = {
        "text/markdown": text,
        "text/html": f'<ul class="mediakit-choices">{markup}</ul>',
        "text/plain": text,
    }
    meta = {"mediakit": {"choices": [{"name": c.name, "value": _readable(c.value), "given": c.given} for c in items]}}
    return data, meta


def _inline_code(escaped: str) -> str:
    parts = escaped.split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def show(*choices: Choice) -> None:
    """Display the choices in a notebook as a short list of sentences.

    In a notebook the list shows under the cell; elsewhere it is printed as plain text.
    :func:`show_bundle` gives the display data itself::

        show(freq(dates), split_date(dates))
    """
    from IPython.display import publish_display_data

    data, meta = show_bundle(choices)
    publish_display_data(data, metadata=meta)


def _span_words(days: float) -> str:
    if days < 1:
        return "less than a day"
    if days < 60:
        return f"{days:.0f} days"
    if days < 730:
        return f"{days / 30.44:.0f} months"
    return f"{days / 365.25:.0f} years"


def main_span(published: pd.Series) -> Choice:
    """The span of dates the bulk of the corpus covers; articles outside it are strays.

    Parameters
    ----------
    published : Series of tz-aware datetimes

    Returns
    -------
    Choice
        ``value`` is ``(first, last)`` (Timestamps) or None when no article is dated;
        ``extra["strays"]`` counts the dated articles outside the span.

    Examples
    --------
    >>> dates = pd.Series(pd.date_range("2018-02-01", periods=200, freq="D", tz="UTC"))
    >>> dates = pd.concat([dates, pd.Series(pd.to_datetime(["2012-10-11"], utc=True))], ignore_index=True)
    >>> c = main_span(dates)
    >>> c.extra["strays"], c.value[0].year
    (1, 2018)
    """
    dated = published.dropna()
    if dated.empty:
        return Choice("span", None, "No article has a date: there are no timelines or period comparisons.")
    lo, hi = dated.quantile(0.05), dated.quantile(0.95)
    margin = max((hi - lo) / 2, pd.Timedelta(days=7))
    first, last = lo - margin, hi + margin
    inside = dated.between(first, last)
    strays = int((~inside).sum())
    kept = dated[inside]
    value = (kept.min(), kept.max())
    if not strays:
        return Choice("span", value, "", extra={"strays": 0})
    older, newer = int((dated < first).sum()), int((dated > last).sum())
    where = " and ".join(
        part
        for part in (
            f"{older:,} dated before {first:%Y-%m-%d}" if older else "",
            f"{newer:,} after {last:%Y-%m-%d}" if newer else "",
        )
        if part
    )
    one = strays == 1
    why = (
        f"{strays:,} stray article{'' if one else 's'} ({where}) {'lies' if one else 'lie'} far from the bulk "
        f"of the corpus ({value[0]:%Y-%m-%d} to {value[1]:%Y-%m-%d}) and {'is' if one else 'are'} left out of "
        f"timelines and period comparisons; {'it is' if one else 'they are'} counted everywhere else. "
        "(Rule: outside the 5th to 95th percentile of dates, widened by half its length, at least 7 days; "
        "`-p since` and `-p until` set the span yourself.)"
    )
    return Choice("span", value, why, extra={"strays": strays})


def in_span(df: pd.DataFrame, span: Choice) -> pd.DataFrame:
    """The dated articles of ``df`` inside the main span (see :func:`main_span`).

    Examples
    --------
    >>> df = pd.DataFrame({"published": pd.to_datetime(["2018-03-01", None], utc=True)})
    >>> len(in_span(df, main_span(df["published"])))
    1
    """
    if span.value is None:
        return df.iloc[0:0]
    first, last = span.value
    return df[df["published"].between(first, last)]


def freq(published: pd.Series, given: str | None = None) -> Choice:
    """The calendar period of timelines, from the span of the dates.

    Parameters
    ----------
    published : Series of tz-aware datetimes
        The dates of the articles in the main span (see :func:`main_span`).
    given : str, optional
        The user's choice, returned as it is.

    Returns
    -------
    Choice
        "D" up to 45 days, "W" up to 18 months, else "MS".

    Examples
    --------
    >>> freq(pd.Series(pd.date_range("2018-02-01", "2018-10-20", freq="h", tz="UTC"))).value
    'W'
    """
    if given is not None:
        return _given("freq", given, "Periods are")
    dated = published.dropna()
    if dated.empty:
        return Choice("freq", "MS", "No article has a date, so there are no periods (`freq` is unused).")
    days = (dated.max() - dated.min()) / pd.Timedelta(days=1)
    value = "D" if days <= 45 else "W" if days <= 548 else "MS"
    why = f"the dated articles span {_span_words(days)} ({dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d})"
    order = ["D", "W", "MS"]
    while value != "MS":
        coarser = order[order.index(value) + 1]
        if period_start(dated, value).value_counts().median() >= 10 or period_start(dated, coarser).nunique() < 4:
            break
        value = coarser
        why += f", with fewer than 10 articles in a typical {_ONE_PERIOD[order[order.index(value) - 1]]}"
    return Choice(
        "freq",
        value,
        f"Periods are {PERIOD_NAMES[value]} (`freq` `{value}`), because {why}; "
        "choose another with `-p freq D`, `W`, `MS`, `QS` or `YS`.",
    )


def _period_label(start: pd.Timestamp, freq_value: str) -> str:
    if freq_value == "D":
        return f"the day {start:%Y-%m-%d}"
    if freq_value.startswith("W"):
        return f"the week of {start:%Y-%m-%d}"
    if freq_value in ("MS", "M"):
        return f"the month {start:%Y-%m}"
    return f"the {_ONE_PERIOD.get(freq_value, 'period')} from {start:%Y-%m-%d}"


def _period_end(start: pd.Timestamp, freq_value: str) -> pd.Timestamp:
    nxt = period_start(pd.Series([start + pd.Timedelta(days=32 if freq_value not in ("D", "W") else 8)]), freq_value)
    step = {"D": pd.Timedelta(days=1), "W": pd.Timedelta(days=7)}.get(freq_value)
    following = start + step if step is not None else nxt.iat[0]
    if step is None and following <= start:
        following = start + pd.Timedelta(days=366)
    return following - pd.Timedelta(days=1)


def event(
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    freq: str,
    start: str | None = None,
    end: str | None = None,
    entities: int = 10,
) -> Choice:
    """The event period: where the most mentioned entities' share rose most.

    Parameters
    ----------
    articles : pandas.DataFrame
        Articles of the main span (``id``, ``published``).
    mentions : pandas.DataFrame, optional
        Their entity mentions (``id``, ``entity``); without them, article volume decides.
    freq : str
        The calendar period.
    start, end : str, optional
        The user's choice (``event_start``, ``event_end``); both or either given are used as they are.
    entities : int, default 10
        How many of the most mentioned entities are looked at.

    Returns
    -------
    Choice
        ``value`` is ``(start, end)`` as ``YYYY-MM-DD`` strings, or None when the corpus has fewer
        than three periods to compare.

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> event(df, mk.find_entities(df, progress=False), freq="MS").value
    ('2025-09-01', '2025-09-30')
    """
    how = "choose another with `-p event_start YYYY-MM-DD -p event_end YYYY-MM-DD`"
    if start is not None or end is not None:
        dated = articles["published"].dropna()
        first = start or (f"{dated.min():%Y-%m-%d}" if len(dated) else None)
        last = end or (f"{dated.max():%Y-%m-%d}" if len(dated) else None)
        return Choice(
            "event",
            (first, last),
            f"The event period is {first} to {last}, as given (`-p event_start`, `event_end`).",
            True,
        )
    dated = articles[articles["published"].notna()]
    if dated.empty:
        return Choice("event", None, "No article has a date: there is no event period to compare with the rest.")
    periods = period_start(dated["published"], freq)
    volume = periods.value_counts().sort_index()
    if len(volume) < 3:
        return Choice(
            "event",
            None,
            f"The articles fall in {len(volume)} {PERIOD_NAMES.get(freq, 'periods')}: too few to single out an "
            f"event period; {how}.",
        )
    eligible = volume[volume >= max(0.25 * volume.median(), 1)]
    found = None
    if mentions is not None and not mentions.empty:
        per_article = mentions[["id", "entity"]].drop_duplicates()
        per_article = per_article[per_article["id"].isin(dated["id"])]
        top = per_article["entity"].value_counts()
        ranked = sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))[:entities]
        if ranked:
            period_of = pd.Series(periods.to_numpy(), index=dated["id"].to_numpy())
            chosen = per_article[per_article["entity"].isin([e for e, _ in ranked])]
            counts = (
                chosen.assign(period=period_of.reindex(chosen["id"]).to_numpy())
                .groupby(["entity", "period"])
                .size()
                .unstack("period", fill_value=0)
                .reindex(columns=eligible.index, fill_value=0)
            )
            n = eligible.to_numpy()
            usual = (counts.sum(axis=1) / n.sum()).clip(0.01, 0.99)
            expected = np.outer(usual, n)
            z = (counts - expected) / np.sqrt(expected * (1 - usual.to_numpy()[:, None]))
            z = z.where(counts >= 3)
            if z.notna().any().any():
                entity, period = z.stack().idxmax()
                if z.loc[entity, period] > 0:
                    found = (period, entity, counts.loc[entity, period] / eligible[period], usual[entity])
    if found is not None:
        period, entity, now, usual = found
        reason = (
            f"the share of articles mentioning {entity} rose most then, to {now:.1%} against {usual:.1%} "
            "over the whole span"
        )
    else:
        ratio = eligible / eligible.median()
        period = ratio.idxmax()
        reason = (
            f"most articles appeared then ({int(eligible[period]):,} against a median of "
            f"{eligible.median():,.0f} a {_ONE_PERIOD.get(freq, 'period')})"
        )
    last = _period_end(period, freq)
    value = (f"{period:%Y-%m-%d}", f"{last:%Y-%m-%d}")
    return Choice("event", value, f"The event period is {_period_label(period, freq)}: {reason}; {how}.")


def top_entity(mentions: pd.DataFrame, given: str | None = None, *, name: str = "search") -> Choice:
    """The entity mentioned in most articles, in the spelling most often matched.

    Parameters
    ----------
    mentions : pandas.DataFrame
        The output of :func:`mediakit.find_entities`.
    given : str, optional
        The user's choice.
    name : str, default "search"
        The parameter this choice fills (``search``, ``watch`` ...), named in the sentence.

    Returns
    -------
    Choice
        ``value`` is the written form (``extra["entity"]`` the catalog's name), or None without mentions.

    Examples
    --------
    >>> import mediakit as mk
    >>> top_entity(mk.find_entities(mk.load_sample(), progress=False)).value
    'المغرب'
    """
    if given is not None:
        return _given(name, given, "The word followed is" if name != "search" else "The word shown in context is")
    if mentions is None or mentions.empty:
        return Choice(name, None, f"No entity of the catalog is mentioned, so there is no `{name}` to choose.")
    per_entity = mentions.groupby("entity")["id"].nunique()
    ranked = sorted(per_entity.items(), key=lambda kv: (-kv[1], kv[0]))
    entity, n = ranked[0]
    aliases = mentions.loc[(mentions["entity"] == entity) & (mentions["alias"] != "tagger"), "alias"]
    written = aliases.value_counts().index[0] if len(aliases) else entity
    what = "The word shown in context" if name == "search" else "The entity followed"
    return Choice(
        name,
        written,
        f"{what} is {written}, the most mentioned entity ({n:,} articles), as it is most often written; "
        f"choose another with `-p {name} WORD`.",
        extra={"entity": entity},
    )


def entities(mentions: pd.DataFrame, given: str | Sequence[str] | None = None, *, name: str = "watch") -> Choice:
    """Entities to follow: those given (as written, matched to the catalog's entities through
    the spellings found), else the most mentioned one.

    Returns
    -------
    Choice
        ``value`` is a list of names as written; ``extra["entities"]`` the matching catalog
        names (None where a given name is never mentioned).

    Examples
    --------
    >>> import mediakit as mk
    >>> m = mk.find_entities(mk.load_sample(), progress=False)
    >>> entities(m, ["حلف الأطلسي"]).extra["entities"]
    ['حلف شمال الأطلسي']
    """
    if given is None:
        top = top_entity(mentions, None, name=name)
        if top.value is None:
            return Choice(name, [], top.why, extra={"entities": []})
        return Choice(name, [top.value], top.why, extra={"entities": [top.extra["entity"]]})
    wanted = [given] if isinstance(given, str) else list(given)
    from mediakit.arabic import normalize

    lookup: dict[str, str] = {}
    if mentions is not None and len(mentions):
        for alias, entity in mentions[["alias", "entity"]].drop_duplicates().itertuples(index=False):
            lookup.setdefault(normalize(str(alias)), entity)
        for entity in mentions["entity"].unique():
            lookup[normalize(str(entity))] = entity
    matched = [lookup.get(normalize(w)) for w in wanted]
    missing = [w for w, m in zip(wanted, matched, strict=True) if m is None]
    why = f"The entities followed are {'، '.join(wanted)}, as given (`-p {name}`)."
    if missing:
        why += f" Never mentioned in this corpus: {'، '.join(missing)}."
    return Choice(name, wanted, why, given=True, extra={"entities": matched})


#: An event's watched terms are found in at least this many articles of the corpus.
WATCH_ARTICLES = 3


def terms(
    frequencies: pd.DataFrame,
    given: Sequence[str] | str | None = None,
    *,
    key: pd.DataFrame | None = None,
    labels=None,
    n: int = 3,
    name: str = "watch",
) -> Choice:
    """Terms worth following over time: the most characteristic of the event, else the most frequent.

    Parameters
    ----------
    frequencies : pandas.DataFrame
        A term table (``term``, ``count``) of the corpus.
    given : list of str, optional
        The user's choice.
    key : pandas.DataFrame, optional
        A keyness table of the event period (``term``, ``g2``), most characteristic first.
    labels : callable, optional
        Term → written form (``analyzer.label``).
    n : int, default 3
    name : str, default "watch"

    Returns
    -------
    Choice

    Examples
    --------
    >>> terms(pd.DataFrame({"term": ["نفط", "ناقلة"], "count": [9, 4]}), n=1).value
    ['نفط']
    """
    if given is not None:
        value = [given] if isinstance(given, str) else list(given)
        return _given(name, value, "The terms followed are")
    label = labels or (lambda t: t)
    if key is not None and len(key) and "g2" in key.columns:
        candidates = key.loc[key["g2"] > 0, "term"]
        if frequencies is not None and "documents" in frequencies.columns:
            # a term of one or two articles (a name in a feature story) is not what an event is about
            spread = frequencies.groupby("term")["documents"].sum()
            candidates = candidates[candidates.map(spread).fillna(0).to_numpy() >= WATCH_ARTICLES]
        picked = [label(t) for t in candidates.head(n)]
        if picked:
            return Choice(
                name,
                picked,
                f"The terms followed are {'، '.join(picked)}, the most characteristic of the event period "
                f"among those in at least {WATCH_ARTICLES} articles; "
                f"""choose others with `-p {name} '["…", "…"]'`.""",
            )
    if frequencies is None or frequencies.empty:
        return Choice(name, [], "The corpus has no terms to follow.")
    totals = frequencies.groupby("term")["count"].sum().sort_values(ascending=False, kind="stable")
    picked = [label(t) for t in totals.index[:n]]
    return Choice(
        name,
        picked,
        f"The terms followed are {'، '.join(picked)}, the most frequent; "
        f"""choose others with `-p {name} '["…", "…"]'`.""",
    )


def split_date(published: pd.Series, given: str | None = None) -> Choice:
    """The date that splits the corpus in two periods of equal size: the median publication date.

    Examples
    --------
    >>> split_date(pd.Series(pd.to_datetime(["2025-01-01", "2025-03-01", "2025-09-01"], utc=True))).value
    '2025-03-01'
    """
    if given is not None:
        return _given("split_date", given, "The two periods are split at")
    dated = published.dropna()
    if dated.dt.floor("D").nunique() < 2:
        return Choice(
            "split_date", None, "The articles fall on fewer than two days: there are no two periods to compare."
        )
    median = dated.sort_values().iloc[len(dated) // 2].floor("D")
    if median <= dated.min().floor("D"):  # half the corpus on the first day: split after it
        median = dated[dated.dt.floor("D") > median].min().floor("D")
    value = f"{median:%Y-%m-%d}"
    return Choice(
        "split_date",
        value,
        f"The two periods are split at {value}, the median publication date, so each holds about half the "
        "articles; choose another with `-p split_date YYYY-MM-DD`.",
    )


def outlets(articles: pd.DataFrame, given: Sequence[str] | None = None, *, n: int = 2, name: str = "compare") -> Choice:
    """The ``n`` largest outlets (most articles; ties by name).

    Returns
    -------
    Choice
        ``value`` is a list of outlet names, fewer than ``n`` when the corpus has fewer outlets.

    Examples
    --------
    >>> import mediakit as mk
    >>> outlets(mk.load_sample()).value
    ['al-sharfa', 'sawt-al-maghrib']
    """
    if given is not None:
        value = [given] if isinstance(given, str) else list(given)
        return _given(name, value, "The outlets compared are")
    counts = articles["source"].value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    picked = [s for s, _ in ranked[:n]]
    if len(counts) < 2:
        return Choice(name, picked, "The corpus has one outlet: there is no outlet comparison.")
    sizes = " and ".join(f"{int(counts[s]):,}" for s in picked)
    return Choice(
        name,
        picked,
        f"The outlets compared are {' and '.join(map(str, picked))}, the {n} with most articles ({sizes}); "
        f"""choose others with `-p {name} '["…", "…"]'`.""",
    )


def largest(labels: pd.Series, n: int) -> tuple[list, int]:
    """The ``n`` most frequent labels of a Series and how many others there are.

    Examples
    --------
    >>> largest(pd.Series(["a", "b", "a", "c"]), 1)
    (['a'], 2)
    """
    counts = labels.value_counts()
    ranked = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    return ranked[:n], max(len(ranked) - n, 0)


def topic_count(articles: int, given: int | None = None) -> Choice:
    """How many topics to find: about one per 50 articles, at least 2 and at most 20.

    Examples
    --------
    >>> topic_count(159).value, topic_count(31_525).value, topic_count(12).value
    (3, 20, 2)
    """
    if given is not None:
        return _given("n_topics", int(given), "The number of topics is")
    n = int(min(20, max(2, round(articles / 50))))
    return Choice(
        "n_topics",
        n,
        f"{n} topics, about one per 50 of the {articles:,} articles (2 to 20); choose another number with "
        "`-p n_topics N`.",
    )


def _quoted(word: str) -> str:
    return f'"{word}"' if " " in word else word


def queries(mentions: pd.DataFrame, given: str | Sequence[str] | None = None, *, n: int = 2) -> Choice:
    """Attention queries: the ``n`` entities named in most articles, each as its most used
    spellings in the corpus (up to three, joined by ``OR``; a name of several words quoted).

    Returns
    -------
    Choice
        ``value`` is a dict from a short name (the entity) to the query string.

    Examples
    --------
    >>> import mediakit as mk
    >>> chosen = queries(mk.find_entities(mk.load_sample(), progress=False))
    >>> list(chosen.value)
    ['المغرب', 'الاتحاد الأوروبي']
    """
    if given is not None:
        wanted = [given] if isinstance(given, str) else list(given)
        return _given("queries", wanted, "The attention queries are") if wanted else Choice("queries", {}, "")
    if mentions is None or mentions.empty:
        return Choice("queries", {}, "No entity of the catalog is mentioned, so no attention query is chosen.")
    per_entity = mentions.groupby("entity")["id"].nunique()
    ranked = [e for e, _ in sorted(per_entity.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
    chosen = {}
    for entity in ranked:
        aliases = mentions.loc[(mentions["entity"] == entity) & (mentions["alias"] != "tagger"), "alias"]
        spellings = list(aliases.value_counts().index[:3]) or [entity]
        chosen[entity] = " OR ".join(dict.fromkeys(_quoted(str(s)) for s in spellings))
    listed = "; ".join(f"`{q}`" for q in chosen.values())
    return Choice(
        "queries",
        chosen,
        f"The attention queries follow the {len(chosen)} most mentioned entities, as the corpus writes them: "
        f'{listed}; choose others with `-p queries \'["…", "…"]\'`.',
    )


def network_nodes(pairs: pd.DataFrame, given: int | None = None, *, most: int = 30) -> Choice:
    """How many entities the co-occurrence network draws: ``most`` (readable at 30), or fewer
    when fewer entities share articles.

    Parameters
    ----------
    pairs : pandas.DataFrame
        The output of :func:`mediakit.cooccurrence` (``entity_a``, ``entity_b``).
    given : int, optional
        The user's number, kept as given.
    most : int, default 30

    Examples
    --------
    >>> t = pd.DataFrame({"entity_a": ["مصر", "مصر"], "entity_b": ["قطر", "لبنان"]})
    >>> network_nodes(t).value, network_nodes(t, 12).value
    (3, 12)
    """
    if given is not None:
        return _given("network_nodes", int(given), "The network draws at most this many entities:")
    entities = pd.unique(pd.concat([pairs["entity_a"], pairs["entity_b"]])) if len(pairs) else []
    n = min(most, len(entities))
    if n == 0:
        return Choice("network_nodes", 0, "No two entities share an article twice, so there is no network to draw.")
    return Choice(
        "network_nodes",
        n,
        f"The network draws the {n} entities mentioned in most articles among the {len(entities):,} that share "
        f"articles with another (at most {most}, so that names stay readable); choose another number with "
        "`-p network_nodes N`.",
    )
