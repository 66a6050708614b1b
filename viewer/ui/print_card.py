"""The large print card over the window: "Getting your handout ready...", confirm,
"Printing...", then the outcome.

Layout only; :class:`viewer.ui.print_controller.PrintController` decides what it says. It is
an overlay, not a modal dialog, so tests tap its buttons without ``exec()`` and the window
keeps running underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from viewer.i18n import _, pgettext
from viewer.ui.overlay import Overlay, big_button, card_width
from viewer.ui.retranslate import Retranslating


class PrintCard(Retranslating, Overlay):
    """A dimmed overlay with a card: a heading, a line of text and big buttons.

    ``state`` is one of ``hidden``, ``preparing``, ``asking``, ``printing``, ``printed``,
    ``failed`` and ``refused``.

    Signals:
        accepted: the patient tapped Print.
        cancelled: the patient tapped Cancel or outside the card while the handout was
            being made or asked about.
        large_print_toggled(bool): the patient switched large print on or off.
    """

    accepted = Signal()
    cancelled = Signal()
    large_print_toggled = Signal(bool)

    card_width = 1000

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.state = "hidden"
        self.layout_.setSpacing(24)
        self.heading = self.heading_label()
        self.text = self.text_label(role="printText")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(24)
        self.layout_.addWidget(self.progress)
        self.large_button = big_button("", "")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self._large_toggled)
        self.print_button = big_button("", "")
        self.cancel_button = big_button("", "")
        self.close_button = big_button("", "")
        self.layout_.addWidget(self.large_button)
        row = QHBoxLayout()  # joins its parent before it gets items: see ArticlePage
        row.setSpacing(24)
        self.layout_.addLayout(row)
        row.addWidget(self.cancel_button, 1)
        row.addWidget(self.print_button, 1)
        self.layout_.addWidget(self.close_button)
        self.print_button.clicked.connect(self.accepted)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.dismiss)
        self.card.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        """The buttons' words in the screens' language (a language switch cannot happen
        under the open card: what it says is made by the controller when shown)."""
        self.progress.setAccessibleName(_("Getting the handout ready"))
        # Translators: the print card's buttons, side by side.
        self.print_button.setText(pgettext("button", "Print"))
        self.print_button.setAccessibleName(_("Print the handout"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Do not print"))
        self._label_close()
        self._label_large()

    def _label_close(self) -> None:
        printing = self.state == "printing"
        self.close_button.setText(_("Keep reading") if printing else _("Close"))
        self.close_button.setAccessibleName(_("Close this message"))

    # -- states ----------------------------------------------------------------------------
    def show_preparing(self, text: str) -> None:
        """'Getting your handout ready...' with a busy bar and Cancel, while it is made."""
        self._show("preparing", _("Getting your handout ready..."), text, asking=False)
        self.progress.setRange(0, 0)  # busy until the pages are counted
        self.progress.show()
        self.cancel_button.show()
        self.close_button.hide()
        self.fit()

    def show_progress(self, done: int, pages: int) -> None:
        """How many of the handout's pages are made, while preparing."""
        if self.state != "preparing" or pages <= 0:
            return
        self.progress.setRange(0, pages)
        self.progress.setValue(done)

    def ask(self, question: str, detail: str, large_print: bool) -> None:
        """Ask before printing, with Print, Cancel and the large-print switch."""
        self.large_button.blockSignals(True)
        self.large_button.setChecked(large_print)
        self.large_button.blockSignals(False)
        self._label_large()
        self._show("asking", question, detail, asking=True)

    def show_printing(self, text: str) -> None:
        """'Printing...' while the job goes out; Close lets the patient read on."""
        self._show("printing", _("Printing..."), text, asking=False)
        self._label_close()

    def show_outcome(self, state: str, heading: str, text: str) -> None:
        """The result: ``printed``, ``failed`` or ``refused``."""
        self._show(state, heading, text, asking=False)
        self._label_close()

    def _show(self, state: str, heading: str, text: str, asking: bool) -> None:
        self.state = state
        self.heading.setText(heading)
        self.text.setText(text)
        self.setAccessibleName(heading)
        for b in (self.large_button, self.print_button, self.cancel_button):
            b.setVisible(asking)
        self.close_button.setVisible(not asking)
        self.progress.hide()
        self.open()

    def fit(self) -> None:
        """Cover the window and centre the card, sized to the buttons now shown."""
        self.setGeometry(self.host.rect())
        width = min(card_width(self.card_width), int(self.width() * 0.9))
        self.card.setFixedWidth(width)
        self.layout_.activate()  # buttons shown or hidden since the last layout
        self.card.setFixedHeight(self.layout_.totalHeightForWidth(width))
        self.card.move((self.width() - width) // 2, (self.height() - self.card.height()) // 2)

    def _label_large(self) -> None:
        on = self.large_button.isChecked()
        self.large_button.setText(
            _("Print in normal letters") if on else _("Print in large letters")
        )
        self.large_button.setAccessibleName(
            _("The handout will be in large letters; tap to print it in normal letters")
            if on
            else _("The handout will be in normal letters; tap to print it in large letters")
        )

    def _large_toggled(self, on: bool) -> None:
        self._label_large()
        self.large_print_toggled.emit(on)

    # -- closing ---------------------------------------------------------------------------
    def cancel(self) -> None:
        """Do not print."""
        if self.state in ("preparing", "asking"):
            self.dismiss()
            self.cancelled.emit()

    def dismiss(self) -> None:
        """Hide the card (a print already sent goes on)."""
        self.state = "hidden"
        self.hide()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """A tap outside the card: Cancel while preparing or asking, otherwise close."""
        if self.state in ("preparing", "asking"):
            self.cancel()
        else:
            self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A tap on an outcome card closes it, like the other pop-ups."""
        if watched is not self.card:
            return super().eventFilter(watched, event)  # follows the window's size
        if event.type() == QEvent.Type.MouseButtonPress and self.state in (
            "printed",
            "failed",
            "refused",
        ):
            self.dismiss()
            return True
        return False
