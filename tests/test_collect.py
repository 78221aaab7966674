"""The collector against a real HTTP server on 127.0.0.1 (tests/feedsite.py): no mocks of HTTP."""

from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest

import mediakit as mk
from mediakit.cli import main
from mediakit.collect import decode_page, read_feeds
from mediakit.store import ArticleStore, StoreError
from tests.feedsite import STORIES, Route, Site, atom, page, rfc822, rss, story_page

FAST = {"allow_private": True, "per_host_delay": 0.0, "timeout": 1.0, "retries": 1, "backoff": 0.05, "progress": False}


def html(text: str, charset: str = "utf-8") -> Route:
    """A page; in a legacy code page it is served with no charset anywhere (symbols as entities)."""
    body = text.encode(charset, errors="xmlcharrefreplace")
    return Route(body=body, content_type="text/html; charset=utf-8" if charset == "utf-8" else "text/html")


@pytest.fixture
def site():
    with Site() as s:
        s.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield s


def add_news_site(site: Site) -> None:
    """The main feeds: RSS 2.0 with five items, Atom with two (one shared with the RSS)."""
    site.routes["/rss.xml"] = Route(
        body=rss(
            [
                {"title": STORIES[0][0], "link": site.url("/news/1.html"), "date": rfc822("2025-05-14 09:30+03:00")},
                {"title": STORIES[1][0], "link": "news/2.html", "date": "الأحد 18 أيار/مايو 2025 - 10:30 ص"},
                {"title": "", "link": site.url("/news/cp1256.html")},
                {"title": STORIES[3][0], "link": site.url("/news/4.html")},
                {"title": "خبر بترميز ISO", "link": site.url("/news/iso.html")},
            ]
        ),
        content_type="application/rss+xml",
        etag='"rss-v1"',
    )
    site.routes["/atom.xml"] = Route(
        body=atom(
            [
                {"title": STORIES[0][0], "link": site.url("/news/1.html"), "date": "2025-05-14T06:30:00Z"},
                {"title": "خبر من نبض", "link": site.url("/news/6.html"), "date": "2025-05-20T08:00:00Z"},
            ]
        ),
        content_type="application/atom+xml",
        last_modified="Tue, 20 May 2025 08:00:00 GMT",
    )
    site.routes["/news/1.html"] = html(story_page(0))
    site.routes["/news/2.html"] = html(story_page(1))
    # windows-1256 without a charset in the header or the page; the date only in its metadata
    site.routes["/news/cp1256.html"] = html(story_page(2, meta_date="2025-06-02T07:15:00+00:00"), "cp1256")
    # no date anywhere but the Arabic dateline on the page
    site.routes["/news/4.html"] = html(story_page(3, dateline="نشر في الأحد ١٢ تشرين الأول ٢٠٢٥ - ٠٨:٤٥ م"))
    iso_title, iso_paragraphs = "تقرير بترميز عربي قديم", [p.replace("الحكومة", "السلطات") for p in STORIES[0][1]]
    site.routes["/news/iso.html"] = html(page(iso_title, iso_paragraphs), "iso8859_6")
    site.routes["/news/6.html"] = html(page("خبر من نبض", [p + " وتابع المراسل." for p in STORIES[2][1]]))


