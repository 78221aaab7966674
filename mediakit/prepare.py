"""Prepare a corpus once: read, clean, de-duplicate, fit the analyzer, find entities; cache it on disk.

Every notebook of a report starts from the same prepared corpus. Preparing the 31,525 articles
of the ANT corpus takes about half a minute; reading it back from the cache takes a second or
two, so a report prepares once and each notebook, and a person re-running one in JupyterLab,
reads the result.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from mediakit.analyzer import Analyzer
from mediakit.choose import Choice, in_span, main_span
from mediakit.corpus import (
    CorpusError,
    CorpusWarning,
    clean_articles,
    deduplicate,
    filter_articles,
    load_sample,
    read_articles,
    sample_path,
)
from mediakit.counts import DocumentTerms, UnitStream, count_terms
from mediakit.entities import find_entities

__all__ = ["Prepared", "cache_folder", "prepare"]

#: Bump when the cached files change shape.
_CACHE_FORMAT = 4
_READING_OPTIONS = ("encoding", "errors", "source", "format")


@dataclass
class Prepared:
    """A corpus read, cleaned, de-duplicated, with its fitted analyzer and entity mentions.

    Attributes
    ----------
    marked : pandas.DataFrame
        The cleaned articles, with ``duplicate_of`` and ``duplicate_kind`` (see :func:`mediakit.deduplicate`).
    analyzer : Analyzer
        Fitted on the unique articles (core and news stopwords left out).
    mentions : pandas.DataFrame
        Entity mentions in the unique articles (:func:`mediakit.find_entities`).
    counts : DocumentTerms
        The unique articles' terms counted once (:func:`mediakit.count_terms`); pass it as
        ``counts=`` to term_frequencies, keyness, term_timeline, kwic and comparison_cloud.
    info : dict
        What preparing did: ``name``, ``read`` (articles read), ``skipped`` (bad records skipped),
        ``empty`` (dropped as empty after cleaning), ``characters_removed``, ``duplicates``,
        ``outlets``, ``first``, ``last`` and ``strays`` (dated articles outside the main span),
        ``seconds`` and ``cached`` (read from the cache).
    """

    marked: pd.DataFrame
    analyzer: Analyzer
    mentions: pd.DataFrame
    counts: DocumentTerms
    info: dict = field(default_factory=dict)

    @property
    def unique(self) -> pd.DataFrame:
        """The articles that are not a copy of another: what every count is made on."""
        return self.marked[self.marked["duplicate_of"].isna()]

    @property
    def duplicates(self) -> pd.DataFrame:
        """The copies, each pointing to its original."""
        return self.marked[self.marked["duplicate_of"].notna()]

    @cached_property
    def span(self) -> Choice:
        """The main span of dates (:func:`mediakit.choose.main_span`), its sentence naming any strays."""
        return main_span(self.unique["published"])

    @cached_property
    def timed(self) -> pd.DataFrame:
        """The unique articles inside the main span: what timelines and period comparisons use."""
        return in_span(self.unique, self.span)

    @cached_property
    def timed_mentions(self) -> pd.DataFrame:
        """The mentions found in :attr:`timed` articles."""
        return self.mentions[self.mentions["id"].isin(self.timed["id"])]

    def __repr__(self) -> str:
        i = self.info
        return (
            f"<Prepared {i.get('name', '?')}: {len(self.unique):,} unique articles of {i.get('read', 0):,} read, "
            f"{i.get('outlets', 0)} outlets, {len(self.mentions):,} entity mentions>"
        )

    def _repr_markdown_(self) -> str:
        return self.summary()

    def summary(self) -> str:
        """One paragraph saying what preparing did, for the top of a notebook.

        Examples
        --------
        >>> "unique articles" in prepare(progress=False).summary()
        True
        """
        i = self.info
        parts = [f"**{i['name']}**: {i['read']:,} articles read"]
        if i.get("skipped"):
            parts.append(f"{i['skipped']:,} bad records skipped")
        if i.get("empty"):
            parts.append(f"{i['empty']:,} left empty by cleaning and dropped")
        parts.append(f"{i['duplicates']:,} duplicates set aside")
        text = ", ".join(parts) + f"; {len(self.unique):,} unique articles from {i['outlets']:,} outlets"
        if i.get("first"):
            text += f", {i['first']} to {i['last']}"
        else:
            text += ", none of them dated"
        text += f". Cleaning removed {i['characters_removed']:,} characters of invisible marks and boilerplate."
        return text


def cache_folder() -> Path:
    """Where prepared corpora are kept: ``$MEDIAKIT_CACHE``, else ``$XDG_CACHE_HOME/mediakit``
    (``~/.cache/mediakit``).

    Examples
    --------
    >>> cache_folder().name in ("mediakit", os.environ.get("MEDIAKIT_CACHE", "mediakit").rsplit("/", 1)[-1])
    True
    """
    if os.environ.get("MEDIAKIT_CACHE"):
        return Path(os.environ["MEDIAKIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mediakit"


@cache
def _code_digest() -> str:
    """mediakit's version and a digest of its own code and data, so a changed mediakit never
    reads what an older one prepared."""
    from mediakit import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".txt", ".csv", ".json", ".yml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _files_of(corpus: str | PathLike | Sequence[str | PathLike]) -> list[tuple[str, Path]]:
    """The files whose content makes the cache key, each with the name that counts: none for a
    file given directly (a copy elsewhere is the same corpus), its path inside a folder (a
    folder's layout gives outlets and ids)."""
    paths = [Path(corpus)] if isinstance(corpus, (str, PathLike)) else [Path(p) for p in corpus]
    found = []
    for path in paths:
        if path.is_dir():
            found.extend((str(p.relative_to(path)), p) for p in sorted(path.rglob("*")) if p.is_file())
        else:
            if not path.exists():
                raise FileNotFoundError(2, "no such file", str(path))
            found.append(("", path))
            log = path.with_name(path.name + "-wal")  # a store's write-ahead log holds articles not yet merged
            if log.is_file():
                found.append(("-wal", log))
    return found


def _content_key(corpus, settings: Mapping) -> str:
    digest = hashlib.sha256()
    digest.update(f"{_CACHE_FORMAT}:{_code_digest()}".encode())
    digest.update(json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name, path in [("", sample_path())] if corpus is None else _files_of(corpus):
        digest.update(name.encode() + b"\0")
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:32]


def _name(corpus) -> str:
    if corpus is None:
        return "the demo corpus (synthetic)"
    if isinstance(corpus, (str, PathLike)):
        return Path(corpus).name
    return ", ".join(Path(p).name for p in corpus)


def _load(folder: Path) -> Prepared | None:
    try:
        info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
        marked = pd.read_parquet(folder / "marked.parquet") if info["format"] == "parquet" else None
        if marked is None:
            marked = pd.read_pickle(folder / "marked.pkl")
        mentions = pd.read_parquet(folder / "mentions.parquet")
        analyzer = Analyzer.load(folder / "analyzer.pkl")
        matrix = sparse.load_npz(folder / "counts.npz").tocsr()
        terms = pd.read_parquet(folder / "terms.parquet")["term"].to_numpy(dtype=object)
        units = None
        if (folder / "units.npz").is_file():
            with np.load(folder / "units.npz") as arrays:
                strings = pd.read_parquet(folder / "unit_strings.parquet")["unit"].to_numpy(dtype=object)
                names = pd.read_parquet(folder / "chunk_names.parquet")["chunk"].to_numpy(dtype=object)
                units = UnitStream(
                    arrays["units"],
                    arrays["docs"],
                    strings,
                    arrays["is_term"],
                    matrix.shape[0],
                    arrays["chunks"],
                    names,
                )
                analyzer.remember_units(units)
    except (OSError, ValueError, KeyError, pickle.UnpicklingError, EOFError):
        return None
    marked.attrs = {}
    info["cached"] = True
    ids = marked.loc[marked["duplicate_of"].isna(), "id"].to_numpy(dtype=object)
    if matrix.shape != (len(ids), len(terms)):
        return None
    return Prepared(marked, analyzer, mentions, DocumentTerms(matrix, terms, ids, analyzer, units=units), info)


#: Prepared corpora kept in the cache; the least recently used beyond this are removed.
KEEP_PREPARED = 8


def _prune(parent: Path, keep: int = KEEP_PREPARED) -> None:
    """Remove all but the ``keep`` most recently used prepared corpora (a used one is touched)."""
    entries = [p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".partial-")]
    entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _save(prepared: Prepared, folder: Path) -> None:
    """Write the prepared corpus to ``folder`` atomically: a half-written cache is never read."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent))
    try:
        info = dict(prepared.info)
        marked = prepared.marked.copy()
        marked.attrs = {}
        try:
            marked.to_parquet(staging / "marked.parquet", index=False)
            info["format"] = "parquet"
        except (ValueError, TypeError, ImportError) as exc:  # extra columns Parquet cannot hold
            (staging / "marked.parquet").unlink(missing_ok=True)
            marked.to_pickle(staging / "marked.pkl")
            info["format"] = "pickle"
            info["format_reason"] = str(exc)[:200]
        prepared.mentions.to_parquet(staging / "mentions.parquet", index=False)
        prepared.analyzer.save(staging / "analyzer.pkl")
        counts = prepared.counts
        sparse.save_npz(staging / "counts.npz", counts.matrix, compressed=False)
        pd.DataFrame({"term": counts.terms.astype(str)}).to_parquet(staging / "terms.parquet", index=False)
        if counts.units is not None:
            units = counts.units
            np.savez(
                staging / "units.npz", units=units.units, docs=units.docs, is_term=units.is_term, chunks=units.chunks
            )
            pd.DataFrame({"unit": units.strings.astype(str)}).to_parquet(staging / "unit_strings.parquet", index=False)
            pd.DataFrame({"chunk": units.chunk_names.astype(str)}).to_parquet(
                staging / "chunk_names.parquet", index=False
            )
        (staging / "info.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
        _prune(folder.parent)
    except OSError as exc:
        warnings.warn(f"the prepared corpus could not be cached in {folder.parent}: {exc}", stacklevel=3)
        shutil.rmtree(staging, ignore_errors=True)


class _Steps:
    """A progress bar that names the step being done."""

    def __init__(self, names: Sequence[str], enabled: bool) -> None:
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=len(names), desc="preparing", unit="step", leave=False)

    def step(self, name: str) -> None:
        if self.bar is not None:
            if self.bar.n or self.bar.desc != "preparing":
                self.bar.update(1)
            self.bar.set_description(f"preparing: {name}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def prepare(
    corpus: str | PathLike | Sequence[str | PathLike] | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    outlets: str | Sequence[str] | None = None,
    reading: Mapping[str, object] | None = None,
    cache: bool = True,
    progress: bool = True,
) -> Prepared:
    """Read, clean, de-duplicate, count terms (fitting the analyzer) and find entities, once; cache the result.

    The result is kept in :func:`cache_folder` under a key made of the corpus files' content
    (not their names or dates), mediakit's version and code, and the settings below, so a
    changed file, a changed mediakit or other settings prepare afresh, and the same corpus is
    read back in a second or two. The 8 most recently used prepared corpora are kept; older
    ones are removed.

    Parameters
    ----------
    corpus : path or list of paths, optional
        Anything :func:`mediakit.read_articles` reads (a file, a folder, a store); the demo corpus by default.
    since, until : str, optional
        Keep articles published in this span (see :func:`mediakit.filter_articles`).
    outlets : str or list of str, optional
        Keep these outlets.
    reading : mapping, optional
        Options for :func:`mediakit.read_articles`: ``encoding``, ``errors`` (``"skip"`` skips bad
        records and counts them), ``source``, ``format``.
    cache : bool, default True
        Read and write the cache; ``False`` prepares afresh and keeps nothing.
    progress : bool, default True
        A progress bar naming the step being done.

    Returns
    -------
    Prepared

    Raises
    ------
    mediakit.CorpusError
        The corpus cannot be read, is empty, or holds no article with text after the filters.

    Examples
    --------
    >>> p = prepare(progress=False)
    >>> len(p.unique) < len(p.marked), len(p.analyzer.vocabulary) > 0
    (True, True)
    """
    started = time.perf_counter()
    reading = {k: v for k, v in dict(reading or {}).items() if v is not None}
    unknown = sorted(set(reading) - set(_READING_OPTIONS))
    if unknown:
        raise ValueError(f"unknown reading options {unknown}; use {', '.join(_READING_OPTIONS)}")
    wanted = [outlets] if isinstance(outlets, str) else (sorted(outlets) if outlets is not None else None)
    settings = {"since": since, "until": until, "outlets": wanted, "reading": reading}
    if corpus is not None and not isinstance(corpus, (str, PathLike)):
        corpus = [str(p) for p in corpus]
    folder = None
    if cache:
        try:
            folder = cache_folder() / "prepared" / _content_key(corpus, settings)
        except FileNotFoundError as exc:
            raise CorpusError(f"{exc.filename}: no such file or folder") from None
        except OSError:
            folder = None
        if folder is not None and (folder / "info.json").is_file():
            found = _load(folder)
            if found is not None:
                folder.touch()  # most recently used: kept longest
                found.info["seconds"] = round(time.perf_counter() - started, 2)
                return found
    steps = _Steps(["reading", "cleaning", "finding duplicates", "counting terms", "finding entities"], progress)
    try:
        steps.step("reading")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CorpusWarning)
            articles = load_sample() if corpus is None else read_articles(corpus, **reading)
        _rewarn(caught)
        read = len(articles)
        skipped = len(articles.attrs.get("skipped", []))
        if read == 0:
            raise CorpusError(f"{_name(corpus)}: the corpus holds no articles")
        articles = filter_articles(articles, since=since, until=until, sources=wanted)
        if articles.empty:
            raise CorpusError(
                f"{_name(corpus)}: no article is left after the filters (since={since!r}, until={until!r}, "
                f"outlets={wanted!r})"
            )
        steps.step("cleaning")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            clean = clean_articles(articles)
        if clean.empty:
            raise CorpusError(f"{_name(corpus)}: no article has any text")
        removed = int(articles["text"].fillna("").str.len().sum() - clean["text"].str.len().sum())
        learned = clean.attrs.get("boilerplate", [])
        learned_removed = clean.attrs.get("boilerplate_removed", [])
        steps.step("finding duplicates")
        marked = deduplicate(clean, progress=False)
        marked.attrs = {}
        unique = marked[marked["duplicate_of"].isna()]
        steps.step("counting terms")
        counts = count_terms(
            unique["text"], ids=unique["id"], analyzer=Analyzer(stopwords=("core", "news")), keep_units=True
        )
        analyzer = counts.analyzer
        steps.step("finding entities")
        mentions = find_entities(unique, progress=False)
    finally:
        steps.close()
    dated = unique["published"].dropna()
    info = {
        "name": _name(corpus),
        "corpus": None if corpus is None else corpus if isinstance(corpus, list) else str(corpus),
        "settings": settings,
        "read": read,
        "skipped": skipped,
        "empty": len(articles) - len(clean),
        "characters_removed": removed,
        "boilerplate": learned,
        "boilerplate_removed": learned_removed,
        "duplicates": int(marked["duplicate_of"].notna().sum()),
        "unique": len(unique),
        "outlets": int(unique["source"].nunique()),
        "dated": len(dated),
        "first": f"{dated.min():%Y-%m-%d}" if len(dated) else None,
        "last": f"{dated.max():%Y-%m-%d}" if len(dated) else None,
        "strays": main_span(unique["published"]).extra.get("strays", 0),
        "cached": False,
    }
    prepared = Prepared(marked, analyzer, mentions, counts, info)
    if folder is not None:
        _save(prepared, folder)
    info["seconds"] = round(time.perf_counter() - started, 2)
    return prepared


def _rewarn(caught: list) -> None:
    """Pass on the reader's warnings (skipped records) as the caller's."""
    for w in caught:
        warnings.warn(str(w.message), w.category, stacklevel=3)
