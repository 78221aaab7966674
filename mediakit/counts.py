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

from mediakit.analyzer import BREAK, TERM, Analyzer, written_form
from mediakit.arabic import normalize
from mediakit.arabic.tokenize import WORD_RUN
from mediakit.corpus import period_start

__all__ = [
    "DocumentTerms",
    "GroupCounts",
    "PairCounts",
    "UnitStream",
    "count_groups",
    "count_pair",
    "count_terms",
    "from_stream",
    "group_codes",
    "group_keys",
    "merge_groups",
    "merge_pairs",
    "term_table",
    "unit_stream",
]


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
        Documents × terms, counts (32-bit integers; sums over documents are made in 64 bits).
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

    def learn_labels(self, terms: Iterable[str]) -> None:
        """Teach the analyzer the written form of these n-grams (see :meth:`UnitStream.written`),
        for those it does not know yet; nothing without units."""
        if self.units is not None:
            self.analyzer.learn_labels(terms, self.units)

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

    def phrases(self, wanted: Sequence[str]) -> DocumentTerms:
        """Only these n-grams (as the analyzer makes them: ``"حلف شمال اطلسي"``), counted per
        document straight from :attr:`units`: much faster than every n-gram when a few are asked.
        """
        if self.units is None:
            raise ValueError("these counts keep no units: count_terms(..., keep_units=True) counts phrases too")
        units = self.units
        ids_of: dict[str, list[int]] = {}
        for i, text in enumerate(units.strings.tolist()):
            ids_of.setdefault(text, []).append(i)
        columns, names = [], []
        for phrase in wanted:
            words = phrase.split(" ")
            hit = np.ones(max(len(units.units) - len(words) + 1, 0), dtype=bool)
            size = len(hit)
            for k, word in enumerate(words):
                hit &= np.isin(units.units[k : k + size], ids_of.get(word, [-2]))
            if len(words) > 1:
                hit &= units.docs[:size] == units.docs[len(words) - 1 :]
                first, last = units.units[:size], units.units[len(words) - 1 :]
                hit &= units.is_term[np.maximum(first, 0)] & units.is_term[np.maximum(last, 0)]
            columns.append(np.bincount(units.docs[:size][hit], minlength=units.documents))
            names.append(phrase)
        matrix = sparse.csr_matrix(np.column_stack(columns) if columns else np.zeros((units.documents, 0)))
        return DocumentTerms(matrix, np.asarray(names, dtype=object), self.ids, self.analyzer, self.totals)

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


