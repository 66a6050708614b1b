"""Dates, numbers and page counts in English and Spanish from CLDR (Babel), not by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from viewer.core.locale_format import (
    babel_locale,
    language_name,
    long_date,
    native_name,
    number,
    page_count,
    page_of,
)
from viewer.i18n import shipped_languages, shipped_or_source

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "date", "page", "pages", "one_page"),
    [
        ("en", "December 1, 2026", "Page 1 of 3", "6 pages", "1 page"),
        ("es", "1 de diciembre de 2026", "Página 1 de 3", "6 páginas", "1 página"),
        ("es-419", "1 de diciembre de 2026", "Página 1 de 3", "6 páginas", "1 página"),
        ("es_MX", "1 de diciembre de 2026", "Página 1 de 3", "6 páginas", "1 página"),
    ],
)
def test_handout_words_in_each_language(language, date, page, pages, one_page):
    assert long_date(DAY, language) == date
    assert page_of(1, 3, language) == page
    assert page_count(6, language) == pages
    assert page_count(1, language) == one_page


def test_every_month_is_named_by_the_locale():
    english = [long_date(dt.date(2026, m, 15), "en").split()[0] for m in range(1, 13)]
    spanish = [long_date(dt.date(2026, m, 15), "es").split()[2] for m in range(1, 13)]
    assert english[0] == "January" and english[11] == "December" and len(set(english)) == 12
    assert spanish[0] == "enero" and spanish[4] == "mayo" and spanish[8] == "septiembre"
    assert len(set(spanish)) == 12


def test_numbers_are_grouped_as_written_in_the_us():
    assert number(1234.5, "en") == "1,234.5"
    assert number(1234.5, "es") == "1,234.5"  # Spanish as written in the United States
    assert page_of(1000, 1200, "es") == "Página 1,000 de 1,200"
    assert page_count(0, "es") == "0 páginas"


def test_languages_are_named_in_themselves_and_others_fall_back_to_english():
    assert native_name("en") == "English"
    assert native_name("es-419") == "Español"
    assert shipped_or_source("fi") == "en"
    assert long_date(DAY, "fi") == "December 1, 2026"
    assert page_of(2, 3, "") == "Page 2 of 3"


@pytest.mark.parametrize("language", shipped_languages())
def test_small_whole_numbers_are_written_as_babel_writes_them(language: str) -> None:
    from babel.numbers import format_decimal

    for n in [*range(1000), *(float(n) for n in range(1000))]:
        assert number(n, language) == format_decimal(n, locale=babel_locale(language))


def test_language_names_and_dates_are_kept_for_the_next_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import babel

    from viewer import paths
    from viewer.core import locale_format

    monkeypatch.setattr(locale_format, "_names", None)
    assert (native_name("es"), language_name("es")) == ("Español", "español")
    assert native_name("en-GB") == "English"
    assert long_date(DAY, "es-419") == "1 de diciembre de 2026"

    def not_asked(*_args):
        raise AssertionError("Babel was asked again")

    with monkeypatch.context() as m:
        m.setattr(locale_format, "_names", None)  # the next start
        m.setattr(babel.Locale, "parse", not_asked)
        m.setattr(locale_format, "babel_locale", not_asked)
        assert (native_name("es"), language_name("es")) == ("Español", "español")
        assert long_date(DAY, "es") == "1 de diciembre de 2026"
    (paths.state_dir() / "language-names.json").write_text("{damaged", "utf-8")
    monkeypatch.setattr(locale_format, "_names", None)
    assert native_name("es-419") == "Español"


def test_only_so_many_dates_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.core import locale_format

    monkeypatch.setattr(locale_format, "_names", None)
    monkeypatch.setattr(locale_format, "MAX_KEPT", 5)
    assert native_name("es") == "Español"
    days = [dt.date(2026, 1, d) for d in range(1, 12)]
    assert [long_date(d, "en") for d in days][-1] == "January 11, 2026"
    kept = locale_format._names or {}
    assert len(kept) <= 5 and "native es" in kept
