"""Collecting articles from RSS/Atom feeds into an :class:`~mediakit.ArticleStore`.

This is the only module of mediakit that touches the network. It is written to be left running
for weeks on a laptop against dozens of outlets:

* **Polite.** robots.txt is honoured (its ``Crawl-delay`` too); requests to one host are
  spaced by ``per_host_delay`` seconds; feeds are fetched with conditional GET (the ``ETag``
  and ``Last-Modified`` of the last complete read are remembered in the store); a descriptive
  User-Agent names the tool.
* **Careful.** Only http(s) URLs; private, loopback and link-local addresses are refused unless
  ``allow_private=True``, checked on the very address each connection goes to (a DNS answer
  that changes after the check cannot redirect it); at most ``max_redirects`` redirects, loops
  detected; responses larger than ``max_bytes`` are abandoned; the content type is checked;
  5xx and 429 answers and timeouts are retried with exponential backoff (or after the server's
  ``Retry-After``), other 4xx answers are not.
* **Bounded in time.** Each feed has ``feed_budget`` seconds and the run ``run_budget``; every
  wait is cut to what is left. A host that keeps timing out, or asks to wait longer than the
  budget, is left alone for the rest of the run.
* **Incremental and crash-safe.** An item whose URL is already stored is not fetched again;
  each article is committed as soon as it is read, so a run killed at any moment loses nothing
  already stored and the next run picks up the rest. One bad item (a date out of range, a
  broken link) is a failed item, never a failed feed. A feed's validators are saved once all its
  items were handled, stored or failed for good; a feed interrupted, or with an item that may
  pass next time (a timeout, a 5xx, the time budget), is read again in full next time.
* **Arabic pages decoded right.** The charset comes from the HTTP header, a byte-order mark or
  the page's ``<meta>``; without any, UTF-8 is tried, then windows-1256 and ISO-8859-6 are
  told apart by which gives the more Arabic-looking text (the article ال is a strong signal).

Feeds are parsed with ``feedparser``; article pages are fetched here and their main text and
metadata extracted with ``trafilatura``. The publication date comes from the feed, else the
page's metadata, else the first Arabic date written on the page
(:func:`mediakit.arabic.find_date`).
"""

from __future__ import annotations

import codecs
import ipaddress
import logging
import re
import socket
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib.resources import files
from os import PathLike
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pandas as pd

from mediakit._schema import valid_url
from mediakit.arabic import find_date, parse_date
from mediakit.arabic.dates import _held
from mediakit.store import ArticleStore

__all__ = ["FetchError", "collect", "load_feeds", "read_feeds"]

log = logging.getLogger(__name__)

REPORT_COLUMNS = ["feed", "source", "status", "items", "new", "duplicates", "errors", "error"]
_FEED_TYPES = ("xml", "rss", "atom", "rdf", "text/plain", "text/html", "json")
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_ACCENTED = re.compile("[\u00c0-\u00ff]")


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message says why (status, timeout, size, address...).

    ``transient`` is True for a failure that may pass (a timeout, a failed connection, a 5xx or
    429 answer, a time budget used up); ``status`` is the HTTP status, if there was an answer.
    """

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


def _user_agent() -> str:
    from mediakit import __version__

    return f"mediakit/{__version__} (Arabic news research collector; +https://pypi.org/project/mediakit/)"


# ---------------------------------------------------------------------------------------------
# Feed lists


@cache
def _shipped_feeds() -> pd.DataFrame:
    with files("mediakit.data").joinpath("feeds.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def load_feeds(*, countries: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The shipped list of Arabic news outlets' feeds.

    Parameters
    ----------
    countries : str or list of str, optional
        ISO 3166 two-letter codes to keep (``"EG"``, ``["MA", "DZ", "TN"]``).

    Returns
    -------
    pandas.DataFrame
        ``[source, outlet, outlet_ar, country, language, url]``, one row per outlet. Feed
        addresses change; :func:`collect` reports a dead feed in its row and goes on.

    Examples
    --------
    >>> feeds = load_feeds()
    >>> len(feeds) >= 25, bool(feeds["url"].str.startswith("https://").all())
    (True, True)
    """
    frame = _shipped_feeds().copy()
    if countries is not None:
        wanted = {countries.upper()} if isinstance(countries, str) else {c.upper() for c in countries}
        frame = frame[frame["country"].isin(wanted)].reset_index(drop=True)
    return frame


