"""The same analyses on Dask: corpora larger than memory, on a laptop or a cluster.

``term_frequencies``, ``term_timeline``, ``keyness``, ``find_entities`` and ``entity_timeline``
accept a ``dask.dataframe.DataFrame`` wherever they accept an articles frame, and return the
same pandas DataFrame the pandas path returns on the same articles (same rows, same values,
same order). They dispatch here. The work is partition-wise: each partition is counted where
it lies, and the partial counts are merged pairwise (a tree reduction), so no worker ever
holds the corpus. The fitted :class:`~mediakit.Analyzer` and the entity catalog are sent to
each worker once (``Client.scatter(..., broadcast=True)``), not with every partition.

Whatever ``distributed.Client`` is active is used (a ``LocalCluster`` on a laptop, a remote
scheduler on a cluster); without one, Dask's default scheduler runs the graph.

Install with ``pip install "mediakit[scale]"``.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from mediakit._schema import COLUMNS
from mediakit.analyzer import BREAK, Analyzer
from mediakit.corpus import CorpusError, parse_jsonl
from mediakit.counts import (
    GroupCounts,
    PairCounts,
    count_groups,
    count_pair,
    count_terms,
    group_keys,
    merge_groups,
    merge_pairs,
)
from mediakit.entities import EntityCatalog
from mediakit.entities import find_entities as find_entities_pandas
from mediakit.terms import keyness_table, selection_mask, timeline_grid, trimmed_table
from mediakit.timelines import entity_timeline as entity_timeline_pandas
from mediakit.timelines import finish_timeline, merge_timeline_counts, timeline_columns, timeline_counts

__all__ = [
    "entity_timeline",
    "find_entities",
    "fit_analyzer",
    "keyness",
    "read_articles",
    "term_frequencies",
    "term_timeline",
    "write_parquet",
]

_MENTION_COLUMNS = ["id", "published", "source", "entity", "type", "alias", "start", "end", "how"]


def _dask():
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - the message is the point
        raise ImportError('the Dask engine needs Dask: pip install "mediakit[scale]"') from None
    return dask, dd


# ---------------------------------------------------------------------------------------------
# Sending objects to the workers once, and merging partial results as a tree


def _ship(obj: object) -> object:
    """``obj`` as an argument that reaches each worker once: a broadcast future with a
    distributed client, else a single delayed value in the graph."""
    dask, _ = _dask()
    try:
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        return dask.delayed(obj, pure=False)
    return client.scatter(obj, broadcast=True, hash=False)


def _tree(parts: list, merge) -> object:
    """Merge delayed partial results pairwise until one is left (a tree of depth log2 n)."""
    dask, _ = _dask()
    merge = dask.delayed(merge, pure=True)
    while len(parts) > 1:
        parts = [merge(parts[i], parts[i + 1]) if i + 1 < len(parts) else parts[i] for i in range(0, len(parts), 2)]
    return parts[0]


def _add_counters(a: Counter, b: Counter) -> Counter:
    a.update(b)
    return a


def fit_analyzer(ddf, analyzer: Analyzer | None = None) -> Analyzer:
    """An analyzer fitted on all texts of a Dask DataFrame (word counts summed over partitions).

    The result equals ``Analyzer().fit(texts)`` on the whole corpus.
    """
    analyzer = analyzer if analyzer is not None else Analyzer()
    if not analyzer.clitics or analyzer.vocabulary is not None:
        return analyzer
    dask, _ = _dask()
    counter = dask.delayed(_word_counts, pure=True)
    blank = _ship(analyzer)
    parts = [counter(part, blank) for part in ddf["text"].to_delayed()]
    return analyzer.fit_counts(_tree(parts, _add_counters).compute())


def _word_counts(texts: pd.Series, analyzer: Analyzer) -> Counter:
    return analyzer.word_counts(t for t in texts if isinstance(t, str))


# ---------------------------------------------------------------------------------------------
# Terms


def _grouped_counts(
    ddf, analyzer: Analyzer, keys: list[str], freq, ngram: int, only=None, frequency: bool = False
) -> GroupCounts | None:
    """The group counts of every partition (the engine-free kernel), merged as a tree."""
    dask, _ = _dask()
    count = dask.delayed(count_groups, pure=True)
    shipped = _ship(analyzer)
    columns = ["text", *keys, *(["published"] if freq is not None else [])]
    parts = [count(part, shipped, keys, freq, ngram, only, frequency) for part in ddf[columns].to_delayed()]
    return _tree(parts, merge_groups).compute() if parts else None


def term_frequencies(
    ddf, *, by=None, freq=None, ngram=1, analyzer=None, top=None, min_count=1, min_df=None, max_df=None, tfidf=False
) -> pd.DataFrame:
    """:func:`mediakit.term_frequencies` on a Dask DataFrame; returns the same pandas table."""
    if ngram not in (1, 2, 3):
        raise ValueError(f"ngram must be 1, 2 or 3, not {ngram!r}")
    keys = group_keys(by)
    analyzer = fit_analyzer(ddf, analyzer)
    trim = {"min_df": min_df, "max_df": max_df, "tfidf": tfidf}
    return _frequencies(ddf, analyzer, keys, freq, ngram, top=top, min_count=min_count, trim=trim)


def _frequencies(ddf, analyzer, keys, freq, ngram, *, top=None, min_count=1, only=None, trim=None) -> pd.DataFrame:
    """The term table of a fitted analyzer; with ``only``, just those terms are sent back."""
    trim = trim or {}
    group_cols = [*keys, *(["period"] if freq is not None else [])]
    columns = [*group_cols, "term", "count", "documents", "per_10k", *(["tfidf"] if trim.get("tfidf") else [])]
    frequency = trim.get("min_df") is not None or trim.get("max_df") is not None or bool(trim.get("tfidf"))
    merged = _grouped_counts(ddf, analyzer, keys, freq, ngram, only, frequency)
    table = trimmed_table(merged, top=top, min_count=min_count, **trim) if merged is not None else None
    return table if table is not None and len(table) else pd.DataFrame(columns=columns)


def term_timeline(ddf, terms, *, freq="W", by=None, analyzer=None) -> pd.DataFrame:
    """:func:`mediakit.term_timeline` on a Dask DataFrame; returns the same pandas table."""
    keys = group_keys(by)
    analyzer = fit_analyzer(ddf, analyzer)
    dated = ddf[ddf["published"].notnull()]
    small = _plain(dated[["published", *keys]].compute())
    # only the wanted terms' counts travel back from the workers
    wanted = {" ".join(t for t, f in analyzer.units(term) if f != BREAK) for term in _as_list(terms)}
    return timeline_grid(
        small,
        terms,
        keys,
        freq,
        analyzer,
        lambda n: _frequencies(dated, analyzer, keys, freq, n, only=wanted),
    )


def _as_list(terms) -> list[str]:
    return [terms] if isinstance(terms, str) else list(terms)


def _partition_pair(part: pd.DataFrame, analyzer: Analyzer, target, reference) -> PairCounts:
    target_mask = selection_mask(part, target, "target")
    reference_mask = ~target_mask if reference is None else selection_mask(part, reference, "reference")
    texts = [t if isinstance(t, str) else "" for t in part["text"]]
    return count_pair(count_terms(texts, analyzer=analyzer, fit=False), target_mask, reference_mask)


def keyness(ddf, *, target, reference=None, analyzer=None, min_count=5) -> pd.DataFrame:
    """:func:`mediakit.keyness` on a Dask DataFrame (``target``/``reference`` as query strings)."""
    if not isinstance(target, str) or not (reference is None or isinstance(reference, str)):
        raise TypeError("with a Dask DataFrame, target and reference are query strings (e.g. \"source == 'nabd'\")")
    dask, _ = _dask()
    analyzer = fit_analyzer(ddf, analyzer)
    shipped = _ship(analyzer)
    count = dask.delayed(_partition_pair, pure=True)
    parts = [count(part, shipped, target, reference) for part in ddf.to_delayed()]
    pair = _tree(parts, merge_pairs).compute()
    if not pair.target.sum() and not pair.reference.sum():
        raise ValueError("the target and the reference select no words")
    return keyness_table(pair, min_count)


# ---------------------------------------------------------------------------------------------
# Entities


def find_entities(
    ddf,
    *,
    catalog: EntityCatalog | None = None,
    adjectives: bool = False,
    tagger=None,
    home=None,
    lazy: bool = False,
):
    """:func:`mediakit.find_entities` on a Dask DataFrame; returns the same pandas table.

    A ``tagger`` (:func:`mediakit.load_tagger`) goes to each worker once, its model in memory.
    With ``lazy=True`` the mentions stay a Dask DataFrame, partition for partition with the
    articles, for :func:`entity_timeline` on corpora whose mentions do not fit in memory.
    """
    catalog = catalog if catalog is not None else EntityCatalog.default()
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in _MENTION_COLUMNS})
    meta["published"] = pd.Series(dtype="datetime64[ns, UTC]")
    for column in ("start", "end"):
        meta[column] = pd.Series(dtype=np.int64)
    columns = [c for c in ("id", "published", "source", "text") if c in ddf.columns]
    found = ddf[columns].map_partitions(
        find_entities_pandas,
        catalog=_ship(catalog),
        adjectives=adjectives,
        tagger=None if tagger is None else _ship(tagger),
        home=home,
        progress=False,
        meta=meta,
    )
    if lazy:
        return found
    computed = found.compute()
    # rebuilt from plain values, so dtypes are inferred exactly as the pandas path infers them
    out = pd.DataFrame({c: computed[c].tolist() for c in _MENTION_COLUMNS}, columns=_MENTION_COLUMNS)
    if "published" in ddf.columns:
        out["published"] = pd.to_datetime(out["published"], utc=True)
    return out


def entity_timeline(mentions, *, articles, **kwargs) -> pd.DataFrame:
    """:func:`mediakit.entity_timeline` with Dask inputs.

    Lazy mentions (``find_entities(ddf, lazy=True)``) with the Dask articles they came from are
    counted partition by partition (an article and its mentions share a partition) and the
    counts merged as a tree: no mention table is ever gathered. Otherwise only ``id``,
    ``published`` and the ``by`` columns of the articles are brought back and the pandas
    function runs.
    """
    keys = group_keys(kwargs.get("by"))
    if _is_dask_frame(mentions) and _is_dask_frame(articles) and mentions.npartitions == articles.npartitions:
        return _streamed_timeline(mentions, articles, keys, **kwargs)
    if _is_dask_frame(mentions):
        mentions = _plain(mentions.compute())
    if _is_dask_frame(articles):
        articles = _plain(articles[["id", "published", *keys]].compute())
    return entity_timeline_pandas(mentions, articles=articles, **kwargs)


def _timeline_part(mentions: pd.DataFrame, articles: pd.DataFrame, keys: list[str], freq: str, tz: str):
    return timeline_counts(_plain(mentions[["id", "entity"]]), _plain(articles), keys, freq, tz)


def _streamed_timeline(
    mentions, articles, keys, *, freq="W", by=None, normalize="share", top=None, entities=None, tz="UTC"
) -> pd.DataFrame:
    dask, _ = _dask()
    part = dask.delayed(_timeline_part, pure=True)
    pieces = [
        part(m, a, keys, freq, tz)
        for m, a in zip(mentions.to_delayed(), articles[["id", "published", *keys]].to_delayed(), strict=True)
    ]
    parts = _tree(pieces, merge_timeline_counts).compute()
    if parts is None:
        return pd.DataFrame(columns=timeline_columns(keys, normalize))
    counted, totals, counts, groups, span = parts
    return finish_timeline(
        counted.astype(np.int64), totals, counts, groups, span, keys, freq, tz, normalize, top, entities
    )


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Dask's Arrow-backed string columns as pandas' default ``str`` columns."""
    strings = {c: "str" for c, t in frame.dtypes.items() if isinstance(t, pd.StringDtype)}
    return frame.astype(strings) if strings else frame


