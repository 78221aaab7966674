"""Notebooks: stored without outputs, executed for real, rendered to HTML; failures stop the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import mediakit as mk
from mediakit.report import ReportError, default_notebooks

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
    assert '<th dir="auto">2025-05-01</th>' in page  # the monthly table
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "166 articles from 4 outlets, 2025-01-08 to 2026-02-18" in index
    assert 'href="01-corpus.html"' in index and "The corpus at a glance" in index


def test_pages_stand_alone_and_mark_direction(demo_report):
    _, pages = demo_report
    for page in pages[:-1]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]*src="https?://', html), page.name  # nothing fetched
        assert "mathjax" not in html.lower().split("</head>")[0].split("<style")[0]
        assert '<p dir="auto">' in html and "Noto Sans Arabic" in html
    tables = (pages[0].parent / "02-terms.html").read_text(encoding="utf-8")
    assert '<td dir="auto">الدول</td>' in tables  # an Arabic cell takes its own direction


def test_terms_notebook_runs_and_renders(demo_report):
    out, _ = demo_report
    page = (out / "02-terms.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert page.count('src="data:image/png;base64,') >= 2  # the bar chart and the timeline
    assert 'class="mediakit-kwic" dir="rtl"' in page and "<mark>ناقلة</mark>" in page
    assert "صندوق النقد الدولي" in page  # a collocation, in its written form
    assert "al-rasid against al-sharfa" in page


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
    assert '<th dir="auto">2025-04-01</th>' in page and '<th dir="auto">2025-05-01</th>' not in page  # quarters
    assert '<td dir="auto">nabd</td>' in page and '<td dir="auto">al-sharfa</td>' not in page
    assert "mk.clean_articles" not in page  # code hidden
    assert "slice.jsonl: 81 articles from 2 outlets" in pages[-1].read_text(encoding="utf-8")


def test_failing_notebook_names_cell_and_leaves_nothing(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("import mediakit as mk\nmk.read_articles('no-such-corpus.jsonl')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "99-broken.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "reports"
    with pytest.raises(ReportError, match=r"99-broken\.ipynb: cell 2 failed with CorpusError: .*no such file"):
        mk.render_notebooks([NOTEBOOKS[0], path], output_dir=out, progress=False)
    assert not out.exists() or not any(Path(out).iterdir())
