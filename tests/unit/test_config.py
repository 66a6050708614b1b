"""Configuration: typed defaults, clear messages for bad values, defaults kept."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from viewer import config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_name_the_hospital_of_the_source_page() -> None:
    cfg = config.load(None)
    assert cfg.branding.hospital_name == "St. Luke's Hospital"
    assert cfg.branding.location == "Chesterfield, MO"
    assert "Main number: 314-434-1500" in cfg.branding.phones
    assert cfg.kiosk.idle_timeout == 90
    assert cfg.problems == ()


def test_good_values_are_used(tmp_path: Path) -> None:
    cfg = config.load(
        write(
            tmp_path,
            '[branding]\nhospital_name = "Mercy"\n'
            '[display]\ntheme = "high-contrast"\nfont_step = 2\n',
        )
    )
    assert cfg.branding.hospital_name == "Mercy"
    assert cfg.display.theme == "high-contrast"
    assert cfg.display.font_step == 2
    assert cfg.problems == ()


def test_each_bad_value_is_named_with_what_is_allowed_and_the_default_kept(tmp_path: Path) -> None:
    cfg = config.load(
        write(
            tmp_path,
            "[kiosk]\nidle_timeout = 10\n"
            '[display]\ntheme = "pink"\nfont_step = "big"\n'
            '[printing]\npaper = "A5"\n',
        )
    )
    assert cfg.kiosk.idle_timeout == 90
    assert cfg.display.theme == "standard"
    assert cfg.display.font_step == 0
    assert cfg.printing.paper == "letter"
    text = "\n".join(cfg.problems)
    assert "kiosk.idle_timeout = 10 is not allowed: from 30 to 3600" in text
    assert "display.theme = 'pink' is not allowed: one of 'standard', 'high-contrast'" in text
    assert "display.font_step = 'big' is not allowed: use a whole number" in text
    assert "printing.paper = 'A5'" in text


def test_unknown_keys_and_sections_are_reported(tmp_path: Path) -> None:
    cfg = config.load(write(tmp_path, "[kiosk]\nidle = 5\n[colours]\nx = 1\n"))
    text = "\n".join(cfg.problems)
    assert "kiosk.idle is not a known setting" in text
    assert "[colours] is not a known section" in text


def test_broken_toml_and_missing_file_fall_back_to_defaults(tmp_path: Path) -> None:
    cfg = config.load(write(tmp_path, "[kiosk\nidle_timeout = 60"))
    assert cfg.kiosk.idle_timeout == 90
    assert "not valid TOML" in cfg.problems[0]
    cfg = config.load(tmp_path / "missing.toml")
    assert "file not found" in cfg.problems[0]
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe[kiosk]")
    assert "cannot be read" in config.load(tmp_path / "bin.toml").problems[0]


def test_sample_configuration_is_valid_toml_and_lists_every_setting() -> None:
    sample = config.describe()
    uncommented = "\n".join(
        line.removeprefix("# ") if re.match(r"# [a-z_]+ = ", line) else line
        for line in sample.splitlines()
    )
    data = tomllib.loads(uncommented)
    assert config.from_dict(data).problems == ()
    assert "idle_timeout" in sample and "hospital_name" in sample


def test_contact_numbers_are_label_and_number_and_a_bad_one_is_named() -> None:
    assert config.BrandingSettings().phones == [
        "Main number: 314-434-1500",
        "Emergency Department: 314-205-6990",
        "Patient billing: 888-924-9200",
    ]
    good = ["Front desk: (555) 010-0199 ext. 12", "Toll free: +1 800 555 0100"]
    cfg = config.from_dict({"branding": {"phones": good}})
    assert cfg.branding.phones == good and cfg.problems == ()
    bad = config.from_dict({"branding": {"phones": ["Main number 314-434-1500"]}})
    assert bad.branding.phones == config.BrandingSettings().phones
    assert len(bad.problems) == 1
    assert "branding.phones = ['Main number 314-434-1500'] is not allowed" in bad.problems[0]
    assert 'write each as "Label: number"' in bad.problems[0]


def test_phone_labels_are_a_table_per_language(tmp_path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[branding.phone_labels.es]\n"Main number" = "Teléfono principal"\n', encoding="utf-8"
    )
    cfg = config.load(path)
    assert cfg.branding.phone_labels == {"es": {"Main number": "Teléfono principal"}}
    assert not cfg.problems
    path.write_text('[branding]\nphone_labels = {es = "Farmacia"}\n', encoding="utf-8")
    cfg = config.load(path)
    assert cfg.branding.phone_labels == {}
    assert "branding.phone_labels" in cfg.problems[0] and "a table per language" in cfg.problems[0]


def test_an_unknown_language_is_refused_with_what_the_kiosk_has() -> None:
    cfg = config.from_dict({"languages": {"offered": ["en", "fr"], "default": "fr"}})
    assert cfg.languages.offered == ["en", "es"] and cfg.languages.default == "en"
    assert cfg.problems[0].startswith(
        "languages.offered = ['en', 'fr'] is not allowed: 'fr' is not a language the kiosk "
        "has screens for (it has: en, es;"
    )
    assert cfg.problems[1].startswith("languages.default = 'fr' is not allowed: 'fr'")


def test_the_default_language_must_be_offered() -> None:
    cfg = config.from_dict({"languages": {"offered": ["es"], "default": "en"}})
    assert cfg.languages.default == "es"
    assert cfg.problems == (
        "languages.default = 'en' is not one of languages.offered (es). Using 'es'.",
    )
