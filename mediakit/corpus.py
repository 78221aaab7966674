"""The article schema: reading corpora, the demo corpus, cleaning and de-duplication.

An *articles frame* is a :class:`pandas.DataFrame` with the columns ``id, source, url,
published, title, text`` (``published`` is ``datetime64[ns, UTC]``); any further columns of
the input are kept after them.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import warnings
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from mediakit._progress import progress_bar
from mediakit._schema import COLUMNS, canonical_url, stable_id
from mediakit.arabic import normalize, parse_date, parse_dates
from mediakit.arabic.dates import _held, _parse_one
from mediakit.arabic.tokenize import WORD_RUN
from mediakit.boilerplate import apply_boilerplate, learn_boilerplate
from mediakit.store import ArticleStore, StoreError, is_store

__all__ = [
    "COLUMNS",
    "CorpusError",
    "CorpusWarning",
    "article_counts",
    "clean_articles",
    "corpus_summary",
    "deduplicate",
    "filter_articles",
    "load_sample",
    "parse_jsonl",
    "period_start",
    "read_articles",
    "sample_path",
    "write_articles",
]

#: Other names under which the schema fields arrive in exported data (used only when the
#: canonical name is absent).
ALIASES = {
    "published": ("date", "pubdate", "pub_date", "published_at", "publish_date", "datetime", "timestamp"),
    "text": ("body", "content", "article"),
    "title": ("headline",),
    "url": ("link",),
    "source": ("outlet", "site", "publisher"),
}

FORMATS = ("jsonl", "json", "csv", "tsv", "parquet", "txt", "sqlite")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
}
_HEADER_KEYS = ("published", "date", "url", "source", "id", "title")
_HEADER_LINE = re.compile(r"^(" + "|".join(_HEADER_KEYS) + r")\s*:\s*(.*)$", re.IGNORECASE)
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_BLOCK = 1 << 20  # bytes read at a time
# Records are checked a chunk at a time (so many records, or so many characters of them):
# memory holds the result and one chunk, not the file.
_CHUNK_RECORDS = 10_000
_CHUNK_CHARS = 4_000_000
_SHOWN = 300  # characters of a whole bad record kept in its problem
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class CorpusError(ValueError):
    """A corpus file or record that cannot be read; the message names file, line, field and value."""


class CorpusWarning(UserWarning):
    """Records were skipped or dropped; the message gives the count and the first reasons."""


@dataclass(frozen=True)
class _Problem:
    file: str
    unit: str  # "line", "row" or "" (a whole file)
    number: int | None
    field: str
    value: object
    reason: str

    def where(self) -> str:
        return f"{self.file}, {self.unit} {self.number}" if self.unit else self.file

    def __str__(self) -> str:
        if self.field == "<file>":  # a fault of the file itself: the reason names it
            return self.reason if not self.unit else f"{self.where()}: {self.reason}"
        shown = "(missing)" if _is_missing(self.value) else repr(self.value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        return f"{self.where()}: field {self.field!r} = {shown}: {self.reason}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line" if self.unit == "line" else "row": self.number,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


# ---------------------------------------------------------------------------------------------
# Reading


def _detect_format(path: Path) -> str:
    if is_store(path):
        return "sqlite"
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise CorpusError(
            f"{path}: cannot tell the format from the file name; pass format= one of {', '.join(FORMATS)}"
        )
    return fmt


def _windows_hint(path: Path, encoding: str, byte: bytes) -> str:
    return (
        f"not {encoding} text (byte 0x{byte.hex()}). Arabic files saved on Windows are often windows-1256: "
        f"read_articles({str(path)!r}, encoding='cp1256')"
    )


def _read_text(path: Path, encoding: str) -> str:
    """A whole file as text (``.txt`` articles and JSON arrays); faults are a :class:`CorpusError`."""
    cut: list[_Problem] = []
    data = b"".join(_byte_blocks(path, cut))
    if cut:
        raise CorpusError(str(cut[0]))
    try:
        return data.decode(_codec(encoding))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = _windows_hint(path, encoding, data[exc.start : exc.start + 1])
        raise CorpusError(f"{path}, line {line}: {hint}") from None


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _byte_blocks(path: Path, problems: list[_Problem], state: dict | None = None) -> Iterator[bytes]:
    """The file's bytes in blocks, gunzipped when it ends in ``.gz`` (each block expands to
    1 MB at most, whatever the compression ratio).

    A gzip file that ends early (a cut download) or is damaged part way gives the blocks before
    the fault; the fault is added to ``problems`` at the line where the data stops
    (``state["lines"]`` counts the lines given so far; ``state["cut"]`` is then set). A file
    that is not gzip at all is a :class:`CorpusError`."""
    state = {"lines": 0} if state is None else state
    with open(path, "rb") as handle:
        if path.suffix.lower() != ".gz":
            while block := handle.read(_BLOCK):
                yield block
            return
        inflate, pending, started = zlib.decompressobj(wbits=31), b"", False
        while True:
            if not pending:
                pending = handle.read(_BLOCK)
                if not pending:
                    if started and not inflate.eof:
                        fault = "the gzip data ends early"
                        break
                    return
                if inflate.eof:  # another gzip member follows
                    inflate = zlib.decompressobj(wbits=31)
            try:
                block = inflate.decompress(pending, _BLOCK)
            except zlib.error as exc:
                if not started:
                    raise CorpusError(f"{path}: not a readable gzip file ({exc})") from None
                fault = f"the gzip data is damaged ({exc})"
                break
            started = True
            pending = inflate.unconsumed_tail or inflate.unused_data
            if inflate.eof and inflate.unused_data:
                inflate = zlib.decompressobj(wbits=31)
            if block:
                yield block
    line, state["cut"] = state["lines"] + 1, True
    problems.append(_Problem(str(path), "line", line, "<file>", None, f"{fault}; the lines before were read"))


def _text_lines(path: Path, encoding: str, problems: list[_Problem]) -> Iterator[tuple[int, str, bool]]:
    """``(number, line, ok)`` for each line of a text file, read a block at a time.

    Each line is decoded on its own, so a byte that is not in ``encoding`` costs its line only:
    it is added to ``problems`` and the line is given decoded with replacement characters and
    ``ok`` false (a CSV reader needs it to keep its quoting in step). Lines keep no ``"\\n"``."""
    codec = _codec(encoding)
    if not "a\n".encode(codec).endswith(b"a\n"):  # UTF-16 and the like: no byte-wise line splitting
        text = _read_text(path, encoding)
        for number, line in enumerate(text.split("\n"), start=1):
            yield number, line, True
        return
    state = {"lines": 0, "cut": False}
    rest = b""
    for block in _byte_blocks(path, problems, state):
        data = rest + block
        end = data.rfind(b"\n")
        rest, data = data[end + 1 :], data[:end]
        if end < 0:
            continue
        try:  # the whole block at once; line by line only when it holds a bad byte
            text = data.decode(codec if state["lines"] == 0 else _codec_after_start(codec))
        except UnicodeDecodeError:
            for piece in data.split(b"\n"):
                state["lines"] += 1
                yield _decoded(path, state["lines"], piece, codec, encoding, problems)
            continue
        for line in text.split("\n"):
            state["lines"] += 1
            yield state["lines"], line, True
    if rest and not state["cut"]:  # a line cut by the end of the data is the fault already counted
        state["lines"] += 1
        yield _decoded(path, state["lines"], rest, codec, encoding, problems)


def _codec_after_start(codec: str) -> str:
    return "utf-8" if codec == "utf-8-sig" else codec  # a byte order mark only starts a file


def _decoded(
    path: Path, number: int, raw: bytes, codec: str, encoding: str, problems: list[_Problem]
) -> tuple[int, str, bool]:
    try:
        return number, raw.decode(codec), True
    except UnicodeDecodeError as exc:
        shown = raw[max(exc.start - 20, 0) : exc.start + 20].decode(codec, "replace")
        problems.append(
            _Problem(
                str(path),
                "line",
                number,
                "<record>",
                shown,
                _windows_hint(path, encoding, raw[exc.start : exc.start + 1]),
            )
        )
        return number, raw.decode(codec, "replace"), False


def _lone_surrogate(record: dict) -> tuple[str, object] | None:
    """The first field holding a lone UTF-16 surrogate (``"\\ud800"`` in JSON), which no file or
    database can store, as ``(field, value)``."""
    for key, value in record.items():
        if _SURROGATE.search(str(key)) or _SURROGATE.search(json.dumps(value, ensure_ascii=False, default=str)):
            return str(key), value
    return None


def _json_record(path: Path, unit: str, number: int, obj: object, source: str) -> dict | _Problem:
    """A parsed JSON record, checked: an object, no lone surrogate, the id as written."""
    if not isinstance(obj, dict):
        return _Problem(str(path), unit, number, "<record>", _shorter(obj), "a JSON object was expected")
    if "\\u" in source and _SURROGATE_ESCAPE.search(source) and (found := _lone_surrogate(obj)):
        field, value = found
        return _Problem(str(path), unit, number, field, value, "holds a lone surrogate (\\ud800-\\udfff), not text")
    ident = obj.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        obj["id"] = str(ident)
    elif isinstance(ident, float):  # the number as written, not as a float prints it
        obj["id"] = json.loads(source, parse_float=str)["id"] if unit == "line" else repr(ident)
    return obj


def _shorter(value: object) -> object:
    """Whole records shown in problems are cut to a few hundred characters."""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return value[:_SHOWN] + "…" if isinstance(value, str) and len(value) > _SHOWN else value


def _records_jsonl(
    path: Path, lines: Iterable[tuple[int, str, bool]], problems: list[_Problem]
) -> Iterator[tuple[dict, int, int]]:
    for number, line, ok in lines:
        if not ok or not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                _Problem(str(path), "line", number, "<record>", _shorter(line.strip()), f"invalid JSON ({exc.msg})")
            )
            continue
        except RecursionError:
            problems.append(
                _Problem(
                    str(path), "line", number, "<record>", _shorter(line.strip()), "JSON nested too deeply to read"
                )
            )
            continue
        checked = _json_record(path, "line", number, obj, line)
        if isinstance(checked, _Problem):
            problems.append(checked)
        else:
            yield checked, number, len(line)


def _records_json(path: Path, encoding: str, problems: list[_Problem]) -> Iterator[tuple[dict, int, int]]:
    """A JSON array of records (read whole: a JSON document cannot be read a line at a time)."""
    text = _read_text(path, encoding)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{"):  # JSON Lines under a .json name
            lines = ((n, line, True) for n, line in enumerate(text.split("\n"), start=1))
            yield from _records_jsonl(path, lines, problems)
            return
        raise CorpusError(f"{path}, line {exc.lineno}: invalid JSON ({exc.msg})") from None
    except RecursionError:
        raise CorpusError(f"{path}: JSON nested too deeply to read") from None
    if isinstance(data, dict):
        data = data.get("articles", [data])
    if not isinstance(data, list):
        raise CorpusError(f"{path}: expected a list of article objects")
    exact_ids = None
    for number, obj in enumerate(data, start=1):
        if isinstance(obj, dict) and isinstance(obj.get("id"), float):
            if exact_ids is None:  # the ids as written, from a second parse keeping number text
                again = json.loads(text, parse_float=str)
                exact_ids = again.get("articles", [again]) if isinstance(again, dict) else again
            obj["id"] = exact_ids[number - 1]["id"]
        checked = _json_record(path, "row", number, obj, text)
        if isinstance(checked, _Problem):
            problems.append(checked)
        else:
            yield checked, number, 0  # read whole anyway


def _records_csv(
    path: Path, lines: Iterable[tuple[int, str, bool]], delimiter: str, problems: list[_Problem]
) -> Iterator[tuple[dict, int, int]]:
    undecodable: set[int] = set()  # lines that were not in the encoding

    def physical() -> Iterator[str]:
        for number, line, ok in lines:
            if not ok:
                undecodable.add(number)
            yield line + "\n"

    reader = csv.reader(physical(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise CorpusError(f"{path}, line 1: unreadable CSV header ({exc})") from None
    header = [h.strip() for h in header]
    if 1 in undecodable:
        raise CorpusError(f"{problems.pop()}")
    seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if name in seen:
            raise CorpusError(
                f"{path}, line 1: the header names {name!r} twice (columns {seen[name]} and {column}); "
                "rename one so that no field is lost"
            )
        seen[name] = column
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_Problem(str(path), "line", start, "<record>", "", f"unreadable CSV ({exc})"))
            start = reader.line_num + 1
            continue
        end, first = reader.line_num, start
        start = end + 1
        if undecodable and any(n in undecodable for n in range(first, end + 1)):
            continue  # already a problem of its line
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                _Problem(
                    str(path),
                    "line",
                    first,
                    "<record>",
                    _shorter(delimiter.join(row)),
                    f"{len(row)} fields where the header has {len(header)}",
                )
            )
        else:
            record = {k: (v if v != "" else None) for k, v in zip(header, row, strict=True)}
            yield record, first, sum(map(len, row))


def _parse_txt(path: Path, text: str) -> dict:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    if lines and _HEADER_LINE.match(lines[0].strip()):
        while i < len(lines) and (m := _HEADER_LINE.match(lines[i].strip())):
            meta[m.group(1).lower()] = m.group(2).strip()
            i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    title = meta.pop("title", None)
    if title is None:
        title = lines[i].strip() if i < len(lines) else ""
        i += 1
    body = "\n".join(lines[i:]).strip("\n")
    record: dict[str, object] = {
        "id": meta.pop("id", path.stem),
        "source": meta.pop("source", path.parent.name),
        "title": title,
        "text": body,
    }
    published = meta.pop("published", None) or meta.pop("date", None)
    if published is None and (m := _NAME_DATE.search(path.stem)):
        published = "-".join(m.groups())
    record["published"] = published
    record["url"] = meta.pop("url", None)
    return record


def _readable_in_folder(path: Path) -> bool:
    """Files of a folder that read_articles reads: known suffixes; SQLite suffixes only when the
    file really is SQLite (a Windows ``Thumbs.db`` is not)."""
    if not path.is_file() or path.name.startswith("."):
        return False
    suffix = (path.suffixes[-2] if path.suffix == ".gz" and len(path.suffixes) > 1 else path.suffix).lower()
    fmt = _SUFFIXES.get(suffix)
    return fmt is not None and (fmt != "sqlite" or is_store(path))


def _expand(path: str | PathLike | Sequence[str | PathLike]) -> list[Path]:
    if isinstance(path, (str, PathLike)):
        items = [Path(path)]
    else:
        items = [Path(p) for p in path]
        if not items:
            raise CorpusError("read_articles was given an empty list of paths")
    out: list[Path] = []
    for item in items:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if _readable_in_folder(p))
            if not found:
                raise CorpusError(f"{item}: the folder holds no .txt, .jsonl, .csv or .parquet files")
            out.extend(found)
        elif item.exists():
            out.append(item)
        else:
            raise CorpusError(f"{item}: no such file or folder")
    return out


def _located(frame: pd.DataFrame, path: Path, unit: str, numbers: Sequence) -> pd.DataFrame:
    frame["_file"], frame["_unit"], frame["_number"] = str(path), unit, pd.Series(numbers, dtype=object)
    return frame


def _raw_frame(records: list[dict]) -> pd.DataFrame:
    """Records as a frame of Python objects: checking them needs no conversion to and from
    Arrow strings (:func:`_typed` gives a checked chunk its dtypes)."""
    return pd.DataFrame(records, dtype=object)


def _file_chunks(path: Path, fmt: str, encoding: str, problems: list[_Problem]) -> Iterator[pd.DataFrame]:
    """One file as raw frames of up to ``_CHUNK_RECORDS`` records or ``_CHUNK_CHARS``
    characters, with ``_file``, ``_unit``, ``_number`` location columns. JSON Lines and CSV
    are read a block at a time, so memory holds one chunk, not the file; bad lines go to
    ``problems``; faults that make the whole file unreadable raise :class:`CorpusError`."""
    if fmt == "sqlite":
        try:
            with ArticleStore(path, readonly=True) as store:
                frame = store.to_frame()
        except StoreError as exc:
            raise CorpusError(str(exc)) from None
        yield _located(frame, path, "row", np.arange(1, len(frame) + 1))
        return
    if fmt == "parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a broken file
            raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from None
        yield _located(frame.reset_index(drop=True), path, "row", np.arange(1, len(frame) + 1))
        return
    if fmt == "txt":
        yield _located(pd.DataFrame.from_records([_parse_txt(path, _read_text(path, encoding))]), path, "", [None])
        return
    if fmt == "json":
        records, unit = _records_json(path, encoding, problems), "row"
    elif fmt == "jsonl":
        records, unit = _records_jsonl(path, _text_lines(path, encoding, problems), problems), "line"
    else:
        lines = _text_lines(path, encoding, problems)
        records, unit = _records_csv(path, lines, "\t" if fmt == "tsv" else ",", problems), "line"
    objs: list[dict] = []
    numbers: list[int] = []
    size = 0
    for obj, number, chars in records:
        objs.append(obj)
        numbers.append(number)
        size += chars
        if len(objs) == _CHUNK_RECORDS or size >= _CHUNK_CHARS:
            yield _located(_raw_frame(objs), path, unit, numbers)
            objs, numbers, size = [], [], 0
    if objs:
        yield _located(_raw_frame(objs), path, unit, numbers)


def _problem_at(frame: pd.DataFrame, i: int, field: str, value: object, reason: str) -> _Problem:
    number = frame["_number"].iat[i]
    return _Problem(
        frame["_file"].iat[i], frame["_unit"].iat[i], None if pd.isna(number) else int(number), field, value, reason
    )


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def parse_jsonl(path: str | PathLike, text: str, *, source: str | None = None) -> tuple[pd.DataFrame, list]:
    """Articles from JSON Lines ``text`` read from ``path`` (lines numbered from 1): the good
    records, checked as :func:`read_articles` checks them (with its ``_file``, ``_unit`` and
    ``_number`` columns still on), and the problems found, each naming file, line, field and value.

    Examples
    --------
    >>> good, problems = parse_jsonl("a.jsonl", '{"id": "1", "source": "x", "text": "نص"}\\n{oops')
    >>> len(good), str(problems[0]).startswith("a.jsonl, line 2")
    (1, True)
    """
    path = Path(path)
    problems: list[_Problem] = []
    lines = ((number, line, True) for number, line in enumerate(text.split("\n"), start=1))
    found = list(_records_jsonl(path, lines, problems))
    records, numbers = [r for r, _, _ in found], [n for _, n, _ in found]
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=COLUMNS)
    frame = _located(frame, path, "line", numbers)
    if frame.empty:
        return frame.reindex(columns=COLUMNS), problems
    good, bad = _validate(frame, source)
    return good, [*problems, *bad]


_DATE_FORMS = "not a date in a form mediakit reads (ISO 8601, RFC 822, Unix epoch, Arabic)"
_NS_RANGE = (
    f"a date outside the range an articles frame holds ({pd.Timestamp.min:%Y-%m-%d} to {pd.Timestamp.max:%Y-%m-%d})"
)


def _date_reason(value: object) -> str:
    """Why a publication date was not read: out of range, a UTC offset no zone has, or not a date."""
    stamp = parse_date(value)
    if stamp is not None and not _held(stamp):
        return _NS_RANGE
    try:
        _parse_one(value)
    except (ValueError, OverflowError) as exc:
        if "offset" in str(exc):
            return str(exc)
    return _DATE_FORMS


def _validate(frame: pd.DataFrame, source: str | None, *, first: bool = True) -> tuple[pd.DataFrame, list[_Problem]]:
    """Check and convert one raw frame. A frame that is not its file's ``first`` chunk is not
    refused for lacking a field: its records are, one by one."""
    file = frame["_file"].iat[0]
    for field, names in ALIASES.items():
        if field not in frame.columns:
            alias = next((n for n in frame.columns if str(n).lower() in names), None)
            if alias is None:
                alias = next((n for n in frame.columns if str(n).lower() == field), None)
            if alias is not None:
                frame = frame.rename(columns={alias: field})
    if not first:
        for field in ("text", "source"):
            if field not in frame.columns and (field == "text" or source is None):
                frame[field] = None
    if "text" not in frame.columns:
        raise CorpusError(
            f"{file}: no 'text' field (columns: {', '.join(map(str, frame.columns[:-3]))}); "
            "the article body must be in a field named text, body or content"
        )
    if source is not None:
        frame["source"] = frame["source"].fillna(source) if "source" in frame.columns else source
    elif "source" not in frame.columns:
        raise CorpusError(f"{file}: no 'source' field; pass source='outlet name' to set one for the whole file")
    for field in ("id", "url", "title", "published"):
        if field not in frame.columns:
            frame[field] = None
    bad = np.zeros(len(frame), dtype=bool)
    problems: list[_Problem] = []

    def check(field: str, ok: pd.Series, reason: str) -> None:
        for i in np.flatnonzero(~ok.to_numpy(dtype=bool) & ~bad):
            problems.append(_problem_at(frame, i, field, frame[field].iat[i], reason))
            bad[i] = True

    check("text", frame["text"].map(lambda v: isinstance(v, str)), "missing or not text")
    check("source", frame["source"].map(lambda v: isinstance(v, str) and bool(v.strip())), "missing or empty")
    check("url", frame["url"].map(lambda v: _is_missing(v) or isinstance(v, str)), "not text")
    check("title", frame["title"].map(lambda v: _is_missing(v) or isinstance(v, str)), "not text")
    check("id", frame["id"].map(lambda v: _is_missing(v) or isinstance(v, (str, int))), "not a string or integer")
    published, failed = parse_dates(frame["published"])
    for i in np.flatnonzero(failed.to_numpy(dtype=bool) & ~bad):
        value = frame["published"].iat[i]
        problems.append(_problem_at(frame, i, "published", value, _date_reason(value)))
        bad[i] = True
    frame = frame.assign(published=published)
    frame["title"] = frame["title"].where(frame["title"].notna(), "")
    frame["url"] = frame["url"].where(frame["url"].map(lambda v: isinstance(v, str) and bool(v.strip())), None)
    ids = frame["id"].map(lambda v: None if _is_missing(v) else str(v).strip())
    missing = ids.isna() | (ids == "")
    if missing.any():
        ids[missing] = [
            stable_id(u, t, x)
            for u, t, x in zip(frame["url"][missing], frame["title"][missing], frame["text"][missing], strict=True)
        ]
    frame["id"] = ids
    return frame[~bad], problems


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """A checked chunk with the dtypes of an articles frame (text columns as ``str``, further
    columns as pandas infers them), so the chunks kept until the end are compact."""
    text = ["id", "source", "title", "text", "url"]
    extra = {
        c: frame[c].infer_objects().dtype for c in frame.columns if c not in COLUMNS and not str(c).startswith("_")
    }
    return frame.astype({**dict.fromkeys(text, "str"), **extra})


def _file_error(path: Path, exc: Exception) -> CorpusError:
    """A fault of a whole file as a :class:`CorpusError` that names the file."""
    if isinstance(exc, CorpusError):
        return exc
    return CorpusError(
        f"{path}: cannot be read ({exc.strerror or exc})" if isinstance(exc, OSError) else f"{path}: {exc}"
    )


def _report(problems: list[_Problem], errors: str, total: int) -> None:
    if not problems:
        return
    if errors == "raise":
        first = problems[0]
        more = f" ({len(problems) - 1} more bad records; errors='skip' reads the rest)" if len(problems) > 1 else ""
        raise CorpusError(f"{first}{more}")
    files = [p for p in problems if not p.unit]
    records = len(problems) - len(files)
    what = [f"{records} bad records of {total}"] if records else []
    what += [f"{len(files)} unreadable file{'s' if len(files) > 1 else ''}"] if files else []
    shown = files[:3] + [p for p in problems if p.unit][: 3 - min(len(files), 3)]
    reasons = "; ".join(str(p) for p in shown)
    warnings.warn(
        f"skipped {' and '.join(what)}: {reasons}"
        + (" ..." if len(problems) > len(shown) else "")
        + " (all listed in df.attrs['skipped'])",
        CorpusWarning,
        stacklevel=3,
    )


def read_articles(
    path: str | PathLike | Sequence[str | PathLike],
    *,
    format: str | None = None,
    errors: str = "raise",
    encoding: str = "utf-8",
    source: str | None = None,
    engine: str = "pandas",
    blocksize: int = 64_000_000,
) -> pd.DataFrame:
    """Read a corpus of articles into an articles frame.

    Reads JSON Lines (``.jsonl``, ``.ndjson``, also gzipped), JSON arrays, CSV/TSV, Parquet, an
    :class:`~mediakit.ArticleStore` file (any SQLite file, whatever its name), and folders. A
    folder is read recursively: each ``.txt`` file in it is one article, any data files are read
    as above. A ``.txt`` article is written the usual way: the title on the first
    line, a blank line, then the body. It may start with a header block of ``key: value`` lines
    (``published``, ``url``, ``source``, ``id``, ``title``) ended by a blank line. Its source is
    the name of its folder, its id the file name without extension, and its date comes from the
    ``published:`` header or, failing that, a date in the file name (``2025-05-14``/``20250514``).

    Fields may also arrive as ``date``/``pubdate``, ``body``/``content``, ``headline``, ``link``
    or ``outlet``; they are renamed. ``published`` accepts ISO 8601, RFC 822 feed dates and Unix
    epochs (see :func:`mediakit.arabic.parse_date`); times without a zone are taken as UTC; a
    missing date gives ``NaT``. A missing ``id`` becomes a stable hash of the url, or of title and
    text when there is no url. A missing title becomes ``""``.

    Parameters
    ----------
    path : str, path, or a list of them
        Files or folders. Records from several files are concatenated in the order given.
    format : {"jsonl", "json", "csv", "tsv", "parquet", "txt", "sqlite"}, optional
        Overrides the format told by the file name (for every file given).
    errors : {"raise", "skip"}, default "raise"
        ``"raise"``: the first bad record raises :class:`CorpusError` naming the file, the line
        (JSON Lines, CSV) or row (JSON, Parquet), the field and the value; reading stops there.
        ``"skip"``: good records are returned, the bad ones are reported in one
        :class:`CorpusWarning` with the count and the first reasons, and listed (as dicts) in
        ``df.attrs["skipped"]``. A bad record is also a line that is not in ``encoding`` (it
        costs that line only), invalid or too deeply nested JSON, text holding a lone surrogate,
        or a date outside 1677-2262 (the range of ``datetime64[ns]``). A gzip file that ends
        early gives the lines it holds, its end counted as one bad record; a file of a folder
        that cannot be read at all is skipped and named in the warning.
    encoding : str, default "utf-8"
        Text encoding of the files; ``"cp1256"`` for Windows Arabic.
    source : str, optional
        The source of every article that has none (files without a ``source`` field).
    engine : {"pandas", "dask"}, default "pandas"
        ``"dask"`` returns a lazy ``dask.dataframe.DataFrame`` with the same schema, for
        corpora larger than memory (Parquet files and datasets, JSON Lines, stores; see
        ``mediakit.scale``); bad records then raise when the partition is computed.
    blocksize : int, default 64 MB
        With ``engine="dask"``: bytes of an uncompressed JSON Lines file per partition.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, source, url, published, title, text``, then any other input columns.

    Raises
    ------
    CorpusError
        Unreadable files (with ``errors="skip"``, only when no file could be read), a CSV header
        naming a field twice, missing required fields, bad records (with ``errors="raise"``), and
        duplicate ids (naming both records).

    Notes
    -----
    JSON Lines and CSV files are read a block at a time and checked in chunks, so memory holds
    the result and one chunk, not the file; a fault of the whole file (no ``text`` field) stops
    the reading at the first chunk. A JSON array is read whole. Ids are kept as written (``7``
    and ``"7"`` are ``"7"``; a number above 2**53 keeps every digit).

    Examples
    --------
    >>> df = read_articles(sample_path())
    >>> df.columns[:6].tolist()
    ['id', 'source', 'url', 'published', 'title', 'text']
    >>> str(df["published"].dtype)
    'datetime64[ns, UTC]'
    """
    if engine != "pandas":
        raise ValueError(
            f"engine {engine!r}: this reader is the pandas engine; mediakit.read_articles (mk.read_articles) "
            "chooses the engine (engine='dask' needs mediakit[scale])"
        )
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    frames, problems, unreadable = [], [], []
    files_read = _expand(path)
    for file in files_read:
        try:
            for number, raw in enumerate(_file_chunks(file, format or _detect_format(file), encoding, problems)):
                good, bad = _validate(raw, source, first=number == 0)
                problems.extend(bad)
                frames.append(_typed(good))
                if errors == "raise" and problems:
                    break  # the first bad record is the answer: read no further
        except (CorpusError, OSError) as exc:
            if errors == "raise" or len(files_read) == 1:
                raise _file_error(file, exc) from None
            # errors="skip": the folder's other files are still read; this one is named
            unreadable.append(_Problem(str(file), "", None, "<file>", None, str(_file_error(file, exc))))
        if errors == "raise" and problems:
            break
    if unreadable and len(unreadable) == len(files_read):
        raise CorpusError(f"no file could be read: {'; '.join(p.reason for p in unreadable[:3])}")
    total = sum(len(f) for f in frames) + len(problems)
    problems.extend(unreadable)
    if frames:
        df = pd.concat(frames, ignore_index=True)
    else:
        df = pd.DataFrame(columns=[*COLUMNS, "_file", "_unit", "_number"])
    dup = df["id"].duplicated(keep="first")
    if dup.any():
        first_at = {}
        for i in np.flatnonzero(~dup.to_numpy()):
            first_at.setdefault(df["id"].iat[i], i)
        for i in np.flatnonzero(dup.to_numpy()):
            j = first_at[df["id"].iat[i]]
            other = _problem_at(df, j, "id", None, "").where()
            problems.append(_problem_at(df, i, "id", df["id"].iat[i], f"duplicate id, first used at {other}"))
        df = df[~dup]
    rank = {str(file): i for i, file in enumerate(files_read)}
    problems.sort(key=lambda p: (rank.get(p.file, 0), p.number or 0))
    _report(problems, errors, total)
    extra = [c for c in df.columns if c not in COLUMNS and not str(c).startswith("_")]
    out = df[COLUMNS + extra].reset_index(drop=True)
    out["published"] = out["published"].astype("datetime64[ns, UTC]")
    for column in ("id", "source", "title", "text", "url"):
        out[column] = out[column].astype("str")
    out.attrs["skipped"] = [p.as_dict() for p in problems]
    return out


def sample_path() -> Path:
    """Path of the embedded demo corpus (``data/sample/articles.jsonl``).

    Examples
    --------
    >>> sample_path().name
    'articles.jsonl'
    """
    candidates = [
        Path(__file__).resolve().parent.parent / "data" / "sample" / "articles.jsonl",
        Path(str(files("mediakit"))) / "sample" / "articles.jsonl",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        "the demo corpus was not found; it ships in the source tree under data/sample/. "
        "Install mediakit from a clone with `pip install -e .`"
    )


def load_sample() -> pd.DataFrame:
    """Return the embedded demo corpus: synthetic Arabic news from four invented outlets.

    See ``data/README.md`` for its data card.

    Returns
    -------
    pandas.DataFrame
        An articles frame (not yet cleaned or de-duplicated), with an extra ``section`` column.

    Examples
    --------
    >>> df = load_sample()
    >>> sorted(df["source"].unique())
    ['al-rasid', 'al-sharfa', 'nabd', 'sawt-al-maghrib']
    """
    return read_articles(sample_path())


# ---------------------------------------------------------------------------------------------
# Cleaning

# A period stuck before a comma after a word or a closing quote: "إيران.، وذلك" -> "إيران، وذلك".
# Abbreviations ("م.ع.ح.،", "T.I.،") and ellipses ("...،") keep their periods. The lookbehinds
# come after the literal so the regex engine scans for "." first.
_STRAY_PERIOD = re.compile(r"\.(?=[ \t]*[،,])(?:(?<=[^\W\d_]{2}\.)|(?<=[\"»”)]\.))")


@cache
def _default_boilerplate() -> tuple[str, ...]:
    text = files("mediakit.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def _boilerplate_regex(patterns: Iterable[str | re.Pattern]) -> re.Pattern | None:
    parts = [p.pattern if isinstance(p, re.Pattern) else p for p in patterns]
    for part in parts:
        try:
            re.compile(part)
        except re.error as exc:
            raise ValueError(f"boilerplate pattern {part!r} is not a valid regular expression: {exc}") from None
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def _clean_text(text: str, boilerplate: re.Pattern | None) -> str:
    text = _STRAY_PERIOD.sub("", normalize(text, profile="display"))
    kept = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line and not (boilerplate is not None and boilerplate.fullmatch(line)):
            kept.append(line)
    return "\n".join(kept)


def clean_articles(
    df: pd.DataFrame,
    *,
    boilerplate: Iterable[str | re.Pattern] | None = None,
    default_boilerplate: bool = True,
    learn: bool = True,
    learned: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Clean scraped article text; return a new frame.

    On ``title`` and ``text``: removes the invisible characters scraped news carries
    (directional marks and embeddings, zero-width space, byte order marks, soft hyphens) and
    tatweel, turns no-break spaces into spaces (the ``"display"`` profile of
    :func:`mediakit.arabic.normalize`: nothing a reader sees changes), removes the stray period
    of the ``"word., next"`` / ``"word.، next"`` scraping artefact, collapses runs of spaces,
    strips every line and drops empty lines, so paragraphs are separated by one ``"\\n"``; the
    title becomes one line. Lines of the body that match a boilerplate pattern as a whole are
    removed. Articles left without text are dropped; a :class:`CorpusWarning` gives their count and
    ``df.attrs["dropped_empty"]`` their ids. Cleaning is idempotent.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame; it is not modified.
    boilerplate : iterable of str or compiled regex, optional
        Your own patterns, matched against whole stripped lines of the body.
    default_boilerplate : bool, default True
        Also apply the shipped list of common outlet boilerplate lines
        (``mediakit/data/boilerplate.txt``: app and social-media promotions, "read also" links,
        disclaimers, agency sign-offs).
    learn : bool, default True
        Also learn each outlet's own boilerplate from these articles and remove it
        (:func:`mediakit.learn_boilerplate`: lines, datelines and closing lines that recur in
        5 % of an outlet's articles; outlets of fewer than 20 articles learn nothing).
    learned : pandas.DataFrame, optional
        Patterns to apply instead (a table of :func:`mediakit.learn_boilerplate`, reviewed).

    Returns
    -------
    pandas.DataFrame
        ``attrs["boilerplate"]`` lists the patterns applied, ``attrs["boilerplate_removed"]``
        per outlet the articles touched, spans and characters removed (as records).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a"], "title": ["عاجل\\u200f:  قمة"],
    ...                    "text": ["وصل الوفد إلى بغداد.، وبدأ المحادثات\\u00a0اليوم\\nتابعونا على فيسبوك"]})
    >>> clean_articles(df)["text"].iat[0]
    'وصل الوفد إلى بغداد، وبدأ المحادثات اليوم'
    """
    patterns = list(_default_boilerplate()) if default_boilerplate else []
    patterns.extend(boilerplate or [])
    regex = _boilerplate_regex(patterns)
    out = df.copy()
    out["text"] = [_clean_text(t, regex) if isinstance(t, str) else t for t in df["text"]]
    if "title" in out.columns:
        out["title"] = [
            " ".join(normalize(t, profile="display").split()) if isinstance(t, str) else t for t in df["title"]
        ]
    if learned is None and learn and "source" in out.columns:
        learned = learn_boilerplate(out[out["text"].map(lambda t: isinstance(t, str))])
    removed = pd.DataFrame(columns=["source", "articles", "spans", "characters"])
    if learned is not None and len(learned) and "source" in out.columns:
        by_source = {s: part for s, part in learned.groupby("source")}
        texts, tally = [], {}
        for source, text in zip(out["source"], out["text"], strict=True):
            patterns = by_source.get(source)
            if patterns is None or not isinstance(text, str):
                texts.append(text)
                continue
            cleaned, spans = apply_boilerplate(text, patterns)
            texts.append(cleaned)
            if spans:
                row = tally.setdefault(source, [0, 0, 0])
                row[0], row[1], row[2] = row[0] + 1, row[1] + spans, row[2] + len(text) - len(cleaned)
        out["text"] = texts
        removed = pd.DataFrame(
            [(s, *v) for s, v in sorted(tally.items())], columns=["source", "articles", "spans", "characters"]
        )
    empty = out["text"].map(lambda t: not isinstance(t, str) or not t)
    dropped = out.loc[empty, "id"].tolist() if "id" in out.columns else list(out.index[empty])
    out = out[~empty]
    out.attrs = {
        **df.attrs,
        "dropped_empty": dropped,
        "boilerplate": [] if learned is None else learned.to_dict("records"),
        "boilerplate_removed": removed.to_dict("records"),
    }
    if dropped:
        shown = ", ".join(map(str, dropped[:5])) + (" ..." if len(dropped) > 5 else "")
        warnings.warn(f"dropped {len(dropped)} articles with no text: {shown}", CorpusWarning, stacklevel=2)
    return out