def _chunk_pass(texts: Iterable[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """One pass over the texts (anything not a string counts as empty): the distinct chunks
    (``text.split()``), the chunk id of every token in order, and each text's start in that
    stream. (Splitting it between two processes was measured slower on the ANT corpus: sending
    the chunks back costs what the split saves.)"""
    chunks = _Ids()
    lookup = chunks.__getitem__
    indices = array("i")  # chunk ids in 32 bits: half the memory of the token stream
    indptr = array("q", [0])
    for text in texts:
        if isinstance(text, str):
            indices.extend(map(lookup, text.split()))
        indptr.append(len(indices))
    stream = np.frombuffer(indices, dtype=np.int32) if len(indices) else np.zeros(0, dtype=np.int32)
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
    chunks : numpy.ndarray, optional
        The written chunk (an index into ``chunk_names``) each unit comes from: how n-grams are
        labelled as written (:meth:`written`).
    chunk_names : numpy.ndarray, optional
        The distinct whitespace-delimited chunks of the texts.
    """

    units: np.ndarray
    docs: np.ndarray
    strings: np.ndarray
    is_term: np.ndarray
    documents: int
    chunks: np.ndarray | None = None
    chunk_names: np.ndarray | None = None

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
        where, key = self._ngram_starts(n, term, known)
        return docs[where], key

    def _ngram_starts(self, n: int, term: np.ndarray | None = None, known: np.ndarray | None = None):
        """Start positions and packed keys of every n-gram (n ≥ 2)."""
        units, docs = self.units, self.docs
        if term is None or known is None:
            known = units >= 0
            term = np.zeros(len(units), dtype=bool)
            term[known] = self.is_term[units[known]]
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
        return where, key

    def written(self, phrases: Sequence[str]) -> dict[str, str]:
        """The most frequent written form of each n-gram (as the analyzer makes it: ``"مدينة منورة"``
        → ``"المدينة المنورة"``), from the chunks its occurrences were read from. N-grams never
        found, or always written inside one chunk with another, are left out.

        Examples
        --------
        >>> text = "زار المدينة المنورة، ثم المدينة المنورة، ووزير الخارجية، وزير الخارجية، ووزير الخارجية"
        >>> s = unit_stream([text], Analyzer(), fit=True)
        >>> s.written(["مدينة منورة", "وزير خارجية"])
        {'مدينة منورة': 'المدينة المنورة', 'وزير خارجية': 'وزير الخارجية'}
        """
        if self.chunks is None or self.chunk_names is None:
            return {}
        index = {text: i for i, text in enumerate(self.strings.tolist())}
        width = len(self.strings)
        by_size: dict[int, dict[int, str]] = {}
        for phrase in dict.fromkeys(phrases):
            words = phrase.split(" ")
            if len(words) < 2 or any(w not in index for w in words):
                continue
            key = 0
            for w in words:
                key = key * width + index[w]
            by_size.setdefault(len(words), {})[key] = phrase
        out: dict[str, str] = {}
        for n, wanted in by_size.items():
            where, keys = self._ngram_starts(n)
            hit = np.isin(keys, np.fromiter(wanted, dtype=np.int64, count=len(wanted)))
            where, keys = where[hit], keys[hit]
            if not len(where):
                continue
            chunks = np.stack([self.chunks[where + k] for k in range(n)], axis=1)
            apart = np.all(np.diff(chunks, axis=1) != 0, axis=1)  # one chunk a word
            rows = np.column_stack([keys[apart], chunks[apart]])
            if not len(rows):
                continue
            forms, counts = np.unique(rows, axis=0, return_counts=True)
            best: dict[int, tuple[int, int, str]] = {}  # key -> (bare first word, count, text)
            for row, count in zip(forms.tolist(), counts.tolist(), strict=True):
                words = [_written_word(self.chunk_names[c]) for c in row[1:]]
                if not all(words):
                    continue
                # like a word's label, the first word is preferred without a proclitic other than
                # the article: "وزير الخارجية", not "ووزير الخارجية"
                head = wanted[row[0]].split(" ", 1)[0]
                bare = int(normalize(words[0]) in (head, "ال" + head))
                candidate = (bare, count, " ".join(words))
                if row[0] not in best or candidate[:2] > best[row[0]][:2]:
                    best[row[0]] = candidate
            for key, (_, _, text) in best.items():
                out[wanted[key]] = text
        return out

    def subset(self, rows: np.ndarray) -> UnitStream:
        """The units of these documents (renumbered 0, 1 … in the order given)."""
        position = np.full(self.documents, -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        kept = position[self.docs]
        mask = kept >= 0
        chunks = self.chunks[mask] if self.chunks is not None else None
        if len(rows) > 1 and np.any(np.diff(rows) < 0):  # another order: regroup the units by document
            order = np.argsort(kept[mask], kind="stable")
            units, docs = self.units[mask][order], kept[mask][order]
            chunks = chunks[order] if chunks is not None else None
        else:
            units, docs = self.units[mask], kept[mask]
        return UnitStream(units, docs.astype(np.int32), self.strings, self.is_term, len(rows), chunks, self.chunk_names)

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
    names, stream, bounds = _chunk_pass(texts)
    if fit if fit is not None else (analyzer.clitics and analyzer.vocabulary is None):
        _fit_from(names, stream, analyzer)
    return _units_of(names, stream, bounds, analyzer)


def _fit_from(names: list[str], stream: np.ndarray, analyzer: Analyzer) -> None:
    """Learn the analyzer's vocabulary from a chunk pass (each chunk with its count)."""
    analyzer.fit_chunks(dict(zip(names, np.bincount(stream, minlength=len(names)).tolist(), strict=True)))


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
    out = UnitStream(
        units=units.astype(np.int32),
        docs=doc_of_token[owner],
        strings=np.asarray([k[0] for k in keys], dtype=object),
        is_term=np.asarray([k[1] for k in keys], dtype=bool),
        documents=documents,
        chunks=stream[owner],
        chunk_names=np.asarray(names, dtype=object),
    )
    analyzer.remember_units(out)
    return out


def _written_word(chunk: str) -> str:
    """A chunk's one word as written, without diacritics, tatweel or punctuation ("" if it holds
    several words)."""
    runs = WORD_RUN.findall(chunk)
    return written_form(runs[0]) if len(runs) == 1 else ""


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
    # the texts are read one at a time (a column of Arrow strings is never copied whole)
    names, stream, bounds = _chunk_pass(texts)
    documents = len(bounds) - 1
    row_ids = np.asarray(list(ids) if ids is not None else range(documents), dtype=object)
    if len(row_ids) != documents:
        raise ValueError(f"{len(row_ids)} ids for {documents} texts")
    if fit is None:
        fit = analyzer.clitics and analyzer.vocabulary is None
    if ngram > 1:
        if fit:
            _fit_from(names, stream, analyzer)
        return from_stream(_units_of(names, stream, bounds, analyzer), ngram, row_ids, analyzer)
    # repeated chunks of a text stay as repeated entries: the product below sums them
    index_type = np.int32 if len(stream) < 2**31 else np.int64
    by_chunk = sparse.csr_matrix(
        (np.ones(len(stream), dtype=np.int32), stream.astype(index_type, copy=False), bounds.astype(index_type)),
        shape=(documents, len(names)),
    )
    chunk_counts = np.bincount(stream, minlength=len(names)).tolist() if fit else None
    terms, t_col, t_indptr = analyzer.index_chunks(names, chunk_counts, fit=bool(fit))
    del chunk_counts
    chunk_terms = sparse.csr_matrix(
        (np.ones(len(t_col), dtype=np.int32), t_col, t_indptr), shape=(len(names), len(terms))
    )
    matrix = (by_chunk @ chunk_terms).tocsr()
    del by_chunk, chunk_terms
    matrix.sort_indices()
    totals = np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)
    units = _units_of(names, stream, bounds, analyzer) if keep_units else None
    return DocumentTerms(matrix, np.asarray(terms, dtype=object), row_ids, analyzer, totals=totals, units=units)


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
    return DocumentTerms(matrix, terms, np.asarray(list(ids), dtype=object), analyzer, totals=totals, units=stream)


# ---------------------------------------------------------------------------------------------
# Kernels: count a part of the corpus, merge two parts, finish into the table. They know nothing
# of the engine: the pandas engine runs them on the whole frame, the Dask engine on each
# partition and merges the parts as a tree.


def group_keys(by: str | Sequence[str] | None) -> list[str]:
    """``by`` as a list of column names.

    Examples
    --------
    >>> group_keys("source"), group_keys(None)
    (['source'], [])
    """
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def group_codes(df: pd.DataFrame, keys: list[str], freq: str | None) -> tuple[np.ndarray, pd.DataFrame]:
    """An integer group code per article (-1: left out, e.g. no date with ``freq``) and the frame
    of the groups' keys (``*keys``, then ``period`` with ``freq``), sorted as ``groupby`` sorts.

    Examples
    --------
    >>> codes, groups = group_codes(pd.DataFrame({"source": ["b", "a", "b"]}), ["source"], None)
    >>> codes.tolist(), groups["source"].tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    cols = {key: df[key] for key in keys}
    if freq is not None:
        if "published" not in df.columns:
            raise ValueError("counting per period needs a 'published' column")
        cols["period"] = period_start(df["published"], freq)
    if not cols:
        return np.zeros(len(df), dtype=np.int64), pd.DataFrame(index=[0])
    frame = pd.DataFrame(cols, index=df.index)
    grouped = frame.groupby(list(cols), sort=True, observed=True, dropna=True)
    codes = grouped.ngroup().to_numpy()
    codes = np.where(np.isnan(codes.astype(float)), -1, codes).astype(np.int64)
    table = grouped.size().reset_index().drop(columns=0)
    return codes, table


@dataclass
class GroupCounts:
    """Term counts per group of one part of a corpus: what the kernels pass between them.

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per group: its key columns (no columns: the whole part is one group).
    terms : numpy.ndarray
        The term of each column.
    counts, documents : scipy.sparse.csr_matrix
        Groups × terms: occurrences, and articles holding the term.
    tokens : numpy.ndarray
        Terms per group (the denominator of ``per_10k``).
    frequency : numpy.ndarray, optional
        Articles of the whole part holding each term, grouped or not (an article with no date
        still counts): what document-frequency trimming and TF-IDF weigh with.
    articles : int
        How many articles the part has (with ``frequency``).
    """

    groups: pd.DataFrame
    terms: np.ndarray
    counts: sparse.csr_matrix
    documents: sparse.csr_matrix
    tokens: np.ndarray
    frequency: np.ndarray | None = None
    articles: int = 0

    def keep_columns(self, keep: np.ndarray) -> GroupCounts:
        """The same groups with only the terms where ``keep`` is True."""
        where = np.flatnonzero(keep)
        return GroupCounts(
            self.groups,
            self.terms[where],
            self.counts.tocsr()[:, where].tocsr(),
            self.documents.tocsr()[:, where].tocsr(),
            self.tokens,
            None if self.frequency is None else self.frequency[where],
            self.articles,
        )


def count_groups(
    part: pd.DataFrame,
    analyzer: Analyzer,
    keys: list[str],
    freq: str | None,
    ngram: int = 1,
    only: set[str] | None = None,
    frequency: bool = False,
) -> GroupCounts:
    """Count one part of a corpus per group: the kernel of term tables.

    Parameters
    ----------
    part : pandas.DataFrame
        Articles (``text``, the ``keys`` columns, ``published`` with ``freq``).
    analyzer : Analyzer
        Fitted on the whole corpus (each part counts with the same vocabulary).
    keys, freq, ngram
        As :func:`mediakit.term_frequencies`.
    only : set of str, optional
        Keep just these terms (so a timeline sends back only the terms it follows).
    frequency : bool, default False
        Also count the articles of the whole part holding each term (``GroupCounts.frequency``).

    Examples
    --------
    >>> a = Analyzer().fit(["العراق مصر", "العراق"])
    >>> part = count_groups(pd.DataFrame({"text": ["العراق مصر", "العراق"], "source": ["x", "y"]}), a, ["source"], None)
    >>> part.groups["source"].tolist(), part.counts.shape
    (['x', 'y'], (2, 2))
    """
    codes, groups = group_codes(part, keys, freq)
    table = count_terms(part["text"], analyzer=analyzer, fit=False, ngram=ngram)
    if only is not None:
        table = table.keep_columns(np.isin(table.terms.astype(str), list(only)))
    counted = GroupCounts(groups, table.terms, *table.group_counts(codes, len(groups)))
    if frequency:
        counted.frequency, counted.articles = table.document_frequency(), len(part)
    return counted


def merge_groups(a: GroupCounts, b: GroupCounts) -> GroupCounts:
    """Two parts' counts as one: terms and groups united, counts added.

    Examples
    --------
    >>> an = Analyzer().fit(["العراق ومصر", "العراق مصر"])
    >>> one = count_groups(pd.DataFrame({"text": ["العراق ومصر"], "source": ["x"]}), an, ["source"], None)
    >>> two = count_groups(pd.DataFrame({"text": ["العراق"], "source": ["x"]}), an, ["source"], None)
    >>> term_table(merge_groups(one, two))[["source", "term", "count", "documents"]].values.tolist()
    [['x', 'عراق', 2, 2], ['x', 'مصر', 1, 1]]
    """
    index = {t: i for i, t in enumerate(a.terms.tolist())}
    extra = [t for t in b.terms.tolist() if t not in index]
    for t in extra:
        index[t] = len(index)
    columns = np.fromiter((index[t] for t in b.terms.tolist()), dtype=np.int64, count=len(b.terms))
    key_columns = list(a.groups.columns)
    a_keys = list(a.groups.itertuples(index=False, name=None))
    b_keys = list(b.groups.itertuples(index=False, name=None))
    rows_of = {k: i for i, k in enumerate(a_keys)}
    for k in b_keys:
        rows_of.setdefault(k, len(rows_of))
    rows = np.fromiter((rows_of[k] for k in b_keys), dtype=np.int64, count=len(b_keys))
    shape = (len(rows_of), len(index))

    def place(matrix: sparse.csr_matrix, row_map: np.ndarray | None, col_map: np.ndarray | None):
        coo = matrix.tocoo()
        r = coo.row if row_map is None else row_map[coo.row]
        c = coo.col if col_map is None else col_map[coo.col]
        return sparse.csr_matrix((coo.data, (r, c)), shape=shape)

    counts = place(a.counts, None, None) + place(b.counts, rows, columns)
    documents = place(a.documents, None, None) + place(b.documents, rows, columns)
    tokens = np.zeros(shape[0], dtype=np.int64)
    tokens[: len(a_keys)] += a.tokens
    np.add.at(tokens, rows, b.tokens)
    merged_keys = list(rows_of)
    groups = pd.DataFrame(merged_keys, columns=key_columns) if key_columns else pd.DataFrame(index=[0])
    terms = np.concatenate([a.terms, np.asarray(extra, dtype=object)]) if extra else a.terms
    frequency = None
    if a.frequency is not None and b.frequency is not None:
        frequency = np.zeros(shape[1], dtype=np.int64)
        frequency[: len(a.terms)] += a.frequency
        np.add.at(frequency, columns, b.frequency)
    return GroupCounts(groups, terms, counts.tocsr(), documents.tocsr(), tokens, frequency, a.articles + b.articles)


def term_table(
    part: GroupCounts,
    *,
    top: int | None = None,
    min_count: int = 1,
    weights: np.ndarray | None = None,
) -> pd.DataFrame:
    """The term table from (merged) group counts: ``[*groups, term, count, documents, per_10k]``
    (and ``tfidf`` with ``weights``, a factor per term that then ranks the rows), groups in
    sorted order, each by count (or tf-idf, descending), then term."""
    group_cols = list(part.groups.columns)
    columns = [*group_cols, "term", "count", "documents", "per_10k", *(["tfidf"] if weights is not None else [])]
    order = np.arange(len(part.groups))
    if group_cols and len(part.groups) > 1:
        order = part.groups.reset_index(drop=True).sort_values(group_cols, kind="mergesort").index.to_numpy()
    by_group, in_documents = part.counts.tocsr(), part.documents.tocsr()
    by_group.sort_indices()
    in_documents.sort_indices()
    pieces = []
    for g in order:
        start, stop = by_group.indptr[g], by_group.indptr[g + 1]
        cols, values = by_group.indices[start:stop], by_group.data[start:stop]
        if not len(values):
            continue
        d_start, d_stop = in_documents.indptr[g], in_documents.indptr[g + 1]
        docs = in_documents.data[d_start:d_stop]
        if not np.array_equal(in_documents.indices[d_start:d_stop], cols):
            docs = np.asarray(in_documents[g, cols].todense()).ravel()
        tokens = int(part.tokens[g])
        keep = values >= min_count
        rank = values if weights is None else values * weights[cols]
        if top is not None and keep.sum() > top:
            kth = np.partition(rank[keep], -top)[-top]
            keep &= rank >= kth
        piece = pd.DataFrame({"term": part.terms[cols[keep]], "count": values[keep].astype(np.int64)})
        piece["documents"] = docs[keep].astype(np.int64)
        ranking = ["count", "term"]
        if weights is not None:
            piece["tfidf"] = rank[keep]
            ranking = ["tfidf", "term"]
        piece = piece.sort_values(ranking, ascending=[False, True], kind="mergesort")
        if top is not None:
            piece = piece.head(top)
        piece["per_10k"] = piece["count"] * 10_000 / max(tokens, 1)
        for col in group_cols:
            piece.insert(group_cols.index(col), col, part.groups[col].iat[g])
        pieces.append(piece)
    if not pieces:
        return pd.DataFrame(columns=columns)
    out = pd.concat(pieces, ignore_index=True)[columns]
    out["term"] = out["term"].astype(str)
    return out


@dataclass
class PairCounts:
    """Term counts of a target and a reference part (the kernel of keyness)."""

    terms: np.ndarray
    target: np.ndarray
    reference: np.ndarray


def count_pair(terms: DocumentTerms, target: np.ndarray, reference: np.ndarray) -> PairCounts:
    """Sum the target rows and the reference rows of counted documents (boolean masks).

    Examples
    --------
    >>> pair = count_pair(count_terms(["العراق", "مصر ومصر"]), np.array([True, False]), np.array([False, True]))
    >>> dict(zip(pair.terms, pair.target.tolist())), dict(zip(pair.terms, pair.reference.tolist()))
    ({'عراق': 1, 'مصر': 0}, {'عراق': 0, 'مصر': 2})
    """
    a = np.asarray(terms.matrix[np.flatnonzero(target)].sum(axis=0)).ravel()
    b = np.asarray(terms.matrix[np.flatnonzero(reference)].sum(axis=0)).ravel()
    return PairCounts(terms.terms, a, b)


def merge_pairs(a: PairCounts, b: PairCounts) -> PairCounts:
    """Two parts' target and reference counts as one."""
    index = {t: i for i, t in enumerate(a.terms.tolist())}
    extra = [t for t in b.terms.tolist() if t not in index]
    for t in extra:
        index[t] = len(index)
    at = np.fromiter((index[t] for t in b.terms.tolist()), dtype=np.int64, count=len(b.terms))
    target = np.concatenate([a.target, np.zeros(len(extra), dtype=a.target.dtype)])
    reference = np.concatenate([a.reference, np.zeros(len(extra), dtype=a.reference.dtype)])
    np.add.at(target, at, b.target)
    np.add.at(reference, at, b.reference)
    terms = np.concatenate([a.terms, np.asarray(extra, dtype=object)]) if extra else a.terms
    return PairCounts(terms, target, reference)
