"""What a Spanish sentence sounds like: abbreviations, units, numbers and symbols in words (no Qt).

espeak-ng's Spanish voices read numbers, "%" and "Dr." well, but spell out "mg", "cm" or
"p. ej." letter by letter, say "8 h" as "ocho hache", "1.º" as "uno punto o" and "1,000" as
"uno coma cero cero cero". :func:`spoken` writes those out as a reader would say them, for any
engine. Only the text given to the engine changes; the screen keeps the words as written.

Choices for US Latin-American readers: a comma followed by three digits ("1,000") groups
thousands, as in Mexico and the US; "2,5" and "2.5" are decimals and left to the engine.
"""

from __future__ import annotations

import re

# Written abbreviation (regular expression) -> what is said. Longest first where they overlap.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"p\.\s?ej\.", "por ejemplo"),
    (r"EE\.\s?UU\.", "Estados Unidos"),
    (r"a\.\s?m\.", "a eme"),
    (r"p\.\s?m\.", "pe eme"),
    (r"Srta\.", "señorita"),
    (r"Sres\.", "señores"),
    (r"Sras\.", "señoras"),
    (r"Sra\.", "señora"),
    (r"Sr\.", "señor"),
    (r"Dres\.", "doctores"),
    (r"Dras\.", "doctoras"),
    (r"Dra\.", "doctora"),
    (r"Dr\.", "doctor"),
    (r"Uds\.", "ustedes"),
    (r"Ud\.", "usted"),
    (r"Lic\.", "licenciado"),
    (r"caps\.", "capítulos"),
    (r"cap\.", "capítulo"),
    (r"págs\.", "páginas"),
    (r"pág\.", "página"),
    (r"(?:núm|nro)\.|n\.?\s?º", "número"),
    (r"etc\.", "etcétera"),
    (r"aprox\.", "aproximadamente"),
    (r"tel\.", "teléfono"),
    (r"máx\.", "máximo"),
    (r"mín\.", "mínimo"),
    (r"Avda?\.", "avenida"),
    (r"hosp\.", "hospital"),
)
_ABBREVIATION = re.compile(
    "|".join(f"(?<!\\w)(?P<a{i}>{pattern})" for i, (pattern, _) in enumerate(_ABBREVIATIONS)),
    re.IGNORECASE,
)

# Unit after a number -> (singular, plural, feminine). Longest first.
_UNITS: dict[str, tuple[str, str, bool]] = {
    "mmHg": ("milímetro de mercurio", "milímetros de mercurio", False),
    "mcg": ("microgramo", "microgramos", False),
    "µg": ("microgramo", "microgramos", False),
    "mg": ("miligramo", "miligramos", False),
    "kg": ("kilo", "kilos", False),
    "g": ("gramo", "gramos", False),
    "ml": ("mililitro", "mililitros", False),
    "mL": ("mililitro", "mililitros", False),
    "l": ("litro", "litros", False),
    "L": ("litro", "litros", False),
    "cm": ("centímetro", "centímetros", False),
    "mm": ("milímetro", "milímetros", False),
    "km": ("kilómetro", "kilómetros", False),
    "hrs": ("hora", "horas", True),
    "hr": ("hora", "horas", True),
    "h": ("hora", "horas", True),
    "min": ("minuto", "minutos", False),
    "seg": ("segundo", "segundos", False),
    "°C": ("grado centígrado", "grados centígrados", False),
    "ºC": ("grado centígrado", "grados centígrados", False),
    "°F": ("grado Fahrenheit", "grados Fahrenheit", False),
    "°": ("grado", "grados", False),
    "º": ("grado", "grados", False),  # "38º", typed with the ordinal sign
    "%": ("por ciento", "por ciento", False),
}
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = re.compile(
    rf"(?<![\w.,])({_NUMBER})\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w°º])"
)
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_ON_THE_HOUR = re.compile(r"(?<![\d:])(\d{1,2}):00(?!\d)")
_RANGE = re.compile(r"(?<![\d-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\d-])")  # not phone numbers
_FRACTIONS = {
    "1/2": "media",  # "media pastilla, tableta, cápsula, cucharada"
    "1/3": "un tercio",
    "1/4": "un cuarto",
    "3/4": "tres cuartos",
}
_FRACTION = re.compile(r"(?<![\d/])([13]/[234])(?![\d/])")
_BLOOD_PRESSURE = re.compile(r"(?<![\d/])(\d{2,3})/(\d{2,3})(?=\s?(?:mmHg|milímetros))")
_DOLLARS = re.compile(r"(?:US)?\$\s?(\d+(?:[.,]\d+)*)")
_ORDINALS = (
    "primer",
    "segund",
    "tercer",
    "cuart",
    "quint",
    "sext",
    "séptim",
    "octav",
    "noven",
    "décim",
)
_ORDINAL = re.compile(r"(?<![\d.])(10|[1-9])\.?([ºª]|er\b)")
_PER_DAY = re.compile(r"/\s?día\b")


def _number_with_unit(m: re.Match[str]) -> str:
    number, unit = m.group(1), m.group(2)
    singular, plural, feminine = _UNITS[unit]
    if unit == "%":
        return f"{number} {singular}"
    if number == "1":
        return f"{'una' if feminine else 'un'} {singular}"
    return f"{number} {plural}"


def _ordinal(m: re.Match[str]) -> str:
    """1.º primero, 1.ª primera, 1.er primer (1 to 10)."""
    stem, mark = _ORDINALS[int(m.group(1)) - 1], m.group(2)
    if mark == "er" and stem.endswith("er"):
        return stem
    return stem + ("a" if mark == "ª" else "o")


def _dollars(m: re.Match[str]) -> str:
    return f"{m.group(1)} {'dólar' if m.group(1) == '1' else 'dólares'}"


def spoken(text: str) -> str:
    """``text`` (one Spanish sentence) as it should be said by a speech engine."""

    def abbreviation(m: re.Match[str]) -> str:
        assert m.lastgroup is not None
        return _ABBREVIATIONS[int(m.lastgroup[1:])][1]

    ends_sentence = text.rstrip().endswith(".")
    text = _ABBREVIATION.sub(abbreviation, text)
    text = _DOLLARS.sub(_dollars, text)
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    text = _ON_THE_HOUR.sub(r"\1", text)
    text = _BLOOD_PRESSURE.sub(r"\1 sobre \2", text)
    text = _FRACTION.sub(lambda m: _FRACTIONS[m.group(1)], text)
    text = _ORDINAL.sub(_ordinal, text)
    text = _UNIT.sub(_number_with_unit, text)
    text = _PER_DAY.sub(" al día", text)
    text = _RANGE.sub(r"\1 a \2", text)
    text = " ".join(text.split())
    if ends_sentence and not text.endswith((".", "!", "?", "…")):
        text += "."
    return text
