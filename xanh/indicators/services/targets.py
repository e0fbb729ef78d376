"""Writing targets: where an indicator should be by a year.

How each kind reads its numbers (the assessment relies on this):
- level: `value` (or the range `value`–`value_max`) in the indicator's unit by `year`;
- change: `value` is a percentage change from the value of `baseline_year` (−15 means 15 % below it),
  by `year`; `baseline_value` is optional (otherwise the baseline year's observation is used);
- annual: `value` in the indicator's unit every year from `start_year` to `year`;
- cumulative: `value` in the indicator's unit in total over `start_year`–`year`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from xanh.core import audit
from xanh.core.enums import Confidence
from xanh.core.errors import ServiceError
from xanh.core.services import require_coordinator
from xanh.core.versioning import apply_changes, save_versioned
from xanh.indicators.enums import TargetKind
from xanh.indicators.models import Indicator, Target

TARGET_FIELDS = ["area", "kind", "value", "value_max", "year", "start_year", "baseline_year", "baseline_value",
                 "text", "source", "confidence"]
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _number(target: Target, name: str, required: bool = False) -> None:
    value = getattr(target, name)
    if value is None or value == "":
        if required:
            raise ServiceError(_("The target needs a value."), field=name)
        setattr(target, name, None)
        return
    try:
        setattr(target, name, Decimal(str(value)))
    except InvalidOperation as exc:
        raise ServiceError(_("“%(value)s” is not a number.") % {"value": value}, field=name) from exc


def _year(target: Target, name: str, required: bool) -> None:
    value = getattr(target, name)
    if value is None or value == "":
        if required:
            raise ServiceError(_("This kind of target needs the year “%(field)s”.") % {
                "field": Target._meta.get_field(name).verbose_name}, field=name)
        setattr(target, name, None)
        return
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_("“%(value)s” is not a year between %(first)d and %(last)d.") % {
            "value": value, "first": FIRST_YEAR, "last": LAST_YEAR}, field=name)
    setattr(target, name, year)


def validate_target(target: Target) -> None:
    if target.kind not in TargetKind.values:
        raise ServiceError(_("The kind of target is one of %(kinds)s.") % {"kinds": ", ".join(TargetKind.values)},
                           field="kind")
    if target.confidence not in Confidence.values:
        raise ServiceError(_("Unknown confidence “%(value)s”.") % {"value": target.confidence}, field="confidence")
    _number(target, "value", required=True)
    _number(target, "value_max")
    _number(target, "baseline_value")
    _year(target, "year", required=True)
    _year(target, "start_year", required=target.kind in (TargetKind.ANNUAL, TargetKind.CUMULATIVE))
    _year(target, "baseline_year", required=target.kind == TargetKind.CHANGE or target.baseline_value is not None)
    if target.value_max is not None and target.value_max < target.value:
        raise ServiceError(_("The upper value of the range is smaller than the value."), field="value_max")
    if target.start_year is not None and target.start_year > target.year:
        raise ServiceError(_("The target starts after its year."), field="start_year")
    if target.baseline_year is not None and target.baseline_year >= target.year:
        raise ServiceError(_("The baseline year must come before the target year."), field="baseline_year")


@transaction.atomic
def add_target(actor, indicator: Indicator, **fields) -> Target:
    require_coordinator(actor)
    target = Target(indicator=indicator, confidence=Confidence.CONFIRMED)
    apply_changes(target, fields, TARGET_FIELDS)
    validate_target(target)
    target.save()
    audit.record(actor, "target.created", target, after=audit.snapshot(target, ["indicator", *TARGET_FIELDS]))
    return target


@transaction.atomic
def update_target(actor, target: Target, expected_version: int, **changes) -> Target:
    require_coordinator(actor)
    before = audit.snapshot(target, TARGET_FIELDS)
    apply_changes(target, changes, TARGET_FIELDS)
    validate_target(target)
    save_versioned(target, expected_version, list(changes))
    audit.record(actor, "target.updated", target, before=before, after=audit.snapshot(target, TARGET_FIELDS))
    return target


@transaction.atomic
def delete_target(actor, target: Target, expected_version: int) -> None:
    require_coordinator(actor)
    if not Target.objects.filter(pk=target.pk, version=expected_version).exists():
        raise ServiceError(_("Someone else saved this record after you opened it. Reload the page to see "
                             "their changes, then make yours again."))
    audit.record(actor, "target.deleted", target, before=audit.snapshot(target, ["indicator", *TARGET_FIELDS]))
    target.delete()


def _locked_candidate(candidate):
    """The candidate as it is now, locked: two coordinators adopting or rejecting it at once are serialised."""
    from xanh.plans.enums import CandidateStatus
    from xanh.plans.models import TargetCandidate

    current = TargetCandidate.objects.select_for_update().select_related("task").get(pk=candidate.pk)
    if current.status == CandidateStatus.REJECTED:
        raise ServiceError(_("This candidate target was rejected; it cannot become a target."))
    return current


@transaction.atomic
def adopt_target_candidate(actor, candidate, indicator: Indicator, **fields) -> Target:
    """Turn a number the plan importer found in a task into a target: the target is created (its value
    the candidate's unless given), the indicator is linked to the task, and the candidate is confirmed."""
    from xanh.plans.enums import CandidateStatus
    from xanh.plans.services.review import confirm_target_candidate

    require_coordinator(actor)
    candidate = _locked_candidate(candidate)
    fields.setdefault("value", candidate.value)
    fields.setdefault("text", candidate.as_written)
    target = add_target(actor, indicator, **fields)
    if not indicator.tasks.filter(pk=candidate.task_id).exists():
        from xanh.indicators.services.indicators import set_indicator_links

        set_indicator_links(actor, indicator, tasks=[*indicator.tasks.all(), candidate.task])
    if candidate.status != CandidateStatus.CONFIRMED:
        confirm_target_candidate(actor, candidate, CandidateStatus.CONFIRMED)
    return target


@transaction.atomic
def adopt_target_candidate_as_indicator(actor, candidate, indicator_fields: dict,
                                        **fields) -> tuple[Indicator, Target]:
    """Adopt a candidate into a new indicator of the plan's own framework, created in the same transaction:
    if the target is refused, the indicator is not created either."""
    from xanh.indicators.enums import Framework
    from xanh.indicators.services.indicators import create_indicator

    require_coordinator(actor)
    _locked_candidate(candidate)
    indicator = create_indicator(actor, **{"framework": Framework.PLAN, **indicator_fields})
    return indicator, adopt_target_candidate(actor, candidate, indicator, **fields)