def test_collects_rss_and_atom_into_the_store(site, tmp_path):
    add_news_site(site)
    store_path = tmp_path / "corpus.sqlite"
    report = mk.collect(
        [{"url": site.url("/rss.xml"), "source": "al-rasid"}, {"url": site.url("/atom.xml"), "source": "nabd"}],
        store=store_path,
        **FAST,
    )
    assert report.columns.tolist() == ["feed", "source", "status", "items", "new", "duplicates", "errors", "error"]
    rows = report.set_index("source")
    assert rows.loc["al-rasid", ["status", "items", "new", "duplicates", "errors"]].tolist() == ["ok", 5, 5, 0, 0]
    # the Atom feed shares /news/1.html with the RSS feed: stored once, counted as a duplicate
    assert rows.loc["nabd", ["status", "items", "new", "duplicates"]].tolist() == ["ok", 2, 1, 1]

    df = ArticleStore(store_path, readonly=True).to_frame().set_index("url")
    assert len(df) == 6 and df.index.is_unique
    first = df.loc[site.url("/news/1.html")]
    assert first["title"] == STORIES[0][0] and first["source"] in {"al-rasid", "nabd"}
    assert first["text"].startswith("أقر مجلس الوزراء") and "الحماية الاجتماعية" in first["text"]
    # the page furniture is not the article
    assert not df["text"].str.contains("جميع الحقوق محفوظة|الأكثر قراءة|الرئيسية").any()
    assert first["published"] == pd.Timestamp("2025-05-14 06:30", tz="UTC")  # RFC 822 with +03:00
    # a relative link, resolved against the feed; an Arabic feed date
    second = df.loc[site.url("/news/2.html")]
    assert second["published"] == pd.Timestamp("2025-05-18 10:30", tz="UTC")
    # windows-1256 page without any charset: decoded right; title and date from the page
    cp = df.loc[site.url("/news/cp1256.html")]
    assert "حذرت هيئة الأرصاد الجوية من موجة حر شديدة" in cp["text"]
    assert cp["title"].startswith(STORIES[2][0])
    assert cp["published"] == pd.Timestamp("2025-06-02 07:15", tz="UTC")
    # the date from the Arabic dateline of the page (Levantine month name, Arabic-Indic digits)
    assert df.loc[site.url("/news/4.html"), "published"] == pd.Timestamp("2025-10-12 20:45", tz="UTC")
    iso = df.loc[site.url("/news/iso.html")]
    assert "أقر مجلس الوزراء" in iso["text"] and "السلطات" in iso["text"]
    assert df.loc[site.url("/news/6.html"), "feed"] == site.url("/atom.xml")
    # polite: a descriptive User-Agent on every request, robots.txt read once for the host
    assert all(h["user-agent"].startswith("mediakit/") for _t, _p, h in site.log)
    assert len(site.requested("/robots.txt")) == 1


