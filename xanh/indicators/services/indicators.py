"""Writing the indicator registry: indicators, their links to the plan, and who leads them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.enums import Confidence
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.versioning import apply_changes, save_versioned
from xanh.indicators.enums import Direction, Framework, Periodicity
from xanh.indicators.models import Indicator
from xanh.organizations.models import Organization

INDICATOR_FIELDS = ["framework", "code", "national_code", "name", "name_en", "unit", "direction", "periodicity",
                    "objective", "roadmap", "lead_as_written", "lead", "disaggregation", "minimum", "maximum",
                    "max_jump", "source", "confidence", "is_public"]
ROADMAP_GROUPS = ("", "A", "B")


def _choice(value, choices, field: str, label: str) -> None:
    if value not in choices.values:
        raise ServiceError(_("%(field)s: “%(value)s” is not one of %(allowed)s.") % {
            "field": label, "value": value, "allowed": ", ".join(choices.values)}, field=field)


def _decimal(instance, name: str) -> None:
    value = getattr(instance, name)
    if value is None or value == "":
        setattr(instance, name, None)
        return
    try:
        setattr(instance, name, Decimal(str(value)))
    except InvalidOperation as exc:
        raise ServiceError(_("“%(value)s” is not a number.") % {"value": value}, field=name) from exc


def validate_indicator(indicator: Indicator) -> None:
    """Everything a registry entry must satisfy, with a message naming the field."""
    for name in ("code", "name", "unit"):
        if not str(getattr(indicator, name) or "").strip():
            raise ServiceError(_("The indicator needs a %(field)s.") % {
                "field": Indicator._meta.get_field(name).verbose_name}, field=name)
    if len(indicator.code) > 30 or len(indicator.unit) > 40 or len(indicator.national_code or "") > 30:
        raise ServiceError(_("The code (30 characters), national code (30) or unit (40) is too long."), field="code")
    _choice(indicator.framework, Framework, "framework", _("framework"))
    _choice(indicator.direction, Direction, "direction", _("direction"))
    _choice(indicator.periodicity, Periodicity, "periodicity", _("periodicity"))
    if indicator.objective is not None and indicator.objective not in (1, 2, 3, 4):
        raise ServiceError(_("The objective is one of the four objectives of Decision 1658: 1, 2, 3 or 4."),
                           field="objective")
    if indicator.roadmap not in ROADMAP_GROUPS:
        raise ServiceError(_("The roadmap group is A or B (or empty)."), field="roadmap")
    _choice(indicator.confidence, Confidence, "confidence", _("confidence"))
    for name in ("minimum", "maximum", "max_jump"):
        _decimal(indicator, name)
    if indicator.minimum is not None and indicator.maximum is not None and indicator.minimum > indicator.maximum:
        raise ServiceError(_("The smallest plausible value is larger than the largest."), field="minimum")
    if indicator.max_jump is not None and indicator.max_jump <= 0:
        raise ServiceError(_("The largest plausible change must be more than 0 %."), field="max_jump")


def _unique(indicator: Indicator) -> None:
    clash = Indicator.objects.filter(framework=indicator.framework, code=indicator.code).exclude(pk=indicator.pk)
    if clash.exists():
        raise ServiceError(_("There is already an indicator %(code)s in this framework.") % {"code": indicator.code},
                           field="code")


@transaction.atomic
def create_indicator(actor, **fields) -> Indicator:
    require_coordinator(actor)
    unknown = sorted(set(fields) - set(INDICATOR_FIELDS))
    if unknown:
        raise ServiceError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(unknown)})
    indicator = Indicator()
    apply_changes(indicator, fields, INDICATOR_FIELDS)
    validate_indicator(indicator)
    _unique(indicator)
    indicator.save()
    audit.record(actor, "indicator.created", indicator, after=audit.snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def update_indicator(actor, indicator: Indicator, expected_version: int, **changes) -> Indicator:
    require_coordinator(actor)
    before = audit.snapshot(indicator, INDICATOR_FIELDS)
    apply_changes(indicator, changes, INDICATOR_FIELDS)
    validate_indicator(indicator)
    _unique(indicator)
    save_versioned(indicator, expected_version, list(changes))
    audit.record(actor, "indicator.updated", indicator, before=before,
                 after=audit.snapshot(indicator, INDICATOR_FIELDS))
    return indicator


@transaction.atomic
def set_indicator_links(actor, indicator: Indicator, *, themes=None, tasks=None) -> Indicator:
    """Replace the plan themes and/or tasks the indicator measures (None leaves that list as it is)."""
    require_coordinator(actor)
    before = {"themes": sorted(indicator.themes.values_list("pk", flat=True)),
              "tasks": sorted(indicator.tasks.values_list("pk", flat=True))}
    if themes is not None:
        indicator.themes.set(themes)
    if tasks is not None:
        indicator.tasks.set(tasks)
    after = {"themes": sorted(indicator.themes.values_list("pk", flat=True)),
             "tasks": sorted(indicator.tasks.values_list("pk", flat=True))}
    if after != before:
        audit.record(actor, "indicator.links", indicator, before=before, after=after)
    return indicator


def _refs(text: str) -> list[str]:
    return [ref for ref in re.split(r"[\s,;]+", text or "") if ref]


def resolve_refs(plan, themes: str | None, tasks: str | None) -> tuple[list | None, list | None]:
    """The themes (codes: "II", "VIII.5") and tasks (references: "VIII.5.3") of `plan` written as text, separated
    by commas, semicolons or spaces; None for a list not given. A code or reference the plan does not hold is
    refused, naming it (field "themes" or "tasks")."""
    found = []
    for field, text, rows, key in (("themes", themes, plan.themes, "code"), ("tasks", tasks, plan.tasks, "ref")):
        if text is None:
            found.append(None)
            continue
        refs = _refs(text)
        held = {getattr(row, key): row for row in rows.filter(removed_in__isnull=True, **{f"{key}__in": refs})}
        unknown = [ref for ref in refs if ref not in held]
        if unknown and field == "themes":
            raise ServiceError(_("The plan %(plan)s has no theme with the code %(refs)s.") % {
                "plan": plan, "refs": ", ".join(unknown)}, field=field)
        if unknown:
            raise ServiceError(_("The plan %(plan)s has no task %(refs)s.") % {
                "plan": plan, "refs": ", ".join(unknown)}, field=field)
        found.append([held[ref] for ref in dict.fromkeys(refs)])
    return found[0], found[1]


@transaction.atomic
def link_by_refs(actor, indicator: Indicator, plan, themes: str | None, tasks: str | None) -> Indicator:
    """Link the indicator to the themes and tasks of `plan` given as text (resolve_refs; None leaves that list
    as it is); links to other plans' themes and tasks stay. Nothing changes when a reference is unknown."""
    require_coordinator(actor)
    found_themes, found_tasks = resolve_refs(plan, themes, tasks)
    return set_indicator_links(
        actor, indicator,
        themes=None if found_themes is None else [
            *(t for t in indicator.themes.all() if t.plan_id != plan.pk), *found_themes],
        tasks=None if found_tasks is None else [
            *(t for t in indicator.tasks.all() if t.plan_id != plan.pk), *found_tasks])