def _source_of(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def read_feeds(feeds: str | PathLike | pd.DataFrame | Iterable[str | Mapping]) -> list[dict]:
    """Normalise a feed list to ``[{"url", "source"}, ...]``.

    Parameters
    ----------
    feeds : str, path, DataFrame or list
        One feed URL; a ``.yml``/``.yaml`` file (a list of URLs or of ``{url, source}``
        mappings, a mapping of source to URL, or either under a ``feeds:`` key); a ``.csv``
        file with a ``url`` column (``source`` optional); a ``.txt`` file of URLs, one per line;
        a DataFrame with a ``url`` column; or a list of URLs or mappings. A feed without a
        source takes its host name.

    Returns
    -------
    list of dict

    Raises
    ------
    ValueError
        A file or entry without a usable URL (named with its position).

    Examples
    --------
    >>> read_feeds(["https://www.example.com/rss.xml", {"url": "https://example.org/feed", "source": "n"}])
    [{'url': 'https://www.example.com/rss.xml', 'source': 'example.com'},
     {'url': 'https://example.org/feed', 'source': 'n'}]
    """
    where = "feeds"
    if isinstance(feeds, pd.DataFrame):
        entries: list = feeds.to_dict("records")
    elif isinstance(feeds, (str, PathLike)) and not (isinstance(feeds, str) and "://" in feeds):
        path = Path(feeds)
        where = str(path)
        if not path.is_file():
            raise ValueError(f"{path}: no such feed list")
        suffix = path.suffix.lower()
        if suffix in (".yml", ".yaml"):
            import yaml

            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ValueError(f"{path}: not valid YAML ({exc})") from None
            if isinstance(data, Mapping) and "feeds" in data:
                data = data["feeds"]
            if isinstance(data, Mapping):
                data = [{"source": str(k), "url": v} for k, v in data.items()]
            if not isinstance(data, list):
                raise ValueError(f"{path}: expected a list of feeds, found {type(data).__name__}")
            entries = data
        elif suffix in (".csv", ".tsv"):
            frame = pd.read_csv(path, dtype=str, sep="\t" if suffix == ".tsv" else ",", keep_default_na=False)
            if "url" not in frame.columns:
                raise ValueError(f"{path}: no 'url' column (columns: {', '.join(frame.columns)})")
            entries = frame.to_dict("records")
        else:
            entries = [
                line.strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            ]
    elif isinstance(feeds, str):
        entries = [feeds]
    else:
        entries = list(feeds)
    out, seen = [], set()
    for i, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: entry {i} is neither a URL nor a mapping with a url: {entry!r}")
        url = str(entry.get("url") or "").strip()
        if not valid_url(url):
            raise ValueError(f"{where}: entry {i}: url {url!r} is not an absolute http(s) URL")
        if url in seen:
            continue
        seen.add(url)
        source = str(entry.get("source") or "").strip() or _source_of(url)
        out.append({"url": url, "source": source})
    if not out:
        raise ValueError(f"{where}: no feeds")
    return out


# ---------------------------------------------------------------------------------------------
# Decoding


def _charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.\-]+)", content_type, re.IGNORECASE)
    return _known_codec(m.group(1)) if m else None


def _known_codec(name: str | bytes) -> str | None:
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _arabic_score(text: str) -> float:
    """How Arabic-looking a decoded text is: Arabic letters and the article ال count for it,
    Latin accented letters (what Arabic bytes become in the wrong code page) against it."""
    letters = len(_ARABIC_LETTER.findall(text))
    return letters + 20 * text.count(" ال") - 5 * len(_LATIN_ACCENTED.findall(text))


