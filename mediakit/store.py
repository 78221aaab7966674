"""ArticleStore: a collected corpus on disk, in one SQLite file.

The store is an ordinary SQLite database in WAL mode, so a notebook can read it while a
collector writes to it. Articles are unique by canonical URL and by content (a hash of the
text after "search" normalisation and whitespace folding); a second copy of either is counted
as a duplicate and not stored. :meth:`ArticleStore.add` writes in batches, each one short
transaction (about half a second at most), so another writer never waits long for the lock: a crash
loses at most the batch in progress, never what an earlier batch or call stored. A write that
finds the lock taken is retried with backoff for ``timeout`` seconds, then is a
:class:`StoreError`; so are a full disk and a store in a folder that cannot be written.

Full-text search runs on SQLite FTS5 over a normalised shadow of each article: every word is
indexed in its "search" normalisation and also without its proclitics (``بالعراق`` is indexed
as ``بالعراق`` and ``عراق``, ``ولبنان`` as ``ولبنان`` and ``لبنان``), so a search for العراق
finds بالعراق and والعراق. The shadow is not stored as text (the FTS table is contentless).

Schema versions (``PRAGMA user_version``) and their forward migrations are listed in
``_MIGRATIONS``; opening an older file upgrades it in place, in one transaction.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import random
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from mediakit._schema import COLUMNS, canonical_url, stable_id, valid_url
from mediakit.arabic import normalize, parse_date, strip_clitics
from mediakit.arabic.tokenize import WORD_RUN, raw_tokens, split_raw, word_runs

__all__ = ["AddResult", "ArticleStore", "StoreError", "is_store"]

SCHEMA_VERSION = 2

#: Forward migrations: ``_MIGRATIONS[v - 1]`` takes a file from version ``v - 1`` to ``v``.
_MIGRATIONS: tuple[str, ...] = (
    # 1: articles, unique by id, canonical url and content hash; contentless FTS5 index.
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        url_key TEXT UNIQUE,
        published INTEGER,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        extra TEXT
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE INDEX articles_source ON articles (source, published);
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content='', tokenize='unicode61 remove_diacritics 0'
    );
    """,
    # 2: when each article was stored, and the collector's per-feed state (conditional GET).
    """
    ALTER TABLE articles ADD COLUMN added INTEGER;
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        checked INTEGER,
        status TEXT
    );
    """,
)
assert len(_MIGRATIONS) == SCHEMA_VERSION

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BARE_CHAINS = ("وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل")
_SNIPPET_CHARS = 90
_PREPARE_ROWS = 250  # records made ready (checked, hashed, search shadow) outside the lock at a time
_BATCH_SECONDS = 0.5  # a write transaction is committed once it has run this long
_ATTEMPT_MS = 200  # how long one attempt to take the write lock waits before backing off
_SURROGATE = re.compile("[\ud800-\udfff]")
_NS_RANGE = f"{pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d}"


class StoreError(RuntimeError):
    """A file that is not a mediakit store, a newer schema, a read-only store asked to write, a
    folder that cannot be written, a full disk, or a write lock another process keeps."""


@dataclass(frozen=True)
class AddResult:
    """What :meth:`ArticleStore.add` did with the records it was given.

    ``inserted + duplicates + rejected`` is the number of records. ``problems`` lists each
    rejected record as ``{"row", "field", "value", "reason"}`` (``row`` counts from 0 in the
    order given).
    """

    inserted: int
    duplicates: int
    rejected: int
    problems: list[dict] = field(default_factory=list, repr=False)


def is_store(path: str | PathLike) -> bool:
    """Whether ``path`` is an SQLite file (the store's format), judged by its first bytes.

    Examples
    --------
    >>> is_store("README.md")
    False
    """
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# The normalised shadow used for search


@lru_cache(maxsize=1 << 18)
def _variants(word: str) -> tuple[str, ...]:
    """Index forms of one token: normalised and without its article chain, also without a bare
    proclitic. Only forms without an article chain are indexed, because a query word is looked
    up the same way (:func:`_query_terms`)."""
    base = normalize(word)
    out = []
    for form in (base, *(base[len(c) :] for c in _BARE_CHAINS if base.startswith(c) and len(base) - len(c) >= 3)):
        candidate = strip_clitics(form)
        if candidate not in out:
            out.append(candidate)
    return tuple(out)


