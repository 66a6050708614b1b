"""One-finger horizontal swipes (Qt's QSwipeGesture needs three fingers)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent

SWIPE_MIN_PX = 120
SWIPE_RATIO = 1.8  # horizontal travel must beat vertical travel by this much


class SwipeFilter(QObject):
    """Event filter that turns a one-finger horizontal drag into a swipe.

    A touch screen's finger reaches a text view as the mouse events Qt makes from the
    touch (the view does not take touch itself, so links stay tappable); a touch with two or
    more fingers cancels the swipe. A mouse drag counts too.

    Signals:
        swiped_left: the finger moved right-to-left (go to the next section).
        swiped_right: the finger moved left-to-right (go to the previous section).
    """

    swiped_left = Signal()
    swiped_right = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start: QPointF | None = None
        self._multi = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Watch presses and releases; never consume them."""
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate):
            assert isinstance(event, QTouchEvent)
            if len(event.points()) > 1:
                self._multi = True
        elif kind == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            self._start = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and self._start is not None:
            assert isinstance(event, QMouseEvent)
            start, multi = self._start, self._multi
            self._start, self._multi = None, False
            if multi:
                return False
            dx = event.position().x() - start.x()
            dy = event.position().y() - start.y()
            if abs(dx) >= SWIPE_MIN_PX and abs(dx) >= SWIPE_RATIO * abs(dy):
                (self.swiped_left if dx < 0 else self.swiped_right).emit()
        return False
