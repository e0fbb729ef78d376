"""The registry template: one indicator per row, created or updated by framework (tt10 by default) and code.

Only the columns present in the file change an existing indicator; a blank optional cell leaves its
field as it is. The lead agency is kept as written and resolved to a body of the registry (carried
through successions) when the name matches one exactly; otherwise a notice says so.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, ServiceError
from xanh.indicators.enums import Framework
from xanh.indicators.importers import ImportOutcome, Sheet
from xanh.indicators.importers.cells import (
    CellError,
    read_direction,
    read_objective,
    read_periodicity,
    read_roadmap,
    read_text,
)
from xanh.indicators.models import Indicator
from xanh.indicators.services import LeadResolver, create_indicator, update_indicator, validate_indicator

LIMITS = {"code": 30, "national_code": 30, "unit": 40}


def _framework(raw) -> str:
    text = read_text(raw).lower()
    if not text:
        return Framework.NATIONAL_SET
    if text not in Framework.values:
        raise CellError(_("The framework is one of %(allowed)s; found “%(value)s”.") % {
            "allowed": ", ".join(Framework.values), "value": text})
    return text


def _read_row(sheet: Sheet, row, problems: list) -> dict | None:
    present = sheet.table.columns
    values, ok = {}, True
    readers = {
        "framework": _framework,
        "code": lambda raw: read_text(raw, LIMITS["code"]),
        "name": read_text, "name_en": read_text, "disaggregation": read_text, "source": read_text,
        "unit": lambda raw: read_text(raw, LIMITS["unit"]),
        "national_code": lambda raw: read_text(raw, LIMITS["national_code"]),
        "roadmap": read_roadmap, "lead": read_text,
        "periodicity": lambda raw: read_periodicity(raw, ""),
        "direction": lambda raw: read_direction(raw, ""),
    }
    for key, reader in readers.items():
        if key not in present and key != "framework":
            continue
        try:
            values[key] = reader(sheet.raw(row, key))
        except CellError as exc:
            problems.append(sheet.problem(exc.message, row, key))
            ok = False
    for key in ("code", "name", "unit"):
        if key in values and not values[key]:
            problems.append(sheet.problem(_("A value is required here."), row, key))
            ok = False
    try:
        values["objective"] = read_objective(sheet.raw(row, "objective") if "objective" in present else "",
                                             (values.get("code") or "")
                                             if values.get("framework") == Framework.NATIONAL_SET else "")
    except CellError as exc:
        problems.append(sheet.problem(exc.message, row, "objective"))
        ok = False
    return values if ok else None


def _changes(indicator: Indicator | None, values: dict, leads: LeadResolver) -> dict:
    """The fields to write: every given value for a new indicator; only what differs for an existing one."""
    fields = {k: v for k, v in values.items() if k not in ("lead", "framework", "code")}
    for key, value in list(fields.items()):
        if value in ("", None) and (indicator is not None or key in ("periodicity", "direction")):
            fields.pop(key)  # blank: keep what the indicator has (or the default for a new one)
    if values.get("lead") or ("lead" in values and indicator is None):
        fields["lead_as_written"] = values["lead"]
        fields["lead"] = leads(values["lead"])
    if indicator is None:
        return fields
    return {k: v for k, v in fields.items() if getattr(indicator, k) != v}


def import_registry(actor, sheet: Sheet) -> ImportOutcome:
    from xanh.indicators.importers import REGISTRY

    problems, rows, seen = [], [], {}
    for row in sheet.table.rows:
        values = _read_row(sheet, row, problems)
        if values is None:
            continue
        key = (values["framework"], values["code"])
        if key in seen:
            problems.append(sheet.problem(_("Indicator %(code)s is already on row %(row)d.") % {
                "code": values["code"], "row": seen[key]}, row, "code"))
            continue
        seen[key] = row.line
        rows.append((row, values))
    existing = {(i.framework, i.code): i for i in Indicator.objects.filter(code__in=[k[1] for k in seen])}
    leads = LeadResolver()
    plans = []
    for row, values in rows:
        indicator = existing.get((values["framework"], values["code"]))
        changes = _changes(indicator, values, leads)
        probe = Indicator(framework=values["framework"], code=values["code"])
        if indicator is not None:
            probe = Indicator(**{f.attname: getattr(indicator, f.attname) for f in Indicator._meta.concrete_fields})
        for key, value in changes.items():
            setattr(probe, key, value)
        try:
            validate_indicator(probe)
        except ServiceError as exc:
            problems.append(sheet.problem(exc.message, row, exc.field or ""))
            continue
        plans.append((row, values, indicator, changes))
    if problems:
        raise InputError(problems)
    outcome = ImportOutcome(REGISTRY)
    with transaction.atomic():
        for row, values, indicator, changes in plans:
            if "lead" in values and values["lead"] and changes.get("lead", getattr(indicator, "lead", None)) is None:
                outcome.notices.append(sheet.problem(_("“%(lead)s” is not a body of the registry (or has several "
                                                       "successors): kept as written, without a responsible "
                                                       "body.") % {"lead": values["lead"]}, row, "lead"))
            try:
                if indicator is None:
                    outcome.created.append(create_indicator(actor, framework=values["framework"],
                                                            code=values["code"], **changes))
                elif changes:
                    outcome.updated.append(update_indicator(actor, indicator, indicator.version, **changes))
                else:
                    outcome.unchanged.append(indicator)
            except ServiceError as exc:
                raise InputError([sheet.problem(exc.message, row, exc.field or "code")]) from exc
    return outcome
