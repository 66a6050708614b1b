"""``kiosk --diagnose``: a plain-text report for IT about this kiosk and what it can find.

Version and build, Qt and its platform, the screens, the font, the configuration file and its
problems, the content folder with each article's status, the speech engine and its voices,
the printers, and the log file. The last lines say whether anything needed is missing; the
exit status is then 1.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from viewer import __version__, config, paths, version
from viewer.config import FONT_STEPS, Config
from viewer.core.articles import open_article
from viewer.core.glossary import GLOSSARY_FILE, glossary_files, load_glossary
from viewer.core.library import scan_folder
from viewer.core.pin import PinGate

log = logging.getLogger(__name__)


@dataclass
class Report:
    """Lines of the report and the things that need fixing."""

    lines: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def heading(self, title: str) -> None:
        """Start a part of the report."""
        self.lines += ["", title]

    def item(self, label: str, value: object) -> None:
        """One 'label: value' line."""
        self.lines.append(f"  {label + ':':<18}{value}")

    def need(self, problem: str) -> None:
        """Something needed is missing or wrong; it is listed again at the end."""
        self.missing.append(problem)
        self.lines.append(f"  PROBLEM: {problem}")

    def text(self) -> str:
        """The whole report."""
        end = [
            "",
            "Result: everything needed is there."
            if not self.missing
            else f"Result: {len(self.missing)} problem(s) to fix:",
        ]
        end += [f"  - {m}" for m in self.missing]
        return "\n".join(self.lines + end) + "\n"


@contextlib.contextmanager
def report_stream(name: str) -> Iterator[TextIO]:
    """Standard output, or, in a windowed Windows build that has none, a file in the log
    folder (``<name>.txt``) that IT can open."""
    if sys.stdout is not None:
        yield sys.stdout
        return
    folder = paths.log_dir()  # pragma: no cover - Windows windowed build only
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.txt").open("w", encoding="utf-8") as out:
        yield out


def describe_program(r: Report) -> None:
    """Version, build and Python."""
    build = "one-folder build" if paths.is_frozen() else "from source"
    r.lines.append(
        f"Patient kiosk {__version__}: diagnosis of {platform.node() or 'this machine'}"
        f" at {dt.datetime.now().isoformat(timespec='seconds')}"
    )
    r.item("Program", f"{sys.executable} ({build})")
    info = version.build_info()
    r.item("Build", f"commit {info['commit']}, built {info['built']}")
    r.item("Bundled files", paths.bundle_root())
    r.item(
        "System", f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def describe_qt(r: Report, app) -> None:
    """Qt, the platform plugin, the screens and the font."""
    import PySide6
    from PySide6.QtCore import qVersion

    from viewer.ui.theme import FONT_FAMILY_FALLBACK, load_fonts

    r.heading("Display")
    r.item("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})")
    name = app.platformName()
    r.item("Platform", name)
    if name in ("offscreen", "minimal"):
        r.lines.append(
            "  (no display in this session: run as the kiosk's user with its "
            "DISPLAY, e.g. DISPLAY=:0, to see the kiosk's screen)"
        )
    for screen in app.screens():
        size = screen.size()
        primary = " (primary)" if screen == app.primaryScreen() else ""
        r.item(
            "Screen",
            f"{screen.name() or 'unnamed'}{primary}: {size.width()} x "
            f"{size.height()}, {screen.logicalDotsPerInch():.0f} dpi",
        )
    if not app.screens():
        r.need("Qt found no screen")
    family = load_fonts()
    r.item(
        "Font",
        f"{family} (from {paths.asset('fonts')})"
        if family != FONT_FAMILY_FALLBACK
        else f"{family} (fallback)",
    )
    if family == FONT_FAMILY_FALLBACK:
        r.need(f"the bundled font is missing from {paths.asset('fonts')}")


SECRET_SETTINGS = frozenset({"kiosk.staff_pin_hash"})


def setting_origins(cfg: Config) -> dict[str, dict[str, Any]]:
    """Every setting's value and the file that set it (None: the built-in default).

    Secrets (the PIN hash) are shown only as set or not set.
    """
    out: dict[str, dict[str, Any]] = {}
    for key, _default in config.settings():
        value = cfg.value(key)
        if key in SECRET_SETTINGS:
            value = "(set)" if value else "(not set)"
        origin = cfg.origins.get(key)
        out[key] = {"value": value, "from": str(origin) if origin else None}
    return out


def describe_config(r: Report, cfg: Config) -> None:
    """The configuration files in the order they apply, what each set, and their problems."""
    r.heading("Configuration")
    looked = (
        f"{paths.site_config_dir() / 'config.toml'}, "
        f"{paths.site_config_dir() / paths.DROP_IN_FOLDER}/*.toml, ${paths.CONFIG_ENV} or "
        f"{paths.user_config_dir() / 'config.toml'}, --config"
    )
    if not cfg.files:
        r.item("File", f"none: built-in defaults (looked for {looked})")
    for n, path in enumerate(cfg.files, 1):
        r.item("File" if n == 1 else "Then", path)
    if cfg.files:
        r.lines.append(f"  (later files override earlier ones; looked for {looked})")
    origins = setting_origins(cfg)
    for key, entry in origins.items():
        if entry["from"]:
            r.lines.append(
                f"    {key} = {config.toml_value(entry['value'])}   from {entry['from']}"
            )
    defaults = sum(1 for e in origins.values() if not e["from"])
    r.lines.append(f"    ({defaults} other settings: built-in defaults)")
    for problem in cfg.problems:
        r.need(f"configuration: {problem}")
    pct = FONT_STEPS[cfg.display.font_step]
    r.item(
        "Settings",
        f"theme {cfg.display.theme}, text starts at {pct}%, "
        f"read aloud {'on' if cfg.speech.enabled else 'off'}, "
        f"print {'on' if cfg.printing.enabled else 'off'}, "
        f"idle reset after {cfg.kiosk.idle_timeout} s",
    )
    gate = PinGate(cfg.kiosk.staff_pin_hash)
    r.item("Staff PIN", gate.describe())
    if gate.problem:
        r.need(f"the staff PIN cannot be used: {gate.problem}")
    r.data["config"] = {
        "files": [str(p) for p in cfg.files],
        "settings": origins,
        "problems": list(cfg.problems),
    }


def describe_content(r: Report, folder: Path, source: str) -> list[str]:
    """Each article's status; returns the languages of the usable articles."""
    r.heading("Content")
    r.item("Folder", f"{folder} ({source})")
    library = scan_folder(folder)
    for meta in library.all_articles():
        sections = len(open_article(meta).sections)
        reviewed = (
            f"reviewed {meta.reviewed_on.isoformat()}"
            if meta.reviewed and meta.reviewed_on
            else "DRAFT (not clinically reviewed)"
        )
        r.lines.append(
            f"  OK     {meta.path.name}: '{meta.title}', {sections} sections, "
            f"language {meta.language}, {reviewed}"
        )
    errors = [p for p in library.problems if p.severity == "error"]
    for problem in library.problems:
        r.lines.append(f"  {problem.severity.upper():<6} {problem}")
    if errors:
        r.need(
            f"{len(errors)} content problem(s) in {folder}: those articles are "
            "not shown (run kiosk --check-content for details)"
        )
    if not library.articles:
        r.need(f"no usable articles in {folder}")
    for language, path in glossary_files(folder).items():
        glossary = load_glossary(folder, language)
        label = "Glossary" if path.name == GLOSSARY_FILE else f"Glossary ({language})"
        r.item(label, f"{len(glossary.terms)} words")
        for text in glossary.problems:
            r.need(f"glossary: {text}")
    return sorted({m.language for m in library.all_articles()})


