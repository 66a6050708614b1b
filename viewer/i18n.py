"""The words the kiosk shows, in the language the patient chose (no Qt).

English is the source language: the strings in the code are the English text. Every other
shipped language has a gettext catalogue, ``viewer/locale/<lang>/LC_MESSAGES/kiosk.po``, made
and kept up to date with Babel (``scripts/translations.sh``; see docs/translating.md). The
``.po`` file is read with Babel the first time its language is needed, so there is no compile
step and nothing to forget in a build; the compiled form is kept in the state folder for the
next start (remade when the ``.po`` changes).

``_()``, ``ngettext()`` and ``pgettext()`` look the message up in the *current* language each
time they are called, so a language switch needs no restart: views call them again in their
``retranslate()``. ``N_()`` only marks a string for extraction (tables built at import time);
translate it with ``_()`` where it is shown.

Words that belong to an *article* rather than to the screen (the printed handout, the review
lines) are in the article's language, whatever the screens show: ``translator(language)``
gives that language's ``_()``, ``ngettext()`` and ``pgettext()`` without changing the current
language (so a handout made in a worker thread never races a language switch).

Editor- and IT-facing output (``--check-content``, ``--diagnose``, logs) stays English.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import zlib
from functools import cache, lru_cache
from pathlib import Path

from viewer import paths

SOURCE_LANGUAGE = "en"
DOMAIN = "kiosk"

_current = SOURCE_LANGUAGE


def catalogue_file(language: str) -> Path:
    """Where the ``.po`` catalogue of ``language`` lives (it may not exist)."""
    return paths.locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def base_language(tag: str) -> str:
    """'es' for 'es-419', 'es_MX' or 'ES'; '' for an empty tag."""
    return tag.strip().lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=1)
def shipped_languages() -> tuple[str, ...]:
    """English, then every language that has a catalogue, in code order."""
    catalogues = paths.locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    found = sorted(po.parent.parent.name for po in catalogues)
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


def is_shipped(tag: str) -> bool:
    """True when the kiosk can show its screens in ``tag``'s language."""
    return base_language(tag) in shipped_languages()


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``; English and unknown languages translate to themselves.

    Fuzzy and empty entries are left out, so an unfinished translation shows the English text
    rather than a guess (the catalogue test fails on them before a release).
    """
    po = catalogue_file(language)
    if language == SOURCE_LANGUAGE or not po.is_file():
        return gettext.NullTranslations()
    remembered = _remembered_file(po, language)
    try:
        return gettext.GNUTranslations(io.BytesIO(remembered.read_bytes()))
    except Exception:  # noqa: BLE001 - none kept yet, or damaged: compiled again below
        pass
    compiled = _compile(po, language)
    _remember(compiled, remembered)
    return gettext.GNUTranslations(io.BytesIO(compiled))


MO_FORMAT = 1
"""Bump when what :func:`_compile` makes changes (remembered catalogues are then remade)."""


def _remembered_file(po: Path, language: str) -> Path:
    """Where the compiled catalogue of ``po`` as it is now is kept between starts.

    Compiling reads the ``.po`` with Babel: about 25 ms of CPU, at every start (the Spanish
    language button speaks Spanish). The name holds the file's identity, size and time, so
    a changed catalogue is compiled again.
    """
    st = po.stat()
    where = zlib.crc32(str(po).encode())
    name = f"{DOMAIN}-{language}-{MO_FORMAT}-{where:08x}-{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"
    return paths.state_dir() / "catalogues" / f"{name}.mo"


def _compile(po: Path, language: str) -> bytes:
    """``po`` compiled to the ``.mo`` form, without its fuzzy entries."""
    from babel.messages.mofile import write_mo  # imported on first use: not needed in English
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _remember(compiled: bytes, file: Path) -> None:
    """Keep ``compiled`` in ``file``, dropping older ones of its language; a folder that
    cannot be written only means compiling again at the next start."""
    from viewer.core.atomic import write_atomically

    with contextlib.suppress(OSError):
        if file.parent.is_dir():
            for old in file.parent.glob(f"{DOMAIN}-{file.name.split('-')[1]}-*.mo"):
                old.unlink(missing_ok=True)
        write_atomically(file, compiled)


def shipped_or_source(tag: str) -> str:
    """``tag``'s shipped language ('es' for 'es-419'), or English when it is not shipped."""
    code = base_language(tag)
    return code if code in shipped_languages() else SOURCE_LANGUAGE


def set_language(tag: str) -> str:
    """Make ``tag``'s language the current one (English if it is not shipped); return it."""
    global _current
    _current = shipped_or_source(tag)
    return _current


def current_language() -> str:
    """The language the screens are shown in now ('en', 'es')."""
    return _current


class Translator:
    """The words of one language, whatever the current language is: ``tr._("Page")``.

    The methods have the names ``scripts/translations.sh`` extracts, so
    ``translator(meta.language)._("Words used in this handout")`` is in the catalogue.
    """

    def __init__(self, tag: str) -> None:
        self.language = shipped_or_source(tag)
        self._catalogue = translations(self.language)

    def _(self, message: str) -> str:
        """``message`` in this language."""
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form for ``n`` by this language's plural rule."""
        return self._catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in this language, told apart by ``context``."""
        return self._catalogue.pgettext(context, message)


def translator(tag: str) -> Translator:
    """The words of ``tag``'s language ('es-419' is Spanish; English if it is not shipped)."""
    return Translator(tag)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` by the current language's plural rule."""
    return translations(_current).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word by
    ``context`` (e.g. "button" for "Back")."""
    return translations(_current).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now."""
    return message
