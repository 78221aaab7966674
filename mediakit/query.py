"""Attention queries: which articles talk about something, and how much attention it got over time.

A small boolean query language in the spirit of Media Cloud's:

- a word (``العراق``) matches the articles holding it as the :class:`mediakit.Analyzer` sees
  it: through clitics and spellings, so بالعراق، والعراق، العِراق and العـراق all match;
- a quoted phrase (``"وزير الخارجية"``, also ``«…»`` or ``“…”``) matches its words in a row;
- a prefix wildcard (``مفاوض*``) matches every term starting so (مفاوضات، مفاوضين، والمفاوضون);
- ``AND``, ``OR``, ``NOT`` (upper case; in lower case they are ordinary words) and parentheses.
  ``NOT`` binds tightest, then ``AND``, then ``OR``: ``ترامب OR كيم NOT قمة`` reads
  ``ترامب OR (كيم AND NOT قمة)``. Words side by side are joined by ``AND`` (``ترامب كيم`` is
  ``ترامب AND كيم``); to find them in a row, quote them.

A query that cannot be read raises :class:`QueryError`, naming the character where it goes
wrong. :func:`matches` gives the articles a query selects, :func:`attention` the share of
articles per period (and outlet), :func:`to_fts5` the same query as an SQLite FTS5 expression;
:func:`mediakit.kwic` highlights what a query matched, and a :class:`Query` is a keyness target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mediakit._schema import check_articles, texts_of
from mediakit.analyzer import BREAK, TERM, Analyzer
from mediakit.arabic.tokenize import WORD_RUN
from mediakit.corpus import period_start
from mediakit.counts import DocumentTerms, count_terms, group_keys
from mediakit.store import index_form

__all__ = [
    "And",
    "Not",
    "Or",
    "Query",
    "QueryError",
    "Term",
    "attention",
    "looks_like_query",
    "matches",
    "to_fts5",
]

#: Opening quote -> its closing quote.
QUOTES = {'"': '"', "«": "»", "“": "”"}
OPERATORS = ("AND", "OR", "NOT")
#: Least number of letters before a wildcard.
MIN_PREFIX = 2


class QueryError(ValueError):
    """A query that cannot be read.

    Attributes
    ----------
    query : str
        The query as given.
    position : int
        Where it goes wrong (0-based; the message counts from 1).
    """

    def __init__(self, message: str, query: str, position: int) -> None:
        self.query = query
        self.position = position
        super().__init__(f"{message} at character {position + 1} of {query!r}")


# ---------------------------------------------------------------------------------------------
# The parsed query


@dataclass(frozen=True)
class Term:
    """One thing to look for: a ``"word"``, a ``"phrase"`` (quoted) or a ``"prefix"`` (``word*``).

    ``text`` is as written (without quotes or ``*``); ``position`` where it starts in the query.
    """

    text: str
    kind: str
    position: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f'"{self.text}"' if self.kind == "phrase" else f"{self.text}*" if self.kind == "prefix" else self.text


@dataclass(frozen=True)
class And:
    """Every part matches."""

    parts: tuple


@dataclass(frozen=True)
class Or:
    """Any part matches."""

    parts: tuple


@dataclass(frozen=True)
class Not:
    """The part does not match."""

    part: object


def _show(node: object, inside: bool = False) -> str:
    """The canonical text of a node: every operator written, compound parts in parentheses."""
    if isinstance(node, Term):
        return str(node)
    if isinstance(node, Not):
        return f"NOT {_show(node.part, True)}"
    word = " AND " if isinstance(node, And) else " OR "
    text = word.join(_show(p, True) for p in node.parts)
    return f"({text})" if inside else text


@dataclass(frozen=True)
class _Token:
    kind: str  # "term", "(", ")", "AND", "OR", "NOT"
    position: int
    term: Term | None = None


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch, i))
            i += 1
        elif ch in QUOTES:
            end = query.find(QUOTES[ch], i + 1)
            if end < 0:
                raise QueryError(f"unclosed quote {ch}", query, i)
            text = " ".join(query[i + 1 : end].split())
            if not text:
                raise QueryError("empty quotes", query, i)
            if "*" in text:
                raise QueryError("a wildcard stands at the end of a single word, not inside quotes", query, i)
            out.append(_Token("term", i, Term(text, "phrase", i)))
            i = end + 1
        elif ch in QUOTES.values():
            raise QueryError(f"closing quote {ch} without an opening one", query, i)
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in "()" and query[i] not in QUOTES:
                i += 1
            word = query[start:i]
            if word in OPERATORS:
                out.append(_Token(word, start))
                continue
            star = word.find("*")
            if 0 <= star < len(word) - 1 or word == "*":
                raise QueryError("a wildcard stands at the end of a word, after its first letters", query, start + star)
            if star >= 0:
                out.append(_Token("term", start, Term(word[:-1], "prefix", start)))
            else:
                out.append(_Token("term", start, Term(word, "word", start)))
    return out


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, message: str, position: int | None = None) -> QueryError:
        return QueryError(message, self.query, len(self.query) if position is None else position)

    def operand(self, operator: _Token) -> None:
        """An operator must be followed by something to match."""
        nxt = self.peek()
        if nxt is None or nxt.kind in (")", "AND", "OR"):
            raise self.fail(f"{operator.kind} needs a word, phrase or group after it", operator.position)

    def parse(self) -> object:
        if not self.tokens:
            raise self.fail("the query is empty", 0)
        node = self.any_of()
        token = self.peek()
        if token is not None:  # only a ")" stops any_of early
            raise self.fail("unbalanced parenthesis: ')' closes nothing", token.position)
        return node

    def any_of(self) -> object:
        parts = [self.all_of()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            self.operand(token)
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else Or(tuple(_flat(parts, Or)))

    def all_of(self) -> object:
        parts = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
                self.operand(token)
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(_flat(parts, And)))

    def unary(self) -> object:
        token = self.peek()
        if token is not None and token.kind == "NOT":
            self.take()
            self.operand(token)
            inner = self.unary()
            return inner.part if isinstance(inner, Not) else Not(inner)
        return self.atom()

    def atom(self) -> object:
        token = self.peek()
        if token is None:
            raise self.fail("the query ends where a word, phrase or group was expected")
        if token.kind in ("AND", "OR"):
            raise self.fail(f"{token.kind} needs a word, phrase or group before it", token.position)
        if token.kind == ")":
            raise self.fail("unbalanced parenthesis: ')' closes nothing", token.position)
        self.take()
        if token.kind == "term":
            return token.term
        # "(": a group
        if (nxt := self.peek()) is not None and nxt.kind == ")":
            raise self.fail("empty parentheses", token.position)
        if nxt is None:
            raise self.fail("unbalanced parenthesis: '(' is never closed", token.position)
        node = self.any_of()
        close = self.peek()
        if close is None or close.kind != ")":
            raise self.fail("unbalanced parenthesis: '(' is never closed", token.position)
        self.take()
        return node


def _flat(parts: list, kind: type) -> list:
    out = []
    for p in parts:
        out.extend(p.parts if isinstance(p, kind) else [p])
    return out


def looks_like_query(text: str) -> bool:
    """True when a pattern uses query syntax (quotes, parentheses, ``*``, ``AND``/``OR``/``NOT``).

    :func:`mediakit.kwic` reads such a pattern as a :class:`Query`; words alone stay a phrase
    there, as before.

    Examples
    --------
    >>> looks_like_query("حلف شمال الأطلسي"), looks_like_query("ترامب OR كيم"), looks_like_query("مفاوض*")
    (False, True, True)
    """
    return any(ch in text for ch in '()*"«»“”') or any(w in OPERATORS for w in text.split())


class Query:
    """A parsed attention query (see the module documentation for the language).

    Parameters
    ----------
    text : str or Query
        The query as written.

    Attributes
    ----------
    text : str
        The query as written.
    tree : Term, And, Or or Not
        The parsed query.

    Raises
    ------
    QueryError
        A query that cannot be read, with the character where it goes wrong.

    Examples
    --------
    >>> Query('ترامب كيم OR "كوريا الشمالية" NOT مفاوض*')
    <Query: (ترامب AND كيم) OR ("كوريا الشمالية" AND NOT مفاوض*)>
    >>> Query("(ترامب OR كيم")
    Traceback (most recent call last):
    ...
    mediakit.query.QueryError: unbalanced parenthesis: '(' is never closed at character 1 of '(ترامب OR كيم'
    """

    def __init__(self, text: str | Query) -> None:
        if isinstance(text, Query):
            self.text, self.tree = text.text, text.tree
            return
        if not isinstance(text, str):
            raise TypeError(f"a query is a string, not {type(text).__name__}")
        self.text = text
        self.tree = _Parser(text).parse()

    @classmethod
    def phrase(cls, text: str) -> Query:
        """A query for one phrase, taken literally (no operators, quotes or wildcards read)."""
        query = cls.__new__(cls)
        query.text = text
        query.tree = Term(" ".join(text.split()), "phrase", 0)
        return query

    def __str__(self) -> str:
        return _show(self.tree)

    def __repr__(self) -> str:
        return f"<Query: {self}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Query) and self.tree == other.tree

    def __hash__(self) -> int:
        return hash(self.tree)

    def terms(self, *, positive: bool = True) -> list[Term]:
        """The terms of the query, in order; with ``positive`` only those not under a ``NOT``
        (what a match shows)."""
        out: list[Term] = []

        def walk(node: object, negated: bool) -> None:
            if isinstance(node, Term):
                if not (positive and negated):
                    out.append(node)
            elif isinstance(node, Not):
                walk(node.part, not negated)
            else:
                for p in node.parts:
                    walk(p, negated)

        walk(self.tree, False)
        return out

    def locate(self, text: str, analyzer: Analyzer) -> list[tuple[int, int]]:
        """Where the query's terms (those not under ``NOT``) occur in a text, as the analyzer sees it.

        Parameters
        ----------
        text : str
        analyzer : Analyzer

        Returns
        -------
        list of (int, int)
            First and last word of each occurrence, counted in the text's word runs
            (``mediakit.arabic.tokenize.WORD_RUN``), in text order.

        Examples
        --------
        >>> Query("العراق OR الأمم*").locate("قالت الأمم المتحدة إن بالعراق مفاوضات", Analyzer())
        [(1, 1), (4, 4)]
        """
        targets = [_target(t, analyzer, self.text) for t in self.terms()]
        return _locate(text, targets, analyzer)


def as_query(query: str | Query) -> Query:
    """A :class:`Query` from a string (parsed) or a query."""
    return query if isinstance(query, Query) else Query(query)


# ---------------------------------------------------------------------------------------------
# Matching, as the analyzer sees the words


@dataclass(frozen=True)
class _Target:
    """A term as the analyzer reads it: ``words`` to find in a row (a stopword or a blocked slot
    included), ``terms`` those of them that are counted terms; ``prefix`` for a wildcard."""

    term: Term
    words: tuple[str, ...]
    terms: tuple[str, ...]
    prefix: str | None = None

    @property
    def single(self) -> bool:
        """One counted term: the document-term matrix answers it alone."""
        return self.prefix is None and len(self.words) == 1 and len(self.terms) == 1


def _target(term: Term, analyzer: Analyzer, query: str) -> _Target:
    units = [(t, f) for t, f in analyzer.units(term.text) if f != BREAK]
    if not units:
        raise QueryError(f"{str(term)!r} has no words the analyzer counts", query, term.position)
    if term.kind == "prefix":
        if len(units) != 1 or len(units[0][0]) < MIN_PREFIX:
            raise QueryError(
                f"a wildcard needs one word of at least {MIN_PREFIX} letters before it, not {str(term)!r}",
                query,
                term.position,
            )
        return _Target(term, (), (), prefix=units[0][0])
    return _Target(term, tuple(t for t, _ in units), tuple(t for t, f in units if f == TERM))


def _text_units(text: str, analyzer: Analyzer) -> tuple[list[str], list[bool], list[int]]:
    """Every unit of a text in order, ``""`` where a word the analyzer drops stands (a number,
    say), with whether it is a counted term and the word run it comes from."""
    words, is_term, runs = [], [], []
    for i, match in enumerate(WORD_RUN.finditer(text)):
        for t, f in analyzer.units(match.group()):
            words.append(t if f != BREAK else "")
            is_term.append(f == TERM)
            runs.append(i)
    return words, is_term, runs


def _locate(text: str, targets: Sequence[_Target], analyzer: Analyzer) -> list[tuple[int, int]]:
    if not text or not targets:
        return []
    words, is_term, runs = _text_units(text, analyzer)
    found = set()
    for target in targets:
        if target.prefix is not None:
            found.update((runs[j], runs[j]) for j, w in enumerate(words) if is_term[j] and w.startswith(target.prefix))
            continue
        wanted, n = list(target.words), len(target.words)
        first = wanted[0]
        for j in range(len(words) - n + 1):
            if words[j] == first and words[j : j + n] == wanted:
                found.add((runs[j], runs[j + n - 1]))
    return sorted(found)


class _Matcher:
    """Evaluates a query over counted documents (the rows of ``df`` in ``table``)."""

    def __init__(self, table: DocumentTerms, rows: np.ndarray | None, texts: Sequence[str], analyzer: Analyzer):
        matrix = table.matrix if rows is None else table.matrix[rows]
        self.columns = matrix.tocsc()
        self.table = table
        self.texts = texts
        self.analyzer = analyzer
        self.query = ""
        self.size = matrix.shape[0]

    def having(self, columns: Iterable[int]) -> np.ndarray:
        """Rows holding any of these columns."""
        out = np.zeros(self.size, dtype=bool)
        indptr, indices = self.columns.indptr, self.columns.indices
        for j in columns:
            out[indices[indptr[j] : indptr[j + 1]]] = True
        return out

    def column(self, term: str) -> list[int]:
        j = self.table.column(term)
        return [] if j is None else [j]

    def term(self, term: Term) -> np.ndarray:
        target = _target(term, self.analyzer, self.query)
        if target.prefix is not None:
            prefix = target.prefix
            return self.having(j for j, t in enumerate(self.table.terms.tolist()) if t.startswith(prefix))
        if target.single:
            return self.having(self.column(target.terms[0]))
        candidates = np.ones(self.size, dtype=bool)
        for t in target.terms:  # an article must hold every counted word before it is read
            candidates &= self.having(self.column(t))
        out = np.zeros(self.size, dtype=bool)
        for i in np.flatnonzero(candidates):
            out[i] = bool(_locate(self.texts[i], [target], self.analyzer))
        return out

    def evaluate(self, query: Query) -> np.ndarray:
        """Which rows match the query."""
        self.query = query.text
        return self.node(query.tree)

    def node(self, node: object) -> np.ndarray:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Not):
            return ~self.node(node.part)
        results = [self.node(p) for p in node.parts]
        return np.logical_and.reduce(results) if isinstance(node, And) else np.logical_or.reduce(results)


def _matcher(
    df: pd.DataFrame, queries: Iterable[Query], analyzer: Analyzer | None, counts: DocumentTerms | None
) -> _Matcher:
    """A matcher over ``df``'s articles; each query's terms are checked first, so a term with no
    word to look for fails before the texts are counted."""
    check_articles(df, ("text",))
    analyzer = counts.analyzer if counts is not None else analyzer if analyzer is not None else Analyzer()
    for query in queries:
        for term in query.terms(positive=False):
            _target(term, analyzer, query.text)
    texts = texts_of(df)
    if counts is not None:
        check_articles(df, ("id",))
        return _Matcher(counts, counts.rows(df["id"]), texts, analyzer)
    table = count_terms(texts, analyzer=analyzer)  # fits an analyzer without vocabulary, same pass
    return _Matcher(table, None, texts, analyzer)


def matches(
    df: pd.DataFrame,
    query: str | Query,
    *,
    analyzer: Analyzer | None = None,
    counts: DocumentTerms | None = None,
) -> pd.Series:
    """Which articles a query selects.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame (``text``; ``id`` with ``counts``). A missing text matches nothing
        (and every ``NOT``).
    query : str or Query
        See the module documentation.
    analyzer : Analyzer, optional
        How words are read; by default ``Analyzer()`` fitted on ``df``'s texts.
    counts : DocumentTerms, optional
        The corpus counted already (:func:`mediakit.count_terms`, ``mk.prepare(...).counts``)
        with ``df``'s ids among its documents: words are then looked up in it, and only the
        articles holding every word of a phrase are read. Its analyzer is used.

    Returns
    -------
    pandas.Series
        Booleans on ``df``'s index, named ``"matches"``: usable as ``df[mask]`` and as a
        :func:`mediakit.keyness` target.

    Raises
    ------
    QueryError
        A query that cannot be read, or a term with no word the analyzer counts.

    Examples
    --------
    >>> import mediakit as mk
    >>> df = mk.load_sample()
    >>> hit = matches(df, 'ناقلة OR "حلف شمال الأطلسي"')
    >>> int(hit.sum()) > 0, hit.dtype.name
    (True, 'bool')
    """
    query = as_query(query)
    matcher = _matcher(df, [query], analyzer, counts)
    return pd.Series(matcher.evaluate(query), index=df.index, name="matches")


def _named(query: str | Query | Sequence[str | Query] | Mapping[str, str | Query]) -> dict[str, Query]:
    """Queries by the name their rows carry (the text as written, or the mapping's key)."""
    if isinstance(query, (str, Query)):
        query = [query]
    if isinstance(query, Mapping):
        named = {str(name): as_query(q) for name, q in query.items()}
    else:
        named = {}
        for q in query:
            parsed = as_query(q)
            named[parsed.text] = parsed
    if not named:
        raise ValueError("no query given")
    return named


def attention(
    df: pd.DataFrame,
    query: str | Query | Sequence[str | Query] | Mapping[str, str | Query],
    *,
    freq: str = "W",
    by: str | Sequence[str] | None = None,
    analyzer: Analyzer | None = None,
    counts: DocumentTerms | None = None,
    tz: str = "UTC",
) -> pd.DataFrame:
    """How much attention a query got: the share of articles matching it, per period (and outlet).

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame (``text``, ``published``, the ``by`` columns; ``id`` with
        ``counts``). Articles without a date are left out.
    query : str, Query, list of them, or mapping of name to query
        One query, or several to compare (rows then carry each one's text, or its name in the
        mapping).
    freq : str, default "W"
        Calendar periods: "D", "W" (from Monday), "MS", "QS", "YS".
    by : str or list of str, optional
        Group columns, e.g. ``"source"``: shares are then per outlet.
    analyzer, counts
        As :func:`matches`.
    tz : str, default "UTC"
        The calendar's time zone (see :func:`mediakit.period_start`).

    Returns
    -------
    pandas.DataFrame
        ``[period, *by, query, articles, total, share]``: articles matching, all articles of the
        period (and group), and the share of them that match. Every period from the first to
        the last dated article appears for every query (and group); where the period (and
        group) has no articles, ``total`` is 0 and ``share`` is NaN (a gap in a plot, not a
        zero). No dated article: an empty table with these columns.

    Raises
    ------
    QueryError
        A query that cannot be read (before any text is counted).

    Examples
    --------
    >>> import mediakit as mk
    >>> a = attention(mk.load_sample(), "ناقلة OR ناقلات", freq="MS")
    >>> a.columns.tolist()
    ['period', 'query', 'articles', 'total', 'share']
    >>> len(a), bool((a["share"].dropna() <= 1).all())
    (14, True)
    """
    named = _named(query)  # a malformed query fails before any counting
    keys = group_keys(by)
    check_articles(df, ("text", "published", *keys))
    columns = ["period", *keys, "query", "articles", "total", "share"]
    dated = df[df["published"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    frame = dated[keys].assign(period=period_start(dated["published"], freq, tz=tz))
    matcher = _matcher(dated, named.values(), analyzer, counts)
    parts = [frame.assign(query=name, hit=matcher.evaluate(q)) for name, q in named.items()]
    joined = pd.concat(parts, ignore_index=True)
    counted = (
        joined.groupby(["period", *keys, "query"], observed=True, sort=False)["hit"]
        .agg(articles="sum", total="size")
        .reset_index()
    )
    first, last = dated["published"].min().tz_convert(tz), dated["published"].max().tz_convert(tz)
    periods = pd.DatetimeIndex(period_start(pd.Series(pd.date_range(first.floor("D"), last, freq="D")), freq, tz=tz))
    groups = [()] if not keys else list(dated[keys].drop_duplicates().sort_values(keys).itertuples(index=False))
    grid = pd.DataFrame(
        [(p, *g, name) for p in periods.unique() for g in groups for name in named],
        columns=["period", *keys, "query"],
    )
    out = grid.merge(counted, on=["period", *keys, "query"], how="left")
    out[["articles", "total"]] = out[["articles", "total"]].fillna(0).astype(np.int64)
    # a period (and group) without articles has no share: a gap, not a zero
    out["share"] = np.where(out["total"] > 0, out["articles"] / out["total"].where(out["total"] > 0, 1), np.nan)
    return out[columns]


# ---------------------------------------------------------------------------------------------
# SQLite FTS5


#: A word as :class:`mediakit.ArticleStore`'s search index holds it (the store's own rule).
store_form = index_form


def _fts_string(forms: Sequence[str]) -> str:
    """A quoted FTS5 string: everything inside is literal text; a quote is doubled."""
    return '"' + " ".join(f.replace('"', '""') for f in forms) + '"'


def to_fts5(query: str | Query, *, form: Callable[[str], list[str]] = store_form) -> str:
    """The query as an SQLite FTS5 ``MATCH`` expression, with no user text left unquoted.

    Every word and phrase becomes a double-quoted FTS5 string (a quote inside doubled), so
    ``NEAR``, ``title:``, ``^``, ``*`` or parentheses in a word are matched as text, never read
    as FTS5 syntax; a wildcard becomes an FTS5 prefix query (``"مفاوض"*``); ``AND``, ``OR`` and
    ``NOT`` keep their meaning, every group in parentheses.

    Parameters
    ----------
    query : str or Query
    form : callable, default :func:`store_form`
        A word as the FTS5 index holds it: a list of tokens (several make a phrase).

    Returns
    -------
    str

    Raises
    ------
    QueryError
        A query that cannot be read; a word with nothing to index (``^``); a ``NOT`` with
        nothing beside it to look for (FTS5 has no "every row but").

    Examples
    --------
    >>> to_fts5('بالعراق OR "وزير الخارجية" NOT مفاوض*')
    '"عراق" OR ("وزير خارجية" NOT "مفاوض"*)'
    >>> to_fts5('title:ترامب NEAR')
    '"title ترامب" AND "near"'
    """
    query = as_query(query)

    def term(node: Term) -> str:
        forms = [f for word in node.text.split() for f in form(word) if f]
        if not forms:
            raise QueryError(f"{str(node)!r} has no letters or digits to search for", query.text, node.position)
        return _fts_string(forms) + ("*" if node.kind == "prefix" else "")

    def first_position(node: object) -> int:
        while not isinstance(node, Term):
            node = node.part if isinstance(node, Not) else node.parts[0]
        return node.position

    def render(node: object, inside: bool) -> str:
        if isinstance(node, Term):
            return term(node)
        if isinstance(node, Not):
            raise QueryError(
                "FTS5 cannot look for what is missing alone: put NOT after a word to look for",
                query.text,
                first_position(node),
            )
        if isinstance(node, Or):
            text = " OR ".join(render(p, True) for p in node.parts)
        else:
            have = [render(p, True) for p in node.parts if not isinstance(p, Not)]
            if not have:
                return render(node.parts[0], inside)
            text = " AND ".join(have)
            lacking = [render(p.part, True) for p in node.parts if isinstance(p, Not)]
            if lacking:
                text = f"({text})" if len(have) > 1 else text
                text = " NOT ".join([text, *lacking])
        return f"({text})" if inside else text

    return render(query.tree, False)
