"""The third-party notices of a build, from what is really bundled.

``kiosk.spec`` calls :func:`write_notices` with every file PyInstaller is about to bundle. Each
file is traced to where it came from:

- a Python distribution (found through the installed distributions' RECORD files): its name,
  version, licence from its metadata and the text of every licence file it ships;
- Python itself (the standard library, ``libpython``): Python's own LICENSE;
- a Debian package (a system library PyInstaller copied in): ``/usr/share/doc/PKG/copyright``;
- this project (``viewer/``, ``content/``, ``assets/``): our Apache-2.0 ``LICENSE``; the font
  has its own OFL file next to it.

A file whose origin has no licence text fails the build (:class:`MissingNotice`), so a new
dependency cannot be shipped without its notice. Run it by hand to see the result for the
current environment: ``python scripts/notices.py`` (lists the distributions it knows).
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENCE_DIR = ROOT / "deploy" / "licenses"
# Distributions whose wheels ship no licence file: the texts their metadata names.
LICENCE_TEXTS_FOR = {
    "pyside6-essentials": ("LGPL-3.0.txt", "GPL-3.0.txt"),
    "shiboken6": ("LGPL-3.0.txt", "GPL-3.0.txt"),
}
LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")
# PyInstaller's zip of Python's standard library, made in the build folder.
PYTHON_ARCHIVE = "base_library.zip"
# Licence files of this project's own bundled data, by the folder they cover.
OWN_DATA_LICENCES = {
    "assets/fonts": ("Atkinson Hyperlegible font", "OFL-1.1", "assets/fonts/LICENSE_FONT"),
}


class MissingNotice(RuntimeError):
    """A bundled file comes from something whose licence text cannot be found."""


@dataclass
class Component:
    """One thing the build bundles, with its licence."""

    name: str
    version: str
    licence: str
    texts: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    files: list[str] = field(default_factory=list)  # bundled files (for the report)

    @property
    def title(self) -> str:
        """The name and version."""
        return f"{self.name} {self.version}".strip()


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return name.lower().replace("_", "-").replace(".", "-")


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 100:
        return text
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers) or "see the licence text below"


def _licence_files(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """(name, text) of every licence file a distribution ships."""
    texts = []
    for entry in dist.files or []:
        name = Path(str(entry)).name
        parts = Path(str(entry)).parts
        in_dist_info = parts[0].endswith(".dist-info")
        if in_dist_info and ("licenses" in parts or name.upper().startswith(LICENCE_NAMES)):
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                texts.append((str(Path(*parts[1:])), path.read_text("utf-8", "replace")))
    for fallback in LICENCE_TEXTS_FOR.get(normalise(dist.metadata["Name"]), ()):
        texts.append((fallback, (LICENCE_DIR / fallback).read_text("utf-8")))
    return texts


def python_licence() -> Path:
    """Python's LICENSE file in the interpreter the build uses."""
    base = Path(sys.base_prefix)
    for candidate in (
        base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
        base / "LICENSE.txt",
        base / "share" / "doc" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "copyright",
    ):
        if candidate.is_file():
            return candidate
    raise MissingNotice(f"Python's LICENSE.txt is not under {base}")


def debian_package(path: Path) -> str | None:
    """The Debian package that installed ``path`` (None if dpkg does not know it)."""
    real = str(Path(path).resolve())
    candidates = [real, str(path)]
    if real.startswith("/usr/"):  # merged /usr: dpkg may know it as /lib/...
        candidates.append(real[len("/usr") :])
    for candidate in candidates:
        try:
            out = subprocess.run(
                ["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False
            )
        except OSError:
            return None
        if out.returncode == 0 and out.stdout:
            return out.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def debian_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
    )
    return out.stdout.strip() or "unknown"


