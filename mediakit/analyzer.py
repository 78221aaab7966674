"""The Analyzer: the one place where text becomes the terms that every count uses."""

from __future__ import annotations

import pickle
import re
import weakref
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from types import MappingProxyType

import numpy as np

from mediakit.arabic import normalize as _normalize
from mediakit.arabic import stem as _stem
from mediakit.arabic import stopwords as _stopwords
from mediakit.arabic import strip_clitics
from mediakit.arabic.lexicon import protected_words, with_endings
from mediakit.arabic.normalize import PROFILES
from mediakit.arabic.stopwords import STOPWORD_SETS
from mediakit.arabic.tokenize import DROPPED, RAW_WITH_DECIMALS, WORD_RUN, split_raw, word_runs

__all__ = ["BREAK", "STOP", "TERM", "Analyzer", "written_form"]

#: Unit kinds of :meth:`Analyzer.units`.
TERM, STOP, BREAK = 0, 1, 2

# Punctuation that ends a sentence or clause: no n-gram spans it (a dropped URL counts too).
CLAUSE_BREAKS = re.compile(r"[.!?؟،,؛;:…«»\"“”()\[\]{}<>|/\\\u2013\u2014\u06d4\x00-]")


def written_form(word: str) -> str:
    """A word as a label shows it: display-normalised (invisible characters and tatweel gone),
    without diacritics, letters and hamza as written.

    Examples
    --------
    >>> written_form("الأُوروبيّ")
    'الأوروبي'
    """
    return "".join(
        ch for ch in _normalize(word, profile="display") if not ("\u064b" <= ch <= "\u065f" or ch == "\u0670")
    )