# ---------------------------------------------------------------- the responsible body


class LeadResolver:
    """Find the body that leads an indicator today from the agency's name as written.

    Only exact or normalised matches count (a fuzzy guess would put the wrong ministry on a national
    indicator); the body found is then carried forward through successions, so "Bộ Tài nguyên và Môi
    trường" (2023) leads as "Bộ Nông nghiệp và Môi trường" after 03/2025. None when unsure."""

    def __init__(self, on: date | None = None):
        from xanh.core import clock
        from xanh.organizations.registry import Registry
        from xanh.organizations.resolver import NameResolver

        self.on = on or timezone.localdate(clock.now())
        self.names = NameResolver.for_province(None)
        self.registry = Registry.load()

    def __call__(self, as_written: str) -> Organization | None:
        text = (as_written or "").strip()
        if not text:
            return None
        org = Organization.objects.filter(code=text).first()
        if org is None:
            match = self.names.resolve_one(text)
            if match.organization is None or match.confidence < 0.95:
                return None
            org = match.organization
        carriers = self.registry.carriers(self.registry.organizations.get(org.pk, org), self.on)
        if len(carriers) != 1 or any(s.scope for s in carriers[0].path):
            return None  # gone without a successor, or split between several: the coordinator decides
        return carriers[0].organization
