"""Collecting articles from RSS/Atom feeds into an :class:`~mediakit.ArticleStore`.

This is the only module of mediakit that touches the network. It is written to be left running
for weeks on a laptop against dozens of outlets:

* **Polite.** robots.txt is honoured (its ``Crawl-delay`` too); requests to one host are
  spaced by ``per_host_delay`` seconds; feeds are fetched with conditional GET (the ``ETag``
  and ``Last-Modified`` of the last complete read are remembered in the store); a descriptive
  User-Agent names the tool.
* **Careful.** Only http(s) URLs; private, loopback and link-local addresses are refused unless
  ``allow_private=True``; at most ``max_redirects`` redirects, loops detected; responses larger
  than ``max_bytes`` are abandoned; the content type is checked; 5xx answers and timeouts are
  retried with exponential backoff, 4xx answers are not.
* **Incremental and crash-safe.** An item whose URL is already stored is not fetched again;
  each article is committed as soon as it is read, so a run killed at any moment loses nothing
  already stored and the next run picks up the rest. A feed's validators are saved only after
  all its items were handled, so an interrupted feed is read again in full next time.
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
from functools import cache
from importlib.resources import files
from os import PathLike
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pandas as pd

from mediakit._schema import valid_url
from mediakit.arabic import find_date, parse_date
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
    """A URL that could not be fetched; the message says why (status, timeout, size, address...)."""


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

    def wait(self, host: str, delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(host, 0.0))
            self._next[host] = slot + delay
        if slot > now:
            time.sleep(slot - now)


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
    _throttle: _Throttle = field(default_factory=_Throttle)
    _robots: dict = field(default_factory=dict)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)
    _robots_errors: dict = field(default_factory=dict)
    _addresses: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        import httpx

        self._httpx = httpx
        self.client = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            trust_env=False,
        )

    def close(self) -> None:
        self.client.close()

    # -- checks --

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url}")
        if self.allow_private:
            return
        host = parts.hostname
        if host not in self._addresses:
            try:
                infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(f"cannot resolve host {host} ({exc})") from None
            self._addresses[host] = {info[4][0] for info in infos}
        for address in self._addresses[host]:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(
                    f"refused: {host} resolves to the non-public address {ip} (pass allow_private=True to allow)"
                )

    def _robots_for(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if key in self._robots:
                return self._robots[key]
        parser: RobotFileParser | None = RobotFileParser()
        try:
            response = self._request(f"{key}/robots.txt", kind="robots")
        except FetchError as exc:
            if "status 4" in str(exc):  # RFC 9309: a missing robots.txt allows everything
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

    def _allowed(self, url: str) -> tuple[bool, float]:
        if not self.respect_robots:
            return True, self.per_host_delay
        robots = self._robots_for(url)
        if robots is None:
            return True, self.per_host_delay
        delay = robots.crawl_delay(self.user_agent)
        delay = max(self.per_host_delay, float(delay)) if delay else self.per_host_delay
        return robots.can_fetch(self.user_agent, url), delay

    # -- requests --

    def _refuse(self, url: str) -> FetchError:
        key = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        if key in self._robots_errors:
            return FetchError(f"robots.txt of {urlsplit(url).netloc} could not be read: {self._robots_errors[key]}")
        return FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {url}")

    def fetch(self, url: str, *, kind: str, headers: Mapping[str, str] | None = None) -> _Response:
        """GET ``url`` (kind "feed" or "page") with robots, throttling, redirects, retries and checks."""
        self._check_address(url)
        allowed, _ = self._allowed(url)
        if not allowed:
            raise self._refuse(url)
        return self._request(url, kind=kind, headers=headers)

    def _request(self, url: str, *, kind: str, headers: Mapping[str, str] | None = None) -> _Response:
        seen = [url]
        current = url
        for _hop in range(self.max_redirects + 1):
            response = self._with_retries(current, kind=kind, headers=headers)
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                if target in seen:
                    raise FetchError(f"redirect loop: {' -> '.join([*seen, target])}")
                seen.append(target)
                if kind != "robots":
                    self._check_address(target)
                    allowed, _ = self._allowed(target)
                    if not allowed:
                        raise self._refuse(target)
                current = target
                continue
            return response
        raise FetchError(f"more than {self.max_redirects} redirects from {url}")

    def _with_retries(self, url: str, *, kind: str, headers: Mapping[str, str] | None) -> _Response:
        attempt = 0
        while True:
            try:
                response = self._once(url, kind=kind, headers=headers)
            except FetchError as exc:
                retry = "timed out" in str(exc) or "connection" in str(exc)
                if not retry or attempt >= self.retries:
                    raise
                log.info("%s: %s; retrying", url, exc)
            else:
                if response.status < 500 or attempt >= self.retries:
                    if response.status >= 400:
                        raise FetchError(f"HTTP status {response.status} for {url}")
                    return response
                log.info("%s: HTTP status %s; retrying", url, response.status)
            time.sleep(self.backoff * 2**attempt)
            attempt += 1

    def _once(self, url: str, *, kind: str, headers: Mapping[str, str] | None) -> _Response:
        self._check_address(url)
        host = urlsplit(url).netloc.lower()
        delay = self.per_host_delay
        if kind != "robots" and self.respect_robots and (robots := self._robots_for(url)) is not None:
            crawl = robots.crawl_delay(self.user_agent)
            delay = max(delay, float(crawl)) if crawl else delay
        self._throttle.wait(host, delay)
        httpx = self._httpx
        deadline = time.monotonic() + 4 * self.timeout
        try:
            with self.client.stream("GET", url, headers=dict(headers or {})) as r:
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
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out reading {url} (over {4 * self.timeout:g} s in all)")
                    chunks.append(chunk)
                return _Response(str(r.url), r.status_code, head, b"".join(chunks))
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s: {url}") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"connection failed for {url}: {type(exc).__name__} {exc}") from None

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


def _entry_date(entry: Mapping) -> pd.Timestamp | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            parsed = parse_date(raw)
            if parsed is not None:
                return parsed
        struct = entry.get(f"{key}_parsed")
        if struct:
            return pd.Timestamp(time.strftime("%Y-%m-%dT%H:%M:%S", struct), tz="UTC")
    return None


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

    def row(self) -> list:
        return [self.feed, self.source, self.status, self.items, self.new, self.duplicates, self.errors, self.error]


def _collect_feed(
    spec: dict, fetcher: _Fetcher, store: ArticleStore, *, full_text: bool, max_items: int | None, stop: threading.Event
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
        response = fetcher.fetch(spec["url"], kind="feed", headers=headers)
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
    links = []
    for entry in entries:
        link = entry.get("link") or (entry.get("id") if valid_url(entry.get("id") or "") else None)
        links.append(urljoin(response.url, link.strip()) if link else None)
    known = store.known_urls(u for u in links if u)
    for entry, link in zip(entries, links, strict=True):
        if stop.is_set():
            run.status, run.error = "stopped", "the run was interrupted"
            return run
        if link is None or not valid_url(link):
            run.errors += 1
            run.problems.append((spec["url"], link, "item has no http(s) link"))
            continue
        if link in known:
            run.duplicates += 1
            continue
        record = {
            "source": spec["source"],
            "url": link,
            "title": _entry_title(entry),
            "published": _entry_date(entry),
            "feed": spec["url"],
        }
        summary = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary", "")
        try:
            if full_text:
                page = fetcher.fetch(link, kind="page")
                html, _encoding = decode_page(page.body, page.headers.get("content-type"))
                found = _extract(html, page.url)
                if not found["text"]:
                    raise FetchError(f"no article text found on {link}")
                record["text"] = found["text"]
                record["title"] = record["title"] or found["title"]
                if record["published"] is None:
                    record["published"] = found["published"]
                if found["author"]:
                    record["author"] = found["author"]
                if page.url != link:
                    record["fetched_url"] = page.url
            else:
                record["text"] = _html_text(summary or "")
            result = store.add([record])
        except FetchError as exc:
            run.errors += 1
            run.problems.append((spec["url"], link, str(exc)))
            continue
        run.new += result.inserted
        run.duplicates += result.duplicates
        if result.rejected:
            run.errors += 1
            run.problems.append((spec["url"], link, "; ".join(p["reason"] for p in result.problems)))
    if run.errors:
        run.status = "partial"
        run.error = run.error or f"{run.errors} items failed, first: {run.problems[0][2]}"
    elif run.error:
        run.status = "partial"
    # validators only after a complete read: an interrupted feed is read again in full
    if run.errors == 0:
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
) -> pd.DataFrame:
    """Collect new articles from feeds into a store.

    Feeds on different hosts are read in parallel (``workers`` threads, one host per thread at
    a time); requests to one host are spaced by ``per_host_delay``. One failing feed never
    stops the others: its error is in its row of the report.

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

    Returns
    -------
    pandas.DataFrame
        ``[feed, source, status, items, new, duplicates, errors, error]``, one row per feed.
        ``status`` is ``ok``, ``partial`` (some items failed or the feed was malformed),
        ``not modified`` (HTTP 304), ``failed`` or ``stopped``. ``items`` counts the items
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
    )
    by_host: dict[str, list[dict]] = {}
    for spec in specs:
        by_host.setdefault(urlsplit(spec["url"]).netloc.lower(), []).append(spec)
    runs: dict[str, _FeedRun] = {}
    stop = threading.Event()

    def host_job(host_specs: list[dict]) -> list[_FeedRun]:
        done = []
        for spec in host_specs:
            try:
                run = _collect_feed(spec, fetcher, target, full_text=full_text, max_items=max_items, stop=stop)
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
