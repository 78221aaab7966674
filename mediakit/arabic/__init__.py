"""Arabic text tools: normalisation and dates.

This subpackage imports nothing else of mediakit, so it can be used on its own.
"""

from mediakit.arabic.dates import parse_date, parse_dates
from mediakit.arabic.normalize import PROFILES, normalization_table, normalize

__all__ = ["PROFILES", "normalization_table", "normalize", "parse_date", "parse_dates"]
