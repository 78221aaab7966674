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

from mediakit.analyzer import BREAK, TERM, Analyzer

__all__ = ["DocumentTerms", "UnitStream", "count_terms", "from_stream", "unit_stream"]


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
    totals : numpy.ndarray
        Each document's number of terms, the denominator of rates (for n-grams too).
    units : UnitStream, optional
        The documents as a sequence of units, for n-grams (see ``count_terms(keep_units=True)``).
    """

    def __post_init__(self) -> None:
        if self.totals is None:
            self.totals = np.asarray(self.matrix.sum(axis=1)).ravel().astype(np.int64)

    matrix: sparse.csr_matrix
    terms: np.ndarray
    ids: np.ndarray
    analyzer: Analyzer
    totals: np.ndarray | None = None
    units: UnitStream | None = None
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

    def ngrams(self, n: int) -> DocumentTerms:
        """The same documents counted in n-grams (from :attr:`units`, made once and kept).

        Raises
        ------
        ValueError
            When the counts were made without ``keep_units``.
        """
        if n == 1:
            return self
        if self.units is None:
            raise ValueError("these counts keep no units: count_terms(..., keep_units=True) counts n-grams too")
        cache = self.__dict__.setdefault("_ngrams", {})
        if n not in cache:
            cache[n] = from_stream(self.units, n, self.ids, self.analyzer)
        return cache[n]

    def document_frequency(self, rows: np.ndarray | None = None) -> np.ndarray:
        """How many of the documents (all, or these rows) hold each term."""
        matrix = self.matrix if rows is None else self.matrix[rows]
        return (
            np.bincount(matrix.indices, minlength=matrix.shape[1])
            if matrix.has_canonical_format
            else (np.asarray((matrix > 0).sum(axis=0)).ravel())
        )

    def keep_columns(self, keep: np.ndarray) -> DocumentTerms:
        """The same documents with only the terms where ``keep`` is True (the totals unchanged)."""
        return DocumentTerms(
            self.matrix[:, np.flatnonzero(keep)].tocsr(), self.terms[keep], self.ids, self.analyzer, self.totals
        )

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
        totals = self.totals if rows is None else self.totals[rows]
        return (indicator @ matrix).tocsr(), (indicator @ present).tocsr(), indicator @ totals


def _chunk_pass(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """One pass over the texts: the distinct chunks (``text.split()``), the chunk id of every
    token in order, and each text's start in that stream. (Splitting it between two processes
    was measured slower on the ANT corpus: sending the chunks back costs what the split saves.)"""
    chunks = _Ids()
    lookup = chunks.__getitem__
    indices = array("q")
    indptr = array("q", [0])
    for text in texts:
        indices.extend(map(lookup, text.split()))
        indptr.append(len(indices))
    stream = np.frombuffer(indices, dtype=np.int64) if len(indices) else np.zeros(0, dtype=np.int64)
    return list(chunks), stream, np.frombuffer(indptr, dtype=np.int64)


def _ragged(values: np.ndarray, offsets: np.ndarray, picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenate ``values[offsets[k]:offsets[k + 1]]`` for every k of ``picks``, in order; also
    return, for each output item, the position in ``picks`` it came from."""
    lengths = (offsets[1:] - offsets[:-1])[picks]
    owner = np.repeat(np.arange(len(picks), dtype=np.int64), lengths)
    starts = np.repeat(offsets[:-1][picks] - (np.cumsum(lengths) - lengths), lengths)
    return values[starts + np.arange(len(owner), dtype=np.int64)], owner


