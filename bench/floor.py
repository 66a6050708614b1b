"""The floor: the least a Qt program can do to show the article full screen.

A bare PySide6 QTextBrowser with the article converted by python-markdown, nothing else: no
kiosk code, no bundled font, no style sheet. The kiosk's start-up is compared with this.
python-markdown is built as the kiosk builds it (viewer/core/render.py): extensions passed as
objects, so python-markdown does not scan every installed package's entry points (20-40 ms
that the kiosk does not spend), and the metadata block is read by the same Meta-Data code.

Usage: python bench/floor.py ARTICLE.md
With ``KIOSK_BENCH_FIRST_PAINT=FILE`` it appends, after its first paint, the same lines as
the kiosk (viewer/ui/bench_hook.py, viewer/bench_marks.py): one ``stage <name> <monotonic>
<process time>`` line per start-up stage, then ``article <monotonic> <process time>``.
"""

from __future__ import annotations

import os
import sys
import time

MARKS: list[str] = []


def mark(stage: str) -> None:
    """Note that ``stage`` ends now (the kiosk's stage names, viewer/bench_marks.py)."""
    MARKS.append(f"stage {stage} {time.monotonic():.6f} {time.process_time():.6f}\n")


def main(path: str) -> int:
    """Show the article full screen until the process is ended."""
    mark("python")
    import markdown
    from markdown.extensions.meta import MetaExtension
    from markdown.extensions.sane_lists import SaneListExtension

    mark("qt-free imports")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QTextBrowser

    mark("pyside6 import")
    app = QApplication(sys.argv[:1])
    mark("qapplication")
    with open(path, encoding="utf-8") as f:
        md = markdown.Markdown(
            extensions=[MetaExtension(), SaneListExtension()], output_format="html"
        )
        html = md.convert(f.read())
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
                now, cpu = time.monotonic(), time.process_time()
                with open(out, "a", encoding="utf-8") as f:
                    f.write("".join(MARKS) + f"article {now:.6f} {cpu:.6f}\n")

        hook = FirstPaint(view)
        view.viewport().installEventFilter(hook)
    mark("window")
    view.setGeometry(view.screen().geometry())
    view.showFullScreen()
    mark("show")
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
