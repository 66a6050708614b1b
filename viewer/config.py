"""Kiosk settings: declared once with typed defaults, read from one TOML file.

The file path is always passed in (never read at import time). A bad value never stops the
kiosk: it is reported with the key, the value and what is allowed, and the default is used.
"""

from __future__ import annotations

import dataclasses
import getpass
import logging
import os
import re
import stat
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from viewer import paths
from viewer.core.atomic import write_atomically
from viewer.i18n import N_, base_language, shipped_languages

log = logging.getLogger(__name__)

FONT_STEPS: tuple[int, ...] = (100, 125, 150, 175, 200, 225, 250)
"""Text sizes in percent of the base size; A- / A+ move one step."""

THEMES: tuple[str, ...] = ("standard", "high-contrast")
PAPER_SIZES: tuple[str, ...] = ("letter", "a4")
MIN_IDLE_SECONDS = 30
# The default contact lines' labels, for the catalogue: the screens show a "Label: number"
# line with its label translated when the catalogue has it (viewer/ui/home.py).
PHONE_LABELS = (N_("Main number"), N_("Emergency Department"), N_("Patient billing"))
_LABEL_NUMBER = re.compile(r"^[^:]*\w[^:]*:\s*\+?[\d(][\d\s().-]*\d\s*(?:(?:ext\.?|x)\s*\d+)?$")


def _opt(default: Any, help: str, **rules: Any) -> Any:
    """A setting with its default, a description and validation rules."""
    kwargs: dict[str, Any] = {"metadata": {"help": help, **rules}}
    if isinstance(default, list | dict):
        kwargs["default_factory"] = lambda: type(default)(default)
    else:
        kwargs["default"] = default
    return field(**kwargs)


@dataclass(frozen=True)
class ContentSettings:
    """Where the articles come from."""

    folder: str = _opt("", "Content folder; empty means the articles bundled with the kiosk.")
    reading_grade_target: float = _opt(
        7.0, "Highest Flesch-Kincaid grade before --check-content warns.", min=1, max=16
    )
    check_interval: int = _opt(
        60,
        "Seconds between checks of the content folder for a new version (changes seen by "
        "the file watcher are checked sooner).",
        min=10,
        max=86400,
    )


@dataclass(frozen=True)
class KioskSettings:
    """Unattended-kiosk behaviour."""

    idle_timeout: int = _opt(
        90, "Seconds without a touch before the idle warning.", min=MIN_IDLE_SECONDS, max=3600
    )
    idle_warning: int = _opt(
        15, "Seconds the 'Are you still reading?' notice counts down.", min=5, max=120
    )
    hide_cursor: bool = _opt(True, "Hide the mouse pointer (touch screens).")
    staff_pin_hash: str = _opt("", "scrypt hash of the staff PIN, written by 'kiosk --set-pin'.")


@dataclass(frozen=True)
class BrandingSettings:
    """The hospital shown on the home screen and on handouts."""

    hospital_name: str = _opt("St. Luke's Hospital", "Hospital name.", nonempty=True)
    location: str = _opt("Chesterfield, MO", "Town or address line under the name.")
    phones: list[str] = _opt(
        [
            "Main number: 314-434-1500",
            "Emergency Department: 314-205-6990",
            "Patient billing: 888-924-9200",
        ],
        "Contact numbers on page 1 of every handout, in order, each 'Label: number'.",
        label_number=True,
    )
    phone_labels: dict[str, dict[str, str]] = _opt(
        {},
        "The phones' labels on handouts in other languages, per language: "
        '[branding.phone_labels.es] "Main number" = "Teléfono principal". A label not '
        "listed is printed as the kiosk translates it (the default labels), else as written.",
        per_language=True,
    )
    logo: str = _opt("", "Logo image file; empty means the bundled logo.")


@dataclass(frozen=True)
class DisplaySettings:
    """How text looks."""

    font_step: int = _opt(0, "Starting text size step (0 = 100%).", min=0, max=len(FONT_STEPS) - 1)
    theme: str = _opt("standard", "Colour theme.", choices=THEMES)


@dataclass(frozen=True)
class SpeechSettings:
    """Read aloud."""

    enabled: bool = _opt(True, "Offer Read aloud.")
    rate: float = _opt(1.0, "Starting speed (0.5 to 2.0).", min=0.5, max=2.0)
    highlight: bool = _opt(True, "Highlight the sentence being spoken.")
    voices: dict[str, str] = _opt({}, "Voice per language, e.g. {en = 'gmw/en-us'}.")
    player: str = _opt(
        "",
        "Audio player command, {file} is the WAV file, e.g. "
        "'paplay {file}'; empty means 'aplay -q {file}' (winsound on Windows).",
        placeholder="{file}",
    )
    engine_timeout: float = _opt(
        5.0,
        "Seconds the speech engine may take to answer before "
        "it is treated as hung and restarted later (start-up gets "
        "three times as long).",
        min=1,
        max=60,
    )


