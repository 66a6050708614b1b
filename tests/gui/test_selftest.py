"""``kiosk --self-test``: the real checks pass on good content and name what is broken."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from viewer import config, i18n, paths, selftest
from viewer.services.speech_engine import ProcessEngine


def run_self_test(content: Path, cfg: config.Config | None = None) -> tuple[int, str]:
    out = io.StringIO()
    status = selftest.run(cfg or config.Config(), content, out)
    return status, out.getvalue()


def quiet_config(**sections) -> config.Config:
    """Defaults with read aloud and printing switched as asked."""
    return config.Config().replace(**sections)


@pytest.mark.espeak
def test_good_content_passes_with_one_line_naming_what_was_checked(qapp, content_dir):
    status, out = run_self_test(content_dir)
    assert status == 0, out
    assert out.count("\n") == 1 and out.startswith("kiosk ") and "self-test passed" in out
    # two articles of four sections each, every one of the seven text sizes
    assert "content: 2 articles" in out
    assert "languages: es (the kiosk's words and Qt's)" in out
    assert "screens: 8 sections, 0 pictures, 7 text sizes, font Atkinson Hyperlegible" in out
    assert "read aloud:" in out and "s of speech, voice " in out
    assert "handout: 1 page(s)" in out or "handout: 2 page(s)" in out


@pytest.mark.espeak
def test_a_broken_article_fails_and_is_named(qapp, broken_content_dir):
    status, out = run_self_test(broken_content_dir)
    assert status == 1
    assert out.count("\n") == 1 and "self-test FAILED" in out
    assert "content:" in out
    for name in ("notitle.md", "latin1.md", "empty.md", "huge.md", "gone.md"):
        assert name in out
    assert "the metadata has no title" in out
    # the good articles were still tried on screen and aloud: only content failed
    assert "(1 of 6 checks)" in out


@pytest.fixture
def locale_copy(tmp_path, monkeypatch) -> Iterator[Path]:
    """The kiosk's catalogues copied to a folder the test may spoil."""
    folder = tmp_path / "locale"
    shutil.copytree(paths.locale_dir(), folder)
    monkeypatch.setattr(paths, "locale_dir", lambda: folder)
    i18n.translations.cache_clear()
    i18n.shipped_languages.cache_clear()
    yield folder
    i18n.translations.cache_clear()
    i18n.shipped_languages.cache_clear()


def test_an_unfinished_catalogue_fails_naming_the_language_and_the_file(
    qapp, content_dir, tmp_path, locale_copy
):
    po = locale_copy / "es" / "LC_MESSAGES" / "kiosk.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Página {page} de {pages}"' in text
    po.write_text(text.replace('msgstr "Página {page} de {pages}"', 'msgstr ""'), "utf-8")
    check = selftest.SelfTest(config.Config(), content_dir, tmp_path)
    with pytest.raises(selftest.CheckFailed, match=f"not translated into es by {po}"):
        check.check_languages()


def test_no_catalogue_at_all_fails(qapp, content_dir, tmp_path, locale_copy):
    shutil.rmtree(locale_copy / "es")
    check = selftest.SelfTest(config.Config(), content_dir, tmp_path)
    with pytest.raises(selftest.CheckFailed, match="no translation catalogue in"):
        check.check_languages()


def _engine_without_espeak():
    from tests.speech_workers import serve_without_espeak

    return ProcessEngine(timeout=selftest.SPEECH_TIMEOUT_S, target=serve_without_espeak)


def _engine_without_pyttsx3():
    from tests.selftest_workers import serve_without_pyttsx3

    return ProcessEngine(timeout=selftest.SPEECH_TIMEOUT_S, target=serve_without_pyttsx3)


@pytest.mark.parametrize(
    ("engine", "named"),
    [
        (_engine_without_espeak, "libespeak-ng1"),
        (_engine_without_pyttsx3, "pyttsx3 Python package is missing"),
    ],
    ids=["no-libespeak-ng", "no-pyttsx3"],
)
def test_a_machine_without_a_speech_engine_fails_naming_the_missing_library(
    qapp, content_dir, monkeypatch, engine, named
):
    monkeypatch.setattr(selftest, "make_engine", engine)
    status, out = run_self_test(content_dir)
    assert status == 1
    assert "(1 of 6 checks): read aloud: no speech engine:" in out
    assert named in out


