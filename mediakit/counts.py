"""The counting core: a document–term matrix made in one pass and shared by every analysis.

Texts are split on whitespace once; each token is looked up in a dict of distinct chunks (in C,
through ``map``), giving a sparse document × chunk matrix. Each distinct chunk is analysed once
into its terms, giving a sparse chunk × term matrix; their product is the document × term
matrix. The analyzer's clitic vocabulary is learned from the same chunk counts, so fitting costs
no second pass. Group and period tables are then sparse products of a group indicator with the
matrix.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from mediakit.analyzer import Analyzer

__all__ = ["DocumentTerms", "count_terms"]


class _Ids(dict):
    """str -> consecutive int ids, a new id for each key on first sight."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value


@dataclass
class DocumentTerms:
    """How often each term occurs in each document.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents × terms, counts (``int64``).
    terms : numpy.ndarray
        The term of each column (normalised, as the analyzer makes them; ``analyzer.label``
        gives the written form).
    ids : numpy.ndarray
        The article id of each row.
    analyzer : Analyzer
        The fitted analyzer that made the terms.
    """

    matrix: sparse.csr_matrix
    terms: np.ndarray
    ids: np.ndarray
    analyzer: Analyzer
    _rows: dict = field(default_factory=dict, repr=False, compare=False)
    _columns: dict = field(default_factory=dict, repr=False, compare=False)

    def __repr__(self) -> str:
        rows, columns = self.matrix.shape
        return f"<DocumentTerms: {rows:,} documents × {columns:,} terms, {self.matrix.nnz:,} cells>"

    def rows(self, ids: Iterable) -> np.ndarray:
        """Row positions of article ids.

        Raises
        ------
        KeyError
            An id that was not counted, named.
        """
        if not self._rows:
            self._rows.update((v, i) for i, v in enumerate(self.ids.tolist()))
        table = self._rows
        out = []
        for v in ids:
            try:
                out.append(table[v])
            except KeyError:
                raise KeyError(f"article {v!r} is not among the counted documents") from None
        return np.asarray(out, dtype=np.int64)

    def column(self, term: str) -> int | None:
        """The column of a term (as the analyzer makes it), or None."""
        if not self._columns:
            self._columns.update((t, j) for j, t in enumerate(self.terms.tolist()))
        return self._columns.get(term)

    def sub(self, ids: Iterable) -> sparse.csr_matrix:
        """The rows of these article ids, in that order."""
        return self.matrix[self.rows(ids)]

    def group_counts(self, codes: np.ndarray, groups: int, rows: np.ndarray | None = None):
        """Per-group term counts and document counts: two groups × terms sparse matrices.

        Parameters
        ----------
        codes : array of int
            The group of each selected row; -1 leaves the row out.
        groups : int
        rows : array of int, optional
            Row positions the codes belong to (all rows by default).
        """
        matrix = self.matrix if rows is None else self.matrix[rows]
        keep = codes >= 0
        indicator = sparse.csr_matrix(
            (np.ones(int(keep.sum()), dtype=np.int64), (codes[keep], np.flatnonzero(keep))),
            shape=(groups, matrix.shape[0]),
        )
        present = matrix.copy()
        present.data = np.ones_like(present.data)
        return (indicator @ matrix).tocsr(), (indicator @ present).tocsr()


def count_terms(
    texts: Sequence[str] | pd.Series,
    *,
    ids: Sequence | None = None,
    analyzer: Analyzer | None = None,
    fit: bool | None = None,
) -> DocumentTerms:
    """Count the terms of every text in one pass: a document–term matrix.

    Parameters
    ----------
    texts : sequence of str
        Missing texts count as empty.
    ids : sequence, optional
        The article id of each text (default: 0, 1, 2 …).
    analyzer : Analyzer, optional
        Defaults to ``Analyzer(stopwords=("core", "news"))``.
    fit : bool, optional
        Learn the analyzer's clitic vocabulary from these texts (from the same pass); by
        default when it strips clitics and has no vocabulary yet.

    Returns
    -------
    DocumentTerms

    Examples
    --------
    >>> dt = count_terms(["وقال الوزير إن العراق", "العراق وللعراق"])
    >>> dt.matrix.shape[0], int(dt.matrix[1, dt.column("عراق")])
    (2, 2)
    """
    analyzer = analyzer if analyzer is not None else Analyzer(stopwords=("core", "news"))
    texts = [t if isinstance(t, str) else "" for t in texts]
    chunks = _Ids()
    lookup = chunks.__getitem__
    indices = array("q")
    indptr = array("q", [0])
    for text in texts:
        indices.extend(map(lookup, text.split()))
        indptr.append(len(indices))
    col = np.frombuffer(indices, dtype=np.int64) if len(indices) else np.zeros(0, dtype=np.int64)
    by_chunk = sparse.csr_matrix(
        (np.ones(len(col), dtype=np.int64), col, np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(texts), len(chunks)),
    )
    by_chunk.sum_duplicates()
    names = list(chunks)  # chunk id order
    if fit if fit is not None else (analyzer.clitics and analyzer.vocabulary is None):
        totals = np.asarray(by_chunk.sum(axis=0)).ravel()
        analyzer.fit_chunks(dict(zip(names, totals.tolist(), strict=True)))
    terms = _Ids()
    term_of = terms.__getitem__
    t_indices = array("q")
    t_indptr = array("q", [0])
    for chunk in names:
        t_indices.extend(map(term_of, analyzer.chunk_terms(chunk)))
        t_indptr.append(len(t_indices))
    t_col = np.frombuffer(t_indices, dtype=np.int64) if len(t_indices) else np.zeros(0, dtype=np.int64)
    chunk_terms = sparse.csr_matrix(
        (np.ones(len(t_col), dtype=np.int64), t_col, np.frombuffer(t_indptr, dtype=np.int64)),
        shape=(len(names), len(terms)),
    )
    matrix = (by_chunk @ chunk_terms).tocsr()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    row_ids = np.asarray(list(ids) if ids is not None else range(len(texts)), dtype=object)
    if len(row_ids) != len(texts):
        raise ValueError(f"{len(row_ids)} ids for {len(texts)} texts")
    return DocumentTerms(matrix, np.asarray(list(terms), dtype=object), row_ids, analyzer)
