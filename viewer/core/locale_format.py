"""Dates, numbers and page counts written the way each shipped language writes them (no Qt).

Month names, digit grouping and plural rules come from the Unicode CLDR through Babel, never
from lists of our own: "December 1, 2026" / "1 de diciembre de 2026", "Page 1 of 3" /
"Página 1 de 3", "6 pages" / "6 páginas". Spanish is written as in the United States (es_US:
"1,234", as the kiosk's Latin-American readers in the US expect).

The two phrases here ("Page N of M", "N pages") are in the translation catalogue
(viewer/locale, see docs/translating.md), with the plural rule of each language's catalogue.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from viewer import paths
from viewer.i18n import shipped_or_source, translator

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported where it is used: the first screen needs none of it (about 20 ms).

_REGION = {"en": "en_US", "es": "es_US"}
"""The region each language is written for; a language not named here (one whose catalogue
was added later) is written as CLDR writes the bare language."""


@lru_cache(maxsize=8)
def babel_locale(tag: str) -> Locale:
    """Babel's locale for an article or screen language tag, in the region we write it for."""
    from babel import Locale

    code = shipped_or_source(tag)
    return Locale.parse(_REGION.get(code, code))


def long_date(day: dt.date, language: str = "en") -> str:
    """'December 1, 2026' or '1 de diciembre de 2026' (kept between starts, as the language
    names are: an article's review dates would load Babel's dates into every session)."""
    code = shipped_or_source(language)

    def written() -> str:
        from babel.dates import format_date

        return format_date(day, "long", locale=babel_locale(code))

    return _remembered(f"date {code} {day.isoformat()}", written)


def number(n: int | float, language: str = "en") -> str:
    """``n`` with the language's digit grouping and decimal sign ('1,234.5')."""
    if isinstance(n, float) and n.is_integer():
        n = int(n)  # written without decimals either way ("1" for a speed of 1.0)
    if isinstance(n, int) and 0 <= n < 1000:
        # No grouping, no decimal sign: plain digits in every shipped language (a unit test
        # holds this against Babel's for each one), and no Babel on the first screen.
        return str(n)
    from babel.numbers import format_decimal

    return format_decimal(n, locale=babel_locale(language))


def page_of(page: int, pages: int, language: str = "en") -> str:
    """'Page 1 of 3' or 'Página 1 de 3'."""
    lang = shipped_or_source(language)
    # Translators: the footer of every printed page.
    words = translator(lang)._("Page {page} of {pages}")
    return words.format(page=number(page, lang), pages=number(pages, lang))


def page_count(pages: int, language: str = "en") -> str:
    """'1 page', '6 pages', '6 páginas': the plural chosen by the catalogue's plural rule."""
    lang = shipped_or_source(language)
    words = translator(lang).ngettext("{n} page", "{n} pages", pages)
    return words.format(n=number(pages, lang))


def native_name(language: str) -> str:
    """The language named in itself, as on a language button: 'English', 'Español'."""
    code = shipped_or_source(language)

    def name_in_itself() -> str:
        from babel import Locale

        locale = Locale.parse(code)
        name = locale.get_language_name(locale) or language
        return name[:1].upper() + name[1:]

    return _remembered(f"native {code}", name_in_itself)


def language_name(language: str) -> str:
    """The language's own name for itself as a word in a sentence: 'English', 'español'."""
    code = shipped_or_source(language)
    return _remembered(f"plain {code}", lambda: babel_locale(code).get_language_name() or language)


# -- language names and dates kept between starts --------------------------------------------
# The language buttons are on the first screen, and naming them loads CLDR's data for every
# shipped language through Babel (about 40 ms of CPU); an article's review dates would load
# Babel's dates (some 7 MiB) into every session that reads aloud or reaches the last section.
# They only change with that data, so they are kept in the state folder under the identity
# of Babel's data file.

_names: dict[str, str] | None = None
MAX_KEPT = 500


def _remembered(key: str, compute: Callable[[], str]) -> str:
    global _names
    if _names is None:
        _names = _read_names()
    if key not in _names:
        if len(_names) >= MAX_KEPT:  # dates of many articles: start again
            _names = {k: v for k, v in _names.items() if not k.startswith("date ")}
        _names[key] = compute()
        _write_names(_names)
    return _names[key]


def _names_file() -> Path:
    return paths.state_dir() / "language-names.json"


def _cldr_stamp() -> str:
    """Babel's CLDR data file: its path, size and time (without importing Babel)."""
    spec = importlib.util.find_spec("babel")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        with contextlib.suppress(OSError):
            st = os.stat(os.path.join(folder, "global.dat"))
            return f"{folder}:{st.st_size}:{st.st_mtime_ns}"
    return ""


def _read_names() -> dict[str, str]:
    try:
        data = json.loads(_names_file().read_text("utf-8"))
        names = data["names"] if data["cldr"] == _cldr_stamp() else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    ok = isinstance(names, dict) and all(isinstance(v, str) for v in names.values())
    return dict(names) if ok else {}


def _write_names(names: dict[str, str]) -> None:
    from viewer.core.atomic import write_atomically

    with contextlib.suppress(OSError):  # only means naming them again at the next start
        write_atomically(_names_file(), json.dumps({"cldr": _cldr_stamp(), "names": names}))
