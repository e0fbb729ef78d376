"""The registry template: one indicator per row, created or updated by framework (tt10 by default) and code.

Only the columns present in the file change an existing indicator; a blank optional cell leaves its
field as it is. The lead agency is kept as written and resolved to a body of the registry (carried
through successions) when the name matches one exactly; otherwise a notice says so. Themes and tasks are
codes and references of the plan in force (an unknown one is refused where it stands); a new indicator
is published unless the "Công bố" cell says "không".
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core.errors import InputError, ServiceError
from xanh.indicators.enums import Framework
from xanh.indicators.importers import ImportOutcome, Sheet
from xanh.indicators.importers.cells import (
    YES_NO,
    CellError,
    read_direction,
    read_objective,
    read_periodicity,
    read_roadmap,
    read_text,
)
from xanh.indicators.models import Indicator
from xanh.indicators.services import (
    LeadResolver,
    create_indicator,
    link_by_refs,
    resolve_refs,
    update_indicator,
    validate_indicator,
)

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
        "is_public": lambda raw: YES_NO.read(raw, ""),
        "themes": read_text, "tasks": read_text,
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
    fields = {k: v for k, v in values.items() if k not in ("lead", "framework", "code", "themes", "tasks")}
    for key, value in list(fields.items()):
        if value in ("", None) and (indicator is not None or key in ("periodicity", "direction", "is_public")):
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
    plan = _plan_for_links(sheet, rows, problems)
    plans = []
    for row, values in rows:
        links = _links(values)
        if plan is not None and any(v is not None for v in links):
            try:
                resolve_refs(plan, *links)
            except ServiceError as exc:
                problems.append(sheet.problem(exc.message, row, exc.field))
                continue
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
                links = _links(values)
                if plan is not None and any(v is not None for v in links):
                    target = indicator or outcome.created[-1]
                    before = _link_ids(target)
                    link_by_refs(actor, target, plan, *links)
                    if indicator is not None and not changes and _link_ids(target) != before:
                        outcome.unchanged.remove(indicator)   # only its links changed: still an update
                        outcome.updated.append(indicator)
            except ServiceError as exc:
                raise InputError([sheet.problem(exc.message, row, exc.field or "code")]) from exc
    return outcome


def _link_ids(indicator: Indicator) -> tuple[set, set]:
    return set(indicator.themes.values_list("pk", flat=True)), set(indicator.tasks.values_list("pk", flat=True))


def _links(values: dict) -> tuple[str | None, str | None]:
    """The themes and tasks cells of a row: None when absent or blank (the links stay as they are)."""
    return values.get("themes") or None, values.get("tasks") or None


def _plan_for_links(sheet: Sheet, rows, problems: list):
    """The plan in force, when some row links themes or tasks (a problem on the first such row if none)."""
    linking = [row for row, values in rows if any(v is not None for v in _links(values))]
    if not linking:
        return None
    from xanh.indicators.assess_cli import followed_plan

    plan = followed_plan()
    if plan is None:
        problems.append(sheet.problem(_("There is no plan to link themes and tasks to: import the plan first."),
                                      linking[0], "tasks"))
    return plan
