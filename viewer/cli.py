"""The command line: ``kiosk [options]`` and the commands that run instead of the kiosk.

Each command lives in its own module and is imported only when it is asked for; none of them
imports :mod:`viewer.app` (the kiosk's window start-up). The speech process of a frozen build
(``kiosk --speech-worker``) is handed on before anything else is imported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from viewer import paths

if TYPE_CHECKING:
    import argparse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    import argparse  # not in the speech process, which main() hands on before this

    parser = argparse.ArgumentParser(
        prog="kiosk", description="Patient-education kiosk: read, listen, print."
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"configuration file applied last, after {paths.site_config_dir()}/config.toml, "
        f"its config.d/*.toml and ${paths.CONFIG_ENV} or "
        f"{paths.user_config_dir() / 'config.toml'}",
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
        "--source",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="FILE",
        help="with --check-content: licensed source texts; warn about every run of "
        "--min-words words an article shares with one of them",
    )
    parser.add_argument(
        "--min-words",
        type=int,
        default=8,
        metavar="N",
        help="with --source: the shortest shared run of words to report (default 8)",
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
        "input) and stores only its salted hash, readable by its owner only, in "
        "config.d/90-staff-pin.toml of the site configuration folder (or in --config FILE)",
    )
    parser.add_argument(
        "--pin-owner",
        metavar="USER",
        help="with --set-pin run as root: the user the kiosk runs as, who gets the file",
    )
    parser.add_argument(
        "--hash-pin",
        action="store_true",
        help="print the salted hash of a PIN (asked twice, or read from standard input) "
        "for configuration management to put in a drop-in as kiosk.staff_pin_hash",
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
        help="report for IT: version, Qt, screen, font, configuration files and which "
        "file set each value, content and its version, speech, printers, log file, the "
        "running kiosk's status, usage; exit 1 if something needed is missing",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="with --diagnose: the report as one JSON object (docs/deploy.md has the schema)",
    )
    parser.add_argument(
        "--usage",
        action="store_true",
        help="print the anonymous daily usage counts (counts under 5 show as <5)",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="with --usage: from this day on (YYYY-MM-DD)"
    )
    parser.add_argument("--csv", action="store_true", help="with --usage: CSV instead of a table")
    parser.add_argument(
        "--pack-content",
        type=Path,
        metavar="DIR",
        help="check a content folder and write its manifest (version and each file's "
        "checksum) so kiosks can tell a complete update from a half-copied one",
    )
    parser.add_argument(
        "--content-version",
        metavar="VERSION",
        help="with --pack-content: the version to write (default: today's date and a "
        "serial number, e.g. 2026-12-01.1)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk or one of its commands; return the exit status."""
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["--speech-worker"]:  # the speech process of a frozen build: no Qt
        from viewer.services import speech_child

        return speech_child.run(words[1:])
    if sys.stdout is None or sys.stderr is None:  # the windowed Windows build
        from viewer import console

        console.ensure_streams(words)
    args = parse_args(argv)
    if args.version:
        from viewer import config, version

        folder = config.content_folder(config.load_for(args.config), args.content)
        sys.stdout.write(version.describe(folder))
        return 0
    if args.sample_config:
        from viewer import config

        sys.stdout.write(config.describe() + "\n")
        return 0
    if args.check_content is not None:
        from viewer import check_content

        return check_content.main(args)
    if args.export_pdf is not None or args.article or args.large_print:
        from viewer import handout_cli

        return handout_cli.main(args)
    if args.set_pin or args.hash_pin:
        from viewer import setpin

        return setpin.main(args) if args.set_pin else setpin.print_hash()
    if args.usage:
        from viewer import usage_cli

        return usage_cli.main(args)
    if args.pack_content is not None:
        from viewer import content_cli

        return content_cli.main(args)
    if args.self_test:
        from viewer import selftest

        return selftest.main(args)
    if args.diagnose:
        from viewer import diagnose

        return diagnose.main(args)
    from viewer import app

    return app.run(args)
