"""The paths module in the two layouts: from source and inside a PyInstaller bundle."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from viewer import paths


@pytest.fixture
def frozen(monkeypatch, tmp_path) -> Path:
    """Pretend to run from a one-folder build whose bundle is ``tmp_path/_internal``."""
    bundle = tmp_path / "_internal"
    (bundle / "content").mkdir(parents=True)
    (bundle / "assets" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    return bundle


def test_from_source_the_bundled_files_are_the_repository_folders():
    assert not paths.is_frozen()
    assert paths.bundle_root() == ROOT
    assert paths.bundled_content_dir() == ROOT / "content"
    assert paths.asset("fonts", "x.ttf") == ROOT / "assets" / "fonts" / "x.ttf"
    # every asset the code names exists where the paths module says
    assert sorted(paths.asset("fonts").glob("*.ttf"))
    assert (paths.bundled_content_dir() / "vertebroplasty.md").is_file()


def test_frozen_the_bundled_files_are_under_meipass(frozen):
    assert paths.is_frozen()
    assert paths.bundle_root() == frozen
    assert paths.bundled_content_dir() == frozen / "content"
    assert paths.asset("fonts", "x.ttf") == frozen / "assets" / "fonts" / "x.ttf"


def test_sys_frozen_without_meipass_is_not_a_pyinstaller_bundle(monkeypatch):
    # other freezers set sys.frozen too; without _MEIPASS the source layout applies
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not paths.is_frozen()
    assert paths.bundle_root() == ROOT


@pytest.mark.parametrize("layout", ["source", "frozen"])
def test_configuration_and_logs_stay_outside_the_bundle(request, monkeypatch, tmp_path, layout):
    if layout == "frozen":
        request.getfixturevalue("frozen")
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "etc"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert paths.default_config_file() is None  # nothing there: built-in defaults
    conf = tmp_path / "etc" / "patient-kiosk" / "config.toml"
    conf.parent.mkdir(parents=True)
    conf.write_text("", encoding="utf-8")
    assert paths.default_config_file() == conf
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "other.toml"))
    assert paths.default_config_file() == tmp_path / "other.toml"
    assert paths.log_dir() == tmp_path / "state" / "patient-kiosk" / "log"
    assert paths.bundle_root() not in paths.log_dir().parents


def test_system_programs_get_the_library_path_the_kiosk_was_started_with(frozen, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{frozen}:/opt/site/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/site/lib")
    env = paths.external_program_env()
    assert env["LD_LIBRARY_PATH"] == "/opt/site/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in env


def test_system_programs_get_no_library_path_when_there_was_none(frozen, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", str(frozen))
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    assert "LD_LIBRARY_PATH" not in paths.external_program_env()


def test_from_source_the_environment_is_passed_on_unchanged(monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/site/lib")
    assert paths.external_program_env()["LD_LIBRARY_PATH"] == "/opt/site/lib"


def test_the_content_folder_is_the_command_line_then_environment_then_configuration(
    monkeypatch, tmp_path
):
    cfg_file = tmp_path / "etc" / "config.toml"
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    assert paths.content_dir(None) == paths.bundled_content_dir()
    assert paths.content_dir_origin(None) == "bundled with the kiosk"
    assert paths.content_dir(None, "articles", cfg_file) == tmp_path / "etc" / "articles"
    assert paths.content_dir(None, "/srv/articles", cfg_file) == Path("/srv/articles")
    assert paths.content_dir_origin(None, "articles") == "the configuration file"
    monkeypatch.setenv(paths.CONTENT_ENV, str(tmp_path / "env"))
    assert paths.content_dir(None, "articles", cfg_file) == tmp_path / "env"
    assert paths.content_dir_origin(None, "articles") == "$KIOSK_CONTENT"
    assert paths.content_dir(tmp_path / "cli", "articles", cfg_file) == tmp_path / "cli"
    assert paths.content_dir_origin(tmp_path / "cli", "articles") == "--content"


@pytest.fixture(scope="module")
def folders_a_module_fixture_sees() -> tuple[Path, Path]:
    """What a module fixture (say one that exports a handout once) would read and write."""
    return paths.site_config_dir(), paths.state_dir()


def test_fixtures_of_every_scope_get_the_test_runs_own_machine_folders(
    folders_a_module_fixture_sees,
) -> None:
    """Never this machine's /etc/patient-kiosk (tests/test_deb.py installs one) or state."""
    site, state = folders_a_module_fixture_sees
    assert site != Path("/etc/patient-kiosk")
    for folder in (site, state):
        assert folder.is_relative_to(tempfile.gettempdir()), folder
    assert site != paths.site_config_dir()  # and each test still gets folders of its own
