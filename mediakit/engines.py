"""The one place where the engine is chosen: pandas for a pandas frame, Dask for a Dask frame.

The analyses (``mediakit.terms``, ``entities``, ``timelines``) know nothing of engines: they work
on a pandas frame, through the engine-free kernels of ``mediakit.counts`` and
``mediakit.timelines`` (count a part, merge two parts, finish the table). ``mediakit.scale``
runs the same kernels partition by partition on Dask. The functions here are what ``mediakit``
exports: each looks at its input and hands it to one engine or the other, so the same call
works on both and returns the same table.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from os import PathLike
from typing import Any

from mediakit import corpus, entities, terms, timelines

__all__ = [
    "entity_timeline",
    "find_entities",
    "is_dask",
    "keyness",
    "read_articles",
    "term_frequencies",
    "term_timeline",
]


def is_dask(obj: object) -> bool:
    """A Dask collection (told without importing Dask).

    Examples
    --------
    >>> import pandas as pd
    >>> is_dask(pd.DataFrame())
    False
    """
    return type(obj).__module__.split(".")[0] in ("dask", "dask_expr")


def _scale():
    from mediakit import scale  # imported only for Dask inputs: Dask is an optional extra

    return scale


def _dispatch(pandas_function: Callable, name: str, *frames: str) -> Callable:
    """``pandas_function`` for pandas inputs, ``mediakit.scale.<name>`` when any of the named
    arguments (the first positional one, or ``frames`` by keyword) is a Dask collection."""

    @functools.wraps(pandas_function)
    def run(*args: Any, **kwargs: Any):
        inputs = [*args[:1], *(kwargs.get(f) for f in frames)]
        if any(is_dask(x) for x in inputs):
            return getattr(_scale(), name)(*args, **kwargs)
        return pandas_function(*args, **kwargs)

    return run


term_frequencies = _dispatch(terms.term_frequencies, "term_frequencies")
term_timeline = _dispatch(terms.term_timeline, "term_timeline")
keyness = _dispatch(terms.keyness, "keyness")
find_entities = _dispatch(entities.find_entities, "find_entities")
entity_timeline = _dispatch(timelines.entity_timeline, "entity_timeline", "articles")


@functools.wraps(corpus.read_articles)
def read_articles(path: str | PathLike, *, engine: str = "pandas", blocksize: int = 64_000_000, **options: Any):
    if engine == "dask":
        unknown = sorted(set(options) - {"source"})
        if unknown:
            raise ValueError(f"with engine='dask', read_articles takes source= only, not {', '.join(unknown)}")
        return _scale().read_articles(path, blocksize=blocksize, source=options.get("source"))
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    return corpus.read_articles(path, **options)