def _is_dask_frame(obj: object) -> bool:
    return type(obj).__module__.split(".")[0] in ("dask", "dask_expr")


# ---------------------------------------------------------------------------------------------
# Reading and writing


def _as_articles(frame: pd.DataFrame) -> pd.DataFrame:
    """The articles schema of :func:`mediakit.read_articles` for one partition."""
    extra = [c for c in frame.columns if c not in COLUMNS and not str(c).startswith("_") and c != "month"]
    out = frame[COLUMNS + extra].reset_index(drop=True)
    out["published"] = pd.to_datetime(out["published"], utc=True).astype("datetime64[ns, UTC]")
    for column in ("id", "source", "title", "text", "url"):
        out[column] = out[column].astype("str")
    return _plain(out)


def _read_jsonl_range(task: tuple[str, int, int, str | None]) -> pd.DataFrame:
    path, start, stop, source = task
    with open(path, "rb") as handle:
        if start:
            handle.seek(start - 1)
            if handle.read(1) != b"\n":  # start inside a line: it belongs to the previous range
                handle.readline()
        lines = []
        while handle.tell() < stop:
            line = handle.readline()
            if not line:
                break
            lines.append(line)
    text = b"".join(lines).decode("utf-8")
    good, problems = parse_jsonl(path, text, source=source)
    if problems:
        raise CorpusError(str(problems[0]))
    return _as_articles(good.reindex(columns=COLUMNS) if good.empty else good)