@dataclass(frozen=True)
class PrintingSettings:
    """Handouts."""

    enabled: bool = _opt(True, "Offer Print.")
    printer: str = _opt("", "Printer name; empty means the system's default printer.")
    printer_label: str = _opt(N_("the front-desk printer"), "How the printer is named to patients.")
    paper: str = _opt("letter", "Paper size.", choices=PAPER_SIZES)
    page_limit: int = _opt(
        20, "Pages one visitor may print before the kiosk resets.", min=1, max=500
    )
    collect_message: str = _opt(
        N_("Printed: please collect it at the front desk."), "Shown after a successful print."
    )
    failure_message: str = _opt(
        N_("The printer is not working. Please ask at the front desk."),
        "Shown when a print cannot be made (details go to the log).",
        nonempty=True,
    )
    large_print_from: int = _opt(
        175,
        "Screen text size (percent) from which handouts are printed in large print.",
        choices=FONT_STEPS,
    )
    confirm_seconds: int = _opt(
        45,
        "Seconds to wait for the printer to take a job before "
        "telling the patient it failed (the job is then cancelled).",
        min=5,
        max=600,
    )


@dataclass(frozen=True)
class LanguageSettings:
    """The languages patients may choose for the screens (docs/translating.md)."""

    offered: list[str] = _opt(
        ["en", "es"],
        "Languages offered on the screens, each with a button named in itself; each needs a "
        "catalogue in viewer/locale.",
        languages=True,
    )
    default: str = _opt(
        "en",
        "The language the kiosk starts in and goes back to for each new visitor.",
        languages=True,
    )


@dataclass(frozen=True)
class MonitoringSettings:
    """Live status and anonymous usage counts for IT."""

    metrics_file: str = _opt(
        "",
        "Prometheus textfile written every interval, e.g. "
        "'/var/lib/prometheus/node-exporter/patient-kiosk.prom'; empty means none.",
    )
    interval: int = _opt(
        60,
        "Seconds between status updates, metrics file writes and saving the usage counts.",
        min=5,
        max=3600,
    )
    usage_counts: bool = _opt(True, "Keep anonymous usage counts per day (kiosk --usage).")