def describe_speech(r: Report, cfg: Config, languages: list[str]) -> None:
    """The speech engine, its voices and the voice each article language gets."""
    r.heading("Read aloud")
    if not cfg.speech.enabled:
        r.item("Speech", "off in the configuration")
        return
    from viewer.services.speech_worker import EngineUnavailable, Synthesiser, pick_voice

    try:
        synth = Synthesiser()
    except EngineUnavailable as exc:
        r.need(f"no speech engine: {exc}")
        return
    driver = getattr(getattr(synth.engine, "proxy", None), "_module", None)
    r.item(
        "Engine",
        f"pyttsx3 {getattr(driver, '__name__', '').rsplit('.', 1)[-1] or ''} "
        f"driver, {len(synth.voices)} voices",
    )
    for language in languages:
        voice = pick_voice(synth.voices, language, cfg.speech.voices)
        if voice is None:
            r.need(f"no installed voice speaks '{language}', used by some articles")
            continue
        r.item(f"Voice for {language}", voice)
        said = espeak_complaints(synth, voice)
        if said:
            r.need(
                f"the voice {voice} for '{language}' cannot speak: espeak-ng says "
                f'"{said[0]}" (its data is missing: Debian/Ubuntu package espeak-ng-data)'
            )
    player = cfg.speech.player or ("winsound" if sys.platform == "win32" else "aplay -q {file}")
    r.item("Audio player", player)
    program = player.split()[0]
    if program != "winsound":
        import shutil

        if shutil.which(program) is None:
            r.need(
                f"the audio player '{program}' is not installed (Debian package "
                "alsa-utils for aplay)"
            )


