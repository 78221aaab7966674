"""`mediakit report` on 2,000 articles of the ANT corpus, as the issue tried it: a real corpus
that is not the demo (its own file, so that it runs beside the shapes of test_report.py)."""

from __future__ import annotations

import pytest

import mediakit as mk
from tests.test_report import assert_complete, page, report


@pytest.fixture(scope="module")
def ant_report(ant_articles, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ant")
    corpus = mk.write_articles(ant_articles.sample(2_000, random_state=7), folder / "my-news.jsonl")
    code = report(corpus, folder / "out")
    return code, folder / "out"


def test_report_on_2000_ant_articles(ant_report):
    code, out = ant_report
    assert code == 0
    assert_complete(out)
    terms = page(out, "02-terms.html")
    assert "The event period is the week of 2018-" in terms
    assert "stray articles" in page(out, "01-corpus.html")  # Al Arabiya's items from 2012-2017