def decode_page(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a web page; returns ``(text, encoding)``.

    The order: the HTTP ``charset``; a byte-order mark; a ``<meta charset>`` or XML
    declaration in the first 4 kB; strict UTF-8; then windows-1256 against ISO-8859-6 (the
    two Arabic code pages), keeping the more Arabic-looking decoding; finally
    ``charset_normalizer``'s guess.

    Examples
    --------
    >>> page = "<p>قال الوزير إن المفاوضات مستمرة</p>".encode("cp1256")
    >>> decode_page(page)
    ('<p>قال الوزير إن المفاوضات مستمرة</p>', 'cp1256')
    >>> decode_page("<p>قال الوزير إن المفاوضات مستمرة</p>".encode("iso8859_6"))[1]
    'iso8859-6'
    """
    declared = _charset_of(content_type)
    if declared:
        try:
            return body.decode(declared), declared
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode the page; detecting", declared)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(codec), codec if codec != "utf-8" else "utf-8-sig"
    head = body[:4096]
    m = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if m and (codec := _known_codec(m.group(1))):
        try:
            return body.decode(codec), codec
        except UnicodeDecodeError:
            pass
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("cp1256", "iso8859-6"):
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_score(text), codec, text))
    if candidates:
        score, codec, text = max(candidates)
        if score > 0:
            return text, codec
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None:
        return str(best), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


# ---------------------------------------------------------------------------------------------
# Fetching

_HOST_TIMEOUTS = 4  # timeouts in a row (retries included) after which a host is left alone for the run


class _GiveUp(FetchError):
    """Not tried, or not tried again: the time budget ran out, or the host is left alone for this run."""

    def __init__(self, message: str) -> None:
        super().__init__(message, transient=True)


@dataclass(frozen=True)
class _Deadline:
    at: float  # time.monotonic() value
    what: str  # "the feed's time budget of 120 s"

    def left(self) -> float:
        return self.at - time.monotonic()


_NO_DEADLINE = _Deadline(float("inf"), "no time budget")


def _resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order; every connection asks this once."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _checked_addresses(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Resolve ``host`` once; refuse it if any address is not public (unless ``allow_private``)."""
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host} ({exc})", transient=True) from None
    if not addresses:
        raise FetchError(f"cannot resolve host {host} (no address)", transient=True)
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(
                    f"refused: {host} resolves to the non-public address {address} (pass allow_private=True to allow)"
                )
    return addresses


def _pinned_transport(*, allow_private: bool):
    """An httpx transport whose every connection goes to an address checked for that connection.

    httpx would resolve the host again when it connects, and a DNS answer that changes between
    the check and the connection (DNS rebinding) would reach a private address. Here the network
    backend resolves once, checks, and connects to the checked IP; the URL, and so the ``Host``
    header and the TLS server name (SNI) and certificate check, stay those of the host name.
    """
    import httpcore
    import httpx

    class CheckedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
            failure: Exception | None = None
            for address in _checked_addresses(host, port, allow_private=allow_private):
                try:
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    failure = exc
            assert failure is not None
            raise failure

    limits = httpx.Limits()  # httpx's own defaults
    transport = httpx.HTTPTransport(trust_env=False, limits=limits)
    # httpx has no parameter for the network backend: its connection pool is replaced by the same
    # pool with the checking backend (tests/test_hostile.py fails if this stops taking effect)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=CheckedBackend(),
    )
    return transport


def _retry_after(value: str | None) -> float | None:
    """Seconds asked by a ``Retry-After`` header (seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class _Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes = b""


class _Throttle:
    """Spaces requests to each host; slots are reserved under a lock, waited for outside it."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, delay: float, deadline: _Deadline) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            if slot >= deadline.at:
                raise _GiveUp(f"{host} may not be asked again before {deadline.what} runs out")
            self._next[host] = slot + delay
        if slot > now:
            time.sleep(slot - now)

    def hold(self, host: str, until: float) -> None:
        """No request to ``host`` before ``until`` (a server's ``Retry-After``)."""
        with self._lock:
            self._next[host] = max(until, self._next.get(host, 0.0))


