"""Start-up: command line, logging, configuration, the Qt application and the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from viewer import __version__, config, paths

log = logging.getLogger("viewer")

NO_DISPLAY_MESSAGE = (
    "kiosk: no display found. Run it on a desktop or kiosk session, under a virtual screen "
    "(xvfb-run kiosk), or without a screen with QT_QPA_PLATFORM=offscreen."
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Patient-education kiosk: read, listen, print."
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"configuration file (default: ${paths.CONFIG_ENV} or "
        f"{paths.user_config_dir() / 'config.toml'})",
    )
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="content folder (default: the configured or bundled articles)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="a normal window instead of full screen (staff desktops)",
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help="print the version, the commit, the build date and the content folder's version",
    )
    parser.add_argument(
        "--check-content",
        nargs="?",
        const="",
        type=str,
        metavar="DIR",
        help="check a content folder (default: the kiosk's) for errors and "
        "warnings, then exit (1 if there are errors)",
    )
    parser.add_argument(
        "--sample-config",
        action="store_true",
        help="print a configuration file with every setting and exit",
    )
    parser.add_argument(
        "--export-pdf",
        type=Path,
        metavar="OUT.pdf",
        help="write the handout of --article ID to OUT.pdf with no window, "
        "then exit (2 if the article or the path is wrong)",
    )
    parser.add_argument(
        "--article", metavar="ID", help="the article for --export-pdf: its file name without .md"
    )
    parser.add_argument(
        "--large-print",
        action="store_true",
        help="with --export-pdf: large print (18 pt) instead of 12 pt",
    )
    parser.add_argument(
        "--set-pin",
        action="store_true",
        help="set the staff PIN: asks for it twice (or reads it from standard "
        "input) and stores only its salted hash in the configuration file",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="without a screen, open every article and section at every text "
        "size, read a sentence aloud and write a handout; print one line, "
        "exit 1 if anything failed",
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="report for IT: version, Qt, screen, font, configuration, content, "
        "speech, printers, log file; exit 1 if something needed is missing",
    )
    return parser.parse_args(argv)


def content_folder(args: argparse.Namespace, cfg: config.Config) -> Path:
    """Content folder: --content, then $KIOSK_CONTENT, then the configuration, then bundled."""
    if args.content:
        return Path(args.content)
    if os.environ.get(paths.CONTENT_ENV):
        return Path(os.environ[paths.CONTENT_ENV])
    if cfg.content.folder:
        folder = Path(cfg.content.folder).expanduser()
        if not folder.is_absolute() and cfg.source is not None:
            folder = cfg.source.parent / folder
        return folder
    return paths.bundled_content_dir()


def display_available() -> bool:
    """False when Qt would try an X11 or Wayland display that is not there."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# Qt-free modules the window needs. Once PySide6 is loaded, its import hook (for
# ``from __feature__ import ...``) reads the source of every Python module imported after it;
# importing these first saves about 30 ms of CPU at start-up, some 10% of the imports.
QT_FREE_MODULES = (
    "markdown",
    "markdown.extensions.meta",
    "markdown.extensions.sane_lists",
    "logging.handlers",
    "multiprocessing.connection",
    "multiprocessing.context",
    "viewer.core.articles",
    "viewer.core.checks",
    "viewer.core.glossary",
    "viewer.core.reader",
    "viewer.core.render",
    "viewer.core.handout",
    "viewer.core.pin",
    "viewer.core.speech_text",
    "viewer.services.cups",
    "viewer.services.speech_worker",
    "shlex",
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
    from viewer import logs

    logs.setup_logging(paths.log_dir())
    logs.install_qt_messages()


def check_content(args: argparse.Namespace) -> int:
    """``--check-content``: every problem as file:line: severity: what to fix."""
    from viewer.core.articles import scan_folder
    from viewer.core.checks import check_folder, section_grades

    logging.basicConfig(level=logging.ERROR)
    cfg = config.load(args.config or paths.default_config_file())
    if args.check_content:
        args.content = Path(args.check_content)
    folder = content_folder(args, cfg)
    problems = check_folder(folder, cfg.content.reading_grade_target)
    out = sys.stdout
    for problem in problems:
        where = problem.path.name + (f":{problem.line}" if problem.line else "")
        out.write(f"{folder / where}: {problem.severity}: {problem.message}\n")
    library = scan_folder(folder)
    out.write(
        f"\nReading level (Flesch-Kincaid grade; target {cfg.content.reading_grade_target:g}"
        " or lower):\n"
    )
    for meta in library.articles:
        for g in section_grades(meta):
            out.write(f"  {meta.id}: {g.section}: grade {g.grade:.1f}, {g.words} words\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    out.write(
        f"\n{folder}: {len(library.articles)} article(s) usable, {errors} error(s), "
        f"{warnings} warning(s)\n"
    )
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk; return the exit status."""
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["--speech-worker"]:  # the speech process of a frozen build: no Qt
        from viewer.services import speech_child

        return speech_child.run(words[1:])
    args = parse_args(argv)
    if args.version:
        from viewer import version

        cfg = config.load(args.config or paths.default_config_file())
        sys.stdout.write(version.describe(content_folder(args, cfg)))
        return 0
    if args.sample_config:
        sys.stdout.write(config.describe() + "\n")
        return 0
    if args.check_content is not None:
        return check_content(args)
    if args.export_pdf is not None or args.article or args.large_print:
        from viewer import handout_cli

        return handout_cli.main(args, content_folder)
    if args.set_pin:
        from viewer import setpin

        return setpin.main(args)
    if args.self_test:
        from viewer import selftest

        return selftest.main(args)
    if args.diagnose:
        from viewer import diagnose

        return diagnose.main(args)
    import_qt_free_modules()
    setup_logging()
    cfg = config.load(args.config or paths.default_config_file())
    if not display_available():
        sys.stderr.write(NO_DISPLAY_MESSAGE + "\n")
        return 3

    from PySide6.QtWidgets import QApplication

    from viewer.ui.theme import load_fonts
    from viewer.ui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("patient-kiosk")
    app.setApplicationVersion(__version__)
    family = load_fonts()
    window = MainWindow(cfg, content_folder(args, cfg), family)
    from viewer.ui import bench_hook  # opt-in first-paint timing for `python -m bench`

    bench_hook.install(window)
    run_guarded(app, window, args.windowed)
    return app.exec() or window.kiosk.exit_code


def run_guarded(app, window, windowed: bool) -> None:
    """Show the kiosk with crash survival, Qt's messages in the log and systemd's watchdog."""
    from PySide6.QtCore import QTimer

    from viewer import logs
    from viewer.services.watchdog import Watchdog

    logs.CrashGuard(window.kiosk.recover, lambda: app.exit(70)).install()
    watchdog = Watchdog.from_environment(app)
    app.aboutToQuit.connect(watchdog.stopping)
    window.show_kiosk(windowed=windowed)
    QTimer.singleShot(0, watchdog.ready)  # once the home screen is up and the loop turns
