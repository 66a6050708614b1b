"""The floor: the least a Qt program can do to show the article full screen.

A bare PySide6 QTextBrowser with the article converted by python-markdown, nothing else: no
kiosk code, no bundled font, no style sheet. The kiosk's start-up is compared with this.

Usage: python bench/floor.py ARTICLE.md
With ``KIOSK_BENCH_FIRST_PAINT=FILE`` it appends ``article <time.monotonic()>
<time.process_time()>`` to FILE after its first paint, like the kiosk (viewer/ui/bench_hook.py).
"""

from __future__ import annotations

import os
import sys
import time


def main(path: str) -> int:
    """Show the article full screen until the process is ended."""
    import markdown
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QTextBrowser

    app = QApplication(sys.argv[:1])
    with open(path, encoding="utf-8") as f:
        html = markdown.Markdown(extensions=["meta"]).convert(f.read())
    view = QTextBrowser()
    font = QFont()
    font.setPointSizeF(18)
    view.setFont(font)
    view.setHtml(html)
    out = os.environ.get("KIOSK_BENCH_FIRST_PAINT")
    if out:

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 - Qt API
                if event.type() == QEvent.Type.Paint:
                    watched.removeEventFilter(self)
                    QTimer.singleShot(0, self.write)
                return False

            def write(self):
                with open(out, "a", encoding="utf-8") as f:
                    f.write(f"article {time.monotonic():.6f} {time.process_time():.6f}\n")

        hook = FirstPaint(view)
        view.viewport().installEventFilter(hook)
    view.setGeometry(view.screen().geometry())
    view.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
