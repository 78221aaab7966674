"""Run the notebooks with parameters and render them as shareable, self-contained HTML."""

from __future__ import annotations

import html
import io
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

from mediakit._progress import progress_bar

__all__ = ["ReportError", "default_notebooks", "render_notebooks"]


class ReportError(RuntimeError):
    """A notebook failed while the report was built; the message names the notebook, cell and error."""


def default_notebooks(*, collect: bool = False) -> list[Path]:
    """The project's notebooks (``notebooks/NN-*.ipynb`` of the source tree), in order.

    Parameters
    ----------
    collect : bool, default False
        Include ``00-collect``, which fetches feeds from the network; the report runs only the
        analysis notebooks unless it is named.

    Examples
    --------
    >>> [p.name for p in default_notebooks()][:1]
    ['01-corpus.ipynb']
    >>> [p.name for p in default_notebooks(collect=True)][:1]
    ['00-collect.ipynb']
    """
    folder = Path(__file__).resolve().parent.parent / "notebooks"
    found = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if collect or not p.name.startswith("00-"))
    if not found:
        raise FileNotFoundError(f"no notebooks found in {folder}; pass notebooks= explicitly")
    return found


def _corpus_summary(corpus: str | None) -> str:
    from mediakit.corpus import load_sample, read_articles

    df = load_sample() if corpus is None else read_articles(corpus)
    name = "the demo corpus (synthetic)" if corpus is None else Path(corpus).name
    dated = df["published"].dropna()
    span = f"{dated.min():%Y-%m-%d} to {dated.max():%Y-%m-%d}" if len(dated) else "no dates"
    return f"{html.escape(name)}: {len(df):,} articles from {df['source'].nunique()} outlets, {span}"


def _checked_summary(corpus: str | None) -> str:
    """The index page's corpus line; a corpus that cannot be read stops the report first."""
    from mediakit.corpus import CorpusError

    try:
        return _corpus_summary(corpus)
    except (CorpusError, OSError) as exc:
        raise ReportError(f"the corpus cannot be read: {exc}; no report was written") from None


_REMOTE_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>\s*', re.IGNORECASE)
_MATHJAX_CONFIG = re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.DOTALL)
_TEXT_TAGS = re.compile(r"<(td|th|p|li|pre|h[1-4])(?=[\s>])(?![^>]*\bdir=)")
_ARABIC_FONTS = (
    "<style>body, td, th, p, li {font-family: 'Noto Sans Arabic', 'Noto Naskh Arabic', Amiri, 'Segoe UI', "
    "'Geeza Pro', Tahoma, 'DejaVu Sans', sans-serif;} td[dir=auto], th[dir=auto] {unicode-bidi: plaintext;}</style>"
)


def _shareable(page: str) -> str:
    """Make a rendered page stand alone and read right in Arabic: no scripts fetched from the
    network (require.js and MathJax, which static reports do not use), ``dir="auto"`` on text
    elements so each takes the direction of its own text, and an Arabic-capable font stack."""
    page = _REMOTE_SCRIPT.sub("", page)
    page = _MATHJAX_CONFIG.sub("", page)
    page = _TEXT_TAGS.sub(r'<\1 dir="auto"', page)
    return page.replace("</head>", _ARABIC_FONTS + "\n</head>", 1)


def _title(notebook) -> str | None:
    """The first Markdown heading of a notebook, as its title."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return None


def _write_index(folder: Path, pages: list[Path], summary: str, titles: dict[str, str] | None = None) -> Path:
    run = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    titles = titles or {}
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a>'
        + (f" — {html.escape(titles[p.stem])}" if titles.get(p.stem) else "")
        + "</li>"
        for p in pages
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mediakit report</title>
<style>body{{font-family:system-ui,"Noto Sans Arabic","Segoe UI",sans-serif;max-width:48rem;margin:2rem auto;
line-height:1.5}}</style></head>
<body><h1>mediakit report</h1>
<p>Corpus: {summary}</p><p>Run: {run}</p>
<ul>
{items}
</ul></body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def render_notebooks(
    notebooks: Sequence[str | PathLike] | None = None,
    *,
    corpus: str | PathLike | None = None,
    output_dir: str | PathLike = "reports",
    parameters: Mapping[str, object] | None = None,
    hide_code: bool = False,
    progress: bool = True,
) -> list[Path]:
    """Execute notebooks on a corpus and render each to one self-contained HTML file.

    Each notebook runs with papermill; its ``parameters`` cell receives ``corpus`` (when given)
    and ``parameters``. The HTML pages (images embedded, no scripts fetched from the network,
    each text element right-to-left or left-to-right by its own content) and an
    ``index.html`` linking them are built in a temporary folder and moved into ``output_dir``
    only when every notebook ran, so a failed run leaves no half-written report behind.

    Parameters
    ----------
    notebooks : list of paths, optional
        Notebooks to run; by default the project's analysis notebooks (``notebooks/01-*`` to
        ``99-*``; ``00-collect``, which touches the network, runs only when named).
    corpus : path, optional
        Corpus to analyse (anything :func:`mediakit.read_articles` reads); the demo corpus by default.
    output_dir : path, default "reports"
    parameters : mapping, optional
        Further notebook parameters (e.g. ``{"freq": "W"}``).
    hide_code : bool, default False
        Leave the code cells out of the HTML.
    progress : bool, default True
        Show a progress bar over the notebooks.

    Returns
    -------
    list of pathlib.Path
        The HTML pages written, ``index.html`` last.

    Raises
    ------
    ReportError
        When a notebook fails; names the notebook, the cell number and the error.

    Examples
    --------
    Running the notebooks takes a few seconds each, so this example is not run as a doctest::

        pages = render_notebooks(corpus="my-corpus.jsonl", parameters={"freq": "W"})
        print(pages[-1])  # reports/index.html
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    paths = [Path(p) for p in notebooks] if notebooks is not None else default_notebooks()
    params = dict(parameters or {})
    if corpus is not None:
        params["corpus"] = str(Path(corpus).resolve())
    out_dir = Path(output_dir)
    collecting = any(p.name.startswith("00-") for p in paths)  # the collect notebook makes its corpus
    summary = None if collecting else _checked_summary(params.get("corpus"))
    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input=hide_code)
    with tempfile.TemporaryDirectory(prefix="mediakit-report-") as tmp:
        staging = Path(tmp)
        pages = []
        titles: dict[str, str | None] = {}
        for nb_path in progress_bar(paths, enabled=progress, desc="notebooks", unit="notebook"):
            executed = staging / nb_path.name
            try:
                papermill.execute_notebook(
                    str(nb_path),
                    str(executed),
                    parameters=params,
                    progress_bar=False,
                    cwd=str(nb_path.resolve().parent),
                    kernel_name="python3",
                )
            except papermill.PapermillExecutionError as exc:
                raise ReportError(
                    f"{nb_path.name}: cell {exc.exec_count or exc.cell_index} failed with "
                    f"{exc.ename}: {exc.evalue}; no report was written"
                ) from None
            node = nbformat.read(executed, as_version=4)
            titles[nb_path.stem] = _title(node)
            body, _ = exporter.from_notebook_node(node)
            page = staging / f"{nb_path.stem}.html"
            page.write_text(_shareable(body), encoding="utf-8")
            pages.append(page)
        summary = summary or _checked_summary(params.get("corpus"))
        pages.append(_write_index(staging, pages, summary, titles))
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for page in pages:
            target = out_dir / page.name
            shutil.move(str(page), target)
            written.append(target)
    return written


_EMBEDDED_PNG = re.compile(r'<img[^>]+src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"')


def extract_figures(
    page: str | PathLike,
    output_dir: str | PathLike,
    *,
    first: bool = False,
    max_width: int | None = None,
    colors: int | None = None,
) -> list[Path]:
    """Save the figures embedded in a rendered report page as PNG files (for slides, papers, a README).

    Parameters
    ----------
    page : path
        An HTML page written by :func:`render_notebooks`.
    output_dir : path
        Where the files go, named ``<page>-<n>.png`` (or ``<page>.png`` with ``first``).
    first : bool, default False
        Only the page's first figure.
    max_width : int, optional
        Scale wider figures down to this width in pixels.
    colors : int, optional
        Reduce to a palette of this many colours (smaller files; 128 keeps plots and clouds
        looking the same).

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    ``extract_figures("reports/03-entities.html", "figures", first=True)`` writes
    ``figures/03-entities.png``.
    """
    import base64

    from PIL import Image

    page = Path(page)
    found = _EMBEDDED_PNG.findall(page.read_text(encoding="utf-8"))
    if not found:
        raise ReportError(f"{page}: no embedded PNG figures")
    out_dir = Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, data in enumerate(found[:1] if first else found, start=1):
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        if max_width and image.width > max_width:
            image = image.resize((max_width, round(image.height * max_width / image.width)), Image.LANCZOS)
        if colors:
            image = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
        target = out_dir / (f"{page.stem}.png" if first else f"{page.stem}-{n}.png")
        image.save(target, optimize=True)
        written.append(target)
    return written
