"""Stories: articles from several outlets that report the same event, and who covered it first.

Each article becomes a vector made of three weighted, length-normalised parts: TF-IDF over its
title and lead (from the counting core), TF-IDF over its title alone, and its catalog entities.
The dot product of two vectors is then a weighted sum of the three cosines. Pairs published
within ``window`` of each other are scored in time blocks (a sparse product per block, never
the whole corpus against itself), and pairs above ``threshold`` are linked, strongest first,
into stories by average linkage: two groups merge only when the mean score over all their pairs
(pairs outside the window or below the candidate floor count as 0) reaches ``threshold``. That
keeps a long-running subject (a war, a tournament) from chaining day after day into one story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import sparse

from mediakit._schema import check_articles
from mediakit.counts import DocumentTerms, count_terms
from mediakit.display import display_text
from mediakit.entities import find_entities

__all__ = ["Stories", "coverage", "plot_coverage", "plot_stories", "stories"]

STORY_COLUMNS = [
    "story",
    "first_published",
    "first_source",
    "sources",
    "articles",
    "title",
    "top_terms",
    "top_entities",
]
COVERAGE_COLUMNS = ["stories", "shared", "first", "median_lag", "missed", "missed_titles"]

#: Weights of the three parts of an article's vector (title and lead, title, entities).
_WEIGHTS = {"text": 0.45, "title": 0.4, "entities": 0.15}
#: Score taken off a pair per day between the two reports: one event is told within hours.
_PER_DAY = 0.1
#: Two groups merge when the mean score over all their pairs reaches this share of the threshold.
_MEAN = 1.0
#: Pairs scoring below this share of the threshold count as 0 in those means (not kept).
_FLOOR = 1 / 3
#: The longest a story may run, in windows.
_SPAN = 2.0


class Stories(NamedTuple):
    """What :func:`stories` returns; unpacks as ``articles, table, undated = stories(df)``.

    Attributes
    ----------
    articles : pandas.DataFrame
        The articles as given (a copy, same order and index) with an integer ``story`` column.
    table : pandas.DataFrame
        One row per story (see :func:`stories`), biggest first.
    undated : int
        Articles without a usable ``published`` date; each is a story of its own.
    """

    articles: pd.DataFrame
    table: pd.DataFrame
    undated: int


def _lead(titles: list, texts: list, lead: int | None) -> list[str]:
    out = []
    for title, text in zip(titles, texts, strict=True):
        title = title if isinstance(title, str) else ""
        text = text if isinstance(text, str) else ""
        if lead is not None and len(text) > lead:
            cut = text.rfind(" ", 0, lead)
            text = text[: cut if cut > lead // 2 else lead]
        out.append(f"{title}\n{text}")
    return out


def _tfidf(matrix: sparse.csr_matrix, frequency: np.ndarray, documents: int) -> sparse.csr_matrix:
    """Sublinear TF times smoothed IDF, rows scaled to unit length (empty rows stay empty)."""
    out = matrix.astype(np.float64).tocsr()
    out.data = 1.0 + np.log(out.data)
    idf = np.log((documents + 1) / (frequency + 1.0)) + 1.0
    out = (out @ sparse.diags(idf)).tocsr()
    return _unit_rows(out)


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (sparse.diags(1.0 / norms) @ matrix).tocsr()


def _entity_matrix(ids: np.ndarray, mentions: pd.DataFrame) -> tuple[sparse.csr_matrix, list[list[str]]]:
    """Articles × entities (1 where mentioned), and each article's entities by mentions."""
    position = {v: i for i, v in enumerate(ids.tolist())}
    per_article: list[Counter] = [Counter() for _ in range(len(ids))]
    for article, entity in zip(mentions["id"].tolist(), mentions["entity"].tolist(), strict=True):
        i = position.get(article)
        if i is not None and isinstance(entity, str):
            per_article[i][entity] += 1
    names: dict[str, int] = {}
    rows, cols = [], []
    for i, found in enumerate(per_article):
        for entity in found:
            rows.append(i)
            cols.append(names.setdefault(entity, len(names)))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(ids), len(names)),
    )
    return matrix, [[e for e, _ in found.most_common()] for found in per_article]


