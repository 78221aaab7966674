"""The article schema shared by the store and the corpus readers: columns, URL keys, ids."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pandas as pd

__all__ = ["COLUMNS", "canonical_url", "stable_id", "valid_url"]

COLUMNS = ["id", "source", "url", "published", "title", "text"]

_TRACKING = ("utm_", "fbclid", "gclid", "ref", "at_", "ocid")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash.

    Examples
    --------
    >>> canonical_url("HTTPS://www.Example.com/a/?utm_source=x&id=3#top")
    'https://example.com/a?id=3'
    """
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING)]
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), urlencode(query), ""))


def valid_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host.

    Examples
    --------
    >>> valid_url("https://example.com/a"), valid_url("file:///etc/passwd"), valid_url("/a/b")
    (True, False, False)
    """
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def stable_id(url: object, title: object, text: object) -> str:
    """A short hash of the url, or of title and text when there is no url (ids that survive reruns)."""
    key = url if isinstance(url, str) and url.strip() else f"{title}\n{text}"
    return hashlib.blake2b(str(key).strip().encode("utf-8"), digest_size=8).hexdigest()


def check_articles(df: object, columns: Sequence[str] = ("text",)) -> None:
    """Raise a clear error unless ``df`` is a DataFrame holding ``columns``, naming the missing
    ones and those it has."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected an articles DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"the articles frame has no {', '.join(map(repr, missing))} column "
            f"(columns: {', '.join(map(str, df.columns))})"
        )


def texts_of(df: pd.DataFrame) -> list[str]:
    """The ``text`` column as a list of strings, a missing text as ""."""
    return [t if isinstance(t, str) else "" for t in df["text"]]
