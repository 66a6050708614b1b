"""Site-wide configuration: the site file, its drop-ins in name order, the per-user file,
then --config; which file set each value; --set-pin's private drop-in and --hash-pin."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import run_kiosk as kiosk
from viewer import config, paths
from viewer.core.pin import verify_pin


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(monkeypatch, tmp_path) -> Path:
    folder = tmp_path / "etc"
    monkeypatch.setenv(paths.SITE_CONFIG_ENV, str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    return folder


def test_drop_ins_override_the_site_file_in_name_order_then_user_then_cli(site, tmp_path):
    main = write(
        site / "config.toml", '[branding]\nhospital_name = "Site"\n[kiosk]\nidle_timeout = 60\n'
    )
    later = write(site / "config.d" / "20-printer.toml", '[printing]\nprinter = "second"\n')
    earlier = write(
        site / "config.d" / "10-printer.toml",
        '[printing]\nprinter = "first"\npaper = "a4"\n[kiosk]\nidle_timeout = 120\n',
    )
    write(site / "config.d" / "notes.txt", "[printing]\nprinter = 'ignored'\n")
    user = write(
        tmp_path / "home-config" / "patient-kiosk" / "config.toml", "[kiosk]\nidle_timeout = 200\n"
    )
    cli = write(tmp_path / "cli.toml", '[display]\ntheme = "high-contrast"\n')

    assert paths.config_files(cli) == [main, earlier, later, user, cli]
    cfg = config.load_for(cli)
    assert cfg.branding.hospital_name == "Site"
    assert cfg.printing.printer == "second"  # 20- comes after 10-
    assert cfg.printing.paper == "a4"  # only 10- sets it: kept
    assert cfg.kiosk.idle_timeout == 200  # the per-user file beats the drop-ins
    assert cfg.display.theme == "high-contrast"
    assert cfg.origins["printing.printer"] == later
    assert cfg.origins["printing.paper"] == earlier
    assert cfg.origins["kiosk.idle_timeout"] == user
    assert cfg.origins["branding.hospital_name"] == main
    assert "speech.rate" not in cfg.origins  # a default


def test_a_broken_drop_in_is_reported_by_name_and_the_others_still_apply(site):
    write(site / "config.toml", '[printing]\nprinter = "front-desk"\n')
    bad = write(site / "config.d" / "50-bad.toml", "[kiosk\nidle_timeout = 60\n")
    wrong = write(site / "config.d" / "60-wrong.toml", "[kiosk]\nidle_timeout = 5\n")
    cfg = config.load_for(None)
    assert cfg.printing.printer == "front-desk"
    assert cfg.kiosk.idle_timeout == 90
    assert any(str(bad) in p and "not valid TOML" in p for p in cfg.problems)
    assert any(str(wrong) in p and "kiosk.idle_timeout = 5" in p for p in cfg.problems)


def test_a_relative_content_folder_is_relative_to_the_file_that_set_it(site, tmp_path):
    write(site / "config.d" / "10-content.toml", '[content]\nfolder = "articles"\n')
    cli = write(tmp_path / "elsewhere" / "cli.toml", "[kiosk]\nidle_timeout = 60\n")
    cfg = config.load_for(cli)
    assert cfg.resolve_path("content.folder", cfg.content.folder) == site / "config.d" / "articles"


def test_the_site_folder_on_windows_is_programdata(monkeypatch):
    """Faked: sys.platform says Windows, ProgramData comes from the environment.

    platformdirs' Windows module reads the folder from the environment (its fallback
    without the Windows API) instead of calling the Windows shell.
    """
    import platformdirs.windows as windows

    monkeypatch.delenv(paths.SITE_CONFIG_ENV)
    monkeypatch.setattr(windows, "_RESOLVE_WIN_FOLDER", windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ALLUSERSPROFILE", r"C:\ProgramData")
    folder = str(paths.site_config_dir())
    assert folder.startswith(r"C:\ProgramData") and folder.endswith("patient-kiosk")


def test_the_site_folder_on_linux_is_etc(monkeypatch):
    monkeypatch.delenv(paths.SITE_CONFIG_ENV)
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.site_config_dir() == Path("/etc/patient-kiosk")


def test_diagnose_shows_which_file_set_each_value(site, tmp_path, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    main = write(
        site / "config.toml", '[printing]\nprinter = "front-desk"\n[speech]\nenabled = false\n'
    )
    drop = write(site / "config.d" / "10-idle.toml", "[kiosk]\nidle_timeout = 120\n")
    result = kiosk("--diagnose", "--json")
    data = json.loads(result.stdout)
    settings = data["config"]["settings"]
    assert data["config"]["files"] == [str(main), str(drop)]
    assert settings["printing.printer"] == {"value": "front-desk", "from": str(main)}
    assert settings["kiosk.idle_timeout"] == {"value": 120, "from": str(drop)}
    assert settings["printing.paper"] == {"value": "letter", "from": None}
    text = kiosk("--diagnose").stdout
    assert f"kiosk.idle_timeout = 120   from {drop}" in text
    assert f'printing.printer = "front-desk"   from {main}' in text


def test_set_pin_writes_a_private_drop_in_that_the_kiosk_reads(site):
    result = kiosk("--set-pin", stdin="735102\n735102\n")
    assert result.returncode == 0, result.stderr
    drop_in = site / "config.d" / "90-staff-pin.toml"
    assert str(drop_in) in result.stdout
    assert stat.S_IMODE(drop_in.stat().st_mode) == 0o600  # the hash is not world-readable
    assert "735102" not in drop_in.read_text(encoding="utf-8")
    assert [p.name for p in drop_in.parent.iterdir()] == ["90-staff-pin.toml"]  # no temp file
    cfg = config.load_for(None)
    assert cfg.origins["kiosk.staff_pin_hash"] == drop_in
    assert verify_pin("735102", cfg.kiosk.staff_pin_hash)


def test_hash_pin_prints_a_hash_for_configuration_management(site):
    result = kiosk("--hash-pin", stdin="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    pin_hash = result.stdout.strip()
    assert verify_pin("2468", pin_hash) and "2468" not in pin_hash
    assert not site.exists()  # nothing written
    bad = kiosk("--hash-pin", stdin="12\n12\n")
    assert bad.returncode == 2 and "4 to 12 digits" in bad.stderr and not bad.stdout


def test_set_pin_as_root_hands_the_drop_in_to_the_kiosk_user(site):
    """--pin-owner: the file belongs to the user the kiosk runs as (here: nobody)."""
    unknown = kiosk("--set-pin", "--pin-owner", "no-such-user-here", stdin="2468\n2468\n")
    assert unknown.returncode == 2 and "no user called 'no-such-user-here'" in unknown.stderr
    assert not site.exists()  # nothing written
    if os.geteuid() != 0:
        pytest.skip("only root can hand a file to another user")
    import pwd

    result = kiosk("--set-pin", "--pin-owner", "nobody", stdin="2468\n2468\n")
    assert result.returncode == 0, result.stderr
    drop_in = site / "config.d" / "90-staff-pin.toml"
    assert drop_in.stat().st_uid == pwd.getpwnam("nobody").pw_uid
    assert stat.S_IMODE(drop_in.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("locked", "unreadable"),
    [
        ("etc", ["etc/config.toml", "etc/config.d"]),  # the site folder: nothing in it is seen
        ("etc/config.toml", ["etc/config.toml"]),  # the site file alone
        ("etc/config.d", ["etc/config.d"]),  # the drop-in folder cannot be listed
        ("home/patient-kiosk", ["home/patient-kiosk/config.toml"]),  # the per-user folder
    ],
)
def test_an_unreadable_site_file_or_folder_is_named_and_the_other_layers_apply(locked, unreadable):
    """The kiosk's user may not read part of /etc/patient-kiosk: no traceback; the problem
    names each file or folder it could not read, and every other layer still applies."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # the unprivileged user reaches the files it may read
        write(root / "etc" / "config.toml", '[printing]\nprinter = "front-desk"\n')
        write(root / "etc" / "config.d" / "10-idle.toml", "[kiosk]\nidle_timeout = 120\n")
        write(root / "home" / "patient-kiosk" / "config.toml", "[speech]\nrate = 1.2\n")
        cli = write(root / "cli.toml", '[display]\ntheme = "high-contrast"\n')
        (root / "state").mkdir()
        drop_privileges: list[str] = []
        if os.geteuid() == 0:
            # Root reads everything: take away the capabilities that override file modes,
            # so the command meets the modes as a kiosk user would. (Running it as "nobody"
            # instead failed whenever the checkout sat in a folder only root may enter.)
            drop_privileges = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
        (root / locked).chmod(0o300 if locked == "etc/config.d" else 0)
        result = subprocess.run(
            [*drop_privileges, sys.executable, "-m", "viewer", "--diagnose", "--json"]
            + ["--config", str(cli)],
            capture_output=True,
            text=True,
            timeout=120,
            env={
                **os.environ,
                paths.SITE_CONFIG_ENV: str(root / "etc"),
                "KIOSK_STATE_DIR": str(root / "state"),
                "HOME": str(root),
                "XDG_CONFIG_HOME": str(root / "home"),
            },
        )
        (root / locked).chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(result.stdout)["config"]
    problems = data["problems"]
    assert len(problems) == len(unreadable), problems
    for problem, name in zip(problems, unreadable, strict=True):
        assert problem.startswith(f"{root / name}: permission denied (the kiosk's user "), problem
        assert problem.endswith("its settings are not used.")
    settings = data["settings"]
    assert settings["display.theme"] == {"value": "high-contrast", "from": str(cli)}
    readable = {
        "etc/config.toml": "printing.printer",
        "etc/config.d": "kiosk.idle_timeout",
        "home/patient-kiosk/config.toml": "speech.rate",
    }
    for name, key in readable.items():  # the layers it could read still apply
        assert (settings[key]["from"] is None) == (name in unreadable), (name, settings[key])
