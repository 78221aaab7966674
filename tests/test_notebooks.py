"""Notebooks: stored without outputs, executed for real, rendered to HTML; failures stop the report."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pandas as pd
import pytest

import mediakit as mk
from mediakit.report import default_notebooks

NOTEBOOKS = default_notebooks()
ALL_NOTEBOOKS = default_notebooks(collect=True)


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_story_and_parameters(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    # the corpus (for 00-collect: the store it fills) is a parameter; None = the demo corpus
    expected = 'corpus = "../data/corpus.sqlite"' if path.name.startswith("00-") else "corpus = None"
    assert expected in tagged[0].source


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return out, mk.render_notebooks(output_dir=out, progress=False)


def test_corpus_notebook_runs_and_renders(demo_report):
    out, pages = demo_report
    assert [p.name for p in pages] == [*(p.stem + ".html" for p in NOTEBOOKS), "index.html"]
    page = (out / "01-corpus.html").read_text(encoding="utf-8")
    assert "Unique articles per outlet" in page
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page), "the plot is embedded"
    assert "SM-20250515-1" in page and "near" in page  # the duplicate table holds the wire copy
    assert "Traceback" not in page
    assert re.search(r'<th dir="auto"[^>]*>2025-05</th>', page)  # the monthly table, months as months
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "166 unique articles (173 read) from 4 outlets, 2025-01-08 to 2026-02-18" in index
    assert 'href="01-corpus.html"' in index and "The corpus at a glance" in index


def test_pages_stand_alone_and_mark_direction(demo_report):
    _, pages = demo_report
    for page in pages[:-1]:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), page.name  # no script at all: nothing runs, nothing is fetched
        assert "mathjax" not in html.lower().split("</head>")[0].split("<style")[0]
        assert '<p dir="auto">' in html and "Noto Sans Arabic" in html
    tables = (pages[0].parent / "02-terms.html").read_text(encoding="utf-8")
    assert re.search(r'<td dir="auto"[^>]*>الدول</td>', tables)  # an Arabic cell takes its own direction


def test_terms_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "02-terms.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert page.count('src="data:image/png;base64,') >= 2  # the bar chart and the timeline
    assert 'class="mediakit-kwic" dir="rtl"' in page and "<mark>الاتحاد الأوروبي</mark>" in page
    assert "صندوق النقد الدولي" in page  # a collocation, in its written form
    assert "typical of al-sharfa, against nabd" in page and "typical of nabd, against al-sharfa" in page


def test_entities_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "03-entities.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert page.count('src="data:image/png;base64,') >= 2  # the timeline and the heatmap
    assert "حلف شمال الأطلسي" in page and "al-sharfa" in page


def test_wordcloud_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "04-wordclouds.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert page.count('src="data:image/png;base64,') >= 5  # corpus, outlets, two comparisons, shape


def test_stories_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "05-stories.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    # stories told by two outlets, who came first, the topics and the attention queries chosen
    assert re.search(r"\d+ stories in \d+ dated articles; [1-9]\d* told by two outlets or more", page)
    assert "median_lag" in page and "missed" in page
    assert "3 topics, about one per 50 of the 166 articles" in page
    assert "The attention queries follow the 2 most mentioned entities" in page
    assert page.count('src="data:image/png;base64,') >= 4  # first reports, coverage, topics, attention


def test_voices_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "06-voices.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert re.search(r"[1-9][\d,]* speech instances in [1-9]\d* of 166 articles", page)
    # speakers per outlet, over time, the roles heard and the network
    assert page.count('src="data:image/png;base64,') >= 4
    assert "The network draws the 30 entities" in page and "media and reports" in page


def test_report_on_another_corpus_with_parameters(tmp_path):
    corpus = tmp_path / "slice.jsonl"
    mk.load_sample().pipe(mk.filter_articles, sources=["nabd", "al-rasid"]).assign(
        published=lambda d: d["published"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ).to_json(corpus, orient="records", lines=True, force_ascii=False)
    pages = mk.render_notebooks(
        [NOTEBOOKS[0]],
        corpus=corpus,
        output_dir=tmp_path / "out",
        parameters={"freq": "QS"},
        hide_code=True,
        progress=False,
    )
    page = pages[0].read_text(encoding="utf-8")
    assert re.search(r'<th dir="auto"[^>]*>2025-04</th>', page)  # quarters
    assert not re.search(r'<th dir="auto"[^>]*>2025-05</th>', page)
    assert re.search(r'<td dir="auto"[^>]*>nabd</td>', page) and "al-sharfa" not in page
    assert "mk.prepare" not in page  # code hidden
    assert re.search(
        r"slice\.jsonl: \d+ unique articles \(84 read\) from 2 outlets", pages[-1].read_text(encoding="utf-8")
    )


# ---------------------------------------------------------------------------------------------
# The rendered report in a real browser (Debian's chromium, driven with Playwright)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
)

# For every element whose own text starts with Arabic (outside code), its computed direction.
DIRECTIONS = """
() => {
  const strong = /[A-Za-z\\u00C0-\\u024F\\u0600-\\u06FF\\u0750-\\u077F\\uFB50-\\uFDFF\\uFE70-\\uFEFF]/;
  const arabic = /[\\u0600-\\u06FF\\u0750-\\u077F\\uFB50-\\uFDFF\\uFE70-\\uFEFF]/;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    if (!arabic.test(walker.currentNode.nodeValue)) continue;
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || el.closest("pre, code, .highlight, script, style")) continue;
    seen.add(el);
    const first = (el.textContent.match(strong) || [""])[0];
    if (first && arabic.test(first)) {
      out.push([el.tagName, getComputedStyle(el).direction, el.textContent.trim().slice(0, 40)]);
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield instance
        instance.close()


def open_page(browser, url: str):
    """A page with everything it logged, every request it made and every dialog it opened."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    events = {"console": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: events["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: events["console"].append(("pageerror", str(e))))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page, events


@needs_chromium
def test_report_pages_in_chromium(demo_report, browser):
    _, pages = demo_report
    from tests.conftest import ARTIFACTS, ROOT

    for path in pages:
        page, events = open_page(browser, path.resolve().as_uri())
        errors = [e for e in events["console"] if e[0] in ("error", "pageerror")]
        assert errors == [], (path.name, errors[:3])
        assert all(u.startswith(("file:", "data:")) for u in events["requests"]), path.name  # no network
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.src.slice(0, 22), e.naturalWidth])")
        assert all(src.startswith("data:image/") and width > 0 for src, width in images), path.name
        arabic = page.evaluate(DIRECTIONS)
        if path.name not in ("index.html", "04-wordclouds.html"):  # the clouds are pictures
            assert len(arabic) >= 5, path.name
        wrong = [a for a in arabic if a[1] != "rtl"]
        assert wrong == [], (path.name, wrong[:5])
        if path.name == "03-entities.html":
            shot = ROOT / "build" / "screenshots" / "03-entities.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 20_000
            ARTIFACTS.append(shot)
        page.close()


INJECTION_TITLE = 'تقرير <script>document.title="PWNED";alert(1)</script>'
INJECTION_TEXT = (
    'رست الناقلة في الميناء <img src=x onerror="alert(2)"> وقال مسؤول <script>alert(3)</script> '
    "إن التفتيش سيستمر أياما قبل السماح لها بالمغادرة نحو وجهتها التالية."
)


@needs_chromium
def test_html_in_articles_stays_text_in_report_and_kwic(tmp_path, browser):
    sample = mk.load_sample()
    hostile = pd.DataFrame(
        [
            {
                "id": f"hostile-{i}",
                "source": "nabd",
                "url": f"https://nabd.example/hostile-{i}",
                "published": pd.Timestamp("2025-05-20 10:00", tz="UTC") + pd.Timedelta(hours=i),
                "title": INJECTION_TITLE,
                "text": INJECTION_TEXT,
            }
            for i in range(2)  # a second copy: listed among the duplicates, with its title
        ]
    )
    corpus = mk.write_articles(pd.concat([sample, hostile], ignore_index=True), tmp_path / "hostile.parquet")
    pages = mk.render_notebooks(NOTEBOOKS[:2], corpus=corpus, output_dir=tmp_path / "out", progress=False)
    kwic_page = tmp_path / "kwic.html"
    table = mk.kwic(mk.read_articles(corpus), "الناقلة")._repr_html_()
    kwic_page.write_text(f'<!DOCTYPE html><meta charset="utf-8"><body>{table}</body>', encoding="utf-8")
    for path in [*pages, kwic_page]:
        page, events = open_page(browser, path.resolve().as_uri())
        assert events["dialogs"] == [], path.name
        assert page.title() != "PWNED"
        assert page.eval_on_selector_all("img[onerror]", "els => els.length") == 0, path.name
        if path.name != "kwic.html":
            assert page.eval_on_selector_all("script", "els => els.length") == 0, path.name
        if path.name in ("01-corpus.html",):
            assert "<script>document.title" in page.inner_text("body")  # shown as text
        if path.name == "kwic.html":
            assert '<img src=x onerror="alert(2)">' in page.inner_text("body")
        page.close()


def test_report_command_errors(tmp_path, capsys):
    from mediakit.cli import main

    assert main(["report", "--corpus", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "a")]) == 1
    assert "missing.jsonl: no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    assert main(["report", "--corpus", str(broken), "--out", str(tmp_path / "b")]) == 1
    assert "broken.parquet: not a readable Parquet file" in capsys.readouterr().err
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Broken"), nbformat.v4.new_code_cell("1 / 0")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "98-raises.ipynb")
    assert main(["report", str(tmp_path / "98-raises.ipynb"), "--out", str(tmp_path / "c")]) == 1
    assert "98-raises.ipynb: cell 1 failed with ZeroDivisionError" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert "Failed: cell 1 failed with ZeroDivisionError" in (tmp_path / "c" / "index.html").read_text(encoding="utf-8")


def test_figures_command_saves_the_embedded_plots(demo_report, tmp_path):
    from PIL import Image

    from mediakit.cli import main

    out, _ = demo_report
    assert main(["figures", str(out / "03-entities.html"), "--out", str(tmp_path), "--width", "500"]) == 0
    saved = sorted(tmp_path.glob("03-entities-*.png"))
    assert len(saved) >= 2  # the timeline and the heatmap
    assert all(Image.open(p).width <= 500 for p in saved)
    bare = tmp_path / "bare.html"
    bare.write_text("<html><body><p>no figures</p></body></html>", encoding="utf-8")
    assert main(["figures", str(bare), "--out", str(tmp_path)]) == 1  # no figures there
