"""`mediakit report` on corpora of every shape, without -p: every page written, every section
either filled or saying in one note why it does not apply."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import mediakit as mk
from mediakit.cli import main
from mediakit.report import default_notebooks, notebook_parameters

PAGES = [
    "01-corpus.html",
    "02-terms.html",
    "03-entities.html",
    "04-wordclouds.html",
    "05-stories.html",
    "06-voices.html",
    "index.html",
]
SECTIONS = {
    "01-corpus.html": ["Outlets", "Outlet furniture", "Duplicates", "Coverage over time"],
    "02-terms.html": [
        "The most frequent terms, per outlet",
        "Phrases and names",
        "What the event changed",
        "How two outlets differ",
        "In context",
        "Over time",
    ],
    "03-entities.html": ["The most mentioned", "Over time", "Outlet by outlet", "Who appears together"],
    "04-wordclouds.html": ["The whole corpus", "One cloud per outlet", "Outlets compared", "Two periods compared"],
    "05-stories.html": [
        "The biggest stories",
        "Coverage, outlet by outlet",
        "Reported tolls",
        "Topics over time",
        "Attention",
    ],
    "06-voices.html": ["Who is quoted most", "Voices over time", "The roles heard", "Who appears with whom"],
}
CHATTER = ("Unable to parse", "Passed unknown parameter", "frozen modules", "Kernel is running over TCP", "Traceback")


def sample() -> pd.DataFrame:
    return mk.load_sample()


def relabel(df: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    return df.assign(source=[sources[i % len(sources)] for i in range(len(df))])


def shape(name: str) -> pd.DataFrame:
    """Corpora unlike the demo, made from its (synthetic, written-here) articles."""
    df = sample()
    if name == "one-outlet":
        return df.assign(source="sada-al-balad")
    if name == "two-outlets-uneven":
        return df.assign(source=["kabir"] * 150 + ["saghir"] * (len(df) - 150))
    if name == "twenty-outlets":
        return relabel(df, [f"outlet-{i:02d}" for i in range(20)])
    if name == "no-dates":
        return df.assign(published=pd.NaT)
    if name == "one-day":
        return df.assign(published=pd.Timestamp("2025-05-14 06:00", tz="UTC") + pd.to_timedelta(range(len(df)), "min"))
    if name == "twelve-articles":
        return df.iloc[::14].head(12)
    if name == "empty-texts":
        return df.assign(
            text=[("" if i % 9 == 0 else " \u200f " if i % 9 == 1 else t) for i, t in enumerate(df["text"])]
        )
    if name == "strays":
        old = df.iloc[:4].assign(
            id=[f"archive-{i}" for i in range(4)],
            url=[f"https://archive.example/{i}" for i in range(4)],
            text=df["text"].iloc[60:64].to_numpy() + " من الأرشيف",
            published=pd.to_datetime(["2012-10-11", "2013-02-01", "2014-08-19", "2016-12-30"], utc=True),
        )
        return pd.concat([df, old], ignore_index=True)
    raise ValueError(name)


def write(df: pd.DataFrame, folder: Path, name: str) -> Path:
    if name == "store":
        with mk.ArticleStore(folder / "news.sqlite") as store:
            store.add(df)
        return folder / "news.sqlite"
    return mk.write_articles(df, folder / f"{name}.jsonl")


def report(corpus: Path, out: Path, *args: str) -> int:
    return main(["report", "--corpus", str(corpus), "--out", str(out), "--quiet", *args])


def page(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def assert_complete(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(PAGES)
    for name, headings in SECTIONS.items():
        html = page(out, name)
        for heading in headings:
            assert re.search(rf"<h2[^>]*>{re.escape(heading)}", html), (name, heading)
        assert 'class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr"' not in html, name
        assert "Traceback" not in html and "ename" not in html, name
    assert "Failed" not in page(out, "index.html")


SHAPES = [
    "one-outlet",
    "two-outlets-uneven",
    "twenty-outlets",
    "no-dates",
    "one-day",
    "twelve-articles",
    "empty-texts",
    "strays",
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each shape's report, made once with the real command."""
    made = {}
    for name in SHAPES:
        folder = tmp_path_factory.mktemp(name)
        # the strays are read from an SQLite store, so the store's path through a report is tested too
        corpus = write(shape(name), folder, "store" if name == "strays" else name)
        code = report(corpus, folder / "out")
        made[name] = (code, folder / "out")
    return made


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_gives_a_complete_report(reports, name):
    code, out = reports[name]
    assert code == 0
    assert_complete(out)


