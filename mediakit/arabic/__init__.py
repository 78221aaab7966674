"""Arabic text tools: normalisation, tokens, clitics, stopwords, stems and dates.

This subpackage imports nothing else of mediakit, so it can be used on its own. Every
function takes a string first; tables live as data files under ``mediakit/data/``.
"""

from mediakit.arabic.clitics import CHAINS, strip_clitics
from mediakit.arabic.dates import find_date, parse_date, parse_dates
from mediakit.arabic.normalize import PROFILES, normalization_table, normalize, spelling_pattern
from mediakit.arabic.stem import stem
from mediakit.arabic.stopwords import STOPWORD_SETS, stopwords
from mediakit.arabic.tokenize import raw_tokens, tokenize

__all__ = [
    "CHAINS",
    "PROFILES",
    "STOPWORD_SETS",
    "find_date",
    "normalization_table",
    "normalize",
    "parse_date",
    "parse_dates",
    "raw_tokens",
    "spelling_pattern",
    "stem",
    "stopwords",
    "strip_clitics",
    "tokenize",
]
