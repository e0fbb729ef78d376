"""Units of measure the indicators use, and the conversions between them.

An explicit table rather than the `pint` library, on purpose:
- the units met here are few and mostly Vietnamese as officers write them ("nghìn ha", "triệu cây",
  "tấn CO2tđ", "tCO2/MWh"); pint knows none of the counted things (trees, facilities) nor CO2
  equivalence, so it would need a custom definition file anyway — and that file would be this table;
- every factor below is exact and reviewable in one screen; an unknown spelling is refused with
  its name rather than guessed by a parser;
- no new dependency to pin, audit and update.

Each unit belongs to a dimension and has a factor to that dimension's base unit. Two units convert
when they share a dimension. Spellings are compared folded (case, diacritics, spaces, "²"/"2",
"CO2tđ"/"CO2e"/"CO2eq" ignored), so "km²", "km2" and "Km 2" are one unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from xanh.core.errors import ServiceError
from xanh.core.text import strip_diacritics

# dimension -> {spelling: factor to the first (base) spelling}
_TABLE: dict[str, dict[str, str]] = {
    "area": {"ha": "1", "hecta": "1", "héc-ta": "1", "nghìn ha": "1000", "ngàn ha": "1000", "km²": "100",
             "m²": "0.0001"},
    "ghg": {"tCO2e": "1", "tấn CO2e": "1", "kgCO2e": "0.001", "ktCO2e": "1000", "nghìn tấn CO2e": "1000",
            "MtCO2e": "1000000", "triệu tấn CO2e": "1000000"},
    "co2": {"tCO2": "1", "tấn CO2": "1", "ktCO2": "1000", "nghìn tấn CO2": "1000", "MtCO2": "1000000",
            "triệu tấn CO2": "1000000"},
    "grid_factor": {"tCO2/MWh": "1", "kgCO2/kWh": "1", "gCO2/kWh": "0.001"},
    "ghg_intensity": {"tCO2e/tỷ đồng": "1", "kgCO2e/triệu đồng": "1"},
    "energy": {"MWh": "1", "kWh": "0.001", "GWh": "1000", "TWh": "1000000"},
    "energy_toe": {"TOE": "1", "tấn dầu quy đổi": "1", "kTOE": "1000", "nghìn TOE": "1000", "MTOE": "1000000",
                   "triệu TOE": "1000000"},
    "energy_intensity": {"kgOE/triệu đồng": "1", "TOE/tỷ đồng": "1"},
    "share": {"%": "1", "phần trăm": "1", "percent": "1"},
    "trees": {"cây": "1", "nghìn cây": "1000", "triệu cây": "1000000"},
    "money": {"đồng": "1", "VND": "1", "nghìn đồng": "1000", "triệu đồng": "1000000", "tỷ đồng": "1000000000"},
    "mass": {"tấn": "1", "t": "1", "kg": "0.001", "nghìn tấn": "1000"},
}

_CO2 = re.compile(r"co2(tđ|td|eq|e)")


def normalize(unit: str | None) -> str:
    """The comparable form of a unit's spelling."""
    text = (unit or "").strip().replace("²", "2").replace("₂", "2")
    text = _CO2.sub("co2e", text.lower())
    text = strip_diacritics(text).lower()
    return re.sub(r"[\s\-]+", "", text)


_INDEX: dict[str, tuple[str, Decimal]] = {
    normalize(spelling): (dimension, Decimal(factor))
    for dimension, spellings in _TABLE.items() for spelling, factor in spellings.items()
}


def known(unit: str) -> bool:
    return normalize(unit) in _INDEX


def same(a: str | None, b: str | None) -> bool:
    return normalize(a) == normalize(b)


def factor(from_unit: str, to_unit: str) -> Decimal:
    """What one `from_unit` is in `to_unit`; ServiceError naming the unit when they do not convert."""
    if same(from_unit, to_unit):
        return Decimal(1)
    source, target = _INDEX.get(normalize(from_unit)), _INDEX.get(normalize(to_unit))
    if source is None:
        raise ServiceError(_("Unknown unit “%(unit)s”: give the value in %(expected)s.") % {
            "unit": from_unit, "expected": to_unit}, field="unit")
    if target is None or source[0] != target[0]:
        raise ServiceError(_("The unit “%(unit)s” cannot be converted to %(expected)s, the unit of this "
                             "indicator.") % {"unit": from_unit, "expected": to_unit}, field="unit")
    return source[1] / target[1]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    return Decimal(value) * factor(from_unit, to_unit)


def compatible_units(unit: str) -> list[str]:
    """The spellings that convert to `unit` (for help texts and error messages)."""
    entry = _INDEX.get(normalize(unit))
    if entry is None:
        return [unit]
    return list(_TABLE[entry[0]])


def vi_decimal(value) -> str:
    """A stored value as Vietnamese write it, without trailing zeros: 647737.350000 → "647.737,35"."""
    number = Decimal(value)
    text = f"{abs(number):f}"
    whole, _sep, frac = text.partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if number < 0 else "") + grouped + ("," + frac if frac else "")
