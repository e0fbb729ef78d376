"""The observations template: one value per row (indicator, area, year), recorded through the services.

Rows are written in order of indicator, area and year, so that a year is compared with the year
before it even when the file lists them otherwise. A row equal to the current value (same kind, same
value once converted) is left alone, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, PermissionDenied, ServiceError
from xanh.core.text import fold
from xanh.indicators import units
from xanh.indicators.enums import FlagState
from xanh.indicators.importers import ImportOutcome, PercentValue, Sheet
from xanh.indicators.importers.cells import CellError, read_kind, read_number, read_text, read_year, read_yes_no
from xanh.indicators.models import Indicator, Observation
from xanh.indicators.services import record_observation
from xanh.organizations.models import Alias, Organization

FIELD_COLUMNS = {"value": "value", "unit": "unit", "year": "year", "kind": "kind", "confidence": "value"}


class Lookup:
    """Indicators by code (and framework) and areas by body code, name, short name or alias."""

    def __init__(self):
        self.indicators: dict[str, list[Indicator]] = {}
        for indicator in Indicator.objects.all():
            self.indicators.setdefault(indicator.code.lower(), []).append(indicator)
        self.codes = {o.code: o for o in Organization.objects.all()}
        self.names: dict[str, set] = {}
        for org in self.codes.values():
            for name in {org.name, org.short_name} - {""}:
                self.names.setdefault(fold(name), set()).add(org)
        for alias in Alias.objects.filter(organization__isnull=False).select_related("organization"):
            self.names.setdefault(fold(alias.name), set()).add(alias.organization)

    def indicator(self, code: str, framework: str) -> Indicator:
        found = self.indicators.get(code.lower(), [])
        if framework:
            found = [i for i in found if i.framework == framework.lower()]
        if not found:
            raise CellError(_("There is no indicator with code “%(code)s”%(framework)s: load it first with the "
                              "registry template.") % {"code": code,
                                                       "framework": f" ({framework})" if framework else ""})
        if len(found) > 1:
            raise CellError(_("Code “%(code)s” is used in several frameworks (%(frameworks)s): add the column "
                              "“Bộ chỉ tiêu”.") % {"code": code, "frameworks": ", ".join(i.framework for i in found)})
        return found[0]

    def area(self, text: str) -> Organization:
        if text in self.codes:
            return self.codes[text]
        found = self.names.get(fold(text), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise CellError(_("“%(name)s” names several bodies (%(codes)s): write the body's code.") % {
                "name": text, "codes": ", ".join(sorted(o.code for o in found))})
        raise CellError(_("“%(name)s” is neither the code nor the name of a body in the registry.") % {"name": text})


def _read_row(sheet: Sheet, row, lookup: Lookup, problems: list) -> dict | None:
    values, ok = {}, True
    readers = [
        ("indicator", lambda raw: lookup.indicator(read_text(raw) or _required(),
                                                   read_text(sheet.raw(row, "framework")))),
        ("area", lambda raw: lookup.area(read_text(raw) or _required())),
        ("year", read_year), ("value", read_number), ("unit", lambda raw: read_text(raw, 40)),
        ("kind", read_kind), ("source", read_text), ("replace", read_yes_no),
    ]
    for key, reader in readers:
        raw = sheet.raw(row, key)
        try:
            values[key] = reader(raw)
        except CellError as exc:
            problems.append(sheet.problem(exc.message, row, key))
            ok = False
        if key == "value":
            values["as_entered"] = read_text(raw)
    if ok and isinstance(sheet.raw(row, "value"), PercentValue) and not values["unit"]:
        values["unit"] = "%"   # the cell showed a percentage: its unit is per cent, whatever the column says
    return values if ok else None


def _required():
    raise CellError(_("A value is required here."))


def _unchanged(values: dict) -> bool:
    current = Observation.objects.filter(indicator=values["indicator"], area=values["area"], year=values["year"],
                                         superseded_by__isnull=True).first()
    if current is None or current.kind != values["kind"] or not current.released:
        return False   # a body's value waiting for acceptance is not the official figure: record the row
    try:
        value = units.convert(values["value"], values["unit"], values["indicator"].unit) if values["unit"] else (
            values["value"])
    except ServiceError:
        return False
    return current.value == value.quantize(current.value)


def import_observations(actor, sheet: Sheet) -> ImportOutcome:
    from xanh.indicators.importers import OBSERVATIONS

    lookup = Lookup()
    problems, rows, seen = [], [], {}
    for row in sheet.table.rows:
        values = _read_row(sheet, row, lookup, problems)
        if values is None:
            continue
        key = (values["indicator"].pk, values["area"].pk, values["year"])
        if key in seen:
            problems.append(sheet.problem(_("This indicator, area and year are already on row %(row)d.") % {
                "row": seen[key]}, row, "year"))
            continue
        seen[key] = row.line
        rows.append((row, values))
    if problems:
        raise InputError(problems)
    outcome = ImportOutcome(OBSERVATIONS)
    rows.sort(key=lambda item: (item[1]["indicator"].pk, item[1]["area"].pk, item[1]["year"]))
    with transaction.atomic():
        for row, values in rows:
            if _unchanged(values):
                outcome.unchanged.append(row.line)
                continue
            try:
                observation = record_observation(
                    actor, values["indicator"], values["area"], values["year"], values["value"], unit=values["unit"],
                    kind=values["kind"], source=values["source"], replace=values["replace"],
                    value_as_entered=values["as_entered"])
            except (ServiceError, PermissionDenied) as exc:
                problems.append(sheet.problem(getattr(exc, "message", str(exc)), row,
                                              FIELD_COLUMNS.get(getattr(exc, "field", None) or "", "value")))
                continue
            outcome.created.append(observation)
            if Observation.objects.filter(superseded_by=observation).exists():
                outcome.superseded.append(observation)
            if observation.flag == FlagState.FLAGGED:
                outcome.flagged.append(observation)
        if problems:
            raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column)))
    return outcome
