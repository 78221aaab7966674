"""mediakit.arabic: normalisation profiles and date parsing."""

from __future__ import annotations

import pandas as pd
import pytest

from mediakit.arabic import normalization_table, normalize, parse_date, parse_dates


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        # invisible marks scraped with the text go in every profile
        ("\ufeffالع\u200fراق\u200e", "display", "العراق"),
        ("قال\u202b «الحكومة»\u202c", "display", "قال «الحكومة»"),
        ("مجلس\u00a0الأمن", "display", "مجلس الأمن"),
        ("عاجـــل", "display", "عاجل"),
        # display keeps what a reader sees: diacritics, hamza forms, Arabic-Indic digits
        ("العِراق ٢٠٢٥ أُسرة", "display", "العِراق ٢٠٢٥ أُسرة"),
        ("العِراق", "search", "العراق"),
        ("أحمد إبراهيم آمال ٱلله", "search", "احمد ابراهيم امال الله"),
        ("مستشفى على", "search", "مستشفي علي"),
        ("کتاب ی", "search", "كتاب ي"),
        ("١٥٪ من ٢٠٢٥ و۱۴۰۳", "search", "15٪ من 2025 و1403"),
        ("\ufefb\ufe8e", "search", "لا" + "ا"),
        ("مدرسة مسؤول رئيس", "aggressive", "مدرسه مسءول رءيس"),
        ("NATO Summit 2025, Brussels", "search", "NATO Summit 2025, Brussels"),
    ],
)
def test_normalize_profiles(text, profile, expected):
    assert normalize(text, profile=profile) == expected


@pytest.mark.parametrize("profile", ["display", "search", "aggressive"])
def test_normalize_is_idempotent(profile):
    text = "\u200fوَلِلْأُمَمِ الـمتحدة ﻷ ١٢٣ مؤتمر ﷲ إى\u00a0ة"
    once = normalize(text, profile=profile)
    assert normalize(once, profile=profile) == once


def test_presentation_ligature_folds_without_marks():
    # U+FDF2 decomposes with a shadda and superscript alef; search removes them too
    assert normalize("\ufdf2", profile="search") == "الله"


def test_unknown_profile_is_an_error():
    with pytest.raises(ValueError, match="unknown normalisation profile 'loose'"):
        normalize("نص", profile="loose")


def test_table_is_data_driven():
    table = normalization_table("display")
    assert table[0x200F] is None and table[0xA0] == " "
    assert 0x064E not in table  # fatha is kept for display


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-14T09:30:00+03:00", "2025-05-14 06:30:00+00:00"),
        ("2025-05-14T06:30:00Z", "2025-05-14 06:30:00+00:00"),
        ("2025-05-14 13:30:00", "2025-05-14 13:30:00+00:00"),  # naive: taken as UTC
        ("2025-05-14", "2025-05-14 00:00:00+00:00"),
        ("Wed, 14 May 2025 09:30:00 +0100", "2025-05-14 08:30:00+00:00"),
        ("Sun, 18 Feb 2018 10:15:00 GMT", "2018-02-18 10:15:00+00:00"),
        ("Wed, 14 May 2025 09:30:00 EST", "2025-05-14 14:30:00+00:00"),
        (1747211400, "2025-05-14 08:30:00+00:00"),
        ("1747211400", "2025-05-14 08:30:00+00:00"),
        (1747211400000, "2025-05-14 08:30:00+00:00"),
        ("20250514", "2025-05-14 00:00:00+00:00"),
    ],
)
def test_parse_date_forms(value, expected):
    assert str(parse_date(value)) == expected


@pytest.mark.parametrize("value", ["قريبا", "32/13/2025", "2025-13-01", "", True])
def test_parse_date_rejects(value):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(value)


def test_parse_dates_vectorised_matches_single():
    values = ["2025-05-14T09:30:00+03:00", "Wed, 14 May 2025 09:30:00 +0100", "غدا", None, " ", 1747211400]
    parsed, failed = parse_dates(values)
    assert str(parsed.dtype) == "datetime64[ns, UTC]"
    assert failed.tolist() == [False, False, True, False, False, False]
    assert parsed.isna().tolist() == [False, False, True, True, True, False]
    assert parsed.iat[1] == parse_date(values[1])
    assert parsed.iat[0] == pd.Timestamp("2025-05-14 06:30", tz="UTC")
