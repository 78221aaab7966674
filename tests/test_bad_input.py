"""Bad input and faults that readers and the store must survive: each ends as a clear error
naming what and where, or as the bad part skipped and counted, with every good record kept.

Faults use the real thing: real files (cut gzip data, bad bytes), a real SQLite file, real
subprocesses competing for its write lock, a real file-size limit and a real full file system.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import mediakit as mk
from mediakit.arabic import parse_date, parse_dates
from mediakit.cli import main

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

STORIES = [
    ("الشروق", "وزير الخارجية يصل إلى بغداد", "وصل وزير الخارجية إلى بغداد صباح اليوم في زيارة رسمية تستمر يومين."),
    ("نبض", "ارتفاع أسعار النفط", "ارتفعت أسعار النفط في الأسواق العالمية بعد قرار أوبك خفض الإنتاج."),
    (
        "الراصد",
        "افتتاح معرض الكتاب في الرياض",
        "افتتح معرض الرياض الدولي للكتاب أبوابه أمام الزوار بمشاركة ألف دار نشر.",
    ),
    (
        "صوت المغرب",
        "أمطار غزيرة في الدار البيضاء",
        "شهدت الدار البيضاء أمطارا غزيرة أدت إلى تعطل حركة السير في عدة أحياء.",
    ),
]


def article(i: int, **fields) -> dict:
    source, title, text = STORIES[i % len(STORIES)]
    record = {
        "id": f"art-{i}",
        "source": source,
        "url": f"https://news.example/{i}",
        "published": "2025-05-14T10:30:00+03:00",
        "title": title,
        "text": f"{text} (الخبر رقم {i})",
    }
    record.update(fields)
    return record


def jsonl(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_skipping(path, **kwargs) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = mk.read_articles(path, errors="skip", **kwargs)
    return df, [str(w.message) for w in caught if issubclass(w.category, mk.CorpusWarning)]


def run(code: str, *args: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    """Python code in a subprocess that imports this mediakit."""
    return subprocess.run(
        [*(prefix or []), PYTHON, "-c", code, *args], capture_output=True, text=True, env=ENV, timeout=120
    )


# ---------------------------------------------------------------------------------------------
# 4. Dates outside the range pandas holds

OUT_OF_RANGE = ["0001-01-01", "1600-01-01T00:00:00Z", "9999-12-31T23:59:59Z", 99999999999999]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_date_pandas_cannot_hold_is_a_bad_value_of_its_record(tmp_path, value):
    path = jsonl(tmp_path / "feed.jsonl", [article(0), article(1, published=value), article(2), article(3)])
    with pytest.raises(mk.CorpusError) as err:
        mk.read_articles(path)
    message = str(err.value)
    assert "feed.jsonl, line 2: field 'published'" in message and repr(value) in message
    assert "outside the range" in message
    df, said = read_skipping(path)
    assert df["id"].tolist() == ["art-0", "art-2", "art-3"]
    assert said and "skipped 1 bad records of 4" in said[0]
    assert df.attrs["skipped"] == [
        {"file": str(path), "line": 2, "field": "published", "value": value, "reason": df.attrs["skipped"][0]["reason"]}
    ]


def test_store_rejects_out_of_range_dates_and_keeps_the_rest_of_the_batch(tmp_path):
    records = [article(0), *(article(i + 1, published=v) for i, v in enumerate(OUT_OF_RANGE)), article(9)]
    with mk.ArticleStore(tmp_path / "c.sqlite") as store:
        result = store.add(records)
        assert (result.inserted, result.rejected) == (2, 4)
        assert [(p["row"], p["field"], p["value"]) for p in result.problems] == [
            (i + 1, "published", v) for i, v in enumerate(OUT_OF_RANGE)
        ]
        assert all("outside the range" in p["reason"] for p in result.problems)
        assert store.to_frame(since="0001-01-01")["id"].tolist() == ["art-0", "art-9"]
        assert store.to_frame(until="9999-12-31")["id"].tolist() == ["art-0", "art-9"]
        assert store.to_frame(since="9999-01-01").empty


def test_cli_import_counts_out_of_range_dates_as_rejected(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [article(0), article(1, published="0001-01-01"), article(2)])
    done = subprocess.run(
        [PYTHON, "-m", "mediakit", "import", str(path), "--store", str(tmp_path / "c.sqlite")],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 added, 0 already stored, 1 rejected" in done.stdout
    assert "Traceback" not in done.stderr
    assert "'line': 2" in done.stderr and "0001-01-01" in done.stderr


def test_cli_report_names_the_out_of_range_date_in_one_line(tmp_path, capsys):
    path = jsonl(tmp_path / "feed.jsonl", [article(0), article(1, published="9999-12-31")])
    assert main(["report", "--corpus", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "feed.jsonl, line 2: field 'published' = '9999-12-31'" in err


# ---------------------------------------------------------------------------------------------
# 13. UTC offsets that no place uses


@pytest.mark.parametrize(
    "value",
    [
        "2025-05-14T10:30:00+25:00",
        "2025-05-14 10:30:00+2500",
        "2025-05-14T10:30:00+03:75",
        "2025-05-14T10:30:00-13:00",
        "Wed, 14 May 2025 10:30:00 +1500",
        "الأربعاء 14 مايو 2025 - 10:30 +25:00",
        "14 أيار 2025 الساعة 10:30 بتوقيت غرينتش+25",
    ],
)
def test_an_offset_no_place_uses_is_an_invalid_date(value):
    assert parse_date(value) is None
    parsed, failed = parse_dates(["2025-05-14T10:30:00Z", value])
    assert failed.tolist() == [False, True] and pd.isna(parsed.iat[1])


def test_the_widest_real_offsets_are_read():
    assert parse_date("2025-05-14T10:30:00+14:00") == pd.Timestamp("2025-05-13T20:30:00Z")
    assert parse_date("2025-05-14T10:30:00-12:00") == pd.Timestamp("2025-05-14T22:30:00Z")
    assert parse_dates(["2025-05-14T10:30:00+05:45"])[0].iat[0] == pd.Timestamp("2025-05-14T04:45:00Z")


def test_reader_names_the_bad_offset(tmp_path):
    path = jsonl(tmp_path / "feed.jsonl", [article(0), article(1, published="2025-05-14T10:30:00+25:00")])
    with pytest.raises(mk.CorpusError, match=r"feed\.jsonl, line 2: field 'published' = .*\+25:00.*UTC offset"):
        mk.read_articles(path)


# ---------------------------------------------------------------------------------------------
# 6. Deep JSON, lone surrogates, ids


def test_json_nested_too_deeply_is_one_bad_record(tmp_path):
    deep = json.dumps(article(1))[:-1] + ', "tags": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = jsonl(tmp_path / "feed.jsonl", [article(0), deep, article(2)])
    with pytest.raises(mk.CorpusError, match=r"feed\.jsonl, line 2: .*nested too deeply"):
        mk.read_articles(path)
    df, said = read_skipping(path)
    assert df["id"].tolist() == ["art-0", "art-2"]
    assert "skipped 1 bad records of 3" in said[0]
    array = tmp_path / "feed.json"
    array.write_text("[" + json.dumps(article(0)) + ", " + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    with pytest.raises(mk.CorpusError, match=r"feed\.json: JSON nested too deeply"):
        mk.read_articles(array)


def test_a_lone_surrogate_is_a_named_bad_value(tmp_path):
    bad = json.dumps(article(4), ensure_ascii=True).replace("\\u0648\\u0635\\u0644", "\\ud800", 1)
    assert "\\ud800" in bad
    path = jsonl(tmp_path / "feed.jsonl", [article(0), bad, article(2)])
    with pytest.raises(mk.CorpusError, match=r"feed\.jsonl, line 2: field 'text' = .*\\ud800.*lone surrogate"):
        mk.read_articles(path)
    df, _ = read_skipping(path)
    assert df["id"].tolist() == ["art-0", "art-2"]
    # a valid pair written as escapes (an emoji) is text
    pair = json.dumps(article(3, title="عاجل \U0001f4f0"), ensure_ascii=True)
    assert mk.read_articles(jsonl(tmp_path / "pair.jsonl", [pair]))["title"].iat[0] == "عاجل \U0001f4f0"


def test_store_rejects_a_lone_surrogate_and_keeps_the_batch(tmp_path):
    records = [article(0), article(1, title="عنوان \ud800 مكسور"), article(2, note="ملاحظة \udfff")]
    with mk.ArticleStore(tmp_path / "c.sqlite") as store:
        result = store.add([*records, article(3)])
        assert (result.inserted, result.rejected) == (2, 2)
        assert [(p["row"], p["field"]) for p in result.problems] == [(1, "title"), (2, "note")]
        assert "lone surrogate" in result.problems[0]["reason"]
        assert store.to_frame()["id"].tolist() == ["art-0", "art-3"]


def test_ids_are_read_as_written(tmp_path):
    big = "12345678901234567891"  # above 2**53: a float would change it
    lines = [
        '{"id": 1, "source": "نبض", "text": "خبر أول عن الانتخابات"}',
        '{"source": "نبض", "text": "خبر ثان بلا رقم"}',
        '{"id": ' + big + ', "source": "نبض", "text": "خبر ثالث عن الاقتصاد"}',
        '{"id": 7.50, "source": "نبض", "text": "خبر رابع عن الرياضة"}',
        '{"id": "007", "source": "نبض", "text": "خبر خامس عن الطقس"}',
    ]
    ids = mk.read_articles(jsonl(tmp_path / "a.jsonl", lines))["id"].tolist()
    assert ids[0] == "1" and ids[2:] == [big, "7.50", "007"]
    assert len(ids[1]) == 16  # a missing id is a stable hash
    array = tmp_path / "a.json"
    array.write_text("[" + ",\n".join(lines) + "]", encoding="utf-8")
    assert mk.read_articles(array)["id"].tolist() == ids
    table = tmp_path / "a.csv"
    table.write_text(f"id,source,text\n1,نبض,خبر أول\n,نبض,خبر ثان\n{big},نبض,خبر ثالث\n007,نبض,خبر رابع\n", "utf-8")
    assert mk.read_articles(table)["id"].tolist()[2:] == [big, "007"]


# ---------------------------------------------------------------------------------------------
# 7. File-level faults that errors="skip" gets past


def test_a_bad_byte_costs_its_line_only(tmp_path):
    data = "\n".join(json.dumps(article(i), ensure_ascii=False) for i in range(100)).encode("utf-8")
    data = data.replace("(الخبر رقم 41)".encode(), "(الخبر رقم 41 ".encode() + b"\xe9)")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    with pytest.raises(mk.CorpusError, match=r"feed\.jsonl, line 42: .*not utf-8 text \(byte 0xe9\).*cp1256"):
        mk.read_articles(path)
    df, said = read_skipping(path)
    assert len(df) == 99 and "art-41" not in set(df["id"])
    assert "skipped 1 bad records of 100: " in said[0] and "line 42" in said[0]


def test_a_bad_byte_in_a_csv_record_costs_that_record(tmp_path):
    rows = [article(i, text=f"الفقرة الأولى {i}\nالفقرة الثانية {i}") for i in range(4)]
    text = pd.DataFrame(rows).to_csv(index=False)
    data = text.encode("utf-8").replace("الفقرة الثانية 2".encode(), b"\xff\xfe")
    path = tmp_path / "feed.csv"
    path.write_bytes(data)
    df, said = read_skipping(path)
    assert df["id"].tolist() == ["art-0", "art-1", "art-3"]
    assert "feed.csv, line 7" in said[0]  # record 3 spans lines 6-7; its second line holds the bytes


def test_cut_gzip_keeps_what_it_holds(tmp_path):
    whole = gzip.compress("\n".join(json.dumps(article(i), ensure_ascii=False) for i in range(2000)).encode())
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(mk.CorpusError, match=r"feed\.jsonl\.gz, line \d+: the gzip data ends early"):
        mk.read_articles(path)
    df, said = read_skipping(path)
    assert 500 < len(df) < 2000
    assert df["id"].tolist() == [f"art-{i}" for i in range(len(df))]
    assert len(said) == 1 and f"line {len(df) + 1}: the gzip data ends early" in said[0]
    assert "skipped 1 bad records" in said[0]


def test_an_unreadable_file_in_a_folder_is_skipped_and_named(tmp_path):
    jsonl(tmp_path / "a.jsonl", [article(0), article(1)])
    (tmp_path / "b.jsonl.gz").write_bytes(b"<html>not gzip</html>")
    (tmp_path / "c.parquet").write_bytes(b"PAR1 broken")
    jsonl(tmp_path / "d.jsonl", [article(2)])
    with pytest.raises(mk.CorpusError, match=r"b\.jsonl\.gz: not a readable gzip file"):
        mk.read_articles(tmp_path)
    df, said = read_skipping(tmp_path)
    assert df["id"].tolist() == ["art-0", "art-1", "art-2"]
    assert "skipped 2 unreadable files" in said[0] and "b.jsonl.gz" in said[0] and "c.parquet" in said[0]
    assert [s["file"] for s in df.attrs["skipped"]] == [str(tmp_path / "b.jsonl.gz"), str(tmp_path / "c.parquet")]
    (tmp_path / "a.jsonl").unlink()
    (tmp_path / "d.jsonl").unlink()
    with pytest.raises(mk.CorpusError, match="no file could be read"):
        read_skipping(tmp_path)


def test_a_csv_header_naming_a_field_twice_is_an_error(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("id,source,title,text,title\n1,نبض,عنوان,نص الخبر,عنوان آخر\n", encoding="utf-8")
    with pytest.raises(mk.CorpusError, match=r"feed\.csv, line 1: the header names 'title' twice \(columns 3 and 5\)"):
        mk.read_articles(path)


# ---------------------------------------------------------------------------------------------
# 8. Memory: reading streams, and stops at a fatal fault


MEASURE = """
import re, sys, warnings
import mediakit as mk