@pytest.mark.espeak
def test_a_silent_recording_is_caught(qapp, content_dir, monkeypatch):
    real = selftest.synthesize

    def silence(text, wav, language, cfg):
        voice = real(text, wav, language, cfg)
        with wave.open(str(wav), "rb") as w:
            params, frames = w.getparams(), w.getnframes()
        with wave.open(str(wav), "wb") as w:
            w.setparams(params)
            w.writeframes(b"\0\0" * frames)
        return voice

    monkeypatch.setattr(selftest, "synthesize", silence)
    status, out = run_self_test(content_dir)
    assert status == 1
    assert "read aloud: the speech engine wrote" in out and "near silence (level 0)" in out


def test_a_handout_without_the_article_text_is_caught(qapp, content_dir, monkeypatch):
    real = selftest.write_handout_pdf

    def wrong_article(article, cfg, library, family, out):
        other = selftest.open_article(library.get("knee" if article.id == "back" else "back"))
        return real(other, cfg, library, family, out)

    monkeypatch.setattr(selftest, "write_handout_pdf", wrong_article)
    cfg = quiet_config(speech=config.SpeechSettings(enabled=False))
    status, out = run_self_test(content_dir, cfg)
    assert status == 1
    assert "handout: the handout PDF does not contain 'Back pain'" in out


def test_speech_and_printing_switched_off_are_reported_not_failed(qapp, content_dir):
    cfg = quiet_config(
        speech=config.SpeechSettings(enabled=False), printing=config.PrintingSettings(enabled=False)
    )
    status, out = run_self_test(content_dir, cfg)
    assert status == 0, out
    assert "read aloud: off in the configuration" in out
    assert "handout: printing off in the configuration" in out


def test_a_configuration_problem_fails_naming_the_setting(qapp, content_dir, tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        "[display]\nfont_step = 99\n[speech]\nenabled = false\n[printing]\nenabled = false\n",
        encoding="utf-8",
    )
    status, out = run_self_test(content_dir, config.load(path))
    assert status == 1
    assert "configuration: 1 problem(s) in" in out and "display.font_step = 99" in out


def test_an_empty_content_folder_fails(qapp, tmp_path):
    status, out = run_self_test(tmp_path)
    assert status == 1
    assert f"content: no articles in {tmp_path}" in out


def _cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "viewer", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.espeak
def test_the_command_needs_no_display_prints_one_line_and_nothing_on_stderr(tmp_path, content_dir):
    result = _cli(
        "--self-test",
        "--content",
        str(content_dir),
        env_extra={"KIOSK_CONFIG": str(tmp_path / "none.toml")},
    )
    # a configuration file that does not exist is itself a problem worth failing on
    assert result.returncode == 1
    assert "none.toml: file not found" in result.stdout
    result = _cli(
        "--self-test",
        "--content",
        str(content_dir),
        env_extra={"XDG_CONFIG_HOME": str(tmp_path / "xdg")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1 and "self-test passed" in result.stdout
    assert result.stderr == ""


def test_the_command_exits_1_on_broken_content(tmp_path, broken_content_dir):
    (tmp_path / "c.toml").write_text(
        "[speech]\nenabled = false\n[printing]\nenabled = false\n", encoding="utf-8"
    )
    result = _cli(
        "--self-test", "--config", str(tmp_path / "c.toml"), "--content", str(broken_content_dir)
    )
    assert result.returncode == 1
    assert "self-test FAILED" in result.stdout and "notitle.md" in result.stdout


def test_a_picture_that_cannot_be_drawn_fails_the_screens_check(qapp, content_dir, monkeypatch):
    from viewer.services import pictures

    (content_dir / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>', encoding="utf-8"
    )
    knee = content_dir / "knee.md"
    knee.write_text(knee.read_text() + "\n![A square.](square.svg)\n", encoding="utf-8")
    monkeypatch.setattr(pictures, "draw", lambda *args, **kwargs: None)  # as with no QtSvg
    status, out = run_self_test(
        content_dir,
        quiet_config(
            speech=config.SpeechSettings(enabled=False),
            printing=config.PrintingSettings(enabled=False),
        ),
    )
    assert status == 1
    assert "knee: a picture in section 4 could not be drawn" in out
