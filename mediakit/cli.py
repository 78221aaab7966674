"""The ``mediakit`` command line."""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections.abc import Sequence

import pandas as pd

from mediakit.store import ArticleStore, StoreError

__all__ = ["main"]


def _parse_value(text: str) -> object:
    """Notebook parameter values: numbers, true/false/none, JSON lists and objects
    (``'["العراق","إيران"]'``), else the string itself.

    Examples
    --------
    >>> _parse_value("12"), _parse_value("true"), _parse_value('["العراق", "إيران"]'), _parse_value("W")
    (12, True, ['العراق', 'إيران'], 'W')
    """
    stripped = text.strip()
    if stripped[:1] in ("[", "{") or (stripped[:1] == '"' and stripped[-1:] == '"' and len(stripped) > 1):
        try:
            return json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{text!r} looks like JSON but is not: {exc.msg} at character {exc.pos}") from None
    lowered = text.lower()
    if lowered in ("none", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _as_options(message: str) -> str:
    """The reader's hints in the command's own spelling: ``errors='skip'`` is ``--errors skip``.

    Examples
    --------
    >>> _as_options("read_articles('a.csv', encoding='cp1256'); errors='skip' reads the rest")
    "read_articles('a.csv', encoding='cp1256') (--encoding cp1256); errors='skip' (--errors skip) reads the rest"
    """
    message = re.sub(r"(read_articles\([^)]*encoding='([\w-]+)'\))", r"\1 (--encoding \2)", message)
    return message.replace("errors='skip'", "errors='skip' (--errors skip)")


def _report(args: argparse.Namespace) -> int:
    from mediakit.report import ReportError, render_notebooks

    try:
        params = {name: _parse_value(value) for name, value in args.parameter or []}
    except ValueError as exc:
        print(f"mediakit report: -p: {exc}", file=sys.stderr)
        return 2
    reading = {"encoding": args.encoding, "errors": args.errors, "source": args.source}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pages = render_notebooks(
                args.notebooks or None,
                corpus=args.corpus,
                output_dir=args.out,
                parameters=params,
                reading={k: v for k, v in reading.items() if v is not None},
                hide_code=args.hide_code,
                progress=not args.quiet,
            )
        for warning in caught:  # mediakit's own (bad records skipped ...), said as the command's messages
            if warning.category.__module__.startswith("mediakit"):
                print(f"mediakit report: {warning.message}", file=sys.stderr)
    except ReportError as exc:
        print(f"mediakit report: {_as_options(str(exc))}", file=sys.stderr)
        written = getattr(exc, "written", None)
        if written:
            print(f"Pages written, the failed ones marked in {written[-1].resolve()}", file=sys.stderr)
        return 1
    print("Report written:")
    for page in pages:
        print(f"  {page.resolve()}")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from mediakit.collect import collect

    try:
        report = collect(
            args.feeds,
            store=args.store,
            full_text=not args.summaries,
            max_items=args.max_items,
            per_host_delay=args.delay,
            timeout=args.timeout,
            feed_budget=args.feed_budget,
            run_budget=args.run_budget,
            allow_private=args.allow_private,
            progress=not args.quiet,
        )
    except (ValueError, StoreError) as exc:
        print(f"mediakit collect: {exc}", file=sys.stderr)
        return 1
    with pd.option_context("display.max_colwidth", 80, "display.width", 200):
        print(report.to_string(index=False))
    print(f"{int(report['new'].sum())} new articles in {args.store}")
    failed = int((report["status"] == "failed").sum())
    if failed:
        print(f"{failed} of {len(report)} feeds failed; see the error column", file=sys.stderr)
    return 0 if failed < len(report) else 1


def _import(args: argparse.Namespace) -> int:
    import warnings

    from mediakit.corpus import CorpusError, CorpusWarning, read_articles

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            df = read_articles(args.paths, errors="skip")
        with ArticleStore(args.store) as store:
            result = store.add(df)
    except (CorpusError, StoreError) as exc:
        print(f"mediakit import: {exc}", file=sys.stderr)
        return 1
    skipped = df.attrs.get("skipped", [])
    print(
        f"{args.store}: {result.inserted} added, {result.duplicates} already stored, "
        f"{result.rejected + len(skipped)} rejected"
    )
    for problem in [*skipped, *result.problems][:10]:
        print(f"  rejected: {problem}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from mediakit.corpus import CorpusError, write_articles

    try:
        with ArticleStore(args.store, readonly=True) as store:
            df = store.to_frame(since=args.since, until=args.until, sources=args.source)
        path = write_articles(df, args.out)
    except (CorpusError, StoreError) as exc:
        print(f"mediakit export: {exc}", file=sys.stderr)
        return 1
    print(f"{len(df)} articles written to {path}")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from mediakit.report import ReportError, extract_figures

    try:
        for page in args.pages:
            for path in extract_figures(page, args.out, first=args.first, max_width=args.width, colors=args.colors):
                print(path)
    except (ReportError, OSError) as exc:
        print(f"mediakit figures: {exc}", file=sys.stderr)
        return 1
    return 0


def _skipped_lines(command: str, caught: list) -> None:
    """Print the tagger's warnings about skipped lines as the command's own messages."""
    from mediakit.tagger import TaggerWarning

    for warning in caught:
        if issubclass(warning.category, TaggerWarning):
            print(f"mediakit {command}: {warning.message}", file=sys.stderr)


def _ner_train(args: argparse.Namespace) -> int:
    import warnings

    from mediakit.corpus import CorpusError, CorpusWarning, read_articles
    from mediakit.entities import CatalogError, EntityCatalog
    from mediakit.tagger import TaggerError, load_tagger, train_tagger, word_clusters

    try:
        catalog = EntityCatalog.default()
        for path in args.catalog or []:
            catalog = catalog.merge(EntityCatalog.from_file(path))
        clusters = None
        if args.unlabelled:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CorpusWarning)
                texts = read_articles(args.unlabelled, errors="skip")["text"]
            print(f"learning word clusters from {len(texts):,} articles", file=sys.stderr)
            clusters = word_clusters(texts, progress=not args.quiet)
        print(f"training on {args.conll}", file=sys.stderr)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = train_tagger(
                args.conll,
                out=args.out,
                catalog=catalog,
                clusters=clusters,
                max_iterations=args.iterations,
                errors="skip" if args.skip_bad_lines else "raise",
                encoding=args.encoding,
                progress=not args.quiet,
            )
        _skipped_lines("ner-train", caught)
        tagger = load_tagger(model)
    except (TaggerError, CorpusError, CatalogError, ImportError, OSError) as exc:
        print(f"mediakit ner-train: {exc}", file=sys.stderr)
        return 1
    training = tagger.info["training"]
    print(
        f"{model}: trained on {training['sentences']:,} sentences ({training['tokens']:,} tokens) "
        f"in {training['seconds']:.0f} s; labels {', '.join(tagger.info['labels'])}"
    )
    return 0


def _ner_eval(args: argparse.Namespace) -> int:
    import warnings

    from mediakit.tagger import TaggerError, evaluate_tagger, load_tagger

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            scores = evaluate_tagger(
                load_tagger(args.model),
                args.test,
                errors="skip" if args.skip_bad_lines else "raise",
                encoding=args.encoding,
            )
        _skipped_lines("ner-eval", caught)
    except (TaggerError, ImportError, OSError) as exc:
        print(f"mediakit ner-eval: {exc}", file=sys.stderr)
        return 1
    print(f"{args.test}: {scores.attrs['sentences']:,} sentences, {scores.attrs['tokens']:,} tokens")
    print("exact-match entity spans (CoNLL); PER+LOC+ORG and all are micro-averaged")
    print(scores.to_string(float_format=lambda x: f"{x:.3f}"))
    print(f"tagging speed: {scores.attrs['tokens_per_second']:,.0f} tokens/s")
    return 0


def _report_epilog() -> str:
    """The notebook parameters, for ``mediakit report --help``."""
    from mediakit.report import ReportError, default_notebooks, notebook_parameters

    try:
        notebooks = default_notebooks()
        found: dict[str, tuple] = {}
        for path in notebooks:
            for name, param in notebook_parameters(path).items():
                entry = found.setdefault(name, (param, []))
                entry[1].append(path.stem[:2])
    except (ReportError, OSError):
        return ""
    width = max((len(n) for n in found), default=0)
    lines = ["notebook parameters (-p NAME VALUE; None means chosen from the corpus, and each page says how):"]
    for name, (param, where) in found.items():
        if name == "corpus":
            continue
        lines.append(f"  {name:<{width}}  {param.comment or param.default}  [{', '.join(where)}]")
    return "\n".join(lines)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose epilog may be a function, called only when the help is shown:
    the report's list of notebook parameters reads every notebook (seconds), which no other
    command should wait for."""

    def format_help(self) -> str:
        if callable(self.epilog):
            self.epilog = self.epilog()
        return super().format_help()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples
    --------
    >>> main(["--version"])
    0...
    0
    """
    parser = _Parser(
        prog="mediakit",
        description="Analyse Arabic news corpora: collect, store, report.",
        epilog="Each command has its own help: mediakit COMMAND --help",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, **kwargs) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=summary, **kwargs)

    report = command(
        "report",
        "Run the notebooks on a corpus and write a shareable HTML report.",
        epilog=_report_epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("notebooks", nargs="*", help="notebooks to run (default: all of notebooks/)")
    report.add_argument("--corpus", help="corpus path: a file, a folder or a store (default: the demo corpus)")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--hide-code", action="store_true", help="leave code cells out of the HTML")
    report.add_argument("--encoding", help="the corpus files' encoding, e.g. cp1256 (default utf-8)")
    report.add_argument(
        "--errors", choices=("raise", "skip"), help="skip bad records (and count them) instead of stopping"
    )
    report.add_argument("--source", help="the outlet name for records that have none")
    report.add_argument("--quiet", action="store_true", help="no progress bars")
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help='a notebook parameter (listed below), e.g. -p freq W or -p watch \'["العراق","إيران"]\'',
    )
    collect = command("collect", "Collect new articles from feeds into a store.")
    collect.add_argument("--feeds", required=True, help="feed list (.yml, .csv, .txt) or one feed URL")
    collect.add_argument("--store", required=True, help="the SQLite store (created when missing)")
    collect.add_argument("--max-items", type=int, help="read at most this many items of each feed")
    collect.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host")
    collect.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for a server")
    collect.add_argument("--feed-budget", type=float, default=120.0, help="seconds one feed may take (default 120)")
    collect.add_argument("--run-budget", type=float, default=540.0, help="seconds the whole run may take (default 540)")
    collect.add_argument("--summaries", action="store_true", help="store the feeds' summaries, fetch no pages")
    collect.add_argument("--allow-private", action="store_true", help="allow private and loopback addresses")
    collect.add_argument("--quiet", action="store_true", help="no progress bar")
    imp = command("import", "Add articles from files to a store.")
    imp.add_argument("paths", nargs="+", help="article files or folders (any format read_articles reads)")
    imp.add_argument("--store", required=True, help="the SQLite store (created when missing)")
    export = command("export", "Write a store's articles to Parquet, JSON Lines or CSV.")
    export.add_argument("--store", required=True, help="the SQLite store")
    export.add_argument("--out", required=True, help="output file: .parquet, .jsonl, .jsonl.gz or .csv")
    export.add_argument("--since", help="published on or after this date")
    export.add_argument("--until", help="published before this date")
    export.add_argument("--source", action="append", help="only this source (repeatable)")
    figures = command("figures", "Save the figures of rendered report pages as PNG files.")
    figures.add_argument("pages", nargs="+", help="HTML pages written by mediakit report")
    figures.add_argument("--out", required=True, help="output folder")
    figures.add_argument("--first", action="store_true", help="only the first figure of each page")
    figures.add_argument("--width", type=int, help="scale wider figures down to this many pixels")
    figures.add_argument("--colors", type=int, help="reduce to a palette of this many colours (smaller files)")
    train = command("ner-train", "Train an entity tagger on CoNLL/BIO data (mediakit[tagger]).")
    train.add_argument("conll", help="training file: one 'token TAG' line a word, a blank line after each sentence")
    train.add_argument("--out", required=True, help="the model file to write (its settings go to OUT.json)")
    train.add_argument("--unlabelled", nargs="+", help="articles to learn word clusters from (any corpus format)")
    train.add_argument("--catalog", action="append", help="an entity catalog to add to the default one (repeatable)")
    train.add_argument("--iterations", type=int, default=100, help="L-BFGS iterations (default 100)")
    train.add_argument("--skip-bad-lines", action="store_true", help="skip malformed lines instead of stopping")
    train.add_argument("--encoding", default="utf-8", help="the training file's encoding, e.g. cp1256")
    train.add_argument("--quiet", action="store_true", help="no progress bars")
    evaluate = command("ner-eval", "Score an entity tagger on annotated CoNLL/BIO data.")
    evaluate.add_argument("--model", required=True, help="a model written by ner-train")
    evaluate.add_argument("--test", required=True, help="annotated sentences the model was not trained on")
    evaluate.add_argument("--skip-bad-lines", action="store_true", help="skip malformed lines instead of stopping")
    evaluate.add_argument("--encoding", default="utf-8", help="the test file's encoding, e.g. cp1256")
    args = parser.parse_args(argv)
    if args.version:
        from mediakit import __version__

        print(__version__)
        return 0
    if args.command == "report":
        return _report(args)
    commands_run = {
        "collect": _collect,
        "import": _import,
        "export": _export,
        "figures": _figures,
        "ner-train": _ner_train,
        "ner-eval": _ner_eval,
    }
    if args.command in commands_run:
        return commands_run[args.command](args)
    parser.print_help()
    return 2
