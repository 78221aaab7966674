"""Parsing publication dates as they arrive in news data: ISO 8601, RFC 822 feed dates, Unix epochs."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from numbers import Real

import numpy as np
import pandas as pd

__all__ = ["parse_date", "parse_dates"]

DTYPE = "datetime64[ns, UTC]"
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _epoch(number: float) -> pd.Timestamp:
    # Seconds up to the year 5138; larger values are milliseconds (JavaScript, many APIs).
    unit = "s" if abs(number) < 1e11 else "ms"
    return pd.Timestamp(number, unit=unit, tz="UTC")


def _parse_one(value: object) -> pd.Timestamp:
    """Parse one value; raise ValueError when it is not a date we recognise."""
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, datetime):
        ts = pd.Timestamp(value)
        return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    if isinstance(value, Real):
        return _epoch(float(value))
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if _DIGITS.fullmatch(text):
        if len(text) == 8 and "." not in text:
            ts = pd.to_datetime(text, format="%Y%m%d", utc=True, errors="coerce")
            if pd.isna(ts):
                raise ValueError(f"not a date: {value!r}")
            return ts
        return _epoch(float(text))
    ts = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    if not pd.isna(ts):
        return ts
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date in ISO 8601, RFC 822 or Unix-epoch form: {value!r}") from None
    if parsed.tzinfo is None:  # RFC 822 "-0000": zone unknown, taken as UTC
        parsed = parsed.replace(tzinfo=UTC)
    return pd.Timestamp(parsed).tz_convert("UTC")


def parse_date(value: object) -> pd.Timestamp:
    """Parse one publication date to a UTC timestamp.

    Accepts ISO 8601 (with or without a zone, ``T`` or space between date and time),
    RFC 822 as used in RSS feeds (``Wed, 14 May 2025 09:30:00 +0100``, ``GMT`` and named US zones),
    Unix epochs in seconds or milliseconds (numbers or digit strings of 9 or more digits),
    ``YYYYMMDD`` digit strings, and ``datetime`` objects. Times without a zone are taken as UTC.

    Parameters
    ----------
    value : str, int, float or datetime

    Returns
    -------
    pandas.Timestamp
        Timezone-aware, UTC.

    Raises
    ------
    ValueError
        When the value is not a date in one of these forms; the message quotes the value.

    Examples
    --------
    >>> parse_date("Wed, 14 May 2025 09:30:00 +0100")
    Timestamp('2025-05-14 08:30:00+0000', tz='UTC')
    >>> parse_date(1747211400)
    Timestamp('2025-05-14 08:30:00+0000', tz='UTC')
    """
    return _parse_one(value)


def parse_dates(values: pd.Series | list) -> tuple[pd.Series, pd.Series]:
    """Parse a column of publication dates, the fast way for the common forms.

    Parameters
    ----------
    values : Series or list
        Values in any of the forms :func:`parse_date` accepts; missing values and blank strings
        give ``NaT``.

    Returns
    -------
    parsed : Series of ``datetime64[ns, UTC]``
        ``NaT`` where the value was missing or could not be parsed.
    failed : Series of bool
        True where a value was given but is not a recognised date.

    Examples
    --------
    >>> parsed, failed = parse_dates(["2025-05-14T09:30:00+03:00", "Wed, 14 May 2025 09:30:00 GMT", "soon"])
    >>> failed.tolist()
    [False, False, True]
    """
    s = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values.astype(object)
    index = s.index
    s = s.reset_index(drop=True)
    is_str = s.map(lambda v: isinstance(v, str))
    blank = is_str & (s.where(is_str, "x").str.strip() == "")
    missing = s.isna() | blank
    out = pd.Series(pd.NaT, index=s.index, dtype=DTYPE)
    # Fast path: ISO 8601 strings in one vectorised call.
    iso_like = is_str & ~blank & ~s.where(is_str, "").str.strip().str.fullmatch(r"\d+(?:\.\d+)?")
    if iso_like.any():
        fast = pd.to_datetime(s[iso_like].str.strip(), format="ISO8601", utc=True, errors="coerce")
        out[iso_like] = fast.astype(DTYPE)
    todo = ~missing & out.isna()
    failed = pd.Series(False, index=s.index)
    for i in np.flatnonzero(todo.to_numpy()):
        try:
            out.iat[i] = _parse_one(s.iat[i])
        except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
            failed.iat[i] = True
    out.index = index
    failed.index = index
    return out, failed