@dataclass(frozen=True)
class Config:
    """All settings, plus where they came from and what was wrong with them."""

    content: ContentSettings = field(default_factory=ContentSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    branding: BrandingSettings = field(default_factory=BrandingSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    monitoring: MonitoringSettings = field(default_factory=MonitoringSettings)
    languages: LanguageSettings = field(default_factory=LanguageSettings)
    source: Path | None = None
    problems: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    origins: dict[str, Path] = field(default_factory=dict, compare=False)

    def replace(self, **changes: Any) -> Config:
        """Return a copy with whole sections replaced."""
        return dataclasses.replace(self, **changes)

    def value(self, key: str) -> Any:
        """A setting by its key, e.g. ``value("printing.printer")``."""
        section, name = key.split(".", 1)
        return getattr(getattr(self, section), name)

    def resolve_path(self, key: str, text: str) -> Path:
        """A path setting: ``~`` expanded; relative to the folder of the file that set it."""
        path = Path(text).expanduser()
        origin = self.origins.get(key, self.source)
        if not path.is_absolute() and origin is not None:
            path = origin.parent / path
        return path

    def logo_path(self) -> Path:
        """The configured logo (relative to the configuration file) or the bundled one."""
        if not self.branding.logo:
            return paths.asset("logo.png")
        return self.resolve_path("branding.logo", self.branding.logo)


def content_folder(cfg: Config, override: Path | None = None) -> Path:
    """The content folder the kiosk uses: ``override`` (--content), then ``$KIOSK_CONTENT``,
    then ``content.folder`` (relative to the configuration file that set it), then the
    bundled articles."""
    origin = cfg.origins.get("content.folder", cfg.source)
    return paths.content_dir(override, cfg.content.folder, origin)


_SECTIONS = {
    f.name: f.type
    for f in fields(Config)
    if f.name not in ("source", "problems", "files", "origins")
}


def _section_class(name: str) -> type:
    return {
        "content": ContentSettings,
        "kiosk": KioskSettings,
        "branding": BrandingSettings,
        "display": DisplaySettings,
        "speech": SpeechSettings,
        "printing": PrintingSettings,
        "monitoring": MonitoringSettings,
        "languages": LanguageSettings,
    }[name]


def _check(section: str, f: dataclasses.Field, value: Any) -> tuple[Any, str | None]:
    """Validate one value; return (value to use, problem or None)."""
    key = f"{section}.{f.name}"
    rules = f.metadata
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    kind = type(default)

    def bad(allowed: str) -> tuple[Any, str]:
        return default, f"{key} = {value!r} is not allowed: {allowed}. Using {default!r}."

    if kind is bool:
        if not isinstance(value, bool):
            return bad("use true or false")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return bad("use a whole number")
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return bad("use a number")
        value = float(value)
    elif kind is str:
        if not isinstance(value, str):
            return bad("use text in quotes")
    elif kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return bad('use a list of texts, e.g. ["Main: 555-0100"]')
    elif kind is dict and rules.get("per_language"):
        if not isinstance(value, dict) or not all(
            isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
            for table in value.values()
        ):
            return bad('use a table per language, e.g. es = {"Main number" = "Teléfono principal"}')
    elif kind is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return bad('use a table of texts, e.g. {en = "gmw/en-us"}')
    if "choices" in rules and value not in rules["choices"]:
        return bad("one of " + ", ".join(repr(c) for c in rules["choices"]))
    lo, hi = rules.get("min"), rules.get("max")
    if lo is not None and hi is not None and not lo <= value <= hi:
        return bad(f"from {lo} to {hi}")
    if rules.get("label_number") and not all(_LABEL_NUMBER.match(v) for v in value):
        return bad('write each as "Label: number", e.g. "Main number: 555-0100"')
    if rules.get("languages"):
        codes = value if isinstance(value, list) else [value]
        unknown = [
            c for c in codes if base_language(c) not in shipped_languages() or c != base_language(c)
        ]
        if unknown or not codes:
            return bad(
                f"{', '.join(repr(c) for c in unknown) or 'an empty list'} is not a language the "
                f"kiosk has screens for (it has: {', '.join(shipped_languages())}; a new "
                "language needs a catalogue, see docs/translating.md)"
            )
    if rules.get("nonempty") and not str(value).strip():
        return bad("it must not be empty")
    if rules.get("placeholder") and value.strip() and rules["placeholder"] not in value:
        return bad(f"it must contain {rules['placeholder']} where the file name goes")
    return value, None


def _validate(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Check parsed TOML: the values set in it, per section, and every problem found."""
    problems: list[str] = []
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    for name in data:
        if name not in _SECTIONS:
            problems.append(
                f"[{name}] is not a known section (known: {', '.join(_SECTIONS)}); ignored."
            )
    for name in _SECTIONS:
        cls = _section_class(name)
        raw = data.get(name, {})
        if not isinstance(raw, dict):
            problems.append(f"{name} must be a [{name}] table, not {raw!r}; using defaults.")
            raw = {}
        known = {f.name: f for f in fields(cls)}
        for key, value in raw.items():
            if key not in known:
                problems.append(
                    f"{name}.{key} is not a known setting (known: {', '.join(known)}); ignored."
                )
                continue
            value, problem = _check(name, known[key], value)
            if problem:
                problems.append(problem)
            values[name][key] = value
    return values, problems


def _check_language_choice(values: dict[str, dict[str, Any]]) -> list[str]:
    """The default language must be one of the offered ones (checked once the files are
    merged); otherwise the first offered language is the default."""
    chosen = values["languages"]
    offered = chosen.get("offered", LanguageSettings().offered)
    default = chosen.get("default", LanguageSettings().default)
    if default in offered:
        return []
    chosen["default"] = offered[0]
    return [
        f"languages.default = {default!r} is not one of languages.offered "
        f"({', '.join(offered)}). Using {offered[0]!r}."
    ]


def from_dict(data: dict[str, Any], source: Path | None = None) -> Config:
    """Build a Config from parsed TOML, collecting every problem instead of failing."""
    values, problems = _validate(data)
    problems += _check_language_choice(values)
    for p in problems:
        log.warning("Configuration%s: %s", f" {source}" if source else "", p)
    origins = {f"{s}.{k}": source for s, kv in values.items() for k in kv} if source else {}
    return Config(
        **{name: _section_class(name)(**kv) for name, kv in values.items()},
        source=source,
        files=(source,) if source else (),
        origins=origins,
        problems=tuple(problems),
    )


MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """Parsed TOML of one file, or None and the problem.

    Only a regular file is read: a FIFO, a device or a folder is refused at once (reading a
    FIFO would wait for a writer for ever and hang start-up).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None, f"{path}: is not a regular file (a folder, pipe or device)"
        if info.st_size > MAX_CONFIG_BYTES:
            os.close(fd)
            return None, f"{path}: is {info.st_size} bytes, too big for a configuration"
        with os.fdopen(fd, "rb") as f:
            text = f.read().decode("utf-8")
        return tomllib.loads(text), None
    except FileNotFoundError:
        return None, f"{path}: file not found"
    except PermissionError:
        return None, (
            f"{path}: permission denied (the kiosk's user {_user()} may not read it, "
            "or may not open its folder)"
        )
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path}: cannot be read ({exc})"
    except tomllib.TOMLDecodeError as exc:
        return None, f"{path}: not valid TOML ({exc})"


def _user() -> str:
    """The name of the user the kiosk runs as (its number where it has no name)."""
    try:
        import pwd  # Unix; the environment's USER may name someone else (su, setpriv)

        return pwd.getpwuid(os.geteuid()).pw_name
    except ImportError:
        return getpass.getuser()
    except KeyError:
        return str(os.geteuid())


def load(path: Path | None) -> Config:
    """Read the configuration file at ``path``; None means built-in defaults.

    A missing or unreadable file, or one that is not valid TOML, is reported as a problem and
    the defaults are used.
    """
    if path is None:
        return Config()
    data, problem = _read(path)
    if data is None:
        return _fallback(path, f"{problem}; using the built-in defaults.")
    return from_dict(data, source=Path(path))


def load_layers(files: Sequence[Path]) -> Config:
    """Read several configuration files; a setting in a later file overrides an earlier one.

    Each file is checked on its own (its problems name it); a file that cannot be read or
    parsed is reported and skipped, the others still apply. ``origins`` records which file
    set each value, ``source`` is the last file given (where relative paths in it start).
    """
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    origins: dict[str, Path] = {}
    problems: list[str] = []
    for path in files:
        data, problem = _read(path)
        if data is None:
            problems.append(f"{problem}; its settings are not used.")
            continue
        found, file_problems = _validate(data)
        problems += [f"{path}: {p}" for p in file_problems]
        for section, kv in found.items():
            values[section].update(kv)
            origins.update({f"{section}.{key}": Path(path) for key in kv})
    problems += _check_language_choice(values)
    for p in problems:
        log.warning("Configuration: %s", p)
    return Config(
        **{name: _section_class(name)(**kv) for name, kv in values.items()},
        source=Path(files[-1]) if files else None,
        files=tuple(Path(f) for f in files),
        origins=origins,
        problems=tuple(problems),
    )


def load_for(cli: Path | None) -> Config:
    """The kiosk's configuration: site file, site drop-ins, per-user file, then ``cli``."""
    from viewer import paths

    return load_layers(paths.config_files(cli))


def _fallback(path: Path, problem: str) -> Config:
    log.warning("Configuration: %s", problem)
    return Config(source=Path(path), files=(Path(path),), problems=(problem,))


def settings() -> list[tuple[str, Any]]:
    """Every setting's key ('section.name') and default, in the order of :func:`describe`."""
    out = []
    for name in _SECTIONS:
        for f in fields(_section_class(name)):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
            out.append((f"{name}.{f.name}", default))
    return out


def describe() -> str:
    """A commented sample configuration file listing every setting and its default."""
    lines = ["# Patient kiosk configuration. Every setting is optional.", ""]
    for name in _SECTIONS:
        cls = _section_class(name)
        lines.append(f"[{name}]")
        for f in fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
            lines.append(f"# {f.metadata['help']}")
            lines.append(f"# {f.name} = {toml_value(default)}")
        lines.append("")
    return "\n".join(lines)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def set_value(path: Path, section: str, key: str, value: str) -> None:
    """Write one setting into the TOML file at ``path``, keeping everything else as it is.

    Comments, order and the other settings stay (tomlkit); the file is created when missing
    and replaced in one step, so a failure never leaves half a file. Raises ValueError with a
    clear message when the existing file is not valid TOML or ``[section]`` is not a table.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ValueError(
            f"{path} is not valid TOML ({exc}); fix it first, nothing was changed."
        ) from None
    table = document.get(section)
    if table is None:
        table = tomlkit.table()
        document[section] = table
    elif not isinstance(table, dict):
        raise ValueError(f"{path}: {section} is not a [{section}] table; nothing was changed.")
    table[key] = value
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    write_atomically(path, tomlkit.dumps(document), mode)
