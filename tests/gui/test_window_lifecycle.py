"""Kiosk windows are built and torn down many times in one process without stale wrappers.

PySide keeps one Python wrapper per C++ address. A wrapper that outlives its C++ object is
handed out again for whatever C++ object Qt later allocates at that address, with the wrong
type (once, ``rail.viewport()`` came back as a ``QWidgetItem`` and building the article
page crashed). These tests build and destroy the whole window, with every page and overlay
used, a few hundred times, and check that no wrapper of a layout item is ever left behind.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLayoutItem, QWidget

from viewer import config
from viewer.ui.theme import load_fonts
from viewer.ui.window import MainWindow

ROUNDS = 200  # about 0.3 s of CPU each


def layout_item_wrappers() -> list[str]:
    """Python wrappers of QLayoutItems (not layouts, which are QObjects) that still exist."""
    return [
        type(w).__name__
        for w in shiboken6.getAllValidWrappers()
        if isinstance(w, QLayoutItem) and not hasattr(w, "metaObject")
    ]


def use_every_page(window: MainWindow) -> None:
    """Home, an article in landscape and portrait, every overlay, staff mode, the attract.

    (The theme is applied on every build and by the idle reset.)
    """
    window.setGeometry(0, 0, 1920, 1080)
    window.home_page.tiles[0].click()
    window.commands.next_section.trigger()
    window.commands.font_bigger.trigger()
    window.setGeometry(0, 0, 1080, 1920)  # portrait: the tool buttons move to a second row
    window.setGeometry(0, 0, 1920, 1080)
    window.commands.read_aloud.trigger()
    window.commands.print_article.trigger()
    window.printing.card.cancel()
    window.popup.show_message("Heading", "Text")
    window.popup.dismiss()
    kiosk = window.kiosk
    kiosk.pin_pad.open_pad()
    kiosk.pin_pad.close_pad()
    kiosk.enter_staff()
    kiosk.show_diagnostics()
    kiosk.end_staff()
    kiosk._warn(10)
    kiosk.reset_for_next_visitor()
    kiosk.welcome()


def check_types(window: MainWindow) -> None:
    """Every widget the window asks Qt for comes back as a widget."""
    page = window.article_page
    for viewport in (
        page.rail.viewport(),
        page.text.viewport(),
        window.home_page.scroll_area.viewport(),
    ):
        assert isinstance(viewport, QWidget), type(viewport)
    assert isinstance(window.centralWidget(), QWidget), type(window.centralWidget())
    wrong = [type(c).__name__ for c in window.findChildren(QWidget) if not isinstance(c, QWidget)]
    assert wrong == []


def destroy(window: MainWindow) -> None:
    """Delete the window now, as the end of the kiosk's process would, and flush deletes."""
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window)


def test_no_layout_item_wrapper_outlives_the_window_build(qtbot, content_dir) -> None:
    window = MainWindow(config.Config(), content_dir, load_fonts())
    try:
        window.show_kiosk(windowed=True)
        use_every_page(window)
        assert layout_item_wrappers() == []
    finally:
        destroy(window)


def test_windows_built_and_destroyed_hundreds_of_times_never_see_a_wrong_type(
    qtbot, content_dir
) -> None:
    fonts = load_fonts()
    previous = None
    for _ in range(ROUNDS):
        window = MainWindow(config.Config(), content_dir, fonts)
        window.show_kiosk(windowed=True)
        check_types(window)
        use_every_page(window)
        check_types(window)
        if previous is not None:  # one window outlives the next's build, as between tests
            destroy(previous)
        previous = window
    destroy(window)
    assert layout_item_wrappers() == []


def test_qts_pixmap_cache_is_kept_small_for_a_kiosk_that_runs_for_months(qapp) -> None:
    # Each text size and theme draws the pictures anew; Qt's default 10 MiB cache filled
    # with what was made from each (the soak's growth, docs/performance.md).
    from PySide6.QtGui import QPixmapCache

    from viewer.ui.theme import PIXMAP_CACHE_KB

    QPixmapCache.setCacheLimit(10240)
    load_fonts()
    assert QPixmapCache.cacheLimit() == PIXMAP_CACHE_KB <= 4096