@dataclass
class _Fetcher:
    timeout: float
    max_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    per_host_delay: float
    allow_private: bool
    user_agent: str
    respect_robots: bool = True
    budget: float = float("inf")  # a feed's time budget: a longer Retry-After leaves the host alone
    _throttle: _Throttle = field(default_factory=_Throttle)
    _robots: dict = field(default_factory=dict)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)
    _robots_errors: dict = field(default_factory=dict)
    _checked: set = field(default_factory=set)
    _timeouts: dict = field(default_factory=dict)  # host -> timeouts in a row
    _down: dict = field(default_factory=dict)  # host -> why it is not asked again in this run
    _hosts_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        import httpx

        self._httpx = httpx
        self.client = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            trust_env=False,
            transport=_pinned_transport(allow_private=self.allow_private),
        )

    def close(self) -> None:
        self.client.close()

    # -- checks --

    def _check_address(self, url: str) -> None:
        """Refuse a non-http(s) URL, and a private host before anything is sent to it (the
        connection checks again the address it connects to)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url}")
        if self.allow_private or parts.hostname in self._checked:
            return
        _checked_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), allow_private=False)
        self._checked.add(parts.hostname)

    def _robots_for(self, url: str, deadline: _Deadline) -> RobotFileParser | None:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if key in self._robots:
                return self._robots[key]
        parser: RobotFileParser | None = RobotFileParser()
        try:
            response = self._request(f"{key}/robots.txt", kind="robots", deadline=deadline)
        except _GiveUp:
            raise  # not an answer about robots.txt: asked again next time
        except FetchError as exc:
            # RFC 9309: a missing robots.txt (4xx) allows everything; 429 is "busy", not "missing"
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                parser = None
            else:  # unreachable: everything counts as disallowed, for this run
                parser.disallow_all = True
                self._robots_errors[key] = str(exc)
        else:
            text = response.body.decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
        with self._robots_lock:
            self._robots[key] = parser
        return parser

    def _allowed(self, url: str, deadline: _Deadline) -> tuple[bool, float]:
        if not self.respect_robots:
            return True, self.per_host_delay
        robots = self._robots_for(url, deadline)
        if robots is None:
            return True, self.per_host_delay
        delay = robots.crawl_delay(self.user_agent)
        delay = max(self.per_host_delay, float(delay)) if delay else self.per_host_delay
        return robots.can_fetch(self.user_agent, url), delay

    # -- requests --

    def _refuse(self, url: str) -> FetchError:
        key = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if key in self._robots_errors:
            return FetchError(
                f"robots.txt of {urlsplit(url).netloc} could not be read: {self._robots_errors[key]}", transient=True
            )
        return FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {url}")

    def fetch(
        self, url: str, *, kind: str, headers: Mapping[str, str] | None = None, deadline: _Deadline = _NO_DEADLINE
    ) -> _Response:
        """GET ``url`` (kind "feed" or "page") with robots, throttling, redirects, retries and checks,
        all done before ``deadline``."""
        if deadline.left() <= 0:
            raise _GiveUp(f"not fetched: {deadline.what} ran out")
        self._check_address(url)
        allowed, _ = self._allowed(url, deadline)
        if not allowed:
            raise self._refuse(url)
        return self._request(url, kind=kind, headers=headers, deadline=deadline)

    def _request(
        self, url: str, *, kind: str, deadline: _Deadline, headers: Mapping[str, str] | None = None
    ) -> _Response:
        seen = [url]
        current = url
        for _hop in range(self.max_redirects + 1):
            response = self._with_retries(current, kind=kind, headers=headers, deadline=deadline)
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                if target in seen:
                    raise FetchError(f"redirect loop: {' -> '.join([*seen, target])}")
                seen.append(target)
                if kind != "robots":
                    self._check_address(target)
                    allowed, _ = self._allowed(target, deadline)
                    if not allowed:
                        raise self._refuse(target)
                current = target
                continue
            return response
        raise FetchError(f"more than {self.max_redirects} redirects from {url}")

    def _with_retries(
        self, url: str, *, kind: str, headers: Mapping[str, str] | None, deadline: _Deadline
    ) -> _Response:
        attempt = 0
        while True:
            wait = self.backoff * 2**attempt
            try:
                response = self._once(url, kind=kind, headers=headers, deadline=deadline)
            except _GiveUp:
                raise
            except FetchError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                failure = exc
            else:
                status = response.status
                if status < 400:
                    return response
                failure = FetchError(f"HTTP status {status} for {url}", transient=status >= 500, status=status)
                if status in (429, 503):
                    failure.transient = True
                    asked = _retry_after(response.headers.get("retry-after"))
                    if asked is not None:
                        self._asked_to_wait(url, status, asked)
                        wait = 0.0  # the throttle holds the host until then
                if not failure.transient or attempt >= self.retries:
                    raise failure
            if wait >= deadline.left():
                raise failure  # no time left to try again
            log.info("%s: %s; retrying", url, failure)
            time.sleep(wait)
            attempt += 1

    def _asked_to_wait(self, url: str, status: int, seconds: float) -> None:
        host = urlsplit(url).netloc.lower()
        if seconds > self.budget:
            why = f"{host} asked to wait {seconds:g} s (Retry-After), longer than the time budget of {self.budget:g} s"
            with self._hosts_lock:
                self._down[host] = why
            raise _GiveUp(f"HTTP status {status} for {url}: {why}; the host is not asked again in this run")
        self._throttle.hold(host, time.monotonic() + seconds)

    def _timed_out(self, host: str) -> None:
        with self._hosts_lock:
            count = self._timeouts[host] = self._timeouts.get(host, 0) + 1
            if count >= _HOST_TIMEOUTS:
                self._down[host] = f"{host} timed out {count} times in a row"

    def _once(self, url: str, *, kind: str, headers: Mapping[str, str] | None, deadline: _Deadline) -> _Response:
        self._check_address(url)
        host = urlsplit(url).netloc.lower()
        if host in self._down:
            raise _GiveUp(f"skipped: {self._down[host]}; it is not asked again in this run")
        delay = self.per_host_delay
        if kind != "robots" and self.respect_robots and (robots := self._robots_for(url, deadline)) is not None:
            crawl = robots.crawl_delay(self.user_agent)
            delay = max(delay, float(crawl)) if crawl else delay
        self._throttle.wait(host, delay, deadline)
        left = deadline.left()
        if left <= 0:
            raise _GiveUp(f"not fetched: {deadline.what} ran out")
        # no step may outlast the budget: each wait is cut to what is left of it
        timeout = min(self.timeout, left)
        whole = min(4 * self.timeout, left)
        cut = f"{deadline.what} ran out while fetching {url}"
        end = time.monotonic() + whole
        httpx = self._httpx
        try:
            with self.client.stream("GET", url, headers=dict(headers or {}), timeout=timeout) as r:
                with self._hosts_lock:
                    self._timeouts[host] = 0
                head = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code >= 300:
                    return _Response(str(r.url), r.status_code, head)
                self._check_type(url, head.get("content-type"), kind)
                length = head.get("content-length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(f"response of {int(length):,} bytes is over the limit of {self.max_bytes:,}")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"response is over the limit of {self.max_bytes:,} bytes")
                    if time.monotonic() > end:
                        if whole < 4 * self.timeout:
                            raise _GiveUp(cut)
                        self._timed_out(host)
                        raise FetchError(f"timed out reading {url} (over {whole:g} s in all)", transient=True)
                    chunks.append(chunk)
                return _Response(str(r.url), r.status_code, head, b"".join(chunks))
        except httpx.TimeoutException:
            if timeout < self.timeout:
                raise _GiveUp(cut) from None
            self._timed_out(host)
            raise FetchError(f"timed out after {timeout:g} s: {url}", transient=True) from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"connection failed for {url}: {type(exc).__name__} {exc}", transient=True) from None

    @staticmethod
    def _check_type(url: str, content_type: str | None, kind: str) -> None:
        if not content_type or kind == "robots":
            return
        kind_of = content_type.split(";")[0].strip().lower()
        ok = any(t in kind_of for t in _FEED_TYPES) if kind == "feed" else kind_of in _PAGE_TYPES
        if not ok:
            raise FetchError(f"content type {kind_of!r} is not {'a feed' if kind == 'feed' else 'HTML'}: {url}")


# ---------------------------------------------------------------------------------------------
# Articles


class _ItemError(ValueError):
    """One item that cannot be stored; the message names the field and its value."""


def _storable_date(stamp: pd.Timestamp | None, written: object) -> pd.Timestamp | None:
    if stamp is not None and not _held(stamp):  # the range a datetime64[ns] column, and so the store, holds
        raise _ItemError(
            f"published date {written!r} is out of range (dates from 1677-09-21 to 2262-04-11 can be stored)"
        )
    return stamp


def _entry_date(entry: Mapping) -> pd.Timestamp | None:
    """The item's date from the feed; an _ItemError names a date the store cannot hold."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            parsed = parse_date(raw)
            if parsed is not None:
                return _storable_date(parsed, raw)
        struct = entry.get(f"{key}_parsed")
        if struct:
            stamp = pd.Timestamp(datetime(*struct[:6], tzinfo=UTC))
            return _storable_date(stamp, raw or stamp.isoformat())
    return None