def test_failures_are_counted_per_item_and_the_good_items_stored(site, tmp_path):
    trouble = {
        "/news/missing.html": None,  # 404
        "/news/flaky.html": html(story_page(1)),  # 500, then 200
        "/news/hang.html": Route(body=story_page(2).encode(), delay=5),  # longer than the timeout
        "/loop/a": Route(status=302, headers={"Location": "/loop/b"}),
        "/loop/b": Route(status=302, headers={"Location": "/loop/a"}),
        "/news/big.html": Route(body=b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
        "/news/big-stream.html": Route(body=b"<html><body>" + b"y" * 300_000 + b"</body></html>", no_length=True),
        "/private/secret.html": html(story_page(3)),  # robots.txt forbids /private/
        "/news/photo.html": Route(body=b"\x89PNG\r\n", content_type="image/png"),
        "/news/moved.html": Route(status=301, headers={"Location": "/news/7.html"}),
        "/news/7.html": html(story_page(3)),
    }
    site.routes["/news/flaky.html"] = trouble["/news/flaky.html"]
    site.routes["/news/flaky.html"].fail_first = 1
    for path, route in trouble.items():
        if route is not None and path != "/news/flaky.html":
            site.routes[path] = route
    links = [p for p in trouble if p not in ("/loop/b", "/news/7.html")]
    site.routes["/trouble.xml"] = Route(
        body=rss([{"title": f"خبر {i}", "link": site.url(p)} for i, p in enumerate(links)]),
        content_type="application/rss+xml",
    )
    store_path = tmp_path / "c.sqlite"
    report = mk.collect(site.url("/trouble.xml"), store=store_path, max_bytes=200_000, **FAST)
    row = report.iloc[0]
    assert (row["status"], row["items"], row["new"], row["errors"]) == ("partial", 9, 2, 7)
    problems = {url.rsplit("/", 1)[-1]: reason for _feed, url, reason in report.attrs["problems"]}
    assert "HTTP status 404" in problems["missing.html"]
    assert "timed out" in problems["hang.html"]
    assert "redirect loop" in problems["a"]
    assert "over the limit" in problems["big.html"] and "over the limit" in problems["big-stream.html"]
    assert "robots.txt" in problems["secret.html"] and "disallows" in problems["secret.html"]
    assert "image/png" in problems["photo.html"]
    # the forbidden page was never requested; 500 retried, 404 not; the timeout retried once
    assert site.requested("/private/secret.html") == []
    assert len(site.requested("/news/flaky.html")) == 2
    assert len(site.requested("/news/missing.html")) == 1
    assert len(site.requested("/news/hang.html")) == 2
    stored = ArticleStore(store_path, readonly=True).to_frame().set_index("url")
    assert set(stored.index) == {site.url("/news/flaky.html"), site.url("/news/moved.html")}
    assert stored.loc[site.url("/news/moved.html"), "fetched_url"] == site.url("/news/7.html")


def test_one_bad_feed_never_stops_the_others(site, tmp_path):
    add_news_site(site)
    site.routes["/garbage.xml"] = Route(body=b"\x00\x01<<<< this is not a feed", content_type="application/rss+xml")
    site.routes["/page.xml"] = Route(body=b"<html><body><p>not a feed</p></body></html>", content_type="text/html")
    loose = rss([{"title": "خبر & تحليل", "link": site.url("/news/1.html")}]).replace(b"&amp;", b"&")
    site.routes["/loose.xml"] = Route(body=loose, content_type="application/rss+xml")
    feeds = [site.url(p) for p in ("/gone.xml", "/garbage.xml", "/page.xml", "/loose.xml", "/atom.xml")]
    report = mk.collect(feeds, store=tmp_path / "c.sqlite", **FAST).set_index("feed")
    assert report.loc[site.url("/gone.xml"), "status"] == "failed"
    assert "HTTP status 404" in report.loc[site.url("/gone.xml"), "error"]
    assert report.loc[site.url("/garbage.xml"), "status"] == "failed"
    assert "not a readable feed" in report.loc[site.url("/page.xml"), "error"]
    loose_row = report.loc[site.url("/loose.xml")]
    assert loose_row["status"] == "partial" and loose_row["new"] == 1 and "malformed" in loose_row["error"]
    assert report.loc[site.url("/atom.xml"), "status"] == "ok"
    assert report.loc[site.url("/atom.xml"), ["new", "duplicates"]].tolist() == [1, 1]
    assert report["source"].eq("127.0.0.1").all()  # a bare URL's source is its host


def test_reruns_use_conditional_get_and_fetch_only_new_items(site, tmp_path):
    add_news_site(site)
    store_path = tmp_path / "c.sqlite"
    feeds = [site.url("/rss.xml"), site.url("/atom.xml")]
    mk.collect(feeds, store=store_path, **FAST)
    pages_before = sum(1 for _t, p, _h in site.log if p.startswith("/news/"))

    again = mk.collect(feeds, store=store_path, **FAST)
    assert again["status"].tolist() == ["not modified", "not modified"]
    assert site.requested("/rss.xml")[-1]["if-none-match"] == '"rss-v1"'
    assert site.requested("/atom.xml")[-1]["if-modified-since"] == "Tue, 20 May 2025 08:00:00 GMT"
    assert sum(1 for _t, p, _h in site.log if p.startswith("/news/")) == pages_before

    # the feed changes: only its new item is fetched
    site.routes["/news/8.html"] = html(page("خبر جديد", [p + " تحديث." for p in STORIES[1][1]]))
    items = [{"title": "خبر جديد", "link": site.url("/news/8.html")}] + [
        {"title": f"قديم {i}", "link": site.url(p)} for i, p in enumerate(["/news/1.html", "/news/2.html"])
    ]
    site.routes["/rss.xml"] = Route(body=rss(items), content_type="application/rss+xml", etag='"rss-v2"')
    third = mk.collect(site.url("/rss.xml"), store=store_path, **FAST).iloc[0]
    assert (third["status"], third["items"], third["new"], third["duplicates"]) == ("ok", 3, 1, 2)
    assert len(site.requested("/news/8.html")) == 1 and len(site.requested("/news/1.html")) == 1
    assert len(ArticleStore(store_path, readonly=True)) == 7


def test_an_interrupted_feed_keeps_no_validators_so_the_next_run_reads_it_again(site, tmp_path):
    add_news_site(site)
    site.routes["/news/2.html"] = Route(status=503, body=b"busy")
    store_path = tmp_path / "c.sqlite"
    first = mk.collect(site.url("/rss.xml"), store=store_path, **FAST).iloc[0]
    assert (first["status"], first["new"], first["errors"]) == ("partial", 4, 1)
    site.routes["/news/2.html"] = html(story_page(1))
    second = mk.collect(site.url("/rss.xml"), store=store_path, **FAST).iloc[0]
    assert "if-none-match" not in site.requested("/rss.xml")[-1]
    assert (second["status"], second["new"], second["duplicates"]) == ("ok", 1, 4)


def test_requests_to_one_host_are_spaced(site, tmp_path):
    add_news_site(site)
    mk.collect(site.url("/rss.xml"), store=tmp_path / "c.sqlite", **{**FAST, "per_host_delay": 0.25})
    times = site.times({"/robots.txt", "/rss.xml", *(f"/news/{n}.html" for n in ("1", "2", "cp1256", "4", "iso"))})
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # the client spaces its requests by 0.25 s; seen from the server, arrival times jitter a little
    assert len(gaps) == 6 and min(gaps) >= 0.2 and sum(gaps) >= 6 * 0.25 - 0.05


def test_private_addresses_and_other_schemes_are_refused(site, tmp_path):
    add_news_site(site)
    report = mk.collect(site.url("/rss.xml"), store=tmp_path / "c.sqlite", progress=False, timeout=1)
    assert report["status"].iat[0] == "failed" and "non-public address 127.0.0.1" in report["error"].iat[0]
    assert site.log == []  # nothing was requested
    site.routes["/evil.xml"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    report = mk.collect(site.url("/evil.xml"), store=tmp_path / "c.sqlite", **FAST)
    assert report["status"].iat[0] == "failed" and "not an http(s) URL" in report["error"].iat[0]
    with pytest.raises(ValueError, match="not an absolute http"):
        mk.collect(["file:///etc/passwd"], store=tmp_path / "c.sqlite", progress=False)


def test_summaries_only_fetch_no_pages(site, tmp_path):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>عنوان &lt;script&gt;alert(1)&lt;/script&gt;</title><link>{site.url('/news/1.html')}</link>"
        "<description>&lt;p&gt;قال الوزير إن &lt;b&gt;المحادثات&lt;/b&gt; مستمرة.&lt;/p&gt;</description></item>"
        "</channel></rss>"
    ).encode()
    site.routes["/s.xml"] = Route(body=body, content_type="application/rss+xml")
    mk.collect(site.url("/s.xml"), store=tmp_path / "c.sqlite", full_text=False, **FAST)
    assert site.requested("/news/1.html") == []
    row = ArticleStore(tmp_path / "c.sqlite", readonly=True).to_frame().iloc[0]
    assert row["text"] == "قال الوزير إن المحادثات مستمرة."
    assert row["title"] == "عنوان <script>alert(1)</script>"  # text, kept as written


CRASH = textwrap.dedent(
    """
    import sys, mediakit as mk
    mk.collect(sys.argv[1], store=sys.argv[2], allow_private=True, per_host_delay=0, timeout=5, progress=False)
    """
)


def test_a_run_killed_midway_loses_nothing_and_a_rerun_finishes_without_duplicates(site, tmp_path):
    n = 30
    for i in range(n):
        title, paragraphs = STORIES[i % len(STORIES)]
        site.routes[f"/slow/{i}.html"] = Route(
            body=page(f"{title} ({i})", [f"{p} (الخبر {i})" for p in paragraphs]).encode(), delay=0.15
        )
    site.routes["/many.xml"] = Route(
        body=rss([{"title": f"خبر {i}", "link": site.url(f"/slow/{i}.html")} for i in range(n)]),
        content_type="application/rss+xml",
    )
    store_path = tmp_path / "crash.sqlite"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CRASH, site.url("/many.xml"), str(store_path)], env=env)
    stored_at_kill = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            try:
                with ArticleStore(store_path, readonly=True) as reader:
                    stored_at_kill = len(reader)
            except StoreError:  # not created yet
                pass
            if stored_at_kill >= 8:
                break
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert 8 <= stored_at_kill < n
    with ArticleStore(store_path) as store:
        survived = len(store)
        assert survived >= stored_at_kill and store.integrity_check() == "ok"
    report = mk.collect(site.url("/many.xml"), store=store_path, **FAST).iloc[0]
    assert report["new"] == n - survived and report["duplicates"] == survived
    with ArticleStore(store_path) as store:
        df = store.to_frame()
        assert len(df) == n and df["url"].is_unique and store.integrity_check() == "ok"
        assert sorted(df["url"]) == sorted(site.url(f"/slow/{i}.html") for i in range(n))


