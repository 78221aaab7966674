"""The ``mediakit`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parse_value(text: str) -> object:
    """Notebook parameter values: numbers, true/false/none, else the string itself."""
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


def _report(args: argparse.Namespace) -> int:
    from mediakit.report import ReportError, render_notebooks

    params = {name: _parse_value(value) for name, value in args.parameter or []}
    try:
        pages = render_notebooks(
            args.notebooks or None,
            corpus=args.corpus,
            output_dir=args.out,
            parameters=params,
            hide_code=args.hide_code,
        )
    except ReportError as exc:
        print(f"mediakit report: {exc}", file=sys.stderr)
        return 1
    print("Report written:")
    for page in pages:
        print(f"  {page.resolve()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples
    --------
    >>> main(["--version"])
    0...
    0
    """
    parser = argparse.ArgumentParser(prog="mediakit", description="Analyse Arabic news corpora.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command")
    report = commands.add_parser("report", help="run the notebooks on a corpus and write HTML")
    report.add_argument("notebooks", nargs="*", help="notebooks to run (default: all of notebooks/)")
    report.add_argument("--corpus", help="corpus path (default: the demo corpus)")
    report.add_argument("--out", default="reports", help="output folder (default: reports)")
    report.add_argument("--hide-code", action="store_true", help="leave code cells out of the HTML")
    report.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="a notebook parameter, e.g. -p freq W",
    )
    args = parser.parse_args(argv)
    if args.version:
        from mediakit import __version__

        print(__version__)
        return 0
    if args.command == "report":
        return _report(args)
    parser.print_help()
    return 2