def _item_link(entry: Mapping, base: str) -> str:
    """The item's absolute link, resolved against the feed's URL; an _ItemError says what is wrong."""
    raw = entry.get("link") or (entry.get("id") if valid_url(entry.get("id") or "") else None)
    if not raw or not raw.strip():
        raise _ItemError("item has no http(s) link")
    try:
        link = urljoin(base, raw.strip())
    except ValueError as exc:  # "Invalid IPv6 URL" and the like
        raise _ItemError(f"item link {raw!r} is not a valid URL ({exc})") from None
    if not valid_url(link):
        raise _ItemError(f"item link {raw!r} is not an http(s) URL")
    return link


def _entry_title(entry: Mapping) -> str:
    """The item's title as text: feedparser has decoded entities; markup only in HTML titles."""
    title = entry.get("title") or ""
    detail = entry.get("title_detail") or {}
    if "html" in str(detail.get("type", "")):
        title = _html_text(title)
    return " ".join(title.split())


def _html_text(html: str) -> str:
    import lxml.html

    if not html or not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"[ \t]*\n\s*", "\n", root.text_content()).strip()


def _extract(html: str, url: str) -> dict:
    """Main text, title and date of an article page."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (doc.text or "").strip() if doc is not None else ""
    title = ((doc.title or "") if doc is not None else "").strip()
    first, _, rest = text.partition("\n")
    if title and rest and " ".join(first.split()) == " ".join(title.split()):  # the headline, repeated
        text = rest.strip()
    out = {"text": text, "title": title, "published": None, "author": None}
    if doc is not None:
        out["author"] = doc.author
    out["published"] = _meta_date(html)
    if out["published"] is None and doc is not None and doc.date:  # a day, without the time
        out["published"] = parse_date(doc.date)
    if out["published"] is None:
        out["published"] = find_date(_html_text(html))
    return out


_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


def _meta_date(html: str) -> pd.Timestamp | None:
    """The publication time in a page's metadata (meta tags, JSON-LD, ``<time>``), to the second."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and meta.get("content"):
            found.setdefault(key, meta.get("content"))
    candidates = [found[k] for k in _DATE_META if k in found]
    candidates += _JSONLD_DATE.findall(html)
    candidates += [t.get("datetime") for t in root.iter("time") if t.get("datetime")]
    for value in candidates:
        parsed = parse_date(value.strip())
        if parsed is not None:
            return parsed
    return None