@pytest.mark.parametrize("codec", ["cp1256", "iso8859_6", "utf-8"])
def test_decode_page_tells_the_arabic_code_pages_apart(codec):
    text = story_page(1)
    decoded, used = decode_page(text.encode(codec, errors="xmlcharrefreplace"))
    assert decoded == text.encode(codec, errors="xmlcharrefreplace").decode(codec)
    assert "أقر مجلس الوزراء" in decoded or "وصل وفد حكومي عراقي" in decoded
    assert used.replace("_", "-") in {codec.replace("_", "-"), "iso8859-6"}


def test_decode_page_prefers_the_declared_charset():
    text = story_page(0, charset="windows-1256")
    assert decode_page(text.encode("cp1256"))[1] == "cp1256"  # from <meta charset>
    assert decode_page(text.encode("cp1256"), "text/html; charset=windows-1256")[0] == text
    # a wrong declaration that cannot decode the bytes falls through to detection
    assert decode_page(text.encode("cp1256"), "text/html; charset=utf-8")[0] == text


def test_read_feeds_reads_yaml_csv_txt_and_frames(tmp_path):
    (tmp_path / "feeds.yml").write_text(
        "feeds:\n  - https://www.example.com/rss.xml\n  - url: https://news.example.org/feed\n    source: خبر\n",
        encoding="utf-8",
    )
    assert read_feeds(tmp_path / "feeds.yml") == [
        {"url": "https://www.example.com/rss.xml", "source": "example.com"},
        {"url": "https://news.example.org/feed", "source": "خبر"},
    ]
    (tmp_path / "map.yaml").write_text("nabd: https://nabd.example/rss\n", encoding="utf-8")
    assert read_feeds(tmp_path / "map.yaml") == [{"url": "https://nabd.example/rss", "source": "nabd"}]
    (tmp_path / "feeds.txt").write_text("# mine\nhttps://a.example/rss\n\nhttps://a.example/rss\n", encoding="utf-8")
    assert read_feeds(tmp_path / "feeds.txt") == [{"url": "https://a.example/rss", "source": "a.example"}]
    assert len(read_feeds(mk.load_feeds())) == len(mk.load_feeds())
    (tmp_path / "bad.csv").write_text("url,source\nhttps://ok.example/rss,ok\nfeed.xml,bad\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv: entry 2: url 'feed.xml' is not an absolute http\(s\) URL"):
        read_feeds(tmp_path / "bad.csv")
    with pytest.raises(ValueError, match="no such feed list"):
        read_feeds(tmp_path / "missing.yml")