def status(key):
    return int(re.search(key + r":\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)) * 1024

# getrusage's ru_maxrss also counts the pytest process this one was forked from, so the peak is
# read from the kernel's high-water mark, first reset to what the process holds now
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before = status("VmRSS")
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = len(mk.read_articles(sys.argv[1], errors=sys.argv[2]))
except mk.CorpusError as exc:
    rows = str(exc)[:80]
print(status("VmHWM") - before, rows)
"""


def measure(path: Path, errors: str) -> tuple[int, str]:
    """How far the peak memory of a fresh process rose above what it held before reading, and
    the rows read (or the error)."""
    done = run(MEASURE, str(path), errors)
    assert done.returncode == 0, done.stderr
    grown, rows = done.stdout.split(maxsplit=1)
    return int(grown), rows.strip()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> tuple[Path, Path, int]:
    """Two gzip JSON Lines files of about 80 MB unpacked: every record without a source (nothing
    to return), and every record without text (a fault of the whole file)."""
    folder = tmp_path_factory.mktemp("big")
    body = "، ".join(s[2] for s in STORIES) * 12  # about 3 KB of Arabic
    n = 13_000
    no_source = "\n".join(
        json.dumps({"id": f"x{i}", "source": "", "published": "2025-05-14", "text": body}, ensure_ascii=False)
        for i in range(n)
    ).encode()
    no_text = no_source.replace(b'"text"', b'"body_html"')
    paths = folder / "no-source.jsonl.gz", folder / "no-text.jsonl.gz"
    for path, data in zip(paths, (no_source, no_text), strict=True):
        path.write_bytes(gzip.compress(data, compresslevel=1))
    return *paths, len(no_source)


def test_reading_streams_a_large_gzip_file(big_corpus):
    no_source, _, size = big_corpus
    grown, rows = measure(no_source, "skip")
    assert rows == "0"
    # the whole text in memory takes its size several times over (bytes, str, lines, records):
    # about 470 MB for this file before reading streamed
    print(f"peak memory grew by {grown / 1e6:.0f} MB reading {size / 1e6:.0f} MB")
    assert grown < 0.75 * size, f"peak memory grew by {grown / 1e6:.0f} MB reading {size / 1e6:.0f} MB"


def test_a_fatal_fault_stops_reading_early(big_corpus):
    _, no_text, size = big_corpus
    grown, message = measure(no_text, "raise")
    assert "no 'text' field" in message
    print(f"peak memory grew by {grown / 1e6:.0f} MB for a file that fails at once")
    assert grown < 0.5 * size, f"peak memory grew by {grown / 1e6:.0f} MB for a file that fails at once"


# ---------------------------------------------------------------------------------------------
# 9. The write lock: short transactions, retried when taken, a clear error when kept

WORDS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def varied_articles(n: int) -> list[dict]:
    """Articles of distinct made-up words, so the search index does real work for each."""
    rnd = random.Random(7)
    return [
        dict(
            article(i),
            text=" ".join("".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 8))) for _ in range(300)),
        )
        for i in range(n)
    ]


def test_a_long_add_lets_another_writer_in_between_batches(tmp_path):
    path = tmp_path / "c.sqlite"
    mk.ArticleStore(path).close()
    records = tmp_path / "records.json"
    records.write_text(json.dumps(varied_articles(400), ensure_ascii=False), encoding="utf-8")
    adder = subprocess.Popen(
        [
            PYTHON,
            "-c",
            "import json, sys, time, mediakit as mk\n"
            "records = json.load(open(sys.argv[2], encoding='utf-8'))\n"
            "store = mk.ArticleStore(sys.argv[1])\n"
            "print('start', flush=True)\n"
            "t = time.monotonic(); r = store.add(records)\n"
            "print(r.inserted, time.monotonic() - t, flush=True)\n",
            str(path),
            str(records),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert adder.stdout.readline().strip() == "start"
    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    waits, stored = [], set()
    while adder.poll() is None:
        began = time.monotonic()
        conn.execute("BEGIN IMMEDIATE")
        waits.append(time.monotonic() - began)
        stored.add(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        conn.execute("INSERT INTO feeds (url, status) VALUES (?, 'ok')", (f"https://news.example/feed{len(waits)}",))
        conn.execute("COMMIT")
        time.sleep(0.02)
    inserted, seconds = adder.stdout.read().split()
    assert adder.returncode == 0 and int(inserted) == 400
    assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == len(waits)
    # the other writer got in while the add was part done (one transaction shows 0, then 400)
    assert any(0 < n < 400 for n in stored), sorted(stored)
    if float(seconds) > 1.0:  # and never waited for most of the add
        assert max(waits) < 0.5 * float(seconds), f"waited {max(waits):.2f} s of an add of {float(seconds):.2f} s"


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([PYTHON, "-c", HOLD_LOCK, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_taken_write_lock_is_waited_for_then_reported(tmp_path):
    path = tmp_path / "c.sqlite"
    with mk.ArticleStore(path, timeout=10) as store:
        holder = hold_lock(path, 1.0)
        began = time.monotonic()
        assert store.add([article(0)]).inserted == 1  # retried until the other process let go
        assert time.monotonic() - began > 0.5
        holder.wait()
    with mk.ArticleStore(path, timeout=0.5) as store:
        holder = hold_lock(path, 3.0)
        try:
            with pytest.raises(mk.StoreError, match=r"c\.sqlite: another process has held the store's write lock"):
                store.add([article(1)])
            with pytest.raises(mk.StoreError, match="write lock"):
                store.set_feed_state("https://news.example/rss", etag=None, last_modified=None, status="ok")
        finally:
            holder.wait()
        assert store.add([article(1)]).inserted == 1
        assert len(store) == 2


# ---------------------------------------------------------------------------------------------
# 11. A full disk, a read-only folder

FILL = """
import resource, signal, sys
import mediakit as mk
store = mk.ArticleStore(sys.argv[1])
store.add([{"source": "نبض", "id": "first", "text": "خبر محفوظ قبل امتلاء القرص"}])
if sys.argv[2] == "fsize":
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
records = [{"source": "الشروق", "id": f"a{i}", "text": f"قال الوزير في بيان رقم {i} " * 40} for i in range(3000)]
try:
    store.add(records)
    print("stored everything")
except mk.StoreError as exc:
    print(exc)
"""


def check_after_fault(path: Path, said: str) -> None:
    assert "cannot rollback" not in said
    assert "disk full" in said and path.name in said
    with mk.ArticleStore(path, readonly=True) as store:  # what was committed before is intact
        assert store.integrity_check() == "ok"
        assert "first" in set(store.to_frame()["id"])


def test_a_file_size_limit_is_reported_as_disk_full(tmp_path):
    path = tmp_path / "c.sqlite"
    done = run(FILL, str(path), "fsize")
    assert done.returncode == 0, done.stderr
    check_after_fault(path, done.stdout)


def test_a_full_file_system_is_reported_as_disk_full(tmp_path):
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("mounting a small file system needs root and unshare")
    mount = tmp_path / "small"
    mount.mkdir()
    script = tmp_path / "fill.py"
    script.write_text(FILL, encoding="utf-8")
    inner = (
        f"mount -t tmpfs -o size=400k tmpfs {mount} && {PYTHON} {script} {mount}/c.sqlite full && "
        f"cp {mount}/c.sqlite* {tmp_path}/"
    )
    probe = subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "x", str(mount)], capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.strip()}")
    done = subprocess.run(["unshare", "-m", "sh", "-c", inner], capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "SQLite: database or disk is full" in done.stdout
    check_after_fault(tmp_path / "c.sqlite", done.stdout)


def without_write_permission() -> list[str]:
    """A command prefix under which the file permissions apply: root ignores them, so as root
    the process keeps uid 0 but drops every capability (CAP_DAC_OVERRIDE among them)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder cannot be made to hold")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


READ_ONLY = """
import os, sys
import mediakit as mk
folder = sys.argv[1]
try:
    open(os.path.join(folder, "probe"), "w")
    print("WRITABLE")
    raise SystemExit
except PermissionError:
    pass
for readonly in (False, True):
    try:
        with mk.ArticleStore(os.path.join(folder, "c.sqlite"), readonly=readonly) as store:
            print("read", len(store), store.to_frame()["id"].tolist())
    except mk.StoreError as exc:
        print("error", exc)
try:
    mk.ArticleStore(os.path.join(folder, "new.sqlite"))
except mk.StoreError as exc:
    print("error", exc)
"""


def test_a_store_in_a_read_only_folder_says_so_and_how_to_read_it():
    folder = Path(tempfile.mkdtemp(prefix="mediakit-ro-"))  # not under pytest's private tmp folder
    try:
        with mk.ArticleStore(folder / "c.sqlite") as store:
            store.add([article(0), article(1)])
        folder.chmod(0o555)
        done = run(READ_ONLY, str(folder), prefix=without_write_permission())
        assert done.returncode == 0, done.stderr
        if done.stdout.startswith("WRITABLE"):
            pytest.skip("the folder stayed writable for the test process")
        opened, read, created = done.stdout.strip().split("\n")
        assert opened.startswith("error ") and f"the folder {folder} is read-only" in opened
        assert "c.sqlite-wal" in opened and "readonly=True" in opened and "copy the file" in opened
        assert "not a readable SQLite database" not in opened
        assert read == "read 2 ['art-0', 'art-1']"
        assert created == f"error {folder}/new.sqlite: cannot create a store there: the folder {folder} is read-only"
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