# ---------------------------------------------------------------------------------------------
# De-duplication


class _UnionFind:
    def __init__(self, order: np.ndarray) -> None:
        # order[i] is the rank of row i (earlier articles rank lower); a set's root is its earliest row.
        self.parent = np.arange(len(order))
        self.order = order

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if self.order[rb] < self.order[ra]:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def union_groups(self, keys: pd.Series) -> None:
        valid = keys.notna().to_numpy()
        codes = pd.factorize(keys)[0]
        first: dict[int, int] = {}
        for i in np.flatnonzero(valid):
            j = first.setdefault(codes[i], i)
            if j != i:
                self.union(j, i)


def _token_ids(texts: Iterable[object]) -> list[np.ndarray]:
    """Each text as an array of ids of its search-normalised words.

    Word types are counted first and each distinct type is normalised once.
    """
    token_lists = [WORD_RUN.findall(t) if isinstance(t, str) else [] for t in texts]
    lengths = np.fromiter((len(tokens) for tokens in token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(itertools.chain.from_iterable(token_lists), dtype=object, count=int(lengths.sum()))
    codes, types = pd.factorize(flat)
    normalised = np.array([normalize(t).replace("_", " ").strip() for t in types], dtype=object)
    norm_codes, _ = pd.factorize(normalised)
    ids = norm_codes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    keep = (normalised != "")[codes] if len(codes) else np.zeros(0, dtype=bool)
    doc = np.repeat(np.arange(len(token_lists)), lengths)[keep]
    ids = ids[keep].astype(np.uint64)
    bounds = np.searchsorted(doc, np.arange(1, len(token_lists)))
    return np.split(ids, bounds)


_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def _shingle_hashes(ids: np.ndarray, size: int) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``size``-grams of a token-id sequence."""
    if len(ids) < size:
        size = max(len(ids), 1)
        if not len(ids):
            return np.zeros(0, dtype=np.uint32)
    n = len(ids) - size + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            h ^= (ids[j : j + n] + np.uint64(j + 1)) * _MIX[j % len(_MIX)]
            h = (h << np.uint64(13)) | (h >> np.uint64(51))
        h *= _MIX[0]
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def _near_pairs(
    shingles: list[np.ndarray],
    threshold: float,
    num_perm: int,
    progress: bool,
    index: tuple[float, tuple[float, float]] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of shingle sets with a Jaccard similarity of ``threshold`` or more.

    ``index`` overrides the LSH index's own threshold and (false positive, false negative)
    weights (the benchmark compares settings with it)."""
    from datasketch import MinHash, MinHashLSH

    # Candidates are checked exactly below, so the index casts a wider net than asked for: its
    # bands are tuned for 0.1 below the threshold, weighing a missed pair four times a false
    # candidate (at 0.85, 16 bands of 8 rows: a pair at 0.85 is a candidate with probability
    # 0.994, one at 0.5 with 0.06; the old setting found a pair at 0.85 half the time).
    lsh_threshold, weights = index or (min(max(threshold - 0.1, 0.3), 0.9), (0.2, 0.8))
    lsh = MinHashLSH(threshold=lsh_threshold, num_perm=num_perm, weights=weights)
    template = MinHash(num_perm=num_perm, seed=17, hashfunc=int)
    signatures = []
    for i, hashes in enumerate(progress_bar(shingles, enabled=progress, desc="near duplicates", unit="article")):
        m = template.copy()
        m.update_batch(hashes.tolist())
        lsh.insert(i, m, check_duplication=False)
        signatures.append(m)
    pairs = []
    for i, m in enumerate(signatures):
        for j in lsh.query(m):
            if j > i:
                common = len(np.intersect1d(shingles[i], shingles[j], assume_unique=True))
                if common >= threshold * (len(shingles[i]) + len(shingles[j]) - common):
                    pairs.append((i, j))
    return pairs


def deduplicate(
    df: pd.DataFrame,
    *,
    near: bool = True,
    threshold: float = 0.85,
    keep: str | None = None,
    shingle_size: int = 3,
    num_perm: int = 128,
    min_tokens: int = 20,
    progress: bool = True,
) -> pd.DataFrame:
    """Mark exact and near duplicate articles; return a new frame.

    Articles are duplicates when they share a url (compared without fragment, tracking
    parameters, ``www.`` or trailing slash), when their texts are equal after search
    normalisation (:func:`mediakit.arabic.normalize`, punctuation and spacing ignored), or, with
    ``near=True``, when they tell the same story with light edits (syndicated wire copy with a
    word changed, a clause added, a sign-off appended): the Jaccard similarity of their sets of
    word ``shingle_size``-grams is ``threshold`` or more. Candidates come from MinHash
    locality-sensitive hashing (the ``datasketch`` package); each is then checked exactly.
    Duplicate relations are transitive: a group's original is its earliest article (by
    ``published``, then by position in the frame).

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame; it is not modified.
    near : bool, default True
        Also look for near duplicates.
    threshold : float, default 0.85
        Jaccard similarity of shingle sets at or above which two texts are near duplicates.
    keep : {None, "first"}, default None
        ``None`` keeps every row; ``"first"`` drops the duplicates, keeping each original.
    shingle_size : int, default 3
        Words per shingle.
    num_perm : int, default 128
        MinHash permutations.
    min_tokens : int, default 20
        Texts shorter than this many words take part in exact matching only.
    progress : bool, default True
        Show a progress bar for the near-duplicate pass.

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``duplicate_of`` (the id of the original, missing for originals)
        and ``duplicate_kind`` (``"url"``, ``"text"`` or ``"near"``: how the row matches its
        original, or missing).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b"], "url": ["https://x.example/1", "https://x.example/1/#top"],
    ...                    "published": pd.to_datetime(["2025-01-02", "2025-01-01"], utc=True),
    ...                    "text": ["نص الخبر", "نص آخر"]})
    >>> deduplicate(df, near=False)[["id", "duplicate_of", "duplicate_kind"]]
      id duplicate_of duplicate_kind
    0  a            b            url
    1  b          NaN            NaN
    """
    if keep not in (None, "first"):
        raise ValueError(f"keep must be None or 'first', not {keep!r}")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    n = len(df)
    published = df["published"] if "published" in df.columns else pd.Series(pd.NaT, index=df.index)
    order = np.empty(n, dtype=np.int64)
    order[np.lexsort((np.arange(n), published.isna().to_numpy(), published.to_numpy()))] = np.arange(n)
    uf = _UnionFind(order)
    url_key = pd.Series([None] * n, dtype=object)
    if "url" in df.columns:
        url_key = pd.Series(
            [canonical_url(u) if isinstance(u, str) and u.strip() else None for u in df["url"]], dtype=object
        )
        uf.union_groups(url_key)
    token_ids = _token_ids(df["text"])
    text_key = pd.Series([ids.tobytes() if len(ids) else None for ids in token_ids], dtype=object)
    uf.union_groups(text_key)
    if near:
        # One representative per exact text; short texts are left to exact matching.
        reps = [i for i in np.flatnonzero(~text_key.duplicated().to_numpy()) if len(token_ids[i]) >= min_tokens]
        shingles = [_shingle_hashes(token_ids[i], shingle_size) for i in reps]
        for a, b in _near_pairs(shingles, threshold, num_perm, progress):
            uf.union(reps[a], reps[b])
    roots = np.array([uf.find(i) for i in range(n)])
    is_dup = roots != np.arange(n)
    ids = df["id"].to_numpy(dtype=object)
    duplicate_of = np.where(is_dup, ids[roots], None)
    kind = np.full(n, None, dtype=object)
    for i in np.flatnonzero(is_dup):
        r = roots[i]
        if url_key[i] is not None and url_key[i] == url_key[r]:
            kind[i] = "url"
        elif text_key[i] is not None and text_key[i] == text_key[r]:
            kind[i] = "text"
        else:
            kind[i] = "near"
    out = df.assign(duplicate_of=duplicate_of, duplicate_kind=kind)
    if keep == "first":
        out = out[~is_dup]
    return out


# ---------------------------------------------------------------------------------------------
# Summaries


def filter_articles(
    df: pd.DataFrame,
    *,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    sources: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Select articles by publication date and outlet; return a new frame.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame.
    since, until : str or Timestamp, optional
        Inclusive bounds on ``published`` (dates without a zone are UTC; a bare date as ``until``
        includes that whole day). Articles without a date are left out when a bound is given.
    sources : str or list of str, optional
        Outlets to keep.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> len(filter_articles(load_sample(), since="2025-05-01", until="2025-05-31", sources=["nabd"]))
    5
    """
    keep = pd.Series(True, index=df.index)
    if since is not None:
        keep &= df["published"] >= _utc(since)
    if until is not None:
        bound = _utc(until)
        if isinstance(until, str) and len(until.strip()) <= 10:
            bound += pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
        keep &= df["published"] <= bound
    if sources is not None:
        wanted = [sources] if isinstance(sources, str) else list(sources)
        unknown = sorted(set(wanted) - set(df["source"].unique()))
        if unknown:
            warnings.warn(f"no articles from {', '.join(unknown)} in this corpus", CorpusWarning, stacklevel=2)
        keep &= df["source"].isin(wanted)
    return df[keep].copy()


def _utc(value: str | pd.Timestamp) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def corpus_summary(df: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """One row per outlet: how many articles, from when to when, how long.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame.
    by : str, default "source"

    Returns
    -------
    pandas.DataFrame
        Columns ``[by, articles, first, last, words_mean, words_total]``, then a ``total`` row.

    Examples
    --------
    >>> int(corpus_summary(load_sample())["articles"].iat[-1])
    173
    """
    words = df["text"].str.split().str.len()
    table = (
        df.assign(_words=words)
        .groupby(by, observed=True)
        .agg(
            articles=("id", "size"),
            first=("published", "min"),
            last=("published", "max"),
            words_mean=("_words", "mean"),
            words_total=("_words", "sum"),
        )
        .reset_index()
    )
    total = pd.DataFrame(
        {
            by: ["total"],
            "articles": [len(df)],
            "first": [df["published"].min()],
            "last": [df["published"].max()],
            "words_mean": [words.mean()],
            "words_total": [words.sum()],
        }
    )
    table = pd.concat([table, total], ignore_index=True)
    table["words_mean"] = table["words_mean"].round(1)
    return table


_PERIOD_ALIASES = {"MS": "M", "ME": "M", "QS": "Q", "QE": "Q", "YS": "Y", "YE": "Y", "AS": "Y", "A": "Y"}


def period_start(published: pd.Series, freq: str, *, tz: str = "UTC") -> pd.Series:
    """The start of the calendar period holding each timestamp, tz-aware UTC.

    Parameters
    ----------
    published : Series of tz-aware datetimes
    freq : str
        A pandas offset alias: "D", "W" (weeks starting Monday), "MS", "QS", "YS" (and their
        period spellings "M", "Q", "Y").
    tz : str, default "UTC"
        The calendar's time zone (e.g. "Asia/Riyadh"): periods start at local midnight.

    Returns
    -------
    pandas.Series

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2025-05-14T23:00:00+00:00"]))
    >>> period_start(s, "MS").iat[0]
    Timestamp('2025-05-01 00:00:00+0000', tz='UTC')
    """
    head, sep, anchor = freq.partition("-")
    alias = _PERIOD_ALIASES.get(head.upper(), head) + sep + anchor
    try:
        periods = published.dt.tz_convert(tz).dt.tz_localize(None).dt.to_period(alias)
    except ValueError as exc:
        raise ValueError(f"freq {freq!r} is not a calendar period; use one of D, W, MS, QS, YS") from exc
    starts = periods.dt.start_time.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    return starts.astype(f"datetime64[ns, {tz}]")


def article_counts(
    df: pd.DataFrame, *, by: str | list[str] | None = "source", freq: str = "MS", wide: bool = False
) -> pd.DataFrame:
    """Count articles per group and calendar period.

    Parameters
    ----------
    df : pandas.DataFrame
        An articles frame.
    by : str or list of str, optional, default "source"
        Grouping column(s); ``None`` for the whole corpus.
    freq : str, default "MS"
        A pandas offset alias for calendar periods ("D", "W", "MS", "QS", "YS"); periods are
        labelled by their start. Periods without articles are included with a count of 0.
    wide : bool, default False
        Return the table to read rather than the one to compute with: one row per period
        (labelled by its start date), one column per group, plus a ``total`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``[*by, period, articles]``; ``period`` is tz-aware UTC. Articles without a date
        are left out.

    Examples
    --------
    >>> counts = article_counts(load_sample(), freq="QS")
    >>> counts.columns.tolist()
    ['source', 'period', 'articles']
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    dated = df[df["published"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=[*keys, "period", "articles"])
    period = period_start(dated["published"], freq)
    counts = dated.assign(period=period).groupby([*keys, "period"], observed=True).size().rename("articles")
    full_range = pd.Series(pd.date_range(period.min(), period.max(), freq="D"))
    full_range = pd.DatetimeIndex(period_start(full_range, freq).unique())
    if keys:
        groups = counts.index.droplevel("period").unique()
        index = pd.MultiIndex.from_tuples(
            [(*(g if isinstance(g, tuple) else (g,)), p) for g in groups for p in full_range], names=[*keys, "period"]
        )
    else:
        index = pd.Index(full_range, name="period")
    tidy = counts.reindex(index, fill_value=0).reset_index()
    if not wide:
        return tidy
    table = tidy.pivot_table(index="period", columns=keys or None, values="articles", aggfunc="sum", fill_value=0)
    if not keys:
        table = table.to_frame("articles") if isinstance(table, pd.Series) else table
    table.index = table.index.date
    table.index.name = "period"
    if keys:
        table["total"] = table.sum(axis=1)
    return table


# ---------------------------------------------------------------------------------------------
# Writing


def write_articles(df: pd.DataFrame, path: str | PathLike) -> Path:
    """Write an articles frame to ``.parquet``, ``.jsonl`` (also ``.jsonl.gz``) or ``.csv``.

    The file reads back with :func:`read_articles` to an equal frame (Parquet keeps every
    dtype; JSON Lines and CSV write ``published`` as ISO 8601 UTC).

    Parameters
    ----------
    df : pandas.DataFrame
    path : str or path
        The format follows the suffix; folders are created.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> df = load_sample()
    >>> out = write_articles(df, tempfile.mkdtemp() + "/copy.jsonl")
    >>> read_articles(out).equals(df)
    True
    """
    path = Path(path)
    fmt = _detect_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        df.to_parquet(path, index=False)
    elif fmt in ("jsonl", "csv", "tsv"):
        out = df.assign(published=df["published"].map(lambda t: None if pd.isna(t) else t.isoformat()))
        if fmt == "jsonl":
            out.to_json(path, orient="records", lines=True, force_ascii=False, compression="infer")
        else:
            out.to_csv(path, index=False, sep="\t" if fmt == "tsv" else ",", compression="infer")
    else:
        raise CorpusError(f"{path}: write_articles writes .parquet, .jsonl or .csv, not {fmt}")
    return path