def test_one_outlet_says_there_is_no_comparison(reports):
    _, out = reports["one-outlet"]
    for name in ("02-terms.html", "04-wordclouds.html"):
        assert "one outlet: there is no outlet comparison" in page(out, name) or "one outlet: no outlet" in page(
            out, name
        )
    assert "one outlet: no outlet comparison" in page(out, "03-entities.html")
    assert "1 outlet," in page(out, "index.html")


def test_uneven_outlets_are_compared_largest_first(reports):
    _, out = reports["two-outlets-uneven"]
    assert "The outlets compared are kabir and saghir" in page(out, "02-terms.html")


def test_twenty_outlets_are_drawn_and_compared_in_readable_numbers(reports):
    _, out = reports["twenty-outlets"]
    clouds = page(out, "04-wordclouds.html")
    assert "the 8 largest outlets are compared; 12 smaller ones are left out" in clouds
    assert "the 12 largest outlets are drawn" in clouds
    assert "the 8 largest outlets are drawn; the 12 others are summed in one line" in page(out, "01-corpus.html")
    terms = page(out, "02-terms.html")
    assert "outlet-19" in terms  # every outlet has its column of top terms
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", terms)
    assert len(cells) > 300 and not [c for c in cells if c.strip() in ("...", "…")]  # nothing cut


def test_no_dates_leaves_out_what_needs_them(reports):
    _, out = reports["no-dates"]
    assert "No article has a date" in page(out, "02-terms.html")
    assert "no article has a date: there is no coverage over time to draw" in page(out, "01-corpus.html")
    assert "no dates" in page(out, "index.html")


def test_one_day_has_no_timeline_and_no_periods_to_compare(reports):
    _, out = reports["one-day"]
    assert "there are no two periods to compare" in page(out, "04-wordclouds.html")
    assert "the articles fall on one day" in page(out, "02-terms.html")


def test_empty_texts_are_dropped_and_counted(reports):
    _, out = reports["empty-texts"]
    assert re.search(r"\d+ left empty by cleaning and dropped", page(out, "01-corpus.html"))


def test_stray_articles_are_set_aside_and_said(reports):
    _, out = reports["strays"]
    corpus = page(out, "01-corpus.html")
    assert "4 stray articles (4 dated before" in corpus
    assert "4 stray articles far from the bulk" in page(out, "index.html")
    years = re.findall(r">(20\d\d)-\d\d</th>", corpus)  # the monthly table starts at the bulk
    assert years and min(years) == "2025"


def test_index_lists_corpus_parameters_version_and_thumbnails(reports):
    _, out = reports["two-outlets-uneven"]
    index = page(out, "index.html")
    assert re.search(
        r"two-outlets-uneven\.jsonl: 1[56]\d unique articles \(173 read\) from 2 outlets, 2025-01-08 to 2026-02-18",
        index,
    )
    assert f"mediakit {mk.__version__}" in index
    for name in ("freq", "event", "search", "compare", "split_date", "watch", "n_topics", "queries", "network_nodes"):
        assert f'<th dir="auto">{name}</th>' in index, name
    assert index.count('<img src="data:image/png;base64,') == 6  # a thumbnail for each page
    for title in ("The corpus at a glance", "Word clouds that read right"):
        assert title in index
    assert "<title>Who and what the news talks about, and when</title>" in page(out, "03-entities.html")


def test_tables_read_as_numbers_and_dates(reports):
    _, out = reports["two-outlets-uneven"]
    entities = page(out, "03-entities.html")
    assert re.search(r">\d{1,3}\.\d%<", entities)  # shares as percentages
    assert not re.search(r"00:00:00\+00:00", entities)
    assert not re.search(r">0\.\d{5,}<", entities)
    kwic = page(out, "02-terms.html")
    assert re.search(r"<p[^>]*>20 of \d+ passages</p>", kwic)
    explorer = entities.split("Exploring further")[1]
    assert "mediakit-explorer-static" in explorer and 'src="data:image/png;base64,' in explorer


# ---------------------------------------------------------------------------------------------
# Parameters


def test_unknown_parameter_is_an_error_listing_the_valid_names(tmp_path, capfd):
    corpus = write(sample(), tmp_path, "news")
    assert report(corpus, tmp_path / "out", "-p", "serach", "العراق") == 1
    err = capfd.readouterr().err
    assert "unknown parameter serach" in err and "search" in err and "split_date" in err
    assert not (tmp_path / "out").exists()