def read_articles(path: str | PathLike, *, blocksize: int = 64_000_000, source: str | None = None):
    """Read a corpus lazily as a ``dask.dataframe.DataFrame`` with the articles schema.

    Use ``mk.read_articles(path, engine="dask")``, which calls this.

    Parameters
    ----------
    path : str or path
        A Parquet file or dataset folder (as :func:`write_parquet` writes), a JSON Lines file
        (uncompressed files are split into ``blocksize`` ranges; line numbers in errors are
        counted within a range), or an :class:`~mediakit.ArticleStore` file.
    blocksize : int, default 64 MB
    source : str, optional
        The source of articles that have none (JSON Lines).

    Returns
    -------
    dask.dataframe.DataFrame
        Columns ``id, source, url, published, title, text`` and any further ones.
    """
    from mediakit.store import ArticleStore, is_store

    _, dd = _dask()
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    if is_store(path):
        return ArticleStore(path, readonly=True).to_dask()
    if path.is_dir() or path.suffix.lower() in (".parquet", ".pq"):
        frame = dd.read_parquet(str(path))
        return frame.map_partitions(_as_articles, meta=_as_articles(frame._meta))
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        size = os.path.getsize(path)
        bounds = [*range(0, size, blocksize), size]
        tasks = [(str(path), a, b, source) for a, b in itertools.pairwise(bounds) if b > a] or [
            (str(path), 0, 0, source)
        ]
        return dd.from_map(_read_jsonl_range, tasks)
    if path.name.endswith((".jsonl.gz", ".ndjson.gz")):
        from mediakit.corpus import read_articles as _read_pandas

        return dd.from_map(lambda p: _read_pandas(p, source=source), [str(path)])
    raise CorpusError(f"{path}: the Dask engine reads Parquet, JSON Lines and article stores")


