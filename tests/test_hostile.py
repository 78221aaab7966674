"""The collector against a hostile site on 127.0.0.1: a DNS that changes its answer, stalls,
tarpits, a port that never answers, 429/503 with Retry-After, a decompression bomb, items with
dates no store can hold and links no URL parser reads. Good items of the same feed are stored,
every failure is counted and named, and the run ends within its time budget.

Host names are answered by a resolver table put in place of ``socket.getaddrinfo`` (a DNS under
the test's control); every connection still goes to a real server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from email.utils import format_datetime

import pandas as pd
import pytest

import mediakit as mk
from mediakit.store import ArticleStore
from tests.feedsite import STORIES, Blackhole, Route, Site, page, rfc822, rss, story_page

collect_module = importlib.import_module("mediakit.collect")

FAST = {"allow_private": True, "per_host_delay": 0.0, "timeout": 0.5, "retries": 1, "backoff": 0.05, "progress": False}
PUBLIC = "93.184.216.34"  # a public address; the tests never connect to it


class Resolver:
    """A DNS answering from a table, put in place of ``socket.getaddrinfo``: a host's answers are
    given one per question, the last one repeated (a rebinding DNS answers public first, private
    after). Addresses and names not in the table go to the real resolver."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []
        self.real = socket.getaddrinfo

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):  # the names of socket.getaddrinfo
        if host not in self.table:
            return self.real(host, port, family, type, proto, flags)
        n = self.asked.count(host)
        self.asked.append(host)
        address = self.table[host][min(n, len(self.table[host]) - 1)]
        if ipaddress.ip_address(address).version == 6:
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


def html(text: str) -> Route:
    return Route(body=text.encode("utf-8"), content_type="text/html; charset=utf-8")


@pytest.fixture
def site():
    with Site() as s:
        s.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
        yield s


def named(site: Site, monkeypatch, *names: str) -> dict[str, str]:
    """Host names that resolve to the test site; returns each name's base URL."""
    port = site.server.server_address[1]
    monkeypatch.setattr(socket, "getaddrinfo", Resolver({name: ["127.0.0.1"] for name in names}))
    return {name: f"http://{name}:{port}" for name in names}


def problems_of(report: pd.DataFrame) -> dict[str, str]:
    return {str(url): reason for _feed, url, reason in report.attrs["problems"]}


# -- 1. DNS rebinding --------------------------------------------------------------------------


@pytest.mark.parametrize("private", ["127.0.0.1", "::ffff:127.0.0.1"])
def test_a_dns_answer_that_turns_private_after_the_check_is_refused(site, monkeypatch, tmp_path, private):
    site.routes["/rss.xml"] = Route(
        body=rss([{"title": STORIES[0][0], "link": site.url("/news/1.html")}]), content_type="application/rss+xml"
    )
    site.routes["/news/1.html"] = html(story_page(0))
    resolver = Resolver({"akhbar.example": [PUBLIC, private]})
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    port = site.server.server_address[1]
    report = mk.collect(f"http://akhbar.example:{port}/rss.xml", store=tmp_path / "c.sqlite", progress=False, timeout=1)
    row = report.iloc[0]
    assert row["status"] == "failed"
    assert f"akhbar.example resolves to the non-public address {private}" in row["error"]
    assert resolver.asked.count("akhbar.example") >= 2  # checked, then asked again by the connection
    assert site.log == []  # nothing reached the server on 127.0.0.1


