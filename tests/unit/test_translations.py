"""The translation catalogues are complete, up to date and used at call time (viewer/i18n.py)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from viewer import i18n, paths

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def _key(message_id: str | tuple[str, ...], context: str | None) -> tuple[str | None, str]:
    first = message_id[0] if isinstance(message_id, tuple) else message_id
    return context, first


def extracted_from_code() -> set[tuple[str | None, str]]:
    """What `scripts/translations.sh` would put in kiosk.pot today."""
    found = extract_from_dir(
        str(Path(paths.bundle_root()) / "viewer"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    )
    return {_key(message, context) for _file, _line, message, _comments, context in found}


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def entries(cat: Catalog) -> Iterator[Message]:
    return (m for m in cat if m.id)


POT = paths.locale_dir() / "kiosk.pot"
TRANSLATED = [lang for lang in i18n.shipped_languages() if lang != i18n.SOURCE_LANGUAGE]


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_spanish_is_shipped() -> None:
    assert TRANSLATED == ["es"]


def test_the_catalogue_template_holds_exactly_the_strings_in_the_code() -> None:
    in_pot = {_key(m.id, m.context) for m in entries(catalogue(POT))}
    in_code = extracted_from_code()
    assert in_code, "no string in viewer/ is marked for translation"
    missing, stale = in_code - in_pot, in_pot - in_code
    assert not missing and not stale, (
        f"run `bash scripts/translations.sh`: not in kiosk.pot {sorted(missing)}, "
        f"no longer in the code {sorted(stale)}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_has_a_finished_translation_with_the_same_placeholders(
    language: str,
) -> None:
    po = catalogue(i18n.catalogue_file(language))
    wanted = {_key(m.id, m.context): m for m in entries(catalogue(POT))}
    have = {_key(m.id, m.context): m for m in entries(po)}
    problems = []
    for key, source in wanted.items():
        done = have.get(key)
        if done is None:
            problems.append(f"{key[1]!r}: not in the {language} catalogue")
            continue
        forms = done.string if isinstance(done.string, tuple) else (done.string,)
        if done.fuzzy or not all(forms):
            problems.append(f"{key[1]!r}: untranslated or fuzzy")
            continue
        source_forms = source.id if isinstance(source.id, tuple) else (source.id,)
        if isinstance(source.id, tuple) and len(forms) != po.num_plurals:
            problems.append(f"{key[1]!r}: {len(forms)} plural forms, {po.num_plurals} wanted")
        for form in forms:
            if placeholders(form) != placeholders(source_forms[-1]):
                problems.append(f"{key[1]!r}: placeholders differ in {form!r}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.mark.usefixtures("language")
def test_words_follow_the_current_language_at_call_time() -> None:
    assert i18n._("Read aloud") == "Read aloud"
    assert i18n.set_language("es-419") == "es"
    assert i18n._("Read aloud") == "Leer en voz alta"
    assert i18n.current_language() == "es"
    assert i18n.set_language("fr") == "en"
    assert i18n._("Read aloud") == "Read aloud"


@pytest.mark.usefixtures("language")
def test_a_string_without_a_translation_shows_in_english() -> None:
    i18n.set_language("es")
    assert i18n._("A sentence no catalogue has") == "A sentence no catalogue has"


def test_the_po_header_carries_the_languages_plural_rule() -> None:
    for language in TRANSLATED:
        header = i18n.catalogue_file(language).read_text(encoding="utf-8")
        assert re.search(r"Plural-Forms: nplurals=\d+; plural=", header), language


def test_a_compiled_catalogue_is_kept_for_the_next_start_and_remade_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = tmp_path / "es" / "LC_MESSAGES" / "kiosk.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(i18n.catalogue_file("es").read_bytes())
    monkeypatch.setattr(paths, "locale_dir", lambda: tmp_path)
    compiled: list[str] = []
    real = i18n._compile
    monkeypatch.setattr(i18n, "_compile", lambda *a: compiled.append("es") or real(*a))

    def page_in_spanish() -> str:
        i18n.translations.cache_clear()  # a new start
        return i18n.translator("es")._("Page {page} of {pages}")

    assert page_in_spanish() == "Página {page} de {pages}"
    assert page_in_spanish() == "Página {page} de {pages}"
    assert compiled == ["es"]  # the second start read the kept one
    kept = list((paths.state_dir() / "catalogues").glob("*.mo"))
    assert len(kept) == 1
    kept[0].write_bytes(b"damaged")
    assert page_in_spanish() == "Página {page} de {pages}" and compiled == ["es", "es"]
    text = po.read_text("utf-8").replace(
        'msgstr "Página {page} de {pages}"', 'msgstr "Hoja {page}"'
    )
    po.write_text(text, "utf-8")
    assert page_in_spanish() == "Hoja {page}" and compiled == ["es", "es", "es"]
    assert len(list((paths.state_dir() / "catalogues").glob("*.mo"))) == 1
    i18n.translations.cache_clear()
