"""Progress bars that cost nothing when turned off."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

__all__ = ["progress_bar"]


def progress_bar(items: Iterable[T], *, enabled: bool, **kwargs) -> Iterable[T] | Iterator[T]:
    """Wrap ``items`` in a tqdm bar (a widget in Jupyter) when ``enabled``; else return them as they are.

    Examples
    --------
    >>> list(progress_bar([1, 2], enabled=False))
    [1, 2]
    """
    if not enabled:
        return items
    from tqdm.auto import tqdm  # imported only when wanted: tqdm.auto warns without ipywidgets

    return tqdm(items, **kwargs)