@dataclass
class _FeedRun:
    feed: str
    source: str
    status: str = "ok"
    items: int = 0
    new: int = 0
    duplicates: int = 0
    errors: int = 0
    error: str = ""
    problems: list = field(default_factory=list)
    again: int = 0  # failed items that may pass next time (timeouts, 5xx, the time budget)

    def row(self) -> list:
        return [self.feed, self.source, self.status, self.items, self.new, self.duplicates, self.errors, self.error]

    def failed(self, link: str | None, reason: str, *, transient: bool = False) -> None:
        self.errors += 1
        self.again += transient
        self.problems.append((self.feed, link, reason))


def _collect_feed(
    spec: dict,
    fetcher: _Fetcher,
    store: ArticleStore,
    *,
    full_text: bool,
    max_items: int | None,
    stop: threading.Event,
    deadline: _Deadline = _NO_DEADLINE,
) -> _FeedRun:
    import feedparser

    run = _FeedRun(spec["url"], spec["source"])
    state = store.feed_state(spec["url"])
    headers = {}
    if state["etag"]:
        headers["If-None-Match"] = state["etag"]
    if state["last_modified"]:
        headers["If-Modified-Since"] = state["last_modified"]
    try:
        response = fetcher.fetch(spec["url"], kind="feed", headers=headers, deadline=deadline)
    except FetchError as exc:
        run.status, run.error = "failed", str(exc)
        return run
    if response.status == 304:
        run.status = "not modified"
        store.set_feed_state(
            spec["url"], etag=state["etag"], last_modified=state["last_modified"], status="not modified"
        )
        return run
    content_type = response.headers.get("content-type", "")
    parsed = feedparser.parse(response.body, response_headers={"content-type": content_type})
    entries = parsed.entries
    if parsed.bozo and not entries:
        run.status = "failed"
        run.error = f"not a readable feed: {type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
        return run
    if parsed.bozo:
        run.error = f"malformed feed, {len(entries)} items read anyway ({parsed.bozo_exception})"
    if max_items is not None:
        entries = entries[:max_items]
    run.items = len(entries)
    links: list[str | _ItemError] = []
    for entry in entries:
        try:
            links.append(_item_link(entry, response.url))
        except _ItemError as exc:
            links.append(exc)
    known = store.known_urls(u for u in links if isinstance(u, str))
    for entry, link in zip(entries, links, strict=True):
        if stop.is_set():
            run.status, run.error = "stopped", "the run was interrupted"
            return run
        if isinstance(link, _ItemError):
            run.failed(entry.get("link") or None, str(link))
            continue
        if link in known:
            run.duplicates += 1
            continue
        try:
            record = {
                "source": spec["source"],
                "url": link,
                "title": _entry_title(entry),
                "published": _entry_date(entry),
                "feed": spec["url"],
            }
            if full_text:
                page = fetcher.fetch(link, kind="page", deadline=deadline)
                html, _encoding = decode_page(page.body, page.headers.get("content-type"))
                found = _extract(html, page.url)
                if not found["text"]:
                    raise FetchError(f"no article text found on {link}")
                record["text"] = found["text"]
                record["title"] = record["title"] or found["title"]
                if record["published"] is None and found["published"] is not None:
                    record["published"] = _storable_date(found["published"], found["published"].isoformat())
                if found["author"]:
                    record["author"] = found["author"]
                if page.url != link:
                    record["fetched_url"] = page.url
            else:
                summary = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary")
                record["text"] = _html_text(summary or "")
            result = store.add([record])
        except FetchError as exc:
            run.failed(link, str(exc), transient=exc.transient)
            continue
        except _ItemError as exc:
            run.failed(link, str(exc))
            continue
        except (ValueError, OverflowError, TypeError) as exc:  # a value of this item nothing above foresaw
            run.failed(link, f"{type(exc).__name__}: {exc}")
            continue
        run.new += result.inserted
        run.duplicates += result.duplicates
        if result.rejected:
            run.failed(link, "; ".join(p["reason"] for p in result.problems))
    if run.errors:
        run.status = "partial"
        run.error = run.error or f"{run.errors} items failed, first: {run.problems[0][2]}"
    elif run.error:
        run.status = "partial"
    # validators once every item was handled, stored or failed for good (a bad date, a 404); an
    # item that may pass next time (a timeout, a 5xx, the time budget) has the feed read again
    if run.again == 0:
        store.set_feed_state(
            spec["url"],
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            status=run.status,
        )
    return run