def test_the_shipped_feed_list():
    feeds = mk.load_feeds()
    assert feeds.columns.tolist() == ["source", "outlet", "outlet_ar", "country", "language", "url"]
    assert len(feeds) >= 25 and feeds["url"].is_unique and feeds["source"].is_unique
    assert feeds["country"].nunique() >= 12 and (feeds["language"] == "ar").all()
    assert feeds["outlet_ar"].str.contains("[\u0621-\u064a]").all()
    maghreb = mk.load_feeds(countries=["MA", "DZ", "TN"])
    assert set(maghreb["country"]) == {"MA", "DZ", "TN"}


def test_cli_collect_prints_the_report(site, tmp_path, capsys):
    add_news_site(site)
    feeds = tmp_path / "feeds.yml"
    feeds.write_text(f"al-rasid: {site.url('/rss.xml')}\n", encoding="utf-8")
    store = tmp_path / "c.sqlite"
    args = ["collect", "--feeds", str(feeds), "--store", str(store), "--allow-private", "--delay", "0", "--quiet"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "al-rasid" in out and "5 new articles" in out
    assert main(["collect", "--feeds", str(tmp_path / "none.yml"), "--store", str(store)]) == 1


def test_collect_notebook_fills_a_store_the_other_notebooks_read(site, tmp_path):
    add_news_site(site)
    store = tmp_path / "collected.sqlite"
    notebooks = mk.report.default_notebooks(collect=True)
    pages = mk.render_notebooks(
        notebooks[:2],  # 00-collect, then 01-corpus on what it collected
        corpus=store,
        parameters={
            "feeds": [
                {"url": site.url("/rss.xml"), "source": "al-rasid"},
                {"url": site.url("/atom.xml"), "source": "nabd"},
            ],
            "allow_private": True,
            "per_host_delay": 0.0,
            "query": "عمان",  # written عمّان, with a shadda
        },
        output_dir=tmp_path / "out",
        progress=False,
    )
    assert [p.name for p in pages] == ["00-collect.html", "01-corpus.html", "index.html"]
    assert len(ArticleStore(store, readonly=True)) == 6
    collected = pages[0].read_text(encoding="utf-8")
    assert "6 new articles from 2 feeds" in collected
    assert "وفد عراقي يصل إلى عمّان" in collected  # the search hit's title
    assert re.search(
        r"collected\.sqlite: \d unique articles \(6 read\) from 2 outlets", pages[-1].read_text(encoding="utf-8")
    )


def test_every_module_the_collector_imports_is_importable():
    """A plain ``pip install -e .`` brings everything the collector imports, at the top or inside a
    function (trafilatura needs lxml.html.clean, its own package since lxml 5.2; older pip skips the
    ``lxml[html_clean]`` extra, so the package is named directly)."""
    import ast
    import importlib
    import tomllib

    from tests.conftest import ROOT

    tree = ast.parse((ROOT / "mediakit" / "collect.py").read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0}
    assert {"httpx", "httpcore", "feedparser", "trafilatura", "lxml.html", "yaml"} <= modules
    for name in sorted(modules | {"lxml.html.clean", "lxml_html_clean"}):
        importlib.import_module(name)
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.replace("_", "-").startswith("lxml-html-clean") for d in dependencies)
    assert any(d.startswith("httpcore") for d in dependencies)
