"""Tables and notes as a reader wants them in a notebook or a shared report.

:func:`pretty` formats a result table for reading (shares as percentages, counts with thousands
separators, periods as dates, p-values as ``< 0.001``) without changing the data; :func:`note`
shows a short remark, e.g. why a section does not apply to this corpus.
"""

from __future__ import annotations

import datetime
import html

import numpy as np
import pandas as pd

__all__ = ["note", "pretty", "wide_terms"]

_PERCENT = ("share", "percent", "pct")
_P_VALUES = ("p", "p_value", "pvalue")


def _date_format(values: pd.Series) -> str:
    dated = pd.to_datetime(values.dropna())
    if dated.empty:
        return "%Y-%m-%d"
    times = dated.dt.tz_localize(None) if dated.dt.tz is not None else dated
    if (times.dt.normalize() != times).any():
        return "%Y-%m-%d %H:%M"
    if (times.dt.day == 1).all() and times.nunique() > 1:
        return "%Y-%m"
    return "%Y-%m-%d"


def _formatter(name: str, values: pd.Series):
    key = str(name).lower()
    if pd.api.types.is_datetime64_any_dtype(values):
        fmt = _date_format(values)
        return lambda v: "" if pd.isna(v) else f"{v:{fmt}}"
    if pd.api.types.is_bool_dtype(values):
        return None
    if pd.api.types.is_integer_dtype(values):
        return lambda v: "" if pd.isna(v) else f"{int(v):,}"
    if pd.api.types.is_float_dtype(values):
        if key in _P_VALUES:
            return lambda v: "" if pd.isna(v) else ("< 0.001" if v < 0.001 else f"{v:.3f}")
        if any(key == p or key.endswith("_" + p) for p in _PERCENT):
            return lambda v: "" if pd.isna(v) else f"{v:.1%}"
        finite = values[np.isfinite(values)] if len(values) else values
        if len(finite) and (finite == finite.round()).all():
            return lambda v: "" if pd.isna(v) else f"{v:,.0f}"
        big = len(finite) and finite.abs().max() >= 100
        return lambda v: "" if pd.isna(v) else (f"{v:,.1f}" if big else f"{v:,.2f}")
    return None


def pretty(table: pd.DataFrame, *, caption: str | None = None, percent: bool = False):
    """A table formatted for reading; the numbers underneath are unchanged.

    Columns named ``share`` (or ending in ``_share``) become percentages with one decimal;
    integers get thousands separators; other floats are rounded (two decimals, one from 100 up);
    ``p`` values below 0.001 read ``< 0.001``; dates read ``2018-05-14``, periods that all start
    a month ``2018-05``, times ``2018-05-14 09:30``. Every row and column is shown (pandas'
    display limits do not cut it to ``...``). An unnamed integer index (row numbers) is hidden.

    Parameters
    ----------
    table : pandas.DataFrame
    caption : str, optional
        A line above the table (e.g. "20 of 843 passages").
    percent : bool, default False
        Every float column is a share (e.g. a pivot of shares, one column per outlet).

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> t = pd.DataFrame({"entity": ["مصر"], "articles": [1234], "share": [0.1234],
    ...                   "period": pd.to_datetime(["2018-05-01"], utc=True)})
    >>> html = pretty(t).to_html()
    >>> "1,234" in html and "12.3%" in html and "2018-05-01" in html
    True
    >>> "&lt;script&gt;" in pretty(pd.DataFrame({"title": ["<script>alert(1)</script>"]})).to_html()
    True
    """
    frame = table.copy()
    styler = frame.style
    formats = {}
    for column in frame.columns:
        fmt = _formatter("share" if percent else column, frame[column])
        if fmt is not None:
            formats[column] = fmt
    # text from the articles is shown as text, never as markup
    styler = styler.format(formats, na_rep="", escape="html")
    styler = styler.format_index(escape="html", axis=1)
    if len(frame.index) and all(isinstance(v, (datetime.date, pd.Timestamp)) for v in frame.index):
        fmt = _date_format(pd.Series(pd.to_datetime(list(frame.index))))
        styler = styler.format_index(lambda v: f"{pd.Timestamp(v):{fmt}}", axis=0)
    else:
        styler = styler.format_index(escape="html", axis=0)
    if frame.index.name is None and pd.api.types.is_integer_dtype(frame.index):  # row numbers, not data
        styler = styler.hide(axis="index")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def wide_terms(frequencies: pd.DataFrame, *, by: str, top: int = 15, labels=None) -> pd.DataFrame:
    """Top terms side by side: one column per group, rank by rank.

    Parameters
    ----------
    frequencies : pandas.DataFrame
        The output of :func:`mediakit.term_frequencies` with ``by``.
    by : str
    top : int, default 15
    labels : callable, optional
        Term → written form (``analyzer.label``).

    Returns
    -------
    pandas.DataFrame
        Index ``rank`` (1 …), one column per group, in order of the groups' sizes.

    Examples
    --------
    >>> f = pd.DataFrame({"source": ["a", "a", "b"], "term": ["نفط", "غاز", "قمح"], "count": [5, 2, 7]})
    >>> wide_terms(f, by="source", top=2)["a"].tolist()
    ['نفط', 'غاز']
    """
    label = labels or (lambda t: t)
    sizes = frequencies.groupby(by)["count"].sum().sort_values(ascending=False, kind="stable")
    columns = {}
    for group in sizes.index:
        part = frequencies[frequencies[by] == group].sort_values(["count", "term"], ascending=[False, True])
        columns[str(group)] = [label(t) for t in part["term"].head(top)]
    width = max((len(v) for v in columns.values()), default=0)
    out = pd.DataFrame({k: v + [""] * (width - len(v)) for k, v in columns.items()})
    out.index = pd.RangeIndex(1, width + 1, name="rank")
    return out


class _Note:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Note: {self.text}"

    def _repr_html_(self) -> str:
        return f'<p class="mediakit-note">Note: {html.escape(self.text)}</p>'

    def _repr_markdown_(self) -> str:
        return f"> **Note:** {self.text}"


def note(text: str) -> _Note:
    """A short remark shown in a notebook, e.g. why a section does not apply to this corpus.

    Examples
    --------
    >>> note("one outlet: no outlet comparison")
    Note: one outlet: no outlet comparison
    """
    return _Note(text)