def _pairs(
    vectors: sparse.csr_matrix, seconds: np.ndarray, window: float, floor: float, block: int = 1500
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair (i < j in time order) within ``window`` seconds scoring at least ``floor``.

    ``seconds`` must be sorted; rows of ``vectors`` follow it.
    """
    firsts, seconds_, scores = [], [], []
    n = vectors.shape[0]
    for start in range(0, n, block):
        stop = min(start + block, n)
        end = int(np.searchsorted(seconds, seconds[stop - 1] + window, side="right"))
        product = (vectors[start:stop] @ vectors[start:end].T).tocoo()
        i = product.row + start
        j = product.col + start
        apart = seconds[j] - seconds[i]
        value = product.data - _PER_DAY * apart / 86400.0
        keep = (j > i) & (value >= floor) & (apart <= window)
        firsts.append(i[keep])
        seconds_.append(j[keep])
        scores.append(value[keep])
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(firsts), np.concatenate(seconds_), np.concatenate(scores)


def _link(
    n: int,
    first: np.ndarray,
    second: np.ndarray,
    score: np.ndarray,
    threshold: float,
    seconds: np.ndarray,
    window: float,
) -> np.ndarray:
    """Average-linkage grouping over the scored pairs, strongest pair first; a label per row.

    The mean runs over the pairs of the two groups that lie within ``window`` of each other
    (unscored ones count as 0); a merged group never spans more than twice the window.
    """
    weight = dict(zip(zip(first.tolist(), second.tolist(), strict=True), score.tolist(), strict=True))
    label = list(range(n))
    members: dict[int, list[int]] = {}
    span: dict[int, tuple[float, float]] = {}
    for k in np.argsort(-score, kind="stable").tolist():
        if score[k] < threshold:
            break
        a, b = label[first[k]], label[second[k]]
        if a == b:
            continue
        group_a = members.get(a, [a])
        group_b = members.get(b, [b])
        lo_a, hi_a = span.get(a, (seconds[a], seconds[a]))
        lo_b, hi_b = span.get(b, (seconds[b], seconds[b]))
        lo, hi = min(lo_a, lo_b), max(hi_a, hi_b)
        if hi - lo > _SPAN * window:
            continue
        total, pairs = 0.0, 0
        for x in group_a:
            for y in group_b:
                if abs(seconds[x] - seconds[y]) <= window:
                    pairs += 1
                    total += weight.get((x, y) if x < y else (y, x), 0.0)
        if total < _MEAN * threshold * pairs:
            continue
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        for y in group_b:
            label[y] = a
        members[a] = group_a + group_b
        span[a] = (lo, hi)
        members.pop(b, None)
    return np.asarray(label, dtype=np.int64)


def stories(
    df: pd.DataFrame,
    *,
    window: str | pd.Timedelta = "3D",
    threshold: float = 0.25,
    counts: DocumentTerms | None = None,
    mentions: pd.DataFrame | None = None,
    lead: int | None = 600,
    terms: int = 5,
    entities: int = 3,
    progress: bool = False,
) -> Stories:
    """Group articles that report the same event, across outlets and wording, into stories.

    Two articles are scored by a weighted sum of three cosines: TF-IDF over title and lead (the
    terms of the project's counting core, so clitics and spelling variants meet), TF-IDF over
    the titles alone (strong evidence when present), and the catalog entities they share. Only
    articles published within ``window`` of each other are compared. Pairs scoring at least
    ``threshold`` are linked, strongest first, by average linkage (see the module notes): each
    article is in exactly one story, and an article like no other is a story of one.

    Parameters
    ----------
    df : pandas.DataFrame
        Articles: ``id`` and ``text``; ``published`` (UTC), ``source`` and ``title`` are used
        when present (a missing or empty title only drops the title evidence).
    window : str or pandas.Timedelta, default "3D"
        The longest time between two articles of one story that are compared directly.
    threshold : float, default 0.25
        The score (0–1) two articles, and the mean over two groups, must reach to be linked.
        Higher gives smaller, surer stories.
    counts : DocumentTerms, optional
        Term counts already made for these articles (e.g. ``count_terms(df["text"], ids=df["id"])``
        or a prepared corpus'), reused instead of counting titles and leads again. Its rows must
        include every id of ``df``; IDF is taken over all its rows.
    mentions : pandas.DataFrame, optional
        Entity mentions already found (``id``, ``entity``, as :func:`mediakit.find_entities`
        returns); found in the titles and leads otherwise.
    lead : int or None, default 600
        How many characters of each text (cut at a space) are counted with the title when
        ``counts`` is not given; ``None`` counts whole texts (slower, and a long article's
        background paragraphs then weigh as much as its news).
    terms, entities : int, default 5 and 3
        How many top terms and entities the story table lists.
    progress : bool, default False
        Show progress while entities are found.

    Returns
    -------
    Stories
        ``(articles, table, undated)``. ``articles`` is ``df`` with a ``story`` column (an int,
        0 for the biggest story). ``table`` has one row per story, biggest first:
        ``story``; ``first_published`` and ``first_source`` (the earliest article's time and
        outlet); ``sources`` (the outlets, in order of their first report); ``articles`` (how
        many); ``title`` (of the most central article: the one scoring highest, on average,
        with the others); ``top_terms`` (written forms, by summed TF-IDF); ``top_entities``
        (by number of articles). Articles without a usable date (missing ``published`` or
        ``NaT``) cannot be placed in a window: each is a story of its own, listed last with
        ``first_published`` NaT, and counted in ``undated``.

    Raises
    ------
    ValueError
        When ``df`` lacks ``id`` or ``text``, its ids repeat, or ``window``/``threshold`` are
        out of range.
    KeyError
        When ``counts`` holds no row for one of the articles (the id is named).

    Examples
    --------
    >>> import mediakit as mk
    >>> from mediakit.stories import stories
    >>> df = mk.load_sample()
    >>> articles, table, undated = stories(df)
    >>> len(articles) == len(df), int(table["articles"].sum()) == len(df)
    (True, True)
    >>> list(table.columns)
    ['story', 'first_published', 'first_source', 'sources', 'articles', 'title', 'top_terms', 'top_entities']
    """
    check_articles(df, ("id", "text"))
    repeated = df["id"][df["id"].duplicated()]
    if len(repeated):
        raise ValueError(
            f"article ids must be unique: {repeated.iloc[0]!r} occurs more than once "
            f"({len(repeated)} repeats); deduplicate first"
        )
    span = pd.Timedelta(window)
    if span <= pd.Timedelta(0):
        raise ValueError(f"window must be a positive duration, not {window!r}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")

    n = len(df)
    ids = df["id"].to_numpy(dtype=object)
    titles = df["title"].tolist() if "title" in df.columns else [None] * n
    if "published" in df.columns:
        published = pd.to_datetime(df["published"], utc=True, errors="coerce")
    else:
        published = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
    when = published.dt.tz_localize(None).to_numpy()
    dated = ~np.isnat(when)

    parts, entity_lists, analyzer, terms_of = _parts(df, ids, titles, counts, mentions, lead, progress)
    has_title = np.asarray([isinstance(t, str) and bool(t.strip()) for t in titles], dtype=bool)

    order = np.flatnonzero(dated)
    order = order[np.argsort(when[order], kind="stable")]
    seconds = when[order].astype("datetime64[s]").astype(np.int64).astype(np.float64)
    reach = span.total_seconds()
    first, second, score = _pairs(_combine(parts, has_title)[order], seconds, reach, floor=threshold * _FLOOR)
    local = _link(len(order), first, second, score, threshold, seconds, reach)

    # story numbers: dated groups by size (then first report), undated articles after them
    group = np.arange(n)
    group[order] = order[local]
    ranking = (
        pd.DataFrame({"group": group, "when": when, "undated": ~dated})
        .groupby("group")
        .agg(size=("when", "size"), start=("when", "min"), undated=("undated", "first"))
    )
    ranking = ranking.sort_values(["undated", "size", "start"], ascending=[True, False, True], kind="stable")
    number = pd.Series(np.arange(len(ranking)), index=ranking.index)
    story = number.reindex(group).to_numpy()

    # centrality: an article's summed score with the others of its story
    inside = local[first] == local[second]
    centrality = np.zeros(n)
    np.add.at(centrality, order[first[inside]], score[inside])
    np.add.at(centrality, order[second[inside]], score[inside])

    articles = df.copy()
    articles["story"] = story
    table = _story_table(articles, when, story, centrality, parts[0], terms_of, analyzer, entity_lists, terms, entities)
    return Stories(articles, table, int((~dated).sum()))


def _parts(df, ids, titles, counts, mentions, lead, progress):
    """The three unit-length parts of every article's vector (title and lead, title, entities),
    each article's entities, the analyzer and the terms of the first part."""
    n = len(df)
    clean_titles = [t if isinstance(t, str) else "" for t in titles]
    if counts is None:
        # titles and leads in one pass (one vocabulary); a document's text part is their sum
        leads = _lead([None] * n, df["text"].tolist(), lead)
        counted = count_terms(clean_titles + leads, ids=np.concatenate([ids, ids]))
        title_matrix, matrix = counted.matrix[:n], counted.matrix[:n] + counted.matrix[n:]
        frequency, documents = np.bincount(matrix.indices, minlength=matrix.shape[1]), n
        title_frequency = frequency
    else:
        counted = counts
        matrix = counts.sub(ids)
        frequency, documents = counts.document_frequency(), counts.matrix.shape[0]
        title_counts = count_terms(clean_titles, ids=ids, analyzer=counts.analyzer, fit=False)
        columns = [counts.column(t) for t in title_counts.terms.tolist()]
        title_frequency = np.asarray([1 if j is None else frequency[j] for j in columns], dtype=np.float64)
        title_matrix = title_counts.matrix
    text_vectors = _tfidf(matrix, frequency, documents)
    title_vectors = _tfidf(title_matrix, title_frequency, documents)

    if mentions is None:
        lead_frame = pd.DataFrame({"id": ids, "text": _lead(titles, df["text"].tolist(), lead)})
        for column in ("published", "source"):
            if column in df.columns:
                lead_frame[column] = df[column].to_numpy()
        mentions = find_entities(lead_frame, progress=progress)
    elif not {"id", "entity"} <= set(mentions.columns):
        raise ValueError(f"mentions need 'id' and 'entity' columns (they have {list(mentions.columns)})")
    entity_matrix, entity_lists = _entity_matrix(ids, mentions)
    entity_frequency = np.bincount(entity_matrix.indices, minlength=entity_matrix.shape[1]).astype(np.float64)
    entity_vectors = _tfidf(entity_matrix, entity_frequency, n)
    return (text_vectors, title_vectors, entity_vectors), entity_lists, counted.analyzer, counted.terms


def _combine(parts, has_title: np.ndarray) -> sparse.csr_matrix:
    """One vector per article whose dot products are the weighted sums of the parts' cosines."""
    text_vectors, title_vectors, entity_vectors = parts
    w = _WEIGHTS
    text_weight = np.where(has_title, w["text"], w["text"] + w["title"])
    return sparse.hstack(
        [
            sparse.diags(np.sqrt(text_weight)) @ text_vectors,
            np.sqrt(w["title"]) * title_vectors,
            np.sqrt(w["entities"]) * entity_vectors,
        ],
        format="csr",
    )


def _story_table(articles, when, story, centrality, text_vectors, terms_of, analyzer, entity_lists, k, e):
    n, stories_n = len(story), int(story.max()) + 1 if len(story) else 0
    sources = articles["source"].to_numpy(dtype=object) if "source" in articles.columns else np.full(n, None)
    titles = articles["title"].to_numpy(dtype=object) if "title" in articles.columns else np.full(n, None)
    stamp = np.where(np.isnat(when), np.iinfo(np.int64).max, when.astype("datetime64[ns]").astype(np.int64))
    order = np.lexsort((-centrality, stamp, story))  # by story, then time
    bounds = np.flatnonzero(np.diff(story[order])) + 1
    groups = np.split(order, bounds)
    indicator = sparse.csr_matrix((np.ones(n), (story, np.arange(n))), shape=(stories_n, n))
    weights = (indicator @ text_vectors).tocsr()
    has_title = np.asarray([isinstance(t, str) and bool(t.strip()) for t in titles], dtype=bool)
    rows = []
    for sid, members in enumerate(groups):
        titled = members[has_title[members]]
        best = titled[int(np.argmax(centrality[titled]))] if len(titled) else members[0]
        row = weights.getrow(sid)
        top = row.indices[np.argsort(-row.data, kind="stable")[:k]]
        entity_count = Counter(x for i in members for x in entity_lists[i])
        rows.append(
            (
                sid,
                when[members[0]],
                sources[members[0]],
                list(dict.fromkeys(s for s in sources[members] if isinstance(s, str))),
                len(members),
                titles[best] if has_title[best] else "",
                [analyzer.label(terms_of[j]) for j in top],
                [name for name, _ in entity_count.most_common(e)],
            )
        )
    table = pd.DataFrame(rows, columns=STORY_COLUMNS)
    table["first_published"] = pd.to_datetime(table["first_published"]).dt.tz_localize("UTC")
    return table


def _story_articles(stories_or_articles: Stories | pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if isinstance(stories_or_articles, Stories):
        return stories_or_articles.articles, stories_or_articles.table
    if not isinstance(stories_or_articles, pd.DataFrame) or "story" not in stories_or_articles.columns:
        raise ValueError("give the result of stories(), or its articles frame (with a 'story' column)")
    return stories_or_articles, None


def coverage(stories: Stories | pd.DataFrame, *, by: str = "source", k: int = 2) -> pd.DataFrame:
    """Per outlet: the stories it covered, broke first, how late it followed, and what it missed.

    Parameters
    ----------
    stories : Stories or pandas.DataFrame
        The result of :func:`stories`, or its ``articles`` (``story``, ``published``, ``by``).
    by : str, default "source"
        The outlet column.
    k : int, default 2
        A story counts as missed by an outlet when at least ``k`` other outlets covered it.

    Returns
    -------
    pandas.DataFrame
        One row per outlet (the ``by`` column, then): ``stories`` (stories with at least one of
        its articles); ``shared`` (of those, stories another outlet covered too); ``first``
        (shared stories it reported first; a tie in time goes to the outlet listed first);
        ``median_lag`` (a Timedelta: over the shared stories it did not break, the median time
        from the first report to its own first article; NaT when it broke them all);
        ``missed`` (stories at least ``k`` other outlets covered but it did not, counted only
        while the outlet was publishing: between its first and last dated article, so an outlet
        that stopped in August is not charged with October's stories); ``missed_titles``
        (their titles, most widely covered first). Undated articles are left out.

    Examples
    --------
    >>> import mediakit as mk
    >>> from mediakit.stories import coverage, stories
    >>> table = coverage(stories(mk.load_sample()))
    >>> list(table.columns)
    ['source', 'stories', 'shared', 'first', 'median_lag', 'missed', 'missed_titles']
    """
    articles, story_table = _story_articles(stories)
    for column in ("published", by):
        if column not in articles.columns:
            raise ValueError(f"the articles have no {column!r} column (they have {list(articles.columns)})")
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k!r}")
    frame = pd.DataFrame(
        {
            "story": articles["story"].to_numpy(),
            "outlet": articles[by].to_numpy(dtype=object),
            "when": pd.to_datetime(articles["published"], utc=True, errors="coerce").to_numpy(),
            "title": articles["title"].to_numpy(dtype=object) if "title" in articles.columns else None,
        }
    ).dropna(subset=["when", "outlet"])
    if story_table is not None:
        titles = story_table.set_index("story")["title"]
    else:
        titles = frame.sort_values("when", kind="stable").groupby("story")["title"].first()
    per = frame.groupby(["story", "outlet"], sort=False)["when"].min().reset_index()
    start = per.groupby("story")["when"].transform("min")
    per["lag"] = per["when"] - start
    per["outlets"] = per.groupby("story")["outlet"].transform("size")
    firsts = per.sort_values(["story", "when"], kind="stable").drop_duplicates("story")
    per["first"] = False
    per.loc[firsts.index, "first"] = True
    story_start = per.groupby("story")["when"].min()
    story_outlets = per.groupby("story")["outlet"].apply(set)
    rows = []
    for outlet in dict.fromkeys(frame["outlet"]):
        mine = per[per["outlet"] == outlet]
        shared = mine[mine["outlets"] > 1]
        followed = shared.loc[~shared["first"], "lag"]
        active = frame.loc[frame["outlet"] == outlet, "when"]
        lo, hi = active.min(), active.max()
        wide = story_outlets[story_outlets.map(lambda s, o=outlet: o not in s and len(s) >= k)]
        wide = wide[(story_start[wide.index] >= lo) & (story_start[wide.index] <= hi)]
        wide = wide.map(len).sort_values(ascending=False, kind="stable")
        rows.append(
            (
                outlet,
                len(mine),
                len(shared),
                int(shared["first"].sum()),
                followed.median() if len(followed) else pd.Timedelta("NaT"),
                len(wide),
                [titles.get(s, "") for s in wide.index],
            )
        )
    out = pd.DataFrame(rows, columns=[by, *COVERAGE_COLUMNS])
    # a Timedelta column even when no outlet ever followed another (all NaT)
    out["median_lag"] = pd.to_timedelta(out["median_lag"].astype(object))
    return out


def _outlet_colours(outlets: Sequence[str]) -> dict[str, tuple]:
    palette = plt.get_cmap("tab10" if len(outlets) <= 10 else "tab20").colors
    return {o: palette[i % len(palette)] for i, o in enumerate(outlets)}


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plot_stories(
    stories: Stories | pd.DataFrame,
    *,
    top: int = 15,
    by: str = "source",
    width: int = 60,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """A story timeline: the ``top`` stories told by most outlets (then most articles; only
    those told by two outlets or more, when there are any) as rows (titled on the left, dated at the
    right end), each outlet a coloured mark at its first report, in hours after the story broke.

    Parameters
    ----------
    stories : Stories or pandas.DataFrame
        The result of :func:`stories`, or its ``articles``.
    top : int, default 15
        How many stories (the biggest, by articles; ties by first report).
    by : str, default "source"
        The outlet column.
    width : int, default 60
        Titles longer than this many characters are cut.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``Axes.scatter``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import mediakit as mk
    >>> from mediakit.stories import plot_stories, stories
    >>> _ = mk.use_arabic_font()
    >>> ax = plot_stories(stories(mk.load_sample()), top=5)
    """
    articles, story_table = _story_articles(stories)
    ax = ax or plt.gca()
    frame = pd.DataFrame(
        {
            "story": articles["story"].to_numpy(),
            "outlet": articles[by].to_numpy(dtype=object),
            "when": pd.to_datetime(articles["published"], utc=True, errors="coerce"),
            "title": articles["title"].to_numpy(dtype=object) if "title" in articles.columns else "",
        }
    ).dropna(subset=["when", "outlet"])
    if frame.empty:
        raise ValueError("no dated articles with an outlet: there is nothing to draw")
    size = frame.groupby("story").agg(articles=("when", "size"), outlets=("outlet", "nunique"), start=("when", "min"))
    if (size["outlets"] >= 2).any():  # who came first means something only where two outlets told it
        size = size[size["outlets"] >= 2]
    order = ["outlets", "articles", "start"]
    chosen = size.sort_values(order, ascending=[False, False, True], kind="stable").index[:top]
    if story_table is not None:
        titles = story_table.set_index("story")["title"]
    else:
        titles = frame.sort_values("when").groupby("story")["title"].first()
    firsts = frame[frame["story"].isin(chosen)].groupby(["story", "outlet"])["when"].min().reset_index()
    outlets = sorted(firsts["outlet"].unique(), key=lambda o: -int((firsts["outlet"] == o).sum()))
    colours = _outlet_colours(outlets)
    row = {s: i for i, s in enumerate(chosen)}
    start = firsts.groupby("story")["when"].transform("min")
    firsts["hours"] = (firsts["when"] - start).dt.total_seconds() / 3600
    size = kwargs.pop("s", 45)
    for outlet in outlets:
        mine = firsts[firsts["outlet"] == outlet]
        ax.scatter(
            mine["hours"],
            [row[s] for s in mine["story"]],
            color=colours[outlet],
            label=display_text(str(outlet)),
            s=size,
            zorder=3,
            **kwargs,
        )
    spans = firsts.groupby("story")["hours"].max()
    began = firsts.groupby("story")["when"].min()
    for s in chosen:
        ax.plot([0, spans[s]], [row[s], row[s]], color="0.75", lw=1, zorder=1)
        # the date apart from the title: a Latin date inside an Arabic label would be reordered
        ax.annotate(
            f"{began[s]:%d %b %Y %H:%M}",
            (spans[s], row[s]),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize="x-small",
            color="0.4",
        )
    labels = [display_text(_short(titles.get(s, "") or f"story {s}", width)) for s in chosen]
    ax.set_yticks(range(len(chosen)))
    ax.set_yticklabels(labels)
    ax.set_ylim(len(chosen) - 0.5, -0.5)
    ax.grid(axis="x", color="0.9", zorder=0)
    ax.set_xlabel("hours after the first report")
    ax.set_xlim(left=-0.03 * max(float(spans.max()), 1.0))  # room for the first marks, not an hour before
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title("when each outlet first reported the biggest stories", fontsize="medium")
    ax.legend(title=by, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


def plot_coverage(coverage_table: pd.DataFrame, *, by: str = "source", ax: Axes | None = None, **kwargs) -> Axes:
    """Per outlet: the shared stories it broke first (bars) and its median lag behind the first
    report (hours, dots on a second axis).

    Parameters
    ----------
    coverage_table : pandas.DataFrame
        The output of :func:`coverage`.
    by : str, default "source"
        The outlet column.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to ``Axes.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        The bars' Axes (the lag is drawn on its ``twiny``).

    Examples
    --------
    >>> import mediakit as mk
    >>> from mediakit.stories import coverage, plot_coverage, stories
    >>> _ = mk.use_arabic_font()
    >>> ax = plot_coverage(coverage(stories(mk.load_sample())))
    """
    missing = [c for c in (by, "shared", "first", "median_lag") if c not in coverage_table.columns]
    if missing:
        raise ValueError(f"the coverage table has no {missing} columns (it has {list(coverage_table.columns)})")
    ax = ax or plt.gca()
    table = coverage_table.sort_values("first", kind="stable").reset_index(drop=True)
    y = np.arange(len(table))
    ax.barh(y - 0.18, table["shared"], height=0.36, color="0.8", label="shared stories covered", **kwargs)
    ax.barh(y + 0.18, table["first"], height=0.36, color="tab:blue", label="broken first")
    ax.set_yticks(y)
    ax.set_yticklabels([display_text(str(o)) for o in table[by]])
    ax.set_xlabel("stories covered by two outlets or more")
    ax.spines[["top", "right"]].set_visible(False)
    hours = pd.to_timedelta(table["median_lag"]).dt.total_seconds() / 3600
    lag = ax.twiny()
    lag.plot(hours, y, "D", color="tab:red", label="median lag (hours)")
    lag.set_xlim(0, max(1.0, float(np.nanmax(hours.to_numpy(dtype=float), initial=0.0)) * 1.15))
    lag.set_xlabel("median lag behind the first report (hours)", color="tab:red")
    lag.tick_params(axis="x", colors="tab:red")
    lag.spines[["right"]].set_visible(False)
    handles = ax.get_legend_handles_labels()[0] + lag.get_legend_handles_labels()[0]
    names = ax.get_legend_handles_labels()[1] + lag.get_legend_handles_labels()[1]
    ax.legend(handles, names, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax
