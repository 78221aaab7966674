"""Run the notebooks with parameters and render them as shareable, self-contained HTML."""

from __future__ import annotations

import ast
import asyncio
import base64
import html
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path

__all__ = [
    "Parameter",
    "ReportError",
    "default_notebooks",
    "extract_figures",
    "notebook_parameters",
    "render_notebooks",
]


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


@dataclass(frozen=True)
class Parameter:
    """A notebook parameter: its name, its default as written, and the comment that explains it."""

    name: str
    default: str
    comment: str


def notebook_parameters(path: str | PathLike) -> dict[str, Parameter]:
    """The parameters a notebook takes: the assignments of its cell tagged ``parameters``.

    Examples
    --------
    >>> params = notebook_parameters(default_notebooks()[0])
    >>> params["corpus"].default
    'None'
    """
    import nbformat

    node = nbformat.read(Path(path), as_version=4)
    cells = [c for c in node.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if not cells:
        return {}
    source = cells[0].source
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportError(f"{Path(path).name}: the parameters cell is not valid Python: {exc}") from None
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            line = lines[stmt.end_lineno - 1]
            comment = line.split("#", 1)[1].strip() if "#" in line[stmt.end_col_offset :] else ""
            found[name] = Parameter(name, ast.get_source_segment(source, stmt.value) or "", comment)
    return found


def _parameter_cell(values: Mapping[str, object]) -> str:
    """Python assignments of the values, Arabic kept as Arabic (``repr``, not JSON escapes)."""
    return "# Parameters given to this run\n" + "\n".join(f"{k} = {v!r}" for k, v in values.items())


def _given_note(values: Mapping[str, object]) -> str:
    shown = ", ".join(f"`{k}` = `{_readable(v)}`" for k, v in values.items() if k not in ("corpus", "reading"))
    return f"*Parameters given to this run:* {shown}." if shown else ""


def _readable(value: object) -> str:
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _inject(node, values: Mapping[str, object]) -> None:
    """Put the given values in a cell right after the parameters cell (or at the top)."""
    import nbformat

    if not values:
        return
    where = next(
        (i + 1 for i, c in enumerate(node.cells) if "parameters" in c.metadata.get("tags", [])),
        1 if node.cells and node.cells[0].cell_type == "markdown" else 0,
    )
    cell = nbformat.v4.new_code_cell(_parameter_cell(values))
    cell.metadata["tags"] = ["injected-parameters"]
    cells = [cell]
    note = _given_note(values)
    if note:
        cells.append(nbformat.v4.new_markdown_cell(note))
    node.cells[where:where] = cells


_WARNING = re.compile(
    r"^[^\n]*?:\d+: (?P<category>[A-Za-z_][\w.]*): (?P<message>.*?)\n(?:  [^\n]*(?:\n|$))?", re.MULTILINE | re.DOTALL
)
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _tidy_outputs(node) -> tuple[list[dict], list[str]]:
    """Turn warnings into short notes, drop widget views that have a static rendering beside
    them, and gather the parameters the notebook chose (from the outputs' metadata)."""
    import nbformat

    choices: list[dict] = []
    figures: list[str] = []
    for cell in node.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                text = out.text
                notes = [m.group("message").strip() for m in _WARNING.finditer(text)]
                rest = _WARNING.sub("", text).strip()
                for message in notes:
                    markup = f'<p class="mediakit-note">Note: {html.escape(message)}</p>'
                    outputs.append(
                        nbformat.v4.new_output(
                            "display_data", data={"text/html": markup, "text/plain": f"Note: {message}"}
                        )
                    )
                if rest:
                    out.text = rest + "\n"
                    outputs.append(out)
                continue
            data = out.get("data", {})
            if _WIDGET_VIEW in data and len(set(data) - {_WIDGET_VIEW, "text/plain"}) > 0:
                del data[_WIDGET_VIEW]
            found = out.get("metadata", {}).get("mediakit", {}).get("choices")
            if found:
                choices.extend(found)
            if "image/png" in data:
                figures.append(data["image/png"])
            outputs.append(out)
        cell.outputs = outputs
    return choices, figures


@dataclass
class _Run:
    path: Path
    parameters: set = field(default_factory=set)  # the names its parameters cell declares
    node: object = None
    error: str | None = None
    title: str | None = None
    choices: list = field(default_factory=list)
    figures: list = field(default_factory=list)


def _failure(node, exc: BaseException) -> str:
    """ "cell N failed with Name: message" for the first cell with an error output."""
    for i, cell in enumerate(node.cells, start=1):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.output_type == "error":
                number = cell.get("execution_count") or i
                return f"cell {number} failed with {out.ename}: {_plain(out.evalue)}"
    return f"failed with {type(exc).__name__}: {_plain(str(exc))[:300]}"


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()


async def _execute(runs: list[_Run], values: Mapping[str, object], workers: int, timeout: int, logs: Path, bar) -> None:
    import nbformat
    from nbclient import NotebookClient

    gate = asyncio.Semaphore(workers)

    async def one(run: _Run) -> None:
        async with gate:
            node = nbformat.read(run.path, as_version=4)
            _inject(node, {k: v for k, v in values.items() if k in run.parameters})
            run.node = node
            run.title = _title(node)
            client = NotebookClient(
                node,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": str(run.path.resolve().parent)}},
                store_widget_state=False,  # a shared page shows static views; no widget code fetched
            )
            # the kernel's own chatter (debugger and TCP warnings) goes to a log, not the console
            with open(logs / f"{run.path.stem}.log", "wb") as log:
                try:
                    await client.async_execute(stdout=log, stderr=log)
                except Exception as exc:  # a failing cell, a dead kernel, a timeout: the page says which
                    run.error = _failure(node, exc)
            if bar is not None:
                bar.set_postfix_str(run.path.stem)
                bar.update(1)

    await asyncio.gather(*(one(r) for r in runs))


def _run_async(coroutine) -> None:
    """Run a coroutine to its end, also from code that runs inside an event loop (a notebook, a
    browser driver): there, in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def render_notebooks(
    notebooks: Sequence[str | PathLike] | None = None,
    *,
    corpus: str | PathLike | None = None,
    output_dir: str | PathLike = "reports",
    parameters: Mapping[str, object] | None = None,
    reading: Mapping[str, object] | None = None,
    hide_code: bool = False,
    progress: bool = True,
    workers: int | None = None,
    timeout: int = 3600,
) -> list[Path]:
    """Execute notebooks on a corpus and render each to one self-contained HTML file.

    Before any notebook runs, the parameter names are checked against the notebooks'
    ``parameters`` cells, and the corpus is prepared once (:func:`mediakit.prepare`: read,
    cleaned, de-duplicated, analysed, cached), so every notebook starts from the same prepared
    corpus. Notebooks run side by side (``workers``), each in its own kernel; each receives the
    parameters its ``parameters`` cell declares. The pages (images embedded, no scripts fetched
    from the network, each text element right-to-left or left-to-right by its own content) and
    an ``index.html`` (the corpus, the parameters as the notebooks chose them, and each page
    with its first figure) go into ``output_dir``. A failing notebook does not stop the others:
    the pages that ran are written, the index marks the failed one, and :class:`ReportError`
    is raised at the end.

    Parameters
    ----------
    notebooks : list of paths, optional
        Notebooks to run; by default the project's analysis notebooks (``notebooks/01-*`` to
        ``99-*``; ``00-collect``, which touches the network, runs only when named).
    corpus : path, optional
        Corpus to analyse (anything :func:`mediakit.read_articles` reads); the demo corpus by default.
    output_dir : path, default "reports"
    parameters : mapping, optional
        Notebook parameters (e.g. ``{"freq": "W"}``); a name no notebook declares is an error.
    reading : mapping, optional
        How to read the corpus: ``encoding``, ``errors`` ("skip"), ``source`` (see :func:`mediakit.read_articles`).
    hide_code : bool, default False
        Leave the code cells out of the HTML.
    progress : bool, default True
        Progress bars naming the step being done.
    workers : int, optional
        Notebooks run at once; by default 2, or 1 on a one-core machine.
    timeout : int, default 3600
        Seconds one cell may run.

    Returns
    -------
    list of pathlib.Path
        The HTML pages written, ``index.html`` last.

    Raises
    ------
    ReportError
        An unknown parameter or an unreadable corpus (before anything runs; nothing written), or
        failed notebooks (after the others were written; ``exc.written`` lists the pages).

    Examples
    --------
    Running the notebooks takes a few seconds each, so this example is not run as a doctest::

        pages = render_notebooks(corpus="my-corpus.jsonl", parameters={"freq": "W"})
        print(pages[-1])  # reports/index.html
    """
    import nbformat
    from nbconvert import HTMLExporter

    from mediakit import __version__
    from mediakit.corpus import CorpusError
    from mediakit.prepare import prepare

    paths = [Path(p) for p in notebooks] if notebooks is not None else default_notebooks()
    for path in paths:
        if not path.is_file():
            raise ReportError(f"{path}: no such notebook; no report was written")
    declared = {p: notebook_parameters(p) for p in paths}
    known = sorted({name for params in declared.values() for name in params})
    values = dict(parameters or {})
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ReportError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"the notebooks take: {', '.join(known)}; no report was written"
        )
    if corpus is not None:
        values["corpus"] = str(Path(corpus).resolve())
    if reading:
        values["reading"] = {k: v for k, v in reading.items() if v is not None}
    runs = [_Run(p, parameters=set(declared[p])) for p in paths]
    collecting = [r for r in runs if r.path.name.startswith("00-")]  # they make the corpus: run them first
    analyses = [r for r in runs if r not in collecting]

    def prepared_info() -> dict:
        try:
            return prepare(
                values.get("corpus"),
                since=values.get("since"),
                until=values.get("until"),
                outlets=values.get("outlets"),
                reading=values.get("reading"),
                progress=progress,
            ).info
        except (CorpusError, OSError, ValueError) as exc:
            raise ReportError(f"the corpus cannot be read: {exc}; no report was written") from None

    info = None if collecting else prepared_info()
    exporter = HTMLExporter(template_name="lab", embed_images=True, exclude_input=hide_code)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(runs), desc="running notebooks", unit="notebook")
    with tempfile.TemporaryDirectory(prefix="mediakit-report-") as tmp:
        staging = Path(tmp)
        try:
            if collecting:
                _run_async(_execute(collecting, values, 1, timeout, staging, bar))
                try:
                    info = prepared_info() if analyses else None
                except ReportError as exc:
                    for run in analyses:
                        run.node, run.error = nbformat.read(run.path, as_version=4), str(exc)
                    analyses = []
            workers = workers or min(2, os.cpu_count() or 1)
            _run_async(_execute(analyses, values, workers, timeout, staging, bar))
        finally:
            if bar is not None:
                bar.close()
        pages = []
        for run in runs:
            run.choices, run.figures = _tidy_outputs(run.node)
            title = run.title or run.path.stem
            run.node.metadata["title"] = title
            run.node.metadata.pop("widgets", None)
            body, _ = exporter.from_notebook_node(run.node, resources={"metadata": {"name": title}})
            page = staging / f"{run.path.stem}.html"
            page.write_text(_shareable(body), encoding="utf-8")
            pages.append(page)
        if info is None:  # the collect notebook filled the corpus: describe what it made
            try:
                info = prepare(values.get("corpus"), reading=values.get("reading"), progress=False).info
            except (CorpusError, OSError, ValueError):
                info = {"name": str(values.get("corpus")), "read": 0}
        pages.append(_write_index(staging, runs, info, values, __version__))
        out_dir = Path(output_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for page in pages:
            target = out_dir / page.name
            shutil.move(str(page), target)
            written.append(target)
    failed = [r for r in runs if r.error]
    if failed:
        error = ReportError(
            "; ".join(f"{r.path.name}: {r.error}" for r in failed)
            + f"; the other pages were written to {Path(output_dir)}"
        )
        error.written = written
        raise error
    return written


#: Every script element: a report is read, not run (nbconvert's templates add require.js,
#: MathJax and a module loading mermaid from a CDN; no output of ours needs any of them).
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>\s*", re.IGNORECASE | re.DOTALL)
_TEXT_TAGS = re.compile(r"<(td|th|p|li|pre|h[1-4])(?=[\s>])(?![^>]*\bdir=)")
_ARABIC_FONTS = (
    "<style>body, td, th, p, li {font-family: 'Noto Sans Arabic', 'Noto Naskh Arabic', Amiri, 'Segoe UI', "
    "'Geeza Pro', Tahoma, 'DejaVu Sans', sans-serif;} td[dir=auto], th[dir=auto] {unicode-bidi: plaintext;} "
    ".mediakit-note {border-left: 3px solid #c9a227; background: #fbf6e3; padding: .3em .7em; margin: .3em 0;}"
    "</style>"
)


def _shareable(page: str) -> str:
    """Make a rendered page stand alone and read right in Arabic: no scripts at all (none is
    needed to read it, and none may fetch anything), ``dir="auto"`` on text elements so each
    takes the direction of its own text, and an Arabic-capable font stack. Text of articles
    never holds a script element here: outputs escape it (``&lt;script``)."""
    page = _SCRIPT.sub("", page)
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


def _thumbnail(png_base64: str, width: int = 360) -> str | None:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(base64.b64decode(png_base64)))
        if image.width > width:
            image = image.resize((width, max(round(image.height * width / image.width), 1)), Image.LANCZOS)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", optimize=True)
    except (OSError, ValueError):
        return None
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _corpus_line(info: Mapping) -> str:
    name = html.escape(str(info.get("name", "?")))
    if not info.get("read"):
        return f"{name}: no articles"
    text = (
        f"{name}: {info.get('unique', 0):,} unique articles ({info['read']:,} read) from "
        f"{info.get('outlets', 0):,} outlet{'s' if info.get('outlets') != 1 else ''}, "
    )
    text += f"{info['first']} to {info['last']}" if info.get("first") else "no dates"
    if info.get("strays"):
        strays = info["strays"]
        text += f" ({strays:,} stray article{'s' if strays != 1 else ''} far from the bulk "
        text += f"{'are' if strays != 1 else 'is'} left out of timelines)"
    return text


def _listed(value: str) -> str:
    """A JSON list of words as a reader reads it (Arabic comma between Arabic words)."""
    if value.startswith("["):
        try:
            items = json.loads(value)
        except json.JSONDecodeError:
            return value
        if isinstance(items, list):
            words = [str(i) for i in items]
            arabic = any("\u0600" <= ch <= "\u06ff" for w in words for ch in w)
            return ("، " if arabic else ", ").join(words)
    return value


def _write_index(folder: Path, runs: list[_Run], info: Mapping, values: Mapping, version: str) -> Path:
    run_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    chosen: dict[str, dict] = {}
    for run in runs:
        for c in run.choices:
            if c["name"] == "span":  # not a parameter: the corpus line says it
                continue
            entry = chosen.setdefault(c["name"], {"value": c["value"], "given": c.get("given"), "pages": []})
            entry["pages"].append(run.path.stem)
    for name, value in values.items():
        if name not in ("corpus", "reading") and name not in chosen:
            chosen[name] = {"value": _readable(value), "given": True, "pages": []}
    rows = "\n".join(
        f'<tr><th dir="auto">{html.escape(name)}</th><td dir="auto">{html.escape(_listed(c["value"]))}</td>'
        f"<td>{'given' if c['given'] else 'chosen from the corpus'}</td>"
        f"<td>{html.escape(', '.join(c['pages']))}</td></tr>"
        for name, c in sorted(chosen.items())
    )
    items = []
    for run in runs:
        title = html.escape(run.title or run.path.stem)
        link = f'<a href="{html.escape(run.path.stem)}.html">{title}</a>'
        thumb = _thumbnail(run.figures[0]) if run.figures and not run.error else None
        figure = f'<img src="data:image/png;base64,{thumb}" alt="first figure of {title}">' if thumb else ""
        status = (
            f'<p class="failed">Failed: {html.escape(run.error)}. The page shows the notebook up to the error.</p>'
            if run.error
            else ""
        )
        items.append(f'<li><h2 dir="auto">{link}</h2><p>{html.escape(run.path.name)}</p>{status}{figure}</li>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mediakit report: {html.escape(str(info.get("name", "")))}</title>
<style>body{{font-family:system-ui,"Noto Sans Arabic","Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
line-height:1.5;padding:0 1rem}} ul.pages{{list-style:none;padding:0;display:grid;
grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1.5rem}} ul.pages h2{{font-size:1.1rem;margin:0}}
ul.pages img{{max-width:100%;border:1px solid #ddd}} .failed{{color:#a00;font-weight:600}}
table{{border-collapse:collapse}} td,th{{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:start}}
td[dir=auto],th[dir=auto]{{unicode-bidi:plaintext}}</style></head>
<body><h1>mediakit report</h1>
<p>Corpus: {_corpus_line(info)}</p>
<p>mediakit {html.escape(version)}, run {run_at}</p>
<h2>Parameters</h2>
<table><tr><th>name</th><th>value</th><th>how</th><th>pages</th></tr>
{rows}
</table>
<h2>Pages</h2>
<ul class="pages">
{chr(10).join(items)}
</ul></body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


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