def write_parquet(df, path: str | PathLike, *, rows_per_file: int | None = None) -> Path:
    """Write a corpus as a Parquet dataset partitioned by month (``month=YYYY-MM`` folders).

    A month is written in files of at most ``rows_per_file`` articles, so the parts are
    balanced by size as well as by date: a corpus of three weeks still gives several files
    that two workers can share.

    Parameters
    ----------
    df : pandas or Dask DataFrame
        An articles frame.
    path : str or path
        The dataset folder (created).
    rows_per_file : int, optional
        By default an eighth of a pandas corpus (at least 1,000, at most 50,000 articles), so
        it splits into at least eight files; a Dask corpus writes one set of files per partition.

    Returns
    -------
    pathlib.Path
        The folder; :func:`mediakit.read_articles` (either engine) reads it back with every
        column and dtype, ``published`` still UTC.

    Examples
    --------
    >>> import tempfile, mediakit as mk
    >>> df = mk.load_sample()
    >>> folder = write_parquet(df, tempfile.mkdtemp() + "/corpus")
    >>> back = mk.read_articles(folder)
    >>> sorted(back["id"]) == sorted(df["id"]), str(back["published"].dtype)
    (True, 'datetime64[ns, UTC]')
    """
    path = Path(path)
    month = _month_column
    if _is_dask_frame(df):
        df.map_partitions(month, meta={**df.dtypes.to_dict(), "month": "str"}).to_parquet(
            str(path), partition_on=["month"], write_index=False
        )
    else:
        path.mkdir(parents=True, exist_ok=True)
        size = rows_per_file or min(50_000, max(1_000, -(-len(df) // 8)))
        for name, part in month(df).groupby("month", sort=True):
            folder = path / f"month={name}"
            folder.mkdir(parents=True, exist_ok=True)
            for k, start in enumerate(range(0, len(part), size)):
                chunk = part.iloc[start : start + size].drop(columns="month")
                chunk.to_parquet(folder / f"part-{k:04d}.parquet", index=False)
    return path


def _month_column(frame: pd.DataFrame) -> pd.DataFrame:
    months = frame["published"].dt.strftime("%Y-%m")
    return frame.assign(month=months.where(frame["published"].notna(), "undated").astype("str"))