def test_parameters_are_parsed_given_to_the_notebooks_declaring_them_and_shown_as_arabic(tmp_path, capfd):
    corpus = write(sample(), tmp_path, "news")
    notebooks = [str(p) for p in default_notebooks()[1:3]]  # 02 and 03 both take watch
    code = main(
        [
            "report",
            *notebooks,
            "--corpus",
            str(corpus),
            "--out",
            str(tmp_path / "out"),
            "--hide-code",
            "-p",
            "watch",
            '["ناقلة", "انتخابات"]',
            "-p",
            "top",
            "5",
            "-p",
            "compare",
            '["nabd", "al-rasid"]',
        ]
    )
    captured = capfd.readouterr()
    assert code == 0, captured.err
    terms = page(tmp_path / "out", "02-terms.html")
    assert "The terms followed are" in terms and "ناقلة" in terms and "\\u0646" not in terms
    assert 'The outlets compared are <code>["nabd", "al-rasid"]</code>, as given' in terms
    assert "mk.prepare" not in terms  # code hidden, the parameters still shown
    assert "<em>Parameters given to this run:</em>" in terms
    entities = page(tmp_path / "out", "03-entities.html")
    assert "The entities followed are ناقلة، انتخابات, as given" in entities  # watch given to 03 as well
    assert "Never mentioned in this corpus: ناقلة، انتخابات" in entities
    for noise in CHATTER:
        assert noise not in captured.out + captured.err, noise
    index = page(tmp_path / "out", "index.html")
    assert "ناقلة، انتخابات" in index and "given" in index


def test_report_help_lists_the_notebook_parameters(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    for name in notebook_parameters(default_notebooks()[1]):
        if name != "corpus":
            assert f"  {name} " in out, name


def test_reading_options_reach_the_notebooks(tmp_path, capfd):
    path = tmp_path / "windows.csv"
    sample().iloc[:40].drop(columns=["source"]).to_csv(path, index=False, encoding="cp1256", errors="replace")
    with open(path, "a", encoding="cp1256") as fh:
        fh.write("bad-1,https://x.example/1,not a date,عنوان,نص قصير\n")
    assert report(path, tmp_path / "a") == 1  # utf-8 by default: a clear error, with the option to use
    assert "(--encoding cp1256)" in capfd.readouterr().err
    assert report(path, tmp_path / "b", "--encoding", "cp1256", "--errors", "skip", "--source", "windows-news") == 0
    assert "mediakit report: skipped 1 bad records of 41" in capfd.readouterr().err
    corpus = page(tmp_path / "b", "01-corpus.html")
    assert "windows-news" in corpus and "1 bad records skipped" in corpus


def test_empty_file_fails_before_any_notebook(tmp_path, capfd):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert report(empty, tmp_path / "out") == 1
    assert "empty.jsonl" in capfd.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_failing_notebook_leaves_the_others_written_and_marked(tmp_path, capfd):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken on purpose"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    broken = tmp_path / "98-broken.ipynb"
    nbformat.write(nb, broken)
    out = tmp_path / "out"
    assert main(["report", str(default_notebooks()[0]), str(broken), "--out", str(out), "--quiet"]) == 1
    assert "98-broken.ipynb: cell 2 failed with ZeroDivisionError" in capfd.readouterr().err
    assert (out / "01-corpus.html").is_file() and (out / "98-broken.html").is_file()
    index = page(out, "index.html")
    assert "Failed: cell 2 failed with ZeroDivisionError: division by zero" in index


def test_warnings_show_as_short_notes_without_file_paths(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Warned"),
        nbformat.v4.new_code_cell(
            "import warnings\nwarnings.warn('3 outlets have no article after March: their lines stop there')"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "97-warned.ipynb"
    nbformat.write(nb, path)
    mk.render_notebooks([path], output_dir=tmp_path / "out", progress=False)
    html = page(tmp_path / "out", "97-warned.html")
    assert '<p dir="auto" class="mediakit-note">Note: 3 outlets have no article after March' in html
    assert "UserWarning" not in html and "ipykernel" not in html and ".py:" not in html.split("<body")[1]


# ---------------------------------------------------------------------------------------------
# A non-demo report in a real browser

from tests.test_notebooks import DIRECTIONS, browser, needs_chromium, open_page  # noqa: E402, F401


@needs_chromium
def test_twenty_outlet_report_in_chromium(reports, browser):  # noqa: F811
    _, out = reports["twenty-outlets"]
    for name in PAGES:
        tab, events = open_page(browser, (out / name).resolve().as_uri())
        assert [e for e in events["console"] if e[0] in ("error", "pageerror")] == [], name
        assert all(u.startswith(("file:", "data:")) for u in events["requests"]), name
        images = tab.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
        assert images and all(width > 0 for width in images), name
        wrong = [a for a in tab.evaluate(DIRECTIONS) if a[1] != "rtl"]
        assert wrong == [], (name, wrong[:5])
        if name == "02-terms.html":  # the wide table of top terms fits its columns, none hidden
            headers = tab.eval_on_selector_all("th", "els => els.map(e => e.textContent.trim())")
            assert {f"outlet-{i:02d}" for i in range(20)} <= set(headers)
        tab.close()
