"""Shared fixtures: paths to the project and to the shared corpora (tests that need them skip cleanly)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
ANT = SHARED / "ant-multisource" / "articles.jsonl.gz"


@pytest.fixture(scope="session", autouse=True)
def prepared_cache(tmp_path_factory):
    """Prepared corpora go to a folder of this test run, not the user's cache (notebook kernels
    started by the tests inherit the variable)."""
    import os

    folder = tmp_path_factory.mktemp("mediakit-cache")
    old = os.environ.get("MEDIAKIT_CACHE")
    os.environ["MEDIAKIT_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("MEDIAKIT_CACHE", None)
    else:
        os.environ["MEDIAKIT_CACHE"] = old


@pytest.fixture(scope="session")
def ant_path() -> Path:
    if not ANT.is_file():
        pytest.skip(f"shared corpus not present at {ANT}")
    return ANT


@pytest.fixture(scope="session")
def ant_articles(ant_path):
    import mediakit as mk

    return mk.read_articles(ant_path)


#: Files the tests leave for a person to look at (screenshots), listed at the end of the run.
ARTIFACTS: list[Path] = []


def pytest_terminal_summary(terminalreporter) -> None:
    for path in ARTIFACTS:
        terminalreporter.write_line(f"test artifact: {path}")