def _words(text: str) -> Iterable[str]:
    for raw in raw_tokens(text, decimals=False):
        for _kind, token in split_raw(raw):
            yield token


@lru_cache(maxsize=1 << 18)
def _chunk_shadow(chunk: str) -> str:
    return " ".join(form for raw in word_runs(chunk) for _kind, token in split_raw(raw) for form in _variants(token))


def _shadow(text: str) -> str:
    """The text as the search index sees it (each whitespace chunk worked out once, cached)."""
    return " ".join(filter(None, map(_chunk_shadow, text.split())))


def index_form(text: str) -> list[str]:
    """Each word of ``text`` as the form that every indexed variant of it shares: "search"
    normalisation, without its proclitic chain. A query word is looked up in this form."""
    return [strip_clitics(normalize(word)) for word in _words(text)]


def _query_terms(query: str) -> list[str]:
    """The distinct index forms of a query's words."""
    return list(dict.fromkeys(index_form(query)))


def _snippet(text: str, terms: set[str]) -> str:
    for match in WORD_RUN.finditer(text):
        if terms.intersection(_variants(match.group())):
            start, end = match.span()
            left = max(0, start - _SNIPPET_CHARS)
            right = min(len(text), end + _SNIPPET_CHARS)
            if left > 0:  # start and end at word boundaries
                space = text.find(" ", left, start)
                left = space + 1 if space >= 0 else left
            if right < len(text):
                space = text.rfind(" ", end, right)
                right = space if space >= 0 else right
            return ("… " if left > 0 else "") + text[left:right].strip() + (" …" if right < len(text) else "")
    return text[: 2 * _SNIPPET_CHARS].strip() + (" …" if len(text) > 2 * _SNIPPET_CHARS else "")


def content_hash(text: str) -> str:
    """Hash of a text after "search" normalisation and whitespace folding (copies differing in
    hamza spelling, diacritics, tatweel or spacing hash alike).

    Examples
    --------
    >>> content_hash("قالَ  الوزير") == content_hash("قال الوزير")
    True
    """
    folded = " ".join(normalize(text).split())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


# ---------------------------------------------------------------------------------------------
# Values in and out


def _ns(value: pd.Timestamp | None) -> int | None:
    return None if value is None or pd.isna(value) else int(value.value)


def _jsonable(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, dicts
        return False


def _record_chunks(articles: pd.DataFrame | Iterable[Mapping]) -> Iterator[list[Mapping]]:
    """Records a few hundred at a time (a large frame is never copied to dicts whole)."""
    if isinstance(articles, pd.DataFrame):
        for start in range(0, len(articles), _PREPARE_ROWS):
            yield articles.iloc[start : start + _PREPARE_ROWS].to_dict("records")
        return
    records = iter(articles)
    while chunk := list(itertools.islice(records, _PREPARE_ROWS)):
        yield chunk


def _busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite said another connection holds a lock (SQLITE_BUSY, SQLITE_LOCKED)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc)


def _now_ns() -> int:
    return int(pd.Timestamp.now(tz="UTC").value)