def test_each_connection_goes_to_the_address_the_resolver_gave_under_the_host_name(site, monkeypatch, tmp_path):
    base = named(site, monkeypatch, "akhbar.example", "mirror.example")
    site.routes["/rss.xml"] = Route(
        body=rss(
            [
                {"title": STORIES[0][0], "link": base["akhbar.example"] + "/news/1.html"},
                {"title": STORIES[1][0], "link": base["akhbar.example"] + "/news/moved.html"},
            ]
        ),
        content_type="application/rss+xml",
    )
    site.routes["/news/1.html"] = html(story_page(0))
    site.routes["/news/moved.html"] = Route(status=302, headers={"Location": base["mirror.example"] + "/news/2.html"})
    site.routes["/news/2.html"] = html(story_page(1))
    report = mk.collect(base["akhbar.example"] + "/rss.xml", store=tmp_path / "c.sqlite", **FAST)
    assert report[["status", "new", "errors"]].iloc[0].tolist() == ["ok", 2, 0]
    hosts = {path: headers["host"] for _t, path, headers in site.log}
    port = site.server.server_address[1]
    assert hosts["/rss.xml"] == hosts["/news/1.html"] == f"akhbar.example:{port}"
    assert hosts["/news/2.html"] == f"mirror.example:{port}"  # the redirect hop, under its own name
    stored = ArticleStore(tmp_path / "c.sqlite", readonly=True).to_frame().set_index("url")
    assert stored.loc[base["akhbar.example"] + "/news/moved.html", "fetched_url"] == base["mirror.example"] + (
        "/news/2.html"
    )


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_tls_goes_to_the_resolved_address_with_the_host_name_as_server_name(monkeypatch, tmp_path):
    """The connection goes to the checked address, the TLS handshake names the host (SNI) and
    checks the certificate against it (a self-signed one is refused)."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-nodes", "-days", "1", "-keyout", str(key), "-out", str(cert)),
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-subj", "/CN=akhbar.example", "-addext", "subjectAltName=DNS:akhbar.example"),
        ],
        check=True,
        capture_output=True,
    )
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(cert, key)
    names: list[str | None] = []
    server_side.sni_callback = lambda _sock, name, _ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    closing = threading.Event()

    def serve() -> None:
        while not closing.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn, contextlib.suppress(OSError):
                conn.settimeout(2)
                server_side.wrap_socket(conn, server_side=True).close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setattr(socket, "getaddrinfo", Resolver({"akhbar.example": ["127.0.0.1"]}))
    try:
        port = listener.getsockname()[1]
        report = mk.collect(f"https://akhbar.example:{port}/rss.xml", store=tmp_path / "c.sqlite", **FAST)
    finally:
        closing.set()
        thread.join()
        listener.close()
    assert report["status"].iat[0] == "failed" and "CERTIFICATE_VERIFY_FAILED" in report["error"].iat[0]
    assert names and set(names) == {"akhbar.example"}


# -- 4, 5. one bad item is one failed item -------------------------------------------------------


def test_dates_no_store_can_hold_are_failed_items_and_the_feed_validators_are_saved(site, tmp_path):
    bad_dates = {
        "/news/first-century.html": "0001-01-01T00:00:00Z",
        "/news/year-one.html": "Mon, 01 Jan 0001 00:00:00 GMT",
        "/news/1600.html": "Sat, 01 Jan 1600 10:00:00 GMT",
        "/news/9999.html": "Fri, 31 Dec 9999 23:59:59 GMT",
        "/news/epoch.html": "99999999999999",
    }
    items = [{"title": STORIES[0][0], "link": site.url("/news/1.html"), "date": rfc822("2025-05-14 09:30+03:00")}]
    items += [
        {"title": f"خبر بتاريخ غريب {i}", "link": site.url(p), "date": d} for i, (p, d) in enumerate(bad_dates.items())
    ]
    items += [{"title": STORIES[1][0], "link": site.url("/news/2.html"), "date": "الأحد 18 أيار/مايو 2025 - 10:30 ص"}]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml", etag='"v1"')
    for i, path in enumerate(["/news/1.html", "/news/2.html", *bad_dates]):
        site.routes[path] = html(story_page(i))
    store_path = tmp_path / "c.sqlite"

    report = mk.collect(site.url("/rss.xml"), store=store_path, **FAST)
    row = report.iloc[0]
    assert (row["status"], row["items"], row["new"], row["errors"]) == (
        "partial",
        2 + len(bad_dates),
        2,
        len(bad_dates),
    )
    problems = problems_of(report)
    for path, written in bad_dates.items():
        assert f"published date {written!r} is out of range" in problems[site.url(path)]
    assert all(site.requested(path) == [] for path in bad_dates)  # refused before its page was fetched
    stored = ArticleStore(store_path, readonly=True).to_frame().set_index("url")
    assert sorted(stored.index) == [site.url("/news/1.html"), site.url("/news/2.html")]
    assert stored.loc[site.url("/news/2.html"), "published"] == pd.Timestamp("2025-05-18 10:30", tz="UTC")

    # every item was handled: the validators were saved, the next run does not stop on the same items
    again = mk.collect(site.url("/rss.xml"), store=store_path, **FAST).iloc[0]
    assert site.requested("/rss.xml")[-1]["if-none-match"] == '"v1"'
    assert again["status"] == "not modified"


def test_an_item_link_no_url_parser_reads_is_one_failed_item(site, tmp_path):
    items = [
        {"title": STORIES[0][0], "link": site.url("/news/1.html")},
        {"title": "رابط مكسور", "link": "http://[::1"},
        {"title": "رابط ليس ويب", "link": "ftp://files.example/khabar.txt"},
        {"title": STORIES[2][0], "link": site.url("/news/3.html")},
    ]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    site.routes["/news/1.html"] = html(story_page(0))
    site.routes["/news/3.html"] = html(story_page(2))
    report = mk.collect(site.url("/rss.xml"), store=tmp_path / "c.sqlite", **FAST)
    row = report.iloc[0]
    assert (row["status"], row["items"], row["new"], row["errors"]) == ("partial", 4, 2, 2)
    problems = problems_of(report)
    assert problems["http://[::1"] == "item link 'http://[::1' is not a valid URL (Invalid IPv6 URL)"
    assert (
        problems["ftp://files.example/khabar.txt"] == "item link 'ftp://files.example/khabar.txt' is not an http(s) URL"
    )
    assert len(ArticleStore(tmp_path / "c.sqlite", readonly=True)) == 2


# -- 10. time ------------------------------------------------------------------------------------


def test_a_host_that_keeps_timing_out_is_left_alone_for_the_rest_of_the_run(site, monkeypatch, tmp_path):
    base = named(site, monkeypatch, "akhbar.example", "batie.example")
    stalls = [f"/stall/{i}.html" for i in range(6)]
    for path in stalls:
        site.routes[path] = Route(body=story_page(0).encode(), delay=3)
    items = [{"title": f"خبر بطيء {i}", "link": base["batie.example"] + p} for i, p in enumerate(stalls)]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml", etag='"v1"')
    store_path = tmp_path / "c.sqlite"
    start = time.monotonic()
    report = mk.collect(base["akhbar.example"] + "/rss.xml", store=store_path, **FAST)
    elapsed = time.monotonic() - start
    row = report.iloc[0]
    assert (row["status"], row["new"], row["errors"]) == ("partial", 0, 6)
    # two items, each tried twice: four timeouts in a row, then the host is not asked again
    assert sum(len(site.requested(p)) for p in stalls) == 4
    reasons = [problems_of(report)[base["batie.example"] + p] for p in stalls]
    assert all("timed out after 0.5 s" in r for r in reasons[:2])
    port = site.server.server_address[1]
    assert all(r.startswith(f"skipped: batie.example:{port} timed out 4 times in a row") for r in reasons[2:])
    assert elapsed < 4
    # items that may pass next time: the feed is read again in full next run
    mk.collect(base["akhbar.example"] + "/rss.xml", store=store_path, **{**FAST, "timeout": 0.2})
    assert "if-none-match" not in site.requested("/rss.xml")[-1]


def test_retry_after_is_honoured_and_a_long_one_stops_the_host(site, monkeypatch, tmp_path):
    base = named(site, monkeypatch, "akhbar.example", "mughlaq.example")
    site.routes["/news/busy.html"] = html(story_page(1))
    site.routes["/news/busy.html"].fail_first, site.routes["/news/busy.html"].fail_status = 1, 429
    site.routes["/news/busy.html"].fail_headers = {"Retry-After": "1"}
    closed = [f"/closed/{i}.html" for i in range(3)]
    for path in closed:  # the whole host is closed for an hour
        site.routes[path] = Route(
            body=story_page(2).encode(), fail_first=99, fail_status=503, fail_headers={"Retry-After": "3600"}
        )
    items = [{"title": STORIES[1][0], "link": base["akhbar.example"] + "/news/busy.html"}]
    items += [{"title": f"خبر مغلق {i}", "link": base["mughlaq.example"] + p} for i, p in enumerate(closed)]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    start = time.monotonic()
    report = mk.collect(base["akhbar.example"] + "/rss.xml", store=tmp_path / "c.sqlite", **{**FAST, "retries": 2})
    elapsed = time.monotonic() - start
    row = report.iloc[0]
    assert (row["status"], row["new"], row["errors"]) == ("partial", 1, 3)
    busy = site.times({"/news/busy.html"})
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.95  # asked again after the second it asked for
    assert sum(len(site.requested(p)) for p in closed) == 1  # told to wait an hour: asked once, then left
    problems = problems_of(report)
    port = site.server.server_address[1]
    assert f"mughlaq.example:{port} asked to wait 3600 s (Retry-After)" in problems[base["mughlaq.example"] + closed[0]]
    assert all(problems[base["mughlaq.example"] + p].startswith("skipped: ") for p in closed[1:])
    assert elapsed < 3
    soon = format_datetime(pd.Timestamp.now(tz="UTC").to_pydatetime() + pd.Timedelta(hours=1), usegmt=True)
    assert 3590 < collect_module._retry_after(soon) <= 3600


def test_a_feed_stops_at_its_time_budget_and_names_the_items_it_did_not_fetch(site, monkeypatch, tmp_path):
    base = named(site, monkeypatch, "akhbar.example", "batie.example")
    site.routes["/news/1.html"] = html(story_page(0))
    slow = [f"/tarpit/{i}.html" for i in range(4)]
    for path in slow:  # an answer that trickles in, a byte at a time: no read ever times out
        site.routes[path] = Route(body=story_page(1).encode(), trickle=0.02)
    items = [{"title": STORIES[0][0], "link": base["akhbar.example"] + "/news/1.html"}]
    items += [{"title": f"خبر {i}", "link": base["batie.example"] + p} for i, p in enumerate(slow)]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    start = time.monotonic()
    report = mk.collect(base["akhbar.example"] + "/rss.xml", store=tmp_path / "c.sqlite", **FAST, feed_budget=1.2)
    elapsed = time.monotonic() - start
    row = report.iloc[0]
    assert (row["status"], row["new"], row["errors"]) == ("partial", 1, 4)
    problems = problems_of(report)
    assert problems[base["batie.example"] + slow[0]].startswith(
        "the feed's time budget of 1.2 s ran out while fetching"
    )
    for path in slow[1:]:
        assert problems[base["batie.example"] + path] == "not fetched: the feed's time budget of 1.2 s ran out"
    assert elapsed < 2.5


def test_a_run_stops_at_its_time_budget_and_names_the_feeds_it_did_not_read(site, monkeypatch, tmp_path):
    names = ["alif.example", "ba.example", "ta.example"]
    base = named(site, monkeypatch, *names)
    site.routes["/stall.html"] = Route(body=story_page(0).encode(), delay=3)
    site.routes["/rss.xml"] = Route(
        body=rss([{"title": f"خبر {i}", "link": f"/stall.html?{i}"} for i in range(5)]),
        content_type="application/rss+xml",
    )
    for i in range(5):
        site.routes[f"/stall.html?{i}"] = site.routes["/stall.html"]
    feeds = [base[name] + "/rss.xml" for name in names]
    start = time.monotonic()
    report = mk.collect(feeds, store=tmp_path / "c.sqlite", **{**FAST, "timeout": 1.0}, workers=1, run_budget=1.5)
    elapsed = time.monotonic() - start
    assert elapsed < 2.5
    assert report["feed"].tolist() == feeds  # every feed has its row
    first, *rest = report.itertuples()
    assert first.status == "partial" and "the run's time budget of 1.5 s ran out" in first.error
    assert [(r.status, r.error) for r in rest] == [("stopped", "not read: the run's time budget of 1.5 s ran out")] * 2


# -- all of it at once ---------------------------------------------------------------------------


def test_a_hostile_site_costs_its_bad_items_only_and_the_run_ends_within_its_budget(site, monkeypatch, tmp_path):
    base = named(site, monkeypatch, "akhbar.example", "batie.example")
    akhbar = base["akhbar.example"]
    with Blackhole() as hole:
        site.routes["/news/1.html"] = html(story_page(0))
        site.routes["/news/2.html"] = html(page("خبر من الراصد", [p + " وتابع المراسل." for p in STORIES[2][1]]))
        site.routes["/news/busy.html"] = html(story_page(1))
        site.routes["/news/busy.html"].fail_first, site.routes["/news/busy.html"].fail_status = 1, 429
        site.routes["/news/busy.html"].fail_headers = {"Retry-After": "1"}
        site.routes["/news/stall.html"] = Route(body=story_page(3).encode(), delay=5)
        bomb = gzip.compress(b"<html><body>" + b" " * 20_000_000 + b"</body></html>")
        site.routes["/news/bomb.html"] = Route(body=bomb, headers={"Content-Encoding": "gzip"})
        site.routes["/news/tarpit.html"] = Route(body=story_page(0).encode(), trickle=0.02)
        items = [
            {"title": STORIES[0][0], "link": akhbar + "/news/1.html", "date": rfc822("2025-05-14 09:30+03:00")},
            {"title": "تاريخ قبل التاريخ", "link": akhbar + "/news/old.html", "date": "Sat, 01 Jan 1600 10:00:00 GMT"},
            {"title": "رابط مكسور", "link": "http://[::1"},
            {"title": "خبر لا يصل", "link": akhbar + "/news/stall.html"},
            {"title": STORIES[1][0], "link": akhbar + "/news/busy.html"},
            {"title": "خبر في ثقب أسود", "link": hole.base + "/news/9.html"},
            {"title": "قنبلة مضغوطة", "link": akhbar + "/news/bomb.html"},
            {"title": "خبر من الراصد", "link": akhbar + "/news/2.html"},
            {"title": "خبر يتقطر", "link": base["batie.example"] + "/news/tarpit.html"},
        ]
        site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml")
        site.routes["/slow-feed.xml"] = Route(body=rss(items[:1]), content_type="application/rss+xml", trickle=0.02)
        feeds = [akhbar + "/rss.xml", hole.base + "/rss.xml", base["batie.example"] + "/slow-feed.xml"]
        budget = {"feed_budget": 4.0, "run_budget": 6.0, "max_bytes": 1_000_000}
        start = time.monotonic()
        report = mk.collect(feeds, store=tmp_path / "c.sqlite", **FAST, **budget)
        elapsed = time.monotonic() - start

    assert elapsed < budget["feed_budget"] + 1
    rows = report.set_index("feed")
    main = rows.loc[akhbar + "/rss.xml"]
    assert (main["status"], main["items"], main["new"], main["errors"]) == ("partial", 9, 3, 6)
    problems = problems_of(report)
    assert "published date 'Sat, 01 Jan 1600 10:00:00 GMT' is out of range" in problems[akhbar + "/news/old.html"]
    assert "Invalid IPv6 URL" in problems["http://[::1"]
    assert "timed out" in problems[akhbar + "/news/stall.html"]
    assert "timed out" in problems[hole.base + "/news/9.html"]
    assert "over the limit" in problems[akhbar + "/news/bomb.html"]
    assert "time budget of 4 s ran out" in problems[base["batie.example"] + "/news/tarpit.html"]
    assert len(problems) == 6
    stored = ArticleStore(tmp_path / "c.sqlite", readonly=True).to_frame()
    assert sorted(stored["url"]) == sorted(akhbar + p for p in ["/news/1.html", "/news/2.html", "/news/busy.html"])
    assert stored["text"].str.contains("مجلس الوزراء|وفد حكومي عراقي|هيئة الأرصاد").all()
    assert (
        rows.loc[hole.base + "/rss.xml", "status"] == "failed"
        and "timed out" in rows.loc[hole.base + "/rss.xml", "error"]
    )
    slow_feed = rows.loc[base["batie.example"] + "/slow-feed.xml"]
    # the feed trickles in: 2 s in all and it timed out, tried again, and cut at the budget
    assert slow_feed["status"] == "failed"
    assert slow_feed["error"].startswith("the feed's time budget of 4 s ran out while fetching")
    assert len(site.requested("/slow-feed.xml")) == 2


def test_the_collect_command_takes_the_time_budgets(site, tmp_path, capsys):
    import mediakit.collect  # noqa: F401  (imported before the clock starts: trafilatura takes seconds)
    from mediakit.cli import main

    site.routes["/slow.html"] = Route(body=story_page(0).encode(), delay=3)
    site.routes["/rss.xml"] = Route(
        body=rss([{"title": "خبر بطيء", "link": "/slow.html"}]), content_type="application/rss+xml"
    )
    args = ["collect", "--feeds", site.url("/rss.xml"), "--store", str(tmp_path / "c.sqlite"), "--quiet"]
    args += ["--allow-private", "--delay", "0", "--timeout", "5", "--feed-budget", "1", "--run-budget", "1"]
    start = time.monotonic()
    main(args)
    assert time.monotonic() - start < 2.5  # the page answers after 3 s; the budget is 1 s
    assert "time budget of 1 s ran out" in capsys.readouterr().out