class Analyzer:
    """Turn text into normalised terms: tokenise, normalise, drop stopwords, strip clitics, stem.

    Work is done per word *type*, not per token: a corpus is first counted as whitespace-delimited
    chunks (``str.split``, the fastest pass over text Python has), and each distinct chunk is
    tokenised and analysed once. The same analyzer gives the same terms whether it
    is called text by text or on a whole corpus with :meth:`count`.

    Clitic stripping decides with a vocabulary (see :func:`mediakit.arabic.strip_clitics`):
    the normalised word counts of a corpus. :meth:`fit` learns it; :meth:`count` learns it from
    the texts it counts when the analyzer has none yet, so that a corpus is analysed with its
    own vocabulary. Without one, only chains holding the article are removed.

    Parameters
    ----------
    normalize : {"search", "aggressive", "display"}, default "search"
        The normalisation profile (:func:`mediakit.arabic.normalize`).
    clitics : bool, default True
        Remove proclitic chains (و ف ب ك ل ال ...).
    stopwords : iterable of {"core", "news"}, default ("core",)
        Shipped stopword sets to drop; ``()`` keeps every word.
    extra_stopwords : iterable of str, default ()
        Your own stopwords (normalised, proclitic forms added).
    stem : {None, "light", "root"}, default None
        Stem terms after clitic removal (:func:`mediakit.arabic.stem`).
    min_length : int, default 2
        Drop terms shorter than this many characters.
    numbers : bool, default False
        Keep numbers (as ASCII digits).
    latin : bool, default True
        Keep words in non-Arabic scripts (lower-cased).
    vocabulary : mapping of str to int, optional
        Normalised word counts to decide clitic stripping with (instead of learning them).
    keep_whole : iterable of str, default ()
        Your own words that clitic stripping must never cut (names of your catalog, say), on top
        of the dictionary words and the default catalog's names it always keeps whole
        (:mod:`mediakit.arabic.lexicon`).

    Examples
    --------
    >>> analyzer = Analyzer()
    >>> analyzer("وقال وزير الخارجية إنّ الاجتماع بحث الأوضاع في العراق وللعراق")
    ['وقال', 'وزير', 'خارجية', 'اجتماع', 'بحث', 'اوضاع', 'عراق', 'عراق']
    >>> counts = analyzer.count(["قال الوزير", "وقال الوزير إن الوزير"])
    >>> counts.most_common(2)
    [('وزير', 3), ('قال', 2)]
    """

    def __init__(
        self,
        *,
        normalize: str = "search",
        clitics: bool = True,
        stopwords: Iterable[str] = ("core",),
        extra_stopwords: Iterable[str] = (),
        stem: str | None = None,
        min_length: int = 2,
        numbers: bool = False,
        latin: bool = True,
        vocabulary: Mapping[str, int] | None = None,
        keep_whole: Iterable[str] = (),
    ) -> None:
        if normalize not in PROFILES:
            raise ValueError(f"normalize must be one of {', '.join(PROFILES)}, not {normalize!r}")
        sets = (stopwords,) if isinstance(stopwords, str) else tuple(stopwords)
        unknown = [s for s in sets if s not in STOPWORD_SETS]
        if unknown:
            raise ValueError(
                f"unknown stopword sets {unknown}; shipped sets are {', '.join(STOPWORD_SETS)} "
                "(give your own words as extra_stopwords=)"
            )
        if stem not in (None, "light", "root"):
            raise ValueError(f"stem must be None, 'light' or 'root', not {stem!r}")
        if min_length < 1:
            raise ValueError(f"min_length must be at least 1, not {min_length!r}")
        self.normalize = normalize
        self.clitics = clitics
        self.stopwords = sets
        self.extra_stopwords = tuple(extra_stopwords)
        self.stem = stem
        self.min_length = min_length
        self.numbers = numbers
        self.latin = latin
        self.vocabulary = Counter(vocabulary) if vocabulary is not None else None
        self._stop = _stopwords(sets=sets, extra=self.extra_stopwords) if sets or self.extra_stopwords else frozenset()
        self._function_words = _stopwords(sets=("core",))
        self.keep_whole = tuple(keep_whole)
        self._protected = self._protected_words()
        self._token_counts: Counter | None = None
        self._labels: dict[str, str] | None = None
        self._phrases: dict[str, str] = {}
        self._clear()

    # -- configuration ---------------------------------------------------------------------

    def __repr__(self) -> str:
        fitted = f", vocabulary={len(self.vocabulary):,} words" if self.vocabulary is not None else ""
        return (
            f"Analyzer(normalize={self.normalize!r}, clitics={self.clitics}, stopwords={self.stopwords}, "
            f"stem={self.stem!r}, min_length={self.min_length}, numbers={self.numbers}, latin={self.latin}{fitted})"
        )

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        for cache in ("_cache", "_run_cache", "_term_cache", "_norm_cache", "_units_cache"):
            state[cache] = {}  # rebuilt on demand; keeps pickles small for worker processes
        state["_token_counts"] = None
        state["_labels"] = None
        state.pop("_units", None)  # a weak reference: not picklable, and the stream stays behind
        state.pop("_protected", None)  # rebuilt from the shipped data and keep_whole
        return state

    def __setstate__(self, state: dict) -> None:
        # analyzers saved by earlier versions lack the newer attributes
        state.setdefault("_phrases", {})
        state.setdefault("keep_whole", ())
        self.__dict__.update(state)
        self._protected = self._protected_words()

    def _protected_words(self) -> frozenset[str]:
        """The words clitic stripping keeps whole (the shipped set is shared, not copied)."""
        if not self.clitics:
            return frozenset()
        if not self.keep_whole:
            return protected_words()
        return protected_words() | with_endings(_normalize(w) for w in self.keep_whole)

    def save(self, path: str | PathLike) -> Path:
        """Write the analyzer, with its vocabulary and the written forms of its terms, to a file.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> a = Analyzer().fit(["صندوق النقد الدولي"])
        >>> path = a.save(pathlib.Path(tempfile.mkdtemp()) / "analyzer.pkl")
        >>> Analyzer.load(path).label("نقد دولي")
        'النقد الدولي'
        """
        labels = self._labels if self._labels is not None else self._make_labels()
        path = Path(path)
        with open(path, "wb") as fh:
            pickle.dump({"analyzer": self, "labels": labels}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    @classmethod
    def load(cls, path: str | PathLike) -> Analyzer:
        """Read an analyzer written by :meth:`save` (a file you trust: it is a pickle)."""
        with open(path, "rb") as fh:
            saved = pickle.load(fh)
        if not isinstance(saved, dict) or not isinstance(saved.get("analyzer"), cls):
            raise ValueError(f"{path}: not an analyzer written by Analyzer.save")
        analyzer = saved["analyzer"]
        analyzer._labels = saved["labels"]
        return analyzer

    # -- the work --------------------------------------------------------------------------

    def _unit(self, kind: str, token: str) -> tuple[str, int]:
        """What one token becomes: ``(text, TERM)``, ``(text, STOP)`` for a dropped word that may
        sit inside an n-gram, or ``("", BREAK)`` for something no n-gram spans (cached)."""
        key = (kind, token)
        cached = self._term_cache.get(key)
        if cached is not None:
            return cached
        if kind == "arabic":
            unit = self._arabic_unit(token)
        elif kind == "number":
            unit = (_normalize(token), TERM) if self.numbers else ("", BREAK)
        elif not self.latin:
            unit = ("", BREAK)
        else:
            unit = (token, TERM) if len(token) >= self.min_length and token not in self._stop else (token, STOP)
        self._term_cache[key] = unit
        return unit

    def _arabic_unit(self, token: str) -> tuple[str, int]:
        """:meth:`_unit` of an Arabic token, not cached."""
        term = self._norm_cache.get(token)
        if term is None:
            term = _normalize(token, profile=self.normalize)
        if not term:
            return ("", BREAK)
        stop = self._stop
        if term in stop:
            return (term, STOP)
        if self.clitics:
            term = strip_clitics(
                term, vocabulary=self.vocabulary, function_words=self._function_words, protected=self._protected
            )
            if term in stop:
                return (term, STOP)
        if self.stem is not None:
            term = _stem(term, method=self.stem)
        return (term, TERM) if len(term) >= self.min_length else (term, STOP)

    def _run_terms(self, raw: str) -> tuple[str, ...]:
        """Terms of one raw word run (cached per distinct run)."""
        cached = self._run_cache.get(raw)
        if cached is not None:
            return cached
        parts = split_raw(raw)
        if len(parts) == 1:  # the common case: one word
            text, flag = self._unit(*parts[0])
            result = (text,) if flag == TERM else ()
        else:
            unit = self._unit
            result = tuple(text for kind, token in parts for text, flag in (unit(kind, token),) if flag == TERM)
        self._run_cache[raw] = result
        return result

    def units(self, text: str) -> list[tuple[str, int]]:
        """The text as a sequence of units for n-grams: ``(term, TERM)``, ``(word, STOP)`` and
        ``("", BREAK)`` where sentence or clause punctuation (. ، ؛ ؟ : « » ...) stands.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of (str, int)

        Examples
        --------
        >>> a = Analyzer()
        >>> [t for t, f in a.units("حلف شمال الأطلسي، في العراق") if f == TERM]
        ['حلف', 'شمال', 'اطلسي', 'عراق']
        >>> [f for t, f in a.units("حلف شمال الأطلسي، في العراق")] == [TERM, TERM, TERM, BREAK, STOP, TERM]
        True
        """
        out: list[tuple[str, int]] = []
        for chunk in text.split():
            out.extend(self._chunk_units(chunk))
        return out

    def _chunk_units(self, chunk: str) -> tuple[tuple[str, int], ...]:
        cached = self._units_cache.get(chunk)
        if cached is not None:
            return cached
        out: list[tuple[str, int]] = []
        cleaned = DROPPED.sub(" \x00 ", chunk) if ("://" in chunk or "www." in chunk or "@" in chunk) else chunk
        pos = 0
        for match in (RAW_WITH_DECIMALS if self.numbers else WORD_RUN).finditer(cleaned):
            if CLAUSE_BREAKS.search(cleaned, pos, match.start()):
                out.append(("", BREAK))
            for kind, token in split_raw(match.group()):
                out.append(self._unit(kind, token))
            pos = match.end()
        if CLAUSE_BREAKS.search(cleaned, pos):
            out.append(("", BREAK))
        result = self._units_cache[chunk] = tuple(out)
        return result

    def _terms(self, chunk: str) -> tuple[str, ...]:
        """Terms of one whitespace-delimited chunk of text (cached per distinct chunk)."""
        cached = self._cache.get(chunk)
        if cached is not None:
            return cached
        runs = word_runs(chunk, self.numbers)
        if len(runs) == 1:
            result = self._run_terms(runs[0])
        else:
            result = tuple(term for raw in runs for term in self._run_terms(raw))
        self._cache[chunk] = result
        return result

    def __call__(self, text: str) -> list[str]:
        """Terms of one text, in order.

        Parameters
        ----------
        text : str

        Returns
        -------
        list of str
        """
        terms = self._terms
        return [term for chunk in text.split() for term in terms(chunk)]

    def _chunk_counts(self, texts: Iterable[str]) -> Counter:
        """Counts of whitespace-delimited chunks: the one pass over the whole text."""
        chunks: Counter = Counter()
        for text in texts:
            if isinstance(text, str):
                chunks.update(text.split())
        return chunks

    def _learn(self, chunk_counts: Mapping[str, int]) -> Counter:
        """Learn the vocabulary from chunk counts; return the counts of raw word runs."""
        self._clear()
        self._labels = None
        run_counts: Counter = Counter()
        decimals = self.numbers
        for chunk, n in chunk_counts.items():
            for raw in word_runs(chunk, decimals):
                run_counts[raw] += n
        # Count the distinct written words, then normalise each once.
        token_counts: Counter = Counter()
        for raw, n in run_counts.items():
            for kind, token in split_raw(raw):
                if kind == "arabic":
                    token_counts[token] += n
        self.fit_counts(token_counts)
        return run_counts

    def label(self, term: str) -> str:
        """A term (or n-gram) as readers write it.

        Terms are normalised and stripped (``اوروبي``, ``نقد دولي``); labels are for tables and
        plots (``الأوروبي``, ``النقد الدولي``). An n-gram's label is its most frequent written
        sequence where the counts that made it have taught it (:meth:`add_labels`: المدينة
        المنورة, not مدينة المنورة), else each word's label. A word's label is its most frequent
        written form without proclitics other than the article, learned with the vocabulary;
        without one, or for a word never seen, the term itself.

        Parameters
        ----------
        term : str

        Returns
        -------
        str

        Examples
        --------
        >>> a = Analyzer().fit(["صندوق النقد الدولي", "الصندوق وصندوق النقد الدولي"])
        >>> a.label("صندوق نقد دولي")
        'صندوق النقد الدولي'
        """
        if " " in term:
            written = self._phrases.get(term)
            if written is not None:
                return written
        labels = self._labels
        if labels is None:
            labels = self._labels = self._make_labels()
        return " ".join(labels.get(word, word) for word in term.split(" "))

    @property
    def written_phrases(self) -> Mapping[str, str]:
        """The n-gram labels taught with :meth:`add_labels` (read only)."""
        return MappingProxyType(self._phrases)

    def remember_units(self, units: object) -> None:
        """Keep a weak reference to the unit stream (:class:`mediakit.counts.UnitStream`) these
        terms were counted from, so that :meth:`learn_labels` can read how n-grams are written
        while the stream lives."""
        self._units = weakref.ref(units)

    def learn_labels(self, terms: Iterable[str], units: object | None = None, *, limit: int = 2000) -> None:
        """Learn the written form of these n-grams (the first ``limit`` not known yet) from a unit
        stream: the one given, else the one last counted with (:meth:`remember_units`). Single
        words and n-grams never seen keep their word-by-word label.

        Examples
        --------
        >>> from mediakit.counts import unit_stream
        >>> a = Analyzer()
        >>> stream = unit_stream(["زار المدينة المنورة، ثم المدينة المنورة"], a, fit=True)
        >>> a.learn_labels(["مدينة منورة"])
        >>> a.label("مدينة منورة")
        'المدينة المنورة'
        """
        if units is None:
            ref = getattr(self, "_units", None)
            units = ref() if ref is not None else None
        if units is None:
            return
        known = self._phrases
        wanted = []
        for term in terms:
            if isinstance(term, str) and " " in term and term not in known:
                wanted.append(term)
                if len(wanted) >= limit:
                    break
        if wanted:
            self.add_labels(units.written(list(dict.fromkeys(wanted))))

    def add_labels(self, written: Mapping[str, str]) -> None:
        """Teach :meth:`label` how n-grams are written (``{"مدينة منورة": "المدينة المنورة"}``):
        counts with units do it for the n-grams of the tables they make
        (:meth:`mediakit.counts.UnitStream.written`).

        Examples
        --------
        >>> a = Analyzer()
        >>> a.add_labels({"مدينة منورة": "المدينة المنورة"})
        >>> a.label("مدينة منورة")
        'المدينة المنورة'
        """
        self._phrases.update(written)

    def _make_labels(self) -> dict[str, str]:
        """Each term's label: its most frequent written form among those with no proclitic but
        the article (قال, not وقال; العراق, not بالعراق), else its most frequent form."""
        forms: dict[str, Counter] = {}
        bare: dict[str, Counter] = {}
        for token, n in (getattr(self, "_token_counts", None) or {}).items():
            term, flag = self._unit("arabic", token)
            if flag != BREAK:
                written = written_form(token)
                forms.setdefault(term, Counter())[written] += n
                plain = _normalize(token, profile=self.normalize)
                if plain == term or plain == "ال" + term:
                    bare.setdefault(term, Counter())[written] += n
        return {term: (bare.get(term) or counts).most_common(1)[0][0] for term, counts in forms.items()}

    def _clear(self) -> None:
        self._cache: dict[str, tuple[str, ...]] = {}
        self._run_cache: dict[str, tuple[str, ...]] = {}
        self._term_cache: dict[tuple[str, str], tuple[str, int]] = {}
        self._norm_cache: dict[str, str] = {}
        self._units_cache: dict[str, tuple[tuple[str, int], ...]] = {}

    def word_counts(self, texts: Iterable[str]) -> Counter:
        """Counts of the Arabic words of ``texts`` as written: what :meth:`fit_counts` learns from.

        Counts of separate parts of a corpus add up (``+``) to the counts of the whole, so a
        vocabulary can be learned part by part, on several machines (see ``mediakit.scale``).

        Examples
        --------
        >>> Analyzer().word_counts(["وقال الوزير", "قال"])
        Counter({'وقال': 1, 'الوزير': 1, 'قال': 1})
        """
        counts: Counter = Counter()
        decimals = self.numbers
        for chunk, n in self._chunk_counts(texts).items():
            for raw in word_runs(chunk, decimals):
                for kind, token in split_raw(raw):
                    if kind == "arabic":
                        counts[token] += n
        return counts

    def fit_counts(self, word_counts: Mapping[str, int]) -> Analyzer:
        """Learn the vocabulary from :meth:`word_counts`; the same as :meth:`fit` on the texts.

        Examples
        --------
        >>> texts = ["وقال الوزير", "قال", "قال"]
        >>> a = Analyzer().fit_counts(Analyzer().word_counts(texts[:1]) + Analyzer().word_counts(texts[1:]))
        >>> a.vocabulary == Analyzer().fit(texts).vocabulary, a("وقال")
        (True, ['قال'])
        """
        self._clear()
        self._labels = None
        vocabulary: Counter = Counter()
        profile = self.normalize
        norm_cache = self._norm_cache
        for token, n in word_counts.items():
            norm = norm_cache[token] = _normalize(token, profile=profile)
            vocabulary[norm] += n
        self._token_counts = word_counts if isinstance(word_counts, Counter) else Counter(word_counts)
        self.vocabulary = vocabulary
        return self

    def fit_chunks(self, chunk_counts: Mapping[str, int]) -> Analyzer:
        """Learn the vocabulary from counts of whitespace-delimited chunks (``text.split()``);
        the same as :meth:`fit` on the texts, for a caller that has counted the chunks already.

        Examples
        --------
        >>> from collections import Counter
        >>> texts = ["وقال الوزير", "قال", "قال"]
        >>> chunks = Counter(c for t in texts for c in t.split())
        >>> Analyzer().fit_chunks(chunks).vocabulary == Analyzer().fit(texts).vocabulary
        True
        """
        self._learn(chunk_counts)
        return self

    def index_chunks(
        self, chunks: Sequence[str], counts: Sequence[int] | None = None, *, fit: bool = False
    ) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The terms of many distinct chunks at once, as a chunk × term table; with ``fit``, the
        vocabulary is learned first from the same chunks and their ``counts``.

        The same as :meth:`fit_chunks` followed by :meth:`chunk_terms` on each chunk, with each
        chunk split only once and nothing cached per chunk: for a caller that has counted the
        distinct chunks of a corpus (:func:`mediakit.count_terms`).

        Parameters
        ----------
        chunks : sequence of str
            Distinct whitespace-delimited chunks.
        counts : sequence of int, optional
            How often each chunk occurs (needed with ``fit``).
        fit : bool, default False

        Returns
        -------
        terms : list of str
            The distinct terms, in order of first appearance.
        indices, indptr : numpy.ndarray
            Chunk i's terms are ``terms[j] for j in indices[indptr[i]:indptr[i + 1]]`` (CSR).

        Examples
        --------
        >>> a = Analyzer()
        >>> terms, indices, indptr = a.index_chunks(["وقال", "العراق،", "قال"], [1, 1, 5], fit=True)
        >>> [[terms[j] for j in indices[indptr[i] : indptr[i + 1]]] for i in range(3)]
        [['قال'], ['عراق'], ['قال']]
        """
        decimals = self.numbers
        split_chunk = word_runs.__wrapped__  # each chunk comes once: no point in caching

        def plain(chunk: str) -> bool:  # Arabic letters only: the chunk is the token
            return chunk.isalpha() and chunk[0] != "\u0640" and min(chunk) >= "\u0621" and max(chunk) <= "\u064a"

        def parts_of(chunk: str) -> tuple[tuple[str, str], ...]:
            runs = split_chunk(chunk, decimals)
            if len(runs) == 1:
                return split_raw(runs[0])
            return tuple(part for raw in runs for part in split_raw(raw))

        complex_parts: dict[int, tuple[tuple[str, str], ...]] = {}
        if fit:
            if counts is None:
                raise ValueError("fitting needs the count of each chunk")
            token_counts: Counter = Counter()
            get = token_counts.get
            for i, (chunk, n) in enumerate(zip(chunks, counts, strict=True)):
                if plain(chunk):
                    token_counts[chunk] = get(chunk, 0) + n
                    continue
                parts = complex_parts[i] = parts_of(chunk)
                for kind, token in parts:
                    if kind == "arabic":
                        token_counts[token] = get(token, 0) + n
            self.fit_counts(token_counts)
        ids: dict[str, int] = {}
        of_token: dict[str, int] = {}  # Arabic token -> term id, or -1 for none: each analysed once
        indices = array("i")
        indptr = array("i", [0])
        add, mark = indices.append, indptr.append
        arabic, unit = self._arabic_unit, self._unit

        def term_id(text: str, flag: int) -> int:
            if flag != TERM:
                return -1
            j = ids.get(text)
            if j is None:
                j = ids[text] = len(ids)
            return j

        for i, chunk in enumerate(chunks):
            # fitting has sorted the chunks already: those it split are the ones not plain
            parts = complex_parts.pop(i, None) if fit else (None if plain(chunk) else parts_of(chunk))
            if parts is None:
                j = of_token.get(chunk)
                if j is None:
                    j = of_token[chunk] = term_id(*arabic(chunk))
                if j >= 0:
                    add(j)
            else:
                for kind, token in parts:
                    if kind == "arabic":
                        j = of_token.get(token)
                        if j is None:
                            j = of_token[token] = term_id(*arabic(token))
                    else:
                        j = term_id(*unit(kind, token))
                    if j >= 0:
                        add(j)
            mark(len(indices))
        return (
            list(ids),
            np.frombuffer(indices, dtype=np.int32) if len(indices) else np.zeros(0, dtype=np.int32),
            np.frombuffer(indptr, dtype=np.int32),
        )

    def chunk_units(self, chunk: str) -> tuple[tuple[str, int], ...]:
        """The units (see :meth:`units`) of one whitespace-delimited chunk (cached per distinct chunk).

        Examples
        --------
        >>> [f for _, f in Analyzer().chunk_units("العراق،")] == [TERM, BREAK]
        True
        """
        return self._chunk_units(chunk)

    def chunk_terms(self, chunk: str, *, cache: bool = True) -> tuple[str, ...]:
        """The terms of one whitespace-delimited chunk of text.

        ``cache=False`` does not keep the chunk's terms (its words are still cached): for a
        caller that asks once per distinct chunk, such as :func:`mediakit.count_terms`.

        Examples
        --------
        >>> Analyzer().chunk_terms("وللعراق،")
        ('عراق',)
        """
        if cache:
            return self._terms(chunk)
        cached = self._cache.get(chunk)
        if cached is not None:
            return cached
        runs = word_runs(chunk, self.numbers)
        if len(runs) == 1:
            return self._run_terms(runs[0])
        return tuple(term for raw in runs for term in self._run_terms(raw))

    def fit(self, texts: Iterable[str]) -> Analyzer:
        """Learn the vocabulary that clitic stripping decides with; return the analyzer itself.

        Parameters
        ----------
        texts : iterable of str

        Returns
        -------
        Analyzer

        Examples
        --------
        >>> Analyzer().fit(["وقال الوزير", "قال", "قال"])("وقال")
        ['قال']
        """
        self._learn(self._chunk_counts(texts))
        return self

    def count(self, texts: Iterable[str]) -> Counter:
        """Count the terms of many texts.

        Whitespace-delimited chunks are counted first; each distinct chunk is then split and
        analysed once (and each distinct word within them normalised once). When the
        analyzer strips clitics and has no vocabulary yet, it learns one from these texts.

        Parameters
        ----------
        texts : iterable of str
            Non-string items (missing texts) are skipped.

        Returns
        -------
        collections.Counter
            Term counts.
        """
        chunk_counts = self._chunk_counts(texts)
        out: Counter = Counter()
        if self.clitics and self.vocabulary is None:
            # learning splits every distinct chunk into word runs: count terms from those
            run_terms = self._run_terms
            for raw, n in self._learn(chunk_counts).items():
                for term in run_terms(raw):
                    out[term] += n
            return out
        terms = self._terms
        for chunk, n in chunk_counts.items():
            for term in terms(chunk):
                out[term] += n
        return out