@dataclass
class UnitStream:
    """The corpus as one sequence of units, for n-grams: every word in text order, as a unit id
    (a term, or a stopword that may stand inside a trigram), and -1 where a clause breaks.

    Attributes
    ----------
    units : numpy.ndarray
        Unit ids (``int64``), -1 for a break.
    docs : numpy.ndarray
        The document (row) of each unit.
    strings : numpy.ndarray
        The text of each unit id.
    is_term : numpy.ndarray
        True for the unit ids that are terms (False: stopwords).
    documents : int
        How many documents.
    """

    units: np.ndarray
    docs: np.ndarray
    strings: np.ndarray
    is_term: np.ndarray
    documents: int

    def ngrams(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Every n-gram occurrence as ``(document, key)``; a key packs the n unit ids
        (``a * U + b`` …). First and last unit are terms, no break within, no document boundary.
        """
        units, docs = self.units, self.docs
        term = np.zeros(len(units), dtype=bool)
        known = units >= 0
        term[known] = self.is_term[units[known]]
        if n == 1:
            return docs[term], units[term].astype(np.int64)
        size = len(units) - n + 1
        if size <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ok = term[:size] & term[n - 1 :] & (docs[:size] == docs[n - 1 :])
        for k in range(1, n - 1):
            ok &= known[k : k + size]
        width = len(self.strings)
        key = np.zeros(int(ok.sum()), dtype=np.int64)
        where = np.flatnonzero(ok)
        for k in range(n):
            key = key * width + units[where + k].astype(np.int64)
        return docs[where], key

    def subset(self, rows: np.ndarray) -> UnitStream:
        """The units of these documents (renumbered 0, 1 … in the order given)."""
        position = np.full(self.documents, -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        kept = position[self.docs]
        mask = kept >= 0
        if len(rows) > 1 and np.any(np.diff(rows) < 0):  # another order: regroup the units by document
            order = np.argsort(kept[mask], kind="stable")
            units, docs = self.units[mask][order], kept[mask][order]
        else:
            units, docs = self.units[mask], kept[mask]
        return UnitStream(units, docs.astype(np.int32), self.strings, self.is_term, len(rows))

    def decode(self, keys: np.ndarray, n: int) -> list[str]:
        """The text of packed n-gram keys, words joined by spaces."""
        width = len(self.strings)
        parts = []
        rest = keys.copy()
        for _ in range(n):
            parts.append(rest % width)
            rest //= width
        parts.reverse()
        strings = self.strings
        return [" ".join(words) for words in zip(*(strings[p] for p in parts), strict=True)]


def unit_stream(texts: Sequence[str] | pd.Series, analyzer: Analyzer, *, fit: bool | None = None) -> UnitStream:
    """The texts as one :class:`UnitStream` (one pass; each distinct chunk analysed once).

    Examples
    --------
    >>> s = unit_stream(["صندوق النقد الدولي، والعراق"], Analyzer())
    >>> s.decode(s.ngrams(3)[1], 3)
    ['صندوق نقد دولي']
    """
    texts = [t if isinstance(t, str) else "" for t in texts]
    names, stream, bounds = _chunk_pass(texts)
    if fit if fit is not None else (analyzer.clitics and analyzer.vocabulary is None):
        totals = np.bincount(stream, minlength=len(names))
        analyzer.fit_chunks(dict(zip(names, totals.tolist(), strict=True)))
    return _units_of(names, stream, bounds, analyzer)


def _units_of(names: list[str], stream: np.ndarray, bounds: np.ndarray, analyzer: Analyzer) -> UnitStream:
    unit_ids = _Ids()
    flat = array("q")
    offsets = array("q", [0])
    for chunk in names:
        for text, flag in analyzer.chunk_units(chunk):
            flat.append(-1 if flag == BREAK else unit_ids[(text, flag == TERM)])
        offsets.append(len(flat))
    values = np.frombuffer(flat, dtype=np.int64) if len(flat) else np.zeros(0, dtype=np.int64)
    units, owner = _ragged(values, np.frombuffer(offsets, dtype=np.int64), stream)
    documents = len(bounds) - 1
    doc_of_token = np.repeat(np.arange(documents, dtype=np.int32), np.diff(bounds))
    keys = list(unit_ids)
    return UnitStream(
        units=units.astype(np.int32),
        docs=doc_of_token[owner],
        strings=np.asarray([k[0] for k in keys], dtype=object),
        is_term=np.asarray([k[1] for k in keys], dtype=bool),
        documents=documents,
    )


def count_terms(
    texts: Sequence[str] | pd.Series,
    *,
    ids: Sequence | None = None,
    analyzer: Analyzer | None = None,
    fit: bool | None = None,
    ngram: int = 1,
    keep_units: bool = False,
) -> DocumentTerms:
    """Count the terms (or n-grams) of every text in one pass: a document–term matrix.

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
    ngram : {1, 2, 3}, default 1
        Single terms, or n-grams within a clause (first and last word terms; a trigram may hold
        a stopword in the middle: وزير الخارجية السعودي, صندوق النقد الدولي).
    keep_units : bool, default False
        Also keep the texts as a :class:`UnitStream` (``.units``), from the same pass: phrases,
        n-gram tables and collocations are then counted from it without reading the texts.

    Returns
    -------
    DocumentTerms
        ``totals`` holds each document's number of terms (the denominator of ``per_10k``).

    Examples
    --------
    >>> dt = count_terms(["وقال الوزير إن العراق", "العراق وللعراق"])
    >>> dt.matrix.shape[0], int(dt.matrix[1, dt.column("عراق")])
    (2, 2)
    >>> count_terms(["صندوق النقد الدولي"], ngram=3).terms.tolist()
    ['صندوق نقد دولي']
    """
    if ngram not in (1, 2, 3):
        raise ValueError(f"ngram must be 1, 2 or 3, not {ngram!r}")
    analyzer = analyzer if analyzer is not None else Analyzer(stopwords=("core", "news"))
    texts = [t if isinstance(t, str) else "" for t in texts]
    row_ids = np.asarray(list(ids) if ids is not None else range(len(texts)), dtype=object)
    if len(row_ids) != len(texts):
        raise ValueError(f"{len(row_ids)} ids for {len(texts)} texts")
    if ngram > 1:
        stream = unit_stream(texts, analyzer, fit=fit)
        return from_stream(stream, ngram, row_ids, analyzer)
    names, stream, bounds = _chunk_pass(texts)
    # repeated chunks of a text stay as repeated entries: the product below sums them
    by_chunk = sparse.csr_matrix((np.ones(len(stream), dtype=np.int64), stream, bounds), shape=(len(texts), len(names)))
    if fit if fit is not None else (analyzer.clitics and analyzer.vocabulary is None):
        totals = np.bincount(stream, minlength=len(names))
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
    matrix.sort_indices()
    totals = np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)
    units = _units_of(names, stream, bounds, analyzer) if keep_units else None
    return DocumentTerms(matrix, np.asarray(list(terms), dtype=object), row_ids, analyzer, totals=totals, units=units)


def from_stream(stream: UnitStream, n: int, ids: Sequence, analyzer: Analyzer) -> DocumentTerms:
    """The document × n-gram matrix of a :class:`UnitStream`."""
    docs, keys = stream.ngrams(n)
    unique, column = np.unique(keys, return_inverse=True)
    matrix = sparse.csr_matrix(
        (np.ones(len(keys), dtype=np.int64), (docs, column.ravel())), shape=(stream.documents, len(unique))
    )
    matrix.sum_duplicates()
    matrix.sort_indices()
    term_docs, _ = stream.ngrams(1)
    totals = np.bincount(term_docs, minlength=stream.documents).astype(np.int64)
    terms = np.asarray(stream.decode(unique, n) if n > 1 else stream.strings[unique], dtype=object)
    return DocumentTerms(matrix, terms, np.asarray(list(ids), dtype=object), analyzer, totals=totals)