class ArticleStore:
    """A corpus of articles in one SQLite file.

    Parameters
    ----------
    path : str or path
        The database file; created (with its folder) when it does not exist, unless
        ``readonly``.
    readonly : bool, default False
        Open for reading only (no file is created, no migration is run). This also reads a
        store in a folder that cannot be written (a shared or mounted read-only folder).
    timeout : float, default 30
        Seconds to keep retrying, with growing pauses, a write that finds another process
        holding the write lock, before a :class:`StoreError` says so.

    Raises
    ------
    StoreError
        The file is not an SQLite database, is another program's database, was written by a
        newer mediakit, or (``readonly``) does not exist or needs an upgrade; or (not
        ``readonly``) its folder or the file cannot be written, which the message says along
        with how to read it.

    Examples
    --------
    >>> import tempfile, mediakit as mk
    >>> folder = tempfile.mkdtemp()
    >>> with ArticleStore(f"{folder}/corpus.sqlite") as store:
    ...     first = store.add(mk.load_sample())
    ...     again = store.add(mk.load_sample().head(3))
    >>> first.inserted > 150, again.inserted, again.duplicates
    (True, 0, 3)
    """

    def __init__(self, path: str | PathLike, *, readonly: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = timeout
        if self.path.exists() and self.path.is_file() and self.path.stat().st_size and not is_store(self.path):
            raise StoreError(f"{self.path}: not an SQLite file, so not a mediakit store")
        if readonly:
            if not self.path.is_file():
                raise StoreError(f"{self.path}: no such store")
            self._conn = self._connect_readonly()
        else:
            self._check_writable_place()
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()
        try:
            self._open()
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle ----------------------------------------------------------------------------

    def _how_to_read(self) -> str:
        return (
            f"to read it, open it with ArticleStore({str(self.path)!r}, readonly=True) "
            "or copy the file to a folder you can write"
        )

    def _check_writable_place(self) -> None:
        """A store opened for writing needs its folder writable: SQLite creates the store's side
        files (``-wal``, ``-shm``) beside it, even to read."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the folder {folder} ({exc.strerror or exc})") from None
        if os.access(folder, os.W_OK | os.X_OK):
            if self.path.is_file() and not os.access(self.path, os.W_OK):
                raise StoreError(f"{self.path}: the file is read-only; {self._how_to_read()}")
            return
        if self.path.is_file():
            raise StoreError(
                f"{self.path}: the folder {folder} is read-only, and SQLite must create the store's side files "
                f"({self.path.name}-wal, {self.path.name}-shm) beside it to open it for writing; {self._how_to_read()}"
            )
        raise StoreError(f"{self.path}: cannot create a store there: the folder {folder} is read-only")

    def _connect_readonly(self) -> sqlite3.Connection:
        """A read-only connection; in a folder that cannot be written (where SQLite cannot make
        the ``-shm`` file) the file is read as immutable, which is exact when no ``-wal`` file
        holds writes not yet merged into it."""
        uri = self.path.resolve().as_uri()

        def connect(options: str) -> sqlite3.Connection:
            return sqlite3.connect(
                f"{uri}?{options}", uri=True, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )

        conn = connect("mode=ro")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            conn.close()
            name = getattr(exc, "sqlite_errorname", "") or ""
            if not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise StoreError(f"{self.path}: not a readable SQLite database ({exc})") from None
        wal = Path(f"{self.path}-wal")
        if wal.is_file() and wal.stat().st_size:
            raise StoreError(
                f"{self.path}: the folder is read-only and {wal.name} holds writes not yet merged into the store, "
                "which cannot be read from here; copy the store and its -wal file to a folder you can write"
            )
        return connect("mode=ro&immutable=1")

    def _open(self) -> None:
        conn = self._conn
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_READONLY"):
                raise StoreError(
                    f"{self.path}: the store cannot be written here ({exc}); {self._how_to_read()}"
                ) from None
            raise StoreError(f"{self.path}: not a readable SQLite database ({exc})") from None
        if version == 0 and tables:
            raise StoreError(
                f"{self.path}: an SQLite database of another program (tables: {', '.join(sorted(tables)[:5])})"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} was written by a newer mediakit "
                f"(this one reads up to {SCHEMA_VERSION}); upgrade mediakit"
            )
        if self.readonly:
            if version < SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} needs an upgrade; open it writable once")
            return
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if version < SCHEMA_VERSION:
            self._migrate()

    def _migrate(self) -> None:
        with self._transaction() as conn:
            # another process may have migrated while we waited for the lock
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target - 1].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {target}")

    # -- transactions ---------------------------------------------------------------------------

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, retried with growing pauses while another process holds the write
        lock, for ``timeout`` seconds in all."""
        conn = self._conn
        deadline = time.monotonic() + self.timeout
        pause = 0.02
        conn.execute(f"PRAGMA busy_timeout = {_ATTEMPT_MS}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    left = deadline - time.monotonic()
                    if not _busy(exc) or left <= 0:
                        raise
                    time.sleep(min(pause * random.uniform(0.5, 1.5), left))
                    pause = min(pause * 2, 1.0)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    @contextmanager
    def _transaction(self, stored: int = 0) -> Iterator[sqlite3.Connection]:
        """One write transaction. A fault rolls back only a transaction still open (SQLite has
        already undone one that hit a full disk) and becomes a :class:`StoreError` that says what
        happened; ``stored`` articles of the same call were committed before it."""
        conn = self._conn
        try:
            self._begin()
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                with suppress(sqlite3.Error):  # the fault that brought us here is the one to report
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._failure(exc, stored) from exc
            raise

    def _failure(self, exc: sqlite3.Error, stored: int) -> StoreError:
        name = getattr(exc, "sqlite_errorname", "") or ""
        if _busy(exc):
            what = (
                f"another process has held the store's write lock for over {self.timeout:g} s; "
                "try again when it has finished, or wait longer with ArticleStore(path, timeout=...)"
            )
        elif name == "SQLITE_FULL":
            what = f"disk full: the batch being written was undone (SQLite: {exc})"
        elif name.startswith("SQLITE_IOERR"):
            what = (
                "could not write to the disk (disk full, a file-size limit reached, or a failing disk): "
                f"the batch being written was undone (SQLite: {exc})"
            )
        elif name.startswith("SQLITE_READONLY"):
            what = f"the store cannot be written ({exc}); {self._how_to_read()}"
        else:
            what = f"the write failed ({exc})"
        if stored:
            what += f"; {stored} articles of this call were stored before it (adding the same records again skips them)"
        return StoreError(f"{self.path}: {what}")

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def __repr__(self) -> str:
        return f"ArticleStore({str(self.path)!r}, articles={len(self)})"

    @property
    def version(self) -> int:
        """The schema version of the file."""
        with self._lock:
            return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writing ------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")

    def add(self, articles: pd.DataFrame | Iterable[Mapping]) -> AddResult:
        """Store articles; skip those already stored.

        Records are made ready (checked, hashed, indexed for search) a few hundred at a time
        outside any lock, then written in transactions of about a second at most, so another
        process that writes to the store waits no longer than that. A crash loses at most the
        batch being written; what earlier batches stored stays.

        Parameters
        ----------
        articles : DataFrame or iterable of dicts
            Records with ``text`` and ``source`` (required) and optionally ``id``, ``url``,
            ``published`` (a timestamp or any string :func:`mediakit.arabic.parse_date` reads),
            ``title`` and further fields, which are kept and come back from :meth:`to_frame`.

        Returns
        -------
        AddResult
            ``inserted``; ``duplicates``: records whose canonical URL or normalised text is
            already stored (or came earlier in the same call); ``rejected``: records with no
            text, no source, a URL that is not absolute http(s), a date that cannot be read or
            lies outside 1677-2262 (the range of ``datetime64[ns]``), text holding a lone
            surrogate, or an id already used by a different article, each listed in
            ``problems``.

        Raises
        ------
        StoreError
            Another process kept the write lock for ``timeout`` seconds, the disk is full, or
            the store cannot be written; the message says how many articles of this call were
            stored before.
        """
        self._check_writable()
        inserted = duplicates = 0
        problems: list[dict] = []
        start = 0
        for chunk in _record_chunks(articles):
            rows = []
            for i, record in enumerate(chunk, start=start):
                row = self._prepare(i, record, problems)
                if row is not None:
                    rows.append((i, row))
            start += len(chunk)
            done = 0
            while done < len(rows):
                with self._lock, self._transaction(inserted) as conn:
                    began = time.monotonic()
                    batch = [0, 0]  # inserted, duplicates: counted once the batch is committed
                    while done < len(rows) and time.monotonic() - began < _BATCH_SECONDS:
                        outcome = self._insert(conn, *rows[done], problems)
                        if outcome is not None:
                            batch[outcome] += 1
                        done += 1
                inserted, duplicates = inserted + batch[0], duplicates + batch[1]
        problems.sort(key=lambda p: p["row"])
        return AddResult(inserted, duplicates, len(problems), problems)

    @staticmethod
    def _insert(conn: sqlite3.Connection, i: int, row: dict, problems: list[dict]) -> int | None:
        """Write one prepared row: 0 when inserted, 1 when a duplicate, None when rejected."""
        if (
            row["url_key"] is not None
            and conn.execute("SELECT 1 FROM articles WHERE url_key = ?", (row["url_key"],)).fetchone()
        ):
            return 1
        if conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (row["content_hash"],)).fetchone():
            return 1
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (row["id"],)).fetchone():
            problems.append(
                {"row": i, "field": "id", "value": row["id"], "reason": "id already used by another article"}
            )
            return None
        cursor = conn.execute(
            "INSERT INTO articles (id, source, url, url_key, published, title, text, content_hash, "
            "extra, added) VALUES (:id, :source, :url, :url_key, :published, :title, :text, "
            ":content_hash, :extra, :added)",
            row,
        )
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cursor.lastrowid, row["title_shadow"], row["text_shadow"]),
        )
        return 0

    @staticmethod
    def _prepare(i: int, record: Mapping, problems: list[dict]) -> dict | None:
        def reject(name: str, value: object, reason: str) -> None:
            problems.append({"row": i, "field": name, "value": value, "reason": reason})

        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            reject("text", text, "missing or empty")
            return None
        source = record.get("source")
        if not isinstance(source, str) or not source.strip():
            reject("source", source, "missing or empty")
            return None
        url = record.get("url")
        if _missing(url) or (isinstance(url, str) and not url.strip()) or url == "None":
            url = None
        elif not isinstance(url, str) or not valid_url(url):
            reject("url", url, "not an absolute http(s) URL")
            return None
        published = record.get("published")
        if _missing(published):
            published = None
        else:
            parsed = parse_date(published)
            if parsed is None:
                reject("published", published, "not a date in a form mediakit reads")
                return None
            if not pd.Timestamp.min <= parsed.tz_localize(None) <= pd.Timestamp.max:
                reject("published", published, f"a date outside the range the store holds ({_NS_RANGE})")
                return None
            published = parsed
        title = record.get("title")
        title = "" if _missing(title) else str(title)
        ident = record.get("id")
        ident = stable_id(url, title, text) if _missing(ident) or not str(ident).strip() else str(ident).strip()
        extra = {k: _jsonable(v) for k, v in record.items() if k not in COLUMNS and not str(k).startswith("_")}
        extra = {str(k): v for k, v in extra.items() if not _missing(v)}
        fields = {"id": ident, "source": source, "url": url, "title": title, "text": text, **extra}
        for name, value in fields.items():
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            if _SURROGATE.search(name) or _SURROGATE.search(shown):
                reject(name, value, "holds a lone surrogate (\\ud800-\\udfff), which is not text and cannot be stored")
                return None
        try:
            extra_json = json.dumps(extra, ensure_ascii=False, default=str) if extra else None
        except (ValueError, RecursionError) as exc:
            reject("<extra>", None, f"further fields that cannot be stored as JSON ({exc})")
            return None
        return {
            "id": ident,
            "source": source.strip(),
            "url": url.strip() if url else None,
            "url_key": canonical_url(url) if url else None,
            "published": _ns(published),
            "title": title,
            "text": text,
            "content_hash": content_hash(text),
            "extra": extra_json,
            "added": _now_ns(),
            "title_shadow": _shadow(title),
            "text_shadow": _shadow(text),
        }

    # -- reading ------------------------------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The given URLs (as given) whose canonical form is already stored.

        Examples
        --------
        >>> import tempfile, mediakit as mk
        >>> store = ArticleStore(tempfile.mkdtemp() + "/c.sqlite")
        >>> url = mk.load_sample()["url"].iat[0]
        >>> _ = store.add(mk.load_sample().head(1))
        >>> store.known_urls([url, "https://example.org/new"]) == {url}
        True
        """
        urls = [u for u in urls if isinstance(u, str) and u.strip()]
        keys = {canonical_url(u): u for u in urls}
        found: set[str] = set()
        items = list(keys)
        with self._lock:
            for start in range(0, len(items), 500):
                chunk = items[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for (key,) in self._conn.execute(f"SELECT url_key FROM articles WHERE url_key IN ({marks})", chunk):
                    found.add(key)
        return {u for u in urls if canonical_url(u) in found}

    def to_frame(
        self,
        *,
        since: str | pd.Timestamp | None = None,
        until: str | pd.Timestamp | None = None,
        sources: str | Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """The stored articles as an articles frame, in the order they were stored.

        Parameters
        ----------
        since, until : str or Timestamp, optional
            Keep articles published at or after ``since`` and before ``until`` (UTC when no
            zone is given). Articles without a date are kept only when neither is given.
        sources : str or list of str, optional
            Keep only these sources.
        columns : list of str, optional
            The columns to return (default: ``id, source, url, published, title, text`` and
            any further fields the articles were stored with).

        Returns
        -------
        pandas.DataFrame
            The schema of :func:`mediakit.read_articles`: ``published`` is UTC
            ``datetime64[ns]``, a missing url or date is missing (``NaN``/``NaT``).

        Examples
        --------
        >>> import tempfile, mediakit as mk
        >>> store = ArticleStore(tempfile.mkdtemp() + "/c.sqlite")
        >>> _ = store.add(mk.load_sample())
        >>> df = store.to_frame(since="2025-06-01", until="2025-07-01", sources=["nabd"])
        >>> set(df["source"]), df["published"].dt.month.unique().tolist()
        ({'nabd'}, [6])
        """
        where, params = [], []
        if since is not None:
            where.append("published >= ?")
            params.append(_bound_ns(since))
        if until is not None:
            where.append("published < ?")
            params.append(_bound_ns(until))
        if sources is not None:
            sources = [sources] if isinstance(sources, str) else list(sources)
            where.append(f"source IN ({','.join('?' * len(sources))})")
            params.extend(sources)
        frame = self._frame(" AND ".join(where), params)
        if columns is not None:
            missing = [c for c in columns if c not in frame.columns]
            if missing and len(frame):
                raise KeyError(f"no such columns in the store: {', '.join(missing)}")
            frame = frame.reindex(columns=list(columns))
        return frame

    def to_dask(self, *, rows_per_partition: int = 50_000):
        """The stored articles as a ``dask.dataframe.DataFrame`` (partitions of stored rows).

        Each partition opens the file read-only and reads its range of rows, so workers on
        one machine read the store directly. Columns are those of :meth:`to_frame`; fields
        stored with only some articles are missing (NaN) in the others.

        Examples
        --------
        >>> import tempfile, mediakit as mk
        >>> store = ArticleStore(tempfile.mkdtemp() + "/c.sqlite")
        >>> _ = store.add(mk.load_sample())
        >>> ddf = store.to_dask(rows_per_partition=50)
        >>> ddf.npartitions, len(ddf.compute()) == len(store)
        (4, True)
        """
        import dask.dataframe as dd

        with self._lock:
            low, high = self._conn.execute("SELECT min(rowid), max(rowid) FROM articles").fetchone()
            extras = [
                r[0]
                for r in self._conn.execute(
                    "SELECT DISTINCT j.key FROM articles, json_each(articles.extra) AS j "
                    "WHERE articles.extra IS NOT NULL ORDER BY j.key"
                )
            ]
        columns = [*COLUMNS, *[e for e in extras if e not in COLUMNS]]
        low, high = (low or 0), (high or 0)
        ranges = [
            (str(self.path), a, min(a + rows_per_partition, high + 1), tuple(columns))
            for a in range(low, high + 1, rows_per_partition)
        ] or [(str(self.path), 0, 0, tuple(columns))]
        return dd.from_map(_read_rows, ranges)

    def _frame(self, where: str, params: Sequence) -> pd.DataFrame:
        sql = "SELECT id, source, url, published, title, text, extra FROM articles"
        if where:
            sql += " WHERE " + where
        sql += " ORDER BY rowid"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        frame = pd.DataFrame(rows, columns=[*COLUMNS, "extra"])
        frame["published"] = pd.to_datetime(frame["published"].astype("Int64"), unit="ns", utc=True).astype(
            "datetime64[ns, UTC]"
        )
        for name in ("id", "source", "url", "title", "text"):  # as mediakit.read_articles gives them
            frame[name] = frame[name].astype("str")
        extras = [json.loads(e) if isinstance(e, str) else {} for e in frame.pop("extra")]
        if any(extras):
            wide = pd.DataFrame.from_records(extras, index=frame.index)
            frame = pd.concat([frame, wide[[c for c in wide.columns if c not in COLUMNS]]], axis=1)
        return frame

    def sources(self) -> pd.DataFrame:
        """Articles per source with the first and last publication date.

        Returns
        -------
        pandas.DataFrame
            ``[source, articles, first, last]``, most articles first.

        Examples
        --------
        >>> import tempfile, mediakit as mk
        >>> store = ArticleStore(tempfile.mkdtemp() + "/c.sqlite")
        >>> _ = store.add(mk.load_sample())
        >>> store.sources().columns.tolist()
        ['source', 'articles', 'first', 'last']
        """
        with self._lock:
            rows = self._conn.execute(
                "SELECT source, count(*), min(published), max(published) FROM articles "
                "GROUP BY source ORDER BY count(*) DESC, source"
            ).fetchall()
        frame = pd.DataFrame(rows, columns=["source", "articles", "first", "last"])
        for name in ("first", "last"):
            frame[name] = pd.to_datetime(frame[name].astype("Int64"), unit="ns", utc=True)
        return frame

    def search(self, query: str, *, limit: int = 50) -> pd.DataFrame:
        """Full-text search through Arabic normalisation and proclitics.

        Every word of the query must occur (in any spelling the "search" normalisation folds
        together, with or without ال and the proclitics و ف ب ك ل). Matches in the title
        count more than matches in the text (BM25). The query may use the language of
        :class:`mediakit.Query`: ``AND``, ``OR``, ``NOT``, parentheses, quoted phrases and a
        prefix ``مفاوض*``; no text of it reaches FTS5's own syntax (``NEAR``, ``title:``, ``^`` are
        words), and a malformed one raises :class:`mediakit.QueryError` naming the position.

        Parameters
        ----------
        query : str
            One or more words, or a query.
        limit : int, default 50

        Returns
        -------
        pandas.DataFrame
            ``[id, published, source, title, snippet, rank]``, best match first; ``rank``
            counts from 1; ``snippet`` is the passage of the original text around the first
            match.

        Examples
        --------
        >>> import tempfile
        >>> store = ArticleStore(tempfile.mkdtemp() + "/c.sqlite")
        >>> _ = store.add([{"source": "s", "title": "", "text": "وصل الوفد بالأمس إلى بغداد قادما من بالعراق"}])
        >>> store.search("العراق")["snippet"].tolist()
        ['وصل الوفد بالأمس إلى بغداد قادما من بالعراق']
        """
        columns = ["id", "published", "source", "title", "snippet", "rank"]
        # the query language of mk.Query (AND OR NOT, "phrases", prefix*), translated with every
        # word quoted, so no text of the query reaches FTS5's own syntax
        from mediakit.query import to_fts5

        match = to_fts5(query, form=index_form)
        terms = _query_terms(query)
        with self._lock:
            rows = self._conn.execute(
                "SELECT a.id, a.published, a.source, a.title, a.text FROM articles_fts AS f "
                "JOIN articles AS a ON a.rowid = f.rowid WHERE articles_fts MATCH ? "
                "ORDER BY bm25(articles_fts, 2.0, 1.0) LIMIT ?",
                (match, int(limit)),
            ).fetchall()
        wanted = set(terms)
        out = pd.DataFrame(
            [(i, p, s, t, _snippet(x, wanted)) for i, p, s, t, x in rows],
            columns=columns[:-1],
        )
        out["published"] = pd.to_datetime(out["published"].astype("Int64"), unit="ns", utc=True)
        out["rank"] = np.arange(1, len(out) + 1)
        return out

    # -- the collector's state ------------------------------------------------------------------

    def feed_state(self, url: str) -> dict:
        """The remembered ``etag`` and ``last_modified`` of a feed (``None`` when never fetched)."""
        with self._lock:
            row = self._conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return {"etag": row[0] if row else None, "last_modified": row[1] if row else None}

    def set_feed_state(self, url: str, *, etag: str | None, last_modified: str | None, status: str) -> None:
        """Remember a feed's validators and the status of its last fetch."""
        self._check_writable()
        with self._lock, self._transaction() as conn:
            conn.execute(
                "INSERT INTO feeds (url, etag, last_modified, checked, status) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "checked = excluded.checked, status = excluded.status",
                (url, etag, last_modified, _now_ns(), status),
            )

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` for a sound file)."""
        with self._lock:
            return "; ".join(r[0] for r in self._conn.execute("PRAGMA integrity_check"))


def _as_utc(value: str | pd.Timestamp | datetime) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp.tz_convert(UTC)


def _bound_ns(value: str | pd.Timestamp | datetime) -> int:
    """A date bound as stored nanoseconds; bounds before 1677 or after 2262 (``"0001-01-01"``)
    are clamped to the widest the store holds."""
    stamp = _as_utc(value)
    if stamp.tz_localize(None) < pd.Timestamp.min:
        return -(2**63)
    if stamp.tz_localize(None) > pd.Timestamp.max:
        return 2**63 - 1
    return int(stamp.value)


def _read_rows(task: tuple[str, int, int, tuple[str, ...]]) -> pd.DataFrame:
    """One partition of :meth:`ArticleStore.to_dask`: rows ``[start, stop)``, all columns."""
    path, start, stop, columns = task
    with ArticleStore(path, readonly=True) as store:
        frame = store._frame("rowid >= ? AND rowid < ?", (start, stop))
    frame = frame.reindex(columns=list(columns))
    for name in columns[len(COLUMNS) :]:
        frame[name] = frame[name].astype(object)
    return frame