def collect(
    feeds: str | PathLike | pd.DataFrame | Iterable[str | Mapping],
    *,
    store: ArticleStore | str | PathLike,
    full_text: bool = True,
    max_items: int | None = None,
    per_host_delay: float = 1.0,
    timeout: float = 20,
    allow_private: bool = False,
    progress: bool = True,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    retries: int = 2,
    backoff: float = 1.0,
    workers: int = 4,
    user_agent: str | None = None,
    feed_budget: float = 120.0,
    run_budget: float = 540.0,
) -> pd.DataFrame:
    """Collect new articles from feeds into a store.

    Feeds on different hosts are read in parallel (``workers`` threads, one host per thread at
    a time); requests to one host are spaced by ``per_host_delay``. One failing feed never
    stops the others: its error is in its row of the report; one failing item never stops its
    feed: it is counted in ``errors`` and named in the problems.

    A run is bounded in time whatever the servers do: each feed has ``feed_budget`` seconds
    and the whole run ``run_budget`` (every wait, retry and read is cut to what is left). A host
    that times out 4 times in a row (retries included), or asks by ``Retry-After`` (on a 429 or
    503 answer) to wait longer than ``feed_budget``, is not asked again in the run; a shorter
    ``Retry-After`` is waited for.

    Parameters
    ----------
    feeds : str, path, DataFrame or list
        Feed URLs, a feed list file or :func:`load_feeds` (see :func:`read_feeds`).
    store : ArticleStore or path
        Where articles go; a path is opened (and created) as an :class:`ArticleStore`.
    full_text : bool, default True
        Fetch each item's page and extract its main text; with False, the feed's own
        summary or content is stored as the text (nothing but the feed is fetched).
    max_items : int, optional
        Read at most this many items of each feed (the first ones, usually the newest).
    per_host_delay : float, default 1.0
        Seconds between two requests to the same host (robots.txt ``Crawl-delay`` if longer).
    timeout : float, default 20
        Seconds to wait for a server at any step; a whole response may take four times that.
    allow_private : bool, default False
        Allow private, loopback and link-local addresses (a local test server).
    progress : bool, default True
        A progress bar over the feeds.
    max_bytes : int, default 5,000,000
        Responses larger than this are abandoned.
    max_redirects : int, default 5
    retries : int, default 2
        Further attempts after a 5xx answer, a timeout or a failed connection (none after 4xx).
    backoff : float, default 1.0
        Seconds before the first retry; doubled for each further one.
    workers : int, default 4
        Hosts read at the same time.
    user_agent : str, optional
        Replaces the default User-Agent (add a contact address for long runs).
    feed_budget : float, default 120
        Seconds one feed may take, its items' pages included; items not fetched by then are
        failed items ("not fetched: the feed's time budget of 120 s ran out"), read next run.
    run_budget : float, default 540
        Seconds the whole run may take; feeds not started by then are ``stopped``. With the
        defaults a run of any number of feeds ends in about 9 minutes at most.

    Returns
    -------
    pandas.DataFrame
        ``[feed, source, status, items, new, duplicates, errors, error]``, one row per feed.
        ``status`` is ``ok``, ``partial`` (some items failed or the feed was malformed),
        ``not modified`` (HTTP 304), ``failed`` or ``stopped`` (interrupted, or not started
        within ``run_budget``). ``items`` counts the items
        read from the feed; ``new`` those stored; ``duplicates`` those already stored (by URL
        or by text); ``errors`` items that failed, each listed with its URL and reason in
        ``report.attrs["problems"]`` as ``(feed, url, error)``.

    Examples
    --------
    >>> import tempfile
    >>> report = collect(["http://127.0.0.1:9/rss.xml"], store=tempfile.mkdtemp() + "/c.sqlite", progress=False)
    >>> report[["status", "error"]].iat[0, 0], "non-public address" in report["error"].iat[0]
    ('failed', True)
    """
    specs = read_feeds(feeds)
    own_store = not isinstance(store, ArticleStore)
    target = ArticleStore(store) if own_store else store
    fetcher = _Fetcher(
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        retries=retries,
        backoff=backoff,
        per_host_delay=per_host_delay,
        allow_private=allow_private,
        user_agent=user_agent or _user_agent(),
        budget=feed_budget,
    )
    run_deadline = _Deadline(time.monotonic() + run_budget, f"the run's time budget of {run_budget:g} s")
    by_host: dict[str, list[dict]] = {}
    for spec in specs:
        by_host.setdefault(urlsplit(spec["url"]).netloc.lower(), []).append(spec)
    runs: dict[str, _FeedRun] = {}
    stop = threading.Event()

    def host_job(host_specs: list[dict]) -> list[_FeedRun]:
        done = []
        for spec in host_specs:
            if run_deadline.left() <= 0:
                why = f"not read: {run_deadline.what} ran out"
                done.append(_FeedRun(spec["url"], spec["source"], status="stopped", error=why))
                continue
            feed_deadline = _Deadline(time.monotonic() + feed_budget, f"the feed's time budget of {feed_budget:g} s")
            deadline = min(feed_deadline, run_deadline, key=lambda d: d.at)
            try:
                run = _collect_feed(
                    spec, fetcher, target, full_text=full_text, max_items=max_items, stop=stop, deadline=deadline
                )
            except Exception as exc:  # a bug or an unforeseen failure stays in this feed's row
                log.exception("feed %s failed", spec["url"])
                run = _FeedRun(spec["url"], spec["source"], status="failed", error=f"{type(exc).__name__}: {exc}")
            done.append(run)
        return done

    from tqdm.auto import tqdm

    bar = tqdm(total=len(specs), desc="feeds", unit="feed", disable=not progress)
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host))))
    try:
        futures = [pool.submit(host_job, host_specs) for host_specs in by_host.values()]
        for future in as_completed(futures):
            for run in future.result():
                runs[run.feed] = run
                bar.update(1)
                bar.set_postfix(new=sum(r.new for r in runs.values()))
    except BaseException:
        stop.set()  # Ctrl-C in a notebook: the threads finish their current item and return
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        fetcher.close()
        if own_store:
            target.close()
    report = pd.DataFrame([runs[s["url"]].row() for s in specs if s["url"] in runs], columns=REPORT_COLUMNS)
    report.attrs["problems"] = [p for s in specs if s["url"] in runs for p in runs[s["url"]].problems]
    return report