def espeak_complaints(synth: Any, voice: str) -> list[str]:
    """What espeak-ng writes to stderr while it says one word with ``voice`` (it reports a
    missing dictionary there and carries on with the wrong sounds)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as err:
        saved = os.dup(2)
        try:
            os.dup2(err.fileno(), 2)
            try:
                synth.to_wav("Test.", os.path.join(folder, "test.wav"), voice=voice)
            except Exception as exc:  # noqa: BLE001 - reported, not raised, in a diagnosis
                return [f"{type(exc).__name__}: {exc}"]
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return [line.strip() for line in text.splitlines() if line.strip()]


def describe_printing(r: Report, cfg: Config) -> None:
    """The printers Qt sees, the default one, and the state of the one the kiosk uses."""
    r.heading("Printing")
    if not cfg.printing.enabled:
        r.item("Printing", "off in the configuration")
        return
    from PySide6.QtPrintSupport import QPrinterInfo

    from viewer.services.qt_printing import cups_library

    library = cups_library()
    r.item("Sends jobs", f"to CUPS ({library})" if library else "through Qt's printer support")
    names = QPrinterInfo.availablePrinterNames()
    default = QPrinterInfo.defaultPrinterName()
    r.item("Printers", ", ".join(names) if names else "none")
    r.item("Default", default or "none")
    chosen = cfg.printing.printer or default
    r.item(
        "Kiosk prints on",
        f"{chosen or 'nothing'}{' (configured)' if cfg.printing.printer else ' (the default)'}",
    )
    if not chosen:
        r.need("no printer: set a default printer in CUPS or printing.printer in the configuration")
        return
    if chosen not in names:
        r.need(f"the printer '{chosen}' does not exist (printers: {', '.join(names) or 'none'})")
        return
    if sys.platform.startswith("linux"):
        from viewer.services.cups import Connection, PrinterProblem, usable_printer

        try:
            with Connection() as conn:
                state = usable_printer(conn, chosen)
        except PrinterProblem as exc:
            r.need(f"printer: {exc}")
            return
        r.item(
            "State", f"{state.state}, accepting jobs{', ' + state.message if state.message else ''}"
        )


def describe_log(r: Report) -> None:
    """Where the kiosk writes its log."""
    from viewer.logs import LOG_NAME

    r.heading("Log")
    path = paths.log_dir() / LOG_NAME
    if path.exists():
        stat = path.stat()
        when = dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")
        r.item("Log file", f"{path} ({stat.st_size // 1024} KB, last written {when})")
    else:
        r.item("Log file", f"{path} (not written yet)")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        r.need(f"the log folder {path.parent} cannot be written by this user")


def build_report(args: argparse.Namespace, cfg: Config) -> Report:
    """Every part of the report."""
    from PySide6.QtWidgets import QApplication

    if not paths.display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    r = Report()
    describe_program(r)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    describe_qt(r, app)
    describe_config(r, cfg)
    from viewer import fleet_report

    folder = config.content_folder(cfg, args.content)
    languages = describe_content(
        r, folder, paths.content_dir_origin(args.content, cfg.content.folder)
    )
    fleet_report.describe_content_version(r, folder)
    describe_speech(r, cfg, languages)
    describe_printing(r, cfg)
    describe_log(r)
    fleet_report.describe_live(r)
    fleet_report.describe_usage(r)
    return r


def main(args: argparse.Namespace) -> int:
    """``kiosk --diagnose``: print the report; 1 when anything needed is missing."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    cfg = config.load_for(args.config)
    report = build_report(args, cfg)
    with report_stream("diagnose") as out:
        if getattr(args, "json", False):
            from viewer.fleet_report import as_json

            out.write(as_json(report))
        else:
            out.write(report.text())
    return 1 if report.missing else 0
