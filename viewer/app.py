"""The kiosk's start-up: logging, configuration, the Qt application and the window."""

from __future__ import annotations

import argparse
import logging
import sys

from viewer import __version__, bench_marks, config, native_memory, paths

log = logging.getLogger("viewer")

NO_DISPLAY_MESSAGE = (
    "kiosk: no display found. Run it on a desktop or kiosk session, under a virtual screen "
    "(xvfb-run kiosk), or without a screen with QT_QPA_PLATFORM=offscreen."
)


# Qt-free modules the first screen needs (printing's, speech's and the staff PIN's come
# after the first frame). Once PySide6 is loaded, its import hook (for ``from __feature__
# import ...``) reads the source of every Python module imported after it; importing these
# first saves about 30 ms of CPU at start-up, some 10% of the imports.
QT_FREE_MODULES = (
    "markdown",
    "markdown.extensions.meta",
    "markdown.extensions.sane_lists",
    "logging.handlers",
    "viewer.core.articles",
    "viewer.core.checks",
    "viewer.core.glossary",
    "viewer.core.library",
    "viewer.core.reader",
    "viewer.core.render",
)


def import_qt_free_modules() -> None:
    """Import :data:`QT_FREE_MODULES` before PySide6 (start-up speed only)."""
    import importlib

    for name in QT_FREE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # only slower, never broken
            log.debug("Could not import %s early: %s", name, exc)


def setup_logging() -> None:
    """Log at INFO to stderr and to a rotating file in the kiosk's log folder."""
    from viewer import logs  # imports PySide6.QtCore

    bench_marks.mark("pyside6 import")
    logs.setup_logging(paths.log_dir())
    logs.install_qt_messages()


def forget_sources() -> None:
    """Drop the source text that PySide6 read of every module imported so far.

    PySide6's import hook (shibokensupport's feature_imported) calls inspect.getsource() on
    each module imported after PySide6, and on every module already imported, to see whether
    it names PySide6; linecache keeps each whole file. From source that is about 115 files,
    1.9 MiB of text and as much again in line objects, never read again; dropped before the
    window is built, Python reuses the memory for the window (PSS of the window process
    about 2.8 MiB lower). A frozen build has no source files, so nothing is kept there.
    """
    import linecache

    linecache.clearcache()


def run(args: argparse.Namespace) -> int:
    """Run the kiosk window with the parsed command line; return the exit status."""
    bench_marks.mark("python")
    native_memory.keep_large_blocks_mapped()  # before Qt's first large blocks
    import_qt_free_modules()
    bench_marks.mark("qt-free imports")
    setup_logging()
    cfg = config.load_for(args.config)
    if not paths.display_available():
        sys.stderr.write(NO_DISPLAY_MESSAGE + "\n")
        return 3
    bench_marks.mark("python")

    from PySide6.QtWidgets import QApplication

    bench_marks.mark("pyside6 import")
    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    bench_marks.mark("qt modules")
    forget_sources()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("patient-kiosk")
    app.setApplicationVersion(__version__)
    from viewer.core.content_versions import ContentStore

    family = load_fonts()
    bench_marks.mark("qapplication")
    store = ContentStore(paths.state_dir())
    live = config.content_folder(cfg, args.content)
    decision = store.decide(live)
    window = MainWindow(cfg, decision.folder, family)
    from viewer.ui import bench_hook  # opt-in first-paint timing for `python -m bench`

    bench_hook.install(window)
    bench_marks.mark("window")
    watchdog = run_guarded(app, window, args.windowed)
    end_on_sigterm(app, window)
    bench_marks.mark("show")

    def start_fleet() -> None:  # IT's status and usage counts: right after the first frame
        from viewer.ui.fleet import start_fleet

        fleet = start_fleet(window, cfg, store, live, decision, watchdog.status)
        app.aboutToQuit.connect(fleet.reporter.stop)
        watchdog.ready()  # READY=1 carries the status line the fleet has just set
        forget_sources()  # of the modules imported for the first frame's deferred work

    window.first_frame.add(start_fleet)
    return app.exec() or window.kiosk.exit_code


_SIGNAL_WAKERS: list[object] = []  # the socket pair and notifier live as long as the app


def end_on_sigterm(app, window) -> None:
    """SIGTERM (systemctl stop, a shutdown) ends the kiosk cleanly.

    Without a handler Python dies at once: nothing in the log, and the speech process's
    temporary folder left behind. Qt's event loop does not run Python code by itself, so the
    signal also wakes it through a socket (``signal.set_wakeup_fd``).
    """
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    if sys.platform == "win32":  # no SIGTERM from a service manager there
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: reader.recv(256))  # Python runs the handler here
    _SIGNAL_WAKERS.extend((reader, writer, notifier))

    def ended(signum: int, _frame: object) -> None:
        log.info("Stopping: %s received", signal.Signals(signum).name)
        window.read_aloud.shutdown()
        app.exit(0)  # quit() would ask the window to close, which the kiosk refuses

    signal.signal(signal.SIGTERM, ended)


def run_guarded(app, window, windowed: bool):
    """Show the kiosk with crash survival, Qt's messages in the log and systemd's watchdog.

    Returns the watchdog (the live status goes to systemd through it).
    """

    from viewer import logs
    from viewer.services.watchdog import Watchdog

    logs.CrashGuard(window.kiosk.recover, lambda: app.exit(70)).install()
    watchdog = Watchdog.from_environment(app)
    app.aboutToQuit.connect(watchdog.stopping)
    watchdog.healthy = window.kiosk.lockdown.healthy
    window.show_kiosk(windowed=windowed)
    return watchdog  # the caller says READY=1 once the first frame is up
