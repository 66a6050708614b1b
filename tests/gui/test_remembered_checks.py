"""An article rendered in full once is not rendered again at the next start, until a file of
its folder changes; what fails is still never shown (tests/gui/test_hardening.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_article
from tests.gui.conftest import settle
from viewer.ui import reader as reader_module


def test_an_article_checked_at_one_start_is_not_rendered_again_at_the_next(
    qtbot, make_window, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = reader_module.render_errors

    def render_errors(meta, *args):
        rendered.append(meta.id)
        return real(meta, *args)

    monkeypatch.setattr(reader_module, "render_errors", render_errors)
    first = make_window(content_dir)
    assert first.reader.open_article("knee")
    assert first.reader.open_article("knee")
    assert rendered == ["knee"]
    settle(qtbot)  # what the checks found is written once the screen is drawn
    second = make_window(content_dir)  # the next start
    assert second.reader.open_article("knee") and second.reader.open_article("back")
    assert rendered == ["knee", "back"]
    assert second.article_page.title.text() == "Back pain"
    settle(qtbot)
    write_article(content_dir, "knee", "Knee surgery", "Now with another summary.")
    third = make_window(content_dir)
    assert third.reader.open_article("knee")
    assert rendered == ["knee", "back", "knee"]
    assert [t.summary.text() for t in third.home_page.tiles][1] == "Now with another summary."