class Tracer:
    """Finds where a bundled file came from."""

    def __init__(
        self,
        distributions: Iterable[metadata.Distribution] | None = None,
        find_package: Callable[[Path], str | None] = debian_package,
    ) -> None:
        self.owner: dict[str, metadata.Distribution] = {}
        for dist in distributions if distributions is not None else metadata.distributions():
            if normalise(dist.metadata["Name"] or "") == "patient-kiosk":
                continue
            for entry in dist.files or []:
                self.owner[os.path.normcase(str(Path(str(dist.locate_file(entry))).resolve()))] = (
                    dist
                )
        self.find_package = find_package
        self.components: dict[str, Component] = {}
        self.missing: list[str] = []

    def _component(self, key: str, make: Callable[[], Component]) -> Component:
        if key not in self.components:
            self.components[key] = make()
        return self.components[key]

    def add(self, dest: str, source: str | Path) -> None:
        """Trace one bundled file (``dest`` inside the bundle, ``source`` on this machine)."""
        if not source or not Path(source).is_file():
            return  # a namespace package or a generated entry: nothing copied from anywhere
        src = Path(source).resolve()
        key = os.path.normcase(str(src))
        dist = self.owner.get(key)
        if dist is not None:
            name = dist.metadata["Name"]
            comp = self._component(
                normalise(name),
                lambda: Component(name, dist.version, _licence_of(dist), _licence_files(dist)),
            )
        elif _inside(src, ROOT) and not Path(dest).name == PYTHON_ARCHIVE:
            comp = self._own(src)
        elif _inside(src, Path(sys.base_prefix).resolve()) or Path(dest).name == PYTHON_ARCHIVE:
            comp = self._component("python", self._python)
        else:
            package = self.find_package(src)
            if package is None:
                self.missing.append(f"{dest} (from {src}): no distribution or package owns it")
                return
            comp = self._component(f"deb:{package}", lambda: self._debian(package))
            if not comp.texts:
                self.missing.append(f"{dest} (from {src}): package {package} has no copyright")
                return
        comp.files.append(dest)

    def _own(self, src: Path) -> Component:
        rel = src.relative_to(ROOT).as_posix()
        for folder, (name, licence, text) in OWN_DATA_LICENCES.items():
            if rel.startswith(folder + "/"):
                path = ROOT / text
                comp = Component(name, "", licence, [(path.name, path.read_text("utf-8"))])
                return self._component(folder, lambda comp=comp: comp)
        return self._component("own", lambda: Component("patient-kiosk", "", "Apache-2.0"))

    def _python(self) -> Component:
        path = python_licence()
        version = ".".join(str(n) for n in sys.version_info[:3])
        return Component("Python", version, "PSF-2.0", [(path.name, path.read_text("utf-8"))])

    def _debian(self, package: str) -> Component:
        path = Path("/usr/share/doc") / package / "copyright"
        texts = [("copyright", path.read_text("utf-8", "replace"))] if path.is_file() else []
        return Component(
            f"{package} (Debian package)", debian_version(package), "see copyright", texts
        )

    def check(self) -> None:
        """Raise :class:`MissingNotice` listing every file without a licence text."""
        for comp in self.components.values():
            if comp.name != "patient-kiosk" and not comp.texts:
                self.missing.append(f"{comp.name} {comp.version}: no licence file found")
        if self.missing:
            raise MissingNotice(
                "bundled files without a licence notice (add the licence text or leave "
                "the file out):\n  " + "\n  ".join(self.missing)
            )


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def render(components: Iterable[Component], version: str) -> str:
    """The notices file's text."""
    comps = sorted(
        (c for c in components if c.name != "patient-kiosk"), key=lambda c: c.name.lower()
    )
    lines = [
        f"Patient-education kiosk {version}: third-party notices",
        "",
        "The kiosk's own code is licensed under the Apache License 2.0 (the file LICENSE).",
        "This build also contains the components below, each under its own licence.",
        "Qt, PySide6 and shiboken6 are used under the GNU LGPL 3.0: they are separate shared",
        "libraries in this folder and may be replaced by a compatible build of the same version.",
        "",
        "Summary:",
    ]
    for comp in comps:
        lines.append(f"  {comp.title}: {comp.licence}")
    for comp in comps:
        lines += ["", "=" * 78, comp.title, f"Licence: {comp.licence}"]
        lines.append("=" * 78)
        for name, text in comp.texts:
            lines += ["", f"--- {name} ---", "", text.rstrip()]
    return "\n".join(lines) + "\n"


def write_notices(
    files: Iterable[tuple[str, str | Path]], out: Path, version: str, tracer: Tracer | None = None
) -> list[Component]:
    """Trace ``files`` ((dest, source) pairs), write the notices to ``out``; return them.

    The PyInstaller bootloader inside the executable is always added (its GPL-2.0 licence
    with the exception for bundled programs). Raises :class:`MissingNotice`.
    """
    tracer = tracer or Tracer()
    for dest, source in files:
        tracer.add(dest, source)
    try:
        import PyInstaller

        tracer.add("kiosk (bootloader)", Path(PyInstaller.__file__).parent / "__init__.py")
    except ImportError:  # only when run outside a build
        pass
    tracer.check()
    out.write_text(render(tracer.components.values(), version), encoding="utf-8")
    return list(tracer.components.values())


if __name__ == "__main__":  # pragma: no cover - a look by hand
    for dist in sorted(metadata.distributions(), key=lambda d: normalise(d.metadata["Name"])):
        texts = _licence_files(dist)
        sys.stdout.write(f"{dist.metadata['Name']} {dist.version}: {_licence_of(dist)}, ")
        sys.stdout.write(f"{len(texts)} licence text(s)\n")
