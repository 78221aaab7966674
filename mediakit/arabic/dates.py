"""Parsing publication dates as they arrive in news data.

ISO 8601, RFC 822 feed dates, Unix epochs, numeric day/month/year, and Arabic date strings:
Gregorian month names in the three systems of the Arab press (يناير…ديسمبر; كانون الثاني…كانون
الأول with شباط، آذار، نيسان، أيار، حزيران، تموز، آب، أيلول، تشرين; the Maghreb's جانفي، فيفري،
أفريل، ماي، جوان، جويلية، أوت and Morocco's يوليوز، غشت، شتنبر، نونبر، دجنبر), double names
(أيار/مايو), weekday prefixes, Arabic-Indic digits, the era marks م and هـ, times with ص/م, and
Hijri dates, converted with the Umm al-Qura calendar of the ``hijridate`` package.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from importlib.resources import files
from numbers import Real

import numpy as np
import pandas as pd

from mediakit.arabic.normalize import normalize

__all__ = ["find_date", "parse_date", "parse_dates"]

DTYPE = "datetime64[ns, UTC]"
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# the UTC offset that ends an ISO 8601 time: 10:30+03:00, 10:30:00.5 -0500
_ISO_OFFSET = re.compile(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})?\s*$")
#: The widest UTC offsets any place uses: UTC-12:00 and UTC+14:00 (Kiribati's Line Islands).
_WIDEST = {"+": 14 * 60, "-": 12 * 60}


def _check_offset(sign: str, hours: int, minutes: int, value: object) -> None:
    """Raise ValueError for an offset no place uses (``+25:00``, ``+03:75``): the date is invalid,
    not one to read as UTC."""
    if minutes > 59 or hours * 60 + minutes > _WIDEST[sign]:
        raise ValueError(
            f"UTC offset {sign}{hours:02d}:{minutes:02d} in {value!r} is not a real one "
            "(offsets run from -12:00 to +14:00)"
        )


def _epoch(number: float) -> pd.Timestamp:
    # Seconds up to the year 5138; larger values are milliseconds (JavaScript, many APIs).
    unit = "s" if abs(number) < 1e11 else "ms"
    return pd.Timestamp(number, unit=unit, tz="UTC")


@cache
def _tables() -> dict:
    data = json.loads(files("mediakit.data").joinpath("dates.json").read_text(encoding="utf-8"))
    months = {**{k: ("g", v) for k, v in data["gregorian"].items()}, **{k: ("h", v) for k, v in data["hijri"].items()}}
    names = "|".join(sorted((re.escape(m).replace("\\ ", r"\s+") for m in months), key=len, reverse=True))
    month = rf"(?<![\w])(?:{names})(?![\w])"
    return {
        "months": months,
        "named": re.compile(
            rf"(?:(?P<day>\d{{1,2}})\s*(?:من\s+)?)?(?P<m1>{month})(?:\s*[/(\-]\s*(?P<m2>{month})\s*\)?)?"
            rf"\s*[,،]?\s*(?:(?:من\s+)?(?:عام|سنة)\s+)?(?P<year>\d{{4}})\s*(?P<era>هـ|ه(?![\w])|م(?![\w]))?"
        ),
        "numeric": re.compile(
            r"(?<!\d)(?:(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})|(?P<y2>\d{4})[/.\-](?P<m2>\d{1,2})"
            r"[/.\-](?P<d2>\d{1,2}))(?!\d)\s*(?P<era>هـ|ه(?![\w])|م(?![\w]))?"
        ),
        "time": re.compile(
            r"(?<!\d)(?P<h>\d{1,2}):(?P<min>\d{2})(?::(?P<s>\d{2}))?(?!\d)\s*(?P<ampm>"
            + "|".join(sorted(data["am"] + data["pm"], key=len, reverse=True))
            + r")?(?![\w])"
        ),
        "zone": re.compile(r"(?:GMT|UTC|غرينتش|جرينتش)\s*(?P<sign>[+-])?\s*(?P<hours>\d{1,2})?"),
        # an explicit offset right after a time: 10:30 +03:00, 10:30 (+0300)
        "offset": re.compile(
            r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[صم](?![\w])\s*)?\(?\s*(?P<sign>[+-])(?P<h>\d{2}):?(?P<m>\d{2})"
        ),
        "local": re.compile(
            r"(?:بتوقيت|توقيت)\s+(?P<place>"
            + "|".join(sorted((re.escape(normalize(k)) for k in data["zones"]), key=len, reverse=True))
            + r")(?![\w])"
        ),
        "zones": {normalize(k): v for k, v in data["zones"].items()},
        "am": frozenset(data["am"]),
        "pm": frozenset(data["pm"]),
    }


_ARABIC_OR_DIGITS = re.compile(r"[\u0600-\u06ff]")
#: find_date: dates starting within this many characters of the text's start are its dateline.
_DATELINE_REACH = 300


def _parse_arabic(text: str) -> pd.Timestamp | None:
    """Dates written the Arabic way; None when the text holds none."""
    t = _tables()
    s = normalize(text).replace("هـ", " هـ ") if "هـ" in text else normalize(text)
    s = s.replace("ـ", "")
    date = None
    if m := t["named"].search(s):
        name = re.sub(r"\s+", " ", m.group("m1"))
        calendar, month = t["months"][name]
        day = int(m.group("day") or 1)
        year = int(m.group("year"))
        if m.group("era") in ("هـ", "ه"):
            calendar = "h"
        date = (calendar, year, month, day)
    elif m := t["numeric"].search(s):
        if m.group("y"):
            year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            year, month, day = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        calendar = "h" if m.group("era") in ("هـ", "ه") or year < 1600 else "g"
        date = (calendar, year, month, day)
    if date is None:
        return None
    calendar, year, month, day = date
    if calendar == "h":
        from hijridate import Hijri

        try:
            g = Hijri(year, month, day, validate=True).to_gregorian()
        except (ValueError, OverflowError):
            return None
        year, month, day = g.year, g.month, g.day
    hour = minute = second = 0
    timed = False
    if tm := t["time"].search(s):
        timed = True
        hour, minute, second = int(tm.group("h")), int(tm.group("min")), int(tm.group("s") or 0)
        if tm.group("ampm") in t["pm"] and hour < 12:
            hour += 12
        elif tm.group("ampm") in t["am"] and hour == 12:
            hour = 0
    try:
        ts = pd.Timestamp(year=year, month=month, day=day, hour=hour, minute=minute, second=second, tz="UTC")
    except ValueError:
        return None
    return _in_zone(ts, s, t, timed)


def _in_zone(ts: pd.Timestamp, s: str, t: dict, timed: bool = True) -> pd.Timestamp:
    """A wall-clock time read as UTC, moved to UTC from the zone the text names: an offset
    (``+03:00``), GMT±n, or a named local time (``بتوقيت مكة المكرمة``, ``بتوقيت القاهرة``),
    the latter with that place's rules on that date (summer time included). A date without a
    time stays that date: only GMT±n moves it, as before."""
    if timed and (m := t["offset"].search(s)):
        _check_offset(m.group("sign"), int(m.group("h")), int(m.group("m")), s)
        offset = pd.Timedelta(hours=int(m.group("h")), minutes=int(m.group("m")))
        return ts - offset if m.group("sign") == "+" else ts + offset
    if timed and (m := t["local"].search(s)):
        zone = t["zones"][m.group("place")]
        try:
            return ts.tz_localize(None).tz_localize(zone, ambiguous=True, nonexistent="shift_forward").tz_convert("UTC")
        except (KeyError, ValueError):  # a zone database without that zone: keep the time as written
            return ts
    if (zone := t["zone"].search(s)) and zone.group("hours"):
        _check_offset(zone.group("sign") or "+", int(zone.group("hours")), 0, s)
        offset = pd.Timedelta(hours=int(zone.group("hours")))
        return ts - offset if zone.group("sign") != "-" else ts + offset
    return ts


#: The year of an RFC 822 date, as written ("01 Jan 0001").
_RFC822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?\s+(\d{1,4})\b")


def _held(ts: pd.Timestamp) -> bool:
    """Whether a datetime64[ns] column can hold the timestamp (1677-09-21 to 2262-04-11)."""
    return pd.Timestamp.min <= ts.tz_localize(None) <= pd.Timestamp.max


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
        if m := _ISO_OFFSET.search(text):
            _check_offset(m.group("sign"), int(m.group("h")), int(m.group("m") or 0), value)
        return ts
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        arabic = _parse_arabic(text)
        if arabic is None:
            raise ValueError(f"not a date in a form mediakit reads: {value!r}") from None
        return arabic
    if parsed.tzinfo is None:  # RFC 822 "-0000": zone unknown, taken as UTC
        parsed = parsed.replace(tzinfo=UTC)
    written = _RFC822_YEAR.search(text)
    if written and len(written.group(1)) > 2 and int(written.group(1)) != parsed.year:
        # the email parser reads a year below 100 as two digits (0001 as 2001): a year written
        # with four digits is that year
        parsed = parsed.replace(year=int(written.group(1)))
    minutes = int(parsed.utcoffset().total_seconds()) // 60
    _check_offset("-" if minutes < 0 else "+", abs(minutes) // 60, abs(minutes) % 60, value)
    return pd.Timestamp(parsed).tz_convert("UTC")


def parse_date(value: object) -> pd.Timestamp | None:
    """Parse one publication date to a UTC timestamp, or None.

    Accepts ISO 8601 (with or without a zone, ``T`` or space between date and time); RFC 822
    as used in RSS feeds (``Wed, 14 May 2025 09:30:00 +0100``, ``GMT``, named US zones); Unix
    epochs in seconds or milliseconds (numbers, or digit strings of 9 digits or more);
    ``YYYYMMDD``; numeric ``dd/mm/yyyy`` (day first, as the Arab press writes it); Arabic dates
    in any of the three Gregorian month-name systems or the Hijri calendar, with weekday
    prefixes, Arabic-Indic digits, era marks (م، هـ), times with ص/م, and a zone: an offset
    (``10:30 +03:00``), "بتوقيت غرينتش" (±n), or a named local time (``بتوقيت مكة المكرمة``,
    ``بتوقيت القاهرة``, ``بتوقيت السعودية`` …: the place's time zone on that date, summer time
    included; the places are listed in ``mediakit/data/dates.json``); and ``datetime``
    objects. Times without a zone are taken as UTC.

    Parameters
    ----------
    value : str, int, float or datetime

    Returns
    -------
    pandas.Timestamp or None
        Timezone-aware UTC; None when the value is not a date in one of these forms.

    Examples
    --------
    >>> parse_date("Wed, 14 May 2025 09:30:00 +0100")
    Timestamp('2025-05-14 08:30:00+0000', tz='UTC')
    >>> parse_date("٢٣ تشرين الأول ٢٠٢٠")
    Timestamp('2020-10-23 00:00:00+0000', tz='UTC')
    >>> parse_date("الأربعاء 14 أيار/مايو 2025 - 10:30 م")
    Timestamp('2025-05-14 22:30:00+0000', tz='UTC')
    >>> parse_date("16 ذو القعدة 1446 هـ")
    Timestamp('2025-05-14 00:00:00+0000', tz='UTC')
    >>> parse_date("الأحد 18 مايو 2025 - 10:30 ص بتوقيت القاهرة")
    Timestamp('2025-05-18 07:30:00+0000', tz='UTC')
    >>> parse_date("قريبا") is None
    True
    """
    try:
        return _parse_one(value)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return None


def parse_dates(values: pd.Series | list) -> tuple[pd.Series, pd.Series]:
    """Parse a column of publication dates, the fast way for the common forms.

    Parameters
    ----------
    values : Series or list
        Values in any of the forms :func:`parse_date` accepts; missing values and blank strings
        give ``NaT``. ISO 8601 strings are parsed in one vectorised call; the rest one by one.

    Returns
    -------
    parsed : Series of ``datetime64[ns, UTC]``
        ``NaT`` where the value was missing or could not be parsed.
    failed : Series of bool
        True where a value was given but is not a recognised date, or is a date outside the
        range of ``datetime64[ns]`` (1677-09-21 to 2262-04-11).

    Examples
    --------
    >>> parsed, failed = parse_dates(["2025-05-14T09:30:00+03:00", "5 جانفي 2021", "soon"])
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
        stripped = s[iso_like].str.strip()
        fast = pd.to_datetime(stripped, format="ISO8601", utc=True, errors="coerce")
        # an offset no place uses leaves the value to the one-by-one pass, which fails it
        zoned = stripped[~stripped.str.endswith("Z")]
        offsets = zoned.str.extract(_ISO_OFFSET).dropna(subset=["sign"])
        if len(offsets):
            minutes = offsets["h"].astype(int) * 60 + offsets["m"].fillna("0").astype(int)
            widest = offsets["sign"].map(_WIDEST)
            fast[offsets.index[(minutes > widest) | (offsets["m"].fillna("0").astype(int) > 59)]] = pd.NaT
        held = fast.between(pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC"))
        out[iso_like] = fast.where(held).astype(DTYPE)  # the others fail in the one-by-one pass
    todo = ~missing & out.isna()
    failed = pd.Series(False, index=s.index)
    for i in np.flatnonzero(todo.to_numpy()):
        try:
            ts = _parse_one(s.iat[i])
        except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
            failed.iat[i] = True
            continue
        if _held(ts):
            out.iat[i] = ts
        else:  # year 1 or 9999, an epoch in the year 5138: a date, but not one a datetime64[ns] holds
            failed.iat[i] = True
    out.index = index
    failed.index = index
    return out, failed


def find_date(text: str) -> pd.Timestamp | None:
    """The dateline of a longer text: a full date (day, month name, year, or numeric as
    ``2015/08/06``) near its start, or None.

    For pages whose metadata carry no date. The first date within the first 300 characters is
    taken; failing that, the first date followed by a time (a dateline further down the page),
    then the first date at all, so a birth date in the body does not beat the dateline. A time
    written right after the date is taken with it, with its zone when one is named (``+03:00``,
    ``بتوقيت مكة المكرمة``).

    Parameters
    ----------
    text : str

    Returns
    -------
    pandas.Timestamp or None
        Timezone-aware UTC.

    Examples
    --------
    >>> find_date("الرئيسية > سياسة | نشر في الأحد ١٨ أيار/مايو ٢٠٢٥ - ١٠:٣٠ ص | بغداد – قال الوزير")
    Timestamp('2025-05-18 10:30:00+0000', tz='UTC')
    >>> find_date("لا تاريخ هنا سوى عام 2025") is None
    True
    >>> find_date("تاريخ النشر: 2015/08/06 - 09:15 ص بتوقيت مكة المكرمة")
    Timestamp('2015-08-06 06:15:00+0000', tz='UTC')
    """
    if not isinstance(text, str) or not _ARABIC_OR_DIGITS.search(text):
        return None
    s = normalize(text).replace("ـ", "")
    t = _tables()
    spans = [(m.start(), m.end()) for m in t["named"].finditer(s) if m.group("day") is not None]
    spans += [(m.start(), m.end()) for m in t["numeric"].finditer(s)]
    found = []
    for start, end in sorted(spans):
        piece = s[start : end + 40]
        ts = _parse_arabic(piece)
        if ts is not None:
            timed = t["time"].match(piece[end - start :].lstrip(" -–—|،,")) is not None
            found.append((start, timed, ts))
    if not found:
        return None
    # the dateline: a date near the start wins over one in the body (a birth date, an anniversary)
    for start, _, ts in found:
        if start < _DATELINE_REACH:
            return ts
    return next((ts for _, timed, ts in found if timed), found[0][2])
