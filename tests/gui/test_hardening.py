"""Faults contained: what the kiosk cannot render is never shown, and the patient is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.conftest import write_article
from viewer.core import library, speech_text


def test_an_article_that_fails_to_render_is_never_shown(
    qtbot, make_window, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_article(content_dir, "odd", "Odd topic")
    real = speech_text.section_utterances

    def fails_for_odd(page: str) -> list[speech_text.Utterance]:
        if "Odd topic" in page or "ODD" in page:
            raise ValueError("cannot split")
        return real(page)

    (content_dir / "odd.md").write_text(
        (content_dir / "odd.md").read_text(encoding="utf-8") + "\nODD words.\n", encoding="utf-8"
    )
    monkeypatch.setattr(library, "section_utterances", fails_for_odd)
    window = make_window(content_dir)
    page = window.home_page
    odd = next(t for t in page.tiles if t.title.text() == "Odd topic")
    qtbot.mouseClick(odd, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    assert window.popup.isVisible() and "not available" in window.popup.text.text()
    assert [t.title.text() for t in page.tiles] == ["Back pain", "Knee surgery"]
    assert any(p.path.name == "odd.md" and p.line for p in window.reader.library.problems)
    assert not window.reader.open_article("odd")
    assert window.reader.open_article("knee")  # the good ones still open
